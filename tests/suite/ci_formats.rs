//! The CI formats checked by what their consumers validate them with:
//! SARIF by Microsoft's SARIF Multitool with its GitHub rules, JUnit XML by
//! xmllint against Jenkins' JUnit schema, GitLab Code Quality JSON against
//! a schema written from GitLab's documentation. Each on the bundled
//! samples, on the rule fixtures (findings of every rule) and on an SOP of
//! hostile text; and each validator once on a broken document, to show
//! that it does catch what it is here for.

use crate::common;

use std::path::{Path, PathBuf};
use std::process::Command;

use common::TempProject;
use serde_json::Value;
use sop::diagnostic::Report;
use sop::output::Format;

/// An SOP whose file name and text hold markup, quotes, control characters
/// (written as YAML escapes) and noncharacters, all of which reach the
/// findings' messages.
const HOSTILE_NAME: &str = "sops/CS-2310 \"refund\" <&> 'x'.yaml";
const HOSTILE_SOP: &str = r#"id: CS-2310
title: "Refunds </failure><![CDATA[ ]]> & \"quotes\""
department: Customer Service
status: draft
purpose: Refund a customer whose order never arrived, once the carrier confirms the loss.
roles:
  agent: Contact centre agent on the refunds queue
metrics:
  - name: "Refunds paid \a\e[2J within two days"
instructions:
  - id: confirm
    ask: Has the carrier confirmed the loss?
    role: "agent\0\x0b\x1b]8;;http://evil.example\x07"
    branches:
      - when: "yes"
        goto: "pay\uFFFE\uFFFF\r\n\t<b>&amp;"
      - when: "no"
        goto: wait
  - id: wait
    do: Tell the customer when the carrier will answer, and call back then.
    role: agent
    end: true
"#;

/// The hostile SOP's project, linted from its root (kept for its files).
fn hostile() -> (TempProject, Report) {
    let project = TempProject::new("sops = \"sops\"\n");
    project.write(HOSTILE_NAME, HOSTILE_SOP);
    let loaded = common::load_from(&project.root, &["sops"]);
    let report = sop::lint::check(&loaded, "2026-11-22".parse().unwrap()).unwrap();
    assert_eq!(report.diagnostics.len(), 4, "{:#?}", report.diagnostics);
    (project, report)
}

/// The reports every validator checks, by name.
fn reports() -> (TempProject, Vec<(&'static str, Report)>) {
    let (project, hostile) = hostile();
    let reports = vec![
        ("samples", common::lint(&["sops"])),
        ("fixtures", common::lint(&["tests/fixtures"])),
        ("hostile", hostile),
        ("empty", Report::default()),
    ];
    (project, reports)
}

// --- SARIF ------------------------------------------------------------------

/// The Multitool's native program, which the npm package wraps in a script
/// that would hand `Sarif;Gh;Ghas` to a shell.
fn multitool() -> Option<PathBuf> {
    if !cfg!(all(target_os = "linux", target_arch = "x86_64")) {
        eprintln!("skipped: the SARIF Multitool test runs on Linux x86-64");
        return None;
    }
    common::npm_installed("tests/sarif", "@microsoft/sarif-multitool-linux").then(|| {
        common::repo_file(
            "tests/sarif/node_modules/@microsoft/sarif-multitool-linux/Sarif.Multitool",
        )
    })
}

/// What `Sarif.Multitool validate` finds in `sarif`, with the rules of the
/// SARIF spec, GitHub and GitHub Advanced Security, at every level: each as
/// (rule, level, message id and arguments).
fn validate_sarif(
    tool: &Path,
    folder: &Path,
    name: &str,
    sarif: &str,
) -> Vec<(String, String, String)> {
    let input = folder.join(format!("{name}.sarif"));
    let log = folder.join(format!("{name}.validation.sarif"));
    std::fs::write(&input, sarif).unwrap();
    let output = Command::new(tool)
        .current_dir(folder)
        // No ICU needed, and nothing sent home.
        .env("DOTNET_SYSTEM_GLOBALIZATION_INVARIANT", "1")
        .env("DOTNET_CLI_TELEMETRY_OPTOUT", "1")
        .args([
            "validate",
            "--rule-kind",
            "Sarif;Gh;Ghas",
            "--level",
            "Error;Warning;Note",
        ])
        .arg("--config")
        .arg(common::repo_file("tests/sarif/validate.xml"))
        .arg("--output")
        .arg(&log)
        .arg(&input)
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}{}",
        common::stdout(&output),
        common::stderr(&output)
    );
    let log: Value = serde_json::from_str(&std::fs::read_to_string(&log).unwrap()).unwrap();
    let run = &log["runs"][0];
    assert_eq!(
        run["invocations"][0]["executionSuccessful"], true,
        "{log:#}"
    );
    run["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|result| {
            (
                result["ruleId"].as_str().unwrap().to_string(),
                result["level"].as_str().unwrap_or("warning").to_string(),
                result["message"].to_string(),
            )
        })
        .collect()
}

/// The validator's notes that do not apply to sop, by rule: SARIF2002
/// (message strings with arguments, for tools that translate them),
/// SARIF2003 (version control provenance, which only the CI run knows),
/// SARIF2009 (ids like `SOP1001`: sop's ids are the ones users write in
/// `sop.toml`), SARIF2010 and SARIF2011 (code snippets and context regions,
/// which code scanning takes from the repository).
const NOTES_NOT_APPLICABLE: &[&str] = &[
    "SARIF2002",
    "SARIF2003",
    "SARIF2009",
    "SARIF2010",
    "SARIF2011",
];

#[test]
fn sarif_has_no_error_or_warning_from_microsofts_validator() {
    let Some(tool) = multitool() else { return };
    let (project, reports) = reports();
    for (name, report) in &reports {
        let findings = validate_sarif(
            &tool,
            &project.root,
            name,
            &common::rendered(Format::Sarif, report),
        );
        let (notes, problems): (Vec<_>, Vec<_>) = findings
            .into_iter()
            .partition(|(_, level, _)| level == "note");
        assert!(problems.is_empty(), "{name}: {problems:#?}");
        let mut rules: Vec<&str> = notes.iter().map(|(rule, _, _)| rule.as_str()).collect();
        rules.sort_unstable();
        rules.dedup();
        for rule in &rules {
            assert!(
                NOTES_NOT_APPLICABLE.contains(rule),
                "{name}: note {rule}: {notes:#?}"
            );
        }
        eprintln!(
            "{name}: {} results, 0 errors, 0 warnings, {} notes ({rules:?})",
            report.diagnostics.len(),
            notes.len()
        );
    }
}

#[test]
fn the_sarif_validator_flags_what_sop_writes_no_longer() {
    let Some(tool) = multitool() else { return };
    let (project, reports) = reports();
    let mut sarif: Value =
        serde_json::from_str(&common::rendered(Format::Sarif, &reports[1].1)).unwrap();
    let driver = &mut sarif["runs"][0]["tool"]["driver"];
    driver.as_object_mut().unwrap().remove("informationUri");
    driver["rules"][0]["name"] = driver["rules"][0]["id"].clone();
    let results = &mut sarif["runs"][0]["results"];
    results[0].as_object_mut().unwrap().remove("locations");
    let findings = validate_sarif(&tool, &project.root, "broken", &sarif.to_string());
    let rules: Vec<(&str, &str)> = findings
        .iter()
        .map(|(rule, level, _)| (rule.as_str(), level.as_str()))
        .collect();
    for expected in [
        ("SARIF2005", "warning"),
        ("SARIF1001", "warning"),
        ("GH1015", "error"),
    ] {
        assert!(rules.contains(&expected), "{expected:?} not in {rules:?}");
    }
}

// --- JUnit ------------------------------------------------------------------

/// Jenkins' JUnit schema, which `tests/junit/fetch-schema` takes from PyPI.
fn junit_schema() -> Option<PathBuf> {
    let schema = common::repo_file("tests/junit/vendor/junit-10.xsd");
    if !schema.is_file() {
        assert!(
            std::env::var_os("SOP_REQUIRE_TOOLS").is_none(),
            "run `bash tests/junit/fetch-schema` first"
        );
        eprintln!(
            "skipped: tests/junit/vendor/junit-10.xsd is not there (tests/junit/fetch-schema)"
        );
        return None;
    }
    common::tool_available("xmllint", Command::new("xmllint").arg("--version")).then_some(schema)
}

fn xmllint(schema: &Path, file: &Path) -> std::process::Output {
    Command::new("xmllint")
        .arg("--noout")
        .arg("--schema")
        .arg(schema)
        .arg(file)
        .output()
        .unwrap()
}

#[test]
fn junit_is_valid_against_jenkins_junit_schema() {
    let Some(schema) = junit_schema() else { return };
    let (project, reports) = reports();
    for (name, report) in &reports {
        let file = project.path(&format!("{name}.xml"));
        std::fs::write(&file, common::rendered(Format::Junit, report)).unwrap();
        let output = xmllint(&schema, &file);
        assert!(
            output.status.success(),
            "{name}: {}",
            common::stderr(&output)
        );
    }
    // The schema does hold test cases to it: one without a name fails.
    let broken = project.write(
        "broken.xml",
        r#"<testsuites><testsuite name="a" tests="1" failures="0" errors="0"><testcase classname="sop lint"/></testsuite></testsuites>"#,
    );
    assert!(!xmllint(&schema, &broken).status.success());
}

#[test]
fn junit_of_hostile_text_is_well_formed_and_shows_what_it_escaped() {
    let (_project, report) = hostile();
    let xml = common::rendered(Format::Junit, &report);
    let document = roxmltree::Document::parse(&xml).unwrap();
    let suite = document
        .descendants()
        .find(|node| node.has_tag_name("testsuite"))
        .unwrap();
    assert_eq!(suite.attribute("name"), Some(HOSTILE_NAME));
    let failures: Vec<_> = suite
        .descendants()
        .filter(|node| node.has_tag_name("failure"))
        .collect();
    assert_eq!(failures.len(), 4);
    assert_eq!(suite.attribute("failures"), Some("4"));
    let messages: Vec<&str> = failures
        .iter()
        .map(|failure| failure.attribute("message").unwrap())
        .collect();
    // Control characters and noncharacters are shown, not carried;
    // markup, quotes, tabs and line breaks come back as they were.
    assert!(
        messages.contains(
            &"the role `agent\\u{0}\\u{b}\\u{1b}]8;;http://evil.example\\u{7}` is not in `roles`"
        ),
        "{messages:#?}"
    );
    assert!(
        messages.contains(&"`goto: pay\\u{fffe}\\u{ffff}\r\n\t<b>&amp;` names no step of this SOP"),
        "{messages:#?}"
    );
    let text = failures[3].text().unwrap();
    assert!(
        text.starts_with(&format!(
            "{HOSTILE_NAME}:16:15: error[unknown-step]: `goto: pay\\u{{fffe}}"
        )),
        "{text}"
    );
}

// --- GitLab Code Quality ----------------------------------------------------

fn code_quality_schema() -> jsonschema::Validator {
    let schema: Value = serde_json::from_str(
        &std::fs::read_to_string(common::repo_file("tests/gitlab/codequality.schema.json"))
            .unwrap(),
    )
    .unwrap();
    jsonschema::validator_for(&schema).unwrap()
}

fn schema_errors(validator: &jsonschema::Validator, report: &Value) -> Vec<String> {
    validator
        .iter_errors(report)
        .map(|error| format!("{}: {error}", error.instance_path().as_str()))
        .collect()
}

#[test]
fn gitlab_code_quality_matches_gitlabs_format_with_unique_fingerprints() {
    let validator = code_quality_schema();
    let (_project, reports) = reports();
    for (name, report) in &reports {
        let issues: Value =
            serde_json::from_str(&common::rendered(Format::Gitlab, report)).unwrap();
        let errors = schema_errors(&validator, &issues);
        assert!(errors.is_empty(), "{name}: {errors:#?}");
        let issues = issues.as_array().unwrap();
        assert_eq!(issues.len(), report.diagnostics.len(), "{name}");
        let mut fingerprints: Vec<&str> = issues
            .iter()
            .map(|issue| issue["fingerprint"].as_str().unwrap())
            .collect();
        fingerprints.sort_unstable();
        fingerprints.dedup();
        assert_eq!(
            fingerprints.len(),
            issues.len(),
            "{name}: fingerprints repeat"
        );
    }
    // The schema does hold paths to being relative.
    let absolute = serde_json::json!([{
        "description": "d", "check_name": "c", "fingerprint": "f", "severity": "major",
        "location": { "path": "/srv/sops/a.yaml", "lines": { "begin": 1 } }
    }]);
    assert!(!schema_errors(&validator, &absolute).is_empty());
}
