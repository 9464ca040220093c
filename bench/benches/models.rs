//! Benchmarks of the companion models. Names are `area/operation/library`.
//!
//! * `discount/status_at`, `discount/is_valid_at`, `discount/check_redeemable_at`
//!   (an active discount, and `check_redeemable_at_expired`) and
//!   `offer/state_at`: the hot checks, a few comparisons each (target: under
//!   10 ns), each beside a `by_hand` baseline: the same decision written with
//!   plain comparisons on the same values (`DateTime<Utc>` bounds, the
//!   redemption count and limit, the revoked flag, the recorded outcome),
//!   returning the same type, read through a reference like the models. (The
//!   baseline's window always has an end; the model's end is an `Option`.)
//! * `discount/start_of_day`: the first instant of a local day (what a window
//!   "through D" computes once, when it is built), beside jiff's
//!   `ZonedDateTime::start_of_day`. Not quite the same work: jiff builds a
//!   zoned value (`ZonedDateTime`, `Zoned` before jiff 1.0), cloning its
//!   `TimeZone` handle into the result, while tzsafe returns a `DateTime<Utc>`
//!   instant.
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
    Discount, DiscountError, DiscountOffer, DiscountStatus, DiscountValue, DiscountWindow,
    LocalDay, OfferState, UserId,
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

/// The by-hand baseline of a discount: the plain fields code without the
/// models keeps, and the same decisions written as plain comparisons,
/// returning the same types. Read through a reference, like the models.
struct PlainDiscount {
    starts_at: DateTime<Utc>,
    ends_at: DateTime<Utc>,
    revoked: bool,
    redemptions: u32,
    max_redemptions: Option<u32>,
}

impl PlainDiscount {
    #[inline]
    fn status_at(&self, now: DateTime<Utc>) -> DiscountStatus {
        if now < self.starts_at {
            DiscountStatus::Scheduled
        } else if now >= self.ends_at {
            DiscountStatus::Expired
        } else {
            DiscountStatus::Active
        }
    }

    #[inline]
    fn check_redeemable_at(&self, now: DateTime<Utc>) -> Result<(), DiscountError> {
        if self.revoked {
            return Err(DiscountError::Revoked);
        }
        if now < self.starts_at {
            return Err(DiscountError::NotYetActive {
                starts_at: self.starts_at,
            });
        }
        if now >= self.ends_at {
            return Err(DiscountError::Expired {
                ended_at: self.ends_at,
            });
        }
        let max = self.max_redemptions.unwrap_or(u32::MAX);
        if self.redemptions >= max {
            return Err(DiscountError::Exhausted {
                redemptions: self.redemptions,
                max_redemptions: max,
            });
        }
        Ok(())
    }
}

/// The by-hand baseline of an offer: its instants and recorded outcome.
struct PlainOffer {
    created_at: DateTime<Utc>,
    expires_at: DateTime<Utc>,
    outcome: Option<(OfferState, DateTime<Utc>)>,
}

impl PlainOffer {
    #[inline]
    fn state_at(&self, now: DateTime<Utc>) -> OfferState {
        if now < self.created_at {
            OfferState::Scheduled
        } else if let Some((state, _)) = self.outcome {
            state
        } else if now >= self.expires_at {
            OfferState::Expired
        } else {
            OfferState::Pending
        }
    }
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

    let plain = PlainDiscount {
        starts_at,
        ends_at,
        revoked: false,
        redemptions: 10,
        max_redemptions: Some(1_000),
    };

    let mut group = c.benchmark_group("discount");
    group.bench_function("status_at/tzsafe", |b| {
        b.iter(|| black_box(&window).status_at(black_box(now)))
    });
    group.bench_function("status_at/by_hand", |b| {
        b.iter(|| black_box(&plain).status_at(black_box(now)))
    });
    group.bench_function("is_valid_at/tzsafe", |b| {
        b.iter(|| black_box(&window).is_valid_at(black_box(now)))
    });
    group.bench_function("is_valid_at/by_hand", |b| {
        b.iter(|| {
            let (plain, now) = (black_box(&plain), black_box(now));
            plain.starts_at <= now && now < plain.ends_at
        })
    });
    group.bench_function("check_redeemable_at/tzsafe", |b| {
        b.iter(|| black_box(&discount).check_redeemable_at(black_box(now)))
    });
    group.bench_function("check_redeemable_at/by_hand", |b| {
        b.iter(|| black_box(&plain).check_redeemable_at(black_box(now)))
    });
    let expired = ends_at + TimeDelta::days(1);
    group.bench_function("check_redeemable_at_expired/tzsafe", |b| {
        b.iter(|| black_box(&discount).check_redeemable_at(black_box(expired)))
    });
    group.bench_function("check_redeemable_at_expired/by_hand", |b| {
        b.iter(|| black_box(&plain).check_redeemable_at(black_box(expired)))
    });
    // The baselines decide as the models do.
    for at in [starts_at - TimeDelta::seconds(1), now, ends_at, expired] {
        assert_eq!(plain.status_at(at), window.status_at(at));
        assert_eq!(
            plain.check_redeemable_at(at),
            discount.check_redeemable_at(at)
        );
    }

    let day = LocalDay::new(
        NaiveDate::from_ymd_opt(2026, 11, 30).unwrap(),
        chrono_tz::America::New_York,
    );
    // tzsafe returns an instant; jiff's `start_of_day` builds a zoned value
    // (`ZonedDateTime`, jiff's `Zoned`), cloning the zone handle into it.
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

    // Unresolved and pending: every comparison of the check runs.
    let plain = PlainOffer {
        created_at: offer.created_at(),
        expires_at: offer.expires_at(),
        outcome: None,
    };
    assert_eq!(plain.state_at(now), offer.state_at(now));

    let mut group = c.benchmark_group("offer");
    group.bench_function("state_at/tzsafe", |b| {
        b.iter(|| black_box(&offer).state_at(black_box(now)))
    });
    group.bench_function("state_at/by_hand", |b| {
        b.iter(|| black_box(&plain).state_at(black_box(now)))
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
