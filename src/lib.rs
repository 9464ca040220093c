//! Timezone-safe datetime handling on top of [chrono]: conversions between
//! naive and aware values with explicit DST policies, comparisons that never mix
//! wall time with UTC, a clock that tests can freeze per thread, and lenient but
//! explicit parsing of every timestamp Python and JavaScript services emit.
//!
//! ```
//! use chrono::{NaiveDate, TimeZone, Utc};
//! use tzsafe::{ensure_timezone_aware, is_past_datetime, safe_datetime_compare, CmpOp, TimezoneAware};
//!
//! // A legacy row says the offer expires at 2026-11-01 01:30, New York wall time.
//! // That wall time happens twice that night; the policy decides which one.
//! let expires_at = NaiveDate::from_ymd_opt(2026, 11, 1).unwrap().and_hms_opt(1, 30, 0).unwrap();
//! let ny = chrono_tz::America::New_York;
//! assert_eq!(ensure_timezone_aware(expires_at, &ny)?.to_rfc3339(), "2026-11-01T05:30:00+00:00");
//!
//! // "Now" is under the test's control, on this thread only.
//! let _guard = TimezoneAware::new()
//!     .default_tz(ny)
//!     .frozen_at(Utc.with_ymd_and_hms(2026, 11, 1, 6, 0, 0).unwrap())
//!     .enter();
//! assert!(is_past_datetime(expires_at)?);
//! assert!(safe_datetime_compare(expires_at, "2026-11-01T06:00:00Z".parse::<tzsafe::MaybeAware>()?, CmpOp::Lt)?);
//! # Ok::<(), tzsafe::Error>(())
//! ```
//!
//! # Overview
//!
//! * [`MaybeAware`] is a datetime as it arrives: `Naive` (no offset) or `Aware`.
//!   Every function takes `impl Into<MaybeAware>`, so chrono's `NaiveDateTime`,
//!   any `DateTime<Tz>`, `SystemTime` and (feature `time`) the `time` crate's
//!   types can be passed as they are.
//! * [`ensure_timezone_aware`] turns one into a `DateTime<Utc>`; [`resolve`] does
//!   the same and reports whether a naive value fell in a fold or a gap.
//! * [`safe_datetime_compare`] / [`safe_cmp`] compare values as instants;
//!   [`is_past_datetime`] / [`is_future_datetime`] compare with "now".
//! * [`utcnow_aware`] reads "now" from the ambient clock.
//! * [`TimezoneAware`] is the context — clock, default zone, [`Disambiguation`]
//!   and [`NaivePolicy`] — that the free functions read. Make it ambient on a
//!   thread with [`TimezoneAware::enter`] (an RAII guard) or
//!   [`TimezoneAware::scope`], or call its methods directly.
//! * [`Clock`] with [`SystemClock`], [`FixedClock`], [`OffsetClock`] and
//!   [`ManualClock`].
//! * [`Zone`] is UTC, a fixed offset or an IANA zone; it implements
//!   `chrono::TimeZone` and looks offsets up through a precomputed table.
//! * [`Error`] is the one error type; [`Error::kind`] tells what went wrong.
//!
//! # Guards are per thread
//!
//! A [`TimezoneAwareGuard`] affects only the thread that entered it. Threads you
//! spawn and async tasks (which an executor may run or resume on any thread) do
//! not inherit it: pass [`TimezoneAware::current()`] along and enter it there.
//!
//! # Naive values
//!
//! A naive value is read as wall time in a zone: the zone passed explicitly
//! ([`ensure_timezone_aware`], [`resolve`]) or the ambient context's default
//! zone ([`safe_cmp`], [`is_past_datetime`], ...). Where a zone skips or repeats
//! that wall time, the [`Disambiguation`] policy of the ambient context decides.
//! A context built with [`TimezoneAware::reject_naive`] makes every naive value
//! an error in the operations that read the context's zone; an explicit zone
//! argument is an explicit decision and is honoured.
//!
//! # Crate features
//!
//! * `tz` (default): IANA zones from [chrono-tz](https://docs.rs/chrono-tz),
//!   `Zone::iana` and zone names in `Zone::from_str`.
//! * `time`: conversions between [`MaybeAware`] and the
//!   [time](https://docs.rs/time) crate's `PrimitiveDateTime` and
//!   `OffsetDateTime`.
//! * `serde`: `Serialize`/`Deserialize` for tzsafe's types, and
//!   `#[serde(with = ...)]` modules in [`tzsafe::serde`](mod@crate::serde) (when enabled).
//!
//! Features are additive; none implies another.
#![forbid(unsafe_code)]
#![deny(missing_docs)]
#![cfg_attr(docsrs, feature(doc_cfg))]
#![doc(test(attr(deny(warnings))))]

mod aware;
mod clock;
mod compare;
mod context;
mod display;
mod error;
mod parse;
mod resolve;
#[cfg(feature = "time")]
mod time_interop;
mod zone;

pub mod models;
#[cfg(feature = "serde")]
#[cfg_attr(docsrs, doc(cfg(feature = "serde")))]
pub mod serde;

use chrono::{DateTime, TimeZone, Utc};

pub use crate::aware::MaybeAware;
pub use crate::clock::{Clock, FixedClock, ManualClock, OffsetClock, SystemClock};
pub use crate::compare::{
    is_future_datetime, is_past_datetime, safe_cmp, safe_datetime_compare, CmpOp,
};
pub use crate::context::{NaivePolicy, TimezoneAware, TimezoneAwareGuard};
pub use crate::error::{Error, ErrorKind};
pub use crate::parse::{parse, parse_aware, parse_date, parse_naive, parse_rfc3339};
pub use crate::resolve::{resolve, Disambiguation, Resolution, Resolved};
pub use crate::zone::{Transition, Zone, ZoneOffset};

/// `dt` as an instant in UTC. Aware values keep their instant; naive values are
/// read as wall time in `default_tz`, with the ambient context's
/// [`Disambiguation`] policy deciding in DST gaps and folds (`Compatible`
/// when no guard is active).
///
/// `default_tz` can be any chrono `TimeZone`: [`Utc`], `FixedOffset`,
/// `chrono_tz::Tz` and [`Zone`] go through tzsafe's precomputed zone tables;
/// any other (`chrono::Local`, your own) through chrono's
/// `offset_from_local_datetime`, with the same results.
///
/// # Errors
///
/// [`ErrorKind::Ambiguous`] / [`ErrorKind::Nonexistent`] when the ambient policy
/// is [`Disambiguation::Reject`] and the wall time is in a fold / gap;
/// [`ErrorKind::OutOfRange`] when the instant is outside chrono's range (for
/// example `NaiveDateTime::MAX` in a zone west of UTC).
///
/// # Example
///
/// ```
/// use chrono::{NaiveDate, TimeZone, Utc};
/// use tzsafe::ensure_timezone_aware;
///
/// let wall = NaiveDate::from_ymd_opt(2026, 7, 1).unwrap().and_hms_opt(12, 0, 0).unwrap();
/// let utc = ensure_timezone_aware(wall, &chrono_tz::Australia::Lord_Howe)?;
/// assert_eq!(utc.to_rfc3339(), "2026-07-01T01:30:00+00:00"); // +10:30 in winter
///
/// // Aware values keep their instant, whatever the zone.
/// let aware = Utc.with_ymd_and_hms(2026, 7, 1, 12, 0, 0).unwrap();
/// assert_eq!(ensure_timezone_aware(aware, &chrono_tz::Asia::Tokyo)?, aware);
///
/// let err = ensure_timezone_aware(chrono::NaiveDateTime::MAX, &chrono_tz::America::New_York).unwrap_err();
/// assert_eq!(err.kind(), tzsafe::ErrorKind::OutOfRange);
/// # Ok::<(), tzsafe::Error>(())
/// ```
#[inline]
pub fn ensure_timezone_aware<Tz: TimeZone + 'static>(
    dt: impl Into<MaybeAware>,
    default_tz: &Tz,
) -> Result<DateTime<Utc>, Error> {
    match dt.into() {
        MaybeAware::Aware(aware) => Ok(aware.to_utc()),
        MaybeAware::Naive(wall) => {
            resolve::naive_to_utc(&wall, default_tz, context::ambient_disambiguation())
        }
    }
}

/// The current instant from the ambient clock: the system clock, unless a
/// [`TimezoneAware`] guard on this thread sets another.
///
/// With no guard active it costs `SystemTime::now()` plus about 12 ns (the
/// calendar date is cached per thread), about 0.8x the time of
/// `chrono::Utc::now()`; see `BENCHMARKS.md`.
///
/// # Example
///
/// ```
/// use chrono::{TimeZone, Utc};
/// use tzsafe::{utcnow_aware, TimezoneAware};
///
/// let at = Utc.with_ymd_and_hms(2026, 11, 26, 9, 0, 0).unwrap();
/// TimezoneAware::new().frozen_at(at).scope(|| assert_eq!(utcnow_aware(), at));
/// ```
#[inline]
#[must_use]
pub fn utcnow_aware() -> DateTime<Utc> {
    context::ambient_now()
}

/// The README's example, compiled and run as a doctest.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
struct ReadmeDoctests;
