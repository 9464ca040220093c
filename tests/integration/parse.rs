//! Tests: the timestamp parsers (`parse`, `parse_aware`, `parse_naive`,
//! `parse_rfc3339`) and `Display` for `MaybeAware`.

use chrono::{
    DateTime, Datelike, FixedOffset, NaiveDate, NaiveDateTime, NaiveTime, SecondsFormat, TimeDelta,
    Timelike, Utc,
};
use proptest::prelude::*;
use tzsafe::{
    parse, parse_aware, parse_date, parse_naive, parse_rfc3339, Error, ErrorKind, MaybeAware,
};

use crate::common;

// ---------------------------------------------------------------- helpers

/// A naive value; `nano` may hold a leap second (second 59, nano >= 1e9).
fn naive(y: i32, mo: u32, d: u32, h: u32, mi: u32, s: u32, nano: u32) -> NaiveDateTime {
    NaiveDate::from_ymd_opt(y, mo, d)
        .unwrap()
        .and_time(NaiveTime::from_hms_nano_opt(h, mi, s, nano).unwrap())
}

/// An aware value from its local (wall) time and offset in seconds.
fn aware(local: NaiveDateTime, offset: i32) -> DateTime<FixedOffset> {
    let offset = FixedOffset::east_opt(offset).unwrap();
    DateTime::from_naive_utc_and_offset(local.checked_sub_offset(offset).unwrap(), offset)
}

fn n(y: i32, mo: u32, d: u32, h: u32, mi: u32, s: u32, nano: u32) -> MaybeAware {
    MaybeAware::Naive(naive(y, mo, d, h, mi, s, nano))
}

#[allow(clippy::too_many_arguments)]
fn a(y: i32, mo: u32, d: u32, h: u32, mi: u32, s: u32, nano: u32, offset: i32) -> MaybeAware {
    MaybeAware::Aware(aware(naive(y, mo, d, h, mi, s, nano), offset))
}

const H: i32 = 3600;
const M: i32 = 60;

// `MaybeAware`'s `==` is structural: aware values are equal when both the
// instant and the offset are (chrono's `DateTime` `==` ignores the offset), so
// `assert_eq!` on `MaybeAware` checks the offset too.

fn show(result: &Result<MaybeAware, Error>) -> String {
    match result {
        Ok(value) => format!(
            "Ok({value:?} {})",
            value.aware().map_or(0, |x| x.offset().local_minus_utc())
        ),
        Err(e) => format!("Err({e})"),
    }
}

// ---------------------------------------------------------------- accepted forms

/// Every accepted form: input, value (offset included), `Display` of the value.
fn accepted() -> Vec<(&'static str, MaybeAware, &'static str)> {
    vec![
        // RFC 3339 section 5.6.
        (
            "2026-11-26T09:30:00Z",
            a(2026, 11, 26, 9, 30, 0, 0, 0),
            "2026-11-26T09:30:00Z",
        ),
        (
            "2026-11-26t09:30:00z",
            a(2026, 11, 26, 9, 30, 0, 0, 0),
            "2026-11-26T09:30:00Z",
        ),
        (
            "2026-11-26 09:30:00Z",
            a(2026, 11, 26, 9, 30, 0, 0, 0),
            "2026-11-26T09:30:00Z",
        ),
        (
            "2026-11-26T09:30:00+00:00",
            a(2026, 11, 26, 9, 30, 0, 0, 0),
            "2026-11-26T09:30:00Z",
        ),
        // -00:00: "local offset unknown", read as UTC.
        (
            "2026-11-26T09:30:00-00:00",
            a(2026, 11, 26, 9, 30, 0, 0, 0),
            "2026-11-26T09:30:00Z",
        ),
        (
            "2026-11-26T09:30:00+05:30",
            a(2026, 11, 26, 9, 30, 0, 0, 5 * H + 30 * M),
            "2026-11-26T09:30:00+05:30",
        ),
        (
            "1990-12-31T15:59:50.123-08:00",
            a(1990, 12, 31, 15, 59, 50, 123_000_000, -8 * H),
            "1990-12-31T15:59:50.123-08:00",
        ),
        (
            "1937-01-01T12:00:27.87+00:20",
            a(1937, 1, 1, 12, 0, 27, 870_000_000, 20 * M),
            "1937-01-01T12:00:27.870+00:20",
        ),
        (
            "2026-11-26T09:30:00.1Z",
            a(2026, 11, 26, 9, 30, 0, 100_000_000, 0),
            "2026-11-26T09:30:00.100Z",
        ),
        (
            "2026-11-26T09:30:00.12Z",
            a(2026, 11, 26, 9, 30, 0, 120_000_000, 0),
            "2026-11-26T09:30:00.120Z",
        ),
        (
            "2026-11-26T09:30:00.1234Z",
            a(2026, 11, 26, 9, 30, 0, 123_400_000, 0),
            "2026-11-26T09:30:00.123400Z",
        ),
        (
            "2026-11-26T09:30:00.12345678Z",
            a(2026, 11, 26, 9, 30, 0, 123_456_780, 0),
            "2026-11-26T09:30:00.123456780Z",
        ),
        (
            "2026-11-26T09:30:00.123456789Z",
            a(2026, 11, 26, 9, 30, 0, 123_456_789, 0),
            "2026-11-26T09:30:00.123456789Z",
        ),
        (
            "2026-11-26T09:30:00.000000000Z",
            a(2026, 11, 26, 9, 30, 0, 0, 0),
            "2026-11-26T09:30:00Z",
        ),
        // Digits beyond the 9th are read and truncated.
        (
            "1985-04-12T00:59:59.999999999999999Z",
            a(1985, 4, 12, 0, 59, 59, 999_999_999, 0),
            "1985-04-12T00:59:59.999999999Z",
        ),
        (
            "2026-11-26T09:30:00.1234567891234",
            n(2026, 11, 26, 9, 30, 0, 123_456_789),
            "2026-11-26T09:30:00.123456789",
        ),
        (
            "2026-11-26T23:30:00-23:59",
            a(2026, 11, 26, 23, 30, 0, 0, -(23 * H + 59 * M)),
            "2026-11-26T23:30:00-23:59",
        ),
        (
            "2026-11-26T00:30:00+23:59",
            a(2026, 11, 26, 0, 30, 0, 0, 23 * H + 59 * M),
            "2026-11-26T00:30:00+23:59",
        ),
        (
            "0000-01-01T00:00:00Z",
            a(0, 1, 1, 0, 0, 0, 0, 0),
            "0000-01-01T00:00:00Z",
        ),
        (
            "0001-01-01T00:00:00Z",
            a(1, 1, 1, 0, 0, 0, 0, 0),
            "0001-01-01T00:00:00Z",
        ),
        (
            "9999-12-31T23:59:59.999999999Z",
            a(9999, 12, 31, 23, 59, 59, 999_999_999, 0),
            "9999-12-31T23:59:59.999999999Z",
        ),
        (
            "2024-02-29T12:00:00Z",
            a(2024, 2, 29, 12, 0, 0, 0, 0),
            "2024-02-29T12:00:00Z",
        ),
        (
            "2000-02-29T12:00:00Z",
            a(2000, 2, 29, 12, 0, 0, 0, 0),
            "2000-02-29T12:00:00Z",
        ),
        // Leap seconds: second 60 where the UTC time is 23:59:60.
        (
            "1998-12-31T23:59:60Z",
            a(1998, 12, 31, 23, 59, 59, 1_000_000_000, 0),
            "1998-12-31T23:59:60Z",
        ),
        (
            "1998-12-31T15:59:60.123-08:00",
            a(1998, 12, 31, 15, 59, 59, 1_123_000_000, -8 * H),
            "1998-12-31T15:59:60.123-08:00",
        ),
        (
            "1999-01-01T05:29:60.5+05:30",
            a(1999, 1, 1, 5, 29, 59, 1_500_000_000, 5 * H + 30 * M),
            "1999-01-01T05:29:60.500+05:30",
        ),
        (
            "2016-12-31T23:59:60.999999999+00:00",
            a(2016, 12, 31, 23, 59, 59, 1_999_999_999, 0),
            "2016-12-31T23:59:60.999999999Z",
        ),
        // A naive 23:59:60 is read as a leap second.
        (
            "2016-12-31T23:59:60",
            n(2016, 12, 31, 23, 59, 59, 1_000_000_000),
            "2016-12-31T23:59:60",
        ),
        (
            "2016-12-31 23:59:60.25",
            n(2016, 12, 31, 23, 59, 59, 1_250_000_000),
            "2016-12-31T23:59:60.250",
        ),
        // Python's datetime.isoformat(), every timespec, naive and aware.
        (
            "2026-11-26T09",
            n(2026, 11, 26, 9, 0, 0, 0),
            "2026-11-26T09:00:00",
        ),
        (
            "2026-11-26T09+05:30",
            a(2026, 11, 26, 9, 0, 0, 0, 5 * H + 30 * M),
            "2026-11-26T09:00:00+05:30",
        ),
        (
            "2026-11-26T09Z",
            a(2026, 11, 26, 9, 0, 0, 0, 0),
            "2026-11-26T09:00:00Z",
        ),
        (
            "2026-11-26T09:30",
            n(2026, 11, 26, 9, 30, 0, 0),
            "2026-11-26T09:30:00",
        ),
        (
            "2026-11-26T09:30-03:00",
            a(2026, 11, 26, 9, 30, 0, 0, -3 * H),
            "2026-11-26T09:30:00-03:00",
        ),
        (
            "2026-11-26T09:30:00",
            n(2026, 11, 26, 9, 30, 0, 0),
            "2026-11-26T09:30:00",
        ),
        (
            "2026-11-26T09:30:00.123",
            n(2026, 11, 26, 9, 30, 0, 123_000_000),
            "2026-11-26T09:30:00.123",
        ),
        (
            "2026-11-26T09:30:00.123456",
            n(2026, 11, 26, 9, 30, 0, 123_456_000),
            "2026-11-26T09:30:00.123456",
        ),
        (
            "2026-11-26T09:30:00.000001+01:00",
            a(2026, 11, 26, 9, 30, 0, 1_000, H),
            "2026-11-26T09:30:00.000001+01:00",
        ),
        // str(datetime): a space.
        (
            "2026-11-26 09:30:00",
            n(2026, 11, 26, 9, 30, 0, 0),
            "2026-11-26T09:30:00",
        ),
        (
            "2026-11-26 09:30:00.123456+05:30",
            a(2026, 11, 26, 9, 30, 0, 123_456_000, 5 * H + 30 * M),
            "2026-11-26T09:30:00.123456+05:30",
        ),
        (
            "2026-11-26 09",
            n(2026, 11, 26, 9, 0, 0, 0),
            "2026-11-26T09:00:00",
        ),
        // Offsets with seconds (zoneinfo's local mean time before about 1900).
        (
            "1850-01-01T00:00:00+05:53:28",
            a(1850, 1, 1, 0, 0, 0, 0, 5 * H + 53 * M + 28),
            "1850-01-01T00:00:00+05:53:28",
        ),
        (
            "1883-11-18T12:03:57-04:56:02",
            a(1883, 11, 18, 12, 3, 57, 0, -(4 * H + 56 * M + 2)),
            "1883-11-18T12:03:57-04:56:02",
        ),
        (
            "2020-01-01T00:00:00-00:00:01",
            a(2020, 1, 1, 0, 0, 0, 0, -1),
            "2020-01-01T00:00:00-00:00:01",
        ),
        (
            "2020-01-01T00:00:00+23:59:59",
            a(2020, 1, 1, 0, 0, 0, 0, 86_399),
            "2020-01-01T00:00:00+23:59:59",
        ),
        // Python writes microseconds of an offset only when non-zero; zero ones are exact.
        (
            "0001-02-03T04:05:06.007000-05:30:28.000000",
            a(1, 2, 3, 4, 5, 6, 7_000_000, -(5 * H + 30 * M + 28)),
            "0001-02-03T04:05:06.007-05:30:28",
        ),
        // JavaScript's toISOString(), with expanded years.
        (
            "2026-11-26T09:30:00.123Z",
            a(2026, 11, 26, 9, 30, 0, 123_000_000, 0),
            "2026-11-26T09:30:00.123Z",
        ),
        (
            "-000001-01-01T00:00:00.000Z",
            a(-1, 1, 1, 0, 0, 0, 0, 0),
            "-000001-01-01T00:00:00Z",
        ),
        (
            "+010000-01-01T00:00:00.000Z",
            a(10_000, 1, 1, 0, 0, 0, 0, 0),
            "+010000-01-01T00:00:00Z",
        ),
        (
            "+002026-11-26T09:30:00.000Z",
            a(2026, 11, 26, 9, 30, 0, 0, 0),
            "2026-11-26T09:30:00Z",
        ),
        (
            "+000000-01-01T00:00:00Z",
            a(0, 1, 1, 0, 0, 0, 0, 0),
            "0000-01-01T00:00:00Z",
        ),
        (
            "-009999-12-31T23:59:59",
            n(-9999, 12, 31, 23, 59, 59, 0),
            "-009999-12-31T23:59:59",
        ),
        // chrono's limits, and one day beyond them where the UTC instant is inside.
        (
            "+262142-12-31T23:59:59.999999999Z",
            MaybeAware::Aware(DateTime::<Utc>::MAX_UTC.fixed_offset()),
            "+262142-12-31T23:59:59.999999999Z",
        ),
        (
            "-262143-01-01T00:00:00Z",
            MaybeAware::Aware(DateTime::<Utc>::MIN_UTC.fixed_offset()),
            "-262143-01-01T00:00:00Z",
        ),
        (
            "+262142-12-31T23:59:59.999999999",
            MaybeAware::Naive(NaiveDateTime::MAX),
            "+262142-12-31T23:59:59.999999999",
        ),
        (
            "-262143-01-01T00:00:00",
            MaybeAware::Naive(NaiveDateTime::MIN),
            "-262143-01-01T00:00:00",
        ),
        (
            "+262143-01-01T05:00:00+06:00",
            MaybeAware::Aware(DateTime::from_naive_utc_and_offset(
                naive(262_142, 12, 31, 23, 0, 0, 0),
                FixedOffset::east_opt(6 * H).unwrap(),
            )),
            "+262143-01-01T05:00:00+06:00",
        ),
        (
            "-262144-12-31T20:00:00-05:00",
            MaybeAware::Aware(DateTime::from_naive_utc_and_offset(
                naive(-262_143, 1, 1, 1, 0, 0, 0),
                FixedOffset::east_opt(-5 * H).unwrap(),
            )),
            "-262144-12-31T20:00:00-05:00",
        ),
    ]
}

#[test]
fn accepted_forms_have_exact_values_and_display() {
    for (input, expected, shown) in accepted() {
        let got = parse(input);
        assert!(
            got.as_ref().is_ok_and(|got| *got == expected),
            "{input:?}: got {}, expected {expected:?}",
            show(&got)
        );
        assert_eq!(expected.to_string(), shown, "display of {input:?}");
        // The displayed text reads back to the same value.
        let again = parse(shown).unwrap();
        assert_eq!(again, expected, "{shown:?} read back");
        // FromStr is parse.
        assert_eq!(input.parse::<MaybeAware>().unwrap(), expected, "{input:?}");
        // parse_aware / parse_naive agree with parse on the kind.
        match expected {
            MaybeAware::Aware(x) => {
                let y = parse_aware(input).unwrap();
                assert_eq!(MaybeAware::Aware(y), MaybeAware::Aware(x), "{input:?}");
                let err = parse_naive(input).unwrap_err();
                assert_eq!(err.kind(), ErrorKind::Parse, "{input:?}");
            }
            MaybeAware::Naive(x) => {
                assert_eq!(parse_naive(input).unwrap(), x, "{input:?}");
                let err = parse_aware(input).unwrap_err();
                assert_eq!(err.kind(), ErrorKind::Parse, "{input:?}");
                assert_eq!(err.position(), Some(input.len()), "{input:?}");
            }
        }
    }
}

#[test]
fn strict_rfc3339_reads_exactly_its_forms() {
    // Read by parse_rfc3339 (to the same value as parse).
    for input in [
        "2026-11-26T09:30:00Z",
        "2026-11-26t09:30:00z",
        "2026-11-26T09:30:00-00:00",
        "1937-01-01T12:00:27.87+00:20",
        "1985-04-12T00:59:59.999999999999999Z",
        "1998-12-31T15:59:60.123-08:00",
        "0000-01-01T00:00:00Z",
        "2026-11-26T09:30:00.000001+01:00",
    ] {
        let strict = parse_rfc3339(input).unwrap();
        let lenient = parse(input).unwrap();
        assert_eq!(MaybeAware::Aware(strict), lenient, "{input:?}");
    }
    // Read by parse only.
    for (input, position, message) in [
        (
            "2026-11-26 09:30:00Z",
            10,
            "expected 'T' or 't' between the date and the time",
        ),
        (
            "2026-11-26T09:30:00",
            19,
            "expected a UTC offset ('Z' or like '+05:30') after the time",
        ),
        (
            "2026-11-26T09:30:00.5",
            21,
            "expected a UTC offset ('Z' or like '+05:30') after the time",
        ),
        ("2026-11-26T09:30Z", 16, "expected ':' and the seconds"),
        // Regression test for: strict mode sent `T09Z` through the lenient tail
        // check and said "expected the end of the input" at byte 14.
        ("2026-11-26T09Z", 13, "expected ':' and the minutes"),
        ("2026-11-26T09", 13, "expected ':' and the minutes"),
        ("2026-11-26T09:3", 15, "expected 2-digit minutes"),
        ("2026-11-26T09:30:", 17, "expected 2-digit seconds"),
        (
            "1850-01-01T00:00:00+05:53:28",
            25,
            "expected the end of the input (RFC 3339 offsets have no seconds)",
        ),
        ("+002026-11-26T09:30:00Z", 0, "expected a 4-digit year"),
        ("-000001-01-01T00:00:00.000Z", 0, "expected a 4-digit year"),
        (
            "2026-11-26T09:30:00.5 ",
            21,
            "expected a UTC offset ('Z' or like '+05:30')",
        ),
        (
            "2026-11-26T09:30:00 ",
            19,
            "expected '.' and a fraction, or a UTC offset ('Z' or like '+05:30')",
        ),
        (
            "2026-11-26",
            10,
            "expected 'T' or 't' then a time; a date alone is not a timestamp",
        ),
    ] {
        let err = parse_rfc3339(input).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::Parse, "{input:?}");
        assert_eq!(err.position(), Some(position), "{input:?}: {err}");
        assert_eq!(
            err.to_string(),
            format!("invalid RFC 3339 timestamp {input:?}: {message} (at byte {position})"),
        );
    }
}

// ---------------------------------------------------------------- rejected forms

/// Rejected by `parse`: input, byte position, message after the quoted input.
const REJECTED: &[(&str, usize, &str)] = &[
    // Empty and bare numbers.
    ("", 0, "expected a timestamp like 2026-11-26T09:30:00Z, found an empty string"),
    ("1700000000", 4, "expected '-' after the year; a bare number is not a timestamp"),
    // Regression test for: a unix timestamp with a fraction was called the
    // basic format.
    ("1700000000.5", 4, "expected '-' after the year; a bare number is not a timestamp"),
    ("-1654646404.123456", 7, "expected '-' after the year; a bare number is not a timestamp"),
    ("123", 3, "expected a 4-digit year, or '+' or '-' and a 6-digit year"),
    ("x026-11-26T09:30:00Z", 0, "expected a 4-digit year, or '+' or '-' and a 6-digit year"),
    (" 2026-11-26T09:30:00Z", 0, "expected a 4-digit year, or '+' or '-' and a 6-digit year"),
    // A date alone.
    ("2026-11-26", 10, "expected 'T', 't' or ' ' then a time; a date alone is not a timestamp"),
    ("+012026-11-26", 13, "expected 'T', 't' or ' ' then a time; a date alone is not a timestamp"),
    // Separators other than T, t or one space.
    ("2026-11-26x09:30:00", 10, "expected 'T', 't' or ' ' between the date and the time"),
    ("2022-05-30_20:26:52Z", 10, "expected 'T', 't' or ' ' between the date and the time"),
    ("2026-11-26  09:30:00", 11, "expected a 2-digit hour"),
    ("2026-11-26\t09:30:00", 10, "expected 'T', 't' or ' ' between the date and the time"),
    ("2026/11/26T09:30:00", 4, "expected '-' after the year"),
    ("2026-11/26T09:30:00", 7, "expected '-' after the month"),
    // Single-digit and 3-digit fields.
    ("2026-1-26T09:30:00", 6, "expected a 2-digit month"),
    ("2026-11-6T09:30:00", 9, "expected a 2-digit day"),
    ("2026-11-26T9:30:00", 12, "expected a 2-digit hour"),
    ("2026-11-26T09:3:00", 15, "expected 2-digit minutes"),
    ("2026-11-26T09:30:0", 18, "expected 2-digit seconds"),
    ("2026-11-26T09:30:0Z", 18, "expected 2-digit seconds"),
    ("02026-11-26T09:30:00", 4, "expected '-' after the year; the basic format (20250102) is not read"),
    ("2026-011-26T09:30:00", 7, "expected '-' after the month"),
    ("2026-11-026T09:30:00", 10, "expected 'T', 't' or ' ' between the date and the time"),
    ("2026-11-26T009:30:00", 13, "expected ':' between the hour and the minutes; the basic format (0304) is not read"),
    ("2026-11-26T09:030:00", 16, "expected ':' and the seconds, a UTC offset or the end of the input"),
    ("2026-11-26T09:30:000", 19, "expected '.' and a fraction, a UTC offset or the end of the input"),
    // Regression test for: the hint's example was +275760, a year chrono
    // cannot hold (and parse refuses).
    ("+12026-11-26T09:30:00Z", 6, "expected 6 digits after the sign of an expanded year (like +012345)"),
    ("+1202611-26T09:30:00Z", 7, "expected '-' after the year; the basic format (20250102) is not read"),
    // Impossible dates.
    ("2026-02-30T10:00:00", 8, "day 30 does not exist in 2026-02"),
    ("2026-02-29T10:00:00", 8, "day 29 does not exist in 2026-02"),
    ("1900-02-29T10:00:00", 8, "day 29 does not exist in 1900-02"),
    ("2026-04-31T10:00:00", 8, "day 31 does not exist in 2026-04"),
    ("2026-01-32T10:00:00", 8, "day 32 does not exist in 2026-01"),
    ("2026-01-00T10:00:00", 8, "day 00 does not exist in 2026-01"),
    ("2026-13-01T10:00:00", 5, "month 13 does not exist (expected 01 to 12)"),
    ("2026-00-01T10:00:00", 5, "month 00 does not exist (expected 01 to 12)"),
    ("+012026-02-29T10:00:00Z", 11, "day 29 does not exist in +012026-02"),
    ("+262143-02-30T10:00:00Z", 11, "day 30 does not exist in +262143-02"),
    // Day and month errors come before later errors.
    ("2026-02-30T25:00:00", 8, "day 30 does not exist in 2026-02"),
    ("2026-02-30Tnope", 8, "day 30 does not exist in 2026-02"),
    // Hours, minutes, seconds out of range.
    ("2026-11-26T24:00:00", 11, "hour 24 does not exist (expected 00 to 23)"),
    ("2026-11-26T24", 11, "hour 24 does not exist (expected 00 to 23)"),
    ("2026-11-26T99:00", 11, "hour 99 does not exist (expected 00 to 23)"),
    ("2026-11-26T23:60:00", 14, "minute 60 does not exist (expected 00 to 59)"),
    ("2026-11-26T23:59:61", 17, "second 61 does not exist (expected 00 to 59, or 60 for a leap second)"),
    ("2026-11-26T23:59:99Z", 17, "second 99 does not exist (expected 00 to 59, or 60 for a leap second)"),
    // Out-of-range fields come before later syntax errors (the first offending byte).
    // Regression test for: ranges were checked after the whole time was read,
    // so a later syntax error hid an earlier out-of-range field.
    ("2026-11-26T25:00:0", 11, "hour 25 does not exist (expected 00 to 23)"),
    ("2026-11-26T25:0", 11, "hour 25 does not exist (expected 00 to 23)"),
    ("2026-11-26T25x", 11, "hour 25 does not exist (expected 00 to 23)"),
    ("2026-11-26T23:61:00.", 14, "minute 61 does not exist (expected 00 to 59)"),
    ("2026-11-26T23:59:61,5", 17, "second 61 does not exist (expected 00 to 59, or 60 for a leap second)"),
    // Leap seconds anywhere but 23:59:60 UTC (or a naive 23:59:60).
    ("2026-11-26T22:59:60", 17, "second 60 (a leap second) is only read at 23:59, not at 22:59"),
    ("2026-11-26T23:58:60", 17, "second 60 (a leap second) is only read at 23:59, not at 23:58"),
    ("1998-12-31T23:59:60+01:00", 17, "second 60 (a leap second) is only read where the time in UTC is 23:59:60, not at 22:59:60 UTC"),
    ("1998-12-31T23:58:60Z", 17, "second 60 (a leap second) is only read where the time in UTC is 23:59:60, not at 23:58:60 UTC"),
    ("1998-12-31T22:59:60Z", 17, "second 60 (a leap second) is only read where the time in UTC is 23:59:60, not at 22:59:60 UTC"),
    // Regression test for: with an offset that has seconds, the message named
    // the UTC minute with ":60" ("not at 23:59:60 UTC", which is allowed).
    ("1998-12-31T23:59:60+00:00:30", 17, "second 60 (a leap second) is only read where the time in UTC is 23:59:60, not at 23:59:30 UTC"),
    ("2016-12-31T24:59:60+01:00", 11, "hour 24 does not exist (expected 00 to 23)"),
    // Fractions.
    ("2026-11-26T09:30:00.", 20, "expected a digit after '.'"),
    ("2026-11-26T09:30:00.Z", 20, "expected a digit after '.'"),
    ("2025-01-02T03:04:05,6", 19, "expected '.' before a fraction of a second; ',' is not read as a decimal mark"),
    ("2026-11-26T09:30.5", 16, "expected ':' and the seconds, a UTC offset or the end of the input"),
    ("2026-11-26T09.5", 13, "expected ':' and the minutes, a UTC offset or the end of the input"),
    ("2026-11-26T09:30:00.5.5", 21, "expected a UTC offset or the end of the input"),
    // Offsets.
    ("2026-11-26T09:30:00+24:00", 20, "offset hour 24 is out of range (expected 00 to 23)"),
    ("2026-11-26T09:30:00-24:00", 20, "offset hour 24 is out of range (expected 00 to 23)"),
    ("2026-11-26T09:30:00+99:59", 20, "offset hour 99 is out of range (expected 00 to 23)"),
    ("2026-11-26T09:30:00+05:60", 23, "offset minute 60 does not exist (expected 00 to 59)"),
    ("2026-11-26T09:30:00+05:30:60", 26, "offset second 60 does not exist (expected 00 to 59)"),
    ("2025-01-02T03:04:05+0530", 22, "expected ':' between the offset hours and minutes (write +05:30, not +0530)"),
    ("2025-01-02T03:04:05+05", 22, "expected ':' and the offset minutes (write +05:30, not +05)"),
    ("2025-01-02T03:04:05+5:30", 21, "expected 2-digit offset hours"),
    ("2025-01-02T03:04:05+05:3", 24, "expected 2-digit offset minutes"),
    ("2025-01-02T03:04:05+05:3x", 24, "expected 2-digit offset minutes"),
    ("2025-01-02T03:04:05+", 20, "expected 2-digit offset hours"),
    // Regression test for: a short `:S` after the offset minutes was reported
    // as "expected ':' and offset seconds" at the colon.
    ("2025-01-02T03:04:05+05:30:0", 27, "expected 2-digit offset seconds"),
    ("2025-01-02T03:04:05+05:30:00.", 29, "expected 6 digits of offset microseconds"),
    ("2025-01-02T03:04:05+05:30:00.00001", 34, "expected 6 digits of offset microseconds"),
    ("2025-01-02T03:04:05+05:30:00.0000000", 35, "expected the end of the input"),
    ("2025-01-02T03:04:05+05:30:00,000000", 28, "expected '.' and 6 digits of offset microseconds, or the end of the input"),
    ("2025-01-02T03:04:05 +05:30", 19, "expected '.' and a fraction, a UTC offset or the end of the input"),
    ("2025-01-02T03:04:05 PST", 19, "expected '.' and a fraction, a UTC offset or the end of the input"),
    ("2025-01-02T03:04:05UTC", 19, "expected '.' and a fraction, a UTC offset or the end of the input"),
    ("2020-01-01T12:13:14.123456\u{2212}02:15", 26, "expected a UTC offset or the end of the input"),
    ("1963-06-19T08:30:06.28123+01:00Z", 31, "expected ':' and offset seconds, or the end of the input"),
    ("2026-11-26T09:30:00ZZ", 20, "expected the end of the input"),
    // Trailing characters, including whitespace and newlines.
    ("2026-11-26T09:30:00Z\n", 20, "expected the end of the input"),
    ("2026-11-26T09:30:00Z ", 20, "expected the end of the input"),
    ("2026-11-26T09:30:00+05:30 ", 25, "expected ':' and offset seconds, or the end of the input"),
    ("2026-11-26T09:30:00 ", 19, "expected '.' and a fraction, a UTC offset or the end of the input"),
    ("2026-11-26T09:30:00.123\n", 23, "expected a UTC offset or the end of the input"),
    ("2026-11-26T09:30\r\n", 16, "expected ':' and the seconds, a UTC offset or the end of the input"),
    ("2026-11-26T09 ", 13, "expected ':' and the minutes, a UTC offset or the end of the input"),
    ("2026-11-26T09:30:00\0", 19, "expected '.' and a fraction, a UTC offset or the end of the input"),
    // Truncated.
    ("2026-11-26T", 11, "expected a 2-digit hour"),
    ("2026-11-26T0", 12, "expected a 2-digit hour"),
    ("2026-11-26T09:", 14, "expected 2-digit minutes"),
    ("2026-11-26T09:30:", 17, "expected 2-digit seconds"),
    ("2026-11", 7, "expected '-' after the month"),
    ("2026-11-2", 9, "expected a 2-digit day"),
    ("2026-", 5, "expected a 2-digit month"),
    ("2026", 4, "expected '-' after the year; a bare number is not a timestamp"),
    ("+01", 3, "expected 6 digits after the sign of an expanded year (like +012345)"),
    ("-", 1, "expected 6 digits after the sign of an expanded year (like +012345)"),
    // Non-ASCII digits and other characters.
    ("1963-06-1\u{09EA}T00:00:00Z", 9, "expected a 2-digit day"),
    ("1963-06-11T0\u{09EA}:00:00Z", 12, "expected a 2-digit hour"),
    ("\u{09E8}020-01-01T00:00:00Z", 0, "expected a 4-digit year, or '+' or '-' and a 6-digit year"),
    ("2020\u{2013}01\u{2013}01T00:00:00Z", 4, "expected '-' after the year"),
    ("２０２６-11-26T09:30:00", 0, "expected a 4-digit year, or '+' or '-' and a 6-digit year"),
    ("2009-04-10\u{16C7}\u{16C7}12:15", 10, "expected 'T', 't' or ' ' between the date and the time"),
    // Forms Python's fromisoformat reads but nothing writes.
    ("20250102T030405", 4, "expected '-' after the year; the basic format (20250102) is not read"),
    ("20250102", 4, "expected '-' after the year; a bare number is not a timestamp"),
    ("2025-01-02T0304", 13, "expected ':' between the hour and the minutes; the basic format (0304) is not read"),
    ("2025-01-02T030405.678901", 13, "expected ':' between the hour and the minutes; the basic format (0304) is not read"),
    ("2025-W01-4", 5, "expected a 2-digit month; week dates (2025-W01-4) are not read"),
    // Regression test for: the basic week date got only "expected '-' after
    // the year", unlike the extended one.
    ("2025W014", 4, "expected '-' after the year; week dates (2025W014, 2025-W01-4) are not read"),
    ("2025W014T030405", 4, "expected '-' after the year; week dates (2025W014, 2025-W01-4) are not read"),
    ("2025-W01-4T03:04:05", 5, "expected a 2-digit month; week dates (2025-W01-4) are not read"),
    ("2013-350T01:01:01", 7, "expected '-' after the month"),
    ("2025-01-02T03:04:05+00", 22, "expected ':' and the offset minutes (write +05:30, not +05)"),
    ("2000-01-01T00+21", 16, "expected ':' and the offset minutes (write +05:30, not +05)"),
    // Other formats.
    ("06/19/1963 08:30:06 PST", 2, "expected a 4-digit year, or '+' or '-' and a 6-digit year"),
    ("Thu, 26 Nov 2026 09:30:00 GMT", 0, "expected a 4-digit year, or '+' or '-' and a 6-digit year"),
    ("-000000-01-01T00:00:00.000Z", 0, "year -000000 is not valid (write 0000 or +000000)"),
];

#[test]
fn rejected_forms_have_exact_positions_and_messages() {
    for &(input, position, message) in REJECTED {
        let err = parse(input).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::Parse, "{input:?}: {err}");
        assert_eq!(err.position(), Some(position), "{input:?}: {err}");
        let quoted = tzsafe_quote(input);
        assert_eq!(
            err.to_string(),
            format!("invalid timestamp \"{quoted}\": {message} (at byte {position})"),
            "{input:?}"
        );
        // parse_aware and parse_naive read the same grammar: an error too.
        assert!(parse_aware(input).is_err(), "{input:?}");
        assert!(parse_naive(input).is_err(), "{input:?}");
        assert!(parse_rfc3339(input).is_err(), "{input:?}");
        assert!(input.parse::<MaybeAware>().is_err(), "{input:?}");
    }
}

/// The quoting of error messages (`Error::parse`): control characters escaped.
fn tzsafe_quote(input: &str) -> String {
    input
        .chars()
        .map(|c| match c {
            '"' => "\\\"".to_owned(),
            '\\' => "\\\\".to_owned(),
            '\n' => "\\n".to_owned(),
            '\r' => "\\r".to_owned(),
            '\t' => "\\t".to_owned(),
            c if c.is_control() => format!("\\u{{{:x}}}", u32::from(c)),
            c => c.to_string(),
        })
        .collect()
}

#[test]
fn out_of_range_values_are_out_of_range_errors() {
    const YEAR: &str = "is outside the range chrono can represent (-262143 to +262142) (at byte 0)";
    const INSTANT: &str = "the instant is outside the range chrono can represent (at byte 0)";
    const MICROS: &str = "a UTC offset with a fraction of a second cannot be represented \
                          (chrono's FixedOffset holds whole seconds)";
    // Input, message, and the kind of parse_naive's error (which refuses an
    // offset as soon as it sees one, but reads the date first).
    let cases: Vec<(&str, String, ErrorKind)> = vec![
        (
            "+275760-09-13T00:00:00.000Z",
            format!("year +275760 {YEAR}"),
            ErrorKind::OutOfRange,
        ),
        (
            "-271822-01-01T00:00:00.000Z",
            format!("year -271822 {YEAR}"),
            ErrorKind::OutOfRange,
        ),
        (
            "+999999-12-31T23:59:59",
            format!("year +999999 {YEAR}"),
            ErrorKind::OutOfRange,
        ),
        // The day after chrono's last, where the UTC instant is beyond it too.
        (
            "+262143-01-01T00:00:00Z",
            format!("year +262143 {YEAR}"),
            ErrorKind::Parse,
        ),
        (
            "+262143-01-01T05:00:00+04:00",
            format!("year +262143 {YEAR}"),
            ErrorKind::Parse,
        ),
        // (parse_aware complains about the missing offset first.)
        (
            "+262143-01-01T00:00:00",
            format!("year +262143 {YEAR}"),
            ErrorKind::OutOfRange,
        ),
        (
            "+262143-01-02T05:00:00+06:00",
            format!("year +262143 {YEAR}"),
            ErrorKind::OutOfRange,
        ),
        (
            "-262144-12-31T20:00:00+05:00",
            format!("year -262144 {YEAR}"),
            ErrorKind::Parse,
        ),
        // Inside chrono's dates, outside its instants.
        (
            "+262142-12-31T23:00:00-05:00",
            INSTANT.to_owned(),
            ErrorKind::Parse,
        ),
        (
            "-262143-01-01T00:30:00+01:00",
            INSTANT.to_owned(),
            ErrorKind::Parse,
        ),
        // Python's offsets with microseconds: chrono's FixedOffset holds whole seconds.
        (
            "0001-02-03T04:05:06.007000-05:30:28.000005",
            format!("{MICROS} (at byte 35)"),
            ErrorKind::Parse,
        ),
        (
            "2026-11-26T09:30:00+00:00:01.000005",
            format!("{MICROS} (at byte 28)"),
            ErrorKind::Parse,
        ),
    ];
    for (input, message, naive_kind) in cases {
        let err = parse(input).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::OutOfRange, "{input:?}: {err}");
        assert!(err.is_out_of_range());
        assert_eq!(
            err.to_string(),
            format!("invalid timestamp \"{input}\": {message}")
        );
        let aware_kind = if input == "+262143-01-01T00:00:00" {
            ErrorKind::Parse
        } else {
            ErrorKind::OutOfRange
        };
        assert_eq!(
            parse_aware(input).unwrap_err().kind(),
            aware_kind,
            "{input:?}"
        );
        assert_eq!(
            parse_naive(input).unwrap_err().kind(),
            naive_kind,
            "{input:?}"
        );
    }
}

// ---------------------------------------------------------------- parse_aware / parse_naive

#[test]
fn parse_aware_requires_an_offset_at_the_end_of_the_time() {
    for (input, position) in [
        ("2026-11-26T09:30:00", 19),
        ("2026-11-26 09:30:00.123456", 26),
        ("2026-11-26T09", 13),
        ("2026-11-26T09:30", 16),
        ("2016-12-31T23:59:60", 19),
    ] {
        let err = parse_aware(input).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::Parse);
        assert_eq!(err.position(), Some(position), "{input:?}");
        assert_eq!(
            err.to_string(),
            format!(
                "invalid timestamp \"{input}\": expected a UTC offset ('Z' or like '+05:30') \
                 after the time (at byte {position})"
            )
        );
    }
    // Other errors are those of parse.
    assert_eq!(
        parse_aware("2026-02-30T10:00:00Z").unwrap_err().to_string(),
        parse("2026-02-30T10:00:00Z").unwrap_err().to_string()
    );
}

#[test]
fn parse_naive_refuses_an_offset_and_points_at_it() {
    for (input, position) in [
        ("2026-11-26T09:30:00Z", 19),
        ("2026-11-26T09:30:00z", 19),
        ("2026-11-26T09:30:00+00:00", 19),
        ("2026-11-26T09:30:00-00:00", 19),
        ("2026-11-26T09:30:00.123+05:30", 23),
        ("2026-11-26T09+05:30", 13),
        ("2026-11-26T09:30-05:00", 16),
        ("1850-01-01T00:00:00+05:53:28", 19),
        // Even a malformed one: an offset is refused before it is read.
        ("2026-11-26T09:30:00+99:99", 19),
        ("2026-11-26T09:30:00Zjunk", 19),
    ] {
        let err = parse_naive(input).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::Parse);
        assert_eq!(err.position(), Some(position), "{input:?}");
        assert_eq!(
            err.to_string(),
            format!(
                "invalid timestamp \"{input}\": expected the end of the input, not a UTC offset \
                 (parse_naive never drops one) (at byte {position})"
            )
        );
    }
    assert_eq!(
        parse_naive("2026-11-26T09:30:00.5").unwrap(),
        naive(2026, 11, 26, 9, 30, 0, 500_000_000)
    );
}

// ---------------------------------------------------------------- parse_date

#[test]
fn parse_date_reads_the_dates_of_timestamps() {
    let ymd = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap();
    for (text, date) in [
        ("2026-11-30", ymd(2026, 11, 30)),
        ("0000-01-01", ymd(0, 1, 1)),
        ("+012345-01-02", ymd(12345, 1, 2)),
        ("+002026-11-30", ymd(2026, 11, 30)),
        ("+000000-02-29", ymd(0, 2, 29)),
        ("-000044-03-15", ymd(-44, 3, 15)),
        ("-262143-01-01", NaiveDate::MIN),
        ("+262142-12-31", NaiveDate::MAX),
        ("2024-02-29", ymd(2024, 2, 29)),
    ] {
        assert_eq!(parse_date(text).unwrap(), date, "{text}");
        let at_midnight = parse(&format!("{text}T00:00")).unwrap();
        assert_eq!(at_midnight.naive().unwrap().date(), date, "{text}");
    }
}

#[test]
fn parse_date_errors_have_exact_positions_and_messages() {
    // Regression test for: review finding — the models' own date reader's
    // messages differed from `tzsafe::parse`'s, unsigned 5-digit years were
    // read, and a year outside chrono's range was a parse error. (Moved here
    // from the models' serde when they started using `parse_date`.)
    for (bad, kind, message, position) in [
            ("2026-02-30", ErrorKind::Parse, "invalid date \"2026-02-30\": day 30 does not exist in 2026-02 (at byte 8)", Some(8)),
            ("2100-02-29", ErrorKind::Parse, "invalid date \"2100-02-29\": day 29 does not exist in 2100-02 (at byte 8)", Some(8)),
            ("2026-13-01", ErrorKind::Parse, "invalid date \"2026-13-01\": month 13 does not exist (expected 01 to 12) (at byte 5)", Some(5)),
            ("+999999-13-01", ErrorKind::Parse, "invalid date \"+999999-13-01\": month 13 does not exist (expected 01 to 12) (at byte 8)", Some(8)),
            ("2026-1-05", ErrorKind::Parse, "invalid date \"2026-1-05\": expected a 2-digit month (at byte 6)", Some(6)),
            ("26-11-30", ErrorKind::Parse, "invalid date \"26-11-30\": expected a 4-digit year, or '+' or '-' and a 6-digit year (at byte 2)", Some(2)),
            ("2026-11-30T00:00", ErrorKind::Parse, "invalid date \"2026-11-30T00:00\": expected the end of the input (at byte 10)", Some(10)),
            ("2026-11-30 ", ErrorKind::Parse, "invalid date \"2026-11-30 \": expected the end of the input (at byte 10)", Some(10)),
            ("", ErrorKind::Parse, "invalid date \"\": expected a date like 2026-11-30, found an empty string (at byte 0)", Some(0)),
            ("2026-11-3", ErrorKind::Parse, "invalid date \"2026-11-3\": expected a 2-digit day (at byte 9)", Some(9)),
            ("2026-11", ErrorKind::Parse, "invalid date \"2026-11\": expected '-' after the month (at byte 7)", Some(7)),
            ("12345-01-02", ErrorKind::Parse, "invalid date \"12345-01-02\": expected '-' after the year; a year beyond 9999 is written with a sign and 6 digits, like +012345 (at byte 4)", Some(4)),
            ("9999999-01-01", ErrorKind::Parse, "invalid date \"9999999-01-01\": expected '-' after the year; a year beyond 9999 is written with a sign and 6 digits, like +012345 (at byte 4)", Some(4)),
            ("+12345-01-02", ErrorKind::Parse, "invalid date \"+12345-01-02\": expected 6 digits after the sign of an expanded year (like +012345) (at byte 6)", Some(6)),
            ("-0044-03-15", ErrorKind::Parse, "invalid date \"-0044-03-15\": expected 6 digits after the sign of an expanded year (like +012345) (at byte 5)", Some(5)),
            ("+", ErrorKind::Parse, "invalid date \"+\": expected 6 digits after the sign of an expanded year (like +012345) (at byte 1)", Some(1)),
            ("-000000-01-01", ErrorKind::Parse, "invalid date \"-000000-01-01\": year -000000 is not valid (write 0000 or +000000) (at byte 0)", Some(0)),
            ("+1234567-01-01", ErrorKind::Parse, "invalid date \"+1234567-01-01\": expected '-' after the year; a year beyond 9999 is written with a sign and 6 digits, like +012345 (at byte 7)", Some(7)),
            ("2026-11-30\u{e9}", ErrorKind::Parse, "invalid date \"2026-11-30\u{e9}\": expected the end of the input (at byte 10)", Some(10)),
            ("+999999-01-01", ErrorKind::OutOfRange, "invalid date \"+999999-01-01\": year +999999 is outside the range chrono can represent (-262143 to +262142) (at byte 0)", None),
            ("-262144-12-31", ErrorKind::OutOfRange, "invalid date \"-262144-12-31\": year -262144 is outside the range chrono can represent (-262143 to +262142) (at byte 0)", None),
    ] {
        let err = parse_date(bad).unwrap_err();
        assert_eq!(err.to_string(), message, "{bad}");
        assert_eq!(err.kind(), kind, "{bad}");
        assert_eq!(err.position(), position, "{bad}");
    }
}

proptest! {
    /// One grammar: a date is read alike alone and at the start of a
    /// timestamp, to the same value, and an error inside it is at the same
    /// byte with the same kind.
    #[test]
    fn dates_read_alike_alone_and_in_timestamps(
        date in "[+-]?[0-9]{0,7}(-[0-9W]{0,3}){0,2}",
    ) {
        let alone = parse_date(&date);
        let within = parse(&format!("{date}T00:00"));
        match (&alone, &within) {
            (Ok(d), Ok(t)) => prop_assert_eq!(Some(*d), t.naive().map(|t| t.date())),
            (Ok(d), Err(e)) => prop_assert!(false, "{date}: date {d}, timestamp {e}"),
            (Err(a), Ok(t)) => prop_assert!(false, "{date}: date {a}, timestamp {t}"),
            (Err(a), Err(t)) => {
                prop_assert_eq!(a.kind(), t.kind(), "{}: {} / {}", date, a, t);
                if a.position().is_some_and(|at| at < date.len()) {
                    prop_assert_eq!(a.position(), t.position(), "{}: {} / {}", date, a, t);
                }
            }
        }
    }
}

// ---------------------------------------------------------------- conformance corpora

struct Case {
    description: String,
    input: String,
    valid: bool,
}

fn suite(name: &str) -> Vec<Case> {
    let text = std::fs::read_to_string(common::data(name)).unwrap();
    let json: serde_json::Value = serde_json::from_str(&text).unwrap();
    json["cases"]
        .as_array()
        .unwrap()
        .iter()
        .map(|case| Case {
            description: case["description"].as_str().unwrap().to_owned(),
            input: case["input"].as_str().unwrap().to_owned(),
            valid: case["valid"].as_bool().unwrap(),
        })
        .collect()
}

#[test]
fn rfc3339_date_time_suite() {
    let cases = suite("rfc3339/date-time.json");
    assert_eq!(cases.len(), 27);
    for case in cases {
        let strict = parse_rfc3339(&case.input);
        let lenient = parse(&case.input);
        assert_eq!(
            strict.is_ok(),
            case.valid,
            "{}: {:?}",
            case.description,
            case.input
        );
        // The lenient parser agrees on every case of this suite.
        assert_eq!(
            lenient.is_ok(),
            case.valid,
            "{}: {:?}",
            case.description,
            case.input
        );
        if let Ok(strict) = strict {
            assert_eq!(
                MaybeAware::Aware(strict),
                lenient.unwrap(),
                "{:?}",
                case.input
            );
        } else {
            assert_eq!(
                strict.unwrap_err().kind(),
                ErrorKind::Parse,
                "{:?}",
                case.input
            );
        }
    }
}

#[test]
fn rfc3339_date_suite_wrapped_in_a_date_time() {
    let cases = suite("rfc3339/date.json");
    assert_eq!(cases.len(), 75);
    for case in cases {
        // `{date}T00:00:00Z` is a date-time exactly when `{date}` is a full-date.
        let wrapped = format!("{}T00:00:00Z", case.input);
        assert_eq!(
            parse_rfc3339(&wrapped).is_ok(),
            case.valid,
            "{}: {wrapped:?}",
            case.description
        );
        assert_eq!(
            parse(&wrapped).is_ok(),
            case.valid,
            "{}: {wrapped:?}",
            case.description
        );
        // A date alone is never a timestamp, and the error says so.
        if case.valid {
            let err = parse(&case.input).unwrap_err();
            assert_eq!(err.position(), Some(10), "{:?}", case.input);
            assert!(
                err.to_string().contains("a date alone is not a timestamp"),
                "{err}"
            );
        }
    }
}

#[test]
fn rfc3339_time_suite_wrapped_in_a_date_time() {
    let cases = suite("rfc3339/time.json");
    assert_eq!(cases.len(), 41);
    for case in cases {
        // `1998-12-31T{time}` is a date-time exactly when `{time}` is a full-time
        // (leap seconds are checked against UTC, wherever the day falls).
        let wrapped = format!("1998-12-31T{}", case.input);
        assert_eq!(
            parse_rfc3339(&wrapped).is_ok(),
            case.valid,
            "{}: {wrapped:?}",
            case.description
        );
    }
    // The lenient parser also reads a time without an offset (Python's naive
    // isoformat): the suite's invalid cases it reads are exactly these.
    let lenient_extra: Vec<String> = suite("rfc3339/time.json")
        .into_iter()
        .filter(|case| !case.valid && parse(&format!("1998-12-31T{}", case.input)).is_ok())
        .map(|case| case.input)
        .collect();
    assert_eq!(lenient_extra, ["12:00:00", "12:00:00.52"]);
}

/// speedate's error corpus: lines that are not comments.
fn speedate_errors() -> Vec<String> {
    std::fs::read_to_string(common::data("speedate/values_err.txt"))
        .unwrap()
        .lines()
        .filter(|line| !line.is_empty() && !line.starts_with('#'))
        .map(str::to_owned)
        .collect()
}

#[test]
fn speedate_error_corpus() {
    let lines = speedate_errors();
    assert_eq!(lines.len(), 78);
    for line in &lines {
        assert!(parse_rfc3339(line).is_err(), "{line:?}");
    }
    // The lenient parser reads three of them, on purpose:
    let read: Vec<(&str, MaybeAware)> = lines
        .iter()
        .filter_map(|line| parse(line).ok().map(|value| (line.as_str(), value)))
        .collect();
    assert_eq!(
        read,
        [
            // Python's isoformat(timespec="hours") writes this.
            ("2025-01-02T03", n(2025, 1, 2, 3, 0, 0, 0)),
            // RFC 3339 allows any number of fraction digits; the 7th and
            // beyond are truncated (CPython refuses 7 digits in some versions).
            (
                "2025-01-02T03:04:05.6789010",
                n(2025, 1, 2, 3, 4, 5, 678_901_000)
            ),
            (
                "2009-04-19T03:15:45.1234567",
                n(2009, 4, 19, 3, 15, 45, 123_456_700)
            ),
        ]
    );
}

/// The value speedate's normalised output denotes, read by chrono rather than
/// by the parser under test: RFC 3339 with `Z` or `+HH:MM` when it has an
/// offset, else `%Y-%m-%dT%H:%M:%S%.f` (chrono's `NaiveDateTime::from_str`).
fn speedate_value(text: &str) -> MaybeAware {
    match DateTime::parse_from_rfc3339(text) {
        Ok(aware) => MaybeAware::Aware(aware),
        Err(_) => MaybeAware::Naive(
            text.parse::<NaiveDateTime>()
                .unwrap_or_else(|e| panic!("speedate wrote {text:?}: {e}")),
        ),
    }
}

#[test]
fn speedate_value_reads_both_kinds() {
    assert_eq!(
        speedate_value("2022-05-30T21:26:52.361000+01:00"),
        a(2022, 5, 30, 21, 26, 52, 361_000_000, H)
    );
    assert_eq!(
        speedate_value("2022-05-30T20:26:52Z"),
        a(2022, 5, 30, 20, 26, 52, 0, 0)
    );
    assert_eq!(
        speedate_value("2025-01-02T03:04:05.678901"),
        n(2025, 1, 2, 3, 4, 5, 678_901_000)
    );
    assert_eq!(
        speedate_value("2025-01-02T03:04:00"),
        n(2025, 1, 2, 3, 4, 0, 0)
    );
}

#[test]
fn speedate_ok_corpus() {
    let text = std::fs::read_to_string(common::data("speedate/values_ok.txt")).unwrap();
    let mut read = 0;
    let mut refused = Vec::new();
    for line in text.lines() {
        let Some(rest) = line
            .strip_prefix("dt: ")
            .or_else(|| line.strip_prefix("date: "))
            .or_else(|| line.strip_prefix("time: "))
        else {
            continue;
        };
        let (input, expected) = rest.split_once(" -> ").unwrap();
        if !line.starts_with("dt: ") {
            // A date or a time alone is not a timestamp.
            assert!(parse(input).is_err(), "{input:?}");
            continue;
        }
        match parse(input) {
            Ok(value) => {
                // speedate writes microseconds and `Z`: the same value (and
                // offset: `==` compares it).
                assert_eq!(value, speedate_value(expected), "{input:?}");
                read += 1;
            }
            Err(err) => {
                assert_eq!(err.kind(), ErrorKind::Parse, "{input:?}");
                refused.push(input);
            }
        }
    }
    assert_eq!(read, 38);
    // Forms speedate (and Python's fromisoformat) read that no Python or
    // JavaScript code writes: `_` as separator, `,` as decimal mark, offsets
    // without a colon.
    assert_eq!(
        refused,
        [
            "2022-05-30_20:26:52Z",
            "2022-05-30_20:26:52z",
            "2022-05-30_20:26:52.361Z",
            "2022-05-30_20:26:52.361000Z",
            "2022-05-30_20:26:52.361z",
            "2022-05-30_20:26:52.361000z",
            "2025-01-02T03:04:05,6",
            "2025-01-02T03:04:05,678901",
            "2025-01-02T03:04:05,678",
            "2025-01-02T03:05:06+0300",
            "2025-01-02T03:05:06-0300",
            "2025-01-02T03:04:05+0000",
            "2020-01-01T03:05:07.123457-0500",
            "2020-06-01T04:05:06.111111-0400",
            "2021-10-31T01:30:00.000000+0100",
            "2025-01-02T03:04:05,678+00:00",
        ]
    );
}

#[test]
fn speedate_param_cases() {
    let text = std::fs::read_to_string(common::data("speedate/param_cases.json")).unwrap();
    let json: serde_json::Value = serde_json::from_str(&text).unwrap();
    let mut refused = Vec::new();
    for case in json["cases"].as_array().unwrap() {
        if case["type"] != "DateTime" {
            continue;
        }
        let input = case["input"].as_str().unwrap();
        let got = parse(input);
        if case["result"] == "err" {
            assert!(got.is_err(), "{input:?}");
            assert!(parse_rfc3339(input).is_err(), "{input:?}");
            continue;
        }
        match got {
            Ok(value) => {
                let expected = speedate_value(case["expected_display"].as_str().unwrap());
                assert_eq!(value, expected, "{input:?}");
            }
            Err(_) => refused.push(input.to_owned()),
        }
    }
    // Read by speedate's lenient mode, not here: U+2212 as minus, offsets without
    // a colon, `,` as decimal mark, `_` as separator, and unix timestamps.
    assert_eq!(
        refused,
        [
            "2020-01-01T12:13:14.123456\u{2212}02:15",
            "2020-01-01T12:13:14+1234",
            "2020-01-01 12:13:14,123z",
            "2020-01-01_12:13:14,123z",
            "1654646400",
            "1654646404",
            "-1654646400",
            "-1654646404",
            "1654646404.5",
            "1654646404.123456",
            "1735624581.348192",
            "1654646404000.5",
            "1654646404123.456",
            "-1654646404.123456",
            "-1654646404000.123",
            "1654646404.",
            "1654646404000.",
        ]
    );
}

// ---------------------------------------------------------------- Display

#[test]
fn display_writes_rfc3339_and_iso_8601() {
    let cases: Vec<(MaybeAware, &str)> = vec![
        (n(2026, 11, 26, 9, 30, 0, 0), "2026-11-26T09:30:00"),
        (
            n(2026, 11, 26, 9, 30, 0, 100_000_000),
            "2026-11-26T09:30:00.100",
        ),
        (
            n(2026, 11, 26, 9, 30, 0, 120_000),
            "2026-11-26T09:30:00.000120",
        ),
        (
            n(2026, 11, 26, 9, 30, 0, 1),
            "2026-11-26T09:30:00.000000001",
        ),
        (
            n(2026, 11, 26, 9, 30, 0, 999_999_999),
            "2026-11-26T09:30:00.999999999",
        ),
        (
            a(2026, 11, 26, 9, 30, 0, 123_000_000, 5 * H + 30 * M),
            "2026-11-26T09:30:00.123+05:30",
        ),
        (a(2026, 11, 26, 9, 30, 0, 0, 0), "2026-11-26T09:30:00Z"),
        (
            a(2026, 11, 26, 9, 30, 0, 0, -(9 * H + 30 * M)),
            "2026-11-26T09:30:00-09:30",
        ),
        (
            a(1850, 1, 1, 0, 0, 0, 0, 5 * H + 53 * M + 28),
            "1850-01-01T00:00:00+05:53:28",
        ),
        (
            a(1850, 1, 1, 0, 0, 0, 0, -(5 * H + 53 * M + 28)),
            "1850-01-01T00:00:00-05:53:28",
        ),
        (
            a(2020, 1, 1, 0, 0, 0, 0, -1),
            "2020-01-01T00:00:00-00:00:01",
        ),
        (
            a(2020, 1, 1, 0, 0, 0, 0, -86_399),
            "2020-01-01T00:00:00-23:59:59",
        ),
        (n(0, 1, 1, 0, 0, 0, 0), "0000-01-01T00:00:00"),
        (n(9999, 12, 31, 23, 59, 59, 0), "9999-12-31T23:59:59"),
        (n(10_000, 1, 1, 0, 0, 0, 0), "+010000-01-01T00:00:00"),
        (n(-1, 12, 31, 0, 0, 0, 0), "-000001-12-31T00:00:00"),
        (a(-44, 3, 15, 12, 0, 0, 0, 0), "-000044-03-15T12:00:00Z"),
        (
            MaybeAware::Naive(NaiveDateTime::MAX),
            "+262142-12-31T23:59:59.999999999",
        ),
        (
            MaybeAware::Naive(NaiveDateTime::MIN),
            "-262143-01-01T00:00:00",
        ),
        (
            MaybeAware::Aware(DateTime::<Utc>::MAX_UTC.fixed_offset()),
            "+262142-12-31T23:59:59.999999999Z",
        ),
        // Leap seconds as :60.
        (
            n(2016, 12, 31, 23, 59, 59, 1_000_000_000),
            "2016-12-31T23:59:60",
        ),
        (
            a(2016, 12, 31, 18, 59, 59, 1_500_000_000, -5 * H),
            "2016-12-31T18:59:60.500-05:00",
        ),
        // A leap second chrono holds elsewhere is written as :60 too (it does
        // not read back: see `leap_seconds_elsewhere_do_not_round_trip`).
        (
            n(2016, 12, 31, 10, 30, 59, 1_000_000_000),
            "2016-12-31T10:30:60",
        ),
    ];
    for (value, expected) in cases {
        assert_eq!(value.to_string(), expected, "{value:?}");
    }
    // Width and alignment apply.
    let value = n(2026, 11, 26, 9, 30, 0, 0);
    assert_eq!(format!("[{value:>21}]"), "[  2026-11-26T09:30:00]");
    assert_eq!(format!("[{value:<20}]"), "[2026-11-26T09:30:00 ]");
}

#[test]
fn display_of_local_times_beyond_chrono_range() {
    // chrono holds these instants but not their wall times: they are written
    // with the year just outside its range, and read back.
    let max = DateTime::<Utc>::MAX_UTC.with_timezone(&FixedOffset::east_opt(5 * H).unwrap());
    assert_eq!(
        MaybeAware::from(max).to_string(),
        "+262143-01-01T04:59:59.999999999+05:00"
    );
    let min = DateTime::<Utc>::MIN_UTC.with_timezone(&FixedOffset::west_opt(86_399).unwrap());
    assert_eq!(
        MaybeAware::from(min).to_string(),
        "-262144-12-31T00:00:01-23:59:59"
    );
    for value in [MaybeAware::from(max), MaybeAware::from(min)] {
        assert_eq!(parse(&value.to_string()).unwrap(), value);
    }
}

// chrono's `checked_add_offset` keeps a leap second's nanoseconds when an
// offset with seconds moves it off second 59; Display writes the next second
// as chrono does, not an impossible `:60`. The documented exceptions to
// `parse(display(x)) == x`.
#[test]
fn leap_seconds_elsewhere_do_not_round_trip() {
    // A leap second chrono holds at 10:30 (naive) cannot be written so that
    // it reads back: parse refuses a naive :60 anywhere but at 23:59.
    let odd = n(2016, 12, 31, 10, 30, 59, 1_000_000_000);
    assert_eq!(
        parse(&odd.to_string()).unwrap_err().kind(),
        ErrorKind::Parse
    );
    // A leap second at 23:59:60 UTC with an offset that has seconds: the wall
    // time's second is not 59, and it shows as the next second, like chrono.
    let utc = naive(2016, 12, 31, 23, 59, 59, 1_250_000_000);
    let offset = FixedOffset::east_opt(30).unwrap();
    let value = MaybeAware::Aware(DateTime::from_naive_utc_and_offset(utc, offset));
    assert_eq!(value.to_string(), "2017-01-01T00:00:30.250+00:00:30");
    let read = parse(&value.to_string()).unwrap();
    assert_eq!(
        read.aware().unwrap().naive_utc(),
        naive(2017, 1, 1, 0, 0, 0, 250_000_000)
    );
}

#[test]
fn display_matches_chrono_where_chrono_writes_rfc3339() {
    // chrono's AutoSi format is ours for years 0-9999 and offsets in minutes.
    let value = aware(
        naive(2026, 11, 26, 9, 30, 0, 123_456_000),
        -(3 * H + 30 * M),
    );
    assert_eq!(
        MaybeAware::Aware(value).to_string(),
        value.to_rfc3339_opts(SecondsFormat::AutoSi, true)
    );
}

// ---------------------------------------------------------------- properties

/// Any date chrono holds.
fn any_date() -> impl Strategy<Value = NaiveDate> {
    let min = NaiveDate::MIN.num_days_from_ce();
    let max = NaiveDate::MAX.num_days_from_ce();
    prop_oneof![
        (min..=max).prop_map(|days| NaiveDate::from_num_days_from_ce_opt(days).unwrap()),
        // Years 0-9999 more often, and the edges.
        (-365i32..=3_652_059).prop_map(|days| NaiveDate::from_num_days_from_ce_opt(days).unwrap()),
        prop_oneof![Just(NaiveDate::MIN), Just(NaiveDate::MAX)],
    ]
}

/// Any time of day, with any fraction (including none, 3 and 6 digits).
fn any_time() -> impl Strategy<Value = NaiveTime> {
    (
        0u32..86_400,
        prop_oneof![
            Just(0u32),
            (0u32..1000).prop_map(|ms| ms * 1_000_000),
            (0u32..1_000_000).prop_map(|us| us * 1000),
            0u32..1_000_000_000,
        ],
    )
        .prop_map(|(secs, nanos)| {
            NaiveTime::from_num_seconds_from_midnight_opt(secs, nanos).unwrap()
        })
}

/// Any offset chrono holds: whole minutes mostly, with seconds sometimes.
fn any_offset() -> impl Strategy<Value = FixedOffset> {
    prop_oneof![
        Just(0),
        (-1439i32..=1439).prop_map(|minutes| minutes * 60),
        -86_399i32..=86_399,
    ]
    .prop_map(|secs| FixedOffset::east_opt(secs).unwrap())
}

fn any_naive() -> impl Strategy<Value = NaiveDateTime> {
    (any_date(), any_time()).prop_map(|(date, time)| date.and_time(time))
}

/// A date in the years 0000-9999 (RFC 3339's).
fn four_digit_date() -> impl Strategy<Value = NaiveDate> {
    (-365i32..=3_652_059).prop_map(|days| NaiveDate::from_num_days_from_ce_opt(days).unwrap())
}

/// Any aware value: any UTC instant chrono holds, in any offset (its wall time
/// may lie a day beyond chrono's dates).
fn any_aware() -> impl Strategy<Value = DateTime<FixedOffset>> {
    (any_naive(), any_offset())
        .prop_map(|(utc, offset)| DateTime::from_naive_utc_and_offset(utc, offset))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(4096))]

    #[test]
    fn display_round_trips_naive(value in any_naive()) {
        let value = MaybeAware::Naive(value);
        let text = value.to_string();
        let read = parse(&text).unwrap();
        prop_assert_eq!(read, value, "{}", text);
        prop_assert_eq!(parse_naive(&text).unwrap(), value.naive().unwrap());
    }

    #[test]
    fn display_round_trips_aware(value in any_aware()) {
        let value = MaybeAware::Aware(value);
        let text = value.to_string();
        let read = parse(&text).unwrap();
        prop_assert_eq!(read, value, "{}", text);
        let aware = parse_aware(&text).unwrap();
        prop_assert_eq!(MaybeAware::Aware(aware), value);
        // RFC 3339 proper: 4-digit years, offsets in minutes.
        let local_year = text.get(..1).is_some_and(|c| c != "+" && c != "-");
        if local_year && value.aware().unwrap().offset().local_minus_utc() % 60 == 0 {
            let strict = parse_rfc3339(&text).unwrap();
            prop_assert_eq!(MaybeAware::Aware(strict), value);
        }
    }

    #[test]
    fn display_round_trips_leap_seconds_at_23_59_utc(
        date in any_date(),
        nanos in 1_000_000_000u32..2_000_000_000,
        minutes in -1439i32..=1439,
    ) {
        // Naive: at 23:59:60 wall time.
        let value = MaybeAware::Naive(date.and_time(NaiveTime::from_hms_nano_opt(23, 59, 59, nanos).unwrap()));
        let text = value.to_string();
        prop_assert!(text.contains("23:59:60"), "{}", text);
        prop_assert_eq!(parse(&text).unwrap(), value, "{}", text);
        // Aware: at 23:59:60 UTC, in any offset of whole minutes.
        let utc = date.and_time(NaiveTime::from_hms_nano_opt(23, 59, 59, nanos).unwrap());
        let value = MaybeAware::Aware(DateTime::from_naive_utc_and_offset(utc, FixedOffset::east_opt(minutes * 60).unwrap()));
        let text = value.to_string();
        prop_assert!(text.contains(":60"), "{}", text);
        prop_assert_eq!(parse(&text).unwrap(), value, "{}", text);
    }

    #[test]
    fn display_matches_chrono_rfc3339(
        date in four_digit_date(),
        time in any_time(),
        minutes in -1439i32..=1439,
    ) {
        // Where chrono writes RFC 3339 (4-digit years, offsets in minutes, no
        // leap second), its AutoSi form with Z is exactly ours.
        let offset = FixedOffset::east_opt(minutes * 60).unwrap();
        let value = DateTime::from_naive_utc_and_offset(date.and_time(time), offset);
        let local = value.naive_utc().checked_add_offset(*value.offset());
        prop_assume!(local.is_some_and(|local| (0..=9999).contains(&local.year())));
        prop_assert_eq!(
            MaybeAware::Aware(value).to_string(),
            value.to_rfc3339_opts(SecondsFormat::AutoSi, true)
        );
    }

    #[test]
    fn display_matches_chrono_naive(date in four_digit_date(), time in any_time()) {
        let value = date.and_time(time);
        prop_assert_eq!(
            MaybeAware::Naive(value).to_string(),
            value.format("%Y-%m-%dT%H:%M:%S%.f").to_string()
        );
    }

    #[test]
    fn parsers_never_panic_and_agree(input in "\\PC{0,40}") {
        check_agreement(&input);
    }

    #[test]
    fn parsers_never_panic_and_agree_near_timestamps(
        input in "[-+]?[0-9]{4,6}-[0-9]{2}-[0-9]{2}[Tt _][0-9]{2}(:[0-9]{2}(:[0-9]{2}(\\.[0-9]{0,12})?)?)?([Zz]|[-+][0-9]{2}(:[0-9]{2}(:[0-9]{2}(\\.[0-9]{6})?)?)?)?[ x]?"
    ) {
        check_agreement(&input);
    }
}

/// The invariants the fuzz target checks too: no panic; parse_rfc3339 success
/// implies parse success with the same value; parse_aware / parse_naive are
/// parse restricted to a kind; a parse result displays and reads back.
fn check_agreement(input: &str) {
    let lenient = parse(input);
    let strict = parse_rfc3339(input);
    let aware = parse_aware(input);
    let naive = parse_naive(input);
    if let Ok(strict) = &strict {
        let lenient = lenient.as_ref().unwrap();
        assert_eq!(&MaybeAware::Aware(*strict), lenient, "{input:?}");
    }
    match &lenient {
        Ok(value @ MaybeAware::Aware(x)) => {
            assert_eq!(
                MaybeAware::Aware(aware.unwrap()),
                MaybeAware::Aware(*x),
                "{input:?}"
            );
            assert!(naive.is_err(), "{input:?}");
            assert_eq!(&parse(&value.to_string()).unwrap(), value, "{input:?}");
        }
        Ok(value @ MaybeAware::Naive(x)) => {
            assert_eq!(&naive.unwrap(), x, "{input:?}");
            assert!(aware.is_err(), "{input:?}");
            assert_eq!(&parse(&value.to_string()).unwrap(), value, "{input:?}");
        }
        Err(err) => {
            assert!(
                matches!(err.kind(), ErrorKind::Parse | ErrorKind::OutOfRange),
                "{input:?}"
            );
            assert!(
                strict.is_err() && aware.is_err() && naive.is_err(),
                "{input:?}"
            );
            if let Some(position) = err.position() {
                assert!(position <= input.len(), "{input:?}: {err}");
            }
        }
    }
}

// ---------------------------------------------------------------- corner cases found while building

#[test]
fn expanded_years_cover_every_javascript_date() {
    // ECMAScript's range is +-8.64e15 ms around 1970: years -271821 to 275760.
    // chrono reads up to +-262142; beyond is OutOfRange, never a panic.
    let js_min = "-271821-04-20T00:00:00.000Z";
    assert_eq!(parse(js_min).unwrap_err().kind(), ErrorKind::OutOfRange);
    let inside = "-262143-01-01T00:00:00.000Z";
    assert_eq!(
        parse(inside).unwrap().aware().unwrap(),
        DateTime::<Utc>::MIN_UTC
    );
}

#[test]
fn every_hour_and_minute_of_a_leap_day_round_trips() {
    let start = naive(2024, 2, 28, 0, 0, 0, 0);
    for minutes in 0..(3 * 24 * 60) {
        let wall = start + TimeDelta::minutes(minutes);
        for value in [
            MaybeAware::Naive(wall),
            MaybeAware::Aware(aware(wall, -(7 * H))),
        ] {
            assert_eq!(parse(&value.to_string()).unwrap(), value, "{value}");
        }
        assert_eq!(wall.minute(), (minutes % 60) as u32);
    }
}
