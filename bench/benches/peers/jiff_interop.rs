//! jiff values through tzsafe: a `jiff::Timestamp` to tzsafe's aware value
//! and back, beside the same conversion by hand through seconds and
//! nanoseconds; and `ensure_timezone_aware` of a `jiff::civil::DateTime` in
//! New York, beside jiff's own `to_zoned_datetime`. The same 1,000 values for
//! every row.

use std::hint::black_box;

use chrono::{DateTime, Utc};
use criterion::{Criterion, Throughput};
use jiff::{civil, Timestamp};
use tzsafe::{MaybeAware, ToJiff};

use super::jiff_inputs::{by_hand_to_chrono, by_hand_to_jiff, civil_wall_times, timestamps, N};

pub fn benches(c: &mut Criterion) {
    let stamps = timestamps();
    let ours: Vec<MaybeAware> = stamps.iter().map(|&ts| MaybeAware::from(ts)).collect();
    let theirs: Vec<DateTime<Utc>> = stamps.iter().map(|&ts| by_hand_to_chrono(ts)).collect();
    // Same answers before timing anything.
    for ((ts, value), at) in stamps.iter().zip(&ours).zip(&theirs) {
        assert_eq!(value.aware().unwrap().to_utc(), *at);
        assert_eq!(Timestamp::try_from(*value).unwrap(), *ts);
        assert_eq!(by_hand_to_jiff(*at), *ts);
    }

    let mut group = c.benchmark_group("jiff");
    group.throughput(Throughput::Elements(N as u64));
    group.bench_function("timestamp_to_aware/tzsafe", |b| {
        b.iter(|| {
            for &ts in black_box(&stamps) {
                black_box(MaybeAware::from(ts));
            }
        })
    });
    group.bench_function("timestamp_to_aware/by_hand", |b| {
        b.iter(|| {
            for &ts in black_box(&stamps) {
                black_box(by_hand_to_chrono(ts));
            }
        })
    });
    group.bench_function("aware_to_timestamp/tzsafe", |b| {
        b.iter(|| {
            for value in black_box(&ours) {
                black_box(Timestamp::try_from(*value).unwrap());
            }
        })
    });
    group.bench_function("aware_to_timestamp/tzsafe_to_jiff", |b| {
        b.iter(|| {
            for at in black_box(&theirs) {
                black_box(at.to_jiff().unwrap());
            }
        })
    });
    group.bench_function("aware_to_timestamp/by_hand", |b| {
        b.iter(|| {
            for at in black_box(&theirs) {
                black_box(by_hand_to_jiff(*at));
            }
        })
    });

    // ensure_timezone_aware of civil datetimes in New York, 1990-2040.
    let walls: Vec<civil::DateTime> = civil_wall_times();
    let zone: tzsafe::Zone = "America/New_York".parse().unwrap();
    let jiff_tz = jiff::tz::TimeZone::get("America/New_York").unwrap();
    for w in &walls {
        let ours = tzsafe::ensure_timezone_aware(*w, &zone).unwrap();
        let theirs = w.to_zoned_datetime(jiff_tz.clone()).unwrap();
        assert_eq!(ours.to_jiff().unwrap(), theirs.timestamp(), "{w}");
    }
    group.bench_function("ensure_civil_new_york/tzsafe", |b| {
        b.iter(|| {
            for w in black_box(&walls) {
                black_box(tzsafe::ensure_timezone_aware(*w, &zone).unwrap());
            }
        })
    });
    group.bench_function("ensure_civil_new_york/jiff", |b| {
        b.iter(|| {
            for w in black_box(&walls) {
                black_box(w.to_zoned_datetime(jiff_tz.clone()).unwrap());
            }
        })
    });
    group.finish();
}
