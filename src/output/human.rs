//! rustc-style findings: the message, the location, the source line with a
//! caret under the node, and the help.

use std::borrow::Cow;
use std::io::{self, Write};

use anstyle::{AnsiColor, Style};

use crate::diagnostic::Report;
use crate::diagnostic::{Diagnostic, Label, Severity};

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
        terminal_safe(&diagnostic.message)
    )?;
    let path = diagnostic.path.to_string_lossy();
    let path = terminal_safe(&path);
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
    let frame = Frame::of(label);
    writeln!(out, "{GUTTER}{line_number} |{GUTTER:#} {}", frame.line)?;
    writeln!(
        out,
        "{pad} {GUTTER}|{GUTTER:#} {}{level}{}{level:#}",
        " ".repeat(frame.indent),
        "^".repeat(frame.width)
    )?;
    write_help(diagnostic, &pad, out)
}

fn write_help(diagnostic: &Diagnostic, pad: &str, out: &mut dyn Write) -> io::Result<()> {
    if let Some(help) = &diagnostic.help {
        writeln!(
            out,
            "{pad} {GUTTER}={GUTTER:#} {HELP}help{HELP:#}: {}",
            terminal_safe(help)
        )?;
    }
    writeln!(out)
}

/// The source line of a code frame as shown, and where its caret goes.
struct Frame {
    line: String,
    indent: usize,
    width: usize,
}

impl Frame {
    /// The label's excerpt made terminal-safe (`…` where the line was cut),
    /// with the caret under the columns the label covers on its first line.
    fn of(label: &Label) -> Frame {
        let excerpt = &label.excerpt;
        let end_column = label.end_column_on_first_line();
        let mut line = String::new();
        let mut width = 0;
        if excerpt.cut_before {
            line.push('…');
            width += 1;
        }
        let (mut caret_start, mut caret_end) = (None, None);
        for (index, c) in excerpt.text.chars().enumerate() {
            let column = excerpt.first_column + index;
            if column == label.start.column {
                caret_start = Some(width);
            }
            if column == end_column {
                caret_end = Some(width);
            }
            // Tabs would misalign the caret: show them as spaces.
            let shown = if c == '\t' {
                " ".into()
            } else {
                terminal_safe_char(c)
            };
            width += shown.chars().count();
            line.push_str(&shown);
        }
        if excerpt.cut_after {
            line.push('…');
        }
        let indent = caret_start.unwrap_or(width);
        let end = caret_end.unwrap_or(width).max(indent + 1);
        Frame {
            line,
            indent,
            width: end - indent,
        }
    }
}

/// Text with every character that a terminal would act on shown escaped
/// (`\u{1b}`): control characters (a raw ESC could clear the screen or
/// forge a hyperlink, a raw `\r` overwrite the line) and the bidirectional
/// overrides that make text read in another order than it is.
pub fn terminal_safe(text: &str) -> Cow<'_, str> {
    if !text.chars().any(needs_escape) {
        return Cow::Borrowed(text);
    }
    Cow::Owned(text.chars().map(terminal_safe_char).collect())
}

fn terminal_safe_char(c: char) -> Cow<'static, str> {
    if needs_escape(c) {
        Cow::Owned(c.escape_unicode().to_string())
    } else {
        Cow::Owned(c.to_string())
    }
}

fn needs_escape(c: char) -> bool {
    c.is_control()
        || matches!(c, '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::SourceFile;
    use crate::yaml::ByteSpan;

    fn frame(text: &str, start: usize, end: usize) -> Frame {
        let source = SourceFile::new("a.yaml".into(), text.into());
        Frame::of(&Label::new(&source, ByteSpan { start, end }))
    }

    #[test]
    fn control_characters_are_escaped_and_the_caret_follows() {
        let text = "a: \u{1b}[2Jx\rkey";
        let at = text.find('x').unwrap();
        let shown = frame(text, at, at + 1);
        assert_eq!(shown.line, "a: \\u{1b}[2Jx\\u{d}key");
        assert_eq!(&shown.line[shown.indent..shown.indent + 1], "x");
        assert_eq!(shown.width, 1);
        assert_eq!(terminal_safe("plain"), "plain");
        assert_eq!(terminal_safe("\u{202e}txt"), "\\u{202e}txt");
    }

    #[test]
    fn a_long_line_is_cut_around_the_caret() {
        let text = format!("k: {}TARGET{}", "a".repeat(500), "b".repeat(500));
        let at = text.find("TARGET").unwrap();
        let shown = frame(&text, at, at + 6);
        assert!(shown.line.starts_with('…') && shown.line.ends_with('…'));
        assert!(shown.line.chars().count() <= 102);
        let caret: String = shown
            .line
            .chars()
            .skip(shown.indent)
            .take(shown.width)
            .collect();
        assert_eq!(caret, "TARGET");
    }
}
