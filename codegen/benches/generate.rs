//! How fast the whole pipeline (load -> validate -> emit -> prettyplease) runs: on the real
//! `spec/`, and on a synthetic Web API of 300 methods to show the design carries Slack's size.
//!
//! `cargo bench -p codegen` prints the figures; nothing here asserts a time.

use std::path::{Path, PathBuf};

use criterion::{Criterion, Throughput, criterion_group, criterion_main};

fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap()
        .to_path_buf()
}

/// A scratch spec tree: the real types and codes plus `methods` renamed copies of
/// conversations.info (each distinct, so naming and validation do real work for every one).
fn synthetic_spec(methods: usize) -> tempfile::TempDir {
    let scratch = tempfile::tempdir().unwrap();
    let spec = scratch.path().join("spec");
    for dir in ["types", "shared"] {
        std::fs::create_dir_all(spec.join(dir)).unwrap();
        for entry in std::fs::read_dir(workspace_root().join("spec").join(dir)).unwrap() {
            let entry = entry.unwrap();
            std::fs::copy(entry.path(), spec.join(dir).join(entry.file_name())).unwrap();
        }
    }
    let template =
        std::fs::read_to_string(workspace_root().join("spec/conversations.info.json")).unwrap();
    let template: serde_json::Value = serde_json::from_str(&template).unwrap();
    for index in 0..methods {
        let name = format!("bench.group{}.method{index}", index % 17);
        let mut method = template.clone();
        method["name"] = name.clone().into();
        method["url"] = format!("https://slack.com/api/{name}").into();
        std::fs::write(
            spec.join(format!("{name}.json")),
            serde_json::to_string_pretty(&method).unwrap(),
        )
        .unwrap();
    }
    scratch
}

fn bench_generate(c: &mut Criterion) {
    let mut group = c.benchmark_group("generate");
    let real = workspace_root();
    let real_methods = codegen::model(&real).unwrap().methods.len();
    group.throughput(Throughput::Elements(real_methods as u64));
    group.bench_function(format!("checked-in spec ({real_methods} methods)"), |b| {
        b.iter(|| codegen::generate(&real).unwrap())
    });
    let synthetic = synthetic_spec(300);
    group.throughput(Throughput::Elements(300));
    group.sample_size(10);
    group.bench_function("synthetic spec (300 methods)", |b| {
        b.iter(|| codegen::generate(synthetic.path()).unwrap())
    });
    group.finish();
}

criterion_group!(benches, bench_generate);
criterion_main!(benches);
