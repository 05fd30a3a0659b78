//! The bundled `sops/` are the demo of every feature: they must lint clean.

use std::path::PathBuf;

use sop::config::Config;
use sop::lint::{self, Settings};

#[test]
fn bundled_sops_lint_clean() {
    let settings = Settings {
        config: Config::default_at(&PathBuf::from(".")),
        today: "2026-11-22".parse().unwrap(),
    };
    let report = lint::lint(&[PathBuf::from("sops")], &settings).unwrap();
    let findings: Vec<String> = report
        .diagnostics
        .iter()
        .map(|d| format!("{}: {} {}", d.path.display(), d.rule.id(), d.message))
        .collect();
    assert!(findings.is_empty(), "{findings:#?}");
    assert!(report.files >= 11, "at least 10 SOPs and a glossary");
}
