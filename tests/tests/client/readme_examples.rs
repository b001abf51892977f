//! The README's worked examples ("Worked examples"), run against the mock Slack: each example
//! function below is the README's code line for line (checked by the last test), and each test
//! checks what it sent and what it reported.

use std::future::ready;

use futures_util::TryStreamExt;
use serde_json::json;
use slack_api_client::api::{
    AdminConversationsBulkArchiveRequest, AdminConversationsSearchRequest, BulkChannelFailure,
    ChannelId, ChatPostEphemeralRequest, ReactionsAddRequest, ViewsOpenRequest, ViewsUpdateRequest,
};
use slack_api_client::testing::{Answer, MockSlack};
use slack_api_client::{Client, UnixTime};

/// Archives every channel of `team` with no activity for a year, in one bulk call; returns
/// what Slack did not accept, with its reasons.
async fn archive_idle_channels(
    client: &Client,
    team: &str,
) -> Result<Vec<BulkChannelFailure>, Box<dyn std::error::Error>> {
    // `last_activity_ts` is in microseconds (a message timestamp's digits without the dot).
    let year_ago = (UnixTime::now().as_secs() - 365 * 24 * 60 * 60) * 1_000_000;
    let search = AdminConversationsSearchRequest::new().team_ids([team]);
    let idle: Vec<ChannelId> = client
        .items(search)
        .try_filter(|channel| {
            let archived = channel.is_archived.unwrap_or(false);
            let idle = channel.last_activity_ts.is_some_and(|ts| ts < year_ago);
            ready(idle && !archived)
        })
        .map_ok(|channel| channel.id)
        .try_collect()
        .await?;
    if idle.is_empty() {
        return Ok(Vec::new());
    }
    // Slack archives in the background; the answer lists the channels it did not accept.
    let request = AdminConversationsBulkArchiveRequest::new(idle);
    let response = client
        .api()
        .admin_conversations_bulk_archive(request)
        .await?;
    Ok(response.data.not_added.unwrap_or_default())
}

/// A slash command's flow: a modal opened on the command's trigger and then updated, a
/// reaction on the message the command is about, and a reply only the user sees.
async fn acknowledge(
    client: &Client,
    trigger_id: &str,
    channel: &str,
    user: &str,
    message_ts: &str,
) -> Result<(), Box<dyn std::error::Error>> {
    let api = client.api();
    let modal = json!({
        "type": "modal",
        "title": {"type": "plain_text", "text": "Working on it"},
        "blocks": [],
    });
    let opened = api
        .views_open(ViewsOpenRequest::new(modal).trigger_id(trigger_id))
        .await?;
    let done = json!({
        "type": "modal",
        "title": {"type": "plain_text", "text": "Done"},
        "blocks": [{"type": "section", "text": {"type": "mrkdwn", "text": "All set."}}],
    });
    let view = opened.data.view;
    let mut update = ViewsUpdateRequest::new(done).view_id(view.id);
    if let Some(hash) = view.hash {
        update = update.hash(hash); // Slack refuses the update if the view changed meanwhile
    }
    api.views_update(update).await?;
    api.reactions_add(ReactionsAddRequest::new(
        channel,
        "white_check_mark",
        message_ts,
    ))
    .await?;
    let reply = ChatPostEphemeralRequest::new(channel, user).text("Done: see the modal.");
    api.chat_post_ephemeral(reply).await?;
    Ok(())
}

fn mock_client(slack: &MockSlack) -> Client {
    Client::builder("xoxp-test")
        .base_url(slack.base_url())
        .build()
        .unwrap()
}

#[tokio::test]
async fn idle_channels_are_archived_in_one_call_and_refusals_reported() {
    let slack = MockSlack::start().await.unwrap();
    let now_us = UnixTime::now().as_secs() * 1_000_000;
    let two_years_ago = now_us - 2 * 365 * 24 * 3600 * 1_000_000;
    let pages = [
        (
            json!([
                {"id": "C1", "last_activity_ts": now_us},
                {"id": "C2", "last_activity_ts": two_years_ago},
            ]),
            "next",
        ),
        (
            json!([
                {"id": "C3", "last_activity_ts": two_years_ago, "is_archived": true},
                {"id": "C4", "last_activity_ts": two_years_ago},
            ]),
            "",
        ),
    ];
    for (conversations, next) in pages {
        let page = json!({"conversations": conversations, "next_cursor": next});
        slack.stub(
            Answer::<AdminConversationsSearchRequest>::ok_json(page)
                .unwrap()
                .times(1),
        );
    }
    let refused = json!({"not_added": [{"channel_id": "C4", "errors": ["restricted_action"]}]});
    slack.stub(Answer::<AdminConversationsBulkArchiveRequest>::ok_json(refused).unwrap());
    let client = mock_client(&slack);

    let failures = archive_idle_channels(&client, "T1").await.unwrap();

    let searches = slack.calls::<AdminConversationsSearchRequest>();
    assert_eq!(searches.len(), 2, "both pages are read");
    assert_eq!(searches[0].argument("team_ids"), Some("T1"));
    let archives = slack.calls::<AdminConversationsBulkArchiveRequest>();
    assert_eq!(archives.len(), 1, "one bulk call");
    assert_eq!(archives[0].argument("channel_ids"), Some("C2,C4"));
    assert_eq!(failures.len(), 1);
    assert_eq!(failures[0].channel_id, ChannelId::from("C4"));
    assert_eq!(
        failures[0].errors.as_deref(),
        Some(&["restricted_action".to_owned()][..])
    );
    assert_eq!(slack.take_problems(), Vec::<String>::new());
}

#[tokio::test]
async fn a_command_opens_and_updates_a_modal_reacts_and_replies() {
    let slack = MockSlack::start().await.unwrap();
    let view = json!({"view": {"id": "V1", "hash": "h1", "type": "modal"}});
    slack.stub(Answer::<ViewsOpenRequest>::ok_json(view.clone()).unwrap());
    slack.stub(Answer::<ViewsUpdateRequest>::ok_json(view).unwrap());
    slack.stub(
        Answer::<ChatPostEphemeralRequest>::ok_json(json!({"message_ts": "2.000001"})).unwrap(),
    );
    let client = mock_client(&slack);

    acknowledge(&client, "T.rig", "C1", "U1", "1.000001")
        .await
        .unwrap();

    let sent: Vec<String> = slack
        .received()
        .into_iter()
        .map(|call| call.method)
        .collect();
    assert_eq!(
        sent,
        [
            "views.open",
            "views.update",
            "reactions.add",
            "chat.postEphemeral"
        ]
    );
    let update = &slack.calls::<ViewsUpdateRequest>()[0];
    assert_eq!(update.argument("view_id"), Some("V1"));
    assert_eq!(update.argument("hash"), Some("h1"));
    let view: serde_json::Value = serde_json::from_str(update.argument("view").unwrap()).unwrap();
    assert_eq!(view["title"]["text"], "Done");
    let reaction = &slack.calls::<ReactionsAddRequest>()[0];
    assert_eq!(reaction.argument("name"), Some("white_check_mark"));
    assert_eq!(reaction.argument("timestamp"), Some("1.000001"));
    assert_eq!(
        slack.calls::<ChatPostEphemeralRequest>()[0].argument("user"),
        Some("U1")
    );
    assert_eq!(slack.take_problems(), Vec::<String>::new());
}

#[test]
fn the_readme_examples_are_the_functions_above() {
    let readme = std::fs::read_to_string(integration_tests::workspace_root().join("README.md"))
        .expect("read README.md");
    let section = readme
        .split("## Worked examples")
        .nth(1)
        .expect("a Worked examples section");
    let section = section.split("\n## ").next().unwrap_or_default();
    let this_file = include_str!("readme_examples.rs");
    let examples: Vec<&str> = section
        .split("```rust\n")
        .skip(1)
        .map(|example| example.split("```").next().unwrap_or_default())
        .collect();
    assert_eq!(examples.len(), 2, "two worked examples");
    for example in examples {
        // The function itself, from its doc comment to its closing brace (the `use` lines
        // above it and a call below it are the README's own).
        let function: Vec<&str> = example
            .lines()
            .skip_while(|line| !line.starts_with("///"))
            .collect();
        let end = function
            .iter()
            .position(|line| *line == "}")
            .expect("a function");
        assert!(end > 3, "a whole function");
        for line in function[..=end]
            .iter()
            .filter(|line| !line.trim().is_empty())
        {
            assert!(
                this_file.contains(line),
                "README line not in the test: {line}"
            );
        }
    }
}
