//! `RedisPresence` against a real `redis-server` that these tests start
//! (feature `redis`; with `redis-cluster`, also against a three-node cluster).
//!
//! The behaviour suite and the reference model are those of the in-memory
//! tracker (`tests/presence_suite/`). Then what only a shared store can show:
//! four instances on one Redis reporting each transition once, Redis stopped
//! and frozen mid-run, an instance that dies without disconnecting.
#![cfg(feature = "redis")]
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::arithmetic_side_effects,
    missing_docs
)]

#[path = "../../tests/presence_suite/mod.rs"]
mod suite;

mod redis_server;

use std::collections::BTreeMap;
use std::future::Future;
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::{Arc, Mutex, OnceLock, Weak};
use std::time::{Duration, Instant};

use chrono::{TimeDelta, Utc};
use proptest::prelude::*;
use proptest::test_runner::FileFailurePersistence;
use tzsafe::models::presence::{
    Heartbeat, PresenceConfig, PresenceEvent, RedisPresence, TimeSource,
};
use tzsafe::{Error, ErrorKind};

use crate::redis_server::RedisServer;
use crate::suite::Factory;

fn runtime() -> &'static tokio::runtime::Runtime {
    static RUNTIME: OnceLock<tokio::runtime::Runtime> = OnceLock::new();
    RUNTIME.get_or_init(|| {
        tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .expect("a tokio runtime")
    })
}

fn run<F: Future>(future: F) -> F::Output {
    runtime().block_on(future)
}

/// One server shared by the tests that run at the same time; it stops when
/// the last of them is done (statics are never dropped, so the server is not
/// one).
fn shared_server() -> Arc<Mutex<RedisServer>> {
    static SHARED: Mutex<Weak<Mutex<RedisServer>>> = Mutex::new(Weak::new());
    let mut shared = SHARED.lock().unwrap();
    if let Some(server) = shared.upgrade() {
        return server;
    }
    let server = Arc::new(Mutex::new(RedisServer::start()));
    *shared = Arc::downgrade(&server);
    server
}

/// A fresh key prefix per store: stores of concurrent tests never meet.
fn prefix() -> String {
    static N: AtomicU32 = AtomicU32::new(0);
    format!(
        "t{}-{}",
        std::process::id(),
        N.fetch_add(1, Ordering::Relaxed)
    )
}

/// Stores on the shared server, each under its own prefix.
pub struct RedisFactory {
    server: Arc<Mutex<RedisServer>>,
    url: String,
}

impl RedisFactory {
    pub fn start() -> RedisFactory {
        let server = shared_server();
        let url = server.lock().unwrap().url();
        RedisFactory { server, url }
    }
}

impl Factory for RedisFactory {
    type Store = RedisPresence;

    async fn make(&self, config: PresenceConfig) -> Result<RedisPresence, Error> {
        let _ = &self.server;
        RedisPresence::builder(config)
            .prefix(prefix())
            .index_shards(4)
            .time_source(TimeSource::Config)
            .connect(&self.url)
            .await
    }
}

crate::presence_suite!(RedisFactory::start(), run);

/// `cases` cases, with the seeds of past failures kept beside this file
/// (proptest's default would put them at the workspace root, because
/// `verify/` has a `lib.rs`) and replayed first.
fn config(cases: u32) -> ProptestConfig {
    ProptestConfig {
        cases,
        failure_persistence: Some(Box::new(FileFailurePersistence::Direct(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/proptest-regressions/redis_presence.txt"
        )))),
        ..ProptestConfig::default()
    }
}

proptest! {
    #![proptest_config(config(64))]

    /// The reference model's random sequences, against the Redis store: the
    /// same events and statuses as the model (and so as the in-memory
    /// tracker) at every step.
    #[test]
    fn redis_store_matches_the_model(
        rules in suite::any_rules(),
        ops in proptest::collection::vec(suite::any_op(), 1..80),
    ) {
        let factory = RedisFactory::start();
        run(suite::compare_with_model(&factory, rules, ops))?;
    }
}

/// One step of a batched sequence: heartbeats at one instant sent as one
/// `heartbeat_batch_at`, or any other call of the model suite.
#[derive(Clone, Debug)]
enum Step {
    Batch(Vec<(u8, u8, u8)>),
    Op(suite::Op),
}

const USERS: [&str; 4] = ["ann", "ben", "cat", "dan"];
const CONNS: [&str; 4] = ["c0", "c1", "c2", "c3"];
const NAMESPACES: [&str; 3] = ["/chat", "/social", "/orders"];

fn any_step() -> impl Strategy<Value = Step> {
    prop_oneof![
        // Up to 8 heartbeats of 4 users: the same user more than once in a
        // batch, new users under a max_users limit among old ones.
        3 => proptest::collection::vec((0..4u8, 0..4u8, 0..3u8), 1..8).prop_map(Step::Batch),
        2 => suite::any_op()
            .prop_filter("heartbeats come in batches", |op| !matches!(op, suite::Op::Heartbeat { .. }))
            .prop_map(Step::Op),
    ]
}

/// The reference model against batched heartbeats (on one server, a batch
/// is one call of the `batch` function for all its users): each heartbeat's
/// result is the model's for the same heartbeat, in order; then the
/// statuses and the count are the model's after every step.
async fn compare_batches_with_model<F: Factory<Store = RedisPresence>>(
    f: &F,
    rules: suite::model::Rules,
    steps: Vec<Step>,
) -> Result<(), TestCaseError> {
    let store = f
        .make(suite::config_of(&rules))
        .await
        .map_err(|e| TestCaseError::fail(e.to_string()))?;
    let mut model = suite::model::Model::new(rules);
    let mut now = suite::t0();
    for (step, what) in steps.iter().enumerate() {
        if let Step::Op(suite::Op::Advance(ms)) = what {
            now += TimeDelta::milliseconds(*ms);
        }
        let context = || format!("step {step}: {what:?} at {now}");
        match what {
            Step::Batch(beats) => {
                let beats: Vec<Heartbeat<'_>> = beats
                    .iter()
                    .map(|&(u, c, n)| Heartbeat {
                        user: USERS[usize::from(u)],
                        connection: CONNS[usize::from(c)],
                        namespace: NAMESPACES[usize::from(n)],
                    })
                    .collect();
                let got = store
                    .heartbeat_batch_at(&beats, now)
                    .await
                    .map_err(|e| TestCaseError::fail(e.to_string()))?;
                prop_assert_eq!(got.len(), beats.len());
                for (beat, got) in beats.iter().zip(got) {
                    let expected = model.heartbeat(beat.user, beat.connection, beat.namespace, now);
                    let got = got.map(Vec::from).map_err(|e| suite::kind(&e));
                    prop_assert_eq!(got, expected, "{}: {:?}", context(), beat);
                }
            }
            Step::Op(op) => suite::apply_op(&store, &mut model, op, now, &context).await?,
        }
        suite::same_state_as_model(&store, &model, now, &context).await?;
    }
    Ok(())
}

proptest! {
    #![proptest_config(config(48))]

    #[test]
    fn batched_heartbeats_match_the_model(
        rules in suite::any_rules(),
        steps in proptest::collection::vec(any_step(), 1..50),
    ) {
        let factory = RedisFactory::start();
        run(compare_batches_with_model(&factory, rules, steps))?;
    }
}

fn beats_of<'a>(users: &'a [String], connection: &'a str) -> Vec<Heartbeat<'a>> {
    users
        .iter()
        .map(|user| Heartbeat {
            user,
            connection,
            namespace: "/chat",
        })
        .collect()
}

/// A batch larger than one script call takes (several `hbs` calls in one
/// pipeline): every user once, in order; the second batch reports nothing;
/// past the TTL the sweep reports each user once. A `max_users` limit inside
/// a batch is exact: the first users in the batch are admitted, the rest
/// refused.
#[test]
fn large_batches_are_exact() {
    let server = RedisServer::start();
    run(async {
        let t0 = suite::t0();
        let presence = store(
            &server,
            "large",
            PresenceConfig::new().ttl(TimeDelta::seconds(30)),
        )
        .await;
        let users: Vec<String> = (0..350).map(|i| format!("user-{i:03}")).collect();
        let results = presence
            .heartbeat_batch_at(&beats_of(&users, "c1"), t0)
            .await
            .unwrap();
        for (user, result) in users.iter().zip(&results) {
            assert_eq!(
                result.as_ref().unwrap().as_slice(),
                [PresenceEvent::CameOnline {
                    user: user.as_str().into(),
                    at: t0
                }]
            );
        }
        let t1 = t0 + TimeDelta::seconds(10);
        let results = presence
            .heartbeat_batch_at(&beats_of(&users, "c1"), t1)
            .await
            .unwrap();
        assert!(results
            .iter()
            .all(|r| r.as_ref().is_ok_and(|t| t.is_empty())));
        assert_eq!(presence.online_count().await.unwrap(), 350);
        let gone = presence
            .sweep_at(t1 + TimeDelta::seconds(30))
            .await
            .unwrap();
        assert_eq!(gone.len(), 350);
        assert!(gone.iter().all(|e| matches!(
            e,
            PresenceEvent::WentOffline { last_seen, .. } if *last_seen == t1
        )));

        let limited = store(
            &server,
            "large-limited",
            PresenceConfig::new().max_users(120),
        )
        .await;
        let results = limited
            .heartbeat_batch_at(&beats_of(&users, "c1"), t0)
            .await
            .unwrap();
        for (i, result) in results.iter().enumerate() {
            if i < 120 {
                assert_eq!(result.as_ref().map(|t| t.len()).ok(), Some(1), "{i}");
            } else {
                let kind = result.as_ref().err().map(suite::kind);
                assert_eq!(kind, Some(suite::CAPACITY), "{i}");
            }
        }
        assert_eq!(limited.online_count().await.unwrap(), 120);
    });
}

/// Batches in both clock modes: with the server's clock every event is at
/// the server's now (between the host's readings around the call); with the
/// configured clock, at exactly the clock's reading.
#[test]
fn batches_read_the_configured_time_source() {
    let server = RedisServer::start();
    run(async {
        let users: Vec<String> = (0..150).map(|i| format!("user-{i:03}")).collect();
        let presence = store(&server, "batch-clock", PresenceConfig::new()).await;
        let before = Utc::now() - TimeDelta::seconds(1);
        let results = presence
            .heartbeat_batch(&beats_of(&users, "c1"))
            .await
            .unwrap();
        let after = Utc::now() + TimeDelta::seconds(1);
        for result in &results {
            let [PresenceEvent::CameOnline { at, .. }] = result.as_ref().unwrap().as_slice() else {
                panic!("{result:?}");
            };
            assert!(before <= *at && *at <= after, "{at}");
        }

        let clock = suite::manual_clock();
        let manual = RedisPresence::builder(PresenceConfig::new().clock(clock.clone()))
            .prefix("batch-manual")
            .time_source(TimeSource::Config)
            .connect(&server.url())
            .await
            .unwrap();
        let results = manual
            .heartbeat_batch(&beats_of(&users, "c1"))
            .await
            .unwrap();
        let t0 = suite::t0();
        for (user, result) in users.iter().zip(&results) {
            assert_eq!(
                result.as_ref().unwrap().as_slice(),
                [PresenceEvent::CameOnline {
                    user: user.as_str().into(),
                    at: t0
                }]
            );
        }
        clock.advance(TimeDelta::seconds(61));
        assert_eq!(manual.sweep().await.unwrap().len(), 150);
    });
}

/// One user's record broken by someone else (a string where the hash should
/// be, or a field that is not an instant): that user's heartbeat fails with
/// a store error, alone or in a batch; the others in the batch get their
/// events, recorded and reported once.
#[test]
fn a_broken_record_fails_only_its_own_heartbeat() {
    let server = RedisServer::start();
    run(async {
        let t0 = suite::t0();
        let presence = store(&server, "broken", PresenceConfig::new()).await;
        server.cli(&["SET", "broken:user:{bad}", "not a hash"]);
        server.cli(&[
            "HSET",
            "broken:user:{odd}",
            "c:c1",
            "garbage",
            "seen",
            "x",
            "act",
            "y",
        ]);
        for user in ["bad", "odd"] {
            let err = presence
                .heartbeat_at(user, "c1", "/chat", t0)
                .await
                .unwrap_err();
            assert_eq!(suite::kind(&err), suite::STORE, "{err}");
        }
        let users: Vec<String> = ["ann", "bad", "ben", "odd", "cat"]
            .iter()
            .map(|u| (*u).to_owned())
            .collect();
        let results = presence
            .heartbeat_batch_at(&beats_of(&users, "c1"), t0)
            .await
            .unwrap();
        for (user, result) in users.iter().zip(&results) {
            if user == "bad" || user == "odd" {
                let err = result.as_ref().unwrap_err();
                assert_eq!(suite::kind(err), suite::STORE, "{err}");
                assert!(
                    err.to_string()
                        .starts_with("presence store: heartbeat failed: "),
                    "{err}"
                );
            } else {
                assert_eq!(
                    result.as_ref().map(|t| t.len()).ok(),
                    Some(1),
                    "{user}: {result:?}"
                );
            }
        }
        assert_eq!(presence.online_count().await.unwrap(), 3);
    });
}

/// The common heartbeat takes its short path only for a user's one
/// connection: with two, the heartbeat that comes after the other one's
/// expiry drops it from the record (what the in-memory tracker does; the
/// shared suite's `a_connection_seen_expired_stays_gone` checks what callers
/// see, this the record itself).
#[test]
fn a_heartbeat_drops_the_users_expired_connection_from_the_record() {
    let server = RedisServer::start();
    run(async {
        let presence = store(
            &server,
            "lingering",
            PresenceConfig::new().ttl(TimeDelta::seconds(60)),
        )
        .await;
        let t0 = suite::t0();
        for conn in ["c1", "c2"] {
            let _ = presence
                .heartbeat_at("ann", conn, "/chat", t0)
                .await
                .unwrap();
        }
        let _ = presence
            .heartbeat_at("ann", "c1", "/chat", t0 + TimeDelta::seconds(30))
            .await
            .unwrap();
        let fields = server.cli(&["HKEYS", "lingering:user:{ann}"]);
        assert!(fields.lines().any(|f| f == "c:c2"), "{fields}");
        let _ = presence
            .heartbeat_at("ann", "c1", "/chat", t0 + TimeDelta::seconds(61))
            .await
            .unwrap();
        let fields = server.cli(&["HKEYS", "lingering:user:{ann}"]);
        assert!(!fields.lines().any(|f| f == "c:c2"), "{fields}");
        assert!(fields.lines().any(|f| f == "c:c1"), "{fields}");
    });
}

/// A store on `server` with the server's clock.
async fn store(server: &RedisServer, prefix: &str, config: PresenceConfig) -> RedisPresence {
    RedisPresence::builder(config)
        .prefix(prefix)
        .timeout(Duration::from_millis(500))
        .connect(&server.url())
        .await
        .unwrap()
}

/// Checks, per user, that online periods alternate CameOnline / WentOffline
/// starting with CameOnline, that none is reported twice, and that every
/// period that started ended. The scripts read the server's clock while
/// Redis runs them one at a time, so each user's events can be put back in
/// the order they happened by their instants.
fn assert_periods_alternate(events: &[PresenceEvent]) -> usize {
    let mut per_user = BTreeMap::<String, Vec<&PresenceEvent>>::new();
    for event in events {
        per_user
            .entry(event.user().to_string())
            .or_default()
            .push(event);
    }
    let mut periods = 0;
    for (user, mut events) in per_user {
        events.retain(|e| {
            matches!(
                e,
                PresenceEvent::CameOnline { .. } | PresenceEvent::WentOffline { .. }
            )
        });
        events.sort_by_key(|e| match e {
            PresenceEvent::CameOnline { at, .. } => (*at, 0),
            PresenceEvent::WentOffline { last_seen, .. } => (*last_seen, 1),
            _ => unreachable!(),
        });
        assert!(
            events.len() % 2 == 0,
            "{user}: an unmatched edge: {events:?}"
        );
        for pair in events.chunks(2) {
            assert!(
                matches!(
                    pair,
                    [
                        PresenceEvent::CameOnline { .. },
                        PresenceEvent::WentOffline { .. }
                    ]
                ),
                "{user}: online and offline do not alternate: {pair:?}"
            );
        }
        periods += events.len() / 2;
    }
    periods
}

/// Four instances, each on its own connection, on the same 200 users:
/// heartbeats, disconnects and sweeps at once, with the server's clock and a
/// TTL short enough that periods end during the run. Afterwards every online
/// period has one CameOnline and one WentOffline across all four.
#[test]
fn four_instances_report_each_transition_once() {
    let server = RedisServer::start();
    run(async {
        let config = || {
            PresenceConfig::new()
                .ttl(TimeDelta::milliseconds(150))
                .grace(TimeDelta::milliseconds(40))
        };
        let mut stores = Vec::new();
        for _ in 0..4 {
            stores.push(store(&server, "hammer", config()).await);
        }
        let tasks: Vec<_> = stores
            .iter()
            .cloned()
            .enumerate()
            .map(|(i, store)| {
                tokio::spawn(async move {
                    let mut events = Vec::new();
                    let mut state = 0x9E37_79B9_7F4A_7C15_u64 ^ (i as u64 + 1);
                    let mut next = move |n: u64| {
                        state ^= state << 13;
                        state ^= state >> 7;
                        state ^= state << 17;
                        state % n
                    };
                    let start = Instant::now();
                    while start.elapsed() < Duration::from_secs(4) {
                        let user = format!("user-{}", next(200));
                        let conn = format!("c{}", next(3));
                        let result = match next(20) {
                            0..=11 => store.heartbeat(&user, &conn, "/chat").await,
                            12..=15 => store.disconnect(&user, &conn).await,
                            16..=18 => store.sweep().await,
                            _ => {
                                tokio::time::sleep(Duration::from_millis(next(20))).await;
                                continue;
                            }
                        };
                        events.extend(result.unwrap());
                    }
                    events
                })
            })
            .collect();
        let mut events = Vec::new();
        for task in tasks {
            events.extend(task.await.unwrap());
        }
        // Past every TTL and grace: the last sweeps report everyone offline.
        tokio::time::sleep(Duration::from_millis(400)).await;
        for store in &stores {
            events.extend(store.sweep().await.unwrap());
        }
        assert_eq!(stores[0].online_count().await.unwrap(), 0);
        let periods = assert_periods_alternate(&events);
        assert!(periods > 200, "only {periods} online periods");
    });
}

/// Redis stops mid-run: calls fail within the timeout, never hang; it comes
/// back (empty, and with an empty script cache): the same store works again
/// without being rebuilt, and the rules hold.
#[test]
fn redis_stopped_and_restarted() {
    let mut server = RedisServer::start();
    run(async {
        let presence = store(
            &server,
            "restart",
            PresenceConfig::new().ttl(TimeDelta::seconds(30)),
        )
        .await;
        let t0 = suite::t0();
        assert_eq!(
            presence
                .heartbeat_at("alice", "c1", "/chat", t0)
                .await
                .unwrap()
                .len(),
            1
        );
        server.stop();
        for _ in 0..3 {
            let start = Instant::now();
            let err = presence
                .heartbeat_at("alice", "c1", "/chat", t0)
                .await
                .unwrap_err();
            assert_eq!(suite::kind(&err), suite::STORE, "{err}");
            assert!(
                start.elapsed() < Duration::from_millis(1_500),
                "{:?}",
                start.elapsed()
            );
            let err = presence.sweep_at(t0).await.unwrap_err();
            assert_eq!(suite::kind(&err), suite::STORE);
        }
        server.restart();
        let deadline = Instant::now() + Duration::from_secs(10);
        let events = loop {
            match presence.heartbeat_at("bob", "c1", "/chat", t0).await {
                Ok(events) => break events,
                Err(err) if Instant::now() < deadline => {
                    assert_eq!(suite::kind(&err), suite::STORE);
                    tokio::time::sleep(Duration::from_millis(100)).await;
                }
                Err(err) => panic!("the store did not recover: {err}"),
            }
        };
        assert_eq!(
            events.as_slice(),
            [PresenceEvent::CameOnline {
                user: "bob".into(),
                at: t0
            }]
        );
        // The data went with the server: alice starts over, once.
        assert_eq!(
            presence
                .heartbeat_at("alice", "c1", "/chat", t0)
                .await
                .unwrap()
                .len(),
            1
        );
        assert!(presence
            .heartbeat_at("alice", "c1", "/chat", t0 + TimeDelta::seconds(1))
            .await
            .unwrap()
            .is_empty());
        assert_eq!(
            presence
                .sweep_at(t0 + TimeDelta::seconds(31))
                .await
                .unwrap()
                .len(),
            2
        );
        assert_eq!(presence.online_count().await.unwrap(), 0);
    });
}

/// A frozen Redis (it accepts connections' bytes but answers nothing): a
/// call gives up at the timeout instead of hanging (redis-rs#395).
#[test]
fn a_frozen_redis_times_out() {
    let server = RedisServer::start();
    run(async {
        let presence = RedisPresence::builder(PresenceConfig::new())
            .prefix("frozen")
            .timeout(Duration::from_millis(300))
            .connect(&server.url())
            .await
            .unwrap();
        let t0 = suite::t0();
        let _ = presence
            .heartbeat_at("alice", "c1", "/chat", t0)
            .await
            .unwrap();
        server.freeze(true);
        let start = Instant::now();
        let err = presence
            .heartbeat_at("alice", "c1", "/chat", t0)
            .await
            .unwrap_err();
        let waited = start.elapsed();
        server.freeze(false);
        assert_eq!(suite::kind(&err), suite::STORE);
        assert!(
            err.to_string().contains("did not finish within 300 ms"),
            "{err}"
        );
        assert!(
            waited >= Duration::from_millis(300) && waited < Duration::from_millis(1_000),
            "{waited:?}"
        );
    });
}

/// The functions gone (`FUNCTION FLUSH`, as after a restart without
/// persistence or a failover to a node without them): single calls,
/// pipelined batches, sweeps and reads load them again by themselves.
#[test]
fn a_missing_library_is_reloaded_in_calls_and_batches() {
    let server = RedisServer::start();
    run(async {
        let presence = store(&server, "noscript", PresenceConfig::new()).await;
        let t0 = suite::t0();
        server.cli(&["FUNCTION", "FLUSH"]);
        assert_eq!(
            presence
                .heartbeat_at("alice", "c1", "/chat", t0)
                .await
                .unwrap()
                .len(),
            1
        );
        server.cli(&["FUNCTION", "FLUSH"]);
        let beats: Vec<Heartbeat<'_>> = ["bob", "cat", "dan"]
            .iter()
            .map(|user| Heartbeat {
                user,
                connection: "c1",
                namespace: "/chat",
            })
            .collect();
        let results = presence.heartbeat_batch_at(&beats, t0).await.unwrap();
        assert!(
            results
                .iter()
                .all(|r| r.as_ref().is_ok_and(|t| t.len() == 1)),
            "{results:?}"
        );
        assert_eq!(presence.online_count().await.unwrap(), 4);
        // A batch of several calls, after another flush: each runs again
        // once the library is back; nothing is reported twice.
        server.cli(&["FUNCTION", "FLUSH"]);
        let users: Vec<String> = (0..250).map(|i| format!("user-{i:03}")).collect();
        let mut beats = beats_of(&users, "c1");
        beats.push(Heartbeat {
            user: "bob",
            connection: "c1",
            namespace: "/chat",
        });
        let results = presence.heartbeat_batch_at(&beats, t0).await.unwrap();
        assert!(
            results[..250]
                .iter()
                .all(|r| r.as_ref().is_ok_and(|t| t.len() == 1)),
            "{results:?}"
        );
        assert!(results[250].as_ref().is_ok_and(|t| t.is_empty()));
        assert_eq!(presence.online_count().await.unwrap(), 254);
        // The other calls too.
        for call in 0..5 {
            server.cli(&["FUNCTION", "FLUSH"]);
            match call {
                0 => assert!(presence.status_at("alice", t0).await.unwrap().is_online()),
                1 => assert!(presence.activity_at("alice", t0).await.unwrap().is_empty()),
                2 => assert!(presence
                    .disconnect_at("bob", "c9", t0)
                    .await
                    .unwrap()
                    .is_empty()),
                3 => assert_eq!(presence.online_users().await.unwrap().len(), 254),
                _ => assert_eq!(
                    presence
                        .sweep_at(t0 + TimeDelta::seconds(61))
                        .await
                        .unwrap()
                        .len(),
                    254
                ),
            }
        }
    });
}

/// An instance dies without disconnecting its users (dropped, as a crash
/// would leave it): the survivors report each of them offline once the TTL
/// has passed, exactly once between them.
#[test]
fn a_crashed_instance_leaves_no_ghosts() {
    let server = RedisServer::start();
    run(async {
        let config = || PresenceConfig::new().ttl(TimeDelta::milliseconds(300));
        let doomed = store(&server, "crash", config()).await;
        for i in 0..50 {
            let _ = doomed
                .heartbeat(format!("user-{i}"), format!("sid-{i}"), "/chat")
                .await
                .unwrap();
        }
        drop(doomed);
        let survivors = [
            store(&server, "crash", config()).await,
            store(&server, "crash", config()).await,
        ];
        assert_eq!(survivors[0].online_count().await.unwrap(), 50);
        tokio::time::sleep(Duration::from_millis(350)).await;
        let (a, b) = tokio::join!(survivors[0].sweep(), survivors[1].sweep());
        let mut offline: Vec<String> = a
            .unwrap()
            .into_iter()
            .chain(b.unwrap())
            .map(|e| {
                assert!(matches!(e, PresenceEvent::WentOffline { .. }), "{e:?}");
                e.user().to_string()
            })
            .collect();
        offline.sort();
        let mut expected: Vec<String> = (0..50).map(|i| format!("user-{i}")).collect();
        expected.sort();
        assert_eq!(offline, expected);
        assert_eq!(survivors[1].online_count().await.unwrap(), 0);
    });
}

/// The records carry a TTL: abandoned data goes by itself even if no
/// instance ever sweeps, and a later sweep drops the stale index entry.
#[test]
fn records_expire_by_themselves() {
    let server = RedisServer::start();
    run(async {
        let presence =
            RedisPresence::builder(PresenceConfig::new().ttl(TimeDelta::milliseconds(100)))
                .prefix("abandoned")
                .keep_unswept_for(Duration::from_millis(100))
                .connect(&server.url())
                .await
                .unwrap();
        let _ = presence.heartbeat("alice", "c1", "/chat").await.unwrap();
        let ttl: i64 = server
            .cli(&["PTTL", "abandoned:user:{alice}"])
            .trim()
            .parse()
            .unwrap();
        assert!((100..=200).contains(&ttl), "PTTL {ttl}");
        tokio::time::sleep(Duration::from_millis(300)).await;
        assert_eq!(
            server.cli(&["EXISTS", "abandoned:user:{alice}"]).trim(),
            "0"
        );
        // Not counted once its record is gone (counted until a sweep before).
        assert_eq!(presence.online_count().await.unwrap(), 0);
        assert!(presence.sweep().await.unwrap().is_empty());
        assert_eq!(presence.online_count().await.unwrap(), 0);
    });
}

/// Every key of a store on `server` under `prefix`, sorted.
fn keys_of(server: &RedisServer, prefix: &str) -> Vec<String> {
    let mut keys: Vec<String> = server
        .cli(&["KEYS", &format!("{prefix}:*")])
        .lines()
        .filter(|key| !key.is_empty())
        .map(str::to_owned)
        .collect();
    keys.sort();
    keys
}

// Regression test for: the deadline index's sorted sets never expired (PTTL
// -1), so with no sweeper left their members stayed in Redis for ever; and
// until a sweep, online_count and online_users counted users whose records
// had expired.
#[test]
fn an_abandoned_index_expires_and_is_never_counted_past_its_records() {
    let server = RedisServer::start();
    run(async {
        let presence =
            RedisPresence::builder(PresenceConfig::new().ttl(TimeDelta::milliseconds(100)))
                .prefix("gone")
                .index_shards(4)
                .keep_unswept_for(Duration::from_millis(100))
                .connect(&server.url())
                .await
                .unwrap();
        for i in 0..5 {
            let events = presence
                .heartbeat(format!("user-{i}"), "c1", "/chat")
                .await
                .unwrap();
            assert_eq!(events.len(), 1);
        }
        assert_eq!(presence.online_count().await.unwrap(), 5);
        let keys = keys_of(&server, "gone");
        assert!(keys.iter().any(|k| k.starts_with("gone:due:")), "{keys:?}");
        for key in &keys {
            let ttl: i64 = server.cli(&["PTTL", key]).trim().parse().unwrap();
            assert!((1..=300).contains(&ttl), "{key}: PTTL {ttl}");
        }
        tokio::time::sleep(Duration::from_millis(400)).await;
        // No sweep ran: the records are gone, and so is every count of them.
        assert_eq!(presence.online_count().await.unwrap(), 0);
        assert!(presence.online_users().await.unwrap().is_empty());
        assert_eq!(keys_of(&server, "gone"), Vec::<String>::new());
    });
}

// Regression test for: a user whose record expired unswept was counted
// while other users kept the index shard alive.
#[test]
fn a_gone_record_is_not_counted_while_others_keep_its_index_shard() {
    let server = RedisServer::start();
    run(async {
        let presence =
            RedisPresence::builder(PresenceConfig::new().ttl(TimeDelta::milliseconds(100)))
                .prefix("shared")
                .index_shards(1)
                .keep_unswept_for(Duration::from_millis(200))
                .connect(&server.url())
                .await
                .unwrap();
        for user in ["ann", "ben"] {
            let _ = presence.heartbeat(user, "c1", "/chat").await.unwrap();
        }
        // Ann keeps heartbeating, Ben is gone without a word.
        let start = Instant::now();
        while start.elapsed() < Duration::from_millis(700) {
            let _ = presence.heartbeat("ann", "c1", "/chat").await.unwrap();
            tokio::time::sleep(Duration::from_millis(40)).await;
        }
        assert_eq!(server.cli(&["EXISTS", "shared:user:{ben}"]).trim(), "0");
        assert_eq!(presence.online_count().await.unwrap(), 1);
        assert_eq!(presence.online_users().await.unwrap(), ["ann".into()]);
        for key in ["shared:due:{shared-0}", "shared:held:{shared-0}"] {
            let ttl: i64 = server.cli(&["PTTL", key]).trim().parse().unwrap();
            assert!(ttl > 0, "{key}: PTTL {ttl}");
        }
        // A sweep drops Ben's entries and reports nothing: his period was
        // never reported offline, and his record is gone.
        assert!(presence.sweep().await.unwrap().is_empty());
        assert_eq!(server.cli(&["ZCARD", "shared:due:{shared-0}"]).trim(), "1");
        assert_eq!(server.cli(&["ZCARD", "shared:held:{shared-0}"]).trim(), "1");
    });
}

// Regression test for: the longest `keep_unswept_for` overflowed the record
// key's TTL. The longest builder durations are accepted and work.
#[test]
fn the_longest_keep_and_timeout_work() {
    let server = RedisServer::start();
    run(async {
        let presence = RedisPresence::builder(PresenceConfig::new())
            .prefix("longest")
            .keep_unswept_for(Duration::MAX)
            .timeout(Duration::MAX)
            .connect(&server.url())
            .await
            .unwrap();
        let t0 = suite::t0();
        let events = presence
            .heartbeat_at("alice", "c1", "/chat", t0)
            .await
            .unwrap();
        assert_eq!(events.len(), 1);
        let ttl: i64 = server
            .cli(&["PTTL", "longest:user:{alice}"])
            .trim()
            .parse()
            .unwrap();
        assert!(ttl > 1 << 49, "PTTL {ttl}");
        assert_eq!(
            presence
                .sweep_at(t0 + TimeDelta::seconds(60))
                .await
                .unwrap()
                .len(),
            1
        );
    });
}

/// The key layout the docs promise: one hash per user, with the user as the
/// hash tag, and the index in shards (a deadline index and the held users,
/// in one slot per shard).
#[test]
fn keys_are_one_hash_per_user_and_sharded_indexes() {
    let server = RedisServer::start();
    run(async {
        let presence = RedisPresence::builder(PresenceConfig::new())
            .prefix("layout")
            .index_shards(8)
            .connect(&server.url())
            .await
            .unwrap();
        let t0 = Utc::now();
        for ns in ["/chat", "/social", "/orders", "/notifications"] {
            let _ = presence
                .heartbeat_at("alice", format!("sid{ns}"), ns, t0)
                .await
                .unwrap();
        }
        let keys = keys_of(&server, "layout");
        assert_eq!(keys.len(), 3, "{keys:?}");
        assert_eq!(keys[2], "layout:user:{alice}");
        assert!(keys[0].starts_with("layout:due:{layout-"), "{keys:?}");
        // The held users' shard shares the deadline index shard's hash tag.
        assert_eq!(keys[1], keys[0].replace(":due:", ":held:"), "{keys:?}");
        assert_eq!(server.cli(&["TYPE", "layout:user:{alice}"]).trim(), "hash");
        let fields = server.cli(&["HKEYS", "layout:user:{alice}"]);
        assert_eq!(
            fields.lines().filter(|f| f.starts_with("c:")).count(),
            4,
            "{fields}"
        );
        let err = RedisPresence::builder(PresenceConfig::new())
            .prefix("a{b}")
            .connect(&server.url())
            .await
            .unwrap_err();
        assert_eq!(err.kind(), ErrorKind::InvalidValue);
        let err = RedisPresence::builder(PresenceConfig::new())
            .index_shards(0)
            .connect(&server.url())
            .await
            .unwrap_err();
        assert_eq!(err.kind(), ErrorKind::InvalidValue);
    });
}

/// The server's clock by default: two instances whose hosts' clocks would
/// disagree agree, because neither reads its own.
#[test]
fn server_time_is_one_clock() {
    let server = RedisServer::start();
    run(async {
        let presence = store(&server, "clock", PresenceConfig::new()).await;
        let before = Utc::now() - TimeDelta::seconds(1);
        let events = presence.heartbeat("alice", "c1", "/chat").await.unwrap();
        let after = Utc::now() + TimeDelta::seconds(1);
        let [PresenceEvent::CameOnline { at, .. }] = events.as_slice() else {
            panic!("{events:?}");
        };
        assert!(before <= *at && *at <= after, "{at}");
        assert!(presence.status("alice").await.unwrap().is_online());
    });
}

#[cfg(feature = "redis-cluster")]
mod cluster {
    use super::*;
    use crate::redis_server::RedisCluster;

    fn shared_cluster() -> Arc<RedisCluster> {
        static SHARED: Mutex<Weak<RedisCluster>> = Mutex::new(Weak::new());
        let mut shared = SHARED.lock().unwrap();
        if let Some(cluster) = shared.upgrade() {
            return cluster;
        }
        let cluster = Arc::new(RedisCluster::start());
        *shared = Arc::downgrade(&cluster);
        cluster
    }

    /// Stores on a shared three-node cluster.
    pub struct ClusterFactory {
        cluster: Arc<RedisCluster>,
    }

    impl ClusterFactory {
        pub fn start() -> ClusterFactory {
            ClusterFactory {
                cluster: shared_cluster(),
            }
        }
    }

    impl Factory for ClusterFactory {
        type Store = RedisPresence;

        async fn make(&self, config: PresenceConfig) -> Result<RedisPresence, Error> {
            let urls = self.cluster.urls();
            let nodes: Vec<&str> = urls.iter().map(String::as_str).collect();
            RedisPresence::builder(config)
                .prefix(prefix())
                .index_shards(8)
                .time_source(TimeSource::Config)
                .connect_cluster(&nodes)
                .await
        }
    }

    crate::presence_suite!(ClusterFactory::start(), super::run);

    proptest! {
        #![proptest_config(config(16))]

        #[test]
        fn cluster_store_matches_the_model(
            rules in suite::any_rules(),
            ops in proptest::collection::vec(suite::any_op(), 1..60),
        ) {
            let factory = ClusterFactory::start();
            run(suite::compare_with_model(&factory, rules, ops))?;
        }
    }

    proptest! {
        #![proptest_config(config(12))]

        /// In a cluster a batch is one call per user (their keys are in
        /// different slots): the same results as the model.
        #[test]
        fn cluster_batches_match_the_model(
            rules in suite::any_rules(),
            steps in proptest::collection::vec(any_step(), 1..40),
        ) {
            let factory = ClusterFactory::start();
            run(compare_batches_with_model(&factory, rules, steps))?;
        }
    }

    /// A batch of many users over the three nodes: each reported once, then
    /// nothing, then each offline once.
    #[test]
    fn cluster_batches_are_exact() {
        let factory = ClusterFactory::start();
        run(async {
            let store = factory.make(PresenceConfig::new()).await.unwrap();
            let t0 = suite::t0();
            let users: Vec<String> = (0..150).map(|i| format!("user-{i:03}")).collect();
            let results = store
                .heartbeat_batch_at(&beats_of(&users, "c1"), t0)
                .await
                .unwrap();
            assert!(results
                .iter()
                .all(|r| r.as_ref().is_ok_and(|t| t.len() == 1)));
            let t1 = t0 + TimeDelta::seconds(20);
            let results = store
                .heartbeat_batch_at(&beats_of(&users, "c1"), t1)
                .await
                .unwrap();
            assert!(results
                .iter()
                .all(|r| r.as_ref().is_ok_and(|t| t.is_empty())));
            assert_eq!(store.online_count().await.unwrap(), 150);
            let gone = store.sweep_at(t1 + TimeDelta::seconds(60)).await.unwrap();
            assert_eq!(gone.len(), 150);
            assert_eq!(store.online_count().await.unwrap(), 0);
        });
    }

    // Regression test for: in a cluster, a new user's second heartbeat in one
    // batch (sent at the same time as the first) was refused as over
    // max_users once the first had made the count full.
    #[test]
    fn cluster_batch_admits_the_same_new_user_twice_under_a_full_limit() {
        let factory = ClusterFactory::start();
        run(async {
            let store = factory
                .make(PresenceConfig::new().max_users(1))
                .await
                .unwrap();
            let t0 = suite::t0();
            let beats = [
                Heartbeat {
                    user: "ann",
                    connection: "c1",
                    namespace: "/chat",
                },
                Heartbeat {
                    user: "ann",
                    connection: "c2",
                    namespace: "/chat",
                },
                Heartbeat {
                    user: "ben",
                    connection: "c1",
                    namespace: "/chat",
                },
            ];
            let results = store.heartbeat_batch_at(&beats, t0).await.unwrap();
            assert_eq!(
                results[0].as_ref().unwrap().as_slice(),
                [PresenceEvent::CameOnline {
                    user: "ann".into(),
                    at: t0
                }]
            );
            assert!(
                results[1].as_ref().is_ok_and(|t| t.is_empty()),
                "{:?}",
                results[1]
            );
            let kind = results[2].as_ref().err().map(suite::kind);
            assert_eq!(kind, Some(suite::CAPACITY));
            assert_eq!(
                store
                    .status_at("ann", t0)
                    .await
                    .unwrap()
                    .connections()
                    .len(),
                2
            );
        });
    }

    /// The functions gone from every node (as after the nodes restarted
    /// without their data): calls, batches and sweeps on each node load
    /// them there again.
    #[test]
    fn cluster_nodes_without_the_library_get_it_again() {
        let factory = ClusterFactory::start();
        run(async {
            let store = factory.make(PresenceConfig::new()).await.unwrap();
            let t0 = suite::t0();
            let users: Vec<String> = (0..60).map(|i| format!("user-{i:02}")).collect();
            let flush = || {
                for node in &factory.cluster.nodes {
                    node.cli(&["FUNCTION", "FLUSH"]);
                }
            };
            flush();
            for user in &users {
                let events = store.heartbeat_at(user, "c1", "/chat", t0).await.unwrap();
                assert_eq!(events.len(), 1, "{user}");
            }
            flush();
            let results = store
                .heartbeat_batch_at(&beats_of(&users, "c2"), t0)
                .await
                .unwrap();
            assert!(results
                .iter()
                .all(|r| r.as_ref().is_ok_and(|t| t.is_empty())));
            flush();
            assert_eq!(store.online_count().await.unwrap(), 60);
            flush();
            assert_eq!(
                store
                    .sweep_at(t0 + TimeDelta::seconds(61))
                    .await
                    .unwrap()
                    .len(),
                60
            );
        });
    }

    /// Users land in many slots, so across the three nodes.
    #[test]
    fn users_spread_over_the_nodes() {
        let factory = ClusterFactory::start();
        run(async {
            let store = factory.make(PresenceConfig::new()).await.unwrap();
            for i in 0..60 {
                let events = store
                    .heartbeat_at(format!("user-{i}"), "c", "/", suite::t0())
                    .await
                    .unwrap();
                assert_eq!(events.len(), 1);
            }
            let with_keys = factory
                .cluster
                .nodes
                .iter()
                .filter(|n| n.cli(&["DBSIZE"]).trim().parse::<u32>().unwrap() > 0)
                .count();
            assert_eq!(with_keys, 3);
            assert_eq!(store.online_count().await.unwrap(), 60);
        });
    }
}
