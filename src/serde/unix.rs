//! What [`unix_seconds`](super::unix_seconds) and
//! [`unix_millis`](super::unix_millis) share: a visitor that reads an integer
//! as a Unix timestamp in a unit, and the writer of an integer in that unit.

use core::fmt;
use core::marker::PhantomData;

use chrono::{DateTime, Utc};
use serde::de::{self, Deserializer, Visitor};
use serde::ser::Serializer;

use super::InstantField;
use crate::error::{Error, ErrorKind};

/// The unit of a Unix timestamp module.
pub(super) trait UnixUnit {
    /// The unit's name in messages ("seconds").
    const NAME: &'static str;
    /// What the visitor expects, for serde's "invalid type" messages.
    const EXPECTING: &'static str;
    fn to_unix(value: &DateTime<Utc>) -> i64;
    fn from_unix(value: i64) -> Option<DateTime<Utc>>;
}

pub(super) enum Seconds {}

impl UnixUnit for Seconds {
    const NAME: &'static str = "seconds";
    const EXPECTING: &'static str = "a Unix timestamp in whole seconds (an integer)";
    #[inline]
    fn to_unix(value: &DateTime<Utc>) -> i64 {
        value.timestamp()
    }
    #[inline]
    fn from_unix(value: i64) -> Option<DateTime<Utc>> {
        DateTime::from_timestamp(value, 0)
    }
}

pub(super) enum Millis {}

impl UnixUnit for Millis {
    const NAME: &'static str = "milliseconds";
    const EXPECTING: &'static str = "a Unix timestamp in whole milliseconds (an integer)";
    #[inline]
    fn to_unix(value: &DateTime<Utc>) -> i64 {
        value.timestamp_millis()
    }
    #[inline]
    fn from_unix(value: i64) -> Option<DateTime<Utc>> {
        DateTime::from_timestamp_millis(value)
    }
}

/// The out-of-range error for the Unix timestamp `value` (any integer type)
/// read into a field of type `T`: the range is `T`'s.
#[cold]
fn unix_out_of_range<U: UnixUnit, T: InstantField>(value: &dyn fmt::Display) -> Error {
    let (min, max) = T::range();
    Error::message(
        ErrorKind::OutOfRange,
        format!(
            "unix timestamp {value} {unit} is out of range: expected {min} to {max} {unit}",
            unit = U::NAME,
            // Both types' earliest instants are whole seconds, and flooring
            // the latest keeps it in range.
            min = U::to_unix(&min),
            max = U::to_unix(&max),
        ),
    )
}

/// Visits an integer as a Unix timestamp in `U`, for a field of type `T`.
/// Floats and strings are refused by serde's default methods with an
/// "invalid type" error that quotes them.
struct UnixVisitor<U, T>(PhantomData<(U, T)>);

impl<U: UnixUnit, T: InstantField> UnixVisitor<U, T> {
    #[inline]
    fn read<E: de::Error, I: fmt::Display + Copy>(value: I) -> Result<T, E>
    where
        i64: TryFrom<I>,
    {
        i64::try_from(value)
            .ok()
            .and_then(U::from_unix)
            .and_then(|utc| T::from_utc(utc).ok())
            .ok_or_else(|| E::custom(unix_out_of_range::<U, T>(&value)))
    }
}

impl<'de, U: UnixUnit, T: InstantField> Visitor<'de> for UnixVisitor<U, T> {
    type Value = T;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(U::EXPECTING)
    }

    // Smaller integer types forward to these two.
    #[inline]
    fn visit_i64<E: de::Error>(self, value: i64) -> Result<T, E> {
        Self::read(value)
    }

    #[inline]
    fn visit_u64<E: de::Error>(self, value: u64) -> Result<T, E> {
        Self::read(value)
    }

    fn visit_i128<E: de::Error>(self, value: i128) -> Result<T, E> {
        Self::read(value)
    }

    fn visit_u128<E: de::Error>(self, value: u128) -> Result<T, E> {
        Self::read(value)
    }
}

/// Visits `null` or an integer as a Unix timestamp in `U`.
struct OptionUnixVisitor<U, T>(PhantomData<(U, T)>);

impl<'de, U: UnixUnit, T: InstantField> Visitor<'de> for OptionUnixVisitor<U, T> {
    type Value = Option<T>;

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
            .deserialize_i64(UnixVisitor::<U, T>(PhantomData))
            .map(Some)
    }
}

#[inline]
pub(super) fn serialize_unix<U: UnixUnit, T: InstantField, S: Serializer>(
    value: &T,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    serializer.serialize_i64(U::to_unix(&value.to_utc()))
}

#[inline]
pub(super) fn serialize_option_unix<U: UnixUnit, T: InstantField, S: Serializer>(
    value: &Option<T>,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    match value {
        Some(value) => serializer.serialize_some(&U::to_unix(&value.to_utc())),
        None => serializer.serialize_none(),
    }
}

#[inline]
pub(super) fn deserialize_unix<'de, U: UnixUnit, T: InstantField, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<T, D::Error> {
    deserializer.deserialize_i64(UnixVisitor::<U, T>(PhantomData))
}

#[inline]
pub(super) fn deserialize_option_unix<'de, U: UnixUnit, T: InstantField, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<T>, D::Error> {
    deserializer.deserialize_option(OptionUnixVisitor::<U, T>(PhantomData))
}
