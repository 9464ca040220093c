//! `safe_cmp`, `safe_datetime_compare` and `CmpOp`.

use std::cmp::Ordering;
use std::time::{Duration, UNIX_EPOCH};

use crate::common::zone;
use chrono::{FixedOffset, NaiveDate, NaiveDateTime, TimeDelta, TimeZone, Utc};
use tzsafe::{safe_cmp, safe_datetime_compare, CmpOp, Disambiguation, ErrorKind, TimezoneAware};

fn naive(y: i32, mo: u32, d: u32, h: u32, mi: u32) -> NaiveDateTime {
    NaiveDate::from_ymd_opt(y, mo, d)
        .unwrap()
        .and_hms_opt(h, mi, 0)
        .unwrap()
}

#[test]
fn operators() {
    use CmpOp::*;
    let table = [
        (Lt, [true, false, false]),
        (Le, [true, true, false]),
        (Eq, [false, true, false]),
        (Ne, [true, false, true]),
        (Ge, [false, true, true]),
        (Gt, [false, false, true]),
    ];
    for (op, expected) in table {
        for (ordering, want) in [Ordering::Less, Ordering::Equal, Ordering::Greater]
            .into_iter()
            .zip(expected)
        {
            assert_eq!(op.holds(ordering), want, "{op} {ordering:?}");
        }
    }
    assert_eq!(
        [Lt, Le, Eq, Ne, Ge, Gt].map(|op| op.to_string()),
        ["<", "<=", "==", "!=", ">=", ">"]
    );
}

#[test]
fn aware_values_compare_as_instants() {
    let paris = FixedOffset::east_opt(3600).unwrap();
    let ny = FixedOffset::west_opt(5 * 3600).unwrap();
    let a = paris.with_ymd_and_hms(2026, 1, 1, 18, 0, 0).unwrap();
    let b = ny.with_ymd_and_hms(2026, 1, 1, 12, 0, 0).unwrap();
    assert_eq!(safe_cmp(a, b).unwrap(), Ordering::Equal);
    assert!(safe_datetime_compare(a, b, CmpOp::Eq).unwrap());
    assert!(safe_datetime_compare(a, b + TimeDelta::nanoseconds(1), CmpOp::Lt).unwrap());
    // Even under a context that refuses naive values, aware ones compare.
    let _guard = TimezoneAware::new().reject_naive().enter();
    // References are accepted as well as values.
    #[allow(clippy::needless_borrows_for_generic_args)]
    let ge = safe_datetime_compare(&a, &b, CmpOp::Ge).unwrap();
    assert!(ge);
}

/// The original bug: `expires_at <= utcnow()` with `expires_at` naive New York
/// wall time and `now` in UTC.
#[test]
fn naive_against_aware_reads_the_default_zone() {
    let expires_at = naive(2026, 11, 26, 16, 0); // 16:00 in New York = 21:00Z
    let now = Utc.with_ymd_and_hms(2026, 11, 26, 20, 0, 0).unwrap();
    // Without a context, naive values are UTC: 16:00Z <= 20:00Z, "expired".
    assert!(safe_datetime_compare(expires_at, now, CmpOp::Le).unwrap());
    let _guard = TimezoneAware::new()
        .default_tz(zone("America/New_York"))
        .enter();
    assert!(!safe_datetime_compare(expires_at, now, CmpOp::Le).unwrap());
    assert_eq!(
        safe_cmp(expires_at, now + TimeDelta::hours(1)).unwrap(),
        Ordering::Equal
    );
}

/// Two naive values compare as the instants they denote, so a wall time in a
/// gap (moved forward by Compatible) can compare after a later wall time.
#[test]
fn naive_values_compare_as_instants() {
    let _guard = TimezoneAware::new()
        .default_tz(zone("America/New_York"))
        .enter();
    let in_gap = naive(2026, 3, 8, 2, 30); // becomes 03:30 EDT
    let after_gap = naive(2026, 3, 8, 3, 15);
    assert_eq!(safe_cmp(in_gap, after_gap).unwrap(), Ordering::Greater);
    let strict = TimezoneAware::current().disambiguation(Disambiguation::Reject);
    let err = strict.cmp(in_gap, after_gap).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Nonexistent);
    // In a fold, Compatible takes the earlier instant: 01:30 EDT < 01:10 EST.
    let first = naive(2026, 11, 1, 1, 30);
    let second = FixedOffset::west_opt(5 * 3600)
        .unwrap()
        .with_ymd_and_hms(2026, 11, 1, 1, 10, 0)
        .unwrap();
    assert_eq!(safe_cmp(first, second).unwrap(), Ordering::Less);
}

#[test]
fn mixed_sources() {
    let instant = Utc.with_ymd_and_hms(2026, 11, 26, 12, 0, 0).unwrap();
    let system = UNIX_EPOCH + Duration::from_secs(instant.timestamp() as u64);
    assert_eq!(safe_cmp(system, instant).unwrap(), Ordering::Equal);
    assert_eq!(
        safe_cmp(instant.naive_utc(), system).unwrap(),
        Ordering::Equal
    );
    let parsed: tzsafe::MaybeAware = "2026-11-26T13:00:00+01:00".parse().unwrap();
    assert_eq!(safe_cmp(parsed, instant).unwrap(), Ordering::Equal);
}

#[cfg(feature = "time")]
#[test]
fn time_crate_operands() {
    use time::{Date, Month, PrimitiveDateTime, Time, UtcOffset};
    let datetime = |day: u8, hour: u8| {
        let date = Date::from_calendar_date(2026, Month::November, day).unwrap();
        PrimitiveDateTime::new(date, Time::from_hms(hour, 0, 0).unwrap())
    };
    let chrono_value = Utc.with_ymd_and_hms(2026, 11, 26, 12, 0, 0).unwrap();
    assert_eq!(
        safe_cmp(
            datetime(26, 13).assume_offset(UtcOffset::from_hms(1, 0, 0).unwrap()),
            chrono_value
        )
        .unwrap(),
        Ordering::Equal
    );
    assert_eq!(
        safe_cmp(datetime(26, 12), chrono_value).unwrap(),
        Ordering::Equal
    );
    let _guard = TimezoneAware::new().default_tz(zone("Asia/Tokyo")).enter();
    assert_eq!(
        safe_cmp(datetime(26, 21), chrono_value).unwrap(),
        Ordering::Equal
    );
}
