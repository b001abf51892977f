//! Uploading files in one call, [`Client::upload`]: Slack's three steps (files.getUploadURLExternal,
//! the bytes to the URL it gives, files.completeUploadExternal), then files.info until Slack says
//! which message carries the files. Bytes go from their source to the upload URL a chunk at a
//! time, and never with the token: the upload URL is another host.

use std::fmt;
use std::io;
use std::path::{Path, PathBuf};
use std::pin::Pin;
use std::sync::{Arc, Mutex, PoisonError};
use std::task::{Context, Poll};
use std::time::Duration;

use bytes::{Bytes, BytesMut};
use futures_core::Stream;
use futures_util::StreamExt;
use reqwest::Url;
use reqwest::header::{CONTENT_LENGTH, CONTENT_TYPE, RETRY_AFTER};
use tokio::io::{AsyncRead, ReadBuf};

use crate::api::{
    ChannelId, File, FileId, FilesCompleteUploadExternalError, FilesCompleteUploadExternalRequest,
    FilesGetUploadUrlExternalError, FilesGetUploadUrlExternalRequest, FilesInfoError,
    FilesInfoRequest, Timestamp,
};
use crate::call::{CallOptions, within};
use crate::classify::{self, Retry};
use crate::client::Client;
use crate::error::{BoxError, Error};
use crate::retry::{Replay, RetryBudget, RetryPolicy};

/// The size of the pieces a file is read and sent in.
const CHUNK: usize = 64 * 1024;
/// How much of an upload URL's answer is kept for an error's excerpt.
const EXCERPT_BYTES: usize = 200;
/// The time limit of one attempt at sending a file's bytes unless [`Upload::send_timeout`] says.
const DEFAULT_SEND_TIMEOUT: Duration = Duration::from_secs(15 * 60);

/// A stream of a file's bytes, as the caller gave it.
type ByteStream = Pin<Box<dyn Stream<Item = io::Result<Bytes>> + Send>>;
/// What [`Upload::on_progress`] calls.
type ProgressFn = Arc<dyn Fn(Progress) + Send + Sync>;

/// One file to upload: its bytes (in memory, at a path, or from a reader or stream of known
/// length), its name, and what Slack shows with it.
///
/// ```
/// use slack_api_client::UploadFile;
/// let report = UploadFile::from_bytes("report.csv", "a,b\n1,2\n").title("Weekly report");
/// let photo = UploadFile::from_path("bridge.jpg").alt_text("The Bixby Bridge from the air");
/// # let _ = (report, photo);
/// ```
pub struct UploadFile {
    filename: String,
    title: Option<String>,
    alt_text: Option<String>,
    snippet_type: Option<String>,
    source: Source,
}

/// Where a file's bytes come from.
enum Source {
    /// In memory; sent again as is when an attempt fails.
    Bytes(Bytes),
    /// A file, opened (and its length read) when the upload runs; reopened for a retry.
    Path(PathBuf),
    /// A stream of `length` bytes, read once: a failed send of it cannot be repeated.
    Stream {
        length: u64,
        stream: Option<ByteStream>,
    },
}

impl UploadFile {
    /// A file whose bytes are in memory (`Vec<u8>`, `&'static [u8]`, `String`, [`Bytes`], ...);
    /// they are sent without a copy.
    pub fn from_bytes(filename: impl Into<String>, bytes: impl Into<Bytes>) -> Self {
        UploadFile::with_source(filename.into(), Source::Bytes(bytes.into()))
    }

    /// The file at `path`, named by its last component (see [`UploadFile::filename`]). It is
    /// opened when the upload runs and read a chunk at a time (tokio's file I/O), so its size
    /// does not matter to memory.
    pub fn from_path(path: impl Into<PathBuf>) -> Self {
        let path = path.into();
        let filename = path
            .file_name()
            .map(|name| name.to_string_lossy().into_owned())
            .unwrap_or_default();
        UploadFile::with_source(filename, Source::Path(path))
    }

    /// `length` bytes read from `reader` a chunk at a time. Slack wants the length before the
    /// bytes; a reader that ends sooner or goes on longer fails the upload. Read once: a failed
    /// attempt at sending is not retried.
    pub fn from_reader(
        filename: impl Into<String>,
        length: u64,
        reader: impl AsyncRead + Send + 'static,
    ) -> Self {
        UploadFile::from_stream(filename, length, reader_stream(reader))
    }

    /// `length` bytes from a stream of chunks (`Bytes`, `Vec<u8>`, ...: a download, a
    /// compressor), sent as they come.
    /// As for [`UploadFile::from_reader`], the length must be exact and a failed attempt at
    /// sending is not retried.
    pub fn from_stream<S, B>(filename: impl Into<String>, length: u64, stream: S) -> Self
    where
        S: Stream<Item = io::Result<B>> + Send + 'static,
        B: Into<Bytes>,
    {
        let stream: ByteStream = Box::pin(stream.map(|chunk| chunk.map(Into::into)));
        UploadFile::with_source(
            filename.into(),
            Source::Stream {
                length,
                stream: Some(stream),
            },
        )
    }

    fn with_source(filename: String, source: Source) -> Self {
        UploadFile {
            filename,
            title: None,
            alt_text: None,
            snippet_type: None,
            source,
        }
    }

    /// The name Slack gives the file (for [`UploadFile::from_path`], instead of the path's).
    #[must_use]
    pub fn filename(mut self, filename: impl Into<String>) -> Self {
        self.filename = filename.into();
        self
    }

    /// The title Slack shows (files.completeUploadExternal's `title`; default: the file name).
    #[must_use]
    pub fn title(mut self, title: impl Into<String>) -> Self {
        self.title = Some(title.into());
        self
    }

    /// A description of an image for screen readers, up to 1000 characters (`alt_txt`).
    #[must_use]
    pub fn alt_text(mut self, alt_text: impl Into<String>) -> Self {
        self.alt_text = Some(alt_text.into());
        self
    }

    /// Makes the file a snippet in this language, for its highlighting (`snippet_type`, e.g.
    /// `python`); snippets may be 1 MB at most.
    #[must_use]
    pub fn snippet_type(mut self, snippet_type: impl Into<String>) -> Self {
        self.snippet_type = Some(snippet_type.into());
        self
    }
}

impl fmt::Debug for UploadFile {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let source = match &self.source {
            Source::Bytes(bytes) => format!("{} bytes in memory", bytes.len()),
            Source::Path(path) => format!("the file {}", path.display()),
            Source::Stream { length, .. } => format!("a stream of {length} bytes"),
        };
        f.debug_struct("UploadFile")
            .field("filename", &self.filename)
            .field("title", &self.title)
            .field("alt_text", &self.alt_text)
            .field("snippet_type", &self.snippet_type)
            .field("source", &source)
            .finish()
    }
}

/// Where uploaded files are shared: a conversation, or a thread in one, with an optional
/// message. A thread always names its conversation, as Slack requires.
///
/// ```
/// use slack_api_client::Share;
/// let in_channel = Share::channel("C123").initial_comment("Here is the report");
/// let in_thread = Share::thread("C123", "1524523204.000192");
/// # let _ = (in_channel, in_thread);
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Share {
    channel: ChannelId,
    thread_ts: Option<Timestamp>,
    initial_comment: Option<String>,
}

impl Share {
    /// Shares the files in the conversation `channel` (files.completeUploadExternal's
    /// `channel_id`).
    pub fn channel(channel: impl Into<ChannelId>) -> Self {
        Share {
            channel: channel.into(),
            thread_ts: None,
            initial_comment: None,
        }
    }

    /// Shares the files as a reply in the thread of the message `thread_ts` of `channel`.
    pub fn thread(channel: impl Into<ChannelId>, thread_ts: impl Into<Timestamp>) -> Self {
        Share {
            thread_ts: Some(thread_ts.into()),
            ..Share::channel(channel)
        }
    }

    /// Text of the message that carries the files.
    #[must_use]
    pub fn initial_comment(mut self, text: impl Into<String>) -> Self {
        self.initial_comment = Some(text.into());
        self
    }
}

/// How long [`Client::upload`] waits for Slack to say which message carries shared files.
///
/// Slack posts that message after files.completeUploadExternal answers, and fills in the
/// files' `shares` (where the message's `ts` is) a moment later. The upload asks files.info
/// (Tier 4, the `files:read` scope) up to `polls` times, `delay` apart, and reports
/// [`SharedMessage::NotYetKnown`] rather than guessing when Slack has not said by then. The
/// default is 3 polls 1 s apart; [`SharePoll::never`] asks nothing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SharePoll {
    polls: u32,
    delay: Duration,
}

impl Default for SharePoll {
    fn default() -> Self {
        SharePoll {
            polls: 3,
            delay: Duration::from_secs(1),
        }
    }
}

impl SharePoll {
    /// Up to `polls` calls of files.info, each after waiting `delay`.
    pub fn new(polls: u32, delay: Duration) -> Self {
        SharePoll { polls, delay }
    }

    /// No files.info call: the message is reported only when files.completeUploadExternal's
    /// answer already names it.
    pub fn never() -> Self {
        SharePoll::new(0, Duration::ZERO)
    }
}

/// How far the bytes of one file have gone, for [`Upload::on_progress`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct Progress {
    /// Which file, counted from 0 in the order they were added.
    pub file: usize,
    /// Bytes handed to the connection so far in this attempt (back to 0 when an attempt is
    /// retried).
    pub sent: u64,
    /// The file's length.
    pub length: u64,
}

/// An upload of one or more files, for [`Client::upload`]: the files, where to share them, and
/// how the upload runs.
///
/// ```no_run
/// # async fn demo(client: slack_api_client::Client) -> Result<(), Box<dyn std::error::Error>> {
/// use slack_api_client::{Share, Upload, UploadFile};
///
/// let upload = Upload::new(UploadFile::from_path("q3.pdf").title("Q3 results"))
///     .file(UploadFile::from_bytes("notes.txt", "Numbers are preliminary."))
///     .share(Share::thread("C123", "1524523204.000192").initial_comment("As promised"))
///     .on_progress(|p| eprintln!("file {}: {}/{} bytes", p.file, p.sent, p.length));
/// let uploaded = client.upload(upload).await?;
/// println!("{} files, message {:?}", uploaded.files.len(), uploaded.message.ts());
/// # Ok(()) }
/// ```
pub struct Upload {
    files: Vec<UploadFile>,
    share: Option<Share>,
    poll: SharePoll,
    progress: Option<ProgressFn>,
    send_timeout: Duration,
    retry: Option<RetryPolicy>,
}

impl Upload {
    /// An upload of `file`, private to the caller unless [`Upload::share`] names a conversation.
    pub fn new(file: UploadFile) -> Self {
        Upload {
            files: vec![file],
            share: None,
            poll: SharePoll::default(),
            progress: None,
            send_timeout: DEFAULT_SEND_TIMEOUT,
            retry: None,
        }
    }

    /// Adds a file; all the files of an upload are completed together, in one message when
    /// shared.
    #[must_use]
    pub fn file(mut self, file: UploadFile) -> Self {
        self.files.push(file);
        self
    }

    /// Shares the files in a conversation or thread, in one message.
    #[must_use]
    pub fn share(mut self, share: Share) -> Self {
        self.share = Some(share);
        self
    }

    /// How long to wait for Slack to say which message carries the files (see [`SharePoll`]).
    #[must_use]
    pub fn share_poll(mut self, poll: SharePoll) -> Self {
        self.poll = poll;
        self
    }

    /// Calls `progress` each time a chunk of a file's bytes is handed to the connection.
    #[must_use]
    pub fn on_progress(mut self, progress: impl Fn(Progress) + Send + Sync + 'static) -> Self {
        self.progress = Some(Arc::new(progress));
        self
    }

    /// The time limit of one attempt at sending a file's bytes, from the first byte to the
    /// upload URL's answer (default 15 minutes; the client's timeout applies to the API calls).
    #[must_use]
    pub fn send_timeout(mut self, timeout: Duration) -> Self {
        self.send_timeout = timeout;
        self
    }

    /// How failed steps are retried, instead of the client's policy; see [`Client::upload`] for
    /// which steps may be.
    #[must_use]
    pub fn retry_policy(mut self, policy: RetryPolicy) -> Self {
        self.retry = Some(policy);
        self
    }
}

impl fmt::Debug for Upload {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Upload")
            .field("files", &self.files)
            .field("share", &self.share)
            .field("poll", &self.poll)
            .field("progress", &self.progress.is_some())
            .field("send_timeout", &self.send_timeout)
            .field("retry", &self.retry)
            .finish()
    }
}

/// What a successful [`Client::upload`] returns.
#[derive(Debug)]
#[non_exhaustive]
pub struct Uploaded {
    /// The files as files.completeUploadExternal answered them, in the order they were added.
    pub files: Vec<File>,
    /// The message that carries the files, when they were shared.
    pub message: SharedMessage,
}

/// The message that carries shared files, as far as Slack had said when the upload returned.
#[derive(Debug)]
#[non_exhaustive]
pub enum SharedMessage {
    /// The upload named no conversation: the files are private and no message carries them.
    NotShared,
    /// The message in `channel` (a reply in the thread, for [`Share::thread`]) whose `ts` is
    /// given.
    Posted {
        /// The conversation shared in.
        channel: ChannelId,
        /// The message's timestamp.
        ts: Timestamp,
    },
    /// Slack had not filled in the files' `shares` after this many files.info calls (see
    /// [`SharePoll`]). The files are shared all the same; ask files.info later for the `ts`.
    NotYetKnown {
        /// How many times files.info was asked.
        polls: u32,
    },
    /// files.info failed (a token without the `files:read` scope answers `missing_scope`). The
    /// files are uploaded and shared all the same.
    LookupFailed(Box<Error<FilesInfoError>>),
}

impl SharedMessage {
    /// The message's timestamp, when it is known.
    pub fn ts(&self) -> Option<&Timestamp> {
        match self {
            SharedMessage::Posted { ts, .. } => Some(ts),
            _ => None,
        }
    }
}

/// Why a file's bytes could not be read as declared.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum SourceError {
    /// Reading failed (opening or reading the path, the reader or the stream).
    #[error("reading it failed: {0}")]
    Io(#[from] io::Error),
    /// The file is empty; Slack takes files of at least one byte.
    #[error("it is empty; Slack takes files of at least one byte")]
    Empty,
    /// The source ended before its declared length.
    #[error("its source ended after {read} of the {declared} bytes declared")]
    TooShort {
        /// The length given.
        declared: u64,
        /// The bytes there were.
        read: u64,
    },
    /// The source went on past its declared length.
    #[error("its source holds more than the {declared} bytes declared")]
    TooLong {
        /// The length given.
        declared: u64,
    },
    /// The file is longer than Slack's API can describe (more than `i64::MAX` bytes).
    #[error("it is {0} bytes long, more than Slack's API can describe")]
    TooLarge(u64),
}

/// Why the upload URL did not take a file's bytes (after any retries).
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum SendBytesError {
    /// The upload URL answered with an error status.
    #[error("the upload URL answered HTTP {status}: {excerpt:?}")]
    Http {
        /// The HTTP status code.
        status: u16,
        /// The start of the body (at most about 200 bytes).
        excerpt: String,
    },
    /// No answer within [`Upload::send_timeout`].
    #[error("the upload URL did not answer within {limit:?}")]
    Timeout {
        /// The time limit of one attempt.
        limit: Duration,
    },
    /// The upload URL could not be reached, or the connection broke.
    #[error("could not send the bytes to the upload URL: {source}")]
    Transport {
        /// The underlying HTTP error (without the URL, which is a credential of sorts).
        source: BoxError,
    },
    /// files.getUploadURLExternal gave a URL the client will not send to: not a URL, or not
    /// https (plain http is accepted for loopback hosts alone).
    #[error("the upload URL is {reason}")]
    InvalidUrl {
        /// What is wrong with it.
        reason: String,
    },
}

/// Why [`Client::upload`] failed, at which step, and which files were uploaded but never
/// completed: Slack discards those unless files.completeUploadExternal is called with their IDs.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum UploadError {
    /// A file's bytes could not be read, or were not the length declared; nothing more was
    /// sent for it.
    #[error("file {file} (`{filename}`): {source}{}", pending(.uploaded))]
    Source {
        /// Which file, counted from 0.
        file: usize,
        /// Its name.
        filename: String,
        /// What went wrong.
        source: SourceError,
        /// Files uploaded but not completed.
        uploaded: Vec<FileId>,
    },
    /// files.getUploadURLExternal failed for a file.
    #[error("files.getUploadURLExternal failed for file {file} (`{filename}`): {error}{}", pending(.uploaded))]
    GetUploadUrl {
        /// Which file, counted from 0.
        file: usize,
        /// Its name.
        filename: String,
        /// The method's typed error.
        #[source]
        error: Error<FilesGetUploadUrlExternalError>,
        /// Files uploaded but not completed.
        uploaded: Vec<FileId>,
    },
    /// Sending a file's bytes to its upload URL failed.
    #[error("sending file {file} (`{filename}`, {file_id}) failed: {error}{}", pending(.uploaded))]
    SendBytes {
        /// Which file, counted from 0.
        file: usize,
        /// Its name.
        filename: String,
        /// The ID files.getUploadURLExternal gave it.
        file_id: FileId,
        /// What went wrong.
        #[source]
        error: SendBytesError,
        /// Files uploaded (before this one) but not completed.
        uploaded: Vec<FileId>,
    },
    /// files.completeUploadExternal failed. It is never repeated once it may have reached
    /// Slack, so the files may or may not be complete: `uploaded` lists them all.
    #[error("files.completeUploadExternal failed: {error}{}", pending(.uploaded))]
    Complete {
        /// The method's typed error.
        #[source]
        error: Error<FilesCompleteUploadExternalError>,
        /// Files uploaded but not (known to be) completed.
        uploaded: Vec<FileId>,
    },
}

impl UploadError {
    /// The IDs of the files whose bytes were uploaded but that were not completed.
    pub fn uploaded_not_completed(&self) -> &[FileId] {
        match self {
            UploadError::Source { uploaded, .. }
            | UploadError::GetUploadUrl { uploaded, .. }
            | UploadError::SendBytes { uploaded, .. }
            | UploadError::Complete { uploaded, .. } => uploaded,
        }
    }

    /// The file the upload failed on, counted from 0; `None` when completing them failed.
    pub fn file(&self) -> Option<usize> {
        match self {
            UploadError::Source { file, .. }
            | UploadError::GetUploadUrl { file, .. }
            | UploadError::SendBytes { file, .. } => Some(*file),
            UploadError::Complete { .. } => None,
        }
    }
}

/// The end of an [`UploadError`]'s message: the files left uploaded but not completed.
fn pending(uploaded: &[FileId]) -> String {
    if uploaded.is_empty() {
        return String::new();
    }
    let ids: Vec<&str> = uploaded.iter().map(FileId::as_str).collect();
    format!(
        "; uploaded but not completed: {} (files.completeUploadExternal with these IDs finishes \
         them; otherwise Slack discards them)",
        ids.join(", ")
    )
}

impl Client {
    /// Uploads files and, with [`Upload::share`], shares them in one message.
    ///
    /// For each file in turn it asks files.getUploadURLExternal for an upload URL and a file ID,
    /// then sends the bytes there (a chunk at a time; the upload URL is another host and never
    /// sees the token). It then completes them all with one files.completeUploadExternal, and
    /// for a shared upload asks files.info for the message's `ts` as [`SharePoll`] says.
    ///
    /// Retries follow the client's [`RetryPolicy`] (or [`Upload::retry_policy`]):
    /// files.getUploadURLExternal is retried like any call whose repeat is harmless, and so is
    /// sending the bytes of a file from memory or a path (again to the same URL); a reader or
    /// stream is read once, so a failed send of it is returned. files.completeUploadExternal
    /// posts the message, so it is never repeated once it may have reached Slack (only a 429
    /// or a connection never made, which Slack did not run, are retried).
    ///
    /// Costs in rate limits: one files.getUploadURLExternal per file and one
    /// files.completeUploadExternal (both Tier 4), plus up to [`SharePoll`]'s polls of
    /// files.info (Tier 4).
    pub async fn upload(&self, upload: Upload) -> Result<Uploaded, UploadError> {
        let Upload {
            files,
            share,
            poll,
            progress,
            send_timeout,
            retry,
        } = upload;
        let policy = retry.unwrap_or_else(|| self.shared.retry.clone());
        let mut prepared = Vec::with_capacity(files.len());
        for (index, file) in files.into_iter().enumerate() {
            match prepare(file).await {
                Ok(file) => prepared.push(file),
                Err((filename, source)) => {
                    return Err(UploadError::Source {
                        file: index,
                        filename,
                        source,
                        uploaded: Vec::new(),
                    });
                }
            }
        }
        let sending = Sending {
            client: self,
            policy: &policy,
            timeout: send_timeout,
            progress: progress.as_ref(),
        };
        let mut uploaded: Vec<(FileId, Option<String>)> = Vec::with_capacity(prepared.len());
        for (index, file) in prepared.into_iter().enumerate() {
            let ids = || uploaded.iter().map(|(id, _)| id.clone()).collect();
            let Prepared {
                filename,
                title,
                alt_text,
                snippet_type,
                length,
                mut source,
            } = file;
            let mut request = FilesGetUploadUrlExternalRequest::new(length.signed, &filename);
            request.alt_txt = alt_text;
            request.snippet_type = snippet_type;
            let options = CallOptions::new().retry_policy(policy.clone());
            let target = match self.call_with(&request, &options).await {
                Ok(response) => response.data,
                Err(error) => {
                    return Err(UploadError::GetUploadUrl {
                        file: index,
                        filename,
                        error,
                        uploaded: ids(),
                    });
                }
            };
            let file_id = target.file_id;
            if let Err(failure) = sending
                .send(index, &target.upload_url, &mut source, length.bytes)
                .await
            {
                return Err(match failure {
                    SendFailure::Source(source) => UploadError::Source {
                        file: index,
                        filename,
                        source,
                        uploaded: ids(),
                    },
                    SendFailure::Send(error) => UploadError::SendBytes {
                        file: index,
                        filename,
                        file_id,
                        error,
                        uploaded: ids(),
                    },
                });
            }
            uploaded.push((file_id, title));
        }
        let files = complete(self, &policy, &uploaded, share.as_ref()).await?;
        let message = match share {
            None => SharedMessage::NotShared,
            Some(share) => find_message(self, &files, share, poll).await,
        };
        Ok(Uploaded { files, message })
    }
}

/// A file's length, as Slack's API takes it and as bytes to send.
#[derive(Debug, Clone, Copy)]
struct Length {
    bytes: u64,
    signed: i64,
}

/// A file ready to upload: its length known and checked.
struct Prepared {
    filename: String,
    title: Option<String>,
    alt_text: Option<String>,
    snippet_type: Option<String>,
    length: Length,
    source: Source,
}

/// Reads a file's length (a path's from its metadata) and checks it; on failure, the file's
/// name and why.
async fn prepare(file: UploadFile) -> Result<Prepared, (String, SourceError)> {
    let UploadFile {
        filename,
        title,
        alt_text,
        snippet_type,
        source,
    } = file;
    let bytes = match &source {
        Source::Bytes(bytes) => bytes.len() as u64,
        Source::Path(path) => match tokio::fs::metadata(path).await {
            Ok(metadata) => metadata.len(),
            Err(error) => return Err((filename, SourceError::Io(path_error(path, error)))),
        },
        Source::Stream { length, .. } => *length,
    };
    if bytes == 0 {
        return Err((filename, SourceError::Empty));
    }
    let Ok(signed) = i64::try_from(bytes) else {
        return Err((filename, SourceError::TooLarge(bytes)));
    };
    Ok(Prepared {
        filename,
        title,
        alt_text,
        snippet_type,
        length: Length { bytes, signed },
        source,
    })
}

/// An I/O error that names the path it happened at.
fn path_error(path: &Path, error: io::Error) -> io::Error {
    io::Error::new(error.kind(), format!("{}: {error}", path.display()))
}

/// Why sending a file's bytes failed: its source, or the upload URL.
enum SendFailure {
    Source(SourceError),
    Send(SendBytesError),
}

/// What every file's sending shares.
struct Sending<'a> {
    client: &'a Client,
    policy: &'a RetryPolicy,
    timeout: Duration,
    progress: Option<&'a ProgressFn>,
}

/// How one attempt at sending bytes ended, when it did not succeed.
enum Attempt {
    /// The source failed; trying again would not help.
    Source(SourceError),
    /// The upload URL failed the attempt; `retry` says whether another may help.
    Failed { error: SendBytesError, retry: Retry },
}

impl Sending<'_> {
    /// Sends the file's bytes to `upload_url`, retrying as the policy says while the source can
    /// be read again.
    async fn send(
        &self,
        file: usize,
        upload_url: &str,
        source: &mut Source,
        length: u64,
    ) -> Result<(), SendFailure> {
        let url = upload_target(upload_url).map_err(SendFailure::Send)?;
        let mut budget = RetryBudget::default();
        loop {
            let Some(body) = open(source).await.map_err(SendFailure::Source)? else {
                // Unreachable in practice: a stream is only taken by the attempt that fails
                // for good. Said rather than assumed.
                return Err(SendFailure::Source(SourceError::Io(io::Error::other(
                    "the stream was already read by an earlier attempt",
                ))));
            };
            let replayable = !matches!(source, Source::Stream { .. });
            let error = match self.attempt(file, &url, body, length).await {
                Ok(()) => return Ok(()),
                Err(Attempt::Source(error)) => return Err(SendFailure::Source(error)),
                Err(Attempt::Failed { error, retry }) => {
                    // Sending the same bytes to the same URL again is harmless.
                    let delay = replayable
                        .then(|| budget.next_delay(self.policy, retry, true))
                        .flatten();
                    match delay {
                        Some(delay) => {
                            tracing::info!(error = %error, ?delay, "retrying a file's bytes");
                            tokio::time::sleep(delay).await;
                            continue;
                        }
                        None => error,
                    }
                }
            };
            return Err(SendFailure::Send(error));
        }
    }

    /// One POST of the bytes: no `Authorization`, the length declared, the body streamed.
    async fn attempt(
        &self,
        file: usize,
        url: &Url,
        body: ByteStream,
        length: u64,
    ) -> Result<(), Attempt> {
        let failure = Arc::new(Mutex::new(None));
        let metered = Metered {
            inner: body,
            file,
            sent: 0,
            length,
            progress: self.progress.cloned(),
            failure: Arc::clone(&failure),
            done: false,
        };
        let request = self
            .client
            .shared
            .http
            .post(url.clone())
            .header(CONTENT_TYPE, "application/octet-stream")
            .header(CONTENT_LENGTH, length)
            .body(reqwest::Body::wrap_stream(metered));
        let sent = within(Some(self.timeout), std::pin::pin!(post(request))).await;
        let taken = failure
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .take();
        if let Some(source) = taken {
            return Err(Attempt::Source(source));
        }
        match sent {
            Ok(Ok(())) => Ok(()),
            Ok(Err(failed)) => Err(failed),
            Err(limit) => Err(Attempt::Failed {
                error: SendBytesError::Timeout { limit },
                retry: Retry::MaybeSent,
            }),
        }
    }
}

/// Sends the request and reads the start of the answer.
async fn post(request: reqwest::RequestBuilder) -> Result<(), Attempt> {
    let transport = |error: reqwest::Error| {
        let error = error.without_url();
        // Only a connection never made is sure not to have carried bytes; either way, sending
        // them again to the same URL is harmless.
        let retry = if error.is_connect() {
            Retry::NotSent
        } else {
            Retry::MaybeSent
        };
        Attempt::Failed {
            error: SendBytesError::Transport {
                source: Box::new(error),
            },
            retry,
        }
    };
    let mut response = request.send().await.map_err(transport)?;
    let status = response.status();
    if status.is_success() {
        // The answer ("OK - <length>") says nothing more; reading it ends the exchange cleanly.
        while response.chunk().await.map_err(transport)?.is_some() {}
        return Ok(());
    }
    let retry_after = response
        .headers()
        .get(RETRY_AFTER)
        .and_then(|value| value.to_str().ok())
        .and_then(|text| text.trim().parse::<u64>().ok())
        .map(Duration::from_secs);
    let mut excerpt = Vec::new();
    while excerpt.len() < EXCERPT_BYTES {
        match response.chunk().await {
            Ok(Some(chunk)) => excerpt.extend_from_slice(&chunk),
            _ => break,
        }
    }
    excerpt.truncate(EXCERPT_BYTES);
    Err(Attempt::Failed {
        error: SendBytesError::Http {
            status: status.as_u16(),
            excerpt: String::from_utf8_lossy(&excerpt).into_owned(),
        },
        retry: classify::status(status.as_u16(), retry_after),
    })
}

/// The upload URL, if the client may send to it: https, or plain http to a loopback host.
fn upload_target(text: &str) -> Result<Url, SendBytesError> {
    let invalid = |reason: String| SendBytesError::InvalidUrl { reason };
    let url = Url::parse(text).map_err(|e| invalid(format!("not a URL ({e})")))?;
    match url.scheme() {
        "https" => Ok(url),
        "http" if crate::auth::is_loopback(&url) => Ok(url),
        other => Err(invalid(format!(
            "`{other}:` to a host that is not loopback; expected https"
        ))),
    }
}

/// The bytes of one attempt: the same `Bytes` again, the path reopened, or the stream (once).
async fn open(source: &mut Source) -> Result<Option<ByteStream>, SourceError> {
    Ok(match source {
        Source::Bytes(bytes) => {
            let bytes = bytes.clone();
            let chunks = (0..bytes.len())
                .step_by(CHUNK)
                .map(move |start| Ok(bytes.slice(start..(start + CHUNK).min(bytes.len()))));
            Some(Box::pin(futures_util::stream::iter(chunks)))
        }
        Source::Path(path) => {
            let file = tokio::fs::File::open(&path)
                .await
                .map_err(|error| SourceError::Io(path_error(path, error)))?;
            Some(Box::pin(reader_stream(file)))
        }
        Source::Stream { stream, .. } => stream.take(),
    })
}

/// `reader` as a stream of chunks of at most [`CHUNK`] bytes, each its own allocation (sent
/// and dropped while the next is read).
fn reader_stream(
    reader: impl AsyncRead + Send + 'static,
) -> impl Stream<Item = io::Result<Bytes>> + Send + 'static {
    let state = (Box::pin(reader), false);
    futures_util::stream::unfold(state, |(mut reader, done)| async move {
        if done {
            return None;
        }
        let mut chunk = BytesMut::zeroed(CHUNK);
        let read = {
            let mut buffer = ReadBuf::new(&mut chunk);
            std::future::poll_fn(|cx| reader.as_mut().poll_read(cx, &mut buffer))
                .await
                .map(|()| buffer.filled().len())
        };
        match read {
            Ok(0) => None,
            Ok(read) => {
                chunk.truncate(read);
                Some((Ok(chunk.freeze()), (reader, false)))
            }
            Err(error) => Some((Err(error), (reader, true))),
        }
    })
}

/// A file's bytes on their way to the body: counted against the declared length, reported to
/// the progress callback, and a failure of the source kept aside (the HTTP error that wraps it
/// would say only that the body failed).
struct Metered {
    inner: ByteStream,
    file: usize,
    sent: u64,
    length: u64,
    progress: Option<ProgressFn>,
    failure: Arc<Mutex<Option<SourceError>>>,
    done: bool,
}

/// The error the body stream ends with when its source failed; the cause is in `Metered`'s
/// `failure`.
#[derive(Debug, thiserror::Error)]
#[error("the file's source failed")]
struct SourceFailed;

impl Metered {
    fn fail(&mut self, error: SourceError) -> Poll<Option<Result<Bytes, SourceFailed>>> {
        self.done = true;
        *self.failure.lock().unwrap_or_else(PoisonError::into_inner) = Some(error);
        Poll::Ready(Some(Err(SourceFailed)))
    }
}

impl Stream for Metered {
    type Item = Result<Bytes, SourceFailed>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        if self.done {
            return Poll::Ready(None);
        }
        match self.inner.as_mut().poll_next(cx) {
            Poll::Pending => Poll::Pending,
            Poll::Ready(Some(Err(error))) => self.fail(SourceError::Io(error)),
            Poll::Ready(Some(Ok(chunk))) => {
                self.sent += chunk.len() as u64;
                if self.sent > self.length {
                    let declared = self.length;
                    return self.fail(SourceError::TooLong { declared });
                }
                if let Some(progress) = &self.progress {
                    progress(Progress {
                        file: self.file,
                        sent: self.sent,
                        length: self.length,
                    });
                }
                Poll::Ready(Some(Ok(chunk)))
            }
            Poll::Ready(None) if self.sent < self.length => {
                let (declared, read) = (self.length, self.sent);
                self.fail(SourceError::TooShort { declared, read })
            }
            Poll::Ready(None) => {
                self.done = true;
                Poll::Ready(None)
            }
        }
    }
}

/// files.completeUploadExternal for every uploaded file: never repeated once it may have
/// reached Slack, whatever the policy's [`Replay`].
async fn complete(
    client: &Client,
    policy: &RetryPolicy,
    uploaded: &[(FileId, Option<String>)],
    share: Option<&Share>,
) -> Result<Vec<File>, UploadError> {
    let files: Vec<serde_json::Value> = uploaded
        .iter()
        .map(|(id, title)| match title {
            Some(title) => serde_json::json!({"id": id.as_str(), "title": title}),
            None => serde_json::json!({"id": id.as_str()}),
        })
        .collect();
    let mut request = FilesCompleteUploadExternalRequest::new(files);
    if let Some(share) = share {
        request.channel_id = Some(share.channel.clone());
        request.thread_ts = share.thread_ts.clone();
        request.initial_comment = share.initial_comment.clone();
    }
    let options = CallOptions::new().retry_policy(policy.clone().with_replay(Replay::Never));
    match client.call_with(&request, &options).await {
        Ok(response) => Ok(response.data.files),
        Err(error) => Err(UploadError::Complete {
            error,
            uploaded: uploaded.iter().map(|(id, _)| id.clone()).collect(),
        }),
    }
}

/// The message that carries the shared files: from files.completeUploadExternal's answer when
/// it says, else from files.info as `poll` allows.
async fn find_message(
    client: &Client,
    files: &[File],
    share: Share,
    poll: SharePoll,
) -> SharedMessage {
    let Share {
        channel, thread_ts, ..
    } = share;
    let posted = |file: &File| {
        shared_ts(file, &channel, thread_ts.as_ref()).map(|ts| SharedMessage::Posted {
            channel: channel.clone(),
            ts,
        })
    };
    let Some(first) = files.first() else {
        return SharedMessage::NotYetKnown { polls: 0 };
    };
    if let Some(message) = posted(first) {
        return message;
    }
    // All the files are in one message: the first one's shares say where it is.
    let request = FilesInfoRequest::new(first.id.clone());
    for _ in 0..poll.polls {
        tokio::time::sleep(poll.delay).await;
        match client.call(&request).await {
            Ok(response) => {
                if let Some(message) = posted(&response.data.file) {
                    return message;
                }
            }
            Err(error) => return SharedMessage::LookupFailed(Box::new(error)),
        }
    }
    SharedMessage::NotYetKnown { polls: poll.polls }
}

/// The `ts` of the file's share in `channel` (in the thread of `thread_ts`, when given), from
/// its `shares`: `{"public" | "private": {"<channel>": [{"ts": ..., "thread_ts": ...}]}}`.
fn shared_ts(file: &File, channel: &ChannelId, thread_ts: Option<&Timestamp>) -> Option<Timestamp> {
    let shares = file.shares.as_ref()?;
    ["public", "private"]
        .iter()
        .filter_map(|visibility| shares.get(visibility)?.get(channel.as_str())?.as_array())
        .flatten()
        // A share in another thread of the same conversation is another message.
        .filter(|entry| {
            let in_thread = entry.get("thread_ts").and_then(serde_json::Value::as_str);
            in_thread.is_none() || in_thread == thread_ts.map(Timestamp::as_str)
        })
        .find_map(|entry| entry.get("ts")?.as_str().map(Timestamp::from))
}
