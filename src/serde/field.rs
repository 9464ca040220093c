//! The field types of the `#[serde(with = ...)]` modules: `DateTime<Utc>` and,
//! with the feature `jiff`, `jiff::Timestamp`.
//!
//! Every module reads into, and writes from, chrono's `DateTime<Utc>`; a field
//! of another type is converted on the way in and out, so that it reads every
//! form a `DateTime<Utc>` field reads, with the same messages.

use chrono::{DateTime, Utc};

use super::read::ReadStr;
use crate::error::Error;

/// The type of a field that tzsafe's `#[serde(with = ...)]` modules
/// ([`ambient`](super::ambient), [`assume_utc`](super::assume_utc),
/// [`aware_only`](super::aware_only), [`unix_seconds`](super::unix_seconds),
/// [`unix_millis`](super::unix_millis), [`numeric_offset`](super::numeric_offset),
/// the zone-fixed modules of [`in_zone!`](macro@super::in_zone)) read and
/// write: `DateTime<Utc>` and, with the feature `jiff`, `jiff::Timestamp`
/// (each module's `option` takes `Option` of either).
///
/// Sealed: implemented by tzsafe only. A value inside chrono's range but
/// outside the field type's (jiff's years end with -9999 and 9999) is an
/// [`ErrorKind::OutOfRange`](crate::ErrorKind::OutOfRange) error naming it.
///
/// The modules' functions are generic over the field type, which the
/// `with` attribute always knows; a direct call may need to name it
/// (`let at: DateTime<Utc> = ambient::deserialize(..)?`).
///
/// # Example
///
/// ```
/// # #[cfg(feature = "jiff")] {
/// use serde::{Deserialize, Serialize};
/// use tzsafe::TimezoneAware;
///
/// #[derive(Debug, Serialize, Deserialize)]
/// struct Row {
///     #[serde(with = "tzsafe::serde::ambient")]
///     created_at: jiff::Timestamp,
///     #[serde(default, with = "tzsafe::serde::ambient::option")]
///     deleted_at: Option<jiff::Timestamp>,
/// }
///
/// let ctx = TimezoneAware::new().default_tz("America/New_York".parse::<tzsafe::Zone>()?);
/// let row: Row = ctx.scope(|| serde_json::from_str(r#"{"created_at": "2026-11-26 09:30:00"}"#))?;
/// assert_eq!(row.created_at.to_string(), "2026-11-26T14:30:00Z");
/// assert_eq!(row.deleted_at, None);
/// assert_eq!(serde_json::to_string(&row)?, r#"{"created_at":"2026-11-26T14:30:00Z","deleted_at":null}"#);
/// # }
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub trait InstantField: private::Field {}

/// The conversions behind [`InstantField`], in a trait outside code cannot
/// name, so they stay tzsafe's.
pub(crate) mod private {
    use chrono::{DateTime, Utc};

    use crate::error::Error;

    /// A field type as chrono's UTC instant.
    pub trait Field: Sized {
        /// The earliest and latest instants of the type.
        fn range() -> (DateTime<Utc>, DateTime<Utc>);
        /// The instant as the field's type.
        fn from_utc(utc: DateTime<Utc>) -> Result<Self, Error>;
        /// The field as an instant.
        fn to_utc(&self) -> DateTime<Utc>;
    }
}

impl private::Field for DateTime<Utc> {
    fn range() -> (DateTime<Utc>, DateTime<Utc>) {
        (DateTime::<Utc>::MIN_UTC, DateTime::<Utc>::MAX_UTC)
    }

    #[inline(always)]
    fn from_utc(utc: DateTime<Utc>) -> Result<Self, Error> {
        Ok(utc)
    }

    #[inline(always)]
    fn to_utc(&self) -> DateTime<Utc> {
        *self
    }
}

impl InstantField for DateTime<Utc> {}

#[cfg(feature = "jiff")]
impl private::Field for jiff::Timestamp {
    fn range() -> (DateTime<Utc>, DateTime<Utc>) {
        (
            crate::jiff_interop::utc_of(jiff::Timestamp::MIN),
            crate::jiff_interop::utc_of(jiff::Timestamp::MAX),
        )
    }

    #[inline]
    fn from_utc(utc: DateTime<Utc>) -> Result<Self, Error> {
        crate::ToJiff::to_jiff(&utc)
    }

    #[inline]
    fn to_utc(&self) -> DateTime<Utc> {
        crate::jiff_interop::utc_of(*self)
    }
}

#[cfg(feature = "jiff")]
impl InstantField for jiff::Timestamp {}

/// Reads with `R`, then converts to the field type `T`: the reader of a
/// string module for a field of type `T`.
pub(super) struct As<R, T>(core::marker::PhantomData<(R, T)>);

impl<R: ReadStr<Value = DateTime<Utc>>, T: InstantField> ReadStr for As<R, T> {
    type Value = T;
    const EXPECTING: &'static str = R::EXPECTING;

    #[inline]
    fn read(input: &str) -> Result<T, Error> {
        R::read(input).and_then(T::from_utc)
    }
}
