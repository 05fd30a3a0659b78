//! Quick fixes of a finding: the "did you mean" of an unknown field, step,
//! status or rule id (the name its help or message gives), the closest id
//! for an `unknown-sop` and the closest key of `roles` for an
//! `unknown-role` ([`crate::suggest::closest`], as the rules suggest), a
//! new entry of `terms` for an `undefined-acronym`, and for every finding
//! a comment that suppresses it ([`crate::suppression::insertion`]), also
//! in a glossary.

use crate::acronym;
use crate::diagnostic::Diagnostic;
use crate::project::{Content, Document, Kind, Project};
use crate::rules::Rule;
use crate::source::SourceFile;
use crate::suggest;
use crate::suppression;
use crate::yaml::{ByteSpan, Node};

use super::edit::{inner_span, offset_of, replace_scalar};
use super::{Edit, FileEdits, Fix, View, add_term, others};

/// The fixes of one finding of this document, as `sop lint` reports it.
pub fn fixes(project: &Project, document: &Document, finding: &Diagnostic) -> Vec<Fix> {
    let Content::Parsed(parsed) = &document.content else {
        return Vec::new();
    };
    let path = project.absolute(&document.path);
    if project.absolute(&finding.path) != path {
        return Vec::new();
    }
    let fix = |(title, edit, preferred): (String, Edit, bool)| Fix {
        title,
        edits: vec![FileEdits {
            path: path.clone(),
            edits: vec![edit],
        }],
        preferred,
    };
    let mut fixes: Vec<Fix> = match View::of(document) {
        Some(view) => sop_fixes(project, document, &view, finding)
            .into_iter()
            .map(fix)
            .collect(),
        None => Vec::new(),
    };
    // A glossary keeps no tree: its text is read again.
    let root = (document.kind == Kind::Sop).then_some(&parsed.root);
    fixes.extend(suppress(&parsed.source, root, finding).map(fix));
    fixes
}

/// The fixes that change the SOP: a name for a misspelt one, a term.
fn sop_fixes(
    project: &Project,
    document: &Document,
    view: &View,
    finding: &Diagnostic,
) -> Vec<(String, Edit, bool)> {
    let text = &view.source.text;
    let Some(span) = finding.label.as_ref().map(|label| ByteSpan {
        start: offset_of(view.source, label.start),
        end: offset_of(view.source, label.end),
    }) else {
        return Vec::new();
    };
    // A name stands on one line.
    if span.start == span.end || text[span.start..span.end].contains('\n') {
        return Vec::new();
    }
    let inner = inner_span(text, span);
    let written = &text[inner.start..inner.end];
    let mut fixes = Vec::new();
    let suggestion = match Rule::from_id(finding.rule) {
        Some(Rule::UnknownSop) => {
            let ids = others::ids(project, document);
            let ids: Vec<&str> = ids.iter().map(String::as_str).collect();
            suggest::closest(written, &ids).map(String::from)
        }
        Some(Rule::UnknownRole) => {
            let roles: Vec<&str> = view.sop.roles.iter().map(|r| r.key.as_str()).collect();
            suggest::closest(written, &roles).map(String::from)
        }
        _ => did_you_mean(finding).map(String::from),
    };
    if let Some(suggestion) = suggestion.filter(|suggestion| suggestion != written) {
        let title = format!("Change `{written}` to `{suggestion}`");
        fixes.push((title, replace_scalar(text, span, &suggestion), true));
    }
    if finding.rule == Rule::UndefinedAcronym.id()
        && let Some(term) = acronym::acronym(written, &|_| false)
        && let Some(edit) = add_term::edit(view, term)
    {
        fixes.push((format!("Add `{term}` to `terms`"), edit, true));
    }
    fixes
}

/// The comment that suppresses the finding: above its line, or for the
/// whole file when it has no line.
fn suppress(
    source: &SourceFile,
    root: Option<&Node>,
    finding: &Diagnostic,
) -> Option<(String, Edit, bool)> {
    let rule = Rule::from_id(finding.rule)?;
    let line = finding.label.as_ref().map(|label| label.start.line);
    let insertion = suppression::insertion(source, root, rule, line)?;
    let title = match line {
        Some(_) => format!("Suppress this `{}` finding with a comment", rule.id()),
        None => format!("Suppress `{}` in this file with a comment", rule.id()),
    };
    let edit = Edit {
        span: ByteSpan {
            start: insertion.offset,
            end: insertion.offset,
        },
        new_text: insertion.text,
    };
    Some((title, edit, false))
}

/// The name a finding's help or message suggests: "did you mean `X`?".
fn did_you_mean(finding: &Diagnostic) -> Option<&str> {
    const OPEN: &str = "did you mean `";
    [finding.help.as_deref(), Some(finding.message.as_str())]
        .into_iter()
        .flatten()
        .find_map(|text| {
            let start = text.find(OPEN)? + OPEN.len();
            let length = text[start..].find("`?")?;
            Some(&text[start..start + length])
        })
}
