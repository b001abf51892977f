//! The loopback HTTP server behind [`MockSlack`](super::MockSlack): hyper's HTTP/1 server, one
//! task per connection, each request decoded, checked, recorded and answered from the book.

use std::collections::{HashMap, VecDeque};
use std::convert::Infallible;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use bytes::Bytes;
use http_body_util::{BodyExt, Channel, Either, Full};
use hyper::body::Incoming;
use hyper::header::{AUTHORIZATION, CONTENT_LENGTH, CONTENT_TYPE, HeaderValue, RETRY_AFTER};
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper::{Request, Response, StatusCode};
use hyper_util::rt::TokioIo;
use tokio::net::TcpListener;
use tokio::task::JoinSet;

use crate::testing::fault::{Fault, FaultPlan, request_key};
use crate::testing::received::{
    Decoded, Received, Shape, WireRequest, check_authorization, decode,
};
use crate::testing::rotation::Rotation;
use crate::testing::uploads::ByteDigest;
use crate::testing::uploads::{ReceivedUpload, UPLOAD_PREFIX, UploadReply, Uploads};

/// A response body: whole, or sent piece by piece (slow or cut short).
type MockBody = Either<Full<Bytes>, Channel<Bytes, std::io::Error>>;

/// What the mock answers with, the faults it injects and everything it received.
#[derive(Debug, Default)]
pub(crate) struct Book {
    stubs: HashMap<String, Stubs>,
    /// Paged answers by method: the cursor argument's wire name and the pages, in order.
    pages: HashMap<String, (&'static str, Vec<Bytes>)>,
    shapes: HashMap<String, Shape>,
    pub(crate) faults: FaultPlan,
    pub(crate) received: Vec<Received>,
    pub(crate) problems: Vec<String>,
    /// The upload flow: upload URLs handed out, bytes received, files completed and shared.
    pub(crate) uploads: Uploads,
    /// Token rotation, once a test turns it on: the pairs issued, used and expired.
    pub(crate) rotation: Option<Rotation>,
}

/// The answers stubbed for one method: limited ones first, in order, then the standing one.
#[derive(Debug, Default)]
struct Stubs {
    limited: VecDeque<(Bytes, usize)>,
    standing: Option<Bytes>,
}

/// The answer of a method nobody stubbed: all a method that returns nothing else answers.
const UNSTUBBED: &[u8] = br#"{"ok":true}"#;

impl Book {
    /// Checks calls of `M` against its spec from now on, stubbed or not.
    #[cfg(any(feature = "files", feature = "oauth"))]
    pub(crate) fn shape<M: crate::by_name_support::FromArgs>(&mut self) {
        self.shapes.insert(M::NAME.to_owned(), Shape::of::<M>());
    }

    pub(crate) fn stub(&mut self, method: &str, shape: Shape, body: Vec<u8>, times: Option<usize>) {
        self.shapes.insert(method.to_owned(), shape);
        let stubs = self.stubs.entry(method.to_owned()).or_default();
        match times {
            Some(0) => {}
            Some(times) => stubs.limited.push_back((Bytes::from(body), times)),
            None => stubs.standing = Some(Bytes::from(body)),
        }
    }

    /// Answers `method` page by page: page `k` (from 0) for the cursor `page:<k>`, the first for
    /// none. Each page but the last carries the next page's cursor.
    pub(crate) fn stub_pages(
        &mut self,
        method: &str,
        shape: Shape,
        cursor: &'static str,
        pages: Vec<Vec<u8>>,
    ) {
        self.shapes.insert(method.to_owned(), shape);
        let last = pages.len().saturating_sub(1);
        let pages = pages
            .into_iter()
            .enumerate()
            .map(|(index, body)| {
                let next = if index == last {
                    String::new()
                } else {
                    page_cursor(index + 1)
                };
                Bytes::from(with_next_cursor(&body, &next))
            })
            .collect();
        self.pages.insert(method.to_owned(), (cursor, pages));
    }

    /// The body of the next answer for `received`: its page, when its method is paged; else the
    /// next stub, using up one call of a limited one; else, for the upload methods, the upload
    /// flow's answer (which changes its state only when `commit`).
    fn answer(&mut self, received: &Received, commit: bool) -> Bytes {
        let rotated = self.rotation.as_mut();
        if let Some(body) = rotated.and_then(|rotation| rotation.answer(received, commit)) {
            return body;
        }
        let method = received.method.as_str();
        if let Some((cursor, pages)) = self.pages.get(method) {
            let page = match received.argument(cursor) {
                None | Some("") => Some(0),
                Some(given) => given
                    .strip_prefix("page:")
                    .and_then(|index| index.parse::<usize>().ok()),
            };
            return match page.and_then(|page| pages.get(page)) {
                Some(body) => body.clone(),
                // What Slack answers a cursor it never gave.
                None => Bytes::from_static(br#"{"ok":false,"error":"invalid_cursor"}"#),
            };
        }
        let Some(stubs) = self.stubs.get_mut(method) else {
            return self
                .uploads
                .answer(received, commit)
                .unwrap_or_else(|| Bytes::from_static(UNSTUBBED));
        };
        if let Some((body, left)) = stubs.limited.front_mut() {
            let body = body.clone();
            *left -= 1;
            if *left == 0 {
                stubs.limited.pop_front();
            }
            return body;
        }
        stubs
            .standing
            .clone()
            .unwrap_or_else(|| Bytes::from_static(UNSTUBBED))
    }
}

/// The cursor the mock gives for page `index`.
fn page_cursor(index: usize) -> String {
    format!("page:{index}")
}

/// `body` with `response_metadata.next_cursor` set to `next` (kept as is if it is no object).
fn with_next_cursor(body: &[u8], next: &str) -> Vec<u8> {
    let Ok(serde_json::Value::Object(mut answer)) = serde_json::from_slice(body) else {
        return body.to_vec();
    };
    let metadata = answer
        .entry("response_metadata")
        .or_insert_with(|| serde_json::json!({}));
    if let serde_json::Value::Object(metadata) = metadata {
        metadata.insert("next_cursor".to_owned(), next.into());
    }
    serde_json::to_vec(&answer).unwrap_or_else(|_| body.to_vec())
}

/// Locks the book; a panic elsewhere while it was held leaves it usable for the report.
pub(crate) fn lock(book: &Mutex<Book>) -> std::sync::MutexGuard<'_, Book> {
    book.lock().unwrap_or_else(PoisonError::into_inner)
}

/// Accepts connections until the task is aborted; dropping the set aborts every connection.
pub(crate) async fn serve(listener: TcpListener, book: Arc<Mutex<Book>>) {
    let mut connections = JoinSet::new();
    loop {
        let stream = match listener.accept().await {
            Ok((stream, _)) => stream,
            Err(_) => {
                // Out of file descriptors or similar: wait a moment instead of spinning.
                tokio::time::sleep(Duration::from_millis(5)).await;
                continue;
            }
        };
        let book = book.clone();
        connections.spawn(async move {
            let service = service_fn(move |request| handle(book.clone(), request));
            // A connection the client cuts (or a reset the mock injects) ends here; nothing to do.
            let _ = http1::Builder::new()
                .serve_connection(TokioIo::new(stream), service)
                .await;
        });
        while connections.try_join_next().is_some() {}
    }
}

/// What one request is answered with.
enum Reply {
    /// The request broke Slack's rules.
    Refused(Vec<String>),
    /// The stubbed (or default) answer, maybe spoilt by a fault.
    Answer { body: Bytes, fault: Option<Fault> },
}

async fn handle(
    book: Arc<Mutex<Book>>,
    request: Request<Incoming>,
) -> Result<Response<MockBody>, Infallible> {
    let (parts, body) = request.into_parts();
    if let Some(file_id) = parts.uri.path().strip_prefix(UPLOAD_PREFIX) {
        let file_id = file_id.to_owned();
        return Ok(upload(book, &parts, body, file_id).await);
    }
    let Ok(body) = body.collect().await.map(|collected| collected.to_bytes()) else {
        // The client went away mid-request: nobody reads this answer.
        return Ok(plain(StatusCode::BAD_REQUEST, "the request body broke off"));
    };
    let header = |name| {
        parts
            .headers
            .get(name)
            .and_then(|v: &HeaderValue| v.to_str().ok())
    };
    let Decoded {
        mut received,
        mut problems,
    } = decode(&WireRequest {
        http_method: parts.method.as_str(),
        path: parts.uri.path(),
        query: parts.uri.query(),
        authorization: header(AUTHORIZATION),
        content_type: header(CONTENT_TYPE),
        body: &body,
    });
    let token = received.token().unwrap_or_default().to_owned();
    let query = parts.uri.query().unwrap_or_default();
    let key = request_key(
        [parts.uri.path(), &token, query]
            .map(str::as_bytes)
            .into_iter()
            .chain([&body[..]]),
    );
    let (reply, delay) = {
        let mut book = lock(&book);
        let exchange = received.method == "oauth.v2.access";
        let delay = book
            .rotation
            .as_ref()
            .filter(|_| exchange)
            .map(|rotation| rotation.delay);
        let shape = book.shapes.get(&received.method).copied();
        // How an unstubbed method authenticates is not known here: its call is not judged on it.
        if let Some(shape) = shape {
            check_authorization(&received, shape.auth, &mut problems);
        }
        if let Some(shape) = shape {
            shape.check(&received, &mut problems);
        }
        let reply = if problems.is_empty() {
            received.fault = book.faults.draw(key, &received.method);
            Reply::Answer {
                body: book.answer(&received, received.fault.is_none()),
                fault: received.fault.clone(),
            }
        } else {
            let call = format!("{} (request #{})", received.method, book.received.len() + 1);
            book.problems
                .extend(problems.iter().map(|problem| format!("{call}: {problem}")));
            Reply::Refused(problems)
        };
        book.received.push(received);
        (reply, delay)
    };
    if let Some(delay) = delay.filter(|delay| !delay.is_zero()) {
        tokio::time::sleep(delay).await;
    }
    Ok(match reply {
        Reply::Refused(problems) => refused(&problems),
        Reply::Answer { body, fault: None } => json(StatusCode::OK, body),
        Reply::Answer {
            body,
            fault: Some(fault),
        } => faulty(fault, body, &token),
    })
}

/// A POST of bytes to an upload URL: read a frame at a time (counted, digested, the first bytes
/// kept), recorded, answered `OK - <length>` as Slack's upload host does, or spoilt by a fault.
/// A token sent along is a broken rule: the upload URL is another host.
async fn upload(
    book: Arc<Mutex<Book>>,
    parts: &hyper::http::request::Parts,
    mut body: Incoming,
    file_id: String,
) -> Response<MockBody> {
    let headers: Vec<(String, String)> = parts
        .headers
        .iter()
        .map(|(name, value)| {
            let value = String::from_utf8_lossy(value.as_bytes()).into_owned();
            (name.as_str().to_owned(), value)
        })
        .collect();
    let (keep, meter) = {
        let book = lock(&book);
        (book.uploads.keep_bytes, book.uploads.meter.clone())
    };
    let mut digest = ByteDigest::new();
    let mut length = 0u64;
    let mut bytes = Vec::new();
    let mut whole = true;
    while let Some(frame) = body.frame().await {
        let Ok(frame) = frame else {
            whole = false;
            break;
        };
        let Ok(data) = frame.into_data() else {
            continue;
        };
        digest.update(&data);
        length += data.len() as u64;
        meter.add(data.len() as u64);
        let room = keep.saturating_sub(bytes.len()).min(data.len());
        bytes.extend_from_slice(&data[..room]);
    }
    let reply = {
        let mut book = lock(&book);
        if parts.headers.contains_key(AUTHORIZATION) {
            book.problems.push(format!(
                "the upload of {file_id} carried an Authorization header: the token must never \
                 go to an upload URL (another host)"
            ));
        }
        let key = request_key([parts.uri.path().as_bytes()]);
        let fault = book.faults.draw(key, UPLOAD_PREFIX);
        book.uploads.receive(ReceivedUpload {
            file_id,
            headers,
            length,
            digest: digest.finish(),
            bytes,
            whole,
            fault,
            at: tokio::time::Instant::now(),
        })
    };
    match reply {
        UploadReply::Accepted { body, fault: None } => {
            with_type(StatusCode::OK, "text/plain", body)
        }
        UploadReply::Accepted {
            body,
            fault: Some(fault),
        } => faulty(fault, body, ""),
        UploadReply::Refused { status, text } => {
            with_type(status_code(status), "text/plain", Bytes::from(text))
        }
    }
}

/// Slack's way of refusing a malformed request, naming what was wrong.
fn refused(problems: &[String]) -> Response<MockBody> {
    let messages: Vec<String> = problems
        .iter()
        .map(|problem| format!("[mock Slack] {problem}"))
        .collect();
    let body = serde_json::json!({
        "ok": false,
        "error": "invalid_arguments",
        "response_metadata": {"messages": messages},
    });
    json(
        StatusCode::BAD_REQUEST,
        Bytes::from(serde_json::to_vec(&body).unwrap_or_default()),
    )
}

/// The answer spoilt by `fault`.
fn faulty(fault: Fault, body: Bytes, token: &str) -> Response<MockBody> {
    let half = body.len() / 2;
    match fault {
        Fault::RateLimited { retry_after } => {
            let mut response = json(
                StatusCode::TOO_MANY_REQUESTS,
                Bytes::from_static(br#"{"ok":false,"error":"ratelimited"}"#),
            );
            response
                .headers_mut()
                .insert(RETRY_AFTER, HeaderValue::from(retry_after.as_secs()));
            response
        }
        Fault::ServerError { status } => plain(status_code(status), "upstream connect error"),
        Fault::HtmlPage { status } => {
            let page = format!(
                "<!DOCTYPE html>\n<html><head><title>Service Unavailable</title></head>\n\
                 <body><p>Request with Bearer {token} failed.</p>{}</body></html>",
                "<p>padding</p>".repeat(40)
            );
            with_type(status_code(status), "text/html", Bytes::from(page))
        }
        Fault::Truncated => json(StatusCode::OK, body.slice(..half)),
        Fault::Reset => streamed(body, half, None),
        Fault::SlowBody { delay } => streamed(body, half, Some(delay)),
    }
}

/// A 200 whose body arrives in two halves: the second after `delay`, or never (the connection
/// is cut) when there is no delay.
fn streamed(body: Bytes, half: usize, delay: Option<Duration>) -> Response<MockBody> {
    let (mut sender, channel) = Channel::new(2);
    let length = body.len();
    tokio::spawn(async move {
        if sender.send_data(body.slice(..half)).await.is_err() {
            return;
        }
        match delay {
            Some(delay) => {
                tokio::time::sleep(delay).await;
                let _ = sender.send_data(body.slice(half..)).await;
            }
            None => sender.abort(std::io::Error::new(
                std::io::ErrorKind::ConnectionReset,
                "mock Slack cut the connection",
            )),
        }
    });
    let mut response = Response::new(Either::Right(channel));
    let headers = response.headers_mut();
    headers.insert(CONTENT_TYPE, HeaderValue::from_static("application/json"));
    headers.insert(CONTENT_LENGTH, HeaderValue::from(length));
    response
}

fn json(status: StatusCode, body: Bytes) -> Response<MockBody> {
    with_type(status, "application/json; charset=utf-8", body)
}

fn plain(status: StatusCode, text: &'static str) -> Response<MockBody> {
    with_type(status, "text/plain", Bytes::from_static(text.as_bytes()))
}

fn with_type(status: StatusCode, content_type: &'static str, body: Bytes) -> Response<MockBody> {
    let mut response = Response::new(Either::Left(Full::new(body)));
    *response.status_mut() = status;
    response
        .headers_mut()
        .insert(CONTENT_TYPE, HeaderValue::from_static(content_type));
    response
}

/// `status` as a status code; one that HTTP cannot carry becomes 500.
fn status_code(status: u16) -> StatusCode {
    StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR)
}
