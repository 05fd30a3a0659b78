//! `sop diff`: two revisions of an SOP compared step by step, in each
//! format; folders; the working tree against a git commit; and the
//! revision of a file that had a given version.

use crate::common;

use common::{TempProject, git, git_here, sop, sop_yaml, stderr, stdout};
use sop::diff::{self, Change, Status};
use sop::model::Sop;

const SAMPLE: &str = "sops/customer-service/CS-030-voicemail-response.yaml";

/// The sample as committed: revision 1.4.
fn old_text() -> String {
    std::fs::read_to_string(common::repo_file(SAMPLE)).unwrap()
}

/// Replaces `from` (which must be there) by `to`.
fn edit(text: &str, from: &str, to: &str) -> String {
    assert!(text.contains(from), "{from:?} is not in the text");
    text.replacen(from, to, 1)
}

/// Revision 1.5 of the sample: the `callback` step reworded, a step added
/// after `listen`, `handle` moved up after `answered`, `written` handed to
/// the team leader, `OOH` redefined, a metric target raised, the team
/// leader redescribed.
fn new_text() -> String {
    let text = old_text();
    let text = edit(&text, "version: \"1.4\"", "version: \"1.5\"");
    let text = edit(
        &text,
        "giving your name, the bank's name and the reason you are calling.",
        "giving your name, the bank's name, the reason you are calling and the day they called.",
    );
    let text = edit(
        &text,
        "  - id: identifiable\n",
        "  - id: check-number\n    do: Check the number against the customer record in the CRM.\n    role: rep\n  - id: identifiable\n",
    );
    let handle = "  - id: handle\n    do: Handle the call as if it were an inbound call, starting with the security check.\n    role: rep\n    call: CS-001\n";
    let text = edit(&text, handle, "");
    let text = edit(
        &text,
        "  - id: attempts\n",
        &format!("{handle}  - id: attempts\n"),
    );
    let text = edit(
        &text,
        "asking them to call us at a time that suits them.\n    role: rep",
        "asking them to call us at a time that suits them.\n    role: team-leader",
    );
    let text = edit(
        &text,
        "OOH: Out of hours, when the contact centre is closed",
        "OOH: Out of hours, when the contact centre and the branches are closed",
    );
    let text = edit(&text, "target: \"95%\"", "target: \"98%\"");
    edit(
        &text,
        "team-leader: Team leader who checks the age of the queue at the end of each shift",
        "team-leader: Team leader who checks the age of the queue and sends the written follow-ups",
    )
}

fn model(text: &str) -> Sop {
    Sop::from_node(&sop::yaml::parse(text).unwrap().unwrap()).unwrap()
}

/// A step change as (word, old position, new position, id, fields changed).
type StepLine = (&'static str, Option<usize>, Option<usize>, String, String);

fn step_lines(diff: &diff::SopDiff) -> Vec<StepLine> {
    diff.steps
        .iter()
        .map(|step| {
            let view = step.new.as_ref().or(step.old.as_ref()).unwrap();
            (
                diff::render::step_word(step),
                step.old.as_ref().map(|view| view.position),
                step.new.as_ref().map(|view| view.position),
                view.id.clone().unwrap_or_default(),
                step.changed.join(","),
            )
        })
        .collect()
}

#[test]
fn two_revisions_give_each_change_and_the_roles_affected() {
    let diff = diff::compare(&model(&old_text()), &model(&new_text()));
    assert_eq!(
        step_lines(&diff),
        [
            ("added", None, Some(3), "check-number".into(), "".into()),
            ("reworded", Some(5), Some(6), "callback".into(), "do".into()),
            ("moved", Some(10), Some(8), "handle".into(), "".into()),
            (
                "reworded",
                Some(9),
                Some(11),
                "written".into(),
                "role".into()
            ),
        ]
    );
    let fields: Vec<_> = diff
        .fields
        .iter()
        .map(|field| (field.field, field.old.as_deref(), field.new.as_deref()))
        .collect();
    assert_eq!(fields, [("version", Some("1.4"), Some("1.5"))]);
    let keys = |entries: &[diff::EntryChange]| -> Vec<(Change, String)> {
        entries
            .iter()
            .map(|entry| (entry.change, entry.key.clone()))
            .collect()
    };
    assert_eq!(keys(&diff.terms), [(Change::Changed, "OOH".into())]);
    assert_eq!(keys(&diff.roles), [(Change::Changed, "team-leader".into())]);
    let metrics: Vec<_> = diff
        .metrics
        .iter()
        .map(|metric| (metric.change, metric.name.as_str(), metric.changed.clone()))
        .collect();
    assert_eq!(
        metrics,
        [(Change::Changed, "Messages returned on time", vec!["target"])]
    );
    assert_eq!(
        diff.metrics[0].new.as_ref().unwrap().target.as_deref(),
        Some("98%")
    );
    assert_eq!(diff.affected_roles(), ["rep", "team-leader"]);
    // The team leader: the step handed over, its own entry, and what every
    // reader must know.
    let leader = diff.for_role("team-leader");
    assert_eq!(
        step_lines(&leader),
        [(
            "reworded",
            Some(9),
            Some(11),
            "written".into(),
            "role".into()
        )]
    );
    assert_eq!(
        keys(&leader.roles),
        [(Change::Changed, "team-leader".into())]
    );
    assert_eq!(leader.terms, diff.terms);
    assert_eq!(leader.metrics, diff.metrics);
    assert_eq!(diff.for_role("rep").steps.len(), 4);
    assert!(diff.for_role("rep").roles.is_empty());
    assert!(diff::compare(&model(&old_text()), &model(&old_text())).is_empty());
}

/// The sample's two revisions as `old.yaml` and `new.yaml` of a project.
fn two_revisions() -> TempProject {
    let project = TempProject::new("");
    project.write("old.yaml", old_text());
    project.write("new.yaml", new_text());
    project
}

#[test]
fn the_report_in_each_format() {
    let project = two_revisions();
    for (format, name) in [
        ("human", "CS-030.txt"),
        ("markdown", "CS-030.md"),
        ("json", "CS-030.json"),
    ] {
        let output = sop(
            &project.root,
            &["diff", "old.yaml", "new.yaml", "--format", format],
        );
        assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
        insta::assert_snapshot!(name, stdout(&output));
    }
    let output = sop(
        &project.root,
        &["diff", "old.yaml", "new.yaml", "--format", "json"],
    );
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(
        json["sops"][0]["affected_roles"],
        serde_json::json!(["rep", "team-leader"])
    );
}

#[test]
fn sop_text_is_escaped_for_the_terminal_and_for_markdown() {
    let project = TempProject::new("");
    let step = |text: &str| format!("id: one\n    do: {text}");
    project.write(
        "a.yaml",
        sop_yaml("CS-2000", "Escapes", "", &[&step("Open the queue.")]),
    );
    project.write(
        "b.yaml",
        sop_yaml(
            "CS-2000",
            "Escapes",
            "",
            &[&step("\"Open the \\e[2J queue.\"")],
        ),
    );
    let output = sop(&project.root, &["diff", "a.yaml", "b.yaml"]);
    let printed = stdout(&output);
    assert!(
        printed.contains("now: Open the \\u{1b}[2J queue."),
        "{printed}"
    );
    assert!(!printed.contains('\u{1b}'));
    project.write(
        "c.yaml",
        sop_yaml(
            "CS-2000",
            "Escapes",
            "",
            &[&step("\"# Open *the* [queue](javascript:x)\"")],
        ),
    );
    let output = sop(
        &project.root,
        &["diff", "a.yaml", "c.yaml", "--format", "markdown"],
    );
    let printed = stdout(&output);
    assert!(
        printed.contains("  - now: \\# Open \\*the\\* \\[queue\\](javascript:x)\n"),
        "{printed}"
    );
}

#[test]
fn folders_pair_sops_by_id_and_list_the_added_removed_and_unreadable() {
    let project = TempProject::new("");
    let steps = ["do: Open the queue.", "do: Close the ticket."];
    project.write("old/a.yaml", sop_yaml("CS-2001", "Kept", "", &steps));
    project.write("old/b.yaml", sop_yaml("CS-2002", "Dropped", "", &steps));
    project.write("old/same.yaml", sop_yaml("CS-2004", "Same", "", &steps));
    // Renamed and reworded: still the same SOP, by its id.
    project.write(
        "new/kept-renamed.yaml",
        sop_yaml(
            "CS-2001",
            "Kept",
            "",
            &[
                "do: Open the queue.",
                "do: Close the ticket and thank the caller.",
            ],
        ),
    );
    project.write("new/c.yaml", sop_yaml("CS-2003", "Added", "", &steps));
    project.write("new/same.yaml", sop_yaml("CS-2004", "Same", "", &steps));
    project.write("new/broken.yaml", "id: [CS-2005\n");
    let output = sop(&project.root, &["diff", "old", "new", "--format", "json"]);
    // A file left out makes the report incomplete: exit 1.
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let sops: Vec<(String, String)> = json["sops"]
        .as_array()
        .unwrap()
        .iter()
        .map(|entry| {
            (
                entry["id"].as_str().unwrap().to_string(),
                entry["status"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    let expected = [
        ("CS-2001", "changed"),
        ("CS-2002", "removed"),
        ("CS-2003", "added"),
        ("CS-2004", "unchanged"),
    ];
    assert_eq!(
        sops,
        expected.map(|(id, status)| (id.to_string(), status.to_string()))
    );
    assert_eq!(json["sops"][0]["old_path"], "old/a.yaml");
    assert_eq!(json["sops"][0]["new_path"], "new/kept-renamed.yaml");
    assert_eq!(
        json["sops"][0]["steps"][0]["fields"],
        serde_json::json!(["do"])
    );
    assert_eq!(json["unreadable"][0]["side"], "new");
    assert_eq!(json["unreadable"][0]["path"], "new/broken.yaml");
    let human = stdout(&sop(&project.root, &["diff", "old", "new"]));
    assert!(
        human.contains("CS-2002 Dropped: removed\n  old/b.yaml\n"),
        "{human}"
    );
    assert!(human.contains("unchanged: CS-2004\n"), "{human}");
    assert!(human.contains("  new new/broken.yaml: "), "{human}");
}

/// A repository with the sample at revision 1.4 committed.
fn repository() -> TempProject {
    let project = TempProject::new("");
    git(
        &project.root,
        &["-c", "init.defaultBranch=main", "init", "-q"],
    );
    project.write("sops/CS-030.yaml", old_text());
    git(&project.root, &["add", "-A"]);
    git(&project.root, &["commit", "-q", "-m", "1.4"]);
    project
}

#[test]
fn the_working_tree_against_a_commit_follows_renamed_files_by_id() {
    if !git_here() {
        return;
    }
    let project = repository();
    std::fs::remove_file(project.path("sops/CS-030.yaml")).unwrap();
    project.write("sops/voicemail.yaml", new_text());
    let output = sop(
        &project.root,
        &["diff", "--git", "main", "--format", "json"],
    );
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let entry = &json["sops"][0];
    assert_eq!(json["sops"].as_array().unwrap().len(), 1);
    assert_eq!(entry["status"], "changed");
    assert_eq!(entry["old_path"], "main:sops/CS-030.yaml");
    assert_eq!(entry["new_path"], "sops/voicemail.yaml");
    assert_eq!(
        entry["affected_roles"],
        serde_json::json!(["rep", "team-leader"])
    );
    // The same from a folder below, with a path.
    let output = sop(&project.path("sops"), &["diff", "--git", "HEAD", "."]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(
        stdout(&output).contains("  HEAD:sops/CS-030.yaml -> voicemail.yaml\n"),
        "{}",
        stdout(&output)
    );
}

#[test]
fn diff_git_cannot_run_without_a_commit_or_a_repository() {
    if !git_here() {
        return;
    }
    let project = repository();
    let output = sop(&project.root, &["diff", "--git", "no-such-branch"]);
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(
        stderr(&output),
        "error: `no-such-branch` is not a commit of the repository\n"
    );
    // A revision is never read as an option.
    let output = sop(&project.root, &["diff", "--git=--output=x"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(!project.path("x").exists());
    let outside = TempProject::new("");
    outside.write("sops/a.yaml", old_text());
    let output = common::sop_command(&outside.root, &["diff", "--git", "HEAD"])
        .env("GIT_CEILING_DIRECTORIES", outside.root.parent().unwrap())
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).ends_with(": not in a git repository\n"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn the_revision_of_a_version_is_found_through_renames() {
    if !git_here() {
        return;
    }
    let project = repository();
    let first = git(&project.root, &["rev-parse", "HEAD"]);
    git(
        &project.root,
        &["mv", "sops/CS-030.yaml", "sops/voicemail.yaml"],
    );
    project.write("sops/voicemail.yaml", new_text());
    git(&project.root, &["commit", "-q", "-am", "1.5"]);
    let second = git(&project.root, &["rev-parse", "HEAD"]);
    let file = project.path("sops/voicemail.yaml");
    let found = diff::git::version_at(&file, "1.4").unwrap().unwrap();
    assert_eq!(found.commit, first);
    assert_eq!(found.path, "sops/CS-030.yaml");
    assert_eq!(found.text, old_text());
    let current = model(&new_text());
    assert_eq!(
        diff::compare(&found.sop, &current).affected_roles(),
        ["rep", "team-leader"]
    );
    let found = diff::git::version_at(&file, "1.5").unwrap().unwrap();
    assert_eq!(found.commit, second);
    assert!(diff::git::version_at(&file, "9.9").unwrap().is_none());
}

#[test]
fn sops_of_both_sides_pair_in_the_report() {
    let project = two_revisions();
    let load = |path: &str| {
        let loaded = common::load_from(&project.root, &[path]);
        diff::sides::from_project(&loaded)
    };
    let report = diff::sides::pair(load("old.yaml"), load("new.yaml"));
    assert_eq!(report.sops.len(), 1);
    let Status::Compared(diff) = &report.sops[0].status else {
        panic!("not compared: {:?}", report.sops[0].status);
    };
    assert_eq!(diff.affected_roles(), ["rep", "team-leader"]);
}
