//! Shared pieces of the client tests: clients with fast retries pointed at the mock Slack of the
//! `testing` feature or at a wiremock server (for answers the mock does not make), and checks
//! that the token never leaks.

#![allow(dead_code)] // each test binary uses its own subset

use std::fmt;
use std::time::Duration;

use serde_json::Value;
use slack_api_client::testing::MockSlack;
use slack_api_client::{Client, ClientBuilder, RetryPolicy};
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

/// The token every test client sends; it must only ever appear in `Authorization`.
pub const TOKEN: &str = "xoxp-test-SECRET-0123456789";

/// The path under the server where the tests mount Slack's API.
pub const API_PREFIX: &str = "/api/";

/// Retries that take milliseconds: two of each kind.
pub fn fast_retries() -> RetryPolicy {
    RetryPolicy::default()
        .with_max_retries(2)
        .with_rate_limit_retries(2)
        .with_backoff(Duration::from_millis(1), Duration::from_millis(5))
}

/// The base URL of the stand-in server.
pub fn base_url(server: &MockServer) -> String {
    format!("{}{API_PREFIX}", server.uri())
}

/// A loopback base URL nothing listens on.
pub fn closed_port_url() -> String {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("a free port");
    let address = listener.local_addr().expect("a bound address");
    drop(listener);
    format!("http://{address}{API_PREFIX}")
}

/// A client builder for the stand-in server, with fast retries.
pub fn builder(server: &MockServer) -> ClientBuilder {
    Client::builder(TOKEN)
        .base_url(base_url(server))
        .retry_policy(fast_retries())
        .timeout(Duration::from_secs(5))
}

/// A client for the stand-in server, with fast retries.
pub fn client(server: &MockServer) -> Client {
    builder(server).build().expect("a loopback client builds")
}

/// A client builder for the mock Slack of the `testing` feature, with fast retries.
pub fn mock_builder(slack: &MockSlack) -> ClientBuilder {
    Client::builder(TOKEN)
        .base_url(slack.base_url())
        .retry_policy(fast_retries())
        .timeout(Duration::from_secs(5))
}

/// A client for the mock Slack, with fast retries.
pub fn mock_client(slack: &MockSlack) -> Client {
    mock_builder(slack)
        .build()
        .expect("a loopback client builds")
}

/// Slack's answer: HTTP 200 with a JSON body.
pub fn slack_json(body: Value) -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_json(body)
}

/// An answer with a raw body and content type.
pub fn raw(status: u16, body: &str, mime: &str) -> ResponseTemplate {
    ResponseTemplate::new(status).set_body_raw(body.as_bytes().to_vec(), mime)
}

/// HTTP 429 with a `Retry-After` header (in seconds).
pub fn too_many_requests(retry_after: &str) -> ResponseTemplate {
    ResponseTemplate::new(429)
        .insert_header("Retry-After", retry_after)
        .set_body_json(serde_json::json!({"ok": false, "error": "ratelimited"}))
}

/// An HTML error page, as a proxy or load balancer sends; it echoes the token to prove redaction.
pub fn html_page(status: u16) -> ResponseTemplate {
    let page = format!(
        "<!DOCTYPE html>\n<html><head><title>Service Unavailable</title></head>\n\
         <body><p>Request with Bearer {TOKEN} failed.</p>{}</body></html>",
        "<p>padding</p>".repeat(40)
    );
    raw(status, &page, "text/html")
}

/// Answers every request with `template`, from now on.
pub async fn always(server: &MockServer, template: ResponseTemplate) {
    Mock::given(any())
        .respond_with(template)
        .mount(server)
        .await;
}

/// Answers the next request with `template`; later requests go to mocks mounted after it.
pub async fn once(server: &MockServer, template: ResponseTemplate) {
    Mock::given(any())
        .respond_with(template)
        .up_to_n_times(1)
        .mount(server)
        .await;
}

/// Every request the server received, in order.
pub async fn received(server: &MockServer) -> Vec<Request> {
    server
        .received_requests()
        .await
        .expect("request recording is on")
}

/// Fails if `value` shows the token in its `Display` or `Debug` text.
pub fn assert_no_token<T: fmt::Display + fmt::Debug>(value: &T) {
    let text = format!("{value} {value:?}");
    assert!(!text.contains(TOKEN), "the token leaked: {text}");
    assert!(!text.contains("SECRET"), "part of the token leaked: {text}");
}

/// Checks that a request carried the token in `Authorization: Bearer` and nowhere else.
pub fn assert_token_only_in_header(request: &Request) {
    let authorization = request
        .headers
        .get("authorization")
        .expect("an Authorization header");
    assert_eq!(authorization.to_str().unwrap(), format!("Bearer {TOKEN}"));
    assert!(!request.url.as_str().contains(TOKEN), "token in the URL");
    let body = String::from_utf8_lossy(&request.body);
    assert!(!body.contains(TOKEN), "token in the body");
    for (name, value) in &request.headers {
        if name != "authorization" {
            assert!(
                !value.to_str().unwrap_or("").contains(TOKEN),
                "token in {name}"
            );
        }
    }
}

/// A request's body as text.
pub fn body_text(request: &Request) -> String {
    String::from_utf8_lossy(&request.body).into_owned()
}

/// The `Content-Type` a request was sent with.
pub fn content_type(request: &Request) -> &str {
    request
        .headers
        .get("content-type")
        .expect("a Content-Type header")
        .to_str()
        .unwrap()
}

/// Text written to it (log lines, panic messages), collected in memory.
#[derive(Clone, Default)]
pub struct CapturedLog(std::sync::Arc<std::sync::Mutex<Vec<u8>>>);

impl CapturedLog {
    /// Everything written so far.
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.0.lock().unwrap()).into_owned()
    }
}

impl std::io::Write for CapturedLog {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(bytes);
        Ok(bytes.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// Everything the binary's calls log, at TRACE with span closings: the one global subscriber of
/// this test binary, installed by the first test that asks (a thread-local one races with the
/// other tests, which may leave a callsite marked uninteresting). Tests tell their lines apart
/// by method or by a marker of their own.
pub fn global_log() -> CapturedLog {
    use tracing_subscriber::fmt::format::FmtSpan;
    use tracing_subscriber::util::SubscriberInitExt;
    static LOG: std::sync::OnceLock<CapturedLog> = std::sync::OnceLock::new();
    LOG.get_or_init(|| {
        let log = CapturedLog::default();
        let writer = log.clone();
        tracing_subscriber::fmt()
            .with_max_level(tracing_subscriber::filter::LevelFilter::TRACE)
            .with_span_events(FmtSpan::CLOSE)
            .with_ansi(false)
            .with_writer(move || writer.clone())
            .finish()
            .init();
        log
    })
    .clone()
}
