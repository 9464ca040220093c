#![allow(unreachable_pub)]
//! A small, obviously correct model of presence: the rules of
//! `tzsafe::models::presence` written out literally, one `BTreeMap` of users
//! and a full scan for every sweep. It is the oracle the trackers are
//! compared with; it must stay simple enough to check against the module
//! documentation by reading.

use std::collections::BTreeMap;

use chrono::{DateTime, TimeDelta, Utc};
use tzsafe::models::presence::{PresenceError, PresenceErrorKind, PresenceEvent, PresenceStatus};
use tzsafe::{Error, ErrorKind};

/// What a presence call's error is about: one of the core's kinds, or (for
/// an `ErrorKind::Other` error) the presence detail's kind.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Core(ErrorKind),
    Presence(PresenceErrorKind),
}

/// A configured limit reached.
pub const CAPACITY: Kind = Kind::Presence(PresenceErrorKind::CapacityExceeded);
/// The store failed.
pub const STORE: Kind = Kind::Presence(PresenceErrorKind::Store);
/// A value that breaks a rule (an empty id, a bad configuration).
pub const INVALID: Kind = Kind::Core(ErrorKind::InvalidValue);

/// The kind of `err`, as [`Kind`] says.
pub fn kind(err: &Error) -> Kind {
    match PresenceError::of(err) {
        Some(detail) => {
            assert_eq!(err.kind(), ErrorKind::Other, "{err}");
            Kind::Presence(detail.kind())
        }
        None => Kind::Core(err.kind()),
    }
}

/// The rules, as plain values.
#[derive(Clone, Copy, Debug)]
pub struct Rules {
    pub ttl: TimeDelta,
    pub grace: TimeDelta,
    pub away_after: Option<TimeDelta>,
    pub max_users: Option<usize>,
    pub max_connections: Option<usize>,
}

#[derive(Clone, Debug)]
struct Conn {
    id: String,
    namespace: String,
    last: DateTime<Utc>,
}

#[derive(Clone, Debug)]
struct User {
    conns: Vec<Conn>,
    online_since: DateTime<Utc>,
    last_seen: DateTime<Utc>,
    last_activity: DateTime<Utc>,
    away: bool,
}

/// What the model says a status is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Status {
    pub online: bool,
    pub away: bool,
    pub online_since: Option<DateTime<Utc>>,
    pub last_seen: Option<DateTime<Utc>>,
    /// (connection, namespace, last heartbeat), in the order they connected.
    pub connections: Vec<(String, String, DateTime<Utc>)>,
}

pub struct Model {
    rules: Rules,
    users: BTreeMap<String, User>,
}

fn plus(at: DateTime<Utc>, d: TimeDelta) -> DateTime<Utc> {
    at.checked_add_signed(d).unwrap_or(DateTime::<Utc>::MAX_UTC)
}

impl Model {
    pub fn new(rules: Rules) -> Model {
        Model {
            rules,
            users: BTreeMap::new(),
        }
    }

    fn live(&self, c: &Conn, now: DateTime<Utc>) -> bool {
        now < plus(c.last, self.rules.ttl)
    }

    /// When the user is offline: the last connection's expiry, or, with no
    /// connection left, the grace after the last heartbeat or disconnect.
    fn offline_at(&self, u: &User) -> DateTime<Utc> {
        if u.conns.is_empty() {
            plus(u.last_seen, self.rules.grace)
        } else {
            u.conns
                .iter()
                .map(|c| plus(c.last, self.rules.ttl))
                .max()
                .unwrap()
        }
    }

    /// When an online user not yet away goes away, if before going offline.
    fn away_at(&self, u: &User) -> Option<DateTime<Utc>> {
        let after = self.rules.away_after?;
        let at = plus(u.last_activity, after);
        (!u.away && at < self.offline_at(u)).then_some(at)
    }

    /// Reports what has happened to `name` by `now`; false when it went
    /// offline (and is forgotten).
    fn observe(&mut self, name: &str, now: DateTime<Utc>, out: &mut Vec<PresenceEvent>) -> bool {
        let Some(u) = self.users.get(name).cloned() else {
            return false;
        };
        let mut u = u;
        if let Some(at) = self.away_at(&u).filter(|&at| at <= now) {
            u.away = true;
            out.push(PresenceEvent::WentAway {
                user: name.into(),
                at,
            });
        }
        if now >= self.offline_at(&u) {
            out.push(PresenceEvent::WentOffline {
                user: name.into(),
                last_seen: u.last_seen,
            });
            self.users.remove(name);
            return false;
        }
        u.conns.retain(|c| self.live(c, now));
        self.users.insert(name.to_owned(), u);
        true
    }

    fn come_online(&mut self, name: &str, conn: &str, ns: &str, now: DateTime<Utc>) {
        self.users.insert(
            name.to_owned(),
            User {
                conns: vec![Conn {
                    id: conn.to_owned(),
                    namespace: ns.to_owned(),
                    last: now,
                }],
                online_since: now,
                last_seen: now,
                last_activity: now,
                away: false,
            },
        );
    }

    pub fn heartbeat(
        &mut self,
        name: &str,
        conn: &str,
        ns: &str,
        now: DateTime<Utc>,
    ) -> Result<Vec<PresenceEvent>, Kind> {
        if name.is_empty() || conn.is_empty() {
            return Err(INVALID);
        }
        let mut out = Vec::new();
        // A period starts with one connection: refused by a limit of none.
        let none_allowed = self.rules.max_connections == Some(0);
        let Some(u) = self.users.get(name) else {
            if self
                .rules
                .max_users
                .is_some_and(|max| self.users.len() >= max)
                || none_allowed
            {
                return Err(CAPACITY);
            }
            self.come_online(name, conn, ns, now);
            out.push(PresenceEvent::CameOnline {
                user: name.into(),
                at: now,
            });
            return Ok(out);
        };
        if now >= self.offline_at(u) {
            if none_allowed {
                return Err(CAPACITY);
            }
            self.observe(name, now, &mut out);
            self.come_online(name, conn, ns, now);
            out.push(PresenceEvent::CameOnline {
                user: name.into(),
                at: now,
            });
            return Ok(out);
        }
        let live: Vec<&Conn> = u.conns.iter().filter(|c| self.live(c, now)).collect();
        let known = live.iter().any(|c| c.id == conn);
        if !known
            && self
                .rules
                .max_connections
                .is_some_and(|max| live.len() >= max)
        {
            return Err(CAPACITY);
        }
        self.observe(name, now, &mut out);
        let u = self.users.get_mut(name).unwrap();
        match u.conns.iter_mut().find(|c| c.id == conn) {
            Some(c) => {
                if now > c.last {
                    c.last = now;
                    c.namespace = ns.to_owned();
                    u.last_seen = u.last_seen.max(now);
                }
            }
            None => {
                u.conns.push(Conn {
                    id: conn.to_owned(),
                    namespace: ns.to_owned(),
                    last: now,
                });
                u.last_seen = u.last_seen.max(now);
            }
        }
        Ok(out)
    }

    pub fn disconnect(
        &mut self,
        name: &str,
        conn: &str,
        now: DateTime<Utc>,
    ) -> Result<Vec<PresenceEvent>, Kind> {
        if name.is_empty() || conn.is_empty() {
            return Err(INVALID);
        }
        let mut out = Vec::new();
        if !self.observe(name, now, &mut out) {
            return Ok(out);
        }
        let u = self.users.get_mut(name).unwrap();
        if let Some(at) = u.conns.iter().position(|c| c.id == conn) {
            u.conns.remove(at);
            u.last_seen = u.last_seen.max(now);
            self.observe(name, now, &mut out);
        }
        Ok(out)
    }

    pub fn activity(&mut self, name: &str, now: DateTime<Utc>) -> Result<Vec<PresenceEvent>, Kind> {
        if name.is_empty() {
            return Err(INVALID);
        }
        let mut out = Vec::new();
        if !self.observe(name, now, &mut out) {
            return Ok(out);
        }
        let u = self.users.get_mut(name).unwrap();
        if now > u.last_activity {
            u.last_activity = now;
            if u.away {
                u.away = false;
                out.push(PresenceEvent::CameBack {
                    user: name.into(),
                    at: now,
                });
            }
        }
        Ok(out)
    }

    /// Every user with something to report by `now` observed, in name order.
    /// (Users with nothing to report are left alone: observing them would
    /// only drop expired connections, which matters once the clock goes
    /// back.)
    pub fn sweep(&mut self, now: DateTime<Utc>) -> Vec<PresenceEvent> {
        let mut out = Vec::new();
        let names: Vec<String> = self.users.keys().cloned().collect();
        for name in names {
            let u = &self.users[&name];
            let due = self.offline_at(u) <= now || self.away_at(u).is_some_and(|at| at <= now);
            if due {
                self.observe(&name, now, &mut out);
            }
        }
        out
    }

    pub fn status(&self, name: &str, now: DateTime<Utc>) -> Status {
        let Some(u) = self.users.get(name) else {
            return Status {
                online: false,
                away: false,
                online_since: None,
                last_seen: None,
                connections: Vec::new(),
            };
        };
        let online = now < self.offline_at(u);
        let away = online && (u.away || self.away_at(u).is_some_and(|at| at <= now));
        Status {
            online,
            away,
            online_since: online.then_some(u.online_since),
            last_seen: Some(u.last_seen),
            connections: if online {
                u.conns
                    .iter()
                    .filter(|c| self.live(c, now))
                    .map(|c| (c.id.clone(), c.namespace.clone(), c.last))
                    .collect()
            } else {
                Vec::new()
            },
        }
    }

    pub fn online_users(&self) -> Vec<String> {
        self.users.keys().cloned().collect()
    }
}

/// Groups events by user, keeping each user's order (a sweep reports users
/// in no particular order, but one user's events in the order they happened).
pub fn by_user(events: &[PresenceEvent]) -> BTreeMap<String, Vec<PresenceEvent>> {
    let mut map = BTreeMap::<String, Vec<PresenceEvent>>::new();
    for e in events {
        map.entry(e.user().to_string()).or_default().push(e.clone());
    }
    map
}

/// Whether a store's status says what the model's does (connections in any
/// order).
pub fn same_status(store: &PresenceStatus, model: &Status) -> bool {
    let mut conns: Vec<_> = store
        .connections()
        .iter()
        .map(|c| {
            (
                c.connection().to_owned(),
                c.namespace().to_owned(),
                c.last_heartbeat(),
            )
        })
        .collect();
    let mut expected = model.connections.clone();
    conns.sort();
    expected.sort();
    store.is_online() == model.online
        && store.is_away() == model.away
        && store.online_since() == model.online_since
        && store.last_seen() == model.last_seen
        && conns == expected
}
