//! `RedisPresence` against reference calls on the same `redis-server`, in the
//! same run (a printing benchmark: rates and Redis's own time over whole
//! turns, which criterion cannot do across processes).
//!
//! Phases, in alternating turns so that a change of the machine's load falls
//! on all of them alike (15 turns; 2,000 calls per turn for the single
//! calls, 10,000 users per turn batched), each through a redis-rs
//! `ConnectionManager` with `TCP_NODELAY`, as `RedisPresence` connects:
//!
//! * `empty function` / `empty script`: an `FCALL` of a function, and an
//!   `EVALSHA` of a script, that answer at once, with a heartbeat's keys and
//!   arguments: the floor of any call.
//! * `minimal write function` / `minimal write script`: the least a presence
//!   store writes per heartbeat: `HSET` of a field, `ZADD` of a score,
//!   `PEXPIRE` of the key, in one call.
//! * `heartbeat`: `RedisPresence::heartbeat` one at a time (each awaited
//!   before the next) for 10,000 users already online, with the server's
//!   clock.
//! * `heartbeat function`: the same heartbeats as bare `FCALL`s of the
//!   store's function through the reference calls' connection: the
//!   difference from `heartbeat` is the store's own work in the client.
//! * `batched`: `RedisPresence::heartbeat_batch`, 500 users per batch.
//!
//! Redis's time per call is `INFO commandstats`' `usec` of `fcall` or
//! `evalsha` over the turn (statistics reset before each turn): a function's
//! inner commands run inside its call and are counted there once. The
//! goals of issue 22 are printed beside the figures: server time per
//! heartbeat at most 1.5x the minimal write, one-at-a-time rate at least
//! 0.95x the empty call's, batched at most 3.0 µs per user and at least
//! 300,000 users/s. Ratios are medians of the per-turn ratios.
//!
//! `cargo bench -p tzsafe-bench --bench presence_redis` (needs redis-server
//! on PATH).
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

use std::time::Instant;

use chrono::TimeDelta;
use redis::aio::ConnectionManager;
use redis::{Cmd, IntoConnectionInfo};
use tzsafe::models::presence::{Heartbeat, PresenceConfig, RedisPresence};

const USERS: usize = 10_000;
const TURNS: usize = 15;
const CALLS: usize = 2_000;
const BATCH: usize = 500;

/// The reference calls, as a function library and as scripts: the same Lua.
const REFERENCE: &str = "#!lua name=tzsafe_bench_reference
redis.register_function('tzsafe_bench_empty', function(keys, args) return 0 end)
redis.register_function('tzsafe_bench_write', function(keys, args)
  redis.call('HSET', keys[1], 'c:' .. args[5], '100017961145000000000000' .. args[6])
  redis.call('ZADD', keys[2], 1796114560, args[4] .. args[3])
  redis.call('PEXPIRE', keys[1], 3660001)
  return 0
end)
";
const EMPTY_SCRIPT: &str = "return 0";
const WRITE_SCRIPT: &str =
    "redis.call('HSET', KEYS[1], 'c:' .. ARGV[5], '100017961145000000000000' .. ARGV[6])
redis.call('ZADD', KEYS[2], 1796114560, ARGV[4] .. ARGV[3])
redis.call('PEXPIRE', KEYS[1], 3660001)
return 0";

#[derive(Clone, Copy, PartialEq, Eq)]
enum Phase {
    EmptyFunction,
    EmptyScript,
    WriteFunction,
    WriteScript,
    Heartbeat,
    HeartbeatFunction,
    Batched,
}

const PHASES: [Phase; 7] = [
    Phase::EmptyFunction,
    Phase::EmptyScript,
    Phase::WriteFunction,
    Phase::WriteScript,
    Phase::Heartbeat,
    Phase::HeartbeatFunction,
    Phase::Batched,
];

impl Phase {
    fn name(self) -> &'static str {
        match self {
            Phase::EmptyFunction => "empty function",
            Phase::EmptyScript => "empty script",
            Phase::WriteFunction => "minimal write function",
            Phase::WriteScript => "minimal write script",
            Phase::Heartbeat => "heartbeat",
            Phase::HeartbeatFunction => "heartbeat function",
            Phase::Batched => "heartbeat batched",
        }
    }

    /// The command whose statistics count the phase.
    fn stat(self) -> &'static str {
        match self {
            Phase::EmptyScript | Phase::WriteScript => "evalsha",
            _ => "fcall",
        }
    }
}

/// One turn of one phase: calls (or users) per second, Redis's µs per call
/// (or user).
#[derive(Clone, Copy, Default)]
struct Turn {
    rate: f64,
    server_us: f64,
}

struct Bench {
    manager: ConnectionManager,
    presence: RedisPresence,
    users: Vec<String>,
    conns: Vec<String>,
    empty_sha: String,
    write_sha: String,
    rules: String,
}

fn main() {
    let server = redis_server::RedisServer::start();
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let turns = runtime.block_on(async {
        let bench = Bench::new(&server.url()).await;
        let mut turns = vec![Vec::new(); PHASES.len()];
        for turn in 0..TURNS {
            for (p, &phase) in PHASES.iter().enumerate() {
                turns[p].push(bench.turn(phase, turn).await);
            }
        }
        turns
    });
    report(&turns);
}

impl Bench {
    async fn new(url: &str) -> Bench {
        let info = url.into_connection_info().unwrap();
        let tcp = info.tcp_settings().clone().set_nodelay(true);
        let client = redis::Client::open(info.set_tcp_settings(tcp)).unwrap();
        let mut manager = client.get_connection_manager().await.unwrap();
        let _: String = redis::cmd("FUNCTION")
            .arg("LOAD")
            .arg("REPLACE")
            .arg(REFERENCE)
            .query_async(&mut manager)
            .await
            .unwrap();
        let load = |text: &str| {
            let mut cmd = redis::cmd("SCRIPT");
            cmd.arg("LOAD").arg(text);
            cmd
        };
        let empty_sha: String = load(EMPTY_SCRIPT).query_async(&mut manager).await.unwrap();
        let write_sha: String = load(WRITE_SCRIPT).query_async(&mut manager).await.unwrap();
        let config = PresenceConfig::new()
            .ttl(TimeDelta::seconds(60))
            .heartbeat_interval(TimeDelta::seconds(25));
        let presence = RedisPresence::builder(config)
            .prefix("bench")
            .connect(url)
            .await
            .unwrap();
        let bench = Bench {
            manager,
            presence,
            users: (0..USERS).map(|i| format!("user-{i:06}")).collect(),
            conns: (0..USERS)
                .map(|i| format!("sid-{i:06}-a1b2c3d4e5"))
                .collect(),
            empty_sha,
            write_sha,
            // The store's rules argument for this configuration.
            rules: "60 0 0 0 - - 3660001 1800 0 - -".to_owned(),
        };
        // Everyone online first, and every reference key written once, so
        // that no phase pays for creating keys.
        let all: Vec<usize> = (0..USERS).collect();
        for chunk in all.chunks(BATCH) {
            let results = bench.presence.heartbeat_batch(&bench.beats(chunk)).await;
            for result in results.unwrap() {
                assert_eq!(result.unwrap().len(), 1);
            }
        }
        let mut manager = bench.manager.clone();
        for i in 0..USERS {
            let write = bench.reference(Phase::WriteScript, i);
            let reply: i64 = write.query_async(&mut manager).await.unwrap();
            assert_eq!(reply, 0);
        }
        bench
    }

    fn beats(&self, users: &[usize]) -> Vec<Heartbeat<'_>> {
        users
            .iter()
            .map(|&i| Heartbeat {
                user: &self.users[i],
                connection: &self.conns[i],
                namespace: "/chat",
            })
            .collect()
    }

    /// A reference call for user `i`: with a heartbeat's keys (under a
    /// prefix of their own, as long as the store's) and arguments; for
    /// `HeartbeatFunction`, the store's own function on the store's keys.
    fn reference(&self, phase: Phase, i: usize) -> Cmd {
        let (command, name, prefix, shard) = match phase {
            Phase::EmptyFunction => ("FCALL", "tzsafe_bench_empty", "refer", 0),
            Phase::WriteFunction => ("FCALL", "tzsafe_bench_write", "refer", 0),
            Phase::EmptyScript => ("EVALSHA", self.empty_sha.as_str(), "refer", 0),
            Phase::HeartbeatFunction => (
                "FCALL",
                "tzsafe_presence_v1_heartbeat",
                "bench",
                fnv(&self.users[i]) % 16,
            ),
            _ => ("EVALSHA", self.write_sha.as_str(), "refer", 0),
        };
        let mut cmd = redis::cmd(command);
        cmd.arg(name)
            .arg(3)
            .arg(format!("{prefix}:user:{{{}}}", self.users[i]))
            .arg(format!("{prefix}:due:{{{prefix}-{shard}}}"))
            .arg(format!("{prefix}:held:{{{prefix}-{shard}}}"))
            .arg(&self.rules)
            .arg("")
            .arg(&self.users[i])
            .arg("0123456789abcdef")
            .arg(&self.conns[i])
            .arg("/chat")
            .arg("");
        cmd
    }

    async fn turn(&self, phase: Phase, turn: usize) -> Turn {
        let mut manager = self.manager.clone();
        let () = redis::cmd("CONFIG")
            .arg("RESETSTAT")
            .query_async(&mut manager)
            .await
            .unwrap();
        let start = Instant::now();
        let done = match phase {
            Phase::Heartbeat => {
                for k in 0..CALLS {
                    let i = (turn * CALLS + k) % USERS;
                    let events = self
                        .presence
                        .heartbeat(&self.users[i], &self.conns[i], "/chat")
                        .await
                        .unwrap();
                    assert!(events.is_empty());
                }
                CALLS
            }
            Phase::Batched => {
                let all: Vec<usize> = (0..USERS).collect();
                for chunk in all.chunks(BATCH) {
                    for result in self
                        .presence
                        .heartbeat_batch(&self.beats(chunk))
                        .await
                        .unwrap()
                    {
                        assert!(result.unwrap().is_empty());
                    }
                }
                USERS
            }
            _ => {
                for k in 0..CALLS {
                    let i = (turn * CALLS + k) % USERS;
                    let reply: i64 = self
                        .reference(phase, i)
                        .query_async(&mut manager)
                        .await
                        .unwrap();
                    assert_eq!(reply, 0);
                }
                CALLS
            }
        };
        let seconds = start.elapsed().as_secs_f64();
        let usec = server_usec(&mut manager, phase.stat()).await;
        Turn {
            rate: done as f64 / seconds,
            server_us: usec / done as f64,
        }
    }
}

/// The index shard `RedisPresence` files a user in: FNV-1a of the id,
/// modulo the 16 shards of the bench's store.
fn fnv(user: &str) -> u64 {
    user.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// The server's time in µs spent in `command` since the last reset.
async fn server_usec(manager: &mut ConnectionManager, command: &str) -> f64 {
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

fn median(mut values: Vec<f64>) -> f64 {
    values.sort_by(f64::total_cmp);
    values[values.len() / 2]
}

fn range(values: &[f64]) -> (f64, f64) {
    let min = values.iter().copied().fold(f64::INFINITY, f64::min);
    let max = values.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    (min, max)
}

/// The per-turn ratios of `a` to `b` by `field`: their median and range.
fn ratio(turns: &[Vec<Turn>], a: Phase, b: Phase, field: fn(&Turn) -> f64) -> (f64, f64, f64) {
    let at = |p: Phase| &turns[PHASES.iter().position(|&q| q == p).unwrap()];
    let ratios: Vec<f64> = at(a)
        .iter()
        .zip(at(b))
        .map(|(x, y)| field(x) / field(y))
        .collect();
    let (min, max) = range(&ratios);
    (median(ratios), min, max)
}

fn report(turns: &[Vec<Turn>]) {
    println!(
        "presence/redis: {USERS} users online, {TURNS} alternating turns ({CALLS} calls per turn; \
         batched: {USERS} users per turn in batches of {BATCH}) on one redis-server"
    );
    for (p, phase) in PHASES.iter().enumerate() {
        let server: Vec<f64> = turns[p].iter().map(|t| t.server_us).collect();
        let rate: Vec<f64> = turns[p].iter().map(|t| t.rate).collect();
        let unit = if *phase == Phase::Batched {
            "user"
        } else {
            "call"
        };
        println!(
            "presence/redis/{}: {:.2} µs of Redis per {unit} (median; {:.2} to {:.2}), \
             {:.0} {unit}s/s (median; {:.0} to {:.0})",
            phase.name().replace(' ', "_"),
            median(server.clone()),
            range(&server).0,
            range(&server).1,
            median(rate.clone()),
            range(&rate).0,
            range(&rate).1,
        );
    }
    let server = |t: &Turn| t.server_us;
    let rate = |t: &Turn| t.rate;
    for (what, reference, field, goal) in [
        (
            "Redis time per heartbeat / minimal write script",
            Phase::WriteScript,
            server as fn(&Turn) -> f64,
            "goal <= 1.5x",
        ),
        (
            "Redis time per heartbeat / minimal write function",
            Phase::WriteFunction,
            server,
            "goal <= 1.5x",
        ),
        (
            "heartbeats/s one at a time / empty function calls/s",
            Phase::EmptyFunction,
            rate,
            "goal >= 0.95x",
        ),
        (
            "heartbeats/s one at a time / empty script calls/s",
            Phase::EmptyScript,
            rate,
            "goal >= 0.95x",
        ),
        (
            "heartbeats/s one at a time / minimal write script calls/s",
            Phase::WriteScript,
            rate,
            "a heartbeat writes at least that much",
        ),
        (
            "heartbeats/s one at a time / bare heartbeat function calls/s",
            Phase::HeartbeatFunction,
            rate,
            "the store's client-side cost",
        ),
    ] {
        let (median, min, max) = ratio(turns, Phase::Heartbeat, reference, field);
        println!("{what} = {median:.2}x (per-turn {min:.2}x to {max:.2}x; {goal})");
    }
    // The ceiling of the one-at-a-time goal for anything that writes.
    let (write, min, max) = ratio(turns, Phase::WriteScript, Phase::EmptyFunction, rate);
    println!(
        "minimal write script calls/s / empty function calls/s = {write:.2}x \
         (per-turn {min:.2}x to {max:.2}x)"
    );
    let batched = &turns[PHASES.len() - 1];
    let server: Vec<f64> = batched.iter().map(|t| t.server_us).collect();
    let rate: Vec<f64> = batched.iter().map(|t| t.rate).collect();
    println!(
        "batched: {:.2} µs of Redis per user (goal <= 3.0), {:.0} users/s (goal >= 300,000), medians",
        median(server),
        median(rate)
    );
}
