//! Helpers shared by the cross-crate tests: the workspace's paths, scratch copies of it, and
//! compiling a generated client as a real crate.

use std::path::{Path, PathBuf};
use std::process::Command;

pub mod api_summary;
pub mod mutate;

/// The workspace root (the parent of this crate).
pub fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("tests/ lives in the workspace root")
        .to_path_buf()
}

/// A scratch workspace holding a copy of `spec/` and of the generated files, so a test can
/// change specs and run the generator without touching the checkout.
pub fn scratch_workspace() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("create a temporary directory");
    let root = workspace_root();
    copy_tree(&root.join("spec"), &dir.path().join("spec"));
    copy_tree(
        &root.join(codegen::emit::GENERATED_DIR),
        &dir.path().join(codegen::emit::GENERATED_DIR),
    );
    dir
}

/// The generated Rust files among `files`, each with its file stem (the snapshot name).
pub fn rust_files(files: &[codegen::GeneratedFile]) -> Vec<(String, &str)> {
    files
        .iter()
        .filter(|file| file.path.extension().is_some_and(|ext| ext == "rs"))
        .map(|file| {
            // `<method>/cli.rs` is `<method>__cli`: child modules' names repeat across methods.
            let relative = file
                .path
                .strip_prefix(codegen::emit::GENERATED_DIR)
                .unwrap_or(&file.path)
                .with_extension("");
            let parts: Vec<_> = relative
                .components()
                .map(|part| part.as_os_str().to_string_lossy())
                .collect();
            (parts.join("__"), file.contents.as_str())
        })
        .collect()
}

/// Copies a directory tree (files and subdirectories).
pub fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("create directory");
    for entry in std::fs::read_dir(from).expect("read directory") {
        let entry = entry.expect("directory entry");
        let target = to.join(entry.file_name());
        if entry.file_type().expect("file type").is_dir() {
            copy_tree(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).expect("copy file");
        }
    }
}

/// Reads a JSON file.
pub fn read_json(path: &Path) -> serde_json::Value {
    let text = std::fs::read_to_string(path).expect("read JSON file");
    serde_json::from_str(&text).expect("parse JSON file")
}

/// Writes a JSON file the way specs are written.
pub fn write_json(path: &Path, value: &serde_json::Value) {
    let text = serde_json::to_string_pretty(value).expect("serialize JSON");
    std::fs::write(path, format!("{text}\n")).expect("write JSON file");
}

/// Which of the client's cargo features a build turns on.
#[derive(Debug, Clone, Copy)]
pub enum Features<'a> {
    /// The manifest's `default` (every API family, `cli`).
    Default,
    /// `--no-default-features --features <these>` (none when empty).
    Only(&'a [&'a str]),
}

/// Builds a copy of the client crate whose `src/generated/` is `generated_dir` and whose API
/// family features are `families`, with clippy and warnings denied, in a scratch workspace
/// sharing this workspace's lock file. Returns cargo's output on failure.
pub fn compile_client(
    generated_dir: &Path,
    families: &[String],
    features: Features<'_>,
) -> Result<(), String> {
    let root = workspace_root();
    let scratch = tempfile::tempdir().expect("create a temporary directory");
    let client = scratch.path().join("client");
    copy_tree(&root.join("generated-client"), &client);
    let generated = client.join("src/generated");
    std::fs::remove_dir_all(&generated).expect("remove copied generated code");
    copy_tree(generated_dir, &generated);
    // Only the library is built (`--lib`); the examples stay because the manifest names one.
    let manifest = client.join("Cargo.toml");
    let text = std::fs::read_to_string(&manifest).expect("read the copied manifest");
    let synced = codegen::manifest::with_families(&text, families).expect("a valid manifest");
    std::fs::write(&manifest, synced).expect("write the copied manifest");
    std::fs::write(
        scratch.path().join("Cargo.toml"),
        "[workspace]\nresolver = \"3\"\nmembers = [\"client\"]\n\n[workspace.package]\nedition = \"2024\"\nlicense = \"MIT OR Apache-2.0\"\npublish = false\n",
    )
    .expect("write scratch workspace manifest");
    std::fs::copy(root.join("Cargo.lock"), scratch.path().join("Cargo.lock"))
        .expect("copy Cargo.lock");
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    let mut args = vec!["clippy", "--quiet", "--offline", "--lib"];
    let joined;
    if let Features::Only(features) = features {
        joined = features.join(",");
        args.extend(["--no-default-features", "--features", &joined]);
    }
    args.extend(["--", "-D", "warnings"]);
    let output = Command::new(cargo)
        .args(&args)
        .current_dir(scratch.path())
        // Its own target directory: the outer `cargo test` holds the workspace's lock.
        .env("CARGO_TARGET_DIR", root.join("target/generated-fixture"))
        .env("RUSTDOCFLAGS", "-D warnings")
        .output()
        .expect("run cargo");
    if output.status.success() {
        Ok(())
    } else {
        Err(String::from_utf8_lossy(&output.stderr).into_owned())
    }
}
