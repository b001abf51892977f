//! Shared types, fields, and resolving type expressions into Rust types.

use super::*;

impl Context {
    pub(super) fn type_table(&mut self, files: &[Loaded<TypeFile>]) -> TypeTable {
        let mut table = TypeTable::default();
        for file in files {
            let at = At { file: &file.file };
            let spec = &file.value;
            self.schema_ref(at, &spec.schema, TYPE_SCHEMA_REF);
            self.file_stem_matches(at, &spec.name, "type");
            table.files.insert(spec.name.clone(), file.file.clone());
        }
        // Names first, so fields can refer to any type regardless of file order.
        let idents: BTreeMap<String, (TypeKind, String)> = files
            .iter()
            .filter_map(|file| {
                let at = At { file: &file.file };
                let ident = self.type_ident(at, "$.name", &file.value.name)?;
                Some((file.value.name.clone(), (file.value.kind, ident)))
            })
            .collect();
        for file in files {
            let at = At { file: &file.file };
            let spec = &file.value;
            let Some((_, ident)) = idents.get(&spec.name) else {
                continue;
            };
            self.description(at, "$.description", &spec.description);
            match spec.kind {
                TypeKind::Id => {
                    if !spec.fields.is_empty() {
                        self.report(at.error(
                            "$.fields",
                            "an `id` type has no fields",
                            "remove \"fields\", or make the kind \"object\"",
                        ));
                    }
                    table.ids.insert(
                        spec.name.clone(),
                        model::IdType {
                            wire_name: spec.name.clone(),
                            ident: ident.clone(),
                            description: spec.description.clone(),
                            prefixes: spec.prefixes.clone(),
                        },
                    );
                }
                TypeKind::Object => {
                    if !spec.prefixes.is_empty() {
                        self.report(at.error(
                            "$.prefixes",
                            "an `object` type has no ID prefixes",
                            "remove \"prefixes\", or make the kind \"id\"",
                        ));
                    }
                    let fields = self.fields(at, "$.fields", &spec.fields, &idents);
                    table.objects.insert(
                        spec.name.clone(),
                        model::ObjectType {
                            wire_name: spec.name.clone(),
                            ident: ident.clone(),
                            description: spec.description.clone(),
                            fields,
                        },
                    );
                }
            }
        }
        self.recursive_types(&table);
        table
    }

    /// A struct that holds itself other than through a `Vec` has infinite size; refuse it here
    /// rather than emit code that does not compile.
    fn recursive_types(&mut self, table: &TypeTable) {
        let by_ident: BTreeMap<&str, &model::ObjectType> = table
            .objects
            .values()
            .map(|object| (object.ident.as_str(), object))
            .collect();
        for object in table.objects.values() {
            for (index, field) in object.fields.iter().enumerate() {
                let Some(target) = held_inline(&field.ty) else {
                    continue;
                };
                if reaches(target, &object.ident, &by_ident, &mut BTreeSet::new()) {
                    let file = table
                        .files
                        .get(&object.wire_name)
                        .cloned()
                        .unwrap_or_default();
                    self.report(Diagnostic::new(
                        file,
                        format!("$.fields[{index}]"),
                        format!(
                            "`{}` contains itself through `{}`, which would make it infinitely large",
                            object.wire_name, field.wire_name
                        ),
                        "hold the inner value in an array, or report it so the generator learns to box it",
                    ));
                }
            }
        }
    }

    pub(super) fn fields(
        &mut self,
        at: At<'_>,
        list_path: &str,
        specs: &[FieldSpec],
        kinds: &BTreeMap<String, (TypeKind, String)>,
    ) -> Vec<Field> {
        let mut seen = Seen::default();
        let mut fields = Vec::new();
        for (index, spec) in specs.iter().enumerate() {
            let path = format!("{list_path}[{index}]");
            self.description(at, &format!("{path}.description"), &spec.description);
            self.unique_wire(at, &mut seen, &path, &spec.name, "field");
            let ident = self.value_ident(at, &format!("{path}.name"), &spec.name);
            let ty = self.rust_type(at, &format!("{path}.type"), &spec.ty, kinds);
            let (Some(ident), Some(ty)) = (ident, ty) else {
                continue;
            };
            self.unique_ident(at, &mut seen, &path, &spec.name, &ident);
            fields.push(Field {
                wire_name: spec.name.clone(),
                ident,
                ty,
                presence: Presence::from_required(spec.required),
                description: spec.description.clone(),
            });
        }
        fields
    }

    fn rust_type(
        &mut self,
        at: At<'_>,
        path: &str,
        ty: &TypeSpec,
        kinds: &BTreeMap<String, (TypeKind, String)>,
    ) -> Option<RustType> {
        Some(match ty {
            TypeSpec::String => RustType::Scalar(Scalar::String),
            TypeSpec::Boolean => RustType::Scalar(Scalar::Bool),
            TypeSpec::Integer => RustType::Scalar(Scalar::I64),
            TypeSpec::Float => RustType::Scalar(Scalar::F64),
            TypeSpec::Json => RustType::Scalar(Scalar::Json),
            TypeSpec::Array(item) => RustType::Vec(Box::new(self.rust_type(
                at,
                &format!("{path}.array"),
                item,
                kinds,
            )?)),
            TypeSpec::Nullable(inner) => RustType::Nullable(Box::new(self.rust_type(
                at,
                &format!("{path}.nullable"),
                inner,
                kinds,
            )?)),
            TypeSpec::Ref(name) => match self.resolve(at, &format!("{path}.ref"), name, kinds)? {
                (TypeKind::Id, ident) => RustType::Scalar(Scalar::Id(ident)),
                (TypeKind::Object, ident) => RustType::Object(ident),
            },
        })
    }

    pub(super) fn resolve(
        &mut self,
        at: At<'_>,
        path: &str,
        name: &str,
        kinds: &BTreeMap<String, (TypeKind, String)>,
    ) -> Option<(TypeKind, String)> {
        let found = kinds.get(name).cloned();
        if found.is_none() {
            let known: Vec<&str> = kinds.keys().map(String::as_str).collect();
            self.report(at.error(
                path,
                format!(
                    "unknown type `{name}`; expected one of: {}",
                    known.join(", ")
                ),
                "define it in spec/types/<name>.json or fix the reference",
            ));
        }
        found
    }
}

/// The object a field holds inline (directly or as an `Option`), not behind a `Vec`.
fn held_inline(ty: &RustType) -> Option<&str> {
    match ty {
        RustType::Object(ident) => Some(ident),
        RustType::Nullable(inner) => held_inline(inner),
        _ => None,
    }
}

/// Whether `from` holds `target` inline, directly or through other objects.
fn reaches<'a>(
    from: &'a str,
    target: &str,
    objects: &BTreeMap<&str, &'a model::ObjectType>,
    seen: &mut BTreeSet<&'a str>,
) -> bool {
    if from == target {
        return true;
    }
    if !seen.insert(from) {
        return false;
    }
    objects.get(from).is_some_and(|object| {
        object
            .fields
            .iter()
            .filter_map(|field| held_inline(&field.ty))
            .any(|next| reaches(next, target, objects, seen))
    })
}
