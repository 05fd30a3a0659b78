use std::collections::HashMap;

use crate::diagnostic::Diagnostic;
use crate::rules::Context;
use crate::rules::Rule;

declare_rule! {
    /// Finds a step that repeats the `id` of an earlier step of the same SOP;
    /// every repeat is reported.
    ///
    /// ## Why it matters
    /// `next` and `goto` name steps by id. With two steps of one id, a jump
    /// lands on the first of them, which is rarely what the writer meant.
    ///
    /// ## Example
    /// ```yaml
    /// instructions:
    ///   - id: close
    ///     do: Thank the customer.
    ///   - id: close        # rename, e.g. close-ticket
    ///     do: Close the ticket.
    /// ```
    pub struct DuplicateStepId;
}

pub fn check(context: &Context, diagnostics: &mut Vec<Diagnostic>) {
    let mut first: HashMap<&str, usize> = HashMap::new();
    for (index, step) in context.sop.steps.iter().enumerate() {
        let Some(id) = &step.id else { continue };
        match first.get(id.value.as_str()) {
            None => {
                first.insert(&id.value, index);
            }
            Some(&earlier) => diagnostics.push(
                context
                    .diagnostic(
                        Rule::DuplicateStepId,
                        id.span,
                        format!(
                            "step {} repeats the id `{}` of step {}",
                            index + 1,
                            id.value,
                            earlier + 1
                        ),
                    )
                    .with_help(
                        "give this step an id of its own; `next` and `goto` go to the first one",
                    ),
            ),
        }
    }
}
