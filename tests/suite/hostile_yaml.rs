//! Hostile YAML through the `sop` binary: each case is a project written
//! to a temporary folder (big inputs are made here, not committed), and
//! the test asserts what `lint` and `render` make of it.

use std::path::Path;

use serde_json::Value;

use crate::common;

use common::{TempProject, sop};

/// A project of `files` at its root.
fn project_of(files: &[(&str, &str)]) -> TempProject {
    let project = TempProject::new("");
    for (path, text) in files {
        project.write(path, text);
    }
    project
}

/// One finding of `lint --format json`.
#[derive(Debug)]
struct Finding {
    rule: String,
    line: u64,
    column: u64,
    message: String,
    help: String,
}

fn lint(project: &TempProject) -> (Option<i32>, Vec<Finding>) {
    let output = sop(&project.root, &["lint", ".", "--format", "json"]);
    let json: Value = serde_json::from_slice(&output.stdout)
        .unwrap_or_else(|error| panic!("{error}: {}", String::from_utf8_lossy(&output.stderr)));
    let text = |value: &Value| value.as_str().unwrap_or_default().to_string();
    let findings = json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| Finding {
            rule: text(&d["rule"]),
            line: d["line"].as_u64().unwrap_or(0),
            column: d["column"].as_u64().unwrap_or(0),
            message: text(&d["message"]),
            help: text(&d["help"]),
        })
        .collect();
    (output.status.code(), findings)
}

/// An SOP whose purpose is `purpose`, with `extra` lines at the end.
fn hostile_sop(title: &str, purpose: &str, extra: &str) -> String {
    format!(
        "id: HX-001\ntitle: {title}\ndepartment: Operations\npurpose: {purpose}\ninstructions:\n  - do: Start.\n{extra}"
    )
}

/// A 1 MiB string anchored in the purpose (line 4) and aliased `count`
/// times as tags, one a line from line 8.
fn alias_bomb(count: usize) -> String {
    let purpose = format!("&big {}", "x".repeat(1 << 20));
    hostile_sop(
        "Hostile",
        &purpose,
        &format!("tags:\n{}", "  - *big\n".repeat(count)),
    )
}

/// The anchor and its copy hold 2 MiB, the keys and short values a few
/// bytes more, so the 14th alias (line 21) takes the document past 16 MiB.
fn assert_refused_at_the_14th_alias(project: &TempProject) {
    let (code, findings) = lint(project);
    assert_eq!(code, Some(1), "{findings:?}");
    assert_eq!(findings.len(), 1, "{findings:?}");
    let finding = &findings[0];
    assert_eq!(finding.rule, "yaml-syntax");
    assert_eq!((finding.line, finding.column), (8 + 13, 5));
    assert_eq!(
        finding.message,
        "the document expands to more than 16 MiB of text (aliases included)"
    );
}

/// The size of every file under `folder`.
fn folder_size(folder: &Path) -> u64 {
    walkdir::WalkDir::new(folder)
        .into_iter()
        .map(|entry| entry.unwrap().metadata().unwrap().len())
        .sum()
}

#[test]
fn a_megabyte_aliased_300_times_is_yaml_syntax_at_the_alias() {
    let project = project_of(&[("a.yaml", &alias_bomb(300))]);
    assert_refused_at_the_14th_alias(&project);
}

#[test]
fn render_skips_the_alias_bomb_instead_of_writing_it() {
    let project = project_of(&[("a.yaml", &alias_bomb(300))]);
    let output = sop(&project.root, &["render", ".", "--out", "handbook"]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(0), "{stderr}");
    assert!(stderr.contains("error[yaml-syntax]"), "{stderr}");
    assert!(
        stderr.contains("skipped a.yaml: not a readable SOP"),
        "{stderr}"
    );
    assert!(stderr.contains("Rendered 0 SOPs"), "{stderr}");
    // The handbook's frame only: no page holds the expansion (866 MB before).
    let size = folder_size(&project.root.join("handbook"));
    assert!(size < 100_000, "the handbook is {size} bytes");

    let strict = sop(
        &project.root,
        &["render", ".", "--strict", "--out", "strict"],
    );
    assert_eq!(strict.status.code(), Some(1));
    assert!(!project.root.join("strict").exists());
}

#[test]
fn five_thousand_aliases_of_a_megabyte_are_refused_the_same() {
    let project = project_of(&[("a.yaml", &alias_bomb(5_000))]);
    assert_refused_at_the_14th_alias(&project);
}

#[test]
fn nested_anchors_around_a_long_string_are_refused() {
    // Each anchored level keeps its own copy of the string for its aliases.
    let open: String = (0..20).map(|level| format!("&n{level} [")).collect();
    let scope = format!("scope: {open}{}{}\n", "x".repeat(1 << 20), "]".repeat(20));
    let project = project_of(&[("a.yaml", &hostile_sop("Nested", "Test.", &scope))]);
    let (code, findings) = lint(&project);
    assert_eq!(code, Some(1));
    assert_eq!(findings.len(), 1, "{findings:?}");
    assert_eq!(findings[0].rule, "yaml-syntax");
    assert!(findings[0].message.contains("16 MiB"), "{findings:?}");
}

#[test]
fn a_raw_escape_in_a_value_is_yaml_syntax_at_its_line_and_column() {
    let text = hostile_sop("Hostile \u{1b}[2Jinput", "Test.", "");
    let project = project_of(&[("a.yaml", &text)]);
    let (code, findings) = lint(&project);
    assert_eq!(code, Some(1));
    assert_eq!(findings.len(), 1, "{findings:?}");
    let finding = &findings[0];
    assert_eq!(finding.rule, "yaml-syntax");
    assert_eq!((finding.line, finding.column), (2, 16));
    assert_eq!(
        finding.message,
        "the character U+001B is not allowed in YAML"
    );
    assert_eq!(
        finding.help,
        "remove it, or write it as \\e in a double-quoted string"
    );
}

#[test]
fn an_escape_written_in_a_double_quoted_string_is_valid() {
    let text = hostile_sop("\"Hostile \\e[2J input \\x07\"", "Test.", "");
    let project = project_of(&[("a.yaml", &text)]);
    let (code, findings) = lint(&project);
    assert_eq!(code, Some(0), "{findings:?}");
}

#[test]
fn a_lone_carriage_return_in_a_key_is_yaml_syntax_where_it_is() {
    let text = hostile_sop("Hostile", "Test.", "ta\rgs: [a]\n");
    let project = project_of(&[("a.yaml", &text)]);
    let (code, findings) = lint(&project);
    assert_eq!(code, Some(1));
    assert_eq!(findings.len(), 1, "{findings:?}");
    let finding = &findings[0];
    assert_eq!(finding.rule, "yaml-syntax");
    assert_eq!((finding.line, finding.column), (7, 3));
    assert!(finding.message.contains("U+000D"), "{findings:?}");
}

#[test]
fn a_complex_key_is_a_schema_finding_and_the_rest_is_checked() {
    let text = hostile_sop(
        "Hostile",
        "Test.",
        "? [owner, backup]\n: Team leader\nstauts: draft\n",
    );
    let project = project_of(&[("a.yaml", &text)]);
    let (code, findings) = lint(&project);
    assert_eq!(code, Some(1));
    let found: Vec<(&str, u64, u64, &str)> = findings
        .iter()
        .map(|f| (f.rule.as_str(), f.line, f.column, f.message.as_str()))
        .collect();
    assert_eq!(
        found,
        [
            (
                "schema",
                7,
                3,
                "a key must be plain text, not a list or a mapping"
            ),
            ("schema", 9, 1, "unknown field `stauts`"),
        ]
    );
}

#[test]
fn a_complex_key_in_a_glossary_is_a_schema_finding() {
    let glossary = "CRM: Customer Relationship Management system\n? [SLA, OLA]\n: Service levels\n";
    let sop = hostile_sop("Logging a call", "Log the call in the CRM.", "");
    let project = project_of(&[("glossary.yaml", glossary), ("a.yaml", &sop)]);
    let (code, findings) = lint(&project);
    assert_eq!(code, Some(1));
    assert_eq!(findings.len(), 1, "{findings:?}");
    let finding = &findings[0];
    assert_eq!(finding.rule, "schema");
    assert_eq!((finding.line, finding.column), (2, 3));
    assert_eq!(
        finding.message,
        "a term must be plain text, not a list or a mapping"
    );
}

/// The single finding of a project of one SOP file, as (line, column, message).
fn only_syntax_finding(sop: &str) -> (u64, u64, String) {
    let project = project_of(&[("a.yaml", sop)]);
    let (code, findings) = lint(&project);
    assert_eq!(code, Some(1));
    assert_eq!(findings.len(), 1, "{findings:?}");
    let finding = &findings[0];
    assert_eq!(finding.rule, "yaml-syntax");
    (finding.line, finding.column, finding.message.clone())
}

#[test]
fn a_mistake_below_200000_lines_of_text_is_explained_in_one_look_back() {
    // The explanation walks back over the lines of the purpose once to find
    // the key whose text they continue.
    let lines = 200_000;
    let purpose = format!("Start.\n{}", "  and go on with the text\n".repeat(lines));
    let sop = hostile_sop("Long", &purpose, "");
    let broken = sop.replace("instructions:\n", "  instructions:\n");
    let (line, column, message) = only_syntax_finding(&broken);
    // Line 4 is `purpose:`, then its lines, a blank line, `instructions:`.
    assert_eq!((line, column), (6 + lines as u64, 3));
    assert_eq!(
        message,
        "this line is indented more than `purpose` on line 4, so YAML reads it as more of the text of `purpose`"
    );
}

#[test]
fn a_tab_below_200000_blank_lines_is_found_where_it_is() {
    let lines = 200_000;
    let extra = format!("{}\trole: rep\n", "\n".repeat(lines));
    let (line, column, message) = only_syntax_finding(&hostile_sop("Tabs", "Keep it.", &extra));
    assert_eq!((line, column), (7 + lines as u64, 1));
    assert!(message.contains("does not allow tabs"), "{message}");
}
