//! Observability: one tracing span per call (method, attempt, HTTP status, outcome), an event
//! per retry, Slack's request id and scopes on answers and API errors, and the answer exactly as
//! Slack sent it. No log line holds the token.

mod client_support;

use serde_json::json;
use slack_api_client::{AdminConversationsSetTeamsRequest, ConversationsInfoRequest, Error};
use tracing_subscriber::fmt::format::FmtSpan;
use tracing_subscriber::util::SubscriberInitExt;
use wiremock::MockServer;

use client_support::*;

/// Slack's answer with the headers it sends about a call.
fn with_slack_headers(body: serde_json::Value) -> wiremock::ResponseTemplate {
    slack_json(body)
        .insert_header("x-slack-req-id", "c0ffee1234")
        .insert_header("x-oauth-scopes", "channels:read,chat:write")
        .insert_header("x-accepted-oauth-scopes", "channels:read")
}

#[tokio::test]
async fn each_call_has_a_span_and_each_retry_an_event() {
    // A global subscriber: a thread-local one races with the other tests of this binary, which
    // may leave a callsite marked uninteresting. Their lines are told apart by method.
    let log = CapturedLog::default();
    let writer = log.clone();
    tracing_subscriber::fmt()
        .with_max_level(tracing_subscriber::filter::LevelFilter::TRACE)
        .with_span_events(FmtSpan::CLOSE)
        .with_ansi(false)
        .with_writer(move || writer.clone())
        .finish()
        .init();
    let server = MockServer::start().await;
    once(&server, html_page(503)).await;
    always(&server, slack_json(json!({"ok": true}))).await;
    client(&server)
        .admin_conversations_set_teams(AdminConversationsSetTeamsRequest::new("C1"))
        .await
        .unwrap();
    let text = log.text();
    let closed = text
        .lines()
        .find(|line| line.contains("close") && line.contains("setTeams"))
        .unwrap_or_else(|| panic!("no span closed:\n{text}"));
    for field in [
        "slack_api_call{method=\"admin.conversations.setTeams\"",
        "attempt=2",
        "status=200",
        "outcome=\"ok\"",
    ] {
        assert!(closed.contains(field), "{field} in {closed}");
    }
    let retry = text
        .lines()
        .find(|line| line.contains("retrying after a failed attempt") && line.contains("setTeams"))
        .unwrap_or_else(|| panic!("no retry event:\n{text}"));
    assert!(
        retry.contains("attempt=1") && retry.contains("503"),
        "{retry}"
    );
    assert!(!text.contains(TOKEN) && !text.contains("SECRET"), "{text}");
}

#[tokio::test]
async fn answers_carry_the_request_id_scopes_and_raw_json() {
    let server = MockServer::start().await;
    // Spacing and a member the spec does not know, which the raw JSON keeps as sent.
    let body = r#"{"ok": true,  "channel": {"id": "C1", "from_the_future": [1, 2]}}"#;
    let template = raw(200, body, "application/json")
        .insert_header("x-slack-req-id", "c0ffee1234")
        .insert_header("x-oauth-scopes", "channels:read,chat:write")
        .insert_header("x-accepted-oauth-scopes", "channels:read");
    always(&server, template).await;
    let response = client(&server)
        .conversations_info(ConversationsInfoRequest::new("C1"))
        .await
        .unwrap();
    assert_eq!(response.request_id(), Some("c0ffee1234"));
    assert_eq!(response.scopes(), Some("channels:read,chat:write"));
    assert_eq!(response.accepted_scopes(), Some("channels:read"));
    assert_eq!(response.raw_json(), body);
    assert_eq!(response.into_raw_json(), body);
}

#[tokio::test]
async fn api_errors_carry_them_too_and_absent_headers_are_none() {
    let server = MockServer::start().await;
    let body = json!({"ok": false, "error": "missing_scope", "needed": "channels:read"});
    always(&server, with_slack_headers(body.clone())).await;
    let error = client(&server)
        .conversations_info(ConversationsInfoRequest::new("C1"))
        .await
        .unwrap_err();
    let Error::Api(api) = &error else {
        panic!("expected an API error, got {error:?}");
    };
    assert_eq!(api.request_id(), Some("c0ffee1234"));
    assert_eq!(api.scopes(), Some("channels:read,chat:write"));
    assert_eq!(api.accepted_scopes(), Some("channels:read"));
    assert_eq!(
        serde_json::from_str::<serde_json::Value>(api.raw_json()).unwrap(),
        body
    );

    let server = MockServer::start().await;
    always(
        &server,
        slack_json(json!({"ok": true, "channel": {"id": "C1"}})),
    )
    .await;
    let response = client(&server)
        .conversations_info(ConversationsInfoRequest::new("C1"))
        .await
        .unwrap();
    assert_eq!(response.request_id(), None);
    assert_eq!(response.scopes(), None);
}
