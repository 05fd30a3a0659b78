//! One suppression comment read from its text, with the position of each part.

use super::{Listed, MARKER, Problem, ProblemKind, Scope, Suppression, suppressible};
use crate::rules::Rule;
use crate::suggest;
use crate::yaml::ByteSpan;

/// The three forms, by the word that starts them.
const DIRECTIVES: [(&str, Scope); 3] = [
    ("sop-disable-next-line", Scope::NextLine),
    ("sop-disable", Scope::Line),
    ("sop-disable-file", Scope::File),
];

/// What one comment says.
pub(super) struct Read {
    /// `None` when no rule it names can be silenced by it.
    pub suppression: Option<Suppression>,
    pub problems: Vec<Problem>,
    /// How many rule ids and problems it counts against the file's budget.
    pub counted: usize,
    /// Where the first rule id past the budget starts, if there is one.
    pub unread: Option<ByteSpan>,
}

/// Reads the comment at `comment` in `text`, if it starts with
/// [`MARKER`]; reads no more than `budget` rule ids.
pub(super) fn read(text: &str, comment: ByteSpan, budget: usize) -> Option<Read> {
    let body = &text[comment.start..comment.end];
    let start = body.len() - body[1..].trim_start_matches([' ', '\t']).len();
    if !body[start..].starts_with(MARKER) {
        return None;
    }
    let span = |from: usize, to: usize| ByteSpan {
        start: comment.start + from,
        end: comment.start + to,
    };
    let word_end = body[start..]
        .find([' ', '\t'])
        .map_or(body.len(), |end| start + end);
    let directive = span(start, word_end);
    let mut read = Read {
        suppression: None,
        problems: Vec::new(),
        counted: 1,
        unread: None,
    };
    if budget == 0 {
        read.counted = 0;
        read.unread = Some(directive);
        return Some(read);
    }
    let problem = |kind, span| Problem { kind, span };
    let Some(&(_, scope)) = DIRECTIVES
        .iter()
        .find(|(word, _)| *word == &body[start..word_end])
    else {
        let written = &body[start..word_end];
        let names = DIRECTIVES.map(|(word, _)| word);
        read.problems.push(problem(
            ProblemKind::UnknownDirective {
                written: suggest::shortened(written),
                suggestion: suggest::closest(written, &names),
            },
            directive,
        ));
        return Some(read);
    };
    let (list_end, reason) = match body[word_end..].find("--") {
        Some(dashes) => {
            let after = word_end + dashes + 2;
            let reason = body[after..].trim();
            let from = after + (body[after..].len() - body[after..].trim_start().len());
            (
                word_end + dashes,
                (!reason.is_empty()).then(|| span(from, from + reason.len())),
            )
        }
        None => (body.len(), None),
    };
    let list = &body[word_end..list_end];
    if list.trim().is_empty() {
        read.problems.push(problem(ProblemKind::NoRules, directive));
        return Some(read);
    }
    read.counted = 0;
    let ids: Vec<&str> = Rule::all().map(Rule::id).collect();
    let mut rules = Vec::new();
    let mut item_start = word_end;
    for item in list.split(',') {
        let at = item_start;
        item_start += item.len() + 1;
        if read.counted == budget {
            read.unread = Some(span(at, at + item.len()));
            break;
        }
        read.counted += 1;
        let written = item.trim();
        let from = at + (item.len() - item.trim_start().len());
        let item_span = span(from, from + written.len());
        let kind = if written.is_empty() {
            ProblemKind::EmptyRule
        } else if written.contains(char::is_whitespace) {
            ProblemKind::NotOneRule {
                written: suggest::shortened(written),
            }
        } else {
            match Rule::from_id(written) {
                Some(rule) if suppressible(rule) => {
                    rules.push(Listed {
                        rule,
                        span: item_span,
                    });
                    continue;
                }
                Some(rule) => ProblemKind::NotSuppressible(rule),
                None => ProblemKind::UnknownRule {
                    written: suggest::shortened(written),
                    suggestion: suggest::closest(written, &ids),
                },
            }
        };
        read.problems.push(problem(kind, item_span));
    }
    if rules.is_empty() {
        return Some(read);
    }
    if reason.is_none() {
        read.problems
            .push(problem(ProblemKind::NoReason, directive));
    }
    read.suppression = Some(Suppression {
        scope,
        comment,
        directive,
        rules,
        reason,
        lines: None,
    });
    Some(read)
}
