//! Unix epoch numbers: `from_epoch`, `EpochUnit::instant` and the
//! `serde::epoch_*` modules (with the `serde` feature).
//!
//! Exact values for every fraction length in every unit, the range ends,
//! the refusals and their messages, and a property: any instant chrono
//! holds, written as a decimal numeral in any unit, reads back to itself.
//! CPython and node read the same numbers in `oracle_epoch.rs`.

use chrono::{DateTime, Utc};
use proptest::prelude::*;
use tzsafe::{from_epoch, EpochUnit, ErrorKind};

use crate::common::any_instant;

const UNITS: [EpochUnit; 4] = [
    EpochUnit::Seconds,
    EpochUnit::Millis,
    EpochUnit::Micros,
    EpochUnit::Nanos,
];

/// Nanoseconds per unit.
fn per_unit(unit: EpochUnit) -> i128 {
    match unit {
        EpochUnit::Seconds => 1_000_000_000,
        EpochUnit::Millis => 1_000_000,
        EpochUnit::Micros => 1_000,
        EpochUnit::Nanos => 1,
    }
}

fn nanos(at: &DateTime<Utc>) -> i128 {
    i128::from(at.timestamp()) * 1_000_000_000 + i128::from(at.timestamp_subsec_nanos())
}

/// `total` nanoseconds written exactly in `unit`, with `digits` fraction
/// digits at least (more where the unit needs them).
fn written(total: i128, unit: EpochUnit, digits: usize) -> String {
    let per = per_unit(unit);
    let sign = if total < 0 { "-" } else { "" };
    let abs = total.abs();
    let width = per.to_string().len() - 1; // digits of a nanosecond in the unit
    let fraction = format!("{:0width$}", abs % per, width = width);
    let fraction = format!("{fraction:0<digits$}");
    if fraction.is_empty() {
        format!("{sign}{}", abs / per)
    } else {
        format!("{sign}{}.{fraction}", abs / per)
    }
}

#[test]
fn every_fraction_length() {
    // 2025-12-07T18:00:00.123456789Z and its truncations, in each unit.
    let digits = "123456789123";
    for unit in UNITS {
        for len in 0..=digits.len() {
            let text = if len == 0 {
                "1765130400".to_owned()
            } else {
                format!("1765130400.{}", &digits[..len])
            };
            let at = from_epoch(&text, unit).unwrap();
            // The fraction's digits down to the nanosecond, dropped below it.
            let frac_nanos: i128 = {
                let kept = (per_unit(unit).to_string().len() - 1).min(len);
                let value: i128 = if kept == 0 {
                    0
                } else {
                    digits[..kept].parse().unwrap()
                };
                value * per_unit(unit) / 10i128.pow(kept as u32)
            };
            assert_eq!(
                nanos(&at),
                1_765_130_400 * per_unit(unit) + frac_nanos,
                "{text} {unit:?}"
            );
            let negative = from_epoch(&format!("-{text}"), unit).unwrap();
            assert_eq!(nanos(&negative), -nanos(&at), "-{text} {unit:?}");
        }
    }
}

#[test]
fn range_ends() {
    let min = DateTime::<Utc>::MIN_UTC;
    let max = DateTime::<Utc>::MAX_UTC;
    for unit in UNITS {
        for at in [min, max, DateTime::UNIX_EPOCH] {
            let text = written(nanos(&at), unit, 0);
            assert_eq!(from_epoch(&text, unit).unwrap(), at, "{text} {unit:?}");
        }
        // One nanosecond past either end.
        for beyond in [nanos(&min) - 1, nanos(&max) + 1] {
            let text = written(beyond, unit, 9);
            let err = from_epoch(&text, unit).unwrap_err();
            assert_eq!(err.kind(), ErrorKind::OutOfRange, "{text} {unit:?}");
        }
    }
    assert_eq!(
        from_epoch("8210266876800", EpochUnit::Seconds)
            .unwrap_err()
            .to_string(),
        "invalid Unix timestamp \"8210266876800\": as seconds, the instant is outside the range \
         chrono can represent (years -262143 to 262142)"
    );
    // Any number of digits.
    let huge = "9".repeat(100);
    assert_eq!(
        from_epoch(&huge, EpochUnit::Nanos).unwrap_err().kind(),
        ErrorKind::OutOfRange
    );
    let tiny = format!("0.{}1", "0".repeat(100));
    assert_eq!(
        from_epoch(&tiny, EpochUnit::Seconds).unwrap(),
        DateTime::UNIX_EPOCH
    );
}

#[test]
fn integers_as_chrono_reads_them() {
    for value in [
        0i64,
        1,
        -1,
        1_765_130_400_123,
        -1_765_130_400_123,
        i64::MAX,
        i64::MIN,
    ] {
        assert_eq!(
            EpochUnit::Millis.instant(value).ok(),
            DateTime::from_timestamp_millis(value),
            "{value}"
        );
        assert_eq!(
            EpochUnit::Micros.instant(value).ok(),
            DateTime::from_timestamp_micros(value),
            "{value}"
        );
        assert_eq!(
            EpochUnit::Nanos.instant(value).ok(),
            Some(DateTime::from_timestamp_nanos(value))
        );
        assert_eq!(
            EpochUnit::Seconds.instant(value).ok(),
            DateTime::from_timestamp(value, 0)
        );
        for unit in UNITS {
            assert_eq!(
                from_epoch(&value.to_string(), unit).ok(),
                unit.instant(value).ok(),
                "{value} {unit:?}"
            );
        }
    }
    assert_eq!(
        EpochUnit::Seconds
            .instant(i64::MAX)
            .unwrap_err()
            .to_string(),
        "invalid Unix timestamp \"9223372036854775807\": as seconds, the instant is outside the \
         range chrono can represent (years -262143 to 262142)"
    );
}

#[test]
fn refusals() {
    let cases = [
        ("", 0, "expected a number like 1765130400, found an empty string"),
        ("+1765130400", 0, "expected digits, optionally after '-' ('+' is not read)"),
        (" 1765130400", 0, "expected digits, optionally after '-' (surrounding whitespace is not read)"),
        (
            "1765130400\n",
            10,
            "expected '.' and a fraction, or the end of the input (surrounding whitespace is not read)",
        ),
        (".5", 0, "expected a digit before '.' (write 0.5, not .5)"),
        ("5.", 2, "expected a digit after '.'"),
        ("-", 1, "expected digits, optionally after '-'"),
        ("--5", 1, "expected digits, optionally after '-'"),
        ("1.7652e9", 6, "exponents are not read; write the number in full (like 1765200000)"),
        ("17652E5", 5, "exponents are not read; write the number in full (like 1765200000)"),
        ("1765130400,5", 10, "expected '.' before a fraction; ',' is not read as a decimal mark"),
        ("1.5.5", 3, "expected the end of the input"),
        ("NaN", 0, "expected digits, optionally after '-'"),
        ("Infinity", 0, "expected digits, optionally after '-'"),
        ("0x10", 1, "expected '.' and a fraction, or the end of the input"),
        ("1_000", 1, "expected '.' and a fraction, or the end of the input"),
    ];
    for (text, at, expected) in cases {
        let err = from_epoch(text, EpochUnit::Seconds).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::Parse, "{text:?}");
        assert_eq!(err.position(), Some(at), "{text:?}");
        assert_eq!(
            err.to_string(),
            format!(
                "invalid Unix timestamp \"{}\": {expected} (at byte {at})",
                text.escape_debug()
            ),
            "{text:?}"
        );
    }
}

fn any_unit() -> impl Strategy<Value = EpochUnit> {
    proptest::sample::select(UNITS.to_vec())
}

proptest! {
    /// Any instant, written exactly in any unit (with extra zeros or not),
    /// reads back to itself.
    #[test]
    fn written_then_read(at in any_instant(), unit in any_unit(), digits in 0usize..12) {
        let text = written(nanos(&at), unit, digits);
        prop_assert_eq!(from_epoch(&text, unit).unwrap(), at, "{}", text);
    }

    /// Nothing panics, and errors stay inside the input.
    #[test]
    fn any_text(text in "[-+0-9.eE, ]{0,30}", unit in any_unit()) {
        match from_epoch(&text, unit) {
            Ok(_) => {}
            Err(err) => {
                prop_assert!(matches!(err.kind(), ErrorKind::Parse | ErrorKind::OutOfRange));
                prop_assert!(err.position().is_none_or(|p| p <= text.len()));
            }
        }
    }
}

#[cfg(feature = "serde")]
mod serde {
    use chrono::{DateTime, Utc};
    use serde::{Deserialize, Serialize};

    #[derive(Debug, PartialEq, Serialize, Deserialize)]
    struct Row {
        #[serde(with = "tzsafe::serde::epoch_seconds")]
        seconds: DateTime<Utc>,
        #[serde(with = "tzsafe::serde::epoch_millis")]
        millis: DateTime<Utc>,
        #[serde(with = "tzsafe::serde::epoch_micros")]
        micros: DateTime<Utc>,
        #[serde(with = "tzsafe::serde::epoch_nanos")]
        nanos: DateTime<Utc>,
        #[serde(default, with = "tzsafe::serde::epoch_millis::option")]
        maybe: Option<DateTime<Utc>>,
    }

    fn at(s: &str) -> DateTime<Utc> {
        s.parse().unwrap()
    }

    #[test]
    fn numbers_floats_and_strings() {
        // What JavaScript (`Date.now()`) and Python (`time.time()`) write.
        let row: Row = serde_json::from_str(
            r#"{"seconds": 1765130400.123456, "millis": 1765130400123, "micros": "1765130400123456",
                "nanos": "1765130400123456789", "maybe": 1765130400123.5}"#,
        )
        .unwrap();
        assert_eq!(row.seconds, at("2025-12-07T18:00:00.123456Z"));
        assert_eq!(row.millis, at("2025-12-07T18:00:00.123Z"));
        assert_eq!(row.micros, at("2025-12-07T18:00:00.123456Z"));
        assert_eq!(row.nanos, at("2025-12-07T18:00:00.123456789Z"));
        assert_eq!(row.maybe, Some(at("2025-12-07T18:00:00.1235Z")));
        assert_eq!(
            serde_json::to_string(&row).unwrap(),
            r#"{"seconds":1765130400,"millis":1765130400123,"micros":1765130400123456,"nanos":1765130400123456789,"maybe":1765130400123}"#
        );
        // Negative, and floats with the digits JSON text holds.
        let row: Row = serde_json::from_str(
            r#"{"seconds": -1.5, "millis": -1, "micros": 0.5, "nanos": -1e3, "maybe": null}"#,
        )
        .unwrap();
        assert_eq!(row.seconds, at("1969-12-31T23:59:58.5Z"));
        assert_eq!(row.millis, at("1969-12-31T23:59:59.999Z"));
        assert_eq!(row.micros, at("1970-01-01T00:00:00.0000005Z"));
        assert_eq!(row.nanos, at("1969-12-31T23:59:59.999999Z"));
        assert_eq!(row.maybe, None);
        // Floors when writing.
        assert_eq!(
            serde_json::to_string(&row).unwrap(),
            r#"{"seconds":-2,"millis":-1,"micros":0,"nanos":-1000,"maybe":null}"#
        );
    }

    #[test]
    fn nanoseconds_beyond_i64() {
        #[derive(Debug, PartialEq, Serialize, Deserialize)]
        struct Nanos {
            #[serde(with = "tzsafe::serde::epoch_nanos")]
            at: DateTime<Utc>,
        }
        let far = Nanos {
            at: at("2300-01-01T00:00:00Z"),
        };
        let json = serde_json::to_string(&far).unwrap();
        assert_eq!(json, r#"{"at":10413792000000000000}"#);
        assert_eq!(serde_json::from_str::<Nanos>(&json).unwrap(), far);
    }

    #[test]
    fn errors() {
        let err = |json: &str| serde_json::from_str::<Row>(json).unwrap_err().to_string();
        assert_eq!(
            err(r#"{"seconds": "soon"}"#),
            "invalid Unix timestamp \"soon\": expected digits, optionally after '-' (at byte 0) at line 1 column 18"
        );
        assert_eq!(
            err(r#"{"seconds": true}"#),
            "invalid type: boolean `true`, expected a Unix timestamp in seconds: a number or a numeric string at line 1 column 16"
        );
        assert_eq!(
            err(r#"{"seconds": 1e300}"#),
            "invalid Unix timestamp \"1e300\": as seconds, the instant is outside the range chrono can represent (years -262143 to 262142) at line 1 column 17"
        );
    }
}
