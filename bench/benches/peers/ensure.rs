//! Naive wall time to instant: in America/New_York, in UTC and at a fixed
//! offset, random wall times 1990-2040 (the same 1,000 values for every
//! library). First uses of zones are in `benches/zones.rs`.

use std::hint::black_box;

use chrono::{DateTime, FixedOffset, NaiveDateTime, TimeZone, Utc};
use criterion::{Criterion, Throughput};

const N: usize = 1_000;

/// Deterministic pseudo-random wall times (splitmix64), 1990-01-01 to 2040-01-01.
pub fn wall_times() -> Vec<NaiveDateTime> {
    let (start, end) = (631_152_000i64, 2_208_988_800i64);
    let mut state = 0x5EED_u64;
    (0..N)
        .map(|_| {
            state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
            let mut z = state;
            z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
            z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
            z ^= z >> 31;
            let secs = start + (z % (end - start) as u64) as i64;
            DateTime::from_timestamp(secs, 0).unwrap().naive_utc()
        })
        .collect()
}

pub fn benches(c: &mut Criterion) {
    let walls = wall_times();
    let ny = chrono_tz::America::New_York;
    let zone = tzsafe::Zone::iana(ny);
    let jiff_tz = jiff::tz::TimeZone::get("America/New_York").unwrap();
    let jiff_walls: Vec<jiff::civil::DateTime> = walls
        .iter()
        .map(|w| w.to_string().replace(' ', "T").parse().unwrap())
        .collect();
    // Same answers before timing anything.
    for (w, j) in walls.iter().zip(&jiff_walls) {
        let ours = tzsafe::ensure_timezone_aware(*w, &ny).unwrap();
        let theirs = jiff_tz.to_ambiguous_timestamp(*j).compatible().unwrap();
        assert_eq!(ours.timestamp(), theirs.as_second(), "{w}");
    }

    let mut group = c.benchmark_group("ensure");
    group.throughput(Throughput::Elements(N as u64));
    group.bench_function("new_york/tzsafe", |b| {
        b.iter(|| {
            for w in black_box(&walls) {
                black_box(tzsafe::ensure_timezone_aware(*w, &ny).unwrap());
            }
        })
    });
    group.bench_function("new_york/tzsafe_zone", |b| {
        b.iter(|| {
            for w in black_box(&walls) {
                black_box(tzsafe::ensure_timezone_aware(*w, &zone).unwrap());
            }
        })
    });
    group.bench_function("new_york/jiff", |b| {
        b.iter(|| {
            for w in black_box(&jiff_walls) {
                black_box(jiff_tz.to_ambiguous_timestamp(*w).compatible().unwrap());
            }
        })
    });
    group.bench_function("new_york/chrono_tz", |b| {
        b.iter(|| {
            for w in black_box(&walls) {
                black_box(ny.from_local_datetime(w).earliest());
            }
        })
    });

    // UTC and a fixed offset: no zone data, against chrono by hand.
    group.bench_function("utc/tzsafe", |b| {
        b.iter(|| {
            for w in black_box(&walls) {
                black_box(tzsafe::ensure_timezone_aware(*w, &Utc).unwrap());
            }
        })
    });
    group.bench_function("utc/by_hand", |b| {
        b.iter(|| {
            for w in black_box(&walls) {
                black_box(Utc.from_local_datetime(w).single().unwrap());
            }
        })
    });
    let ist = FixedOffset::east_opt(5 * 3600 + 1800).unwrap();
    group.bench_function("fixed/tzsafe", |b| {
        b.iter(|| {
            for w in black_box(&walls) {
                black_box(tzsafe::ensure_timezone_aware(*w, &ist).unwrap());
            }
        })
    });
    group.bench_function("fixed/by_hand", |b| {
        b.iter(|| {
            for w in black_box(&walls) {
                black_box(ist.from_local_datetime(w).single().unwrap().to_utc());
            }
        })
    });
    group.finish();
}
