//! Dates in words: `parse_rfc2822`, `parse_http_date`, `parse_js_date`,
//! `format_rfc2822` and `format_http_date`.
//!
//! The examples of RFC 5322 (appendix A) and RFC 9110 (section 5.6.7),
//! the obsolete forms, exact messages for what is refused, RFC 850's
//! two-digit years under a frozen clock, and property tests: what the
//! writers write reads back to the same instant (to the second), and any
//! instant written in JavaScript's two forms reads back. CPython and node
//! read the same strings in `oracle_mail.rs`.

use chrono::{DateTime, Datelike, FixedOffset, TimeZone, Timelike, Utc};
use proptest::prelude::*;
use tzsafe::{
    format_http_date, format_rfc2822, parse_http_date, parse_js_date, parse_rfc2822, ErrorKind,
    TimezoneAware,
};

fn rfc3339(value: Result<DateTime<FixedOffset>, tzsafe::Error>) -> String {
    match value {
        Ok(at) => at.to_rfc3339(),
        Err(err) => panic!("{err}"),
    }
}

#[test]
fn rfc_5322_examples() {
    let cases = [
        // A.1.1, A.1.2, A.1.3
        ("Fri, 21 Nov 1997 09:55:06 -0600", "1997-11-21T09:55:06-06:00"),
        ("Tue, 1 Jul 2003 10:52:37 +0200", "2003-07-01T10:52:37+02:00"),
        ("Thu, 13 Feb 1969 23:32:54 -0330", "1969-02-13T23:32:54-03:30"),
        // A.5: folding white space and comments.
        (
            "Thu,\r\n      13\r\n        Feb\r\n          1969\r\n      23:32\r\n               -0330 (Newfoundland Time)",
            "1969-02-13T23:32:00-03:30",
        ),
        // A.6.2: a two-digit year; A.6.3: comments and spaces in the time.
        ("21 Nov 97 09:55:06 GMT", "1997-11-21T09:55:06+00:00"),
        ("Fri, 21 Nov 1997 09(comment):   55  :  06 -0600", "1997-11-21T09:55:06-06:00"),
        // Section 4.3: US zones, military zones (as -0000), UT.
        ("Mon, 07 Dec 2026 10:00:00 PST", "2026-12-07T10:00:00-08:00"),
        ("Mon, 07 Dec 2026 10:00:00 edt", "2026-12-07T10:00:00-04:00"),
        ("Mon, 07 Dec 2026 10:00:00 A", "2026-12-07T10:00:00+00:00"),
        ("Mon, 07 Dec 2026 10:00:00 UT", "2026-12-07T10:00:00+00:00"),
        ("Mon, 07 Dec 2026 10:00:00 -0000", "2026-12-07T10:00:00+00:00"),
        ("7 Dec 49 10:00 GMT", "2049-12-07T10:00:00+00:00"),
        ("7 Dec 69 10:00 GMT", "1969-12-07T10:00:00+00:00"),
        ("MON, 07 DEC 2026 10:00:00 GMT", "2026-12-07T10:00:00+00:00"),
        ("Mon 07 Dec 2026 10:00:00 GMT", "2026-12-07T10:00:00+00:00"),
        ("  Mon, 07 Dec 2026 9:00:00 +0100 (CET) ", "2026-12-07T09:00:00+01:00"),
        ("Sat, 31 Dec 2016 23:59:60 GMT", "2016-12-31T23:59:60+00:00"),
        ("Sun, 01 Jan 2017 00:59:60 +0100", "2017-01-01T00:59:60+01:00"),
        ("Mon, 07 Dec 12026 10:00:00 GMT", "+12026-12-07T10:00:00+00:00"),
    ];
    for (input, expected) in cases {
        assert_eq!(rfc3339(parse_rfc2822(input)), expected, "{input:?}");
    }
}

#[test]
fn rfc_2822_refusals() {
    let cases = [
        (
            "Tue, 07 Dec 2026 10:00:00 -0800",
            ErrorKind::Parse,
            "Tue is not the day of the week of 2026-12-07, a Monday (at byte 0)",
        ),
        (
            "Mon, 07 Dec 2026 10:00:00",
            ErrorKind::Parse,
            "expected whitespace and the zone after the time (at byte 25)",
        ),
        (
            "Mon, 07 Dec 2026 10:00:00 CET",
            ErrorKind::Parse,
            "zone CET is not read: expected +HHMM or -HHMM, UT, GMT, UTC, EST, EDT, CST, CDT, MST, \
             MDT, PST or PDT (other abbreviations are ambiguous: use a numeric offset) (at byte 26)",
        ),
        (
            "Mon, 07 Dec 2026 10:00:00 +05:30",
            ErrorKind::Parse,
            "expected a zone: +HHMM or -HHMM, UT, GMT, or a US zone like PST (at byte 29)",
        ),
        (
            "Mon, 31 Nov 2026 10:00:00 GMT",
            ErrorKind::Parse,
            "day 31 does not exist in 2026-11 (at byte 5)",
        ),
        (
            "Tue, 06 Jun 2017 27:39:33 +0600",
            ErrorKind::Parse,
            "hour 27 does not exist (expected 00 to 23) (at byte 17)",
        ),
        (
            "Sat, 31 Dec 2016 22:59:60 GMT",
            ErrorKind::Parse,
            "second 60 (a leap second) is only read where the time in UTC is 23:59:60 (at byte 23)",
        ),
        (
            "Mon, 07 Dec 2026 10:00:00 +2400",
            ErrorKind::OutOfRange,
            "offset +2400 cannot be represented: chrono's offsets are below 24 hours (at byte 26)",
        ),
        (
            "Mon, 07 Dec 2026 10:00:00 +0860",
            ErrorKind::Parse,
            "offset minutes 60 do not exist (expected 00 to 59) (at byte 29)",
        ),
        (
            "",
            ErrorKind::Parse,
            "expected a date like Mon, 07 Dec 2026 18:00:00 -0800, found an empty string (at byte 0)",
        ),
        ("Mon, 07 Dex 2026 10:00:00 GMT", ErrorKind::Parse, "expected a month (Jan, Feb, Mar, Apr, May, Jun, Jul, Aug, Sep, Oct, Nov, Dec) (at byte 8)"),
        ("Mon, 07 Dec 2026 10:00:00 GMT (open", ErrorKind::Parse, "expected ')' to close the comment (at byte 30)"),
        ("Mon, 07 Dec 2026 10:00:00 GMT x", ErrorKind::Parse, "expected the end of the input (at byte 30)"),
        ("Mon, 07 Dec 7 10:00:00 GMT", ErrorKind::Parse, "expected a year of 4 digits (or 2: 00-49 and 69-99) (at byte 13)"),
        (
            "Tue, 07 Dec 55 10:00:00 GMT",
            ErrorKind::Parse,
            "two-digit year 55 is refused: RFC 5322 and JavaScript read it as 1955, CPython's \
             email.utils as 2055 (write the year with 4 digits) (at byte 12)",
        ),
        (
            "Thu, 7 Oct 123 23:12:09 +0500",
            ErrorKind::Parse,
            "three-digit year 123 is refused: RFC 5322 reads it as 1900 + 123, CPython's \
             email.utils as the year 123 (write the year with 4 digits) (at byte 11)",
        ),
        ("Mon, 07Dec 2026 10:00:00 GMT", ErrorKind::Parse, "expected whitespace and the month (at byte 7)"),
        ("Mon, 07 Dec 2026 10.00.00 GMT", ErrorKind::Parse, "expected ':' and the minutes (at byte 19)"),
        (
            "Mon, 07 Dec 99999999999 10:00:00 GMT",
            ErrorKind::OutOfRange,
            "year 99999999999 is outside the range chrono can represent (-262143 to 262142) (at byte 12)",
        ),
        ("Mon, 07 Dec 2026 10:00:00 J", ErrorKind::Parse, "zone J is not read: expected +HHMM or -HHMM, UT, GMT, UTC, EST, EDT, CST, CDT, MST, MDT, PST or PDT (other abbreviations are ambiguous: use a numeric offset) (at byte 26)"),
    ];
    for (input, kind, message) in cases {
        let err = parse_rfc2822(input).unwrap_err();
        assert_eq!(
            (err.kind(), err.to_string()),
            (
                kind,
                format!("invalid RFC 2822 date {:?}: {message}", input)
            ),
            "{input:?}"
        );
    }
}

#[test]
fn http_forms() {
    let at = Utc.with_ymd_and_hms(1994, 11, 6, 8, 49, 37).unwrap();
    for input in [
        // RFC 9110 section 5.6.7's three examples.
        "Sun, 06 Nov 1994 08:49:37 GMT",
        "Sunday, 06-Nov-94 08:49:37 GMT",
        "Sun Nov  6 08:49:37 1994",
        // Case, OWS, an abbreviated or 4-digit RFC 850 date (cookies).
        "sun, 06 nov 1994 08:49:37 gmt",
        "\t Sun, 06 Nov 1994 08:49:37 GMT ",
        "Sun, 06-Nov-94 08:49:37 GMT",
        "Sunday, 06-Nov-1994 08:49:37 GMT",
        "Sun Nov 06 08:49:37 1994",
    ] {
        assert_eq!(parse_http_date(input).unwrap(), at, "{input:?}");
    }
    let cases = [
        ("Sun, 06 Nov 1994 08:49:37 +0000", "expected GMT (at byte 26)"),
        ("06 Nov 1994 08:49:37 GMT", "expected a day of the week (Mon to Sun, or Monday to Sunday) (at byte 0)"),
        ("Sun, 06 Nov 1994 08:49 GMT", "expected ':' and the seconds (at byte 22)"),
        ("Sun, 06 Nov 1994", "expected ' ' and the time after the year (at byte 16)"),
        ("Mon, 06 Nov 1994 08:49:37 GMT", "Mon is not the day of the week of 1994-11-06, a Sunday (at byte 0)"),
        ("Sun,06 Nov 1994 08:49:37 GMT", "expected ', ' (IMF-fixdate, RFC 850) or ' ' (asctime) after the day of the week (at byte 3)"),
        ("Sun Nov  6 08:49:37 1994 GMT", "expected the end of the input (at byte 25)"),
    ];
    for (input, message) in cases {
        let err = parse_http_date(input).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::Parse, "{input:?}");
        assert_eq!(
            err.to_string(),
            format!("invalid HTTP date {input:?}: {message}"),
            "{input:?}"
        );
    }
}

#[test]
fn rfc_850_years_follow_the_clock() {
    // RFC 9110: a two-digit year more than 50 years ahead is the century before.
    let in_year = |year: i32, input: &str| {
        let now = Utc.with_ymd_and_hms(year, 6, 1, 0, 0, 0).unwrap();
        TimezoneAware::new()
            .frozen_at(now)
            .scope(|| parse_http_date(input))
            .map(|at| at.year())
    };
    let date = |year: i32, yy: u32| {
        let date = chrono::NaiveDate::from_ymd_opt(year, 12, 7).unwrap();
        let day = [
            "Monday",
            "Tuesday",
            "Wednesday",
            "Thursday",
            "Friday",
            "Saturday",
            "Sunday",
        ][date.weekday().num_days_from_monday() as usize];
        format!("{day}, 07-Dec-{yy:02} 18:00:00 GMT")
    };
    for (now, yy, year) in [
        (2026, 26, 2026),
        (2026, 76, 2076),
        (2026, 77, 1977),
        (2026, 0, 2000),
        (2080, 26, 2126),
        (2080, 30, 2130),
        (2080, 31, 2031),
    ] {
        assert_eq!(in_year(now, &date(year, yy)).unwrap(), year, "{now} {yy}");
    }
}

#[test]
fn javascript_forms() {
    let cases = [
        (
            "Mon Dec 07 2026 10:00:00 GMT-0800 (Pacific Standard Time)",
            "2026-12-07T10:00:00-08:00",
        ),
        (
            "Mon Dec 07 2026 10:00:00 GMT-0800",
            "2026-12-07T10:00:00-08:00",
        ),
        (
            "Thu Jan 01 1970 05:30:00 GMT+0530 (India Standard Time)",
            "1970-01-01T05:30:00+05:30",
        ),
        (
            "Wed Dec 31 1969 19:00:00 GMT-0500 (GMT-05:00)",
            "1969-12-31T19:00:00-05:00",
        ),
        ("Mon, 07 Dec 2026 18:00:00 GMT", "2026-12-07T18:00:00+00:00"),
        (
            "Thu Dec 31 -0002 19:03:58 GMT-0456 (Eastern Standard Time)",
            "-000002-12-31T19:03:58-04:56",
        ),
        (
            "Fri, 01 Jan -0001 00:00:00 GMT",
            "-000001-01-01T00:00:00+00:00",
        ),
        (
            "Sat, 01 Jan 10000 00:00:00 GMT",
            "+010000-01-01T00:00:00+00:00",
        ),
    ];
    for (input, expected) in cases {
        let at = parse_js_date(input).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(
            tzsafe::MaybeAware::Aware(at)
                .to_string()
                .replace('Z', "+00:00"),
            expected,
            "{input:?}"
        );
    }
    let cases = [
        ("Mon Dec 07 2026 10:00:00 PST", ErrorKind::Parse, "expected GMT and an offset like -0800 (at byte 25)"),
        ("Tue Dec 07 2026 10:00:00 GMT-0800", ErrorKind::Parse, "Tue is not the day of the week of 2026-12-07, a Monday (at byte 0)"),
        ("Mon Dec  7 2026 10:00:00 GMT-0800", ErrorKind::Parse, "expected a 2-digit day of the month (at byte 8)"),
        ("Mon Dec 07 2026 10:00:00 GMT-0800 (Pacific", ErrorKind::Parse, "expected the end of the input (at byte 33)"),
        ("Mon, 07 Dec 2026 18:00:00 GMT+0100", ErrorKind::Parse, "expected the end of the input (at byte 29)"),
        ("Sat, 13 Sep 275760 00:00:00 GMT", ErrorKind::OutOfRange, "year 275760 is outside the range chrono can represent (-262143 to 262142) (at byte 12)"),
    ];
    for (input, kind, message) in cases {
        let err = parse_js_date(input).unwrap_err();
        assert_eq!(
            (err.kind(), err.to_string()),
            (
                kind,
                format!("invalid JavaScript date {input:?}: {message}")
            ),
            "{input:?}"
        );
    }
}

#[test]
fn writers() {
    // An offset with seconds (New York's local mean time, -04:56:02) is
    // written -0456, with the wall time of that offset: the same instant.
    let lmt = FixedOffset::west_opt(4 * 3600 + 56 * 60 + 2).unwrap();
    let at = lmt.with_ymd_and_hms(1800, 1, 1, 0, 0, 0).unwrap();
    let text = format_rfc2822(&at).unwrap().to_string();
    assert_eq!(text, "Wed, 01 Jan 1800 00:00:02 -0456");
    assert_eq!(parse_rfc2822(&text).unwrap(), at);
    let utc = Utc.with_ymd_and_hms(2026, 12, 7, 18, 0, 0).unwrap();
    assert_eq!(
        format_rfc2822(&utc).unwrap().to_string(),
        "Mon, 07 Dec 2026 18:00:00 +0000"
    );
    assert_eq!(
        format_http_date(&utc).unwrap().to_string(),
        "Mon, 07 Dec 2026 18:00:00 GMT"
    );
    assert_eq!(
        format!("{:>31}", format_http_date(&utc).unwrap()),
        "  Mon, 07 Dec 2026 18:00:00 GMT"
    );
    let far = Utc.with_ymd_and_hms(10_000, 1, 1, 0, 0, 0).unwrap();
    let err = format_http_date(&far).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::OutOfRange);
    assert_eq!(
        err.to_string(),
        "+010000-01-01T00:00:00Z cannot be written as an HTTP date: its year must have 4 digits (0000 to 9999)"
    );
}

/// An instant in years 0000-9999, whole seconds.
fn four_digit_instant() -> impl Strategy<Value = DateTime<Utc>> {
    (-62_167_219_200i64..253_402_300_800).prop_map(|s| DateTime::from_timestamp(s, 0).unwrap())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    /// The writers' text reads back to the same instant (the fraction of a
    /// second dropped) and, for RFC 2822, the offset rounded to the minute.
    #[test]
    fn written_then_read(at in four_digit_instant(), nanos in 0u32..1_000_000_000, offset in -86_399i32..86_400) {
        let offset = FixedOffset::east_opt(offset).unwrap();
        let value = (at + chrono::TimeDelta::nanoseconds(nanos.into())).with_timezone(&offset);
        if let Ok(text) = format_rfc2822(&value) {
            let text = text.to_string();
            let back = parse_rfc2822(&text).unwrap_or_else(|e| panic!("{text}: {e}"));
            prop_assert_eq!(back.to_utc(), at, "{}", text);
            prop_assert_eq!(back.offset().local_minus_utc(), ((offset.local_minus_utc().abs() + 30) / 60 * 60).min(86_340) * offset.local_minus_utc().signum(), "{}", text);
        }
        let text = format_http_date(&value).unwrap().to_string();
        prop_assert_eq!(parse_http_date(&text).unwrap(), at, "{}", text);
        prop_assert_eq!(parse_rfc2822(&text).unwrap(), at, "{}", text);
        // JavaScript's years 0-99 are refused (node reads them as 1950-2049).
        if at.year() >= 100 {
            prop_assert_eq!(parse_js_date(&text).unwrap(), at, "{}", text);
        }
    }

    /// JavaScript's `toString()` form, written here for any instant and
    /// whole-minute offset, reads back.
    #[test]
    fn javascript_to_string(at in four_digit_instant(), minutes in -1439i32..1440) {
        prop_assume!(at.year() >= 101);
        let offset = FixedOffset::east_opt(minutes * 60).unwrap();
        let wall = at.with_timezone(&offset);
        let weekday = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"][wall.weekday().num_days_from_monday() as usize];
        let month = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"][wall.month0() as usize];
        let sign = if minutes < 0 { '-' } else { '+' };
        let text = format!(
            "{weekday} {month} {:02} {:04} {:02}:{:02}:{:02} GMT{sign}{:02}{:02} (Some Time)",
            wall.day(), wall.year(), wall.hour(), wall.minute(), wall.second(),
            minutes.abs() / 60, minutes.abs() % 60,
        );
        let back = parse_js_date(&text).unwrap_or_else(|e| panic!("{text}: {e}"));
        prop_assert_eq!(back, wall);
        prop_assert_eq!(back.offset(), &offset);
    }

    /// Nothing panics; errors stay inside the input.
    #[test]
    fn any_text(text in "[A-Za-z0-9 ,:+()\\-]{0,40}") {
        for result in [parse_rfc2822(&text), parse_js_date(&text), parse_http_date(&text).map(|at| at.fixed_offset())] {
            if let Err(err) = result {
                prop_assert!(matches!(err.kind(), ErrorKind::Parse | ErrorKind::OutOfRange));
                prop_assert!(err.position().is_none_or(|p| p <= text.len()));
            }
        }
    }
}
