//! Global presence per user: online, away or offline, kept alive by
//! heartbeats from every connection a user has (tabs, devices, sockets in any
//! namespace), with transitions reported exactly once.
//!
//! * [`PresenceConfig`]: the time-to-live of a heartbeat, the heartbeat
//!   interval clients are told to use (checked against the TTL), an optional
//!   reconnect grace and auto-away, limits, and the clock.
//! * [`PresenceTracker`]: the in-memory tracker, `Send + Sync`, used through
//!   `&self` from many threads (share it in an `Arc`).
//! * [`PresenceEvent`]: `CameOnline`, `WentOffline`, `WentAway`, `CameBack`,
//!   returned in [`Transitions`] by the call that first observes them.
//! * [`PresenceStatus`]: what a user is at an instant ([`PresenceState`]),
//!   with their live connections and the namespace of each.
//! * [`PresenceStore`]: the operations both stores share, for code that works
//!   with either (`Arc<dyn PresenceStore>`).
//!
//! # Why one presence per user
//!
//! The service this crate grew out of kept one presence key per socket
//! namespace, so a user could be online in the chat and offline in orders at
//! once. Here every heartbeat, from any connection in any namespace, keeps the
//! *user* online, the model Discord, Slack and WhatsApp use. Each way presence
//! systems are known to fail is ruled out by a rule below:
//!
//! | failure seen in the field | rule here |
//! | --- | --- |
//! | ghost users after a crash or deploy (no TTL) | every connection expires `ttl` after its last heartbeat; nothing stays online without heartbeats |
//! | closing one tab marks the user offline while another is open | a user is online while *any* connection is live |
//! | flapping on a page refresh | an optional `grace` after the last disconnect; a reconnect within it continues the same online period, with no events |
//! | a TTL shorter than the real heartbeat interval (throttled background tabs) | building a tracker fails unless `ttl >= 2 * heartbeat_interval` |
//! | connection counters that drift | there is no counter: connections are a set, expired ones are dropped when observed |
//! | memory that grows without bound | offline users are forgotten once reported; `max_users` and `max_connections_per_user` refuse more with a [`PresenceErrorKind::CapacityExceeded`] error |
//! | duplicate or missing join/leave events | one `CameOnline` and one `WentOffline` per online period, reported once, whichever thread observes it |
//!
//! # Rules
//!
//! Times are instants (`DateTime<Utc>`), intervals are half-open, and every
//! operation has an `_at(now)` form that takes the instant explicitly and a
//! plain form that reads the tracker's [`Clock`](crate::Clock) (set with
//! [`PresenceConfig::clock`], so tests move time without sleeping).
//!
//! * **Live connection.** A connection is live at `now` while
//!   `now < last_heartbeat + ttl`.
//! * **Online.** A user is online from their first heartbeat while any of
//!   their connections is live. With a `grace`, a disconnect that leaves the
//!   user without a live connection keeps them online until `grace` after
//!   their last heartbeat or disconnect; a heartbeat within the grace
//!   continues the same online period (no events). A disconnect while another
//!   connection is live starts no grace, and a connection that merely expires
//!   starts none either: silence is not a goodbye that may be followed by a
//!   reconnect, it is what a crash looks like.
//! * **Last seen.** `last_seen` is the latest heartbeat or explicit disconnect
//!   of the online period, over all its connections. After an expiry it is
//!   the last heartbeat, not `last + ttl` and not the time of the call that
//!   noticed.
//! * **Exactly once.** Each online period has exactly one
//!   [`CameOnline`](PresenceEvent::CameOnline) and one
//!   [`WentOffline`](PresenceEvent::WentOffline), in that order, for every
//!   user, however many threads call at once. A transition (including
//!   [`WentAway`](PresenceEvent::WentAway) and
//!   [`CameBack`](PresenceEvent::CameBack)) is reported by whichever call
//!   first observes it: a sweep, or a heartbeat, disconnect or activity of
//!   that user. A heartbeat for a user whose TTL passed unswept reports the
//!   old period's `WentOffline`, then the new period's `CameOnline`.
//!   [`status_at`](PresenceTracker::status_at) only reads: it reports
//!   nothing.
//! * **Away.** With `away_after`, an online user with no
//!   [activity](PresenceTracker::activity_at) for `away_after` is away (Slack's
//!   auto-away). Heartbeats are not activity (a background tab heartbeats);
//!   coming online is. `WentAway { at }` is the instant away began
//!   (`last activity + away_after`), whichever call reports it; activity
//!   brings an away user back (`CameBack`). A user who goes offline before
//!   `away_after` passes never goes away.
//! * **Out of order.** Hosts' clocks disagree, so a heartbeat dated before
//!   its connection's last heartbeat is accepted and changes nothing, and a
//!   disconnect dated before the user's last heartbeat starts the grace from
//!   that heartbeat. Activity dated before the last activity changes nothing.
//!   Otherwise calls are expected in time order; one dated before what the
//!   tracker has already seen never corrupts it (no lost or doubled events),
//!   and a connection already seen expired (by a call for its user, or a
//!   sweep that reported something for them) stays expired.
//! * **Not live.** A disconnect of a connection that is not live (unknown,
//!   already disconnected, expired) is accepted, changes nothing and reports
//!   only what it observes (such as a pending `WentOffline`). Activity of a
//!   user who is not online changes nothing.
//! * **Counts.** [`online_count`](PresenceTracker::online_count) and
//!   [`online_users`](PresenceTracker::online_users) count users not yet
//!   reported offline: after [`sweep_at(now)`](PresenceTracker::sweep_at)
//!   they are exact at `now`.
//! * **Bounded memory.** A heartbeat that would bring a new user online past
//!   `max_users`, or give a user a new live connection past
//!   `max_connections_per_user`, fails with
//!   a [`PresenceErrorKind::CapacityExceeded`] error and
//!   changes nothing. A user counts until reported offline; a connection
//!   until it disconnects or is observed expired. Offline users are
//!   forgotten once reported: their status is then "offline, never seen".
//! * **Invalid input.** Empty user or connection ids are refused with
//!   [`ErrorKind::InvalidValue`](crate::ErrorKind::InvalidValue), and so is a
//!   configuration that fails its checks when the tracker is built.
//!
//! # Identity comes from the connection, never from the message
//!
//! The tracker records whatever user id it is given; it cannot tell who sent
//! a heartbeat. Take the user id from the authenticated connection (a token
//! verified at the socket handshake, a session), never from a field of the
//! event the client sent: the service this crate replaces trusted a
//! `user_id` in every socket event, so any client could keep anyone online or
//! sign them off. The example below keeps that apart: the handshake yields a
//! verified user, and event handlers only ever see that.
//!
//! # Cost
//!
//! Users are spread over shards by a hash of their id, each behind its own
//! lock, so threads touching different users rarely wait for each other. Ids
//! up to 24 bytes are stored inline. A heartbeat is a hash, a lock and a few
//! comparisons on one 64-byte entry of a hash table (the user id and the first
//! connection, its last heartbeat as nanoseconds since the epoch); the rest of
//! a user's record, 56 bytes, sits in a store of the shard that only the less
//! common calls read, because at many users the size of what each heartbeat
//! lands on decides its speed. (A heartbeat dated outside 1677 to 2262, or in
//! a leap second, is kept in full there instead, with the same rules, at the
//! cost of the general path.) A sweep visits only users whose
//! next deadline has passed, through an index of deadlines in coarse time
//! buckets, not every user. See `BENCHMARKS.md` for figures beside a
//! hand-written `DashMap` and `moka`.
//!
//! # Example
//!
//! ```
//! use chrono::{TimeDelta, TimeZone, Utc};
//! use tzsafe::models::presence::{PresenceConfig, PresenceEvent, PresenceTracker};
//! use tzsafe::models::UserId;
//! use tzsafe::ManualClock;
//!
//! /// What the socket handshake established: the user a verified token names.
//! struct Authenticated {
//!     user: UserId,
//!     connection: String,
//! }
//!
//! /// A `ping` event. Whatever the payload says about who sent it, the user
//! /// is the connection's.
//! fn on_ping(tracker: &PresenceTracker, conn: &Authenticated, namespace: &str) -> Result<Vec<PresenceEvent>, tzsafe::Error> {
//!     Ok(tracker.heartbeat(&conn.user, &conn.connection, namespace)?.into_iter().collect())
//! }
//!
//! let start = Utc.with_ymd_and_hms(2026, 12, 1, 9, 0, 0).unwrap();
//! let clock = ManualClock::new(start);
//! let tracker = PresenceTracker::new(
//!     PresenceConfig::new()
//!         .ttl(TimeDelta::seconds(60))
//!         .heartbeat_interval(TimeDelta::seconds(25))
//!         .grace(TimeDelta::seconds(10))
//!         .clock(clock.clone()),
//! )?;
//!
//! // One user, two tabs in two namespaces: one online period.
//! let tab1 = Authenticated { user: UserId::from("alice"), connection: "sid-1".into() };
//! let tab2 = Authenticated { user: UserId::from("alice"), connection: "sid-2".into() };
//! assert_eq!(on_ping(&tracker, &tab1, "/chat")?, [PresenceEvent::CameOnline { user: "alice".into(), at: start }]);
//! assert!(on_ping(&tracker, &tab2, "/orders")?.is_empty());
//!
//! // Closing one tab does not sign her off.
//! clock.advance(TimeDelta::seconds(5));
//! assert!(tracker.disconnect(&tab1.user, &tab1.connection)?.is_empty());
//! assert!(tracker.status(&tab1.user).is_online());
//!
//! // The other tab goes silent (a crash): 60 s after its last heartbeat she
//! // is offline, and the sweep reports it once, with when she was last seen.
//! clock.advance(TimeDelta::seconds(55));
//! let gone: Vec<_> = tracker.sweep().into_iter().collect();
//! assert_eq!(gone, [PresenceEvent::WentOffline { user: "alice".into(), last_seen: start + TimeDelta::seconds(5) }]);
//! assert!(tracker.sweep().is_empty());
//! assert_eq!(tracker.online_count(), 0);
//! # Ok::<(), tzsafe::Error>(())
//! ```

mod cold_parts;
mod config;
mod deadline_index;
mod errors;
mod event;
mod namespaces;
mod record;
#[cfg(feature = "redis")]
mod redis;
#[cfg(feature = "serde")]
mod serde_impl;
mod stamp;
mod status;
mod store;
mod tracker;

pub use self::config::PresenceConfig;
pub use self::errors::{PresenceError, PresenceErrorKind};
pub use self::event::{PresenceEvent, Transitions};
#[cfg(feature = "redis")]
#[cfg_attr(docsrs, doc(cfg(feature = "redis")))]
pub use self::redis::{Heartbeat, RedisPresence, RedisPresenceBuilder, TimeSource};
pub use self::status::{PresenceConnection, PresenceState, PresenceStatus};
pub use self::store::{PresenceFuture, PresenceStore};
pub use self::tracker::PresenceTracker;
