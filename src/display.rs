//! `Display` for [`MaybeAware`], and allocation-free writers of RFC 3339 text
//! for chrono values.
//!
//! The text is built in a fixed stack buffer ([`Text`]) with no `format!`
//! machinery, and is exactly what [`parse`](crate::parse()) reads back.

use core::fmt;

#[cfg(feature = "serde")]
use chrono::Utc;
use chrono::{
    DateTime, Datelike, FixedOffset, NaiveDate, NaiveDateTime, NaiveTime, Offset, TimeZone,
    Timelike,
};

use crate::aware::MaybeAware;
use crate::error::{Error, ErrorKind};

/// The longest text written: `+262143-01-01T23:59:60.999999999+23:59:59`.
const CAPACITY: usize = 41;

/// A timestamp written into a stack buffer; [`Text::as_str`] is the text.
#[derive(Clone, Copy)]
pub(crate) struct Text {
    bytes: [u8; CAPACITY],
    len: usize,
}

/// `"00"` to `"99"`.
const PAIRS: [[u8; 2]; 100] = {
    let mut pairs = [[0u8; 2]; 100];
    let mut i = 0u8;
    while i < 100 {
        pairs[i as usize] = [b'0' + i / 10, b'0' + i % 10];
        i += 1;
    }
    pairs
};

/// `value % 100` as two ASCII digits.
#[inline(always)]
fn pair(value: u32) -> [u8; 2] {
    PAIRS[(value % 100) as usize]
}

impl Text {
    /// The text written.
    #[inline]
    pub(crate) fn as_str(&self) -> &str {
        let written = &self.bytes[..self.len];
        // Only ASCII digits and punctuation are ever written.
        debug_assert!(written.is_ascii());
        core::str::from_utf8(written).unwrap_or_default()
    }

    /// Appends `piece`. [`CAPACITY`] is the length of the longest text, so
    /// this never indexes past the buffer (RFC 9557's timestamp, the longest
    /// but for the offset's seconds, has room for a `[` after it).
    #[inline(always)]
    pub(crate) fn put(&mut self, piece: &[u8]) {
        let end = self.len + piece.len();
        self.bytes[self.len..end].copy_from_slice(piece);
        self.len = end;
    }

    /// The fraction of a second (`nanos` below 1e9): nothing when zero, else
    /// `.` and 3, 6 or 9 digits, like chrono's `%.f`.
    #[inline(always)]
    fn fraction(&mut self, nanos: u32) {
        if nanos == 0 {
            return;
        }
        let [a0, a1] = pair(nanos / 10_000_000);
        let [b0, b1] = pair(nanos / 100_000);
        let [c0, c1] = pair(nanos / 1_000);
        let [d0, d1] = pair(nanos / 10);
        let [_, e] = pair(nanos);
        let digits = [b'.', a0, a1, b0, b1, c0, c1, d0, d1, e];
        let len = if nanos.is_multiple_of(1_000_000) {
            4
        } else if nanos.is_multiple_of(1_000) {
            7
        } else {
            10
        };
        // All ten bytes, then the length: a copy of a length known when
        // compiling, not a call to `memmove` (the fraction is never followed
        // by more than an offset, so the ten bytes always fit).
        let start = self.len;
        self.bytes[start..start + 10].copy_from_slice(&digits);
        self.len = start + len;
    }

    /// The date, the `T` and the time (`nanos` may hold a leap second).
    #[inline(always)]
    fn date_time(&mut self, year: i32, month: u32, day: u32, secs: u32, nanos: u32) {
        let abs = year.unsigned_abs();
        if (0..=9999).contains(&year) {
            let [a, b] = pair(abs / 100);
            let [c, d] = pair(abs);
            self.put(&[a, b, c, d]);
        } else {
            // JavaScript's expanded years: a sign and 6 digits (chrono's years
            // have at most 6).
            let sign = if year < 0 { b'-' } else { b'+' };
            let [a, b] = pair(abs / 10_000);
            let [c, d] = pair(abs / 100);
            let [e, f] = pair(abs);
            self.put(&[sign, a, b, c, d, e, f]);
        }
        // A leap second (nanos >= 1e9, which chrono puts at second 59) shows
        // as second 60 of the same minute. (After an offset with seconds it
        // can sit at another second: it shows as the next one, like chrono.)
        let minutes = secs / 60;
        let (second, nanos) = if nanos >= 1_000_000_000 {
            (secs % 60 + 1, nanos - 1_000_000_000)
        } else {
            (secs % 60, nanos)
        };
        let [mo0, mo1] = pair(month);
        let [d0, d1] = pair(day);
        let [h0, h1] = pair(minutes / 60);
        let [mi0, mi1] = pair(minutes % 60);
        let [s0, s1] = pair(second);
        self.put(&[
            b'-', mo0, mo1, b'-', d0, d1, b'T', h0, h1, b':', mi0, mi1, b':', s0, s1,
        ]);
        self.fraction(nanos);
    }

    /// `Z`, or `±HH:MM`, or `±HH:MM:SS` when the offset has seconds.
    #[inline(always)]
    fn offset(&mut self, offset: i32) {
        if offset == 0 {
            self.put(b"Z");
            return;
        }
        let sign = if offset < 0 { b'-' } else { b'+' };
        let abs = offset.unsigned_abs();
        let [h0, h1] = pair(abs / 3600);
        let [m0, m1] = pair(abs / 60 % 60);
        let [s0, s1] = pair(abs % 60);
        let text = [sign, h0, h1, b':', m0, m1, b':', s0, s1];
        let len = if abs.is_multiple_of(60) { 6 } else { 9 };
        self.put(&text[..len]);
    }
}

/// An empty text.
pub(crate) fn empty() -> Text {
    Text {
        bytes: [0; CAPACITY],
        len: 0,
    }
}

/// A naive value as `YYYY-MM-DDTHH:MM:SS[.fff|.ffffff|.fffffffff]`.
#[inline]
pub(crate) fn naive_text(naive: &NaiveDateTime) -> Text {
    let mut text = empty();
    write_date_time(&mut text, naive.date(), naive.time());
    text
}

/// An aware value as RFC 3339 in its own offset (`Z` for a zero offset, and
/// `±HH:MM:SS` for an offset with seconds).
#[inline]
pub(crate) fn aware_text(aware: &DateTime<FixedOffset>) -> Text {
    let mut text = empty();
    local_date_time(&mut text, aware);
    text.offset(aware.offset().local_minus_utc());
    text
}

/// An aware value as the timestamp of RFC 9557: its wall time, then its
/// offset as `±HH:MM` (`+00:00` for zero, which RFC 9557 distinguishes from
/// `Z`), rounded to the nearest minute (half a minute up) as RFC 3339 has no
/// seconds in offsets; jiff and Temporal write it so too.
///
/// The whole minutes an offset of `secs` seconds is written with: rounded to
/// the nearest (half a minute away from zero), as tzsafe, jiff and Temporal
/// write offsets with seconds, and below 24:00 (23:59:30 and more stays 23:59).
pub(crate) fn minutes_of(secs: i32) -> u32 {
    ((secs.unsigned_abs() + 30) / 60).min(24 * 60 - 1)
}

/// `secs` as the offset written for it ([`minutes_of`]), in seconds.
pub(crate) fn rounded_to_minute(secs: i32) -> i32 {
    // At most 1,439 minutes: fits an i32.
    let rounded = (minutes_of(secs) * 60) as i32;
    if secs < 0 {
        -rounded
    } else {
        rounded
    }
}

/// Written into `text` (empty), not returned: a `Text` moved right after its
/// bytes were stored one by one is read back in wide loads that cannot be
/// forwarded from those stores (a stall of about a fifth of the writer's
/// time).
#[inline]
pub(crate) fn write_rfc9557(text: &mut Text, aware: &DateTime<FixedOffset>) {
    local_date_time(text, aware);
    let offset = aware.offset().local_minus_utc();
    let minutes = minutes_of(offset);
    // Never `-00:00`, which RFC 9557 reads as `Z` (offset unknown).
    let sign = if offset < 0 && minutes > 0 {
        b'-'
    } else {
        b'+'
    };
    let [h0, h1] = pair(minutes / 60);
    let [m0, m1] = pair(minutes % 60);
    text.put(&[sign, h0, h1, b':', m0, m1]);
}

/// The wall time of `aware` (with the date just outside chrono's range where
/// that is where the wall time falls).
#[inline(always)]
fn local_date_time(text: &mut Text, aware: &DateTime<FixedOffset>) {
    let offset = aware.offset().local_minus_utc();
    let utc = aware.naive_utc();
    let time = utc.time();
    // The wall time without `checked_add_offset` (not inlined across crates):
    // the UTC day, the one before or the one after. Both below 86,400 in
    // magnitude: no overflow.
    let secs = time.num_seconds_from_midnight() as i32 + offset;
    let (date, secs) = if secs < 0 {
        (utc.date().pred_opt(), secs + 86_400)
    } else if secs >= 86_400 {
        (utc.date().succ_opt(), secs - 86_400)
    } else {
        (Some(utc.date()), secs)
    };
    match date {
        Some(date) => text.date_time(
            date.year(),
            date.month(),
            date.day(),
            secs as u32,
            time.nanosecond(),
        ),
        None => beyond_range(text, utc, *aware.offset()),
    }
}

/// A UTC value as RFC 3339 with `Z`, for serializers.
#[cfg(feature = "serde")]
#[inline]
pub(crate) fn utc_text(utc: &DateTime<Utc>) -> Text {
    utc_text_ending(utc, b"Z")
}

/// A UTC value as RFC 3339 with the numeric offset `+00:00` (what Python's
/// `isoformat()` writes), for serializers.
#[cfg(feature = "serde")]
#[inline]
pub(crate) fn utc_text_numeric(utc: &DateTime<Utc>) -> Text {
    utc_text_ending(utc, b"+00:00")
}

/// The UTC date and time, then `offset` (`Z` or `+00:00`: both fit in
/// [`CAPACITY`] after the longest date and time, 32 bytes).
#[cfg(feature = "serde")]
#[inline(always)]
fn utc_text_ending(utc: &DateTime<Utc>, offset: &[u8]) -> Text {
    let mut text = empty();
    let naive = utc.naive_utc();
    write_date_time(&mut text, naive.date(), naive.time());
    text.put(offset);
    text
}

#[inline(always)]
fn write_date_time(text: &mut Text, date: NaiveDate, time: NaiveTime) {
    text.date_time(
        date.year(),
        date.month(),
        date.day(),
        time.num_seconds_from_midnight(),
        time.nanosecond(),
    );
}

/// An aware value whose local time is the day after `NaiveDate::MAX` or the
/// day before `NaiveDate::MIN` (chrono holds the instant but not its wall
/// time): written with the year just outside chrono's range, which
/// [`parse`](crate::parse()) reads back for the same reason.
#[cold]
fn beyond_range(text: &mut Text, utc: NaiveDateTime, offset: FixedOffset) {
    let ahead = offset.local_minus_utc() > 0;
    // Move the UTC value one day toward the middle, convert, and write the
    // date that day stands for.
    let moved = if ahead {
        utc.date().pred_opt()
    } else {
        utc.date().succ_opt()
    };
    let local =
        moved.and_then(|date| NaiveDateTime::new(date, utc.time()).checked_add_offset(offset));
    let time = local.map_or(utc.time(), |local| local.time());
    let (year, month, day) = if ahead {
        (NaiveDate::MAX.year() + 1, 1, 1)
    } else {
        (NaiveDate::MIN.year() - 1, 12, 31)
    };
    text.date_time(
        year,
        month,
        day,
        time.num_seconds_from_midnight(),
        time.nanosecond(),
    );
}

impl fmt::Display for MaybeAware {
    /// RFC 3339 for an aware value, `YYYY-MM-DDTHH:MM:SS` for a naive one; the
    /// fraction of a second is left out when zero, else written with 3, 6 or 9
    /// digits; `Z` for a zero offset, `±HH:MM:SS` for an offset with seconds;
    /// years outside `0000..=9999` as a sign and 6 digits (`+012026`); a leap
    /// second as `:60`. [`parse`](crate::parse()) reads the text back to the
    /// same value and offset, except for a leap second chrono holds anywhere
    /// but at 23:59 (UTC for an aware value, wall time for a naive one) or
    /// with an offset that has seconds: those cannot be written so that they
    /// read back. Width and alignment flags apply (`{:>30}`).
    ///
    /// # Example
    ///
    /// ```
    /// use tzsafe::parse;
    ///
    /// assert_eq!(parse("2026-11-26t09:30:00.1+05:30")?.to_string(), "2026-11-26T09:30:00.100+05:30");
    /// assert_eq!(parse("2026-11-26 09:30:00+00:00")?.to_string(), "2026-11-26T09:30:00Z");
    /// assert_eq!(parse("2026-11-26T09")?.to_string(), "2026-11-26T09:00:00");
    /// assert_eq!(parse("+275759-01-01T00:00:00.000001-05:00").unwrap_err().kind(), tzsafe::ErrorKind::OutOfRange);
    /// assert_eq!(parse("-000001-01-01T00:00:00.000Z")?.to_string(), "-000001-01-01T00:00:00Z");
    /// # Ok::<(), tzsafe::Error>(())
    /// ```
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let text = match self {
            MaybeAware::Naive(naive) => naive_text(naive),
            MaybeAware::Aware(aware) => aware_text(aware),
        };
        f.pad(text.as_str())
    }
}

// ---------------------------------------------------------------------------
// Dates in words: RFC 5322 and HTTP.

/// `Mon` to `Sun`, Monday first.
const WEEKDAYS: [&[u8; 3]; 7] = [b"Mon", b"Tue", b"Wed", b"Thu", b"Fri", b"Sat", b"Sun"];
/// `Jan` to `Dec`.
const MONTHS: [&[u8; 3]; 12] = [
    b"Jan", b"Feb", b"Mar", b"Apr", b"May", b"Jun", b"Jul", b"Aug", b"Sep", b"Oct", b"Nov", b"Dec",
];

/// `Www, DD Mmm YYYY HH:MM:SS ` for `wall`, whose year is 0 to 9999.
fn words(text: &mut Text, wall: &NaiveDateTime) {
    let date = wall.date();
    let time = wall.time();
    let weekday = WEEKDAYS[date.weekday().num_days_from_monday() as usize];
    let month = MONTHS[date.month0() as usize];
    let year = date.year().unsigned_abs();
    let secs = time.num_seconds_from_midnight();
    // A leap second (nanoseconds of 1e9 or more) is second 60.
    let second = secs % 60 + u32::from(time.nanosecond() >= 1_000_000_000);
    let [d0, d1] = pair(date.day());
    let [y0, y1] = pair(year / 100);
    let [y2, y3] = pair(year);
    let [h0, h1] = pair(secs / 3600);
    let [i0, i1] = pair(secs / 60 % 60);
    let [s0, s1] = pair(second);
    text.put(weekday);
    text.put(&[b',', b' ', d0, d1, b' ']);
    text.put(month);
    text.put(&[
        b' ', y0, y1, y2, y3, b' ', h0, h1, b':', i0, i1, b':', s0, s1, b' ',
    ]);
}

/// What [`format_rfc2822`] and [`format_http_date`] return.
struct Words(Text);

impl fmt::Display for Words {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(self.0.as_str())
    }
}

impl fmt::Debug for Words {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.0.as_str(), f)
    }
}

/// The wall time of `utc` at `offset` seconds, if its year has 4 digits.
fn wall_in_four_digits(
    utc: &NaiveDateTime,
    offset: i32,
    form: &str,
) -> Result<NaiveDateTime, Error> {
    FixedOffset::east_opt(offset)
        .and_then(|offset| utc.checked_add_offset(offset))
        .filter(|wall| (0..=9999).contains(&wall.year()))
        .ok_or_else(|| {
            Error::message(
                ErrorKind::OutOfRange,
                format!(
                    "{} cannot be written as {form}: its year must have 4 digits (0000 to 9999)",
                    MaybeAware::Aware(utc.and_utc().fixed_offset())
                ),
            )
        })
}

/// Writes `value` as RFC 5322 (and 2822) writes a date, the form of e-mail
/// headers and RSS: `Mon, 07 Dec 2026 10:00:00 -0800`, in the value's own
/// offset. [`parse_rfc2822`](crate::parse_rfc2822) reads it back to the
/// same instant, to the second.
///
/// The fraction of a second is dropped (RFC 5322 has none). An offset with
/// seconds (local mean time before about 1900: New York's -04:56:02) is
/// rounded to the minute, and the wall time written is the instant's at the
/// rounded offset, so the text still names the same instant. Years must
/// have 4 digits, as RFC 5322 and every reader expect.
///
/// The text is built in a stack buffer: displaying it does not allocate.
///
/// # Errors
///
/// [`ErrorKind::OutOfRange`] when the year at that offset is outside 0000 to
/// 9999.
///
/// # Example
///
/// ```
/// use chrono::{DateTime, TimeZone};
/// use tzsafe::{format_rfc2822, parse_rfc2822, Zone};
///
/// let ny: Zone = "America/New_York".parse()?;
/// let at = ny.with_ymd_and_hms(2026, 12, 7, 13, 0, 0).unwrap();
/// let text = format_rfc2822(&at)?.to_string();
/// assert_eq!(text, "Mon, 07 Dec 2026 13:00:00 -0500");
/// assert_eq!(parse_rfc2822(&text)?, at);
///
/// let ancient = DateTime::from_timestamp(-70_000_000_000, 0).unwrap();
/// assert!(format_rfc2822(&ancient).unwrap_err().is_out_of_range());
/// # Ok::<(), tzsafe::Error>(())
/// ```
pub fn format_rfc2822<Tz: TimeZone>(
    value: &DateTime<Tz>,
) -> Result<impl fmt::Display + fmt::Debug + use<Tz>, Error> {
    let offset = value.offset().fix().local_minus_utc();
    let minutes = minutes_of(offset);
    let rounded = rounded_to_minute(offset);
    let wall = wall_in_four_digits(&value.naive_utc(), rounded, "an RFC 2822 date")?;
    let mut text = empty();
    words(&mut text, &wall);
    let sign = if rounded < 0 { b'-' } else { b'+' };
    let [h0, h1] = pair(minutes / 60);
    let [m0, m1] = pair(minutes % 60);
    text.put(&[sign, h0, h1, m0, m1]);
    Ok(Words(text))
}

/// Writes `value` as an HTTP date, RFC 9110's IMF-fixdate: `Mon, 07 Dec
/// 2026 18:00:00 GMT`, in UTC, for `Date`, `Last-Modified`, `Expires` and
/// cookies (what JavaScript's `toUTCString()` writes too).
/// [`parse_http_date`](crate::parse_http_date) reads it back to the same
/// instant, to the second.
///
/// The fraction of a second is dropped (HTTP dates have none); years must
/// have 4 digits.
///
/// The text is built in a stack buffer: displaying it does not allocate.
///
/// # Errors
///
/// [`ErrorKind::OutOfRange`] when the year is outside 0000 to 9999.
///
/// # Example
///
/// ```
/// use chrono::DateTime;
/// use tzsafe::{format_http_date, parse_http_date};
///
/// let at = DateTime::from_timestamp(1_796_666_400, 0).unwrap();
/// let header = format_http_date(&at)?.to_string();
/// assert_eq!(header, "Mon, 07 Dec 2026 18:00:00 GMT");
/// assert_eq!(parse_http_date(&header)?, at);
/// # Ok::<(), tzsafe::Error>(())
/// ```
pub fn format_http_date<Tz: TimeZone>(
    value: &DateTime<Tz>,
) -> Result<impl fmt::Display + fmt::Debug + use<Tz>, Error> {
    let wall = wall_in_four_digits(&value.naive_utc(), 0, "an HTTP date")?;
    let mut text = empty();
    words(&mut text, &wall);
    text.put(b"GMT");
    Ok(Words(text))
}
