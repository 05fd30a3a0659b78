//! Findings, independent of how they are shown: the renderers in
//! [`crate::output`] turn a [`Report`] into text, JSON, SARIF or GitHub
//! annotations. A finding names its rule by id, so this layer needs nothing
//! of the rules themselves.

use std::path::{Path, PathBuf};

pub use crate::source::Label;
use crate::source::Position;

/// How serious a finding is.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize,
)]
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
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
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

/// A [`Diagnostic`] as the lint cache reads it back: the rule by its id,
/// which must name a rule of this build (see [`crate::rules::rule_id`]).
#[derive(serde::Deserialize)]
struct Stored {
    rule: crate::rules::Rule,
    severity: Severity,
    path: PathBuf,
    label: Option<Label>,
    message: String,
    help: Option<String>,
}

impl<'de> serde::Deserialize<'de> for Diagnostic {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Diagnostic, D::Error> {
        let stored = Stored::deserialize(deserializer)?;
        Ok(Diagnostic {
            rule: stored.rule.id(),
            severity: stored.severity,
            path: stored.path,
            label: stored.label,
            message: stored.message,
            help: stored.help,
        })
    }
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

    /// The source text the finding is about: its label's text on the
    /// label's first line (the node it points at, e.g. the `goto` value
    /// `step-9`), empty for a finding about a whole file. Unlike the line
    /// number or the message (which may say "120 days ago"), it stays the
    /// same while the file is edited elsewhere and the days pass, so it
    /// names the finding in baselines and in CI dashboards.
    pub fn subject(&self) -> &str {
        let Some(label) = &self.label else {
            return "";
        };
        let excerpt = &label.excerpt;
        let from = label.start.column.saturating_sub(excerpt.first_column);
        let to = label
            .end_column_on_first_line()
            .saturating_sub(excerpt.first_column);
        let byte_at = |chars: usize| {
            excerpt
                .text
                .char_indices()
                .nth(chars)
                .map_or(excerpt.text.len(), |(at, _)| at)
        };
        let (start, end) = (byte_at(from), byte_at(to));
        excerpt.text[start..end.max(start)].trim()
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
    /// The files checked, as shown, where the caller lists them (`sop lint`
    /// does): JUnit gives each clean one a passing test case.
    pub checked: Vec<PathBuf>,
}

impl Report {
    pub fn count(&self, severity: Severity) -> usize {
        self.diagnostics
            .iter()
            .filter(|d| d.severity == severity)
            .count()
    }
}

/// What names a finding across edits that do not touch it: its file, its
/// rule and its [subject](Diagnostic::subject), and which of the findings
/// with those three it is, counted in report order. A baseline matches
/// findings by it, and SARIF and GitLab reports carry its fingerprint so
/// dashboards follow a finding while lines move.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Identity {
    /// The file as the caller names it (relative to the project, or a URI).
    pub file: String,
    pub rule: String,
    pub subject: String,
    /// 0 for the first finding with this file, rule and subject.
    pub occurrence: usize,
}

impl Identity {
    /// The identities of `diagnostics`, in their order; `file` names each path.
    pub fn of_all<'a>(
        diagnostics: impl IntoIterator<Item = &'a Diagnostic>,
        file: impl Fn(&Path) -> String,
    ) -> Vec<Identity> {
        let mut seen: std::collections::HashMap<(String, &str, &str), usize> =
            std::collections::HashMap::new();
        diagnostics
            .into_iter()
            .map(|diagnostic| {
                let file = file(&diagnostic.path);
                let subject = diagnostic.subject();
                let count = seen
                    .entry((file.clone(), diagnostic.rule, subject))
                    .or_default();
                let occurrence = *count;
                *count += 1;
                Identity {
                    file,
                    rule: diagnostic.rule.to_string(),
                    subject: subject.to_string(),
                    occurrence,
                }
            })
            .collect()
    }

    /// A short stable hash of the identity: 32 hex digits of SHA-256.
    pub fn fingerprint(&self) -> String {
        use sha2::{Digest, Sha256};
        let mut hasher = Sha256::new();
        for part in [&self.file, &self.rule, &self.subject] {
            hasher.update(part.as_bytes());
            hasher.update([0]);
        }
        hasher.update(self.occurrence.to_string().as_bytes());
        hasher
            .finalize()
            .iter()
            .take(16)
            .map(|byte| format!("{byte:02x}"))
            .collect()
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::source::SourceFile;
    use crate::yaml::ByteSpan;

    /// An `unknown-step` finding at the first `needle` of `text`, in `a.yaml`.
    pub(crate) fn finding_at(text: &str, needle: &str) -> Diagnostic {
        let source = SourceFile::new("a.yaml".into(), text.to_string());
        let start = text.find(needle).unwrap();
        let span = ByteSpan {
            start,
            end: start + needle.len(),
        };
        Diagnostic::new(
            "unknown-step",
            Severity::Error,
            &source.path,
            Some(Label::new(&source, span)),
            "no step",
        )
    }

    #[test]
    fn the_subject_is_the_labelled_text_and_not_its_line() {
        let before = finding_at("a: 1\n    goto: stép-9 # x\n", "stép-9");
        let after = finding_at("a: 1\nb: 2\nc: 3\n    goto: stép-9 # x\n", "stép-9");
        assert_eq!(before.subject(), "stép-9");
        assert_ne!(before.label, after.label);
        let name = |path: &Path| path.display().to_string();
        assert_eq!(
            Identity::of_all([&before], name)[0].fingerprint(),
            Identity::of_all([&after], name)[0].fingerprint()
        );
    }

    #[test]
    fn findings_with_one_subject_are_counted_apart() {
        let first = finding_at("goto: x\n", "x");
        let ids = Identity::of_all([&first, &first.clone()], |_| "a".into());
        assert_eq!((ids[0].occurrence, ids[1].occurrence), (0, 1));
        assert_ne!(ids[0].fingerprint(), ids[1].fingerprint());
        let whole_file = Diagnostic::new("schema", Severity::Error, Path::new("a"), None, "m");
        assert_eq!(whole_file.subject(), "");
    }
}
