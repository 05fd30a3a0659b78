//! The benchmark corpus of `examples/gen_corpus` lints clean, and its SOPs
//! are the size and shape the benchmark claims: about 4 KB, 6 to 18 steps.

use crate::common;

/// The generator, also used by tests/suite/handbook_large.rs.
#[path = "../../examples/gen_corpus/corpus.rs"]
pub(crate) mod corpus;
#[path = "../../examples/gen_corpus/rng.rs"]
mod rng;
#[path = "../../examples/gen_corpus/text.rs"]
mod text;

use common::{TempProject, sop, stderr, stdout};

const SOPS: usize = 30;

#[test]
fn a_generated_corpus_lints_clean_on_any_day_until_2099() {
    let project = TempProject::new("");
    let bytes = corpus::write(&project.root, SOPS, 7).unwrap();
    assert!(
        (3_000..6_000).contains(&(bytes / SOPS)),
        "{} bytes per SOP",
        bytes / SOPS
    );
    for today in ["2026-11-22", "2031-02-28", "2098-12-31"] {
        let output = sop(&project.root, &["lint", "--today", today]);
        let (printed, summary) = (stdout(&output), stderr(&output));
        assert!(output.status.success(), "{today}: {printed}{summary}");
        assert_eq!(printed, "", "{today}");
        assert!(
            summary.starts_with("No problems in 37 files."),
            "{today}: {summary}"
        );
    }
}

#[test]
fn generated_sops_have_6_to_18_steps_with_decisions_and_calls() {
    let project = TempProject::new("");
    corpus::write(&project.root, SOPS, 7).unwrap();
    let files = sop_files(&project);
    assert_eq!(files.len(), SOPS);
    let count = |text: &str, line: &str| text.lines().filter(|at| at.starts_with(line)).count();
    for (name, text) in &files {
        let steps = count(text, "  - id: ");
        assert!((6..=18).contains(&steps), "{name}: {steps} steps");
        assert!(count(text, "    ask: ") >= 1, "{name}: no decision");
    }
    let calls: usize = files
        .iter()
        .map(|(_, text)| count(text, "    call: "))
        .sum();
    assert!(calls >= SOPS / 2, "{calls} calls in {SOPS} SOPs");
}

#[test]
fn the_same_seed_writes_the_same_corpus_and_another_seed_another() {
    let [first, second, other] = [(); 3].map(|()| TempProject::new(""));
    corpus::write(&first.root, 12, 3).unwrap();
    corpus::write(&second.root, 12, 3).unwrap();
    corpus::write(&other.root, 12, 4).unwrap();
    assert_eq!(sop_files(&first), sop_files(&second));
    assert_ne!(sop_files(&first), sop_files(&other));
}

/// The SOP files of a generated project (not its glossaries), by name.
fn sop_files(project: &TempProject) -> Vec<(String, String)> {
    let mut files = Vec::new();
    for department in text::DEPARTMENTS {
        let folder = format!("sops/{}", department.folder);
        for name in project.names(&folder) {
            if name != "glossary.yaml" {
                let text = std::fs::read_to_string(project.path(&folder).join(&name)).unwrap();
                files.push((name, text));
            }
        }
    }
    files
}
