//! `sop lint --write-baseline` and `--baseline` through the binary: what a
//! team adopting sop on existing SOPs sees across the edits that follow.

use crate::common;

use common::{TempProject, findings, sop, stderr, stdout};

/// A callback SOP with an undefined acronym (`CRM`), an unknown role and a
/// `next` that names no step.
const CALLBACK: &str = "\
id: CS-2230
title: Calling back after a dropped call
department: Customer Service
purpose: >
  A customer whose call dropped is called back within five minutes.
roles:
  rep: Contact centre representative
instructions:
  - do: Find the dropped call in the CRM call log.
    role: rep
  - do: Call the customer back on the number they called from.
    role: agent
  - id: record
    do: Note the callback on the customer's case.
    role: rep
    next: log-callback
";

fn project() -> TempProject {
    let project = TempProject::new("sops = \"sops\"\n");
    project.write("sops/CS-2230-dropped-call.yaml", CALLBACK);
    project
}

fn edit(project: &TempProject, from: &str, to: &str) {
    let path = project.path("sops/CS-2230-dropped-call.yaml");
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains(from), "{from}");
    std::fs::write(&path, text.replacen(from, to, 1)).unwrap();
}

fn write_baseline(project: &TempProject) -> std::process::Output {
    let output = sop(
        &project.root,
        &["lint", "--write-baseline", "sop-baseline.json"],
    );
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    output
}

fn lint_json(project: &TempProject) -> std::process::Output {
    sop(
        &project.root,
        &[
            "lint",
            "--baseline",
            "sop-baseline.json",
            "--format",
            "json",
        ],
    )
}

#[test]
fn recording_exits_0_shows_no_finding_and_counts_them() {
    let project = project();
    let output = write_baseline(&project);
    assert_eq!(stdout(&output), "");
    assert_eq!(
        stderr(&output),
        "Recorded 3 findings in 1 file in sop-baseline.json.\n"
    );
    let baseline = std::fs::read_to_string(project.path("sop-baseline.json")).unwrap();
    assert!(baseline.starts_with("{\n  \"version\": 1,\n"), "{baseline}");
    assert_eq!(
        baseline
            .matches("\"file\":\"sops/CS-2230-dropped-call.yaml\"")
            .count(),
        3
    );
}

#[test]
fn findings_survive_lines_inserted_above_them_and_edits_elsewhere() {
    let project = project();
    write_baseline(&project);
    edit(
        &project,
        "purpose: >\n",
        "scope: >\n  Calls to the customer service line only.\n  Not branch phones.\npurpose: >\n",
    );
    edit(&project, "Call the customer back", "Ring the customer back");
    let output = lint_json(&project);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(findings(&output), Vec::new());
    // Without the baseline the three are still there, two lines lower.
    let output = sop(&project.root, &["lint", "--format", "json"]);
    let lines: Vec<u64> = findings(&output).iter().map(|finding| finding.2).collect();
    assert_eq!(lines, [12, 15, 19]);
}

#[test]
fn a_new_finding_is_reported_and_fails_even_with_the_same_rule_and_subject() {
    let project = project();
    write_baseline(&project);
    // A second way to the same missing step: one more than recorded.
    edit(
        &project,
        "  - id: record\n",
        "  - id: reached\n    ask: Did you reach the customer?\n    role: rep\n    branches:\n      - when: \"yes\"\n        goto: record\n      - when: \"no\"\n        goto: log-callback\n  - id: record\n",
    );
    let output = lint_json(&project);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    let found = findings(&output);
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].1, "unknown-step");
    // Of two findings where one is recorded, the later in the file is shown.
    assert_eq!(found[0].2, 24);
    let human = sop(&project.root, &["lint", "--baseline", "sop-baseline.json"]);
    assert_eq!(
        stderr(&human),
        "Found 1 error in 1 file. Left out 3 findings recorded in sop-baseline.json.\n"
    );
}

#[test]
fn a_new_warning_fails_only_with_deny_warnings() {
    let project = project();
    write_baseline(&project);
    edit(
        &project,
        "    role: rep\n  - do: Call",
        "    role: supervisor\n  - do: Call",
    );
    let args = ["lint", "--baseline", "sop-baseline.json"];
    assert_eq!(sop(&project.root, &args).status.code(), Some(0));
    let denied = sop(&project.root, &[&args[..], &["--deny-warnings"]].concat());
    assert_eq!(denied.status.code(), Some(1), "{}", stdout(&denied));
    assert!(stdout(&denied).contains("warning[unknown-role]: the role `supervisor`"));
}

#[test]
fn a_fixed_finding_is_stale_and_writing_again_drops_it() {
    let project = project();
    write_baseline(&project);
    edit(&project, "    next: log-callback\n", "");
    let output = sop(&project.root, &["lint", "--baseline", "sop-baseline.json"]);
    assert_eq!(output.status.code(), Some(0));
    assert!(
        stderr(&output).ends_with(
            "Left out 2 findings recorded in sop-baseline.json. 1 finding recorded there is no longer found: `sop lint --write-baseline sop-baseline.json` drops it.\n"
        ),
        "{}",
        stderr(&output)
    );
    let output = write_baseline(&project);
    assert_eq!(
        stderr(&output),
        "no longer found: sops/CS-2230-dropped-call.yaml:16: unknown-step: `next: log-callback` names no step of this SOP\n\
         Recorded 2 findings in 1 file in sop-baseline.json: 0 added, 1 dropped (no longer found).\n"
    );
    let baseline = std::fs::read_to_string(project.path("sop-baseline.json")).unwrap();
    assert!(!baseline.contains("unknown-step"), "{baseline}");
}

#[test]
fn every_format_leaves_out_the_same_findings() {
    let project = project();
    write_baseline(&project);
    edit(&project, "next: log-callback", "next: nowhere");
    let args = ["lint", "--baseline", "sop-baseline.json", "--format"];
    let json = sop(&project.root, &[&args[..], &["json"]].concat());
    assert_eq!(findings(&json).len(), 1);
    let sarif = sop(&project.root, &[&args[..], &["sarif"]].concat());
    let sarif: serde_json::Value = serde_json::from_slice(&sarif.stdout).unwrap();
    let results = sarif["runs"][0]["results"].as_array().unwrap();
    assert_eq!(results.len(), 1);
    assert_eq!(results[0]["ruleId"], "unknown-step");
    let github = sop(&project.root, &[&args[..], &["github"]].concat());
    assert_eq!(stdout(&github).lines().count(), 1, "{}", stdout(&github));
    assert!(stdout(&github).contains("nowhere"));
    for output in [json, github] {
        assert_eq!(output.status.code(), Some(1));
    }
}

#[test]
fn a_baseline_written_at_the_root_matches_from_a_subfolder() {
    let project = project();
    write_baseline(&project);
    let output = sop(
        &project.path("sops"),
        &[
            "lint",
            "--baseline",
            "../sop-baseline.json",
            "CS-2230-dropped-call.yaml",
            "--format",
            "json",
        ],
    );
    assert_eq!(output.status.code(), Some(0), "{}", stdout(&output));
    assert_eq!(findings(&output), Vec::new());
    // And by an absolute path, from outside the project.
    let file = project.path("sops/CS-2230-dropped-call.yaml");
    let baseline = project.path("sop-baseline.json");
    let output = sop(
        &std::env::temp_dir(),
        &[
            "lint",
            "--baseline",
            baseline.to_str().unwrap(),
            file.to_str().unwrap(),
        ],
    );
    assert_eq!(output.status.code(), Some(0), "{}", stdout(&output));
}

#[test]
fn writing_for_some_files_or_rules_keeps_the_entries_of_the_others() {
    let project = project();
    project.write(
        "sops/CS-2231-queue.yaml",
        common::sop_text("CS-2231", "", &["do: Check the IVR queue."]),
    );
    write_baseline(&project);
    let output = sop(
        &project.root,
        &[
            "lint",
            "sops/CS-2231-queue.yaml",
            "--select",
            "unknown-role",
            "--write-baseline",
            "sop-baseline.json",
        ],
    );
    assert_eq!(
        stderr(&output),
        "Recorded 4 findings in 2 files in sop-baseline.json: 0 added, 0 dropped (no longer found), 4 kept (of files or rules this run did not check).\n"
    );
    // A file that is gone takes its entries with it.
    std::fs::remove_file(project.path("sops/CS-2230-dropped-call.yaml")).unwrap();
    let output = sop(
        &project.root,
        &[
            "lint",
            "--baseline",
            "sop-baseline.json",
            "sops/CS-2231-queue.yaml",
        ],
    );
    assert!(
        stderr(&output).contains("3 findings recorded there are no longer found"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn a_broken_baseline_stops_the_run_with_its_position() {
    let project = project();
    project.write("sop-baseline.json", "{\"version\": 1, \"entries\": [\n");
    let output = lint_json(&project);
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(stdout(&output), "");
    assert!(
        stderr(&output).starts_with(
            "error: sop-baseline.json:2:0: not a baseline of `sop lint`: EOF while parsing a list"
        ),
        "{}",
        stderr(&output)
    );
    std::fs::create_dir(project.path("folder.json")).unwrap();
    let output = sop(&project.root, &["lint", "--baseline", "folder.json"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).starts_with("error: cannot read the baseline folder.json: "));
}

#[test]
fn ignoring_the_load_rules_leaves_the_other_files_checked() {
    let project = project();
    project.write("sops/CS-2232-broken.yaml", "id: CS-2232\n  title: x\n");
    #[cfg(unix)]
    std::os::unix::fs::symlink("/nonexistent-target", project.path("sops/CS-2233.yaml")).unwrap();
    let output = sop(
        &project.root,
        &[
            "lint",
            "--ignore",
            "yaml-syntax,unreadable-file",
            "--format",
            "json",
        ],
    );
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    let rules: Vec<String> = common::rules(&output);
    assert_eq!(rules, ["undefined-acronym", "unknown-role", "unknown-step"]);
    // The same run can be recorded and matched.
    let output = sop(
        &project.root,
        &[
            "lint",
            "--ignore",
            "yaml-syntax,unreadable-file",
            "--write-baseline",
            "b.json",
        ],
    );
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let output = sop(
        &project.root,
        &[
            "lint",
            "--ignore",
            "yaml-syntax,unreadable-file",
            "--baseline",
            "b.json",
        ],
    );
    assert_eq!(output.status.code(), Some(0), "{}", stdout(&output));
}

#[test]
fn a_file_past_the_cap_is_recorded_with_its_summary_finding() {
    let project = TempProject::new("sops = \"sops\"\n[limits]\nfindings-per-file = 1\n");
    project.write("sops/CS-2230-dropped-call.yaml", CALLBACK);
    let output = sop(&project.root, &["lint", "--format", "json"]);
    assert_eq!(
        common::rules(&output),
        ["undefined-acronym", "limit-exceeded"]
    );
    // The summary stands for findings of the rules that ran, selected or not.
    let output = sop(
        &project.root,
        &[
            "lint",
            "--select",
            "unknown-role,unknown-step",
            "--format",
            "json",
        ],
    );
    assert_eq!(common::rules(&output), ["unknown-role", "limit-exceeded"]);
    write_baseline(&project);
    // A new finding past the cap is inside the summary: not seen yet.
    edit(
        &project,
        "    role: rep\n    next",
        "    role: supervisor\n    next",
    );
    let output = lint_json(&project);
    assert_eq!(findings(&output), Vec::new());
    // One before the cap is.
    edit(
        &project,
        "title: Calling back",
        "title: Calling back (ASAP)",
    );
    let output = lint_json(&project);
    let found = findings(&output);
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(found[0].4.contains("`ASAP`"), "{found:?}");
    // The summary comes with `limit-exceeded` ignored too: recorded once.
    let args = [
        "lint",
        "--ignore",
        "limit-exceeded",
        "--write-baseline",
        "sop-baseline.json",
    ];
    for _ in 0..2 {
        assert_eq!(sop(&project.root, &args).status.code(), Some(0));
    }
    let baseline = std::fs::read_to_string(project.path("sop-baseline.json")).unwrap();
    assert!(
        baseline.contains(r#""rule":"limit-exceeded","subject":"","count":1,"#),
        "{baseline}"
    );
}

#[test]
fn an_overdue_review_stays_recorded_while_the_days_pass() {
    let project = TempProject::new("sops = \"sops\"\n");
    project.write(
        "sops/CS-2234-refund.yaml",
        common::sop_text(
            "CS-2234",
            "review_by: 2026-10-01\n",
            &["do: Refund the fee."],
        ),
    );
    let output = sop(
        &project.root,
        &[
            "lint",
            "--today",
            "2026-11-22",
            "--write-baseline",
            "b.json",
        ],
    );
    assert_eq!(stderr(&output), "Recorded 1 finding in 1 file in b.json.\n");
    let later = [
        "lint",
        "--today",
        "2027-03-01",
        "--baseline",
        "b.json",
        "--format",
        "json",
    ];
    let output = sop(&project.root, &later);
    assert_eq!(findings(&output), Vec::new());
    let output = sop(
        &project.root,
        &["lint", "--today", "2027-03-01", "--format", "json"],
    );
    assert_eq!(common::rules(&output), ["review-overdue"]);
}
