//! Serde for the discount models (feature `serde`).
//!
//! Instants are RFC 3339 strings with `Z`, read with
//! [`aware_only`](crate::serde::aware_only) (a naive string is an error);
//! deserialization builds every value through the same checks as the
//! constructors, so JSON cannot make a window that ends before it starts, a
//! percentage over 100 % or an offer that is both accepted and expired.

use core::fmt;

use ::serde::de::{self, Deserialize, Deserializer, Visitor};
use ::serde::ser::{Serialize, Serializer};
use chrono::{DateTime, NaiveDate, Utc};

use super::model::Discount;
use super::offer::{DiscountOffer, Outcome};
use super::value::{BasisPoints, Currency, DiscountValue};
use super::window::{DiscountWindow, LocalDay, WindowEnd, WindowStart};
use crate::error::Error;
use crate::models::{RoomId, UserId};
use crate::zone::Zone;

// ---------------------------------------------------------------------------
// Calendar dates: `YYYY-MM-DD` strings.

mod date {
    use chrono::Datelike;

    use super::{de, fmt, Deserializer, Error, NaiveDate, Serializer, Visitor};
    use crate::error::{quote, ErrorKind};

    /// `YYYY-MM-DD`, or a sign and 6 digits for years outside 0000 to 9999
    /// (`+012345-06-07`), as instants are written.
    pub(super) fn serialize<S: Serializer>(
        date: &NaiveDate,
        serializer: S,
    ) -> Result<S::Ok, S::Error> {
        serializer.collect_str(&super::super::Date(*date))
    }

    pub(super) fn deserialize<'de, D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<NaiveDate, D::Error> {
        deserializer.deserialize_str(DateVisitor)
    }

    struct DateVisitor;

    impl Visitor<'_> for DateVisitor {
        type Value = NaiveDate;

        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("a calendar date string YYYY-MM-DD")
        }

        fn visit_str<E: de::Error>(self, input: &str) -> Result<NaiveDate, E> {
            parse_date(input).map_err(E::custom)
        }
    }

    /// Reads a date with the grammar and the messages of the date in
    /// [`parse`](crate::parse()): `YYYY-MM-DD` with a 4-digit year, or a sign
    /// and 6 digits (`+012345-06-07`; `-000000` is refused), and nothing else.
    /// Syntax first, then the month, the day and the year's range, then the end.
    pub(super) fn parse_date(input: &str) -> Result<NaiveDate, Error> {
        let bytes = input.as_bytes();
        let fail = |at: usize, expected: &'static str| Error::parse("date", bytes, at, expected);
        // The `n` digits from `at` as a number (at most 6 digits: no overflow).
        let number = |at: usize, n: usize| -> Option<u32> {
            bytes
                .get(at..at.checked_add(n)?)?
                .iter()
                .try_fold(0u32, |acc, b| {
                    b.is_ascii_digit().then(|| {
                        acc.wrapping_mul(10)
                            .wrapping_add(u32::from(b.wrapping_sub(b'0')))
                    })
                })
        };
        // Where the first of `n` expected digits from `at` is missing.
        let first_non_digit = |at: usize, n: usize| {
            (at..at.saturating_add(n))
                .find(|&i| !bytes.get(i).is_some_and(u8::is_ascii_digit))
                .unwrap_or(at)
        };
        let (year, base): (i32, usize) = match bytes.first() {
            None => {
                return Err(fail(
                    0,
                    "expected a date like 2026-11-30, found an empty string",
                ))
            }
            Some(&sign @ (b'+' | b'-')) => {
                let Some(digits) = number(1, 6) else {
                    return Err(fail(
                        first_non_digit(1, 6),
                        "expected 6 digits after the sign of an expanded year (like +275760)",
                    ));
                };
                let year = i32::try_from(digits).unwrap_or(i32::MAX);
                match (sign, year) {
                    (b'-', 0) => {
                        return Err(fail(0, "year -000000 is not valid (write 0000 or +000000)"))
                    }
                    (b'-', _) => (year.wrapping_neg(), 7),
                    _ => (year, 7),
                }
            }
            Some(_) => match number(0, 4) {
                Some(year) => (i32::try_from(year).unwrap_or(i32::MAX), 4),
                None => {
                    return Err(fail(
                        first_non_digit(0, 4),
                        "expected a 4-digit year, or '+' or '-' and a 6-digit year",
                    ))
                }
            },
        };
        let at = |offset: usize| base.saturating_add(offset);
        if bytes.get(base) != Some(&b'-') {
            return Err(fail(
                base,
                if bytes.get(base).is_some_and(u8::is_ascii_digit) {
                    "expected '-' after the year; a year beyond 9999 is written with a sign and 6 digits, like +012345"
                } else {
                    "expected '-' after the year"
                },
            ));
        }
        let month = number(at(1), 2)
            .ok_or_else(|| fail(first_non_digit(at(1), 2), "expected a 2-digit month"))?;
        if bytes.get(at(3)) != Some(&b'-') {
            return Err(fail(at(3), "expected '-' after the month"));
        }
        let day = number(at(4), 2)
            .ok_or_else(|| fail(first_non_digit(at(4), 2), "expected a 2-digit day"))?;
        let text = |from: usize, to: usize| input.get(from..to).unwrap_or("?");
        if !(1..=12).contains(&month) {
            return Err(Error::parse_owned(
                "date",
                bytes,
                at(1),
                format!(
                    "month {} does not exist (expected 01 to 12)",
                    text(at(1), at(3))
                ),
            ));
        }
        // The Gregorian calendar repeats every 400 years: whether the day
        // exists does not depend on the year being in chrono's range.
        let in_cycle = 2000i32.wrapping_add(year.rem_euclid(400));
        if NaiveDate::from_ymd_opt(in_cycle, month, day).is_none() {
            return Err(Error::parse_owned(
                "date",
                bytes,
                at(4),
                format!(
                    "day {} does not exist in {}",
                    text(at(4), at(6)),
                    text(0, at(3))
                ),
            ));
        }
        let Some(date) = NaiveDate::from_ymd_opt(year, month, day) else {
            return Err(Error::message(
                ErrorKind::OutOfRange,
                format!(
                    "invalid date \"{}\": year {} is outside the range chrono can represent ({} to +{}) (at byte 0)",
                    quote(bytes),
                    text(0, base),
                    NaiveDate::MIN.year(),
                    NaiveDate::MAX.year()
                ),
            ));
        };
        if bytes.len() != at(6) {
            return Err(fail(at(6), "expected the end of the input"));
        }
        Ok(date)
    }
}

// ---------------------------------------------------------------------------
// LocalDay: {"date": "2026-11-30", "zone": "America/New_York"}

#[derive(::serde::Serialize, ::serde::Deserialize)]
struct LocalDayRepr {
    #[serde(with = "date")]
    date: NaiveDate,
    zone: Zone,
}

/// `{"date": "2026-11-30", "zone": "America/New_York"}`.
impl Serialize for LocalDay {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        LocalDayRepr {
            date: self.date(),
            zone: self.zone(),
        }
        .serialize(serializer)
    }
}

impl<'de> Deserialize<'de> for LocalDay {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let repr = LocalDayRepr::deserialize(deserializer)?;
        Ok(LocalDay::new(repr.date, repr.zone))
    }
}

// ---------------------------------------------------------------------------
// DiscountWindow

#[derive(::serde::Serialize)]
struct WindowOut {
    #[serde(with = "crate::serde::aware_only")]
    starts_at: DateTime<Utc>,
    #[serde(with = "crate::serde::aware_only::option")]
    ends_at: Option<DateTime<Utc>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    starts_on: Option<LocalDay>,
    #[serde(skip_serializing_if = "Option::is_none")]
    through: Option<LocalDay>,
}

#[derive(::serde::Deserialize)]
struct WindowIn {
    #[serde(default, with = "crate::serde::aware_only::option")]
    starts_at: Option<DateTime<Utc>>,
    /// `None`: the field is missing; `Some(None)`: it is `null`.
    #[serde(default, deserialize_with = "present_instant")]
    ends_at: Option<Option<DateTime<Utc>>>,
    #[serde(default)]
    starts_on: Option<LocalDay>,
    #[serde(default)]
    through: Option<LocalDay>,
}

fn present_instant<'de, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<Option<DateTime<Utc>>>, D::Error> {
    crate::serde::aware_only::option::deserialize(deserializer).map(Some)
}

/// `{"starts_at": "...Z", "ends_at": "...Z" or null, "starts_on": {local day},
/// "through": {local day}}`; `starts_on` and `through` are written only for
/// bounds given as local days.
///
/// Reading: a bound given as a local day is recomputed from it with the tz
/// rules of the running program, and the instant written beside it (which may
/// then be omitted) is not used. Otherwise `starts_at` is required, and
/// `ends_at` must be present: `null` for an open-ended window, so that a
/// forgotten end never makes a discount valid forever. A window whose end is
/// not after its start is an error.
impl Serialize for DiscountWindow {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        WindowOut {
            starts_at: self.starts_at(),
            ends_at: self.ends_at(),
            starts_on: match self.start() {
                WindowStart::On(day) => Some(day),
                WindowStart::At(_) => None,
            },
            through: match self.end() {
                WindowEnd::Through(day) => Some(day),
                WindowEnd::At(_) | WindowEnd::Open => None,
            },
        }
        .serialize(serializer)
    }
}

impl<'de> Deserialize<'de> for DiscountWindow {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let raw = WindowIn::deserialize(deserializer)?;
        let start = match (raw.starts_on, raw.starts_at) {
            (Some(day), _) => WindowStart::On(day),
            (None, Some(at)) => WindowStart::At(at),
            (None, None) => return Err(de::Error::missing_field("starts_at")),
        };
        let end = match (raw.through, raw.ends_at) {
            (Some(day), _) => WindowEnd::Through(day),
            (None, Some(Some(at))) => WindowEnd::At(at),
            (None, Some(None)) => WindowEnd::Open,
            (None, None) => return Err(de::Error::missing_field("ends_at")),
        };
        DiscountWindow::from_bounds(start, end).map_err(de::Error::custom)
    }
}

// ---------------------------------------------------------------------------
// Currency, BasisPoints, DiscountValue

/// A string: `"EUR"`.
impl Serialize for Currency {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

/// A string read with [`Currency::new`].
impl<'de> Deserialize<'de> for Currency {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct CurrencyVisitor;

        impl Visitor<'_> for CurrencyVisitor {
            type Value = Currency;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an ISO 4217 currency code string like \"EUR\"")
            }

            fn visit_str<E: de::Error>(self, input: &str) -> Result<Currency, E> {
                Currency::new(input).map_err(E::custom)
            }
        }

        deserializer.deserialize_str(CurrencyVisitor)
    }
}

/// A number of basis points: `1500`.
impl Serialize for BasisPoints {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_u16(self.get())
    }
}

/// A number read with [`BasisPoints::new`].
impl<'de> Deserialize<'de> for BasisPoints {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        BasisPoints::new(u16::deserialize(deserializer)?).map_err(de::Error::custom)
    }
}

#[derive(::serde::Serialize, ::serde::Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
enum ValueRepr {
    Percentage {
        basis_points: BasisPoints,
    },
    Amount {
        minor_units: u64,
        currency: Currency,
    },
}

/// `{"type": "percentage", "basis_points": 1500}` or
/// `{"type": "amount", "minor_units": 500, "currency": "EUR"}`.
impl Serialize for DiscountValue {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match *self {
            DiscountValue::Percentage(basis_points) => ValueRepr::Percentage { basis_points },
            DiscountValue::Amount {
                minor_units,
                currency,
            } => ValueRepr::Amount {
                minor_units: minor_units.get(),
                currency,
            },
        }
        .serialize(serializer)
    }
}

impl<'de> Deserialize<'de> for DiscountValue {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        match ValueRepr::deserialize(deserializer)? {
            ValueRepr::Percentage { basis_points } => Ok(DiscountValue::Percentage(basis_points)),
            ValueRepr::Amount {
                minor_units,
                currency,
            } => DiscountValue::amount_of(minor_units, currency).map_err(de::Error::custom),
        }
    }
}

// ---------------------------------------------------------------------------
// Discount

#[derive(::serde::Serialize)]
struct DiscountOut<'a> {
    code: &'a str,
    value: DiscountValue,
    window: &'a DiscountWindow,
    max_redemptions: Option<u32>,
    redemptions: u32,
    revoked: bool,
}

#[derive(::serde::Deserialize)]
struct DiscountIn {
    code: String,
    value: DiscountValue,
    window: DiscountWindow,
    /// Required, `null` for no limit: a forgotten limit is not "unlimited".
    #[serde(deserialize_with = "required_option")]
    max_redemptions: Option<u32>,
    redemptions: u32,
    revoked: bool,
}

fn required_option<'de, D: Deserializer<'de>, T: Deserialize<'de>>(
    deserializer: D,
) -> Result<Option<T>, D::Error> {
    Option::<T>::deserialize(deserializer)
}

/// `{"code": "BF-2026", "value": {...}, "window": {...}, "max_redemptions":
/// 100 or null, "redemptions": 3, "revoked": false}`; every field is required,
/// so that a missing count or flag is never read as 0 or `false`. Reading
/// checks the code, and that the count does not exceed the limit.
impl Serialize for Discount {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        DiscountOut {
            code: self.code(),
            value: self.value(),
            window: self.window(),
            max_redemptions: self.max_redemptions(),
            redemptions: self.redemptions(),
            revoked: self.is_revoked(),
        }
        .serialize(serializer)
    }
}

impl<'de> Deserialize<'de> for Discount {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let raw = DiscountIn::deserialize(deserializer)?;
        let build = || -> Result<Discount, Error> {
            let mut discount = Discount::new(raw.code, raw.value, raw.window)?;
            if let Some(max) = raw.max_redemptions {
                discount = discount.with_max_redemptions(max)?;
            }
            discount = discount.with_redemptions(raw.redemptions)?;
            if raw.revoked {
                discount.revoke();
            }
            Ok(discount)
        };
        build().map_err(de::Error::custom)
    }
}

// ---------------------------------------------------------------------------
// DiscountOffer

#[derive(::serde::Serialize, ::serde::Deserialize)]
struct ResolutionRepr {
    state: Outcome,
    #[serde(with = "crate::serde::aware_only")]
    at: DateTime<Utc>,
}

#[derive(::serde::Serialize)]
struct OfferOut<'a> {
    room: &'a RoomId,
    seller: &'a UserId,
    buyer: &'a UserId,
    discount: &'a Discount,
    #[serde(with = "crate::serde::aware_only")]
    created_at: DateTime<Utc>,
    #[serde(with = "crate::serde::aware_only")]
    expires_at: DateTime<Utc>,
    resolution: Option<ResolutionRepr>,
}

#[derive(::serde::Deserialize)]
struct OfferIn {
    room: RoomId,
    seller: UserId,
    buyer: UserId,
    discount: Discount,
    #[serde(with = "crate::serde::aware_only")]
    created_at: DateTime<Utc>,
    #[serde(with = "crate::serde::aware_only")]
    expires_at: DateTime<Utc>,
    /// Required, `null` while unresolved.
    #[serde(deserialize_with = "required_option")]
    resolution: Option<ResolutionRepr>,
}

/// `{"room": ..., "seller": ..., "buyer": ..., "discount": {...},
/// "created_at": "...Z", "expires_at": "...Z", "resolution": null or
/// {"state": "accepted" | "declined" | "withdrawn", "at": "...Z"}}`.
///
/// The state is not written: `scheduled`, `pending` and `expired` depend on
/// the time of reading. Reading checks the ids, that the offer expires after
/// it was made, and that a resolution happened neither before the offer was
/// made nor from its expiry on.
impl Serialize for DiscountOffer {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        OfferOut {
            room: self.room(),
            seller: self.seller(),
            buyer: self.buyer(),
            discount: self.discount(),
            created_at: self.created_at(),
            expires_at: self.expires_at(),
            resolution: self
                .outcome()
                .map(|(state, at)| ResolutionRepr { state, at }),
        }
        .serialize(serializer)
    }
}

impl<'de> Deserialize<'de> for DiscountOffer {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let raw = OfferIn::deserialize(deserializer)?;
        DiscountOffer::from_parts(
            raw.room,
            raw.seller,
            raw.buyer,
            raw.discount,
            raw.created_at,
            raw.expires_at,
            raw.resolution.map(|r| (r.state, r.at)),
        )
        .map_err(de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::date::parse_date;
    use crate::ErrorKind;
    use chrono::NaiveDate;

    #[test]
    fn dates() {
        let ymd = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap_or(NaiveDate::MIN);
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
            assert_eq!(parse_date(text).ok(), Some(date), "{text}");
            // What the models write reads back.
            let written = super::super::Date(date).to_string();
            assert_eq!(parse_date(&written).ok(), Some(date), "{written}");
        }
        // Regression test for: review finding — the messages differed from
        // `tzsafe::parse`'s, unsigned 5-digit years were read, and a year
        // outside chrono's range was a parse error.
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
            ("+12345-01-02", ErrorKind::Parse, "invalid date \"+12345-01-02\": expected 6 digits after the sign of an expanded year (like +275760) (at byte 6)", Some(6)),
            ("-0044-03-15", ErrorKind::Parse, "invalid date \"-0044-03-15\": expected 6 digits after the sign of an expanded year (like +275760) (at byte 5)", Some(5)),
            ("+", ErrorKind::Parse, "invalid date \"+\": expected 6 digits after the sign of an expanded year (like +275760) (at byte 1)", Some(1)),
            ("-000000-01-01", ErrorKind::Parse, "invalid date \"-000000-01-01\": year -000000 is not valid (write 0000 or +000000) (at byte 0)", Some(0)),
            ("+1234567-01-01", ErrorKind::Parse, "invalid date \"+1234567-01-01\": expected '-' after the year; a year beyond 9999 is written with a sign and 6 digits, like +012345 (at byte 7)", Some(7)),
            ("2026-11-30\u{e9}", ErrorKind::Parse, "invalid date \"2026-11-30\u{e9}\": expected the end of the input (at byte 10)", Some(10)),
            ("+999999-01-01", ErrorKind::OutOfRange, "invalid date \"+999999-01-01\": year +999999 is outside the range chrono can represent (-262143 to +262142) (at byte 0)", None),
            ("-262144-12-31", ErrorKind::OutOfRange, "invalid date \"-262144-12-31\": year -262144 is outside the range chrono can represent (-262143 to +262142) (at byte 0)", None),
        ] {
            let err = parse_date(bad).err();
            assert_eq!(err.as_ref().map(|e| e.to_string()).as_deref(), Some(message), "{bad}");
            assert_eq!(err.as_ref().map(|e| e.kind()), Some(kind), "{bad}");
            assert_eq!(err.as_ref().and_then(|e| e.position()), position, "{bad}");
        }
    }
}
