use crate::diagnostic::Diagnostic;
use crate::model::Text;
use crate::rules::{Context, Rule};

declare_rule! {
    /// Finds an approved SOP with no `review_by` date, or with one further
    /// than the review interval after `effective` (or after `approved_on`
    /// when there is no `effective`).
    ///
    /// The interval is `[review] interval` of `sop.toml`, 2 years unless set
    /// (`"18m"`, `"400d"`). A `review_by` exactly one interval after is in
    /// time. Dates that are not real dates are the `schema` rule's, and a
    /// `review_by` before `effective` is `date-order`'s.
    ///
    /// ## Why it matters
    /// ISO 9001 clause 7.5.2 asks that documents be reviewed for suitability
    /// and adequacy; its 2008 edition (4.2.3 b) said it outright: "review and
    /// update as necessary and re-approve documents". Procedures drift from
    /// practice, and without a review date, or with one years away, nobody
    /// is due to check that the SOP still describes the work.
    ///
    /// ## Example
    /// ```yaml
    /// status: approved
    /// effective: 2026-03-01
    /// review_by: 2029-03-01    # more than 2 years on: at the latest 2028-03-01
    /// ```
    pub struct ReviewMissing;
}

pub fn check(context: &Context, diagnostics: &mut Vec<Diagnostic>) {
    let sop = context.sop;
    let Some(status) = sop.status.as_ref().filter(|s| s.value == "approved") else {
        return;
    };
    let interval = context.settings.review_interval;
    let (start_field, start) = if context.root.get("effective").is_some() {
        ("effective", sop.effective.as_ref().and_then(Text::date))
    } else {
        ("approved_on", sop.approved_on.as_ref().and_then(Text::date))
    };
    let latest = start.map(|start| start.plus(interval));
    let Some(review_by) = &sop.review_by else {
        if context.root.get("review_by").is_some() {
            return; // there, but not text: reported by `schema`
        }
        let by_when = match (start, latest) {
            (Some(start), Some(latest)) => {
                format!(", at the latest {latest} ({interval} after `{start_field}` {start})")
            }
            _ => format!(", within {interval} of `effective`"),
        };
        diagnostics.push(
            context
                .diagnostic(
                    Rule::ReviewMissing,
                    status.span,
                    "the SOP is approved but has no `review_by` date",
                )
                .with_help(format!("set `review_by` to the next review{by_when}")),
        );
        return;
    };
    let (Some(start), Some(latest), Some(due)) = (start, latest, review_by.date()) else {
        return;
    };
    if due > latest {
        diagnostics.push(
            context
                .diagnostic(
                    Rule::ReviewMissing,
                    review_by.span,
                    format!(
                        "the review is due on {due}, more than the review interval of {interval} after `{start_field}` ({start}): review by {latest} at the latest"
                    ),
                )
                .with_help("bring `review_by` forward, or set a longer `[review] interval` in sop.toml"),
        );
    }
}
