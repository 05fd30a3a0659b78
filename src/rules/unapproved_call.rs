use crate::diagnostic::Diagnostic;
use crate::project::index::SopSet;
use crate::rules::Rule;

declare_rule! {
    /// Finds a step of an `approved` SOP whose `call` names an SOP that is
    /// still `draft` (or has no `status`) or `in-review`. The finding stands
    /// at the call. `references` are not checked: they point readers at
    /// background, not at work to carry out.
    ///
    /// ## Why it matters
    /// ISO 9001 clause 7.5.2 asks that documents are approved before they
    /// are used. An approved SOP that calls an unapproved one makes
    /// employees carry out a procedure that nobody has approved yet.
    ///
    /// ## Example
    /// ```yaml
    /// # CS-010 has `status: approved`; CS-025 has `status: draft`
    /// - do: Offer a goodwill payment.
    ///   call: CS-025    # approve CS-025 first, or do not call it yet
    /// ```
    pub struct UnapprovedCall;
}

pub fn check(set: &SopSet, diagnostics: &mut Vec<Diagnostic>) {
    let approved = set
        .given
        .iter()
        .filter(|sop| sop.status.as_deref() == Some("approved"));
    for sop in approved {
        for (target, label) in &sop.calls {
            let Some(called) = set.summary(target) else {
                continue;
            };
            let Some(status) = called
                .status
                .as_deref()
                .filter(|status| ["draft", "in-review"].contains(status))
            else {
                continue;
            };
            diagnostics.push(
                Rule::UnapprovedCall
                    .finding(
                        &sop.path,
                        Some(label.clone()),
                        format!(
                            "this approved SOP calls `{target}`, which is `{status}` ({})",
                            called.path.display()
                        ),
                    )
                    .with_help(format!(
                        "approve `{target}` (`sop approve`) before an approved SOP calls it, or call an approved SOP instead"
                    )),
            );
        }
    }
}
