//! Findings, independent of how they are shown: the renderers in
//! [`crate::output`] turn them into text, JSON, SARIF or GitHub annotations.

use std::path::{Path, PathBuf};

use crate::rules::Rule;
use crate::source::{Position, SourceFile};
use crate::yaml::ByteSpan;

/// How serious a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    Warning,
    Error,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        }
    }
}

/// Where in a file a finding points.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Label {
    pub start: Position,
    /// Exclusive end; may lie on a later line than `start`.
    pub end: Position,
    /// The text of the line of `start`, for code frames.
    pub line_text: String,
}

impl Label {
    pub fn new(source: &SourceFile, span: ByteSpan) -> Self {
        let start = source.position(span.start);
        let mut end = source.position(span.end.max(span.start));
        let line_text = source.line_text(start.line).to_string();
        if end == start {
            // Point at one character so an empty node still shows a caret.
            end.column += 1;
        }
        Label {
            start,
            end,
            line_text,
        }
    }

    /// The end column on the line of `start`, for a one-line underline.
    pub fn end_column_on_first_line(&self) -> usize {
        if self.end.line == self.start.line {
            self.end.column.max(self.start.column + 1)
        } else {
            self.line_text.chars().count().max(self.start.column) + 1
        }
    }
}

/// One finding of one rule.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub rule: Rule,
    pub severity: Severity,
    pub path: PathBuf,
    pub label: Option<Label>,
    pub message: String,
    /// What to do about it, when there is something specific to say.
    pub help: Option<String>,
}

impl Diagnostic {
    /// A finding at the rule's default severity; configuration may change it later.
    pub fn new(rule: Rule, path: &Path, label: Option<Label>, message: impl Into<String>) -> Self {
        Diagnostic {
            rule,
            severity: rule.default_severity(),
            path: path.to_path_buf(),
            label,
            message: message.into(),
            help: None,
        }
    }

    /// A finding at a span of a source file.
    pub fn at(rule: Rule, source: &SourceFile, span: ByteSpan, message: impl Into<String>) -> Self {
        Self::new(rule, &source.path, Some(Label::new(source, span)), message)
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
            self.rule.id(),
        )
    }
}
