//! Typed answers: what the mock sends back for calls of one method, built from the method's own
//! response, error and warning types so a stub cannot drift from the spec.

use std::fmt;
use std::marker::PhantomData;

use serde_json::{Map, Value};

use crate::method::{Code, Method};

/// The answer to calls of `M`: its `ok: true` payload or one of its error codes, with warnings.
///
/// ```
/// # use slack_api_client::api::{CommonError, ConversationsInfoError, ConversationsInfoRequest};
/// use slack_api_client::testing::Answer;
/// let not_found = Answer::<ConversationsInfoRequest>::error(ConversationsInfoError::Common(CommonError::ChannelNotFound));
/// let found = Answer::<ConversationsInfoRequest>::ok_json(serde_json::json!({
///     "channel": {"id": "C1", "name": "general"}
/// }));
/// assert!(found.is_ok());
/// # let _ = not_found;
/// ```
pub struct Answer<M: Method> {
    body: Value,
    times: Option<usize>,
    method: PhantomData<fn() -> M>,
}

impl<M: Method> Clone for Answer<M> {
    fn clone(&self) -> Self {
        Answer {
            body: self.body.clone(),
            times: self.times,
            method: PhantomData,
        }
    }
}

impl<M: Method> fmt::Debug for Answer<M> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Answer")
            .field("method", &M::NAME)
            .field("body", &self.body)
            .field("times", &self.times)
            .finish()
    }
}

/// A JSON answer that does not fit the method's response type.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AnswerError {
    method: &'static str,
    reason: String,
}

impl fmt::Display for AnswerError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "the answer does not fit {}'s response: {}",
            self.method, self.reason
        )
    }
}

impl std::error::Error for AnswerError {}

impl<M: Method> Answer<M> {
    /// A successful answer carrying `data`.
    pub fn ok(data: M::Response) -> Self {
        let body = match serde_json::to_value(data) {
            Ok(Value::Object(members)) => members,
            // Generated responses are structs; a payload that is not an object carries nothing.
            _ => Map::new(),
        };
        Answer::with_ok(body, true)
    }

    /// A successful answer from JSON (without `"ok"`), checked against `M`'s response type:
    /// the way to build a response outside this crate, whose types are `#[non_exhaustive]`.
    /// The JSON is sent as given, so members the type does not know reach the client too.
    pub fn ok_json(json: Value) -> Result<Self, AnswerError> {
        let invalid = |reason: String| AnswerError {
            method: M::NAME,
            reason,
        };
        let Value::Object(members) = json else {
            return Err(invalid("expected a JSON object".to_owned()));
        };
        serde_json::from_value::<M::Response>(Value::Object(members.clone()))
            .map_err(|e| invalid(e.to_string()))?;
        Ok(Answer::with_ok(members, true))
    }

    /// The smallest successful answer, `{"ok": true}`, when `M`'s response needs no member
    /// (as for methods that return nothing else); `None` when it needs some.
    pub fn empty() -> Option<Self> {
        Answer::ok_json(Value::Object(Map::new())).ok()
    }

    /// An `ok: false` answer with one of `M`'s error codes.
    pub fn error(code: M::Error) -> Self {
        let mut body = Map::new();
        body.insert("error".to_owned(), Value::from(code.code()));
        Answer::with_ok(body, false)
    }

    /// Adds warnings, sent both as the top-level `warning` and in `response_metadata.warnings`
    /// as Slack does.
    pub fn warnings(mut self, warnings: impl IntoIterator<Item = M::Warning>) -> Self {
        let codes: Vec<String> = warnings.into_iter().map(|w| w.code().to_owned()).collect();
        let Value::Object(body) = &mut self.body else {
            return self;
        };
        if codes.is_empty() {
            return self;
        }
        body.insert("warning".to_owned(), Value::from(codes.join(",")));
        let metadata = body
            .entry("response_metadata")
            .or_insert_with(|| Value::Object(Map::new()));
        if let Value::Object(metadata) = metadata {
            metadata.insert("warnings".to_owned(), Value::from(codes));
        }
        self
    }

    /// Adds (or replaces) a top-level member, for what the typed constructors do not set: the
    /// `needed` and `provided` scopes of a `missing_scope` error, `response_metadata` messages.
    pub fn member(mut self, name: &str, value: Value) -> Self {
        if let Value::Object(body) = &mut self.body {
            body.insert(name.to_owned(), value);
        }
        self
    }

    /// Answers only the next `times` calls; later calls get the answer stubbed before or after
    /// it (by default every later call gets it).
    pub fn times(mut self, times: usize) -> Self {
        self.times = Some(times);
        self
    }

    /// Any JSON, sent exactly as given: no `ok` added, nothing checked. For answers that must
    /// fail to decode, or shapes the typed constructors do not make.
    pub fn raw_json(body: Value) -> Self {
        Answer {
            body,
            times: None,
            method: PhantomData,
        }
    }

    fn with_ok(mut body: Map<String, Value>, ok: bool) -> Self {
        body.insert("ok".to_owned(), Value::Bool(ok));
        Answer::raw_json(Value::Object(body))
    }

    /// The body as sent, and how many calls it answers.
    pub(crate) fn into_parts(self) -> (Vec<u8>, Option<usize>) {
        let body = serde_json::to_vec(&self.body).unwrap_or_default();
        (body, self.times)
    }
}
