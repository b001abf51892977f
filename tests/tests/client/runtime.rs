//! The runtime's behaviour that is not tied to one method: configuration and token safety,
//! constraint checks, connection failures, rate-limit limits, throttling and calls by name.

use std::time::{Duration, Instant};

use serde_json::json;
use slack_api_client::testing::{Answer, Fault, MockSlack};
use slack_api_client::{
    ByNameError, Client, Code, Error, RetryPolicy, Throttle,
    api::AdminConversationsLinkObjectsRequest, api::AdminConversationsSetTeamsRequest,
    api::AdminConversationsSetTeamsWarning, api::ChatPostMessageRequest, api::CommonError,
    api::ConversationsInfoError, api::ConversationsInfoRequest, api::ConversationsInfoWarning,
    api::METHOD_NAMES, api::call_by_name,
};
use wiremock::MockServer;

use crate::support::*;

/// Calls conversations.info, expecting a failure.
async fn info_failure(client: &Client) -> Error<ConversationsInfoError> {
    let error = client
        .api()
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

/// A mock Slack whose conversations.info finds a channel.
async fn mock_slack() -> MockSlack {
    let slack = MockSlack::start().await.expect("a loopback port");
    let channel = json!({"channel": {"id": "C1"}});
    slack.stub(Answer::<ConversationsInfoRequest>::ok_json(channel).expect("a channel"));
    slack
}

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
    let slack = mock_slack().await;
    let client = mock_client(&slack);
    let short_record =
        AdminConversationsLinkObjectsRequest::new("C1", "a0B5e", "00D5e000000abcdEFG");
    let error = client
        .api()
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
        .api()
        .admin_conversations_link_objects(long_org)
        .await
        .unwrap_err();
    assert!(matches!(error, Error::InvalidArgument(ref i) if i.argument == "salesforce_org_id"));
    assert!(slack.received().is_empty(), "nothing was sent");
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
    let slack = mock_slack().await;
    let limited = Fault::RateLimited {
        retry_after: Duration::from_secs(30),
    };
    slack.fail_next(3, limited);
    let client = mock_builder(&slack)
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
    assert_eq!(slack.received().len(), 1);
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
    let slack = mock_slack().await;
    slack.fail_next(3, Fault::HtmlPage { status: 500 });
    let client = mock_builder(&slack)
        .retry_policy(RetryPolicy::disabled())
        .build()
        .unwrap();
    let error = info_failure(&client).await;
    assert_eq!(error.status(), Some(500));
    assert_eq!(slack.received().len(), 1);
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
    let call = || {
        client
            .api()
            .conversations_info(ConversationsInfoRequest::new("C1"))
    };
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
    let slack = mock_slack().await;
    let answer = Answer::<AdminConversationsSetTeamsRequest>::ok_json(json!({}))
        .unwrap()
        .member("warning", json!("missing_charset"));
    slack.stub(answer);
    let response = mock_client(&slack)
        .api()
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
    let slack = mock_slack().await;
    // Tier 2 (20 a minute) over a 1 s window: one setTeams call every 50 ms.
    let client = mock_builder(&slack)
        .throttle(Throttle::by_tier().with_window(Duration::from_secs(1)))
        .build()
        .unwrap();
    let clone = client.clone();
    let set_teams = |client: Client| async move {
        for _ in 0..3 {
            client
                .api()
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
    assert_eq!(slack.received().len(), 6);
}

#[tokio::test]
async fn throttling_keeps_one_budget_per_method() {
    let slack = mock_slack().await;
    // The real tiers: a second setTeams call would wait 3 s.
    let client = mock_builder(&slack)
        .throttle(Throttle::by_tier())
        .build()
        .unwrap();
    let start = Instant::now();
    client
        .api()
        .admin_conversations_set_teams(AdminConversationsSetTeamsRequest::new("C1"))
        .await
        .unwrap();
    // Another method of the same tier, and one of another tier, do not wait for it.
    client
        .api()
        .conversations_info(ConversationsInfoRequest::new("C1"))
        .await
        .unwrap();
    let link =
        AdminConversationsLinkObjectsRequest::new("C1", "a0B5e000001abcD", "00D5e000000abcd");
    client
        .api()
        .admin_conversations_link_objects(link)
        .await
        .unwrap();
    assert!(
        start.elapsed() < Duration::from_secs(2),
        "{:?}",
        start.elapsed()
    );
}

#[tokio::test]
async fn chat_post_message_is_throttled_per_channel_as_slack_counts_it() {
    let slack = mock_slack().await;
    slack.stub(
        Answer::<ChatPostMessageRequest>::ok_json(json!({"channel": "C1", "ts": "1.000002"}))
            .unwrap(),
    );
    // The special limit, 60 a minute per channel, over a 30 s window: 500 ms apart per channel.
    let client = mock_builder(&slack)
        .throttle(Throttle::by_tier().with_window(Duration::from_secs(30)))
        .build()
        .unwrap();
    for channel in ["C1", "C1", "C2", "C1"] {
        client
            .api()
            .chat_post_message(ChatPostMessageRequest::new(channel).text("hi"))
            .await
            .unwrap();
    }
    let at: Vec<_> = slack.received().iter().map(|request| request.at).collect();
    let gap = |from: usize, to: usize| at[to].duration_since(at[from]);
    // Arrival times: a few ms either way of the throttle's schedule.
    let spacing = Duration::from_millis(480);
    assert!(
        gap(0, 1) >= spacing,
        "one channel's posts are spaced: {:?}",
        gap(0, 1)
    );
    assert!(
        gap(1, 2) < Duration::from_millis(250),
        "another channel does not wait: {:?}",
        gap(1, 2)
    );
    assert!(gap(1, 3) >= spacing, "{:?}", gap(1, 3));
}

#[tokio::test]
async fn calls_by_name_parse_their_arguments_from_the_spec() {
    let slack = mock_slack().await;
    let answer = Answer::<AdminConversationsSetTeamsRequest>::ok_json(json!({}))
        .unwrap()
        .member("warning", json!("missing_charset"));
    slack.stub(answer);
    let client = mock_client(&slack);
    let args = pairs(&[
        ("channel_id", "C1"),
        ("target_team_ids", "T1,T2"),
        ("org_channel", "true"),
    ]);
    let outcome = call_by_name(&client, "admin.conversations.setTeams", &args)
        .await
        .unwrap();
    assert_eq!(
        outcome.response,
        json!({"ok": true, "warning": "missing_charset"}),
        "the whole answer"
    );
    assert_eq!(outcome.warnings, ["missing_charset"]);
    let requests = slack.received();
    assert_eq!(
        String::from_utf8_lossy(&requests[0].body),
        "channel_id=C1&org_channel=true&target_team_ids=T1%2CT2"
    );
    // Every spec has its row, in the spec set's order.
    let specs = std::fs::read_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/../spec"))
        .unwrap()
        .filter(|entry| {
            let name = entry.as_ref().unwrap().file_name();
            let name = name.to_str().unwrap();
            name.ends_with(".json") && !name.ends_with(".schema.json")
        })
        .count();
    assert_eq!(METHOD_NAMES.len(), specs);
}

#[tokio::test]
async fn calls_by_name_refuse_bad_usage_before_sending() {
    let slack = mock_slack().await;
    let client = mock_client(&slack);
    let cases: [UsageCase; 6] = [
        ("files.uploadV9", &[], "unknown method `files.uploadV9`"),
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
    assert!(slack.received().is_empty(), "nothing was sent");
}

#[tokio::test]
async fn calls_by_name_report_api_errors_by_code() {
    let slack = mock_slack().await;
    let superfluous = ConversationsInfoWarning::Unknown("superfluous_charset".to_owned());
    let answer = Answer::<ConversationsInfoRequest>::error(ConversationsInfoError::Common(
        CommonError::MissingScope,
    ))
    .member("needed", json!("channels:read"))
    .member("provided", json!("chat:write"))
    .warnings([superfluous]);
    slack.stub(answer);
    let args = pairs(&[("channel", "C1")]);
    let error = call_by_name(&mock_client(&slack), "conversations.info", &args)
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
    let slack = mock_slack().await;
    slack.fail_next(1, Fault::HtmlPage { status: 503 });
    let answer = Answer::<AdminConversationsSetTeamsRequest>::ok_json(json!({}))
        .unwrap()
        .member("warning", json!("missing_charset"));
    slack.stub(answer);
    mock_client(&slack)
        .api()
        .admin_conversations_set_teams(AdminConversationsSetTeamsRequest::new("C1"))
        .await
        .unwrap();
    let text = log.text();
    assert!(text.contains("retrying after a failed attempt"), "{text}");
    assert!(text.contains("warning=missing_charset"), "{text}");
    assert!(!text.contains(TOKEN), "{text}");
    assert!(!text.contains("SECRET"), "{text}");
}
