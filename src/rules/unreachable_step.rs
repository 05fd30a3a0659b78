use crate::diagnostic::Diagnostic;
use crate::rules::Context;
use crate::rules::Rule;

declare_rule! {
    /// Finds steps that no path from the first step reaches. A stretch of
    /// unreachable steps is one finding, at the step where it begins.
    ///
    /// ## Why it matters
    /// A step nobody reaches is a step nobody does. It usually means an
    /// `end: true` or `next` too early, or a decision that lost a branch.
    ///
    /// ## Example
    /// ```yaml
    /// instructions:
    ///   - do: Close the ticket.
    ///     end: true
    ///   - do: Send the satisfaction survey.   # never reached
    /// ```
    pub struct UnreachableStep;
}

pub fn check(context: &Context, diagnostics: &mut Vec<Diagnostic>) {
    for group in context.flow.unreachable_groups() {
        let first = group[0];
        let step = &context.sop.steps[first];
        let span = step.text().map_or(step.span, |text| text.span);
        let mut message = format!("step {} is never reached from the first step", first + 1);
        if group.len() > 1 {
            let mut rest = group[1..].to_vec();
            rest.sort_unstable();
            let rest: Vec<String> = rest.iter().map(|index| (index + 1).to_string()).collect();
            message.push_str(&format!(
                ", nor are the steps it leads to ({})",
                rest.join(", ")
            ));
        }
        diagnostics.push(
            context
                .diagnostic(Rule::UnreachableStep, span, message)
                .with_help("point a `next` or a branch `goto` at it, or remove it"),
        );
    }
}
