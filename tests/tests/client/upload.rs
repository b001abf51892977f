//! `client.upload` against the mock Slack over loopback: the three steps (getUploadURLExternal,
//! the bytes to the mock's own upload URL, completeUploadExternal), the files.info polls for the
//! message, faults at each step, and what the upload request carries.

use std::io;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use futures_util::{StreamExt, stream};
use slack_api_client::api::{
    CommonError, FilesCompleteUploadExternalError, FilesCompleteUploadExternalRequest as Complete,
    FilesGetUploadUrlExternalError, FilesGetUploadUrlExternalRequest as GetUploadUrl,
    FilesInfoRequest as Info,
};
use slack_api_client::testing::{Answer, ByteDigest, Fault, MockSlack};
use slack_api_client::{
    Error, Replay, SendBytesError, Share, SharePoll, SharedMessage, SourceError, Upload,
    UploadError, UploadFile,
};

use crate::support::*;

/// Polls that take milliseconds.
fn quick_polls() -> SharePoll {
    SharePoll::new(3, Duration::from_millis(5))
}

/// `length` bytes of every value, in a pattern that shows a byte out of place.
fn pattern(length: usize) -> Vec<u8> {
    (0..length)
        .map(|index| (index % 251) as u8 ^ (index / 251) as u8)
        .collect()
}

/// The IDs the mock handed out, in order.
fn handed_out(slack: &MockSlack) -> Vec<String> {
    slack
        .uploads()
        .iter()
        .filter(|upload| upload.fault.is_none())
        .map(|upload| upload.file_id.clone())
        .collect()
}

#[tokio::test]
async fn one_file_to_a_channel() {
    let slack = MockSlack::start().await.unwrap();
    let client = mock_client(&slack);
    let upload = Upload::new(UploadFile::from_bytes("hello.txt", "hello, world").title("Greeting"))
        .share(Share::channel("C1").initial_comment("Here it is"))
        .share_poll(quick_polls());
    let uploaded = client.upload(upload).await.unwrap();

    let uploads = slack.uploads();
    assert_eq!(uploads.len(), 1);
    assert_eq!(uploads[0].bytes, b"hello, world");
    assert_eq!(uploaded.files.len(), 1);
    let file = &uploaded.files[0];
    assert_eq!(file.id.as_str(), uploads[0].file_id);
    assert_eq!(file.title, Some(Some("Greeting".to_owned())));
    assert_eq!(file.name.as_deref(), Some("hello.txt"));

    let asked = slack.calls::<GetUploadUrl>();
    assert_eq!(asked.len(), 1);
    assert!(asked[0].is(&GetUploadUrl::new(12, "hello.txt")));
    let completed = slack.calls::<Complete>();
    assert_eq!(completed.len(), 1);
    let request = completed[0].request::<Complete>().unwrap();
    assert_eq!(request.channel_id.as_ref().map(|c| c.as_str()), Some("C1"));
    assert_eq!(request.initial_comment.as_deref(), Some("Here it is"));
    assert_eq!(request.thread_ts, None);
    let files: serde_json::Value =
        serde_json::from_str(completed[0].argument("files").unwrap()).unwrap();
    assert_eq!(
        files,
        serde_json::json!([{"id": uploads[0].file_id, "title": "Greeting"}])
    );

    // The mock fills `shares` in on the second files.info call, as Slack does a moment later.
    let SharedMessage::Posted { channel, ts } = &uploaded.message else {
        panic!("expected the message, got {:?}", uploaded.message);
    };
    assert_eq!(channel.as_str(), "C1");
    assert_eq!(ts.as_str(), "1700000000.000001");
    assert_eq!(uploaded.message.ts(), Some(ts));
    let polls = slack.calls::<Info>();
    assert_eq!(polls.len(), 2);
    assert!(
        polls
            .iter()
            .all(|poll| poll.is(&Info::new(file.id.clone())))
    );
}

#[tokio::test]
async fn three_files_in_one_message_in_a_thread() {
    let slack = MockSlack::start().await.unwrap();
    let client = mock_client(&slack);
    let directory = tempfile::tempdir().unwrap();
    let path = directory.path().join("chart.png");
    let chart = pattern(200_000);
    std::fs::write(&path, &chart).unwrap();
    let notes = b"print('hi')\n".to_vec();
    let csv = pattern(70_000);

    let upload = Upload::new(UploadFile::from_path(&path).alt_text("A rising line"))
        .file(UploadFile::from_bytes("notes.py", notes.clone()).snippet_type("python"))
        .file(UploadFile::from_reader(
            "data.bin",
            csv.len() as u64,
            io::Cursor::new(csv.clone()),
        ))
        .share(Share::thread("C1", "1524523204.000192"))
        .share_poll(quick_polls());
    let uploaded = client.upload(upload).await.unwrap();

    let uploads = slack.uploads();
    let contents: Vec<&[u8]> = uploads.iter().map(|upload| &upload.bytes[..]).collect();
    assert_eq!(contents, [&chart[..], &notes[..], &csv[..]]);
    let asked = slack.calls::<GetUploadUrl>();
    assert!(asked[0].is(&GetUploadUrl::new(200_000, "chart.png").alt_txt("A rising line")));
    assert!(asked[1].is(&GetUploadUrl::new(12, "notes.py").snippet_type("python")));
    assert!(asked[2].is(&GetUploadUrl::new(70_000, "data.bin")));

    // One completion names the three files, in order, for one message in the thread.
    let completed = slack.calls::<Complete>();
    assert_eq!(completed.len(), 1);
    let request = completed[0].request::<Complete>().unwrap();
    assert_eq!(
        request.thread_ts.as_ref().map(|ts| ts.as_str()),
        Some("1524523204.000192")
    );
    let ids = handed_out(&slack);
    let files: serde_json::Value =
        serde_json::from_str(completed[0].argument("files").unwrap()).unwrap();
    let expected: Vec<serde_json::Value> =
        ids.iter().map(|id| serde_json::json!({"id": id})).collect();
    assert_eq!(files, serde_json::Value::from(expected));
    let returned: Vec<&str> = uploaded.files.iter().map(|file| file.id.as_str()).collect();
    assert_eq!(returned, ids);
    assert_eq!(
        uploaded.message.ts().map(|ts| ts.as_str()),
        Some("1700000000.000001")
    );
}

/// A 50 MiB stream, made a chunk at a time: the client must send each chunk before it reads far
/// ahead. How far the producer ever got ahead of what the mock received bounds what the client
/// (and the sockets between) held; buffering the upload whole would make it the whole length.
#[tokio::test]
async fn a_50_mb_stream_is_sent_as_it_is_read() {
    const LENGTH: u64 = 50 * 1024 * 1024;
    const CHUNK: usize = 64 * 1024;
    // What is in flight sits in the loopback sockets' buffers (about 7 MiB measured here; Linux's
    // default caps allow some 10), hyper's and one chunk: far less than the 50 MiB of a stream
    // read whole before sending.
    const MAX_AHEAD: u64 = 16 * 1024 * 1024;
    let slack = MockSlack::start().await.unwrap();
    slack.keep_upload_bytes(0);
    let client = mock_client(&slack);
    let meter = slack.upload_meter();
    let produced = Arc::new(AtomicU64::new(0));
    let ahead = Arc::new(AtomicU64::new(0));
    let digest = Arc::new(Mutex::new(ByteDigest::new()));
    let chunks = stream::iter(0..LENGTH / CHUNK as u64).map({
        let (produced, ahead, digest) = (produced.clone(), ahead.clone(), digest.clone());
        move |index| {
            let chunk: Vec<u8> = (0..CHUNK)
                .map(|byte| (index as usize + byte) as u8)
                .collect();
            digest.lock().unwrap().update(&chunk);
            let total = produced.fetch_add(CHUNK as u64, Ordering::SeqCst) + CHUNK as u64;
            ahead.fetch_max(total - meter.received(), Ordering::SeqCst);
            Ok::<_, io::Error>(chunk)
        }
    });
    let reports = Arc::new(AtomicU64::new(0));
    let last_sent = Arc::new(AtomicU64::new(0));
    let upload = Upload::new(UploadFile::from_stream("big.bin", LENGTH, chunks)).on_progress({
        let (reports, last_sent) = (reports.clone(), last_sent.clone());
        move |progress| {
            assert_eq!(progress.length, LENGTH);
            reports.fetch_add(1, Ordering::SeqCst);
            last_sent.store(progress.sent, Ordering::SeqCst);
        }
    });
    let uploaded = client.upload(upload).await.unwrap();

    assert!(matches!(uploaded.message, SharedMessage::NotShared));
    let uploads = slack.uploads();
    assert_eq!(uploads.len(), 1);
    assert_eq!(uploads[0].length, LENGTH);
    assert_eq!(uploads[0].digest, digest.lock().unwrap().finish());
    assert_eq!(
        uploads[0].header("content-length"),
        Some(&*LENGTH.to_string())
    );
    assert_eq!(produced.load(Ordering::SeqCst), LENGTH);
    let ahead = ahead.load(Ordering::SeqCst);
    assert!(
        ahead <= MAX_AHEAD,
        "the producer got {ahead} bytes ahead of what arrived"
    );
    assert_eq!(reports.load(Ordering::SeqCst), LENGTH / CHUNK as u64);
    assert_eq!(last_sent.load(Ordering::SeqCst), LENGTH);
}

#[tokio::test]
async fn a_500_on_the_bytes_is_retried_to_the_same_url() {
    let slack = MockSlack::start().await.unwrap();
    slack.fail_next_upload(1, Fault::ServerError { status: 500 });
    let client = mock_client(&slack);
    let bytes = pattern(100_000);
    let uploaded = client
        .upload(Upload::new(UploadFile::from_bytes("a.bin", bytes.clone())))
        .await
        .unwrap();

    let uploads = slack.uploads();
    assert_eq!(uploads.len(), 2);
    assert_eq!(uploads[0].fault, Some(Fault::ServerError { status: 500 }));
    assert_eq!(uploads[1].fault, None);
    assert_eq!(uploads[0].file_id, uploads[1].file_id);
    assert_eq!(uploads[1].bytes, bytes);
    assert_eq!(slack.calls::<GetUploadUrl>().len(), 1);
    assert_eq!(slack.calls::<Complete>().len(), 1);
    assert_eq!(uploaded.files[0].id.as_str(), uploads[1].file_id);
}

#[tokio::test]
async fn a_stream_is_read_once_so_a_failed_send_of_it_is_returned() {
    let slack = MockSlack::start().await.unwrap();
    slack.fail_next_upload(1, Fault::ServerError { status: 503 });
    let client = mock_client(&slack);
    let chunks = stream::iter([Ok::<_, io::Error>(b"once".to_vec())]);
    let error = client
        .upload(Upload::new(UploadFile::from_stream("s.txt", 4, chunks)))
        .await
        .unwrap_err();

    let UploadError::SendBytes {
        error: SendBytesError::Http { status, .. },
        file,
        ..
    } = &error
    else {
        panic!("expected the upload URL's 503, got {error:?}");
    };
    assert_eq!((*status, *file), (503, 0));
    assert_eq!(slack.uploads().len(), 1);
    assert!(slack.calls::<Complete>().is_empty());
    assert!(error.uploaded_not_completed().is_empty());
}

#[tokio::test]
async fn a_500_on_complete_is_not_repeated_and_names_the_files_left() {
    let slack = MockSlack::start().await.unwrap();
    slack.fail_next_call::<Complete>(1, Fault::ServerError { status: 500 });
    // Even a policy that replays everything does not repeat the completion.
    let client = mock_builder(&slack)
        .retry_policy(fast_retries().with_replay(Replay::Always))
        .build()
        .unwrap();
    let upload = Upload::new(UploadFile::from_bytes("a.txt", "a"))
        .file(UploadFile::from_bytes("b.txt", "b"))
        .share(Share::channel("C1"));
    let error = client.upload(upload).await.unwrap_err();

    assert_eq!(slack.calls::<Complete>().len(), 1);
    let ids = handed_out(&slack);
    assert_eq!(ids.len(), 2);
    let left: Vec<&str> = error
        .uploaded_not_completed()
        .iter()
        .map(|id| id.as_str())
        .collect();
    assert_eq!(left, ids);
    let UploadError::Complete {
        error: Error::Http { status: 500, .. },
        ..
    } = &error
    else {
        panic!("expected completeUploadExternal's 500, got {error:?}");
    };
    let message = error.to_string();
    for id in &ids {
        assert!(message.contains(id.as_str()), "{message}");
    }
    assert!(slack.calls::<Info>().is_empty());
}

#[tokio::test]
async fn channel_not_found_at_complete_surfaces_typed() {
    let slack = MockSlack::start().await.unwrap();
    slack.stub(Answer::<Complete>::error(
        FilesCompleteUploadExternalError::Common(CommonError::ChannelNotFound),
    ));
    let client = mock_client(&slack);
    let upload = Upload::new(UploadFile::from_bytes("a.txt", "a")).share(Share::channel("C404"));
    let error = client.upload(upload).await.unwrap_err();

    let UploadError::Complete {
        error: api_error,
        uploaded,
    } = &error
    else {
        panic!("expected a completion error, got {error:?}");
    };
    assert_eq!(
        api_error.code(),
        Some(&FilesCompleteUploadExternalError::Common(
            CommonError::ChannelNotFound
        ))
    );
    assert_eq!(uploaded.len(), 1);
    assert_eq!(uploaded[0].as_str(), handed_out(&slack)[0]);
    assert_eq!(error.file(), None);
    assert_no_token(&error);
}

#[tokio::test]
async fn the_upload_carries_no_token_and_the_bytes_arrive_intact() {
    let slack = MockSlack::start().await.unwrap();
    let client = mock_client(&slack);
    // Every byte value, over several chunks.
    let bytes = pattern(300_000);
    client
        .upload(Upload::new(UploadFile::from_bytes(
            "all.bin",
            bytes.clone(),
        )))
        .await
        .unwrap();

    let uploads = slack.uploads();
    assert_eq!(uploads.len(), 1);
    let upload = &uploads[0];
    assert_eq!(upload.header("authorization"), None);
    assert!(
        upload
            .headers
            .iter()
            .all(|(_, value)| !value.contains("SECRET")),
        "{:?}",
        upload.headers
    );
    assert_eq!(
        upload.header("content-type"),
        Some("application/octet-stream")
    );
    assert_eq!(upload.header("content-length"), Some("300000"));
    assert!(upload.whole);
    assert_eq!(upload.length, 300_000);
    assert_eq!(upload.bytes, bytes);
    assert_eq!(upload.digest, ByteDigest::of(&bytes));
    // The API calls did carry it, in the header.
    assert!(slack.calls::<GetUploadUrl>()[0].token().is_some());
    assert!(slack.calls::<Complete>()[0].token().is_some());
}

#[tokio::test]
async fn the_message_not_yet_shared_after_the_polls_is_said() {
    let slack = MockSlack::start().await.unwrap();
    slack.shares_visible_after(10);
    let client = mock_client(&slack);
    let upload = Upload::new(UploadFile::from_bytes("a.txt", "a"))
        .share(Share::channel("C1"))
        .share_poll(SharePoll::new(2, Duration::from_millis(1)));
    let uploaded = client.upload(upload).await.unwrap();

    assert!(
        matches!(uploaded.message, SharedMessage::NotYetKnown { polls: 2 }),
        "{:?}",
        uploaded.message
    );
    assert_eq!(slack.calls::<Info>().len(), 2);
}

#[tokio::test]
async fn a_source_shorter_than_declared_fails_naming_the_file() {
    let slack = MockSlack::start().await.unwrap();
    let client = mock_client(&slack);
    let chunks = stream::iter([Ok::<_, io::Error>(b"short".to_vec())]);
    let upload = Upload::new(UploadFile::from_bytes("fine.txt", "fine"))
        .file(UploadFile::from_stream("short.txt", 10, chunks));
    let error = client.upload(upload).await.unwrap_err();

    let UploadError::Source {
        file: 1,
        filename,
        source: SourceError::TooShort {
            declared: 10,
            read: 5,
        },
        ..
    } = &error
    else {
        panic!("expected the short source, got {error:?}");
    };
    assert_eq!(filename, "short.txt");
    assert_eq!(error.uploaded_not_completed().len(), 1);
    assert!(slack.calls::<Complete>().is_empty());
    // The mock took the first file whole; of the second, if it saw it, a body broken off.
    let uploads = slack.uploads();
    assert_eq!(uploads[0].bytes, b"fine");
    assert!(
        uploads[1..].iter().all(|upload| !upload.whole),
        "{uploads:?}"
    );
}

#[tokio::test]
async fn an_empty_file_is_refused_before_anything_is_sent() {
    let slack = MockSlack::start().await.unwrap();
    let client = mock_client(&slack);
    let error = client
        .upload(Upload::new(UploadFile::from_bytes("empty.txt", "")))
        .await
        .unwrap_err();
    assert!(
        matches!(
            error,
            UploadError::Source {
                source: SourceError::Empty,
                ..
            }
        ),
        "{error:?}"
    );
    assert!(slack.received().is_empty());
}

#[tokio::test]
async fn a_plain_http_upload_url_elsewhere_gets_no_bytes() {
    let slack = MockSlack::start().await.unwrap();
    slack.stub(
        Answer::<GetUploadUrl>::ok_json(serde_json::json!({
            "upload_url": "http://files.example.com/upload/F1",
            "file_id": "F1",
        }))
        .unwrap(),
    );
    let client = mock_client(&slack);
    let error = client
        .upload(Upload::new(UploadFile::from_bytes("a.txt", "a")))
        .await
        .unwrap_err();
    assert!(
        matches!(
            error,
            UploadError::SendBytes {
                error: SendBytesError::InvalidUrl { .. },
                ..
            }
        ),
        "{error:?}"
    );
    assert!(slack.uploads().is_empty());
}

#[tokio::test]
async fn get_upload_url_is_retried_after_a_500_and_its_errors_are_typed() {
    let slack = MockSlack::start().await.unwrap();
    slack.fail_next_call::<GetUploadUrl>(1, Fault::ServerError { status: 500 });
    let client = mock_client(&slack);
    client
        .upload(Upload::new(UploadFile::from_bytes("a.txt", "a")))
        .await
        .unwrap();
    let asked = slack.calls::<GetUploadUrl>();
    assert_eq!(asked.len(), 2);
    assert_eq!(asked[0].fault, Some(Fault::ServerError { status: 500 }));
    assert_eq!(slack.uploads().len(), 1);

    slack.stub(Answer::<GetUploadUrl>::error(
        FilesGetUploadUrlExternalError::FileUploadsDisabled,
    ));
    let upload = Upload::new(UploadFile::from_bytes("b.txt", "b"))
        .file(UploadFile::from_bytes("c.txt", "c"));
    let error = client.upload(upload).await.unwrap_err();
    let UploadError::GetUploadUrl {
        file: 0,
        filename,
        error: api_error,
        uploaded,
    } = &error
    else {
        panic!("expected getUploadURLExternal's error, got {error:?}");
    };
    assert_eq!(filename, "b.txt");
    assert_eq!(
        api_error.code(),
        Some(&FilesGetUploadUrlExternalError::FileUploadsDisabled)
    );
    assert!(uploaded.is_empty());
    assert_eq!(slack.uploads().len(), 1);
}
