//! No spec, however broken, panics the generator: the real `spec/` files with values dropped,
//! renamed, retyped, grafted or cut short give a located diagnostic or generated code, and never
//! tokens that are not Rust (a generator bug).

use std::path::{Path, PathBuf};
use std::sync::LazyLock;

use integration_tests::mutate::{self, Mutation, TextEdit};
use integration_tests::workspace_root;
use proptest::prelude::*;
use proptest::sample::Index;
use serde_json::Value;

/// The spec sets mutated: the workspace's own and the fixture full of awkward names, each as
/// its files (relative to its root) and their JSON, read once.
fn spec_sets() -> &'static [Vec<(PathBuf, Value)>] {
    static SETS: LazyLock<Vec<Vec<(PathBuf, Value)>>> = LazyLock::new(|| {
        let root = workspace_root();
        [root.clone(), root.join("tests/fixtures/awkward")]
            .iter()
            .map(|root| {
                let mut files = Vec::new();
                read_spec_files(root, Path::new(codegen::load::SPEC_DIR), &mut files);
                files
            })
            .collect()
    });
    &SETS
}

/// Every spec file under `root/dir` (not the generated schemas), relative to `root`.
fn read_spec_files(root: &Path, dir: &Path, out: &mut Vec<(PathBuf, Value)>) {
    let mut names: Vec<_> = std::fs::read_dir(root.join(dir))
        .expect("read spec directory")
        .map(|entry| entry.expect("directory entry").file_name())
        .collect();
    names.sort();
    for name in names {
        let path = dir.join(&name);
        let name = name.to_string_lossy();
        if root.join(&path).is_dir() {
            read_spec_files(root, &path, out);
        } else if name.ends_with(".json") && !name.ends_with(codegen::load::SCHEMA_SUFFIX) {
            out.push((path.clone(), integration_tests::read_json(&root.join(path))));
        }
    }
}

/// Writes the spec files, mutated, into a fresh workspace and runs the generator on it.
fn generate_mutated(
    specs: &[(PathBuf, Value)],
    mutations: &[(Index, Vec<Mutation>)],
    text_edit: Option<&(Index, TextEdit)>,
) -> Result<Vec<codegen::GeneratedFile>, codegen::Error> {
    let mut documents: Vec<Value> = specs.iter().map(|(_, value)| value.clone()).collect();
    for (file, edits) in mutations {
        let document = &mut documents[file.index(specs.len())];
        for edit in edits {
            mutate::apply(document, edit);
        }
    }
    let mut texts: Vec<String> = documents
        .iter()
        .map(|document| serde_json::to_string_pretty(document).expect("JSON serializes"))
        .collect();
    if let Some((file, edit)) = text_edit {
        mutate::apply_text(&mut texts[file.index(specs.len())], edit);
    }
    let scratch = tempfile::tempdir().expect("create a temporary directory");
    for ((path, _), text) in specs.iter().zip(&texts) {
        let target = scratch.path().join(path);
        std::fs::create_dir_all(target.parent().expect("a spec file has a directory"))
            .expect("create spec directory");
        std::fs::write(target, text).expect("write spec file");
    }
    codegen::generate(scratch.path())
}

fn assert_no_generator_bug(result: &Result<Vec<codegen::GeneratedFile>, codegen::Error>) {
    if let Err(error @ codegen::Error::Render(_)) = result {
        panic!("the generator emitted invalid Rust for a spec it accepted: {error}");
    }
}

proptest! {
    #![proptest_config(mutate::config(96))]

    #[test]
    fn mutated_specs_give_a_diagnostic_or_code(
        set in any::<Index>(),
        mutations in proptest::collection::vec(
            (any::<Index>(), proptest::collection::vec(mutate::mutation(), 1..4)),
            1..3,
        ),
        text_edit in proptest::option::weighted(0.2, (any::<Index>(), mutate::text_edit())),
    ) {
        let specs = set.get(spec_sets());
        let result = generate_mutated(specs, &mutations, text_edit.as_ref());
        assert_no_generator_bug(&result);
    }

    #[test]
    fn specs_with_odd_strings_give_a_diagnostic_or_code(
        set in any::<Index>(),
        mutations in proptest::collection::vec(
            (any::<Index>(), proptest::collection::vec(mutate::shape_keeping_mutation(), 1..4)),
            1..3,
        ),
    ) {
        let specs = set.get(spec_sets());
        let result = generate_mutated(specs, &mutations, None);
        assert_no_generator_bug(&result);
    }
}

/// The seeds of the mutations are valid: each set generates as it is.
#[test]
fn the_unmutated_spec_sets_generate() {
    for specs in spec_sets() {
        assert!(specs.len() > 3, "found only {} spec files", specs.len());
        let files = generate_mutated(specs, &[], None).expect("the spec set generates");
        assert!(!files.is_empty());
    }
}

/// Found by compiling the code generated from accepted mutated specs with rustdoc's warnings
/// denied (as CI does): descriptions went into rustdoc verbatim, so `[x]` became a broken
/// link, `<b>` an unclosed HTML tag, a bare URL a warning and an indented line a doctest.
/// Such descriptions are now refused, naming the file and the place.
#[test]
fn descriptions_rustdoc_would_misread_are_refused() {
    let specs = &spec_sets()[0];
    let method = specs
        .iter()
        .position(|(path, _)| path.ends_with("conversations.info.json"))
        .expect("the conversations.info spec");
    for (text, problem) in [
        ("Looks up [one] conversation.", "square brackets"),
        ("Looks up <b>one</b> conversation.", "`<`"),
        ("See https://api.slack.com/methods first.", "bare URL"),
        ("Looks up\n    one conversation.", "line break"),
    ] {
        let mut edited = specs.to_vec();
        edited[method].1["description"] = Value::String(text.to_owned());
        let Err(error) = generate_mutated(&edited, &[], None) else {
            panic!("{text:?} was accepted");
        };
        let message = error.to_string();
        for part in ["conversations.info.json", "$.description", problem] {
            assert!(message.contains(part), "{text:?}: {message}");
        }
    }
    // In backticks the same text is code, and fine.
    let mut edited = specs.to_vec();
    edited[method].1["description"] = Value::String("Looks up `[one]` `<b>` conversation.".into());
    generate_mutated(&edited, &[], None).expect("code spans are accepted");
}
