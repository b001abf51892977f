//! `spec-lint --docs DIR`: every spec against its page in a folder of pages, found by method
//! name (`<method>.json`, the twin, preferred to `<method>.txt`), with one line of totals.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::{CurateError, Difference, Library, lint, read_page, read_spec};
use codegen::load::{SCHEMA_SUFFIX, SPEC_DIR};

/// How one method came out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DirStatus {
    InSync,
    Differ,
    /// A page with no spec yet: a method to draft, not a difference.
    PageWithoutSpec,
    /// A spec whose page is not in the folder: nothing to compare.
    SpecWithoutPage,
    /// The page or the spec could not be read; counted as differing.
    Unreadable,
}

/// One method of the folder or of `spec/`.
#[derive(Debug, Clone, Serialize)]
pub struct DirEntry {
    pub method: String,
    pub status: DirStatus,
    pub page: Option<PathBuf>,
    pub spec: Option<PathBuf>,
    /// What was read from the page ([`crate::DocPage::summary`]).
    pub read: Option<String>,
    pub differences: Vec<DirDifference>,
    /// Lines of the page the reader could not interpret, and its notes.
    pub page_notes: Vec<String>,
    /// Why the page or spec could not be read.
    pub error: Option<String>,
}

/// A difference, as data and as the sentence the terminal shows.
#[derive(Debug, Clone, Serialize)]
pub struct DirDifference {
    pub message: String,
    #[serde(flatten)]
    pub difference: Difference,
}

/// The whole folder's result.
#[derive(Debug, Clone, Serialize)]
pub struct DirLint {
    pub entries: Vec<DirEntry>,
    pub in_sync: usize,
    pub differ: usize,
    pub page_without_spec: usize,
    pub spec_without_page: usize,
}

impl DirLint {
    /// Whether any spec differs from its page (or could not be compared).
    pub fn failed(&self) -> bool {
        self.differ > 0
    }

    /// `3 in sync, 0 differ, 34 pages without spec, 0 specs without page`.
    pub fn summary(&self) -> String {
        format!(
            "{} in sync, {} differ, {} page{} without spec, {} spec{} without page",
            self.in_sync,
            self.differ,
            self.page_without_spec,
            plural(self.page_without_spec),
            self.spec_without_page,
            plural(self.spec_without_page),
        )
    }
}

fn plural(count: usize) -> &'static str {
    if count == 1 { "" } else { "s" }
}

/// Lints every spec under `root/spec/` against its page in `docs`.
pub fn lint_dir(docs: &Path, root: &Path) -> Result<DirLint, CurateError> {
    let library = Library::read(root)?;
    let pages = pages_in(docs)?;
    let specs = specs_in(&root.join(SPEC_DIR))?;
    let methods: std::collections::BTreeSet<&String> = pages.keys().chain(specs.keys()).collect();
    let entries: Vec<DirEntry> = methods
        .into_iter()
        .map(|method| entry(method, pages.get(method), specs.get(method), &library))
        .collect();
    let count = |status: &[DirStatus]| {
        entries
            .iter()
            .filter(|entry| status.contains(&entry.status))
            .count()
    };
    Ok(DirLint {
        in_sync: count(&[DirStatus::InSync]),
        differ: count(&[DirStatus::Differ, DirStatus::Unreadable]),
        page_without_spec: count(&[DirStatus::PageWithoutSpec]),
        spec_without_page: count(&[DirStatus::SpecWithoutPage]),
        entries,
    })
}

fn entry(
    method: &str,
    page: Option<&PathBuf>,
    spec: Option<&PathBuf>,
    library: &Library,
) -> DirEntry {
    let mut entry = DirEntry {
        method: method.to_owned(),
        status: DirStatus::InSync,
        page: page.cloned(),
        spec: spec.cloned(),
        read: None,
        differences: Vec::new(),
        page_notes: Vec::new(),
        error: None,
    };
    let (Some(page_file), Some(spec_file)) = (page, spec) else {
        entry.status = match page {
            Some(_) => DirStatus::PageWithoutSpec,
            None => DirStatus::SpecWithoutPage,
        };
        return entry;
    };
    let read = read_page(page_file).and_then(|page| Ok((page, read_spec(spec_file)?)));
    let (page, spec) = match read {
        Ok(both) => both,
        Err(error) => {
            entry.status = DirStatus::Unreadable;
            entry.error = Some(error.to_string());
            return entry;
        }
    };
    entry.read = Some(page.summary());
    entry.page_notes = page
        .report()
        .iter()
        .map(|note| note.located(page_file).to_string())
        .collect();
    entry.differences = lint(&spec, &page, library)
        .into_iter()
        .map(|difference| DirDifference {
            message: difference.to_string(),
            difference,
        })
        .collect();
    if !entry.differences.is_empty() {
        entry.status = DirStatus::Differ;
    }
    entry
}

/// `method -> page file`, a twin preferred to a text page of the same method.
fn pages_in(docs: &Path) -> Result<BTreeMap<String, PathBuf>, CurateError> {
    let mut pages: BTreeMap<String, PathBuf> = BTreeMap::new();
    for file in files_in(docs)? {
        let Some(name) = file.file_name().and_then(|name| name.to_str()) else {
            continue;
        };
        let (method, twin) = match (name.strip_suffix(".json"), name.strip_suffix(".txt")) {
            (Some(method), _) => (method, true),
            (None, Some(method)) => (method, false),
            _ => continue,
        };
        if !crate::page::is_method_name(method) {
            continue;
        }
        if twin || !pages.contains_key(method) {
            pages.insert(method.to_owned(), file);
        }
    }
    Ok(pages)
}

/// `method -> spec file` for `spec/<method>.json`, leaving out the schemas.
fn specs_in(spec_dir: &Path) -> Result<BTreeMap<String, PathBuf>, CurateError> {
    Ok(files_in(spec_dir)?
        .into_iter()
        .filter_map(|file| {
            let name = file.file_name()?.to_str()?;
            if name.ends_with(SCHEMA_SUFFIX) {
                return None;
            }
            let method = name.strip_suffix(".json")?.to_owned();
            Some((method, file))
        })
        .collect())
}

/// The files of a folder, sorted.
fn files_in(dir: &Path) -> Result<Vec<PathBuf>, CurateError> {
    let read_error = |source| CurateError::Read {
        file: dir.to_owned(),
        source,
    };
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .map_err(read_error)?
        .filter_map(Result::ok)
        .map(|entry| entry.path())
        .filter(|path| path.is_file())
        .collect();
    files.sort();
    Ok(files)
}
