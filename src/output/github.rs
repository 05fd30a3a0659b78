//! GitHub Actions workflow commands: each finding becomes an annotation on the
//! changed file in the pull request.

use std::io::{self, Write};

use crate::diagnostic::Report;

pub fn render(report: &Report, out: &mut dyn Write) -> io::Result<()> {
    for diagnostic in &report.diagnostics {
        // The workflow commands are named as the severities.
        let command = diagnostic.severity.as_str();
        let path = diagnostic.path.display().to_string();
        let mut properties = format!("file={}", escape_property(&path));
        if let Some(label) = &diagnostic.label {
            properties.push_str(&format!(
                ",line={},col={},endColumn={}",
                label.start.line,
                label.start.column,
                label.end_column_on_first_line()
            ));
        }
        properties.push_str(&format!(
            ",title={}",
            escape_property(&format!("sop {}", diagnostic.rule))
        ));
        let mut message = diagnostic.message.clone();
        if let Some(help) = &diagnostic.help {
            message.push_str(&format!("\nhelp: {help}"));
        }
        writeln!(out, "::{command} {properties}::{}", escape_data(&message))?;
    }
    Ok(())
}

fn escape_data(text: &str) -> String {
    text.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

fn escape_property(text: &str) -> String {
    escape_data(text).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn workflow_command_values_are_escaped() {
        assert_eq!(escape_data("50%\nnext"), "50%25%0Anext");
        assert_eq!(escape_property("a:b,c"), "a%3Ab%2Cc");
    }
}
