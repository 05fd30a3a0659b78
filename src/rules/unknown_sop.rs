use std::collections::HashSet;

use crate::diagnostic::Diagnostic;
use crate::lint::SopSummary;
use crate::rules::Rule;

declare_rule! {
    /// Finds a step's `call`, or a `references` entry that is not a URL, naming
    /// an SOP id that no SOP of the set has.
    ///
    /// The set is every SOP under the paths given to `sop lint`; lint the whole
    /// folder so that calls between SOPs can be resolved.
    ///
    /// ## Why it matters
    /// An employee told to "carry out CS-020" must be able to find CS-020; a
    /// renamed or deleted SOP leaves dangling calls behind.
    ///
    /// ## Example
    /// ```yaml
    /// - do: Escalate to the supervisor.
    ///   call: CS-02O     # letter O instead of zero
    /// references:
    ///   - CS-999         # no such SOP
    ///   - https://example.com/policy   # URLs are not checked
    /// ```
    pub struct UnknownSop;
}

pub fn check(summaries: &[SopSummary], diagnostics: &mut Vec<Diagnostic>) {
    let ids: HashSet<&str> = summaries
        .iter()
        .filter_map(|summary| summary.id.as_ref().map(|(id, _)| id.as_str()))
        .collect();
    for summary in summaries {
        for (target, label) in &summary.links {
            if !ids.contains(target.as_str()) {
                diagnostics.push(
                    Diagnostic::new(
                        Rule::UnknownSop,
                        &summary.path,
                        Some(label.clone()),
                        format!("no SOP has the id `{target}`"),
                    )
                    .with_help("check the id, or lint the folder that holds that SOP too"),
                );
            }
        }
    }
}
