//! The rule registry: one table of every rule's id, default severity, how it
//! runs and its documentation. Each rule lives in its own file, its
//! documentation in the doc comment of its marker type (`sop rule ID`
//! prints it).

use std::path::Path;

use crate::diagnostic::{Diagnostic, Label, Severity};
use crate::project::index::SopSet;
use crate::source::SourceFile;
use crate::training::{Catalog, Records};
use crate::yaml::{ByteSpan, Node};

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

pub mod approval_incomplete;
pub mod call_cycle;
pub mod changed_after_approval;
pub mod command_line;
pub mod context;
pub mod date_order;
pub mod decision_branches;
pub mod duplicate_sop_id;
pub mod duplicate_step_id;
pub mod limit_exceeded;
pub mod metric_without_target;
pub mod missing_purpose;
pub mod no_exit;
pub mod retired_reference;
pub mod review_missing;
pub mod review_overdue;
pub mod revision_missing;
pub mod rule_id;
pub mod schema;
pub mod training_record;
pub mod unapproved_call;
pub mod undefined_acronym;
pub mod unknown_role;
pub mod unknown_sop;
pub mod unknown_step;
pub mod unreachable_step;
pub mod unreadable_file;
pub mod unused_suppression;
pub mod unused_term;
pub mod yaml_syntax;

pub use context::{Context, Settings};

/// Every rule, in the order of the format's rule table (then the rules that
/// the format does not list).
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
    ApprovalIncomplete,
    ChangedAfterApproval,
    DateOrder,
    ReviewMissing,
    RevisionMissing,
    RetiredReference,
    UnapprovedCall,
    CallCycle,
    TrainingRecord,
    UnreadableFile,
    LimitExceeded,
    UnusedSuppression,
}

/// How a rule runs, which is also what it may look at.
#[derive(Clone, Copy)]
pub enum Run {
    /// Its findings come from loading the project (reading, parsing).
    Load,
    /// On the YAML tree of each SOP file, even one that is not a valid SOP.
    File(fn(&SourceFile, &Node, &mut Vec<Diagnostic>)),
    /// On the model and flow graph of each SOP.
    Sop(fn(&Context, &mut Vec<Diagnostic>)),
    /// Once, across every SOP of the project.
    Project(fn(&SopSet, &mut Vec<Diagnostic>)),
    /// Once, on the training records against the project's SOPs, when the
    /// whole SOP folder is given.
    Training(fn(&Records, &Catalog, &mut Vec<Diagnostic>)),
    /// From the suppression comments of each file, once every other
    /// finding is known (see [`crate::suppression`]).
    Suppressions,
}

/// One row of the registry.
struct Entry {
    rule: Rule,
    id: &'static str,
    severity: Severity,
    run: Run,
    docs: &'static str,
}

use Severity::{Error, Warning};

/// The registry: ids are stable, users put them in `sop.toml` and CI. The
/// linter runs the rules from this table, in this order.
#[rustfmt::skip]
const REGISTRY: &[Entry] = &[
    Entry { rule: Rule::YamlSyntax, id: "yaml-syntax", severity: Error, run: Run::Load, docs: yaml_syntax::YamlSyntax::DOCS },
    Entry { rule: Rule::Schema, id: "schema", severity: Error, run: Run::File(|source, root, out| out.extend(schema::check(source, root))), docs: schema::Schema::DOCS },
    Entry { rule: Rule::MissingPurpose, id: "missing-purpose", severity: Error, run: Run::File(|source, root, out| out.extend(missing_purpose::check(source, root))), docs: missing_purpose::MissingPurpose::DOCS },
    Entry { rule: Rule::DuplicateSopId, id: "duplicate-sop-id", severity: Error, run: Run::Project(duplicate_sop_id::check), docs: duplicate_sop_id::DuplicateSopId::DOCS },
    Entry { rule: Rule::DuplicateStepId, id: "duplicate-step-id", severity: Error, run: Run::Sop(duplicate_step_id::check), docs: duplicate_step_id::DuplicateStepId::DOCS },
    Entry { rule: Rule::UnknownStep, id: "unknown-step", severity: Error, run: Run::Sop(unknown_step::check), docs: unknown_step::UnknownStep::DOCS },
    Entry { rule: Rule::UnknownSop, id: "unknown-sop", severity: Error, run: Run::Project(unknown_sop::check), docs: unknown_sop::UnknownSop::DOCS },
    Entry { rule: Rule::DecisionBranches, id: "decision-branches", severity: Error, run: Run::Sop(decision_branches::check), docs: decision_branches::DecisionBranches::DOCS },
    Entry { rule: Rule::UnreachableStep, id: "unreachable-step", severity: Error, run: Run::Sop(unreachable_step::check), docs: unreachable_step::UnreachableStep::DOCS },
    Entry { rule: Rule::NoExit, id: "no-exit", severity: Error, run: Run::Sop(no_exit::check), docs: no_exit::NoExit::DOCS },
    Entry { rule: Rule::UndefinedAcronym, id: "undefined-acronym", severity: Error, run: Run::Sop(undefined_acronym::check), docs: undefined_acronym::UndefinedAcronym::DOCS },
    Entry { rule: Rule::UnusedTerm, id: "unused-term", severity: Warning, run: Run::Sop(unused_term::check), docs: unused_term::UnusedTerm::DOCS },
    Entry { rule: Rule::UnknownRole, id: "unknown-role", severity: Warning, run: Run::Sop(unknown_role::check), docs: unknown_role::UnknownRole::DOCS },
    Entry { rule: Rule::ReviewOverdue, id: "review-overdue", severity: Warning, run: Run::Sop(review_overdue::check), docs: review_overdue::ReviewOverdue::DOCS },
    Entry { rule: Rule::MetricWithoutTarget, id: "metric-without-target", severity: Warning, run: Run::Sop(metric_without_target::check), docs: metric_without_target::MetricWithoutTarget::DOCS },
    Entry { rule: Rule::ApprovalIncomplete, id: "approval-incomplete", severity: Error, run: Run::Sop(approval_incomplete::check), docs: approval_incomplete::ApprovalIncomplete::DOCS },
    Entry { rule: Rule::ChangedAfterApproval, id: "changed-after-approval", severity: Error, run: Run::Sop(changed_after_approval::check), docs: changed_after_approval::ChangedAfterApproval::DOCS },
    Entry { rule: Rule::DateOrder, id: "date-order", severity: Error, run: Run::Sop(date_order::check), docs: date_order::DateOrder::DOCS },
    Entry { rule: Rule::ReviewMissing, id: "review-missing", severity: Warning, run: Run::Sop(review_missing::check), docs: review_missing::ReviewMissing::DOCS },
    Entry { rule: Rule::RevisionMissing, id: "revision-missing", severity: Warning, run: Run::Sop(revision_missing::check), docs: revision_missing::RevisionMissing::DOCS },
    Entry { rule: Rule::RetiredReference, id: "retired-reference", severity: Error, run: Run::Project(retired_reference::check), docs: retired_reference::RetiredReference::DOCS },
    Entry { rule: Rule::UnapprovedCall, id: "unapproved-call", severity: Warning, run: Run::Project(unapproved_call::check), docs: unapproved_call::UnapprovedCall::DOCS },
    Entry { rule: Rule::CallCycle, id: "call-cycle", severity: Warning, run: Run::Project(call_cycle::check), docs: call_cycle::CallCycle::DOCS },
    Entry { rule: Rule::TrainingRecord, id: "training-record", severity: Error, run: Run::Training(training_record::check), docs: training_record::TrainingRecord::DOCS },
    Entry { rule: Rule::UnreadableFile, id: "unreadable-file", severity: Error, run: Run::Load, docs: unreadable_file::UnreadableFile::DOCS },
    Entry { rule: Rule::LimitExceeded, id: "limit-exceeded", severity: Error, run: Run::Sop(limit_exceeded::check), docs: limit_exceeded::LimitExceeded::DOCS },
    Entry { rule: Rule::UnusedSuppression, id: "unused-suppression", severity: Warning, run: Run::Suppressions, docs: unused_suppression::UnusedSuppression::DOCS },
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

    /// How the rule runs.
    pub fn run(self) -> Run {
        self.entry().run
    }

    /// A finding of this rule at its default severity (`sop.toml` may change it).
    pub fn finding(
        self,
        path: &Path,
        label: Option<Label>,
        message: impl Into<String>,
    ) -> Diagnostic {
        Diagnostic::new(self.id(), self.default_severity(), path, label, message)
    }

    /// A finding of this rule at a span of a source file.
    pub fn at(self, source: &SourceFile, span: ByteSpan, message: impl Into<String>) -> Diagnostic {
        self.finding(&source.path, Some(Label::new(source, span)), message)
    }

    /// Where the rule is documented for people: its row of the README's
    /// rule table, which carries the anchor `rule-<id>`. SARIF's `helpUri`
    /// and the language server link to it.
    pub fn help_uri(self) -> String {
        format!("{}#rule-{}", env!("CARGO_PKG_REPOSITORY"), self.id())
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
    fn every_rule_has_its_anchor_in_the_readme() {
        let readme = include_str!("../../README.md");
        for rule in Rule::all() {
            let anchor = rule.help_uri();
            let (_, fragment) = anchor.split_once('#').unwrap();
            assert!(
                readme.contains(&format!("<a id=\"{fragment}\"></a>`{}`", rule.id())),
                "README's rule table has no anchor for {}",
                rule.id()
            );
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
