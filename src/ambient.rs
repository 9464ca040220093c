//! The ambient context: which [`TimezoneAware`] is in effect on this thread,
//! the guards that make one ambient, the process-wide default, and the free
//! functions that read it.
//!
//! Everything here is a thin layer over [`crate::context`]: the free
//! functions ([`ensure_timezone_aware`], [`utcnow_aware`], [`safe_cmp`],
//! [`safe_datetime_compare`], [`is_past_datetime`], [`is_future_datetime`],
//! [`resolve`]) do what the context's methods do, with the context found here.
//!
//! # Which context is ambient
//!
//! The one lookup, used by every free function, by [`TimezoneAware::current`]
//! and by the `serde` module `ambient`:
//!
//! 1. this thread's innermost live guard ([`TimezoneAware::enter`],
//!    [`TimezoneAware::scope`], or a [`TimezoneAware::scope_future`] being
//!    polled on this thread);
//! 2. else the process-wide default, if [`set_global_default`] was called;
//! 3. else the built-in default, [`TimezoneAware::new()`]: the system clock,
//!    UTC, [`Disambiguation::Compatible`](crate::Disambiguation::Compatible),
//!    naive values read in UTC.
//!
//! The hot reads avoid borrowing the guard stack: "is any guard active" is one
//! counter ([`DEPTH`]), the innermost guard's settings are copied into
//! [`TOP_SETTINGS`] whenever the stack changes, and with no guard the context
//! is one atomic load away ([`unguarded`]).

mod future;

use core::cmp::Ordering;
use core::fmt;
use core::marker::PhantomData;
use std::cell::{Cell, RefCell};
use std::sync::OnceLock;

use chrono::{DateTime, Datelike, TimeZone, Utc};

pub use self::future::ScopedFuture;
use crate::aware::MaybeAware;
use crate::clock::{IntoInstant, IntoTimeDelta, ManualClock};
use crate::compare::CmpOp;
use crate::context::{advance_manual, Settings, TimezoneAware, DEFAULT_SETTINGS};
use crate::error::{Error, ErrorKind};
use crate::parse::http_date;
use crate::resolve::{naive_to_resolved, naive_to_utc, Resolved};

// ---------------------------------------------------------------------------
// Which context is ambient.

/// The built-in default: the ambient context when no guard is active and no
/// global default is set.
static BUILT_IN: TimezoneAware = TimezoneAware::new();

/// The process-wide default of [`set_global_default`]; set at most once, so a
/// reference to it is `'static` and is read without cloning a clock handle.
static GLOBAL_DEFAULT: OnceLock<TimezoneAware> = OnceLock::new();

/// The ambient context of a thread with no live guard: the global default,
/// else the built-in one.
#[inline]
fn unguarded() -> &'static TimezoneAware {
    GLOBAL_DEFAULT.get().unwrap_or(&BUILT_IN)
}

/// Makes `ctx` the process-wide ambient context: the one every thread and
/// task uses while it has no guard of its own (see the lookup order in the
/// crate documentation, "Which context is ambient"). Call it once, at
/// start-up, before serving requests; as with `tracing::subscriber::set_global_default`
/// and `log::set_logger`, it cannot be changed or unset afterwards.
///
/// The context's clock is shared by every thread that uses it: a frozen clock
/// ([`TimezoneAware::frozen_at`]) set here moves for all of them. Guards and
/// [`TimezoneAware::scope_future`] still override it where they are active.
///
/// # Errors
///
/// [`ErrorKind::AlreadySet`] when a global default is already set; the first
/// one stays in effect.
///
/// # Example
///
/// In a service's `main`, so that naive values that arrive anywhere (a
/// framework's JSON extractor with `#[serde(with = "tzsafe::serde::ambient")]`,
/// a worker thread, a task) are read in the business's zone:
///
/// ```
/// use chrono::NaiveDate;
/// use tzsafe::{set_global_default, Disambiguation, ErrorKind, TimezoneAware};
/// use tzsafe::Zone;
///
/// let ny = TimezoneAware::new()
///     .default_tz("America/New_York".parse::<Zone>()?)
///     .disambiguation(Disambiguation::Reject);
/// set_global_default(ny.clone())?;
///
/// let wall = NaiveDate::from_ymd_opt(2026, 7, 1).unwrap().and_hms_opt(12, 0, 0).unwrap();
/// let on_another_thread = std::thread::spawn(move || TimezoneAware::current().ensure_timezone_aware(wall))
///     .join()
///     .unwrap()?;
/// assert_eq!(on_another_thread.to_rfc3339(), "2026-07-01T16:00:00+00:00"); // EDT
///
/// // Once only: the first default stays.
/// let err = set_global_default(TimezoneAware::new()).unwrap_err();
/// assert_eq!(err.kind(), ErrorKind::AlreadySet);
/// assert_eq!(TimezoneAware::current().get_default_tz().to_string(), "America/New_York");
/// # Ok::<(), tzsafe::Error>(())
/// ```
pub fn set_global_default(ctx: TimezoneAware) -> Result<(), Error> {
    GLOBAL_DEFAULT.set(ctx).map_err(|_| {
        Error::fixed(
            ErrorKind::AlreadySet,
            "the global default context is already set: set_global_default is called once, at start-up (enter a guard or use scope_future to override it)",
        )
    })
}

thread_local! {
    /// Number of live guards on this thread: the fast "is any guard active" test.
    static DEPTH: Cell<usize> = const { Cell::new(0) };
    /// The innermost live guard's settings, kept in step with the stack so
    /// reading them is one load, no borrow. Meaningful only while `DEPTH > 0`.
    static TOP_SETTINGS: Cell<Settings> = const { Cell::new(DEFAULT_SETTINGS) };
    static NEXT_ID: Cell<u64> = const { Cell::new(0) };
    /// Live guards' contexts, in the order they were entered.
    static STACK: RefCell<Vec<(u64, TimezoneAware)>> = const { RefCell::new(Vec::new()) };
}

/// Brings `DEPTH` and `TOP_SETTINGS` in line with `stack` after it changed.
fn sync_fast_state(stack: &[(u64, TimezoneAware)]) {
    let _ = DEPTH.try_with(|depth| depth.set(stack.len()));
    if let Some((_, top)) = stack.last() {
        let _ = TOP_SETTINGS.try_with(|settings| settings.set(top.settings()));
    }
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

/// The ambient context's settings (zone and policies).
#[inline]
pub(crate) fn ambient_settings() -> Settings {
    if guarded() {
        // A `const` thread-local without a destructor is always accessible.
        TOP_SETTINGS.with(Cell::get)
    } else {
        unguarded().settings()
    }
}

/// The ambient "now". A guard's clock handle is cloned out of the stack before
/// it is read, since a user's clock may enter guards itself; the global
/// default is `'static` and is read in place.
#[inline]
pub(crate) fn ambient_now() -> DateTime<Utc> {
    if !guarded() {
        return unguarded().now();
    }
    match with_top(TimezoneAware::clock_source) {
        Some(clock) => clock.now(),
        None => unguarded().now(),
    }
}

// ---------------------------------------------------------------------------
// Guards.

impl TimezoneAware {
    /// This thread's ambient context: the one of the innermost live guard, else
    /// the global default ([`set_global_default`]), else [`TimezoneAware::new()`].
    /// Hand it to another thread, or to a task with
    /// [`scope_future`](Self::scope_future): neither inherits this thread's guards.
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
        if guarded()
            && let Some(top) = with_top(TimezoneAware::clone)
        {
            return top;
        }
        unguarded().clone()
    }

    /// Makes this context ambient on the current thread until the returned guard
    /// drops. See the type's documentation for nesting, drop order and panics.
    ///
    /// # Example
    ///
    /// ```
    /// use tzsafe::{TimezoneAware, Zone};
    ///
    /// let outer = TimezoneAware::new().default_tz("Europe/Paris".parse::<Zone>()?).enter();
    /// {
    ///     let _inner = TimezoneAware::new().default_tz("Asia/Tokyo".parse::<Zone>()?).enter();
    ///     assert_eq!(TimezoneAware::current().get_default_tz().to_string(), "Asia/Tokyo");
    /// }
    /// assert_eq!(TimezoneAware::current().get_default_tz().to_string(), "Europe/Paris");
    /// drop(outer);
    /// assert_eq!(TimezoneAware::current().get_default_tz(), Zone::UTC);
    /// # Ok::<(), tzsafe::Error>(())
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
    /// [`ErrorKind::Clock`] when the context's clock is not frozen;
    /// [`ErrorKind::OutOfRange`] when the new "now" would be outside chrono's
    /// range (the clock is then not moved).
    ///
    /// # Example
    ///
    /// Code under test calls the free functions; the test moves time through the
    /// guard, across a token's expiry:
    ///
    /// ```
    /// use chrono::{TimeDelta, TimeZone, Utc};
    /// use tzsafe::{is_past_datetime, utcnow_aware, ErrorKind, TimezoneAware};
    ///
    /// let issued = Utc.with_ymd_and_hms(2026, 11, 26, 12, 0, 0).unwrap();
    /// let expires_at = issued + TimeDelta::minutes(15);
    /// let guard = TimezoneAware::new().frozen_at(issued).enter();
    /// assert!(!is_past_datetime(expires_at)?);
    ///
    /// assert_eq!(guard.advance(TimeDelta::minutes(15))?, expires_at);
    /// assert!(!is_past_datetime(expires_at)?); // exactly at the expiry: not yet past
    /// guard.advance(TimeDelta::seconds(1))?;
    /// assert!(is_past_datetime(expires_at)?);
    /// assert_eq!(utcnow_aware().to_rfc3339(), "2026-11-26T12:15:01+00:00");
    /// drop(guard);
    ///
    /// // A guard over the system clock cannot move it.
    /// let live = TimezoneAware::new().enter();
    /// assert_eq!(live.advance(TimeDelta::seconds(1)).unwrap_err().kind(), ErrorKind::Clock);
    /// # Ok::<(), tzsafe::Error>(())
    /// ```
    pub fn advance(&self, delta: impl IntoTimeDelta) -> Result<DateTime<Utc>, Error> {
        advance_manual(self.adjustable()?, delta.into_time_delta())
    }

    /// Moves the guarded context's frozen clock to `instant`.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::Clock`] when the context's clock is not frozen.
    ///
    /// # Example
    ///
    /// Jump to the second 01:30 of New York's fall-back night and read it back as
    /// the free functions see it:
    ///
    /// ```
    /// use chrono::{TimeZone, Utc};
    /// use tzsafe::{utcnow_aware, TimezoneAware};
    /// use tzsafe::Zone;
    ///
    /// let ny: Zone = "America/New_York".parse()?;
    /// let guard = TimezoneAware::new()
    ///     .default_tz(ny)
    ///     .frozen_at(Utc.with_ymd_and_hms(2026, 1, 1, 0, 0, 0).unwrap())
    ///     .enter();
    /// let second_0130 = ny.with_ymd_and_hms(2026, 11, 1, 1, 30, 0).latest().unwrap();
    /// assert_eq!(guard.set(second_0130)?.to_rfc3339(), "2026-11-01T06:30:00+00:00");
    /// assert_eq!(utcnow_aware().with_timezone(&ny).to_string(), "2026-11-01 01:30:00 -05:00");
    /// # Ok::<(), tzsafe::Error>(())
    /// ```
    pub fn set(&self, instant: impl IntoInstant) -> Result<DateTime<Utc>, Error> {
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

// ---------------------------------------------------------------------------
// The free functions.

/// `dt` as an instant in UTC. Aware values keep their instant; naive values are
/// read as wall time in `default_tz`, with the ambient context's
/// [`Disambiguation`](crate::Disambiguation) policy deciding in DST gaps and folds (`Compatible`
/// in the built-in default).
///
/// `default_tz` can be any chrono `TimeZone`: [`Utc`], `FixedOffset`,
/// [`Zone`](crate::Zone) and, with feature `chrono-tz`, `chrono_tz::Tz` go
/// through tzsafe's own zone data (a `chrono_tz::Tz` is looked up by name, so
/// it gets tzsafe's tz release, not chrono-tz's older one: see
/// [`Zone::iana`](crate::Zone::iana)); any other (`chrono::Local`, your own)
/// through chrono's `offset_from_local_datetime`.
///
/// # Errors
///
/// [`ErrorKind::Ambiguous`] / [`ErrorKind::Nonexistent`] when the ambient policy
/// is [`Disambiguation::Reject`](crate::Disambiguation::Reject) and the wall time is in a fold / gap;
/// [`ErrorKind::OutOfRange`] when the instant is outside chrono's range (for
/// example `NaiveDateTime::MAX` in a zone west of UTC).
///
/// # Example
///
/// ```
/// use chrono::{NaiveDate, TimeZone, Utc};
/// use tzsafe::ensure_timezone_aware;
/// use tzsafe::Zone;
///
/// let wall = NaiveDate::from_ymd_opt(2026, 7, 1).unwrap().and_hms_opt(12, 0, 0).unwrap();
/// let utc = ensure_timezone_aware(wall, &"Australia/Lord_Howe".parse::<Zone>()?)?;
/// assert_eq!(utc.to_rfc3339(), "2026-07-01T01:30:00+00:00"); // +10:30 in winter
///
/// // Aware values keep their instant, whatever the zone.
/// let aware = Utc.with_ymd_and_hms(2026, 7, 1, 12, 0, 0).unwrap();
/// assert_eq!(ensure_timezone_aware(aware, &"Asia/Tokyo".parse::<Zone>()?)?, aware);
///
/// let err = ensure_timezone_aware(chrono::NaiveDateTime::MAX, &"America/New_York".parse::<Zone>()?).unwrap_err();
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
            naive_to_utc(&wall, default_tz, ambient_settings().disambiguation)
        }
    }
}

/// The current instant from the ambient clock: the clock of this thread's
/// innermost guard, else of the global default ([`set_global_default`]), else
/// the system clock.
///
/// With no guard active and the system clock it costs `SystemTime::now()`
/// plus a few nanoseconds (the calendar date is cached per thread), about as
/// much as `chrono::Utc::now()`, with or without a global default; see
/// `BENCHMARKS.md`.
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
    ambient_now()
}

/// Orders two datetimes as instants. Naive operands are read as wall time in the
/// ambient context's default zone under its DST policy (UTC and `Compatible`
/// in the built-in default), so comparing
/// a naive value with an aware one is the normal case, not an error.
///
/// Two aware operands are compared directly, without looking at the context.
///
/// # Errors
///
/// [`ErrorKind::NaiveRejected`](crate::ErrorKind::NaiveRejected) when the ambient
/// context refuses naive values; [`ErrorKind::Ambiguous`](crate::ErrorKind::Ambiguous)
/// / [`ErrorKind::Nonexistent`](crate::ErrorKind::Nonexistent) under
/// [`Disambiguation::Reject`](crate::Disambiguation::Reject)(crate::Disambiguation::Reject);
/// [`ErrorKind::OutOfRange`](crate::ErrorKind::OutOfRange) beyond chrono's range.
///
/// # Example
///
/// ```
/// use core::cmp::Ordering;
/// use chrono::{FixedOffset, NaiveDate, TimeZone};
/// use tzsafe::safe_cmp;
///
/// let naive_utc = NaiveDate::from_ymd_opt(2026, 1, 1).unwrap().and_hms_opt(12, 0, 0).unwrap();
/// let paris = FixedOffset::east_opt(3600).unwrap().with_ymd_and_hms(2026, 1, 1, 13, 0, 0).unwrap();
/// assert_eq!(safe_cmp(naive_utc, paris)?, Ordering::Equal);
/// # Ok::<(), tzsafe::Error>(())
/// ```
#[inline]
pub fn safe_cmp(a: impl Into<MaybeAware>, b: impl Into<MaybeAware>) -> Result<Ordering, Error> {
    match (a.into(), b.into()) {
        (MaybeAware::Aware(a), MaybeAware::Aware(b)) => Ok(a.cmp(&b)),
        (a, b) => cmp_in_ambient_context(a, b),
    }
}

/// The part of [`safe_cmp`] that reads the ambient context, out of line so that
/// comparing two aware values inlines to a plain comparison.
#[inline(never)]
fn cmp_in_ambient_context(a: MaybeAware, b: MaybeAware) -> Result<Ordering, Error> {
    ambient_settings().cmp(a, b)
}

/// `a op b` as instants, with the rules of [`safe_cmp`].
///
/// # Errors
///
/// As [`safe_cmp`].
///
/// # Example
///
/// The bug this crate was written for: `expires_at <= utcnow()` with a naive
/// `expires_at` that is really New York wall time.
///
/// ```
/// use chrono::{NaiveDate, TimeZone, Utc};
/// use tzsafe::{safe_datetime_compare, utcnow_aware, CmpOp, TimezoneAware};
/// use tzsafe::Zone;
///
/// let _ctx = TimezoneAware::new()
///     .default_tz("America/New_York".parse::<Zone>()?)
///     .frozen_at(Utc.with_ymd_and_hms(2026, 11, 26, 20, 0, 0).unwrap()) // 15:00 in New York
///     .enter();
/// let expires_at = NaiveDate::from_ymd_opt(2026, 11, 26).unwrap().and_hms_opt(16, 0, 0).unwrap();
/// assert!(!safe_datetime_compare(expires_at, utcnow_aware(), CmpOp::Le)?); // not expired yet
/// # Ok::<(), tzsafe::Error>(())
/// ```
#[inline]
pub fn safe_datetime_compare(
    a: impl Into<MaybeAware>,
    b: impl Into<MaybeAware>,
    op: CmpOp,
) -> Result<bool, Error> {
    Ok(op.holds(safe_cmp(a, b)?))
}

/// Whether `dt` is strictly before the ambient "now" (a value equal to now is
/// neither past nor future). Naive values are read as in [`safe_cmp`].
///
/// # Errors
///
/// As [`safe_cmp`].
///
/// # Example
///
/// ```
/// use chrono::{TimeDelta, TimeZone, Utc};
/// use tzsafe::{is_future_datetime, is_past_datetime, TimezoneAware};
///
/// let now = Utc.with_ymd_and_hms(2026, 11, 26, 12, 0, 0).unwrap();
/// let _guard = TimezoneAware::new().frozen_at(now).enter();
/// assert!(is_past_datetime(now - TimeDelta::nanoseconds(1))?);
/// assert!(!is_past_datetime(now)? && !is_future_datetime(now)?);
/// assert!(is_future_datetime(now + TimeDelta::nanoseconds(1))?);
/// # Ok::<(), tzsafe::Error>(())
/// ```
pub fn is_past_datetime(dt: impl Into<MaybeAware>) -> Result<bool, Error> {
    match dt.into() {
        MaybeAware::Aware(aware) => Ok(aware.to_utc() < ambient_now()),
        naive => Ok(ambient_settings().ensure(naive)? < ambient_now()),
    }
}

/// Whether `dt` is strictly after the ambient "now". See [`is_past_datetime`].
///
/// # Errors
///
/// As [`safe_cmp`].
///
/// # Example
///
/// 02:30 on 2026-03-08 does not exist in New York. At 03:00 EDT, a naive
/// 02:30 is still to come under `Compatible` (moved forward to 03:30 EDT),
/// and already past under `Earlier` (moved back to 01:30 EST):
///
/// ```
/// use chrono::{NaiveDate, TimeZone, Utc};
/// use tzsafe::{is_future_datetime, Disambiguation, TimezoneAware};
/// use tzsafe::Zone;
///
/// let ctx = TimezoneAware::new()
///     .default_tz("America/New_York".parse::<Zone>()?)
///     .frozen_at(Utc.with_ymd_and_hms(2026, 3, 8, 7, 0, 0).unwrap()); // 03:00 EDT
/// let in_gap = NaiveDate::from_ymd_opt(2026, 3, 8).unwrap().and_hms_opt(2, 30, 0).unwrap();
///
/// assert!(ctx.scope(|| is_future_datetime(in_gap))?);
/// let earlier = ctx.disambiguation(Disambiguation::Earlier);
/// assert!(!earlier.scope(|| is_future_datetime(in_gap))?);
/// # Ok::<(), tzsafe::Error>(())
/// ```
pub fn is_future_datetime(dt: impl Into<MaybeAware>) -> Result<bool, Error> {
    match dt.into() {
        MaybeAware::Aware(aware) => Ok(aware.to_utc() > ambient_now()),
        naive => Ok(ambient_settings().ensure(naive)? > ambient_now()),
    }
}

/// Reads `dt` as an instant like [`ensure_timezone_aware`](crate::ensure_timezone_aware)
/// (naive values as wall time in `default_tz` under the ambient disambiguation
/// policy) and reports how: unambiguous, in a fold (with the alternative instant)
/// or in a gap (with the shift applied).
///
/// # Errors
///
/// [`ErrorKind::Ambiguous`] or [`ErrorKind::Nonexistent`] under
/// [`Disambiguation::Reject`](crate::Disambiguation::Reject); [`ErrorKind::OutOfRange`] when the instant is
/// outside chrono's range.
///
/// # Example
///
/// ```
/// use chrono::NaiveDate;
/// use tzsafe::{resolve, Resolution};
/// use tzsafe::Zone;
///
/// // 01:30 on 2026-11-01 happens twice in New York.
/// let fold = NaiveDate::from_ymd_opt(2026, 11, 1).unwrap().and_hms_opt(1, 30, 0).unwrap();
/// let r = resolve(fold, &"America/New_York".parse::<Zone>()?)?;
/// assert_eq!(r.instant().to_rfc3339(), "2026-11-01T05:30:00+00:00"); // 01:30 EDT
/// let Resolution::Fold { alternative, took_earlier, .. } = r.resolution() else { unreachable!() };
/// assert!(took_earlier);
/// assert_eq!(alternative.to_rfc3339(), "2026-11-01T06:30:00+00:00"); // 01:30 EST
/// # Ok::<(), tzsafe::Error>(())
/// ```
pub fn resolve<Tz: TimeZone + 'static>(
    dt: impl Into<MaybeAware>,
    default_tz: &Tz,
) -> Result<Resolved, Error> {
    match dt.into() {
        MaybeAware::Aware(aware) => Ok(Resolved::aware(&aware)),
        MaybeAware::Naive(wall) => {
            naive_to_resolved(&wall, default_tz, ambient_settings().disambiguation)
        }
    }
}

/// Reads an HTTP date (RFC 9110 section 5.6.7: `Date`, `Last-Modified`,
/// `Expires`, `If-Modified-Since`, a cookie's `Expires`) in any of its three
/// forms, as HTTP requires a recipient to:
///
/// * IMF-fixdate, `Sun, 06 Nov 1994 08:49:37 GMT`, which is what to write
///   (`format_http_date`, JavaScript's `toUTCString()`);
/// * RFC 850, `Sunday, 06-Nov-94 08:49:37 GMT`, also with an abbreviated
///   weekday or a 4-digit year (`Fri, 19-Apr-2002 14:36:40 GMT`, the
///   Netscape cookie form);
/// * asctime, `Sun Nov  6 08:49:37 1994`.
///
/// Names are read in any case, spaces and tabs around the value are
/// ignored, and the weekday must be the date's (a mismatch is an error that
/// says which day the date is). Seconds are required; second `60` only at
/// 23:59:60. Other forms (no time, no `GMT`, a numeric offset) are refused:
/// [`parse_rfc2822`](crate::parse_rfc2822) reads e-mail dates.
///
/// An RFC 850 date's two-digit year is read as RFC 9110 says: the year with
/// those last two digits that is at most 50 years after this year, "this
/// year" being the ambient clock's ([`utcnow_aware`]), so a test can freeze
/// it. In 2026, `70` is 2070 and `77` is 1977.
///
/// # Errors
///
/// [`ErrorKind::Parse`] when `input` is none of the three forms, names a day
/// that does not exist or a weekday that is not the date's; the message
/// quotes the input and says what was expected where.
///
/// # Example
///
/// ```
/// use tzsafe::parse_http_date;
///
/// let at = parse_http_date("Mon, 07 Dec 2026 18:00:00 GMT")?;
/// assert_eq!(at.to_rfc3339(), "2026-12-07T18:00:00+00:00");
/// assert_eq!(parse_http_date("Monday, 07-Dec-26 18:00:00 GMT")?, at);
/// assert_eq!(parse_http_date("Mon Dec  7 18:00:00 2026")?, at);
///
/// let err = parse_http_date("Mon, 07 Dec 2026 18:00:00 +0000").unwrap_err();
/// assert_eq!(
///     err.to_string(),
///     "invalid HTTP date \"Mon, 07 Dec 2026 18:00:00 +0000\": expected GMT (at byte 26)",
/// );
/// # Ok::<(), tzsafe::Error>(())
/// ```
pub fn parse_http_date(input: &str) -> Result<DateTime<Utc>, Error> {
    http_date(input, || ambient_now().year())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::zone::Zone;

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
        assert_eq!(
            TimezoneAware::current().get_default_tz(),
            b.get_default_tz()
        );
        drop(gb);
        assert_eq!(TimezoneAware::current().get_default_tz(), Zone::UTC);
        assert!(!guarded());
    }
}
