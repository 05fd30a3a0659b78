use std::collections::HashSet;

use crate::diagnostic::Diagnostic;
use crate::rules::Context;
use crate::rules::Rule;
use crate::suggest::listing;

declare_rule! {
    /// Finds a step whose `role` is not a key of the SOP's `roles`.
    ///
    /// ## Why it matters
    /// Roles say who does what; handbooks for one job and swimlane charts are
    /// built from them. A misspelt role silently drops the step from that
    /// job's handbook.
    ///
    /// ## Example
    /// ```yaml
    /// roles:
    ///   rep: Customer service representative
    /// instructions:
    ///   - do: Greet the caller.
    ///     role: representative   # the key is `rep`
    /// ```
    pub struct UnknownRole;
}

pub fn check(context: &Context, diagnostics: &mut Vec<Diagnostic>) {
    let roles: Vec<&str> = context
        .sop
        .roles
        .iter()
        .map(|role| role.key.as_str())
        .collect();
    let known: HashSet<&str> = roles.iter().copied().collect();
    let mut all_roles = None; // the list for the help, joined once
    for step in &context.sop.steps {
        let Some(role) = &step.role else { continue };
        if known.contains(role.value.as_str()) {
            continue;
        }
        let help = if roles.is_empty() {
            format!("add `roles:` with `{}: <who this is>`", role.value)
        } else {
            let all_roles = all_roles.get_or_insert_with(|| listing(&roles));
            format!("the roles of this SOP are {all_roles}")
        };
        diagnostics.push(
            context
                .diagnostic(
                    Rule::UnknownRole,
                    role.span,
                    format!("the role `{}` is not in `roles`", role.value),
                )
                .with_help(help),
        );
    }
}
