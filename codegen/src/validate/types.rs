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
                    let one_of = self.id_union(at, spec, &idents, files);
                    table.ids.insert(
                        spec.name.clone(),
                        model::IdType {
                            wire_name: spec.name.clone(),
                            ident: ident.clone(),
                            description: spec.description.clone(),
                            prefixes: spec.prefixes.clone(),
                            one_of,
                        },
                    );
                }
                TypeKind::Enum => {
                    let words = self.words(at, spec);
                    table.words.insert(
                        spec.name.clone(),
                        model::WordEnum {
                            wire_name: spec.name.clone(),
                            ident: ident.clone(),
                            description: spec.description.clone(),
                            words,
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
                    if !spec.one_of.is_empty() {
                        self.report(at.error(
                            "$.one_of",
                            "an `object` type is not a union of ID kinds",
                            "remove \"one_of\", or make the kind \"id\"",
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
                            families: Vec::new(),
                        },
                    );
                }
            }
        }
        self.recursive_types(&table);
        union_members(&mut table);
        table
    }

    /// An enum's words, each with its variant name: at least one, none twice, no two with one
    /// Rust name, none named like the fallback `Other`; nothing of the other kinds.
    fn words(&mut self, at: At<'_>, spec: &TypeFile) -> Vec<(String, String, String)> {
        let other_kinds =
            !spec.fields.is_empty() || !spec.prefixes.is_empty() || !spec.one_of.is_empty();
        if other_kinds {
            self.report(at.error(
                "$",
                "an `enum` type has only words, no fields, prefixes or one_of",
                "remove them, or change the kind",
            ));
        }
        if spec.words.is_empty() {
            self.report(at.error(
                "$.words",
                "an `enum` type needs at least one word",
                "list the words the docs give",
            ));
        }
        let mut seen: BTreeMap<String, String> = BTreeMap::new();
        let mut words = Vec::new();
        for (index, word) in spec.words.iter().enumerate() {
            let path = format!("$.words[{index}]");
            self.description(at, &format!("{path}.description"), &word.description);
            let Some(variant) = self.type_ident(at, &format!("{path}.word"), &word.word) else {
                continue;
            };
            if variant == naming::OTHER_VARIANT {
                self.report(at.error(
                    format!("{path}.word"),
                    format!(
                        "`{}` becomes `Other`, the name of the fallback variant",
                        word.word
                    ),
                    "ask for the fallback to be renamed; the word cannot be an enum variant",
                ));
                continue;
            }
            if let Some(first) = seen.insert(variant.clone(), word.word.clone()) {
                self.report(at.error(
                    format!("{path}.word"),
                    format!("`{first}` and `{}` both become `{variant}`", word.word),
                    "list each word once",
                ));
                continue;
            }
            words.push((variant, word.word.clone(), word.description.clone()));
        }
        words
    }

    /// The wire names of the ID kinds a union ID may hold, each checked to be a plain ID type.
    /// A union takes its members' prefixes, so it names none of its own.
    fn id_union(
        &mut self,
        at: At<'_>,
        spec: &TypeFile,
        idents: &BTreeMap<String, (TypeKind, String)>,
        files: &[Loaded<TypeFile>],
    ) -> Vec<String> {
        if spec.one_of.is_empty() {
            return Vec::new();
        }
        if !spec.prefixes.is_empty() {
            self.report(at.error(
                "$.prefixes",
                "a union of ID kinds takes its members' prefixes",
                "remove \"prefixes\"; put them on the member types",
            ));
        }
        if spec.one_of.len() < 2 {
            self.report(at.error(
                "$.one_of",
                "a union needs at least two ID kinds",
                "name two or more id types, or drop \"one_of\" and refer to the one type",
            ));
        }
        let is_union = |name: &str| {
            files
                .iter()
                .any(|file| file.value.name == name && !file.value.one_of.is_empty())
        };
        let mut members = Vec::new();
        for (index, name) in spec.one_of.iter().enumerate() {
            let path = format!("$.one_of[{index}]");
            match self.resolve(at, &path, name, idents) {
                Some((TypeKind::Id, _)) if !is_union(name) => members.push(name.clone()),
                Some(_) => self.report(at.error(
                    path,
                    format!("`{name}` is not a plain ID type"),
                    "a union holds id types that are not unions themselves",
                )),
                None => {}
            }
        }
        members
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
            self.or_empty_placement(at, &path, &ty, spec.required);
            self.no_file_in_answer(at, &format!("{path}.type"), &ty);
            if ident == model::EXTRA_MEMBERS {
                self.report(at.error(
                    format!("{path}.name"),
                    format!(
                        "the Rust name `{ident}` holds the members no spec names, in every object"
                    ),
                    "this name needs a naming rule in codegen/src/naming.rs; report it",
                ));
            }
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
            TypeSpec::Number => RustType::Number,
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
                (TypeKind::Id | TypeKind::Enum, ident) => RustType::Scalar(Scalar::Id(ident)),
                (TypeKind::Object, ident) => RustType::Object(ident),
            },
            TypeSpec::OrEmpty(inner) => {
                let inner_path = format!("{path}.or_empty");
                match self.rust_type(at, &inner_path, inner, kinds)? {
                    RustType::Scalar(Scalar::Id(ident)) => RustType::OrEmpty(ident),
                    _ => {
                        self.report(at.error(
                            inner_path,
                            "expected an ID type inside \"or_empty\"",
                            "write {\"or_empty\": {\"ref\": \"<id type>\"}}; other values that may be empty stay as they are",
                        ));
                        return None;
                    }
                }
            }
            // Every other type is a single value.
            scalar => RustType::Scalar(Scalar::from_spec(scalar)?),
        })
    }

    /// An ID that may be empty is `None` when empty, so it must be a required field's whole
    /// type: were it optional, absent and empty would both be `None` and could not be written
    /// back as they came.
    fn or_empty_placement(&mut self, at: At<'_>, path: &str, ty: &RustType, required: bool) {
        let nested = match ty {
            RustType::Vec(inner) | RustType::Nullable(inner) => holds_or_empty(inner),
            _ => false,
        };
        if nested {
            self.report(at.error(
                format!("{path}.type"),
                "\"or_empty\" may only be a field's whole type, not inside an array or nullable",
                "type the items as the plain ID; an empty item then stays an empty ID",
            ));
        } else if matches!(ty, RustType::OrEmpty(_)) && !required {
            self.report(at.error(
                format!("{path}.required"),
                "an ID that may be empty must be a required field",
                "set \"required\": true, or drop \"or_empty\" if the member may be absent",
            ));
        }
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
            // With hundreds of types, the nearest names help; the whole list would not.
            let mut known: Vec<(f64, &str)> = kinds
                .keys()
                .map(|known| (strsim::jaro_winkler(name, known), known.as_str()))
                .collect();
            known.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(b.1)));
            let nearest: Vec<&str> = known.iter().take(5).map(|(_, known)| *known).collect();
            self.report(at.error(
                path,
                format!(
                    "unknown type `{name}`; the nearest in spec/types/: {}",
                    nearest.join(", ")
                ),
                "define it in spec/types/<name>.json or fix the reference",
            ));
        }
        found
    }
}

/// Whether `ty` is or holds an ID that may be empty.
fn holds_or_empty(ty: &RustType) -> bool {
    match ty {
        RustType::OrEmpty(_) => true,
        RustType::Vec(inner) | RustType::Nullable(inner) => holds_or_empty(inner),
        _ => false,
    }
}

/// Each union ID's members as Rust names, and its prefixes as theirs, once every ID is lowered.
fn union_members(table: &mut TypeTable) {
    let plain: BTreeMap<String, model::IdType> = table.ids.clone();
    for id in table.ids.values_mut().filter(|id| !id.one_of.is_empty()) {
        let members: Vec<&model::IdType> = id
            .one_of
            .iter()
            .filter_map(|name| plain.get(name))
            .collect();
        id.prefixes = members
            .iter()
            .flat_map(|member| member.prefixes.iter().cloned())
            .collect();
        id.one_of = members.iter().map(|member| member.ident.clone()).collect();
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
