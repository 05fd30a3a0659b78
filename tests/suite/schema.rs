//! The JSON Schema and the Rust model describe the same format: these tests
//! fail when a field is added to one and not the other.

use std::collections::BTreeSet;
use std::path::Path;

use serde_json::Value;
use sop::model::{self, Sop};
use sop::rules::schema::SOP_SCHEMA;
use sop::yaml;

use crate::common;

fn schema() -> Value {
    serde_json::from_str(SOP_SCHEMA).unwrap()
}

fn keys(object: &Value) -> BTreeSet<String> {
    object.as_object().unwrap().keys().cloned().collect()
}

fn set(items: &[&str]) -> BTreeSet<String> {
    items.iter().map(|item| item.to_string()).collect()
}

fn required(object: &Value) -> BTreeSet<String> {
    object["required"]
        .as_array()
        .map(|items| {
            items
                .iter()
                .map(|item| item.as_str().unwrap().to_string())
                .collect()
        })
        .unwrap_or_default()
}

#[test]
fn schema_fields_match_the_model() {
    let schema = schema();
    let defs = &schema["$defs"];
    assert_eq!(keys(&schema["properties"]), set(model::SOP_FIELDS));
    assert_eq!(required(&schema), set(model::SOP_REQUIRED));
    assert_eq!(keys(&defs["step"]["properties"]), set(model::STEP_FIELDS));
    assert_eq!(
        keys(&defs["branch"]["properties"]),
        set(model::BRANCH_FIELDS)
    );
    assert_eq!(required(&defs["branch"]), set(model::BRANCH_FIELDS));
    assert_eq!(
        keys(&defs["metric"]["properties"]),
        set(model::METRIC_FIELDS)
    );
    assert_eq!(required(&defs["metric"]), set(model::METRIC_REQUIRED));
    assert_eq!(
        keys(&defs["revision"]["properties"]),
        set(model::REVISION_FIELDS)
    );
    assert_eq!(required(&defs["revision"]), set(model::REVISION_REQUIRED));
    let statuses: Vec<&str> = schema["properties"]["status"]["enum"]
        .as_array()
        .unwrap()
        .iter()
        .map(|status| status.as_str().unwrap())
        .collect();
    assert_eq!(statuses, model::STATUSES);
    for object in ["step", "branch", "metric", "revision"] {
        assert_eq!(
            defs[object]["additionalProperties"],
            Value::Bool(false),
            "{object}"
        );
    }
    assert_eq!(schema["additionalProperties"], Value::Bool(false));
}

/// Every property, at every level, carries a description for editor hovers.
#[test]
fn every_property_has_a_description() {
    fn walk(value: &Value, path: &str, missing: &mut Vec<String>) {
        let Some(object) = value.as_object() else {
            return;
        };
        if let Some(properties) = object.get("properties").and_then(Value::as_object) {
            for (name, property) in properties {
                if property
                    .get("description")
                    .and_then(Value::as_str)
                    .is_none_or(str::is_empty)
                {
                    missing.push(format!("{path}/{name}"));
                }
            }
        }
        for (key, child) in object {
            walk(child, &format!("{path}/{key}"), missing);
        }
    }
    let mut missing = Vec::new();
    walk(&schema(), "", &mut missing);
    assert!(missing.is_empty(), "no description: {missing:?}");
}

/// The model reads every field the samples use: a field the schema accepts
/// but the model ignores would fail here.
#[test]
fn the_model_reads_every_field_of_the_samples() {
    for entry in walkdir::WalkDir::new(common::repo_file("sops")) {
        let path = entry.unwrap().into_path();
        if path.extension().is_none_or(|ext| ext != "yaml") || path.ends_with("glossary.yaml") {
            continue;
        }
        let text = std::fs::read_to_string(&path).unwrap();
        let root = yaml::parse(&text).unwrap().unwrap();
        let sop = Sop::from_node(&root).unwrap();
        for entry in root.as_map() {
            let read = match entry.key.as_str() {
                "id" => sop.id.is_some(),
                "title" => sop.title.is_some(),
                "department" => sop.department.is_some(),
                "purpose" => sop.purpose.is_some(),
                "scope" => sop.scope.is_some(),
                "version" => sop.version.is_some(),
                "status" => sop.status.is_some(),
                "owner" => sop.owner.is_some(),
                "approved_by" => sop.approved_by.is_some(),
                "approved_on" => sop.approved_on.is_some(),
                "fingerprint" => sop.fingerprint.is_some(),
                "effective" => sop.effective.is_some(),
                "review_by" => sop.review_by.is_some(),
                "roles" => !sop.roles.is_empty(),
                "terms" => !sop.terms.is_empty(),
                "metrics" => !sop.metrics.is_empty(),
                "references" => !sop.references.is_empty(),
                "revisions" => !sop.revisions.is_empty(),
                "tags" => !sop.tags.is_empty(),
                "instructions" => !sop.steps.is_empty(),
                other => panic!("{}: the model does not know `{other}`", path.display()),
            };
            assert!(read, "{}: `{}` was not read", path.display(), entry.key);
        }
        assert_steps_read(&path, &root, &sop);
    }
}

fn assert_steps_read(path: &Path, root: &yaml::Node, sop: &Sop) {
    let steps = root.get("instructions").unwrap();
    let yaml::Value::Seq(items) = &steps.value else {
        panic!()
    };
    for (node, step) in items.iter().zip(&sop.steps) {
        for entry in node.as_map() {
            let read = match entry.key.as_str() {
                "id" => step.id.is_some(),
                "do" => step.action.is_some(),
                "ask" => step.question.is_some(),
                "branches" => !step.branches.is_empty(),
                "role" => step.role.is_some(),
                "details" => !step.details.is_empty(),
                "call" => step.call.is_some(),
                "next" => step.next.is_some(),
                "end" => step.end,
                other => panic!(
                    "{}: the model does not know step field `{other}`",
                    path.display()
                ),
            };
            assert!(
                read,
                "{}: step field `{}` was not read",
                path.display(),
                entry.key
            );
        }
    }
}

/// The shipped schema accepts every bundled SOP on its own, as an editor would.
#[test]
fn the_schema_accepts_the_samples() {
    let validator = jsonschema::options()
        .should_validate_formats(true)
        .build(&schema())
        .unwrap();
    for entry in walkdir::WalkDir::new(common::repo_file("sops")) {
        let path = entry.unwrap().into_path();
        if path.extension().is_none_or(|ext| ext != "yaml") || path.ends_with("glossary.yaml") {
            continue;
        }
        let root = yaml::parse(&std::fs::read_to_string(&path).unwrap())
            .unwrap()
            .unwrap();
        let errors: Vec<String> = validator
            .iter_errors(&root.to_json())
            .map(|e| e.to_string())
            .collect();
        assert!(errors.is_empty(), "{}: {errors:?}", path.display());
    }
}

/// An editor with yaml-language-server finds the schema through the
/// `# yaml-language-server: $schema=` line of the samples and gives
/// diagnostics, hover docs and completion from it (tests/editor/check.mjs).
#[test]
fn editors_use_the_schema_through_the_modeline() {
    if !common::tool_available(
        "Node.js",
        std::process::Command::new("node").arg("--version"),
    ) || !common::npm_installed("tests/editor", "yaml-language-server")
    {
        return;
    }
    let output = std::process::Command::new("node")
        .current_dir(common::repo())
        .arg("tests/editor/check.mjs")
        .output()
        .unwrap();
    let report = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "{report}{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(report.contains("15 passed, 0 failed"), "{report}");
}
