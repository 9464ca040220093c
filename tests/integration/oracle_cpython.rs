//! Tests: oracle_cpython — tzsafe's zone resolution against CPython's
//! `zoneinfo` (PEP 495) reading the TZif files of the PyPI `tzdata` package of
//! the bundled release (`PYTHONTZPATH`, see `common::python`): an independent
//! reader of independently compiled data of the same release, whatever the
//! host's tz database is.
//!
//! `tests/data/python/ensure_oracle.py` generates 100,000 naive wall times per
//! run and reports, for each, the instants that `fold=0` and `fold=1` give it
//! in its zone. The wall times lie in 1900-9999: half of them near one of the
//! zone's transitions (inside the skipped or repeated interval, on its edges,
//! within hours or days of it; four fifths of these in 1900-2399, the rest in
//! a random later year), the transitions being read from the zone's own TZif
//! data (explicit transitions and the POSIX TZ footer, through CPython's
//! pure-Python zoneinfo, each checked against the C implementation that gives
//! the answers), 2% within five days of 2100-01-01 (where tzsafe's tables
//! hand over to the zone's rule), 28% uniformly in 1900-2399 and 20% in
//! 2400-9999; many have sub-second values. Zones: the oddly shaped ones in
//! [`SPECIAL`] (35% of the cases), the common ones in [`COMMON`] (25%) and
//! every other zone of the release (40%), so every run compares every zone.
//!
//! What tzsafe must do with each, under each [`Disambiguation`]:
//! * fold=0 and fold=1 agree: that instant, whatever the policy;
//! * fold=0 is earlier (the wall time repeats, a fold): `Compatible` and
//!   `Earlier` give fold=0, `Later` fold=1, `Reject` fails with
//!   [`ErrorKind::Ambiguous`];
//! * fold=0 is later (the wall time was skipped, a gap: PEP 495 reads it with
//!   the offset from before the transition): `Compatible` and `Later` give
//!   fold=0, `Earlier` fold=1, `Reject` fails with [`ErrorKind::Nonexistent`].
//!
//! This is checked through `TimezoneAware::ensure_timezone_aware` and
//! `TimezoneAware::resolve` (the zone read by `Zone::from_str`), and through
//! the free `ensure_timezone_aware` and `resolve` under a guard, each given the
//! zone as a [`Zone`], as a `TimeZone` tzsafe does not know (which takes
//! chrono's generic path) and, with feature `chrono-tz`, as a
//! `chrono_tz::Tz` (looked up by name): 8 paths. `resolve` must also report
//! what CPython implies: the kind of wall time, the alternative instant of a
//! fold, the shift of a gap (the difference of the two instants), the
//! transition (found by the script in the TZif data) and the offset at the
//! chosen instant. `Zone`'s chrono `offset_from_local_datetime` must give one
//! offset, both (fold=0's first) or none.
//!
//! Then the reverse direction: 30,000 instants (spread like the wall times)
//! against `Zone::offset_at` and `DateTime::with_timezone(&Zone)`.
//!
//! The oracle's release must be the bundled one, and every zone of the
//! release must be in it: anything else fails the test. The seed is printed;
//! `TZSAFE_SEED=<seed>` reproduces a run, and every disagreement is printed
//! with the seed, zone, wall time, policy and both values.

use std::collections::{BTreeMap, HashMap};
use std::fmt::Write as _;

use chrono::{
    DateTime, FixedOffset, MappedLocalTime, NaiveDate, NaiveDateTime, Offset, SecondsFormat,
    TimeZone, Utc,
};
use tzsafe::{
    ensure_timezone_aware, resolve, Disambiguation, ErrorKind, Resolution, Resolved, TimezoneAware,
    Zone,
};

use crate::common::{self, END_10000, POLICIES, START_1900};

/// Wall times compared per run.
const WALLS: usize = 100_000;
/// Instants compared per run (reverse direction).
const INSTANTS: usize = 30_000;

/// Zones with unusual shapes: negative DST (Dublin), 30-minute DST (Lord Howe),
/// +12:45 (Chatham), a skipped day (Apia, Kiritimati), half-hour offsets with
/// double summer time (St John's), 2-hour DST (Troll), transitions at 24:00
/// (Santiago) and at midnight (Havana), a 15-minute gap (Kathmandu), Ramadan
/// breaks in DST (Casablanca), many offset changes (Moscow), -04:30 (Caracas).
const SPECIAL: [&str; 13] = [
    "Europe/Dublin",
    "Australia/Lord_Howe",
    "Pacific/Chatham",
    "Pacific/Apia",
    "America/St_Johns",
    "Antarctica/Troll",
    "America/Santiago",
    "America/Havana",
    "Asia/Kathmandu",
    "Africa/Casablanca",
    "Europe/Moscow",
    "America/Caracas",
    "Pacific/Kiritimati",
];

/// Zones most applications meet.
const COMMON: [&str; 20] = [
    "America/New_York",
    "America/Chicago",
    "America/Denver",
    "America/Los_Angeles",
    "America/Toronto",
    "America/Mexico_City",
    "America/Sao_Paulo",
    "Europe/London",
    "Europe/Paris",
    "Europe/Berlin",
    "Europe/Istanbul",
    "Asia/Tokyo",
    "Asia/Shanghai",
    "Asia/Kolkata",
    "Asia/Singapore",
    "Australia/Sydney",
    "Pacific/Auckland",
    "Africa/Cairo",
    "Africa/Johannesburg",
    "UTC",
];

/// A `TimeZone` tzsafe does not recognise, so that it goes through chrono's
/// `offset_from_local_datetime` rather than tzsafe's tables (answered here by
/// the zone's own chrono `TimeZone` impl).
#[derive(Clone, Copy, Debug)]
struct Opaque(Zone);

#[derive(Clone, Copy, Debug)]
struct OpaqueOffset(Zone, FixedOffset);

impl Offset for OpaqueOffset {
    fn fix(&self) -> FixedOffset {
        self.1
    }
}

impl TimeZone for Opaque {
    type Offset = OpaqueOffset;

    fn from_offset(offset: &OpaqueOffset) -> Self {
        Opaque(offset.0)
    }

    fn offset_from_local_date(&self, local: &NaiveDate) -> MappedLocalTime<OpaqueOffset> {
        self.0
            .offset_from_local_date(local)
            .map(|o| OpaqueOffset(self.0, o.fix()))
    }

    fn offset_from_local_datetime(&self, local: &NaiveDateTime) -> MappedLocalTime<OpaqueOffset> {
        self.0
            .offset_from_local_datetime(local)
            .map(|o| OpaqueOffset(self.0, o.fix()))
    }

    fn offset_from_utc_date(&self, utc: &NaiveDate) -> OpaqueOffset {
        OpaqueOffset(self.0, self.0.offset_from_utc_date(utc).fix())
    }

    fn offset_from_utc_datetime(&self, utc: &NaiveDateTime) -> OpaqueOffset {
        OpaqueOffset(self.0, self.0.offset_from_utc_datetime(utc).fix())
    }
}

/// One wall time and what CPython makes of it.
struct WallCase {
    name: &'static str,
    /// `Zone::bundled` of the zone.
    zone: Zone,
    /// The zone's name read by `Zone::from_str` (`Zone::UTC` for "UTC").
    parsed: Zone,
    wall: NaiveDateTime,
    fold0: DateTime<Utc>,
    fold1: DateTime<Utc>,
    off0: i32,
    off1: i32,
    transition: Option<DateTime<Utc>>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Shape {
    Unique,
    Fold,
    Gap,
}

impl WallCase {
    fn shape(&self) -> Shape {
        match self.fold0.cmp(&self.fold1) {
            std::cmp::Ordering::Equal => Shape::Unique,
            std::cmp::Ordering::Less => Shape::Fold,
            std::cmp::Ordering::Greater => Shape::Gap,
        }
    }

    /// The instant `policy` must give, or the error kind.
    fn expected(&self, policy: Disambiguation) -> Result<DateTime<Utc>, ErrorKind> {
        let (earlier, later) = (self.fold0.min(self.fold1), self.fold0.max(self.fold1));
        match (self.shape(), policy) {
            (Shape::Unique, _) | (_, Disambiguation::Compatible) => Ok(self.fold0),
            (_, Disambiguation::Earlier) => Ok(earlier),
            (_, Disambiguation::Later) => Ok(later),
            (Shape::Fold, Disambiguation::Reject) => Err(ErrorKind::Ambiguous),
            (Shape::Gap, Disambiguation::Reject) => Err(ErrorKind::Nonexistent),
        }
    }

    /// What `resolve` must report under `policy`: the instant, the offset
    /// there and the resolution.
    fn expected_resolved(
        &self,
        policy: Disambiguation,
    ) -> Result<(DateTime<Utc>, i32, Resolution), ErrorKind> {
        let instant = self.expected(policy)?;
        let transition = self.transition.unwrap_or(DateTime::UNIX_EPOCH);
        Ok(match self.shape() {
            Shape::Unique => (instant, self.off0, Resolution::Unambiguous),
            Shape::Fold => {
                let took_earlier = instant == self.fold0;
                let (offset, alternative) = if took_earlier {
                    (self.off0, self.fold1)
                } else {
                    (self.off1, self.fold0)
                };
                (
                    instant,
                    offset,
                    Resolution::Fold {
                        alternative,
                        took_earlier,
                        transition,
                    },
                )
            }
            Shape::Gap => {
                // fold=0 reads the wall time with the offset from before the
                // gap and lands after it, where fold=1's offset applies.
                let (offset, shift) = if instant == self.fold0 {
                    (self.off1, self.fold0 - self.fold1)
                } else {
                    (self.off0, self.fold1 - self.fold0)
                };
                (instant, offset, Resolution::Gap { shift, transition })
            }
        })
    }

    fn describe(&self, seed: u64, policy: Disambiguation, via: &str) -> String {
        format!(
            "[{}] {} {} policy={policy} via {via}: CPython fold=0 {} ({}s), fold=1 {} ({}s)",
            reproduce(seed),
            self.name,
            self.wall.format("%Y-%m-%dT%H:%M:%S%.6f"),
            show(&self.fold0),
            self.off0,
            show(&self.fold1),
            self.off1,
        )
    }
}

/// The command that repeats this run.
fn reproduce(seed: u64) -> String {
    format!("TZSAFE_SEED={seed} cargo test --test integration oracle_cpython")
}

fn show(instant: &DateTime<Utc>) -> String {
    instant.to_rfc3339_opts(SecondsFormat::AutoSi, true)
}

fn micros(text: &str) -> DateTime<Utc> {
    DateTime::from_timestamp_micros(text.parse().expect("microseconds")).expect("in range")
}

fn outcome(result: Result<DateTime<Utc>, tzsafe::Error>) -> Result<DateTime<Utc>, ErrorKind> {
    result.map_err(|err| err.kind())
}

fn resolved_outcome(
    result: Result<Resolved, tzsafe::Error>,
) -> Result<(DateTime<Utc>, i32, Resolution), ErrorKind> {
    result
        .map(|r| (r.instant(), r.offset().local_minus_utc(), r.resolution()))
        .map_err(|err| err.kind())
}

/// The zones to offer the script: every zone of the bundled release, with
/// its class.
fn candidate_zones() -> Vec<(&'static str, &'static str)> {
    let names = Zone::bundled_names();
    for name in SPECIAL.iter().chain(&COMMON) {
        assert!(names.contains(name), "{name} is not a bundled zone");
    }
    names
        .iter()
        .map(|&name| {
            let class = if SPECIAL.contains(&name) {
                "special"
            } else if COMMON.contains(&name) {
                "common"
            } else {
                "other"
            };
            (name, class)
        })
        .collect()
}

/// Runs the script; `None` when it cannot run here (see `common::python`).
fn run_oracle(seed: u64, zones: &[(&'static str, &'static str)]) -> Option<String> {
    let mut request = format!(
        "seed {seed} walls {WALLS} instants {INSTANTS} sample {}\n",
        zones.len()
    );
    for (name, class) in zones {
        writeln!(request, "{name}\t{class}\t0").unwrap();
    }
    let output = common::python("tests/data/python/ensure_oracle.py", &request)?;
    let version = output
        .lines()
        .next()
        .and_then(|line| line.strip_prefix("v "))
        .expect("a version line")
        .split(' ')
        .next()
        .unwrap()
        .to_owned();
    common::require_tzdb(&version, "oracle_cpython");
    Some(output)
}

#[test]
fn resolution_agrees_with_cpython_zoneinfo() {
    let seed = common::seed("oracle_cpython");
    let zones = candidate_zones();
    let Some(output) = run_oracle(seed, &zones) else {
        return;
    };

    let by_name: HashMap<&'static str, Zone> = zones
        .iter()
        .map(|(name, _)| (*name, Zone::bundled(name).unwrap()))
        .collect();
    let lookup = |name: &str| -> (&'static str, Zone) {
        let (&name, &zone) = by_name
            .get_key_value(name)
            .unwrap_or_else(|| panic!("the script sent an unknown zone {name:?}"));
        (name, zone)
    };

    let mut walls = Vec::with_capacity(WALLS);
    let mut instants = Vec::with_capacity(INSTANTS);
    let mut missing = Vec::new();
    let mut sampled: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let mut edges = Vec::new();
    let mut done = None;
    for line in output.lines().skip(1) {
        let fields: Vec<&str> = line.split(' ').collect();
        match fields[0] {
            "w" => {
                let (name, zone) = lookup(fields[1]);
                let wall = NaiveDateTime::parse_from_str(fields[2], "%Y-%m-%dT%H:%M:%S%.f")
                    .unwrap_or_else(|e| panic!("{line}: {e}"));
                assert!(
                    wall.and_utc().timestamp() >= START_1900
                        && wall.and_utc().timestamp() < END_10000,
                    "the script sent a wall time out of range: {line}"
                );
                walls.push(WallCase {
                    name,
                    zone,
                    parsed: name.parse().unwrap(),
                    wall,
                    fold0: micros(fields[3]),
                    fold1: micros(fields[4]),
                    off0: fields[5].parse().unwrap(),
                    off1: fields[6].parse().unwrap(),
                    transition: match fields[7] {
                        "-" => None,
                        t => Some(DateTime::from_timestamp(t.parse().unwrap(), 0).unwrap()),
                    },
                });
            }
            "i" => {
                let (name, zone) = lookup(fields[1]);
                let at = micros(fields[2]);
                instants.push((name, zone, at, fields[3].parse::<i32>().unwrap()));
            }
            "zone" => sampled
                .entry(fields[2].to_owned())
                .or_default()
                .push(fields[1].to_owned()),
            "missing" => missing.push(fields[1].to_owned()),
            "edge" => edges.push((
                lookup(fields[1]).1,
                micros(fields[2]),
                fields[3].parse::<i32>().unwrap(),
            )),
            "done" => {
                done = Some((
                    fields[1].parse::<usize>().unwrap(),
                    fields[2].parse::<usize>().unwrap(),
                ))
            }
            _ => panic!("unexpected line from ensure_oracle.py: {line}"),
        }
    }
    assert_eq!(done, Some((WALLS, INSTANTS)), "the script did not finish");
    // Every zone of the release is in the oracle's database of that release.
    assert_eq!(missing, Vec::<String>::new(), "zones the oracle lacks");
    for (class, names) in [("special", &SPECIAL[..]), ("common", &COMMON[..])] {
        let mut compared: Vec<&str> = sampled
            .get(class)
            .map_or(Vec::new(), |v| v.iter().map(String::as_str).collect());
        let mut expected = names.to_vec();
        compared.sort_unstable();
        expected.sort_unstable();
        assert_eq!(compared, expected, "{class} zones compared");
    }
    let others = sampled.get("other").map_or(0, Vec::len);
    assert_eq!(
        others,
        zones.len() - SPECIAL.len() - COMMON.len(),
        "other zones compared"
    );
    assert_eq!(walls.len(), WALLS);
    assert_eq!(instants.len(), INSTANTS);

    let mut failures = Vec::new();
    let mut shapes: BTreeMap<String, usize> = BTreeMap::new();
    for case in &walls {
        *shapes.entry(format!("{:?}", case.shape())).or_default() += 1;
        if case.shape() != Shape::Unique {
            assert!(
                case.transition.is_some(),
                "no transition for {}",
                case.describe(seed, Disambiguation::Compatible, "-")
            );
        }
        // `Zone` as a chrono `TimeZone`.
        let want = match case.shape() {
            Shape::Unique => MappedLocalTime::Single(case.off0),
            Shape::Fold => MappedLocalTime::Ambiguous(case.off0, case.off1),
            Shape::Gap => MappedLocalTime::None,
        };
        let got = case
            .zone
            .offset_from_local_datetime(&case.wall)
            .map(|o| o.fix().local_minus_utc());
        if got != want {
            failures.push(format!(
                "{}: expected {want:?}, tzsafe gave {got:?}",
                case.describe(
                    seed,
                    Disambiguation::Compatible,
                    "Zone::offset_from_local_datetime"
                )
            ));
        }
    }

    for policy in POLICIES {
        let _guard = TimezoneAware::new().disambiguation(policy).enter();
        for case in &walls {
            let want = case.expected(policy);
            let ctx = TimezoneAware::new()
                .default_tz(case.parsed)
                .disambiguation(policy);
            let got = [
                (
                    "TimezoneAware::ensure_timezone_aware",
                    outcome(ctx.ensure_timezone_aware(case.wall)),
                ),
                (
                    "ensure_timezone_aware(&Zone)",
                    outcome(ensure_timezone_aware(case.wall, &case.zone)),
                ),
                #[cfg(feature = "chrono-tz")]
                (
                    "ensure_timezone_aware(&Tz)",
                    outcome(ensure_timezone_aware(case.wall, &chrono_tz_of(case.name))),
                ),
                (
                    "ensure_timezone_aware(&custom TimeZone)",
                    outcome(ensure_timezone_aware(case.wall, &Opaque(case.zone))),
                ),
            ];
            for (via, got) in got {
                if got != want {
                    failures.push(format!(
                        "{}: expected {}, tzsafe gave {}",
                        case.describe(seed, policy, via),
                        show_outcome(&want),
                        show_outcome(&got)
                    ));
                }
            }
            let want = case.expected_resolved(policy);
            let got = [
                (
                    "TimezoneAware::resolve",
                    resolved_outcome(ctx.resolve(case.wall)),
                ),
                (
                    "resolve(&Zone)",
                    resolved_outcome(resolve(case.wall, &case.zone)),
                ),
                #[cfg(feature = "chrono-tz")]
                (
                    "resolve(&Tz)",
                    resolved_outcome(resolve(case.wall, &chrono_tz_of(case.name))),
                ),
                (
                    "resolve(&custom TimeZone)",
                    resolved_outcome(resolve(case.wall, &Opaque(case.zone))),
                ),
            ];
            for (via, got) in got {
                if got != want {
                    failures.push(format!(
                        "{}: expected {want:?}, tzsafe gave {got:?}",
                        case.describe(seed, policy, via)
                    ));
                }
            }
        }
    }

    for (name, zone, at, offset) in &instants {
        let got = [
            ("Zone::offset_at", zone.offset_at(at).local_minus_utc()),
            (
                "DateTime::with_timezone(&Zone)",
                at.with_timezone(zone).offset().fix().local_minus_utc(),
            ),
        ];
        for (via, got) in got {
            if got != *offset {
                failures.push(format!(
                    "[{}] {name} instant {} via {via}: CPython utcoffset {offset}s, tzsafe {got}s",
                    reproduce(seed),
                    show(at)
                ));
            }
        }
    }

    // Regression test for: summer wall times after 2099 an hour off in 199
    // zones (tzsafe followed chrono-tz, whose data ends in 2099, instead of
    // the zone's rule, as zoneinfo does).
    let [(zone, summer_2099, python_2099), (_, summer_2100, python_2100)] = edges[..] else {
        panic!("expected two edge records, got {edges:?}");
    };
    assert_eq!(zone.offset_at(&summer_2099).local_minus_utc(), python_2099);
    assert_eq!(python_2100, -4 * 3600, "zoneinfo: New York in July 2100");
    assert_eq!(zone.offset_at(&summer_2100).local_minus_utc(), python_2100);
    let years = |pick: fn(&i32, &i32) -> bool| {
        walls
            .iter()
            .filter(|c| pick(&chrono::Datelike::year(&c.wall), &2400))
            .count()
    };

    println!(
        "oracle_cpython: {} wall times ({shapes:?}; {} in 1900-2399, {} in 2400-9999) x {} policies x {} paths, {} instants x 2 paths, tz {}",
        walls.len(),
        years(|y, limit| y < limit),
        years(|y, limit| y >= limit),
        POLICIES.len(),
        if cfg!(feature = "chrono-tz") { 8 } else { 6 },
        instants.len(),
        tzsafe::Zone::TZDB_VERSION,
    );
    for (class, names) in &sampled {
        println!("  {class} zones: {}", names.len());
    }
    assert!(
        failures.is_empty(),
        "{} disagreements with CPython (first 40):\n{}",
        failures.len(),
        failures
            .iter()
            .take(40)
            .cloned()
            .collect::<Vec<_>>()
            .join("\n")
    );
}

/// The chrono-tz zone of a bundled name, or (for the few names chrono-tz
/// lacks, such as `Factory`) the bundled zone itself.
#[cfg(feature = "chrono-tz")]
fn chrono_tz_of(name: &str) -> Zone {
    match name.parse::<chrono_tz::Tz>() {
        Ok(tz) => {
            let zone = Zone::from(tz);
            assert_eq!(zone, Zone::bundled(name).unwrap(), "by name");
            zone
        }
        Err(_) => Zone::bundled(name).unwrap(),
    }
}

fn show_outcome(outcome: &Result<DateTime<Utc>, ErrorKind>) -> String {
    match outcome {
        Ok(instant) => show(instant),
        Err(kind) => format!("an error of kind {kind:?}"),
    }
}

/// chrono-tz's data stops with the transitions of 2099: from 2100 on every
/// zone keeps its last offset (no more DST). That is why wall times read
/// through chrono-tz itself (a `TimeZone` tzsafe does not know) are compared
/// with zoneinfo before 2100 only, and why tzsafe does not use chrono-tz's
/// tables: its zones go on with their rules (checked here for those with DST
/// in 2099).
#[cfg(feature = "chrono-tz")]
#[test]
fn chrono_tz_data_ends_in_2099() {
    use chrono::TimeDelta;
    let from = Utc.with_ymd_and_hms(2099, 1, 1, 0, 0, 0).unwrap();
    let end = Utc.with_ymd_and_hms(2100, 1, 1, 0, 0, 0).unwrap();
    let mut with_2099_transitions = 0;
    for tz in chrono_tz::TZ_VARIANTS {
        if Zone::iana(tz)
            .next_transition(&from)
            .is_some_and(|t| t.at() < end)
        {
            with_2099_transitions += 1;
            let next = Zone::iana(tz).next_transition(&end).unwrap();
            assert!(next.at() < end + TimeDelta::days(366), "{}", tz.name());
        }
        // chrono-tz itself, month by month through 2100-2102.
        let first = tz.offset_from_utc_datetime(&end.naive_utc()).fix();
        for month in 0..36 {
            let at = end + TimeDelta::days(month * 31);
            assert_eq!(
                tz.offset_from_utc_datetime(&at.naive_utc()).fix(),
                first,
                "{} changes offset after 2099",
                tz.name()
            );
        }
    }
    assert!(with_2099_transitions > 100, "{with_2099_transitions}");
}

/// The zones whose rules the tz releases after chrono-tz's 2025b changed for
/// instants after 2025 (CHANGELOG, "Fixed").
const CHANGED_IN_2026: [&str; 15] = [
    "America/Vancouver",
    "America/Edmonton",
    "America/Winnipeg",
    "America/Inuvik",
    "America/Yellowknife",
    "America/Rainy_River",
    "Canada/Pacific",
    "Canada/Mountain",
    "Canada/Central",
    "America/Havana",
    "Cuba",
    "Africa/Casablanca",
    "Africa/El_Aaiun",
    "Europe/Chisinau",
    "Europe/Tiraspol",
];

/// Regression test for: America/Vancouver at -08:00 on 2026-12-07 (tz
/// 2025b, chrono-tz's data); it stays at -07:00 from 2026-11-01 on.
#[test]
fn vancouver_is_at_minus_seven_today() {
    let vancouver: Zone = "America/Vancouver".parse().unwrap();
    let today = Utc.with_ymd_and_hms(2026, 12, 7, 20, 0, 0).unwrap();
    assert_eq!(vancouver.offset_at(&today).local_minus_utc(), -7 * 3600);
    let wall = NaiveDate::from_ymd_opt(2026, 12, 8)
        .unwrap()
        .and_hms_opt(0, 0, 0)
        .unwrap();
    assert_eq!(
        ensure_timezone_aware(wall, &vancouver)
            .unwrap()
            .to_rfc3339(),
        "2026-12-08T07:00:00+00:00"
    );
    // No fold on 2026-11-01: 01:30 happens once.
    let wall = NaiveDate::from_ymd_opt(2026, 11, 1)
        .unwrap()
        .and_hms_opt(1, 30, 0)
        .unwrap();
    assert_eq!(
        TimezoneAware::new()
            .default_tz(vancouver)
            .disambiguation(Disambiguation::Reject)
            .ensure_timezone_aware(wall)
            .unwrap()
            .to_rfc3339(),
        "2026-11-01T08:30:00+00:00"
    );
}

/// Wall times of 2020-2035 against zoneinfo on the oracle's release, under
/// the four policies: in the zones the 2026 releases changed, every day at
/// 00:30 and 12:00 and every quarter hour within three hours of each
/// transition; in every other zone of the release, the quarter hours around
/// each of its transitions (where the policies differ).
#[test]
fn wall_times_of_2020_to_2035_agree_with_zoneinfo_in_every_zone() {
    let from = NaiveDate::from_ymd_opt(2020, 1, 1)
        .unwrap()
        .and_hms_opt(0, 0, 0)
        .unwrap();
    let to = NaiveDate::from_ymd_opt(2036, 1, 1)
        .unwrap()
        .and_hms_opt(0, 0, 0)
        .unwrap();
    let mut walls: Vec<(&str, NaiveDateTime)> = Vec::new();
    for name in Zone::bundled_names() {
        let zone = Zone::bundled(name).unwrap();
        let mut at = from.and_utc() - chrono::TimeDelta::days(1);
        while let Some(t) = zone
            .next_transition(&at)
            .filter(|t| t.at().naive_utc() < to)
        {
            let local = t.at().naive_utc()
                + chrono::TimeDelta::seconds(t.offset_before().local_minus_utc().into());
            for quarter in -12..=12 {
                walls.push((name, local + chrono::TimeDelta::minutes(15 * quarter)));
            }
            at = t.at();
        }
        if CHANGED_IN_2026.contains(name) {
            let mut day = from.date();
            while day < to.date() {
                walls.push((name, day.and_hms_opt(0, 30, 0).unwrap()));
                walls.push((name, day.and_hms_opt(12, 0, 0).unwrap()));
                day = day.succ_opt().unwrap();
            }
        }
    }
    let request: String = walls
        .iter()
        .map(|(name, wall)| format!("{name} {}\n", wall.format("%Y-%m-%dT%H:%M:%S")))
        .collect();
    let Some(output) = common::python("tests/data/python/fold_pairs.py", &request) else {
        return;
    };
    let mut lines = output.lines();
    let version = lines
        .next()
        .and_then(|l| l.strip_prefix("version "))
        .unwrap();
    common::require_tzdb(version, "wall_times_of_2020_to_2035");
    let mut failures = Vec::new();
    let mut changed = 0;
    for ((name, wall), line) in walls.iter().zip(lines.by_ref()) {
        let v: Vec<i64> = line.split(' ').map(|x| x.parse().unwrap()).collect();
        let at = |s: i64| DateTime::from_timestamp(s, 0).unwrap();
        let case = WallCase {
            name,
            zone: Zone::bundled(name).unwrap(),
            parsed: name.parse().unwrap(),
            wall: *wall,
            fold0: at(v[0]),
            fold1: at(v[1]),
            off0: v[2] as i32,
            off1: v[3] as i32,
            transition: None,
        };
        changed += usize::from(CHANGED_IN_2026.contains(name));
        for policy in POLICIES {
            let got = outcome(
                TimezoneAware::new()
                    .default_tz(case.parsed)
                    .disambiguation(policy)
                    .ensure_timezone_aware(case.wall),
            );
            let want = case.expected(policy);
            if got != want {
                failures.push(format!(
                    "{}: expected {}, tzsafe gave {}",
                    case.describe(0, policy, "ensure_timezone_aware"),
                    show_outcome(&want),
                    show_outcome(&got)
                ));
            }
        }
    }
    assert_eq!(lines.next(), None, "one answer a wall time");
    println!("wall_times_of_2020_to_2035: {} wall times x 4 policies ({changed} in the 15 changed zones)", walls.len());
    assert!(changed > 15 * 16 * 365 * 2, "{changed}");
    assert!(
        failures.is_empty(),
        "{} disagreements with CPython (first 40):\n{}",
        failures.len(),
        failures
            .iter()
            .take(40)
            .cloned()
            .collect::<Vec<_>>()
            .join("\n")
    );
}
