//! A spec against its doc page: every argument, required flag, default, example, type, error
//! code, warning code and answer member on one side only or said otherwise, and every fact the
//! page states that the spec contradicts.
//!
//! Descriptions are not compared: the curator writes ours, or takes shared ones. Types are
//! compared as far as the page says them: the curator may refine a page's `string` into an ID
//! type, but a page's `channel` must be our `channel_id` (see [`type_mapping::agrees`]), unless the
//! page's example answer shows a whole object there, which any object type of ours may type.

use std::fmt;

use serde::Serialize;

use crate::page::{CodeKind, DocPage, Layout, PageArgument, PageMember, PageType};
use crate::page_values::{as_page_text, same_value};
use crate::type_mapping::{self, Library, Place};
use codegen::spec::{ArgumentSpec, FieldSpec, MethodSpec, RateLimit, TokenType, TypeSpec};

/// Which side of the comparison something is on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Side {
    Page,
    Spec,
}

/// One way a spec and its page disagree.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Difference {
    /// An argument on one side only; `line` is the page's when on the page.
    Argument {
        name: String,
        only_on: Side,
        line: Option<usize>,
    },
    /// The page's required flag (`page_required`) differs from the spec's.
    Required {
        name: String,
        page_required: bool,
        line: usize,
    },
    /// The defaults differ, as the page writes them; `None` for no default.
    Default {
        name: String,
        page: Option<String>,
        spec: Option<String>,
        line: usize,
    },
    /// The page's example differs from the spec's, or the spec has none.
    Example {
        name: String,
        page: String,
        spec: Option<String>,
        line: usize,
    },
    /// The page's type (`page`, in words) and the spec's (as the spec writes it) disagree.
    Type {
        place: &'static str,
        name: String,
        page: String,
        spec: String,
        line: usize,
    },
    /// An error or warning code on one side only.
    Code {
        #[serde(rename = "code_kind")]
        kind: CodeKind,
        code: String,
        only_on: Side,
        line: Option<usize>,
    },
    /// A shared code (`spec/shared/codes.json`), which every method can answer with, is missing
    /// from the spec; a twin does not list them, so the page cannot show it.
    SharedCode {
        #[serde(rename = "code_kind")]
        kind: CodeKind,
        code: String,
    },
    /// A member of the answer on one side only.
    Member {
        name: String,
        only_on: Side,
        line: Option<usize>,
    },
    /// The spec requires an answer member the page leaves optional: answers the page allows
    /// would fail to decode.
    MemberRequired { name: String, line: usize },
    /// A fact the page states (name, URL, HTTP method, ...) that the spec gives otherwise.
    Fact {
        fact: String,
        page: String,
        spec: String,
    },
}

impl fmt::Display for Difference {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Difference::Argument {
                name,
                only_on,
                line,
            } => {
                write!(f, "argument `{name}` is {}", one_side(*only_on, *line))
            }
            Difference::Required {
                name,
                page_required,
                line,
            } => {
                let (page, spec) = match page_required {
                    true => ("required", "optional"),
                    false => ("optional", "required"),
                };
                write!(
                    f,
                    "argument `{name}` is {page} on the page (line {line}) but {spec} in the spec"
                )
            }
            Difference::Default {
                name,
                page,
                spec,
                line,
            } => write!(
                f,
                "argument `{name}` defaults to {} on the page (line {line}) but to {} in the spec",
                shown(page),
                shown(spec)
            ),
            Difference::Code {
                kind,
                code,
                only_on,
                line,
            } => write!(
                f,
                "{} code `{code}` is {}",
                kind.word(),
                one_side(*only_on, *line)
            ),
            Difference::Example {
                name,
                page,
                spec,
                line,
            } => write!(
                f,
                "argument `{name}`'s example is `{page}` on the page (line {line}) but {} in the \
                 spec",
                shown(spec)
            ),
            Difference::Type {
                place,
                name,
                page,
                spec,
                line,
            } => write!(
                f,
                "{place} `{name}` is {page} on the page (line {line}) but `{spec}` in the spec"
            ),
            Difference::SharedCode { kind, code } => write!(
                f,
                "shared {} code `{code}` (spec/shared/codes.json) belongs to every method but is \
                 not in the spec",
                kind.word()
            ),
            Difference::Member {
                name,
                only_on,
                line,
            } => write!(f, "answer member `{name}` is {}", one_side(*only_on, *line)),
            Difference::MemberRequired { name, line } => write!(
                f,
                "answer member `{name}` is optional on the page (line {line}) but required in the \
                 spec"
            ),
            Difference::Fact { fact, page, spec } => {
                write!(f, "{fact} is `{page}` on the page but `{spec}` in the spec")
            }
        }
    }
}

fn one_side(side: Side, line: Option<usize>) -> String {
    match (side, line) {
        (Side::Page, Some(line)) => format!("on the page (line {line}) but not in the spec"),
        (Side::Page, None) => "on the page but not in the spec".to_owned(),
        (Side::Spec, _) => "in the spec but not on the page".to_owned(),
    }
}

fn shown(value: &Option<String>) -> String {
    value
        .as_ref()
        .map_or_else(|| "nothing".to_owned(), |value| format!("`{value}`"))
}

/// Every difference between `spec` and `page`: facts, then arguments, codes and members.
pub fn lint(spec: &MethodSpec, page: &DocPage, library: &Library) -> Vec<Difference> {
    let mut differences = facts(spec, page);
    differences.extend(arguments(spec, page, library));
    for kind in [CodeKind::Error, CodeKind::Warning] {
        differences.extend(codes(spec, page, kind, library));
    }
    if let Some(members) = &page.members {
        differences.extend(answer(&spec.response.fields, members, library));
    }
    differences
}

/// Facts compared only where the page states them: a page that is silent says nothing wrong.
fn facts(spec: &MethodSpec, page: &DocPage) -> Vec<Difference> {
    let stated = |fact: &str, page: Option<String>, spec: String| {
        page.filter(|page| *page != spec)
            .map(|page| Difference::Fact {
                fact: fact.to_owned(),
                page,
                spec,
            })
    };
    let listed = |fact: &str, page: &[String], spec: &[String]| {
        let (mut page, mut spec) = (page.to_vec(), spec.to_vec());
        // Any one scope or token type suffices, so their order says nothing.
        page.sort();
        spec.sort();
        let page = Some(page.join(", ")).filter(|joined| !joined.is_empty());
        stated(fact, page, spec.join(", "))
    };
    let mut differences: Vec<Difference> = [
        stated("the method name", page.name.clone(), spec.name.clone()),
        stated("the URL", page.url.clone(), spec.url.clone()),
        stated(
            "the HTTP method",
            page.http_method.as_ref().map(wire),
            wire(&spec.http_method),
        ),
        stated(
            "the rate limit",
            page.rate_limit.as_ref().map(limit_kind),
            limit_kind(&spec.rate_limit),
        ),
        stated(
            "the content types",
            Some(wires(&page.content_types).join(", ")).filter(|joined| !joined.is_empty()),
            wires(&spec.content_types).join(", "),
        ),
        listed(
            "the token types",
            &wires(&page.token_types),
            &wires(&spec.token_types),
        ),
        stated(
            "deprecation",
            page.deprecated.map(|deprecated| deprecated.to_string()),
            spec.deprecated.is_some().to_string(),
        ),
        stated(
            "the replacement of the deprecated method",
            page.replacement.clone(),
            spec.deprecated
                .as_ref()
                .and_then(|deprecated| deprecated.replacement.clone())
                .unwrap_or_default(),
        ),
    ]
    .into_iter()
    .flatten()
    .collect();
    // Scopes per token type, where the page lists any.
    if !page.scopes.is_empty() {
        for token in TokenType::ALL {
            let fact = format!("the {} token's scopes", wire(&token));
            let (on_page, in_spec) = (
                scopes_of(&page.scopes, token),
                scopes_of(&spec.scopes, token),
            );
            let page_text = Some(sorted(on_page).join(", "));
            differences.extend(stated(&fact, page_text, sorted(in_spec).join(", ")));
        }
    }
    differences
}

fn scopes_of(scopes: &codegen::spec::ScopesSpec, token: TokenType) -> &[String] {
    scopes
        .by_token()
        .into_iter()
        .find(|(listed, _)| *listed == token)
        .map_or(&[], |(_, scopes)| scopes)
}

fn sorted(items: &[String]) -> Vec<String> {
    let mut items = items.to_vec();
    items.sort();
    items
}

/// A tier by number; any special limit as `special` (the words are ours, not the page's).
fn limit_kind(limit: &RateLimit) -> String {
    match limit {
        RateLimit::Tier(tier) => format!("Tier {tier}"),
        RateLimit::Special(_) => "special".to_owned(),
        RateLimit::Unpublished => "unpublished".to_owned(),
    }
}

/// A value as the spec file writes it (`POST`, `{"tier":2}`).
fn wire<T: Serialize>(value: &T) -> String {
    match serde_json::to_value(value) {
        Ok(serde_json::Value::String(text)) => text,
        Ok(other) => other.to_string(),
        Err(error) => format!("<{error}>"),
    }
}

fn wires<T: Serialize>(values: &[T]) -> Vec<String> {
    values.iter().map(wire).collect()
}

/// Names on one side only, each with its side and, for the page's, its line.
fn one_sided(page: &[(&str, usize)], spec: &[&str]) -> Vec<(Side, String, Option<usize>)> {
    let page_only = page
        .iter()
        .filter(|(name, _)| !spec.contains(name))
        .map(|&(name, line)| (Side::Page, name.to_owned(), Some(line)));
    let spec_only = spec
        .iter()
        .filter(|name| !page.iter().any(|(on_page, _)| on_page == *name))
        .map(|name| (Side::Spec, (*name).to_owned(), None));
    page_only.chain(spec_only).collect()
}

fn arguments(spec: &MethodSpec, page: &DocPage, library: &Library) -> Vec<Difference> {
    let page_names: Vec<(&str, usize)> = page
        .arguments
        .iter()
        .map(|argument| (argument.name.as_str(), argument.line))
        .collect();
    let spec_names: Vec<&str> = spec.arguments.iter().map(|a| a.name.as_str()).collect();
    let mut differences: Vec<Difference> = one_sided(&page_names, &spec_names)
        .into_iter()
        .map(|(only_on, name, line)| Difference::Argument {
            name,
            only_on,
            line,
        })
        .collect();
    for on_page in &page.arguments {
        if let Some(in_spec) = spec.arguments.iter().find(|a| a.name == on_page.name) {
            differences.extend(compare_argument(on_page, in_spec, library));
        }
    }
    differences
}

fn compare_argument(
    page: &PageArgument,
    spec: &ArgumentSpec,
    library: &Library,
) -> Vec<Difference> {
    let mut differences = Vec::new();
    if page.required != spec.required {
        differences.push(Difference::Required {
            name: page.name.clone(),
            page_required: page.required,
            line: page.line,
        });
    }
    let same_default = match (&page.default, &spec.default) {
        (Some(page), Some(spec)) => same_value(page, spec),
        (None, None) => true,
        _ => false,
    };
    if !same_default {
        differences.push(Difference::Default {
            name: page.name.clone(),
            page: page.default.clone(),
            spec: spec.default.as_ref().map(as_page_text),
            line: page.line,
        });
    }
    // An example the page gives belongs in the spec; one the page lacks may be the curator's.
    if let Some(example) = &page.example
        && !spec
            .example
            .as_ref()
            .is_some_and(|value| same_value(example, value))
    {
        differences.push(Difference::Example {
            name: page.name.clone(),
            page: example.clone(),
            spec: spec.example.as_ref().map(as_page_text),
            line: page.line,
        });
    }
    // The token travels in a header whatever its page type.
    if spec.sent_as != codegen::spec::SentAs::BearerToken {
        differences.extend(compare_type(
            "argument",
            &page.name,
            &page.ty,
            &spec.ty,
            page.line,
            Place::Argument,
            library,
        ));
    }
    differences
}

fn compare_type(
    place_word: &'static str,
    name: &str,
    page: &PageType,
    spec: &TypeSpec,
    line: usize,
    place: Place,
    library: &Library,
) -> Option<Difference> {
    (!type_mapping::agrees(page, spec, place, library)).then(|| Difference::Type {
        place: place_word,
        name: name.to_owned(),
        page: type_mapping::page_type_text(page),
        spec: type_mapping::type_json(spec),
        line,
    })
}

fn codes(spec: &MethodSpec, page: &DocPage, kind: CodeKind, library: &Library) -> Vec<Difference> {
    let (spec_codes, shared) = match kind {
        CodeKind::Error => (&spec.errors, &library.shared_errors),
        CodeKind::Warning => (&spec.warnings, &library.shared_warnings),
    };
    let page_codes: Vec<(&str, usize)> = page
        .codes(kind)
        .iter()
        .map(|code| (code.code.as_str(), code.line))
        .collect();
    let spec_names: Vec<&str> = spec_codes.iter().map(|code| code.code.as_str()).collect();
    let twin = page.layout == Layout::Twin;
    let mut differences: Vec<Difference> = one_sided(&page_codes, &spec_names)
        .into_iter()
        // A twin leaves the shared codes out: a shared code in the spec is no difference.
        .filter(|(only_on, code, _)| !(twin && *only_on == Side::Spec && shared.contains(code)))
        .map(|(only_on, code, line)| Difference::Code {
            kind,
            code,
            only_on,
            line,
        })
        .collect();
    if twin {
        differences.extend(
            shared
                .iter()
                .filter(|code| !spec_names.contains(&code.as_str()))
                .map(|code| Difference::SharedCode {
                    kind,
                    code: code.clone(),
                }),
        );
    }
    differences
}

fn answer(fields: &[FieldSpec], members: &[PageMember], library: &Library) -> Vec<Difference> {
    let page_names: Vec<(&str, usize)> = members
        .iter()
        .map(|member| (member.name.as_str(), member.line))
        .collect();
    let spec_names: Vec<&str> = fields.iter().map(|field| field.name.as_str()).collect();
    let mut differences: Vec<Difference> = one_sided(&page_names, &spec_names)
        .into_iter()
        // Real answers carry members the page does not list (see `observed/`): the spec may
        // type them too.
        .filter(|(only_on, _, _)| *only_on == Side::Page)
        .map(|(only_on, name, line)| Difference::Member {
            name,
            only_on,
            line,
        })
        .collect();
    for member in members {
        let Some(field) = fields.iter().find(|field| field.name == member.name) else {
            continue;
        };
        // A spec that requires what the page leaves optional fails answers the page allows; one
        // that leaves optional what the page requires decodes every answer (as an `Option`).
        if field.required && !member.required {
            differences.push(Difference::MemberRequired {
                name: member.name.clone(),
                line: member.line,
            });
        }
        differences.extend(compare_type(
            "answer member",
            &member.name,
            &member.ty,
            &field.ty,
            member.line,
            Place::Answer,
            library,
        ));
    }
    differences
}
