//! rustc-style findings: the message, the location, the source line with a
//! caret under the node, and the help.

use std::io::{self, Write};

use anstyle::{AnsiColor, Style};

use crate::diagnostic::Report;
use crate::diagnostic::{Diagnostic, Severity};

const BOLD: Style = Style::new().bold();
const ERROR: Style = AnsiColor::Red.on_default().bold();
const WARNING: Style = AnsiColor::Yellow.on_default().bold();
const GUTTER: Style = AnsiColor::Blue.on_default().bold();
const HELP: Style = AnsiColor::Cyan.on_default().bold();

pub fn render(report: &Report, out: &mut dyn Write) -> io::Result<()> {
    for diagnostic in &report.diagnostics {
        write_diagnostic(diagnostic, out)?;
    }
    Ok(())
}

fn write_diagnostic(diagnostic: &Diagnostic, out: &mut dyn Write) -> io::Result<()> {
    let level = match diagnostic.severity {
        Severity::Error => ERROR,
        Severity::Warning => WARNING,
    };
    writeln!(
        out,
        "{level}{}[{}]{level:#}{BOLD}: {}{BOLD:#}",
        diagnostic.severity.as_str(),
        diagnostic.rule,
        diagnostic.message
    )?;
    let path = diagnostic.path.display();
    let Some(label) = &diagnostic.label else {
        writeln!(out, "  {GUTTER}-->{GUTTER:#} {path}")?;
        return write_help(diagnostic, "", out);
    };
    let line_number = label.start.line.to_string();
    let pad = " ".repeat(line_number.len());
    writeln!(
        out,
        "{pad}{GUTTER}-->{GUTTER:#} {path}:{}:{}",
        label.start.line, label.start.column
    )?;
    writeln!(out, "{pad} {GUTTER}|{GUTTER:#}")?;
    // Tabs would misalign the caret: show them as spaces.
    let line: String = label
        .line_text
        .chars()
        .map(|c| if c == '\t' { ' ' } else { c })
        .collect();
    writeln!(out, "{GUTTER}{line_number} |{GUTTER:#} {line}")?;
    let width = label.end_column_on_first_line() - label.start.column;
    let indent = " ".repeat(label.start.column - 1);
    writeln!(
        out,
        "{pad} {GUTTER}|{GUTTER:#} {indent}{level}{}{level:#}",
        "^".repeat(width.max(1))
    )?;
    write_help(diagnostic, &pad, out)
}

fn write_help(diagnostic: &Diagnostic, pad: &str, out: &mut dyn Write) -> io::Result<()> {
    if let Some(help) = &diagnostic.help {
        writeln!(out, "{pad} {GUTTER}={GUTTER:#} {HELP}help{HELP:#}: {help}")?;
    }
    writeln!(out)
}
