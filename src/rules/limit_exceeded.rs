use crate::chart;
use crate::diagnostic::Diagnostic;
use crate::flow::Flow;
use crate::limits::{self, Limits, MARKDOWN_DEPTH};
use crate::model::Sop;
use crate::rules::Context;
use crate::rules::Rule;
use crate::source::SourceFile;

declare_rule! {
    /// Finds content past one of the limits that keep `sop` bounded: more
    /// steps than a flowchart draws, a decision with more branches than a
    /// flowchart draws, arrows skipping more steps than a flowchart draws,
    /// Markdown nested deeper than is rendered as Markdown, a glossary with
    /// more terms than are read, more findings in one file than are shown
    /// (the rest are summed up in one finding), or more rule ids in the
    /// suppression comments of one file than are read.
    ///
    /// A flowchart draws an arrow that skips steps with a bend point on every
    /// row it passes; it has room for 10 bend points per step of
    /// `chart-steps`.
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
    diagnostics.extend(chart_findings(context.source, sop, context.flow, limits));
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

/// Why the flowchart of an SOP is not drawn, as findings: what `sop graph`
/// and the handbook leave out is what `sop lint` reports.
pub fn chart_findings(
    source: &SourceFile,
    sop: &Sop,
    flow: &Flow,
    limits: &Limits,
) -> Vec<Diagnostic> {
    chart::too_large(sop, flow, limits)
        .into_iter()
        .map(|too_large| {
            Rule::LimitExceeded
                .at(source, too_large.span(), too_large.to_string())
                .with_help(too_large.help())
        })
        .collect()
}
