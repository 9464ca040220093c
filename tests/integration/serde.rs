//! Tests: serde — `Serialize`/`Deserialize` for `MaybeAware`, `Zone` and
//! `Disambiguation`, and the `tzsafe::serde::*` `with` modules, with exact JSON
//! in and out and exact error messages.

use chrono::{DateTime, FixedOffset, NaiveDate, TimeDelta, TimeZone, Utc};
use proptest::prelude::*;
use serde::de::value::{
    BorrowedStrDeserializer, BytesDeserializer, Error as ValueError, I128Deserializer,
    StringDeserializer, U128Deserializer, U64Deserializer,
};
use serde::de::IntoDeserializer;
use serde::{Deserialize, Serialize};
use tzsafe::{Disambiguation, MaybeAware, TimezoneAware, Zone};

use crate::common::zone;
use crate::common::{any_instant, END_2100, START_1900};

fn utc(y: i32, mo: u32, d: u32, h: u32, mi: u32, s: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(y, mo, d, h, mi, s).unwrap()
}

fn json_err<T: for<'de> Deserialize<'de> + std::fmt::Debug>(json: &str) -> String {
    serde_json::from_str::<T>(json).unwrap_err().to_string()
}

/// Chrono's range in Unix seconds / milliseconds (years -262143 to 262142).
const MIN_SECS: i64 = -8_334_601_228_800;
const MAX_SECS: i64 = 8_210_266_876_799;

#[test]
fn chrono_range_constants() {
    assert_eq!(DateTime::<Utc>::MIN_UTC.timestamp(), MIN_SECS);
    assert_eq!(DateTime::<Utc>::MAX_UTC.timestamp(), MAX_SECS);
    assert_eq!(DateTime::<Utc>::MIN_UTC.timestamp_millis(), MIN_SECS * 1000);
    assert_eq!(
        DateTime::<Utc>::MAX_UTC.timestamp_millis(),
        MAX_SECS * 1000 + 999
    );
}

// ---------------------------------------------------------------------------
// MaybeAware

#[test]
fn maybe_aware_serializes_as_display() {
    let cases = [
        ("2026-11-26T09:30:00", r#""2026-11-26T09:30:00""#),
        ("2026-11-26 09:30:00.5", r#""2026-11-26T09:30:00.500""#),
        (
            "2026-11-26T09:30:00+05:30",
            r#""2026-11-26T09:30:00+05:30""#,
        ),
        ("2026-11-26T09:30:00+00:00", r#""2026-11-26T09:30:00Z""#),
        (
            "2026-11-26T09:30:00.123456-08:00",
            r#""2026-11-26T09:30:00.123456-08:00""#,
        ),
        (
            "1850-01-01T00:00:00+05:53:28",
            r#""1850-01-01T00:00:00+05:53:28""#,
        ),
    ];
    for (input, json) in cases {
        let value: MaybeAware = input.parse().unwrap();
        assert_eq!(serde_json::to_string(&value).unwrap(), json, "{input}");
        assert_eq!(
            serde_json::from_str::<MaybeAware>(json).unwrap(),
            value,
            "{input}"
        );
    }
}

#[test]
fn maybe_aware_deserializes_every_parse_form() {
    let naive = NaiveDate::from_ymd_opt(2026, 11, 26)
        .unwrap()
        .and_hms_milli_opt(9, 30, 0, 123)
        .unwrap();
    let aware = FixedOffset::east_opt(3600)
        .unwrap()
        .from_local_datetime(&naive)
        .unwrap();
    let cases = [
        (r#""2026-11-26T09:30:00.123""#, MaybeAware::Naive(naive)),
        (r#""2026-11-26 09:30:00.123000""#, MaybeAware::Naive(naive)),
        (
            r#""2026-11-26T09:30:00.123+01:00""#,
            MaybeAware::Aware(aware),
        ),
        (
            r#""2026-11-26T08:30:00.123Z""#,
            MaybeAware::Aware(aware.to_utc().fixed_offset()),
        ),
    ];
    for (json, expected) in cases {
        assert_eq!(
            serde_json::from_str::<MaybeAware>(json).unwrap(),
            expected,
            "{json}"
        );
    }
}

#[test]
fn maybe_aware_accepts_borrowed_transient_and_owned_strings() {
    let expected: MaybeAware = "2026-11-26T09:30:00+01:00".parse().unwrap();
    // Borrowed from the input.
    assert_eq!(
        serde_json::from_str::<MaybeAware>(r#""2026-11-26T09:30:00+01:00""#).unwrap(),
        expected
    );
    // An escape forces serde_json to unescape into a scratch buffer (transient).
    assert_eq!(
        serde_json::from_str::<MaybeAware>(r#""2026-11-26T09:30:00\u002B01:00""#).unwrap(),
        expected
    );
    // From a reader: never borrowed.
    assert_eq!(
        serde_json::from_reader::<_, MaybeAware>(&br#""2026-11-26T09:30:00+01:00""#[..]).unwrap(),
        expected
    );
    // Owned (visit_string).
    assert_eq!(
        serde_json::from_value::<MaybeAware>(serde_json::json!("2026-11-26T09:30:00+01:00"))
            .unwrap(),
        expected
    );
    let owned: StringDeserializer<ValueError> =
        "2026-11-26T09:30:00+01:00".to_owned().into_deserializer();
    assert_eq!(MaybeAware::deserialize(owned).unwrap(), expected);
    let borrowed = BorrowedStrDeserializer::<ValueError>::new("2026-11-26T09:30:00+01:00");
    assert_eq!(MaybeAware::deserialize(borrowed).unwrap(), expected);
    // UTF-8 bytes, as some binary formats hand strings over.
    let bytes = BytesDeserializer::<ValueError>::new(b"2026-11-26T09:30:00+01:00");
    assert_eq!(MaybeAware::deserialize(bytes).unwrap(), expected);
    let bad = BytesDeserializer::<ValueError>::new(b"\xff2026");
    assert_eq!(
        MaybeAware::deserialize(bad).unwrap_err().to_string(),
        "invalid value: byte array, expected a timestamp string"
    );
}

#[test]
fn maybe_aware_errors_quote_the_value() {
    assert_eq!(
        json_err::<MaybeAware>(r#""2026-02-30T10:00:00""#),
        r#"invalid timestamp "2026-02-30T10:00:00": day 30 does not exist in 2026-02 (at byte 8) at line 1 column 21"#
    );
    assert_eq!(
        json_err::<MaybeAware>("1700000000"),
        "invalid type: integer `1700000000`, expected a timestamp string at line 1 column 10"
    );
    assert_eq!(
        json_err::<MaybeAware>("null"),
        "invalid type: null, expected a timestamp string at line 1 column 4"
    );
}

/// `MaybeAware`'s `==` compares the offset too (chrono's `DateTime` `==` does
/// not), so the round trips above that compare `MaybeAware` values with `==`
/// check that the offset survives, not only the instant.
#[test]
fn maybe_aware_equality_sees_the_offset() {
    let kolkata: MaybeAware = serde_json::from_str(r#""2026-11-26T09:30:00+05:30""#).unwrap();
    let utc: MaybeAware = serde_json::from_str(r#""2026-11-26T04:00:00Z""#).unwrap();
    assert_eq!(kolkata.aware(), utc.aware());
    assert_ne!(kolkata, utc);
    assert_eq!(
        serde_json::to_string(&kolkata).unwrap(),
        r#""2026-11-26T09:30:00+05:30""#
    );
    let back: MaybeAware = serde_json::from_str(&serde_json::to_string(&kolkata).unwrap()).unwrap();
    assert_eq!(back, kolkata);
    assert_eq!(
        back.aware().unwrap().offset().local_minus_utc(),
        5 * 3600 + 1800
    );
}

#[test]
fn maybe_aware_as_map_key() {
    let mut map = std::collections::HashMap::new();
    map.insert("2026-11-26T09:30:00Z".parse::<MaybeAware>().unwrap(), 1);
    let json = serde_json::to_string(&map).unwrap();
    assert_eq!(json, r#"{"2026-11-26T09:30:00Z":1}"#);
    let back: std::collections::HashMap<MaybeAware, i32> = serde_json::from_str(&json).unwrap();
    assert_eq!(back, map);
}

// ---------------------------------------------------------------------------
// Zone and Disambiguation

#[test]
fn zone_round_trips_as_string() {
    let cases = [
        (Zone::UTC, r#""UTC""#),
        (
            Zone::fixed(FixedOffset::east_opt(5 * 3600 + 1800).unwrap()),
            r#""+05:30""#,
        ),
        (
            Zone::fixed(FixedOffset::west_opt(3 * 3600 + 1800).unwrap()),
            r#""-03:30""#,
        ),
        (
            Zone::fixed(FixedOffset::east_opt(5 * 3600 + 53 * 60 + 28).unwrap()),
            r#""+05:53:28""#,
        ),
    ];
    for (zone, json) in cases {
        assert_eq!(serde_json::to_string(&zone).unwrap(), json);
        assert_eq!(serde_json::from_str::<Zone>(json).unwrap(), zone);
    }
    assert_eq!(serde_json::from_str::<Zone>(r#""Z""#).unwrap(), Zone::UTC);
    assert_eq!(
        json_err::<Zone>(r#""+24:00""#),
        r#"invalid offset "+24:00": offset hour 24 is out of range (expected 00 to 23) (at byte 1) at line 1 column 8"#
    );
    assert_eq!(
        json_err::<Zone>("3600"),
        r#"invalid type: integer `3600`, expected a time zone string: "UTC", an offset like "+05:30" or an IANA name at line 1 column 4"#
    );
}

#[cfg(feature = "tz")]
#[test]
fn iana_zone_round_trips_as_string() {
    let ny = zone("America/New_York");
    assert_eq!(serde_json::to_string(&ny).unwrap(), r#""America/New_York""#);
    assert_eq!(
        serde_json::from_str::<Zone>(r#""America/New_York""#).unwrap(),
        ny
    );
    assert_eq!(
        json_err::<Zone>(r#""Mars/Olympus""#),
        r#"unknown time zone "Mars/Olympus": expected "UTC", "Z", an offset like "+05:30" or an IANA name like "America/New_York" at line 1 column 14"#
    );
}

#[test]
fn disambiguation_round_trips_as_string() {
    for (policy, json) in [
        (Disambiguation::Compatible, r#""compatible""#),
        (Disambiguation::Earlier, r#""earlier""#),
        (Disambiguation::Later, r#""later""#),
        (Disambiguation::Reject, r#""reject""#),
    ] {
        assert_eq!(serde_json::to_string(&policy).unwrap(), json);
        assert_eq!(
            serde_json::from_str::<Disambiguation>(json).unwrap(),
            policy
        );
    }
    assert_eq!(
        serde_json::from_str::<Disambiguation>(r#""LATER""#).unwrap(),
        Disambiguation::Later
    );
    assert_eq!(
        json_err::<Disambiguation>(r#""latest""#),
        r#"invalid disambiguation policy "latest": expected one of compatible, earlier, later, reject (at byte 0) at line 1 column 8"#
    );
}

// ---------------------------------------------------------------------------
// The string modules.

#[derive(Debug, PartialEq, Serialize, Deserialize)]
struct Ambient {
    #[serde(with = "tzsafe::serde::ambient")]
    at: DateTime<Utc>,
}

#[derive(Debug, PartialEq, Serialize, Deserialize)]
struct AssumeUtc {
    #[serde(with = "tzsafe::serde::assume_utc")]
    at: DateTime<Utc>,
}

#[derive(Debug, PartialEq, Serialize, Deserialize)]
struct AwareOnly {
    #[serde(with = "tzsafe::serde::aware_only")]
    at: DateTime<Utc>,
}

#[derive(Debug, PartialEq, Serialize, Deserialize)]
struct Options {
    #[serde(default, with = "tzsafe::serde::ambient::option")]
    ambient: Option<DateTime<Utc>>,
    #[serde(default, with = "tzsafe::serde::assume_utc::option")]
    assume_utc: Option<DateTime<Utc>>,
    #[serde(default, with = "tzsafe::serde::aware_only::option")]
    aware_only: Option<DateTime<Utc>>,
    #[serde(default, with = "tzsafe::serde::unix_seconds::option")]
    unix_seconds: Option<DateTime<Utc>>,
    #[serde(default, with = "tzsafe::serde::unix_millis::option")]
    unix_millis: Option<DateTime<Utc>>,
}

/// Without `#[serde(default)]` a `with` option field must be present.
#[derive(Debug, PartialEq, Serialize, Deserialize)]
struct OptionNoDefault {
    #[serde(with = "tzsafe::serde::aware_only::option")]
    at: Option<DateTime<Utc>>,
}

#[test]
fn string_modules_write_rfc3339_with_z() {
    let at = utc(2026, 11, 26, 14, 30, 0);
    let frac = at + TimeDelta::nanoseconds(123_456_789);
    assert_eq!(
        serde_json::to_string(&Ambient { at }).unwrap(),
        r#"{"at":"2026-11-26T14:30:00Z"}"#
    );
    assert_eq!(
        serde_json::to_string(&AssumeUtc { at: frac }).unwrap(),
        r#"{"at":"2026-11-26T14:30:00.123456789Z"}"#
    );
    assert_eq!(
        serde_json::to_string(&AwareOnly {
            at: at + TimeDelta::milliseconds(5)
        })
        .unwrap(),
        r#"{"at":"2026-11-26T14:30:00.005Z"}"#
    );
    // Years outside 0000..=9999 are written so that they read back.
    let far = DateTime::<Utc>::MAX_UTC;
    let json = serde_json::to_string(&AwareOnly { at: far }).unwrap();
    assert_eq!(json, r#"{"at":"+262142-12-31T23:59:59.999999999Z"}"#);
    assert_eq!(serde_json::from_str::<AwareOnly>(&json).unwrap().at, far);
    let first = DateTime::<Utc>::MIN_UTC;
    let json = serde_json::to_string(&AwareOnly { at: first }).unwrap();
    assert_eq!(json, r#"{"at":"-262143-01-01T00:00:00Z"}"#);
    assert_eq!(serde_json::from_str::<AwareOnly>(&json).unwrap().at, first);
}

#[test]
fn assume_utc_reads_naive_as_utc() {
    let cases = [
        (
            r#"{"at":"2026-11-26T09:30:00"}"#,
            utc(2026, 11, 26, 9, 30, 0),
        ),
        (
            r#"{"at":"2026-11-26 09:30:00"}"#,
            utc(2026, 11, 26, 9, 30, 0),
        ),
        (
            r#"{"at":"2026-11-26T09:30:00+01:00"}"#,
            utc(2026, 11, 26, 8, 30, 0),
        ),
        (
            r#"{"at":"2026-11-26T09:30:00Z"}"#,
            utc(2026, 11, 26, 9, 30, 0),
        ),
        (
            r#"{"at":"2026-11-26T09:30:00.123Z"}"#,
            utc(2026, 11, 26, 9, 30, 0) + TimeDelta::milliseconds(123),
        ),
    ];
    for (json, at) in cases {
        assert_eq!(
            serde_json::from_str::<AssumeUtc>(json).unwrap(),
            AssumeUtc { at },
            "{json}"
        );
    }
    // A guard does not change what assume_utc means.
    let _guard = TimezoneAware::new()
        .default_tz(FixedOffset::west_opt(5 * 3600).unwrap())
        .reject_naive()
        .enter();
    assert_eq!(
        serde_json::from_str::<AssumeUtc>(r#"{"at":"2026-11-26T09:30:00"}"#)
            .unwrap()
            .at,
        utc(2026, 11, 26, 9, 30, 0)
    );
}

#[test]
fn aware_only_reads_aware_and_refuses_naive() {
    assert_eq!(
        serde_json::from_str::<AwareOnly>(r#"{"at":"2026-11-26T09:30:00-05:00"}"#)
            .unwrap()
            .at,
        utc(2026, 11, 26, 14, 30, 0)
    );
    assert_eq!(
        serde_json::from_str::<AwareOnly>(r#"{"at":"2026-11-26 09:30:00+05:30"}"#)
            .unwrap()
            .at,
        utc(2026, 11, 26, 4, 0, 0)
    );
    // Regression test for: a naive value must never be read in some default zone.
    assert_eq!(
        json_err::<AwareOnly>(r#"{"at":"2026-11-26T09:30:00"}"#),
        r#"invalid timestamp "2026-11-26T09:30:00": expected a UTC offset ('Z' or like '+05:30') after the time (at byte 19) at line 1 column 27"#
    );
    assert_eq!(
        json_err::<AwareOnly>(r#"{"at":"yesterday"}"#),
        r#"invalid timestamp "yesterday": expected a 4-digit year, or '+' or '-' and a 6-digit year (at byte 0) at line 1 column 17"#
    );
    assert_eq!(
        json_err::<AwareOnly>(r#"{"at":1795700000}"#),
        "invalid type: integer `1795700000`, expected a timestamp string with a UTC offset at line 1 column 16"
    );
    assert_eq!(
        json_err::<AwareOnly>("{}"),
        "missing field `at` at line 1 column 2"
    );
}

#[test]
fn ambient_without_guard_is_utc() {
    assert_eq!(
        serde_json::from_str::<Ambient>(r#"{"at":"2026-11-26T09:30:00"}"#)
            .unwrap()
            .at,
        utc(2026, 11, 26, 9, 30, 0)
    );
    assert_eq!(
        serde_json::from_str::<Ambient>(r#"{"at":"2026-11-26T09:30:00+01:00"}"#)
            .unwrap()
            .at,
        utc(2026, 11, 26, 8, 30, 0)
    );
}

#[test]
fn ambient_uses_fixed_offset_default_zone() {
    let _guard = TimezoneAware::new()
        .default_tz(FixedOffset::east_opt(5 * 3600 + 1800).unwrap())
        .enter();
    assert_eq!(
        serde_json::from_str::<Ambient>(r#"{"at":"2026-11-26T09:30:00"}"#)
            .unwrap()
            .at,
        utc(2026, 11, 26, 4, 0, 0)
    );
}

#[cfg(feature = "tz")]
#[test]
fn ambient_reads_naive_in_new_york() {
    let ny = TimezoneAware::new().default_tz(zone("America/New_York"));
    let guard = ny.enter();
    let cases = [
        // EST (-05:00) in November, EDT (-04:00) in July.
        (
            r#"{"at":"2026-11-26T09:30:00"}"#,
            utc(2026, 11, 26, 14, 30, 0),
        ),
        (r#"{"at":"2026-07-04 12:00:00"}"#, utc(2026, 7, 4, 16, 0, 0)),
        // Aware values keep their instant.
        (
            r#"{"at":"2026-11-26T09:30:00Z"}"#,
            utc(2026, 11, 26, 9, 30, 0),
        ),
        (
            r#"{"at":"2026-11-26T09:30:00+09:00"}"#,
            utc(2026, 11, 26, 0, 30, 0),
        ),
        // Fold 2026-11-01 01:30: compatible takes the earlier (EDT) instant.
        (
            r#"{"at":"2026-11-01T01:30:00"}"#,
            utc(2026, 11, 1, 5, 30, 0),
        ),
        // Gap 2026-03-08 02:30: compatible shifts forward to 03:30 EDT.
        (r#"{"at":"2026-03-08T02:30:00"}"#, utc(2026, 3, 8, 7, 30, 0)),
    ];
    for (json, at) in cases {
        assert_eq!(
            serde_json::from_str::<Ambient>(json).unwrap(),
            Ambient { at },
            "{json}"
        );
    }
    // Serialization does not depend on the context.
    assert_eq!(
        serde_json::to_string(&Ambient {
            at: utc(2026, 11, 26, 14, 30, 0)
        })
        .unwrap(),
        r#"{"at":"2026-11-26T14:30:00Z"}"#
    );

    // The innermost guard wins: the later policy in the fold.
    {
        let _later = ny.clone().disambiguation(Disambiguation::Later).enter();
        assert_eq!(
            serde_json::from_str::<Ambient>(r#"{"at":"2026-11-01T01:30:00"}"#)
                .unwrap()
                .at,
            utc(2026, 11, 1, 6, 30, 0)
        );
    }
    {
        let _reject = ny.clone().disambiguation(Disambiguation::Reject).enter();
        assert_eq!(
            json_err::<Ambient>(r#"{"at":"2026-11-01T01:30:00"}"#),
            "2026-11-01T01:30:00 is ambiguous in America/New_York: it occurs at both 2026-11-01T01:30:00-04:00 and 2026-11-01T01:30:00-05:00 (clocks were turned back) at line 1 column 27"
        );
        assert_eq!(
            json_err::<Ambient>(r#"{"at":"2026-03-08T02:30:00"}"#),
            "2026-03-08T02:30:00 does not exist in America/New_York: clocks jumped from 2026-03-08T02:00:00 to 2026-03-08T03:00:00 at 2026-03-08T07:00:00Z at line 1 column 27"
        );
    }
    {
        let _strict = ny.clone().reject_naive().enter();
        assert_eq!(
            json_err::<Ambient>(r#"{"at":"2026-11-26T09:30:00"}"#),
            "naive datetime 2026-11-26T09:30:00 has no UTC offset, and the current context refuses naive values: expected a value with an offset at line 1 column 27"
        );
        assert_eq!(
            json_err::<Options>(r#"{"ambient":"2026-11-26T09:30:00.25"}"#),
            "naive datetime 2026-11-26T09:30:00.250 has no UTC offset, and the current context refuses naive values: expected a value with an offset at line 1 column 35"
        );
        // Aware values are still fine.
        assert_eq!(
            serde_json::from_str::<Ambient>(r#"{"at":"2026-11-26T09:30:00-05:00"}"#)
                .unwrap()
                .at,
            utc(2026, 11, 26, 14, 30, 0)
        );
    }
    drop(guard);
    assert_eq!(
        serde_json::from_str::<Ambient>(r#"{"at":"2026-11-26T09:30:00"}"#)
            .unwrap()
            .at,
        utc(2026, 11, 26, 9, 30, 0)
    );
}

#[cfg(feature = "tz")]
#[test]
fn ambient_guard_is_per_thread() {
    let _guard = TimezoneAware::new().default_tz(zone("Asia/Tokyo")).enter();
    let here = serde_json::from_str::<Ambient>(r#"{"at":"2026-11-26T09:00:00"}"#)
        .unwrap()
        .at;
    assert_eq!(here, utc(2026, 11, 26, 0, 0, 0));
    let there = std::thread::spawn(|| {
        serde_json::from_str::<Ambient>(r#"{"at":"2026-11-26T09:00:00"}"#)
            .unwrap()
            .at
    })
    .join()
    .unwrap();
    assert_eq!(there, utc(2026, 11, 26, 9, 0, 0));
}

#[test]
fn option_modules_present_null_missing() {
    let all_missing = Options {
        ambient: None,
        assume_utc: None,
        aware_only: None,
        unix_seconds: None,
        unix_millis: None,
    };
    assert_eq!(serde_json::from_str::<Options>("{}").unwrap(), all_missing);
    let nulls = r#"{"ambient":null,"assume_utc":null,"aware_only":null,"unix_seconds":null,"unix_millis":null}"#;
    assert_eq!(serde_json::from_str::<Options>(nulls).unwrap(), all_missing);
    assert_eq!(serde_json::to_string(&all_missing).unwrap(), nulls);

    let at = utc(2026, 11, 26, 9, 30, 0);
    let present = r#"{"ambient":"2026-11-26T09:30:00","assume_utc":"2026-11-26 09:30:00","aware_only":"2026-11-26T10:30:00+01:00","unix_seconds":1795685400,"unix_millis":1795685400000}"#;
    let all_present = Options {
        ambient: Some(at),
        assume_utc: Some(at),
        aware_only: Some(at),
        unix_seconds: Some(at),
        unix_millis: Some(at),
    };
    assert_eq!(
        serde_json::from_str::<Options>(present).unwrap(),
        all_present
    );
    assert_eq!(
        serde_json::to_string(&all_present).unwrap(),
        r#"{"ambient":"2026-11-26T09:30:00Z","assume_utc":"2026-11-26T09:30:00Z","aware_only":"2026-11-26T09:30:00Z","unix_seconds":1795685400,"unix_millis":1795685400000}"#
    );

    // Errors inside Some are the same as without the option.
    assert_eq!(
        json_err::<Options>(r#"{"aware_only":"2026-11-26T09:30:00"}"#),
        r#"invalid timestamp "2026-11-26T09:30:00": expected a UTC offset ('Z' or like '+05:30') after the time (at byte 19) at line 1 column 35"#
    );
    assert_eq!(
        json_err::<Options>(r#"{"unix_millis":1.5}"#),
        "invalid type: floating point `1.5`, expected a Unix timestamp in whole milliseconds (an integer) at line 1 column 18"
    );
    assert_eq!(
        json_err::<Options>(r#"{"aware_only":5}"#),
        "invalid type: integer `5`, expected a timestamp string with a UTC offset at line 1 column 15"
    );
    assert_eq!(
        json_err::<Options>(r#"{"unix_seconds":"5"}"#),
        r#"invalid type: string "5", expected a Unix timestamp in whole seconds (an integer) at line 1 column 19"#
    );
}

#[test]
fn option_without_default_requires_the_field() {
    assert_eq!(
        json_err::<OptionNoDefault>("{}"),
        "missing field `at` at line 1 column 2"
    );
    assert_eq!(
        serde_json::from_str::<OptionNoDefault>(r#"{"at":null}"#).unwrap(),
        OptionNoDefault { at: None }
    );
    assert_eq!(
        serde_json::from_str::<OptionNoDefault>(r#"{"at":"2026-11-26T09:30:00Z"}"#).unwrap(),
        OptionNoDefault {
            at: Some(utc(2026, 11, 26, 9, 30, 0))
        }
    );
}

#[test]
fn option_modules_accept_unit_as_none() {
    // Formats that encode "nothing" as unit rather than none.
    let unit = serde::de::value::UnitDeserializer::<ValueError>::new();
    assert_eq!(
        tzsafe::serde::aware_only::option::deserialize::<DateTime<Utc>, _>(unit).unwrap(),
        None
    );
    let unit = serde::de::value::UnitDeserializer::<ValueError>::new();
    assert_eq!(
        tzsafe::serde::unix_seconds::option::deserialize::<DateTime<Utc>, _>(unit).unwrap(),
        None
    );
}

// ---------------------------------------------------------------------------
// Unix timestamps.

#[derive(Debug, PartialEq, Serialize, Deserialize)]
struct Secs {
    #[serde(with = "tzsafe::serde::unix_seconds")]
    at: DateTime<Utc>,
}

#[derive(Debug, PartialEq, Serialize, Deserialize)]
struct Millis {
    #[serde(with = "tzsafe::serde::unix_millis")]
    at: DateTime<Utc>,
}

#[test]
fn unix_seconds_exact() {
    let cases = [
        (0, DateTime::UNIX_EPOCH),
        (1_795_685_400, utc(2026, 11, 26, 9, 30, 0)),
        (-1, utc(1969, 12, 31, 23, 59, 59)),
        (-62_135_596_800, utc(1, 1, 1, 0, 0, 0)),
        (253_402_300_799, utc(9999, 12, 31, 23, 59, 59)),
        (MIN_SECS, DateTime::<Utc>::MIN_UTC),
        (
            MAX_SECS,
            DateTime::<Utc>::MAX_UTC - TimeDelta::nanoseconds(999_999_999),
        ),
    ];
    for (secs, at) in cases {
        let json = format!(r#"{{"at":{secs}}}"#);
        assert_eq!(
            serde_json::from_str::<Secs>(&json).unwrap(),
            Secs { at },
            "{json}"
        );
        assert_eq!(serde_json::to_string(&Secs { at }).unwrap(), json);
    }
}

#[test]
fn unix_seconds_floors_fractions_when_writing() {
    let at = utc(2026, 11, 26, 9, 30, 0) + TimeDelta::milliseconds(999);
    assert_eq!(
        serde_json::to_string(&Secs { at }).unwrap(),
        r#"{"at":1795685400}"#
    );
    let before_epoch = DateTime::<Utc>::from_timestamp(-1, 1).unwrap();
    assert_eq!(
        serde_json::to_string(&Secs { at: before_epoch }).unwrap(),
        r#"{"at":-1}"#
    );
}

#[test]
fn unix_seconds_errors_name_the_value() {
    assert_eq!(
        json_err::<Secs>(r#"{"at":8210266876800}"#),
        "unix timestamp 8210266876800 seconds is out of range: expected -8334601228800 to 8210266876799 seconds at line 1 column 19"
    );
    assert_eq!(
        json_err::<Secs>(r#"{"at":-8334601228801}"#),
        "unix timestamp -8334601228801 seconds is out of range: expected -8334601228800 to 8210266876799 seconds at line 1 column 20"
    );
    assert_eq!(
        json_err::<Secs>(r#"{"at":18446744073709551615}"#),
        "unix timestamp 18446744073709551615 seconds is out of range: expected -8334601228800 to 8210266876799 seconds at line 1 column 26"
    );
    // Floats are refused, even whole ones: the unit and rounding are never guessed.
    assert_eq!(
        json_err::<Secs>(r#"{"at":1795685400.0}"#),
        "invalid type: floating point `1795685400.0`, expected a Unix timestamp in whole seconds (an integer) at line 1 column 18"
    );
    assert_eq!(
        json_err::<Secs>(r#"{"at":1e9}"#),
        "invalid type: floating point `1000000000.0`, expected a Unix timestamp in whole seconds (an integer) at line 1 column 9"
    );
    assert_eq!(
        json_err::<Secs>(r#"{"at":"1795685400"}"#),
        r#"invalid type: string "1795685400", expected a Unix timestamp in whole seconds (an integer) at line 1 column 18"#
    );
    assert_eq!(
        json_err::<Secs>(r#"{"at":null}"#),
        "invalid type: null, expected a Unix timestamp in whole seconds (an integer) at line 1 column 10"
    );
}

#[test]
fn unix_seconds_wide_integers() {
    let de = U64Deserializer::<ValueError>::new(1_795_685_400);
    assert_eq!(
        tzsafe::serde::unix_seconds::deserialize::<DateTime<Utc>, _>(de).unwrap(),
        utc(2026, 11, 26, 9, 30, 0)
    );
    let de = I128Deserializer::<ValueError>::new(-1);
    assert_eq!(
        tzsafe::serde::unix_seconds::deserialize::<DateTime<Utc>, _>(de).unwrap(),
        utc(1969, 12, 31, 23, 59, 59)
    );
    let de = U128Deserializer::<ValueError>::new(1);
    assert_eq!(
        tzsafe::serde::unix_millis::deserialize::<DateTime<Utc>, _>(de).unwrap(),
        DateTime::UNIX_EPOCH + TimeDelta::milliseconds(1)
    );
    let de = I128Deserializer::<ValueError>::new(i128::MIN);
    assert_eq!(
        tzsafe::serde::unix_seconds::deserialize::<DateTime<Utc>, _>(de).unwrap_err().to_string(),
        "unix timestamp -170141183460469231731687303715884105728 seconds is out of range: expected -8334601228800 to 8210266876799 seconds"
    );
    let de = U128Deserializer::<ValueError>::new(u128::MAX);
    assert_eq!(
        tzsafe::serde::unix_millis::deserialize::<DateTime<Utc>, _>(de).unwrap_err().to_string(),
        "unix timestamp 340282366920938463463374607431768211455 milliseconds is out of range: expected -8334601228800000 to 8210266876799999 milliseconds"
    );
}

#[test]
fn unix_millis_exact() {
    let cases = [
        (0, DateTime::UNIX_EPOCH),
        (
            1_795_685_400_123,
            utc(2026, 11, 26, 9, 30, 0) + TimeDelta::milliseconds(123),
        ),
        (
            -1,
            utc(1969, 12, 31, 23, 59, 59) + TimeDelta::milliseconds(999),
        ),
        (MIN_SECS * 1000, DateTime::<Utc>::MIN_UTC),
        (
            MAX_SECS * 1000 + 999,
            DateTime::<Utc>::MAX_UTC - TimeDelta::nanoseconds(999_999),
        ),
    ];
    for (ms, at) in cases {
        let json = format!(r#"{{"at":{ms}}}"#);
        assert_eq!(
            serde_json::from_str::<Millis>(&json).unwrap(),
            Millis { at },
            "{json}"
        );
        assert_eq!(serde_json::to_string(&Millis { at }).unwrap(), json);
    }
    // Floors toward the past when writing.
    let at = DateTime::<Utc>::from_timestamp(-1, 999_999).unwrap();
    assert_eq!(
        serde_json::to_string(&Millis { at }).unwrap(),
        r#"{"at":-1000}"#
    );
    assert_eq!(
        json_err::<Millis>(r#"{"at":8210266876800000}"#),
        "unix timestamp 8210266876800000 milliseconds is out of range: expected -8334601228800000 to 8210266876799999 milliseconds at line 1 column 22"
    );
    assert_eq!(
        json_err::<Millis>(r#"{"at":1795685400123.5}"#),
        "invalid type: floating point `1795685400123.5`, expected a Unix timestamp in whole milliseconds (an integer) at line 1 column 21"
    );
}

// ---------------------------------------------------------------------------
// Round trips.

/// Mostly ordinary years (1900-2100), sometimes anything in chrono's range.
fn instant() -> impl Strategy<Value = DateTime<Utc>> {
    prop_oneof![
        3 => (START_1900..=END_2100, 0u32..1_000_000_000)
            .prop_map(|(s, ns)| DateTime::<Utc>::from_timestamp(s, ns).unwrap()),
        1 => any_instant(),
    ]
}

fn offset() -> impl Strategy<Value = FixedOffset> {
    (-86_399i32..=86_399).prop_map(|s| FixedOffset::east_opt(s).unwrap())
}

proptest! {
    #[test]
    fn string_modules_round_trip(at in instant()) {
        let json = serde_json::to_string(&AwareOnly { at }).unwrap();
        prop_assert!(json.ends_with("Z\"}"), "{}", json);
        prop_assert_eq!(&serde_json::from_str::<AwareOnly>(&json).unwrap().at, &at);
        prop_assert_eq!(&serde_json::from_str::<AssumeUtc>(&json).unwrap().at, &at);
        prop_assert_eq!(&serde_json::from_str::<Ambient>(&json).unwrap().at, &at);
        let opt = serde_json::to_string(&Options {
            ambient: Some(at), assume_utc: Some(at), aware_only: Some(at), unix_seconds: None, unix_millis: None,
        }).unwrap();
        let back = serde_json::from_str::<Options>(&opt).unwrap();
        prop_assert_eq!(back.ambient, Some(at));
        prop_assert_eq!(back.assume_utc, Some(at));
        prop_assert_eq!(back.aware_only, Some(at));
    }

    #[test]
    fn unix_modules_round_trip(at in instant()) {
        let whole = DateTime::<Utc>::from_timestamp(at.timestamp(), 0).unwrap();
        let json = serde_json::to_string(&Secs { at }).unwrap();
        prop_assert_eq!(serde_json::from_str::<Secs>(&json).unwrap().at, whole);
        let millis = DateTime::<Utc>::from_timestamp_millis(at.timestamp_millis()).unwrap();
        prop_assert!(millis <= at && at - millis < TimeDelta::milliseconds(1));
        let json = serde_json::to_string(&Millis { at }).unwrap();
        prop_assert_eq!(serde_json::from_str::<Millis>(&json).unwrap().at, millis);
    }

    #[test]
    fn maybe_aware_round_trips(at in instant(), off in offset(), naive in any::<bool>()) {
        let value = if naive {
            MaybeAware::Naive(at.naive_utc())
        } else {
            MaybeAware::Aware(at.with_timezone(&off))
        };
        let json = serde_json::to_string(&value).unwrap();
        prop_assert_eq!(serde_json::from_str::<MaybeAware>(&json).unwrap(), value, "{}", json);
    }

    #[test]
    fn aware_string_reads_as_its_instant_in_every_module(at in instant(), off in offset()) {
        let text = MaybeAware::Aware(at.with_timezone(&off)).to_string();
        let json = serde_json::to_string(&text).unwrap();
        prop_assert_eq!(tzsafe::serde::aware_only::deserialize::<DateTime<Utc>, _>(&mut serde_json::Deserializer::from_str(&json)).unwrap(), at);
        prop_assert_eq!(tzsafe::serde::assume_utc::deserialize::<DateTime<Utc>, _>(&mut serde_json::Deserializer::from_str(&json)).unwrap(), at);
        prop_assert_eq!(tzsafe::serde::ambient::deserialize::<DateTime<Utc>, _>(&mut serde_json::Deserializer::from_str(&json)).unwrap(), at);
    }
}

#[test]
fn leap_second_round_trips_through_string_modules() {
    // 2016-12-31T23:59:60.5Z: chrono's leap second representation.
    let leap = NaiveDate::from_ymd_opt(2016, 12, 31)
        .unwrap()
        .and_hms_nano_opt(23, 59, 59, 1_500_000_000)
        .unwrap()
        .and_utc();
    let json = serde_json::to_string(&AwareOnly { at: leap }).unwrap();
    assert_eq!(json, r#"{"at":"2016-12-31T23:59:60.500Z"}"#);
    assert_eq!(serde_json::from_str::<AwareOnly>(&json).unwrap().at, leap);
    // The numeric modules cannot express it: it is written as 23:59:59.
    assert_eq!(
        serde_json::to_string(&Secs { at: leap }).unwrap(),
        r#"{"at":1483228799}"#
    );
}

// ---------------------------------------------------------------------------
// Writing `+00:00`: `numeric_offset`.

#[derive(Debug, PartialEq, Serialize, Deserialize)]
struct Numeric {
    #[serde(
        serialize_with = "tzsafe::serde::numeric_offset::serialize",
        deserialize_with = "tzsafe::serde::aware_only::deserialize"
    )]
    at: DateTime<Utc>,
    #[serde(
        default,
        serialize_with = "tzsafe::serde::numeric_offset::option::serialize",
        deserialize_with = "tzsafe::serde::assume_utc::option::deserialize"
    )]
    maybe: Option<DateTime<Utc>>,
}

#[test]
fn numeric_offset_writes_plus_zero_and_reads_back() {
    let at = utc(2026, 11, 26, 14, 30, 0);
    let cases = [
        (at, r#""2026-11-26T14:30:00+00:00""#),
        (
            at + TimeDelta::milliseconds(250),
            r#""2026-11-26T14:30:00.250+00:00""#,
        ),
        (
            at + TimeDelta::microseconds(123_456),
            r#""2026-11-26T14:30:00.123456+00:00""#,
        ),
        (
            at + TimeDelta::nanoseconds(123_456_789),
            r#""2026-11-26T14:30:00.123456789+00:00""#,
        ),
        (utc(1, 1, 1, 0, 0, 0), r#""0001-01-01T00:00:00+00:00""#),
        (
            DateTime::<Utc>::MAX_UTC,
            r#""+262142-12-31T23:59:59.999999999+00:00""#,
        ),
        (
            DateTime::<Utc>::MIN_UTC,
            r#""-262143-01-01T00:00:00+00:00""#,
        ),
    ];
    for (instant, text) in cases {
        let json = format!(r#"{{"at":{text},"maybe":{text}}}"#);
        let value = Numeric {
            at: instant,
            maybe: Some(instant),
        };
        assert_eq!(serde_json::to_string(&value).unwrap(), json);
        assert_eq!(serde_json::from_str::<Numeric>(&json).unwrap(), value);
        // The same text as the `Z` form but for the offset.
        let z = serde_json::to_string(&AwareOnly { at: instant }).unwrap();
        assert_eq!(z.replace("Z\"", "+00:00\""), format!(r#"{{"at":{text}}}"#));
    }
    // None, null and missing.
    let none = Numeric { at, maybe: None };
    assert_eq!(
        serde_json::to_string(&none).unwrap(),
        r#"{"at":"2026-11-26T14:30:00+00:00","maybe":null}"#
    );
    assert_eq!(
        serde_json::from_str::<Numeric>(r#"{"at":"2026-11-26T14:30:00+00:00"}"#).unwrap(),
        none
    );
    // Every string module reads what it writes.
    let json = r#"{"at":"2026-11-26T14:30:00+00:00"}"#;
    assert_eq!(serde_json::from_str::<Ambient>(json).unwrap().at, at);
    assert_eq!(serde_json::from_str::<AssumeUtc>(json).unwrap().at, at);
    assert_eq!(serde_json::from_str::<AwareOnly>(json).unwrap().at, at);
    assert_eq!(
        serde_json::from_str::<MaybeAware>(r#""2026-11-26T14:30:00+00:00""#).unwrap(),
        MaybeAware::Aware(at.fixed_offset())
    );
}

/// Whether `text` has the one shape CPython 3.10's `fromisoformat` reads for
/// an aware value: `YYYY-MM-DDTHH:MM:SS`, optionally `.fff` or `.ffffff`, then
/// `+HH:MM` (the shape its own `isoformat()` writes).
fn python_310_shape(text: &str) -> bool {
    let b = text.as_bytes();
    let digits = |r: std::ops::Range<usize>| b[r].iter().all(u8::is_ascii_digit);
    let Some(fraction) = text.len().checked_sub(19 + 6) else {
        return false;
    };
    digits(0..4)
        && b[4] == b'-'
        && digits(5..7)
        && b[7] == b'-'
        && digits(8..10)
        && b[10] == b'T'
        && digits(11..13)
        && b[13] == b':'
        && digits(14..16)
        && b[16] == b':'
        && digits(17..19)
        && match fraction {
            0 => true,
            4 | 7 => b[19] == b'.' && digits(20..19 + fraction),
            _ => false,
        }
        && text.ends_with("+00:00")
}

#[test]
fn numeric_offset_is_read_by_cpython_fromisoformat() {
    // Instants in CPython's years (1 to 9999), mostly 1900-2100, with whole
    // seconds, milliseconds, microseconds and (a tenth) nanoseconds.
    let seed = crate::common::seed("numeric_offset_cpython");
    let mut state = seed;
    let mut next = move || {
        // splitmix64
        state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = state;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    };
    const YEAR_1: i64 = -62_135_596_800;
    const YEAR_10000: i64 = 253_402_300_800;
    let instants: Vec<DateTime<Utc>> = (0..5_000)
        .map(|i| {
            let (lo, hi) = if i % 4 == 0 {
                (YEAR_1, YEAR_10000)
            } else {
                (START_1900, END_2100)
            };
            let secs = lo + (next() % (hi - lo) as u64) as i64;
            let nanos = (next() % 1_000_000_000) as u32;
            let nanos = match i % 10 {
                0..=2 => 0,
                3..=5 => nanos / 1_000_000 * 1_000_000,
                6..=8 => nanos / 1_000 * 1_000,
                _ => nanos,
            };
            DateTime::from_timestamp(secs, nanos).unwrap()
        })
        .collect();
    let texts: Vec<String> = instants
        .iter()
        .map(|at| {
            let json = tzsafe::serde::numeric_offset::serialize(at, serde_json::value::Serializer)
                .unwrap();
            json.as_str().unwrap().to_owned()
        })
        .collect();
    let Some(out) = crate::common::python(
        "tests/data/python/read_isoformat.py",
        &(texts.join("\n") + "\n"),
    ) else {
        return;
    };
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), texts.len());
    let mut failures = Vec::new();
    for ((at, text), line) in instants.iter().zip(&texts).zip(lines) {
        let expected = format!("[{}, {}, 0]", at.timestamp(), at.timestamp_subsec_micros());
        if line != expected {
            failures.push(format!("{text}: CPython reads {line}, expected {expected}"));
        }
        // Python 3.10 reads it too, unless it has nanoseconds.
        let micros = at.timestamp_subsec_nanos() % 1_000 == 0;
        if python_310_shape(text) != micros {
            failures.push(format!(
                "{text}: Python 3.10's shape {}, expected {micros}",
                !micros
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "seed {seed}:\n{}",
        failures[..failures.len().min(20)].join("\n")
    );
}

#[test]
fn numeric_offset_leaves_the_default_alone() {
    // Regression guard: the `Z` default of every other module is unchanged.
    let at = utc(2026, 11, 26, 14, 30, 0);
    assert_eq!(
        serde_json::to_string(&Ambient { at }).unwrap(),
        r#"{"at":"2026-11-26T14:30:00Z"}"#
    );
    assert_eq!(
        serde_json::to_string(&InZoneFixed { at, maybe: None }).unwrap(),
        r#"{"at":"2026-11-26T14:30:00Z","maybe":null}"#
    );
}

// ---------------------------------------------------------------------------
// Zone-fixed modules: `in_zone` and `in_zone!`.

tzsafe::serde::in_zone! {
    /// A zone with a fixed offset: needs no tz data.
    mod kolkata_fixed = "+05:30";
}

#[derive(Debug, PartialEq, Serialize, Deserialize)]
struct InZoneFixed {
    #[serde(with = "kolkata_fixed")]
    at: DateTime<Utc>,
    #[serde(default, with = "kolkata_fixed::option")]
    maybe: Option<DateTime<Utc>>,
}

#[test]
fn in_zone_fixed_offset() {
    let json = r#"{"at":"2026-11-26T09:30:00","maybe":"2026-11-26 09:30:00.5"}"#;
    let row: InZoneFixed = serde_json::from_str(json).unwrap();
    assert_eq!(
        row,
        InZoneFixed {
            at: utc(2026, 11, 26, 4, 0, 0),
            maybe: Some(utc(2026, 11, 26, 4, 0, 0) + TimeDelta::milliseconds(500)),
        }
    );
    assert_eq!(
        serde_json::to_string(&row).unwrap(),
        r#"{"at":"2026-11-26T04:00:00Z","maybe":"2026-11-26T04:00:00.500Z"}"#
    );
    use tzsafe::serde::FixedZone;
    assert_eq!(
        <kolkata_fixed::Marker as FixedZone>::ZONE.to_string(),
        "+05:30"
    );
    assert_eq!(
        <kolkata_fixed::Marker as FixedZone>::DISAMBIGUATION,
        Disambiguation::Compatible
    );
}

#[cfg(feature = "tz")]
mod in_zone {
    use super::*;

    use chrono::{NaiveDateTime, Timelike};
    use tzsafe::ensure_timezone_aware;
    use tzsafe::serde::{in_zone, FixedZone};

    tzsafe::serde::in_zone!(mod new_york = "America/New_York");
    tzsafe::serde::in_zone! {
        mod new_york_strict = "America/New_York", Disambiguation::Reject;
    }
    tzsafe::serde::in_zone!(mod new_york_later = "America/New_York", Disambiguation::Later);
    tzsafe::serde::in_zone!(mod lord_howe = "Australia/Lord_Howe");
    tzsafe::serde::in_zone!(mod dublin_strict = "Europe/Dublin", Disambiguation::Reject);

    /// A marker of the caller's own, for the generic functions.
    enum NewYork {}

    impl FixedZone for NewYork {
        const ZONE: &'static str = "America/New_York";
    }

    #[derive(Debug, PartialEq, Serialize, Deserialize)]
    struct Row {
        #[serde(with = "new_york")]
        at: DateTime<Utc>,
    }

    #[derive(Debug, PartialEq, Serialize, Deserialize)]
    struct Generic {
        #[serde(
            serialize_with = "in_zone::serialize",
            deserialize_with = "in_zone::deserialize::<NewYork, _>"
        )]
        at: DateTime<Utc>,
    }

    #[derive(Debug, PartialEq, Serialize, Deserialize)]
    struct Strict {
        #[serde(with = "new_york_strict")]
        at: DateTime<Utc>,
    }

    #[derive(Debug, PartialEq, Serialize, Deserialize)]
    struct Later {
        #[serde(with = "new_york_later")]
        at: DateTime<Utc>,
    }

    #[derive(Debug, PartialEq, Serialize, Deserialize)]
    struct Opt {
        #[serde(default, with = "new_york::option")]
        at: Option<DateTime<Utc>>,
        #[serde(
            default,
            serialize_with = "in_zone::option::serialize",
            deserialize_with = "in_zone::option::deserialize::<NewYork, _>"
        )]
        generic: Option<DateTime<Utc>>,
    }

    #[derive(Debug, PartialEq, Serialize, Deserialize)]
    struct OptNoDefault {
        #[serde(with = "new_york::option")]
        at: Option<DateTime<Utc>>,
    }

    /// Reads `json` (`{"at": ...}`) through the macro's module and the generic
    /// functions, which must agree.
    fn read(json: &str) -> DateTime<Utc> {
        let at = serde_json::from_str::<Row>(json).unwrap().at;
        assert_eq!(
            serde_json::from_str::<Generic>(json).unwrap().at,
            at,
            "{json}"
        );
        at
    }

    #[test]
    fn reads_new_york_wall_time_in_july_and_january() {
        let cases = [
            // EDT (-04:00) in July, EST (-05:00) in January.
            (r#"{"at":"2026-07-04T12:00:00"}"#, utc(2026, 7, 4, 16, 0, 0)),
            (
                r#"{"at":"2026-01-15 09:30:00"}"#,
                utc(2026, 1, 15, 14, 30, 0),
            ),
            // The lenient forms of `parse`: hour only, fractions.
            (r#"{"at":"2026-01-15T09"}"#, utc(2026, 1, 15, 14, 0, 0)),
            (
                r#"{"at":"2026-01-15T09:30:00.123456"}"#,
                utc(2026, 1, 15, 14, 30, 0) + TimeDelta::microseconds(123_456),
            ),
            // Aware strings keep their instant, whatever the zone.
            (
                r#"{"at":"2026-07-04T12:00:00Z"}"#,
                utc(2026, 7, 4, 12, 0, 0),
            ),
            (
                r#"{"at":"2026-07-04T12:00:00+09:00"}"#,
                utc(2026, 7, 4, 3, 0, 0),
            ),
            (
                r#"{"at":"2026-01-15T09:30:00.5-08:00"}"#,
                utc(2026, 1, 15, 17, 30, 0) + TimeDelta::milliseconds(500),
            ),
        ];
        for (json, at) in cases {
            assert_eq!(read(json), at, "{json}");
        }
        // Writes the instant with `Z`, like the other modules.
        assert_eq!(
            serde_json::to_string(&Row {
                at: utc(2026, 7, 4, 16, 0, 0)
            })
            .unwrap(),
            r#"{"at":"2026-07-04T16:00:00Z"}"#
        );
        assert_eq!(
            serde_json::to_string(&Generic {
                at: utc(2026, 1, 15, 14, 30, 0)
            })
            .unwrap(),
            r#"{"at":"2026-01-15T14:30:00Z"}"#
        );
        // Round trip: what it writes reads back to the same instant.
        let row = Row {
            at: utc(2026, 1, 15, 14, 30, 0) + TimeDelta::nanoseconds(1),
        };
        let json = serde_json::to_string(&row).unwrap();
        assert_eq!(json, r#"{"at":"2026-01-15T14:30:00.000000001Z"}"#);
        assert_eq!(serde_json::from_str::<Row>(&json).unwrap(), row);
    }

    #[test]
    fn gap_and_fold_compatible_by_default() {
        // Fold 2026-11-01 01:30 happens twice: compatible takes the earlier
        // (EDT) instant, `Later` the EST one.
        assert_eq!(
            read(r#"{"at":"2026-11-01T01:30:00"}"#),
            utc(2026, 11, 1, 5, 30, 0)
        );
        assert_eq!(
            serde_json::from_str::<Later>(r#"{"at":"2026-11-01T01:30:00"}"#)
                .unwrap()
                .at,
            utc(2026, 11, 1, 6, 30, 0)
        );
        // Gap 2026-03-08 02:30 never happens: compatible and later shift it
        // forward by the gap's hour, to 03:30 EDT.
        assert_eq!(
            read(r#"{"at":"2026-03-08T02:30:00"}"#),
            utc(2026, 3, 8, 7, 30, 0)
        );
        assert_eq!(
            serde_json::from_str::<Later>(r#"{"at":"2026-03-08T02:30:00"}"#)
                .unwrap()
                .at,
            utc(2026, 3, 8, 7, 30, 0)
        );
        // An aware value in the fold says which instant it is.
        assert_eq!(
            read(r#"{"at":"2026-11-01T01:30:00-05:00"}"#),
            utc(2026, 11, 1, 6, 30, 0)
        );
    }

    #[test]
    fn reject_refuses_gap_and_fold_with_ambients_messages() {
        let fold = r#"{"at":"2026-11-01T01:30:00"}"#;
        let gap = r#"{"at":"2026-03-08T02:30:00"}"#;
        assert_eq!(
            json_err::<Strict>(fold),
            "2026-11-01T01:30:00 is ambiguous in America/New_York: it occurs at both 2026-11-01T01:30:00-04:00 and 2026-11-01T01:30:00-05:00 (clocks were turned back) at line 1 column 27"
        );
        assert_eq!(
            json_err::<Strict>(gap),
            "2026-03-08T02:30:00 does not exist in America/New_York: clocks jumped from 2026-03-08T02:00:00 to 2026-03-08T03:00:00 at 2026-03-08T07:00:00Z at line 1 column 27"
        );
        // Exactly what `ambient` says under the same zone and policy.
        let ctx = TimezoneAware::new()
            .default_tz(zone("America/New_York"))
            .disambiguation(Disambiguation::Reject);
        for json in [fold, gap] {
            assert_eq!(
                json_err::<Strict>(json),
                ctx.scope(|| json_err::<Ambient>(json))
            );
        }
        // Outside the gap and fold, and aware values, are fine.
        assert_eq!(
            serde_json::from_str::<Strict>(r#"{"at":"2026-11-01T02:30:00"}"#)
                .unwrap()
                .at,
            utc(2026, 11, 1, 7, 30, 0)
        );
        assert_eq!(
            serde_json::from_str::<Strict>(r#"{"at":"2026-11-01T01:30:00-04:00"}"#)
                .unwrap()
                .at,
            utc(2026, 11, 1, 5, 30, 0)
        );
    }

    #[test]
    fn errors_quote_the_input() {
        let cases = [
            (
                r#"{"at":"2026-02-30T10:00:00"}"#,
                r#"invalid timestamp "2026-02-30T10:00:00": day 30 does not exist in 2026-02 (at byte 8) at line 1 column 27"#,
            ),
            (
                r#"{"at":"yesterday"}"#,
                r#"invalid timestamp "yesterday": expected a 4-digit year, or '+' or '-' and a 6-digit year (at byte 0) at line 1 column 17"#,
            ),
            // A date alone is not a timestamp, as for `parse` and `ambient`.
            (
                r#"{"at":"2026-07-04"}"#,
                r#"invalid timestamp "2026-07-04": expected 'T', 't' or ' ' then a time; a date alone is not a timestamp (at byte 10) at line 1 column 18"#,
            ),
            (
                r#"{"at":5}"#,
                "invalid type: integer `5`, expected a timestamp string at line 1 column 7",
            ),
            (
                r#"{"at":null}"#,
                "invalid type: null, expected a timestamp string at line 1 column 10",
            ),
        ];
        let ny = TimezoneAware::new().default_tz(zone("America/New_York"));
        for (json, message) in cases {
            assert_eq!(json_err::<Row>(json), message, "{json}");
            assert_eq!(json_err::<Generic>(json), message, "{json}");
            // Word for word what `ambient` says.
            assert_eq!(ny.scope(|| json_err::<Ambient>(json)), message, "{json}");
        }
        // The option form: the same messages inside `Some`, and says `null` is fine.
        assert_eq!(
            json_err::<Opt>(r#"{"at":"2026-02-30T10:00:00"}"#),
            r#"invalid timestamp "2026-02-30T10:00:00": day 30 does not exist in 2026-02 (at byte 8) at line 1 column 27"#
        );
        assert_eq!(
            json_err::<Opt>(r#"{"generic":true}"#),
            "invalid type: boolean `true`, expected a timestamp string at line 1 column 15"
        );
    }

    #[test]
    fn option_form_null_absent_present() {
        let none = Opt {
            at: None,
            generic: None,
        };
        assert_eq!(serde_json::from_str::<Opt>("{}").unwrap(), none);
        assert_eq!(
            serde_json::from_str::<Opt>(r#"{"at":null,"generic":null}"#).unwrap(),
            none
        );
        assert_eq!(
            serde_json::to_string(&none).unwrap(),
            r#"{"at":null,"generic":null}"#
        );
        let json = r#"{"at":"2026-07-04T12:00:00","generic":"2026-01-15T09:30:00"}"#;
        let some = Opt {
            at: Some(utc(2026, 7, 4, 16, 0, 0)),
            generic: Some(utc(2026, 1, 15, 14, 30, 0)),
        };
        assert_eq!(serde_json::from_str::<Opt>(json).unwrap(), some);
        assert_eq!(
            serde_json::to_string(&some).unwrap(),
            r#"{"at":"2026-07-04T16:00:00Z","generic":"2026-01-15T14:30:00Z"}"#
        );
        // Without `#[serde(default)]` the field must be there (null is fine).
        assert_eq!(
            json_err::<OptNoDefault>("{}"),
            "missing field `at` at line 1 column 2"
        );
        assert_eq!(
            serde_json::from_str::<OptNoDefault>(r#"{"at":null}"#).unwrap(),
            OptNoDefault { at: None }
        );
        // Formats that say "nothing" with unit.
        let unit = serde::de::value::UnitDeserializer::<ValueError>::new();
        assert_eq!(
            new_york::option::deserialize::<DateTime<Utc>, _>(unit).unwrap(),
            None
        );
    }

    #[test]
    fn no_context_is_consulted() {
        // A guard with another zone, and one refusing naive values: the
        // zone-fixed module reads New York all the same.
        let tokyo = TimezoneAware::new().default_tz(zone("Asia/Tokyo"));
        let json = r#"{"at":"2026-07-04T12:00:00"}"#;
        assert_eq!(tokyo.scope(|| read(json)), utc(2026, 7, 4, 16, 0, 0));
        assert_eq!(
            tokyo.scope(|| serde_json::from_str::<Ambient>(json).unwrap().at),
            utc(2026, 7, 4, 3, 0, 0)
        );
        assert_eq!(
            tokyo.reject_naive().scope(|| read(json)),
            utc(2026, 7, 4, 16, 0, 0)
        );
        // A guard's disambiguation does not apply either.
        let later = TimezoneAware::new().disambiguation(Disambiguation::Later);
        assert_eq!(
            later.scope(|| read(r#"{"at":"2026-11-01T01:30:00"}"#)),
            utc(2026, 11, 1, 5, 30, 0)
        );
        // Another thread, with no guard: the same answer.
        let there = std::thread::spawn(move || read(json)).join().unwrap();
        assert_eq!(there, utc(2026, 7, 4, 16, 0, 0));
    }

    #[test]
    fn macro_marker_carries_zone_and_policy() {
        assert_eq!(<new_york::Marker as FixedZone>::ZONE, "America/New_York");
        assert_eq!(
            <new_york::Marker as FixedZone>::zone().unwrap(),
            zone("America/New_York")
        );
        assert_eq!(
            <new_york::Marker as FixedZone>::DISAMBIGUATION,
            Disambiguation::Compatible
        );
        assert_eq!(
            <new_york_strict::Marker as FixedZone>::DISAMBIGUATION,
            Disambiguation::Reject
        );
        assert_eq!(
            <NewYork as FixedZone>::DISAMBIGUATION,
            Disambiguation::Compatible
        );
    }

    /// Wall times of `Z`'s zone: anywhere in 1900-2100, or within three hours
    /// of one of its transitions (so in and around gaps and folds), to the
    /// second, sometimes with a fraction.
    fn wall_time<Z: FixedZone>() -> impl Strategy<Value = NaiveDateTime> {
        (
            START_1900..END_2100,
            any::<bool>(),
            -10_800i64..10_800,
            prop_oneof![Just(0u32), 0u32..1_000_000_000],
        )
            .prop_map(|(s, near, delta, nanos)| {
                let instant = DateTime::from_timestamp(s, 0).unwrap();
                let zone = Z::zone().unwrap();
                let (at, offset) = match zone.next_transition(&instant).filter(|_| near) {
                    Some(t) => (t.at(), t.offset_before()),
                    None => (instant, zone.offset_at(&instant)),
                };
                let wall = (at + TimeDelta::seconds(delta)).naive_utc()
                    + TimeDelta::seconds(i64::from(offset.local_minus_utc()));
                wall.with_nanosecond(nanos).unwrap()
            })
    }

    /// What the zone-fixed module must read from `wall` under `Z`, by
    /// chrono's `TimeZone` impl of `Zone` (one instant, two, or none) and by
    /// `ensure_timezone_aware` (which, with no guard, is `Compatible`).
    fn check<Z: FixedZone>(wall: NaiveDateTime) -> Result<(), TestCaseError> {
        let text = MaybeAware::Naive(wall).to_string();
        let got = in_zone::deserialize::<Z, _>(StringDeserializer::<ValueError>::new(text.clone()));
        let zone = Z::zone().unwrap();
        let compatible = ensure_timezone_aware(wall, &zone).unwrap();
        match (zone.from_local_datetime(&wall), Z::DISAMBIGUATION) {
            (chrono::LocalResult::Single(one), _) => {
                prop_assert_eq!(got.unwrap(), one.to_utc(), "{}", text);
                prop_assert_eq!(compatible, one.to_utc());
            }
            (chrono::LocalResult::Ambiguous(earlier, _), Disambiguation::Compatible) => {
                prop_assert_eq!(got.unwrap(), earlier.to_utc(), "{}", text);
                prop_assert_eq!(compatible, earlier.to_utc());
            }
            (chrono::LocalResult::None, Disambiguation::Compatible) => {
                prop_assert_eq!(got.unwrap(), compatible, "{}", text);
                // Shifted forward by the gap: a later wall time.
                prop_assert!(
                    compatible.with_timezone(&zone).naive_local() > wall,
                    "{}",
                    text
                );
            }
            (local, Disambiguation::Reject) => {
                let message = got.unwrap_err().to_string();
                let expected = if matches!(local, chrono::LocalResult::None) {
                    "does not exist in"
                } else {
                    "is ambiguous in"
                };
                prop_assert!(message.contains(expected), "{}: {}", text, message);
                prop_assert!(message.starts_with(&text), "{}: {}", text, message);
            }
            (_, policy) => prop_assert!(false, "untested policy {:?}", policy),
        }
        // An aware string of any instant keeps it.
        let aware = compatible.with_timezone(&zone).fixed_offset();
        let got = in_zone::deserialize::<Z, _>(StringDeserializer::<ValueError>::new(
            MaybeAware::Aware(aware).to_string(),
        ));
        prop_assert_eq!(got.unwrap(), compatible);
        Ok(())
    }

    proptest! {
        #[test]
        fn agrees_with_zone_and_ensure_new_york(wall in wall_time::<new_york::Marker>()) {
            check::<new_york::Marker>(wall)?;
            check::<new_york_strict::Marker>(wall)?;
        }

        #[test]
        fn agrees_with_zone_and_ensure_lord_howe(wall in wall_time::<lord_howe::Marker>()) {
            check::<lord_howe::Marker>(wall)?;
        }

        #[test]
        fn agrees_with_zone_and_ensure_dublin(wall in wall_time::<dublin_strict::Marker>()) {
            check::<dublin_strict::Marker>(wall)?;
        }

        #[test]
        fn round_trips(at in instant()) {
            let json = serde_json::to_string(&Row { at }).unwrap();
            prop_assert_eq!(serde_json::from_str::<Row>(&json).unwrap().at, at);
            let opt = serde_json::to_string(&Opt { at: Some(at), generic: Some(at) }).unwrap();
            prop_assert_eq!(serde_json::from_str::<Opt>(&opt).unwrap(), Opt { at: Some(at), generic: Some(at) });
        }
    }
}

/// `serde::zoned`: `DateTime<Zone>` fields keep their zone through JSON.
mod zoned {
    use chrono::{DateTime, FixedOffset, Offset, TimeZone};
    use proptest::prelude::*;
    use serde::{Deserialize, Serialize};
    use tzsafe::{ErrorKind, Zone};

    use super::json_err;
    use crate::common::any_instant;

    #[derive(Debug, PartialEq, Serialize, Deserialize)]
    struct Row {
        #[serde(with = "tzsafe::serde::zoned")]
        at: DateTime<Zone>,
        #[serde(default, with = "tzsafe::serde::zoned::option")]
        until: Option<DateTime<Zone>>,
    }

    #[test]
    fn writes_and_reads_the_zone() {
        let lord_howe: Zone = "Australia/Lord_Howe".parse().unwrap();
        let at = lord_howe.with_ymd_and_hms(2026, 1, 15, 9, 30, 0).unwrap();
        let row = Row {
            at,
            until: Some(at.with_timezone(&Zone::UTC)),
        };
        let json = serde_json::to_string(&row).unwrap();
        assert_eq!(
            json,
            r#"{"at":"2026-01-15T09:30:00+11:00[Australia/Lord_Howe]","until":"2026-01-14T22:30:00+00:00[UTC]"}"#
        );
        let back: Row = serde_json::from_str(&json).unwrap();
        assert_eq!(back, row);
        assert_eq!(back.at.timezone(), lord_howe);
        assert_eq!(back.until.unwrap().timezone(), Zone::UTC);
        assert_eq!(
            serde_json::from_str::<Row>(
                &json.replace(r#","until":"2026-01-14T22:30:00+00:00[UTC]""#, "")
            )
            .unwrap()
            .until,
            None
        );
    }

    #[test]
    fn refuses_what_parse_rfc9557_refuses() {
        assert_eq!(
            json_err::<Row>(r#"{"at":"2026-01-15T09:30:00+11:00"}"#),
            "invalid RFC 9557 timestamp \"2026-01-15T09:30:00+11:00\": expected '[' and a time zone like \
             [America/New_York] (parse_aware reads a timestamp without one) (at byte 25) at line 1 column 33"
        );
        // A recorded offset the zone no longer has: Reject.
        let err = tzsafe::serde::zoned::deserialize(serde_json::json!(
            "2026-01-15T09:30:00+10:30[Australia/Lord_Howe]"
        ))
        .unwrap_err();
        assert!(
            err.to_string()
                .starts_with("2026-01-15T09:30:00+10:30 does not match Australia/Lord_Howe"),
            "{err}"
        );
        let direct = tzsafe::parse_rfc9557(
            "2026-01-15T09:30:00+10:30[Australia/Lord_Howe]",
            tzsafe::OffsetConflict::Reject,
        )
        .unwrap_err();
        assert_eq!(direct.kind(), ErrorKind::OffsetMismatch);
        assert_eq!(
            json_err::<Row>(r#"{"at":5}"#),
            "invalid type: integer `5`, expected an RFC 9557 timestamp string with a time zone, like \
             \"2026-12-07T10:00:00-07:00[America/Vancouver]\" at line 1 column 7"
        );
    }

    #[test]
    fn long_zone_names_are_written_too() {
        // A zone read from TZif bytes under a name longer than the stack
        // buffer: written through the serializer's own `collect_str`.
        let name = "X".repeat(200);
        let zone = Zone::from_tzif(&name, &utc_tzif()).unwrap();
        let at = zone.with_ymd_and_hms(2026, 1, 1, 0, 0, 0).unwrap();
        let json = serde_json::to_string(&Row { at, until: None }).unwrap();
        assert_eq!(
            json,
            format!(r#"{{"at":"2026-01-01T00:00:00+00:00[{name}]","until":null}}"#)
        );
    }

    /// TZif version 2 data for UTC (RFC 8536): one type, no transitions.
    fn utc_tzif() -> Vec<u8> {
        // The version 1 block, then the version 2 one: alike without
        // transitions.
        let block = || {
            let mut b = b"TZif2".to_vec();
            b.extend([0u8; 15]);
            for count in [0u32, 0, 0, 0, 1, 4] {
                b.extend(count.to_be_bytes());
            }
            b.extend([0, 0, 0, 0, 0, 0]); // offset 0, not DST, abbreviation 0
            b.extend(b"UTC\0");
            b
        };
        let mut data = block();
        data.extend(block());
        data.extend(b"\nUTC0\n");
        data
    }

    /// Regression test for: a fixed zone of +23:59:54 written `+23:59` (the
    /// writer keeps offsets below 24:00) but matched against the offset
    /// rounded without that limit (24:00), so its own text was refused.
    #[test]
    fn offsets_that_round_to_24_hours_read_back() {
        for secs in [86_394, 86_370, -86_394, -86_399] {
            let zone = Zone::fixed(FixedOffset::east_opt(secs).unwrap());
            let at = DateTime::from_timestamp(1_796_000_000, 0)
                .unwrap()
                .with_timezone(&zone);
            let json = serde_json::to_string(&Row { at, until: None }).unwrap();
            let back: Row = serde_json::from_str(&json).unwrap();
            assert_eq!((back.at, back.at.timezone()), (at, zone), "{json}");
        }
    }

    proptest! {
        #[test]
        fn round_trips(at in any_instant(), offset in -86_399i32..86_400, named in any::<bool>()) {
            let zone = if named {
                "America/St_Johns".parse::<Zone>().unwrap()
            } else {
                Zone::fixed(FixedOffset::east_opt(offset).unwrap())
            };
            let at = at.with_timezone(&zone);
            let row = Row { at, until: None };
            let json = serde_json::to_string(&row).unwrap();
            let back: Row = serde_json::from_str(&json).unwrap();
            prop_assert_eq!(back.at, at);
            prop_assert_eq!(back.at.timezone(), zone);
            prop_assert_eq!(back.at.offset().fix(), at.offset().fix());
        }
    }
}
