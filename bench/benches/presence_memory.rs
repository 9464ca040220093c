//! Memory per online user with one connection, at 100,000 users: tzsafe's
//! tracker beside a hand-written `DashMap<String, (DateTime<Utc>, u32)>` and
//! `moka::sync::Cache` with a time-to-idle, measured with a counting
//! allocator (live bytes after building, so the structures' spare capacity
//! counts, as it does in a service). Prints one line per structure.
//!
//! `cargo bench -p tzsafe-bench --bench presence_memory`
#![allow(
    missing_docs,
    clippy::unwrap_used,
    clippy::arithmetic_side_effects,
    clippy::cast_precision_loss
)]

use std::alloc::System;
use std::hint::black_box;
use std::time::Duration;

use chrono::{DateTime, TimeDelta, TimeZone, Utc};
use dashmap::DashMap;
use stats_alloc::{Region, StatsAlloc, INSTRUMENTED_SYSTEM};
use tzsafe::models::presence::{PresenceConfig, PresenceTracker};

#[global_allocator]
static GLOBAL: &StatsAlloc<System> = &INSTRUMENTED_SYSTEM;

const USERS: usize = 100_000;

/// Live bytes allocated while `build` ran and still held by what it returned.
fn held_by<T>(build: impl FnOnce() -> T) -> (T, f64) {
    let region = Region::new(GLOBAL);
    let value = build();
    let change = region.change();
    let live = change.bytes_allocated as f64 - change.bytes_deallocated as f64
        + change.bytes_reallocated as f64;
    (value, live / USERS as f64)
}

fn main() {
    let t0 = Utc.with_ymd_and_hms(2026, 12, 1, 9, 0, 0).unwrap();
    let users: Vec<String> = (0..USERS).map(|i| format!("user-{i:06}")).collect();
    let conns: Vec<String> = (0..USERS)
        .map(|i| format!("sid-{i:06}-a1b2c3d4e5"))
        .collect();
    let at = |i: usize| t0 + TimeDelta::microseconds(i as i64 * 250);

    let (tracker, tzsafe) = held_by(|| {
        let tracker =
            PresenceTracker::new(PresenceConfig::new().ttl(TimeDelta::seconds(60))).unwrap();
        for i in 0..USERS {
            let _ = black_box(
                tracker
                    .heartbeat_at(&users[i], &conns[i], "/chat", at(i))
                    .unwrap(),
            );
        }
        tracker
    });
    assert_eq!(tracker.online_count(), USERS);
    let (map, dashmap) = held_by(|| {
        let map: DashMap<String, (DateTime<Utc>, u32)> = DashMap::new();
        for (i, user) in users.iter().enumerate() {
            map.insert(user.clone(), (at(i), 1));
        }
        map
    });
    assert_eq!(map.len(), USERS);
    let (cache, moka) = held_by(|| {
        let cache: moka::sync::Cache<String, (DateTime<Utc>, u32)> = moka::sync::Cache::builder()
            .time_to_idle(Duration::from_secs(60))
            .eviction_listener(|user, value, cause| {
                black_box((user, value, cause));
            })
            .build();
        for (i, user) in users.iter().enumerate() {
            cache.insert(user.clone(), (at(i), 1));
        }
        cache.run_pending_tasks();
        cache
    });
    assert_eq!(cache.entry_count(), USERS as u64);
    println!("presence/memory_per_user/tzsafe {tzsafe:.1} bytes");
    println!("presence/memory_per_user/dashmap {dashmap:.1} bytes");
    println!("presence/memory_per_user/moka {moka:.1} bytes");
    println!("tzsafe / moka = {:.2}x", tzsafe / moka);
    drop((tracker, map, cache));
}
