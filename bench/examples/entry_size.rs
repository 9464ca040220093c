//! The experiment behind the presence record's layout (BENCHMARKS.md,
//! "Presence ... against the goals"): at 100,000 users, how long the same
//! heartbeat lookup takes when the hash-table entry it lands on is 64, 72, 88
//! or 112 bytes, beside the `DashMap` row of the `presence` benches and
//! tzsafe's tracker. Each entry holds a user id and a connection id inline
//! (`CompactString`, as the tracker does), a last heartbeat and a namespace
//! id, padded to its size, in 16 mutex-guarded `hashbrown` tables as the
//! tracker shards its users. All take turns, round by round; the medians of
//! their ratios to the `DashMap` row are printed.
//!
//! `cargo run --release -p tzsafe-bench --example entry_size`
//!
//! With `tracker N` or `dashmap N` it runs only that side, N rounds of
//! 100,000 heartbeats after filling it, for counting instructions and cache
//! misses: `valgrind --tool=cachegrind` with N = 0 and N = 2, the difference
//! divided by 200,000.
#![allow(
    missing_docs,
    clippy::unwrap_used,
    clippy::indexing_slicing,
    clippy::arithmetic_side_effects,
    clippy::cast_precision_loss,
    clippy::cast_possible_truncation
)]

#[path = "../benches/common/presence.rs"]
mod common;

use std::hash::BuildHasher;
use std::hint::black_box;
use std::sync::Mutex;
use std::time::Instant;

use chrono::{DateTime, Utc};
use common::{at, dashmap_beat, ids, t0, tracker, USERS};
use compact_str::CompactString;
use dashmap::DashMap;
use hashbrown::{DefaultHashBuilder, HashTable};

const ROUND: u64 = 1_000_000;
const ROUNDS: usize = 9;

/// An entry of `64 + PAD` bytes.
#[allow(dead_code)]
#[repr(C)]
struct Entry<const PAD: usize> {
    user: CompactString,
    conn: CompactString,
    last: DateTime<Utc>,
    namespace: u32,
    pad: [u8; PAD],
}

struct Table<const PAD: usize> {
    shards: Vec<Mutex<HashTable<Entry<PAD>>>>,
    hasher: DefaultHashBuilder,
}

impl<const PAD: usize> Table<PAD> {
    fn new(users: &[String], conns: &[String]) -> Self {
        let hasher = DefaultHashBuilder::default();
        let shards: Vec<_> = (0..16).map(|_| Mutex::new(HashTable::new())).collect();
        for (user, conn) in users.iter().zip(conns) {
            let hash = hasher.hash_one(user.as_str());
            let entry = Entry {
                user: user.as_str().into(),
                conn: conn.as_str().into(),
                last: t0(),
                namespace: 0,
                pad: [0; PAD],
            };
            shards[((hash >> 32) & 15) as usize]
                .lock()
                .unwrap()
                .insert_unique(hash, entry, |e| hasher.hash_one(e.user.as_str()));
        }
        Table { shards, hasher }
    }

    #[inline(never)]
    fn beat(&self, user: &str, conn: &str, now: DateTime<Utc>) {
        let hash = self.hasher.hash_one(user);
        let mut shard = self.shards[((hash >> 32) & 15) as usize].lock().unwrap();
        if let Some(e) = shard.find_mut(hash, |e| e.user == user) {
            if e.conn == conn && e.last < now {
                e.last = now;
            }
        }
    }
}

fn median(mut values: Vec<f64>) -> f64 {
    values.sort_by(f64::total_cmp);
    values[values.len() / 2]
}

fn main() {
    let (users, conns) = ids(USERS);
    let mut args = std::env::args().skip(1);
    if let Some(only) = args.next() {
        let rounds: u64 = args.next().map_or(2, |n| n.parse().unwrap());
        let n = rounds * USERS as u64;
        let mut k = USERS as u64;
        if only == "tracker" {
            let tracker = tracker();
            for i in 0..USERS {
                let _ = tracker.heartbeat_at(&users[i], &conns[i], "/chat", at(i as u64));
            }
            for _ in 0..n {
                let i = (k % USERS as u64) as usize;
                let _ = black_box(tracker.heartbeat_at(&users[i], &conns[i], "/chat", at(k)));
                k += 1;
            }
        } else {
            let map: DashMap<String, (DateTime<Utc>, u32)> = DashMap::new();
            for (i, user) in users.iter().enumerate() {
                map.insert(user.clone(), (at(i as u64), 1));
            }
            for _ in 0..n {
                let i = (k % USERS as u64) as usize;
                dashmap_beat(&map, &users[i], at(k));
                k += 1;
            }
        }
        return;
    }

    let tracker = tracker();
    for i in 0..USERS {
        let _ = tracker.heartbeat_at(&users[i], &conns[i], "/chat", at(i as u64));
    }
    let map: DashMap<String, (DateTime<Utc>, u32)> = DashMap::new();
    for (i, user) in users.iter().enumerate() {
        map.insert(user.clone(), (at(i as u64), 1));
    }
    let (t64, t72, t88, t112) = (
        Table::<0>::new(&users, &conns),
        Table::<8>::new(&users, &conns),
        Table::<24>::new(&users, &conns),
        Table::<48>::new(&users, &conns),
    );
    assert_eq!(
        [64, 72, 88, 112],
        [
            size_of::<Entry<0>>(),
            size_of::<Entry<8>>(),
            size_of::<Entry<24>>(),
            size_of::<Entry<48>>()
        ]
    );
    let names = [
        "dashmap",
        "tracker",
        "entry_64",
        "entry_72",
        "entry_88",
        "entry_112",
    ];
    let mut times: Vec<Vec<f64>> = vec![Vec::new(); names.len()];
    let mut k = USERS as u64;
    for _ in 0..ROUNDS {
        for (side, time) in times.iter_mut().enumerate() {
            let start = Instant::now();
            for _ in 0..ROUND {
                let i = (k % USERS as u64) as usize;
                let (user, conn, now) = (&users[i], &conns[i], at(k));
                match side {
                    0 => dashmap_beat(&map, user, now),
                    1 => {
                        let _ = black_box(tracker.heartbeat_at(user, conn, "/chat", now));
                    }
                    2 => t64.beat(user, conn, now),
                    3 => t72.beat(user, conn, now),
                    4 => t88.beat(user, conn, now),
                    _ => t112.beat(user, conn, now),
                }
                k += 1;
            }
            time.push(start.elapsed().as_nanos() as f64 / ROUND as f64);
        }
    }
    for (name, time) in names.iter().zip(&times) {
        let ratios = time.iter().zip(&times[0]).map(|(t, d)| t / d).collect();
        println!(
            "entry_size/{name} {:.1} ns, {:.2}x dashmap (medians of {ROUNDS} rounds of {ROUND})",
            median(time.clone()),
            median(ratios)
        );
    }
}
