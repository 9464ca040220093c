//! Benchmarks of the companion models. Names are `area/operation/library`.
//!
//! * `discount/status_at`, `discount/is_valid_at`, `discount/check_redeemable_at`
//!   and `offer/state_at`: the hot checks, a few comparisons each (target:
//!   under 10 ns), beside the same comparison written by hand on two
//!   `DateTime<Utc>` values.
//! * `discount/start_of_day`: the first instant of a local day (what a window
//!   "through D" computes once, when it is built), beside jiff's
//!   `ZonedDateTime::start_of_day`.
#![allow(
    missing_docs,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::arithmetic_side_effects,
    clippy::panic
)]

use std::hint::black_box;

use chrono::{DateTime, NaiveDate, TimeDelta, TimeZone, Utc};
use criterion::{criterion_group, criterion_main, Criterion};
use tzsafe::models::discount::{
    Discount, DiscountOffer, DiscountValue, DiscountWindow, LocalDay, UserId,
};
use tzsafe::TimezoneAware;

fn window() -> DiscountWindow {
    DiscountWindow::local_dates(
        NaiveDate::from_ymd_opt(2026, 11, 1).unwrap(),
        NaiveDate::from_ymd_opt(2026, 11, 30).unwrap(),
        chrono_tz::America::New_York,
    )
    .unwrap()
}

fn discount_benches(c: &mut Criterion) {
    let window = window();
    let discount = Discount::new(
        "BF-2026",
        DiscountValue::percentage_bp(1_500).unwrap(),
        window,
    )
    .unwrap()
    .with_max_redemptions(1_000)
    .unwrap()
    .with_redemptions(10)
    .unwrap();
    // Active: every comparison of the check runs.
    let now = Utc.with_ymd_and_hms(2026, 11, 26, 15, 0, 0).unwrap();
    let (starts_at, ends_at) = (window.starts_at(), window.ends_at().unwrap());

    let mut group = c.benchmark_group("discount");
    group.bench_function("status_at/tzsafe", |b| {
        b.iter(|| black_box(&window).status_at(black_box(now)))
    });
    group.bench_function("is_valid_at/tzsafe", |b| {
        b.iter(|| black_box(&window).is_valid_at(black_box(now)))
    });
    group.bench_function("is_valid_at/by_hand", |b| {
        b.iter(|| {
            let now = black_box(now);
            black_box(starts_at) <= now && now < black_box(ends_at)
        })
    });
    group.bench_function("check_redeemable_at/tzsafe", |b| {
        b.iter(|| black_box(&discount).check_redeemable_at(black_box(now)))
    });
    let expired = ends_at + TimeDelta::days(1);
    group.bench_function("check_redeemable_at_expired/tzsafe", |b| {
        b.iter(|| black_box(&discount).check_redeemable_at(black_box(expired)))
    });

    let day = LocalDay::new(
        NaiveDate::from_ymd_opt(2026, 11, 30).unwrap(),
        chrono_tz::America::New_York,
    );
    group.bench_function("start_of_day/tzsafe", |b| {
        b.iter(|| black_box(&day).start().unwrap())
    });
    let jiff_day = jiff::civil::date(2026, 11, 30)
        .at(12, 0, 0, 0)
        .to_zoned_datetime(jiff::tz::TimeZone::get("America/New_York").unwrap())
        .unwrap();
    group.bench_function("start_of_day/jiff", |b| {
        b.iter(|| black_box(&jiff_day).start_of_day().unwrap())
    });
    group.finish();
}

fn offer_benches(c: &mut Criterion) {
    let start: DateTime<Utc> = Utc.with_ymd_and_hms(2026, 11, 26, 15, 0, 0).unwrap();
    let ctx = TimezoneAware::new().frozen_at(start);
    let discount = Discount::new(
        "CHAT-10",
        DiscountValue::percentage_bp(1_000).unwrap(),
        window(),
    )
    .unwrap();
    let offer = DiscountOffer::new(
        &ctx,
        "room-1",
        UserId::from("alice"),
        UserId::from("bob"),
        discount,
        TimeDelta::minutes(15),
    )
    .unwrap();
    let now = start + TimeDelta::minutes(5);

    let mut group = c.benchmark_group("offer");
    group.bench_function("state_at/tzsafe", |b| {
        b.iter(|| black_box(&offer).state_at(black_box(now)))
    });
    let buyer = UserId::from("bob");
    group.bench_function("accept_at/tzsafe", |b| {
        b.iter_batched_ref(
            || offer.clone(),
            |offer| offer.accept_at(black_box(now), black_box(&buyer)),
            criterion::BatchSize::SmallInput,
        )
    });
    group.finish();
}

fn all(c: &mut Criterion) {
    discount_benches(c);
    offer_benches(c);
}

criterion_group!(models, all);
criterion_main!(models);
