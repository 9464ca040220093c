//! `#[serde(with = "tzsafe::serde::zoned")]` for `DateTime<Zone>` fields that
//! must keep their time zone, not only their instant: written as RFC 9557
//! (`"2026-12-07T10:00:00-07:00[America/Vancouver]"`, by
//! [`format_rfc9557`](crate::format_rfc9557())) and read back with
//! [`parse_rfc9557`] under the ambient context's
//! [`OffsetConflict`](crate::OffsetConflict) policy, by default [`OffsetConflict::Reject`](crate::OffsetConflict::Reject).
//!
//! So a stored value whose zone's rules changed since it was written (the
//! recorded offset is no longer the zone's at that wall time) is refused
//! with an [`ErrorKind::OffsetMismatch`](crate::ErrorKind::OffsetMismatch)
//! message, rather than silently moved in time or on the clock. To decide
//! otherwise, read it under a context with another policy
//! ([`TimezoneAware::offset_conflict`](crate::TimezoneAware::offset_conflict)),
//! or read the string yourself with `parse_rfc9557`.
//!
//! Unlike the other modules, which keep only the instant (`DateTime<Utc>`),
//! this one keeps the zone: the value comes back with the same zone, instant
//! and wall time. Values with a zone read by name, UTC or a fixed offset
//! round-trip; the string holds the zone's name, so a zone read from TZif
//! bytes under a name the bundled database does not know
//! ([`Zone::from_tzif`](crate::Zone::from_tzif)) is written but not read
//! back.
//!
//! Writing does not allocate for zone names up to 88 bytes (the tz
//! database's are at most 32), whatever the serializer.
//!
//! # Example
//!
//! ```
//! use chrono::{DateTime, TimeZone};
//! use serde::{Deserialize, Serialize};
//! use tzsafe::Zone;
//!
//! #[derive(Debug, PartialEq, Serialize, Deserialize)]
//! struct Meeting {
//!     #[serde(with = "tzsafe::serde::zoned")]
//!     starts_at: DateTime<Zone>,
//!     #[serde(default, with = "tzsafe::serde::zoned::option")]
//!     ends_at: Option<DateTime<Zone>>,
//! }
//!
//! let paris: Zone = "Europe/Paris".parse()?;
//! let meeting = Meeting { starts_at: paris.with_ymd_and_hms(2026, 7, 14, 10, 0, 0).unwrap(), ends_at: None };
//! let json = serde_json::to_string(&meeting)?;
//! assert_eq!(json, r#"{"starts_at":"2026-07-14T10:00:00+02:00[Europe/Paris]","ends_at":null}"#);
//! assert_eq!(serde_json::from_str::<Meeting>(&json)?, meeting);
//!
//! // Recorded at +01:00, which Paris does not have in July: refused.
//! let err = serde_json::from_str::<Meeting>(r#"{"starts_at":"2026-07-14T10:00:00+01:00[Europe/Paris]"}"#)
//!     .unwrap_err();
//! assert!(err.to_string().starts_with(
//!     "2026-07-14T10:00:00+01:00 does not match Europe/Paris: its offset at that wall time is +02:00"
//! ));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use chrono::DateTime;
use serde::{Deserializer, Serializer};

use super::read::ReadStr;
use crate::ambient::ambient_settings;
use crate::error::Error;
use crate::zone::Zone;
use crate::zoned::{format_rfc9557, parse_rfc9557};

/// [`parse_rfc9557`] under the ambient [`OffsetConflict`](crate::OffsetConflict) policy.
enum Zoned {}

impl ReadStr for Zoned {
    type Value = DateTime<Zone>;
    const EXPECTING: &'static str =
        "an RFC 9557 timestamp string with a time zone, like \"2026-12-07T10:00:00-07:00[America/Vancouver]\"";
    #[inline]
    fn read(input: &str) -> Result<DateTime<Zone>, Error> {
        parse_rfc9557(input, ambient_settings().offset_conflict)
    }
}

/// Serializes a `DateTime<Zone>` as RFC 9557 text.
struct Rfc9557<'a>(&'a DateTime<Zone>);

impl serde::Serialize for Rfc9557<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let text = format_rfc9557(self.0);
        // The longest timestamp (38 bytes), the brackets and a zone name of
        // up to 88 bytes.
        let mut buffer = [0u8; 128];
        match super::read::stack_text(&mut buffer, &text) {
            Some(written) => serializer.serialize_str(written),
            // A zone name longer than the buffer (only loaded zones have one).
            None => serializer.collect_str(&text),
        }
    }
}

/// Writes `value` as an RFC 9557 string, `"2026-12-07T10:00:00-07:00[America/Vancouver]"`
/// (see [`format_rfc9557`]).
///
/// # Errors
///
/// Only the serializer's own errors.
///
/// # Example
///
/// ```
/// use chrono::TimeZone;
/// use tzsafe::Zone;
///
/// let tokyo: Zone = "Asia/Tokyo".parse()?;
/// let at = tokyo.with_ymd_and_hms(2026, 12, 7, 9, 30, 0).unwrap();
/// let json = tzsafe::serde::zoned::serialize(&at, serde_json::value::Serializer)?;
/// assert_eq!(json, "2026-12-07T09:30:00+09:00[Asia/Tokyo]");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn serialize<S: Serializer>(value: &DateTime<Zone>, serializer: S) -> Result<S::Ok, S::Error> {
    serde::Serialize::serialize(&Rfc9557(value), serializer)
}

/// Reads an RFC 9557 string with [`parse_rfc9557`] under the ambient
/// context's [`OffsetConflict`](crate::OffsetConflict) policy ([`OffsetConflict::Reject`](crate::OffsetConflict::Reject) unless
/// set).
///
/// # Errors
///
/// What [`parse_rfc9557`] refuses (a string without a time zone, an unknown
/// zone, an offset the zone does not have at that wall time), or a value
/// that is not a string.
///
/// # Example
///
/// ```
/// let at = tzsafe::serde::zoned::deserialize(serde_json::json!("2026-12-07T09:30:00+09:00[Asia/Tokyo]"))?;
/// assert_eq!(at.timezone().to_string(), "Asia/Tokyo");
/// assert_eq!(at.to_rfc3339(), "2026-12-07T09:30:00+09:00");
/// # Ok::<(), serde_json::Error>(())
/// ```
pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<DateTime<Zone>, D::Error> {
    super::read::deserialize_str_with::<Zoned, D>(deserializer)
}

pub mod option {
    //! [`zoned`](super) for `Option<DateTime<Zone>>`: `null` is `None`.
    //! Add `#[serde(default)]` to accept a missing field too.
    //!
    //! # Example
    //!
    //! ```
    //! use chrono::DateTime;
    //! use serde::Deserialize;
    //! use tzsafe::Zone;
    //!
    //! #[derive(Debug, Deserialize)]
    //! struct Row {
    //!     #[serde(default, with = "tzsafe::serde::zoned::option")]
    //!     at: Option<DateTime<Zone>>,
    //! }
    //!
    //! assert_eq!(serde_json::from_str::<Row>("{}")?.at, None);
    //! assert_eq!(serde_json::from_str::<Row>(r#"{"at":null}"#)?.at, None);
    //! let row: Row = serde_json::from_str(r#"{"at":"2026-12-07T09:30:00+09:00[Asia/Tokyo]"}"#)?;
    //! assert_eq!(row.at.unwrap().to_rfc3339(), "2026-12-07T09:30:00+09:00");
    //! # Ok::<(), serde_json::Error>(())
    //! ```

    use chrono::DateTime;
    use serde::{Deserializer, Serializer};

    use super::{Rfc9557, Zoned};
    use crate::zone::Zone;

    /// Writes `None` as null, `Some` as [`zoned::serialize`](super::serialize) does.
    ///
    /// # Errors
    ///
    /// Only the serializer's own errors.
    ///
    /// # Example
    ///
    /// ```
    /// let json = tzsafe::serde::zoned::option::serialize(&None, serde_json::value::Serializer)?;
    /// assert!(json.is_null());
    /// # Ok::<(), serde_json::Error>(())
    /// ```
    pub fn serialize<S: Serializer>(
        value: &Option<DateTime<Zone>>,
        serializer: S,
    ) -> Result<S::Ok, S::Error> {
        match value {
            Some(value) => serializer.serialize_some(&Rfc9557(value)),
            None => serializer.serialize_none(),
        }
    }

    /// Reads null as `None`, a string as [`zoned::deserialize`](super::deserialize) does.
    ///
    /// # Errors
    ///
    /// As [`zoned::deserialize`](super::deserialize).
    ///
    /// # Example
    ///
    /// ```
    /// let at = tzsafe::serde::zoned::option::deserialize(serde_json::json!(null))?;
    /// assert_eq!(at, None);
    /// # Ok::<(), serde_json::Error>(())
    /// ```
    pub fn deserialize<'de, D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<Option<DateTime<Zone>>, D::Error> {
        super::super::read::deserialize_option_str_with::<Zoned, D>(deserializer)
    }
}
