//! The heights of ranks and of the gaps between them, known once routes are planned.

use super::*;

/// The heights of ranks (their tallest node) and of the gaps below them:
/// room for labels hanging below a decision, one track per overlapping
/// horizontal run, and the arrowheads.
pub(super) struct Bands {
    pub(super) top: Vec<f64>,
    pub(super) height: Vec<f64>,
    /// Room below a rank for labels hanging from its decisions.
    pub(super) hang: Vec<f64>,
    /// The lowest rank's bottom.
    pub(super) bottom: f64,
}

impl Bands {
    pub(super) fn new(
        layers: &Layers,
        contents: &[Content],
        plans: &[Option<Plan>],
        tracks: &[usize],
        first: f64,
    ) -> Bands {
        let rows = layers.order.len();
        let mut height = vec![0.0_f64; rows];
        for (node, content) in contents.iter().enumerate() {
            let row = layers.rank[node];
            height[row] = height[row].max(content.h);
        }
        let mut hang = vec![0.0_f64; rows];
        for label in plans
            .iter()
            .flatten()
            .filter_map(|plan| plan.label.as_ref())
        {
            if let (Some(node), Level::Node(_, top)) = (label.below, label.top) {
                let row = layers.rank[node];
                hang[row] = hang[row].max(top + label.text.h + 6.0 - height[row] / 2.0);
            }
        }
        let mut top = Vec::with_capacity(rows);
        let mut y = first;
        for row in 0..rows {
            top.push(y);
            let tracks = tracks.get(row).copied().unwrap_or(0).max(1) as f64;
            y += height[row] + EXIT + hang[row] + tracks * TRACK + ARRIVE;
        }
        Bands {
            top,
            height,
            hang,
            bottom: y - EXIT - TRACK - ARRIVE,
        }
    }

    /// The y of a level: a node's middle is its rank's middle.
    pub(super) fn y(&self, layers: &Layers, jogs: &[Jog], level: Level) -> f64 {
        match level {
            Level::Node(node, dy) => {
                let row = layers.rank[node];
                self.top[row] + self.height[row] / 2.0 + dy
            }
            Level::Track(jog) => {
                let Jog { row, track, .. } = jogs[jog];
                let below = self.top[row] + self.height[row] + EXIT + self.hang[row];
                below + (track as f64 + 0.5) * TRACK
            }
        }
    }
}
