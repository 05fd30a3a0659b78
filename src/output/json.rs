//! Every finding as one JSON document, for scripts and dashboards.

use std::io::{self, Write};

use serde_json::json;

use crate::diagnostic::Report;
use crate::diagnostic::Severity;

pub fn render(report: &Report, out: &mut dyn Write) -> io::Result<()> {
    let diagnostics: Vec<serde_json::Value> = report
        .diagnostics
        .iter()
        .map(|diagnostic| {
            let label = diagnostic.label.as_ref();
            json!({
                "rule": diagnostic.rule,
                "severity": diagnostic.severity.as_str(),
                "path": diagnostic.path.display().to_string(),
                "line": label.map(|label| label.start.line),
                "column": label.map(|label| label.start.column),
                "end_line": label.map(|label| label.end.line),
                "end_column": label.map(|label| label.end.column),
                "message": diagnostic.message,
                "help": diagnostic.help,
            })
        })
        .collect();
    let document = json!({
        "version": 1,
        "summary": {
            "files": report.files,
            "errors": report.count(Severity::Error),
            "warnings": report.count(Severity::Warning),
        },
        "diagnostics": diagnostics,
    });
    serde_json::to_writer_pretty(&mut *out, &document)?;
    writeln!(out)
}
