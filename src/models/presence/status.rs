//! `PresenceStatus`: what a user is at an instant.

use chrono::{DateTime, Utc};

/// A user's presence at an instant, from
/// [`PresenceTracker::status_at`](super::PresenceTracker::status_at): online
/// or not, away or not, since when, last seen when, and the connections that
/// are live then.
///
/// Reading a status reports nothing: a user whose TTL passed is shown offline
/// here while their `WentOffline` still waits for a sweep (or their next call)
/// to report it. `last_seen` is known while the tracker still holds the user,
/// that is until their `WentOffline` is reported; a user the tracker has
/// forgotten (or never saw) is offline with no `last_seen`.
///
/// # Example
///
/// ```
/// use chrono::{TimeDelta, TimeZone, Utc};
/// use tzsafe::models::presence::{PresenceConfig, PresenceTracker};
///
/// let tracker = PresenceTracker::new(PresenceConfig::new().ttl(TimeDelta::seconds(60)))?;
/// let t0 = Utc.with_ymd_and_hms(2026, 12, 1, 9, 0, 0).unwrap();
/// let _ = tracker.heartbeat_at("alice", "sid-1", "/chat", t0)?;
/// let _ = tracker.heartbeat_at("alice", "sid-2", "/orders", t0 + TimeDelta::seconds(30))?;
///
/// let status = tracker.status_at("alice", t0 + TimeDelta::seconds(70));
/// assert!(status.is_online() && !status.is_away());
/// assert_eq!(status.online_since(), Some(t0));
/// assert_eq!(status.last_seen(), Some(t0 + TimeDelta::seconds(30)));
/// // sid-1 expired at t0 + 60 s; sid-2 is live until t0 + 90 s.
/// let live: Vec<_> = status.connections().iter().map(|c| (c.connection(), c.namespace())).collect();
/// assert_eq!(live, [("sid-2", "/orders")]);
///
/// assert!(!tracker.status_at("alice", t0 + TimeDelta::seconds(90)).is_online());
/// assert_eq!(tracker.status_at("bob", t0).last_seen(), None);
/// # Ok::<(), tzsafe::Error>(())
/// ```
///
/// # JSON
///
/// With the `serde` feature, an object, instants RFC 3339 with `Z`:
/// `{"online":true,"away":false,"online_since":"...Z","last_seen":"...Z","connections":[{"connection":"sid-1","namespace":"/chat","last_heartbeat":"...Z"}]}`;
/// `online_since` and `last_seen` are `null` when unknown. Every field is
/// required, and reading refuses a status no tracker could report: away or
/// with connections while offline, online without `online_since` and
/// `last_seen` (or offline with an `online_since`), `last_seen` before
/// `online_since`.
///
/// ```
/// # #[cfg(feature = "serde")] {
/// use chrono::{TimeDelta, TimeZone, Utc};
/// use tzsafe::models::presence::{PresenceConfig, PresenceStatus, PresenceTracker};
///
/// let tracker = PresenceTracker::new(PresenceConfig::new().ttl(TimeDelta::seconds(60)))?;
/// let t0 = Utc.with_ymd_and_hms(2026, 12, 1, 9, 0, 0).unwrap();
/// let _ = tracker.heartbeat_at("alice", "sid-1", "/chat", t0)?;
/// let json = serde_json::to_string(&tracker.status_at("alice", t0 + TimeDelta::seconds(10))).unwrap();
/// assert_eq!(
///     json,
///     concat!(
///         r#"{"online":true,"away":false,"online_since":"2026-12-01T09:00:00Z","last_seen":"2026-12-01T09:00:00Z","#,
///         r#""connections":[{"connection":"sid-1","namespace":"/chat","last_heartbeat":"2026-12-01T09:00:00Z"}]}"#,
///     ),
/// );
/// assert_eq!(serde_json::from_str::<PresenceStatus>(&json).unwrap(), tracker.status_at("alice", t0));
/// assert_eq!(
///     serde_json::to_string(&tracker.status_at("bob", t0)).unwrap(),
///     r#"{"online":false,"away":false,"online_since":null,"last_seen":null,"connections":[]}"#,
/// );
/// # }
/// # Ok::<(), tzsafe::Error>(())
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct PresenceStatus {
    online: bool,
    away: bool,
    online_since: Option<DateTime<Utc>>,
    last_seen: Option<DateTime<Utc>>,
    connections: Vec<PresenceConnection>,
}

impl PresenceStatus {
    /// Offline, and not known to the tracker.
    pub(super) fn unknown() -> Self {
        PresenceStatus::default()
    }

    /// A status from its parts; `connections` are the live ones. `online_since`
    /// and `last_seen` are those of the period the tracker holds, online or
    /// not yet reported offline.
    pub(super) fn new(
        online: bool,
        away: bool,
        online_since: DateTime<Utc>,
        last_seen: DateTime<Utc>,
        connections: Vec<PresenceConnection>,
    ) -> Self {
        PresenceStatus {
            online,
            away: online && away,
            online_since: online.then_some(online_since),
            last_seen: Some(last_seen),
            connections,
        }
    }

    /// Whether the user is online: some connection is live, or the grace after
    /// the last disconnect has not run out.
    #[must_use]
    pub fn is_online(&self) -> bool {
        self.online
    }

    /// Whether the user is online but has had no activity for `away_after`.
    #[must_use]
    pub fn is_away(&self) -> bool {
        self.away
    }

    /// Online, away or offline, in one value.
    ///
    /// # Example
    ///
    /// ```
    /// use chrono::{TimeDelta, TimeZone, Utc};
    /// use tzsafe::models::presence::{PresenceConfig, PresenceState, PresenceTracker};
    ///
    /// let tracker = PresenceTracker::new(PresenceConfig::new().ttl(TimeDelta::minutes(10)).away_after(TimeDelta::minutes(5)))?;
    /// let t0 = Utc.with_ymd_and_hms(2026, 12, 1, 9, 0, 0).unwrap();
    /// let _ = tracker.heartbeat_at("alice", "sid-1", "/chat", t0)?;
    /// assert_eq!(tracker.status_at("alice", t0).state(), PresenceState::Online);
    /// assert_eq!(tracker.status_at("alice", t0 + TimeDelta::minutes(5)).state(), PresenceState::Away);
    /// assert_eq!(tracker.status_at("bob", t0).state(), PresenceState::Offline);
    /// # Ok::<(), tzsafe::Error>(())
    /// ```
    #[must_use]
    pub fn state(&self) -> PresenceState {
        match (self.online, self.away) {
            (true, false) => PresenceState::Online,
            (true, true) => PresenceState::Away,
            (false, _) => PresenceState::Offline,
        }
    }

    /// When the current online period began (its `CameOnline`), `None` when
    /// offline.
    #[must_use]
    pub fn online_since(&self) -> Option<DateTime<Utc>> {
        self.online_since
    }

    /// The latest heartbeat or disconnect of the period the tracker holds,
    /// `None` for a user it does not hold (never seen, or reported offline and
    /// forgotten).
    #[must_use]
    pub fn last_seen(&self) -> Option<DateTime<Utc>> {
        self.last_seen
    }

    /// The connections live at the instant asked about, in the order they
    /// first heartbeat. Empty while offline, and while online only by grace.
    #[must_use]
    pub fn connections(&self) -> &[PresenceConnection] {
        &self.connections
    }
}

/// Online, away or offline: [`PresenceStatus::state`], the value friends are
/// shown.
///
/// # Example
///
/// ```
/// use tzsafe::models::presence::{PresenceState, PresenceStatus};
///
/// assert_eq!(PresenceStatus::default().state(), PresenceState::Offline);
/// assert_eq!(PresenceState::Away.as_str(), "away");
/// assert_eq!(PresenceState::Online.to_string(), "online");
/// ```
///
/// # JSON
///
/// With the `serde` feature, a string: `"online"`, `"away"` or `"offline"`.
///
/// ```
/// # #[cfg(feature = "serde")] {
/// use tzsafe::models::presence::PresenceState;
///
/// assert_eq!(serde_json::to_string(&PresenceState::Away).unwrap(), r#""away""#);
/// assert_eq!(serde_json::from_str::<PresenceState>(r#""offline""#).unwrap(), PresenceState::Offline);
/// # }
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(
    feature = "serde",
    derive(::serde::Serialize, ::serde::Deserialize),
    serde(rename_all = "lowercase")
)]
pub enum PresenceState {
    /// Online and active.
    Online,
    /// Online, but without activity for `away_after`.
    Away,
    /// Not online.
    Offline,
}

impl PresenceState {
    /// `"online"`, `"away"` or `"offline"`.
    ///
    /// # Example
    ///
    /// ```
    /// use tzsafe::models::presence::PresenceState;
    ///
    /// assert_eq!(PresenceState::Offline.as_str(), "offline");
    /// ```
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            PresenceState::Online => "online",
            PresenceState::Away => "away",
            PresenceState::Offline => "offline",
        }
    }
}

impl core::fmt::Display for PresenceState {
    /// [`as_str`](Self::as_str); width and alignment flags apply.
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.pad(self.as_str())
    }
}

/// A live connection of a user: its id, its namespace and its last heartbeat.
///
/// # Example
///
/// ```
/// use chrono::{TimeZone, Utc};
/// use tzsafe::models::presence::{PresenceConfig, PresenceTracker};
///
/// let tracker = PresenceTracker::new(PresenceConfig::new())?;
/// let t0 = Utc.with_ymd_and_hms(2026, 12, 1, 9, 0, 0).unwrap();
/// let _ = tracker.heartbeat_at("alice", "sid-1", "/chat", t0)?;
/// let status = tracker.status_at("alice", t0);
/// let conn = &status.connections()[0];
/// assert_eq!((conn.connection(), conn.namespace()), ("sid-1", "/chat"));
/// assert_eq!(conn.last_heartbeat(), t0);
/// # Ok::<(), tzsafe::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct PresenceConnection {
    connection: String,
    namespace: String,
    last_heartbeat: DateTime<Utc>,
}

impl PresenceConnection {
    pub(super) fn new(connection: &str, namespace: &str, last_heartbeat: DateTime<Utc>) -> Self {
        PresenceConnection {
            connection: connection.to_owned(),
            namespace: namespace.to_owned(),
            last_heartbeat,
        }
    }

    /// The connection's id.
    #[must_use]
    pub fn connection(&self) -> &str {
        &self.connection
    }

    /// The namespace the connection belongs to.
    #[must_use]
    pub fn namespace(&self) -> &str {
        &self.namespace
    }

    /// Its latest heartbeat.
    #[must_use]
    pub fn last_heartbeat(&self) -> DateTime<Utc> {
        self.last_heartbeat
    }
}
