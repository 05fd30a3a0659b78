use crate::diagnostic::Diagnostic;
use crate::project::index::SopSet;
use crate::rules::Rule;

declare_rule! {
    /// Finds a step's `call`, or a `references` entry that is not a URL,
    /// naming an SOP whose `status` is `retired`. The finding stands at the
    /// call or reference and names the retired SOP's file.
    ///
    /// A retired SOP's own calls and references are not checked: it is a
    /// record of how the work was once done, kept as it was approved, and
    /// nobody follows it any more.
    ///
    /// ## Why it matters
    /// ISO 9001 clause 7.5.3 asks that obsolete documents are kept from
    /// unintended use. A step that still sends employees to a withdrawn
    /// procedure puts it back into use through the side door.
    ///
    /// ## Example
    /// ```yaml
    /// # CS-015 has `status: retired`, replaced by CS-016
    /// references:
    ///   - CS-015        # name CS-016 instead
    /// instructions:
    ///   - do: Refund the customer.
    ///     call: CS-015  # call CS-016, or remove the call
    /// ```
    pub struct RetiredReference;
}

pub fn check(set: &SopSet, diagnostics: &mut Vec<Diagnostic>) {
    let current = set
        .given
        .iter()
        .filter(|sop| sop.status.as_deref() != Some("retired"));
    for sop in current {
        let calls = sop.calls.iter().map(|link| (link, "the call"));
        let references = sop.references.iter().map(|link| (link, "the reference"));
        for ((target, label), what) in calls.chain(references) {
            let Some(retired) = set
                .summary(target)
                .filter(|summary| summary.status.as_deref() == Some("retired"))
            else {
                continue;
            };
            diagnostics.push(
                Rule::RetiredReference
                    .finding(
                        &sop.path,
                        Some(label.clone()),
                        format!("`{target}` is retired ({})", retired.path.display()),
                    )
                    .with_help(format!(
                        "name the SOP that replaces `{target}` here, or remove {what}"
                    )),
            );
        }
    }
}
