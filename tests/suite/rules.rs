//! One fixture folder per rule, `tests/fixtures/<rule-id>/`: files named
//! `ok-*` must lint clean, files named `bad-*` must give findings of that
//! rule and of no other. The human output of each folder is an insta snapshot.

use std::path::{Path, PathBuf};

use sop::diagnostic::{Report, Severity};
use sop::output::{self, Format};
use sop::rules::Rule;

use crate::common;

fn lint_fixture(rule: Rule) -> (PathBuf, Report) {
    let folder = Path::new("tests/fixtures").join(rule.id());
    assert!(
        common::repo().join(&folder).is_dir(),
        "rule `{}` has no fixture folder",
        rule.id()
    );
    let report = common::lint(&[folder.to_str().unwrap()]);
    (folder, report)
}

fn human(report: &Report) -> String {
    let mut out = Vec::new();
    output::render(Format::Human, report, &mut out).unwrap();
    anstream::adapter::strip_str(&String::from_utf8(out).unwrap()).to_string()
}

fn fixture_files(folder: &Path, prefix: &str) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = walkdir::WalkDir::new(common::repo().join(folder))
        .into_iter()
        .map(|entry| {
            let path = entry.unwrap().into_path();
            path.strip_prefix(common::repo()).unwrap().to_path_buf()
        })
        .filter(|path| {
            path.file_name()
                .and_then(|name| name.to_str())
                .is_some_and(|name| name.starts_with(prefix))
        })
        .collect();
    files.sort();
    files
}

#[test]
fn every_rule_fixture() {
    for rule in Rule::all() {
        let (folder, report) = lint_fixture(rule);
        let bad = fixture_files(&folder, "bad-");
        let ok = fixture_files(&folder, "ok-");
        assert!(
            !bad.is_empty() && !ok.is_empty(),
            "{}: needs bad-* and ok-* files",
            rule.id()
        );
        for diagnostic in &report.diagnostics {
            assert!(
                bad.contains(&diagnostic.path),
                "{}: unexpected finding in {}: {}",
                rule.id(),
                diagnostic.path.display(),
                diagnostic.message
            );
            assert_eq!(
                diagnostic.rule,
                rule.id(),
                "{}: {}",
                diagnostic.path.display(),
                diagnostic.message
            );
        }
        for file in &bad {
            assert!(
                report.diagnostics.iter().any(|d| &d.path == file),
                "{}: {} gives no finding",
                rule.id(),
                file.display()
            );
        }
        insta::assert_snapshot!(rule.id(), human(&report));
    }
}

#[test]
fn a_schema_mistake_per_finding() {
    let (_, report) = lint_fixture(Rule::Schema);
    let in_file = |name: &str| {
        report
            .diagnostics
            .iter()
            .filter(|d| d.path.ends_with(name))
            .count()
    };
    assert_eq!(in_file("bad-fields.yaml"), 5);
    assert_eq!(in_file("bad-steps.yaml"), 7);
}

#[test]
fn configuration_turns_rules_off_and_changes_severity() {
    // tests/fixtures/configured/sop.toml: unknown-role is an error there,
    // unused-term is off.
    let report = common::lint(&["tests/fixtures/configured"]);
    let rules: Vec<(&str, Severity)> = report
        .diagnostics
        .iter()
        .map(|d| (d.rule, d.severity))
        .collect();
    assert_eq!(rules, [("unknown-role", Severity::Error)]);
}

#[test]
fn one_file_linted_shares_its_id_with_files_not_given_in_any_case() {
    let project = common::TempProject::new("");
    let steps = ["do: Check the caller's account."];
    project.write("sops/a.yaml", common::sop_text("ÉTÉ-1", "", &steps));
    project.write("sops/b.yaml", common::sop_text("été-1", "", &steps));
    project.write("sops/c.yaml", common::sop_text("CS-1", "", &steps));
    project.write("sops/d.yaml", common::sop_text("cs-1", "", &steps));
    project.write("sops/e.yaml", common::sop_text("CS-1", "", &steps));
    project.write("sops/f.yaml", common::sop_text("CS-2", "", &steps));
    // Twice each: the first run fills the cache, the second reads it.
    for _ in 0..2 {
        let found = |file: &str| {
            let output = common::sop(&project.root, &["lint", file, "--format", "json"]);
            // A non-ASCII id is also a schema error: only the rule's findings.
            (common::findings(&output).into_iter())
                .filter(|(_, rule, _, _, _)| rule == "duplicate-sop-id")
                .map(|(file, rule, _, _, message)| format!("{file} {rule}: {message}"))
                .collect::<Vec<String>>()
        };
        assert_eq!(
            found("sops/a.yaml"),
            [
                "a.yaml duplicate-sop-id: the SOP id `ÉTÉ-1` differs only in case from `été-1` of sops/b.yaml"
            ]
        );
        assert_eq!(
            found("sops/c.yaml"),
            [
                "c.yaml duplicate-sop-id: the SOP id `CS-1` is also used by sops/e.yaml, and differs only in case from `cs-1` of sops/d.yaml"
            ]
        );
        assert_eq!(found("sops/f.yaml"), Vec::<String>::new());
    }
}
