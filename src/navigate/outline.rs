//! The outline of a document: the top-level fields of an SOP as sections
//! in document order, `instructions` holding the steps in order
//! (decisions marked, their branches below them), `roles`, `terms` and
//! `metrics` their entries; the terms of a glossary.

use crate::model::{Definition, Sop, Step};
use crate::project::{Content, Document, Model};
use crate::yaml::{ByteSpan, Entry, Node, Value};

use super::{Symbol, SymbolKind, first_line, first_line_of};

/// The outline of a document that parsed; nothing for one that did not.
pub fn outline(document: &Document) -> Vec<Symbol> {
    let Content::Parsed(parsed) = &document.content else {
        return Vec::new();
    };
    match &parsed.model {
        Model::Sop { sop, .. } => parsed
            .root
            .as_map()
            .iter()
            .map(|entry| top_level(sop, entry))
            .collect(),
        Model::Glossary(terms) => definitions(&terms.definitions),
        Model::NotAMapping => Vec::new(),
    }
}

/// A top-level field, with the entries of those that list some.
fn top_level(sop: &Sop, entry: &Entry) -> Symbol {
    let detail = entry.value.as_str().map(first_line_of);
    let mut symbol = section(&entry.key, entry.key_span, entry.value.span, detail);
    let items = match &entry.value.value {
        Value::Seq(items) => items.as_slice(),
        _ => &[],
    };
    symbol.children = match entry.key.as_str() {
        "instructions" => (sop.steps.iter().zip(items).enumerate())
            .map(|(index, (step, node))| step_symbol(step, node, index))
            .collect(),
        "roles" => definitions(&sop.roles),
        "terms" => definitions(&sop.terms),
        "metrics" => (sop.metrics.iter().zip(items))
            .filter_map(|(metric, node)| {
                let name = metric.name.as_ref()?;
                let target = metric.target.as_ref().map(first_line);
                Some(Symbol {
                    span: node.span,
                    ..section(&name.value, name.span, name.span, target)
                })
            })
            .collect(),
        _ => Vec::new(),
    };
    symbol
}

/// The keys of `roles`, `terms` or a glossary, with their definitions.
fn definitions(definitions: &[Definition]) -> Vec<Symbol> {
    definitions
        .iter()
        .map(|defined| {
            let value = defined
                .text
                .as_ref()
                .map_or(defined.key_span, |text| text.span);
            let detail = defined.text.as_ref().map(first_line);
            section(&defined.key, defined.key_span, value, detail)
        })
        .collect()
}

/// A key and its value.
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
