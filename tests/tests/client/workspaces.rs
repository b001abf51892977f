//! Many workspaces, one client: `with_token` shares the connection pool (counted at a proxy in
//! front of the stand-in server), the settings and the throttle, whose budgets are kept per
//! workspace, or per token while the workspace is unknown.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use serde_json::json;
use slack_api_client::{CallOptions, Client, Error, Throttle, api::ConversationsInfoRequest};
use tokio::net::{TcpListener, TcpStream};
use wiremock::MockServer;

use crate::support::*;

const OTHER_TOKEN: &str = "xoxb-other-workspace";

/// A TCP proxy to `server` that counts the connections it accepts; returns its base URL.
async fn counting_proxy(server: &MockServer) -> (String, Arc<AtomicUsize>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    let target = *server.address();
    let accepted = Arc::new(AtomicUsize::new(0));
    let count = Arc::clone(&accepted);
    tokio::spawn(async move {
        while let Ok((mut inbound, _)) = listener.accept().await {
            count.fetch_add(1, Ordering::SeqCst);
            tokio::spawn(async move {
                let mut outbound = TcpStream::connect(target).await.unwrap();
                let _ = tokio::io::copy_bidirectional(&mut inbound, &mut outbound).await;
            });
        }
    });
    (format!("http://{address}{API_PREFIX}"), accepted)
}

async fn info(client: &Client) {
    client
        .api()
        .conversations_info(ConversationsInfoRequest::new("C1"))
        .await
        .expect("a decoded answer");
}

async fn info_server() -> MockServer {
    let server = MockServer::start().await;
    always(
        &server,
        slack_json(json!({"ok": true, "channel": {"id": "C1"}})),
    )
    .await;
    server
}

#[tokio::test]
async fn clients_for_other_tokens_share_one_connection_pool() {
    let server = info_server().await;
    let (url, accepted) = counting_proxy(&server).await;
    let first = Client::builder(TOKEN).base_url(&url).build().unwrap();
    let second = first.with_token(OTHER_TOKEN).unwrap();
    for client in [&first, &second, &first, &second] {
        info(client).await;
    }
    assert_eq!(accepted.load(Ordering::SeqCst), 1, "one connection, reused");
    let tokens: Vec<String> = received(&server)
        .await
        .iter()
        .map(|request| {
            request.headers["authorization"]
                .to_str()
                .unwrap()
                .to_owned()
        })
        .collect();
    let (mine, other) = (format!("Bearer {TOKEN}"), format!("Bearer {OTHER_TOKEN}"));
    assert_eq!(tokens, [mine.clone(), other.clone(), mine, other]);

    // The count is real: a client built anew opens a connection of its own.
    let separate = Client::builder(OTHER_TOKEN).base_url(&url).build().unwrap();
    info(&separate).await;
    assert_eq!(accepted.load(Ordering::SeqCst), 2);
}

#[tokio::test]
async fn a_bad_token_for_another_workspace_is_refused() {
    let client = Client::new(TOKEN).unwrap();
    assert!(client.with_token("").is_err());
    let error = client.with_token("xoxb-a\nb").unwrap_err();
    assert!(error.to_string().contains("header"), "{error}");
    let other = client.with_token(OTHER_TOKEN).unwrap();
    assert!(!format!("{other:?}").contains(OTHER_TOKEN));
    assert_eq!(other.base_url(), client.base_url(), "settings are shared");
}

/// Whether a call of `client` goes out within 300 ms, or waits for the throttle beyond that.
async fn goes_at_once(client: &Client) -> bool {
    let options = CallOptions::new().deadline(Duration::from_millis(300));
    let request = ConversationsInfoRequest::new("C1");
    match client.call_with(&request, &options).await {
        Ok(_) => true,
        Err(Error::Timeout { .. }) => false,
        Err(other) => panic!("unexpected failure: {other}"),
    }
}

#[tokio::test]
async fn throttle_budgets_are_kept_per_workspace_or_token() {
    // conversations.info is Tier 3: 50 calls a minute, one every 1.2 s.
    let server = info_server().await;
    let first = builder(&server)
        .throttle(Throttle::by_tier())
        .build()
        .unwrap();
    let second = first.with_token(OTHER_TOKEN).unwrap();
    assert!(goes_at_once(&first).await);
    assert!(goes_at_once(&second).await, "another token, another budget");
    assert!(!goes_at_once(&first).await, "the same token waits");
    let same_token = first.with_token(TOKEN).unwrap();
    assert!(!goes_at_once(&same_token).await, "budgets follow the token");

    // Once the workspace is known, its tokens share its budget.
    let in_team = first.with_team("T1");
    let other_in_team = second.with_team("T1");
    assert!(goes_at_once(&in_team).await);
    assert!(
        !goes_at_once(&other_in_team).await,
        "same workspace, same budget"
    );
    assert!(goes_at_once(&second.with_team("T2")).await);
}
