//! Checks a loaded `SpecSet` and lowers it into the `Model`, reporting every problem at once.
//!
//! Checking and lowering are one pass on purpose: a check that resolves a reference or a name
//! hands the resolved value straight to the model, so the emitters can trust it without
//! re-deriving anything.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use crate::DRAFT_MARKER;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::load::{Loaded, SpecSet};
use crate::model::{self, Argument, ArgumentType, Code, Field, Model, Presence, RustType, Scalar};
use crate::naming::{self, NameError};
use crate::spec::{
    ArgumentSpec, CodeSpec, FieldSpec, MethodSpec, SentAs, SharedCodes, TypeFile, TypeKind,
    TypeSpec,
};

/// The `$schema` each kind of file must name, relative to itself.
pub const METHOD_SCHEMA_REF: &str = "./method.schema.json";
pub const TYPE_SCHEMA_REF: &str = "../type.schema.json";
pub const CODES_SCHEMA_REF: &str = "../codes.schema.json";

/// Public names of the hand-written runtime; a generated type may not take one.
const RUNTIME_TYPE_NAMES: &[&str] = &[
    "ApiError",
    "ArgParser",
    "ArgValue",
    "ByNameError",
    "ByNameOutcome",
    "Client",
    "ClientBuilder",
    "Code",
    "ContentType",
    "Error",
    "FromArg",
    "HttpMethod",
    "InvalidArgument",
    "ListFormat",
    "Method",
    "RateTier",
    "Response",
    "RetryPolicy",
];
/// Module names the generated crate already uses; a method's module may not take one.
const RESERVED_MODULES: &[&str] = &["by_name", "client", "ids", "mod", "types"];
/// Client methods of the runtime; a generated client method may not take one.
const RESERVED_CLIENT_METHODS: &[&str] = &["builder", "call", "clone", "new"];
/// The request constructor; an argument called so gets a `_` suffix on its setter and field.
const REQUEST_CONSTRUCTOR: &str = "new";
/// The variant that keeps undocumented codes.
const UNKNOWN_VARIANT: &str = "Unknown";

/// Validates everything and lowers it; `Err` holds every problem found.
pub fn validate(set: &SpecSet) -> Result<Model, Diagnostics> {
    let mut cx = Context::default();
    let shared = cx.shared_codes(set.shared_codes.as_ref());
    let types = cx.type_table(&set.types);
    let mut methods: Vec<model::Method> = set
        .methods
        .iter()
        .filter_map(|file| cx.method(file, &types, &shared))
        .collect();
    methods.sort_by(|a, b| a.wire_name.cmp(&b.wire_name));
    cx.global_name_clashes(&types, &methods);
    let model = Model {
        ids: types.ids.into_values().collect(),
        objects: types.objects.into_values().collect(),
        methods,
    };
    cx.diagnostics.into_result(model)
}

/// Shared types by wire name, already lowered.
#[derive(Default)]
struct TypeTable {
    ids: BTreeMap<String, model::IdType>,
    objects: BTreeMap<String, model::ObjectType>,
    /// Where each type was defined, for clash messages.
    files: BTreeMap<String, PathBuf>,
}

/// A shared code description, with where it came from.
struct SharedCode {
    description: String,
    retryable: bool,
}

#[derive(Default)]
struct SharedTable {
    errors: BTreeMap<String, SharedCode>,
    warnings: BTreeMap<String, SharedCode>,
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

    fn shared_codes(&mut self, file: Option<&Loaded<SharedCodes>>) -> SharedTable {
        let mut table = SharedTable::default();
        let Some(file) = file else {
            return table;
        };
        let at = At { file: &file.file };
        self.schema_ref(at, &file.value.schema, CODES_SCHEMA_REF);
        for (list, entries, target) in [
            ("errors", &file.value.errors, &mut table.errors),
            ("warnings", &file.value.warnings, &mut table.warnings),
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
                let code = SharedCode {
                    description: description.clone(),
                    retryable: entry.retryable.unwrap_or(false),
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
        table
    }

    fn type_table(&mut self, files: &[Loaded<TypeFile>]) -> TypeTable {
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
        table
    }

    fn method(
        &mut self,
        file: &Loaded<MethodSpec>,
        types: &TypeTable,
        shared: &SharedTable,
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
        let errors = self.codes(at, "errors", &spec.errors, &shared.errors);
        let warnings = self.codes(at, "warnings", &spec.warnings, &shared.warnings);
        let base = self.type_ident(at, "$.name", &spec.name)?;
        let snake = self.value_ident(at, "$.name", &spec.name)?;
        Some(model::Method {
            wire_name: spec.name.clone(),
            snake,
            request: format!("{base}Request"),
            response: format!("{base}Response"),
            error: format!("{base}Error"),
            warning: format!("{base}Warning"),
            description: spec.description.clone(),
            doc_url: spec.doc_url.clone(),
            url: spec.url.clone(),
            http_method: spec.http_method,
            content_types: spec.content_types.clone(),
            rate_limit: match &spec.rate_limit {
                crate::spec::RateLimit::Tier(tier) => model::RateLimit::Tier(*tier),
                crate::spec::RateLimit::Special(text) => model::RateLimit::Special(text.clone()),
                crate::spec::RateLimit::Unpublished => model::RateLimit::Unpublished,
            },
            token,
            token_types: spec.token_types.clone(),
            scopes: spec.scopes.clone(),
            plans: spec.plans.clone(),
            arguments,
            response_description: spec.response.description.clone(),
            response_fields,
            errors,
            warnings,
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
        duplicates(&spec.scopes, |index, value| {
            self.report(at.error(
                format!("$.scopes[{index}]"),
                format!("scope `{value}` is listed twice"),
                "list each scope once",
            ));
        });
    }

    fn arguments(
        &mut self,
        at: At<'_>,
        specs: &[ArgumentSpec],
        kinds: &BTreeMap<String, (TypeKind, String)>,
    ) -> (model::Token, Vec<Argument>) {
        let mut token = model::Token::None;
        let mut arguments = Vec::new();
        let mut seen = Seen::default();
        for (index, spec) in specs.iter().enumerate() {
            let path = format!("$.arguments[{index}]");
            self.description(at, &format!("{path}.description"), &spec.description);
            if spec.sent_as == SentAs::BearerToken || spec.name == "token" {
                token = self.token_argument(at, &path, spec);
                self.unique_wire(at, &mut seen, &path, &spec.name, "argument");
                continue;
            }
            let Some(ident) = self.argument_ident(at, &path, &spec.name) else {
                continue;
            };
            self.unique_wire(at, &mut seen, &path, &spec.name, "argument");
            self.unique_ident(at, &mut seen, &path, &spec.name, &ident);
            if let Some(argument) = self.argument(at, &path, spec, ident, kinds) {
                arguments.push(argument);
            }
        }
        (token, arguments)
    }

    fn token_argument(&mut self, at: At<'_>, path: &str, spec: &ArgumentSpec) -> model::Token {
        if spec.name != "token"
            || spec.sent_as != SentAs::BearerToken
            || spec.ty != TypeSpec::String
        {
            self.report(at.error(
                path,
                format!(
                    "the token must be the string argument `token` with \"sent_as\": \"bearer_token\", found `{}`",
                    spec.name
                ),
                "the client carries the token in the Authorization header, never in the body",
            ));
        }
        if spec.required {
            model::Token::Required
        } else {
            model::Token::Optional
        }
    }

    fn argument(
        &mut self,
        at: At<'_>,
        path: &str,
        spec: &ArgumentSpec,
        ident: String,
        kinds: &BTreeMap<String, (TypeKind, String)>,
    ) -> Option<Argument> {
        let ty = self.argument_type(at, path, spec, kinds)?;
        let constraints = spec.constraints.clone().unwrap_or_default();
        let is_list = matches!(ty, ArgumentType::List(..));
        let is_text = matches!(ty, ArgumentType::Scalar(Scalar::String | Scalar::Id(_)));
        if !constraints.lengths.is_empty() && !is_text {
            self.report(at.error(
                format!("{path}.constraints.lengths"),
                "lengths apply to string and ID arguments only",
                "remove the constraint or fix the type",
            ));
        }
        if constraints.max_items.is_some() && !is_list {
            self.report(at.error(
                format!("{path}.constraints.max_items"),
                "max_items applies to array arguments only",
                "remove the constraint or make the type an array",
            ));
        }
        if spec.required && spec.default.is_some() {
            self.report(at.error(
                format!("{path}.default"),
                "a required argument has no default",
                "remove \"default\", or make the argument optional",
            ));
        }
        for (key, value) in [("default", &spec.default), ("example", &spec.example)] {
            if let Some(value) = value
                && !value_fits(&ty, value)
            {
                self.report(at.error(
                    format!("{path}.{key}"),
                    format!("`{value}` is not a value of the argument's type"),
                    "write the value as JSON of the argument's type (false, not \"false\")",
                ));
            }
        }
        Some(Argument {
            wire_name: spec.name.clone(),
            ident,
            ty,
            presence: if spec.required {
                Presence::Required
            } else {
                Presence::Optional
            },
            description: spec.description.clone(),
            default: spec.default.clone(),
            example: spec.example.clone(),
            lengths: constraints.lengths,
            max_items: constraints.max_items,
        })
    }

    fn argument_type(
        &mut self,
        at: At<'_>,
        path: &str,
        spec: &ArgumentSpec,
        kinds: &BTreeMap<String, (TypeKind, String)>,
    ) -> Option<ArgumentType> {
        let type_path = format!("{path}.type");
        let ty = match (&spec.ty, spec.list_format) {
            (TypeSpec::Array(item), Some(format)) => {
                let item_path = format!("{type_path}.array");
                let scalar = self.scalar(at, &item_path, item, kinds)?;
                // Lists travel as strings (joined or JSON text), and the CLI reads them as such.
                if !matches!(scalar, Scalar::String | Scalar::Id(_)) {
                    self.report(at.error(
                        item_path,
                        "list arguments hold strings or IDs only",
                        "use \"json\" for lists of other values",
                    ));
                    return None;
                }
                ArgumentType::List(scalar, format)
            }
            (TypeSpec::Array(_), None) => {
                self.report(at.error(
                    path,
                    "an array argument needs \"list_format\"",
                    "add \"list_format\": \"comma_separated\" or \"json_array\", as the method expects",
                ));
                return None;
            }
            (other, format) => {
                if format.is_some() {
                    self.report(at.error(
                        format!("{path}.list_format"),
                        "\"list_format\" applies to array arguments only",
                        "remove it, or make the type an array",
                    ));
                }
                ArgumentType::Scalar(self.scalar(at, &type_path, other, kinds)?)
            }
        };
        Some(ty)
    }

    /// The single-value types an argument can have.
    fn scalar(
        &mut self,
        at: At<'_>,
        path: &str,
        ty: &TypeSpec,
        kinds: &BTreeMap<String, (TypeKind, String)>,
    ) -> Option<Scalar> {
        let scalar = match ty {
            TypeSpec::String => Scalar::String,
            TypeSpec::Boolean => Scalar::Bool,
            TypeSpec::Integer => Scalar::I64,
            TypeSpec::Float => Scalar::F64,
            TypeSpec::Json => Scalar::Json,
            TypeSpec::Ref(name) => match self.resolve(at, &format!("{path}.ref"), name, kinds)? {
                (TypeKind::Id, ident) => Scalar::Id(ident),
                (TypeKind::Object, _) => {
                    self.report(at.error(
                        path,
                        format!("argument of object type `{name}` is not supported"),
                        "use \"json\" for structured arguments",
                    ));
                    return None;
                }
            },
            TypeSpec::Array(_) | TypeSpec::Nullable(_) => {
                self.report(at.error(
                    path,
                    "expected a string, boolean, integer, float, json or id type here",
                    "arguments are lists of single values at most, and never null (use \"required\": false)",
                ));
                return None;
            }
        };
        Some(scalar)
    }

    fn fields(
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
                presence: if spec.required {
                    Presence::Required
                } else {
                    Presence::Optional
                },
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
            TypeSpec::String => RustType::String,
            TypeSpec::Boolean => RustType::Bool,
            TypeSpec::Integer => RustType::I64,
            TypeSpec::Float => RustType::F64,
            TypeSpec::Json => RustType::Json,
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
                (TypeKind::Id, ident) => RustType::Id(ident),
                (TypeKind::Object, ident) => RustType::Object(ident),
            },
        })
    }

    fn resolve(
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

    fn codes(
        &mut self,
        at: At<'_>,
        list: &str,
        specs: &[CodeSpec],
        shared: &BTreeMap<String, SharedCode>,
    ) -> Vec<Code> {
        let mut seen = Seen::default();
        let mut codes = Vec::new();
        for (index, spec) in specs.iter().enumerate() {
            let path = format!("$.{list}[{index}]");
            self.unique_wire(at, &mut seen, &path, &spec.code, "code");
            let Some(variant) = self.type_ident(at, &format!("{path}.code"), &spec.code) else {
                continue;
            };
            if variant == UNKNOWN_VARIANT {
                self.report(at.error(
                    format!("{path}.code"),
                    format!(
                        "code `{}` would take the name of the `Unknown` variant",
                        spec.code
                    ),
                    "this code needs a naming rule in codegen/src/naming.rs; report it",
                ));
                continue;
            }
            self.unique_ident(at, &mut seen, &path, &spec.code, &variant);
            let shared = shared.get(&spec.code);
            let description = match (&spec.description, shared) {
                (Some(own), _) => {
                    self.description(at, &format!("{path}.description"), own);
                    own.clone()
                }
                (None, Some(shared)) => shared.description.clone(),
                (None, None) => {
                    self.report(at.error(
                        path,
                        format!(
                            "code `{}` has no description and is not in spec/shared/codes.json",
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
                retryable: spec
                    .retryable
                    .or(shared.map(|code| code.retryable))
                    .unwrap_or(false),
            });
        }
        codes
    }

    /// Type names must be unique across shared types and methods, and avoid the runtime's.
    fn global_name_clashes(&mut self, types: &TypeTable, methods: &[model::Method]) {
        let mut owners: BTreeMap<String, PathBuf> = RUNTIME_TYPE_NAMES
            .iter()
            .map(|name| {
                (
                    name.to_string(),
                    PathBuf::from("generated-client/src (runtime)"),
                )
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
            let reserved = RESERVED_MODULES.contains(&method.snake.as_str())
                || RESERVED_CLIENT_METHODS.contains(&method.snake.as_str());
            if reserved {
                self.report(Diagnostic::new(
                    &file,
                    "$.name",
                    format!(
                        "the method's Rust name `{}` is reserved by the client",
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
        }
    }

    fn type_ident(&mut self, at: At<'_>, path: &str, wire: &str) -> Option<String> {
        self.named(at, path, wire, naming::type_name(wire))
    }

    fn value_ident(&mut self, at: At<'_>, path: &str, wire: &str) -> Option<String> {
        self.named(at, path, wire, naming::value_name(wire))
    }

    fn argument_ident(&mut self, at: At<'_>, path: &str, wire: &str) -> Option<String> {
        let ident = self.value_ident(at, &format!("{path}.name"), wire)?;
        Some(if ident == REQUEST_CONSTRUCTOR {
            format!("{ident}_")
        } else {
            ident
        })
    }

    fn named(
        &mut self,
        at: At<'_>,
        path: &str,
        wire: &str,
        result: Result<String, NameError>,
    ) -> Option<String> {
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
    ids.chain(objects).collect()
}

/// Calls `report(index, value)` for every repeat of an earlier value.
fn duplicates<T: PartialEq + std::fmt::Debug>(values: &[T], mut report: impl FnMut(usize, &T)) {
    for (index, value) in values.iter().enumerate() {
        if values[..index].contains(value) {
            report(index, value);
        }
    }
}

/// Whether a JSON default or example is a value of the argument's type.
fn value_fits(ty: &ArgumentType, value: &serde_json::Value) -> bool {
    match ty {
        ArgumentType::Scalar(scalar) => scalar_fits(scalar, value),
        ArgumentType::List(scalar, _) => value
            .as_array()
            .is_some_and(|items| items.iter().all(|item| scalar_fits(scalar, item))),
    }
}

fn scalar_fits(scalar: &Scalar, value: &serde_json::Value) -> bool {
    match scalar {
        Scalar::String | Scalar::Id(_) => value.is_string(),
        Scalar::Bool => value.is_boolean(),
        Scalar::I64 => value.is_i64(),
        Scalar::F64 => value.is_number(),
        Scalar::Json => true,
    }
}
