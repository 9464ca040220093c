//! Dates in words: RFC 5322's (e-mail, RSS; RFC 2822 and 822 before it),
//! with the obsolete forms a lenient reader takes, and HTTP's three forms
//! (RFC 9110). `js_date.rs` reads JavaScript's with the same rules.
//!
//! ```text
//! mail      = [CFWS] [weekday [CFWS] [","]] [CFWS] day CFWS month CFWS year CFWS
//!             time CFWS zone [CFWS]          ; RFC 5322: "," required; no CFWS
//!                                            ; needed before a numeric zone
//! day       = 1*2DIGIT
//! year      = 4*DIGIT / 2DIGIT             ; 2: 00-49 2000s, 69-99 1900s (50-68 refused)
//! time      = hour [CFWS] ":" [CFWS] minute [[CFWS] ":" [CFWS] second]
//! zone      = ("+" / "-") 4DIGIT / "UT" / "GMT" / "UTC" / "EST" / "EDT" / "CST" / "CDT"
//!             / "MST" / "MDT" / "PST" / "PDT" / 1ALPHA   ; a military letter: -0000
//! CFWS      = 1*(SP / HTAB / CR / LF / comment)
//! comment   = "(" *(ctext / "\" CHAR / comment) ")"
//!
//! http      = [OWS] (imf / rfc850 / asctime) [OWS]
//! imf       = weekday ", " 2DIGIT SP month SP 4DIGIT SP clock " GMT"
//! rfc850    = weekday ", " 2DIGIT "-" month "-" (2DIGIT / 4DIGIT) SP clock " GMT"
//! asctime   = weekday SP month SP (2DIGIT / SP DIGIT) SP clock SP 4DIGIT
//! clock     = 2DIGIT ":" 2DIGIT ":" 2DIGIT
//! ```
//!
//! Names are read without regard to ASCII case; a weekday is three letters,
//! or in HTTP the full name too. The weekday, where there is one, must be the
//! date's. Second `60` is read where the time in UTC is 23:59:60.
//!
//! The usual layout, `Mon, 07 Dec 2026 18:00:00 GMT` or with `±HHMM`, is read
//! in one straight pass ([`fixed_layout`]); anything else rule by rule,
//! failures as [`Problem`] x [`Field`] like the rest of the grammar.

use chrono::{DateTime, Datelike, FixedOffset, NaiveDate, Utc, Weekday};

use super::{
    aware_value, date_of, days_in_month, four, two, Exact, Fail, Field, Form, MaybeAware, Problem,
    Spot, Time,
};
use crate::error::Error;

/// A rule's value and the input after it, or where and why it failed.
type Rule<'a, T> = Result<(T, &'a [u8]), Fail>;

/// Reads an e-mail date: RFC 5322 section 3.3 (as RSS, Python's
/// `email.utils.format_datetime` and JavaScript's `toUTCString()` write it),
/// with the obsolete forms of section 4.3 that a lenient reader takes.
///
/// # Accepted forms
///
/// `[weekday ","] day month year hour ":" minute [":" second] zone`:
///
/// * `weekday`: `Mon` to `Sun`; the comma may be left out. When present it
///   must be the date's day of the week: a mismatch is an error that says
///   which day the date is (RFC 5322 requires them to agree; CPython ignores
///   the weekday).
/// * `day`: 1 or 2 digits; `month`: `Jan` to `Dec`; names in any case.
/// * `year`: 4 or more digits, or the obsolete 2 digits where every reader
///   agrees on the century: 00-49 are 2000-2049, 69-99 are 1969-1999. 50-68
///   (1950-1968 for RFC 5322 and JavaScript, 2050-2068 for CPython's
///   `email.utils`) and 3-digit years (1900 plus the number for RFC 5322,
///   the number itself for CPython) are refused, with a message that says
///   so, rather than read as one of them.
/// * The time: an hour of 1 or 2 digits, minutes, optional seconds; second
///   `60` only where the time in UTC is 23:59:60.
/// * `zone`: `+HHMM` / `-HHMM` (`-0000`, "no zone information", is read as
///   UTC), `UT`, `GMT`, `UTC`, the US zones `EST`, `EDT`, `CST`, `CDT`,
///   `MST`, `MDT`, `PST`, `PDT`, and the military letters, read as `-0000`
///   as RFC 5322 says. Other abbreviations (`CET`, `IST`, ...) are refused:
///   they are ambiguous (IST is India's, Israel's and Ireland's), and
///   RFC 5322 does not define them.
/// * Between the parts, whitespace (spaces, tabs, folded lines; none is
///   needed before a numeric zone) and comments in parentheses
///   (`(Pacific Standard Time)`, nested, with `\` escapes), anywhere RFC
///   5322's obsolete syntax allows them.
///
/// A date without a zone is refused: it would be wall time in an unknown
/// zone. The offset is kept in the value.
///
/// # Errors
///
/// [`ErrorKind::Parse`](crate::ErrorKind::Parse) when `input` is not such a
/// date, names a day that does not exist or a weekday that is not the
/// date's; the message quotes the input and says what was expected where.
/// [`ErrorKind::OutOfRange`](crate::ErrorKind::OutOfRange) for a year or an
/// offset chrono cannot hold.
///
/// # Example
///
/// ```
/// use tzsafe::parse_rfc2822;
///
/// let at = parse_rfc2822("Mon, 07 Dec 2026 10:00:00 -0800")?;
/// assert_eq!(at.to_rfc3339(), "2026-12-07T10:00:00-08:00");
///
/// // Obsolete forms: a two-digit year, a US zone, a comment, no seconds.
/// let at = parse_rfc2822("7 Dec 26 10:00 PST (Pacific Standard Time)")?;
/// assert_eq!(at.to_rfc3339(), "2026-12-07T10:00:00-08:00");
///
/// let err = parse_rfc2822("Tue, 07 Dec 2026 10:00:00 -0800").unwrap_err();
/// assert_eq!(
///     err.to_string(),
///     "invalid RFC 2822 date \"Tue, 07 Dec 2026 10:00:00 -0800\": Tue is not the day of the \
///      week of 2026-12-07, a Monday (at byte 0)",
/// );
/// # Ok::<(), tzsafe::Error>(())
/// ```
#[inline]
pub fn parse_rfc2822(input: &str) -> Result<DateTime<FixedOffset>, Error> {
    let s = input.as_bytes();
    if let Some(value) = fixed_layout(s, false) {
        return Ok(value);
    }
    mail(s).map_err(|fail| fail.into_error(input, Form::Rfc2822))
}

/// Reads an HTTP date (RFC 9110 section 5.6.7) in any of its three forms,
/// the year of RFC 850's two-digit years taken from `this_year` (called only
/// for them).
#[inline]
pub(crate) fn http_date(
    input: &str,
    this_year: impl FnOnce() -> i32,
) -> Result<DateTime<Utc>, Error> {
    let s = input.as_bytes();
    if let Some(value) = fixed_layout(s, true) {
        return Ok(value.to_utc());
    }
    http(s, this_year)
        .map(|value| value.to_utc())
        .map_err(|fail| fail.into_error(input, Form::HttpDate))
}

// ---------------------------------------------------------------------------
// The usual layout, in one pass.

/// `Www, DD Mmm YYYY HH:MM:SS ZONE` with `ZONE` `GMT` or (unless `gmt_only`)
/// `±HHMM`: the value, when every field is valid and the weekday is the
/// date's. Anything else (and every error) goes rule by rule.
#[inline(always)]
fn fixed_layout(s: &[u8], gmt_only: bool) -> Option<DateTime<FixedOffset>> {
    let (head, zone) = s.split_first_chunk::<26>()?;
    let [w0, w1, w2, b',', b' ', d0, d1, b' ', m0, m1, m2, b' ', y0, y1, y2, y3, b' ', h0, h1, b':', i0, i1, b':', s0, s1, b' '] =
        *head
    else {
        return None;
    };
    let offset = match zone {
        [g, m, t] if (g | 0x20, m | 0x20, t | 0x20) == (b'g', b'm', b't') => 0,
        [sign @ (b'+' | b'-'), a, b, c, d] if !gmt_only => {
            let hours = two(*a, *b)?;
            let minutes = two(*c, *d)?;
            if hours > 23 || minutes > 59 {
                return None;
            }
            let secs = hours
                .wrapping_mul(3600)
                .wrapping_add(minutes.wrapping_mul(60)) as i32;
            if *sign == b'-' {
                secs.wrapping_neg()
            } else {
                secs
            }
        }
        _ => return None,
    };
    let weekday = weekday_of(name3(w0, w1, w2))?;
    let month = month_of(name3(m0, m1, m2))?;
    let day = two(d0, d1)?;
    let year = four(y0, y1, y2, y3)? as i32;
    let (hour, minute, second) = (two(h0, h1)?, two(i0, i1)?, two(s0, s1)?);
    if hour > 23 || minute > 59 || second > 59 {
        return None;
    }
    let date = date_of(year, month, day)?;
    if date.weekday() != weekday {
        return None;
    }
    let time = Time {
        secs: hour
            .wrapping_mul(3600)
            .wrapping_add(minute.wrapping_mul(60))
            .wrapping_add(second),
        nanos: 0,
        last: Field::Second,
    };
    match aware_value::<super::Quick>(s, date, 0, time, offset) {
        Ok(MaybeAware::Aware(value)) => Some(value),
        _ => None,
    }
}

// ---------------------------------------------------------------------------
// Names.

/// Three bytes, lowercased, as one number (only ASCII letters match a name).
#[inline(always)]
fn name3(a: u8, b: u8, c: u8) -> u32 {
    let word = |x: u8| u32::from(x | 0x20);
    word(a) << 16 | word(b) << 8 | word(c)
}

const fn packed(name: &[u8; 3]) -> u32 {
    (name[0] as u32) << 16 | (name[1] as u32) << 8 | name[2] as u32
}

const MONTHS: [u32; 12] = [
    packed(b"jan"),
    packed(b"feb"),
    packed(b"mar"),
    packed(b"apr"),
    packed(b"may"),
    packed(b"jun"),
    packed(b"jul"),
    packed(b"aug"),
    packed(b"sep"),
    packed(b"oct"),
    packed(b"nov"),
    packed(b"dec"),
];

/// Monday first, as `Weekday::num_days_from_monday`.
const WEEKDAYS: [u32; 7] = [
    packed(b"mon"),
    packed(b"tue"),
    packed(b"wed"),
    packed(b"thu"),
    packed(b"fri"),
    packed(b"sat"),
    packed(b"sun"),
];

/// The rest of each weekday's full name, after its first three letters.
const WEEKDAY_ENDS: [&[u8]; 7] = [
    b"day", b"sday", b"nesday", b"rsday", b"day", b"urday", b"day",
];

pub(super) const WEEKDAY_NAMES: [&str; 7] = [
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
];

#[inline(always)]
fn month_of(name: u32) -> Option<u32> {
    let index = MONTHS.iter().position(|m| *m == name)?;
    // Below 12.
    Some((index as u32).wrapping_add(1))
}

#[inline(always)]
fn weekday_of(name: u32) -> Option<Weekday> {
    let index = WEEKDAYS.iter().position(|d| *d == name)?;
    Weekday::try_from(index as u8).ok()
}

/// `month`: `Jan` to `Dec`, any case.
pub(super) fn month(s: &[u8]) -> Rule<'_, u32> {
    match s {
        [a, b, c, rest @ ..] => match month_of(name3(*a, *b, *c)) {
            Some(month) => Ok((month, rest)),
            None => Err(Fail::at(s, Problem::Digits(Field::MonthName))),
        },
        _ => Err(Fail::at(s, Problem::Digits(Field::MonthName))),
    }
}

/// `weekday`: `Mon` to `Sun`, any case, and with `full` also `Monday` to
/// `Sunday`; the day, and the input it was read from (for its check).
pub(super) fn weekday(s: &[u8], full: bool) -> Rule<'_, Weekday> {
    let [a, b, c, rest @ ..] = s else {
        return Err(Fail::at(s, Problem::Digits(Field::Weekday)));
    };
    let Some(day) = weekday_of(name3(*a, *b, *c)) else {
        return Err(Fail::at(s, Problem::Digits(Field::Weekday)));
    };
    let end = WEEKDAY_ENDS
        .get(day.num_days_from_monday() as usize)
        .copied()
        .unwrap_or_default();
    match rest.get(..end.len()) {
        Some(tail) if full && tail.eq_ignore_ascii_case(end) => {
            Ok((day, rest.get(end.len()..).unwrap_or_default()))
        }
        _ => Ok((day, rest)),
    }
}

/// The weekday read at `at` must be `date`'s.
pub(super) fn check_weekday(read: Option<(Weekday, &[u8])>, date: NaiveDate) -> Result<(), Fail> {
    match read {
        Some((day, at)) if day != date.weekday() => Err(Fail::at(at, Problem::Weekday(date))),
        _ => Ok(()),
    }
}

// ---------------------------------------------------------------------------
// Numbers.

/// `n` to `m` digits of `field`: their value (at most 9 digits are kept
/// exact; more are refused as out of range by the callers' checks) and how
/// many there were.
pub(super) fn digits(s: &[u8], min: usize, max: usize, field: Field) -> Rule<'_, (u32, usize)> {
    let count = s
        .iter()
        .take(max)
        .take_while(|b| b.is_ascii_digit())
        .count();
    if count < min {
        let at = s.get(count..).unwrap_or_default();
        return Err(Fail::at(at, Problem::Digits(field)));
    }
    let (number, rest) = s.split_at(count);
    let value = number.iter().fold(0u32, |acc, d| {
        acc.saturating_mul(10)
            .saturating_add(u32::from(d.wrapping_sub(b'0')))
    });
    Ok(((value, count), rest))
}

/// `2DIGIT` no greater than `max`.
pub(super) fn bounded(s: &[u8], field: Field, max: u32) -> Rule<'_, u32> {
    let ((value, _), rest) = digits(s, 2, 2, field)?;
    if value > max {
        return Err(Fail::at(s, Problem::Range(field)));
    }
    Ok((value, rest))
}

/// A year of 4 or more digits (at most 9 are read: more is beyond chrono's
/// range), optionally negative when `signed` (JavaScript's years before 1).
pub(super) fn long_year(s: &[u8], signed: bool) -> Rule<'_, i32> {
    let (negative, digits_at) = match s {
        [b'-', rest @ ..] if signed => (true, rest),
        _ => (false, s),
    };
    let ((value, count), rest) = digits(digits_at, 4, usize::MAX, Field::Year)?;
    let year = i32::try_from(value).unwrap_or(i32::MAX);
    if count > 9 {
        return Err(Fail::at(s, Problem::Range(Field::Year)));
    }
    Ok((
        if negative {
            year.saturating_neg()
        } else {
            year
        },
        rest,
    ))
}

/// A leap second (second 60) is read where the time in UTC is 23:59:60: the
/// time of day with chrono's leap-second representation, or the failure at
/// the seconds.
pub(super) fn time_of(
    hour: u32,
    minute: u32,
    second: u32,
    offset: i32,
    second_at: &[u8],
) -> Result<Time, Fail> {
    // Checked fields: hour below 24, minute and second below 61.
    let secs = hour
        .wrapping_mul(3600)
        .wrapping_add(minute.wrapping_mul(60));
    if second < 60 {
        return Ok(Time {
            secs: secs.wrapping_add(second),
            nanos: 0,
            last: Field::Second,
        });
    }
    // The UTC time of the second before: 23:59:59 is second 86,399.
    let utc = i64::from(secs)
        .wrapping_add(59)
        .wrapping_sub(i64::from(offset))
        .rem_euclid(86_400);
    if utc != 86_399 {
        return Err(Fail::at(second_at, Problem::Range(Field::Second)));
    }
    Ok(Time {
        secs: secs.wrapping_add(59),
        nanos: 1_000_000_000,
        last: Field::Second,
    })
}

/// The date `year`-`month`-`day`, or the failure: the day (at `day_at`) or
/// the year (at `year_at`, out of chrono's range).
pub(super) fn date(
    year: i32,
    month: u32,
    day: u32,
    day_at: &[u8],
    year_at: &[u8],
) -> Result<NaiveDate, Fail> {
    match date_of(year, month, day) {
        Some(date) => Ok(date),
        None if day == 0 || day > days_in_month(year, month) => {
            Err(Fail::at(day_at, Problem::NoDay(year, month)))
        }
        None => Err(Fail::at(year_at, Problem::Range(Field::Year))),
    }
}

/// The value of a date, a time and an offset read from `s`.
pub(super) fn value(
    s: &[u8],
    date: NaiveDate,
    time: Time,
    offset: i32,
) -> Result<DateTime<FixedOffset>, Fail> {
    match aware_value::<Exact>(s, date, 0, time, offset)? {
        MaybeAware::Aware(value) => Ok(value),
        // Unreachable: an offset was given.
        MaybeAware::Naive(_) => Err(Fail::at(s, Problem::InstantRange)),
    }
}

// ---------------------------------------------------------------------------
// RFC 5322.

/// Whitespace and comments (`[CFWS]`): the input after them.
fn cfws(s: &[u8]) -> Result<&[u8], Fail> {
    let mut rest = s;
    loop {
        match rest {
            [b' ' | b'\t' | b'\r' | b'\n', more @ ..] => rest = more,
            [b'(', ..] => rest = comment(rest)?,
            _ => return Ok(rest),
        }
    }
}

/// `CFWS` where it is required, after `field`.
fn separation(s: &[u8], field: Field) -> Result<&[u8], Fail> {
    let rest = cfws(s)?;
    if rest.len() == s.len() {
        return Err(Fail::at(s, Problem::After(field)));
    }
    Ok(rest)
}

/// A comment, from its `(` to its `)`, nested, with `\` escaping a byte.
fn comment(s: &[u8]) -> Result<&[u8], Fail> {
    let mut depth = 0usize;
    let mut rest = s;
    loop {
        match rest {
            [b'(', more @ ..] => {
                depth = depth.saturating_add(1);
                rest = more;
            }
            [b')', more @ ..] => {
                depth = depth.saturating_sub(1);
                rest = more;
                if depth == 0 {
                    return Ok(rest);
                }
            }
            [b'\\', _, more @ ..] | [_, more @ ..] => rest = more,
            [] => return Err(Fail::at(s, Problem::Digits(Field::Comment))),
        }
    }
}

/// `mail`, the whole input.
fn mail(s: &[u8]) -> Result<DateTime<FixedOffset>, Fail> {
    let rest = cfws(s)?;
    let (weekday, rest) = if rest.first().is_some_and(u8::is_ascii_alphabetic) {
        let at = rest;
        let (day, rest) = weekday(rest, false)?;
        let rest = cfws(rest)?;
        let rest = rest.strip_prefix(b",").unwrap_or(rest);
        (Some((day, at)), rest)
    } else {
        (None, rest)
    };
    let day_at = cfws(rest)?;
    let ((day, _), rest) = digits(day_at, 1, 2, Field::Day)?;
    let rest = separation(rest, Field::Day)?;
    let (month, rest) = month(rest)?;
    let year_at = separation(rest, Field::MonthName)?;
    let (year, rest) = mail_year(year_at)?;
    let rest = separation(rest, Field::Year)?;
    let hour_at = rest;
    let ((hour, _), rest) = digits(hour_at, 1, 2, Field::Hour)?;
    if hour > 23 {
        return Err(Fail::at(hour_at, Problem::Range(Field::Hour)));
    }
    let rest = colon(rest, Field::Hour)?;
    let (minute, rest) = bounded(rest, Field::Minute, 59)?;
    let (second, second_at, last, rest) = match cfws(rest)? {
        [b':', more @ ..] => {
            let second_at = cfws(more)?;
            let (second, rest) = bounded(second_at, Field::Second, 60)?;
            (second, second_at, Field::Second, rest)
        }
        _ => (0, rest, Field::Minute, rest),
    };
    // A numeric zone may follow the time without a space (CPython reads
    // `14:58:26+0800` too).
    let zone_at = match rest {
        [b'+' | b'-', ..] => rest,
        _ => separation(rest, last)?,
    };
    let (offset, rest) = mail_zone(zone_at)?;
    let rest = cfws(rest)?;
    if !rest.is_empty() {
        return Err(Fail::at(rest, Problem::End));
    }
    let date = date(year, month, day, day_at, year_at)?;
    check_weekday(weekday, date)?;
    let time = time_of(hour, minute, second, offset, second_at)?;
    value(s, date, time, offset)
}

/// `[CFWS] ":" [CFWS]` after `field`.
fn colon(s: &[u8], field: Field) -> Result<&[u8], Fail> {
    match cfws(s)? {
        [b':', more @ ..] => cfws(more),
        rest => Err(Fail::at(rest, Problem::After(field))),
    }
}

/// `year` of RFC 5322, and its obsolete 2-digit form where readers agree on
/// it: 00-49 are 2000-2049 and 69-99 are 1969-1999 for RFC 5322 (section
/// 4.3), JavaScript and CPython alike. 50-68 (1950-1968 for RFC 5322 and
/// JavaScript, 2050-2068 for CPython's `email.utils`) and 3-digit years
/// (1900 plus the number for RFC 5322, the number itself for CPython) are
/// refused rather than read as one of them.
fn mail_year(s: &[u8]) -> Rule<'_, i32> {
    let ((value, count), rest) = digits(s, 2, usize::MAX, Field::Year)?;
    let year = match count {
        // Below 100.
        2 if value < 50 => 2000i32.wrapping_add(value as i32),
        2 if value >= 69 => 1900i32.wrapping_add(value as i32),
        2 | 3 => return Err(Fail::at(s, Problem::Digits(Field::Year))),
        _ => return long_year(s, false),
    };
    Ok((year, rest))
}

/// `zone`: seconds east of UTC.
fn mail_zone(s: &[u8]) -> Rule<'_, i32> {
    match s {
        [sign @ (b'+' | b'-'), digits_at @ ..] => numeric_zone(*sign, digits_at),
        _ => {
            let len = s.iter().take_while(|b| b.is_ascii_alphabetic()).count();
            let (name, rest) = s.split_at(len);
            // Lowercased without allocating: the names have 1 to 3 letters.
            let mut lower = [0u8; 3];
            let lower = match lower.get_mut(..name.len()) {
                Some(slot) => {
                    slot.copy_from_slice(name);
                    slot.make_ascii_lowercase();
                    &*slot
                }
                None => name,
            };
            let offset: i32 = match lower {
                b"ut" | b"gmt" | b"utc" => 0,
                b"edt" => -4,
                b"est" | b"cdt" => -5,
                b"cst" | b"mdt" => -6,
                b"mst" | b"pdt" => -7,
                b"pst" => -8,
                // Military zones: RFC 5322 reads them as -0000, their
                // definition in RFC 822 having had the signs reversed.
                [letter] if *letter != b'j' => 0,
                _ => return Err(Fail::at(s, Problem::Digits(Field::Zone))),
            };
            Ok((offset.wrapping_mul(3600), rest))
        }
    }
}

/// `4DIGIT` after an offset's sign: seconds east of UTC (below a day).
pub(super) fn numeric_zone(sign: u8, s: &[u8]) -> Rule<'_, i32> {
    let ((value, _), rest) = digits(s, 4, 4, Field::Zone)?;
    let (hours, minutes) = (value / 100, value % 100);
    if minutes > 59 {
        return Err(Fail::at(
            s.get(2..).unwrap_or_default(),
            Problem::Range(Field::OffsetMinute),
        ));
    }
    if hours > 23 {
        return Err(Fail::at(s, Problem::Range(Field::Zone)));
    }
    // Below 86,400.
    let secs = hours
        .wrapping_mul(3600)
        .wrapping_add(minutes.wrapping_mul(60)) as i32;
    Ok((
        if sign == b'-' {
            secs.wrapping_neg()
        } else {
            secs
        },
        rest,
    ))
}

// ---------------------------------------------------------------------------
// HTTP.

/// `http`, the whole input.
fn http(s: &[u8], this_year: impl FnOnce() -> i32) -> Result<DateTime<FixedOffset>, Fail> {
    let start = trim_ows(s);
    let (day_name, rest) = weekday(start, true)?;
    let weekday = Some((day_name, start));
    let (date, time, rest) = match rest {
        [b',', b' ', more @ ..] if more.get(2) == Some(&b'-') => rfc850(more, this_year)?,
        [b',', b' ', more @ ..] => imf(more)?,
        [b' ', more @ ..] => asctime(more)?,
        _ => return Err(Fail::at(rest, Problem::After(Field::Weekday))),
    };
    let rest = trim_ows(rest);
    if !rest.is_empty() {
        return Err(Fail::at(rest, Problem::End));
    }
    check_weekday(weekday, date)?;
    value(s, date, time, 0)
}

/// Spaces and tabs (HTTP's `OWS`).
fn trim_ows(s: &[u8]) -> &[u8] {
    let start = s.iter().take_while(|b| matches!(b, b' ' | b'\t')).count();
    s.get(start..).unwrap_or_default()
}

/// A space after `field`.
pub(super) fn space(s: &[u8], field: Field) -> Result<&[u8], Fail> {
    match s {
        [b' ', more @ ..] => Ok(more),
        _ => Err(Fail::at(s, Problem::After(field))),
    }
}

/// `clock`'s fields: hour, minute, second (60 allowed, checked by
/// [`time_of`] once the offset is known) and where the second is.
pub(super) fn clock_fields(s: &[u8]) -> Rule<'_, (u32, u32, u32, &[u8])> {
    let (hour, rest) = bounded(s, Field::Hour, 23)?;
    let rest = rest
        .strip_prefix(b":")
        .ok_or(Fail::at(rest, Problem::After(Field::Hour)))?;
    let (minute, rest) = bounded(rest, Field::Minute, 59)?;
    let second_at = rest
        .strip_prefix(b":")
        .ok_or(Fail::at(rest, Problem::After(Field::Minute)))?;
    let (second, rest) = bounded(second_at, Field::Second, 60)?;
    Ok(((hour, minute, second, second_at), rest))
}

/// `clock`, in GMT.
fn clock(s: &[u8]) -> Rule<'_, Time> {
    let ((hour, minute, second, second_at), rest) = clock_fields(s)?;
    Ok((time_of(hour, minute, second, 0, second_at)?, rest))
}

/// `" GMT"`.
fn gmt(s: &[u8]) -> Result<&[u8], Fail> {
    let rest = space(s, Field::Second)?;
    match rest {
        [g, m, t, more @ ..] if [*g, *m, *t].eq_ignore_ascii_case(b"gmt") => Ok(more),
        _ => Err(Fail::at(rest, Problem::Digits(Field::Zone))),
    }
}

type Dated<'a> = Result<(NaiveDate, Time, &'a [u8]), Fail>;

/// `2DIGIT SP month SP 4DIGIT SP clock " GMT"`.
fn imf(s: &[u8]) -> Dated<'_> {
    let ((day, _), rest) = digits(s, 2, 2, Field::Day)?;
    let rest = space(rest, Field::Day)?;
    let (month, rest) = month(rest)?;
    let year_at = space(rest, Field::MonthName)?;
    let ((year, _), rest) = digits(year_at, 4, 4, Field::Year)?;
    let rest = space(rest, Field::Year)?;
    let (time, rest) = clock(rest)?;
    let rest = gmt(rest)?;
    Ok((date(year as i32, month, day, s, year_at)?, time, rest))
}

/// `2DIGIT "-" month "-" (2DIGIT / 4DIGIT) SP clock " GMT"`: RFC 850's
/// two-digit year is the one within 50 years of this year (RFC 9110: a
/// year more than 50 years ahead is the century before).
fn rfc850(s: &[u8], this_year: impl FnOnce() -> i32) -> Dated<'_> {
    let ((day, _), rest) = digits(s, 2, 2, Field::Day)?;
    let rest = rest
        .strip_prefix(b"-")
        .ok_or(Fail::at(rest, Problem::After(Field::Day)))?;
    let (month, rest) = month(rest)?;
    let year_at = rest
        .strip_prefix(b"-")
        .ok_or(Fail::at(rest, Problem::After(Field::MonthName)))?;
    let ((value, count), rest) = digits(year_at, 2, 4, Field::Year)?;
    let year = match count {
        2 => {
            let now = this_year();
            let candidate = now
                .saturating_sub(now.rem_euclid(100))
                .saturating_add(value as i32);
            if candidate > now.saturating_add(50) {
                candidate.saturating_sub(100)
            } else if candidate <= now.saturating_sub(50) {
                candidate.saturating_add(100)
            } else {
                candidate
            }
        }
        4 => value as i32,
        _ => return Err(Fail::at(year_at, Problem::Digits(Field::Year))),
    };
    let rest = space(rest, Field::Year)?;
    let (time, rest) = clock(rest)?;
    let rest = gmt(rest)?;
    Ok((date(year, month, day, s, year_at)?, time, rest))
}

/// `month SP (2DIGIT / SP DIGIT) SP clock SP 4DIGIT`.
fn asctime(s: &[u8]) -> Dated<'_> {
    let (month, rest) = month(s)?;
    let rest = space(rest, Field::MonthName)?;
    let day_at = rest.strip_prefix(b" ").unwrap_or(rest);
    let ((day, _), rest) = digits(day_at, 1, 2, Field::Day)?;
    let rest = space(rest, Field::Day)?;
    let (time, rest) = clock(rest)?;
    let year_at = space(rest, Field::Second)?;
    let ((year, _), rest) = digits(year_at, 4, 4, Field::Year)?;
    Ok((date(year as i32, month, day, day_at, year_at)?, time, rest))
}

// ---------------------------------------------------------------------------
// Messages.

/// How many bytes from `pos` on are `kind` (letters, digits).
fn run(input: &[u8], pos: usize, kind: fn(&u8) -> bool) -> usize {
    input
        .get(pos..)
        .unwrap_or_default()
        .iter()
        .take_while(|b| kind(b))
        .count()
}

/// The error for `problem` in a date in words (`Rfc2822`, `HttpDate` or
/// `JsDate`); `None` where it is worded as in every form.
pub(super) fn error(spot: &Spot, problem: Problem) -> Option<Error> {
    let (input, pos) = (spot.bytes(), spot.pos);
    Some(match problem {
        Problem::Range(Field::Year) => {
            let len = run(input, pos, |b| b.is_ascii_digit() || *b == b'-');
            spot.out_of_range(
                pos,
                &format!(
                    "year {} is outside the range chrono can represent (-262143 to 262142)",
                    spot.text(pos, len)
                ),
            )
        }
        Problem::Range(Field::Zone) => {
            let pos = pos.saturating_sub(1);
            spot.out_of_range(
                pos,
                &format!(
                    "offset {} cannot be represented: chrono's offsets are below 24 hours",
                    spot.text(pos, 5)
                ),
            )
        }
        Problem::InstantRange => return None,
        problem => spot.owned(message(spot, problem)),
    })
}

/// What the message says for `problem` at `spot`, in a date in words.
pub(super) fn message(spot: &Spot, problem: Problem) -> String {
    match problem {
        Problem::Digits(Field::Year) => missing_year(spot),
        Problem::Digits(field) => missing(spot, field),
        Problem::After(field) => not_after(spot, field),
        problem => not_valid(spot, problem),
    }
}

/// `field`'s digits or letters are missing (the year's: [`missing_year`]).
fn missing(spot: &Spot, field: Field) -> String {
    let (input, pos, next) = (spot.bytes(), spot.pos, spot.next());
    let http = spot.form == Form::HttpDate;
    let js = spot.form == Form::JsDate;
    match field {
        Field::Weekday if input.is_empty() => {
            "expected a date like Mon, 07 Dec 2026 18:00:00 GMT, found an empty string".to_owned()
        }
        Field::Weekday if http => {
            "expected a day of the week (Mon to Sun, or Monday to Sunday)".to_owned()
        }
        Field::Weekday => "expected a day of the week (Mon to Sun)".to_owned(),
        Field::MonthName => {
            "expected a month (Jan, Feb, Mar, Apr, May, Jun, Jul, Aug, Sep, Oct, Nov, Dec)"
                .to_owned()
        }
        Field::Day if http || js => "expected a 2-digit day of the month".to_owned(),
        Field::Day if input.is_empty() || next.is_none() && pos == 0 => {
            "expected a date like Mon, 07 Dec 2026 18:00:00 -0800, found an empty string".to_owned()
        }
        Field::Day => "expected a day of the month (1 or 2 digits)".to_owned(),
        Field::Hour if http || js => "expected a 2-digit hour".to_owned(),
        Field::Hour => "expected an hour (1 or 2 digits)".to_owned(),
        Field::Minute => "expected 2-digit minutes".to_owned(),
        Field::Second => "expected 2-digit seconds".to_owned(),
        Field::Zone if http => "expected GMT".to_owned(),
        Field::Zone if js => "expected GMT and an offset like -0800".to_owned(),
        Field::Zone if next.is_some_and(|b| b.is_ascii_alphabetic()) => {
            let len = run(input, pos, u8::is_ascii_alphabetic);
            format!(
                "zone {} is not read: expected +HHMM or -HHMM, UT, GMT, UTC, EST, EDT, CST, CDT, \
                 MST, MDT, PST or PDT (other abbreviations are ambiguous: use a numeric offset)",
                spot.text(pos, len)
            )
        }
        Field::Zone => "expected a zone: +HHMM or -HHMM, UT, GMT, or a US zone like PST".to_owned(),
        Field::Comment => "expected ')' to close the comment".to_owned(),
        field => format!("expected {}", field.digits()),
    }
}

/// The year's digits are missing, or are too few.
fn missing_year(spot: &Spot) -> String {
    let (input, pos, next) = (spot.bytes(), spot.pos, spot.next());
    match spot.form {
        Form::HttpDate => "expected a 4-digit year (RFC 850 dates: 2 digits)".to_owned(),
        Form::JsDate if next.is_some_and(|b| b.is_ascii_digit()) => format!(
            "year {} is refused: JavaScript writes years 0 to 99 so, but its own Date.parse reads \
             them as 2000-2049 and 1950-1999",
            spot.text(pos, 4)
        ),
        Form::JsDate => "expected a year of 4 or more digits".to_owned(),
        _ => match run(input, pos, u8::is_ascii_digit) {
            2 => format!(
                "two-digit year {} is refused: RFC 5322 and JavaScript read it as 19{0}, \
                 CPython's email.utils as 20{0} (write the year with 4 digits)",
                spot.text(pos, 2)
            ),
            3 => format!(
                "three-digit year {} is refused: RFC 5322 reads it as 1900 + {0}, CPython's \
                 email.utils as the year {0} (write the year with 4 digits)",
                spot.text(pos, 3)
            ),
            _ => "expected a year of 4 digits (or 2: 00-49 and 69-99)".to_owned(),
        },
    }
}

/// A byte that may not follow `field`.
fn not_after(spot: &Spot, field: Field) -> String {
    let http = spot.form == Form::HttpDate;
    let js = spot.form == Form::JsDate;
    match field {
        Field::Weekday if http => {
            "expected ', ' (IMF-fixdate, RFC 850) or ' ' (asctime) after the day of the week"
                .to_owned()
        }
        Field::Weekday => "expected ', ' or ' ' after the day of the week".to_owned(),
        Field::Day if http && spot.next() == Some(b' ') => "expected ' ' and the month".to_owned(),
        Field::Day if http => "expected ' ' or '-' and the month".to_owned(),
        Field::Day => "expected whitespace and the month".to_owned(),
        Field::MonthName if http => "expected ' ' or '-' after the month".to_owned(),
        Field::MonthName => "expected whitespace after the month".to_owned(),
        Field::Year if http || js => "expected ' ' and the time after the year".to_owned(),
        Field::Year => "expected whitespace and the time after the year".to_owned(),
        Field::Hour => "expected ':' and the minutes".to_owned(),
        Field::Minute if http || js => "expected ':' and the seconds".to_owned(),
        Field::Minute => "expected ':' and the seconds, or whitespace and the zone".to_owned(),
        Field::Second if http => "expected ' ' after the time".to_owned(),
        Field::Second => "expected whitespace and the zone after the time".to_owned(),
        field => format!("expected {}", field.after()),
    }
}

/// A value that does not exist: a field out of range, a weekday or day the
/// date does not have; or a byte after the date.
fn not_valid(spot: &Spot, problem: Problem) -> String {
    let (input, pos) = (spot.bytes(), spot.pos);
    match problem {
        Problem::Range(Field::Hour) => {
            format!(
                "hour {} does not exist (expected 00 to 23)",
                spot.text(pos, 2)
            )
        }
        Problem::Range(Field::Minute) => {
            format!(
                "minute {} does not exist (expected 00 to 59)",
                spot.text(pos, 2)
            )
        }
        Problem::Range(Field::Second) => {
            "second 60 (a leap second) is only read where the time in UTC is 23:59:60".to_owned()
        }
        Problem::Range(Field::OffsetMinute) => format!(
            "offset minutes {} do not exist (expected 00 to 59)",
            spot.text(pos, 2)
        ),
        Problem::Weekday(date) => {
            let name = WEEKDAY_NAMES
                .get(date.weekday().num_days_from_monday() as usize)
                .copied()
                .unwrap_or_default();
            let len = run(input, pos, u8::is_ascii_alphabetic);
            format!(
                "{} is not the day of the week of {}, a {name}",
                spot.text(pos, len),
                MaybeAware::Naive(date.and_time(chrono::NaiveTime::MIN))
                    .to_string()
                    .split('T')
                    .next()
                    .unwrap_or_default()
            )
        }
        Problem::NoDay(year, month) => {
            let len = run(input, pos, u8::is_ascii_digit);
            format!(
                "day {} does not exist in {year:04}-{month:02}",
                spot.text(pos, len)
            )
        }
        Problem::End => "expected the end of the input".to_owned(),
        _ => "expected a date".to_owned(),
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn names() {
        assert_eq!(month(b"dEc 2026").unwrap(), (12, &b" 2026"[..]));
        assert_eq!(
            weekday(b"Thursday,", true).unwrap(),
            (Weekday::Thu, &b","[..])
        );
        assert_eq!(
            weekday(b"Thursday,", false).unwrap(),
            (Weekday::Thu, &b"rsday,"[..])
        );
        assert!(month(b"Dex").is_err());
        assert!(weekday(b"Mo", false).is_err());
    }

    #[test]
    fn comments_nest() {
        assert_eq!(cfws(b" (a (b) \\) c) x").unwrap(), b"x");
        assert_eq!(
            cfws(b" (a (b)").unwrap_err(),
            Fail::at(b"(a (b)", Problem::Digits(Field::Comment))
        );
    }

    #[test]
    fn zones() {
        assert_eq!(mail_zone(b"-0330").unwrap().0, -12_600);
        assert_eq!(mail_zone(b"PDT").unwrap().0, -25_200);
        assert_eq!(mail_zone(b"z").unwrap().0, 0);
        assert!(mail_zone(b"J").is_err());
        assert!(mail_zone(b"CET").is_err());
    }
}
