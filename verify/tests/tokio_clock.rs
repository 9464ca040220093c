#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]
#![cfg(feature = "tokio")]
//! `TokioClock` against tokio's own clock: on a paused current-thread runtime
//! "now" moves exactly as far as `tokio::time::advance` and skipped sleeps
//! move tokio's time, and nothing else moves it, which reaches the context's
//! free functions, presence TTLs and discount expiries; on a multi-threaded
//! runtime that is not paused it follows real time, monotonically, on every
//! worker.

use std::time::{Duration, Instant};

use chrono::{DateTime, TimeDelta, TimeZone, Utc};
use tzsafe::models::discount::{
    Discount, DiscountOffer, DiscountValue, DiscountWindow, OfferState,
};
use tzsafe::models::presence::{PresenceConfig, PresenceEvent, PresenceTracker};
use tzsafe::{is_past_datetime, utcnow_aware, Clock, ErrorKind, TimezoneAware, TokioClock};

fn start() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 1, 5, 0, 0).unwrap()
}

#[tokio::test(start_paused = true)]
async fn paused_time_moves_now_exactly() {
    let clock = TokioClock::new(start());
    assert_eq!(clock.now(), start());
    // Real time passes; paused time does not.
    std::thread::sleep(Duration::from_millis(20));
    assert_eq!(clock.now(), start());

    tokio::time::advance(Duration::from_secs(90)).await;
    assert_eq!(clock.now(), start() + TimeDelta::seconds(90));
    tokio::time::advance(Duration::from_nanos(1_500)).await;
    assert_eq!(
        clock.now(),
        start() + TimeDelta::seconds(90) + TimeDelta::nanoseconds(1_500)
    );

    // A sleep on paused time is skipped over, and "now" moves as tokio's
    // time does (to the timer's deadline, which tokio rounds up to its
    // millisecond tick).
    let (before, tokio_before) = (clock.now(), tokio::time::Instant::now());
    tokio::time::sleep(Duration::from_secs(3600)).await;
    let moved = tokio::time::Instant::now() - tokio_before;
    assert_eq!(clock.now(), before + TimeDelta::from_std(moved).unwrap());
    assert!(moved >= Duration::from_secs(3600) && moved <= Duration::from_millis(3_600_001));
    // Copies read the same clock.
    let copy = clock;
    assert_eq!(copy.now(), clock.now());
}

#[tokio::test(start_paused = true)]
async fn paused_time_reaches_the_context_and_the_free_functions() {
    let ctx = TimezoneAware::new()
        .default_tz("America/New_York".parse::<tzsafe::Zone>().unwrap())
        .clock(TokioClock::new(start())); // 01:00 EDT on fall-back night
    let first_0130 = tzsafe::parse_naive("2026-11-01T01:30:00").unwrap();
    let task = ctx.scope_future(async move {
        assert!(!is_past_datetime(first_0130).unwrap());
        tokio::time::advance(Duration::from_secs(30 * 60)).await;
        assert_eq!(utcnow_aware(), start() + TimeDelta::minutes(30));
        assert!(!is_past_datetime(first_0130).unwrap()); // equal: not past
        tokio::time::advance(Duration::from_nanos(1)).await;
        assert!(is_past_datetime(first_0130).unwrap());
        utcnow_aware()
    });
    assert_eq!(
        task.await,
        start() + TimeDelta::minutes(30) + TimeDelta::nanoseconds(1)
    );
    // tzsafe cannot move it: tokio's time does.
    let err = ctx.advance(TimeDelta::seconds(1)).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Clock);
}

#[tokio::test(start_paused = true)]
async fn paused_time_expires_presence() {
    let tracker = PresenceTracker::new(
        PresenceConfig::new()
            .ttl(TimeDelta::seconds(60))
            .clock(TokioClock::new(start())),
    )
    .unwrap();
    let events: Vec<_> = tracker
        .heartbeat("alice", "tab-1", "/chat")
        .unwrap()
        .into_iter()
        .collect();
    assert_eq!(
        events,
        [PresenceEvent::CameOnline {
            user: "alice".into(),
            at: start()
        }]
    );
    tokio::time::advance(Duration::from_secs(59)).await;
    assert!(tracker.sweep().is_empty());
    assert!(tracker.status("alice").is_online());
    tokio::time::advance(Duration::from_secs(1)).await; // exactly the TTL
    let gone: Vec<_> = tracker.sweep().into_iter().collect();
    assert_eq!(
        gone,
        [PresenceEvent::WentOffline {
            user: "alice".into(),
            last_seen: start()
        }]
    );
}

#[tokio::test(start_paused = true)]
async fn paused_time_expires_offers_and_windows() {
    let ctx = TimezoneAware::new().clock(TokioClock::new(start()));
    let window = DiscountWindow::new(&ctx, start(), start() + TimeDelta::hours(1)).unwrap();
    let discount =
        Discount::new("FALL", DiscountValue::percentage_bp(500).unwrap(), window).unwrap();
    let offer = DiscountOffer::new(
        &ctx,
        "room-1",
        "alice",
        "bob",
        discount,
        TimeDelta::minutes(15),
    )
    .unwrap();
    assert_eq!(offer.state(&ctx), OfferState::Pending);
    assert!(offer.discount().window().is_valid(&ctx));
    tokio::time::advance(Duration::from_secs(15 * 60)).await;
    assert_eq!(offer.state(&ctx), OfferState::Expired);
    assert!(offer.discount().window().is_valid(&ctx));
    tokio::time::advance(Duration::from_secs(45 * 60 - 1)).await;
    assert!(offer.discount().window().is_valid(&ctx));
    tokio::time::sleep(Duration::from_secs(1)).await; // skipped over to the window's end
    assert!(!offer.discount().window().is_valid(&ctx));
}

#[cfg(feature = "jiff")]
#[tokio::test(start_paused = true)]
async fn paused_time_as_jiff_values() {
    let start: jiff::Timestamp = "2026-11-01T05:00:00Z".parse().unwrap();
    let ctx = TimezoneAware::new().clock(TokioClock::new(tzsafe::IntoInstant::into_utc(start)));
    let _guard = ctx.enter();
    assert_eq!(tzsafe::now_timestamp(), start);
    tokio::time::advance(Duration::from_millis(1_250)).await;
    assert_eq!(
        ctx.now_timestamp(),
        start + jiff::SignedDuration::from_millis(1_250)
    );
    assert_eq!(tzsafe::now_timestamp(), ctx.now_timestamp());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn unpaused_multi_thread_runtime_follows_real_time() {
    let began = Instant::now();
    let clock = TokioClock::new(start());
    let ctx = TimezoneAware::new().clock(clock);
    let mut readings = Vec::new();
    for _ in 0..8 {
        let ctx = ctx.clone();
        let task = tokio::spawn(ctx.clone().scope_future(async move {
            tokio::time::sleep(Duration::from_millis(5)).await;
            (utcnow_aware(), ctx.now())
        }));
        let (ambient, explicit) = task.await.unwrap();
        readings.push(ambient);
        readings.push(explicit);
    }
    let real = TimeDelta::from_std(began.elapsed()).unwrap();
    // Monotonic across tasks and workers, and at least the 8 sleeps of 5 ms.
    assert!(readings.windows(2).all(|w| w[0] <= w[1]), "{readings:?}");
    let elapsed = *readings.last().unwrap() - start();
    assert!(elapsed >= TimeDelta::milliseconds(40), "{elapsed}");
    // Never ahead of the real time elapsed since before the clock was made.
    assert!(elapsed <= real, "{elapsed} > {real}");
    assert!(clock.now() - start() <= TimeDelta::from_std(began.elapsed()).unwrap());
}

#[test]
fn outside_a_runtime_follows_real_time() {
    let began = Instant::now();
    let clock = TokioClock::new(start());
    std::thread::sleep(Duration::from_millis(10));
    let elapsed = clock.now() - start();
    assert!(elapsed >= TimeDelta::milliseconds(10), "{elapsed}");
    assert!(elapsed <= TimeDelta::from_std(began.elapsed()).unwrap());
}

#[test]
fn readings_saturate_at_chronos_limit() {
    let clock = TokioClock::new(DateTime::<Utc>::MAX_UTC);
    std::thread::sleep(Duration::from_millis(1));
    assert_eq!(clock.now(), DateTime::<Utc>::MAX_UTC);
}
