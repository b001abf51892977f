//! No answer panics the client: real-shaped Slack answers with values dropped, retyped, grafted
//! or cut short, and arbitrary bytes, decode into a typed response or a typed error. Through the
//! public API: serde on the generated response types (many cases, cheap), then real calls against
//! a loopback server whose status, headers and body each case picks (fewer cases, each a real
//! HTTP exchange), where the error must also keep the token out of its Display and Debug: once
//! without retries, once with the default policy's retry counts (ending within them), and by
//! name with arguments of any kind.

use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, LazyLock, Mutex};
use std::time::Duration;

use codegen::load::SpecSet;
use codegen::spec::{ArgumentSpec, FieldSpec, TypeSpec};
use integration_tests::mutate::{self, Mutation};
use proptest::prelude::*;
use proptest::sample::Index;
use serde_json::{Value, json};
use slack_api_client::{
    Client, Code, RetryPolicy, api::AdminConversationsLinkObjectsResponse,
    api::AdminConversationsSetTeamsResponse, api::CommonError, api::ConversationsInfoError,
    api::ConversationsInfoRequest, api::ConversationsInfoResponse, api::ConversationsInfoWarning,
    decode_lenient,
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

/// The specs the client was generated from.
fn specs() -> &'static SpecSet {
    static SPECS: LazyLock<SpecSet> = LazyLock::new(|| {
        codegen::load::load(&integration_tests::workspace_root()).expect("the specs load")
    });
    &SPECS
}

/// An optional member of an answer: its JSON pointer, and its path as a misfit names it.
#[derive(Debug, Clone)]
struct OptionalMember {
    pointer: String,
    path: String,
}

/// Every optional member of a conversations.info answer, at any depth (list items included),
/// found by walking the answer beside the specs.
fn optional_members(answer: &Value) -> Vec<OptionalMember> {
    let method = specs()
        .methods
        .iter()
        .find(|method| method.value.name == "conversations.info")
        .expect("conversations.info has a spec");
    let mut found = Vec::new();
    walk_fields(&method.value.response.fields, answer, ("", ""), &mut found);
    found
}

fn walk_fields(
    fields: &[FieldSpec],
    value: &Value,
    at: (&str, &str),
    found: &mut Vec<OptionalMember>,
) {
    let Value::Object(members) = value else {
        return;
    };
    for field in fields {
        let Some(member) = members.get(&field.name) else {
            continue;
        };
        let pointer = format!("{}/{}", at.0, field.name);
        let path = if at.1.is_empty() {
            field.name.clone()
        } else {
            format!("{}.{}", at.1, field.name)
        };
        walk_type(&field.ty, member, (&pointer, &path), found);
        if !field.required {
            found.push(OptionalMember { pointer, path });
        }
    }
}

fn walk_type(ty: &TypeSpec, value: &Value, at: (&str, &str), found: &mut Vec<OptionalMember>) {
    match (ty, value) {
        (TypeSpec::Ref(name), _) => {
            if let Some(object) = specs().types.iter().find(|t| t.value.name == *name) {
                walk_fields(&object.value.fields, value, at, found);
            }
        }
        (TypeSpec::Array(item), Value::Array(items)) => {
            for (index, value) in items.iter().enumerate() {
                let at = (format!("{}/{index}", at.0), format!("{}[{index}]", at.1));
                walk_type(item, value, (&at.0, &at.1), found);
            }
        }
        (TypeSpec::Nullable(inner), _) => walk_type(inner, value, at, found),
        _ => {}
    }
}

/// Whether `path` is `member` or lies inside it.
fn within(path: &str, member: &str) -> bool {
    path.strip_prefix(member)
        .is_some_and(|rest| rest.is_empty() || rest.starts_with(['.', '[']))
}

/// A conversations.info answer of the fixtures with `value` in place of one of its optional
/// members, the member, and what encoding the decoded answer gives back: the answer as sent,
/// but for a `null` the member may not be, which is absent.
fn with_odd_member(answer: Index, member: Index, value: Value) -> (Value, OptionalMember) {
    let fixtures: Vec<&Value> = answers()
        .iter()
        .filter(|a| a.get("channel").is_some())
        .collect();
    let mut sent = Value::clone(*answer.get(&fixtures));
    let members = optional_members(&sent);
    let member = member.get(&members).clone();
    *sent
        .pointer_mut(&member.pointer)
        .expect("the member is there") = value;
    (sent, member)
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

/// Answers every request with the answer the current case put in place, counting attempts.
struct CurrentAnswer {
    answer: Arc<Mutex<Option<Answer>>>,
    attempts: Arc<AtomicUsize>,
}

impl Respond for CurrentAnswer {
    fn respond(&self, _: &Request) -> ResponseTemplate {
        self.attempts.fetch_add(1, Ordering::SeqCst);
        let answer = self
            .answer
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

/// How many attempts the retrying client makes at most: the first, 3 transient retries and 3
/// after HTTP 429 (the default policy's counts).
const MAX_ATTEMPTS: usize = 7;

/// One loopback server for all cases: a runtime, the slot the server answers from, how many
/// attempts it answered, and two clients: one that does not retry (each case is one attempt,
/// decoded once) and one with the default policy's counts but waits of milliseconds.
struct Loopback {
    runtime: tokio::runtime::Runtime,
    /// Held for a whole call: the tests run in parallel and share the one answer slot.
    calls: Mutex<()>,
    current: Arc<Mutex<Option<Answer>>>,
    attempts: Arc<AtomicUsize>,
    client: Client,
    retrying: Client,
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
        let attempts = Arc::new(AtomicUsize::new(0));
        let server = runtime.block_on(async {
            let server = MockServer::start().await;
            Mock::given(wiremock::matchers::any())
                .respond_with(CurrentAnswer {
                    answer: Arc::clone(&current),
                    attempts: Arc::clone(&attempts),
                })
                .mount(&server)
                .await;
            server
        });
        let client = |policy: RetryPolicy| {
            Client::builder(TOKEN)
                .base_url(format!("{}/api/", server.uri()))
                .retry_policy(policy)
                .timeout(Duration::from_secs(10))
                .build()
                .expect("a loopback client builds")
        };
        // A `Retry-After` of 0 is waited out and retried; any longer one fails at once.
        let fast = RetryPolicy::default()
            .with_backoff(Duration::from_millis(1), Duration::from_millis(4))
            .with_max_retry_after(Duration::ZERO);
        Loopback {
            client: client(RetryPolicy::disabled()),
            retrying: client(fast),
            runtime,
            calls: Mutex::new(()),
            current,
            attempts,
            _server: server,
        }
    });
    &LOOPBACK
}

/// Calls conversations.info against an `answer`: a typed value or a typed error that keeps the
/// token to itself and says what went wrong.
fn call(answer: Answer, retrying: bool) {
    let (result, attempts) = call_counting(answer.clone(), retrying);
    let most = if retrying { MAX_ATTEMPTS } else { 1 };
    assert!(
        (1..=most).contains(&attempts),
        "{attempts} attempts for {answer:?}"
    );
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

/// What a conversations.info call returns.
type InfoResult = Result<
    slack_api_client::Response<ConversationsInfoResponse, ConversationsInfoWarning>,
    slack_api_client::Error<ConversationsInfoError>,
>;

/// One conversations.info call of the client that does not retry, answered with `answer`.
fn call_with(answer: Answer) -> InfoResult {
    call_counting(answer, false).0
}

/// One conversations.info call answered with `answer` on every attempt, and how many attempts
/// the server answered.
fn call_counting(answer: Answer, retrying: bool) -> (InfoResult, usize) {
    let loopback = loopback();
    let _turn = loopback
        .calls
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    *loopback.current.lock().expect("answer lock") = Some(answer);
    let before = loopback.attempts.load(Ordering::SeqCst);
    let client = if retrying {
        &loopback.retrying
    } else {
        &loopback.client
    };
    let request = ConversationsInfoRequest::new("C012AB3CD");
    let result = loopback
        .runtime
        .block_on(client.api().conversations_info(request));
    (result, loopback.attempts.load(Ordering::SeqCst) - before)
}

/// A method name and its `name=value` arguments.
type ByNameCall = (String, Vec<(String, String)>);

/// Every method of the client with a valid `name=value` list for it: each argument the spec
/// gives (but the token, which is the client's), valued by its example or a plain value of its
/// type. Read from the specs the client was generated from.
fn valid_calls() -> &'static [ByNameCall] {
    static CALLS: LazyLock<Vec<ByNameCall>> = LazyLock::new(|| {
        let set = codegen::load::load(&integration_tests::workspace_root())
            .expect("the workspace's specs load");
        set.methods
            .iter()
            .map(|method| {
                let arguments = method
                    .value
                    .arguments
                    .iter()
                    .filter(|arg| arg.name != "token")
                    .map(|arg| (arg.name.clone(), plain_value(arg)))
                    .collect();
                (method.value.name.clone(), arguments)
            })
            .collect()
    });
    &CALLS
}

fn plain_value(arg: &ArgumentSpec) -> String {
    match (&arg.example, &arg.ty) {
        (Some(serde_json::Value::String(example)), _) => example.clone(),
        (Some(serde_json::Value::Bool(example)), _) => example.to_string(),
        (_, TypeSpec::Array(_)) => "T123ABC456,T234BCD567".to_owned(),
        (_, TypeSpec::Boolean) => "true".to_owned(),
        (_, TypeSpec::Integer | TypeSpec::Float) => "1".to_owned(),
        _ => "C012AB3CD".to_owned(),
    }
}

/// A change to a valid argument list.
#[derive(Debug, Clone)]
enum ArgumentEdit {
    Drop(Index),
    Revalue(Index, String),
    Add(String, String),
}

/// A by-name call: a method (or an odd name) and its valid arguments, some dropped, revalued
/// with values that may not parse as the spec types them, or joined by unknown ones.
fn by_name_call() -> impl Strategy<Value = ByNameCall> {
    let value = || {
        prop_oneof![
            2 => proptest::sample::select(vec![
                "true", "false", "1", "0", "-1", "1.5", "18446744073709551616", "C012AB3CD",
                "C1,C2", ",", "T1,,T2", "[\"C1\"]", "[]", "{}", "null", "",
            ])
            .prop_map(str::to_owned),
            1 => mutate::odd_string(),
        ]
    };
    let edit = prop_oneof![
        any::<Index>().prop_map(ArgumentEdit::Drop),
        (any::<Index>(), value()).prop_map(|(at, value)| ArgumentEdit::Revalue(at, value)),
        (mutate::odd_string(), value()).prop_map(|(name, value)| ArgumentEdit::Add(name, value)),
    ];
    let method = prop_oneof![
        8 => any::<Index>().prop_map(Some),
        1 => Just(None),
    ];
    (
        method,
        mutate::odd_string(),
        proptest::collection::vec(edit, 0..3),
    )
        .prop_map(|(method, odd_name, edits)| {
            let (name, mut arguments) = match method {
                Some(method) => method.get(valid_calls()).clone(),
                None => (odd_name, Vec::new()),
            };
            for edit in edits {
                match edit {
                    ArgumentEdit::Drop(at) if !arguments.is_empty() => {
                        arguments.remove(at.index(arguments.len()));
                    }
                    ArgumentEdit::Revalue(at, value) if !arguments.is_empty() => {
                        let at = at.index(arguments.len());
                        arguments[at].1 = value;
                    }
                    ArgumentEdit::Add(name, value) => arguments.push((name, value)),
                    _ => {}
                }
            }
            (name, arguments)
        })
}

/// A by-name call of any method name with any arguments, answered with `answer`: a value or
/// an error that keeps the token to itself.
fn call_by_name(method: &str, arguments: &[(String, String)], answer: Answer) {
    let loopback = loopback();
    let _turn = loopback
        .calls
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    *loopback.current.lock().expect("answer lock") = Some(answer);
    let result = loopback
        .runtime
        .block_on(slack_api_client::api::call_by_name(
            &loopback.client,
            method,
            arguments,
        ));
    if let Err(error) = result {
        for shown in [error.to_string(), format!("{error:?}")] {
            assert!(!shown.contains(TOKEN), "the token leaked: {shown}");
        }
    }
}

/// When `text` decodes strictly as `T`: the lenient decode gives the same value with nothing set
/// aside, and encoding gives back exactly the JSON sent.
fn round_trips_if_strict<T>(text: &str) -> Result<(), TestCaseError>
where
    T: slack_api_client::wire::Object
        + serde::Serialize
        + serde::de::DeserializeOwned
        + std::fmt::Debug
        + PartialEq,
{
    let Ok(strict) = serde_json::from_str::<T>(text) else {
        return Ok(());
    };
    let sent: Value = serde_json::from_str(text).expect("what decodes strictly is JSON");
    prop_assert_eq!(serde_json::to_value(&strict).expect("encodes"), sent);
    let (lenient, misfits) = decode_lenient::<T>(text.as_bytes()).expect("decodes leniently");
    prop_assert!(misfits.is_empty(), "{misfits:?}");
    prop_assert_eq!(lenient, strict);
    Ok(())
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
        // Whatever the text, each decode gives a value or an error, and the two agree: what
        // decodes strictly decodes leniently to the same value, sets nothing aside, and
        // encodes back to exactly the JSON that came.
        round_trips_if_strict::<ConversationsInfoResponse>(&text)?;
        round_trips_if_strict::<AdminConversationsSetTeamsResponse>(&text)?;
        round_trips_if_strict::<AdminConversationsLinkObjectsResponse>(&text)?;
        let strict = serde_json::from_str::<ConversationsInfoResponse>(&text).is_ok();
        let lenient = decode_lenient::<ConversationsInfoResponse>(text.as_bytes());
        prop_assert!(!strict || lenient.is_ok(), "strict decoded, lenient failed");
        if serde_json::from_str::<Value>(&text).is_err() {
            prop_assert!(lenient.is_err(), "text that is not JSON decoded leniently");
        }
    }

    #[test]
    fn any_value_in_place_of_an_optional_member_is_kept_as_sent(
        answer in any::<Index>(),
        member in any::<Index>(),
        value in mutate::odd_value(),
    ) {
        let (sent, member) = with_odd_member(answer, member, value);
        let (data, misfits) = decode_lenient::<ConversationsInfoResponse>(sent.to_string().as_bytes())
            .unwrap_or_else(|error| panic!("{member:?} failed the answer: {error}"));
        prop_assert_eq!(serde_json::to_value(&data).unwrap(), sent);
        for misfit in &misfits {
            prop_assert!(
                within(&misfit.path, &member.path),
                "{} set aside for an odd {}", misfit.path, member.path
            );
        }
    }

    #[test]
    fn any_code_becomes_a_typed_code(code in mutate::odd_string()) {
        let error = ConversationsInfoError::from_code(&code);
        assert_eq!(error.code(), code);
        let warning = ConversationsInfoWarning::from_code(&code);
        assert_eq!(warning.code(), code);
        // Shown as the code, then its description when the docs have one.
        prop_assert!(error.to_string().starts_with(&code), "{error}");
        prop_assert!(warning.to_string().starts_with(&code), "{warning}");
        prop_assert_eq!(error.description().is_some(), !matches!(error, ConversationsInfoError::Unknown(_)));
    }
}

proptest! {
    // Each case is one or more real HTTP exchanges on loopback: fewer of them.
    #![proptest_config(mutate::config(64))]

    #[test]
    fn any_answer_decodes_to_a_value_or_a_typed_error(answer in answer()) {
        call(answer, false);
    }

    #[test]
    fn any_value_in_place_of_an_optional_member_never_fails_the_call(
        answer in any::<Index>(),
        member in any::<Index>(),
        value in mutate::odd_value(),
    ) {
        let (sent, member) = with_odd_member(answer, member, value);
        let body = sent.to_string();
        let response = call_with(Answer {
            status: 200,
            content_type: "application/json",
            retry_after: None,
            body: body.clone().into_bytes(),
        })
        .unwrap_or_else(|error| panic!("{member:?} failed the call: {error}"));
        prop_assert_eq!(serde_json::to_value(&response.data).unwrap(), sent);
        prop_assert_eq!(response.raw_json(), body);
        for misfit in &response.misfits {
            prop_assert!(within(&misfit.path, &member.path), "{}", misfit.path);
        }
    }

    #[test]
    fn any_call_by_name_ends_in_a_value_or_an_error(
        (method, arguments) in by_name_call(),
        answer in answer(),
    ) {
        call_by_name(&method, &arguments, answer);
    }

    #[test]
    fn any_answer_retried_ends_in_a_value_or_a_typed_error_within_the_retries(
        answer in answer(),
    ) {
        call(answer, true);
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
    assert_eq!(
        api.error,
        ConversationsInfoError::Common(CommonError::ChannelNotFound)
    );
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
