//! `sop approve`: what it writes (only the control lines, byte for byte
//! elsewhere), what it refuses, and its exit codes. `tests/common` pins
//! today to 2026-11-22.

use crate::common;

use std::fs;
use std::process::Output;

use common::{TempProject, fingerprint, sop, sop_yaml, stderr};

const BY: &str = "Dana Reyes, Head of Customer Service";

/// A file with comments, flow-style lists and mappings, quoted and block
/// scalars and an anchor with its alias, in no particular order.
const RICH: &str = r#"# yaml-language-server: $schema=../schemas/sop.schema.json
id: CS-1800
title: 'Refunds: the "no receipt" case'
department: Customer Service
version: "1.2"
owner: Customer Service Manager   # accountable
status: draft  # until approved
effective: 2026-12-01
review_by: 2027-11-30
purpose: >
  Refund a customer who has no receipt
  without opening the door to fraud.
scope: |
  Store purchases only.
  # not a comment: a line of the scope
roles: {rep: &rep Customer service representative, lead: Shift lead}
tags: [refunds, "front desk"]

# The procedure
instructions:
  - do: "Ask for the card used to pay."   # quoted
    role: rep
    details: [*rep, 'checks the card']
  - id: found
    ask: Is the purchase on the card statement?
    role: rep
    branches:
      - {when: "yes", goto: refund}
      - {when: "no", goto: decline}
  - id: refund
    do: Refund to the card.
    role: rep
    end: true
  - id: decline
    do: |-
      Decline politely and offer store credit.
    role: lead
"#;

fn project() -> TempProject {
    TempProject::new("")
}

fn approve(project: &TempProject, args: &[&str]) -> Output {
    let mut all = vec!["approve"];
    all.extend_from_slice(args);
    sop(&project.root, &all)
}

fn read(project: &TempProject, path: &str) -> String {
    fs::read_to_string(project.path(path)).unwrap()
}

fn assert_status(output: &Output, code: i32) {
    assert_eq!(output.status.code(), Some(code), "{}", stderr(output));
}

/// A minimal valid SOP with `extra` top-level lines.
fn simple(id: &str, extra: &str) -> String {
    sop_yaml(id, "Taking a call", extra, &["do: Answer the call."])
}

#[test]
fn only_the_control_lines_change_byte_for_byte() {
    let project = project();
    project.write("sops/rich.yaml", RICH);
    let before = fingerprint(&project.root, "sops/rich.yaml");

    let output = approve(&project, &["sops/rich.yaml", "--by", BY]);
    assert_status(&output, 0);

    let expected = RICH.replace(
        "status: draft  # until approved\n",
        &format!(
            "status: approved  # until approved\napproved_by: {BY}\napproved_on: 2026-11-22\nfingerprint: {before}\n"
        ),
    );
    assert_eq!(read(&project, "sops/rich.yaml"), expected);
    assert_eq!(fingerprint(&project.root, "sops/rich.yaml"), before);
    assert_eq!(
        stderr(&output),
        format!(
            "approved CS-1800 (sops/rich.yaml) version 1.2: sha256:{} by {BY} on 2026-11-22\n",
            &before["sha256:".len().."sha256:".len() + 12]
        )
    );
    let lint = sop(&project.root, &["lint", "sops/rich.yaml"]);
    assert_status(&lint, 0);
}

#[test]
fn existing_values_are_replaced_in_place_even_over_several_lines() {
    let project = project();
    let old = format!("sha256:{}", "0".repeat(64));
    let extra = format!(
        "status: in-review\napproved_by: >-\n  Sam Lee,\n  Former Head\napproved_on: \"2025-01-01\" # the last time\nfingerprint: '{old}'\nowner: Shift lead\n"
    );
    let text = simple("CS-1801", &extra);
    project.write("sops/a.yaml", &text);
    let now = fingerprint(&project.root, "sops/a.yaml");

    assert_status(
        &approve(&project, &["sops/a.yaml", "--by", BY, "--on", "2026-11-02"]),
        0,
    );

    let expected = text
        .replace("status: in-review", "status: approved")
        .replace(
            "approved_by: >-\n  Sam Lee,\n  Former Head",
            &format!("approved_by: {BY}"),
        )
        .replace("approved_on: \"2025-01-01\"", "approved_on: 2026-11-02")
        .replace(&format!("'{old}'"), &now);
    assert_eq!(read(&project, "sops/a.yaml"), expected);
}

#[test]
fn crlf_a_missing_final_newline_and_a_byte_order_mark_are_kept() {
    let project = project();
    let lf = simple("CS-1802", "owner: Shift lead\n");
    let crlf = format!("\u{feff}{}", lf.replace('\n', "\r\n").trim_end());
    project.write("sops/a.yaml", &crlf);
    let now = fingerprint(&project.root, "sops/a.yaml");

    assert_status(&approve(&project, &["sops/a.yaml", "--by", BY]), 0);

    let added = format!(
        "owner: Shift lead\r\nstatus: approved\r\napproved_by: {BY}\r\napproved_on: 2026-11-22\r\nfingerprint: {now}\r\n"
    );
    assert_eq!(
        read(&project, "sops/a.yaml"),
        crlf.replace("owner: Shift lead\r\n", &added)
    );

    // At the end of a file with no final line break, none is added.
    let last = "id: CS-1803\ntitle: Last\ndepartment: Customer Service\npurpose: P.\ninstructions:\n  - do: Work.\nowner: Shift lead";
    project.write("sops/b.yaml", last);
    assert_status(&approve(&project, &["sops/b.yaml", "--by", BY]), 0);
    let written = read(&project, "sops/b.yaml");
    assert!(written.starts_with(last), "{written}");
    assert!(!written.ends_with('\n'), "{written:?}");
    assert!(
        written.contains("\nowner: Shift lead\nstatus: approved\napproved_by: "),
        "{written}"
    );
}

#[test]
fn an_approver_that_needs_quotes_is_written_so_and_reads_back() {
    let project = project();
    project.write("sops/a.yaml", simple("CS-1804", ""));
    let by = "Dana Reyes, Head of: CS #1";
    assert_status(&approve(&project, &["sops/a.yaml", "--by", by]), 0);

    let written = read(&project, "sops/a.yaml");
    assert!(
        written.contains("\napproved_by: \"Dana Reyes, Head of: CS #1\"\n"),
        "{written}"
    );
    let loaded = common::load_from(&project.root, &["sops/a.yaml"]);
    let approved_by = loaded.read_all(|document| match document.content {
        sop::project::Content::Parsed(parsed) => match parsed.model {
            sop::project::Model::Sop { sop, .. } => sop.approved_by.map(|text| text.value),
            _ => None,
        },
        sop::project::Content::Failed(_) => None,
    });
    assert_eq!(approved_by, [Some(by.to_string())]);
}

#[test]
fn missing_lines_go_after_the_last_control_field_or_the_header() {
    let project = project();
    // No control field: after `department`, the last of the header fields.
    project.write("sops/a.yaml", simple("CS-1805", ""));
    assert_status(&approve(&project, &["sops/a.yaml", "--by", BY]), 0);
    let lines: Vec<String> = read(&project, "sops/a.yaml")
        .lines()
        .map(|line| line.split(':').next().unwrap_or_default().to_string())
        .collect();
    assert_eq!(
        lines[..7],
        [
            "id",
            "title",
            "department",
            "status",
            "approved_by",
            "approved_on",
            "fingerprint"
        ]
    );

    // After the last control field present, in their order.
    let extra = "approved_on: 2026-01-01\nversion: \"2\"\nowner: Shift lead\n";
    project.write("sops/b.yaml", simple("CS-1806", extra));
    assert_status(&approve(&project, &["sops/b.yaml", "--by", BY]), 0);
    let written = read(&project, "sops/b.yaml");
    assert!(
        written.contains(&format!(
            "approved_on: 2026-11-22\nversion: \"2\"\nowner: Shift lead\nstatus: approved\napproved_by: {BY}\nfingerprint: sha256:"
        )),
        "{written}"
    );
}

#[test]
fn approving_again_after_an_edit_changes_only_the_fingerprint_and_the_approval() {
    let project = project();
    project.write("sops/rich.yaml", RICH);
    assert_status(
        &approve(
            &project,
            &["sops/rich.yaml", "--by", BY, "--on", "2026-11-01"],
        ),
        0,
    );
    let first = read(&project, "sops/rich.yaml");
    let edited = first.replace("Refund to the card.", "Refund to the card used.");
    project.write("sops/rich.yaml", &edited);
    let now = fingerprint(&project.root, "sops/rich.yaml");

    let by = "Sam Lee, Quality Manager";
    assert_status(&approve(&project, &["sops/rich.yaml", "--by", by]), 0);

    let again = read(&project, "sops/rich.yaml");
    let changed: Vec<(&str, &str)> = edited
        .lines()
        .zip(again.lines())
        .filter(|(before, after)| before != after)
        .collect();
    let was = |field: &str| edited.lines().find(|line| line.starts_with(field)).unwrap();
    assert_eq!(
        changed,
        [
            (was("approved_by:"), &*format!("approved_by: {by}")),
            (was("approved_on:"), "approved_on: 2026-11-22"),
            (was("fingerprint:"), &*format!("fingerprint: {now}")),
        ]
    );
    assert_eq!(edited.lines().count(), again.lines().count());
}

#[test]
fn the_fingerprint_written_is_the_one_sop_fingerprint_prints() {
    let project = project();
    project.write("sops/rich.yaml", RICH);
    assert_status(&approve(&project, &["sops/rich.yaml", "--by", BY]), 0);
    let written = read(&project, "sops/rich.yaml");
    let recorded = written
        .lines()
        .find_map(|line| line.strip_prefix("fingerprint: "))
        .unwrap();
    assert_eq!(recorded, fingerprint(&project.root, "sops/rich.yaml"));
}

#[test]
fn an_approval_already_recorded_is_not_written_again() {
    let project = project();
    let path = project.write("sops/a.yaml", simple("CS-1807", ""));
    assert_status(&approve(&project, &["sops/a.yaml", "--by", BY]), 0);
    let approved = read(&project, "sops/a.yaml");

    // A write would be refused: the file is read-only.
    let mut permissions = fs::metadata(&path).unwrap().permissions();
    permissions.set_readonly(true);
    fs::set_permissions(&path, permissions).unwrap();
    let output = approve(&project, &["sops/a.yaml", "--by", BY]);
    assert_status(&output, 0);
    assert!(
        stderr(&output)
            .starts_with("unchanged: CS-1807 (sops/a.yaml) is already approved: sha256:"),
        "{}",
        stderr(&output)
    );
    assert_eq!(read(&project, "sops/a.yaml"), approved);

    // Another approver is a change, which a read-only file refuses.
    let output = approve(
        &project,
        &["sops/a.yaml", "--by", "Sam Lee, Quality Manager"],
    );
    assert_status(&output, 1);
    assert_eq!(
        stderr(&output),
        "refused sops/a.yaml: the file is read-only: make it writable to approve it\n"
    );
    assert_eq!(read(&project, "sops/a.yaml"), approved);
}

#[test]
fn a_file_with_lint_errors_is_refused_with_its_findings() {
    let project = project();
    let text = sop_yaml(
        "CS-1808",
        "Taking a call",
        "",
        &["do: Answer.\n    next: nowhere"],
    );
    project.write("sops/a.yaml", &text);
    let output = approve(&project, &["sops/a.yaml", "--by", BY]);
    assert_status(&output, 1);
    let said = stderr(&output);
    assert!(said.starts_with("error[unknown-step]: "), "{said}");
    assert!(said.contains("--> sops/a.yaml:7:11"), "{said}");
    assert!(
        said.ends_with("refused sops/a.yaml: 1 lint error (above): fix it and approve again\n"),
        "{said}"
    );
    assert_eq!(read(&project, "sops/a.yaml"), text);
}

#[test]
fn what_approving_settles_does_not_stop_it() {
    let project = project();
    // Approved but edited since, a placeholder fingerprint, an empty
    // approver, a date out of order: each is what the approval replaces.
    let edited = simple(
        "CS-1820",
        "status: approved\napproved_by: Someone, Somewhere\napproved_on: 2026-01-05\nfingerprint: sha256:0000000000000000000000000000000000000000000000000000000000000000\nreview_by: 2027-11-01\n",
    );
    let placeholder = simple(
        "CS-1821",
        "status: approved\napproved_by:\nfingerprint: TODO\nreview_by: 2027-11-01\n",
    );
    let late = simple(
        "CS-1822",
        "approved_on: 2027-01-01\nreview_by: 2027-11-01\n",
    );
    for (file, text) in [
        ("sops/a.yaml", &edited),
        ("sops/b.yaml", &placeholder),
        ("sops/c.yaml", &late),
    ] {
        project.write(file, text);
    }
    let before = sop(&project.root, &["lint", "sops", "--format", "json"]);
    let rules = common::rules(&before);
    for rule in ["changed-after-approval", "schema", "date-order"] {
        assert!(rules.iter().any(|found| found == rule), "{rules:?}");
    }
    let output = approve(
        &project,
        &["sops/a.yaml", "sops/b.yaml", "sops/c.yaml", "--by", BY],
    );
    assert_status(&output, 0);
    let after = sop(&project.root, &["lint", "sops"]);
    assert_status(&after, 0);
    assert_eq!(stderr(&after), "No problems in 3 files.\n");
    assert!(read(&project, "sops/b.yaml").contains(&format!("approved_by: {BY}\n")));
}

#[test]
fn warnings_do_not_stop_an_approval() {
    let project = project();
    let text = simple("CS-1809", "review_by: 2026-01-01\n");
    project.write("sops/a.yaml", &text);
    let lint = sop(&project.root, &["lint", "sops/a.yaml"]);
    assert!(stderr(&lint).contains("1 warning"), "{}", stderr(&lint));
    assert_status(&approve(&project, &["sops/a.yaml", "--by", BY]), 0);
}

/// Runs `sop approve` on one file that must be refused, checks that it was
/// not changed, and returns what `sop` said.
fn refusal(project: &TempProject, text: &str, args: &[&str]) -> String {
    project.write("sops/refused.yaml", text);
    let mut all = vec!["sops/refused.yaml", "--by", BY];
    all.extend_from_slice(args);
    let output = approve(project, &all);
    assert_status(&output, 1);
    assert_eq!(read(project, "sops/refused.yaml"), text);
    stderr(&output)
}

#[test]
fn what_cannot_be_edited_safely_is_refused_saying_what_to_change() {
    let project = project();
    let flow = "{id: CS-1810, title: T, department: D, purpose: P, instructions: [{do: Work.}]}\n";
    assert_eq!(
        refusal(&project, flow, &[]),
        "refused sops/refused.yaml: the fields are written in flow style `{...}`: write them one per line (`key: value`) to approve the file\n"
    );
    let anchored = simple("CS-1811", "status: &state draft\n");
    assert_eq!(
        refusal(&project, &anchored, &[]),
        "refused sops/refused.yaml: `status` has an anchor, an alias or a tag (`&name`, `*name`, `!tag`): write its value itself, `status: ...`\n"
    );
    let tagged = simple("CS-1812", "approved_by: !!str Sam Lee, Head\n");
    assert!(
        refusal(&project, &tagged, &[]).contains("`approved_by` has an anchor, an alias or a tag")
    );

    // A list is a `schema` error too; with that rule off, approve still refuses it.
    let lenient = TempProject::new("[rules]\nschema = \"off\"\n");
    let listed = simple("CS-1813", "approved_by: [Sam Lee, Head]\n");
    assert_eq!(
        refusal(&lenient, &listed, &[]),
        "refused sops/refused.yaml: `approved_by` is a list: write it as one line of text, `approved_by: ...`, or remove it\n"
    );
    let mapped = simple("CS-1814", "fingerprint:\n  sha256: abc\n");
    assert!(refusal(&lenient, &mapped, &[]).contains("`fingerprint` is a mapping"));
}

#[test]
fn an_approval_that_would_break_the_date_order_is_refused() {
    let project = project();
    let early = simple("CS-1815", "effective: 2026-11-01\n");
    assert_eq!(
        refusal(&project, &early, &["--on", "2026-11-10"]),
        "refused sops/refused.yaml: `effective` (2026-11-01) is before the approval date 2026-11-10: an SOP takes effect once approved; set `effective` to 2026-11-10 or later\n"
    );
    let review = simple("CS-1816", "effective: 2026-12-01\nreview_by: 2026-11-30\n");
    assert_eq!(
        refusal(&project, &review, &[]),
        "refused sops/refused.yaml: `review_by` (2026-11-30) is before `effective` (2026-12-01): set `review_by` to `effective` or later\n"
    );
    // The same day is in order.
    project.write(
        "sops/same.yaml",
        simple("CS-1817", "effective: 2026-11-10\n"),
    );
    assert_status(
        &approve(
            &project,
            &["sops/same.yaml", "--by", BY, "--on", "2026-11-10"],
        ),
        0,
    );
}

#[test]
fn an_approval_dated_after_today_cannot_run() {
    let project = project();
    let text = simple("CS-1818", "");
    project.write("sops/a.yaml", &text);
    let output = approve(&project, &["sops/a.yaml", "--by", BY, "--on", "2026-11-23"]);
    assert_status(&output, 2);
    assert_eq!(
        stderr(&output),
        "error: --on: the approval date 2026-11-23 is after today (2026-11-22): an approval cannot be dated in the future\n"
    );
    assert_eq!(read(&project, "sops/a.yaml"), text);
}

#[test]
fn glossaries_retired_sops_and_files_that_are_not_sops_are_refused() {
    let project = project();
    let retired = simple("CS-1819", "status: retired\n");
    assert_eq!(
        refusal(&project, &retired, &[]),
        "refused sops/refused.yaml: the SOP is retired: an obsolete revision is not approved again; to bring it back, set `status: in-review`, then approve it\n"
    );
    let list = "- id: CS-1820\n";
    assert!(refusal(&project, list, &[]).starts_with("error[schema]: "));

    let glossary = "CSAT: Customer satisfaction score\n";
    project.write("sops/glossary.yaml", glossary);
    let output = approve(&project, &["sops/glossary.yaml", "--by", BY]);
    assert_status(&output, 1);
    assert_eq!(
        stderr(&output),
        "refused sops/glossary.yaml: a glossary, not an SOP: there is nothing to approve\n"
    );
    assert_eq!(read(&project, "sops/glossary.yaml"), glossary);
}

#[test]
fn files_are_independent_and_a_missing_one_stops_the_run() {
    let project = project();
    let bad = simple("CS-1821", "status: retired\n");
    project.write("sops/a.yaml", simple("CS-1822", ""));
    project.write("sops/b.yaml", &bad);
    let output = approve(&project, &["sops/a.yaml", "sops/b.yaml", "--by", BY]);
    assert_status(&output, 1);
    let said = stderr(&output);
    assert!(
        said.starts_with("approved CS-1822 (sops/a.yaml): sha256:"),
        "{said}"
    );
    assert!(
        said.contains("\nrefused sops/b.yaml: the SOP is retired"),
        "{said}"
    );
    assert!(read(&project, "sops/a.yaml").contains("status: approved"));
    assert_eq!(read(&project, "sops/b.yaml"), bad);

    let fresh = simple("CS-1823", "");
    project.write("sops/c.yaml", &fresh);
    let output = approve(&project, &["sops/c.yaml", "sops/missing.yaml", "--by", BY]);
    assert_status(&output, 2);
    assert_eq!(
        stderr(&output),
        "error: sops/missing.yaml: no such file or folder\n"
    );
    assert_eq!(read(&project, "sops/c.yaml"), fresh);

    let output = approve(&project, &["sops", "--by", BY]);
    assert_status(&output, 2);
    assert!(stderr(&output).starts_with("error: sops: a folder: give the SOP files"));
}

#[cfg(unix)]
#[test]
fn a_link_is_written_through_and_permissions_are_kept() {
    use std::os::unix::fs::{PermissionsExt, symlink};

    let project = project();
    let target = project.write("sops/real.yaml", simple("CS-1824", ""));
    fs::set_permissions(&target, fs::Permissions::from_mode(0o640)).unwrap();
    symlink("real.yaml", project.path("sops/link.yaml")).unwrap();

    assert_status(&approve(&project, &["sops/link.yaml", "--by", BY]), 0);

    let link = fs::symlink_metadata(project.path("sops/link.yaml")).unwrap();
    assert!(link.file_type().is_symlink());
    assert!(read(&project, "sops/real.yaml").contains("status: approved"));
    let mode = fs::metadata(&target).unwrap().permissions().mode();
    assert_eq!(mode & 0o777, 0o640);
    assert_eq!(project.names("sops"), ["link.yaml", "real.yaml"]);
}

#[cfg(unix)]
#[test]
fn a_link_out_of_the_project_is_refused_and_its_target_left_alone() {
    let outside = project();
    let text = simple("CS-1825", "");
    let target = outside.write("a.yaml", &text);
    let project = project();
    fs::create_dir_all(project.path("sops")).unwrap();
    std::os::unix::fs::symlink(&target, project.path("sops/out.yaml")).unwrap();

    let output = approve(&project, &["sops/out.yaml", "--by", BY]);
    assert_status(&output, 1);
    assert_eq!(
        stderr(&output),
        "refused sops/out.yaml: a symbolic link that points outside the project; it was not read\n"
    );
    assert_eq!(fs::read_to_string(&target).unwrap(), text);
}
