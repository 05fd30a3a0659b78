use std::collections::HashMap;

use crate::diagnostic::Diagnostic;
use crate::rules::Context;
use crate::rules::Rule;

declare_rule! {
    /// Finds a decision (`ask`) with fewer than two branches, or with two
    /// branches of the same `when` label.
    ///
    /// ## Why it matters
    /// A question with one answer is not a decision, and two identical answers
    /// leave the employee guessing which way to go.
    ///
    /// ## Example
    /// ```yaml
    /// - ask: Is the customer verified?
    ///   branches:
    ///     - when: "yes"
    ///       goto: help
    ///     - when: "yes"     # the second answer should be "no"
    ///       goto: verify
    /// ```
    pub struct DecisionBranches;
}

pub fn check(context: &Context, diagnostics: &mut Vec<Diagnostic>) {
    for (index, step) in context.sop.steps.iter().enumerate() {
        let (Some(question), true) = (&step.question, step.is_decision()) else {
            continue; // `do` with `ask` is a schema finding
        };
        if step.branches.len() < 2 {
            let count = match step.branches.len() {
                0 => "no branches".to_string(),
                _ => "only one branch".to_string(),
            };
            diagnostics.push(
                context
                    .diagnostic(
                        Rule::DecisionBranches,
                        question.span,
                        format!("the decision of step {} has {count}", index + 1),
                    )
                    .with_help(
                        "list at least two answers under `branches`, each with `when` and `goto`",
                    ),
            );
            continue;
        }
        let mut seen: HashMap<&str, usize> = HashMap::new();
        for (number, branch) in step.branches.iter().enumerate() {
            let Some(when) = &branch.when else { continue };
            let label = when.value.trim();
            if let Some(first) = seen.insert(label, number) {
                diagnostics.push(
                    context
                        .diagnostic(
                            Rule::DecisionBranches,
                            when.span,
                            format!(
                                "branch {} repeats the answer `{label}` of branch {}",
                                number + 1,
                                first + 1
                            ),
                        )
                        .with_help("each answer of a decision needs its own `when` label"),
                );
                seen.insert(label, first);
            }
        }
    }
}
