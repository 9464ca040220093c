//! One user's presence: the rules of the module documentation, as a state
//! machine over one record. The tracker holds the records and their locks;
//! everything that decides what happens to a user is here.

use compact_str::CompactString;

use super::config::Rules;
use super::event::{PresenceEvent, Transitions};
use super::names::NameId;
use super::stamp::Stamp;
use super::wheel::Filed;
use crate::models::UserId;

/// A connection of a user.
pub(super) struct Conn {
    pub(super) id: CompactString,
    pub(super) namespace: NameId,
    pub(super) last: Stamp,
}

/// A user the tracker holds: online, or offline and not yet reported.
///
/// Split in two so that the common heartbeat touches one small entry of the
/// hash table: the ids and the first connection, 72 bytes, are what it reads
/// and writes; the rest of the record is behind a box that only the other
/// calls follow. At 100,000 users the table's size decides the speed (each
/// heartbeat lands on a random entry: the smaller the table, the more of it
/// the caches and the TLB hold): in the same lookup loop (tzsafe-bench's
/// example `entry_size`), 112-byte entries took 1.25 to 1.4 times as long as
/// 72-byte ones, 64-byte ones about a tenth less.
pub(super) struct User {
    pub(super) id: CompactString,
    /// Connections not yet observed expired nor disconnected. Empty while the
    /// user is online by grace only.
    pub(super) conns: Conns,
    pub(super) cold: Box<Cold>,
}

/// The part of a user's record the common heartbeat does not touch.
pub(super) struct Cold {
    /// The heartbeat that started the online period.
    pub(super) online_since: Stamp,
    /// The latest disconnect of the period, and the last heartbeats of the
    /// connections it no longer holds: [`User::last_seen`] is the latest of
    /// this and the connections' last heartbeats, so that a heartbeat does not
    /// have to write it.
    gone_seen: Stamp,
    /// The latest activity; the period's start counts as one.
    pub(super) last_activity: Stamp,
    /// Whether `WentAway` was reported and `CameBack` not yet.
    pub(super) away: bool,
    /// Where the user is in the shard's deadline index.
    pub(super) filed: Filed,
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

/// What [`User::quick_beat`] did.
pub(super) enum Quick<'a> {
    /// A heartbeat on a live connection, newer than its last one: the
    /// caller sees to its namespace.
    Beat(&'a mut Conn),
    /// A heartbeat dated at or before the connection's last one: nothing.
    Unchanged,
    /// Not the common case; nothing changed: take the general path.
    General,
}

/// Whether two ids are the same. Ids are short: they are compared as two
/// overlapping chunks (the first and the last bytes), which costs a few
/// instructions where a call to `memcmp` costs a few dozen.
#[inline(always)]
pub(super) fn same(a: &str, b: &str) -> bool {
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

impl Conn {
    #[inline]
    fn is_live(&self, now: Stamp, rules: &Rules) -> bool {
        now < self.last.after(rules.ttl, rules.max)
    }
}

impl User {
    /// A user coming online at `now` with one connection.
    pub(super) fn new(id: &str, conn: &str, namespace: NameId, now: Stamp) -> User {
        User {
            id: CompactString::new(id),
            conns: Conns::One(Conn {
                id: CompactString::new(conn),
                namespace,
                last: now,
            }),
            cold: Box::new(Cold {
                online_since: now,
                gone_seen: now,
                last_activity: now,
                away: false,
                filed: Filed::NONE,
            }),
        }
    }

    /// The period's latest heartbeat or disconnect, over all its connections.
    #[inline]
    pub(super) fn last_seen(&self) -> Stamp {
        self.conns
            .iter()
            .map(|c| c.last)
            .fold(self.cold.gone_seen, Ord::max)
    }

    /// Keeps the connections for which `keep` holds; the others go to
    /// `dropped`, their last heartbeats kept in `last_seen`.
    fn drop_conns(&mut self, keep: impl FnMut(&Conn) -> bool, mut dropped: impl FnMut(Conn)) {
        let seen = &mut self.cold.gone_seen;
        self.conns.retain(keep, |conn| {
            *seen = (*seen).max(conn.last);
            dropped(conn);
        });
    }

    pub(super) fn user_id(&self) -> UserId {
        UserId::from(self.id.as_str())
    }

    /// The first instant the user is offline: the latest expiry of a
    /// connection, or (with none left) the end of the grace after the last
    /// heartbeat or disconnect.
    #[inline]
    pub(super) fn offline_at(&self, rules: &Rules) -> Stamp {
        match self.conns.as_slice() {
            [] => self.cold.gone_seen.after(rules.grace, rules.max),
            [only] => only.last.after(rules.ttl, rules.max),
            many => many
                .iter()
                .map(|c| c.last.after(rules.ttl, rules.max))
                .max()
                .unwrap_or(rules.max),
        }
    }

    /// When the user goes away if nothing happens before, if they are not
    /// away already and go away before going offline.
    #[inline]
    fn away_at(&self, rules: &Rules, offline_at: Stamp) -> Option<Stamp> {
        let after_idle = rules.away_after?;
        if self.cold.away {
            return None;
        }
        Some(self.cold.last_activity.after(after_idle, rules.max)).filter(|&at| at < offline_at)
    }

    /// The next instant something is to be reported for this user if nothing
    /// happens before: what the deadline index files them under.
    #[inline]
    pub(super) fn next_deadline(&self, rules: &Rules) -> Stamp {
        let offline = self.offline_at(rules);
        self.away_at(rules, offline).unwrap_or(offline)
    }

    /// Whether the user is online at `now`, and away.
    pub(super) fn state_at(&self, rules: &Rules, now: Stamp) -> (bool, bool) {
        let offline = self.offline_at(rules);
        let online = now < offline;
        let away = self.cold.away || self.away_at(rules, offline).is_some_and(|at| at <= now);
        (online, online && away)
    }

    /// The connections live at `now`.
    pub(super) fn live_conns<'a>(
        &'a self,
        rules: &'a Rules,
        now: Stamp,
    ) -> impl Iterator<Item = &'a Conn> + 'a {
        self.conns.iter().filter(move |c| c.is_live(now, rules))
    }

    /// Reports what has happened by `now`: the pending `WentAway`, then the
    /// `WentOffline`. Connections seen expired are dropped and passed to
    /// `dropped` (whose namespaces the caller releases).
    pub(super) fn observe(
        &mut self,
        rules: &Rules,
        now: Stamp,
        events: &mut Transitions,
        mut dropped: impl FnMut(Conn),
    ) -> Fate {
        let offline = self.offline_at(rules);
        if let Some(at) = self.away_at(rules, offline).filter(|&at| at <= now) {
            self.cold.away = true;
            events.push(PresenceEvent::WentAway {
                user: self.user_id(),
                at: at.to_datetime(),
            });
        }
        if now >= offline {
            events.push(PresenceEvent::WentOffline {
                user: self.user_id(),
                last_seen: self.last_seen().to_datetime(),
            });
            return Fate::Offline;
        }
        // Online, so some connection is live (or there are none, by grace):
        // the expired ones can go.
        if self.conns.iter().any(|c| !c.is_live(now, rules)) {
            self.drop_conns(|c| c.is_live(now, rules), &mut dropped);
        }
        Fate::Online
    }

    /// The common heartbeat in one pass: every connection of the user live,
    /// `conn` among them, nothing to report (no pending away). Anything else
    /// is left to the general path, with nothing changed. The user's deadline
    /// only moves later here, so the deadline index is not touched.
    #[inline]
    pub(super) fn quick_beat(&mut self, rules: &Rules, conn: &str, now: Stamp) -> Quick<'_> {
        if let Some(after_idle) = rules.away_after
            && !self.cold.away
            && self.cold.last_activity.after(after_idle, rules.max) <= now
        {
            return Quick::General;
        }
        let found = match &mut self.conns {
            // Nearly every user has one connection: no loop.
            Conns::One(only) => {
                if !only.is_live(now, rules) || !same(&only.id, conn) {
                    return Quick::General;
                }
                only
            }
            Conns::Empty => return Quick::General,
            Conns::Many(all) => {
                if all.iter().any(|c| !c.is_live(now, rules)) {
                    return Quick::General;
                }
                match all.iter_mut().find(|c| same(&c.id, conn)) {
                    Some(found) => found,
                    None => return Quick::General,
                }
            }
        };
        if now <= found.last {
            return Quick::Unchanged;
        }
        // `last_seen` follows: it is read from the connections.
        found.last = now;
        Quick::Beat(found)
    }

    /// What a heartbeat on `conn` at `now` would do.
    pub(super) fn plan_heartbeat(&self, rules: &Rules, conn: &str, now: Stamp) -> HeartbeatPlan {
        if now >= self.offline_at(rules) {
            // A new period starts with one connection: refused only by a
            // limit of none.
            if rules.max_connections == Some(0) {
                return HeartbeatPlan::Refused { live: 0 };
            }
            return HeartbeatPlan::Restart;
        }
        if self.live_conns(rules, now).any(|c| same(&c.id, conn)) {
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

    /// A heartbeat on the live connection `conn` (after [`observe`](Self::observe)):
    /// the connection, if the heartbeat is newer than its last one (the
    /// caller then sees to its namespace). One dated before (or at) the
    /// connection's last heartbeat, from another host's clock or a duplicate,
    /// changes nothing.
    pub(super) fn beat(&mut self, conn: &str, now: Stamp) -> Option<&mut Conn> {
        let found = self.conns.iter_mut().find(|c| same(&c.id, conn))?;
        if now <= found.last {
            return None;
        }
        found.last = now;
        Some(found)
    }

    /// A new live connection (after [`observe`](Self::observe)); a heartbeat
    /// within the grace continues the period.
    pub(super) fn connect(&mut self, conn: &str, namespace: NameId, now: Stamp) {
        self.conns.push(Conn {
            id: CompactString::new(conn),
            namespace,
            last: now,
        });
    }

    /// A new online period from `now` on, reusing the record (after the old
    /// period was reported offline). The old connections go to `dropped`.
    pub(super) fn restart(
        &mut self,
        conn: &str,
        namespace: NameId,
        now: Stamp,
        mut dropped: impl FnMut(Conn),
    ) {
        self.conns.retain(|_| false, &mut dropped);
        self.conns.push(Conn {
            id: CompactString::new(conn),
            namespace,
            last: now,
        });
        let cold = &mut *self.cold;
        cold.online_since = now;
        cold.gone_seen = now;
        cold.last_activity = now;
        cold.away = false;
    }

    /// A disconnect of `conn` at `now` (after [`observe`](Self::observe)):
    /// removes it if it is live. The caller observes again (the user may be
    /// offline now, with no grace).
    pub(super) fn disconnect(&mut self, conn: &str, now: Stamp) -> Option<Conn> {
        let at = self.conns.iter().position(|c| same(&c.id, conn))?;
        let removed = self.conns.remove(at)?;
        self.cold.gone_seen = self.cold.gone_seen.max(now).max(removed.last);
        Some(removed)
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
                user: self.user_id(),
                at: now.to_datetime(),
            });
        }
    }
}

/// A user's connections: nearly always one, stored in the record; more move
/// to the heap. 40 bytes, the size of one connection (a `SmallVec` would add
/// a word to every user).
pub(super) enum Conns {
    /// None left: the user is online by grace only.
    Empty,
    One(Conn),
    /// Two or more. Boxed so that the enum stays the size of one connection:
    /// a bare `Vec` would not fit beside it.
    #[allow(clippy::box_collection)]
    Many(Box<Vec<Conn>>),
}

impl Conns {
    pub(super) fn as_slice(&self) -> &[Conn] {
        match self {
            Conns::Empty => &[],
            Conns::One(conn) => core::slice::from_ref(conn),
            Conns::Many(conns) => conns,
        }
    }

    pub(super) fn iter(&self) -> core::slice::Iter<'_, Conn> {
        self.as_slice().iter()
    }

    pub(super) fn iter_mut(&mut self) -> core::slice::IterMut<'_, Conn> {
        match self {
            Conns::Empty => [].iter_mut(),
            Conns::One(conn) => core::slice::from_mut(conn).iter_mut(),
            Conns::Many(conns) => conns.iter_mut(),
        }
    }

    pub(super) fn push(&mut self, conn: Conn) {
        *self = match core::mem::replace(self, Conns::Empty) {
            Conns::Empty => Conns::One(conn),
            Conns::One(first) => Conns::Many(Box::new(vec![first, conn])),
            Conns::Many(mut conns) => {
                conns.push(conn);
                Conns::Many(conns)
            }
        };
    }

    /// Removes and returns the connection at `at`, if there is one.
    pub(super) fn remove(&mut self, at: usize) -> Option<Conn> {
        match self {
            Conns::One(_) if at == 0 => match core::mem::replace(self, Conns::Empty) {
                Conns::One(conn) => Some(conn),
                _ => None,
            },
            Conns::Many(conns) if at < conns.len() => {
                let conn = conns.remove(at);
                self.shrink();
                Some(conn)
            }
            _ => None,
        }
    }

    /// Keeps the connections for which `keep` holds, in order; the others go
    /// to `dropped`.
    pub(super) fn retain(
        &mut self,
        mut keep: impl FnMut(&Conn) -> bool,
        mut dropped: impl FnMut(Conn),
    ) {
        match self {
            Conns::Empty => {}
            Conns::One(conn) => {
                if !keep(conn)
                    && let Conns::One(conn) = core::mem::replace(self, Conns::Empty)
                {
                    dropped(conn);
                }
            }
            Conns::Many(conns) => {
                conns
                    .extract_if(.., |conn| !keep(conn))
                    .for_each(&mut dropped);
                self.shrink();
            }
        }
    }

    /// Back into the record when one connection or none is left.
    fn shrink(&mut self) {
        if let Conns::Many(conns) = self
            && conns.len() < 2
        {
            *self = conns.pop().map_or(Conns::Empty, Conns::One);
        }
    }
}

impl IntoIterator for Conns {
    type Item = Conn;
    type IntoIter = std::vec::IntoIter<Conn>;

    fn into_iter(self) -> Self::IntoIter {
        match self {
            Conns::Empty => Vec::new().into_iter(),
            Conns::One(conn) => vec![conn].into_iter(),
            Conns::Many(conns) => conns.into_iter(),
        }
    }
}

#[cfg(test)]
#[allow(
    clippy::indexing_slicing,
    clippy::arithmetic_side_effects,
    clippy::unwrap_used
)]
mod tests {
    use super::same;

    #[test]
    fn same_compares_whole_ids() {
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
                assert_eq!(same(a, b), a == b, "{a:?} {b:?}");
            }
        }
        // Every length up to 40, a difference at every position.
        for len in 0..40 {
            let a: String = (0..len)
                .map(|i| char::from(b'a' + (i % 26) as u8))
                .collect();
            assert!(same(&a, &a.clone()));
            for at in 0..len {
                let mut b = a.clone().into_bytes();
                b[at] = b'#';
                let b = String::from_utf8(b).unwrap();
                assert!(!same(&a, &b), "{a:?} {b:?}");
            }
        }
    }
}
