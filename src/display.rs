//! `Display` for [`MaybeAware`], and allocation-free writers of RFC 3339 text
//! for chrono values.
//!
//! The text is built in a fixed stack buffer ([`Text`]) with no `format!`
//! machinery, and is exactly what [`parse`](crate::parse()) reads back.

use core::fmt;

#[cfg(feature = "serde")]
use chrono::Utc;
use chrono::{DateTime, Datelike, FixedOffset, NaiveDate, NaiveDateTime, NaiveTime, Timelike};

use crate::aware::MaybeAware;

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
    /// this never indexes past the buffer.
    #[inline(always)]
    fn put(&mut self, piece: &[u8]) {
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
        self.put(&digits[..len]);
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

fn empty() -> Text {
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
#[inline]
pub(crate) fn rfc9557_text(aware: &DateTime<FixedOffset>) -> Text {
    let mut text = empty();
    local_date_time(&mut text, aware);
    let offset = aware.offset().local_minus_utc();
    // Below 24:00 after rounding (an offset of 23:59:30 or more stays 23:59).
    let minutes = ((offset.unsigned_abs() + 30) / 60).min(24 * 60 - 1);
    // Never `-00:00`, which RFC 9557 reads as `Z` (offset unknown).
    let sign = if offset < 0 && minutes > 0 {
        b'-'
    } else {
        b'+'
    };
    let [h0, h1] = pair(minutes / 60);
    let [m0, m1] = pair(minutes % 60);
    text.put(&[sign, h0, h1, b':', m0, m1]);
    text
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
