//! A draft spec from a doc page: every fact the page gives, every description left to the
//! curator (as [`DRAFT_MARKER`], which the generator refuses), and every fact the page leaves out
//! given a placeholder that `sources` marks with `TODO:` and the report names.

use crate::page::{DocPage, Layout, PageArgument, PageCode, PageMember};
use crate::page_values::{is_literal, to_json};
use crate::type_mapping::{self, Library, Place};
use crate::{Note, page};
use codegen::spec::DRAFT_MARKER;
use codegen::spec::{
    ArgumentSpec, CodeSpec, DeprecationSpec, FieldSpec, HttpMethod, Idempotency, IdempotencySpec,
    ListFormat, MethodSpec, PaginationSpec, RateLimit, ResponseSpec, SentAs, TypeSpec,
};

/// The `$schema` every method spec names.
const SCHEMA: &str = "./method.schema.json";
/// Where a method's human-readable page lives (and, with `.json`, its twin).
pub const DOC_URL_PREFIX: &str = "https://docs.slack.dev/reference/methods/";

/// A draft spec and what the curator should hear about it.
#[derive(Debug, Clone, PartialEq)]
pub struct Draft {
    pub spec: MethodSpec,
    /// What the page reader could not interpret, what it assumed, and the facts left unknown.
    pub notes: Vec<Note>,
}

/// Drafts a spec from a page; `None` when the page names no method. The shared codes of
/// `library` join a twin's own codes: every method can answer with them.
pub fn import(page: &DocPage, library: &Library) -> Option<Draft> {
    let name = page.name.clone()?;
    let family = library.family_codes_of(&name);
    let mut drafter = Drafter {
        notes: page.report(),
        sources: Vec::new(),
        library,
    };
    let mut spec = MethodSpec {
        schema: SCHEMA.to_owned(),
        description: DRAFT_MARKER.to_owned(),
        doc_url: format!("{DOC_URL_PREFIX}{name}"),
        url: drafter.url(page, &name),
        http_method: drafter.http_method(page),
        content_types: drafter.known_or_todo(page.content_types.clone(), "content types"),
        rate_limit: drafter.rate_limit(page),
        special_limit: None,
        unlisted_app_limit: None,
        not_paged: None,
        token_types: drafter.known_or_todo(page.token_types.clone(), "token types"),
        auth: Default::default(),
        scopes: {
            if page.scopes.is_empty() {
                drafter.unknown("scopes", "none");
            }
            page.scopes.clone()
        },
        plans: page.plans.clone(),
        deprecated: (page.deprecated == Some(true)).then(|| DeprecationSpec {
            description: DRAFT_MARKER.to_owned(),
            replacement: page.replacement.clone(),
        }),
        pagination: drafter.pagination(page),
        arguments: page
            .arguments
            .iter()
            .map(|argument| drafter.argument(argument))
            .collect(),
        response: ResponseSpec {
            description: DRAFT_MARKER.to_owned(),
            fields: drafter.members(page.members.as_deref()),
        },
        errors: drafter.codes(page, &page.errors, &library.shared_errors, &family),
        warnings: drafter.codes(page, &page.warnings, &library.shared_warnings, &family),
        idempotency: drafter.idempotency(),
        // Filled below, once every placeholder above has added its TODO.
        sources: Vec::new(),
        // Last, because the fields above borrow it.
        name,
    };
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
struct Drafter<'a> {
    notes: Vec<Note>,
    sources: Vec<String>,
    library: &'a Library,
}

impl Drafter<'_> {
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
        match page.rate_limit.clone() {
            // The page's words for a special limit are Slack's: the curator writes ours.
            Some(RateLimit::Special(words)) if words.is_empty() => {
                self.notes.push(Note::general(
                    "rate_limit: the page says special rate limits apply; describe the limit \
                     in our own words",
                ));
                RateLimit::Special(DRAFT_MARKER.to_owned())
            }
            Some(limit) => limit,
            None => {
                self.unknown("rate_limit", "unpublished");
                RateLimit::Unpublished
            }
        }
    }

    /// A page with a `cursor` argument is paged; its items are the answer's one list member.
    fn pagination(&mut self, page: &DocPage) -> Option<PaginationSpec> {
        let cursor = page
            .arguments
            .iter()
            .find(|argument| argument.name == "cursor")?;
        let lists: Vec<&PageMember> = page
            .members
            .iter()
            .flatten()
            .filter(|member| member.ty.word.as_deref() == Some("array"))
            .collect();
        let [items] = lists.as_slice() else {
            // A text page lists no members: the curator adds the pagination with them.
            let message = "pagination: the page has a cursor but not one list member in its \
                           answer; add `pagination` once the response fields name it";
            self.notes.push(Note::at(cursor.line, message));
            return None;
        };
        let items = items.name.clone();
        let limit = page
            .arguments
            .iter()
            .find(|argument| argument.name == "limit")
            .map(|argument| argument.name.clone());
        // Some answers carry the next cursor at their top level, not in `response_metadata`.
        let next_cursor = page
            .members
            .iter()
            .flatten()
            .find(|member| member.name == "next_cursor")
            .map(|member| member.name.clone());
        Some(PaginationSpec {
            cursor: cursor.name.clone(),
            limit,
            items: Some(items),
            next_cursor,
            first_cursor: None,
        })
    }

    /// The answer's members as response fields; without them on the page, a note.
    fn members(&mut self, members: Option<&[PageMember]>) -> Vec<FieldSpec> {
        let Some(members) = members else {
            self.notes.push(Note::general(
                "response fields: the page lists no members; describe them from its example \
                 responses",
            ));
            return Vec::new();
        };
        members
            .iter()
            .map(|member| {
                let (ty, note) = type_mapping::spec_type(&member.ty, Place::Answer, self.library);
                let (ty, secret) = type_mapping::credential(&member.name, ty, Place::Answer);
                if let Some(note) = note.or(secret) {
                    let message = format!("answer member `{}`: {note}", member.name);
                    self.notes.push(Note::at(member.line, message));
                }
                FieldSpec {
                    name: member.name.clone(),
                    ty,
                    required: member.required,
                    description: DRAFT_MARKER.to_owned(),
                }
            })
            .collect()
    }

    /// The page's codes, then, from a twin (which lists only the method's own), the shared
    /// ones. A shared code gets no description: the shared table's is used.
    fn codes(
        &mut self,
        page: &DocPage,
        listed: &[PageCode],
        shared: &std::collections::BTreeSet<String>,
        family: &std::collections::BTreeSet<String>,
    ) -> Vec<CodeSpec> {
        let own = listed.iter().map(|code| code.code.clone());
        let added = shared
            .iter()
            .filter(|code| page.layout == Layout::Twin && !listed.iter().any(|c| c.code == **code))
            .cloned();
        own.chain(added)
            .map(|code| CodeSpec {
                description: (!shared.contains(&code) && !family.contains(&code))
                    .then(|| DRAFT_MARKER.to_owned()),
                code,
                retryable: None,
            })
            .collect()
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
        let list_format = matches!(ty, TypeSpec::Array(_)).then(|| {
            let message = format!(
                "argument `{}`: a list, drafted as sent comma-separated; check the page",
                argument.name
            );
            self.notes.push(Note::at(argument.line, message));
            ListFormat::CommaSeparated
        });
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
            list_format,
            constraints: None,
            ty,
        }
    }

    /// The page's type in ours (an ID type where the page says what the string names); without
    /// a type word, what the default or example shows.
    fn argument_type(&mut self, argument: &PageArgument) -> TypeSpec {
        if argument.ty.word.is_none() && argument.ty.subtype.is_none() {
            return self.inferred_type(argument);
        }
        let (ty, note) = type_mapping::spec_type(&argument.ty, Place::Argument, self.library);
        let (ty, secret) = type_mapping::credential(&argument.name, ty, Place::Argument);
        let note = note.or(secret).or_else(|| match &ty {
            TypeSpec::Json => Some("drafted as \"json\"; describe its shape if it has one".into()),
            _ => None,
        });
        if let Some(note) = note {
            let message = format!("argument `{}`: {note}", argument.name);
            self.notes.push(Note::at(argument.line, message));
        }
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
            type_mapping::type_json(&ty)
        );
        self.notes.push(Note::at(argument.line, message));
        ty
    }
}
