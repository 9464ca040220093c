//! Presence beside what a Rust developer reaches for instead: a `DashMap`
//! updated by hand and `moka::sync::Cache` with a time-to-idle and an eviction
//! listener, on the same users and the same heartbeat schedule.
//!
//! * `presence/heartbeat_online/*`: one heartbeat of a user already online,
//!   one thread, 100,000 users in round-robin order with the clock moving so
//!   that each user's heartbeats are 25 s apart (every heartbeat moves the
//!   user's deadline, as in a real service). The DashMap row updates
//!   `(last heartbeat, connection count)` under the user's key with the
//!   default hasher; the moka row inserts the same value (the way presence is
//!   refreshed in a cache: `insert` resets the time-to-idle).
//! * `presence/heartbeats_2_threads/*`: the same, two threads on the same
//!   100,000 users (each thread walks them from a different starting point);
//!   per heartbeat, so the inverse of the rate.
//! * `presence/sweep_1pct_of_1m/*`: 1,000,000 users online, 1 % of whom stop
//!   heartbeating; the sweep at the instant they expire. tzsafe visits only
//!   the users filed under the due ticks; a DashMap has to `retain` over
//!   every entry.
//!
//! Memory per user is measured by `presence_memory` (a counting allocator
//! needs its own process).
#![allow(
    missing_docs,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::arithmetic_side_effects,
    clippy::panic
)]

use std::hint::black_box;
use std::time::{Duration, Instant};

use chrono::{DateTime, TimeDelta, Utc};
use criterion::{criterion_group, criterion_main, BatchSize, Criterion, Throughput};
use dashmap::DashMap;
#[path = "common/presence.rs"]
mod common;

use common::{at, dashmap_beat, ids, t0, tracker, INTERVAL_NANOS, USERS};

fn heartbeat_online(c: &mut Criterion) {
    let (users, conns) = ids(USERS);
    let mut group = c.benchmark_group("presence/heartbeat_online");
    group.throughput(Throughput::Elements(1));

    let tracker = tracker();
    for i in 0..USERS {
        let _ = tracker
            .heartbeat_at(&users[i], &conns[i], "/chat", at(i as u64))
            .unwrap();
    }
    let mut k = USERS as u64;
    group.bench_function("tzsafe", |b| {
        b.iter(|| {
            let i = (k % USERS as u64) as usize;
            let events = tracker
                .heartbeat_at(&users[i], &conns[i], "/chat", at(k))
                .unwrap();
            k += 1;
            black_box(events)
        })
    });

    let map: DashMap<String, (DateTime<Utc>, u32)> = DashMap::new();
    for (i, user) in users.iter().enumerate() {
        map.insert(user.clone(), (at(i as u64), 1));
    }
    let mut k = USERS as u64;
    group.bench_function("dashmap", |b| {
        b.iter(|| {
            let i = (k % USERS as u64) as usize;
            let now = at(k);
            dashmap_beat(&map, &users[i], now);
            k += 1;
        })
    });

    let cache = moka_cache();
    for (i, user) in users.iter().enumerate() {
        cache.insert(user.clone(), (at(i as u64), 1));
    }
    let mut k = USERS as u64;
    group.bench_function("moka", |b| {
        b.iter(|| {
            let i = (k % USERS as u64) as usize;
            cache.insert(users[i].clone(), (at(k), 1));
            k += 1;
        })
    });
    group.finish();
}

fn moka_cache() -> moka::sync::Cache<String, (DateTime<Utc>, u32)> {
    moka::sync::Cache::builder()
        .time_to_idle(Duration::from_secs(60))
        .eviction_listener(|user, value, cause| {
            black_box((user, value, cause));
        })
        .build()
}

fn heartbeats_2_threads(c: &mut Criterion) {
    let (users, conns) = ids(USERS);
    let mut group = c.benchmark_group("presence/heartbeats_2_threads");
    group.throughput(Throughput::Elements(2));

    let tracker = tracker();
    for i in 0..USERS {
        let _ = tracker
            .heartbeat_at(&users[i], &conns[i], "/chat", at(i as u64))
            .unwrap();
    }
    let clock = std::sync::atomic::AtomicU64::new(USERS as u64);
    group.bench_function("tzsafe", |b| {
        b.iter_custom(|iters| {
            let start = Instant::now();
            std::thread::scope(|s| {
                for thread in 0..2u64 {
                    let (tracker, users, conns, clock) = (&tracker, &users, &conns, &clock);
                    s.spawn(move || {
                        for n in 0..iters {
                            let k = clock.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                            let i = ((n + thread * USERS as u64 / 2) % USERS as u64) as usize;
                            let _ = black_box(
                                tracker
                                    .heartbeat_at(&users[i], &conns[i], "/chat", at(k))
                                    .unwrap(),
                            );
                        }
                    });
                }
            });
            start.elapsed()
        })
    });

    let map: DashMap<String, (DateTime<Utc>, u32)> = DashMap::new();
    for (i, user) in users.iter().enumerate() {
        map.insert(user.clone(), (at(i as u64), 1));
    }
    let clock = std::sync::atomic::AtomicU64::new(USERS as u64);
    group.bench_function("dashmap", |b| {
        b.iter_custom(|iters| {
            let start = Instant::now();
            std::thread::scope(|s| {
                for thread in 0..2u64 {
                    let (map, users, clock) = (&map, &users, &clock);
                    s.spawn(move || {
                        for n in 0..iters {
                            let k = clock.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                            let i = ((n + thread * USERS as u64 / 2) % USERS as u64) as usize;
                            let now = at(k);
                            dashmap_beat(map, &users[i], now);
                        }
                    });
                }
            });
            start.elapsed()
        })
    });
    group.finish();
}

fn sweep_1pct_of_1m(c: &mut Criterion) {
    const N: usize = 1_000_000;
    let (users, conns) = ids(N);
    let mut group = c.benchmark_group("presence/sweep_1pct_of_1m");
    group.sample_size(10);
    // Everyone heartbeats once over the first 25 s (user i at 25 s * i / N);
    // all but the first 1 % heartbeat again 25 s later. The sweep runs at the
    // instant the last of the silent 1 % expires: exactly they are due, the
    // others expire 25 s later.
    let silent = N / 100;
    let step = TimeDelta::nanoseconds(INTERVAL_NANOS / N as i64);
    let sweep_at = t0() + step * silent as i32 + TimeDelta::seconds(60);
    group.bench_function("tzsafe", |b| {
        b.iter_batched(
            || {
                let tracker = tracker();
                for i in 0..N {
                    let _ = tracker
                        .heartbeat_at(&users[i], &conns[i], "/chat", t0() + step * i as i32)
                        .unwrap();
                }
                for i in silent..N {
                    let again = t0() + TimeDelta::nanoseconds(INTERVAL_NANOS) + step * i as i32;
                    let _ = tracker
                        .heartbeat_at(&users[i], &conns[i], "/chat", again)
                        .unwrap();
                }
                tracker
            },
            |tracker| {
                let events = tracker.sweep_at(sweep_at);
                assert_eq!(events.len(), silent);
                (tracker, events)
            },
            BatchSize::PerIteration,
        )
    });
    group.bench_function("dashmap_retain", |b| {
        b.iter_batched(
            || {
                let map: DashMap<String, (DateTime<Utc>, u32)> = DashMap::new();
                for (i, user) in users.iter().enumerate() {
                    let last = if i < silent {
                        t0() + step * i as i32
                    } else {
                        t0() + TimeDelta::nanoseconds(INTERVAL_NANOS) + step * i as i32
                    };
                    map.insert(user.clone(), (last, 1));
                }
                map
            },
            |map| {
                let ttl = TimeDelta::seconds(60);
                let mut gone = Vec::new();
                map.retain(|user, (last, _)| {
                    let live = sweep_at < *last + ttl;
                    if !live {
                        gone.push(user.clone());
                    }
                    live
                });
                assert_eq!(gone.len(), silent);
                (map, gone)
            },
            BatchSize::PerIteration,
        )
    });
    group.finish();
}

criterion_group!(
    presence,
    heartbeat_online,
    heartbeats_2_threads,
    sweep_1pct_of_1m
);
criterion_main!(presence);
