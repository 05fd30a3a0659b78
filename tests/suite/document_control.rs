//! The document control rules in a project: `[review] interval` of
//! `sop.toml` sets what `review-missing` allows, and a control field that
//! is not valid is one `schema` finding, not also one of these rules.

use sop::control::Fingerprint;

use crate::common;
use common::{TempProject, findings, sop, sop_yaml, stderr};

/// An approved SOP with these control lines, its fingerprint recorded.
fn approved(id: &str, control: &str) -> String {
    let extra = format!(
        "status: approved\napproved_by: Dana Reyes, Head of Customer Service\napproved_on: 2026-02-23\n{control}"
    );
    let text = sop_yaml(id, "Handling a lost card", &extra, &["do: Block the card."]);
    let root = sop::yaml::parse(&text).unwrap().unwrap();
    format!("fingerprint: {}\n{text}", Fingerprint::of(&root))
}

/// The findings of `sop lint` in a project with this `sop.toml` and SOPs.
fn lint(config: &str, sops: &[(&str, String)]) -> Vec<(String, String, u64, u64, String)> {
    let project = TempProject::new(config);
    for (name, text) in sops {
        project.write(&format!("sops/{name}"), text);
    }
    findings(&sop(&project.root, &["lint", "--format", "json"]))
}

#[test]
fn an_interval_of_18_months_finds_a_review_the_default_allows() {
    let sops = [(
        "CS-1740.yaml",
        approved("CS-1740", "effective: 2026-03-01\nreview_by: 2027-12-01\n"),
    )];
    assert_eq!(lint("", &sops), []);
    let found = lint("[review]\ninterval = \"18m\"\n", &sops);
    assert_eq!(found.len(), 1, "{found:?}");
    let (file, rule, line, column, message) = &found[0];
    assert_eq!(
        (file.as_str(), rule.as_str(), *line, *column),
        ("CS-1740.yaml", "review-missing", 10, 12)
    );
    assert!(
        message.contains("interval of 18m") && message.contains("review by 2027-09-01"),
        "{message}"
    );
}

#[test]
fn an_interval_in_days_allows_its_last_day_only() {
    // 2026-03-01 and 400 days is 2027-04-05.
    let sops = [
        (
            "CS-1741.yaml",
            approved("CS-1741", "effective: 2026-03-01\nreview_by: 2027-04-05\n"),
        ),
        (
            "CS-1742.yaml",
            approved("CS-1742", "effective: 2026-03-01\nreview_by: 2027-04-06\n"),
        ),
    ];
    let found = lint("[review]\ninterval = \"400d\"\n", &sops);
    let rules: Vec<(&str, &str)> = found
        .iter()
        .map(|(file, rule, ..)| (file.as_str(), rule.as_str()))
        .collect();
    assert_eq!(rules, [("CS-1742.yaml", "review-missing")]);
    assert!(
        found[0].4.contains("review by 2027-04-05"),
        "{}",
        found[0].4
    );
}

#[test]
fn an_interval_that_is_not_a_period_is_exit_2_at_its_place() {
    let project = TempProject::new("[review]\ninterval = \"2 years\"\n");
    project.write(
        "sops/CS-1743.yaml",
        approved("CS-1743", "review_by: 2027-06-30\n"),
    );
    let output = sop(&project.root, &["lint"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).starts_with("error: sop.toml:2:12: `2 years` is not a period"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn a_control_field_that_is_not_valid_is_only_a_schema_finding() {
    let sops = [
        // Not a date, though as text it sorts before `approved_on`: no `date-order`.
        (
            "CS-1744.yaml",
            approved("CS-1744", "effective: 2026-02-1\nreview_by: 2027-06-30\n"),
        ),
        // Not a fingerprint: no `changed-after-approval`.
        (
            "CS-1745.yaml",
            approved("CS-1745", "review_by: 2027-06-30\n").replacen(
                "fingerprint: sha256:",
                "fingerprint: sha256:x",
                1,
            ),
        ),
        // No approver but a line for one: no `approval-incomplete`.
        (
            "CS-1746.yaml",
            approved("CS-1746", "review_by: 2027-06-30\n").replace(
                "approved_by: Dana Reyes, Head of Customer Service",
                "approved_by:",
            ),
        ),
        // A review date that is not a date: no `review-missing`.
        (
            "CS-1747.yaml",
            approved(
                "CS-1747",
                "effective: 2026-03-01\nreview_by: 2026-03-01T10:00\n",
            ),
        ),
    ];
    let found = lint("", &sops);
    let rules: Vec<(&str, &str)> = found
        .iter()
        .map(|(file, rule, ..)| (file.as_str(), rule.as_str()))
        .collect();
    assert_eq!(
        rules,
        [
            ("CS-1744.yaml", "schema"),
            ("CS-1745.yaml", "schema"),
            ("CS-1746.yaml", "schema"),
            ("CS-1747.yaml", "schema"),
        ]
    );
    let fingerprint_message = &found[1].4;
    assert!(
        fingerprint_message.ends_with("is not a fingerprint"),
        "{fingerprint_message}"
    );
}
