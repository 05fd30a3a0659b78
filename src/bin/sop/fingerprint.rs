//! `sop fingerprint`: each SOP's content fingerprint, as `sha256sum` prints
//! hashes, so that a reviewer can compare it with the one recorded at approval.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use sop::control::Fingerprint;
use sop::diagnostic::{Diagnostic, Report};
use sop::lint;
use sop::output::{self, Format};
use sop::project::{Content, Model};
use sop::rules::Rule;

use crate::ProjectArgs;

/// What one file gives: each is kept instead of its tree, so that 10,000
/// SOPs are not all held at once.
enum Outcome {
    Fingerprint(Fingerprint),
    NotAMapping,
    Failed(Vec<Diagnostic>),
}

pub fn run(args: ProjectArgs) -> anyhow::Result<ExitCode> {
    // A glossary met in a folder walk is skipped; one named is a mistake.
    let named: Vec<PathBuf> = args
        .paths
        .iter()
        .filter_map(|path| fs::canonicalize(path).ok())
        .collect();
    let project = args.load()?;
    let outcomes = project.read_all(|document| {
        let outcome = match &document.content {
            Content::Parsed(parsed) => match parsed.model {
                Model::Sop { .. } => Outcome::Fingerprint(Fingerprint::of(&parsed.root)),
                _ => Outcome::NotAMapping,
            },
            Content::Failed(_) => Outcome::Failed(lint::load_findings(&document)),
        };
        (document.path, outcome)
    });
    let mut stdout = anstream::stdout().lock();
    let mut failures = Report {
        files: project.file_count(),
        ..Report::default()
    };
    let mut not_sops = Vec::new();
    for (path, outcome) in outcomes {
        match outcome {
            Outcome::Fingerprint(fingerprint) => {
                writeln!(stdout, "{fingerprint}  {}", path.display())?;
            }
            Outcome::NotAMapping => not_sops.push(format!(
                "{}: not an SOP: the file holds no mapping of fields (see `sop lint`)",
                path.display()
            )),
            Outcome::Failed(findings) => failures.diagnostics.extend(findings),
        }
    }
    stdout.flush()?;
    let is_named = |path: &Path| fs::canonicalize(path).is_ok_and(|real| named.contains(&real));
    for glossary in project.given_glossaries() {
        if matches!(glossary.content, Content::Failed(_)) {
            failures.diagnostics.extend(lint::load_findings(glossary));
        } else if is_named(&glossary.path) {
            not_sops.push(format!(
                "{}: a glossary, not an SOP: it has no fingerprint",
                glossary.path.display()
            ));
        }
    }
    failures.diagnostics.extend(
        project
            .problems
            .iter()
            .map(|problem| Rule::UnreadableFile.finding(&problem.path, None, &problem.message)),
    );
    let mut stderr = anstream::stderr();
    if !failures.diagnostics.is_empty() {
        output::render(Format::Human, &failures, &mut stderr)?;
    }
    for line in &not_sops {
        writeln!(stderr, "{line}")?;
    }
    Ok(if failures.diagnostics.is_empty() && not_sops.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}
