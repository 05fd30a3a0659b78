//! The sign-off sheet of a role's handbook (`sop render --role KEY`), the
//! "What changed" box of each SOP, and the sample training records of the
//! repository (`training/`). Each test runs `sop render` and reads what it
//! wrote, in HTML and in Markdown.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use scraper::Html;
use serde_json::Value;

use crate::common;
use common::{TempProject, select, sop_yaml, text};

use sop::handbook::SIGN_OFF_STATEMENT;

/// A row of a sign-off sheet: id, title, version, short fingerprint.
type Row = [String; 4];

/// `sop render PATHS ARGS` in `cwd` into a fresh folder of `scratch`: the
/// files written, by name.
fn render(
    cwd: &Path,
    scratch: &TempProject,
    paths: &[&str],
    args: &[&str],
) -> BTreeMap<String, String> {
    let out = scratch.path("handbook");
    let mut command = vec!["render", "--out", out.to_str().unwrap()];
    command.extend(paths);
    command.extend(args);
    let output = common::sop(cwd, &command);
    assert!(output.status.success(), "{}", common::stderr(&output));
    common::files_in(&out)
}

/// The short fingerprint `sop fingerprint FILE` gives, as the handbook shows it.
fn short_fingerprint(cwd: &Path, file: &str) -> String {
    common::fingerprint(cwd, file)["sha256:".len()..]
        .chars()
        .take(12)
        .collect()
}

/// The rows of the sheets of an HTML page, in order.
fn html_rows(page: &Html) -> Vec<Row> {
    select(page, ".signoff-sops tbody tr")
        .iter()
        .map(|row| {
            let cells: Vec<String> = select_in(row, "th, td");
            cells.try_into().unwrap()
        })
        .collect()
}

fn select_in(element: &scraper::ElementRef, selector: &str) -> Vec<String> {
    element
        .select(&scraper::Selector::parse(selector).unwrap())
        .map(|cell| text(&cell))
        .collect()
}

/// The Markdown handbook's last section, which must be the sign-off sheet.
fn markdown_sheet(markdown: &str) -> &str {
    let start = markdown.rfind("\n## ").unwrap() + 1;
    let section = &markdown[start..];
    assert!(section.starts_with("## Sign-off sheet\n"), "{section}");
    section
}

/// The rows of the Markdown sheet: `| [id](#anchor) | title | version | `fp` |`.
fn markdown_rows(section: &str) -> Vec<Row> {
    section
        .lines()
        .filter(|line| line.starts_with("| ["))
        .map(|line| {
            let cells: Vec<&str> = line.trim_matches('|').split(" | ").map(str::trim).collect();
            let id = cells[0][1..].split_once("](").unwrap().0;
            [
                id.to_string(),
                cells[1].to_string(),
                cells[2].to_string(),
                cells[3].trim_matches('`').to_string(),
            ]
        })
        .collect()
}

/// The SOP files of the samples by id (`sops/…/CS-010-complaint-handling.yaml`).
fn sample_files() -> BTreeMap<String, String> {
    let project = common::load(&["sops"]);
    project
        .read_all(|document| {
            let id = document.summary().id.map(|(id, _)| id)?;
            let path = document
                .path
                .strip_prefix(common::repo())
                .unwrap_or(&document.path);
            Some((id, path.display().to_string()))
        })
        .into_iter()
        .flatten()
        .collect()
}

/// `sop list --format json ARGS` of the samples.
fn register(args: &[&str]) -> Vec<Value> {
    let mut command = vec!["list", "--format", "json"];
    command.extend(args);
    let output = common::sop(common::repo(), &command);
    assert!(output.status.success(), "{}", common::stderr(&output));
    serde_json::from_slice::<Value>(&output.stdout)
        .unwrap()
        .as_array()
        .unwrap()
        .clone()
}

#[test]
fn a_role_handbook_of_the_samples_ends_with_its_sign_off_sheet() {
    let files = sample_files();
    // The approved SOPs of `rep`, from the register; fingerprints from `sop fingerprint`.
    let expected: Vec<Row> = register(&["--status", "approved", "--role", "rep"])
        .iter()
        .map(|sop| {
            let id = sop["id"].as_str().unwrap();
            [
                id.to_string(),
                sop["title"].as_str().unwrap().to_string(),
                sop["version"].as_str().unwrap().to_string(),
                short_fingerprint(common::repo(), &files[id]),
            ]
        })
        .collect();
    assert!(expected.len() >= 4, "{expected:?}");

    let scratch = TempProject::new("");
    let html = render(common::repo(), &scratch, &[], &["--role", "rep"]);
    let sheet = Html::parse_document(&html["sign-off.html"]);
    assert_eq!(html_rows(&sheet), expected);
    assert_eq!(texts(&sheet, ".signoff-statement"), [SIGN_OFF_STATEMENT]);
    assert_eq!(
        texts(&sheet, ".signoff-sheet h2"),
        ["Acknowledgement of procedures: role rep"]
    );
    assert_eq!(
        texts(&sheet, ".signature-lines dt"),
        ["Name", "Date", "Signature"]
    );
    assert_eq!(
        texts(&sheet, ".signoff-sops thead th"),
        ["SOP", "Title", "Version", "Fingerprint"]
    );
    let index = Html::parse_document(&html["index.html"]);
    assert_eq!(select(&index, "main a[href='sign-off.html']").len(), 1);
    // The print page ends with the same sheet.
    let print = Html::parse_document(&html["print.html"]);
    let articles = select(&print, "main > article");
    assert_eq!(
        articles.last().unwrap().value().attr("id"),
        Some("print-sign-off")
    );
    assert_eq!(html_rows(&print), expected);
    assert!(html["print.html"].contains("@page sign-off"));

    let markdown = &render(
        common::repo(),
        &scratch,
        &[],
        &["--role", "rep", "--format", "markdown"],
    )["handbook.md"];
    let section = markdown_sheet(markdown);
    assert_eq!(markdown_rows(section), expected);
    assert!(section.contains(&format!("\n\n{SIGN_OFF_STATEMENT}\n\n")));
    assert!(section.contains("role **rep**"));
    assert!(section.contains("| Name | Date | Signature |\n| --- | --- | --- |\n| | | |\n"));
    assert!(markdown.contains("- [Sign-off sheet](#sign-off-sheet)\n"));
}

fn texts(page: &Html, selector: &str) -> Vec<String> {
    select(page, selector).iter().map(text).collect()
}

#[test]
fn without_a_role_there_is_no_sign_off_sheet() {
    let scratch = TempProject::new("");
    let html = render(common::repo(), &scratch, &[], &[]);
    assert!(!html.contains_key("sign-off.html"));
    for (name, page) in html.iter().filter(|(name, _)| name.ends_with(".html")) {
        assert!(
            !page.contains("sign-off.html"),
            "{name} links a sign-off sheet"
        );
    }
    let markdown = &render(common::repo(), &scratch, &[], &["--format", "markdown"])["handbook.md"];
    assert!(!markdown.contains("Sign-off sheet"));
    assert!(!markdown.contains(SIGN_OFF_STATEMENT));
}

/// `sop approve FILES` in `project`, as a head of department would.
fn approve(project: &TempProject, files: &[&str]) {
    let mut command = vec![
        "approve",
        "--by",
        "Dana Reyes, Head of Customer Service",
        "--on",
        "2026-10-01",
    ];
    command.extend(files);
    let output = common::sop(&project.root, &command);
    assert!(output.status.success(), "{}", common::stderr(&output));
}

/// 17 approved SOPs of `rep` (CS-2050…CS-2066, the last with no version), a
/// draft and an approved SOP edited since, both of `rep`, and one SOP of
/// another role.
fn rep_project() -> TempProject {
    let project = TempProject::new("");
    let mut approved = Vec::new();
    for number in 2050..=2066 {
        let id = format!("CS-{number}");
        let version = if number == 2066 {
            String::new()
        } else {
            format!("version: \"1.{}\"\n", number - 2050)
        };
        let file = format!("sops/{id}.yaml");
        project.write(
            &file,
            sop_yaml(
                &id,
                &format!("Task {number}"),
                &version,
                &["do: Do it.\n    role: rep"],
            ),
        );
        approved.push(file);
    }
    project.write(
        "sops/CS-2067.yaml",
        sop_yaml("CS-2067", "A draft", "", &["do: Draft it.\n    role: rep"]),
    );
    project.write(
        "sops/CS-2068.yaml",
        sop_yaml(
            "CS-2068",
            "Edited",
            "",
            &["do: As approved.\n    role: rep"],
        ),
    );
    project.write(
        "sops/CS-2069.yaml",
        sop_yaml(
            "CS-2069",
            "Not for reps",
            "",
            &["do: Plan it.\n    role: planner"],
        ),
    );
    approved.push("sops/CS-2068.yaml".to_string());
    let approved: Vec<&str> = approved.iter().map(String::as_str).collect();
    approve(&project, &approved);
    let edited = std::fs::read_to_string(project.path("sops/CS-2068.yaml"))
        .unwrap()
        .replace("As approved.", "Not as approved.");
    project.write("sops/CS-2068.yaml", edited);
    project
}

#[test]
fn a_sheet_lists_the_approved_procedures_fifteen_to_a_printed_page() {
    let project = rep_project();
    let expected: Vec<Row> = (2050..=2066)
        .map(|number| {
            let version = if number == 2066 {
                "not set".to_string()
            } else {
                format!("1.{}", number - 2050)
            };
            [
                format!("CS-{number}"),
                format!("Task {number}"),
                version,
                short_fingerprint(&project.root, &format!("sops/CS-{number}.yaml")),
            ]
        })
        .collect();
    let html = render(&project.root, &project, &["sops"], &["--role", "rep"]);
    let page = Html::parse_document(&html["sign-off.html"]);
    assert_eq!(html_rows(&page), expected);
    let sheets = select(&page, ".signoff-sheet");
    assert_eq!(sheets.len(), 2);
    for (sheet, (rows, number)) in sheets.iter().zip([(15, 1), (2, 2)]) {
        assert_eq!(select_in(sheet, "tbody tr").len(), rows);
        assert_eq!(
            select_in(sheet, "h2"),
            [format!(
                "Acknowledgement of procedures: role rep · sheet {number} of 2"
            )]
        );
        assert_eq!(select_in(sheet, ".signoff-statement"), [SIGN_OFF_STATEMENT]);
        assert_eq!(select_in(sheet, ".signature-lines dt").len(), 3);
    }
    assert_eq!(
        texts(&page, ".signoff-not-listed"),
        [
            "Not on the sheet, as not the approved procedure: CS-2067 A draft (a draft); \
          CS-2068 Edited (changed since its approval)."
        ]
    );
    assert!(!html["sign-off.html"].contains("CS-2069"));

    let markdown = &render(
        &project.root,
        &project,
        &["sops"],
        &["--role", "rep", "--format", "markdown"],
    )["handbook.md"];
    let section = markdown_sheet(markdown);
    assert_eq!(markdown_rows(section), expected);
    assert!(
        section.contains(
            "(a draft); [CS-2068](#cs-2068--edited) Edited (changed since its approval)."
        )
    );
}

#[test]
fn a_role_with_nothing_approved_has_nothing_to_sign() {
    let project = rep_project();
    let html = render(&project.root, &project, &["sops"], &["--role", "planner"]);
    let page = Html::parse_document(&html["sign-off.html"]);
    assert!(select(&page, ".signoff-sheet").is_empty());
    assert_eq!(
        texts(&page, ".signoff-empty"),
        ["No SOP of this handbook is approved: role planner has nothing to sign off yet."]
    );
    assert!(!html["sign-off.html"].contains(SIGN_OFF_STATEMENT));
}

/// CS-2070 at version 2.1, whose history has `summary` for 2.0 and 2.1;
/// CS-2071 at 1.0 with an entry for 1.0 but no summary; CS-2072 with a
/// history but no version.
fn history_project() -> TempProject {
    let project = TempProject::new("");
    project.write(
        "sops/CS-2070.yaml",
        sop_yaml(
            "CS-2070",
            "Revised",
            "version: \"2.1\"\nrevisions:\n  - version: \"2.0\"\n    date: 2026-01-05\n    summary: The old change.\n  - version: \" 2.1 \"\n    date: 2026-06-01\n    author: Priya Natarajan\n    summary: Calls are now *recorded*.\n",
            &["do: Record the call."],
        ),
    );
    project.write(
        "sops/CS-2071.yaml",
        sop_yaml(
            "CS-2071",
            "No summary",
            "version: \"1.0\"\nrevisions:\n  - version: \"1.0\"\n    date: 2026-01-05\n    summary: \" \"\n",
            &["do: Do it."],
        ),
    );
    project.write(
        "sops/CS-2072.yaml",
        sop_yaml(
            "CS-2072",
            "No version",
            "revisions:\n  - version: \"1.0\"\n    date: 2026-01-05\n    summary: First issue.\n",
            &["do: Do it."],
        ),
    );
    project
}

#[test]
fn what_changed_shows_the_summary_of_the_current_version_only() {
    let project = history_project();
    let html = render(&project.root, &project, &["sops"], &[]);
    let page = Html::parse_document(&html["CS-2070.html"]);
    assert_eq!(
        texts(&page, ".what-changed"),
        [
            "What changed in version 2.1 Revised on 2026-06-01 by Priya Natarajan. Calls are now recorded ."
        ]
    );
    // Rendered as SOP text, and right after the control block.
    assert_eq!(select(&page, ".what-changed em").len(), 1);
    assert_eq!(select(&page, ".sop-control + .what-changed").len(), 1);
    for file in ["CS-2071.html", "CS-2072.html"] {
        assert!(!html[file].contains("what-changed"), "{file}");
    }
    let print = Html::parse_document(&html["print.html"]);
    assert_eq!(
        texts(&print, ".what-changed h3"),
        ["What changed in version 2.1"]
    );

    let markdown = &render(
        &project.root,
        &project,
        &["sops"],
        &["--format", "markdown"],
    )["handbook.md"];
    assert!(markdown.contains(
        "\n**What changed in version 2.1** (revised on 2026-06-01 by Priya Natarajan): Calls are now *recorded*.\n\n**Purpose:**"
    ));
    assert_eq!(markdown.matches("What changed").count(), 1);
}

const SCRIPT: &str = "<script>document.body.dataset.xss='signoff'</script>";

/// An approved SOP with hostile title, version, role and revision.
fn hostile_project() -> TempProject {
    let project = TempProject::new("");
    let role = "\"}</style><b onmouseover=alert(1)>rep</b>";
    let extra = format!(
        "version: \"2.0{SCRIPT}\"\nrevisions:\n  - version: \"2.0{SCRIPT}\"\n    date: 2026-06-01\n    author: \"<img src=x onerror=alert(1)>\"\n    summary: \"**bold** [x](javascript:alert(1)) {{{{ 7*7 }}}} {SCRIPT}\"\n"
    );
    project.write(
        "sops/CS-2080.yaml",
        sop_yaml(
            "CS-2080",
            &format!("\"Title {SCRIPT}\""),
            &extra,
            &[&format!(
                "do: Do it.\n    role: {}",
                serde_json::to_string(role).unwrap()
            )],
        ),
    );
    approve(&project, &["sops/CS-2080.yaml"]);
    project
}

#[test]
fn hostile_text_on_the_sheet_and_in_what_changed_stays_text() {
    let project = hostile_project();
    let role = "\"}</style><b onmouseover=alert(1)>rep</b>";
    let html = render(&project.root, &project, &["sops"], &["--role", role]);
    for (name, page) in html.iter().filter(|(name, _)| name.ends_with(".html")) {
        let page = Html::parse_document(page);
        let scripts: BTreeSet<_> = select(&page, "script")
            .iter()
            .map(|script| script.value().attr("src").unwrap_or("inline"))
            .collect();
        assert!(
            scripts.iter().all(|src| src.starts_with("search")),
            "{name}: {scripts:?}"
        );
        assert!(
            select(&page, "img, b, [onmouseover], a[href^='javascript']").is_empty(),
            "{name}"
        );
    }
    let sheet = Html::parse_document(&html["sign-off.html"]);
    assert_eq!(
        html_rows(&sheet),
        [[
            "CS-2080".to_string(),
            format!("Title {SCRIPT}"),
            format!("2.0{SCRIPT}"),
            short_fingerprint(&project.root, "sops/CS-2080.yaml"),
        ]]
    );
    assert_eq!(
        texts(&sheet, ".signoff-sheet h2"),
        [format!("Acknowledgement of procedures: role {role}")]
    );
    // The role in the printed footer stays inside its CSS string.
    let style = text(&select(&sheet, "style")[0]);
    assert!(
        style.contains(r#"role \22 \7D \3C \2F style\3E \3C b"#),
        "{style}"
    );
    let page = Html::parse_document(&html["CS-2080.html"]);
    let box_text = texts(&page, ".what-changed").concat();
    assert!(
        box_text.contains(SCRIPT) && box_text.contains("{{ 7*7 }}"),
        "{box_text}"
    );
    assert!(
        box_text.contains("<img src=x onerror=alert(1)>"),
        "{box_text}"
    );
    assert_eq!(texts(&page, ".what-changed strong"), ["bold"]);

    let markdown = &render(
        &project.root,
        &project,
        &["sops"],
        &["--role", role, "--format", "markdown"],
    )["handbook.md"];
    assert!(
        !markdown.contains("<script") && !markdown.contains("<img") && !markdown.contains("<b ")
    );
    let section = markdown_sheet(markdown);
    assert_eq!(markdown_rows(section).len(), 1);
}

/// The sample training records: RFC 4180 files with the contract's header,
/// six people in four roles that approved SOPs' steps use, and
/// acknowledgements of every kind: current (the current version and
/// fingerprint), outdated (an earlier version of the SOP's history) and
/// missing (an SOP a person must know that they never acknowledged).
#[test]
fn the_sample_training_records_hold_current_outdated_and_missing_acknowledgements() {
    let read = |file: &str| -> (Vec<String>, Vec<Vec<String>>) {
        let mut reader = csv::Reader::from_path(common::repo_file(file)).unwrap();
        let header = reader.headers().unwrap().iter().map(String::from).collect();
        let rows = reader
            .records()
            .map(|row| row.unwrap().iter().map(String::from).collect())
            .collect();
        (header, rows)
    };
    let (header, roster) = read("training/roster.csv");
    assert_eq!(header, ["person", "role"]);
    let (header, acknowledgements) = read("training/acknowledgements.csv");
    assert_eq!(header, ["date", "person", "sop", "version", "fingerprint"]);

    let project = common::load(&["sops"]);
    let sops: BTreeMap<String, sop::model::Sop> = project
        .read_all(|document| match document.content {
            sop::project::Content::Parsed(parsed) => match parsed.model {
                sop::project::Model::Sop { sop, .. } => Some(sop),
                _ => None,
            },
            sop::project::Content::Failed(_) => None,
        })
        .into_iter()
        .flatten()
        .map(|sop| (sop.id.clone().unwrap().value, sop))
        .collect();
    let files = sample_files();
    let people: BTreeSet<&str> = roster.iter().map(|row| row[0].as_str()).collect();
    let roles: BTreeSet<&str> = roster.iter().map(|row| row[1].as_str()).collect();
    assert_eq!((people.len(), roles.len()), (6, 4), "{roster:?}");
    // Who must know what: approved SOPs where one of the person's roles has a step or is a key.
    let must_know = |role: &str, sop: &sop::model::Sop| {
        sop.status() == "approved"
            && (sop
                .steps
                .iter()
                .any(|step| step.role.as_ref().is_some_and(|r| r.value == role))
                || sop.roles.iter().any(|r| r.key == role))
    };
    for role in &roles {
        assert!(
            sops.values().any(|sop| sop.status() == "approved"
                && sop
                    .steps
                    .iter()
                    .any(|step| step.role.as_ref().is_some_and(|r| r.value == *role))),
            "no approved SOP has a step of {role}"
        );
    }
    let (mut current, mut outdated) = (0, 0);
    let mut acknowledged = BTreeSet::new();
    for row in &acknowledgements {
        let [date, person, id, version, fingerprint] = row.as_slice() else {
            panic!("{row:?}");
        };
        assert!(
            date.parse::<sop::date::Date>().is_ok() && date.as_str() < "2026-12-01",
            "{row:?}"
        );
        assert!(people.contains(person.as_str()), "{row:?}");
        let sop = &sops[id];
        let person_roles = roster
            .iter()
            .filter(|r| r[0] == *person)
            .map(|r| r[1].as_str());
        assert!(
            person_roles.clone().any(|role| must_know(role, sop)),
            "{row:?}"
        );
        if sop.version.as_ref().unwrap().value == *version {
            assert_eq!(
                *fingerprint,
                common::fingerprint(common::repo(), &files[id]),
                "{row:?}"
            );
            current += 1;
            acknowledged.insert((person.as_str(), id.as_str()));
        } else {
            assert!(
                sop.revisions
                    .iter()
                    .any(|r| r.version.as_ref().unwrap().value == *version),
                "{row:?}: a version {id} never had"
            );
            outdated += 1;
        }
    }
    let missing = roster
        .iter()
        .flat_map(|row| {
            sops.iter()
                .filter(|(_, sop)| must_know(&row[1], sop))
                .map(|(id, _)| (row[0].as_str(), id.as_str()))
                .collect::<Vec<_>>()
        })
        .filter(|pair| !acknowledged.contains(pair))
        .filter(|(person, id)| {
            !acknowledgements
                .iter()
                .any(|row| row[1] == *person && row[2] == *id)
        })
        .count();
    assert!(
        current >= 5 && outdated >= 3 && missing >= 3,
        "{current} {outdated} {missing}"
    );
    assert!(
        acknowledgements
            .iter()
            .any(|row| row[2] == "CS-010" && row[3] == "3.0"),
        "CS-010 3.0 is outdated"
    );
}

/// The README quotes the statement the sheet prints, word for word.
#[test]
fn the_readme_quotes_the_sign_off_statement() {
    let readme = std::fs::read_to_string(common::repo_file("README.md")).unwrap();
    let words = readme.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(words.contains(&format!("**The statement**: \"{SIGN_OFF_STATEMENT}\"")));
}
