//! Calls any Slack Web API method this client knows, by name, from the command line:
//!
//! ```text
//! SLACK_TOKEN=xoxb-... cargo run -p slack-api-client --features cli --example slack -- \
//!     conversations.info channel=C123 include_num_members=true
//! ```
//!
//! Prints Slack's whole answer but `ok` as JSON on stdout (members the spec does not know
//! included) and exits 0; an API error prints `error: <code>` on
//! stderr and exits 1; each warning prints `warning: <code>` on stderr. Usage problems (unknown
//! method or argument, missing or malformed value, broken constraint, no token) exit 2 before
//! anything is sent. `SLACK_API_URL`, when set, replaces the base URL.
//!
//! `slack <method> --help` lists the method's arguments (required ones first, with type, default
//! and description), its scopes and rate limit, from the spec; it needs no token.

use std::process::ExitCode;

use slack_api_client::{ByNameError, Client, api::METHOD_NAMES, api::call_by_name, method_help};

const USAGE: &str = "usage: slack <method> [name=value ...]   (lists are comma-separated)\n       \
                     slack <method> --help                (the method's arguments)";

/// Exit code of a call Slack refused or that failed on the way.
const FAILED: u8 = 1;
/// Exit code of a usage problem; nothing was sent.
const USAGE_ERROR: u8 = 2;

#[tokio::main(flavor = "current_thread")]
async fn main() -> ExitCode {
    match run().await {
        Ok(()) => ExitCode::SUCCESS,
        Err((code, message)) => {
            if !message.is_empty() {
                eprintln!("{message}");
            }
            ExitCode::from(code)
        }
    }
}

async fn run() -> Result<(), (u8, String)> {
    let mut argv = std::env::args().skip(1);
    let method = match argv.next() {
        Some(method) if method != "-h" && method != "--help" => method,
        _ => return Err((USAGE_ERROR, usage())),
    };
    let argv: Vec<String> = argv.collect();
    if argv.iter().any(|arg| arg == "-h" || arg == "--help") {
        return match method_help(&method) {
            Some(help) => {
                println!("{help}");
                Ok(())
            }
            None => Err((
                USAGE_ERROR,
                format!("unknown method `{method}`\n{}", usage()),
            )),
        };
    }
    let args = argv
        .into_iter()
        .map(|arg| match arg.split_once('=') {
            Some((name, value)) => Ok((name.to_owned(), value.to_owned())),
            None => Err((
                USAGE_ERROR,
                format!("argument `{arg}` is not name=value\n{USAGE}"),
            )),
        })
        .collect::<Result<Vec<_>, _>>()?;
    if !METHOD_NAMES.contains(&method.as_str()) {
        return Err((
            USAGE_ERROR,
            format!("unknown method `{method}`\n{}", usage()),
        ));
    }
    let token = std::env::var("SLACK_TOKEN")
        .map_err(|_| (USAGE_ERROR, "SLACK_TOKEN is not set".to_owned()))?;
    let mut builder = Client::builder(token);
    if let Ok(url) = std::env::var("SLACK_API_URL") {
        builder = builder.base_url(url);
    }
    let client = builder
        .build()
        .map_err(|e| (USAGE_ERROR, format!("error: {e}")))?;

    match call_by_name(&client, &method, &args).await {
        Ok(outcome) => {
            print_warnings(&outcome.warnings);
            println!("{}", answer_beside_ok(&outcome.raw_json)?);
            Ok(())
        }
        Err(error) => Err(report(error)),
    }
}

fn report(error: ByNameError) -> (u8, String) {
    if let ByNameError::Api {
        warnings, messages, ..
    } = &error
    {
        print_warnings(warnings);
        for message in messages {
            eprintln!("message: {message}");
        }
    }
    let code = if error.is_usage() {
        USAGE_ERROR
    } else {
        FAILED
    };
    (code, format!("error: {error}"))
}

/// Slack's answer without its `ok` member, pretty-printed.
fn answer_beside_ok(raw_json: &str) -> Result<String, (u8, String)> {
    let cannot = |e: serde_json::Error| (FAILED, format!("error: cannot print the answer: {e}"));
    let mut answer: serde_json::Map<String, serde_json::Value> =
        serde_json::from_str(raw_json).map_err(cannot)?;
    answer.remove("ok");
    serde_json::to_string_pretty(&answer).map_err(cannot)
}

fn print_warnings(warnings: &[String]) {
    for warning in warnings {
        eprintln!("warning: {warning}");
    }
}

fn usage() -> String {
    format!("{USAGE}\nmethods:\n  {}", METHOD_NAMES.join("\n  "))
}
