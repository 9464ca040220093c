//! tzsafe's zone tables against independent transition data: the IANA 2025b
//! dump in `tests/data/tzdata_transitions_2025b.json` (28 zones with odd shapes),
//! and every zone chrono-tz knows against the system's TZif files as CPython's
//! zoneinfo reads them.

use std::collections::BTreeMap;

use chrono::{DateTime, FixedOffset, TimeDelta, Utc};
use serde_json::Value;
use tzsafe::Zone;

use crate::common;

/// Every offset-changing transition of `zone` in [1800, 2100), through the
/// public `next_transition` API.
fn transitions_of(zone: Zone) -> Vec<(i64, i32, i32)> {
    let mut out = Vec::new();
    let mut at = DateTime::from_timestamp(-5_364_662_401, 0).unwrap();
    while let Some(t) = zone.next_transition(&at) {
        if t.at().timestamp() >= 4_102_444_800 {
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

fn offset_seconds(text: &str) -> i32 {
    let sign = if text.starts_with('-') { -1 } else { 1 };
    let parts: Vec<i32> = text[1..].split(':').map(|p| p.parse().unwrap()).collect();
    sign * (parts[0] * 3600 + parts.get(1).unwrap_or(&0) * 60 + parts.get(2).unwrap_or(&0))
}

#[test]
fn matches_iana_2025b_dump() {
    let data: Value = serde_json::from_str(
        &std::fs::read_to_string(common::data("tzdata_transitions_2025b.json")).unwrap(),
    )
    .unwrap();
    let zones = data["zones"].as_object().unwrap();
    assert_eq!(zones.len(), 28);
    let mut checked = 0;
    for (name, rows) in zones {
        let zone: Zone = name.parse().unwrap();
        // The dump lists changes of offset, isdst or abbreviation; keep offset changes.
        let expected: Vec<(i64, i32, i32)> = rows
            .as_array()
            .unwrap()
            .iter()
            .filter(|row| row["offset_changes"].as_bool().unwrap())
            .map(|row| {
                (
                    row["epoch_seconds"].as_i64().unwrap(),
                    offset_seconds(row["offset_before"].as_str().unwrap()),
                    offset_seconds(row["offset_after"].as_str().unwrap()),
                )
            })
            .collect();
        // The dump stops at the end of 2050.
        let ours: Vec<_> = transitions_of(zone)
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

/// Zones whose transitions in the system's tzdata differ from chrono-tz's
/// bundled copy of the same release, from `tests/data/tzdata_system_differences.tsv`:
/// zone -> whether they also differ after 1970.
pub(crate) fn system_differences() -> BTreeMap<String, bool> {
    std::fs::read_to_string(common::data("tzdata_system_differences.tsv"))
        .unwrap()
        .lines()
        .filter(|line| !line.starts_with('#'))
        .map(|line| {
            let mut fields = line.split('\t');
            let zone = fields.next().unwrap().to_owned();
            let scope = fields.next().unwrap();
            assert!(
                fields.next().is_some_and(|reason| !reason.is_empty()),
                "{line}"
            );
            (zone, scope == "all")
        })
        .collect()
}

#[test]
fn every_zone_matches_system_tzif() {
    let Some(output) = common::python(
        "tests/data/python/tzif_transitions.py",
        &chrono_tz::TZ_VARIANTS
            .iter()
            .map(|tz| tz.name())
            .collect::<Vec<_>>()
            .join("\n"),
    ) else {
        return;
    };
    type Rows = Vec<(i64, i32, i32)>;
    let mut system: BTreeMap<String, (String, Rows)> = BTreeMap::new();
    for line in output.lines() {
        let (name, rest) = line.split_once(' ').unwrap();
        if rest == "!missing" {
            continue;
        }
        let (version, rows) = rest.split_once('|').unwrap();
        let rows = rows
            .split(';')
            .filter(|r| !r.is_empty())
            .map(|r| {
                let v: Vec<i64> = r.split(',').map(|x| x.parse().unwrap()).collect();
                (v[0], v[1] as i32, v[2] as i32)
            })
            .collect();
        system.insert(name.to_owned(), (version.to_owned(), rows));
    }
    let version = system
        .values()
        .next()
        .map(|(v, _)| v.clone())
        .unwrap_or_default();
    if !common::require_tzdb(&version, "every_zone_matches_system_tzif") {
        return;
    }
    let known = system_differences();
    let since_1970 = |rows: &[(i64, i32, i32)]| {
        rows.iter()
            .filter(|r| r.0 >= 0)
            .copied()
            .collect::<Vec<_>>()
    };
    let mut differing = BTreeMap::new();
    let mut compared = 0;
    for tz in chrono_tz::TZ_VARIANTS {
        let Some((_, expected)) = system.get(tz.name()) else {
            continue;
        };
        compared += 1;
        let ours = transitions_of(Zone::iana(tz));
        if &ours != expected {
            differing.insert(
                tz.name().to_owned(),
                since_1970(&ours) != since_1970(expected),
            );
        }
    }
    assert!(compared > 550, "only {compared} zones found on this system");
    assert_eq!(
        differing, known,
        "zones differing from the system's tzdata (see the .tsv)"
    );
}

#[test]
fn offsets_at_extremes_never_panic() {
    for tz in [
        chrono_tz::America::New_York,
        chrono_tz::Pacific::Kiritimati,
        chrono_tz::Pacific::Apia,
    ] {
        let zone = Zone::iana(tz);
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
