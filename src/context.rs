//! `TimezoneAware`: the clock, default zone and policies that tzsafe's free
//! functions use, and the guard that makes a context ambient on one thread.

use core::any::Any;
use core::cmp::Ordering;
use core::fmt;
use std::sync::Arc;

use chrono::{DateTime, TimeDelta, TimeZone, Utc};

use crate::aware::MaybeAware;
use crate::clock::{system_now, Clock, FixedClock, ManualClock, OffsetClock, SystemClock};
use crate::compare::CmpOp;
use crate::error::{Error, ErrorKind};
use crate::resolve::{naive_to_resolved, naive_to_utc, Disambiguation, Resolved};
use crate::zone::Zone;

/// What a context does with a naive (offset-less) value.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum NaivePolicy {
    /// Read it as wall time in the context's default zone (the default).
    #[default]
    AssumeDefaultZone,
    /// Refuse it with an [`ErrorKind::NaiveRejected`] error.
    Reject,
}

/// Where a context reads "now".
#[derive(Clone)]
pub(crate) enum ClockSource {
    System,
    Fixed(DateTime<Utc>),
    Offset(TimeDelta),
    Manual(ManualClock),
    Custom(Arc<dyn Clock>),
}

impl ClockSource {
    #[inline]
    pub(crate) fn now(&self) -> DateTime<Utc> {
        match self {
            ClockSource::System => system_now(),
            ClockSource::Fixed(at) => *at,
            ClockSource::Offset(delta) => OffsetClock::new(*delta).now(),
            ClockSource::Manual(clock) => clock.now(),
            ClockSource::Custom(clock) => clock.now(),
        }
    }
}

impl fmt::Debug for ClockSource {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ClockSource::System => f.write_str("SystemClock"),
            ClockSource::Fixed(at) => write!(f, "FixedClock({at:?})"),
            ClockSource::Offset(delta) => write!(f, "OffsetClock({delta:?})"),
            ClockSource::Manual(clock) => fmt::Debug::fmt(clock, f),
            ClockSource::Custom(_) => f.write_str("Clock(..)"),
        }
    }
}

/// The context in which naive values are read and "now" is taken: a clock, a
/// default zone, a [`Disambiguation`] policy and a [`NaivePolicy`].
///
/// Use it explicitly through its methods, or make it *ambient* on the current
/// thread with [`enter`](Self::enter) / [`scope`](Self::scope), so that the free
/// functions ([`utcnow_aware`](crate::utcnow_aware),
/// [`safe_datetime_compare`](crate::safe_datetime_compare),
/// [`is_past_datetime`](crate::is_past_datetime), ...) use it. With no guard
/// active, the ambient context is the process-wide one of
/// [`set_global_default`](crate::set_global_default) if it was set, else
/// [`TimezoneAware::new()`]: the system clock, UTC,
/// [`Disambiguation::Compatible`], naive values assumed to be UTC.
///
/// # Threads and async tasks
///
/// A guard is **per thread**: a thread you spawn does not see it (take the
/// context with [`TimezoneAware::current`], it is `Clone + Send + Sync`, and
/// `enter` it there), and it cannot be held across an `.await` in a task that
/// may move between threads. For a task, wrap its future with
/// [`scope_future`](Self::scope_future): the context is then ambient during
/// each of the task's polls, wherever they run. For the whole process, use
/// [`set_global_default`](crate::set_global_default) at start-up. A frozen
/// clock made with [`frozen_at`](Self::frozen_at) is shared by all clones, so
/// moving it moves time for every thread and task that was handed the context.
///
/// # Nesting, drop order and panics
///
/// Guards nest: the ambient context is always the one of the most recently
/// entered guard that is still alive. Dropping a guard removes exactly its own
/// context, wherever it is in the stack, so dropping guards out of order never
/// resurrects a context that has already been dropped. When a panic unwinds
/// through a guard, the guard is dropped like any other value and its context
/// stops being ambient; a `catch_unwind` therefore sees the state from before
/// the guard was entered. A guard leaked with `mem::forget` stays in effect
/// until its thread ends.
///
/// # Example
///
/// ```
/// use chrono::{NaiveDate, TimeDelta, TimeZone, Utc};
/// use tzsafe::{is_past_datetime, utcnow_aware, TimezoneAware};
///
/// let frozen = Utc.with_ymd_and_hms(2026, 11, 1, 5, 0, 0).unwrap();
/// let guard = TimezoneAware::new()
///     .default_tz(chrono_tz::America::New_York)
///     .frozen_at(frozen)
///     .enter();
/// assert_eq!(utcnow_aware(), frozen);
///
/// // A naive value is read as New York wall time: 00:30 EDT = 04:30Z.
/// let half_past_midnight = NaiveDate::from_ymd_opt(2026, 11, 1).unwrap().and_hms_opt(0, 30, 0).unwrap();
/// assert!(is_past_datetime(half_past_midnight)?);
///
/// guard.advance(TimeDelta::hours(2))?;
/// assert_eq!(utcnow_aware(), frozen + TimeDelta::hours(2));
/// drop(guard);
/// assert_ne!(utcnow_aware(), frozen + TimeDelta::hours(2));
/// # Ok::<(), tzsafe::Error>(())
/// ```
#[derive(Clone, Debug)]
pub struct TimezoneAware {
    clock: ClockSource,
    settings: Settings,
}

/// Everything of a context but its clock: what reading a naive value needs.
/// `Copy`, so the ambient settings are read without cloning a clock handle and
/// without running user code while the guard stack is borrowed.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Settings {
    pub(crate) default_tz: Zone,
    pub(crate) disambiguation: Disambiguation,
    pub(crate) naive_policy: NaivePolicy,
}

impl Settings {
    #[inline(always)]
    pub(crate) fn ensure(self, dt: MaybeAware) -> Result<DateTime<Utc>, Error> {
        match dt {
            MaybeAware::Aware(aware) => Ok(aware.to_utc()),
            MaybeAware::Naive(wall) => match self.naive_policy {
                NaivePolicy::AssumeDefaultZone => {
                    naive_to_utc(&wall, &self.default_tz, self.disambiguation)
                }
                NaivePolicy::Reject => Err(Error::naive_rejected(wall)),
            },
        }
    }

    fn resolve(self, dt: MaybeAware) -> Result<Resolved, Error> {
        match dt {
            MaybeAware::Aware(aware) => Ok(Resolved::aware(&aware)),
            MaybeAware::Naive(wall) => match self.naive_policy {
                NaivePolicy::AssumeDefaultZone => {
                    naive_to_resolved(&wall, &self.default_tz, self.disambiguation)
                }
                NaivePolicy::Reject => Err(Error::naive_rejected(wall)),
            },
        }
    }

    #[inline(always)]
    pub(crate) fn cmp(self, a: MaybeAware, b: MaybeAware) -> Result<Ordering, Error> {
        match (a, b) {
            (MaybeAware::Aware(a), MaybeAware::Aware(b)) => Ok(a.cmp(&b)),
            (a, b) => Ok(self.ensure(a)?.cmp(&self.ensure(b)?)),
        }
    }
}

impl Default for TimezoneAware {
    fn default() -> Self {
        TimezoneAware::new()
    }
}

/// UTC, `Compatible`, naive values assumed to be in the default zone.
pub(crate) const DEFAULT_SETTINGS: Settings = Settings {
    default_tz: Zone::UTC,
    disambiguation: Disambiguation::Compatible,
    naive_policy: NaivePolicy::AssumeDefaultZone,
};

impl TimezoneAware {
    /// The system clock, UTC as the default zone, [`Disambiguation::Compatible`]
    /// and [`NaivePolicy::AssumeDefaultZone`].
    #[must_use]
    pub const fn new() -> Self {
        TimezoneAware {
            clock: ClockSource::System,
            settings: DEFAULT_SETTINGS,
        }
    }

    /// Sets the zone in which naive values are read.
    #[must_use]
    pub fn default_tz(mut self, zone: impl Into<Zone>) -> Self {
        self.settings.default_tz = zone.into();
        self
    }

    /// Sets the policy for wall times in DST gaps and folds.
    #[must_use]
    pub fn disambiguation(mut self, policy: Disambiguation) -> Self {
        self.settings.disambiguation = policy;
        self
    }

    /// Sets what happens to naive values.
    #[must_use]
    pub fn naive_policy(mut self, policy: NaivePolicy) -> Self {
        self.settings.naive_policy = policy;
        self
    }

    /// Refuses naive values: every operation given one fails with
    /// [`ErrorKind::NaiveRejected`]. Shorthand for
    /// `.naive_policy(NaivePolicy::Reject)`.
    #[must_use]
    pub fn reject_naive(self) -> Self {
        self.naive_policy(NaivePolicy::Reject)
    }

    /// Reads "now" from `clock`.
    #[must_use]
    pub fn clock<C: Clock + 'static>(mut self, clock: C) -> Self {
        let any = &clock as &dyn Any;
        self.clock = if any.is::<SystemClock>() {
            ClockSource::System
        } else if let Some(fixed) = any.downcast_ref::<FixedClock>() {
            ClockSource::Fixed(fixed.now())
        } else if let Some(offset) = any.downcast_ref::<OffsetClock>() {
            ClockSource::Offset(offset.offset())
        } else if let Some(manual) = any.downcast_ref::<ManualClock>() {
            ClockSource::Manual(manual.clone())
        } else {
            ClockSource::Custom(Arc::new(clock))
        };
        self
    }

    /// Freezes "now" at `instant`. The frozen time can still be moved with
    /// [`advance`](Self::advance) and [`set`](Self::set) (on the context, any
    /// clone of it, or its guard), like time-machine's `shift` and `move_to`.
    #[must_use]
    pub fn frozen_at<Tz: TimeZone>(self, instant: DateTime<Tz>) -> Self {
        self.clock(ManualClock::new(instant))
    }

    /// The default zone, as set by [`default_tz`](Self::default_tz).
    ///
    /// Getters are the builder's name with `get_` in front (as jiff's
    /// `Span::years` / `Span::get_years`), since a by-value builder and a
    /// getter cannot share a name.
    ///
    /// # Example
    ///
    /// ```
    /// use tzsafe::{TimezoneAware, Zone};
    ///
    /// let ctx = TimezoneAware::new().default_tz(chrono_tz::Asia::Tokyo);
    /// assert_eq!(ctx.get_default_tz().to_string(), "Asia/Tokyo");
    /// assert_eq!(TimezoneAware::new().get_default_tz(), Zone::UTC);
    /// ```
    #[must_use]
    pub fn get_default_tz(&self) -> Zone {
        self.settings.default_tz
    }

    /// The DST policy, as set by [`disambiguation`](Self::disambiguation).
    #[must_use]
    pub fn get_disambiguation(&self) -> Disambiguation {
        self.settings.disambiguation
    }

    /// The naive-value policy, as set by [`naive_policy`](Self::naive_policy)
    /// or [`reject_naive`](Self::reject_naive).
    #[must_use]
    pub fn get_naive_policy(&self) -> NaivePolicy {
        self.settings.naive_policy
    }

    /// The default zone.
    #[deprecated(note = "renamed get_default_tz, after the builder default_tz")]
    #[must_use]
    pub fn zone(&self) -> Zone {
        self.get_default_tz()
    }

    /// The DST policy.
    #[deprecated(note = "renamed get_disambiguation, after the builder disambiguation")]
    #[must_use]
    pub fn disambiguation_policy(&self) -> Disambiguation {
        self.get_disambiguation()
    }

    /// The naive-value policy.
    #[deprecated(note = "renamed get_naive_policy, after the builder naive_policy")]
    #[must_use]
    pub fn naive_value_policy(&self) -> NaivePolicy {
        self.get_naive_policy()
    }

    /// The manual clock behind [`frozen_at`](Self::frozen_at) or
    /// [`clock`](Self::clock)`(ManualClock)`, if that is this context's clock.
    #[must_use]
    pub fn manual_clock(&self) -> Option<&ManualClock> {
        match &self.clock {
            ClockSource::Manual(clock) => Some(clock),
            _ => None,
        }
    }

    /// Moves a frozen clock by `delta` and returns the new "now".
    ///
    /// # Errors
    ///
    /// [`ErrorKind::Clock`] when the context's clock is not a frozen
    /// ([`ManualClock`]) one; [`ErrorKind::OutOfRange`] when the new "now"
    /// would be outside chrono's range (the clock is then not moved:
    /// [`ManualClock::advance`] itself saturates).
    pub fn advance(&self, delta: TimeDelta) -> Result<DateTime<Utc>, Error> {
        advance_manual(self.adjustable()?, delta)
    }

    /// Moves a frozen clock to `instant`.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::Clock`] when the context's clock is not a frozen
    /// ([`ManualClock`]) one.
    pub fn set<Tz: TimeZone>(&self, instant: DateTime<Tz>) -> Result<DateTime<Utc>, Error> {
        Ok(self.adjustable()?.set(instant))
    }

    fn adjustable(&self) -> Result<&ManualClock, Error> {
        self.manual_clock().ok_or_else(|| {
            Error::message(
                ErrorKind::Clock,
                format!(
                    "cannot move {:?}: only a frozen clock (frozen_at or ManualClock) can be moved",
                    self.clock
                ),
            )
        })
    }

    /// "Now" according to this context's clock.
    #[must_use]
    #[inline]
    pub fn now(&self) -> DateTime<Utc> {
        self.clock.now()
    }

    /// `dt` as an instant: aware values keep their instant; naive values are read
    /// as wall time in the default zone under the context's policies.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::NaiveRejected`] for a naive value when the context refuses
    /// them; [`ErrorKind::Ambiguous`] / [`ErrorKind::Nonexistent`] under
    /// [`Disambiguation::Reject`]; [`ErrorKind::OutOfRange`] beyond chrono's range.
    ///
    /// # Example
    ///
    /// ```
    /// use chrono::NaiveDate;
    /// use tzsafe::TimezoneAware;
    ///
    /// let ctx = TimezoneAware::new().default_tz(chrono_tz::Europe::Dublin);
    /// let wall = NaiveDate::from_ymd_opt(2026, 7, 1).unwrap().and_hms_opt(9, 0, 0).unwrap();
    /// assert_eq!(ctx.ensure_timezone_aware(wall)?.to_rfc3339(), "2026-07-01T08:00:00+00:00");
    ///
    /// let strict = ctx.reject_naive();
    /// assert_eq!(strict.ensure_timezone_aware(wall).unwrap_err().kind(), tzsafe::ErrorKind::NaiveRejected);
    /// # Ok::<(), tzsafe::Error>(())
    /// ```
    #[inline]
    pub fn ensure_timezone_aware(&self, dt: impl Into<MaybeAware>) -> Result<DateTime<Utc>, Error> {
        self.settings.ensure(dt.into())
    }

    /// Like [`ensure_timezone_aware`](Self::ensure_timezone_aware), and reports how
    /// the instant was obtained (see [`Resolved`]).
    ///
    /// # Errors
    ///
    /// As [`ensure_timezone_aware`](Self::ensure_timezone_aware).
    pub fn resolve(&self, dt: impl Into<MaybeAware>) -> Result<Resolved, Error> {
        self.settings.resolve(dt.into())
    }

    /// Orders two values as instants, reading naive ones in this context: the
    /// explicit-context form of [`safe_cmp`](crate::safe_cmp).
    ///
    /// There is one comparison, in two spellings: [`safe_datetime_compare`](crate::safe_datetime_compare)`(a, b, op)`
    /// keeps the Python module's name and shape; `safe_cmp(a, b)` (ambient
    /// context) and `ctx.cmp(a, b)` (this context) return an [`Ordering`], the
    /// Rust way, to be read with `is_lt()`, `is_le()`, ...
    ///
    /// # Errors
    ///
    /// As [`ensure_timezone_aware`](Self::ensure_timezone_aware), for either operand.
    ///
    /// # Example
    ///
    /// ```
    /// use chrono::{NaiveDate, TimeZone, Utc};
    /// use tzsafe::TimezoneAware;
    ///
    /// let ctx = TimezoneAware::new().default_tz(chrono_tz::Asia::Kolkata);
    /// let expires_at = NaiveDate::from_ymd_opt(2026, 11, 26).unwrap().and_hms_opt(17, 0, 0).unwrap();
    /// let now = Utc.with_ymd_and_hms(2026, 11, 26, 12, 0, 0).unwrap(); // 17:30 in Kolkata
    /// assert!(ctx.cmp(expires_at, now)?.is_le()); // expired
    /// # Ok::<(), tzsafe::Error>(())
    /// ```
    #[inline]
    pub fn cmp(
        &self,
        a: impl Into<MaybeAware>,
        b: impl Into<MaybeAware>,
    ) -> Result<Ordering, Error> {
        self.settings.cmp(a.into(), b.into())
    }

    /// `a op b` as instants, reading naive values in this context.
    ///
    /// # Errors
    ///
    /// As [`ensure_timezone_aware`](Self::ensure_timezone_aware), for either operand.
    #[deprecated(
        note = "a second spelling of cmp: use ctx.cmp(a, b)?.is_le() (or op.holds(ctx.cmp(a, b)?)), or safe_datetime_compare inside ctx.scope"
    )]
    #[inline]
    pub fn compare(
        &self,
        a: impl Into<MaybeAware>,
        b: impl Into<MaybeAware>,
        op: CmpOp,
    ) -> Result<bool, Error> {
        Ok(op.holds(self.cmp(a, b)?))
    }

    /// Whether `dt` is strictly before this context's "now".
    ///
    /// # Errors
    ///
    /// As [`ensure_timezone_aware`](Self::ensure_timezone_aware).
    pub fn is_past(&self, dt: impl Into<MaybeAware>) -> Result<bool, Error> {
        Ok(self.ensure_timezone_aware(dt)? < self.now())
    }

    /// Whether `dt` is strictly after this context's "now".
    ///
    /// # Errors
    ///
    /// As [`ensure_timezone_aware`](Self::ensure_timezone_aware).
    pub fn is_future(&self, dt: impl Into<MaybeAware>) -> Result<bool, Error> {
        Ok(self.ensure_timezone_aware(dt)? > self.now())
    }

    /// The settings: what reading a naive value needs.
    #[inline]
    pub(crate) fn settings(&self) -> Settings {
        self.settings
    }

    /// A handle to the clock.
    pub(crate) fn clock_source(&self) -> ClockSource {
        self.clock.clone()
    }
}

/// Moves the frozen `clock` by `delta` for [`TimezoneAware::advance`] and
/// the guard's `advance`, refusing to leave chrono's range.
pub(crate) fn advance_manual(
    clock: &ManualClock,
    delta: TimeDelta,
) -> Result<DateTime<Utc>, Error> {
    clock.checked_advance(delta).map_err(|now| {
        Error::message(
            ErrorKind::OutOfRange,
            format!(
                "cannot move the frozen clock from {} by {delta}: the result is outside the range of representable instants",
                MaybeAware::from(now)
            ),
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn context_is_send_and_sync() {
        fn assert_send_sync<T: Send + Sync>() {}
        assert_send_sync::<TimezoneAware>();
    }
}
