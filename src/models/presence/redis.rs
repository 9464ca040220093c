//! `RedisPresence`: the presence rules of this module, kept in Redis so that
//! every instance of a service shares one truth (feature `redis`).
//!
//! The rules run in Redis as a library of functions (`redis/presence.lua`),
//! one per operation. Here: the public API; `builder` connects; `heartbeat`,
//! `calls` and `sweep` make the calls; `protocol` is what crosses to the
//! Lua (the library's name, the rules argument, the codes of its answers);
//! `keys` the key layout; `link` the connection, timeouts and reloading the
//! library where it is missing.
//!
//! The private `x_with(.., now)` methods take `now` as `Some` for the `_at`
//! forms and `None` for the time source's now.

mod builder;
mod calls;
mod heartbeat;
mod keys;
mod link;
mod protocol;
mod sweep;

use core::fmt;
use std::sync::Arc;

use chrono::{DateTime, Utc};

use self::keys::{Keys, Periods};
use self::link::Link;
use super::config::{PresenceConfig, Rules};
use super::event::Transitions;
use super::stamp::Stamp;
use super::status::PresenceStatus;
use crate::models::UserId;
use crate::Clock;
use crate::Error;

pub use self::builder::RedisPresenceBuilder;

/// Where the Redis store reads "now" for the calls without `_at`.
#[non_exhaustive]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum TimeSource {
    /// The Redis server's `TIME`, read inside the functions (the default): one
    /// clock for every instance, whatever their hosts' clocks say.
    #[default]
    Server,
    /// The clock of the [`PresenceConfig`] (for tests with a
    /// [`ManualClock`](crate::ManualClock)). Instances whose clocks disagree
    /// then disagree about who is online.
    Config,
}

/// One heartbeat of a [batch](RedisPresence::heartbeat_batch_at).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Heartbeat<'a> {
    /// The user, from the authenticated connection.
    pub user: &'a str,
    /// The connection.
    pub connection: &'a str,
    /// Its namespace.
    pub namespace: &'a str,
}

struct Inner {
    link: Link,
    keys: Keys,
    periods: Periods,
    /// The rules as every function reads them (`protocol::rules_arg`).
    rules_arg: String,
    rules: Rules,
    max_users: Option<usize>,
    clock: Arc<dyn Clock>,
    time: TimeSource,
}

/// Global presence per user, kept in Redis: the rules and the events of
/// [`PresenceTracker`](super::PresenceTracker), shared by every instance of a
/// service (feature `redis`).
///
/// Each call for a user is one call of a Redis function (a library of one
/// function per operation, loaded with `FUNCTION LOAD` when the store
/// connects and again wherever Redis answers that it is missing: after a
/// restart, a failover, on any node of a cluster), run atomically by Redis,
/// so `CameOnline` is reported once per online period across all
/// instances, and when several instances sweep at once each `WentOffline`
/// is reported by the one whose call claimed it. Cheap to clone (an `Arc`);
/// `Send + Sync`.
///
/// # Data in Redis
///
/// * `<prefix>:user:{<user>}`: one hash per user, not per namespace: the
///   online period (`since`, `gone`, `act`, `away`, `pid`, `ref`) and one
///   field `c:<connection>` per connection holding its last heartbeat and
///   namespace (and, for a user's only connection, when the key's TTL is
///   refreshed next, so that the common heartbeat reads one field). The
///   braces make the user id the Redis Cluster hash tag. The key's TTL runs
///   to past the user's deadline plus
///   [`keep_unswept_for`](RedisPresenceBuilder::keep_unswept_for), refreshed
///   as the deadline moves, so abandoned data expires even if no instance
///   ever sweeps (Redis 7.0 has no TTL per hash field).
/// * `<prefix>:due:{<prefix>-<n>}`: the deadline index, sorted sets of
///   `<period id><user>` scored by the second of the user's next deadline (or
///   earlier), split into [`index_shards`](RedisPresenceBuilder::index_shards)
///   by a hash of the user id. A sweep reads the due members with
///   `ZRANGEBYSCORE` and claims them with a function.
/// * `<prefix>:held:{<prefix>-<n>}`: the same members, scored by when each
///   user's record expires: [`online_count`](Self::online_count) and
///   [`online_users`](Self::online_users) count only users whose record is
///   still there. Both index keys expire with the last record they list.
///
/// # Batches
///
/// [`heartbeat_batch`](Self::heartbeat_batch) sends many heartbeats in one
/// round trip. On one server, up to 100 users go into one function call
/// (one `FCALL` and one `TIME` for them all), and the calls of a batch go in
/// one pipeline. The function handles the users one after another exactly
/// as one [`heartbeat_at`](Self::heartbeat_at) each would, atomically (a
/// function runs alone), so `CameOnline` is still reported once across
/// instances; a user whose part fails (a record broken by someone else) gets
/// that error and the others their events. A new user under a `max_users`
/// limit is sent again alone, to be counted atomically with being created.
/// In a cluster a function may only touch keys of one slot and a batch's
/// users are in many, so there a batch is one call per user, sent
/// concurrently.
///
/// # Time
///
/// By default the functions read the Redis server's `TIME`: every instance
/// uses one clock, so presence does not depend on the skew between
/// application hosts. The `_at` methods take the instant from the caller
/// (for tests, or replaying), and [`TimeSource::Config`] makes the plain
/// methods use the configured clock ([`PresenceConfig::clock`]). The plain
/// methods never read the ambient context's clock
/// ([`utcnow_aware`](crate::utcnow_aware)). Key expiry always follows the
/// server's clock.
///
/// # Faults
///
/// Every call gives up after the [timeout](RedisPresenceBuilder::timeout)
/// (1 s by default) with a [`PresenceErrorKind::Store`](crate::models::presence::PresenceErrorKind::Store) error; the connection reconnects in
/// the background, so calls work again once Redis is back. An instance that
/// dies loses nothing recorded in Redis: its users' connections expire by
/// their TTL, and the surviving instances' sweeps report them offline, once.
///
/// # Example
///
/// ```no_run
/// # #[allow(dead_code)]
/// # async fn run() -> Result<(), tzsafe::Error> {
/// use tzsafe::models::presence::{PresenceConfig, RedisPresence};
///
/// let presence = RedisPresence::builder(PresenceConfig::new()).connect("redis://127.0.0.1:6379").await?;
/// for event in presence.heartbeat("alice", "sid-1", "/chat").await? {
///     println!("{event}");
/// }
/// // In a periodic task on every instance:
/// for event in presence.sweep().await? {
///     println!("{event}");
/// }
/// # Ok(())
/// # }
/// ```
#[derive(Clone)]
pub struct RedisPresence {
    inner: Arc<Inner>,
}

impl RedisPresence {
    /// A builder for a store with the rules of `config`: key prefix
    /// `presence`, 16 index shards, a timeout of 1 s, the server's clock, and
    /// unswept records kept for an hour past their deadline.
    ///
    /// # Example
    ///
    /// ```no_run
    /// # #[allow(dead_code)]
    /// # async fn run() -> Result<(), tzsafe::Error> {
    /// use chrono::TimeDelta;
    /// use tzsafe::models::presence::{PresenceConfig, RedisPresence};
    ///
    /// let config = PresenceConfig::new().ttl(TimeDelta::seconds(60)).grace(TimeDelta::seconds(10));
    /// // Prefix `presence`, 16 shards, 1 s timeout, the server's clock.
    /// let presence = RedisPresence::builder(config).connect("redis://127.0.0.1:6379").await?;
    /// let _events = presence.heartbeat("alice", "sid-1", "/chat").await?;
    /// # Ok(())
    /// # }
    /// ```
    pub fn builder(config: PresenceConfig) -> RedisPresenceBuilder {
        RedisPresenceBuilder::new(config)
    }

    /// A heartbeat at `now` from `connection` of `user`, in `namespace`, as
    /// [`PresenceTracker::heartbeat_at`](super::PresenceTracker::heartbeat_at).
    ///
    /// # Errors
    ///
    /// As [`PresenceTracker::heartbeat_at`](super::PresenceTracker::heartbeat_at),
    /// and a [`PresenceErrorKind::Store`](crate::models::presence::PresenceErrorKind::Store) error when Redis fails or does not answer in time
    /// (the heartbeat may or may not have been recorded; sending it again is
    /// harmless).
    ///
    /// # Example
    ///
    /// The first heartbeat of a user starts an online period; later ones report nothing:
    ///
    /// ```no_run
    /// # #[allow(dead_code)]
    /// # async fn run() -> Result<(), tzsafe::Error> {
    /// # let presence = RedisPresence::builder(PresenceConfig::new()).connect("redis://127.0.0.1:6379").await?;
    /// use chrono::{TimeDelta, TimeZone, Utc};
    /// use tzsafe::models::presence::{PresenceConfig, PresenceEvent, RedisPresence};
    ///
    /// let t0 = Utc.with_ymd_and_hms(2026, 12, 1, 9, 0, 0).unwrap();
    /// let came = presence.heartbeat_at("alice", "sid-1", "/chat", t0).await?;
    /// assert_eq!(came.as_slice(), [PresenceEvent::CameOnline { user: "alice".into(), at: t0 }]);
    /// assert!(presence.heartbeat_at("alice", "sid-1", "/chat", t0 + TimeDelta::seconds(25)).await?.is_empty());
    /// # Ok(())
    /// # }
    /// ```
    pub async fn heartbeat_at(
        &self,
        user: impl AsRef<str>,
        connection: impl AsRef<str>,
        namespace: impl AsRef<str>,
        now: DateTime<Utc>,
    ) -> Result<Transitions, Error> {
        self.heartbeat_with(
            user.as_ref(),
            connection.as_ref(),
            namespace.as_ref(),
            Some(now),
        )
        .await
    }

    /// [`heartbeat_at`](Self::heartbeat_at) the [time source](TimeSource)'s
    /// now (by default the Redis server's).
    ///
    /// # Errors
    ///
    /// As [`heartbeat_at`](Self::heartbeat_at).
    ///
    /// # Example
    ///
    /// From the connection's `ping` handler; the user is the authenticated one, never the payload's:
    ///
    /// ```no_run
    /// # #[allow(dead_code)]
    /// # async fn run() -> Result<(), tzsafe::Error> {
    /// # let presence = RedisPresence::builder(PresenceConfig::new()).connect("redis://127.0.0.1:6379").await?;
    /// use tzsafe::models::presence::{PresenceConfig, RedisPresence};
    ///
    /// let (user, connection) = ("alice", "sid-1"); // from the socket handshake
    /// for event in presence.heartbeat(user, connection, "/chat").await? {
    ///     println!("{event}"); // CameOnline on the first one
    /// }
    /// # Ok(())
    /// # }
    /// ```
    pub async fn heartbeat(
        &self,
        user: impl AsRef<str>,
        connection: impl AsRef<str>,
        namespace: impl AsRef<str>,
    ) -> Result<Transitions, Error> {
        self.heartbeat_with(user.as_ref(), connection.as_ref(), namespace.as_ref(), None)
            .await
    }

    /// Many heartbeats at `now` in one round trip (on one server, a function
    /// call per 100 users in one pipeline; in a cluster, a call per user,
    /// concurrently: see [Batches](Self#batches)), each with the result
    /// [`heartbeat_at`](Self::heartbeat_at) would give it, in order.
    ///
    /// # Errors
    ///
    /// a [`PresenceErrorKind::Store`](crate::models::presence::PresenceErrorKind::Store) error when the batch could not be sent or answered in
    /// time (the outer error; some heartbeats may have been recorded). Each
    /// heartbeat's own refusal (an empty id, a limit) is its inner result.
    ///
    /// # Example
    ///
    /// One round trip for the heartbeats a gateway collected; each has its own result:
    ///
    /// ```no_run
    /// # #[allow(dead_code)]
    /// # async fn run() -> Result<(), tzsafe::Error> {
    /// # let presence = RedisPresence::builder(PresenceConfig::new()).connect("redis://127.0.0.1:6379").await?;
    /// use chrono::{TimeZone, Utc};
    /// use tzsafe::models::presence::{Heartbeat, PresenceConfig, RedisPresence};
    ///
    /// let now = Utc.with_ymd_and_hms(2026, 12, 1, 9, 0, 0).unwrap();
    /// let beats = [
    ///     Heartbeat { user: "alice", connection: "sid-1", namespace: "/chat" },
    ///     Heartbeat { user: "", connection: "sid-2", namespace: "/chat" }, // refused: empty user id
    /// ];
    /// let results = presence.heartbeat_batch_at(&beats, now).await?;
    /// assert_eq!(results.len(), 2);
    /// assert!(results[1].is_err());
    /// for events in results.into_iter().flatten() {
    ///     events.into_iter().for_each(|event| println!("{event}"));
    /// }
    /// # Ok(())
    /// # }
    /// ```
    pub async fn heartbeat_batch_at(
        &self,
        beats: &[Heartbeat<'_>],
        now: DateTime<Utc>,
    ) -> Result<Vec<Result<Transitions, Error>>, Error> {
        self.heartbeat_batch_with(beats, Some(now)).await
    }

    /// [`heartbeat_batch_at`](Self::heartbeat_batch_at) the time source's now.
    ///
    /// # Errors
    ///
    /// As [`heartbeat_batch_at`](Self::heartbeat_batch_at).
    ///
    /// # Example
    ///
    /// ```no_run
    /// # #[allow(dead_code)]
    /// # async fn run() -> Result<(), tzsafe::Error> {
    /// # let presence = RedisPresence::builder(PresenceConfig::new()).connect("redis://127.0.0.1:6379").await?;
    /// use tzsafe::models::presence::{Heartbeat, PresenceConfig, RedisPresence};
    ///
    /// let beats = [
    ///     Heartbeat { user: "alice", connection: "sid-1", namespace: "/chat" },
    ///     Heartbeat { user: "bob", connection: "sid-9", namespace: "/orders" },
    /// ];
    /// for (beat, result) in beats.iter().zip(presence.heartbeat_batch(&beats).await?) {
    ///     match result {
    ///         Ok(events) => events.into_iter().for_each(|event| println!("{event}")),
    ///         Err(e) => eprintln!("heartbeat of {} refused: {e}", beat.user),
    ///     }
    /// }
    /// # Ok(())
    /// # }
    /// ```
    pub async fn heartbeat_batch(
        &self,
        beats: &[Heartbeat<'_>],
    ) -> Result<Vec<Result<Transitions, Error>>, Error> {
        self.heartbeat_batch_with(beats, None).await
    }

    /// `connection` of `user` disconnected at `now`, as
    /// [`PresenceTracker::disconnect_at`](super::PresenceTracker::disconnect_at).
    ///
    /// # Errors
    ///
    /// As [`PresenceTracker::disconnect_at`](super::PresenceTracker::disconnect_at),
    /// and a [`PresenceErrorKind::Store`](crate::models::presence::PresenceErrorKind::Store) error when Redis fails or does not answer in time.
    ///
    /// # Example
    ///
    /// With no grace (the default), closing the last connection ends the period at once:
    ///
    /// ```no_run
    /// # #[allow(dead_code)]
    /// # async fn run() -> Result<(), tzsafe::Error> {
    /// # let presence = RedisPresence::builder(PresenceConfig::new()).connect("redis://127.0.0.1:6379").await?;
    /// use chrono::{TimeDelta, TimeZone, Utc};
    /// use tzsafe::models::presence::{PresenceConfig, PresenceEvent, RedisPresence};
    ///
    /// let t0 = Utc.with_ymd_and_hms(2026, 12, 1, 9, 0, 0).unwrap();
    /// let _came = presence.heartbeat_at("alice", "sid-1", "/chat", t0).await?;
    /// let t1 = t0 + TimeDelta::seconds(5);
    /// let gone = presence.disconnect_at("alice", "sid-1", t1).await?;
    /// assert_eq!(gone.as_slice(), [PresenceEvent::WentOffline { user: "alice".into(), last_seen: t1 }]);
    /// # Ok(())
    /// # }
    /// ```
    pub async fn disconnect_at(
        &self,
        user: impl AsRef<str>,
        connection: impl AsRef<str>,
        now: DateTime<Utc>,
    ) -> Result<Transitions, Error> {
        self.disconnect_with(user.as_ref(), connection.as_ref(), Some(now))
            .await
    }

    /// [`disconnect_at`](Self::disconnect_at) the time source's now.
    ///
    /// # Errors
    ///
    /// As [`disconnect_at`](Self::disconnect_at).
    ///
    /// # Example
    ///
    /// From the socket's `disconnect` handler:
    ///
    /// ```no_run
    /// # #[allow(dead_code)]
    /// # async fn run() -> Result<(), tzsafe::Error> {
    /// # let presence = RedisPresence::builder(PresenceConfig::new()).connect("redis://127.0.0.1:6379").await?;
    /// use tzsafe::models::presence::{PresenceConfig, RedisPresence};
    ///
    /// for event in presence.disconnect("alice", "sid-1").await? {
    ///     println!("{event}"); // WentOffline if it was her last connection and there is no grace
    /// }
    /// # Ok(())
    /// # }
    /// ```
    pub async fn disconnect(
        &self,
        user: impl AsRef<str>,
        connection: impl AsRef<str>,
    ) -> Result<Transitions, Error> {
        self.disconnect_with(user.as_ref(), connection.as_ref(), None)
            .await
    }

    /// Activity of `user` at `now`, as
    /// [`PresenceTracker::activity_at`](super::PresenceTracker::activity_at).
    ///
    /// # Errors
    ///
    /// As [`PresenceTracker::activity_at`](super::PresenceTracker::activity_at),
    /// and a [`PresenceErrorKind::Store`](crate::models::presence::PresenceErrorKind::Store) error when Redis fails or does not answer in time.
    ///
    /// # Example
    ///
    /// An away user who sends a message is back:
    ///
    /// ```no_run
    /// # #[allow(dead_code)]
    /// # async fn run() -> Result<(), tzsafe::Error> {
    /// use chrono::{TimeDelta, TimeZone, Utc};
    /// use tzsafe::models::presence::{PresenceConfig, PresenceEvent, RedisPresence};
    ///
    /// let config = PresenceConfig::new().ttl(TimeDelta::minutes(10)).away_after(TimeDelta::minutes(5));
    /// let presence = RedisPresence::builder(config).connect("redis://127.0.0.1:6379").await?;
    /// let t0 = Utc.with_ymd_and_hms(2026, 12, 1, 9, 0, 0).unwrap();
    /// let _came = presence.heartbeat_at("alice", "sid-1", "/chat", t0).await?;
    /// let t6 = t0 + TimeDelta::minutes(6);
    /// let back = presence.activity_at("alice", t6).await?;
    /// assert_eq!(
    ///     back.as_slice(),
    ///     [
    ///         PresenceEvent::WentAway { user: "alice".into(), at: t0 + TimeDelta::minutes(5) },
    ///         PresenceEvent::CameBack { user: "alice".into(), at: t6 },
    ///     ],
    /// );
    /// # Ok(())
    /// # }
    /// ```
    pub async fn activity_at(
        &self,
        user: impl AsRef<str>,
        now: DateTime<Utc>,
    ) -> Result<Transitions, Error> {
        self.activity_with(user.as_ref(), Some(now)).await
    }

    /// [`activity_at`](Self::activity_at) the time source's now.
    ///
    /// # Errors
    ///
    /// As [`activity_at`](Self::activity_at).
    ///
    /// # Example
    ///
    /// ```no_run
    /// # #[allow(dead_code)]
    /// # async fn run() -> Result<(), tzsafe::Error> {
    /// # let presence = RedisPresence::builder(PresenceConfig::new()).connect("redis://127.0.0.1:6379").await?;
    /// use tzsafe::models::presence::{PresenceConfig, RedisPresence};
    ///
    /// // On every message the user sends (heartbeats are not activity).
    /// for event in presence.activity("alice").await? {
    ///     println!("{event}");
    /// }
    /// # Ok(())
    /// # }
    /// ```
    pub async fn activity(&self, user: impl AsRef<str>) -> Result<Transitions, Error> {
        self.activity_with(user.as_ref(), None).await
    }

    /// Reports every transition that has happened by `now` and was not yet
    /// reported, as [`PresenceTracker::sweep_at`](super::PresenceTracker::sweep_at):
    /// reads the due members of each index shard and claims them with the
    /// `sweep` function. When several instances sweep at once, each
    /// transition is reported by the one whose call claimed it.
    ///
    /// # Errors
    ///
    /// a [`PresenceErrorKind::Store`](crate::models::presence::PresenceErrorKind::Store) error when Redis fails or does not answer in time; what
    /// was claimed before the failure is lost to this call but not reported
    /// twice.
    ///
    /// # Example
    ///
    /// A connection that stops heartbeating is reported offline once its TTL (60 s) has run out:
    ///
    /// ```no_run
    /// # #[allow(dead_code)]
    /// # async fn run() -> Result<(), tzsafe::Error> {
    /// # let presence = RedisPresence::builder(PresenceConfig::new()).connect("redis://127.0.0.1:6379").await?;
    /// use chrono::{TimeDelta, TimeZone, Utc};
    /// use tzsafe::models::presence::{PresenceConfig, PresenceEvent, RedisPresence};
    ///
    /// let t0 = Utc.with_ymd_and_hms(2026, 12, 1, 9, 0, 0).unwrap();
    /// let _came = presence.heartbeat_at("alice", "sid-1", "/chat", t0).await?;
    /// assert!(presence.sweep_at(t0 + TimeDelta::seconds(59)).await?.is_empty());
    /// let gone = presence.sweep_at(t0 + TimeDelta::seconds(61)).await?;
    /// assert_eq!(gone.as_slice(), [PresenceEvent::WentOffline { user: "alice".into(), last_seen: t0 }]);
    /// assert!(presence.sweep_at(t0 + TimeDelta::seconds(62)).await?.is_empty()); // reported once
    /// # Ok(())
    /// # }
    /// ```
    pub async fn sweep_at(&self, now: DateTime<Utc>) -> Result<Transitions, Error> {
        self.sweep_with(Some(now)).await
    }

    /// [`sweep_at`](Self::sweep_at) the time source's now.
    ///
    /// # Errors
    ///
    /// As [`sweep_at`](Self::sweep_at).
    ///
    /// # Example
    ///
    /// In a task on every instance (each event is reported by one of them):
    ///
    /// ```no_run
    /// use std::time::Duration;
    /// use tzsafe::models::presence::RedisPresence;
    ///
    /// # #[allow(dead_code)]
    /// async fn sweeper(presence: RedisPresence) -> Result<(), tzsafe::Error> {
    ///     let mut every_second = tokio::time::interval(Duration::from_secs(1));
    ///     loop {
    ///         every_second.tick().await;
    ///         for event in presence.sweep().await? {
    ///             println!("{event}"); // publish to the room, update the roster, ...
    ///         }
    ///     }
    /// }
    /// ```
    pub async fn sweep(&self) -> Result<Transitions, Error> {
        self.sweep_with(None).await
    }

    /// The state of `user` at `now`, as
    /// [`PresenceTracker::status_at`](super::PresenceTracker::status_at).
    /// Connections are listed in no particular order.
    ///
    /// # Errors
    ///
    /// a [`PresenceErrorKind::Store`](crate::models::presence::PresenceErrorKind::Store) error when Redis fails or does not answer in time.
    ///
    /// # Example
    ///
    /// ```no_run
    /// # #[allow(dead_code)]
    /// # async fn run() -> Result<(), tzsafe::Error> {
    /// # let presence = RedisPresence::builder(PresenceConfig::new()).connect("redis://127.0.0.1:6379").await?;
    /// use chrono::{TimeDelta, TimeZone, Utc};
    /// use tzsafe::models::presence::{PresenceConfig, PresenceState, RedisPresence};
    ///
    /// let t0 = Utc.with_ymd_and_hms(2026, 12, 1, 9, 0, 0).unwrap();
    /// let _came = presence.heartbeat_at("alice", "sid-1", "/chat", t0).await?;
    /// let status = presence.status_at("alice", t0 + TimeDelta::seconds(30)).await?;
    /// assert_eq!(status.state(), PresenceState::Online);
    /// assert_eq!(status.online_since(), Some(t0));
    /// assert_eq!(status.connections()[0].namespace(), "/chat");
    /// // Past the TTL she is offline, whether or not a sweep has reported it yet.
    /// assert_eq!(presence.status_at("alice", t0 + TimeDelta::seconds(61)).await?.state(), PresenceState::Offline);
    /// # Ok(())
    /// # }
    /// ```
    pub async fn status_at(
        &self,
        user: impl AsRef<str>,
        now: DateTime<Utc>,
    ) -> Result<PresenceStatus, Error> {
        self.status_with(user.as_ref(), Some(now)).await
    }

    /// [`status_at`](Self::status_at) the time source's now.
    ///
    /// # Errors
    ///
    /// As [`status_at`](Self::status_at).
    ///
    /// # Example
    ///
    /// ```no_run
    /// # #[allow(dead_code)]
    /// # async fn run() -> Result<(), tzsafe::Error> {
    /// # let presence = RedisPresence::builder(PresenceConfig::new()).connect("redis://127.0.0.1:6379").await?;
    /// use tzsafe::models::presence::{PresenceConfig, RedisPresence};
    ///
    /// let status = presence.status("alice").await?;
    /// if status.is_online() {
    ///     println!("alice is online on {} connection(s)", status.connections().len());
    /// } else if let Some(seen) = status.last_seen() {
    ///     println!("alice was last seen at {seen}");
    /// }
    /// # Ok(())
    /// # }
    /// ```
    pub async fn status(&self, user: impl AsRef<str>) -> Result<PresenceStatus, Error> {
        self.status_with(user.as_ref(), None).await
    }

    /// How many users are online or not yet reported offline: exact right
    /// after a sweep. A user whose record Redis dropped unswept (see
    /// [`keep_unswept_for`](RedisPresenceBuilder::keep_unswept_for)) is not
    /// counted, swept or not.
    ///
    /// # Errors
    ///
    /// a [`PresenceErrorKind::Store`](crate::models::presence::PresenceErrorKind::Store) error when Redis fails or does not answer in time.
    ///
    /// # Example
    ///
    /// ```no_run
    /// # #[allow(dead_code)]
    /// # async fn run() -> Result<(), tzsafe::Error> {
    /// # let presence = RedisPresence::builder(PresenceConfig::new()).connect("redis://127.0.0.1:6379").await?;
    /// use tzsafe::models::presence::{PresenceConfig, RedisPresence};
    ///
    /// let _gone = presence.sweep().await?; // exact right after a sweep
    /// println!("{} users online", presence.online_count().await?);
    /// # Ok(())
    /// # }
    /// ```
    pub async fn online_count(&self) -> Result<usize, Error> {
        self.count_held().await
    }

    /// The users counted by [`online_count`](Self::online_count), sorted.
    ///
    /// # Errors
    ///
    /// a [`PresenceErrorKind::Store`](crate::models::presence::PresenceErrorKind::Store) error when Redis fails or does not answer in time.
    ///
    /// # Example
    ///
    /// ```no_run
    /// # #[allow(dead_code)]
    /// # async fn run() -> Result<(), tzsafe::Error> {
    /// # let presence = RedisPresence::builder(PresenceConfig::new()).connect("redis://127.0.0.1:6379").await?;
    /// use tzsafe::models::presence::{PresenceConfig, RedisPresence};
    ///
    /// let _gone = presence.sweep().await?;
    /// let users = presence.online_users().await?;
    /// assert_eq!(users.len(), presence.online_count().await?); // when nobody came or went in between
    /// for user in &users {
    ///     println!("{}", user.as_str());
    /// }
    /// # Ok(())
    /// # }
    /// ```
    pub async fn online_users(&self) -> Result<Vec<UserId>, Error> {
        self.held_users().await
    }

    /// "Now" as the functions' argument: the caller's instant, or "" for the
    /// server's `TIME` (or the configured clock's reading).
    fn now_arg(&self, now: Option<DateTime<Utc>>) -> String {
        match (now, self.inner.time) {
            (Some(now), _) => Stamp::of(now).encoded(),
            (None, TimeSource::Config) => Stamp::of(self.inner.clock.now()).encoded(),
            (None, TimeSource::Server) => String::new(),
        }
    }
}

impl fmt::Debug for RedisPresence {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RedisPresence")
            .field("prefix", &self.inner.keys.prefix())
            .field("index_shards", &self.inner.keys.shards())
            .field("timeout", &self.inner.link.timeout())
            .field("time", &self.inner.time)
            .finish_non_exhaustive()
    }
}
