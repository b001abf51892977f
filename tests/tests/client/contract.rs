//! Paths of the runtime that the three generated methods do not take (GET with a query string, a
//! JSON-only method, every `ArgValue` kind), exercised over HTTP with hand-written `Method`s.

use serde_json::{Value, json};
use slack_api_client::{
    ArgValue, Code, ContentType, HttpMethod, InvalidArgument, ListFormat, Method, RateTier,
};
use wiremock::MockServer;

use crate::support::*;

/// A code type for the hand-written methods: every code is kept as sent.
#[derive(Debug, Clone, PartialEq)]
struct AnyCode(String);

impl std::fmt::Display for AnyCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl Code for AnyCode {
    fn from_code(code: &str) -> Self {
        AnyCode(code.to_owned())
    }
    fn code(&self) -> &str {
        &self.0
    }
    fn is_retryable(&self) -> bool {
        false
    }
}

/// One of every argument kind.
fn all_kinds() -> Vec<(&'static str, ArgValue)> {
    vec![
        ("text", ArgValue::Str("a b&c".into())),
        ("flag", ArgValue::Bool(true)),
        ("count", ArgValue::Int(7)),
        ("ratio", ArgValue::Float(1.5)),
        (
            "users",
            ArgValue::List(vec!["U1".into(), "U2".into()], ListFormat::CommaSeparated),
        ),
        (
            "blocks",
            ArgValue::List(vec!["x".into()], ListFormat::JsonArray),
        ),
        ("meta", ArgValue::Json(json!({"k": true}))),
    ]
}

/// A hand-written method sending [`all_kinds`], answered with any JSON.
macro_rules! test_method {
    ($(#[$doc:meta])* $name:ident, $wire:literal, $http:expr, $types:expr) => {
        $(#[$doc])*
        struct $name;

        impl Method for $name {
            const NAME: &'static str = $wire;
            const HTTP_METHOD: HttpMethod = $http;
            const CONTENT_TYPES: &'static [ContentType] = $types;
            const RATE_TIER: Option<RateTier> = Some(RateTier::Tier4);
            const IDEMPOTENT: bool = true;
            type Response = serde_json::Map<String, Value>;
            type Error = AnyCode;
            type Warning = AnyCode;
            fn validate(&self) -> Result<(), InvalidArgument> {
                Ok(())
            }
            fn arguments(&self) -> Vec<(&'static str, ArgValue)> {
                all_kinds()
            }
        }
    };
}

test_method!(
    /// A method read with GET.
    Lookup,
    "test.lookup",
    HttpMethod::Get,
    &[ContentType::Form]
);
test_method!(
    /// A method that only takes JSON bodies.
    Publish,
    "test.publish",
    HttpMethod::Post,
    &[ContentType::Json]
);

#[tokio::test]
async fn get_methods_send_their_arguments_in_the_query_string() {
    let server = MockServer::start().await;
    always(&server, slack_json(json!({"ok": true, "answer": 42}))).await;
    let response = client(&server).call(&Lookup).await.unwrap();
    assert_eq!(response.data["answer"], 42);
    let requests = received(&server).await;
    let request = &requests[0];
    assert_eq!(request.method.as_str(), "GET");
    assert_eq!(request.url.path(), "/api/test.lookup");
    assert_eq!(
        request.url.query(),
        Some(
            "text=a+b%26c&flag=true&count=7&ratio=1.5&users=U1%2CU2\
             &blocks=%5B%22x%22%5D&meta=%7B%22k%22%3Atrue%7D"
        )
    );
    assert!(request.body.is_empty());
    assert_token_only_in_header(request);
}

#[tokio::test]
async fn json_only_methods_get_json_without_asking() {
    let server = MockServer::start().await;
    always(&server, slack_json(json!({"ok": true}))).await;
    client(&server).call(&Publish).await.unwrap();
    let requests = received(&server).await;
    assert_eq!(
        content_type(&requests[0]),
        "application/json; charset=utf-8"
    );
    assert_eq!(
        requests[0].body_json::<Value>().unwrap(),
        json!({
            "text": "a b&c", "flag": true, "count": 7, "ratio": 1.5,
            "users": "U1,U2", "blocks": ["x"], "meta": {"k": true}
        })
    );
}
