//! `sop calendar`: the review calendar read back by an independent parser
//! (Python's `icalendar`), its lines as RFC 5545 wants them, UIDs that do
//! not depend on the machine or folder, and `--out`.

use crate::common;

use std::process::{Command, Stdio};

use common::{TempProject, sop, sop_yaml, stderr, stdout, tool_available};
use serde_json::{Value, json};

const TRICKY_TITLE: &str = "Commas, semicolons; a back\\slash\nand a second line";

fn long_title() -> String {
    "顧客からの苦情を受け付けて記録する手順 — été, naïve, Ελληνικά 😀 ".repeat(4)
}

/// A project whose SOPs have titles and owners that need escaping and
/// folding, in a subfolder, and two SOPs that get no event.
fn project() -> TempProject {
    let project = TempProject::new("");
    let quoted = |text: &str| serde_json::to_string(text).unwrap();
    project.write(
        "sops/team/tricky.yaml",
        sop_yaml(
            "CS-1870",
            &quoted(TRICKY_TITLE),
            "owner: \"Lee; Quality, Audit \\\\ Risk\"\nreview_by: 2027-03-31\n",
            &["do: One."],
        ),
    );
    project.write(
        "sops/long.yaml",
        sop_yaml(
            "CS-1871",
            &quoted(&long_title()),
            "owner: Responsable qualité\nreview_by: 2027-01-15\nstatus: approved\n",
            &["do: One."],
        ),
    );
    project.write(
        "sops/no-owner.yaml",
        sop_yaml(
            "CS-1872",
            "Unowned",
            "review_by: 2028-02-29\n",
            &["do: One."],
        ),
    );
    project.write(
        "sops/retired.yaml",
        sop_yaml(
            "CS-1873",
            "Retired",
            "status: retired\nreview_by: 2027-01-01\n",
            &["do: One."],
        ),
    );
    project.write(
        "sops/unscheduled.yaml",
        sop_yaml("CS-1874", "Unscheduled", "", &["do: One."]),
    );
    project
}

/// The interpreter with the `icalendar` package: `SOP_PYTHON`, else `python3`.
fn python() -> Option<String> {
    let python = std::env::var("SOP_PYTHON").unwrap_or_else(|_| "python3".into());
    let mut probe = Command::new(&python);
    probe.args(["-c", "import icalendar"]);
    tool_available("Python's icalendar package (SOP_PYTHON)", &mut probe).then_some(python)
}

/// What `icalendar` reads from a calendar: its properties and its events.
const READ_BACK: &str = r#"
import json, sys, icalendar
calendar = icalendar.Calendar.from_ical(sys.stdin.buffer.read())
events = [
    {
        "uid": str(event["UID"]),
        "summary": str(event["SUMMARY"]),
        "description": str(event["DESCRIPTION"]),
        "start": event["DTSTART"].dt.isoformat(),
        "end": event["DTEND"].dt.isoformat(),
        "stamp": event["DTSTAMP"].dt.isoformat(),
    }
    for event in calendar.walk("VEVENT")
]
properties = {key: str(value) for key, value in calendar.items()}
print(json.dumps({"calendar": properties, "events": events}))
"#;

fn read_back(python: &str, ics: &[u8]) -> Value {
    let mut child = Command::new(python)
        .args(["-c", READ_BACK])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    std::io::Write::write_all(&mut child.stdin.take().unwrap(), ics).unwrap();
    let output = child.wait_with_output().unwrap();
    assert!(output.status.success(), "{}", stderr(&output));
    serde_json::from_slice(&output.stdout).unwrap()
}

#[test]
fn icalendar_reads_back_every_event_exactly() {
    let Some(python) = python() else {
        return;
    };
    let project = project();
    let output = sop(&project.root, &["calendar"]);
    assert!(output.status.success(), "{}", stderr(&output));
    let event = |id: &str, title: &str, owner: &str, file: &str, days: [&str; 2]| {
        json!({
            "uid": format!("sop-review-{id}@sop"),
            "summary": format!("Review {id} {title}"),
            "description": format!("Owner: {owner}\nFile: {file}"),
            "start": days[0],
            "end": days[1],
            "stamp": "2026-11-22T00:00:00+00:00",
        })
    };
    let expected = json!({
        "calendar": {
            "VERSION": "2.0",
            "PRODID": "-//sop//SOP review calendar//EN",
            "CALSCALE": "GREGORIAN",
            "METHOD": "PUBLISH",
        },
        "events": [
            event("CS-1871", &long_title(), "Responsable qualité", "sops/long.yaml",
                ["2027-01-15", "2027-01-16"]),
            event("CS-1870", TRICKY_TITLE, "Lee; Quality, Audit \\ Risk",
                "sops/team/tricky.yaml", ["2027-03-31", "2027-04-01"]),
            event("CS-1872", "Unowned", "not set", "sops/no-owner.yaml",
                ["2028-02-29", "2028-03-01"]),
        ],
    });
    assert_eq!(read_back(&python, &output.stdout), expected);
}

#[test]
fn lines_end_in_crlf_and_fold_at_75_octets() {
    let project = project();
    let output = sop(&project.root, &["calendar"]);
    let text = stdout(&output);
    assert!(text.ends_with("END:VCALENDAR\r\n"));
    let lines: Vec<&str> = text.trim_end_matches("\r\n").split("\r\n").collect();
    for line in &lines {
        assert!(!line.contains('\n') && !line.contains('\r'), "{line:?}");
        assert!(line.len() <= 75, "{} octets: {line}", line.len());
    }
    assert!(
        lines.iter().filter(|line| line.starts_with(' ')).count() >= 4,
        "the long title and description are folded"
    );
    let unfolded = text.replace("\r\n ", "");
    assert!(unfolded.contains(
        "SUMMARY:Review CS-1870 Commas\\, semicolons\\; a back\\\\slash\\nand a second line\r\n"
    ));
}

#[test]
fn uids_and_paths_are_the_same_from_any_folder_and_machine() {
    let first = project();
    let second = project();
    assert_ne!(first.root, second.root);
    let from_root = sop(&first.root, &["calendar"]);
    let from_subfolder = sop(&second.path("sops/team"), &["calendar", ".."]);
    assert!(
        from_subfolder.status.success(),
        "{}",
        stderr(&from_subfolder)
    );
    assert_eq!(stdout(&from_root), stdout(&from_subfolder));
    assert!(stdout(&from_root).contains("UID:sop-review-CS-1870@sop\r\n"));
}

#[test]
fn out_replaces_the_file_whole() {
    let project = project();
    let stdout_calendar = sop(&project.root, &["calendar"]).stdout;
    let written = sop(&project.root, &["calendar", "--out", "reviews.ics"]);
    assert!(written.status.success(), "{}", stderr(&written));
    assert!(written.stdout.is_empty());
    assert_eq!(stderr(&written), "Wrote 3 review dates to reviews.ics.\n");
    assert_eq!(
        std::fs::read(project.path("reviews.ics")).unwrap(),
        stdout_calendar
    );

    project.write(
        "sops/no-owner.yaml",
        sop_yaml(
            "CS-1872",
            "Unowned",
            "review_by: 2029-01-31\n",
            &["do: One."],
        ),
    );
    let moved = sop(
        &project.root,
        &["calendar", "--out", "reviews.ics", "--today", "2027-01-02"],
    );
    assert!(moved.status.success(), "{}", stderr(&moved));
    let text = std::fs::read_to_string(project.path("reviews.ics")).unwrap();
    assert!(text.contains("DTSTART;VALUE=DATE:20290131\r\n"));
    assert!(text.contains("DTSTAMP:20270102T000000Z\r\n"));
    assert!(!text.contains("20280229"));
    let names = project.names("");
    assert_eq!(
        names,
        ["reviews.ics", "sop.toml", "sops"],
        "nothing beside it"
    );
}

#[test]
fn sops_without_an_event_they_should_have_fail_the_run() {
    let project = project();
    project.write(
        "sops/bad-date.yaml",
        sop_yaml(
            "CS-1875",
            "Bad date",
            "review_by: next spring\n",
            &["do: One."],
        ),
    );
    project.write("sops/broken.yaml", "id: CS-1876\ntitle: [unclosed\n");
    let output = sop(&project.root, &["calendar"]);
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(stdout(&output).matches("BEGIN:VEVENT").count(), 3);
    assert_eq!(
        stderr(&output),
        "left out sops/bad-date.yaml: `review_by: next spring` is not a date YYYY-MM-DD (see `sop lint`)\n\
         skipped sops/broken.yaml: not a readable SOP (see `sop lint`)\n"
    );
}
