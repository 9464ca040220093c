//! One presence for the whole service: every namespace's heartbeats go to
//! the same store, in memory ([`PresenceTracker`]) or, with `--redis`, in
//! Redis ([`RedisPresence`]) so that several server processes share it.

use tzsafe::models::presence::{PresenceStatus, PresenceTracker, RedisPresence, Transitions};
use tzsafe::models::UserId;

/// The store behind every namespace's `ping`.
// One per server, built once and never moved: the size difference is moot.
#[allow(clippy::large_enum_variant)]
pub enum PresenceStore {
    /// This process only.
    Memory(PresenceTracker),
    /// Shared with every process using the same Redis and key prefix.
    Redis(RedisPresence),
}

impl PresenceStore {
    /// A heartbeat of `connection` (a socket id) of `user` in `namespace`.
    ///
    /// # Errors
    ///
    /// As the store's `heartbeat`: a limit, or Redis failing.
    pub async fn heartbeat(
        &self,
        user: &UserId,
        connection: &str,
        namespace: &str,
    ) -> Result<Transitions, tzsafe::Error> {
        match self {
            PresenceStore::Memory(t) => t.heartbeat(user, connection, namespace),
            PresenceStore::Redis(r) => r.heartbeat(user, connection, namespace).await,
        }
    }

    /// `connection` of `user` closed.
    ///
    /// # Errors
    ///
    /// As the store's `disconnect`.
    pub async fn disconnect(
        &self,
        user: &UserId,
        connection: &str,
    ) -> Result<Transitions, tzsafe::Error> {
        match self {
            PresenceStore::Memory(t) => t.disconnect(user, connection),
            PresenceStore::Redis(r) => r.disconnect(user, connection).await,
        }
    }

    /// `user` did something (sent a message, answered an offer).
    ///
    /// # Errors
    ///
    /// As the store's `activity`.
    pub async fn activity(&self, user: &UserId) -> Result<Transitions, tzsafe::Error> {
        match self {
            PresenceStore::Memory(t) => t.activity(user),
            PresenceStore::Redis(r) => r.activity(user).await,
        }
    }

    /// The transitions that happened by now and were not yet reported.
    ///
    /// # Errors
    ///
    /// Redis failing.
    pub async fn sweep(&self) -> Result<Transitions, tzsafe::Error> {
        match self {
            PresenceStore::Memory(t) => Ok(t.sweep()),
            PresenceStore::Redis(r) => r.sweep().await,
        }
    }

    /// What `user` is now.
    ///
    /// # Errors
    ///
    /// Redis failing.
    pub async fn status(&self, user: &UserId) -> Result<PresenceStatus, tzsafe::Error> {
        match self {
            PresenceStore::Memory(t) => Ok(t.status(user)),
            PresenceStore::Redis(r) => r.status(user).await,
        }
    }

    /// How many users are online (exact right after a sweep).
    ///
    /// # Errors
    ///
    /// Redis failing.
    pub async fn online_count(&self) -> Result<usize, tzsafe::Error> {
        match self {
            PresenceStore::Memory(t) => Ok(t.online_count()),
            PresenceStore::Redis(r) => r.online_count().await,
        }
    }
}
