//! The offers made in `/chat` rooms: a bounded book, in this process's
//! memory ([`MemoryBook`], the default) or shared by every process through
//! Redis ([`RedisBook`], with `--redis`).
//!
//! Each offer is a [`DiscountOffer`]: its state (pending, accepted, declined,
//! withdrawn, expired) is derived from what happened and the time, and every
//! answer is checked by tzsafe's `respond_at`, in either book. The books add
//! what a service needs around it:
//!
//! * **Ids** `offer-<n>`, `n` counted by the book (by Redis for the shared
//!   one, so that ids never repeat across processes).
//! * **Bounds.** A seller has at most [`BookRules::per_user`] open (pending)
//!   offers, a room [`BookRules::per_room`]; the book holds at most
//!   [`BookRules::max_offers`]. An offer that was answered, withdrawn or
//!   expired stays [`BookRules::retention`] (so that its final state can be
//!   listed), then leaves the book; when the book is full, the oldest
//!   finished offers leave first, and only a book full of open offers refuses
//!   a new one.
//! * **Expiry announced once.** The sweep reports each offer that expired
//!   unanswered exactly once (across processes too).
//! * **Pages.** [`OfferBook::page`] lists a room's offers newest first, at
//!   most [`BookRules::max_page`] at a time, with a cursor for the next page.
//! * **One clock.** "Now" for an offer (its creation, an answer, its expiry)
//!   is read from one clock: the server's in memory; with Redis, the Redis
//!   server's `TIME` (as the presence does), so that processes whose clocks
//!   drift apart still agree on whether an offer had expired when it was
//!   answered; a manual clock (tests) replaces it in both.

mod memory;
mod redis;

use chrono::{DateTime, TimeDelta, Utc};
use serde::Serialize;
use tzsafe::models::discount::{DiscountOffer, OfferAction, OfferState};
use tzsafe::models::{RoomId, UserId};

use crate::errors::ClientError;
use crate::text::quoted;

pub use self::memory::MemoryBook;
pub use self::redis::RedisBook;

/// The bounds of a book.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct BookRules {
    /// The most open (pending) offers one seller may have.
    pub per_user: usize,
    /// The most open offers one room may have.
    pub per_room: usize,
    /// The most offers the book holds, open and finished.
    pub max_offers: usize,
    /// How long a finished (answered, withdrawn or expired) offer stays.
    pub retention: TimeDelta,
    /// The most offers one page of [`OfferBook::page`] holds.
    pub max_page: usize,
}

impl Default for BookRules {
    /// 20 open offers per seller, 200 per room, 100,000 in all, finished
    /// offers kept 60 s, pages of at most 100.
    fn default() -> Self {
        BookRules {
            per_user: 20,
            per_room: 200,
            max_offers: 100_000,
            retention: TimeDelta::seconds(60),
            max_page: 100,
        }
    }
}

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

impl OfferView {
    fn at(id: &str, offer: &DiscountOffer, now: DateTime<Utc>) -> OfferView {
        OfferView {
            id: id.to_owned(),
            state: offer.state_at(now),
            offer: offer.clone(),
        }
    }
}

/// One page of a room's offers, newest first.
#[derive(Clone, Debug, Serialize)]
pub struct Page {
    /// The room.
    pub room: RoomId,
    /// At most the page size asked for.
    pub offers: Vec<OfferView>,
    /// Pass it as `cursor` for the next page; `None` after the last one.
    pub next_cursor: Option<String>,
}

/// A check on the offer before an answer is applied (the answering user
/// may still act in its room).
pub type Check<'a> = &'a (dyn Fn(&DiscountOffer) -> Result<(), ClientError> + Sync);

/// The book: in memory, or shared through Redis.
pub enum OfferBook {
    /// In this process.
    Memory(MemoryBook),
    /// In Redis, shared by every process started with the same `--redis`.
    Redis(RedisBook),
}

impl OfferBook {
    /// Now, by the book's clock (see the module documentation).
    ///
    /// # Errors
    ///
    /// `unavailable` when Redis does not answer.
    pub async fn now(&self) -> Result<DateTime<Utc>, ClientError> {
        match self {
            OfferBook::Memory(book) => Ok(book.now()),
            OfferBook::Redis(book) => book.now().await,
        }
    }

    /// Adds a new offer made at `now` (read from [`OfferBook::now`]) under a
    /// fresh id; its view at `now`.
    ///
    /// # Errors
    ///
    /// `too_many_offers` past the seller's or the room's limit, `capacity`
    /// when the book is full of open offers, `unavailable`.
    pub async fn add(
        &self,
        offer: DiscountOffer,
        now: DateTime<Utc>,
    ) -> Result<OfferView, ClientError> {
        match self {
            OfferBook::Memory(book) => book.add(None, offer, now),
            OfferBook::Redis(book) => book.add(None, offer, now).await,
        }
    }

    /// Adds an offer under a given id (a legacy row's), unless the book has
    /// one under that id already (another process loaded the same rows):
    /// then `None`. The limits on open offers do not apply to rows loaded.
    ///
    /// # Errors
    ///
    /// `capacity`, `unavailable`.
    pub async fn add_with_id(
        &self,
        id: String,
        offer: DiscountOffer,
    ) -> Result<Option<OfferView>, ClientError> {
        let now = self.now().await?;
        let added = match self {
            OfferBook::Memory(book) => book.add(Some(id), offer, now),
            OfferBook::Redis(book) => book.add(Some(id), offer, now).await,
        };
        match added {
            Ok(view) => Ok(Some(view)),
            Err(e) if e.code == "taken" => Ok(None),
            Err(e) => Err(e),
        }
    }

    /// Takes `action` on offer `id` as `by`, now, after `check` accepted the
    /// offer: its view after the answer. Exactly one answer wins, against
    /// another answer and against the expiry (in every process).
    ///
    /// # Errors
    ///
    /// `unknown_offer`, what `check` returns, the offer's refusal
    /// (`offer_expired`, `offer_resolved`, `not_allowed`, `not_participant`),
    /// `unavailable`.
    pub async fn act(
        &self,
        id: &str,
        by: &UserId,
        action: OfferAction,
        check: Check<'_>,
    ) -> Result<OfferView, ClientError> {
        match self {
            OfferBook::Memory(book) => book.act(id, by, action, check),
            OfferBook::Redis(book) => book.act(id, by, action, check).await,
        }
    }

    /// A page of `room`'s offers, newest first: at most `limit`, older than
    /// `cursor` (from the previous page's `next_cursor`).
    ///
    /// # Errors
    ///
    /// `invalid` for a limit of 0 or over [`BookRules::max_page`] or a
    /// cursor this book did not write, `unavailable`.
    pub async fn page(
        &self,
        room: &RoomId,
        cursor: Option<&str>,
        limit: usize,
    ) -> Result<Page, ClientError> {
        let max = self.rules().max_page;
        if limit == 0 || limit > max {
            return Err(ClientError::new(
                "invalid",
                format!("limit {limit} is out of range: expected 1 to {max}"),
            ));
        }
        let before = match cursor {
            None => u64::MAX,
            Some(text) => text.parse::<u64>().map_err(|_| {
                ClientError::new(
                    "invalid",
                    format!(
                        "cursor {}: expected the next_cursor of a previous page",
                        quoted(text)
                    ),
                )
            })?,
        };
        let (offers, more) = match self {
            OfferBook::Memory(book) => book.page(room, before, limit),
            OfferBook::Redis(book) => book.page(room, before, limit).await?,
        };
        Ok(Page {
            room: room.clone(),
            offers: offers.iter().map(|(_, view)| view.clone()).collect(),
            next_cursor: more
                .then(|| offers.last().map(|(seq, _)| seq.to_string()))
                .flatten(),
        })
    }

    /// Moves the book to now: the offers that expired unanswered since the
    /// last sweep (each reported once, to one process), and finished offers
    /// older than the retention removed.
    ///
    /// # Errors
    ///
    /// `unavailable`.
    pub async fn sweep(&self) -> Result<Vec<OfferView>, ClientError> {
        match self {
            OfferBook::Memory(book) => Ok(book.sweep()),
            OfferBook::Redis(book) => book.sweep().await,
        }
    }

    /// The book's bounds.
    pub fn rules(&self) -> BookRules {
        match self {
            OfferBook::Memory(book) => book.rules(),
            OfferBook::Redis(book) => book.rules(),
        }
    }
}

/// The refusal of an offer past the seller's limit.
fn user_limit(seller: &UserId, open: usize) -> ClientError {
    ClientError::new(
        "too_many_offers",
        format!(
            "{} has {open} open offers, the most a seller may have: wait for one to be answered or to expire, or withdraw one",
            quoted(seller.as_str())
        ),
    )
}

/// The refusal of an offer past the room's limit.
fn room_limit(room: &RoomId, open: usize) -> ClientError {
    ClientError::new(
        "too_many_offers",
        format!(
            "room {} has {open} open offers, the most a room may have: try again once some are answered or expired",
            quoted(room.as_str())
        ),
    )
}

/// The refusal of an offer when the book is full of open offers.
fn full(max: usize) -> ClientError {
    ClientError::new(
        "capacity",
        format!("the server holds {max} open offers, its limit: try again later"),
    )
}

fn unknown(id: &str) -> ClientError {
    ClientError::new("unknown_offer", format!("unknown offer {}", quoted(id)))
}

/// An id given for a loaded row that the book already has (not a client
/// error: [`OfferBook::add_with_id`] turns it into `None`).
fn taken(id: &str) -> ClientError {
    ClientError::new("taken", format!("offer id {} is taken", quoted(id)))
}

/// Whether the offer still counts as open at `now`: unanswered and not
/// expired.
fn is_open(offer: &DiscountOffer, now: DateTime<Utc>) -> bool {
    offer.resolution().is_none() && now < offer.expires_at()
}
