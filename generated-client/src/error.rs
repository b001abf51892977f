//! What a failed call returns: a typed error saying what went wrong. No message here ever holds
//! the token.

use std::fmt;
use std::time::Duration;

use crate::method::{Code, InvalidArgument};
use crate::response::{RawAnswer, answer_accessors};

/// An error code as Slack sent it, in the untyped call engine's errors; the method's typed code
/// is made once, when the answer is classified (the decode's `AnswerSlot`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct WireCode(pub(crate) String);

/// A boxed error from the HTTP layer, kept as the source of [`Error::Transport`].
pub type BoxError = Box<dyn std::error::Error + Send + Sync + 'static>;

/// An `ok: false` answer.
#[derive(Debug, Clone)]
pub struct ApiError<E> {
    /// The typed error code.
    pub error: E,
    /// The scope that was needed (missing_scope).
    pub needed: Option<String>,
    /// The scopes the token has (missing_scope).
    pub provided: Option<String>,
    /// `response_metadata.messages`.
    pub messages: Vec<String>,
    /// Warning codes sent beside the error, as on the wire.
    pub warnings: Vec<String>,
    pub(crate) answer: RawAnswer,
}

impl<E> ApiError<E> {
    answer_accessors!();
}

/// An answer that is not the JSON the method promises: HTML, a body cut short, or a payload
/// missing a member it requires (or holding one that does not fit where it is required).
#[derive(Debug, Clone)]
pub struct DecodeError {
    /// The HTTP status code.
    pub status: u16,
    /// What was wrong with the body.
    pub reason: String,
    /// The JSON path of the required member that is missing or does not fit (`channel.id`),
    /// when that is why; `""` for the payload as a whole.
    pub path: Option<String>,
    /// What the spec declares at [`path`](Self::path), in serde's words (`a string`).
    pub expected: Option<String>,
    /// The start of the body (at most about 200 characters).
    pub excerpt: String,
    pub(crate) answer: RawAnswer,
}

impl DecodeError {
    answer_accessors!();
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "could not decode Slack's answer (HTTP {}): {}; the body starts {:?}",
            self.status, self.reason, self.excerpt
        )
    }
}

impl std::error::Error for DecodeError {}

impl<E: Code> fmt::Display for ApiError<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.describe(self.error.code(), f)
    }
}

/// The engine's errors, before their code is typed, as its retry events show them.
impl fmt::Display for ApiError<WireCode> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.describe(&self.error.0, f)
    }
}

impl<E> ApiError<E> {
    fn describe(&self, code: &str, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Slack answered with error `{code}`")?;
        if let Some(needed) = &self.needed {
            write!(f, " (needed: {needed}")?;
            if let Some(provided) = &self.provided {
                write!(f, "; provided: {provided}")?;
            }
            write!(f, ")")?;
        } else if let Some(provided) = &self.provided {
            write!(f, " (provided: {provided})")?;
        }
        for message in &self.messages {
            write!(f, "; {message}")?;
        }
        Ok(())
    }
}

impl<E: Code> std::error::Error for ApiError<E> {}

/// A client that cannot be built as configured (a bad token, base URL or setting).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigError {
    message: String,
}

impl ConfigError {
    pub(crate) fn new(message: impl Into<String>) -> Self {
        ConfigError {
            message: message.into(),
        }
    }
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "invalid client configuration: {}", self.message)
    }
}

impl std::error::Error for ConfigError {}

/// Why a call failed. `E` is the method's typed error code.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error<E> {
    /// Slack answered `ok: false`. Boxed, so that every `Result` holding an `Error` stays small.
    #[error("{0}")]
    Api(Box<ApiError<E>>),
    /// An argument broke its spec's constraint; nothing was sent.
    #[error("{0}; nothing was sent")]
    InvalidArgument(InvalidArgument),
    /// Slack answered with an HTTP error status (after any retries).
    #[error("Slack answered HTTP {status}: {excerpt:?}")]
    Http {
        /// The HTTP status code.
        status: u16,
        /// The start of the body (at most about 200 characters).
        excerpt: String,
    },
    /// The answer was not the JSON the method promises (HTML, truncated, a required member
    /// missing or not fitting). Boxed like `Api`; it keeps the whole body.
    #[error("{0}")]
    Decode(Box<DecodeError>),
    /// Slack answered HTTP 429 and no retry was left (or it asked for a longer wait than allowed).
    #[error("rate limited by Slack (HTTP 429); {}", describe_wait(*.retry_after))]
    RateLimited {
        /// How long Slack asked to wait (`Retry-After`), if it said.
        retry_after: Option<Duration>,
    },
    /// No answer came within the configured time limit (after any retries).
    #[error("no answer from Slack within {limit:?}")]
    Timeout {
        /// The time limit of one attempt.
        limit: Duration,
    },
    /// Slack could not be reached, or the connection broke (after any retries).
    #[error("could not reach Slack: {}", error_chain(.source.as_ref()))]
    Transport {
        /// The underlying HTTP error.
        source: BoxError,
    },
    /// The client's configuration cannot make this request.
    #[error("{0}")]
    InvalidConfig(ConfigError),
    /// The client's rotating token could not be refreshed ([`Client::with_rotating_tokens`]);
    /// the call was not sent (or, after `token_expired`, not sent again). Shared: every call
    /// that waited on the same refresh gets the same error.
    ///
    /// [`Client::with_rotating_tokens`]: crate::Client::with_rotating_tokens
    #[cfg(feature = "oauth")]
    #[error("{0}")]
    TokenRefresh(std::sync::Arc<crate::rotation::RefreshError>),
}

impl<E> Error<E> {
    /// The typed error code, when Slack answered `ok: false`.
    pub fn code(&self) -> Option<&E> {
        match self {
            Error::Api(api) => Some(&api.error),
            _ => None,
        }
    }

    /// The HTTP status of the failed answer, when there was one.
    pub fn status(&self) -> Option<u16> {
        match self {
            Error::Http { status, .. } => Some(*status),
            Error::Decode(decode) => Some(decode.status),
            Error::RateLimited { .. } => Some(429),
            _ => None,
        }
    }

    /// How long Slack asked to wait before calling again, when it was rate limited.
    pub fn retry_after(&self) -> Option<Duration> {
        match self {
            Error::RateLimited { retry_after } => *retry_after,
            _ => None,
        }
    }
}

fn describe_wait(retry_after: Option<Duration>) -> String {
    match retry_after {
        Some(wait) => format!("Slack asked to wait {} s before retrying", wait.as_secs()),
        None => "Slack did not say how long to wait".to_owned(),
    }
}

/// An error and its sources as one line: the top of a reqwest error alone rarely says why.
fn error_chain(error: &(dyn std::error::Error + 'static)) -> String {
    let mut line = error.to_string();
    let mut source = error.source();
    while let Some(cause) = source {
        let text = cause.to_string();
        if !line.contains(&text) {
            line.push_str(": ");
            line.push_str(&text);
        }
        source = cause.source();
    }
    line
}
