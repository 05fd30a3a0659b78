//! The outline of a document: the top-level fields of an SOP as sections
//! in document order, `instructions` holding the steps in order
//! (decisions marked, their branches below them); the terms of a glossary.

use crate::model::Step;
use crate::project::{Content, Document, Model};
use crate::yaml::{ByteSpan, Node, Value};

use super::{Symbol, SymbolKind, first_line, first_line_of};

pub fn outline(document: &Document) -> Vec<Symbol> {
    let Content::Parsed(parsed) = &document.content else {
        return Vec::new();
    };
    match &parsed.model {
        Model::Sop { sop, .. } => parsed
            .root
            .as_map()
            .iter()
            .map(|entry| {
                let mut section = section(
                    &entry.key,
                    entry.key_span,
                    entry.value.span,
                    scalar(&entry.value),
                );
                if entry.key == "instructions" {
                    let nodes = match &entry.value.value {
                        Value::Seq(items) => items.as_slice(),
                        _ => &[],
                    };
                    section.children = sop
                        .steps
                        .iter()
                        .zip(nodes)
                        .enumerate()
                        .map(|(index, (step, node))| step_symbol(step, node, index))
                        .collect();
                }
                section
            })
            .collect(),
        Model::Glossary(terms) => terms
            .definitions
            .iter()
            .map(|term| {
                let value = term.text.as_ref().map_or(term.key_span, |text| text.span);
                section(
                    &term.key,
                    term.key_span,
                    value,
                    term.text.as_ref().map(first_line),
                )
            })
            .collect(),
        Model::NotAMapping => Vec::new(),
    }
}

/// A top-level field, or a glossary term.
fn section(name: &str, key: ByteSpan, value: ByteSpan, detail: Option<String>) -> Symbol {
    Symbol {
        name: name.to_string(),
        detail,
        kind: SymbolKind::Section,
        span: ByteSpan {
            start: key.start,
            end: value.end.max(key.end),
        },
        selection: key,
        children: Vec::new(),
    }
}

/// The first line of a text value; nothing for other values.
fn scalar(node: &Node) -> Option<String> {
    node.as_str().map(first_line_of)
}

fn step_symbol(step: &Step, node: &Node, index: usize) -> Symbol {
    let name = match &step.id {
        Some(id) => id.value.clone(),
        None => format!("step {}", index + 1),
    };
    let children = step
        .branches
        .iter()
        .enumerate()
        .map(|(number, branch)| Symbol {
            name: match &branch.when {
                Some(when) => when.value.clone(),
                None => format!("branch {}", number + 1),
            },
            detail: branch.goto.as_ref().map(|goto| format!("→ {}", goto.value)),
            kind: SymbolKind::Branch,
            span: branch.span,
            selection: branch.when.as_ref().map_or(branch.span, |when| when.span),
            children: Vec::new(),
        })
        .collect();
    Symbol {
        name,
        detail: step.text().map(first_line),
        kind: if step.is_decision() {
            SymbolKind::Decision
        } else {
            SymbolKind::Step
        },
        span: step.span,
        selection: step.id.as_ref().map_or(node.first_key_span(), |id| id.span),
        children,
    }
}
