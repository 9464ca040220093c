//! Serde support (feature `serde`): [`Serialize`]/[`Deserialize`] for
//! [`MaybeAware`], [`Zone`] and [`Disambiguation`], and `#[serde(with = ...)]`
//! modules for `DateTime<Utc>` fields (and, with the feature `jiff`,
//! `jiff::Timestamp` fields: see [`InstantField`]) that say what a naive
//! string means.
//!
//! A JSON document written by a Python service may hold `"2026-11-26T09:30:00"`
//! (naive, from `datetime.utcnow().isoformat()` or a legacy column) next to
//! `"2026-11-26T09:30:00+01:00"`. chrono's own `Deserialize` for `DateTime<Utc>`
//! refuses the first; a hand-written fallback tends to read it as UTC without
//! anyone deciding so. Each module here makes the decision explicit:
//!
//! | module | naive string | aware string | writes |
//! | --- | --- | --- | --- |
//! | [`ambient`] | read in the ambient [`TimezoneAware`](crate::TimezoneAware) context | its instant | RFC 3339, `Z` |
//! | [`in_zone`](mod@in_zone), or a module declared with [`in_zone!`](macro@in_zone) | read in the zone a [`FixedZone`] type names, with its [`Disambiguation`] | its instant | RFC 3339, `Z` |
//! | [`assume_utc`] | read as UTC | its instant | RFC 3339, `Z` |
//! | [`aware_only`] | an error naming the value | its instant | RFC 3339, `Z` |
//! | [`unix_seconds`] | — (a JSON integer) | — | an integer |
//! | [`unix_millis`] | — (a JSON integer) | — | an integer |
//! | [`epoch_seconds`], [`epoch_millis`], [`epoch_micros`], [`epoch_nanos`] | — (a JSON integer or float, or a numeric string, in the unit the module names) | — | an integer |
//! | [`numeric_offset`] | — (writes only: pair it with a reading module) | — | RFC 3339, `+00:00` |
//!
//! And for `DateTime<Zone>` fields that keep their time zone, [`zoned`]:
//! RFC 9557 text, `"2026-12-07T10:00:00-07:00[America/Vancouver]"`, read
//! back with the zone it names, refusing an offset the zone's rules no
//! longer give.
//!
//! The string modules read every form [`parse`](crate::parse) reads (RFC 3339,
//! CPython `isoformat()` / `str(datetime)`, JavaScript `toISOString()`); the
//! offset is used to find the instant, then dropped: the field is an
//! instant. Keep the offset with a [`MaybeAware`] field instead, which
//! serializes as it was read (`Display`) and deserializes with
//! [`parse`](crate::parse).
//!
//! Every module has a nested `option` module for `Option` fields
//! (`Option<DateTime<Utc>>`, `Option<jiff::Timestamp>`): `null` is `None`.
//! As with any `with` module, serde then no longer knows that a *missing*
//! field may be `None`: add `#[serde(default)]` to accept a missing field
//! (the [`time`](https://docs.rs/time) crate's serde modules have the same
//! rule).
//!
//! Errors are serde's `de::Error::custom` with tzsafe's [`Error`]
//! message, which quotes the value and says what was expected (serde_json then
//! adds the line and column).
//!
//! # Example
//!
//! ```
//! use chrono::{DateTime, TimeZone, Utc};
//! use serde::{Deserialize, Serialize};
//! use tzsafe::{MaybeAware, TimezoneAware};
//! use tzsafe::Zone;
//!
//! #[derive(Debug, Serialize, Deserialize)]
//! struct Offer {
//!     /// As written, offset or not.
//!     sent_at: MaybeAware,
//!     /// Legacy rows hold New York wall time: read naive values in the context.
//!     #[serde(with = "tzsafe::serde::ambient")]
//!     created_at: DateTime<Utc>,
//!     /// Written by a service that stores UTC without saying so.
//!     #[serde(with = "tzsafe::serde::assume_utc")]
//!     synced_at: DateTime<Utc>,
//!     /// Must carry an offset.
//!     #[serde(with = "tzsafe::serde::aware_only")]
//!     starts_at: DateTime<Utc>,
//!     /// May be null or missing.
//!     #[serde(default, with = "tzsafe::serde::aware_only::option")]
//!     ends_at: Option<DateTime<Utc>>,
//!     #[serde(with = "tzsafe::serde::unix_seconds")]
//!     issued: DateTime<Utc>,
//!     #[serde(default, with = "tzsafe::serde::unix_millis::option")]
//!     seen_ms: Option<DateTime<Utc>>,
//! }
//!
//! let json = r#"{
//!     "sent_at": "2026-11-26 09:30:00.250+01:00",
//!     "created_at": "2026-11-26T09:30:00",
//!     "synced_at": "2026-11-26T09:30:00",
//!     "starts_at": "2026-11-26T09:30:00-05:00",
//!     "issued": 1795685400,
//!     "seen_ms": null
//! }"#;
//! let _guard = TimezoneAware::new().default_tz("America/New_York".parse::<Zone>()?).enter();
//! let offer: Offer = serde_json::from_str(json)?;
//! assert_eq!(offer.sent_at.to_string(), "2026-11-26T09:30:00.250+01:00");
//! assert_eq!(offer.created_at, Utc.with_ymd_and_hms(2026, 11, 26, 14, 30, 0).unwrap());
//! assert_eq!(offer.synced_at, Utc.with_ymd_and_hms(2026, 11, 26, 9, 30, 0).unwrap());
//! assert_eq!(offer.starts_at, offer.created_at);
//! assert_eq!(offer.ends_at, None);
//! assert_eq!(offer.issued, Utc.with_ymd_and_hms(2026, 11, 26, 9, 30, 0).unwrap());
//!
//! assert_eq!(
//!     serde_json::to_string(&offer)?,
//!     concat!(
//!         r#"{"sent_at":"2026-11-26T09:30:00.250+01:00","created_at":"2026-11-26T14:30:00Z","#,
//!         r#""synced_at":"2026-11-26T09:30:00Z","starts_at":"2026-11-26T14:30:00Z","#,
//!         r#""ends_at":null,"issued":1795685400,"seen_ms":null}"#,
//!     ),
//! );
//!
//! // A naive string where an offset is required names the value.
//! let err = serde_json::from_str::<Offer>(&json.replace("09:30:00-05:00", "09:30:00")).unwrap_err();
//! assert!(err.to_string().starts_with(r#"invalid timestamp "2026-11-26T09:30:00": "#));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! # `ambient` or `in_zone`: who decides the zone
//!
//! Both read a naive string as wall time in a zone; they differ in where the
//! zone comes from.
//!
//! * [`ambient`] asks the context that is ambient *when and where the value is
//!   deserialized*: this thread's innermost [`TimezoneAware`](crate::TimezoneAware)
//!   guard, else the process-wide default set at start-up
//!   ([`set_global_default`](crate::set_global_default)), else the built-in default, which is
//!   **UTC**. The zone can change per request, per tenant or per test, but a
//!   field deserialized where no guard is entered — inside a web framework's
//!   `Json<T>` extractor, on a thread pool, in an async task that moved
//!   threads without [`scope_future`](crate::TimezoneAware::scope_future) —
//!   is silently read in whatever that fallback is.
//! * [`in_zone`](mod@in_zone) reads the zone from a type, fixed at compile time:
//!   the same answer on every thread, in every framework extractor, with or
//!   without a guard, and a naive value is never read as UTC by accident. It
//!   cannot vary per row or per request: use it where the zone is a property
//!   of the data source (a legacy column written in the merchant's zone), and
//!   [`ambient`] (or [`MaybeAware`] and an explicit
//!   [`TimezoneAware`](crate::TimezoneAware)) where it is not.
//!
//! Name the zone once, with [`in_zone!`](macro@in_zone), which declares a
//! module for `#[serde(with = ...)]` (as the `time` crate's
//! `serde::format_description!` does for formats):
//!
//! ```
//! use chrono::{DateTime, Utc};
//! use serde::{Deserialize, Serialize};
//!
//! tzsafe::serde::in_zone! {
//!     /// Legacy columns hold the merchant's wall time, in New York.
//!     pub mod merchant_time = "America/New_York";
//! }
//!
//! #[derive(Debug, Serialize, Deserialize)]
//! struct Row {
//!     #[serde(with = "merchant_time")]
//!     created_at: DateTime<Utc>,
//!     #[serde(default, with = "merchant_time::option")]
//!     expires_at: Option<DateTime<Utc>>,
//! }
//!
//! // No guard anywhere: still New York.
//! let row: Row = serde_json::from_str(r#"{"created_at": "2026-07-04 09:30:00", "expires_at": null}"#)?;
//! assert_eq!(serde_json::to_string(&row)?, r#"{"created_at":"2026-07-04T13:30:00Z","expires_at":null}"#);
//! # Ok::<(), serde_json::Error>(())
//! ```
//!
//! or implement [`FixedZone`] on a type of your own and pass it to the
//! generic functions of [`in_zone`](mod@in_zone) with `deserialize_with`.
//!
//! # `jiff::Timestamp` fields
//!
//! With the feature `jiff`, every module here and every module declared with
//! [`in_zone!`](macro@in_zone) also reads and writes `jiff::Timestamp` and
//! `Option<jiff::Timestamp>` fields, with the same forms and messages (see
//! [`InstantField`]); a value beyond jiff's years (-9999 to 9999) is an error
//! that names it:
//!
//! ```
//! # #[cfg(feature = "jiff")] {
//! use serde::{Deserialize, Serialize};
//!
//! tzsafe::serde::in_zone!(mod merchant_time = "UTC");
//!
//! #[derive(Debug, Serialize, Deserialize)]
//! struct Row {
//!     #[serde(with = "merchant_time")]
//!     created_at: jiff::Timestamp,
//!     #[serde(
//!         default,
//!         serialize_with = "tzsafe::serde::numeric_offset::option::serialize",
//!         deserialize_with = "tzsafe::serde::aware_only::option::deserialize"
//!     )]
//!     sent_at: Option<jiff::Timestamp>,
//! }
//!
//! let row: Row = serde_json::from_str(r#"{"created_at": "2026-11-26 09:30:00", "sent_at": "2026-11-26T10:30:00+01:00"}"#)?;
//! assert_eq!(row.created_at.to_string(), "2026-11-26T09:30:00Z");
//! assert_eq!(serde_json::to_string(&row)?, r#"{"created_at":"2026-11-26T09:30:00Z","sent_at":"2026-11-26T09:30:00+00:00"}"#);
//!
//! let err = serde_json::from_str::<Row>(r#"{"created_at": "+012026-11-26T09:30:00Z"}"#).unwrap_err();
//! assert_eq!(
//!     err.to_string(),
//!     "+012026-11-26T09:30:00Z is outside the range of jiff::Timestamp \
//!      (-009999-01-02T01:59:59Z to 9999-12-30T22:00:00.999999999Z) at line 1 column 40",
//! );
//! # }
//! # Ok::<(), serde_json::Error>(())
//! ```
//!
//! # Writing `+00:00` instead of `Z`
//!
//! The string modules write UTC as `Z`, which CPython's
//! `datetime.fromisoformat` reads only from Python 3.11 on. For consumers on
//! Python 3.7 to 3.10, write the field with [`numeric_offset`]'s
//! `serialize` (`serialize_with`), next to the reading module of your choice
//! (`deserialize_with`).

use core::marker::PhantomData;

use ::serde::de::{Deserialize, Deserializer};
use ::serde::ser::{Serialize, Serializer};
use chrono::{DateTime, Utc};

use crate::aware::MaybeAware;
use crate::display::{aware_text, naive_text};
use crate::error::Error;
use crate::parse::parse;
use crate::resolve::{naive_to_utc, Disambiguation};
use crate::zone::Zone;

pub mod ambient;
pub mod assume_utc;
pub mod aware_only;
mod epoch;
pub mod epoch_micros;
pub mod epoch_millis;
pub mod epoch_nanos;
pub mod epoch_seconds;
mod field;
pub mod in_zone;
pub mod numeric_offset;
mod read;
mod unix;
pub mod unix_millis;
pub mod unix_seconds;
mod write;
pub mod zoned;

use self::field::As;
pub use self::field::InstantField;
use self::read::{deserialize_option_str_with, deserialize_str_with, ReadStr};

// `in_zone!` is exported at the crate root under a hidden name (as every
// `macro_rules!` macro must be) and shown here, beside the module it serves.
#[doc(inline)]
pub use crate::__serde_in_zone as in_zone;

/// What [`in_zone!`](macro@in_zone) expands to refers to these, so that it
/// works whatever the caller imports. Not public API. Only traits and
/// functions: a type here (as chrono's `DateTime` once was) would be named by
/// this path in users' compile errors, among the candidates of its `From`
/// impls.
#[doc(hidden)]
pub mod __private {
    pub use ::serde::{Deserializer, Serializer};

    use super::{As, FixedZone, InZone, InstantField};

    /// `in_zone::deserialize` for a field of any [`InstantField`] type.
    ///
    /// # Errors
    ///
    /// As `in_zone::deserialize`.
    #[inline]
    pub fn in_zone_deserialize<'de, Z: FixedZone, T: InstantField, D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<T, D::Error> {
        super::deserialize_str_with::<As<InZone<Z>, T>, D>(deserializer)
    }

    /// `in_zone::option::deserialize` for a field of any [`InstantField`] type.
    ///
    /// # Errors
    ///
    /// As `in_zone::deserialize`.
    #[inline]
    pub fn in_zone_option_deserialize<'de, Z: FixedZone, T: InstantField, D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<Option<T>, D::Error> {
        super::deserialize_option_str_with::<As<InZone<Z>, T>, D>(deserializer)
    }
}

// ---------------------------------------------------------------------------
// Impls on tzsafe's types.

/// A string: [`Display`](core::fmt::Display), so RFC 3339 for an aware value
/// and ISO 8601 without an offset for a naive one.
///
/// ```
/// use tzsafe::MaybeAware;
///
/// let value: MaybeAware = "2026-11-26T09:30:00+05:30".parse()?;
/// assert_eq!(serde_json::to_string(&value).unwrap(), r#""2026-11-26T09:30:00+05:30""#);
/// # Ok::<(), tzsafe::Error>(())
/// ```
impl Serialize for MaybeAware {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        // Written into a stack buffer: no allocation, whatever the serializer.
        let text = match self {
            MaybeAware::Naive(naive) => naive_text(naive),
            MaybeAware::Aware(aware) => aware_text(aware),
        };
        serializer.serialize_str(text.as_str())
    }
}

/// A string read with [`parse`](crate::parse). Borrowed strings are parsed in
/// place, without allocating.
///
/// ```
/// use tzsafe::MaybeAware;
///
/// let value: MaybeAware = serde_json::from_str(r#""2026-11-26 09:30:00""#)?;
/// assert!(value.is_naive());
/// let err = serde_json::from_str::<MaybeAware>(r#""2026-02-30T10:00:00""#).unwrap_err();
/// assert_eq!(
///     err.to_string(),
///     r#"invalid timestamp "2026-02-30T10:00:00": day 30 does not exist in 2026-02 (at byte 8) at line 1 column 21"#,
/// );
/// # Ok::<(), serde_json::Error>(())
/// ```
impl<'de> Deserialize<'de> for MaybeAware {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserialize_str_with::<Lenient, D>(deserializer)
    }
}

/// A string: its [`Display`](core::fmt::Display) form, `"UTC"`, an offset like
/// `"+05:30"` or an IANA name.
///
/// ```
/// use tzsafe::Zone;
///
/// let ny: Zone = "America/New_York".parse()?;
/// assert_eq!(serde_json::to_string(&ny).unwrap(), r#""America/New_York""#);
/// # Ok::<(), tzsafe::Error>(())
/// ```
impl Serialize for Zone {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

/// A string read with [`Zone`]'s `FromStr`.
///
/// ```
/// use tzsafe::Zone;
///
/// let zone: Zone = serde_json::from_str(r#""+05:30""#)?;
/// assert_eq!(zone.to_string(), "+05:30");
/// let zone: Zone = serde_json::from_str(r#""Europe/Dublin""#)?;
/// assert_eq!(zone, "Europe/Dublin".parse::<Zone>()?);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
impl<'de> Deserialize<'de> for Zone {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserialize_str_with::<ZoneName, D>(deserializer)
    }
}

/// A string: `"compatible"`, `"earlier"`, `"later"` or `"reject"`.
///
/// ```
/// use tzsafe::Disambiguation;
///
/// assert_eq!(serde_json::to_string(&Disambiguation::Later).unwrap(), r#""later""#);
/// ```
impl Serialize for Disambiguation {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

/// A string read with [`Disambiguation`]'s `FromStr` (ASCII case ignored).
///
/// ```
/// use tzsafe::Disambiguation;
///
/// let policy: Disambiguation = serde_json::from_str(r#""reject""#)?;
/// assert_eq!(policy, Disambiguation::Reject);
/// # Ok::<(), serde_json::Error>(())
/// ```
impl<'de> Deserialize<'de> for Disambiguation {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserialize_str_with::<PolicyName, D>(deserializer)
    }
}

// ---------------------------------------------------------------------------
// Readers: what a string means for each impl.

/// [`parse`], offset kept.
enum Lenient {}

impl ReadStr for Lenient {
    type Value = MaybeAware;
    const EXPECTING: &'static str = "a timestamp string";
    #[inline]
    fn read(input: &str) -> Result<MaybeAware, Error> {
        parse(input)
    }
}

enum ZoneName {}

impl ReadStr for ZoneName {
    type Value = Zone;
    const EXPECTING: &'static str =
        "a time zone string: \"UTC\", an offset like \"+05:30\" or an IANA name";
    fn read(input: &str) -> Result<Zone, Error> {
        input.parse()
    }
}

enum PolicyName {}

impl ReadStr for PolicyName {
    type Value = Disambiguation;
    const EXPECTING: &'static str =
        "a disambiguation policy: \"compatible\", \"earlier\", \"later\" or \"reject\"";
    fn read(input: &str) -> Result<Disambiguation, Error> {
        input.parse()
    }
}

/// A time zone fixed at compile time, named by a type: what
/// [`in_zone`](mod@in_zone) reads naive values in.
///
/// Implement it on a type of your own (an empty `enum` is enough) and name that
/// type in the generic functions of [`in_zone`](mod@in_zone), or let
/// [`in_zone!`](macro@in_zone) declare one for you. [`ZONE`](Self::ZONE) is
/// a constant string: `"UTC"`, an offset such as `"+05:30"` or a name of the
/// tz database, looked up as [`Zone`]'s `FromStr` looks it up, in the
/// database chosen for the process ([`set_zone_database`](crate::set_zone_database),
/// by default the bundled one). A name the database lacks is an error of the
/// field that reads it; call [`zone`](Self::zone) at start-up to find out
/// early. Zones made from data at run time, such as [`Zone::from_tzif`], are
/// for [`TimezoneAware`](crate::TimezoneAware) and [`ambient`].
///
/// # Gaps and folds
///
/// [`DISAMBIGUATION`](Self::DISAMBIGUATION) decides a wall time that the zone
/// skips or repeats, and defaults to [`Disambiguation::Compatible`], the
/// crate's default: in a fold the earlier instant, in a gap the wall time
/// shifted forward by the gap's length (Python's `fold=0`). Set it to
/// [`Disambiguation::Reject`] to refuse such values instead.
///
/// # Example
///
/// ```
/// use chrono::{DateTime, Utc};
/// use serde::Deserialize;
/// use tzsafe::serde::{in_zone, FixedZone};
/// use tzsafe::Disambiguation;
///
/// /// Rows written by the Berlin warehouse, in its wall time.
/// enum Warehouse {}
///
/// impl FixedZone for Warehouse {
///     const ZONE: &'static str = "Europe/Berlin";
///     const DISAMBIGUATION: Disambiguation = Disambiguation::Reject;
/// }
///
/// #[derive(Debug, Deserialize)]
/// struct Row {
///     #[serde(deserialize_with = "in_zone::deserialize::<Warehouse, _>")]
///     packed_at: DateTime<Utc>,
/// }
///
/// let row: Row = serde_json::from_str(r#"{"packed_at": "2026-07-04T09:30:00"}"#)?;
/// assert_eq!(row.packed_at.to_rfc3339(), "2026-07-04T07:30:00+00:00");
///
/// // 02:30 on 2026-10-25 happens twice in Berlin: refused, as asked.
/// let err = serde_json::from_str::<Row>(r#"{"packed_at": "2026-10-25T02:30:00"}"#).unwrap_err();
/// assert_eq!(
///     err.to_string(),
///     "2026-10-25T02:30:00 is ambiguous in Europe/Berlin: it occurs at both 2026-10-25T02:30:00+02:00 \
///      and 2026-10-25T02:30:00+01:00 (clocks were turned back) at line 1 column 35",
/// );
/// # Ok::<(), serde_json::Error>(())
/// ```
pub trait FixedZone {
    /// The zone naive values are read in: `"UTC"`, an offset like
    /// `"+05:30"` or a name of the tz database like `"America/New_York"`.
    const ZONE: &'static str;
    /// What to do with a wall time the zone skips or repeats;
    /// [`Disambiguation::Compatible`] unless set.
    const DISAMBIGUATION: Disambiguation = Disambiguation::Compatible;

    /// The zone [`ZONE`](Self::ZONE) names, looked up in the chosen
    /// database. This default looks it up at each call (a search among the
    /// database's names); the modules [`in_zone!`](macro@in_zone) declares
    /// look it up once.
    ///
    /// # Errors
    ///
    /// As [`Zone`]'s `FromStr`:
    /// [`ErrorKind::UnknownZone`](crate::ErrorKind::UnknownZone) for a name
    /// the database lacks, [`ErrorKind::Parse`](crate::ErrorKind::Parse) for
    /// an offset that is not one.
    ///
    /// # Example
    ///
    /// ```
    /// use tzsafe::serde::FixedZone;
    ///
    /// enum Typo {}
    /// impl FixedZone for Typo {
    ///     const ZONE: &'static str = "Europe/Berln";
    /// }
    /// assert_eq!(
    ///     Typo::zone().unwrap_err().to_string(),
    ///     "unknown time zone \"Europe/Berln\": expected \"UTC\", \"Z\", an offset like \"+05:30\" \
    ///      or an IANA name like \"America/New_York\"; did you mean \"Europe/Berlin\"?",
    /// );
    /// ```
    fn zone() -> Result<Zone, Error> {
        Self::ZONE.parse()
    }
}

/// Naive values in `Z`'s zone, with `Z`'s policy: what [`ambient`] does with a
/// context whose default zone and policy these are, so messages are the same.
struct InZone<Z>(PhantomData<Z>);

impl<Z: FixedZone> ReadStr for InZone<Z> {
    type Value = DateTime<Utc>;
    const EXPECTING: &'static str = "a timestamp string";
    #[inline]
    fn read(input: &str) -> Result<DateTime<Utc>, Error> {
        match parse(input)? {
            MaybeAware::Aware(aware) => Ok(aware.to_utc()),
            MaybeAware::Naive(wall) => naive_to_utc(&wall, &Z::zone()?, Z::DISAMBIGUATION),
        }
    }
}
