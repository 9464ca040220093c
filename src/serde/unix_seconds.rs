//! `#[serde(with = "tzsafe::serde::unix_seconds")]` for `DateTime<Utc>`
//! (or [`jiff::Timestamp`](super::InstantField)):
//! a Unix timestamp in whole seconds, as an integer.
//!
//! * Reading accepts integers only. The unit is never guessed from the
//!   magnitude (a value in milliseconds is read as seconds, or is out of
//!   range). Floats are refused, `1700000000.0` included: a binary float
//!   cannot hold most decimal fractions of a second exactly, and a reader
//!   would have to pick a rounding; send RFC 3339 strings (or milliseconds
//!   with [`unix_millis`](super::unix_millis)) for sub-second values.
//! * A timestamp outside chrono's range (about ±262,000 years) is an error
//!   that names the value.
//! * Writing floors to the second (toward the past, like chrono's
//!   `timestamp()`): the fraction of a second is dropped.
//!
//! # Example
//!
//! ```
//! use chrono::{DateTime, TimeZone, Utc};
//! use serde::{Deserialize, Serialize};
//!
//! #[derive(Debug, Serialize, Deserialize)]
//! struct Token {
//!     #[serde(with = "tzsafe::serde::unix_seconds")]
//!     exp: DateTime<Utc>,
//! }
//!
//! let token: Token = serde_json::from_str(r#"{"exp": 1795685400}"#)?;
//! assert_eq!(token.exp, Utc.with_ymd_and_hms(2026, 11, 26, 9, 30, 0).unwrap());
//! assert_eq!(serde_json::to_string(&token)?, r#"{"exp":1795685400}"#);
//!
//! let err = serde_json::from_str::<Token>(r#"{"exp": 1795685400.5}"#).unwrap_err();
//! assert_eq!(
//!     err.to_string(),
//!     "invalid type: floating point `1795685400.5`, expected a Unix timestamp in whole seconds (an integer) at line 1 column 20",
//! );
//! # Ok::<(), serde_json::Error>(())
//! ```

use serde::{Deserializer, Serializer};

use super::unix::{self, Seconds};
use super::InstantField;

/// Writes `value` as whole seconds since the Unix epoch, floored.
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
/// let at = DateTime::<Utc>::from_timestamp(-1, 500_000_000).unwrap(); // 1969-12-31T23:59:59.5Z
/// let json = tzsafe::serde::unix_seconds::serialize(&at, serde_json::value::Serializer)?;
/// assert_eq!(json, -1);
/// # Ok::<(), serde_json::Error>(())
/// ```
pub fn serialize<T: InstantField, S: Serializer>(
    value: &T,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    unix::serialize_unix::<Seconds, T, S>(value, serializer)
}

/// Reads an integer number of seconds since the Unix epoch.
///
/// # Errors
///
/// A float, a string or any other non-integer; a value outside chrono's range.
///
/// # Example
///
/// ```
/// let at: chrono::DateTime<chrono::Utc> = tzsafe::serde::unix_seconds::deserialize(serde_json::json!(0))?;
/// assert_eq!(at.to_rfc3339(), "1970-01-01T00:00:00+00:00");
/// # Ok::<(), serde_json::Error>(())
/// ```
pub fn deserialize<'de, T: InstantField, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<T, D::Error> {
    unix::deserialize_unix::<Seconds, T, D>(deserializer)
}

pub mod option {
    //! [`unix_seconds`](super) for `Option<DateTime<Utc>>`: `null` is
    //! `None`. Add `#[serde(default)]` to accept a missing field too.
    //!
    //! # Example
    //!
    //! ```
    //! use chrono::{DateTime, Utc};
    //! use serde::Deserialize;
    //!
    //! #[derive(Debug, Deserialize)]
    //! struct Token {
    //!     #[serde(default, with = "tzsafe::serde::unix_seconds::option")]
    //!     nbf: Option<DateTime<Utc>>,
    //! }
    //!
    //! assert_eq!(serde_json::from_str::<Token>("{}")?.nbf, None);
    //! assert_eq!(serde_json::from_str::<Token>(r#"{"nbf":0}"#)?.nbf, Some(DateTime::UNIX_EPOCH));
    //! # Ok::<(), serde_json::Error>(())
    //! ```

    use serde::{Deserializer, Serializer};

    use super::super::unix::{self, Seconds};
    use super::super::InstantField;

    /// Writes `None` as null, `Some` as whole seconds since the Unix epoch.
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
    /// let json = tzsafe::serde::unix_seconds::option::serialize(&Some(DateTime::UNIX_EPOCH), serde_json::value::Serializer)?;
    /// assert_eq!(json, 0);
    /// # Ok::<(), serde_json::Error>(())
    /// ```
    pub fn serialize<T: InstantField, S: Serializer>(
        value: &Option<T>,
        serializer: S,
    ) -> Result<S::Ok, S::Error> {
        unix::serialize_option_unix::<Seconds, T, S>(value, serializer)
    }

    /// Reads null as `None`, an integer as [`unix_seconds::deserialize`](super::deserialize) does.
    ///
    /// # Errors
    ///
    /// As [`unix_seconds::deserialize`](super::deserialize).
    ///
    /// # Example
    ///
    /// ```
    /// let at: Option<chrono::DateTime<chrono::Utc>> = tzsafe::serde::unix_seconds::option::deserialize(serde_json::json!(null))?;
    /// assert_eq!(at, None);
    /// # Ok::<(), serde_json::Error>(())
    /// ```
    pub fn deserialize<'de, T: InstantField, D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<Option<T>, D::Error> {
        unix::deserialize_option_unix::<Seconds, T, D>(deserializer)
    }
}
