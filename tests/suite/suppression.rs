//! Suppression comments through `sop lint` (JSON findings) and `sop
//! render`: each form silences what it names and nothing else, and what
//! silences nothing is an `unused-suppression` at the rule id.

use common::{TempProject, findings, sop, sop_text};

use crate::common;

/// (file name, rule, line, column, message) of `sop lint --format json`.
type Finding = (String, String, u64, u64, String);

fn lint(project: &TempProject) -> Vec<Finding> {
    findings(&sop(&project.root, &["lint", "--format", "json"]))
}

/// Each finding's rule and line.
fn rules(findings: &[Finding]) -> Vec<(&str, u64)> {
    findings
        .iter()
        .map(|(_, rule, line, _, _)| (rule.as_str(), *line))
        .collect()
}

/// A project with one SOP, `sops/CS-2110.yaml`, of the given text.
fn project_with(text: &str) -> TempProject {
    let project = TempProject::new("");
    project.write("sops/CS-2110.yaml", text);
    project
}

/// Two steps, each with a finding on its line (6 and 7): an acronym and a
/// step that names no step.
fn two_findings() -> String {
    sop_text(
        "CS-2110",
        "",
        &[
            "do: Log the call in the CRM.",
            "{do: Ask again later., next: nowhere}",
        ],
    )
}

/// [`two_findings`] with `from` replaced by `to`.
fn edited(from: &str, to: &str) -> String {
    two_findings().replace(from, to)
}

/// The findings of a project with one SOP of this text.
fn lint_text(text: &str) -> Vec<Finding> {
    lint(&project_with(text))
}

#[test]
fn without_comments_the_findings_are_there() {
    let project = project_with(&two_findings());
    assert_eq!(
        rules(&lint(&project)),
        [("undefined-acronym", 6), ("unknown-step", 7)]
    );
}

#[test]
fn sop_disable_next_line_silences_the_next_line() {
    let text = edited(
        "  - {do: Ask",
        "  # sop-disable-next-line unknown-step -- the team lead writes the follow-up step\n  - {do: Ask",
    );
    assert_eq!(rules(&lint_text(&text)), [("undefined-acronym", 6)]);
}

#[test]
fn a_stacked_pair_silences_one_line() {
    let text = edited(
        "  - do: Log",
        "  # sop-disable-next-line undefined-acronym -- CRM is the team's word for its ticket tool\n\n  # sop-disable-next-line unknown-role -- not needed: reported\n  - do: Log",
    );
    let found = lint_text(&text);
    assert_eq!(
        rules(&found),
        [("unused-suppression", 8), ("unknown-step", 10)]
    );
    let (_, _, _, column, message) = &found[0];
    assert_eq!(*column, 27);
    assert_eq!(
        message,
        "`unknown-role` is suppressed on line 9, which has no `unknown-role` finding"
    );
}

#[test]
fn sop_disable_silences_its_own_line_only() {
    let text = edited(
        "CRM.\n",
        "CRM. # sop-disable undefined-acronym, unknown-step -- CRM is the team's ticket tool\n",
    );
    let found = lint_text(&text);
    // `unknown-step` has a finding on the line below, not on this one.
    assert_eq!(
        rules(&found),
        [("unused-suppression", 6), ("unknown-step", 7)]
    );
    let line = text.lines().nth(5).unwrap();
    assert_eq!(found[0].3 as usize, line.find("unknown-step").unwrap() + 1);
}

#[test]
fn sop_disable_file_silences_the_whole_file() {
    let text = format!(
        "{}# sop-disable-file undefined-acronym, unknown-step -- a draft, rewritten next week\n",
        two_findings()
    );
    assert_eq!(rules(&lint_text(&text)), []);
}

#[test]
fn the_same_words_inside_a_block_scalar_are_text() {
    let text = edited(
        "  - do: Log the call in the CRM.",
        "  - do: |\n      # sop-disable-file undefined-acronym -- text of the step\n      Log the call in the CRM.",
    );
    assert_eq!(
        rules(&lint_text(&text)),
        [("undefined-acronym", 8), ("unknown-step", 9)]
    );
}

#[test]
fn a_suppression_above_a_block_covers_the_block() {
    let text = edited(
        "  - do: Log the call in the CRM.",
        "  # sop-disable-next-line undefined-acronym -- the team's ticket tool\n  - do: >\n      Log the call\n      in the CRM.",
    );
    assert_eq!(rules(&lint_text(&text)), [("unknown-step", 10)]);
}

#[test]
fn an_unknown_rule_gets_the_closest_id_at_its_position() {
    let text = edited(
        "  - do: Log",
        "  # sop-disable-next-line undefined-acronyms, unknown-step -- CRM is the team's ticket tool\n  - do: Log",
    );
    let found = lint_text(&text);
    assert_eq!(
        found[..2],
        [
            (
                "CS-2110.yaml".to_string(),
                "unused-suppression".to_string(),
                6,
                27,
                "unknown rule `undefined-acronyms` (did you mean `undefined-acronym`?)".to_string()
            ),
            (
                "CS-2110.yaml".to_string(),
                "unused-suppression".to_string(),
                6,
                47,
                "`unknown-step` is suppressed on line 7, which has no `unknown-step` finding"
                    .to_string()
            ),
        ]
    );
    assert_eq!(
        rules(&found[2..]),
        [("undefined-acronym", 7), ("unknown-step", 8)]
    );
}

#[test]
fn a_rule_turned_off_is_not_reported_unused() {
    let text = format!(
        "{}# sop-disable-file unused-term, unknown-step -- kept for when the rule is back on\n",
        two_findings()
    );
    let project = project_with(&text);
    assert_eq!(
        rules(&lint(&project)),
        [("undefined-acronym", 6), ("unused-suppression", 8)],
        "unused-term silences nothing"
    );
    project.write("sop.toml", "[rules]\nunused-term = \"off\"\n");
    assert_eq!(rules(&lint(&project)), [("undefined-acronym", 6)]);
}

#[test]
fn unused_suppression_has_its_level_in_sop_toml() {
    let text = format!(
        "{}# sop-disable-file no-exit -- r\n",
        sop_text("CS-2110", "", &["do: Close the call."])
    );
    let project = project_with(&text);
    let output = sop(&project.root, &["lint"]);
    assert_eq!(output.status.code(), Some(0), "a warning");
    project.write("sop.toml", "[rules]\nunused-suppression = \"error\"\n");
    assert_eq!(sop(&project.root, &["lint"]).status.code(), Some(1));
    project.write("sop.toml", "[rules]\nunused-suppression = \"off\"\n");
    assert_eq!(rules(&lint(&project)), []);
}

#[test]
fn findings_across_files_are_silenced_in_the_file_they_are_in() {
    let project = TempProject::new("");
    project.write(
        "sops/CS-2111.yaml",
        sop_text(
            "CS-2111",
            "status: retired\n",
            &["do: Use the old refund form."],
        ),
    );
    let calls = sop_text(
        "CS-2112",
        "",
        &[
            "do: Refund by the old form. # sop-disable retired-reference -- until the new form ships\n    call: CS-2111",
            "{do: Ask the card team., call: CS-2199} # sop-disable unknown-sop -- the card team publishes CS-2199",
            "{do: Ask the fraud team., call: CS-2198}",
        ],
    );
    project.write("sops/CS-2112.yaml", &calls);
    let found = lint(&project);
    assert_eq!(
        rules(&found),
        [
            ("unused-suppression", 6),
            ("retired-reference", 7),
            ("unknown-sop", 9)
        ],
        "the retired call is on the line below its comment"
    );
    let fixed = calls.replace(
        "# sop-disable retired-reference -- until the new form ships\n    call: CS-2111",
        "\n    call: CS-2111 # sop-disable retired-reference -- until the new form ships",
    );
    project.write("sops/CS-2112.yaml", &fixed);
    assert_eq!(rules(&lint(&project)), [("unknown-sop", 9)]);
}

#[test]
fn a_glossary_finding_is_silenced_in_the_glossary() {
    let project = TempProject::new("");
    project.write(
        "sops/CS-2113.yaml",
        sop_text("CS-2113", "", &["do: Close the call."]),
    );
    project.write(
        "sops/glossary.yaml",
        "CSAT: Customer satisfaction score\nFCR: [a, list]\n",
    );
    assert_eq!(rules(&lint(&project)), [("schema", 2)]);
    project.write(
        "sops/glossary.yaml",
        "CSAT: Customer satisfaction score\nFCR: [a, list] # sop-disable schema -- the import tool writes it so\n",
    );
    assert_eq!(rules(&lint(&project)), []);
}

#[test]
fn suppressed_findings_do_not_count_against_the_cap() {
    let steps = [
        "do: Check the IBAN.",
        "do: Check the BIC. # sop-disable undefined-acronym -- r",
        "do: Check the SWIFT code.",
    ];
    let project = TempProject::new("[limits]\nfindings-per-file = 2\n");
    project.write("sops/CS-2114.yaml", sop_text("CS-2114", "", &steps));
    assert_eq!(
        rules(&lint(&project)),
        [("undefined-acronym", 6), ("undefined-acronym", 8)]
    );
    let unsilenced =
        steps.map(|step| step.trim_end_matches(" # sop-disable undefined-acronym -- r"));
    project.write("sops/CS-2114.yaml", sop_text("CS-2114", "", &unsilenced));
    assert_eq!(
        rules(&lint(&project)),
        [
            ("undefined-acronym", 6),
            ("undefined-acronym", 7),
            ("limit-exceeded", 0)
        ]
    );
}

#[test]
fn a_file_that_does_not_parse_has_no_comments_read() {
    let project = project_with(
        "# sop-disable-file yaml-syntax -- not honoured\nid: CS-2110\ntitle: [broken\n",
    );
    assert_eq!(rules(&lint(&project)), [("yaml-syntax", 4)]);
}

#[test]
fn the_json_format_leaves_a_suppressed_finding_out() {
    let text = edited(
        "CRM.\n",
        "CRM. # sop-disable undefined-acronym -- the team's ticket tool\n",
    );
    let project = project_with(&text);
    let output = sop(&project.root, &["lint", "--format", "json"]);
    let json = common::stdout(&output);
    assert!(!json.contains("undefined-acronym"), "{json}");
    assert!(json.contains("unknown-step"), "{json}");
}

#[test]
fn sop_render_lints_with_the_same_suppressions() {
    let project = project_with(&two_findings());
    let out = project.path("handbook");
    let render = |project: &TempProject| {
        sop(
            &project.root,
            &["render", "--strict", "--out", out.to_str().unwrap()],
        )
    };
    assert_eq!(render(&project).status.code(), Some(1));
    project.write(
        "sops/CS-2110.yaml",
        format!(
            "{}# sop-disable-file undefined-acronym, unknown-step -- a draft\n",
            two_findings()
        ),
    );
    let output = render(&project);
    assert_eq!(output.status.code(), Some(0), "{}", common::stderr(&output));
    assert!(out.join("CS-2110.html").is_file());
}

#[test]
fn hostile_suppressions_stay_bounded() {
    // 100,000 comments, and one comment listing 100,000 rules: the rule ids
    // past the limit are not read, and the findings are capped.
    let comments = "# sop-disable-next-line unknown-step -- r\n".repeat(100_000);
    let project = project_with(&format!("{comments}{}", two_findings()));
    // 1,000 unused suppressions, one `limit-exceeded` at the first comment
    // not read, the two findings of the SOP: 100 shown, 903 summed up.
    let found = lint(&project);
    assert_eq!(found.len(), 101, "the cap of 100 and the summary");
    assert!(
        found[100].4.starts_with("and 903 more findings"),
        "{:?}",
        found[100]
    );

    let rules = vec!["unknown-step"; 100_000].join(",");
    let project = project_with(&format!(
        "# sop-disable-file {rules} -- r\n{}",
        two_findings()
    ));
    // The first id silences `unknown-step`; 999 unused, one past the limit
    // and the acronym: 100 shown, 901 summed up.
    let found = lint(&project);
    assert_eq!(found.len(), 101);
    assert!(
        found[100].4.starts_with("and 901 more findings"),
        "{:?}",
        found[100]
    );
}
