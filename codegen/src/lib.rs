//! The spec-to-client generator: load `spec/` -> validate and lower into a model -> emit tokens
//! -> format with prettyplease -> write (or check) the files of `generated-client/`.

pub mod diagnostics;
pub mod emit;
pub mod load;
pub mod manifest;
pub mod model;
pub mod naming;
pub mod render;
pub mod scalar;
pub mod schema;
pub mod spec;
pub mod validate;

use std::fmt;
use std::path::{Path, PathBuf};

pub use diagnostics::{Diagnostic, Diagnostics};
pub use render::GeneratedFile;

/// The command that regenerates everything; error messages name it.
pub const COMMAND: &str = "cargo xtask codegen";

/// Whether `run` writes files or only compares them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// Write every file that differs and delete stale generated files.
    Write,
    /// Write nothing; fail naming the files that differ.
    Check,
}

/// Why a run failed.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The spec is invalid; nothing was written.
    #[error("{0}")]
    Spec(#[from] Diagnostics),
    /// The emitter produced invalid Rust (a generator bug).
    #[error(transparent)]
    Render(#[from] render::RenderError),
    /// The client's manifest cannot be read as TOML, so its family features cannot be synced.
    #[error(transparent)]
    Manifest(#[from] manifest::ManifestError),
    /// Reading or writing generated files failed.
    #[error("cannot write generated files under {root}: {source}")]
    Io {
        root: PathBuf,
        source: std::io::Error,
    },
    /// `--check` found checked-in files that differ from what the spec produces.
    #[error("{}", drift_message(.0))]
    Drift(render::SyncReport),
}

fn drift_message(report: &render::SyncReport) -> String {
    let mut lines = vec![format!(
        "generated files are out of date with spec/ ({} differ, {} stale):",
        report.changed.len(),
        report.stale.len()
    )];
    lines.extend(
        report
            .changed
            .iter()
            .map(|p| format!("  differs: {}", p.display())),
    );
    lines.extend(
        report
            .stale
            .iter()
            .map(|p| format!("  stale:   {}", p.display())),
    );
    if !report.diff.is_empty() {
        lines.push(String::new());
        lines.push("what differs (checked in -> what spec/ produces):".to_owned());
        lines.push(report.diff.trim_end().to_owned());
        lines.push(String::new());
    }
    lines.push(format!("run `{COMMAND}` and commit the result"));
    lines.join("\n")
}

/// What a successful run did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Report {
    pub mode: Mode,
    pub sync: render::SyncReport,
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let changed = self.sync.changed.len() + self.sync.stale.len();
        match (self.mode, changed) {
            (_, 0) => write!(f, "codegen: {} files up to date", self.sync.total),
            (_, _) => {
                for path in &self.sync.changed {
                    writeln!(f, "wrote {}", path.display())?;
                }
                for path in &self.sync.stale {
                    writeln!(f, "deleted {}", path.display())?;
                }
                write!(f, "codegen: {changed} of {} files updated", self.sync.total)
            }
        }
    }
}

/// The lowered model of the specs under `root` (the workspace root).
pub fn model(root: &Path) -> Result<model::Model, Error> {
    let set = load::load(root)?;
    Ok(validate::validate(&set)?)
}

/// Every file the specs under `root` produce, without touching the disk beyond reading `spec/`
/// and the client's manifest (whose family features are synced).
pub fn generate(root: &Path) -> Result<Vec<GeneratedFile>, Error> {
    let model = model(root)?;
    let mut files = emit::emit(&model)?;
    files.extend(schema::schema_files());
    files.extend(manifest::manifest_file(root, &manifest::families(&model))?);
    Ok(files)
}

/// Regenerates (or checks) everything under `root`. Nothing is written unless every spec is valid
/// and every file rendered. Each file is compared (and, when it differs, staged) as soon as it is
/// rendered, so the run never holds every file at once; a file whose part of the model is as it
/// was at this binary's last run, and whose contents are still what that run wrote, is not
/// rendered again (see [`render::RenderCache`]).
pub fn run(root: &Path, mode: Mode) -> Result<Report, Error> {
    let model = model(root)?;
    let io = |source| Error::Io {
        root: root.to_path_buf(),
        source,
    };
    let syncer = render::Syncer::new(root, mode == Mode::Write);
    let cache = render::RenderCache::open(root);
    emit::emit_each(&model, &|pending| {
        if let Some(cache) = &cache
            && cache.is_fresh(root, &pending.path, pending.key)
        {
            syncer.keep(pending.path);
            return Ok(());
        }
        let file = pending.render()?;
        if let Some(cache) = &cache {
            cache.record(&file, pending.key);
        }
        syncer.accept(file).map_err(io)
    })?;
    let mut rest = schema::schema_files();
    rest.extend(manifest::manifest_file(root, &manifest::families(&model))?);
    for file in rest {
        syncer.accept(file).map_err(io)?;
    }
    let owned = [Path::new(emit::GENERATED_DIR)];
    let sync = syncer.finish(&owned).map_err(io)?;
    if mode == Mode::Check && !sync.is_clean() {
        return Err(Error::Drift(sync));
    }
    if mode == Mode::Write
        && let Some(cache) = cache
    {
        // The files are in place; failing to note them only costs the next run its shortcut.
        let _ = cache.save();
    }
    Ok(Report { mode, sync })
}
