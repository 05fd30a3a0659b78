//! `sop lint --baseline FILE` and `--write-baseline FILE`: leave out the
//! findings a team recorded, or record them.

use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::bail;

use sop::baseline::{self, Baseline, Entry, Scope};
use sop::diagnostic::Report;
use sop::lint::Levels;
use sop::output::{plural, terminal_safe};
use sop::project::Project;

#[derive(clap::Args)]
pub struct BaselineArgs {
    /// Report only the findings that this baseline file does not cover.
    #[arg(long, value_name = "FILE", conflicts_with = "write_baseline")]
    baseline: Option<PathBuf>,
    /// Record every finding of this run in FILE (shown nowhere; exit 0).
    #[arg(long, value_name = "FILE")]
    write_baseline: Option<PathBuf>,
}

impl BaselineArgs {
    /// The file to record the findings in, when asked to.
    pub fn recording(&self) -> Option<&Path> {
        self.write_baseline.as_deref()
    }

    /// Drops the findings of the baseline from `report`; what to add to
    /// the human summary about them.
    pub fn leave_out(
        &self,
        project: &Project,
        levels: &Levels,
        report: &mut Report,
    ) -> anyhow::Result<String> {
        let Some(file) = &self.baseline else {
            return Ok(String::new());
        };
        // Only with a baseline: naming every file in the project costs.
        let scope = &Scope::of(project, levels);
        let name = |path: &Path| project.path_in_project(path);
        let comparison = Baseline::read(file)?.leave_out(report, name, scope);
        let shown = file.display();
        let mut note = format!(
            " Left out {} recorded in {shown}.",
            findings(comparison.covered_count())
        );
        let gone = comparison.stale_count();
        if gone > 0 {
            let (are, them) = if gone == 1 {
                ("is", "it")
            } else {
                ("are", "them")
            };
            note.push_str(&format!(
                " {} recorded there {are} no longer found: `sop lint --write-baseline {shown}` drops {them}.",
                findings(gone)
            ));
        }
        Ok(note)
    }
}

/// Writes every finding of `report` to `file`, and says on stderr what
/// changed since the baseline that was there.
pub fn record(
    project: &Project,
    scope: &Scope,
    report: &Report,
    file: &Path,
) -> anyhow::Result<()> {
    let old = match Baseline::read(file) {
        Ok(old) => Some(old),
        Err(baseline::Error::Read { error, .. })
            if error.kind() == std::io::ErrorKind::NotFound =>
        {
            None
        }
        // Never write over a file that is not a baseline (an SOP named by
        // mistake), nor over a newer one.
        Err(baseline::Error::Malformed {
            line,
            column,
            message,
            ..
        }) => bail!(
            "{} is not a baseline of `sop lint` (line {line}, column {column}: {message}), so it is not written over: choose another file, or remove it first",
            file.display()
        ),
        Err(baseline::Error::Newer { found, .. }) => bail!(
            "{} is a baseline of version {found}, newer than this sop writes ({}): upgrade sop, or remove it first",
            file.display(),
            baseline::VERSION
        ),
        Err(error) => return Err(error.into()),
    };
    let name = |path: &Path| project.path_in_project(path);
    let recorded = Baseline::record(report, name);
    let recorded_count = recorded.findings();
    let new = match &old {
        Some(old) => recorded.keeping(old, scope),
        None => recorded,
    };
    new.write(file)?;
    let mut stderr = anstream::stderr();
    let files = new
        .entries()
        .map(|entry| entry.file.as_str())
        .collect::<std::collections::BTreeSet<_>>()
        .len();
    let mut summary = format!(
        "Recorded {} in {} in {}",
        findings(new.findings()),
        plural(files, "file"),
        file.display()
    );
    if let Some(old) = &old {
        let comparison = old.compare(report, name, scope);
        for entry in &comparison.stale {
            writeln!(stderr, "no longer found: {}", describe(entry))?;
        }
        summary.push_str(&format!(
            ": {} added, {} dropped (no longer found)",
            recorded_count - comparison.covered_count(),
            comparison.stale_count()
        ));
        let kept = new.findings() - recorded_count;
        if kept > 0 {
            summary.push_str(&format!(
                ", {} kept (of files or rules this run did not check)",
                kept
            ));
        }
    }
    writeln!(stderr, "{summary}.")?;
    Ok(())
}

/// An entry on one line: `FILE:LINE: RULE: MESSAGE`, its line as recorded.
fn describe(entry: &Entry) -> String {
    let line = entry
        .lines
        .first()
        .map_or_else(String::new, |line| format!(":{line}"));
    let times = if entry.count > 1 {
        format!(" ({})", findings(entry.count))
    } else {
        String::new()
    };
    terminal_safe(&format!(
        "{}{line}: {}: {}{times}",
        entry.file, entry.rule, entry.message
    ))
    .into_owned()
}

fn findings(count: usize) -> String {
    plural(count, "finding")
}
