//! Sources of "now", after `java.time.Clock`.

// Arithmetic near chrono's limits: an overflow here must be impossible, not
// merely unlikely.
#![warn(clippy::indexing_slicing, clippy::arithmetic_side_effects)]

use core::fmt;
use std::cell::Cell;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{SystemTime, UNIX_EPOCH};

use chrono::{DateTime, NaiveDate, NaiveTime, TimeDelta, Utc};

#[cfg(feature = "tokio")]
mod tokio_clock;
#[cfg(feature = "tokio")]
pub use self::tokio_clock::TokioClock;

/// A source of the current instant.
///
/// tzsafe reads "now" only through a `Clock`, and which clock is used is set
/// per thread by [`TimezoneAware`](crate::TimezoneAware), so tests can freeze,
/// shift or move time without touching the code under test.
///
/// # Example
///
/// ```
/// use chrono::{DateTime, Utc};
/// use tzsafe::Clock;
///
/// /// A clock that always reads the Unix epoch.
/// struct Epoch;
///
/// impl Clock for Epoch {
///     fn now(&self) -> DateTime<Utc> {
///         DateTime::UNIX_EPOCH
///     }
/// }
///
/// let ctx = tzsafe::TimezoneAware::new().clock(Epoch);
/// assert_eq!(ctx.now(), DateTime::UNIX_EPOCH);
/// ```
pub trait Clock: Send + Sync {
    /// The current instant according to this clock.
    ///
    /// # Example
    ///
    /// ```
    /// use chrono::TimeDelta;
    /// use tzsafe::{Clock, ManualClock};
    ///
    /// // Code that takes a `&dyn Clock` (or `impl Clock`) can be tested at any instant.
    /// fn is_weekend_rush(clock: &dyn Clock) -> bool {
    ///     use chrono::{Datelike, Timelike, Weekday};
    ///     let now = clock.now();
    ///     matches!(now.weekday(), Weekday::Sat | Weekday::Sun) && (17..20).contains(&now.hour())
    /// }
    ///
    /// let clock = ManualClock::new(tzsafe::parse_rfc3339("2026-11-28T16:59:59Z")?); // a Saturday
    /// assert!(!is_weekend_rush(&clock));
    /// clock.advance(TimeDelta::seconds(1));
    /// assert!(is_weekend_rush(&clock));
    /// # Ok::<(), tzsafe::Error>(())
    /// ```
    fn now(&self) -> DateTime<Utc>;
}

impl<C: Clock + ?Sized> Clock for Arc<C> {
    fn now(&self) -> DateTime<Utc> {
        (**self).now()
    }
}

impl<C: Clock + ?Sized> Clock for &C {
    fn now(&self) -> DateTime<Utc> {
        (**self).now()
    }
}

impl<C: Clock + ?Sized> Clock for Box<C> {
    fn now(&self) -> DateTime<Utc> {
        (**self).now()
    }
}

/// An instant a clock can be set to: chrono's `DateTime<Tz>` in any zone and,
/// with the feature `jiff`, `jiff::Timestamp` and `jiff::ZonedDateTime` (also
/// by reference). Every tzsafe function that sets or freezes a clock
/// ([`FixedClock::new`], [`ManualClock::new`], [`ManualClock::set`],
/// [`TimezoneAware::frozen_at`](crate::TimezoneAware::frozen_at),
/// [`TimezoneAware::set`](crate::TimezoneAware::set), the guard's `set`)
/// takes one.
///
/// Sealed: implemented by tzsafe only. Every value of these types is within
/// chrono's range, so the conversion cannot fail.
///
/// # Example
///
/// ```
/// use chrono::TimeZone;
/// use tzsafe::IntoInstant;
///
/// let ny: tzsafe::Zone = "America/New_York".parse()?;
/// let at = ny.with_ymd_and_hms(2026, 11, 1, 1, 30, 0).latest().unwrap(); // the second 01:30
/// assert_eq!(at.into_utc().to_rfc3339(), "2026-11-01T06:30:00+00:00");
/// # Ok::<(), tzsafe::Error>(())
/// ```
pub trait IntoInstant: sealed::Sealed {
    /// The instant, in UTC.
    fn into_utc(self) -> DateTime<Utc>;
}

impl<Tz: chrono::TimeZone> sealed::Sealed for DateTime<Tz> {}

impl<Tz: chrono::TimeZone> IntoInstant for DateTime<Tz> {
    #[inline]
    fn into_utc(self) -> DateTime<Utc> {
        self.to_utc()
    }
}

/// A length of time a clock can be moved by: chrono's `TimeDelta` and, with
/// the feature `jiff`, `jiff::SignedDuration`. Every tzsafe function that moves
/// a clock ([`ManualClock::advance`], [`OffsetClock::new`],
/// [`TimezoneAware::advance`](crate::TimezoneAware::advance), the guard's
/// `advance`) takes one, and so do the durations of the models.
///
/// Sealed: implemented by tzsafe only.
///
/// # Example
///
/// ```
/// use chrono::TimeDelta;
/// use tzsafe::IntoTimeDelta;
///
/// assert_eq!(TimeDelta::minutes(90).into_time_delta(), TimeDelta::minutes(90));
/// ```
pub trait IntoTimeDelta: sealed::Sealed {
    /// The length as a `TimeDelta`, saturating at `TimeDelta::MIN` /
    /// `TimeDelta::MAX` (about 292 million years, far beyond any instant
    /// chrono represents, so a saturated move still leaves chrono's range).
    fn into_time_delta(self) -> TimeDelta;
}

impl sealed::Sealed for TimeDelta {}

impl IntoTimeDelta for TimeDelta {
    #[inline]
    fn into_time_delta(self) -> TimeDelta {
        self
    }
}

/// The seal of [`IntoInstant`] and [`IntoTimeDelta`]: a public trait in a
/// module outside code cannot name.
pub(crate) mod sealed {
    /// Implemented by the types tzsafe's conversion traits accept.
    pub trait Sealed {}
}

/// The operating system's real-time clock.
///
/// Faster than `chrono::Utc::now()`: the calendar date of the current day is
/// cached per thread, so only the time of day is computed on each reading.
/// A system clock set before 1970 or beyond chrono's range still gives a
/// correct (respectively saturated) reading, never a panic.
///
/// # Example
///
/// ```
/// use tzsafe::{Clock, SystemClock};
///
/// let a = SystemClock.now();
/// let b = SystemClock.now();
/// assert!(a <= b || (a - b).num_seconds() < 5); // the system clock may step back
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct SystemClock;

thread_local! {
    /// The last day (days since 1970-01-01) read from the system clock on this
    /// thread, and its calendar date.
    static DAY_CACHE: Cell<(u64, NaiveDate)> = const { Cell::new((u64::MAX, NaiveDate::MIN)) };
}

impl Clock for SystemClock {
    #[inline]
    fn now(&self) -> DateTime<Utc> {
        system_now()
    }
}

/// Days from 0001-01-01 (day 1 of the common era) to 1970-01-01.
const UNIX_EPOCH_DAY_CE: u64 = 719_163;

#[inline]
pub(crate) fn system_now() -> DateTime<Utc> {
    let Ok(since) = SystemTime::now().duration_since(UNIX_EPOCH) else {
        return crate::aware::system_time_to_utc(SystemTime::now());
    };
    let secs = since.as_secs();
    let day = secs / 86_400;
    // `secs % 86_400` is below 86_400, so the cast cannot truncate.
    let second_of_day = (secs % 86_400) as u32;
    let date = match DAY_CACHE.try_with(|cache| {
        let (cached_day, cached_date) = cache.get();
        if cached_day == day {
            return Some(cached_date);
        }
        let date = date_of_unix_day(day)?;
        cache.set((day, date));
        Some(date)
    }) {
        Ok(Some(date)) => date,
        // Thread-local storage is gone (thread exit) or the day is out of range.
        _ => match date_of_unix_day(day) {
            Some(date) => date,
            None => return DateTime::<Utc>::MAX_UTC,
        },
    };
    match NaiveTime::from_num_seconds_from_midnight_opt(second_of_day, since.subsec_nanos()) {
        Some(time) => date.and_time(time).and_utc(),
        None => DateTime::<Utc>::MAX_UTC,
    }
}

#[cold]
fn date_of_unix_day(day: u64) -> Option<NaiveDate> {
    let ce = i32::try_from(day.checked_add(UNIX_EPOCH_DAY_CE)?).ok()?;
    NaiveDate::from_num_days_from_ce_opt(ce)
}

/// A clock that always reads the same instant.
///
/// # Example
///
/// ```
/// use chrono::{DateTime, Utc};
/// use tzsafe::{Clock, FixedClock};
///
/// let at: DateTime<Utc> = "2026-11-26T12:00:00Z".parse().unwrap();
/// assert_eq!(FixedClock::new(at).now(), at);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct FixedClock(DateTime<Utc>);

impl FixedClock {
    /// A clock that always reads `instant`, in any zone; it reads it back in UTC.
    ///
    /// # Example
    ///
    /// ```
    /// use chrono::{TimeZone, Utc};
    /// use tzsafe::{Clock, FixedClock};
    /// use tzsafe::Zone;
    ///
    /// // 01:30 on New York's fall-back night is ambiguous; an aware value is not.
    /// let ny: Zone = "America/New_York".parse()?;
    /// let second_0130 = ny.with_ymd_and_hms(2026, 11, 1, 1, 30, 0).latest().unwrap();
    /// let clock = FixedClock::new(second_0130);
    /// assert_eq!(clock.now(), Utc.with_ymd_and_hms(2026, 11, 1, 6, 30, 0).unwrap());
    /// assert_eq!(clock.now(), clock.now()); // it never moves
    /// # Ok::<(), tzsafe::Error>(())
    /// ```
    #[must_use]
    pub fn new(instant: impl IntoInstant) -> Self {
        FixedClock(instant.into_utc())
    }
}

impl Clock for FixedClock {
    #[inline]
    fn now(&self) -> DateTime<Utc> {
        self.0
    }
}

/// The system clock shifted by a constant: time passes, but starting from a
/// different point (time-machine's `travel(..., tick=True)`).
///
/// Readings saturate at chrono's limits instead of overflowing.
///
/// # Example
///
/// ```
/// use chrono::{TimeDelta, Utc};
/// use tzsafe::{Clock, OffsetClock};
///
/// let tomorrow = OffsetClock::new(TimeDelta::days(1));
/// let diff = tomorrow.now() - Utc::now();
/// assert!(diff > TimeDelta::hours(23) && diff <= TimeDelta::days(1));
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct OffsetClock(TimeDelta);

impl OffsetClock {
    /// The system clock plus `offset` (negative to go back).
    ///
    /// # Example
    ///
    /// ```
    /// use chrono::{TimeDelta, Utc};
    /// use tzsafe::{Clock, OffsetClock, TimezoneAware};
    ///
    /// // Run the code under test as if it were an hour ago, with time still passing.
    /// let ctx = TimezoneAware::new().clock(OffsetClock::new(TimeDelta::hours(-1)));
    /// let lag = Utc::now() - ctx.now();
    /// assert!(lag >= TimeDelta::minutes(59) && lag <= TimeDelta::hours(1) + TimeDelta::seconds(5));
    ///
    /// // Readings saturate at chrono's limits instead of overflowing.
    /// assert_eq!(OffsetClock::new(TimeDelta::MAX).now(), chrono::DateTime::<Utc>::MAX_UTC);
    /// ```
    #[must_use]
    pub fn new(offset: impl IntoTimeDelta) -> Self {
        OffsetClock(offset.into_time_delta())
    }

    /// The constant added to the system clock.
    #[must_use]
    pub fn offset(&self) -> TimeDelta {
        self.0
    }
}

impl Clock for OffsetClock {
    fn now(&self) -> DateTime<Utc> {
        saturating_add(system_now(), self.0)
    }
}

/// `at + delta`, clamped to chrono's range.
pub(crate) fn saturating_add(at: DateTime<Utc>, delta: TimeDelta) -> DateTime<Utc> {
    at.checked_add_signed(delta)
        .unwrap_or(if delta < TimeDelta::zero() {
            DateTime::<Utc>::MIN_UTC
        } else {
            DateTime::<Utc>::MAX_UTC
        })
}

/// A clock that only moves when told to: a shared handle, so the test that
/// holds one copy moves the time every other copy reads (including contexts
/// handed to other threads).
///
/// Moves saturate at chrono's limits instead of overflowing.
///
/// # Example
///
/// ```
/// use chrono::{DateTime, TimeDelta, Utc};
/// use tzsafe::{Clock, ManualClock};
///
/// let start: DateTime<Utc> = "2026-11-01T05:00:00Z".parse().unwrap();
/// let clock = ManualClock::new(start);
/// let handle = clock.clone();
/// handle.advance(TimeDelta::minutes(90));
/// assert_eq!(clock.now(), start + TimeDelta::minutes(90));
/// clock.set(DateTime::UNIX_EPOCH);
/// assert_eq!(handle.now(), DateTime::UNIX_EPOCH);
/// ```
#[derive(Clone)]
pub struct ManualClock {
    now: Arc<Mutex<DateTime<Utc>>>,
}

impl ManualClock {
    /// A clock reading `instant` until moved.
    ///
    /// # Example
    ///
    /// ```
    /// use tzsafe::{Clock, ManualClock};
    ///
    /// let clock = ManualClock::new(tzsafe::parse_rfc3339("2026-11-01T01:30:00-04:00")?);
    /// assert_eq!(clock.now().to_rfc3339(), "2026-11-01T05:30:00+00:00");
    /// std::thread::sleep(std::time::Duration::from_millis(5));
    /// assert_eq!(clock.now().to_rfc3339(), "2026-11-01T05:30:00+00:00"); // real time does not move it
    /// # Ok::<(), tzsafe::Error>(())
    /// ```
    #[must_use]
    pub fn new(instant: impl IntoInstant) -> Self {
        ManualClock {
            now: Arc::new(Mutex::new(instant.into_utc())),
        }
    }

    /// Moves the time by `delta` (back when negative) and returns the new time.
    ///
    /// # Example
    ///
    /// ```
    /// use chrono::{DateTime, TimeDelta, Utc};
    /// use tzsafe::{is_past_datetime, ManualClock, TimezoneAware};
    /// use tzsafe::Zone;
    ///
    /// // A naive New York expiry at 01:30 on fall-back night: Compatible reads the
    /// // first 01:30, 05:30Z. Walk the clock across it.
    /// let expires_at = tzsafe::parse_naive("2026-11-01T01:30:00")?;
    /// let clock = ManualClock::new(tzsafe::parse_rfc3339("2026-11-01T05:00:00Z")?);
    /// let _guard = TimezoneAware::new()
    ///     .default_tz("America/New_York".parse::<Zone>()?)
    ///     .clock(clock.clone())
    ///     .enter();
    /// assert!(!is_past_datetime(expires_at)?);
    /// assert_eq!(clock.advance(TimeDelta::minutes(31)).to_rfc3339(), "2026-11-01T05:31:00+00:00");
    /// assert!(is_past_datetime(expires_at)?);
    ///
    /// // Moves saturate at chrono's limits.
    /// clock.set(DateTime::<Utc>::MAX_UTC);
    /// assert_eq!(clock.advance(TimeDelta::days(1)), DateTime::<Utc>::MAX_UTC);
    /// # Ok::<(), tzsafe::Error>(())
    /// ```
    pub fn advance(&self, delta: impl IntoTimeDelta) -> DateTime<Utc> {
        let delta = delta.into_time_delta();
        self.update(|now| saturating_add(now, delta))
    }

    /// Moves the time to `instant` (in any zone) and returns it in UTC; back in
    /// time is allowed.
    ///
    /// # Example
    ///
    /// ```
    /// use tzsafe::{Clock, ManualClock};
    ///
    /// let clock = ManualClock::new(tzsafe::parse_rfc3339("2026-11-26T12:00:00Z")?);
    /// let earlier = clock.set(tzsafe::parse_rfc3339("2026-11-26T09:00:00+05:30")?);
    /// assert_eq!(earlier.to_rfc3339(), "2026-11-26T03:30:00+00:00");
    /// assert_eq!(clock.now(), earlier);
    /// # Ok::<(), tzsafe::Error>(())
    /// ```
    pub fn set(&self, instant: impl IntoInstant) -> DateTime<Utc> {
        let instant = instant.into_utc();
        self.update(|_| instant)
    }

    /// Moves the time by `delta` unless that leaves chrono's range: the new
    /// time, or the unchanged time as the error.
    pub(crate) fn checked_advance(&self, delta: TimeDelta) -> Result<DateTime<Utc>, DateTime<Utc>> {
        let mut now = self.now.lock().unwrap_or_else(PoisonError::into_inner);
        let moved = now.checked_add_signed(delta).ok_or(*now)?;
        *now = moved;
        Ok(moved)
    }

    /// Whether `self` and `other` are handles to the same clock: clones are,
    /// two clocks made with [`ManualClock::new`] are not, even at the same time.
    ///
    /// # Example
    ///
    /// ```
    /// use chrono::{DateTime, TimeDelta};
    /// use tzsafe::{Clock, ManualClock};
    ///
    /// let clock = ManualClock::new(DateTime::UNIX_EPOCH);
    /// let handle = clock.clone();
    /// let other = ManualClock::new(DateTime::UNIX_EPOCH);
    /// assert!(clock.same_clock(&handle));
    /// assert!(!clock.same_clock(&other));
    ///
    /// handle.advance(TimeDelta::seconds(1));
    /// assert_eq!(clock.now().timestamp(), 1); // moved through the handle
    /// assert_eq!(other.now().timestamp(), 0);
    /// ```
    #[must_use]
    pub fn same_clock(&self, other: &ManualClock) -> bool {
        Arc::ptr_eq(&self.now, &other.now)
    }

    fn update(&self, f: impl FnOnce(DateTime<Utc>) -> DateTime<Utc>) -> DateTime<Utc> {
        // A panic elsewhere cannot leave a half-written DateTime, so a poisoned
        // lock still holds a valid time.
        let mut guard = self.now.lock().unwrap_or_else(PoisonError::into_inner);
        *guard = f(*guard);
        *guard
    }
}

impl Clock for ManualClock {
    fn now(&self) -> DateTime<Utc> {
        *self.now.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

impl fmt::Debug for ManualClock {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("ManualClock").field(&self.now()).finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn system_clock_agrees_with_chrono() {
        for _ in 0..1000 {
            let before = Utc::now();
            let ours = SystemClock.now();
            let after = Utc::now();
            assert!(before <= ours && ours <= after, "{before} {ours} {after}");
        }
    }

    #[test]
    fn date_cache_handles_day_boundaries() {
        assert_eq!(date_of_unix_day(0), NaiveDate::from_ymd_opt(1970, 1, 1));
        assert_eq!(
            date_of_unix_day(20_783),
            NaiveDate::from_ymd_opt(2026, 11, 26)
        );
        assert_eq!(date_of_unix_day(u64::MAX), None);
        assert_eq!(date_of_unix_day(200_000_000), None);
    }

    #[test]
    fn manual_and_offset_saturate() {
        let clock = ManualClock::new(DateTime::<Utc>::MAX_UTC);
        assert_eq!(clock.advance(TimeDelta::days(1)), DateTime::<Utc>::MAX_UTC);
        clock.set(DateTime::<Utc>::MIN_UTC);
        assert_eq!(clock.advance(-TimeDelta::days(1)), DateTime::<Utc>::MIN_UTC);
        assert_eq!(
            OffsetClock::new(TimeDelta::MAX).now(),
            DateTime::<Utc>::MAX_UTC
        );
        assert_eq!(
            OffsetClock::new(TimeDelta::MIN).now(),
            DateTime::<Utc>::MIN_UTC
        );
    }
}
