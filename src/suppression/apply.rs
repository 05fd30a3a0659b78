//! How `sop lint` applies suppression comments: each finding that one
//! silences is dropped, and what silenced nothing is reported.

use std::collections::HashMap;
use std::ops::RangeInclusive;
use std::path::PathBuf;

use super::find;
use crate::diagnostic::{Diagnostic, Label};
use crate::rules::{Rule, unused_suppression};
use crate::source::SourceFile;
use crate::yaml::Node;

/// The suppressions of one file, with what their findings need: the
/// file's text is not kept once it is read, and cross-file findings come
/// later.
#[derive(Debug, serde::Serialize, serde::Deserialize)]
pub struct FileSuppressions {
    path: PathBuf,
    /// By rule, then in text order.
    entries: Vec<Entry>,
    /// The `unused-suppression` (and `limit-exceeded`) findings of the
    /// comments that are not good ones.
    problems: Vec<Diagnostic>,
}

/// One rule id of one suppression comment.
#[derive(Debug, serde::Serialize, serde::Deserialize)]
struct Entry {
    rule: Rule,
    /// `None`: the whole file.
    lines: Option<RangeInclusive<usize>>,
    /// Where the rule id is written.
    label: Label,
    /// Whether it is the only rule of its comment.
    alone: bool,
    used: bool,
}

impl FileSuppressions {
    /// The suppressions of a parsed file (`root`: its tree, when at hand);
    /// `None` when it has none.
    pub fn of(source: &SourceFile, root: Option<&Node>) -> Option<FileSuppressions> {
        let found = find(source, root);
        if found.suppressions.is_empty() && found.problems.is_empty() {
            return None;
        }
        let mut entries: Vec<Entry> = found
            .suppressions
            .iter()
            .flat_map(|suppression| {
                suppression.rules.iter().map(|listed| Entry {
                    rule: listed.rule,
                    lines: suppression.lines.clone(),
                    label: Label::new(source, listed.span),
                    alone: suppression.rules.len() == 1,
                    used: false,
                })
            })
            .collect();
        entries.sort_by_key(|entry| entry.rule);
        let problems = found
            .problems
            .iter()
            .map(|problem| unused_suppression::problem(source, problem))
            .collect();
        Some(FileSuppressions {
            path: source.path.clone(),
            entries,
            problems,
        })
    }

    /// Whether a suppression silences `diagnostic` (a finding of this
    /// file). The first suppression of its rule on its line is used, else
    /// the first of the whole file; a finding about the whole file (no
    /// label) is silenced only by one of the whole file.
    fn silences(&mut self, diagnostic: &Diagnostic) -> bool {
        let Some(rule) = Rule::from_id(diagnostic.rule) else {
            return false;
        };
        let from = self.entries.partition_point(|entry| entry.rule < rule);
        let to = self.entries.partition_point(|entry| entry.rule <= rule);
        let candidates = &mut self.entries[from..to];
        let line = diagnostic.label.as_ref().map(|label| label.start.line);
        let on_line = candidates.iter().position(|entry| {
            let lines = entry.lines.as_ref();
            lines
                .zip(line)
                .is_some_and(|(lines, line)| lines.contains(&line))
        });
        let silencer =
            on_line.or_else(|| candidates.iter().position(|entry| entry.lines.is_none()));
        match silencer {
            Some(index) => {
                candidates[index].used = true;
                true
            }
            None => false,
        }
    }

    /// Adds the findings about this file's suppressions to `out`, once
    /// every finding was matched: the problems, and each rule that
    /// silenced nothing, unless it is off.
    fn report(self, is_on: &impl Fn(Rule) -> bool, out: &mut Vec<Diagnostic>) {
        out.extend(self.problems);
        for entry in self.entries {
            if !entry.used && is_on(entry.rule) {
                out.push(unused_suppression::unused(
                    &self.path,
                    entry.rule,
                    entry.lines.as_ref(),
                    entry.label,
                    entry.alone,
                ));
            }
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
    let index: HashMap<PathBuf, usize> = files
        .iter()
        .enumerate()
        .map(|(index, file)| (file.path.clone(), index))
        .collect();
    let mut kept: Vec<Diagnostic> = diagnostics
        .into_iter()
        .filter(|diagnostic| {
            index
                .get(&diagnostic.path)
                .is_none_or(|&at| !files[at].silences(diagnostic))
        })
        .collect();
    for file in files {
        file.report(&is_on, &mut kept);
    }
    kept
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::yaml::ByteSpan;

    fn finding(source: &SourceFile, rule: Rule, at: Option<&str>) -> Diagnostic {
        let label = at.map(|needle| {
            let start = source.text.find(needle).unwrap();
            let end = start + needle.len();
            Label::new(source, ByteSpan { start, end })
        });
        rule.finding(&source.path, label, "m")
    }

    fn suppressions(source: &SourceFile) -> Vec<FileSuppressions> {
        vec![FileSuppressions::of(source, None).unwrap()]
    }

    #[test]
    fn a_finding_without_a_line_is_silenced_by_the_whole_file_only() {
        let text = "# sop-disable-next-line schema -- r\na: x\n";
        let source = SourceFile::new("a.yaml".into(), text.into());
        let whole_file = finding(&source, Rule::Schema, None);
        let kept = apply(vec![whole_file.clone()], suppressions(&source), |_| true);
        let rules: Vec<&str> = kept.iter().map(|d| d.rule).collect();
        assert_eq!(rules, ["schema", "unused-suppression"]);

        let text = format!("{text}# sop-disable-file schema -- r\n");
        let source = SourceFile::new("a.yaml".into(), text);
        let on_line = finding(&source, Rule::Schema, Some(": x"));
        let kept = apply(vec![whole_file, on_line], suppressions(&source), |_| true);
        assert_eq!(kept, [], "the line one for `x`, the file one for the other");
    }

    #[test]
    fn the_first_suppression_for_a_line_silences_all_its_findings() {
        let text = "# sop-disable-next-line schema -- r\n# sop-disable-next-line schema -- again\na: x, y\n";
        let source = SourceFile::new("a.yaml".into(), text.into());
        let findings = vec![
            finding(&source, Rule::Schema, Some(": x")),
            finding(&source, Rule::Schema, Some(", y")),
        ];
        let kept = apply(findings, suppressions(&source), |_| true);
        let at: Vec<(&str, usize)> = kept
            .iter()
            .map(|d| (d.rule, d.label.as_ref().unwrap().start.line))
            .collect();
        assert_eq!(at, [("unused-suppression", 2)]);
    }

    #[test]
    fn findings_of_other_files_and_rules_are_kept() {
        let source = SourceFile::new("a.yaml".into(), "a: x # sop-disable schema -- r\n".into());
        let other_file = SourceFile::new("b.yaml".into(), source.text.clone());
        let findings = vec![
            finding(&other_file, Rule::Schema, Some("x")),
            finding(&source, Rule::UnknownStep, Some("x")),
            finding(&source, Rule::Schema, Some("x")),
        ];
        let kept = apply(findings, suppressions(&source), |_| true);
        let kept: Vec<(&str, &str)> = kept
            .iter()
            .map(|d| (d.path.to_str().unwrap(), d.rule))
            .collect();
        assert_eq!(kept, [("b.yaml", "schema"), ("a.yaml", "unknown-step")]);
    }

    #[test]
    fn a_rule_that_is_off_is_not_reported_unused() {
        let source = SourceFile::new(
            "a.yaml".into(),
            "a: x # sop-disable schema, no-exit -- r\n".into(),
        );
        let kept = apply(Vec::new(), suppressions(&source), |rule| {
            rule != Rule::NoExit
        });
        let messages: Vec<&str> = kept.iter().map(|d| d.message.as_str()).collect();
        assert_eq!(
            messages,
            ["`schema` is suppressed on line 1, which has no `schema` finding"]
        );
    }
}
