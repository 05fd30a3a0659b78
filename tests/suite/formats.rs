//! Machine-readable outputs are checked against what their consumers need,
//! beyond the CLI snapshots in tests/cmd: every format places each finding
//! alike and counts alike. tests/suite/ci_formats.rs runs the consumers' own
//! validators.

use crate::common;

use std::path::Path;

use serde_json::Value;
use sop::diagnostic::{Diagnostic, Report, Severity};
use sop::output::Format;
use sop::rules::Rule;

/// Findings of every rule: the rule fixtures, linted as one set.
fn every_rule_report() -> Report {
    common::lint(&["tests/fixtures"])
}

#[test]
fn sarif_is_valid_sarif_2_1_0() {
    let report = every_rule_report();
    let sarif: Value = serde_json::from_str(&common::rendered(Format::Sarif, &report)).unwrap();
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
        // What Microsoft's validator asks for (tests/suite/ci_formats.rs runs it).
        let id = rule["id"].as_str().unwrap();
        assert!(!rule["name"].as_str().unwrap().eq_ignore_ascii_case(id));
        assert_ne!(rule["fullDescription"], rule["shortDescription"]);
        assert_eq!(
            rule["helpUri"].as_str(),
            Some(Rule::from_id(id).unwrap().help_uri().as_str())
        );
    }
    assert_eq!(
        run["tool"]["driver"]["informationUri"],
        env!("CARGO_PKG_HOMEPAGE")
    );
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
        let fingerprint = result["partialFingerprints"]["sopFinding/v1"]
            .as_str()
            .unwrap();
        assert_eq!(fingerprint.len(), 32, "{uri}");
    }
}

#[test]
fn json_lists_every_finding_with_its_position() {
    let report = every_rule_report();
    let json: Value = serde_json::from_str(&common::rendered(Format::Json, &report)).unwrap();
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
    let output = common::rendered(Format::Github, &report);
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

    let json: Value = serde_json::from_str(&common::rendered(Format::Json, &report)).unwrap();
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

    let sarif: Value = serde_json::from_str(&common::rendered(Format::Sarif, &report)).unwrap();
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

    let github = common::rendered(Format::Github, &report);
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

    // JUnit groups the findings by file.
    let mut from_junit = junit_positions(&common::rendered(Format::Junit, &report));
    let mut sorted = expected.clone();
    from_junit.sort();
    sorted.sort();
    assert_eq!(from_junit, sorted, "junit");

    // GitLab keeps lines, not columns.
    let lines = |positions: Vec<(String, String, usize, usize)>| {
        positions
            .into_iter()
            .map(|(rule, file, line, _)| (rule, file, line))
            .collect::<Vec<_>>()
    };
    let gitlab: Value = serde_json::from_str(&common::rendered(Format::Gitlab, &report)).unwrap();
    let from_gitlab: Vec<_> = gitlab
        .as_array()
        .unwrap()
        .iter()
        .zip(&report.diagnostics)
        .filter(|(_, diagnostic)| diagnostic.label.is_some())
        .map(|(issue, _)| {
            (
                issue["check_name"].as_str().unwrap().to_string(),
                issue["location"]["path"].as_str().unwrap().to_string(),
                issue["location"]["lines"]["begin"].as_u64().unwrap() as usize,
            )
        })
        .collect();
    assert_eq!(from_gitlab, lines(expected.clone()), "gitlab");

    let human = anstream::adapter::strip_str(&common::rendered(Format::Human, &report)).to_string();
    let arrows: Vec<&str> = human
        .lines()
        .filter_map(|line| line.trim_start().strip_prefix("--> "))
        .collect();
    for (_, file, line, column) in &expected {
        let place = format!("{file}:{line}:{column}");
        assert!(arrows.contains(&place.as_str()), "human: no --> {place}");
    }
}

/// (rule, file, line, column) of each failure of a JUnit report, read back
/// from the first line of its text: `FILE:LINE:COLUMN: SEVERITY[RULE]: ...`.
fn junit_positions(xml: &str) -> Vec<(String, String, usize, usize)> {
    let document = roxmltree::Document::parse(xml).unwrap();
    document
        .descendants()
        .filter(|node| node.has_tag_name("failure"))
        .filter_map(|failure| {
            let first_line = failure.text()?.lines().next()?;
            let (place, rest) = first_line.split_once(": ")?;
            let mut parts = place.rsplitn(3, ':');
            let column = parts.next()?.parse().ok()?;
            let line = parts.next()?.parse().ok()?;
            let file = parts.next()?.to_string();
            let rule = rest.split_once('[')?.1.split_once(']')?.0.to_string();
            assert_eq!(failure.attribute("type"), Some(rule.as_str()));
            Some((rule, file, line, column))
        })
        .collect()
}

#[test]
fn junit_counts_a_test_per_finding_and_per_clean_file() {
    let report = every_rule_report();
    let xml = common::rendered(Format::Junit, &report);
    let document = roxmltree::Document::parse(&xml).unwrap();
    let root = document.root_element();
    let count = |node: roxmltree::Node, tag: &str| {
        node.descendants()
            .filter(|child| child.has_tag_name(tag))
            .count()
    };
    let attribute = |node: roxmltree::Node, name: &str| -> usize {
        node.attribute(name).unwrap().parse().unwrap()
    };
    let suites: Vec<_> = root
        .children()
        .filter(|node| node.has_tag_name("testsuite"))
        .collect();
    // A suite per file checked, and per file with findings besides (the
    // training records, checked with the SOP folder).
    let with_findings: std::collections::HashSet<_> = report
        .diagnostics
        .iter()
        .map(|d| d.path.as_path())
        .collect();
    let clean = report
        .checked
        .iter()
        .filter(|path| !with_findings.contains(path.as_path()))
        .count();
    assert_eq!(report.checked.len(), report.files);
    assert_eq!(suites.len(), clean + with_findings.len());
    assert_eq!(attribute(root, "failures"), report.diagnostics.len());
    assert_eq!(attribute(root, "tests"), report.diagnostics.len() + clean);
    assert_eq!(attribute(root, "tests"), count(root, "testcase"));
    assert_eq!(attribute(root, "errors"), 0);
    for suite in suites {
        assert_eq!(attribute(suite, "tests"), count(suite, "testcase"));
        assert_eq!(attribute(suite, "failures"), count(suite, "failure"));
        // One finding per test case: Jenkins and GitLab read only the first.
        for case in suite
            .children()
            .filter(|node| node.has_tag_name("testcase"))
        {
            assert!(count(case, "failure") <= 1);
        }
    }
}

#[test]
fn a_finding_about_a_whole_file_has_a_place_in_every_format() {
    let report = Report {
        diagnostics: vec![Diagnostic::new(
            "unreadable-file",
            Severity::Error,
            Path::new("./sops/gone.yaml"),
            None,
            "cannot read `sops/gone.yaml`: permission denied",
        )],
        files: 1,
        checked: Vec::new(),
    };
    let sarif: Value = serde_json::from_str(&common::rendered(Format::Sarif, &report)).unwrap();
    let result = &sarif["runs"][0]["results"][0];
    let location = &result["locations"][0]["physicalLocation"];
    assert_eq!(location["artifactLocation"]["uri"], "sops/gone.yaml");
    assert_eq!(location["region"], serde_json::json!({ "startLine": 1 }));
    assert!(result["partialFingerprints"]["sopFinding/v1"].is_string());

    let gitlab: Value = serde_json::from_str(&common::rendered(Format::Gitlab, &report)).unwrap();
    assert_eq!(gitlab[0]["location"]["path"], "sops/gone.yaml");
    assert_eq!(
        gitlab[0]["location"]["lines"],
        serde_json::json!({ "begin": 1, "end": 1 })
    );

    let xml = common::rendered(Format::Junit, &report);
    let document = roxmltree::Document::parse(&xml).unwrap();
    let case = document
        .descendants()
        .find(|node| node.has_tag_name("testcase"))
        .unwrap();
    assert_eq!(
        case.attribute("name"),
        Some("sops/gone.yaml unreadable-file")
    );
    let failure = case.first_element_child().unwrap();
    assert!(
        failure
            .text()
            .unwrap()
            .starts_with("sops/gone.yaml: error[unreadable-file]: cannot read")
    );

    let github = common::rendered(Format::Github, &report);
    assert!(
        github.starts_with("::error file=./sops/gone.yaml,title=sop unreadable-file::"),
        "{github}"
    );
    let json: Value = serde_json::from_str(&common::rendered(Format::Json, &report)).unwrap();
    assert!(json["diagnostics"][0]["line"].is_null());
}

/// The SARIF partial fingerprints and the GitLab fingerprints of a project's
/// findings, in report order, with the findings' lines.
fn fingerprints(project: &common::TempProject) -> Vec<(usize, String, String)> {
    let loaded = common::load_from(&project.root, &["sops"]);
    let report = sop::lint::check(&loaded, "2026-11-22".parse().unwrap()).unwrap();
    let sarif: Value = serde_json::from_str(&common::rendered(Format::Sarif, &report)).unwrap();
    let gitlab: Value = serde_json::from_str(&common::rendered(Format::Gitlab, &report)).unwrap();
    sarif["runs"][0]["results"]
        .as_array()
        .unwrap()
        .iter()
        .zip(gitlab.as_array().unwrap())
        .map(|(result, issue)| {
            (
                issue["location"]["lines"]["begin"].as_u64().unwrap() as usize,
                result["partialFingerprints"]["sopFinding/v1"]
                    .as_str()
                    .unwrap()
                    .to_string(),
                issue["fingerprint"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

#[test]
fn fingerprints_follow_a_finding_when_lines_are_inserted_above_it() {
    let steps = [
        "do: Ask the caller for the order number.\n    next: look-up",
        "do: Read the delivery status back to the caller.\n    next: close-call",
    ];
    let text = common::sop_text("CS-2320", "", &steps);
    let project = common::TempProject::new("sops = \"sops\"\n");
    project.write("sops/CS-2320.yaml", &text);
    let before = fingerprints(&project);
    assert!(before.len() >= 2, "{before:?}");

    let inserted = text.replacen(
        "instructions:",
        "# Reviewed with the delivery team in November.\nscope: Calls about orders already shipped.\ninstructions:",
        1,
    );
    project.write("sops/CS-2320.yaml", &inserted);
    let after = fingerprints(&project);
    assert_eq!(after.len(), before.len());
    for ((line_before, sarif_before, gitlab_before), (line_after, sarif_after, gitlab_after)) in
        before.iter().zip(&after)
    {
        assert_eq!(line_after, &(line_before + 2));
        assert_eq!(sarif_after, sarif_before);
        assert_eq!(gitlab_after, gitlab_before);
    }
    // Each finding its own fingerprint.
    let distinct = |pick: fn(&(usize, String, String)) -> &String| {
        before
            .iter()
            .map(pick)
            .collect::<std::collections::HashSet<_>>()
            .len()
    };
    assert_eq!(distinct(|finding| &finding.1), before.len());
    assert_eq!(distinct(|finding| &finding.2), before.len());
}

#[test]
fn every_machine_format_is_the_same_from_one_run_to_the_next() {
    for format in [
        Format::Json,
        Format::Sarif,
        Format::Github,
        Format::Junit,
        Format::Gitlab,
    ] {
        assert_eq!(
            common::rendered(format, &every_rule_report()),
            common::rendered(format, &every_rule_report()),
            "{format:?}"
        );
    }
}
