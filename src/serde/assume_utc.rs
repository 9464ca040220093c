//! `#[serde(with = "tzsafe::serde::assume_utc")]` for `DateTime<Utc>`
//! (or [`jiff::Timestamp`](super::InstantField)): a
//! naive string is read as UTC wall time (what a service that stores
//! `datetime.utcnow()` means), an aware string keeps its instant. Unlike
//! [`ambient`](super::ambient), no context is consulted.
//!
//! Writes RFC 3339 with `Z`.
//!
//! # Example
//!
//! ```
//! use chrono::{DateTime, TimeZone, Utc};
//! use serde::{Deserialize, Serialize};
//!
//! #[derive(Debug, Serialize, Deserialize)]
//! struct Row {
//!     #[serde(with = "tzsafe::serde::assume_utc")]
//!     at: DateTime<Utc>,
//! }
//!
//! let row: Row = serde_json::from_str(r#"{"at": "2026-11-26T09:30:00.123456"}"#)?;
//! assert_eq!(row.at, Utc.with_ymd_and_hms(2026, 11, 26, 9, 30, 0).unwrap() + chrono::TimeDelta::microseconds(123_456));
//! assert_eq!(serde_json::to_string(&row)?, r#"{"at":"2026-11-26T09:30:00.123456Z"}"#);
//! # Ok::<(), serde_json::Error>(())
//! ```

use chrono::{DateTime, Utc};
use serde::{Deserializer, Serializer};

use super::read::{self, ReadStr};
use super::{write, As, InstantField};
use crate::aware::MaybeAware;
use crate::error::Error;
use crate::parse::parse;

/// Naive values as UTC.
enum AssumeUtc {}

impl ReadStr for AssumeUtc {
    type Value = DateTime<Utc>;
    const EXPECTING: &'static str = "a timestamp string";
    #[inline]
    fn read(input: &str) -> Result<DateTime<Utc>, Error> {
        Ok(match parse(input)? {
            MaybeAware::Aware(aware) => aware.to_utc(),
            MaybeAware::Naive(naive) => naive.and_utc(),
        })
    }
}

/// Writes `value` as an RFC 3339 string with `Z`.
///
/// # Errors
///
/// Only the serializer's own errors.
///
/// # Example
///
/// ```
/// use chrono::{TimeZone, Utc};
///
/// let at = Utc.with_ymd_and_hms(2026, 11, 26, 9, 30, 0).unwrap();
/// let json = tzsafe::serde::assume_utc::serialize(&at, serde_json::value::Serializer)?;
/// assert_eq!(json, "2026-11-26T09:30:00Z");
/// # Ok::<(), serde_json::Error>(())
/// ```
pub fn serialize<T: InstantField, S: Serializer>(
    value: &T,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    write::serialize_rfc3339(value, serializer)
}

/// Reads a timestamp string; a naive one as UTC.
///
/// # Errors
///
/// A string [`parse`](crate::parse) refuses, or a value that is not a string.
///
/// # Example
///
/// ```
/// let at: chrono::DateTime<chrono::Utc> = tzsafe::serde::assume_utc::deserialize(serde_json::json!("2026-11-26 09:30:00"))?;
/// assert_eq!(at.to_rfc3339(), "2026-11-26T09:30:00+00:00");
/// # Ok::<(), serde_json::Error>(())
/// ```
pub fn deserialize<'de, T: InstantField, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<T, D::Error> {
    read::deserialize_str_with::<As<AssumeUtc, T>, D>(deserializer)
}

pub mod option {
    //! [`assume_utc`](super) for `Option<DateTime<Utc>>`: `null` is `None`.
    //! Add `#[serde(default)]` to accept a missing field too.
    //!
    //! # Example
    //!
    //! ```
    //! use chrono::{DateTime, Utc};
    //! use serde::Deserialize;
    //!
    //! #[derive(Debug, Deserialize)]
    //! struct Row {
    //!     #[serde(default, with = "tzsafe::serde::assume_utc::option")]
    //!     at: Option<DateTime<Utc>>,
    //! }
    //!
    //! assert_eq!(serde_json::from_str::<Row>("{}")?.at, None);
    //! let row: Row = serde_json::from_str(r#"{"at":"2026-11-26T09:30:00"}"#)?;
    //! assert_eq!(row.at.unwrap().to_rfc3339(), "2026-11-26T09:30:00+00:00");
    //! # Ok::<(), serde_json::Error>(())
    //! ```

    use serde::{Deserializer, Serializer};

    use super::super::{read, write, As, InstantField};
    use super::AssumeUtc;

    /// Writes `None` as null, `Some` as an RFC 3339 string with `Z`.
    ///
    /// # Errors
    ///
    /// Only the serializer's own errors.
    ///
    /// # Example
    ///
    /// ```
    /// use chrono::{TimeZone, Utc};
    ///
    /// let at = Some(Utc.with_ymd_and_hms(2026, 11, 26, 9, 30, 0).unwrap());
    /// let json = tzsafe::serde::assume_utc::option::serialize(&at, serde_json::value::Serializer)?;
    /// assert_eq!(json, "2026-11-26T09:30:00Z");
    /// # Ok::<(), serde_json::Error>(())
    /// ```
    pub fn serialize<T: InstantField, S: Serializer>(
        value: &Option<T>,
        serializer: S,
    ) -> Result<S::Ok, S::Error> {
        write::serialize_option_rfc3339(value, serializer)
    }

    /// Reads null as `None`, a string as [`assume_utc::deserialize`](super::deserialize) does.
    ///
    /// # Errors
    ///
    /// As [`assume_utc::deserialize`](super::deserialize).
    ///
    /// # Example
    ///
    /// ```
    /// let at: Option<chrono::DateTime<chrono::Utc>> = tzsafe::serde::assume_utc::option::deserialize(serde_json::json!(null))?;
    /// assert_eq!(at, None);
    /// # Ok::<(), serde_json::Error>(())
    /// ```
    pub fn deserialize<'de, T: InstantField, D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<Option<T>, D::Error> {
        read::deserialize_option_str_with::<As<AssumeUtc, T>, D>(deserializer)
    }
}
