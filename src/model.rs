//! The SOP document model, read leniently from the YAML tree.
//!
//! The JSON Schema decides what is valid; this model only picks out what the
//! rules and renderers need, with the span of every value. A value of the
//! wrong type is left out here (the `schema` rule reports it), so the other
//! rules still run on the rest of a partly broken file.
//! The field lists below are checked against `schemas/sop.schema.json` by a
//! test, so the schema and the model cannot drift apart.

use crate::date::Date;
use crate::yaml::{ByteSpan, Node, Style, Value};

/// Top-level fields of an SOP, as the schema's `properties`.
pub const SOP_FIELDS: &[&str] = &[
    "id",
    "title",
    "department",
    "purpose",
    "instructions",
    "scope",
    "version",
    "status",
    "owner",
    "approved_by",
    "approved_on",
    "fingerprint",
    "effective",
    "review_by",
    "roles",
    "terms",
    "metrics",
    "references",
    "revisions",
    "tags",
];
/// Fields an SOP must have, as the schema's `required`.
pub const SOP_REQUIRED: &[&str] = &["id", "title", "department", "purpose", "instructions"];
/// Fields of a step.
pub const STEP_FIELDS: &[&str] = &[
    "id", "do", "ask", "branches", "role", "details", "call", "next", "end",
];
/// Fields of a decision branch (all required).
pub const BRANCH_FIELDS: &[&str] = &["when", "goto"];
/// Fields of a metric.
pub const METRIC_FIELDS: &[&str] = &["name", "description", "target"];
/// Fields a metric must have (`target` is checked by `metric-without-target`).
pub const METRIC_REQUIRED: &[&str] = &["name"];
/// Fields of a revision.
pub const REVISION_FIELDS: &[&str] = &["version", "date", "author", "summary"];
/// Fields a revision must have.
pub const REVISION_REQUIRED: &[&str] = &["version", "date", "summary"];
/// Values of `status`, in lifecycle order.
pub const STATUSES: &[&str] = &["draft", "in-review", "approved", "retired"];

/// A string value with its span and style.
#[derive(Debug, Clone, PartialEq)]
pub struct Text {
    pub value: String,
    pub span: ByteSpan,
    pub style: Style,
}

impl Text {
    /// The value as a date, when it is a real `YYYY-MM-DD` date (anything
    /// else is the `schema` rule's to report).
    pub fn date(&self) -> Option<Date> {
        self.value.parse().ok()
    }
}

/// A `key: text` pair of `roles`, `terms` or a glossary.
#[derive(Debug, Clone, PartialEq)]
pub struct Definition {
    pub key: String,
    pub key_span: ByteSpan,
    pub text: Option<Text>,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct Sop {
    pub span: ByteSpan,
    pub id: Option<Text>,
    pub title: Option<Text>,
    pub department: Option<Text>,
    pub purpose: Option<Text>,
    pub scope: Option<Text>,
    pub version: Option<Text>,
    pub status: Option<Text>,
    pub owner: Option<Text>,
    pub approved_by: Option<Text>,
    pub approved_on: Option<Text>,
    pub fingerprint: Option<Text>,
    pub effective: Option<Text>,
    pub review_by: Option<Text>,
    pub roles: Vec<Definition>,
    pub terms: Vec<Definition>,
    pub metrics: Vec<Metric>,
    pub references: Vec<Text>,
    pub revisions: Vec<Revision>,
    pub tags: Vec<Text>,
    pub steps: Vec<Step>,
}

/// One item of `instructions`.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Step {
    pub span: ByteSpan,
    pub id: Option<Text>,
    /// `do`: the action.
    pub action: Option<Text>,
    /// `ask`: the question of a decision.
    pub question: Option<Text>,
    pub branches: Vec<Branch>,
    pub role: Option<Text>,
    pub details: Vec<Text>,
    pub call: Option<Text>,
    pub next: Option<Text>,
    pub end: bool,
}

impl Step {
    /// A decision: only its branches continue the flow.
    pub fn is_decision(&self) -> bool {
        self.question.is_some() && self.action.is_none()
    }

    /// The step's main text: the action or the question.
    pub fn text(&self) -> Option<&Text> {
        self.action.as_ref().or(self.question.as_ref())
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Branch {
    pub span: ByteSpan,
    pub when: Option<Text>,
    pub goto: Option<Text>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Metric {
    pub span: ByteSpan,
    pub name: Option<Text>,
    pub description: Option<Text>,
    pub target: Option<Text>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Revision {
    pub version: Option<Text>,
    pub date: Option<Text>,
    pub author: Option<Text>,
    pub summary: Option<Text>,
}

/// Which field a searched text belongs to; unused-term skips a term's own definition.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TextOwner {
    TermDefinition(usize),
    Other,
}

impl Sop {
    /// Reads the model from a document's root; `None` when the root is not a mapping.
    pub fn from_node(root: &Node) -> Option<Sop> {
        let Value::Map(_) = root.value else {
            return None;
        };
        let top = |key| field(root, key);
        Some(Sop {
            span: root.span,
            id: top("id"),
            title: top("title"),
            department: top("department"),
            purpose: top("purpose"),
            scope: top("scope"),
            version: top("version"),
            status: top("status"),
            owner: top("owner"),
            approved_by: top("approved_by"),
            approved_on: top("approved_on"),
            fingerprint: top("fingerprint"),
            effective: top("effective"),
            review_by: top("review_by"),
            roles: definitions(root.get("roles")),
            terms: definitions(root.get("terms")),
            metrics: items(root.get("metrics"), |node| Metric {
                span: node.span,
                name: field(node, "name"),
                description: field(node, "description"),
                target: field(node, "target"),
            }),
            references: items(root.get("references"), text)
                .into_iter()
                .flatten()
                .collect(),
            revisions: items(root.get("revisions"), |node| Revision {
                version: field(node, "version"),
                date: field(node, "date"),
                author: field(node, "author"),
                summary: field(node, "summary"),
            }),
            tags: items(root.get("tags"), text)
                .into_iter()
                .flatten()
                .collect(),
            steps: items(root.get("instructions"), step),
        })
    }

    /// The status, `draft` when unset.
    pub fn status(&self) -> &str {
        self.status.as_ref().map_or("draft", |status| &status.value)
    }

    /// Whether `role` performs a step of this SOP or is a key of its
    /// `roles`: the SOPs that a holder of the role must know.
    pub fn involves_role(&self, role: &str) -> bool {
        self.steps
            .iter()
            .any(|step| step.role.as_ref().is_some_and(|own| own.value == role))
            || self.roles.iter().any(|defined| defined.key == role)
    }

    /// The SOP ids this SOP names: its steps' `call`s, then its `references`
    /// that are not URLs.
    pub fn links(&self) -> impl Iterator<Item = &Text> {
        self.calls().chain(self.sop_references())
    }

    /// The SOP ids its steps `call`.
    pub fn calls(&self) -> impl Iterator<Item = &Text> {
        self.steps.iter().filter_map(|step| step.call.as_ref())
    }

    /// Its `references` that name SOPs rather than URLs.
    pub fn sop_references(&self) -> impl Iterator<Item = &Text> {
        self.references
            .iter()
            .filter(|reference| !is_url(&reference.value))
    }

    /// Every text field that the acronym rules search, in document order.
    pub fn texts(&self) -> Vec<(TextOwner, &Text)> {
        let mut texts: Vec<(TextOwner, &Text)> = Vec::new();
        texts.extend(
            [&self.title, &self.purpose, &self.scope]
                .into_iter()
                .filter_map(other_text),
        );
        for step in &self.steps {
            texts.extend(
                [&step.action, &step.question]
                    .into_iter()
                    .filter_map(other_text),
            );
            texts.extend(step.details.iter().map(|detail| (TextOwner::Other, detail)));
            texts.extend(
                step.branches
                    .iter()
                    .map(|branch| &branch.when)
                    .filter_map(other_text),
            );
        }
        for metric in &self.metrics {
            texts.extend(
                [&metric.name, &metric.description, &metric.target]
                    .into_iter()
                    .filter_map(other_text),
            );
        }
        texts.extend(
            self.roles
                .iter()
                .map(|role| &role.text)
                .filter_map(other_text),
        );
        for (index, term) in self.terms.iter().enumerate() {
            texts.extend(
                term.text
                    .as_ref()
                    .map(|text| (TextOwner::TermDefinition(index), text)),
            );
        }
        texts.sort_by_key(|(_, text)| text.span.start);
        texts
    }
}

fn other_text(text: &Option<Text>) -> Option<(TextOwner, &Text)> {
    text.as_ref().map(|text| (TextOwner::Other, text))
}

/// Whether a `references` entry is a URL rather than an SOP id.
pub fn is_url(reference: &str) -> bool {
    reference.starts_with("http://") || reference.starts_with("https://")
}

/// Reads a glossary file: a mapping `TERM: definition`.
pub fn glossary_terms(root: &Node) -> Vec<Definition> {
    definitions(Some(root))
}

fn step(node: &Node) -> Step {
    Step {
        span: node.span,
        id: field(node, "id"),
        action: field(node, "do"),
        question: field(node, "ask"),
        branches: items(node.get("branches"), |branch| Branch {
            span: branch.span,
            when: field(branch, "when"),
            goto: field(branch, "goto"),
        }),
        role: field(node, "role"),
        details: items(node.get("details"), text)
            .into_iter()
            .flatten()
            .collect(),
        call: field(node, "call"),
        next: field(node, "next"),
        end: matches!(
            node.get("end").map(|end| &end.value),
            Some(Value::Bool(true))
        ),
    }
}

fn text(node: &Node) -> Option<Text> {
    match &node.value {
        Value::String(value, style) => Some(Text {
            value: value.clone(),
            span: node.span,
            style: *style,
        }),
        _ => None,
    }
}

fn field(node: &Node, key: &str) -> Option<Text> {
    node.get(key).and_then(text)
}

fn items<T>(node: Option<&Node>, read: impl Fn(&Node) -> T) -> Vec<T> {
    match node.map(|node| &node.value) {
        Some(Value::Seq(items)) => items.iter().map(read).collect(),
        _ => Vec::new(),
    }
}

fn definitions(node: Option<&Node>) -> Vec<Definition> {
    match node.map(|node| &node.value) {
        Some(Value::Map(entries)) => entries
            .iter()
            .map(|entry| Definition {
                key: entry.key.clone(),
                key_span: entry.key_span,
                text: text(&entry.value),
            })
            .collect(),
        _ => Vec::new(),
    }
}
