//! A draft spec from a doc page: every fact the page gives, every description left to the
//! curator (as [`DRAFT_MARKER`], which the generator refuses), and every fact the page leaves out
//! given a placeholder that `sources` marks with `TODO:` and the report names.

use crate::DRAFT_MARKER;
use crate::curate::page::{DocPage, PageArgument, PageCode};
use crate::curate::value::{is_literal, to_json};
use crate::curate::{Note, page};
use crate::spec::{
    ArgumentSpec, CodeSpec, HttpMethod, Idempotency, IdempotencySpec, MethodSpec, RateLimit,
    ResponseSpec, SentAs, TypeSpec,
};

/// The `$schema` every method spec names.
const SCHEMA: &str = "./method.schema.json";
/// Where a method's human-readable page lives.
const DOC_URL_PREFIX: &str = "https://api.slack.com/methods/";

/// A draft spec and what the curator should hear about it.
#[derive(Debug, Clone, PartialEq)]
pub struct Draft {
    pub spec: MethodSpec,
    /// What the page reader could not interpret, what it assumed, and the facts left unknown.
    pub notes: Vec<Note>,
}

/// Drafts a spec from a page; `None` when the page names no method.
pub fn import(page: &DocPage) -> Option<Draft> {
    let name = page.name.clone()?;
    let mut drafter = Drafter {
        notes: page.report(),
        sources: Vec::new(),
    };
    let mut spec = MethodSpec {
        schema: SCHEMA.to_owned(),
        description: DRAFT_MARKER.to_owned(),
        doc_url: format!("{DOC_URL_PREFIX}{name}"),
        url: drafter.url(page, &name),
        http_method: drafter.http_method(page),
        content_types: drafter.known_or_todo(page.content_types.clone(), "content types"),
        rate_limit: drafter.rate_limit(page),
        token_types: drafter.known_or_todo(page.token_types.clone(), "token types"),
        scopes: drafter.known_or_todo(page.scopes.clone(), "scopes"),
        plans: page.plans.clone(),
        arguments: page
            .arguments
            .iter()
            .map(|argument| drafter.argument(argument))
            .collect(),
        response: ResponseSpec {
            description: DRAFT_MARKER.to_owned(),
            fields: Vec::new(),
        },
        errors: codes(&page.errors),
        warnings: codes(&page.warnings),
        idempotency: drafter.idempotency(),
        // Filled below, once every placeholder above has added its TODO.
        sources: Vec::new(),
        // Last, because the fields above borrow it.
        name,
    };
    drafter.notes.push(Note::general(
        "response fields are not imported; describe them from the page's example responses",
    ));
    spec.sources = drafter.sources;
    Some(Draft {
        spec,
        notes: drafter.notes,
    })
}

/// The draft as a spec file: pretty JSON and a final newline, like the checked-in specs.
pub fn render(spec: &MethodSpec) -> Result<String, serde_json::Error> {
    serde_json::to_string_pretty(spec).map(|json| json + "\n")
}

/// Collects notes and `TODO:` sources while the draft is built.
struct Drafter {
    notes: Vec<Note>,
    sources: Vec<String>,
}

impl Drafter {
    /// A fact the page does not give: the draft holds `placeholder`, marked for the curator.
    fn unknown(&mut self, fact: &str, placeholder: &str) {
        self.notes.push(Note::general(format!(
            "{fact}: the page does not say; drafted as {placeholder}"
        )));
        self.sources.push(format!(
            "TODO: {fact}: the page does not say, the draft holds {placeholder}; find a source, \
             name it here"
        ));
    }

    fn url(&mut self, page: &DocPage, name: &str) -> String {
        let standard = format!("{}{name}", page::ENDPOINT_PREFIX);
        match &page.url {
            Some(url) if *url != standard => {
                let message = format!("the page's URL `{url}` does not end in the method name");
                self.notes.push(Note::general(message));
                url.clone()
            }
            Some(url) => url.clone(),
            None => {
                // Every Web API method lives at this URL, so it needs no source.
                let message = format!("the page gives no URL; drafted as `{standard}`");
                self.notes.push(Note::general(message));
                standard
            }
        }
    }

    fn http_method(&mut self, page: &DocPage) -> HttpMethod {
        page.http_method.unwrap_or_else(|| {
            // Every Web API method accepts POST; GET is the one that needs saying.
            self.unknown("http_method", "POST");
            HttpMethod::Post
        })
    }

    fn rate_limit(&mut self, page: &DocPage) -> RateLimit {
        page.rate_limit.clone().unwrap_or_else(|| {
            self.unknown("rate_limit", "unpublished");
            RateLimit::Unpublished
        })
    }

    /// Pages never say whether a repeat is harmless: the draft assumes it is not (the safe
    /// choice, never retried once sent) and leaves the curator a `TODO:` the generator refuses.
    fn idempotency(&mut self) -> IdempotencySpec {
        self.notes.push(Note::general(
            "idempotency: drafted as not_idempotent; read the page and say why a repeat is or is \
             not harmless",
        ));
        IdempotencySpec {
            kind: Idempotency::NotIdempotent,
            source: "TODO: what shows whether a repeated call is harmless".to_owned(),
        }
    }

    /// A list fact: as the page gives it, or empty and marked.
    fn known_or_todo<T>(&mut self, listed: Vec<T>, fact: &str) -> Vec<T> {
        if listed.is_empty() {
            self.unknown(fact, "an empty list");
        }
        listed
    }

    fn argument(&mut self, argument: &PageArgument) -> ArgumentSpec {
        let ty = self.argument_type(argument);
        let value = |text: &Option<String>| text.as_deref().map(|text| to_json(text, &ty));
        ArgumentSpec {
            name: argument.name.clone(),
            required: argument.required,
            description: DRAFT_MARKER.to_owned(),
            default: value(&argument.default),
            example: value(&argument.example),
            // The token travels in the Authorization header, never as a field.
            sent_as: if argument.name == "token" {
                SentAs::BearerToken
            } else {
                SentAs::Body
            },
            list_format: None,
            constraints: None,
            ty,
        }
    }

    /// The type word's type; without one, what the default or example shows, else a string.
    /// IDs stay strings: the curator picks the `{"ref": ...}` ID type.
    fn argument_type(&mut self, argument: &PageArgument) -> TypeSpec {
        let name = &argument.name;
        let (ty, why) = match argument.type_word.as_deref() {
            Some("string") => return TypeSpec::String,
            Some("boolean") => return TypeSpec::Boolean,
            Some("integer" | "number") => return TypeSpec::Integer,
            Some("array") => (
                TypeSpec::Array(Box::new(TypeSpec::String)),
                "pick the item type and list_format",
            ),
            Some("object") => (TypeSpec::Json, "describe its shape if it has one"),
            Some(_) => (TypeSpec::String, "its type word is not one this tool maps"),
            None => return self.inferred_type(argument),
        };
        let message = format!("argument `{name}`: drafted as {}; {why}", type_json(&ty));
        self.notes.push(Note::at(argument.line, message));
        ty
    }

    /// `true`/`false` make a boolean; a whole number makes an integer unless the name says ID
    /// (IDs stay strings for the curator to type); anything else stays a string.
    fn inferred_type(&mut self, argument: &PageArgument) -> TypeSpec {
        let is_id = argument.name.ends_with("_id") || argument.name.ends_with("channel");
        let shown = [&argument.default, &argument.example]
            .into_iter()
            .flatten()
            .find(|value| is_literal(value));
        let ty = match shown.map(String::as_str) {
            Some("true" | "false") => TypeSpec::Boolean,
            Some(_) if !is_id => TypeSpec::Integer,
            _ => TypeSpec::String,
        };
        let message = format!(
            "argument `{}`: the page gives no type; drafted as {}",
            argument.name,
            type_json(&ty)
        );
        self.notes.push(Note::at(argument.line, message));
        ty
    }
}

/// A type as the spec writes it (`"boolean"`, `{"array":"string"}`), for notes.
fn type_json(ty: &TypeSpec) -> String {
    serde_json::to_string(ty).unwrap_or_else(|_| format!("{ty:?}"))
}

/// Codes with their descriptions left to the curator, who may delete the description to use
/// the shared one from `spec/shared/codes.json`.
fn codes(listed: &[PageCode]) -> Vec<CodeSpec> {
    listed
        .iter()
        .map(|code| CodeSpec {
            code: code.code.clone(),
            description: Some(DRAFT_MARKER.to_owned()),
            retryable: None,
        })
        .collect()
}
