//! `ensure_timezone_aware`, `resolve` and the four DST policies: test262's
//! Temporal cases, every gap and fold of six oddly shaped zones from the IANA
//! 2025b dump, and hand-checked values for each of those zones.

use chrono::{DateTime, FixedOffset, NaiveDate, NaiveDateTime, TimeDelta, TimeZone, Timelike, Utc};
use tzsafe::{
    ensure_timezone_aware, resolve, Disambiguation, ErrorKind, MaybeAware, Resolution,
    TimezoneAware, Zone,
};

use crate::common::zone;
use crate::common::{self, POLICIES};

fn wall(text: &str) -> NaiveDateTime {
    let text = if text.len() == 16 {
        format!("{text}:00")
    } else {
        text.to_owned()
    };
    NaiveDateTime::parse_from_str(&text, "%Y-%m-%dT%H:%M:%S").unwrap()
}

fn utc(text: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(text).unwrap().to_utc()
}

/// `value` in `zone` under `policy`, through the ambient context.
fn ensure_with(
    value: impl Into<MaybeAware>,
    zone: &str,
    policy: Disambiguation,
) -> Result<DateTime<Utc>, tzsafe::Error> {
    let tz: Zone = zone.parse().unwrap();
    let value = value.into();
    TimezoneAware::new()
        .disambiguation(policy)
        .scope(|| ensure_timezone_aware(value, &tz))
}

/// test262's `disambiguation_cases`: each case's expected value (an instant,
/// an offset or a wall hour, as the test asserts it) and, for every case that
/// succeeds, CPython zoneinfo's instant and offset.
#[test]
fn test262_disambiguation_cases() {
    let data = common::test262();
    let cases = data["disambiguation_cases"].as_array().unwrap();
    assert_eq!(cases.len(), 43);
    let mut checked = 0;
    for case in cases {
        let zone = case["zone"].as_str().unwrap();
        let value = wall(case["wall_time"].as_str().unwrap());
        let policy: Disambiguation = case["disambiguation"].as_str().unwrap().parse().unwrap();
        let got = ensure_with(value, zone, policy);
        let label = format!("{zone} {value} {policy}");
        assert_eq!(case["agrees_with_zoneinfo"], true, "{label}");
        if case["expected"] == "RangeError" {
            assert_eq!(case["zoneinfo_result"], "RangeError", "{label}");
            let kind = got.expect_err(&label).kind();
            let expected = if case["wall_time_kind"] == "ambiguous(fold)" {
                ErrorKind::Ambiguous
            } else {
                ErrorKind::Nonexistent
            };
            assert_eq!(kind, expected, "{label}");
            checked += 1;
            continue;
        }
        let got = got.expect(&label);
        let zone: Zone = zone.parse().unwrap();
        let offset = zone.offset_at(&got).local_minus_utc();
        // What test262 asserts (some cases only the offset or the wall hour).
        let expected = &case["expected"];
        if let Some(epoch) = expected["epoch_seconds"].as_i64() {
            assert_eq!(got.timestamp(), epoch, "{label}");
        }
        if let Some(text) = expected["offset"].as_str() {
            assert_eq!(offset, common::offset_seconds(text), "{label}");
        }
        if let Some(hour) = expected["wall_hour"].as_u64() {
            let local = got.with_timezone(&zone);
            assert_eq!(u64::from(local.hour()), hour, "{label}");
        }
        // What CPython's zoneinfo gives, for every case.
        let zoneinfo = &case["zoneinfo_result"];
        assert_eq!(
            Some(got.timestamp()),
            zoneinfo["epoch_seconds"].as_i64(),
            "{label}"
        );
        assert_eq!(got.timestamp_subsec_nanos(), 0, "{label}");
        assert_eq!(
            offset,
            common::offset_seconds(zoneinfo["offset"].as_str().unwrap()),
            "{label}"
        );
        checked += 1;
    }
    assert_eq!(checked, 43);
}

/// Every gap and fold of the six zones the issue names, from the IANA dump:
/// the first, a middle and the last second of each ambiguous or skipped range,
/// under every policy, with the expected instant computed from the dump's
/// offsets by the Temporal rules.
#[test]
fn every_transition_of_six_zones() {
    let data = common::tzdata_transitions();
    let zones = [
        "America/New_York",
        "Europe/Dublin",
        "Australia/Lord_Howe",
        "Pacific/Apia",
        "America/Sao_Paulo",
        "Pacific/Chatham",
    ];
    let mut checked = 0;
    for zone in zones {
        for row in &data[zone] {
            if !row.offset_changes {
                continue;
            }
            let before = i64::from(row.offset_before);
            let after = i64::from(row.offset_after);
            let at = row.epoch_seconds;
            let lo = at + before.min(after);
            let hi = at + before.max(after);
            for local in [lo, (lo + hi) / 2, hi - 1] {
                let value = DateTime::from_timestamp(local, 0).unwrap().naive_utc();
                let is_gap = after > before;
                for policy in POLICIES {
                    let got = ensure_with(value, zone, policy);
                    let label = format!("{zone} {value} {policy}");
                    let expected = match (is_gap, policy) {
                        (_, Disambiguation::Reject) => {
                            let kind = if is_gap {
                                ErrorKind::Nonexistent
                            } else {
                                ErrorKind::Ambiguous
                            };
                            assert_eq!(got.expect_err(&label).kind(), kind, "{label}");
                            continue;
                        }
                        (false, Disambiguation::Compatible | Disambiguation::Earlier)
                        | (true, Disambiguation::Compatible | Disambiguation::Later) => {
                            local - before
                        }
                        _ => local - after,
                    };
                    assert_eq!(got.expect(&label).timestamp(), expected, "{label}");
                }
                checked += 1;
            }
            // Just outside the range the wall time is unambiguous.
            for local in [lo - 1, hi] {
                let value = DateTime::from_timestamp(local, 0).unwrap().naive_utc();
                let got = ensure_with(value, zone, Disambiguation::Reject)
                    .unwrap_or_else(|e| panic!("{zone} {value}: {e}"));
                let offset = if local < lo { before } else { after };
                assert_eq!(got.timestamp(), local - offset, "{zone} {value}");
            }
        }
    }
    assert!(checked > 1000, "{checked}");
}

/// Hand-checked cases for each shape, with the wall times and instants spelled
/// out (values confirmed with CPython zoneinfo).
#[test]
fn named_cases() {
    use Disambiguation::*;
    let cases: &[(&str, &str, Disambiguation, &str)] = &[
        // New York: spring forward 02:00 -> 03:00, fall back 02:00 -> 01:00.
        (
            "America/New_York",
            "2026-03-08T02:30",
            Compatible,
            "2026-03-08T07:30:00Z",
        ),
        (
            "America/New_York",
            "2026-03-08T02:30",
            Earlier,
            "2026-03-08T06:30:00Z",
        ),
        (
            "America/New_York",
            "2026-03-08T02:30",
            Later,
            "2026-03-08T07:30:00Z",
        ),
        (
            "America/New_York",
            "2026-11-01T01:30",
            Compatible,
            "2026-11-01T05:30:00Z",
        ),
        (
            "America/New_York",
            "2026-11-01T01:30",
            Later,
            "2026-11-01T06:30:00Z",
        ),
        // Dublin: "negative DST" in the source data; offsets are GMT/IST as usual.
        (
            "Europe/Dublin",
            "2026-03-29T01:30",
            Compatible,
            "2026-03-29T01:30:00Z",
        ),
        (
            "Europe/Dublin",
            "2026-03-29T01:30",
            Earlier,
            "2026-03-29T00:30:00Z",
        ),
        (
            "Europe/Dublin",
            "2026-10-25T01:30",
            Earlier,
            "2026-10-25T00:30:00Z",
        ),
        (
            "Europe/Dublin",
            "2026-10-25T01:30",
            Later,
            "2026-10-25T01:30:00Z",
        ),
        // Lord Howe: 30-minute DST (+10:30 / +11:00).
        (
            "Australia/Lord_Howe",
            "2026-10-04T02:15",
            Compatible,
            "2026-10-03T15:45:00Z",
        ),
        (
            "Australia/Lord_Howe",
            "2026-10-04T02:15",
            Earlier,
            "2026-10-03T15:15:00Z",
        ),
        (
            "Australia/Lord_Howe",
            "2026-04-05T01:45",
            Compatible,
            "2026-04-04T14:45:00Z",
        ),
        (
            "Australia/Lord_Howe",
            "2026-04-05T01:45",
            Later,
            "2026-04-04T15:15:00Z",
        ),
        // Apia skipped 2011-12-30 entirely (-10:00 -> +14:00).
        (
            "Pacific/Apia",
            "2011-12-30T12:00",
            Compatible,
            "2011-12-30T22:00:00Z",
        ),
        (
            "Pacific/Apia",
            "2011-12-30T12:00",
            Earlier,
            "2011-12-29T22:00:00Z",
        ),
        (
            "Pacific/Apia",
            "2011-12-29T23:59",
            Compatible,
            "2011-12-30T09:59:00Z",
        ),
        (
            "Pacific/Apia",
            "2011-12-31T00:00",
            Compatible,
            "2011-12-30T10:00:00Z",
        ),
        // Sao Paulo: DST started at midnight (00:00 -> 01:00), ended 00:00 -> 23:00.
        (
            "America/Sao_Paulo",
            "2018-11-04T00:30",
            Compatible,
            "2018-11-04T03:30:00Z",
        ),
        (
            "America/Sao_Paulo",
            "2018-11-04T00:30",
            Earlier,
            "2018-11-04T02:30:00Z",
        ),
        (
            "America/Sao_Paulo",
            "2019-02-16T23:45",
            Compatible,
            "2019-02-17T01:45:00Z",
        ),
        (
            "America/Sao_Paulo",
            "2019-02-16T23:45",
            Later,
            "2019-02-17T02:45:00Z",
        ),
        // Chatham: +12:45 / +13:45, transitions at 02:45 and 03:45 local.
        (
            "Pacific/Chatham",
            "2026-09-27T03:00",
            Compatible,
            "2026-09-26T14:15:00Z",
        ),
        (
            "Pacific/Chatham",
            "2026-09-27T03:00",
            Earlier,
            "2026-09-26T13:15:00Z",
        ),
        (
            "Pacific/Chatham",
            "2026-04-05T03:00",
            Compatible,
            "2026-04-04T13:15:00Z",
        ),
        (
            "Pacific/Chatham",
            "2026-04-05T03:00",
            Later,
            "2026-04-04T14:15:00Z",
        ),
    ];
    for &(zone, value, policy, expected) in cases {
        let got = ensure_with(wall(value), zone, policy).unwrap();
        assert_eq!(got, utc(expected), "{zone} {value} {policy}");
    }
}

#[test]
fn reject_errors_name_everything() {
    let err = ensure_with(
        wall("2026-03-08T02:30"),
        "America/New_York",
        Disambiguation::Reject,
    )
    .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Nonexistent);
    assert_eq!(
        err.to_string(),
        "2026-03-08T02:30:00 does not exist in America/New_York: clocks jumped from 2026-03-08T02:00:00 to 2026-03-08T03:00:00 at 2026-03-08T07:00:00Z"
    );
    let err = ensure_with(
        wall("2026-11-01T01:30"),
        "America/New_York",
        Disambiguation::Reject,
    )
    .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Ambiguous);
    assert_eq!(
        err.to_string(),
        "2026-11-01T01:30:00 is ambiguous in America/New_York: it occurs at both 2026-11-01T01:30:00-04:00 and 2026-11-01T01:30:00-05:00 (clocks were turned back)"
    );
    let err = ensure_with(
        wall("2011-12-30T12:00"),
        "Pacific/Apia",
        Disambiguation::Reject,
    )
    .unwrap_err();
    assert_eq!(
        err.to_string(),
        "2011-12-30T12:00:00 does not exist in Pacific/Apia: clocks jumped from 2011-12-30T00:00:00 to 2011-12-31T00:00:00 at 2011-12-30T10:00:00Z"
    );
}

// Regression test for: a `Reject` error in America/Sitka printed `+14:59` and
// `-09:01` (chrono's `%:z` drops the seconds) where the offsets are
// `+14:58:47` and `-09:01:13`; it now uses the crate's own writer, which
// `parse` reads back.
#[test]
fn reject_errors_write_offsets_with_their_seconds() {
    // 1867-10-19 in Sitka, the day Alaska was transferred: local mean time
    // moved from +14:58:47 to -09:01:13, so that whole day happened twice.
    let err = ensure_with(
        wall("1867-10-19T12:00"),
        "America/Sitka",
        Disambiguation::Reject,
    )
    .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Ambiguous);
    assert_eq!(
        err.to_string(),
        "1867-10-19T12:00:00 is ambiguous in America/Sitka: it occurs at both \
         1867-10-19T12:00:00+14:58:47 and 1867-10-19T12:00:00-09:01:13 (clocks were turned back)"
    );
    for (instant, offset) in [
        ("1867-10-19T12:00:00+14:58:47", 14 * 3600 + 58 * 60 + 47),
        ("1867-10-19T12:00:00-09:01:13", -(9 * 3600 + 60 + 13)),
    ] {
        let read = tzsafe::parse_aware(instant).unwrap();
        assert_eq!(read.offset().local_minus_utc(), offset, "{instant}");
    }
}

/// An aware value keeps its instant whatever the zone and policy, even when
/// its wall time is skipped (2026-03-08T02:30 in New York) or repeated
/// (2026-11-01T01:30) in that zone, and even when the context refuses naive
/// values.
#[test]
fn aware_values_pass_through() {
    let offset = FixedOffset::east_opt(5 * 3600 + 1800).unwrap();
    for (y, mo, d, h, mi) in [(2026, 3, 8, 2, 30), (2026, 11, 1, 1, 30)] {
        let instant = offset.with_ymd_and_hms(y, mo, d, h, mi, 0).unwrap();
        let expected = instant.to_utc();
        for zone in ["UTC", "America/New_York", "Pacific/Apia"] {
            for policy in POLICIES {
                let got = ensure_with(instant, zone, policy).unwrap();
                assert_eq!(got, expected, "{zone} {policy}");
                let tz: Zone = zone.parse().unwrap();
                let got = TimezoneAware::new()
                    .disambiguation(policy)
                    .reject_naive()
                    .scope(|| ensure_timezone_aware(instant, &tz))
                    .unwrap();
                assert_eq!(got, expected, "{zone} {policy}");
            }
        }
        // The same wall time, naive, means another instant in UTC: the aware
        // value was not read as a wall time.
        assert_ne!(
            ensure_with(instant.naive_local(), "UTC", Disambiguation::Compatible).unwrap(),
            expected
        );
    }
}

/// test262's `hoursInDay` values (`hours_in_day_cases`): the length of a day
/// is the difference between the starts of that day and the next, which is
/// what `Zone::start_of_day` gives for them (and so `LocalDay::start` and
/// `LocalDay::end` of the discount model); each day's start is
/// CPython zoneinfo's. And `startOfDay` where midnight is skipped by a gap
/// crossing it (`start_of_day_cases`: Toronto, 1919-03-31, starts at 00:30).
#[test]
fn test262_hours_in_day_and_start_of_day() {
    let data = common::test262();
    let cases = data["hours_in_day_cases"].as_array().unwrap();
    assert_eq!(cases.len(), 10);
    for case in cases {
        let name = case["zone"].as_str().unwrap();
        let date: NaiveDate = case["date"].as_str().unwrap().parse().unwrap();
        let zone = name.parse::<Zone>().unwrap();
        let day = format!("{date} in {zone}");
        let (start, end) = (
            zone.start_of_day(date).unwrap(),
            zone.start_of_day(date.succ_opt().unwrap()).unwrap(),
        );
        let hours = case["expected_hours_in_day"].as_f64().unwrap();
        assert_eq!(case["agrees_with_zoneinfo"], true, "{day}");
        assert_eq!(case["zoneinfo_hours_in_day"].as_f64(), Some(hours), "{day}");
        assert_eq!((end - start).subsec_nanos(), 0, "{day}");
        let seconds = (end - start).num_seconds();
        assert_eq!(seconds, (hours * 3600.0).round() as i64, "{day}");
        // Temporal divides the day's nanoseconds by 3.6e12: the same double.
        assert_eq!(seconds as f64 / 3600.0, hours, "{day}");
        assert_eq!(
            start,
            utc(case["zoneinfo_start_of_day"].as_str().unwrap()),
            "{day}"
        );
    }
    let cases = data["start_of_day_cases"].as_array().unwrap();
    assert_eq!(cases.len(), 1);
    for case in cases {
        let name = case["zone"].as_str().unwrap();
        let date: NaiveDate = case["date"].as_str().unwrap().parse().unwrap();
        let zone: Zone = name.parse().unwrap();
        assert_eq!(case["agrees_with_zoneinfo"], true, "{name} {date}");
        let start = zone.start_of_day(date).unwrap();
        assert_eq!(
            start,
            utc(case["zoneinfo_start_of_day"].as_str().unwrap()),
            "{name} {date}"
        );
        let wall = start.with_timezone(&zone).naive_local();
        assert_eq!(wall.date(), date);
        assert_eq!(
            wall.time().format("%H:%M").to_string(),
            case["expected_start_of_day_wall"].as_str().unwrap()
        );
        // Not midnight read with Compatible, which lands 30 minutes later.
        let compatible = ensure_with(
            date.and_hms_opt(0, 0, 0).unwrap(),
            name,
            Disambiguation::Compatible,
        )
        .unwrap();
        assert_eq!(
            compatible,
            utc(case["zoneinfo_midnight_compatible"].as_str().unwrap())
        );
        assert_eq!(compatible - start, TimeDelta::minutes(30));
    }
}

#[test]
fn every_kind_of_time_zone_argument() {
    let value = wall("2026-07-01T12:00");
    let expected = utc("2026-07-01T16:00:00Z");
    let ny = zone("America/New_York");
    assert_eq!(ensure_timezone_aware(value, &ny).unwrap(), expected);
    #[cfg(feature = "chrono-tz")]
    assert_eq!(
        ensure_timezone_aware(value, &chrono_tz::America::New_York).unwrap(),
        expected
    );
    let fixed = FixedOffset::west_opt(4 * 3600).unwrap();
    assert_eq!(ensure_timezone_aware(value, &fixed).unwrap(), expected);
    assert_eq!(
        ensure_timezone_aware(value, &Utc).unwrap(),
        utc("2026-07-01T12:00:00Z")
    );
    // chrono::Local goes through chrono's generic path; whatever the machine's
    // zone, the result agrees with chrono's own earliest reading.
    let local = chrono::Local;
    match local.from_local_datetime(&value).earliest() {
        Some(dt) => assert_eq!(ensure_timezone_aware(value, &local).unwrap(), dt.to_utc()),
        None => assert!(ensure_timezone_aware(value, &local).is_ok()),
    }
}

/// A `TimeZone` that tzsafe does not know goes through chrono's generic API,
/// which must give the same answers as the fast path.
#[test]
fn unknown_time_zone_types_use_the_generic_path() {
    #[derive(Clone, Copy)]
    struct Wrapped(Zone);
    impl TimeZone for Wrapped {
        type Offset = <Zone as TimeZone>::Offset;
        fn from_offset(offset: &Self::Offset) -> Self {
            Wrapped(Zone::from_offset(offset))
        }
        fn offset_from_local_date(
            &self,
            local: &NaiveDate,
        ) -> chrono::MappedLocalTime<Self::Offset> {
            #[allow(deprecated)]
            self.0.offset_from_local_date(local)
        }
        fn offset_from_local_datetime(
            &self,
            local: &NaiveDateTime,
        ) -> chrono::MappedLocalTime<Self::Offset> {
            self.0.offset_from_local_datetime(local)
        }
        fn offset_from_utc_date(&self, utc: &NaiveDate) -> Self::Offset {
            #[allow(deprecated)]
            self.0.offset_from_utc_date(utc)
        }
        fn offset_from_utc_datetime(&self, utc: &NaiveDateTime) -> Self::Offset {
            self.0.offset_from_utc_datetime(utc)
        }
    }
    for zone in [
        "America/New_York",
        "Pacific/Apia",
        "Australia/Lord_Howe",
        "Europe/Dublin",
    ] {
        let tz: Zone = zone.parse().unwrap();
        let mut at = DateTime::from_timestamp(1_262_304_000, 0).unwrap(); // 2010
        for _ in 0..12 {
            let transition = tz.next_transition(&at).unwrap();
            at = transition.at();
            let local = at.naive_utc()
                + TimeDelta::seconds(tz.offset_from_utc_datetime(&at.naive_utc()).fix_seconds())
                - TimeDelta::minutes(10);
            for probe in [
                local,
                local + TimeDelta::minutes(20),
                local + TimeDelta::minutes(40),
            ] {
                for policy in POLICIES {
                    let ctx = TimezoneAware::new().disambiguation(policy);
                    let fast = ctx.scope(|| resolve(probe, &tz));
                    let generic = ctx.scope(|| resolve(probe, &Wrapped(tz)));
                    match (fast, generic) {
                        (Ok(a), Ok(b)) => assert_eq!(a, b, "{zone} {probe} {policy}"),
                        (Err(a), Err(b)) => {
                            assert_eq!(a.kind(), b.kind());
                            // Only the zone's name differs in the message.
                            assert_eq!(
                                a.to_string().replace(zone, "Z"),
                                b.to_string().replace(std::any::type_name::<Wrapped>(), "Z"),
                            );
                        }
                        (a, b) => panic!("{zone} {probe} {policy}: {a:?} vs {b:?}"),
                    }
                }
            }
        }
    }
}

trait FixSeconds {
    fn fix_seconds(&self) -> i64;
}

impl<O: chrono::Offset> FixSeconds for O {
    fn fix_seconds(&self) -> i64 {
        self.fix().local_minus_utc().into()
    }
}

#[test]
fn resolution_reports() {
    let ny = zone("America/New_York");
    let r = resolve(wall("2026-07-01T12:00"), &ny).unwrap();
    assert_eq!(r.resolution(), Resolution::Unambiguous);
    assert_eq!(r.offset().local_minus_utc(), -4 * 3600);
    assert_eq!(r.fixed_offset().to_rfc3339(), "2026-07-01T12:00:00-04:00");

    let r = resolve(wall("2026-03-08T02:30"), &ny).unwrap();
    assert_eq!(r.fixed_offset().to_rfc3339(), "2026-03-08T03:30:00-04:00");

    let r = TimezoneAware::new()
        .disambiguation(Disambiguation::Later)
        .scope(|| resolve(wall("2026-11-01T01:30"), &ny))
        .unwrap();
    assert_eq!(r.instant(), utc("2026-11-01T06:30:00Z"));
    assert_eq!(
        r.resolution(),
        Resolution::Fold {
            alternative: utc("2026-11-01T05:30:00Z"),
            took_earlier: false,
            transition: utc("2026-11-01T06:00:00Z"),
        }
    );

    let r = TimezoneAware::new()
        .disambiguation(Disambiguation::Earlier)
        .scope(|| resolve(wall("2011-12-30T12:00"), &zone("Pacific/Apia")))
        .unwrap();
    assert_eq!(r.instant(), utc("2011-12-29T22:00:00Z"));
    assert_eq!(r.fixed_offset().to_rfc3339(), "2011-12-29T12:00:00-10:00");
    assert_eq!(
        r.resolution(),
        Resolution::Gap {
            shift: TimeDelta::hours(-24),
            transition: utc("2011-12-30T10:00:00Z"),
        }
    );

    let aware: MaybeAware = MaybeAware::Aware(
        FixedOffset::east_opt(3600)
            .unwrap()
            .with_ymd_and_hms(2026, 1, 1, 0, 0, 0)
            .unwrap(),
    );
    let r = resolve(aware, &ny).unwrap();
    assert_eq!(r.resolution(), Resolution::Aware);
    assert_eq!(r.offset().local_minus_utc(), 3600);
}

/// Values at chrono's limits give an out-of-range error, never a panic.
#[test]
fn limits_are_errors_not_panics() {
    let zones: Vec<Zone> = vec![
        Zone::UTC,
        "-12:00".parse().unwrap(),
        "+14:00".parse().unwrap(),
        "America/New_York".parse().unwrap(),
        "Pacific/Kiritimati".parse().unwrap(),
        "America/Sao_Paulo".parse().unwrap(),
    ];
    for zone in &zones {
        for value in [NaiveDateTime::MAX, NaiveDateTime::MIN] {
            for policy in POLICIES {
                let got = TimezoneAware::new()
                    .disambiguation(policy)
                    .scope(|| ensure_timezone_aware(value, zone));
                if let Err(err) = got {
                    assert_eq!(err.kind(), ErrorKind::OutOfRange, "{zone} {value}");
                }
                let _ = TimezoneAware::new()
                    .disambiguation(policy)
                    .scope(|| resolve(value, zone));
            }
        }
    }
    let err = ensure_timezone_aware(NaiveDateTime::MAX, &zone("America/New_York")).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::OutOfRange);
    assert_eq!(
        err.to_string(),
        "+262142-12-31T23:59:59.999999999 at offset -05:00 is outside the range of representable instants (years -262143 to 262142)"
    );
    let ok = ensure_timezone_aware(NaiveDateTime::MIN, &zone("America/New_York")).unwrap();
    assert_eq!(
        ok.naive_utc(),
        NaiveDateTime::MIN + TimeDelta::seconds(17_762)
    );
}

/// A chrono leap second (nanosecond >= 1e9) keeps its representation through
/// resolution, also when a gap shifts it.
// Regression test for: fuzz target `ensure`, crash-d04399a8 (Europe/Malta,
// 2011-03-27T02:59:60.75, a leap second inside the spring-forward gap); the
// harness compared with chrono's `+`, which folds leap seconds.
#[test]
fn leap_seconds_survive_resolution() {
    let leap = NaiveDate::from_ymd_opt(2011, 3, 27)
        .unwrap()
        .and_hms_nano_opt(2, 59, 59, 1_750_859_776)
        .unwrap();
    let malta = zone("Europe/Malta");
    let r = resolve(leap, &malta).unwrap();
    assert_eq!(
        r.instant().to_rfc3339(),
        "2011-03-27T01:59:60.750859776+00:00"
    );
    assert_eq!(
        r.resolution(),
        Resolution::Gap {
            shift: TimeDelta::hours(1),
            transition: utc("2011-03-27T01:00:00Z")
        }
    );
    assert_eq!(
        r.fixed_offset().to_rfc3339(),
        "2011-03-27T03:59:60.750859776+02:00"
    );
    let plain = resolve(leap.with_nanosecond(750_859_776).unwrap(), &malta).unwrap();
    assert_eq!(r.instant().timestamp(), plain.instant().timestamp());
    // Regression test for: fuzz target `ensure` (its harness), `Earlier` in
    // the same gap. It keeps the leap second too, exactly `shift` before the
    // `Compatible` instant as offset arithmetic reads it; chrono's `-` would
    // move the leap second to the next second instead.
    let earlier = TimezoneAware::new()
        .disambiguation(Disambiguation::Earlier)
        .scope(|| resolve(leap, &malta))
        .unwrap();
    assert_eq!(
        earlier.instant().to_rfc3339(),
        "2011-03-27T00:59:60.750859776+00:00"
    );
    assert_eq!(
        earlier.resolution(),
        Resolution::Gap {
            shift: TimeDelta::hours(-1),
            transition: utc("2011-03-27T01:00:00Z")
        }
    );
    assert_eq!(
        (r.instant() - TimeDelta::hours(1)).to_rfc3339(),
        "2011-03-27T01:00:00.750859776+00:00"
    );
}
