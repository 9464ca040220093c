//! `PresenceConfig`: the builder, and the checked rules a tracker runs on.

use core::fmt;
use std::sync::Arc;

use chrono::TimeDelta;

use super::stamp::{Span, Stamp};
use crate::{Clock, SystemClock};
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
    pub fn ttl(mut self, ttl: TimeDelta) -> Self {
        self.ttl = ttl;
        self
    }

    /// The interval clients are told to heartbeat at. The tracker does not
    /// use it, but refuses to be built unless `ttl >= 2 * heartbeat_interval`:
    /// a client that misses one beat (a throttled background tab, a slow
    /// network) must not flap offline.
    pub fn heartbeat_interval(mut self, interval: TimeDelta) -> Self {
        self.heartbeat_interval = Some(interval);
        self
    }

    /// How long a user stays online after the disconnect that left them
    /// without a live connection, so that a page refresh or a quick reconnect
    /// does not flap offline and online. Zero (the default) or positive.
    pub fn grace(mut self, grace: TimeDelta) -> Self {
        self.grace = grace;
        self
    }

    /// After how long without [activity](super::PresenceTracker::activity_at)
    /// an online user is away. Must be positive. Without it nobody is ever
    /// away.
    pub fn away_after(mut self, after: TimeDelta) -> Self {
        self.away_after = Some(after);
        self
    }

    /// The most users online (not yet reported offline) at once; a heartbeat
    /// that would bring one more online fails with
    /// [`ErrorKind::CapacityExceeded`](crate::ErrorKind::CapacityExceeded). 0 admits
    /// nobody (an instance being drained, say).
    pub fn max_users(mut self, max: usize) -> Self {
        self.max_users = Some(max);
        self
    }

    /// The most live connections one user may have; a heartbeat on one more
    /// fails with [`ErrorKind::CapacityExceeded`](crate::ErrorKind::CapacityExceeded).
    pub fn max_connections_per_user(mut self, max: usize) -> Self {
        self.max_connections_per_user = Some(max);
        self
    }

    /// Where the methods without `_at` read "now" (the system clock by
    /// default). The clock is read while the user's shard is locked, so with a
    /// clock that never goes back every user's calls are processed in time
    /// order; the clock must therefore not call back into the tracker.
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
            let twice = interval.checked_add(&interval).unwrap_or(TimeDelta::MAX);
            if self.ttl < twice {
                return invalid(format!(
                    "ttl {} is shorter than twice the heartbeat interval {interval}; a client whose \
                     heartbeat comes one interval late (a throttled background tab) would flap \
                     offline and online: expected a ttl of at least {twice} or a shorter interval",
                    self.ttl
                ));
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
                ttl: Span::of(self.ttl),
                grace: Span::of(self.grace),
                away_after: self.away_after.map(Span::of),
                max_connections: self.max_connections_per_user,
                max: Stamp::max(),
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
    pub(super) ttl: Span,
    /// Zero or positive.
    pub(super) grace: Span,
    /// Positive when set.
    pub(super) away_after: Option<Span>,
    pub(super) max_connections: Option<usize>,
    /// The last instant chrono can represent, where deadlines saturate.
    pub(super) max: Stamp,
}
