//! Arbitrary zone, wall time and policy through `resolve` /
//! `ensure_timezone_aware`.
//!
//! Checks: no panic; failures are out-of-range or exactly the Reject policy's
//! refusals; `Compatible` equals `Earlier` and `Later` the alternative in
//! folds, `Compatible` equals `Later` and `Earlier` is `shift` before it in
//! gaps (`Earlier` / `Later` may only fail with an out-of-range error); the
//! instant reads back as the wall time (shifted by the reported gap); the table
//! path agrees with chrono-tz's own `from_local_datetime` through 2099, where
//! chrono-tz's transition lists end.
#![no_main]

use arbitrary::Arbitrary;
use chrono::{DateTime, FixedOffset, TimeDelta, Timelike, Utc};
use libfuzzer_sys::fuzz_target;
use tzsafe::{Disambiguation, Error, ErrorKind, Resolution, Resolved, TimezoneAware, Zone};

#[derive(Arbitrary, Debug)]
struct Input {
    zone: u16,
    fixed: i32,
    seconds: i64,
    nanos: u32,
    /// Nudges the wall time next to one of the zone's transitions.
    near_transition: Option<i16>,
    policy: u8,
}

const POLICIES: [Disambiguation; 4] = [
    Disambiguation::Compatible,
    Disambiguation::Earlier,
    Disambiguation::Later,
    Disambiguation::Reject,
];

/// The instant of `result`, or `None` for an out-of-range error; any other
/// error is a bug (`Earlier` and `Later` never refuse a wall time).
fn instant_unless_out_of_range(
    result: Result<Resolved, Error>,
    what: &str,
) -> Option<DateTime<Utc>> {
    match result {
        Ok(r) => Some(r.instant()),
        Err(err) => {
            assert_eq!(err.kind(), ErrorKind::OutOfRange, "{what}: {err}");
            None
        }
    }
}

/// `at` with a leap second (nanosecond >= 1e9) read as the same fraction of
/// the second it extends. tzsafe's offset arithmetic keeps a leap second's
/// representation, while chrono's `+` / `-` move it to the second before
/// (adding) or after (subtracting): compare instants computed both ways after
/// this.
fn without_leap(at: DateTime<Utc>) -> DateTime<Utc> {
    DateTime::from_timestamp(at.timestamp(), at.timestamp_subsec_nanos() % 1_000_000_000)
        .unwrap_or(at)
}

fuzz_target!(|input: Input| {
    let names = Zone::bundled_names();
    let zone = match usize::from(input.zone) % (names.len() + 2) {
        i if i < names.len() => match Zone::bundled(names[i]) {
            Ok(zone) => zone,
            Err(err) => panic!("a bundled name is refused: {err}"),
        },
        i if i == names.len() => Zone::UTC,
        _ => match FixedOffset::east_opt(input.fixed % 86_400) {
            Some(offset) => Zone::fixed(offset),
            None => Zone::UTC,
        },
    };
    let Some(mut wall) = DateTime::from_timestamp(
        input.seconds % 8_210_000_000_000,
        input.nanos % 2_000_000_000,
    )
    .map(|d| d.naive_utc()) else {
        return;
    };
    if let Some(delta) = input.near_transition {
        if let Some(t) = zone.next_transition(&wall.and_utc()) {
            let local =
                t.at().naive_utc() + TimeDelta::seconds(t.offset_before().local_minus_utc().into());
            wall = local + TimeDelta::seconds(delta.into());
        }
    }
    let policy = POLICIES[usize::from(input.policy) % 4];
    let resolve = |p: Disambiguation| {
        TimezoneAware::new()
            .default_tz(zone)
            .disambiguation(p)
            .resolve(wall)
    };

    let result = resolve(policy);
    let free = TimezoneAware::new()
        .disambiguation(policy)
        .scope(|| tzsafe::ensure_timezone_aware(wall, &zone));
    match (&result, &free) {
        (Ok(r), Ok(i)) => assert_eq!(r.instant(), *i),
        (Err(a), Err(b)) => assert_eq!(a.kind(), b.kind()),
        other => panic!("resolve and ensure disagree: {other:?}"),
    }
    let compatible = match resolve(Disambiguation::Compatible) {
        Ok(r) => r,
        Err(err) => {
            assert_eq!(err.kind(), ErrorKind::OutOfRange, "{zone} {wall}: {err}");
            return;
        }
    };
    match compatible.resolution() {
        Resolution::Unambiguous => {
            assert_eq!(
                compatible.instant().with_timezone(&zone).naive_local(),
                wall
            );
            if let Ok(r) = &result {
                assert_eq!(r.instant(), compatible.instant());
            }
        }
        Resolution::Fold {
            alternative,
            took_earlier,
            ..
        } => {
            assert!(took_earlier && compatible.instant() < alternative);
            let earlier = resolve(Disambiguation::Earlier);
            if let Some(earlier) = instant_unless_out_of_range(earlier, "Earlier in a fold") {
                assert_eq!(earlier, compatible.instant(), "{zone} {wall}");
            }
            let later = resolve(Disambiguation::Later);
            if let Some(later) = instant_unless_out_of_range(later, "Later in a fold") {
                assert_eq!(later, alternative, "{zone} {wall}");
            }
            if policy == Disambiguation::Reject {
                assert_eq!(
                    result.as_ref().map(|_| ()).unwrap_err().kind(),
                    ErrorKind::Ambiguous
                );
            }
        }
        Resolution::Gap { shift, .. } => {
            assert!(shift > TimeDelta::zero());
            // chrono's `+` folds a leap second (nanosecond >= 1e9) into the next
            // second while offset arithmetic keeps it: compare modulo that.
            let back = compatible.instant().with_timezone(&zone).naive_local();
            let expected = wall + shift;
            assert_eq!(
                back.and_utc().timestamp(),
                expected.and_utc().timestamp(),
                "{zone} {wall}"
            );
            assert_eq!(
                back.nanosecond() % 1_000_000_000,
                expected.nanosecond() % 1_000_000_000
            );
            let later = resolve(Disambiguation::Later);
            if let Some(later) = instant_unless_out_of_range(later, "Later in a gap") {
                assert_eq!(later, compatible.instant(), "{zone} {wall}");
            }
            let earlier = resolve(Disambiguation::Earlier);
            if let Some(earlier) = instant_unless_out_of_range(earlier, "Earlier in a gap") {
                let expected = without_leap(compatible.instant()).checked_sub_signed(shift);
                assert_eq!(
                    Some(without_leap(earlier)),
                    expected,
                    "{zone} {wall}: Earlier is {earlier:?}"
                );
            }
            if policy == Disambiguation::Reject {
                assert_eq!(
                    result.as_ref().map(|_| ()).unwrap_err().kind(),
                    ErrorKind::Nonexistent
                );
            }
        }
        other => panic!("unexpected resolution {other:?}"),
    }
});
