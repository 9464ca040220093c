//! A tour of tzsafe: every utility, the `TimezoneAware` guard, a frozen clock,
//! and the two ways a service sets its context (a global default, a scoped
//! future).
//!
//! Run with `cargo run --example quickstart`.
#![allow(clippy::arithmetic_side_effects)]

use std::future::Future;
use std::pin::pin;
use std::task::{Context, Poll, Waker};

use chrono::TimeDelta;
use tzsafe::{
    ensure_timezone_aware, is_future_datetime, is_past_datetime, resolve, safe_cmp,
    safe_datetime_compare, set_global_default, utcnow_aware, CmpOp, Disambiguation, MaybeAware,
    Resolution, TimezoneAware, Zone,
};

fn main() -> Result<(), tzsafe::Error> {
    let ny: Zone = "America/New_York".parse()?;

    println!("== Timestamps as they arrive");
    for text in [
        "2026-11-26T09:30:00Z",          // RFC 3339
        "2026-11-26T04:30:00.250-05:00", // RFC 3339 with an offset
        "2026-11-26 09:30:00.123456",    // Python's str(datetime.utcnow())
        "2026-11-26T09:30",              // isoformat(timespec="minutes")
        "2026-11-26T09:30:00.000Z",      // JavaScript's toISOString()
    ] {
        let value: MaybeAware = text.parse()?;
        let kind = if value.is_naive() { "naive" } else { "aware" };
        println!("{text:<34} -> {kind}: {value}");
    }

    println!("\n== ensure_timezone_aware: naive values read as wall time in a zone");
    let lunch = tzsafe::parse_naive("2026-07-01T12:00:00")?;
    println!(
        "12:00 in New York     = {}",
        ensure_timezone_aware(lunch, &ny)?
    );
    println!(
        "12:00 in Lord Howe    = {}",
        ensure_timezone_aware(lunch, &"Australia/Lord_Howe".parse::<Zone>()?)?
    );
    let aware = tzsafe::parse_aware("2026-07-01T12:00:00Z")?.to_utc();
    println!(
        "aware values keep their instant: {}",
        ensure_timezone_aware(aware, &ny)?
    );

    println!("\n== DST gaps and folds: the policy decides, and resolve() reports it");
    let gap = "2026-03-08T02:30:00".parse::<MaybeAware>()?; // skipped in New York
    let fold = "2026-11-01T01:30:00".parse::<MaybeAware>()?; // happens twice
    for policy in [
        Disambiguation::Compatible,
        Disambiguation::Earlier,
        Disambiguation::Later,
        Disambiguation::Reject,
    ] {
        let ctx = TimezoneAware::new().default_tz(ny).disambiguation(policy);
        for (label, value) in [("gap ", gap), ("fold", fold)] {
            match ctx.resolve(value) {
                Ok(r) => {
                    let how = match r.resolution() {
                        Resolution::Gap { shift, .. } => {
                            format!("shifted {} min", shift.num_minutes())
                        }
                        Resolution::Fold { took_earlier, .. } => {
                            if took_earlier {
                                "earlier of two".into()
                            } else {
                                "later of two".into()
                            }
                        }
                        other => format!("{other:?}"),
                    };
                    println!(
                        "{policy:<10} {label} {value} -> {} ({how})",
                        r.fixed_offset()
                    );
                }
                Err(err) => println!("{policy:<10} {label} {value} -> error: {err}"),
            }
        }
    }
    let r = resolve(fold, &ny)?;
    if let Resolution::Fold { alternative, .. } = r.resolution() {
        println!("the other 01:30 was {alternative}");
    }

    println!("\n== A frozen clock, per thread, that tests can move");
    let frozen = tzsafe::parse_aware("2026-11-26T20:00:00Z")?.to_utc(); // 15:00 in New York
    let guard = TimezoneAware::new()
        .default_tz(ny)
        .frozen_at(frozen)
        .enter();
    println!("utcnow_aware()        = {}", utcnow_aware());
    let expires_at = "2026-11-26 16:00:00".parse::<MaybeAware>()?; // a legacy naive column, New York time
    println!("expires_at            = {expires_at} (naive, New York wall time)");
    println!(
        "expired? (<= now)     = {}",
        safe_datetime_compare(expires_at, utcnow_aware(), CmpOp::Le)?
    );
    println!(
        "is_past / is_future   = {} / {}",
        is_past_datetime(expires_at)?,
        is_future_datetime(expires_at)?
    );
    guard.advance(TimeDelta::hours(2))?;
    println!("two hours later       = {}", utcnow_aware());
    println!("expired now?          = {}", is_past_datetime(expires_at)?);
    println!(
        "order vs 21:00Z       = {:?}",
        safe_cmp(expires_at, frozen + TimeDelta::hours(1))?
    );

    let ctx = TimezoneAware::current();
    let seen_elsewhere = std::thread::spawn(move || {
        let not_inherited = utcnow_aware() != ctx.now();
        (not_inherited, ctx.scope(utcnow_aware))
    })
    .join()
    .unwrap_or_default();
    println!(
        "another thread does not inherit the guard: {}; handed the context it reads {}",
        seen_elsewhere.0, seen_elsewhere.1
    );
    drop(guard);
    println!(
        "guard dropped: utcnow_aware() is the system clock again ({})",
        utcnow_aware().format("%Y")
    );

    println!("\n== Refusing naive values where they must not appear");
    let strict = TimezoneAware::new().reject_naive();
    match strict.scope(|| is_past_datetime(expires_at)) {
        Ok(_) => println!("accepted?!"),
        Err(err) => println!("error ({:?}): {err}", err.kind()),
    }

    println!("\n== In a service: a global default at start-up, a context per task");
    // Once per process: threads and tasks without a guard read naive values in
    // New York (a framework's JSON extractor included), not in UTC.
    set_global_default(TimezoneAware::new().default_tz(ny))?;
    println!(
        "no guard, global default: {expires_at} is {}",
        TimezoneAware::current().ensure_timezone_aware(expires_at)?
    );
    // Per task: the context is ambient during each poll, on whichever thread
    // polls it (here polled once by hand; in a service, tokio::spawn it).
    let task = TimezoneAware::new()
        .frozen_at(frozen)
        .scope_future(async { is_past_datetime(expires_at) });
    if let Poll::Ready(past) = pin!(task).poll(&mut Context::from_waker(Waker::noop())) {
        println!(
            "in a task frozen at {frozen}: {expires_at} (read in UTC) is past: {}",
            past?
        );
    }
    Ok(())
}
