//! Suppression comments: `# sop-disable-next-line RULE[, RULE] -- reason`
//! above a line, `# sop-disable RULE -- reason` at the end of one, and
//! `# sop-disable-file RULE -- reason` anywhere in the file. Only real YAML
//! comments count ([`Layout`]): the same words inside a `|` block are text.
//!
//! [`find`] reads them with the position of each part (the comment, each
//! rule id, the reason), for `sop lint` ([`apply`]) and for editors: a
//! hover on a rule id, and a quick fix that inserts a comment where it
//! covers a finding ([`insertion`]).

mod apply;
mod insert;
mod parse;

use std::cell::Cell;
use std::ops::RangeInclusive;

pub use apply::{FileSuppressions, apply};
pub use insert::{Insertion, insertion};

use crate::limits::SUPPRESSED_RULES;
use crate::rules::Rule;
use crate::source::SourceFile;
use crate::yaml::{ByteSpan, Layout, Node};

/// What a suppression comment applies to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// `sop-disable-next-line`: the next line that holds YAML.
    NextLine,
    /// `sop-disable`: the line the comment ends.
    Line,
    /// `sop-disable-file`: the whole file.
    File,
}

/// One suppression comment that silences findings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Suppression {
    pub scope: Scope,
    /// The whole comment, from its `#`.
    pub comment: ByteSpan,
    /// `sop-disable-next-line`, `sop-disable` or `sop-disable-file`.
    pub directive: ByteSpan,
    /// The rules it silences, in the order written.
    pub rules: Vec<Listed>,
    /// The text after `--`, trimmed; `None` when there is none.
    pub reason: Option<ByteSpan>,
    /// The 1-based lines where a finding must start to be silenced: the
    /// target line and, when a scalar starts on it (a `|` or `>` block
    /// whose header ends it included), every line of that scalar. `None`
    /// for [`Scope::File`].
    pub lines: Option<RangeInclusive<usize>>,
}

/// A rule id written in a suppression comment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Listed {
    pub rule: Rule,
    pub span: ByteSpan,
}

/// A comment that starts like a suppression but is not a good one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub kind: ProblemKind,
    /// The part of the comment it is about.
    pub span: ByteSpan,
}

/// What is wrong with a suppression comment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ProblemKind {
    /// `sop-disable-nextline`: not one of the three forms.
    UnknownDirective {
        written: String,
        suggestion: Option<&'static str>,
    },
    /// No rule id after the directive.
    NoRules,
    /// Nothing between two commas, or after the last one.
    EmptyRule,
    /// Two ids without a comma between them.
    NotOneRule { written: String },
    UnknownRule {
        written: String,
        suggestion: Option<&'static str>,
    },
    /// A rule whose findings a comment cannot silence (see [`suppressible`]).
    NotSuppressible(Rule),
    /// No `-- reason`. The suppression still applies: the writer's intent
    /// is kept, and the missing reason is reported.
    NoReason,
    /// `sop-disable` on a line that holds nothing but the comment.
    NothingOnLine,
    /// `sop-disable-next-line` with no YAML line after it.
    NoLineFollows,
    /// More rule ids than [`SUPPRESSED_RULES`] in the file: this comment and
    /// those after it are not read.
    TooMany,
}

/// The suppression comments of one file, in text order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Suppressions {
    pub suppressions: Vec<Suppression>,
    pub problems: Vec<Problem>,
}

/// The word every suppression comment starts with. A file without it has
/// none, and costs one substring search.
pub const MARKER: &str = "sop-disable";

/// Whether a comment may silence the findings of `rule`. A file with a
/// `yaml-syntax` or `unreadable-file` finding was not parsed, so it has no
/// comments that can be trusted; `unused-suppression` is about comments, and
/// is turned off in `sop.toml`, not by another comment.
pub fn suppressible(rule: Rule) -> bool {
    !matches!(
        rule,
        Rule::YamlSyntax | Rule::UnreadableFile | Rule::UnusedSuppression
    )
}

/// The suppression comments of a file that parses; `root` is its YAML
/// tree when it is at hand (then the text is not parsed again).
pub fn find(source: &SourceFile, root: Option<&Node>) -> Suppressions {
    let mut found = Suppressions::default();
    if !source.text.contains(MARKER) {
        return found;
    }
    let layout = match root {
        Some(root) => Layout::of_tree(&source.text, root),
        None => Layout::of(&source.text),
    };
    let lines = Lines::new(source, &layout);
    let mut budget = SUPPRESSED_RULES;
    for comment in &layout.comments {
        let Some(read) = parse::read(&source.text, *comment, budget) else {
            continue;
        };
        budget = budget.saturating_sub(read.counted);
        found.problems.extend(read.problems);
        if let Some(mut suppression) = read.suppression {
            match lines.target(&suppression) {
                Ok(target) => {
                    suppression.lines = target;
                    found.suppressions.push(suppression);
                }
                Err(kind) => found.problems.push(Problem {
                    kind,
                    span: suppression.directive,
                }),
            }
        }
        if let Some(unread) = read.unread {
            found.problems.push(Problem {
                kind: ProblemKind::TooMany,
                span: unread,
            });
            break;
        }
    }
    found
}

/// Which lines of a file hold YAML, and how far a line's scalars reach.
struct Lines<'a> {
    source: &'a SourceFile,
    layout: &'a Layout,
    last: usize,
    /// The last search for a line with YAML: from that line on, the first
    /// one found (`None`: none to the end). Stacked comments share their
    /// target, so each line is looked at once.
    searched: Cell<Option<(usize, Option<usize>)>>,
    /// The last line whose reach was worked out, and its reach: stacked
    /// comments share it, so a line of many scalars is looked at once.
    reached: Cell<Option<(usize, usize)>>,
}

impl<'a> Lines<'a> {
    fn new(source: &'a SourceFile, layout: &'a Layout) -> Self {
        Lines {
            source,
            layout,
            last: source.position(source.text.len()).line,
            searched: Cell::new(None),
            reached: Cell::new(None),
        }
    }

    /// The lines a suppression applies to, or why it applies to none.
    fn target(
        &self,
        suppression: &Suppression,
    ) -> Result<Option<RangeInclusive<usize>>, ProblemKind> {
        let own = self.source.position(suppression.comment.start).line;
        let line = match suppression.scope {
            Scope::File => return Ok(None),
            Scope::Line if self.holds_yaml(own) => own,
            Scope::Line => return Err(ProblemKind::NothingOnLine),
            Scope::NextLine => self
                .next_with_yaml(own + 1)
                .ok_or(ProblemKind::NoLineFollows)?,
        };
        Ok(Some(line..=self.reach(line)))
    }

    fn next_with_yaml(&self, from: usize) -> Option<usize> {
        if let Some((searched_from, found)) = self.searched.get()
            && searched_from <= from
            && found.is_none_or(|found| from <= found)
        {
            return found;
        }
        let found = (from..=self.last).find(|&line| self.holds_yaml(line));
        self.searched.set(Some((from, found)));
        found
    }

    /// Whether a line holds more than blanks and a comment.
    fn holds_yaml(&self, line: usize) -> bool {
        let text = self.source.line_text(line);
        let content = text.trim_start_matches([' ', '\t']);
        !content.is_empty()
            && !self
                .layout
                .is_comment_start(offset_in(self.source, content))
    }

    /// The last line of the scalars that start on `line`, or of the block
    /// scalar whose header ends it; `line` itself when there is none.
    fn reach(&self, line: usize) -> usize {
        if let Some((reached_line, reach)) = self.reached.get()
            && reached_line == line
        {
            return reach;
        }
        let text = self.source.line_text(line);
        let (start, end) = (
            offset_in(self.source, text),
            offset_in(self.source, text) + text.len(),
        );
        let scalars = &self.layout.scalars;
        let first = scalars.partition_point(|scalar| scalar.start < start);
        let on_line = scalars[first..]
            .iter()
            .take_while(|scalar| scalar.start < end);
        let mut reach = on_line
            .clone()
            .map(|scalar| scalar.end)
            .max()
            .unwrap_or(start);
        let after = first + on_line.count();
        if self.ends_with_block_header(text, start, reach)
            && let Some(block) = scalars.get(after)
        {
            reach = reach.max(block.end);
        }
        let reach = self
            .source
            .position(reach.saturating_sub(1).max(start))
            .line;
        self.reached.set(Some((line, reach)));
        reach
    }

    /// Whether the YAML of a line (`text`, at `start`) ends with a block
    /// scalar header such as `|`, `>-` or `|2+`, outside its scalars (which
    /// reach to `scalars_end`).
    fn ends_with_block_header(&self, text: &str, start: usize, scalars_end: usize) -> bool {
        let comments = &self.layout.comments;
        let comment = comments
            .get(comments.partition_point(|comment| comment.start < start))
            .filter(|comment| comment.start <= start + text.len());
        let yaml = &text[..comment.map_or(text.len(), |comment| comment.start - start)];
        let token = yaml
            .trim_end()
            .rsplit([' ', '\t'])
            .next()
            .unwrap_or_default();
        let token_start = start + yaml.trim_end().len() - token.len();
        token.starts_with(['|', '>'])
            && token[1..]
                .bytes()
                .all(|b| matches!(b, b'+' | b'-' | b'1'..=b'9'))
            && token_start >= scalars_end
    }
}

/// The byte offset of a slice of a source's text.
fn offset_in(source: &SourceFile, part: &str) -> usize {
    part.as_ptr() as usize - source.text.as_ptr() as usize
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(text: &str) -> (SourceFile, Suppressions) {
        let source = SourceFile::new("a.yaml".into(), text.to_string());
        let found = find(&source, None);
        if let Ok(Some(root)) = crate::yaml::parse(text) {
            assert_eq!(find(&source, Some(&root)), found, "from the tree");
        }
        (source, found)
    }

    fn at(text: &str, span: ByteSpan) -> &str {
        &text[span.start..span.end]
    }

    #[test]
    fn each_form_with_the_position_of_each_part() {
        let text = "# sop-disable-file unused-term -- the glossary defines it\nid: CS-2100 # sop-disable schema, unknown-role -- legacy id\n\n# sop-disable-next-line  unknown-step ,no-exit --  migrated flow \n# another comment\nnext: x\n";
        let (_, found) = read(text);
        assert_eq!(found.problems, []);
        let [file, line, next] = &found.suppressions[..] else {
            panic!("{found:?}");
        };
        assert_eq!((file.scope, file.lines.clone()), (Scope::File, None));
        assert_eq!((line.scope, line.lines.clone()), (Scope::Line, Some(2..=2)));
        assert_eq!(
            (next.scope, next.lines.clone()),
            (Scope::NextLine, Some(6..=6))
        );
        assert_eq!(
            at(text, line.comment),
            "# sop-disable schema, unknown-role -- legacy id"
        );
        assert_eq!(at(text, line.directive), "sop-disable");
        let ids: Vec<&str> = next
            .rules
            .iter()
            .map(|listed| at(text, listed.span))
            .collect();
        assert_eq!(ids, ["unknown-step", "no-exit"]);
        assert_eq!(next.rules[1].rule, Rule::NoExit);
        assert_eq!(at(text, next.reason.unwrap()), "migrated flow");
        assert_eq!(at(text, file.reason.unwrap()), "the glossary defines it");
    }

    #[test]
    fn crlf_line_ends_are_not_part_of_the_comment() {
        let text = "a: 1 # sop-disable schema -- a reason\r\n\r\n# sop-disable-next-line no-exit -- r\r\nb: 2\r\n";
        let (_, found) = read(text);
        assert_eq!(at(text, found.suppressions[0].reason.unwrap()), "a reason");
        assert_eq!(found.suppressions[1].lines, Some(4..=4));
    }

    #[test]
    fn a_stacked_pair_targets_the_same_line() {
        let text = "a: 1\n  # sop-disable-next-line unknown-step -- r\n\n  # sop-disable-next-line no-exit -- r\nb: 2\n";
        let (_, found) = read(text);
        let lines: Vec<_> = found.suppressions.iter().map(|s| s.lines.clone()).collect();
        assert_eq!(lines, [Some(5..=5), Some(5..=5)]);
    }

    #[test]
    fn the_words_inside_a_scalar_are_text() {
        let text = "a: |\n  # sop-disable-file schema -- r\nb: \"x\n  # sop-disable-file schema -- r\"\nc: plain#sop-disable-file schema\nd: >\n\n  # sop-disable-file schema -- r\n";
        assert_eq!(read(text).1, Suppressions::default());
    }

    #[test]
    fn a_target_line_reaches_over_the_scalar_that_starts_on_it() {
        let text = "# sop-disable-next-line undefined-acronym -- r\npurpose: >-\n  Call back\n  via the IVR.\ndo: Plain text # sop-disable undefined-acronym -- r\nend: 1\n";
        let (_, found) = read(text);
        let lines: Vec<_> = found.suppressions.iter().map(|s| s.lines.clone()).collect();
        assert_eq!(lines, [Some(2..=4), Some(5..=5)]);
        let header = "do: >- # sop-disable undefined-acronym -- r\n  Call\n  the IVR.\nb: 1\n";
        assert_eq!(read(header).1.suppressions[0].lines, Some(1..=3));
        let not_a_header = "do: a > # sop-disable undefined-acronym -- r\nb: the IVR\n";
        assert_eq!(read(not_a_header).1.suppressions[0].lines, Some(1..=1));
        let quoted =
            "# sop-disable-next-line undefined-acronym -- r\ndo: \"Call\n  the IVR\"\nb: 1\n";
        assert_eq!(read(quoted).1.suppressions[0].lines, Some(2..=3));
    }

    fn kinds(text: &str) -> Vec<(ProblemKind, String)> {
        let (_, found) = read(text);
        found
            .problems
            .iter()
            .map(|problem| (problem.kind.clone(), at(text, problem.span).to_string()))
            .collect()
    }

    #[test]
    fn comments_that_are_not_good_ones() {
        let text = "a: 1 # sop-disable-nextline unknown-step -- r\nb: 1 # sop-disable\nc: 1 # sop-disable unknwn-step, , unknown-step unknown-role -- r\nd: 1 # sop-disable yaml-syntax, unused-suppression -- r\ne: 1 # sop-disable schema\n# sop-disable schema -- r\n# sop-disable-next-line schema -- r\n";
        let expected = [
            (
                ProblemKind::UnknownDirective {
                    written: "sop-disable-nextline".into(),
                    suggestion: Some("sop-disable-next-line"),
                },
                "sop-disable-nextline",
            ),
            (ProblemKind::NoRules, "sop-disable"),
            (
                ProblemKind::UnknownRule {
                    written: "unknwn-step".into(),
                    suggestion: Some("unknown-step"),
                },
                "unknwn-step",
            ),
            (ProblemKind::EmptyRule, ""),
            (
                ProblemKind::NotOneRule {
                    written: "unknown-step unknown-role".into(),
                },
                "unknown-step unknown-role",
            ),
            (
                ProblemKind::NotSuppressible(Rule::YamlSyntax),
                "yaml-syntax",
            ),
            (
                ProblemKind::NotSuppressible(Rule::UnusedSuppression),
                "unused-suppression",
            ),
            (ProblemKind::NoReason, "sop-disable"),
            (ProblemKind::NothingOnLine, "sop-disable"),
            (ProblemKind::NoLineFollows, "sop-disable-next-line"),
        ];
        let expected: Vec<(ProblemKind, String)> = expected
            .into_iter()
            .map(|(kind, text)| (kind, text.to_string()))
            .collect();
        assert_eq!(kinds(text), expected);
        // Without a reason, the suppression still applies.
        let (_, found) = read(text);
        assert_eq!(found.suppressions.len(), 1);
        assert_eq!(found.suppressions[0].lines, Some(5..=5));
    }

    #[test]
    fn a_comment_about_suppressions_is_not_one() {
        assert_eq!(
            read("# see sop-disable in the README\na: 1 #sop-disable-file schema -- r\n")
                .1
                .suppressions
                .len(),
            1
        );
    }

    #[test]
    fn rule_ids_past_the_budget_are_not_read() {
        let many = vec!["schema"; SUPPRESSED_RULES + 5].join(", ");
        let text =
            format!("# sop-disable-file {many} -- r\n# sop-disable-file no-exit -- r\na: 1\n");
        let (_, found) = read(&text);
        assert_eq!(found.suppressions.len(), 1);
        assert_eq!(found.suppressions[0].rules.len(), SUPPRESSED_RULES);
        let kinds: Vec<&ProblemKind> = found.problems.iter().map(|p| &p.kind).collect();
        assert_eq!(kinds, [&ProblemKind::TooMany]);
        let comments = format!(
            "{}a: 1\n",
            "# sop-disable-next-line x -- r\n".repeat(SUPPRESSED_RULES + 5)
        );
        let (_, found) = read(&comments);
        assert_eq!(found.problems.len(), SUPPRESSED_RULES + 1);
        assert_eq!(found.problems.last().unwrap().kind, ProblemKind::TooMany);
    }
}
