//! Tests: discount — `tzsafe::models::discount`: windows with local-calendar
//! deadlines, discounts and their redemption rules, the chat offer lifecycle,
//! and (feature `serde`) their JSON forms.
//!
//! One file per subject: `windows`, `values` (currencies, values and
//! discounts), `offers`, and across them `properties` and `json`.
//!
//! Every start of day pinned here was computed with Python 3.11 `zoneinfo`
//! as "the earliest instant whose local date is D", by a scan at one-second
//! resolution (on tzdata 2025b; those of Havana's 2026 autumn were redone
//! for 2026f); the comments quote what zoneinfo printed.
//! `start_of_day_matches_tzdata_transitions` checks every day next to a
//! transition in `tests/data/tzdata_transitions_2026f.json` (zdump output
//! cross-checked against zoneinfo), and
//! `start_of_day_agrees_with_python_zoneinfo` asks zoneinfo on the bundled
//! release (`tests/data/python/start_of_day.py`).
//!
//! Time is always explicit or frozen: no test sleeps or reads the system clock.

use chrono::{DateTime, NaiveDate, TimeDelta, TimeZone, Utc};
use tzsafe::models::discount::{
    BasisPoints, Currency, Discount, DiscountError, DiscountOffer, DiscountStatus, DiscountValue,
    DiscountWindow, InvalidWindow, LocalDay, OfferAction, OfferError, OfferState, Party, RoomId,
    UserId, WindowEnd, WindowStart,
};
use tzsafe::{ErrorKind, TimezoneAware, Zone};

fn utc(s: &str) -> DateTime<Utc> {
    s.parse().unwrap_or_else(|e| panic!("{s}: {e}"))
}

#[cfg(any(feature = "tz", feature = "serde"))]
fn date(s: &str) -> NaiveDate {
    s.parse().unwrap_or_else(|e| panic!("{s}: {e}"))
}

fn zone(name: &str) -> Zone {
    name.parse().unwrap_or_else(|e| panic!("{name}: {e}"))
}

const NS: TimeDelta = TimeDelta::nanoseconds(1);

/// The window "valid from the start of `first` through the end of `last`".
#[cfg(feature = "tz")]
fn days(first: &str, last: &str, tz: &str) -> DiscountWindow {
    DiscountWindow::local_dates(date(first), date(last), zone(tz)).unwrap()
}

/// The status just before, at, and just after `at`.
fn around(window: &DiscountWindow, at: DateTime<Utc>) -> [DiscountStatus; 3] {
    [
        window.status_at(at - NS),
        window.status_at(at),
        window.status_at(at + NS),
    ]
}

use DiscountStatus::{Active, Expired, Scheduled};

fn nov(day: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, day, 12, 0, 0).unwrap()
}

fn discount_10_to_20() -> Discount {
    let window = DiscountWindow::new(&TimezoneAware::new(), nov(10), nov(20)).unwrap();
    Discount::new(
        "FALL-10",
        DiscountValue::percentage_bp(1_000).unwrap(),
        window,
    )
    .unwrap()
}

fn seller() -> UserId {
    UserId::from("alice")
}

fn buyer() -> UserId {
    UserId::from("bob")
}

fn stranger() -> UserId {
    UserId::from("mallory")
}

fn offer_at(ctx: &TimezoneAware, ttl: TimeDelta) -> DiscountOffer {
    DiscountOffer::new(ctx, "room-1", seller(), buyer(), discount_10_to_20(), ttl).unwrap()
}

#[cfg(feature = "serde")]
mod json;
mod offers;
mod properties;
mod values;
mod windows;
