//! The curation tools on today's pages: a method's machine-readable twin (`<method>.json`) and
//! its page copied as text from docs.slack.dev (headings ending in U+200B, `Scopes` blocks run
//! together, `Rate LimitsTier 2: ...`, rows without a type, `Default:` lines). The fixtures are
//! pages of our own for fictitious methods, in each layout; Slack's own pages are linted at the
//! end when `../shared/docs/` is there.

use std::path::{Path, PathBuf};

use codegen::spec::DRAFT_MARKER;
use codegen::spec::{ContentType, HttpMethod, MethodSpec, RateLimit, SentAs, TokenType, TypeSpec};
use serde_json::json;
use spec_curate::{
    self as curate, CodeKind, CurateError, Difference, DocPage, Layout, Library, Side,
};

fn fixture(dir: &str, name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures")
        .join(dir)
        .join(name)
}

fn page(name: &str) -> DocPage {
    curate::read_page(&fixture("pages", name)).expect("read the fixture page")
}

fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("tests/ is in the workspace")
        .to_owned()
}

/// The workspace's shared codes and types.
fn library() -> Library {
    Library::read(&workspace_root()).expect("read the workspace's library")
}

/// A draft with every `TODO` written, as a curator leaves it.
fn curated(page: &DocPage) -> MethodSpec {
    curated_with(page, &library())
}

/// [`curated`], drafted with the types of `library`.
fn curated_with(page: &DocPage, library: &Library) -> MethodSpec {
    let draft = curate::import(page, library).expect("the page names its method");
    let text = curate::render(&draft.spec).expect("render the draft");
    serde_json::from_str(&text.replace(DRAFT_MARKER, "Written by the curator."))
        .expect("parse the curated draft")
}

/// `(name, required, default, example)` of each argument.
fn arguments(page: &DocPage) -> Vec<(&str, bool, Option<&str>, Option<&str>)> {
    page.arguments
        .iter()
        .map(|argument| {
            (
                argument.name.as_str(),
                argument.required,
                argument.default.as_deref(),
                argument.example.as_deref(),
            )
        })
        .collect()
}

fn codes(page: &DocPage, kind: CodeKind) -> Vec<&str> {
    page.codes(kind)
        .iter()
        .map(|code| code.code.as_str())
        .collect()
}

#[test]
fn todays_text_layout_is_read_whole() {
    let page = page("doohickeys.list.txt");
    assert_eq!(page.layout, Layout::Text);
    assert_eq!(page.name.as_deref(), Some("doohickeys.list"));
    assert_eq!(page.http_method, Some(HttpMethod::Get));
    assert_eq!(page.content_types, [ContentType::Form, ContentType::Json]);
    assert_eq!(
        page.rate_limit,
        Some(RateLimit::Tier(2)),
        "not a special limit"
    );
    assert_eq!(page.token_types, [TokenType::Bot, TokenType::User]);
    assert_eq!(
        page.scopes.bot,
        ["doohickeys:read", "gadgets:read"],
        "split apart"
    );
    assert_eq!(page.scopes.user, ["doohickeys:read"]);
    assert_eq!(
        arguments(&page),
        [
            ("token", true, None, Some("xxxx-xxxxxxxxx-xxxx")),
            ("channel", true, None, Some("C0123ABC")),
            ("cursor", false, None, Some("ZG9vaGlja2V5OkQx")),
            ("limit", false, Some("100"), Some("20")),
            ("include_broken", false, Some("false"), Some("true")),
            // A row without a type is an argument all the same.
            ("labels", false, None, None),
        ]
    );
    assert_eq!(page.arguments[5].ty.word, None);
    assert_eq!(page.arguments[3].ty.word.as_deref(), Some("number"));
    // The headings end in U+200B; the error rows are tab-separated.
    assert_eq!(
        codes(&page, CodeKind::Error),
        [
            "doohickey_shelf_missing",
            "invalid_cursor",
            "not_authed",
            "ratelimited"
        ]
    );
    assert_eq!(codes(&page, CodeKind::Warning), ["superfluous_charset"]);
    assert!(page.unparsed.is_empty(), "{:?}", page.unparsed);
    assert_eq!(
        page.summary(),
        "6 arguments, 4 error codes, 1 warning, Tier 2, bot 2 scopes, user 1 scope"
    );
}

#[test]
fn the_twin_gives_the_same_facts_and_the_answer() {
    let twin = page("doohickeys.list.json");
    let text = page("doohickeys.list.txt");
    assert_eq!(twin.layout, Layout::Twin);
    assert_eq!(twin.name, text.name, "named by its file");
    assert_eq!(twin.url, text.url);
    assert_eq!(twin.http_method, text.http_method);
    assert_eq!(twin.content_types, text.content_types);
    assert_eq!(twin.rate_limit, text.rate_limit);
    assert_eq!(twin.token_types, text.token_types);
    assert_eq!(twin.scopes, text.scopes);
    assert_eq!(arguments(&twin), arguments(&text), "in the page's order");
    assert_eq!(twin.arguments[1].ty.subtype.as_deref(), Some("channel"));
    assert!(twin.arguments[5].ty.nullable);
    // A twin lists the method's own codes only.
    assert_eq!(
        codes(&twin, CodeKind::Error),
        ["doohickey_shelf_missing", "invalid_cursor"]
    );
    let members = twin.members.as_ref().expect("a twin lists the answer");
    let members: Vec<(&str, bool)> = members
        .iter()
        .map(|member| (member.name.as_str(), member.required))
        .collect();
    assert_eq!(members, [("doohickeys", true), ("shelf", false)]);
    assert!(twin.unparsed.is_empty(), "{:?}", twin.unparsed);
}

#[test]
fn a_twin_drafts_every_fact_in_our_types() {
    let library = library();
    let draft = curate::import(&page("doohickeys.list.json"), &library).unwrap();
    let spec = &draft.spec;
    assert_eq!(
        spec.doc_url,
        "https://docs.slack.dev/reference/methods/doohickeys.list"
    );
    assert_eq!(spec.http_method, HttpMethod::Get);
    assert_eq!(spec.rate_limit, RateLimit::Tier(2));
    assert_eq!(spec.scopes.bot, ["doohickeys:read", "gadgets:read"]);
    let channel = &spec.arguments[1];
    assert_eq!(channel.ty, TypeSpec::Ref("channel_id".into()), "an ID type");
    assert_eq!(channel.example, Some(json!("C0123ABC")));
    let limit = &spec.arguments[3];
    assert_eq!(
        (&limit.ty, &limit.default, &limit.example),
        (&TypeSpec::Integer, &Some(json!(100)), &Some(json!(20)))
    );
    // The twin's own codes, then every shared one, which needs no description of its own.
    let own: Vec<&str> = spec.errors[..2].iter().map(|c| c.code.as_str()).collect();
    assert_eq!(own, ["doohickey_shelf_missing", "invalid_cursor"]);
    assert_eq!(spec.errors.len(), 2 + library.shared_errors.len());
    assert!(
        spec.errors[2..]
            .iter()
            .all(|code| code.description.is_none())
    );
    assert_eq!(spec.warnings.len(), library.shared_warnings.len());
    // The answer, and the pagination its cursor and list member make.
    let fields: Vec<(&str, &TypeSpec, bool)> = spec
        .response
        .fields
        .iter()
        .map(|field| (field.name.as_str(), &field.ty, field.required))
        .collect();
    assert_eq!(
        fields,
        [
            (
                "doohickeys",
                &TypeSpec::Array(Box::new(TypeSpec::Json)),
                true
            ),
            (
                "shelf",
                &TypeSpec::Nullable(Box::new(TypeSpec::Ref("channel_id".into()))),
                false
            ),
        ]
    );
    let pagination = spec.pagination.as_ref().expect("a cursor makes it paged");
    assert_eq!(
        (
            pagination.cursor.as_str(),
            pagination.limit.as_deref(),
            pagination.items.as_deref()
        ),
        ("cursor", Some("limit"), Some("doohickeys"))
    );
    // What the page names but we have no type for is said, with its line.
    assert!(
        draft
            .notes
            .iter()
            .any(|note| note.line.is_some() && note.message.contains("a `doohickey`")),
        "{:?}",
        draft.notes
    );
}

#[test]
fn special_rate_limits_and_untyped_rows_are_drafted() {
    let page = page("doohickeys.ring.txt");
    assert_eq!(page.rate_limit, Some(RateLimit::Special(String::new())));
    let draft = curate::import(&page, &library()).unwrap();
    // The page's words are Slack's: the curator describes the limit.
    assert_eq!(
        draft.spec.rate_limit,
        RateLimit::Special(DRAFT_MARKER.into())
    );
    let names: Vec<&str> = draft
        .spec
        .arguments
        .iter()
        .map(|a| a.name.as_str())
        .collect();
    assert_eq!(names, ["token", "doohickey_id", "blocks", "loud"]);
    assert_eq!(draft.spec.arguments[3].default, Some(json!(false)));
}

#[test]
fn a_page_without_its_tables_is_refused_with_file_and_line() {
    let cases = [
        ("doohickeys.mute.txt", None, "no error table"),
        (
            "doohickeys.hum.txt",
            Some(3),
            "the argument table has no row",
        ),
        ("doohickeys.nap.json", None, "no argument table"),
    ];
    for (name, line, expected) in cases {
        let file = fixture("blind", name);
        let error = curate::read_page(&file).expect_err(name);
        let CurateError::Unreadable {
            file: named,
            line: at,
            ref message,
            ..
        } = error
        else {
            panic!("{name}: {error}");
        };
        assert_eq!(named, file);
        assert_eq!(at, line, "{name}");
        assert!(message.contains(expected), "{name}: {message}");
        // Neither a draft nor a lint comes of it.
        assert!(curate::import_file(&file, &workspace_root()).is_err());
        assert!(curate::lint_files(&file, None, &workspace_root()).is_err());
    }
}

#[test]
fn a_curated_twin_draft_lints_clean_and_each_change_is_found() {
    let twin = page("doohickeys.list.json");
    let library = library();
    let spec = curated(&twin);
    assert_eq!(curate::lint(&spec, &twin, &library), []);

    let mut drifted = spec.clone();
    // A shared code dropped, an own code added, a member left out, an ID typed as a flag,
    // the bot scopes changed, and the tier.
    drifted.errors.retain(|code| code.code != "ratelimited");
    drifted.errors[0].code = "doohickey_lost".into();
    drifted
        .response
        .fields
        .retain(|field| field.name != "shelf");
    drifted.arguments[1].ty = TypeSpec::Boolean;
    drifted.scopes.bot.pop();
    drifted.rate_limit = RateLimit::Special("often".into());
    let differences = curate::lint(&drifted, &twin, &library);
    let shown: Vec<String> = differences.iter().map(ToString::to_string).collect();
    for expected in [
        "the rate limit is `Tier 2` on the page but `special` in the spec",
        "the bot token's scopes is `doohickeys:read, gadgets:read` on the page but \
         `doohickeys:read` in the spec",
        "argument `channel` is string (channel) on the page (line 28) but `\"boolean\"` in the \
         spec",
        "error code `doohickey_shelf_missing` is on the page (line 90) but not in the spec",
        "error code `doohickey_lost` is in the spec but not on the page",
        "shared error code `ratelimited` (spec/shared/codes.json) belongs to every method but is \
         not in the spec",
        "answer member `shelf` is on the page (line 77) but not in the spec",
    ] {
        assert!(
            shown.iter().any(|line| line == expected),
            "{expected}\nin {shown:#?}"
        );
    }
    assert_eq!(shown.len(), 7, "{shown:#?}");
    assert!(differences.contains(&Difference::Member {
        name: "shelf".into(),
        only_on: Side::Page,
        line: Some(77),
    }));
}

#[test]
fn differences_serialise_as_data_for_a_bot() {
    let twin = page("doohickeys.list.json");
    let mut spec = curated(&twin);
    spec.http_method = HttpMethod::Post;
    let differences = curate::lint(&spec, &twin, &library());
    let value = serde_json::to_value(&differences).unwrap();
    assert_eq!(
        value,
        json!([{"kind": "fact", "fact": "the HTTP method", "page": "GET", "spec": "POST"}])
    );
}

/// Slack's own pages, where this checkout has them beside it (they are never committed): the
/// specs follow the twins, and the older text pages differ from them in exactly what the docs
/// changed since.
#[test]
fn slacks_pages_when_present() {
    let docs = workspace_root().join("../shared/docs");
    if !docs.join("slack").is_dir() {
        eprintln!("skipped: {} is not here", docs.display());
        return;
    }
    let root = workspace_root();
    let result = curate::lint_dir(&docs.join("slack"), &root).unwrap();
    let differing: Vec<_> = result
        .entries
        .iter()
        .filter(|entry| !entry.differences.is_empty() || entry.error.is_some())
        .collect();
    assert!(differing.is_empty(), "{differing:#?}");

    // The older text pages: they differ from the specs in exactly what the docs changed since
    // (new codes, codes dropped, the shared codes, GET and form-only, no default).
    let expected: [(&str, &[&str]); 3] = [
        (
            "admin.conversations.linkObjects",
            &[
                "error code `config_not_found` is in the spec but not on the page",
                "error code `record_channel_cannot_be_externally_shared` is in the spec but not on the page",
                "warning code `missing_charset` is in the spec but not on the page",
                "warning code `superfluous_charset` is in the spec but not on the page",
            ],
        ),
        (
            "conversations.info",
            &[
                "the content types is `application/x-www-form-urlencoded, application/json` on the page but `application/x-www-form-urlencoded` in the spec",
                "argument `include_locale` defaults to `false` on the page (line 7) but to nothing in the spec",
                "error code `restricted_action` is in the spec but not on the page",
                "warning code `missing_charset` is in the spec but not on the page",
                "warning code `superfluous_charset` is in the spec but not on the page",
            ],
        ),
        (
            "admin.conversations.setTeams",
            &[
                "error code `channel_not_shared_with_team` is on the page (line 104) but not in the spec",
                "error code `is_bot` is on the page (line 156) but not in the spec",
                "error code `access_denied` is in the spec but not on the page",
                "error code `accesslimited` is in the spec but not on the page",
                "error code `cannot_add_legacy_disconnected_channel_to_workspaces` is in the spec but not on the page",
                "error code `cannot_move_local_channel` is in the spec but not on the page",
                "error code `could_not_set_teams_for_channel` is in the spec but not on the page",
                "error code `deprecated_endpoint` is in the spec but not on the page",
                "error code `enterprise_is_restricted` is in the spec but not on the page",
                "error code `externally_shared_or_disconnected_channel` is in the spec but not on the page",
                "error code `internal_error` is in the spec but not on the page",
                "error code `invalid_array_arg` is in the spec but not on the page",
                "error code `managed_channel_not_supported` is in the spec but not on the page",
                "error code `method_deprecated` is in the spec but not on the page",
                "error code `name_taken` is in the spec but not on the page",
                "error code `not_allowed_for_grid_workspace` is in the spec but not on the page",
                "error code `not_allowed_token_type` is in the spec but not on the page",
                "error code `ratelimited` is in the spec but not on the page",
                "error code `service_unavailable` is in the spec but not on the page",
                "error code `team_access_not_granted` is in the spec but not on the page",
                "error code `token_expired` is in the spec but not on the page",
                "error code `two_factor_setup_required` is in the spec but not on the page",
            ],
        ),
    ];
    for (method, expected) in expected {
        let page = docs.join(format!("{method}.txt"));
        let report = curate::lint_files(&page, None, &root).unwrap();
        let shown: Vec<String> = report.differences.iter().map(ToString::to_string).collect();
        assert_eq!(shown, expected, "{method}");
    }
}

#[test]
fn requiring_what_the_page_leaves_optional_is_a_difference_and_the_reverse_is_not() {
    let twin = page("doohickeys.list.json");
    let library = library();
    let mut spec = curated(&twin);
    // The page requires `doohickeys` and not `shelf`: relaxing the first decodes every answer,
    // requiring the second would fail answers without it.
    spec.response.fields[0].required = false;
    spec.response.fields[1].required = true;
    let shown: Vec<String> = curate::lint(&spec, &twin, &library)
        .iter()
        .map(ToString::to_string)
        .collect();
    assert_eq!(
        shown,
        ["answer member `shelf` is optional on the page (line 77) but required in the spec"]
    );
}

/// A workspace of the tests' own with the types `gizmos.polish.json` names, each of its kind
/// (the file's `kind` is what tells an object from an ID), and no shared codes.
fn gizmo_workspace() -> (tempfile::TempDir, Library) {
    let root = tempfile::tempdir().expect("a scratch workspace");
    let types = root.path().join("spec/types");
    std::fs::create_dir_all(&types).unwrap();
    let kinds = [
        ("file", "object"),
        ("file_comment", "object"),
        ("reminder", "object"),
        ("paging", "object"),
        ("gizmo", "object"),
        ("usergroup", "object"),
        ("file_id", "id"),
        ("file_comment_id", "id"),
        ("reminder_id", "id"),
        ("channel_id", "id"),
        ("usergroup_id", "id"),
    ];
    for (name, kind) in kinds {
        let file = json!({
            "$schema": "../type.schema.json",
            "name": name,
            "description": "A type of the tests' own.",
            "kind": kind,
        });
        std::fs::write(types.join(format!("{name}.json")), file.to_string()).unwrap();
    }
    let library = Library::read(root.path()).expect("read the scratch library");
    (root, library)
}

fn reference(name: &str) -> TypeSpec {
    TypeSpec::Ref(name.into())
}

fn list_of(item: TypeSpec) -> TypeSpec {
    TypeSpec::Array(Box::new(item))
}

fn shown(differences: &[Difference]) -> Vec<String> {
    differences.iter().map(ToString::to_string).collect()
}

/// A twin's argument `subtype` may name one of our object types (`file`, `reminder`, `paging`):
/// an argument carries the thing's ID, `<name>_id`, or, where we have none, what its type word
/// says. Answers keep the object.
#[test]
fn argument_subtypes_naming_our_objects_are_their_ids_or_their_type_word() {
    let (_root, library) = gizmo_workspace();
    assert!(library.objects.contains("file") && !library.objects.contains("file_id"));
    let twin = page("gizmos.polish.json");
    let draft = curate::import(&twin, &library).unwrap();
    let types: Vec<(&str, &TypeSpec)> = draft
        .spec
        .arguments
        .iter()
        .map(|argument| (argument.name.as_str(), &argument.ty))
        .collect();
    assert_eq!(
        types[1..4],
        [
            ("file", &reference("file_id")),
            ("file_comment", &reference("file_comment_id")),
            ("reminder", &reference("reminder_id")),
        ]
    );
    assert_eq!(
        types[5..7],
        [("count", &TypeSpec::Integer), ("page", &TypeSpec::Integer)]
    );
    assert_eq!(draft.spec.arguments[5].default, Some(json!(100)));
    assert!(
        draft
            .notes
            .iter()
            .any(|note| note.line == Some(47) && note.message.contains("`paging_id`")),
        "{:#?}",
        draft.notes
    );
    let file = &draft.spec.response.fields[3];
    assert_eq!((file.name.as_str(), &file.ty), ("file", &reference("file")));

    let spec = curated_with(&twin, &library);
    assert_eq!(curate::lint(&spec, &twin, &library), []);
    let mut objects = spec.clone();
    objects.arguments[1].ty = reference("file");
    objects.arguments[5].ty = reference("paging");
    assert_eq!(
        shown(&curate::lint(&objects, &twin, &library)),
        [
            r#"argument `file` is string (file) on the page (line 22) but `{"ref":"file"}` in the spec"#,
            r#"argument `count` is integer (paging) on the page (line 47) but `{"ref":"paging"}` in the spec"#,
        ]
    );
}

/// Twins call a user group a `subteam` (`subteam_id`, `user_group`); ours are `usergroup` and
/// `usergroup_id`.
#[test]
fn a_twins_subteam_is_our_usergroup() {
    let (_root, library) = gizmo_workspace();
    let twin = page("gizmos.polish.json");
    let spec = curated_with(&twin, &library);
    assert_eq!(spec.arguments[4].name, "crew");
    assert_eq!(spec.arguments[4].ty, reference("usergroup_id"));
    assert_eq!(spec.response.fields[4].name, "crew");
    assert_eq!(spec.response.fields[4].ty, reference("usergroup"));
    let mut strings = spec.clone();
    strings.arguments[4].ty = TypeSpec::String;
    assert_eq!(
        shown(&curate::lint(&strings, &twin, &library)),
        [
            r#"argument `crew` is string (subteam_id) on the page (line 40) but `"string"` in the spec"#
        ]
    );
}

/// An answer member the twin names by an ID's schema (`channel`) while its example answer shows
/// whole objects may be any object type of ours, and nothing else; without such an example, or
/// where the example shows IDs, `channel` is our `channel_id` as before.
#[test]
fn an_answer_member_named_by_an_id_but_shown_as_objects_takes_any_object_type() {
    let (_root, library) = gizmo_workspace();
    let twin = page("gizmos.polish.json");
    let members = twin.members.as_ref().unwrap();
    let items_shown = |index: usize| members[index].ty.items.as_ref().unwrap().shown_as_object;
    assert!(items_shown(0), "gizmos: objects in the example");
    assert!(
        !members[1].ty.shown_as_object,
        "channel: an ID in the example"
    );
    assert!(!items_shown(2), "shelves: IDs in the example");
    assert!(members[3].ty.shown_as_object, "file: an object");

    let draft = curate::import(&twin, &library).unwrap();
    let fields: Vec<(&str, &TypeSpec)> = draft
        .spec
        .response
        .fields
        .iter()
        .map(|field| (field.name.as_str(), &field.ty))
        .collect();
    assert_eq!(
        fields[..3],
        [
            ("gizmos", &list_of(TypeSpec::Json)),
            ("channel", &reference("channel_id")),
            ("shelves", &list_of(reference("channel_id"))),
        ]
    );
    assert!(
        draft
            .notes
            .iter()
            .any(|note| note.line == Some(82) && note.message.contains("shows an object")),
        "{:#?}",
        draft.notes
    );

    let spec = curated_with(&twin, &library);
    let with_gizmos = |ty: TypeSpec| {
        let mut spec = spec.clone();
        spec.response.fields[0].ty = ty;
        shown(&curate::lint(&spec, &twin, &library))
    };
    // Any object type of ours, or JSON not described yet.
    for ty in [
        list_of(reference("gizmo")),
        list_of(reference("usergroup")),
        list_of(TypeSpec::Json),
    ] {
        assert_eq!(with_gizmos(ty.clone()), [] as [String; 0], "{ty:?}");
    }
    // Not an ID, not a string, not one object where the page has a list.
    for (ty, written) in [
        (
            list_of(reference("channel_id")),
            r#"{"array":{"ref":"channel_id"}}"#,
        ),
        (list_of(TypeSpec::String), r#"{"array":"string"}"#),
        (reference("gizmo"), r#"{"ref":"gizmo"}"#),
    ] {
        assert_eq!(
            with_gizmos(ty),
            [format!(
                "answer member `gizmos` is array of channel on the page (line 82) but `{written}` \
                 in the spec"
            )]
        );
    }
    // Where the example shows an ID, or a list of IDs, an object type is still a difference.
    let mut objects = spec.clone();
    objects.response.fields[1].ty = reference("gizmo");
    objects.response.fields[2].ty = list_of(reference("gizmo"));
    assert_eq!(
        shown(&curate::lint(&objects, &twin, &library)),
        [
            r#"answer member `channel` is channel on the page (line 88) but `{"ref":"gizmo"}` in the spec"#,
            r#"answer member `shelves` is array of channel on the page (line 91) but `{"array":{"ref":"gizmo"}}` in the spec"#,
        ]
    );
    // Without the example, the page's `channel` is an ID.
    let mut unshown = twin.clone();
    let gizmos = &mut unshown.members.as_mut().unwrap()[0];
    gizmos.ty.items.as_mut().unwrap().shown_as_object = false;
    let mut typed = spec.clone();
    typed.response.fields[0].ty = list_of(reference("gizmo"));
    assert_eq!(curate::lint(&typed, &unshown, &library).len(), 1);
}

/// Twins write some list examples as Python lists, `['C0123ABC','C0456DEF']`: a list argument's
/// is read as the list, as JSON, so it compares with the spec's; other arguments' stay as
/// written.
#[test]
fn a_list_example_written_as_a_python_list_is_read_as_the_list() {
    let (_root, library) = gizmo_workspace();
    let twin = page("gizmos.polish.json");
    let example = |name: &str| {
        let argument = twin.arguments.iter().find(|a| a.name == name).unwrap();
        argument.example.as_deref()
    };
    assert_eq!(example("shelf_ids"), Some(r#"["C0123ABC","C0456DEF"]"#));
    assert_eq!(example("motto"), Some("['shine']"), "a string argument's");

    let spec = curated_with(&twin, &library);
    assert_eq!(
        spec.arguments[7].example,
        Some(json!(["C0123ABC", "C0456DEF"]))
    );
    assert_eq!(spec.arguments[8].example, Some(json!("['shine']")));
    assert_eq!(curate::lint(&spec, &twin, &library), []);
    let mut fewer = spec.clone();
    fewer.arguments[7].example = Some(json!(["C0123ABC"]));
    assert_eq!(
        shown(&curate::lint(&fewer, &twin, &library)),
        [
            r#"argument `shelf_ids`'s example is `["C0123ABC","C0456DEF"]` on the page (line 57) but `["C0123ABC"]` in the spec"#
        ]
    );
}

/// A twin without `errors` (api.test's, team.profile.get's) lists no codes of its own: it
/// imports with the shared codes only, and a code of the spec's own is a difference.
#[test]
fn a_twin_without_errors_lists_no_codes_of_its_own() {
    let file = fixture("pages", "gizmos.ping.json");
    let twin = curate::read_page(&file).expect("read, not refused");
    assert!(twin.errors.is_empty() && twin.warnings.is_empty());
    assert!(
        twin.report()
            .iter()
            .any(|note| note.message.contains("no `errors`")),
        "{:#?}",
        twin.report()
    );
    let (_, draft) = curate::import_file(&file, &workspace_root()).expect("imported");
    let library = library();
    let codes: Vec<&str> = draft.spec.errors.iter().map(|c| c.code.as_str()).collect();
    let shared: Vec<&str> = library.shared_errors.iter().map(String::as_str).collect();
    assert_eq!(codes, shared);

    let spec = curated(&twin);
    assert_eq!(curate::lint(&spec, &twin, &library), []);
    let mut own = spec.clone();
    let mut jammed = own.errors[0].clone();
    jammed.code = "gizmo_jammed".into();
    own.errors.push(jammed);
    assert_eq!(
        shown(&curate::lint(&own, &twin, &library)),
        ["error code `gizmo_jammed` is in the spec but not on the page"]
    );
}

/// A twin whose `args` requires `token` with empty `properties`
/// (admin.audit.anomaly.allow.getItem's) takes the usual token; another name it requires
/// without describing it is a note for the curator, not an argument.
#[test]
fn a_required_token_the_twin_does_not_describe_is_the_usual_token() {
    let file = fixture("pages", "gizmos.peek.json");
    let twin = curate::read_page(&file).expect("read, not refused");
    assert_eq!(arguments(&twin), [("token", true, None, None)]);
    assert_eq!(twin.arguments[0].line, 12);
    let notes: Vec<String> = twin.report().into_iter().map(|note| note.message).collect();
    assert!(
        notes.iter().any(|note| note.contains("`token`")),
        "{notes:#?}"
    );
    assert!(
        notes.iter().any(|note| note.contains("`gizmo`")),
        "{notes:#?}"
    );

    let (_, draft) = curate::import_file(&file, &workspace_root()).expect("imported");
    let token = &draft.spec.arguments[0];
    assert_eq!(
        (
            token.name.as_str(),
            token.required,
            token.sent_as,
            &token.ty
        ),
        ("token", true, SentAs::BearerToken, &TypeSpec::String)
    );
    assert_eq!(curate::lint(&curated(&twin), &twin, &library()), []);
}
