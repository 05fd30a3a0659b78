//! Training records: the matrix of `sop training` in every format, its
//! `--check`, `sop ack` appending without touching what is there, and the
//! findings of `training-record` at their line and column.

use crate::common;

use common::{TempProject, findings, sop, sop_yaml, stderr, stdout};

/// An approved SOP with a version and its revisions, and steps by role.
fn approved(id: &str, version: &str, earlier: &[&str], steps: &[&str]) -> String {
    let mut revisions = String::from("revisions:\n");
    for version in earlier.iter().chain([&version]) {
        revisions.push_str(&format!(
            "  - version: \"{version}\"\n    date: 2026-01-05\n    summary: Issue {version}.\n"
        ));
    }
    sop_yaml(
        id,
        &format!("Procedure {id}"),
        &format!("version: \"{version}\"\nstatus: approved\n{revisions}"),
        steps,
    )
}

/// Two approved SOPs, a draft, a roster of three and some acknowledgements:
/// Ana current on CS-1960, Bo outdated on it (an earlier version), Bo
/// missing CS-1961, Cy (a supervisor) missing CS-1960 and CS-1961.
fn project() -> TempProject {
    let project = TempProject::new("");
    project.write(
        "sops/CS-1960.yaml",
        approved(
            "CS-1960",
            "2.0",
            &["1.0"],
            &[
                "do: Greet.\n    role: rep",
                "do: Escalate.\n    role: supervisor",
            ],
        ),
    );
    project.write(
        "sops/CS-1961.yaml",
        approved(
            "CS-1961",
            "1.0",
            &[],
            &["do: Close the shift.\n    role: supervisor"],
        ),
    );
    project.write(
        "sops/CS-1962.yaml",
        sop_yaml(
            "CS-1962",
            "A draft",
            "status: draft\n",
            &["do: Try.\n    role: rep"],
        ),
    );
    project.write(
        "training/roster.csv",
        "person,role\nAna Lima,rep\nBo Chen,rep\nBo Chen,supervisor\nCy Diaz,supervisor\n",
    );
    project.write(
        "training/acknowledgements.csv",
        "date,person,sop,version,fingerprint\n2026-02-01,Ana Lima,CS-1960,2.0,\n2026-01-10,Bo Chen,CS-1960,1.0,\n",
    );
    project
}

#[test]
fn the_matrix_in_every_format() {
    let project = project();
    let mut shown = String::new();
    for format in ["table", "csv", "json"] {
        let output = sop(&project.root, &["training", "--format", format]);
        assert!(output.status.success(), "{}", stderr(&output));
        shown.push_str(&format!("--- {format}\n{}", stdout(&output)));
    }
    insta::assert_snapshot!(shown);
}

#[test]
fn csv_and_json_have_a_row_per_person_and_sop_they_must_know() {
    let project = project();
    let output = sop(&project.root, &["training", "--format", "json"]);
    let rows: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let rows = rows.as_array().unwrap();
    let keys: Vec<&str> = rows[0]
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(keys, sop::training::matrix::COLUMNS);
    let bo_on_1960 = rows
        .iter()
        .find(|row| row["person"] == "Bo Chen" && row["sop"] == "CS-1960")
        .unwrap();
    assert_eq!(bo_on_1960["role"], "rep;supervisor");
    assert_eq!(bo_on_1960["status"], "outdated");
    assert_eq!(bo_on_1960["acknowledged_version"], "1.0");
    assert_eq!(bo_on_1960["acknowledged_on"], "2026-01-10");
    let cy: Vec<&serde_json::Value> = rows
        .iter()
        .filter(|row| row["person"] == "Cy Diaz")
        .collect();
    assert_eq!(cy.len(), 2, "the draft CS-1962 is no one's to know");
    assert!(
        cy.iter()
            .all(|row| row["status"] == "missing" && row["acknowledged_on"].is_null())
    );

    let csv = stdout(&sop(&project.root, &["training", "--format", "csv"]));
    let mut lines = csv.lines();
    assert_eq!(
        lines.next().unwrap(),
        sop::training::matrix::COLUMNS.join(",")
    );
    assert_eq!(lines.count(), rows.len());
}

#[test]
fn filters_by_role_person_and_department() {
    let project = project();
    let people = |args: &[&str]| {
        let mut all = vec!["training", "--format", "json"];
        all.extend(args);
        let rows: serde_json::Value =
            serde_json::from_slice(&sop(&project.root, &all).stdout).unwrap();
        rows.as_array()
            .unwrap()
            .iter()
            .map(|row| format!("{} {} {}", row["person"], row["role"], row["sop"]))
            .collect::<Vec<_>>()
    };
    assert_eq!(
        people(&["--role", "supervisor"]),
        [
            r#""Bo Chen" "supervisor" "CS-1960""#,
            r#""Bo Chen" "supervisor" "CS-1961""#,
            r#""Cy Diaz" "supervisor" "CS-1960""#,
            r#""Cy Diaz" "supervisor" "CS-1961""#,
        ]
    );
    assert_eq!(
        people(&["--person", "Ana Lima"]),
        [r#""Ana Lima" "rep" "CS-1960""#]
    );
    assert!(people(&["--department", "billing"]).is_empty());
    let unknown = sop(&project.root, &["training", "--person", "Ana Lma"]);
    assert_eq!(unknown.status.code(), Some(2));
    assert!(
        stderr(&unknown).contains("did you mean `Ana Lima`?"),
        "{}",
        stderr(&unknown)
    );
}

#[test]
fn check_exits_1_until_everyone_is_current() {
    let project = project();
    let check = sop(&project.root, &["training", "--check"]);
    assert_eq!(check.status.code(), Some(1));
    let said = stderr(&check);
    assert!(
        said.contains("Bo Chen: CS-1960 outdated: acknowledged 1.0, now 2.0"),
        "{said}"
    );
    assert!(said.contains("Cy Diaz: CS-1961 missing"), "{said}");
    for person in ["Bo Chen", "Cy Diaz"] {
        let ack = sop(&project.root, &["ack", "--person", person]);
        assert!(ack.status.success(), "{}", stderr(&ack));
    }
    let check = sop(&project.root, &["training", "--check"]);
    assert_eq!(check.status.code(), Some(0), "{}", stderr(&check));
    assert_eq!(
        sop(&project.root, &["training", "--format", "nope"])
            .status
            .code(),
        Some(2)
    );
}

#[test]
fn ack_appends_once_and_keeps_the_bytes_before() {
    let project = TempProject::new("");
    project.write(
        "sops/CS-1963.yaml",
        approved(
            "CS-1963",
            "1.1",
            &["1.0"],
            &["do: Count the till.\n    role: cashier"],
        ),
    );
    project.write(
        "training/roster.csv",
        "person,role\r\nO'Neil, Pat,cashier\r\n",
    );
    // The roster's name has a comma unquoted: three fields, a finding; quoted it counts.
    project.write(
        "training/roster.csv",
        "person,role\r\n\"O'Neil, Pat\",cashier\r\n",
    );
    // Reordered columns, a notes column, CRLF and no final line break.
    let before = "sop,version,person,date,fingerprint,notes\r\nCS-1963,1.0,\"O'Neil, Pat\",2026-01-06,,paper sheet";
    let file = project.write("training/acknowledgements.csv", before);
    let first = sop(
        &project.root,
        &["ack", "--person", "O'Neil, Pat", "--today", "2026-11-22"],
    );
    assert!(first.status.success(), "{}", stderr(&first));
    assert!(
        stdout(&first).contains("CS-1963 1.1: acknowledged on 2026-11-22"),
        "{}",
        stdout(&first)
    );
    let after = std::fs::read_to_string(&file).unwrap();
    let fingerprint = common::fingerprint(&project.root, "sops/CS-1963.yaml");
    assert_eq!(
        after,
        format!("{before}\r\nCS-1963,1.1,\"O'Neil, Pat\",2026-11-22,{fingerprint},\r\n")
    );
    let second = sop(
        &project.root,
        &["ack", "--person", "O'Neil, Pat", "--date", "2026-11-21"],
    );
    assert!(second.status.success(), "{}", stderr(&second));
    assert!(
        stdout(&second).contains("CS-1963 1.1: already current"),
        "{}",
        stdout(&second)
    );
    assert_eq!(std::fs::read_to_string(&file).unwrap(), after);
    assert_eq!(
        project.names("training"),
        ["acknowledgements.csv", "roster.csv"]
    );
}

#[test]
fn ack_creates_the_file_and_refuses_what_it_cannot_record() {
    let project = project();
    std::fs::remove_file(project.path("training/acknowledgements.csv")).unwrap();
    let unknown = sop(&project.root, &["ack", "--person", "Bo Chn"]);
    assert_eq!(unknown.status.code(), Some(2));
    assert!(stderr(&unknown).contains("`Bo Chn` is not in the roster (did you mean `Bo Chen`?)"));
    let draft = sop(
        &project.root,
        &["ack", "--person", "Bo Chen", "--sop", "CS-1962"],
    );
    assert_eq!(draft.status.code(), Some(2));
    assert!(
        stderr(&draft).contains("CS-1962 is not approved"),
        "{}",
        stderr(&draft)
    );
    let future = sop(
        &project.root,
        &["ack", "--person", "Bo Chen", "--date", "2026-11-23"],
    );
    assert_eq!(future.status.code(), Some(2));
    assert!(!project.path("training/acknowledgements.csv").exists());
    // Ana is a rep: CS-1961 is not hers to know, but she may acknowledge it.
    let named = sop(
        &project.root,
        &["ack", "--person", "Ana Lima", "--sop", "CS-1961"],
    );
    assert!(named.status.success(), "{}", stderr(&named));
    let fingerprint = common::fingerprint(&project.root, "sops/CS-1961.yaml");
    assert_eq!(
        std::fs::read_to_string(project.path("training/acknowledgements.csv")).unwrap(),
        format!(
            "date,person,sop,version,fingerprint\n2026-11-22,Ana Lima,CS-1961,1.0,{fingerprint}\n"
        )
    );
}

#[test]
fn a_changed_sop_makes_its_acknowledgements_outdated() {
    let project = project();
    project.write(
        "training/acknowledgements.csv",
        "date,person,sop,version,fingerprint\n",
    );
    assert!(
        sop(&project.root, &["ack", "--person", "Ana Lima"])
            .status
            .success()
    );
    let status = |project: &TempProject| {
        let output = sop(
            &project.root,
            &["training", "--format", "json", "--person", "Ana Lima"],
        );
        let rows: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
        rows[0]["status"].as_str().unwrap().to_string()
    };
    assert_eq!(status(&project), "current");
    // Same version, new content: the fingerprint Ana acknowledged no longer matches.
    let text = std::fs::read_to_string(project.path("sops/CS-1960.yaml")).unwrap();
    project.write("sops/CS-1960.yaml", text.replace("Greet.", "Greet warmly."));
    assert_eq!(status(&project), "outdated");
}

#[test]
fn findings_point_at_the_field() {
    let output = sop(
        common::repo(),
        &["lint", "tests/fixtures/training-record", "--format", "json"],
    );
    let places: Vec<(String, u64, u64)> = findings(&output)
        .into_iter()
        .map(|(file, rule, line, column, _)| {
            assert_eq!(rule, "training-record");
            (file, line, column)
        })
        .collect();
    let acks = "bad-acknowledgements.csv".to_string();
    let roster = "bad-roster.csv".to_string();
    assert_eq!(
        places,
        [
            (acks.clone(), 3, 1),   // 2026-02-30
            (acks.clone(), 4, 12),  // Ana Lmia
            (acks.clone(), 5, 20),  // CS-1905
            (acks.clone(), 6, 28),  // version 2.1
            (acks.clone(), 7, 1),   // three fields
            (acks.clone(), 8, 32),  // sha256:abc
            (acks, 10, 12),         // a quote never closed; line 11 still counts
            (roster.clone(), 5, 9), // janitor
            (roster.clone(), 6, 1), // no person
            (roster, 7, 16),        // text after a closing quote
        ]
    );
}

#[test]
fn records_are_linted_with_the_whole_sop_folder_only() {
    let project = project();
    project.write(
        "training/roster.csv",
        "person,role\nAna Lima,rep\nCy Diaz,janitor\n",
    );
    let rules = |args: &[&str]| common::rules(&sop(&project.root, args));
    assert!(rules(&["lint", "--format", "json"]).contains(&"training-record".to_string()));
    assert!(rules(&["lint", "sops", "--format", "json"]).contains(&"training-record".to_string()));
    assert!(
        !rules(&["lint", "sops/CS-1960.yaml", "--format", "json"])
            .contains(&"training-record".to_string())
    );
}

#[test]
fn unreadable_records_are_findings_and_a_configured_file_must_exist() {
    let project = TempProject::new("[training]\nroster = \"people.csv\"\n");
    project.write(
        "sops/CS-1964.yaml",
        approved("CS-1964", "1.0", &[], &["do: Sweep.\n    role: rep"]),
    );
    project.write(
        "training/acknowledgements.csv",
        b"date,person,sop,version,fingerprint\n2026-01-02,Jos\xe9,CS-1964,1.0,\n",
    );
    let lint = findings(&sop(&project.root, &["lint", "--format", "json"]));
    let training: Vec<_> = lint.iter().filter(|f| f.1 == "training-record").collect();
    assert_eq!(training.len(), 2, "{training:?}");
    assert_eq!(
        (training[0].0.as_str(), training[0].2, training[0].3),
        ("people.csv", 0, 0)
    );
    assert!(
        training[0]
            .4
            .contains("`[training] roster` in sop.toml names it")
    );
    assert_eq!(
        (training[1].0.as_str(), training[1].2, training[1].3),
        ("acknowledgements.csv", 2, 15)
    );
    assert!(training[1].4.contains("not UTF-8"));
    let matrix = sop(&project.root, &["training"]);
    assert_eq!(matrix.status.code(), Some(2));
    assert!(
        stderr(&matrix).contains("people.csv: there is no such file"),
        "{}",
        stderr(&matrix)
    );

    let outside = TempProject::new("[training]\nroster = \"../roster.csv\"\n");
    outside.write(
        "sops/CS-1965.yaml",
        approved("CS-1965", "1.0", &[], &["do: Sweep."]),
    );
    let refused = sop(&outside.root, &["training"]);
    assert_eq!(refused.status.code(), Some(2));
    assert!(
        stderr(&refused).contains("sop.toml:2:10: `roster` must name a file inside the project"),
        "{}",
        stderr(&refused)
    );
}

#[test]
fn the_html_page_escapes_every_text() {
    let project = project();
    project.write(
        "training/roster.csv",
        "person,role\n\"<script>alert(1)</script>\",rep\n",
    );
    let page = stdout(&sop(&project.root, &["training", "--format", "html"]));
    assert!(page.starts_with("<!DOCTYPE html>"));
    assert!(!page.contains("<script>"));
    assert!(
        page.contains("&lt;script&gt;alert(1)&lt;&#x2F;script&gt;"),
        "{page}"
    );
    let document = scraper::Html::parse_document(&page);
    assert!(document.errors.is_empty(), "{:?}", document.errors);
    assert_eq!(common::select(&document, "tbody tr").len(), 2);
}

#[test]
fn the_nu_html_checker_accepts_the_page() {
    if !common::nu_checker_available() {
        return;
    }
    let project = project();
    project.write(
        "training/roster.csv",
        "person,role\n\"<b>&amp; \"\"Ana\"\"\",rep\nBo Chen,supervisor\n",
    );
    let page = project.write(
        "matrix.html",
        sop(&project.root, &["training", "--format", "html"]).stdout,
    );
    let output = common::nu_check(&page);
    assert!(
        stdout(&output).contains("matrix.html"),
        "the page was checked"
    );
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
}

#[cfg(unix)]
#[test]
fn a_record_file_linked_out_of_the_project_is_not_read() {
    let outside = TempProject::new("");
    let secret = outside.write("secret.csv", "person,role\nsecret,rep\n");
    let project = project();
    std::fs::remove_file(project.path("training/roster.csv")).unwrap();
    std::os::unix::fs::symlink(&secret, project.path("training/roster.csv")).unwrap();
    let lint = sop(&project.root, &["lint", "--format", "json"]);
    assert!(!stdout(&lint).contains("secret"), "{}", stdout(&lint));
    let roster: Vec<String> = findings(&lint)
        .into_iter()
        .filter(|finding| finding.0 == "roster.csv")
        .map(|finding| finding.4)
        .collect();
    assert_eq!(
        roster,
        ["it is a symbolic link to a file outside the project; it was not read"]
    );
    assert_eq!(sop(&project.root, &["training"]).status.code(), Some(2));
}

#[test]
fn an_outdated_acknowledgement_shows_what_changed_for_the_roles_since() {
    if !common::git_here() {
        return;
    }
    let project = project();
    let root = &project.root;
    common::git(root, &["-c", "init.defaultBranch=main", "init", "-q"]);
    let steps = |greeting: &str| {
        [
            format!("do: {greeting}\n    role: rep"),
            "do: Escalate.\n    role: supervisor".to_string(),
        ]
    };
    let old_steps = steps("Greet.");
    let old_steps: Vec<&str> = old_steps.iter().map(String::as_str).collect();
    project.write(
        "sops/CS-1960.yaml",
        approved("CS-1960", "1.0", &[], &old_steps),
    );
    common::git(root, &["add", "-A"]);
    common::git(root, &["commit", "-q", "-m", "CS-1960 1.0"]);
    let new_steps = steps("Greet the customer by name.");
    let new_steps: Vec<&str> = new_steps.iter().map(String::as_str).collect();
    project.write(
        "sops/CS-1960.yaml",
        approved("CS-1960", "2.0", &["1.0"], &new_steps),
    );

    let output = sop(root, &["training"]);
    let shown = stdout(&output);
    let (_, changes) = shown
        .split_once("What changed since the acknowledged version, for their roles:")
        .unwrap_or_else(|| panic!("{shown}"));
    // Bo (rep and supervisor) acknowledged 1.0: the rep step was reworded.
    let bo = changes
        .split_once("Bo Chen, CS-1960 (rep;supervisor):")
        .unwrap_or_else(|| panic!("{changes}"))
        .1;
    assert!(bo.contains("reworded step 1"), "{bo}");
    assert!(bo.contains("was: Greet.\n"), "{bo}");
    assert!(bo.contains("now: Greet the customer by name.\n"), "{bo}");
    assert!(bo.contains("affected roles: rep"), "{bo}");
    // Ana is current: nothing to show for her.
    assert!(!changes.contains("Ana Lima"), "{changes}");
}

#[test]
fn without_the_acknowledged_revision_in_git_nothing_is_added() {
    let project = project();
    let output = sop(&project.root, &["training", "--check"]);
    assert!(
        !stdout(&output).contains("What changed"),
        "{}",
        stdout(&output)
    );
    assert!(
        stderr(&output).contains(
            "Bo Chen: CS-1960 outdated: acknowledged 1.0, now 2.0; read sops/CS-1960.yaml again"
        ),
        "{}",
        stderr(&output)
    );
}

#[test]
fn the_matrix_of_the_samples() {
    let table = sop(common::repo(), &["training"]);
    let table = stdout(&table);
    // No revision of the samples' acknowledged versions is in the history.
    assert!(!table.contains("What changed"), "{table}");
    insta::assert_snapshot!("samples-matrix.txt", table);
    let csv = sop(common::repo(), &["training", "--format", "csv"]);
    insta::assert_snapshot!("samples-matrix.csv", stdout(&csv));
}
