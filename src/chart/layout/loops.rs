//! Loops: the edges that go back up, each in a channel beside the boxes.

use std::collections::HashMap;

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
    let beside = crowds(layers);
    let beside = |node: usize, side: Side| beside[node][side.index()];
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

/// How crowded each node's rank is beside it, left and right, in its lane:
/// two per box, one per bend. One pass per rank, with running sums.
fn crowds(layers: &Layers) -> Vec<[usize; 2]> {
    let weight = |node: usize| if layers.is_bend(node) { 1 } else { 2 };
    let mut crowds = vec![[0; 2]; layers.rank.len()];
    let mut totals: HashMap<usize, usize> = HashMap::new();
    for row in &layers.order {
        totals.clear();
        for &node in row {
            let total = totals.entry(layers.lane[node]).or_default();
            crowds[node][0] = *total;
            *total += weight(node);
        }
        for &node in row {
            crowds[node][1] = totals[&layers.lane[node]] - crowds[node][0] - weight(node);
        }
    }
    crowds
}

/// The loop of each edge that is one.
pub(super) fn loop_of_edge(loops: &[Loop], edges: usize) -> Vec<Option<&Loop>> {
    let mut of = vec![None; edges];
    for lp in loops {
        of[lp.edge] = Some(lp);
    }
    of
}

/// How many rows a loop climbs: inner loops (shorter) get the channels
/// nearest the boxes.
pub(super) fn span(layers: &Layers, lp: &Loop) -> usize {
    layers.rank[lp.from].saturating_sub(layers.rank[lp.to])
}

/// Loop channels in lane mode: in the margin of the lane, outermost loops
/// nearest the lane's border.
pub(super) fn lane_channels(layers: &Layers, loops: &mut [Loop], columns: &[Column]) {
    let mut by_lane: Vec<[Vec<usize>; 2]> = vec![[Vec::new(), Vec::new()]; columns.len()];
    for (index, lp) in loops.iter().enumerate() {
        if let Some(sides) = by_lane.get_mut(lp.lane) {
            sides[lp.side_to.index()].push(index);
        }
    }
    for (column, sides) in columns.iter().zip(by_lane) {
        for (side, mut mine) in [Side::Left, Side::Right].into_iter().zip(sides) {
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
/// loop climbs, nested around shorter loops on the same side. The rows'
/// outermost edges and the channels placed so far are looked up by ranges
/// of ranks, so thousands of long loops cost n log n.
pub(super) fn free_channels(layers: &Layers, loops: &mut [Loop]) {
    let rows = layers.order.len();
    // Per side, the outermost edge of each row and the channels placed,
    // kept as minimums (the right side negated).
    let mut edges = [RangeMin::new(rows), RangeMin::new(rows)];
    let mut channels = [RangeMin::new(rows), RangeMin::new(rows)];
    for (row, nodes) in layers.order.iter().enumerate() {
        for &node in nodes {
            for side in [Side::Left, Side::Right] {
                let edge = layers.x[node] + side.sign() * layers.extent[node][side.index()];
                edges[side.index()].lower(row, row, -side.sign() * edge);
            }
        }
    }
    let mut indexes: Vec<usize> = (0..loops.len()).collect();
    indexes.sort_by_key(|&index| (span(layers, &loops[index]), loops[index].edge));
    for index in indexes {
        let lp = &loops[index];
        // A loop climbs: its target ranks above its source.
        let (top, bottom) = (layers.rank[lp.to], layers.rank[lp.from]);
        let side = lp.side_from;
        let outermost = -side.sign() * edges[side.index()].min(top, bottom);
        let nested = -side.sign() * channels[side.index()].min(top, bottom);
        let channel = match side {
            Side::Left => (outermost - CHANNEL_GAP).min(nested - CHANNEL_STEP),
            Side::Right => (outermost + CHANNEL_GAP).max(nested + CHANNEL_STEP),
        };
        channels[side.index()].lower(top, bottom, -side.sign() * channel);
        loops[index].channel = channel;
    }
}

/// Minimums over ranges of ranks, for values that are lowered over ranges:
/// a segment tree whose nodes keep what was lowered over all of them.
struct RangeMin {
    size: usize,
    /// Lowered over all of a node's ranks.
    whole: Vec<f64>,
    /// The least value in a node's ranks.
    least: Vec<f64>,
}

impl RangeMin {
    fn new(ranks: usize) -> RangeMin {
        let size = ranks.next_power_of_two();
        RangeMin {
            size,
            whole: vec![f64::INFINITY; 2 * size],
            least: vec![f64::INFINITY; 2 * size],
        }
    }

    /// Lowers every rank of `first..=last` to at most `value`.
    fn lower(&mut self, first: usize, last: usize, value: f64) {
        self.lower_in(1, 0, self.size - 1, first, last, value);
    }

    fn lower_in(
        &mut self,
        node: usize,
        lo: usize,
        hi: usize,
        first: usize,
        last: usize,
        value: f64,
    ) {
        if last < lo || hi < first {
            return;
        }
        if first <= lo && hi <= last {
            self.whole[node] = self.whole[node].min(value);
            self.least[node] = self.least[node].min(value);
            return;
        }
        let middle = (lo + hi) / 2;
        self.lower_in(2 * node, lo, middle, first, last, value);
        self.lower_in(2 * node + 1, middle + 1, hi, first, last, value);
        self.least[node] = self.whole[node]
            .min(self.least[2 * node])
            .min(self.least[2 * node + 1]);
    }

    /// The least value of the ranks `first..=last` (infinity if none).
    fn min(&self, first: usize, last: usize) -> f64 {
        self.min_in(1, 0, self.size - 1, first, last)
    }

    fn min_in(&self, node: usize, lo: usize, hi: usize, first: usize, last: usize) -> f64 {
        if last < lo || hi < first {
            return f64::INFINITY;
        }
        if first <= lo && hi <= last {
            return self.least[node];
        }
        let middle = (lo + hi) / 2;
        self.whole[node]
            .min(self.min_in(2 * node, lo, middle, first, last))
            .min(self.min_in(2 * node + 1, middle + 1, hi, first, last))
    }
}
