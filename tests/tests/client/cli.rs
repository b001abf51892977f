//! The example CLI (`cargo run -p slack-api-client --features cli --example slack`) run as a real process
//! against a loopback server: stdout, stderr and exit codes for success, API errors, warnings
//! and usage errors.

use std::path::PathBuf;
use std::process::{Command, Output};
use std::sync::OnceLock;

use serde_json::{Value, json};
use wiremock::MockServer;

use crate::support::*;

/// The example, built once per test run the way cargo builds it.
fn example() -> &'static PathBuf {
    static EXAMPLE: OnceLock<PathBuf> = OnceLock::new();
    EXAMPLE.get_or_init(|| {
        let manifest = concat!(env!("CARGO_MANIFEST_DIR"), "/../Cargo.toml");
        escargot::CargoBuild::new()
            .manifest_path(manifest)
            .package("slack-api-client")
            .example("slack")
            .features("cli")
            .current_release()
            .run()
            .expect("the example builds")
            .path()
            .to_path_buf()
    })
}

/// What one run of the CLI printed and returned.
struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

/// Runs the CLI with `args`, pointed at `api_url` (when given) with the test token.
fn slack(api_url: Option<String>, args: &[&str]) -> Run {
    let mut command = Command::new(example());
    command
        .args(args)
        .env_remove("SLACK_TOKEN")
        .env_remove("SLACK_API_URL");
    if let Some(url) = api_url {
        command.env("SLACK_TOKEN", TOKEN).env("SLACK_API_URL", url);
    }
    let Output {
        status,
        stdout,
        stderr,
    } = command.output().expect("the example runs");
    let run = Run {
        code: status.code().expect("an exit code"),
        stdout: String::from_utf8(stdout).unwrap(),
        stderr: String::from_utf8(stderr).unwrap(),
    };
    assert!(!run.stdout.contains(TOKEN) && !run.stderr.contains(TOKEN));
    run
}

async fn server_answering(body: Value) -> MockServer {
    let server = MockServer::start().await;
    always(&server, slack_json(body)).await;
    server
}

#[tokio::test]
async fn success_prints_the_whole_answer_as_json() {
    let server = server_answering(json!({
        "ok": true,
        "channel": {"id": "C123", "name": "general", "num_members": 4, "ignored": true}
    }))
    .await;
    let run = slack(
        Some(base_url(&server)),
        &[
            "conversations.info",
            "channel=C123",
            "include_num_members=true",
        ],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(run.stderr, "");
    let printed: Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(
        printed,
        json!({"channel": {"id": "C123", "name": "general", "num_members": 4, "ignored": true}}),
        "every member Slack sent but `ok`, known to the spec or not"
    );
    let requests = received(&server).await;
    assert_eq!(requests.len(), 1);
    assert_eq!(requests[0].url.path(), "/api/conversations.info");
    assert_token_only_in_header(&requests[0]);
    // conversations.info is a GET (its twin says so): the arguments travel in the query.
    assert_eq!(
        requests[0].url.query(),
        Some("channel=C123&include_num_members=true")
    );
}

#[tokio::test]
async fn warnings_go_to_stderr_and_lists_are_comma_separated() {
    let server = server_answering(json!({
        "ok": true, "warning": "missing_charset",
        "response_metadata": {"warnings": ["superfluous_charset"]}
    }))
    .await;
    let run = slack(
        Some(base_url(&server)),
        &[
            "admin.conversations.setTeams",
            "channel_id=C1",
            "target_team_ids=T1,T2",
        ],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(
        run.stderr,
        "warning: missing_charset\nwarning: superfluous_charset\n"
    );
    assert_eq!(
        serde_json::from_str::<Value>(&run.stdout).unwrap(),
        json!({"warning": "missing_charset", "response_metadata": {"warnings": ["superfluous_charset"]}})
    );
    let requests = received(&server).await;
    assert_eq!(
        body_text(&requests[0]),
        "channel_id=C1&target_team_ids=T1%2CT2"
    );
}

#[tokio::test]
async fn an_api_error_prints_its_code_and_exits_1() {
    let server = server_answering(json!({
        "ok": false, "error": "missing_scope",
        "needed": "channels:read", "provided": "chat:write"
    }))
    .await;
    let run = slack(
        Some(base_url(&server)),
        &["conversations.info", "channel=C123"],
    );
    assert_eq!(run.code, 1);
    assert_eq!(run.stdout, "");
    assert_eq!(
        run.stderr,
        "error: missing_scope (needed: channels:read, provided: chat:write)\n"
    );
}

#[tokio::test]
async fn usage_errors_exit_2_and_send_nothing() {
    let server = server_answering(json!({"ok": true})).await;
    let cases: [(&[&str], &str); 7] = [
        (&[], "usage: slack <method>"),
        (&["files.uploadV9"], "unknown method `files.uploadV9`"),
        (&["conversations.info", "channel"], "is not name=value"),
        (
            &["conversations.info", "channel=C1", "colour=red"],
            "unknown argument `colour`",
        ),
        (&["conversations.info"], "needs the argument `channel`"),
        (
            &["conversations.info", "channel=C1", "include_locale=maybe"],
            "expected true or false, got `maybe`",
        ),
        (
            &[
                "admin.conversations.linkObjects",
                "channel=C1",
                "record_id=short",
                "salesforce_org_id=00D5e000000abcd",
            ],
            "invalid argument `record_id`",
        ),
    ];
    for (args, expected) in cases {
        let run = slack(Some(base_url(&server)), args);
        assert_eq!(run.code, 2, "{args:?}: {}", run.stderr);
        assert!(run.stderr.contains(expected), "{args:?}: {}", run.stderr);
        assert_eq!(run.stdout, "");
    }
    assert!(received(&server).await.is_empty(), "nothing was sent");
}

#[test]
fn a_missing_token_exits_2() {
    let run = slack(None, &["conversations.info", "channel=C1"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("SLACK_TOKEN is not set"),
        "{}",
        run.stderr
    );
}

#[test]
fn an_unreachable_server_exits_1() {
    let run = slack(
        Some(closed_port_url()),
        &["conversations.info", "channel=C1"],
    );
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.starts_with("error: could not reach Slack"),
        "{}",
        run.stderr
    );
}

#[test]
fn method_help_lists_the_specs_arguments_scopes_and_tier() {
    // No token and no server: help is read from the generated tables alone.
    let run = slack(None, &["admin.conversations.setTeams", "--help"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(run.stderr, "");
    let lines: Vec<&str> = run.stdout.lines().collect();
    assert_eq!(
        lines[0],
        "admin.conversations.setTeams: Chooses which workspaces of an Enterprise Grid org a \
         channel belongs to."
    );
    let arguments: Vec<&str> = lines
        .iter()
        .filter(|line| line.starts_with("  ") && !line.starts_with("      "))
        .copied()
        .collect();
    assert_eq!(
        arguments,
        [
            "  channel_id (required, ChannelId string)",
            "  org_channel (optional, boolean, default false)",
            "  target_team_ids (optional, comma-separated list of TeamId strings)",
            "  team_id (optional, TeamId string)",
        ]
    );
    assert!(
        lines.contains(&"scopes, user token: admin.conversations:write"),
        "{}",
        run.stdout
    );
    assert!(lines.contains(&"rate limit: Tier 2"), "{}", run.stdout);

    let run = slack(None, &["conversations.info", "-h"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.contains(
        "scopes, bot token: channels:read, groups:read, im:read, mpim:read (any one)\n\
         scopes, user token: channels:read, groups:read, im:read, mpim:read (any one)\n\
         rate limit: Tier 3"
    ));
    let run = slack(None, &["no.such.method", "--help"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("unknown method `no.such.method`"),
        "{}",
        run.stderr
    );
}
