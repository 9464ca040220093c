//! Unix epoch numbers: `1765130400123` (JavaScript's `Date.now()`),
//! `1765130400.123456` (Python's `time.time()`), in a unit the caller names.
//!
//! ```text
//! epoch    = ["-"] integer ["." fraction]  ; and nothing else
//! integer  = 1*DIGIT
//! fraction = 1*DIGIT                        ; beyond the nanosecond: dropped
//! ```

use chrono::{DateTime, Utc};

use super::{fraction, Exact, Fail, Field, Form, Parsed, Problem, Quick, Report};
use crate::error::{Error, ErrorKind};

/// The unit of a Unix epoch number: what one unit of the number is.
///
/// There is no default and no guessing from the magnitude: `1765130400` is
/// 2025-12-07 in seconds and 1970-01-21 in milliseconds, and both are
/// plausible somewhere. The unit is a convention of the producer (JavaScript's
/// `Date.now()` and Java's `currentTimeMillis()` count milliseconds; Python's
/// `time.time()`, Unix's `date +%s` and most JSON APIs count seconds; Go's
/// `UnixNano()` nanoseconds), and the reader must state it.
///
/// # Example
///
/// ```
/// use tzsafe::{from_epoch, EpochUnit};
///
/// let js = from_epoch("1765130400123", EpochUnit::Millis)?;
/// let py = from_epoch("1765130400.123", EpochUnit::Seconds)?;
/// assert_eq!(js, py);
/// assert_eq!(js.to_rfc3339(), "2025-12-07T18:00:00.123+00:00");
/// # Ok::<(), tzsafe::Error>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum EpochUnit {
    /// Seconds (Python's `time.time()`, `date +%s`).
    Seconds,
    /// Milliseconds (JavaScript's `Date.now()`, Java's `currentTimeMillis()`).
    Millis,
    /// Microseconds.
    Micros,
    /// Nanoseconds (Go's `UnixNano()`, Python's `time.time_ns()`).
    Nanos,
}

impl EpochUnit {
    /// Nanoseconds in one unit.
    const fn nanos(self) -> u32 {
        match self {
            EpochUnit::Seconds => 1_000_000_000,
            EpochUnit::Millis => 1_000_000,
            EpochUnit::Micros => 1_000,
            EpochUnit::Nanos => 1,
        }
    }

    /// The unit's name, as messages write it: `"seconds"`,
    /// `"milliseconds"`, `"microseconds"` or `"nanoseconds"`.
    ///
    /// # Example
    ///
    /// ```
    /// assert_eq!(tzsafe::EpochUnit::Millis.as_str(), "milliseconds");
    /// ```
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            EpochUnit::Seconds => "seconds",
            EpochUnit::Millis => "milliseconds",
            EpochUnit::Micros => "microseconds",
            EpochUnit::Nanos => "nanoseconds",
        }
    }

    /// The instant `value` units after 1970-01-01T00:00:00Z (before it when
    /// negative): what [`from_epoch`] reads from an integer, for a number that
    /// is already an integer (a JSON number read by serde, a database column).
    ///
    /// # Errors
    ///
    /// [`ErrorKind::OutOfRange`] outside chrono's range (years -262143 to
    /// 262142); never for [`Nanos`](Self::Nanos), whose whole `i64` range is
    /// inside it.
    ///
    /// # Example
    ///
    /// ```
    /// use tzsafe::EpochUnit;
    ///
    /// let at = EpochUnit::Millis.instant(1_765_130_400_123)?;
    /// assert_eq!(at.to_rfc3339(), "2025-12-07T18:00:00.123+00:00");
    /// assert_eq!(EpochUnit::Millis.instant(-1)?.to_rfc3339(), "1969-12-31T23:59:59.999+00:00");
    /// assert!(EpochUnit::Seconds.instant(i64::MAX).unwrap_err().is_out_of_range());
    /// # Ok::<(), tzsafe::Error>(())
    /// ```
    #[inline]
    pub fn instant(self, value: i64) -> Result<DateTime<Utc>, Error> {
        self.instant_opt(value)
            .ok_or_else(|| out_of_range(&value.to_string(), self))
    }

    /// [`instant`](Self::instant), `None` out of range.
    #[inline(always)]
    fn instant_opt(self, value: i64) -> Option<DateTime<Utc>> {
        match self {
            EpochUnit::Seconds => DateTime::from_timestamp(value, 0),
            EpochUnit::Millis => DateTime::from_timestamp_millis(value),
            EpochUnit::Micros => DateTime::from_timestamp_micros(value),
            EpochUnit::Nanos => Some(DateTime::from_timestamp_nanos(value)),
        }
    }
}

/// Reads a Unix epoch number in `unit`: an integer or a decimal numeral,
/// optionally negative, as JSON and the languages that write it spell them:
/// `1765130400123` in milliseconds (JavaScript's `Date.now()`),
/// `1765130400.123456` in seconds (Python's `time.time()`).
///
/// # Accepted forms
///
/// An optional `-`, one or more digits, then optionally `.` and one or more
/// digits, and nothing else. Fraction digits below the nanosecond are read
/// and dropped (toward zero, like the fraction of [`parse`](crate::parse())).
/// Refused, with a message that says so: `+`, leading or trailing
/// whitespace, exponents (`1.7e9`: write the number in full), `.5` and
/// `5.`, `,` as the decimal mark, `NaN` and `Infinity`. Any number of
/// digits is read; a value outside chrono's range is an
/// [`ErrorKind::OutOfRange`] error.
///
/// # Errors
///
/// [`ErrorKind::Parse`] when `text` is not such a numeral (the message says
/// what was expected where); [`ErrorKind::OutOfRange`] when the instant is
/// outside chrono's range (years -262143 to 262142).
///
/// # Example
///
/// ```
/// use tzsafe::{from_epoch, EpochUnit, ErrorKind};
///
/// let at = from_epoch("1765130400.123456", EpochUnit::Seconds)?;
/// assert_eq!(at.to_rfc3339(), "2025-12-07T18:00:00.123456+00:00");
/// assert_eq!(from_epoch("-1.5", EpochUnit::Seconds)?.to_rfc3339(), "1969-12-31T23:59:58.500+00:00");
/// assert_eq!(from_epoch("1765130400123", EpochUnit::Millis)?.timestamp_millis(), 1_765_130_400_123);
///
/// let err = from_epoch("1.7652e9", EpochUnit::Seconds).unwrap_err();
/// assert_eq!(err.kind(), ErrorKind::Parse);
/// assert_eq!(
///     err.to_string(),
///     "invalid Unix timestamp \"1.7652e9\": exponents are not read; write the number in full \
///      (like 1765200000) (at byte 6)",
/// );
/// # Ok::<(), tzsafe::Error>(())
/// ```
#[inline]
pub fn from_epoch(text: &str, unit: EpochUnit) -> Result<DateTime<Utc>, Error> {
    match epoch::<Quick>(text.as_bytes(), unit) {
        Ok(Some(at)) => Ok(at),
        Ok(None) => Err(out_of_range(text, unit)),
        Err(()) => Err(failure(text, unit)),
    }
}

/// The error for `text`, which [`Quick`] refused: read again with [`Exact`].
#[cold]
#[inline(never)]
fn failure(text: &str, unit: EpochUnit) -> Error {
    let fail = match epoch::<Exact>(text.as_bytes(), unit) {
        Err(fail) => fail,
        // Unreachable: both reads follow the same rules.
        Ok(_) => Fail::at(&[], Problem::End),
    };
    fail.into_error(text, Form::Epoch)
}

/// The out-of-range error for the number `text` in `unit`.
#[cold]
pub(crate) fn out_of_range(text: &str, unit: EpochUnit) -> Error {
    Error::message(
        ErrorKind::OutOfRange,
        format!(
            "invalid Unix timestamp \"{}\": as {}, the instant is outside the range chrono \
             can represent (years -262143 to 262142)",
            crate::error::quote(text.as_bytes()),
            unit.as_str()
        ),
    )
}

/// `epoch`: the instant, or `None` when it is outside chrono's range.
#[inline(always)]
fn epoch<R: Report>(s: &[u8], unit: EpochUnit) -> Result<Option<DateTime<Utc>>, R::Fail> {
    let (negative, digits) = match s {
        [b'-', rest @ ..] => (true, rest),
        _ => (false, s),
    };
    let (number, rest) = integer::<R>(digits)?;
    match rest {
        [] => Ok(match number {
            // Up to 18 digits: an i64, read by chrono's own conversion.
            Number::Small(value) => {
                // Below 10^18: fits an i64, and so does its negation.
                let value = value as i64;
                unit.instant_opt(if negative {
                    value.wrapping_neg()
                } else {
                    value
                })
            }
            Number::Large(value) => value.and_then(|v| instant(v, 0, negative, unit)),
        }),
        [b'.', fraction_digits @ ..] => {
            let (nanos, rest) = fraction::<R>(fraction_digits)?;
            super::end::<R>(rest).map_err(|_| R::fail(rest, Problem::After(Field::Fraction)))?;
            Ok(number
                .wide()
                .and_then(|v| instant(v, nanos, negative, unit)))
        }
        _ => Err(R::fail(rest, Problem::After(Field::Integer))),
    }
}

/// An integer's value.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Number {
    /// Up to 18 digits.
    Small(u64),
    /// More, or `None` beyond a `u128` (no unit puts those in chrono's range).
    Large(Option<u128>),
}

impl Number {
    fn wide(self) -> Option<u128> {
        match self {
            Number::Small(value) => Some(u128::from(value)),
            Number::Large(value) => value,
        }
    }
}

/// `integer`.
#[inline(always)]
fn integer<R: Report>(s: &[u8]) -> Parsed<'_, Number, R> {
    // One pass: the first 18 digits in a u64 (they fit), counting them all.
    let mut value = 0u64;
    let mut count = 0usize;
    for byte in s {
        let digit = byte.wrapping_sub(b'0');
        if digit > 9 {
            break;
        }
        if count < 18 {
            value = value.wrapping_mul(10).wrapping_add(u64::from(digit));
        }
        count = count.wrapping_add(1);
    }
    if count == 0 {
        return Err(R::fail(s, Problem::Digits(Field::Integer)));
    }
    let (digits, rest) = s.split_at(count);
    let number = if count <= 18 {
        Number::Small(value)
    } else {
        Number::Large(long_integer(digits))
    };
    Ok((number, rest))
}

/// More than 18 digits, or `None` beyond a `u128`.
#[cold]
fn long_integer(digits: &[u8]) -> Option<u128> {
    digits.iter().try_fold(0u128, |acc, d| {
        acc.checked_mul(10)?
            .checked_add(u128::from(d.wrapping_sub(b'0')))
    })
}

/// `value` units and `fraction` billionths of a unit (below 1e9), negated when
/// `negative`, as an instant: `None` outside chrono's range.
#[inline(always)]
fn instant(value: u128, fraction: u32, negative: bool, unit: EpochUnit) -> Option<DateTime<Utc>> {
    let per_unit = unit.nanos();
    // The fraction's nanoseconds: its billionths of a unit, scaled to the
    // unit (digits below the nanosecond dropped).
    // Both below 1e9: the product fits a u64.
    let fraction_nanos = u64::from(fraction).wrapping_mul(u64::from(per_unit)) / 1_000_000_000;
    let whole = value.checked_mul(u128::from(per_unit))?;
    let total = whole.checked_add(u128::from(fraction_nanos))?;
    // chrono's range is within ±2^73 nanoseconds.
    let total = i128::try_from(total).ok()?;
    // Non-negative: its negation fits.
    let total = if negative {
        total.wrapping_neg()
    } else {
        total
    };
    let secs = i64::try_from(total.div_euclid(1_000_000_000)).ok()?;
    // In 0..1e9.
    let nanos = total.rem_euclid(1_000_000_000) as u32;
    DateTime::from_timestamp(secs, nanos)
}

/// What is expected after `field` in an epoch number, or a hint for the
/// byte at `pos`.
pub(super) fn expected(field: Field, input: &[u8], pos: usize) -> &'static str {
    let next = input.get(pos).copied();
    match (field, next) {
        (_, Some(b'e' | b'E')) => {
            "exponents are not read; write the number in full (like 1765200000)"
        }
        (Field::Integer, Some(b',')) => "expected '.' before a fraction; ',' is not read as a decimal mark",
        (Field::Integer, Some(b' ' | b'\t' | b'\n' | b'\r')) => {
            "expected '.' and a fraction, or the end of the input (surrounding whitespace is not read)"
        }
        (Field::Integer, _) => "expected '.' and a fraction, or the end of the input",
        _ => "expected the end of the input",
    }
}

/// What is expected where digits are missing.
pub(super) fn expected_digits(field: Field, input: &[u8], pos: usize) -> &'static str {
    match (field, input.get(pos).copied()) {
        (Field::Fraction, _) => "expected a digit after '.'",
        (_, None) if input.is_empty() => "expected a number like 1765130400, found an empty string",
        (_, Some(b'+')) => "expected digits, optionally after '-' ('+' is not read)",
        (_, Some(b'.')) => "expected a digit before '.' (write 0.5, not .5)",
        (_, Some(b' ' | b'\t' | b'\n' | b'\r')) => {
            "expected digits, optionally after '-' (surrounding whitespace is not read)"
        }
        _ => "expected digits, optionally after '-'",
    }
}

#[cfg(test)]
#[allow(clippy::arithmetic_side_effects, clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn rules() {
        assert_eq!(
            integer::<Exact>(b"123.5").unwrap(),
            (Number::Small(123), &b".5"[..])
        );
        assert_eq!(
            integer::<Exact>(b"1234567890123456789").unwrap().0,
            Number::Large(Some(1_234_567_890_123_456_789))
        );
        assert_eq!(
            integer::<Exact>(b"99999999999999999999999999999999999999999")
                .unwrap()
                .0,
            Number::Large(None)
        );
        assert_eq!(
            integer::<Exact>(b"x").unwrap_err(),
            Fail::at(b"x", Problem::Digits(Field::Integer))
        );
        assert_eq!(
            epoch::<Exact>(b"1.5x", EpochUnit::Seconds).unwrap_err(),
            Fail::at(b"x", Problem::After(Field::Fraction))
        );
        let at = |s: &str, unit| epoch::<Exact>(s.as_bytes(), unit).unwrap().unwrap();
        assert_eq!(
            at("-0.000000001", EpochUnit::Seconds).timestamp_nanos_opt(),
            Some(-1)
        );
        assert_eq!(
            at("1.9999", EpochUnit::Nanos).timestamp_nanos_opt(),
            Some(1)
        );
        assert_eq!(
            at("-1.9999", EpochUnit::Nanos).timestamp_nanos_opt(),
            Some(-1)
        );
        assert_eq!(
            at("1.123456789", EpochUnit::Millis).timestamp_nanos_opt(),
            Some(1_123_456)
        );
    }
}
