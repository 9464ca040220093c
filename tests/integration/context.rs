//! The `TimezoneAware` context and its guard: nesting, out-of-order drops,
//! panics, threads, clocks.

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::{Arc, Barrier};

use chrono::{DateTime, NaiveDate, TimeDelta, TimeZone, Utc};
use tzsafe::{
    is_future_datetime, is_past_datetime, safe_cmp, utcnow_aware, Clock, Disambiguation, ErrorKind,
    FixedClock, ManualClock, NaivePolicy, OffsetClock, SystemClock, TimezoneAware, Zone,
};

fn at(year: i32, month: u32, day: u32, hour: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(year, month, day, hour, 0, 0).unwrap()
}

fn zone(name: &str) -> Zone {
    name.parse().unwrap()
}

fn ambient_zone() -> String {
    TimezoneAware::current().get_default_tz().to_string()
}

#[test]
fn default_context() {
    let ctx = TimezoneAware::current();
    assert_eq!(ctx.get_default_tz(), Zone::UTC);
    assert_eq!(ctx.get_disambiguation(), Disambiguation::Compatible);
    assert_eq!(ctx.get_naive_policy(), NaivePolicy::AssumeDefaultZone);
    let before = Utc::now();
    let now = utcnow_aware();
    assert!(before <= now && now <= Utc::now());
}

#[test]
fn guards_nest_and_unwind_in_order() {
    let a = TimezoneAware::new()
        .default_tz(zone("Europe/Paris"))
        .enter();
    assert_eq!(ambient_zone(), "Europe/Paris");
    {
        let _b = TimezoneAware::new().default_tz(zone("Asia/Tokyo")).enter();
        assert_eq!(ambient_zone(), "Asia/Tokyo");
        {
            let _c = TimezoneAware::new().default_tz(zone("+05:30")).enter();
            assert_eq!(ambient_zone(), "+05:30");
        }
        assert_eq!(ambient_zone(), "Asia/Tokyo");
    }
    assert_eq!(ambient_zone(), "Europe/Paris");
    drop(a);
    assert_eq!(ambient_zone(), "UTC");
}

/// Dropping a guard removes exactly its own context: the most recently entered
/// guard that is still alive stays ambient, and nothing dropped comes back.
#[test]
fn out_of_order_drops() {
    let a = TimezoneAware::new()
        .default_tz(zone("Europe/Paris"))
        .enter();
    let b = TimezoneAware::new().default_tz(zone("Asia/Tokyo")).enter();
    let c = TimezoneAware::new()
        .default_tz(zone("America/Chicago"))
        .enter();
    drop(b); // middle first: the innermost is unaffected
    assert_eq!(ambient_zone(), "America/Chicago");
    drop(c); // now the outermost is the only one left; Tokyo does not come back
    assert_eq!(ambient_zone(), "Europe/Paris");
    let d = TimezoneAware::new()
        .default_tz(zone("Pacific/Apia"))
        .enter();
    drop(a); // outermost first
    assert_eq!(ambient_zone(), "Pacific/Apia");
    drop(d);
    assert_eq!(ambient_zone(), "UTC");
}

#[test]
fn panics_unwind_through_guards() {
    let outer = TimezoneAware::new()
        .default_tz(zone("Europe/Paris"))
        .enter();
    let result = catch_unwind(AssertUnwindSafe(|| {
        let _inner = TimezoneAware::new().default_tz(zone("Asia/Tokyo")).enter();
        TimezoneAware::new()
            .default_tz(zone("America/Chicago"))
            .scope(|| {
                assert_eq!(ambient_zone(), "America/Chicago");
                panic!("boom");
            })
    }));
    assert!(result.is_err());
    assert_eq!(ambient_zone(), "Europe/Paris");
    drop(outer);
    assert_eq!(ambient_zone(), "UTC");
}

#[test]
fn leaked_guard_stays_until_thread_exit() {
    std::thread::spawn(|| {
        std::mem::forget(TimezoneAware::new().default_tz(zone("Asia/Tokyo")).enter());
        assert_eq!(ambient_zone(), "Asia/Tokyo");
    })
    .join()
    .unwrap();
    // Other threads never saw it.
    assert_eq!(ambient_zone(), "UTC");
}

/// Many threads hold different guards at the same time; each sees only its own.
#[test]
fn guards_are_per_thread() {
    let names = [
        "America/New_York",
        "Europe/Dublin",
        "Asia/Kolkata",
        "Australia/Lord_Howe",
        "Pacific/Chatham",
        "America/Sao_Paulo",
    ];
    let barrier = Arc::new(Barrier::new(names.len()));
    let handles: Vec<_> = names
        .iter()
        .enumerate()
        .map(|(i, name)| {
            let barrier = Arc::clone(&barrier);
            let name = name.to_string();
            std::thread::spawn(move || {
                let frozen = at(2026, 1, 1, i as u32);
                let _guard = TimezoneAware::new()
                    .default_tz(zone(&name))
                    .frozen_at(frozen)
                    .enter();
                barrier.wait();
                for _ in 0..1000 {
                    assert_eq!(ambient_zone(), name);
                    assert_eq!(utcnow_aware(), frozen);
                }
                barrier.wait();
            })
        })
        .collect();
    for handle in handles {
        handle.join().unwrap();
    }
    assert_eq!(ambient_zone(), "UTC");
}

#[test]
fn spawned_threads_do_not_inherit_but_can_be_handed_the_context() {
    let frozen = at(2030, 6, 1, 0);
    let _guard = TimezoneAware::new().frozen_at(frozen).enter();
    let ctx = TimezoneAware::current();
    let (inherited, handed) = std::thread::spawn(move || {
        let inherited = utcnow_aware();
        let handed = ctx.scope(utcnow_aware);
        (inherited, handed)
    })
    .join()
    .unwrap();
    assert_ne!(inherited, frozen);
    assert_eq!(handed, frozen);
}

#[test]
fn frozen_time_moves_for_every_clone() {
    let start = at(2026, 11, 1, 5);
    let ctx = TimezoneAware::new().frozen_at(start);
    let guard = ctx.enter();
    assert_eq!(utcnow_aware(), start);
    assert_eq!(
        guard.advance(TimeDelta::minutes(90)).unwrap(),
        start + TimeDelta::minutes(90)
    );
    assert_eq!(utcnow_aware(), start + TimeDelta::minutes(90));
    // The clone handed to another thread sees the move too.
    let handed = TimezoneAware::current();
    guard.set(at(2027, 1, 1, 0)).unwrap();
    assert_eq!(
        std::thread::spawn(move || handed.now()).join().unwrap(),
        at(2027, 1, 1, 0)
    );
    ctx.advance(TimeDelta::days(-1)).unwrap();
    assert_eq!(utcnow_aware(), at(2026, 12, 31, 0));
    assert!(ctx
        .manual_clock()
        .unwrap()
        .same_clock(TimezoneAware::current().manual_clock().unwrap()));
}

#[test]
fn only_frozen_clocks_move() {
    let guard = TimezoneAware::new().enter();
    let err = guard.advance(TimeDelta::hours(1)).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Clock);
    assert_eq!(
        err.to_string(),
        "cannot move the clock: the guarded context's clock is not frozen (use frozen_at or ManualClock)"
    );
    let err = TimezoneAware::new()
        .clock(FixedClock::new(at(2026, 1, 1, 0)))
        .set(at(2027, 1, 1, 0))
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Clock);
    assert_eq!(
        err.to_string(),
        "cannot move FixedClock(2026-01-01T00:00:00Z): only a frozen clock (frozen_at or ManualClock) can be moved"
    );
}

// Regression test for: `guard.advance(1s)` at `DateTime::MAX_UTC` returned
// `Ok(MAX)` with no sign that the clock saturated.
#[test]
fn moving_a_frozen_clock_past_chrono_limits_is_an_error() {
    let max = DateTime::<Utc>::MAX_UTC;
    let ctx = TimezoneAware::new().frozen_at(max);
    let guard = ctx.enter();
    let err = guard.advance(TimeDelta::seconds(1)).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::OutOfRange);
    assert_eq!(
        err.to_string(),
        "cannot move the frozen clock from +262142-12-31T23:59:59.999999999Z by PT1S: \
         the result is outside the range of representable instants"
    );
    // The clock did not move, and moving back still works.
    assert_eq!(utcnow_aware(), max);
    assert_eq!(
        ctx.advance(-TimeDelta::nanoseconds(1)).unwrap(),
        max - TimeDelta::nanoseconds(1)
    );
    let min = DateTime::<Utc>::MIN_UTC;
    ctx.set(min).unwrap();
    let err = ctx.advance(-TimeDelta::days(1)).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::OutOfRange);
    assert_eq!(utcnow_aware(), min);
    // `ManualClock::advance` itself is infallible and saturates, as documented.
    assert_eq!(
        ctx.manual_clock().unwrap().advance(-TimeDelta::days(1)),
        min
    );
}

#[test]
fn every_clock_kind() {
    let fixed = at(2026, 1, 1, 0);
    assert_eq!(
        TimezoneAware::new().clock(FixedClock::new(fixed)).now(),
        fixed
    );
    let manual = ManualClock::new(fixed);
    let ctx = TimezoneAware::new().clock(manual.clone());
    manual.advance(TimeDelta::seconds(1));
    assert_eq!(ctx.now(), fixed + TimeDelta::seconds(1));
    let ahead = TimezoneAware::new()
        .clock(OffsetClock::new(TimeDelta::days(365)))
        .now()
        - Utc::now();
    assert!(ahead > TimeDelta::days(364) && ahead <= TimeDelta::days(365));
    let system = TimezoneAware::new().clock(SystemClock).now();
    assert!((system - Utc::now()).num_seconds().abs() < 5);
    let shared: Arc<dyn Clock> = Arc::new(FixedClock::new(fixed));
    assert_eq!(TimezoneAware::new().clock(shared).now(), fixed);
}

/// A user clock may itself read the ambient context or enter guards without
/// deadlocking or panicking.
#[test]
fn reentrant_custom_clock() {
    struct Nested;
    impl Clock for Nested {
        fn now(&self) -> DateTime<Utc> {
            let inner =
                TimezoneAware::new().frozen_at(Utc.with_ymd_and_hms(2001, 1, 1, 0, 0, 0).unwrap());
            let _g = inner.enter();
            utcnow_aware() + TimeDelta::days(1)
        }
    }
    let _guard = TimezoneAware::new().clock(Nested).enter();
    assert_eq!(utcnow_aware(), at(2001, 1, 2, 0));
    assert_eq!(ambient_zone(), "UTC");
}

#[test]
fn reject_naive_applies_to_ambient_operations() {
    let naive = NaiveDate::from_ymd_opt(2026, 1, 1)
        .unwrap()
        .and_hms_opt(0, 0, 0)
        .unwrap();
    let _guard = TimezoneAware::new().reject_naive().enter();
    let err = is_past_datetime(naive).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::NaiveRejected);
    assert_eq!(
        err.to_string(),
        "naive datetime 2026-01-01T00:00:00 has no UTC offset, and the current context refuses naive values: expected a value with an offset"
    );
    assert_eq!(
        is_future_datetime(naive).unwrap_err().kind(),
        ErrorKind::NaiveRejected
    );
    assert_eq!(
        safe_cmp(naive, at(2026, 1, 1, 0)).unwrap_err().kind(),
        ErrorKind::NaiveRejected
    );
    // Aware values are fine.
    assert!(is_past_datetime(at(2000, 1, 1, 0)).unwrap());
    // An explicit zone argument is an explicit decision.
    assert!(tzsafe::ensure_timezone_aware(naive, &Utc).is_ok());
}

#[test]
fn context_methods_match_free_functions() {
    let ctx = TimezoneAware::new()
        .default_tz(zone("America/New_York"))
        .frozen_at(at(2026, 11, 26, 20)); // 15:00 in New York
    let three_pm = NaiveDate::from_ymd_opt(2026, 11, 26)
        .unwrap()
        .and_hms_opt(15, 0, 0)
        .unwrap();
    assert!(!ctx.is_past(three_pm).unwrap());
    assert!(!ctx.is_future(three_pm).unwrap());
    assert!(ctx.is_past(three_pm - TimeDelta::nanoseconds(1)).unwrap());
    assert!(ctx.is_future(three_pm + TimeDelta::nanoseconds(1)).unwrap());
    let _guard = ctx.enter();
    assert!(!is_past_datetime(three_pm).unwrap());
    assert!(!is_future_datetime(three_pm).unwrap());
    assert!(is_future_datetime(three_pm + TimeDelta::nanoseconds(1)).unwrap());
}

#[test]
fn public_types_are_send_and_sync() {
    fn assert_send_sync<T: Send + Sync + 'static>() {}
    assert_send_sync::<TimezoneAware>();
    assert_send_sync::<tzsafe::Error>();
    assert_send_sync::<tzsafe::MaybeAware>();
    assert_send_sync::<Zone>();
    assert_send_sync::<ManualClock>();
    assert_send_sync::<tzsafe::Resolved>();
}

/// Regression test for: review finding — a guard's context was dropped while
/// the guard stack was still borrowed, so a clock whose `Drop` enters a guard
/// silently got one that did nothing.
#[test]
fn a_clock_dropped_with_its_guard_may_use_tzsafe() {
    use std::sync::atomic::{AtomicBool, Ordering as AtomicOrdering};
    struct EntersOnDrop(Arc<AtomicBool>);
    impl Clock for EntersOnDrop {
        fn now(&self) -> DateTime<Utc> {
            DateTime::UNIX_EPOCH
        }
    }
    impl Drop for EntersOnDrop {
        fn drop(&mut self) {
            let _guard = TimezoneAware::new().default_tz(zone("Asia/Tokyo")).enter();
            self.0
                .store(ambient_zone() == "Asia/Tokyo", AtomicOrdering::SeqCst);
        }
    }
    let entered = Arc::new(AtomicBool::new(false));
    let guard = TimezoneAware::new()
        .clock(EntersOnDrop(Arc::clone(&entered)))
        .enter();
    assert_eq!(utcnow_aware(), DateTime::UNIX_EPOCH);
    drop(guard); // drops the last handle to the clock
    assert!(entered.load(AtomicOrdering::SeqCst));
    assert_eq!(ambient_zone(), "UTC");
}
