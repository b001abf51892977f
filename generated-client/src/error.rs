//! What a call returns: the decoded response with its warnings, or a typed error. (STUB.)

use crate::method::{Code, InvalidArgument};

/// A decoded `ok: true` answer, with the warnings Slack sent beside it.
#[derive(Debug, Clone)]
pub struct Response<T, W> {
    /// The method's payload.
    pub data: T,
    /// Warning codes (top-level `warning` and `response_metadata.warnings`).
    pub warnings: Vec<W>,
    /// `response_metadata.messages`.
    pub messages: Vec<String>,
}

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
}

/// Why a call failed.
#[derive(Debug)]
#[non_exhaustive]
pub enum Error<E: Code> {
    /// Slack answered `ok: false`.
    Api(ApiError<E>),
    /// An argument broke its spec's constraint; nothing was sent.
    InvalidArgument(InvalidArgument),
}
