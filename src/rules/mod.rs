//! The rule registry: one table of every rule's id, default severity and
//! documentation. Each rule lives in its own file, its documentation in the
//! doc comment of its marker type (`sop rule ID` prints it).

use crate::diagnostic::Severity;

/// Declares a rule's marker type and keeps its doc comment as `DOCS`.
macro_rules! declare_rule {
    ($(#[doc = $doc:literal])+ pub struct $name:ident;) => {
        $(#[doc = $doc])+
        pub struct $name;

        impl $name {
            pub const DOCS: &'static str = concat!($($doc, "\n"),+);
        }
    };
}

pub mod decision_branches;
pub mod duplicate_sop_id;
pub mod duplicate_step_id;
pub mod metric_without_target;
pub mod missing_purpose;
pub mod no_exit;
pub mod review_overdue;
pub mod schema;
pub mod undefined_acronym;
pub mod unknown_role;
pub mod unknown_sop;
pub mod unknown_step;
pub mod unreachable_step;
pub mod unused_term;
pub mod yaml_syntax;

/// Every rule, in the order of the format's rule table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Rule {
    YamlSyntax,
    Schema,
    MissingPurpose,
    DuplicateSopId,
    DuplicateStepId,
    UnknownStep,
    UnknownSop,
    DecisionBranches,
    UnreachableStep,
    NoExit,
    UndefinedAcronym,
    UnusedTerm,
    UnknownRole,
    ReviewOverdue,
    MetricWithoutTarget,
}

/// One row of the registry.
struct Entry {
    rule: Rule,
    id: &'static str,
    severity: Severity,
    docs: &'static str,
}

use Severity::{Error, Warning};

/// The registry: ids are stable, users put them in `sop.toml` and CI.
#[rustfmt::skip]
const REGISTRY: &[Entry] = &[
    Entry { rule: Rule::YamlSyntax, id: "yaml-syntax", severity: Error, docs: yaml_syntax::YamlSyntax::DOCS },
    Entry { rule: Rule::Schema, id: "schema", severity: Error, docs: schema::Schema::DOCS },
    Entry { rule: Rule::MissingPurpose, id: "missing-purpose", severity: Error, docs: missing_purpose::MissingPurpose::DOCS },
    Entry { rule: Rule::DuplicateSopId, id: "duplicate-sop-id", severity: Error, docs: duplicate_sop_id::DuplicateSopId::DOCS },
    Entry { rule: Rule::DuplicateStepId, id: "duplicate-step-id", severity: Error, docs: duplicate_step_id::DuplicateStepId::DOCS },
    Entry { rule: Rule::UnknownStep, id: "unknown-step", severity: Error, docs: unknown_step::UnknownStep::DOCS },
    Entry { rule: Rule::UnknownSop, id: "unknown-sop", severity: Error, docs: unknown_sop::UnknownSop::DOCS },
    Entry { rule: Rule::DecisionBranches, id: "decision-branches", severity: Error, docs: decision_branches::DecisionBranches::DOCS },
    Entry { rule: Rule::UnreachableStep, id: "unreachable-step", severity: Error, docs: unreachable_step::UnreachableStep::DOCS },
    Entry { rule: Rule::NoExit, id: "no-exit", severity: Error, docs: no_exit::NoExit::DOCS },
    Entry { rule: Rule::UndefinedAcronym, id: "undefined-acronym", severity: Error, docs: undefined_acronym::UndefinedAcronym::DOCS },
    Entry { rule: Rule::UnusedTerm, id: "unused-term", severity: Warning, docs: unused_term::UnusedTerm::DOCS },
    Entry { rule: Rule::UnknownRole, id: "unknown-role", severity: Warning, docs: unknown_role::UnknownRole::DOCS },
    Entry { rule: Rule::ReviewOverdue, id: "review-overdue", severity: Warning, docs: review_overdue::ReviewOverdue::DOCS },
    Entry { rule: Rule::MetricWithoutTarget, id: "metric-without-target", severity: Warning, docs: metric_without_target::MetricWithoutTarget::DOCS },
];

impl Rule {
    /// Every rule, in registry order.
    pub fn all() -> impl Iterator<Item = Rule> {
        REGISTRY.iter().map(|entry| entry.rule)
    }

    /// The rule with this id, e.g. `undefined-acronym`.
    pub fn from_id(id: &str) -> Option<Rule> {
        REGISTRY
            .iter()
            .find(|entry| entry.id == id)
            .map(|entry| entry.rule)
    }

    fn entry(self) -> &'static Entry {
        &REGISTRY[self as usize]
    }

    pub fn id(self) -> &'static str {
        self.entry().id
    }

    pub fn default_severity(self) -> Severity {
        self.entry().severity
    }

    /// The rule's documentation, Markdown.
    pub fn docs(self) -> String {
        self.entry()
            .docs
            .lines()
            .map(|line| line.strip_prefix(' ').unwrap_or(line))
            .collect::<Vec<_>>()
            .join("\n")
            .trim()
            .to_string()
    }

    /// The first sentence of the documentation, for tables and SARIF.
    pub fn summary(self) -> String {
        let docs = self.docs();
        let paragraph = docs.split("\n\n").next().unwrap_or_default();
        let paragraph = paragraph.split_whitespace().collect::<Vec<_>>().join(" ");
        match paragraph.find(". ") {
            Some(end) => paragraph[..=end].to_string(),
            None => paragraph,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn registry_rows_match_the_enum_order() {
        for (index, entry) in REGISTRY.iter().enumerate() {
            assert_eq!(entry.rule as usize, index, "{} is out of order", entry.id);
            assert_eq!(Rule::from_id(entry.id), Some(entry.rule));
        }
    }

    #[test]
    fn every_rule_documents_why_and_an_example() {
        for rule in Rule::all() {
            let docs = rule.docs();
            assert!(docs.contains("## Why it matters"), "{}", rule.id());
            assert!(docs.contains("## Example"), "{}", rule.id());
            assert!(!rule.summary().is_empty());
        }
    }
}
