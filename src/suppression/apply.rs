//! How `sop lint` applies suppression comments: each finding that one
//! silences is dropped, and what silenced nothing is reported.

use std::collections::HashMap;
use std::ops::RangeInclusive;
use std::path::PathBuf;

use super::find;
use crate::diagnostic::Diagnostic;
use crate::rules::{Rule, unused_suppression};
use crate::source::SourceFile;

/// The suppressions of one file, with their findings ready to report: the
/// file's text is not kept once it is read, and cross-file findings come
/// later.
#[derive(Debug)]
pub struct FileSuppressions {
    path: PathBuf,
    entries: Vec<Entry>,
    /// The entries of each rule, in text order.
    by_rule: HashMap<Rule, Vec<usize>>,
    /// The `unused-suppression` (and `limit-exceeded`) findings of the
    /// comments that are not good ones.
    problems: Vec<Diagnostic>,
}

/// One rule id of one suppression comment.
#[derive(Debug)]
struct Entry {
    /// `None`: the whole file.
    lines: Option<RangeInclusive<usize>>,
    used: bool,
    rule: Rule,
    /// Its finding, if it silences nothing.
    unused: Diagnostic,
}

impl FileSuppressions {
    /// The suppressions of a parsed file; `None` when it has none.
    pub fn of(source: &SourceFile) -> Option<FileSuppressions> {
        let found = find(source);
        if found.suppressions.is_empty() && found.problems.is_empty() {
            return None;
        }
        let mut entries = Vec::new();
        let mut by_rule: HashMap<Rule, Vec<usize>> = HashMap::new();
        for suppression in &found.suppressions {
            for listed in &suppression.rules {
                by_rule.entry(listed.rule).or_default().push(entries.len());
                entries.push(Entry {
                    lines: suppression.lines.clone(),
                    used: false,
                    rule: listed.rule,
                    unused: unused_suppression::unused(source, suppression, listed),
                });
            }
        }
        let problems = found
            .problems
            .iter()
            .map(|problem| unused_suppression::problem(source, problem))
            .collect();
        Some(FileSuppressions {
            path: source.path.clone(),
            entries,
            by_rule,
            problems,
        })
    }

    /// Whether a suppression silences `diagnostic` (a finding of this
    /// file). The first suppression of its rule on its line is used, else
    /// the first of the whole file; a finding about the whole file (no
    /// label) is silenced only by one of the whole file.
    fn silences(&mut self, diagnostic: &Diagnostic) -> bool {
        let Some(candidates) =
            Rule::from_id(diagnostic.rule).and_then(|rule| self.by_rule.get(&rule))
        else {
            return false;
        };
        let line = diagnostic.label.as_ref().map(|label| label.start.line);
        let entries = &self.entries;
        let on_line = candidates.iter().copied().find(|&index| {
            let lines = entries[index].lines.as_ref();
            lines
                .zip(line)
                .is_some_and(|(lines, line)| lines.contains(&line))
        });
        let silencer = on_line.or_else(|| {
            candidates
                .iter()
                .copied()
                .find(|&index| entries[index].lines.is_none())
        });
        match silencer {
            Some(index) => {
                self.entries[index].used = true;
                true
            }
            None => false,
        }
    }
}

/// Drops the findings that a suppression comment of their file silences,
/// and adds the findings about the suppressions: those that are not good
/// ones, and each rule id that silenced nothing, unless its rule is off
/// (`is_on` says): it may be needed again when the rule is back on.
pub fn apply(
    diagnostics: Vec<Diagnostic>,
    mut files: Vec<FileSuppressions>,
    is_on: impl Fn(Rule) -> bool,
) -> Vec<Diagnostic> {
    if files.is_empty() {
        return diagnostics;
    }
    let by_path: HashMap<PathBuf, usize> = files
        .iter()
        .enumerate()
        .map(|(index, file)| (file.path.clone(), index))
        .collect();
    let mut kept: Vec<Diagnostic> = diagnostics
        .into_iter()
        .filter(|diagnostic| {
            by_path
                .get(&diagnostic.path)
                .is_none_or(|&index| !files[index].silences(diagnostic))
        })
        .collect();
    for file in files {
        kept.extend(file.problems);
        kept.extend(
            file.entries
                .into_iter()
                .filter(|entry| !entry.used && is_on(entry.rule))
                .map(|entry| entry.unused),
        );
    }
    kept
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::Label;
    use crate::yaml::ByteSpan;

    fn finding(source: &SourceFile, rule: Rule, at: Option<&str>) -> Diagnostic {
        let label = at.map(|needle| {
            let start = source.text.find(needle).unwrap();
            let end = start + needle.len();
            Label::new(source, ByteSpan { start, end })
        });
        rule.finding(&source.path, label, "m")
    }

    #[test]
    fn a_finding_without_a_line_is_silenced_by_the_whole_file_only() {
        let text = "# sop-disable-next-line schema -- r\na: x\n";
        let source = SourceFile::new("a.yaml".into(), text.into());
        let whole_file = finding(&source, Rule::Schema, None);
        let kept = apply(
            vec![whole_file.clone()],
            vec![FileSuppressions::of(&source).unwrap()],
            |_| true,
        );
        let rules: Vec<&str> = kept.iter().map(|d| d.rule).collect();
        assert_eq!(rules, ["schema", "unused-suppression"]);

        let text = format!("{text}# sop-disable-file schema -- r\n");
        let source = SourceFile::new("a.yaml".into(), text);
        let on_line = finding(&source, Rule::Schema, Some(": x"));
        let kept = apply(
            vec![whole_file, on_line],
            vec![FileSuppressions::of(&source).unwrap()],
            |_| true,
        );
        assert_eq!(kept, [], "the line one for `x`, the file one for the other");
    }

    #[test]
    fn findings_of_other_files_and_rules_are_kept() {
        let source = SourceFile::new("a.yaml".into(), "a: x # sop-disable schema -- r\n".into());
        let other_file = SourceFile::new("b.yaml".into(), source.text.clone());
        let kept = apply(
            vec![
                finding(&other_file, Rule::Schema, Some("x")),
                finding(&source, Rule::UnknownStep, Some("x")),
                finding(&source, Rule::Schema, Some("x")),
            ],
            vec![FileSuppressions::of(&source).unwrap()],
            |_| true,
        );
        let kept: Vec<(&str, &str)> = kept
            .iter()
            .map(|d| (d.path.to_str().unwrap(), d.rule))
            .collect();
        assert_eq!(kept, [("b.yaml", "schema"), ("a.yaml", "unknown-step")]);
    }
}
