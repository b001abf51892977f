//! A fixture spec full of names that are awkward in Rust (`type`, `self`, `gen`, camelCase,
//! leading digits, a `new` argument, nine required arguments) generates code that compiles
//! with clippy and rustdoc warnings denied.

use std::path::PathBuf;

use integration_tests::{Features, compile_client, rust_files, workspace_root};

fn fixture_root() -> PathBuf {
    workspace_root().join("tests/fixtures/awkward")
}

#[test]
fn awkward_names_snapshot() {
    let files = codegen::generate(&fixture_root()).unwrap_or_else(|error| panic!("{error}"));
    for (name, contents) in rust_files(&files) {
        insta::assert_snapshot!(format!("awkward__{name}"), contents);
    }
}

#[test]
fn awkward_names_get_legal_rust_names() {
    let model = codegen::model(&fixture_root()).unwrap_or_else(|error| panic!("{error}"));
    let method = model
        .methods
        .iter()
        .find(|method| method.wire_name == "awkward.typeTest")
        .expect("fixture method");
    let idents: Vec<(&str, &str)> = method
        .arguments
        .iter()
        .map(|argument| (argument.wire_name.as_str(), argument.ident.as_str()))
        .collect();
    assert_eq!(
        idents,
        [
            ("type", "type_"),
            ("self", "self_"),
            ("gen", "gen_"),
            ("ref", "ref_"),
            ("camelCaseArg", "camel_case_arg"),
            ("2fa_code", "n2fa_code"),
            ("async", "async_"),
            ("loop", "loop_"),
            ("new", "new_"),
            ("match", "match_"),
            ("crate", "crate_"),
        ]
    );
    let variants: Vec<&str> = method
        .errors
        .iter()
        .map(|code| code.variant.as_str())
        .collect();
    assert_eq!(
        variants,
        ["Type", "Self_", "N2faRequired", "CamelCaseError"]
    );
    let digit = model
        .methods
        .iter()
        .find(|m| m.wire_name == "2fa.verify")
        .expect("fixture");
    assert_eq!(
        (digit.snake.as_str(), digit.request.as_str()),
        ("n2fa_verify", "N2faVerifyRequest")
    );
}

/// Compiles the fixture's output inside a copy of the client crate (a real `cargo clippy`).
#[test]
fn awkward_output_compiles_without_warnings() {
    let scratch = tempfile::tempdir().expect("temporary directory");
    let files = codegen::generate(&fixture_root()).unwrap_or_else(|error| panic!("{error}"));
    let generated = scratch.path().join("generated");
    std::fs::create_dir_all(&generated).expect("create directory");
    for file in files
        .iter()
        .filter(|file| file.path.starts_with(codegen::emit::GENERATED_DIR))
    {
        let relative = file
            .path
            .strip_prefix(codegen::emit::GENERATED_DIR)
            .expect("under the generated directory");
        let target = generated.join(relative);
        std::fs::create_dir_all(target.parent().expect("a parent directory"))
            .expect("create directory");
        std::fs::write(target, &file.contents).expect("write generated file");
    }
    let model = codegen::model(&fixture_root()).unwrap_or_else(|error| panic!("{error}"));
    let families = codegen::manifest::families(&model);
    if let Err(output) = compile_client(&generated, &families, Features::Default) {
        panic!("the awkward fixture's code does not compile cleanly:\n{output}");
    }
}
