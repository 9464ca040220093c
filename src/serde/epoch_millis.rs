//! `#[serde(with = "tzsafe::serde::epoch_millis")]` for `DateTime<Utc>` fields
//! (and the other [`InstantField`] types): a Unix
//! epoch number in milliseconds (JavaScript's `Date.now()` and `getTime()`, Java's `currentTimeMillis()`), as a JSON integer, a JSON
//! float or a numeric string, read by [`from_epoch`](crate::from_epoch) with
//! [`EpochUnit::Millis`](crate::EpochUnit::Millis); written as a JSON integer of
//! whole milliseconds (the floor).
//!
//! [`unix_seconds`](super::unix_seconds) and [`unix_millis`](super::unix_millis)
//! read integers only; this module reads what JavaScript and Python services
//! write: a float is read as the shortest decimal numeral that gives it back
//! (what Python's `repr` and JavaScript's `String(x)` write, so the digits of
//! the JSON text, not the binary float's long expansion), and a string as
//! `from_epoch` reads it (for numbers JSON integers cannot carry exactly
//! to JavaScript). The format must be self-describing (JSON, YAML, ...): the
//! value is read with `deserialize_any`.
//!
//! # Example
//!
//! ```
//! use chrono::{DateTime, Utc};
//! use serde::{Deserialize, Serialize};
//!
//! #[derive(Debug, Serialize, Deserialize)]
//! struct Event {
//!     #[serde(with = "tzsafe::serde::epoch_millis")]
//!     at: DateTime<Utc>,
//!     #[serde(default, with = "tzsafe::serde::epoch_millis::option")]
//!     seen: Option<DateTime<Utc>>,
//! }
//!
//! let event: Event = serde_json::from_str(r#"{"at": 1765130400123, "seen": "1765130400123"}"#)?;
//! assert_eq!(event.at.to_rfc3339(), "2025-12-07T18:00:00.123+00:00");
//! assert_eq!(event.seen.unwrap().to_rfc3339(), "2025-12-07T18:00:00.123+00:00");
//! assert_eq!(serde_json::to_string(&event)?, r#"{"at":1765130400123,"seen":1765130400123}"#);
//! # Ok::<(), serde_json::Error>(())
//! ```

use serde::{Deserializer, Serializer};

use super::epoch::{self, Millis};
use super::InstantField;

/// Writes `value` as a JSON integer of whole milliseconds (the floor).
///
/// # Errors
///
/// Only the serializer's own errors.
///
/// # Example
///
/// ```
/// use chrono::DateTime;
///
/// let at = DateTime::from_timestamp(1_765_130_400, 123_456_789).unwrap();
/// let json = tzsafe::serde::epoch_millis::serialize(&at, serde_json::value::Serializer)?;
/// assert_eq!(json, serde_json::json!(1765130400123_i64));
/// # Ok::<(), serde_json::Error>(())
/// ```
pub fn serialize<T: InstantField, S: Serializer>(
    value: &T,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    epoch::serialize::<Millis, T, S>(value, serializer)
}

/// Reads a JSON integer, float or numeric string as a Unix epoch number in
/// milliseconds.
///
/// # Errors
///
/// What [`from_epoch`](crate::from_epoch) refuses, an instant outside
/// chrono's range, or a value that is neither a number nor a string.
///
/// # Example
///
/// ```
/// let at: chrono::DateTime<chrono::Utc> = tzsafe::serde::epoch_millis::deserialize(serde_json::json!(1765130400123_i64))?;
/// assert_eq!(at.to_rfc3339(), "2025-12-07T18:00:00.123+00:00");
/// let err = tzsafe::serde::epoch_millis::deserialize::<chrono::DateTime<chrono::Utc>, _>(serde_json::json!("soon")).unwrap_err();
/// assert!(err.to_string().starts_with("invalid Unix timestamp \"soon\""));
/// # Ok::<(), serde_json::Error>(())
/// ```
pub fn deserialize<'de, T: InstantField, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<T, D::Error> {
    epoch::deserialize::<Millis, T, D>(deserializer)
}

pub mod option {
    //! [`epoch_millis`](super) for `Option<DateTime<Utc>>`: `null` is `None`.
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
    //!     #[serde(default, with = "tzsafe::serde::epoch_millis::option")]
    //!     at: Option<DateTime<Utc>>,
    //! }
    //!
    //! assert_eq!(serde_json::from_str::<Row>("{}")?.at, None);
    //! assert_eq!(serde_json::from_str::<Row>(r#"{"at":null}"#)?.at, None);
    //! let row: Row = serde_json::from_str(r#"{"at":1765130400123}"#)?;
    //! assert_eq!(row.at.unwrap().to_rfc3339(), "2025-12-07T18:00:00.123+00:00");
    //! # Ok::<(), serde_json::Error>(())
    //! ```

    use serde::{Deserializer, Serializer};

    use super::super::epoch::{self, Millis};
    use super::super::InstantField;

    /// Writes `None` as null, `Some` as [`epoch_millis::serialize`](super::serialize) does.
    ///
    /// # Errors
    ///
    /// Only the serializer's own errors.
    ///
    /// # Example
    ///
    /// ```
    /// let json = tzsafe::serde::epoch_millis::option::serialize(&None::<chrono::DateTime<chrono::Utc>>, serde_json::value::Serializer)?;
    /// assert!(json.is_null());
    /// # Ok::<(), serde_json::Error>(())
    /// ```
    pub fn serialize<T: InstantField, S: Serializer>(
        value: &Option<T>,
        serializer: S,
    ) -> Result<S::Ok, S::Error> {
        epoch::serialize_option::<Millis, T, S>(value, serializer)
    }

    /// Reads null as `None`, a number or string as
    /// [`epoch_millis::deserialize`](super::deserialize) does.
    ///
    /// # Errors
    ///
    /// As [`epoch_millis::deserialize`](super::deserialize).
    ///
    /// # Example
    ///
    /// ```
    /// let at: Option<chrono::DateTime<chrono::Utc>> = tzsafe::serde::epoch_millis::option::deserialize(serde_json::json!(null))?;
    /// assert_eq!(at, None);
    /// # Ok::<(), serde_json::Error>(())
    /// ```
    pub fn deserialize<'de, T: InstantField, D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<Option<T>, D::Error> {
        epoch::deserialize_option::<Millis, T, D>(deserializer)
    }
}
