//! The JSON Schema in `spec/` and the generator accept the same files: every checked-in spec
//! passes both, and each malformed variant below is refused by both.

use std::path::Path;

use integration_tests::{read_json, workspace_root};
use serde_json::{Value, json};

fn schema(name: &str) -> jsonschema::Validator {
    let schema = read_json(&workspace_root().join("spec").join(name));
    jsonschema::validator_for(&schema).expect("a valid JSON Schema")
}

/// Whether the generator's parser accepts `value` as a method spec.
fn generator_accepts(value: &Value) -> bool {
    codegen::load::parse::<codegen::spec::MethodSpec>(&value.to_string()).is_ok()
}

fn json_files(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| {
            let name = path.file_name().unwrap().to_string_lossy();
            name.ends_with(".json") && !name.ends_with(".schema.json")
        })
        .collect();
    files.sort();
    files
}

#[test]
fn every_checked_in_file_satisfies_its_schema() {
    let spec = workspace_root().join("spec");
    let cases = [
        ("method.schema.json", json_files(&spec)),
        ("type.schema.json", json_files(&spec.join("types"))),
        ("codes.schema.json", vec![spec.join("shared/codes.json")]),
    ];
    let mut checked = 0;
    for (schema_name, files) in cases {
        let validator = schema(schema_name);
        for file in files {
            let errors: Vec<String> = validator
                .iter_errors(&read_json(&file))
                .map(|error| error.to_string())
                .collect();
            assert!(errors.is_empty(), "{}: {errors:?}", file.display());
            checked += 1;
        }
    }
    assert!(checked >= 15, "only {checked} files checked");
}

#[test]
fn schema_and_generator_agree_on_variants() {
    let validator = schema("method.schema.json");
    let base = read_json(&workspace_root().join("spec/conversations.info.json"));
    type Edit = fn(&mut Value);
    let variants: [(&str, Edit, bool); 11] = [
        ("unchanged", |_| {}, true),
        ("unknown top-level field", |v| v["extra"] = json!(1), false),
        (
            "missing errors",
            |v| {
                v.as_object_mut().unwrap().remove("errors");
            },
            false,
        ),
        (
            "unknown type name",
            |v| v["arguments"][1]["type"] = json!("bool"),
            false,
        ),
        (
            "type object with two keys",
            |v| v["arguments"][1]["type"] = json!({"array": "string", "ref": "x"}),
            false,
        ),
        (
            "tier as a string",
            |v| v["rate_limit"] = json!({"tier": "3"}),
            false,
        ),
        (
            "unpublished rate limit",
            |v| v["rate_limit"] = json!("unpublished"),
            true,
        ),
        (
            "omitted optional warnings",
            |v| {
                v.as_object_mut().unwrap().remove("warnings");
            },
            true,
        ),
        (
            "a number and an ID that may be empty",
            |v| {
                v["response"]["fields"] = json!([
                    {"name": "score", "type": "number", "description": "A score."},
                    {"name": "by", "type": {"or_empty": {"ref": "user_id"}}, "required": true,
                     "description": "Who set it."}
                ])
            },
            true,
        ),
        (
            "or_empty with two keys",
            |v| v["response"]["fields"][0]["type"] = json!({"or_empty": "string", "ref": "x"}),
            false,
        ),
        (
            "unknown content type",
            |v| v["content_types"] = json!(["text/plain"]),
            false,
        ),
    ];
    for (name, edit, expected) in variants {
        let mut value = base.clone();
        edit(&mut value);
        assert_eq!(validator.is_valid(&value), expected, "schema on {name}");
        assert_eq!(generator_accepts(&value), expected, "generator on {name}");
    }
}
