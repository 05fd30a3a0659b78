//! Every finding as one JSON document, for scripts and dashboards.
//!
//! Written from borrowed structs rather than a `serde_json::Value` tree, so
//! that 100,000 findings cost no copy of their text.

use std::io::{self, Write};

use serde::Serialize;

use crate::diagnostic::{Diagnostic, Report, Severity};

#[derive(Serialize)]
struct Document<'a> {
    version: u32,
    summary: Summary,
    diagnostics: Vec<Finding<'a>>,
}

#[derive(Serialize)]
struct Summary {
    files: usize,
    errors: usize,
    warnings: usize,
}

#[derive(Serialize)]
struct Finding<'a> {
    rule: &'a str,
    severity: &'a str,
    path: String,
    line: Option<usize>,
    column: Option<usize>,
    end_line: Option<usize>,
    end_column: Option<usize>,
    message: &'a str,
    help: Option<&'a str>,
}

impl<'a> Finding<'a> {
    fn new(diagnostic: &'a Diagnostic) -> Self {
        let label = diagnostic.label.as_ref();
        Finding {
            rule: diagnostic.rule,
            severity: diagnostic.severity.as_str(),
            path: diagnostic.path.display().to_string(),
            line: label.map(|label| label.start.line),
            column: label.map(|label| label.start.column),
            end_line: label.map(|label| label.end.line),
            end_column: label.map(|label| label.end.column),
            message: &diagnostic.message,
            help: diagnostic.help.as_deref(),
        }
    }
}

pub fn render(report: &Report, out: &mut dyn Write) -> io::Result<()> {
    let document = Document {
        version: 1,
        summary: Summary {
            files: report.files,
            errors: report.count(Severity::Error),
            warnings: report.count(Severity::Warning),
        },
        diagnostics: report.diagnostics.iter().map(Finding::new).collect(),
    };
    serde_json::to_writer_pretty(&mut *out, &document)?;
    writeln!(out)
}
