//! `sop list`: the document register's filters and orders, its CSV and JSON
//! read back, the table within 80 columns, the fingerprint column, and a
//! file that cannot be read.

use crate::common;

use common::{TempProject, repo, sop, sop_yaml, stderr, stdout};
use serde_json::Value;
use sop::control::register::COLUMNS;
use unicode_width::UnicodeWidthStr;

/// A project of five SOPs that differ in each filtered field. Their files
/// are named against the order of their ids, so that sorting shows.
fn project() -> TempProject {
    let project = TempProject::new("");
    project.write(
        "sops/a.yaml",
        sop_yaml(
            "CS-1854",
            "Auditing complaints",
            "status: in-review\nowner: Quality Lead\nreview_by: 2027-06-01\nroles:\n  auditor: Internal auditor\n",
            &["do: Sample ten closed complaints."],
        ),
    );
    project.write(
        "sops/b.yaml",
        sop_yaml(
            "CS-1851",
            "Handling a complaint",
            "status: approved\nowner: Complaints Manager\nreview_by: 2026-12-01\n",
            &["do: Listen.\n    role: rep", "do: Resolve.\n    role: rep"],
        ),
    );
    project.write(
        "sops/c.yaml",
        sop_yaml(
            "CS-1853",
            "Old complaint form",
            "status: retired\nowner: Complaints Manager\nreview_by: 2026-11-30\n",
            &["do: Do not use."],
        ),
    );
    project.write(
        "sops/d.yaml",
        sop_yaml(
            "CS-1852",
            "Escalating a complaint",
            "owner: complaints manager\nreview_by: 2026-11-01\n",
            &["do: Escalate.\n    role: supervisor"],
        ),
    );
    project.write(
        "sops/e.yaml",
        "id: CS-1855\ntitle: Emptying the complaint box\ndepartment: Branch Banking\n\
         purpose: Read every note.\nstatus: approved\ninstructions:\n  - do: Open the box.\n    role: rep\n",
    );
    project
}

/// `sop list ARGS --format json` in the project: the rows.
fn rows(project: &TempProject, args: &[&str]) -> Vec<Value> {
    let mut all = vec!["list", "--format", "json"];
    all.extend(args);
    let output = sop(&project.root, &all);
    assert!(output.status.success(), "{}", stderr(&output));
    let json: Value = serde_json::from_slice(&output.stdout).unwrap();
    json.as_array().unwrap().clone()
}

fn ids(project: &TempProject, args: &[&str]) -> Vec<String> {
    rows(project, args)
        .iter()
        .map(|row| row["id"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn rows_are_sorted_by_id() {
    let project = project();
    assert_eq!(
        ids(&project, &[]),
        ["CS-1851", "CS-1852", "CS-1853", "CS-1854", "CS-1855"]
    );
}

#[test]
fn each_filter_keeps_its_sops_and_filters_combine() {
    let project = project();
    let cases: &[(&[&str], &[&str])] = &[
        (&["--department", "branch banking"], &["CS-1855"]),
        (&["--status", "draft"], &["CS-1852"]),
        (&["--status", "retired"], &["CS-1853"]),
        (&["--role", "rep"], &["CS-1851", "CS-1855"]),
        // A key of `roles` without a step counts too.
        (&["--role", "auditor"], &["CS-1854"]),
        (&["--role", "nobody"], &[]),
        (
            &["--owner", "COMPLAINTS MANAGER"],
            &["CS-1851", "CS-1852", "CS-1853"],
        ),
        (
            &["--role", "rep", "--status", "approved"],
            &["CS-1851", "CS-1855"],
        ),
        (
            &["--role", "rep", "--department", "customer service"],
            &["CS-1851"],
        ),
        (
            &["--owner", "complaints manager", "--status", "approved"],
            &["CS-1851"],
        ),
    ];
    for (args, expected) in cases {
        assert_eq!(ids(&project, args), *expected, "sop list {args:?}");
    }
}

#[test]
fn reviews_due_are_those_on_or_before_the_horizon_by_review_date() {
    let project = project();
    // Today is pinned to 2026-11-22: 30 days on is 2026-12-22. CS-1852 is
    // overdue, CS-1851 due; the retired CS-1853 is not reviewed any more.
    assert_eq!(
        ids(&project, &["--review-due-within", "30d"]),
        ["CS-1852", "CS-1851"]
    );
    assert_eq!(
        ids(&project, &["--review-due-within", "1y"]),
        ["CS-1852", "CS-1851", "CS-1854"]
    );
    // The horizon day itself is due; --today moves the horizon.
    let on_the_day = ["--review-due-within", "9d", "--today", "2026-11-22"];
    assert_eq!(ids(&project, &on_the_day), ["CS-1852", "CS-1851"]);
    let day_before = ["--review-due-within", "8d", "--today", "2026-11-22"];
    assert_eq!(ids(&project, &day_before), ["CS-1852"]);
    let later = ["--review-due-within", "30d", "--today", "2027-05-10"];
    assert_eq!(ids(&project, &later), ["CS-1852", "CS-1851", "CS-1854"]);
    assert_eq!(
        ids(
            &project,
            &["--review-due-within", "1y", "--role", "auditor"]
        ),
        ["CS-1854"]
    );
}

#[test]
fn json_rows_have_every_column_in_order_with_null_for_missing() {
    let project = project();
    let rows = rows(&project, &[]);
    for row in &rows {
        let keys: Vec<&str> = row
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect();
        assert_eq!(keys, COLUMNS);
    }
    let draft = &rows[1];
    assert_eq!(draft["id"], "CS-1852");
    assert_eq!(draft["title"], "Escalating a complaint");
    assert_eq!(draft["department"], "Customer Service");
    assert_eq!(draft["owner"], "complaints manager");
    assert_eq!(draft["status"], "draft", "no status is a draft");
    assert_eq!(draft["review_by"], "2026-11-01");
    assert_eq!(draft["steps"], 1);
    assert_eq!(draft["fingerprint"], "none");
    for missing in ["version", "approved_by", "approved_on", "effective"] {
        assert!(draft[missing].is_null(), "{missing}");
    }
    assert_eq!(rows[0]["steps"], 2);
}

#[test]
fn csv_reads_back_column_by_column_and_formulas_stay_text() {
    let project = project();
    let awkward = r#""=HYPERLINK(\"http://evil.example\", \"a, b\")""#;
    project.write(
        "sops/f.yaml",
        sop_yaml(
            "CS-1856",
            awkward,
            "version: \"-1\"\nowner: \"@owner\"\napproved_by: \"Ann \\\"Q\\\" Lee,\\nQuality\"\n\
             approved_on: 2026-10-01\neffective: 2026-10-02\n",
            &["do: One."],
        ),
    );
    let json = rows(&project, &[]);
    let output = sop(&project.root, &["list", "--format", "csv"]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(
        stdout(&output).contains("\r\n"),
        "RFC 4180 ends lines with CRLF"
    );
    let mut reader = csv::Reader::from_reader(output.stdout.as_slice());
    let header: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
    assert_eq!(header, COLUMNS);
    let records: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(records.len(), json.len());
    for (record, row) in records.iter().zip(&json) {
        for (column, cell) in COLUMNS.iter().zip(record) {
            let expected = match &row[*column] {
                Value::Null => String::new(),
                Value::String(text) if text.starts_with(['=', '+', '-', '@']) => {
                    format!("'{text}")
                }
                Value::String(text) => text.clone(),
                other => other.to_string(),
            };
            assert_eq!(cell, expected, "{column} of {}", row["id"]);
        }
    }
    let awkward_row = &records[5];
    assert_eq!(
        &awkward_row[1],
        "'=HYPERLINK(\"http://evil.example\", \"a, b\")"
    );
    assert_eq!(&awkward_row[3], "'@owner");
    assert_eq!(&awkward_row[5], "'-1");
    assert_eq!(&awkward_row[6], "Ann \"Q\" Lee,\nQuality");
}

/// Every line of the table at most 80 columns wide, by display width.
fn assert_fits(table: &str) {
    for line in table.lines() {
        assert!(line.width() <= 80, "{} columns: {line}", line.width());
    }
}

#[test]
fn the_table_fits_80_columns() {
    let bundled = sop(repo(), &["list", "sops"]);
    assert!(bundled.status.success(), "{}", stderr(&bundled));
    let table = stdout(&bundled);
    let sop_files = walkdir::WalkDir::new(repo().join("sops"))
        .into_iter()
        .filter_map(Result::ok)
        .filter(|entry| {
            let name = entry.file_name().to_string_lossy();
            name.ends_with(".yaml") && name != "glossary.yaml"
        })
        .count();
    assert_eq!(
        table.lines().count(),
        1 + sop_files,
        "a header and a row per SOP"
    );
    assert_fits(&table);

    let project = TempProject::new("");
    let long_title = "Handling a complaint ".repeat(15);
    assert_eq!(long_title.chars().count(), 315);
    project.write(
        "sops/long.yaml",
        sop_yaml(
            "CS-1857",
            &long_title,
            "version: \"12.4.7-rc.1\"\n",
            &["do: One."],
        ),
    );
    let wide = "顧客からの苦情を受け付けて記録し解決するまでの標準作業手順書".repeat(3);
    project.write(
        "sops/wide.yaml",
        sop_yaml(
            "CS-1858-顧客苦情対応手順-長い識別子",
            &wide,
            "status: in-review\nreview_by: 二〇二七年\n",
            &["do: 受付。"],
        ),
    );
    project.write(
        "sops/escape.yaml",
        sop_yaml("CS-1859", "\"Clear \\e[2J\"", "", &["do: One."]),
    );
    let output = sop(&project.root, &["list"]);
    assert!(output.status.success(), "{}", stderr(&output));
    let table = stdout(&output);
    assert_fits(&table);
    let lines: Vec<&str> = table.lines().collect();
    assert!(lines[0].starts_with("id "), "{table}");
    // Cut cells end in `…`, at a character: the id at 16 columns, the
    // title with what the other columns leave.
    assert!(lines[1].starts_with("CS-1857 "), "{table}");
    assert!(lines[1].contains("  Handling a comp…  "), "{table}");
    assert!(lines[1].contains("  12.4.7-…  "), "{table}");
    assert!(lines[2].starts_with("CS-1858-顧客苦…  "), "{table}");
    assert!(lines[2].contains("  顧客からの苦情…  "), "{table}");
    assert!(lines[2].contains("  二〇二七年  "), "{table}");
    assert!(
        !table.contains('\u{1b}'),
        "no raw escape reaches the terminal"
    );
    assert!(lines[3].contains("  Clear \\u{1b}[2J  "), "{table}");
    // Columns are aligned: each status starts at the same display column.
    let starts: Vec<usize> = lines
        .iter()
        .map(|line| {
            let at = ["status", "draft", "in-review"]
                .iter()
                .filter_map(|word| line.find(&format!("  {word}")))
                .min()
                .unwrap();
            line[..at].width()
        })
        .collect();
    assert!(starts.windows(2).all(|pair| pair[0] == pair[1]), "{table}");
}

#[test]
fn a_file_that_is_not_a_readable_sop_is_named_and_fails_the_run() {
    let project = project();
    project.write("sops/broken.yaml", "id: CS-1860\ntitle: [unclosed\n");
    project.write("sops/list.yaml", "- not\n- a mapping\n");
    let output = sop(&project.root, &["list", "--format", "json"]);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    let listed: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(listed.as_array().unwrap().len(), 5, "the others are listed");
    assert_eq!(
        stderr(&output),
        "skipped sops/broken.yaml: not a readable SOP (see `sop lint`)\n\
         skipped sops/list.yaml: not a readable SOP (see `sop lint`)\n"
    );
}

#[test]
fn the_fingerprint_column_compares_the_recorded_fingerprint_with_the_content() {
    let project = TempProject::new("");
    let steps: &[&str] = &["do: Greet the caller.", "do: Take the call."];
    let text = sop_yaml("CS-1861", "Taking a call", "", steps);
    let approved = project.write("sops/approved.yaml", &text);
    let output = sop(&project.root, &["fingerprint", "sops/approved.yaml"]);
    assert!(output.status.success(), "{}", stderr(&output));
    let fingerprint = stdout(&output)
        .split_whitespace()
        .next()
        .unwrap()
        .to_string();
    assert!(fingerprint.starts_with("sha256:"));
    // The control fields are not content: recording them keeps the seal.
    let control = format!("status: approved\nfingerprint: \"{fingerprint}\"\n");
    std::fs::write(
        &approved,
        sop_yaml("CS-1861", "Taking a call", &control, steps),
    )
    .unwrap();
    // The same SOP and approval record, but a step changed since.
    let edited: &[&str] = &["do: Greet the caller by name.", "do: Take the call."];
    project.write(
        "sops/edited.yaml",
        sop_yaml("CS-1861", "Taking a call", &control, edited),
    );
    project.write(
        "sops/unsealed.yaml",
        sop_yaml("CS-1863", "Taking a call", "", steps),
    );
    let columns: Vec<(String, String)> = rows(&project, &[])
        .iter()
        .map(|row| {
            (
                row["id"].as_str().unwrap().to_string(),
                row["fingerprint"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    // Equal ids are in the order of their files.
    let expected = [
        ("CS-1861", "ok"),
        ("CS-1861", "changed"),
        ("CS-1863", "none"),
    ];
    assert_eq!(
        columns,
        expected.map(|(id, seal)| (id.to_string(), seal.to_string()))
    );
    let table = stdout(&sop(&project.root, &["list"]));
    assert!(
        table.lines().nth(2).unwrap().ends_with("changed"),
        "{table}"
    );
}
