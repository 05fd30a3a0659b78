//! Swimlanes: which lane each node is in, and the lanes' columns.

use std::collections::HashMap;

use super::*;

#[derive(Debug, Clone)]
pub(super) struct LaneSpec {
    pub(super) title: String,
    pub(super) description: Option<String>,
    /// The room the title needs in the header, in bold.
    pub(super) header_w: f64,
}

pub(super) fn is_step(node: &ChartNode) -> bool {
    !matches!(node.kind, NodeKind::Start | NodeKind::End)
}

/// The lanes and each node's lane: one lane per role in order of first
/// appearance, then "(no role)" if a step has none; start and end join the
/// lane of the first step they lead to and the last step leading to them.
/// Without lanes, one untitled lane holds everything.
pub(super) fn assign_lanes(chart: &Chart, lanes: bool, font: Font) -> (Vec<LaneSpec>, Vec<usize>) {
    let header_w = |title: &str| font.bold_width(title, FONT) + 24.0;
    let count = chart.nodes.len();
    if !lanes {
        let spec = LaneSpec {
            title: String::new(),
            description: None,
            header_w: header_w(""),
        };
        return (vec![spec], vec![0; count]);
    }
    let roles = chart.lanes();
    let mut descriptions: HashMap<&str, &str> = HashMap::new();
    for node in &chart.nodes {
        if let (Some(role), Some(description)) = (&node.role, &node.role_description) {
            descriptions.entry(role).or_insert(&**description);
        }
    }
    let mut specs: Vec<LaneSpec> = roles
        .iter()
        .map(|&role| LaneSpec {
            title: role.to_string(),
            description: descriptions.get(role).map(|text| text.to_string()),
            header_w: header_w(role),
        })
        .collect();
    let roleless = chart
        .nodes
        .iter()
        .any(|node| is_step(node) && node.role.is_none());
    if roleless || specs.is_empty() {
        specs.push(LaneSpec {
            title: "(no role)".to_string(),
            description: None,
            header_w: header_w("(no role)"),
        });
    }
    let no_role = specs.len() - 1;
    let lane_of_role: HashMap<&str, usize> = roles
        .iter()
        .enumerate()
        .map(|(lane, &role)| (role, lane))
        .collect();
    let step_lane = |node: &ChartNode| {
        node.role
            .as_deref()
            .and_then(|role| lane_of_role.get(role).copied())
            .unwrap_or(no_role)
    };
    let steps_around = |node: usize, forward: bool| {
        chart
            .edges
            .iter()
            .filter_map(move |edge| {
                let (here, there) = if forward {
                    (edge.from, edge.to)
                } else {
                    (edge.to, edge.from)
                };
                (here == node).then_some(there)
            })
            .filter(|&there| chart.nodes.get(there).is_some_and(is_step))
    };
    let lane = (0..count)
        .map(|node| match chart.nodes[node].kind {
            NodeKind::Start => steps_around(node, true).min(),
            NodeKind::End => steps_around(node, false).max(),
            _ => Some(node),
        })
        .map(|step| step.map_or(0, |step| step_lane(&chart.nodes[step])))
        .collect();
    (specs, lane)
}

#[derive(Debug, Clone, Copy)]
pub(super) struct Column {
    pub(super) x: f64,
    pub(super) w: f64,
    /// Where nodes may stand.
    pub(super) inner: (f64, f64),
}

/// Lane columns side by side, each with `inner[lane]` of room for nodes
/// between paddings that hold its loop channels, and wide enough for its
/// header.
pub(super) fn lane_columns(specs: &[LaneSpec], loops: &[Loop], inner: &[f64]) -> Vec<Column> {
    let mut columns = Vec::with_capacity(specs.len());
    let mut channels = vec![[0_usize; 2]; specs.len()];
    for lp in loops {
        if let Some(count) = channels.get_mut(lp.lane) {
            count[lp.side_to.index()] += 1;
        }
    }
    let mut x = MARGIN;
    for (lane, spec) in specs.iter().enumerate() {
        let [left, right] = channels.get(lane).copied().unwrap_or_default();
        let pad_left = LANE_PAD + left as f64 * CHANNEL_STEP;
        let pad_right = LANE_PAD + right as f64 * CHANNEL_STEP;
        let room = inner.get(lane).copied().unwrap_or(0.0);
        let w = (pad_left + room + pad_right)
            .max(spec.header_w)
            .max(LANE_MIN_W);
        columns.push(Column {
            x,
            w,
            inner: (x + pad_left, x + w - pad_right),
        });
        x += w;
    }
    columns
}

/// Places nodes in lanes: first in roomy lanes (twice the widest rank
/// packed tight, and more), so that lanes do not squeeze the layout, then
/// each lane shrinks to the room its nodes took, its nodes moving along.
pub(super) fn place_in_lanes(
    layers: &mut Layers,
    specs: &[LaneSpec],
    loops: &[Loop],
) -> Vec<Column> {
    // A lane's nodes stand together in each rank.
    let mut widest = vec![0.0_f64; specs.len()];
    for row in &layers.order {
        for segment in row.chunk_by(|a, b| layers.lane[*a] == layers.lane[*b]) {
            if let Some(widest) = widest.get_mut(layers.lane[segment[0]]) {
                *widest = widest.max(layers.packed_width(segment));
            }
        }
    }
    let roomy: Vec<f64> = widest.iter().map(|widest| 2.0 * widest + 200.0).collect();
    let bounds: Vec<(f64, f64)> = lane_columns(specs, loops, &roomy)
        .iter()
        .map(|c| c.inner)
        .collect();
    layers.place_x(&bounds);
    let mut used = vec![(f64::INFINITY, f64::NEG_INFINITY); specs.len()];
    for node in 0..layers.x.len() {
        if let Some(span) = used.get_mut(layers.lane[node]) {
            span.0 = span.0.min(layers.x[node] - layers.extent[node][0]);
            span.1 = span.1.max(layers.x[node] + layers.extent[node][1]);
        }
    }
    let inner: Vec<f64> = used.iter().map(|span| (span.1 - span.0).max(0.0)).collect();
    let columns = lane_columns(specs, loops, &inner);
    for node in 0..layers.x.len() {
        let lane = layers.lane[node];
        if let (Some(column), Some(span), Some(room)) =
            (columns.get(lane), used.get(lane), inner.get(lane))
        {
            let spare = column.inner.1 - column.inner.0 - room;
            layers.x[node] += column.inner.0 + spare / 2.0 - span.0;
        }
    }
    columns
}
