//! The project's three seed methods (`conversations.info`, `admin.conversations.linkObjects`,
//! `admin.conversations.setTeams`: a GET-able read, a write, a write with a list argument),
//! called for real over HTTP against the mock Slack of the `testing` feature: the exact request,
//! decoding, every class of error, warnings, rate limits, retries and timeouts. (Every other
//! method is sent once by name in `every_method`.)
//!
//! One generic check per behaviour; `method_tests!` instantiates all of them for each method, so
//! every method gets the same scrutiny.

use std::time::{Duration, Instant};

use serde_json::{Value, json};
use slack_api_client::testing::{Answer, Fault, MockSlack, Received};
use slack_api_client::{
    Client, Code, ContentType, Error, FromArgs, HttpMethod, Method, Response, RetryPolicy,
    api::AdminConversationsLinkObjectsRequest, api::AdminConversationsSetTeamsRequest,
    api::ConversationsInfoRequest,
};

use crate::support::*;

/// What a typed call of `M` returns.
type Outcome<M> =
    Result<Response<<M as Method>::Response, <M as Method>::Warning>, Error<<M as Method>::Error>>;

/// One method under test: a sample request, what it must look like on the wire, and a
/// successful answer.
trait Case {
    type M: FromArgs;
    /// A request with every argument the method has set.
    fn request() -> Self::M;
    /// The exact form body of [`Case::request`].
    const FORM: &'static str;
    /// The exact JSON body of [`Case::request`].
    fn json() -> Value;
    /// A successful answer, with a member the spec does not know.
    fn success() -> Value;
    /// Checks the decoded payload of [`Case::success`].
    fn check(data: &<Self::M as Method>::Response);
    /// An error code the spec marks retryable.
    const RETRYABLE: &'static str;
    /// Calls the method through its generated `Client` method.
    async fn call(client: &Client, request: Self::M) -> Outcome<Self::M>;
}

struct Info;

impl Case for Info {
    type M = ConversationsInfoRequest;
    fn request() -> Self::M {
        ConversationsInfoRequest::new("C123")
            .include_locale(true)
            .include_num_members(false)
    }
    const FORM: &'static str = "channel=C123&include_locale=true&include_num_members=false";
    fn json() -> Value {
        json!({"channel": "C123", "include_locale": true, "include_num_members": false})
    }
    fn success() -> Value {
        json!({
            "ok": true,
            "channel": {
                "id": "C123", "name": "general", "is_channel": true, "created": 1449252889,
                "locale": "en-US", "num_members": 4,
                "topic": {"value": "Lunch", "creator": "U1", "last_set": 1449709364},
                "a_member_from_the_future": {"x": [1, 2]}
            }
        })
    }
    fn check(data: &<Self::M as Method>::Response) {
        let channel = &data.channel;
        assert_eq!(channel.id.as_str(), "C123");
        assert_eq!(channel.name.as_deref(), Some("general"));
        assert_eq!(channel.is_channel, Some(true));
        assert_eq!(channel.num_members, Some(4));
        assert_eq!(channel.locale.as_deref(), Some("en-US"));
        assert_eq!(
            channel.topic.as_ref().map(|t| t.value.as_str()),
            Some("Lunch")
        );
        assert_eq!(channel.is_private, None, "absent optional members are None");
    }
    const RETRYABLE: &'static str = "internal_error";
    async fn call(client: &Client, request: Self::M) -> Outcome<Self::M> {
        client.api().conversations_info(request).await
    }
}

struct LinkObjects;

/// A Salesforce record ID of 15 characters and an org ID of 18.
const RECORD_ID: &str = "a0B5e000001abcD";
const ORG_ID: &str = "00D5e000000abcdEFG";

impl Case for LinkObjects {
    type M = AdminConversationsLinkObjectsRequest;
    fn request() -> Self::M {
        AdminConversationsLinkObjectsRequest::new("C123", RECORD_ID, ORG_ID)
    }
    const FORM: &'static str =
        "channel=C123&record_id=a0B5e000001abcD&salesforce_org_id=00D5e000000abcdEFG";
    fn json() -> Value {
        json!({"channel": "C123", "record_id": RECORD_ID, "salesforce_org_id": ORG_ID})
    }
    fn success() -> Value {
        json!({"ok": true, "unexpected": "kept"})
    }
    fn check(data: &<Self::M as Method>::Response) {
        assert_eq!(data.extra["unexpected"], Self::success()["unexpected"]);
    }
    const RETRYABLE: &'static str = "internal_error";
    async fn call(client: &Client, request: Self::M) -> Outcome<Self::M> {
        client.api().admin_conversations_link_objects(request).await
    }
}

struct SetTeams;

impl Case for SetTeams {
    type M = AdminConversationsSetTeamsRequest;
    fn request() -> Self::M {
        AdminConversationsSetTeamsRequest::new("C123")
            .org_channel(false)
            .target_team_ids(["T1", "T2"])
            .team_id("T0")
    }
    // Lists are comma-separated; the form encoding escapes the comma.
    const FORM: &'static str =
        "channel_id=C123&org_channel=false&target_team_ids=T1%2CT2&team_id=T0";
    fn json() -> Value {
        json!({"channel_id": "C123", "org_channel": false, "target_team_ids": "T1,T2", "team_id": "T0"})
    }
    fn success() -> Value {
        json!({"ok": true, "unexpected": {"nested": true}})
    }
    fn check(data: &<Self::M as Method>::Response) {
        assert_eq!(data.extra["unexpected"], Self::success()["unexpected"]);
    }
    const RETRYABLE: &'static str = "request_timeout";
    async fn call(client: &Client, request: Self::M) -> Outcome<Self::M> {
        client.api().admin_conversations_set_teams(request).await
    }
}

/// Calls `C`'s sample request on a fresh mock Slack that spoils the first attempts with
/// `faults`, then answers with `answers` (JSON as sent) in turn, the last one for every later
/// call; returns the outcome and what the mock received. A request that breaks Slack's rules
/// (the token outside `Authorization` among them) fails the test when the mock is dropped.
async fn exchange<C: Case>(
    client: impl FnOnce(&MockSlack) -> Client,
    faults: Vec<Fault>,
    answers: Vec<Value>,
) -> (Outcome<C::M>, Vec<Received>) {
    let slack = MockSlack::start().await.expect("a loopback port");
    for fault in faults {
        slack.fail_next(1, fault);
    }
    let (last, first) = answers.split_last().expect("at least one answer");
    for answer in first {
        slack.stub(Answer::<C::M>::raw_json(answer.clone()).times(1));
    }
    slack.stub(Answer::<C::M>::raw_json(last.clone()));
    let outcome = C::call(&client(&slack), C::request()).await;
    let requests = slack.received();
    for request in &requests {
        assert_eq!(request.method, <C::M as Method>::NAME);
        assert_eq!(request.token(), Some(TOKEN));
    }
    (outcome, requests)
}

/// `fault` for every attempt a call may make.
fn every_attempt(fault: Fault) -> Vec<Fault> {
    vec![fault; 8]
}

/// How many requests a call of `C` makes when a failure that may have reached Slack is retried
/// up to `retried` attempts: writes whose repeat is not harmless are sent once.
fn attempts<C: Case>(retried: usize) -> usize {
    if <C::M as Method>::IDEMPOTENT {
        retried
    } else {
        1
    }
}

/// The outcome of a call whose first attempt failed in a way that may have reached Slack and
/// whose retry would succeed: decoded when the method may be repeated, else the first failure.
fn after_retry<C: Case>(outcome: Outcome<C::M>) {
    if <C::M as Method>::IDEMPOTENT {
        C::check(&outcome.expect("a decoded response").data);
    } else {
        failure::<C>(outcome);
    }
}

/// Unwraps a failure and checks that it does not show the token.
fn failure<C: Case>(outcome: Outcome<C::M>) -> Error<<C::M as Method>::Error> {
    match outcome {
        Ok(response) => panic!("expected an error, got {:?}", response.messages),
        Err(error) => {
            assert_no_token(&error);
            error
        }
    }
}

/// Unwraps a decode failure into its status and excerpt.
fn decode_failure<C: Case>(outcome: Outcome<C::M>) -> (u16, String) {
    match failure::<C>(outcome) {
        Error::Decode(decode) => (decode.status, decode.excerpt),
        other => panic!("expected a decode error, got {other:?}"),
    }
}

async fn form_request_is_exact<C: Case>() {
    let (outcome, requests) = exchange::<C>(mock_client, vec![], vec![C::success()]).await;
    let response = outcome.expect("a decoded response");
    C::check(&response.data);
    assert!(response.warnings.is_empty());
    let [request] = &requests[..] else {
        panic!("expected one request, got {}", requests.len());
    };
    assert_form_or_query::<C>(request);
}

/// A form body for a POST method, the same pairs in the query for a GET one (no body then).
fn assert_form_or_query<C: Case>(request: &Received) {
    let http_method = <C::M as Method>::HTTP_METHOD;
    assert_eq!(request.http_method, http_method);
    if http_method == HttpMethod::Get {
        assert_eq!(request.content_type, None);
        assert!(request.body.is_empty());
        let pairs: Vec<String> = request
            .arguments
            .iter()
            .map(|(name, value)| format!("{name}={value}"))
            .collect();
        assert_eq!(pairs.join("&"), C::FORM);
    } else {
        assert_eq!(request.content_type, Some(ContentType::Form));
        assert_eq!(String::from_utf8_lossy(&request.body), C::FORM);
    }
}

async fn json_request_is_exact<C: Case>() {
    let json_client = |slack: &MockSlack| mock_builder(slack).prefer_json(true).build().unwrap();
    let (outcome, requests) = exchange::<C>(json_client, vec![], vec![C::success()]).await;
    C::check(&outcome.expect("a decoded response").data);
    let [request] = &requests[..] else {
        panic!("expected one request, got {}", requests.len());
    };
    // A method whose page does not accept JSON goes as it would without the preference.
    if !<C::M as Method>::CONTENT_TYPES.contains(&ContentType::Json) {
        assert_form_or_query::<C>(request);
        return;
    }
    assert_eq!(request.http_method, HttpMethod::Post);
    // The mock takes a JSON body only as `application/json; charset=utf-8`.
    assert_eq!(request.content_type, Some(ContentType::Json));
    let body: Value = serde_json::from_slice(&request.body).unwrap();
    assert_eq!(body, C::json());
}

async fn api_error_keeps_needed_provided_and_messages<C: Case>() {
    let answer = json!({
        "ok": false, "error": "missing_scope", "needed": "channels:read",
        "provided": "chat:write,users:read", "warning": "superfluous_charset",
        "response_metadata": {"messages": ["[ERROR] a scope is missing"]}
    });
    let (outcome, requests) = exchange::<C>(mock_client, vec![], vec![answer]).await;
    let Error::Api(api) = failure::<C>(outcome) else {
        panic!("expected an API error");
    };
    assert_eq!(api.error.code(), "missing_scope");
    assert!(
        !format!("{:?}", api.error).contains("Unknown"),
        "a documented code is typed"
    );
    assert_eq!(api.needed.as_deref(), Some("channels:read"));
    assert_eq!(api.provided.as_deref(), Some("chat:write,users:read"));
    assert_eq!(api.messages, ["[ERROR] a scope is missing"]);
    assert_eq!(api.warnings, ["superfluous_charset"]);
    assert_eq!(requests.len(), 1, "a non-retryable code is not retried");
}

async fn unknown_error_code_is_kept<C: Case>() {
    let answer = json!({"ok": false, "error": "brand_new_error"});
    let (outcome, _) = exchange::<C>(mock_client, vec![], vec![answer]).await;
    let error = failure::<C>(outcome);
    assert_eq!(error.code().map(Code::code), Some("brand_new_error"));
}

async fn server_error_exhausts_retries<C: Case>() {
    let pages = every_attempt(Fault::HtmlPage { status: 503 });
    let (outcome, requests) = exchange::<C>(mock_client, pages, vec![C::success()]).await;
    let error = failure::<C>(outcome);
    let Error::Http { status, excerpt } = &error else {
        panic!("expected an HTTP error, got {error:?}");
    };
    assert_eq!(*status, 503);
    assert!(excerpt.starts_with("<!DOCTYPE html> <html><head><title>Service Unavailable"));
    assert!(excerpt.contains("[redacted]"), "{excerpt}");
    assert!(excerpt.chars().count() <= 201, "{excerpt}");
    assert_eq!(
        requests.len(),
        attempts::<C>(3),
        "two retries after the first"
    );
}

async fn html_page_is_a_decode_error<C: Case>() {
    let pages = every_attempt(Fault::HtmlPage { status: 200 });
    let (outcome, requests) = exchange::<C>(mock_client, pages, vec![C::success()]).await;
    let (status, excerpt) = decode_failure::<C>(outcome);
    assert_eq!(status, 200);
    assert!(excerpt.starts_with("<!DOCTYPE html>"), "{excerpt}");
    assert_eq!(
        requests.len(),
        attempts::<C>(3),
        "retried only when harmless"
    );
}

async fn truncated_json_is_a_decode_error<C: Case>() {
    // The mock cuts the answer it would have sent in half.
    let body = C::success().to_string();
    let truncated = &body[..body.len() / 2];
    let cut = every_attempt(Fault::Truncated);
    let (outcome, _) = exchange::<C>(mock_client, cut, vec![C::success()]).await;
    let (status, excerpt) = decode_failure::<C>(outcome);
    assert_eq!(status, 200);
    assert_eq!(excerpt, truncated);
}

async fn wrong_shape_is_a_decode_error<C: Case>() {
    let answer = json!({"ok": "yes", "channel": 5});
    let (outcome, _) = exchange::<C>(mock_client, vec![], vec![answer]).await;
    let (_, excerpt) = decode_failure::<C>(outcome);
    assert!(excerpt.contains(r#""ok":"yes""#), "{excerpt}");
}

async fn warnings_reach_the_caller<C: Case>() {
    let mut body = C::success();
    body["warning"] = json!("missing_charset,brand_new_warning");
    body["response_metadata"] = json!({"warnings": ["missing_charset", "superfluous_charset"]});
    let (outcome, _) = exchange::<C>(mock_client, vec![], vec![body]).await;
    let response = outcome.expect("a decoded response");
    C::check(&response.data);
    let codes: Vec<&str> = response.warnings.iter().map(Code::code).collect();
    assert_eq!(
        codes,
        [
            "missing_charset",
            "brand_new_warning",
            "superfluous_charset"
        ]
    );
}

async fn rate_limit_waits_retry_after_then_succeeds<C: Case>() {
    let limited = Fault::RateLimited {
        retry_after: Duration::from_secs(1),
    };
    let start = Instant::now();
    let (outcome, requests) = exchange::<C>(mock_client, vec![limited], vec![C::success()]).await;
    C::check(&outcome.expect("a decoded response").data);
    assert_eq!(requests.len(), 2);
    assert!(
        start.elapsed() >= Duration::from_secs(1),
        "waited Retry-After"
    );
}

async fn rate_limit_exhausted_says_how_long_to_wait<C: Case>() {
    let limited = every_attempt(Fault::RateLimited {
        retry_after: Duration::ZERO,
    });
    let (outcome, requests) = exchange::<C>(mock_client, limited, vec![C::success()]).await;
    let error = failure::<C>(outcome);
    assert_eq!(error.retry_after(), Some(Duration::ZERO));
    assert!(
        error.to_string().contains("Slack asked to wait 0 s"),
        "{error}"
    );
    assert_eq!(
        requests.len(),
        3,
        "two rate-limit retries after the first attempt"
    );
}

async fn server_error_then_success<C: Case>() {
    let bad_gateway = Fault::ServerError { status: 502 };
    let (outcome, requests) =
        exchange::<C>(mock_client, vec![bad_gateway], vec![C::success()]).await;
    after_retry::<C>(outcome);
    assert_eq!(requests.len(), attempts::<C>(2));
}

async fn retryable_code_is_retried<C: Case>() {
    assert!(<C::M as Method>::Error::from_code(C::RETRYABLE).is_retryable());
    let transient = json!({"ok": false, "error": C::RETRYABLE});
    let (outcome, requests) =
        exchange::<C>(mock_client, vec![], vec![transient, C::success()]).await;
    after_retry::<C>(outcome);
    assert_eq!(requests.len(), attempts::<C>(2));
}

async fn timeout_is_retried_then_reported<C: Case>() {
    let slow = Fault::SlowBody {
        delay: Duration::from_millis(800),
    };
    let short_timeout = |slack: &MockSlack| {
        mock_builder(slack)
            .timeout(Duration::from_millis(150))
            .build()
            .unwrap()
    };
    // A slow first answer, then a quick one: the retry succeeds.
    let (outcome, requests) =
        exchange::<C>(short_timeout, vec![slow.clone()], vec![C::success()]).await;
    after_retry::<C>(outcome);
    assert_eq!(requests.len(), attempts::<C>(2));
    // Always slow, without retries: a timeout error.
    let no_retries = |slack: &MockSlack| {
        mock_builder(slack)
            .timeout(Duration::from_millis(150))
            .retry_policy(RetryPolicy::disabled())
            .build()
            .unwrap()
    };
    let (outcome, requests) =
        exchange::<C>(no_retries, every_attempt(slow), vec![C::success()]).await;
    let error = failure::<C>(outcome);
    assert!(matches!(error, Error::Timeout { limit } if limit == Duration::from_millis(150)));
    assert_eq!(requests.len(), 1);
}

macro_rules! method_tests {
    ($module:ident, $case:ty) => {
        mod $module {
            use super::*;
            method_tests!(@each $case:
                form_request_is_exact,
                json_request_is_exact,
                api_error_keeps_needed_provided_and_messages,
                unknown_error_code_is_kept,
                server_error_exhausts_retries,
                html_page_is_a_decode_error,
                truncated_json_is_a_decode_error,
                wrong_shape_is_a_decode_error,
                warnings_reach_the_caller,
                rate_limit_waits_retry_after_then_succeeds,
                rate_limit_exhausted_says_how_long_to_wait,
                server_error_then_success,
                retryable_code_is_retried,
                timeout_is_retried_then_reported,
            );
        }
    };
    (@each $case:ty: $($check:ident),* $(,)?) => {
        $(
            #[tokio::test]
            async fn $check() {
                super::$check::<$case>().await;
            }
        )*
    };
}

method_tests!(conversations_info, Info);
method_tests!(admin_conversations_link_objects, LinkObjects);
method_tests!(admin_conversations_set_teams, SetTeams);
