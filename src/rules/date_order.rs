use crate::date::Date;
use crate::diagnostic::Diagnostic;
use crate::model::Text;
use crate::rules::{Context, Rule};

declare_rule! {
    /// Finds control dates out of their order: `approved_on` after today,
    /// `effective` before `approved_on`, or `review_by` before `effective`.
    ///
    /// Equal dates are in order: a revision may be approved, take effect and
    /// even be due for review on one day. Today is the UTC date, or the one
    /// given with `--today YYYY-MM-DD`. A date that is not a real
    /// `YYYY-MM-DD` date is the `schema` rule's.
    ///
    /// ## Why it matters
    /// ISO 9001 clause 7.5.2 asks that a document be approved before it is
    /// used, and 21 CFR 211.100(a) that procedures be approved before they are
    /// followed; a revision that takes effect before its approval was in use
    /// unapproved. An approval dated in the future is not a true record
    /// (21 CFR 11.10(e) asks that records carry the date of each entry), and
    /// a review due before the revision takes effect is a typo in one of
    /// them.
    ///
    /// ## Example
    /// ```yaml
    /// approved_on: 2026-03-10
    /// effective: 2026-03-01     # before the approval: move it on
    /// review_by: 2028-03-01
    /// ```
    pub struct DateOrder;
}

pub fn check(context: &Context, diagnostics: &mut Vec<Diagnostic>) {
    let sop = context.sop;
    let today = context.settings.today;
    let approved_on = dated(&sop.approved_on);
    let effective = dated(&sop.effective);
    let review_by = dated(&sop.review_by);
    let mut report = |text: &Text, message: String, help: &str| {
        diagnostics.push(
            context
                .diagnostic(Rule::DateOrder, text.span, message)
                .with_help(help),
        );
    };
    if let Some((text, approved)) = approved_on
        && approved > today
    {
        report(
            text,
            format!("`approved_on` is {approved}, after today ({today})"),
            "an approval is recorded once it is given: set `approved_on` to the day it was approved",
        );
    }
    if let (Some((_, approved)), Some((text, takes_effect))) = (approved_on, effective)
        && takes_effect < approved
    {
        report(
            text,
            format!("`effective` is {takes_effect}, before the approval on {approved}"),
            "a revision takes effect on or after its approval: move `effective` on, or correct `approved_on`",
        );
    }
    if let (Some((_, takes_effect)), Some((text, due))) = (effective, review_by)
        && due < takes_effect
    {
        report(
            text,
            format!("`review_by` is {due}, before the revision takes effect on {takes_effect}"),
            "set `review_by` to a date after `effective`",
        );
    }
}

/// A control date with its text, when it is a real date.
fn dated(text: &Option<Text>) -> Option<(&Text, Date)> {
    let text = text.as_ref()?;
    Some((text, text.date()?))
}
