//! How fast the generated types decode Slack's answers: every conversations.info answer under
//! `tests/fixtures/answers/`, one after another, as `serde_json::from_slice` sees them; then the
//! same answers each with one member that does not fit (`channel.previous_names` a map), through
//! the lenient decode the client falls back to; and the envelope alone (`ok`, `error`, ...), which
//! is what a second pass over each body would add if the client did not read the envelope and the
//! payload in one.
//!
//! `cargo bench -p integration-tests --bench decode_answers` prints the figures; nothing here
//! asserts a time.

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use integration_tests::workspace_root;
use slack_api_client::{api::ConversationsInfoResponse, decode_lenient};

/// Every answer fixture of conversations.info, read once.
fn answers() -> Vec<Vec<u8>> {
    let dir = workspace_root().join("tests/fixtures/answers/conversations.info");
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .expect("the answer fixtures")
        .map(|entry| entry.expect("a directory entry").path())
        .collect();
    files.sort();
    files
        .iter()
        .map(|file| std::fs::read(file).expect("a fixture"))
        .collect()
}

/// The members every answer shares, as a separate pass would read them.
#[derive(serde::Deserialize)]
#[allow(dead_code, reason = "read only to be decoded")]
struct Envelope {
    ok: bool,
    #[serde(default)]
    error: Option<String>,
    #[serde(default)]
    warning: Option<String>,
    #[serde(default)]
    response_metadata: Option<serde_json::Value>,
}

fn decode(c: &mut Criterion) {
    let answers = answers();
    let bytes: usize = answers.iter().map(Vec::len).sum();
    let mut group = c.benchmark_group("decode");
    group.throughput(Throughput::Bytes(bytes as u64));
    group.bench_function("conversations.info answers", |b| {
        b.iter(|| {
            for answer in &answers {
                let response: ConversationsInfoResponse =
                    serde_json::from_slice(std::hint::black_box(answer)).expect("decodes");
                std::hint::black_box(response);
            }
        })
    });
    group.bench_function("conversations.info answers, envelope alone", |b| {
        b.iter(|| {
            for answer in &answers {
                let envelope: Envelope =
                    serde_json::from_slice(std::hint::black_box(answer)).expect("decodes");
                std::hint::black_box(envelope);
            }
        })
    });
    let odd: Vec<Vec<u8>> = answers
        .iter()
        .map(|answer| {
            let mut value: serde_json::Value = serde_json::from_slice(answer).expect("JSON");
            value["channel"]["previous_names"] = serde_json::json!({"0": "old-name"});
            serde_json::to_vec(&value).expect("encodes")
        })
        .collect();
    group.bench_function("conversations.info answers, one odd member each", |b| {
        b.iter(|| {
            for answer in &odd {
                let decoded =
                    decode_lenient::<ConversationsInfoResponse>(std::hint::black_box(answer));
                std::hint::black_box(decoded.expect("decodes"));
            }
        })
    });
    group.finish();
}

criterion_group!(benches, decode);
criterion_main!(benches);
