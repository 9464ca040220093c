//! Serde for the discount models (feature `serde`).
//!
//! Instants are RFC 3339 strings with `Z`, read with
//! [`aware_only`](crate::serde::aware_only) (a naive string is an error),
//! except the bounds of a window given as local days, written at the
//! zone's offset so that a change of the zone's rules is noticed on reading;
//! deserialization builds every value through the same checks as the
//! constructors, so JSON cannot make a window that ends before it starts, a
//! percentage over 100 % or an offer that is both accepted and expired.

use core::fmt;

use ::serde::de::{self, Deserialize, Deserializer, Visitor};
use ::serde::ser::{Serialize, Serializer};
use chrono::{DateTime, FixedOffset, NaiveDate, Utc};

use super::code::Discount;
use super::offer::{DiscountOffer, Outcome};
use super::value::{BasisPoints, Currency, DiscountValue};
use super::window::{DiscountWindow, LocalDay, WindowEnd, WindowStart};
use crate::models::{RoomId, UserId};
use crate::{Disambiguation, Error, ErrorKind, MaybeAware, OffsetConflict, TimezoneAware, Zone};

// ---------------------------------------------------------------------------
// Calendar dates: `YYYY-MM-DD` strings.

mod date {
    use super::{de, fmt, Deserializer, NaiveDate, Serializer, Visitor};

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

        /// Read with [`parse_date`](crate::parse_date): the date grammar and
        /// messages of every tzsafe timestamp.
        fn visit_str<E: de::Error>(self, input: &str) -> Result<NaiveDate, E> {
            crate::parse_date(input).map_err(E::custom)
        }
    }
}

// ---------------------------------------------------------------------------
// LocalDay: {"date": "2026-11-30", "zone": "America/New_York"}

#[derive(::serde::Serialize, ::serde::Deserialize)]
#[serde(expecting = "a local day object {\"date\": \"YYYY-MM-DD\", \"zone\": ...}")]
struct LocalDayRepr {
    #[serde(with = "date")]
    date: NaiveDate,
    zone: Zone,
}

/// The form written on [`LocalDay`'s page](crate::models::discount::LocalDay#json).
impl Serialize for LocalDay {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        LocalDayRepr {
            date: self.date(),
            zone: self.zone(),
        }
        .serialize(serializer)
    }
}

/// The form [`Serialize`] writes, checked as [`LocalDay`'s page](crate::models::discount::LocalDay#json) says.
impl<'de> Deserialize<'de> for LocalDay {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let repr = LocalDayRepr::deserialize(deserializer)?;
        Ok(LocalDay::new(repr.date, repr.zone))
    }
}

// ---------------------------------------------------------------------------
// DiscountWindow

/// An instant with the offset it is written at: RFC 3339, read with
/// [`parse_aware`](crate::parse_aware) (a naive string is an error).
mod aware {
    use super::{de, fmt, DateTime, Deserializer, FixedOffset, Visitor};

    pub(super) fn deserialize<'de, D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<Option<DateTime<FixedOffset>>, D::Error> {
        deserializer.deserialize_option(OptionVisitor)
    }

    struct OptionVisitor;

    impl<'de> Visitor<'de> for OptionVisitor {
        type Value = Option<DateTime<FixedOffset>>;

        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("a timestamp string with a UTC offset, or null")
        }

        fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
            Ok(None)
        }

        fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
            d.deserialize_str(self)
        }

        fn visit_str<E: de::Error>(self, input: &str) -> Result<Self::Value, E> {
            crate::parse_aware(input).map(Some).map_err(E::custom)
        }
    }
}

#[derive(::serde::Serialize)]
struct WindowOut {
    starts_at: MaybeAware,
    ends_at: Option<MaybeAware>,
    #[serde(skip_serializing_if = "Option::is_none")]
    starts_on: Option<LocalDay>,
    #[serde(skip_serializing_if = "Option::is_none")]
    through: Option<LocalDay>,
}

#[derive(::serde::Deserialize)]
#[serde(expecting = "a discount window object")]
struct WindowIn {
    #[serde(default, deserialize_with = "aware::deserialize")]
    starts_at: Option<DateTime<FixedOffset>>,
    /// `None`: the field is missing; `Some(None)`: it is `null`.
    #[serde(default, deserialize_with = "present_instant")]
    ends_at: Option<Option<DateTime<FixedOffset>>>,
    #[serde(default)]
    starts_on: Option<LocalDay>,
    #[serde(default)]
    through: Option<LocalDay>,
}

fn present_instant<'de, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<Option<DateTime<FixedOffset>>>, D::Error> {
    aware::deserialize(deserializer).map(Some)
}

/// `at` as written for a bound: at the offset of `day`'s zone there if the
/// bound is a local day, so that the instant and the wall time are both
/// recorded (as RFC 9557 does); else with `Z`.
fn written(at: DateTime<Utc>, day: Option<LocalDay>) -> MaybeAware {
    match day {
        Some(day) => MaybeAware::from(at.with_timezone(&day.zone()).fixed_offset()),
        None => MaybeAware::from(at),
    }
}

/// The form written on [`DiscountWindow`'s page](crate::models::discount::DiscountWindow#json).
impl Serialize for DiscountWindow {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let starts_on = match self.start() {
            WindowStart::On(day) => Some(day),
            WindowStart::At(_) => None,
        };
        let through = match self.end() {
            WindowEnd::Through(day) => Some(day),
            WindowEnd::At(_) | WindowEnd::Open => None,
        };
        WindowOut {
            starts_at: written(self.starts_at(), starts_on),
            ends_at: self.ends_at().map(|at| written(at, through)),
            starts_on,
            through,
        }
        .serialize(serializer)
    }
}

/// Why a stored discount window was refused: a bound given as a local day
/// was recorded at an instant that the zone's rules no longer give that day
/// (see [`DiscountWindow`'s JSON](crate::models::discount::DiscountWindow#json)). Its message is the
/// deserialization error's.
#[derive(Clone, Copy, Debug)]
struct RulesChanged {
    day: LocalDay,
    end: bool,
    recorded: DateTime<FixedOffset>,
    current: DateTime<Utc>,
}

impl RulesChanged {
    /// The bound `day` (its start, or its end if `end`), written as
    /// `recorded` and now at `current`.
    fn new(
        day: LocalDay,
        end: bool,
        recorded: DateTime<FixedOffset>,
        current: DateTime<Utc>,
    ) -> RulesChanged {
        RulesChanged {
            day,
            end,
            recorded,
            current,
        }
    }
}

impl fmt::Display for RulesChanged {
    /// `the start of 2026-12-08 in America/Vancouver was recorded as ..., but
    /// the zone's rules (tz 2026f) put it at ...: ...`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let zone = self.day.zone();
        let current = self.current.with_timezone(&zone).fixed_offset();
        let release = zone
            .release()
            .map_or_else(String::new, |release| format!(" (tz {release})"));
        write!(
            f,
            "the {} of {} was recorded as {}, but the zone's rules{release} put it at {}: they \
             changed since the window was written; read it under a context whose \
             offset_conflict policy keeps the local day (ignore) or the recorded instant (use)",
            if self.end { "end" } else { "start" },
            self.day,
            MaybeAware::from(self.recorded),
            MaybeAware::from(current),
        )
    }
}

impl std::error::Error for RulesChanged {}

/// What a local-day bound read back is: the day, with today's rules, or the
/// instant it was recorded at.
enum Bound {
    Day,
    Instant(DateTime<Utc>),
}

/// The bound `day` (its end if `end`) read back beside the instant it was
/// written with, if any (see [`RulesChanged`]).
///
/// tzsafe writes that instant as the bound's wall time at the zone's offset
/// then. The same wall time at another offset now means the zone's rules
/// changed, and `policy` decides, as it does for an RFC 9557 value. An
/// instant at another wall time is another producer's convention (an
/// inclusive end at 23:59:59, a UTC text), and the local day counts, as it
/// always did.
fn reconcile(
    day: LocalDay,
    end: bool,
    recorded: Option<DateTime<FixedOffset>>,
    policy: OffsetConflict,
) -> Result<Bound, Error> {
    let Some(recorded) = recorded else {
        return Ok(Bound::Day);
    };
    let current = if end { day.end()? } else { day.start()? };
    let zone = day.zone();
    let wall = recorded.naive_local();
    if recorded.to_utc() == current || wall != current.with_timezone(&zone).naive_local() {
        return Ok(Bound::Day);
    }
    match policy.resolve(wall, *recorded.offset(), zone, Disambiguation::Compatible) {
        Ok(at) if at.to_utc() == current => Ok(Bound::Day),
        Ok(at) => Ok(Bound::Instant(at.to_utc())),
        Err(err) if err.kind() == ErrorKind::OffsetMismatch => Err(Error::new(
            ErrorKind::OffsetMismatch,
            RulesChanged::new(day, end, recorded, current),
        )),
        Err(err) => Err(err),
    }
}

/// The form [`Serialize`] writes, checked as [`DiscountWindow`'s page](crate::models::discount::DiscountWindow#json) says.
impl<'de> Deserialize<'de> for DiscountWindow {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let raw = WindowIn::deserialize(deserializer)?;
        let policy = || TimezoneAware::current().get_offset_conflict();
        let start = match (raw.starts_on, raw.starts_at) {
            (Some(day), recorded) => match reconcile(day, false, recorded, policy()) {
                Ok(Bound::Day) => WindowStart::On(day),
                Ok(Bound::Instant(at)) => WindowStart::At(at),
                Err(err) => return Err(de::Error::custom(err)),
            },
            (None, Some(at)) => WindowStart::At(at.to_utc()),
            (None, None) => return Err(de::Error::missing_field("starts_at")),
        };
        let end = match (raw.through, raw.ends_at) {
            (Some(day), recorded) => match reconcile(day, true, recorded.flatten(), policy()) {
                Ok(Bound::Day) => WindowEnd::Through(day),
                Ok(Bound::Instant(at)) => WindowEnd::At(at),
                Err(err) => return Err(de::Error::custom(err)),
            },
            (None, Some(Some(at))) => WindowEnd::At(at.to_utc()),
            (None, Some(None)) => WindowEnd::Open,
            (None, None) => return Err(de::Error::missing_field("ends_at")),
        };
        DiscountWindow::from_bounds(start, end).map_err(de::Error::custom)
    }
}

// ---------------------------------------------------------------------------
// Currency, BasisPoints, DiscountValue

/// The form written on [`Currency`'s page](crate::models::discount::Currency#json).
impl Serialize for Currency {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

/// The form [`Serialize`] writes, checked as [`Currency`'s page](crate::models::discount::Currency#json) says.
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

/// The form written on [`BasisPoints`'s page](crate::models::discount::BasisPoints#json).
impl Serialize for BasisPoints {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_u16(self.get())
    }
}

/// The form [`Serialize`] writes, checked as [`BasisPoints`'s page](crate::models::discount::BasisPoints#json) says.
impl<'de> Deserialize<'de> for BasisPoints {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        BasisPoints::new(u16::deserialize(deserializer)?).map_err(de::Error::custom)
    }
}

#[derive(::serde::Serialize, ::serde::Deserialize)]
#[serde(
    tag = "type",
    rename_all = "snake_case",
    expecting = "a discount value object with \"type\": \"percentage\" or \"amount\""
)]
enum ValueRepr {
    Percentage {
        basis_points: BasisPoints,
    },
    Amount {
        minor_units: u64,
        currency: Currency,
    },
}

/// The form written on [`DiscountValue`'s page](crate::models::discount::DiscountValue#json).
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

/// The form [`Serialize`] writes, checked as [`DiscountValue`'s page](crate::models::discount::DiscountValue#json) says.
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
#[serde(expecting = "a discount object")]
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

/// The form written on [`Discount`'s page](crate::models::discount::Discount#json).
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

/// The form [`Serialize`] writes, checked as [`Discount`'s page](crate::models::discount::Discount#json) says.
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
#[serde(expecting = "an offer resolution object {\"state\": ..., \"at\": ...}")]
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
#[serde(expecting = "a discount offer object")]
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

/// The form written on [`DiscountOffer`'s page](crate::models::discount::DiscountOffer#json).
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

/// The form [`Serialize`] writes, checked as [`DiscountOffer`'s page](crate::models::discount::DiscountOffer#json) says.
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
    use chrono::NaiveDate;

    #[test]
    fn dates_the_models_write_read_back() {
        let ymd = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap_or(NaiveDate::MIN);
        for (text, date) in [
            ("2026-11-30", ymd(2026, 11, 30)),
            ("0000-01-01", ymd(0, 1, 1)),
            ("+012345-01-02", ymd(12345, 1, 2)),
            ("-000044-03-15", ymd(-44, 3, 15)),
            ("-262143-01-01", NaiveDate::MIN),
            ("+262142-12-31", NaiveDate::MAX),
            ("2024-02-29", ymd(2024, 2, 29)),
        ] {
            let written = super::super::Date(date).to_string();
            assert_eq!(written, text);
            assert_eq!(crate::parse_date(&written).ok(), Some(date), "{written}");
        }
    }
}
