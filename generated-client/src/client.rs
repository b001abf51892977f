//! The HTTP client: holds the token, base URL and policies, and runs one call of any method
//! through validation, encoding, throttling, sending, decoding and retries.

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use reqwest::header::{AUTHORIZATION, CONTENT_TYPE, RETRY_AFTER};
use reqwest::{Url, redirect};

use crate::auth::{BaseUrl, DEFAULT_BASE_URL, REDACTED, Token};
use crate::decode::{Failure, Reply, decode};
use crate::encode::{JSON_CONTENT_TYPE, Payload, choose_content_type, encode};
use crate::error::{ConfigError, Error, Response};
use crate::method::{Code, Method};
use crate::retry::{Retry, RetryBudget, RetryPolicy};
use crate::throttle::{Throttle, Throttler};

/// The time limit of one attempt unless [`ClientBuilder::timeout`] says otherwise.
const DEFAULT_TIMEOUT: Duration = Duration::from_secs(30);

/// The largest body the client reads; a longer one is refused rather than held in memory.
const MAX_BODY_BYTES: usize = 64 * 1024 * 1024;

/// A Slack Web API client; cheap to clone and share across tasks (clones share the connection
/// pool and the throttle's budgets).
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
    inner: Arc<Inner>,
}

struct Inner {
    http: reqwest::Client,
    token: Token,
    base_url: BaseUrl,
    prefer_json: bool,
    timeout: Duration,
    retry: RetryPolicy,
    throttler: Option<Throttler>,
}

/// Builds a [`Client`]: the token is required, everything else has a default.
#[derive(Clone)]
pub struct ClientBuilder {
    token: String,
    base_url: String,
    prefer_json: bool,
    timeout: Duration,
    retry: RetryPolicy,
    throttle: Option<Throttle>,
}

impl ClientBuilder {
    /// A builder for a client that authenticates with `token` (a bot, user or app token).
    pub fn new(token: impl Into<String>) -> Self {
        ClientBuilder {
            token: token.into(),
            base_url: DEFAULT_BASE_URL.to_owned(),
            prefer_json: false,
            timeout: DEFAULT_TIMEOUT,
            retry: RetryPolicy::default(),
            throttle: None,
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

    /// Checks the configuration and builds the client.
    pub fn build(self) -> Result<Client, ConfigError> {
        let token = Token::new(self.token)?;
        let base_url = BaseUrl::parse(&self.base_url)?;
        if self.timeout.is_zero() {
            return Err(ConfigError::new("the timeout must be longer than zero"));
        }
        let throttler = self.throttle.as_ref().map(Throttle::build).transpose()?;
        let mut http = reqwest::Client::builder()
            .timeout(self.timeout)
            // Slack's API does not redirect; following one could carry the token elsewhere.
            .redirect(redirect::Policy::none())
            .user_agent(concat!("slack-api-client/", env!("CARGO_PKG_VERSION")));
        if base_url.is_loopback() {
            http = http.no_proxy();
        }
        let http = http
            .build()
            .map_err(|e| ConfigError::new(format!("the HTTP client cannot start: {e}")))?;
        Ok(Client {
            inner: Arc::new(Inner {
                http,
                token,
                base_url,
                prefer_json: self.prefer_json,
                timeout: self.timeout,
                retry: self.retry,
                throttler,
            }),
        })
    }
}

impl fmt::Debug for ClientBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientBuilder")
            .field("token", &REDACTED)
            .field("base_url", &self.base_url)
            .field("prefer_json", &self.prefer_json)
            .field("timeout", &self.timeout)
            .field("retry", &self.retry)
            .field("throttle", &self.throttle)
            .finish()
    }
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let inner = &self.inner;
        f.debug_struct("Client")
            .field("token", &inner.token)
            .field("base_url", &inner.base_url.as_str())
            .field("prefer_json", &inner.prefer_json)
            .field("timeout", &inner.timeout)
            .field("retry", &inner.retry)
            .field("throttle", &inner.throttler)
            .finish()
    }
}

/// Why one attempt got no answer.
enum SendError {
    /// No connection was made: Slack never saw the request.
    NotSent(reqwest::Error),
    /// No answer in time, after the request may have been sent.
    Timeout,
    /// The connection broke after the request may have been sent.
    Transport(reqwest::Error),
    TooLarge {
        status: u16,
    },
}

impl Client {
    /// A client for Slack's production API with default settings.
    pub fn new(token: impl Into<String>) -> Result<Client, ConfigError> {
        ClientBuilder::new(token).build()
    }

    /// A builder, to set the base URL, encoding, timeout, retries or throttling.
    pub fn builder(token: impl Into<String>) -> ClientBuilder {
        ClientBuilder::new(token)
    }

    /// The base URL method names are appended to.
    pub fn base_url(&self) -> &str {
        self.inner.base_url.as_str()
    }

    /// Sends one request of any method and decodes its answer.
    ///
    /// The request is validated before anything is sent; transient failures and HTTP 429 are
    /// retried as the [`RetryPolicy`] says, and calls wait for the throttle when it is on.
    pub async fn call<M: Method>(
        &self,
        request: &M,
    ) -> Result<Response<M::Response, M::Warning>, Error<M::Error>> {
        request.validate().map_err(Error::InvalidArgument)?;
        let content_type = choose_content_type(M::CONTENT_TYPES, self.inner.prefer_json);
        let payload = encode(M::HTTP_METHOD, content_type, request.arguments())
            .map_err(Error::InvalidArgument)?;
        let url = self
            .inner
            .base_url
            .method_url(M::NAME)
            .map_err(Error::InvalidConfig)?;
        let mut budget = RetryBudget::default();
        loop {
            if let (Some(throttler), Some(tier)) = (&self.inner.throttler, M::RATE_TIER) {
                throttler.wait(M::NAME, tier).await;
            }
            let failure = match self.send(&url, &payload).await {
                Ok(reply) => match decode::<M>(&reply, &self.inner.token) {
                    Ok(response) => return Ok(response),
                    Err(failure) => failure,
                },
                Err(error) => self.send_failure(error),
            };
            let Some(delay) = budget.next_delay(&self.inner.retry, failure.retry, M::IDEMPOTENT)
            else {
                return Err(failure.error);
            };
            tracing::info!(
                method = M::NAME,
                error = %failure.error,
                ?delay,
                "retrying after a failed attempt"
            );
            tokio::time::sleep(delay).await;
        }
    }

    /// Sends one attempt and reads the whole answer.
    async fn send(&self, url: &Url, payload: &Payload) -> Result<Reply, SendError> {
        let http = &self.inner.http;
        let request = match payload {
            Payload::Query(pairs) => {
                let mut url = url.clone();
                url.query_pairs_mut().extend_pairs(pairs);
                http.get(url)
            }
            Payload::Form(pairs) => http.post(url.clone()).form(pairs),
            Payload::Json(body) => http
                .post(url.clone())
                .header(CONTENT_TYPE, JSON_CONTENT_TYPE)
                .body(body.clone()),
        };
        let classify = |error: reqwest::Error| {
            if error.is_connect() {
                SendError::NotSent(error)
            } else if error.is_timeout() {
                SendError::Timeout
            } else {
                SendError::Transport(error)
            }
        };
        let mut response = request
            .header(AUTHORIZATION, self.inner.token.header().clone())
            .send()
            .await
            .map_err(classify)?;
        let status = response.status().as_u16();
        let retry_after = response
            .headers()
            .get(RETRY_AFTER)
            .and_then(|value| value.to_str().ok())
            .and_then(|text| text.trim().parse::<u64>().ok())
            .map(Duration::from_secs);
        let mut body = Vec::new();
        while let Some(chunk) = response.chunk().await.map_err(classify)? {
            if body.len() + chunk.len() > MAX_BODY_BYTES {
                return Err(SendError::TooLarge { status });
            }
            body.extend_from_slice(&chunk);
        }
        Ok(Reply {
            status,
            retry_after,
            body,
        })
    }

    /// The typed error for an attempt that got no usable answer; all but an oversized body are
    /// transient, and only a failed connection is sure not to have reached Slack.
    fn send_failure<E: Code>(&self, error: SendError) -> Failure<E> {
        match error {
            SendError::NotSent(source) => Failure {
                error: Error::Transport {
                    source: Box::new(source),
                },
                retry: Retry::NotSent,
            },
            SendError::Timeout => Failure {
                error: Error::Timeout {
                    limit: self.inner.timeout,
                },
                retry: Retry::MaybeSent,
            },
            SendError::Transport(source) => Failure {
                error: Error::Transport {
                    source: Box::new(source),
                },
                retry: Retry::MaybeSent,
            },
            SendError::TooLarge { status } => Failure::not_retried(Error::Decode {
                status,
                reason: format!("the body is larger than {MAX_BODY_BYTES} bytes"),
                excerpt: String::new(),
            }),
        }
    }
}
