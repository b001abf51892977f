//! Methods that take a file (`users.setPhoto`'s `image`, `apps.icon.set`'s `file`,
//! `files.remote.add`'s preview): a call carrying one is sent as `multipart/form-data`, the
//! file's bytes and name intact beside the text arguments; a call without one stays a form; a
//! retried call sends the same bytes again; a media type that is not one is refused before
//! anything is sent; by name, `@path` reads the file.

use serde_json::json;
use slack_api_client::api::{FilesRemoteAddRequest, UsersSetPhotoRequest};
use slack_api_client::testing::{Answer, Fault, MockSlack};
use slack_api_client::{ContentType, Error, FileArg};

use crate::support::mock_client;

/// Bytes that are no text: a PNG signature, a zero and an invalid UTF-8 sequence.
const PNG: &[u8] = b"\x89PNG\r\n\x1a\n\x00\xff\xfe--boundary-lookalike\r\n";

async fn stubbed() -> MockSlack {
    let slack = MockSlack::start().await.unwrap();
    slack.stub(Answer::<UsersSetPhotoRequest>::ok_json(json!({})).unwrap());
    slack.stub(
        Answer::<FilesRemoteAddRequest>::ok_json(json!({"file": {"id": "F0REMOTE"}})).unwrap(),
    );
    slack
}

#[tokio::test]
async fn a_file_goes_as_a_multipart_part_beside_the_text_arguments() {
    let slack = stubbed().await;
    let client = mock_client(&slack);
    let photo = FileArg::new("me.png", PNG.to_vec()).content_type("image/png");
    let request = UsersSetPhotoRequest::new().crop_w("100").image(photo);
    client.api().users_set_photo(request).await.unwrap();
    let [sent] = &slack.calls::<UsersSetPhotoRequest>()[..] else {
        panic!("expected one call");
    };
    assert_eq!(sent.content_type, Some(ContentType::Multipart));
    assert_eq!(sent.argument("crop_w"), Some("100"));
    let [file] = &sent.files[..] else {
        panic!("expected one file: {sent:?}");
    };
    assert_eq!(file.name, "image");
    assert_eq!(file.file_name.as_deref(), Some("me.png"));
    assert_eq!(file.content_type.as_deref(), Some("image/png"));
    assert_eq!(file.bytes, PNG, "the bytes arrive exactly");

    // Without a file the same method is sent as a form.
    let crop_only = UsersSetPhotoRequest::new().crop_w("50");
    client.api().users_set_photo(crop_only).await.unwrap();
    let last = slack.calls::<UsersSetPhotoRequest>().pop().unwrap();
    assert_eq!(last.content_type, Some(ContentType::Form));
    assert!(last.files.is_empty());
    assert!(slack.take_problems().is_empty());
}

#[tokio::test]
async fn a_retried_call_sends_the_same_files_again() {
    let slack = stubbed().await;
    let client = mock_client(&slack);
    // A 429: Slack did not run the call, so even a method that is not idempotent is resent.
    let limited = Fault::RateLimited {
        retry_after: std::time::Duration::ZERO,
    };
    slack.fail_next(1, limited);
    let preview = FileArg::new("preview.png", PNG.to_vec());
    let terms = FileArg::new("terms.txt", b"quarterly report budget".to_vec());
    let request = FilesRemoteAddRequest::new("doc-1", "https://example.com/doc-1", "Report")
        .preview_image(preview)
        .indexable_file_contents(terms);
    client.api().files_remote_add(request).await.unwrap();
    let calls = slack.calls::<FilesRemoteAddRequest>();
    assert_eq!(calls.len(), 2, "the 429 was retried");
    assert_eq!(calls[0].files, calls[1].files);
    let names: Vec<_> = calls[1]
        .files
        .iter()
        .map(|file| file.name.as_str())
        .collect();
    assert_eq!(names, ["indexable_file_contents", "preview_image"]);
    assert_eq!(calls[1].files[1].bytes, PNG);
    assert_eq!(
        calls[1].files[1].content_type.as_deref(),
        Some("application/octet-stream"),
        "a file without a media type is sent as bytes"
    );
}

#[tokio::test]
async fn a_media_type_that_is_not_one_is_refused_before_sending() {
    let slack = stubbed().await;
    let client = mock_client(&slack);
    let photo = FileArg::new("me.png", PNG.to_vec()).content_type("png please");
    let request = UsersSetPhotoRequest::new().image(photo);
    let error = client.api().users_set_photo(request).await.unwrap_err();
    let Error::InvalidArgument(invalid) = &error else {
        panic!("expected an invalid argument: {error:?}");
    };
    assert_eq!(invalid.argument, "image");
    assert!(error.to_string().contains("png please"), "{error}");
    assert!(slack.received().is_empty(), "nothing was sent");
}

#[tokio::test]
async fn by_name_an_at_path_reads_the_file() {
    let slack = stubbed().await;
    let client = mock_client(&slack);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("avatar.png");
    std::fs::write(&path, PNG).unwrap();
    let args = [("image".to_owned(), format!("@{}", path.display()))];
    slack_api_client::api::call_by_name(&client, "users.setPhoto", &args)
        .await
        .unwrap();
    let sent = slack.calls::<UsersSetPhotoRequest>().pop().unwrap();
    assert_eq!(sent.files[0].file_name.as_deref(), Some("avatar.png"));
    assert_eq!(sent.files[0].bytes, PNG);

    let missing = [("image".to_owned(), "@/no/such/file.png".to_owned())];
    let error = slack_api_client::api::call_by_name(&client, "users.setPhoto", &missing)
        .await
        .unwrap_err();
    assert!(error.to_string().contains("/no/such/file.png"), "{error}");
    assert!(slack.take_problems().is_empty());
}
