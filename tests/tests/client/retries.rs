//! Retries never repeat a write: after a request may have reached Slack, only methods whose spec
//! says a repeat is harmless are sent again; rate limits and failed connections are retried for
//! every method; `Replay` overrides the rule.

use std::time::{Duration, Instant};

use serde_json::json;
use slack_api_client::{
    Client, Error, Method, Replay, RetryPolicy, api::AdminConversationsLinkObjectsRequest,
    api::ConversationsInfoRequest,
};
use wiremock::{MockServer, ResponseTemplate};

use crate::support::*;

/// A link whose repeat is not harmless: once linked, a second link fails.
fn link() -> AdminConversationsLinkObjectsRequest {
    AdminConversationsLinkObjectsRequest::new("C1", "a0B5e000001abcD", "00D5e000000abcdEFG")
}

/// A server answering `first`, then success for every later request.
async fn server_failing_once(first: ResponseTemplate) -> MockServer {
    let server = MockServer::start().await;
    once(&server, first).await;
    always(
        &server,
        slack_json(json!({"ok": true, "channel": {"id": "C1"}})),
    )
    .await;
    server
}

/// Failures after which a request may have reached Slack.
fn maybe_sent() -> Vec<(&'static str, ResponseTemplate)> {
    vec![
        ("HTTP 500", raw(500, "oops", "text/plain")),
        (
            "internal_error",
            slack_json(json!({"ok": false, "error": "internal_error"})),
        ),
        (
            "truncated JSON",
            raw(200, r#"{"ok": tr"#, "application/json"),
        ),
        (
            "a timeout",
            slack_json(json!({"ok": true})).set_delay(Duration::from_millis(600)),
        ),
    ]
}

/// A client for `server` whose attempts time out after 150 ms.
fn short_timeout(server: &MockServer, policy: RetryPolicy) -> Client {
    builder(server)
        .timeout(Duration::from_millis(150))
        .retry_policy(policy)
        .build()
        .unwrap()
}

#[test]
fn the_spec_decides_which_methods_may_be_repeated() {
    // conversations.info reads; setTeams sets the same end state; a second linkObjects fails.
    let repeatable = [
        ConversationsInfoRequest::IDEMPOTENT,
        slack_api_client::api::AdminConversationsSetTeamsRequest::IDEMPOTENT,
        AdminConversationsLinkObjectsRequest::IDEMPOTENT,
    ];
    assert_eq!(repeatable, [true, true, false]);
}

#[tokio::test]
async fn a_write_that_may_have_reached_slack_is_sent_once() {
    for (what, answer) in maybe_sent() {
        let server = server_failing_once(answer).await;
        let client = short_timeout(&server, fast_retries());
        let error = client
            .api()
            .admin_conversations_link_objects(link())
            .await
            .expect_err(what);
        assert_no_token(&error);
        assert_eq!(received(&server).await.len(), 1, "{what}: sent once");
    }
}

#[tokio::test]
async fn a_read_that_may_have_reached_slack_is_retried() {
    for (what, answer) in maybe_sent() {
        let server = server_failing_once(answer).await;
        let client = short_timeout(&server, fast_retries());
        let response = client
            .api()
            .conversations_info(ConversationsInfoRequest::new("C1"))
            .await;
        assert!(response.is_ok(), "{what}: {response:?}");
        assert_eq!(received(&server).await.len(), 2, "{what}: retried once");
    }
}

#[tokio::test]
async fn rate_limits_are_retried_for_writes_too() {
    for answer in [
        too_many_requests("0"),
        slack_json(json!({"ok": false, "error": "ratelimited"})),
    ] {
        let server = server_failing_once(answer).await;
        let response = client(&server)
            .api()
            .admin_conversations_link_objects(link())
            .await;
        assert!(response.is_ok(), "{response:?}");
        assert_eq!(received(&server).await.len(), 2);
    }
}

#[tokio::test]
async fn a_write_that_could_not_connect_is_retried() {
    // Nothing listens: each attempt fails to connect, so Slack never saw it and the client
    // waits out both backoffs (each at least half of 100 ms) before giving up.
    let client = Client::builder(TOKEN)
        .base_url(closed_port_url())
        .retry_policy(
            RetryPolicy::default()
                .with_max_retries(2)
                .with_backoff(Duration::from_millis(100), Duration::from_millis(100)),
        )
        .build()
        .unwrap();
    let start = Instant::now();
    let error = client
        .api()
        .admin_conversations_link_objects(link())
        .await
        .unwrap_err();
    assert!(matches!(error, Error::Transport { .. }), "{error:?}");
    assert!(start.elapsed() >= Duration::from_millis(100), "it retried");
}

#[tokio::test]
async fn replay_overrides_the_spec_either_way() {
    let server = server_failing_once(raw(503, "busy", "text/plain")).await;
    let always = fast_retries().with_replay(Replay::Always);
    let response = short_timeout(&server, always)
        .api()
        .admin_conversations_link_objects(link())
        .await;
    assert!(response.is_ok(), "{response:?}");
    assert_eq!(received(&server).await.len(), 2);

    let server = server_failing_once(raw(503, "busy", "text/plain")).await;
    let never = fast_retries().with_replay(Replay::Never);
    let error = short_timeout(&server, never)
        .api()
        .conversations_info(ConversationsInfoRequest::new("C1"))
        .await
        .unwrap_err();
    assert_eq!(error.status(), Some(503));
    assert_eq!(received(&server).await.len(), 1);
}
