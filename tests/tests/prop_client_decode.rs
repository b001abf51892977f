//! No answer panics the client: real-shaped Slack answers with values dropped, retyped, grafted
//! or cut short, and arbitrary bytes, decode into a typed response or a typed error. Through the
//! public API: serde on the generated response types (many cases, cheap), then real calls against
//! a loopback server whose status, headers and body each case picks (fewer cases, each a real
//! HTTP exchange), where the error must also keep the token out of its Display and Debug.

use std::path::Path;
use std::sync::{Arc, LazyLock, Mutex};
use std::time::Duration;

use integration_tests::mutate::{self, Mutation};
use proptest::prelude::*;
use proptest::sample::Index;
use serde_json::{Value, json};
use slack_api_client::{
    AdminConversationsLinkObjectsResponse, AdminConversationsSetTeamsResponse, Client, Code,
    ConversationsInfoError, ConversationsInfoRequest, ConversationsInfoResponse,
    ConversationsInfoWarning, RetryPolicy,
};
use wiremock::{Mock, MockServer, Request, Respond, ResponseTemplate};

/// The token of the test client; no error may show it.
const TOKEN: &str = "xoxb-prop-SECRET-0123456789";

/// Real-shaped answers: the conversations.info fixtures and the shapes every method shares.
fn answers() -> &'static [Value] {
    static ANSWERS: LazyLock<Vec<Value>> = LazyLock::new(|| {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/conversations.info");
        let mut files: Vec<_> = std::fs::read_dir(dir)
            .expect("read the answer fixtures")
            .map(|entry| entry.expect("directory entry").path())
            .collect();
        files.sort();
        let mut answers: Vec<Value> = files
            .iter()
            .map(|file| integration_tests::read_json(file))
            .collect();
        answers.push(json!({
            "ok": true,
            "warning": "missing_charset,superfluous_charset",
            "response_metadata": {"warnings": ["missing_charset"], "messages": ["[WARN] a"]}
        }));
        answers.push(json!({
            "ok": false,
            "error": "ratelimited",
            "needed": "channels:read",
            "provided": "chat:write",
            "response_metadata": {"messages": ["[ERROR] b"]}
        }));
        answers
    });
    &ANSWERS
}

/// A real-shaped answer with `mutations` applied.
fn mutated_answer(answer: Index, mutations: &[Mutation]) -> Value {
    let mut value = answers()[answer.index(answers().len())].clone();
    for mutation in mutations {
        mutate::apply(&mut value, mutation);
    }
    value
}

/// A body: a mutated answer as JSON text, perhaps cut or spliced, or arbitrary bytes; either
/// may carry the token, which the client must not repeat.
fn body() -> impl Strategy<Value = Vec<u8>> {
    let json_text = (
        any::<Index>(),
        proptest::collection::vec(mutate::mutation(), 0..4),
        proptest::option::weighted(0.3, mutate::text_edit()),
    )
        .prop_map(|(answer, mutations, edit)| {
            let mut text = mutated_answer(answer, &mutations).to_string();
            if let Some(edit) = edit {
                mutate::apply_text(&mut text, &edit);
            }
            text.into_bytes()
        });
    let body = prop_oneof![
        3 => json_text,
        1 => proptest::collection::vec(any::<u8>(), 0..300),
    ];
    (body, any::<bool>(), any::<Index>()).prop_map(|(mut body, leak, at)| {
        if leak {
            let at = at.index(body.len() + 1);
            body.splice(at..at, TOKEN.bytes());
        }
        body
    })
}

/// An HTTP answer the loopback server gives.
#[derive(Debug, Clone)]
struct Answer {
    status: u16,
    content_type: &'static str,
    retry_after: Option<String>,
    body: Vec<u8>,
}

fn answer() -> impl Strategy<Value = Answer> {
    let status = prop_oneof![
        4 => Just(200_u16),
        2 => proptest::sample::select(vec![201_u16, 204, 400, 401, 404, 429, 500, 502, 503]),
        1 => 200_u16..600,
    ];
    let content_type = proptest::sample::select(vec![
        "application/json",
        "application/json; charset=utf-8",
        "text/html",
        "text/plain",
        "application/octet-stream",
    ]);
    let retry_after = proptest::option::of(prop_oneof![
        (0_u64..3).prop_map(|seconds| seconds.to_string()),
        proptest::sample::select(vec![
            "18446744073709551616",
            "99999999999999999999999",
            "-1",
            "1.5",
            "",
            "Wed, 21 Oct 2015 07:28:00 GMT",
        ])
        .prop_map(str::to_owned),
        "[ -~]{0,12}",
    ]);
    (status, content_type, retry_after, body()).prop_map(
        |(status, content_type, retry_after, body)| Answer {
            status,
            content_type,
            retry_after,
            body,
        },
    )
}

/// Answers every request with the answer the current case put in place.
struct CurrentAnswer(Arc<Mutex<Option<Answer>>>);

impl Respond for CurrentAnswer {
    fn respond(&self, _: &Request) -> ResponseTemplate {
        let answer = self
            .0
            .lock()
            .expect("answer lock")
            .clone()
            .expect("an answer is set");
        let mut template =
            ResponseTemplate::new(answer.status).set_body_raw(answer.body, answer.content_type);
        if let Some(retry_after) = answer.retry_after {
            template = template.insert_header("Retry-After", retry_after.as_str());
        }
        template
    }
}

/// One loopback server and one client for all cases: a runtime, the slot the server answers
/// from, and a client that does not retry (each case is one attempt, decoded once).
struct Loopback {
    runtime: tokio::runtime::Runtime,
    /// Held for a whole call: the tests run in parallel and share the one answer slot.
    calls: Mutex<()>,
    current: Arc<Mutex<Option<Answer>>>,
    client: Client,
    _server: MockServer,
}

fn loopback() -> &'static Loopback {
    static LOOPBACK: LazyLock<Loopback> = LazyLock::new(|| {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(1)
            .enable_all()
            .build()
            .expect("a tokio runtime");
        let current = Arc::new(Mutex::new(None));
        let server = runtime.block_on(async {
            let server = MockServer::start().await;
            Mock::given(wiremock::matchers::any())
                .respond_with(CurrentAnswer(Arc::clone(&current)))
                .mount(&server)
                .await;
            server
        });
        let client = Client::builder(TOKEN)
            .base_url(format!("{}/api/", server.uri()))
            .retry_policy(RetryPolicy::disabled())
            .timeout(Duration::from_secs(10))
            .build()
            .expect("a loopback client builds");
        Loopback {
            runtime,
            calls: Mutex::new(()),
            current,
            client,
            _server: server,
        }
    });
    &LOOPBACK
}

/// Calls conversations.info against an `answer`: a typed value or a typed error that keeps the
/// token to itself and says what went wrong.
fn call(answer: Answer) {
    let result = call_with(answer.clone());
    match result {
        Ok(response) => {
            assert!(
                (200..300).contains(&answer.status),
                "{answer:?} gave {response:?}"
            );
        }
        Err(error) => {
            for shown in [error.to_string(), format!("{error:?}")] {
                assert!(!shown.contains(TOKEN), "the token leaked: {shown}");
                assert!(!shown.is_empty());
            }
        }
    }
}

/// One conversations.info call answered with `answer`.
fn call_with(
    answer: Answer,
) -> Result<
    slack_api_client::Response<ConversationsInfoResponse, ConversationsInfoWarning>,
    slack_api_client::Error<ConversationsInfoError>,
> {
    let loopback = loopback();
    let _turn = loopback
        .calls
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    *loopback.current.lock().expect("answer lock") = Some(answer);
    let request = ConversationsInfoRequest::new("C012AB3CD");
    loopback
        .runtime
        .block_on(loopback.client.conversations_info(request))
}

proptest! {
    #![proptest_config(mutate::config(256))]

    #[test]
    fn mutated_answers_deserialize_or_fail_as_values(
        answer in any::<Index>(),
        mutations in proptest::collection::vec(mutate::mutation(), 1..6),
        edit in proptest::option::weighted(0.3, mutate::text_edit()),
    ) {
        let mut text = mutated_answer(answer, &mutations).to_string();
        if let Some(edit) = &edit {
            mutate::apply_text(&mut text, edit);
        }
        let _ = serde_json::from_str::<ConversationsInfoResponse>(&text);
        let _ = serde_json::from_str::<AdminConversationsSetTeamsResponse>(&text);
        let _ = serde_json::from_str::<AdminConversationsLinkObjectsResponse>(&text);
    }

    #[test]
    fn any_code_becomes_a_typed_code(code in mutate::odd_string()) {
        let error = ConversationsInfoError::from_code(&code);
        assert_eq!(error.code(), code);
        let warning = ConversationsInfoWarning::from_code(&code);
        assert_eq!(warning.code(), code);
        let _ = (error.to_string(), warning.to_string(), error.is_retryable());
    }
}

proptest! {
    // Each case is a real HTTP exchange on loopback: fewer of them.
    #![proptest_config(mutate::config(96))]

    #[test]
    fn any_answer_decodes_to_a_value_or_a_typed_error(answer in answer()) {
        call(answer);
    }
}

/// The loopback harness itself works: a real answer decodes.
#[test]
fn a_fixture_answer_decodes_through_the_loopback_server() {
    let response = call_with(Answer {
        status: 200,
        content_type: "application/json",
        retry_after: None,
        body: answers()[0].to_string().into_bytes(),
    })
    .expect("a fixture answer decodes");
    assert!(response.warnings.is_empty());
}

/// Found by `any_answer_decodes_to_a_value_or_a_typed_error`: an answer that echoed the token in
/// `needed`, `provided`, its messages or warnings had it repeated in the error (and logged).
#[test]
fn an_answer_echoing_the_token_keeps_it_out_of_the_error() {
    let body = json!({
        "ok": false,
        "error": "channel_not_found",
        "needed": format!("channels:read {TOKEN}"),
        "provided": TOKEN,
        "warning": TOKEN,
        "response_metadata": {"messages": [TOKEN], "warnings": [TOKEN]}
    });
    let error = call_with(Answer {
        status: 200,
        content_type: "application/json",
        retry_after: None,
        body: body.to_string().into_bytes(),
    })
    .expect_err("an ok: false answer fails");
    let slack_api_client::Error::Api(api) = &error else {
        panic!("expected Slack's error code, got {error:?}");
    };
    assert_eq!(api.error, ConversationsInfoError::ChannelNotFound);
    assert_eq!(api.needed.as_deref(), Some("channels:read [redacted]"));
    for shown in [error.to_string(), format!("{error:?}")] {
        assert!(!shown.contains(TOKEN), "the token leaked: {shown}");
    }
}

/// Found by `any_answer_decodes_to_a_value_or_a_typed_error`: serde's message quotes the value
/// it refused, so a body holding the token in a mistyped field had it in the decode error.
#[test]
fn a_refused_value_holding_the_token_is_not_quoted_in_the_error() {
    let body = json!({"ok": format!("yes {TOKEN}")});
    let error = call_with(Answer {
        status: 200,
        content_type: "application/json",
        retry_after: None,
        body: body.to_string().into_bytes(),
    })
    .expect_err("a mistyped `ok` fails");
    let shown = error.to_string();
    assert!(shown.contains("expected a boolean"), "{shown}");
    for shown in [shown, format!("{error:?}")] {
        assert!(!shown.contains(TOKEN), "the token leaked: {shown}");
    }
}
