//! `#[serde(with = "tzsafe::serde::unix_millis")]` for `DateTime<Utc>`
//! (or [`jiff::Timestamp`](super::InstantField)): a
//! Unix timestamp in whole milliseconds, as an integer (JavaScript's
//! `Date.now()`, Java's `currentTimeMillis()`).
//!
//! Reading accepts integers only — floats are refused, and the unit is never
//! guessed from the magnitude; a value outside chrono's range is an error
//! that names it. Writing floors to the millisecond (toward the past, like
//! chrono's `timestamp_millis()`).
//!
//! # Example
//!
//! ```
//! use chrono::{DateTime, Utc};
//! use serde::{Deserialize, Serialize};
//!
//! #[derive(Debug, Serialize, Deserialize)]
//! struct Event {
//!     #[serde(with = "tzsafe::serde::unix_millis")]
//!     at: DateTime<Utc>,
//! }
//!
//! let event: Event = serde_json::from_str(r#"{"at": 1795685400123}"#)?;
//! assert_eq!(event.at.to_rfc3339(), "2026-11-26T09:30:00.123+00:00");
//! assert_eq!(serde_json::to_string(&event)?, r#"{"at":1795685400123}"#);
//! # Ok::<(), serde_json::Error>(())
//! ```

use serde::{Deserializer, Serializer};

use super::unix::{self, Millis};
use super::InstantField;

/// Writes `value` as whole milliseconds since the Unix epoch, floored.
///
/// # Errors
///
/// Only the serializer's own errors.
///
/// # Example
///
/// ```
/// use chrono::{DateTime, Utc};
///
/// let at = DateTime::<Utc>::from_timestamp(1, 999_999).unwrap();
/// let json = tzsafe::serde::unix_millis::serialize(&at, serde_json::value::Serializer)?;
/// assert_eq!(json, 1000);
/// # Ok::<(), serde_json::Error>(())
/// ```
pub fn serialize<T: InstantField, S: Serializer>(
    value: &T,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    unix::serialize_unix::<Millis, T, S>(value, serializer)
}

/// Reads an integer number of milliseconds since the Unix epoch.
///
/// # Errors
///
/// A float, a string or any other non-integer; a value outside chrono's range.
///
/// # Example
///
/// ```
/// let at: chrono::DateTime<chrono::Utc> = tzsafe::serde::unix_millis::deserialize(serde_json::json!(-1))?;
/// assert_eq!(at.to_rfc3339(), "1969-12-31T23:59:59.999+00:00");
/// # Ok::<(), serde_json::Error>(())
/// ```
pub fn deserialize<'de, T: InstantField, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<T, D::Error> {
    unix::deserialize_unix::<Millis, T, D>(deserializer)
}

pub mod option {
    //! [`unix_millis`](super) for `Option<DateTime<Utc>>`: `null` is
    //! `None`. Add `#[serde(default)]` to accept a missing field too.
    //!
    //! # Example
    //!
    //! ```
    //! use chrono::{DateTime, Utc};
    //! use serde::Deserialize;
    //!
    //! #[derive(Debug, Deserialize)]
    //! struct Event {
    //!     #[serde(default, with = "tzsafe::serde::unix_millis::option")]
    //!     at: Option<DateTime<Utc>>,
    //! }
    //!
    //! assert_eq!(serde_json::from_str::<Event>(r#"{"at":null}"#)?.at, None);
    //! assert_eq!(serde_json::from_str::<Event>(r#"{"at":1}"#)?.at.unwrap().to_rfc3339(), "1970-01-01T00:00:00.001+00:00");
    //! # Ok::<(), serde_json::Error>(())
    //! ```

    use serde::{Deserializer, Serializer};

    use super::super::unix::{self, Millis};
    use super::super::InstantField;

    /// Writes `None` as null, `Some` as whole milliseconds since the Unix epoch.
    ///
    /// # Errors
    ///
    /// Only the serializer's own errors.
    ///
    /// # Example
    ///
    /// ```
    /// let json = tzsafe::serde::unix_millis::option::serialize(&None::<chrono::DateTime<chrono::Utc>>, serde_json::value::Serializer)?;
    /// assert!(json.is_null());
    /// # Ok::<(), serde_json::Error>(())
    /// ```
    pub fn serialize<T: InstantField, S: Serializer>(
        value: &Option<T>,
        serializer: S,
    ) -> Result<S::Ok, S::Error> {
        unix::serialize_option_unix::<Millis, T, S>(value, serializer)
    }

    /// Reads null as `None`, an integer as [`unix_millis::deserialize`](super::deserialize) does.
    ///
    /// # Errors
    ///
    /// As [`unix_millis::deserialize`](super::deserialize).
    ///
    /// # Example
    ///
    /// ```
    /// let at: Option<chrono::DateTime<chrono::Utc>> = tzsafe::serde::unix_millis::option::deserialize(serde_json::json!(1000))?;
    /// assert_eq!(at.unwrap().to_rfc3339(), "1970-01-01T00:00:01+00:00");
    /// # Ok::<(), serde_json::Error>(())
    /// ```
    pub fn deserialize<'de, T: InstantField, D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<Option<T>, D::Error> {
        unix::deserialize_option_unix::<Millis, T, D>(deserializer)
    }
}
