//! Checks a loaded `SpecSet` and lowers it into the `Model`, reporting every problem at once.
//!
//! Checking and lowering are one pass on purpose: a check that resolves a reference or a name
//! hands the resolved value straight to the model, so the emitters can trust it without
//! re-deriving anything.

mod arguments;
mod auth;
mod codes;
mod files;
mod limits;
mod names;
mod pagination;
mod prose;
mod types;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::load::{Loaded, SpecSet};
use crate::model::{
    self, Argument, ArgumentType, Code, CodeKind, Field, Model, Presence, RustType, Scalar,
};
use crate::naming::{self, NameError};
use crate::spec::DRAFT_MARKER;
use crate::spec::{
    ArgumentSpec, CodeSpec, FamilyCodes, FieldSpec, MethodSpec, SentAs, SharedCodes, TypeFile,
    TypeKind, TypeSpec,
};

/// The `$schema` each kind of file must name, relative to itself.
pub const METHOD_SCHEMA_REF: &str = "./method.schema.json";
pub const TYPE_SCHEMA_REF: &str = "../type.schema.json";
pub const CODES_SCHEMA_REF: &str = "../codes.schema.json";

/// Names of the Rust prelude (2024 edition). Generated code writes `Option`, `Some`, `String`,
/// `Vec`, `Into`, ... bare, which is only safe because no generated item takes one of these
/// names: a shared type called `option` would otherwise become `Option` and shadow the prelude's.
pub const PRELUDE_NAMES: &[&str] = &[
    "AsMut",
    "AsRef",
    "AsyncFn",
    "AsyncFnMut",
    "AsyncFnOnce",
    "Box",
    "Clone",
    "Copy",
    "Default",
    "DoubleEndedIterator",
    "Drop",
    "Eq",
    "Err",
    "ExactSizeIterator",
    "Extend",
    "Fn",
    "FnMut",
    "FnOnce",
    "From",
    "FromIterator",
    "Future",
    "Into",
    "IntoFuture",
    "IntoIterator",
    "Iterator",
    "None",
    "Ok",
    "Option",
    "Ord",
    "PartialEq",
    "PartialOrd",
    "Result",
    "Send",
    "Sized",
    "Some",
    "String",
    "Sync",
    "ToOwned",
    "ToString",
    "TryFrom",
    "TryInto",
    "Unpin",
    "Vec",
];
/// What a draft's placeholder sources start with; a spec holding one is not curated yet.
const SOURCE_TODO: &str = "TODO:";

/// Validates everything and lowers it; `Err` holds every problem found.
pub fn validate(set: &SpecSet) -> Result<Model, Diagnostics> {
    let mut cx = Context::default();
    let shared = cx.shared_codes(set.shared_codes.as_ref());
    let types = cx.type_table(&set.types);
    let method_names: BTreeSet<&str> = set
        .methods
        .iter()
        .map(|file| file.value.name.as_str())
        .collect();
    let mut methods: Vec<model::Method> = set
        .methods
        .iter()
        .filter_map(|file| cx.method(file, &types, &shared, &method_names))
        .collect();
    methods.sort_by(|a, b| a.wire_name.cmp(&b.wire_name));
    cx.global_name_clashes(&types, &methods);
    let mut types = types;
    object_families(&mut types.objects, &methods);
    let model = Model {
        ids: types.ids.into_values().collect(),
        objects: types.objects.into_values().collect(),
        words: types.words.into_values().collect(),
        methods,
        shared_codes: shared.into_model(),
    };
    cx.diagnostics.into_result(model)
}

/// Which API families reach each object type through their methods' answers (directly or
/// through other objects), so a client built with a few families compiles only their types.
fn object_families(objects: &mut BTreeMap<String, model::ObjectType>, methods: &[model::Method]) {
    let by_ident: BTreeMap<String, String> = objects
        .values()
        .map(|object| (object.ident.clone(), object.wire_name.clone()))
        .collect();
    let mut reached: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for method in methods {
        let mut pending: Vec<&model::RustType> = method
            .response_fields
            .iter()
            .map(|field| &field.ty)
            .collect();
        let mut seen: BTreeSet<&str> = BTreeSet::new();
        while let Some(ty) = pending.pop() {
            match ty {
                model::RustType::Vec(inner) | model::RustType::Nullable(inner) => {
                    pending.push(inner);
                }
                model::RustType::Object(ident) => {
                    let Some(wire) = by_ident.get(ident) else {
                        continue;
                    };
                    if !seen.insert(wire) {
                        continue;
                    }
                    reached
                        .entry(wire.clone())
                        .or_default()
                        .insert(method.family.clone());
                    if let Some(object) = objects.get(wire) {
                        pending.extend(object.fields.iter().map(|field| &field.ty));
                    }
                }
                _ => {}
            }
        }
    }
    for (wire, families) in reached {
        if let Some(object) = objects.get_mut(&wire) {
            object.families = families.into_iter().collect();
        }
    }
}

/// Shared types by wire name, already lowered.
#[derive(Default)]
struct TypeTable {
    ids: BTreeMap<String, model::IdType>,
    objects: BTreeMap<String, model::ObjectType>,
    words: BTreeMap<String, model::WordEnum>,
    /// Where each type was defined, for clash messages.
    files: BTreeMap<String, PathBuf>,
}

/// A shared code description, and its variant in the common code enum.
struct SharedCode {
    description: String,
    retryable: bool,
    variant: String,
}

#[derive(Default)]
struct SharedTable {
    errors: BTreeMap<String, SharedCode>,
    warnings: BTreeMap<String, SharedCode>,
    /// By family prefix: its errors and warnings (descriptions and retryability only: a family
    /// code is a variant of each method's own enum).
    families: BTreeMap<String, FamilyTable>,
}

/// The codes one family of methods shares.
#[derive(Default)]
struct FamilyTable {
    errors: BTreeMap<String, (String, bool)>,
    warnings: BTreeMap<String, (String, bool)>,
}

impl SharedTable {
    /// The table of the family `method` belongs to: the longest prefix that is its name up to
    /// a dot.
    fn family_of(&self, method: &str) -> Option<&FamilyTable> {
        self.families
            .iter()
            .filter(|(prefix, _)| crate::spec::in_family(prefix, method))
            .max_by_key(|(prefix, _)| prefix.len())
            .map(|(_, table)| table)
    }
}

impl SharedTable {
    /// Errors and warnings in one list by wire name (validation keeps their codes apart).
    fn into_model(self) -> Vec<model::SharedCode> {
        let kinds = self
            .errors
            .into_iter()
            .map(|code| (CodeKind::Error, code))
            .chain(
                self.warnings
                    .into_iter()
                    .map(|code| (CodeKind::Warning, code)),
            );
        let mut codes: Vec<model::SharedCode> = kinds
            .map(|(kind, (wire_name, code))| model::SharedCode {
                wire_name,
                variant: code.variant,
                kind,
                description: code.description,
                retryable: code.retryable,
            })
            .collect();
        codes.sort_by(|a, b| a.wire_name.cmp(&b.wire_name));
        codes
    }
}

#[derive(Default)]
struct Context {
    diagnostics: Diagnostics,
}

/// Where in a file a check is looking.
#[derive(Clone, Copy)]
struct At<'a> {
    file: &'a Path,
}

impl At<'_> {
    fn error(&self, path: impl Into<String>, message: impl Into<String>, help: &str) -> Diagnostic {
        Diagnostic::new(self.file, path, message, help)
    }
}

impl Context {
    fn report(&mut self, diagnostic: Diagnostic) {
        self.diagnostics.push(diagnostic);
    }

    fn method(
        &mut self,
        file: &Loaded<MethodSpec>,
        types: &TypeTable,
        shared: &SharedTable,
        method_names: &BTreeSet<&str>,
    ) -> Option<model::Method> {
        let at = At { file: &file.file };
        let spec = &file.value;
        self.schema_ref(at, &spec.schema, METHOD_SCHEMA_REF);
        self.file_stem_matches(at, &spec.name, "method");
        self.description(at, "$.description", &spec.description);
        self.description(at, "$.response.description", &spec.response.description);
        self.method_facts(at, spec);
        let kinds = type_kinds(types);
        let (token, arguments) = self.arguments(at, &spec.arguments, &kinds);
        let response_fields = self.fields(at, "$.response.fields", &spec.response.fields, &kinds);
        let family = shared.family_of(&spec.name);
        let errors = self.codes(
            at,
            "errors",
            &spec.errors,
            &shared.errors,
            family.map(|family| &family.errors),
        );
        let warnings = self.codes(
            at,
            "warnings",
            &spec.warnings,
            &shared.warnings,
            family.map(|family| &family.warnings),
        );
        let pagination = self.pagination(at, spec, &arguments, &response_fields, types);
        let special_limit = self.special_limit(at, spec, &arguments);
        let unlisted_app_limit = self.unlisted_app_limit(at, spec);
        let deprecated = self.deprecation(at, spec, method_names);
        self.auth(at, spec, token, &arguments);
        self.files(at, spec, &arguments);
        let names = self.named(at, "$.name", &spec.name, naming::method_names(&spec.name))?;
        Some(model::Method {
            wire_name: spec.name.clone(),
            snake: names.module,
            request: names.request,
            response: names.response,
            error: names.error,
            warning: names.warning,
            family: names.family,
            description: spec.description.clone(),
            doc_url: spec.doc_url.clone(),
            url: spec.url.clone(),
            http_method: spec.http_method,
            content_types: spec.content_types.clone(),
            rate_limit: spec.rate_limit.clone(),
            special_limit,
            unlisted_app_limit,
            token,
            token_types: spec.token_types.clone(),
            auth: spec.auth,
            scopes: spec
                .scopes
                .by_token()
                .into_iter()
                .map(|(token, scopes)| (token, scopes.to_vec()))
                .collect(),
            deprecated,
            pagination,
            plans: spec.plans.clone(),
            arguments,
            response_description: spec.response.description.clone(),
            response_fields,
            errors,
            warnings,
            idempotency: spec.idempotency.kind,
        })
    }

    /// URL, content types, tier, scopes: facts with a fixed shape.
    fn method_facts(&mut self, at: At<'_>, spec: &MethodSpec) {
        let expected_url = format!("https://slack.com/api/{}", spec.name);
        if spec.url != expected_url {
            self.report(at.error(
                "$.url",
                format!("expected `{expected_url}`, found `{}`", spec.url),
                "the client builds the URL from the base URL and the method name; they must agree",
            ));
        }
        if !spec.doc_url.starts_with("https://") {
            self.report(at.error(
                "$.doc_url",
                format!("expected an https URL, found `{}`", spec.doc_url),
                "link the method's doc page",
            ));
        }
        if spec.content_types.is_empty() {
            self.report(at.error(
                "$.content_types",
                "expected at least one content type",
                "list the content types the page accepts",
            ));
        }
        duplicates(&spec.content_types, |index, value| {
            self.report(at.error(
                format!("$.content_types[{index}]"),
                format!("{value:?} is listed twice"),
                "list each content type once",
            ));
        });
        if let crate::spec::RateLimit::Tier(tier) = spec.rate_limit
            && !(1..=4).contains(&tier)
        {
            self.report(at.error(
                "$.rate_limit.tier",
                format!("expected a tier from 1 to 4, found {tier}"),
                "use \"special\" or \"unpublished\" for other limits",
            ));
        }
        for (token, scopes) in spec.scopes.by_token() {
            let key = token_key(token);
            duplicates(scopes, |index, value| {
                self.report(at.error(
                    format!("$.scopes.{key}[{index}]"),
                    format!("scope `{value}` is listed twice"),
                    "list each scope once",
                ));
            });
            if !spec.token_types.is_empty() && !spec.token_types.contains(&token) {
                self.report(at.error(
                    format!("$.scopes.{key}"),
                    format!("scopes for {key} tokens, but `token_types` does not list `{key}`"),
                    "add the token type to `token_types`, or move the scopes to a token type \
                     that may call the method",
                ));
            }
        }
        let source = &spec.idempotency.source;
        if source.trim().is_empty() || source.contains(SOURCE_TODO) {
            self.report(at.error(
                "$.idempotency.source",
                "expected the evidence for `kind`",
                "say what on the page (or which other source) shows whether a repeated call is \
                 harmless; when in doubt, use `not_idempotent`, which the client never repeats \
                 after a call may have reached Slack",
            ));
        }
    }

    fn schema_ref(&mut self, at: At<'_>, found: &str, expected: &str) {
        if found != expected {
            self.report(at.error(
                "$.$schema",
                format!("expected \"{expected}\", found \"{found}\""),
                "point \"$schema\" at the schema so editors validate the file",
            ));
        }
    }

    fn file_stem_matches(&mut self, at: At<'_>, name: &str, what: &str) {
        let stem = at
            .file
            .file_name()
            .and_then(|name| name.to_str())
            .and_then(|name| name.strip_suffix(".json"))
            .unwrap_or_default();
        if stem != name {
            self.report(at.error(
                "$.name",
                format!("the {what} is named `{name}` but its file is `{stem}.json`"),
                "name the file after the name inside it",
            ));
        }
    }

    fn description(&mut self, at: At<'_>, path: &str, text: &str) {
        if text.trim().is_empty() || text.contains(DRAFT_MARKER) {
            self.report(at.error(
                path,
                "expected a description in our own words",
                "write a short description; drafts from `cargo xtask spec-import` leave this to the curator",
            ));
        } else if let Some((problem, help)) = prose::rustdoc_problem(text) {
            let message = format!("expected plain prose for rustdoc, found {problem}");
            self.report(at.error(path, message, help));
        }
    }

    /// A deprecation's words, and its replacement: a method that has a spec, or a helper of the
    /// client (`Client::upload`, for steps the client runs together).
    fn deprecation(
        &mut self,
        at: At<'_>,
        spec: &MethodSpec,
        method_names: &BTreeSet<&str>,
    ) -> Option<model::Deprecation> {
        let deprecated = spec.deprecated.as_ref()?;
        self.description(at, "$.deprecated.description", &deprecated.description);
        let replacement = match deprecated.replacement.as_deref() {
            None => None,
            Some(name) if method_names.contains(name) && name != spec.name => {
                naming::method_names(name)
                    .ok()
                    .map(|names| format!("`{name}` (`Api::{}`)", names.module))
            }
            Some(helper)
                if helper.strip_prefix("Client::").is_some_and(|rest| {
                    !rest.is_empty() && rest.chars().all(|c| c.is_ascii_lowercase() || c == '_')
                }) =>
            {
                Some(format!("`{helper}`"))
            }
            Some(name) => {
                self.report(at.error(
                    "$.deprecated.replacement",
                    format!("`{name}` is not another method of spec/ nor a helper of the client"),
                    "name the method to call instead by its wire name (curate its spec first), a helper as `Client::<name>`, or leave `replacement` out",
                ));
                None
            }
        };
        Some(model::Deprecation {
            description: deprecated.description.clone(),
            replacement,
        })
    }

    fn type_ident(&mut self, at: At<'_>, path: &str, wire: &str) -> Option<String> {
        self.named(at, path, wire, naming::type_name(wire))
    }

    fn value_ident(&mut self, at: At<'_>, path: &str, wire: &str) -> Option<String> {
        self.named(at, path, wire, naming::value_name(wire))
    }

    fn argument_ident(&mut self, at: At<'_>, path: &str, wire: &str) -> Option<String> {
        self.named(
            at,
            &format!("{path}.name"),
            wire,
            naming::argument_name(wire),
        )
    }

    fn named<T>(
        &mut self,
        at: At<'_>,
        path: &str,
        wire: &str,
        result: Result<T, NameError>,
    ) -> Option<T> {
        match result {
            Ok(name) => Some(name),
            Err(error) => {
                self.report(at.error(
                    path,
                    format!(
                        "`{wire}` is not a valid identifier after conversion (got `{}`)",
                        error.converted
                    ),
                    "wire names need at least one ASCII letter or digit",
                ));
                None
            }
        }
    }

    fn unique_wire(&mut self, at: At<'_>, seen: &mut Seen, path: &str, wire: &str, what: &str) {
        if !seen.wire.insert(wire.to_owned()) {
            self.report(at.error(
                path,
                format!("{what} `{wire}` is listed twice"),
                "keep one entry",
            ));
        }
    }

    fn unique_ident(&mut self, at: At<'_>, seen: &mut Seen, path: &str, wire: &str, ident: &str) {
        if let Some(other) = seen.idents.insert(ident.to_owned(), wire.to_owned())
            && other != wire
        {
            self.report(at.error(
                path,
                format!("`{wire}` and `{other}` both become the Rust name `{ident}`"),
                "names must differ after conversion to Rust case",
            ));
        }
    }
}

/// Names seen in one scope (a method's arguments, an object's fields, a code table).
#[derive(Default)]
struct Seen {
    wire: BTreeSet<String>,
    idents: BTreeMap<String, String>,
}

fn type_kinds(types: &TypeTable) -> BTreeMap<String, (TypeKind, String)> {
    let ids = types
        .ids
        .iter()
        .map(|(wire, ty)| (wire.clone(), (TypeKind::Id, ty.ident.clone())));
    let objects = types
        .objects
        .iter()
        .map(|(wire, ty)| (wire.clone(), (TypeKind::Object, ty.ident.clone())));
    let words = types
        .words
        .iter()
        .map(|(wire, ty)| (wire.clone(), (TypeKind::Enum, ty.ident.clone())));
    ids.chain(objects).chain(words).collect()
}

/// Calls `report(index, value)` for every repeat of an earlier value.
fn duplicates<T: PartialEq + std::fmt::Debug>(values: &[T], mut report: impl FnMut(usize, &T)) {
    for (index, value) in values.iter().enumerate() {
        if values[..index].contains(value) {
            report(index, value);
        }
    }
}

/// A token type as the spec file writes it (`bot`), for JSON paths and messages.
fn token_key(token: crate::spec::TokenType) -> &'static str {
    token.wire()
}
