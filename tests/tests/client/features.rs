//! Each API family of the spec is a cargo feature of the client (all on by default): the client
//! builds, with clippy and warnings denied, with one family only and with none (with and without
//! the by-name calls of `cli`, which then have no method to call).

use integration_tests::{Features, compile_client, workspace_root};

#[test]
fn the_client_builds_with_one_family_and_with_none() {
    let root = workspace_root();
    let model = codegen::model(&root).unwrap_or_else(|error| panic!("{error}"));
    let families = codegen::manifest::families(&model);
    assert!(
        families.len() > 1 && families.iter().any(|family| family == "conversations"),
        "{families:?}"
    );
    let generated = root.join(codegen::emit::GENERATED_DIR);
    for features in [&["conversations"][..], &[], &["cli"]] {
        if let Err(output) = compile_client(&generated, &families, Features::Only(features)) {
            panic!("the client does not build with features {features:?}:\n{output}");
        }
    }
}
