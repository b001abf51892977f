//! A method page's machine-readable twin (`https://docs.slack.dev/reference/methods/<m>.json`)
//! read into a [`DocPage`]: the same facts as the text page, already apart, plus the answer's
//! members. Descriptions (`desc`) are Slack's words and are not copied; only a deprecation notice
//! in one (and the method it names instead) is read from it.
//!
//! The twin is JSON that Slack shapes as it likes, so it is read as a `serde_json::Value` and
//! each member is looked at on its own: what is missing stays unknown, what has an unexpected
//! shape is reported with its line, never guessed.

use serde_json::{Map, Value};

use super::{DocPage, Layout, PageArgument, PageCode, PageMember, PageType, Unparsed};
use crate::Note;
use codegen::spec::{ContentType, HttpMethod, RateLimit, TokenType};

/// Why a twin cannot be read at all; the caller adds the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TwinError {
    /// 1-based line, where the problem has one.
    pub line: Option<usize>,
    pub message: String,
}

/// Reads a twin's text. `name` is the method, taken from the file name (twins do not repeat it).
pub fn parse(text: &str, name: Option<String>) -> Result<DocPage, TwinError> {
    let root: Value = serde_json::from_str(text).map_err(|error| TwinError {
        line: Some(error.line()),
        message: format!("not JSON: {error}"),
    })?;
    let Value::Object(root) = root else {
        return Err(TwinError {
            line: Some(1),
            message: "expected a JSON object with `args`, `errors` and the method's facts".into(),
        });
    };
    let lines = Lines::new(text);
    let mut reader = TwinReader {
        page: DocPage {
            layout: Layout::Twin,
            url: name
                .as_deref()
                .map(|name| format!("{}{name}", super::ENDPOINT_PREFIX)),
            name,
            ..DocPage::default()
        },
        lines,
    };
    reader.facts(&root);
    reader.arguments(&root)?;
    reader.codes(&root);
    reader.members(&root);
    // serde_json's map is sorted by key; the page's order is the order of the text.
    let page = &mut reader.page;
    page.arguments.sort_by_key(|argument| argument.line);
    page.errors.sort_by_key(|code| code.line);
    page.warnings.sort_by_key(|code| code.line);
    if let Some(members) = &mut page.members {
        members.sort_by_key(|member| member.line);
    }
    Ok(reader.page)
}

/// Finds the line a key is on: the first `"key"` after a given place in the text.
struct Lines<'a> {
    text: &'a str,
}

impl<'a> Lines<'a> {
    fn new(text: &'a str) -> Self {
        Lines { text }
    }

    /// Byte offset of `"key":` at or after `from`.
    fn offset(&self, key: &str, from: usize) -> Option<usize> {
        let needle = serde_json::to_string(key).ok()?;
        let mut at = from;
        while let Some(found) = self.text.get(at..)?.find(&needle) {
            let start = at + found;
            let after = self.text[start + needle.len()..].trim_start();
            if after.starts_with(':') {
                return Some(start);
            }
            at = start + needle.len();
        }
        None
    }

    /// 1-based line of a byte offset.
    fn line(&self, offset: usize) -> usize {
        self.text[..offset].matches('\n').count() + 1
    }

    /// The line of `"key":` after `from`, or of `from` itself when the key is not found.
    fn line_of(&self, key: &str, from: usize) -> usize {
        self.line(self.offset(key, from).unwrap_or(from))
    }
}

struct TwinReader<'a> {
    page: DocPage,
    lines: Lines<'a>,
}

impl TwinReader<'_> {
    fn unexpected(&mut self, key: &str, found: &Value, expected: &str) {
        let line = self.lines.line_of(key, 0);
        self.page.unparsed.push(Unparsed {
            line,
            text: format!("\"{key}\": {}", short(found)),
            expected: expected.to_owned(),
        });
    }

    fn facts(&mut self, root: &Map<String, Value>) {
        match root.get("http_method") {
            Some(Value::String(method)) if method == "GET" => {
                self.page.http_method = Some(HttpMethod::Get)
            }
            Some(Value::String(method)) if method == "POST" => {
                self.page.http_method = Some(HttpMethod::Post)
            }
            Some(other) => self.unexpected("http_method", other, "`GET` or `POST`"),
            None => {}
        }
        // Every method takes a form body; `json_input_supported` says whether JSON too.
        self.page.content_types = match root.get("json_input_supported") {
            Some(Value::Bool(true)) => vec![ContentType::Form, ContentType::Json],
            Some(Value::Bool(false)) | None => vec![ContentType::Form],
            Some(other) => {
                self.unexpected("json_input_supported", other, "true or false");
                vec![ContentType::Form]
            }
        };
        match root.get("rate_limits") {
            Some(Value::String(tier)) => match tier.as_str() {
                "t1" => self.page.rate_limit = Some(RateLimit::Tier(1)),
                "t2" => self.page.rate_limit = Some(RateLimit::Tier(2)),
                "t3" => self.page.rate_limit = Some(RateLimit::Tier(3)),
                "t4" => self.page.rate_limit = Some(RateLimit::Tier(4)),
                // `t5` is what the text page calls "Special rate limits apply".
                "t5" => self.page.rate_limit = Some(RateLimit::Special(String::new())),
                _ => self.unexpected("rate_limits", &root["rate_limits"], "`t1` to `t5`"),
            },
            Some(other) => self.unexpected("rate_limits", other, "`t1` to `t5`"),
            None => {}
        }
        self.scopes(root);
        match root.get("deprecated").or_else(|| root.get("is_deprecated")) {
            Some(Value::Bool(deprecated)) => self.page.deprecated = Some(*deprecated),
            // A deprecation notice in words: deprecated.
            Some(Value::String(_) | Value::Object(_)) => self.page.deprecated = Some(true),
            Some(other) => self.unexpected("deprecated", other, "true, false or a notice"),
            // Most twins have no such member and say it in their one-line description only
            // (rtm.start's "Deprecated: ... Use rtm.connect instead."); a twin silent on both
            // says nothing either way.
            None => {
                let desc = root.get("desc").and_then(Value::as_str).unwrap_or_default();
                if desc
                    .split(|c: char| !c.is_alphanumeric())
                    .any(|word| word == "Deprecated")
                {
                    self.page.deprecated = Some(true);
                }
            }
        }
        if self.page.deprecated == Some(true) {
            let desc = root.get("desc").and_then(Value::as_str).unwrap_or_default();
            self.page.replacement = replacement_named(desc);
        }
    }

    /// `"scope": {"bot": [...], "user": [...]}`: a token type with a list may call the method.
    fn scopes(&mut self, root: &Map<String, Value>) {
        let Some(scope) = root.get("scope") else {
            return;
        };
        let Value::Object(by_token) = scope else {
            self.unexpected("scope", scope, "an object of scope lists per token type");
            return;
        };
        for (key, scopes) in by_token {
            let Some(token) = TokenType::from_wire(key) else {
                self.unexpected(
                    key,
                    scopes,
                    "scopes of `bot`, `user`, `app`, `configuration` or `seamless_user` tokens",
                );
                continue;
            };
            let Some(list) = scopes.as_array().and_then(|list| strings(list)) else {
                self.unexpected(key, scopes, "a list of scope names");
                continue;
            };
            if !self.page.token_types.contains(&token) {
                self.page.token_types.push(token);
            }
            let listed = self.page.scopes.of_mut(token);
            for scope in list {
                if !listed.contains(&scope) {
                    listed.push(scope);
                }
            }
        }
        self.page.token_types.sort();
    }

    fn arguments(&mut self, root: &Map<String, Value>) -> Result<(), TwinError> {
        let start = self.lines.offset("args", 0);
        let properties = root
            .get("args")
            .and_then(|args| args.get("properties"))
            .and_then(Value::as_object);
        let (Some(start), Some(properties)) = (start, properties) else {
            return Err(TwinError {
                line: start.map(|start| self.lines.line(start)),
                message: "no argument table: expected `\"args\": {\"properties\": {...}}`".into(),
            });
        };
        self.page.tables.arguments = Some(self.lines.line(start));
        let required = required_names(root.get("args"));
        for (name, argument) in properties {
            let line = self.lines.line_of(name, start);
            let Value::Object(argument) = argument else {
                self.page.unparsed.push(Unparsed {
                    line,
                    text: format!("\"{name}\": {}", short(argument)),
                    expected: "an object describing the argument".into(),
                });
                continue;
            };
            let ty = page_type(argument);
            // A file travels as a part of a `multipart/form-data` body, which the method then
            // takes besides the twin's other content types.
            if ty.subtype.as_deref() == Some("post_file")
                && !self.page.content_types.contains(&ContentType::Multipart)
            {
                self.page.content_types.push(ContentType::Multipart);
            }
            // A `null` default is no default: the argument is simply left out.
            let value = |key: &str| {
                argument
                    .get(key)
                    .filter(|value| !value.is_null())
                    .map(|value| argument_value(value, &ty))
            };
            self.page.arguments.push(PageArgument {
                name: name.clone(),
                required: required.contains(name),
                default: value("default"),
                example: value("example"),
                ty,
                line,
            });
        }
        self.undescribed(&required, properties, start);
        Ok(())
    }

    /// Names `args` requires without describing them. Every method but a few takes a token,
    /// so a required `token` is read as the usual one (some twins, such as
    /// admin.audit.anomaly.allow.getItem's, list it under `required` with empty `properties`);
    /// any other is left to the curator.
    fn undescribed(&mut self, required: &[String], properties: &Map<String, Value>, start: usize) {
        let line = self.lines.line_of("required", start);
        for name in required
            .iter()
            .filter(|name| !properties.contains_key(*name))
        {
            if name == "token" {
                self.page.arguments.push(PageArgument {
                    name: name.clone(),
                    ty: PageType {
                        word: Some("string".into()),
                        subtype: Some("auth".into()),
                        ..PageType::default()
                    },
                    required: true,
                    default: None,
                    example: None,
                    line,
                });
                let message = "`args` requires `token` without describing it; read as the \
                               usual token";
                self.page.notes.push(Note::at(line, message));
            } else {
                let message = format!(
                    "`args` requires `{name}` without describing it; not read as an argument \
                     (check the page)"
                );
                self.page.notes.push(Note::at(line, message));
            }
        }
    }

    /// `errors` and `warnings`: `{code: {desc}}`, the method's own codes only. A twin without
    /// `errors` lists no codes of its own (api.test's, team.profile.get's): the method answers
    /// with the shared ones only.
    fn codes(&mut self, root: &Map<String, Value>) {
        match self.lines.offset("errors", 0) {
            Some(start) => self.page.tables.errors = Some(self.lines.line(start)),
            None => self.page.notes.push(Note::general(
                "the twin has no `errors`; read as no error codes of the method's own",
            )),
        }
        for (key, into_errors) in [("errors", true), ("warnings", false)] {
            let Some(table) = root.get(key) else {
                continue;
            };
            let Value::Object(table) = table else {
                if !table.is_null() {
                    self.unexpected(key, table, "an object of codes");
                }
                continue;
            };
            let from = self.lines.offset(key, 0).unwrap_or(0);
            for code in table.keys() {
                let code = PageCode {
                    code: code.clone(),
                    line: self.lines.line_of(code, from),
                };
                match into_errors {
                    true => self.page.errors.push(code),
                    false => self.page.warnings.push(code),
                }
            }
        }
    }

    /// `output`: the members of an `ok: true` answer.
    fn members(&mut self, root: &Map<String, Value>) {
        let Some(output) = root.get("output") else {
            return;
        };
        let from = self.lines.offset("output", 0).unwrap_or(0);
        let required = required_names(Some(output));
        let properties = output.get("properties").and_then(Value::as_object);
        let Some(properties) = properties else {
            self.page.notes.push(Note::at(
                self.lines.line(from),
                "`output` lists no `properties`; the answer's members are not compared",
            ));
            return;
        };
        let answers = example_answers(root);
        let members = properties
            .iter()
            // Every answer has these; the client handles them, not the spec.
            .filter(|(name, _)| !matches!(name.as_str(), "ok" | "warning" | "response_metadata"))
            .map(|(name, member)| {
                let mut ty = member.as_object().map(page_type).unwrap_or_default();
                let shown: Vec<&Value> = answers
                    .iter()
                    .filter_map(|answer| answer.get(name))
                    .collect();
                mark_objects(&mut ty, &shown);
                PageMember {
                    name: name.clone(),
                    ty,
                    required: required.contains(name),
                    line: self.lines.line_of(name, from),
                }
            })
            .collect();
        self.page.members = Some(members);
    }
}

/// The example answers of a twin's `examples` that succeeded (`"ok": true`); error examples
/// say nothing of the members.
fn example_answers(root: &Map<String, Value>) -> Vec<&Map<String, Value>> {
    let Some(Value::Object(examples)) = root.get("examples") else {
        return Vec::new();
    };
    examples
        .values()
        .filter_map(|example| example.get("example")?.as_object())
        .filter(|answer| answer.get("ok") == Some(&Value::Bool(true)))
        .collect()
}

/// Marks a member's type, and an array's items, as shown whole objects when every value the
/// example answers give there, `null` aside, is an object (and they give at least one).
fn mark_objects(ty: &mut PageType, shown: &[&Value]) {
    let shown: Vec<&Value> = shown
        .iter()
        .copied()
        .filter(|value| !value.is_null())
        .collect();
    ty.shown_as_object = !shown.is_empty() && shown.iter().all(|value| value.is_object());
    ty.shown_as_string = !shown.is_empty() && shown.iter().all(|value| value.is_string());
    if let Some(items) = &mut ty.items {
        let lists: Option<Vec<&Vec<Value>>> = shown.iter().map(|value| value.as_array()).collect();
        let listed: Vec<&Value> = lists.into_iter().flatten().flatten().collect();
        mark_objects(items, &listed);
    }
}

/// The `required` list of an `args` or `output` object.
fn required_names(object: Option<&Value>) -> Vec<String> {
    object
        .and_then(|object| object.get("required"))
        .and_then(Value::as_array)
        .and_then(|list| strings(list))
        .unwrap_or_default()
}

/// A twin's type: `type` and `subtype`, a `schema` name, `anyOf` with `null`, `items`, `enum`.
fn page_type(object: &Map<String, Value>) -> PageType {
    let text = |key: &str| object.get(key).and_then(Value::as_str).map(str::to_owned);
    let mut ty = PageType {
        word: text("type").filter(|word| word != "null"),
        // A `schema` names the thing more exactly than a `subtype` beside it.
        subtype: text("schema").or_else(|| text("subtype")),
        items: object
            .get("items")
            .and_then(Value::as_object)
            .map(|items| Box::new(page_type(items))),
        nullable: false,
        words: object
            .get("enum")
            .and_then(Value::as_array)
            .and_then(|list| strings(list))
            .unwrap_or_default(),
        shown_as_object: false,
        shown_as_string: false,
    };
    if let Some(Value::Array(choices)) = object.get("anyOf") {
        // `[{type: string, subtype: team}, {type: null}]`: nullable, typed by the first choice.
        ty.nullable = choices
            .iter()
            .any(|choice| choice.get("type") == Some(&"null".into()));
        let first = choices
            .iter()
            .filter_map(Value::as_object)
            .find(|choice| choice.get("type") != Some(&"null".into()));
        if let Some(first) = first {
            let chosen = page_type(first);
            ty.word = ty.word.or(chosen.word);
            ty.subtype = ty.subtype.or(chosen.subtype);
            ty.items = ty.items.or(chosen.items);
        }
    }
    ty
}

/// Every item a string, else `None`.
fn strings(list: &[Value]) -> Option<Vec<String>> {
    list.iter()
        .map(|item| item.as_str().map(str::to_owned))
        .collect()
}

/// A value as a text page would write it: strings bare, the rest as JSON.
fn as_text(value: &Value) -> String {
    match value {
        Value::String(text) => text.clone(),
        other => other.to_string(),
    }
}

/// An argument's default or example as text. A list argument's value written as a Python list,
/// `['T00000000','T00000001']` (as admin.conversations.search's twin and others of the admin methods do), is
/// read as the list it plainly is and given as JSON, `["T00000000","T00000001"]`, which import
/// and lint read as they read any JSON list; anything else stays as written.
fn argument_value(value: &Value, ty: &PageType) -> String {
    let text = as_text(value);
    let is_list = ty.word.as_deref() == Some("array");
    match value {
        Value::String(written) if is_list => python_list(written)
            .map(|items| Value::from(items).to_string())
            .unwrap_or(text),
        _ => text,
    }
}

/// The items of `['a', 'b']`: brackets around single-quoted items with no quote or backslash
/// inside, separated by commas; `None` for anything else (JSON included, which is read as JSON).
fn python_list(text: &str) -> Option<Vec<String>> {
    let inner = text.trim().strip_prefix('[')?.strip_suffix(']')?.trim();
    if inner.is_empty() {
        return None;
    }
    inner
        .split(',')
        .map(|item| {
            let item = item.trim().strip_prefix('\'')?.strip_suffix('\'')?;
            (!item.contains(['\'', '"', '\\'])).then(|| item.to_owned())
        })
        .collect()
}

/// A value shortened for a message.
fn short(value: &Value) -> String {
    let text = value.to_string();
    match text.char_indices().nth(60) {
        Some((at, _)) => format!("{}...", &text[..at]),
        None => text,
    }
}

/// The method name of a twin's file (`conversations.info.json`), which the twin itself omits.
pub fn name_from_file(file: &std::path::Path) -> Option<String> {
    let name = file.file_name()?.to_str()?.strip_suffix(".json")?;
    super::is_method_name(name).then(|| name.to_owned())
}

/// The method a deprecation notice says to use instead: `Use rtm.connect instead.`
fn replacement_named(desc: &str) -> Option<String> {
    let (_, after) = desc.split_once("Use ")?;
    let name = after
        .split_whitespace()
        .next()?
        .trim_end_matches(['.', ',', ';']);
    let is_method = name.contains('.')
        && name
            .split('.')
            .all(|part| !part.is_empty() && part.chars().all(|c| c.is_ascii_alphanumeric()));
    is_method.then(|| name.to_owned())
}
