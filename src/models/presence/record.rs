//! One user's presence: the rules of the module documentation, as a state
//! machine over one record. The tracker holds the records and their locks;
//! everything that decides what happens to a user is here.
//!
//! A record is in two parts. [`HotPart`], the entry of the shard's hash
//! table, is what the common heartbeat reads and writes: the ids and the first
//! connection, 64 bytes. [`ColdPart`], in the shard's [`ColdParts`], is the
//! rest, which only the other calls follow. With many users the table's size
//! decides the speed: each heartbeat lands on a random entry, and the smaller
//! the table, the more of it the caches and the TLB hold (tzsafe-bench's
//! example `entry_size` compares entry sizes; BENCHMARKS.md has its figures).

use compact_str::CompactString;

use super::cold_parts::{ColdParts, Slot, MAX_SLOTS};
use super::config::Rules;
use super::deadline_index::Filed;
use super::event::{PresenceEvent, Transitions};
use super::namespaces::NamespaceId;
use super::stamp::{NanoStamp, Stamp};
use crate::models::UserId;

/// A connection held in a record's cold part.
pub(super) struct StoredConn {
    id: CompactString,
    namespace: NamespaceId,
    last: Stamp,
}

/// A connection of a user, wherever its record holds it.
#[derive(Clone, Copy, Debug)]
pub(super) struct ConnView<'a> {
    pub(super) id: &'a str,
    pub(super) namespace: NamespaceId,
    pub(super) last: Stamp,
}

impl ConnView<'_> {
    #[inline]
    fn is_live(self, now: Stamp, rules: &Rules) -> bool {
        now < self.last.after(rules.ttl, rules.latest)
    }
}

impl StoredConn {
    fn view(&self) -> ConnView<'_> {
        ConnView {
            id: &self.id,
            namespace: self.namespace,
            last: self.last,
        }
    }
}

/// Where a connection is in its record.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Place {
    First,
    More(usize),
}

/// The part of a user's record the common heartbeat reads and writes: one
/// 64-byte hash-table entry.
///
/// A user's connections are the first one, held here, then the cold part's
/// `more`, in the order they first heartbeat. The first is held here only
/// while its last heartbeat has a [`NanoStamp`] (every heartbeat dated from 1677
/// to 2262 outside a leap second); otherwise it moves to the front of
/// `more`, and `first_id` is empty (connection ids never are). It comes back
/// once the front of `more` has a `NanoStamp` again (`Record::settle`).
pub(super) struct HotPart {
    pub(super) id: CompactString,
    first_id: CompactString,
    first_beat: NanoStamp,
    first_namespace: NamespaceId,
    /// The cold part's slot, and in the top bit ([`MORE`]) whether `more`
    /// holds connections, so that a heartbeat knows the first is the only
    /// one without reading the cold part.
    slot_and_more: u32,
}

/// The flag of `HotPart::slot_and_more` saying that `more` holds connections.
const MORE: u32 = 1 << 31;

/// The part of a user's record the common heartbeat does not touch.
pub(super) struct ColdPart {
    /// The heartbeat that started the online period.
    pub(super) online_since: Stamp,
    /// The latest disconnect of the period, and the last heartbeats of the
    /// connections it no longer holds: [`RecordView::last_seen`] is the latest of
    /// this and the connections' last heartbeats, so that a heartbeat does not
    /// have to write it.
    gone_seen: Stamp,
    /// The latest activity; the period's start counts as one.
    last_activity: Stamp,
    /// Whether `WentAway` was reported and `CameBack` not yet.
    away: bool,
    /// Where the user is in the shard's deadline index.
    pub(super) filed: Filed,
    /// The connections after the first (all of them when the entry holds
    /// none). Boxed: one word for the users who have one connection.
    #[allow(clippy::box_collection)]
    more: Option<Box<Vec<StoredConn>>>,
}

impl ColdPart {
    /// What a free slot holds.
    pub(super) fn vacant() -> ColdPart {
        ColdPart {
            online_since: Stamp::EPOCH,
            gone_seen: Stamp::EPOCH,
            last_activity: Stamp::EPOCH,
            away: false,
            filed: Filed::NONE,
            more: None,
        }
    }

    fn more(&self) -> &[StoredConn] {
        self.more.as_deref().map_or(&[], Vec::as_slice)
    }
}

/// A whole record, to read.
#[derive(Clone, Copy)]
pub(super) struct RecordView<'a> {
    pub(super) hot: &'a HotPart,
    pub(super) cold: &'a ColdPart,
}

/// A whole record, to change.
pub(super) struct Record<'a> {
    pub(super) hot: &'a mut HotPart,
    pub(super) cold: &'a mut ColdPart,
}

/// Whether a user is still held after an observation.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[must_use]
pub(super) enum Fate {
    /// Online (the record stays).
    Online,
    /// Reported offline: the caller forgets the record.
    Offline,
}

/// What a heartbeat does to a user the tracker holds, decided before anything
/// changes (a refused heartbeat must leave pending events unreported).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum HeartbeatPlan {
    /// The period ended unreported: report it, start a new one.
    Restart,
    /// A heartbeat on a live connection.
    Existing,
    /// A new live connection.
    New,
    /// A new connection past the limit of live connections.
    Refused { live: usize },
}

/// What [`HotPart::quick_beat`] did.
pub(super) enum QuickBeat<'a> {
    /// A heartbeat on a live connection, newer than its last one: the
    /// caller sees to the connection's namespace.
    Beat(&'a mut NamespaceId),
    /// A heartbeat dated at or before the connection's last one: nothing.
    Unchanged,
    /// Not the common case; nothing changed: take the general path.
    General,
}

/// Whether two ids are the same. Ids are short: they are compared as two
/// overlapping chunks (the first and the last bytes), which costs a few
/// instructions where a call to `memcmp` costs a few dozen.
#[inline(always)]
pub(super) fn same_id(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    if a.len() != b.len() {
        return false;
    }
    fn ends<const N: usize>(s: &[u8]) -> Option<(&[u8; N], &[u8; N])> {
        Some((s.first_chunk::<N>()?, s.last_chunk::<N>()?))
    }
    match a.len() {
        0..4 => a == b,
        4..8 => ends::<4>(a) == ends::<4>(b),
        8..16 => ends::<8>(a) == ends::<8>(b),
        16..=32 => ends::<16>(a) == ends::<16>(b),
        _ => a == b,
    }
}

impl HotPart {
    /// A user coming online at `now` with one connection, the cold part
    /// stored in `cold_parts`; `None` when `cold_parts` is full.
    pub(super) fn new(
        id: &str,
        conn: &str,
        namespace: NamespaceId,
        now: Stamp,
        cold_parts: &mut ColdParts,
    ) -> Option<HotPart> {
        let slot = cold_parts.insert(ColdPart {
            online_since: now,
            gone_seen: now,
            last_activity: now,
            away: false,
            filed: Filed::NONE,
            more: None,
        })?;
        let mut user = HotPart {
            id: CompactString::new(id),
            first_id: CompactString::default(),
            first_beat: NanoStamp::EPOCH,
            first_namespace: namespace,
            slot_and_more: slot.get(),
        };
        Record {
            hot: &mut user,
            cold: cold_parts.get_mut(slot),
        }
        .connect(conn, namespace, now);
        Some(user)
    }

    /// Where the cold part is.
    #[inline]
    pub(super) fn slot(&self) -> Slot {
        Slot::from_number(self.slot_and_more & !MORE)
    }

    fn has_first(&self) -> bool {
        !self.first_id.is_empty()
    }

    pub(super) fn user_id(&self) -> UserId {
        UserId::from(self.id.as_str())
    }

    /// Gives the cold part back to `cold_parts`; the namespaces of the
    /// connections still held go to `release`. Returns where the user was
    /// filed in the deadline index, for the caller to unfile.
    pub(super) fn forget(
        self,
        cold_parts: &mut ColdParts,
        mut release: impl FnMut(NamespaceId),
    ) -> Filed {
        if self.has_first() {
            release(self.first_namespace);
        }
        let cold = cold_parts.remove(self.slot());
        cold.more().iter().for_each(|conn| release(conn.namespace));
        cold.filed
    }

    /// The common heartbeat in one pass: every connection of the user live,
    /// `conn` among them, nothing to report (no pending away). Anything else
    /// is left to the general path, with nothing changed. The user's deadline
    /// only moves later here, so the deadline index is not touched. The cold
    /// part is read only when the user has more than one connection or
    /// `away_after` is set.
    #[inline]
    pub(super) fn quick_beat<'a>(
        &'a mut self,
        cold_parts: &'a mut ColdParts,
        rules: &Rules,
        conn: &str,
        now: Stamp,
        nanos: NanoStamp,
    ) -> QuickBeat<'a> {
        if let Some(after_idle) = rules.away_after {
            let cold = cold_parts.get(self.slot());
            if !cold.away && cold.last_activity.after(after_idle, rules.latest) <= now {
                return QuickBeat::General;
            }
        }
        let first_live = self.first_beat.live_at(nanos, rules.ttl_nanos);
        if self.slot_and_more & MORE == 0 {
            // Nearly every user: one connection, in this entry.
            if !first_live || !same_id(&self.first_id, conn) {
                return QuickBeat::General;
            }
            return beat_first(&mut self.first_beat, &mut self.first_namespace, nanos);
        }
        let more = cold_parts.get_mut(self.slot()).more.as_deref_mut();
        let more = more.map_or(&mut [][..], Vec::as_mut_slice);
        if (self.has_first() && !first_live) || more.iter().any(|c| !c.view().is_live(now, rules)) {
            return QuickBeat::General;
        }
        if self.has_first() && same_id(&self.first_id, conn) {
            return beat_first(&mut self.first_beat, &mut self.first_namespace, nanos);
        }
        match more.iter_mut().find(|c| same_id(&c.id, conn)) {
            Some(found) if now <= found.last => QuickBeat::Unchanged,
            Some(found) => {
                // `last_seen` follows: it is read from the connections.
                found.last = now;
                QuickBeat::Beat(&mut found.namespace)
            }
            None => QuickBeat::General,
        }
    }
}

/// A heartbeat at `nanos` on the entry's live first connection.
#[inline(always)]
fn beat_first<'a>(
    last: &mut NanoStamp,
    namespace: &'a mut NamespaceId,
    nanos: NanoStamp,
) -> QuickBeat<'a> {
    if nanos <= *last {
        return QuickBeat::Unchanged;
    }
    // `last_seen` follows: it is read from the connections.
    *last = nanos;
    QuickBeat::Beat(namespace)
}

impl<'a> RecordView<'a> {
    /// The record of `hot`, its cold part read from `cold_parts`.
    #[inline]
    pub(super) fn of(hot: &'a HotPart, cold_parts: &'a ColdParts) -> RecordView<'a> {
        RecordView {
            hot,
            cold: cold_parts.get(hot.slot()),
        }
    }

    /// The connections, in the order they first heartbeat.
    pub(super) fn conns(self) -> impl Iterator<Item = ConnView<'a>> + 'a {
        self.first()
            .into_iter()
            .chain(self.cold.more().iter().map(StoredConn::view))
    }

    /// The connection the entry holds, if it holds one.
    fn first(self) -> Option<ConnView<'a>> {
        let hot = self.hot;
        hot.has_first().then(|| ConnView {
            id: &hot.first_id,
            namespace: hot.first_namespace,
            last: hot.first_beat.stamp(),
        })
    }

    /// Where the connection `conn` is, and what it holds.
    fn find(self, conn: &str) -> Option<(Place, ConnView<'a>)> {
        if let Some(first) = self.first().filter(|c| same_id(c.id, conn)) {
            return Some((Place::First, first));
        }
        let more = self.cold.more();
        let at = more.iter().position(|c| same_id(&c.id, conn))?;
        more.get(at).map(|c| (Place::More(at), c.view()))
    }

    /// When the online period started.
    pub(super) fn online_since(self) -> Stamp {
        self.cold.online_since
    }

    /// The period's latest heartbeat or disconnect, over all its connections.
    #[inline]
    pub(super) fn last_seen(self) -> Stamp {
        self.conns()
            .map(|c| c.last)
            .fold(self.cold.gone_seen, Ord::max)
    }

    /// The first instant the user is offline: the latest expiry of a
    /// connection, or (with none left) the end of the grace after the last
    /// heartbeat or disconnect.
    #[inline]
    pub(super) fn offline_at(self, rules: &Rules) -> Stamp {
        self.conns()
            .map(|c| c.last.after(rules.ttl, rules.latest))
            .max()
            .unwrap_or_else(|| self.cold.gone_seen.after(rules.grace, rules.latest))
    }

    /// When the user goes away if nothing happens before, if they are not
    /// away already and go away before going offline.
    #[inline]
    fn away_at(self, rules: &Rules, offline_at: Stamp) -> Option<Stamp> {
        let after_idle = rules.away_after?;
        if self.cold.away {
            return None;
        }
        Some(self.cold.last_activity.after(after_idle, rules.latest)).filter(|&at| at < offline_at)
    }

    /// The next instant something is to be reported for this user if nothing
    /// happens before: what the deadline index files them under.
    #[inline]
    pub(super) fn next_deadline(self, rules: &Rules) -> Stamp {
        let offline = self.offline_at(rules);
        self.away_at(rules, offline).unwrap_or(offline)
    }

    /// Whether the user is online at `now`, and away.
    pub(super) fn state_at(self, rules: &Rules, now: Stamp) -> (bool, bool) {
        let offline = self.offline_at(rules);
        let online = now < offline;
        let away = self.cold.away || self.away_at(rules, offline).is_some_and(|at| at <= now);
        (online, online && away)
    }

    /// The connections live at `now`.
    pub(super) fn live_conns(
        self,
        rules: &'a Rules,
        now: Stamp,
    ) -> impl Iterator<Item = ConnView<'a>> + 'a {
        self.conns().filter(move |c| c.is_live(now, rules))
    }

    /// What a heartbeat on `conn` at `now` would do.
    pub(super) fn plan_heartbeat(self, rules: &Rules, conn: &str, now: Stamp) -> HeartbeatPlan {
        if now >= self.offline_at(rules) {
            // A new period starts with one connection: refused only by a
            // limit of none.
            if rules.max_connections == Some(0) {
                return HeartbeatPlan::Refused { live: 0 };
            }
            return HeartbeatPlan::Restart;
        }
        if self.live_conns(rules, now).any(|c| same_id(c.id, conn)) {
            return HeartbeatPlan::Existing;
        }
        match rules.max_connections {
            Some(max) => {
                let live = self.live_conns(rules, now).count();
                if live >= max {
                    HeartbeatPlan::Refused { live }
                } else {
                    HeartbeatPlan::New
                }
            }
            None => HeartbeatPlan::New,
        }
    }
}

impl<'a> Record<'a> {
    /// The record of `hot`, its cold part in `cold_parts`.
    #[inline]
    pub(super) fn of(hot: &'a mut HotPart, cold_parts: &'a mut ColdParts) -> Record<'a> {
        let cold = cold_parts.get_mut(hot.slot());
        Record { hot, cold }
    }

    /// The record, to read.
    #[inline]
    pub(super) fn view(&self) -> RecordView<'_> {
        RecordView {
            hot: self.hot,
            cold: self.cold,
        }
    }

    fn more_mut(&mut self) -> &mut Vec<StoredConn> {
        self.cold.more.get_or_insert_with(Box::default)
    }

    /// Restores what [`HotPart`] promises after a change: the first connection
    /// in the entry when it can be, no empty box, the flag right.
    fn settle(&mut self) {
        if !self.hot.has_first()
            && let Some(more) = self.cold.more.as_deref_mut()
            && let Some(nanos) = more.first().and_then(|c| NanoStamp::of(c.last))
        {
            let next = more.remove(0);
            self.hot.first_id = next.id;
            self.hot.first_beat = nanos;
            self.hot.first_namespace = next.namespace;
        }
        if self.cold.more.as_ref().is_some_and(|more| more.is_empty()) {
            self.cold.more = None;
        }
        let slot = self.hot.slot_and_more & !MORE;
        self.hot.slot_and_more = if self.cold.more.is_some() {
            slot | MORE
        } else {
            slot
        };
    }

    /// A new live connection, last of the user's (after
    /// [`observe`](Self::observe)); a heartbeat within the grace continues
    /// the period.
    pub(super) fn connect(&mut self, conn: &str, namespace: NamespaceId, now: Stamp) {
        match NanoStamp::of(now) {
            Some(nanos) if !self.hot.has_first() && self.cold.more().is_empty() => {
                self.hot.first_id = CompactString::new(conn);
                self.hot.first_beat = nanos;
                self.hot.first_namespace = namespace;
            }
            _ => self.more_mut().push(StoredConn {
                id: CompactString::new(conn),
                namespace,
                last: now,
            }),
        }
        self.settle();
    }

    /// The connection at `at` heard from at `now`.
    fn set_last(&mut self, at: Place, now: Stamp) {
        match at {
            Place::First => match NanoStamp::of(now) {
                Some(nanos) => self.hot.first_beat = nanos,
                None => {
                    // Kept in full, still first.
                    let conn = StoredConn {
                        id: core::mem::take(&mut self.hot.first_id),
                        namespace: self.hot.first_namespace,
                        last: now,
                    };
                    self.more_mut().insert(0, conn);
                }
            },
            Place::More(i) => {
                if let Some(conn) = self.more_mut().get_mut(i) {
                    conn.last = now;
                }
            }
        }
        self.settle();
    }

    fn namespace_mut(&mut self, at: Place) -> Option<&mut NamespaceId> {
        match at {
            Place::First => Some(&mut self.hot.first_namespace),
            Place::More(i) => self
                .cold
                .more
                .as_deref_mut()
                .and_then(|more| more.get_mut(i))
                .map(|conn| &mut conn.namespace),
        }
    }

    /// Removes the connection at `at`: its namespace and last heartbeat.
    fn remove(&mut self, at: Place) -> Option<(NamespaceId, Stamp)> {
        let removed = match at {
            Place::First if self.hot.has_first() => {
                self.hot.first_id = CompactString::default();
                Some((self.hot.first_namespace, self.hot.first_beat.stamp()))
            }
            Place::First => None,
            Place::More(i) => match self.cold.more.as_deref_mut() {
                Some(more) if i < more.len() => {
                    let conn = more.remove(i);
                    Some((conn.namespace, conn.last))
                }
                _ => None,
            },
        };
        self.settle();
        removed
    }

    /// Keeps the connections for which `keep` holds, in order; the
    /// namespaces and last heartbeats of the others go to `dropped`.
    fn retain(
        &mut self,
        mut keep: impl FnMut(ConnView<'_>) -> bool,
        mut dropped: impl FnMut(NamespaceId, Stamp),
    ) {
        if let Some(first) = self.view().first()
            && !keep(first)
        {
            dropped(first.namespace, first.last);
            self.hot.first_id = CompactString::default();
        }
        if let Some(more) = self.cold.more.as_deref_mut() {
            more.extract_if(.., |conn| !keep(conn.view()))
                .for_each(|conn| dropped(conn.namespace, conn.last));
        }
        self.settle();
    }

    /// Keeps the connections for which `keep` holds; the namespaces of the
    /// others go to `dropped`, their last heartbeats kept in `last_seen`.
    fn drop_conns(
        &mut self,
        keep: impl FnMut(ConnView<'_>) -> bool,
        mut dropped: impl FnMut(NamespaceId),
    ) {
        let mut seen = self.cold.gone_seen;
        self.retain(keep, |namespace, last| {
            seen = seen.max(last);
            dropped(namespace);
        });
        self.cold.gone_seen = seen;
    }

    /// Reports what has happened by `now`: the pending `WentAway`, then the
    /// `WentOffline`. The namespaces of connections seen expired, which are
    /// dropped, go to `dropped` (the caller releases them).
    pub(super) fn observe(
        &mut self,
        rules: &Rules,
        now: Stamp,
        events: &mut Transitions,
        dropped: impl FnMut(NamespaceId),
    ) -> Fate {
        let offline = self.view().offline_at(rules);
        if let Some(at) = self.view().away_at(rules, offline).filter(|&at| at <= now) {
            self.cold.away = true;
            events.push(PresenceEvent::WentAway {
                user: self.hot.user_id(),
                at: at.to_datetime(),
            });
        }
        if now >= offline {
            events.push(PresenceEvent::WentOffline {
                user: self.hot.user_id(),
                last_seen: self.view().last_seen().to_datetime(),
            });
            return Fate::Offline;
        }
        // Online, so some connection is live (or there are none, by grace):
        // the expired ones can go.
        if self.view().conns().any(|c| !c.is_live(now, rules)) {
            self.drop_conns(|c| c.is_live(now, rules), dropped);
        }
        Fate::Online
    }

    /// A heartbeat on the live connection `conn` (after [`observe`](Self::observe)):
    /// the connection's namespace, if the heartbeat is newer than its last
    /// one (the caller then sees to it). One dated before (or at) the
    /// connection's last heartbeat, from another host's clock or a duplicate,
    /// changes nothing.
    pub(super) fn beat(&mut self, conn: &str, now: Stamp) -> Option<&mut NamespaceId> {
        let (at, found) = self.view().find(conn)?;
        if now <= found.last {
            return None;
        }
        self.set_last(at, now);
        // It may have moved into the cold part (a stamp without a `NanoStamp`).
        let (at, _) = self.view().find(conn)?;
        self.namespace_mut(at)
    }

    /// A new online period from `now` on, reusing the record (after the old
    /// period was reported offline). The old connections' namespaces go to
    /// `dropped`.
    pub(super) fn restart(
        &mut self,
        conn: &str,
        namespace: NamespaceId,
        now: Stamp,
        mut dropped: impl FnMut(NamespaceId),
    ) {
        self.retain(|_| false, |namespace, _| dropped(namespace));
        self.connect(conn, namespace, now);
        let cold = &mut *self.cold;
        cold.online_since = now;
        cold.gone_seen = now;
        cold.last_activity = now;
        cold.away = false;
    }

    /// A disconnect of `conn` at `now` (after [`observe`](Self::observe)):
    /// removes it if it is live, and returns its namespace. The caller
    /// observes again (the user may be offline now, with no grace).
    pub(super) fn disconnect(&mut self, conn: &str, now: Stamp) -> Option<NamespaceId> {
        let (at, _) = self.view().find(conn)?;
        let (namespace, last) = self.remove(at)?;
        self.cold.gone_seen = self.cold.gone_seen.max(now).max(last);
        Some(namespace)
    }

    /// Activity at `now` (after [`observe`](Self::observe), the user online).
    pub(super) fn activity(&mut self, now: Stamp, events: &mut Transitions) {
        let cold = &mut *self.cold;
        if now <= cold.last_activity {
            return;
        }
        cold.last_activity = now;
        if cold.away {
            cold.away = false;
            events.push(PresenceEvent::CameBack {
                user: self.hot.user_id(),
                at: now.to_datetime(),
            });
        }
    }
}

// The slot and the flag share a `u32`.
const _: () = assert!(MAX_SLOTS <= MORE as usize);

#[cfg(test)]
#[allow(
    clippy::indexing_slicing,
    clippy::arithmetic_side_effects,
    clippy::unwrap_used
)]
mod tests {
    use super::{same_id, ColdPart, HotPart};

    /// The record's size is most of the memory per user (the goal is under
    /// 200 bytes with one connection, hash table spare room included), and
    /// the hot part's decides the heartbeat's speed: a field added to either
    /// shows here first.
    #[test]
    fn record_size_is_pinned() {
        assert_eq!(core::mem::size_of::<HotPart>(), 64);
        assert_eq!(core::mem::size_of::<ColdPart>(), 56);
    }

    #[test]
    fn same_id_compares_whole_ids() {
        let ids = [
            "",
            "a",
            "ab",
            "user-000001",
            "user-000002",
            "sid-000001-a1b2c3d4e5",
            "sid-000001-a1b2c3d4e6",
            "0123456",
            "01234567",
            "012345678",
        ];
        for a in ids {
            for b in ids {
                assert_eq!(same_id(a, b), a == b, "{a:?} {b:?}");
            }
        }
        // Every length up to 40, a difference at every position.
        for len in 0..40 {
            let a: String = (0..len)
                .map(|i| char::from(b'a' + (i % 26) as u8))
                .collect();
            assert!(same_id(&a, &a.clone()));
            for at in 0..len {
                let mut b = a.clone().into_bytes();
                b[at] = b'#';
                let b = String::from_utf8(b).unwrap();
                assert!(!same_id(&a, &b), "{a:?} {b:?}");
            }
        }
    }
}
