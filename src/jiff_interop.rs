//! jiff 1.x as a peer of chrono (feature `jiff`): [`MaybeAware`] from and to
//! `jiff::Timestamp`, `jiff::civil::DateTime` and `jiff::ZonedDateTime`;
//! `jiff::SignedDuration` and `jiff::Timestamp` where tzsafe takes a
//! duration or sets a clock; [`ToJiff`] for the values tzsafe returns; "now"
//! as jiff values; and, in `zone.rs`, [`Zone`](crate::Zone) from and to
//! `jiff::tz::TimeZone`.
//!
//! # Results as jiff values
//!
//! tzsafe keeps one API, on chrono's types: every function that takes a
//! datetime takes `impl Into<MaybeAware>`, so jiff values go in as chrono's
//! do, and what comes back (a `DateTime<Utc>`, a `NaiveDateTime`, a
//! `TimeDelta`, a `Zone`) turns into jiff's type with [`ToJiff::to_jiff`]
//! rather than through a second, `_jiff`-suffixed copy of each function. The
//! exceptions are "now" ([`now_timestamp`], [`now_zoned`] and the
//! context's methods of the same names), which a jiff service asks for
//! everywhere, and whose conversion would either need a `?` for a reading
//! that should not fail or, for the zoned form, the context's zone as well.

// Arithmetic near the limits of chrono and jiff: an overflow here must be
// impossible, not merely unlikely.
#![warn(clippy::indexing_slicing, clippy::arithmetic_side_effects)]

mod zone;

pub use self::zone::now_zoned;

use chrono::{
    DateTime, Datelike, FixedOffset, NaiveDateTime, NaiveTime, Offset as _, TimeDelta, TimeZone,
    Timelike, Utc,
};
use jiff::{civil, SignedDuration, Timestamp, ZonedDateTime};

use crate::ambient::ambient_now;
use crate::aware::MaybeAware;
use crate::clock::{sealed::Sealed, IntoInstant, IntoTimeDelta};
use crate::context::TimezoneAware;
use crate::error::{Error, ErrorKind};

// ---------------------------------------------------------------------------
// The conversions, one function each way.

/// `ts` as a chrono instant. Total: jiff's range (years -9999 to 9999) is
/// inside chrono's.
#[inline]
pub(crate) fn utc_of(ts: Timestamp) -> DateTime<Utc> {
    let (secs, nanos) = (ts.as_second(), ts.subsec_nanosecond());
    // jiff's fraction has the timestamp's sign, chrono's is never negative.
    // Neither step can overflow: |secs| < 2^39 and |nanos| < 10^9.
    let (secs, nanos) = if nanos < 0 {
        (secs.wrapping_sub(1), nanos.wrapping_add(1_000_000_000))
    } else {
        (secs, nanos)
    };
    DateTime::from_timestamp(secs, nanos.unsigned_abs()).unwrap_or(DateTime::<Utc>::MIN_UTC)
}

/// The instant `utc` (chrono's UTC wall time of an instant) as a jiff
/// timestamp, or `None` outside jiff's range. A leap second (chrono's fraction
/// of a second at or above 10^9) becomes the last nanosecond of second 59:
/// jiff has no leap seconds (the `time` conversion does the same).
#[inline]
fn timestamp_of(utc: &NaiveDateTime) -> Option<Timestamp> {
    let nanos = utc.nanosecond().min(999_999_999);
    // Below 10^9, so the cast cannot truncate.
    Timestamp::new(utc.and_utc().timestamp(), nanos as i32).ok()
}

/// `dt` as a chrono wall time. Total: every jiff date is one of chrono's.
#[inline]
fn naive_of(dt: civil::DateTime) -> NaiveDateTime {
    // jiff's fields are in range (month 1-12, hour 0-23, ...), so non-negative.
    let field = |value: i8| u32::from(value.unsigned_abs());
    let date = crate::parse::date_of(i32::from(dt.year()), field(dt.month()), field(dt.day()));
    // One number of seconds, checked once (below 86,400: jiff's hour, minute
    // and second are below 24, 60 and 60).
    let second_of_day = field(dt.hour())
        .wrapping_mul(3600)
        .wrapping_add(field(dt.minute()).wrapping_mul(60))
        .wrapping_add(field(dt.second()));
    let time = NaiveTime::from_num_seconds_from_midnight_opt(
        second_of_day,
        dt.subsec_nanosecond().unsigned_abs(),
    );
    match (date, time) {
        (Some(date), Some(time)) => date.and_time(time),
        // Never: every jiff date and time exists in chrono.
        _ => NaiveDateTime::MIN,
    }
}

/// The wall time `naive` as a jiff civil datetime, or `None` outside jiff's
/// years. A leap second becomes the last nanosecond of second 59.
fn civil_of(naive: &NaiveDateTime) -> Option<civil::DateTime> {
    let year = i16::try_from(naive.year()).ok()?;
    // chrono's month, day, hour, minute and second fit in an i8.
    let small = |value: u32| i8::try_from(value).ok();
    let nanos = naive.nanosecond().min(999_999_999);
    civil::DateTime::new(
        year,
        small(naive.month())?,
        small(naive.day())?,
        small(naive.hour())?,
        small(naive.minute())?,
        small(naive.second())?,
        i32::try_from(nanos).ok()?,
    )
    .ok()
}

/// An aware value at `ts` with `offset`. jiff's offsets reach ±25:59:59 and
/// chrono's ±23:59:59: a larger one (no zone has one) is clamped, keeping the
/// instant, as the `time` crate's are.
#[inline]
fn aware_of(ts: Timestamp, offset: jiff::tz::Offset) -> MaybeAware {
    let seconds = offset.seconds().clamp(-86_399, 86_399);
    let offset = FixedOffset::east_opt(seconds).unwrap_or_else(|| Utc.fix());
    MaybeAware::Aware(utc_of(ts).with_timezone(&offset))
}

/// jiff's offset for chrono's: always in range (chrono's are below a day).
fn offset_of(offset: FixedOffset) -> jiff::tz::Offset {
    jiff::tz::Offset::from_seconds(offset.local_minus_utc()).unwrap_or(jiff::tz::Offset::UTC)
}

/// A chrono instant as a jiff timestamp, saturating at jiff's limits: for
/// "now", which a clock may put anywhere in chrono's range.
fn saturating_timestamp(utc: DateTime<Utc>) -> Timestamp {
    timestamp_of(&utc.naive_utc()).unwrap_or(if utc.timestamp() < 0 {
        Timestamp::MIN
    } else {
        Timestamp::MAX
    })
}

#[cold]
fn timestamp_out_of_range(value: MaybeAware) -> Error {
    Error::message(
        ErrorKind::OutOfRange,
        format!(
            "{value} is outside the range of jiff::Timestamp ({} to {})",
            MaybeAware::from(utc_of(Timestamp::MIN)),
            MaybeAware::from(utc_of(Timestamp::MAX)),
        ),
    )
}

#[cold]
fn civil_out_of_range(naive: &NaiveDateTime) -> Error {
    Error::message(
        ErrorKind::OutOfRange,
        format!(
            "{} is outside the range of jiff::civil::DateTime (years -9999 to 9999)",
            MaybeAware::Naive(*naive)
        ),
    )
}

// ---------------------------------------------------------------------------
// Into `MaybeAware`.

impl From<Timestamp> for MaybeAware {
    /// An aware value at UTC, to the nanosecond.
    ///
    /// # Example
    ///
    /// ```
    /// use jiff::Timestamp;
    /// use tzsafe::{is_past_datetime, MaybeAware, TimezoneAware};
    ///
    /// let ts: Timestamp = "2026-11-26T09:30:00.123456789Z".parse()?;
    /// assert_eq!(MaybeAware::from(ts).to_string(), "2026-11-26T09:30:00.123456789Z");
    ///
    /// // So every tzsafe function takes a Timestamp as it is.
    /// let _guard = TimezoneAware::new().frozen_at(ts).enter();
    /// assert!(is_past_datetime(ts - jiff::SignedDuration::from_nanos(1))?);
    /// assert!(!is_past_datetime(ts)?);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[inline]
    fn from(ts: Timestamp) -> Self {
        MaybeAware::Aware(utc_of(ts).fixed_offset())
    }
}

impl From<&Timestamp> for MaybeAware {
    #[inline]
    fn from(ts: &Timestamp) -> Self {
        MaybeAware::from(*ts)
    }
}

impl From<civil::DateTime> for MaybeAware {
    /// A naive value: a civil datetime has no offset, and none is invented.
    ///
    /// # Example
    ///
    /// ```
    /// use jiff::civil::date;
    /// use tzsafe::{ensure_timezone_aware, MaybeAware, Zone};
    ///
    /// let row = date(2026, 11, 1).at(1, 30, 0, 0);
    /// assert_eq!(MaybeAware::from(row).to_string(), "2026-11-01T01:30:00");
    /// // Read in a zone like any naive value: the first 01:30 of New York's fall-back night.
    /// let ny: Zone = "America/New_York".parse()?;
    /// assert_eq!(ensure_timezone_aware(row, &ny)?.to_rfc3339(), "2026-11-01T05:30:00+00:00");
    /// # Ok::<(), tzsafe::Error>(())
    /// ```
    #[inline]
    fn from(dt: civil::DateTime) -> Self {
        MaybeAware::Naive(naive_of(dt))
    }
}

impl From<&civil::DateTime> for MaybeAware {
    #[inline]
    fn from(dt: &civil::DateTime) -> Self {
        MaybeAware::from(*dt)
    }
}

impl From<ZonedDateTime> for MaybeAware {
    /// An aware value: the same instant with the zone's offset at that
    /// instant (the zone itself is not kept). jiff allows offsets up to
    /// ±25:59:59 and chrono up to ±23:59:59: a larger one (no zone of the tz
    /// database has one) is clamped to ±23:59:59, keeping the instant.
    ///
    /// # Example
    ///
    /// ```
    /// use jiff::tz::offset;
    /// use tzsafe::MaybeAware;
    ///
    /// // The second 01:30 of New York's fall-back night, at -05:00.
    /// let zdt = jiff::civil::date(2026, 11, 1).at(1, 30, 0, 0).to_zoned_datetime(offset(-5).to_time_zone())?;
    /// assert_eq!(MaybeAware::from(&zdt).to_string(), "2026-11-01T01:30:00-05:00");
    /// assert_eq!(MaybeAware::from(zdt).aware().unwrap().to_utc().to_rfc3339(), "2026-11-01T06:30:00+00:00");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[inline]
    fn from(zdt: ZonedDateTime) -> Self {
        MaybeAware::from(&zdt)
    }
}

impl From<&ZonedDateTime> for MaybeAware {
    #[inline]
    fn from(zdt: &ZonedDateTime) -> Self {
        aware_of(zdt.timestamp(), zdt.offset())
    }
}

// ---------------------------------------------------------------------------
// Out of `MaybeAware`.

impl TryFrom<MaybeAware> for Timestamp {
    type Error = Error;

    /// An aware value as a jiff timestamp, to the nanosecond (a leap second
    /// becomes the last nanosecond of second 59: jiff has no leap seconds).
    ///
    /// # Errors
    ///
    /// [`ErrorKind::WrongKind`] for a naive value (read it in a zone first,
    /// with [`ensure_timezone_aware`](crate::ensure_timezone_aware));
    /// [`ErrorKind::OutOfRange`] for an instant outside jiff's range, which
    /// ends about a day inside the years -9999 and 9999.
    ///
    /// # Example
    ///
    /// ```
    /// use jiff::Timestamp;
    /// use tzsafe::{parse, ErrorKind};
    ///
    /// let ts = Timestamp::try_from(parse("2026-11-01T01:30:00.5-05:00")?)?;
    /// assert_eq!(ts.to_string(), "2026-11-01T06:30:00.5Z");
    ///
    /// let err = Timestamp::try_from(parse("2026-11-01T01:30:00")?).unwrap_err();
    /// assert_eq!(err.kind(), ErrorKind::WrongKind);
    /// assert_eq!(
    ///     err.to_string(),
    ///     "2026-11-01T01:30:00 has no UTC offset; read it in a zone with ensure_timezone_aware \
    ///      before converting to jiff::Timestamp",
    /// );
    ///
    /// let err = Timestamp::try_from(parse("9999-12-31T00:00:00Z")?).unwrap_err();
    /// assert_eq!(err.kind(), ErrorKind::OutOfRange);
    /// assert_eq!(
    ///     err.to_string(),
    ///     "9999-12-31T00:00:00Z is outside the range of jiff::Timestamp \
    ///      (-009999-01-02T01:59:59Z to 9999-12-30T22:00:00.999999999Z)",
    /// );
    /// # Ok::<(), tzsafe::Error>(())
    /// ```
    #[inline]
    fn try_from(value: MaybeAware) -> Result<Self, Error> {
        match value {
            MaybeAware::Aware(aware) => {
                timestamp_of(&aware.naive_utc()).ok_or_else(|| timestamp_out_of_range(value))
            }
            MaybeAware::Naive(naive) => Err(Error::naive_has_no_offset(naive, "jiff::Timestamp")),
        }
    }
}

impl TryFrom<MaybeAware> for civil::DateTime {
    type Error = Error;

    /// A naive value as a jiff civil datetime.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::WrongKind`] for an aware value (its offset is never
    /// dropped: use [`MaybeAware::wall_time`] to mean it);
    /// [`ErrorKind::OutOfRange`] for a year outside -9999 to 9999.
    ///
    /// # Example
    ///
    /// ```
    /// use jiff::civil;
    /// use tzsafe::{parse, ErrorKind};
    ///
    /// let row = civil::DateTime::try_from(parse("2026-11-01 01:30:00.25")?)?;
    /// assert_eq!(row, civil::date(2026, 11, 1).at(1, 30, 0, 250_000_000));
    ///
    /// let err = civil::DateTime::try_from(parse("2026-11-01T01:30:00-04:00")?).unwrap_err();
    /// assert_eq!(err.kind(), ErrorKind::WrongKind);
    /// assert_eq!(
    ///     err.to_string(),
    ///     "2026-11-01T01:30:00-04:00 has a UTC offset; a jiff::civil::DateTime would drop it \
    ///      (convert to jiff::Timestamp or jiff::ZonedDateTime instead)",
    /// );
    ///
    /// let err = civil::DateTime::try_from(parse("+012026-11-01T01:30:00")?).unwrap_err();
    /// assert_eq!(err.kind(), ErrorKind::OutOfRange);
    /// assert_eq!(
    ///     err.to_string(),
    ///     "+012026-11-01T01:30:00 is outside the range of jiff::civil::DateTime (years -9999 to 9999)",
    /// );
    /// # Ok::<(), tzsafe::Error>(())
    /// ```
    fn try_from(value: MaybeAware) -> Result<Self, Error> {
        match value {
            MaybeAware::Naive(naive) => civil_of(&naive).ok_or_else(|| civil_out_of_range(&naive)),
            MaybeAware::Aware(aware) => Err(Error::offset_would_be_dropped(
                aware,
                "jiff::civil::DateTime",
                "jiff::Timestamp or jiff::ZonedDateTime",
            )),
        }
    }
}

impl TryFrom<MaybeAware> for ZonedDateTime {
    type Error = Error;

    /// An aware value as a jiff zoned datetime in the fixed-offset zone of
    /// its offset (a `MaybeAware` knows its offset, not the zone it came
    /// from: convert a [`Zone`](crate::Zone) for a zone's rules).
    ///
    /// # Errors
    ///
    /// As for [`Timestamp`].
    ///
    /// # Example
    ///
    /// ```
    /// use jiff::ZonedDateTime;
    /// use tzsafe::parse;
    ///
    /// let zdt = ZonedDateTime::try_from(parse("2026-11-01T01:30:00-05:00")?)?;
    /// assert_eq!(zdt.to_string(), "2026-11-01T01:30:00-05:00[-05:00]");
    /// assert!(ZonedDateTime::try_from(parse("2026-11-01T01:30:00")?).is_err());
    /// # Ok::<(), tzsafe::Error>(())
    /// ```
    fn try_from(value: MaybeAware) -> Result<Self, Error> {
        match value {
            MaybeAware::Aware(aware) => {
                let ts = Timestamp::try_from(value)?;
                Ok(ts.to_zoned_datetime(offset_of(*aware.offset()).to_time_zone()))
            }
            MaybeAware::Naive(naive) => {
                Err(Error::naive_has_no_offset(naive, "jiff::ZonedDateTime"))
            }
        }
    }
}

// ---------------------------------------------------------------------------
// Clocks: jiff instants and durations where tzsafe sets or moves one.

impl Sealed for Timestamp {}

impl IntoInstant for Timestamp {
    /// # Example
    ///
    /// ```
    /// use tzsafe::{IntoInstant, ManualClock};
    ///
    /// let ts: jiff::Timestamp = "2026-11-26T09:30:00Z".parse()?;
    /// assert_eq!(ts.into_utc().to_rfc3339(), "2026-11-26T09:30:00+00:00");
    /// let clock = ManualClock::new(ts); // as a chrono instant would be
    /// clock.advance(jiff::SignedDuration::from_mins(30));
    /// assert_eq!(tzsafe::Clock::now(&clock).to_rfc3339(), "2026-11-26T10:00:00+00:00");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[inline]
    fn into_utc(self) -> DateTime<Utc> {
        utc_of(self)
    }
}

impl Sealed for ZonedDateTime {}

impl IntoInstant for ZonedDateTime {
    #[inline]
    fn into_utc(self) -> DateTime<Utc> {
        utc_of(self.timestamp())
    }
}

impl Sealed for &ZonedDateTime {}

impl IntoInstant for &ZonedDateTime {
    #[inline]
    fn into_utc(self) -> DateTime<Utc> {
        utc_of(self.timestamp())
    }
}

impl Sealed for SignedDuration {}

impl IntoTimeDelta for SignedDuration {
    /// The same length to the nanosecond, saturating beyond `TimeDelta`'s
    /// range (about ±292 million years; jiff's reaches ±292 billion).
    ///
    /// # Example
    ///
    /// ```
    /// use chrono::TimeDelta;
    /// use jiff::SignedDuration;
    /// use tzsafe::IntoTimeDelta;
    ///
    /// assert_eq!(SignedDuration::new(-90, -5).into_time_delta(), TimeDelta::seconds(-90) - TimeDelta::nanoseconds(5));
    /// assert_eq!(SignedDuration::MAX.into_time_delta(), TimeDelta::MAX);
    /// ```
    fn into_time_delta(self) -> TimeDelta {
        TimeDelta::try_seconds(self.as_secs())
            .and_then(|secs| {
                secs.checked_add(&TimeDelta::nanoseconds(i64::from(self.subsec_nanos())))
            })
            .unwrap_or(if self.is_negative() {
                TimeDelta::MIN
            } else {
                TimeDelta::MAX
            })
    }
}

// ---------------------------------------------------------------------------
// Results as jiff values.

/// The values tzsafe returns, as jiff's types: `DateTime<Tz>` as a
/// `jiff::Timestamp`, `NaiveDateTime` as a `jiff::civil::DateTime`,
/// `TimeDelta` as a `jiff::SignedDuration`, `FixedOffset` as a
/// `jiff::tz::Offset`, [`Zone`](crate::Zone) as a `jiff::tz::TimeZone`
/// (feature `jiff`).
///
/// A trait because Rust's orphan rule forbids tzsafe a `From` between two
/// other crates' types; see the [crate docs](crate#jiff) for why tzsafe
/// returns chrono's types and offers this rather than `_jiff` forms of its
/// functions.
///
/// # Example
///
/// ```
/// use jiff::civil::date;
/// use tzsafe::{ensure_timezone_aware, ToJiff, Zone};
///
/// let ny: Zone = "America/New_York".parse()?;
/// let starts_at = ensure_timezone_aware(date(2026, 3, 8).at(2, 30, 0, 0), &ny)?.to_jiff()?;
/// assert_eq!(starts_at.to_string(), "2026-03-08T07:30:00Z"); // in the gap: moved to 03:30 EDT
/// # Ok::<(), tzsafe::Error>(())
/// ```
pub trait ToJiff {
    /// The jiff type.
    type Jiff;

    /// The value as jiff's type.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::OutOfRange`] for an instant or a wall time outside
    /// jiff's range (years -9999 to 9999; chrono's reach ±262,142); for a
    /// [`Zone`](crate::Zone), what its impl says (never for UTC, fixed
    /// offsets and the bundled zones); the other conversions never fail.
    fn to_jiff(&self) -> Result<Self::Jiff, Error>;
}

impl<Tz: TimeZone> ToJiff for DateTime<Tz> {
    type Jiff = Timestamp;

    /// # Example
    ///
    /// ```
    /// use tzsafe::{ToJiff, TimezoneAware};
    ///
    /// let ctx = TimezoneAware::new().frozen_at(tzsafe::parse_rfc3339("2026-11-26T09:30:00+05:30")?);
    /// assert_eq!(ctx.now().to_jiff()?.to_string(), "2026-11-26T04:00:00Z");
    ///
    /// let far = chrono::DateTime::<chrono::Utc>::MAX_UTC;
    /// assert_eq!(far.to_jiff().unwrap_err().kind(), tzsafe::ErrorKind::OutOfRange);
    /// # Ok::<(), tzsafe::Error>(())
    /// ```
    #[inline]
    fn to_jiff(&self) -> Result<Timestamp, Error> {
        let utc = self.naive_utc();
        timestamp_of(&utc).ok_or_else(|| timestamp_out_of_range(MaybeAware::from(utc.and_utc())))
    }
}

impl ToJiff for NaiveDateTime {
    type Jiff = civil::DateTime;

    /// # Example
    ///
    /// ```
    /// use tzsafe::ToJiff;
    ///
    /// let wall = tzsafe::parse("2026-11-26T15:00:00+05:30")?.wall_time().unwrap();
    /// assert_eq!(wall.to_jiff()?, jiff::civil::date(2026, 11, 26).at(15, 0, 0, 0));
    /// # Ok::<(), tzsafe::Error>(())
    /// ```
    fn to_jiff(&self) -> Result<civil::DateTime, Error> {
        civil_of(self).ok_or_else(|| civil_out_of_range(self))
    }
}

impl ToJiff for TimeDelta {
    type Jiff = SignedDuration;

    /// Never fails: jiff's durations reach further than chrono's.
    ///
    /// # Example
    ///
    /// ```
    /// use chrono::TimeDelta;
    /// use tzsafe::ToJiff;
    ///
    /// let back = -(TimeDelta::hours(1) + TimeDelta::nanoseconds(1));
    /// assert_eq!(back.to_jiff()?, jiff::SignedDuration::new(-3600, -1));
    /// # Ok::<(), tzsafe::Error>(())
    /// ```
    fn to_jiff(&self) -> Result<SignedDuration, Error> {
        Ok(SignedDuration::new(self.num_seconds(), self.subsec_nanos()))
    }
}

impl ToJiff for FixedOffset {
    type Jiff = jiff::tz::Offset;

    /// Never fails: jiff's offsets reach further than chrono's.
    ///
    /// # Example
    ///
    /// ```
    /// use tzsafe::{resolve, ToJiff, Zone};
    ///
    /// let kolkata: Zone = "Asia/Kolkata".parse()?;
    /// let resolved = resolve(jiff::civil::date(2026, 11, 26).at(9, 30, 0, 0), &kolkata)?;
    /// assert_eq!(resolved.offset().to_jiff()?.to_string(), "+05:30");
    /// # Ok::<(), tzsafe::Error>(())
    /// ```
    fn to_jiff(&self) -> Result<jiff::tz::Offset, Error> {
        Ok(offset_of(*self))
    }
}

// ---------------------------------------------------------------------------
// "Now" as jiff values.

impl TimezoneAware {
    /// "Now" according to this context's clock, as a `jiff::Timestamp`
    /// (feature `jiff`): what code on jiff calls instead of
    /// `jiff::Timestamp::now()`, so that a test can freeze and move it
    /// ([`frozen_at`](Self::frozen_at), [`ManualClock`](crate::ManualClock),
    /// [`TokioClock`](crate::TokioClock) with feature `tokio`). A clock set
    /// outside jiff's range (years -9999 to 9999) reads as jiff's nearest
    /// limit.
    ///
    /// # Example
    ///
    /// ```
    /// use jiff::{SignedDuration, Timestamp};
    /// use tzsafe::TimezoneAware;
    ///
    /// let start: Timestamp = "2026-11-26T09:30:00Z".parse()?;
    /// let ctx = TimezoneAware::new().frozen_at(start);
    /// assert_eq!(ctx.now_timestamp(), start);
    /// ctx.advance(SignedDuration::from_secs(90))?;
    /// assert_eq!(ctx.now_timestamp().to_string(), "2026-11-26T09:31:30Z");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[cfg_attr(docsrs, doc(cfg(feature = "jiff")))]
    #[must_use]
    #[inline]
    pub fn now_timestamp(&self) -> Timestamp {
        saturating_timestamp(self.now())
    }
}

/// The ambient "now" (see [`utcnow_aware`](crate::utcnow_aware)) as a
/// `jiff::Timestamp` (feature `jiff`): call it where code on jiff would call
/// `jiff::Timestamp::now()`, so that tests control it as they control every
/// other tzsafe reading of "now" (a frozen or manual clock, a guard, a
/// [`TokioClock`](crate::TokioClock) on tokio's paused time). Saturates at
/// jiff's limits like [`TimezoneAware::now_timestamp`].
///
/// # Example
///
/// ```
/// use jiff::{SignedDuration, Timestamp};
/// use tzsafe::{now_timestamp, TimezoneAware};
///
/// /// Code under test: has the token expired?
/// fn expired(expires_at: Timestamp) -> bool {
///     now_timestamp() >= expires_at
/// }
///
/// let issued: Timestamp = "2026-11-26T12:00:00Z".parse()?;
/// let guard = TimezoneAware::new().frozen_at(issued).enter();
/// let expires_at = issued + SignedDuration::from_mins(15);
/// assert!(!expired(expires_at));
/// guard.advance(SignedDuration::from_mins(15))?;
/// assert!(expired(expires_at));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[cfg_attr(docsrs, doc(cfg(feature = "jiff")))]
#[must_use]
#[inline]
pub fn now_timestamp() -> Timestamp {
    saturating_timestamp(ambient_now())
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    #[test]
    fn utc_of_negative_fractions() {
        let ts = Timestamp::new(-1, -1).unwrap();
        assert_eq!(
            utc_of(ts),
            DateTime::from_timestamp(-2, 999_999_999).unwrap()
        );
        assert_eq!(timestamp_of(&utc_of(ts).naive_utc()), Some(ts));
    }

    #[test]
    fn limits() {
        for ts in [Timestamp::MIN, Timestamp::MAX, Timestamp::UNIX_EPOCH] {
            assert_eq!(timestamp_of(&utc_of(ts).naive_utc()), Some(ts));
        }
        for dt in [civil::DateTime::MIN, civil::DateTime::MAX] {
            assert_eq!(civil_of(&naive_of(dt)), Some(dt));
        }
        let before = utc_of(Timestamp::MIN) - TimeDelta::nanoseconds(1);
        assert_eq!(timestamp_of(&before.naive_utc()), None);
        assert_eq!(saturating_timestamp(before), Timestamp::MIN);
        let after = utc_of(Timestamp::MAX) + TimeDelta::nanoseconds(1);
        assert_eq!(saturating_timestamp(after), Timestamp::MAX);
        assert_eq!(
            naive_of(civil::DateTime::MIN),
            NaiveDate::from_ymd_opt(-9999, 1, 1)
                .unwrap()
                .and_hms_opt(0, 0, 0)
                .unwrap()
        );
    }
}
