//! One call of any method: validation, encoding, throttling, sending, decoding and retries, each
//! attempt inside one tracing span per call. Free functions over a [`Client`], so that they take
//! no names on `impl Client` that a generated method might want.

use std::time::Duration;

use reqwest::header::{
    AUTHORIZATION, AsHeaderName, CONTENT_TYPE, HeaderMap, HeaderName, RETRY_AFTER,
};
use reqwest::{RequestBuilder, Url};
use tracing::Instrument;
use tracing::field::Empty;

use crate::client::Client;
use crate::decode::{Failure, Reply, decode};
use crate::encode::{JSON_CONTENT_TYPE, Payload, choose_content_type, encode};
use crate::error::{Answer, ConfigError, Error, Response};
use crate::method::{Code, Method};
use crate::retry::{Retry, RetryBudget, RetryPolicy};

/// The largest body the client reads; a longer one is refused rather than held in memory.
const MAX_BODY_BYTES: usize = 64 * 1024 * 1024;

// Header names as `HeaderName`s: looking one up by `&str` parses the name on every call.
/// Slack's id of one request.
const REQUEST_ID: HeaderName = HeaderName::from_static("x-slack-req-id");
/// The scopes the token has.
const OAUTH_SCOPES: HeaderName = HeaderName::from_static("x-oauth-scopes");
/// The scopes the method accepts.
const ACCEPTED_SCOPES: HeaderName = HeaderName::from_static("x-accepted-oauth-scopes");

/// Settings of one call that override the client's, for [`Client::call_with`].
///
/// ```no_run
/// # async fn demo(client: slack_api_client::Client) {
/// use std::time::Duration;
/// use slack_api_client::{CallOptions, ConversationsInfoRequest, RetryPolicy};
///
/// let options = CallOptions::new()
///     .timeout(Duration::from_secs(5))
///     .retry_policy(RetryPolicy::disabled())
///     .deadline(Duration::from_secs(20));
/// let answer = client.call_with(&ConversationsInfoRequest::new("C123"), &options).await;
/// # let _ = answer; }
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CallOptions {
    timeout: Option<Duration>,
    retry: Option<RetryPolicy>,
    deadline: Option<Duration>,
}

impl CallOptions {
    /// The client's settings, unchanged.
    pub fn new() -> Self {
        CallOptions::default()
    }

    /// The time limit of each attempt of this call.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = Some(timeout);
        self
    }

    /// How this call's failed attempts are retried.
    pub fn retry_policy(mut self, policy: RetryPolicy) -> Self {
        self.retry = Some(policy);
        self
    }

    /// The longest the whole call may take, throttle waits, attempts and backoffs included;
    /// past it the call ends with [`Error::Timeout`] carrying this limit.
    pub fn deadline(mut self, deadline: Duration) -> Self {
        self.deadline = Some(deadline);
        self
    }
}

/// The settings one call runs with, the client's overridden by its options.
struct Settings<'a> {
    timeout: Duration,
    retry: &'a RetryPolicy,
}

/// Runs one call: the whole of [`Client::call_with`].
pub(crate) async fn run<M: Method>(
    client: &Client,
    request: &M,
    options: &CallOptions,
) -> Result<Response<M::Response, M::Warning>, Error<M::Error>> {
    let span = tracing::info_span!(
        "slack_api_call",
        method = M::NAME,
        attempt = Empty,
        status = Empty,
        outcome = Empty,
    );
    let settings = Settings {
        timeout: options.timeout.unwrap_or(client.shared.timeout),
        retry: options.retry.as_ref().unwrap_or(&client.shared.retry),
    };
    if settings.timeout.is_zero() {
        let error = ConfigError::new("the call's timeout must be longer than zero");
        return Err(Error::InvalidConfig(error));
    }
    let attempts = attempts(client, request, &settings, &span).instrument(span.clone());
    let result = match options.deadline {
        Some(limit) => tokio::time::timeout(limit, attempts)
            .await
            .unwrap_or(Err(Error::Timeout { limit })),
        None => attempts.await,
    };
    span.record("outcome", outcome(&result));
    result
}

/// A short name of how a call ended, for its span.
fn outcome<T, E: Code>(result: &Result<T, Error<E>>) -> &'static str {
    match result {
        Ok(_) => "ok",
        Err(Error::Api(_)) => "api_error",
        Err(Error::InvalidArgument(_)) => "invalid_argument",
        Err(Error::Http { .. }) => "http_error",
        Err(Error::Decode { .. }) => "decode_error",
        Err(Error::RateLimited { .. }) => "rate_limited",
        Err(Error::Timeout { .. }) => "timeout",
        Err(Error::Transport { .. }) => "transport_error",
        Err(Error::InvalidConfig(_)) => "invalid_config",
    }
}

/// Validates, encodes once, then sends attempts until one succeeds or the failure is final.
async fn attempts<M: Method>(
    client: &Client,
    request: &M,
    settings: &Settings<'_>,
    span: &tracing::Span,
) -> Result<Response<M::Response, M::Warning>, Error<M::Error>> {
    request.validate().map_err(Error::InvalidArgument)?;
    let shared = &client.shared;
    let identity = &client.identity;
    let content_type = choose_content_type(M::CONTENT_TYPES, shared.prefer_json);
    let payload = encode(M::HTTP_METHOD, content_type, request.arguments())
        .map_err(Error::InvalidArgument)?;
    let url = shared
        .base_url
        .method_url(M::NAME)
        .map_err(Error::InvalidConfig)?;
    let mut budget = RetryBudget::default();
    for attempt in 1u32.. {
        span.record("attempt", attempt);
        if let (Some(throttler), Some(tier)) = (&shared.throttler, M::RATE_TIER) {
            throttler.wait(&identity.budget, M::NAME, tier).await;
        }
        let request = build_request(client, &url, &payload, settings.timeout);
        let failure = match send(request, &url).await {
            Ok(reply) => {
                span.record("status", reply.status);
                match decode::<M>(reply, &identity.token) {
                    Ok(response) => return Ok(response),
                    Err(failure) => failure,
                }
            }
            Err(error) => send_failure(error, settings.timeout),
        };
        let Some(delay) = budget.next_delay(settings.retry, failure.retry, M::IDEMPOTENT) else {
            return Err(failure.error);
        };
        tracing::info!(
            method = M::NAME,
            attempt,
            error = %failure.error,
            ?delay,
            "retrying after a failed attempt"
        );
        tokio::time::sleep(delay).await;
    }
    unreachable!("the attempts loop returns")
}

/// One attempt's HTTP request: form pairs are serialised by reqwest, as a plain reqwest call
/// would; a JSON body, encoded once, is shared by every attempt without a copy.
fn build_request(
    client: &Client,
    url: &Url,
    payload: &Payload,
    timeout: Duration,
) -> RequestBuilder {
    let http = &client.shared.http;
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
    request
        .header(AUTHORIZATION, client.identity.token.header().clone())
        .timeout(timeout)
}

/// Why one attempt got no answer.
enum SendError {
    /// No connection was made: Slack never saw the request.
    NotSent(reqwest::Error),
    /// No answer in time, after the request may have been sent.
    Timeout,
    /// The connection broke after the request may have been sent.
    Transport(reqwest::Error),
    /// The body was longer than the client reads.
    TooLarge { status: u16 },
    /// The HTTP client followed a redirect (a caller's client built to follow them).
    Redirected { status: u16 },
}

/// Sends one attempt and reads the whole answer.
async fn send(request: RequestBuilder, url: &Url) -> Result<Reply, SendError> {
    let classify = |error: reqwest::Error| {
        if error.is_connect() {
            SendError::NotSent(error)
        } else if error.is_timeout() {
            SendError::Timeout
        } else {
            SendError::Transport(error)
        }
    };
    let mut response = request.send().await.map_err(classify)?;
    let status = response.status().as_u16();
    // The query of a GET is the only difference a request of ours makes to the URL.
    if response.url().as_str().split('?').next() != Some(url.as_str()) {
        return Err(SendError::Redirected { status });
    }
    let headers = response.headers();
    let retry_after = header(headers, RETRY_AFTER)
        .and_then(|text| text.trim().parse::<u64>().ok())
        .map(Duration::from_secs);
    let answer = Answer {
        request_id: header(headers, REQUEST_ID).map(str::to_owned),
        scopes: header(headers, OAUTH_SCOPES).map(str::to_owned),
        accepted_scopes: header(headers, ACCEPTED_SCOPES).map(str::to_owned),
        body: String::new(),
    };
    let capacity = response
        .content_length()
        .and_then(|length| usize::try_from(length).ok())
        .unwrap_or(0)
        .min(MAX_BODY_BYTES);
    let mut body = Vec::with_capacity(capacity);
    while let Some(chunk) = response.chunk().await.map_err(classify)? {
        if body.len() + chunk.len() > MAX_BODY_BYTES {
            return Err(SendError::TooLarge { status });
        }
        body.extend_from_slice(&chunk);
    }
    Ok(Reply {
        status,
        retry_after,
        answer,
        body,
    })
}

/// A header's value, when present and readable as text.
fn header(headers: &HeaderMap, name: impl AsHeaderName) -> Option<&str> {
    headers.get(name).and_then(|value| value.to_str().ok())
}

/// The typed error for an attempt that got no usable answer; only a failed connection is sure
/// not to have reached Slack.
fn send_failure<E: Code>(error: SendError, timeout: Duration) -> Failure<E> {
    let (error, retry) = match error {
        SendError::NotSent(source) => (
            Error::Transport {
                source: Box::new(source),
            },
            Retry::NotSent,
        ),
        SendError::Timeout => (Error::Timeout { limit: timeout }, Retry::MaybeSent),
        SendError::Transport(source) => (
            Error::Transport {
                source: Box::new(source),
            },
            Retry::MaybeSent,
        ),
        SendError::TooLarge { status } => (
            Error::Decode {
                status,
                reason: format!("the body is larger than {MAX_BODY_BYTES} bytes"),
                excerpt: String::new(),
            },
            Retry::Never,
        ),
        SendError::Redirected { status } => (
            Error::InvalidConfig(ConfigError::new(format!(
                "the HTTP client followed a redirect (the answer came with HTTP {status} from \
                 another URL); Slack's API does not redirect: build the client with \
                 reqwest::redirect::Policy::none()"
            ))),
            Retry::Never,
        ),
    };
    Failure { error, retry }
}
