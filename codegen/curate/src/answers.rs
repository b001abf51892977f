//! Whether real and documented answers fit the specs (`cargo xtask spec-answers`): every
//! success example of a method's twin, and what Slack's answers carried (`observed/`), walked
//! against the validated model the client is generated from. It finds what would break or lose
//! a decode before anyone calls Slack:
//!
//! - a **misfit**: a typed member whose value is not of its type (decoded leniently, it is set
//!   aside; a required one fails the answer);
//! - a **missing** required member (the answer fails to decode without it);
//! - members **left to `extra`**: not typed, kept as sent but not typed for the caller.
//!
//! An answer holding nothing beyond the envelope (`{"ok": true}`, the placeholder example of
//! many twins, or an observed file of error samples only) shows no members and is skipped.
//!
//! `observed/` files are merged samples with masked values (`""`, `12345`): their shape is
//! evidence, their values are not, so an observed `""` where an ID is typed fits.

use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};

use codegen::model::{Field, Method, Model, ObjectType, Presence, RustType, Scalar};
use serde_json::{Map, Value};

use crate::CurateError;

/// Members every answer has, read by the runtime's envelope, not by a spec.
const ENVELOPE: &[&str] = &[
    "ok",
    "warning",
    "response_metadata",
    "error",
    "needed",
    "provided",
];

/// Where an answer came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    /// A success example of the twin, by its key in `examples`.
    Example(PathBuf, String),
    /// `observed/<method>.json`.
    Observed(PathBuf),
}

impl fmt::Display for Source {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Source::Example(file, key) => write!(f, "{} (example `{key}`)", file.display()),
            Source::Observed(file) => write!(f, "{}", file.display()),
        }
    }
}

/// One finding, at a JSON path of one answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Finding {
    Misfit {
        path: String,
        expected: String,
        found: String,
    },
    Missing {
        path: String,
    },
    LeftToExtra {
        path: String,
    },
}

impl Finding {
    /// Whether the finding breaks a decode (a misfit or a missing required member), rather than
    /// only leaving a member untyped.
    pub fn is_problem(&self) -> bool {
        !matches!(self, Finding::LeftToExtra { .. })
    }
}

impl fmt::Display for Finding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Finding::Misfit {
                path,
                expected,
                found,
            } => {
                write!(
                    f,
                    "misfit at {path}: the spec types {expected}, the answer has {found}"
                )
            }
            Finding::Missing { path } => {
                write!(
                    f,
                    "missing at {path}: the spec requires it, the answer leaves it out"
                )
            }
            Finding::LeftToExtra { path } => write!(f, "left to extra: {path}"),
        }
    }
}

/// The findings for one answer of one method.
#[derive(Debug, Clone)]
pub struct AnswerCheck {
    pub method: String,
    pub source: Source,
    pub findings: Vec<Finding>,
}

/// Checks every method of `model` that has answers in `docs` (twins) or `observed`.
pub fn check_dirs(
    model: &Model,
    docs: &Path,
    observed: Option<&Path>,
) -> Result<Vec<AnswerCheck>, CurateError> {
    let objects: BTreeMap<&str, &ObjectType> = model
        .objects
        .iter()
        .map(|object| (object.ident.as_str(), object))
        .collect();
    let checker = Checker { objects };
    let mut checks = Vec::new();
    for method in &model.methods {
        let twin = docs.join(format!("{}.json", method.wire_name));
        if twin.is_file() {
            let root = read_json(&twin)?;
            for (key, answer) in success_examples(&root) {
                if shows_members(answer) {
                    checks.push(checker.check(method, Source::Example(twin.clone(), key), answer));
                }
            }
        }
        if let Some(observed) = observed {
            let file = observed.join(format!("{}.json", method.wire_name));
            if file.is_file() {
                let answer = read_json(&file)?;
                if shows_members(&answer) {
                    checks.push(checker.check(method, Source::Observed(file), &answer));
                }
            }
        }
    }
    Ok(checks)
}

/// Whether an answer holds a member beyond the envelope's.
fn shows_members(answer: &Value) -> bool {
    answer.as_object().is_none_or(|members| {
        members
            .keys()
            .any(|name| !ENVELOPE.contains(&name.as_str()))
    })
}

fn read_json(file: &Path) -> Result<Value, CurateError> {
    let text = std::fs::read_to_string(file).map_err(|source| CurateError::Read {
        file: file.to_owned(),
        source,
    })?;
    serde_json::from_str(&text).map_err(|error| CurateError::BadSpec {
        file: file.to_owned(),
        line: error.line(),
        column: error.column(),
        place: "$".to_owned(),
        message: error.to_string(),
    })
}

/// The twin's example answers that succeeded, by their key in `examples`.
fn success_examples(root: &Value) -> Vec<(String, &Value)> {
    let Some(Value::Object(examples)) = root.get("examples") else {
        return Vec::new();
    };
    examples
        .iter()
        .filter_map(|(key, example)| Some((key.clone(), example.get("example")?)))
        .filter(|(_, answer)| answer.get("ok") == Some(&Value::Bool(true)))
        .collect()
}

struct Checker<'a> {
    objects: BTreeMap<&'a str, &'a ObjectType>,
}

impl Checker<'_> {
    fn check(&self, method: &Method, source: Source, answer: &Value) -> AnswerCheck {
        let mut findings = Vec::new();
        let masked = matches!(source, Source::Observed(_));
        match answer.as_object() {
            Some(members) => self.members(
                &method.response_fields,
                members,
                "$",
                masked,
                ENVELOPE,
                &mut findings,
            ),
            None => findings.push(Finding::Misfit {
                path: "$".to_owned(),
                expected: "an object".to_owned(),
                found: kind(answer),
            }),
        }
        AnswerCheck {
            method: method.wire_name.clone(),
            source,
            findings,
        }
    }

    fn members(
        &self,
        fields: &[Field],
        members: &Map<String, Value>,
        path: &str,
        masked: bool,
        skipped: &[&str],
        findings: &mut Vec<Finding>,
    ) {
        for field in fields {
            let at = format!("{path}.{}", field.wire_name);
            match members.get(&field.wire_name) {
                Some(value) => self.value(&field.ty, value, &at, masked, findings),
                None if field.presence == Presence::Required => {
                    findings.push(Finding::Missing { path: at });
                }
                None => {}
            }
        }
        for name in members.keys() {
            let typed = fields.iter().any(|field| field.wire_name == *name);
            if !typed && !skipped.contains(&name.as_str()) {
                findings.push(Finding::LeftToExtra {
                    path: format!("{path}.{name}"),
                });
            }
        }
    }

    fn value(
        &self,
        ty: &RustType,
        value: &Value,
        path: &str,
        masked: bool,
        findings: &mut Vec<Finding>,
    ) {
        let fits = match ty {
            RustType::Scalar(scalar) => scalar_fits(scalar, value, masked),
            RustType::Number => value.is_number(),
            RustType::OrEmpty(_) => value.is_string(),
            RustType::Nullable(inner) => {
                if !value.is_null() {
                    self.value(inner, value, path, masked, findings);
                }
                return;
            }
            RustType::Vec(item) => match value.as_array() {
                Some(items) => {
                    for (index, element) in items.iter().enumerate() {
                        self.value(item, element, &format!("{path}[{index}]"), masked, findings);
                    }
                    return;
                }
                None => false,
            },
            RustType::Object(ident) => {
                match (value.as_object(), self.objects.get(ident.as_str())) {
                    (Some(members), Some(object)) => {
                        self.members(&object.fields, members, path, masked, &[], findings);
                        return;
                    }
                    (members, _) => members.is_some(),
                }
            }
        };
        if !fits {
            findings.push(Finding::Misfit {
                path: path.to_owned(),
                expected: expected(ty),
                found: kind(value),
            });
        }
    }
}

fn scalar_fits(scalar: &Scalar, value: &Value, masked: bool) -> bool {
    // A masked sample keeps the kind of a value, and `""` stands for any string.
    let _ = masked;
    scalar.fits(value)
}

fn expected(ty: &RustType) -> String {
    match ty {
        RustType::Scalar(Scalar::Id(ident)) => format!("a string ({ident})"),
        RustType::Scalar(scalar) => scalar.help(),
        RustType::Number => "a number".to_owned(),
        RustType::OrEmpty(ident) => format!("a string ({ident}, or empty)"),
        RustType::Vec(_) => "a list".to_owned(),
        RustType::Nullable(inner) => format!("{} or null", expected(inner)),
        RustType::Object(ident) => format!("an object ({ident})"),
    }
}

fn kind(value: &Value) -> String {
    match value {
        Value::Null => "null".to_owned(),
        Value::Bool(_) => "a boolean".to_owned(),
        Value::Number(number) if number.is_i64() || number.is_u64() => "an integer".to_owned(),
        Value::Number(_) => "a fractional number".to_owned(),
        Value::String(_) => "a string".to_owned(),
        Value::Array(_) => "a list".to_owned(),
        Value::Object(_) => "an object".to_owned(),
    }
}
