//! What the `*_paired` benches share: a side's time over a round of passes,
//! and the median of rounds or of per-round ratios.
#![allow(dead_code, clippy::cast_precision_loss, clippy::indexing_slicing)]

use std::time::Instant;

/// The middle value (the upper one of an even count).
pub fn median(mut values: Vec<f64>) -> f64 {
    values.sort_by(f64::total_cmp);
    values[values.len() / 2]
}

/// Nanoseconds per value of `passes` calls of `one`, each over `n` values.
pub fn round(passes: usize, n: usize, mut one: impl FnMut()) -> f64 {
    let start = Instant::now();
    for _ in 0..passes {
        one();
    }
    start.elapsed().as_nanos() as f64 / (passes * n) as f64
}
