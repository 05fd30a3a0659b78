//! The process map as a Mermaid flowchart: one subgraph per department.
//! Ids are `sop`'s own keys and every text is escaped as the flowcharts
//! escape it ([`crate::chart::mermaid::escape`]), so SOP text stays text.

use std::fmt::Write as _;

use super::{LinkKind, Map, MapNode, label_lines};
use crate::chart::Options;
use crate::chart::mermaid::escape;

const WIDTH: usize = 28;

pub fn render(map: &Map, options: &Options) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "%% {}", escape(&map.heading()));
    out.push_str("flowchart LR\n");
    for (index, department) in map.departments.iter().enumerate() {
        let _ = writeln!(
            out,
            "  subgraph department{index} [\"{}\"]",
            escape(department.label())
        );
        out.push_str("    direction TB\n");
        for &node in &department.nodes {
            write_node(&map.nodes[node], "    ", &mut out);
        }
        out.push_str("  end\n");
    }
    for node in map.outside() {
        write_node(node, "  ", &mut out);
    }
    for edge in &map.edges {
        let (from, to) = (&map.nodes[edge.from].key, &map.nodes[edge.to].key);
        let arrow = match edge.kind {
            LinkKind::Call => "-->",
            LinkKind::Reference => "-.->",
        };
        let _ = writeln!(out, "  {from} {arrow}|\"{}\"| {to}", edge.kind.label());
    }
    let marked = |wanted: fn(&MapNode) -> bool| {
        map.nodes
            .iter()
            .filter(|node| wanted(node))
            .map(|node| node.key.as_str())
            .collect::<Vec<_>>()
            .join(",")
    };
    let retired = marked(|node| node.in_set() && node.retired());
    if !retired.is_empty() {
        out.push_str(
            "  classDef retired fill:#eeeeee,stroke:#8c959f,stroke-dasharray:5 5,color:#57606a\n",
        );
        let _ = writeln!(out, "  class {retired} retired");
    }
    let outside = marked(|node| !node.in_set());
    if !outside.is_empty() {
        out.push_str(
            "  classDef outside fill:#ffffff,stroke:#8c959f,stroke-dasharray:5 5,color:#57606a\n",
        );
        let _ = writeln!(out, "  class {outside} outside");
    }
    for node in &map.nodes {
        // A percent-encoded name holds no quote, so the link needs no escaping.
        if let Some(href) = map.link(node, options) {
            let _ = writeln!(out, "  click {} href \"{href}\"", node.key);
        }
    }
    out
}

fn write_node(node: &MapNode, indent: &str, out: &mut String) {
    let label: Vec<String> = label_lines(node, WIDTH)
        .iter()
        .map(|line| escape(line))
        .collect();
    let _ = writeln!(out, "{indent}{}[\"{}\"]", node.key, label.join("<br/>"));
}
