//! Random presence calls against the in-memory tracker and the reference
//! model of the tests (`tests/presence_suite/model.rs`): rules of any size,
//! ids that are empty, long or not ASCII, instants anywhere in chrono's range
//! and clock moves in both directions.
//!
//! Checks: no panic; every call gives the model's events (or error kind), and
//! after every call each user's status and the counts are the model's; every
//! event and status survives a JSON round trip.
#![no_main]

#[path = "../../tests/presence_suite/model.rs"]
#[allow(dead_code, unreachable_pub)]
mod model;

use arbitrary::Arbitrary;
use chrono::{DateTime, TimeDelta, Utc};
use libfuzzer_sys::fuzz_target;
use tzsafe::models::presence::{PresenceConfig, PresenceEvent, PresenceStatus, PresenceTracker};

use model::{by_user, same_status};

#[derive(Arbitrary, Debug)]
enum Op {
    Heartbeat {
        user: u8,
        conn: u8,
        ns: u8,
    },
    Disconnect {
        user: u8,
        conn: u8,
    },
    Activity {
        user: u8,
    },
    Sweep,
    /// Milliseconds, either way.
    Advance(i32),
    /// Nanoseconds.
    Nudge(i16),
    /// To one of a few far instants.
    Jump(u8),
}

#[derive(Arbitrary, Debug)]
struct Input {
    ttl_ms: u32,
    ttl_extreme: bool,
    grace_ms: u16,
    away_ms: Option<u32>,
    max_users: Option<u8>,
    max_conns: Option<u8>,
    ops: Vec<Op>,
}

const USERS: [&str; 5] = [
    "ann",
    "",
    "bob",
    "ünï-cödé",
    "a-user-id-much-longer-than-twenty-four-bytes",
];
const CONNS: [&str; 4] = ["c0", "", "sid-0123456789abcdefghij", "c3"];
const NAMESPACES: [&str; 3] = ["/chat", "", "/a-namespace-name-longer-than-inline"];

fn pick<T: Copy>(items: &[T], i: u8) -> T {
    items[usize::from(i) % items.len()]
}

fn round_trips(events: &[PresenceEvent]) {
    for event in events {
        let json = serde_json::to_string(event).expect("serializes");
        assert_eq!(
            &serde_json::from_str::<PresenceEvent>(&json).expect("reads back"),
            event,
            "{json}"
        );
    }
}

fuzz_target!(|input: Input| {
    let ttl = if input.ttl_extreme {
        TimeDelta::MAX
    } else {
        // 1 ms to 100,000 s: a TTL of 0 is refused (the remainder after the floor
        // could be 0 for a multiple of 10^8).
        TimeDelta::milliseconds(i64::from((input.ttl_ms % 100_000_000).max(1)))
    };
    let rules = model::Rules {
        ttl,
        grace: TimeDelta::milliseconds(i64::from(input.grace_ms)),
        away_after: input
            .away_ms
            .map(|ms| TimeDelta::milliseconds(i64::from(ms.max(1)))),
        max_users: input.max_users.map(usize::from),
        max_connections: input.max_conns.map(usize::from),
    };
    let mut config = PresenceConfig::new().ttl(rules.ttl).grace(rules.grace);
    if let Some(away) = rules.away_after {
        config = config.away_after(away);
    }
    if let Some(max) = rules.max_users {
        config = config.max_users(max);
    }
    if let Some(max) = rules.max_connections {
        config = config.max_connections_per_user(max);
    }
    let tracker = PresenceTracker::new(config).expect("valid rules");
    let mut model = model::Model::new(rules);
    let far = [
        DateTime::<Utc>::MIN_UTC,
        DateTime::<Utc>::MAX_UTC,
        DateTime::<Utc>::MAX_UTC - TimeDelta::seconds(1),
        DateTime::UNIX_EPOCH,
        DateTime::from_timestamp(1_483_228_799, 1_500_000_000).expect("a leap second"),
    ];
    let mut now = DateTime::from_timestamp(1_800_000_000, 0).expect("valid");
    for op in input.ops.iter().take(200) {
        match *op {
            Op::Advance(ms) => {
                now = now
                    .checked_add_signed(TimeDelta::milliseconds(i64::from(ms)))
                    .unwrap_or(now)
            }
            Op::Nudge(ns) => {
                now = now
                    .checked_add_signed(TimeDelta::nanoseconds(i64::from(ns)))
                    .unwrap_or(now)
            }
            Op::Jump(i) => now = pick(&far, i),
            Op::Heartbeat { user, conn, ns } => {
                let (u, c, n) = (
                    pick(&USERS, user),
                    pick(&CONNS, conn),
                    pick(&NAMESPACES, ns),
                );
                let got = tracker.heartbeat_at(u, c, n, now).map(Vec::from);
                if let Ok(events) = &got {
                    round_trips(events);
                }
                assert_eq!(
                    got.map_err(|e| model::kind(&e)),
                    model.heartbeat(u, c, n, now),
                    "{op:?} at {now}"
                );
            }
            Op::Disconnect { user, conn } => {
                let (u, c) = (pick(&USERS, user), pick(&CONNS, conn));
                let got = tracker.disconnect_at(u, c, now).map(Vec::from);
                assert_eq!(
                    got.map_err(|e| model::kind(&e)),
                    model.disconnect(u, c, now),
                    "{op:?} at {now}"
                );
            }
            Op::Activity { user } => {
                let u = pick(&USERS, user);
                let got = tracker.activity_at(u, now).map(Vec::from);
                assert_eq!(
                    got.map_err(|e| model::kind(&e)),
                    model.activity(u, now),
                    "{op:?} at {now}"
                );
            }
            Op::Sweep => {
                let got: Vec<PresenceEvent> = tracker.sweep_at(now).into();
                round_trips(&got);
                assert_eq!(by_user(&got), by_user(&model.sweep(now)), "sweep at {now}");
            }
        }
        for user in USERS {
            let got = tracker.status_at(user, now);
            let json = serde_json::to_string(&got).expect("serializes");
            assert_eq!(
                serde_json::from_str::<PresenceStatus>(&json).expect("reads back"),
                got
            );
            assert!(
                same_status(&got, &model.status(user, now)),
                "{user} at {now}: {got:?}"
            );
        }
        assert_eq!(tracker.online_count(), model.online_users().len());
    }
});
