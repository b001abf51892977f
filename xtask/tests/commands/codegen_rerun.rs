//! A rerun of `cargo xtask codegen` as a real process renders only what changed (the render
//! cache beside the binary), yet always leaves exactly what the specs produce: after a spec
//! edit, after a generated file was edited by hand, and after one was deleted.

use std::path::Path;
use std::process::Command;

use integration_tests::scratch_workspace;

/// Runs the xtask binary (built by cargo for this test run) on `root`; returns what it printed.
fn codegen(root: &Path) -> String {
    let output = Command::new(env!("CARGO_BIN_EXE_xtask"))
        .arg("codegen")
        .env("CODEGEN_ROOT", root)
        .output()
        .expect("run xtask");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).expect("UTF-8 output")
}

/// The files the run reported writing, in its order.
fn written(report: &str) -> Vec<&str> {
    report
        .lines()
        .filter_map(|line| line.strip_prefix("wrote "))
        .collect()
}

/// Every file on disk is what the generator, run in this process without any cache, produces.
fn assert_as_generated(root: &Path) {
    for file in codegen::generate(root).expect("the specs generate") {
        let on_disk = std::fs::read_to_string(root.join(&file.path)).expect("read generated file");
        assert!(
            on_disk == file.contents,
            "{} differs from what the specs produce",
            file.path.display()
        );
    }
}

#[test]
fn a_rerun_renders_what_changed_and_restores_what_was_edited_or_deleted() {
    let scratch = scratch_workspace();
    let root = scratch.path();
    let module = format!("{}/conversations_info.rs", codegen::emit::GENERATED_DIR);
    codegen(root);
    assert_eq!(written(&codegen(root)), Vec::<&str>::new());

    // A spec edit: the method's module and its `cli` submodule (the help row) alone change, and
    // hold the new description.
    let spec = root.join("spec/conversations.info.json");
    let text = std::fs::read_to_string(&spec).expect("read spec");
    let edited = text.replacen("Looks up one conversation", "Finds one conversation", 1);
    assert_ne!(
        edited, text,
        "the spec no longer has the text this test edits"
    );
    std::fs::write(&spec, edited).expect("write spec");
    let cli = format!("{}/conversations_info/cli.rs", codegen::emit::GENERATED_DIR);
    assert_eq!(written(&codegen(root)), [cli.as_str(), module.as_str()]);
    let contents = std::fs::read_to_string(root.join(&module)).expect("read module");
    assert!(contents.contains("Finds one conversation"));
    assert_as_generated(root);

    // A generated file edited by hand, its spec unchanged: rendered and written again.
    std::fs::write(root.join(&module), format!("{contents}// edited by hand\n"))
        .expect("edit module");
    assert_eq!(written(&codegen(root)), [module.as_str()]);
    assert_as_generated(root);

    // A generated file deleted: written again.
    std::fs::remove_file(root.join(&module)).expect("delete module");
    assert_eq!(written(&codegen(root)), [module.as_str()]);
    assert_as_generated(root);
    assert_eq!(written(&codegen(root)), Vec::<&str>::new());
}
