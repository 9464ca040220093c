//! The presence behaviour suite, written once and run against every store:
//! the in-memory `PresenceTracker` (`tests/integration/presence.rs`) and the
//! Redis store (`verify/tests/redis_presence.rs`). Each scenario is an async
//! function over [`Store`]; the in-memory store's futures are ready at once.
//!
//! Include it with `#[path = ".../tests/presence_suite/mod.rs"] mod suite;`
//! and generate the tests with [`presence_suite!`].
#![allow(dead_code, unreachable_pub)]

pub mod model;

use chrono::{DateTime, TimeDelta, TimeZone, Utc};
use proptest::prelude::*;
use tzsafe::models::presence::{
    PresenceConfig, PresenceEvent, PresenceState, PresenceStatus, PresenceStore,
};
use tzsafe::{Error, ManualClock};

// `STORE` only in the Redis tests.
#[allow(unused_imports)]
pub use self::model::{kind, CAPACITY, INVALID, STORE};

use self::model::{by_user, same_status, Model, Rules};

/// What a presence store does, as the suite sees it.
#[allow(async_fn_in_trait)]
pub trait Store {
    async fn heartbeat(
        &self,
        user: &str,
        conn: &str,
        ns: &str,
        now: DateTime<Utc>,
    ) -> Result<Vec<PresenceEvent>, Error>;
    async fn disconnect(
        &self,
        user: &str,
        conn: &str,
        now: DateTime<Utc>,
    ) -> Result<Vec<PresenceEvent>, Error>;
    async fn activity(&self, user: &str, now: DateTime<Utc>) -> Result<Vec<PresenceEvent>, Error>;
    async fn sweep(&self, now: DateTime<Utc>) -> Result<Vec<PresenceEvent>, Error>;
    async fn status(&self, user: &str, now: DateTime<Utc>) -> Result<PresenceStatus, Error>;
    async fn online_count(&self) -> Result<usize, Error>;
    /// Sorted.
    async fn online_users(&self) -> Result<Vec<String>, Error>;
}

/// Every store is driven through the public [`PresenceStore`] trait, so the
/// suite checks the trait as well as the stores.
impl<T: PresenceStore> Store for T {
    async fn heartbeat(
        &self,
        user: &str,
        conn: &str,
        ns: &str,
        now: DateTime<Utc>,
    ) -> Result<Vec<PresenceEvent>, Error> {
        PresenceStore::heartbeat_at(self, user, conn, ns, now)
            .await
            .map(Vec::from)
    }

    async fn disconnect(
        &self,
        user: &str,
        conn: &str,
        now: DateTime<Utc>,
    ) -> Result<Vec<PresenceEvent>, Error> {
        PresenceStore::disconnect_at(self, user, conn, now)
            .await
            .map(Vec::from)
    }

    async fn activity(&self, user: &str, now: DateTime<Utc>) -> Result<Vec<PresenceEvent>, Error> {
        PresenceStore::activity_at(self, user, now)
            .await
            .map(Vec::from)
    }

    async fn sweep(&self, now: DateTime<Utc>) -> Result<Vec<PresenceEvent>, Error> {
        PresenceStore::sweep_at(self, now).await.map(Vec::from)
    }

    async fn status(&self, user: &str, now: DateTime<Utc>) -> Result<PresenceStatus, Error> {
        PresenceStore::status_at(self, user, now).await
    }

    async fn online_count(&self) -> Result<usize, Error> {
        PresenceStore::online_count(self).await
    }

    async fn online_users(&self) -> Result<Vec<String>, Error> {
        let mut users: Vec<String> = PresenceStore::online_users(self)
            .await?
            .into_iter()
            .map(|u| u.into_string())
            .collect();
        users.sort();
        Ok(users)
    }
}

/// Makes a fresh, empty store with `config`.
#[allow(async_fn_in_trait)]
pub trait Factory {
    type Store: Store;
    async fn make(&self, config: PresenceConfig) -> Result<Self::Store, Error>;
}

/// Generates one `#[test]` per scenario, for the factory expression `$factory`
/// and a `$run` that drives a future to completion.
#[macro_export]
macro_rules! presence_suite {
    ($factory:expr, $run:path) => {
        $crate::presence_suite!(@tests $factory, $run;
            ttl_boundary_is_exact_to_the_nanosecond,
            one_user_many_connections_is_one_online_period,
            closing_one_tab_keeps_the_user_online,
            grace_absorbs_a_refresh,
            grace_runs_from_the_last_disconnect,
            no_grace_means_offline_at_the_disconnect,
            disconnect_with_another_live_connection_starts_no_grace,
            expiry_starts_no_grace,
            heartbeat_after_unswept_expiry_reports_both_edges,
            late_heartbeat_changes_nothing,
            a_connection_seen_expired_stays_gone,
            disconnect_of_a_connection_that_is_not_live,
            away_and_back,
            heartbeats_are_not_activity,
            offline_before_away_never_goes_away,
            activity_of_an_offline_user_changes_nothing,
            max_users_is_exact_and_changes_nothing,
            max_connections_per_user,
            empty_ids_are_refused,
            invalid_configs_are_refused,
            overlong_heartbeat_intervals_are_refused,
            the_longest_durations_end_at_chronos_last_instant,
            status_only_reads,
            namespaces_follow_the_connection,
            counts_are_exact_after_a_sweep,
            sweep_reports_once,
        );
    };
    (@tests $factory:expr, $run:path; $($name:ident),* $(,)?) => {
        $(
            #[test]
            fn $name() {
                $run($crate::suite::$name(&$factory));
            }
        )*
    };
}

pub fn t0() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 12, 1, 9, 0, 0).unwrap()
}

pub fn secs(s: i64) -> TimeDelta {
    TimeDelta::seconds(s)
}

fn at(s: i64) -> DateTime<Utc> {
    t0() + secs(s)
}

fn online(user: &str, at: DateTime<Utc>) -> PresenceEvent {
    PresenceEvent::CameOnline {
        user: user.into(),
        at,
    }
}

fn offline(user: &str, last_seen: DateTime<Utc>) -> PresenceEvent {
    PresenceEvent::WentOffline {
        user: user.into(),
        last_seen,
    }
}

fn away(user: &str, at: DateTime<Utc>) -> PresenceEvent {
    PresenceEvent::WentAway {
        user: user.into(),
        at,
    }
}

fn back(user: &str, at: DateTime<Utc>) -> PresenceEvent {
    PresenceEvent::CameBack {
        user: user.into(),
        at,
    }
}

fn config(ttl: i64) -> PresenceConfig {
    PresenceConfig::new().ttl(secs(ttl))
}

pub async fn ttl_boundary_is_exact_to_the_nanosecond<F: Factory>(f: &F) {
    let s = f.make(config(60)).await.unwrap();
    assert_eq!(
        s.heartbeat("alice", "c1", "/chat", at(0)).await.unwrap(),
        [online("alice", at(0))]
    );
    let nano = TimeDelta::nanoseconds(1);
    assert!(s.status("alice", at(60) - nano).await.unwrap().is_online());
    assert!(s.sweep(at(60) - nano).await.unwrap().is_empty());
    assert!(!s.status("alice", at(60)).await.unwrap().is_online());
    assert_eq!(s.sweep(at(60)).await.unwrap(), [offline("alice", at(0))]);
    // A heartbeat at the last live nanosecond keeps the connection live.
    let s = f.make(config(60)).await.unwrap();
    s.heartbeat("bob", "c1", "/chat", at(0)).await.unwrap();
    assert!(s
        .heartbeat("bob", "c1", "/chat", at(60) - nano)
        .await
        .unwrap()
        .is_empty());
    assert!(s.sweep(at(120) - nano - nano).await.unwrap().is_empty());
    assert_eq!(
        s.sweep(at(120) - nano).await.unwrap(),
        [offline("bob", at(60) - nano)]
    );
}

pub async fn one_user_many_connections_is_one_online_period<F: Factory>(f: &F) {
    let s = f.make(config(60)).await.unwrap();
    let mut events = Vec::new();
    for (i, ns) in ["/chat", "/social", "/orders", "/notifications"]
        .iter()
        .enumerate()
    {
        events.extend(
            s.heartbeat("alice", &format!("sid-{i}"), ns, at(i as i64))
                .await
                .unwrap(),
        );
    }
    assert_eq!(events, [online("alice", at(0))]);
    assert_eq!(s.online_count().await.unwrap(), 1);
    let status = s.status("alice", at(10)).await.unwrap();
    assert_eq!(status.connections().len(), 4);
    assert_eq!(status.online_since(), Some(at(0)));
    assert_eq!(status.last_seen(), Some(at(3)));
    assert!(s.sweep(at(62)).await.unwrap().is_empty());
    assert_eq!(s.sweep(at(63)).await.unwrap(), [offline("alice", at(3))]);
}

pub async fn closing_one_tab_keeps_the_user_online<F: Factory>(f: &F) {
    let s = f.make(config(60)).await.unwrap();
    s.heartbeat("alice", "tab-1", "/chat", at(0)).await.unwrap();
    s.heartbeat("alice", "tab-2", "/chat", at(1)).await.unwrap();
    assert!(s
        .disconnect("alice", "tab-1", at(2))
        .await
        .unwrap()
        .is_empty());
    let status = s.status("alice", at(2)).await.unwrap();
    assert!(status.is_online());
    assert_eq!(
        status
            .connections()
            .iter()
            .map(|c| c.connection())
            .collect::<Vec<_>>(),
        ["tab-2"]
    );
    assert_eq!(status.last_seen(), Some(at(2)));
    // tab-2 expires 60 s after its heartbeat; last seen is the disconnect.
    assert!(s.sweep(at(60)).await.unwrap().is_empty());
    assert_eq!(s.sweep(at(61)).await.unwrap(), [offline("alice", at(2))]);
}

pub async fn grace_absorbs_a_refresh<F: Factory>(f: &F) {
    let s = f.make(config(60).grace(secs(10))).await.unwrap();
    s.heartbeat("alice", "sid-1", "/chat", at(0)).await.unwrap();
    assert!(s
        .disconnect("alice", "sid-1", at(5))
        .await
        .unwrap()
        .is_empty());
    let status = s.status("alice", at(14)).await.unwrap();
    assert!(status.is_online() && status.connections().is_empty());
    assert!(s.sweep(at(14)).await.unwrap().is_empty());
    // Reconnect within the grace: the same period, no events.
    assert!(s
        .heartbeat("alice", "sid-2", "/chat", at(14))
        .await
        .unwrap()
        .is_empty());
    assert_eq!(
        s.status("alice", at(14)).await.unwrap().online_since(),
        Some(at(0))
    );
    assert!(s.sweep(at(73)).await.unwrap().is_empty());
    assert_eq!(s.sweep(at(74)).await.unwrap(), [offline("alice", at(14))]);
}

pub async fn grace_runs_from_the_last_disconnect<F: Factory>(f: &F) {
    let s = f.make(config(60).grace(secs(10))).await.unwrap();
    s.heartbeat("alice", "sid-1", "/chat", at(0)).await.unwrap();
    s.disconnect("alice", "sid-1", at(20)).await.unwrap();
    let nano = TimeDelta::nanoseconds(1);
    assert!(s.status("alice", at(30) - nano).await.unwrap().is_online());
    assert!(s.sweep(at(30) - nano).await.unwrap().is_empty());
    assert_eq!(s.sweep(at(30)).await.unwrap(), [offline("alice", at(20))]);
    // Too late to reconnect into the old period: a new one.
    assert_eq!(
        s.heartbeat("alice", "sid-2", "/chat", at(31))
            .await
            .unwrap(),
        [online("alice", at(31))]
    );
}

pub async fn no_grace_means_offline_at_the_disconnect<F: Factory>(f: &F) {
    let s = f.make(config(60)).await.unwrap();
    s.heartbeat("alice", "sid-1", "/chat", at(0)).await.unwrap();
    assert_eq!(
        s.disconnect("alice", "sid-1", at(7)).await.unwrap(),
        [offline("alice", at(7))]
    );
    assert_eq!(s.online_count().await.unwrap(), 0);
    assert!(s.sweep(at(100)).await.unwrap().is_empty());
    assert_eq!(
        s.heartbeat("alice", "sid-1", "/chat", at(7)).await.unwrap(),
        [online("alice", at(7))]
    );
}

pub async fn disconnect_with_another_live_connection_starts_no_grace<F: Factory>(f: &F) {
    let s = f.make(config(60).grace(secs(30))).await.unwrap();
    s.heartbeat("alice", "a", "/chat", at(0)).await.unwrap();
    s.heartbeat("alice", "b", "/chat", at(10)).await.unwrap();
    s.disconnect("alice", "a", at(20)).await.unwrap();
    // b expires at 70: no grace (b did not disconnect, a did while b was live).
    assert!(s.sweep(at(69)).await.unwrap().is_empty());
    assert_eq!(s.sweep(at(70)).await.unwrap(), [offline("alice", at(20))]);
}

pub async fn expiry_starts_no_grace<F: Factory>(f: &F) {
    let s = f.make(config(60).grace(secs(30))).await.unwrap();
    s.heartbeat("alice", "a", "/chat", at(0)).await.unwrap();
    assert_eq!(s.sweep(at(60)).await.unwrap(), [offline("alice", at(0))]);
}

pub async fn heartbeat_after_unswept_expiry_reports_both_edges<F: Factory>(f: &F) {
    let s = f.make(config(60)).await.unwrap();
    s.heartbeat("alice", "sid-1", "/chat", at(0)).await.unwrap();
    assert_eq!(s.online_count().await.unwrap(), 1);
    assert_eq!(
        s.heartbeat("alice", "sid-1", "/chat", at(100))
            .await
            .unwrap(),
        [offline("alice", at(0)), online("alice", at(100))]
    );
    assert_eq!(s.online_count().await.unwrap(), 1);
    assert_eq!(
        s.status("alice", at(100)).await.unwrap().online_since(),
        Some(at(100))
    );
    assert!(s.sweep(at(159)).await.unwrap().is_empty());
}

pub async fn late_heartbeat_changes_nothing<F: Factory>(f: &F) {
    let s = f.make(config(60)).await.unwrap();
    s.heartbeat("alice", "sid-1", "/chat", at(10))
        .await
        .unwrap();
    // Another host's clock is behind: accepted, nothing changes.
    assert!(s
        .heartbeat("alice", "sid-1", "/orders", at(5))
        .await
        .unwrap()
        .is_empty());
    let status = s.status("alice", at(11)).await.unwrap();
    assert_eq!(status.connections()[0].last_heartbeat(), at(10));
    assert_eq!(status.connections()[0].namespace(), "/chat");
    assert_eq!(status.last_seen(), Some(at(10)));
    assert_eq!(s.sweep(at(70)).await.unwrap(), [offline("alice", at(10))]);
}

// Regression test for: the Redis store's common heartbeat (reading only its
// own connection) left a user's other, expired connection in the record, so
// that a status dated before the heartbeat that passed its expiry listed it
// again, where the reference model and the in-memory tracker had dropped it
// (found by the batched model test on the cluster).
pub async fn a_connection_seen_expired_stays_gone<F: Factory>(f: &F) {
    let s = f
        .make(config(60).max_connections_per_user(2))
        .await
        .unwrap();
    s.heartbeat("ann", "c1", "/chat", at(0)).await.unwrap();
    s.heartbeat("ann", "c2", "/chat", at(0)).await.unwrap();
    // c2 stops; c1's heartbeat at 61 is the first call after c2 expired (60).
    for t in [30, 61] {
        assert!(s
            .heartbeat("ann", "c1", "/chat", at(t))
            .await
            .unwrap()
            .is_empty());
    }
    let ids = |status: &PresenceStatus| -> Vec<String> {
        status
            .connections()
            .iter()
            .map(|c| c.connection().to_owned())
            .collect()
    };
    // A call dated earlier (another host's clock) does not bring c2 back.
    assert_eq!(ids(&s.status("ann", at(59)).await.unwrap()), ["c1"]);
    assert_eq!(ids(&s.status("ann", at(62)).await.unwrap()), ["c1"]);
    // c2 no longer counts against the limit of two: c3 is admitted, c4 not.
    assert!(s
        .heartbeat("ann", "c3", "/chat", at(62))
        .await
        .unwrap()
        .is_empty());
    assert_eq!(
        kind(&s.heartbeat("ann", "c4", "/chat", at(62)).await.unwrap_err()),
        CAPACITY
    );
    // One online period throughout: the end is reported once, with c3 last.
    assert_eq!(s.sweep(at(122)).await.unwrap(), [offline("ann", at(62))]);
}

pub async fn disconnect_of_a_connection_that_is_not_live<F: Factory>(f: &F) {
    let s = f.make(config(60).grace(secs(10))).await.unwrap();
    assert!(s.disconnect("nobody", "x", at(0)).await.unwrap().is_empty());
    s.heartbeat("alice", "a", "/chat", at(0)).await.unwrap();
    s.heartbeat("alice", "b", "/chat", at(50)).await.unwrap();
    // Unknown, then expired (a expired at 60): nothing changes.
    assert!(s
        .disconnect("alice", "zzz", at(61))
        .await
        .unwrap()
        .is_empty());
    assert!(s.disconnect("alice", "a", at(61)).await.unwrap().is_empty());
    assert_eq!(
        s.status("alice", at(61)).await.unwrap().last_seen(),
        Some(at(50))
    );
    // Twice: the second changes nothing.
    assert!(s.disconnect("alice", "b", at(62)).await.unwrap().is_empty());
    assert!(s.disconnect("alice", "b", at(63)).await.unwrap().is_empty());
    assert_eq!(
        s.status("alice", at(63)).await.unwrap().last_seen(),
        Some(at(62))
    );
    // A disconnect after the grace ran out reports only the pending offline.
    assert_eq!(
        s.disconnect("alice", "b", at(80)).await.unwrap(),
        [offline("alice", at(62))]
    );
    assert_eq!(s.online_count().await.unwrap(), 0);
}

pub async fn away_and_back<F: Factory>(f: &F) {
    let s = f.make(config(3600).away_after(secs(600))).await.unwrap();
    s.heartbeat("alice", "sid", "/chat", at(0)).await.unwrap();
    s.activity("alice", at(100)).await.unwrap();
    assert_eq!(
        s.status("alice", at(699)).await.unwrap().state(),
        PresenceState::Online
    );
    assert_eq!(
        s.status("alice", at(700)).await.unwrap().state(),
        PresenceState::Away
    );
    assert_eq!(
        s.status("alice", at(3700)).await.unwrap().state(),
        PresenceState::Offline
    );
    assert!(s.sweep(at(699)).await.unwrap().is_empty());
    assert_eq!(s.sweep(at(750)).await.unwrap(), [away("alice", at(700))]);
    assert!(s.sweep(at(800)).await.unwrap().is_empty());
    assert_eq!(
        s.activity("alice", at(900)).await.unwrap(),
        [back("alice", at(900))]
    );
    assert!(!s.status("alice", at(900)).await.unwrap().is_away());
    // Reported by the activity that observes it, with when it began.
    assert_eq!(
        s.activity("alice", at(2000)).await.unwrap(),
        [away("alice", at(1500)), back("alice", at(2000))]
    );
    // Activity dated before the last one changes nothing.
    assert!(s.activity("alice", at(1999)).await.unwrap().is_empty());
}

pub async fn heartbeats_are_not_activity<F: Factory>(f: &F) {
    let s = f.make(config(3600).away_after(secs(600))).await.unwrap();
    s.heartbeat("alice", "sid", "/chat", at(0)).await.unwrap();
    // Coming online counts as activity; later heartbeats do not.
    assert!(s
        .heartbeat("alice", "sid", "/chat", at(599))
        .await
        .unwrap()
        .is_empty());
    assert_eq!(
        s.heartbeat("alice", "sid", "/chat", at(601)).await.unwrap(),
        [away("alice", at(600))]
    );
    assert!(s.status("alice", at(601)).await.unwrap().is_away());
}

pub async fn offline_before_away_never_goes_away<F: Factory>(f: &F) {
    let s = f.make(config(60).away_after(secs(60))).await.unwrap();
    s.heartbeat("alice", "sid", "/chat", at(0)).await.unwrap();
    // Away at 60 and offline at 60: offline first, never away.
    assert!(!s.status("alice", at(59)).await.unwrap().is_away());
    assert_eq!(s.sweep(at(200)).await.unwrap(), [offline("alice", at(0))]);
    // With away before offline, a late observer reports both, in order.
    let s = f.make(config(60).away_after(secs(30))).await.unwrap();
    s.heartbeat("bob", "sid", "/chat", at(0)).await.unwrap();
    assert_eq!(
        s.sweep(at(200)).await.unwrap(),
        [away("bob", at(30)), offline("bob", at(0))]
    );
}

pub async fn activity_of_an_offline_user_changes_nothing<F: Factory>(f: &F) {
    let s = f.make(config(60).away_after(secs(10))).await.unwrap();
    assert!(s.activity("nobody", at(0)).await.unwrap().is_empty());
    assert_eq!(
        s.status("nobody", at(0)).await.unwrap(),
        PresenceStatus::default()
    );
    s.heartbeat("alice", "sid", "/chat", at(0)).await.unwrap();
    // Expired unswept: the activity reports what it observes, and no more.
    assert_eq!(
        s.activity("alice", at(60)).await.unwrap(),
        [away("alice", at(10)), offline("alice", at(0))]
    );
    assert!(s.activity("alice", at(61)).await.unwrap().is_empty());
    assert_eq!(s.online_count().await.unwrap(), 0);
}

pub async fn max_users_is_exact_and_changes_nothing<F: Factory>(f: &F) {
    let s = f.make(config(60).max_users(2)).await.unwrap();
    s.heartbeat("a", "c", "/", at(0)).await.unwrap();
    s.heartbeat("b", "c", "/", at(0)).await.unwrap();
    let err = s.heartbeat("c", "c", "/", at(1)).await.unwrap_err();
    assert_eq!(kind(&err), CAPACITY);
    assert!(err.to_string().contains("max_users 2"), "{err}");
    assert_eq!(
        s.status("c", at(1)).await.unwrap(),
        PresenceStatus::default()
    );
    assert_eq!(s.online_count().await.unwrap(), 2);
    // Existing users keep heartbeating.
    assert!(s.heartbeat("a", "c2", "/", at(1)).await.unwrap().is_empty());
    // An expired user counts until reported offline...
    assert!(s.heartbeat("c", "c", "/", at(60)).await.is_err());
    // ...and reporting makes room.
    assert_eq!(s.sweep(at(60)).await.unwrap(), [offline("b", at(0))]);
    assert_eq!(
        s.heartbeat("c", "c", "/", at(60)).await.unwrap(),
        [online("c", at(60))]
    );
    // A user whose own period expired may start a new one at the limit.
    assert_eq!(
        s.heartbeat("a", "c", "/", at(200)).await.unwrap(),
        [offline("a", at(1)), online("a", at(200))]
    );
}

pub async fn max_connections_per_user<F: Factory>(f: &F) {
    let s = f
        .make(config(60).max_connections_per_user(2))
        .await
        .unwrap();
    s.heartbeat("a", "c1", "/", at(0)).await.unwrap();
    s.heartbeat("a", "c2", "/", at(10)).await.unwrap();
    let err = s.heartbeat("a", "c3", "/", at(20)).await.unwrap_err();
    assert_eq!(kind(&err), CAPACITY);
    assert_eq!(s.status("a", at(20)).await.unwrap().connections().len(), 2);
    // Heartbeats on the two live ones go on.
    assert!(s.heartbeat("a", "c1", "/", at(21)).await.is_ok());
    // A disconnect frees a place...
    s.disconnect("a", "c1", at(22)).await.unwrap();
    assert!(s.heartbeat("a", "c3", "/", at(23)).await.is_ok());
    // ...and so does an expiry once observed (c2 expires at 70).
    assert!(s.heartbeat("a", "c4", "/", at(69)).await.is_err());
    assert!(s.heartbeat("a", "c4", "/", at(70)).await.is_ok());
}

pub async fn empty_ids_are_refused<F: Factory>(f: &F) {
    let s = f.make(config(60)).await.unwrap();
    for err in [
        s.heartbeat("", "c", "/", at(0)).await.unwrap_err(),
        s.heartbeat("a", "", "/", at(0)).await.unwrap_err(),
        s.disconnect("", "c", at(0)).await.unwrap_err(),
        s.disconnect("a", "", at(0)).await.unwrap_err(),
        s.activity("", at(0)).await.unwrap_err(),
    ] {
        assert_eq!(kind(&err), INVALID, "{err}");
    }
    assert_eq!(
        s.heartbeat("a", "", "/", at(0))
            .await
            .unwrap_err()
            .to_string(),
        "invalid presence heartbeat: the connection id is empty, expected a non-empty id"
    );
    assert_eq!(s.online_count().await.unwrap(), 0);
}

pub async fn invalid_configs_are_refused<F: Factory>(f: &F) {
    let cases = [
        (
            config(0),
            "invalid presence config: ttl P0D is not positive",
        ),
        (
            config(-5),
            "invalid presence config: ttl -PT5S is not positive",
        ),
        (
            config(60).heartbeat_interval(secs(31)),
            "invalid presence config: ttl PT60S is shorter than twice the heartbeat interval PT31S",
        ),
        (
            config(60).heartbeat_interval(secs(0)),
            "invalid presence config: heartbeat interval P0D is not positive",
        ),
        (
            config(60).grace(secs(-1)),
            "invalid presence config: grace -PT1S is negative",
        ),
        (
            config(60).away_after(secs(0)),
            "invalid presence config: away_after P0D is not positive",
        ),
    ];
    for (config, start) in cases {
        let err = f.make(config).await.err().expect(start);
        assert_eq!(kind(&err), INVALID, "{err}");
        assert!(err.to_string().starts_with(start), "{err}");
    }
    // Exactly twice the interval is enough.
    assert!(f
        .make(config(60).heartbeat_interval(secs(30)))
        .await
        .is_ok());
    // A limit of 0 is a setting, not a mistake: it admits nobody.
    let s = f.make(config(60).max_users(0)).await.unwrap();
    let err = s.heartbeat("a", "c", "/", at(0)).await.unwrap_err();
    assert_eq!(kind(&err), CAPACITY);
    let s = f
        .make(config(60).max_connections_per_user(0))
        .await
        .unwrap();
    let err = s.heartbeat("a", "c", "/", at(0)).await.unwrap_err();
    assert_eq!(kind(&err), CAPACITY);
    assert_eq!(s.online_count().await.unwrap(), 0);
}

// Regression test for: a heartbeat interval so long that twice it is more
// than any `TimeDelta` was accepted with a TTL of `TimeDelta::MAX` (twice the
// interval saturated at `TimeDelta::MAX`, which the TTL is not shorter than).
pub async fn overlong_heartbeat_intervals_are_refused<F: Factory>(f: &F) {
    let max = TimeDelta::MAX;
    for interval in [max, max / 2 + TimeDelta::nanoseconds(1)] {
        let err = f
            .make(PresenceConfig::new().ttl(max).heartbeat_interval(interval))
            .await
            .err()
            .expect("refused");
        assert_eq!(kind(&err), INVALID, "{err}");
        assert_eq!(
            err.to_string(),
            format!(
                "invalid presence config: ttl {max} is shorter than twice the heartbeat interval \
                 {interval}, which is longer than any duration; a client whose heartbeat comes \
                 one interval late (a throttled background tab) would flap offline and online: \
                 expected an interval of at most {}",
                max / 2
            )
        );
    }
    // Twice the longest interval the TTL allows is still a duration.
    assert!(f
        .make(PresenceConfig::new().ttl(max).heartbeat_interval(max / 2))
        .await
        .is_ok());
}

// Regression test for: the longest durations overflowed the Redis store's
// key TTL (a TTL or grace of `TimeDelta::MAX` made every write fail). Every
// deadline stops at chrono's last instant, as `checked_add_signed` would
// have it, and nothing overflows on the way.
pub async fn the_longest_durations_end_at_chronos_last_instant<F: Factory>(f: &F) {
    let (max, end) = (TimeDelta::MAX, DateTime::<Utc>::MAX_UTC);
    let nano = TimeDelta::nanoseconds(1);
    let s = f
        .make(PresenceConfig::new().ttl(max).grace(max).away_after(max))
        .await
        .unwrap();
    assert_eq!(
        s.heartbeat("alice", "c1", "/chat", at(0)).await.unwrap(),
        [online("alice", at(0))]
    );
    let status = s.status("alice", end - nano).await.unwrap();
    assert!(status.is_online() && !status.is_away(), "{status:?}");
    assert!(s.sweep(end - nano).await.unwrap().is_empty());
    assert!(!s.status("alice", end).await.unwrap().is_online());
    // Within the grace until the last instant too.
    assert!(s.disconnect("alice", "c1", at(1)).await.unwrap().is_empty());
    assert!(s.status("alice", end - nano).await.unwrap().is_online());
    assert_eq!(s.online_count().await.unwrap(), 1);
    assert_eq!(s.sweep(end).await.unwrap(), [offline("alice", at(1))]);
    assert_eq!(s.online_count().await.unwrap(), 0);
}

pub async fn status_only_reads<F: Factory>(f: &F) {
    let s = f.make(config(60).away_after(secs(30))).await.unwrap();
    s.heartbeat("alice", "sid", "/chat", at(0)).await.unwrap();
    for _ in 0..3 {
        let status = s.status("alice", at(45)).await.unwrap();
        assert!(status.is_online() && status.is_away());
        let status = s.status("alice", at(70)).await.unwrap();
        assert!(!status.is_online() && !status.is_away());
        assert_eq!(status.last_seen(), Some(at(0)));
        assert_eq!(status.online_since(), None);
    }
    assert_eq!(
        s.sweep(at(70)).await.unwrap(),
        [away("alice", at(30)), offline("alice", at(0))]
    );
}

pub async fn namespaces_follow_the_connection<F: Factory>(f: &F) {
    let s = f.make(config(60)).await.unwrap();
    s.heartbeat("alice", "sid-1", "/chat", at(0)).await.unwrap();
    s.heartbeat("bob", "sid-2", "/chat", at(0)).await.unwrap();
    s.heartbeat("alice", "sid-3", "/orders", at(1))
        .await
        .unwrap();
    // A connection's newer heartbeat names its namespace now.
    s.heartbeat("alice", "sid-1", "/social", at(2))
        .await
        .unwrap();
    let status = s.status("alice", at(3)).await.unwrap();
    let mut seen: Vec<_> = status
        .connections()
        .iter()
        .map(|c| (c.connection().to_owned(), c.namespace().to_owned()))
        .collect();
    seen.sort();
    assert_eq!(
        seen,
        [
            ("sid-1".to_owned(), "/social".to_owned()),
            ("sid-3".to_owned(), "/orders".to_owned())
        ]
    );
    assert_eq!(
        s.status("bob", at(3)).await.unwrap().connections()[0].namespace(),
        "/chat"
    );
}

pub async fn counts_are_exact_after_a_sweep<F: Factory>(f: &F) {
    let s = f.make(config(60)).await.unwrap();
    for (i, user) in ["u1", "u2", "u3", "u4"].iter().enumerate() {
        s.heartbeat(user, "c", "/", at(10 * i as i64))
            .await
            .unwrap();
    }
    assert_eq!(s.online_count().await.unwrap(), 4);
    s.sweep(at(75)).await.unwrap();
    assert_eq!(s.online_count().await.unwrap(), 2);
    assert_eq!(s.online_users().await.unwrap(), ["u3", "u4"]);
}

pub async fn sweep_reports_once<F: Factory>(f: &F) {
    let s = f.make(config(60)).await.unwrap();
    for i in 0..50 {
        s.heartbeat(&format!("user-{i}"), "c", "/", at(i))
            .await
            .unwrap();
    }
    let mut first = s.sweep(at(85)).await.unwrap();
    first.sort_by(|a, b| a.user().cmp(b.user()));
    assert_eq!(first.len(), 26);
    assert!(s.sweep(at(85)).await.unwrap().is_empty());
    assert_eq!(s.sweep(at(500)).await.unwrap().len(), 24);
    assert_eq!(s.online_count().await.unwrap(), 0);
}

// ---------------------------------------------------------------------------
// The reference model, driven by random operations.

/// One call of a random sequence.
#[derive(Clone, Debug)]
pub enum Op {
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
    Status {
        user: u8,
    },
    /// Moves the clock, in milliseconds (sometimes back: other hosts).
    Advance(i64),
}

const USERS: [&str; 4] = ["ann", "ben", "cat", "dan"];
const CONNS: [&str; 4] = ["c0", "c1", "c2", "c3"];
const NAMESPACES: [&str; 3] = ["/chat", "/social", "/orders"];

pub fn any_op() -> impl Strategy<Value = Op> {
    prop_oneof![
        6 => (0..4u8, 0..4u8, 0..3u8).prop_map(|(user, conn, ns)| Op::Heartbeat { user, conn, ns }),
        2 => (0..4u8, 0..4u8).prop_map(|(user, conn)| Op::Disconnect { user, conn }),
        2 => (0..4u8).prop_map(|user| Op::Activity { user }),
        2 => Just(Op::Sweep),
        1 => (0..4u8).prop_map(|user| Op::Status { user }),
        4 => prop_oneof![
            8 => 0..4_000i64,
            1 => 4_000..15_000i64,
            1 => -2_000..0i64,
        ].prop_map(Op::Advance),
    ]
}

/// Rules small enough that every edge is reached in a few dozen steps:
/// TTLs, graces and away times of a few seconds, limits of 2 or 3.
pub fn any_rules() -> impl Strategy<Value = Rules> {
    (
        1_000..6_000i64,
        prop_oneof![Just(0i64), 1..4_000i64],
        proptest::option::of(1_000..8_000i64),
        proptest::option::of(prop_oneof![1 => Just(0usize), 6 => 2..4usize]),
        proptest::option::of(prop_oneof![1 => Just(0usize), 6 => 1..4usize]),
    )
        .prop_map(|(ttl, grace, away, max_users, max_conns)| Rules {
            ttl: TimeDelta::milliseconds(ttl),
            grace: TimeDelta::milliseconds(grace),
            away_after: away.map(TimeDelta::milliseconds),
            max_users,
            max_connections: max_conns,
        })
}

pub fn config_of(rules: &Rules) -> PresenceConfig {
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
    config
}

/// Runs `ops` on a fresh store and on the model; the first difference fails.
pub async fn compare_with_model<F: Factory>(
    f: &F,
    rules: Rules,
    ops: Vec<Op>,
) -> Result<(), TestCaseError> {
    compare_with_model_from(f, rules, ops, t0()).await
}

/// [`compare_with_model`] with the clock starting at `start`.
pub async fn compare_with_model_from<F: Factory>(
    f: &F,
    rules: Rules,
    ops: Vec<Op>,
    start: DateTime<Utc>,
) -> Result<(), TestCaseError> {
    let store = f
        .make(config_of(&rules))
        .await
        .map_err(|e| TestCaseError::fail(e.to_string()))?;
    let mut model = Model::new(rules);
    let mut now = start;
    for (step, op) in ops.iter().enumerate() {
        if let Op::Advance(ms) = *op {
            now += TimeDelta::milliseconds(ms);
        }
        let context = || format!("step {step}: {op:?} at {now}");
        apply_op(&store, &mut model, op, now, &context).await?;
        same_state_as_model(&store, &model, now, &context).await?;
    }
    Ok(())
}

/// Runs `op` at `now` on the store and on the model: their answers must be
/// the same (`Advance` only moves the caller's `now`).
pub async fn apply_op<S: Store>(
    store: &S,
    model: &mut Model,
    op: &Op,
    now: DateTime<Utc>,
    context: &impl Fn() -> String,
) -> Result<(), TestCaseError> {
    match *op {
        Op::Advance(_) => {}
        Op::Heartbeat { user, conn, ns } => {
            let (u, c, n) = (
                USERS[user as usize],
                CONNS[conn as usize],
                NAMESPACES[ns as usize],
            );
            let got = store.heartbeat(u, c, n, now).await.map_err(|e| kind(&e));
            prop_assert_eq!(got, model.heartbeat(u, c, n, now), "{}", context());
        }
        Op::Disconnect { user, conn } => {
            let (u, c) = (USERS[user as usize], CONNS[conn as usize]);
            let got = store.disconnect(u, c, now).await.map_err(|e| kind(&e));
            prop_assert_eq!(got, model.disconnect(u, c, now), "{}", context());
        }
        Op::Activity { user } => {
            let u = USERS[user as usize];
            let got = store.activity(u, now).await.map_err(|e| kind(&e));
            prop_assert_eq!(got, model.activity(u, now), "{}", context());
        }
        Op::Sweep => {
            let got = store
                .sweep(now)
                .await
                .map_err(|e| TestCaseError::fail(e.to_string()))?;
            prop_assert_eq!(by_user(&got), by_user(&model.sweep(now)), "{}", context());
            prop_assert_eq!(
                store.online_users().await.unwrap(),
                model.online_users(),
                "{}",
                context()
            );
        }
        Op::Status { .. } => {}
    }
    Ok(())
}

/// Every user's status, and the online count, are the model's at `now`.
pub async fn same_state_as_model<S: Store>(
    store: &S,
    model: &Model,
    now: DateTime<Utc>,
    context: &impl Fn() -> String,
) -> Result<(), TestCaseError> {
    for user in USERS {
        let got = store
            .status(user, now)
            .await
            .map_err(|e| TestCaseError::fail(e.to_string()))?;
        let expected = model.status(user, now);
        prop_assert!(
            same_status(&got, &expected),
            "{}: {user}: {got:?} vs model {expected:?}",
            context()
        );
    }
    prop_assert_eq!(
        store.online_count().await.unwrap(),
        model.online_users().len(),
        "{}",
        context()
    );
    Ok(())
}

/// A manual clock for stores that read one, starting at [`t0`].
pub fn manual_clock() -> ManualClock {
    ManualClock::new(t0())
}
