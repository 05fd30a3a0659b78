//! JUnit XML, the test report that Jenkins' `junit` step and GitLab's
//! `artifacts:reports:junit` read: one `<testsuite>` per file checked, a
//! passing `<testcase>` for a clean file, and one failed `<testcase>` per
//! finding. One finding per test case, because both read only the first
//! `<failure>` of a test case.
//!
//! It follows the JUnit schema of Jenkins' xUnit plugin (`junit-10.xsd`),
//! and is valid XML 1.0 whatever the SOP files hold: characters that XML
//! cannot carry (control characters) are written as `\u{1b}`.

use std::collections::HashMap;
use std::io::{self, Write};
use std::path::Path;

use crate::diagnostic::{Diagnostic, Report};
use crate::rules::Rule;

/// The `classname` of every test case: the tool that ran them.
const CLASS_NAME: &str = "sop lint";

pub fn render(report: &Report, out: &mut dyn Write) -> io::Result<()> {
    let files = files(report);
    let failures = report.diagnostics.len();
    let tests = failures + files.iter().filter(|file| file.1.is_empty()).count();
    writeln!(out, r#"<?xml version="1.0" encoding="UTF-8"?>"#)?;
    writeln!(
        out,
        r#"<testsuites name="{CLASS_NAME}" tests="{tests}" failures="{failures}" errors="0">"#
    )?;
    for (path, findings) in &files {
        let name = attribute(&super::slash_path(path));
        let failures = findings.len();
        let tests = failures.max(1);
        writeln!(
            out,
            r#"  <testsuite name="{name}" tests="{tests}" failures="{failures}" errors="0" skipped="0">"#
        )?;
        if findings.is_empty() {
            writeln!(
                out,
                r#"    <testcase name="{name}" classname="{CLASS_NAME}"/>"#
            )?;
        }
        for diagnostic in findings {
            write_failure(diagnostic, out)?;
        }
        writeln!(out, "  </testsuite>")?;
    }
    writeln!(out, "</testsuites>")
}

/// Every file with its findings, in the order the files were checked (then
/// any file that has findings but was not listed as checked).
fn files(report: &Report) -> Vec<(&Path, Vec<&Diagnostic>)> {
    let mut files: Vec<(&Path, Vec<&Diagnostic>)> = Vec::new();
    let mut index: HashMap<&Path, usize> = HashMap::new();
    let paths = report
        .checked
        .iter()
        .chain(report.diagnostics.iter().map(|diagnostic| &diagnostic.path));
    for path in paths {
        index.entry(path).or_insert_with(|| {
            files.push((path, Vec::new()));
            files.len() - 1
        });
    }
    for diagnostic in &report.diagnostics {
        if let Some(&at) = index.get(diagnostic.path.as_path()) {
            files[at].1.push(diagnostic);
        }
    }
    files
}

/// One finding: a test case named after its place and rule, failed with
/// the rule as type, the message, and text that says where and what to do.
fn write_failure(diagnostic: &Diagnostic, out: &mut dyn Write) -> io::Result<()> {
    let mut place = super::slash_path(&diagnostic.path);
    if let Some(label) = &diagnostic.label {
        place.push_str(&format!(":{}:{}", label.start.line, label.start.column));
    }
    let mut details = format!(
        "{place}: {}[{}]: {}",
        diagnostic.severity.as_str(),
        diagnostic.rule,
        diagnostic.message
    );
    if let Some(help) = &diagnostic.help {
        details.push_str(&format!("\nhelp: {help}"));
    }
    if let Some(rule) = Rule::from_id(diagnostic.rule) {
        details.push_str(&format!("\nsee: {}", rule.help_uri()));
    }
    writeln!(
        out,
        r#"    <testcase name="{}" classname="{CLASS_NAME}">"#,
        attribute(&format!("{place} {}", diagnostic.rule))
    )?;
    writeln!(
        out,
        r#"      <failure type="{}" message="{}">{}</failure>"#,
        attribute(diagnostic.rule),
        attribute(&diagnostic.message),
        text(&details)
    )?;
    writeln!(out, "    </testcase>")
}

/// Text content: markup characters escaped, the rest kept.
fn text(value: &str) -> String {
    escape(value, false)
}

/// An attribute value in double quotes: also the quote, and line breaks
/// and tabs as references, which a parser would otherwise turn into spaces.
fn attribute(value: &str) -> String {
    escape(value, true)
}

fn escape(value: &str, in_attribute: bool) -> String {
    let mut escaped = String::with_capacity(value.len());
    for c in value.chars() {
        match c {
            '&' => escaped.push_str("&amp;"),
            '<' => escaped.push_str("&lt;"),
            '>' => escaped.push_str("&gt;"),
            '"' if in_attribute => escaped.push_str("&quot;"),
            '\n' | '\r' | '\t' if in_attribute => escaped.push_str(&format!("&#{};", c as u32)),
            // A carriage return in text would be read as a line feed.
            '\r' => escaped.push_str("&#13;"),
            c if allowed_in_xml(c) => escaped.push(c),
            c => escaped.extend(c.escape_unicode()),
        }
    }
    escaped
}

/// The characters of XML 1.0 (its production `Char`).
fn allowed_in_xml(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | ' '..='\u{d7ff}' | '\u{e000}'..='\u{fffd}' | '\u{10000}'..)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_and_characters_outside_xml_are_escaped() {
        assert_eq!(text("a < b & \"c\""), "a &lt; b &amp; \"c\"");
        assert_eq!(
            attribute("say \"hi\"\n\tnow"),
            "say &quot;hi&quot;&#10;&#9;now"
        );
        assert_eq!(
            text("bell\u{7} esc\u{1b} nul\u{0}"),
            "bell\\u{7} esc\\u{1b} nul\\u{0}"
        );
        assert_eq!(text("\u{fffe}\u{ffff}"), "\\u{fffe}\\u{ffff}");
        assert_eq!(text("line\r\nnext"), "line&#13;\nnext");
        assert_eq!(text("café ✓ 𝄞"), "café ✓ 𝄞");
    }
}
