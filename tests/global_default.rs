//! `set_global_default`: the process-wide ambient context. Its own test binary
//! because it is set once per process; one `#[test]` so that the steps run in
//! order (before, set, after) without racing other tests for the global.
#![allow(clippy::unwrap_used, clippy::arithmetic_side_effects)]

use std::thread;

use chrono::{DateTime, NaiveDate, NaiveDateTime, TimeDelta, TimeZone, Utc};
use tzsafe::{
    ensure_timezone_aware, is_past_datetime, safe_cmp, set_global_default, utcnow_aware,
    Disambiguation, ErrorKind, NaivePolicy, TimezoneAware, Zone,
};

fn wall(y: i32, m: u32, d: u32, h: u32, min: u32) -> NaiveDateTime {
    NaiveDate::from_ymd_opt(y, m, d)
        .unwrap()
        .and_hms_opt(h, min, 0)
        .unwrap()
}

fn frozen() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 26, 20, 0, 0).unwrap() // 15:00 in New York
}

/// What a thread with no guard sees: zone, policy and "now".
fn unguarded_view() -> (Zone, Disambiguation, DateTime<Utc>) {
    thread::spawn(|| {
        let ctx = TimezoneAware::current();
        (
            ctx.get_default_tz(),
            ctx.get_disambiguation(),
            utcnow_aware(),
        )
    })
    .join()
    .unwrap()
}

#[test]
fn lookup_order_guard_then_global_then_built_in() {
    let new_york: Zone = "America/New_York".parse().unwrap();
    let paris: Zone = "Europe/Paris".parse().unwrap();

    // 1. Before: the built-in default (UTC, Compatible, the system clock).
    let before = Utc::now();
    let (zone, policy, now) = unguarded_view();
    assert_eq!((zone, policy), (Zone::UTC, Disambiguation::Compatible));
    assert!(
        now >= before && now - before < TimeDelta::minutes(5),
        "{now}"
    );
    // A guard beats the built-in default.
    TimezoneAware::new().default_tz(paris).scope(|| {
        assert_eq!(TimezoneAware::current().get_default_tz(), paris);
    });

    // 2. Set it: once.
    let global = TimezoneAware::new()
        .default_tz(new_york)
        .disambiguation(Disambiguation::Reject)
        .frozen_at(frozen());
    set_global_default(global.clone()).unwrap();
    let err = set_global_default(TimezoneAware::new().default_tz(paris)).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::AlreadySet);
    assert_eq!(
        err.to_string(),
        "the global default context is already set: set_global_default is called once, at start-up (enter a guard or use scope_future to override it)"
    );

    // 3. Every thread without a guard now uses the global default, the one
    //    first set, including this one and threads started before.
    assert_eq!(
        unguarded_view(),
        (new_york, Disambiguation::Reject, frozen())
    );
    assert_eq!(utcnow_aware(), frozen());
    assert_eq!(TimezoneAware::current().get_default_tz(), new_york);
    assert_eq!(
        TimezoneAware::current().get_naive_policy(),
        NaivePolicy::AssumeDefaultZone
    );
    // Naive values are read as New York wall time: 14:59 EST is before 15:00.
    assert!(is_past_datetime(wall(2026, 11, 26, 14, 59)).unwrap());
    assert!(!is_past_datetime(wall(2026, 11, 26, 15, 1)).unwrap());
    assert!(safe_cmp(wall(2026, 11, 26, 15, 0), frozen())
        .unwrap()
        .is_eq());
    // ... under its policy: Reject refuses a wall time in the spring gap, also
    // when the zone is passed explicitly (the policy is the context's).
    let gap = wall(2026, 3, 8, 2, 30);
    assert_eq!(
        ensure_timezone_aware(gap, &new_york).unwrap_err().kind(),
        ErrorKind::Nonexistent
    );

    // A guard beats the global default, on its thread only, and only while alive.
    let guard = TimezoneAware::new().default_tz(paris).enter();
    assert_eq!(TimezoneAware::current().get_default_tz(), paris);
    assert_ne!(utcnow_aware(), frozen()); // the guard's (system) clock
    assert_eq!(unguarded_view().0, new_york);
    drop(guard);
    assert_eq!(TimezoneAware::current().get_default_tz(), new_york);
    assert_eq!(utcnow_aware(), frozen());

    // The global clock is shared: moving it (through any clone) moves "now" for
    // every thread.
    global.advance(TimeDelta::hours(1)).unwrap();
    assert_eq!(unguarded_view().2, frozen() + TimeDelta::hours(1));
    assert_eq!(utcnow_aware(), frozen() + TimeDelta::hours(1));

    // The serde module `ambient` reads the global default too: what a
    // framework's extractor sees with no guard of the user's.
    #[cfg(feature = "serde")]
    {
        #[derive(serde::Deserialize)]
        struct Row {
            #[serde(with = "tzsafe::serde::ambient")]
            expires_at: DateTime<Utc>,
        }
        let row: Row =
            thread::spawn(|| serde_json::from_str(r#"{"expires_at":"2026-07-01T12:00:00"}"#))
                .join()
                .unwrap()
                .unwrap();
        assert_eq!(
            row.expires_at,
            Utc.with_ymd_and_hms(2026, 7, 1, 16, 0, 0).unwrap()
        );
    }
}
