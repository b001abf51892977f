//! A method Slack deprecated is generated `#[deprecated]` naming what to call instead (another
//! method, or a helper of the client), and a replacement that is neither is refused.

use integration_tests::{read_json, scratch_workspace, workspace_root, write_json};
use serde_json::json;

/// The generated module of `method` (`rtm_start.rs`), as the generator writes it from `spec/`.
fn generated(module: &str) -> String {
    let files = codegen::generate(&workspace_root()).expect("the checked-in specs generate");
    let file = files
        .iter()
        .find(|file| file.path.ends_with(format!("{module}.rs")))
        .unwrap_or_else(|| panic!("no {module}.rs"));
    file.contents.clone()
}

#[test]
fn deprecated_methods_name_their_replacement() {
    let rtm_start = generated("rtm_start");
    assert!(rtm_start.contains("#[deprecated("), "{rtm_start}");
    assert!(rtm_start.contains("Call `rtm.connect` (`Api::rtm_connect`) instead."));
    let files_upload = generated("files_upload");
    assert!(files_upload.contains("#[deprecated("));
    assert!(files_upload.contains("Call `Client::upload` instead."));
    let without = generated("stars_list");
    assert!(
        without.contains("#[deprecated("),
        "deprecated without a replacement too"
    );
    assert!(!without.contains(" instead."));
    assert!(!generated("rtm_connect").contains("#[deprecated("));
}

#[test]
fn a_replacement_that_is_not_a_method_nor_a_helper_is_refused() {
    let scratch = scratch_workspace();
    let file = scratch.path().join("spec/rtm.start.json");
    let mut spec = read_json(&file);
    spec["deprecated"]["replacement"] = json!("rtm.connects");
    write_json(&file, &spec);
    let error = codegen::generate(scratch.path()).expect_err("refused");
    let shown = error.to_string();
    assert!(
        shown.contains("spec/rtm.start.json at $.deprecated.replacement: `rtm.connects` is not another method of spec/ nor a helper of the client"),
        "{shown}"
    );
}
