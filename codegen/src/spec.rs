//! The spec files exactly as curators write them: serde types that mirror `spec/schema.json`.
//!
//! Nothing here is resolved or checked beyond what serde enforces (shape, unknown fields); the
//! `validate` pass turns these into the `model`.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// The text that marks a description still to be written by a curator; the generator refuses it.
pub const DRAFT_MARKER: &str = "TODO: describe in our own words";

/// `spec/<method>.json`: one Web API method, as its doc page describes it.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct MethodSpec {
    /// Path of the JSON Schema the file is written against (for editors).
    #[serde(rename = "$schema")]
    pub schema: String,
    /// The method name, e.g. `conversations.info`; the file must be named `<name>.json`.
    pub name: String,
    /// One or two sentences, in our own words.
    pub description: String,
    /// The human-readable doc page.
    pub doc_url: String,
    /// The endpoint, e.g. `https://slack.com/api/conversations.info`.
    pub url: String,
    pub http_method: HttpMethod,
    /// Content types the endpoint accepts, in the page's order.
    pub content_types: Vec<ContentType>,
    pub rate_limit: RateLimit,
    /// A special limit in figures, for the client's throttle; only with `"special"` limits.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub special_limit: Option<SpecialLimitSpec>,
    /// Token types that may call the method; empty when the page does not say.
    #[serde(default)]
    pub token_types: Vec<TokenType>,
    /// How a call proves who makes it: a bearer token (the default, left out of the file), the
    /// app's client credentials, or a refresh token in the arguments.
    #[serde(default, skip_serializing_if = "Auth::is_bearer")]
    pub auth: Auth,
    /// OAuth scopes per token type, as the page lists them; a token type left out needs none
    /// the page names (or cannot call the method: see `token_types`).
    #[serde(default, skip_serializing_if = "ScopesSpec::is_empty")]
    pub scopes: ScopesSpec,
    /// Plans the method is restricted to; empty for every plan.
    #[serde(default)]
    pub plans: Vec<Plan>,
    pub arguments: Vec<ArgumentSpec>,
    pub response: ResponseSpec,
    pub errors: Vec<CodeSpec>,
    #[serde(default)]
    pub warnings: Vec<CodeSpec>,
    /// Whether sending the same call twice is harmless, which decides whether the client may retry
    /// it after it may have reached Slack.
    pub idempotency: IdempotencySpec,
    /// Why the method's `cursor` argument is not a page cursor (entity.presentComments takes the
    /// app's own cursor to hand back to Slack), in our own words: such a method has no
    /// `pagination`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub not_paged: Option<String>,
    /// How the method's answers are paged, when its page documents a cursor.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pagination: Option<PaginationSpec>,
    /// A stricter limit Slack sets for apps commercially distributed outside the Slack
    /// Marketplace (conversations.history and .replies since May 2025); the client keeps it
    /// when its caller says the app is one (`ClientBuilder::unlisted_app`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unlisted_app_limit: Option<UnlistedAppLimitSpec>,
    /// Slack has deprecated the method: why, and what to call instead.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deprecated: Option<DeprecationSpec>,
    /// Where facts that the page leaves out came from; free text, not emitted.
    #[serde(default)]
    pub sources: Vec<String>,
}

/// The limit of a method for apps commercially distributed outside the Slack Marketplace.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct UnlistedAppLimitSpec {
    /// The sustained calls a minute such an app may make.
    pub calls_per_minute: u32,
    /// The most items a page may ask for (the argument `pagination.limit` names).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_page_size: Option<u32>,
}

/// A method Slack has deprecated (its page, or Slack's changelog, says so).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DeprecationSpec {
    /// Why and since when, in our own words.
    pub description: String,
    /// The method to call instead, by wire name (`rtm.connect`; it must have a spec too), or a
    /// helper of the client (`Client::upload`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub replacement: Option<String>,
}

/// A special rate limit as the throttle keeps it: so many calls a minute, per value of one
/// argument when Slack counts that way (chat.postMessage: 60 a minute per `channel`).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SpecialLimitSpec {
    /// The sustained calls a minute.
    pub calls_per_minute: u32,
    /// The argument whose every value has a budget of its own (`channel`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub per_argument: Option<String>,
}

/// A cursor-paged method: the next page is asked for by passing the last answer's
/// `response_metadata.next_cursor` as `cursor`; an empty `next_cursor` ends the list.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PaginationSpec {
    /// The optional string argument that takes the cursor (`cursor`).
    pub cursor: String,
    /// The optional integer argument that sets the page size (`limit`), if the method has one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub limit: Option<String>,
    /// The answer's list member that holds a page's items (`channels`, `messages`, `members`),
    /// or a dotted path to a list inside an object member (`messages.matches`). Left out when a
    /// page holds no list (a map keyed by ID): the method is walked page by page only.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub items: Option<String>,
    /// The answer's string member that holds the next page's cursor, for a method that sends it
    /// outside `response_metadata.next_cursor` (which is read first): at the top level
    /// (`admin.conversations.search`'s `next_cursor`) or as a dotted path
    /// (`messages.paging.next_cursor`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next_cursor: Option<String>,
    /// The cursor the first page is asked with when the caller sets none (search.messages
    /// starts its cursor walk with `*`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub first_cursor: Option<String>,
}

/// The scopes each token type needs. Within one list any one scope suffices (they differ by
/// conversation type: `channels:read` for a channel, `im:read` for a DM).
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ScopesSpec {
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub bot: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub user: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub app: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub configuration: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub seamless_user: Vec<String>,
}

impl ScopesSpec {
    /// No token type lists a scope.
    pub fn is_empty(&self) -> bool {
        self.by_token().is_empty()
    }

    /// `(token type, its scopes)` for each token type that lists any, in `TokenType` order.
    pub fn by_token(&self) -> Vec<(TokenType, &[String])> {
        [
            (TokenType::Bot, self.bot.as_slice()),
            (TokenType::User, self.user.as_slice()),
            (TokenType::App, self.app.as_slice()),
            (TokenType::Configuration, self.configuration.as_slice()),
            (TokenType::SeamlessUser, self.seamless_user.as_slice()),
        ]
        .into_iter()
        .filter(|(_, scopes)| !scopes.is_empty())
        .collect()
    }

    /// The list of one token type.
    pub fn of_mut(&mut self, token: TokenType) -> &mut Vec<String> {
        match token {
            TokenType::Bot => &mut self.bot,
            TokenType::User => &mut self.user,
            TokenType::App => &mut self.app,
            TokenType::Configuration => &mut self.configuration,
            TokenType::SeamlessUser => &mut self.seamless_user,
        }
    }
}

#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Deserialize, Serialize, JsonSchema,
)]
pub enum HttpMethod {
    #[serde(rename = "GET")]
    Get,
    #[serde(rename = "POST")]
    Post,
}

#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Deserialize, Serialize, JsonSchema,
)]
pub enum ContentType {
    #[serde(rename = "application/x-www-form-urlencoded")]
    Form,
    #[serde(rename = "application/json")]
    Json,
    /// For methods with a `file` argument, which travels only in such a body.
    #[serde(rename = "multipart/form-data")]
    Multipart,
}

/// The published rate-limit tier, or an explicit statement that none is published.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum RateLimit {
    /// Slack's tiers 1 to 4.
    Tier(u8),
    /// What Slack's pages call "special rate limits" (`t5` in a page's twin), described in
    /// our words (e.g. chat.postMessage: about one message a second per channel).
    Special(String),
    /// No source gives the tier.
    Unpublished,
}

/// How a method authenticates its calls.
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Deserialize, Serialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Auth {
    /// A token in `Authorization: Bearer` (one of `token_types`).
    #[default]
    Bearer,
    /// The app's client ID and secret, as HTTP Basic auth (or as the `client_id` and
    /// `client_secret` arguments); no bearer token: the OAuth exchanges.
    ClientCredentials,
    /// The method's `refresh_token` argument alone; no bearer token (tooling.tokens.rotate).
    RefreshToken,
}

impl Auth {
    /// The default, which the files leave out.
    pub fn is_bearer(&self) -> bool {
        *self == Auth::Bearer
    }

    /// As the spec files write it (`client_credentials`).
    pub fn wire(self) -> &'static str {
        match self {
            Auth::Bearer => "bearer",
            Auth::ClientCredentials => "client_credentials",
            Auth::RefreshToken => "refresh_token",
        }
    }

    /// The runtime's `Auth` variant that stands for it (`ClientCredentials`).
    pub fn runtime_variant(self) -> &'static str {
        match self {
            Auth::Bearer => "Bearer",
            Auth::ClientCredentials => "ClientCredentials",
            Auth::RefreshToken => "RefreshToken",
        }
    }
}

#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Deserialize, Serialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum TokenType {
    /// A bot token (`xoxb-`).
    Bot,
    /// A user token (`xoxp-`).
    User,
    /// An app-level token (`xapp-`): Socket Mode, event authorizations.
    App,
    /// An app configuration token (`xoxe.xoxp-`): manifests and app settings.
    Configuration,
    /// A token of a user signed in through a seamless (embedded) flow, as a few canvas methods
    /// take.
    SeamlessUser,
}

impl TokenType {
    /// Every token type, in order.
    pub const ALL: [TokenType; 5] = [
        TokenType::Bot,
        TokenType::User,
        TokenType::App,
        TokenType::Configuration,
        TokenType::SeamlessUser,
    ];

    /// As the spec files and Slack's twins write it (`seamless_user`).
    pub fn wire(self) -> &'static str {
        match self {
            TokenType::Bot => "bot",
            TokenType::User => "user",
            TokenType::App => "app",
            TokenType::Configuration => "configuration",
            TokenType::SeamlessUser => "seamless_user",
        }
    }

    /// The token type a twin's or spec's word names.
    pub fn from_wire(word: &str) -> Option<TokenType> {
        TokenType::ALL
            .into_iter()
            .find(|token| token.wire() == word)
    }
}

#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Deserialize, Serialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Plan {
    EnterpriseGrid,
    BusinessPlus,
}

/// Whether a repeated call is harmless, and the evidence for it.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct IdempotencySpec {
    pub kind: Idempotency,
    /// Why: what on the page (or which other source) shows it, in our own words.
    pub source: String,
}

/// What a second, identical call does.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Idempotency {
    /// The method only reads: repeating it changes nothing.
    ReadOnly,
    /// The method sets a state; repeating it sets the same state again.
    SameEndState,
    /// A repeat is not harmless (it creates twice, or fails because the first call succeeded).
    NotIdempotent,
}

impl Idempotency {
    /// Whether a call may be sent again after it may have reached Slack.
    pub fn is_harmless(self) -> bool {
        matches!(self, Idempotency::ReadOnly | Idempotency::SameEndState)
    }
}

/// One argument row of the page.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ArgumentSpec {
    /// The wire name, exactly as on the page.
    pub name: String,
    #[serde(rename = "type")]
    pub ty: TypeSpec,
    pub required: bool,
    pub description: String,
    /// The documented default, as the page writes it (`false`, `20`, ...).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub default: Option<serde_json::Value>,
    /// The page's example value.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub example: Option<serde_json::Value>,
    #[serde(default)]
    pub sent_as: SentAs,
    /// How a list argument travels; required for `array` arguments.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub list_format: Option<ListFormat>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub constraints: Option<Constraints>,
}

/// Where an argument travels.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum SentAs {
    /// A form field or JSON member of the body.
    #[default]
    Body,
    /// `Authorization: Bearer <value>`; never a request field (only `token`).
    BearerToken,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum ListFormat {
    /// `a,b,c` in a form field and a JSON string alike.
    CommaSeparated,
    /// A JSON array (encoded as JSON text inside a form field).
    JsonArray,
}

/// Checks made on an argument before a request is sent.
#[derive(Debug, Default, Clone, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Constraints {
    /// The value's length in characters must be one of these.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub lengths: Vec<u32>,
    /// A list may hold at most this many items.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_items: Option<u32>,
}

/// A type expression: a primitive by name, or a one-key object.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum TypeSpec {
    String,
    Boolean,
    /// 64-bit signed integer (timestamps in seconds or milliseconds, counts).
    Integer,
    /// 64-bit float.
    Float,
    /// A number that may be integral or fractional (`0` and `0.043`); kept as Slack wrote it.
    Number,
    /// Any JSON value, for shapes the docs leave open.
    Json,
    /// Seconds since the Unix epoch, an integer on the wire (`post_at`).
    UnixTime,
    /// A string that is a credential (a token, refresh token, client secret, webhook URL): a
    /// string on the wire, never shown by `Debug`.
    Secret,
    /// A file, sent as a part of a `multipart/form-data` body (`post_file` on the pages);
    /// arguments only.
    File,
    Array(Box<TypeSpec>),
    Nullable(Box<TypeSpec>),
    /// An ID that Slack sends as `""` when there is none; only a required field's whole type.
    OrEmpty(Box<TypeSpec>),
    /// A shared type from `spec/types/<name>.json`.
    Ref(String),
}

/// The `ok: true` payload beside `ok`, `warning` and `response_metadata` (which every method has).
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ResponseSpec {
    pub description: String,
    #[serde(default)]
    pub fields: Vec<FieldSpec>,
}

/// A member of a response or of a shared object type.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct FieldSpec {
    pub name: String,
    #[serde(rename = "type")]
    pub ty: TypeSpec,
    /// Present in every response; absent fields of optional ones decode as `None`.
    #[serde(default)]
    pub required: bool,
    pub description: String,
}

/// An error or warning code of a method. Without a description, the shared table supplies it.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CodeSpec {
    pub code: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Worth retrying after a pause (transient server trouble, rate limits).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub retryable: Option<bool>,
}

/// `spec/types/<name>.json`: a type shared between methods.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TypeFile {
    #[serde(rename = "$schema")]
    pub schema: String,
    /// Must equal the file stem; other specs refer to the type by it.
    pub name: String,
    pub description: String,
    pub kind: TypeKind,
    /// With `kind: id`: letters an ID of this kind starts with (documentation only).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub prefixes: Vec<String>,
    /// With `kind: id`: the ID kinds this one may hold (a workspace or an org, say); its
    /// prefixes are theirs.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub one_of: Vec<String>,
    /// With `kind: object`: its members.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub fields: Vec<FieldSpec>,
    /// With `kind: enum`: the words the value may be, as the docs list them.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub words: Vec<WordSpec>,
    /// Where the members came from (a doc page, observed answers); free text, not emitted.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sources: Vec<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum TypeKind {
    /// A Slack ID string, which becomes a newtype.
    Id,
    /// A JSON object, which becomes a struct.
    Object,
    /// One of a few words (`public_channel`, `im`), which becomes an enum with a fallback
    /// variant for words the docs do not list yet.
    Enum,
}

/// One word of an enum type.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct WordSpec {
    /// The word exactly as sent.
    pub word: String,
    pub description: String,
}

/// `spec/shared/codes.json`: descriptions of error and warning codes many methods share.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SharedCodes {
    #[serde(rename = "$schema")]
    pub schema: String,
    pub errors: Vec<CodeSpec>,
    pub warnings: Vec<CodeSpec>,
    /// Codes a family of methods shares, described once (`admin.conversations.*`'s
    /// `not_an_admin`): a method of the family lists such a code without a description to take
    /// the family's. Unlike the codes above, they are not codes of every method.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub families: Vec<FamilyCodes>,
}

/// Whether `method` belongs to the family `prefix` names: its name is the prefix, a dot, and more.
pub fn in_family(prefix: &str, method: &str) -> bool {
    method
        .strip_prefix(prefix)
        .is_some_and(|rest| rest.starts_with('.'))
}

/// The codes a family of methods shares.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct FamilyCodes {
    /// The family's methods' names start with it and a dot (`admin.conversations`).
    pub prefix: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<CodeSpec>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub warnings: Vec<CodeSpec>,
}
