//! Tokens that refresh themselves: with token rotation on, Slack's tokens expire after 12 hours
//! and each refresh token works once. A client made with [`Client::with_rotating_tokens`] holds
//! one workspace's pair and trades it through `oauth.v2.access` (`grant_type=refresh_token`)
//! when the token nears its expiry or Slack answers `token_expired`.
//!
//! Because a refresh token is single-use, a workspace's refreshes are single-flight: the pair
//! sits behind one async lock, and calls that find it stale wait for the one refresh under way
//! instead of starting their own (two racing refreshes leave one of them `invalid_refresh_token`).
//! The new pair goes to the caller's [`TokenStore`] before any call uses it, so a crash after a
//! refresh never loses the only valid refresh token; the refresh runs in a task of its own, so a
//! call that gives up cannot cut it short either. A refresh Slack refuses for good is kept:
//! every later call fails with the same typed error at once instead of trying again.

use std::fmt;
use std::pin::Pin;
use std::sync::Arc;
use std::time::{Duration, SystemTime};

use tokio::sync::Mutex;
use tokio::time::Instant;
use tracing::Instrument;

use crate::api::{
    OauthAuthedUser, OauthGrantType, OauthV2AccessError, OauthV2AccessRequest,
    OauthV2AccessResponse, OauthV2AccessWarning,
};
use crate::auth::{REDACTED, Token};
use crate::client::Client;
use crate::error::{BoxError, ConfigError, Error};
use crate::method::Code;
use crate::throttle::BudgetKey;

/// How long before its expiry a token is refreshed unless
/// [`ClientBuilder::refresh_ahead`](crate::ClientBuilder::refresh_ahead) says otherwise.
pub(crate) const DEFAULT_REFRESH_AHEAD: Duration = Duration::from_secs(10 * 60);

/// One workspace's rotating tokens, as a [`TokenStore`] keeps them: the access token, the
/// single-use refresh token and when the access token expires. `Debug` shows neither token.
#[derive(Clone, PartialEq, Eq)]
pub struct RotatingTokens {
    access_token: String,
    refresh_token: String,
    expires_at: SystemTime,
}

impl RotatingTokens {
    /// A pair as stored: the access token, its refresh token, and when the access token expires.
    pub fn new(
        access_token: impl Into<String>,
        refresh_token: impl Into<String>,
        expires_at: SystemTime,
    ) -> Self {
        RotatingTokens {
            access_token: access_token.into(),
            refresh_token: refresh_token.into(),
            expires_at,
        }
    }

    /// The bot token's pair of an `oauth.v2.access` answer (an install or a refresh), expiring
    /// `expires_in` seconds from now; `None` when the answer carries no rotating bot token
    /// (rotation off, or a user-only install).
    pub fn from_exchange(answer: &OauthV2AccessResponse) -> Option<Self> {
        rotating(
            answer.access_token.as_ref()?.expose(),
            answer.refresh_token.as_ref()?.expose(),
            answer.expires_in?,
        )
    }

    /// The installing user's pair of an `oauth.v2.access` answer (its `authed_user`), when the
    /// install asked for user scopes and rotation is on.
    pub fn from_authed_user(user: &OauthAuthedUser) -> Option<Self> {
        rotating(
            user.access_token.as_ref()?.expose(),
            user.refresh_token.as_ref()?.expose(),
            user.expires_in?,
        )
    }

    /// The access token, to send as `Authorization: Bearer`.
    pub fn access_token(&self) -> &str {
        &self.access_token
    }

    /// The refresh token: it works once; a refresh hands out the next.
    pub fn refresh_token(&self) -> &str {
        &self.refresh_token
    }

    /// When the access token expires.
    pub fn expires_at(&self) -> SystemTime {
        self.expires_at
    }
}

/// A pair that expires `expires_in` seconds from now (a negative figure: already expired).
fn rotating(access: &str, refresh: &str, expires_in: i64) -> Option<RotatingTokens> {
    let now = SystemTime::now();
    let lifetime = Duration::from_secs(expires_in.unsigned_abs());
    let expires_at = if expires_in >= 0 {
        now.checked_add(lifetime)?
    } else {
        now.checked_sub(lifetime)?
    };
    Some(RotatingTokens::new(access, refresh, expires_at))
}

impl fmt::Debug for RotatingTokens {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RotatingTokens")
            .field("access_token", &REDACTED)
            .field("refresh_token", &REDACTED)
            .field("expires_at", &self.expires_at)
            .finish()
    }
}

/// What [`TokenStore::save`] returns.
pub type StoreFuture<'a> = Pin<Box<dyn Future<Output = Result<(), BoxError>> + Send + 'a>>;

/// Where a workspace's new pair is saved, before the client uses it: a database row, a secrets
/// manager, a file. A closure `Fn(RotatingTokens) -> impl Future<Output = Result<(), BoxError>>`
/// is a store too.
///
/// ```
/// use slack_api_client::{BoxError, RotatingTokens, StoreFuture, TokenStore};
///
/// /// Keeps one workspace's pair in a row of the app's database.
/// struct Row {
///     team_id: String,
/// }
///
/// impl TokenStore for Row {
///     fn save<'a>(&'a self, tokens: &'a RotatingTokens) -> StoreFuture<'a> {
///         Box::pin(async move {
///             // UPDATE installs SET access = ?, refresh = ?, expires_at = ? WHERE team_id = ?
///             let _ = (&self.team_id, tokens.access_token(), tokens.refresh_token());
///             Ok::<(), BoxError>(())
///         })
///     }
/// }
/// ```
pub trait TokenStore: Send + Sync + 'static {
    /// Saves `tokens`, the pair that replaces the last one saved. An error fails the call that
    /// refreshed (as [`RefreshError::Store`]); the client keeps the pair and offers it to the
    /// store again before its next call uses it.
    fn save<'a>(&'a self, tokens: &'a RotatingTokens) -> StoreFuture<'a>;
}

impl<F, Fut> TokenStore for F
where
    F: Fn(RotatingTokens) -> Fut + Send + Sync + 'static,
    Fut: Future<Output = Result<(), BoxError>> + Send + 'static,
{
    fn save<'a>(&'a self, tokens: &'a RotatingTokens) -> StoreFuture<'a> {
        Box::pin(self(tokens.clone()))
    }
}

/// Why a client with rotating tokens could not get a token to call with.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum RefreshError {
    /// `oauth.v2.access` failed: Slack refused the refresh token (`invalid_refresh_token`: it
    /// was used already, or the app was uninstalled) or the app's credentials, or the call
    /// failed on the way. A refusal is final: later calls fail with it at once; make a client
    /// with the tokens of a new install.
    #[error("the token refresh failed: {0}")]
    Exchange(Error<OauthV2AccessError>),
    /// Slack's answer to the refresh lacked the new access token, refresh token or lifetime
    /// (final, like a refusal).
    #[error("Slack's answer to the token refresh has no `{missing}`")]
    Incomplete {
        /// The member that was missing.
        missing: &'static str,
    },
    /// The [`TokenStore`] could not save the new pair. The client keeps the pair and offers it
    /// to the store again before its next call uses it.
    #[error("the token store could not save the refreshed tokens: {0}")]
    Store(BoxError),
    /// The refresh task was stopped before it finished: the tokio runtime is shutting down.
    #[error("the token refresh was stopped: the runtime is shutting down")]
    Interrupted,
}

impl RefreshError {
    /// The typed code of `oauth.v2.access`'s refusal, when Slack refused the refresh.
    pub fn code(&self) -> Option<&OauthV2AccessError> {
        match self {
            RefreshError::Exchange(error) => error.code(),
            _ => None,
        }
    }

    /// Whether no later refresh can succeed (the client then fails every call with this error).
    fn is_final(&self) -> bool {
        match self {
            RefreshError::Exchange(Error::Api(api)) => !api.error.is_retryable(),
            RefreshError::Exchange(_) | RefreshError::Store(_) | RefreshError::Interrupted => false,
            RefreshError::Incomplete { .. } => true,
        }
    }
}

/// One workspace's rotating pair, shared by the clients made from one
/// [`Client::with_rotating_tokens`] (`with_team` keeps it).
pub(crate) struct Rotation {
    state: Mutex<State>,
    store: Box<dyn TokenStore>,
    /// The throttle budget of the workspace's calls: its first token's, kept across refreshes.
    budget: BudgetKey,
}

/// The pair in use; the lock around it makes a workspace's refreshes single-flight.
struct State {
    access: Token,
    refresh_token: Box<str>,
    expires: Instant,
    /// Counts refreshes: a call that Slack answered `token_expired` refreshes only when the
    /// token it sent is still the current one.
    generation: u64,
    /// A pair Slack issued that the store has not yet taken: offered again before it is used.
    unsaved: Option<RotatingTokens>,
    /// A refresh Slack refused for good: every later call fails with it.
    failed: Option<Arc<RefreshError>>,
}

impl State {
    /// Whether the token must be refreshed before use: it expires within `ahead`, or Slack
    /// answered `token_expired` to it (the token of refresh `expired` is still the current one).
    fn stale(&self, ahead: Duration, expired: Option<u64>) -> bool {
        match expired {
            Some(generation) => generation == self.generation,
            None => self.expires.saturating_duration_since(Instant::now()) <= ahead,
        }
    }

    fn current(&self) -> Current {
        Current {
            token: self.access.clone(),
            generation: self.generation,
        }
    }
}

/// The token a call is sent with, and which refresh made it.
pub(crate) struct Current {
    pub(crate) token: Token,
    pub(crate) generation: u64,
}

impl Rotation {
    pub(crate) fn new(
        tokens: RotatingTokens,
        store: Box<dyn TokenStore>,
    ) -> Result<Self, ConfigError> {
        let access = Token::new(tokens.access_token)?;
        if tokens.refresh_token.trim().is_empty() {
            return Err(ConfigError::new("the refresh token is empty"));
        }
        Ok(Rotation {
            budget: access.budget_key(),
            state: Mutex::new(State {
                access,
                refresh_token: tokens.refresh_token.into_boxed_str(),
                expires: instant_of(tokens.expires_at),
                generation: 0,
                unsaved: None,
                failed: None,
            }),
            store,
        })
    }

    /// The token to send now: the current one, refreshed first when it expires within `ahead`,
    /// or, after Slack answered `token_expired` to the token of `expired`, refreshed unless
    /// another call did so since.
    pub(crate) async fn token(
        self: &Arc<Self>,
        client: &Client,
        ahead: Duration,
        expired: Option<u64>,
    ) -> Result<Current, Arc<RefreshError>> {
        {
            let state = self.state.lock().await;
            if let Some(failed) = &state.failed {
                return Err(failed.clone());
            }
            if !state.stale(ahead, expired) && state.unsaved.is_none() {
                return Ok(state.current());
            }
        }
        // The refresh runs in a task of its own: a call that gives up (its deadline passes, its
        // future is dropped) must not cut it short once Slack may have spent the old refresh
        // token, or the only valid pair would be lost. The task finishes, saves and keeps it.
        let rotation = Arc::clone(self);
        let client = client.clone();
        // Inside the call's span, as if it ran in the call.
        let renew = async move { rotation.renew(&client, ahead, expired).await };
        let renewal = tokio::spawn(renew.in_current_span());
        match renewal.await {
            Ok(current) => current,
            // A store that panicked: the panic is the caller's, as if the store ran in its task.
            Err(stopped) if stopped.is_panic() => std::panic::resume_unwind(stopped.into_panic()),
            Err(_) => Err(Arc::new(RefreshError::Interrupted)),
        }
    }

    /// [`Rotation::token`]'s slow path, with the lock held throughout: whoever waits on it finds
    /// the pair refreshed and saved, and refreshes no more.
    async fn renew(
        &self,
        client: &Client,
        ahead: Duration,
        expired: Option<u64>,
    ) -> Result<Current, Arc<RefreshError>> {
        let mut state = self.state.lock().await;
        if let Some(failed) = &state.failed {
            return Err(failed.clone());
        }
        if state.stale(ahead, expired) {
            self.refresh(client, &mut state).await?;
        }
        if let Some(unsaved) = &state.unsaved {
            self.store
                .save(unsaved)
                .await
                .map_err(|error| Arc::new(RefreshError::Store(error)))?;
            state.unsaved = None;
        }
        Ok(state.current())
    }

    /// Trades the refresh token for a new pair, with the lock held (so once, whoever waits),
    /// and saves it. A final failure is kept for every later call.
    async fn refresh(&self, client: &Client, state: &mut State) -> Result<(), Arc<RefreshError>> {
        let span = tracing::info_span!("slack_token_refresh", generation = state.generation + 1);
        let answer = exchange(client, &state.refresh_token)
            .instrument(span.clone())
            .await
            .map_err(RefreshError::Exchange)
            .and_then(|answer| read_pair(&answer.data));
        let tokens = match answer {
            Ok(tokens) => tokens,
            Err(error) => {
                let error = Arc::new(error);
                if error.is_final() {
                    state.failed = Some(error.clone());
                }
                span.in_scope(|| tracing::warn!(final = error.is_final(), error = %error, "token refresh failed"));
                return Err(error);
            }
        };
        let access = Token::new(tokens.access_token.clone()).map_err(|_| {
            Arc::new(RefreshError::Incomplete {
                missing: "access_token",
            })
        })?;
        state.access = access;
        state.refresh_token = tokens.refresh_token.clone().into_boxed_str();
        state.expires = instant_of(tokens.expires_at);
        state.generation += 1;
        state.unsaved = Some(tokens);
        span.in_scope(|| tracing::info!("refreshed the workspace's token"));
        Ok(())
    }
}

/// The future of the refresh call.
type Exchange<'a> = Pin<
    Box<
        dyn Future<
                Output = Result<
                    crate::Response<OauthV2AccessResponse, OauthV2AccessWarning>,
                    Error<OauthV2AccessError>,
                >,
            > + Send
            + 'a,
    >,
>;

/// The `oauth.v2.access` call of the refresh grant. Boxed: it runs inside another call's
/// engine, and the engine cannot contain itself.
fn exchange<'a>(client: &'a Client, refresh_token: &str) -> Exchange<'a> {
    let request = OauthV2AccessRequest::new()
        .grant_type(OauthGrantType::RefreshToken)
        .refresh_token(refresh_token);
    Box::pin(async move { client.call(&request).await })
}

/// The new pair of a refresh answer, whichever token (bot or user) it refreshed.
fn read_pair(answer: &OauthV2AccessResponse) -> Result<RotatingTokens, RefreshError> {
    let missing = |missing| RefreshError::Incomplete { missing };
    let access = answer
        .access_token
        .as_ref()
        .ok_or(missing("access_token"))?;
    let refresh = answer
        .refresh_token
        .as_ref()
        .ok_or(missing("refresh_token"))?;
    let expires_in = answer.expires_in.ok_or(missing("expires_in"))?;
    rotating(access.expose(), refresh.expose(), expires_in).ok_or(missing("expires_in"))
}

/// The moment of the monotonic clock that `at` stands for (the tokio clock, which tests can
/// pause and advance).
fn instant_of(at: SystemTime) -> Instant {
    let now = Instant::now();
    match at.duration_since(SystemTime::now()) {
        Ok(left) => now
            .checked_add(left)
            .unwrap_or(now + Duration::from_secs(86_400 * 365)),
        Err(_) => now,
    }
}

impl Client {
    /// A client for one workspace whose tokens rotate, sharing this one's pool, settings,
    /// throttle and client credentials (which the refresh needs: build this client with
    /// [`ClientBuilder::client_credentials`](crate::ClientBuilder::client_credentials)).
    ///
    /// Its calls send `tokens`' access token; one that expires within
    /// [`ClientBuilder::refresh_ahead`](crate::ClientBuilder::refresh_ahead) (or that Slack
    /// answers `token_expired`, then the call is sent once more) is first traded for a new pair
    /// through `oauth.v2.access`, once for all the calls waiting on it, and the pair is given to
    /// `store` before any call uses it. Keep one such client per workspace (clones share the
    /// pair); two clients made from the same stored pair would race each other's refresh.
    ///
    /// ```no_run
    /// # async fn demo(app: slack_api_client::Client, stored: slack_api_client::RotatingTokens)
    /// # -> Result<(), Box<dyn std::error::Error>> {
    /// use slack_api_client::{BoxError, RotatingTokens};
    ///
    /// let workspace = app.with_rotating_tokens(stored, |tokens: RotatingTokens| async move {
    ///     // Write the new pair where the next process start will read it.
    ///     let _ = tokens;
    ///     Ok::<(), BoxError>(())
    /// })?;
    /// # let _ = workspace; Ok(()) }
    /// ```
    pub fn with_rotating_tokens(
        &self,
        tokens: RotatingTokens,
        store: impl TokenStore,
    ) -> Result<Client, ConfigError> {
        if self.shared.client_credentials.is_none() {
            return Err(ConfigError::new(
                "rotating tokens are refreshed with the app's client credentials; build the \
                 client with ClientBuilder::client_credentials(client_id, client_secret)",
            ));
        }
        let rotation = Rotation::new(tokens, Box::new(store))?;
        let budget = rotation.budget.clone();
        Ok(self.with_rotation(Arc::new(rotation), budget))
    }
}
