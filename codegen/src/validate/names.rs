//! Names that must be unique across the whole generated crate.

use super::*;

impl Context {
    /// Type names must be unique across shared types and methods, and avoid the prelude's.
    /// The runtime's names need no check: generated items live in `crate::api` and generated
    /// methods on `crate::Api`, which the runtime leaves to them.
    pub(super) fn global_name_clashes(&mut self, types: &TypeTable, methods: &[model::Method]) {
        // Generated code writes these bare; a generated item of the same name would shadow them.
        let mut owners: BTreeMap<String, PathBuf> = PRELUDE_NAMES
            .iter()
            .map(|name| {
                let owner = "the Rust prelude (generated code writes it bare)";
                (name.to_string(), PathBuf::from(owner))
            })
            .collect();
        let shared = types
            .ids
            .values()
            .map(|ty| (&ty.wire_name, &ty.ident))
            .chain(types.objects.values().map(|ty| (&ty.wire_name, &ty.ident)));
        for (wire, ident) in shared {
            let file = types.files.get(wire).cloned().unwrap_or_default();
            self.claim(&mut owners, ident, &file, "$.name");
        }
        let mut modules: BTreeMap<String, String> = BTreeMap::new();
        for method in methods {
            let file =
                PathBuf::from(crate::load::SPEC_DIR).join(format!("{}.json", method.wire_name));
            for ident in [
                &method.request,
                &method.response,
                &method.error,
                &method.warning,
            ] {
                self.claim(&mut owners, ident, &file, "$.name");
            }
            if naming::FIXED_MODULES.contains(&method.snake.as_str()) {
                self.report(Diagnostic::new(
                    &file,
                    "$.name",
                    format!(
                        "the method's Rust name `{}` is a module the generator writes",
                        method.snake
                    ),
                    "this name needs a naming rule in codegen/src/naming.rs; report it",
                ));
            }
            if let Some(other) = modules.insert(method.snake.clone(), method.wire_name.clone()) {
                self.report(Diagnostic::new(
                    &file,
                    "$.name",
                    format!(
                        "`{}` and `{other}` both become the Rust name `{}`",
                        method.wire_name, method.snake
                    ),
                    "method names must differ after conversion to snake_case",
                ));
            }
        }
    }

    fn claim(
        &mut self,
        owners: &mut BTreeMap<String, PathBuf>,
        ident: &str,
        file: &Path,
        path: &str,
    ) {
        match owners.get(ident) {
            Some(owner) => self.report(Diagnostic::new(
                file,
                path,
                format!(
                    "the generated type name `{ident}` is already taken by {}",
                    owner.display()
                ),
                "rename one of them; type names must differ after conversion to UpperCamelCase",
            )),
            None => {
                owners.insert(ident.to_owned(), file.to_path_buf());
            }
        }
    }
}
