//! Reads `spec/` from disk into the serde types of `spec`, reporting every unreadable file.

use std::path::{Path, PathBuf};

use serde::de::DeserializeOwned;

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::spec::{MethodSpec, SharedCodes, TypeFile};

/// The spec directory, relative to the workspace root.
pub const SPEC_DIR: &str = "spec";
/// Shared types, relative to the spec directory.
pub const TYPES_DIR: &str = "types";
/// The shared error and warning table, relative to the spec directory.
pub const SHARED_CODES: &str = "shared/codes.json";
/// File names ending so are schemas, not specs.
pub const SCHEMA_SUFFIX: &str = ".schema.json";

/// A parsed file and where it came from.
#[derive(Debug, Clone, PartialEq)]
pub struct Loaded<T> {
    /// Relative to the workspace root, for messages.
    pub file: PathBuf,
    pub value: T,
}

/// Every spec file, each kind sorted by file name.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct SpecSet {
    pub methods: Vec<Loaded<MethodSpec>>,
    pub types: Vec<Loaded<TypeFile>>,
    pub shared_codes: Option<Loaded<SharedCodes>>,
}

/// Loads `<root>/spec`; a file that cannot be read or parsed becomes a located diagnostic.
pub fn load(root: &Path) -> Result<SpecSet, Diagnostics> {
    let mut diagnostics = Diagnostics::default();
    let spec_dir = Path::new(SPEC_DIR);
    let mut set = SpecSet {
        methods: load_dir(root, spec_dir, &mut diagnostics),
        types: load_dir(root, &spec_dir.join(TYPES_DIR), &mut diagnostics),
        shared_codes: None,
    };
    let shared = spec_dir.join(SHARED_CODES);
    if root.join(&shared).is_file() {
        set.shared_codes = load_file(root, &shared, &mut diagnostics);
    }
    diagnostics.into_result(set)
}

/// Every `*.json` directly in `dir` that is not a schema.
fn load_dir<T: DeserializeOwned>(
    root: &Path,
    dir: &Path,
    diagnostics: &mut Diagnostics,
) -> Vec<Loaded<T>> {
    let entries = match std::fs::read_dir(root.join(dir)) {
        Ok(entries) => entries,
        Err(error) => {
            diagnostics.push(Diagnostic::new(
                dir,
                "$",
                format!("cannot read the directory: {error}"),
                "run from the workspace root, which holds spec/",
            ));
            return Vec::new();
        }
    };
    let mut files: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .map(|entry| entry.file_name().to_string_lossy().into_owned())
        .filter(|name| name.ends_with(".json") && !name.ends_with(SCHEMA_SUFFIX))
        .map(|name| dir.join(name))
        .collect();
    files.sort();
    files
        .iter()
        .filter_map(|file| load_file(root, file, diagnostics))
        .collect()
}

fn load_file<T: DeserializeOwned>(
    root: &Path,
    file: &Path,
    diagnostics: &mut Diagnostics,
) -> Option<Loaded<T>> {
    let text = match std::fs::read_to_string(root.join(file)) {
        Ok(text) => text,
        Err(error) => {
            diagnostics.push(Diagnostic::new(
                file,
                "$",
                format!("cannot read the file: {error}"),
                "check that it exists, is readable and is UTF-8",
            ));
            return None;
        }
    };
    match parse(&text) {
        Ok(value) => Some(Loaded {
            file: file.to_path_buf(),
            value,
        }),
        Err((path, message)) => {
            diagnostics.push(Diagnostic::new(
                file,
                path,
                message,
                "fix the file so it matches the schema its \"$schema\" names",
            ));
            None
        }
    }
}

/// Parses JSON text, returning the JSON path and serde's message (with line and column) on error.
pub fn parse<T: DeserializeOwned>(text: &str) -> Result<T, (String, String)> {
    let mut deserializer = serde_json::Deserializer::from_str(text);
    let value = serde_path_to_error::deserialize(&mut deserializer).map_err(|error| {
        let path = json_path(&error.path().to_string());
        (path, error.into_inner().to_string())
    })?;
    deserializer
        .end()
        .map_err(|error| ("$".to_owned(), error.to_string()))?;
    Ok(value)
}

/// `arguments[2].type` -> `$.arguments[2].type`; the root is `$`.
fn json_path(path: &str) -> String {
    match path {
        "." | "" => "$".to_owned(),
        path => format!("$.{path}"),
    }
}
