//! Output formats for findings. Diagnostics know nothing of formats; the CLI
//! picks one renderer at the edge.

use std::io::{self, Write};
use std::path::{Component, Path};

use crate::diagnostic::Report;
use crate::diagnostic::Severity;

mod github;
mod gitlab;
pub(crate) mod human;
mod json;
mod junit;
mod sarif;
pub mod table;

pub use human::terminal_safe;

/// A cell that a spreadsheet would not run as a formula: text starting with
/// `=`, `+`, `-`, `@`, a tab or a carriage return gets a leading `'`, as
/// OWASP's advice on CSV injection says. An SOP title such as
/// `=HYPERLINK("http://evil.example", "Click")` stays text. Every CSV that
/// `sop` writes for a spreadsheet goes through it.
pub fn spreadsheet_safe(cell: String) -> String {
    if cell.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{cell}")
    } else {
        cell
    }
}

/// The output formats of `sop lint --format`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Code frames for people, coloured on a terminal.
    Human,
    /// One JSON document with every finding.
    Json,
    /// SARIF 2.1.0, for GitHub code scanning and other CI dashboards.
    Sarif,
    /// GitHub Actions workflow commands: annotations on the pull request.
    Github,
    /// JUnit XML, as Jenkins and GitLab read test reports: a test suite per
    /// file, a failed test case per finding.
    Junit,
    /// GitLab Code Quality JSON: the findings in the merge request.
    Gitlab,
}

/// Writes the report in `format`. Human output uses ANSI styles; the caller
/// strips them when the output is not a colour terminal.
pub fn render(format: Format, report: &Report, out: &mut dyn Write) -> io::Result<()> {
    match format {
        Format::Human => human::render(report, out),
        Format::Json => json::render(report, out),
        Format::Sarif => sarif::render(report, out),
        Format::Github => github::render(report, out),
        Format::Junit => junit::render(report, out),
        Format::Gitlab => gitlab::render(report, out),
    }
}

/// The closing line of human output, e.g. `2 errors, 1 warning in 12 files`.
pub fn summary(report: &Report) -> String {
    let errors = report.count(Severity::Error);
    let warnings = report.count(Severity::Warning);
    let files = plural(report.files, "file");
    let found = match (errors, warnings) {
        (0, 0) => return format!("No problems in {files}."),
        (errors, 0) => plural(errors, "error"),
        (0, warnings) => plural(warnings, "warning"),
        (errors, warnings) => format!(
            "{} and {}",
            plural(errors, "error"),
            plural(warnings, "warning")
        ),
    };
    format!("Found {found} in {files}.")
}

/// `1 file`, `2 files`: a count and its noun.
pub fn plural(count: usize, word: &str) -> String {
    format!("{count} {word}{}", if count == 1 { "" } else { "s" })
}

/// A path as a URI reference with `/` separators, relative when the path is.
fn uri(path: &Path) -> String {
    let encoded = crate::encode::percent_encode(&slash_path(path), b"!$&'()*+,;=:@/");
    if path.is_absolute() {
        format!("file://{encoded}")
    } else {
        encoded
    }
}

/// A path with `/` between its parts and no `./`, as CI reports name files
/// on every system: relative when the path is.
fn slash_path(path: &Path) -> String {
    let mut joined = String::new();
    for component in path.components() {
        let part = match component {
            Component::CurDir => continue,
            Component::RootDir => {
                joined.push('/');
                continue;
            }
            Component::Prefix(prefix) => prefix.as_os_str().to_string_lossy(),
            Component::ParentDir => "..".into(),
            Component::Normal(part) => part.to_string_lossy(),
        };
        if !joined.is_empty() && !joined.ends_with('/') {
            joined.push('/');
        }
        joined.push_str(&part);
    }
    joined
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uris_are_relative_and_escaped() {
        assert_eq!(
            uri(Path::new("./sops/a b/CS-1.yaml")),
            "sops/a%20b/CS-1.yaml"
        );
        assert_eq!(
            uri(Path::new("/srv/sops/x#1.yaml")),
            "file:///srv/sops/x%231.yaml"
        );
        assert_eq!(uri(Path::new("../café.yaml")), "../caf%C3%A9.yaml");
    }

    #[test]
    fn slash_paths_drop_the_current_folder() {
        assert_eq!(
            slash_path(Path::new("./sops/a b/CS-1.yaml")),
            "sops/a b/CS-1.yaml"
        );
        assert_eq!(slash_path(Path::new("/srv/x#1.yaml")), "/srv/x#1.yaml");
        assert_eq!(slash_path(Path::new("../a/./b.yaml")), "../a/b.yaml");
    }

    #[test]
    fn formula_starts_get_a_quote_and_other_text_stays() {
        for risky in ["=1+1", "+1", "-2", "@SUM(A1)", "\tx", "\rx"] {
            assert_eq!(spreadsheet_safe(risky.into()), format!("'{risky}"));
        }
        for plain in ["CS-010", "a=b", "", "2026-01-12", "'quoted"] {
            assert_eq!(spreadsheet_safe(plain.into()), plain);
        }
    }
}
