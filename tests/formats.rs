//! Machine-readable outputs are checked against what their consumers need,
//! beyond the CLI snapshots in tests/cmd.

mod common;

use serde_json::Value;
use sop::diagnostic::Report;
use sop::output::{self, Format};
use sop::rules::Rule;

/// Findings of every rule: the rule fixtures, linted as one set.
fn every_rule_report() -> Report {
    common::lint(&["tests/fixtures"])
}

fn rendered(format: Format, report: &Report) -> String {
    let mut out = Vec::new();
    output::render(format, report, &mut out).unwrap();
    String::from_utf8(out).unwrap()
}

#[test]
fn sarif_is_valid_sarif_2_1_0() {
    let report = every_rule_report();
    let sarif: Value = serde_json::from_str(&rendered(Format::Sarif, &report)).unwrap();
    let schema: Value = serde_json::from_str(
        &std::fs::read_to_string(common::repo_file("tests/data/sarif-2.1.0.schema.json")).unwrap(),
    )
    .unwrap();
    let validator = jsonschema::validator_for(&schema).unwrap();
    let errors: Vec<String> = validator
        .iter_errors(&sarif)
        .map(|error| format!("{}: {error}", error.instance_path().as_str()))
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");

    // What GitHub code scanning reads: rules with descriptions, and results
    // pointing at a rule, with a level and a relative location with a region.
    let run = &sarif["runs"][0];
    let rules = run["tool"]["driver"]["rules"].as_array().unwrap();
    let ids: Vec<&str> = rules
        .iter()
        .map(|rule| rule["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, Rule::all().map(Rule::id).collect::<Vec<_>>());
    for rule in rules {
        assert!(
            !rule["shortDescription"]["text"]
                .as_str()
                .unwrap()
                .is_empty()
        );
        assert!(!rule["help"]["text"].as_str().unwrap().is_empty());
    }
    let results = run["results"].as_array().unwrap();
    assert_eq!(results.len(), report.diagnostics.len());
    for result in results {
        let index = result["ruleIndex"].as_u64().unwrap() as usize;
        assert_eq!(result["ruleId"], rules[index]["id"]);
        assert!(["error", "warning"].contains(&result["level"].as_str().unwrap()));
        let location = &result["locations"][0]["physicalLocation"];
        let uri = location["artifactLocation"]["uri"].as_str().unwrap();
        assert!(uri.starts_with("tests/fixtures/"), "{uri}");
        assert!(
            location["region"]["startLine"].as_u64().unwrap() >= 1,
            "{uri}"
        );
    }
}

#[test]
fn json_lists_every_finding_with_its_position() {
    let report = every_rule_report();
    let json: Value = serde_json::from_str(&rendered(Format::Json, &report)).unwrap();
    let diagnostics = json["diagnostics"].as_array().unwrap();
    assert_eq!(diagnostics.len(), report.diagnostics.len());
    let mut rules_seen: Vec<&str> = diagnostics
        .iter()
        .map(|d| d["rule"].as_str().unwrap())
        .collect();
    rules_seen.sort_unstable();
    rules_seen.dedup();
    assert_eq!(
        rules_seen.len(),
        Rule::all().count(),
        "every rule has a finding"
    );
    assert_eq!(
        json["summary"]["errors"].as_u64().unwrap() + json["summary"]["warnings"].as_u64().unwrap(),
        diagnostics.len() as u64
    );
}

#[test]
fn github_annotations_are_one_line_each() {
    let report = every_rule_report();
    let output = rendered(Format::Github, &report);
    let lines: Vec<&str> = output.lines().collect();
    assert_eq!(lines.len(), report.diagnostics.len());
    for line in lines {
        assert!(
            line.starts_with("::error file=") || line.starts_with("::warning file="),
            "{line}"
        );
        assert!(line.contains(",title=sop "), "{line}");
    }
}
