//! `PresenceStore`: what both presence stores do, for code that works with
//! either.

use core::future::Future;
use core::pin::Pin;

use chrono::{DateTime, Utc};

use super::event::Transitions;
use super::status::PresenceStatus;
use super::tracker::PresenceTracker;
use crate::models::UserId;
use crate::Error;

/// The future a [`PresenceStore`] method returns.
pub type PresenceFuture<'a, T> = Pin<Box<dyn Future<Output = Result<T, Error>> + Send + 'a>>;

/// The operations of both presence stores: the in-memory [`PresenceTracker`]
/// and, with the feature `redis`, the shared
/// [`RedisPresence`](super::RedisPresence), with the same rules and events.
///
/// For code that works with either: a service with an optional Redis mode
/// keeps an `Arc<dyn PresenceStore>`, tests are written once. Calls through
/// the trait box their future; the stores' own methods do not (the in-memory
/// tracker's are plain functions), so use those where a store's type is
/// known and every nanosecond counts. An in-memory call never fails for a
/// reason the tracker's own method would not.
///
/// # Example
///
/// ```
/// use std::sync::Arc;
/// use chrono::{TimeZone, Utc};
/// use tzsafe::models::presence::{PresenceConfig, PresenceEvent, PresenceStore, PresenceTracker};
///
/// async fn came_online(store: &dyn PresenceStore, user: &str, connection: &str) -> Result<bool, tzsafe::Error> {
///     let t0 = Utc.with_ymd_and_hms(2026, 12, 1, 9, 0, 0).unwrap();
///     let events = store.heartbeat_at(user, connection, "/chat", t0).await?;
///     Ok(events.iter().any(|e| matches!(e, PresenceEvent::CameOnline { .. })))
/// }
///
/// let store: Arc<dyn PresenceStore> = Arc::new(PresenceTracker::new(PresenceConfig::new())?);
/// // The in-memory store's futures are ready at once; any executor will do.
/// let mut future = std::pin::pin!(came_online(&*store, "alice", "sid-1"));
/// let ready = future.as_mut().poll(&mut std::task::Context::from_waker(std::task::Waker::noop()));
/// assert!(matches!(ready, std::task::Poll::Ready(Ok(true))));
/// # use std::future::Future;
/// # Ok::<(), tzsafe::Error>(())
/// ```
pub trait PresenceStore: Send + Sync {
    /// A heartbeat at `now`: [`PresenceTracker::heartbeat_at`].
    fn heartbeat_at<'a>(
        &'a self,
        user: &'a str,
        connection: &'a str,
        namespace: &'a str,
        now: DateTime<Utc>,
    ) -> PresenceFuture<'a, Transitions>;

    /// A heartbeat at the store's now: [`PresenceTracker::heartbeat`].
    fn heartbeat<'a>(
        &'a self,
        user: &'a str,
        connection: &'a str,
        namespace: &'a str,
    ) -> PresenceFuture<'a, Transitions>;

    /// A disconnect at `now`: [`PresenceTracker::disconnect_at`].
    fn disconnect_at<'a>(
        &'a self,
        user: &'a str,
        connection: &'a str,
        now: DateTime<Utc>,
    ) -> PresenceFuture<'a, Transitions>;

    /// A disconnect at the store's now: [`PresenceTracker::disconnect`].
    fn disconnect<'a>(
        &'a self,
        user: &'a str,
        connection: &'a str,
    ) -> PresenceFuture<'a, Transitions>;

    /// Activity at `now`: [`PresenceTracker::activity_at`].
    fn activity_at<'a>(
        &'a self,
        user: &'a str,
        now: DateTime<Utc>,
    ) -> PresenceFuture<'a, Transitions>;

    /// Activity at the store's now: [`PresenceTracker::activity`].
    fn activity<'a>(&'a self, user: &'a str) -> PresenceFuture<'a, Transitions>;

    /// A sweep at `now`: [`PresenceTracker::sweep_at`].
    fn sweep_at(&self, now: DateTime<Utc>) -> PresenceFuture<'_, Transitions>;

    /// A sweep at the store's now: [`PresenceTracker::sweep`].
    fn sweep(&self) -> PresenceFuture<'_, Transitions>;

    /// A user's status at `now`: [`PresenceTracker::status_at`].
    fn status_at<'a>(
        &'a self,
        user: &'a str,
        now: DateTime<Utc>,
    ) -> PresenceFuture<'a, PresenceStatus>;

    /// A user's status at the store's now: [`PresenceTracker::status`].
    fn status<'a>(&'a self, user: &'a str) -> PresenceFuture<'a, PresenceStatus>;

    /// [`PresenceTracker::online_count`].
    fn online_count(&self) -> PresenceFuture<'_, usize>;

    /// [`PresenceTracker::online_users`].
    fn online_users(&self) -> PresenceFuture<'_, Vec<UserId>>;
}

fn ready<'a, T: Send + 'a>(value: Result<T, Error>) -> PresenceFuture<'a, T> {
    Box::pin(core::future::ready(value))
}

impl PresenceStore for PresenceTracker {
    fn heartbeat_at<'a>(
        &'a self,
        user: &'a str,
        connection: &'a str,
        namespace: &'a str,
        now: DateTime<Utc>,
    ) -> PresenceFuture<'a, Transitions> {
        ready(PresenceTracker::heartbeat_at(
            self, user, connection, namespace, now,
        ))
    }

    fn heartbeat<'a>(
        &'a self,
        user: &'a str,
        connection: &'a str,
        namespace: &'a str,
    ) -> PresenceFuture<'a, Transitions> {
        ready(PresenceTracker::heartbeat(
            self, user, connection, namespace,
        ))
    }

    fn disconnect_at<'a>(
        &'a self,
        user: &'a str,
        connection: &'a str,
        now: DateTime<Utc>,
    ) -> PresenceFuture<'a, Transitions> {
        ready(PresenceTracker::disconnect_at(self, user, connection, now))
    }

    fn disconnect<'a>(
        &'a self,
        user: &'a str,
        connection: &'a str,
    ) -> PresenceFuture<'a, Transitions> {
        ready(PresenceTracker::disconnect(self, user, connection))
    }

    fn activity_at<'a>(
        &'a self,
        user: &'a str,
        now: DateTime<Utc>,
    ) -> PresenceFuture<'a, Transitions> {
        ready(PresenceTracker::activity_at(self, user, now))
    }

    fn activity<'a>(&'a self, user: &'a str) -> PresenceFuture<'a, Transitions> {
        ready(PresenceTracker::activity(self, user))
    }

    fn sweep_at(&self, now: DateTime<Utc>) -> PresenceFuture<'_, Transitions> {
        ready(Ok(PresenceTracker::sweep_at(self, now)))
    }

    fn sweep(&self) -> PresenceFuture<'_, Transitions> {
        ready(Ok(PresenceTracker::sweep(self)))
    }

    fn status_at<'a>(
        &'a self,
        user: &'a str,
        now: DateTime<Utc>,
    ) -> PresenceFuture<'a, PresenceStatus> {
        ready(Ok(PresenceTracker::status_at(self, user, now)))
    }

    fn status<'a>(&'a self, user: &'a str) -> PresenceFuture<'a, PresenceStatus> {
        ready(Ok(PresenceTracker::status(self, user)))
    }

    fn online_count(&self) -> PresenceFuture<'_, usize> {
        ready(Ok(PresenceTracker::online_count(self)))
    }

    fn online_users(&self) -> PresenceFuture<'_, Vec<UserId>> {
        ready(Ok(PresenceTracker::online_users(self)))
    }
}

#[cfg(feature = "redis")]
impl PresenceStore for super::RedisPresence {
    fn heartbeat_at<'a>(
        &'a self,
        user: &'a str,
        connection: &'a str,
        namespace: &'a str,
        now: DateTime<Utc>,
    ) -> PresenceFuture<'a, Transitions> {
        Box::pin(super::RedisPresence::heartbeat_at(
            self, user, connection, namespace, now,
        ))
    }

    fn heartbeat<'a>(
        &'a self,
        user: &'a str,
        connection: &'a str,
        namespace: &'a str,
    ) -> PresenceFuture<'a, Transitions> {
        Box::pin(super::RedisPresence::heartbeat(
            self, user, connection, namespace,
        ))
    }

    fn disconnect_at<'a>(
        &'a self,
        user: &'a str,
        connection: &'a str,
        now: DateTime<Utc>,
    ) -> PresenceFuture<'a, Transitions> {
        Box::pin(super::RedisPresence::disconnect_at(
            self, user, connection, now,
        ))
    }

    fn disconnect<'a>(
        &'a self,
        user: &'a str,
        connection: &'a str,
    ) -> PresenceFuture<'a, Transitions> {
        Box::pin(super::RedisPresence::disconnect(self, user, connection))
    }

    fn activity_at<'a>(
        &'a self,
        user: &'a str,
        now: DateTime<Utc>,
    ) -> PresenceFuture<'a, Transitions> {
        Box::pin(super::RedisPresence::activity_at(self, user, now))
    }

    fn activity<'a>(&'a self, user: &'a str) -> PresenceFuture<'a, Transitions> {
        Box::pin(super::RedisPresence::activity(self, user))
    }

    fn sweep_at(&self, now: DateTime<Utc>) -> PresenceFuture<'_, Transitions> {
        Box::pin(super::RedisPresence::sweep_at(self, now))
    }

    fn sweep(&self) -> PresenceFuture<'_, Transitions> {
        Box::pin(super::RedisPresence::sweep(self))
    }

    fn status_at<'a>(
        &'a self,
        user: &'a str,
        now: DateTime<Utc>,
    ) -> PresenceFuture<'a, PresenceStatus> {
        Box::pin(super::RedisPresence::status_at(self, user, now))
    }

    fn status<'a>(&'a self, user: &'a str) -> PresenceFuture<'a, PresenceStatus> {
        Box::pin(super::RedisPresence::status(self, user))
    }

    fn online_count(&self) -> PresenceFuture<'_, usize> {
        Box::pin(super::RedisPresence::online_count(self))
    }

    fn online_users(&self) -> PresenceFuture<'_, Vec<UserId>> {
        Box::pin(super::RedisPresence::online_users(self))
    }
}
