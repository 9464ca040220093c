//! How the string modules write: RFC 3339, built in a stack buffer and
//! handed to the serializer as a `str`.

use chrono::{DateTime, Utc};
use serde::ser::{Serialize, Serializer};

use super::InstantField;
use crate::display::{utc_text, utc_text_numeric};

/// Serializes an instant as RFC 3339 with `Z`, written into a stack buffer
/// (no allocation) and handed to the serializer as a `str`.
struct Rfc3339(DateTime<Utc>);

impl Serialize for Rfc3339 {
    #[inline]
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(utc_text(&self.0).as_str())
    }
}

/// Like [`Rfc3339`], with `+00:00` for `Z`.
struct Rfc3339Numeric(DateTime<Utc>);

impl Serialize for Rfc3339Numeric {
    #[inline]
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(utc_text_numeric(&self.0).as_str())
    }
}

#[inline]
pub(super) fn serialize_rfc3339<T: InstantField, S: Serializer>(
    value: &T,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    Rfc3339(value.to_utc()).serialize(serializer)
}

#[inline]
pub(super) fn serialize_option_rfc3339<T: InstantField, S: Serializer>(
    value: &Option<T>,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    match value {
        Some(value) => serializer.serialize_some(&Rfc3339(value.to_utc())),
        None => serializer.serialize_none(),
    }
}

#[inline]
pub(super) fn serialize_rfc3339_numeric<T: InstantField, S: Serializer>(
    value: &T,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    Rfc3339Numeric(value.to_utc()).serialize(serializer)
}

#[inline]
pub(super) fn serialize_option_rfc3339_numeric<T: InstantField, S: Serializer>(
    value: &Option<T>,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    match value {
        Some(value) => serializer.serialize_some(&Rfc3339Numeric(value.to_utc())),
        None => serializer.serialize_none(),
    }
}
