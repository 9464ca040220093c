//! `RedisPresence` against `redis-benchmark` on the same `redis-server`, in
//! the same run (a printing benchmark: rates over whole runs, which criterion
//! cannot do across processes):
//!
//! * `redis-benchmark -t set -n 100000 -c 1`: one connection, one command per
//!   round trip: the ceiling for anything that needs a round trip.
//! * heartbeats one at a time on one connection (each awaited before the
//!   next), for 10,000 users already online: each is one `EVALSHA`.
//! * the same heartbeats in batches of 500 (`heartbeat_batch`, one pipeline
//!   per batch).
//!
//! `cargo bench -p tzsafe-bench --bench presence_redis` (needs redis-server
//! and redis-benchmark on PATH).
#![allow(
    missing_docs,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::arithmetic_side_effects,
    clippy::cast_precision_loss
)]

#[path = "../../verify/tests/redis_server/mod.rs"]
mod redis_server;

use std::process::Command;
use std::time::Instant;

use chrono::TimeDelta;
use tzsafe::models::presence::{Heartbeat, PresenceConfig, RedisPresence};

const USERS: usize = 10_000;

fn main() {
    let server = redis_server::RedisServer::start();
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let users: Vec<String> = (0..USERS).map(|i| format!("user-{i:06}")).collect();
    let conns: Vec<String> = (0..USERS)
        .map(|i| format!("sid-{i:06}-a1b2c3d4e5"))
        .collect();

    let set_rate = redis_benchmark_set(server.port);
    let (single, batched) = runtime.block_on(async {
        let config = PresenceConfig::new()
            .ttl(TimeDelta::seconds(60))
            .heartbeat_interval(TimeDelta::seconds(25));
        let presence = RedisPresence::builder(config)
            .prefix("bench")
            .connect(&server.url())
            .await
            .unwrap();
        // Everyone online first.
        for chunk in (0..USERS).collect::<Vec<_>>().chunks(500) {
            let beats: Vec<Heartbeat<'_>> = chunk
                .iter()
                .map(|&i| Heartbeat {
                    user: &users[i],
                    connection: &conns[i],
                    namespace: "/chat",
                })
                .collect();
            for result in presence.heartbeat_batch(&beats).await.unwrap() {
                let _ = result.unwrap();
            }
        }
        let rounds = 3;
        let start = Instant::now();
        for _ in 0..rounds {
            for i in 0..USERS {
                let events = presence
                    .heartbeat(&users[i], &conns[i], "/chat")
                    .await
                    .unwrap();
                assert!(events.is_empty());
            }
        }
        let single = (rounds * USERS) as f64 / start.elapsed().as_secs_f64();
        let start = Instant::now();
        let rounds = 10;
        for _ in 0..rounds {
            for chunk in (0..USERS).collect::<Vec<_>>().chunks(500) {
                let beats: Vec<Heartbeat<'_>> = chunk
                    .iter()
                    .map(|&i| Heartbeat {
                        user: &users[i],
                        connection: &conns[i],
                        namespace: "/chat",
                    })
                    .collect();
                for result in presence.heartbeat_batch(&beats).await.unwrap() {
                    assert!(result.unwrap().is_empty());
                }
            }
        }
        let batched = (rounds * USERS) as f64 / start.elapsed().as_secs_f64();
        (single, batched)
    });
    let stats = server.cli(&["INFO", "commandstats"]);
    let per_call = |command: &str| {
        stats
            .lines()
            .find(|l| l.starts_with(&format!("cmdstat_{command}:")))
            .and_then(|l| l.split("usec_per_call=").nth(1))
            .and_then(|v| v.split(',').next())
            .unwrap_or("?")
            .to_owned()
    };
    println!(
        "server time per call: evalsha (a heartbeat) {} us, set {} us",
        per_call("evalsha"),
        per_call("set")
    );
    println!("presence/redis/set_c1/redis-benchmark {set_rate:.0} requests/s");
    println!("presence/redis/heartbeat_one_at_a_time/tzsafe {single:.0} heartbeats/s");
    println!("presence/redis/heartbeat_batched_500/tzsafe {batched:.0} heartbeats/s");
    println!(
        "one at a time / SET = {:.2}x (goal >= 0.8x)",
        single / set_rate
    );
    println!(
        "batched / one at a time = {:.2}x (goal >= 3x); batched: {:.0} users/s (goal >= 100,000)",
        batched / single,
        batched
    );
}

/// `redis-benchmark -t set -n 100000 -c 1` on `port`: SET requests per second.
fn redis_benchmark_set(port: u16) -> f64 {
    let out = Command::new("redis-benchmark")
        .args([
            "-h",
            "127.0.0.1",
            "-p",
            &port.to_string(),
            "-t",
            "set",
            "-n",
            "100000",
            "-c",
            "1",
            "-q",
        ])
        .output()
        .expect("redis-benchmark runs (apt-get install redis-tools)");
    let text = String::from_utf8_lossy(&out.stdout);
    // "SET: 23529.41 requests per second, p50=0.039 msec"
    let rate = text
        .rsplit("SET: ")
        .next()
        .and_then(|rest| rest.split_whitespace().next())
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("unexpected redis-benchmark output: {text}"));
    rate
}
