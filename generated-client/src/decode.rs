//! Turns Slack's answer into the response's parts, warnings or an error, each failure with its
//! class (see `classify`). Any body, however broken, becomes a value, never a panic.
//!
//! Compiled once for every method: the only part that knows the method's types is the
//! [`AnswerSlot`] the caller hands in, which decodes the payload and turns an error code into
//! the method's typed code, once. The envelope is read from the payload's `extra`, where the
//! members no spec names land, so a success is one pass over the body.

use std::time::Duration;

use serde::Deserialize;
use serde::de::DeserializeOwned;
use serde_json::Map;

use crate::auth::Redactor;
use crate::classify::{self, Retry};
use crate::error::{ApiError, DecodeError, Error, WireCode};
use crate::method::{Code, Method};
use crate::misfit::{self, Misfit, Unfit};
use crate::response::RawAnswer;
use crate::wire::{self, Object};

/// The most characters of a body an error carries.
const EXCERPT_CHARS: usize = 200;

/// An error of the untyped engine: the method's typed error once its code is looked up.
pub(crate) type WireError = Error<WireCode>;

/// One HTTP answer, read in full.
#[derive(Debug)]
pub(crate) struct Reply {
    pub(crate) status: u16,
    /// `Retry-After` in seconds, when present and readable.
    pub(crate) retry_after: Option<Duration>,
    /// Slack's headers about the call; its body is filled in from `body` once decoded.
    pub(crate) answer: RawAnswer,
    pub(crate) body: Vec<u8>,
}

impl Reply {
    /// The headers and the body as text, moved (the body is valid UTF-8 once it parsed as JSON).
    fn into_answer(self) -> RawAnswer {
        let body = String::from_utf8(self.body)
            .unwrap_or_else(|invalid| String::from_utf8_lossy(invalid.as_bytes()).into_owned());
        RawAnswer {
            body,
            ..self.answer
        }
    }
}

/// A failed attempt: the error to return if it is final, and its class.
#[derive(Debug)]
pub(crate) struct Failure {
    pub(crate) error: WireError,
    pub(crate) retry: Retry,
}

impl Failure {
    pub(crate) fn not_retried(error: WireError) -> Self {
        Failure {
            error,
            retry: Retry::Never,
        }
    }
}

/// An `ok: true` answer, but for its payload, which the [`AnswerSlot`] holds.
#[derive(Debug)]
pub(crate) struct Success {
    /// Warning codes, each once, as on the wire.
    pub(crate) warnings: Vec<String>,
    pub(crate) messages: Vec<String>,
    /// `response_metadata.next_cursor`, when not empty.
    pub(crate) next_cursor: Option<String>,
    /// What of the payload did not fit its types, set aside.
    pub(crate) misfits: Vec<Misfit>,
    pub(crate) answer: RawAnswer,
}

/// What decoding needs to know of one method: its name, and the slot its typed parts go to.
pub(crate) struct Decoding<'a> {
    pub(crate) method: &'static str,
    pub(crate) slot: &'a mut (dyn AnswerSlot + Send),
}

/// Where the method's typed parts of an answer go: the only generic steps of a call's decoding.
pub(crate) trait AnswerSlot {
    /// Decodes the payload into the slot and returns the envelope, read in the same pass.
    fn decode(&mut self, body: &[u8]) -> Result<Envelope, serde_json::Error>;

    /// Decodes the payload of a JSON answer that did not decode strictly, setting aside what
    /// does not fit (see [`misfit`]).
    fn decode_lenient(&mut self, body: &[u8]) -> Result<Vec<Misfit>, Unfit>;

    /// Turns an `ok: false` answer's code into the method's typed code, kept in the slot, and
    /// says whether the spec marks it retryable.
    fn error_code(&mut self, code: &str) -> bool;
}

/// The typed parts of an answer to a call of `M`: empty until an answer decodes or fails.
pub(crate) struct Slot<M: Method> {
    pub(crate) data: Option<M::Response>,
    /// The typed code of the last `ok: false` answer.
    pub(crate) code: Option<M::Error>,
}

impl<M: Method> Slot<M> {
    pub(crate) fn new() -> Self {
        Slot {
            data: None,
            code: None,
        }
    }
}

impl<M: Method> AnswerSlot for Slot<M> {
    fn decode(&mut self, body: &[u8]) -> Result<Envelope, serde_json::Error> {
        let mut data = M::Response::default();
        wire::decode_strict(body, &mut data)?;
        let envelope = Envelope::from_members(data.extra_mut())?;
        self.data = Some(data);
        Ok(envelope)
    }

    fn decode_lenient(&mut self, body: &[u8]) -> Result<Vec<Misfit>, Unfit> {
        let value = serde_json::from_slice(body).map_err(|e| Unfit {
            path: String::new(),
            expected: format!("a JSON object ({e})"),
        })?;
        let (data, misfits) = misfit::decode_value(value)?;
        self.data = Some(data);
        Ok(misfits)
    }

    fn error_code(&mut self, code: &str) -> bool {
        let code = M::Error::from_code(code);
        let retryable = code.is_retryable();
        self.code = Some(code);
        retryable
    }
}

/// The fields every Slack answer shares, whatever the method. Only `ok` must fit: a member of
/// another shape reads as absent (the payload's `extra` still has it), so an odd `warning` never
/// hides an answer's error code.
#[derive(Debug, Deserialize)]
pub(crate) struct Envelope {
    ok: bool,
    #[serde(default, deserialize_with = "if_it_fits")]
    error: Option<String>,
    #[serde(default, deserialize_with = "if_it_fits")]
    needed: Option<String>,
    #[serde(default, deserialize_with = "if_it_fits")]
    provided: Option<String>,
    #[serde(default, deserialize_with = "if_it_fits")]
    warning: Option<String>,
    #[serde(default, deserialize_with = "if_it_fits")]
    response_metadata: Option<Metadata>,
}

#[derive(Debug, Default, Deserialize)]
struct Metadata {
    #[serde(default, deserialize_with = "strings")]
    warnings: Option<Vec<String>>,
    #[serde(default, deserialize_with = "strings")]
    messages: Option<Vec<String>>,
    #[serde(default, deserialize_with = "if_it_fits")]
    next_cursor: Option<String>,
}

/// An envelope member's value, `None` when it is not of its type.
fn if_it_fits<'de, D: serde::Deserializer<'de>, T: DeserializeOwned>(
    deserializer: D,
) -> Result<Option<T>, D::Error> {
    let value = serde_json::Value::deserialize(deserializer)?;
    Ok(T::deserialize(value).ok())
}

/// A list of texts, without the items that are not text.
fn strings<'de, D: serde::Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<Vec<String>>, D::Error> {
    Ok(match serde_json::Value::deserialize(deserializer)? {
        serde_json::Value::Array(items) => Some(
            items
                .into_iter()
                .filter_map(|item| match item {
                    serde_json::Value::String(text) => Some(text),
                    _ => None,
                })
                .collect(),
        ),
        _ => None,
    })
}

impl Envelope {
    /// The envelope of an answer from its members; only those of the envelope are read.
    fn from_members(
        members: &Map<String, serde_json::Value>,
    ) -> Result<Envelope, serde_json::Error> {
        Envelope::deserialize(members)
    }

    /// The envelope with the token replaced wherever the answer echoed it: its strings end up
    /// in errors and logs.
    fn redacted(self, token: Redactor<'_>) -> Envelope {
        let redact = |text: Option<String>| text.map(|text| token.redact_owned(text));
        let redact_all = |texts: Option<Vec<String>>| {
            texts.map(|texts| {
                texts
                    .into_iter()
                    .map(|text| token.redact_owned(text))
                    .collect()
            })
        };
        Envelope {
            ok: self.ok,
            error: redact(self.error),
            needed: redact(self.needed),
            provided: redact(self.provided),
            warning: redact(self.warning),
            response_metadata: self.response_metadata.map(|metadata| Metadata {
                warnings: redact_all(metadata.warnings),
                messages: redact_all(metadata.messages),
                next_cursor: metadata.next_cursor,
            }),
        }
    }

    /// Warning codes from the top-level `warning` (comma-separated) and
    /// `response_metadata.warnings`, each once, in order.
    fn warnings(&self) -> Vec<String> {
        let top = self.warning.iter().flat_map(|w| w.split(','));
        let listed = self
            .response_metadata
            .iter()
            .flat_map(|m| m.warnings.iter().flatten())
            .map(String::as_str);
        let mut codes: Vec<String> = Vec::new();
        for code in top.chain(listed).map(str::trim) {
            if !code.is_empty() && !codes.iter().any(|seen| seen == code) {
                codes.push(code.to_owned());
            }
        }
        codes
    }

    /// `response_metadata.next_cursor`; an empty one (the last page) is none.
    fn next_cursor(&mut self) -> Option<String> {
        self.response_metadata
            .as_mut()
            .and_then(|m| m.next_cursor.take())
            .filter(|cursor| !cursor.is_empty())
    }

    fn messages(&mut self) -> Vec<String> {
        self.response_metadata
            .as_mut()
            .and_then(|m| m.messages.take())
            .unwrap_or_default()
    }
}

/// Decodes one answer to a call: its typed parts into `how.slot`, the rest returned.
pub(crate) fn decode(
    reply: Reply,
    token: Redactor<'_>,
    how: Decoding<'_>,
) -> Result<Success, Failure> {
    let status = reply.status;
    if status == 429 {
        return Err(Failure {
            error: Error::RateLimited {
                retry_after: reply.retry_after,
            },
            retry: classify::status(status, reply.retry_after),
        });
    }
    // The usual answer, a success, in one pass over the body; anything else as below, the
    // envelope read alone first so that its faults are told apart from the payload's.
    if (200..300).contains(&status)
        && let Ok(envelope) = how.slot.decode(&reply.body)
        && envelope.ok
    {
        return Ok(success(how.method, envelope.redacted(token), reply));
    }
    let envelope = serde_json::from_slice::<Envelope>(&reply.body).map(|e| e.redacted(token));
    if !(200..300).contains(&status) {
        // A client error that still carries Slack's `ok: false` is reported by its code.
        if let Ok(envelope) = envelope
            && (400..500).contains(&status)
            && !envelope.ok
            && envelope.error.is_some()
        {
            return Err(api_error(how, envelope, reply));
        }
        return Err(Failure {
            error: Error::Http {
                status,
                excerpt: excerpt(&reply.body, token),
            },
            retry: classify::status(status, reply.retry_after),
        });
    }
    let envelope = match envelope {
        Ok(envelope) => envelope,
        Err(e) => {
            let retry = classify::unreadable(&e);
            let reason = format!("not a Slack JSON answer: {e}");
            let error = decode_error(reply, token, reason, None);
            return Err(Failure { error, retry });
        }
    };
    if !envelope.ok {
        if envelope.error.is_none() {
            let reason = "`ok` is false but `error` is missing".to_owned();
            return Err(Failure::not_retried(decode_error(
                reply, token, reason, None,
            )));
        }
        return Err(api_error(how, envelope, reply));
    }
    // The envelope is sound, so what fails is the payload: decoded again, setting aside what
    // does not fit.
    match how.slot.decode_lenient(&reply.body) {
        Ok(misfits) => {
            log_misfits(how.method, &misfits, token);
            let mut success = success(how.method, envelope, reply);
            success.misfits = misfits;
            Ok(success)
        }
        Err(unfit) => {
            let (method, path, expected) = (how.method, &unfit.path, &unfit.expected);
            let reason = if path.is_empty() {
                format!("{method}'s response expects {expected}")
            } else if expected == misfit::MISSING {
                format!("{method}'s response requires `{path}`, which is missing")
            } else {
                format!("{method}'s response requires `{path}` to be {expected}")
            };
            let error = decode_error(reply, token, reason, Some(unfit));
            Err(Failure::not_retried(error))
        }
    }
}

/// A [`Error::Decode`] that keeps the whole body. serde's messages quote the values they
/// refused, which may hold anything the body held, so the reason is redacted.
fn decode_error(
    reply: Reply,
    token: Redactor<'_>,
    reason: String,
    unfit: Option<Unfit>,
) -> WireError {
    let (path, expected) = match unfit {
        Some(unfit) => (
            Some(token.redact_owned(unfit.path)),
            Some(token.redact_owned(unfit.expected)),
        ),
        None => (None, None),
    };
    Error::Decode(Box::new(DecodeError {
        status: reply.status,
        reason: token.redact_owned(reason),
        path,
        expected,
        excerpt: excerpt(&reply.body, token),
        answer: reply.into_answer(),
    }))
}

/// The parts of an `ok: true` answer besides its payload, its warnings logged.
fn success(method: &'static str, mut envelope: Envelope, reply: Reply) -> Success {
    let warnings = envelope.warnings();
    log_warnings(method, &warnings);
    Success {
        warnings,
        messages: envelope.messages(),
        next_cursor: envelope.next_cursor(),
        misfits: Vec::new(),
        answer: reply.into_answer(),
    }
}

/// One event for all that did not fit in one answer: where, and what was expected (never the
/// values, which may hold anything).
fn log_misfits(method: &'static str, misfits: &[Misfit], token: Redactor<'_>) {
    if misfits.is_empty() {
        return;
    }
    let listed: Vec<String> = misfits.iter().map(ToString::to_string).collect();
    tracing::warn!(
        method,
        count = misfits.len(),
        members = %token.redact(&listed.join(", ")),
        "members of Slack's answer did not fit their types; kept as sent, typed fields absent"
    );
}

/// An `ok: false` envelope as an API error, its code typed (in the slot) once.
fn api_error(how: Decoding<'_>, mut envelope: Envelope, reply: Reply) -> Failure {
    let warnings = envelope.warnings();
    log_warnings(how.method, &warnings);
    let code = envelope.error.take().unwrap_or_default();
    let retryable = how.slot.error_code(&code);
    let retry = classify::api_code(&code, retryable, reply.retry_after);
    Failure {
        error: Error::Api(Box::new(ApiError {
            error: WireCode(code),
            needed: envelope.needed.take(),
            provided: envelope.provided.take(),
            messages: envelope.messages(),
            warnings,
            answer: reply.into_answer(),
        })),
        retry,
    }
}

fn log_warnings(method: &'static str, warnings: &[String]) {
    for warning in warnings {
        tracing::warn!(method, warning = %warning, "Slack sent a warning");
    }
}

/// The start of a body for an error message: lossy UTF-8, whitespace collapsed, token redacted,
/// at most [`EXCERPT_CHARS`] characters.
pub(crate) fn excerpt(body: &[u8], token: Redactor<'_>) -> String {
    let text = token.redact(&String::from_utf8_lossy(body));
    let mut excerpt = String::new();
    for (count, word) in text.split_whitespace().enumerate() {
        if count > 0 {
            excerpt.push(' ');
        }
        excerpt.push_str(word);
        if excerpt.len() > EXCERPT_CHARS * 4 {
            break;
        }
    }
    if excerpt.chars().count() > EXCERPT_CHARS {
        excerpt = excerpt.chars().take(EXCERPT_CHARS).collect();
        excerpt.push('…');
    }
    excerpt
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::auth::Token;

    fn token() -> Token {
        Token::new("xoxb-1".to_owned()).unwrap()
    }

    #[test]
    fn excerpts_are_short_collapsed_and_redacted() {
        let body = format!("<html>\n  <p>xoxb-1</p>{}</html>", "x".repeat(500));
        let text = excerpt(body.as_bytes(), Redactor::new(Some(&token()), [None; 4]));
        assert!(text.starts_with("<html> <p>[redacted]</p>xxx"), "{text}");
        assert_eq!(text.chars().count(), EXCERPT_CHARS + 1);
        assert_eq!(
            excerpt(&[0xff, b'a'], Redactor::new(Some(&token()), [None; 4])),
            "\u{fffd}a"
        );
    }

    #[test]
    fn warnings_merge_top_level_and_metadata() {
        let envelope: Envelope = serde_json::from_str(
            r#"{"ok":true,"warning":"missing_charset, other",
                "response_metadata":{"warnings":["missing_charset","third"],"messages":null}}"#,
        )
        .unwrap();
        assert_eq!(envelope.warnings(), ["missing_charset", "other", "third"]);
    }
}
