//! Tests: presence in memory. The behaviour suite and the reference model
//! (`tests/presence_suite/`) are shared with the Redis store's tests; this
//! file adds what only the in-memory tracker can show: a multi-threaded
//! stress test, the extremes of chrono's range, serde.

use std::future::Future;
use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::Arc;
use std::task::{Context, Poll, Waker};

use chrono::{DateTime, TimeDelta, Utc};
use proptest::prelude::*;
use tzsafe::models::presence::{
    PresenceConfig, PresenceEvent, PresenceStatus, PresenceStore, PresenceTracker,
};
use tzsafe::{Clock, Error};

use crate::suite::{self, Factory};

pub(crate) struct MemoryFactory;

impl Factory for MemoryFactory {
    type Store = PresenceTracker;

    async fn make(&self, config: PresenceConfig) -> Result<PresenceTracker, Error> {
        PresenceTracker::new(config)
    }
}

/// Drives a future of the in-memory store, which is ready on its first poll.
pub(crate) fn run<F: Future>(future: F) -> F::Output {
    let mut future = std::pin::pin!(future);
    match future
        .as_mut()
        .poll(&mut Context::from_waker(Waker::noop()))
    {
        Poll::Ready(output) => output,
        Poll::Pending => panic!("the in-memory store never waits"),
    }
}

crate::presence_suite!(MemoryFactory, run);

proptest! {
    #![proptest_config(ProptestConfig { cases: 1024, ..ProptestConfig::default() })]

    /// Random heartbeats, disconnects, activity, sweeps and clock moves (some
    /// backwards) against the reference model: the same events from every
    /// call, the same status for every user after every step.
    #[test]
    fn tracker_matches_the_model(
        rules in suite::any_rules(),
        ops in proptest::collection::vec(suite::any_op(), 1..150),
    ) {
        run(suite::compare_with_model(&MemoryFactory, rules, ops))?;
    }

    /// The same where the tracker keeps a connection's last heartbeat in
    /// full rather than as a tick (see `stamp.rs`): around the last instant
    /// a tick holds, 2262-04-11T23:47:16.854775807Z, and inside a leap
    /// second, so that connections of both kinds are held side by side and
    /// move between the record's two parts.
    #[test]
    fn tracker_matches_the_model_where_ticks_end(
        rules in suite::any_rules(),
        ops in proptest::collection::vec(suite::any_op(), 1..150),
        start in prop_oneof![
            (-12_000..2_000i64).prop_map(|ms| last_tick() + TimeDelta::milliseconds(ms)),
            (-1_500..1_000i64).prop_map(|ms| leap_second() + TimeDelta::milliseconds(ms)),
        ],
    ) {
        run(suite::compare_with_model_from(&MemoryFactory, rules, ops, start))?;
    }
}

/// The last instant an `i64` of nanoseconds since the epoch holds.
fn last_tick() -> DateTime<Utc> {
    DateTime::from_timestamp_nanos(i64::MAX)
}

/// 2016-12-31T23:59:60Z, the start of the last leap second so far.
fn leap_second() -> DateTime<Utc> {
    DateTime::from_timestamp(1_483_228_799, 1_000_000_000).unwrap()
}

/// Regression guard for the record's two parts: a first connection whose
/// heartbeat has no tick (a leap second) stays first, beside a second one,
/// and the first place goes back to the entry once a tick fits again.
#[test]
fn connections_keep_their_order_across_the_records_two_parts() {
    let tracker = PresenceTracker::new(PresenceConfig::new().ttl(TimeDelta::seconds(60))).unwrap();
    let leap = leap_second() + TimeDelta::milliseconds(500);
    let ids = |at| -> Vec<(String, String, DateTime<Utc>)> {
        let status = tracker.status_at("alice", at);
        let connections = status.connections().iter();
        connections
            .map(|c| {
                (
                    c.connection().to_owned(),
                    c.namespace().to_owned(),
                    c.last_heartbeat(),
                )
            })
            .collect()
    };
    let before = leap - TimeDelta::seconds(1);
    assert_eq!(
        tracker
            .heartbeat_at("alice", "tab-1", "/chat", before)
            .unwrap()
            .len(),
        1
    );
    assert!(tracker
        .heartbeat_at("alice", "tab-2", "/orders", before)
        .unwrap()
        .is_empty());
    // tab-1's heartbeat moves it out of the entry, still first.
    assert!(tracker
        .heartbeat_at("alice", "tab-1", "/social", leap)
        .unwrap()
        .is_empty());
    let got = ids(leap);
    assert_eq!(
        got,
        [
            ("tab-1".to_owned(), "/social".to_owned(), leap),
            ("tab-2".to_owned(), "/orders".to_owned(), before),
        ]
    );
    let after = leap + TimeDelta::seconds(2);
    assert!(tracker
        .heartbeat_at("alice", "tab-2", "/orders", after)
        .unwrap()
        .is_empty());
    // tab-1 disconnects: tab-2 is first (and back in the entry).
    assert!(tracker
        .disconnect_at("alice", "tab-1", after)
        .unwrap()
        .is_empty());
    assert_eq!(
        ids(after),
        [("tab-2".to_owned(), "/orders".to_owned(), after)]
    );
    assert!(tracker
        .heartbeat_at(
            "alice",
            "tab-3",
            "/chat",
            leap_second() + TimeDelta::seconds(3)
        )
        .unwrap()
        .is_empty());
    let events = tracker.sweep_at(after + TimeDelta::seconds(61));
    assert_eq!(
        events.as_slice(),
        [PresenceEvent::WentOffline {
            user: "alice".into(),
            last_seen: leap_second() + TimeDelta::seconds(3)
        }]
    );
    assert_eq!(tracker.online_count(), 0);
}

/// A service with an optional Redis mode keeps `Arc<dyn PresenceStore>`.
#[test]
fn the_store_trait_is_object_safe() {
    let store: Arc<dyn PresenceStore> =
        Arc::new(PresenceTracker::new(PresenceConfig::new()).unwrap());
    let t = suite::t0();
    let events = run(store.heartbeat_at("alice", "c1", "/chat", t)).unwrap();
    assert_eq!(events.len(), 1);
    assert_eq!(run(store.online_count()).unwrap(), 1);
    assert!(run(store.status_at("alice", t)).unwrap().is_online());
}

#[test]
fn tracker_is_send_and_sync() {
    fn assert_send_sync<T: Send + Sync + 'static>() {}
    assert_send_sync::<PresenceTracker>();
    assert_send_sync::<PresenceConfig>();
    assert_send_sync::<PresenceEvent>();
    assert_send_sync::<PresenceStatus>();
}

/// The extremes of chrono's range: saturating deadlines, no panic.
#[test]
fn far_instants_do_not_panic() {
    let tracker = PresenceTracker::new(
        PresenceConfig::new()
            .ttl(TimeDelta::MAX)
            .grace(TimeDelta::MAX),
    )
    .unwrap();
    let (min, max) = (DateTime::<Utc>::MIN_UTC, DateTime::<Utc>::MAX_UTC);
    let online = |at| PresenceEvent::CameOnline {
        user: "a".into(),
        at,
    };
    let offline = |last_seen| PresenceEvent::WentOffline {
        user: "a".into(),
        last_seen,
    };
    assert_eq!(
        tracker.heartbeat_at("a", "c", "/", min).unwrap().as_slice(),
        [online(min)]
    );
    // min + ttl saturates at max, where the connection is no longer live.
    assert_eq!(
        tracker.heartbeat_at("a", "c", "/", max).unwrap().as_slice(),
        [offline(min), online(max)]
    );
    let status = tracker.status_at("a", max);
    assert!(!status.is_online());
    assert_eq!(status.last_seen(), Some(max));
    assert_eq!(tracker.sweep_at(max).as_slice(), [offline(max)]);
    assert!(tracker.sweep_at(min).is_empty());
    let _ = tracker.heartbeat_at("b", "c", "/", max).unwrap();
    let _ = tracker.disconnect_at("b", "c", max).unwrap();
    assert!(tracker.activity_at("b", min).unwrap().is_empty());
    assert_eq!(tracker.online_count(), 0);
    // The smallest TTL there is.
    let tiny = PresenceTracker::new(PresenceConfig::new().ttl(TimeDelta::nanoseconds(1))).unwrap();
    let t = suite::t0();
    let _ = tiny.heartbeat_at("a", "c", "/", t).unwrap();
    assert!(tiny.status_at("a", t).is_online());
    assert_eq!(tiny.sweep_at(t + TimeDelta::nanoseconds(1)).len(), 1);
}

/// A clock that moves forward by one microsecond every time it is read, and
/// by more when told to: every reading is a different instant, in the order
/// the readings were made.
struct Ticking {
    start: DateTime<Utc>,
    nanos: AtomicI64,
}

impl Ticking {
    fn jump(&self, nanos: i64) {
        self.nanos.fetch_add(nanos, Ordering::SeqCst);
    }
}

impl Clock for Ticking {
    fn now(&self) -> DateTime<Utc> {
        self.start + TimeDelta::nanoseconds(self.nanos.fetch_add(1_000, Ordering::SeqCst))
    }
}

/// A small deterministic generator (xorshift), one per thread.
struct Rng(u64);

impl Rng {
    fn below(&mut self, n: u64) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0 % n
    }
}

/// Four threads, 240,000 operations on 64 overlapping users, with a shared
/// clock moving forward. The tracker reads its clock while the user's shard is
/// locked, so each user's calls get increasing instants in the order they were
/// processed: every event can be placed in that order by its instants
/// (`CameOnline` at its heartbeat, `WentOffline` at the period's last
/// heartbeat or disconnect, which comes before the next period's first). Then
/// per user the online events alternate `CameOnline` / `WentOffline` starting
/// with `CameOnline`, and within each online period `WentAway` / `CameBack`
/// alternate starting with `WentAway`; after a final sweep far in the future
/// every user is offline and the counts are zero.
#[test]
fn concurrent_calls_report_every_transition_once() {
    const THREADS: u64 = 4;
    const OPS: u64 = 60_000;
    const USERS: u64 = 64;
    let clock = Arc::new(Ticking {
        start: suite::t0(),
        nanos: AtomicI64::new(0),
    });
    let tracker = Arc::new(
        PresenceTracker::new(
            PresenceConfig::new()
                .ttl(TimeDelta::microseconds(120))
                .grace(TimeDelta::microseconds(30))
                .away_after(TimeDelta::microseconds(70))
                .max_connections_per_user(3)
                .clock(Arc::clone(&clock)),
        )
        .unwrap(),
    );
    let threads: Vec<_> = (0..THREADS)
        .map(|t| {
            let (tracker, clock) = (Arc::clone(&tracker), Arc::clone(&clock));
            std::thread::spawn(move || {
                let mut rng =
                    Rng(0x9E37_79B9_7F4A_7C15 ^ (t + 1).wrapping_mul(0x2545_F491_4F6C_DD1D));
                let mut events = Vec::new();
                for _ in 0..OPS {
                    let user = format!("user-{}", rng.below(USERS));
                    let conn = format!("conn-{}", rng.below(4));
                    let result = match rng.below(100) {
                        0..=49 => tracker.heartbeat(
                            &user,
                            &conn,
                            ["/chat", "/social", "/orders", "/notifications"]
                                [rng.below(4) as usize],
                        ),
                        50..=64 => tracker.disconnect(&user, &conn),
                        65..=79 => tracker.activity(&user),
                        80..=84 => Ok(tracker.sweep()),
                        85..=89 => {
                            let _ = tracker.status(&user);
                            continue;
                        }
                        _ => {
                            clock.jump(i64::try_from(rng.below(80_000)).unwrap());
                            continue;
                        }
                    };
                    match result {
                        Ok(transitions) => events.extend(transitions),
                        Err(err) => {
                            assert_eq!(crate::suite::kind(&err), crate::suite::CAPACITY, "{err}")
                        }
                    }
                }
                events
            })
        })
        .collect();
    let mut events: Vec<PresenceEvent> = threads
        .into_iter()
        .flat_map(|t| t.join().unwrap())
        .collect();
    let end = clock.now() + TimeDelta::days(1);
    events.extend(tracker.sweep_at(end));
    assert_eq!(tracker.online_count(), 0);
    assert!(tracker.online_users().is_empty());

    let mut per_user = std::collections::BTreeMap::<String, Vec<PresenceEvent>>::new();
    for event in events {
        per_user
            .entry(event.user().to_string())
            .or_default()
            .push(event);
    }
    let mut periods = 0;
    let mut aways = 0;
    for (user, mut events) in per_user {
        // (instant, rank): at equal instants a period's CameOnline comes
        // before its WentOffline, and WentAway before CameBack.
        let key = |e: &PresenceEvent| match e {
            PresenceEvent::CameOnline { at, .. } => (*at, 0),
            PresenceEvent::WentAway { at, .. } => (*at, 1),
            PresenceEvent::CameBack { at, .. } => (*at, 2),
            PresenceEvent::WentOffline { last_seen, .. } => (*last_seen, 3),
            _ => unreachable!(),
        };
        events.sort_by_key(key);
        let edges: Vec<&PresenceEvent> = events
            .iter()
            .filter(|e| {
                matches!(
                    e,
                    PresenceEvent::CameOnline { .. } | PresenceEvent::WentOffline { .. }
                )
            })
            .collect();
        assert!(edges.len().is_multiple_of(2), "{user}: {edges:?}");
        let mut starts = Vec::new();
        for pair in edges.chunks(2) {
            match pair {
                [PresenceEvent::CameOnline { at, .. }, PresenceEvent::WentOffline { last_seen, .. }] =>
                {
                    assert!(at <= last_seen, "{user}: {pair:?}");
                    starts.push(*at);
                }
                other => panic!("{user}: online and offline do not alternate: {other:?}"),
            }
        }
        periods += starts.len();
        // Away events, per online period (the periods' starts split them).
        let mut by_period = vec![Vec::new(); starts.len()];
        for e in &events {
            if let PresenceEvent::WentAway { at, .. } | PresenceEvent::CameBack { at, .. } = e {
                let period = starts.partition_point(|start| start <= at);
                assert!(period > 0, "{user}: {e:?} before any period");
                by_period[period - 1].push(e);
            }
        }
        for away in by_period {
            aways += away.len();
            for (i, e) in away.iter().enumerate() {
                let expected_away = i % 2 == 0;
                assert_eq!(
                    matches!(e, PresenceEvent::WentAway { .. }),
                    expected_away,
                    "{user}: {away:?}"
                );
            }
        }
    }
    // The mix reached every kind of transition many times.
    assert!(periods > 1_000, "{periods} online periods");
    assert!(aways > 1_000, "{aways} away events");
}

#[cfg(feature = "serde")]
mod serde {
    use super::*;

    #[test]
    fn events_have_a_tagged_json_form() {
        let at = suite::t0();
        let cases = [
            (
                PresenceEvent::CameOnline {
                    user: "alice".into(),
                    at,
                },
                r#"{"type":"came_online","user":"alice","at":"2026-12-01T09:00:00Z"}"#,
            ),
            (
                PresenceEvent::WentOffline {
                    user: "alice".into(),
                    last_seen: at,
                },
                r#"{"type":"went_offline","user":"alice","last_seen":"2026-12-01T09:00:00Z"}"#,
            ),
            (
                PresenceEvent::WentAway {
                    user: "bob".into(),
                    at: at + TimeDelta::milliseconds(1500),
                },
                r#"{"type":"went_away","user":"bob","at":"2026-12-01T09:00:01.500Z"}"#,
            ),
            (
                PresenceEvent::CameBack {
                    user: "bob".into(),
                    at,
                },
                r#"{"type":"came_back","user":"bob","at":"2026-12-01T09:00:00Z"}"#,
            ),
        ];
        for (event, json) in cases {
            assert_eq!(serde_json::to_string(&event).unwrap(), json);
            assert_eq!(serde_json::from_str::<PresenceEvent>(json).unwrap(), event);
        }
        for (bad, message) in [
            (
                r#"{"type":"came_online","user":"alice","at":"2026-12-01T09:00:00"}"#,
                "invalid timestamp \"2026-12-01T09:00:00\": expected a UTC offset",
            ),
            (
                r#"{"type":"came_online","user":"","at":"2026-12-01T09:00:00Z"}"#,
                "invalid presence event: the user id is empty",
            ),
            (
                r#"{"type":"went_offline","user":"a","at":"2026-12-01T09:00:00Z"}"#,
                "unknown field `at`",
            ),
            (
                r#"{"type":"teleported","user":"a","at":"2026-12-01T09:00:00Z"}"#,
                "unknown variant `teleported`",
            ),
        ] {
            let err = serde_json::from_str::<PresenceEvent>(bad)
                .unwrap_err()
                .to_string();
            assert!(err.starts_with(message), "{err}");
        }
    }

    #[test]
    fn status_has_a_json_form() {
        let tracker = PresenceTracker::new(PresenceConfig::new()).unwrap();
        let t = suite::t0();
        let _ = tracker.heartbeat_at("alice", "sid-1", "/chat", t).unwrap();
        let _ = tracker
            .heartbeat_at("alice", "sid-2", "/orders", t + TimeDelta::seconds(2))
            .unwrap();
        let status = tracker.status_at("alice", t + TimeDelta::seconds(3));
        let json = serde_json::to_string(&status).unwrap();
        assert_eq!(
            json,
            concat!(
                r#"{"online":true,"away":false,"online_since":"2026-12-01T09:00:00Z","last_seen":"2026-12-01T09:00:02Z","#,
                r#""connections":[{"connection":"sid-1","namespace":"/chat","last_heartbeat":"2026-12-01T09:00:00Z"},"#,
                r#"{"connection":"sid-2","namespace":"/orders","last_heartbeat":"2026-12-01T09:00:02Z"}]}"#
            )
        );
        assert_eq!(
            serde_json::from_str::<PresenceStatus>(&json).unwrap(),
            status
        );
        let unknown = tracker.status_at("bob", t);
        let json = serde_json::to_string(&unknown).unwrap();
        assert_eq!(
            json,
            r#"{"online":false,"away":false,"online_since":null,"last_seen":null,"connections":[]}"#
        );
        assert_eq!(
            serde_json::from_str::<PresenceStatus>(&json).unwrap(),
            unknown
        );
        for (bad, message) in [
            (r#"{"online":false,"away":true,"online_since":null,"last_seen":null,"connections":[]}"#, "invalid presence status: away while offline"),
            (r#"{"online":true,"away":false,"online_since":null,"last_seen":null,"connections":[]}"#, "invalid presence status: \"online_since\" must be an instant exactly when \"online\" is true"),
            (r#"{"online":true,"away":false,"online_since":"2026-12-01T09:00:00Z","last_seen":"2026-12-01T08:00:00Z","connections":[]}"#, "invalid presence status: \"last_seen\" is before \"online_since\""),
            (r#"{"online":false,"away":false,"online_since":null,"last_seen":null}"#, "missing field `connections`"),
        ] {
            let err = serde_json::from_str::<PresenceStatus>(bad).unwrap_err().to_string();
            assert!(err.starts_with(message), "{err}");
        }
    }
}
