//! `#[serde(with = "tzsafe::serde::aware_only")]` for `DateTime<Utc>`
//! (or [`jiff::Timestamp`](super::InstantField)): the
//! string must carry a UTC offset (`Z` or `±HH:MM`); a naive string is an
//! error that quotes it. Reads with [`parse_aware`].
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
//!     #[serde(with = "tzsafe::serde::aware_only")]
//!     at: DateTime<Utc>,
//! }
//!
//! let row: Row = serde_json::from_str(r#"{"at": "2026-11-26T09:30:00+05:30"}"#)?;
//! assert_eq!(row.at, Utc.with_ymd_and_hms(2026, 11, 26, 4, 0, 0).unwrap());
//! assert_eq!(serde_json::to_string(&row)?, r#"{"at":"2026-11-26T04:00:00Z"}"#);
//!
//! let err = serde_json::from_str::<Row>(r#"{"at": "2026-11-26T09:30:00"}"#).unwrap_err();
//! assert!(err.to_string().starts_with(r#"invalid timestamp "2026-11-26T09:30:00": "#));
//! # Ok::<(), serde_json::Error>(())
//! ```

use chrono::{DateTime, Utc};
use serde::{Deserializer, Serializer};

use super::read::{self, ReadStr};
use super::{write, As, InstantField};
use crate::error::Error;
use crate::parse::parse_aware;

/// Naive values refused.
enum AwareOnly {}

impl ReadStr for AwareOnly {
    type Value = DateTime<Utc>;
    const EXPECTING: &'static str = "a timestamp string with a UTC offset";
    #[inline]
    fn read(input: &str) -> Result<DateTime<Utc>, Error> {
        parse_aware(input).map(|aware| aware.to_utc())
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
/// let at = Utc.with_ymd_and_hms(2026, 11, 26, 4, 0, 0).unwrap();
/// let json = tzsafe::serde::aware_only::serialize(&at, serde_json::value::Serializer)?;
/// assert_eq!(json, "2026-11-26T04:00:00Z");
/// # Ok::<(), serde_json::Error>(())
/// ```
pub fn serialize<T: InstantField, S: Serializer>(
    value: &T,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    write::serialize_rfc3339(value, serializer)
}

/// Reads a timestamp string that carries a UTC offset.
///
/// # Errors
///
/// A naive string, a string [`parse`](crate::parse) refuses, or a value
/// that is not a string.
///
/// # Example
///
/// ```
/// use chrono::{DateTime, Utc};
/// use tzsafe::serde::aware_only;
///
/// let at: DateTime<Utc> = aware_only::deserialize(serde_json::json!("2026-11-26T09:30:00Z"))?;
/// assert_eq!(at.to_rfc3339(), "2026-11-26T09:30:00+00:00");
/// assert!(aware_only::deserialize::<DateTime<Utc>, _>(serde_json::json!("2026-11-26T09:30:00")).is_err());
/// # Ok::<(), serde_json::Error>(())
/// ```
pub fn deserialize<'de, T: InstantField, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<T, D::Error> {
    read::deserialize_str_with::<As<AwareOnly, T>, D>(deserializer)
}

pub mod option {
    //! [`aware_only`](super) for `Option<DateTime<Utc>>`: `null` is `None`.
    //! Add `#[serde(default)]` to accept a missing field too.
    //!
    //! # Example
    //!
    //! ```
    //! use chrono::{DateTime, Utc};
    //! use serde::{Deserialize, Serialize};
    //!
    //! #[derive(Debug, Serialize, Deserialize)]
    //! struct Window {
    //!     #[serde(default, with = "tzsafe::serde::aware_only::option")]
    //!     ends_at: Option<DateTime<Utc>>,
    //! }
    //!
    //! assert_eq!(serde_json::from_str::<Window>("{}")?.ends_at, None);
    //! assert_eq!(serde_json::from_str::<Window>(r#"{"ends_at":null}"#)?.ends_at, None);
    //! let w: Window = serde_json::from_str(r#"{"ends_at":"2026-12-01T05:00:00Z"}"#)?;
    //! assert_eq!(serde_json::to_string(&w)?, r#"{"ends_at":"2026-12-01T05:00:00Z"}"#);
    //! assert!(serde_json::from_str::<Window>(r#"{"ends_at":"2026-12-01T05:00:00"}"#).is_err());
    //! # Ok::<(), serde_json::Error>(())
    //! ```

    use serde::{Deserializer, Serializer};

    use super::super::{read, write, As, InstantField};
    use super::AwareOnly;

    /// Writes `None` as null, `Some` as an RFC 3339 string with `Z`.
    ///
    /// # Errors
    ///
    /// Only the serializer's own errors.
    ///
    /// # Example
    ///
    /// ```
    /// let json = tzsafe::serde::aware_only::option::serialize(&None::<chrono::DateTime<chrono::Utc>>, serde_json::value::Serializer)?;
    /// assert!(json.is_null());
    /// # Ok::<(), serde_json::Error>(())
    /// ```
    pub fn serialize<T: InstantField, S: Serializer>(
        value: &Option<T>,
        serializer: S,
    ) -> Result<S::Ok, S::Error> {
        write::serialize_option_rfc3339(value, serializer)
    }

    /// Reads null as `None`, a string as [`aware_only::deserialize`](super::deserialize) does.
    ///
    /// # Errors
    ///
    /// As [`aware_only::deserialize`](super::deserialize).
    ///
    /// # Example
    ///
    /// ```
    /// let at: Option<chrono::DateTime<chrono::Utc>> =
    ///     tzsafe::serde::aware_only::option::deserialize(serde_json::json!("2026-11-26T09:30:00-05:00"))?;
    /// assert_eq!(at.unwrap().to_rfc3339(), "2026-11-26T14:30:00+00:00");
    /// # Ok::<(), serde_json::Error>(())
    /// ```
    pub fn deserialize<'de, T: InstantField, D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<Option<T>, D::Error> {
        read::deserialize_option_str_with::<As<AwareOnly, T>, D>(deserializer)
    }
}
