//! One part of a rank placed as near as it can be to where its nodes want
//! to be while neighbours stay apart. A layout fits its rows hundreds of
//! times (every pass, both ways), so the buffers are kept from one row to
//! the next instead of allocated anew.

use std::ops::Range;

/// What a fit reads, works in and writes, kept across the rows of a layout.
#[derive(Debug, Default)]
pub(super) struct RowFit {
    /// Where each node of the row wants to be, and how firmly: set by the
    /// caller for the whole row.
    pub(super) want: Vec<(f64, f64)>,
    /// The least distance between neighbours of the part fitted: set by
    /// the caller before each [`RowFit::fit`].
    pub(super) separation: Vec<f64>,
    /// Each node's least distance from the first.
    offset: Vec<f64>,
    /// Nodes that move together: (weight, weighted sum, count).
    blocks: Vec<(f64, f64, usize)>,
    /// The positions of the nodes of the last fit.
    pub(super) placed: Vec<f64>,
}

impl RowFit {
    /// Positions for the nodes `part` of [`RowFit::want`], in a fixed order,
    /// as close as possible to where they want to be (weighted least
    /// squares) while neighbours stay [`RowFit::separation`] apart and the
    /// part stays within `lo..=hi` (lo wins if it does not fit):
    /// pool-adjacent-violators on the positions less their least offsets.
    pub(super) fn fit(&mut self, part: Range<usize>, lo: f64, hi: f64) {
        let want = &self.want[part];
        self.offset.clear();
        let mut total = 0.0;
        for index in 0..want.len() {
            if index > 0 {
                total += self.separation.get(index - 1).copied().unwrap_or(0.0);
            }
            self.offset.push(total);
        }
        self.blocks.clear();
        for (&(want, weight), &offset) in want.iter().zip(&self.offset) {
            self.blocks.push((weight, weight * (want - offset), 1));
            while let [.., (w1, s1, c1), (w2, s2, c2)] = self.blocks[..] {
                if s1 / w1 <= s2 / w2 {
                    break;
                }
                self.blocks.truncate(self.blocks.len() - 2);
                self.blocks.push((w1 + w2, s1 + s2, c1 + c2));
            }
        }
        let upper = hi - total;
        self.placed.clear();
        for &(weight, sum, count) in &self.blocks {
            let start = (sum / weight).min(upper).max(lo);
            for _ in 0..count {
                let at = self.placed.len();
                self.placed.push(start + self.offset[at]);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fit(want: &[(f64, f64)], separation: &[f64], lo: f64, hi: f64) -> Vec<f64> {
        let mut row = RowFit {
            want: want.to_vec(),
            separation: separation.to_vec(),
            ..RowFit::default()
        };
        row.fit(0..want.len(), lo, hi);
        row.placed
    }

    #[test]
    fn nodes_far_enough_apart_stay_where_they_want() {
        let inf = f64::INFINITY;
        assert_eq!(
            fit(&[(0.0, 1.0), (50.0, 1.0)], &[10.0], -inf, inf),
            [0.0, 50.0]
        );
    }

    #[test]
    fn nodes_too_close_meet_at_their_weighted_mean() {
        let inf = f64::INFINITY;
        // Both want 0: equal weights share the 10 apart either side.
        assert_eq!(
            fit(&[(0.0, 1.0), (0.0, 1.0)], &[10.0], -inf, inf),
            [-5.0, 5.0]
        );
        // Three times the weight moves a quarter as far.
        assert_eq!(
            fit(&[(0.0, 3.0), (0.0, 1.0)], &[8.0], -inf, inf),
            [-2.0, 6.0]
        );
    }

    #[test]
    fn the_bounds_hold_and_lo_wins_when_the_row_does_not_fit() {
        assert_eq!(
            fit(&[(-50.0, 1.0), (0.0, 1.0)], &[10.0], 0.0, 100.0),
            [0.0, 10.0]
        );
        assert_eq!(
            fit(&[(0.0, 1.0), (200.0, 1.0)], &[10.0], 0.0, 100.0),
            [0.0, 100.0]
        );
        assert_eq!(
            fit(&[(0.0, 1.0), (0.0, 1.0)], &[30.0], 0.0, 20.0),
            [0.0, 30.0]
        );
    }

    #[test]
    fn a_part_of_the_row_is_fitted_alone_and_buffers_from_before_do_not_leak() {
        let inf = f64::INFINITY;
        let mut row = RowFit {
            want: vec![(7.0, 1.0), (0.0, 1.0), (0.0, 1.0), (9.0, 1.0)],
            separation: vec![4.0, 4.0, 4.0],
            ..RowFit::default()
        };
        row.fit(0..4, -inf, inf);
        assert_eq!(row.placed.len(), 4);
        row.separation = vec![10.0];
        row.fit(1..3, -inf, inf);
        assert_eq!(row.placed, [-5.0, 5.0]);
    }
}
