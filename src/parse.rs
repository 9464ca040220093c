//! Reading timestamps: RFC 3339 and everything Python's `datetime.isoformat()`
//! and JavaScript's `Date.prototype.toISOString()` write.
//!
//! One forward pass over the bytes with fixed field widths. The hot path only
//! records *where* reading stopped and why (a small [`Fail`]); the message is
//! built in a `#[cold]` function that looks at the input again.

use core::str::FromStr;

use chrono::{DateTime, Datelike, FixedOffset, NaiveDate, NaiveDateTime, NaiveTime};

use crate::aware::MaybeAware;
use crate::error::{quote, Error, ErrorKind};

/// The largest year chrono's `NaiveDate` holds (checked in the unit tests).
const MAX_YEAR: i32 = 262_142;
/// The smallest year chrono's `NaiveDate` holds (checked in the unit tests).
const MIN_YEAR: i32 = -262_143;

/// `parse`: an offset is optional.
const LENIENT: u8 = 0;
/// `parse_aware`: an offset is required.
const AWARE: u8 = 1;
/// `parse_naive`: an offset is refused.
const NAIVE: u8 = 2;
/// `parse_rfc3339`: RFC 3339 section 5.6 `date-time` only.
const STRICT: u8 = 3;

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
///   6 digits (`+275760-09-13`, `-000001-01-01`: JavaScript's expanded years;
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
    match scan::<LENIENT>(input.as_bytes()) {
        Ok(value) => Ok(value),
        Err(fail) => Err(fail.into_error(input.as_bytes(), LENIENT)),
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
    match scan::<AWARE>(input.as_bytes()) {
        Ok(MaybeAware::Aware(aware)) => Ok(aware),
        Ok(MaybeAware::Naive(_)) => {
            Err(Fail::new(input.len(), Why::MissingOffset).into_error(input.as_bytes(), AWARE))
        }
        Err(fail) => Err(fail.into_error(input.as_bytes(), AWARE)),
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
    match scan::<NAIVE>(input.as_bytes()) {
        Ok(MaybeAware::Naive(naive)) => Ok(naive),
        // `scan::<NAIVE>` refuses offsets itself; this arm is for completeness.
        Ok(MaybeAware::Aware(_)) => {
            Err(Fail::new(0, Why::OffsetRefused).into_error(input.as_bytes(), NAIVE))
        }
        Err(fail) => Err(fail.into_error(input.as_bytes(), NAIVE)),
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
    match scan::<STRICT>(input.as_bytes()) {
        Ok(MaybeAware::Aware(aware)) => Ok(aware),
        Ok(MaybeAware::Naive(_)) => {
            Err(Fail::new(input.len(), Why::MissingOffset).into_error(input.as_bytes(), STRICT))
        }
        Err(fail) => Err(fail.into_error(input.as_bytes(), STRICT)),
    }
}

/// Why reading stopped. Positions are in [`Fail`]; values the message needs are
/// read from the input again (or carried here when they are computed).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Why {
    /// Expected a 4-digit year (or a signed 6-digit one); also the empty input.
    Year,
    /// `-000000`.
    NegativeZeroYear,
    /// A year chrono cannot hold (kind `OutOfRange`), at byte 0.
    YearRange,
    /// Expected `-` after the year.
    YearDash,
    /// Expected a 2-digit month (position of its first digit).
    Month,
    /// Month 00 or 13 and above.
    MonthRange,
    /// Expected `-` after the month.
    MonthDash,
    /// Expected a 2-digit day.
    Day,
    /// A day that does not exist in that month.
    DayRange,
    /// The input ends after the date.
    DateOnly,
    /// Expected `T`, `t` (or a space) after the date.
    DateTimeSep,
    /// Expected a 2-digit hour.
    Hour,
    /// Hour 24 and above.
    HourRange,
    /// Something unexpected after the hour.
    AfterHour,
    /// Expected a 2-digit minute.
    Minute,
    /// Minute 60 and above.
    MinuteRange,
    /// Something unexpected after the minutes.
    AfterMinute,
    /// Expected a 2-digit second.
    Second,
    /// Second 61 and above.
    SecondRange,
    /// A naive `:60` that is not at 23:59.
    LeapNaive,
    /// An aware `:60` that is not at 23:59:60 UTC; the UTC time of day in
    /// seconds (of the second before the leap second).
    LeapUtc(u32),
    /// Expected a digit after `.`.
    FractionDigit,
    /// Something unexpected after the seconds.
    AfterSecond,
    /// Something unexpected after the fraction.
    AfterFraction,
    /// Expected a 2-digit offset hour.
    OffsetHour,
    /// Offset hour 24 and above.
    OffsetHourRange,
    /// Expected `:` between offset hours and minutes.
    OffsetColon,
    /// Expected 2-digit offset minutes.
    OffsetMinute,
    /// Offset minute 60 and above.
    OffsetMinuteRange,
    /// Something unexpected after the offset minutes.
    AfterOffsetMinute,
    /// Expected 2-digit offset seconds.
    OffsetSecond,
    /// Offset second 60 and above.
    OffsetSecondRange,
    /// Something unexpected after the offset seconds.
    AfterOffsetSecond,
    /// Expected 6 digits of offset microseconds.
    OffsetMicros,
    /// Non-zero offset microseconds (kind `OutOfRange`).
    OffsetMicrosRange,
    /// Expected the end of the input.
    End,
    /// `parse_aware` / `parse_rfc3339` without an offset.
    MissingOffset,
    /// `parse_naive` with an offset.
    OffsetRefused,
    /// The instant is outside chrono's range (kind `OutOfRange`).
    InstantRange,
}

/// Where reading stopped and why: cheap to return from the hot path.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Fail {
    pos: usize,
    why: Why,
}

impl Fail {
    #[inline(always)]
    const fn new(pos: usize, why: Why) -> Self {
        Fail { pos, why }
    }
}

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

/// The bytes that may separate the date and the time.
#[inline(always)]
fn is_separator<const MODE: u8>(b: u8) -> bool {
    b == b'T' || b == b't' || (MODE != STRICT && b == b' ')
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

/// What the start of a timestamp says: the date and `HH[:MM]`.
struct Prefix<'a> {
    date: NaiveDate,
    /// 0, or ±1 when `date` stands in for the day after `NaiveDate::MAX` /
    /// before `NaiveDate::MIN` (see [`date_edge`]).
    shift: i8,
    hour: u32,
    minute: u32,
    /// Whether `:MM` was read.
    has_minutes: bool,
    /// Where the date/time separator is: 10, or 13 after an expanded year.
    sep_at: usize,
    /// The input after `HH` or `HH:MM`.
    rest: &'a [u8],
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

/// The numbers of `YYYY-MM-DDTHH:MM`, and the input after them.
struct Fields<'a> {
    year: u32,
    month: u32,
    day: u32,
    hour: u32,
    minute: u32,
    rest: &'a [u8],
}

/// `YYYY-MM-DDTHH:MM` read 8 bytes at a time: the shape of nearly every
/// timestamp. `None` for anything else, which [`slow_prefix`] reads.
#[inline(always)]
fn fast_prefix<const MODE: u8>(s: &[u8]) -> Option<Fields<'_>> {
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
    let year = ((date & 0xFF) as u32)
        .wrapping_mul(100)
        .wrapping_add(((date >> 16) & 0xFF) as u32);
    let month = ((date >> 40) & 0xFF) as u32;
    let day = (time & 0xFF) as u32;
    let hour = ((time >> 24) & 0xFF) as u32;
    let minute = ((time >> 48) & 0xFF) as u32;
    Some(Fields {
        year,
        month,
        day,
        hour,
        minute,
        rest,
    })
}

/// The date (a valid one, or the error for it), given where its fields are.
#[inline(always)]
fn checked_date(year: i32, month: u32, day: u32, base: usize) -> Result<(NaiveDate, i8), Fail> {
    match date_of(year, month, day) {
        Some(date) => Ok((date, 0)),
        None => date_edge(base, year, month, day),
    }
}

/// The start of every other timestamp, one field at a time, with the error
/// for the first offending byte.
#[inline(never)]
fn slow_prefix<const MODE: u8>(s: &[u8]) -> Result<Prefix<'_>, Fail> {
    // --- Date: YYYY or ±YYYYYY, then -MM-DD.
    let (year, rest) = match s {
        [a, b, c, d, rest @ ..] => match four(*a, *b, *c, *d) {
            // At most 9999: fits an i32.
            Some(y) => (y as i32, rest),
            None => signed_year::<MODE>(s)?,
        },
        _ => signed_year::<MODE>(s)?,
    };
    // Where the `-` after the year is: 4, or 7 for an expanded year.
    let base = s.len().wrapping_sub(rest.len());
    let (month, day, rest) = match rest {
        [b'-', m0, m1, b'-', d0, d1, rest @ ..] => match (two(*m0, *m1), two(*d0, *d1)) {
            (Some(m), Some(d)) => (m, d, rest),
            _ => return Err(date_fail(s, base)),
        },
        _ => return Err(date_fail(s, base)),
    };
    let (date, shift) = checked_date(year, month, day, base)?;

    // --- Time: sep HH [:MM].
    let sep_at = base.wrapping_add(6);
    let (hour, rest) = match rest {
        [sep, h0, h1, rest @ ..] if is_separator::<MODE>(*sep) => match two(*h0, *h1) {
            Some(h) => (h, rest),
            None => return Err(Fail::new(sep_at.wrapping_add(1), Why::Hour)),
        },
        _ => return Err(separator_fail::<MODE>(s, sep_at)),
    };
    let (minute, has_minutes, rest) = match rest {
        [b':', m0, m1, tail @ ..] => match two(*m0, *m1) {
            Some(m) => (m, true, tail),
            None => return Err(Fail::new(sep_at.wrapping_add(4), Why::Minute)),
        },
        _ if MODE == STRICT => {
            return Err(strict_time_fail(s, sep_at.wrapping_add(3), Why::AfterHour))
        }
        _ => (0, false, rest),
    };
    Ok(Prefix {
        date,
        shift,
        hour,
        minute,
        has_minutes,
        sep_at,
        rest,
    })
}

/// Reads the whole input; `MODE` selects the grammar and what to do about the
/// offset. Aware results are `MaybeAware::Aware` for every mode.
///
/// Inlined into the public functions, which are `#[inline]` themselves: a
/// caller with one call site gets the parser in its loop (about 8% faster in
/// the `parse/rfc3339` benchmark than a call); with several, LLVM keeps one
/// copy per codegen unit. Cold paths (`slow_prefix`, errors) stay out of line.
#[inline(always)]
fn scan<const MODE: u8>(s: &[u8]) -> Result<MaybeAware, Fail> {
    let Prefix {
        date,
        shift,
        hour,
        minute,
        has_minutes,
        sep_at,
        rest,
    } = match fast_prefix::<MODE>(s) {
        Some(Fields {
            year,
            month,
            day,
            hour,
            minute,
            rest,
        }) => {
            // At most 9999: fits an i32.
            let (date, shift) = checked_date(year as i32, month, day, 4)?;
            Prefix {
                date,
                shift,
                hour,
                minute,
                has_minutes: true,
                sep_at: 10,
                rest,
            }
        }
        None => slow_prefix::<MODE>(s)?,
    };

    // --- Time: [:SS [.f+]] after HH:MM.
    let mut second = 0;
    let mut nanos = 0;
    let mut stage = Why::AfterHour;
    let mut rest = rest;
    if has_minutes {
        stage = Why::AfterMinute;
        if let [b':', s0, s1, tail @ ..] = rest {
            second = match two(*s0, *s1) {
                Some(sec) => sec,
                None => return Err(Fail::new(sep_at.wrapping_add(7), Why::Second)),
            };
            rest = tail;
            stage = Why::AfterSecond;
            if let [b'.', tail @ ..] = rest {
                let mut digits = 0usize;
                let mut value = 0u32;
                rest = tail;
                // Three digits at a time (Python and JavaScript write 3 or 6),
                // then one at a time; digits beyond the 9th are skipped.
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
                if digits == 0 {
                    return Err(Fail::new(sep_at.wrapping_add(10), Why::FractionDigit));
                }
                nanos = value.wrapping_mul(SCALE.get(digits).copied().unwrap_or(1));
                stage = Why::AfterFraction;
            }
        } else if MODE == STRICT {
            return Err(strict_time_fail(
                s,
                sep_at.wrapping_add(6),
                Why::AfterMinute,
            ));
        }
    }
    let mut leap = false;
    if hour > 23 || minute > 59 || second > 59 {
        second = time_edge(sep_at, hour, minute, second)?;
        leap = true;
        nanos = nanos.wrapping_add(1_000_000_000);
    }
    // Below 86,400: every field was checked above.
    let local_secs = hour
        .wrapping_mul(3600)
        .wrapping_add(minute.wrapping_mul(60))
        .wrapping_add(second);

    // --- Offset: Z | ±HH:MM [:SS [.ffffff]] (or nothing).
    let offset_at = s.len().wrapping_sub(rest.len());
    let offset = match rest {
        [] => None,
        [b'Z' | b'z' | b'+' | b'-', ..] if MODE == NAIVE => {
            return Err(Fail::new(offset_at, Why::OffsetRefused))
        }
        [b'Z' | b'z'] => Some(0),
        [sign @ (b'+' | b'-'), h0, h1, b':', m0, m1, tail @ ..] => {
            let (Some(oh), Some(om)) = (two(*h0, *h1), two(*m0, *m1)) else {
                return Err(offset_fail(s, offset_at));
            };
            if oh > 23 {
                return Err(Fail::new(offset_at.wrapping_add(1), Why::OffsetHourRange));
            }
            if om > 59 {
                return Err(Fail::new(offset_at.wrapping_add(4), Why::OffsetMinuteRange));
            }
            let mut secs = oh.wrapping_mul(3600).wrapping_add(om.wrapping_mul(60));
            if !tail.is_empty() {
                secs = secs.wrapping_add(offset_seconds::<MODE>(tail, offset_at)?);
            }
            // Less than 24 hours: fits an i32.
            let secs = secs as i32;
            Some(if *sign == b'-' {
                secs.wrapping_neg()
            } else {
                secs
            })
        }
        _ => return Err(tail_fail(s, offset_at, stage)),
    };

    // --- The value. (Built with chrono's inlined constructors only: the UTC
    // conversion is done here rather than with `checked_sub_offset`.)
    let Some(offset_secs) = offset else {
        if MODE == AWARE || MODE == STRICT {
            return Err(Fail::new(offset_at, Why::MissingOffset));
        }
        if shift != 0 {
            return Err(Fail::new(0, Why::YearRange));
        }
        if leap && (hour != 23 || minute != 59) {
            return Err(Fail::new(sep_at.wrapping_add(7), Why::LeapNaive));
        }
        let Some(time) = NaiveTime::from_num_seconds_from_midnight_opt(local_secs, nanos) else {
            // Unreachable: every field was checked above.
            return Err(Fail::new(sep_at.wrapping_add(1), Why::Hour));
        };
        return Ok(MaybeAware::Naive(NaiveDateTime::new(date, time)));
    };
    let Some(offset) = FixedOffset::east_opt(offset_secs) else {
        // Unreachable: the offset is less than 24 hours.
        return Err(Fail::new(offset_at, Why::OffsetHourRange));
    };
    // Both below 86,400 in magnitude: no overflow.
    let utc_secs = (local_secs as i32).wrapping_sub(offset_secs);
    let (utc_date, utc_secs) = if utc_secs < 0 {
        (date.pred_opt(), utc_secs.wrapping_add(86_400))
    } else if utc_secs >= 86_400 {
        (date.succ_opt(), utc_secs.wrapping_sub(86_400))
    } else {
        (Some(date), utc_secs)
    };
    let utc_secs = utc_secs as u32;
    let Some(mut utc_date) = utc_date else {
        return Err(Fail::new(
            0,
            if shift != 0 {
                Why::YearRange
            } else {
                Why::InstantRange
            },
        ));
    };
    if shift != 0 {
        utc_date = shifted(utc_date, shift)?;
    }
    if leap && utc_secs != 86_399 {
        return Err(leap_utc_fail(sep_at, utc_secs));
    }
    let Some(utc_time) = NaiveTime::from_num_seconds_from_midnight_opt(utc_secs, nanos) else {
        // Unreachable: a leap second is at 23:59:59 UTC (checked above).
        return Err(leap_utc_fail(sep_at, utc_secs));
    };
    Ok(MaybeAware::Aware(DateTime::from_naive_utc_and_offset(
        NaiveDateTime::new(utc_date, utc_time),
        offset,
    )))
}

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
fn date_of(year: i32, month: u32, day: u32) -> Option<NaiveDate> {
    let index = year.wrapping_sub(TABLE_START) as usize;
    let Some(jan_1) = JAN_1.get(index) else {
        return NaiveDate::from_ymd_opt(year, month, day);
    };
    let month0 = month.wrapping_sub(1);
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

/// `+YYYYYY` / `-YYYYYY` (not in strict mode), or the error for a bad year.
#[inline(never)]
fn signed_year<const MODE: u8>(s: &[u8]) -> Result<(i32, &[u8]), Fail> {
    if MODE != STRICT {
        if let [sign @ (b'+' | b'-'), a, b, c, d, e, f, rest @ ..] = s {
            if let (Some(hi), Some(mid), Some(lo)) = (two(*a, *b), two(*c, *d), two(*e, *f)) {
                // At most 999,999: fits an i32.
                let year = hi
                    .wrapping_mul(10_000)
                    .wrapping_add(mid.wrapping_mul(100))
                    .wrapping_add(lo) as i32;
                if *sign == b'+' {
                    return Ok((year, rest));
                }
                if year == 0 {
                    return Err(Fail::new(0, Why::NegativeZeroYear));
                }
                return Ok((year.wrapping_neg(), rest));
            }
        }
    }
    Err(Fail::new(0, Why::Year))
}

/// The error in `-MM-DD` (after the year, whose `-` is at `base`).
#[cold]
fn date_fail(s: &[u8], base: usize) -> Fail {
    if s.get(base) != Some(&b'-') {
        return Fail::new(base, Why::YearDash);
    }
    if !digits_at(s, base.wrapping_add(1), 2) {
        return Fail::new(base.wrapping_add(1), Why::Month);
    }
    if s.get(base.wrapping_add(3)) != Some(&b'-') {
        return Fail::new(base.wrapping_add(3), Why::MonthDash);
    }
    Fail::new(base.wrapping_add(4), Why::Day)
}

/// A valid-looking date that chrono refused: a month or day that does not
/// exist, a year outside chrono's range, or the day just outside it (read for
/// an aware value whose UTC instant is inside; `shift` says which way).
#[cold]
fn date_edge(base: usize, year: i32, month: u32, day: u32) -> Result<(NaiveDate, i8), Fail> {
    if !(1..=12).contains(&month) {
        return Err(Fail::new(base.wrapping_add(1), Why::MonthRange));
    }
    if day == 0 || day > days_in_month(year, month) {
        return Err(Fail::new(base.wrapping_add(4), Why::DayRange));
    }
    if year == MAX_YEAR.wrapping_add(1) && month == 1 && day == 1 {
        return Ok((NaiveDate::MAX, 1));
    }
    if year == MIN_YEAR.wrapping_sub(1) && month == 12 && day == 31 {
        return Ok((NaiveDate::MIN, -1));
    }
    Err(Fail::new(0, Why::YearRange))
}

/// Moves a UTC date computed from `NaiveDate::MAX`/`MIN` (standing in for the
/// day after/before) by that day.
#[cold]
fn shifted(utc: NaiveDate, shift: i8) -> Result<NaiveDate, Fail> {
    let date = if shift > 0 {
        utc.succ_opt()
    } else {
        utc.pred_opt()
    };
    date.ok_or(Fail::new(0, Why::YearRange))
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

/// The error at the date/time separator (`at`) or the hour after it.
#[cold]
fn separator_fail<const MODE: u8>(s: &[u8], at: usize) -> Fail {
    match s.get(at) {
        None => Fail::new(at, Why::DateOnly),
        Some(b) if is_separator::<MODE>(*b) => Fail::new(at.wrapping_add(1), Why::Hour),
        Some(_) => Fail::new(at, Why::DateTimeSep),
    }
}

/// A field out of range after the time was read: returns 59 for a leap
/// second (`:60`) and the error otherwise.
#[cold]
fn time_edge(sep_at: usize, hour: u32, minute: u32, second: u32) -> Result<u32, Fail> {
    if hour > 23 {
        return Err(Fail::new(sep_at.wrapping_add(1), Why::HourRange));
    }
    if minute > 59 {
        return Err(Fail::new(sep_at.wrapping_add(4), Why::MinuteRange));
    }
    if second == 60 {
        return Ok(59);
    }
    Err(Fail::new(sep_at.wrapping_add(7), Why::SecondRange))
}

/// An aware leap second that is not at 23:59:60 UTC (`utc_secs` is the UTC
/// time of day in seconds).
#[cold]
fn leap_utc_fail(sep_at: usize, utc_secs: u32) -> Fail {
    Fail::new(sep_at.wrapping_add(7), Why::LeapUtc(utc_secs))
}

/// `:SS` and `.ffffff` after `±HH:MM` (`tail` is not empty); the seconds.
#[inline(never)]
fn offset_seconds<const MODE: u8>(tail: &[u8], offset_at: usize) -> Result<u32, Fail> {
    let at = offset_at.wrapping_add(6);
    if MODE == STRICT {
        return Err(Fail::new(at, Why::End));
    }
    let [b':', tail @ ..] = tail else {
        return Err(Fail::new(at, Why::AfterOffsetMinute));
    };
    let (Some(secs), tail) = (match tail {
        [s0, s1, tail @ ..] => (two(*s0, *s1), tail),
        _ => (None, tail),
    }) else {
        return Err(Fail::new(at.wrapping_add(1), Why::OffsetSecond));
    };
    if secs > 59 {
        return Err(Fail::new(at.wrapping_add(1), Why::OffsetSecondRange));
    }
    match tail {
        [] => Ok(secs),
        [b'.', a, b, c, d, e, f, tail @ ..] => {
            let (Some(hi), Some(mid), Some(lo)) = (two(*a, *b), two(*c, *d), two(*e, *f)) else {
                return Err(Fail::new(at.wrapping_add(4), Why::OffsetMicros));
            };
            if !tail.is_empty() {
                return Err(Fail::new(at.wrapping_add(10), Why::End));
            }
            if hi != 0 || mid != 0 || lo != 0 {
                return Err(Fail::new(at.wrapping_add(3), Why::OffsetMicrosRange));
            }
            Ok(secs)
        }
        [b'.', ..] => Err(Fail::new(at.wrapping_add(4), Why::OffsetMicros)),
        _ => Err(Fail::new(at.wrapping_add(3), Why::AfterOffsetSecond)),
    }
}

/// The error in `±HH:MM` at `at` when the fast pattern matched but a digit
/// pair did not.
#[cold]
fn offset_fail(s: &[u8], at: usize) -> Fail {
    if !digits_at(s, at.wrapping_add(1), 2) {
        return Fail::new(at.wrapping_add(1), Why::OffsetHour);
    }
    Fail::new(at.wrapping_add(4), Why::OffsetMinute)
}

/// The error at `at`, after the time (`stage` says what was read last).
#[cold]
fn tail_fail(s: &[u8], at: usize, stage: Why) -> Fail {
    let next = at.wrapping_add(1);
    match s.get(at) {
        Some(b'Z' | b'z') => Fail::new(next, Why::End),
        Some(b'+' | b'-') => {
            if !digits_at(s, next, 2) {
                Fail::new(next, Why::OffsetHour)
            } else if s.get(at.wrapping_add(3)) != Some(&b':') {
                Fail::new(at.wrapping_add(3), Why::OffsetColon)
            } else {
                Fail::new(at.wrapping_add(4), Why::OffsetMinute)
            }
        }
        Some(b':') if stage == Why::AfterHour => Fail::new(next, Why::Minute),
        Some(b':') if stage == Why::AfterMinute => Fail::new(next, Why::Second),
        _ => Fail::new(at, stage),
    }
}

/// In strict mode, the error at `at` where `:` and minutes (`stage` is
/// `AfterHour`) or seconds (`AfterMinute`) must follow.
#[cold]
fn strict_time_fail(s: &[u8], at: usize, stage: Why) -> Fail {
    match (s.get(at), stage) {
        (Some(b':'), Why::AfterHour) => Fail::new(at.wrapping_add(1), Why::Minute),
        (Some(b':'), _) => Fail::new(at.wrapping_add(1), Why::Second),
        _ => Fail::new(at, stage),
    }
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

/// Whether `s` has `n` ASCII digits from `at`.
fn digits_at(s: &[u8], at: usize, n: usize) -> bool {
    let end = at.saturating_add(n);
    s.get(at..end)
        .is_some_and(|d| d.iter().all(u8::is_ascii_digit))
}

/// The first byte from `at` (at most `n` bytes on) that is not an ASCII digit.
fn first_non_digit(s: &[u8], at: usize, n: usize) -> usize {
    let mut pos = at;
    while pos < at.saturating_add(n) && s.get(pos).is_some_and(u8::is_ascii_digit) {
        pos = pos.saturating_add(1);
    }
    pos
}

/// The digits at `at..at + n` of `s` as text (for messages).
/// A two-digit field outside its range, quoted as written:
/// `"{label} {digits} {tail}"`.
#[cold]
fn field_range(what: &'static str, input: &[u8], pos: usize, label: &str, tail: &str) -> Error {
    let digits = text(input, pos, 2);
    Error::parse_owned(what, input, pos, format!("{label} {digits} {tail}"))
}

fn text(s: &[u8], at: usize, n: usize) -> &str {
    s.get(at..at.saturating_add(n))
        .and_then(|b| core::str::from_utf8(b).ok())
        .unwrap_or("?")
}

impl Fail {
    /// The public error for this failure while reading `input` in `mode`.
    #[cold]
    #[inline(never)]
    fn into_error(self, input: &[u8], mode: u8) -> Error {
        let strict = mode == STRICT;
        let mut this = self;
        if let Some(earlier) = self.earlier_range_error(input) {
            this = earlier;
        }
        this.message(input, strict)
    }

    /// The hot path checks the hours, minutes and seconds for range only once
    /// it has read them all; for a syntax error after them, an out-of-range
    /// field before it is the first offending byte.
    fn earlier_range_error(self, input: &[u8]) -> Option<Fail> {
        if !matches!(
            self.why,
            Why::AfterHour
                | Why::Minute
                | Why::AfterMinute
                | Why::Second
                | Why::AfterSecond
                | Why::FractionDigit
                | Why::AfterFraction
        ) {
            return None;
        }
        let sep_at = self.year_len(input).saturating_add(6);
        let field = |at: usize, limit: u32, why: Why| -> Option<Fail> {
            let end = at.saturating_add(2);
            if self.pos < end || !digits_at(input, at, 2) {
                return None;
            }
            let value = text(input, at, 2).parse::<u32>().ok()?;
            (value > limit).then_some(Fail::new(at, why))
        };
        let colon = |at: usize| input.get(at) == Some(&b':');
        field(sep_at.saturating_add(1), 23, Why::HourRange)
            .or_else(|| {
                colon(sep_at.saturating_add(3))
                    .then(|| field(sep_at.saturating_add(4), 59, Why::MinuteRange))
                    .flatten()
            })
            .or_else(|| {
                (colon(sep_at.saturating_add(3)) && colon(sep_at.saturating_add(6)))
                    .then(|| field(sep_at.saturating_add(7), 60, Why::SecondRange))
                    .flatten()
            })
    }

    /// The error for this failure (the first offending byte).
    fn message(self, input: &[u8], strict: bool) -> Error {
        let what = if strict {
            "RFC 3339 timestamp"
        } else {
            "timestamp"
        };
        let mut pos = self.pos;
        let expected: &'static str = match self.why {
            Why::Year if input.is_empty() => {
                "expected a timestamp like 2026-11-26T09:30:00Z, found an empty string"
            }
            Why::Year => {
                if !strict && matches!(input.first(), Some(b'+' | b'-')) {
                    pos = first_non_digit(input, 1, 6);
                    "expected 6 digits after the sign of an expanded year (like +275760)"
                } else {
                    pos = first_non_digit(input, 0, 4);
                    if strict {
                        "expected a 4-digit year"
                    } else {
                        "expected a 4-digit year, or '+' or '-' and a 6-digit year"
                    }
                }
            }
            Why::NegativeZeroYear => "year -000000 is not valid (write 0000 or +000000)",
            Why::YearRange => {
                let year = text(input, 0, self.year_len(input));
                return out_of_range(
                    what,
                    input,
                    0,
                    &format!(
                        "year {year} is outside the range chrono can represent \
                         ({MIN_YEAR} to +{MAX_YEAR})"
                    ),
                );
            }
            Why::YearDash => {
                if is_bare_number(input) {
                    "expected '-' after the year; a bare number is not a timestamp"
                } else if input.get(pos).is_some_and(u8::is_ascii_digit) {
                    "expected '-' after the year; the basic format (20250102) is not read"
                } else {
                    "expected '-' after the year"
                }
            }
            Why::Month => {
                let week = input.get(pos) == Some(&b'W');
                pos = first_non_digit(input, pos, 2);
                if week {
                    "expected a 2-digit month; week dates (2025-W01-4) are not read"
                } else {
                    "expected a 2-digit month"
                }
            }
            Why::MonthRange => {
                let month = text(input, pos, 2);
                return Error::parse_owned(
                    what,
                    input,
                    pos,
                    format!("month {month} does not exist (expected 01 to 12)"),
                );
            }
            Why::MonthDash => "expected '-' after the month",
            Why::Day => {
                pos = first_non_digit(input, pos, 2);
                "expected a 2-digit day"
            }
            Why::DayRange => {
                let day = text(input, pos, 2);
                let year_month = text(input, 0, pos.saturating_sub(1));
                return Error::parse_owned(
                    what,
                    input,
                    pos,
                    format!("day {day} does not exist in {year_month}"),
                );
            }
            Why::DateOnly if strict => {
                "expected 'T' or 't' then a time; a date alone is not a timestamp"
            }
            Why::DateOnly => {
                "expected 'T', 't' or ' ' then a time; a date alone is not a timestamp"
            }
            Why::DateTimeSep if strict => "expected 'T' or 't' between the date and the time",
            Why::DateTimeSep => "expected 'T', 't' or ' ' between the date and the time",
            Why::Hour => {
                pos = first_non_digit(input, pos, 2);
                "expected a 2-digit hour"
            }
            Why::HourRange => {
                return field_range(
                    what,
                    input,
                    pos,
                    "hour",
                    "does not exist (expected 00 to 23)",
                )
            }
            Why::AfterHour if strict => "expected ':' and the minutes",
            Why::AfterHour => {
                if input.get(pos).is_some_and(u8::is_ascii_digit) {
                    "expected ':' between the hour and the minutes; the basic format (0304) is not read"
                } else {
                    "expected ':' and the minutes, a UTC offset or the end of the input"
                }
            }
            Why::Minute => {
                pos = first_non_digit(input, pos, 2);
                "expected 2-digit minutes"
            }
            Why::MinuteRange => {
                return field_range(
                    what,
                    input,
                    pos,
                    "minute",
                    "does not exist (expected 00 to 59)",
                )
            }
            Why::AfterMinute if strict => "expected ':' and the seconds",
            Why::AfterMinute => {
                "expected ':' and the seconds, a UTC offset or the end of the input"
            }
            Why::Second => {
                pos = first_non_digit(input, pos, 2);
                "expected 2-digit seconds"
            }
            Why::SecondRange => {
                return field_range(
                    what,
                    input,
                    pos,
                    "second",
                    "does not exist (expected 00 to 59, or 60 for a leap second)",
                )
            }
            Why::LeapNaive => {
                let hour_minute = text(input, pos.saturating_sub(6), 5);
                return Error::parse_owned(
                    what,
                    input,
                    pos,
                    format!(
                        "second 60 (a leap second) is only read at 23:59, not at {hour_minute}"
                    ),
                );
            }
            Why::LeapUtc(utc_secs) => {
                // The leap second follows `utc_secs`: second 60 after :59, and
                // the next second after an offset with seconds moved it.
                let (hour, minute) = (utc_secs / 3600, utc_secs / 60 % 60);
                let second = (utc_secs % 60).saturating_add(1);
                return Error::parse_owned(
                    what,
                    input,
                    pos,
                    format!(
                        "second 60 (a leap second) is only read where the time in UTC is 23:59:60, \
                         not at {hour:02}:{minute:02}:{second:02} UTC"
                    ),
                );
            }
            Why::FractionDigit => "expected a digit after '.'",
            Why::AfterSecond if input.get(pos) == Some(&b',') => {
                "expected '.' before a fraction of a second; ',' is not read as a decimal mark"
            }
            Why::AfterSecond if strict => {
                "expected '.' and a fraction, or a UTC offset ('Z' or like '+05:30')"
            }
            Why::AfterSecond => "expected '.' and a fraction, a UTC offset or the end of the input",
            Why::AfterFraction if strict => "expected a UTC offset ('Z' or like '+05:30')",
            Why::AfterFraction => "expected a UTC offset or the end of the input",
            Why::OffsetHour => {
                pos = first_non_digit(input, pos, 2);
                "expected 2-digit offset hours"
            }
            Why::OffsetHourRange => {
                return field_range(
                    what,
                    input,
                    pos,
                    "offset hour",
                    "is out of range (expected 00 to 23)",
                )
            }
            Why::OffsetColon => {
                if input.get(pos).is_some_and(u8::is_ascii_digit) {
                    "expected ':' between the offset hours and minutes (write +05:30, not +0530)"
                } else {
                    "expected ':' and the offset minutes (write +05:30, not +05)"
                }
            }
            Why::OffsetMinute => {
                pos = first_non_digit(input, pos, 2);
                "expected 2-digit offset minutes"
            }
            Why::OffsetMinuteRange => {
                return field_range(
                    what,
                    input,
                    pos,
                    "offset minute",
                    "does not exist (expected 00 to 59)",
                )
            }
            Why::AfterOffsetMinute => "expected ':' and offset seconds, or the end of the input",
            Why::OffsetSecond => {
                pos = first_non_digit(input, pos, 2);
                "expected 2-digit offset seconds"
            }
            Why::OffsetSecondRange => {
                return field_range(
                    what,
                    input,
                    pos,
                    "offset second",
                    "does not exist (expected 00 to 59)",
                )
            }
            Why::AfterOffsetSecond => {
                "expected '.' and 6 digits of offset microseconds, or the end of the input"
            }
            Why::OffsetMicros => {
                pos = first_non_digit(input, pos, 6);
                "expected 6 digits of offset microseconds"
            }
            Why::OffsetMicrosRange => {
                return out_of_range(
                    what,
                    input,
                    pos,
                    "a UTC offset with a fraction of a second cannot be represented \
                     (chrono's FixedOffset holds whole seconds)",
                );
            }
            Why::End if strict && input.get(pos) == Some(&b':') => {
                "expected the end of the input (RFC 3339 offsets have no seconds)"
            }
            Why::End => "expected the end of the input",
            Why::MissingOffset => "expected a UTC offset ('Z' or like '+05:30') after the time",
            Why::OffsetRefused => {
                "expected the end of the input, not a UTC offset (parse_naive never drops one)"
            }
            Why::InstantRange => {
                return out_of_range(
                    what,
                    input,
                    0,
                    "the instant is outside the range chrono can represent",
                );
            }
        };
        Error::parse(what, input, pos, expected)
    }

    /// How many bytes the year takes in `input`: 4, or 7 with a sign.
    fn year_len(self, input: &[u8]) -> usize {
        match input.first() {
            Some(b'+' | b'-') => 7,
            _ => 4,
        }
    }
}

/// An [`ErrorKind::OutOfRange`] error worded like a parse error.
#[cold]
fn out_of_range(what: &str, input: &[u8], pos: usize, expected: &str) -> Error {
    Error::message(
        ErrorKind::OutOfRange,
        format!(
            "invalid {what} \"{}\": {expected} (at byte {pos})",
            quote(input)
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
}
