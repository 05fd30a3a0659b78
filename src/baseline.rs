//! Baselines: the findings a team records once (`sop lint --write-baseline
//! FILE`) so that CI can fail only on new ones (`--baseline FILE`) while the
//! recorded ones are fixed over time.
//!
//! A finding is matched by its file (from the project root), rule and
//! [subject](crate::diagnostic::Diagnostic::subject), never by its line, so
//! edits elsewhere in a file do not make it new. An entry counts the
//! findings with the same three: a third one where two were recorded is new.
//!
//! The file is JSON, one entry per line in a stable order, so that the
//! `git diff` of a rewritten baseline shows the findings fixed and added.

use std::collections::{BTreeMap, HashSet};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::diagnostic::{Identity, Report};
use crate::lint::Levels;
use crate::project::Project;
use crate::rules::Rule;

/// The version of the file format this `sop` writes and reads.
pub const VERSION: u32 = 1;

/// Why a baseline could not be read or written.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error(
        "cannot read the baseline {}: {error}; record one with `sop lint --write-baseline {}`",
        path.display(),
        path.display()
    )]
    Read {
        path: PathBuf,
        error: std::io::Error,
    },
    #[error(
        "{}:{line}:{column}: not a baseline of `sop lint`: {message}; fix it, or record it again with `sop lint --write-baseline {}`",
        path.display(),
        path.display()
    )]
    Malformed {
        path: PathBuf,
        line: usize,
        column: usize,
        message: String,
    },
    #[error(
        "{}: a baseline of version {found}, newer than this sop reads (version {VERSION}): upgrade sop, or record it again with `sop lint --write-baseline {}`",
        path.display(),
        path.display()
    )]
    Newer { path: PathBuf, found: u64 },
    #[error("cannot write the baseline: {0}")]
    Write(#[from] crate::publish::Error),
}

/// What names the findings an entry stands for.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
struct Key {
    file: String,
    rule: String,
    subject: String,
}

/// One entry of the file: how many findings of one rule, about one
/// subject, one file has.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Entry {
    /// From the project root, `/` between its parts.
    pub file: String,
    pub rule: String,
    pub subject: String,
    pub count: usize,
    /// Where the findings were when recorded: for people, never matched.
    #[serde(default)]
    pub lines: Vec<usize>,
    /// The first finding's message, for people.
    #[serde(default)]
    pub message: String,
}

impl Entry {
    fn key(&self) -> Key {
        Key {
            file: self.file.clone(),
            rule: self.rule.clone(),
            subject: self.subject.clone(),
        }
    }
}

/// The recorded findings.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Baseline {
    entries: BTreeMap<Key, Entry>,
}

/// What one run of `sop lint` checked: the files given (and the training
/// records, when the whole SOP folder is given) with the rules that were
/// on. Entries about other files or rules are none of its business: they
/// are never stale, and writing the baseline again keeps them. An entry
/// whose file no longer exists is always in scope, so it goes stale.
#[derive(Debug)]
pub struct Scope {
    files: HashSet<String>,
    rules: HashSet<&'static str>,
    root: PathBuf,
}

impl Scope {
    pub fn of(project: &Project, levels: &Levels) -> Scope {
        let name = |path: &Path| project.path_in_project(path);
        let given = project.files.iter().map(|file| name(&file.path));
        let glossaries = project
            .given_glossaries()
            .map(|glossary| name(&glossary.path));
        let problems = project.problems.iter().map(|problem| name(&problem.path));
        let training = &project.config.training;
        let records = [&training.roster.path, &training.acknowledgements.path]
            .into_iter()
            .filter(|_| project.whole_sop_folder)
            .map(|path| name(path));
        Scope {
            files: given
                .chain(glossaries)
                .chain(problems)
                .chain(records)
                .collect(),
            // The per-file cap's `limit-exceeded` findings come whatever the levels.
            rules: Rule::all()
                .filter(|rule| levels.is_on(*rule) || *rule == Rule::LimitExceeded)
                .map(Rule::id)
                .collect(),
            root: project.root.clone(),
        }
    }

    /// Whether this run checked what the entry is about.
    fn covers(&self, entry: &Entry) -> bool {
        self.rules.contains(entry.rule.as_str())
            && (self.files.contains(&entry.file) || !self.root.join(&entry.file).exists())
    }
}

/// How a report compares with a baseline.
#[derive(Debug, Default)]
pub struct Comparison {
    /// For each finding of the report, in order, whether the baseline covers it.
    pub covered: Vec<bool>,
    /// The entries (or the part of their count) that no finding matched any
    /// more: fixed, or moved to another file.
    pub stale: Vec<Entry>,
}

impl Comparison {
    /// How many findings of the report the baseline covers.
    pub fn covered_count(&self) -> usize {
        self.covered.iter().filter(|&&covered| covered).count()
    }

    /// How many recorded findings are no longer found.
    pub fn stale_count(&self) -> usize {
        self.stale.iter().map(|entry| entry.count).sum()
    }
}

/// The head of the file, read first so that a newer format is refused
/// before its entries are read as ours.
#[derive(Deserialize)]
struct Header {
    version: u64,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    /// Checked by [`Header`].
    #[serde(rename = "version")]
    _version: serde::de::IgnoredAny,
    entries: Vec<Entry>,
}

impl Baseline {
    /// Every finding of `report`; `file` names a finding's path from the
    /// project root (`Project::path_in_project`).
    pub fn record(report: &Report, file: impl Fn(&Path) -> String) -> Baseline {
        let identities = Identity::of_all(&report.diagnostics, file);
        let mut entries: BTreeMap<Key, Entry> = BTreeMap::new();
        for (identity, diagnostic) in identities.into_iter().zip(&report.diagnostics) {
            let line = diagnostic.label.as_ref().map(|label| label.start.line);
            let entry = entries
                .entry(Key {
                    file: identity.file.clone(),
                    rule: identity.rule.clone(),
                    subject: identity.subject.clone(),
                })
                .or_insert_with(|| Entry {
                    file: identity.file,
                    rule: identity.rule,
                    subject: identity.subject,
                    count: 0,
                    lines: Vec::new(),
                    message: diagnostic.message.clone(),
                });
            entry.count += 1;
            entry.lines.extend(line);
        }
        Baseline { entries }
    }

    /// This baseline with the entries of `old` that `scope` does not cover
    /// (about files or rules this run did not check), kept as they were.
    pub fn keeping(mut self, old: &Baseline, scope: &Scope) -> Baseline {
        for entry in old.entries() {
            if !scope.covers(entry) {
                self.add(entry.clone());
            }
        }
        self
    }

    /// Adds an entry; one with the same file, rule and subject adds up.
    fn add(&mut self, entry: Entry) {
        match self.entries.get_mut(&entry.key()) {
            Some(kept) => {
                kept.count += entry.count;
                kept.lines.extend(entry.lines);
            }
            None => {
                self.entries.insert(entry.key(), entry);
            }
        }
    }

    /// The entries, sorted by file, rule and subject.
    pub fn entries(&self) -> impl Iterator<Item = &Entry> {
        self.entries.values()
    }

    /// How many findings the baseline holds.
    pub fn findings(&self) -> usize {
        self.entries().map(|entry| entry.count).sum()
    }

    /// Reads the baseline file at `path`.
    pub fn read(path: &Path) -> Result<Baseline, Error> {
        let text = std::fs::read_to_string(path).map_err(|error| Error::Read {
            path: path.to_path_buf(),
            error,
        })?;
        Baseline::parse(&text, path)
    }

    /// Reads a baseline from its text; `path` names it in errors. Entries
    /// with the same file, rule and subject (as a merge of two branches
    /// may leave) add up.
    pub fn parse(text: &str, path: &Path) -> Result<Baseline, Error> {
        let malformed = |error: serde_json::Error| {
            let (line, column) = (error.line(), error.column());
            let message = error.to_string();
            // The position is said first, as for every file `sop` reads.
            let message = message
                .strip_suffix(&format!(" at line {line} column {column}"))
                .unwrap_or(&message)
                .to_string();
            Error::Malformed {
                path: path.to_path_buf(),
                line,
                column,
                message,
            }
        };
        let header: Header = serde_json::from_str(text).map_err(malformed)?;
        if header.version > u64::from(VERSION) {
            return Err(Error::Newer {
                path: path.to_path_buf(),
                found: header.version,
            });
        }
        if header.version < u64::from(VERSION) {
            return Err(Error::Malformed {
                path: path.to_path_buf(),
                line: 1,
                column: 1,
                message: format!("there is no version {}", header.version),
            });
        }
        let file: File = serde_json::from_str(text).map_err(malformed)?;
        let mut baseline = Baseline::default();
        for entry in file.entries {
            baseline.add(entry);
        }
        Ok(baseline)
    }

    /// The file's text: pretty JSON with one entry per line.
    pub fn to_json(&self) -> String {
        let lines: Vec<String> = self
            .entries()
            .map(|entry| {
                // An entry is strings and numbers: it always serializes.
                format!("    {}", serde_json::to_string(entry).unwrap_or_default())
            })
            .collect();
        if lines.is_empty() {
            return format!("{{\n  \"version\": {VERSION},\n  \"entries\": []\n}}\n");
        }
        format!(
            "{{\n  \"version\": {VERSION},\n  \"entries\": [\n{}\n  ]\n}}\n",
            lines.join(",\n")
        )
    }

    /// Writes the baseline to `path`, whole or not at all.
    pub fn write(&self, path: &Path) -> Result<(), Error> {
        Ok(crate::publish::write_file(path, self.to_json().as_bytes())?)
    }

    /// Which findings of `report` the baseline covers, and which of its
    /// entries are stale. Of several findings with one file, rule and
    /// subject, the first `count` in report order are covered.
    pub fn compare(
        &self,
        report: &Report,
        file: impl Fn(&Path) -> String,
        scope: &Scope,
    ) -> Comparison {
        let identities = Identity::of_all(&report.diagnostics, file);
        let mut found: BTreeMap<Key, usize> = BTreeMap::new();
        let covered = identities
            .into_iter()
            .map(|identity| {
                let key = Key {
                    file: identity.file,
                    rule: identity.rule,
                    subject: identity.subject,
                };
                let recorded = self.entries.get(&key).map_or(0, |entry| entry.count);
                let seen = found.entry(key).or_default();
                *seen += 1;
                identity.occurrence < recorded
            })
            .collect();
        let stale = self
            .entries
            .iter()
            .filter(|(_, entry)| scope.covers(entry))
            .filter_map(|(key, entry)| {
                let gone = entry
                    .count
                    .saturating_sub(found.get(key).copied().unwrap_or(0));
                (gone > 0).then(|| Entry {
                    count: gone,
                    ..entry.clone()
                })
            })
            .collect();
        Comparison { covered, stale }
    }

    /// Drops from `report` the findings the baseline covers; the
    /// comparison says how many and which entries are stale.
    pub fn leave_out(
        &self,
        report: &mut Report,
        file: impl Fn(&Path) -> String,
        scope: &Scope,
    ) -> Comparison {
        let comparison = self.compare(report, file, scope);
        let mut covered = comparison.covered.iter();
        report
            .diagnostics
            .retain(|_| !covered.next().copied().unwrap_or(false));
        comparison
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::Diagnostic;
    use crate::diagnostic::tests::finding_at;

    /// A finding of `rule` at the first `needle` of `text`, in `a.yaml`.
    fn finding(rule: &'static str, text: &str, needle: &str) -> Diagnostic {
        Diagnostic {
            rule,
            ..finding_at(text, needle)
        }
    }

    fn report(diagnostics: Vec<Diagnostic>) -> Report {
        Report {
            diagnostics,
            files: 1,
            ..Report::default()
        }
    }

    fn name(path: &Path) -> String {
        path.display().to_string()
    }

    /// Every rule, on files that do not exist: every entry is in scope.
    fn everything() -> Scope {
        Scope {
            files: HashSet::new(),
            rules: Rule::all().map(Rule::id).collect(),
            root: PathBuf::from("/nonexistent-sop-project"),
        }
    }

    #[test]
    fn findings_are_matched_by_subject_not_by_line() {
        let before = report(vec![finding(
            "unknown-step",
            "a: 1\ngoto: step-9\n",
            "step-9",
        )]);
        let baseline = Baseline::record(&before, name);
        let moved = report(vec![finding(
            "unknown-step",
            "a: 1\nb: 2\nc: 3\ngoto: step-9\n",
            "step-9",
        )]);
        let comparison = baseline.compare(&moved, name, &everything());
        assert_eq!(comparison.covered, vec![true]);
        assert!(comparison.stale.is_empty());
        let other = report(vec![finding("unknown-step", "goto: step-8\n", "step-8")]);
        let comparison = baseline.compare(&other, name, &everything());
        assert_eq!(comparison.covered, vec![false]);
        assert_eq!(comparison.stale.len(), 1);
        assert_eq!(comparison.stale[0].subject, "step-9");
    }

    #[test]
    fn an_entry_covers_as_many_findings_as_it_counts() {
        let one = finding("undefined-acronym", "do: call the CRM\n", "CRM");
        let baseline = Baseline::record(&report(vec![one.clone(), one.clone()]), name);
        assert_eq!(baseline.findings(), 2);
        let mut three = report(vec![one.clone(), one.clone(), one.clone()]);
        let comparison = baseline.leave_out(&mut three, name, &everything());
        assert_eq!(comparison.covered, vec![true, true, false]);
        assert_eq!(three.diagnostics.len(), 1);
        let comparison = baseline.compare(&report(vec![one]), name, &everything());
        assert_eq!(comparison.stale[0].count, 1, "one of two was fixed");
    }

    #[test]
    fn entries_out_of_scope_are_kept_and_never_stale() {
        let acronym = finding("undefined-acronym", "do: call the CRM\n", "CRM");
        let old = Baseline::record(&report(vec![acronym]), name);
        let only_schema = Scope {
            rules: HashSet::from(["schema"]),
            ..everything()
        };
        let none = report(Vec::new());
        assert!(old.compare(&none, name, &only_schema).stale.is_empty());
        assert_eq!(
            Baseline::record(&none, name).keeping(&old, &only_schema),
            old
        );
        assert_eq!(old.compare(&none, name, &everything()).stale.len(), 1);
        let existing_file = Scope {
            root: PathBuf::from(env!("CARGO_MANIFEST_DIR")),
            ..everything()
        };
        let entry = Entry {
            file: "Cargo.toml".into(),
            ..old.entries().next().unwrap().clone()
        };
        assert!(!existing_file.covers(&entry), "an existing file not given");
        assert!(everything().covers(&entry), "a file that is gone");
    }

    #[test]
    fn the_file_reads_back_as_written_one_entry_per_line() {
        let findings = report(vec![
            finding("unknown-step", "goto: \"x\\\"y\"\n", "\"x\\\"y\""),
            finding("schema", "a: 1\n", "a"),
        ]);
        let baseline = Baseline::record(&findings, name);
        let text = baseline.to_json();
        assert_eq!(text.lines().count(), 7, "{text}");
        assert!(text.contains(r#"{"file":"a.yaml","rule":"schema","subject":"a","count":1,"lines":[1],"message":"no step"}"#), "{text}");
        assert_eq!(
            Baseline::parse(&text, Path::new("b.json")).unwrap(),
            baseline
        );
        let empty = Baseline::default().to_json();
        assert_eq!(
            Baseline::parse(&empty, Path::new("b.json")).unwrap(),
            Baseline::default()
        );
    }

    #[test]
    fn repeated_entries_add_up() {
        let text = r#"{"version": 1, "entries": [
            {"file": "a.yaml", "rule": "schema", "subject": "x", "count": 1},
            {"file": "a.yaml", "rule": "schema", "subject": "x", "count": 2}
        ]}"#;
        let baseline = Baseline::parse(text, Path::new("b.json")).unwrap();
        assert_eq!(baseline.entries().count(), 1);
        assert_eq!(baseline.findings(), 3);
    }

    #[test]
    fn a_broken_file_is_named_with_its_line() {
        let path = Path::new("sop-baseline.json");
        let error = Baseline::parse("{\"version\": 1,\n \"entries\": [}\n", path).unwrap_err();
        let text = error.to_string();
        assert!(text.starts_with("sop-baseline.json:2:"), "{text}");
        assert!(
            text.contains("--write-baseline sop-baseline.json"),
            "{text}"
        );
        let error = Baseline::parse(
            "{\"version\": 1, \"entries\": [{\"file\": \"a\", \"rule\": \"b\", \"subject\": \"\", \"cuont\": 1}]}",
            path,
        )
        .unwrap_err();
        assert!(
            error.to_string().contains("unknown field `cuont`"),
            "{error}"
        );
        let error = Baseline::parse("[]", path).unwrap_err();
        assert!(matches!(error, Error::Malformed { line: 1, .. }), "{error}");
    }

    #[test]
    fn a_newer_version_is_refused_whatever_its_entries() {
        let error =
            Baseline::parse("{\"version\": 2, \"findings\": {}}", Path::new("b.json")).unwrap_err();
        assert!(matches!(error, Error::Newer { found: 2, .. }), "{error}");
        assert!(error.to_string().contains("upgrade sop"), "{error}");
    }
}
