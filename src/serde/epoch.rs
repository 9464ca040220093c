//! What the `epoch_*` modules share: a visitor that reads a Unix epoch
//! number in a unit from a JSON integer, a JSON float or a numeric string,
//! and the writer of an integer in that unit.

use core::fmt;
use core::marker::PhantomData;

use chrono::{DateTime, Utc};
use serde::de::{self, Deserializer, Visitor};
use serde::ser::Serializer;

use super::InstantField;

use crate::parse::{epoch_out_of_range, from_epoch, EpochUnit};

/// The unit of an `epoch_*` module.
pub(super) trait Unit {
    const UNIT: EpochUnit;
    /// What the visitor expects, for serde's "invalid type" messages.
    const EXPECTING: &'static str;
}

macro_rules! unit {
    ($name:ident, $unit:ident, $words:literal) => {
        pub(super) enum $name {}
        impl Unit for $name {
            const UNIT: EpochUnit = EpochUnit::$unit;
            const EXPECTING: &'static str = concat!(
                "a Unix timestamp in ",
                $words,
                ": a number or a numeric string"
            );
        }
    };
}

unit!(Seconds, Seconds, "seconds");
unit!(Millis, Millis, "milliseconds");
unit!(Micros, Micros, "microseconds");
unit!(Nanos, Nanos, "nanoseconds");

/// Reads a float as the decimal numeral it was written as: Rust writes the
/// shortest digits that read back to the same float, as Python and
/// JavaScript do when they write it, so `1765130400.123456` in the JSON is
/// read as exactly that, not as the binary float's 1765130400.1234560013.
fn read_float(value: f64, unit: EpochUnit) -> Result<DateTime<Utc>, crate::error::Error> {
    if !value.is_finite() {
        return from_epoch(&value.to_string(), unit);
    }
    // Below a billionth of a unit the value is 0 after truncation, and its
    // decimal form would be hundreds of digits long; beyond 1e22 units no
    // unit is in chrono's range.
    let value = if value.abs() < 1e-9 { 0.0 } else { value };
    if value.abs() >= 1e22 {
        return Err(epoch_out_of_range(&format!("{value:e}"), unit));
    }
    // Its shortest decimal form (what Python's `repr` and JavaScript's
    // `String(x)` write, so the digits the JSON text held), on the stack.
    let mut buffer = [0u8; 64];
    match super::read::stack_text(&mut buffer, value) {
        Some(text) => from_epoch(text, unit),
        None => from_epoch(&value.to_string(), unit),
    }
}

/// Visits a number or a string as a Unix epoch number in `U`.
pub(super) struct EpochVisitor<U>(PhantomData<U>);

impl<U> EpochVisitor<U> {
    pub(super) const fn new() -> Self {
        EpochVisitor(PhantomData)
    }
}

impl<'de, U: Unit> Visitor<'de> for EpochVisitor<U> {
    type Value = DateTime<Utc>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(U::EXPECTING)
    }

    // Smaller integer types forward to these.
    #[inline]
    fn visit_i64<E: de::Error>(self, value: i64) -> Result<DateTime<Utc>, E> {
        U::UNIT.instant(value).map_err(E::custom)
    }

    #[inline]
    fn visit_u64<E: de::Error>(self, value: u64) -> Result<DateTime<Utc>, E> {
        match i64::try_from(value) {
            Ok(value) => self.visit_i64(value),
            Err(_) => from_epoch(&value.to_string(), U::UNIT).map_err(E::custom),
        }
    }

    fn visit_i128<E: de::Error>(self, value: i128) -> Result<DateTime<Utc>, E> {
        from_epoch(&value.to_string(), U::UNIT).map_err(E::custom)
    }

    fn visit_u128<E: de::Error>(self, value: u128) -> Result<DateTime<Utc>, E> {
        from_epoch(&value.to_string(), U::UNIT).map_err(E::custom)
    }

    fn visit_f64<E: de::Error>(self, value: f64) -> Result<DateTime<Utc>, E> {
        read_float(value, U::UNIT).map_err(E::custom)
    }

    #[inline]
    fn visit_str<E: de::Error>(self, value: &str) -> Result<DateTime<Utc>, E> {
        from_epoch(value, U::UNIT).map_err(E::custom)
    }
}

/// Visits `null`, a number or a string with [`EpochVisitor`].
struct OptionEpochVisitor<U>(PhantomData<U>);

impl<'de, U: Unit> Visitor<'de> for OptionEpochVisitor<U> {
    type Value = Option<DateTime<Utc>>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "null or {}", U::EXPECTING)
    }

    fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer
            .deserialize_any(EpochVisitor::<U>::new())
            .map(Some)
    }
}

/// Reads an epoch number of `U` into a field of type `T` (an instant
/// outside `T`'s range is an error naming it).
#[inline]
pub(super) fn deserialize<'de, U: Unit, T: InstantField, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<T, D::Error> {
    let utc = deserializer.deserialize_any(EpochVisitor::<U>::new())?;
    T::from_utc(utc).map_err(de::Error::custom)
}

#[inline]
pub(super) fn deserialize_option<'de, U: Unit, T: InstantField, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<T>, D::Error> {
    match deserializer.deserialize_option(OptionEpochVisitor::<U>(PhantomData))? {
        Some(utc) => T::from_utc(utc).map(Some).map_err(de::Error::custom),
        None => Ok(None),
    }
}

/// `value` as a whole number of `U` (the floor: 1969-12-31T23:59:59.5Z is
/// second -1).
#[inline]
fn whole<U: Unit>(value: &DateTime<Utc>) -> i128 {
    let nanos =
        i128::from(value.timestamp()) * 1_000_000_000 + i128::from(value.timestamp_subsec_nanos());
    let per_unit: i128 = match U::UNIT {
        EpochUnit::Seconds => 1_000_000_000,
        EpochUnit::Millis => 1_000_000,
        EpochUnit::Micros => 1_000,
        EpochUnit::Nanos => 1,
    };
    nanos.div_euclid(per_unit)
}

/// Writes `value` as an integer of `U`: an `i64`, or for nanoseconds beyond
/// the years 1677-2262 an `i128`.
#[inline]
pub(super) fn serialize<U: Unit, T: InstantField, S: Serializer>(
    value: &T,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    let units = whole::<U>(&value.to_utc());
    match i64::try_from(units) {
        Ok(units) => serializer.serialize_i64(units),
        Err(_) => serializer.serialize_i128(units),
    }
}

/// [`serialize`] for an `Option`.
pub(super) struct Whole<'a, U, T>(pub(super) &'a T, pub(super) PhantomData<U>);

impl<U: Unit, T: InstantField> serde::Serialize for Whole<'_, U, T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serialize::<U, T, S>(self.0, serializer)
    }
}

#[inline]
pub(super) fn serialize_option<U: Unit, T: InstantField, S: Serializer>(
    value: &Option<T>,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    match value {
        Some(value) => serializer.serialize_some(&Whole::<U, T>(value, PhantomData)),
        None => serializer.serialize_none(),
    }
}
