//! `RedisPresenceBuilder`: how to reach Redis and lay out the keys.

use core::hash::BuildHasher;
use std::sync::Arc;
use std::time::Duration;

use redis::aio::ConnectionManagerConfig;
#[cfg(feature = "redis-cluster")]
use redis::io::tcp::TcpSettings;
use redis::{IntoConnectionInfo, RedisError};

use super::keys::{Keys, Periods};
use super::link::{nodelay, within, Backend, Link};
use super::protocol::rules_arg;
use super::{Inner, RedisPresence, TimeSource};
use crate::models::presence::PresenceConfig;
use crate::{Error, ErrorKind};

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
    /// The defaults of [`RedisPresence::builder`].
    pub(super) fn new(config: PresenceConfig) -> Self {
        RedisPresenceBuilder {
            config,
            prefix: "presence".to_owned(),
            shards: 16,
            timeout: Duration::from_secs(1),
            time: TimeSource::Server,
            keep: Duration::from_secs(3600),
        }
    }

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
    /// call fails with a [`PresenceErrorKind::Store`](crate::models::presence::PresenceErrorKind::Store) error instead of hanging.
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
    /// use tzsafe::models::presence::{PresenceError, PresenceErrorKind};
    ///
    /// let presence = RedisPresence::builder(PresenceConfig::new())
    ///     .timeout(Duration::from_millis(200))
    ///     .connect("redis://127.0.0.1:6379")
    ///     .await?;
    /// match presence.heartbeat("alice", "sid-1", "/chat").await {
    ///     Ok(events) => events.into_iter().for_each(|event| println!("{event}")),
    ///     // Redis slow or down: the client's next heartbeat tries again.
    ///     Err(e) if PresenceError::of(&e).map(PresenceError::kind) == Some(PresenceErrorKind::Store) => {
    ///         eprintln!("presence unavailable: {e}")
    ///     }
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
    /// functions, and returns the store. The connection reconnects by itself.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::InvalidValue`](crate::ErrorKind::InvalidValue) for a configuration that fails its checks
    /// or a malformed URL; a [`PresenceErrorKind::Store`](crate::models::presence::PresenceErrorKind::Store) error when Redis cannot be reached
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
    /// In a cluster a user's record and their index shards live in different
    /// slots, so the index is updated by a second call when an online
    /// period starts or ends, a deadline moves earlier or the record's TTL is
    /// refreshed, and `max_users` is checked
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
        let link = Link::new(backend, self.timeout);
        // Loaded ahead, so that the first calls do not each miss it.
        link.load_library().await?;
        Ok(RedisPresence {
            inner: Arc::new(Inner {
                link,
                keys: Keys::new(self.prefix, self.shards),
                periods: Periods::new(hashbrown::DefaultHashBuilder::default().hash_one(0u8)),
                rules_arg: rules_arg(&checked.rules, checked.max_users, self.keep),
                rules: checked.rules,
                max_users: checked.max_users,
                clock: checked.clock,
                time: self.time,
            }),
        })
    }
}
