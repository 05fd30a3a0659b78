//! GitLab Code Quality JSON (`artifacts:reports:codequality`): an array of
//! issues, each with a description, the rule as `check_name`, a fingerprint
//! that stays while lines move (GitLab compares the merge request's issues
//! with the target branch's by it), a severity and the file and line.

use std::io::{self, Write};

use serde::Serialize;

use crate::diagnostic::{Identity, Report, Severity};

#[derive(Serialize)]
struct Issue<'a> {
    description: &'a str,
    check_name: &'a str,
    fingerprint: String,
    severity: &'static str,
    location: Location,
}

#[derive(Serialize)]
struct Location {
    path: String,
    lines: Lines,
}

#[derive(Serialize)]
struct Lines {
    begin: usize,
    end: usize,
}

/// GitLab's scale is `info`, `minor`, `major`, `critical`, `blocker`: an
/// error of the format or of a rule is `major` (it fails `sop lint`), a
/// warning `minor`. `critical` and `blocker` are left for what stops a
/// release, which no finding about a document does.
fn severity(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "major",
        Severity::Warning => "minor",
    }
}

pub fn render(report: &Report, out: &mut dyn Write) -> io::Result<()> {
    let identities = Identity::of_all(&report.diagnostics, super::slash_path);
    let issues: Vec<Issue> = report
        .diagnostics
        .iter()
        .zip(identities)
        .map(|(diagnostic, identity)| {
            // A finding about a whole file stands at its first line; the
            // label's end is exclusive, GitLab's last line is not.
            let (begin, end) = diagnostic.label.as_ref().map_or((1, 1), |label| {
                let ends_at_line_start = label.end.column == 1 && label.end.line > label.start.line;
                (
                    label.start.line,
                    label.end.line - usize::from(ends_at_line_start),
                )
            });
            Issue {
                description: &diagnostic.message,
                check_name: diagnostic.rule,
                fingerprint: identity.fingerprint(),
                severity: severity(diagnostic.severity),
                location: Location {
                    path: identity.file,
                    lines: Lines { begin, end },
                },
            }
        })
        .collect();
    serde_json::to_writer_pretty(&mut *out, &issues)?;
    writeln!(out)
}
