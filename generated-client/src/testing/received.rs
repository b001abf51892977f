//! What the mock received: each request decoded from the wire into its method, arguments, token
//! type and encoding, and checked against the rules every Slack request follows.

use std::fmt;

use reqwest::Url;
use tokio::time::Instant;

use crate::by_name_support::{ByNameError, FromArgs};
use crate::encode::{JSON_CONTENT_TYPE, form_pairs};
use crate::method::{Auth, ContentType, HttpMethod, Method};
use crate::testing::fault::Fault;

/// The path prefix the mock serves Slack's API under (`<base>/api/<method>`).
pub(crate) const API_PREFIX: &str = "/api/";

/// The kind of token a request carried, read from its prefix.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum TokenType {
    /// `xoxb-`: a bot token.
    Bot,
    /// `xoxp-`: a user token.
    User,
    /// `xapp-`: an app-level token.
    App,
    /// Any other prefix.
    Other,
}

impl TokenType {
    fn of(token: &str) -> TokenType {
        match token.split('-').next() {
            Some("xoxb") => TokenType::Bot,
            Some("xoxp") => TokenType::User,
            Some("xapp") => TokenType::App,
            _ => TokenType::Other,
        }
    }
}

/// How a request authenticated, read from its `Authorization` header.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum AuthScheme {
    /// `Bearer <token>`.
    Bearer,
    /// `Basic <base64 of id:secret>`: the app's client credentials.
    Basic,
}

/// One request the mock received, decoded.
#[derive(Clone)]
pub struct Received {
    /// The method called, from the path (`conversations.info`).
    pub method: String,
    /// `GET` or `POST`.
    pub http_method: HttpMethod,
    /// The body encoding, `None` when there was no body (a `GET`).
    pub content_type: Option<ContentType>,
    /// The kind of token in `Authorization: Bearer`, `None` when no token was sent.
    pub token_type: Option<TokenType>,
    /// The scheme of the `Authorization` header, `None` when there was none.
    pub auth_scheme: Option<AuthScheme>,
    /// The arguments by wire name, as text (form fields and query pairs as sent; JSON members as
    /// their string, or as JSON text when they are not strings), in the order received.
    pub arguments: Vec<(String, String)>,
    /// The body exactly as received (empty for a `GET`).
    pub body: Vec<u8>,
    /// The files of a `multipart/form-data` body, in order (each also among
    /// [`arguments`](Self::arguments), its bytes as lossy text).
    pub files: Vec<ReceivedFile>,
    /// The fault the mock answered this attempt with, if any.
    pub fault: Option<Fault>,
    /// When the request arrived (tokio's clock, so paused-clock tests see virtual time).
    pub at: Instant,
    /// The token, kept for tests of many workspaces; never shown by `Debug`.
    token: Option<String>,
    /// The client ID and secret of HTTP Basic auth; never shown by `Debug`.
    basic: Option<(String, String)>,
}

impl Received {
    /// The value of one argument, if it was sent.
    pub fn argument(&self, name: &str) -> Option<&str> {
        self.arguments
            .iter()
            .find(|(given, _)| given == name)
            .map(|(_, value)| value.as_str())
    }

    /// The token the request carried (as sent in `Authorization: Bearer`).
    pub fn token(&self) -> Option<&str> {
        self.token.as_deref()
    }

    /// The client ID and secret the request carried as HTTP Basic auth, if it did.
    pub fn client_credentials(&self) -> Option<(&str, &str)> {
        self.basic
            .as_ref()
            .map(|(id, secret)| (id.as_str(), secret.as_str()))
    }

    /// The typed request, decoded from the arguments received (the parser the example CLI uses):
    /// fails, naming the problem, for a call of another method, an unknown or repeated argument,
    /// a missing required one, or a malformed value.
    pub fn request<M: FromArgs>(&self) -> Result<M, ByNameError> {
        if self.method != M::NAME {
            return Err(ByNameError::Usage(format!(
                "this is a call of {}, not of {}",
                self.method,
                M::NAME
            )));
        }
        M::from_args(&self.arguments)
    }

    /// Whether this was a call of `M` with exactly the arguments of `request`, compared as the
    /// client encodes them (order aside).
    pub fn is<M: Method>(&self, request: &M) -> bool {
        if self.method != M::NAME {
            return false;
        }
        let mut expected = wire_arguments(request);
        let mut got = self.arguments.clone();
        expected.sort();
        got.sort();
        expected == got
    }
}

impl fmt::Debug for Received {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Received")
            .field("method", &self.method)
            .field("http_method", &self.http_method)
            .field("content_type", &self.content_type)
            .field("token_type", &self.token_type)
            .field("auth_scheme", &self.auth_scheme)
            .field("arguments", &self.arguments)
            .field("body_bytes", &self.body.len())
            .field("files", &self.files)
            .field("fault", &self.fault)
            .finish_non_exhaustive()
    }
}

/// `request`'s arguments as text, as a form body carries them (what [`Received::arguments`] holds
/// for a form request), in the spec's order.
pub fn wire_arguments<M: Method>(request: &M) -> Vec<(String, String)> {
    match form_pairs(request.arguments()) {
        Ok(pairs) => pairs
            .into_iter()
            .map(|(name, value)| (name.to_owned(), value))
            .collect(),
        // A value the client refuses to encode is never sent; nothing could match it.
        Err(_) => Vec::new(),
    }
}

/// The parts of an HTTP request the mock looks at.
pub(crate) struct WireRequest<'a> {
    pub(crate) http_method: &'a str,
    pub(crate) path: &'a str,
    pub(crate) query: Option<&'a str>,
    pub(crate) authorization: Option<&'a str>,
    pub(crate) content_type: Option<&'a str>,
    pub(crate) body: &'a [u8],
}

/// A request decoded, with every rule it broke (empty when it is a request Slack accepts).
pub(crate) struct Decoded {
    pub(crate) received: Received,
    pub(crate) problems: Vec<String>,
}

/// Decodes a request and checks it against the rules of Slack's Web API.
pub(crate) fn decode(request: &WireRequest<'_>) -> Decoded {
    let mut problems = Vec::new();
    let method = match request.path.strip_prefix(API_PREFIX) {
        Some(name) if !name.is_empty() && !name.contains('/') => name.to_owned(),
        _ => {
            problems.push(format!(
                "the path `{}` is not `{API_PREFIX}<method>`",
                request.path
            ));
            request.path.to_owned()
        }
    };
    let (token, basic) = authorization(request.authorization, &mut problems);
    let (http_method, content_type, (arguments, files)) = arguments(request, &mut problems);
    if let Some(token) = &token {
        check_token_stays_in_header(request, token, &mut problems);
    }
    if arguments.iter().any(|(name, _)| name == "token") {
        problems.push("the token was sent as the argument `token`; it belongs only in the Authorization header".to_owned());
    }
    for (index, (name, _)) in arguments.iter().enumerate() {
        if arguments[..index]
            .iter()
            .any(|(earlier, _)| earlier == name)
        {
            problems.push(format!("the argument `{name}` was sent more than once"));
        }
    }
    Decoded {
        received: Received {
            method,
            http_method,
            content_type,
            token_type: token.as_deref().map(TokenType::of),
            auth_scheme: match (&token, &basic) {
                (Some(_), _) => Some(AuthScheme::Bearer),
                (None, Some(_)) => Some(AuthScheme::Basic),
                (None, None) => None,
            },
            arguments,
            files,
            body: request.body.to_vec(),
            fault: None,
            at: Instant::now(),
            token,
            basic,
        },
        problems,
    }
}

/// The token of `Authorization: Bearer <token>`, or the client ID and secret of
/// `Authorization: Basic <base64>`; whether the method takes what was sent is
/// [`check_authorization`]'s to say.
fn authorization(
    authorization: Option<&str>,
    problems: &mut Vec<String>,
) -> (Option<String>, Option<(String, String)>) {
    let Some(value) = authorization else {
        return (None, None);
    };
    if let Some(token) = value.strip_prefix("Bearer ")
        && !token.trim().is_empty()
    {
        return (Some(token.to_owned()), None);
    }
    if let Some(encoded) = value.strip_prefix("Basic ") {
        use base64::Engine;
        let decoded = base64::engine::general_purpose::STANDARD
            .decode(encoded.trim())
            .ok()
            .and_then(|bytes| String::from_utf8(bytes).ok());
        if let Some((id, secret)) = decoded.as_deref().and_then(|text| text.split_once(':')) {
            return (None, Some((id.to_owned(), secret.to_owned())));
        }
        problems
            .push("the Authorization header is `Basic` but not base64 of `id:secret`".to_owned());
        return (None, None);
    }
    problems.push("the Authorization header is not `Bearer <token>`".to_owned());
    (None, None)
}

/// Whether a call carried what its method authenticates with: a bearer token for most; for a
/// method that takes client credentials HTTP Basic auth or nothing (then they are arguments),
/// never a bearer token; for a refresh-token method no `Authorization` at all. Only calls of a
/// stubbed method are checked: the stub tells the mock how its method authenticates.
pub(crate) fn check_authorization(received: &Received, auth: Auth, problems: &mut Vec<String>) {
    let method = &received.method;
    match (auth, received.auth_scheme) {
        (Auth::Bearer, None) => {
            problems.push("no token was sent (expected `Authorization: Bearer <token>`)".to_owned())
        }
        (Auth::Bearer, Some(AuthScheme::Basic)) => problems.push(format!(
            "{method} takes a bearer token, but HTTP Basic auth was sent"
        )),
        (Auth::ClientCredentials, Some(AuthScheme::Bearer)) => problems.push(format!(
            "{method} takes the app's client credentials, but a bearer token was sent"
        )),
        (Auth::RefreshToken, Some(scheme)) => problems.push(format!(
            "{method} is authenticated by its refresh_token argument alone, but `Authorization: \
             {scheme:?}` was sent"
        )),
        _ => {}
    }
}

/// The HTTP method, body encoding and arguments; a body Slack would not read is a problem.
fn arguments(
    request: &WireRequest<'_>,
    problems: &mut Vec<String>,
) -> (HttpMethod, Option<ContentType>, Parts) {
    let query = request.query.map(parse_form).unwrap_or_default();
    let query = (query, Vec::new());
    match request.http_method {
        "GET" => {
            if !request.body.is_empty() {
                problems.push("a GET request carried a body".to_owned());
            }
            (HttpMethod::Get, None, query)
        }
        "POST" => {
            if !query.0.is_empty() {
                problems.push(
                    "a POST request carried arguments in its query string; they belong in the body"
                        .to_owned(),
                );
            }
            let (content_type, arguments) = body_arguments(request, problems);
            (HttpMethod::Post, content_type, arguments)
        }
        other => {
            problems.push(format!("the HTTP method `{other}` is neither GET nor POST"));
            (HttpMethod::Post, None, query)
        }
    }
}

/// A request's arguments as text, and the files of a multipart body.
type Parts = (Vec<(String, String)>, Vec<ReceivedFile>);

/// The arguments of a POST body, by its `Content-Type`.
fn body_arguments(
    request: &WireRequest<'_>,
    problems: &mut Vec<String>,
) -> (Option<ContentType>, Parts) {
    if let Some(multipart) = request
        .content_type
        .filter(|value| value.starts_with("multipart/form-data"))
    {
        let parts = multipart_parts(multipart, request.body, problems);
        return (Some(ContentType::Multipart), parts);
    }
    let (content_type, arguments) = text_arguments(request, problems);
    (content_type, (arguments, Vec::new()))
}

/// The arguments of a form or JSON body.
fn text_arguments(
    request: &WireRequest<'_>,
    problems: &mut Vec<String>,
) -> (Option<ContentType>, Vec<(String, String)>) {
    match request.content_type {
        Some("application/x-www-form-urlencoded") => match std::str::from_utf8(request.body) {
            Ok(text) => (Some(ContentType::Form), parse_form(text)),
            Err(_) => {
                problems.push("the form body is not UTF-8".to_owned());
                (Some(ContentType::Form), Vec::new())
            }
        },
        Some(JSON_CONTENT_TYPE) => match serde_json::from_slice(request.body) {
            Ok(serde_json::Value::Object(members)) => (
                Some(ContentType::Json),
                members
                    .into_iter()
                    .map(|(name, value)| (name, json_text(value)))
                    .collect(),
            ),
            _ => {
                problems.push("the JSON body is not a JSON object".to_owned());
                (Some(ContentType::Json), Vec::new())
            }
        },
        Some(other) => {
            problems.push(format!(
                "the Content-Type `{other}` is neither `application/x-www-form-urlencoded` nor \
                 `{JSON_CONTENT_TYPE}` (Slack answers invalid_post_type or warns missing_charset)"
            ));
            (None, Vec::new())
        }
        None if request.body.is_empty() => (None, Vec::new()),
        None => {
            problems.push("a body was sent without a Content-Type (missing_post_type)".to_owned());
            (None, Vec::new())
        }
    }
}

/// A file part of a `multipart/form-data` body.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct ReceivedFile {
    /// The argument it was sent as (`image`).
    pub name: String,
    /// The file name the part carried.
    pub file_name: Option<String>,
    /// The part's `Content-Type`.
    pub content_type: Option<String>,
    /// The bytes, exactly as sent.
    pub bytes: Vec<u8>,
}

/// The fields of a multipart body, read with `multer` (axum's parser): text fields as arguments,
/// file fields as files and, lossily, as arguments. The whole body is in memory, so the parser's
/// futures are ready at once.
fn multipart_parts(content_type: &str, body: &[u8], problems: &mut Vec<String>) -> Parts {
    use futures_util::FutureExt;
    let boundary = match multer::parse_boundary(content_type) {
        Ok(boundary) => boundary,
        Err(error) => {
            problems.push(format!(
                "the multipart Content-Type has no boundary: {error}"
            ));
            return Parts::default();
        }
    };
    let body = bytes::Bytes::copy_from_slice(body);
    let stream = futures_util::stream::once(async move { Ok::<_, std::io::Error>(body) });
    let mut multipart = multer::Multipart::new(stream, boundary);
    let read = async {
        let mut parts = Parts::default();
        while let Some(field) = multipart.next_field().await? {
            let name = field.name().unwrap_or_default().to_owned();
            let file_name = field.file_name().map(str::to_owned);
            let content_type = field.content_type().map(ToString::to_string);
            let bytes = field.bytes().await?;
            parts
                .0
                .push((name.clone(), String::from_utf8_lossy(&bytes).into_owned()));
            if file_name.is_some() {
                let bytes = bytes.to_vec();
                parts.1.push(ReceivedFile {
                    name,
                    file_name,
                    content_type,
                    bytes,
                });
            }
        }
        Ok::<_, multer::Error>(parts)
    };
    match read.now_or_never() {
        Some(Ok(parts)) => parts,
        Some(Err(error)) => {
            problems.push(format!("the multipart body is malformed: {error}"));
            Parts::default()
        }
        None => {
            problems.push("the multipart body could not be read at once".to_owned());
            Parts::default()
        }
    }
}

/// A JSON member as argument text: strings as they are, anything else as JSON.
fn json_text(value: serde_json::Value) -> String {
    match value {
        serde_json::Value::String(text) => text,
        other => other.to_string(),
    }
}

/// `a=1&b=x+y` as pairs, percent- and plus-decoded.
fn parse_form(text: &str) -> Vec<(String, String)> {
    let Ok(url) = Url::parse(&format!("http://form.invalid/?{text}")) else {
        return Vec::new();
    };
    url.query_pairs()
        .map(|(name, value)| (name.into_owned(), value.into_owned()))
        .collect()
}

/// The token must travel only in the `Authorization` header.
fn check_token_stays_in_header(request: &WireRequest<'_>, token: &str, problems: &mut Vec<String>) {
    if request.query.is_some_and(|query| query.contains(token)) {
        problems.push("the token appears in the query string".to_owned());
    }
    if String::from_utf8_lossy(request.body).contains(token) {
        problems.push("the token appears in the body".to_owned());
    }
}

/// Parses a call's arguments (by wire name, as text) into a method's request, naming what is
/// wrong.
type ParseArguments = fn(&[(String, String)]) -> Result<(), String>;

/// What a stub told the mock about its method, to check calls of it.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Shape {
    pub(crate) http_method: HttpMethod,
    pub(crate) content_types: &'static [ContentType],
    pub(crate) auth: Auth,
    pub(crate) parse: ParseArguments,
}

impl Shape {
    pub(crate) fn of<M: FromArgs>() -> Shape {
        Shape {
            http_method: M::HTTP_METHOD,
            content_types: M::CONTENT_TYPES,
            auth: M::AUTH,
            parse: |arguments| M::from_args(arguments).map(drop).map_err(|e| e.to_string()),
        }
    }

    /// The problems of a call of this method that was otherwise well formed.
    pub(crate) fn check(&self, received: &Received, problems: &mut Vec<String>) {
        if received.http_method != self.http_method {
            problems.push(format!(
                "{} was called with {:?}; its spec says {:?}",
                received.method, received.http_method, self.http_method
            ));
        }
        if let Some(content_type) = received.content_type
            && !self.content_types.contains(&content_type)
        {
            problems.push(format!(
                "{} was sent a {content_type:?} body; its spec accepts {:?}",
                received.method, self.content_types
            ));
        }
        if let Err(problem) = (self.parse)(&received.arguments) {
            problems.push(problem);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn wire<'a>(method: &'a str, content_type: Option<&'a str>, body: &'a str) -> WireRequest<'a> {
        WireRequest {
            http_method: method,
            path: "/api/conversations.info",
            query: None,
            authorization: Some("Bearer xoxb-1-abc"),
            content_type,
            body: body.as_bytes(),
        }
    }

    #[test]
    fn a_form_request_decodes_into_its_parts() {
        let decoded = decode(&wire(
            "POST",
            Some("application/x-www-form-urlencoded"),
            "channel=C1&text=a+b%26c",
        ));
        assert!(decoded.problems.is_empty(), "{:?}", decoded.problems);
        let received = decoded.received;
        assert_eq!(received.method, "conversations.info");
        assert_eq!(received.token_type, Some(TokenType::Bot));
        assert_eq!(received.content_type, Some(ContentType::Form));
        assert_eq!(received.argument("text"), Some("a b&c"));
        assert!(!format!("{received:?}").contains("xoxb-1-abc"));
    }

    #[test]
    fn json_members_become_text() {
        let decoded = decode(&wire(
            "POST",
            Some(JSON_CONTENT_TYPE),
            r#"{"channel":"C1","include_locale":true,"ids":["a"]}"#,
        ));
        assert!(decoded.problems.is_empty(), "{:?}", decoded.problems);
        let received = decoded.received;
        assert_eq!(received.argument("include_locale"), Some("true"));
        assert_eq!(received.argument("ids"), Some(r#"["a"]"#));
    }

    #[test]
    fn broken_rules_are_named() {
        let cases = [
            (
                wire("POST", Some("application/json"), "{}"),
                "Content-Type `application/json`",
            ),
            (
                wire("POST", Some(JSON_CONTENT_TYPE), "[1]"),
                "not a JSON object",
            ),
            (wire("POST", None, "a=1"), "without a Content-Type"),
            (
                wire(
                    "POST",
                    Some("application/x-www-form-urlencoded"),
                    "token=xoxb-1-abc",
                ),
                "the token appears in the body",
            ),
            (
                wire("POST", Some("application/x-www-form-urlencoded"), "a=1&a=2"),
                "`a` was sent more than once",
            ),
            (wire("GET", None, "x"), "a GET request carried a body"),
        ];
        for (request, expected) in cases {
            let problems = decode(&request).problems;
            assert!(
                problems.iter().any(|problem| problem.contains(expected)),
                "{expected}: {problems:?}"
            );
        }
        let mut anonymous = wire("POST", None, "");
        anonymous.authorization = None;
        let decoded = decode(&anonymous);
        assert!(decoded.problems.is_empty(), "{:?}", decoded.problems);
        let mut problems = Vec::new();
        check_authorization(&decoded.received, Auth::Bearer, &mut problems);
        assert!(problems[0].contains("no token was sent"), "{problems:?}");
        problems.clear();
        check_authorization(&decoded.received, Auth::ClientCredentials, &mut problems);
        assert!(problems.is_empty(), "{problems:?}");
        let bearer = decode(&wire("GET", None, "")).received;
        check_authorization(&bearer, Auth::ClientCredentials, &mut problems);
        assert!(
            problems[0].contains("but a bearer token was sent"),
            "{problems:?}"
        );
        let mut basic = wire("GET", None, "");
        // base64("1.2:s3cret")
        basic.authorization = Some("Basic MS4yOnMzY3JldA==");
        let basic = decode(&basic).received;
        assert_eq!(basic.client_credentials(), Some(("1.2", "s3cret")));
        assert_eq!(basic.auth_scheme, Some(AuthScheme::Basic));
        assert!(!format!("{basic:?}").contains("s3cret"));
    }
}
