//! A typed, async client for Slack's Web API, generated from curated specs of Slack's doc pages.
//!
//! The runtime is at the crate root ([`Client`], [`Error`], [`Response`], ...); what the
//! generator writes is in [`api`]: each Web API method's request type (required arguments in
//! `new`, optional ones as setters), response type and typed error and warning codes, and one
//! async method per Web API method on [`Api`] (`client.api().conversations_info(request)`).
//! The two never share a namespace, so no generated name can hide a runtime one.

#![deny(missing_docs)]

mod auth;
#[cfg(feature = "cli")]
mod by_name_support;
mod call;
mod classify;
mod client;
// With no API family enabled (`--no-default-features`), no code enum uses it.
#[allow(dead_code, unused_imports, unused_macros)]
mod codes;
mod decode;
mod encode;
mod error;
mod file_arg;
// A spec without union IDs (or without IDs) leaves some of its macros unused.
#[allow(unused_imports, unused_macros)]
mod ids_support;
mod method;
mod misfit;
mod oauth;
mod paging;
mod response;
mod retry;
#[cfg(feature = "oauth")]
mod rotation;
mod secret;
#[cfg(feature = "testing")]
pub mod testing;
mod throttle;
mod unix_time;
#[cfg(feature = "files")]
mod upload;
pub mod wire;

#[rustfmt::skip]
#[path = "generated/mod.rs"]
pub mod api;

#[cfg(feature = "cli")]
pub use by_name_support::{
    ArgHelp, ArgParser, ByNameError, ByNameOutcome, FromArg, FromArgs, MethodHelp, method_help,
};
pub use call::CallOptions;
#[allow(unused_imports)]
pub(crate) use call::call_owned;
pub use client::{Api, Client, ClientBuilder};
pub use codes::CodeInfo;
pub use error::{ApiError, BoxError, ConfigError, DecodeError, Error};
pub use file_arg::FileArg;
pub use method::{
    ArgValue, Auth, Code, ContentType, HttpMethod, InvalidArgument, JsonArg, ListFormat, Method,
    RateTier, SpecialLimit, TokenKind, UnlistedAppLimit, check_json, check_length, check_max_items,
    json_arg,
};
pub use misfit::{Misfit, decode_lenient};
pub use oauth::AuthorizeUrl;
pub use paging::{Listed, Page, Paged};
pub use response::Response;
pub use retry::{Replay, RetryPolicy};
#[cfg(feature = "oauth")]
pub use rotation::{RefreshError, RotatingTokens, StoreFuture, TokenStore};
pub use secret::Secret;
pub use throttle::Throttle;
pub use unix_time::UnixTime;
#[cfg(feature = "files")]
pub use upload::{
    Progress, SendBytesError, Share, SharePoll, SharedMessage, SourceError, Upload, UploadError,
    UploadFile, Uploaded,
};

/// The `reqwest` this client is built on, for [`ClientBuilder::http_client`]: a client built
/// with it is certain to be of the same version.
pub use reqwest;
