//! `#[serde(serialize_with = "tzsafe::serde::numeric_offset::serialize")]`
//! for `DateTime<Utc>` (or [`jiff::Timestamp`](super::InstantField)): RFC 3339 with the numeric offset `+00:00` where the
//! other string modules write `Z`, as Python's `isoformat()` writes a UTC
//! datetime. For consumers on Python 3.7 to 3.10, whose
//! `datetime.fromisoformat` refuses `Z` (3.11 and later read both).
//!
//! The text is otherwise the one the other modules write: a fraction of a
//! second with 3, 6 or 9 digits, left out when zero. Python 3.10 reads 3 or
//! 6 digits and years 1 to 9999 only, so it reads every instant with
//! microsecond precision in that range (which is every value that came from
//! Python); a value with nanoseconds is written with 9 digits, which only
//! 3.11 and later read (truncated to the microsecond).
//!
//! This module only writes: reading is a separate decision (what a naive
//! string means), so pair it with the `deserialize` of
//! [`aware_only`](super::aware_only), [`assume_utc`](super::assume_utc),
//! [`ambient`](super::ambient) or a zone-fixed module
//! ([`in_zone`](mod@super::in_zone)), all of which read `+00:00` and `Z`
//! alike. The default of every other module stays `Z`.
//!
//! # Example
//!
//! ```
//! use chrono::{DateTime, Utc};
//! use serde::{Deserialize, Serialize};
//!
//! tzsafe::serde::in_zone!(mod merchant_time = "America/New_York");
//!
//! #[derive(Debug, Serialize, Deserialize)]
//! struct Row {
//!     #[serde(
//!         serialize_with = "tzsafe::serde::numeric_offset::serialize",
//!         deserialize_with = "tzsafe::serde::aware_only::deserialize"
//!     )]
//!     sent_at: DateTime<Utc>,
//!     #[serde(
//!         default,
//!         serialize_with = "tzsafe::serde::numeric_offset::option::serialize",
//!         deserialize_with = "merchant_time::option::deserialize"
//!     )]
//!     created_at: Option<DateTime<Utc>>,
//! }
//!
//! let row: Row = serde_json::from_str(r#"{"sent_at": "2026-11-26T09:30:00.250Z", "created_at": "2026-11-26T09:30:00"}"#)?;
//! assert_eq!(
//!     serde_json::to_string(&row)?,
//!     r#"{"sent_at":"2026-11-26T09:30:00.250+00:00","created_at":"2026-11-26T14:30:00+00:00"}"#,
//! );
//! # Ok::<(), serde_json::Error>(())
//! ```

use serde::Serializer;

use super::{write, InstantField};

/// Writes `value` as an RFC 3339 string with `+00:00`.
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
/// let json = tzsafe::serde::numeric_offset::serialize(&at, serde_json::value::Serializer)?;
/// assert_eq!(json, "2026-11-26T14:30:00+00:00");
/// # Ok::<(), serde_json::Error>(())
/// ```
pub fn serialize<T: InstantField, S: Serializer>(
    value: &T,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    write::serialize_rfc3339_numeric(value, serializer)
}

pub mod option {
    //! [`numeric_offset`](super) for `Option<DateTime<Utc>>`: `None` is
    //! written as `null`. Pair it with the `option::deserialize` of a
    //! reading module, and `#[serde(default)]` to accept a missing field.
    //!
    //! # Example
    //!
    //! ```
    //! use chrono::{DateTime, TimeZone, Utc};
    //! use serde::Serialize;
    //!
    //! #[derive(Serialize)]
    //! struct Row {
    //!     #[serde(serialize_with = "tzsafe::serde::numeric_offset::option::serialize")]
    //!     at: Option<DateTime<Utc>>,
    //! }
    //!
    //! assert_eq!(serde_json::to_string(&Row { at: None })?, r#"{"at":null}"#);
    //! let at = Some(Utc.with_ymd_and_hms(2026, 11, 26, 9, 30, 0).unwrap());
    //! assert_eq!(serde_json::to_string(&Row { at })?, r#"{"at":"2026-11-26T09:30:00+00:00"}"#);
    //! # Ok::<(), serde_json::Error>(())
    //! ```

    use serde::Serializer;

    use super::super::{write, InstantField};

    /// Writes `None` as null, `Some` as an RFC 3339 string with `+00:00`.
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
    /// let json = tzsafe::serde::numeric_offset::option::serialize(&Some(DateTime::UNIX_EPOCH), serde_json::value::Serializer)?;
    /// assert_eq!(json, "1970-01-01T00:00:00+00:00");
    /// # Ok::<(), serde_json::Error>(())
    /// ```
    pub fn serialize<T: InstantField, S: Serializer>(
        value: &Option<T>,
        serializer: S,
    ) -> Result<S::Ok, S::Error> {
        write::serialize_option_rfc3339_numeric(value, serializer)
    }
}
