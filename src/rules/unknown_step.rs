use std::collections::HashMap;

use crate::diagnostic::Diagnostic;
use crate::flow::step_ids;
use crate::rules::Context;
use crate::rules::Rule;
use crate::suggest::{Suggestions, listing};

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
    let mut suggestions = Suggestions::new(known.clone());
    let targets = context.sop.steps.iter().flat_map(|step| {
        let next = step.next.iter().map(|next| ("next", next));
        let gotos = step
            .branches
            .iter()
            .filter_map(|branch| branch.goto.as_ref());
        next.chain(gotos.map(|goto| ("goto", goto)))
    });
    // The help for each missing target, worked out once: a search of all ids.
    let mut helps: HashMap<&str, String> = HashMap::new();
    for (field, target) in targets {
        if ids.contains_key(target.value.as_str()) {
            continue;
        }
        let message = format!("`{field}: {}` names no step of this SOP", target.value);
        let help = helps
            .entry(target.value.as_str())
            .or_insert_with(|| match suggestions.closest(&target.value) {
                Some(suggestion) => format!("did you mean `{suggestion}`?"),
                None if known.is_empty() => "give the target step an `id`".to_string(),
                None => format!("the step ids are {}", listing(&known)),
            })
            .clone();
        diagnostics.push(
            context
                .diagnostic(Rule::UnknownStep, target.span, message)
                .with_help(help),
        );
    }
}
