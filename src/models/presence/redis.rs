//! `RedisPresence`: the presence rules of this module, kept in Redis so that
//! every instance of a service shares one truth (feature `redis`).

use core::fmt;
use core::hash::BuildHasher;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Duration;

use chrono::{DateTime, Utc};
use redis::aio::{ConnectionLike, ConnectionManager, ConnectionManagerConfig};
use redis::io::tcp::TcpSettings;
use redis::{Cmd, IntoConnectionInfo, Pipeline, RedisError, RedisResult, Value};

use super::config::{PresenceConfig, Rules};
use super::errors::{check_id, too_many_connections, too_many_users};
use super::event::{PresenceEvent, Transitions};
use super::stamp::Stamp;
use super::status::{PresenceConnection, PresenceStatus};
use crate::models::UserId;
use crate::Clock;
use crate::{Error, ErrorKind};

/// The state machine, run atomically by Redis for one user at a time; each
/// store writes its rules above it (see [`script_text`]).
const SCRIPT: &str = include_str!("redis/presence.lua");

/// Where the Redis store reads "now" for the calls without `_at`.
#[non_exhaustive]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum TimeSource {
    /// The Redis server's `TIME`, read inside the scripts (the default): one
    /// clock for every instance, whatever their hosts' clocks say.
    #[default]
    Server,
    /// The clock of the [`PresenceConfig`] (for tests with a
    /// [`ManualClock`](crate::ManualClock)). Instances whose clocks disagree
    /// then disagree about who is online.
    Config,
}

/// How to reach Redis and lay out the keys; builds a [`RedisPresence`].
///
/// # Example
///
/// ```no_run
/// # #[allow(dead_code)]
/// # async fn run() -> Result<(), tzsafe::Error> {
/// use std::time::Duration;
/// use chrono::TimeDelta;
/// use tzsafe::models::presence::{PresenceConfig, RedisPresence};
///
/// let config = PresenceConfig::new().ttl(TimeDelta::seconds(60)).heartbeat_interval(TimeDelta::seconds(25));
/// let presence = RedisPresence::builder(config)
///     .prefix("chat")
///     .index_shards(16)
///     .timeout(Duration::from_millis(500))
///     .connect("redis://127.0.0.1:6379")
///     .await?;
/// let _events = presence.heartbeat("alice", "sid-1", "/chat").await?;
/// # Ok(())
/// # }
/// ```
#[must_use]
pub struct RedisPresenceBuilder {
    config: PresenceConfig,
    prefix: String,
    shards: u16,
    timeout: Duration,
    time: TimeSource,
    keep: Duration,
}

impl RedisPresenceBuilder {
    /// The prefix of every key (`presence` by default). Several trackers with
    /// other rules can share one Redis under different prefixes. No `{` or
    /// `}` (they delimit Redis Cluster hash tags).
    ///
    /// # Example
    ///
    /// Two trackers with different rules in one Redis:
    ///
    /// ```no_run
    /// # #[allow(dead_code)]
    /// # async fn run() -> Result<(), tzsafe::Error> {
    /// use chrono::TimeDelta;
    /// use tzsafe::models::presence::{PresenceConfig, RedisPresence};
    ///
    /// let url = "redis://127.0.0.1:6379";
    /// let chat = RedisPresence::builder(PresenceConfig::new()).prefix("chat").connect(url).await?;
    /// let agents = RedisPresence::builder(PresenceConfig::new().ttl(TimeDelta::minutes(5)))
    ///     .prefix("support-agents") // keys support-agents:user:{...}, support-agents:due:{...}
    ///     .connect(url)
    ///     .await?;
    /// let _events = chat.heartbeat("alice", "sid-1", "/chat").await?;
    /// let _events = agents.heartbeat("bob", "desk-7", "/queue").await?;
    /// # Ok(())
    /// # }
    /// ```
    pub fn prefix(mut self, prefix: impl Into<String>) -> Self {
        self.prefix = prefix.into();
        self
    }

    /// Into how many sorted sets the deadline index is split (16 by
    /// default, 1 to 1024), so that no single key is hot, and in a cluster
    /// the index spreads over the nodes.
    ///
    /// # Example
    ///
    /// More shards for many users on a cluster; a sweep reads every shard:
    ///
    /// ```no_run
    /// # #[allow(dead_code)]
    /// # async fn run() -> Result<(), tzsafe::Error> {
    /// use tzsafe::models::presence::{PresenceConfig, RedisPresence};
    ///
    /// let presence = RedisPresence::builder(PresenceConfig::new())
    ///     .index_shards(64)
    ///     .connect("redis://127.0.0.1:6379")
    ///     .await?;
    /// let _events = presence.sweep().await?;
    /// # Ok(())
    /// # }
    /// ```
    pub fn index_shards(mut self, shards: u16) -> Self {
        self.shards = shards;
        self
    }

    /// How long any call may wait for Redis (1 s by default); past it the
    /// call fails with [`ErrorKind::Store`](crate::ErrorKind::Store) instead of hanging.
    ///
    /// # Example
    ///
    /// A heartbeat that Redis does not answer within 200 ms fails instead of
    /// holding up the socket handler:
    ///
    /// ```no_run
    /// # #[allow(dead_code)]
    /// # async fn run() -> Result<(), tzsafe::Error> {
    /// use std::time::Duration;
    /// use tzsafe::models::presence::{PresenceConfig, RedisPresence};
    /// use tzsafe::ErrorKind;
    ///
    /// let presence = RedisPresence::builder(PresenceConfig::new())
    ///     .timeout(Duration::from_millis(200))
    ///     .connect("redis://127.0.0.1:6379")
    ///     .await?;
    /// match presence.heartbeat("alice", "sid-1", "/chat").await {
    ///     Ok(events) => events.into_iter().for_each(|event| println!("{event}")),
    ///     // Redis slow or down: the client's next heartbeat tries again.
    ///     Err(e) if e.kind() == ErrorKind::Store => eprintln!("presence unavailable: {e}"),
    ///     Err(e) => return Err(e),
    /// }
    /// # Ok(())
    /// # }
    /// ```
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// Where the calls without `_at` read "now" (the server's `TIME` by
    /// default).
    ///
    /// # Example
    ///
    /// In a test, the plain methods follow a [`ManualClock`](crate::ManualClock):
    ///
    /// ```no_run
    /// # #[allow(dead_code)]
    /// # async fn run() -> Result<(), tzsafe::Error> {
    /// use chrono::{TimeDelta, TimeZone, Utc};
    /// use tzsafe::models::presence::{PresenceConfig, PresenceEvent, RedisPresence, TimeSource};
    /// use tzsafe::ManualClock;
    ///
    /// let start = Utc.with_ymd_and_hms(2026, 12, 1, 9, 0, 0).unwrap();
    /// let clock = ManualClock::new(start);
    /// let presence = RedisPresence::builder(PresenceConfig::new().ttl(TimeDelta::seconds(60)).clock(clock.clone()))
    ///     .prefix("test-presence")
    ///     .time_source(TimeSource::Config)
    ///     .connect("redis://127.0.0.1:6379")
    ///     .await?;
    /// let _events = presence.heartbeat("alice", "sid-1", "/chat").await?;
    /// clock.advance(TimeDelta::seconds(61));
    /// let gone = presence.sweep().await?;
    /// assert_eq!(gone.as_slice(), [PresenceEvent::WentOffline { user: "alice".into(), last_seen: start }]);
    /// # Ok(())
    /// # }
    /// ```
    pub fn time_source(mut self, time: TimeSource) -> Self {
        self.time = time;
        self
    }

    /// How long a user's record outlives its offline deadline when no
    /// instance sweeps it (1 hour by default): then Redis drops it by itself
    /// (its `WentOffline` is not reported), so that nothing stays online
    /// forever even if every instance is gone. At least the TTL is sensible.
    ///
    /// # Example
    ///
    /// ```no_run
    /// # #[allow(dead_code)]
    /// # async fn run() -> Result<(), tzsafe::Error> {
    /// use std::time::Duration;
    /// use tzsafe::models::presence::{PresenceConfig, RedisPresence};
    ///
    /// // Sweeps run every few seconds; if they all stop, Redis forgets users after 10 minutes.
    /// let presence = RedisPresence::builder(PresenceConfig::new())
    ///     .keep_unswept_for(Duration::from_secs(10 * 60))
    ///     .connect("redis://127.0.0.1:6379")
    ///     .await?;
    /// let _events = presence.heartbeat("alice", "sid-1", "/chat").await?;
    /// # Ok(())
    /// # }
    /// ```
    pub fn keep_unswept_for(mut self, keep: Duration) -> Self {
        self.keep = keep;
        self
    }

    fn check(&self) -> Result<(), Error> {
        let invalid = |message: String| Err(Error::new(ErrorKind::InvalidValue, message));
        if self.prefix.contains(['{', '}']) {
            return invalid(format!(
                "invalid Redis key prefix {}: it may not contain '{{' or '}}', which delimit Redis Cluster hash tags",
                Error::quote(&self.prefix)
            ));
        }
        if !(1..=1024).contains(&self.shards) {
            return invalid(format!(
                "invalid number of index shards {}: expected 1 to 1024",
                self.shards
            ));
        }
        if self.timeout.is_zero() {
            return invalid("invalid Redis timeout 0s: expected a positive duration".to_owned());
        }
        Ok(())
    }

    /// Connects to one Redis server (or a primary with replicas) at `url`
    /// (`redis://host:port/db`, `rediss://`, `unix:///path`), loads the
    /// script, and returns the store. The connection reconnects by itself.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::InvalidValue`](crate::ErrorKind::InvalidValue) for a configuration that fails its checks
    /// or a malformed URL; [`ErrorKind::Store`](crate::ErrorKind::Store) when Redis cannot be reached
    /// within the timeout.
    ///
    /// # Example
    ///
    /// ```no_run
    /// # #[allow(dead_code)]
    /// # async fn run() -> Result<(), tzsafe::Error> {
    /// use tzsafe::models::presence::{PresenceConfig, RedisPresence};
    /// use tzsafe::ErrorKind;
    ///
    /// let presence = RedisPresence::builder(PresenceConfig::new())
    ///     .connect("rediss://presence.internal:6380/2") // TLS, database 2
    ///     .await?;
    /// let _events = presence.heartbeat("alice", "sid-1", "/chat").await?;
    ///
    /// // A bad configuration is refused before anything is sent.
    /// let err = RedisPresence::builder(PresenceConfig::new()).prefix("{chat}").connect("redis://127.0.0.1").await.unwrap_err();
    /// assert_eq!(err.kind(), ErrorKind::InvalidValue);
    /// # Ok(())
    /// # }
    /// ```
    pub async fn connect(self, url: &str) -> Result<RedisPresence, Error> {
        self.check()?;
        let invalid_url = |e: RedisError| {
            Error::new(
                ErrorKind::InvalidValue,
                format!("invalid Redis URL {}: {e}", Error::quote(url)),
            )
        };
        let info = url.into_connection_info().map_err(invalid_url)?;
        let tcp = nodelay(info.tcp_settings());
        let client = redis::Client::open(info.set_tcp_settings(tcp)).map_err(invalid_url)?;
        let manager = ConnectionManagerConfig::new()
            .set_connection_timeout(Some(self.timeout))
            .set_response_timeout(Some(self.timeout))
            .set_number_of_retries(2)
            .set_max_delay(self.timeout);
        let connecting = client.get_connection_manager_with_config(manager);
        let conn = within(self.timeout, "connecting", connecting).await?;
        self.finish(Backend::Single(conn)).await
    }

    /// Connects to a Redis Cluster through any of `nodes`.
    ///
    /// In a cluster a user's record and their index shard live in different
    /// slots, so the index is updated by a second command when an online
    /// period starts or a deadline moves earlier, and `max_users` is checked
    /// before a new user's first heartbeat rather than atomically with it (two
    /// instances admitting users at the same moment can pass the limit by
    /// one each).
    ///
    /// # Errors
    ///
    /// As [`connect`](Self::connect).
    ///
    /// # Example
    ///
    /// ```no_run
    /// # #[allow(dead_code)]
    /// # async fn run() -> Result<(), tzsafe::Error> {
    /// use tzsafe::models::presence::{PresenceConfig, RedisPresence};
    ///
    /// let presence = RedisPresence::builder(PresenceConfig::new())
    ///     .prefix("chat")
    ///     .connect_cluster(&["redis://10.0.0.1:7000", "redis://10.0.0.2:7000", "redis://10.0.0.3:7000"])
    ///     .await?;
    /// let _events = presence.heartbeat("alice", "sid-1", "/chat").await?;
    /// # Ok(())
    /// # }
    /// ```
    #[cfg(feature = "redis-cluster")]
    #[cfg_attr(docsrs, doc(cfg(feature = "redis-cluster")))]
    pub async fn connect_cluster(self, nodes: &[&str]) -> Result<RedisPresence, Error> {
        self.check()?;
        let client = redis::cluster::ClusterClientBuilder::new(nodes.to_vec())
            .tcp_settings(nodelay(&TcpSettings::default()))
            .connection_timeout(self.timeout)
            .response_timeout(self.timeout)
            .build()
            .map_err(|e| {
                Error::new(
                    ErrorKind::InvalidValue,
                    format!("invalid Redis Cluster nodes: {e}"),
                )
            })?;
        let conn = within(self.timeout, "connecting", client.get_async_connection()).await?;
        self.finish(Backend::Cluster(conn)).await
    }

    async fn finish(self, backend: Backend) -> Result<RedisPresence, Error> {
        let checked = self.config.check()?;
        let text = script_text(&checked.rules, checked.max_users, self.keep);
        let sha = redis::Script::new(&text).get_hash().to_owned();
        let presence = RedisPresence {
            inner: Arc::new(Inner {
                backend,
                sha,
                text,
                rules: checked.rules,
                max_users: checked.max_users,
                clock: checked.clock,
                prefix: self.prefix,
                shards: self.shards,
                timeout: self.timeout,
                time: self.time,
                salt: hashbrown::DefaultHashBuilder::default().hash_one(0u8),
                periods: AtomicU64::new(0),
            }),
        };
        // Loaded ahead, so that the first calls do not each miss it.
        let mut load = redis::cmd("SCRIPT");
        load.arg("LOAD").arg(&presence.inner.text);
        presence
            .query::<String>(&load, "loading the script")
            .await?;
        Ok(presence)
    }
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

enum Backend {
    Single(ConnectionManager),
    #[cfg(feature = "redis-cluster")]
    Cluster(redis::cluster_async::ClusterConnection),
}

impl Backend {
    /// Whether the script keeps the index itself (one server: the user's
    /// record and the index shard can be touched by one script).
    fn index_in_script(&self) -> bool {
        matches!(self, Backend::Single(_))
    }
}

struct Inner {
    backend: Backend,
    sha: String,
    /// The script with this store's rules written in.
    text: String,
    rules: Rules,
    max_users: Option<usize>,
    clock: Arc<dyn Clock>,
    prefix: String,
    shards: u16,
    timeout: Duration,
    time: TimeSource,
    /// Makes period ids of different instances differ.
    salt: u64,
    periods: AtomicU64,
}

/// Global presence per user, kept in Redis: the rules and the events of
/// [`PresenceTracker`](super::PresenceTracker), shared by every instance of a
/// service (feature `redis`).
///
/// Each call for a user is one Lua script run atomically by Redis (through
/// `EVALSHA`, reloaded by itself after a restart or a failover emptied the
/// script cache), so `CameOnline` is reported once per online period across
/// all instances, and when several instances sweep at once each
/// `WentOffline` is reported by the one whose script claimed it. Cheap to
/// clone (an `Arc`); `Send + Sync`.
///
/// # Data in Redis
///
/// * `<prefix>:user:{<user>}`: one hash per user, not per namespace: the
///   online period (`since`, `seen`, `act`, `away`, `pid`) and one field
///   `c:<connection>` per connection holding its last heartbeat and
///   namespace. The braces make the user id the Redis Cluster hash tag. The
///   key's TTL is refreshed on every change to the offline deadline plus
///   [`keep_unswept_for`](RedisPresenceBuilder::keep_unswept_for), so
///   abandoned data expires even if no instance ever sweeps (Redis 7.0 has
///   no TTL per hash field).
/// * `<prefix>:due:{<prefix>-<n>}`: the deadline index, sorted sets of
///   `<period id><user>` scored by the second of the user's next deadline (or
///   earlier), split into [`index_shards`](RedisPresenceBuilder::index_shards)
///   by a hash of the user id. A sweep reads the due members with
///   `ZRANGEBYSCORE` and claims each with the script.
///
/// # Batches
///
/// [`heartbeat_batch`](Self::heartbeat_batch) sends many heartbeats in one
/// round trip. On one server, up to 100 users go into one script call (one
/// `EVALSHA` and one `TIME` for them all: together they cost Redis about as
/// much as a common heartbeat's own work), and the calls of a batch go in
/// one pipeline. The script handles the users one after another exactly as
/// one [`heartbeat_at`](Self::heartbeat_at) each would, atomically (a script
/// runs alone), so `CameOnline` is still reported once across instances; a
/// user whose part fails (a record broken by someone else) gets that error
/// and the others their events. `NOSCRIPT` is handled as for any call (the
/// call runs again with the script's text). A new user under a `max_users`
/// limit is sent again alone, to be counted atomically with being created.
/// In a cluster a script may only touch keys of one slot and a batch's
/// users are in many, so there a batch is one call per user, sent
/// concurrently.
///
/// # Time
///
/// By default the scripts read the Redis server's `TIME`: every instance
/// uses one clock, so presence does not depend on the skew between
/// application hosts. The `_at` methods take the instant from the caller
/// (for tests, or replaying), and [`TimeSource::Config`] makes the plain
/// methods use the configured clock ([`PresenceConfig::clock`]). The plain
/// methods never read the ambient context's clock
/// ([`utcnow_aware`](crate::utcnow_aware)).
///
/// # Faults
///
/// Every call gives up after the [timeout](RedisPresenceBuilder::timeout)
/// (1 s by default) with [`ErrorKind::Store`](crate::ErrorKind::Store); the connection reconnects in
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

/// What the script said. (The index fields are read only in a cluster, where
/// the caller keeps the index.)
#[cfg_attr(not(feature = "redis-cluster"), allow(dead_code))]
struct Reply {
    code: String,
    action: String,
    deadline: String,
    pid: String,
    old_pid: String,
    events: Transitions,
}

/// How many users one batched heartbeat script call handles (op `hbs`, one
/// server): enough that the call's own cost (`EVALSHA`, `TIME`: 3 to 4 µs)
/// is spread thin, few enough that the script holds Redis up for well under
/// a millisecond (a script blocks every other client while it runs).
const BATCH_USERS: usize = 100;

/// How many index members a sweep reads per shard and round trip.
const SWEEP_BATCH: usize = 512;

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
        RedisPresenceBuilder {
            config,
            prefix: "presence".to_owned(),
            shards: 16,
            timeout: Duration::from_secs(1),
            time: TimeSource::Server,
            keep: Duration::from_secs(3600),
        }
    }

    /// A heartbeat at `now` from `connection` of `user`, in `namespace`, as
    /// [`PresenceTracker::heartbeat_at`](super::PresenceTracker::heartbeat_at).
    ///
    /// # Errors
    ///
    /// As [`PresenceTracker::heartbeat_at`](super::PresenceTracker::heartbeat_at),
    /// and [`ErrorKind::Store`](crate::ErrorKind::Store) when Redis fails or does not answer in time
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
        self.one_beat(
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
        self.one_beat(user.as_ref(), connection.as_ref(), namespace.as_ref(), None)
            .await
    }

    async fn one_beat(
        &self,
        user: &str,
        connection: &str,
        namespace: &str,
        now: Option<DateTime<Utc>>,
    ) -> Result<Transitions, Error> {
        let beat = Heartbeat {
            user,
            connection,
            namespace,
        };
        let mut results = self.beats(&[beat], now).await?;
        results.pop().unwrap_or_else(|| Ok(Transitions::new()))
    }

    /// Many heartbeats at `now` in one round trip (on one server, a script
    /// call per 100 users in one pipeline; in a cluster, a call per user,
    /// concurrently: see [Batches](Self#batches)), each with the result
    /// [`heartbeat_at`](Self::heartbeat_at) would give it, in order.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::Store`](crate::ErrorKind::Store) when the batch could not be sent or answered in
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
        self.beats(beats, Some(now)).await
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
        self.beats(beats, None).await
    }

    async fn beats(
        &self,
        beats: &[Heartbeat<'_>],
        now: Option<DateTime<Utc>>,
    ) -> Result<Vec<Result<Transitions, Error>>, Error> {
        let now = self.now_arg(now);
        let mut out: Vec<Result<Transitions, Error>> = Vec::with_capacity(beats.len());
        let mut sent = Vec::with_capacity(beats.len());
        for (i, beat) in beats.iter().enumerate() {
            let checked = check_id("heartbeat", "user", beat.user)
                .and_then(|()| check_id("heartbeat", "connection", beat.connection));
            match checked {
                Ok(()) => {
                    sent.push(i);
                    out.push(Ok(Transitions::new()));
                }
                Err(err) => out.push(Err(err)),
            }
        }
        if sent.len() > 1 && self.inner.backend.index_in_script() {
            self.beats_in_batches(beats, &sent, &now, &mut out).await?;
            return Ok(out);
        }
        // One call per user: one heartbeat, or a cluster (where one script
        // may only touch one slot, and a batch's users are in many).
        let cmds = sent
            .iter()
            .filter_map(|&i| beats.get(i))
            .map(|beat| {
                let extra = [beat.connection, beat.namespace, ""];
                let keys = self.keys(beat.user);
                self.script("hb", beat.user, &now, &self.new_period(), &keys, &extra)
            })
            .collect();
        let replies = self.run_scripts::<Vec<String>>(cmds, "heartbeat").await?;
        for (i, reply) in sent.into_iter().zip(replies) {
            let (Some(beat), Some(slot)) = (beats.get(i), out.get_mut(i)) else {
                continue;
            };
            *slot = match reply {
                Ok(raw) => self.finish_beat(beat, &now, raw).await,
                Err(err) => Err(store_error("heartbeat", &err)),
            };
        }
        Ok(out)
    }

    /// The heartbeats `sent` (positions in `beats`) on one server: up to
    /// [`BATCH_USERS`] users per script call (op `hbs`: one `EVALSHA` and one
    /// `TIME` for them all), every call in one pipeline. The script answers
    /// only for the users whose heartbeat was not the common one.
    async fn beats_in_batches(
        &self,
        beats: &[Heartbeat<'_>],
        sent: &[usize],
        now: &str,
        out: &mut [Result<Transitions, Error>],
    ) -> Result<(), Error> {
        let chunks: Vec<&[usize]> = sent.chunks(BATCH_USERS).collect();
        let cmds = chunks
            .iter()
            .map(|chunk| {
                let mut cmd = redis::cmd("EVALSHA");
                cmd.arg(&self.inner.sha).arg(chunk.len().saturating_mul(2));
                for beat in chunk.iter().filter_map(|&i| beats.get(i)) {
                    cmd.arg(self.user_key(beat.user))
                        .arg(self.shard_key(self.shard_of(beat.user)));
                }
                cmd.arg("hbs").arg(now);
                for beat in chunk.iter().filter_map(|&i| beats.get(i)) {
                    cmd.arg(beat.user)
                        .arg(self.new_period())
                        .arg(beat.connection)
                        .arg(beat.namespace);
                }
                cmd
            })
            .collect();
        let replies = self
            .run_scripts::<Vec<Vec<String>>>(cmds, "heartbeat")
            .await?;
        for (chunk, reply) in chunks.into_iter().zip(replies) {
            let answers = match reply {
                Ok(answers) => answers,
                Err(err) => {
                    for &i in chunk {
                        if let Some(slot) = out.get_mut(i) {
                            *slot = Err(store_error("heartbeat", &err));
                        }
                    }
                    continue;
                }
            };
            for mut answer in answers {
                // {position in the chunk, the answer of an `hb` call...}
                let position = answer.first().and_then(|p| p.parse::<usize>().ok());
                let Some(&i) = position.and_then(|p| chunk.get(p)) else {
                    return Err(bad_reply(&answer));
                };
                answer.remove(0);
                let (Some(beat), Some(slot)) = (beats.get(i), out.get_mut(i)) else {
                    continue;
                };
                *slot = self.finish_beat(beat, now, answer).await;
            }
        }
        Ok(())
    }

    /// A heartbeat's reply: its events, or its refusal; a new user under a
    /// `max_users` limit is counted first and sent again.
    async fn finish_beat(
        &self,
        beat: &Heartbeat<'_>,
        now: &str,
        raw: Vec<String>,
    ) -> Result<Transitions, Error> {
        let mut reply = read_reply(raw, beat.user)?;
        if reply.code == "count" {
            let max = self.inner.max_users.unwrap_or(usize::MAX);
            let mut keys = self.keys(beat.user);
            let mut allow = "";
            let mut held = 0;
            if self.inner.backend.index_in_script() {
                // On one server the script counts, atomically with creating.
                keys.extend((0..self.inner.shards).map(|s| self.shard_key(s)));
            } else {
                held = self.online_count().await?;
                // Full: refused, unless the user has come online since the
                // first answer (an earlier heartbeat of the same batch, sent
                // at the same time, or another instance): asked again
                // without counting, the script answers count again if not.
                if held < max {
                    allow = "1";
                }
            }
            let extra = [beat.connection, beat.namespace, allow];
            let cmd = self.script("hb", beat.user, now, &self.new_period(), &keys, &extra);
            reply = self.call(cmd, beat.user, "heartbeat").await?;
            if reply.code == "count" {
                return Err(too_many_users(beat.user, held, max));
            }
        } else {
            self.keep_index(&reply, beat.user).await?;
        }
        match reply.code.as_str() {
            "ok" => Ok(reply.events),
            "full_users" => {
                let held = reply.action.parse().unwrap_or(0);
                Err(too_many_users(
                    beat.user,
                    held,
                    self.inner.max_users.unwrap_or(held),
                ))
            }
            "full_conns" => {
                let live = reply.action.parse().unwrap_or(0);
                let max = self.inner.rules.max_connections.unwrap_or(live);
                Err(too_many_connections(beat.user, beat.connection, live, max))
            }
            // A failure of this user's part of a batch (its message).
            "error" => Err(Error::new(
                ErrorKind::Store,
                format!("presence store: heartbeat failed: {}", reply.action),
            )),
            _ => Err(bad_code(&reply.code)),
        }
    }

    /// `connection` of `user` disconnected at `now`, as
    /// [`PresenceTracker::disconnect_at`](super::PresenceTracker::disconnect_at).
    ///
    /// # Errors
    ///
    /// As [`PresenceTracker::disconnect_at`](super::PresenceTracker::disconnect_at),
    /// and [`ErrorKind::Store`](crate::ErrorKind::Store) when Redis fails or does not answer in time.
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

    async fn disconnect_with(
        &self,
        user: &str,
        connection: &str,
        now: Option<DateTime<Utc>>,
    ) -> Result<Transitions, Error> {
        check_id("disconnect", "user", user)?;
        check_id("disconnect", "connection", connection)?;
        let cmd = self.script(
            "dc",
            user,
            &self.now_arg(now),
            "",
            &self.keys(user),
            &[connection],
        );
        Ok(self.call(cmd, user, "disconnect").await?.events)
    }

    /// Activity of `user` at `now`, as
    /// [`PresenceTracker::activity_at`](super::PresenceTracker::activity_at).
    ///
    /// # Errors
    ///
    /// As [`PresenceTracker::activity_at`](super::PresenceTracker::activity_at),
    /// and [`ErrorKind::Store`](crate::ErrorKind::Store) when Redis fails or does not answer in time.
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

    async fn activity_with(
        &self,
        user: &str,
        now: Option<DateTime<Utc>>,
    ) -> Result<Transitions, Error> {
        check_id("activity", "user", user)?;
        let cmd = self.script("act", user, &self.now_arg(now), "", &self.keys(user), &[]);
        Ok(self.call(cmd, user, "activity").await?.events)
    }

    /// Reports every transition that has happened by `now` and was not yet
    /// reported, as [`PresenceTracker::sweep_at`](super::PresenceTracker::sweep_at):
    /// reads the due members of each index shard and claims each user with
    /// the script. When several instances sweep at once, each transition is
    /// reported by the one whose script claimed it.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::Store`](crate::ErrorKind::Store) when Redis fails or does not answer in time; what
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

    async fn sweep_with(&self, now: Option<DateTime<Utc>>) -> Result<Transitions, Error> {
        let now_arg = self.now_arg(now);
        // Index scores are whole seconds of a deadline or earlier: members
        // below the current second are due; those of the current second are
        // checked by their scripts.
        let bound: i64 = if now_arg.is_empty() {
            let (secs, _micros): (i64, i64) = self
                .query(&redis::cmd("TIME"), "reading the server's time")
                .await?;
            secs
        } else {
            Stamp::decode(&now_arg).map_or(i64::MAX, |now| now.timestamp())
        };
        let mut events = Transitions::new();
        let shards: Vec<u16> = (0..self.inner.shards).collect();
        // Whole past seconds, in batches, until a shard has no more.
        let mut pending = shards.clone();
        while !pending.is_empty() {
            let ranges = pending
                .iter()
                .map(|&s| {
                    let mut cmd = redis::cmd("ZRANGEBYSCORE");
                    cmd.arg(self.shard_key(s))
                        .arg("-inf")
                        .arg(format!("({bound}"))
                        .arg("LIMIT")
                        .arg(0)
                        .arg(SWEEP_BATCH);
                    cmd
                })
                .collect::<Vec<_>>();
            let found = self.send_ranges(ranges).await?;
            let full: Vec<u16> = pending
                .iter()
                .zip(&found)
                .filter(|(_, members)| members.len() >= SWEEP_BATCH)
                .map(|(&s, _)| s)
                .collect();
            events.append(
                self.claim(found.into_iter().flatten().collect(), &now_arg)
                    .await?,
            );
            pending = full;
        }
        // The current second, once.
        let ranges = shards
            .iter()
            .map(|&s| {
                let mut cmd = redis::cmd("ZRANGEBYSCORE");
                cmd.arg(self.shard_key(s)).arg(bound).arg(bound);
                cmd
            })
            .collect::<Vec<_>>();
        let found = self.send_ranges(ranges).await?;
        events.append(
            self.claim(found.into_iter().flatten().collect(), &now_arg)
                .await?,
        );
        Ok(events)
    }

    async fn send_ranges(&self, ranges: Vec<Cmd>) -> Result<Vec<Vec<String>>, Error> {
        self.send_all::<Vec<String>>(&ranges, "reading the index")
            .await?
            .into_iter()
            .map(|r| r.map_err(|e| store_error("reading the index", &e)))
            .collect()
    }

    /// Claims the users of index `members` with the script.
    async fn claim(&self, members: Vec<String>, now: &str) -> Result<Transitions, Error> {
        let mut events = Transitions::new();
        if members.is_empty() {
            return Ok(events);
        }
        let parsed: Vec<(&str, &str)> = members
            .iter()
            .filter_map(|m| Some((m.get(..16)?, m.get(16..)?)))
            .collect();
        let cmds = parsed
            .iter()
            .map(|(pid, user)| self.script("claim", user, now, pid, &self.keys(user), &[]))
            .collect();
        let replies = self.run_scripts::<Vec<String>>(cmds, "sweep").await?;
        for ((_, user), reply) in parsed.iter().zip(replies) {
            let reply = read_reply(reply.map_err(|e| store_error("sweep", &e))?, user)?;
            self.keep_index(&reply, user).await?;
            events.append(reply.events);
        }
        Ok(events)
    }

    /// The state of `user` at `now`, as
    /// [`PresenceTracker::status_at`](super::PresenceTracker::status_at).
    /// Connections are listed in no particular order.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::Store`](crate::ErrorKind::Store) when Redis fails or does not answer in time.
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

    async fn status_with(
        &self,
        user: &str,
        now: Option<DateTime<Utc>>,
    ) -> Result<PresenceStatus, Error> {
        let cmd = self.script(
            "status",
            user,
            &self.now_arg(now),
            "",
            &[self.user_key(user)],
            &[],
        );
        let mut replies = self
            .run_scripts::<Vec<String>>(vec![cmd], "reading a status")
            .await?;
        let raw = replies
            .pop()
            .unwrap_or_else(|| Ok(Vec::new()))
            .map_err(|e| store_error("reading a status", &e))?;
        read_status(&raw).ok_or_else(|| bad_reply(&raw))
    }

    /// How many users are online or not yet reported offline (the members
    /// of the index): exact right after a sweep.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::Store`](crate::ErrorKind::Store) when Redis fails or does not answer in time.
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
        let counts = (0..self.inner.shards)
            .map(|s| {
                let mut cmd = redis::cmd("ZCARD");
                cmd.arg(self.shard_key(s));
                cmd
            })
            .collect::<Vec<_>>();
        let mut total = 0usize;
        for count in self.send_counts(counts).await? {
            total = total.saturating_add(count);
        }
        Ok(total)
    }

    async fn send_counts(&self, cmds: Vec<Cmd>) -> Result<Vec<usize>, Error> {
        let mut conn = self.inner.backend.handle();
        let timeout = self.inner.timeout;
        let mut out = Vec::with_capacity(cmds.len());
        // Counts are single integers: one command each (pipelined through
        // the multiplexed connection).
        for cmd in cmds {
            out.push(
                within(
                    timeout,
                    "counting users",
                    cmd.query_async::<usize>(&mut conn),
                )
                .await?,
            );
        }
        Ok(out)
    }

    /// The users counted by [`online_count`](Self::online_count), sorted.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::Store`](crate::ErrorKind::Store) when Redis fails or does not answer in time.
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
        let ranges = (0..self.inner.shards)
            .map(|s| {
                let mut cmd = redis::cmd("ZRANGE");
                cmd.arg(self.shard_key(s)).arg(0).arg(-1);
                cmd
            })
            .collect::<Vec<_>>();
        let users: std::collections::BTreeSet<String> = self
            .send_ranges(ranges)
            .await?
            .into_iter()
            .flatten()
            .filter_map(|member| member.get(16..).map(str::to_owned))
            .collect();
        Ok(users.into_iter().map(UserId::from).collect())
    }

    fn user_key(&self, user: &str) -> String {
        format!("{}:user:{{{user}}}", self.inner.prefix)
    }

    fn shard_of(&self, user: &str) -> u16 {
        // FNV-1a: the same shard on every instance, unlike a seeded hasher.
        let hash = user.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |h, b| {
            (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
        });
        // `shards` is 1 to 1024 (checked when built): the remainder fits a u16.
        u16::try_from(hash.checked_rem(u64::from(self.inner.shards)).unwrap_or(0)).unwrap_or(0)
    }

    fn shard_key(&self, shard: u16) -> String {
        let prefix = &self.inner.prefix;
        format!("{prefix}:due:{{{prefix}-{shard}}}")
    }

    /// A period id no other call of any instance will make: 16 hex digits.
    fn new_period(&self) -> String {
        let n = self.inner.periods.fetch_add(1, Ordering::Relaxed);
        // splitmix64 of the counter, keyed by the instance's salt.
        let mut z = n
            .wrapping_add(self.inner.salt)
            .wrapping_mul(0x9E37_79B9_7F4A_7C15);
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        format!("{:016x}", z ^ (z >> 31))
    }

    /// "Now" as the script argument: the caller's instant, or "" for the
    /// server's `TIME` (or the configured clock's reading).
    fn now_arg(&self, now: Option<DateTime<Utc>>) -> String {
        match (now, self.inner.time) {
            (Some(now), _) => Stamp::of(now).encoded(),
            (None, TimeSource::Config) => Stamp::of(self.inner.clock.now()).encoded(),
            (None, TimeSource::Server) => String::new(),
        }
    }

    /// The script call for `op` on `user`, with the shared arguments.
    fn script(
        &self,
        op: &str,
        user: &str,
        now: &str,
        pid: &str,
        keys: &[String],
        extra: &[&str],
    ) -> Cmd {
        let mut cmd = redis::cmd("EVALSHA");
        cmd.arg(&self.inner.sha).arg(keys.len()).arg(keys);
        cmd.arg(op).arg(now).arg(user).arg(pid).arg(extra);
        cmd
    }

    /// The keys of a call for `user`: their record, and on one server their
    /// index shard.
    fn keys(&self, user: &str) -> Vec<String> {
        let mut keys = vec![self.user_key(user)];
        if self.inner.backend.index_in_script() {
            keys.push(self.shard_key(self.shard_of(user)));
        }
        keys
    }

    async fn query<T: redis::FromRedisValue>(&self, cmd: &Cmd, what: &str) -> Result<T, Error> {
        let mut conn = self.inner.backend.handle();
        within(self.inner.timeout, what, async move {
            cmd.query_async(&mut conn).await
        })
        .await
    }

    /// Runs the script calls in `cmds` in one pipeline (on one server; in a
    /// cluster, concurrently), running again with the script's text those
    /// that found the script cache empty (after a restart or a failover).
    async fn run_scripts<T: redis::FromRedisValue>(
        &self,
        cmds: Vec<Cmd>,
        what: &str,
    ) -> Result<Vec<RedisResult<T>>, Error> {
        if cmds.is_empty() {
            return Ok(Vec::new());
        }
        let mut results = self.send_all(&cmds, what).await?;
        let missing: Vec<usize> = results
            .iter()
            .enumerate()
            .filter(|(_, r)| r.as_ref().is_err_and(is_noscript))
            .map(|(i, _)| i)
            .collect();
        if !missing.is_empty() {
            // EVAL with the text runs the script and caches it again.
            let retry: Vec<Cmd> = missing
                .iter()
                .filter_map(|&i| cmds.get(i).map(|cmd| with_text(cmd, &self.inner.text)))
                .collect();
            let again = self.send_all(&retry, what).await?;
            for (i, result) in missing.into_iter().zip(again) {
                if let Some(slot) = results.get_mut(i) {
                    *slot = result;
                }
            }
        }
        Ok(results)
    }

    async fn send_all<T: redis::FromRedisValue>(
        &self,
        cmds: &[Cmd],
        what: &str,
    ) -> Result<Vec<RedisResult<T>>, Error> {
        let timeout = self.inner.timeout;
        match &self.inner.backend {
            Backend::Single(conn) if cmds.len() == 1 => {
                let mut conn = conn.clone();
                let cmd = cmds.first();
                within(timeout, what, async move {
                    let Some(cmd) = cmd else {
                        return Ok(Vec::new());
                    };
                    match cmd.query_async::<T>(&mut conn).await {
                        // Kept for the caller, who runs it again with the text.
                        Err(err) if is_noscript(&err) => Ok(vec![Err(err)]),
                        result => result.map(|reply| vec![Ok(reply)]),
                    }
                })
                .await
            }
            Backend::Single(conn) => {
                let mut pipe = Pipeline::with_capacity(cmds.len());
                for cmd in cmds {
                    pipe.add_command(cmd.clone());
                }
                pipe.ignore_errors();
                let mut conn = conn.clone();
                within(
                    timeout,
                    what,
                    async move { pipe.query_async(&mut conn).await },
                )
                .await
            }
            #[cfg(feature = "redis-cluster")]
            Backend::Cluster(conn) => {
                let calls = cmds.iter().map(|cmd| {
                    let mut conn = conn.clone();
                    async move { cmd.query_async::<T>(&mut conn).await }
                });
                within(timeout, what, async move {
                    Ok::<_, RedisError>(futures_util::future::join_all(calls).await)
                })
                .await
            }
        }
    }

    /// Runs one script call for `user` and reads its reply.
    async fn call(&self, cmd: Cmd, user: &str, what: &str) -> Result<Reply, Error> {
        let mut results = self.run_scripts::<Vec<String>>(vec![cmd], what).await?;
        let raw = results
            .pop()
            .unwrap_or_else(|| Ok(Vec::new()))
            .map_err(|e| store_error(what, &e))?;
        let reply = read_reply(raw, user)?;
        self.keep_index(&reply, user).await?;
        Ok(reply)
    }

    /// In a cluster, the index updates the script could not make (the index
    /// shard is in another slot than the user's record).
    #[cfg_attr(
        not(feature = "redis-cluster"),
        allow(clippy::unused_async, unused_variables)
    )]
    async fn keep_index(&self, reply: &Reply, user: &str) -> Result<(), Error> {
        #[cfg(feature = "redis-cluster")]
        if let Backend::Cluster(_) = &self.inner.backend {
            let shard = self.shard_key(self.shard_of(user));
            if !reply.old_pid.is_empty() {
                let mut zrem = redis::cmd("ZREM");
                zrem.arg(&shard).arg(format!("{}{user}", reply.old_pid));
                self.query::<Value>(&zrem, "updating the index").await?;
            }
            let condition = match reply.action.as_str() {
                "add" => "NX",
                "lower" => "LT",
                "refile" => "XX",
                _ => return Ok(()),
            };
            let mut zadd = redis::cmd("ZADD");
            zadd.arg(&shard)
                .arg(condition)
                .arg(&reply.deadline)
                .arg(format!("{}{user}", reply.pid));
            self.query::<Value>(&zadd, "updating the index").await?;
        }
        Ok(())
    }
}

impl Backend {
    fn handle(&self) -> Handle {
        match self {
            Backend::Single(conn) => Handle::Single(conn.clone()),
            #[cfg(feature = "redis-cluster")]
            Backend::Cluster(conn) => Handle::Cluster(conn.clone()),
        }
    }
}

/// A connection of either kind, for commands.
enum Handle {
    Single(ConnectionManager),
    #[cfg(feature = "redis-cluster")]
    Cluster(redis::cluster_async::ClusterConnection),
}

impl ConnectionLike for Handle {
    fn req_packed_command<'a>(&'a mut self, cmd: &'a Cmd) -> redis::RedisFuture<'a, Value> {
        match self {
            Handle::Single(conn) => conn.req_packed_command(cmd),
            #[cfg(feature = "redis-cluster")]
            Handle::Cluster(conn) => conn.req_packed_command(cmd),
        }
    }

    fn req_packed_commands<'a>(
        &'a mut self,
        cmd: &'a Pipeline,
        offset: usize,
        count: usize,
    ) -> redis::RedisFuture<'a, Vec<Value>> {
        match self {
            Handle::Single(conn) => conn.req_packed_commands(cmd, offset, count),
            #[cfg(feature = "redis-cluster")]
            Handle::Cluster(conn) => conn.req_packed_commands(cmd, offset, count),
        }
    }

    fn get_db(&self) -> i64 {
        match self {
            Handle::Single(conn) => conn.get_db(),
            #[cfg(feature = "redis-cluster")]
            Handle::Cluster(conn) => conn.get_db(),
        }
    }
}

fn is_noscript(err: &RedisError) -> bool {
    err.kind() == redis::ErrorKind::Server(redis::ServerErrorKind::NoScript)
}

/// `cmd` (an `EVALSHA`) as an `EVAL` of the script's `text`.
fn with_text(cmd: &Cmd, text: &str) -> Cmd {
    let mut eval = redis::cmd("EVAL");
    eval.arg(text);
    for arg in cmd.args_iter().skip(2) {
        if let redis::Arg::Simple(bytes) = arg {
            eval.arg(bytes);
        }
    }
    eval
}

/// TCP settings with `TCP_NODELAY` (redis-rs leaves it off; hiredis and
/// `redis-benchmark` turn it on): a request is sent at once, never held back
/// waiting for the acknowledgement of the one before (Nagle's algorithm),
/// which with delayed acknowledgements can stall a pipeline's last segment.
fn nodelay(settings: &TcpSettings) -> TcpSettings {
    settings.clone().set_nodelay(true)
}

/// `fut`, or an [`ErrorKind::Store`](crate::ErrorKind::Store) error when it fails or takes longer
/// than `timeout`.
async fn within<T>(
    timeout: Duration,
    what: &str,
    fut: impl core::future::Future<Output = RedisResult<T>>,
) -> Result<T, Error> {
    match tokio::time::timeout(timeout, fut).await {
        Ok(Ok(value)) => Ok(value),
        // redis-rs's own response timeout is the same one.
        Ok(Err(err)) if err.is_timeout() => Err(timed_out(what, timeout)),
        Ok(Err(err)) => Err(store_error(what, &err)),
        Err(_) => Err(timed_out(what, timeout)),
    }
}

#[cold]
fn timed_out(what: &str, timeout: Duration) -> Error {
    Error::new(
        ErrorKind::Store,
        format!(
            "presence store: {what} did not finish within {} ms (the Redis timeout)",
            timeout.as_millis()
        ),
    )
}

#[cold]
fn store_error(what: &str, err: &RedisError) -> Error {
    Error::new(
        ErrorKind::Store,
        format!("presence store: {what} failed: {err}"),
    )
}

#[cold]
fn bad_reply(reply: &[String]) -> Error {
    Error::new(
        ErrorKind::Store,
        format!("presence store: the script answered {reply:?}, which this version does not read"),
    )
}

#[cold]
fn bad_code(code: &str) -> Error {
    Error::new(
        ErrorKind::Store,
        format!(
            "presence store: the script answered {}, which this version does not read",
            Error::quote(code)
        ),
    )
}

/// A script's reply for `user`.
fn read_reply(raw: Vec<String>, user: &str) -> Result<Reply, Error> {
    if let [ok] = raw.as_slice() {
        // The common heartbeat: nothing to report, nothing to index.
        if ok == "ok" {
            return Ok(Reply {
                code: String::from("ok"),
                action: String::from("none"),
                deadline: String::new(),
                pid: String::new(),
                old_pid: String::new(),
                events: Transitions::new(),
            });
        }
    }
    let (head, rest) = raw.split_at_checked(5).ok_or_else(|| bad_reply(&raw))?;
    let [code, action, deadline, pid, old_pid] = head else {
        return Err(bad_reply(&raw));
    };
    let mut events = Transitions::new();
    for event in rest.chunks(2) {
        let [kind, at] = event else {
            return Err(bad_reply(&raw));
        };
        let (Some(at), user) = (Stamp::decode(at), UserId::from(user)) else {
            return Err(bad_reply(&raw));
        };
        events.push(match kind.as_str() {
            "on" => PresenceEvent::CameOnline { user, at },
            "off" => PresenceEvent::WentOffline {
                user,
                last_seen: at,
            },
            "away" => PresenceEvent::WentAway { user, at },
            "back" => PresenceEvent::CameBack { user, at },
            _ => return Err(bad_reply(&raw)),
        });
    }
    Ok(Reply {
        code: code.clone(),
        action: action.clone(),
        deadline: deadline.clone(),
        pid: pid.clone(),
        old_pid: old_pid.clone(),
        events,
    })
}

/// The status script's reply: online, away, since, seen, then three fields
/// per live connection.
fn read_status(raw: &[String]) -> Option<PresenceStatus> {
    let (head, conns) = raw.split_at_checked(4)?;
    let [online, away, since, seen] = head else {
        return None;
    };
    if seen.is_empty() {
        return Some(PresenceStatus::unknown());
    }
    let seen = Stamp::decode(seen)?;
    let online = online == "1";
    let since = if online { Stamp::decode(since)? } else { seen };
    let connections = conns
        .chunks(3)
        .map(|c| match c {
            [id, namespace, last] => {
                Some(PresenceConnection::new(id, namespace, Stamp::decode(last)?))
            }
            _ => None,
        })
        .collect::<Option<Vec<_>>>()?;
    Some(PresenceStatus::new(
        online,
        away == "1",
        since,
        seen,
        connections,
    ))
}

/// The longest key TTL the store sets, in milliseconds (2^50, some 35,700
/// years): Redis refuses an expiry whose sum with its clock passes `i64`, so
/// the longest durations (`TimeDelta::MAX`) are cut here.
const MAX_KEEP_MS: i64 = 1 << 50;

/// The script for a store with `rules`, `max_users` and records kept `keep`
/// past their deadline: the rules as Lua constants, then [`SCRIPT`].
fn script_text(rules: &Rules, max_users: Option<usize>, keep: Duration) -> String {
    let pair =
        |span: Option<super::stamp::StampDelta>| match span.map(super::stamp::StampDelta::parts) {
            Some((secs, nanos)) => format!("{secs}, {nanos}"),
            None => "nil, nil".to_owned(),
        };
    let count = |limit: Option<usize>| limit.map_or_else(|| "nil".to_owned(), |n| n.to_string());
    // The key's TTL when refreshed: the longest deadline a change sets (a
    // heartbeat's TTL, a disconnect's grace) plus `keep`; refreshed when less
    // than the longest deadline plus half of `keep` is left.
    let longest = rules.ttl.delta().max(rules.grace.delta());
    let keep_ms = longest
        .num_milliseconds()
        .saturating_add(1)
        .saturating_add(i64::try_from(keep.as_millis()).unwrap_or(i64::MAX))
        .clamp(1, MAX_KEEP_MS);
    let half = keep.checked_div(2).unwrap_or_default();
    format!(
        "-- Rules of this store, written by tzsafe.\n\
         local TTL_S, TTL_N = {ttl}\n\
         local GRACE_S, GRACE_N = {grace}\n\
         local AWAY_S, AWAY_N = {away}\n\
         local KEEP_MS = '{keep_ms}'\n\
         local REFRESH_S, REFRESH_N = {half_secs}, {half_nanos}\n\
         local MAX_CONNS = {max_conns}\n\
         local MAX_USERS = {max_users}\n\
         {SCRIPT}",
        ttl = pair(Some(rules.ttl)),
        grace = pair(Some(rules.grace)),
        away = pair(rules.away_after),
        half_secs = half.as_secs(),
        half_nanos = half.subsec_nanos(),
        max_conns = count(rules.max_connections),
        max_users = count(max_users),
    )
}

impl fmt::Debug for RedisPresence {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RedisPresence")
            .field("prefix", &self.inner.prefix)
            .field("index_shards", &self.inner.shards)
            .field("timeout", &self.inner.timeout)
            .field("time", &self.inner.time)
            .finish_non_exhaustive()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The script caps sums at chrono's last instant, written into it as
    /// numbers: they must be chrono's.
    #[test]
    fn the_scripts_last_instant_is_chronos() {
        let line = SCRIPT
            .lines()
            .find(|l| l.starts_with("local MAX_S, MAX_N = "))
            .unwrap_or_default();
        let max = DateTime::<Utc>::MAX_UTC;
        assert_eq!(
            line,
            format!(
                "local MAX_S, MAX_N = {}, {}",
                max.timestamp(),
                max.timestamp_subsec_nanos()
            )
        );
        assert_eq!(Stamp::decode(&Stamp::max().encoded()), Some(max));
    }

    #[test]
    fn replies_are_read_strictly() {
        let ok = |v: &[&str]| v.iter().map(|s| (*s).to_owned()).collect::<Vec<_>>();
        let reply = read_reply(
            ok(&["ok", "none", "", "p", "", "on", "100017961145000000000000"]),
            "alice",
        );
        let reply = reply.unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(reply.events.len(), 1);
        // The common heartbeat's short answer.
        assert!(
            read_reply(ok(&["ok"]), "alice").is_ok_and(|r| r.events.is_empty() && r.code == "ok")
        );
        for bad in [
            ok(&["nope"]),
            ok(&["ok", "none", "", "", "", "on"]),
            ok(&["ok", "none", "", "", "", "on", "not an instant"]),
            ok(&[
                "ok",
                "none",
                "",
                "",
                "",
                "teleported",
                "100017961145000000000000",
            ]),
        ] {
            assert_eq!(
                read_reply(bad, "alice").err().map(|e| e.kind()),
                Some(ErrorKind::Store)
            );
        }
        assert_eq!(
            read_status(&ok(&["0", "0", "", ""])),
            Some(PresenceStatus::unknown())
        );
        assert_eq!(
            read_status(&ok(&["1", "0", "x", "100017961145000000000000"])),
            None
        );
    }
}
