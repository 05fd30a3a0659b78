//! `sop fingerprint`: each SOP's content fingerprint, as `sha256sum` prints
//! hashes, so that a reviewer can compare it with the one recorded at approval.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use sop::control::Fingerprint;
use sop::output::{self, Format};
use sop::project::{Content, Model};

use crate::ProjectArgs;
use crate::graph::read_failures;

pub fn run(args: ProjectArgs) -> anyhow::Result<ExitCode> {
    // A glossary met in a folder walk is skipped; one named is a mistake.
    let named: Vec<PathBuf> = args
        .paths
        .iter()
        .filter_map(|path| fs::canonicalize(path).ok())
        .collect();
    let project = args.load()?;
    let documents = project.read_all(|document| document);
    let failures = read_failures(&project, &documents);
    let mut stdout = anstream::stdout().lock();
    let mut not_sops = 0;
    for document in &documents {
        match &document.content {
            Content::Parsed(parsed) if matches!(parsed.model, Model::Sop { .. }) => {
                let fingerprint = Fingerprint::of(&parsed.root);
                writeln!(stdout, "{fingerprint}  {}", document.path.display())?;
            }
            Content::Parsed(_) => not_sops += 1,
            Content::Failed(_) => {}
        }
    }
    stdout.flush()?;
    let mut stderr = anstream::stderr();
    let is_named = |path: &Path| fs::canonicalize(path).is_ok_and(|real| named.contains(&real));
    for glossary in project
        .given_glossaries()
        .filter(|glossary| is_named(&glossary.path))
    {
        not_sops += 1;
        writeln!(
            stderr,
            "{}: a glossary, not an SOP: it has no fingerprint",
            glossary.path.display()
        )?;
    }
    if !failures.diagnostics.is_empty() {
        output::render(Format::Human, &failures, &mut stderr)?;
    }
    for document in &documents {
        if let Content::Parsed(parsed) = &document.content
            && matches!(parsed.model, Model::NotAMapping)
        {
            writeln!(
                stderr,
                "{}: not an SOP: the file holds no mapping of fields (see `sop lint`)",
                document.path.display()
            )?;
        }
    }
    Ok(if failures.diagnostics.is_empty() && not_sops == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}
