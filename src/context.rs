//! `TimezoneAware`: the clock, default zone and policies that tzsafe's free
//! functions use, and the guard that makes a context ambient on one thread.

use core::any::Any;
use core::cmp::Ordering;
use core::fmt;
use std::sync::Arc;

use chrono::{DateTime, TimeDelta, Utc};

use crate::aware::MaybeAware;
use crate::clock::{
    system_now, Clock, FixedClock, IntoInstant, IntoTimeDelta, ManualClock, OffsetClock,
    SystemClock,
};
use crate::compare::CmpOp;
use crate::error::{Error, ErrorKind};
use crate::resolve::{naive_to_resolved, naive_to_utc, Disambiguation, OffsetConflict, Resolved};
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
/// use tzsafe::Zone;
///
/// let frozen = Utc.with_ymd_and_hms(2026, 11, 1, 5, 0, 0).unwrap();
/// let guard = TimezoneAware::new()
///     .default_tz("America/New_York".parse::<Zone>()?)
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
    pub(crate) offset_conflict: OffsetConflict,
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
    offset_conflict: OffsetConflict::Reject,
};

impl TimezoneAware {
    /// The system clock, UTC as the default zone, [`Disambiguation::Compatible`]
    /// and [`NaivePolicy::AssumeDefaultZone`].
    ///
    /// # Example
    ///
    /// ```
    /// use chrono::NaiveDate;
    /// use tzsafe::{Disambiguation, NaivePolicy, TimezoneAware, Zone};
    ///
    /// let ctx = TimezoneAware::new();
    /// assert_eq!(ctx.get_default_tz(), Zone::UTC);
    /// assert_eq!(ctx.get_disambiguation(), Disambiguation::Compatible);
    /// assert_eq!(ctx.get_naive_policy(), NaivePolicy::AssumeDefaultZone);
    ///
    /// // With no zone set, a naive value is read as UTC wall time.
    /// let wall = NaiveDate::from_ymd_opt(2026, 11, 26).unwrap().and_hms_opt(12, 0, 0).unwrap();
    /// assert_eq!(ctx.ensure_timezone_aware(wall)?.to_rfc3339(), "2026-11-26T12:00:00+00:00");
    /// # Ok::<(), tzsafe::Error>(())
    /// ```
    #[must_use]
    pub const fn new() -> Self {
        TimezoneAware {
            clock: ClockSource::System,
            settings: DEFAULT_SETTINGS,
        }
    }

    /// Sets the zone in which naive values are read.
    ///
    /// # Example
    ///
    /// The same wall time is a different instant in summer and in winter:
    ///
    /// ```
    /// use chrono::NaiveDate;
    /// use tzsafe::{TimezoneAware, Zone};
    ///
    /// let london = TimezoneAware::new().default_tz("Europe/London".parse::<Zone>()?);
    /// let july = NaiveDate::from_ymd_opt(2026, 7, 1).unwrap().and_hms_opt(9, 0, 0).unwrap();
    /// let january = NaiveDate::from_ymd_opt(2026, 1, 15).unwrap().and_hms_opt(9, 0, 0).unwrap();
    /// assert_eq!(london.ensure_timezone_aware(july)?.to_rfc3339(), "2026-07-01T08:00:00+00:00"); // BST
    /// assert_eq!(london.ensure_timezone_aware(january)?.to_rfc3339(), "2026-01-15T09:00:00+00:00"); // GMT
    ///
    /// // A zone read from configuration works the same way.
    /// let tokyo = TimezoneAware::new().default_tz("Asia/Tokyo".parse::<Zone>()?);
    /// assert_eq!(tokyo.ensure_timezone_aware(july)?.to_rfc3339(), "2026-07-01T00:00:00+00:00");
    /// # Ok::<(), tzsafe::Error>(())
    /// ```
    #[must_use]
    pub fn default_tz(mut self, zone: impl Into<Zone>) -> Self {
        self.settings.default_tz = zone.into();
        self
    }

    /// Sets the policy for wall times in DST gaps and folds.
    ///
    /// # Example
    ///
    /// 01:30 on 2026-11-01 happens twice in New York (first in EDT, then in EST):
    ///
    /// ```
    /// use chrono::NaiveDate;
    /// use tzsafe::{Disambiguation, ErrorKind, TimezoneAware};
    /// use tzsafe::Zone;
    ///
    /// let ny = TimezoneAware::new().default_tz("America/New_York".parse::<Zone>()?);
    /// let fold = NaiveDate::from_ymd_opt(2026, 11, 1).unwrap().and_hms_opt(1, 30, 0).unwrap();
    ///
    /// let first = ny.clone().disambiguation(Disambiguation::Compatible).ensure_timezone_aware(fold)?;
    /// assert_eq!(first.to_rfc3339(), "2026-11-01T05:30:00+00:00"); // 01:30 EDT
    /// let second = ny.clone().disambiguation(Disambiguation::Later).ensure_timezone_aware(fold)?;
    /// assert_eq!(second.to_rfc3339(), "2026-11-01T06:30:00+00:00"); // 01:30 EST, an hour later
    ///
    /// let strict = ny.disambiguation(Disambiguation::Reject);
    /// assert_eq!(strict.ensure_timezone_aware(fold).unwrap_err().kind(), ErrorKind::Ambiguous);
    /// # Ok::<(), tzsafe::Error>(())
    /// ```
    #[must_use]
    pub fn disambiguation(mut self, policy: Disambiguation) -> Self {
        self.settings.disambiguation = policy;
        self
    }

    /// Sets what happens to naive values.
    ///
    /// # Example
    ///
    /// ```
    /// use tzsafe::{parse, ErrorKind, NaivePolicy, TimezoneAware};
    /// use tzsafe::Zone;
    ///
    /// let strict = TimezoneAware::new()
    ///     .default_tz("Europe/Paris".parse::<Zone>()?)
    ///     .naive_policy(NaivePolicy::Reject);
    /// let row = parse("2026-07-01T09:00:00")?; // a producer forgot the offset
    /// assert_eq!(strict.ensure_timezone_aware(row).unwrap_err().kind(), ErrorKind::NaiveRejected);
    ///
    /// // Setting the policy back reads it as Paris wall time (CEST, +02:00).
    /// let lenient = strict.naive_policy(NaivePolicy::AssumeDefaultZone);
    /// assert_eq!(lenient.ensure_timezone_aware(row)?.to_rfc3339(), "2026-07-01T07:00:00+00:00");
    /// # Ok::<(), tzsafe::Error>(())
    /// ```
    #[must_use]
    pub fn naive_policy(mut self, policy: NaivePolicy) -> Self {
        self.settings.naive_policy = policy;
        self
    }

    /// Sets what reading a stored zoned value does when the UTC offset it
    /// recorded is not one its zone has at its wall time any more (the zone's
    /// rules changed since it was written): [`OffsetConflict::Reject`] (the
    /// default) refuses it with an [`ErrorKind::OffsetMismatch`] error;
    /// `Use` keeps the instant, `Ignore` the wall time, and `Prefer` the
    /// instant where the zone still has the offset, else the wall time.
    ///
    /// Read by deserialization, which has no other way to be told: the
    /// [`serde::zoned`](crate::serde) module, and the discount windows whose
    /// bounds are local days (`models::discount`).
    ///
    /// # Example
    ///
    /// ```
    /// use tzsafe::{OffsetConflict, TimezoneAware};
    ///
    /// let ctx = TimezoneAware::new().offset_conflict(OffsetConflict::Ignore);
    /// assert_eq!(ctx.get_offset_conflict(), OffsetConflict::Ignore);
    /// assert_eq!(TimezoneAware::new().get_offset_conflict(), OffsetConflict::Reject);
    /// ```
    #[must_use]
    pub fn offset_conflict(mut self, policy: OffsetConflict) -> Self {
        self.settings.offset_conflict = policy;
        self
    }

    /// Refuses naive values: every operation given one fails with
    /// [`ErrorKind::NaiveRejected`]. Shorthand for
    /// `.naive_policy(NaivePolicy::Reject)`.
    ///
    /// # Example
    ///
    /// Values with an offset still work; only naive ones are refused:
    ///
    /// ```
    /// use chrono::{TimeZone, Utc};
    /// use tzsafe::{parse, ErrorKind, TimezoneAware};
    ///
    /// let now = Utc.with_ymd_and_hms(2026, 11, 26, 12, 0, 0).unwrap();
    /// let ctx = TimezoneAware::new().frozen_at(now).reject_naive();
    ///
    /// assert!(ctx.is_past(parse("2026-11-26T11:59:59Z")?)?);
    /// assert!(ctx.is_future(parse("2026-11-26T07:30:00-05:00")?)?); // 12:30Z
    /// let err = ctx.is_past(parse("2026-11-26 11:59:59")?).unwrap_err();
    /// assert_eq!(err.kind(), ErrorKind::NaiveRejected);
    /// # Ok::<(), tzsafe::Error>(())
    /// ```
    #[must_use]
    pub fn reject_naive(self) -> Self {
        self.naive_policy(NaivePolicy::Reject)
    }

    /// Reads "now" from `clock`.
    ///
    /// # Example
    ///
    /// A [`ManualClock`] is a handle: the context reads the same clock the test
    /// moves. A [`FixedClock`] never moves, not even through the context.
    ///
    /// ```
    /// use chrono::{TimeDelta, TimeZone, Utc};
    /// use tzsafe::{ErrorKind, FixedClock, ManualClock, TimezoneAware};
    ///
    /// let start = Utc.with_ymd_and_hms(2026, 11, 26, 12, 0, 0).unwrap();
    /// let clock = ManualClock::new(start);
    /// let ctx = TimezoneAware::new().clock(clock.clone());
    /// clock.advance(TimeDelta::minutes(5));
    /// assert_eq!(ctx.now(), start + TimeDelta::minutes(5));
    ///
    /// let fixed = TimezoneAware::new().clock(FixedClock::new(start));
    /// assert_eq!(fixed.now(), start);
    /// assert_eq!(fixed.advance(TimeDelta::minutes(5)).unwrap_err().kind(), ErrorKind::Clock);
    /// # Ok::<(), tzsafe::Error>(())
    /// ```
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
    ///
    /// # Example
    ///
    /// Frozen at the first 01:30 of New York's fall-back night, one hour later it
    /// is 01:30 again; clones share the frozen clock:
    ///
    /// ```
    /// use chrono::{TimeDelta, TimeZone};
    /// use tzsafe::TimezoneAware;
    /// use tzsafe::Zone;
    ///
    /// let ny: Zone = "America/New_York".parse()?;
    /// let first_0130 = ny.with_ymd_and_hms(2026, 11, 1, 1, 30, 0).earliest().unwrap();
    /// let ctx = TimezoneAware::new().frozen_at(first_0130);
    /// assert_eq!(ctx.now().to_rfc3339(), "2026-11-01T05:30:00+00:00");
    ///
    /// let handed_out = ctx.clone();
    /// handed_out.advance(TimeDelta::hours(1))?;
    /// assert_eq!(ctx.now().to_rfc3339(), "2026-11-01T06:30:00+00:00");
    /// assert_eq!(ctx.now().with_timezone(&ny).to_string(), "2026-11-01 01:30:00 -05:00");
    /// # Ok::<(), tzsafe::Error>(())
    /// ```
    #[must_use]
    pub fn frozen_at(self, instant: impl IntoInstant) -> Self {
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
    /// let ctx = TimezoneAware::new().default_tz("Asia/Tokyo".parse::<Zone>()?);
    /// assert_eq!(ctx.get_default_tz().to_string(), "Asia/Tokyo");
    /// assert_eq!(TimezoneAware::new().get_default_tz(), Zone::UTC);
    /// # Ok::<(), tzsafe::Error>(())
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

    /// The policy for a stored offset that no longer matches its zone, as set
    /// by [`offset_conflict`](Self::offset_conflict).
    #[must_use]
    pub fn get_offset_conflict(&self) -> OffsetConflict {
        self.settings.offset_conflict
    }

    /// The default zone.
    ///
    /// # Example
    ///
    /// ```
    /// use tzsafe::TimezoneAware;
    /// use tzsafe::Zone;
    ///
    /// let ctx = TimezoneAware::new().default_tz("Asia/Tokyo".parse::<Zone>()?);
    /// #[allow(deprecated)]
    /// let old = ctx.zone();
    /// assert_eq!(old, ctx.get_default_tz());
    /// # Ok::<(), tzsafe::Error>(())
    /// ```
    #[deprecated(note = "renamed get_default_tz, after the builder default_tz")]
    #[must_use]
    pub fn zone(&self) -> Zone {
        self.get_default_tz()
    }

    /// The DST policy.
    ///
    /// # Example
    ///
    /// ```
    /// use tzsafe::{Disambiguation, TimezoneAware};
    ///
    /// let ctx = TimezoneAware::new().disambiguation(Disambiguation::Reject);
    /// #[allow(deprecated)]
    /// let old = ctx.disambiguation_policy();
    /// assert_eq!(old, ctx.get_disambiguation());
    /// ```
    #[deprecated(note = "renamed get_disambiguation, after the builder disambiguation")]
    #[must_use]
    pub fn disambiguation_policy(&self) -> Disambiguation {
        self.get_disambiguation()
    }

    /// The naive-value policy.
    ///
    /// # Example
    ///
    /// ```
    /// use tzsafe::{NaivePolicy, TimezoneAware};
    ///
    /// let ctx = TimezoneAware::new().reject_naive();
    /// #[allow(deprecated)]
    /// let old = ctx.naive_value_policy();
    /// assert_eq!(old, ctx.get_naive_policy());
    /// assert_eq!(old, NaivePolicy::Reject);
    /// ```
    #[deprecated(note = "renamed get_naive_policy, after the builder naive_policy")]
    #[must_use]
    pub fn naive_value_policy(&self) -> NaivePolicy {
        self.get_naive_policy()
    }

    /// The manual clock behind [`frozen_at`](Self::frozen_at) or
    /// [`clock`](Self::clock)`(ManualClock)`, if that is this context's clock.
    ///
    /// # Example
    ///
    /// ```
    /// use chrono::{TimeDelta, TimeZone, Utc};
    /// use tzsafe::TimezoneAware;
    ///
    /// let start = Utc.with_ymd_and_hms(2026, 11, 26, 12, 0, 0).unwrap();
    /// let ctx = TimezoneAware::new().frozen_at(start);
    /// let clock = ctx.manual_clock().expect("frozen_at makes a manual clock");
    /// clock.advance(TimeDelta::seconds(30));
    /// assert_eq!(ctx.now(), start + TimeDelta::seconds(30));
    /// assert!(ctx.clone().manual_clock().unwrap().same_clock(clock));
    ///
    /// assert!(TimezoneAware::new().manual_clock().is_none()); // the system clock
    /// ```
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
    ///
    /// # Example
    ///
    /// A discount that ends at 17:00 Kolkata time (11:30Z), checked as the
    /// frozen clock moves across the deadline:
    ///
    /// ```
    /// use chrono::{NaiveDate, TimeDelta, TimeZone, Utc};
    /// use tzsafe::{ErrorKind, TimezoneAware};
    /// use tzsafe::Zone;
    ///
    /// let ctx = TimezoneAware::new()
    ///     .default_tz("Asia/Kolkata".parse::<Zone>()?)
    ///     .frozen_at(Utc.with_ymd_and_hms(2026, 11, 26, 11, 0, 0).unwrap());
    /// let expires_at = NaiveDate::from_ymd_opt(2026, 11, 26).unwrap().and_hms_opt(17, 0, 0).unwrap();
    /// assert!(!ctx.is_past(expires_at)?);
    ///
    /// assert_eq!(ctx.advance(TimeDelta::minutes(30))?.to_rfc3339(), "2026-11-26T11:30:00+00:00");
    /// assert!(!ctx.is_past(expires_at)?); // equal to now: not yet past
    /// ctx.advance(TimeDelta::nanoseconds(1))?;
    /// assert!(ctx.is_past(expires_at)?);
    ///
    /// // Out of range: refused, and the clock stays where it was.
    /// assert_eq!(ctx.advance(TimeDelta::MAX).unwrap_err().kind(), ErrorKind::OutOfRange);
    /// assert_eq!(ctx.now().to_rfc3339(), "2026-11-26T11:30:00.000000001+00:00");
    /// // The system clock cannot be moved.
    /// assert_eq!(TimezoneAware::new().advance(TimeDelta::seconds(1)).unwrap_err().kind(), ErrorKind::Clock);
    /// # Ok::<(), tzsafe::Error>(())
    /// ```
    pub fn advance(&self, delta: impl IntoTimeDelta) -> Result<DateTime<Utc>, Error> {
        advance_manual(self.adjustable()?, delta.into_time_delta())
    }

    /// Moves a frozen clock to `instant`.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::Clock`] when the context's clock is not a frozen
    /// ([`ManualClock`]) one.
    ///
    /// # Example
    ///
    /// Set just before New York's spring-forward gap, one second later the wall
    /// clock reads 03:00, not 02:00:
    ///
    /// ```
    /// use chrono::{TimeDelta, TimeZone, Utc};
    /// use tzsafe::TimezoneAware;
    /// use tzsafe::Zone;
    ///
    /// let ny: Zone = "America/New_York".parse()?;
    /// let ctx = TimezoneAware::new().frozen_at(Utc.with_ymd_and_hms(2026, 1, 1, 0, 0, 0).unwrap());
    /// let before = ctx.set(ny.with_ymd_and_hms(2026, 3, 8, 1, 59, 59).single().unwrap())?;
    /// assert_eq!(before.to_rfc3339(), "2026-03-08T06:59:59+00:00"); // returned in UTC
    /// ctx.advance(TimeDelta::seconds(1))?;
    /// assert_eq!(ctx.now().with_timezone(&ny).to_string(), "2026-03-08 03:00:00 -04:00");
    /// # Ok::<(), tzsafe::Error>(())
    /// ```
    pub fn set(&self, instant: impl IntoInstant) -> Result<DateTime<Utc>, Error> {
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
    ///
    /// # Example
    ///
    /// "Now" is always in UTC, whatever zone it was frozen in or the context's
    /// default zone:
    ///
    /// ```
    /// use chrono::TimeZone;
    /// use tzsafe::TimezoneAware;
    /// use tzsafe::Zone;
    ///
    /// let kolkata: Zone = "Asia/Kolkata".parse()?;
    /// let ctx = TimezoneAware::new()
    ///     .default_tz(kolkata)
    ///     .frozen_at(kolkata.with_ymd_and_hms(2026, 11, 26, 17, 30, 0).unwrap());
    /// assert_eq!(ctx.now().to_rfc3339(), "2026-11-26T12:00:00+00:00");
    /// assert_eq!(ctx.now(), ctx.now()); // frozen
    /// # Ok::<(), tzsafe::Error>(())
    /// ```
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
    /// use tzsafe::Zone;
    ///
    /// let ctx = TimezoneAware::new().default_tz("Europe/Dublin".parse::<Zone>()?);
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
    ///
    /// # Example
    ///
    /// ```
    /// use chrono::{NaiveDate, TimeDelta, TimeZone, Utc};
    /// use tzsafe::{Disambiguation, Resolution, TimezoneAware};
    /// use tzsafe::Zone;
    ///
    /// let ny = TimezoneAware::new().default_tz("America/New_York".parse::<Zone>()?);
    /// let day = |d| NaiveDate::from_ymd_opt(2026, 3, d).unwrap();
    ///
    /// // 02:30 on 2026-03-08 never happens: Compatible moves it an hour forward.
    /// let gap = ny.resolve(day(8).and_hms_opt(2, 30, 0).unwrap())?;
    /// assert_eq!(gap.instant().to_rfc3339(), "2026-03-08T07:30:00+00:00"); // 03:30 EDT
    /// assert_eq!(
    ///     gap.resolution(),
    ///     Resolution::Gap { shift: TimeDelta::hours(1), transition: Utc.with_ymd_and_hms(2026, 3, 8, 7, 0, 0).unwrap() },
    /// );
    ///
    /// // 01:30 on 2026-11-01 happens twice: Later takes the EST one.
    /// let fold_day = NaiveDate::from_ymd_opt(2026, 11, 1).unwrap();
    /// let fold = ny.disambiguation(Disambiguation::Later).resolve(fold_day.and_hms_opt(1, 30, 0).unwrap())?;
    /// assert_eq!(fold.instant().to_rfc3339(), "2026-11-01T06:30:00+00:00");
    /// assert_eq!(fold.offset().to_string(), "-05:00");
    /// assert_eq!(
    ///     fold.resolution(),
    ///     Resolution::Fold {
    ///         alternative: Utc.with_ymd_and_hms(2026, 11, 1, 5, 30, 0).unwrap(),
    ///         took_earlier: false,
    ///         transition: Utc.with_ymd_and_hms(2026, 11, 1, 6, 0, 0).unwrap(),
    ///     },
    /// );
    /// # Ok::<(), tzsafe::Error>(())
    /// ```
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
    /// use tzsafe::Zone;
    ///
    /// let ctx = TimezoneAware::new().default_tz("Asia/Kolkata".parse::<Zone>()?);
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
    ///
    /// # Example
    ///
    /// ```
    /// use chrono::{NaiveDate, TimeZone, Utc};
    /// use tzsafe::{CmpOp, TimezoneAware};
    /// use tzsafe::Zone;
    ///
    /// let ctx = TimezoneAware::new().default_tz("Asia/Kolkata".parse::<Zone>()?);
    /// let expires_at = NaiveDate::from_ymd_opt(2026, 11, 26).unwrap().and_hms_opt(17, 0, 0).unwrap();
    /// let now = Utc.with_ymd_and_hms(2026, 11, 26, 12, 0, 0).unwrap();
    /// #[allow(deprecated)]
    /// let expired = ctx.compare(expires_at, now, CmpOp::Le)?;
    /// assert_eq!(expired, ctx.cmp(expires_at, now)?.is_le()); // the form to use
    /// assert!(expired);
    /// # Ok::<(), tzsafe::Error>(())
    /// ```
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
    ///
    /// # Example
    ///
    /// A row from a Python producer with a naive `expires_at` in the merchant's
    /// zone (Berlin), checked at 16:30Z, which is 17:30 in Berlin in winter:
    ///
    /// ```
    /// use chrono::{NaiveDate, TimeZone, Utc};
    /// use tzsafe::TimezoneAware;
    /// use tzsafe::Zone;
    ///
    /// let ctx = TimezoneAware::new()
    ///     .default_tz("Europe/Berlin".parse::<Zone>()?)
    ///     .frozen_at(Utc.with_ymd_and_hms(2026, 11, 26, 16, 30, 0).unwrap());
    /// let expires_at = NaiveDate::from_ymd_opt(2026, 11, 26).unwrap().and_hms_opt(17, 0, 0).unwrap();
    /// assert!(ctx.is_past(expires_at)?); // 17:00 CET = 16:00Z
    /// // Compared as UTC wall time, it would wrongly still be valid:
    /// assert!(expires_at > ctx.now().naive_utc());
    /// # Ok::<(), tzsafe::Error>(())
    /// ```
    pub fn is_past(&self, dt: impl Into<MaybeAware>) -> Result<bool, Error> {
        Ok(self.ensure_timezone_aware(dt)? < self.now())
    }

    /// Whether `dt` is strictly after this context's "now".
    ///
    /// # Errors
    ///
    /// As [`ensure_timezone_aware`](Self::ensure_timezone_aware).
    ///
    /// # Example
    ///
    /// A sale starts at 01:30 on New York's fall-back night; at 01:45 EDT whether
    /// it has started depends on which 01:30 was meant:
    ///
    /// ```
    /// use chrono::{NaiveDate, TimeZone, Utc};
    /// use tzsafe::{Disambiguation, TimezoneAware};
    /// use tzsafe::Zone;
    ///
    /// let ctx = TimezoneAware::new()
    ///     .default_tz("America/New_York".parse::<Zone>()?)
    ///     .frozen_at(Utc.with_ymd_and_hms(2026, 11, 1, 5, 45, 0).unwrap()); // 01:45 EDT
    /// let starts_at = NaiveDate::from_ymd_opt(2026, 11, 1).unwrap().and_hms_opt(1, 30, 0).unwrap();
    /// assert!(!ctx.is_future(starts_at)?); // Compatible: the first 01:30 (05:30Z), passed
    /// let later = ctx.disambiguation(Disambiguation::Later);
    /// assert!(later.is_future(starts_at)?); // the second 01:30 (06:30Z), to come
    /// # Ok::<(), tzsafe::Error>(())
    /// ```
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
