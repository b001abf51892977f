//! Values as a page writes them (`false`, `20`, `xxxx-xxxxxxxxx-xxxx`) and as a spec stores
//! them (JSON), so import can convert one into the other and lint can compare them.

use serde_json::Value;

use codegen::spec::TypeSpec;

/// `true`, `false` or a whole number written without leading zeros: a value no name could be.
pub(crate) fn is_literal(text: &str) -> bool {
    matches!(text, "true" | "false") || is_whole_number(text)
}

fn is_whole_number(text: &str) -> bool {
    let digits = text.strip_prefix('-').unwrap_or(text);
    !digits.is_empty()
        && digits.chars().all(|c| c.is_ascii_digit())
        && (digits == "0" || !digits.starts_with('0'))
}

/// The JSON a spec stores for a page's value of an argument of type `ty`; text that does not fit
/// the type stays a string, for the curator to look at.
pub(crate) fn to_json(text: &str, ty: &TypeSpec) -> Value {
    let parsed = match ty {
        TypeSpec::Boolean => boolean(text).map(Value::from),
        TypeSpec::Integer => text.parse::<i64>().ok().map(Value::from),
        TypeSpec::Json => serde_json::from_str::<Value>(text).ok(),
        // A list as the page writes it, `T1,T2`, or as JSON.
        TypeSpec::Array(item) => match serde_json::from_str::<Value>(text) {
            Ok(Value::Array(items)) => Some(Value::Array(items)),
            _ => Some(Value::Array(
                text.split(',')
                    .map(|part| to_json(part.trim(), item))
                    .collect(),
            )),
        },
        _ => None,
    };
    parsed.unwrap_or_else(|| Value::from(text))
}

/// `true`/`false`, and the `1`/`0` some pages write for them.
fn boolean(text: &str) -> Option<bool> {
    match text {
        "true" | "1" => Some(true),
        "false" | "0" => Some(false),
        _ => None,
    }
}

/// A spec value as a page would write it: strings bare, everything else as JSON text.
pub(crate) fn as_page_text(value: &Value) -> String {
    match value {
        Value::String(text) => text.clone(),
        other => other.to_string(),
    }
}

/// Whether a page's value and a spec's value say the same (`default=false` and `false`).
pub(crate) fn same_value(page: &str, spec: &Value) -> bool {
    if page == as_page_text(spec) {
        return true;
    }
    // A list the page writes comma-separated (`T1,T2`) or as JSON text; a flag as `0`/`1`.
    match spec {
        Value::Bool(flag) => boolean(page) == Some(*flag),
        Value::Array(items)
            if page == items.iter().map(as_page_text).collect::<Vec<_>>().join(",") =>
        {
            true
        }
        // JSON the page writes as text (`[{"text": "hi"}]`), spaced as it likes.
        _ => serde_json::from_str::<Value>(page).is_ok_and(|parsed| parsed == *spec),
    }
}

/// The value a sentence like "Defaults to false." gives, if it gives one plainly.
///
/// `Ok(None)`: no such sentence; `Err(words)`: a default given in words, which is not guessed at.
pub(crate) fn default_in_sentence(text: &str) -> Result<Option<String>, String> {
    let Some((_, after)) = text.split_once("efaults to ") else {
        return Ok(None);
    };
    let word = after
        .split_whitespace()
        .next()
        .unwrap_or_default()
        .trim_end_matches(['.', ',', ';', ')']);
    let unquoted = word.trim_matches(['`', '"', '\'']);
    if is_literal(word) || (unquoted.len() + 2 == word.len() && !unquoted.is_empty()) {
        Ok(Some(unquoted.to_owned()))
    } else {
        Err(after.trim().to_owned())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn literals_are_booleans_and_plain_whole_numbers() {
        for literal in ["true", "false", "0", "20", "-1"] {
            assert!(is_literal(literal), "{literal}");
        }
        for other in ["", "00", "07", "x", "True", "1.5", "-"] {
            assert!(!is_literal(other), "{other}");
        }
    }

    #[test]
    fn page_values_become_json_of_the_argument_type() {
        assert_eq!(to_json("false", &TypeSpec::Boolean), Value::Bool(false));
        assert_eq!(to_json("20", &TypeSpec::Integer), Value::from(20));
        assert_eq!(to_json("20", &TypeSpec::String), Value::from("20"));
        assert_eq!(to_json("maybe", &TypeSpec::Boolean), Value::from("maybe"));
    }

    #[test]
    fn page_text_and_json_compare_as_written() {
        assert!(same_value("false", &Value::Bool(false)));
        assert!(same_value("20", &Value::from(20)));
        assert!(same_value("C123", &Value::from("C123")));
        assert!(!same_value("true", &Value::Bool(false)));
    }

    #[test]
    fn defaults_are_read_from_plain_sentences_only() {
        assert_eq!(
            default_in_sentence("Set to true to see it. Defaults to false"),
            Ok(Some("false".into()))
        );
        assert_eq!(
            default_in_sentence("Defaults to 20."),
            Ok(Some("20".into()))
        );
        assert_eq!(
            default_in_sentence("Defaults to `public`."),
            Ok(Some("public".into()))
        );
        assert_eq!(default_in_sentence("No default here."), Ok(None));
        assert_eq!(
            default_in_sentence("Defaults to the current time."),
            Err("the current time.".into())
        );
    }
}
