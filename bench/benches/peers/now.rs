//! Reading "now": tzsafe's ambient clock with no guard, beside chrono, jiff,
//! time and the floor, `SystemTime::now()`.

use std::hint::black_box;
use std::time::SystemTime;

use criterion::Criterion;

pub fn benches(c: &mut Criterion) {
    let mut group = c.benchmark_group("now");
    group.bench_function("utcnow_aware/tzsafe", |b| {
        b.iter(|| black_box(tzsafe::utcnow_aware()))
    });
    group.bench_function("utcnow_aware/chrono", |b| {
        b.iter(|| black_box(chrono::Utc::now()))
    });
    group.bench_function("utcnow_aware/jiff", |b| {
        b.iter(|| black_box(jiff::Timestamp::now()))
    });
    group.bench_function("utcnow_aware/time", |b| {
        b.iter(|| black_box(time::OffsetDateTime::now_utc()))
    });
    group.bench_function("utcnow_aware/std_floor", |b| {
        b.iter(|| black_box(SystemTime::now()))
    });
    group.finish();
}
