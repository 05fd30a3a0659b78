//! Loops: the edges that go back up, each in a channel beside the boxes.

use super::*;

/// A loop's way back up: it leaves its lower node `from` on one side, runs
/// up a vertical channel clear of every box, and enters `to` from the side.
#[derive(Debug, Clone)]
pub(super) struct Loop {
    pub(super) edge: usize,
    pub(super) from: usize,
    pub(super) to: usize,
    pub(super) side_from: Side,
    pub(super) side_to: Side,
    /// The lane whose margin holds the channel (lane mode).
    pub(super) lane: usize,
    pub(super) channel: f64,
    /// Into a decision, the loop joins the line above its top corner and
    /// leaves both side corners to its branches.
    pub(super) into_top: bool,
}

/// Picks each loop's side where fewer boxes stand beside its two ends; a
/// loop between lanes runs in the margin of the target's lane facing the
/// source.
pub(super) fn plan_loops(chart: &Chart, courses: &[Course], layers: &Layers) -> Vec<Loop> {
    let position = layers.positions();
    let beside = |node: usize, side: Side| -> usize {
        let row = &layers.order[layers.rank[node]];
        row.iter()
            .filter(|&&other| layers.lane[other] == layers.lane[node])
            .filter(|&&other| match side {
                Side::Left => position[other] < position[node],
                Side::Right => position[other] > position[node],
            })
            .map(|&other| if layers.is_bend(other) { 1 } else { 2 })
            .sum()
    };
    chart
        .edges
        .iter()
        .zip(courses)
        .enumerate()
        .filter(|(_, (_, course))| **course == Course::Up)
        .map(|(index, (edge, _))| {
            let (from, to) = (edge.from, edge.to);
            let (lane_from, lane_to) = (layers.lane[from], layers.lane[to]);
            let (side_from, side_to) = if lane_from == lane_to {
                let left = beside(from, Side::Left) + beside(to, Side::Left);
                let right = beside(from, Side::Right) + beside(to, Side::Right);
                let side = if left <= right {
                    Side::Left
                } else {
                    Side::Right
                };
                (side, side)
            } else if lane_to < lane_from {
                (Side::Left, Side::Right)
            } else {
                (Side::Right, Side::Left)
            };
            Loop {
                edge: index,
                from,
                to,
                side_from,
                side_to,
                lane: lane_to,
                channel: 0.0,
                into_top: chart.nodes[to].kind == NodeKind::Decision && layers.rank[to] > 0,
            }
        })
        .collect()
}

/// How many rows a loop climbs: inner loops (shorter) get the channels
/// nearest the boxes.
pub(super) fn span(layers: &Layers, lp: &Loop) -> usize {
    layers.rank[lp.from].saturating_sub(layers.rank[lp.to])
}

/// Loop channels in lane mode: in the margin of the lane, outermost loops
/// nearest the lane's border.
pub(super) fn lane_channels(layers: &Layers, loops: &mut [Loop], columns: &[Column]) {
    for (lane, column) in columns.iter().enumerate() {
        for side in [Side::Left, Side::Right] {
            let mut mine: Vec<usize> = (0..loops.len())
                .filter(|&index| loops[index].lane == lane && loops[index].side_to == side)
                .collect();
            mine.sort_by_key(|&index| {
                (
                    std::cmp::Reverse(span(layers, &loops[index])),
                    loops[index].edge,
                )
            });
            for (slot, index) in mine.into_iter().enumerate() {
                let inset = 12.0 + slot as f64 * CHANNEL_STEP;
                loops[index].channel = match side {
                    Side::Left => column.x + inset,
                    Side::Right => column.x + column.w - inset,
                };
            }
        }
    }
}

/// Loop channels without lanes: beyond every box and bend of the rows the
/// loop climbs, nested around shorter loops on the same side.
pub(super) fn free_channels(layers: &Layers, loops: &mut [Loop]) {
    let mut indexes: Vec<usize> = (0..loops.len()).collect();
    indexes.sort_by_key(|&index| (span(layers, &loops[index]), loops[index].edge));
    let mut placed: Vec<usize> = Vec::new();
    for index in indexes {
        let lp = &loops[index];
        let (top, bottom) = (layers.rank[lp.to], layers.rank[lp.from]);
        let side = lp.side_from;
        let edges = (top..=bottom)
            .filter_map(|row| layers.order.get(row))
            .flatten()
            .map(|&node| layers.x[node] + side.sign() * layers.extent[node][side.index()]);
        let mut channel = match side {
            Side::Left => edges.fold(f64::INFINITY, f64::min) - CHANNEL_GAP,
            Side::Right => edges.fold(f64::NEG_INFINITY, f64::max) + CHANNEL_GAP,
        };
        for &other in &placed {
            let other: &Loop = &loops[other];
            let overlaps = layers.rank[other.to] <= bottom && top <= layers.rank[other.from];
            if other.side_from == side && overlaps {
                channel = match side {
                    Side::Left => channel.min(other.channel - CHANNEL_STEP),
                    Side::Right => channel.max(other.channel + CHANNEL_STEP),
                };
            }
        }
        loops[index].channel = channel;
        placed.push(index);
    }
}
