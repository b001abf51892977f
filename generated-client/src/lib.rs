//! A typed, async client for Slack's Web API, generated from curated specs of Slack's doc pages.
//!
//! Each Web API method has a request type (required arguments in `new`, optional ones as
//! setters), a response type, and typed error and warning codes; [`Client`] has one async method
//! per Web API method.

#![deny(missing_docs)]

mod by_name_support;
mod client;
mod error;
mod method;

#[rustfmt::skip]
mod generated;

pub use by_name_support::{call_erased, ArgParser, ByNameError, ByNameOutcome, FromArg};
pub use client::{Client, ClientBuilder};
pub use error::{ApiError, Error, Response};
pub use generated::*;
pub use method::{
    check_length, check_max_items, ArgValue, Code, ContentType, HttpMethod, InvalidArgument, ListFormat, Method, RateTier,
};
