use crate::date::Date;
use crate::diagnostic::Diagnostic;
use crate::rules::Context;
use crate::rules::Rule;

declare_rule! {
    /// Finds an SOP whose `review_by` date has passed.
    ///
    /// Today is the current date in UTC, or the date given with
    /// `--today YYYY-MM-DD` (CI jobs that must not change result with the
    /// calendar pin it).
    ///
    /// ## Why it matters
    /// Procedures drift from practice: systems change, teams reorganise. An
    /// overdue review means nobody has confirmed that the SOP still describes
    /// how the work is done.
    ///
    /// ## Example
    /// ```yaml
    /// review_by: 2024-01-31    # past: review the SOP and move the date on
    /// ```
    pub struct ReviewOverdue;
}

pub fn check(context: &Context, diagnostics: &mut Vec<Diagnostic>) {
    let Some(review_by) = &context.sop.review_by else {
        return;
    };
    let Ok(date) = review_by.value.parse::<Date>() else {
        return; // not a date: reported by `schema`
    };
    let today = context.settings.today;
    if date < today {
        diagnostics.push(
            context
                .diagnostic(
                    Rule::ReviewOverdue,
                    review_by.span,
                    format!("the review was due on {date} (today is {today})"),
                )
                .with_help("review the SOP, then set `review_by` to the next review date"),
        );
    }
}
