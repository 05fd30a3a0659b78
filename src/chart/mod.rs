//! Flowcharts of SOPs for trainers. [`Chart`] is the drawing model, built from
//! the same petgraph [`Flow`] that the lint rules check, so every export shows
//! exactly the flow that `sop lint` reasons about. One module per format.

use std::collections::{HashMap, HashSet};
use std::path::PathBuf;
use std::sync::Arc;

use petgraph::visit::EdgeRef;

use crate::flow::{Flow, FlowEdge, FlowNode};
use crate::limits::Limits;
use crate::model::Sop;
use crate::project::{Content, Document, Model};
use crate::source::SourceFile;
use crate::yaml::ByteSpan;

pub mod dot;
mod folder;
mod font;
pub mod json;
pub mod layout;
pub mod map;
pub mod mermaid;
pub mod picture;
pub mod svg;

pub use folder::{Planned, Written, write_charts};

/// What a chart node stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NodeKind {
    Start,
    End,
    /// A `do` step: a box.
    Action,
    /// A `do` step with `call`: a sub-process box naming the called SOP.
    Call,
    /// An `ask` step: a diamond.
    Decision,
}

impl NodeKind {
    pub fn as_str(self) -> &'static str {
        match self {
            NodeKind::Start => "start",
            NodeKind::End => "end",
            NodeKind::Action => "action",
            NodeKind::Call => "call",
            NodeKind::Decision => "decision",
        }
    }
}

/// One node of a chart. `key` is a safe identifier made by `sop` (`start`,
/// `end`, `s1`, `s2`... by step number), never text from the SOP, so no
/// format's syntax can be broken through it.
#[derive(Debug, Clone, PartialEq)]
pub struct ChartNode {
    pub key: String,
    pub kind: NodeKind,
    /// The step's `id`, if it has one.
    pub step_id: Option<String>,
    /// 1-based step number; `None` for start and end.
    pub number: Option<usize>,
    /// Plain text: the action, the question, or "Start"/"End". Markdown is
    /// reduced to its text.
    pub text: String,
    /// The step's `role` key, and its description from `roles` when known
    /// (one copy per role).
    pub role: Option<String>,
    pub role_description: Option<Arc<str>>,
    /// The called SOP's id, for `Call` nodes.
    pub call: Option<String>,
    /// 1-based source line of the step.
    pub line: Option<usize>,
}

/// One arrow. `label` is the branch's `when` for a decision.
#[derive(Debug, Clone, PartialEq)]
pub struct ChartEdge {
    /// Indexes into [`Chart::nodes`].
    pub from: usize,
    pub to: usize,
    pub label: Option<String>,
}

/// A flowchart, ready for any format.
#[derive(Debug, Clone, PartialEq)]
pub struct Chart {
    pub sop_id: String,
    pub title: String,
    /// Start first, then the steps in list order, then end.
    pub nodes: Vec<ChartNode>,
    pub edges: Vec<ChartEdge>,
}

/// The chart of a document, when it is an SOP with steps. A document that
/// could not be read or parsed has none (its load finding says why); lint
/// findings do not stop a chart: a chart of a flawed SOP helps to see the flaw.
pub fn of(document: &Document) -> Result<Chart, NotAnSop> {
    match &document.content {
        Content::Parsed(parsed) => match &parsed.model {
            Model::Sop { sop, flow } if !sop.steps.is_empty() => {
                Ok(Chart::new(&parsed.source, sop, flow))
            }
            _ => Err(NotAnSop(document.path.clone())),
        },
        Content::Failed(_) => Err(NotAnSop(document.path.clone())),
    }
}

/// A document that parsed but holds no SOP with steps.
#[derive(Debug, thiserror::Error)]
#[error("{}: not an SOP (expected a mapping with `instructions`)", .0.display())]
pub struct NotAnSop(pub PathBuf);

/// Why an SOP gets no chart: it is past a limit of `[limits]` in sop.toml.
/// The message is that of its `limit-exceeded` finding.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TooLarge {
    #[error("this SOP has {steps} steps; flowcharts are drawn for at most {limit}")]
    Steps {
        steps: usize,
        limit: usize,
        /// The first step past the limit.
        span: ByteSpan,
    },
    #[error("this decision has {branches} branches; flowcharts are drawn for at most {limit}")]
    Branches {
        branches: usize,
        limit: usize,
        /// The first branch past the limit.
        span: ByteSpan,
    },
    #[error(
        "drawing this SOP takes {bends} bend points, for arrows that skip over many steps; flowcharts are drawn with at most {limit} ({BENDS_PER_STEP} per step of `chart-steps`)"
    )]
    Bends {
        bends: usize,
        limit: usize,
        /// The step whose arrow passes the limit.
        span: ByteSpan,
    },
}

impl TooLarge {
    pub fn span(&self) -> ByteSpan {
        match self {
            TooLarge::Steps { span, .. }
            | TooLarge::Branches { span, .. }
            | TooLarge::Bends { span, .. } => *span,
        }
    }

    /// What the writer can do about it.
    pub fn help(&self) -> &'static str {
        match self {
            TooLarge::Steps { .. } => {
                "split the procedure into SOPs that `call` each other, or raise `chart-steps` under `[limits]` in sop.toml"
            }
            TooLarge::Branches { .. } => {
                "group the answers, or raise `chart-branches` under `[limits]` in sop.toml"
            }
            TooLarge::Bends { .. } => {
                "send the long arrows to nearer steps, split the procedure into SOPs that `call` each other, or raise `chart-steps` under `[limits]` in sop.toml"
            }
        }
    }
}

/// Bend points a chart may have per step of `chart-steps`. An arrow gets
/// one on every rank it skips, so an SOP of a few thousand bytes can ask
/// for millions (hundreds of branches that each skip thousands of steps),
/// and laying them out costs time and memory with each.
pub const BENDS_PER_STEP: usize = 10;

/// Every limit the chart of `sop` is past: too many steps, decisions with
/// too many branches, or (when neither) more bend points than
/// [`BENDS_PER_STEP`] per step of `chart-steps`. Linear in the flow's size.
pub fn too_large(sop: &Sop, flow: &Flow, limits: &Limits) -> Vec<TooLarge> {
    let mut found = Vec::new();
    if sop.steps.len() > limits.chart_steps {
        found.push(TooLarge::Steps {
            steps: sop.steps.len(),
            limit: limits.chart_steps,
            span: sop.steps[limits.chart_steps].span,
        });
    }
    for step in sop
        .steps
        .iter()
        .filter(|step| step.branches.len() > limits.chart_branches)
    {
        found.push(TooLarge::Branches {
            branches: step.branches.len(),
            limit: limits.chart_branches,
            span: step.branches[limits.chart_branches].span,
        });
    }
    let graph = &flow.graph;
    let limit = limits.chart_steps.saturating_mul(BENDS_PER_STEP);
    // No edge skips more ranks than there are nodes.
    if found.is_empty() && graph.edge_count().saturating_mul(graph.node_count()) > limit {
        let bends = layout::rank::bend_points(graph, |node| *node == FlowNode::End);
        let edges: Vec<_> = graph.edge_references().collect();
        let mut total = 0;
        for (edge, edge_bends) in edges.iter().zip(&bends) {
            total += edge_bends;
            if total > limit {
                let step = match graph[edge.source()] {
                    FlowNode::Step(number) => number,
                    FlowNode::Start | FlowNode::End => 0,
                };
                found.push(TooLarge::Bends {
                    bends: bends.iter().sum(),
                    limit,
                    span: sop
                        .steps
                        .get(step)
                        .map_or_else(ByteSpan::default, |step| step.span),
                });
                break;
            }
        }
    }
    found
}

/// The export formats of `sop graph`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Dot,
    Mermaid,
    Svg,
    Json,
    /// A picture, drawn in-process with the bundled font.
    Png,
    /// A vector PDF page, drawn in-process with the bundled font.
    Pdf,
}

impl Format {
    /// The file extension of charts written with `--out DIR`.
    pub fn extension(self) -> &'static str {
        match self {
            Format::Dot => "dot",
            Format::Mermaid => "mmd",
            Format::Svg => "svg",
            Format::Json => "json",
            Format::Png => "png",
            Format::Pdf => "pdf",
        }
    }
}

/// The chart in `format`: UTF-8 text, or a PNG or PDF file.
pub fn render(chart: &Chart, format: Format, options: &Options) -> Result<Vec<u8>, picture::Error> {
    Ok(match format {
        Format::Dot => dot::render(chart, options).into_bytes(),
        Format::Mermaid => mermaid::render(chart, options).into_bytes(),
        Format::Svg => svg::render(chart, options).into_bytes(),
        Format::Json => json::render(chart).into_bytes(),
        Format::Png => picture::png(chart, options)?,
        Format::Pdf => picture::pdf(chart, options)?,
    })
}

/// How to draw a chart.
#[derive(Debug, Clone)]
pub struct Options {
    /// Group steps into one swimlane per role.
    pub lanes: bool,
    /// Where a `call` step links to (SVG), with `{id}` standing for the
    /// called SOP's id; charts written with `--out DIR` link to each other.
    pub call_href: String,
    /// Put before every `id` in the SVG, so that several charts can share
    /// one HTML page. Only letters, digits, `-` and `_` are kept.
    pub id_prefix: String,
    /// The file name (no extension) of each SOP id, as
    /// [`crate::file_name::distinct`] gave it to the pages or charts being
    /// written; an id not in it gets the name it would have alone.
    pub file_names: Arc<HashMap<String, String>>,
    /// Link only the ids in `file_names`: a handbook that leaves an SOP
    /// out shows a call to it as a box without a link, not a broken one.
    pub link_only_named: bool,
    /// The font the text is measured for and drawn in.
    pub font: layout::Font,
    /// Which way the flow runs.
    pub direction: Direction,
}

/// Which way a chart's flow runs: down the page, or across it (for slides,
/// which are wider than tall).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Direction {
    #[default]
    TopDown,
    LeftRight,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            lanes: false,
            call_href: "{id}.svg".to_string(),
            id_prefix: String::new(),
            file_names: Arc::default(),
            link_only_named: false,
            font: layout::Font::Any,
            direction: Direction::TopDown,
        }
    }
}

impl Options {
    /// The link of a call box to SOP `id`, the same in every format: the
    /// template with `{id}` replaced by the called SOP's file name,
    /// percent-encoded. The id cannot bring a scheme in; a template that names
    /// one other than http(s) (`javascript:`, `data:`...) gives no link.
    pub fn call_link(&self, id: &str) -> Option<String> {
        let name = match self.file_names.get(id) {
            Some(name) => name.clone(),
            None if self.link_only_named => return None,
            None => crate::file_name::distinct(&[id], &[]).remove(0),
        };
        let href = self
            .call_href
            .replace("{id}", &crate::encode::percent_encode(&name, b""));
        if let Some(end) = href.find([':', '/', '?', '#'])
            && href[end..].starts_with(':')
        {
            let scheme: String = href[..end]
                .chars()
                .filter(|c| c.is_ascii_alphanumeric())
                .collect::<String>()
                .to_ascii_lowercase();
            if scheme != "http" && scheme != "https" {
                return None;
            }
        }
        Some(href)
    }
}

impl Chart {
    /// Builds the chart of an SOP from its flow graph.
    pub fn new(source: &SourceFile, sop: &Sop, flow: &Flow) -> Chart {
        // Each role's description once, shared by its steps: thousands of
        // steps may have one role with a long description.
        let mut descriptions: HashMap<&str, Option<Arc<str>>> = HashMap::new();
        for role in &sop.roles {
            descriptions.entry(role.key.as_str()).or_insert_with(|| {
                role.text
                    .as_ref()
                    .map(|text| plain_text(&text.value).into())
            });
        }
        let nodes: Vec<ChartNode> = flow
            .graph
            .node_indices()
            .map(|index| match flow.graph[index] {
                FlowNode::Start => terminal("start", NodeKind::Start, "Start"),
                FlowNode::End => terminal("end", NodeKind::End, "End"),
                FlowNode::Step(number) => {
                    let step = &sop.steps[number];
                    let role = step.role.as_ref().map(|role| role.value.clone());
                    let role_description = role
                        .as_deref()
                        .and_then(|key| descriptions.get(key).cloned().flatten());
                    let call = step.call.as_ref().map(|call| call.value.clone());
                    let kind = if step.is_decision() {
                        NodeKind::Decision
                    } else if call.is_some() {
                        NodeKind::Call
                    } else {
                        NodeKind::Action
                    };
                    ChartNode {
                        key: format!("s{}", number + 1),
                        kind,
                        step_id: step.id.as_ref().map(|id| id.value.clone()),
                        number: Some(number + 1),
                        text: step
                            .text()
                            .map(|text| plain_text(&text.value))
                            .unwrap_or_default(),
                        role,
                        role_description,
                        call,
                        line: Some(source.position(step.span.start).line),
                    }
                }
            })
            .collect();
        let edges = flow
            .graph
            .edge_references()
            .map(|edge| ChartEdge {
                from: edge.source().index(),
                to: edge.target().index(),
                label: match edge.weight() {
                    FlowEdge::Branch(label) => {
                        Some(plain_text(label)).filter(|label| !label.is_empty())
                    }
                    FlowEdge::Sequence | FlowEdge::Next | FlowEdge::Finish => None,
                },
            })
            .collect();
        Chart {
            sop_id: sop
                .id
                .as_ref()
                .map_or_else(String::new, |id| id.value.clone()),
            title: sop
                .title
                .as_ref()
                .map_or_else(String::new, |title| plain_text(&title.value)),
            nodes,
            edges,
        }
    }

    /// The roles that have steps, in order of first appearance: the swimlanes.
    pub fn lanes(&self) -> Vec<&str> {
        let mut seen = HashSet::new();
        self.nodes
            .iter()
            .filter_map(|node| node.role.as_deref())
            .filter(|role| seen.insert(*role))
            .collect()
    }
}

fn terminal(key: &str, kind: NodeKind, text: &str) -> ChartNode {
    ChartNode {
        key: key.to_string(),
        kind,
        step_id: None,
        number: None,
        text: text.to_string(),
        role: None,
        role_description: None,
        call: None,
        line: None,
    }
}

/// Markdown reduced to its text: `**Call** the [customer](x)` is
/// `Call the customer`. Line breaks become spaces; other control characters
/// are dropped, as no chart format can show them.
pub fn plain_text(markdown: &str) -> String {
    // Many labels and step texts are such a line: not worth parsing.
    if is_plain_line(markdown) {
        return markdown.split_whitespace().collect::<Vec<_>>().join(" ");
    }
    parsed_plain_text(markdown)
}

/// [`plain_text`] by the Markdown parser, whatever the text.
fn parsed_plain_text(markdown: &str) -> String {
    use pulldown_cmark::{Event, Parser};
    let mut text = String::new();
    for event in Parser::new(markdown) {
        match event {
            Event::Text(part) | Event::Code(part) | Event::InlineHtml(part) | Event::Html(part) => {
                text.push_str(&part)
            }
            Event::SoftBreak | Event::HardBreak => text.push(' '),
            Event::End(tag) if ends_block(tag) => text.push(' '),
            _ => {}
        }
    }
    text.retain(|c| !c.is_control() || c.is_whitespace());
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Whether Markdown reads `text` as one paragraph of its very characters:
/// one line that starts with a letter (not a list, heading or indented
/// code) and holds only letters, digits, spaces and punctuation that
/// Markdown gives no meaning to: none of `*`, `_`, a backtick, `[`, `]`,
/// `<`, `>`, `&`, `\`, `!`, `#`, `~`, `|`, a tab or a line break.
fn is_plain_line(text: &str) -> bool {
    text.as_bytes().first().is_some_and(u8::is_ascii_alphabetic)
        && text
            .bytes()
            .all(|byte| byte.is_ascii_alphanumeric() || b" ,.;:'\"?()/%+=@$-".contains(&byte))
}

fn ends_block(tag: pulldown_cmark::TagEnd) -> bool {
    use pulldown_cmark::TagEnd;
    matches!(
        tag,
        TagEnd::Paragraph
            | TagEnd::Heading(_)
            | TagEnd::BlockQuote(_)
            | TagEnd::CodeBlock
            | TagEnd::HtmlBlock
            | TagEnd::Item
            | TagEnd::TableCell
    )
}

/// Breaks text into lines of at most `width` characters at spaces (a longer
/// word gets a line of its own).
pub fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        if !line.is_empty() && line.chars().count() + 1 + word.chars().count() > width {
            lines.push(std::mem::take(&mut line));
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    if !line.is_empty() || lines.is_empty() {
        lines.push(line);
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_plain_line_is_what_the_markdown_parser_makes_of_it() {
        // What the fast path lets through (the first 23), then what it must not.
        const PIECES: [&str; 49] = [
            "Call",
            "the",
            "customer",
            "2",
            " ",
            " ",
            "  ",
            ",",
            ".",
            ";",
            ":",
            "'",
            "\"",
            "?",
            "(",
            ")",
            "/",
            "%",
            "+",
            "=",
            "@",
            "$",
            "-",
            "\n",
            "*",
            "_",
            "`",
            "[",
            "]",
            "<",
            ">",
            "&",
            "\\",
            "!",
            "#",
            "~",
            "|",
            "\t",
            "é",
            "1. ",
            "*the*",
            "_the_",
            "`x`",
            "[a](b)",
            "<i>",
            "<http://a.b>",
            "&amp;",
            "\\*",
            "~~x~~",
        ];
        let mut random = crate::test_random::Random::new(15);
        let mut plain = 0;
        for _ in 0..20_000 {
            let count = 1 + random.below(8);
            // Half the texts of what it lets through and line breaks, which
            // can make the line before a heading.
            let pieces = if random.below(2) == 0 {
                &PIECES[..24]
            } else {
                &PIECES[..]
            };
            let text = random.text(pieces, count);
            assert_eq!(plain_text(&text), parsed_plain_text(&text), "{text:?}");
            plain += usize::from(is_plain_line(&text));
        }
        // Both ways were taken, many times.
        assert!(plain > 1_000 && plain < 19_000, "{plain} plain lines");
    }

    #[test]
    fn markdown_becomes_plain_text() {
        assert_eq!(
            plain_text("**Call** the [customer](https://x.org) `now`"),
            "Call the customer now"
        );
        assert_eq!(plain_text("line one\nline two"), "line one line two");
        assert_eq!(plain_text("**Call**s and *e*mails"), "Calls and emails");
    }

    #[test]
    fn wrapping_keeps_words_whole() {
        assert_eq!(wrap("one two three four", 9), ["one two", "three", "four"]);
        assert_eq!(
            wrap("supercalifragilistic x", 5),
            ["supercalifragilistic", "x"]
        );
        assert_eq!(wrap("", 5), [""]);
    }
}
