//! The curation tools on small doc pages written for these tests (in the site's layouts, not
//! copies of Slack's pages): reading a page, drafting a spec from it, and linting specs.

use std::path::{Path, PathBuf};

use codegen::spec::DRAFT_MARKER;
use codegen::spec::{
    ContentType, HttpMethod, MethodSpec, Plan, RateLimit, SentAs, TokenType, TypeSpec,
};
use serde_json::json;
use spec_curate::{
    self as curate, CodeKind, CurateError, Difference, DocPage, Library, PageArgument, Side,
};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures/pages")
        .join(name)
}

/// A root with no `spec/`: no shared codes, no shared types.
fn no_workspace() -> PathBuf {
    fixture("")
}

fn page(name: &str) -> DocPage {
    curate::read_page(&fixture(name)).expect("read the fixture page")
}

fn draft(name: &str) -> curate::Draft {
    curate::import_file(&fixture(name), &no_workspace())
        .expect("import the fixture page")
        .1
}

/// A draft with every description written, as a curator leaves it.
fn curated(name: &str) -> MethodSpec {
    let text = curate::render(&draft(name).spec).expect("render the draft");
    serde_json::from_str(&text.replace(DRAFT_MARKER, "Written by the curator."))
        .expect("parse the curated draft")
}

/// `(name, type word, required, default, example)` of an argument.
type Row<'a> = (
    &'a str,
    Option<&'a str>,
    bool,
    Option<&'a str>,
    Option<&'a str>,
);

/// The token row of a page with a type column: Slack's placeholder token as its example.
const TYPED_TOKEN: Row<'static> = (
    "token",
    Some("string"),
    true,
    None,
    Some("xxxx-xxxxxxxxx-xxxx"),
);

fn rows(page: &DocPage) -> Vec<Row<'_>> {
    page.arguments
        .iter()
        .map(
            |PageArgument {
                 name,
                 ty,
                 required,
                 default,
                 example,
                 ..
             }| {
                (
                    name.as_str(),
                    ty.word.as_deref(),
                    *required,
                    default.as_deref(),
                    example.as_deref(),
                )
            },
        )
        .collect()
}

fn codes(page: &DocPage, kind: CodeKind) -> Vec<&str> {
    page.codes(kind)
        .iter()
        .map(|code| code.code.as_str())
        .collect()
}

fn messages(page: &DocPage) -> Vec<String> {
    page.report().into_iter().map(|note| note.message).collect()
}

#[test]
fn a_page_with_one_cell_a_line_is_read_whole() {
    let page = page("widgets.spin.txt");
    assert_eq!(page.name.as_deref(), Some("widgets.spin"));
    assert_eq!(
        page.url.as_deref(),
        Some("https://slack.com/api/widgets.spin")
    );
    assert_eq!(page.http_method, Some(HttpMethod::Post));
    assert_eq!(page.content_types, [ContentType::Form, ContentType::Json]);
    assert_eq!(page.rate_limit, None, "the page gives no tier");
    assert_eq!(page.plans, [Plan::BusinessPlus, Plan::EnterpriseGrid]);
    assert_eq!(
        rows(&page),
        [
            TYPED_TOKEN,
            ("widget_id", Some("string"), true, None, Some("W0123ABC")),
            ("turns", Some("integer"), false, Some("3"), Some("5")),
            ("clockwise", Some("boolean"), false, None, None),
        ]
    );
    assert_eq!(
        codes(&page, CodeKind::Error),
        ["widget_not_found", "widget_stuck", "ratelimited"]
    );
    assert_eq!(codes(&page, CodeKind::Warning), ["dizzy_widget"]);
    assert!(page.unparsed.is_empty(), "{:?}", page.unparsed);
}

#[test]
fn an_argument_table_with_examples_between_name_and_flag_is_split() {
    let page = page("gadgets.assign.txt");
    assert_eq!(
        rows(&page),
        [
            ("token", None, true, None, Some("xxxx-xxxxxxxxx-xxxx")),
            ("gadget_id", None, true, None, None),
            // "Optional, default=false" with the example `true` run into the name.
            ("dry_run", None, false, Some("false"), Some("true")),
            ("batch_size", None, false, Some("10"), Some("20")),
            ("team_id", None, false, None, None),
        ]
    );
    assert_eq!(page.http_method, Some(HttpMethod::Post));
    assert_eq!(page.rate_limit, Some(RateLimit::Tier(3)));
    assert_eq!(page.token_types, [TokenType::Bot]);
    assert_eq!(page.scopes.bot, ["gadgets:write"]);
    assert_eq!(page.plans, [Plan::EnterpriseGrid]);
    // `gadget_id was invalid.` starts lowercase but is a description: its code stands alone.
    assert_eq!(
        codes(&page, CodeKind::Error),
        ["invalid_gadget_id", "team_not_found", "not_authed"]
    );
    assert_eq!(codes(&page, CodeKind::Warning), ["missing_charset"]);
    assert!(page.unparsed.is_empty(), "{:?}", page.unparsed);
    let guessed = messages(&page)
        .into_iter()
        .filter(|message| message.contains("check it"))
        .count();
    assert_eq!(
        guessed, 3,
        "token, dry_run and batch_size splits are reported"
    );
}

#[test]
fn codes_run_into_capitalised_descriptions_are_split_and_a_repeat_is_kept_once() {
    let page = page("gizmos.info.txt");
    assert_eq!(
        codes(&page, CodeKind::Error),
        [
            "access_denied",
            "gizmo_not_found",
            "missing_scope",
            "not_authed"
        ]
    );
    let repeat = page
        .notes
        .iter()
        .find(|note| note.message.contains("`missing_scope` is listed again"))
        .expect("the repeated code is reported");
    assert_eq!(repeat.line, Some(20));
}

#[test]
fn a_run_in_page_without_a_title_is_read_and_its_gaps_reported() {
    let page = page("gizmos.info.txt");
    assert_eq!(page.name.as_deref(), Some("gizmos.info"));
    assert!(
        messages(&page)
            .iter()
            .any(|m| m.contains("from the file name"))
    );
    assert_eq!(page.content_types, [ContentType::Form, ContentType::Json]);
    assert_eq!(
        rows(&page),
        [
            TYPED_TOKEN,
            ("gizmo", Some("string"), true, None, None),
            ("include_parts", Some("boolean"), false, Some("false"), None),
            ("include_owner", Some("boolean"), false, Some("false"), None),
        ]
    );
    // Two examples run together: which is whose cannot be told, so it is reported.
    let unparsed: Vec<(usize, &str)> = page
        .unparsed
        .iter()
        .map(|line| (line.line, line.text.as_str()))
        .collect();
    assert_eq!(unparsed, [(9, "truefalse")]);
}

#[test]
fn lines_that_fit_no_pattern_are_reported_with_their_line() {
    let page = page("mangled.txt");
    let unparsed: Vec<(usize, &str)> = page
        .unparsed
        .iter()
        .map(|line| (line.line, line.text.as_str()))
        .collect();
    assert_eq!(
        unparsed,
        [
            (6, "Wobble factor"),
            (12, "C0FFEE=="),
            (13, "sometimes"),
            (21, "bad_sprocketwas not good"),
        ]
    );
    assert_eq!(rows(&page).len(), 2, "token and fast are still read");
    assert_eq!(codes(&page, CodeKind::Error), ["sprocket_jammed"]);
    let report = page.report();
    let located = report[0].located(Path::new("mangled.txt")).to_string();
    assert!(
        located.starts_with("mangled.txt:6: could not interpret `Wobble factor`; expected"),
        "{located}"
    );
}

#[test]
fn a_draft_leaves_descriptions_to_the_curator_and_marks_missing_facts() {
    let curate::Draft { spec, notes } = draft("widgets.spin.txt");
    assert_eq!(spec.schema, "./method.schema.json");
    assert_eq!(spec.name, "widgets.spin");
    assert_eq!(spec.description, DRAFT_MARKER);
    assert_eq!(spec.response.description, DRAFT_MARKER);
    assert!(spec.arguments.iter().all(|a| a.description == DRAFT_MARKER));
    let code_descriptions = spec.errors.iter().chain(&spec.warnings);
    assert!(
        code_descriptions
            .clone()
            .all(|c| c.description.as_deref() == Some(DRAFT_MARKER))
    );
    assert_eq!(spec.rate_limit, RateLimit::Unpublished);
    assert!(
        spec.sources
            .iter()
            .any(|s| s.starts_with("TODO: rate_limit"))
    );
    assert!(
        notes
            .iter()
            .any(|n| n.message.starts_with("rate_limit: the page does not say"))
    );

    let turns = &spec.arguments[2];
    assert_eq!(turns.ty, TypeSpec::Integer);
    assert_eq!(
        (turns.default.clone(), turns.example.clone()),
        (Some(json!(3)), Some(json!(5)))
    );
    assert_eq!(spec.arguments[0].sent_as, SentAs::BearerToken);
    assert_eq!(spec.arguments[1].sent_as, SentAs::Body);
}

#[test]
fn a_draft_without_type_words_takes_types_from_values_and_keeps_ids_strings() {
    let spec = draft("gadgets.assign.txt").spec;
    let types: Vec<(&str, &TypeSpec)> = spec
        .arguments
        .iter()
        .map(|argument| (argument.name.as_str(), &argument.ty))
        .collect();
    assert_eq!(
        types,
        [
            ("token", &TypeSpec::String),
            ("gadget_id", &TypeSpec::String),
            ("dry_run", &TypeSpec::Boolean),
            ("batch_size", &TypeSpec::Integer),
            ("team_id", &TypeSpec::String),
        ]
    );
    assert_eq!(spec.arguments[2].default, Some(json!(false)));
}

#[test]
fn a_draft_renders_as_pretty_json_that_reads_back() {
    let spec = draft("gizmos.info.txt").spec;
    let text = curate::render(&spec).unwrap();
    assert!(text.ends_with("}\n"));
    assert!(text.contains("\n  \"$schema\": \"./method.schema.json\",\n"));
    assert_eq!(serde_json::from_str::<MethodSpec>(&text).unwrap(), spec);
}

#[test]
fn an_existing_spec_is_not_overwritten_without_force() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("spec/widgets.spin.json");
    let draft = draft("widgets.spin.txt");
    curate::write_draft(&draft, &file, false).expect("first write");
    let refused = curate::write_draft(&draft, &file, false).unwrap_err();
    assert!(matches!(refused, CurateError::Exists { .. }));
    assert!(refused.to_string().contains("--force"), "{refused}");
    curate::write_draft(&draft, &file, true).expect("forced write");
}

#[test]
fn an_imported_and_curated_draft_lints_clean_against_its_page() {
    for name in [
        "widgets.spin.txt",
        "gadgets.assign.txt",
        "gizmos.info.txt",
        "mangled.txt",
    ] {
        let differences = curate::lint(&curated(name), &page(name), &Library::default());
        assert!(differences.is_empty(), "{name}: {differences:?}");
    }
}

#[test]
fn lint_ignores_types_and_descriptions_and_reads_json_defaults_as_the_page_writes_them() {
    let mut spec = curated("gadgets.assign.txt");
    spec.arguments[1].ty = TypeSpec::Ref("gadget_id".into());
    spec.arguments[2].default = Some(json!(false));
    spec.errors[0].description = None;
    assert_eq!(
        curate::lint(&spec, &page("gadgets.assign.txt"), &Library::default()),
        []
    );
}

#[test]
fn lint_finds_each_kind_of_difference() {
    let mut spec = curated("widgets.spin.txt");
    spec.http_method = HttpMethod::Get;
    spec.arguments
        .retain(|argument| argument.name != "clockwise");
    let mut speed = spec.arguments[2].clone();
    speed.name = "speed".into();
    spec.arguments.push(speed);
    spec.arguments[1].required = false;
    spec.arguments[2].default = Some(json!(4));
    spec.errors.retain(|code| code.code != "widget_stuck");
    let mut melted = spec.errors[0].clone();
    melted.code = "widget_melted".into();
    spec.errors.push(melted);
    let mut noisy = spec.warnings[0].clone();
    noisy.code = "noisy_widget".into();
    spec.warnings = vec![noisy];

    let differences = curate::lint(&spec, &page("widgets.spin.txt"), &Library::default());
    let argument = |name: &str, only_on, line| Difference::Argument {
        name: name.into(),
        only_on,
        line,
    };
    let code = |kind, code: &str, only_on, line| Difference::Code {
        kind,
        code: code.into(),
        only_on,
        line,
    };
    assert_eq!(
        differences,
        [
            Difference::Fact {
                fact: "the HTTP method".to_owned(),
                page: "POST".into(),
                spec: "GET".into(),
            },
            argument("clockwise", Side::Page, Some(35)),
            argument("speed", Side::Spec, None),
            Difference::Required {
                name: "widget_id".into(),
                page_required: true,
                line: 23,
            },
            Difference::Default {
                name: "turns".into(),
                page: Some("3".into()),
                spec: Some("4".into()),
                line: 30,
            },
            code(CodeKind::Error, "widget_stuck", Side::Page, Some(56)),
            code(CodeKind::Error, "widget_melted", Side::Spec, None),
            code(CodeKind::Warning, "dizzy_widget", Side::Page, Some(70)),
            code(CodeKind::Warning, "noisy_widget", Side::Spec, None),
        ]
    );
    let shown: Vec<String> = differences.iter().map(ToString::to_string).collect();
    assert_eq!(
        shown[3],
        "argument `widget_id` is required on the page (line 23) but optional in the spec"
    );
    assert_eq!(
        shown[4],
        "argument `turns` defaults to `3` on the page (line 30) but to `4` in the spec"
    );
    assert_eq!(
        shown[5],
        "error code `widget_stuck` is on the page (line 56) but not in the spec"
    );
}

#[test]
fn lint_reports_a_default_on_one_side_only() {
    let mut spec = curated("gadgets.assign.txt");
    spec.arguments[2].default = None;
    spec.arguments[4].default = Some(json!("T0001"));
    let shown: Vec<String> = curate::lint(&spec, &page("gadgets.assign.txt"), &Library::default())
        .iter()
        .map(ToString::to_string)
        .collect();
    assert_eq!(
        shown,
        [
            "argument `dry_run` defaults to `false` on the page (line 30) but to nothing in the spec",
            "argument `team_id` defaults to nothing on the page (line 38) but to `T0001` in the spec",
        ]
    );
}

#[test]
fn lint_of_files_finds_the_spec_by_method_name_and_locates_bad_specs() {
    let dir = tempfile::tempdir().unwrap();
    let missing = curate::lint_files(&fixture("widgets.spin.txt"), None, dir.path()).unwrap_err();
    assert!(matches!(missing, CurateError::NoSpec { .. }), "{missing}");
    assert!(missing.to_string().contains("spec-import"), "{missing}");

    let spec_file = curate::spec_path(dir.path(), "widgets.spin");
    curate::write_draft(&draft("widgets.spin.txt"), &spec_file, false).unwrap();
    let report = curate::lint_files(&fixture("widgets.spin.txt"), None, dir.path()).unwrap();
    assert_eq!(
        (report.method.as_str(), report.differences.len()),
        ("widgets.spin", 0)
    );

    std::fs::write(&spec_file, "{\n  \"name\": 3\n}\n").unwrap();
    let bad = curate::lint_files(&fixture("widgets.spin.txt"), None, dir.path()).unwrap_err();
    let message = bad.to_string();
    assert!(message.contains("widgets.spin.json:2:"), "{message}");
    assert!(message.contains("at `name`"), "{message}");
}
