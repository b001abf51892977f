//! The mock's side of uploading files, served unless a test stubs the methods: files.getUploadURLExternal
//! hands out upload URLs on the mock's own server, which records what each POST of bytes carries
//! (its headers, its length, a digest and the first bytes); files.completeUploadExternal
//! completes uploaded files and posts them in one message; files.info shows that message in the
//! file's `shares` only after some calls, as Slack fills them in late.

use std::fmt;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use bytes::Bytes;
use serde_json::{Value, json};
use tokio::time::Instant;

use crate::testing::fault::Fault;
use crate::testing::received::Received;

/// The path prefix of the mock's upload URLs (`/upload/<file id>`); not a method name, so it is
/// also the fault target of uploads.
pub(crate) const UPLOAD_PREFIX: &str = "/upload/";

/// How many bytes of each upload [`ReceivedUpload::bytes`] keeps unless told otherwise.
const KEEP_BYTES: usize = 16 * 1024 * 1024;

/// One POST of bytes to an upload URL the mock handed out.
#[derive(Clone)]
#[non_exhaustive]
pub struct ReceivedUpload {
    /// The file ID the upload URL was given for.
    pub file_id: String,
    /// Every header of the request, names in lower case, values as text.
    pub headers: Vec<(String, String)>,
    /// How many bytes of body arrived.
    pub length: u64,
    /// [`ByteDigest`] of the bytes that arrived.
    pub digest: u64,
    /// The first bytes that arrived, up to [`MockSlack::keep_upload_bytes`] (16 MiB by default).
    ///
    /// [`MockSlack::keep_upload_bytes`]: crate::testing::MockSlack::keep_upload_bytes
    pub bytes: Vec<u8>,
    /// Whether the body arrived to its end (not cut off by the client).
    pub whole: bool,
    /// The fault the mock answered this POST with, if any.
    pub fault: Option<Fault>,
    /// When the body had arrived (tokio's clock).
    pub at: Instant,
}

impl ReceivedUpload {
    /// The value of a header (the first, if repeated), by case-insensitive name.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(given, _)| given.eq_ignore_ascii_case(name))
            .map(|(_, value)| value.as_str())
    }
}

impl fmt::Debug for ReceivedUpload {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // An Authorization header here is a leak the mock reports; its value is never shown.
        let headers: Vec<(&str, &str)> = self
            .headers
            .iter()
            .map(|(name, value)| {
                let shown = if name == "authorization" {
                    "[redacted]"
                } else {
                    value.as_str()
                };
                (name.as_str(), shown)
            })
            .collect();
        f.debug_struct("ReceivedUpload")
            .field("file_id", &self.file_id)
            .field("headers", &headers)
            .field("length", &self.length)
            .field("digest", &self.digest)
            .field("whole", &self.whole)
            .field("fault", &self.fault)
            .finish_non_exhaustive()
    }
}

/// The digest the mock keeps of each upload's bytes (64-bit FNV-1a), fed a piece at a time so a
/// test can compute it over bytes it never holds whole.
///
/// ```
/// use slack_api_client::testing::ByteDigest;
/// let mut digest = ByteDigest::new();
/// digest.update(b"hello ");
/// digest.update(b"world");
/// assert_eq!(digest.finish(), ByteDigest::of(b"hello world"));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ByteDigest(u64);

impl Default for ByteDigest {
    fn default() -> Self {
        ByteDigest::new()
    }
}

impl ByteDigest {
    /// The digest of no bytes.
    pub fn new() -> Self {
        ByteDigest(0xcbf2_9ce4_8422_2325)
    }

    /// Feeds `bytes`.
    pub fn update(&mut self, bytes: &[u8]) {
        for byte in bytes {
            self.0 ^= u64::from(*byte);
            self.0 = self.0.wrapping_mul(0x0100_0000_01b3);
        }
    }

    /// The digest of everything fed so far.
    pub fn finish(&self) -> u64 {
        self.0
    }

    /// The digest of `bytes`.
    pub fn of(bytes: &[u8]) -> u64 {
        let mut digest = ByteDigest::new();
        digest.update(bytes);
        digest.finish()
    }
}

/// How many bytes of uploads the mock has received so far, read live (while an upload is still
/// arriving): from [`MockSlack::upload_meter`](crate::testing::MockSlack::upload_meter).
#[derive(Debug, Clone)]
pub struct UploadMeter(Arc<AtomicU64>);

impl UploadMeter {
    /// Bytes received so far, over every upload.
    pub fn received(&self) -> u64 {
        self.0.load(Ordering::SeqCst)
    }

    pub(crate) fn add(&self, bytes: u64) {
        self.0.fetch_add(bytes, Ordering::SeqCst);
    }
}

/// A file the mock handed an upload URL out for.
#[derive(Debug)]
struct MockFile {
    id: String,
    filename: String,
    length: u64,
    alt_txt: Option<String>,
    title: Option<String>,
    /// Its bytes arrived, whole and of the declared length.
    uploaded: bool,
    completed: bool,
    share: Option<MockShare>,
    /// files.info calls for it since it was completed.
    info_calls: usize,
}

/// The message a completed upload was posted in.
#[derive(Debug, Clone)]
struct MockShare {
    channel: String,
    thread_ts: Option<String>,
    ts: String,
}

/// The mock's uploads: the files it knows and every POST of bytes.
#[derive(Debug)]
pub(crate) struct Uploads {
    /// `host:port` of the mock, for the upload URLs.
    pub(crate) address: String,
    files: Vec<MockFile>,
    pub(crate) received: Vec<ReceivedUpload>,
    /// files.info calls of a shared file that answer its `shares` empty.
    pub(crate) shares_after: usize,
    pub(crate) keep_bytes: usize,
    pub(crate) meter: UploadMeter,
    next_ts: u64,
}

impl Default for Uploads {
    fn default() -> Self {
        Uploads {
            address: String::new(),
            files: Vec::new(),
            received: Vec::new(),
            shares_after: 1,
            keep_bytes: KEEP_BYTES,
            meter: UploadMeter(Arc::new(AtomicU64::new(0))),
            next_ts: 0,
        }
    }
}

/// What the mock answers a POST of bytes with.
pub(crate) enum UploadReply {
    /// 200 `OK - <length>`, or the fault drawn.
    Accepted { body: Bytes, fault: Option<Fault> },
    /// Refused with this status and text.
    Refused { status: u16, text: String },
}

impl Uploads {
    /// Records a POST of bytes to the upload URL of `file_id` and decides the answer; `fault` is
    /// the one drawn for it (a faulty attempt leaves the file not uploaded).
    pub(crate) fn receive(&mut self, upload: ReceivedUpload) -> UploadReply {
        let reply = match self.files.iter_mut().find(|file| file.id == upload.file_id) {
            None => UploadReply::Refused {
                status: 404,
                text: format!("no upload is pending for {}", upload.file_id),
            },
            Some(_) if !upload.whole => UploadReply::Refused {
                status: 400,
                text: "the body broke off".to_owned(),
            },
            Some(file) if upload.length != file.length => UploadReply::Refused {
                status: 400,
                text: format!(
                    "expected {} bytes (the length given to files.getUploadURLExternal), got {}",
                    file.length, upload.length
                ),
            },
            Some(file) => {
                if upload.fault.is_none() {
                    file.uploaded = true;
                }
                UploadReply::Accepted {
                    body: Bytes::from(format!("OK - {}", upload.length)),
                    fault: upload.fault.clone(),
                }
            }
        };
        self.received.push(upload);
        reply
    }

    /// The answer to a call of one of the upload methods, `None` for any other method and for
    /// completions and files.info calls that name no file the mock handed out (those get the
    /// unstubbed answer, as before the flow). State changes only when `commit` (an attempt
    /// spoilt by a fault changes nothing).
    pub(crate) fn answer(&mut self, received: &Received, commit: bool) -> Option<Bytes> {
        let answer = match received.method.as_str() {
            "files.getUploadURLExternal" => self.get_upload_url(received),
            "files.completeUploadExternal" => self.complete(received, commit)?,
            "files.info" => self.info(received, commit)?,
            _ => return None,
        };
        Some(Bytes::from(serde_json::to_vec(&answer).unwrap_or_default()))
    }

    /// Whether the mock handed out the file `id`.
    fn knows(&self, id: Option<&str>) -> bool {
        self.files.iter().any(|file| Some(file.id.as_str()) == id)
    }

    fn get_upload_url(&mut self, received: &Received) -> Value {
        let length = received
            .argument("length")
            .and_then(|length| length.parse::<u64>().ok())
            .unwrap_or(0);
        if length == 0 {
            return error("missing_argument");
        }
        let id = format!("F{:010}", self.files.len() + 1);
        let upload_url = format!("http://{}{UPLOAD_PREFIX}{id}", self.address);
        self.files.push(MockFile {
            id: id.clone(),
            filename: received.argument("filename").unwrap_or_default().to_owned(),
            length,
            alt_txt: received.argument("alt_txt").map(str::to_owned),
            title: None,
            uploaded: false,
            completed: false,
            share: None,
            info_calls: 0,
        });
        json!({"ok": true, "upload_url": upload_url, "file_id": id})
    }

    fn complete(&mut self, received: &Received, commit: bool) -> Option<Value> {
        let listed: Vec<Value> = received
            .argument("files")
            .and_then(|files| serde_json::from_str(files).ok())
            .unwrap_or_default();
        let id_of = |entry: &Value| entry.get("id").and_then(Value::as_str).map(str::to_owned);
        if !listed
            .iter()
            .any(|entry| self.knows(id_of(entry).as_deref()))
        {
            return None;
        }
        let mut indices = Vec::with_capacity(listed.len());
        for entry in &listed {
            let id = entry.get("id").and_then(Value::as_str);
            // "No pending upload has that file ID": never handed out, bytes not (yet) taken,
            // or completed already.
            match self
                .files
                .iter()
                .position(|file| Some(file.id.as_str()) == id && file.uploaded && !file.completed)
            {
                Some(index) => indices.push(index),
                None => return Some(error("file_not_found")),
            }
        }
        let share = received.argument("channel_id").map(|channel| {
            self.next_ts += 1;
            MockShare {
                channel: channel.to_owned(),
                thread_ts: received.argument("thread_ts").map(str::to_owned),
                ts: format!("1700000000.{:06}", self.next_ts),
            }
        });
        let mut files = Vec::with_capacity(indices.len());
        for (entry, index) in listed.iter().zip(indices) {
            let file = &mut self.files[index];
            if commit {
                file.completed = true;
                file.title = entry
                    .get("title")
                    .and_then(Value::as_str)
                    .map(str::to_owned);
                file.share = share.clone();
            }
            // Slack's answer comes before the message is posted: no shares yet.
            files.push(file_json(file, false));
        }
        Some(json!({"ok": true, "files": files}))
    }

    fn info(&mut self, received: &Received, commit: bool) -> Option<Value> {
        let id = received.argument("file");
        let file = self
            .files
            .iter_mut()
            .find(|file| Some(file.id.as_str()) == id)?;
        // Handed out but never completed: Slack knows no such file yet.
        if !file.completed {
            return Some(error("file_not_found"));
        }
        if commit {
            file.info_calls += 1;
        }
        let visible = file.info_calls > self.shares_after;
        Some(json!({"ok": true, "file": file_json(file, visible)}))
    }
}

fn error(code: &str) -> Value {
    json!({"ok": false, "error": code})
}

/// A file as Slack describes it, its `shares` filled in when `shares_visible`.
fn file_json(file: &MockFile, shares_visible: bool) -> Value {
    let mut shares = json!({});
    if let (Some(share), true) = (&file.share, shares_visible) {
        let mut entry = json!({"ts": share.ts, "reply_count": 0});
        if let Some(thread_ts) = &share.thread_ts {
            entry["thread_ts"] = json!(thread_ts);
        }
        // Public channels' IDs start with C; private ones (and DMs) are listed apart.
        let visibility = if share.channel.starts_with('C') {
            "public"
        } else {
            "private"
        };
        shares = json!({ visibility: { share.channel.clone(): [entry] } });
    }
    let mut value = json!({
        "id": file.id,
        "name": file.filename,
        "title": file.title.clone().unwrap_or_else(|| file.filename.clone()),
        "size": file.length,
        "mimetype": "application/octet-stream",
        "shares": shares,
    });
    if let Some(alt_txt) = &file.alt_txt {
        value["alt_txt"] = json!(alt_txt);
    }
    value
}
