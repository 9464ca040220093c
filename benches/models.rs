//! Benchmarks of the companion models.
#![allow(missing_docs)]

use criterion::{criterion_group, criterion_main, Criterion};

fn all(_c: &mut Criterion) {}

criterion_group!(models, all);
criterion_main!(models);
