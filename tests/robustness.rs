//! Bad input is a finding, never a panic: every sample SOP cut short at many
//! points, and with bytes swapped for awkward characters, is linted.

use std::path::PathBuf;

use sop::config::Config;
use sop::lint::{self, Settings};

#[test]
fn truncated_and_mangled_sops_never_panic() {
    let out = std::env::temp_dir().join(format!("sop-robustness-{}", std::process::id()));
    std::fs::create_dir_all(&out).unwrap();
    let mut written = 0;
    for entry in walkdir::WalkDir::new("sops") {
        let path = entry.unwrap().into_path();
        if path.extension().is_none_or(|ext| ext != "yaml") {
            continue;
        }
        let bytes = std::fs::read(&path).unwrap();
        for cut in (0..bytes.len()).step_by(97) {
            std::fs::write(out.join(format!("cut-{written}.yaml")), &bytes[..cut]).unwrap();
            written += 1;
        }
        let replacements = [
            (13, "é"),
            (200, "\t"),
            (400, "\u{0}"),
            (600, "\""),
            (800, "`"),
        ];
        for (at, replacement) in replacements {
            let mut mangled = bytes.clone();
            if at < mangled.len() {
                mangled.splice(at..at + 1, replacement.bytes());
            }
            std::fs::write(out.join(format!("mangled-{written}.yaml")), &mangled).unwrap();
            written += 1;
        }
    }
    let settings = Settings {
        config: Config::default_at(&PathBuf::from(".")),
        today: "2026-11-22".parse().unwrap(),
    };
    let report = lint::lint(std::slice::from_ref(&out), &settings).unwrap();
    std::fs::remove_dir_all(&out).unwrap();
    assert!(written > 100);
    assert_eq!(report.files, written);
    assert!(!report.diagnostics.is_empty());
}
