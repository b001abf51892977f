//! The spec-to-client generator: load `spec/` -> validate -> lower into a model -> emit tokens ->
//! format -> write (or check) the files of `generated-client/`.

pub mod curate;
pub mod spec;

/// The text that marks a description still to be written by a curator; the generator refuses it.
pub const DRAFT_MARKER: &str = "TODO: describe in our own words";

/// Whether `run` writes files or only compares them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// Write every file that differs.
    Write,
    /// Write nothing; fail naming the files that differ.
    Check,
}

/// Regenerates everything under `root` (the workspace root).
pub fn run(root: &std::path::Path, mode: Mode) -> Result<String, String> {
    let _ = (root, mode);
    Err("not yet".into())
}
