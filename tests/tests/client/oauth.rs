//! The OAuth exchanges take the app's client credentials, not a bearer token (issue 25): the
//! client sends them as HTTP Basic auth to those methods alone, sends no `Authorization` to
//! `tooling.tokens.rotate` (its `refresh_token` argument authenticates it), may be built
//! without a token for these calls, and never shows the client secret. The authorize URL that
//! starts an install carries every value URL-encoded.

use serde_json::json;
use slack_api_client::api::{
    AuthTestRequest, OauthV2AccessError, OauthV2AccessRequest, ToolingTokensRotateRequest,
};
use slack_api_client::testing::{Answer, AuthScheme, MockSlack};
use slack_api_client::{AuthorizeUrl, Client, Error, Secret};

const BOT: &str = "xoxb-bot-SECRET-1";
const CLIENT_ID: &str = "2141029472.691202649728";
const CLIENT_SECRET: &str = "e1b9e11dfc-SECRET-2";
const REDIRECT: &str = "https://example.com/slack/redirect";

async fn stubbed() -> MockSlack {
    let slack = MockSlack::start().await.unwrap();
    let install = json!({
        "access_token": "xoxb-new-bot-token",
        "token_type": "bot",
        "scope": "chat:write,channels:read",
        "bot_user_id": "U0BOT",
        "app_id": "A0APP",
        "team": {"id": "T0TEAM", "name": "Acme"},
        "enterprise": null,
        "is_enterprise_install": false,
        "authed_user": {"id": "U0USER"}
    });
    slack.stub(Answer::<OauthV2AccessRequest>::ok_json(install).unwrap());
    let rotated = json!({"token": "xoxe.xoxp-new", "refresh_token": "xoxe-1-next"});
    slack.stub(Answer::<ToolingTokensRotateRequest>::ok_json(rotated).unwrap());
    slack.stub(Answer::<AuthTestRequest>::ok_json(json!({})).unwrap());
    slack
}

fn exchange() -> OauthV2AccessRequest {
    OauthV2AccessRequest::new()
        .code("4724469134.4644010092847.232b")
        .redirect_uri(REDIRECT)
}

#[tokio::test]
async fn the_exchange_sends_basic_auth_and_a_bearer_method_its_token() {
    let slack = stubbed().await;
    let client = Client::builder(BOT)
        .base_url(slack.base_url())
        .client_credentials(CLIENT_ID, CLIENT_SECRET)
        .build()
        .unwrap();
    let install = client.api().oauth_v2_access(exchange()).await.unwrap().data;
    let token = install.access_token.as_ref().map(Secret::expose);
    assert_eq!(token, Some("xoxb-new-bot-token"));
    // The tokens of an install are secrets: `Debug` of the answer shows none of them.
    let shown = format!("{install:?}");
    assert!(!shown.contains("xoxb-new-bot-token"), "{shown}");
    assert!(shown.contains("Secret([redacted])"), "{shown}");
    let team = install.team.flatten().unwrap();
    assert_eq!(
        (team.id.as_str(), team.name.as_deref()),
        ("T0TEAM", Some("Acme"))
    );
    assert_eq!(install.authed_user.unwrap().id.as_str(), "U0USER");
    client
        .api()
        .auth_test(AuthTestRequest::new())
        .await
        .unwrap();
    let rotate = ToolingTokensRotateRequest::new("xoxe-1-old");
    client.api().tooling_tokens_rotate(rotate).await.unwrap();

    let received = slack.received();
    let [exchanged, bearer, rotated] = &received[..] else {
        panic!("expected three calls, got {received:?}");
    };
    assert_eq!(exchanged.method, "oauth.v2.access");
    assert_eq!(exchanged.auth_scheme, Some(AuthScheme::Basic));
    assert_eq!(
        exchanged.client_credentials(),
        Some((CLIENT_ID, CLIENT_SECRET))
    );
    assert_eq!(
        exchanged.token(),
        None,
        "no bearer token goes to the exchange"
    );
    assert_eq!(exchanged.argument("redirect_uri"), Some(REDIRECT));
    assert_eq!(exchanged.argument("client_secret"), None);
    assert_eq!(bearer.method, "auth.test");
    assert_eq!(bearer.auth_scheme, Some(AuthScheme::Bearer));
    assert_eq!(bearer.token(), Some(BOT));
    assert_eq!(bearer.client_credentials(), None);
    assert_eq!(rotated.method, "tooling.tokens.rotate");
    assert_eq!(
        rotated.auth_scheme, None,
        "the refresh token is the only credential"
    );
    assert_eq!(rotated.argument("refresh_token"), Some("xoxe-1-old"));
    // A client for another workspace keeps the app's credentials.
    let other = client.with_token("xoxb-other").unwrap();
    other.api().oauth_v2_access(exchange()).await.unwrap();
    let last = slack.received().pop().unwrap();
    assert_eq!(last.client_credentials(), Some((CLIENT_ID, CLIENT_SECRET)));
    assert_eq!(client.client_id(), Some(CLIENT_ID));
}

#[tokio::test]
async fn a_client_without_a_token_exchanges_codes_and_refuses_bearer_calls() {
    let slack = stubbed().await;
    let app = Client::builder_without_token()
        .base_url(slack.base_url())
        .client_credentials(CLIENT_ID, CLIENT_SECRET)
        .build()
        .unwrap();
    app.api().oauth_v2_access(exchange()).await.unwrap();
    let refused = app
        .api()
        .auth_test(AuthTestRequest::new())
        .await
        .unwrap_err();
    assert!(matches!(refused, Error::InvalidConfig(_)), "{refused:?}");
    let shown = refused.to_string();
    assert!(shown.contains("auth.test takes a token"), "{shown}");
    assert!(shown.contains("with_token"), "{shown}");
    assert_eq!(
        slack.calls::<AuthTestRequest>().len(),
        0,
        "nothing was sent"
    );
    // The installed token makes a client that shares this one's pool.
    let installed = app.with_token("xoxb-new-bot-token").unwrap();
    installed
        .api()
        .auth_test(AuthTestRequest::new())
        .await
        .unwrap();
    let sent = slack.calls::<AuthTestRequest>();
    assert_eq!(sent[0].token(), Some("xoxb-new-bot-token"));

    // Without credentials on the client they travel as the call's arguments, and still no
    // `Authorization` is sent.
    let bare = Client::builder_without_token()
        .base_url(slack.base_url())
        .build()
        .unwrap();
    let request = exchange().client_id(CLIENT_ID).client_secret(CLIENT_SECRET);
    let shown = format!("{request:?}");
    assert!(
        !shown.contains(CLIENT_SECRET),
        "a secret argument is hidden: {shown}"
    );
    bare.api().oauth_v2_access(request).await.unwrap();
    let last = slack.calls::<OauthV2AccessRequest>().pop().unwrap();
    assert_eq!(last.auth_scheme, None);
    assert_eq!(last.argument("client_id"), Some(CLIENT_ID));
    assert_eq!(last.argument("client_secret"), Some(CLIENT_SECRET));
    assert!(slack.take_problems().is_empty());
}

#[tokio::test]
async fn the_client_secret_never_shows() {
    let slack = MockSlack::start().await.unwrap();
    // An answer that echoes the secret: its text ends up in the error.
    slack.stub(Answer::<OauthV2AccessRequest>::raw_json(json!({
        "ok": false,
        "error": format!("bad_client_secret {CLIENT_SECRET}"),
        "needed": CLIENT_SECRET,
        "provided": CLIENT_SECRET,
    })));
    let builder = Client::builder(BOT)
        .base_url(slack.base_url())
        .client_credentials(CLIENT_ID, CLIENT_SECRET);
    let shown = format!("{builder:?}");
    assert!(!shown.contains("SECRET"), "{shown}");
    assert!(shown.contains(CLIENT_ID), "{shown}");
    let client = builder.build().unwrap();
    let shown = format!("{client:?}");
    assert!(!shown.contains("SECRET"), "{shown}");
    assert!(shown.contains("client_secret: \"[redacted]\""), "{shown}");
    let error = client.api().oauth_v2_access(exchange()).await.unwrap_err();
    for shown in [error.to_string(), format!("{error:?}")] {
        assert!(!shown.contains("SECRET"), "{shown}");
        assert!(shown.contains("[redacted]"), "{shown}");
    }
    let Error::Api(api) = error else {
        panic!("expected Slack's error");
    };
    assert!(matches!(api.error, OauthV2AccessError::Unknown(_)));
    // Credentials HTTP Basic auth cannot carry are refused when the client is built.
    let refused = Client::builder_without_token()
        .client_credentials("12:34", CLIENT_SECRET)
        .build()
        .unwrap_err();
    assert!(!refused.to_string().contains("SECRET"), "{refused}");
    assert!(
        Client::builder_without_token()
            .client_credentials(CLIENT_ID, "")
            .build()
            .is_err()
    );
}

#[test]
fn the_authorize_url_carries_every_value_encoded() {
    let state = "session 7/&=?";
    let url = AuthorizeUrl::new(CLIENT_ID)
        .scopes(["chat:write", "channels:read"])
        .user_scopes(["search:read"])
        .redirect_uri(REDIRECT)
        .state(state)
        .url();
    assert_eq!(
        (url.scheme(), url.host_str(), url.path()),
        ("https", Some("slack.com"), "/oauth/v2/authorize")
    );
    let pairs: Vec<(String, String)> = url.query_pairs().into_owned().collect();
    let expected = [
        ("client_id", CLIENT_ID),
        ("scope", "chat:write,channels:read"),
        ("user_scope", "search:read"),
        ("redirect_uri", REDIRECT),
        ("state", state),
    ];
    let expected: Vec<(String, String)> = expected
        .iter()
        .map(|(name, value)| (name.to_string(), value.to_string()))
        .collect();
    assert_eq!(pairs, expected);
    assert!(
        !url.as_str().contains(' ') && !url.as_str().contains("7/&"),
        "{url}"
    );
    // A user-only install (Sign in with Slack style) asks for no bot scope.
    let user_only = AuthorizeUrl::new(CLIENT_ID)
        .user_scopes(["identity.basic"])
        .url();
    assert_eq!(
        user_only.query(),
        Some("client_id=2141029472.691202649728&user_scope=identity.basic")
    );
}
