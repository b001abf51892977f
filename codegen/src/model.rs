//! The lowered model: specs with every reference resolved and every Rust name decided.
//!
//! Emitters read only this. Collections are sorted by wire name, so output order is fixed by
//! construction, not by the order files happen to be read in.

pub use crate::scalar::Scalar;
pub use crate::spec::{
    Auth, ContentType, HttpMethod, Idempotency, ListFormat, Plan, RateLimit, TokenType,
};

/// The Rust name of the map every generated object keeps the members no spec names in.
pub const EXTRA_MEMBERS: &str = "extra";

/// Everything to generate.
#[derive(Debug, Clone, PartialEq)]
pub struct Model {
    pub ids: Vec<IdType>,
    pub objects: Vec<ObjectType>,
    /// Enums of words, emitted beside the IDs (both are strings with `as_str`).
    pub words: Vec<WordEnum>,
    pub methods: Vec<Method>,
    /// The codes of `spec/shared/codes.json`, errors and warnings, by wire name.
    pub shared_codes: Vec<SharedCode>,
}

/// A code any method can answer with, described once: a variant of the generated `CommonError`
/// or `CommonWarning`, which every method's code enum holds as its `Common` variant.
#[derive(Debug, Clone, PartialEq)]
pub struct SharedCode {
    pub wire_name: String,
    /// Its variant in `CommonError` or `CommonWarning` (`AccessDenied`).
    pub variant: String,
    pub kind: CodeKind,
    pub description: String,
    pub retryable: bool,
}

/// A Slack ID kind, emitted as a string newtype.
#[derive(Debug, Clone, PartialEq)]
pub struct IdType {
    pub wire_name: String,
    pub ident: String,
    pub description: String,
    pub prefixes: Vec<String>,
    /// For a union of ID kinds, the Rust names of its members (each converts into it).
    pub one_of: Vec<String>,
}

/// A type whose value is one of a few words, emitted as an enum with a fallback variant.
#[derive(Debug, Clone, PartialEq)]
pub struct WordEnum {
    pub wire_name: String,
    pub ident: String,
    pub description: String,
    /// `(variant, word, description)`, in the spec's order.
    pub words: Vec<(String, String, String)>,
}

/// A shared JSON object, emitted as a struct.
#[derive(Debug, Clone, PartialEq)]
pub struct ObjectType {
    pub wire_name: String,
    pub ident: String,
    pub description: String,
    pub fields: Vec<Field>,
    /// The API families (cargo features) whose methods' answers hold it, sorted: it compiles
    /// only with one of them. Empty when no method uses it (then it always compiles).
    pub families: Vec<String>,
}

/// A Rust type, resolved from a spec type expression.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RustType {
    /// A single value: the same kinds an argument can take.
    Scalar(Scalar),
    Vec(Box<RustType>),
    /// `null` is a value the field may take.
    Nullable(Box<RustType>),
    /// An integral or fractional number, kept as sent (answers only: arguments never take it).
    Number,
    /// An ID newtype, by Rust name, that arrives as `""` when there is none (answers only).
    OrEmpty(String),
    /// A generated object struct, by Rust name.
    Object(String),
}

/// Whether a value is always there.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Presence {
    Required,
    Optional,
}

impl Presence {
    /// From a spec's `required` flag.
    pub fn from_required(required: bool) -> Self {
        if required {
            Presence::Required
        } else {
            Presence::Optional
        }
    }
}

/// A member of a response or object.
#[derive(Debug, Clone, PartialEq)]
pub struct Field {
    pub wire_name: String,
    pub ident: String,
    pub ty: RustType,
    pub presence: Presence,
    pub description: String,
}

/// One Web API method and the names of everything emitted for it.
#[derive(Debug, Clone, PartialEq)]
pub struct Method {
    pub wire_name: String,
    /// Module file stem and client method name (`conversations_info`).
    pub snake: String,
    pub request: String,
    pub response: String,
    pub error: String,
    pub warning: String,
    /// The cargo feature of the method's API family (`admin-conversations`).
    pub family: String,
    pub description: String,
    pub doc_url: String,
    pub url: String,
    pub http_method: HttpMethod,
    pub content_types: Vec<ContentType>,
    pub rate_limit: RateLimit,
    /// A special limit in figures: calls a minute, and the argument it is kept per.
    pub special_limit: Option<(u32, Option<String>)>,
    /// For apps commercially distributed outside the Slack Marketplace: calls a minute, and the
    /// most items a page may ask for.
    pub unlisted_app_limit: Option<(u32, Option<u32>)>,
    pub token: Token,
    pub token_types: Vec<TokenType>,
    /// How calls authenticate: a bearer token, or none (client credentials, a refresh token).
    pub auth: Auth,
    /// Scopes per token type, in `TokenType` order; within one list any one suffices.
    pub scopes: Vec<(TokenType, Vec<String>)>,
    /// Slack has deprecated the method.
    pub deprecated: Option<Deprecation>,
    /// How the answers are paged, when they are.
    pub pagination: Option<Pagination>,
    pub plans: Vec<Plan>,
    /// Body arguments, in the spec's order (the token is not one of them).
    pub arguments: Vec<Argument>,
    pub response_description: String,
    pub response_fields: Vec<Field>,
    pub errors: Vec<Code>,
    pub warnings: Vec<Code>,
    /// Whether a repeat is harmless; only harmless methods are retried once they may have
    /// reached Slack.
    pub idempotency: Idempotency,
}

/// A cursor-paged method, its names resolved: the arguments' and the items field's Rust idents.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pagination {
    /// The cursor argument's field (`cursor`).
    pub cursor: String,
    /// Its wire name.
    pub cursor_wire: String,
    /// The page-size argument's setter (`limit`), if the method has one.
    pub limit: Option<String>,
    /// The fields from the response to the list of a page's items (`channels`, or `messages`
    /// then `matches`), and the Rust type of one item; `None` when pages hold no list.
    pub items: Option<(Vec<PathStep>, RustType)>,
    /// The fields from the response to the next cursor, when Slack sends it outside
    /// `response_metadata`.
    pub next_cursor: Option<Vec<PathStep>>,
    /// The cursor of the first page when the caller sets none (`*`).
    pub first_cursor: Option<String>,
}

/// One field on the way from a response to a member inside it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PathStep {
    pub wire_name: String,
    pub ident: String,
    /// A required field is the value itself; an optional one an `Option` of it.
    pub presence: Presence,
}

/// Whether the method takes a token (always carried in the `Authorization` header).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Token {
    Required,
    Optional,
    None,
}

/// A body argument of a method.
#[derive(Debug, Clone, PartialEq)]
pub struct Argument {
    pub wire_name: String,
    pub ident: String,
    pub ty: ArgumentType,
    pub presence: Presence,
    pub description: String,
    pub default: Option<serde_json::Value>,
    pub example: Option<serde_json::Value>,
    pub lengths: Vec<u32>,
    pub max_items: Option<u32>,
}

/// The argument types a request can carry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ArgumentType {
    Scalar(Scalar),
    List(Scalar, ListFormat),
}

impl Method {
    /// The token the method takes when it takes neither a bot nor a user token: an app-level
    /// (`App`) or an app configuration (`Configuration`) token, which a client may hold beside
    /// its own and sends to such methods.
    pub fn special_token(&self) -> Option<TokenType> {
        let takes = |ty: TokenType| self.token_types.contains(&ty);
        if takes(TokenType::Bot) || takes(TokenType::User) || takes(TokenType::SeamlessUser) {
            return None;
        }
        [TokenType::App, TokenType::Configuration]
            .into_iter()
            .find(|ty| takes(*ty))
    }
}

/// Why a method is deprecated, and the method that replaces it.
#[derive(Debug, Clone, PartialEq)]
pub struct Deprecation {
    pub description: String,
    /// What to call instead, as the docs name it: "`rtm.connect` (`Api::rtm_connect`)", or a
    /// helper of the client ("`Client::upload`").
    pub replacement: Option<String>,
}

/// A documented error or warning code of a method.
#[derive(Debug, Clone, PartialEq)]
pub struct Code {
    pub wire_name: String,
    pub variant: String,
    pub description: String,
    pub retryable: bool,
    /// The variant of `CommonError` / `CommonWarning` that holds the code, when the method takes
    /// the shared row as it is: such a code reaches callers as the method enum's `Common`
    /// variant, not as a variant of its own.
    pub shared: Option<String>,
}

/// Which of a method's two code tables.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum CodeKind {
    Error,
    Warning,
}

impl CodeKind {
    /// `error` or `warning`, for messages.
    pub fn word(self) -> &'static str {
        match self {
            CodeKind::Error => "error",
            CodeKind::Warning => "warning",
        }
    }
}
