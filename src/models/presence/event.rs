//! `PresenceEvent` and `Transitions`: what changed, reported once.

use chrono::{DateTime, Utc};

use crate::models::UserId;

/// A change of a user's presence, reported exactly once, by the call that
/// first observed it (see the [module rules](super#rules)).
///
/// # Example
///
/// ```
/// use chrono::{TimeZone, Utc};
/// use tzsafe::models::presence::PresenceEvent;
///
/// let at = Utc.with_ymd_and_hms(2026, 12, 1, 9, 0, 0).unwrap();
/// let event = PresenceEvent::CameOnline { user: "alice".into(), at };
/// assert_eq!(event.user().as_str(), "alice");
/// assert_eq!(event.to_string(), "alice came online at 2026-12-01T09:00:00Z");
/// ```
///
/// # JSON
///
/// With the `serde` feature, an object tagged by `type`, instants RFC 3339
/// with `Z`: `{"type":"came_online","user":"alice","at":"...Z"}`,
/// `{"type":"went_offline","user":"alice","last_seen":"...Z"}`,
/// `{"type":"went_away","user":"alice","at":"...Z"}`,
/// `{"type":"came_back","user":"alice","at":"...Z"}`. Reading refuses unknown
/// fields, naive instants and an empty user id.
///
/// ```
/// # #[cfg(feature = "serde")] {
/// use chrono::{TimeZone, Utc};
/// use tzsafe::models::presence::PresenceEvent;
///
/// let at = Utc.with_ymd_and_hms(2026, 12, 1, 9, 0, 0).unwrap();
/// let event = PresenceEvent::CameOnline { user: "alice".into(), at };
/// let json = serde_json::to_string(&event).unwrap();
/// assert_eq!(json, r#"{"type":"came_online","user":"alice","at":"2026-12-01T09:00:00Z"}"#);
/// assert_eq!(serde_json::from_str::<PresenceEvent>(&json).unwrap(), event);
/// assert_eq!(
///     serde_json::to_string(&PresenceEvent::WentOffline { user: "alice".into(), last_seen: at }).unwrap(),
///     r#"{"type":"went_offline","user":"alice","last_seen":"2026-12-01T09:00:00Z"}"#,
/// );
/// # }
/// ```
#[non_exhaustive]
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum PresenceEvent {
    /// The user's first connection became live: an online period starts.
    CameOnline {
        /// Who.
        user: UserId,
        /// The heartbeat that started the period.
        at: DateTime<Utc>,
    },
    /// The online period ended: the last connection expired, or the grace
    /// after the last disconnect ran out (or there was no grace).
    WentOffline {
        /// Who.
        user: UserId,
        /// The period's latest heartbeat or disconnect.
        last_seen: DateTime<Utc>,
    },
    /// An online user had no activity for `away_after`.
    WentAway {
        /// Who.
        user: UserId,
        /// When away began: the last activity plus `away_after`.
        at: DateTime<Utc>,
    },
    /// An away user was active again.
    CameBack {
        /// Who.
        user: UserId,
        /// The activity.
        at: DateTime<Utc>,
    },
}

impl PresenceEvent {
    /// The user whose presence changed.
    ///
    /// # Example
    ///
    /// ```
    /// use chrono::{TimeZone, Utc};
    /// use tzsafe::models::presence::{PresenceConfig, PresenceTracker};
    ///
    /// let tracker = PresenceTracker::new(PresenceConfig::new())?;
    /// let t0 = Utc.with_ymd_and_hms(2026, 12, 1, 9, 0, 0).unwrap();
    /// let events = tracker.heartbeat_at("alice", "sid-1", "/chat", t0)?;
    /// assert_eq!(events.iter().next().map(|e| e.user().as_str()), Some("alice"));
    /// # Ok::<(), tzsafe::Error>(())
    /// ```
    #[must_use]
    pub fn user(&self) -> &UserId {
        match self {
            PresenceEvent::CameOnline { user, .. }
            | PresenceEvent::WentOffline { user, .. }
            | PresenceEvent::WentAway { user, .. }
            | PresenceEvent::CameBack { user, .. } => user,
        }
    }

    /// `came_online`, `went_offline`, `went_away` or `came_back`: the `type`
    /// of the serialized form, for logs and metrics.
    ///
    /// # Example
    ///
    /// ```
    /// use chrono::{TimeZone, Utc};
    /// use tzsafe::models::presence::PresenceEvent;
    ///
    /// let at = Utc.with_ymd_and_hms(2026, 12, 1, 9, 0, 0).unwrap();
    /// assert_eq!(PresenceEvent::WentAway { user: "alice".into(), at }.kind(), "went_away");
    /// ```
    #[must_use]
    pub const fn kind(&self) -> &'static str {
        match self {
            PresenceEvent::CameOnline { .. } => "came_online",
            PresenceEvent::WentOffline { .. } => "went_offline",
            PresenceEvent::WentAway { .. } => "went_away",
            PresenceEvent::CameBack { .. } => "came_back",
        }
    }
}

impl core::fmt::Display for PresenceEvent {
    /// `alice came online at 2026-12-01T09:00:00Z`, `alice went offline
    /// (last seen 2026-12-01T09:05:00Z)`, `alice went away at ...`, `alice
    /// came back at ...`.
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        let text = |at: &DateTime<Utc>| crate::MaybeAware::from(*at);
        match self {
            PresenceEvent::CameOnline { user, at } => {
                write!(f, "{user} came online at {}", text(at))
            }
            PresenceEvent::WentOffline { user, last_seen } => {
                write!(f, "{user} went offline (last seen {})", text(last_seen))
            }
            PresenceEvent::WentAway { user, at } => write!(f, "{user} went away at {}", text(at)),
            PresenceEvent::CameBack { user, at } => write!(f, "{user} came back at {}", text(at)),
        }
    }
}

/// The events one call observed, in the order they happened: usually none, at
/// most a few for one user, one per changed user for a sweep.
///
/// A heartbeat can close an expired period and open a new one: two events.
/// Each event is reported once, so deliver them (to the user's friends, to a
/// log); dropping a `Transitions` loses them.
///
/// # Example
///
/// ```
/// use chrono::{TimeDelta, TimeZone, Utc};
/// use tzsafe::models::presence::{PresenceConfig, PresenceEvent, PresenceTracker};
///
/// let tracker = PresenceTracker::new(PresenceConfig::new().ttl(TimeDelta::seconds(60)))?;
/// let t0 = Utc.with_ymd_and_hms(2026, 12, 1, 9, 0, 0).unwrap();
/// let _ = tracker.heartbeat_at("alice", "sid-1", "/chat", t0)?;
///
/// // Two minutes of silence, unswept: the next heartbeat reports both edges.
/// let t1 = t0 + TimeDelta::minutes(2);
/// let events = tracker.heartbeat_at("alice", "sid-2", "/chat", t1)?;
/// assert_eq!(events.len(), 2);
/// assert_eq!(
///     events.into_iter().collect::<Vec<_>>(),
///     [
///         PresenceEvent::WentOffline { user: "alice".into(), last_seen: t0 },
///         PresenceEvent::CameOnline { user: "alice".into(), at: t1 },
///     ],
/// );
/// # Ok::<(), tzsafe::Error>(())
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq)]
#[must_use = "each presence event is reported once: deliver it or it is lost"]
pub struct Transitions {
    events: Vec<PresenceEvent>,
}

impl Transitions {
    pub(super) fn new() -> Self {
        Transitions { events: Vec::new() }
    }

    pub(super) fn push(&mut self, event: PresenceEvent) {
        self.events.push(event);
    }

    pub(super) fn append(&mut self, other: Transitions) {
        if self.events.is_empty() {
            self.events = other.events;
        } else {
            self.events.extend(other.events);
        }
    }

    /// Whether nothing changed.
    ///
    /// # Example
    ///
    /// ```
    /// use chrono::{TimeDelta, TimeZone, Utc};
    /// use tzsafe::models::presence::{PresenceConfig, PresenceEvent, PresenceTracker};
    ///
    /// let tracker = PresenceTracker::new(PresenceConfig::new())?;
    /// let t0 = Utc.with_ymd_and_hms(2026, 12, 1, 9, 0, 0).unwrap();
    /// let _ = tracker.heartbeat_at("alice", "sid-1", "/chat", t0)?;
    /// // Two minutes later, unswept: the old period ends, a new one begins.
    /// let events = tracker.heartbeat_at("alice", "sid-1", "/chat", t0 + TimeDelta::minutes(2))?;
    /// assert!(!events.is_empty());
    /// assert_eq!(events.len(), 2);
    /// let kinds: Vec<_> = events.iter().map(|e| matches!(e, PresenceEvent::CameOnline { .. })).collect();
    /// assert_eq!(kinds, [false, true]); // WentOffline, then CameOnline
    /// # Ok::<(), tzsafe::Error>(())
    /// ```
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.events.is_empty()
    }

    /// How many events (see [`is_empty`](Self::is_empty)'s example).
    #[must_use]
    pub fn len(&self) -> usize {
        self.events.len()
    }

    /// The events, in order.
    #[must_use]
    pub fn as_slice(&self) -> &[PresenceEvent] {
        &self.events
    }

    /// The events, in order (see [`is_empty`](Self::is_empty)'s example).
    pub fn iter(&self) -> core::slice::Iter<'_, PresenceEvent> {
        self.events.iter()
    }
}

impl IntoIterator for Transitions {
    type Item = PresenceEvent;
    type IntoIter = std::vec::IntoIter<PresenceEvent>;

    fn into_iter(self) -> Self::IntoIter {
        self.events.into_iter()
    }
}

impl<'a> IntoIterator for &'a Transitions {
    type Item = &'a PresenceEvent;
    type IntoIter = core::slice::Iter<'a, PresenceEvent>;

    fn into_iter(self) -> Self::IntoIter {
        self.events.iter()
    }
}

impl From<Transitions> for Vec<PresenceEvent> {
    fn from(transitions: Transitions) -> Self {
        transitions.events
    }
}
