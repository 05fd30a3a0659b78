//! The process map as Graphviz DOT: one `cluster_<n>` per department.
//! Names are `sop`'s own keys and every text is quoted as the flowcharts
//! quote it ([`crate::chart::dot::quote`]), so SOP text stays text.

use std::fmt::Write as _;

use super::{LinkKind, Map, MapNode, label_lines};
use crate::chart::Options;
use crate::chart::dot::quote;

/// Characters per line of a title before wrapping.
const WIDTH: usize = 28;

pub fn render(map: &Map, options: &Options) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "digraph sop_map {{");
    let _ = writeln!(
        out,
        "  graph [label={}, labelloc=t, fontname=\"Helvetica,Arial,sans-serif\", fontsize=16, rankdir=LR, nodesep=0.3, ranksep=0.8];",
        quote(&map.heading())
    );
    let _ = writeln!(
        out,
        "  node [fontname=\"Helvetica,Arial,sans-serif\", fontsize=11, shape=box, style=\"rounded,filled\", fillcolor=\"#f4f7fb\", color=\"#4a6785\"];"
    );
    let _ = writeln!(
        out,
        "  edge [fontname=\"Helvetica,Arial,sans-serif\", fontsize=10, color=\"#4a6785\"];"
    );
    for (index, department) in map.departments.iter().enumerate() {
        let _ = writeln!(out, "  subgraph cluster_{index} {{");
        let _ = writeln!(
            out,
            "    graph [label={}, style=\"rounded,filled\", fillcolor=\"#fbfbf7\", color=\"#c9c9b8\"];",
            quote(department.label())
        );
        for &node in &department.nodes {
            write_node(map, &map.nodes[node], options, "    ", &mut out);
        }
        out.push_str("  }\n");
    }
    for node in map.outside() {
        write_node(map, node, options, "  ", &mut out);
    }
    for edge in &map.edges {
        let (from, to) = (&map.nodes[edge.from].key, &map.nodes[edge.to].key);
        let style = match edge.kind {
            LinkKind::Call => "",
            LinkKind::Reference => ", style=dashed",
        };
        let _ = writeln!(
            out,
            "  {from} -> {to} [label={}{style}];",
            quote(edge.kind.label())
        );
    }
    out.push_str("}\n");
    out
}

fn write_node(map: &Map, node: &MapNode, options: &Options, indent: &str, out: &mut String) {
    let mut attributes = format!("label={}", quote(&label_lines(node, WIDTH).join("\n")));
    if !node.in_set() {
        attributes.push_str(", style=\"rounded,dashed\", color=\"#8c959f\", fontcolor=\"#57606a\"");
    } else if node.retired() {
        attributes.push_str(
            ", style=\"rounded,filled,dashed\", fillcolor=\"#eeeeee\", color=\"#8c959f\", fontcolor=\"#57606a\"",
        );
    }
    if let Some(href) = map.link(node, options) {
        let _ = write!(
            attributes,
            ", URL={}, tooltip={}",
            quote(&href),
            quote(&format!("{} {}", node.id, node.title))
        );
    }
    let _ = writeln!(out, "{indent}{} [{attributes}];", node.key);
}
