//! Mutations for the property tests: real documents (specs, Slack answers, doc pages) broken the
//! way a careless edit or a strange server would, so the tests start near valid input instead of
//! in random noise that every parser refuses at its first byte.

use proptest::prelude::*;
use proptest::sample::Index;
use serde_json::Value;

/// The property-test settings: `cases` unless `PROPTEST_CASES` says otherwise, and no
/// regression files written into the source tree (a failure's minimal input is printed; it
/// becomes a named test instead).
pub fn config(cases: u32) -> ProptestConfig {
    let default = ProptestConfig::default();
    ProptestConfig {
        cases: if std::env::var_os("PROPTEST_CASES").is_some() {
            default.cases
        } else {
            cases
        },
        failure_persistence: None,
        ..default
    }
}

/// Strings that trip up names, escaping and parsing: keywords, reserved type names, leading
/// digits, separators, quotes, control and invisible characters, other scripts, and plenty of
/// arbitrary text.
pub fn odd_string() -> impl Strategy<Value = String> {
    const ODD: &[&str] = &[
        "",
        " ",
        "_",
        "__",
        "type",
        "self",
        "Self",
        "super",
        "crate",
        "gen",
        "fn",
        "async",
        "r#type",
        "Option",
        "Some",
        "None",
        "String",
        "Vec",
        "Result",
        "Ok",
        "Err",
        "Box",
        "mod",
        "true",
        "null",
        "0",
        "1abc",
        "9",
        "a.b",
        "a..b",
        ".",
        "..",
        "-",
        "a-b",
        "a b",
        "snake_case",
        "CamelCase",
        "SCREAMING_CASE",
        "ÄÖÜ",
        "日本語",
        "🦀",
        "ǅ",
        "ß",
        "İ",
        "\t",
        "\n",
        "\r\n",
        "\"",
        "\\",
        "'",
        "#",
        "#[",
        "/*",
        "*/",
        "//",
        "$",
        "::",
        "<>",
        "{}",
        "{{",
        "}}",
        "r#",
        "\u{0}",
        "\u{7f}",
        "\u{202e}",
        "\u{feff}",
        "\u{200b}",
        "C012AB3CD",
        "xoxb-",
        "https://",
        "TODO: describe in our own words",
        "comma,separated",
        "%20",
        "&amp;",
    ];
    prop_oneof![
        3 => proptest::sample::select(ODD).prop_map(str::to_owned),
        3 => "\\PC{0,24}",
        1 => any::<String>(),
        1 => "[a-z_]{100,300}",
    ]
}

/// A JSON value of any kind, small, with extreme numbers and odd strings.
pub fn odd_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        proptest::sample::select(vec![u64::MAX, 0, 1, u64::from(u32::MAX) + 1])
            .prop_map(Value::from),
        any::<f64>().prop_map(Value::from),
        odd_string().prop_map(Value::String),
    ];
    leaf.prop_recursive(2, 8, 3, |inner| {
        prop_oneof![
            proptest::collection::vec(inner.clone(), 0..3).prop_map(Value::Array),
            proptest::collection::vec((odd_string(), inner), 0..3)
                .prop_map(|fields| Value::Object(fields.into_iter().collect())),
        ]
    })
}

/// One change to one node of a JSON document.
#[derive(Debug, Clone)]
pub enum Edit {
    /// Remove the node from its object or array.
    Drop,
    /// Move the node to another key of its object.
    RenameKey(String),
    /// Put another value in its place.
    Replace(Value),
    /// Put a copy of another node of the same document in its place (right shape, wrong place).
    Graft(Index),
    /// Repeat the node in its array, or copy it under a second key of its object.
    Duplicate,
    /// Replace a string (the node indexes the document's strings only), keeping the shape.
    Restring(String),
}

/// An edit and the node it applies to (an index into the document's nodes in pre-order).
#[derive(Debug, Clone)]
pub struct Mutation {
    pub node: Index,
    pub edit: Edit,
}

/// Any one mutation.
pub fn mutation() -> impl Strategy<Value = Mutation> {
    let edit = prop_oneof![
        2 => Just(Edit::Drop),
        1 => odd_string().prop_map(Edit::RenameKey),
        3 => odd_value().prop_map(Edit::Replace),
        2 => any::<Index>().prop_map(Edit::Graft),
        1 => Just(Edit::Duplicate),
    ];
    (any::<Index>(), edit).prop_map(|(node, edit)| Mutation { node, edit })
}

/// A mutation that keeps the document's shape: a string becomes an odd one, or an array item
/// is dropped or repeated. Most such documents still parse, so these reach deeper than
/// `mutation`, whose retyped values the parser mostly refuses at once.
pub fn shape_keeping_mutation() -> impl Strategy<Value = Mutation> {
    let edit = prop_oneof![
        4 => odd_string().prop_map(Edit::Restring),
        1 => Just(Edit::Drop),
        1 => Just(Edit::Duplicate),
    ];
    (any::<Index>(), edit).prop_map(|(node, edit)| Mutation { node, edit })
}

/// Applies `mutation` to `document`.
pub fn apply(document: &mut Value, mutation: &Mutation) {
    let mut nodes = pointers(document);
    if let Edit::Restring(_) = mutation.edit {
        nodes.retain(|pointer| document.pointer(pointer).is_some_and(Value::is_string));
        if nodes.is_empty() {
            return;
        }
    }
    let pointer = &nodes[mutation.node.index(nodes.len())];
    let Some((parent, key)) = split(pointer) else {
        // The root has no parent to drop, rename or repeat it in: replace it instead.
        if let Edit::Replace(value) = &mutation.edit {
            *document = value.clone();
        }
        return;
    };
    let node = document.pointer(pointer).cloned().unwrap_or(Value::Null);
    let replacement = match &mutation.edit {
        Edit::Replace(value) => Some(value.clone()),
        Edit::Restring(text) => Some(Value::String(text.clone())),
        Edit::Graft(other) => document.pointer(&nodes[other.index(nodes.len())]).cloned(),
        _ => None,
    };
    if let Some(value) = replacement {
        if let Some(slot) = document.pointer_mut(pointer) {
            *slot = value;
        }
        return;
    }
    match (document.pointer_mut(&parent), &mutation.edit) {
        (Some(Value::Object(map)), Edit::Drop) => {
            map.remove(&key);
        }
        (Some(Value::Object(map)), Edit::RenameKey(new_key)) => {
            map.remove(&key);
            map.insert(new_key.clone(), node);
        }
        (Some(Value::Object(map)), Edit::Duplicate) => {
            map.insert(format!("{key}_again"), node);
        }
        (Some(Value::Array(items)), edit) => {
            let at = key.parse::<usize>().unwrap_or(0).min(items.len());
            match edit {
                Edit::Drop if at < items.len() => {
                    items.remove(at);
                }
                Edit::Duplicate => items.insert(at, node),
                _ => {}
            }
        }
        _ => {}
    }
}

/// JSON pointers to every node of `document`, root first, in pre-order.
fn pointers(document: &Value) -> Vec<String> {
    fn walk(value: &Value, at: String, out: &mut Vec<String>) {
        out.push(at.clone());
        match value {
            Value::Object(map) => {
                for (key, child) in map {
                    let escaped = key.replace('~', "~0").replace('/', "~1");
                    walk(child, format!("{at}/{escaped}"), out);
                }
            }
            Value::Array(items) => {
                for (index, child) in items.iter().enumerate() {
                    walk(child, format!("{at}/{index}"), out);
                }
            }
            _ => {}
        }
    }
    let mut out = Vec::new();
    walk(document, String::new(), &mut out);
    out
}

/// A pointer's parent pointer and its last key (unescaped); `None` for the root.
fn split(pointer: &str) -> Option<(String, String)> {
    let (parent, key) = pointer.rsplit_once('/')?;
    Some((parent.to_owned(), key.replace("~1", "/").replace("~0", "~")))
}

/// A change to a text: cut it short, or splice odd text in, at a char boundary.
#[derive(Debug, Clone)]
pub enum TextEdit {
    /// Keep only the text before the point.
    Truncate(Index),
    /// Insert a string at the point.
    Insert(Index, String),
    /// Remove the line holding the point.
    DropLine(Index),
    /// Repeat the line holding the point.
    RepeatLine(Index),
}

/// Any one text edit.
pub fn text_edit() -> impl Strategy<Value = TextEdit> {
    prop_oneof![
        1 => any::<Index>().prop_map(TextEdit::Truncate),
        3 => (any::<Index>(), odd_string()).prop_map(|(at, text)| TextEdit::Insert(at, text)),
        2 => any::<Index>().prop_map(TextEdit::DropLine),
        1 => any::<Index>().prop_map(TextEdit::RepeatLine),
    ]
}

/// Applies `edit` to `text`.
pub fn apply_text(text: &mut String, edit: &TextEdit) {
    let point = |at: &Index| {
        let boundaries: Vec<usize> = text
            .char_indices()
            .map(|(i, _)| i)
            .chain([text.len()])
            .collect();
        boundaries[at.index(boundaries.len())]
    };
    match edit {
        TextEdit::Truncate(at) => {
            let at = point(at);
            text.truncate(at);
        }
        TextEdit::Insert(at, inserted) => {
            let at = point(at);
            text.insert_str(at, inserted);
        }
        TextEdit::DropLine(at) | TextEdit::RepeatLine(at) => {
            let at = point(at);
            let start = text[..at].rfind('\n').map_or(0, |i| i + 1);
            let end = text[at..].find('\n').map_or(text.len(), |i| at + i + 1);
            let line = text[start..end].to_owned();
            if matches!(edit, TextEdit::DropLine(_)) {
                text.replace_range(start..end, "");
            } else {
                text.insert_str(end, &line);
            }
        }
    }
}
