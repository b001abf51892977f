//! Bring your own HTTP client: the caller's `reqwest::Client` is used as given (its default
//! headers reach Slack), while the runtime's rules still hold: the token only in
//! `Authorization`, plain http only to loopback, and no answer taken from a redirect.

use serde_json::json;
use slack_api_client::{Client, Error, api::ConversationsInfoRequest, reqwest};
use wiremock::matchers::path;
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::support::*;

/// A caller's client with a default header of its own, following redirects as reqwest does by
/// default.
fn callers_http() -> reqwest::Client {
    let mut headers = reqwest::header::HeaderMap::new();
    headers.insert("x-caller", "my-app/1.0".parse().unwrap());
    reqwest::Client::builder()
        .default_headers(headers)
        .no_proxy()
        .build()
        .unwrap()
}

/// `server` answers conversations.info with a channel; the client sends through `callers_http`.
async fn answering_ok_through_callers_http(server: &MockServer) -> Client {
    always(
        server,
        slack_json(json!({"ok": true, "channel": {"id": "C1"}})),
    )
    .await;
    builder(server).http_client(callers_http()).build().unwrap()
}

#[tokio::test]
async fn the_callers_client_is_used_as_given() {
    let server = MockServer::start().await;
    let client = answering_ok_through_callers_http(&server).await;
    client
        .api()
        .conversations_info(ConversationsInfoRequest::new("C1"))
        .await
        .unwrap();
    let requests = received(&server).await;
    assert_eq!(requests.len(), 1);
    assert_eq!(requests[0].headers["x-caller"], "my-app/1.0");
    assert_token_only_in_header(&requests[0]);
}

#[tokio::test]
async fn an_answer_from_a_redirect_is_refused() {
    let server = MockServer::start().await;
    let elsewhere = format!("{}/elsewhere", server.uri());
    Mock::given(path("/api/conversations.info"))
        .respond_with(ResponseTemplate::new(302).insert_header("location", elsewhere.as_str()))
        .mount(&server)
        .await;
    let client = answering_ok_through_callers_http(&server).await;
    let error = client
        .api()
        .conversations_info(ConversationsInfoRequest::new("C1"))
        .await
        .unwrap_err();
    assert!(matches!(error, Error::InvalidConfig(_)), "{error:?}");
    assert!(error.to_string().contains("Policy::none()"), "{error}");
    assert_no_token(&error);
    let paths: Vec<String> = received(&server)
        .await
        .iter()
        .map(|request| request.url.path().to_owned())
        .collect();
    assert_eq!(
        paths,
        ["/api/conversations.info", "/elsewhere"],
        "not retried"
    );
}

#[test]
fn plain_http_stays_loopback_only_with_the_callers_client() {
    let error = Client::builder(TOKEN)
        .base_url("http://slack.example.com/api/")
        .http_client(callers_http())
        .build()
        .unwrap_err();
    assert!(error.to_string().contains("plain http"), "{error}");
}
