//! Answers of our own (`tests/fixtures/answers/`), shaped after the conversation object's docs
//! and after what real answers carry (`../shared/docs/conversation-object.md`): each decodes, and
//! the typed fields hold the values Slack sent.

use std::path::PathBuf;

use integration_tests::workspace_root;
use serde_json::Value;
use slack_api_client::{ChannelId, ConversationsInfoResponse, TeamOrEnterpriseId, UserId};

const ANSWERS: &[&str] = &[
    "dm_deleted_user",
    "group_dm",
    "org_wide_channel",
    "private_channel",
    "public_channel",
    "slack_connect_channel",
    "topic_never_set",
    "unknown_members",
];

fn answer_file(name: &str) -> PathBuf {
    workspace_root().join(format!(
        "tests/fixtures/answers/conversations.info/{name}.json"
    ))
}

fn answer(name: &str) -> Value {
    let text = std::fs::read_to_string(answer_file(name)).expect("read the answer");
    serde_json::from_str(&text).unwrap_or_else(|error| panic!("{name} is not JSON: {error}"))
}

fn decode(name: &str) -> ConversationsInfoResponse {
    serde_json::from_value(answer(name)).unwrap_or_else(|error| panic!("{name}: {error}"))
}

#[test]
fn the_list_names_every_fixture() {
    let dir = workspace_root().join("tests/fixtures/answers/conversations.info");
    let mut found: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|entry| {
            let path = entry.unwrap().path();
            path.file_stem().unwrap().to_string_lossy().into_owned()
        })
        .collect();
    found.sort();
    assert_eq!(found, ANSWERS);
}

#[test]
fn every_answer_decodes() {
    for name in ANSWERS {
        assert!(!decode(name).channel.id.as_str().is_empty(), "{name}");
    }
}

#[test]
fn public_channel() {
    let channel = decode("public_channel").channel;
    assert_eq!(channel.id, ChannelId::from("C06KQ3Z9W1M"));
    assert_eq!(channel.is_member, Some(true));
    assert_eq!(channel.is_read_only, Some(false));
    assert_eq!(channel.is_moved, Some(0));
    assert_eq!(
        channel.previous_names,
        Some(vec!["release-coordination".to_owned()])
    );
    let properties = channel.properties.expect("properties");
    assert_eq!(properties.use_case.as_deref(), Some("project"));
    assert_eq!(properties.canvas.expect("canvas")["file_id"], "F06KR0M2XHE");
    let tabs = properties.tabs.expect("tabs");
    assert_eq!(tabs[2].label, "Runbook");
    assert_eq!(tabs[2].is_disabled, Some(false));
    assert_eq!(
        tabs[2].data.as_ref().expect("data")["file_id"],
        "F07A2XKQ9M4"
    );
}

#[test]
fn private_channel() {
    let channel = decode("private_channel").channel;
    assert_eq!(channel.is_private, Some(true));
    assert_eq!(channel.is_group, Some(true));
    assert_eq!(channel.is_member, Some(false));
    assert_eq!(channel.is_read_only, Some(true));
    assert_eq!(channel.num_members, Some(4));
    assert_eq!(channel.locale.as_deref(), Some("en-GB"));
    let properties = channel.properties.expect("properties");
    let posting = properties.posting_restricted_to.expect("posting limits");
    assert_eq!(
        posting.type_,
        Some(vec!["admin".to_owned(), "user".to_owned()])
    );
    assert_eq!(
        posting.user,
        Some(vec![
            UserId::from("W01GTN7A4SZ"),
            UserId::from("U01H2KX7MRC")
        ])
    );
    let threads = properties.threads_restricted_to.expect("thread limits");
    assert_eq!(threads.user, None, "absent members stay absent");
    assert_eq!(properties.is_dormant, Some(true));
}

#[test]
fn org_wide_channel() {
    let channel = decode("org_wide_channel").channel;
    assert_eq!(channel.is_global_shared, Some(true));
    assert_eq!(channel.is_org_default, Some(true));
    assert_eq!(channel.is_org_mandatory, Some(true));
    assert_eq!(
        channel.conversation_host_id,
        Some(TeamOrEnterpriseId::from("E03RZ2H5KMN"))
    );
    assert_eq!(
        channel.enterprise_id.expect("enterprise").as_str(),
        "E03RZ2H5KMN"
    );
    assert_eq!(channel.internal_team_ids.expect("internal teams").len(), 3);
    assert_eq!(channel.num_members, Some(18342));
    assert_eq!(
        channel.properties.expect("properties").huddles_restricted,
        Some(true)
    );
}

#[test]
fn slack_connect_channel() {
    let channel = decode("slack_connect_channel").channel;
    assert_eq!(channel.is_ext_shared, Some(true));
    assert_eq!(channel.is_pending_ext_shared, Some(true));
    let pending: Vec<String> = channel
        .pending_connected_team_ids
        .expect("pending teams")
        .into_iter()
        .map(TeamOrEnterpriseId::into_string)
        .collect();
    assert_eq!(pending, ["T07KWQ2M5RD", "E05GTR4YB1S", ""]);
    let connected = channel.connected_team_ids.expect("connected teams");
    assert!(connected.contains(&TeamOrEnterpriseId::from("E02MDC9VX4K")));
    assert_eq!(
        channel.connected_limited_team_ids,
        Some(vec![TeamOrEnterpriseId::from("E02MDC9VX4K")])
    );
    let properties = channel.properties.expect("properties");
    assert_eq!(properties.has_slack_connect_invite_created, Some(true));
    assert_eq!(properties.channel_workflows, Some(vec![]));
    assert_eq!(properties.tabz.expect("tabz").len(), 1);
}

#[test]
fn dm_with_a_deleted_user() {
    let channel = decode("dm_deleted_user").channel;
    assert_eq!(channel.is_im, Some(true));
    assert_eq!(channel.is_user_deleted, Some(true));
    assert_eq!(channel.user, Some(UserId::from("U02BP8WRX5N")));
    assert_eq!(channel.latest, None, "latest is null");
    assert_eq!(channel.name, None, "a DM has no name");
}

#[test]
fn group_dm() {
    let channel = decode("group_dm").channel;
    assert_eq!(channel.is_mpim, Some(true));
    assert_eq!(
        channel.members.expect("members").len(),
        3,
        "group DMs list their members"
    );
    let latest = channel.latest.expect("latest message");
    assert_eq!(latest.subtype.as_deref(), Some("bot_message"));
    assert_eq!(latest.bot_id.expect("bot").as_str(), "B05M7T2QKZC");
    assert_eq!(latest.app_id.expect("app").as_str(), "A05M6XQ1P9R");
    assert_eq!(latest.user, None, "a bot post has no user");
    assert_eq!(
        latest.bot_profile.expect("bot profile")["name"],
        "deploybot"
    );
    assert_eq!(latest.blocks.expect("blocks")[0]["type"], "section");
}
