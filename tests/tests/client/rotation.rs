//! Tokens that refresh themselves (issue 25): against the mock Slack running token rotation, a
//! workspace's client trades its refresh token once however many calls meet the expiry, hands
//! every new pair to the store before using it, refreshes and resends a call Slack answered
//! `token_expired` (once, never in a loop), surfaces a refused refresh once, typed, and never
//! shows a token, a refresh token or the client secret.

use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime};

use slack_api_client::api::{
    AuthTestRequest, ChatPostMessageRequest, OauthV2AccessError, OauthV2AccessRequest,
};
use slack_api_client::testing::{Answer, AuthScheme, IssuedTokens, MockSlack};
use slack_api_client::{BoxError, CallOptions, Client, Code, Error, RefreshError, RotatingTokens};
use tokio::task::JoinSet;

use crate::support::{fast_retries, global_log};

const CLIENT_ID: &str = "2141029472.691202649728";
const CLIENT_SECRET: &str = "e1b9e11dfc-ROTATION-SECRET";
const TWELVE_HOURS: Duration = Duration::from_secs(12 * 3600);

/// What the store was handed, in order.
#[derive(Clone, Default)]
struct Saved(Arc<Mutex<Vec<RotatingTokens>>>);

impl Saved {
    /// A store that records every pair (a closure is a `TokenStore`).
    fn store(
        &self,
    ) -> impl Fn(RotatingTokens) -> std::future::Ready<Result<(), BoxError>> + Send + Sync + 'static
    {
        let saved = self.0.clone();
        move |tokens| {
            saved.lock().unwrap().push(tokens);
            std::future::ready(Ok(()))
        }
    }

    fn pairs(&self) -> Vec<(String, String)> {
        let saved = self.0.lock().unwrap();
        let pairs = saved.iter().map(|tokens| {
            let access = tokens.access_token().to_owned();
            (access, tokens.refresh_token().to_owned())
        });
        pairs.collect()
    }
}

/// The mock running rotation for the app, and the app's client (no token of its own).
async fn rotating_slack() -> (MockSlack, Client) {
    let slack = MockSlack::start().await.unwrap();
    slack.rotate_tokens(CLIENT_ID, CLIENT_SECRET, TWELVE_HOURS);
    slack.stub(Answer::<AuthTestRequest>::ok_json(serde_json::json!({})).unwrap());
    let app = Client::builder_without_token()
        .base_url(slack.base_url())
        .client_credentials(CLIENT_ID, CLIENT_SECRET)
        .retry_policy(fast_retries())
        .timeout(Duration::from_secs(5))
        .build()
        .unwrap();
    (slack, app)
}

/// A pair the mock issued, stored as expiring `in_` from now by the app's clock.
fn stored(issued: &IssuedTokens, in_: Duration) -> RotatingTokens {
    let expires_at = SystemTime::now() + in_;
    RotatingTokens::new(&issued.access_token, &issued.refresh_token, expires_at)
}

fn pair(issued: &IssuedTokens) -> (String, String) {
    let access = issued.access_token.clone();
    (access, issued.refresh_token.clone())
}

/// `calls` auth.test calls of `client` at once, each call's result.
async fn at_once(client: &Client, calls: usize) -> Vec<Result<(), String>> {
    let mut set = JoinSet::new();
    for _ in 0..calls {
        let client = client.clone();
        set.spawn(async move {
            let call = client.api().auth_test(AuthTestRequest::new()).await;
            call.map(drop).map_err(|error| format!("{error:?}"))
        });
    }
    set.join_all().await
}

#[tokio::test]
async fn an_install_is_stored_and_refreshed_before_it_expires() {
    let (slack, app) = rotating_slack().await;
    let code = "4724469134.4644010092847.232b";
    let exchange = OauthV2AccessRequest::new().code(code);
    let install = app.api().oauth_v2_access(exchange).await.unwrap().data;
    let tokens = RotatingTokens::from_exchange(&install).expect("rotation is on");
    let lifetime = tokens
        .expires_at()
        .duration_since(SystemTime::now())
        .unwrap();
    assert!(
        lifetime > TWELVE_HOURS - Duration::from_secs(60),
        "{lifetime:?}"
    );
    let installed = slack.calls::<OauthV2AccessRequest>().pop().unwrap();
    assert_eq!(installed.auth_scheme, Some(AuthScheme::Basic));

    let saved = Saved::default();
    let workspace = app
        .with_rotating_tokens(tokens.clone(), saved.store())
        .unwrap();
    workspace
        .api()
        .auth_test(AuthTestRequest::new())
        .await
        .unwrap();
    assert!(
        slack.refreshes().is_empty(),
        "a fresh token is not refreshed"
    );
    assert_eq!(
        slack.calls::<AuthTestRequest>()[0].token(),
        Some(tokens.access_token())
    );

    // The same pair, stored as expiring within the refresh margin: refreshed before the call.
    let due = RotatingTokens::new(
        tokens.access_token(),
        tokens.refresh_token(),
        SystemTime::now() + Duration::from_secs(60),
    );
    let workspace = app.with_rotating_tokens(due, saved.store()).unwrap();
    workspace
        .api()
        .auth_test(AuthTestRequest::new())
        .await
        .unwrap();
    let refreshes = slack.refreshes();
    let [refresh] = &refreshes[..] else {
        panic!("expected one refresh: {refreshes:?}");
    };
    assert_eq!(refresh.refresh_token, tokens.refresh_token());
    let issued = refresh.outcome.clone().unwrap();
    assert_eq!(saved.pairs(), vec![pair(&issued)]);
    let sent = slack.calls::<AuthTestRequest>().pop().unwrap();
    assert_eq!(sent.token(), Some(issued.access_token.as_str()));
    let traded = slack.calls::<OauthV2AccessRequest>().pop().unwrap();
    assert_eq!(
        traded.auth_scheme,
        Some(AuthScheme::Basic),
        "no bearer token"
    );
    assert_eq!(
        traded.client_credentials(),
        Some((CLIENT_ID, CLIENT_SECRET))
    );
    assert_eq!(traded.argument("grant_type"), Some("refresh_token"));
    assert!(slack.take_problems().is_empty());
}

#[tokio::test]
async fn a_hundred_calls_across_an_expiry_refresh_once_and_all_succeed() {
    let (slack, app) = rotating_slack().await;
    let first = slack.issue_tokens();
    let saved = Saved::default();
    // Due by the client's clock: every call finds it so, one refreshes.
    let due = stored(&first, Duration::from_secs(30));
    let workspace = app.with_rotating_tokens(due, saved.store()).unwrap();
    let results = at_once(&workspace, 100).await;
    assert!(results.iter().all(Result::is_ok), "{results:?}");
    let refreshes = slack.refreshes();
    assert_eq!(refreshes.len(), 1, "{refreshes:?}");
    let second = refreshes[0].outcome.clone().unwrap();
    let calls = slack.calls::<AuthTestRequest>();
    assert_eq!(calls.len(), 100);
    assert!(
        calls
            .iter()
            .all(|call| call.token() == Some(&second.access_token))
    );

    // Expired at Slack while the client's clock says it is fresh: the calls Slack answers
    // `token_expired` wait for one refresh and are sent again, once each.
    slack.expire_tokens();
    let results = at_once(&workspace, 100).await;
    assert!(results.iter().all(Result::is_ok), "{results:?}");
    let refreshes = slack.refreshes();
    assert_eq!(refreshes.len(), 2, "{refreshes:?}");
    assert_eq!(refreshes[1].refresh_token, second.refresh_token);
    let third = refreshes[1].outcome.clone().unwrap();
    let calls = &slack.calls::<AuthTestRequest>()[100..];
    let expired = calls
        .iter()
        .filter(|call| call.token() == Some(&second.access_token));
    let renewed = calls
        .iter()
        .filter(|call| call.token() == Some(&third.access_token));
    assert_eq!(renewed.count(), 100, "every call ends with the new token");
    assert_eq!(
        calls.len(),
        100 + expired.count(),
        "each resent at most once"
    );
    assert_eq!(saved.pairs(), vec![pair(&second), pair(&third)]);
    assert!(slack.take_problems().is_empty());
}

#[tokio::test]
async fn a_refused_refresh_surfaces_once_typed_and_is_not_tried_again() {
    let (slack, app) = rotating_slack().await;
    let issued = slack.issue_tokens();
    let saved = Saved::default();
    // A refresh token Slack no longer takes (used by another process, say).
    let spent = RotatingTokens::new(
        &issued.access_token,
        "xoxe-1-already-used",
        SystemTime::now(),
    );
    let workspace = app.with_rotating_tokens(spent, saved.store()).unwrap();
    let results = at_once(&workspace, 20).await;
    assert_eq!(
        slack.refreshes().len(),
        1,
        "one refresh for the twenty calls"
    );
    for result in &results {
        let shown = result.as_ref().unwrap_err();
        assert!(shown.contains("InvalidRefreshToken"), "{shown}");
    }
    let error = workspace
        .api()
        .auth_test(AuthTestRequest::new())
        .await
        .unwrap_err();
    let Error::TokenRefresh(refresh) = &error else {
        panic!("expected a refresh error: {error:?}");
    };
    assert_eq!(
        refresh.code(),
        Some(&OauthV2AccessError::InvalidRefreshToken)
    );
    assert!(matches!(**refresh, RefreshError::Exchange(Error::Api(_))));
    assert!(
        error.to_string().contains("invalid_refresh_token"),
        "{error}"
    );
    assert_eq!(
        slack.refreshes().len(),
        1,
        "a refused refresh is not tried again"
    );
    assert!(
        slack.calls::<AuthTestRequest>().is_empty(),
        "no call was sent"
    );
    assert!(saved.pairs().is_empty());
}

#[tokio::test]
async fn token_expired_is_refreshed_and_the_call_sent_once_more_never_in_a_loop() {
    let (slack, app) = rotating_slack().await;
    slack.stub(
        Answer::<ChatPostMessageRequest>::ok_json(serde_json::json!({
            "channel": "C1", "ts": "1700000000.000100"
        }))
        .unwrap(),
    );
    let issued = slack.issue_tokens();
    let saved = Saved::default();
    let workspace = app
        .with_rotating_tokens(stored(&issued, TWELVE_HOURS), saved.store())
        .unwrap();
    slack.expire_tokens();
    let post = ChatPostMessageRequest::new("C1").text("hello");
    workspace
        .api()
        .chat_post_message(post.clone())
        .await
        .unwrap();
    let sent = slack.calls::<ChatPostMessageRequest>();
    let tokens: Vec<_> = sent.iter().map(|call| call.token().unwrap()).collect();
    let renewed = slack.refreshes()[0].outcome.clone().unwrap();
    assert_eq!(tokens, [&issued.access_token, &renewed.access_token]);
    assert_eq!(saved.pairs(), vec![pair(&renewed)]);

    // Slack answering `token_expired` to the new token too: the error comes back after the
    // one refresh and the one resend.
    let expired = serde_json::json!({"ok": false, "error": "token_expired"});
    slack.stub(Answer::<AuthTestRequest>::raw_json(expired));
    let error = workspace
        .api()
        .auth_test(AuthTestRequest::new())
        .await
        .unwrap_err();
    assert_eq!(error.code().map(Code::code), Some("token_expired"));
    assert_eq!(slack.calls::<AuthTestRequest>().len(), 2);
    assert_eq!(slack.refreshes().len(), 2);
    assert!(slack.take_problems().is_empty());
}

#[tokio::test]
async fn a_pair_the_store_refused_is_kept_and_offered_again_before_use() {
    let (slack, app) = rotating_slack().await;
    let issued = slack.issue_tokens();
    let attempts = Arc::new(Mutex::new(Vec::<RotatingTokens>::new()));
    let seen = attempts.clone();
    let store = move |tokens: RotatingTokens| {
        let mut seen = seen.lock().unwrap();
        seen.push(tokens);
        let result: Result<(), BoxError> = if seen.len() == 1 {
            Err("the database is down".into())
        } else {
            Ok(())
        };
        std::future::ready(result)
    };
    let due = stored(&issued, Duration::ZERO);
    let workspace = app.with_rotating_tokens(due, store).unwrap();
    let error = workspace
        .api()
        .auth_test(AuthTestRequest::new())
        .await
        .unwrap_err();
    let Error::TokenRefresh(refresh) = &error else {
        panic!("expected a refresh error: {error:?}");
    };
    assert!(matches!(**refresh, RefreshError::Store(_)), "{refresh:?}");
    assert!(
        slack.calls::<AuthTestRequest>().is_empty(),
        "an unsaved pair is not used"
    );

    workspace
        .api()
        .auth_test(AuthTestRequest::new())
        .await
        .unwrap();
    assert_eq!(
        slack.refreshes().len(),
        1,
        "the pair was kept, not refreshed again"
    );
    let renewed = slack.refreshes()[0].outcome.clone().unwrap();
    let offered = attempts.lock().unwrap().clone();
    assert_eq!(offered.len(), 2);
    assert!(
        offered
            .iter()
            .all(|tokens| tokens.access_token() == renewed.access_token)
    );
    let sent = slack.calls::<AuthTestRequest>();
    assert_eq!(sent[0].token(), Some(renewed.access_token.as_str()));
}

#[tokio::test]
async fn no_token_refresh_token_or_secret_is_ever_shown() {
    use tracing::Instrument;
    let log = global_log();
    let (slack, app) = rotating_slack().await;
    let issued = slack.issue_tokens();
    let saved = Saved::default();
    let due = stored(&issued, Duration::ZERO);
    let workspace = app
        .with_rotating_tokens(due.clone(), saved.store())
        .unwrap();
    let work = async {
        workspace
            .api()
            .auth_test(AuthTestRequest::new())
            .await
            .unwrap();
        slack.expire_tokens();
        workspace
            .api()
            .auth_test(AuthTestRequest::new())
            .await
            .unwrap();
        let spent = RotatingTokens::new("xoxe.xoxb-spent", "xoxe-1-spent", SystemTime::now());
        let refused = app.with_rotating_tokens(spent, saved.store()).unwrap();
        refused
            .api()
            .auth_test(AuthTestRequest::new())
            .await
            .unwrap_err()
    };
    let error = work
        .instrument(tracing::info_span!("test", marker = "rotation_secrets"))
        .await;
    let mut secrets = vec![
        CLIENT_SECRET.to_owned(),
        "xoxe.xoxb-spent".to_owned(),
        "xoxe-1-spent".to_owned(),
    ];
    for refresh in slack.refreshes() {
        secrets.push(refresh.refresh_token.clone());
        if let Ok(issued) = refresh.outcome {
            secrets.extend([issued.access_token, issued.refresh_token]);
        }
    }
    assert!(secrets.len() >= 7, "{secrets:?}");
    let tag = "test{marker=\"rotation_secrets\"}";
    let lines: Vec<String> = log
        .text()
        .lines()
        .filter(|line| line.contains(tag))
        .map(str::to_owned)
        .collect();
    assert!(
        lines
            .iter()
            .any(|line| line.contains("slack_token_refresh")),
        "{lines:#?}"
    );
    let shown = [
        format!("{error}"),
        format!("{error:?}"),
        format!("{due:?}"),
        format!("{workspace:?}"),
        format!("{app:?}"),
        format!("{:?}", saved.0.lock().unwrap()),
        lines.join("\n"),
    ];
    for text in &shown {
        for secret in &secrets {
            assert!(!text.contains(secret.as_str()), "{secret} shown in: {text}");
        }
    }
}

#[tokio::test]
async fn each_workspace_refreshes_its_own_pair_into_its_own_store() {
    let (slack, app) = rotating_slack().await;
    let (first, second) = (slack.issue_tokens(), slack.issue_tokens());
    let (saved_first, saved_second) = (Saved::default(), Saved::default());
    let due = |issued| stored(issued, Duration::from_secs(5));
    let one = app.with_rotating_tokens(due(&first), saved_first.store());
    let two = app.with_rotating_tokens(due(&second), saved_second.store());
    let (one, two) = (one.unwrap(), two.unwrap());
    let (a, b) = tokio::join!(at_once(&one, 30), at_once(&two, 30));
    assert!(a.iter().chain(&b).all(Result::is_ok), "{a:?} {b:?}");
    let refreshes = slack.refreshes();
    assert_eq!(
        refreshes.len(),
        2,
        "one refresh per workspace: {refreshes:?}"
    );
    let issued_for = |refresh_token: &str| {
        let refresh = refreshes.iter().find(|r| r.refresh_token == refresh_token);
        pair(refresh.unwrap().outcome.as_ref().unwrap())
    };
    assert_eq!(saved_first.pairs(), vec![issued_for(&first.refresh_token)]);
    assert_eq!(
        saved_second.pairs(),
        vec![issued_for(&second.refresh_token)]
    );
}

#[tokio::test]
async fn a_refresh_outlives_a_call_that_gives_up() {
    let (slack, app) = rotating_slack().await;
    let issued = slack.issue_tokens();
    let saved = Saved::default();
    let workspace = app
        .with_rotating_tokens(stored(&issued, Duration::ZERO), saved.store())
        .unwrap();
    // Slack spends the refresh token at once but its answer is slow; the call's deadline passes
    // first.
    slack.delay_exchanges(Duration::from_millis(300));
    let hasty = CallOptions::new().deadline(Duration::from_millis(50));
    let error = workspace
        .call_with(&AuthTestRequest::new(), &hasty)
        .await
        .unwrap_err();
    assert!(matches!(error, Error::Timeout { .. }), "{error:?}");
    tokio::time::sleep(Duration::from_millis(600)).await;
    let refreshes = slack.refreshes();
    let renewed = refreshes[0].outcome.clone().unwrap();
    assert_eq!(
        saved.pairs(),
        vec![pair(&renewed)],
        "the refresh finished and was saved"
    );

    // The next call uses that pair: no second refresh with the spent token.
    slack.delay_exchanges(Duration::ZERO);
    workspace
        .api()
        .auth_test(AuthTestRequest::new())
        .await
        .unwrap();
    assert_eq!(slack.refreshes().len(), 1);
    let sent = slack.calls::<AuthTestRequest>().pop().unwrap();
    assert_eq!(sent.token(), Some(renewed.access_token.as_str()));
}
