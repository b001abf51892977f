//! Answers of our own (`tests/fixtures/answers/`), shaped after the conversation object's docs
//! and after what real answers carry (`../shared/docs/conversation-object.md`): each decodes,
//! encodes back to exactly the JSON it came from (unknown members, `null` and `""` included),
//! and the typed fields hold the values Slack sent.

use std::path::PathBuf;

use integration_tests::workspace_root;
use serde_json::{Value, json};
use slack_api_client::{
    Misfit, api::ChannelId, api::ConversationsHistoryResponse, api::ConversationsInfoResponse,
    api::EnterpriseId, api::TeamId, api::TeamOrEnterpriseId, api::UserId, decode_lenient,
};

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

/// Nothing is lost: every member of every answer, at every depth, comes back with its value,
/// `null` stays `null`, `""` stays `""`, absent stays absent, and numbers keep their form.
#[test]
fn every_answer_round_trips_unchanged() {
    for name in ANSWERS {
        let original = answer(name);
        let decoded: ConversationsInfoResponse = serde_json::from_value(original.clone()).unwrap();
        assert_eq!(serde_json::to_value(&decoded).unwrap(), original, "{name}");
        let text = serde_json::to_string(&decoded).unwrap();
        let again: ConversationsInfoResponse = serde_json::from_str(&text).unwrap();
        assert_eq!(
            again, decoded,
            "{name}: decoding the encoded answer gives the same value"
        );
    }
}

/// Rewrites every string that looks like a Slack ID (a capital letter, then capitals and digits)
/// to start with an unusual prefix.
fn with_unusual_prefixes(value: &mut Value) -> usize {
    match value {
        Value::String(text) => {
            let looks_like_id = text.len() >= 9
                && text.starts_with(|c: char| c.is_ascii_uppercase())
                && text
                    .chars()
                    .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit());
            if looks_like_id {
                *text = format!("x9{text}");
            }
            usize::from(looks_like_id)
        }
        Value::Array(items) => items.iter_mut().map(with_unusual_prefixes).sum(),
        Value::Object(members) => members.values_mut().map(with_unusual_prefixes).sum(),
        _ => 0,
    }
}

/// ID types never check what an ID starts with, so an ID of a kind nobody foresaw (or a typed
/// member that holds another kind's ID) never fails an answer.
#[test]
fn ids_with_unusual_prefixes_still_decode() {
    let mut rewritten = 0;
    for name in ANSWERS {
        let mut value = answer(name);
        rewritten += with_unusual_prefixes(&mut value);
        let decoded: ConversationsInfoResponse = serde_json::from_value(value.clone())
            .unwrap_or_else(|error| panic!("{name} with unusual prefixes: {error}"));
        assert!(decoded.channel.id.as_str().starts_with("x9"), "{name}");
        assert_eq!(serde_json::to_value(&decoded).unwrap(), value, "{name}");
    }
    assert!(rewritten >= 60, "only {rewritten} IDs rewritten");
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
    let purpose = channel.purpose.expect("purpose");
    assert_eq!(
        purpose.creator, None,
        "never set: Slack sent an empty string"
    );
    assert_eq!(
        TeamOrEnterpriseId::from(EnterpriseId::from("E05GTR4YB1S")),
        TeamOrEnterpriseId::from(TeamId::from("E05GTR4YB1S")),
        "both kinds convert into the union"
    );
}

#[test]
fn topic_never_set() {
    let response = decode("topic_never_set");
    let channel = &response.channel;
    for text in [&channel.topic, &channel.purpose] {
        let text = text.as_ref().expect("topic and purpose");
        assert_eq!(text.creator, None);
        assert_eq!(text.last_set, 0);
        assert_eq!(text.value, "");
    }
    assert_eq!(channel.priority.as_ref().and_then(|p| p.as_i64()), Some(0));
    let properties = channel.properties.as_ref().expect("properties");
    assert_eq!(properties.tabs, None);
    assert!(properties.extra.is_empty());
    let encoded = serde_json::to_value(&response).unwrap();
    assert_eq!(
        encoded["channel"]["topic"]["creator"], "",
        "None goes back as \"\""
    );
    assert_eq!(encoded["channel"]["priority"].to_string(), "0", "not 0.0");
}

/// Members no spec names reach the caller at every level: the answer, the conversation, its
/// properties, a tab inside them, and the topic.
#[test]
fn unknown_members_are_reachable() {
    let response = decode("unknown_members");
    assert_eq!(response.extra["served_by"], "edge-fra-2");
    assert_eq!(response.extra["ok"], true);
    assert_eq!(
        response.extra["response_metadata"]["warnings"],
        serde_json::json!([])
    );
    let channel = response.channel;
    assert_eq!(channel.extra["channel_theme"]["tags"][1], "compact");
    assert_eq!(
        channel.extra["future_flag"],
        Value::Null,
        "null kept, not dropped"
    );
    assert!(
        !channel.extra.contains_key("name"),
        "typed members are not repeated"
    );
    let topic = channel.topic.expect("topic");
    assert_eq!(topic.extra["blocks_version"], 3);
    let properties = channel.properties.expect("properties");
    assert_eq!(properties.extra["retention"]["days"], 90);
    assert_eq!(properties.extra["retention"]["policy"], Value::Null);
    assert_eq!(properties.extra["ai_summary_opt_out"], false);
    let tabs = properties.tabs.expect("tabs");
    assert_eq!(tabs[0].extra["pin_state"]["order"], 2);
    assert_eq!(channel.priority.and_then(|p| p.as_f64()), Some(0.75));
}

#[test]
fn dm_with_a_deleted_user() {
    let channel = decode("dm_deleted_user").channel;
    assert_eq!(channel.is_im, Some(true));
    assert_eq!(channel.is_user_deleted, Some(true));
    assert_eq!(channel.user, Some(UserId::from("U02BP8WRX5N")));
    assert_eq!(channel.latest, Some(None), "latest is null, not absent");
    assert_eq!(channel.parent_conversation, None, "absent, not null");
    assert_eq!(channel.priority.expect("priority").as_u64(), Some(0));
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
    let priority = channel.priority.expect("priority");
    assert!(priority.is_f64(), "a fractional priority stays a float");
    assert_eq!(priority.as_f64(), Some(0.0213378804117163));
    let latest = channel.latest.flatten().expect("latest message");
    assert_eq!(latest.subtype.as_deref(), Some("bot_message"));
    assert_eq!(latest.bot_id.expect("bot").as_str(), "B05M7T2QKZC");
    assert_eq!(latest.app_id.expect("app").as_str(), "A05M6XQ1P9R");
    assert_eq!(latest.user, None, "a bot post has no user");
    assert_eq!(
        latest.bot_profile.expect("bot profile").name.as_deref(),
        Some("deploybot")
    );
    assert_eq!(latest.blocks.expect("blocks")[0]["type"], "section");
}

fn paths(misfits: &[Misfit]) -> Vec<&str> {
    misfits.iter().map(|misfit| misfit.path.as_str()).collect()
}

/// The three odd members of answers Slack's docs once showed, a nested object whose required
/// member does not fit, and a list with an item that does not: the rest of the answer is typed,
/// what did not fit is named and kept, and encoding gives back exactly what came.
#[test]
fn odd_members_of_a_conversation_are_set_aside_and_kept() {
    let mut sent = answer("public_channel");
    let channel = &mut sent["channel"];
    channel["parent_conversation"] = json!(0);
    channel["pending_shared"] = json!({});
    channel["previous_names"] = json!({"0": "old-name"});
    channel["topic"]["last_set"] = json!("yesterday");
    channel["shared_team_ids"] = json!(["T0001", 5, "T0002"]);
    let body = serde_json::to_vec(&sent).unwrap();
    assert!(serde_json::from_slice::<ConversationsInfoResponse>(&body).is_err());

    let (data, misfits) = decode_lenient::<ConversationsInfoResponse>(&body).unwrap();
    assert_eq!(
        paths(&misfits),
        [
            "channel.parent_conversation",
            "channel.pending_shared",
            "channel.previous_names",
            "channel.shared_team_ids[1]",
            "channel.topic",
        ]
    );
    assert_eq!(misfits[0].expected, "a string");
    assert_eq!(misfits[2].expected, "a sequence");
    assert_eq!(misfits[3].value, json!(5));
    assert_eq!(misfits[4].expected, "`channel.topic.last_set` to be i64");
    let channel = &data.channel;
    assert_eq!(channel.id.as_str(), "C06KQ3Z9W1M");
    assert_eq!(channel.name.as_deref(), Some("release-train"));
    assert_eq!(channel.parent_conversation, None);
    assert_eq!(channel.pending_shared, None);
    assert_eq!(channel.previous_names, None);
    assert_eq!(channel.topic, None);
    assert!(channel.purpose.is_some());
    let teams: Vec<&str> = channel
        .shared_team_ids
        .iter()
        .flatten()
        .map(TeamId::as_str)
        .collect();
    assert_eq!(teams, ["T0001", "T0002"]);
    assert_eq!(channel.extra["previous_names"], json!({"0": "old-name"}));
    assert_eq!(serde_json::to_value(&data).unwrap(), sent);
}

/// Odd members at the top of an answer and in the items of its list: one item that lacks a
/// required member leaves the list's other items, and an odd member of an item only that member.
#[test]
fn odd_members_at_the_top_and_in_list_items() {
    let sent = json!({
        "ok": true,
        "has_more": false,
        "pin_count": "three",
        "messages": [
            {"type": "message", "ts": "1.000001", "text": "first",
             "reactions": [{"name": "wave", "count": "two"}]},
            {"type": "message", "text": "no ts"},
            {"type": "message", "ts": "3.000003", "reply_count": [1]}
        ]
    });
    let body = serde_json::to_vec(&sent).unwrap();
    let (data, misfits) = decode_lenient::<ConversationsHistoryResponse>(&body).unwrap();
    assert_eq!(
        paths(&misfits),
        [
            "messages[0].reactions[0].count",
            "messages[1]",
            "messages[2].reply_count",
            "pin_count",
        ]
    );
    assert!(
        misfits[1].expected.contains("`messages[1].ts`"),
        "{:?}",
        misfits[1]
    );
    assert_eq!(misfits[1].value, sent["messages"][1]);
    let texts: Vec<_> = data.messages.iter().map(|m| m.ts.as_str()).collect();
    assert_eq!(texts, ["1.000001", "3.000003"]);
    let reaction = &data.messages[0].reactions.as_ref().unwrap()[0];
    assert_eq!(
        (reaction.name.as_deref(), reaction.count),
        (Some("wave"), None)
    );
    assert_eq!(data.pin_count, None);
    assert_eq!(serde_json::to_value(&data).unwrap(), sent);
}

/// A member the answer itself requires fails the decode, naming the innermost member at fault
/// and what was expected there.
#[test]
fn a_required_member_that_does_not_fit_fails_naming_it() {
    for (channel, expected) in [
        (
            json!(5),
            "`channel` does not fit: expected struct Conversation",
        ),
        (
            json!({"id": 7}),
            "`channel.id` does not fit: expected a string",
        ),
        (
            json!({"name": "x"}),
            "`channel.id` does not fit: expected a value: the member is required",
        ),
    ] {
        let body = serde_json::to_vec(&json!({"ok": true, "channel": channel})).unwrap();
        let error = decode_lenient::<ConversationsInfoResponse>(&body).unwrap_err();
        assert_eq!(error.to_string(), expected);
    }
}

/// Every member of a generated table is found by its name, at its own index.
#[test]
fn generated_member_tables_find_every_member() {
    use slack_api_client::api::{
        Conversation, ConversationsHistoryResponse, ConversationsInfoResponse, File, Message, User,
        UserProfile,
    };
    use slack_api_client::wire::{Member, Object};
    type Table = (&'static str, &'static [Member], fn(&str) -> Option<usize>);
    let tables: [Table; 7] = [
        (
            "Conversation",
            Conversation::MEMBERS,
            Conversation::member_index,
        ),
        (
            "ConversationsHistoryResponse",
            ConversationsHistoryResponse::MEMBERS,
            ConversationsHistoryResponse::member_index,
        ),
        (
            "ConversationsInfoResponse",
            ConversationsInfoResponse::MEMBERS,
            ConversationsInfoResponse::member_index,
        ),
        ("File", File::MEMBERS, File::member_index),
        ("Message", Message::MEMBERS, Message::member_index),
        ("User", User::MEMBERS, User::member_index),
        (
            "UserProfile",
            UserProfile::MEMBERS,
            UserProfile::member_index,
        ),
    ];
    for (name, members, find) in tables {
        assert!(members.len() > 1, "{name} has a table");
        for (index, member) in members.iter().enumerate() {
            assert_eq!(find(member.name), Some(index), "{name}.{}", member.name);
        }
        assert_eq!(find("not a member"), None, "{name}");
    }
}
