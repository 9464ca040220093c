//! `TimezoneAware`: the clock, default zone and policies that tzsafe's free
//! functions use, and the guard that makes a context ambient on one thread.

use core::any::Any;
use core::cmp::Ordering;
use core::fmt;
use core::marker::PhantomData;
use std::cell::{Cell, RefCell};
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
enum ClockSource {
    System,
    Fixed(DateTime<Utc>),
    Offset(TimeDelta),
    Manual(ManualClock),
    Custom(Arc<dyn Clock>),
}

impl ClockSource {
    #[inline]
    fn now(&self) -> DateTime<Utc> {
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
/// active, the ambient context is [`TimezoneAware::new()`]: the system clock,
/// UTC, [`Disambiguation::Compatible`], naive values assumed to be UTC.
///
/// # Threads and async tasks
///
/// A guard is **per thread**: a thread you spawn, or an async task that an
/// executor runs on another thread (or resumes on a different one after an
/// `.await`), does **not** see it. Take the context with
/// [`TimezoneAware::current`] and hand it over — it is `Clone + Send + Sync` —
/// then `enter` it there, or call its methods directly. A frozen clock made with
/// [`frozen_at`](Self::frozen_at) is shared by all clones, so moving it moves
/// time for every thread that was handed the context.
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
    default_tz: Zone,
    disambiguation: Disambiguation,
    naive_policy: NaivePolicy,
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
const DEFAULT_SETTINGS: Settings = Settings {
    default_tz: Zone::UTC,
    disambiguation: Disambiguation::Compatible,
    naive_policy: NaivePolicy::AssumeDefaultZone,
};

/// The ambient context when no guard is active.
const DEFAULT_CONTEXT: TimezoneAware = TimezoneAware::new();

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

    /// This thread's ambient context: the one of the innermost live guard, or
    /// [`TimezoneAware::new()`] when there is none. Hand it to another thread or
    /// task, which does not inherit this thread's guards.
    ///
    /// # Example
    ///
    /// ```
    /// use chrono::{TimeZone, Utc};
    /// use tzsafe::{utcnow_aware, TimezoneAware};
    ///
    /// let at = Utc.with_ymd_and_hms(2030, 1, 1, 0, 0, 0).unwrap();
    /// let _guard = TimezoneAware::new().frozen_at(at).enter();
    ///
    /// let ctx = TimezoneAware::current();
    /// let seen = std::thread::spawn(move || {
    ///     let other_thread_now = utcnow_aware(); // no guard here: the system clock
    ///     let _guard = ctx.enter();
    ///     (other_thread_now, utcnow_aware())
    /// })
    /// .join()
    /// .unwrap();
    /// assert_ne!(seen.0, at);
    /// assert_eq!(seen.1, at);
    /// ```
    #[must_use]
    pub fn current() -> Self {
        if !guarded() {
            return DEFAULT_CONTEXT;
        }
        with_top(TimezoneAware::clone).unwrap_or(DEFAULT_CONTEXT)
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

    /// The default zone.
    #[must_use]
    pub fn zone(&self) -> Zone {
        self.settings.default_tz
    }

    /// The DST policy.
    #[must_use]
    pub fn disambiguation_policy(&self) -> Disambiguation {
        self.settings.disambiguation
    }

    /// The naive-value policy.
    #[must_use]
    pub fn naive_value_policy(&self) -> NaivePolicy {
        self.settings.naive_policy
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
    /// ([`ManualClock`]) one.
    pub fn advance(&self, delta: TimeDelta) -> Result<DateTime<Utc>, Error> {
        Ok(self.adjustable()?.advance(delta))
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

    /// Compares two values as instants, reading naive ones in this context.
    ///
    /// # Errors
    ///
    /// As [`ensure_timezone_aware`](Self::ensure_timezone_aware), for either operand.
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
    ///
    /// let ctx = TimezoneAware::new().default_tz(chrono_tz::Asia::Kolkata);
    /// let expires_at = NaiveDate::from_ymd_opt(2026, 11, 26).unwrap().and_hms_opt(17, 0, 0).unwrap();
    /// let now = Utc.with_ymd_and_hms(2026, 11, 26, 12, 0, 0).unwrap(); // 17:30 in Kolkata
    /// assert!(ctx.compare(expires_at, now, CmpOp::Le)?);
    /// # Ok::<(), tzsafe::Error>(())
    /// ```
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

    /// Makes this context ambient on the current thread until the returned guard
    /// drops. See the type's documentation for nesting, drop order and panics.
    ///
    /// # Example
    ///
    /// ```
    /// use tzsafe::{TimezoneAware, Zone};
    ///
    /// let outer = TimezoneAware::new().default_tz(chrono_tz::Europe::Paris).enter();
    /// {
    ///     let _inner = TimezoneAware::new().default_tz(chrono_tz::Asia::Tokyo).enter();
    ///     assert_eq!(TimezoneAware::current().zone().to_string(), "Asia/Tokyo");
    /// }
    /// assert_eq!(TimezoneAware::current().zone().to_string(), "Europe/Paris");
    /// drop(outer);
    /// assert_eq!(TimezoneAware::current().zone(), Zone::UTC);
    /// ```
    pub fn enter(&self) -> TimezoneAwareGuard {
        let id = NEXT_ID.with(|next| {
            let id = next.get();
            next.set(id.wrapping_add(1));
            id
        });
        let manual = self.manual_clock().cloned();
        let entered = STACK
            .try_with(|stack| {
                let Ok(mut stack) = stack.try_borrow_mut() else {
                    return false;
                };
                stack.push((id, self.clone()));
                sync_fast_state(&stack);
                true
            })
            .unwrap_or(false);
        TimezoneAwareGuard {
            id: entered.then_some(id),
            manual,
            _not_send: PhantomData,
        }
    }

    /// Runs `f` with this context ambient on the current thread, also when `f`
    /// panics (the context is removed while unwinding).
    ///
    /// # Example
    ///
    /// ```
    /// use chrono::{TimeZone, Utc};
    /// use tzsafe::{utcnow_aware, TimezoneAware};
    ///
    /// let at = Utc.with_ymd_and_hms(2026, 3, 8, 7, 0, 0).unwrap();
    /// let seen = TimezoneAware::new().frozen_at(at).scope(utcnow_aware);
    /// assert_eq!(seen, at);
    /// ```
    pub fn scope<R>(&self, f: impl FnOnce() -> R) -> R {
        let _guard = self.enter();
        f()
    }
}

/// Keeps a [`TimezoneAware`] context ambient on the current thread until dropped.
///
/// Not `Send`: it belongs to the thread that entered it. Frozen time can be moved
/// through it with [`advance`](Self::advance) and [`set`](Self::set).
#[must_use = "the context is ambient only while the guard is alive"]
pub struct TimezoneAwareGuard {
    /// The stack entry this guard owns; `None` when it could not be pushed
    /// (thread-local storage already torn down).
    id: Option<u64>,
    manual: Option<ManualClock>,
    _not_send: PhantomData<*const ()>,
}

impl TimezoneAwareGuard {
    /// Moves the guarded context's frozen clock by `delta`; returns the new "now".
    ///
    /// # Errors
    ///
    /// [`ErrorKind::Clock`] when the context's clock is not frozen.
    pub fn advance(&self, delta: TimeDelta) -> Result<DateTime<Utc>, Error> {
        Ok(self.adjustable()?.advance(delta))
    }

    /// Moves the guarded context's frozen clock to `instant`.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::Clock`] when the context's clock is not frozen.
    pub fn set<Tz: TimeZone>(&self, instant: DateTime<Tz>) -> Result<DateTime<Utc>, Error> {
        Ok(self.adjustable()?.set(instant))
    }

    fn adjustable(&self) -> Result<&ManualClock, Error> {
        self.manual.as_ref().ok_or_else(|| {
            Error::fixed(
                ErrorKind::Clock,
                "cannot move the clock: the guarded context's clock is not frozen (use frozen_at or ManualClock)",
            )
        })
    }
}

impl fmt::Debug for TimezoneAwareGuard {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("TimezoneAwareGuard")
            .field("id", &self.id)
            .finish_non_exhaustive()
    }
}

impl Drop for TimezoneAwareGuard {
    fn drop(&mut self) {
        let Some(id) = self.id else { return };
        // Errors here mean thread-local storage is being torn down: nothing to restore.
        let removed = STACK.try_with(|stack| {
            let mut stack = stack.try_borrow_mut().ok()?;
            let at = stack.iter().rposition(|(entry, _)| *entry == id)?;
            let entry = stack.remove(at);
            sync_fast_state(&stack);
            Some(entry)
        });
        // Dropped after the stack is released: the context may hold the last
        // handle to a user's clock, whose own `Drop` may use tzsafe.
        drop(removed);
    }
}

thread_local! {
    /// Number of live guards on this thread: the fast "is any guard active" test.
    static DEPTH: Cell<usize> = const { Cell::new(0) };
    /// The innermost live guard's settings (or the default's): a copy kept in
    /// step with the stack, so reading them is one load, no borrow.
    static TOP_SETTINGS: Cell<Settings> = const { Cell::new(DEFAULT_SETTINGS) };
    static NEXT_ID: Cell<u64> = const { Cell::new(0) };
    /// Live guards' contexts, in the order they were entered.
    static STACK: RefCell<Vec<(u64, TimezoneAware)>> = const { RefCell::new(Vec::new()) };
}

/// Brings `DEPTH` and `TOP_SETTINGS` in line with `stack` after it changed.
fn sync_fast_state(stack: &[(u64, TimezoneAware)]) {
    let _ = DEPTH.try_with(|depth| depth.set(stack.len()));
    let top = stack
        .last()
        .map_or(DEFAULT_SETTINGS, |(_, ctx)| ctx.settings);
    let _ = TOP_SETTINGS.try_with(|settings| settings.set(top));
}

/// Whether any guard is active on this thread.
#[inline]
fn guarded() -> bool {
    DEPTH.try_with(Cell::get).unwrap_or(0) != 0
}

/// `f` applied to the innermost live guard's context, under a shared borrow of
/// the stack: `f` must not run user code (a `Clock` may enter guards).
#[inline]
fn with_top<R>(f: impl FnOnce(&TimezoneAware) -> R) -> Option<R> {
    STACK
        .try_with(|stack| {
            let stack = stack.try_borrow().ok()?;
            stack.last().map(|(_, ctx)| f(ctx))
        })
        .ok()
        .flatten()
}

/// `f` applied to the ambient context's settings (zone and policies).
#[inline]
pub(crate) fn with_ambient_settings<R>(f: impl FnOnce(Settings) -> R) -> R {
    // A `const` thread-local without a destructor is always accessible, so
    // `with` cannot fail here (and avoids a `Result` around the settings).
    f(TOP_SETTINGS.with(Cell::get))
}

/// The ambient disambiguation policy.
#[inline]
pub(crate) fn ambient_disambiguation() -> Disambiguation {
    with_ambient_settings(|settings| settings.disambiguation)
}

/// The ambient "now". The clock handle is cloned out of the stack before it is
/// read, since a user's clock may enter guards itself.
#[inline]
pub(crate) fn ambient_now() -> DateTime<Utc> {
    if !guarded() {
        return system_now();
    }
    match with_top(|ctx| ctx.clock.clone()) {
        Some(clock) => clock.now(),
        None => system_now(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn guard_is_not_send_but_context_is() {
        fn assert_send_sync<T: Send + Sync>() {}
        assert_send_sync::<TimezoneAware>();
    }

    #[test]
    fn out_of_order_drop_keeps_live_guards() {
        let a = TimezoneAware::new().default_tz(Zone::fixed(
            chrono::FixedOffset::east_opt(3600).expect("valid"),
        ));
        let b = TimezoneAware::new().default_tz(Zone::fixed(
            chrono::FixedOffset::east_opt(7200).expect("valid"),
        ));
        let ga = a.enter();
        let gb = b.enter();
        drop(ga);
        assert_eq!(TimezoneAware::current().zone(), b.zone());
        drop(gb);
        assert_eq!(TimezoneAware::current().zone(), Zone::UTC);
        assert!(!guarded());
    }
}
