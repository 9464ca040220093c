//! tzsafe beside chrono, chrono-tz, time, jiff and speedate on the same inputs.
//! Benchmark names are `area/operation/library`; `scripts/bench_table.py`
//! turns a run into the README's table.
#![allow(
    missing_docs,
    unreachable_pub,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::arithmetic_side_effects,
    clippy::panic
)]

use criterion::{criterion_group, criterion_main, Criterion};

#[path = "../common/jiff.rs"]
mod jiff_inputs;

mod compare;
mod ensure;
mod formats;
mod jiff_interop;
mod now;
mod parse;

fn all(c: &mut Criterion) {
    now::benches(c);
    ensure::benches(c);
    compare::benches(c);
    jiff_interop::benches(c);
    parse::benches(c);
    formats::benches(c);
}

criterion_group!(peers, all);
criterion_main!(peers);
