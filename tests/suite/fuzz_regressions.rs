//! Inputs the fuzzers of `fuzz/` found to make `sop` fail, replayed through
//! the CLI the way the fuzz targets run them: each becomes a project (an SOP
//! file, and after a `--- glossary ---` line a glossary beside it) that
//! `lint`, every `graph` format and both handbooks must get through without
//! a panic (a panic exits 101).

use std::path::Path;

use crate::common;

use common::{TempProject, sop, stderr};

/// Splits the SOP from the glossary in one fuzz input (as `fuzz/src/lib.rs`).
const GLOSSARY_SEPARATOR: &[u8] = b"\n--- glossary ---\n";

fn project_of(input: &[u8]) -> TempProject {
    let project = TempProject::new("sops = \"sops\"\n");
    let at = input
        .windows(GLOSSARY_SEPARATOR.len())
        .position(|window| window == GLOSSARY_SEPARATOR);
    match at {
        Some(at) => {
            project.write("sops/input.yaml", &input[..at]);
            project.write(
                "sops/glossary.yaml",
                &input[at + GLOSSARY_SEPARATOR.len()..],
            );
        }
        None => {
            project.write("sops/input.yaml", input);
        }
    }
    project
}

#[test]
fn every_input_the_fuzzers_found_is_handled() {
    let folder = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/fuzz");
    let mut inputs: Vec<_> = std::fs::read_dir(&folder)
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .collect();
    inputs.sort();
    assert!(!inputs.is_empty());
    for input in inputs {
        let project = project_of(&std::fs::read(&input).unwrap());
        let runs: [&[&str]; 7] = [
            &["lint", "sops"],
            &["graph", "sops/input.yaml", "--format", "svg"],
            &["graph", "sops/input.yaml", "--format", "dot"],
            &["graph", "sops/input.yaml", "--format", "mermaid"],
            &["graph", "sops/input.yaml", "--format", "json"],
            &["render", "sops", "--out", "html"],
            &["render", "sops", "--out", "md", "--format", "markdown"],
        ];
        for args in runs {
            let output = sop(&project.root, args);
            assert!(
                matches!(output.status.code(), Some(0..=2)),
                "{} on {}: {}",
                args.join(" "),
                input.display(),
                stderr(&output)
            );
        }
    }
}
