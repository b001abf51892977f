//! Invalid specs are refused with the file, the JSON path and what was expected, and nothing is
//! written. Each case breaks one thing in a scratch copy of the real `spec/`.

use std::path::Path;

use integration_tests::{read_json, scratch_workspace, write_json};
use serde_json::{Value, json};

const INFO: &str = "spec/conversations.info.json";

/// Applies `edit` to a copy of `file`, runs the generator, and returns its error message after
/// checking that no generated file changed.
fn refused(file: &str, edit: impl FnOnce(&Path)) -> String {
    let scratch = scratch_workspace();
    let root = scratch.path();
    let generated = root.join(codegen::emit::GENERATED_DIR);
    let sentinel = generated.join("conversations_info.rs");
    std::fs::write(&sentinel, "sentinel").expect("write sentinel");
    edit(&root.join(file));
    let error = codegen::run(root, codegen::Mode::Write).expect_err("the spec must be refused");
    assert_eq!(
        std::fs::read_to_string(&sentinel).expect("read sentinel"),
        "sentinel",
        "nothing may be written when the spec is invalid"
    );
    assert!(!root.join("spec/method.schema.json.tmp").exists());
    let message = error.to_string();
    snapshot(&message);
    message
}

thread_local! {
    /// How many diagnostics the running test has snapshotted, to name a second one apart.
    static SNAPSHOTS: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
}

/// Every diagnostic the corpus produces is reviewed as a whole in an insta snapshot named after
/// the test (the test harness names each test's thread after it), so a change to any message's
/// wording shows in review; the `assert_mentions` checks say which parts matter.
fn snapshot(message: &str) {
    let test = std::thread::current()
        .name()
        .unwrap_or("unnamed")
        .rsplit("::")
        .next()
        .unwrap_or("unnamed")
        .to_owned();
    let count = SNAPSHOTS.with(|count| {
        count.set(count.get() + 1);
        count.get()
    });
    let name = if count == 1 {
        test
    } else {
        format!("{test}_{count}")
    };
    insta::assert_snapshot!(name, message);
}

fn edit_json(path: &Path, edit: impl FnOnce(&mut Value)) {
    let mut value = read_json(path);
    edit(&mut value);
    write_json(path, &value);
}

fn assert_mentions(message: &str, parts: &[&str]) {
    for part in parts {
        assert!(message.contains(part), "expected {part:?} in:\n{message}");
    }
}

#[test]
fn not_json() {
    let message = refused(INFO, |path| std::fs::write(path, "{ \"name\": ").unwrap());
    assert_mentions(
        &message,
        &[INFO, "EOF while parsing", "line 1", "nothing was written"],
    );
}

#[test]
fn missing_field() {
    let message = refused(INFO, |path| {
        edit_json(path, |spec| {
            spec.as_object_mut().unwrap().remove("url");
        })
    });
    assert_mentions(&message, &[INFO, "at $:", "missing field `url`"]);
}

#[test]
fn unknown_field() {
    let message = refused(INFO, |path| {
        edit_json(path, |spec| spec["arguments"][1]["requried"] = json!(true))
    });
    assert_mentions(
        &message,
        &[
            INFO,
            "$.arguments[1].requried",
            "unknown field `requried`",
            "expected one of",
        ],
    );
}

#[test]
fn unknown_type() {
    let message = refused(INFO, |path| {
        edit_json(path, |spec| spec["arguments"][2]["type"] = json!("bool"))
    });
    assert_mentions(
        &message,
        &[
            INFO,
            "$.arguments[2].type",
            "unknown variant `bool`",
            "boolean",
        ],
    );
}

#[test]
fn unknown_type_reference() {
    let message = refused(INFO, |path| {
        edit_json(path, |spec| {
            spec["arguments"][1]["type"] = json!({"ref": "chanel_id"})
        })
    });
    assert_mentions(
        &message,
        &[
            INFO,
            "$.arguments[1].type.ref",
            "unknown type `chanel_id`",
            "channel_id",
        ],
    );
}

#[test]
fn duplicate_argument() {
    let message = refused(INFO, |path| {
        edit_json(path, |spec| {
            let copy = spec["arguments"][2].clone();
            spec["arguments"].as_array_mut().unwrap().push(copy);
        })
    });
    assert_mentions(
        &message,
        &[
            INFO,
            "$.arguments[4]",
            "argument `include_locale` is listed twice",
        ],
    );
}

#[test]
fn duplicate_error_code() {
    let message = refused(INFO, |path| {
        edit_json(path, |spec| {
            spec["errors"]
                .as_array_mut()
                .unwrap()
                .push(json!({"code": "access_denied"}));
        })
    });
    assert_mentions(
        &message,
        &[INFO, "$.errors[33]", "code `access_denied` is listed twice"],
    );
}

#[test]
fn name_with_no_identifier() {
    let message = refused(INFO, |path| {
        edit_json(path, |spec| spec["arguments"][2]["name"] = json!("--"))
    });
    assert_mentions(
        &message,
        &[
            INFO,
            "$.arguments[2].name",
            "`--` is not a valid identifier after conversion",
        ],
    );
}

#[test]
fn names_colliding_after_conversion() {
    let message = refused(INFO, |path| {
        edit_json(path, |spec| {
            spec["arguments"][3]["name"] = json!("includeLocale")
        })
    });
    assert_mentions(
        &message,
        &[
            INFO,
            "$.arguments[3]",
            "`includeLocale` and `include_locale` both become the Rust name `include_locale`",
        ],
    );
}

#[test]
fn codes_colliding_after_conversion() {
    let message = refused(INFO, |path| {
        edit_json(path, |spec| {
            spec["errors"]
                .as_array_mut()
                .unwrap()
                .push(json!({"code": "accessDenied", "description": "x"}));
        })
    });
    assert_mentions(
        &message,
        &["`accessDenied` and `access_denied` both become the Rust name `AccessDenied`"],
    );
}

#[test]
fn draft_description() {
    let message = refused(INFO, |path| {
        edit_json(path, |spec| {
            spec["arguments"][1]["description"] = json!(codegen::spec::DRAFT_MARKER)
        })
    });
    assert_mentions(
        &message,
        &[
            INFO,
            "$.arguments[1].description",
            "expected a description in our own words",
        ],
    );
}

#[test]
fn token_in_the_body_is_refused() {
    let message = refused(INFO, |path| {
        edit_json(path, |spec| spec["arguments"][0]["sent_as"] = json!("body"))
    });
    assert_mentions(&message, &[INFO, "$.arguments[0]", "Authorization header"]);
}

#[test]
fn bad_type_file_and_method_reported_together() {
    let scratch = scratch_workspace();
    let root = scratch.path();
    edit_json(&root.join("spec/types/message.json"), |ty| {
        ty["name"] = json!("msg")
    });
    edit_json(&root.join(INFO), |spec| {
        spec["rate_limit"] = json!({"tier": 9})
    });
    let message = codegen::run(root, codegen::Mode::Write)
        .unwrap_err()
        .to_string();
    assert_mentions(
        &message,
        &[
            "spec/types/message.json at $.name: the type is named `msg` but its file is `message.json`",
            "spec/conversations.info.json at $.rate_limit.tier: expected a tier from 1 to 4, found 9",
        ],
    );
}

#[test]
fn keywords_are_legal_wire_names() {
    let scratch = scratch_workspace();
    let root = scratch.path();
    edit_json(&root.join(INFO), |spec| {
        spec["arguments"][2]["name"] = json!("type");
        spec["arguments"][3]["name"] = json!("self");
    });
    let model = codegen::model(root).unwrap_or_else(|error| panic!("{error}"));
    let info = model
        .methods
        .iter()
        .find(|m| m.wire_name == "conversations.info")
        .unwrap();
    let names: Vec<&str> = info.arguments.iter().map(|a| a.ident.as_str()).collect();
    assert_eq!(names, ["channel", "type_", "self_"]);
}

#[test]
fn list_of_non_strings_is_refused() {
    let message = refused(INFO, |path| {
        edit_json(path, |spec| {
            spec["arguments"][2]["type"] = json!({"array": "boolean"});
            spec["arguments"][2]["list_format"] = json!("comma_separated");
            spec["arguments"][2]
                .as_object_mut()
                .unwrap()
                .remove("default");
        })
    });
    assert_mentions(
        &message,
        &[
            INFO,
            "$.arguments[2].type.array",
            "list arguments hold strings or IDs only",
        ],
    );
}

#[test]
fn array_argument_without_list_format_is_refused() {
    let message = refused(INFO, |path| {
        edit_json(path, |spec| {
            spec["arguments"][1]["type"] = json!({"array": {"ref": "channel_id"}});
        })
    });
    assert_mentions(&message, &[INFO, "$.arguments[1]", "needs \"list_format\""]);
}

#[test]
fn a_type_holding_itself_inline_is_refused_but_through_an_array_is_fine() {
    let topic = "spec/types/conversation_topic.json";
    let message = refused(topic, |path| {
        edit_json(path, |ty| {
            ty["fields"].as_array_mut().unwrap().push(json!({
                "name": "previous", "type": {"nullable": {"ref": "conversation_topic"}},
                "description": "The topic before this one."
            }));
        })
    });
    assert_mentions(
        &message,
        &[
            topic,
            "$.fields[3]",
            "`conversation_topic` contains itself through `previous`",
        ],
    );

    let scratch = scratch_workspace();
    edit_json(&scratch.path().join(topic), |ty| {
        ty["fields"].as_array_mut().unwrap().push(json!({
            "name": "history", "type": {"array": {"ref": "conversation_topic"}},
            "description": "Earlier topics."
        }));
    });
    codegen::model(scratch.path()).unwrap_or_else(|error| panic!("{error}"));
}

#[test]
fn idempotency_needs_a_curated_source() {
    let message = refused(INFO, |path| {
        edit_json(path, |spec| {
            spec["idempotency"]["source"] = json!("TODO: what shows it");
        })
    });
    assert_mentions(
        &message,
        &[
            INFO,
            "$.idempotency.source",
            "expected the evidence for `kind`",
        ],
    );
    let message = refused(INFO, |path| {
        edit_json(path, |spec| {
            spec["idempotency"] = json!({"kind": "harmless", "source": "the page"});
        })
    });
    assert_mentions(&message, &[INFO, "unknown variant `harmless`", "read_only"]);
}

/// Generated code writes `Option`, `String`, `Vec`, ... bare; a type that would take such a name
/// (and shadow the prelude's) is refused.
#[test]
fn a_type_named_like_the_prelude_is_refused() {
    let message = refused("spec/types/option.json", |path| {
        let mut team = read_json(&path.with_file_name("team_id.json"));
        team["name"] = json!("option");
        write_json(path, &team);
    });
    assert_mentions(
        &message,
        &[
            "spec/types/option.json",
            "$.name",
            "the generated type name `Option` is already taken by the Rust prelude",
        ],
    );
}

/// The generated `shared_codes` module names each shared code once.
#[test]
fn a_shared_code_listed_as_error_and_warning_is_refused() {
    let message = refused("spec/shared/codes.json", |path| {
        edit_json(path, |codes| {
            let error = codes["errors"][0].clone();
            codes["warnings"].as_array_mut().unwrap().push(error);
        })
    });
    assert_mentions(
        &message,
        &[
            "spec/shared/codes.json",
            "$.warnings[2].code",
            "code `access_denied` is listed as an error and as a warning",
        ],
    );
}

/// The format's answers-only types are checked where they are used: an ID that may be empty
/// only as a required field's whole type and only around an ID, a union only of plain ID kinds
/// and without prefixes of its own, `number` never as an argument, and no field taking the
/// name of the map of unknown members. All are reported in one run.
#[test]
fn answer_only_types_are_refused_where_they_cannot_round_trip() {
    let scratch = scratch_workspace();
    let root = scratch.path();
    let topic = "spec/types/conversation_topic.json";
    edit_json(&root.join(topic), |ty| {
        ty["fields"][0]["type"] = json!({"or_empty": "string"});
        ty["fields"][1]["required"] = json!(false);
        ty["fields"].as_array_mut().unwrap().push(json!({
            "name": "editors", "type": {"array": {"or_empty": {"ref": "user_id"}}},
            "description": "People who edited it."
        }));
        ty["fields"].as_array_mut().unwrap().push(json!({
            "name": "extra", "type": "json", "description": "A member called extra."
        }));
    });
    let union = "spec/types/team_or_enterprise_id.json";
    edit_json(&root.join(union), |ty| {
        ty["one_of"] = json!(["team_id", "conversation_topic"]);
        ty["prefixes"] = json!(["T"]);
    });
    edit_json(&root.join(INFO), |spec| {
        spec["arguments"][2]["type"] = json!("number")
    });
    let message = codegen::run(root, codegen::Mode::Write)
        .unwrap_err()
        .to_string();
    snapshot(&message);
    assert_mentions(
        &message,
        &[
            &format!(
                "{topic} at $.fields[0].type.or_empty: expected an ID type inside \"or_empty\""
            ),
            &format!(
                "{topic} at $.fields[1].required: an ID that may be empty must be a required field"
            ),
            &format!("{topic} at $.fields[3].type: \"or_empty\" may only be a field's whole type"),
            &format!(
                "{topic} at $.fields[4].name: the Rust name `extra` holds the members no spec names"
            ),
            &format!("{union} at $.one_of[1]: `conversation_topic` is not a plain ID type"),
            &format!("{union} at $.prefixes: a union of ID kinds takes its members' prefixes"),
            &format!(
                "{INFO} at $.arguments[2].type: \"number\" and \"or_empty\" describe what Slack sends"
            ),
        ],
    );
}

#[test]
fn an_enum_word_that_clashes_is_refused_with_its_place() {
    let message = refused("spec/types/conversation_type.json", |path| {
        edit_json(path, |ty| {
            let words = ty["words"].as_array_mut().unwrap();
            words.push(json!({"word": "Im", "description": "Written twice."}));
            words.push(json!({"word": "other", "description": "The fallback's name."}));
        })
    });
    assert_mentions(
        &message,
        &[
            "spec/types/conversation_type.json",
            "$.words[4].word",
            "`im` and `Im` both become `Im`",
            "$.words[5].word",
            "`other` becomes `Other`, the name of the fallback variant",
        ],
    );
}

#[test]
fn a_paged_method_without_pagination_is_refused() {
    let message = refused("spec/conversations.list.json", |path| {
        edit_json(path, |spec| {
            spec.as_object_mut().unwrap().remove("pagination");
        })
    });
    assert_mentions(
        &message,
        &[
            "spec/conversations.list.json",
            "$.pagination",
            "takes a `cursor` but the spec says nothing of its pages",
        ],
    );
}

/// A family's codes are described once, in spec/shared/codes.json: a family code without a
/// description, or one that is already a code of every method, is refused; a family method
/// that drops a family code's description is refused once the family no longer describes it
/// (a code of another family does not describe it either).
#[test]
fn family_codes_are_described_once_and_only_for_their_family() {
    let message = refused("spec/shared/codes.json", |path| {
        edit_json(path, |codes| {
            let family = &mut codes["families"][0];
            family["errors"][0]
                .as_object_mut()
                .unwrap()
                .remove("description");
            let common = codes["errors"][0].clone();
            codes["families"][0]["errors"]
                .as_array_mut()
                .unwrap()
                .push(common);
        })
    });
    assert_mentions(
        &message,
        &[
            "spec/shared/codes.json",
            "$.families[0].errors[0]",
            "family code `action_already_in_progress` has no description",
            "`access_denied` is already a code of every method",
            // The family's methods that list the code without a description now lack one.
            "code `action_already_in_progress` has no description",
        ],
    );
    let other_family = refused("spec/shared/codes.json", |path| {
        edit_json(path, |codes| {
            codes["families"][0]["prefix"] = json!("admin.conversation");
        })
    });
    assert_mentions(
        &other_family,
        &[
            "spec/admin.conversations.archive.json",
            "code `feature_not_enabled` has no description",
        ],
    );
}

/// How a method authenticates is one of three words; a misspelt one is refused with the words
/// it may be (issue 25).
#[test]
fn an_unknown_auth_is_refused() {
    let message = refused("spec/oauth.v2.access.json", |path| {
        edit_json(path, |spec| spec["auth"] = json!("client_secret"))
    });
    assert_mentions(
        &message,
        &[
            "spec/oauth.v2.access.json",
            "$.auth",
            "unknown variant `client_secret`",
            "`bearer`, `client_credentials`, `refresh_token`",
        ],
    );
}

/// A method that takes no bearer token lists no token types, and has what its `auth` needs: a
/// required `refresh_token` argument (issue 25).
#[test]
fn an_auth_that_disagrees_with_the_method_is_refused() {
    let message = refused(INFO, |path| {
        edit_json(path, |spec| spec["auth"] = json!("refresh_token"))
    });
    assert_mentions(
        &message,
        &[
            INFO,
            "$.token_types",
            "expected no token types for `\"auth\": \"refresh_token\"`",
            "$.auth",
            "expected a required string argument `refresh_token`",
        ],
    );
}

/// A file travels only in a multipart body: a file argument without `multipart/form-data` is
/// refused, so is that content type without a file to carry, and a file in an answer.
#[test]
fn a_file_needs_a_multipart_body_and_is_an_argument_only() {
    let message = refused("spec/conversations.info.json", |path| {
        edit_json(path, |spec| {
            spec["arguments"][2]["type"] = json!("file");
            spec["response"]["fields"][1]["type"] = json!({"array": "file"});
        })
    });
    assert_mentions(
        &message,
        &[
            "spec/conversations.info.json",
            "$.arguments[2].type",
            "expected \"multipart/form-data\" among `content_types` for a file argument",
            "$.response.fields[1].type",
            "a `file` is an argument type only",
        ],
    );
    let without_file = refused("spec/conversations.info.json", |path| {
        edit_json(path, |spec| {
            spec["content_types"] =
                json!(["application/x-www-form-urlencoded", "multipart/form-data"]);
        })
    });
    assert_mentions(
        &without_file,
        &[
            "$.content_types",
            "expected a `file` argument beside \"multipart/form-data\"",
        ],
    );
}
