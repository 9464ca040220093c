//! `TokioClock`: wall time that follows tokio's clock, so that tokio's paused
//! time (`tokio::time::pause()`, `advance()`) moves tzsafe's "now" too.

use chrono::{DateTime, TimeDelta, Utc};
use tokio::time::Instant;

use super::{saturating_add, Clock};

/// A clock whose wall time is a fixed start plus the time elapsed on tokio's
/// clock (`tokio::time::Instant`) since the clock was made (feature `tokio`).
///
/// tokio tests control time with a paused runtime
/// (`#[tokio::test(start_paused = true)]`, `tokio::time::pause()`): then
/// `tokio::time::advance(..)`, and sleeps that the runtime skips over, move
/// every tokio timer, but not the wall clock (tokio#3281). A `TokioClock`
/// is that wall clock: give it to a [`TimezoneAware`](crate::TimezoneAware)
/// (`.clock(TokioClock::new(start))`) or to a presence tracker
/// (`PresenceConfig::clock`), and "now", presence TTLs, discount windows and
/// offer expiries move as the test moves tokio's time, in step with its
/// timers. In a runtime whose time is not paused (or outside any runtime)
/// tokio's clock is the system's monotonic clock, so the clock follows real
/// time from `start` (and, unlike the system clock, never steps back).
///
/// Read it where it was made: tokio's paused time belongs to a runtime, so a
/// `TokioClock` made inside a paused runtime and read on a thread outside it
/// measures real time elapsed since the pause instead. Reading needs tokio's
/// feature `test-util` only in the tests that pause; with `test-util` on, tokio
/// panics if its clock is read while the thread's thread-local storage is
/// being destroyed.
///
/// Readings saturate at chrono's limits instead of overflowing. The clock
/// cannot be moved by tzsafe ([`TimezoneAware::advance`](crate::TimezoneAware::advance)
/// is an [`ErrorKind::Clock`](crate::ErrorKind::Clock) error): move tokio's
/// time instead.
///
/// # Example
///
/// Outside a paused runtime it is the system clock, started at `start`:
///
/// ```
/// use tzsafe::{Clock, TokioClock};
///
/// let start = tzsafe::parse_rfc3339("2026-11-01T05:00:00Z")?.to_utc();
/// let clock = TokioClock::new(start);
/// std::thread::sleep(std::time::Duration::from_millis(5));
/// let elapsed = clock.now() - start;
/// assert!(elapsed >= chrono::TimeDelta::milliseconds(5) && elapsed < chrono::TimeDelta::seconds(5));
/// # Ok::<(), tzsafe::Error>(())
/// ```
///
/// On tokio's paused time (with tokio's features `rt` and `test-util`), the
/// clock moves when the test moves tokio's time, and only then:
///
/// ```text
/// #[tokio::test(start_paused = true)]
/// async fn offer_expires_after_15_minutes() {
///     let start = tzsafe::parse_rfc3339("2026-11-26T09:00:00Z").unwrap().to_utc();
///     let ctx = TimezoneAware::new().clock(TokioClock::new(start));
///     let expires_at = start + TimeDelta::minutes(15);
///     assert!(!ctx.is_past(expires_at).unwrap());
///     tokio::time::sleep(Duration::from_secs(15 * 60 + 1)).await; // skipped over at once
///     assert!(ctx.is_past(expires_at).unwrap());
/// }
/// ```
///
/// The README's "Tests on tokio's paused time" runs this, and
/// `verify/tests/tokio_clock.rs` tests the clock on a paused current-thread
/// runtime and on a multi-threaded one.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct TokioClock {
    start: DateTime<Utc>,
    base: Instant,
}

impl TokioClock {
    /// A clock that reads `start` now and moves with tokio's clock from here.
    /// Inside a runtime whose time is paused, "now" is the runtime's paused
    /// time.
    ///
    /// # Example
    ///
    /// ```
    /// use tzsafe::{Clock, TokioClock};
    ///
    /// let start = tzsafe::parse_rfc3339("2026-11-26T09:00:00+05:30")?.to_utc();
    /// let clock = TokioClock::new(start);
    /// assert_eq!(clock.start().to_rfc3339(), "2026-11-26T03:30:00+00:00");
    /// assert!(clock.now() >= start);
    /// # Ok::<(), tzsafe::Error>(())
    /// ```
    #[must_use]
    pub fn new(start: DateTime<Utc>) -> Self {
        TokioClock {
            start,
            base: Instant::now(),
        }
    }

    /// The instant the clock read when it was made.
    ///
    /// # Example
    ///
    /// ```
    /// use chrono::DateTime;
    /// use tzsafe::TokioClock;
    ///
    /// assert_eq!(TokioClock::new(DateTime::UNIX_EPOCH).start(), DateTime::UNIX_EPOCH);
    /// ```
    #[must_use]
    pub fn start(&self) -> DateTime<Utc> {
        self.start
    }
}

impl Clock for TokioClock {
    #[inline]
    fn now(&self) -> DateTime<Utc> {
        let elapsed = Instant::now().saturating_duration_since(self.base);
        // Beyond `TimeDelta`'s range (292 million years) only by saturating.
        saturating_add(
            self.start,
            TimeDelta::from_std(elapsed).unwrap_or(TimeDelta::MAX),
        )
    }
}
