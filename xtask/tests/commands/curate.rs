//! `cargo xtask spec-import` and `spec-lint` as real processes, on the small page fixtures of
//! `tests/fixtures/pages/` and a scratch workspace: exit codes, files written, messages.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// A scratch directory removed when dropped, named by the test so parallel tests do not meet.
struct Scratch(PathBuf);

impl Scratch {
    fn new(test: &str) -> Scratch {
        let dir = std::env::temp_dir().join(format!("xtask-curate-{}-{test}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("create the scratch directory");
        Scratch(dir)
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../tests/fixtures/pages")
        .join(name)
}

/// Runs the xtask binary with `root` as the workspace; returns the output and its text.
fn xtask(root: &Path, args: &[&str]) -> (Output, String, String) {
    let output = Command::new(env!("CARGO_BIN_EXE_xtask"))
        .args(args)
        .env("CODEGEN_ROOT", root)
        .output()
        .expect("run xtask");
    let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    (output, stdout, stderr)
}

#[test]
fn import_writes_a_draft_reports_what_it_could_not_read_and_lint_finds_it_clean() {
    let scratch = Scratch::new("import");
    let root = &scratch.0;
    let page = fixture("gizmos.info.txt");
    let page = page.to_str().unwrap();

    let (output, stdout, stderr) = xtask(root, &["spec-import", page]);
    assert_eq!(output.status.code(), Some(0), "{stderr}");
    assert!(stdout.contains("wrote spec/gizmos.info.json"), "{stdout}");
    assert!(
        stderr.contains(":9: could not interpret `truefalse`"),
        "{stderr}"
    );
    assert!(
        stderr.contains("`missing_scope` is listed again"),
        "{stderr}"
    );
    let spec = root.join("spec/gizmos.info.json");
    let text = std::fs::read_to_string(&spec).expect("the draft is written");
    assert!(text.contains("TODO: describe in our own words"));

    let (output, _, stderr) = xtask(root, &["spec-import", page]);
    assert_eq!(output.status.code(), Some(1), "refuses to overwrite");
    assert!(
        stderr.contains("already exists") && stderr.contains("--force"),
        "{stderr}"
    );
    let (output, _, stderr) = xtask(root, &["spec-import", page, "--force"]);
    assert_eq!(output.status.code(), Some(0), "{stderr}");

    let (output, stdout, stderr) = xtask(root, &["spec-lint", "--doc", page]);
    assert_eq!(output.status.code(), Some(0), "{stdout}{stderr}");
    assert!(
        stdout.starts_with("clean: spec/gizmos.info.json"),
        "{stdout}"
    );
}

#[test]
fn lint_lists_each_difference_and_exits_1() {
    let scratch = Scratch::new("lint");
    let spec = scratch.0.join("widgets.json");
    let page = fixture("widgets.spin.txt");
    let page = page.to_str().unwrap();
    let spec_arg = spec.to_str().unwrap();
    let (output, _, stderr) = xtask(&scratch.0, &["spec-import", page, "--out", spec_arg]);
    assert_eq!(output.status.code(), Some(0), "{stderr}");

    let drifted = std::fs::read_to_string(&spec)
        .unwrap()
        .replace("\"widget_stuck\"", "\"widget_melted\"");
    std::fs::write(&spec, drifted).unwrap();
    let (output, stdout, _) = xtask(&scratch.0, &["spec-lint", "--doc", page, spec_arg]);
    assert_eq!(output.status.code(), Some(1), "{stdout}");
    assert!(
        stdout.contains("error code `widget_stuck` is on the page (line 56) but not in the spec"),
        "{stdout}"
    );
    assert!(
        stdout.contains("error code `widget_melted` is in the spec but not on the page"),
        "{stdout}"
    );
    assert!(stdout.contains("2 differences"), "{stdout}");
}

#[test]
fn usage_and_input_errors_exit_2() {
    let scratch = Scratch::new("usage");
    let page = fixture("widgets.spin.txt");
    let page = page.to_str().unwrap();
    for args in [
        &["spec-lint"][..],
        &["spec-lint", "--doc"],
        &["spec-lint", "--doc", page, "a.json", "b.json"],
        &["spec-import"],
        &["spec-import", page, "--bogus"],
        &["spec-import", "no-such-page.txt"],
        // No spec/widgets.spin.json in the scratch workspace.
        &["spec-lint", "--doc", page],
    ] {
        let (output, _, stderr) = xtask(&scratch.0, args);
        assert_eq!(output.status.code(), Some(2), "{args:?}: {stderr}");
        assert!(stderr.starts_with("error: "), "{args:?}: {stderr}");
    }
}

/// Copies a fixture page into `dir`.
fn copy_page(name: &str, dir: &Path) {
    std::fs::copy(fixture(name), dir.join(name)).expect("copy the page");
}

#[test]
fn lint_of_a_docs_folder_finds_each_page_by_method_and_ends_with_one_line() {
    let scratch = Scratch::new("docs");
    let root = &scratch.0;
    let docs = root.join("pages");
    std::fs::create_dir_all(&docs).unwrap();
    // doohickeys.list has a twin and a text page (the twin is used); widgets.spin only text;
    // gadgets.assign gets no spec; a spec of its own has no page.
    for name in [
        "doohickeys.list.json",
        "doohickeys.list.txt",
        "widgets.spin.txt",
        "gadgets.assign.txt",
    ] {
        copy_page(name, &docs);
    }
    let docs_arg = docs.to_str().unwrap();
    for page in ["doohickeys.list.json", "widgets.spin.txt"] {
        let page = docs.join(page);
        let (output, _, stderr) = xtask(root, &["spec-import", page.to_str().unwrap()]);
        assert_eq!(output.status.code(), Some(0), "{stderr}");
        assert!(stderr.starts_with("read "), "says what it read: {stderr}");
    }
    let lonely = root.join("spec/lonely.method.json");
    std::fs::copy(root.join("spec/widgets.spin.json"), &lonely).unwrap();
    let (output, stdout, stderr) = xtask(root, &["spec-lint", "--docs", docs_arg]);
    assert_eq!(output.status.code(), Some(0), "{stdout}{stderr}");
    assert!(
        stdout.contains("in sync: spec/doohickeys.list.json matches")
            && stdout.contains("doohickeys.list.json (6 arguments, 2 error codes"),
        "the twin is preferred: {stdout}"
    );
    assert!(stdout.contains("page without spec: "), "{stdout}");
    assert!(
        stdout.contains("spec without page: spec/lonely.method.json"),
        "{stdout}"
    );
    assert_eq!(
        stdout.lines().last(),
        Some("2 in sync, 0 differ, 1 page without spec, 1 spec without page")
    );

    // One spec drifts: exit 1, the difference under its method, and the same as data.
    let spec = root.join("spec/doohickeys.list.json");
    let drifted = std::fs::read_to_string(&spec)
        .unwrap()
        .replace("\"tier\": 2", "\"tier\": 3");
    std::fs::write(&spec, drifted).unwrap();
    let (output, stdout, _) = xtask(root, &["spec-lint", "--docs", docs_arg]);
    assert_eq!(output.status.code(), Some(1), "{stdout}");
    assert!(
        stdout.contains("spec/doohickeys.list.json: the rate limit is `Tier 2` on the page but `Tier 3` in the spec"),
        "{stdout}"
    );
    assert_eq!(
        stdout.lines().last(),
        Some("1 in sync, 1 differ, 1 page without spec, 1 spec without page")
    );
    let (output, stdout, stderr) =
        xtask(root, &["spec-lint", "--docs", docs_arg, "--format", "json"]);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    let result: serde_json::Value = serde_json::from_str(&stdout).expect("JSON on stdout");
    assert_eq!(result["differ"], 1);
    assert_eq!(result["page_without_spec"], 1);
    let entry = result["entries"]
        .as_array()
        .unwrap()
        .iter()
        .find(|entry| entry["method"] == "doohickeys.list")
        .unwrap();
    assert_eq!(entry["status"], "differ");
    assert_eq!(entry["differences"][0]["kind"], "fact");
    assert_eq!(entry["differences"][0]["page"], "Tier 2");

    let (output, _, stderr) = xtask(root, &["spec-lint", "--docs", docs_arg, "--format", "yaml"]);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
}

/// `spec-answers` walks a twin's example answers and an observed answer against the specs:
/// a member of the wrong type and a missing required member are reported with the file, the
/// example and the JSON path, and exit 1; members no spec types are counted (listed with
/// `--verbose`); answers that show nothing beyond `ok` are skipped; a clean set exits 0.
#[test]
fn answers_are_checked_against_the_specs() {
    let scratch = Scratch::new("answers");
    let root = integration_tests::scratch_workspace();
    let (docs, observed) = (scratch.0.join("docs"), scratch.0.join("observed"));
    std::fs::create_dir_all(&docs).unwrap();
    std::fs::create_dir_all(&observed).unwrap();
    // A twin of our own for conversations.info: one good example, one with `created` as a
    // string and no channel `id`, one that is only `ok`, and an error example (not checked).
    let twin = serde_json::json!({
        "name": "conversations.info",
        "examples": {
            "good": {"example": {"ok": true, "channel": {"id": "C1", "name": "general", "made_up": 1}}},
            "odd": {"example": {"ok": true, "channel": {"name": "general", "created": "1449252889"}}},
            "bare": {"example": {"ok": true}},
            "failed": {"example": {"ok": false, "error": "channel_not_found"}}
        }
    });
    std::fs::write(docs.join("conversations.info.json"), twin.to_string()).unwrap();
    let seen =
        serde_json::json!({"ok": false, "error": "", "channel": {"id": "", "is_channel": false}});
    std::fs::write(observed.join("conversations.info.json"), seen.to_string()).unwrap();
    let (docs_arg, observed_arg) = (docs.to_str().unwrap(), observed.to_str().unwrap());

    let (output, stdout, _) = xtask(
        root.path(),
        &[
            "spec-answers",
            "--docs",
            docs_arg,
            "--observed",
            observed_arg,
        ],
    );
    assert_eq!(output.status.code(), Some(1), "{stdout}");
    assert!(
        stdout.contains("(example `odd`): misfit at $.channel.created: the spec types integer, the answer has a string"),
        "{stdout}"
    );
    assert!(
        stdout.contains("(example `odd`): missing at $.channel.id: the spec requires it"),
        "{stdout}"
    );
    assert!(
        !stdout.contains("`good`"),
        "a fitting example has no problem: {stdout}"
    );
    assert!(
        stdout.contains("3 answers of 1 method: 2 misfits or missing members, 1 member left to extra (--verbose lists them)"),
        "two examples and the observed answer are checked; the bare and failed ones are not: {stdout}"
    );

    let (_, verbose, _) = xtask(
        root.path(),
        &[
            "spec-answers",
            "--docs",
            docs_arg,
            "--observed",
            observed_arg,
            "--verbose",
        ],
    );
    assert!(
        verbose.contains("(example `good`): left to extra: $.channel.made_up"),
        "{verbose}"
    );

    // Without the odd example, nothing breaks a decode: exit 0.
    let mut twin = twin;
    twin["examples"].as_object_mut().unwrap().remove("odd");
    std::fs::write(docs.join("conversations.info.json"), twin.to_string()).unwrap();
    let (output, stdout, _) = xtask(root.path(), &["spec-answers", "--docs", docs_arg]);
    assert_eq!(output.status.code(), Some(0), "{stdout}");
    assert!(
        stdout.contains("1 answer of 1 method: 0 misfits"),
        "{stdout}"
    );

    let (output, _, stderr) = xtask(root.path(), &["spec-answers"]);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("needs `--docs <DIR>`"), "{stderr}");
}
