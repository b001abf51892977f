//! Arguments and members that take one of a few words: generated enums whose `Other` keeps a
//! word the docs do not list yet, on the wire and in answers.

use serde_json::json;
use slack_api_client::testing::{Answer, MockSlack};
use slack_api_client::{api::ConversationType, api::ConversationsListRequest};

use crate::support::*;

#[test]
fn words_round_trip_and_an_unknown_word_is_kept() {
    let known: ConversationType = serde_json::from_value(json!("private_channel")).unwrap();
    assert_eq!(known, ConversationType::PrivateChannel);
    let new: ConversationType = serde_json::from_value(json!("huddle_thread")).unwrap();
    assert_eq!(new, ConversationType::Other("huddle_thread".into()));
    assert_eq!(serde_json::to_value(&new).unwrap(), json!("huddle_thread"));
    assert_eq!(ConversationType::Im.to_string(), "im");
    assert_eq!(ConversationType::from("mpim"), ConversationType::Mpim);
}

#[tokio::test]
async fn a_list_of_words_goes_comma_separated_unknown_ones_as_given() {
    let slack = MockSlack::start().await.unwrap();
    slack.stub(Answer::<ConversationsListRequest>::ok_json(json!({"channels": []})).unwrap());
    let client = mock_client(&slack);
    let request = ConversationsListRequest::new().types([
        ConversationType::PublicChannel,
        ConversationType::Im,
        ConversationType::Other("huddle_thread".into()),
    ]);
    client
        .api()
        .conversations_list(request.clone())
        .await
        .unwrap();
    let call = &slack.calls::<ConversationsListRequest>()[0];
    assert_eq!(
        call.argument("types"),
        Some("public_channel,im,huddle_thread")
    );
    // The mock parses it back with the generated parser: the same request.
    assert_eq!(call.request::<ConversationsListRequest>().unwrap(), request);
}
