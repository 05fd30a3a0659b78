//! The chart as JSON for other tools: nodes and edges, documented in the README.

use serde_json::json;

use super::Chart;

pub fn render(chart: &Chart) -> String {
    let nodes: Vec<serde_json::Value> = chart
        .nodes
        .iter()
        .map(|node| {
            json!({
                "id": node.key,
                "kind": node.kind.as_str(),
                "step_id": node.step_id,
                "number": node.number,
                "text": node.text,
                "role": node.role,
                "call": node.call,
                "line": node.line,
            })
        })
        .collect();
    let edges: Vec<serde_json::Value> = chart
        .edges
        .iter()
        .map(|edge| {
            json!({
                "from": chart.nodes[edge.from].key,
                "to": chart.nodes[edge.to].key,
                "label": edge.label,
            })
        })
        .collect();
    let document = json!({
        "sop": chart.sop_id,
        "title": chart.title,
        "lanes": chart.lanes(),
        "nodes": nodes,
        "edges": edges,
    });
    let mut text = serde_json::to_string_pretty(&document).unwrap_or_default();
    text.push('\n');
    text
}
