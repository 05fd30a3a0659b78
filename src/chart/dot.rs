//! Graphviz DOT. Node names are `sop`'s own keys; every text goes into a
//! quoted string with `\`, `"` and `&` escaped, so SOP text can never add a
//! node, an edge or an attribute.

use std::fmt::Write as _;

use super::{Chart, Direction, NodeKind, Options, wrap};

/// Characters per line in a box before wrapping.
const WIDTH: usize = 28;

pub fn render(chart: &Chart, options: &Options) -> String {
    let mut out = String::new();
    let title = format!("{} — {}", chart.sop_id, chart.title);
    let _ = writeln!(out, "digraph sop {{");
    let _ = writeln!(
        out,
        "  graph [label={}, labelloc=t, fontname=\"Helvetica,Arial,sans-serif\", fontsize=16, rankdir={}, nodesep=0.4, ranksep=0.45];",
        quote(&title),
        match options.direction {
            Direction::TopDown => "TB",
            Direction::LeftRight => "LR",
        }
    );
    let _ = writeln!(
        out,
        "  node [fontname=\"Helvetica,Arial,sans-serif\", fontsize=11, style=\"rounded,filled\", fillcolor=\"#f4f7fb\", color=\"#4a6785\", shape=box];"
    );
    let _ = writeln!(
        out,
        "  edge [fontname=\"Helvetica,Arial,sans-serif\", fontsize=10, color=\"#4a6785\"];"
    );
    if options.lanes {
        write_lanes(chart, options, &mut out);
    } else {
        for node in &chart.nodes {
            write_node(node, options, "  ", &mut out);
        }
    }
    for edge in &chart.edges {
        let (from, to) = (&chart.nodes[edge.from].key, &chart.nodes[edge.to].key);
        match &edge.label {
            Some(label) => {
                let _ = writeln!(
                    out,
                    "  {from} -> {to} [label={}];",
                    quote(&wrap(label, 20).join("\n"))
                );
            }
            None => {
                let _ = writeln!(out, "  {from} -> {to};");
            }
        }
    }
    out.push_str("}\n");
    out
}

/// One cluster per role; steps without a role and start/end stay outside.
/// Left to itself Graphviz puts each cluster wherever its steps fall, so
/// lanes of different heights end up scattered over the page. Each cluster
/// therefore holds an invisible head above all its steps and foot below
/// them, and the heads (and the feet) share one rank: the lanes run side
/// by side over the whole flow, as swimlanes do.
/// `newrank` lets `rank=same` reach across clusters.
fn write_lanes(chart: &Chart, options: &Options, out: &mut String) {
    let lanes = chart.lanes();
    out.push_str("  newrank=true;\n");
    for node in chart.nodes.iter().filter(|node| node.role.is_none()) {
        write_node(node, options, "  ", out);
    }
    for (index, role) in lanes.iter().enumerate() {
        let _ = writeln!(out, "  subgraph cluster_{index} {{");
        let description = chart
            .nodes
            .iter()
            .find(|node| node.role.as_deref() == Some(role))
            .and_then(|node| node.role_description.as_deref());
        let label = match description {
            Some(description) => format!("{role}\n{}", wrap(description, 40).join("\n")),
            None => role.to_string(),
        };
        let _ = writeln!(
            out,
            "    graph [label={}, style=\"rounded,filled\", fillcolor=\"#fbfbf7\", color=\"#c9c9b8\"];",
            quote(&label)
        );
        let (head, foot) = lane_ends(index);
        let _ = writeln!(out, "    {head} [{ANCHOR}];");
        let _ = writeln!(out, "    {foot} [{ANCHOR}];");
        for node in chart
            .nodes
            .iter()
            .filter(|node| node.role.as_deref() == Some(*role))
        {
            write_node(node, options, "    ", out);
            let _ = writeln!(
                out,
                "    {head} -> {} -> {foot} [style=invis, weight=0];",
                node.key
            );
        }
        out.push_str("  }\n");
    }
    if lanes.is_empty() {
        return;
    }
    let (heads, feet): (Vec<String>, Vec<String>) = (0..lanes.len()).map(lane_ends).unzip();
    for names in [heads, feet] {
        let _ = writeln!(out, "  {{ rank=same; {}; }}", names.join("; "));
    }
}

/// An invisible point that takes no room.
const ANCHOR: &str = "shape=point, style=invis, width=0, height=0, label=\"\"";

/// The names of a lane's invisible head and foot: `lane0_head` cannot be a
/// step's key (`s1`, `start`, `end`).
fn lane_ends(index: usize) -> (String, String) {
    (format!("lane{index}_head"), format!("lane{index}_foot"))
}

fn write_node(node: &super::ChartNode, options: &Options, indent: &str, out: &mut String) {
    let width = if node.kind == NodeKind::Decision {
        22
    } else {
        WIDTH
    };
    let mut lines = wrap(&numbered(node), width);
    if let Some(call) = &node.call {
        lines.push(format!("→ SOP {call}"));
    }
    if let Some(role) = &node.role {
        lines.push(format!("[{role}]"));
    }
    let shape = match node.kind {
        NodeKind::Start | NodeKind::End => {
            "shape=box, style=\"rounded,filled,bold\", fillcolor=\"#e3f0e3\", color=\"#3d7a3d\""
        }
        NodeKind::Action => "shape=box",
        NodeKind::Call => "shape=box, peripheries=2",
        NodeKind::Decision => {
            "shape=diamond, style=filled, fillcolor=\"#fff6e0\", color=\"#a07a1f\""
        }
    };
    let mut attributes = format!("label={}, {shape}", quote(&lines.join("\n")));
    if let Some(call) = &node.call
        && let Some(href) = options.call_link(call)
    {
        let _ = write!(
            attributes,
            ", URL={}, tooltip={}",
            quote(&href),
            quote(&format!("Carry out SOP {call}"))
        );
    }
    let _ = writeln!(out, "{indent}{} [{attributes}];", node.key);
}

/// "3. Check the account" for steps, the text alone for start and end.
fn numbered(node: &super::ChartNode) -> String {
    match node.number {
        Some(number) => format!("{number}. {}", node.text),
        None => node.text.clone(),
    }
}

/// A DOT quoted string. Backslashes are doubled so that `\N` or `\l` in SOP
/// text stay text; `&` becomes `&amp;` because Graphviz expands entities in
/// labels; line breaks (from wrapping) become `\n`; other control characters
/// are dropped.
pub(crate) fn quote(text: &str) -> String {
    let mut quoted = String::with_capacity(text.len() + 2);
    quoted.push('"');
    for c in text.chars() {
        match c {
            '\\' => quoted.push_str("\\\\"),
            '"' => quoted.push_str("\\\""),
            '&' => quoted.push_str("&amp;"),
            '\n' => quoted.push_str("\\n"),
            c if c.is_control() => {}
            c => quoted.push(c),
        }
    }
    quoted.push('"');
    quoted
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quoting_keeps_text_inert() {
        assert_eq!(quote(r#"a "b" \N & c"#), r#""a \"b\" \\N &amp; c""#);
        assert_eq!(quote("x\ny\r\u{7}"), r#""x\ny""#);
    }
}
