//! Every generated method, called by name over real HTTP against the mock Slack: each builds
//! its request from its spec's required arguments, sends it where and how its spec says (URL,
//! HTTP method, encoding, token only in the header, and only to methods that take one), and the mock finds nothing wrong with it.
//! The mock answers `{"ok": true}`: methods whose answers require members report which one is
//! missing, naming the method, rather than failing in any other way.

use slack_api_client::testing::MockSlack;
use slack_api_client::{ByNameError, HttpMethod, api::METHOD_HELP, api::call_by_name};

use crate::support::*;

/// A value the by-name parser takes for an argument of this help type.
fn value_for(name: &str, ty: &str) -> &'static str {
    if name == "emails" {
        return "a@example.com";
    }
    match ty {
        "boolean" => "true",
        "integer" => "1",
        "number" => "1.5",
        "JSON value" => r#"{"type":"section"}"#,
        _ if ty.contains("SalesforceRecordId") => "a0B5e000001abcD",
        _ if ty.contains("SalesforceOrgId") => "00D5e000000abcd",
        _ if ty.contains("Timestamp") => "1513718191.000038",
        "Unix time in seconds" => "1700000000",
        _ if ty.contains("ConversationType") => "public_channel",
        _ if ty.contains("InvitePermissionAction") => "upgrade",
        _ if ty.contains("Id string") => "C0123ABC",
        _ => "x",
    }
}

#[tokio::test]
async fn every_method_is_sent_as_its_spec_says() {
    let slack = MockSlack::start().await.unwrap();
    let client = mock_client(&slack);
    // Every spec of `spec/` (one file per method, beside the schemas) has its row.
    let specs = std::fs::read_dir(integration_tests::workspace_root().join("spec"))
        .expect("spec/")
        .filter_map(|entry| entry.ok()?.file_name().into_string().ok())
        .filter(|name| name.ends_with(".json") && !name.ends_with(".schema.json"))
        .count();
    assert_eq!(METHOD_HELP.len(), specs);
    for help in METHOD_HELP {
        let args: Vec<(String, String)> = help
            .arguments
            .iter()
            .filter(|argument| argument.required)
            .map(|argument| {
                let name = argument.name.to_owned();
                let value = value_for(argument.name, argument.ty).to_owned();
                (name, value)
            })
            .collect();
        match call_by_name(&client, help.name, &args).await {
            Ok(_) => {}
            // `{"ok": true}` lacks the members some answers require: the decode names one.
            Err(ByNameError::Call(error)) => {
                let message = error.to_string();
                assert!(
                    message.contains(help.name) && message.contains("which is missing"),
                    "{}: {message}",
                    help.name
                );
            }
            Err(other) => panic!("{}: {other}", help.name),
        }
    }
    let received = slack.received();
    assert_eq!(
        received.len(),
        METHOD_HELP.len(),
        "one request a method, no retry"
    );
    for (request, help) in received.iter().zip(METHOD_HELP) {
        assert_eq!(request.method, help.name);
        // A method whose spec names another `auth` (the OAuth exchanges, tooling.tokens.rotate)
        // is sent no bearer token; this client holds no client credentials, so it is sent none.
        let spec_file = format!("spec/{}.json", help.name);
        let spec =
            integration_tests::read_json(&integration_tests::workspace_root().join(spec_file));
        let bearer = spec.get("auth").is_none_or(|auth| auth == "bearer");
        let expected = bearer.then_some(TOKEN);
        assert_eq!(request.token(), expected, "{}", help.name);
        assert_eq!(request.auth_scheme.is_some(), bearer, "{}", help.name);
        if request.http_method == HttpMethod::Get {
            assert!(request.body.is_empty(), "{}", help.name);
        }
        for argument in help.arguments.iter().filter(|argument| argument.required) {
            assert!(
                request.argument(argument.name).is_some(),
                "{}: `{}` not sent",
                help.name,
                argument.name
            );
        }
    }
    assert_eq!(slack.take_problems(), Vec::<String>::new());
}
