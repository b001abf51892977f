//! Peers built beside the client in the same run, so a ratio between them is not skewed by the
//! machine's load at another time: slack-morphism, pinned to one version.
//!
//! The peer is built as a user gets it: a scratch crate under `target/bench/peers/`, outside the
//! workspace (its own `[workspace]` table) and its lock file, depending on the pinned version
//! with the features its docs say the hyper client needs. Its dependencies are built first;
//! then, each repeat, `cargo clean -p slack-morphism` and a build time slack-morphism alone (and
//! the empty scratch crate after it), with `CARGO_INCREMENTAL=0` like the client's builds.

use std::path::Path;

use serde_json::{Value, json};

use super::{Options, cargo, measure, median_cpu_seconds, median_seconds, peak_mib, scratch};

/// The slack-morphism the figures are taken with: the newest 2.x on crates.io when pinned.
pub const SLACK_MORPHISM_VERSION: &str = "2.31.1";
/// Its features for the hyper client, as its docs ask (`default` is empty: the models alone).
const SLACK_MORPHISM_FEATURES: &str = "hyper";

/// slack-morphism's full debug build, its dependencies built: median and peak over the repeats.
pub fn slack_morphism_figures(root: &Path, options: &Options) -> Result<Value, String> {
    let dir = scratch::scratch_dir(root, "peers").join("slack-morphism");
    write_crate(&dir)?;
    let target = dir.join("target");
    let log = dir.join("build.log");
    let cargo_in = |args: &[&str]| {
        let mut command = cargo();
        command
            .args(args)
            .current_dir(&dir)
            .env("CARGO_TARGET_DIR", &target)
            .env("CARGO_INCREMENTAL", "0");
        command
    };
    measure::run(&mut cargo_in(&["build"]), &log)?;
    let mut builds = Vec::new();
    for _ in 0..options.repeats() {
        measure::run(&mut cargo_in(&["clean", "-p", "slack-morphism"]), &log)?;
        builds.push(measure::run(&mut cargo_in(&["build"]), &log)?);
    }
    Ok(json!({
        "version": SLACK_MORPHISM_VERSION,
        "features": SLACK_MORPHISM_FEATURES,
        "seconds": median_seconds(&builds),
        "cpu_seconds": median_cpu_seconds(&builds),
        "rustc_peak_rss_mib": peak_mib(&builds),
    }))
}

/// The scratch crate that depends on slack-morphism, rewritten every run.
fn write_crate(dir: &Path) -> Result<(), String> {
    let src = dir.join("src");
    std::fs::create_dir_all(&src).map_err(|e| format!("cannot create {}: {e}", src.display()))?;
    let manifest = format!(
        "# Written by `cargo xtask bench --peers`: slack-morphism as a user builds it.\n\
         [package]\n\
         name = \"bench-peer-slack-morphism\"\n\
         version = \"0.0.0\"\n\
         edition = \"2024\"\n\
         publish = false\n\
         \n\
         [dependencies]\n\
         slack-morphism = {{ version = \"={SLACK_MORPHISM_VERSION}\", features = \
         [\"{SLACK_MORPHISM_FEATURES}\"] }}\n\
         \n\
         # Not a member of the workspace around it.\n\
         [workspace]\n"
    );
    let write = |path: &Path, text: &str| {
        std::fs::write(path, text).map_err(|e| format!("cannot write {}: {e}", path.display()))
    };
    write(&dir.join("Cargo.toml"), &manifest)?;
    write(&src.join("lib.rs"), "pub use slack_morphism;\n")
}
