//! Per-call settings: `call_with` overrides the client's timeout and retry policy for one call,
//! and a deadline bounds a call across all its attempts.

use std::time::Duration;

use serde_json::json;
use slack_api_client::{CallOptions, Error, RetryPolicy, api::ConversationsInfoRequest};
use wiremock::MockServer;

use crate::support::*;

fn request() -> ConversationsInfoRequest {
    ConversationsInfoRequest::new("C1")
}

fn success() -> wiremock::ResponseTemplate {
    slack_json(json!({"ok": true, "channel": {"id": "C1"}}))
}

#[tokio::test]
async fn a_call_can_have_its_own_timeout() {
    let server = MockServer::start().await;
    always(&server, success().set_delay(Duration::from_millis(500))).await;
    let client = client(&server); // 5 s per attempt
    let options = CallOptions::new()
        .timeout(Duration::from_millis(100))
        .retry_policy(RetryPolicy::disabled());
    let error = client.call_with(&request(), &options).await.unwrap_err();
    assert!(
        matches!(error, Error::Timeout { limit } if limit == Duration::from_millis(100)),
        "{error:?}"
    );
    // The client's own limit still applies to its other calls.
    assert!(client.call(&request()).await.is_ok());
}

#[tokio::test]
async fn a_call_can_have_its_own_retry_policy() {
    let server = MockServer::start().await;
    once(&server, html_page(503)).await;
    always(&server, success()).await;
    let client = client(&server); // retries twice
    let options = CallOptions::new().retry_policy(RetryPolicy::disabled());
    let error = client.call_with(&request(), &options).await.unwrap_err();
    assert_eq!(error.status(), Some(503));
    assert_eq!(received(&server).await.len(), 1, "not retried");
    assert!(client.call(&request()).await.is_ok());
}

#[tokio::test]
async fn a_deadline_bounds_the_call_across_retries() {
    let server = MockServer::start().await;
    always(&server, html_page(503)).await;
    let patient = RetryPolicy::default()
        .with_max_retries(50)
        .with_backoff(Duration::from_millis(100), Duration::from_millis(100));
    let client = builder(&server).retry_policy(patient).build().unwrap();
    let deadline = Duration::from_millis(400);
    let options = CallOptions::new().deadline(deadline);
    let error = client.call_with(&request(), &options).await.unwrap_err();
    assert!(
        matches!(error, Error::Timeout { limit } if limit == deadline),
        "{error:?}"
    );
    let attempts = received(&server).await.len();
    assert!((2..=9).contains(&attempts), "{attempts} attempts");
}
