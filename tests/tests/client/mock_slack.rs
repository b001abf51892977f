//! The mock Slack of the `testing` feature, used as a user would: typed stubs, faults on demand,
//! decoded requests, and requests that break Slack's rules failing the test.

use std::time::{Duration, Instant};

use serde_json::json;
use slack_api_client::testing::{Answer, Fault, MockSlack, TokenType};
use slack_api_client::{
    ArgParser, ArgValue, ByNameError, Client, ClientBuilder, Code, ContentType, Error, FromArgs,
    HttpMethod, InvalidArgument, Method, RateTier, RetryPolicy,
    api::AdminConversationsSetTeamsRequest, api::AdminConversationsSetTeamsWarning,
    api::CommonError, api::ConversationsInfoError, api::ConversationsInfoRequest,
};

const TOKEN: &str = "xoxb-mock-SECRET-42";

type Info = ConversationsInfoRequest;

fn builder(slack: &MockSlack) -> ClientBuilder {
    Client::builder(TOKEN)
        .base_url(slack.base_url())
        .timeout(Duration::from_millis(500))
}

fn no_retries(slack: &MockSlack) -> Client {
    builder(slack)
        .retry_policy(RetryPolicy::disabled())
        .build()
        .unwrap()
}

fn general() -> Answer<Info> {
    Answer::ok_json(json!({"channel": {"id": "C1", "name": "general", "num_members": 3}})).unwrap()
}

#[tokio::test]
async fn typed_stubs_answer_in_order_then_stand() {
    let slack = MockSlack::start().await.unwrap();
    slack.stub(
        Answer::<Info>::error(ConversationsInfoError::Common(CommonError::ChannelNotFound))
            .times(1),
    );
    slack.stub(general());
    let client = no_retries(&slack);
    let call = || client.api().conversations_info(Info::new("C1"));
    let error = call().await.unwrap_err();
    assert_eq!(
        error.code(),
        Some(&ConversationsInfoError::Common(
            CommonError::ChannelNotFound
        ))
    );
    for _ in 0..2 {
        let channel = call().await.unwrap().data.channel;
        assert_eq!(channel.name.as_deref(), Some("general"));
        assert_eq!(channel.num_members, Some(3));
    }
    // A typed value goes back out exactly as it came in.
    let decoded = call().await.unwrap().data;
    slack.stub(Answer::<Info>::ok(decoded.clone()));
    assert_eq!(call().await.unwrap().data, decoded);
}

#[tokio::test]
async fn warnings_and_unstubbed_methods() {
    let slack = MockSlack::start().await.unwrap();
    let client = no_retries(&slack);
    // Nobody stubbed setTeams: it answers {"ok": true}, all setTeams ever returns.
    let set_teams = || {
        client
            .api()
            .admin_conversations_set_teams(AdminConversationsSetTeamsRequest::new("C1"))
    };
    assert!(set_teams().await.unwrap().warnings.is_empty());
    let answer = Answer::<AdminConversationsSetTeamsRequest>::empty()
        .expect("setTeams needs no member")
        .warnings([AdminConversationsSetTeamsWarning::MissingCharset]);
    slack.stub(answer);
    assert_eq!(
        set_teams().await.unwrap().warnings,
        [AdminConversationsSetTeamsWarning::MissingCharset]
    );
    // conversations.info needs a channel: unstubbed, the decode error names the member.
    assert!(Answer::<Info>::empty().is_none());
    let error = client
        .api()
        .conversations_info(Info::new("C1"))
        .await
        .unwrap_err();
    assert!(
        error
            .to_string()
            .contains("requires `channel`, which is missing"),
        "{error}"
    );
}

#[test]
fn answers_that_do_not_fit_the_response_type_are_refused() {
    let error = Answer::<Info>::ok_json(json!({"channel": {"name": "no id"}})).unwrap_err();
    assert_eq!(
        error.to_string(),
        "the answer does not fit conversations.info's response: missing field `id`"
    );
    let error = Answer::<Info>::ok_json(json!(["not", "an", "object"])).unwrap_err();
    assert!(
        error.to_string().contains("expected a JSON object"),
        "{error}"
    );
}

#[tokio::test]
async fn requests_are_decoded_for_assertions() {
    let slack = MockSlack::start().await.unwrap();
    slack.stub(general());
    let form = Info::new("C9").include_locale(true);
    no_retries(&slack)
        .api()
        .conversations_info(form.clone())
        .await
        .unwrap();
    let json_client = builder(&slack).prefer_json(true).build().unwrap();
    let json = Info::new("C9").include_num_members(false);
    json_client
        .api()
        .conversations_info(json.clone())
        .await
        .unwrap();
    let user = Client::builder("xoxp-user")
        .base_url(slack.base_url())
        .build()
        .unwrap();
    user.api()
        .conversations_info(Info::new("C9"))
        .await
        .unwrap();

    let calls = slack.calls::<Info>();
    assert_eq!(calls.len(), 3);
    assert!(calls[0].is(&form) && !calls[0].is(&json));
    // conversations.info is a GET whose page takes no JSON: arguments in the query, no body,
    // whatever the client prefers.
    assert_eq!(calls[0].content_type, None);
    assert_eq!(calls[0].http_method, HttpMethod::Get);
    assert_eq!(calls[0].argument("include_locale"), Some("true"));
    assert!(calls[1].is(&json));
    assert_eq!(calls[1].content_type, None);
    assert_eq!(calls[1].http_method, HttpMethod::Get);
    assert_eq!(calls[0].token_type, Some(TokenType::Bot));
    assert_eq!(calls[2].token_type, Some(TokenType::User));
    assert_eq!(calls[2].token(), Some("xoxp-user"));
    // Decoded back into typed requests, whatever the encoding.
    assert_eq!(calls[0].request::<Info>().unwrap(), form);
    assert_eq!(calls[1].request::<Info>().unwrap(), json);
    let other = calls[0].request::<AdminConversationsSetTeamsRequest>();
    assert_eq!(
        other.unwrap_err().to_string(),
        "this is a call of conversations.info, not of admin.conversations.setTeams"
    );
    assert!(
        !format!("{calls:?}").contains(TOKEN),
        "Debug hides the token"
    );
    assert!(slack.take_problems().is_empty());
}

/// Calls conversations.info once without retries against a mock that spoils the next attempt.
async fn spoilt(fault: Fault) -> Error<ConversationsInfoError> {
    let slack = MockSlack::start().await.unwrap();
    slack.stub(general());
    slack.fail_next(1, fault.clone());
    let client = no_retries(&slack);
    let error = client
        .api()
        .conversations_info(Info::new("C1"))
        .await
        .unwrap_err();
    let text = format!("{error} {error:?}");
    assert!(
        !text.contains("SECRET"),
        "{fault:?} leaked the token: {text}"
    );
    assert_eq!(slack.received()[0].fault, Some(fault));
    // The fault is spent: the next attempt gets the answer.
    client
        .api()
        .conversations_info(Info::new("C1"))
        .await
        .unwrap();
    error
}

#[tokio::test]
async fn each_fault_fails_an_attempt_its_own_way() {
    let limited = spoilt(Fault::RateLimited {
        retry_after: Duration::from_secs(7),
    })
    .await;
    assert_eq!(limited.retry_after(), Some(Duration::from_secs(7)));
    let server = spoilt(Fault::ServerError { status: 502 }).await;
    assert_eq!(server.status(), Some(502));
    let html = spoilt(Fault::HtmlPage { status: 503 }).await;
    assert!(
        matches!(&html, Error::Http { status: 503, excerpt } if excerpt.contains("[redacted]"))
    );
    let malformed = spoilt(Fault::HtmlPage { status: 200 }).await;
    assert!(
        matches!(&malformed, Error::Decode(decode) if decode.status == 200),
        "{malformed:?}"
    );
    let truncated = spoilt(Fault::Truncated).await;
    assert!(
        matches!(&truncated, Error::Decode(decode) if decode.status == 200 && decode.excerpt.starts_with(r#"{"channel":{"#))
    );
    let reset = spoilt(Fault::Reset).await;
    assert!(matches!(reset, Error::Transport { .. }), "{reset:?}");
    let start = Instant::now();
    let slow = spoilt(Fault::SlowBody {
        delay: Duration::from_secs(5),
    })
    .await;
    assert!(matches!(slow, Error::Timeout { .. }), "{slow:?}");
    assert!(
        start.elapsed() < Duration::from_secs(4),
        "the client gave up at its timeout"
    );
}

#[tokio::test]
async fn a_share_of_attempts_fails_and_retries_recover() {
    let slack = MockSlack::start().await.unwrap();
    slack.stub(general());
    slack.fail_share(0.5, vec![Fault::ServerError { status: 503 }]);
    let client = builder(&slack)
        .retry_policy(
            RetryPolicy::default()
                .with_max_retries(10)
                .with_backoff(Duration::from_millis(1), Duration::from_millis(2)),
        )
        .build()
        .unwrap();
    for _ in 0..20 {
        client
            .api()
            .conversations_info(Info::new("C1"))
            .await
            .unwrap();
    }
    let received = slack.received();
    let faulty = received.iter().filter(|r| r.fault.is_some()).count();
    assert_eq!(received.len(), 20 + faulty, "one retry per spoilt attempt");
    assert!(
        (5..received.len() - 5).contains(&faulty),
        "{faulty} of {}",
        received.len()
    );
    slack.clear_faults();
    client
        .api()
        .conversations_info(Info::new("C1"))
        .await
        .unwrap();
    assert_eq!(slack.received().len(), received.len() + 1);
}

/// A hand-written conversations.info with its own accepted encodings and arguments.
macro_rules! hand_written {
    ($(#[$doc:meta])* $name:ident, $types:expr, $arguments:expr) => {
        hand_written!($(#[$doc])* $name, Post, $types, $arguments);
    };
    ($(#[$doc:meta])* $name:ident, $http:ident, $types:expr, $arguments:expr) => {
        $(#[$doc])*
        struct $name;

        impl Method for $name {
            const NAME: &'static str = "conversations.info";
            const HTTP_METHOD: HttpMethod = HttpMethod::$http;
            const CONTENT_TYPES: &'static [ContentType] = $types;
            const RATE_TIER: Option<RateTier> = None;
            const IDEMPOTENT: bool = false;
            type Response = serde_json::Map<String, serde_json::Value>;
            type Error = ConversationsInfoError;
            type Warning = ConversationsInfoError;
            fn validate(&self) -> Result<(), InvalidArgument> {
                Ok(())
            }
            fn arguments(&self) -> Vec<(&'static str, ArgValue)> {
                $arguments
            }
        }
    };
}

hand_written!(
    /// Breaks the rules: sends the token as an argument, and a form body to a method whose
    /// spec (the stub's type) takes JSON only.
    Rogue,
    &[ContentType::Form],
    vec![
        ("channel", ArgValue::Str("C1".into())),
        ("token", ArgValue::Str(TOKEN.into())),
    ]
);

hand_written!(
    /// The JSON-only spec the stub declares for the method the rogue calls.
    JsonOnly,
    &[ContentType::Json],
    Vec::new()
);

impl FromArgs for JsonOnly {
    fn from_args(args: &[(String, String)]) -> Result<Self, ByNameError> {
        ArgParser::new(Self::NAME, &["channel"], args)?;
        Ok(JsonOnly)
    }
}

hand_written!(
    /// Sends conversations.info an argument its spec does not have.
    Colourful,
    Get,
    &[ContentType::Form],
    vec![
        ("channel", ArgValue::Str("C1".into())),
        ("colour", ArgValue::Str("red".into())),
    ]
);

#[tokio::test]
async fn arguments_the_spec_does_not_know_are_refused() {
    let slack = MockSlack::start().await.unwrap();
    slack.stub(general());
    let error = no_retries(&slack).call(&Colourful).await.unwrap_err();
    assert_eq!(error.code().map(Code::code), Some("invalid_arguments"));
    assert_eq!(
        slack.take_problems(),
        [
            "conversations.info (request #1): unknown argument `colour` for conversations.info; \
          its arguments are: channel, include_locale, include_num_members"
        ]
    );
}

#[tokio::test]
async fn requests_that_break_the_rules_are_refused_and_named() {
    let slack = MockSlack::start().await.unwrap();
    slack.stub(Answer::<JsonOnly>::ok_json(json!({})).unwrap());
    let error = no_retries(&slack).call(&Rogue).await.unwrap_err();
    assert_eq!(error.code().map(Code::code), Some("invalid_arguments"));
    assert!(error.to_string().contains("[mock Slack]"), "{error}");
    let problems = slack.take_problems();
    assert_eq!(
        problems,
        [
            "conversations.info (request #1): the token appears in the body",
            "conversations.info (request #1): the token was sent as the argument `token`; it belongs only in the Authorization header",
            "conversations.info (request #1): conversations.info was sent a Form body; its spec accepts [Json]",
            "conversations.info (request #1): unknown argument `token` for conversations.info; its arguments are: channel",
        ]
    );
}

#[tokio::test]
async fn a_broken_rule_fails_the_test_when_the_mock_is_dropped() {
    let slack = MockSlack::start().await.unwrap();
    let _ = no_retries(&slack).call(&Rogue).await;
    let panic = tokio::task::spawn_blocking(move || drop(slack))
        .await
        .unwrap_err();
    let message = panic.into_panic();
    let message = message
        .downcast_ref::<String>()
        .expect("a formatted panic message");
    assert!(
        message.starts_with("mock Slack received requests that break Slack's rules:\n  - conversations.info (request #1): the token appears in the body"),
        "{message}"
    );
    assert!(!message.contains("SECRET"), "{message}");
}

/// The README's "Testing your code" example, line for line (checked below).
#[tokio::test]
async fn finds_the_general_channel() -> Result<(), Box<dyn std::error::Error>> {
    let slack = MockSlack::start().await?;
    let general = serde_json::json!({"channel": {"id": "C1", "name": "general"}});
    slack.stub(Answer::<Info>::ok_json(general)?);
    let url = slack.base_url();
    let client = Client::builder("xoxb-test").base_url(url).build()?;
    let response = client.api().conversations_info(Info::new("C1")).await?;
    assert_eq!(response.data.channel.name.as_deref(), Some("general"));
    assert!(slack.calls::<Info>()[0].is(&Info::new("C1")));
    Ok(())
}

#[test]
fn the_readme_example_is_the_test_above() {
    let readme = std::fs::read_to_string(integration_tests::workspace_root().join("README.md"))
        .expect("read README.md");
    let section = readme
        .split("## Testing your code")
        .nth(1)
        .expect("a Testing your code section");
    let example = section.split("```rust\n").nth(1).expect("a Rust example");
    let example = example.split("```").next().unwrap_or_default();
    let this_file = include_str!("mock_slack.rs");
    for line in example
        .lines()
        .skip_while(|line| !line.contains("async fn"))
    {
        assert!(
            this_file.contains(line),
            "README line not in the test: {line}"
        );
    }
}
