//! What a successful call returns: the decoded response with its warnings, and what every
//! answer keeps of how Slack sent it (headers about the call, the body as sent).

use std::fmt;

use crate::misfit::Misfit;

/// A decoded `ok: true` answer, with the warnings Slack sent beside it.
#[derive(Debug, Clone)]
pub struct Response<T, W> {
    /// The method's payload.
    pub data: T,
    /// Warning codes (top-level `warning` and `response_metadata.warnings`), each once.
    pub warnings: Vec<W>,
    /// `response_metadata.messages`.
    pub messages: Vec<String>,
    /// `response_metadata.next_cursor` of a paged list: the cursor of the next page, `None` on
    /// the last (Slack sends it empty there). [`Client::pages`](crate::Client::pages) follows it.
    pub next_cursor: Option<String>,
    /// Members and list items of the answer that did not fit their declared types, each kept as
    /// Slack sent it (a member also in its object's `extra`) while its typed field reads as
    /// absent; empty for an answer that fits. A `WARN` event lists them once per call.
    pub misfits: Vec<Misfit>,
    pub(crate) answer: RawAnswer,
}

/// What `Response`, `ApiError` and `DecodeError` all tell of the answer they came from, read from its
/// [`RawAnswer`].
macro_rules! answer_accessors {
    () => {
        /// Slack's id of this request (`x-slack-req-id`), to quote when asking Slack about a call.
        pub fn request_id(&self) -> Option<&str> {
            self.answer.request_id.as_deref()
        }

        /// The scopes the token has (`x-oauth-scopes`, comma-separated), when Slack sent them.
        pub fn scopes(&self) -> Option<&str> {
            self.answer.scopes.as_deref()
        }

        /// The scopes the method accepts (`x-accepted-oauth-scopes`), when Slack sent them.
        pub fn accepted_scopes(&self) -> Option<&str> {
            self.answer.accepted_scopes.as_deref()
        }

        /// The answer exactly as Slack sent it, members the spec does not know included.
        pub fn raw_json(&self) -> &str {
            &self.answer.body
        }
    };
}

impl<T, W> Response<T, W> {
    answer_accessors!();

    /// The answer exactly as Slack sent it, without copying it.
    pub fn into_raw_json(self) -> String {
        self.answer.body
    }
}

/// What every decoded answer keeps besides its typed members: Slack's headers about the call and
/// the body as sent (moved in, never re-serialised).
#[derive(Clone, Default)]
pub(crate) struct RawAnswer {
    pub(crate) request_id: Option<String>,
    pub(crate) scopes: Option<String>,
    pub(crate) accepted_scopes: Option<String>,
    pub(crate) body: String,
}

/// The body is left out: an answer that echoes the token would show it, and errors are logged.
impl fmt::Debug for RawAnswer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RawAnswer")
            .field("request_id", &self.request_id)
            .field("scopes", &self.scopes)
            .field("accepted_scopes", &self.accepted_scopes)
            .field("body_bytes", &self.body.len())
            .finish()
    }
}

pub(crate) use answer_accessors;
