//! What the presence benches share: the users, their connections, the
//! tracker's configuration and the heartbeat schedule, so that `presence`
//! (criterion) and `presence_paired` measure the same thing.

use chrono::{DateTime, TimeDelta, TimeZone, Utc};
use dashmap::DashMap;
use tzsafe::models::presence::{PresenceConfig, PresenceTracker};

pub const USERS: usize = 100_000;
/// Each user heartbeats this often.
pub const INTERVAL_NANOS: i64 = 25_000_000_000;

pub fn t0() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 12, 1, 9, 0, 0).unwrap()
}

/// `n` user ids and a connection id for each.
pub fn ids(n: usize) -> (Vec<String>, Vec<String>) {
    let users = (0..n).map(|i| format!("user-{i:06}")).collect();
    let conns = (0..n).map(|i| format!("sid-{i:06}-a1b2c3d4e5")).collect();
    (users, conns)
}

pub fn tracker() -> PresenceTracker {
    PresenceTracker::new(
        PresenceConfig::new()
            .ttl(TimeDelta::seconds(60))
            .heartbeat_interval(TimeDelta::seconds(25)),
    )
    .unwrap()
}

/// The instant of heartbeat number `k` in the round-robin schedule: each
/// user's heartbeats `INTERVAL_NANOS` apart.
pub fn at(k: u64) -> DateTime<Utc> {
    t0() + TimeDelta::nanoseconds(k as i64 * (INTERVAL_NANOS / USERS as i64))
}

/// The peer: a heartbeat as a `DashMap<String, (DateTime<Utc>, u32)>` updated
/// by hand, `(last heartbeat, connection count)` under the user's key.
#[inline]
pub fn dashmap_beat(map: &DashMap<String, (DateTime<Utc>, u32)>, user: &str, now: DateTime<Utc>) {
    match map.get_mut(user) {
        Some(mut entry) => entry.0 = now,
        None => {
            map.insert(user.to_owned(), (now, 1));
        }
    }
}
