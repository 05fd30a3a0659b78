//! The bundled `sops/` are the demo of every feature: they must lint clean.

use crate::common;

#[test]
fn bundled_sops_lint_clean() {
    let report = common::lint(&["sops"]);
    let findings: Vec<String> = report
        .diagnostics
        .iter()
        .map(|d| format!("{}: {} {}", d.path.display(), d.rule, d.message))
        .collect();
    assert!(findings.is_empty(), "{findings:#?}");
    assert!(report.files >= 11, "at least 10 SOPs and a glossary");
}

/// The quick tour shows a file that exists and the output `sop` really gives
/// for it (tests/cmd/quick-tour.toml runs it).
#[test]
fn the_readme_quick_tour_is_real() {
    let readme = std::fs::read_to_string(common::repo_file("README.md")).unwrap();
    let read = |path: &str| std::fs::read_to_string(common::repo_file(path)).unwrap();
    let example = read("examples/CS-030-voicemail.yaml");
    assert!(
        readme.contains(&format!("```yaml\n{example}```")),
        "README shows examples/CS-030-voicemail.yaml"
    );
    let output = format!(
        "$ sop lint examples/CS-030-voicemail.yaml\n{}{}",
        read("tests/cmd/quick-tour.stdout"),
        read("tests/cmd/quick-tour.stderr")
    );
    assert!(
        readme.contains(&output),
        "README shows the output of tests/cmd/quick-tour.toml:\n{output}"
    );
}

/// The README links the format reference inside the repository.
#[test]
fn the_format_reference_is_in_the_repository() {
    let readme = std::fs::read_to_string(common::repo_file("README.md")).unwrap();
    assert!(readme.contains("](docs/format.md)"));
    assert!(!readme.contains("../shared"));
    let format = std::fs::read_to_string(common::repo_file("docs/format.md")).unwrap();
    assert!(format.contains("# The SOP document format, v1.1"));
}
