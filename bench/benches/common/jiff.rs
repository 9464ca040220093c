//! What the jiff benches share: the inputs (the same 1,000 values for every
//! row) and the by-hand conversions tzsafe's are measured against, so that
//! `peers` (criterion, `jiff/*`) and `jiff_paired` measure the same thing.

use chrono::{DateTime, Utc};
use jiff::{civil, Timestamp};

pub const N: usize = 1_000;

/// Deterministic pseudo-random numbers (splitmix64) from `seed`.
fn random(seed: u64) -> impl Iterator<Item = u64> {
    let mut state = seed;
    std::iter::repeat_with(move || {
        state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = state;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    })
}

/// Timestamps of 1900 to 2100, with nanoseconds: a third before 1970, where
/// jiff's fraction of a second is negative.
pub fn timestamps() -> Vec<Timestamp> {
    let (start, end) = (-2_208_988_800i64, 4_102_444_800i64);
    random(0x0DD_5EED)
        .take(N)
        .map(|z| {
            let secs = start + (z % (end - start) as u64) as i64;
            let nanos = (z >> 34) as i32 % 1_000_000_000;
            Timestamp::new(secs, nanos).unwrap()
        })
        .collect()
}

/// Civil datetimes of 1990 to 2040, whole seconds (`ensure/new_york`'s
/// distribution).
pub fn civil_wall_times() -> Vec<civil::DateTime> {
    let (start, end) = (631_152_000i64, 2_208_988_800i64);
    random(0xC1_5EED)
        .take(N)
        .map(|z| {
            let secs = start + (z % (end - start) as u64) as i64;
            Timestamp::from_second(secs)
                .unwrap()
                .to_zoned_datetime(jiff::tz::TimeZone::UTC)
                .datetime()
        })
        .collect()
}

/// A timestamp as chrono's instant, written by hand.
#[inline]
pub fn by_hand_to_chrono(ts: Timestamp) -> DateTime<Utc> {
    let (secs, nanos) = (ts.as_second(), ts.subsec_nanosecond());
    let (secs, nanos) = if nanos < 0 {
        (secs - 1, nanos + 1_000_000_000)
    } else {
        (secs, nanos)
    };
    DateTime::from_timestamp(secs, nanos as u32).unwrap()
}

/// chrono's instant as a timestamp, written by hand.
#[inline]
pub fn by_hand_to_jiff(at: DateTime<Utc>) -> Timestamp {
    Timestamp::new(at.timestamp(), at.timestamp_subsec_nanos() as i32).unwrap()
}
