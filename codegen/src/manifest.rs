//! The client crate's `[features]`: one feature per API family, kept in sync with the spec.
//!
//! The manifest is hand-written and other features (`cli`, `testing`, ...) live beside ours, so
//! it is edited with `toml_edit`, which keeps everything it does not touch byte for byte. The
//! generator owns only the family keys, their place in `default`, and the list of families it
//! wrote last (`[package.metadata.codegen] families`), which says what to remove when a family
//! leaves the spec.

use std::path::{Path, PathBuf};

use toml_edit::{Array, DocumentMut, Item, Table, value};

use crate::model::Model;
use crate::render::GeneratedFile;

/// The client crate's manifest, relative to the workspace root.
pub const MANIFEST: &str = "generated-client/Cargo.toml";

/// A manifest that is not valid TOML, or whose `[features]` is not a table.
#[derive(Debug, thiserror::Error)]
#[error("{path}: {message}; fix the file by hand, then rerun `cargo xtask codegen`")]
pub struct ManifestError {
    pub path: PathBuf,
    pub message: String,
}

/// The API families of the model, sorted, each once.
pub fn families(model: &Model) -> Vec<String> {
    let mut families: Vec<String> = model.methods.iter().map(|m| m.family.clone()).collect();
    families.sort();
    families.dedup();
    families
}

/// The manifest under `root` with its family features synced to `families`; `None` when the
/// workspace has no client manifest (a fixture spec, a scratch copy of `spec/` alone).
pub fn manifest_file(
    root: &Path,
    families: &[String],
) -> Result<Option<GeneratedFile>, ManifestError> {
    let path = root.join(MANIFEST);
    let Ok(text) = std::fs::read_to_string(&path) else {
        return Ok(None);
    };
    let contents = with_families(&text, families).map_err(|message| ManifestError {
        path: PathBuf::from(MANIFEST),
        message,
    })?;
    Ok(Some(GeneratedFile {
        path: PathBuf::from(MANIFEST),
        contents,
    }))
}

/// `manifest` with one empty feature per family, each in `default`, and the families written
/// before but no longer in the spec removed from both. Everything else is left as it was.
pub fn with_families(manifest: &str, families: &[String]) -> Result<String, String> {
    let mut doc: DocumentMut = manifest
        .parse()
        .map_err(|error| format!("not valid TOML: {error}"))?;
    let previous = previous_families(&doc);
    let features = doc
        .entry("features")
        .or_insert_with(|| Item::Table(Table::new()))
        .as_table_mut()
        .ok_or("`[features]` is not a table")?;
    for stale in previous.iter().filter(|name| !families.contains(name)) {
        features.remove(stale);
    }
    for family in families {
        if !features.contains_key(family) {
            features.insert(family, value(Array::new()));
        }
    }
    let default = features
        .entry("default")
        .or_insert_with(|| value(Array::new()))
        .as_array_mut()
        .ok_or("`default` in `[features]` is not an array")?;
    default.retain(|entry| {
        entry.as_str().is_none_or(|name| {
            families.iter().any(|f| f == name) || !previous.iter().any(|p| p == name)
        })
    });
    for family in families {
        if !default.iter().any(|entry| entry.as_str() == Some(family)) {
            default.push(family.as_str());
        }
    }
    let written: Array = families.iter().map(String::as_str).collect();
    let package = doc
        .get_mut("package")
        .and_then(Item::as_table_mut)
        .ok_or("no `[package]` table")?;
    let metadata = package
        .entry("metadata")
        .or_insert_with(implicit_table)
        .as_table_mut()
        .ok_or("`package.metadata` is not a table")?;
    let codegen = metadata
        .entry("codegen")
        .or_insert_with(|| {
            let mut table = Table::new();
            table.decor_mut().set_prefix(
                "\n# Written by `cargo xtask codegen`: the API families of spec/, each a feature of\n\
                 # its own (in [features], on by default). The generator edits only those keys.\n",
            );
            Item::Table(table)
        })
        .as_table_mut()
        .ok_or("`package.metadata.codegen` is not a table")?;
    if previous != families {
        codegen.insert("families", value(written));
    }
    Ok(doc.to_string())
}

/// `[package.metadata]` written only as the parent of `[package.metadata.codegen]`.
fn implicit_table() -> Item {
    let mut table = Table::new();
    table.set_implicit(true);
    Item::Table(table)
}

/// The families the generator wrote last time.
fn previous_families(doc: &DocumentMut) -> Vec<String> {
    doc.get("package")
        .and_then(|package| package.get("metadata"))
        .and_then(|metadata| metadata.get("codegen"))
        .and_then(|codegen| codegen.get("families"))
        .and_then(Item::as_array)
        .map(|array| {
            array
                .iter()
                .filter_map(|entry| entry.as_str().map(str::to_owned))
                .collect()
        })
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    const MANIFEST_TEXT: &str = "[package]\nname = \"client\"\n\n[features]\n# ours\ndefault = [\"cli\"]\ncli = []\ntesting = [\"dep:hyper\"]\n";

    fn families(names: &[&str]) -> Vec<String> {
        names.iter().map(|name| name.to_string()).collect()
    }

    /// The `default` feature list of a parsed `[features]` table.
    fn default_features(features: &toml_edit::Table) -> Vec<&str> {
        features["default"]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(|v| v.as_str())
            .collect()
    }

    #[test]
    fn adds_families_and_keeps_other_features() {
        let text = with_families(
            MANIFEST_TEXT,
            &families(&["admin-conversations", "conversations"]),
        )
        .unwrap();
        let doc: DocumentMut = text.parse().unwrap();
        let features = doc["features"].as_table().unwrap();
        let default = default_features(features);
        assert_eq!(default, ["cli", "admin-conversations", "conversations"]);
        assert_eq!(features["testing"].to_string().trim(), "[\"dep:hyper\"]");
        assert!(features["conversations"].as_array().unwrap().is_empty());
        assert!(text.contains("# ours\ndefault"), "comments stay: {text}");
        // Running again changes nothing.
        let again =
            with_families(&text, &families(&["admin-conversations", "conversations"])).unwrap();
        assert_eq!(again, text);
    }

    #[test]
    fn removes_families_that_left_the_spec_only() {
        let first = with_families(MANIFEST_TEXT, &families(&["chat", "conversations"])).unwrap();
        let text = with_families(&first, &families(&["conversations"])).unwrap();
        let doc: DocumentMut = text.parse().unwrap();
        let features = doc["features"].as_table().unwrap();
        assert!(!features.contains_key("chat"));
        assert!(features.contains_key("cli") && features.contains_key("testing"));
        let default = default_features(features);
        assert_eq!(default, ["cli", "conversations"]);
    }

    #[test]
    fn a_broken_manifest_is_an_error() {
        assert!(with_families("[features\n", &families(&["chat"])).is_err());
        assert!(with_families("features = 1\n[package]\n", &families(&["chat"])).is_err());
    }
}
