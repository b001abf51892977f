//! No page text panics the curation tools: arbitrary text, lines assembled from the words doc
//! pages are made of, and the fixture pages cut, spliced and reordered all read into a page,
//! import as a draft (or as nothing) that renders, and lint against the workspace's specs; and
//! the drafts of mutated pages, curated, give the generator a diagnostic or code, never a panic.

use std::path::{Path, PathBuf};
use std::sync::LazyLock;

use codegen::spec::MethodSpec;
use integration_tests::mutate::{self, TextEdit};
use integration_tests::workspace_root;
use proptest::prelude::*;
use proptest::sample::Index;
use spec_curate::{self as curate, DocPage};

/// The fixture pages (in the site's layouts).
fn page_files() -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/pages");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("read the fixture pages")
        .map(|entry| entry.expect("directory entry").path())
        .collect();
    files.sort();
    files
}

/// The fixture pages' text, read once.
fn pages() -> &'static [String] {
    static PAGES: LazyLock<Vec<String>> = LazyLock::new(|| {
        page_files()
            .iter()
            .map(|path| std::fs::read_to_string(path).expect("read a fixture page"))
            .collect()
    });
    &PAGES
}

/// A fixture page with `edits` applied.
fn mutated_page(page: Index, edits: &[TextEdit]) -> String {
    let mut text = page.get(pages()).clone();
    for edit in edits {
        mutate::apply_text(&mut text, edit);
    }
    text
}

/// The workspace's method specs, which every page is also linted against, read once.
fn specs() -> &'static [MethodSpec] {
    static SPECS: LazyLock<Vec<MethodSpec>> = LazyLock::new(|| {
        let set = codegen::load::load(&workspace_root()).expect("the workspace's specs load");
        set.methods.into_iter().map(|loaded| loaded.value).collect()
    });
    &SPECS
}

/// The workspace's shared codes and type names, read once.
fn library() -> &'static curate::Library {
    static LIBRARY: LazyLock<curate::Library> = LazyLock::new(|| {
        curate::Library::read(&workspace_root()).expect("the workspace's library reads")
    });
    &LIBRARY
}

/// Everything the curation tools do with a page's text; panics are the only failure.
fn curate_text(text: &str) {
    let page = DocPage::parse(text);
    let _ = page.report();
    if let Some(draft) = curate::import(&page, library()) {
        let rendered = curate::render(&draft.spec).expect("a draft renders as JSON");
        let _: MethodSpec = serde_json::from_str(&rendered).expect("a rendered draft parses");
        let _ = curate::lint(&draft.spec, &page, library());
    }
    for spec in specs() {
        let _ = curate::lint(spec, &page, library());
    }
}

/// A draft as a curator leaves it (every description written), in a scratch workspace with the
/// workspace's shared types and codes, through the generator: a diagnostic or code, never a
/// panic and never invalid Rust.
fn generate_from_draft(
    draft: &curate::Draft,
) -> Result<Vec<codegen::GeneratedFile>, codegen::Error> {
    let text = curate::render(&draft.spec).expect("a draft renders as JSON");
    let mut curated: serde_json::Value = serde_json::from_str(&text).expect("a draft is JSON");
    curate_todos(&mut curated);
    let scratch = tempfile::tempdir().expect("create a temporary directory");
    let spec_dir = scratch.path().join(codegen::load::SPEC_DIR);
    for dir in [codegen::load::TYPES_DIR, "shared"] {
        integration_tests::copy_tree(
            &workspace_root().join("spec").join(dir),
            &spec_dir.join(dir),
        );
    }
    // Named after the method when that makes a file name; the generator checks the match.
    let name = draft.spec.name.replace(['/', '\\', '\0'], "_");
    std::fs::write(spec_dir.join(format!("{name}.json")), curated.to_string())
        .expect("write the draft");
    let result = codegen::generate(scratch.path());
    if let Err(error @ codegen::Error::Render(_)) = &result {
        panic!("the generator emitted invalid Rust for a drafted spec: {error}");
    }
    result
}

/// Does a curator's part: every `TODO: ...` the draft leaves (descriptions, sources, the
/// evidence for idempotency) becomes a written sentence.
fn curate_todos(value: &mut serde_json::Value) {
    match value {
        serde_json::Value::String(text) if text.starts_with("TODO") => {
            *text = "Written by the curator.".to_owned();
        }
        serde_json::Value::Array(items) => items.iter_mut().for_each(curate_todos),
        serde_json::Value::Object(map) => map.values_mut().for_each(curate_todos),
        _ => {}
    }
}

/// The same through the files the commands read: a page whose name comes from its file name,
/// and bytes that need not be UTF-8.
fn curate_file(bytes: &[u8]) {
    let scratch = tempfile::tempdir().expect("create a temporary directory");
    let page_file = scratch.path().join("conversations.info.txt");
    std::fs::write(&page_file, bytes).expect("write the page");
    if let Ok((_, draft)) = curate::import_file(&page_file, &workspace_root()) {
        let out = scratch.path().join("draft.json");
        curate::write_draft(&draft, &out, false).expect("write the draft");
    }
    let _ = curate::lint_files(&page_file, None, &workspace_root());
}

/// A line made of the words and fragments doc pages are made of, glued as the site glues them
/// (cells run together), with odd text mixed in.
fn page_like_line() -> impl Strategy<Value = String> {
    const WORDS: &[&str] = &[
        "Facts",
        "Arguments",
        "Required arguments",
        "Optional arguments",
        "Argument",
        "Argument Example Required Description",
        "Example",
        "Required",
        "Optional",
        "Optional, default=false",
        "Description",
        "Errors",
        "Error",
        "ErrorDescription",
        "Warnings",
        "Warning",
        "WarningDescription",
        "Response",
        "Usage info",
        "Method Access",
        "Token type",
        "Token typeRequired scope(s)",
        "Content types",
        "Rate limiting:",
        "Tier 1",
        "Tier 2",
        "Tier ",
        "Special",
        "Method URL:",
        "https://slack.com/api/",
        "https://slack.com/api/conversations.info",
        "Preferred HTTP method:",
        "POST",
        "GET",
        "Accepted content types:",
        "application/x-www-form-urlencoded",
        "application/json",
        "Works with:",
        "bot",
        "user",
        "admin",
        "channels:read",
        "conversations.info",
        "string",
        "boolean",
        "integer",
        "array",
        "object",
        "token",
        "channel",
        "xxxx-xxxxxxxxx-xxxx",
        "C012AB3CD",
        "Defaults to false",
        "Defaults to ",
        "default=",
        "Enterprise",
        "Enterprise Grid",
        "true",
        "false",
        "{",
        "}",
        "[",
        "]",
        "\"ok\": true,",
        "invalid_auth",
        "channel_not_found",
        ",",
        ":",
        " ",
        "  ",
        "\t",
    ];
    proptest::collection::vec(
        prop_oneof![
            4 => proptest::sample::select(WORDS).prop_map(str::to_owned),
            1 => mutate::odd_string(),
        ],
        0..5,
    )
    .prop_map(|parts| parts.concat())
}

proptest! {
    #![proptest_config(mutate::config(128))]

    #[test]
    fn arbitrary_text_is_read_not_panicked_on(text in any::<String>()) {
        curate_text(&text);
    }

    #[test]
    fn page_like_text_is_read_not_panicked_on(
        lines in proptest::collection::vec(page_like_line(), 0..40),
    ) {
        curate_text(&lines.join("\n"));
    }

    #[test]
    fn mutated_pages_are_read_not_panicked_on(
        page in any::<Index>(),
        edits in proptest::collection::vec(mutate::text_edit(), 1..8),
    ) {
        curate_text(&mutated_page(page, &edits));
    }
}

proptest! {
    // Each case writes and reads files: fewer of them.
    #![proptest_config(mutate::config(48))]

    #[test]
    fn drafts_of_mutated_pages_give_a_diagnostic_or_code(
        page in any::<Index>(),
        edits in proptest::collection::vec(mutate::text_edit(), 1..6),
    ) {
        let page = DocPage::parse(&mutated_page(page, &edits));
        if let Some(draft) = curate::import(&page, library()) {
            match generate_from_draft(&draft) {
                // Code: the drafted method's module among the files.
                Ok(files) => prop_assert!(!files.is_empty(), "code without files"),
                // A diagnostic: located in the drafted spec (or its types), with a message.
                Err(codegen::Error::Spec(diagnostics)) => {
                    let shown = diagnostics.to_string();
                    prop_assert!(shown.contains("spec/"), "a diagnostic names its file: {shown}");
                    prop_assert!(shown.contains("help:"), "a diagnostic says what to do: {shown}");
                }
                Err(other) => prop_assert!(false, "neither code nor a diagnostic: {other}"),
            }
        }
    }
}

proptest! {
    // Each case writes and reads files: fewer of them.
    #![proptest_config(mutate::config(32))]

    #[test]
    fn page_files_of_any_bytes_are_read_not_panicked_on(
        page in any::<Index>(),
        edits in proptest::collection::vec(mutate::text_edit(), 0..4),
        junk in proptest::option::of(proptest::collection::vec(any::<u8>(), 0..64)),
    ) {
        let mut bytes = mutated_page(page, &edits).into_bytes();
        bytes.extend(junk.unwrap_or_default());
        curate_file(&bytes);
    }
}

/// The seeds of the mutations are real pages: each names its method and imports, and the
/// draft of each well-formed one, curated, generates a client.
#[test]
fn every_fixture_page_imports_and_its_curated_draft_generates() {
    let files = page_files();
    assert!(files.len() >= 4, "found {} fixture pages", files.len());
    for file in files {
        let draft = match curate::import_file(&file, &workspace_root()) {
            Ok((_, draft)) => draft,
            Err(error) => panic!("{} did not import: {error}", file.display()),
        };
        let result = generate_from_draft(&draft);
        // The mangled page lacks facts a spec needs; a text page lists no answer members, so a
        // paged method's draft lacks its pagination until the curator adds them. The generator
        // says which.
        if file.ends_with("mangled.txt") {
            assert!(result.is_err());
        } else if file.ends_with("doohickeys.list.txt") {
            let error = result
                .expect_err("a paged method without pagination")
                .to_string();
            assert!(error.contains("$.pagination"), "{error}");
        } else {
            let files = result.unwrap_or_else(|error| panic!("{}: {error}", file.display()));
            assert!(!files.is_empty());
        }
    }
}
