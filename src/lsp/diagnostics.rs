//! One open file linted as `sop lint FILE` lints it, its findings as LSP
//! diagnostics: the range of the node (start and end), the severity of
//! `sop.toml`, the rule id as `code` and its documentation as
//! `codeDescription`; the help goes after the message, as `sop lint` shows it.
//! Each carries its index among them as `data` (see [`super::findings`]).

use std::path::Path;

use lsp_types::{
    CodeDescription, Diagnostic as LspDiagnostic, DiagnosticSeverity, DiagnosticTag,
    NumberOrString, Range,
};

use super::affected::Links;
use super::documents::Linted;
use super::{findings, position};
use crate::date::Date;
use crate::diagnostic::{Diagnostic, Severity};
use crate::lint;
use crate::project::{self, Project};
use crate::rules::Rule;

/// What linting one file gives: its diagnostics, the findings they show
/// (none for a project that could not be loaded), and what the other open
/// files' findings depend on (none when the project could not be loaded).
#[derive(Debug)]
pub struct Outcome {
    pub diagnostics: Vec<LspDiagnostic>,
    pub findings: Vec<Diagnostic>,
    pub linted: Option<Linted>,
}

/// Lints the file at `path` (absolute), whose buffer is `text`, in its
/// project (see [`super::project`]), on `today`.
pub fn lint(
    project: Result<Project, project::Error>,
    path: &Path,
    text: &str,
    today: Date,
) -> Outcome {
    let project = match project {
        Ok(project) => project,
        Err(error) => return not_linted(&error.to_string()),
    };
    if !is_linted(&project, path) {
        let linted = Linted {
            root: project.root.clone(),
            links: None,
        };
        return Outcome {
            diagnostics: Vec::new(),
            findings: Vec::new(),
            linted: Some(linted),
        };
    }
    let kept = lint::check_keeping(&project, today, |document| {
        Some(Links::of(&document.summary()))
    });
    let (report, links) = match kept {
        Ok(kept) => kept,
        Err(error) => return not_linted(&error.to_string()),
    };
    let shown = project.shown(path);
    let findings: Vec<Diagnostic> = report
        .diagnostics
        .into_iter()
        .filter(|diagnostic| diagnostic.path == shown)
        .collect();
    Outcome {
        diagnostics: convert(text, &findings),
        findings,
        linted: Some(Linted {
            root: project.root.clone(),
            links: links.into_iter().next(),
        }),
    }
}

/// Whether `sop lint`, given no paths, would lint the file: an SOP under
/// the SOP folder, or a glossary of the project. Other YAML files of the
/// project (a CI workflow) get no findings, and no answers to requests.
pub fn is_linted(project: &Project, path: &Path) -> bool {
    let sop_folder = project::sop_folder(&project.config);
    path.starts_with(&sop_folder) || project::is_glossary(path) && path.starts_with(&project.root)
}

/// A project that cannot be loaded (a broken `sop.toml`): one diagnostic
/// at the top of the file says why, as `sop lint` would on stderr.
fn not_linted(reason: &str) -> Outcome {
    let diagnostic = LspDiagnostic {
        severity: Some(DiagnosticSeverity::ERROR),
        source: Some("sop".into()),
        message: format!("cannot lint this file: {reason}"),
        ..LspDiagnostic::default()
    };
    Outcome {
        diagnostics: vec![diagnostic],
        findings: Vec::new(),
        linted: None,
    }
}

/// The findings of one file as LSP diagnostics, their ranges found in the
/// buffer's `text`.
pub fn convert(text: &str, findings: &[Diagnostic]) -> Vec<LspDiagnostic> {
    // The linter reads a file without its byte-order mark (see
    // `project::read`); a client that keeps it counts it on the first line.
    let (text, bom) = match text.strip_prefix('\u{feff}') {
        Some(rest) => (rest, 1),
        None => (text, 0),
    };
    let points: Vec<_> = findings
        .iter()
        .filter_map(|finding| finding.label.as_ref())
        .flat_map(|label| [label.start, label.end])
        .collect();
    let mut positions = position::lsp_positions(text, &points)
        .into_iter()
        .map(|mut at| {
            if at.line == 0 {
                at.character += bom;
            }
            at
        });
    findings
        .iter()
        .enumerate()
        .map(|(index, finding)| {
            let range = match &finding.label {
                Some(_) => {
                    let start = positions.next().unwrap_or_default();
                    Range::new(start, positions.next().unwrap_or(start))
                }
                None => Range::default(),
            };
            to_lsp(finding, range, index)
        })
        .collect()
}

fn to_lsp(finding: &Diagnostic, range: Range, index: usize) -> LspDiagnostic {
    let rule = Rule::from_id(finding.rule);
    let code_description = rule
        .and_then(|rule| rule.help_uri().parse().ok())
        .map(|href| CodeDescription { href });
    let message = match &finding.help {
        Some(help) => format!("{}\nhelp: {help}", finding.message),
        None => finding.message.clone(),
    };
    // Editors grey out what these point at: text that does nothing.
    let unnecessary = matches!(
        rule,
        Some(Rule::UnusedTerm | Rule::UnusedSuppression | Rule::UnreachableStep)
    );
    LspDiagnostic {
        range,
        severity: Some(match finding.severity {
            Severity::Error => DiagnosticSeverity::ERROR,
            Severity::Warning => DiagnosticSeverity::WARNING,
        }),
        code: Some(NumberOrString::String(finding.rule.to_string())),
        code_description,
        source: Some("sop".into()),
        message,
        related_information: None,
        tags: unnecessary.then(|| vec![DiagnosticTag::UNNECESSARY]),
        data: Some(findings::data(index)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::tests::finding_at;
    use lsp_types::Position;

    #[test]
    fn a_finding_gets_its_node_range_in_utf16_and_its_rule() {
        let text = "a: 1\n    goto: stép-😀9 # x\n";
        let finding = finding_at(text, "stép-😀9").with_help("name a step");
        let converted = convert(text, std::slice::from_ref(&finding));
        let diagnostic = &converted[0];
        assert_eq!(
            diagnostic.range,
            Range::new(Position::new(1, 10), Position::new(1, 18))
        );
        assert_eq!(
            diagnostic.code,
            Some(NumberOrString::String("unknown-step".into()))
        );
        assert_eq!(
            diagnostic.code_description.as_ref().unwrap().href.as_str(),
            Rule::UnknownStep.help_uri()
        );
        assert_eq!(diagnostic.message, "no step\nhelp: name a step");
        assert_eq!(diagnostic.severity, Some(DiagnosticSeverity::ERROR));
    }

    #[test]
    fn a_byte_order_mark_counts_on_the_first_line() {
        let text = "goto: x\n";
        let finding = finding_at(text, "x");
        let converted = convert(&format!("\u{feff}{text}"), &[finding]);
        assert_eq!(
            converted[0].range,
            Range::new(Position::new(0, 7), Position::new(0, 8))
        );
    }
}
