//! Reading timestamps, calendar dates and UTC offsets: RFC 3339, and every
//! form Python's `datetime.isoformat()` and JavaScript's
//! `Date.prototype.toISOString()` write.
//!
//! A small grammar with one function per rule:
//!
//! ```text
//! timestamp = date separator time [offset]    ; and nothing else
//! date      = year "-" month "-" day
//! year      = 4DIGIT / ("+" / "-") 6DIGIT     ; RFC 3339: 4 digits
//! separator = "T" / "t" / " "                 ; RFC 3339: no space
//! time      = hour [":" minute [":" second ["." 1*DIGIT]]]    ; RFC 3339: seconds required
//! offset    = "Z" / "z" / sign hour ":" minute [":" second ["." 6DIGIT]]    ; RFC 3339: no seconds
//! ```
//!
//! Each rule takes the input that remains and returns its value and what
//! remains after it, or a [`Fail`]: a [`Problem`] (mostly one of a few kinds
//! times the [`Field`] it concerns) and how much input remained where it was
//! found. The byte position is the input's length minus that; it and the
//! message are computed only in the `#[cold]` [`Fail::into_error`].
//!
//! Fields are checked against their ranges as they are read, so an error is
//! at the first offending byte; a date's syntax is read whole before it is
//! checked (whether day 30 exists depends on the month and the year).
//!
//! `YYYY-MM-DDTHH:MM`, the start of nearly every timestamp, is read 16 bytes
//! at a time ([`fast_prefix`]); any other start, and every error, goes rule by
//! rule ([`slow_prefix`]).

// Parsing is where these pay: the input is untrusted, and an index or an
// overflow there must be impossible, not merely unlikely.
#![warn(clippy::indexing_slicing, clippy::arithmetic_side_effects)]

use core::str::FromStr;

use chrono::{DateTime, Datelike, FixedOffset, NaiveDate, NaiveDateTime, NaiveTime};

use crate::aware::MaybeAware;
use crate::error::{quote, Error, ErrorKind};

mod epoch;
mod js_date;
mod rfc2822;
mod rfc9557;

#[cfg(feature = "serde")]
pub(crate) use epoch::out_of_range as epoch_out_of_range;
pub use epoch::{from_epoch, EpochUnit};
pub use js_date::parse_js_date;
pub(crate) use rfc2822::http_date;
pub use rfc2822::parse_rfc2822;
pub(crate) use rfc9557::{read_rfc9557, Recorded};

/// The largest year chrono's `NaiveDate` holds (checked in the unit tests).
const MAX_YEAR: i32 = 262_142;
/// The smallest year chrono's `NaiveDate` holds (checked in the unit tests).
const MIN_YEAR: i32 = -262_143;

// The grammar's variants, as a const parameter so that each is compiled to
// its own straight-line code.
/// `parse`: an offset is optional.
const LENIENT: u8 = 0;
/// `parse_aware`: an offset is required.
const AWARE: u8 = 1;
/// `parse_naive`: an offset is refused.
const NAIVE: u8 = 2;
/// `parse_rfc3339`: RFC 3339 section 5.6 `date-time` only.
const STRICT: u8 = 3;
/// An offset alone ([`parse_offset`], for `Zone::from_str`): also the basic
/// forms `±HHMM[SS]` and `±HH`.
const ZONE: u8 = 4;

/// Reads a timestamp with or without a UTC offset: RFC 3339, and every form
/// CPython's `datetime.isoformat()` / `str(datetime)` and JavaScript's
/// `Date.prototype.toISOString()` write, with the value
/// `datetime.fromisoformat` / `new Date` reads. Also available as
/// [`str::parse::<MaybeAware>`](MaybeAware).
///
/// # Accepted forms
///
/// `date` `sep` `time`, then optionally `offset`, and nothing else (no leading or trailing
/// whitespace):
///
/// * `date`: `YYYY-MM-DD` with a 4-digit year (`0000` to `9999`), or a sign and
///   6 digits (`+012026-11-26`, `-000001-01-01`: JavaScript's expanded years;
///   `-000000` is refused as in ECMAScript). A year chrono cannot hold (outside
///   `-262143..=262142`) is an [`ErrorKind::OutOfRange`] error.
/// * `sep`: `T`, `t` or one space (`str(datetime)`).
/// * `time`: `HH`, `HH:MM` or `HH:MM:SS` (Python's `timespec` `hours`,
///   `minutes`, `seconds`), the last optionally with `.` and one or more
///   fraction digits. Digits beyond the 9th are read and truncated to
///   nanoseconds (CPython truncates beyond the 6th, to microseconds).
/// * `offset`: `Z`, `z`, `±HH:MM`, or Python's `±HH:MM:SS` (zoneinfo's local
///   mean time before about 1900, for example `+05:53:28`). `-00:00` ("local
///   offset unknown" in RFC 3339) reads as UTC. Python also writes
///   microseconds, `±HH:MM:SS.ffffff`: chrono's `FixedOffset` holds whole
///   seconds only, so a non-zero fraction is an [`ErrorKind::OutOfRange`] error
///   (`.000000` is read). An offset must be less than 24 hours.
///
/// Forms that `datetime.fromisoformat` reads but no Python or JavaScript code
/// writes are refused: the basic format (`20250102T030405`), week and ordinal
/// dates, `,` as decimal mark, offsets without a colon (`+0530`) or without
/// minutes (`+05`), bare numbers and a date alone.
///
/// # Leap seconds
///
/// Second `60` is read only where the time in UTC is `23:59:60`, as RFC 3339
/// requires: `1998-12-31T15:59:60.123-08:00` is read, `23:59:60+01:00` is not.
/// It becomes chrono's leap-second representation (second 59 with a nanosecond
/// of 1,000,000,000 or more). A naive `23:59:60` is read as a leap second (there
/// is no UTC to check it against); any other naive `:60` is an error.
///
/// # Errors
///
/// [`ErrorKind::Parse`] when `input` is not one of the forms above or names a
/// date or time that does not exist; the message quotes the input, says what
/// was expected and where ([`Error::position`] is the byte offset of the first
/// offending byte). [`ErrorKind::OutOfRange`] for years or instants outside
/// chrono's range and for offsets with a fraction of a second.
///
/// # Example
///
/// ```
/// use chrono::{NaiveDate, Timelike};
/// use tzsafe::{parse, ErrorKind, MaybeAware};
///
/// let aware = parse("2026-11-26T09:30:00.123+05:30")?;
/// assert_eq!(aware.aware().unwrap().to_rfc3339(), "2026-11-26T09:30:00.123+05:30");
///
/// // What Python's `str(datetime)` and `isoformat(timespec="hours")` write.
/// let naive = parse("2026-11-26 09:30:00.123456")?;
/// assert_eq!(naive.naive().unwrap().nanosecond(), 123_456_000);
/// assert_eq!(
///     parse("2026-11-26T09")?,
///     MaybeAware::Naive(NaiveDate::from_ymd_opt(2026, 11, 26).unwrap().and_hms_opt(9, 0, 0).unwrap()),
/// );
///
/// let err = parse("2026-11-26").unwrap_err();
/// assert_eq!(err.kind(), ErrorKind::Parse);
/// assert_eq!(
///     err.to_string(),
///     "invalid timestamp \"2026-11-26\": expected 'T', 't' or ' ' then a time; \
///      a date alone is not a timestamp (at byte 10)",
/// );
/// # Ok::<(), tzsafe::Error>(())
/// ```
#[inline]
pub fn parse(input: &str) -> Result<MaybeAware, Error> {
    match timestamp::<LENIENT, Quick>(input.as_bytes()) {
        Ok(value) => Ok(value),
        Err(()) => Err(failure::<LENIENT>(input, Form::Timestamp)),
    }
}

impl FromStr for MaybeAware {
    type Err = Error;

    /// The same as [`parse`].
    #[inline]
    fn from_str(s: &str) -> Result<Self, Error> {
        parse(s)
    }
}

/// Reads a timestamp that must carry a UTC offset: the forms of [`parse`] with
/// an offset.
///
/// # Errors
///
/// As [`parse`], and [`ErrorKind::Parse`] when the offset is missing, at the
/// byte after the time.
///
/// # Example
///
/// ```
/// use tzsafe::parse_aware;
///
/// let at = parse_aware("2026-11-26 09:30:00-05:00")?;
/// assert_eq!(at.to_rfc3339(), "2026-11-26T09:30:00-05:00");
///
/// let err = parse_aware("2026-11-26T09:30:00").unwrap_err();
/// assert_eq!(
///     err.to_string(),
///     "invalid timestamp \"2026-11-26T09:30:00\": expected a UTC offset ('Z' or like '+05:30') \
///      after the time (at byte 19)",
/// );
/// # Ok::<(), tzsafe::Error>(())
/// ```
#[inline]
pub fn parse_aware(input: &str) -> Result<DateTime<FixedOffset>, Error> {
    match timestamp::<AWARE, Quick>(input.as_bytes()) {
        Ok(MaybeAware::Aware(aware)) => Ok(aware),
        // `timestamp::<AWARE>` refuses a missing offset itself.
        Ok(MaybeAware::Naive(_)) => {
            Err(Fail::at(&[], Problem::MissingOffset).into_error(input, Form::Timestamp))
        }
        Err(()) => Err(failure::<AWARE>(input, Form::Timestamp)),
    }
}

/// Reads a timestamp that must not carry a UTC offset: the forms of [`parse`]
/// without an offset. An offset is an error, never silently dropped.
///
/// # Errors
///
/// As [`parse`], and [`ErrorKind::Parse`] at the first byte of an offset.
///
/// # Example
///
/// ```
/// use tzsafe::parse_naive;
///
/// let wall = parse_naive("2026-11-26T09:30")?;
/// assert_eq!(wall.to_string(), "2026-11-26 09:30:00");
///
/// let err = parse_naive("2026-11-26T09:30:00Z").unwrap_err();
/// assert_eq!(err.position(), Some(19));
/// # Ok::<(), tzsafe::Error>(())
/// ```
#[inline]
pub fn parse_naive(input: &str) -> Result<NaiveDateTime, Error> {
    match timestamp::<NAIVE, Quick>(input.as_bytes()) {
        Ok(MaybeAware::Naive(naive)) => Ok(naive),
        // `timestamp::<NAIVE>` refuses an offset itself.
        Ok(MaybeAware::Aware(_)) => {
            Err(Fail::at(input.as_bytes(), Problem::OffsetRefused)
                .into_error(input, Form::Timestamp))
        }
        Err(()) => Err(failure::<NAIVE>(input, Form::Timestamp)),
    }
}

/// Reads a strict RFC 3339 (section 5.6) `date-time`:
/// `YYYY-MM-DDTHH:MM:SS[.fraction](Z|±HH:MM)`, with `T`/`t` (no space), seconds
/// and an offset (`Z`, `z` or `±HH:MM`) required, one or more fraction digits
/// (truncated to nanoseconds), and leap seconds as in [`parse`].
///
/// Everything `parse_rfc3339` reads, [`parse`] reads to the same value.
///
/// # Errors
///
/// [`ErrorKind::Parse`] when `input` is not an RFC 3339 `date-time` or names a
/// date or time that does not exist; [`ErrorKind::OutOfRange`] when the instant
/// is outside chrono's range.
///
/// # Example
///
/// ```
/// use tzsafe::parse_rfc3339;
///
/// let at = parse_rfc3339("1998-12-31T15:59:60.5-08:00")?; // a leap second
/// assert_eq!(at.to_rfc3339(), "1998-12-31T15:59:60.500-08:00");
///
/// let err = parse_rfc3339("2026-11-26 09:30:00Z").unwrap_err();
/// assert_eq!(
///     err.to_string(),
///     "invalid RFC 3339 timestamp \"2026-11-26 09:30:00Z\": expected 'T' or 't' between the \
///      date and the time (at byte 10)",
/// );
/// # Ok::<(), tzsafe::Error>(())
/// ```
#[inline]
pub fn parse_rfc3339(input: &str) -> Result<DateTime<FixedOffset>, Error> {
    match timestamp::<STRICT, Quick>(input.as_bytes()) {
        Ok(MaybeAware::Aware(aware)) => Ok(aware),
        // `timestamp::<STRICT>` refuses a missing offset itself.
        Ok(MaybeAware::Naive(_)) => {
            Err(Fail::at(&[], Problem::MissingOffset).into_error(input, Form::Rfc3339))
        }
        Err(()) => Err(failure::<STRICT>(input, Form::Rfc3339)),
    }
}

/// The error for `input`, which [`Quick`] failed to read in `MODE`: read
/// again, rule by rule, with [`Exact`].
#[cold]
#[inline(never)]
fn failure<const MODE: u8>(input: &str, form: Form) -> Error {
    let fail = match timestamp::<MODE, Exact>(input.as_bytes()) {
        Err(fail) => fail,
        // Unreachable: both reads follow the same rules.
        Ok(_) => Fail::at(&[], Problem::End),
    };
    fail.into_error(input, form)
}

/// Reads a calendar date: the `date` of [`parse`]'s timestamps, alone.
/// `YYYY-MM-DD` with a 4-digit year (`0000` to `9999`), or a sign and 6 digits
/// for any year chrono holds (`+012345-06-07`, `-000044-03-15`; `-000000` is
/// refused), and nothing else. This is how instants are written by
/// [`MaybeAware`]'s `Display`, cut at the `T`.
///
/// # Errors
///
/// [`ErrorKind::Parse`] when `input` is not such a date or names a month or
/// a day that does not exist, with the messages of [`parse`];
/// [`ErrorKind::OutOfRange`] for a year outside chrono's range
/// (`-262143..=262142`).
///
/// # Example
///
/// ```
/// use chrono::NaiveDate;
/// use tzsafe::{parse_date, ErrorKind};
///
/// assert_eq!(parse_date("2026-11-30")?, NaiveDate::from_ymd_opt(2026, 11, 30).unwrap());
/// assert_eq!(parse_date("-000044-03-15")?, NaiveDate::from_ymd_opt(-44, 3, 15).unwrap());
///
/// let err = parse_date("2026-02-29").unwrap_err();
/// assert_eq!(err.kind(), ErrorKind::Parse);
/// assert_eq!(err.to_string(), "invalid date \"2026-02-29\": day 29 does not exist in 2026-02 (at byte 8)");
/// assert_eq!(parse_date("+275760-09-13").unwrap_err().kind(), ErrorKind::OutOfRange);
/// # Ok::<(), tzsafe::Error>(())
/// ```
pub fn parse_date(input: &str) -> Result<NaiveDate, Error> {
    let s = input.as_bytes();
    let read = || -> Result<NaiveDate, Fail> {
        let ((date, shift), rest) = date::<LENIENT, Exact>(s)?;
        if shift != 0 {
            // The day just outside chrono's range: only an instant can use it.
            return Err(Fail::at(s, Problem::Range(Field::Year)));
        }
        end::<Exact>(rest)?;
        Ok(date)
    };
    read().map_err(|fail| fail.into_error(input, Form::Date))
}

/// Reads a UTC offset alone, for `Zone::from_str`: the `offset` of [`parse`]'s
/// timestamps (`±HH:MM`, `±HH:MM:SS`, a zero `.ffffff`), and also
/// `±HHMM`, `±HHMMSS` and `±HH`, the forms of `strftime("%z")` and of the tz
/// database's numeric abbreviations (`+0530`, `+05`). Timestamps refuse those
/// forms: no Python or JavaScript code writes them there, and RFC 3339 has
/// none of them.
pub(crate) fn parse_offset(input: &str) -> Result<FixedOffset, Error> {
    let s = input.as_bytes();
    let read = || -> Result<FixedOffset, Fail> {
        let (sign, rest) = match s {
            [sign @ (b'+' | b'-'), rest @ ..] => (*sign, rest),
            _ => return Err(Fail::at(s, Problem::Digits(Field::Sign))),
        };
        let secs = numeric_offset::<ZONE, Exact>(sign, rest)?;
        // Less than 24 hours.
        FixedOffset::east_opt(secs).ok_or(Fail::at(rest, Problem::Range(Field::OffsetHour)))
    };
    read().map_err(|fail| fail.into_error(input, Form::Offset))
}

// ---------------------------------------------------------------------------
// Failures: a problem, and how much input remained where it was found.

/// What an error is about: a field of the grammar.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
// Word-sized: it travels with the time of day through the hot path, where
// byte-sized fields were copied and re-read in pieces (store-forwarding
// stalls, about 4 ns a parse).
#[repr(u32)]
enum Field {
    Year,
    Month,
    Day,
    Hour,
    Minute,
    Second,
    Fraction,
    /// The `+` or `-` of an offset alone.
    Sign,
    OffsetHour,
    OffsetMinute,
    OffsetSecond,
    OffsetMicros,
    /// RFC 9557: a bracketed annotation as a whole (its `[`, its `]`).
    Annotation,
    /// RFC 9557: the time zone annotation's name or offset.
    ZoneName,
    /// RFC 9557: the key of a `key=value` annotation.
    AnnotationKey,
    /// RFC 9557: a value of a `key=value` annotation.
    AnnotationValue,
    /// A Unix epoch number's integer part.
    Integer,
    /// A day of the week in words (`Mon`, `Monday`).
    Weekday,
    /// A month in words (`Dec`).
    MonthName,
    /// An e-mail, HTTP or JavaScript date's zone (`-0800`, `GMT`, `PST`).
    Zone,
    /// A comment in parentheses.
    Comment,
}

/// What went wrong: a few kinds times the field, and four problems of the
/// whole value.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Problem {
    /// The field's digits are missing: at the first byte that is not one.
    Digits(Field),
    /// The field's value does not exist (month 13) or cannot be represented
    /// (year +275760): at its first byte.
    Range(Field),
    /// A byte that may not follow the field.
    After(Field),
    /// A byte after a complete value.
    End,
    /// Second 60 of a naive value, not at 23:59.
    LeapNaive,
    /// Second 60 of an aware value, not at 23:59:60 UTC: the UTC time of day
    /// in seconds of the second before it.
    LeapUtc(u32),
    /// `parse_aware` and `parse_rfc3339` without an offset.
    MissingOffset,
    /// `parse_naive` with an offset.
    OffsetRefused,
    /// The instant is outside chrono's range.
    InstantRange,
    /// RFC 9557: no time zone annotation (at the first `[`, or the end).
    MissingZone,
    /// RFC 9557: a critical annotation tzsafe cannot act on (at its `[`).
    Critical,
    /// RFC 9557: an experimental key (`_...`), which the RFC says to
    /// refuse (at its `[`).
    Experimental,
    /// RFC 9557: a critical annotation that a repeated key contradicts
    /// (at the later one's `[`).
    Inconsistent,
    /// A day of the week that is not the date's (this date's).
    Weekday(NaiveDate),
    /// A day the month does not have (in this year and month).
    NoDay(i32, u32),
}

/// Where reading stopped and why: cheap to return from the hot path.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Fail {
    /// How many bytes of the input remained, from the offending one on.
    rest: usize,
    problem: Problem,
}

impl Fail {
    #[inline(always)]
    const fn at(rest: &[u8], problem: Problem) -> Fail {
        Fail {
            rest: rest.len(),
            problem,
        }
    }
}

/// How the rules report a failure. The hot path reads with [`Quick`], whose
/// failure says nothing; when that read fails, the input is read again with
/// [`Exact`], whose failure is the [`Fail`]. Every rule is written once,
/// generic over the two. (Carrying a position and a problem out of every rule
/// cost about 5 % of a parse, even though no error happens.)
trait Report {
    type Fail;
    /// The failure at `rest` (what remained of the input) because of `problem`.
    fn fail(rest: &[u8], problem: Problem) -> Self::Fail;
    /// The failure `exact` computes, computed only when it is wanted.
    fn fail_with(exact: impl FnOnce() -> Fail) -> Self::Fail;
}

/// Failures without detail, for the hot path.
enum Quick {}

impl Report for Quick {
    type Fail = ();
    #[inline(always)]
    fn fail(_: &[u8], _: Problem) {}
    #[inline(always)]
    fn fail_with(_: impl FnOnce() -> Fail) {}
}

/// Failures with where and why, for the error.
enum Exact {}

impl Report for Exact {
    type Fail = Fail;
    #[inline(always)]
    fn fail(rest: &[u8], problem: Problem) -> Fail {
        Fail::at(rest, problem)
    }
    #[inline(always)]
    fn fail_with(exact: impl FnOnce() -> Fail) -> Fail {
        exact()
    }
}

/// A rule's value and the input after it, or its failure reported as `R` does.
type Parsed<'a, T, R> = Result<(T, &'a [u8]), <R as Report>::Fail>;

// ---------------------------------------------------------------------------
// Terminals.

/// Two ASCII digits as a number.
#[inline(always)]
fn two(a: u8, b: u8) -> Option<u32> {
    let a = a.wrapping_sub(b'0');
    let b = b.wrapping_sub(b'0');
    if a < 10 && b < 10 {
        Some(u32::from(a).wrapping_mul(10).wrapping_add(u32::from(b)))
    } else {
        None
    }
}

/// Four ASCII digits as a number.
#[inline(always)]
fn four(a: u8, b: u8, c: u8, d: u8) -> Option<u32> {
    match (two(a, b), two(c, d)) {
        (Some(hi), Some(lo)) => Some(hi.wrapping_mul(100).wrapping_add(lo)),
        _ => None,
    }
}

/// `2DIGIT`: the field `field`.
#[inline(always)]
fn two_digits<R: Report>(s: &[u8], field: Field) -> Parsed<'_, u32, R> {
    if let [a, b, rest @ ..] = s
        && let Some(value) = two(*a, *b)
    {
        return Ok((value, rest));
    }
    Err(missing_digits::<R>(s, 2, field))
}

/// `6DIGIT`: the field `field` (at most 999,999).
#[inline(always)]
fn six_digits<R: Report>(s: &[u8], field: Field) -> Parsed<'_, u32, R> {
    if let [a, b, c, d, e, f, rest @ ..] = s
        && let (Some(hi), Some(mid), Some(lo)) = (two(*a, *b), two(*c, *d), two(*e, *f))
    {
        let value = hi
            .wrapping_mul(10_000)
            .wrapping_add(mid.wrapping_mul(100))
            .wrapping_add(lo);
        return Ok((value, rest));
    }
    Err(missing_digits::<R>(s, 6, field))
}

/// `2DIGIT` no greater than `max`: the field `field`.
#[inline(always)]
fn bounded<R: Report>(s: &[u8], field: Field, max: u32) -> Parsed<'_, u32, R> {
    let (value, rest) = two_digits::<R>(s, field)?;
    if value > max {
        return Err(R::fail(s, Problem::Range(field)));
    }
    Ok((value, rest))
}

/// `n` digits of `field` were expected at the start of `s`: the failure at
/// the first byte that is not one.
#[cold]
fn missing_digits<R: Report>(s: &[u8], n: usize, field: Field) -> R::Fail {
    R::fail_with(|| {
        let mut rest = s;
        for _ in 0..n {
            match rest {
                [digit, tail @ ..] if digit.is_ascii_digit() => rest = tail,
                _ => break,
            }
        }
        Fail::at(rest, Problem::Digits(field))
    })
}

/// The byte `byte`, which must follow `field`.
#[inline(always)]
fn expect<R: Report>(s: &[u8], byte: u8, field: Field) -> Result<&[u8], R::Fail> {
    match s {
        [b, rest @ ..] if *b == byte => Ok(rest),
        _ => Err(R::fail(s, Problem::After(field))),
    }
}

/// The end of the input.
#[inline(always)]
fn end<R: Report>(s: &[u8]) -> Result<(), R::Fail> {
    if s.is_empty() {
        Ok(())
    } else {
        Err(R::fail(s, Problem::End))
    }
}

// ---------------------------------------------------------------------------
// The rules.

/// Reads the whole input as a timestamp; `MODE` selects the grammar and what
/// to do about the offset. Aware results are `MaybeAware::Aware` in every mode.
///
/// Inlined into the public functions, which are `#[inline]` themselves: a
/// caller with one call site gets the parser in its loop (about 8% faster in
/// the `parse/rfc3339` benchmark than a call); with several, LLVM keeps one
/// copy per codegen unit. Cold paths ([`slow_prefix`], errors) stay out of line.
#[inline(always)]
fn timestamp<const MODE: u8, R: Report>(s: &[u8]) -> Result<MaybeAware, R::Fail> {
    let Prefix {
        date,
        shift,
        time,
        rest,
    } = match fast_prefix::<MODE>(s) {
        Some(prefix) => prefix,
        None => slow_prefix::<MODE, R>(s)?,
    };
    let (time, rest) = match time.last {
        Field::Minute => seconds::<MODE, R>(time, rest)?,
        _ => (time, rest),
    };
    let (offset, rest) = offset::<MODE, R>(rest, time.last)?;
    end::<R>(rest)?;
    match offset {
        None if MODE == AWARE || MODE == STRICT => Err(R::fail(rest, Problem::MissingOffset)),
        None => naive_value::<R>(s, date, shift, time),
        Some(offset) => aware_value::<R>(s, date, shift, time, offset),
    }
}

/// What the start of a timestamp says: `date separator hour [":" minute]`.
struct Prefix<'a> {
    date: NaiveDate,
    /// 0, or ±1 when `date` stands in for the day after `NaiveDate::MAX` /
    /// before `NaiveDate::MIN` (see [`date_edge`]).
    shift: i32,
    /// The hour and minute; `last` is `Hour` or `Minute`.
    time: Time,
    rest: &'a [u8],
}

/// The time of day as read so far.
#[derive(Clone, Copy)]
struct Time {
    /// The second of the day (below 86,400): a leap second counts as second
    /// 59 of its minute, with `nanos` of 1e9 or more, as chrono holds it.
    /// (Where a leap second may be is checked with the offset.)
    secs: u32,
    nanos: u32,
    /// The last field read: `Hour`, `Minute`, `Second` or `Fraction`.
    last: Field,
}

impl Time {
    #[inline(always)]
    const fn hour_minute(hour: u32, minute: u32, last: Field) -> Time {
        Time {
            // Below 86,400: both were checked.
            secs: hour
                .wrapping_mul(3600)
                .wrapping_add(minute.wrapping_mul(60)),
            nanos: 0,
            last,
        }
    }

    #[inline(always)]
    fn is_leap(self) -> bool {
        self.nanos >= 1_000_000_000
    }
}

/// Bytes that are `'0'` where a digit is expected.
const ZEROS: u64 = 0x3030_3030_3030_3030;
/// `YYYY-MM-`: where the digits are (little-endian: byte 0 is the lowest).
const DATE_DIGITS: u64 = 0x00FF_FF00_FFFF_FFFF;
/// `YYYY-MM-`: the two dashes.
const DATE_DASHES: u64 = 0x2D00_002D_0000_0000;
/// `DDTHH:MM`: where the digits are.
const TIME_DIGITS: u64 = 0xFFFF_00FF_FF00_FFFF;

/// The digits of `word` where `mask` is set, as values 0-9 (0 elsewhere), or
/// `None` when one of them is not an ASCII digit.
#[inline(always)]
fn swar_digits(word: u64, mask: u64) -> Option<u64> {
    let x = (word ^ ZEROS) & mask;
    // A byte above 9 gets its high bit set by adding 0x76 (or has it already).
    if (x.wrapping_add(0x7676_7676_7676_7676) | x) & 0x8080_8080_8080_8080 == 0 {
        // Byte i becomes 10 * digit i + digit i + 1: pairs at once.
        Some(x.wrapping_mul(10).wrapping_add(x >> 8))
    } else {
        None
    }
}

/// `YYYY-MM-DDTHH:MM`, read 8 bytes at a time, when it is a date that exists
/// and a time whose hour and minute do. `None` for anything else, which
/// [`slow_prefix`] reads (and reports on) rule by rule.
#[inline(always)]
fn fast_prefix<const MODE: u8>(s: &[u8]) -> Option<Prefix<'_>> {
    let (head, rest) = s.split_first_chunk::<16>()?;
    let date = u64::from_le_bytes(*head.first_chunk::<8>()?);
    let time = u64::from_le_bytes(*head.last_chunk::<8>()?);
    let sep = (time >> 16) as u8;
    let colon = (time >> 40) as u8;
    if date & !DATE_DIGITS != DATE_DASHES || colon != b':' || !is_separator::<MODE>(sep) {
        return None;
    }
    let date = swar_digits(date, DATE_DIGITS)?;
    let time = swar_digits(time, TIME_DIGITS)?;
    // At most 9999: fits an i32.
    let year = ((date & 0xFF) as u32)
        .wrapping_mul(100)
        .wrapping_add(((date >> 16) & 0xFF) as u32) as i32;
    let month = ((date >> 40) & 0xFF) as u32;
    let day = (time & 0xFF) as u32;
    let hour = ((time >> 24) & 0xFF) as u32;
    let minute = ((time >> 48) & 0xFF) as u32;
    if hour > 23 || minute > 59 {
        return None;
    }
    Some(Prefix {
        date: date_of(year, month, day)?,
        shift: 0,
        time: Time::hour_minute(hour, minute, Field::Minute),
        rest,
    })
}

/// `date separator hour [":" minute]` rule by rule (`":" minute` is required
/// in RFC 3339).
#[inline(never)]
fn slow_prefix<const MODE: u8, R: Report>(s: &[u8]) -> Result<Prefix<'_>, R::Fail> {
    let ((date, shift), rest) = date::<MODE, R>(s)?;
    let rest = separator::<MODE, R>(rest)?;
    let (hour, rest) = bounded::<R>(rest, Field::Hour, 23)?;
    let (minute, last, rest) = match rest {
        [b':', rest @ ..] => {
            let (minute, rest) = bounded::<R>(rest, Field::Minute, 59)?;
            (minute, Field::Minute, rest)
        }
        _ if MODE == STRICT => return Err(R::fail(rest, Problem::After(Field::Hour))),
        _ => (0, Field::Hour, rest),
    };
    Ok(Prefix {
        date,
        shift,
        time: Time::hour_minute(hour, minute, last),
        rest,
    })
}

/// `date = year "-" month "-" day`: the syntax first, then whether the date
/// exists. The value is the date and its shift (see [`Prefix::shift`]).
#[inline(always)]
fn date<const MODE: u8, R: Report>(s: &[u8]) -> Parsed<'_, (NaiveDate, i32), R> {
    let (year, rest) = year::<MODE, R>(s)?;
    let month_at = expect::<R>(rest, b'-', Field::Year)?;
    let (month, rest) = two_digits::<R>(month_at, Field::Month)?;
    let day_at = expect::<R>(rest, b'-', Field::Month)?;
    let (day, rest) = two_digits::<R>(day_at, Field::Day)?;
    let date = match date_of(year, month, day) {
        Some(date) => (date, 0),
        None => date_edge(year, month, day).map_err(|field| {
            let at = match field {
                Field::Month => month_at,
                Field::Day => day_at,
                _ => s,
            };
            R::fail(at, Problem::Range(field))
        })?,
    };
    Ok((date, rest))
}

/// `year = 4DIGIT / ("+" / "-") 6DIGIT` (4 digits in RFC 3339).
#[inline(always)]
fn year<const MODE: u8, R: Report>(s: &[u8]) -> Parsed<'_, i32, R> {
    if let [a, b, c, d, rest @ ..] = s
        && let Some(year) = four(*a, *b, *c, *d)
    {
        // At most 9999: fits an i32.
        return Ok((year as i32, rest));
    }
    expanded_year::<MODE, R>(s)
}

/// A sign and 6 digits (JavaScript's expanded years), or the failure of a year.
#[inline(never)]
fn expanded_year<const MODE: u8, R: Report>(s: &[u8]) -> Parsed<'_, i32, R> {
    match s {
        [sign @ (b'+' | b'-'), digits @ ..] if MODE != STRICT => {
            // At most 999,999: fits an i32.
            let (year, rest) = six_digits::<R>(digits, Field::Year)?;
            let year = year as i32;
            match (*sign, year) {
                (b'+', _) => Ok((year, rest)),
                // There is no year -0 (ECMAScript refuses `-000000` too).
                (_, 0) => Err(R::fail(s, Problem::Range(Field::Year))),
                _ => Ok((year.wrapping_neg(), rest)),
            }
        }
        _ => Err(missing_digits::<R>(s, 4, Field::Year)),
    }
}

/// The bytes that may separate the date and the time.
#[inline(always)]
fn is_separator<const MODE: u8>(b: u8) -> bool {
    b == b'T' || b == b't' || (MODE != STRICT && b == b' ')
}

/// `separator = "T" / "t" / " "` (no space in RFC 3339).
#[inline(always)]
fn separator<const MODE: u8, R: Report>(s: &[u8]) -> Result<&[u8], R::Fail> {
    match s {
        [b, rest @ ..] if is_separator::<MODE>(*b) => Ok(rest),
        _ => Err(R::fail(s, Problem::After(Field::Day))),
    }
}

/// `[":" second ["." 1*DIGIT]]` after the minutes of `time` (required in RFC
/// 3339). A leap second is second 59 with 1e9 nanoseconds and more, as chrono
/// holds it; where one may be is checked with the offset.
#[inline(always)]
fn seconds<const MODE: u8, R: Report>(time: Time, s: &[u8]) -> Parsed<'_, Time, R> {
    let (second, leap_nanos, rest) = match s {
        [b':', digits @ ..] => match digits {
            [a, b, rest @ ..] => match two(*a, *b) {
                Some(second) if second <= 59 => (second, 0, rest),
                _ => (59, 1_000_000_000, leap_second::<R>(digits)?),
            },
            _ => return Err(missing_digits::<R>(digits, 2, Field::Second)),
        },
        _ if MODE == STRICT => return Err(R::fail(s, Problem::After(Field::Minute))),
        _ => return Ok((time, s)),
    };
    let ((nanos, last), rest) = fraction_part::<R>(rest)?;
    let time = Time {
        secs: time.secs.wrapping_add(second),
        nanos: nanos.wrapping_add(leap_nanos),
        last,
    };
    Ok((time, rest))
}

/// Seconds that are not `00` to `59`: the input after second `60` (a leap
/// second), or the failure. (Cold, and returning only the rest, so that the
/// hot path's values stay in registers.)
#[cold]
fn leap_second<R: Report>(digits: &[u8]) -> Result<&[u8], R::Fail> {
    let (second, rest) = two_digits::<R>(digits, Field::Second)?;
    if second != 60 {
        return Err(R::fail(digits, Problem::Range(Field::Second)));
    }
    Ok(rest)
}

/// `["." 1*DIGIT]` after the seconds: the nanoseconds and the last field read.
#[inline(always)]
fn fraction_part<R: Report>(s: &[u8]) -> Parsed<'_, (u32, Field), R> {
    match s {
        [b'.', rest @ ..] => {
            let (nanos, rest) = fraction::<R>(rest)?;
            Ok(((nanos, Field::Fraction), rest))
        }
        _ => Ok(((0, Field::Second), s)),
    }
}

/// Multipliers that scale `n` fraction digits to nanoseconds.
const SCALE: [u32; 10] = [
    1_000_000_000,
    100_000_000,
    10_000_000,
    1_000_000,
    100_000,
    10_000,
    1_000,
    100,
    10,
    1,
];

/// `1*DIGIT` after the `.`: nanoseconds (digits beyond the 9th are read and
/// dropped).
#[inline(always)]
fn fraction<R: Report>(s: &[u8]) -> Parsed<'_, u32, R> {
    let mut digits = 0usize;
    let mut value = 0u32;
    let mut rest = s;
    // Three digits at a time (Python and JavaScript write 3 or 6), then one
    // at a time.
    while digits < 9 {
        let [a, b, c, more @ ..] = rest else { break };
        let Some(ab) = two(*a, *b) else { break };
        let c = c.wrapping_sub(b'0');
        if c > 9 {
            break;
        }
        value = value
            .wrapping_mul(1000)
            .wrapping_add(ab.wrapping_mul(10))
            .wrapping_add(u32::from(c));
        digits = digits.wrapping_add(3);
        rest = more;
    }
    while let [d, more @ ..] = rest {
        let d = d.wrapping_sub(b'0');
        if d > 9 {
            break;
        }
        if digits < 9 {
            value = value.wrapping_mul(10).wrapping_add(u32::from(d));
        }
        digits = digits.wrapping_add(1);
        rest = more;
    }
    match SCALE.get(digits) {
        _ if digits == 0 => Err(R::fail(s, Problem::Digits(Field::Fraction))),
        Some(scale) => Ok((value.wrapping_mul(*scale), rest)),
        // More than 9 digits: `value` holds the first 9.
        None => Ok((value, rest)),
    }
}

/// `[offset]`, which ends the input: `Z`, `z`, a numeric offset, or nothing;
/// the offset in seconds east of UTC. `last` is the field before it, for the
/// failure of a byte that is none of these.
#[inline(always)]
fn offset<const MODE: u8, R: Report>(s: &[u8], last: Field) -> Parsed<'_, Option<i32>, R> {
    match s {
        [] => Ok((None, s)),
        [b'Z' | b'z' | b'+' | b'-', ..] if MODE == NAIVE => Err(R::fail(s, Problem::OffsetRefused)),
        [b'Z' | b'z', rest @ ..] => Ok((Some(0), rest)),
        [sign @ (b'+' | b'-'), rest @ ..] => {
            Ok((Some(numeric_offset::<MODE, R>(*sign, rest)?), &[]))
        }
        _ => Err(R::fail(s, Problem::After(last))),
    }
}

/// `hour ":" minute [":" second ["." 6DIGIT]]` after the sign, and the end of
/// the input: seconds east of UTC, less than a day. `±HH:MM`, the usual
/// offset, is read in one step; anything else by [`offset_rules`].
#[inline(always)]
fn numeric_offset<const MODE: u8, R: Report>(sign: u8, s: &[u8]) -> Result<i32, R::Fail> {
    let secs = match s {
        [h0, h1, b':', m0, m1] => match (two(*h0, *h1), two(*m0, *m1)) {
            (Some(hours), Some(minutes)) if hours <= 23 && minutes <= 59 => hours
                .wrapping_mul(3600)
                .wrapping_add(minutes.wrapping_mul(60)),
            _ => offset_rules::<MODE, R>(s)?,
        },
        _ => offset_rules::<MODE, R>(s)?,
    };
    // Below 86,400: fits an i32.
    let secs = secs as i32;
    Ok(if sign == b'-' {
        secs.wrapping_neg()
    } else {
        secs
    })
}

/// [`numeric_offset`] rule by rule, unsigned. With `MODE` [`ZONE`] also
/// `hour [minute [second]]`; in RFC 3339 no seconds.
#[inline(never)]
fn offset_rules<const MODE: u8, R: Report>(s: &[u8]) -> Result<u32, R::Fail> {
    let (hours, rest) = bounded::<R>(s, Field::OffsetHour, 23)?;
    let (minutes, seconds) = match rest {
        [b':', rest @ ..] => {
            let (minutes, rest) = bounded::<R>(rest, Field::OffsetMinute, 59)?;
            match rest {
                [] => (minutes, 0),
                [b':', rest @ ..] if MODE != STRICT => (minutes, offset_seconds::<R>(rest)?),
                _ if MODE == STRICT => return Err(R::fail(rest, Problem::End)),
                _ => return Err(R::fail(rest, Problem::After(Field::OffsetMinute))),
            }
        }
        _ if MODE == ZONE => basic_offset::<R>(rest)?,
        _ => return Err(R::fail(rest, Problem::After(Field::OffsetHour))),
    };
    // Below 86,400: each field was checked.
    Ok(hours
        .wrapping_mul(3600)
        .wrapping_add(minutes.wrapping_mul(60))
        .wrapping_add(seconds))
}

/// `second ["." 6DIGIT]` after the offset's minutes, and the end: Python's
/// offsets with seconds and microseconds. chrono's `FixedOffset` holds whole
/// seconds, so only a zero fraction is read.
fn offset_seconds<R: Report>(s: &[u8]) -> Result<u32, R::Fail> {
    let (seconds, rest) = bounded::<R>(s, Field::OffsetSecond, 59)?;
    match rest {
        [] => Ok(seconds),
        [b'.', digits @ ..] => {
            let (micros, tail) = six_digits::<R>(digits, Field::OffsetMicros)?;
            end::<R>(tail)?;
            if micros != 0 {
                return Err(R::fail(rest, Problem::Range(Field::OffsetMicros)));
            }
            Ok(seconds)
        }
        _ => Err(R::fail(rest, Problem::After(Field::OffsetSecond))),
    }
}

/// `[minute [second]]` right after the offset's hours (an offset alone):
/// minutes and seconds.
#[cold]
fn basic_offset<R: Report>(s: &[u8]) -> Result<(u32, u32), R::Fail> {
    if s.is_empty() {
        return Ok((0, 0));
    }
    if !s.first().is_some_and(u8::is_ascii_digit) {
        return Err(R::fail(s, Problem::After(Field::OffsetHour)));
    }
    let (minutes, rest) = bounded::<R>(s, Field::OffsetMinute, 59)?;
    if rest.is_empty() {
        return Ok((minutes, 0));
    }
    let (seconds, rest) = bounded::<R>(rest, Field::OffsetSecond, 59)?;
    end::<R>(rest)?;
    Ok((minutes, seconds))
}

// ---------------------------------------------------------------------------
// The value.

/// The failure of a leap second where there is none, at the second's
/// digits, found by reading the start of the input again (this is the cold
/// path; the hot one carries no position it does not need).
#[cold]
fn leap_fail<R: Report>(s: &[u8], problem: Problem) -> R::Fail {
    R::fail_with(|| match slow_prefix::<LENIENT, Exact>(s) {
        Ok(Prefix {
            rest: [b':', digits @ ..],
            ..
        }) => Fail::at(digits, problem),
        // Unreachable: the prefix was read before.
        _ => Fail::at(s, problem),
    })
}

/// A naive value: a leap second only at 23:59.
#[inline(always)]
fn naive_value<R: Report>(
    s: &[u8],
    date: NaiveDate,
    shift: i32,
    time: Time,
) -> Result<MaybeAware, R::Fail> {
    if shift != 0 {
        return Err(R::fail(s, Problem::Range(Field::Year)));
    }
    // 23:59 is second 86,340 of the day.
    if time.is_leap() && time.secs / 60 != 23 * 60 + 59 {
        return Err(leap_fail::<R>(s, Problem::LeapNaive));
    }
    match NaiveTime::from_num_seconds_from_midnight_opt(time.secs, time.nanos) {
        Some(clock) => Ok(MaybeAware::Naive(NaiveDateTime::new(date, clock))),
        // Unreachable: every field was checked, and a leap second is at :59.
        None => Err(leap_fail::<R>(s, Problem::LeapNaive)),
    }
}

/// An aware value: the instant, which must be in chrono's range, and a leap
/// second only at 23:59:60 UTC. (Built with chrono's inlined constructors
/// only: the UTC conversion is done here rather than with `checked_sub_offset`.)
#[inline(always)]
fn aware_value<R: Report>(
    s: &[u8],
    date: NaiveDate,
    shift: i32,
    time: Time,
    offset_secs: i32,
) -> Result<MaybeAware, R::Fail> {
    let (local_secs, nanos) = (time.secs, time.nanos);
    // Both below 86,400 in magnitude: no overflow.
    let utc_secs = (local_secs as i32).wrapping_sub(offset_secs);
    let (utc_date, utc_secs) = if utc_secs < 0 {
        (date.pred_opt(), utc_secs.wrapping_add(86_400))
    } else if utc_secs >= 86_400 {
        (date.succ_opt(), utc_secs.wrapping_sub(86_400))
    } else {
        (Some(date), utc_secs)
    };
    // In 0..86,400 now.
    let utc_secs = utc_secs as u32;
    let Some(mut utc_date) = utc_date else {
        let problem = if shift != 0 {
            Problem::Range(Field::Year)
        } else {
            Problem::InstantRange
        };
        return Err(R::fail(s, problem));
    };
    if shift != 0 {
        utc_date = shifted(utc_date, shift).ok_or(R::fail(s, Problem::Range(Field::Year)))?;
    }
    if time.is_leap() && utc_secs != 86_399 {
        return Err(leap_fail::<R>(s, Problem::LeapUtc(utc_secs)));
    }
    let (Some(offset), Some(utc_time)) = (
        FixedOffset::east_opt(offset_secs),
        NaiveTime::from_num_seconds_from_midnight_opt(utc_secs, nanos),
    ) else {
        // Unreachable: the offset is less than a day, and a leap second is
        // at 23:59:59 UTC (checked above).
        return Err(leap_fail::<R>(s, Problem::LeapUtc(utc_secs)));
    };
    Ok(MaybeAware::Aware(DateTime::from_naive_utc_and_offset(
        NaiveDateTime::new(utc_date, utc_time),
        offset,
    )))
}

// ---------------------------------------------------------------------------
// Dates.

/// The first year of [`JAN_1`].
const TABLE_START: i32 = 1800;
/// How many years [`JAN_1`] holds.
const TABLE_YEARS: usize = 500;

/// January 1st of the years 1800 to 2299: `NaiveDate::from_ymd_opt` is not
/// inlined across crates and costs about a third of a parse; from this table a
/// date is one inlined `with_ordinal` away.
#[allow(clippy::indexing_slicing, clippy::arithmetic_side_effects)] // const evaluation
static JAN_1: [NaiveDate; TABLE_YEARS] = {
    let mut table = [NaiveDate::MIN; TABLE_YEARS];
    let mut i = 0;
    while i < TABLE_YEARS {
        if let Some(date) = NaiveDate::from_ymd_opt(TABLE_START + i as i32, 1, 1) {
            table[i] = date;
        }
        i += 1;
    }
    table
};

/// Days before each month (January first) in a common year.
const DAYS_BEFORE: [u16; 12] = [0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334];

/// `NaiveDate::from_ymd_opt`, faster for the years of [`JAN_1`].
#[inline(always)]
pub(crate) fn date_of(year: i32, month: u32, day: u32) -> Option<NaiveDate> {
    let index = year.wrapping_sub(TABLE_START) as usize;
    let Some(jan_1) = JAN_1.get(index) else {
        return NaiveDate::from_ymd_opt(year, month, day);
    };
    let month0 = month.wrapping_sub(1);
    // `None` for a month outside 1-12.
    let before = u32::from(*DAYS_BEFORE.get(month0 as usize)?);
    // In the table's years (all positive), a leap year is divisible by 4 and
    // not by 100, or by 400 (= by 100 and by 16).
    let leap = year & 3 == 0 && (year % 100 != 0 || year & 15 == 0);
    // 28 + the month's 2-bit excess over 28 (January = bits 0-1).
    let excess = (0x00EE_FBB3u32 >> month0.wrapping_mul(2)) & 3;
    let leap_day = u32::from(leap && month == 2);
    if day == 0 || day > 28u32.wrapping_add(excess).wrapping_add(leap_day) {
        return None;
    }
    let leap_before = u32::from(leap && month > 2);
    jan_1.with_ordinal(before.wrapping_add(day).wrapping_add(leap_before))
}

/// A date chrono refused: the field that does not exist (a month, a day, or
/// a year outside chrono's range), or the day just outside chrono's range,
/// read for an aware value whose UTC instant is inside (the shift says which
/// way).
#[cold]
fn date_edge(year: i32, month: u32, day: u32) -> Result<(NaiveDate, i32), Field> {
    if !(1..=12).contains(&month) {
        return Err(Field::Month);
    }
    if day == 0 || day > days_in_month(year, month) {
        return Err(Field::Day);
    }
    if year == MAX_YEAR.wrapping_add(1) && month == 1 && day == 1 {
        return Ok((NaiveDate::MAX, 1));
    }
    if year == MIN_YEAR.wrapping_sub(1) && month == 12 && day == 31 {
        return Ok((NaiveDate::MIN, -1));
    }
    Err(Field::Year)
}

/// Moves a UTC date computed from `NaiveDate::MAX`/`MIN` (standing in for the
/// day after/before) by that day.
#[cold]
fn shifted(utc: NaiveDate, shift: i32) -> Option<NaiveDate> {
    if shift > 0 {
        utc.succ_opt()
    } else {
        utc.pred_opt()
    }
}

/// Days in `month` (1-12) of the proleptic Gregorian `year`.
fn days_in_month(year: i32, month: u32) -> u32 {
    match month {
        4 | 6 | 9 | 11 => 30,
        2 if is_leap_year(year) => 29,
        2 => 28,
        _ => 31,
    }
}

fn is_leap_year(year: i32) -> bool {
    year.rem_euclid(4) == 0 && (year.rem_euclid(100) != 0 || year.rem_euclid(400) == 0)
}

// ---------------------------------------------------------------------------
// Messages.

/// What was being read, for the message.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Form {
    /// `parse`, `parse_aware`, `parse_naive`.
    Timestamp,
    /// `parse_rfc3339`.
    Rfc3339,
    /// `parse_date`.
    Date,
    /// `parse_offset`.
    Offset,
    /// `parse_rfc9557`.
    Rfc9557,
    /// `from_epoch`.
    Epoch,
    /// `parse_rfc2822`.
    Rfc2822,
    /// `parse_http_date`.
    HttpDate,
    /// `parse_js_date`.
    JsDate,
}

impl Form {
    fn what(self) -> &'static str {
        match self {
            Form::Timestamp => "timestamp",
            Form::Rfc3339 => "RFC 3339 timestamp",
            Form::Date => "date",
            Form::Offset => "offset",
            Form::Rfc9557 => "RFC 9557 timestamp",
            Form::Epoch => "Unix timestamp",
            Form::Rfc2822 => "RFC 2822 date",
            Form::HttpDate => "HTTP date",
            Form::JsDate => "JavaScript date",
        }
    }
}

/// What the messages say about a field: a function per text, each a column
/// of the fields' table.
impl Field {
    /// After "expected ", when its digits are missing.
    fn digits(self) -> &'static str {
        match self {
            Field::Year => "a 4-digit year, or '+' or '-' and a 6-digit year",
            Field::Month => "a 2-digit month",
            Field::Day => "a 2-digit day",
            Field::Hour => "a 2-digit hour",
            Field::Minute => "2-digit minutes",
            Field::Second => "2-digit seconds",
            Field::Fraction => "a digit after '.'",
            Field::Sign => "'+' or '-'",
            Field::OffsetHour => "2-digit offset hours",
            Field::OffsetMinute => "2-digit offset minutes",
            Field::OffsetSecond => "2-digit offset seconds",
            Field::OffsetMicros => "6 digits of offset microseconds",
            Field::Annotation => "'[' and an annotation",
            Field::ZoneName => "a time zone name like America/New_York or an offset like +05:30",
            Field::AnnotationKey => {
                "an annotation key (lowercase letters, digits, '-' and '_', like u-ca)"
            }
            Field::AnnotationValue => "an annotation value (letters and digits)",
            Field::Integer => "digits",
            Field::Weekday => "a day of the week",
            Field::MonthName => "a month like Dec",
            Field::Zone => "a zone like -0800 or GMT",
            Field::Comment => "')' to close the comment",
        }
    }

    /// Its name, before its digits, when they are out of range.
    fn name(self) -> &'static str {
        match self {
            Field::Year => "year",
            Field::Month => "month",
            Field::Day => "day",
            Field::Hour => "hour",
            Field::Minute => "minute",
            Field::Second => "second",
            Field::Fraction => "fraction",
            Field::Sign => "sign",
            Field::OffsetHour => "offset hour",
            Field::OffsetMinute => "offset minute",
            Field::OffsetSecond => "offset second",
            Field::OffsetMicros => "offset fraction",
            Field::Annotation => "annotation",
            Field::ZoneName => "time zone",
            Field::AnnotationKey => "annotation key",
            Field::AnnotationValue => "annotation value",
            Field::Integer => "number",
            Field::Weekday => "weekday",
            Field::MonthName => "month",
            Field::Zone => "zone",
            Field::Comment => "comment",
        }
    }

    /// After its digits, when they are out of range.
    fn range(self) -> &'static str {
        match self {
            Field::Year => "is outside the range chrono can represent (-262143 to +262142)",
            Field::Month => "does not exist (expected 01 to 12)",
            Field::Day => "does not exist",
            Field::Hour => "does not exist (expected 00 to 23)",
            Field::Minute => "does not exist (expected 00 to 59)",
            Field::Second => "does not exist (expected 00 to 59, or 60 for a leap second)",
            Field::OffsetHour => "is out of range (expected 00 to 23)",
            Field::OffsetMinute => "does not exist (expected 00 to 59)",
            Field::OffsetSecond => "does not exist (expected 00 to 59)",
            // Never out of range.
            _ => "",
        }
    }

    /// After "expected ", for a byte that may not follow it.
    fn after(self) -> &'static str {
        match self {
            Field::Year => "'-' after the year",
            Field::Month => "'-' after the month",
            Field::Day => "'T', 't' or ' ' between the date and the time",
            Field::Hour => "':' and the minutes, a UTC offset or the end of the input",
            Field::Minute => "':' and the seconds, a UTC offset or the end of the input",
            Field::Second => "'.' and a fraction, a UTC offset or the end of the input",
            Field::Fraction => "a UTC offset or the end of the input",
            Field::Sign => "",
            Field::OffsetHour => "':' and the offset minutes (write +05:30, not +05)",
            Field::OffsetMinute => "':' and offset seconds, or the end of the input",
            Field::OffsetSecond => {
                "'.' and 6 digits of offset microseconds, or the end of the input"
            }
            Field::OffsetMicros => "the end of the input",
            Field::Annotation => "'[' and another annotation, or the end of the input",
            Field::ZoneName => "']' after the time zone",
            Field::AnnotationKey => "'=' after the annotation key",
            Field::AnnotationValue => "'-' and another value, or ']' after the annotation value",
            Field::Integer => "'.' and a fraction, or the end of the input",
            Field::Weekday => "','",
            Field::MonthName => "whitespace",
            Field::Zone => "the end of the input",
            Field::Comment => "",
        }
    }

    /// [`after`](Self::after) in RFC 3339 (no optional parts; an offset
    /// required).
    fn after_strict(self) -> &'static str {
        match self {
            Field::Day => "'T' or 't' between the date and the time",
            Field::Hour => "':' and the minutes",
            Field::Minute => "':' and the seconds",
            Field::Second => "'.' and a fraction, or a UTC offset ('Z' or like '+05:30')",
            Field::Fraction => "a UTC offset ('Z' or like '+05:30')",
            Field::OffsetMinute => "the end of the input",
            Field::OffsetSecond => "the end of the input",
            Field::Year | Field::Month | Field::OffsetHour | Field::OffsetMicros => self.after(),
            // Not in RFC 3339.
            _ => "",
        }
    }
}

impl Fail {
    /// The public error for this failure while reading `input` as `form`.
    #[cold]
    #[inline(never)]
    fn into_error(self, input: &str, form: Form) -> Error {
        let spot = Spot {
            input,
            pos: input.len().saturating_sub(self.rest),
            form,
        };
        let (bytes, pos) = (input.as_bytes(), spot.pos);
        // Dates in words and epoch numbers word some problems their own way.
        let special = match (form, self.problem) {
            (Form::Rfc2822 | Form::HttpDate | Form::JsDate, problem) => {
                rfc2822::error(&spot, problem)
            }
            (Form::Epoch, Problem::Digits(field)) => {
                Some(spot.parse(epoch::expected_digits(field, bytes, pos)))
            }
            (Form::Epoch, Problem::After(field)) => {
                Some(spot.parse(epoch::expected(field, bytes, pos)))
            }
            _ => None,
        };
        if let Some(error) = special {
            return error;
        }
        match self.problem {
            Problem::Digits(field) => spot.missing_digits(field),
            Problem::Range(field) => spot.not_in_range(field),
            Problem::After(field) => spot.not_after(field),
            Problem::End => spot.not_end(),
            Problem::LeapNaive => spot.owned(format!(
                "second 60 (a leap second) is only read at 23:59, not at {}",
                spot.text(pos.saturating_sub(6), 5)
            )),
            Problem::LeapUtc(utc_secs) => spot.owned(leap_second_utc(utc_secs)),
            Problem::MissingOffset => {
                spot.parse("expected a UTC offset ('Z' or like '+05:30') after the time")
            }
            Problem::OffsetRefused => spot.parse(
                "expected the end of the input, not a UTC offset (parse_naive never drops one)",
            ),
            Problem::InstantRange => {
                spot.out_of_range(pos, "the instant is outside the range chrono can represent")
            }
            Problem::MissingZone => spot.parse(
                "expected '[' and a time zone like [America/New_York] \
                 (parse_aware reads a timestamp without one)",
            ),
            Problem::Critical => spot.owned(rfc9557::critical(bytes, pos)),
            Problem::Experimental => spot.parse(
                "experimental annotation keys (starting with '_') are refused, \
                 as RFC 9557 requires outside an experiment",
            ),
            Problem::Inconsistent => spot.owned(rfc9557::inconsistent(bytes, pos)),
            // Only the dates in words have these (handled above).
            Problem::Weekday(_) | Problem::NoDay(..) => {
                spot.owned(rfc2822::message(&spot, self.problem))
            }
        }
    }
}

/// Where reading failed: the input, the offending byte's index and what was
/// being read, which the messages are built from.
struct Spot<'a> {
    input: &'a str,
    pos: usize,
    form: Form,
}

impl Spot<'_> {
    fn bytes(&self) -> &[u8] {
        self.input.as_bytes()
    }

    /// The offending byte; `None` at the end of the input.
    fn next(&self) -> Option<u8> {
        self.bytes().get(self.pos).copied()
    }

    /// The `n` bytes of the input from `at`, as text.
    fn text(&self, at: usize, n: usize) -> &str {
        text(self.bytes(), at, n)
    }

    /// An [`ErrorKind::Parse`] error saying what was expected.
    fn parse(&self, expected: &'static str) -> Error {
        Error::parse(self.form.what(), self.bytes(), self.pos, expected)
    }

    /// [`parse`](Self::parse) with a message made for this input.
    fn owned(&self, expected: String) -> Error {
        Error::parse_owned(self.form.what(), self.bytes(), self.pos, expected)
    }

    /// An [`ErrorKind::OutOfRange`] error for the value at `pos`.
    fn out_of_range(&self, pos: usize, expected: &str) -> Error {
        out_of_range(self.form.what(), self.input, pos, expected)
    }

    /// `field`'s digits are missing.
    fn missing_digits(&self, field: Field) -> Error {
        match field {
            Field::Year => self.parse(year_digits(self.bytes(), self.form)),
            Field::Month if self.next() == Some(b'W') => {
                self.parse("expected a 2-digit month; week dates (2025-W01-4) are not read")
            }
            field => self.owned(format!("expected {}", field.digits())),
        }
    }

    /// `field`'s value does not exist or cannot be represented.
    fn not_in_range(&self, field: Field) -> Error {
        let (bytes, pos) = (self.bytes(), self.pos);
        match field {
            Field::Year if bytes.starts_with(b"-000000") => {
                self.parse("year -000000 is not valid (write 0000 or +000000)")
            }
            Field::Year | Field::OffsetMicros => {
                self.out_of_range(pos, &beyond_chrono(bytes, field))
            }
            Field::Day => {
                let year_month = self.text(0, pos.saturating_sub(1));
                self.owned(format!(
                    "day {} does not exist in {year_month}",
                    self.text(pos, 2)
                ))
            }
            field => self.owned(format!(
                "{} {} {}",
                field.name(),
                self.text(pos, 2),
                field.range()
            )),
        }
    }

    /// A byte that may not follow `field`.
    fn not_after(&self, field: Field) -> Error {
        match hint(self.bytes(), self.pos, field, self.form) {
            Some(message) => self.parse(message),
            None if self.form == Form::Rfc9557 => self.owned(rfc9557::expected_after(field)),
            None if self.form == Form::Rfc3339 => {
                self.owned(format!("expected {}", field.after_strict()))
            }
            None => self.owned(format!("expected {}", field.after())),
        }
    }

    /// A byte after a complete value.
    fn not_end(&self) -> Error {
        match self.form {
            Form::Rfc3339 if self.next() == Some(b':') => {
                self.parse("expected the end of the input (RFC 3339 offsets have no seconds)")
            }
            Form::Rfc9557 => self.parse("expected '[' and a time zone like [America/New_York]"),
            _ => self.parse("expected the end of the input"),
        }
    }
}

/// The message for second 60 of an aware value, not at 23:59:60 UTC:
/// `utc_secs` is the UTC time of day in seconds of the second before it.
fn leap_second_utc(utc_secs: u32) -> String {
    // The leap second follows `utc_secs`: second 60 after :59, and the next
    // second after an offset with seconds moved it.
    let (hour, minute) = (utc_secs / 3600, utc_secs / 60 % 60);
    let second = (utc_secs % 60).saturating_add(1);
    format!(
        "second 60 (a leap second) is only read where the time in UTC is 23:59:60, \
         not at {hour:02}:{minute:02}:{second:02} UTC"
    )
}

/// The message for a year's missing digits.
fn year_digits(input: &[u8], form: Form) -> &'static str {
    match input.first() {
        None if form == Form::Date => "expected a date like 2026-11-30, found an empty string",
        None => "expected a timestamp like 2026-11-26T09:30:00Z, found an empty string",
        Some(_) if form == Form::Rfc3339 => "expected a 4-digit year",
        Some(b'+' | b'-') => "expected 6 digits after the sign of an expanded year (like +012345)",
        Some(_) => "expected a 4-digit year, or '+' or '-' and a 6-digit year",
    }
}

/// A value chrono cannot represent: a year, or an offset's fraction.
fn beyond_chrono(input: &[u8], field: Field) -> String {
    if field == Field::OffsetMicros {
        return "a UTC offset with a fraction of a second cannot be represented \
                (chrono's FixedOffset holds whole seconds)"
            .to_owned();
    }
    let year_len = match input.first() {
        Some(b'+' | b'-') => 7,
        _ => 4,
    };
    format!(
        "{} {} {}",
        field.name(),
        text(input, 0, year_len),
        field.range()
    )
}

/// A message that says more than "expected what follows `field`", for the
/// byte at `pos`: forms that other writers use and tzsafe does not read.
fn hint(input: &[u8], pos: usize, field: Field, form: Form) -> Option<&'static str> {
    let next = input.get(pos).copied();
    let digit = next.is_some_and(|b| b.is_ascii_digit());
    let strict = form == Form::Rfc3339;
    Some(match field {
        Field::Year if next == Some(b'W') => {
            "expected '-' after the year; week dates (2025W014, 2025-W01-4) are not read"
        }
        Field::Year if digit && form == Form::Date => {
            "expected '-' after the year; a year beyond 9999 is written with a sign and \
             6 digits, like +012345"
        }
        Field::Year if form != Form::Date && is_bare_number(input) => {
            "expected '-' after the year; a bare number is not a timestamp"
        }
        Field::Year if digit => {
            "expected '-' after the year; the basic format (20250102) is not read"
        }
        Field::Day if next.is_none() && strict => {
            "expected 'T' or 't' then a time; a date alone is not a timestamp"
        }
        Field::Day if next.is_none() => {
            "expected 'T', 't' or ' ' then a time; a date alone is not a timestamp"
        }
        Field::Hour if digit && !strict => {
            "expected ':' between the hour and the minutes; the basic format (0304) is not read"
        }
        Field::Second if next == Some(b',') => {
            "expected '.' before a fraction of a second; ',' is not read as a decimal mark"
        }
        Field::OffsetHour if form == Form::Offset => {
            "expected ':' or 2-digit offset minutes, or the end of the input"
        }
        Field::OffsetHour if digit => {
            "expected ':' between the offset hours and minutes (write +05:30, not +0530)"
        }
        _ => return None,
    })
}

/// Whether `s` looks like a number (a unix timestamp, say): an optional sign,
/// digits and at most one `.`.
fn is_bare_number(s: &[u8]) -> bool {
    let digits = match s {
        [b'+' | b'-', rest @ ..] => rest,
        _ => s,
    };
    digits.iter().all(|b| b.is_ascii_digit() || *b == b'.')
        && digits.iter().filter(|b| **b == b'.').count() <= 1
}

/// The `n` bytes of `s` from `at`, as text (for messages).
fn text(s: &[u8], at: usize, n: usize) -> &str {
    s.get(at..at.saturating_add(n))
        .and_then(|b| core::str::from_utf8(b).ok())
        .unwrap_or("?")
}

/// An [`ErrorKind::OutOfRange`] error worded like a parse error.
#[cold]
fn out_of_range(what: &str, input: &str, pos: usize, expected: &str) -> Error {
    Error::message(
        ErrorKind::OutOfRange,
        format!(
            "invalid {what} \"{}\": {expected} (at byte {pos})",
            quote(input.as_bytes())
        ),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn date_of_matches_chrono() {
        for year in (TABLE_START - 2)..(TABLE_START + TABLE_YEARS as i32 + 2) {
            for month in 0..=13 {
                for day in 0..=32 {
                    assert_eq!(
                        date_of(year, month, day),
                        NaiveDate::from_ymd_opt(year, month, day),
                        "{year}-{month}-{day}"
                    );
                }
            }
        }
    }

    #[test]
    fn year_limits_match_chrono() {
        assert_eq!(NaiveDate::MAX.year(), MAX_YEAR);
        assert_eq!(NaiveDate::MIN.year(), MIN_YEAR);
    }

    #[test]
    fn days_in_month_matches_chrono() {
        for year in [
            -262_143, -401, -400, -100, -4, -1, 0, 1, 4, 100, 1900, 2000, 2024, 2025, 262_142,
        ] {
            for month in 1..=12 {
                let days = days_in_month(year, month);
                assert!(NaiveDate::from_ymd_opt(year, month, days).is_some());
                assert!(NaiveDate::from_ymd_opt(year, month, days + 1).is_none());
            }
        }
    }

    #[test]
    fn scale_covers_every_digit_count() {
        for (digits, scale) in SCALE.iter().enumerate() {
            assert_eq!(u64::from(*scale) * 10u64.pow(digits as u32), 1_000_000_000);
        }
    }

    #[test]
    fn rules_return_the_rest_of_the_input() {
        let day = NaiveDate::from_ymd_opt(2026, 11, 26).unwrap();
        assert_eq!(
            date::<LENIENT, Exact>(b"2026-11-26T09").unwrap(),
            ((day, 0), &b"T09"[..])
        );
        assert_eq!(
            two_digits::<Exact>(b"09:30", Field::Hour).unwrap(),
            (9, &b":30"[..])
        );
        assert_eq!(
            fraction::<Exact>(b"1234567891234Z").unwrap(),
            (123_456_789, &b"Z"[..])
        );
        assert_eq!(
            fraction::<Exact>(b"5+01:00").unwrap(),
            (500_000_000, &b"+01:00"[..])
        );
        assert_eq!(
            offset::<LENIENT, Exact>(b"-05:30", Field::Second).unwrap(),
            (Some(-19_800), &b""[..])
        );
        assert_eq!(
            numeric_offset::<ZONE, Exact>(b'+', b"053028").unwrap(),
            19_828
        );
        assert_eq!(numeric_offset::<ZONE, Exact>(b'-', b"05").unwrap(), -18_000);
        assert_eq!(
            numeric_offset::<LENIENT, Exact>(b'+', b"0530").unwrap_err(),
            Fail::at(b"30", Problem::After(Field::OffsetHour))
        );
        // A failure keeps what remained at the offending byte.
        assert_eq!(
            two_digits::<Exact>(b"9:30", Field::Hour).unwrap_err(),
            Fail::at(b":30", Problem::Digits(Field::Hour))
        );
        assert_eq!(
            bounded::<Exact>(b"24:00", Field::Hour, 23).unwrap_err(),
            Fail::at(b"24:00", Problem::Range(Field::Hour))
        );
    }
}
