//! The layered graph: bend points, the order of each rank, and x positions.

use super::row_fit::RowFit;
use super::*;

/// A neighbour in the rank above or below, and where it wants this node:
/// `shift` from its own x (a decision's side branch wants its next node out
/// beyond the diamond's corner).
#[derive(Debug, Clone, Copy)]
pub(super) struct Link {
    pub(super) node: usize,
    pub(super) weight: f64,
    pub(super) shift: f64,
    /// Chosen to be drawn perfectly vertical.
    pub(super) aligned: bool,
}

/// Chart nodes (first) and the bend points that long edges get on every
/// rank they cross, with their ranks, order within ranks and x positions.
pub(super) struct Layers {
    pub(super) rank: Vec<usize>,
    pub(super) lane: Vec<usize>,
    /// Room a node needs in its rank left and right of its x (with room
    /// for labels); none for bends.
    pub(super) extent: Vec<[f64; 2]>,
    /// How many of the nodes are chart nodes.
    pub(super) real: usize,
    pub(super) up: Vec<Vec<Link>>,
    pub(super) down: Vec<Vec<Link>>,
    pub(super) order: Vec<Vec<usize>>,
    pub(super) x: Vec<f64>,
}

impl Layers {
    pub(super) fn new(rank: Vec<usize>, lane: Vec<usize>, extent: Vec<[f64; 2]>) -> Layers {
        let real = rank.len();
        Layers {
            rank,
            lane,
            extent,
            real,
            up: vec![Vec::new(); real],
            down: vec![Vec::new(); real],
            order: Vec::new(),
            x: Vec::new(),
        }
    }

    pub(super) fn is_bend(&self, node: usize) -> bool {
        node >= self.real
    }

    pub(super) fn rows(&self) -> usize {
        self.rank.iter().max().map_or(0, |rank| rank + 1)
    }

    /// The nodes an edge passes, from `from` to `to`, adding a bend point on
    /// each rank in between (in the lane of `from`). Straight runs of bends
    /// weigh most, so long edges stay straight.
    pub(super) fn add_chain(&mut self, from: usize, to: usize) -> Vec<usize> {
        let mut chain = vec![from];
        for rank in self.rank[from] + 1..self.rank[to] {
            chain.push(self.rank.len());
            self.rank.push(rank);
            self.lane.push(self.lane[from]);
            self.extent.push([0.0; 2]);
            self.up.push(Vec::new());
            self.down.push(Vec::new());
        }
        chain.push(to);
        for pair in chain.windows(2) {
            let (a, b) = (pair[0], pair[1]);
            let weight = match (self.is_bend(a), self.is_bend(b)) {
                (true, true) => 8.0,
                (false, false) => 1.0,
                _ => 2.0,
            };
            self.down[a].push(Link {
                node: b,
                weight,
                shift: 0.0,
                aligned: false,
            });
            self.up[b].push(Link {
                node: a,
                weight,
                shift: 0.0,
                aligned: false,
            });
        }
        chain
    }

    /// Makes the first link of `chain` want its second node `shift` to the
    /// side of its first, firmly enough to win over the nodes further down.
    pub(super) fn shift_link(&mut self, chain: &[usize], shift: f64) {
        let [from, next, ..] = chain[..] else { return };
        for link in self.down[from].iter_mut().filter(|link| link.node == next) {
            (link.shift, link.weight) = (-shift, SIDE_BRANCH);
        }
        for link in self.up[next].iter_mut().filter(|link| link.node == from) {
            (link.shift, link.weight) = (shift, SIDE_BRANCH);
        }
    }

    /// Picks the links to draw perfectly vertical, like the vertical
    /// alignment of Brandes and Köpf: runs of bends first, then each node
    /// with the median of its upper neighbours (not a side branch, same
    /// lane), as long as the neighbour is free and no chosen link crosses
    /// another. Chosen links weigh [`ALIGNED`], so they come out straight.
    pub(super) fn align(&mut self) {
        let position = self.positions();
        let mut taken = vec![false; self.rank.len()];
        for row in 1..self.order.len() {
            let nodes = &self.order[row];
            // The position of the upper node chosen for each node of the row.
            let mut upper_at: Vec<Option<usize>> = vec![None; nodes.len()];
            let mut chosen: Vec<(usize, usize)> = Vec::new();
            for bends_only in [true, false] {
                // Chosen links do not cross: the nearest chosen ones on
                // either side bound where the upper end may be.
                let mut right = vec![usize::MAX; nodes.len() + 1];
                for index in (0..nodes.len()).rev() {
                    right[index] =
                        upper_at[index].map_or(right[index + 1], |at| at.min(right[index + 1]));
                }
                let mut left: Option<usize> = None;
                for (index, &node) in nodes.iter().enumerate() {
                    if let Some(at) = upper_at[index] {
                        left = left.max(Some(at));
                        continue;
                    }
                    let mut candidates: Vec<usize> = self.up[node]
                        .iter()
                        .filter(|link| link.shift == 0.0 && self.lane[link.node] == self.lane[node])
                        .filter(|link| {
                            !bends_only || (self.is_bend(link.node) && self.is_bend(node))
                        })
                        .map(|link| link.node)
                        .collect();
                    candidates.sort_by_key(|&upper| position[upper]);
                    let median = [
                        (candidates.len().saturating_sub(1)) / 2,
                        candidates.len() / 2,
                    ];
                    let pick = median
                        .into_iter()
                        .filter_map(|i| candidates.get(i).copied())
                        .find(|&upper| {
                            !taken[upper]
                                && left.is_none_or(|at| at < position[upper])
                                && position[upper] < right[index + 1]
                        });
                    if let Some(upper) = pick {
                        upper_at[index] = Some(position[upper]);
                        left = left.max(Some(position[upper]));
                        taken[upper] = true;
                        chosen.push((upper, node));
                    }
                }
            }
            for (upper, lower) in chosen {
                taken[upper] = false;
                for link in self.down[upper]
                    .iter_mut()
                    .filter(|link| link.node == lower)
                {
                    (link.weight, link.aligned) = (ALIGNED, true);
                }
                for link in self.up[lower].iter_mut().filter(|link| link.node == upper) {
                    (link.weight, link.aligned) = (ALIGNED, true);
                }
            }
        }
    }

    /// Room between two neighbours of a rank.
    pub(super) fn separation(&self, a: usize, b: usize) -> f64 {
        let gap = match (self.is_bend(a), self.is_bend(b)) {
            (true, true) => BEND_GAP,
            (false, false) => NODE_GAP,
            _ => (NODE_GAP + BEND_GAP) / 2.0,
        };
        self.extent[a][1] + self.extent[b][0] + gap
    }

    pub(super) fn positions(&self) -> Vec<usize> {
        let mut position = vec![0; self.rank.len()];
        for row in &self.order {
            for (index, &node) in row.iter().enumerate() {
                position[node] = index;
            }
        }
        position
    }

    /// Orders each rank to reduce crossings: barycenter sweeps down and up,
    /// keeping the best order seen. Lanes stay grouped, in lane order; ties
    /// keep list order.
    pub(super) fn order_ranks(&mut self) {
        let mut order = vec![Vec::new(); self.rows()];
        for node in 0..self.rank.len() {
            order[self.rank[node]].push(node);
        }
        for row in &mut order {
            row.sort_by_key(|&node| self.lane[node]);
        }
        self.order = order;
        let mut best = (self.crossings(), self.order.clone());
        let mut position = self.positions();
        for sweep in 0..SWEEPS {
            let downward = sweep % 2 == 0;
            let rows: Vec<usize> = if downward {
                (1..self.order.len()).collect()
            } else {
                (0..self.order.len().saturating_sub(1)).rev().collect()
            };
            for row in rows {
                self.sort_row(row, downward, &mut position);
            }
            let crossings = self.crossings();
            if crossings < best.0 {
                best = (crossings, self.order.clone());
            }
        }
        self.order = best.1;
    }

    pub(super) fn sort_row(&mut self, row: usize, downward: bool, position: &mut [usize]) {
        let mut keyed: Vec<(usize, f64, usize, usize)> = self.order[row]
            .iter()
            .map(|&node| {
                let neighbours = if downward {
                    &self.up[node]
                } else {
                    &self.down[node]
                };
                let center = if neighbours.is_empty() {
                    position[node] as f64
                } else {
                    neighbours
                        .iter()
                        .map(|link| position[link.node] as f64)
                        .sum::<f64>()
                        / neighbours.len() as f64
                };
                (self.lane[node], center, position[node], node)
            })
            .collect();
        keyed.sort_by(|a, b| a.0.cmp(&b.0).then(a.1.total_cmp(&b.1)).then(a.2.cmp(&b.2)));
        self.order[row] = keyed.iter().map(|key| key.3).collect();
        for (index, &node) in self.order[row].iter().enumerate() {
            position[node] = index;
        }
    }

    /// Edge crossings between adjacent ranks: per rank, the pairs of links
    /// whose ends come in opposite orders, counted with a Fenwick tree in
    /// n log n (a decision may have hundreds of branches).
    pub(super) fn crossings(&self) -> usize {
        let position = self.positions();
        let mut total = 0;
        let mut counts = Vec::new();
        for row in &self.order {
            let mut pairs: Vec<(usize, usize)> = row
                .iter()
                .flat_map(|&a| self.down[a].iter().map(move |link| (a, link.node)))
                .map(|(a, b)| (position[a], position[b]))
                .collect();
            pairs.sort_unstable();
            let width = pairs.iter().map(|pair| pair.1 + 1).max().unwrap_or(0);
            counts.clear();
            counts.resize(width + 1, 0);
            let mut inserted = 0;
            // Links from one node do not cross each other: a node's links
            // are counted against the nodes before it, then added.
            for group in pairs.chunk_by(|a, b| a.0 == b.0) {
                for &(_, below) in group {
                    total += inserted - fenwick_prefix(&counts, below + 1);
                }
                for &(_, below) in group {
                    fenwick_add(&mut counts, below + 1);
                    inserted += 1;
                }
            }
        }
        total
    }

    /// The width of a lane's part of each rank when packed tight.
    pub(super) fn packed_width(&self, segment: &[usize]) -> f64 {
        let inner: f64 = segment
            .windows(2)
            .map(|pair| self.separation(pair[0], pair[1]))
            .sum();
        let ends = segment.first().map_or(0.0, |&n| self.extent[n][0])
            + segment.last().map_or(0.0, |&n| self.extent[n][1]);
        inner + ends
    }

    /// x positions: each rank starts packed in its lane; passes then move
    /// every rank (a least-squares fit per rank) and every block of aligned
    /// nodes as a whole toward where their links want them, as far as the
    /// separations allow; last, the blocks are made straight.
    pub(super) fn place_x(&mut self, bounds: &[(f64, f64)]) {
        self.x = vec![0.0; self.rank.len()];
        for row in self.order.clone() {
            for segment in row.chunk_by(|a, b| self.lane[*a] == self.lane[*b]) {
                let (lo, hi) = bounds
                    .get(self.lane[segment[0]])
                    .copied()
                    .unwrap_or((0.0, 0.0));
                let middle = if lo.is_finite() && hi.is_finite() {
                    (lo + hi) / 2.0
                } else {
                    0.0
                };
                let mut x = middle - self.packed_width(segment) / 2.0;
                for (index, &node) in segment.iter().enumerate() {
                    if index > 0 {
                        x += self.separation(segment[index - 1], node);
                    } else {
                        x += self.extent[node][0];
                    }
                    self.x[node] = x;
                }
            }
        }
        let blocks = self.blocks();
        let position = self.positions();
        let mut fit = RowFit::default();
        for _ in 0..PASSES {
            for row in 0..self.order.len() {
                self.relax_row(row, bounds, &mut fit);
            }
            for row in (0..self.order.len()).rev() {
                self.relax_row(row, bounds, &mut fit);
            }
            for block in &blocks {
                self.move_block(block, &position, bounds);
            }
        }
        self.straighten(&blocks, bounds, &mut fit);
    }

    /// The chains of vertical links, top down: each moves as one piece.
    pub(super) fn blocks(&self) -> Vec<Vec<usize>> {
        let aligned_below = |node: usize| {
            self.down[node]
                .iter()
                .find(|link| link.aligned)
                .map(|link| link.node)
        };
        let has_aligned_above = |node: usize| self.up[node].iter().any(|link| link.aligned);
        (0..self.rank.len())
            .filter(|&node| !has_aligned_above(node))
            .map(|top| std::iter::successors(Some(top), |&node| aligned_below(node)).collect())
            .collect()
    }

    /// Moves a whole block toward the weighted mean of where its outside
    /// links want it, as far as its neighbours in every row allow: rows
    /// alone would move a long stiff block only slowly.
    pub(super) fn move_block(
        &mut self,
        block: &[usize],
        position: &[usize],
        bounds: &[(f64, f64)],
    ) {
        let (mut sum, mut total) = (0.0, 0.0);
        for &node in block {
            for link in self.up[node].iter().chain(&self.down[node]) {
                let target = self.x[link.node] + link.shift;
                let satisfied = (self.x[node] - target) * link.shift > 0.0;
                if !link.aligned && !satisfied {
                    sum += link.weight * (target - self.x[node]);
                    total += link.weight;
                }
            }
        }
        if total == 0.0 {
            return;
        }
        let (mut lowest, mut highest) = (f64::NEG_INFINITY, f64::INFINITY);
        for &node in block {
            let row = &self.order[self.rank[node]];
            let index = position[node];
            let same_lane = |other: &&usize| self.lane[**other] == self.lane[node];
            let (lo, hi) = bounds
                .get(self.lane[node])
                .copied()
                .unwrap_or((f64::NEG_INFINITY, f64::INFINITY));
            let left = index
                .checked_sub(1)
                .and_then(|i| row.get(i))
                .filter(same_lane)
                .map_or(lo + self.extent[node][0], |&other| {
                    self.x[other] + self.separation(other, node)
                });
            let right = row
                .get(index + 1)
                .filter(same_lane)
                .map_or(hi - self.extent[node][1], |&other| {
                    self.x[other] - self.separation(node, other)
                });
            lowest = lowest.max(left - self.x[node]);
            highest = highest.min(right - self.x[node]);
        }
        if lowest > highest {
            return;
        }
        let shift = (sum / total).max(lowest).min(highest);
        for &node in block {
            self.x[node] += shift;
        }
    }

    /// Makes every block perfectly straight (a compromise between
    /// neighbours reads as a wobble): each block takes the mean x of its
    /// nodes, then blocks that come too close in some row, or side branches
    /// that no longer reach beyond their diamond's corner, are pushed apart
    /// (cyclic projection onto each constraint, heavier blocks moving less).
    pub(super) fn straighten(
        &mut self,
        blocks: &[Vec<usize>],
        bounds: &[(f64, f64)],
        fit: &mut RowFit,
    ) {
        let mut block_of = vec![0; self.rank.len()];
        for (index, block) in blocks.iter().enumerate() {
            for &node in block {
                block_of[node] = index;
            }
        }
        let mut x: Vec<f64> = blocks
            .iter()
            .map(|block| {
                block.iter().map(|&node| self.x[node]).sum::<f64>() / block.len().max(1) as f64
            })
            .collect();
        let weight: Vec<f64> = blocks.iter().map(|block| block.len() as f64).collect();
        // (left block, right block, least distance)
        let mut constraints: Vec<(usize, usize, f64)> = Vec::new();
        for row in &self.order {
            for pair in row.windows(2) {
                if self.lane[pair[0]] == self.lane[pair[1]] {
                    constraints.push((
                        block_of[pair[0]],
                        block_of[pair[1]],
                        self.separation(pair[0], pair[1]),
                    ));
                }
            }
        }
        for (node, links) in self.up.iter().enumerate() {
            for link in links.iter().filter(|link| link.shift != 0.0) {
                let (from, to) = (block_of[link.node], block_of[node]);
                if from != to {
                    constraints.push(if link.shift > 0.0 {
                        (from, to, link.shift)
                    } else {
                        (to, from, -link.shift)
                    });
                }
            }
        }
        let limits: Vec<(f64, f64)> = blocks
            .iter()
            .map(|block| {
                block
                    .iter()
                    .fold((f64::NEG_INFINITY, f64::INFINITY), |(lo, hi), &node| {
                        let (left, right) = bounds
                            .get(self.lane[node])
                            .copied()
                            .unwrap_or((f64::NEG_INFINITY, f64::INFINITY));
                        (
                            lo.max(left + self.extent[node][0]),
                            hi.min(right - self.extent[node][1]),
                        )
                    })
            })
            .collect();
        for _ in 0..STRAIGHTEN_SWEEPS {
            let mut worst = 0.0_f64;
            for &(left, right, least) in &constraints {
                let short = least - (x[right] - x[left]);
                if short > 1e-6 {
                    let total = weight[left] + weight[right];
                    x[left] -= short * weight[right] / total;
                    x[right] += short * weight[left] / total;
                    worst = worst.max(short);
                }
            }
            for (x, &(lo, hi)) in x.iter_mut().zip(&limits) {
                if lo <= hi {
                    *x = x.max(lo).min(hi);
                }
            }
            if worst < 0.01 {
                break;
            }
        }
        for (block, &x) in blocks.iter().zip(&x) {
            for &node in block {
                self.x[node] = x;
            }
        }
        // Should the constraints not all hold, rows still must not overlap.
        for row in 0..self.order.len() {
            let nodes = std::mem::take(&mut self.order[row]);
            fit.want.clear();
            fit.want
                .extend(nodes.iter().map(|&node| (self.x[node], 1.0)));
            self.fit_segments(&nodes, bounds, fit);
            self.order[row] = nodes;
        }
    }

    /// Places each lane's part of a row as near as it can to `fit.want`
    /// (position, weight) per node.
    pub(super) fn fit_segments(
        &mut self,
        nodes: &[usize],
        bounds: &[(f64, f64)],
        fit: &mut RowFit,
    ) {
        let mut start = 0;
        for segment in nodes.chunk_by(|a, b| self.lane[*a] == self.lane[*b]) {
            let part = start..start + segment.len();
            start += segment.len();
            fit.separation.clear();
            fit.separation.extend(
                segment
                    .windows(2)
                    .map(|pair| self.separation(pair[0], pair[1])),
            );
            let (lo, hi) = bounds
                .get(self.lane[segment[0]])
                .copied()
                .unwrap_or((f64::NEG_INFINITY, f64::INFINITY));
            let first = segment.first().map_or(0.0, |&n| self.extent[n][0]);
            let last = segment.last().map_or(0.0, |&n| self.extent[n][1]);
            fit.fit(part, lo + first, hi - last);
            for (&node, &x) in segment.iter().zip(&fit.placed) {
                self.x[node] = x;
            }
        }
    }

    /// Moves a row's nodes toward the weighted mean of where their links
    /// want them.
    pub(super) fn relax_row(&mut self, row: usize, bounds: &[(f64, f64)], fit: &mut RowFit) {
        // Lent out while the row is fitted, which reads no order.
        let nodes = std::mem::take(&mut self.order[row]);
        fit.want.clear();
        fit.want.extend(nodes.iter().map(|&node| {
            let neighbours = self.up[node].iter().chain(&self.down[node]);
            let (sum, total) = neighbours
                .map(|link| (self.x[link.node] + link.shift, link))
                // A side branch only needs to reach beyond the corner.
                .filter(|(target, link)| (self.x[node] - target) * link.shift <= 0.0)
                .fold((0.0, 0.0), |(sum, total), (target, link)| {
                    (sum + link.weight * target, total + link.weight)
                });
            if total > 0.0 {
                (sum / total, total)
            } else {
                (self.x[node], 0.01)
            }
        }));
        self.fit_segments(&nodes, bounds, fit);
        self.order[row] = nodes;
    }
}

/// How many of the positions added so far are at most `at` (1-based).
fn fenwick_prefix(counts: &[usize], mut at: usize) -> usize {
    let mut sum = 0;
    while at > 0 {
        sum += counts[at];
        at &= at - 1;
    }
    sum
}

fn fenwick_add(counts: &mut [usize], mut at: usize) {
    while at < counts.len() {
        counts[at] += 1;
        at += at & at.wrapping_neg();
    }
}
