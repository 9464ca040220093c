//! `#[serde(with = "tzsafe::serde::ambient")]` for `DateTime<Utc>`
//! (or [`jiff::Timestamp`](super::InstantField)): a
//! naive string is wall time in this thread's ambient
//! [`TimezoneAware`](crate::TimezoneAware) context — its default zone,
//! [`Disambiguation`](crate::Disambiguation) policy and
//! [`NaivePolicy`](crate::NaivePolicy), exactly
//! `TimezoneAware::current().ensure_timezone_aware(value)` — and an aware
//! string keeps its instant. With no guard active that is the global
//! default ([`set_global_default`](crate::set_global_default)) if one is
//! set, else UTC.
//!
//! The context is read when the value is deserialized: set a global
//! default at start-up, or enter the guard on the thread that deserializes
//! (see [Which context is ambient](crate#which-context-is-ambient)). Where no code of yours runs
//! before deserializing (a web framework's `Json<T>` extractor) and the
//! zone is a property of the data rather than of the request, use a
//! zone-fixed module instead ([`in_zone!`](macro@super::in_zone)): see
//! [`ambient` or `in_zone`](super#ambient-or-in_zone-who-decides-the-zone).
//!
//! Writes RFC 3339 with `Z`.
//!
//! # Example
//!
//! ```
//! use chrono::{DateTime, Utc};
//! use serde::Deserialize;
//! use tzsafe::TimezoneAware;
//! use tzsafe::Zone;
//!
//! #[derive(Debug, Deserialize)]
//! struct Row {
//!     #[serde(with = "tzsafe::serde::ambient")]
//!     at: DateTime<Utc>,
//! }
//!
//! let json = r#"{"at": "2026-11-26 09:30:00"}"#;
//! let row: Row = serde_json::from_str(json)?;
//! assert_eq!(row.at.to_rfc3339(), "2026-11-26T09:30:00+00:00"); // no guard, no global default: UTC
//!
//! let ny = TimezoneAware::new().default_tz("America/New_York".parse::<Zone>()?);
//! let row: Row = ny.scope(|| serde_json::from_str(json))?;
//! assert_eq!(row.at.to_rfc3339(), "2026-11-26T14:30:00+00:00");
//!
//! let err = ny.reject_naive().scope(|| serde_json::from_str::<Row>(json)).unwrap_err();
//! assert!(err.to_string().starts_with("naive datetime 2026-11-26T09:30:00 has no UTC offset"));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use chrono::{DateTime, Utc};
use serde::{Deserializer, Serializer};

use super::read::{self, ReadStr};
use super::{write, As, InstantField};
use crate::ambient::ambient_settings;
use crate::aware::MaybeAware;
use crate::error::Error;
use crate::parse::parse;

/// Naive values in the ambient context.
enum Ambient {}

impl ReadStr for Ambient {
    type Value = DateTime<Utc>;
    const EXPECTING: &'static str = "a timestamp string";
    #[inline]
    fn read(input: &str) -> Result<DateTime<Utc>, Error> {
        match parse(input)? {
            MaybeAware::Aware(aware) => Ok(aware.to_utc()),
            naive @ MaybeAware::Naive(_) => ambient_settings().ensure(naive),
        }
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
/// let at = Utc.with_ymd_and_hms(2026, 11, 26, 14, 30, 0).unwrap();
/// let json = tzsafe::serde::ambient::serialize(&at, serde_json::value::Serializer)?;
/// assert_eq!(json, "2026-11-26T14:30:00Z");
/// # Ok::<(), serde_json::Error>(())
/// ```
pub fn serialize<T: InstantField, S: Serializer>(
    value: &T,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    write::serialize_rfc3339(value, serializer)
}

/// Reads a timestamp string; a naive one in the ambient context.
///
/// # Errors
///
/// A string [`parse`](crate::parse) refuses; a naive value the ambient
/// context refuses or cannot resolve ([`NaivePolicy::Reject`](crate::NaivePolicy::Reject),
/// [`Disambiguation::Reject`](crate::Disambiguation::Reject) in a gap or
/// fold); a value that is not a string.
///
/// # Example
///
/// ```
/// use tzsafe::TimezoneAware;
/// use tzsafe::Zone;
///
/// let ctx = TimezoneAware::new().default_tz("Asia/Kolkata".parse::<Zone>()?);
/// let at: chrono::DateTime<chrono::Utc> =
///     ctx.scope(|| tzsafe::serde::ambient::deserialize(serde_json::json!("2026-11-26T09:30:00")))?;
/// assert_eq!(at.to_rfc3339(), "2026-11-26T04:00:00+00:00");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn deserialize<'de, T: InstantField, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<T, D::Error> {
    read::deserialize_str_with::<As<Ambient, T>, D>(deserializer)
}

pub mod option {
    //! [`ambient`](super) for `Option<DateTime<Utc>>`: `null` is `None`.
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
    //!     #[serde(default, with = "tzsafe::serde::ambient::option")]
    //!     at: Option<DateTime<Utc>>,
    //! }
    //!
    //! assert_eq!(serde_json::from_str::<Row>("{}")?.at, None);
    //! assert_eq!(serde_json::from_str::<Row>(r#"{"at":null}"#)?.at, None);
    //! let row: Row = serde_json::from_str(r#"{"at":"2026-11-26T09:30:00"}"#)?;
    //! assert_eq!(row.at.unwrap().to_rfc3339(), "2026-11-26T09:30:00+00:00");
    //! # Ok::<(), serde_json::Error>(())
    //! ```

    use serde::{Deserializer, Serializer};

    use super::super::{read, write, As, InstantField};
    use super::Ambient;

    /// Writes `None` as null, `Some` as an RFC 3339 string with `Z`.
    ///
    /// # Errors
    ///
    /// Only the serializer's own errors.
    ///
    /// # Example
    ///
    /// ```
    /// let none: Option<chrono::DateTime<chrono::Utc>> = None;
    /// let json = tzsafe::serde::ambient::option::serialize(&none, serde_json::value::Serializer)?;
    /// assert!(json.is_null());
    /// # Ok::<(), serde_json::Error>(())
    /// ```
    pub fn serialize<T: InstantField, S: Serializer>(
        value: &Option<T>,
        serializer: S,
    ) -> Result<S::Ok, S::Error> {
        write::serialize_option_rfc3339(value, serializer)
    }

    /// Reads null as `None`, a string as [`ambient::deserialize`](super::deserialize) does.
    ///
    /// # Errors
    ///
    /// As [`ambient::deserialize`](super::deserialize).
    ///
    /// # Example
    ///
    /// ```
    /// let at: Option<chrono::DateTime<chrono::Utc>> = tzsafe::serde::ambient::option::deserialize(serde_json::json!(null))?;
    /// assert_eq!(at, None);
    /// # Ok::<(), serde_json::Error>(())
    /// ```
    pub fn deserialize<'de, T: InstantField, D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<Option<T>, D::Error> {
        read::deserialize_option_str_with::<As<Ambient, T>, D>(deserializer)
    }
}
