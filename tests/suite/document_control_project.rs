//! The document control rules across SOPs see the SOPs that were not given:
//! linting one file finds what its calls and references lead to.

use crate::common;

use common::{TempProject, findings, sop, sop_yaml};

/// The control fields of an SOP approved on 2026-01-15, with a placeholder
/// fingerprint that [`write_approved`] replaces.
const APPROVED: &str = "version: \"1.0\"
status: approved
approved_by: Customer Service Manager
approved_on: 2026-01-15
fingerprint: \"sha256:0000000000000000000000000000000000000000000000000000000000000000\"
effective: 2026-02-01
review_by: 2027-12-31
revisions:
  - version: \"1.0\"
    date: 2026-01-15
    summary: First issue.
";

/// Writes an approved SOP with its real fingerprint (the fingerprint leaves
/// out the control fields, so the placeholder does not change it).
fn write_approved(project: &TempProject, path: &str, text: &str) {
    project.write(path, text);
    let output = sop(&project.root, &["fingerprint", path]);
    let printed = common::stdout(&output);
    let fingerprint = printed.split_whitespace().next().unwrap();
    let placeholder = format!("sha256:{}", "0".repeat(64));
    project.write(path, text.replace(&placeholder, fingerprint));
}

fn finding(
    file: &str,
    rule: &str,
    line: u64,
    column: u64,
    message: &str,
) -> (String, String, u64, u64, String) {
    (file.into(), rule.into(), line, column, message.into())
}

/// Three SOPs calling each other in a cycle, in `a.yaml`, `b.yaml`, `c.yaml`.
fn cycle_of_three() -> TempProject {
    let project = TempProject::new("");
    for (file, id, next) in [
        ("a.yaml", "CS-1785", "CS-1786"),
        ("b.yaml", "CS-1786", "CS-1787"),
        ("c.yaml", "CS-1787", "CS-1785"),
    ] {
        let step = format!("do: Carry on.\n    call: {next}");
        project.write(&format!("sops/{file}"), sop_yaml(id, "Step", "", &[&step]));
    }
    project
}

#[test]
fn retired_and_unapproved_sops_not_given_are_found_from_one_file() {
    let project = TempProject::new("");
    let extra = format!("{APPROVED}references:\n  - CS-1781\n");
    let steps = [
        "do: Refund by cheque.\n    call: CS-1781",
        "do: Offer a goodwill payment.\n    call: CS-1782",
    ];
    write_approved(
        &project,
        "sops/given.yaml",
        &sop_yaml("CS-1780", "Refunds", &extra, &steps),
    );
    let retired = "status: retired\n";
    let cheque = sop_yaml("CS-1781", "Cheques", retired, &["do: Post a cheque."]);
    project.write("sops/cheque.yaml", cheque);
    project.write(
        "sops/goodwill.yaml",
        sop_yaml("CS-1782", "Goodwill", "", &["do: Pay."]),
    );

    let output = sop(
        &project.root,
        &["lint", "sops/given.yaml", "--format", "json"],
    );
    let cheque = format!("`CS-1781` is retired ({})", "sops/cheque.yaml");
    assert_eq!(
        findings(&output),
        [
            finding("given.yaml", "retired-reference", 17, 5, &cheque),
            finding("given.yaml", "retired-reference", 20, 11, &cheque),
            finding(
                "given.yaml",
                "unapproved-call",
                22,
                11,
                "this approved SOP calls `CS-1782`, which is `draft` (sops/goodwill.yaml)"
            ),
        ]
    );
    assert_eq!(output.status.code(), Some(1));
}

/// The one finding of the cycle of three: at the call of `b.yaml`.
fn cycle_at_b() -> (String, String, u64, u64, String) {
    finding(
        "b.yaml",
        "call-cycle",
        7,
        11,
        "these SOPs call each other in a cycle: CS-1786 → CS-1787 → CS-1785 → CS-1786",
    )
}

#[test]
fn a_cycle_through_two_sops_not_given_is_found_from_one_file() {
    let project = cycle_of_three();
    let output = sop(&project.root, &["lint", "sops/b.yaml", "--format", "json"]);
    assert_eq!(findings(&output), [cycle_at_b()]);
    assert_eq!(output.status.code(), Some(0), "a warning");
}

#[test]
fn a_cycle_is_reported_once_at_the_smallest_path_given() {
    let project = cycle_of_three();
    let output = sop(
        &project.root,
        &["lint", "sops/c.yaml", "sops/b.yaml", "--format", "json"],
    );
    assert_eq!(findings(&output), [cycle_at_b()]);
    let output = sop(&project.root, &["lint", "--format", "json"]);
    let rules: Vec<(String, String)> = findings(&output)
        .into_iter()
        .map(|(file, rule, ..)| (file, rule))
        .collect();
    assert_eq!(rules, [("a.yaml".into(), "call-cycle".into())]);
}
