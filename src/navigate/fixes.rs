//! Quick fixes of a finding: the "did you mean" of an unknown field, step,
//! status or rule id (the name its help or message gives), the closest id
//! for an `unknown-sop`, a new entry of `terms` for an `undefined-acronym`,
//! and for every finding a comment that suppresses it
//! ([`crate::suppression::insertion`]).

use crate::acronym;
use crate::diagnostic::Diagnostic;
use crate::project::{Document, Project};
use crate::rules::Rule;
use crate::suggest;
use crate::suppression;
use crate::yaml::ByteSpan;

use super::edit::{inner_span, offset_of, replace_scalar};
use super::{Edit, FileEdits, Fix, View, add_term, others};

pub fn fixes(project: &Project, document: &Document, finding: &Diagnostic) -> Vec<Fix> {
    let Some(view) = View::of(document) else {
        return Vec::new();
    };
    if project.absolute(&finding.path) != project.absolute(&document.path) {
        return Vec::new();
    }
    let path = project.absolute(&document.path);
    let fix = |title: String, edits: Vec<Edit>, preferred: bool| Fix {
        title,
        edits: vec![FileEdits {
            path: path.clone(),
            edits,
        }],
        preferred,
    };
    let mut fixes = Vec::new();
    let span = finding.label.as_ref().map(|label| ByteSpan {
        start: offset_of(view.source, label.start),
        end: offset_of(view.source, label.end),
    });
    if let Some(span) = span.filter(|span| on_one_line(&view, *span)) {
        let text = &view.source.text;
        let written = {
            let inner = inner_span(text, span);
            &text[inner.start..inner.end]
        };
        let suggestion = match Rule::from_id(finding.rule) {
            Some(Rule::UnknownSop) => {
                let ids = others::ids(project, document);
                let ids: Vec<&str> = ids.iter().map(String::as_str).collect();
                suggest::closest(written, &ids).map(String::from)
            }
            _ => did_you_mean(finding).map(String::from),
        };
        if let Some(suggestion) = suggestion.filter(|suggestion| suggestion != written) {
            fixes.push(fix(
                format!("Change `{written}` to `{suggestion}`"),
                vec![replace_scalar(text, span, &suggestion)],
                true,
            ));
        }
        if finding.rule == Rule::UndefinedAcronym.id()
            && let Some(term) = acronym::acronym(written, &|_| false)
            && let Some(edit) = add_term::edit(&view, term)
        {
            fixes.push(fix(format!("Add `{term}` to `terms`"), vec![edit], true));
        }
    }
    if let Some(rule) = Rule::from_id(finding.rule) {
        let line = finding.label.as_ref().map(|label| label.start.line);
        if let Some(insertion) = suppression::insertion(view.source, Some(view.root), rule, line) {
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
            fixes.push(fix(title, vec![edit], false));
        }
    }
    fixes
}

/// Whether a span is a non-empty part of one line.
fn on_one_line(view: &View, span: ByteSpan) -> bool {
    span.start < span.end && !view.source.text[span.start..span.end].contains('\n')
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
