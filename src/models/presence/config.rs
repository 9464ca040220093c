//! `PresenceConfig`: the builder, and the checked rules a tracker runs on.

use core::fmt;
use std::sync::Arc;

use chrono::TimeDelta;

use super::stamp::{Stamp, StampDelta};
use crate::{Clock, IntoTimeDelta, SystemClock};
use crate::{Error, ErrorKind};

/// How a presence tracker decides who is online: built by value, checked when
/// the tracker is built ([`PresenceTracker::new`](super::PresenceTracker::new)).
///
/// [`PresenceConfig::new`] is a TTL of 60 seconds, no grace, no away, no
/// limits and the system clock.
///
/// # Example
///
/// ```
/// use chrono::TimeDelta;
/// use tzsafe::models::presence::{PresenceConfig, PresenceTracker};
/// use tzsafe::ErrorKind;
///
/// // Clients heartbeat every 25 s; a connection lives 60 s after its last one.
/// let config = PresenceConfig::new()
///     .ttl(TimeDelta::seconds(60))
///     .heartbeat_interval(TimeDelta::seconds(25))
///     .grace(TimeDelta::seconds(10))
///     .away_after(TimeDelta::minutes(30))
///     .max_users(1_000_000)
///     .max_connections_per_user(16);
/// assert!(PresenceTracker::new(config).is_ok());
///
/// // A TTL that one late heartbeat would outlive is refused, with the reason.
/// let err = PresenceTracker::new(
///     PresenceConfig::new().ttl(TimeDelta::seconds(13)).heartbeat_interval(TimeDelta::seconds(60)),
/// )
/// .unwrap_err();
/// assert_eq!(err.kind(), ErrorKind::InvalidValue);
/// assert_eq!(
///     err.to_string(),
///     "invalid presence config: ttl PT13S is shorter than twice the heartbeat interval PT60S; \
///      a client whose heartbeat comes one interval late (a throttled background tab) would flap \
///      offline and online: expected a ttl of at least PT120S or a shorter interval",
/// );
/// ```
#[derive(Clone)]
#[must_use]
pub struct PresenceConfig {
    ttl: TimeDelta,
    heartbeat_interval: Option<TimeDelta>,
    grace: TimeDelta,
    away_after: Option<TimeDelta>,
    max_users: Option<usize>,
    max_connections_per_user: Option<usize>,
    clock: Arc<dyn Clock>,
}

impl PresenceConfig {
    /// A TTL of 60 seconds, no heartbeat interval to check, no grace, no
    /// away, no limits, the system clock.
    ///
    /// # Example
    ///
    /// ```
    /// use chrono::TimeDelta;
    /// use tzsafe::models::presence::{PresenceConfig, PresenceTracker};
    ///
    /// let tracker = PresenceTracker::new(PresenceConfig::new())?;
    /// assert_eq!(tracker.ttl(), TimeDelta::seconds(60));
    /// assert_eq!(tracker.grace(), TimeDelta::zero());
    /// assert_eq!(tracker.away_after(), None);
    /// # Ok::<(), tzsafe::Error>(())
    /// ```
    pub fn new() -> Self {
        PresenceConfig {
            ttl: TimeDelta::seconds(60),
            heartbeat_interval: None,
            grace: TimeDelta::zero(),
            away_after: None,
            max_users: None,
            max_connections_per_user: None,
            clock: Arc::new(SystemClock),
        }
    }

    /// How long a connection stays live after its last heartbeat. Must be
    /// positive.
    ///
    /// # Example
    ///
    /// ```
    /// use chrono::TimeDelta;
    /// use tzsafe::models::presence::{PresenceConfig, PresenceTracker};
    ///
    /// let err = PresenceTracker::new(PresenceConfig::new().ttl(TimeDelta::zero())).unwrap_err();
    /// assert_eq!(err.kind(), tzsafe::ErrorKind::InvalidValue);
    /// assert_eq!(
    ///     err.to_string(),
    ///     "invalid presence config: ttl P0D is not positive: expected how long a connection stays live after its last heartbeat"
    /// );
    /// ```
    pub fn ttl(mut self, ttl: impl IntoTimeDelta) -> Self {
        self.ttl = ttl.into_time_delta();
        self
    }

    /// The interval clients are told to heartbeat at. The tracker does not
    /// use it, but refuses to be built unless `ttl >= 2 * heartbeat_interval`:
    /// a client that misses one beat (a throttled background tab, a slow
    /// network) must not flap offline.
    ///
    /// # Example
    ///
    /// A 13 s TTL against browsers that throttle background tabs to one timer
    /// a minute is refused when the tracker is built, not found in production:
    ///
    /// ```
    /// use chrono::TimeDelta;
    /// use tzsafe::models::presence::{PresenceConfig, PresenceTracker};
    ///
    /// let throttled_tab = TimeDelta::seconds(60);
    /// let config = PresenceConfig::new().ttl(TimeDelta::seconds(13)).heartbeat_interval(throttled_tab);
    /// let err = PresenceTracker::new(config).unwrap_err();
    /// assert!(err.to_string().starts_with(
    ///     "invalid presence config: ttl PT13S is shorter than twice the heartbeat interval PT60S"
    /// ));
    /// let ok = PresenceConfig::new().ttl(TimeDelta::seconds(120)).heartbeat_interval(throttled_tab);
    /// assert_eq!(PresenceTracker::new(ok)?.heartbeat_interval(), Some(throttled_tab));
    /// # Ok::<(), tzsafe::Error>(())
    /// ```
    pub fn heartbeat_interval(mut self, interval: impl IntoTimeDelta) -> Self {
        self.heartbeat_interval = Some(interval.into_time_delta());
        self
    }

    /// How long a user stays online after the disconnect that left them
    /// without a live connection, so that a page refresh or a quick reconnect
    /// does not flap offline and online. Zero (the default) or positive.
    ///
    /// # Example
    ///
    /// A page refresh: the tab's socket disconnects and a new one heartbeats
    /// two seconds later, within the grace: no events, one online period.
    ///
    /// ```
    /// use chrono::{TimeDelta, TimeZone, Utc};
    /// use tzsafe::models::presence::{PresenceConfig, PresenceTracker};
    ///
    /// let tracker = PresenceTracker::new(PresenceConfig::new().grace(TimeDelta::seconds(5)))?;
    /// let t0 = Utc.with_ymd_and_hms(2026, 12, 1, 9, 0, 0).unwrap();
    /// assert_eq!(tracker.heartbeat_at("alice", "sid-1", "/chat", t0)?.len(), 1); // CameOnline
    /// assert!(tracker.disconnect_at("alice", "sid-1", t0 + TimeDelta::seconds(1))?.is_empty());
    /// assert!(tracker.status_at("alice", t0 + TimeDelta::seconds(2)).is_online());
    /// assert!(tracker.heartbeat_at("alice", "sid-2", "/chat", t0 + TimeDelta::seconds(3))?.is_empty());
    /// assert_eq!(tracker.status_at("alice", t0 + TimeDelta::seconds(3)).online_since(), Some(t0));
    /// # Ok::<(), tzsafe::Error>(())
    /// ```
    pub fn grace(mut self, grace: impl IntoTimeDelta) -> Self {
        self.grace = grace.into_time_delta();
        self
    }

    /// After how long without [activity](super::PresenceTracker::activity_at)
    /// an online user is away. Must be positive. Without it nobody is ever
    /// away.
    ///
    /// # Example
    ///
    /// ```
    /// use chrono::{TimeDelta, TimeZone, Utc};
    /// use tzsafe::models::presence::{PresenceConfig, PresenceTracker};
    ///
    /// let config = PresenceConfig::new().away_after(TimeDelta::minutes(5));
    /// let tracker = PresenceTracker::new(config)?;
    /// let t0 = Utc.with_ymd_and_hms(2026, 12, 1, 9, 0, 0).unwrap();
    /// let _ = tracker.heartbeat_at("alice", "sid-1", "/chat", t0)?; // coming online counts as activity
    /// for k in 1..10 {
    ///     // Heartbeats every 30 s keep the connection live (TTL 60 s); they are not activity.
    ///     let _ = tracker.heartbeat_at("alice", "sid-1", "/chat", t0 + TimeDelta::seconds(30 * k))?;
    /// }
    /// let almost = t0 + TimeDelta::minutes(5) - TimeDelta::nanoseconds(1);
    /// assert!(!tracker.status_at("alice", almost).is_away());
    /// assert!(tracker.status_at("alice", t0 + TimeDelta::minutes(5)).is_away());
    /// # Ok::<(), tzsafe::Error>(())
    /// ```
    pub fn away_after(mut self, after: impl IntoTimeDelta) -> Self {
        self.away_after = Some(after.into_time_delta());
        self
    }

    /// The most users online (not yet reported offline) at once; a heartbeat
    /// that would bring one more online fails with
    /// a [`PresenceErrorKind::CapacityExceeded`](crate::models::presence::PresenceErrorKind::CapacityExceeded) error. 0 admits
    /// nobody (an instance being drained, say).
    ///
    /// # Example
    ///
    /// ```
    /// use chrono::{TimeZone, Utc};
    /// use tzsafe::models::presence::{PresenceConfig, PresenceTracker};
    ///
    /// let tracker = PresenceTracker::new(PresenceConfig::new().max_users(1))?;
    /// let t0 = Utc.with_ymd_and_hms(2026, 12, 1, 9, 0, 0).unwrap();
    /// let _ = tracker.heartbeat_at("alice", "sid-1", "/chat", t0)?;
    /// let err = tracker.heartbeat_at("bob", "sid-2", "/chat", t0).unwrap_err();
    /// let why = tzsafe::models::presence::PresenceError::of(&err).map(|e| e.kind());
    /// assert_eq!(why, Some(tzsafe::models::presence::PresenceErrorKind::CapacityExceeded));
    /// assert_eq!(tracker.online_count(), 1); // nothing changed
    /// # Ok::<(), tzsafe::Error>(())
    /// ```
    pub fn max_users(mut self, max: usize) -> Self {
        self.max_users = Some(max);
        self
    }

    /// The most live connections one user may have; a heartbeat on one more
    /// fails with a [`PresenceErrorKind::CapacityExceeded`](crate::models::presence::PresenceErrorKind::CapacityExceeded) error.
    ///
    /// # Example
    ///
    /// ```
    /// use chrono::{TimeZone, Utc};
    /// use tzsafe::models::presence::{PresenceConfig, PresenceTracker};
    ///
    /// let tracker = PresenceTracker::new(PresenceConfig::new().max_connections_per_user(2))?;
    /// let t0 = Utc.with_ymd_and_hms(2026, 12, 1, 9, 0, 0).unwrap();
    /// let _ = tracker.heartbeat_at("alice", "phone", "/chat", t0)?;
    /// let _ = tracker.heartbeat_at("alice", "laptop", "/orders", t0)?;
    /// let err = tracker.heartbeat_at("alice", "tablet", "/social", t0).unwrap_err();
    /// let why = tzsafe::models::presence::PresenceError::of(&err).map(|e| e.kind());
    /// assert_eq!(why, Some(tzsafe::models::presence::PresenceErrorKind::CapacityExceeded));
    /// assert_eq!(tracker.status_at("alice", t0).connections().len(), 2);
    /// # Ok::<(), tzsafe::Error>(())
    /// ```
    pub fn max_connections_per_user(mut self, max: usize) -> Self {
        self.max_connections_per_user = Some(max);
        self
    }

    /// Where the methods without `_at` read "now" (the system clock by
    /// default). The clock is read while the user's shard is locked, so with a
    /// clock that never goes back every user's calls are processed in time
    /// order; the clock must therefore not call back into the tracker.
    ///
    /// # Example
    ///
    /// ```
    /// use chrono::{TimeDelta, TimeZone, Utc};
    /// use tzsafe::models::presence::{PresenceConfig, PresenceTracker};
    /// use tzsafe::ManualClock;
    ///
    /// let t0 = Utc.with_ymd_and_hms(2026, 12, 1, 9, 0, 0).unwrap();
    /// let clock = ManualClock::new(t0);
    /// let tracker = PresenceTracker::new(PresenceConfig::new().clock(clock.clone()))?;
    /// let _ = tracker.heartbeat("alice", "sid-1", "/chat")?;
    /// clock.advance(TimeDelta::seconds(60)); // exactly the TTL: expired
    /// assert!(!tracker.status("alice").is_online());
    /// assert_eq!(tracker.status("alice").last_seen(), Some(t0));
    /// # Ok::<(), tzsafe::Error>(())
    /// ```
    pub fn clock(mut self, clock: impl Clock + 'static) -> Self {
        self.clock = Arc::new(clock);
        self
    }

    /// The checked rules, or the first check that fails.
    pub(super) fn check(self) -> Result<Checked, Error> {
        let invalid = |message: String| {
            Err(Error::new(
                ErrorKind::InvalidValue,
                format!("invalid presence config: {message}"),
            ))
        };
        if self.ttl <= TimeDelta::zero() {
            return invalid(format!(
                "ttl {} is not positive: expected how long a connection stays live after its last heartbeat",
                self.ttl
            ));
        }
        if let Some(interval) = self.heartbeat_interval {
            if interval <= TimeDelta::zero() {
                return invalid(format!("heartbeat interval {interval} is not positive"));
            }
            const LATE: &str = "a client whose heartbeat comes one interval late (a throttled \
                                background tab) would flap offline and online";
            match interval.checked_add(&interval) {
                Some(twice) if self.ttl >= twice => {}
                Some(twice) => {
                    return invalid(format!(
                        "ttl {} is shorter than twice the heartbeat interval {interval}; {LATE}: \
                         expected a ttl of at least {twice} or a shorter interval",
                        self.ttl
                    ));
                }
                // Twice is past `TimeDelta::MAX`: longer than any TTL.
                None => {
                    return invalid(format!(
                        "ttl {} is shorter than twice the heartbeat interval {interval}, which is \
                         longer than any duration; {LATE}: expected an interval of at most {}",
                        self.ttl,
                        self.ttl / 2
                    ));
                }
            }
        }
        if self.grace < TimeDelta::zero() {
            return invalid(format!(
                "grace {} is negative: expected zero (no grace) or a positive duration",
                self.grace
            ));
        }
        if let Some(after) = self.away_after
            && after <= TimeDelta::zero()
        {
            return invalid(format!(
                "away_after {after} is not positive: expected how long without activity makes an online user away"
            ));
        }
        Ok(Checked {
            rules: Rules {
                ttl: StampDelta::of(self.ttl),
                ttl_nanos: StampDelta::of(self.ttl).nanos(),
                grace: StampDelta::of(self.grace),
                away_after: self.away_after.map(StampDelta::of),
                max_connections: self.max_connections_per_user,
                latest: Stamp::max(),
            },
            heartbeat_interval: self.heartbeat_interval,
            max_users: self.max_users,
            clock: self.clock,
        })
    }
}

impl Default for PresenceConfig {
    /// [`PresenceConfig::new`].
    fn default() -> Self {
        PresenceConfig::new()
    }
}

impl fmt::Debug for PresenceConfig {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PresenceConfig")
            .field("ttl", &self.ttl)
            .field("heartbeat_interval", &self.heartbeat_interval)
            .field("grace", &self.grace)
            .field("away_after", &self.away_after)
            .field("max_users", &self.max_users)
            .field("max_connections_per_user", &self.max_connections_per_user)
            .finish_non_exhaustive()
    }
}

/// A configuration that passed its checks.
pub(super) struct Checked {
    pub(super) rules: Rules,
    pub(super) heartbeat_interval: Option<TimeDelta>,
    pub(super) max_users: Option<usize>,
    pub(super) clock: Arc<dyn Clock>,
}

/// The rules one user's presence follows (see the module documentation).
#[derive(Clone, Copy, Debug)]
pub(super) struct Rules {
    /// Positive.
    pub(super) ttl: StampDelta,
    /// The TTL in nanoseconds, for the heartbeat's comparison of `NanoStamp`s.
    pub(super) ttl_nanos: i128,
    /// Zero or positive.
    pub(super) grace: StampDelta,
    /// Positive when set.
    pub(super) away_after: Option<StampDelta>,
    pub(super) max_connections: Option<usize>,
    /// The last instant chrono can represent, where deadlines saturate.
    pub(super) latest: Stamp,
}
