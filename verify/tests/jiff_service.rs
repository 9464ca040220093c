#![allow(clippy::unwrap_used, missing_docs)]
#![cfg(all(feature = "jiff", feature = "tokio"))]
//! The example jiff service (`examples/jiff_service.rs`) tested as such a
//! service would be: on tokio's paused time, with tzsafe's `TokioClock` as
//! the context's clock, so that `tokio::time::advance` moves the service's
//! "now" (its sale states, the time left) without waiting, and jiff values
//! all the way.

#[path = "../../examples/jiff_service.rs"]
#[allow(dead_code)] // its `main` is the example's
mod service;

use std::time::Duration;

use jiff::{SignedDuration, Timestamp};
use service::{SaleState, Sales};
use tzsafe::{IntoInstant, TimezoneAware, TokioClock, Zone};

#[tokio::test(start_paused = true)]
async fn sale_states_follow_tokios_paused_time() {
    let start: Timestamp = "2026-11-01T04:00:00Z".parse().unwrap(); // 00:00 EDT
    let ctx = TimezoneAware::new()
        .default_tz("America/New_York".parse::<Zone>().unwrap())
        .clock(TokioClock::new(start.into_utc()));
    let sales = Sales::new(ctx.clone());
    let sale = sales
        .read(r#"{"code": "FALLBACK", "starts_at": "2026-11-01 00:30:00", "ends_at": "2026-11-01 01:30:00",
                 "last_seen": "2026-10-31T23:59:00-04:00"}"#)
        .unwrap();
    assert_eq!(
        sale.last_seen,
        Some("2026-11-01T03:59:00Z".parse().unwrap())
    );
    assert_eq!(sales.state(&sale), SaleState::Scheduled);
    assert_eq!(sales.remaining(&sale), SignedDuration::from_mins(90));
    assert_eq!(
        sales.ends_locally(&sale).unwrap().to_string(),
        "2026-11-01T01:30:00-04:00[America/New_York]" // the first 01:30
    );

    tokio::time::advance(Duration::from_secs(30 * 60)).await;
    assert_eq!(sales.state(&sale), SaleState::Active);
    assert_eq!(ctx.now_timestamp(), start + SignedDuration::from_mins(30));

    // A sleep on paused time ends at once, and "now" with it.
    tokio::time::sleep(Duration::from_secs(59 * 60)).await;
    assert_eq!(sales.state(&sale), SaleState::Active);
    tokio::time::advance(Duration::from_secs(60)).await;
    assert_eq!(sales.state(&sale), SaleState::Ended);
    assert_eq!(sales.remaining(&sale), SignedDuration::ZERO);
    // 01:00 typed by the merchant is the first 01:00 (Compatible), long past.
    assert!(sales
        .is_past(jiff::civil::date(2026, 11, 1).at(1, 0, 0, 0))
        .unwrap());
    assert_eq!(
        ctx.now_zoned().unwrap().strftime("%H:%M %Z").to_string(),
        "01:30 EDT"
    );
}
