//! Turns a method's arguments into what goes on the wire: a query string, a form body (no charset),
//! a JSON body (`application/json; charset=utf-8`) or, for a call that carries a file, a
//! `multipart/form-data` body, picked from the encodings the method accepts.

use bytes::Bytes;

use crate::file_arg::FileArg;
use crate::method::{ArgValue, ContentType, HttpMethod, InvalidArgument, ListFormat};

/// The `Content-Type` of a JSON body; the charset keeps Slack from warning `missing_charset`.
pub(crate) const JSON_CONTENT_TYPE: &str = "application/json; charset=utf-8";

/// An encoded request, ready to be sent as many times as retries need.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Payload {
    /// `GET` with the arguments in the query string.
    Query(Vec<(&'static str, String)>),
    /// `POST` with an `application/x-www-form-urlencoded` body.
    Form(Vec<(&'static str, String)>),
    /// `POST` with a JSON object body; `Bytes` so that each attempt shares it, uncopied.
    Json(Bytes),
    /// `POST` with a `multipart/form-data` body: text fields and files, in order; each attempt
    /// builds its body from them (the files' bytes shared, uncopied).
    Multipart(Vec<(&'static str, MultipartValue)>),
}

/// One part of a multipart body.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum MultipartValue {
    Text(String),
    File(FileArg),
}

/// The body encoding to use: multipart for a call that carries a file, else JSON when preferred
/// and accepted, otherwise form when accepted, otherwise the first one the method accepts
/// besides multipart.
pub(crate) fn choose_content_type(
    accepted: &[ContentType],
    prefer_json: bool,
    arguments: &[(&'static str, ArgValue)],
) -> ContentType {
    let carries_file = || {
        arguments
            .iter()
            .any(|(_, value)| matches!(value, ArgValue::File(_)))
    };
    if accepted.contains(&ContentType::Multipart) && carries_file() {
        ContentType::Multipart
    } else if prefer_json && accepted.contains(&ContentType::Json) {
        ContentType::Json
    } else if accepted.contains(&ContentType::Form) || accepted.is_empty() {
        ContentType::Form
    } else {
        let body = accepted.iter().find(|ty| **ty != ContentType::Multipart);
        body.copied().unwrap_or(ContentType::Form)
    }
}

/// Encodes `arguments` for `http_method` and the chosen content type.
pub(crate) fn encode(
    http_method: HttpMethod,
    content_type: ContentType,
    arguments: Vec<(&'static str, ArgValue)>,
) -> Result<Payload, InvalidArgument> {
    match (http_method, content_type) {
        (HttpMethod::Get, _) => Ok(Payload::Query(form_pairs(arguments)?)),
        (HttpMethod::Post, ContentType::Form) => Ok(Payload::Form(form_pairs(arguments)?)),
        (HttpMethod::Post, ContentType::Json) => {
            let mut object = serde_json::Map::new();
            for (name, value) in arguments {
                object.insert(name.to_owned(), json_value(name, value)?);
            }
            let body = serde_json::to_vec(&serde_json::Value::Object(object))
                .expect("a JSON value always serializes");
            Ok(Payload::Json(Bytes::from(body)))
        }
        (HttpMethod::Post, ContentType::Multipart) => {
            let parts = arguments.into_iter().map(|(name, value)| {
                Ok(match value {
                    ArgValue::File(file) if !file.has_valid_media_type() => {
                        return Err(InvalidArgument {
                            argument: name,
                            expected: format!(
                                "a file whose content type is a media type (`image/png`), got `{}`",
                                file.media_type().unwrap_or_default()
                            ),
                        });
                    }
                    ArgValue::File(file) => (name, MultipartValue::File(file)),
                    other => (name, MultipartValue::Text(form_value(name, other)?)),
                })
            });
            Ok(Payload::Multipart(parts.collect::<Result<_, _>>()?))
        }
    }
}

pub(crate) fn form_pairs(
    arguments: Vec<(&'static str, ArgValue)>,
) -> Result<Vec<(&'static str, String)>, InvalidArgument> {
    arguments
        .into_iter()
        .map(|(name, value)| Ok((name, form_value(name, value)?)))
        .collect()
}

/// One argument as text in a form field or query string.
fn form_value(name: &'static str, value: ArgValue) -> Result<String, InvalidArgument> {
    Ok(match value {
        ArgValue::Str(text) => text,
        ArgValue::Bool(flag) => flag.to_string(),
        ArgValue::Int(number) => number.to_string(),
        ArgValue::Float(number) => finite(name, number)?.to_string(),
        ArgValue::List(items, ListFormat::CommaSeparated) => items.join(","),
        ArgValue::List(items, ListFormat::JsonArray) => serde_json::Value::from(items).to_string(),
        ArgValue::Json(value) => value.to_string(),
        ArgValue::File(_) => return Err(file_outside_multipart(name)),
    })
}

/// A file in a body that cannot carry one: a method whose spec lists no multipart body.
fn file_outside_multipart(name: &'static str) -> InvalidArgument {
    InvalidArgument {
        argument: name,
        expected: "a value that is not a file: a file travels only in a multipart/form-data \
                   body, which this method does not take"
            .to_owned(),
    }
}

/// One argument as a member of a JSON body.
fn json_value(name: &'static str, value: ArgValue) -> Result<serde_json::Value, InvalidArgument> {
    use serde_json::Value;
    Ok(match value {
        ArgValue::Str(text) => Value::String(text),
        ArgValue::Bool(flag) => Value::Bool(flag),
        ArgValue::Int(number) => Value::from(number),
        ArgValue::Float(number) => Value::from(finite(name, number)?),
        ArgValue::List(items, ListFormat::CommaSeparated) => Value::String(items.join(",")),
        ArgValue::List(items, ListFormat::JsonArray) => Value::from(items),
        ArgValue::Json(value) => value,
        ArgValue::File(_) => return Err(file_outside_multipart(name)),
    })
}

/// JSON has no NaN or infinity, and Slack would not understand them in a form either.
fn finite(name: &'static str, number: f64) -> Result<f64, InvalidArgument> {
    if number.is_finite() {
        Ok(number)
    } else {
        Err(InvalidArgument {
            argument: name,
            expected: format!("a finite number, got {number}"),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Vec<(&'static str, ArgValue)> {
        vec![
            ("channel", ArgValue::Str("C1".into())),
            ("flag", ArgValue::Bool(false)),
            ("count", ArgValue::Int(-3)),
            ("ratio", ArgValue::Float(0.5)),
            (
                "teams",
                ArgValue::List(vec!["T1".into(), "T2".into()], ListFormat::CommaSeparated),
            ),
            (
                "ids",
                ArgValue::List(vec!["a".into()], ListFormat::JsonArray),
            ),
            ("blob", ArgValue::Json(serde_json::json!({"k": [1]}))),
        ]
    }

    #[test]
    fn form_encoding_is_text() {
        let Payload::Form(pairs) = encode(HttpMethod::Post, ContentType::Form, sample()).unwrap()
        else {
            panic!("expected a form");
        };
        let expected: Vec<(&str, String)> = vec![
            ("channel", "C1".into()),
            ("flag", "false".into()),
            ("count", "-3".into()),
            ("ratio", "0.5".into()),
            ("teams", "T1,T2".into()),
            ("ids", r#"["a"]"#.into()),
            ("blob", r#"{"k":[1]}"#.into()),
        ];
        assert_eq!(pairs, expected);
    }

    #[test]
    fn json_encoding_keeps_native_types() {
        let Payload::Json(body) = encode(HttpMethod::Post, ContentType::Json, sample()).unwrap()
        else {
            panic!("expected JSON");
        };
        let value: serde_json::Value = serde_json::from_slice(&body).unwrap();
        assert_eq!(
            value,
            serde_json::json!({
                "channel": "C1", "flag": false, "count": -3, "ratio": 0.5,
                "teams": "T1,T2", "ids": ["a"], "blob": {"k": [1]}
            })
        );
    }

    #[test]
    fn non_finite_floats_are_refused() {
        let args = vec![("ratio", ArgValue::Float(f64::NAN))];
        let error = encode(HttpMethod::Post, ContentType::Json, args).unwrap_err();
        assert_eq!(error.argument, "ratio");
    }

    #[test]
    fn content_type_follows_preference_and_acceptance() {
        use ContentType::{Form, Json, Multipart};
        let none = &[];
        assert_eq!(choose_content_type(&[Form, Json], false, none), Form);
        assert_eq!(choose_content_type(&[Form, Json], true, none), Json);
        assert_eq!(choose_content_type(&[Json], false, none), Json);
        assert_eq!(choose_content_type(&[Form], true, none), Form);
        assert_eq!(choose_content_type(&[], true, none), Form);
        // Multipart only when a file goes along.
        assert_eq!(choose_content_type(&[Form, Multipart], false, none), Form);
        let file = [(
            "image",
            ArgValue::File(FileArg::new("a.png", b"a".to_vec())),
        )];
        assert_eq!(
            choose_content_type(&[Form, Multipart], true, &file),
            Multipart
        );
    }

    #[test]
    fn a_file_travels_only_in_a_multipart_body() {
        let file = || {
            vec![(
                "image",
                ArgValue::File(FileArg::new("a.png", b"a".to_vec())),
            )]
        };
        assert!(encode(HttpMethod::Post, ContentType::Form, file()).is_err());
        assert!(encode(HttpMethod::Post, ContentType::Json, file()).is_err());
        let Ok(Payload::Multipart(parts)) =
            encode(HttpMethod::Post, ContentType::Multipart, file())
        else {
            panic!("expected a multipart payload");
        };
        assert_eq!(parts.len(), 1);
    }
}
