//! `RedisPresence` against `redis-benchmark` on the same `redis-server`, in
//! the same run (a printing benchmark: rates over whole runs, which criterion
//! cannot do across processes):
//!
//! * `redis-benchmark -t set -n 100000 -c 1`: one connection, one command per
//!   round trip: the ceiling for anything that needs a round trip. Run before
//!   and after the rest; the ratios use the mean of the two.
//! * where the time goes, on the same connection kind (redis-rs's
//!   `ConnectionManager`, the one `RedisPresence` uses): `SET` (the client
//!   stack alone), and `EVALSHA` of a script that answers `{'ok'}` at once
//!   with a heartbeat's keys and arguments (the floor of any script call).
//! * heartbeats one at a time on one connection (each awaited before the
//!   next), for 10,000 users already online: each is one `EVALSHA`. These
//!   three run in turns of 2,000 calls, so that a change of the machine's
//!   load during the run falls on all three alike.
//! * the same heartbeats in batches of 500 (`heartbeat_batch`, one pipeline
//!   per batch).
//!
//! For each phase, the server's time per call from `INFO commandstats`.
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
    let beats = |chunk: &[usize]| -> Vec<Heartbeat<'_>> {
        chunk
            .iter()
            .map(|&i| Heartbeat {
                user: &users[i],
                connection: &conns[i],
                namespace: "/chat",
            })
            .collect()
    };
    let all: Vec<usize> = (0..USERS).collect();

    let set_before = redis_benchmark_set(server.port);
    let rates = runtime.block_on(async {
        let client = redis::Client::open(server.url()).unwrap();
        let mut manager = client.get_connection_manager().await.unwrap();
        let sha: String = redis::cmd("SCRIPT")
            .arg("LOAD")
            .arg("return {'ok'}")
            .query_async(&mut manager)
            .await
            .unwrap();
        let config = PresenceConfig::new()
            .ttl(TimeDelta::seconds(60))
            .heartbeat_interval(TimeDelta::seconds(25));
        let presence = RedisPresence::builder(config)
            .prefix("bench")
            .connect(&server.url())
            .await
            .unwrap();
        // Everyone online first.
        for chunk in all.chunks(500) {
            for result in presence.heartbeat_batch(&beats(chunk)).await.unwrap() {
                let _ = result.unwrap();
            }
        }
        // SET, the empty script and the heartbeat in turns of 2,000 calls
        // each, so that a change in the machine's load falls on all three.
        let (mut set_s, mut empty_s, mut single_s) = (0.0, 0.0, 0.0);
        let (mut set_server, mut empty_server, mut single_server) = (0.0, 0.0, 0.0);
        let turn = 2_000;
        let turns = 15;
        for t in 0..turns {
            reset(&mut manager).await;
            let start = Instant::now();
            for i in 0..turn {
                let () = redis::cmd("SET")
                    .arg("key:__rand_int__")
                    .arg(i)
                    .query_async(&mut manager)
                    .await
                    .unwrap();
            }
            set_s += start.elapsed().as_secs_f64();
            set_server += server_usec(&mut manager, "set").await;
            reset(&mut manager).await;
            let start = Instant::now();
            for i in 0..turn {
                let i = (t * turn + i) % USERS;
                let reply: Vec<String> = redis::cmd("EVALSHA")
                    .arg(&sha)
                    .arg(2)
                    .arg(format!("bench:user:{{{}}}", users[i]))
                    .arg("bench:due:{bench-0}")
                    .arg("hb")
                    .arg("")
                    .arg(&users[i])
                    .arg("0123456789abcdef")
                    .arg(&conns[i])
                    .arg("/chat")
                    .arg("")
                    .query_async(&mut manager)
                    .await
                    .unwrap();
                assert_eq!(reply, ["ok"]);
            }
            empty_s += start.elapsed().as_secs_f64();
            empty_server += server_usec(&mut manager, "evalsha").await;
            reset(&mut manager).await;
            let start = Instant::now();
            for i in 0..turn {
                let i = (t * turn + i) % USERS;
                let events = presence
                    .heartbeat(&users[i], &conns[i], "/chat")
                    .await
                    .unwrap();
                assert!(events.is_empty());
            }
            single_s += start.elapsed().as_secs_f64();
            single_server += server_usec(&mut manager, "evalsha").await;
        }
        let calls = (turn * turns) as f64;
        let rs_set = calls / set_s;
        let empty_script = calls / empty_s;
        let single = calls / single_s;
        let rounds = 10;
        reset(&mut manager).await;
        let start = Instant::now();
        for _ in 0..rounds {
            for chunk in all.chunks(500) {
                for result in presence.heartbeat_batch(&beats(chunk)).await.unwrap() {
                    assert!(result.unwrap().is_empty());
                }
            }
        }
        let batched = (rounds * USERS) as f64 / start.elapsed().as_secs_f64();
        let usec = server_usec(&mut manager, "evalsha").await;
        println!(
            "server time per call: set {:.2} us; evalsha of an empty script {:.2} us; \
             heartbeat one at a time {:.2} us; batched {:.2} us per user ({} users)",
            set_server / calls,
            empty_server / calls,
            single_server / calls,
            usec / (rounds * USERS) as f64,
            rounds * USERS
        );
        println!(
            "round trip: set {:.1} us, empty script {:.1} us, heartbeat {:.1} us",
            1e6 / rs_set,
            1e6 / empty_script,
            1e6 / single
        );
        (rs_set, empty_script, single, batched)
    });
    let (rs_set, empty_script, single, batched) = rates;
    let set_after = redis_benchmark_set(server.port);
    let set_rate = (set_before + set_after) / 2.0;
    println!(
        "presence/redis/set_c1/redis-benchmark {set_before:.0} and {set_after:.0} requests/s \
         (before and after)"
    );
    println!(
        "presence/redis/set_c1/redis-rs {rs_set:.0} requests/s ({:.2}x redis-benchmark)",
        rs_set / set_rate
    );
    println!(
        "presence/redis/evalsha_empty_script/redis-rs {empty_script:.0} calls/s \
         ({:.2}x redis-rs SET in the same turns)",
        empty_script / rs_set
    );
    println!(
        "presence/redis/heartbeat_one_at_a_time/tzsafe {single:.0} heartbeats/s \
         ({:.2}x redis-rs SET in the same turns)",
        single / rs_set
    );
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

/// Clears the server's command statistics (through the connection: no
/// process started between timed turns).
async fn reset(manager: &mut redis::aio::ConnectionManager) {
    let () = redis::cmd("CONFIG")
        .arg("RESETSTAT")
        .query_async(manager)
        .await
        .unwrap();
}

/// The server's time in µs spent in `command` since the last reset.
async fn server_usec(manager: &mut redis::aio::ConnectionManager, command: &str) -> f64 {
    let stats: String = redis::cmd("INFO")
        .arg("commandstats")
        .query_async(manager)
        .await
        .unwrap();
    stats
        .lines()
        .find(|l| l.starts_with(&format!("cmdstat_{command}:")))
        .and_then(|l| l.split("usec=").nth(1))
        .and_then(|v| v.split(',').next())
        .and_then(|v| v.parse().ok())
        .unwrap_or(0.0)
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
