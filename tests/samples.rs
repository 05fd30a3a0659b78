//! The bundled `sops/` are the demo of every feature: they must lint clean.

mod common;

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
