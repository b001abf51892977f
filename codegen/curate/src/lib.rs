//! The docs tooling, beside the generator and sharing its spec types: draft a spec from a doc
//! page (`cargo xtask spec-import`), lint a spec against its page (`cargo xtask spec-lint`), and
//! check what answers a spec must decode (`cargo xtask spec-answers`), so the specs stay true to
//! the docs and to what Slack sends.
//!
//! [`page`] reads a page (copied as text, or its `<method>.json` twin) into a neutral
//! [`DocPage`], [`import`](mod@import) turns one into a draft [`MethodSpec`], [`lint`](mod@lint) lists the
//! differences between a spec and a page, [`type_mapping`] maps a page's types to ours for
//! both, and [`answers`] walks example answers against the generator's model. The functions
//! here add the files: reading, naming, writing, and errors that say which file and what to do.

pub mod answers;
pub mod docs_dir;
pub mod import;
pub mod lint;
pub mod page;
mod page_values;
pub mod type_mapping;

use std::fmt;
use std::path::{Path, PathBuf};

pub use docs_dir::{DirLint, DirStatus, lint_dir};
pub use import::{Draft, import, render};
pub use lint::{Difference, Side, lint};
pub use page::{CodeKind, DocPage, Layout, PageArgument, PageCode, PageMember, PageType, Unparsed};
pub use type_mapping::Library;

use codegen::spec::MethodSpec;

/// Something the curator should hear about, at a page line when it has one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Note {
    /// 1-based line of the page.
    pub line: Option<usize>,
    pub message: String,
}

impl Note {
    /// A note about one line of the page.
    pub fn at(line: usize, message: impl Into<String>) -> Note {
        Note {
            line: Some(line),
            message: message.into(),
        }
    }

    /// A note about the page as a whole.
    pub fn general(message: impl Into<String>) -> Note {
        Note {
            line: None,
            message: message.into(),
        }
    }

    /// `page.txt:12: message`, the form editors and terminals link to.
    pub fn located<'a>(&'a self, file: &'a Path) -> impl fmt::Display + 'a {
        Located { note: self, file }
    }
}

struct Located<'a> {
    note: &'a Note,
    file: &'a Path,
}

impl fmt::Display for Located<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.note.line {
            Some(line) => write!(f, "{}:{line}: {}", self.file.display(), self.note.message),
            None => write!(f, "{}: {}", self.file.display(), self.note.message),
        }
    }
}

/// What can go wrong with the files a curator names; each message says which file and what next.
#[derive(Debug, thiserror::Error)]
pub enum CurateError {
    #[error("{}: cannot read the file: {source}", file.display())]
    Read {
        file: PathBuf,
        source: std::io::Error,
    },
    #[error(
        "{}: the page names no method; expected a title line like `conversations.info method`, \
         a `https://slack.com/api/<method>` URL, or a file named `<method>.txt` or \
         `<method>.json`",
        file.display()
    )]
    NoMethodName { file: PathBuf },
    #[error("{}{}: {message}; {hint}", file.display(), line.map(|line| format!(":{line}")).unwrap_or_default())]
    Unreadable {
        file: PathBuf,
        line: Option<usize>,
        message: String,
        hint: &'static str,
    },
    #[error(
        "{}: no spec for `{method}` there; name the spec to compare with, or draft one with \
         `cargo xtask spec-import <page.txt>`",
        file.display()
    )]
    NoSpec { file: PathBuf, method: String },
    #[error(
        "{}:{line}:{column}: at `{place}`: {message}; expected a method spec as \
         spec/method.schema.json describes",
        file.display()
    )]
    BadSpec {
        file: PathBuf,
        line: usize,
        column: usize,
        place: String,
        message: String,
    },
    #[error(
        "{}: already exists; not overwriting it (pass --force to overwrite, or --out FILE to \
         write elsewhere)",
        file.display()
    )]
    Exists { file: PathBuf },
    #[error("{}: cannot write the draft: {source}", file.display())]
    Write {
        file: PathBuf,
        source: std::io::Error,
    },
    #[error("cannot render the draft as JSON: {0}")]
    Render(#[from] serde_json::Error),
}

/// Reads and parses a page file: a twin when it ends in `.json`, else text. A text page that
/// names no method takes the name from its endpoint URL or, failing that, from the file name
/// (`conversations.info.txt`), and says so.
///
/// A page without an argument table, or without an error table, is refused: a draft or a lint
/// without them would say nothing of what the page holds. A twin is the exception for errors:
/// it lists only the method's own codes, and one without `errors` has none.
pub fn read_page(file: &Path) -> Result<DocPage, CurateError> {
    let text = std::fs::read_to_string(file).map_err(|source| CurateError::Read {
        file: file.to_owned(),
        source,
    })?;
    let page = if file.extension().is_some_and(|ext| ext == "json") {
        page::twin::parse(&text, page::twin::name_from_file(file)).map_err(|error| {
            CurateError::Unreadable {
                file: file.to_owned(),
                line: error.line,
                message: error.message,
                hint: "download the method's twin again from \
                       https://docs.slack.dev/reference/methods/<method>.json",
            }
        })?
    } else {
        let mut page = DocPage::parse(&text);
        if page.name.is_none() {
            name_from_elsewhere(&mut page, file);
        }
        page
    };
    never_blind(&page, file, text.lines().count())?;
    Ok(page)
}

/// Refuses a page whose argument or error table is missing or holds nothing readable.
fn never_blind(page: &DocPage, file: &Path, lines: usize) -> Result<(), CurateError> {
    let unreadable = |line, message: String| CurateError::Unreadable {
        file: file.to_owned(),
        line,
        message,
        hint: "copy the whole page again (the tables may have been cut off), or report the \
               layout so the reader learns it",
    };
    match page.tables.arguments {
        None => {
            return Err(unreadable(
                None,
                format!("no argument table in its {lines} lines (expected an `Arguments` heading)"),
            ));
        }
        // Every method takes at least its token.
        Some(line) if page.arguments.is_empty() => {
            return Err(unreadable(
                Some(line),
                "the argument table has no row this reader understands".to_owned(),
            ));
        }
        Some(_) => {}
    }
    match page.tables.errors {
        // The twin reader noted it: no codes of the method's own.
        None if page.layout == Layout::Twin => Ok(()),
        None => Err(unreadable(
            None,
            format!("no error table in its {lines} lines (expected an `Errors` heading)"),
        )),
        // A twin lists only the method's own codes, which may be none; a text page lists all.
        Some(line) if page.errors.is_empty() && page.layout == Layout::Text => Err(unreadable(
            Some(line),
            "the error table has no code this reader understands".to_owned(),
        )),
        Some(_) => Ok(()),
    }
}

fn name_from_elsewhere(page: &mut DocPage, file: &Path) {
    let from_url = page
        .url
        .as_deref()
        .and_then(|url| url.strip_prefix(page::ENDPOINT_PREFIX))
        .filter(|name| page::is_method_name(name))
        .map(|name| (name.to_owned(), "its URL"));
    let from_file = || {
        file.file_stem()
            .and_then(|stem| stem.to_str())
            .filter(|stem| page::is_method_name(stem))
            .map(|stem| (stem.to_owned(), "the file name"))
    };
    if let Some((name, source)) = from_url.or_else(from_file) {
        let message = format!("the page names no method; took `{name}` from {source}");
        page.notes.push(Note::general(message));
        page.name = Some(name);
    }
}

/// Reads a page and drafts a spec from it, with the shared codes and types of the workspace at
/// `root`.
pub fn import_file(page_file: &Path, root: &Path) -> Result<(DocPage, Draft), CurateError> {
    let page = read_page(page_file)?;
    let library = Library::read(root)?;
    let draft = import(&page, &library).ok_or_else(|| CurateError::NoMethodName {
        file: page_file.to_owned(),
    })?;
    Ok((page, draft))
}

/// Where a method's spec lives under the workspace root: `spec/<method>.json`.
pub fn spec_path(root: &Path, method: &str) -> PathBuf {
    root.join("spec").join(format!("{method}.json"))
}

/// Writes a rendered draft to `file`, refusing to replace an existing file unless `force`.
pub fn write_draft(draft: &Draft, file: &Path, force: bool) -> Result<(), CurateError> {
    if file.exists() && !force {
        return Err(CurateError::Exists {
            file: file.to_owned(),
        });
    }
    let text = render(&draft.spec)?;
    let write_error = |source| CurateError::Write {
        file: file.to_owned(),
        source,
    };
    if let Some(parent) = file
        .parent()
        .filter(|parent| !parent.as_os_str().is_empty())
    {
        std::fs::create_dir_all(parent).map_err(write_error)?;
    }
    std::fs::write(file, text).map_err(write_error)
}

/// Reads a spec file, locating a parse error by line, column and JSON path.
pub fn read_spec(file: &Path) -> Result<MethodSpec, CurateError> {
    let text = std::fs::read_to_string(file).map_err(|source| CurateError::Read {
        file: file.to_owned(),
        source,
    })?;
    let mut deserializer = serde_json::Deserializer::from_str(&text);
    let bad_spec = |place: String, error: serde_json::Error| CurateError::BadSpec {
        file: file.to_owned(),
        line: error.line(),
        column: error.column(),
        place,
        // serde ends its message with the place, which the error already leads with.
        message: match error.to_string().split_once(" at line ") {
            Some((message, _)) => message.to_owned(),
            None => error.to_string(),
        },
    };
    let spec: MethodSpec = serde_path_to_error::deserialize(&mut deserializer)
        .map_err(|error| bad_spec(error.path().to_string(), error.into_inner()))?;
    // Text after the spec's object is an error too, not something to ignore.
    deserializer
        .end()
        .map_err(|error| bad_spec(".".to_owned(), error))?;
    Ok(spec)
}

/// What `spec-lint` found: the differences, and what the page reader could not interpret (a
/// difference may hide there).
#[derive(Debug)]
pub struct LintReport {
    pub method: String,
    /// The spec compared.
    pub spec_file: PathBuf,
    pub differences: Vec<Difference>,
    pub page_notes: Vec<Note>,
    /// What was read from the page, in one line ([`DocPage::summary`]).
    pub read: String,
}

/// Lints the spec at `spec_file` against the page at `page_file`; without `spec_file`, the
/// page's method's spec under `root` (`spec/<method>.json`).
pub fn lint_files(
    page_file: &Path,
    spec_file: Option<&Path>,
    root: &Path,
) -> Result<LintReport, CurateError> {
    let page = read_page(page_file)?;
    let method = page.name.clone().ok_or_else(|| CurateError::NoMethodName {
        file: page_file.to_owned(),
    })?;
    let spec_file = match spec_file {
        Some(file) => file.to_owned(),
        None => spec_path(root, &method),
    };
    if !spec_file.is_file() {
        return Err(CurateError::NoSpec {
            file: spec_file,
            method,
        });
    }
    let spec = read_spec(&spec_file)?;
    let library = Library::read(root)?;
    Ok(LintReport {
        spec_file,
        differences: lint(&spec, &page, &library),
        page_notes: page.report(),
        read: page.summary(),
        method,
    })
}
