//! The book in this process's memory, behind one lock: offers are few next
//! to heartbeats, and one lock makes every answer atomic against every other
//! answer and the expiry.
//!
//! Besides the offers by id, the book keeps what makes each operation cost
//! what it touches, not the size of the book: each room's offers by
//! sequence number (for pages), the open offers by deadline (for the
//! expiry), the finished ones by when they finished (for the retention),
//! and the open counts per seller and per room (for the limits).

use std::collections::{BTreeSet, HashMap};
use std::sync::{Mutex, MutexGuard, PoisonError};

use chrono::{DateTime, Utc};
use tzsafe::models::discount::{DiscountOffer, OfferAction};
use tzsafe::models::{RoomId, UserId};
use tzsafe::TimezoneAware;

use super::{full, is_open, room_limit, taken, unknown, user_limit, BookRules, Check, OfferView};
use crate::errors::ClientError;

struct Entry {
    seq: u64,
    offer: DiscountOffer,
    /// Counted in the open counts and listed in `deadlines`.
    open: bool,
}

#[derive(Default)]
struct Book {
    offers: HashMap<String, Entry>,
    /// Each room's offers: `(room, seq, id)`.
    rooms: BTreeSet<(RoomId, u64, String)>,
    /// Open offers by expiry: `(expires_at, seq, id)`.
    deadlines: BTreeSet<(DateTime<Utc>, u64, String)>,
    /// Finished offers by when they finished: `(at, seq, id)`.
    finished: BTreeSet<(DateTime<Utc>, u64, String)>,
    open_by_seller: HashMap<UserId, usize>,
    open_by_room: HashMap<RoomId, usize>,
    /// Offers that expired unanswered, not yet reported by a sweep.
    expired: Vec<String>,
    last_seq: u64,
}

/// The book in memory.
pub struct MemoryBook {
    book: Mutex<Book>,
    rules: BookRules,
    ctx: TimezoneAware,
}

impl MemoryBook {
    /// An empty book with `rules`, reading now from `ctx`.
    pub fn new(rules: BookRules, ctx: TimezoneAware) -> MemoryBook {
        MemoryBook {
            book: Mutex::default(),
            rules,
            ctx,
        }
    }

    fn lock(&self) -> MutexGuard<'_, Book> {
        // Every method leaves the book consistent before it can panic (none
        // is expected to), so a poisoned book is still valid.
        self.book.lock().unwrap_or_else(PoisonError::into_inner)
    }

    pub(super) fn now(&self) -> DateTime<Utc> {
        self.ctx.now()
    }

    pub(super) fn rules(&self) -> BookRules {
        self.rules
    }

    pub(super) fn add(
        &self,
        id: Option<String>,
        offer: DiscountOffer,
        now: DateTime<Utc>,
    ) -> Result<OfferView, ClientError> {
        let mut book = self.lock();
        book.expire(now);
        let open = is_open(&offer, now);
        if let Some(id) = &id {
            if book.offers.contains_key(id) {
                return Err(taken(id));
            }
        } else {
            let seller = book
                .open_by_seller
                .get(offer.seller())
                .copied()
                .unwrap_or(0);
            if seller >= self.rules.per_user {
                return Err(user_limit(offer.seller(), seller));
            }
            let room = book.open_by_room.get(offer.room()).copied().unwrap_or(0);
            if room >= self.rules.per_room {
                return Err(room_limit(offer.room(), room));
            }
        }
        while book.offers.len() >= self.rules.max_offers {
            let Some((_, _, oldest)) = book.finished.first().cloned() else {
                return Err(full(self.rules.max_offers));
            };
            book.remove(&oldest);
        }
        book.last_seq += 1;
        let seq = book.last_seq;
        let id = id.unwrap_or_else(|| format!("offer-{seq}"));
        let view = OfferView::at(&id, &offer, now);
        book.rooms.insert((offer.room().clone(), seq, id.clone()));
        if open {
            book.deadlines.insert((offer.expires_at(), seq, id.clone()));
            *book
                .open_by_seller
                .entry(offer.seller().clone())
                .or_default() += 1;
            *book.open_by_room.entry(offer.room().clone()).or_default() += 1;
        } else {
            let at = offer.resolution().map_or(offer.expires_at(), |(_, at)| at);
            book.finished.insert((at, seq, id.clone()));
        }
        book.offers.insert(id, Entry { seq, offer, open });
        Ok(view)
    }

    pub(super) fn act(
        &self,
        id: &str,
        by: &UserId,
        action: OfferAction,
        check: Check<'_>,
    ) -> Result<OfferView, ClientError> {
        let now = self.now();
        let mut book = self.lock();
        book.expire(now);
        let entry = book.offers.get_mut(id).ok_or_else(|| unknown(id))?;
        check(&entry.offer)?;
        entry.offer.respond_at(now, by, action)?;
        let view = OfferView::at(id, &entry.offer, now);
        let seq = entry.seq;
        book.close(id);
        book.finished.insert((now, seq, id.to_owned()));
        Ok(view)
    }

    /// Up to `limit` offers of `room` with a sequence number below `before`,
    /// newest first, and whether there are more.
    pub(super) fn page(
        &self,
        room: &RoomId,
        before: u64,
        limit: usize,
    ) -> (Vec<(u64, OfferView)>, bool) {
        let now = self.now();
        let book = self.lock();
        let start = (room.clone(), 0, String::new());
        let end = (room.clone(), before, String::new());
        let mut views = book
            .rooms
            .range(start..end)
            .rev()
            .filter_map(|(_, seq, id)| {
                let entry = book.offers.get(id)?;
                Some((*seq, OfferView::at(id, &entry.offer, now)))
            });
        let page: Vec<(u64, OfferView)> = views.by_ref().take(limit).collect();
        let more = views.next().is_some();
        (page, more)
    }

    pub(super) fn sweep(&self) -> Vec<OfferView> {
        let now = self.now();
        let mut book = self.lock();
        book.expire(now);
        let expired = std::mem::take(&mut book.expired);
        let views = expired
            .iter()
            .filter_map(|id| Some(OfferView::at(id, &book.offers.get(id)?.offer, now)))
            .collect();
        let retention = self.rules.retention;
        while let Some((at, _, id)) = book.finished.first().cloned() {
            if at + retention > now {
                break;
            }
            book.remove(&id);
        }
        views
    }

    /// How many offers the book holds.
    pub fn len(&self) -> usize {
        self.lock().offers.len()
    }

    /// Whether the book holds no offer.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

impl Book {
    /// The open offers whose deadline is past move to the finished ones, to
    /// be reported by the next sweep.
    fn expire(&mut self, now: DateTime<Utc>) {
        while let Some((at, seq, id)) = self.deadlines.first().cloned() {
            if at > now {
                break;
            }
            self.close(&id);
            self.finished.insert((at, seq, id.clone()));
            self.expired.push(id);
        }
    }

    /// The offer `id` is no longer open: out of the deadlines and the open
    /// counts.
    fn close(&mut self, id: &str) {
        let Some(entry) = self.offers.get_mut(id) else {
            return;
        };
        if !entry.open {
            return;
        }
        entry.open = false;
        let key = (entry.offer.expires_at(), entry.seq, id.to_owned());
        let (seller, room) = (entry.offer.seller().clone(), entry.offer.room().clone());
        self.deadlines.remove(&key);
        decrement(&mut self.open_by_seller, &seller);
        decrement(&mut self.open_by_room, &room);
    }

    /// The offer `id` leaves the book.
    fn remove(&mut self, id: &str) {
        self.close(id);
        let Some(entry) = self.offers.remove(id) else {
            return;
        };
        let at = entry
            .offer
            .resolution()
            .map_or(entry.offer.expires_at(), |(_, at)| at);
        self.finished.remove(&(at, entry.seq, id.to_owned()));
        self.rooms
            .remove(&(entry.offer.room().clone(), entry.seq, id.to_owned()));
    }
}

fn decrement<K: std::hash::Hash + Eq>(counts: &mut HashMap<K, usize>, key: &K) {
    if let Some(n) = counts.get_mut(key) {
        *n = n.saturating_sub(1);
        if *n == 0 {
            counts.remove(key);
        }
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::indexing_slicing)]

    use chrono::{TimeDelta, TimeZone};
    use tzsafe::models::discount::{
        Discount, DiscountValue, DiscountWindow, OfferState, WindowEnd, WindowStart,
    };

    use super::*;

    fn t0() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 12, 1, 9, 0, 0).unwrap()
    }

    fn offer(now: DateTime<Utc>, seller: &str, room: &str, ttl: i64) -> DiscountOffer {
        let window = DiscountWindow::from_bounds(WindowStart::At(now), WindowEnd::Open).unwrap();
        let value = DiscountValue::percentage_bp(500).unwrap();
        let discount = Discount::new("X".to_owned(), value, window).unwrap();
        DiscountOffer::new_at(
            now,
            RoomId::from(room),
            UserId::from(seller),
            UserId::from("bob"),
            discount,
            TimeDelta::seconds(ttl),
        )
        .unwrap()
    }

    fn rules() -> BookRules {
        BookRules {
            per_user: 3,
            per_room: 5,
            max_offers: 8,
            retention: TimeDelta::seconds(10),
            max_page: 4,
        }
    }

    fn book() -> (MemoryBook, TimezoneAware) {
        let ctx = TimezoneAware::new().frozen_at(t0());
        (MemoryBook::new(rules(), ctx.clone()), ctx)
    }

    #[test]
    fn limits_count_open_offers_only() {
        let (book, ctx) = book();
        for _ in 0..3 {
            book.add(None, offer(ctx.now(), "alice", "r1", 1), ctx.now())
                .unwrap();
        }
        let err = book
            .add(None, offer(ctx.now(), "alice", "r1", 1), ctx.now())
            .unwrap_err();
        assert_eq!(err.code, "too_many_offers");
        assert_eq!(
            err.message,
            "\"alice\" has 3 open offers, the most a seller may have: wait for one to be answered or to expire, or withdraw one"
        );
        book.add(None, offer(ctx.now(), "carol", "r1", 1), ctx.now())
            .unwrap();
        book.add(None, offer(ctx.now(), "carol", "r1", 1), ctx.now())
            .unwrap();
        let err = book
            .add(None, offer(ctx.now(), "carol", "r1", 1), ctx.now())
            .unwrap_err();
        assert_eq!(
            err.message,
            "room \"r1\" has 5 open offers, the most a room may have: try again once some are answered or expired"
        );
        // Expired offers are not open: the same instant they expire.
        ctx.advance(TimeDelta::seconds(1)).unwrap();
        book.add(None, offer(ctx.now(), "alice", "r1", 1), ctx.now())
            .unwrap();
        // An answered offer is not open either.
        let view = book
            .add(None, offer(ctx.now(), "alice", "r1", 60), ctx.now())
            .unwrap();
        let ok: Check<'_> = &|_| Ok(());
        book.act(&view.id, &"alice".into(), OfferAction::Withdraw, ok)
            .unwrap();
        book.add(None, offer(ctx.now(), "alice", "r1", 60), ctx.now())
            .unwrap();
        book.add(None, offer(ctx.now(), "alice", "r1", 60), ctx.now())
            .unwrap();
        assert_eq!(book.len(), 8);
        // The book is full: the oldest finished offers make room.
        book.add(None, offer(ctx.now(), "dave", "r2", 60), ctx.now())
            .unwrap();
        assert_eq!(book.len(), 8);
    }

    #[test]
    fn expiry_is_reported_once_and_finished_offers_leave_after_the_retention() {
        let (book, ctx) = book();
        let a = book
            .add(None, offer(ctx.now(), "alice", "r1", 5), ctx.now())
            .unwrap();
        let b = book
            .add(None, offer(ctx.now(), "alice", "r1", 5), ctx.now())
            .unwrap();
        let ok: Check<'_> = &|_| Ok(());
        book.act(&b.id, &"bob".into(), OfferAction::Accept, ok)
            .unwrap();
        assert!(book.sweep().is_empty());
        ctx.advance(TimeDelta::seconds(5)).unwrap();
        let expired = book.sweep();
        assert_eq!(expired.len(), 1);
        assert_eq!(
            (expired[0].id.as_str(), expired[0].state),
            (a.id.as_str(), OfferState::Expired)
        );
        assert!(book.sweep().is_empty());
        // b finished at t0, a at t0 + 5 s: each leaves 10 s later.
        ctx.advance(TimeDelta::seconds(5)).unwrap();
        book.sweep();
        assert_eq!(book.len(), 1);
        ctx.advance(TimeDelta::seconds(5)).unwrap();
        book.sweep();
        assert!(book.is_empty());
        let err = book
            .act(&a.id, &"bob".into(), OfferAction::Accept, ok)
            .unwrap_err();
        assert_eq!(err.code, "unknown_offer");
    }

    #[test]
    fn the_full_book_refuses_only_when_every_offer_is_open() {
        let (book, ctx) = book();
        for i in 0..8 {
            book.add(
                None,
                offer(ctx.now(), &format!("u{i}"), &format!("r{i}"), 60),
                ctx.now(),
            )
            .unwrap();
        }
        let err = book
            .add(None, offer(ctx.now(), "x", "y", 60), ctx.now())
            .unwrap_err();
        assert_eq!(
            (err.code, err.message.as_str()),
            (
                "capacity",
                "the server holds 8 open offers, its limit: try again later"
            )
        );
    }

    #[test]
    fn pages_are_newest_first_and_bounded() {
        let (book, ctx) = book();
        let ids: Vec<String> = (0..3)
            .map(|_| {
                book.add(None, offer(ctx.now(), "alice", "r1", 60), ctx.now())
                    .unwrap()
                    .id
            })
            .collect();
        book.add(None, offer(ctx.now(), "carol", "r2", 60), ctx.now())
            .unwrap();
        let (page, more) = book.page(&"r1".into(), u64::MAX, 2);
        let got: Vec<&str> = page.iter().map(|(_, v)| v.id.as_str()).collect();
        assert_eq!(got, [ids[2].as_str(), ids[1].as_str()]);
        assert!(more);
        let (page, more) = book.page(&"r1".into(), page[1].0, 2);
        assert_eq!(page.len(), 1);
        assert_eq!(page[0].1.id, ids[0]);
        assert!(!more);
    }
}
