//! Offers exported from the old Flask service (`data/legacy_offers.json`).
//!
//! Its `offers` table stored naive timestamps: `created_at`,
//! `expires_at` and `responded_at` are wall-clock times of the merchant (the
//! seller) with no offset, and `valid_until` is a date on the merchant's
//! calendar. The old code compared them with `datetime.utcnow()`, so an offer
//! made in New York expired five hours early. Here each row is read in its
//! seller's zone from [`crate::world::World`]: the naive strings go
//! through `tzsafe::serde::ambient` inside a [`TimezoneAware`] scope for that
//! zone, so the choice of zone is made once, per row, in one place. A wall
//! time that falls in a DST fold is read as the earlier instant and one in a
//! gap as the later (`Disambiguation::Compatible`, as CPython's `fold=0` and
//! JavaScript's Temporal do).
//!
//! A row that cannot be read is skipped and reported with its index and id;
//! the others load.

use chrono::{DateTime, NaiveDate, Utc};
use serde::Deserialize;
use tzsafe::models::discount::{
    Discount, DiscountOffer, DiscountValue, DiscountWindow, LocalDay, OfferAction, WindowEnd,
    WindowStart,
};
use tzsafe::models::{RoomId, UserId};
use tzsafe::{Disambiguation, TimezoneAware};

use crate::text::quoted;
use crate::world::World;

/// One row as the old service exported it.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Row {
    id: String,
    room_id: RoomId,
    seller_id: UserId,
    buyer_id: UserId,
    discount_code: String,
    /// Whole percent (the old service had no amount discounts).
    discount_percent: u16,
    /// The merchant's last day of the discount, inclusive.
    valid_until: Option<NaiveDate>,
    #[serde(with = "tzsafe::serde::ambient")]
    created_at: DateTime<Utc>,
    #[serde(with = "tzsafe::serde::ambient")]
    expires_at: DateTime<Utc>,
    status: Status,
    #[serde(default, with = "tzsafe::serde::ambient::option")]
    responded_at: Option<DateTime<Utc>>,
}

#[derive(Clone, Copy, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
enum Status {
    /// Not answered (it may have expired since: that is derived, not stored).
    Pending,
    Accepted,
    Declined,
    Withdrawn,
}

/// The rows that loaded, with their ids, and a message for each row that
/// did not.
#[derive(Debug, Default)]
pub struct Loaded {
    /// `(id, offer)` in file order.
    pub offers: Vec<(String, DiscountOffer)>,
    /// `row N (id "..."): why` for each skipped row.
    pub skipped: Vec<String>,
}

/// Reads the exported rows in `text` (a JSON array), each in its seller's
/// zone.
///
/// # Errors
///
/// Only when `text` is not a JSON array; bad rows are [skipped](Loaded::skipped).
pub fn load(text: &str, world: &World) -> Result<Loaded, String> {
    let rows: Vec<serde_json::Value> =
        serde_json::from_str(text).map_err(|e| format!("expected a JSON array of rows: {e}"))?;
    let mut loaded = Loaded::default();
    for (index, raw) in rows.into_iter().enumerate() {
        let id = raw
            .get("id")
            .and_then(serde_json::Value::as_str)
            .map_or_else(|| "(no id)".to_owned(), quoted);
        match read_row(raw, world) {
            Ok(row) => loaded.offers.push(row),
            Err(why) => loaded.skipped.push(format!("row {index} (id {id}): {why}")),
        }
    }
    Ok(loaded)
}

fn read_row(raw: serde_json::Value, world: &World) -> Result<(String, DiscountOffer), String> {
    // The zone comes from the row's seller, so it is known only once the row
    // is half read: look the seller up first, then read the row in a scope.
    let seller = raw
        .get("seller_id")
        .and_then(serde_json::Value::as_str)
        .ok_or("missing seller_id")?;
    let zone = world.zone_of(&UserId::from(seller));
    let merchant = TimezoneAware::new()
        .default_tz(zone)
        .disambiguation(Disambiguation::Compatible);
    let row: Row = merchant
        .scope(|| serde_json::from_value(raw))
        .map_err(|e| e.to_string())?;

    let end = match row.valid_until {
        Some(day) => WindowEnd::Through(LocalDay::new(day, zone)),
        None => WindowEnd::Open,
    };
    let window = DiscountWindow::from_bounds(WindowStart::At(row.created_at), end)
        .map_err(|e| e.to_string())?;
    let basis_points = row
        .discount_percent
        .checked_mul(100)
        .ok_or_else(|| format!("discount_percent {} is over 100", row.discount_percent))?;
    let value = DiscountValue::percentage_bp(basis_points).map_err(|e| e.to_string())?;
    let discount = Discount::new(row.discount_code, value, window).map_err(|e| e.to_string())?;
    let mut offer = DiscountOffer::new_until(
        row.created_at,
        row.room_id,
        row.seller_id.clone(),
        row.buyer_id.clone(),
        discount,
        row.expires_at,
    )
    .map_err(|e| e.to_string())?;
    let (action, by) = match row.status {
        Status::Pending => return Ok((row.id, offer)),
        Status::Accepted => (OfferAction::Accept, &row.buyer_id),
        Status::Declined => (OfferAction::Decline, &row.buyer_id),
        Status::Withdrawn => (OfferAction::Withdraw, &row.seller_id),
    };
    let at = row
        .responded_at
        .ok_or("an answered offer needs responded_at")?;
    offer
        .respond_at(at, by, action)
        .map_err(|e| format!("its answer cannot be replayed: {e}"))?;
    Ok((row.id, offer))
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::indexing_slicing)]

    use tzsafe::models::discount::OfferState;

    use super::*;

    fn world() -> World {
        World::from_json(
            r#"{"users": {"carol": {"zone": "America/New_York"}, "bob": {}, "dave": {"zone": "Asia/Kolkata"}}}"#,
        )
        .unwrap()
    }

    #[test]
    fn naive_times_are_the_merchants_wall_time() {
        let text = r#"[
          {"id": "L1", "room_id": "room-1", "seller_id": "carol", "buyer_id": "bob",
           "discount_code": "FALL10", "discount_percent": 10, "valid_until": "2026-11-30",
           "created_at": "2026-11-26 09:00:00", "expires_at": "2026-11-26 21:00:00",
           "status": "pending", "responded_at": null},
          {"id": "L2", "room_id": "room-1", "seller_id": "dave", "buyer_id": "bob",
           "discount_code": "DIWALI", "discount_percent": 15, "valid_until": null,
           "created_at": "2026-11-26T09:00:00", "expires_at": "2026-11-26T10:00:00",
           "status": "accepted", "responded_at": "2026-11-26T09:30:00"}
        ]"#;
        let loaded = load(text, &world()).unwrap();
        assert!(loaded.skipped.is_empty(), "{:?}", loaded.skipped);
        let (id, offer) = &loaded.offers[0];
        assert_eq!(id, "L1");
        // 21:00 EST is 02:00 UTC the next day, not 21:00 UTC.
        assert_eq!(offer.expires_at().to_rfc3339(), "2026-11-27T02:00:00+00:00");
        assert_eq!(
            offer.discount().window().ends_at().unwrap().to_rfc3339(),
            "2026-12-01T05:00:00+00:00"
        );
        let (_, accepted) = &loaded.offers[1];
        assert_eq!(
            accepted.created_at().to_rfc3339(),
            "2026-11-26T03:30:00+00:00"
        );
        assert_eq!(
            accepted.state_at(accepted.expires_at()),
            OfferState::Accepted
        );
    }

    #[test]
    fn bad_rows_are_skipped_with_a_reason() {
        let text = r#"[
          {"id": "bad-date", "room_id": "r", "seller_id": "carol", "buyer_id": "bob",
           "discount_code": "X", "discount_percent": 10, "valid_until": null,
           "created_at": "2026-02-30 09:00:00", "expires_at": "2026-03-01 09:00:00",
           "status": "pending"},
          {"id": "late-answer", "room_id": "r", "seller_id": "carol", "buyer_id": "bob",
           "discount_code": "X", "discount_percent": 10, "valid_until": null,
           "created_at": "2026-11-26 09:00:00", "expires_at": "2026-11-26 10:00:00",
           "status": "accepted", "responded_at": "2026-11-26 11:00:00"},
          {"id": "backwards", "room_id": "r", "seller_id": "carol", "buyer_id": "bob",
           "discount_code": "X", "discount_percent": 10, "valid_until": null,
           "created_at": "2026-11-26 10:00:00", "expires_at": "2026-11-26 09:00:00",
           "status": "pending"}
        ]"#;
        let loaded = load(text, &world()).unwrap();
        assert!(loaded.offers.is_empty());
        assert_eq!(loaded.skipped.len(), 3);
        assert!(
            loaded.skipped[0].starts_with(
                "row 0 (id \"bad-date\"): invalid timestamp \"2026-02-30 09:00:00\": day 30 does not exist"
            ),
            "{}",
            loaded.skipped[0]
        );
        assert!(
            loaded.skipped[1].starts_with("row 1 (id \"late-answer\"): its answer cannot be replayed: offer expired at 2026-11-26T15:00:00Z"),
            "{}",
            loaded.skipped[1]
        );
        // Regression test for: this row reported "invalid offer time-to-live
        // -PT3600S", a field the row does not have (issue 10).
        assert_eq!(
            loaded.skipped[2],
            "row 2 (id \"backwards\"): invalid offer expires_at 2026-11-26T14:00:00Z: expected an instant after its created_at 2026-11-26T15:00:00Z"
        );
    }
}
