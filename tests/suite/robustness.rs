//! Bad input is a finding, never a panic: every sample SOP cut short at many
//! points, and with bytes swapped for awkward characters, is linted.

use crate::common;

#[test]
fn truncated_and_mangled_sops_never_panic() {
    let out = std::env::temp_dir().join(format!("sop-robustness-{}", std::process::id()));
    std::fs::create_dir_all(&out).unwrap();
    let mut written = 0;
    for entry in walkdir::WalkDir::new(common::repo_file("sops")) {
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
    // A project of its own, wherever the temporary folder is.
    std::fs::write(out.join("sop.toml"), "").unwrap();
    let project = sop::project::load(&sop::project::Options::new(&out, Vec::new())).unwrap();
    let report = sop::lint::check(&project, "2026-11-22".parse().unwrap()).unwrap();
    std::fs::remove_dir_all(&out).unwrap();
    assert!(written > 100);
    assert_eq!(report.files, written);
    assert!(!report.diagnostics.is_empty());
}
