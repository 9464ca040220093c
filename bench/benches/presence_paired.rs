//! The single-thread heartbeat of `presence/heartbeat_online` (criterion, in
//! `presence`), measured so that noise from other processes cannot favour
//! either side: tzsafe's tracker and the hand-written `DashMap` take turns,
//! one round of 1,000,000 heartbeats each, eleven rounds; each round's time
//! is divided by the peer's round just before it, and the median of those
//! ratios is printed with the median times. Same users, connections, schedule
//! and `DashMap` row as the criterion bench (100,000 users in round-robin
//! order, each heartbeating every 25 s).
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
use std::time::Instant;

#[path = "common/presence.rs"]
mod common;

use chrono::{DateTime, Utc};
use common::{at, dashmap_beat, ids, tracker, USERS};
use dashmap::DashMap;

const ROUND: u64 = 1_000_000;
const ROUNDS: usize = 11;

fn median(mut values: Vec<f64>) -> f64 {
    values.sort_by(f64::total_cmp);
    values[values.len() / 2]
}

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
    println!(
        "presence/heartbeat_online_paired/tzsafe {:.1} ns (median of {ROUNDS} rounds of {ROUND})",
        median(tzsafe)
    );
    println!(
        "presence/heartbeat_online_paired/dashmap {:.1} ns",
        median(dashmap)
    );
    println!(
        "presence/heartbeat_online_paired tzsafe / dashmap = {:.2}x (median of per-round ratios)",
        median(ratios)
    );
}
