//! The lookup order per task: a global default (`set_global_default`, once per
//! process, hence this binary), tasks without a context of their own, and
//! tasks with `scope_future` over it, on tokio's multi-threaded runtime.

use chrono::{DateTime, NaiveDate, TimeDelta, TimeZone, Utc};
use tokio::task::yield_now;
use tzsafe::{is_past_datetime, set_global_default, utcnow_aware, ErrorKind, TimezoneAware, Zone};

fn frozen() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 7, 1, 16, 0, 0).unwrap() // 12:00 EDT
}

#[test]
fn tasks_use_the_global_default_unless_scoped() {
    let new_york: Zone = "America/New_York".parse().unwrap();
    let tokyo: Zone = "Asia/Tokyo".parse().unwrap();
    let global = TimezoneAware::new()
        .default_tz(new_york)
        .frozen_at(frozen());
    set_global_default(global.clone()).unwrap();
    assert_eq!(
        set_global_default(TimezoneAware::new()).unwrap_err().kind(),
        ErrorKind::AlreadySet
    );

    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(4)
        .build()
        .unwrap();
    runtime.block_on(async move {
        let mut handles = Vec::new();
        for i in 0..16_i64 {
            // Unscoped: the global default, on every worker, at every poll.
            handles.push(tokio::spawn(async move {
                for _ in 0..20 {
                    assert_eq!(TimezoneAware::current().get_default_tz(), new_york);
                    assert_eq!(utcnow_aware(), frozen());
                    // 11:59 New York wall time is past at 12:00 EDT.
                    let wall = NaiveDate::from_ymd_opt(2026, 7, 1)
                        .unwrap()
                        .and_hms_opt(11, 59, 0)
                        .unwrap();
                    assert!(is_past_datetime(wall).unwrap());
                    yield_now().await;
                }
            }));
            // Scoped: its own context beats the global default...
            let own = TimezoneAware::new()
                .default_tz(tokyo)
                .frozen_at(frozen() + TimeDelta::hours(i));
            handles.push(tokio::spawn(own.scope_future(async move {
                for _ in 0..20 {
                    assert_eq!(TimezoneAware::current().get_default_tz(), tokyo);
                    assert_eq!(utcnow_aware(), frozen() + TimeDelta::hours(i));
                    yield_now().await;
                }
            })));
        }
        for handle in handles {
            handle.await.unwrap();
        }
        // ... and only during its polls: the global default is back.
        assert_eq!(TimezoneAware::current().get_default_tz(), new_york);
        assert_eq!(utcnow_aware(), frozen());
    });
}
