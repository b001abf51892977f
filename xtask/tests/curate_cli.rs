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
