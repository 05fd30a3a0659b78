use crate::diagnostic::Diagnostic;
use crate::rules::Context;
use crate::rules::Rule;

declare_rule! {
    /// Finds steps from which no path reaches the end of the flow: a loop with
    /// no way out. Each such loop is one finding, at its first step.
    ///
    /// ## Why it matters
    /// An employee who follows the procedure faithfully goes round forever.
    /// Every loop needs a decision with an answer that leaves it.
    ///
    /// ## Example
    /// ```yaml
    /// instructions:
    ///   - id: call
    ///     do: Call the customer back.
    ///   - do: Leave a message.
    ///     next: call        # always back to `call`: add a decision that can stop
    /// ```
    pub struct NoExit;
}

pub fn check(context: &Context, diagnostics: &mut Vec<Diagnostic>) {
    for group in context.flow.trapped_groups() {
        let first = group[0];
        let step = &context.sop.steps[first];
        let span = step.text().map_or(step.span, |text| text.span);
        let message = if group.len() == 1 {
            format!(
                "step {} leads only back to itself: the flow never ends",
                first + 1
            )
        } else {
            let steps: Vec<String> = group.iter().map(|index| (index + 1).to_string()).collect();
            format!(
                "steps {} form a loop with no way to the end of the flow",
                steps.join(", ")
            )
        };
        diagnostics.push(
            context
                .diagnostic(Rule::NoExit, span, message)
                .with_help("add a decision with a branch that leaves the loop, or `end: true`"),
        );
    }
}
