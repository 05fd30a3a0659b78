//! The one pseudo-random generator of the tests that hold a fast path to
//! the plain one it replaced, on thousands of generated inputs: a linear
//! congruential generator (Knuth's MMIX constants), so every machine and
//! run sees the same inputs, with no dependency.

/// A seeded sequence.
#[derive(Debug, Clone)]
pub struct Random(u64);

impl Random {
    pub fn new(seed: u64) -> Random {
        Random(seed)
    }

    /// The next number below `n` (from the state's high bits, the random ones).
    pub fn below(&mut self, n: usize) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (self.0 >> 33) as usize % n
    }

    /// `count` of `pieces`, each chosen in turn, joined.
    pub fn text(&mut self, pieces: &[&str], count: usize) -> String {
        (0..count)
            .map(|_| pieces[self.below(pieces.len())])
            .collect()
    }
}
