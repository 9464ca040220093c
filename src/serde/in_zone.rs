//! Instant fields (`DateTime<Utc>`, or with the feature `jiff`,
//! `jiff::Timestamp`) whose naive strings are wall time in a zone fixed at
//! compile time, named by a [`FixedZone`] type: for fields
//! where the zone is a property of the data source (a legacy column written in
//! the merchant's zone), read the same way on every thread and in every
//! framework extractor, with no guard to enter.
//!
//! A naive string is read exactly as [`ambient`](super::ambient) reads it under
//! a context whose default zone and policy are the type's
//! ([`FixedZone::ZONE`],
//! [`FixedZone::DISAMBIGUATION`], by default
//! [`Compatible`](crate::Disambiguation::Compatible)): the same parsing, the
//! same instants, the same error messages. An aware string keeps its instant,
//! whatever the zone. No context is consulted, so a guard's
//! [`NaivePolicy`](crate::NaivePolicy) does not apply either. The
//! trade-off against [`ambient`](super::ambient) is in the [module
//! docs](super#ambient-or-in_zone-who-decides-the-zone).
//!
//! Writes RFC 3339 with `Z`, like the other string modules (pair it with
//! [`numeric_offset`](super::numeric_offset) for `+00:00`).
//!
//! serde's `with` takes a module, so there are two ways to use it:
//!
//! * [`in_zone!`](macro@super::in_zone) declares a module for one zone, for
//!   `#[serde(with = "merchant_time")]` and
//!   `#[serde(default, with = "merchant_time::option")]`, on fields of
//!   every [`InstantField`] type;
//! * the generic functions here take the [`FixedZone`] type
//!   as their first type argument, for `deserialize_with` (the second, the
//!   deserializer, is left to inference: `_`); they read `DateTime<Utc>`
//!   fields (a `jiff::Timestamp` field takes a module of `in_zone!`).
//!
//! # Example
//!
//! ```
//! use chrono::{DateTime, Utc};
//! use serde::{Deserialize, Serialize};
//! use tzsafe::serde::{in_zone, FixedZone};
//!
//! enum NewYork {}
//!
//! impl FixedZone for NewYork {
//!     const ZONE: &'static str = "America/New_York";
//! }
//!
//! #[derive(Debug, Serialize, Deserialize)]
//! struct Row {
//!     #[serde(
//!         serialize_with = "in_zone::serialize",
//!         deserialize_with = "in_zone::deserialize::<NewYork, _>"
//!     )]
//!     created_at: DateTime<Utc>,
//!     #[serde(
//!         default,
//!         serialize_with = "in_zone::option::serialize",
//!         deserialize_with = "in_zone::option::deserialize::<NewYork, _>"
//!     )]
//!     expires_at: Option<DateTime<Utc>>,
//! }
//!
//! // EST in January, EDT in July; an aware string keeps its instant.
//! let row: Row = serde_json::from_str(r#"{"created_at": "2026-01-15 09:30:00", "expires_at": "2026-07-15T09:30:00"}"#)?;
//! assert_eq!(
//!     serde_json::to_string(&row)?,
//!     r#"{"created_at":"2026-01-15T14:30:00Z","expires_at":"2026-07-15T13:30:00Z"}"#,
//! );
//! let row: Row = serde_json::from_str(r#"{"created_at": "2026-01-15T09:30:00+01:00"}"#)?;
//! assert_eq!(serde_json::to_string(&row)?, r#"{"created_at":"2026-01-15T08:30:00Z","expires_at":null}"#);
//! # Ok::<(), serde_json::Error>(())
//! ```

use chrono::{DateTime, Utc};
use serde::{Deserializer, Serializer};

use super::{FixedZone, InstantField};

/// Writes `value` as an RFC 3339 string with `Z` (the zone is not needed to
/// write an instant, so this function takes none).
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
/// let at = Utc.with_ymd_and_hms(2026, 7, 15, 13, 30, 0).unwrap();
/// let json = tzsafe::serde::in_zone::serialize(&at, serde_json::value::Serializer)?;
/// assert_eq!(json, "2026-07-15T13:30:00Z");
/// # Ok::<(), serde_json::Error>(())
/// ```
pub fn serialize<T: InstantField, S: Serializer>(
    value: &T,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    super::write::serialize_rfc3339(value, serializer)
}

/// Reads a timestamp string; a naive one as wall time in `Z`'s zone, with
/// `Z`'s [`Disambiguation`](crate::Disambiguation) policy.
///
/// # Errors
///
/// A string [`parse`](crate::parse) refuses; a naive value in a gap or fold
/// of the zone when `Z`'s policy is
/// [`Disambiguation::Reject`](crate::Disambiguation::Reject); a naive value
/// whose instant is outside chrono's range; a value that is not a string.
///
/// # Example
///
/// ```
/// use tzsafe::serde::{in_zone, FixedZone};
///
/// enum Kolkata {}
/// impl FixedZone for Kolkata {
///     const ZONE: &'static str = "Asia/Kolkata";
/// }
///
/// let at = in_zone::deserialize::<Kolkata, _>(serde_json::json!("2026-11-26T09:30:00"))?;
/// assert_eq!(at.to_rfc3339(), "2026-11-26T04:00:00+00:00");
/// let err = in_zone::deserialize::<Kolkata, _>(serde_json::json!("2026-11-26T25:00:00")).unwrap_err();
/// assert_eq!(
///     err.to_string(),
///     r#"invalid timestamp "2026-11-26T25:00:00": hour 25 does not exist (expected 00 to 23) (at byte 11)"#,
/// );
/// # Ok::<(), serde_json::Error>(())
/// ```
pub fn deserialize<'de, Z: FixedZone, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<DateTime<Utc>, D::Error> {
    super::__private::in_zone_deserialize::<Z, DateTime<Utc>, D>(deserializer)
}

pub mod option {
    //! [`in_zone`](super) for `Option<DateTime<Utc>>`: `null` is `None`.
    //! Add `#[serde(default)]` to accept a missing field too.
    //!
    //! # Example
    //!
    //! ```
    //! use chrono::{DateTime, Utc};
    //! use serde::Deserialize;
    //! use tzsafe::serde::{in_zone, FixedZone};
    //!
    //! enum Tokyo {}
    //! impl FixedZone for Tokyo {
    //!     const ZONE: &'static str = "Asia/Tokyo";
    //! }
    //!
    //! #[derive(Debug, Deserialize)]
    //! struct Row {
    //!     #[serde(default, deserialize_with = "in_zone::option::deserialize::<Tokyo, _>")]
    //!     at: Option<DateTime<Utc>>,
    //! }
    //!
    //! assert_eq!(serde_json::from_str::<Row>("{}")?.at, None);
    //! assert_eq!(serde_json::from_str::<Row>(r#"{"at":null}"#)?.at, None);
    //! let row: Row = serde_json::from_str(r#"{"at":"2026-11-26T09:30:00"}"#)?;
    //! assert_eq!(row.at.unwrap().to_rfc3339(), "2026-11-26T00:30:00+00:00");
    //! # Ok::<(), serde_json::Error>(())
    //! ```

    use chrono::{DateTime, Utc};
    use serde::{Deserializer, Serializer};

    use super::super::{FixedZone, InstantField};

    /// Writes `None` as null, `Some` as an RFC 3339 string with `Z`.
    ///
    /// # Errors
    ///
    /// Only the serializer's own errors.
    ///
    /// # Example
    ///
    /// ```
    /// let json = tzsafe::serde::in_zone::option::serialize(&None::<chrono::DateTime<chrono::Utc>>, serde_json::value::Serializer)?;
    /// assert!(json.is_null());
    /// # Ok::<(), serde_json::Error>(())
    /// ```
    pub fn serialize<T: InstantField, S: Serializer>(
        value: &Option<T>,
        serializer: S,
    ) -> Result<S::Ok, S::Error> {
        super::super::write::serialize_option_rfc3339(value, serializer)
    }

    /// Reads null as `None`, a string as [`in_zone::deserialize`](super::deserialize) does.
    ///
    /// # Errors
    ///
    /// As [`in_zone::deserialize`](super::deserialize).
    ///
    /// # Example
    ///
    /// ```
    /// use tzsafe::serde::{in_zone, FixedZone};
    ///
    /// enum Utc {}
    /// impl FixedZone for Utc {
    ///     const ZONE: &'static str = "UTC";
    /// }
    ///
    /// assert_eq!(in_zone::option::deserialize::<Utc, _>(serde_json::json!(null))?, None);
    /// # Ok::<(), serde_json::Error>(())
    /// ```
    pub fn deserialize<'de, Z: FixedZone, D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<Option<DateTime<Utc>>, D::Error> {
        super::super::__private::in_zone_option_deserialize::<Z, DateTime<Utc>, D>(deserializer)
    }
}

/// Declares a module for `#[serde(with = ...)]` whose naive strings are wall
/// time in one zone fixed at compile time (see [`in_zone`](mod@crate::serde::in_zone)).
///
/// ```text
/// tzsafe::serde::in_zone!(VISIBILITY mod NAME = ZONE);
/// tzsafe::serde::in_zone!(VISIBILITY mod NAME = ZONE, DISAMBIGUATION);
/// ```
///
/// `ZONE` is a constant string naming the zone as [`Zone`](crate::Zone)'s
/// `FromStr` reads it (`"America/New_York"`, `"+05:30"`, `"UTC"`), looked up
/// once, when the first value is read, in the database chosen for the process,
/// and `DISAMBIGUATION` a constant
/// [`Disambiguation`](crate::Disambiguation) for gaps and folds
/// ([`Compatible`](crate::Disambiguation::Compatible) when left out). Both are
/// read where the macro is called, with that scope's imports. Attributes and doc
/// comments before `mod` go on the module.
///
/// The module holds:
///
/// * `serialize` and `deserialize`, for `#[serde(with = "NAME")]` on a
///   `DateTime<Utc>` field (or, with the feature `jiff`, a `jiff::Timestamp`
///   field: the functions are generic over
///   [`InstantField`](crate::serde::InstantField));
/// * `option::serialize` and `option::deserialize`, for
///   `#[serde(default, with = "NAME::option")]` on an `Option` of either;
/// * `Marker`, an empty enum implementing
///   [`FixedZone`](crate::serde::FixedZone) with `ZONE` and `DISAMBIGUATION`,
///   for code generic over the zone.
///
/// As with the `time` crate's `serde::format_description!`, this is a macro
/// because serde's `with` names a module, and a module cannot take a type
/// argument.
///
/// # Example
///
/// ```
/// use chrono::{DateTime, Utc};
/// use serde::{Deserialize, Serialize};
/// use tzsafe::Disambiguation;
///
/// tzsafe::serde::in_zone! {
///     /// The merchant's wall time; gaps and folds are refused.
///     pub mod merchant_time = "America/New_York", Disambiguation::Reject;
/// }
///
/// #[derive(Debug, Serialize, Deserialize)]
/// struct Offer {
///     #[serde(with = "merchant_time")]
///     starts_at: DateTime<Utc>,
///     #[serde(default, with = "merchant_time::option")]
///     ends_at: Option<DateTime<Utc>>,
/// }
///
/// let offer: Offer = serde_json::from_str(r#"{"starts_at": "2026-07-04T09:00:00"}"#)?;
/// assert_eq!(serde_json::to_string(&offer)?, r#"{"starts_at":"2026-07-04T13:00:00Z","ends_at":null}"#);
///
/// // 02:30 on 2026-03-08 never happened in New York.
/// let err = serde_json::from_str::<Offer>(r#"{"starts_at": "2026-03-08T02:30:00"}"#).unwrap_err();
/// assert_eq!(
///     err.to_string(),
///     "2026-03-08T02:30:00 does not exist in America/New_York: clocks jumped from \
///      2026-03-08T02:00:00 to 2026-03-08T03:00:00 at 2026-03-08T07:00:00Z at line 1 column 35",
/// );
/// # Ok::<(), serde_json::Error>(())
/// ```
#[doc(hidden)]
#[macro_export]
macro_rules! __serde_in_zone {
    (
        $(#[$attr:meta])*
        $vis:vis mod $name:ident = $zone:expr $(, $policy:expr)? $(;)?
    ) => {
        $(#[$attr])*
        $vis mod $name {
            /// The zone of this module as a `tzsafe::serde::FixedZone`.
            pub enum Marker {}

            /// Writes the instant as an RFC 3339 string with `Z`
            /// (`tzsafe::serde::in_zone::serialize`).
            ///
            /// # Errors
            ///
            /// Only the serializer's own errors.
            pub fn serialize<T, S>(value: &T, serializer: S) -> ::core::result::Result<S::Ok, S::Error>
            where
                T: $crate::serde::InstantField,
                S: $crate::serde::__private::Serializer,
            {
                $crate::serde::in_zone::serialize(value, serializer)
            }

            /// Reads a timestamp string; a naive one as wall time in this
            /// module's zone (`tzsafe::serde::in_zone::deserialize`).
            ///
            /// # Errors
            ///
            /// As `tzsafe::serde::in_zone::deserialize`.
            pub fn deserialize<'de, T, D>(deserializer: D) -> ::core::result::Result<T, D::Error>
            where
                T: $crate::serde::InstantField,
                D: $crate::serde::__private::Deserializer<'de>,
            {
                $crate::serde::__private::in_zone_deserialize::<Marker, T, D>(deserializer)
            }

            /// This module for `Option` fields: `null` is `None`. Add
            /// `#[serde(default)]` to accept a missing field too.
            pub mod option {
                /// Writes `None` as null, `Some` as an RFC 3339 string with `Z`.
                ///
                /// # Errors
                ///
                /// Only the serializer's own errors.
                pub fn serialize<T, S>(
                    value: &::core::option::Option<T>,
                    serializer: S,
                ) -> ::core::result::Result<S::Ok, S::Error>
                where
                    T: $crate::serde::InstantField,
                    S: $crate::serde::__private::Serializer,
                {
                    $crate::serde::in_zone::option::serialize(value, serializer)
                }

                /// Reads null as `None`, a string as the parent module's
                /// `deserialize` does.
                ///
                /// # Errors
                ///
                /// As `tzsafe::serde::in_zone::deserialize`.
                pub fn deserialize<'de, T, D>(
                    deserializer: D,
                ) -> ::core::result::Result<::core::option::Option<T>, D::Error>
                where
                    T: $crate::serde::InstantField,
                    D: $crate::serde::__private::Deserializer<'de>,
                {
                    $crate::serde::__private::in_zone_option_deserialize::<super::Marker, T, D>(
                        deserializer,
                    )
                }
            }
        }

        // Outside the module, so that `$zone` and `$policy` are read with the
        // caller's imports.
        impl $crate::serde::FixedZone for $name::Marker {
            const ZONE: &'static str = $zone;
            $(const DISAMBIGUATION: $crate::Disambiguation = $policy;)?

            // Looked up once, on the first value read.
            fn zone() -> ::core::result::Result<$crate::Zone, $crate::Error> {
                // std's path, not a re-export: a type under `__private` would
                // be named by that path in users' compile errors.
                static ZONE: ::std::sync::OnceLock<$crate::Zone> = ::std::sync::OnceLock::new();
                if let ::core::option::Option::Some(zone) = ZONE.get() {
                    return ::core::result::Result::Ok(*zone);
                }
                let zone = <Self as $crate::serde::FixedZone>::ZONE.parse::<$crate::Zone>()?;
                ::core::result::Result::Ok(*ZONE.get_or_init(|| zone))
            }
        }
    };
}
