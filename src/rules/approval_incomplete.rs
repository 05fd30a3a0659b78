use crate::diagnostic::Diagnostic;
use crate::rules::command_line::approve_command;
use crate::rules::{Context, Rule};

declare_rule! {
    /// Finds an SOP with `status: approved` that does not record its
    /// approval: `approved_by`, `approved_on` or `fingerprint` is missing.
    ///
    /// One finding at the `status`, naming every missing field. A field that
    /// is there but not valid (`approved_on: 2026-13-01`) is the `schema`
    /// rule's; a blank `approved_by` counts as missing.
    ///
    /// ## Why it matters
    /// ISO 9001 clause 7.5.2 asks that documented information be reviewed
    /// and approved, 21 CFR 211.100(a) that written procedures be approved by
    /// the responsible units, and 21 CFR 11.50 that a signed record show who
    /// signed it and when. An SOP that only says it is approved shows
    /// neither, and without a fingerprint nobody can tell whether the text in
    /// use is the text that was approved.
    ///
    /// ## Example
    /// ```yaml
    /// status: approved
    /// approved_by: Dana Reyes, Head of Customer Service
    /// # missing: approved_on and fingerprint; `sop approve` records all three
    /// ```
    pub struct ApprovalIncomplete;
}

pub fn check(context: &Context, diagnostics: &mut Vec<Diagnostic>) {
    let sop = context.sop;
    let Some(status) = sop.status.as_ref().filter(|s| s.value == "approved") else {
        return;
    };
    let absent = |key| context.root.get(key).is_none();
    let blank_approver = sop
        .approved_by
        .as_ref()
        .is_some_and(|by| by.value.trim().is_empty());
    let missing: Vec<String> = [
        ("approved_by", absent("approved_by") || blank_approver),
        ("approved_on", absent("approved_on")),
        ("fingerprint", absent("fingerprint")),
    ]
    .into_iter()
    .filter(|(_, missing)| *missing)
    .map(|(field, _)| format!("`{field}`"))
    .collect();
    let (verb, fields) = match missing.as_slice() {
        [] => return,
        [one] => ("is", one.clone()),
        [init @ .., last] => ("are", format!("{} and {last}", init.join(", "))),
    };
    diagnostics.push(
        context
            .diagnostic(
                Rule::ApprovalIncomplete,
                status.span,
                format!("the SOP is approved but {fields} {verb} missing"),
            )
            .with_help(format!(
                "record the approval with `{}` (it sets `approved_by`, `approved_on` and `fingerprint`), or set `status` back to `in-review`",
                approve_command(&context.source.path)
            )),
    );
}
