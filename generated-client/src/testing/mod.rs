//! A mock Slack on loopback for tests, ours and yours (the `testing` feature): stub answers by
//! method with the generated types, inject faults, and assert on every request it received.
//!
//! ```
//! use slack_api_client::testing::{Answer, MockSlack};
//! use slack_api_client::api::{CommonError, ConversationsInfoError, ConversationsInfoRequest};
//! use slack_api_client::{Client, Error};
//!
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() -> Result<(), Box<dyn std::error::Error>> {
//! let slack = MockSlack::start().await?;
//! slack.stub(Answer::<ConversationsInfoRequest>::error(
//!     ConversationsInfoError::Common(CommonError::ChannelNotFound),
//! ));
//! let client = Client::builder("xoxb-test").base_url(slack.base_url()).build()?;
//! let error = client
//!     .api().conversations_info(ConversationsInfoRequest::new("C404"))
//!     .await
//!     .unwrap_err();
//! assert_eq!(error.code(), Some(&ConversationsInfoError::Common(CommonError::ChannelNotFound)));
//! assert!(slack.calls::<ConversationsInfoRequest>()[0]
//!     .is(&ConversationsInfoRequest::new("C404")));
//! # Ok(()) }
//! ```
//!
//! The upload flow is served unless stubbed (files.getUploadURLExternal, the bytes to an upload
//! URL on the mock's own server, files.completeUploadExternal, files.info with `shares` filled in
//! late): see [`MockSlack::uploads`] and [`MockSlack::shares_visible_after`]. Completions and
//! files.info calls naming no file the mock handed out get the unstubbed answer.
//!
//! A request that breaks Slack's rules (no token, the token outside `Authorization`, a body
//! encoding the method does not accept, an argument sent twice, and for stubbed methods an
//! argument the spec does not know, a missing one or a malformed value) is answered `invalid_arguments`
//! naming the problem, and fails the test when the mock is dropped (see
//! [`MockSlack::take_problems`] to assert on them instead).

mod answer;
mod fault;
mod received;
mod rotation;
mod server;
mod uploads;

use std::io;
use std::net::{Ipv4Addr, SocketAddr};
use std::sync::{Arc, Mutex};

use tokio::net::TcpListener;
use tokio::task::JoinHandle;

use crate::by_name_support::FromArgs;
use crate::method::Method;
use received::{API_PREFIX, Shape};
use server::{Book, lock, serve};

pub use answer::{Answer, AnswerError};
pub use fault::Fault;
pub use received::{AuthScheme, Received, ReceivedFile, TokenType, wire_arguments};
pub use rotation::{IssuedTokens, MOCK_TEAM, MockRefresh};
pub use uploads::{ByteDigest, ReceivedUpload, UploadMeter};

/// A mock Slack Web API on `127.0.0.1`, serving until it is dropped.
///
/// Methods answer what was stubbed for them ([`MockSlack::stub`]); a method nobody stubbed
/// answers `{"ok": true}`, the whole answer of methods that return nothing else (others then fail
/// to decode, saying which member is missing).
pub struct MockSlack {
    address: SocketAddr,
    book: Arc<Mutex<Book>>,
    server: JoinHandle<()>,
}

impl MockSlack {
    /// Starts a mock on a free loopback port. Needs a running tokio runtime.
    pub async fn start() -> io::Result<MockSlack> {
        let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, 0)).await?;
        let address = listener.local_addr()?;
        let mut book = Book::default();
        book.uploads.address = address.to_string();
        #[cfg(feature = "files")]
        {
            // The upload flow answers these unstubbed; their calls are checked all the same.
            use crate::api::{
                FilesCompleteUploadExternalRequest, FilesGetUploadUrlExternalRequest,
                FilesInfoRequest,
            };
            book.shape::<FilesGetUploadUrlExternalRequest>();
            book.shape::<FilesCompleteUploadExternalRequest>();
            book.shape::<FilesInfoRequest>();
        }
        let book = Arc::new(Mutex::new(book));
        let server = tokio::spawn(serve(listener, book.clone()));
        Ok(MockSlack {
            address,
            book,
            server,
        })
    }

    /// The base URL to give [`ClientBuilder::base_url`](crate::ClientBuilder::base_url).
    pub fn base_url(&self) -> String {
        format!("http://{}{API_PREFIX}", self.address)
    }

    /// Answers calls of `M` with `answer`: every later call, or only the next
    /// [`times`](Answer::times) calls. A new standing answer replaces the previous one. From
    /// then on calls of `M` are also checked against its spec: its HTTP method and encodings,
    /// and arguments that parse into its request (none unknown, none missing, no malformed value).
    pub fn stub<M: FromArgs>(&self, answer: Answer<M>) {
        let (body, times) = answer.into_parts();
        lock(&self.book).stub(M::NAME, Shape::of::<M>(), body, times);
    }

    /// Answers calls of the paged method `M` with `pages`, by the cursor each call sends: the
    /// first page for none, then each page for the cursor the one before gave (the mock adds
    /// `response_metadata.next_cursor` to each, empty on the last). A cursor it never gave is
    /// answered `invalid_cursor`, as Slack would. Calls are checked against `M`'s spec as with
    /// [`MockSlack::stub`]; an answer's [`times`](Answer::times) does not apply.
    pub fn stub_pages<M: FromArgs + crate::Paged>(&self, pages: Vec<Answer<M>>) {
        let pages = pages.into_iter().map(|page| page.into_parts().0).collect();
        lock(&self.book).stub_pages(M::NAME, Shape::of::<M>(), M::CURSOR, pages);
    }

    /// Spoils the next `times` attempts (of any method) with `fault`.
    pub fn fail_next(&self, times: usize, fault: Fault) {
        lock(&self.book).faults.push_next(fault, times);
    }

    /// Spoils the next `times` attempts of `M` alone with `fault`; they come before any fault
    /// of [`MockSlack::fail_next`].
    pub fn fail_next_call<M: Method>(&self, times: usize, fault: Fault) {
        lock(&self.book).faults.push_next_for(M::NAME, fault, times);
    }

    /// Spoils the next `times` POSTs of bytes to the mock's upload URLs with `fault` (a 5xx,
    /// a 429, a body cut short, ...); the file stays not uploaded, as after a failed POST to
    /// Slack. They come before any fault of [`MockSlack::fail_next`], which spoils uploads too.
    pub fn fail_next_upload(&self, times: usize, fault: Fault) {
        lock(&self.book)
            .faults
            .push_next_for(uploads::UPLOAD_PREFIX, fault, times);
    }

    /// Spoils a `share` (0.0 to 1.0) of the other attempts, each with one of `kinds`. The draws
    /// are seeded by the request (path, token, arguments) and its attempt number, so the same
    /// requests meet the same faults on every run, whatever order concurrent calls arrive in.
    pub fn fail_share(&self, share: f64, kinds: Vec<Fault>) {
        lock(&self.book).faults.set_share(share, kinds);
    }

    /// Stops injecting faults.
    pub fn clear_faults(&self) {
        lock(&self.book).faults.clear();
    }

    /// Every request received so far, in order of arrival (faulty attempts included).
    pub fn received(&self) -> Vec<Received> {
        lock(&self.book).received.clone()
    }

    /// The requests received for `M`, in order of arrival.
    pub fn calls<M: Method>(&self) -> Vec<Received> {
        lock(&self.book)
            .received
            .iter()
            .filter(|received| received.method == M::NAME)
            .cloned()
            .collect()
    }

    /// Every POST of bytes to the mock's upload URLs, in order of arrival (faulty ones included).
    pub fn uploads(&self) -> Vec<ReceivedUpload> {
        lock(&self.book).uploads.received.clone()
    }

    /// A live count of the upload bytes the mock has received, to read while an upload is
    /// still arriving (how far a sender runs ahead of what arrived).
    pub fn upload_meter(&self) -> UploadMeter {
        lock(&self.book).uploads.meter.clone()
    }

    /// How many files.info calls of a shared file answer its `shares` empty before the message
    /// shows (1 by default: Slack fills `shares` in after files.completeUploadExternal answers).
    pub fn shares_visible_after(&self, calls: usize) {
        lock(&self.book).uploads.shares_after = calls;
    }

    /// How many bytes of each upload [`ReceivedUpload::bytes`] keeps (16 MiB by default); the
    /// length and digest always cover them all.
    pub fn keep_upload_bytes(&self, limit: usize) {
        lock(&self.book).uploads.keep_bytes = limit;
    }

    /// Runs token rotation as Slack does for the app with these client credentials: from now
    /// on `oauth.v2.access` trades an install's `code` (each once) or a refresh token the mock
    /// issued (each once; any other is `invalid_refresh_token`) for a new pair of `lifetime`,
    /// checking the credentials (HTTP Basic or arguments); a call with an access token the mock
    /// issued is answered `token_expired` once the token's lifetime has passed on the tokio clock
    /// or [`MockSlack::expire_tokens`] expired it. Stubs of `oauth.v2.access` no longer apply.
    #[cfg(feature = "oauth")]
    pub fn rotate_tokens(
        &self,
        client_id: impl Into<String>,
        client_secret: impl Into<String>,
        lifetime: std::time::Duration,
    ) {
        let mut book = lock(&self.book);
        book.shape::<crate::api::OauthV2AccessRequest>();
        let rotation = rotation::Rotation::new(client_id.into(), client_secret.into(), lifetime);
        book.rotation = Some(rotation);
    }

    /// A new pair, as an install hands out (needs [`MockSlack::rotate_tokens`]).
    ///
    /// # Panics
    /// When rotation is off.
    pub fn issue_tokens(&self) -> IssuedTokens {
        let mut book = lock(&self.book);
        let rotation = book.rotation.as_mut();
        rotation
            .expect("call MockSlack::rotate_tokens first")
            .issue()
    }

    /// Every access token issued so far expires now: calls with them are answered
    /// `token_expired`.
    pub fn expire_tokens(&self) {
        if let Some(rotation) = lock(&self.book).rotation.as_mut() {
            rotation.expire_all();
        }
    }

    /// Answers every later `oauth.v2.access` call `delay` after the mock issued its pair (the
    /// pair counts from the moment the call arrives, as when Slack's answer is slow to come back).
    pub fn delay_exchanges(&self, delay: std::time::Duration) {
        if let Some(rotation) = lock(&self.book).rotation.as_mut() {
            rotation.delay = delay;
        }
    }

    /// The refreshes asked for so far (refused ones included), in order of arrival.
    pub fn refreshes(&self) -> Vec<MockRefresh> {
        let book = lock(&self.book);
        let rotation = book.rotation.as_ref();
        rotation.map_or_else(Vec::new, |rotation| rotation.refreshes.clone())
    }

    /// The rules broken so far, each naming the request; taken, so dropping the mock no longer
    /// fails the test for them.
    pub fn take_problems(&self) -> Vec<String> {
        std::mem::take(&mut lock(&self.book).problems)
    }
}

impl std::fmt::Debug for MockSlack {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("MockSlack")
            .field("base_url", &self.base_url())
            .finish_non_exhaustive()
    }
}

impl Drop for MockSlack {
    /// Stops the server and fails the test if a request broke Slack's rules.
    fn drop(&mut self) {
        self.server.abort();
        let problems = self.take_problems();
        if !problems.is_empty() && !std::thread::panicking() {
            panic!(
                "mock Slack received requests that break Slack's rules:\n  - {}",
                problems.join("\n  - ")
            );
        }
    }
}
