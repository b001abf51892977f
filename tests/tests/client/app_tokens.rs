//! A client holds an app-level and an app configuration token beside its own, and sends each
//! only to the methods that take it (issue 26): `apps.connections.open` gets the `xapp-`
//! token, `apps.manifest.export` the configuration token, everything else the client's own.
//! None of them shows in `Debug`.

use serde_json::json;
use slack_api_client::Client;
use slack_api_client::api::{
    AppsConnectionsOpenRequest, AppsManifestExportRequest, AuthTestRequest,
};
use slack_api_client::testing::{Answer, MockSlack};

const BOT: &str = "xoxb-bot-SECRET-1";
const APP: &str = "xapp-app-SECRET-2";
const CONFIGURATION: &str = "xoxe.xoxp-config-SECRET-3";

async fn stubbed() -> MockSlack {
    let slack = MockSlack::start().await.unwrap();
    let socket = json!({"url": "wss://wss-primary.slack.com/link/?ticket=1"});
    slack.stub(Answer::<AppsConnectionsOpenRequest>::ok_json(socket).unwrap());
    let manifest = json!({"manifest": {"display_information": {"name": "Gizmo"}}});
    slack.stub(Answer::<AppsManifestExportRequest>::ok_json(manifest).unwrap());
    slack.stub(Answer::<AuthTestRequest>::ok_json(json!({})).unwrap());
    slack
}

async fn call_all_three(client: &Client) {
    let api = client.api();
    let socket = api
        .apps_connections_open(AppsConnectionsOpenRequest::new())
        .await;
    assert!(socket.unwrap().data.url.starts_with("wss://"));
    let manifest = api
        .apps_manifest_export(AppsManifestExportRequest::new("A1"))
        .await
        .unwrap();
    assert_eq!(
        manifest.data.manifest["display_information"]["name"],
        "Gizmo"
    );
    api.auth_test(AuthTestRequest::new()).await.unwrap();
}

fn tokens_received(slack: &MockSlack) -> Vec<(String, Option<String>)> {
    slack
        .received()
        .into_iter()
        .map(|call| (call.method.clone(), call.token().map(str::to_owned)))
        .collect()
}

#[tokio::test]
async fn each_method_gets_the_token_it_takes() {
    let slack = stubbed().await;
    let client = Client::builder(BOT)
        .base_url(slack.base_url())
        .app_token(APP)
        .configuration_token(CONFIGURATION)
        .build()
        .unwrap();
    call_all_three(&client).await;
    // A client for another workspace's token keeps the app's own tokens.
    call_all_three(&client.with_token("xoxb-other-SECRET-4").unwrap()).await;
    let expected = |own: &str| {
        vec![
            ("apps.connections.open".to_owned(), Some(APP.to_owned())),
            (
                "apps.manifest.export".to_owned(),
                Some(CONFIGURATION.to_owned()),
            ),
            ("auth.test".to_owned(), Some(own.to_owned())),
        ]
    };
    let received = tokens_received(&slack);
    assert_eq!(received[..3], expected(BOT)[..]);
    assert_eq!(received[3..], expected("xoxb-other-SECRET-4")[..]);

    let shown = format!("{client:?}");
    for secret in [BOT, APP, CONFIGURATION] {
        assert!(!shown.contains(secret), "{shown}");
    }
    let builder = Client::builder(BOT)
        .app_token(APP)
        .configuration_token(CONFIGURATION);
    let shown = format!("{builder:?}");
    assert!(!shown.contains("SECRET"), "{shown}");
    assert!(shown.contains("app_token: Some(\"[redacted]\")"), "{shown}");
}

/// Without an app-level token the client sends its own (the caller may have built it with an
/// `xapp-` token): the method is still callable, and Slack judges the token.
#[tokio::test]
async fn without_the_app_tokens_the_client_sends_its_own() {
    let slack = stubbed().await;
    let client = Client::builder(APP)
        .base_url(slack.base_url())
        .build()
        .unwrap();
    call_all_three(&client).await;
    let tokens: Vec<Option<String>> = tokens_received(&slack)
        .into_iter()
        .map(|(_, t)| t)
        .collect();
    assert_eq!(tokens, vec![Some(APP.to_owned()); 3]);
    // A token a header cannot carry is refused when the client is built, not when sent.
    let refused = Client::builder(BOT).app_token("xapp\nbroken").build();
    assert!(refused.is_err());
}
