//! Error and warning tables, and the shared table their descriptions may come from.

use super::*;

impl Context {
    pub(super) fn shared_codes(&mut self, file: Option<&Loaded<SharedCodes>>) -> SharedTable {
        let mut table = SharedTable::default();
        let Some(file) = file else {
            return table;
        };
        let at = At { file: &file.file };
        self.schema_ref(at, &file.value.schema, CODES_SCHEMA_REF);
        for (list, entries) in [
            ("errors", &file.value.errors),
            ("warnings", &file.value.warnings),
        ] {
            for (index, entry) in entries.iter().enumerate() {
                let path = format!("$.{list}[{index}]");
                let Some(description) = &entry.description else {
                    self.report(at.error(
                        path,
                        format!("shared code `{}` has no description", entry.code),
                        "add a \"description\" in our own words",
                    ));
                    continue;
                };
                self.description(at, &format!("{path}.description"), description);
                let Some(variant) = self.type_ident(at, &format!("{path}.code"), &entry.code)
                else {
                    continue;
                };
                let code = SharedCode {
                    description: description.clone(),
                    retryable: entry.retryable.unwrap_or(false),
                    variant,
                };
                if list == "warnings" && table.errors.contains_key(&entry.code) {
                    self.report(at.error(
                        format!("{path}.code"),
                        format!(
                            "code `{}` is listed as an error and as a warning",
                            entry.code
                        ),
                        "keep it in one list; the generated common code enums name each code once",
                    ));
                    continue;
                }
                let target = if list == "errors" {
                    &mut table.errors
                } else {
                    &mut table.warnings
                };
                if target.insert(entry.code.clone(), code).is_some() {
                    self.report(at.error(
                        format!("{path}.code"),
                        format!("code `{}` is listed twice", entry.code),
                        "keep one entry per code",
                    ));
                }
            }
        }
        self.family_codes(at, &file.value.families, &mut table);
        table
    }

    /// The families' tables: each code described, not also a code of every method, once.
    fn family_codes(&mut self, at: At<'_>, families: &[FamilyCodes], table: &mut SharedTable) {
        for (family_index, family) in families.iter().enumerate() {
            let base = format!("$.families[{family_index}]");
            let valid_prefix =
                !family.prefix.is_empty() && family.prefix.split('.').all(|part| !part.is_empty());
            if !valid_prefix {
                self.report(at.error(
                    format!("{base}.prefix"),
                    format!("`{}` is not a method name prefix", family.prefix),
                    "give the family's common prefix without a trailing dot (`admin.conversations`)",
                ));
                continue;
            }
            let mut own = FamilyTable::default();
            for (list, entries) in [("errors", &family.errors), ("warnings", &family.warnings)] {
                for (index, entry) in entries.iter().enumerate() {
                    let path = format!("{base}.{list}[{index}]");
                    let Some(description) = &entry.description else {
                        self.report(at.error(
                            path,
                            format!("family code `{}` has no description", entry.code),
                            "add a \"description\" in our own words",
                        ));
                        continue;
                    };
                    self.description(at, &format!("{path}.description"), description);
                    let common = table.errors.contains_key(&entry.code)
                        || table.warnings.contains_key(&entry.code);
                    if common {
                        self.report(at.error(
                            format!("{path}.code"),
                            format!("`{}` is already a code of every method", entry.code),
                            "describe it once: remove it from the family",
                        ));
                        continue;
                    }
                    let target = if list == "errors" {
                        &mut own.errors
                    } else {
                        &mut own.warnings
                    };
                    let row = (description.clone(), entry.retryable.unwrap_or(false));
                    if target.insert(entry.code.clone(), row).is_some() {
                        self.report(at.error(
                            format!("{path}.code"),
                            format!("code `{}` is listed twice in the family", entry.code),
                            "keep one entry per code",
                        ));
                    }
                }
            }
            if table.families.insert(family.prefix.clone(), own).is_some() {
                self.report(at.error(
                    format!("{base}.prefix"),
                    format!("the family `{}` is listed twice", family.prefix),
                    "merge its codes into one entry",
                ));
            }
        }
    }

    pub(super) fn codes(
        &mut self,
        at: At<'_>,
        list: &str,
        specs: &[CodeSpec],
        shared: &BTreeMap<String, SharedCode>,
        family: Option<&BTreeMap<String, (String, bool)>>,
    ) -> Vec<Code> {
        let mut seen = Seen::default();
        let mut codes = Vec::new();
        for (index, spec) in specs.iter().enumerate() {
            let path = format!("$.{list}[{index}]");
            self.unique_wire(at, &mut seen, &path, &spec.code, "code");
            let Some(variant) = self.type_ident(at, &format!("{path}.code"), &spec.code) else {
                continue;
            };
            if variant == naming::UNKNOWN_VARIANT || variant == naming::COMMON_VARIANT {
                self.report(at.error(
                    format!("{path}.code"),
                    format!(
                        "code `{}` would take the name of the `{variant}` variant",
                        spec.code
                    ),
                    "this code needs a naming rule in codegen/src/naming.rs; report it",
                ));
                continue;
            }
            self.unique_ident(at, &mut seen, &path, &spec.code, &variant);
            let shared = shared.get(&spec.code);
            // The method takes the shared row as it is unless it says otherwise.
            let shared_row = shared
                .filter(|code| {
                    spec.description.is_none()
                        && spec.retryable.is_none_or(|own| own == code.retryable)
                })
                .map(|code| code.variant.clone());
            let family_row = family.and_then(|family| family.get(&spec.code));
            let (description, retryable) = match (&spec.description, shared, family_row) {
                (Some(own), _, _) => {
                    self.description(at, &format!("{path}.description"), own);
                    (own.clone(), None)
                }
                (None, Some(shared), _) => (shared.description.clone(), Some(shared.retryable)),
                (None, None, Some((description, retryable))) => {
                    (description.clone(), Some(*retryable))
                }
                (None, None, None) => {
                    self.report(at.error(
                        path,
                        format!(
                            "code `{}` has no description and is not in spec/shared/codes.json \
                             (neither common to every method nor to the method's family)",
                            spec.code
                        ),
                        "add a \"description\" here, or add the code to spec/shared/codes.json",
                    ));
                    continue;
                }
            };
            codes.push(Code {
                wire_name: spec.code.clone(),
                variant,
                description,
                retryable: spec.retryable.or(retryable).unwrap_or(false),
                shared: shared_row,
            });
        }
        codes
    }
}
