//! Findings, independent of how they are shown: the renderers in
//! [`crate::output`] turn a [`Report`] into text, JSON, SARIF or GitHub
//! annotations. A finding names its rule by id, so this layer needs nothing
//! of the rules themselves.

use std::path::{Path, PathBuf};

pub use crate::source::Label;
use crate::source::Position;

/// How serious a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    Warning,
    Error,
}

impl Severity {
    /// The name users write in `sop.toml` and every output format shows.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        }
    }
}

/// One finding of one rule.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// The rule's stable id, e.g. `unknown-step`.
    pub rule: &'static str,
    pub severity: Severity,
    /// The file, as the user is shown it.
    pub path: PathBuf,
    pub label: Option<Label>,
    pub message: String,
    /// What to do about it, when there is something specific to say.
    pub help: Option<String>,
}

impl Diagnostic {
    pub fn new(
        rule: &'static str,
        severity: Severity,
        path: &Path,
        label: Option<Label>,
        message: impl Into<String>,
    ) -> Self {
        Diagnostic {
            rule,
            severity,
            path: path.to_path_buf(),
            label,
            message: message.into(),
            help: None,
        }
    }

    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// Sort key: file, then position, then rule.
    pub fn sort_key(&self) -> (&Path, Option<Position>, &'static str) {
        (
            &self.path,
            self.label.as_ref().map(|label| label.start),
            self.rule,
        )
    }
}

/// The outcome of a lint run: what every output format shows.
#[derive(Debug, Default)]
pub struct Report {
    pub diagnostics: Vec<Diagnostic>,
    /// How many files (SOPs and glossaries) were checked.
    pub files: usize,
}

impl Report {
    pub fn count(&self, severity: Severity) -> usize {
        self.diagnostics
            .iter()
            .filter(|d| d.severity == severity)
            .count()
    }
}
