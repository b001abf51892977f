//! Observability: one tracing span per call (method, attempt, HTTP status, outcome), an event
//! per retry, Slack's request id and scopes on answers and API errors, and the answer exactly as
//! Slack sent it, and a warning listing what of an answer did not fit its types. No log line
//! holds the token.

use serde_json::json;
use slack_api_client::{
    Error, api::AdminConversationsSetTeamsRequest, api::CommonError, api::ConversationsInfoError,
    api::ConversationsInfoRequest,
};
use wiremock::MockServer;

use crate::support::*;

/// Slack's answer with the headers it sends about a call.
fn with_slack_headers(body: serde_json::Value) -> wiremock::ResponseTemplate {
    slack_json(body)
        .insert_header("x-slack-req-id", "c0ffee1234")
        .insert_header("x-oauth-scopes", "channels:read,chat:write")
        .insert_header("x-accepted-oauth-scopes", "channels:read")
}

/// The binary's log (see [`global_log`]), where other tests log too.
fn log() -> CapturedLog {
    global_log()
}

/// Runs `future` inside a span of its own, so this test's log lines (which name their spans'
/// parents) are told apart from the other tests' by `test{marker="..."}`.
fn marked<F: std::future::Future>(
    marker: &'static str,
    future: F,
) -> tracing::instrument::Instrumented<F> {
    use tracing::Instrument;
    future.instrument(tracing::info_span!("test", marker))
}

/// The log's lines of the test marked `marker`.
fn lines_of(text: &str, marker: &str) -> Vec<String> {
    let tag = format!("test{{marker=\"{marker}\"}}");
    text.lines()
        .filter(|line| line.contains(&tag))
        .map(str::to_owned)
        .collect()
}

#[tokio::test]
async fn each_call_has_a_span_and_each_retry_an_event() {
    let log = log();
    let server = MockServer::start().await;
    once(&server, html_page(503)).await;
    always(&server, slack_json(json!({"ok": true}))).await;
    let client = client(&server);
    let call = client
        .api()
        .admin_conversations_set_teams(AdminConversationsSetTeamsRequest::new("C1"));
    marked("span_and_retry", call).await.unwrap();
    let text = lines_of(&log.text(), "span_and_retry").join("\n");
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
        .api()
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
        .api()
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
        .api()
        .conversations_info(ConversationsInfoRequest::new("C1"))
        .await
        .unwrap();
    assert_eq!(response.request_id(), None);
    assert_eq!(response.scopes(), None);
}

/// What of an answer did not fit reaches the caller, typed fields absent and the values kept,
/// with one warning for the call that names where and what was expected, never the values.
#[tokio::test]
async fn odd_members_reach_the_caller_with_one_warning() {
    let log = log();
    let server = MockServer::start().await;
    let sent = json!({
        "ok": true,
        "channel": {
            "id": "C0DD",
            "name": "odd",
            "parent_conversation": 0,
            "pending_shared": {},
            "previous_names": {"0": TOKEN},
            "members": ["U1", {"id": "U2"}, "U3"]
        }
    });
    always(&server, slack_json(sent.clone())).await;
    let client = client(&server);
    let call = client
        .api()
        .conversations_info(ConversationsInfoRequest::new("C0DD"));
    let response = marked("odd_members", call).await.unwrap();
    let paths: Vec<&str> = response.misfits.iter().map(|m| m.path.as_str()).collect();
    assert_eq!(
        paths,
        [
            "channel.members[1]",
            "channel.parent_conversation",
            "channel.pending_shared",
            "channel.previous_names",
        ]
    );
    let channel = &response.data.channel;
    assert_eq!(channel.name.as_deref(), Some("odd"));
    let members: Vec<&str> = channel
        .members
        .iter()
        .flatten()
        .map(|u| u.as_str())
        .collect();
    assert_eq!(members, ["U1", "U3"]);
    assert_eq!(channel.previous_names, None);
    assert_eq!(channel.extra["previous_names"], json!({"0": TOKEN}));
    assert_eq!(serde_json::to_value(&response.data).unwrap(), sent);

    let text = lines_of(&log.text(), "odd_members").join("\n");
    let warnings: Vec<&str> = text
        .lines()
        .filter(|line| line.contains("WARN") && line.contains("did not fit"))
        .collect();
    let [warning] = warnings[..] else {
        panic!("expected one warning:\n{text}");
    };
    for part in [
        "conversations.info",
        "count=4",
        "`channel.previous_names` (expected a sequence)",
        "`channel.members[1]` (expected a string)",
    ] {
        assert!(warning.contains(part), "{part} in {warning}");
    }
    assert!(!text.contains(TOKEN) && !text.contains("SECRET"), "{text}");
}

/// A member the answer requires that does not fit fails the call; the error names it and what
/// was expected, and keeps the whole body as Slack sent it.
#[tokio::test]
async fn a_required_member_that_does_not_fit_fails_the_call_keeping_the_body() {
    let server = MockServer::start().await;
    let body = r#"{"ok": true, "channel": {"id": 42, "name": "x"}}"#;
    always(&server, raw(200, body, "application/json")).await;
    let error = client(&server)
        .api()
        .conversations_info(ConversationsInfoRequest::new("C1"))
        .await
        .unwrap_err();
    let Error::Decode(decode) = &error else {
        panic!("expected a decode error, got {error:?}");
    };
    assert_eq!(decode.path.as_deref(), Some("channel.id"));
    assert_eq!(decode.expected.as_deref(), Some("a string"));
    assert_eq!(decode.raw_json(), body);
    let shown = error.to_string();
    assert!(
        shown.contains("requires `channel.id` to be a string"),
        "{shown}"
    );
}

/// An `ok: false` answer whose other members are odd still gives its typed code.
#[tokio::test]
async fn an_error_with_odd_members_keeps_its_typed_code() {
    let server = MockServer::start().await;
    let body = json!({
        "ok": false,
        "error": "channel_not_found",
        "warning": 5,
        "needed": ["channels:read"],
        "response_metadata": {"messages": ["[ERROR] one", 2], "warnings": {}}
    });
    always(&server, slack_json(body)).await;
    let error = client(&server)
        .api()
        .conversations_info(ConversationsInfoRequest::new("C1"))
        .await
        .unwrap_err();
    assert_eq!(
        error.code(),
        Some(&ConversationsInfoError::Common(
            CommonError::ChannelNotFound
        ))
    );
    let Error::Api(api) = &error else {
        panic!("expected an API error, got {error:?}");
    };
    assert_eq!(api.error.code(), "channel_not_found");
    assert_eq!(api.needed, None);
    assert_eq!(api.messages, ["[ERROR] one"]);
    assert!(api.warnings.is_empty());
}
