//! What a per-SOP rule may look at.

use crate::date::{Date, Period};
use crate::diagnostic::Diagnostic;
use crate::flow::Flow;
use crate::limits::Limits;
use crate::model::Sop;
use crate::project::{Glossary, Parsed};
use crate::rules::Rule;
use crate::source::SourceFile;
use crate::yaml::{ByteSpan, Node};

/// What a lint run needs besides the project.
#[derive(Debug, Clone)]
pub struct Settings {
    /// The date `review-overdue` compares with.
    pub today: Date,
    /// Words never reported as undefined acronyms (`[acronyms] allow`).
    pub allowed_acronyms: Vec<String>,
    /// `[limits]` of `sop.toml`.
    pub limits: Limits,
    /// `[review] interval` of `sop.toml`.
    pub review_interval: Period,
}

/// One SOP, its flow and its glossaries.
pub struct Context<'a> {
    pub source: &'a SourceFile,
    /// The YAML tree the model was read from (the fingerprint hashes it).
    pub root: &'a Node,
    /// The parsed file, for what is computed once per file (its fingerprint).
    pub parsed: &'a Parsed,
    pub sop: &'a Sop,
    pub flow: &'a Flow,
    /// Terms of the glossaries that apply to this SOP.
    pub glossary: &'a Glossary<'a>,
    pub settings: &'a Settings,
}

impl Context<'_> {
    pub fn diagnostic(&self, rule: Rule, span: ByteSpan, message: impl Into<String>) -> Diagnostic {
        rule.at(self.source, span, message)
    }

    /// Whether the configuration's allow list exempts this acronym.
    pub fn is_allowed_acronym(&self, word: &str) -> bool {
        self.settings
            .allowed_acronyms
            .iter()
            .any(|allowed| allowed == word)
    }
}
