//! Comparing two aware values of different offsets, and a naive value with an
//! aware one.

use std::hint::black_box;

use chrono::{DateTime, FixedOffset, NaiveDateTime, TimeZone, Utc};
use criterion::{Criterion, Throughput};
use tzsafe::{safe_datetime_compare, CmpOp};

pub fn benches(c: &mut Criterion) {
    let walls: Vec<NaiveDateTime> = super::ensure::wall_times();
    let aware: Vec<DateTime<FixedOffset>> = walls
        .iter()
        .enumerate()
        .map(|(i, w)| {
            let offset = FixedOffset::east_opt(((i as i32 * 7_919) % 50_400) - 25_200).unwrap();
            w.and_utc().with_timezone(&offset)
        })
        .collect();
    let pairs: Vec<(DateTime<FixedOffset>, DateTime<FixedOffset>)> = aware
        .iter()
        .zip(aware.iter().rev())
        .map(|(a, b)| (*a, *b))
        .collect();
    let n = pairs.len() as u64;

    let mut group = c.benchmark_group("compare");
    group.throughput(Throughput::Elements(n));
    group.bench_function("aware/tzsafe", |b| {
        b.iter(|| {
            for (x, y) in black_box(&pairs) {
                black_box(safe_datetime_compare(x, y, CmpOp::Le).unwrap());
            }
        })
    });
    group.bench_function("aware/by_hand", |b| {
        b.iter(|| {
            for (x, y) in black_box(&pairs) {
                black_box(x.with_timezone(&Utc) <= y.with_timezone(&Utc));
            }
        })
    });
    let mixed: Vec<(NaiveDateTime, DateTime<FixedOffset>)> = walls
        .iter()
        .zip(aware.iter().rev())
        .map(|(a, b)| (*a, *b))
        .collect();
    let ny = chrono_tz::America::New_York;
    group.bench_function("naive_vs_aware_new_york/chrono_tz", |b| {
        b.iter(|| {
            for (x, y) in black_box(&mixed) {
                let x = ny.from_local_datetime(x).earliest().unwrap();
                black_box(x.with_timezone(&Utc) <= y.with_timezone(&Utc));
            }
        })
    });
    let _guard = tzsafe::TimezoneAware::new().default_tz(ny).enter();
    group.bench_function("naive_vs_aware_new_york/tzsafe", |b| {
        b.iter(|| {
            for (x, y) in black_box(&mixed) {
                black_box(safe_datetime_compare(x, y, CmpOp::Le).unwrap());
            }
        })
    });
    group.finish();
}
