use crate::diagnostic::Diagnostic;
use crate::flow::step_ids;
use crate::model::Text;
use crate::rules::Context;
use crate::rules::Rule;
use crate::suggest::closest;

declare_rule! {
    /// Finds a `next` or a branch `goto` that names no step of the SOP.
    ///
    /// ## Why it matters
    /// The employee following the procedure is sent to a step that does not
    /// exist. The flow checks treat such a jump as the end of the flow, so it is
    /// reported once, here.
    ///
    /// ## Example
    /// ```yaml
    /// - ask: Can you resolve it?
    ///   branches:
    ///     - when: "yes"
    ///       goto: resolve
    ///     - when: "no"
    ///       goto: escalte     # no step has this id: escalate?
    /// ```
    pub struct UnknownStep;
}

pub fn check(context: &Context, diagnostics: &mut Vec<Diagnostic>) {
    let ids = step_ids(context.sop);
    let mut known: Vec<&str> = ids.keys().copied().collect();
    known.sort_unstable();
    let mut report = |field: &str, target: &Text| {
        if ids.contains_key(target.value.as_str()) {
            return;
        }
        let message = format!("`{field}: {}` names no step of this SOP", target.value);
        let help = match closest(&target.value, &known) {
            Some(suggestion) => format!("did you mean `{suggestion}`?"),
            None if known.is_empty() => "give the target step an `id`".to_string(),
            None => format!("the step ids are {}", known.join(", ")),
        };
        diagnostics.push(
            context
                .diagnostic(Rule::UnknownStep, target.span, message)
                .with_help(help),
        );
    };
    for step in &context.sop.steps {
        if let Some(next) = &step.next {
            report("next", next);
        }
        for branch in &step.branches {
            if let Some(goto) = &branch.goto {
                report("goto", goto);
            }
        }
    }
}
