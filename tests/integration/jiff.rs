//! jiff as a peer of chrono (feature `jiff`): conversions exact to the
//! nanosecond over jiff's whole range, the limits exactly, the errors where
//! the ranges differ, jiff values through every free function and the
//! context, jiff durations and instants where clocks are set and moved, and
//! `jiff::Timestamp` fields in every serde `with` module.
//!
//! Zone rules against jiff's own (on the same tz data) are in
//! `verify/tests/jiff_interop.rs`.

use chrono::{DateTime, Datelike, FixedOffset, NaiveDate, NaiveDateTime, TimeDelta, Timelike, Utc};
use jiff::{civil, tz, SignedDuration, Timestamp, ZonedDateTime};
use proptest::prelude::*;
use tzsafe::{
    ensure_timezone_aware, is_future_datetime, is_past_datetime, parse, resolve, safe_cmp,
    safe_datetime_compare, CmpOp, ErrorKind, IntoInstant, IntoTimeDelta, ManualClock, MaybeAware,
    OffsetClock, Resolution, TimezoneAware, ToJiff, Zone,
};

/// Any timestamp in jiff's range, with nanoseconds.
fn any_timestamp() -> impl Strategy<Value = Timestamp> {
    (
        Timestamp::MIN.as_second()..=Timestamp::MAX.as_second(),
        0i32..1_000_000_000,
    )
        .prop_map(|(s, n)| Timestamp::new(s, n).unwrap())
}

/// Any civil datetime in jiff's range (years -9999 to 9999), with nanoseconds.
fn any_civil() -> impl Strategy<Value = civil::DateTime> {
    (
        -9999i16..=9999,
        1i8..=12,
        1i8..=31,
        0i8..24,
        0i8..60,
        0i8..60,
        0i32..1_000_000_000,
    )
        .prop_map(|(y, m, d, h, mi, s, n)| {
            let d = d.min(civil::date(y, m, 1).days_in_month());
            civil::DateTime::new(y, m, d, h, mi, s, n).unwrap()
        })
}

/// Any offset jiff allows (±25:59:59), to the second.
fn any_jiff_offset() -> impl Strategy<Value = tz::Offset> {
    (-93_599i32..=93_599).prop_map(|s| tz::Offset::from_seconds(s).unwrap())
}

fn utc(text: &str) -> DateTime<Utc> {
    tzsafe::parse_rfc3339(text).unwrap().to_utc()
}

fn ny() -> Zone {
    "America/New_York".parse().unwrap()
}

proptest! {
    #[test]
    fn timestamps_round_trip_to_the_nanosecond(ts in any_timestamp()) {
        let value = MaybeAware::from(ts);
        let aware = value.aware().unwrap();
        prop_assert_eq!(aware.offset().local_minus_utc(), 0);
        // The same instant, counted in nanoseconds.
        let nanos = i128::from(aware.timestamp()) * 1_000_000_000 + i128::from(aware.timestamp_subsec_nanos());
        prop_assert_eq!(nanos, ts.as_nanosecond());
        prop_assert_eq!(Timestamp::try_from(value).unwrap(), ts);
        prop_assert_eq!(aware.to_utc().to_jiff().unwrap(), ts);
        prop_assert_eq!(ts.into_utc(), aware.to_utc());
        prop_assert_eq!(MaybeAware::from(&ts), value);
    }

    #[test]
    fn chrono_instants_in_jiffs_range_round_trip(ts in any_timestamp()) {
        let at = ts.into_utc();
        let jiff = at.to_jiff().unwrap();
        prop_assert_eq!(jiff.into_utc(), at);
        prop_assert_eq!(MaybeAware::from(at), MaybeAware::from(jiff));
    }

    #[test]
    fn civil_datetimes_round_trip(dt in any_civil()) {
        let value = MaybeAware::from(dt);
        let naive = value.naive().unwrap();
        prop_assert_eq!(
            (naive.year(), naive.month(), naive.day(), naive.hour(), naive.minute(), naive.second(), naive.nanosecond()),
            (i32::from(dt.year()), dt.month() as u32, dt.day() as u32, dt.hour() as u32, dt.minute() as u32, dt.second() as u32, dt.subsec_nanosecond() as u32),
        );
        prop_assert_eq!(civil::DateTime::try_from(value).unwrap(), dt);
        prop_assert_eq!(naive.to_jiff().unwrap(), dt);
        prop_assert_eq!(MaybeAware::from(&dt), value);
        // tzsafe reads what jiff writes, to the same value.
        prop_assert_eq!(parse(&dt.to_string()).unwrap(), value);
    }

    #[test]
    fn zoned_datetimes_keep_instant_and_offset(ts in any_timestamp(), offset in any_jiff_offset()) {
        let zdt = ts.to_zoned_datetime(offset.to_time_zone());
        let value = MaybeAware::from(&zdt);
        let aware = value.aware().unwrap();
        prop_assert_eq!(aware.to_utc(), ts.into_utc());
        let expected = offset.seconds().clamp(-86_399, 86_399);
        prop_assert_eq!(aware.offset().local_minus_utc(), expected);
        if offset.seconds().abs() < 86_400 {
            // Within chrono's offsets: the same wall time, and back to an equal value.
            prop_assert_eq!(value.wall_time().unwrap().to_jiff().unwrap(), zdt.datetime());
            let back = ZonedDateTime::try_from(value).unwrap();
            prop_assert_eq!(back.timestamp(), ts);
            prop_assert_eq!(back.offset(), offset);
        }
        prop_assert_eq!(zdt.into_utc(), ts.into_utc());
    }

    #[test]
    fn durations_round_trip(secs in -9_223_372_036_854_775i64..=9_223_372_036_854_775, nanos in -999_999_999i32..=999_999_999) {
        let d = SignedDuration::new(secs, nanos);
        let delta = d.into_time_delta();
        if delta != TimeDelta::MAX && delta != TimeDelta::MIN {
            prop_assert_eq!(delta.to_jiff().unwrap(), d);
            prop_assert_eq!(i128::from(delta.num_seconds()) * 1_000_000_000 + i128::from(delta.subsec_nanos()), d.as_nanos());
        }
    }

    #[test]
    fn ensure_on_civil_equals_ensure_on_its_naive(dt in any_civil()) {
        let naive = MaybeAware::from(dt).naive().unwrap();
        let zone = ny();
        let ours = ensure_timezone_aware(dt, &zone);
        let chrono = ensure_timezone_aware(naive, &zone);
        prop_assert_eq!(ours.map_err(|e| e.to_string()), chrono.map_err(|e| e.to_string()));
    }
}

#[test]
fn the_limits_exactly() {
    // jiff's latest wall time and earliest one.
    let last = civil::date(9999, 12, 31).at(23, 59, 59, 999_999_999);
    assert_eq!(last, civil::DateTime::MAX);
    assert_eq!(
        MaybeAware::from(last).to_string(),
        "9999-12-31T23:59:59.999999999"
    );
    assert_eq!(
        civil::DateTime::try_from(MaybeAware::from(last)).unwrap(),
        last
    );
    let first = civil::date(-9999, 1, 1).at(0, 0, 0, 0);
    assert_eq!(first, civil::DateTime::MIN);
    assert_eq!(
        MaybeAware::from(first).to_string(),
        "-009999-01-01T00:00:00"
    );
    assert_eq!(
        civil::DateTime::try_from(MaybeAware::from(first)).unwrap(),
        first
    );

    // One nanosecond outside, from chrono's side.
    let naive = |text: &str| MaybeAware::Naive(tzsafe::parse_naive(text).unwrap());
    let after = naive("+010000-01-01T00:00:00");
    let err = civil::DateTime::try_from(after).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::OutOfRange);
    assert_eq!(
        err.to_string(),
        "+010000-01-01T00:00:00 is outside the range of jiff::civil::DateTime (years -9999 to 9999)"
    );
    let before = MaybeAware::Naive(
        NaiveDate::from_ymd_opt(-10_000, 12, 31)
            .unwrap()
            .and_hms_nano_opt(23, 59, 59, 999_999_999)
            .unwrap(),
    );
    assert_eq!(
        civil::DateTime::try_from(before).unwrap_err().kind(),
        ErrorKind::OutOfRange
    );

    // Timestamps: jiff's limits and a nanosecond beyond each.
    assert_eq!(
        MaybeAware::from(Timestamp::MAX).to_string(),
        "9999-12-30T22:00:00.999999999Z"
    );
    assert_eq!(
        MaybeAware::from(Timestamp::MIN).to_string(),
        "-009999-01-02T01:59:59Z"
    );
    let max = Timestamp::MAX.into_utc();
    assert_eq!(max.to_jiff().unwrap(), Timestamp::MAX);
    let err = (max + TimeDelta::nanoseconds(1)).to_jiff().unwrap_err();
    assert_eq!(err.kind(), ErrorKind::OutOfRange);
    assert_eq!(
        err.to_string(),
        "9999-12-30T22:00:01Z is outside the range of jiff::Timestamp \
         (-009999-01-02T01:59:59Z to 9999-12-30T22:00:00.999999999Z)"
    );
    let min = Timestamp::MIN.into_utc();
    assert_eq!(
        Timestamp::try_from(MaybeAware::from(min)).unwrap(),
        Timestamp::MIN
    );
    let err = Timestamp::try_from(MaybeAware::from(min - TimeDelta::nanoseconds(1))).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::OutOfRange);
    assert_eq!(
        err.to_string(),
        "-009999-01-02T01:59:58.999999999Z is outside the range of jiff::Timestamp \
         (-009999-01-02T01:59:59Z to 9999-12-30T22:00:00.999999999Z)"
    );
    // An instant in range with an offset that puts its wall time past 9999
    // converts: the offset goes with it.
    let late = parse("9999-12-30T23:00:00.999999999+01:00").unwrap();
    assert_eq!(Timestamp::try_from(late).unwrap(), Timestamp::MAX);
    assert_eq!(
        ZonedDateTime::try_from(late).unwrap().to_string(),
        "9999-12-30T23:00:00.999999999+01:00[+01:00]"
    );
}

#[test]
fn wrong_kinds_name_the_value() {
    let aware = parse("2026-11-26T09:30:00.120+05:30").unwrap();
    let naive = parse("2026-11-26T09:30:00.120").unwrap();
    let err = civil::DateTime::try_from(aware).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::WrongKind);
    assert_eq!(
        err.to_string(),
        "2026-11-26T09:30:00.120+05:30 has a UTC offset; a jiff::civil::DateTime would drop it \
         (convert to jiff::Timestamp or jiff::ZonedDateTime instead)"
    );
    for (err, target) in [
        (Timestamp::try_from(naive).unwrap_err(), "jiff::Timestamp"),
        (
            ZonedDateTime::try_from(naive).unwrap_err(),
            "jiff::ZonedDateTime",
        ),
    ] {
        assert_eq!(err.kind(), ErrorKind::WrongKind);
        assert_eq!(
            err.to_string(),
            format!(
                "2026-11-26T09:30:00.120 has no UTC offset; read it in a zone with \
                 ensure_timezone_aware before converting to {target}"
            )
        );
    }
}

#[test]
fn leap_seconds_become_the_last_nanosecond() {
    let leap = parse("2016-12-31T23:59:60.5Z").unwrap();
    assert_eq!(
        Timestamp::try_from(leap).unwrap().to_string(),
        "2016-12-31T23:59:59.999999999Z"
    );
    let leap = parse("2016-12-31T23:59:60").unwrap();
    assert_eq!(
        civil::DateTime::try_from(leap).unwrap(),
        civil::date(2016, 12, 31).at(23, 59, 59, 999_999_999)
    );
}

#[test]
fn offsets_beyond_chronos_are_clamped_keeping_the_instant() {
    let ts: Timestamp = "2026-11-26T09:30:00Z".parse().unwrap();
    let far = ts.to_zoned_datetime(tz::Offset::from_seconds(25 * 3600).unwrap().to_time_zone());
    let value = MaybeAware::from(far);
    assert_eq!(value.to_string(), "2026-11-27T09:29:59+23:59:59");
    assert!(safe_cmp(value, ts).unwrap().is_eq());
}

#[test]
fn free_functions_take_jiff_values() {
    let zone = ny();
    let fold = civil::date(2026, 11, 1).at(1, 30, 0, 0);
    assert_eq!(
        ensure_timezone_aware(fold, &zone).unwrap(),
        utc("2026-11-01T05:30:00Z")
    );
    let r = resolve(fold, &zone).unwrap();
    assert_eq!(r.offset().to_jiff().unwrap(), tz::offset(-4));
    assert!(matches!(
        r.resolution(),
        Resolution::Fold {
            took_earlier: true,
            ..
        }
    ));

    let now: Timestamp = "2026-11-01T05:45:00Z".parse().unwrap();
    let ctx = TimezoneAware::new().default_tz(zone).frozen_at(now);
    let _guard = ctx.enter();
    assert!(is_past_datetime(fold).unwrap()); // 01:30 EDT = 05:30Z
    assert!(is_future_datetime(now + SignedDuration::from_nanos(1)).unwrap());
    assert!(!is_past_datetime(now).unwrap() && !is_future_datetime(now).unwrap());
    let zoned = now.to_zoned_datetime(tz::offset(-4).to_time_zone());
    assert!(safe_cmp(&zoned, now).unwrap().is_eq()); // by reference, as chrono's
    assert!(safe_cmp(fold, &zoned).unwrap().is_lt());
    assert!(safe_datetime_compare(fold, utc("2026-11-01T05:30:00Z"), CmpOp::Eq).unwrap());
    // Mixed with chrono values, as instants.
    assert!(safe_cmp(now, utc("2026-11-01T05:45:00.000000001Z"))
        .unwrap()
        .is_lt());
    assert_eq!(
        ctx.ensure_timezone_aware(fold).unwrap(),
        utc("2026-11-01T05:30:00Z")
    );
    assert!(ctx.cmp(fold, now).unwrap().is_lt());
    assert!(ctx.is_past(fold).unwrap());
    assert!(ctx
        .is_future(civil::date(2026, 11, 1).at(1, 46, 0, 0))
        .unwrap()); // Compatible: the first 01:46
    assert!(matches!(
        ctx.resolve(fold).unwrap().resolution(),
        Resolution::Fold { .. }
    ));
}

#[test]
fn clocks_are_set_and_moved_with_jiff_values() {
    let start: Timestamp = "2026-11-26T09:30:00Z".parse().unwrap();
    let ctx = TimezoneAware::new().frozen_at(start);
    assert_eq!(ctx.now_timestamp(), start);
    assert_eq!(
        ctx.advance(SignedDuration::new(90, 5)).unwrap(),
        utc("2026-11-26T09:31:30.000000005Z")
    );
    let later: ZonedDateTime = "2026-11-26T12:00:00-05:00[-05:00]".parse().unwrap();
    assert_eq!(ctx.set(&later).unwrap(), utc("2026-11-26T17:00:00Z"));
    assert_eq!(ctx.set(later.clone()).unwrap(), utc("2026-11-26T17:00:00Z"));
    let guard = ctx.enter();
    guard.advance(SignedDuration::from_mins(-1)).unwrap();
    assert_eq!(tzsafe::now_timestamp().to_string(), "2026-11-26T16:59:00Z");
    guard.set(start).unwrap();
    assert_eq!(tzsafe::utcnow_aware(), start.into_utc());
    drop(guard);

    // Out of chrono's range: refused, the clock stays.
    let err = ctx.advance(SignedDuration::MAX).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::OutOfRange);
    assert_eq!(ctx.now_timestamp(), start);
    // ManualClock saturates, and now_timestamp saturates at jiff's limit.
    let clock = ManualClock::new(start);
    assert_eq!(clock.advance(SignedDuration::MAX), DateTime::<Utc>::MAX_UTC);
    let far = TimezoneAware::new().clock(clock);
    assert_eq!(far.now_timestamp(), Timestamp::MAX);
    assert_eq!(
        far.now().to_jiff().unwrap_err().kind(),
        ErrorKind::OutOfRange
    );
    let past = TimezoneAware::new().frozen_at(DateTime::<Utc>::MIN_UTC);
    assert_eq!(past.now_timestamp(), Timestamp::MIN);

    let tomorrow = OffsetClock::new(SignedDuration::from_hours(24));
    assert_eq!(tomorrow.offset(), TimeDelta::hours(24));
}

#[test]
fn results_convert_with_to_jiff() {
    let naive: NaiveDateTime = tzsafe::parse_naive("2026-11-26T09:30:00.5").unwrap();
    assert_eq!(
        naive.to_jiff().unwrap(),
        civil::date(2026, 11, 26).at(9, 30, 0, 500_000_000)
    );
    let offset = FixedOffset::west_opt(3 * 3600 + 1800).unwrap();
    assert_eq!(
        offset.to_jiff().unwrap(),
        tz::Offset::from_seconds(-12_600).unwrap()
    );
    assert_eq!(
        TimeDelta::MIN.to_jiff().unwrap(),
        SignedDuration::from_millis(-i64::MAX)
    );
    let at = parse("2026-11-26T09:30:00+05:30").unwrap().aware().unwrap();
    assert_eq!(at.to_jiff().unwrap().to_string(), "2026-11-26T04:00:00Z");
}

#[cfg(feature = "serde")]
mod serde_fields {
    use chrono::{DateTime, FixedOffset, TimeDelta, Utc};
    use jiff::Timestamp;
    use proptest::prelude::*;
    use serde::{Deserialize, Serialize};
    use serde_json::Value;
    use tzsafe::serde::{
        ambient, assume_utc, aware_only, numeric_offset, unix_millis, unix_seconds,
    };
    use tzsafe::{IntoInstant, MaybeAware, TimezoneAware, ToJiff, Zone};

    use super::any_timestamp;

    tzsafe::serde::in_zone!(mod new_york = "America/New_York");

    type Read<T> = fn(Value) -> Result<T, serde_json::Error>;
    /// A module's name and its reader for each field type.
    type Module = (&'static str, Read<Timestamp>, Read<DateTime<Utc>>);

    /// The string modules, by name, for both field types.
    fn string_modules() -> [Module; 4] {
        [
            (
                "ambient",
                ambient::deserialize::<Timestamp, _>,
                ambient::deserialize::<DateTime<Utc>, _>,
            ),
            (
                "assume_utc",
                assume_utc::deserialize::<Timestamp, _>,
                assume_utc::deserialize::<DateTime<Utc>, _>,
            ),
            (
                "aware_only",
                aware_only::deserialize::<Timestamp, _>,
                aware_only::deserialize::<DateTime<Utc>, _>,
            ),
            (
                "in_zone!",
                new_york::deserialize::<Timestamp, _>,
                new_york::deserialize::<DateTime<Utc>, _>,
            ),
        ]
    }

    /// The forms a service writes an instant in: RFC 3339 with `Z` and with an
    /// offset, CPython's `isoformat()` and `str()`, naive.
    fn forms(at: DateTime<Utc>, offset: FixedOffset) -> Vec<String> {
        let local = MaybeAware::Aware(at.with_timezone(&offset)).to_string();
        let naive = MaybeAware::Naive(at.naive_utc()).to_string();
        vec![
            MaybeAware::from(at).to_string(),
            local.clone(),
            local.replacen('T', " ", 1),
            naive.clone(),
            naive.replacen('T', " ", 1),
            format!("{naive}+00:00"),
        ]
    }

    proptest! {
        /// A `jiff::Timestamp` field reads every form a `DateTime<Utc>` field
        /// reads, to the same instant, or fails with the same message, in
        /// every string module (under a New York context for `ambient`).
        #[test]
        fn jiff_fields_read_what_chrono_fields_read(ts in any_timestamp(), secs in -86_399i32..86_400) {
            let offset = FixedOffset::east_opt(secs).unwrap();
            let ctx = TimezoneAware::new().default_tz("America/New_York".parse::<Zone>().unwrap());
            let _guard = ctx.enter();
            for text in forms(ts.into_utc(), offset) {
                for (name, jiff, chrono) in string_modules() {
                    let ours = jiff(Value::String(text.clone())).map_err(|e| e.to_string());
                    let theirs = chrono(Value::String(text.clone())).map_err(|e| e.to_string());
                    match (&ours, theirs) {
                        (Ok(got), Ok(at)) => prop_assert_eq!(got.into_utc(), at, "{} {}", name, text),
                        (Err(a), Err(b)) => prop_assert_eq!(a, &b, "{} {}", name, text),
                        // In chrono's range but not jiff's: an error naming the value.
                        (Err(message), Ok(at)) => {
                            prop_assert!(at.to_jiff().is_err(), "{} {}: {}", name, text, message);
                            prop_assert!(message.contains("is outside the range of jiff::Timestamp"), "{}", message);
                        }
                        (Ok(_), Err(message)) => prop_assert!(false, "{} {}: chrono refused ({})", name, text, message),
                    }
                }
            }
        }

        #[test]
        fn jiff_fields_write_what_chrono_fields_write(ts in any_timestamp()) {
            let at = ts.into_utc();
            let write = |f: fn(&Timestamp, serde_json::value::Serializer) -> Result<Value, serde_json::Error>| f(&ts, serde_json::value::Serializer).unwrap();
            prop_assert_eq!(write(ambient::serialize), ambient::serialize(&at, serde_json::value::Serializer).unwrap());
            prop_assert_eq!(write(numeric_offset::serialize), numeric_offset::serialize(&at, serde_json::value::Serializer).unwrap());
            prop_assert_eq!(write(new_york::serialize), Value::String(MaybeAware::from(at).to_string()));
            prop_assert_eq!(write(unix_seconds::serialize), Value::from(at.timestamp()));
            prop_assert_eq!(write(unix_millis::serialize), Value::from(at.timestamp_millis()));
        }
    }

    #[derive(Debug, PartialEq, Serialize, Deserialize)]
    struct Row {
        #[serde(with = "ambient")]
        created_at: Timestamp,
        #[serde(default, with = "new_york::option")]
        starts_at: Option<Timestamp>,
        #[serde(
            default,
            serialize_with = "numeric_offset::option::serialize",
            deserialize_with = "aware_only::option::deserialize"
        )]
        sent_at: Option<Timestamp>,
        #[serde(with = "unix_seconds")]
        exp: Timestamp,
        #[serde(default, with = "unix_millis::option")]
        seen_ms: Option<Timestamp>,
    }

    #[test]
    fn a_row_of_jiff_fields() {
        let json = r#"{"created_at": "2026-11-01 01:30:00", "starts_at": "2026-03-08T02:30:00",
            "sent_at": "2026-11-26T09:30:00.25-05:00", "exp": 1795685400, "seen_ms": null}"#;
        let ctx = TimezoneAware::new().default_tz("America/New_York".parse::<Zone>().unwrap());
        let row: Row = ctx.scope(|| serde_json::from_str(json)).unwrap();
        let ts = |text: &str| text.parse::<Timestamp>().unwrap();
        assert_eq!(
            row,
            Row {
                created_at: ts("2026-11-01T05:30:00Z"),      // the first 01:30
                starts_at: Some(ts("2026-03-08T07:30:00Z")), // in the gap: moved to 03:30 EDT
                sent_at: Some(ts("2026-11-26T14:30:00.25Z")),
                exp: ts("2026-11-26T09:30:00Z"),
                seen_ms: None,
            }
        );
        assert_eq!(
            serde_json::to_string(&row).unwrap(),
            r#"{"created_at":"2026-11-01T05:30:00Z","starts_at":"2026-03-08T07:30:00Z","sent_at":"2026-11-26T14:30:00.250+00:00","exp":1795685400,"seen_ms":null}"#
        );
        let minimal: Row =
            serde_json::from_str(r#"{"created_at": "2026-11-01T01:30:00Z", "exp": 0}"#).unwrap();
        assert_eq!(
            (minimal.starts_at, minimal.sent_at, minimal.seen_ms),
            (None, None, None)
        );
    }

    #[test]
    fn out_of_jiffs_range_names_the_value_and_the_range() {
        let err =
            serde_json::from_str::<Row>(r#"{"created_at": "+010000-01-01T00:00:00Z", "exp": 0}"#)
                .unwrap_err();
        assert_eq!(
            err.to_string(),
            "+010000-01-01T00:00:00Z is outside the range of jiff::Timestamp \
             (-009999-01-02T01:59:59Z to 9999-12-30T22:00:00.999999999Z) at line 1 column 40"
        );
        let err = serde_json::from_str::<Row>(
            r#"{"created_at": "2026-11-01T01:30:00Z", "exp": 253402300800}"#,
        )
        .unwrap_err();
        assert_eq!(
            err.to_string(),
            "unix timestamp 253402300800 seconds is out of range: expected -377705023201 to 253402207200 seconds at line 1 column 58"
        );
        let err = serde_json::from_str::<Row>(
            r#"{"created_at": "2026-11-01T01:30:00Z", "exp": 0, "seen_ms": -377705023201001}"#,
        )
        .unwrap_err();
        assert_eq!(
            err.to_string(),
            "unix timestamp -377705023201001 milliseconds is out of range: expected -377705023201000 to 253402207200999 milliseconds at line 1 column 76"
        );
        // The limits themselves are read.
        let row: Row = serde_json::from_str(
            r#"{"created_at": "9999-12-30T22:00:00.999999999Z", "exp": -377705023201}"#,
        )
        .unwrap();
        assert_eq!((row.created_at, row.exp), (Timestamp::MAX, Timestamp::MIN));
        assert_eq!(
            Timestamp::MAX.into_utc() + TimeDelta::nanoseconds(1),
            "9999-12-30T22:00:01Z".parse::<DateTime<Utc>>().unwrap()
        );
    }

    /// The epoch modules take jiff fields too, reading integers, floats and
    /// numeric strings as for chrono fields, and refusing what jiff cannot hold.
    #[test]
    fn epoch_modules_take_jiff_fields() {
        #[derive(Debug, PartialEq, Serialize, Deserialize)]
        struct Event {
            #[serde(with = "tzsafe::serde::epoch_millis")]
            at: Timestamp,
            #[serde(default, with = "tzsafe::serde::epoch_seconds::option")]
            seen: Option<Timestamp>,
        }
        let event: Event =
            serde_json::from_str(r#"{"at": 1765130400123, "seen": "1765130400.5"}"#).unwrap();
        assert_eq!(
            event.at,
            "2025-12-07T18:00:00.123Z".parse::<Timestamp>().unwrap()
        );
        assert_eq!(event.seen, Some("2025-12-07T18:00:00.5Z".parse().unwrap()));
        assert_eq!(
            serde_json::to_string(&event).unwrap(),
            r#"{"at":1765130400123,"seen":1765130400}"#
        );
        let err = serde_json::from_str::<Event>(r#"{"at": 253402300800000}"#).unwrap_err();
        assert!(
            err.to_string()
                .starts_with("+010000-01-01T00:00:00Z is outside the range of jiff::Timestamp"),
            "{err}"
        );
    }
}
