//! The offers made in `/chat` rooms, kept in this process's memory.
//!
//! Each offer is a [`DiscountOffer`]: its state (pending, accepted, declined,
//! withdrawn, expired) is derived from what happened and the time, so the
//! book never stores "pending" and cannot forget to expire anything. The
//! book only remembers which expiries it has already announced.

use std::collections::BTreeMap;
use std::sync::Mutex;

use chrono::{DateTime, Utc};
use serde::Serialize;
use tzsafe::models::discount::{DiscountOffer, OfferAction, OfferState};
use tzsafe::models::{RoomId, UserId};

use crate::errors::ClientError;
use crate::text::quoted;

/// The most offers the book holds (answered and expired ones included).
pub const MAX_OFFERS: usize = 100_000;

/// An offer as clients see it: its id, its state at the instant of the
/// view, and the offer in tzsafe's serialized form (`room`, `seller`,
/// `buyer`, `discount`, `created_at`, `expires_at`, `resolution`).
#[derive(Clone, Debug, Serialize)]
pub struct OfferView {
    /// `offer-<n>`, or the legacy row's id.
    pub id: String,
    /// At the instant the view was taken.
    pub state: OfferState,
    /// The offer.
    #[serde(flatten)]
    pub offer: DiscountOffer,
}

struct Entry {
    offer: DiscountOffer,
    /// Whether the expiry of this unanswered offer was announced.
    expiry_announced: bool,
}

#[derive(Default)]
struct Book {
    offers: BTreeMap<String, Entry>,
    next: u64,
}

/// Offers by id, behind one lock (offers are few and short-lived next to
/// heartbeats; one lock keeps every answer atomic).
#[derive(Default)]
pub struct OfferBook {
    book: Mutex<Book>,
}

impl OfferBook {
    fn lock(&self) -> std::sync::MutexGuard<'_, Book> {
        // A panic while holding the lock cannot leave an entry half written
        // (entries are replaced whole), so a poisoned book is still valid.
        self.book
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// Adds a new offer under a fresh id; its view at `now`.
    ///
    /// # Errors
    ///
    /// `capacity` when the book is full.
    pub fn add(&self, offer: DiscountOffer, now: DateTime<Utc>) -> Result<OfferView, ClientError> {
        let mut book = self.lock();
        book.next = book.next.saturating_add(1);
        let id = format!("offer-{}", book.next);
        insert(&mut book, id, offer, now)
    }

    /// Adds an offer under a given id (a legacy row's).
    ///
    /// # Errors
    ///
    /// `invalid` for an id already taken, `capacity` when the book is full.
    pub fn add_with_id(
        &self,
        id: String,
        offer: DiscountOffer,
        now: DateTime<Utc>,
    ) -> Result<OfferView, ClientError> {
        let mut book = self.lock();
        if book.offers.contains_key(&id) {
            return Err(ClientError::new(
                "invalid",
                format!("offer id {} is taken", quoted(&id)),
            ));
        }
        insert(&mut book, id, offer, now)
    }

    /// Takes `action` on offer `id` as `by` at `now`: the offer's view after
    /// it.
    ///
    /// # Errors
    ///
    /// `unknown_offer`, or the offer's refusal (`offer_expired`,
    /// `offer_resolved`, `not_allowed`, `not_participant`).
    pub fn act(
        &self,
        id: &str,
        by: &UserId,
        action: OfferAction,
        now: DateTime<Utc>,
    ) -> Result<OfferView, ClientError> {
        let mut book = self.lock();
        let entry = book.offers.get_mut(id).ok_or_else(|| unknown(id))?;
        entry.offer.respond_at(now, by, action)?;
        Ok(view(id, &entry.offer, now))
    }

    /// The offer `id` at `now`.
    ///
    /// # Errors
    ///
    /// `unknown_offer`.
    pub fn get(&self, id: &str, now: DateTime<Utc>) -> Result<OfferView, ClientError> {
        let book = self.lock();
        let entry = book.offers.get(id).ok_or_else(|| unknown(id))?;
        Ok(view(id, &entry.offer, now))
    }

    /// The offers of `room` at `now`, by id.
    pub fn in_room(&self, room: &RoomId, now: DateTime<Utc>) -> Vec<OfferView> {
        let book = self.lock();
        book.offers
            .iter()
            .filter(|(_, e)| e.offer.room() == room)
            .map(|(id, e)| view(id, &e.offer, now))
            .collect()
    }

    /// The unanswered offers that have expired by `now` and were not yet
    /// announced; each is returned once.
    pub fn newly_expired(&self, now: DateTime<Utc>) -> Vec<OfferView> {
        let mut book = self.lock();
        let mut out = Vec::new();
        for (id, entry) in &mut book.offers {
            if !entry.expiry_announced && entry.offer.state_at(now) == OfferState::Expired {
                entry.expiry_announced = true;
                out.push(view(id, &entry.offer, now));
            }
        }
        out
    }
}

fn insert(
    book: &mut Book,
    id: String,
    offer: DiscountOffer,
    now: DateTime<Utc>,
) -> Result<OfferView, ClientError> {
    if book.offers.len() >= MAX_OFFERS {
        return Err(ClientError::new(
            "capacity",
            format!("the server holds {MAX_OFFERS} offers, its limit: try again later"),
        ));
    }
    let out = view(&id, &offer, now);
    // An offer loaded already expired is not announced as newly expired.
    let expiry_announced = out.state == OfferState::Expired;
    book.offers.insert(
        id,
        Entry {
            offer,
            expiry_announced,
        },
    );
    Ok(out)
}

fn view(id: &str, offer: &DiscountOffer, now: DateTime<Utc>) -> OfferView {
    OfferView {
        id: id.to_owned(),
        state: offer.state_at(now),
        offer: offer.clone(),
    }
}

fn unknown(id: &str) -> ClientError {
    ClientError::new("unknown_offer", format!("unknown offer {}", quoted(id)))
}
