use crate::diagnostic::Diagnostic;
use crate::limits::{self, MARKDOWN_DEPTH};
use crate::rules::Context;
use crate::rules::Rule;

declare_rule! {
    /// Finds content past one of the limits that keep `sop` bounded: more
    /// steps than a flowchart draws, a decision with more branches than a
    /// flowchart draws, Markdown nested deeper than is rendered as Markdown,
    /// a glossary with more terms than are read, or more findings in one file
    /// than are shown (the rest are summed up in one finding).
    ///
    /// Past a limit, `sop` still checks what it can: the chart is left out,
    /// the deep text is shown as plain text, the extra terms are not read.
    /// The limits and how to raise them (`[limits]` in `sop.toml`) are listed
    /// in the README.
    ///
    /// ## Why it matters
    /// Anyone can send a pull request, and CI must not hang or run out of
    /// memory on a file built to make it: every cost of `sop` grows with the
    /// size of its input, and no faster. A limit that is hit is said, so
    /// nothing is left out silently.
    ///
    /// ## Example
    /// ```yaml
    /// purpose: |
    ///   > > > > > > > > > > > > > > > > > quoted seventeen levels deep
    /// ```
    pub struct LimitExceeded;
}

pub fn check(context: &Context, diagnostics: &mut Vec<Diagnostic>) {
    let limits = &context.settings.limits;
    let sop = context.sop;
    if sop.steps.len() > limits.chart_steps {
        let span = sop.steps[limits.chart_steps].span;
        diagnostics.push(
            context
                .diagnostic(
                    Rule::LimitExceeded,
                    span,
                    format!(
                        "this SOP has {} steps; flowcharts are drawn for at most {}",
                        sop.steps.len(),
                        limits.chart_steps
                    ),
                )
                .with_help("split the procedure into SOPs that `call` each other, or raise `chart-steps` under `[limits]` in sop.toml"),
        );
    }
    for step in &sop.steps {
        if step.branches.len() > limits.chart_branches {
            diagnostics.push(
                context
                    .diagnostic(
                        Rule::LimitExceeded,
                        step.branches[limits.chart_branches].span,
                        format!(
                            "this decision has {} branches; flowcharts are drawn for at most {}",
                            step.branches.len(),
                            limits.chart_branches
                        ),
                    )
                    .with_help(
                        "group the answers, or raise `chart-branches` under `[limits]` in sop.toml",
                    ),
            );
        }
    }
    for (_, text) in sop.texts() {
        let depth = limits::markdown_depth(&text.value);
        if depth > MARKDOWN_DEPTH {
            diagnostics.push(
                context
                    .diagnostic(
                        Rule::LimitExceeded,
                        text.span,
                        format!(
                            "this text nests Markdown {depth} levels deep; at most {MARKDOWN_DEPTH} are rendered as Markdown, so handbooks show it as plain text"
                        ),
                    )
                    .with_help("flatten the quotes or lists"),
            );
        }
    }
}
