//! The contract between generated method code and the hand-written runtime.
//!
//! Generated code describes each method (its name, tier, accepted encodings, arguments and typed
//! codes) by implementing these traits; the runtime alone decides how requests travel.

use std::fmt;

/// How the HTTP request is made.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum HttpMethod {
    /// `GET`, arguments in the query string.
    Get,
    /// `POST`, arguments in the body.
    Post,
}

/// A body encoding a method accepts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ContentType {
    /// `application/x-www-form-urlencoded` (sent without a charset).
    Form,
    /// `application/json; charset=utf-8`.
    Json,
    /// `multipart/form-data`: for the methods that take a file, and sent only when one is.
    Multipart,
}

/// Slack's published rate-limit tiers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum RateTier {
    /// About 1 call a minute.
    Tier1,
    /// About 20 calls a minute.
    Tier2,
    /// About 50 calls a minute.
    Tier3,
    /// About 100 calls a minute.
    Tier4,
}

impl RateTier {
    /// The sustained number of calls a minute Slack allows for this tier.
    pub fn calls_per_minute(self) -> u32 {
        match self {
            RateTier::Tier1 => 1,
            RateTier::Tier2 => 20,
            RateTier::Tier3 => 50,
            RateTier::Tier4 => 100,
        }
    }
}

/// A limit Slack sets outside the tiers ("special rate limits"), as the throttle keeps it: so
/// many calls a minute for each value of one argument (chat.postMessage: about one message a
/// second per channel).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct SpecialLimit {
    /// The sustained number of calls a minute.
    pub calls_per_minute: u32,
    /// The argument whose value has a budget of its own (`channel`); `None` for one budget per
    /// method.
    pub per_argument: Option<&'static str>,
}

/// A token other than the bot or user token a client is built with, which some methods take
/// instead: an app-level token (`xapp-`: `apps.connections.open`,
/// `apps.event.authorizations.list`) or an app configuration token (`apps.manifest.*`,
/// `functions.distributions.permissions.*`). A client holding one
/// ([`ClientBuilder::app_token`](crate::ClientBuilder::app_token),
/// [`ClientBuilder::configuration_token`](crate::ClientBuilder::configuration_token)) sends it
/// to those methods, and its own token to every other.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TokenKind {
    /// An app-level token (`xapp-`).
    App,
    /// An app configuration token.
    Configuration,
}

/// How a method proves who calls it. Most take a bearer token; the OAuth exchanges and
/// `tooling.tokens.rotate` take none, and the client then sends no `Authorization: Bearer`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Auth {
    /// A bot, user or app token in `Authorization: Bearer` (the client's own, or one it holds
    /// for the method's [`TokenKind`]).
    #[default]
    Bearer,
    /// The app's client ID and secret: sent as HTTP Basic auth when the client holds them
    /// ([`ClientBuilder::client_credentials`](crate::ClientBuilder::client_credentials)),
    /// otherwise the caller passes them as the `client_id` and `client_secret` arguments.
    ClientCredentials,
    /// A refresh token the caller passes as the `refresh_token` argument; nothing in
    /// `Authorization`.
    RefreshToken,
}

/// The stricter limit Slack sets on some methods for apps commercially distributed outside the
/// Slack Marketplace (conversations.history and conversations.replies since May 2025: one call
/// a minute, at most 15 items a page). The client keeps it when built with
/// [`ClientBuilder::unlisted_app`](crate::ClientBuilder::unlisted_app).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct UnlistedAppLimit {
    /// The sustained number of calls a minute.
    pub calls_per_minute: u32,
    /// The most items a page may ask for; the paged walk asks for no more.
    pub max_page_size: Option<u32>,
}

/// How a list argument is put on the wire.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ListFormat {
    /// `a,b,c`, in a form field and in a JSON body alike.
    CommaSeparated,
    /// A JSON array (as JSON text inside a form field).
    JsonArray,
}

/// One argument value, before it is encoded for a content type.
#[derive(Debug, Clone, PartialEq)]
pub enum ArgValue {
    /// A string (IDs included).
    Str(String),
    /// `true` / `false`.
    Bool(bool),
    /// A 64-bit integer.
    Int(i64),
    /// A 64-bit float.
    Float(f64),
    /// A list of strings and how it travels.
    List(Vec<String>, ListFormat),
    /// Any JSON value.
    Json(serde_json::Value),
    /// A file, sent as a part of a `multipart/form-data` body.
    File(crate::FileArg),
}

/// A JSON argument (Block Kit `blocks`, `attachments`, `metadata`): any serialisable value,
/// turned into JSON when it is set. A value that has no JSON form (a map with non-string keys, a
/// `Serialize` impl that fails) is reported as an [`InvalidArgument`] before anything is sent.
#[derive(Debug, Clone, PartialEq)]
pub struct JsonArg(Result<serde_json::Value, String>);

impl JsonArg {
    /// The JSON form of `value`.
    pub fn new(value: impl serde::Serialize) -> Self {
        JsonArg(serde_json::to_value(value).map_err(|error| error.to_string()))
    }

    /// The value as JSON, `None` when it had no JSON form.
    pub fn value(&self) -> Option<&serde_json::Value> {
        self.0.as_ref().ok()
    }
}

impl<T: serde::Serialize> From<T> for JsonArg {
    fn from(value: T) -> Self {
        JsonArg::new(value)
    }
}

/// Checks that a JSON argument had a JSON form (what a generated `validate` calls).
pub fn check_json(argument: &'static str, value: &JsonArg) -> Result<(), InvalidArgument> {
    match &value.0 {
        Ok(_) => Ok(()),
        Err(error) => Err(InvalidArgument {
            argument,
            expected: format!("a value with a JSON form ({error})"),
        }),
    }
}

/// A checked JSON argument's value (what a generated `arguments` calls, after `validate`).
pub fn json_arg(value: &JsonArg) -> ArgValue {
    ArgValue::Json(value.value().cloned().unwrap_or_default())
}

/// An argument that breaks a constraint of its spec; found before anything is sent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InvalidArgument {
    /// The argument's wire name.
    pub argument: &'static str,
    /// What was expected of it.
    pub expected: String,
}

impl fmt::Display for InvalidArgument {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "invalid argument `{}`: expected {}",
            self.argument, self.expected
        )
    }
}

impl std::error::Error for InvalidArgument {}

/// A typed error or warning code of one method, with an `Unknown` fallback for the rest.
pub trait Code: fmt::Debug + fmt::Display + Clone + Send + Sync + 'static {
    /// The typed code for a wire code; undocumented codes become the `Unknown` variant.
    fn from_code(code: &str) -> Self;
    /// The wire code, e.g. `channel_not_found`.
    fn code(&self) -> &str;
    /// Whether the spec marks the code as transient, worth retrying after a pause.
    fn is_retryable(&self) -> bool;
}

/// One Web API method: implemented by each generated request type.
pub trait Method: Send + Sync {
    /// The method name, e.g. `conversations.info`.
    const NAME: &'static str;
    /// The HTTP method the docs prefer.
    const HTTP_METHOD: HttpMethod;
    /// Encodings the endpoint accepts, in the docs' order.
    const CONTENT_TYPES: &'static [ContentType];
    /// The published rate-limit tier, if any.
    const RATE_TIER: Option<RateTier>;
    /// The method's special limit, when its spec gives one in figures; methods with a tier
    /// keep this default.
    const SPECIAL_LIMIT: Option<SpecialLimit> = None;
    /// The method's limit for apps commercially distributed outside the Slack Marketplace,
    /// when its page states one.
    const UNLISTED_APP_LIMIT: Option<UnlistedAppLimit> = None;
    /// The kind of token the method takes when it takes neither a bot nor a user token.
    const SPECIAL_TOKEN: Option<TokenKind> = None;
    /// How calls authenticate; methods that take a bearer token keep this default.
    const AUTH: Auth = Auth::Bearer;
    /// Whether sending the call twice is harmless (it reads, or sets the same end state again),
    /// as the spec records it. Only such calls are retried once they may have reached Slack.
    const IDEMPOTENT: bool;
    /// The decoded `ok: true` payload.
    type Response: crate::wire::Object + serde::de::DeserializeOwned + serde::Serialize;
    /// The method's documented error codes.
    type Error: Code;
    /// The method's documented warning codes.
    type Warning: Code;

    /// Checks the spec's constraints (lengths, list sizes) before anything is sent. Methods
    /// whose arguments have no constraints keep this default, which accepts every request.
    fn validate(&self) -> Result<(), InvalidArgument> {
        Ok(())
    }
    /// The arguments that are set, by wire name, in the spec's order (never the token).
    fn arguments(&self) -> Vec<(&'static str, ArgValue)>;
}

/// Checks that `value` is one of the `allowed` lengths, counted in characters.
pub fn check_length(
    argument: &'static str,
    value: &str,
    allowed: &[usize],
) -> Result<(), InvalidArgument> {
    let length = value.chars().count();
    if allowed.contains(&length) {
        return Ok(());
    }
    let allowed: Vec<String> = allowed.iter().map(ToString::to_string).collect();
    Err(InvalidArgument {
        argument,
        expected: format!(
            "a length of {} characters, got {length}",
            allowed.join(" or ")
        ),
    })
}

/// Checks that a list holds at most `max` items.
pub fn check_max_items(
    argument: &'static str,
    items: usize,
    max: usize,
) -> Result<(), InvalidArgument> {
    if items <= max {
        return Ok(());
    }
    Err(InvalidArgument {
        argument,
        expected: format!("at most {max} items, got {items}"),
    })
}
