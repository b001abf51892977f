//! The client and its builder: the token (or none, for the OAuth exchanges), the app's client
//! credentials, base URL, HTTP client and policies a call runs with.
//! The call itself (validation, encoding, throttling, sending, decoding, retries) is in `call`,
//! which adds `Client::call` and `Client::call_with`.

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use reqwest::redirect;

use crate::auth::{BaseUrl, DEFAULT_BASE_URL, REDACTED, Redactor, Token};
use crate::error::ConfigError;
use crate::retry::RetryPolicy;
use crate::throttle::{BudgetKey, Throttle, Throttler};

/// The time limit of one attempt unless [`ClientBuilder::timeout`] says otherwise.
const DEFAULT_TIMEOUT: Duration = Duration::from_secs(30);

/// A Slack Web API client; cheap to clone and share across tasks (clones share the connection
/// pool and the throttle's budgets).
///
/// One client serves many workspaces: [`Client::with_token`] makes a client for another token
/// that shares the pool, the settings and the throttle.
///
/// ```no_run
/// # async fn demo() -> Result<(), Box<dyn std::error::Error>> {
/// let client = slack_api_client::Client::builder(std::env::var("SLACK_TOKEN")?)
///     .retry_policy(slack_api_client::RetryPolicy::default().with_max_retries(5))
///     .build()?;
/// # let _ = client; Ok(()) }
/// ```
#[derive(Clone)]
pub struct Client {
    pub(crate) shared: Arc<Shared>,
    pub(crate) identity: Arc<Identity>,
}

/// What every client made from one builder shares.
pub(crate) struct Shared {
    pub(crate) http: reqwest::Client,
    /// Whether `http` came from the caller (then its own settings apply as given).
    callers_http: bool,
    pub(crate) base_url: BaseUrl,
    pub(crate) prefer_json: bool,
    pub(crate) timeout: Duration,
    pub(crate) retry: RetryPolicy,
    pub(crate) throttler: Option<Throttler>,
    /// The app is commercially distributed outside the Slack Marketplace.
    pub(crate) unlisted_app: bool,
    /// The app's own tokens, for the methods that take them (the same for every workspace).
    pub(crate) app_token: Option<Token>,
    pub(crate) configuration_token: Option<Token>,
    /// The app's client ID and secret, sent as HTTP Basic auth to the methods that take them.
    pub(crate) client_credentials: Option<ClientCredentials>,
    /// How long before its expiry a rotating token is refreshed.
    #[cfg(feature = "oauth")]
    pub(crate) refresh_ahead: Duration,
}

/// The app's client ID and secret: the ID in the open (it is in every authorize URL), the secret
/// only inside the sensitive Basic auth header and redacted everywhere else.
pub(crate) struct ClientCredentials {
    pub(crate) id: String,
    pub(crate) basic: Token,
}

impl fmt::Debug for ClientCredentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientCredentials")
            .field("client_id", &self.id)
            .field("client_secret", &REDACTED)
            .finish()
    }
}

/// Who a client calls as: its token (none for a client built with
/// [`Client::builder_without_token`]), and the throttle budget its calls draw on.
pub(crate) struct Identity {
    pub(crate) credential: Credential,
    pub(crate) budget: BudgetKey,
}

/// The bearer token a client's calls carry.
#[derive(Clone)]
pub(crate) enum Credential {
    /// None: the client is for the calls that take no bearer token.
    None,
    /// The same token for every call.
    Fixed(Token),
    /// A workspace's rotating pair, refreshed as it nears its expiry.
    #[cfg(feature = "oauth")]
    Rotating(Arc<crate::rotation::Rotation>),
}

impl fmt::Debug for Credential {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Credential::None => f.write_str("None"),
            Credential::Fixed(_) => f.write_str(REDACTED),
            #[cfg(feature = "oauth")]
            Credential::Rotating(_) => f.write_str("Rotating([redacted])"),
        }
    }
}

/// Builds a [`Client`]: the token is required (unless the client is only for the calls that
/// take none: [`ClientBuilder::without_token`]), everything else has a default.
#[derive(Clone)]
pub struct ClientBuilder {
    token: Option<String>,
    base_url: String,
    prefer_json: bool,
    timeout: Duration,
    retry: RetryPolicy,
    throttle: Option<Throttle>,
    http: Option<reqwest::Client>,
    unlisted_app: bool,
    app_token: Option<String>,
    configuration_token: Option<String>,
    client_credentials: Option<(String, String)>,
    #[cfg(feature = "oauth")]
    refresh_ahead: Duration,
}

impl ClientBuilder {
    /// A builder for a client that authenticates with `token` (a bot, user or app token).
    pub fn new(token: impl Into<String>) -> Self {
        ClientBuilder {
            token: Some(token.into()),
            ..ClientBuilder::without_token()
        }
    }

    /// A builder for a client without a token of its own, for the calls that take none: the
    /// OAuth exchanges (`oauth.v2.access`, `oauth.v2.user.access`, `oauth.access`,
    /// `openid.connect.token`; give it [`ClientBuilder::client_credentials`]) and
    /// `tooling.tokens.rotate`. A call of a method that takes a bearer token fails with
    /// [`Error::InvalidConfig`](crate::Error::InvalidConfig) before anything is sent, unless the
    /// client holds the app-level or configuration token that method takes; make a client for a
    /// token with [`Client::with_token`], which shares this one's pool and settings.
    ///
    /// ```no_run
    /// # fn demo() -> Result<(), Box<dyn std::error::Error>> {
    /// let app = slack_api_client::Client::builder_without_token()
    ///     .client_credentials(std::env::var("SLACK_CLIENT_ID")?, std::env::var("SLACK_CLIENT_SECRET")?)
    ///     .build()?;
    /// # let _ = app; Ok(()) }
    /// ```
    pub fn without_token() -> Self {
        ClientBuilder {
            token: None,
            base_url: DEFAULT_BASE_URL.to_owned(),
            prefer_json: false,
            timeout: DEFAULT_TIMEOUT,
            retry: RetryPolicy::default(),
            throttle: None,
            http: None,
            unlisted_app: false,
            app_token: None,
            configuration_token: None,
            client_credentials: None,
            #[cfg(feature = "oauth")]
            refresh_ahead: crate::rotation::DEFAULT_REFRESH_AHEAD,
        }
    }

    /// Where method names are appended (default `https://slack.com/api/`). Plain `http` is
    /// accepted only for loopback hosts (`127.0.0.0/8`, `::1`, `localhost`).
    pub fn base_url(mut self, url: impl Into<String>) -> Self {
        self.base_url = url.into();
        self
    }

    /// Send JSON bodies (`application/json; charset=utf-8`) to methods that accept them; the
    /// default is a form body wherever the method accepts one.
    pub fn prefer_json(mut self, prefer_json: bool) -> Self {
        self.prefer_json = prefer_json;
        self
    }

    /// The time limit of one attempt, from sending to the end of the body (default 30 s).
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// How failed attempts are retried (see [`RetryPolicy`]; [`RetryPolicy::disabled`] turns
    /// retries off).
    pub fn retry_policy(mut self, policy: RetryPolicy) -> Self {
        self.retry = policy;
        self
    }

    /// Turns on client-side throttling by each method's rate-limit tier (off by default).
    pub fn throttle(mut self, throttle: Throttle) -> Self {
        self.throttle = Some(throttle);
        self
    }

    /// An app-level token (`xapp-...`) the client sends, instead of its own token, to the methods
    /// that take one (`apps.connections.open`, `apps.event.authorizations.list`). Redacted like
    /// the client's token; clients made with [`Client::with_token`] keep it.
    pub fn app_token(mut self, token: impl Into<String>) -> Self {
        self.app_token = Some(token.into());
        self
    }

    /// An app configuration token the client sends, instead of its own token, to the methods
    /// that take one (`apps.manifest.*`, `apps.managed.permissions.set`,
    /// `functions.distributions.permissions.*`).
    pub fn configuration_token(mut self, token: impl Into<String>) -> Self {
        self.configuration_token = Some(token.into());
        self
    }

    /// The app's client ID and secret (its settings page, Basic Information), sent as HTTP Basic
    /// auth to the methods that take client credentials (the OAuth exchanges:
    /// `oauth.v2.access`, `oauth.v2.user.access`, `oauth.access`, `openid.connect.token`) and to
    /// no other; those calls carry no bearer token. The secret is redacted like the token;
    /// clients made with [`Client::with_token`] keep the credentials. Without them, pass
    /// `client_id` and `client_secret` as the call's arguments.
    pub fn client_credentials(
        mut self,
        client_id: impl Into<String>,
        client_secret: impl Into<String>,
    ) -> Self {
        self.client_credentials = Some((client_id.into(), client_secret.into()));
        self
    }

    /// How long before its expiry a rotating token is refreshed (default 10 minutes): see
    /// [`Client::with_rotating_tokens`]. A margin keeps a call from carrying a token that
    /// expires on the way or on a clock that runs behind Slack's.
    #[cfg(feature = "oauth")]
    pub fn refresh_ahead(mut self, ahead: Duration) -> Self {
        self.refresh_ahead = ahead;
        self
    }

    /// Says the app is commercially distributed outside the Slack Marketplace (off by default).
    /// Slack limits such apps more strictly on some methods (conversations.history and
    /// conversations.replies since May 2025: one call a minute, at most 15 items a page); the
    /// client then keeps those limits: the throttle (when on) paces those methods at their
    /// stricter rate, and [`Client::pages`] and [`Client::items`] ask for at most that many items
    /// a page.
    pub fn unlisted_app(mut self, unlisted: bool) -> Self {
        self.unlisted_app = unlisted;
        self
    }

    /// Sends through the caller's `reqwest::Client`, used as given: its TLS roots and client
    /// certificates, proxy, pool, resolver and default headers. The client's own rules still
    /// hold: the token travels only in `Authorization`, plain `http` only to loopback, and an
    /// answer that comes from a redirect is refused (build it with
    /// `reqwest::redirect::Policy::none()`, as the client's own is; reqwest drops
    /// `Authorization` when a redirect leaves the host).
    pub fn http_client(mut self, http: reqwest::Client) -> Self {
        self.http = Some(http);
        self
    }

    /// Checks the configuration and builds the client.
    pub fn build(self) -> Result<Client, ConfigError> {
        let token = self.token.map(Token::new).transpose()?;
        let client_credentials = self
            .client_credentials
            .map(|(id, secret)| {
                Token::client_credentials(&id, secret).map(|basic| ClientCredentials { id, basic })
            })
            .transpose()?;
        let app_token = self.app_token.map(Token::new).transpose()?;
        let configuration_token = self.configuration_token.map(Token::new).transpose()?;
        let base_url = BaseUrl::parse(&self.base_url)?;
        if self.timeout.is_zero() {
            return Err(ConfigError::new("the timeout must be longer than zero"));
        }
        let throttler = self.throttle.as_ref().map(Throttle::build).transpose()?;
        let callers_http = self.http.is_some();
        let http = match self.http {
            Some(http) => http,
            None => own_http_client(&base_url)?,
        };
        Ok(Client {
            shared: Arc::new(Shared {
                http,
                callers_http,
                base_url,
                prefer_json: self.prefer_json,
                timeout: self.timeout,
                retry: self.retry,
                throttler,
                unlisted_app: self.unlisted_app,
                app_token,
                configuration_token,
                client_credentials,
                #[cfg(feature = "oauth")]
                refresh_ahead: self.refresh_ahead,
            }),
            identity: Arc::new(Identity {
                budget: token.as_ref().map_or(TOKENLESS_BUDGET, Token::budget_key),
                credential: token.map_or(Credential::None, Credential::Fixed),
            }),
        })
    }
}

/// The throttle budget of a client without a token (its calls have no tier: none waits on it).
const TOKENLESS_BUDGET: BudgetKey = BudgetKey::Token(0);

/// The HTTP client built when the caller brings none. Time limits are set per request.
fn own_http_client(base_url: &BaseUrl) -> Result<reqwest::Client, ConfigError> {
    // reqwest panics when rustls has no provider; a missing one is the caller's to fix.
    #[cfg(all(feature = "rustls-no-provider", not(feature = "rustls")))]
    if rustls::crypto::CryptoProvider::get_default().is_none() {
        return Err(ConfigError::new(
            "the `rustls-no-provider` feature is on but no rustls crypto provider is installed; \
             install one before building the client, e.g. \
             `rustls::crypto::ring::default_provider().install_default()`",
        ));
    }
    let mut http = reqwest::Client::builder()
        // Slack's API does not redirect; following one could carry the token elsewhere.
        .redirect(redirect::Policy::none())
        .user_agent(concat!("slack-api-client/", env!("CARGO_PKG_VERSION")));
    if base_url.is_loopback() {
        http = http.no_proxy();
    }
    http.build()
        .map_err(|e| ConfigError::new(format!("the HTTP client cannot start: {e}")))
}

impl fmt::Debug for ClientBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientBuilder")
            .field("token", &self.token.as_ref().map(|_| REDACTED))
            .field("base_url", &self.base_url)
            .field("prefer_json", &self.prefer_json)
            .field("timeout", &self.timeout)
            .field("retry", &self.retry)
            .field("throttle", &self.throttle)
            .field("http_client", &self.http.is_some())
            .field("app_token", &self.app_token.as_ref().map(|_| REDACTED))
            .field(
                "configuration_token",
                &self.configuration_token.as_ref().map(|_| REDACTED),
            )
            .field(
                "client_credentials",
                &self
                    .client_credentials
                    .as_ref()
                    .map(|(id, _)| (id, REDACTED)),
            )
            .finish()
    }
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let shared = &self.shared;
        f.debug_struct("Client")
            .field("token", &self.identity.credential)
            .field("client_credentials", &shared.client_credentials)
            .field("base_url", &shared.base_url.as_str())
            .field("prefer_json", &shared.prefer_json)
            .field("timeout", &shared.timeout)
            .field("retry", &shared.retry)
            .field("throttle", &shared.throttler)
            .field("callers_http_client", &shared.callers_http)
            .field("app_token", &shared.app_token)
            .field("configuration_token", &shared.configuration_token)
            .finish()
    }
}

/// Slack's Web API methods, one async method each, for a client: `client.api().auth_test(...)`.
///
/// Every method of `Api` is generated (in the method's module of [`api`](crate::api)); the
/// runtime gives it none of its own, so a generated name can never clash with one. Each sends
/// its request with [`Client::call`].
#[derive(Debug, Clone, Copy)]
pub struct Api<'a> {
    #[allow(
        dead_code,
        reason = "read by the generated methods, of which a client without API families has none"
    )]
    pub(crate) client: &'a Client,
}

impl Client {
    /// Slack's Web API methods, one async method each.
    pub fn api(&self) -> Api<'_> {
        Api { client: self }
    }

    /// A client for Slack's production API with default settings.
    pub fn new(token: impl Into<String>) -> Result<Client, ConfigError> {
        ClientBuilder::new(token).build()
    }

    /// A builder, to set the base URL, encoding, timeout, retries, throttling or HTTP client.
    pub fn builder(token: impl Into<String>) -> ClientBuilder {
        ClientBuilder::new(token)
    }

    /// A builder for a client without a token, for the calls that take none (the OAuth
    /// exchanges, `tooling.tokens.rotate`): see [`ClientBuilder::without_token`].
    pub fn builder_without_token() -> ClientBuilder {
        ClientBuilder::without_token()
    }

    /// The app's client ID, when the client holds its credentials
    /// ([`ClientBuilder::client_credentials`]): what an [`AuthorizeUrl`](crate::AuthorizeUrl)
    /// starts from.
    pub fn client_id(&self) -> Option<&str> {
        let credentials = self.shared.client_credentials.as_ref()?;
        Some(&credentials.id)
    }

    /// The base URL method names are appended to.
    pub fn base_url(&self) -> &str {
        self.shared.base_url.as_str()
    }

    /// A client for another token (another workspace's installation, a user token) that shares
    /// this one's connection pool, settings and throttle: no new pool, no TLS setup. Its throttle
    /// budgets are its token's until [`Client::with_team`] names its workspace.
    pub fn with_token(&self, token: impl Into<String>) -> Result<Client, ConfigError> {
        let token = Token::new(token.into())?;
        Ok(Client {
            shared: Arc::clone(&self.shared),
            identity: Arc::new(Identity {
                budget: token.budget_key(),
                credential: Credential::Fixed(token),
            }),
        })
    }

    /// This client, with its throttle budgets kept per workspace `team_id` (as Slack counts
    /// them), shared with every other client of the same workspace.
    pub fn with_team(&self, team_id: impl Into<String>) -> Client {
        Client {
            shared: Arc::clone(&self.shared),
            identity: Arc::new(Identity {
                credential: self.identity.credential.clone(),
                budget: BudgetKey::Team(team_id.into().into()),
            }),
        }
    }

    /// What the answer of a call sent with `sent` is cleaned of: `sent` and every secret the
    /// client holds (a rotating client's current token is `sent` when it is the one used).
    pub(crate) fn redactor<'a>(&'a self, sent: Option<&'a Token>) -> Redactor<'a> {
        let shared = &self.shared;
        let own = match &self.identity.credential {
            Credential::Fixed(token) => Some(token),
            _ => None,
        };
        let basic = shared.client_credentials.as_ref().map(|held| &held.basic);
        let held = [
            own,
            shared.app_token.as_ref(),
            shared.configuration_token.as_ref(),
            basic,
        ];
        Redactor::new(sent, held)
    }

    /// A client whose calls carry `rotation`'s token, sharing this one's pool and settings;
    /// its throttle budgets are the rotation's first token's, whatever refreshes follow.
    #[cfg(feature = "oauth")]
    pub(crate) fn with_rotation(
        &self,
        rotation: Arc<crate::rotation::Rotation>,
        budget: BudgetKey,
    ) -> Client {
        Client {
            shared: Arc::clone(&self.shared),
            identity: Arc::new(Identity {
                credential: Credential::Rotating(rotation),
                budget,
            }),
        }
    }
}
