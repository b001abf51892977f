//! One call of any method: validation, encoding, throttling, sending, decoding and retries, each
//! attempt inside one tracing span per call; [`Client::call`] and [`Client::call_with`]. All but
//! the thin typed shell [`run`] is compiled once, whatever the number of methods.

use std::borrow::Cow;
use std::pin::Pin;
use std::task::Poll;
use std::time::Duration;

use reqwest::header::{AUTHORIZATION, CONTENT_TYPE, HeaderMap, HeaderName, RETRY_AFTER};
use reqwest::{RequestBuilder, Url};
use tracing::Instrument;
use tracing::field::Empty;

use crate::auth::Token;
use crate::classify::{self, SendError};
use crate::client::{Client, Credential};
use crate::decode::{AnswerSlot, Decoding, Failure, Reply, Slot, Success, WireError, decode};
use crate::encode::{JSON_CONTENT_TYPE, MultipartValue, Payload, choose_content_type, encode};
use crate::error::{ApiError, ConfigError, DecodeError, Error};
use crate::file_arg::FileArg;
use crate::method::{
    ArgValue, Auth, Code, ContentType, HttpMethod, InvalidArgument, Method, RateTier, SpecialLimit,
    TokenKind, UnlistedAppLimit,
};
use crate::response::{RawAnswer, Response};
use crate::retry::{RetryBudget, RetryPolicy};

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
/// use slack_api_client::api::ConversationsInfoRequest;
/// use slack_api_client::{CallOptions, RetryPolicy};
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

/// What the engine needs to know of a method: its [`Method`] constants.
#[derive(Clone, Copy)]
pub(crate) struct MethodInfo {
    name: &'static str,
    http_method: HttpMethod,
    content_types: &'static [ContentType],
    rate_tier: Option<RateTier>,
    special_limit: Option<SpecialLimit>,
    unlisted_app_limit: Option<UnlistedAppLimit>,
    special_token: Option<TokenKind>,
    auth: Auth,
    idempotent: bool,
}

impl MethodInfo {
    fn of<M: Method>() -> MethodInfo {
        MethodInfo {
            name: M::NAME,
            http_method: M::HTTP_METHOD,
            content_types: M::CONTENT_TYPES,
            rate_tier: M::RATE_TIER,
            special_limit: M::SPECIAL_LIMIT,
            unlisted_app_limit: M::UNLISTED_APP_LIMIT,
            special_token: M::SPECIAL_TOKEN,
            auth: M::AUTH,
            idempotent: M::IDEMPOTENT,
        }
    }
}

/// The throttle budget a call draws on: the value of the argument a special limit is kept per
/// (chat.postMessage's channel), if any, and the budget's calls a minute; `None` for a method
/// with neither a tier nor a special limit in figures. An app outside the Slack Marketplace
/// keeps the stricter limit of the methods that have one.
fn throttle_budget(
    method: &MethodInfo,
    arguments: &[(&'static str, ArgValue)],
    unlisted_app: bool,
) -> Option<(Option<String>, u32)> {
    if let (true, Some(limit)) = (unlisted_app, method.unlisted_app_limit) {
        return Some((None, limit.calls_per_minute));
    }
    if let Some(tier) = method.rate_tier {
        return Some((None, tier.calls_per_minute()));
    }
    let special = method.special_limit?;
    let per = special.per_argument.and_then(|name| {
        arguments.iter().find_map(|(given, value)| match value {
            ArgValue::Str(value) if *given == name => Some(value.clone()),
            _ => None,
        })
    });
    Some((per, special.calls_per_minute))
}

/// The request's arguments, once checked against the spec's constraints.
pub(crate) type Arguments = Result<Vec<(&'static str, ArgValue)>, InvalidArgument>;

/// What the engine takes of a request of `M`: the method's facts and its checked arguments.
pub(crate) fn prepare<M: Method>(request: &M) -> (MethodInfo, Arguments) {
    let arguments = request.validate().map(|()| request.arguments());
    (MethodInfo::of::<M>(), arguments)
}

impl Client {
    /// Sends one request of any method and decodes its answer.
    ///
    /// The request is validated before anything is sent; failures are retried as the
    /// [`RetryPolicy`] says, and calls wait for the throttle when it is on.
    pub async fn call<M: Method>(
        &self,
        request: &M,
    ) -> Result<Response<M::Response, M::Warning>, Error<M::Error>> {
        run(self, request, &CallOptions::default()).await
    }

    /// [`Client::call`] with per-call settings: a time limit per attempt, a retry policy, and a
    /// deadline that bounds the whole call, retries and throttle waits included.
    pub async fn call_with<M: Method>(
        &self,
        request: &M,
        options: &CallOptions,
    ) -> Result<Response<M::Response, M::Warning>, Error<M::Error>> {
        run(self, request, options).await
    }
}

/// The call of `request`, the future owning it: what every generated `Api` method returns. A
/// generic function the compiler checks once, where an `async fn` per method was a state
/// machine of its own to type- and borrow-check for each of hundreds of methods.
// A client without API families has no generated method to call it.
#[allow(dead_code)]
pub(crate) async fn call_owned<M: Method>(
    client: &Client,
    request: M,
) -> Result<Response<M::Response, M::Warning>, Error<M::Error>> {
    client.call(&request).await
}

/// Runs one call: the whole of [`Client::call_with`].
///
/// The only part compiled once per method, with [`prepare`]: it hands the method-blind
/// [`engine`] the request's arguments and a slot for the answer's typed parts, and types the
/// outcome. A client of hundreds of methods thus compiles the engine (throttle, send, retry
/// loop, spans, decoding) once, not once per method.
async fn run<M: Method>(
    client: &Client,
    request: &M,
    options: &CallOptions,
) -> Result<Response<M::Response, M::Warning>, Error<M::Error>> {
    let (method, arguments) = prepare(request);
    let mut slot = Slot::<M>::new();
    match engine(client, method, arguments, options, &mut slot).await {
        Ok(success) => {
            let mut warnings = Vec::with_capacity(success.warnings.len());
            for code in &success.warnings {
                warnings.push(M::Warning::from_code(code));
            }
            Ok(Response {
                data: slot
                    .data
                    .expect("the engine reports success only once the payload is decoded"),
                warnings,
                messages: success.messages,
                next_cursor: success.next_cursor,
                misfits: success.misfits,
                answer: success.answer,
            })
        }
        Err(error) => Err(typed_error(error, slot.code)),
    }
}

/// An engine error with the method's typed error code, made when the answer was classified
/// (`typed`); the variants without a code move across unchanged.
fn typed_error<E: Code>(error: WireError, typed: Option<E>) -> Error<E> {
    match error {
        Error::Api(api) => {
            let ApiError {
                error,
                needed,
                provided,
                messages,
                warnings,
                answer,
            } = *api;
            Error::Api(Box::new(ApiError {
                error: typed.unwrap_or_else(|| E::from_code(&error.0)),
                needed,
                provided,
                messages,
                warnings,
                answer,
            }))
        }
        Error::InvalidArgument(invalid) => Error::InvalidArgument(invalid),
        Error::Http { status, excerpt } => Error::Http { status, excerpt },
        Error::Decode(decode) => Error::Decode(decode),
        Error::RateLimited { retry_after } => Error::RateLimited { retry_after },
        Error::Timeout { limit } => Error::Timeout { limit },
        Error::Transport { source } => Error::Transport { source },
        Error::InvalidConfig(config) => Error::InvalidConfig(config),
        #[cfg(feature = "oauth")]
        Error::TokenRefresh(refresh) => Error::TokenRefresh(refresh),
    }
}

/// A call of any method, the same code for all: one span, the deadline, the attempts. The
/// payload of a success is in `data`.
pub(crate) async fn engine(
    client: &Client,
    method: MethodInfo,
    arguments: Arguments,
    options: &CallOptions,
    slot: &mut (dyn AnswerSlot + Send),
) -> Result<Success, WireError> {
    let span = tracing::info_span!(
        "slack_api_call",
        method = method.name,
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
    let attempts =
        attempts(client, method, arguments, &settings, slot, &span).instrument(span.clone());
    let result = within(options.deadline, std::pin::pin!(attempts))
        .await
        .unwrap_or_else(|limit| Err(Error::Timeout { limit }));
    span.record("outcome", outcome(&result));
    result
}

/// `work` bounded by `limit`, if there is one; `Err(limit)` when the limit passes first. What
/// `tokio::time::timeout` does, but with `work` pinned where the caller keeps it (one copy in the
/// call's future, limit or not; a `match` between the two would hold two) and no timer when
/// there is no limit.
pub(crate) async fn within<F: Future>(
    limit: Option<Duration>,
    mut work: Pin<&mut F>,
) -> Result<F::Output, Duration> {
    let mut expiry = std::pin::pin!(limit.map(tokio::time::sleep));
    std::future::poll_fn(|cx| {
        if let Poll::Ready(output) = work.as_mut().poll(cx) {
            return Poll::Ready(Ok(output));
        }
        let expired = expiry
            .as_mut()
            .as_pin_mut()
            .is_some_and(|sleep| sleep.poll(cx).is_ready());
        match limit {
            Some(limit) if expired => Poll::Ready(Err(limit)),
            _ => Poll::Pending,
        }
    })
    .await
}

/// A short name of how a call ended, for its span.
fn outcome<T>(result: &Result<T, WireError>) -> &'static str {
    match result {
        Ok(_) => "ok",
        Err(Error::Api(_)) => "api_error",
        Err(Error::InvalidArgument(_)) => "invalid_argument",
        Err(Error::Http { .. }) => "http_error",
        Err(Error::Decode(_)) => "decode_error",
        Err(Error::RateLimited { .. }) => "rate_limited",
        Err(Error::Timeout { .. }) => "timeout",
        Err(Error::Transport { .. }) => "transport_error",
        Err(Error::InvalidConfig(_)) => "invalid_config",
        #[cfg(feature = "oauth")]
        Err(Error::TokenRefresh(_)) => "token_refresh_failed",
    }
}

/// Validates, encodes once, then sends attempts until one succeeds or the failure is final.
async fn attempts(
    client: &Client,
    method: MethodInfo,
    arguments: Arguments,
    settings: &Settings<'_>,
    slot: &mut (dyn AnswerSlot + Send),
    span: &tracing::Span,
) -> Result<Success, WireError> {
    let arguments = arguments.map_err(Error::InvalidArgument)?;
    let budget_of = throttle_budget(&method, &arguments, client.shared.unlisted_app);
    let shared = &client.shared;
    let identity = &client.identity;
    let content_type = choose_content_type(method.content_types, shared.prefer_json, &arguments);
    let payload =
        encode(method.http_method, content_type, arguments).map_err(Error::InvalidArgument)?;
    let url = shared
        .base_url
        .method_url(method.name)
        .map_err(Error::InvalidConfig)?;
    let mut credential = credentials_for(client, &method).await?;
    let mut budget = RetryBudget::default();
    for attempt in 1u32.. {
        span.record("attempt", attempt);
        if let (Some(throttler), Some((per, calls_per_minute))) = (&shared.throttler, &budget_of) {
            let per = per.as_deref();
            throttler
                .wait(&identity.budget, method.name, per, *calls_per_minute)
                .await;
        }
        let token = credential.token.as_deref();
        let request = build_request(client, token, &url, &payload);
        // The attempt's time limit, from sending to the end of the body, kept here rather than
        // by reqwest: no timer boxed per request, no timeout layer around the body.
        let sent = within(Some(settings.timeout), std::pin::pin!(send(request, &url)))
            .await
            .unwrap_or(Err(SendError::Timeout));
        let failure = match sent {
            Ok(reply) => {
                span.record("status", reply.status);
                let how = Decoding {
                    method: method.name,
                    slot: &mut *slot,
                };
                match decode(reply, client.redactor(token), how) {
                    Ok(success) => return Ok(success),
                    Err(failure) => failure,
                }
            }
            Err(error) => send_failure(error, settings.timeout),
        };
        if credential.refresh_after(client, &failure.error).await? {
            // Sent again at once with the new token: Slack did not run the call.
            continue;
        }
        let delay = budget.next_delay(settings.retry, failure.retry, method.idempotent);
        let Some(delay) = delay else {
            return Err(failure.error);
        };
        tracing::info!(
            method = method.name,
            attempt,
            error = %failure.error,
            ?delay,
            "retrying after a failed attempt"
        );
        tokio::time::sleep(delay).await;
    }
    unreachable!("the attempts loop returns")
}

/// The credential one call is sent with: a token the client holds, or the current token of a
/// rotating pair (with which refresh made it, to refresh once more after `token_expired`).
struct Sent<'a> {
    token: Option<Cow<'a, Token>>,
    /// The refresh that made the rotating token sent, until a `token_expired` used it up.
    #[cfg(feature = "oauth")]
    rotated: Option<u64>,
}

impl<'a> Sent<'a> {
    fn held(token: Option<&'a Token>) -> Self {
        Sent {
            token: token.map(Cow::Borrowed),
            #[cfg(feature = "oauth")]
            rotated: None,
        }
    }

    /// After Slack answered `token_expired` to a rotating token: takes the refreshed token (one
    /// refresh for every call that met the same expiry) and says to send the call again, once.
    #[cfg(feature = "oauth")]
    async fn refresh_after(
        &mut self,
        client: &'a Client,
        error: &WireError,
    ) -> Result<bool, WireError> {
        let expired = matches!(error, Error::Api(api) if api.error.0 == "token_expired");
        let (true, Some(generation), Credential::Rotating(rotation)) =
            (expired, self.rotated, &client.identity.credential)
        else {
            return Ok(false);
        };
        let current = rotation
            .token(client, client.shared.refresh_ahead, Some(generation))
            .await
            .map_err(Error::TokenRefresh)?;
        self.token = Some(Cow::Owned(current.token));
        self.rotated = None;
        Ok(true)
    }

    #[cfg(not(feature = "oauth"))]
    async fn refresh_after(&mut self, _: &Client, _: &WireError) -> Result<bool, WireError> {
        Ok(false)
    }
}

/// What a call's `Authorization` header carries, if anything. A bearer method gets the client's
/// app-level or configuration token when it takes one and the client holds it, the client's own
/// token otherwise (refreshed first when it rotates and nears its expiry; an error for a client
/// built without one). A method that takes client credentials gets them as HTTP Basic auth when
/// the client holds them, else nothing (the caller passes them as arguments); a refresh-token
/// method gets nothing: no bearer token is ever sent to either.
async fn credentials_for<'a>(
    client: &'a Client,
    method: &MethodInfo,
) -> Result<Sent<'a>, WireError> {
    let shared = &client.shared;
    let held = match method.auth {
        Auth::ClientCredentials => shared.client_credentials.as_ref().map(|held| &held.basic),
        Auth::RefreshToken => None,
        Auth::Bearer => match method.special_token {
            Some(TokenKind::App) => shared.app_token.as_ref(),
            Some(TokenKind::Configuration) => shared.configuration_token.as_ref(),
            None => None,
        },
    };
    if held.is_some() || method.auth != Auth::Bearer {
        return Ok(Sent::held(held));
    }
    match &client.identity.credential {
        Credential::Fixed(token) => Ok(Sent::held(Some(token))),
        #[cfg(feature = "oauth")]
        Credential::Rotating(rotation) => {
            let current = rotation
                .token(client, shared.refresh_ahead, None)
                .await
                .map_err(Error::TokenRefresh)?;
            Ok(Sent {
                token: Some(Cow::Owned(current.token)),
                rotated: Some(current.generation),
            })
        }
        Credential::None => Err(Error::InvalidConfig(ConfigError::new(format!(
            "{} takes a token, and this client was built without one \
             (Client::builder_without_token); call it on a client for a token: \
             client.with_token(token), or Client::builder(token)",
            method.name
        )))),
    }
}

/// One attempt's HTTP request: form pairs are serialised by reqwest, as a plain reqwest call
/// would; a JSON body, encoded once, is shared by every attempt without a copy.
fn build_request(
    client: &Client,
    token: Option<&Token>,
    url: &Url,
    payload: &Payload,
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
        Payload::Multipart(parts) => http.post(url.clone()).multipart(multipart_form(parts)),
    };
    match token {
        Some(token) => request.header(AUTHORIZATION, token.header().clone()),
        None => request,
    }
}

/// A multipart body of `parts`, built for each attempt (a form is sent once); a file's bytes are
/// shared, not copied, and its length is known, so the body has a `Content-Length`.
fn multipart_form(parts: &[(&'static str, MultipartValue)]) -> reqwest::multipart::Form {
    let mut form = reqwest::multipart::Form::new();
    for (name, value) in parts {
        form = match value {
            MultipartValue::Text(text) => form.text(*name, text.clone()),
            MultipartValue::File(file) => form.part(*name, file_part(file)),
        };
    }
    form
}

/// The media type of a file sent without one: bytes, for Slack to look at.
const OCTET_STREAM: &str = "application/octet-stream";

fn file_part(file: &FileArg) -> reqwest::multipart::Part {
    let bytes = file.bytes();
    let part = || {
        reqwest::multipart::Part::stream_with_length(bytes.clone(), bytes.len() as u64)
            .file_name(file.file_name().to_owned())
    };
    // Checked when the call was encoded: a media type that is not one never gets here.
    let media = file.media_type().unwrap_or(OCTET_STREAM);
    part().mime_str(media).unwrap_or_else(|_| part())
}

/// Sends one attempt and reads the whole answer.
async fn send(request: RequestBuilder, url: &Url) -> Result<Reply, SendError> {
    let mut response = request.send().await.map_err(classify::unsent)?;
    let status = response.status().as_u16();
    // The query of a GET is the only difference a request of ours makes to the URL.
    if response.url().as_str().split('?').next() != Some(url.as_str()) {
        return Err(SendError::Redirected { status });
    }
    let (retry_after, answer) = read_headers(response.headers());
    let capacity = response
        .content_length()
        .and_then(|length| usize::try_from(length).ok())
        .unwrap_or(0)
        .min(MAX_BODY_BYTES);
    let mut body = Vec::with_capacity(capacity);
    while let Some(chunk) = response.chunk().await.map_err(classify::unsent)? {
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

/// `Retry-After` and Slack's headers about the call, each when present and readable as text
/// (the first value of a repeated one). One walk over the few headers an answer has costs less
/// than a lookup of each name.
fn read_headers(headers: &HeaderMap) -> (Option<Duration>, RawAnswer) {
    let mut retry_after = None;
    let mut answer = RawAnswer::default();
    let mut previous: Option<&HeaderName> = None;
    for (name, value) in headers {
        // Values of one name come together, the first first.
        if previous == Some(name) {
            continue;
        }
        previous = Some(name);
        let text = || value.to_str().ok();
        if name == RETRY_AFTER {
            retry_after = text()
                .and_then(|text| text.trim().parse::<u64>().ok())
                .map(Duration::from_secs);
        } else if name == REQUEST_ID {
            answer.request_id = text().map(str::to_owned);
        } else if name == OAUTH_SCOPES {
            answer.scopes = text().map(str::to_owned);
        } else if name == ACCEPTED_SCOPES {
            answer.accepted_scopes = text().map(str::to_owned);
        }
    }
    (retry_after, answer)
}

/// The error for an attempt that got no usable answer, with its class.
fn send_failure(error: SendError, timeout: Duration) -> Failure {
    let retry = classify::send(&error);
    let error = match error {
        SendError::NotSent(source) | SendError::Transport(source) => Error::Transport {
            source: Box::new(source),
        },
        SendError::Timeout => Error::Timeout { limit: timeout },
        SendError::TooLarge { status } => Error::Decode(Box::new(DecodeError {
            status,
            reason: format!("the body is larger than {MAX_BODY_BYTES} bytes"),
            path: None,
            expected: None,
            excerpt: String::new(),
            answer: RawAnswer::default(),
        })),
        SendError::Redirected { status } => Error::InvalidConfig(ConfigError::new(format!(
            "the HTTP client followed a redirect (the answer came with HTTP {status} from \
             another URL); Slack's API does not redirect: build the client with \
             reqwest::redirect::Policy::none()"
        ))),
    };
    Failure { error, retry }
}
