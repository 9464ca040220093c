//! The ambient lookup on the hot path: `utcnow_aware()` with no guard, first
//! with no global default and then with one (`set_global_default` is once per
//! process, so the order of the benchmarks below matters), beside
//! `chrono::Utc::now()` in the same run.
//!
//! Goals (issue 10): without a global default within 1.05x of chrono; with one
//! at most 2 ns more than without.
#![allow(missing_docs, clippy::unwrap_used)]

use std::hint::black_box;

use criterion::{criterion_group, criterion_main, Criterion};
use tzsafe::{set_global_default, TimezoneAware};

fn ambient(c: &mut Criterion) {
    let mut group = c.benchmark_group("ambient");
    group.bench_function("utcnow_aware/chrono", |b| {
        b.iter(|| black_box(chrono::Utc::now()))
    });
    group.bench_function("utcnow_aware/tzsafe", |b| {
        b.iter(|| black_box(tzsafe::utcnow_aware()))
    });
    // From here on the process has a global default (the system clock, in New
    // York): the lookup takes the global branch.
    set_global_default(TimezoneAware::new().default_tz(chrono_tz::America::New_York)).unwrap();
    group.bench_function("utcnow_aware/tzsafe_global_default", |b| {
        b.iter(|| black_box(tzsafe::utcnow_aware()))
    });
    group.bench_function("utcnow_aware/chrono_again", |b| {
        b.iter(|| black_box(chrono::Utc::now()))
    });
    group.finish();
}

criterion_group!(benches, ambient);
criterion_main!(benches);
