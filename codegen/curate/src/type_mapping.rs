//! A page's types in our terms: which of our types a page's `string` + `channel` is, and whether
//! a spec's type says the same as the page's. Import drafts with [`spec_type`]; lint compares
//! with [`agrees`], so the two cannot disagree about what a page means.

use std::collections::BTreeSet;
use std::path::Path;

use crate::CurateError;
use crate::page::PageType;
use codegen::load::{SHARED_CODES, SPEC_DIR, TYPES_DIR};
use codegen::spec::{SharedCodes, TypeFile, TypeKind, TypeSpec};

/// What the workspace already has that a page's facts refer to: the shared codes, which belong
/// to every method although a twin does not list them, and the shared types by name.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Library {
    pub shared_errors: BTreeSet<String>,
    pub shared_warnings: BTreeSet<String>,
    /// The codes each family describes once, by family prefix (`admin.conversations`): a
    /// draft of a family method lists them without a description.
    pub family_codes: Vec<(String, BTreeSet<String>)>,
    pub types: BTreeSet<String>,
    /// The object types (`"kind": "object"`) among `types`: no argument carries one.
    pub objects: BTreeSet<String>,
}

impl Library {
    /// The codes the family of `method` describes once (none outside a family).
    pub fn family_codes_of(&self, method: &str) -> BTreeSet<String> {
        self.family_codes
            .iter()
            .filter(|(prefix, _)| codegen::spec::in_family(prefix, method))
            .flat_map(|(_, codes)| codes.iter().cloned())
            .collect()
    }

    /// Reads `spec/shared/codes.json` and the names in `spec/types/` under `root`; a workspace
    /// without them has an empty library.
    pub fn read(root: &Path) -> Result<Library, CurateError> {
        let spec_dir = root.join(SPEC_DIR);
        let mut library = Library::default();
        let shared_file = spec_dir.join(SHARED_CODES);
        if shared_file.is_file() {
            let text =
                std::fs::read_to_string(&shared_file).map_err(|source| CurateError::Read {
                    file: shared_file.clone(),
                    source,
                })?;
            let shared: SharedCodes =
                codegen::load::parse(&text).map_err(|(place, message)| CurateError::BadSpec {
                    file: shared_file.clone(),
                    line: 0,
                    column: 0,
                    place,
                    message,
                })?;
            library.shared_errors = shared.errors.into_iter().map(|code| code.code).collect();
            library.shared_warnings = shared.warnings.into_iter().map(|code| code.code).collect();
            library.family_codes = shared
                .families
                .into_iter()
                .map(|family| {
                    let codes = family.errors.into_iter().chain(family.warnings);
                    (family.prefix, codes.map(|code| code.code).collect())
                })
                .collect();
        }
        if let Ok(entries) = std::fs::read_dir(spec_dir.join(TYPES_DIR)) {
            for entry in entries.filter_map(Result::ok) {
                let file_name = entry.file_name();
                let Some(name) = file_name
                    .to_str()
                    .and_then(|name| name.strip_suffix(".json"))
                else {
                    continue;
                };
                if kind_of(&entry.path())? == TypeKind::Object {
                    library.objects.insert(name.to_owned());
                }
                library.types.insert(name.to_owned());
            }
        }
        Ok(library)
    }
}

/// The kind of the type file at `file`.
fn kind_of(file: &Path) -> Result<TypeKind, CurateError> {
    let text = std::fs::read_to_string(file).map_err(|source| CurateError::Read {
        file: file.to_owned(),
        source,
    })?;
    let type_file: TypeFile =
        codegen::load::parse(&text).map_err(|(place, message)| CurateError::BadSpec {
            file: file.to_owned(),
            line: 0,
            column: 0,
            place,
            message,
        })?;
    Ok(type_file.kind)
}

/// Where a type is used: arguments and answers read some words differently.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Place {
    Argument,
    Answer,
}

/// `ty` as `secret` when it is a string (or a nullable one) whose name says it is a credential:
/// an access, refresh or id token, a client or signing secret, and in an answer a bare `token`
/// (an argument's `token` is the bearer token, which never becomes a field). A note says so.
pub fn credential(name: &str, ty: TypeSpec, place: Place) -> (TypeSpec, Option<String>) {
    let named = name.ends_with("_token")
        || name.ends_with("_secret")
        || (name == "token" && place == Place::Answer);
    let secret = match ty {
        TypeSpec::String if named => TypeSpec::Secret,
        TypeSpec::Nullable(inner) if named && *inner == TypeSpec::String => {
            TypeSpec::Nullable(Box::new(TypeSpec::Secret))
        }
        other => return (other, None),
    };
    let note = "drafted as \"secret\": a credential, which `Debug` must never show".to_owned();
    (secret, Some(note))
}

/// The type name a page's subtype or schema means, before checking the library has it.
fn our_name(subtype: &str) -> &str {
    match subtype {
        // Twins call the channel's ID `channel` (the object is `conversation`), in arguments
        // and answers alike: real answers carry an ID where a twin's output says `channel`.
        "channel" | "channel_group" | "channel_id" | "conversation_id" | "im" => "channel_id",
        "user" | "user_id" => "user_id",
        "team" | "team_id" | "workspace_id" => "team_id",
        "enterprise" | "enterprise_id" => "enterprise_id",
        "app" | "app_id" => "app_id",
        "bot" | "bot_id" => "bot_id",
        "timestamp" | "ts" => "timestamp",
        // A user group is a `subteam` to the twins (`subteam_id`, and `user_group` in some
        // arguments); ours are named after the `usergroups.*` methods.
        "subteam" | "usergroup" => "usergroup",
        "subteam_id" | "user_group" | "usergroup_id" => "usergroup_id",
        other => other,
    }
}

/// What a page's subtype or schema names in ours.
enum Named {
    /// One of our types.
    Ours(String),
    /// An object of ours, in an argument, where we have no ID type for it (a twin's `paging`
    /// on `count` and `page`): the value is what the type word says.
    ObjectArgument(String),
    /// Nothing we have a type for.
    Unknown,
}

/// Our type for a page's subtype or schema at `place`.
fn resolve(subtype: &str, place: Place, library: &Library) -> Named {
    // An answer's `user` is the object, where we have it; an argument's is an ID.
    let name = match place {
        Place::Answer if library.types.contains(subtype) && subtype != "channel" => subtype,
        _ => our_name(subtype),
    };
    if place == Place::Argument && library.objects.contains(name) {
        // Arguments carry IDs and scalars, never objects (the generator refuses an object-typed
        // argument): a twin's `file`, `file_comment` or `reminder` there is the thing's ID.
        let id = format!("{name}_id");
        return match library.types.contains(&id) {
            true => Named::Ours(id),
            false => Named::ObjectArgument(name.to_owned()),
        };
    }
    match library.types.contains(name) {
        true => Named::Ours(name.to_owned()),
        false => Named::Unknown,
    }
}

/// Whether a page names an answer member (or, called on an answer list's items, its items) by
/// a type of ours that is not an object, an ID's (a twin's `channel`), while the page's own
/// example answers show whole objects there: admin.conversations.search's `conversations`
/// items are `{"schema": "channel"}` and its example lists channel objects. The page's name
/// cannot be the type then, and the spec may type the member with any object type of ours (or
/// `json`), but with nothing else. This is the narrowest rule that takes such a page at its
/// word: without the example, or with an example that shows IDs, `channel` stays our
/// `channel_id`; a name that is one of our object types must be that type; a name we have no
/// type for says nothing, as before.
fn names_an_object_by_id(ty: &PageType, place: Place, library: &Library) -> bool {
    let Some(subtype) = ty.subtype.as_deref() else {
        return false;
    };
    place == Place::Answer
        && ty.shown_as_object
        && match resolve(subtype, place, library) {
            Named::Ours(name) => !library.objects.contains(&name),
            Named::ObjectArgument(_) | Named::Unknown => false,
        }
}

/// Our type for a page's type, and a note when the page's words did not settle it.
pub fn spec_type(ty: &PageType, place: Place, library: &Library) -> (TypeSpec, Option<String>) {
    let (inner, note) = unwrapped(ty, place, library);
    if ty.nullable && place == Place::Answer {
        (TypeSpec::Nullable(Box::new(inner)), note)
    } else {
        (inner, note)
    }
}

fn unwrapped(ty: &PageType, place: Place, library: &Library) -> (TypeSpec, Option<String>) {
    let word = ty.word.as_deref();
    // `post_file`: a file sent as a part of a multipart body.
    if ty.subtype.as_deref() == Some("post_file") {
        return (TypeSpec::File, None);
    }
    // `users`: a comma-separated list of user IDs.
    if ty.subtype.as_deref() == Some("users") && word != Some("array") {
        return (TypeSpec::Array(Box::new(named("user_id", library))), None);
    }
    if names_an_object_by_id(ty, place, library) {
        let subtype = ty.subtype.as_deref().unwrap_or_default();
        let note = format!(
            "the page names it `{subtype}`, but its example shows an object: drafted as \"json\"; \
             type it with an object type of spec/types/"
        );
        return (TypeSpec::Json, Some(note));
    }
    if let Some(subtype) = ty.subtype.as_deref().filter(|subtype| *subtype != "auth") {
        // A member the page calls a string but names by one of our objects (`user_id`'s
        // `"type": "string", "subtype": "user"` in oauth.v2.access) is that object's ID.
        let id = match our_name(subtype) {
            id if id.ends_with("_id") => id.to_owned(),
            name => format!("{name}_id"),
        };
        if ty.word.as_deref() == Some("string")
            && library.objects.contains(subtype)
            && library.types.contains(&id)
        {
            return (TypeSpec::Ref(id), None);
        }
        match resolve(subtype, place, library) {
            Named::Ours(name) => return (TypeSpec::Ref(name), None),
            Named::ObjectArgument(object) => {
                let word = by_word(ty, place, library).0;
                let note = format!(
                    "the page names the object `{object}`, which an argument cannot carry, and \
                     spec/types/ has no `{object}_id`; drafted as its type word, {}",
                    type_json(&word)
                );
                return (word, Some(note));
            }
            Named::Unknown => {}
        }
        // An object the page names but we have no type for: any JSON, unless a word says more.
        let fallback = match ty.word {
            Some(_) => by_word(ty, place, library).0,
            None => TypeSpec::Json,
        };
        let note = format!(
            "the page says it is a `{subtype}`, which spec/types/ has no type for; drafted as \
             {}",
            type_json(&fallback)
        );
        return (fallback, Some(note));
    }
    let (typed, note) = by_word(ty, place, library);
    let note = note.or_else(|| {
        (!ty.words.is_empty()).then(|| format!("the page lists its words: {}", ty.words.join(", ")))
    });
    (typed, note)
}

fn by_word(ty: &PageType, place: Place, library: &Library) -> (TypeSpec, Option<String>) {
    match ty.word.as_deref() {
        Some("string") | None => (TypeSpec::String, None),
        Some("boolean") => (TypeSpec::Boolean, None),
        Some("integer") => (TypeSpec::Integer, None),
        // Arguments called `number` are counts; answers may carry fractions.
        Some("number") if place == Place::Argument => (TypeSpec::Integer, None),
        Some("number") => (TypeSpec::Number, None),
        Some("object") => (
            TypeSpec::Json,
            Some("an object: describe its shape if it has a stable one".to_owned()),
        ),
        Some("array") => {
            let (item, note) = match &ty.items {
                Some(items) => unwrapped(items, place, library),
                None => (TypeSpec::String, None),
            };
            (TypeSpec::Array(Box::new(item)), note)
        }
        Some(other) => (
            TypeSpec::String,
            Some(format!("its type word `{other}` is not one this tool maps")),
        ),
    }
}

fn named(name: &str, library: &Library) -> TypeSpec {
    if library.types.contains(name) {
        TypeSpec::Ref(name.to_owned())
    } else {
        TypeSpec::String
    }
}

/// Whether a spec's type says what the page's does. The curator may refine: a page's `string`
/// may become an ID or another string-like type, `object` any shape, `null` is allowed either way.
pub fn agrees(page: &PageType, spec: &TypeSpec, place: Place, library: &Library) -> bool {
    if page.word.is_none() && page.subtype.is_none() {
        // The page gives no type: nothing to compare.
        return true;
    }
    if let Some(agrees) = object_by_id_agrees(page, strip(spec), place, library) {
        return agrees;
    }
    // An argument the page names by one of our object types (views.update's `view`) may carry
    // the whole object as JSON, not only its ID.
    let names_an_object = page
        .subtype
        .as_deref()
        .is_some_and(|subtype| library.objects.contains(our_name(subtype)));
    if place == Place::Argument && names_an_object && *strip(spec) == TypeSpec::Json {
        return true;
    }
    // Where the page's type word is not `string` but its own examples show strings, a spec
    // may take the examples at their word, with a string or an ID.
    let string_like = match strip(spec) {
        TypeSpec::String => true,
        TypeSpec::Ref(name) => !library.objects.contains(name),
        _ => false,
    };
    if page.shown_as_string && page.word.as_deref().is_some_and(|w| w != "string") && string_like {
        return true;
    }
    let (expected, _) = unwrapped(page, place, library);
    compatible(&expected, strip(spec))
}

/// Where the page names an object by an ID's schema ([`names_an_object_by_id`]), itself or as
/// a list's items: whether the spec has an object type of ours there (or `json`). `None`
/// elsewhere, for [`compatible`] to decide.
fn object_by_id_agrees(
    page: &PageType,
    spec: &TypeSpec,
    place: Place,
    library: &Library,
) -> Option<bool> {
    if names_an_object_by_id(page, place, library) {
        return Some(match spec {
            TypeSpec::Ref(name) => library.objects.contains(name),
            TypeSpec::Json => true,
            _ => false,
        });
    }
    match (page.word.as_deref(), &page.items, spec) {
        (Some("array"), Some(items), TypeSpec::Array(spec_items)) => {
            object_by_id_agrees(items, strip(spec_items), place, library)
        }
        _ => None,
    }
}

fn strip(ty: &TypeSpec) -> &TypeSpec {
    match ty {
        TypeSpec::Nullable(inner) | TypeSpec::OrEmpty(inner) => strip(inner),
        other => other,
    }
}

fn compatible(expected: &TypeSpec, spec: &TypeSpec) -> bool {
    use TypeSpec as T;
    match (strip(expected), spec) {
        (T::Json, _) => true,
        // JSON arguments (`blocks`) travel as JSON text and comma-separated lists as one
        // string, which pages call a string.
        (T::String, T::String | T::Secret | T::Ref(_) | T::Json | T::Array(_)) => true,
        (T::Boolean, T::Boolean) | (T::File, T::File) => true,
        (
            T::Integer | T::Number | T::Float | T::UnixTime,
            T::Integer | T::Number | T::Float | T::UnixTime,
        ) => true,
        // A list of objects (chat.startStream's `chunks`) travels as JSON text.
        (T::Array(_), T::Json) => true,
        (T::Ref(expected), T::Ref(spec)) => expected == spec,
        (T::Array(expected), T::Array(spec)) => compatible(expected, strip(spec)),
        _ => false,
    }
}

/// A type as the spec writes it (`"boolean"`, `{"array":"string"}`), for notes and messages.
pub fn type_json(ty: &TypeSpec) -> String {
    serde_json::to_string(ty).unwrap_or_else(|_| format!("{ty:?}"))
}

/// A page's type in words, for messages: `string (channel)`, `array of string`.
pub fn page_type_text(ty: &PageType) -> String {
    let mut text = match (&ty.word, &ty.subtype) {
        (Some(word), Some(subtype)) => format!("{word} ({subtype})"),
        (Some(word), None) => word.clone(),
        (None, Some(subtype)) => subtype.clone(),
        (None, None) => "untyped".to_owned(),
    };
    if let Some(items) = &ty.items {
        text = format!("{text} of {}", page_type_text(items));
    }
    if ty.nullable {
        text.push_str(" or null");
    }
    text
}

#[cfg(test)]
mod credential_tests {
    use super::*;

    #[test]
    fn credentials_are_drafted_secret() {
        let secret = |name, place| credential(name, TypeSpec::String, place).0;
        assert_eq!(secret("refresh_token", Place::Argument), TypeSpec::Secret);
        assert_eq!(secret("client_secret", Place::Argument), TypeSpec::Secret);
        assert_eq!(secret("token", Place::Answer), TypeSpec::Secret);
        assert_eq!(secret("token", Place::Argument), TypeSpec::String);
        assert_eq!(secret("token_type", Place::Answer), TypeSpec::String);
        let nullable = TypeSpec::Nullable(Box::new(TypeSpec::String));
        let (ty, note) = credential("access_token", nullable, Place::Answer);
        assert_eq!(ty, TypeSpec::Nullable(Box::new(TypeSpec::Secret)));
        assert!(note.is_some());
        let id = TypeSpec::Ref("team_id".into());
        assert_eq!(
            credential("team_token", id.clone(), Place::Answer),
            (id, None)
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn library() -> Library {
        Library {
            types: [
                "channel_id",
                "user_id",
                "team_id",
                "conversation",
                "timestamp",
                "user",
            ]
            .into_iter()
            .map(str::to_owned)
            .collect(),
            ..Library::default()
        }
    }

    fn ty(word: Option<&str>, subtype: Option<&str>) -> PageType {
        PageType {
            word: word.map(str::to_owned),
            subtype: subtype.map(str::to_owned),
            ..PageType::default()
        }
    }

    #[test]
    fn subtypes_become_our_types_by_place() {
        let library = library();
        let channel = ty(Some("string"), Some("channel"));
        assert_eq!(
            spec_type(&channel, Place::Argument, &library).0,
            TypeSpec::Ref("channel_id".into())
        );
        assert_eq!(
            spec_type(&ty(None, Some("conversation")), Place::Answer, &library).0,
            TypeSpec::Ref("conversation".into())
        );
        assert_eq!(
            spec_type(
                &ty(Some("string"), Some("users")),
                Place::Argument,
                &library
            )
            .0,
            TypeSpec::Array(Box::new(TypeSpec::Ref("user_id".into())))
        );
        let user = ty(None, Some("user"));
        assert_eq!(
            spec_type(&user, Place::Answer, &library).0,
            TypeSpec::Ref("user".into())
        );
        assert_eq!(
            spec_type(&user, Place::Argument, &library).0,
            TypeSpec::Ref("user_id".into())
        );
        let (unknown, note) = spec_type(&ty(None, Some("home")), Place::Answer, &library);
        assert_eq!(unknown, TypeSpec::Json);
        assert!(note.unwrap().contains("`home`"));
    }

    #[test]
    fn a_refined_type_agrees_and_a_contradiction_does_not() {
        let library = library();
        let string = ty(Some("string"), None);
        let id = TypeSpec::Ref("channel_id".into());
        assert!(agrees(&string, &id, Place::Argument, &library));
        assert!(!agrees(
            &ty(Some("boolean"), None),
            &id,
            Place::Argument,
            &library
        ));
        let channel = ty(Some("string"), Some("channel"));
        assert!(agrees(&channel, &id, Place::Argument, &library));
        assert!(!agrees(
            &channel,
            &TypeSpec::String,
            Place::Argument,
            &library
        ));
        let nullable = TypeSpec::Nullable(Box::new(TypeSpec::Integer));
        assert!(agrees(
            &ty(Some("number"), None),
            &nullable,
            Place::Answer,
            &library
        ));
    }
}
