//! A spec against its doc page: every argument, required flag, default, error code and warning
//! code on one side only, and every fact the page states that the spec contradicts.
//!
//! Types and descriptions are not compared: the curator refines types (`{"ref": "channel_id"}`
//! for a page's `string`) and writes descriptions in our own words, or takes shared ones.

use std::fmt;

use serde::Serialize;

use crate::curate::page::{CodeKind, DocPage, PageArgument};
use crate::curate::value::{as_page_text, same_value};
use crate::spec::{ArgumentSpec, MethodSpec};

/// Which side of the comparison something is on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Side {
    Page,
    Spec,
}

/// One way a spec and its page disagree.
#[derive(Debug, Clone, PartialEq, Eq)]
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
    /// An error or warning code on one side only.
    Code {
        kind: CodeKind,
        code: String,
        only_on: Side,
        line: Option<usize>,
    },
    /// A fact the page states (name, URL, HTTP method, ...) that the spec gives otherwise.
    Fact {
        fact: &'static str,
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

/// Every difference between `spec` and `page`: facts, then arguments, then codes.
pub fn lint(spec: &MethodSpec, page: &DocPage) -> Vec<Difference> {
    let mut differences = facts(spec, page);
    differences.extend(arguments(spec, page));
    for kind in [CodeKind::Error, CodeKind::Warning] {
        differences.extend(codes(spec, page, kind));
    }
    differences
}

/// Facts compared only where the page states them: a page that is silent says nothing wrong.
fn facts(spec: &MethodSpec, page: &DocPage) -> Vec<Difference> {
    let stated = |fact, page: Option<String>, spec: String| {
        page.filter(|page| *page != spec)
            .map(|page| Difference::Fact { fact, page, spec })
    };
    let listed = |fact, page: &[String], spec: &[String]| {
        let (mut page, mut spec) = (page.to_vec(), spec.to_vec());
        // Any one scope or token type suffices, so their order says nothing.
        page.sort();
        spec.sort();
        let page = Some(page.join(", ")).filter(|joined| !joined.is_empty());
        stated(fact, page, spec.join(", "))
    };
    [
        stated("the method name", page.name.clone(), spec.name.clone()),
        stated("the URL", page.url.clone(), spec.url.clone()),
        stated(
            "the HTTP method",
            page.http_method.as_ref().map(wire),
            wire(&spec.http_method),
        ),
        stated(
            "the rate limit",
            page.rate_limit.as_ref().map(wire),
            wire(&spec.rate_limit),
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
        listed("the scopes", &page.scopes, &spec.scopes),
    ]
    .into_iter()
    .flatten()
    .collect()
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

fn arguments(spec: &MethodSpec, page: &DocPage) -> Vec<Difference> {
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
            differences.extend(compare_argument(on_page, in_spec));
        }
    }
    differences
}

fn compare_argument(page: &PageArgument, spec: &ArgumentSpec) -> Vec<Difference> {
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
    differences
}

fn codes(spec: &MethodSpec, page: &DocPage, kind: CodeKind) -> Vec<Difference> {
    let spec_codes = match kind {
        CodeKind::Error => &spec.errors,
        CodeKind::Warning => &spec.warnings,
    };
    let page_codes: Vec<(&str, usize)> = page
        .codes(kind)
        .iter()
        .map(|code| (code.code.as_str(), code.line))
        .collect();
    let spec_codes: Vec<&str> = spec_codes.iter().map(|code| code.code.as_str()).collect();
    one_sided(&page_codes, &spec_codes)
        .into_iter()
        .map(|(only_on, code, line)| Difference::Code {
            kind,
            code,
            only_on,
            line,
        })
        .collect()
}
