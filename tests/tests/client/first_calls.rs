//! The README's "First calls", run for real: the `first_calls` example, built by cargo, as a
//! process against the mock Slack on loopback. It checks its token, lists every channel across
//! two pages, reads history and a thread, posts and updates a message, and looks up a user.

use std::path::PathBuf;
use std::process::Command;
use std::sync::OnceLock;

use serde_json::json;
use slack_api_client::testing::{Answer, MockSlack};
use slack_api_client::{
    Method, api::AuthTestRequest, api::ChatPostMessageRequest, api::ChatUpdateRequest,
    api::ConversationsHistoryRequest, api::ConversationsListRequest,
    api::ConversationsRepliesRequest, api::UsersInfoRequest,
};

use crate::support::TOKEN;

/// The example's binary, built once for all tests.
fn example() -> &'static PathBuf {
    static BINARY: OnceLock<PathBuf> = OnceLock::new();
    BINARY.get_or_init(|| {
        let manifest = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../generated-client/Cargo.toml"
        );
        escargot::CargoBuild::new()
            .manifest_path(manifest)
            .package("slack-api-client")
            .example("first_calls")
            .current_release()
            .run()
            .expect("the example builds")
            .path()
            .to_path_buf()
    })
}

/// A successful answer of `M`, checked to decode as `M`'s answer.
fn answer<M: Method>(body: serde_json::Value) -> Answer<M> {
    Answer::ok_json(body).expect("the answer decodes")
}

fn stub_a_workspace(slack: &MockSlack) {
    slack.stub::<AuthTestRequest>(answer(json!({"user_id": "U1", "team": "Acme"})));
    slack.stub_pages::<ConversationsListRequest>(vec![
        answer(json!({"channels": [{"id": "C1", "name": "general"}]})),
        answer(json!({"channels": [{"id": "C2", "name": "random"}]})),
    ]);
    slack.stub::<ConversationsHistoryRequest>(answer(json!({
        "has_more": false,
        "messages": [
            {"type": "message", "user": "U2", "text": "lunch?", "ts": "1513718191.000038",
             "reply_count": 2, "thread_ts": "1513718191.000038"},
            {"type": "message", "user": "U1", "text": "hi", "ts": "1513718190.000010"}
        ]
    })));
    slack.stub::<ConversationsRepliesRequest>(answer(json!({
        "messages": [
            {"type": "message", "text": "lunch?", "ts": "1513718191.000038"},
            {"type": "message", "text": "yes", "ts": "1513718192.000001"},
            {"type": "message", "text": "where", "ts": "1513718193.000001"}
        ]
    })));
    slack.stub::<ChatPostMessageRequest>(answer(
        json!({"channel": "C1", "ts": "1513718200.000100"}),
    ));
    slack.stub::<ChatUpdateRequest>(answer(json!({
        "channel": "C1", "ts": "1513718200.000100", "text": "Hello again", "message": {}
    })));
    slack.stub::<UsersInfoRequest>(answer(json!({
        "user": {"id": "U2", "name": "ada", "real_name": "Ada", "profile": {"email": "ada@example.com"}}
    })));
}

#[tokio::test]
async fn the_first_calls_example_runs_against_the_mock() {
    let slack = MockSlack::start().await.unwrap();
    stub_a_workspace(&slack);
    let binary = example().clone();
    let url = slack.base_url();
    let output = tokio::task::spawn_blocking(move || {
        Command::new(binary)
            .env("SLACK_TOKEN", TOKEN)
            .env("SLACK_CHANNEL", "C1")
            .env("SLACK_API_URL", url)
            .output()
            .expect("run the example")
    })
    .await
    .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{stdout}\n{stderr}");
    assert_eq!(
        stdout.lines().collect::<Vec<_>>(),
        [
            "token of Some(UserId(\"U1\")) in Some(\"Acme\")",
            "channel C1 Some(\"general\")",
            "channel C2 Some(\"random\")",
            "message 1513718191.000038 Some(\"lunch?\")",
            "  2 replies",
            "message 1513718190.000010 Some(\"hi\")",
            "updated 1513718200.000100",
            "user ada Some(\"Ada\") Some(\"ada@example.com\")",
        ]
    );
    // Every call as the spec has it (the mock checks each against its method's spec), in order.
    let methods: Vec<String> = slack.received().iter().map(|r| r.method.clone()).collect();
    assert_eq!(
        methods,
        [
            "auth.test",
            "conversations.list",
            "conversations.list",
            "conversations.history",
            "conversations.replies",
            "chat.postMessage",
            "chat.update",
            "users.info",
        ]
    );
    let update = &slack.calls::<ChatUpdateRequest>()[0];
    assert_eq!(
        update.argument("ts"),
        Some("1513718200.000100"),
        "the ts kept exactly"
    );
    assert_eq!(slack.take_problems(), Vec::<String>::new());
}

/// The README's "First calls" code is the example's, line for line.
#[test]
fn the_readme_shows_the_example() {
    let root = integration_tests::workspace_root();
    let readme = std::fs::read_to_string(root.join("README.md")).expect("read README.md");
    let example = std::fs::read_to_string(root.join("generated-client/examples/first_calls.rs"))
        .expect("read the example");
    let section = readme
        .split("## First calls")
        .nth(1)
        .expect("a First calls section");
    let code = section
        .split("```rust")
        .nth(1)
        .and_then(|rest| rest.split("```").next())
        .expect("a rust block");
    let mut lines = 0;
    for line in code.lines().map(str::trim).filter(|line| !line.is_empty()) {
        assert!(
            example.lines().any(|l| l.trim() == line),
            "README line not in the example: {line}"
        );
        lines += 1;
    }
    assert!(lines > 20, "the section shows the calls ({lines} lines)");
}
