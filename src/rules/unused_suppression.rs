use std::ops::RangeInclusive;
use std::path::Path;

use crate::diagnostic::{Diagnostic, Label};
use crate::limits::SUPPRESSED_RULES;
use crate::rules::Rule;
use crate::source::SourceFile;
use crate::suggest::did_you_mean;
use crate::suppression::{Problem, ProblemKind};

declare_rule! {
    /// Finds suppression comments that do not do what they say: a rule id
    /// in `# sop-disable-next-line`, `# sop-disable` or `# sop-disable-file`
    /// whose rule has no finding there to silence, a rule id that does not
    /// exist (with the closest one), and comments that start with
    /// `sop-disable` but are not written as one of the three forms, or give
    /// no reason after `--`.
    ///
    /// A rule turned off in `sop.toml` is not reported: the suppression is
    /// needed again when the rule is back on. A comment without a reason
    /// still silences its findings; the missing reason is this finding.
    ///
    /// ## Why it matters
    /// A suppression is a decision that a finding does not apply, and the
    /// reviewer and the auditor read the reason. One that silences nothing
    /// is left over from a fix, and would hide the next mistake on that
    /// line; one with a misspelt rule id silences nothing at all.
    ///
    /// ## Example
    /// ```yaml
    ///   # sop-disable-next-line unknown-sop -- the card team publishes CS-2190
    ///   - do: Log the dispute in the ticket.   # no step here calls an SOP
    ///   # sop-disable-next-line undefined-acronyms -- spelt out in training
    ///   - do: Offer the customer a callback by the CSR.
    /// ```
    pub struct UnusedSuppression;
}

/// The forms, for help texts.
const FORMS: &str = "write `# sop-disable-next-line RULE[, RULE] -- reason` above the line, `# sop-disable RULE -- reason` at its end, or `# sop-disable-file RULE -- reason`";

/// The finding of a rule id of a suppression comment (at `label`) that
/// silenced nothing on `lines` (`None`: in the whole file); `alone` when it
/// is the only rule of its comment.
pub fn unused(
    path: &Path,
    rule: Rule,
    lines: Option<&RangeInclusive<usize>>,
    label: Label,
    alone: bool,
) -> Diagnostic {
    let id = rule.id();
    let message = match lines {
        None => format!("`{id}` is suppressed in this file, which has no `{id}` finding"),
        Some(lines) if lines.start() == lines.end() => format!(
            "`{id}` is suppressed on line {}, which has no `{id}` finding",
            lines.start()
        ),
        Some(lines) => format!(
            "`{id}` is suppressed on lines {} to {}, which have no `{id}` finding",
            lines.start(),
            lines.end()
        ),
    };
    let help = if alone {
        "remove the comment: the finding it was for is gone, and it would hide the next one"
            .to_string()
    } else {
        format!("remove `{id}` from the comment: the finding it was for is gone")
    };
    Rule::UnusedSuppression
        .finding(path, Some(label), message)
        .with_help(help)
}

/// The finding of a suppression comment that is not a good one.
pub fn problem(source: &SourceFile, problem: &Problem) -> Diagnostic {
    let (rule, message, help) = match &problem.kind {
        ProblemKind::UnknownDirective {
            written,
            suggestion,
        } => (
            Rule::UnusedSuppression,
            format!(
                "`{written}` is not a suppression comment{}",
                did_you_mean(*suggestion)
            ),
            FORMS.to_string(),
        ),
        ProblemKind::NoRules => (
            Rule::UnusedSuppression,
            "this suppression comment names no rule".to_string(),
            format!("{FORMS}; `sop rule` lists the rules"),
        ),
        ProblemKind::EmptyRule => (
            Rule::UnusedSuppression,
            "no rule id between these commas".to_string(),
            "remove the extra comma".to_string(),
        ),
        ProblemKind::NotOneRule { written } => (
            Rule::UnusedSuppression,
            format!("`{written}` is not one rule id"),
            "separate rule ids with commas: `# sop-disable RULE, RULE -- reason`".to_string(),
        ),
        ProblemKind::UnknownRule {
            written,
            suggestion,
        } => (
            Rule::UnusedSuppression,
            format!("unknown rule `{written}`{}", did_you_mean(*suggestion)),
            "`sop rule` lists the rules".to_string(),
        ),
        ProblemKind::NotSuppressible(Rule::UnusedSuppression) => (
            Rule::UnusedSuppression,
            "`unused-suppression` cannot be silenced by a comment".to_string(),
            "fix the suppression it reports, or turn the rule off under `[rules]` in sop.toml"
                .to_string(),
        ),
        ProblemKind::NotSuppressible(rule) => (
            Rule::UnusedSuppression,
            format!(
                "`{}` cannot be silenced by a comment: a file with that finding is not parsed, so its comments are not read",
                rule.id()
            ),
            "remove it from the comment".to_string(),
        ),
        ProblemKind::NoReason => (
            Rule::UnusedSuppression,
            "this suppression gives no reason (it still applies)".to_string(),
            "end the comment with ` -- ` and why the finding does not apply here: the reviewer and the auditor read it".to_string(),
        ),
        ProblemKind::NothingOnLine => (
            Rule::UnusedSuppression,
            "`sop-disable` silences findings on its own line, and this line holds only the comment"
                .to_string(),
            "put it at the end of the line it is about, or write `sop-disable-next-line`"
                .to_string(),
        ),
        ProblemKind::NoLineFollows => (
            Rule::UnusedSuppression,
            "no YAML line follows this `sop-disable-next-line` comment".to_string(),
            "put it above the line it is about, or remove it".to_string(),
        ),
        ProblemKind::TooMany => (
            Rule::LimitExceeded,
            format!(
                "the suppression comments of this file name more than {SUPPRESSED_RULES} rules: from here on they are not read"
            ),
            "fix the findings, or silence a rule once with `# sop-disable-file RULE -- reason`"
                .to_string(),
        ),
    };
    rule.at(source, problem.span, message).with_help(help)
}
