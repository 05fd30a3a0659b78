use std::collections::HashSet;

use crate::diagnostic::Diagnostic;
use crate::project::index::SopSet;
use crate::rules::Rule;

declare_rule! {
    /// Finds a step's `call`, or a `references` entry that is not a URL, naming
    /// an SOP id that no SOP of the project has.
    ///
    /// The project's SOPs are those under its SOP folder (see the README's
    /// "Projects"), plus any file given outside it, so a single file is
    /// checked against all of them. An SOP that does not parse still counts
    /// when its top-level `id:` line can be read.
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

pub fn check(set: &SopSet, diagnostics: &mut Vec<Diagnostic>) {
    let ids: HashSet<&str> = set.ids.iter().map(|entry| entry.id.as_str()).collect();
    for sop in &set.given {
        for (target, label) in sop.links() {
            if !ids.contains(target.as_str()) {
                diagnostics.push(
                    Rule::UnknownSop
                        .finding(
                            &sop.path,
                            Some(label.clone()),
                            format!("no SOP has the id `{target}`"),
                        )
                        .with_help("check the id: no SOP of the project has it"),
                );
            }
        }
    }
}
