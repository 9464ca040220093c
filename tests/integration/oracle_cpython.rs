//! Tests: oracle_cpython — tzsafe's zone resolution against CPython's
//! `zoneinfo` (PEP 495), an independent reading of the system's TZif files.
//!
//! `tests/data/python/ensure_oracle.py` generates 100,000 naive wall times per
//! run and reports, for each, the instants that `fold=0` and `fold=1` give it
//! in its zone. The wall times lie in 1900-9999: half of them near one of the
//! zone's transitions (inside the skipped or repeated interval, on its edges,
//! within hours or days of it; four fifths of these in 1900-2399, the rest in
//! a random later year), the transitions being read from the zone's own TZif
//! data (explicit transitions and the POSIX TZ footer, through CPython's
//! pure-Python zoneinfo, each checked against the C implementation that gives
//! the answers), 2% within five days of 2100-01-01 (where chrono-tz's data
//! ends and tzsafe's tables hand over to the zone's rule), 28% uniformly in
//! 1900-2399 and 20% in 2400-9999; many have sub-second values. Zones: the oddly shaped ones
//! in [`SPECIAL`] (35% of the cases), the common ones in [`COMMON`] (25%) and
//! a random sample of [`SAMPLE`] of all other zones chrono-tz knows (40%).
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
//! zone as a [`Zone`], as a `chrono_tz::Tz` and as a `TimeZone` tzsafe does
//! not know (which takes chrono's generic path): 8 paths. `resolve` must also
//! report what CPython implies: the kind of wall time, the alternative
//! instant of a fold, the shift of a gap (the difference of the two instants),
//! the transition (found by the script in the TZif data) and the offset at
//! the chosen instant. `Zone`'s chrono `offset_from_local_datetime` must give
//! one offset, both (fold=0's first) or none.
//!
//! Then the reverse direction: 30,000 instants (spread like the wall times)
//! against `Zone::offset_at` and `DateTime::with_timezone(&Zone)`.
//!
//! Exclusions, each counted and printed:
//! * the two paths through a `TimeZone` tzsafe does not know are chrono-tz
//!   itself, whose data ends with the transitions of 2099 (its offsets stay
//!   constant afterwards, see [`chrono_tz_data_ends_in_2099`]): they are
//!   compared for wall times before 2100 only. Every other path uses tzsafe's
//!   tables and is compared everywhere; the `edge` records check New York
//!   either side of 2100 (a regression test: tzsafe used to stop there too).
//! * zones listed `all` in `tests/data/tzdata_system_differences.tsv` (the
//!   system's tzdata disagrees with chrono-tz's after 1970 too): never sampled;
//! * zones listed `1970` there (the system has pre-1970 history from backzone):
//!   wall times and instants before 1971, a year of margin. The script still
//!   generates them, reports them as excluded and generates replacements, so
//!   every run compares exactly 100,000 wall times.
//!
//! The comparison needs the system's tzdata to be chrono-tz's release: under
//! CI a different one fails the test, elsewhere it prints a notice and passes,
//! as it does without python3. Likewise every zone offered must be on the
//! system: under CI a missing one fails the test (so every [`SPECIAL`] and
//! [`COMMON`] zone and [`SAMPLE`] others are compared), elsewhere it is
//! printed and the script samples another in its place.
//!
//! The seed is printed; `TZSAFE_SEED=<seed>` reproduces a run, and every
//! disagreement is printed with the seed, zone, wall time, policy and both
//! values.

use std::collections::{BTreeMap, HashMap};
use std::fmt::Write as _;

use chrono::{
    DateTime, FixedOffset, MappedLocalTime, NaiveDate, NaiveDateTime, Offset, SecondsFormat,
    TimeDelta, TimeZone, Utc,
};
use tzsafe::{
    ensure_timezone_aware, resolve, Disambiguation, ErrorKind, Resolution, Resolved, TimezoneAware,
    Zone,
};

use crate::common::{self, END_10000, END_2100, POLICIES, START_1900};

/// Wall times compared per run.
const WALLS: usize = 100_000;
/// Instants compared per run (reverse direction).
const INSTANTS: usize = 30_000;
/// How many of the other zones each run samples.
const SAMPLE: usize = 120;

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

/// The first year compared for zones whose system data has extra pre-1970
/// history: 1970 plus a year of margin.
const BACKZONE_FROM: i32 = 1971;

/// A `TimeZone` tzsafe does not recognise, so that it goes through chrono's
/// `offset_from_local_datetime` rather than tzsafe's tables.
#[derive(Clone, Copy, Debug)]
struct Opaque(chrono_tz::Tz);

#[derive(Clone, Copy, Debug)]
struct OpaqueOffset(chrono_tz::Tz, FixedOffset);

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
    /// `Zone::iana` of the zone.
    zone: Zone,
    /// The zone's name read by `Zone::from_str` (`Zone::UTC` for "UTC").
    parsed: Zone,
    tz: chrono_tz::Tz,
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

/// The zones to offer the script: name -> (class, first year compared).
fn candidate_zones(
    excluded_entirely: &mut Vec<&'static str>,
) -> Vec<(&'static str, &'static str, i32)> {
    let differences = crate::zone_table::system_differences();
    let mut out = Vec::new();
    for tz in chrono_tz::TZ_VARIANTS {
        let name = tz.name();
        let from = match differences.get(name) {
            Some(true) => {
                excluded_entirely.push(name);
                continue;
            }
            Some(false) => BACKZONE_FROM,
            None => 0,
        };
        let class = if SPECIAL.contains(&name) {
            "special"
        } else if COMMON.contains(&name) {
            "common"
        } else {
            "other"
        };
        out.push((name, class, from));
    }
    for name in SPECIAL.iter().chain(&COMMON) {
        assert!(
            out.iter().any(|(n, _, _)| n == name),
            "{name} is not a zone chrono-tz knows or is excluded"
        );
    }
    out
}

/// Runs the script; `None` when it cannot run here (see the module docs).
fn run_oracle(seed: u64, zones: &[(&'static str, &'static str, i32)]) -> Option<String> {
    let mut request = format!("seed {seed} walls {WALLS} instants {INSTANTS} sample {SAMPLE}\n");
    for (name, class, from) in zones {
        writeln!(request, "{name}\t{class}\t{from}").unwrap();
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
    common::require_tzdb(&version, "oracle_cpython").then_some(output)
}

#[test]
fn resolution_agrees_with_cpython_zoneinfo() {
    let seed = common::seed("oracle_cpython");
    let mut excluded_entirely = Vec::new();
    let zones = candidate_zones(&mut excluded_entirely);
    let from_year: HashMap<&str, i32> = zones.iter().map(|(n, _, f)| (*n, *f)).collect();
    let Some(output) = run_oracle(seed, &zones) else {
        return;
    };

    let by_name: HashMap<&'static str, chrono_tz::Tz> = chrono_tz::TZ_VARIANTS
        .iter()
        .map(|tz| (tz.name(), *tz))
        .collect();
    let lookup = |name: &str| -> (&'static str, chrono_tz::Tz) {
        let (&name, &tz) = by_name
            .get_key_value(name)
            .unwrap_or_else(|| panic!("the script sent an unknown zone {name:?}"));
        (name, tz)
    };

    let mut walls = Vec::with_capacity(WALLS);
    let mut instants = Vec::with_capacity(INSTANTS);
    let mut excluded: BTreeMap<&str, usize> = BTreeMap::new();
    let mut missing = Vec::new();
    let mut sampled: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let mut edges = Vec::new();
    let mut done = None;
    for line in output.lines().skip(1) {
        let fields: Vec<&str> = line.split(' ').collect();
        match fields[0] {
            "w" => {
                let (name, tz) = lookup(fields[1]);
                let wall = NaiveDateTime::parse_from_str(fields[2], "%Y-%m-%dT%H:%M:%S%.f")
                    .unwrap_or_else(|e| panic!("{line}: {e}"));
                assert!(
                    wall.and_utc().timestamp() >= START_1900
                        && wall.and_utc().timestamp() < END_10000
                        && chrono::Datelike::year(&wall) >= from_year[name],
                    "the script sent an excluded wall time: {line}"
                );
                walls.push(WallCase {
                    name,
                    zone: Zone::iana(tz),
                    parsed: name.parse().unwrap(),
                    tz,
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
                let (name, tz) = lookup(fields[1]);
                let at = micros(fields[2]);
                assert!(
                    chrono::Datelike::year(&at) >= from_year[name],
                    "the script sent an excluded instant: {line}"
                );
                instants.push((name, tz, at, fields[3].parse::<i32>().unwrap()));
            }
            "x" => {
                let name = lookup(fields[2]).0;
                assert_eq!(
                    from_year[name], BACKZONE_FROM,
                    "the script excluded a value of a zone without exclusions: {line}"
                );
                let what = if fields[1] == "w" {
                    "wall times before 1971 in backzone zones"
                } else {
                    "instants before 1971 in backzone zones"
                };
                *excluded.entry(what).or_default() += 1;
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
    // Every zone offered that the system lacks: a failure under CI.
    common::require_zones(&missing, "oracle_cpython");
    for (class, names) in [("special", &SPECIAL[..]), ("common", &COMMON[..])] {
        let mut compared: Vec<&str> = sampled
            .get(class)
            .map_or(Vec::new(), |v| v.iter().map(String::as_str).collect());
        let mut expected: Vec<&str> = names
            .iter()
            .copied()
            .filter(|name| !missing.iter().any(|m| m == name))
            .collect();
        compared.sort_unstable();
        expected.sort_unstable();
        assert_eq!(compared, expected, "{class} zones compared");
    }
    let others = sampled.get("other").map_or(0, Vec::len);
    assert!(
        others == SAMPLE || (!common::under_ci() && others < SAMPLE && !missing.is_empty()),
        "{others} other zones sampled, expected {SAMPLE}"
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

    // chrono-tz itself (the custom `TimeZone`) has data before 2100 only.
    let before_2100 = |case: &WallCase| case.wall.and_utc().timestamp() < END_2100;
    let through_chrono_tz = walls.iter().filter(|case| before_2100(case)).count();
    for policy in POLICIES {
        let _guard = TimezoneAware::new().disambiguation(policy).enter();
        for case in &walls {
            let custom = before_2100(case);
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
                (
                    "ensure_timezone_aware(&Tz)",
                    outcome(ensure_timezone_aware(case.wall, &case.tz)),
                ),
                (
                    "ensure_timezone_aware(&custom TimeZone)",
                    outcome(ensure_timezone_aware(case.wall, &Opaque(case.tz))),
                ),
            ];
            for (via, got) in got {
                if via.contains("custom") && !custom {
                    continue;
                }
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
                (
                    "resolve(&Tz)",
                    resolved_outcome(resolve(case.wall, &case.tz)),
                ),
                (
                    "resolve(&custom TimeZone)",
                    resolved_outcome(resolve(case.wall, &Opaque(case.tz))),
                ),
            ];
            for (via, got) in got {
                if via.contains("custom") && !custom {
                    continue;
                }
                if got != want {
                    failures.push(format!(
                        "{}: expected {want:?}, tzsafe gave {got:?}",
                        case.describe(seed, policy, via)
                    ));
                }
            }
        }
    }

    for (name, tz, at, offset) in &instants {
        let zone = Zone::iana(*tz);
        let got = [
            ("Zone::offset_at", zone.offset_at(at).local_minus_utc()),
            (
                "DateTime::with_timezone(&Zone)",
                at.with_timezone(&zone).offset().fix().local_minus_utc(),
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
    let [(ny, summer_2099, python_2099), (_, summer_2100, python_2100)] = edges[..] else {
        panic!("expected two edge records, got {edges:?}");
    };
    let zone = Zone::iana(ny);
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
        "oracle_cpython: {} wall times ({shapes:?}; {} in 1900-2399, {} in 2400-9999) x {} policies x 8 paths ({} wall times before 2100 through chrono-tz, 6 paths for the others), {} instants x 2 paths",
        walls.len(),
        years(|y, limit| y < limit),
        years(|y, limit| y >= limit),
        POLICIES.len(),
        through_chrono_tz,
        instants.len()
    );
    for (class, names) in &sampled {
        println!("  {class} zones ({}): {}", names.len(), names.join(" "));
    }
    println!(
        "  excluded entirely (system tzdata differs after 1970): {}",
        excluded_entirely.join(" ")
    );
    for (what, count) in &excluded {
        println!("  excluded: {count} {what} (generated and replaced)");
    }
    if !missing.is_empty() {
        println!("  not on this system: {}", missing.join(" "));
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
#[test]
fn chrono_tz_data_ends_in_2099() {
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
