//! Token rotation as Slack runs it, for [`MockSlack::rotate_tokens`](super::MockSlack::rotate_tokens):
//! `oauth.v2.access` trades an install's code, or a refresh token, for a new pair when the app's
//! client credentials are right; a refresh token works once; an access token expires (after its
//! lifetime on the tokio clock, or when the test says) and is then answered `token_expired`.

use std::collections::HashMap;
use std::time::Duration;

use bytes::Bytes;
use serde_json::{Value, json};
use tokio::time::Instant;

use crate::testing::received::Received;

/// The team every pair the mock issues belongs to.
pub const MOCK_TEAM: &str = "T0MOCKTEAM";

/// One refresh the mock was asked for, and how it answered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MockRefresh {
    /// The refresh token the call sent.
    pub refresh_token: String,
    /// The pair it issued, or the error code it answered.
    pub outcome: Result<IssuedTokens, String>,
}

/// A pair the mock issued: what `oauth.v2.access` answered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IssuedTokens {
    /// The access token (`xoxe.xoxb-1-...`).
    pub access_token: String,
    /// The refresh token (`xoxe-1-...`), good for one refresh.
    pub refresh_token: String,
    /// Its lifetime in seconds, as answered.
    pub expires_in: u64,
}

/// The app's credentials and every token the mock issued.
#[derive(Debug)]
pub(crate) struct Rotation {
    client_id: String,
    client_secret: String,
    lifetime: Duration,
    issued: u64,
    /// Access tokens by value: when each expires.
    access: HashMap<String, Instant>,
    /// Refresh tokens by value: whether each was used.
    refresh: HashMap<String, bool>,
    codes_used: Vec<String>,
    pub(crate) refreshes: Vec<MockRefresh>,
    /// How long an answer to `oauth.v2.access` takes once the mock has issued it.
    pub(crate) delay: Duration,
}

impl Rotation {
    #[cfg_attr(
        not(feature = "oauth"),
        allow(dead_code, reason = "made by rotate_tokens")
    )]
    pub(crate) fn new(client_id: String, client_secret: String, lifetime: Duration) -> Self {
        Rotation {
            client_id,
            client_secret,
            lifetime,
            issued: 0,
            access: HashMap::new(),
            refresh: HashMap::new(),
            codes_used: Vec::new(),
            refreshes: Vec::new(),
            delay: Duration::ZERO,
        }
    }

    /// A new pair, as an install or a refresh hands out.
    pub(crate) fn issue(&mut self) -> IssuedTokens {
        self.issued += 1;
        let tokens = IssuedTokens {
            access_token: format!("xoxe.xoxb-1-mock-{}", self.issued),
            refresh_token: format!("xoxe-1-mock-{}", self.issued),
            expires_in: self.lifetime.as_secs(),
        };
        self.access
            .insert(tokens.access_token.clone(), Instant::now() + self.lifetime);
        self.refresh.insert(tokens.refresh_token.clone(), false);
        tokens
    }

    /// Every access token issued so far expires now.
    pub(crate) fn expire_all(&mut self) {
        let now = Instant::now();
        for expiry in self.access.values_mut() {
            *expiry = now;
        }
    }

    /// The mock's answer to `received`, when rotation decides it: an `oauth.v2.access` call, or a
    /// call with an access token the mock issued that has expired. Changes state only when
    /// `commit` (an answer a fault spoils is never seen).
    pub(crate) fn answer(&mut self, received: &Received, commit: bool) -> Option<Bytes> {
        let answer = if received.method == "oauth.v2.access" {
            self.exchange(received, commit)
        } else {
            let expiry = self.access.get(received.token()?)?;
            if *expiry > Instant::now() {
                return None;
            }
            error("token_expired")
        };
        Some(Bytes::from(serde_json::to_vec(&answer).unwrap_or_default()))
    }

    fn exchange(&mut self, received: &Received, commit: bool) -> Value {
        let credentials = received.client_credentials().or_else(|| {
            Some((
                received.argument("client_id")?,
                received.argument("client_secret")?,
            ))
        });
        match credentials {
            Some((id, _)) if id != self.client_id => return error("invalid_client_id"),
            Some((_, secret)) if secret == self.client_secret => {}
            _ => return error("bad_client_secret"),
        }
        if received.argument("grant_type") == Some("refresh_token") {
            return self.refreshed(received, commit);
        }
        let Some(code) = received.argument("code") else {
            return error("invalid_code");
        };
        if self.codes_used.iter().any(|used| used == code) {
            return error("invalid_code");
        }
        if !commit {
            return error("invalid_code");
        }
        self.codes_used.push(code.to_owned());
        let tokens = self.issue();
        let mut answer = granted(&tokens);
        answer["authed_user"] = json!({"id": "U0MOCKUSER"});
        answer
    }

    /// The refresh grant: a refresh token the mock issued and nobody used yet buys a new pair.
    fn refreshed(&mut self, received: &Received, commit: bool) -> Value {
        let sent = received.argument("refresh_token").unwrap_or_default();
        let outcome = match self.refresh.get(sent) {
            Some(false) if commit => {
                self.refresh.insert(sent.to_owned(), true);
                Ok(self.issue())
            }
            Some(false) => return error("internal_error"),
            _ => Err("invalid_refresh_token".to_owned()),
        };
        if commit {
            self.refreshes.push(MockRefresh {
                refresh_token: sent.to_owned(),
                outcome: outcome.clone(),
            });
        }
        match outcome {
            Ok(tokens) => granted(&tokens),
            Err(code) => error(&code),
        }
    }
}

/// `oauth.v2.access`'s answer handing out `tokens` as the app's bot token.
fn granted(tokens: &IssuedTokens) -> Value {
    json!({
        "ok": true,
        "access_token": tokens.access_token,
        "token_type": "bot",
        "scope": "chat:write,channels:read",
        "bot_user_id": "U0MOCKBOT",
        "app_id": "A0MOCKAPP",
        "team": {"id": MOCK_TEAM, "name": "Mock"},
        "enterprise": null,
        "is_enterprise_install": false,
        "expires_in": tokens.expires_in,
        "refresh_token": tokens.refresh_token,
    })
}

fn error(code: &str) -> Value {
    json!({"ok": false, "error": code})
}
