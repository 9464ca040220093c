//! tzsafe's zone tables against independent transition data: the IANA 2026f
//! dump in `tests/data/tzdata_transitions_2026f.json` (28 zones with odd shapes),
//! test262's `getTimeZoneTransition` values, every bundled zone against the
//! TZif files of the PyPI `tzdata` package of the same release as CPython's
//! zoneinfo reads them, and (feature `chrono-tz`) against chrono-tz, whose
//! older release differs in exactly the zones the CHANGELOG names.

use std::collections::BTreeMap;

use chrono::{DateTime, FixedOffset, MappedLocalTime, Offset, TimeDelta, TimeZone, Utc};
use tzsafe::Zone;

use crate::common::{self, END_2100, END_2400, START_1800};

/// Every offset-changing transition of `zone` in [1800, `end`), through the
/// public `next_transition` API.
fn transitions_of(zone: Zone, end: i64) -> Vec<(i64, i32, i32)> {
    transitions_between(zone, START_1800, end)
}

/// Every offset-changing transition of `zone` in [`start`, `end`), as
/// (instant, offset before, offset after) in seconds.
pub(crate) fn transitions_between(zone: Zone, start: i64, end: i64) -> Vec<(i64, i32, i32)> {
    let mut out = Vec::new();
    let mut at = DateTime::from_timestamp(start - 1, 0).unwrap();
    while let Some(t) = zone.next_transition(&at) {
        if t.at().timestamp() >= end {
            break;
        }
        out.push((
            t.at().timestamp(),
            t.offset_before().local_minus_utc(),
            t.offset_after().local_minus_utc(),
        ));
        at = t.at();
    }
    out
}

#[test]
fn matches_iana_2026f_dump() {
    let zones = common::tzdata_transitions();
    let mut checked = 0;
    for (name, rows) in &zones {
        let zone: Zone = name.parse().unwrap();
        // The dump lists changes of offset, isdst or abbreviation; keep offset changes.
        let expected: Vec<(i64, i32, i32)> = rows
            .iter()
            .filter(|row| row.offset_changes)
            .map(|row| (row.epoch_seconds, row.offset_before, row.offset_after))
            .collect();
        // The dump stops at the end of 2050.
        let ours: Vec<_> = transitions_of(zone, END_2100)
            .into_iter()
            .filter(|(t, _, _)| *t < 2_556_144_000)
            .collect();
        assert_eq!(ours, expected, "{name}");
        for &(t, before, after) in &expected {
            let at = DateTime::from_timestamp(t, 0).unwrap();
            assert_eq!(
                zone.offset_at(&at).local_minus_utc(),
                after,
                "{name} at {at}"
            );
            let just_before = at - TimeDelta::nanoseconds(1);
            assert_eq!(
                zone.offset_at(&just_before).local_minus_utc(),
                before,
                "{name} before {at}"
            );
            checked += 1;
        }
    }
    assert!(checked > 3000, "{checked}");
}

/// test262's `getTimeZoneTransition` values (`transition_cases` of
/// `tests/data/test262_dst_cases.json`): `next` is `Zone::next_transition`,
/// `previous` is `Zone::previous_transition`, both strictly after / before
/// the starting instant and skipping changes of abbreviation or isdst alone
/// (London's 1968-10-27 switch to British Standard Time is not one).
#[test]
fn test262_transition_cases() {
    let data = common::test262();
    let cases = data["transition_cases"].as_array().unwrap();
    assert_eq!(cases.len(), 6);
    for case in cases {
        let name = case["zone"].as_str().unwrap();
        let zone: Zone = name.parse().unwrap();
        let from =
            DateTime::from_timestamp(case["from_epoch_seconds"].as_i64().unwrap(), 0).unwrap();
        let expected = case["expected_epoch_seconds"].as_i64().unwrap();
        assert_eq!(
            case["zoneinfo_epoch_seconds"].as_i64(),
            Some(expected),
            "{case}"
        );
        assert_eq!(case["agrees_with_zoneinfo"], true, "{case}");
        let direction = case["direction"].as_str().unwrap();
        let found = match direction {
            "next" => zone.next_transition(&from),
            "previous" => zone.previous_transition(&from),
            other => panic!("unknown direction {other:?}"),
        };
        let found = found.unwrap_or_else(|| panic!("{name} {direction} from {from}: none"));
        assert_eq!(
            found.at().timestamp(),
            expected,
            "{name} {direction} from {from}"
        );
        assert_eq!(found.at().timestamp_subsec_nanos(), 0);
        // A transition changes the offset, at exactly that instant.
        assert_ne!(found.offset_before(), found.offset_after());
        assert_eq!(zone.offset_at(&found.at()), found.offset_after());
        assert_eq!(
            zone.offset_at(&(found.at() - TimeDelta::nanoseconds(1))),
            found.offset_before()
        );
    }
}

/// Every bundled zone's transitions in 1800-2399 against the TZif files of
/// the PyPI `tzdata` package of the bundled release, as CPython's
/// pure-Python zoneinfo reads them (explicit transitions, then the footer's
/// rule year by year): an independent reader of data compiled independently
/// from the same release. Every zone of the release is compared, and none may
/// differ.
#[test]
fn bundled_zones_match_the_oracle_tzdata() {
    let names = Zone::bundled_names();
    let Some(output) = common::python("tests/data/python/tzif_transitions.py", &names.join("\n"))
    else {
        return;
    };
    type Rows = Vec<(i64, i32, i32)>;
    let mut oracle: BTreeMap<String, (String, Rows)> = BTreeMap::new();
    for line in output.lines() {
        let (name, rest) = line.split_once(' ').unwrap();
        assert_ne!(
            rest, "!missing",
            "{name} is not in the oracle's tz database"
        );
        let (version, rows) = rest.split_once('|').unwrap();
        let rows = rows
            .split(';')
            .filter(|r| !r.is_empty())
            .map(|r| {
                let v: Vec<i64> = r.split(',').map(|x| x.parse().unwrap()).collect();
                (v[0], v[1] as i32, v[2] as i32)
            })
            .collect();
        let previous = oracle.insert(name.to_owned(), (version.to_owned(), rows));
        assert!(previous.is_none(), "{name} answered twice");
    }
    assert_eq!(
        oracle.len(),
        names.len(),
        "the script answers for every zone"
    );
    for (version, _) in oracle.values() {
        common::require_tzdb(version, "bundled_zones_match_the_oracle_tzdata");
    }
    let mut transitions = 0;
    for name in names {
        let ours = transitions_of(Zone::bundled(name).unwrap(), END_2400);
        assert_eq!(&ours, &oracle[*name].1, "{name}");
        transitions += ours.len();
    }
    assert!(names.len() > 590 && transitions > 150_000, "{transitions}");
}

/// The zones where chrono-tz 0.10's tables (tz 2025b) and the bundled data
/// disagree, and since when: the zones whose answers changed for users
/// moving from chrono-tz's data to tzsafe's (CHANGELOG, "Fixed"). Everywhere
/// else tzsafe's tables agree with chrono-tz before 2100 (where its data
/// ends): at and just before each transition, midway between transitions,
/// and for the wall times around each transition (one offset, two, or none).
#[cfg(feature = "chrono-tz")]
#[test]
fn chrono_tz_is_older_in_exactly_these_zones() {
    // Zone -> the first instant (Unix seconds) the two disagree.
    let mut differing = BTreeMap::new();
    let mut checked = 0;
    for tz in chrono_tz::TZ_VARIANTS {
        let zone = Zone::iana(tz);
        assert_eq!(
            zone.source(),
            Some(tzsafe::ZoneSource::Bundled),
            "{}",
            tz.name()
        );
        let chrono_tz_offset = |secs: i64| {
            let at = DateTime::from_timestamp(secs, 0).unwrap();
            tz.offset_from_utc_datetime(&at.naive_utc())
                .fix()
                .local_minus_utc()
        };
        let ours = transitions_of(zone, END_2100);
        let mut previous = START_1800;
        let mut agree = |at: i64, ok: bool| {
            if !ok {
                differing.entry(tz.name()).or_insert(at);
            }
            ok
        };
        for &(at, before, after) in &ours {
            agree(at, chrono_tz_offset(at - 1) == before);
            agree(at, chrono_tz_offset(at) == after);
            agree(
                previous,
                chrono_tz_offset(previous + (at - previous) / 2) == before,
            );
            for wall in [
                at + i64::from(before.min(after)) - 1,
                at + i64::from(before.min(after)),
                at + i64::from(before.max(after)) - 1,
                at + i64::from(before.max(after)),
            ] {
                let wall = DateTime::from_timestamp(wall, 0).unwrap().naive_utc();
                let fix = |r: MappedLocalTime<DateTime<FixedOffset>>| r;
                let theirs = fix(tz.from_local_datetime(&wall).map(|d| d.fixed_offset()));
                let got = fix(zone.from_local_datetime(&wall).map(|d| d.fixed_offset()));
                agree(at, got == theirs);
            }
            previous = at;
            checked += 1;
        }
        // chrono-tz's own transitions the bundled data lacks.
        let end = DateTime::from_timestamp(END_2100 - 1, 0).unwrap();
        agree(
            previous,
            chrono_tz_offset(END_2100 - 1) == zone.offset_at(&end).local_minus_utc(),
        );
        agree(
            previous,
            chrono_tz_offset(previous + (END_2100 - previous) / 2)
                == ours.last().map_or_else(|| chrono_tz_offset(0), |t| t.2),
        );
    }
    assert!(checked > 50_000, "{checked}");
    let since: BTreeMap<&str, String> = differing
        .iter()
        .map(|(name, at)| {
            let year = DateTime::from_timestamp(*at, 0)
                .unwrap()
                .format("%Y")
                .to_string();
            (*name, year)
        })
        .collect();
    let expected: BTreeMap<&str, String> = CHANGED_SINCE_CHRONO_TZ
        .iter()
        .map(|(name, year)| (*name, year.to_string()))
        .collect();
    assert_eq!(
        since, expected,
        "zones where chrono-tz's tables differ, and the year they start to"
    );
}

/// The zones whose offsets chrono-tz 0.10.4 (tz 2025b) gives otherwise than
/// the bundled release, with the year the first difference is in: the rule
/// changes of 2026 (British Columbia, Alberta, Manitoba and the Northwest
/// Territories keep summer time, Cuba keeps it through the winter of 2026,
/// Morocco ends Ramadan time on another date), Moldova's corrected
/// transition times since 2022, and historical corrections (Brazil 1965,
/// Baja California 1953, Bogota 1992, Tehran 1979, Dublin 1925, and the
/// local mean time of the links `CST6CDT`, `EST5EDT`, `MST7MDT`, `PST8PDT`
/// before 1883).
#[cfg(feature = "chrono-tz")]
pub(crate) const CHANGED_SINCE_CHRONO_TZ: &[(&str, &str)] = &[
    ("Africa/Casablanca", "2026"),
    ("Africa/El_Aaiun", "2026"),
    ("America/Araguaina", "1965"),
    ("America/Bahia", "1965"),
    ("America/Belem", "1965"),
    ("America/Boa_Vista", "1965"),
    ("America/Bogota", "1992"),
    ("America/Campo_Grande", "1965"),
    ("America/Cuiaba", "1965"),
    ("America/Edmonton", "2026"),
    ("America/Eirunepe", "1965"),
    ("America/Ensenada", "1953"),
    ("America/Fortaleza", "1965"),
    ("America/Havana", "2026"),
    ("America/Inuvik", "2026"),
    ("America/Maceio", "1965"),
    ("America/Manaus", "1965"),
    ("America/Noronha", "1965"),
    ("America/Porto_Acre", "1965"),
    ("America/Porto_Velho", "1965"),
    ("America/Rainy_River", "2026"),
    ("America/Recife", "1965"),
    ("America/Rio_Branco", "1965"),
    ("America/Santa_Isabel", "1953"),
    ("America/Santarem", "1965"),
    ("America/Sao_Paulo", "1965"),
    ("America/Tijuana", "1953"),
    ("America/Vancouver", "2026"),
    ("America/Winnipeg", "2026"),
    ("America/Yellowknife", "2026"),
    ("Asia/Tehran", "1979"),
    ("Brazil/Acre", "1965"),
    ("Brazil/DeNoronha", "1965"),
    ("Brazil/East", "1965"),
    ("Brazil/West", "1965"),
    ("CST6CDT", "1800"),
    ("Canada/Central", "2026"),
    ("Canada/Mountain", "2026"),
    ("Canada/Pacific", "2026"),
    ("Cuba", "2026"),
    ("EST5EDT", "1800"),
    ("Eire", "1925"),
    ("Europe/Chisinau", "2022"),
    ("Europe/Dublin", "1925"),
    ("Europe/Tiraspol", "2022"),
    ("Iran", "1979"),
    ("MST7MDT", "1800"),
    ("Mexico/BajaNorte", "1953"),
    ("PST8PDT", "1800"),
];

#[test]
fn offsets_at_extremes_never_panic() {
    for name in ["America/New_York", "Pacific/Kiritimati", "Pacific/Apia"] {
        let zone = Zone::bundled(name).unwrap();
        for at in [
            DateTime::<Utc>::MIN_UTC,
            DateTime::<Utc>::MAX_UTC,
            DateTime::UNIX_EPOCH,
        ] {
            let offset: FixedOffset = zone.offset_at(&at);
            assert!(offset.local_minus_utc().abs() < 86_400);
            let _ = zone.next_transition(&at);
            let _ = zone.previous_transition(&at);
        }
    }
}

/// Regression (fuzz target `ensure`, CI): far past the last year of chrono-tz's
/// data, the ongoing rule still puts a gap at 02:00 on the second Sunday of
/// March (March 8 in +24291), where chrono-tz keeps standard time. The fuzz
/// target compared with chrono-tz there and failed; it now stops at 2099.
#[test]
fn ongoing_rule_gap_in_year_24291() {
    let zone: Zone = "PST8PDT".parse().unwrap();
    let wall = chrono::NaiveDate::from_ymd_opt(24291, 3, 8)
        .unwrap()
        .and_hms_opt(2, 0, 31)
        .unwrap();
    assert_eq!(
        zone.from_local_datetime(&wall).map(|d| d.fixed_offset()),
        MappedLocalTime::None
    );
    let after = wall + TimeDelta::hours(1);
    assert_eq!(
        zone.from_local_datetime(&after).map(|d| d.offset().fix()),
        MappedLocalTime::Single(FixedOffset::west_opt(7 * 3600).unwrap())
    );
}
