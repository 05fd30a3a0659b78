use crate::diagnostic::Diagnostic;
use crate::rules::Context;
use crate::rules::Rule;

declare_rule! {
    /// Finds a metric with no `target`.
    ///
    /// ## Why it matters
    /// A measure without a target cannot tell a team whether it is doing well:
    /// "first contact resolution" means little until it says "90%".
    ///
    /// ## Example
    /// ```yaml
    /// metrics:
    ///   - name: Callback time
    ///     description: Time from voice mail to the first call back.
    ///     # add: target: "within 24 hours"
    /// ```
    pub struct MetricWithoutTarget;
}

pub fn check(context: &Context, diagnostics: &mut Vec<Diagnostic>) {
    for metric in &context.sop.metrics {
        if metric
            .target
            .as_ref()
            .is_some_and(|target| !target.value.trim().is_empty())
        {
            continue;
        }
        let (span, name) = match &metric.name {
            Some(name) => (name.span, format!("the metric `{}`", name.value)),
            None => (metric.span, "this metric".to_string()),
        };
        diagnostics.push(
            context
                .diagnostic(
                    Rule::MetricWithoutTarget,
                    span,
                    format!("{name} has no target"),
                )
                .with_help("add `target:`, e.g. target: \"90%\""),
        );
    }
}
