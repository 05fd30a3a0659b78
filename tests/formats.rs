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

/// The position of every finding, as (rule, file, line, column), in report order.
fn positions(report: &Report) -> Vec<(String, String, usize, usize)> {
    report
        .diagnostics
        .iter()
        .filter_map(|diagnostic| {
            let label = diagnostic.label.as_ref()?;
            Some((
                diagnostic.rule.to_string(),
                diagnostic.path.display().to_string(),
                label.start.line,
                label.start.column,
            ))
        })
        .collect()
}

#[test]
fn every_format_gives_each_finding_the_same_line_and_column() {
    let report = every_rule_report();
    let expected = positions(&report);
    assert!(expected.len() > Rule::all().count());

    let json: Value = serde_json::from_str(&rendered(Format::Json, &report)).unwrap();
    let from_json: Vec<_> = json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| !d["line"].is_null())
        .map(|d| {
            (
                d["rule"].as_str().unwrap().to_string(),
                d["path"].as_str().unwrap().to_string(),
                d["line"].as_u64().unwrap() as usize,
                d["column"].as_u64().unwrap() as usize,
            )
        })
        .collect();
    assert_eq!(from_json, expected, "json");

    let sarif: Value = serde_json::from_str(&rendered(Format::Sarif, &report)).unwrap();
    let from_sarif: Vec<_> = sarif["runs"][0]["results"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|result| {
            let location = &result["locations"][0]["physicalLocation"];
            // A finding without a position points at line 1 with no column.
            let region = &location["region"];
            let column = region.get("startColumn")?;
            Some((
                result["ruleId"].as_str().unwrap().to_string(),
                location["artifactLocation"]["uri"]
                    .as_str()
                    .unwrap()
                    .to_string(),
                region["startLine"].as_u64().unwrap() as usize,
                column.as_u64().unwrap() as usize,
            ))
        })
        .collect();
    assert_eq!(from_sarif, expected, "sarif");

    let github = rendered(Format::Github, &report);
    let from_github: Vec<_> = github
        .lines()
        .filter_map(|line| {
            let properties = line.split_once(' ')?.1.split_once("::")?.0;
            let value = |key: &str| {
                properties
                    .split(',')
                    .find_map(|pair| pair.strip_prefix(key)?.strip_prefix('='))
                    .map(str::to_string)
            };
            Some((
                value("title")?.strip_prefix("sop ")?.to_string(),
                value("file")?,
                value("line")?.parse().ok()?,
                value("col")?.parse().ok()?,
            ))
        })
        .collect();
    assert_eq!(from_github, expected, "github");

    let human = anstream::adapter::strip_str(&rendered(Format::Human, &report)).to_string();
    let arrows: Vec<&str> = human
        .lines()
        .filter_map(|line| line.trim_start().strip_prefix("--> "))
        .collect();
    for (_, file, line, column) in &expected {
        let place = format!("{file}:{line}:{column}");
        assert!(arrows.contains(&place.as_str()), "human: no --> {place}");
    }
}
