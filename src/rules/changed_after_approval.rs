use crate::control::Seal;
use crate::control::fingerprint;
use crate::diagnostic::Diagnostic;
use crate::rules::command_line::{approve_command, shell_path};
use crate::rules::{Context, Rule};

declare_rule! {
    /// Finds an approved SOP whose content changed after it was approved:
    /// its `fingerprint` is no longer the fingerprint of what it says.
    ///
    /// The content is everything but the control fields (`status`,
    /// `approved_by`, `approved_on`, `fingerprint`, `review_by`, `revisions`,
    /// `owner`, `tags`), so re-scheduling a review or adding a revision entry
    /// does not count as a change; comments and layout do not either. A
    /// `fingerprint` that is not `sha256:` and 64 lowercase hex digits is the
    /// `schema` rule's. `sop fingerprint FILE` prints the current one.
    ///
    /// ## Why it matters
    /// ISO 9001 clause 7.5.3.2 asks for control of changes, so that the
    /// approved revision is the one in use, and 21 CFR 211.100(a) that any
    /// change to a written procedure be reviewed and approved. An edit made
    /// after approval puts text in front of employees that nobody approved.
    ///
    /// ## Example
    /// ```yaml
    /// status: approved
    /// fingerprint: sha256:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08
    /// instructions:
    ///   - do: Call the customer back within two hours.   # was "one hour"
    /// ```
    pub struct ChangedAfterApproval;
}

pub fn check(context: &Context, diagnostics: &mut Vec<Diagnostic>) {
    let sop = context.sop;
    if sop.status() != "approved" {
        return;
    }
    let Some(recorded) = sop.fingerprint.as_ref() else {
        return;
    };
    let Some(recorded_hex) = fingerprint::hex_digits(&recorded.value) else {
        return; // reported by `schema`
    };
    let Seal::Broken { current } = Seal::against(sop, context.parsed.fingerprint()) else {
        return;
    };
    let approval = match (&sop.approved_by, &sop.approved_on) {
        (Some(by), Some(on)) => format!(" by {} on {}", by.value, on.value),
        (Some(by), None) => format!(" by {}", by.value),
        (None, Some(on)) => format!(" on {}", on.value),
        (None, None) => String::new(),
    };
    let path = shell_path(&context.source.path);
    diagnostics.push(
        context
            .diagnostic(
                Rule::ChangedAfterApproval,
                recorded.span,
                format!(
                    "the SOP changed after it was approved{approval}: its fingerprint was {} at approval and is {} now",
                    &recorded_hex[..12],
                    current.short()
                ),
            )
            .with_help(format!(
                "review the change and re-approve it with `{}`, or undo it with `git checkout {path}` (`git diff {path}` shows what changed)",
                approve_command(&context.source.path)
            )),
    );
}
