//! `PresenceTracker`: users in shards, each shard behind its own lock.

use core::fmt;
use core::hash::BuildHasher;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

use chrono::{DateTime, TimeDelta, Utc};
use hashbrown::hash_table::OccupiedEntry;
use hashbrown::{DefaultHashBuilder, HashTable};

use super::cold_parts::ColdParts;
use super::config::{PresenceConfig, Rules};
use super::deadline_index::{entry_key, DeadlineIndex, EntryKey, Filed};
use super::errors::{check_id, shard_full, too_many_connections, too_many_users};
use super::event::{PresenceEvent, Transitions};
use super::namespaces::{NamespaceId, Namespaces};
use super::record::{same_id, Fate, HeartbeatPlan, HotPart, QuickBeat, Record, RecordView};
use super::stamp::{NanoStamp, Stamp, StampDelta};
use super::status::{PresenceConnection, PresenceStatus};
use crate::models::UserId;
use crate::Clock;
use crate::Error;

/// Global presence per user, in memory: online, away or offline, from
/// heartbeats of any number of connections in any namespace, with each
/// transition reported exactly once (see the [module rules](super#rules)).
///
/// `Send + Sync`: share it in an `Arc` and call it through `&self` from any
/// thread or task, without a lock of your own. Users are spread over shards by
/// a hash of their id, each shard behind its own mutex (held for the few
/// comparisons a call makes, never across a call into user code other than
/// the configured clock).
///
/// Every operation has an `_at(now)` form taking the instant, and a form
/// without `_at` that reads the tracker's own clock, the one set with
/// [`PresenceConfig::clock`] (the system clock by default), never the
/// ambient context's ([`utcnow_aware`](crate::utcnow_aware)).
///
/// # Example
///
/// ```
/// use std::sync::Arc;
/// use chrono::{TimeDelta, TimeZone, Utc};
/// use tzsafe::models::presence::{PresenceConfig, PresenceEvent, PresenceTracker};
///
/// let tracker = Arc::new(PresenceTracker::new(PresenceConfig::new().ttl(TimeDelta::seconds(30)))?);
/// let t0 = Utc.with_ymd_and_hms(2026, 12, 1, 9, 0, 0).unwrap();
///
/// // Heartbeats from several threads: one user, one online period.
/// let handles: Vec<_> = (0..4)
///     .map(|i| {
///         let tracker = Arc::clone(&tracker);
///         std::thread::spawn(move || tracker.heartbeat_at("alice", format!("tab-{i}"), "/chat", t0))
///     })
///     .collect();
/// let came_online: usize = handles.into_iter().map(|h| h.join().unwrap().map(|t| t.len())).sum::<Result<_, _>>()?;
/// assert_eq!(came_online, 1);
/// assert_eq!(tracker.online_count(), 1);
///
/// let events: Vec<_> = tracker.sweep_at(t0 + TimeDelta::seconds(30)).into_iter().collect();
/// assert_eq!(events, [PresenceEvent::WentOffline { user: "alice".into(), last_seen: t0 }]);
/// # Ok::<(), tzsafe::Error>(())
/// ```
pub struct PresenceTracker {
    rules: Rules,
    max_users: Option<usize>,
    heartbeat_interval: Option<TimeDelta>,
    clock: Arc<dyn Clock>,
    hasher: DefaultHashBuilder,
    shards: Box<[Mutex<Shard>]>,
    /// `shard = (hash >> 32) & mask`; hashbrown uses the low bits and the
    /// top seven inside a shard.
    mask: u64,
    /// Users held (online or not yet reported offline), over all shards.
    held: AtomicUsize,
}

struct Shard {
    users: HashTable<HotPart>,
    cold_parts: ColdParts,
    deadlines: DeadlineIndex,
    namespaces: Namespaces,
}

/// A heartbeat names the connection's namespace now: one that moved (rare)
/// is looked up again.
#[inline]
fn move_namespace(
    held: &mut NamespaceId,
    namespace: &str,
    namespaces: &mut Namespaces,
    hasher: &DefaultHashBuilder,
) {
    if !same_id(namespaces.get(*held), namespace) {
        let old = *held;
        *held = namespaces.acquire(namespace, hasher);
        namespaces.release(old, hasher);
    }
}

/// What releases the namespaces of connections a record drops.
fn releaser<'a>(
    namespaces: &'a mut Namespaces,
    hasher: &'a DefaultHashBuilder,
) -> impl FnMut(NamespaceId) + 'a {
    move |namespace| namespaces.release(namespace, hasher)
}

impl PresenceTracker {
    /// A tracker with the rules of `config`.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::InvalidValue`](crate::ErrorKind::InvalidValue) when the configuration fails its checks: a
    /// TTL that is not positive, a heartbeat interval that is not positive or
    /// more than half the TTL, a negative grace, an `away_after` that is not
    /// positive, or a limit of 0. The message names the setting and the
    /// reason.
    ///
    /// # Example
    ///
    /// ```
    /// use chrono::TimeDelta;
    /// use tzsafe::models::presence::{PresenceConfig, PresenceTracker};
    ///
    /// let err = PresenceTracker::new(PresenceConfig::new().ttl(TimeDelta::zero())).unwrap_err();
    /// assert_eq!(err.kind(), tzsafe::ErrorKind::InvalidValue);
    /// assert!(err.to_string().starts_with("invalid presence config: ttl P0D is not positive"));
    /// ```
    pub fn new(config: PresenceConfig) -> Result<PresenceTracker, Error> {
        let checked = config.check()?;
        // A few shards per core keep threads off each other's locks; a power
        // of two so that picking one is a mask.
        let cores = std::thread::available_parallelism().map_or(4, usize::from);
        let count = cores.saturating_mul(4).clamp(16, 1024).next_power_of_two();
        let shards = (0..count)
            .map(|_| {
                Mutex::new(Shard {
                    users: HashTable::new(),
                    cold_parts: ColdParts::default(),
                    deadlines: DeadlineIndex::new(checked.rules.ttl.delta()),
                    namespaces: Namespaces::default(),
                })
            })
            .collect();
        Ok(PresenceTracker {
            rules: checked.rules,
            max_users: checked.max_users,
            heartbeat_interval: checked.heartbeat_interval,
            clock: checked.clock,
            hasher: DefaultHashBuilder::default(),
            shards,
            mask: u64::try_from(count).unwrap_or(16).saturating_sub(1),
            held: AtomicUsize::new(0),
        })
    }

    /// How long a connection stays live after its last heartbeat.
    ///
    /// # Example
    ///
    /// ```
    /// use chrono::TimeDelta;
    /// use tzsafe::models::presence::{PresenceConfig, PresenceTracker};
    ///
    /// let config = PresenceConfig::new()
    ///     .ttl(TimeDelta::seconds(90))
    ///     .grace(TimeDelta::seconds(5))
    ///     .away_after(TimeDelta::minutes(10));
    /// let tracker = PresenceTracker::new(config)?;
    /// assert_eq!(tracker.ttl(), TimeDelta::seconds(90));
    /// assert_eq!(tracker.grace(), TimeDelta::seconds(5));
    /// assert_eq!(tracker.away_after(), Some(TimeDelta::minutes(10)));
    /// # Ok::<(), tzsafe::Error>(())
    /// ```
    #[must_use]
    pub fn ttl(&self) -> TimeDelta {
        self.rules.ttl.delta()
    }

    /// The heartbeat interval clients are told to use, if one was configured.
    #[must_use]
    pub fn heartbeat_interval(&self) -> Option<TimeDelta> {
        self.heartbeat_interval
    }

    /// How long a user stays online after their last disconnect (see
    /// [`ttl`](Self::ttl)'s example).
    #[must_use]
    pub fn grace(&self) -> TimeDelta {
        self.rules.grace.delta()
    }

    /// After how long without activity an online user is away, if ever (see
    /// [`ttl`](Self::ttl)'s example).
    #[must_use]
    pub fn away_after(&self) -> Option<TimeDelta> {
        self.rules.away_after.map(StampDelta::delta)
    }

    /// "Now" according to the configured clock.
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
    /// let tracker = PresenceTracker::new(PresenceConfig::new().ttl(TimeDelta::seconds(60)).clock(clock.clone()))?;
    /// assert_eq!(tracker.now(), t0);
    /// clock.advance(TimeDelta::seconds(5));
    /// assert_eq!(tracker.now(), t0 + TimeDelta::seconds(5));
    /// # Ok::<(), tzsafe::Error>(())
    /// ```
    #[must_use]
    pub fn now(&self) -> DateTime<Utc> {
        self.clock.now()
    }

    #[inline]
    fn hash(&self, user: &str) -> u64 {
        self.hasher.hash_one(user)
    }

    #[inline]
    fn shard(&self, hash: u64) -> MutexGuard<'_, Shard> {
        let index = usize::try_from((hash >> 32) & self.mask).unwrap_or(0);
        // The mask keeps the index in range.
        #[allow(clippy::indexing_slicing)]
        let shard = &self.shards[index];
        // A panic while a shard was locked cannot have come from tzsafe's
        // code (it has none); a user's clock may panic between changes, so
        // the shard is consistent and is used on.
        shard.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// A heartbeat at `now` from `connection` of `user`, in `namespace`: the
    /// connection is live until `now + ttl`. Reports `CameOnline` when it
    /// starts an online period (after the old period's `WentOffline` if that
    /// ended unreported), and a pending `WentAway`.
    ///
    /// A heartbeat dated before the connection's last heartbeat is accepted
    /// and changes nothing. Take `user` from the authenticated connection,
    /// never from the payload a client sent (see the [module
    /// documentation](super#identity-comes-from-the-connection-never-from-the-message)).
    ///
    /// # Errors
    ///
    /// [`ErrorKind::InvalidValue`](crate::ErrorKind::InvalidValue) for an empty user or connection id;
    /// a [`PresenceErrorKind::CapacityExceeded`](crate::models::presence::PresenceErrorKind::CapacityExceeded) error when the heartbeat would bring a user
    /// online past `max_users`, or give a user a live connection past
    /// `max_connections_per_user`. Nothing changes then.
    ///
    /// # Example
    ///
    /// ```
    /// use chrono::{TimeZone, Utc};
    /// use tzsafe::models::presence::{
    ///     PresenceConfig, PresenceError, PresenceErrorKind, PresenceEvent, PresenceTracker,
    /// };
    /// use tzsafe::ErrorKind;
    ///
    /// let tracker = PresenceTracker::new(PresenceConfig::new().max_connections_per_user(2))?;
    /// let t0 = Utc.with_ymd_and_hms(2026, 12, 1, 9, 0, 0).unwrap();
    /// let events = tracker.heartbeat_at("alice", "phone", "/chat", t0)?;
    /// assert_eq!(events.as_slice(), [PresenceEvent::CameOnline { user: "alice".into(), at: t0 }]);
    /// assert!(tracker.heartbeat_at("alice", "laptop", "/orders", t0)?.is_empty());
    ///
    /// let err = tracker.heartbeat_at("alice", "tablet", "/chat", t0).unwrap_err();
    /// let why = PresenceError::of(&err).map(PresenceError::kind);
    /// assert_eq!(why, Some(PresenceErrorKind::CapacityExceeded));
    /// assert_eq!(tracker.heartbeat_at("", "phone", "/chat", t0).unwrap_err().kind(), ErrorKind::InvalidValue);
    /// # Ok::<(), tzsafe::Error>(())
    /// ```
    pub fn heartbeat_at(
        &self,
        user: impl AsRef<str>,
        connection: impl AsRef<str>,
        namespace: impl AsRef<str>,
        now: DateTime<Utc>,
    ) -> Result<Transitions, Error> {
        let (user, connection) = (user.as_ref(), connection.as_ref());
        if user.is_empty() || connection.is_empty() {
            check_id("heartbeat", "user", user)?;
            check_id("heartbeat", "connection", connection)?;
        }
        // Everything that does not need the shard is done before locking
        // it: the lock is held for as short a time as it can be.
        let stamp = Stamp::of(now);
        let hash = self.hash(user);
        let mut shard = self.shard(hash);
        self.heartbeat_in(
            &mut shard,
            hash,
            user,
            connection,
            namespace.as_ref(),
            now,
            stamp,
        )
    }

    /// [`heartbeat_at`](Self::heartbeat_at) the configured clock's now.
    ///
    /// # Errors
    ///
    /// As [`heartbeat_at`](Self::heartbeat_at).
    ///
    /// # Example
    ///
    /// ```
    /// use chrono::{TimeDelta, TimeZone, Utc};
    /// use tzsafe::models::presence::{PresenceConfig, PresenceEvent, PresenceTracker};
    /// use tzsafe::ManualClock;
    ///
    /// let t0 = Utc.with_ymd_and_hms(2026, 12, 1, 9, 0, 0).unwrap();
    /// let clock = ManualClock::new(t0);
    /// let tracker = PresenceTracker::new(PresenceConfig::new().ttl(TimeDelta::seconds(60)).clock(clock.clone()))?;
    /// let events = tracker.heartbeat("alice", "sid-1", "/chat")?;
    /// assert_eq!(events.as_slice(), [PresenceEvent::CameOnline { user: "alice".into(), at: t0 }]);
    /// clock.advance(TimeDelta::seconds(25));
    /// assert!(tracker.heartbeat("alice", "sid-1", "/chat")?.is_empty()); // still the same online period
    /// assert_eq!(tracker.status("alice").connections()[0].last_heartbeat(), t0 + TimeDelta::seconds(25));
    /// # Ok::<(), tzsafe::Error>(())
    /// ```
    pub fn heartbeat(
        &self,
        user: impl AsRef<str>,
        connection: impl AsRef<str>,
        namespace: impl AsRef<str>,
    ) -> Result<Transitions, Error> {
        let (user, connection) = (user.as_ref(), connection.as_ref());
        check_id("heartbeat", "user", user)?;
        check_id("heartbeat", "connection", connection)?;
        let hash = self.hash(user);
        let mut shard = self.shard(hash);
        let now = self.clock.now();
        let stamp = Stamp::of(now);
        self.heartbeat_in(
            &mut shard,
            hash,
            user,
            connection,
            namespace.as_ref(),
            now,
            stamp,
        )
    }

    /// A heartbeat in a locked shard: the common case (a live connection of
    /// an online user, nothing to report) inline, everything else in
    /// [`heartbeat_general`](Self::heartbeat_general).
    #[inline]
    #[allow(clippy::too_many_arguments)]
    fn heartbeat_in(
        &self,
        shard: &mut Shard,
        hash: u64,
        user: &str,
        connection: &str,
        namespace: &str,
        now: DateTime<Utc>,
        stamp: Stamp,
    ) -> Result<Transitions, Error> {
        if let Some(nanos) = NanoStamp::of(stamp)
            && let Some(record) = shard.users.find_mut(hash, |u| same_id(&u.id, user))
        {
            match record.quick_beat(&mut shard.cold_parts, &self.rules, connection, stamp, nanos) {
                QuickBeat::Beat(held) => {
                    move_namespace(held, namespace, &mut shard.namespaces, &self.hasher);
                    return Ok(Transitions::new());
                }
                QuickBeat::Unchanged => return Ok(Transitions::new()),
                QuickBeat::General => {}
            }
        }
        self.heartbeat_general(shard, hash, user, connection, namespace, now, stamp)
    }

    #[inline(never)]
    #[allow(clippy::too_many_arguments)]
    fn heartbeat_general(
        &self,
        shard: &mut Shard,
        hash: u64,
        user: &str,
        connection: &str,
        namespace: &str,
        now: DateTime<Utc>,
        stamp: Stamp,
    ) -> Result<Transitions, Error> {
        let (rules, hasher) = (&self.rules, &self.hasher);
        let Shard {
            users,
            cold_parts,
            deadlines,
            namespaces,
        } = shard;
        let mut events = Transitions::new();
        let Some(hot) = users.find_mut(hash, |u| same_id(&u.id, user)) else {
            if rules.max_connections == Some(0) {
                return Err(too_many_connections(user, connection, 0, 0));
            }
            self.reserve_user(user)?;
            let held = namespaces.acquire(namespace, hasher);
            let Some(mut hot) = HotPart::new(user, connection, held, stamp, cold_parts) else {
                namespaces.release(held, hasher);
                self.held.fetch_sub(1, Ordering::Relaxed);
                return Err(shard_full(user));
            };
            let record = Record::of(&mut hot, cold_parts);
            record.cold.filed = deadlines.file(entry_key(hash), record.view().next_deadline(rules));
            users.insert_unique(hash, hot, |u| hasher.hash_one(u.id.as_str()));
            events.push(PresenceEvent::CameOnline {
                user: UserId::from(user),
                at: now,
            });
            return Ok(events);
        };
        let mut record = Record::of(hot, cold_parts);
        match record.view().plan_heartbeat(rules, connection, stamp) {
            HeartbeatPlan::Refused { live } => {
                return Err(too_many_connections(
                    user,
                    connection,
                    live,
                    rules.max_connections.unwrap_or(live),
                ));
            }
            HeartbeatPlan::Restart => {
                // Reports the old period (it is over: the fate is Offline),
                // then reuses the record for the new one.
                let _ = record.observe(rules, stamp, &mut events, releaser(namespaces, hasher));
                let namespace = namespaces.acquire(namespace, hasher);
                record.restart(connection, namespace, stamp, releaser(namespaces, hasher));
                events.push(PresenceEvent::CameOnline {
                    user: record.hot.user_id(),
                    at: now,
                });
            }
            HeartbeatPlan::Existing => {
                let _ = record.observe(rules, stamp, &mut events, releaser(namespaces, hasher));
                if let Some(held) = record.beat(connection, stamp) {
                    move_namespace(held, namespace, namespaces, hasher);
                }
            }
            HeartbeatPlan::New => {
                let _ = record.observe(rules, stamp, &mut events, releaser(namespaces, hasher));
                let namespace = namespaces.acquire(namespace, hasher);
                record.connect(connection, namespace, stamp);
            }
        }
        record.cold.filed = deadlines.file_by(
            record.cold.filed,
            entry_key(hash),
            record.view().next_deadline(rules),
        );
        Ok(events)
    }

    /// Counts one more held user, unless that would pass `max_users`.
    fn reserve_user(&self, user: &str) -> Result<(), Error> {
        match self.max_users {
            None => {
                self.held.fetch_add(1, Ordering::Relaxed);
                Ok(())
            }
            Some(max) => self
                .held
                .fetch_update(Ordering::Relaxed, Ordering::Relaxed, |held| {
                    (held < max).then(|| held.saturating_add(1))
                })
                .map(drop)
                .map_err(|held| too_many_users(user, held, max)),
        }
    }

    /// Runs `op` on the record of `user` at `now`, between two observations:
    /// what was pending is reported first (and `op` does not run if that was
    /// the user going offline), what `op` leads to after. A user the tracker
    /// does not hold is left alone.
    fn update(
        &self,
        shard: &mut Shard,
        hash: u64,
        user: &str,
        now: DateTime<Utc>,
        op: impl FnOnce(&mut Record<'_>, &mut Transitions) -> Option<NamespaceId>,
    ) -> Transitions {
        let (rules, hasher) = (&self.rules, &self.hasher);
        let now = Stamp::of(now);
        let Shard {
            users,
            cold_parts,
            deadlines,
            namespaces,
        } = shard;
        let mut events = Transitions::new();
        let Ok(mut entry) = users.find_entry(hash, |u| same_id(&u.id, user)) else {
            return events;
        };
        let mut record = Record::of(entry.get_mut(), cold_parts);
        let mut fate = record.observe(rules, now, &mut events, releaser(namespaces, hasher));
        if fate == Fate::Online
            && let Some(dropped) = op(&mut record, &mut events)
        {
            namespaces.release(dropped, hasher);
            fate = record.observe(rules, now, &mut events, releaser(namespaces, hasher));
        }
        match fate {
            Fate::Online => {
                record.cold.filed = deadlines.file_by(
                    record.cold.filed,
                    entry_key(hash),
                    record.view().next_deadline(rules),
                );
            }
            Fate::Offline => {
                let (hot, _) = entry.remove();
                self.forget(cold_parts, deadlines, namespaces, hot);
            }
        }
        events
    }

    /// Drops a record reported offline.
    fn forget(
        &self,
        cold_parts: &mut ColdParts,
        deadlines: &mut DeadlineIndex,
        namespaces: &mut Namespaces,
        hot: HotPart,
    ) {
        deadlines.unfile(hot.forget(cold_parts, releaser(namespaces, &self.hasher)));
        self.held.fetch_sub(1, Ordering::Relaxed);
    }

    /// `connection` of `user` disconnected at `now`: it is no longer live.
    /// When it was the user's last live connection they stay online for the
    /// grace (counted from their last heartbeat or disconnect), or are
    /// offline at once without one. A connection that is not live (unknown,
    /// already disconnected, expired) changes nothing; what is pending for the
    /// user is reported either way.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::InvalidValue`](crate::ErrorKind::InvalidValue) for an empty user or connection id.
    ///
    /// # Example
    ///
    /// ```
    /// use chrono::{TimeDelta, TimeZone, Utc};
    /// use tzsafe::models::presence::{PresenceConfig, PresenceEvent, PresenceTracker};
    ///
    /// let tracker = PresenceTracker::new(PresenceConfig::new().grace(TimeDelta::seconds(10)))?;
    /// let t0 = Utc.with_ymd_and_hms(2026, 12, 1, 9, 0, 0).unwrap();
    /// let _ = tracker.heartbeat_at("alice", "sid-1", "/chat", t0)?;
    ///
    /// // A page refresh: disconnect, and reconnect within the grace. No events.
    /// assert!(tracker.disconnect_at("alice", "sid-1", t0 + TimeDelta::seconds(1))?.is_empty());
    /// assert!(tracker.heartbeat_at("alice", "sid-2", "/chat", t0 + TimeDelta::seconds(3))?.is_empty());
    ///
    /// // Closing the page: offline once the grace is over.
    /// let t1 = t0 + TimeDelta::seconds(20);
    /// assert!(tracker.disconnect_at("alice", "sid-2", t1)?.is_empty());
    /// let events = tracker.sweep_at(t1 + TimeDelta::seconds(10));
    /// assert_eq!(events.as_slice(), [PresenceEvent::WentOffline { user: "alice".into(), last_seen: t1 }]);
    /// # Ok::<(), tzsafe::Error>(())
    /// ```
    pub fn disconnect_at(
        &self,
        user: impl AsRef<str>,
        connection: impl AsRef<str>,
        now: DateTime<Utc>,
    ) -> Result<Transitions, Error> {
        let (user, connection) = (user.as_ref(), connection.as_ref());
        check_id("disconnect", "user", user)?;
        check_id("disconnect", "connection", connection)?;
        let hash = self.hash(user);
        let mut shard = self.shard(hash);
        let stamp = Stamp::of(now);
        Ok(self.update(&mut shard, hash, user, now, |record, _| {
            record.disconnect(connection, stamp)
        }))
    }

    /// [`disconnect_at`](Self::disconnect_at) the configured clock's now.
    ///
    /// # Errors
    ///
    /// As [`disconnect_at`](Self::disconnect_at).
    ///
    /// # Example
    ///
    /// ```
    /// use chrono::{TimeDelta, TimeZone, Utc};
    /// use tzsafe::models::presence::{PresenceConfig, PresenceEvent, PresenceTracker};
    /// use tzsafe::ManualClock;
    ///
    /// let t0 = Utc.with_ymd_and_hms(2026, 12, 1, 9, 0, 0).unwrap();
    /// let clock = ManualClock::new(t0);
    /// let tracker = PresenceTracker::new(PresenceConfig::new().ttl(TimeDelta::seconds(60)).grace(TimeDelta::seconds(10)).clock(clock.clone()))?;
    /// let _ = tracker.heartbeat("alice", "sid-1", "/chat")?;
    /// clock.advance(TimeDelta::seconds(3));
    /// // The last connection closes: with a grace of 10 s she stays online until t0 + 13 s.
    /// assert!(tracker.disconnect("alice", "sid-1")?.is_empty());
    /// assert!(tracker.status("alice").is_online());
    /// clock.advance(TimeDelta::seconds(10));
    /// let events = tracker.sweep();
    /// assert_eq!(events.as_slice(), [PresenceEvent::WentOffline { user: "alice".into(), last_seen: t0 + TimeDelta::seconds(3) }]);
    /// # Ok::<(), tzsafe::Error>(())
    /// ```
    pub fn disconnect(
        &self,
        user: impl AsRef<str>,
        connection: impl AsRef<str>,
    ) -> Result<Transitions, Error> {
        let (user, connection) = (user.as_ref(), connection.as_ref());
        check_id("disconnect", "user", user)?;
        check_id("disconnect", "connection", connection)?;
        let hash = self.hash(user);
        let mut shard = self.shard(hash);
        let now = self.clock.now();
        let stamp = Stamp::of(now);
        Ok(self.update(&mut shard, hash, user, now, |record, _| {
            record.disconnect(connection, stamp)
        }))
    }

    /// Activity of `user` at `now` (a message sent, a click: something a
    /// person did, unlike a heartbeat). Brings an away user back
    /// (`CameBack`), after reporting a pending `WentAway`; postpones going
    /// away. Activity of a user who is not online changes nothing.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::InvalidValue`](crate::ErrorKind::InvalidValue) for an empty user id.
    ///
    /// # Example
    ///
    /// ```
    /// use chrono::{TimeDelta, TimeZone, Utc};
    /// use tzsafe::models::presence::{PresenceConfig, PresenceEvent, PresenceTracker};
    ///
    /// let tracker = PresenceTracker::new(
    ///     PresenceConfig::new().ttl(TimeDelta::hours(2)).away_after(TimeDelta::minutes(30)),
    /// )?;
    /// let t0 = Utc.with_ymd_and_hms(2026, 12, 1, 9, 0, 0).unwrap();
    /// let _ = tracker.heartbeat_at("alice", "sid-1", "/chat", t0)?;
    ///
    /// let t1 = t0 + TimeDelta::minutes(45);
    /// let events = tracker.activity_at("alice", t1)?;
    /// assert_eq!(
    ///     events.as_slice(),
    ///     [
    ///         PresenceEvent::WentAway { user: "alice".into(), at: t0 + TimeDelta::minutes(30) },
    ///         PresenceEvent::CameBack { user: "alice".into(), at: t1 },
    ///     ],
    /// );
    /// assert!(tracker.activity_at("bob", t1)?.is_empty()); // not online: nothing
    /// # Ok::<(), tzsafe::Error>(())
    /// ```
    pub fn activity_at(
        &self,
        user: impl AsRef<str>,
        now: DateTime<Utc>,
    ) -> Result<Transitions, Error> {
        let user = user.as_ref();
        check_id("activity", "user", user)?;
        let hash = self.hash(user);
        let mut shard = self.shard(hash);
        let stamp = Stamp::of(now);
        Ok(self.update(&mut shard, hash, user, now, |record, events| {
            record.activity(stamp, events);
            None
        }))
    }

    /// [`activity_at`](Self::activity_at) the configured clock's now.
    ///
    /// # Errors
    ///
    /// As [`activity_at`](Self::activity_at).
    ///
    /// # Example
    ///
    /// ```
    /// use chrono::{TimeDelta, TimeZone, Utc};
    /// use tzsafe::models::presence::{PresenceConfig, PresenceEvent, PresenceTracker};
    /// use tzsafe::ManualClock;
    ///
    /// let t0 = Utc.with_ymd_and_hms(2026, 12, 1, 9, 0, 0).unwrap();
    /// let clock = ManualClock::new(t0);
    /// let tracker = PresenceTracker::new(PresenceConfig::new().ttl(TimeDelta::seconds(60)).away_after(TimeDelta::seconds(30)).clock(clock.clone()))?;
    /// let _ = tracker.heartbeat("alice", "sid-1", "/chat")?;
    /// clock.advance(TimeDelta::seconds(40)); // live, but no activity since coming online
    /// assert!(tracker.status("alice").is_away());
    /// let events = tracker.activity("alice")?;
    /// assert_eq!(events.as_slice(), [
    ///     PresenceEvent::WentAway { user: "alice".into(), at: t0 + TimeDelta::seconds(30) },
    ///     PresenceEvent::CameBack { user: "alice".into(), at: t0 + TimeDelta::seconds(40) },
    /// ]);
    /// # Ok::<(), tzsafe::Error>(())
    /// ```
    pub fn activity(&self, user: impl AsRef<str>) -> Result<Transitions, Error> {
        let user = user.as_ref();
        check_id("activity", "user", user)?;
        let hash = self.hash(user);
        let mut shard = self.shard(hash);
        let now = self.clock.now();
        let stamp = Stamp::of(now);
        Ok(self.update(&mut shard, hash, user, now, |record, events| {
            record.activity(stamp, events);
            None
        }))
    }

    /// Reports every transition that has happened by `now` and was not yet
    /// reported: users whose last connection expired or whose grace ran out
    /// (`WentOffline`, after which they are forgotten), users who went away.
    /// Visits only users whose next deadline has passed (and those of the
    /// current, partly passed bin of the deadline index), not every user.
    ///
    /// Run it periodically (every second or so): until a sweep or a call for
    /// the user observes it, an expired user is still counted by
    /// [`online_count`](Self::online_count).
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
    /// let _ = tracker.heartbeat_at("bob", "sid-2", "/chat", t0 + TimeDelta::seconds(30))?;
    ///
    /// // Live until t0 + 60 s - 1 ns, expired at t0 + 60 s.
    /// assert!(tracker.sweep_at(t0 + TimeDelta::seconds(60) - TimeDelta::nanoseconds(1)).is_empty());
    /// assert_eq!(tracker.sweep_at(t0 + TimeDelta::seconds(60)).len(), 1);
    /// assert_eq!(tracker.online_users(), ["bob".into()]);
    /// # Ok::<(), tzsafe::Error>(())
    /// ```
    pub fn sweep_at(&self, now: DateTime<Utc>) -> Transitions {
        let mut events = Transitions::new();
        for shard in &self.shards {
            let mut shard = shard.lock().unwrap_or_else(PoisonError::into_inner);
            events.append(self.sweep_shard(&mut shard, now));
        }
        events
    }

    /// [`sweep_at`](Self::sweep_at) the configured clock's now, read for each
    /// shard while it is locked (like the other calls without `_at`, so that
    /// with a clock that never goes back every user's calls are observed in
    /// time order).
    ///
    /// # Example
    ///
    /// ```
    /// use chrono::{TimeDelta, TimeZone, Utc};
    /// use tzsafe::models::presence::{PresenceConfig, PresenceEvent, PresenceTracker};
    /// use tzsafe::ManualClock;
    ///
    /// let t0 = Utc.with_ymd_and_hms(2026, 12, 1, 9, 0, 0).unwrap();
    /// let clock = ManualClock::new(t0);
    /// let tracker = PresenceTracker::new(PresenceConfig::new().ttl(TimeDelta::seconds(60)).clock(clock.clone()))?;
    /// let _ = tracker.heartbeat("alice", "sid-1", "/chat")?;
    /// let _ = tracker.heartbeat("bob", "sid-2", "/chat")?;
    /// clock.advance(TimeDelta::seconds(30));
    /// let _ = tracker.heartbeat("bob", "sid-2", "/chat")?;
    /// clock.advance(TimeDelta::seconds(30)); // alice's only connection expires now
    /// let gone: Vec<_> = tracker.sweep().into_iter().collect();
    /// assert_eq!(gone, [PresenceEvent::WentOffline { user: "alice".into(), last_seen: t0 }]);
    /// assert!(tracker.sweep().is_empty()); // reported once
    /// # Ok::<(), tzsafe::Error>(())
    /// ```
    pub fn sweep(&self) -> Transitions {
        let mut events = Transitions::new();
        for shard in &self.shards {
            let mut shard = shard.lock().unwrap_or_else(PoisonError::into_inner);
            let now = self.clock.now();
            events.append(self.sweep_shard(&mut shard, now));
        }
        events
    }

    fn sweep_shard(&self, shard: &mut Shard, now: DateTime<Utc>) -> Transitions {
        let (rules, hasher) = (&self.rules, &self.hasher);
        let now = Stamp::of(now);
        let Shard {
            users,
            cold_parts,
            deadlines,
            namespaces,
        } = shard;
        let mut events = Transitions::new();
        let due = deadlines.take_due(now);
        let entries: Vec<(EntryKey, Filed)> = deadlines.entries(&due).collect();
        for (key, filed) in entries {
            let Some(mut entry) = find_filed(users, cold_parts, key, filed) else {
                debug_assert!(false, "a live index entry without its user");
                continue;
            };
            let mut record = Record::of(entry.get_mut(), cold_parts);
            let fate = if record.view().next_deadline(rules) <= now {
                record.observe(rules, now, &mut events, releaser(namespaces, hasher))
            } else {
                Fate::Online
            };
            match fate {
                // Into a new bucket: the taken ones are not reused before
                // `release`, so no record's new place is a place still to visit.
                Fate::Online => {
                    record.cold.filed = deadlines.file(key, record.view().next_deadline(rules));
                }
                Fate::Offline => {
                    let (hot, _) = entry.remove();
                    self.forget(cold_parts, deadlines, namespaces, hot);
                }
            }
        }
        deadlines.release(due);
        events
    }

    /// The state of `user` at `now`. Only reads: a transition it shows (an
    /// expired user shown offline) is still reported by the next sweep or call
    /// for the user. `now` is meant to be no earlier than the calls already
    /// made; the tracker keeps no history.
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
    /// let ttl = TimeDelta::seconds(60);
    /// assert!(tracker.status_at("alice", t0 + ttl - TimeDelta::nanoseconds(1)).is_online());
    /// let expired = tracker.status_at("alice", t0 + ttl);
    /// assert!(!expired.is_online());
    /// assert_eq!(expired.last_seen(), Some(t0)); // still held: WentOffline not reported yet
    /// assert_eq!(tracker.sweep_at(t0 + ttl).len(), 1); // reported now, and forgotten
    /// assert_eq!(tracker.status_at("alice", t0 + ttl).last_seen(), None);
    /// # Ok::<(), tzsafe::Error>(())
    /// ```
    #[must_use]
    pub fn status_at(&self, user: impl AsRef<str>, now: DateTime<Utc>) -> PresenceStatus {
        let user = user.as_ref();
        let hash = self.hash(user);
        let shard = self.shard(hash);
        let Some(hot) = shard.users.find(hash, |u| same_id(&u.id, user)) else {
            return PresenceStatus::unknown();
        };
        let record = RecordView::of(hot, &shard.cold_parts);
        let now = Stamp::of(now);
        let (online, away) = record.state_at(&self.rules, now);
        let connections = if online {
            record
                .live_conns(&self.rules, now)
                .map(|c| {
                    let namespace = shard.namespaces.get(c.namespace);
                    PresenceConnection::new(c.id, namespace, c.last.to_datetime())
                })
                .collect()
        } else {
            Vec::new()
        };
        PresenceStatus::new(
            online,
            away,
            record.online_since().to_datetime(),
            record.last_seen().to_datetime(),
            connections,
        )
    }

    /// [`status_at`](Self::status_at) the configured clock's now.
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
    /// let tracker = PresenceTracker::new(PresenceConfig::new().ttl(TimeDelta::seconds(60)).clock(clock.clone()))?;
    /// let _ = tracker.heartbeat("alice", "sid-1", "/chat")?;
    /// assert!(tracker.status("alice").is_online());
    /// clock.advance(TimeDelta::seconds(60));
    /// // Offline from the TTL on, even before a sweep reports it.
    /// assert!(!tracker.status("alice").is_online());
    /// # Ok::<(), tzsafe::Error>(())
    /// ```
    #[must_use]
    pub fn status(&self, user: impl AsRef<str>) -> PresenceStatus {
        self.status_at(user, self.clock.now())
    }

    /// How many users are online or not yet reported offline: exact at `now`
    /// right after [`sweep_at(now)`](Self::sweep_at).
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
    /// let tracker = PresenceTracker::new(PresenceConfig::new().ttl(TimeDelta::seconds(60)).clock(clock.clone()))?;
    /// let _ = tracker.heartbeat_at("alice", "sid-1", "/chat", t0)?;
    /// let _ = tracker.heartbeat_at("alice", "sid-2", "/orders", t0)?;
    /// let _ = tracker.heartbeat_at("bob", "sid-3", "/chat", t0 + TimeDelta::seconds(30))?;
    /// assert_eq!(tracker.online_count(), 2); // users, not connections
    /// // Alice expired at t0 + 60 s, but is counted until a sweep reports it.
    /// let _ = tracker.sweep_at(t0 + TimeDelta::seconds(60));
    /// assert_eq!(tracker.online_count(), 1);
    /// # Ok::<(), tzsafe::Error>(())
    /// ```
    #[must_use]
    pub fn online_count(&self) -> usize {
        self.held.load(Ordering::Relaxed)
    }

    /// The users counted by [`online_count`](Self::online_count), in no
    /// particular order (each shard is read under its lock in turn).
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
    /// let tracker = PresenceTracker::new(PresenceConfig::new().ttl(TimeDelta::seconds(60)).clock(clock.clone()))?;
    /// let _ = tracker.heartbeat("bob", "sid-1", "/chat")?;
    /// let _ = tracker.heartbeat("alice", "sid-2", "/chat")?;
    /// let mut users = tracker.online_users();
    /// users.sort();
    /// assert_eq!(users, ["alice".into(), "bob".into()]);
    /// # Ok::<(), tzsafe::Error>(())
    /// ```
    #[must_use]
    pub fn online_users(&self) -> Vec<UserId> {
        let mut users = Vec::with_capacity(self.online_count());
        for shard in &self.shards {
            let shard = shard.lock().unwrap_or_else(PoisonError::into_inner);
            users.extend(shard.users.iter().map(HotPart::user_id));
        }
        users
    }
}

impl fmt::Debug for PresenceTracker {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PresenceTracker")
            .field("rules", &self.rules)
            .field("max_users", &self.max_users)
            .field("online_count", &self.online_count())
            .field("shards", &self.shards.len())
            .finish_non_exhaustive()
    }
}

/// The record filed at `filed` under `key` (a hash, or one below the
/// tombstone for the one hash equal to it).
fn find_filed<'a>(
    users: &'a mut HashTable<HotPart>,
    cold_parts: &ColdParts,
    key: EntryKey,
    filed: Filed,
) -> Option<OccupiedEntry<'a, HotPart>> {
    let at = |u: &HotPart| cold_parts.get(u.slot()).filed == filed;
    let hash = if key == EntryKey::MAX - 1 && users.find(key, at).is_none() {
        EntryKey::MAX
    } else {
        key
    };
    users.find_entry(hash, at).ok()
}

#[cfg(test)]
#[allow(clippy::arithmetic_side_effects)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn held_storage(tracker: &PresenceTracker) -> (usize, usize) {
        tracker
            .shards
            .iter()
            .fold((0, 0), |(users, entries), shard| {
                let shard = shard.lock().unwrap_or_else(PoisonError::into_inner);
                (users + shard.users.len(), entries + shard.deadlines.held())
            })
    }

    /// Regression guard for memory that grows without bound: heartbeats move
    /// users through the deadline index, and once everyone is reported
    /// offline nothing is left of them.
    #[test]
    fn memory_is_released_once_users_are_reported_offline() {
        let tracker = PresenceTracker::new(
            PresenceConfig::new()
                .ttl(TimeDelta::seconds(60))
                .away_after(TimeDelta::seconds(40)),
        )
        .unwrap_or_else(|e| panic!("{e}"));
        let t0 = Utc.with_ymd_and_hms(2026, 12, 1, 9, 0, 0).unwrap();
        let mut now = t0;
        for round in 0..20 {
            for user in 0..500 {
                let _ = tracker.heartbeat_at(
                    format!("user-{user}"),
                    format!("c-{}", round % 3),
                    "/chat",
                    now,
                );
                now += TimeDelta::milliseconds(50);
            }
            let _ = tracker.sweep_at(now);
            // At most one live entry per user, plus the tombstones of bins
            // that heartbeats left since they were last swept.
            let (users, entries) = held_storage(&tracker);
            assert_eq!(users, 500);
            assert!(
                entries <= 3 * users,
                "{entries} index entries for {users} users"
            );
        }
        let events = tracker.sweep_at(now + TimeDelta::hours(1));
        assert_eq!(
            events.iter().filter(|e| e.kind() == "went_offline").count(),
            500
        );
        assert_eq!(held_storage(&tracker), (0, 0));
        assert_eq!(tracker.online_count(), 0);
        for shard in tracker.shards.iter() {
            let shard = shard.lock().unwrap_or_else(PoisonError::into_inner);
            assert!(shard.deadlines.is_empty());
            assert!(shard.namespaces.is_empty());
        }
    }
}
