//! `cargo xtask codegen --check` and `cargo xtask codegen` as real processes on a scratch copy of
//! the workspace: a new error code is drift until regenerated, then the client has its variant.

use std::path::Path;
use std::process::Command;

use integration_tests::{Features, compile_client, read_json, scratch_workspace, write_json};

/// Runs the xtask binary (built by cargo for this test run) with `root` as the workspace.
fn xtask(root: &Path, args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_xtask"))
        .args(args)
        .env("CODEGEN_ROOT", root)
        .output()
        .expect("run xtask")
}

#[test]
fn a_new_error_code_is_drift_until_regenerated() {
    let scratch = scratch_workspace();
    let root = scratch.path();
    let check = xtask(root, &["codegen", "--check"]);
    assert!(
        check.status.success(),
        "{}",
        String::from_utf8_lossy(&check.stderr)
    );

    let spec = root.join("spec/conversations.info.json");
    let mut value = read_json(&spec);
    value["errors"]
        .as_array_mut()
        .unwrap()
        .push(serde_json::json!({
            "code": "channel_on_fire",
            "description": "The channel is burning; try another."
        }));
    write_json(&spec, &value);

    let check = xtask(root, &["codegen", "--check"]);
    let stderr = String::from_utf8_lossy(&check.stderr);
    assert_eq!(check.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("differs: generated-client/src/generated/conversations_info.rs"),
        "{stderr}"
    );
    assert!(stderr.contains("run `cargo xtask codegen`"), "{stderr}");
    // The drift is shown as a unified diff, and a new code is one hunk of it: the code's row in
    // its enum (the variant with its wire code and description), nothing else.
    assert!(
        stderr.contains("+++ b/generated-client/src/generated/conversations_info.rs")
            && stderr.contains("\n+    ChannelOnFire = code("),
        "{stderr}"
    );
    assert_eq!(stderr.matches("\n@@ ").count(), 1, "one hunk: {stderr}");
    let generated = root.join(codegen::emit::GENERATED_DIR);
    let before = std::fs::read_to_string(generated.join("conversations_info.rs")).unwrap();
    assert!(
        !before.contains("ChannelOnFire"),
        "--check must write nothing"
    );

    let write = xtask(root, &["codegen"]);
    assert!(
        write.status.success(),
        "{}",
        String::from_utf8_lossy(&write.stderr)
    );
    let after = std::fs::read_to_string(generated.join("conversations_info.rs")).unwrap();
    assert!(
        after.contains("ChannelOnFire = code(\"channel_on_fire\", \"The channel is burning"),
        "the code's row: {after}"
    );
    let check = xtask(root, &["codegen", "--check"]);
    assert!(
        check.status.success(),
        "{}",
        String::from_utf8_lossy(&check.stderr)
    );

    let families = codegen::manifest::families(&codegen::model(root).expect("valid spec"));
    compile_client(&generated, &families, Features::Default)
        .unwrap_or_else(|output| panic!("regenerated client fails to build:\n{output}"));
}

#[test]
fn a_stale_generated_file_is_reported_and_removed() {
    let scratch = scratch_workspace();
    let root = scratch.path();
    let stale = root
        .join(codegen::emit::GENERATED_DIR)
        .join("files_upload_v9.rs");
    std::fs::write(&stale, "// @generated, but no spec makes it any more\n").unwrap();
    // A removed method's `cli` submodule, in the directory of its name.
    let stale_dir = stale.with_extension("");
    std::fs::create_dir(&stale_dir).unwrap();
    std::fs::write(stale_dir.join("cli.rs"), "// @generated, orphaned\n").unwrap();
    let check = xtask(root, &["codegen", "--check"]);
    let stderr = String::from_utf8_lossy(&check.stderr);
    assert_eq!(check.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("stale:   generated-client/src/generated/files_upload_v9.rs")
            && stderr.contains("stale:   generated-client/src/generated/files_upload_v9/cli.rs"),
        "{stderr}"
    );
    assert!(stale.exists(), "--check must delete nothing");
    let write = xtask(root, &["codegen"]);
    assert!(write.status.success());
    assert!(!stale.exists());
    assert!(!stale_dir.exists(), "the emptied directory goes too");
    // Methods still in the spec keep their `cli` submodules.
    assert!(
        root.join(codegen::emit::GENERATED_DIR)
            .join("conversations_info/cli.rs")
            .exists()
    );
}

#[test]
fn an_invalid_spec_exits_1_naming_file_and_path_and_writes_nothing() {
    let scratch = scratch_workspace();
    let root = scratch.path();
    let spec = root.join("spec/admin.conversations.setTeams.json");
    let mut value = read_json(&spec);
    value["arguments"][2]["type"] = serde_json::json!("bool");
    write_json(&spec, &value);
    let generated = root
        .join(codegen::emit::GENERATED_DIR)
        .join("admin_conversations_set_teams.rs");
    std::fs::write(&generated, "sentinel").unwrap();

    let run = xtask(root, &["codegen"]);
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert_eq!(run.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains(
            "spec/admin.conversations.setTeams.json at $.arguments[2].type: unknown variant `bool`"
        ),
        "{stderr}"
    );
    assert!(stderr.contains("nothing was written"), "{stderr}");
    assert_eq!(std::fs::read_to_string(&generated).unwrap(), "sentinel");
}

#[test]
fn usage_errors_exit_2() {
    let scratch = scratch_workspace();
    let run = xtask(scratch.path(), &["codegen", "--chek"]);
    assert_eq!(run.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&run.stderr).contains("usage: cargo xtask"));
}
