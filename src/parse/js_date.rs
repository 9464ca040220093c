//! JavaScript's `Date.prototype.toString()` and `toUTCString()`, as V8
//! (node, Chrome) and SpiderMonkey (Firefox) write them (ECMAScript
//! sections 21.4.4.41 and 21.4.4.43), with the rules of `rfc2822.rs`.
//!
//! ```text
//! js            = to-string / to-utc-string
//! to-string     = weekday SP month SP 2DIGIT SP year SP clock SP "GMT" sign 4DIGIT [SP "(" name ")"]
//! to-utc-string = weekday "," SP 2DIGIT SP month SP year SP clock SP "GMT"
//! year          = ["-"] 4*DIGIT           ; zero-padded to 4 digits; 0000-0099 refused
//! name          = the zone's name, informational: ignored
//! ```

use chrono::{DateTime, FixedOffset};

use super::rfc2822::{
    check_weekday, clock_fields, date, digits, long_year, month, numeric_zone, space, time_of,
    value, weekday,
};
use super::{Fail, Field, Form, Problem};
use crate::error::Error;

/// Reads what JavaScript's `Date.prototype.toString()` and `toUTCString()`
/// write, as V8 (node, Chrome) and SpiderMonkey (Firefox) write them: what a
/// front end sends when it calls `String(date)` or `date.toUTCString()`.
///
/// # Accepted forms
///
/// * `toString()`: `Mon Dec 07 2026 10:00:00 GMT-0800 (Pacific Standard
///   Time)`. The name in parentheses is informational (it depends on the
///   browser's locale, and may be missing) and is ignored; the offset is the
///   one kept. JavaScript writes the offset without its seconds and the wall
///   time with them (New York before 1883 is at -04:56:02, and its
///   midnight UTC is written `19:03:58 GMT-0456`), so such a string is up to
///   59 seconds away from the instant it was written from: tzsafe reads it
///   as `new Date(s)` does.
/// * `toUTCString()` (and `toGMTString()`): `Mon, 07 Dec 2026 18:00:00 GMT`.
///
/// Years have 4 digits or more, with a `-` before year 1 (`-0001`,
/// `275760`). Years 0000 to 0099 are refused: JavaScript writes them so, but
/// its own `Date.parse` (V8's) reads them as 2000-2049 and 1950-1999, and
/// tzsafe does not pick between the two. Names are read in any case; the weekday must be the date's (a
/// mismatch is an error that says which day the date is). `toISOString()`
/// is read by [`parse`](crate::parse()).
///
/// # Errors
///
/// [`ErrorKind::Parse`](crate::ErrorKind::Parse) when `input` is neither
/// form, or names a day that does not exist or a weekday that is not the
/// date's; [`ErrorKind::OutOfRange`](crate::ErrorKind::OutOfRange) for years
/// outside chrono's range (-262143 to 262142; JavaScript's go to 275760).
///
/// # Example
///
/// ```
/// use tzsafe::parse_js_date;
///
/// let at = parse_js_date("Mon Dec 07 2026 10:00:00 GMT-0800 (Pacific Standard Time)")?;
/// assert_eq!(at.to_rfc3339(), "2026-12-07T10:00:00-08:00");
/// assert_eq!(parse_js_date("Mon, 07 Dec 2026 18:00:00 GMT")?, at);
///
/// let err = parse_js_date("Mon Dec 07 2026 10:00:00 PST").unwrap_err();
/// assert_eq!(
///     err.to_string(),
///     "invalid JavaScript date \"Mon Dec 07 2026 10:00:00 PST\": expected GMT and an offset \
///      like -0800 (at byte 25)",
/// );
/// # Ok::<(), tzsafe::Error>(())
/// ```
pub fn parse_js_date(input: &str) -> Result<DateTime<FixedOffset>, Error> {
    js(input.as_bytes()).map_err(|fail| fail.into_error(input, Form::JsDate))
}

/// `js`, the whole input.
fn js(s: &[u8]) -> Result<DateTime<FixedOffset>, Fail> {
    let (day_name, rest) = weekday(s, false)?;
    let (utc, day_at, month, year_at) = match rest {
        // toUTCString: `, DD Mon YYYY`.
        [b',', b' ', day_at @ ..] => {
            let (_, rest) = digits(day_at, 2, 2, Field::Day)?;
            let (month, rest) = month(space(rest, Field::Day)?)?;
            (true, day_at, month, space(rest, Field::MonthName)?)
        }
        // toString: ` Mon DD YYYY`.
        [b' ', month_at @ ..] => {
            let (month, rest) = month(month_at)?;
            let day_at = space(rest, Field::MonthName)?;
            let (_, rest) = digits(day_at, 2, 2, Field::Day)?;
            (false, day_at, month, space(rest, Field::Day)?)
        }
        _ => return Err(Fail::at(rest, Problem::After(Field::Weekday))),
    };
    let ((day, _), _) = digits(day_at, 2, 2, Field::Day)?;
    let (year, rest) = long_year(year_at, true)?;
    if (0..100).contains(&year) {
        // JavaScript writes them so, and its own parser reads them as
        // 1950-2049.
        return Err(Fail::at(year_at, Problem::Digits(Field::Year)));
    }
    let ((hour, minute, second, second_at), rest) = clock_fields(space(rest, Field::Year)?)?;
    let zone_at = space(rest, Field::Second)?;
    let (offset, rest) = match zone_at {
        [g, m, t, more @ ..] if [*g, *m, *t].eq_ignore_ascii_case(b"gmt") => match more {
            _ if utc => (0, more),
            [sign @ (b'+' | b'-'), digits_at @ ..] => numeric_zone(*sign, digits_at)?,
            _ => return Err(Fail::at(zone_at, Problem::Digits(Field::Zone))),
        },
        _ => return Err(Fail::at(zone_at, Problem::Digits(Field::Zone))),
    };
    match rest {
        [] => {}
        // toString's zone name, `(Pacific Standard Time)`.
        [b' ', b'(', .., b')'] if !utc => {}
        _ => return Err(Fail::at(rest, Problem::End)),
    }
    let date = date(year, month, day, day_at, year_at)?;
    check_weekday(Some((day_name, s)), date)?;
    let time = time_of(hour, minute, second, offset, second_at)?;
    value(s, date, time, offset)
}
