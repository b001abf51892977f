//! The conversations.info page's examples decode into the generated types: the success bodies
//! straight through serde, and all four through the client against a loopback server.

use std::path::PathBuf;

use integration_tests::workspace_root;
use slack_api_client::{
    Client, Error, api::ChannelId, api::CommonError, api::ConversationsInfoError,
    api::ConversationsInfoRequest, api::ConversationsInfoResponse, api::TeamId, api::UserId,
};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

fn example(name: &str) -> String {
    let file: PathBuf =
        workspace_root().join(format!("tests/fixtures/conversations.info/{name}.json"));
    std::fs::read_to_string(file).expect("read example")
}

fn decode(name: &str) -> ConversationsInfoResponse {
    serde_json::from_str(&example(name)).unwrap_or_else(|error| panic!("{name}: {error}"))
}

#[test]
fn public_channel_example() {
    let channel = decode("public_channel").channel;
    assert_eq!(channel.id, ChannelId::from("C012AB3CD"));
    assert_eq!(channel.name.as_deref(), Some("general"));
    assert_eq!(
        channel.updated,
        Some(1_723_130_875_818),
        "milliseconds fit an i64"
    );
    assert_eq!(channel.parent_conversation, Some(None), "sent as null");
    assert_eq!(
        channel.shared_team_ids,
        Some(vec![TeamId::from("T123ABC456")])
    );
    assert_eq!(channel.creator, Some(UserId::from("U123ABC456")));
    let topic = channel.topic.expect("topic");
    assert_eq!(topic.value, "For public discussion of generalities");
    assert_eq!(topic.last_set, 1_449_709_364);
    let purpose = channel.purpose.expect("purpose");
    assert_eq!(purpose.creator, Some(UserId::from("W012A3BCD")));
    let tabs = channel.properties.expect("properties").tabs.expect("tabs");
    let tab_types: Vec<&str> = tabs.iter().map(|tab| tab.type_.as_str()).collect();
    assert_eq!(tab_types, ["workflows", "files", "bookmarks"]);
    assert_eq!(
        channel.locale, None,
        "fields of other conversation types are absent"
    );
    assert_eq!(channel.num_members, None);
}

#[test]
fn direct_message_example() {
    let channel = decode("direct_message").channel;
    assert_eq!(channel.is_im, Some(true));
    assert_eq!(channel.user, Some(UserId::from("U27FFLNF4")));
    assert_eq!(channel.locale.as_deref(), Some("en-US"));
    assert_eq!(
        channel.priority.and_then(|priority| priority.as_f64()),
        Some(0.043016851216706)
    );
    assert_eq!(channel.unread_count_display, Some(0));
    let latest = channel.latest.flatten().expect("latest message");
    assert_eq!(latest.type_.as_deref(), Some("message"));
    assert_eq!(latest.text.as_deref(), Some("Psssst!"));
    assert_eq!(latest.ts.as_str(), "1513718191.000038");
    assert_eq!(
        channel.name, None,
        "fields of channels are absent from a DM"
    );
}

#[test]
fn num_members_example() {
    assert_eq!(decode("num_members").channel.num_members, Some(2));
}

#[test]
fn unknown_fields_are_kept() {
    let mut value: serde_json::Value = serde_json::from_str(&example("public_channel")).unwrap();
    value["channel"]["brand_new_field"] = serde_json::json!({"nested": [1, 2, 3]});
    value["unexpected_top_level"] = serde_json::json!(true);
    let response: ConversationsInfoResponse = serde_json::from_value(value).expect("tolerant");
    assert_eq!(response.channel.id.as_str(), "C012AB3CD");
    assert_eq!(response.channel.extra["brand_new_field"]["nested"][2], 3);
    assert_eq!(response.extra["unexpected_top_level"], true);
}

/// All four examples as served by a real HTTP server, through the client's decoding.
#[tokio::test]
async fn examples_through_the_client() {
    let server = MockServer::start().await;
    let client = Client::builder("xoxb-test-token")
        .base_url(format!("{}/api/", server.uri()))
        .build()
        .expect("client");
    for name in ["public_channel", "direct_message", "num_members"] {
        server.reset().await;
        Mock::given(method("GET"))
            .and(path("/api/conversations.info"))
            .respond_with(
                ResponseTemplate::new(200).set_body_raw(example(name), "application/json"),
            )
            .mount(&server)
            .await;
        let response = client
            .api()
            .conversations_info(ConversationsInfoRequest::new("C012AB3CD"))
            .await
            .unwrap_or_else(|error| panic!("{name}: {error}"));
        assert_eq!(response.data.channel.id.as_str(), "C012AB3CD");
    }
    server.reset().await;
    Mock::given(method("GET"))
        .and(path("/api/conversations.info"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_raw(example("error_channel_not_found"), "application/json"),
        )
        .mount(&server)
        .await;
    let error = client
        .api()
        .conversations_info(ConversationsInfoRequest::new("C0000000"))
        .await
        .expect_err("channel_not_found");
    let Error::Api(api) = error else {
        panic!("expected an API error, got {error:?}");
    };
    assert_eq!(
        api.error,
        ConversationsInfoError::Common(CommonError::ChannelNotFound)
    );
    assert_eq!(api.error.code(), "channel_not_found");
}

/// Decoding and encoding again gives back every member of every example, `null` ones and `ok`
/// included: the generated types hold all the fields the page shows, with their values intact.
#[test]
fn examples_round_trip_without_losing_fields() {
    for name in ["public_channel", "direct_message", "num_members"] {
        let original: serde_json::Value = serde_json::from_str(&example(name)).unwrap();
        let decoded: ConversationsInfoResponse = serde_json::from_value(original.clone()).unwrap();
        assert_eq!(serde_json::to_value(&decoded).unwrap(), original, "{name}");
    }
}
