//! The heartbeats of `presence/heartbeat_online` and
//! `presence/heartbeats_2_threads` (criterion, in `presence`), measured so
//! that noise from other processes cannot favour either side: tzsafe's
//! tracker and the hand-written `DashMap` take turns, one round of 1,000,000
//! heartbeats each, eleven rounds; each round's time is divided by the peer's
//! round just before it, and the median of those ratios is printed with the
//! median times. Same users, connections, schedules and `DashMap` row as the
//! criterion bench (100,000 users in round-robin order, each heartbeating
//! every 25 s); with two threads, each thread does half of a round, the two
//! halves of the users apart, on a shared clock.
//!
//! `cargo bench -p tzsafe-bench --bench presence_paired`
#![allow(
    missing_docs,
    clippy::unwrap_used,
    clippy::indexing_slicing,
    clippy::arithmetic_side_effects,
    clippy::cast_precision_loss,
    clippy::cast_possible_truncation,
    clippy::cast_possible_wrap
)]

use std::hint::black_box;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Instant;

#[path = "common/presence.rs"]
mod common;

use chrono::{DateTime, Utc};
use common::{at, dashmap_beat, ids, tracker, USERS};
use dashmap::DashMap;

#[path = "common/paired.rs"]
mod paired;
use paired::median;

const ROUND: u64 = 1_000_000;
const ROUNDS: usize = 11;

fn main() {
    let (users, conns) = ids(USERS);
    let tracker = tracker();
    // Each filled in a loop of its own, as in the criterion bench: the
    // DashMap's keys are then allocated one after another, so reading them
    // in round-robin order walks memory in sequence (its best case).
    for i in 0..USERS {
        let _ = tracker
            .heartbeat_at(&users[i], &conns[i], "/chat", at(i as u64))
            .unwrap();
    }
    let map: DashMap<String, (DateTime<Utc>, u32)> = DashMap::new();
    for (i, user) in users.iter().enumerate() {
        map.insert(user.clone(), (at(i as u64), 1));
    }

    // Both sides walk the same schedule, each with its own clock.
    let (mut k_tzsafe, mut k_dashmap) = (USERS as u64, USERS as u64);
    let (mut tzsafe, mut dashmap, mut ratios) = (Vec::new(), Vec::new(), Vec::new());
    for _ in 0..ROUNDS {
        let start = Instant::now();
        for k in k_dashmap..k_dashmap + ROUND {
            let i = (k % USERS as u64) as usize;
            let now = at(k);
            dashmap_beat(&map, &users[i], now);
        }
        k_dashmap += ROUND;
        let peer = start.elapsed().as_nanos() as f64 / ROUND as f64;

        let start = Instant::now();
        for k in k_tzsafe..k_tzsafe + ROUND {
            let i = (k % USERS as u64) as usize;
            let events = tracker
                .heartbeat_at(&users[i], &conns[i], "/chat", at(k))
                .unwrap();
            let _ = black_box(events);
        }
        k_tzsafe += ROUND;
        let ours = start.elapsed().as_nanos() as f64 / ROUND as f64;

        tzsafe.push(ours);
        dashmap.push(peer);
        ratios.push(ours / peer);
    }
    assert_eq!(tracker.online_count(), USERS);
    report("heartbeat_online_paired", &tzsafe, &dashmap, &ratios);

    // Two threads: the schedule of `presence/heartbeats_2_threads`.
    let (clock_tzsafe, clock_dashmap) = (AtomicU64::new(k_tzsafe), AtomicU64::new(k_dashmap));
    let (mut n_tzsafe, mut n_dashmap) = (0u64, 0u64);
    let (mut tzsafe, mut dashmap, mut ratios) = (Vec::new(), Vec::new(), Vec::new());
    for _ in 0..ROUNDS {
        let peer = two_threads(n_dashmap, |i| {
            let k = clock_dashmap.fetch_add(1, Ordering::Relaxed);
            dashmap_beat(&map, &users[i], at(k));
        });
        n_dashmap += ROUND / 2;
        let ours = two_threads(n_tzsafe, |i| {
            let k = clock_tzsafe.fetch_add(1, Ordering::Relaxed);
            let events = tracker
                .heartbeat_at(&users[i], &conns[i], "/chat", at(k))
                .unwrap();
            let _ = black_box(events);
        });
        n_tzsafe += ROUND / 2;
        tzsafe.push(ours);
        dashmap.push(peer);
        ratios.push(ours / peer);
    }
    assert_eq!(tracker.online_count(), USERS);
    report("heartbeats_2_threads_paired", &tzsafe, &dashmap, &ratios);
}

/// Nanoseconds per heartbeat of one round, half on each of two threads:
/// thread `t` beats user `(n + t * USERS / 2) % USERS` for its `n`-th.
fn two_threads(from: u64, beat: impl Fn(usize) + Sync) -> f64 {
    let start = Instant::now();
    std::thread::scope(|s| {
        for thread in 0..2u64 {
            let beat = &beat;
            s.spawn(move || {
                for n in from..from + ROUND / 2 {
                    beat(((n + thread * USERS as u64 / 2) % USERS as u64) as usize);
                }
            });
        }
    });
    start.elapsed().as_nanos() as f64 / ROUND as f64
}

fn report(name: &str, tzsafe: &[f64], dashmap: &[f64], ratios: &[f64]) {
    let (tzsafe, dashmap, ratios) = (tzsafe.to_vec(), dashmap.to_vec(), ratios.to_vec());
    println!(
        "presence/{name}/tzsafe {:.1} ns (median of {ROUNDS} rounds of {ROUND})",
        median(tzsafe)
    );
    println!("presence/{name}/dashmap {:.1} ns", median(dashmap));
    println!(
        "presence/{name} tzsafe / dashmap = {:.2}x (median of per-round ratios)",
        median(ratios)
    );
}
