//! The runtime's behaviour that is not tied to one method: configuration and token safety,
//! constraint checks, connection failures, rate-limit limits, throttling and calls by name.

mod client_support;

use std::time::{Duration, Instant};

use serde_json::json;
use slack_api_client::{
    AdminConversationsLinkObjectsRequest, AdminConversationsSetTeamsRequest,
    AdminConversationsSetTeamsWarning, ByNameError, Client, Code, ConversationsInfoError,
    ConversationsInfoRequest, Error, METHOD_NAMES, RetryPolicy, Throttle, call_by_name,
};
use wiremock::MockServer;

use client_support::*;

/// Calls conversations.info, expecting a failure.
async fn info_failure(client: &Client) -> Error<ConversationsInfoError> {
    let error = client
        .conversations_info(ConversationsInfoRequest::new("C1"))
        .await
        .expect_err("the call fails");
    assert_no_token(&error);
    error
}

/// One by-name case: method, arguments, and what the usage error says.
type UsageCase = (
    &'static str,
    &'static [(&'static str, &'static str)],
    &'static str,
);

fn pairs(args: &[(&str, &str)]) -> Vec<(String, String)> {
    args.iter()
        .map(|(name, value)| (name.to_string(), value.to_string()))
        .collect()
}

#[test]
fn plain_http_is_refused_unless_the_host_is_loopback() {
    for url in [
        "http://slack.com/api/",
        "http://192.168.1.10/api/",
        "http://localhost.example.org/",
    ] {
        let error = Client::builder(TOKEN).base_url(url).build().unwrap_err();
        assert!(error.to_string().contains("plain http"), "{error}");
        assert_no_token(&error);
    }
    for url in [
        "https://slack.com/api/",
        "http://127.0.0.1:1/api/",
        "http://localhost:1/",
        "http://[::1]:1/api",
    ] {
        let client = Client::builder(TOKEN).base_url(url).build();
        assert!(client.is_ok(), "{url}: {client:?}");
    }
    assert_eq!(
        Client::new(TOKEN).unwrap().base_url(),
        "https://slack.com/api/"
    );
}

#[test]
fn the_token_never_shows_in_debug_output() {
    let builder = Client::builder(TOKEN).base_url("http://127.0.0.1:1");
    let builder_debug = format!("{builder:?}");
    let client = builder.build().unwrap();
    for text in [
        builder_debug,
        format!("{client:?}"),
        format!("{:?}", client.clone()),
    ] {
        assert!(!text.contains(TOKEN), "{text}");
        assert!(text.contains("[redacted]"), "{text}");
    }
    let error = Client::builder("").build().unwrap_err();
    assert!(error.to_string().contains("token is empty"));
    let error = Client::builder(format!("{TOKEN}\n")).build().unwrap_err();
    assert_no_token(&error);
}

#[tokio::test]
async fn a_broken_constraint_sends_nothing() {
    let server = MockServer::start().await;
    always(&server, slack_json(json!({"ok": true}))).await;
    let client = client(&server);
    let short_record =
        AdminConversationsLinkObjectsRequest::new("C1", "a0B5e", "00D5e000000abcdEFG");
    let error = client
        .admin_conversations_link_objects(short_record)
        .await
        .unwrap_err();
    let Error::InvalidArgument(invalid) = &error else {
        panic!("expected an invalid argument, got {error:?}");
    };
    assert_eq!(invalid.argument, "record_id");
    assert!(error.to_string().contains("15 or 18"), "{error}");
    let long_org =
        AdminConversationsLinkObjectsRequest::new("C1", "a0B5e000001abcD", "x".repeat(16));
    let error = client
        .admin_conversations_link_objects(long_org)
        .await
        .unwrap_err();
    assert!(matches!(error, Error::InvalidArgument(ref i) if i.argument == "salesforce_org_id"));
    assert!(received(&server).await.is_empty(), "nothing was sent");
}

#[tokio::test]
async fn an_unreachable_server_is_a_transport_error_after_retries() {
    let client = Client::builder(TOKEN)
        .base_url(closed_port_url())
        .retry_policy(fast_retries())
        .build()
        .unwrap();
    let error = info_failure(&client).await;
    assert!(matches!(error, Error::Transport { .. }), "{error:?}");
    assert!(
        error.to_string().starts_with("could not reach Slack"),
        "{error}"
    );
}

#[tokio::test]
async fn a_longer_wait_than_allowed_fails_at_once_with_that_wait() {
    let server = MockServer::start().await;
    always(&server, too_many_requests("30")).await;
    let client = builder(&server)
        .retry_policy(fast_retries().with_max_retry_after(Duration::from_secs(10)))
        .build()
        .unwrap();
    let start = Instant::now();
    let error = info_failure(&client).await;
    assert!(start.elapsed() < Duration::from_secs(5));
    assert_eq!(error.retry_after(), Some(Duration::from_secs(30)));
    assert_eq!(error.status(), Some(429));
    assert!(
        error.to_string().contains("Slack asked to wait 30 s"),
        "{error}"
    );
    assert_eq!(received(&server).await.len(), 1);
}

#[tokio::test]
async fn a_429_without_retry_after_backs_off_and_says_so() {
    let server = MockServer::start().await;
    always(&server, raw(429, "slow down", "text/plain")).await;
    let error = info_failure(&client(&server)).await;
    assert_eq!(error.retry_after(), None);
    assert!(
        error.to_string().contains("did not say how long"),
        "{error}"
    );
    assert_eq!(received(&server).await.len(), 3);
}

#[tokio::test]
async fn disabled_retries_return_the_first_failure() {
    let server = MockServer::start().await;
    always(&server, html_page(500)).await;
    let client = builder(&server)
        .retry_policy(RetryPolicy::disabled())
        .build()
        .unwrap();
    let error = info_failure(&client).await;
    assert_eq!(error.status(), Some(500));
    assert_eq!(received(&server).await.len(), 1);
}

#[tokio::test]
async fn client_errors_and_redirects_are_not_retried_or_followed() {
    let server = MockServer::start().await;
    once(&server, raw(404, "<html>Not Found</html>", "text/html")).await;
    once(
        &server,
        wiremock::ResponseTemplate::new(302).insert_header("Location", "https://example.com/"),
    )
    .await;
    always(
        &server,
        wiremock::ResponseTemplate::new(400)
            .set_body_json(json!({"ok": false, "error": "invalid_arguments"})),
    )
    .await;
    let client = client(&server);
    let call = || client.conversations_info(ConversationsInfoRequest::new("C1"));
    let not_found = call().await.unwrap_err();
    assert!(
        matches!(&not_found, Error::Http { status: 404, excerpt } if excerpt == "<html>Not Found</html>")
    );
    let redirect = call().await.unwrap_err();
    assert_eq!(redirect.status(), Some(302));
    // A 4xx that still carries Slack's JSON error is reported by its code.
    let invalid = call().await.unwrap_err();
    assert_eq!(invalid.code().map(Code::code), Some("invalid_arguments"));
    assert_eq!(received(&server).await.len(), 3);
}

#[tokio::test]
async fn documented_warnings_are_typed() {
    let server = MockServer::start().await;
    always(
        &server,
        slack_json(json!({"ok": true, "warning": "missing_charset"})),
    )
    .await;
    let response = client(&server)
        .admin_conversations_set_teams(AdminConversationsSetTeamsRequest::new("C1"))
        .await
        .unwrap();
    assert_eq!(
        response.warnings,
        [AdminConversationsSetTeamsWarning::MissingCharset]
    );
}

#[tokio::test]
async fn throttling_spaces_calls_by_tier_across_clones() {
    let server = MockServer::start().await;
    always(&server, slack_json(json!({"ok": true}))).await;
    // Tier 2 (20 a minute) over a 1 s window: one setTeams call every 50 ms.
    let client = builder(&server)
        .throttle(Throttle::by_tier().with_window(Duration::from_secs(1)))
        .build()
        .unwrap();
    let clone = client.clone();
    let set_teams = |client: Client| async move {
        for _ in 0..3 {
            client
                .admin_conversations_set_teams(AdminConversationsSetTeamsRequest::new("C1"))
                .await
                .unwrap();
        }
    };
    let start = Instant::now();
    tokio::join!(set_teams(client), set_teams(clone));
    assert!(
        start.elapsed() >= Duration::from_millis(250),
        "six calls of one budget take five spacings: {:?}",
        start.elapsed()
    );
    assert_eq!(received(&server).await.len(), 6);
}

#[tokio::test]
async fn throttling_keeps_one_budget_per_method() {
    let server = MockServer::start().await;
    always(
        &server,
        slack_json(json!({"ok": true, "channel": {"id": "C1"}})),
    )
    .await;
    // The real tiers: a second setTeams call would wait 3 s.
    let client = builder(&server)
        .throttle(Throttle::by_tier())
        .build()
        .unwrap();
    let start = Instant::now();
    client
        .admin_conversations_set_teams(AdminConversationsSetTeamsRequest::new("C1"))
        .await
        .unwrap();
    // Another tier's method and a method without a published tier do not wait for it.
    client
        .conversations_info(ConversationsInfoRequest::new("C1"))
        .await
        .unwrap();
    for _ in 0..3 {
        let link =
            AdminConversationsLinkObjectsRequest::new("C1", "a0B5e000001abcD", "00D5e000000abcd");
        client.admin_conversations_link_objects(link).await.unwrap();
    }
    assert!(
        start.elapsed() < Duration::from_secs(2),
        "{:?}",
        start.elapsed()
    );
}

#[tokio::test]
async fn calls_by_name_parse_their_arguments_from_the_spec() {
    let server = MockServer::start().await;
    always(
        &server,
        slack_json(json!({"ok": true, "warning": "missing_charset"})),
    )
    .await;
    let client = client(&server);
    let args = pairs(&[
        ("channel_id", "C1"),
        ("target_team_ids", "T1,T2"),
        ("org_channel", "true"),
    ]);
    let outcome = call_by_name(&client, "admin.conversations.setTeams", &args)
        .await
        .unwrap();
    assert_eq!(outcome.response, json!({}));
    assert_eq!(outcome.warnings, ["missing_charset"]);
    let requests = received(&server).await;
    assert_eq!(
        body_text(&requests[0]),
        "channel_id=C1&org_channel=true&target_team_ids=T1%2CT2"
    );
    assert_eq!(METHOD_NAMES.len(), 3);
}

#[tokio::test]
async fn calls_by_name_refuse_bad_usage_before_sending() {
    let server = MockServer::start().await;
    always(&server, slack_json(json!({"ok": true}))).await;
    let client = client(&server);
    let cases: [UsageCase; 6] = [
        ("chat.postMessage", &[], "unknown method `chat.postMessage`"),
        (
            "conversations.info",
            &[("channel", "C1"), ("colour", "red")],
            "unknown argument `colour`",
        ),
        ("conversations.info", &[], "needs the argument `channel`"),
        (
            "conversations.info",
            &[("channel", "C1"), ("include_locale", "yes")],
            "expected true or false, got `yes`",
        ),
        (
            "admin.conversations.linkObjects",
            &[
                ("channel", "C1"),
                ("record_id", "abc"),
                ("salesforce_org_id", "00D5e000000abcd"),
            ],
            "invalid argument `record_id`",
        ),
        (
            "conversations.info",
            &[("channel", "C1"), ("channel", "C2")],
            "more than once",
        ),
    ];
    for (method, args, expected) in cases {
        let error = call_by_name(&client, method, &pairs(args))
            .await
            .unwrap_err();
        assert!(error.is_usage(), "{method} {args:?}: {error:?}");
        assert!(
            error.to_string().contains(expected),
            "{error} lacks {expected}"
        );
    }
    assert!(received(&server).await.is_empty(), "nothing was sent");
}

#[tokio::test]
async fn calls_by_name_report_api_errors_by_code() {
    let server = MockServer::start().await;
    always(
        &server,
        slack_json(json!({
            "ok": false, "error": "missing_scope", "needed": "channels:read",
            "provided": "chat:write", "warning": "superfluous_charset"
        })),
    )
    .await;
    let args = pairs(&[("channel", "C1")]);
    let error = call_by_name(&client(&server), "conversations.info", &args)
        .await
        .unwrap_err();
    assert!(!error.is_usage());
    assert_eq!(
        error.to_string(),
        "missing_scope (needed: channels:read, provided: chat:write)"
    );
    let ByNameError::Api { warnings, .. } = error else {
        panic!("expected an API error");
    };
    assert_eq!(warnings, ["superfluous_charset"]);
}

/// Log output, collected in memory.
#[derive(Clone, Default)]
struct CapturedLog(std::sync::Arc<std::sync::Mutex<Vec<u8>>>);

impl std::io::Write for CapturedLog {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(bytes);
        Ok(bytes.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[tokio::test]
async fn warnings_and_retries_are_logged_without_the_token() {
    use tracing_subscriber::util::SubscriberInitExt;
    let log = CapturedLog::default();
    let writer = log.clone();
    let _guard = tracing_subscriber::fmt()
        .with_max_level(tracing_subscriber::filter::LevelFilter::TRACE)
        .with_writer(move || writer.clone())
        .finish()
        .set_default();
    let server = MockServer::start().await;
    once(&server, html_page(503)).await;
    always(
        &server,
        slack_json(json!({"ok": true, "warning": "missing_charset"})),
    )
    .await;
    client(&server)
        .admin_conversations_set_teams(AdminConversationsSetTeamsRequest::new("C1"))
        .await
        .unwrap();
    let text = String::from_utf8(log.0.lock().unwrap().clone()).unwrap();
    assert!(text.contains("retrying after a failed attempt"), "{text}");
    assert!(text.contains("warning=missing_charset"), "{text}");
    assert!(!text.contains(TOKEN), "{text}");
    assert!(!text.contains("SECRET"), "{text}");
}
