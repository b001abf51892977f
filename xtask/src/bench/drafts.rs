//! Slack's whole Web API as a workload: a scratch workspace holding the curated `spec/` and, for
//! every method twin without a curated spec, a draft made by `spec-import`'s own importer and
//! then made generatable by the rules below.
//!
//! A draft as imported is refused by the generator on purpose: it leaves every description and
//! the idempotency evidence to a curator, and types some arguments the way the page does, not the
//! way a request can carry them. The bench needs code of the whole API's size and shape, not
//! curated prose, so each refusal has one rule here, applied to the typed spec
//! (`codegen::spec::MethodSpec`), never to its JSON text:
//!
//! 1. descriptions still holding `codegen::spec::DRAFT_MARKER` get [`NEUTRAL_DESCRIPTION`]: every item
//!    keeps a one-line doc, as a curated one has, saying that it is a draft;
//! 2. the `TODO:` idempotency source gets [`NEUTRAL_SOURCE`]; the kind stays as drafted
//!    (`not_idempotent`, the choice the client never retries after sending);
//! 3. an argument type the generator refuses (an object type, a list of anything but strings
//!    and IDs, a type only answers have) becomes `json`, which carries any value; the example,
//!    default, list format and constraints written for the old type no longer apply and go;
//! 4. an example or default that is not a value of the argument's type goes: the importer keeps
//!    text it cannot read as one (a default of `null`, objects for a list of IDs) for the
//!    curator, and the generator refuses it;
//! 5. a method taking a `cursor` without a `pagination` block gets one: its items are the
//!    answer's first list member or, when the twin lists none, an added `json` list member
//!    [`ADDED_ITEMS`], so the paging code every real list method has is in the build.
//!
//! Nothing here is a curated spec: the drafts live only in the scratch workspace.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use codegen::scalar::Scalar;
use codegen::spec::{
    ArgumentSpec, FieldSpec, MethodSpec, PaginationSpec, RateLimit, SentAs, TypeSpec,
};
use serde_json::Value;
use spec_curate::Library;

use super::scratch;

/// The description a draft's placeholder becomes (rule 1).
pub const NEUTRAL_DESCRIPTION: &str =
    "Drafted from Slack's reference for the benchmark; not described yet.";
/// The idempotency evidence a draft's `TODO:` becomes (rule 2).
pub const NEUTRAL_SOURCE: &str =
    "Not curated: the importer's cautious assumption, kept for the benchmark.";
/// The list member added to an answer that a cursor pages but whose twin lists none (rule 5).
pub const ADDED_ITEMS: &str = "items";

/// What the whole-API workspace holds.
#[derive(Debug, Clone, Copy)]
pub struct WholeApi {
    /// Methods with a curated spec in `spec/`.
    pub curated: usize,
    /// Methods drafted from their twin.
    pub drafted: usize,
}

impl WholeApi {
    pub fn methods(self) -> usize {
        self.curated + self.drafted
    }
}

/// Copies the workspace at `root` to `dest` and drafts, into `dest/spec/`, every twin in `docs`
/// whose method has no curated spec; fails unless the generator accepts the result.
pub fn whole_api_workspace(root: &Path, dest: &Path, docs: &Path) -> Result<WholeApi, String> {
    scratch::copy_workspace(root, dest)?;
    // The library of the copy: its shared codes and types, which the drafts refer to.
    let library = Library::read(dest).map_err(|e| e.to_string())?;
    let mut counts = WholeApi {
        curated: 0,
        drafted: 0,
    };
    for twin in twins(docs)? {
        let (_, mut draft) = spec_curate::import_file(&twin, dest).map_err(|e| e.to_string())?;
        let out = spec_curate::spec_path(dest, &draft.spec.name);
        if out.exists() {
            counts.curated += 1;
            continue;
        }
        make_generatable(&mut draft.spec, &library);
        spec_curate::write_draft(&draft, &out, false).map_err(|e| e.to_string())?;
        counts.drafted += 1;
    }
    // Every refusal shows here, located, rather than as a failed timing run later.
    codegen::model(dest).map_err(|error| {
        format!(
            "the generator refuses the whole-API drafts in {}; a rule of bench/drafts.rs is \
             missing:\n{error}",
            dest.display()
        )
    })?;
    Ok(counts)
}

/// The twins in `docs`: `<method>.json`, sorted.
fn twins(docs: &Path) -> Result<Vec<PathBuf>, String> {
    let entries =
        std::fs::read_dir(docs).map_err(|e| format!("cannot list {}: {e}", docs.display()))?;
    let mut twins = Vec::new();
    for entry in entries {
        let path = entry
            .map_err(|e| format!("cannot list {}: {e}", docs.display()))?
            .path();
        if path.extension().is_some_and(|ext| ext == "json") {
            twins.push(path);
        }
    }
    twins.sort();
    Ok(twins)
}

/// Applies the module's rules to one draft.
pub fn make_generatable(spec: &mut MethodSpec, library: &Library) {
    neutral_descriptions(spec);
    spec.idempotency.source = neutral_source(&spec.idempotency.source);
    for argument in &mut spec.arguments {
        if argument.sent_as == SentAs::BearerToken {
            continue;
        }
        if !carried_by_requests(&argument.ty, &library.objects) {
            to_json(argument);
        }
        drop_misfits(argument);
    }
    add_pagination(spec);
}

/// Rule 1: every description (and a special rate limit's words) still the draft marker.
fn neutral_descriptions(spec: &mut MethodSpec) {
    let neutral = |text: &mut String| {
        if text.contains(codegen::spec::DRAFT_MARKER) {
            NEUTRAL_DESCRIPTION.clone_into(text);
        }
    };
    neutral(&mut spec.description);
    neutral(&mut spec.response.description);
    if let RateLimit::Special(words) = &mut spec.rate_limit {
        neutral(words);
    }
    if let Some(deprecated) = &mut spec.deprecated {
        neutral(&mut deprecated.description);
        // A replacement not drafted yet is not a method of the scratch workspace.
        deprecated.replacement = None;
    }
    spec.arguments
        .iter_mut()
        .for_each(|argument| neutral(&mut argument.description));
    spec.response
        .fields
        .iter_mut()
        .for_each(|field| neutral(&mut field.description));
    spec.errors
        .iter_mut()
        .chain(&mut spec.warnings)
        .filter_map(|code| code.description.as_mut())
        .for_each(neutral);
}

/// Rule 2: the idempotency evidence, when the draft left a `TODO:`.
fn neutral_source(source: &str) -> String {
    if source.contains("TODO:") {
        NEUTRAL_SOURCE.to_owned()
    } else {
        source.to_owned()
    }
}

/// Whether the generator takes `ty` as an argument's type: a single string, boolean, integer,
/// float, `json` or ID/enum type, or a list of strings or IDs (see `codegen/src/validate/
/// arguments.rs`). `objects` are the object types of the library.
fn carried_by_requests(ty: &TypeSpec, objects: &BTreeSet<String>) -> bool {
    match ty {
        TypeSpec::Array(item) => {
            matches!(&**item, TypeSpec::String)
                || matches!(&**item, TypeSpec::Ref(name) if !objects.contains(name))
        }
        TypeSpec::Ref(name) => !objects.contains(name),
        // `number`, `nullable` and `or_empty` describe answers only.
        other => Scalar::from_spec(other).is_some(),
    }
}

/// Rule 3: `json`, without what was written for the old type.
fn to_json(argument: &mut ArgumentSpec) {
    argument.ty = TypeSpec::Json;
    argument.example = None;
    argument.default = None;
    argument.list_format = None;
    argument.constraints = None;
}

/// Rule 4: examples and defaults that are not values of the argument's type.
fn drop_misfits(argument: &mut ArgumentSpec) {
    let ty = argument.ty.clone();
    let misfit = |value: &Option<Value>| value.as_ref().is_some_and(|value| !fits(&ty, value));
    if misfit(&argument.example) {
        argument.example = None;
    }
    if misfit(&argument.default) {
        argument.default = None;
    }
}

/// Whether `value` is a value of an argument of type `ty`, as the generator decides it.
fn fits(ty: &TypeSpec, value: &Value) -> bool {
    match ty {
        TypeSpec::Array(item) => value
            .as_array()
            .is_some_and(|items| items.iter().all(|item_value| fits(item, item_value))),
        TypeSpec::Ref(_) => value.is_string(),
        // Not argument types (`number`, `nullable`, `or_empty`): rule 3 made them `json` already.
        other => Scalar::from_spec(other).is_some_and(|scalar| scalar.fits(value)),
    }
}

/// Rule 5: a `pagination` block for an optional string `cursor`, the draft having none.
fn add_pagination(spec: &mut MethodSpec) {
    let optional = |name: &str, ty: TypeSpec| {
        spec.arguments
            .iter()
            .any(|argument| argument.name == name && !argument.required && argument.ty == ty)
    };
    if spec.pagination.is_some() || !optional("cursor", TypeSpec::String) {
        return;
    }
    let limit = optional("limit", TypeSpec::Integer).then(|| "limit".to_owned());
    let listed = spec
        .response
        .fields
        .iter()
        .find(|field| matches!(field.ty, TypeSpec::Array(_)))
        .map(|field| field.name.clone());
    let items = listed.unwrap_or_else(|| {
        spec.response.fields.push(FieldSpec {
            name: ADDED_ITEMS.to_owned(),
            ty: TypeSpec::Array(Box::new(TypeSpec::Json)),
            required: false,
            description: NEUTRAL_DESCRIPTION.to_owned(),
        });
        ADDED_ITEMS.to_owned()
    });
    spec.pagination = Some(PaginationSpec {
        cursor: "cursor".to_owned(),
        limit,
        items: Some(items),
        next_cursor: None,
        first_cursor: None,
    });
}
