//! JSON arguments (Block Kit `blocks`, `attachments`, `metadata`) take any serialisable value:
//! a struct of the caller's, `serde_json::json!`, a `Value`. One without a JSON form is refused
//! before anything is sent, naming the argument.

use std::collections::BTreeMap;

use serde::Serialize;
use serde_json::json;
use slack_api_client::testing::{Answer, MockSlack};
use slack_api_client::{Error, api::ChatPostMessageRequest};

use crate::support::*;

/// A section block, as an app might type it.
#[derive(Serialize)]
struct Section {
    #[serde(rename = "type")]
    kind: &'static str,
    text: Text,
}

#[derive(Serialize)]
struct Text {
    #[serde(rename = "type")]
    kind: &'static str,
    text: String,
}

#[tokio::test]
async fn a_callers_own_types_go_as_json() {
    let slack = MockSlack::start().await.unwrap();
    slack.stub(
        Answer::<ChatPostMessageRequest>::ok_json(json!({"channel": "C1", "ts": "1.000001"}))
            .unwrap(),
    );
    let client = mock_client(&slack);
    let blocks = vec![Section {
        kind: "section",
        text: Text {
            kind: "mrkdwn",
            text: "*Deploy* finished".into(),
        },
    }];
    let request = ChatPostMessageRequest::new("C1")
        .blocks(blocks)
        .metadata(json!({"event_type": "deploy", "event_payload": {"id": 7}}));
    client.api().chat_post_message(request).await.unwrap();
    let call = &slack.calls::<ChatPostMessageRequest>()[0];
    let sent: serde_json::Value = serde_json::from_str(call.argument("blocks").unwrap()).unwrap();
    assert_eq!(
        sent,
        json!([{"type": "section", "text": {"type": "mrkdwn", "text": "*Deploy* finished"}}])
    );
    let metadata: serde_json::Value =
        serde_json::from_str(call.argument("metadata").unwrap()).unwrap();
    assert_eq!(metadata["event_payload"]["id"], 7);
}

#[tokio::test]
async fn a_value_without_a_json_form_is_refused_before_sending() {
    let slack = MockSlack::start().await.unwrap();
    let client = mock_client(&slack);
    // JSON object keys are strings: a map keyed by pairs has no JSON form.
    let odd: BTreeMap<(u8, u8), &str> = BTreeMap::from([((1, 2), "x")]);
    let error = client
        .api()
        .chat_post_message(ChatPostMessageRequest::new("C1").attachments(odd))
        .await
        .unwrap_err();
    match error {
        Error::InvalidArgument(invalid) => {
            assert_eq!(invalid.argument, "attachments");
            assert!(
                invalid.expected.contains("JSON form"),
                "{}",
                invalid.expected
            );
        }
        other => panic!("expected an invalid argument, got {other:?}"),
    }
    assert!(slack.received().is_empty(), "nothing was sent");
}
