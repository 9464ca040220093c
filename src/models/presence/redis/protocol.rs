//! What crosses between Rust and the Lua library (`presence.lua`): the
//! library and its functions, the rules argument, and the codes of the
//! replies, typed here once and pinned to the Lua's by the tests below.

use std::time::Duration;

use redis::Value;

use crate::models::presence::config::Rules;
use crate::models::presence::errors::store;
use crate::models::presence::event::{PresenceEvent, Transitions};
use crate::models::presence::stamp::{Stamp, StampDelta};
use crate::models::presence::status::{PresenceConnection, PresenceStatus};
use crate::models::UserId;
use crate::Error;

/// The library, loaded as it is (`FUNCTION LOAD REPLACE`).
pub(super) const LIBRARY_TEXT: &str = include_str!("presence.lua");

/// The library's name, with the version of its protocol: every function's
/// name starts with it and `_`.
macro_rules! library {
    () => {
        "tzsafe_presence_v1"
    };
}

#[cfg(test)]
const LIBRARY: &str = library!();

/// The library's functions, one per operation.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Function {
    /// One heartbeat.
    Heartbeat,
    /// Many heartbeats at one instant, on one server.
    Batch,
    Disconnect,
    Activity,
    /// Claims due index members.
    Sweep,
    Status,
    /// How many users the held shards count.
    Count,
    /// The members the held shards count.
    Online,
    /// An index change, on the index's node of a cluster.
    Index,
}

impl Function {
    #[cfg(test)]
    const ALL: [Function; 9] = [
        Function::Heartbeat,
        Function::Batch,
        Function::Disconnect,
        Function::Activity,
        Function::Sweep,
        Function::Status,
        Function::Count,
        Function::Online,
        Function::Index,
    ];

    /// The function's name in Redis.
    pub(super) fn name(self) -> &'static str {
        match self {
            Function::Heartbeat => concat!(library!(), "_heartbeat"),
            Function::Batch => concat!(library!(), "_batch"),
            Function::Disconnect => concat!(library!(), "_disconnect"),
            Function::Activity => concat!(library!(), "_activity"),
            Function::Sweep => concat!(library!(), "_sweep"),
            Function::Status => concat!(library!(), "_status"),
            Function::Count => concat!(library!(), "_count"),
            Function::Online => concat!(library!(), "_online"),
            Function::Index => concat!(library!(), "_index"),
        }
    }

    /// Whether it only reads (`no-writes`: called with `FCALL_RO`).
    fn reads_only(self) -> bool {
        matches!(self, Function::Status | Function::Count | Function::Online)
    }

    /// A call of the function on `keys`, to which the caller adds the
    /// arguments.
    pub(super) fn call<K: redis::ToRedisArgs>(self, keys: &[K]) -> redis::Cmd {
        let mut cmd = self.call_on(keys.len());
        cmd.arg(keys);
        cmd
    }

    /// A call of the function on `keys` keys, to which the caller adds the
    /// keys, then the arguments.
    pub(super) fn call_on(self, keys: usize) -> redis::Cmd {
        let command = if self.reads_only() {
            "FCALL_RO"
        } else {
            "FCALL"
        };
        let mut cmd = redis::cmd(command);
        cmd.arg(self.name()).arg(keys);
        cmd
    }
}

/// Defines a code enum of the protocol with its Lua table: the variants,
/// their numbers and their names in `presence.lua`.
macro_rules! codes {
    ($(#[$meta:meta])* $name:ident in $table:literal { $($(#[$vmeta:meta])* $variant:ident = $value:literal as $lua:literal,)* }) => {
        $(#[$meta])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq)]
        pub(super) enum $name {
            $($(#[$vmeta])* $variant = $value,)*
        }

        impl $name {
            /// The variant of `code`.
            pub(super) fn of(code: i64) -> Option<Self> {
                match code {
                    $($value => Some($name::$variant),)*
                    _ => None,
                }
            }

            /// The Lua table's name and its entries, for the test that pins them.
            #[cfg(test)]
            const LUA: (&'static str, &'static [(&'static str, i64)]) =
                ($table, &[$(($lua, $value),)*]);
        }
    };
}

codes! {
    /// The first value of every answer.
    Code in "Reply" {
        /// Done (alone: the common heartbeat, nothing to report).
        Ok = 0 as "OK",
        /// Refused: `max_users` reached (then: how many are held).
        FullUsers = 1 as "FULL_USERS",
        /// Refused: `max_connections_per_user` reached (then: how many are live).
        FullConns = 2 as "FULL_CONNS",
        /// A new user under `max_users`: to be sent again, counted.
        Count = 3 as "COUNT",
        /// This user's part of a batch or sweep failed (then: the message).
        Failed = 4 as "FAILED",
    }
}

codes! {
    /// What an answer asks of the deadline index.
    IndexAction in "Index" {
        None = 0 as "NONE",
        /// A new period's member.
        Add = 1 as "ADD",
        /// The deadline moved earlier.
        Lower = 2 as "LOWER",
        /// Filed again at the real deadline (a sweep's claim).
        Refile = 3 as "REFILE",
        /// The record is gone: its members go.
        Drop = 4 as "DROP",
    }
}

codes! {
    /// The kind of an event in an answer.
    EventKind in "Event" {
        CameOnline = 0 as "CAME_ONLINE",
        WentOffline = 1 as "WENT_OFFLINE",
        WentAway = 2 as "WENT_AWAY",
        CameBack = 3 as "CAME_BACK",
    }
}

/// The index change of an answer (on one server already made by the
/// function; in a cluster made by the caller with [`Function::Index`]).
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) struct IndexChange {
    pub(super) action: IndexAction,
    /// The second of the next deadline, for `Add`, `Lower`, `Refile`.
    pub(super) deadline: Option<i64>,
    /// The period's id: the member is `<pid><user>`.
    pub(super) pid: Option<String>,
    /// The id of a period whose members go.
    pub(super) old_pid: Option<String>,
    /// When the record's key expires now, if its TTL was refreshed (the
    /// server's clock, ms): the held member's score.
    pub(super) expires: Option<i64>,
}

impl IndexChange {
    /// Whether the index has anything to do.
    pub(super) fn is_empty(&self) -> bool {
        self.action == IndexAction::None && self.old_pid.is_none() && self.expires.is_none()
    }
}

/// What a function answered for one user.
#[derive(Debug)]
pub(super) enum Answer {
    /// Done: the index change and the events.
    Done(IndexChange, Transitions),
    /// Refused: `max_users` users are held.
    FullUsers(usize),
    /// Refused: the user has this many live connections.
    FullConns(usize),
    /// A new user under `max_users`: count and ask again.
    Count,
    /// This user's part failed: Redis's message.
    Failed(String),
}

/// `value` as text, for an answer's strings.
fn text(value: &Value) -> Option<&str> {
    match value {
        Value::BulkString(bytes) => core::str::from_utf8(bytes).ok(),
        Value::SimpleString(text) => Some(text),
        _ => None,
    }
}

/// `value` as a whole number.
fn number(value: &Value) -> Option<i64> {
    match value {
        Value::Int(n) => Some(*n),
        _ => text(value)?.parse().ok(),
    }
}

/// `value` as text, or `None` for nil (Lua's `false`).
fn optional_text(value: &Value) -> Option<Option<String>> {
    match value {
        Value::Nil => Some(None),
        _ => text(value).map(|t| Some(t.to_owned())),
    }
}

/// `value` as a number, or `None` for nil.
fn optional_number(value: &Value) -> Option<Option<i64>> {
    match value {
        Value::Nil => Some(None),
        _ => number(value).map(Some),
    }
}

/// A function's answer for `user`: the bare `OK` code of the common
/// heartbeat, or an array.
pub(super) fn read_answer(value: &Value, user: &str) -> Result<Answer, Error> {
    let items = match value {
        Value::Int(_) if number(value) == Some(Code::Ok as i64) => {
            return Ok(Answer::Done(IndexChange::none(), Transitions::new()));
        }
        Value::Array(items) => items.as_slice(),
        _ => return Err(bad_answer(value)),
    };
    let code = items.first().and_then(number).and_then(Code::of);
    let count = || {
        let n = items
            .get(1)
            .and_then(number)
            .ok_or_else(|| bad_answer(value))?;
        Ok(usize::try_from(n).unwrap_or(0))
    };
    match code {
        Some(Code::Ok) => read_done(items, user).ok_or_else(|| bad_answer(value)),
        Some(Code::FullUsers) => count().map(Answer::FullUsers),
        Some(Code::FullConns) => count().map(Answer::FullConns),
        Some(Code::Count) => Ok(Answer::Count),
        Some(Code::Failed) => {
            let message = items
                .get(1)
                .and_then(text)
                .ok_or_else(|| bad_answer(value))?;
            Ok(Answer::Failed(message.to_owned()))
        }
        None => Err(bad_answer(value)),
    }
}

impl IndexChange {
    /// No change.
    pub(super) fn none() -> IndexChange {
        IndexChange {
            action: IndexAction::None,
            deadline: None,
            pid: None,
            old_pid: None,
            expires: None,
        }
    }
}

/// `{OK, action, deadline, pid, old pid, expires, (kind, instant)...}`.
fn read_done(items: &[Value], user: &str) -> Option<Answer> {
    let (head, events) = items.split_at_checked(6)?;
    let [_, action, deadline, pid, old_pid, expires] = head else {
        return None;
    };
    let change = IndexChange {
        action: IndexAction::of(number(action)?)?,
        deadline: optional_number(deadline)?,
        pid: optional_text(pid)?,
        old_pid: optional_text(old_pid)?,
        expires: optional_number(expires)?,
    };
    let mut out = Transitions::new();
    for event in events.chunks(2) {
        let [kind, at] = event else {
            return None;
        };
        let (at, user) = (Stamp::decode(text(at)?)?, UserId::from(user));
        out.push(match EventKind::of(number(kind)?)? {
            EventKind::CameOnline => PresenceEvent::CameOnline { user, at },
            EventKind::WentOffline => PresenceEvent::WentOffline {
                user,
                last_seen: at,
            },
            EventKind::WentAway => PresenceEvent::WentAway { user, at },
            EventKind::CameBack => PresenceEvent::CameBack { user, at },
        });
    }
    Some(Answer::Done(change, out))
}

/// The status function's answer: online, away, since, last seen, then
/// three values per live connection.
pub(super) fn read_status(value: &Value) -> Result<PresenceStatus, Error> {
    let read = || {
        let Value::Array(items) = value else {
            return None;
        };
        let (head, conns) = items.split_at_checked(4)?;
        let [online, away, since, seen] = head else {
            return None;
        };
        let Some(seen) = optional_text(seen)? else {
            return Some(PresenceStatus::unknown());
        };
        let seen = Stamp::decode(&seen)?;
        let online = number(online)? == 1;
        let since = if online {
            Stamp::decode(text(since)?)?
        } else {
            seen
        };
        let connections = conns
            .chunks(3)
            .map(|c| match c {
                [id, namespace, last] => Some(PresenceConnection::new(
                    text(id)?,
                    text(namespace)?,
                    Stamp::decode(text(last)?)?,
                )),
                _ => None,
            })
            .collect::<Option<Vec<_>>>()?;
        Some(PresenceStatus::new(
            online,
            number(away)? == 1,
            since,
            seen,
            connections,
        ))
    };
    read().ok_or_else(|| bad_answer(value))
}

/// A whole number answer (`count`).
pub(super) fn read_count(value: &Value) -> Result<usize, Error> {
    number(value)
        .and_then(|n| usize::try_from(n).ok())
        .ok_or_else(|| bad_answer(value))
}

/// An array of texts (`online`'s members, `ZRANGEBYSCORE`).
pub(super) fn read_texts(value: &Value) -> Result<Vec<String>, Error> {
    let Value::Array(items) = value else {
        return Err(bad_answer(value));
    };
    items
        .iter()
        .map(|item| text(item).map(str::to_owned))
        .collect::<Option<Vec<_>>>()
        .ok_or_else(|| bad_answer(value))
}

/// A batch's answers: `(position, answer)` pairs for the users that did not
/// take the common path.
pub(super) fn read_positions(value: &Value) -> Result<Vec<(usize, &Value)>, Error> {
    let Value::Array(items) = value else {
        return Err(bad_answer(value));
    };
    items
        .chunks(2)
        .map(|pair| match pair {
            [position, answer] => number(position)
                .and_then(|p| usize::try_from(p).ok())
                .map(|p| (p, answer)),
            _ => None,
        })
        .collect::<Option<Vec<_>>>()
        .ok_or_else(|| bad_answer(value))
}

/// The values of an array answer (a sweep's, one per member).
pub(super) fn read_array(value: &Value) -> Result<&[Value], Error> {
    match value {
        Value::Array(items) => Ok(items),
        _ => Err(bad_answer(value)),
    }
}

#[cold]
pub(super) fn bad_answer(value: &Value) -> Error {
    store(format!(
        "presence store: Redis answered {value:?}, which this version does not read"
    ))
}

/// The longest key TTL the store sets, in milliseconds (2^50, some 35,700
/// years): Redis refuses an expiry whose sum with its clock passes `i64`,
/// and Lua's numbers hold integers exactly only below 2^53, so the longest
/// durations (`TimeDelta::MAX`) are cut here.
const MAX_KEEP_MS: i64 = 1 << 50;

/// The rules argument every function reads (`rules_of` in the Lua):
/// eleven numbers separated by spaces, `-` for none: the TTL, grace and
/// away_after (seconds, nanoseconds each), the record key's TTL when
/// refreshed (ms), the refresh interval (seconds, nanoseconds), the
/// connection and user limits. The key's TTL is the longest deadline a
/// change sets (a heartbeat's TTL, a disconnect's grace) plus `keep`; it is
/// refreshed when less than the longest deadline plus half of `keep` is
/// left.
pub(super) fn rules_arg(rules: &Rules, max_users: Option<usize>, keep: Duration) -> String {
    let pair = |delta: Option<StampDelta>| match delta.map(StampDelta::parts) {
        Some((secs, nanos)) => format!("{secs} {nanos}"),
        None => "- -".to_owned(),
    };
    let limit = |limit: Option<usize>| limit.map_or_else(|| "-".to_owned(), |n| n.to_string());
    let longest = rules.ttl.delta().max(rules.grace.delta());
    let keep_ms = longest
        .num_milliseconds()
        .saturating_add(1)
        .saturating_add(i64::try_from(keep.as_millis()).unwrap_or(i64::MAX))
        .clamp(1, MAX_KEEP_MS);
    let half = keep.checked_div(2).unwrap_or_default();
    format!(
        "{ttl} {grace} {away} {keep_ms} {refresh_secs} {refresh_nanos} {max_conns} {max_users}",
        ttl = pair(Some(rules.ttl)),
        grace = pair(Some(rules.grace)),
        away = pair(rules.away_after),
        refresh_secs = half.as_secs(),
        refresh_nanos = half.subsec_nanos(),
        max_conns = limit(rules.max_connections),
        max_users = limit(max_users),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::models::presence::{PresenceError, PresenceErrorKind};
    use chrono::{DateTime, Utc};

    /// The Lua table `local <name> = { A = 0, B = 1 }`'s entries.
    fn lua_table(name: &str) -> Vec<(String, i64)> {
        let start = format!("local {name} = {{ ");
        let line = LIBRARY_TEXT
            .lines()
            .find(|l| l.starts_with(&start))
            .unwrap_or_else(|| panic!("no table {name} in presence.lua"));
        line.trim_start_matches(start.as_str())
            .trim_end_matches(" }")
            .split(", ")
            .map(|entry| {
                let (lua, value) = entry.split_once(" = ").unwrap_or_default();
                (lua.to_owned(), value.parse().unwrap_or(-1))
            })
            .collect()
    }

    fn rust_table(table: (&str, &[(&str, i64)])) -> (String, Vec<(String, i64)>) {
        let entries = table.1.iter().map(|(n, v)| ((*n).to_owned(), *v)).collect();
        (table.0.to_owned(), entries)
    }

    /// Every code the Rust side reads is the Lua's, name and number, and
    /// the Lua has no other.
    #[test]
    fn codes_are_the_luas() {
        for (name, entries) in [
            rust_table(Code::LUA),
            rust_table(IndexAction::LUA),
            rust_table(EventKind::LUA),
        ] {
            assert_eq!(lua_table(&name), entries, "table {name}");
        }
    }

    /// The library's name, the names its functions register under, and the
    /// number of rules the Lua reads are the Rust side's.
    #[test]
    fn names_and_rules_are_the_luas() {
        assert_eq!(
            LIBRARY_TEXT.lines().next(),
            Some(format!("#!lua name={LIBRARY}").as_str())
        );
        assert!(LIBRARY_TEXT
            .lines()
            .any(|l| l == format!("local LIBRARY = '{LIBRARY}'")));
        let registered: Vec<String> = LIBRARY_TEXT
            .lines()
            .filter_map(|l| l.strip_prefix("register('"))
            .filter_map(|l| l.split('\'').next())
            .map(|op| format!("{LIBRARY}_{op}"))
            .collect();
        let rust: Vec<String> = Function::ALL.iter().map(|f| f.name().to_owned()).collect();
        assert_eq!(registered, rust);
        for function in Function::ALL {
            let read_only = format!("register('{}', ", &function.name()[LIBRARY.len() + 1..]);
            let line = LIBRARY_TEXT.lines().find(|l| l.starts_with(&read_only));
            assert_eq!(
                line.is_some_and(|l| l.contains("'no-writes'")),
                function.reads_only(),
                "{function:?}"
            );
        }
        let rules = crate::models::presence::PresenceConfig::new()
            .check()
            .map(|c| rules_arg(&c.rules, None, Duration::from_secs(3600)))
            .unwrap_or_default();
        let names = LIBRARY_TEXT
            .split("local RULE_NAMES = {")
            .nth(1)
            .and_then(|rest| rest.split('}').next())
            .unwrap_or_default();
        assert_eq!(
            names.matches('\'').count() / 2,
            rules.split(' ').count(),
            "{rules}"
        );
        assert_eq!(rules, "60 0 0 0 - - 3660001 1800 0 - -");
    }

    /// The Lua caps sums at chrono's last instant, written into it as
    /// numbers: they must be chrono's.
    #[test]
    fn the_luas_last_instant_is_chronos() {
        let line = LIBRARY_TEXT
            .lines()
            .find(|l| l.starts_with("local MAX_S, MAX_N = "))
            .unwrap_or_default();
        let max = DateTime::<Utc>::MAX_UTC;
        assert_eq!(
            line,
            format!(
                "local MAX_S, MAX_N = {}, {}",
                max.timestamp(),
                max.timestamp_subsec_nanos()
            )
        );
        assert_eq!(Stamp::decode(&Stamp::max().encoded()), Some(max));
    }

    fn bulk(text: &str) -> Value {
        Value::BulkString(text.as_bytes().to_vec())
    }

    /// `{OK, action, nil x4, rest...}`: a done answer with no index change.
    fn done(action: i64, rest: &[Value]) -> Value {
        let mut items = vec![Value::Int(0), Value::Int(action)];
        items.extend([Value::Nil, Value::Nil, Value::Nil, Value::Nil]);
        items.extend_from_slice(rest);
        Value::Array(items)
    }

    const AT: &str = "100017961145000000000000";

    #[test]
    fn answers_are_read() {
        let value = Value::Array(vec![
            Value::Int(0),
            Value::Int(1),
            Value::Int(1_796_114_560),
            bulk("0123456789abcdef"),
            Value::Nil,
            Value::Int(1_796_118_100_000),
            Value::Int(0),
            bulk(AT),
        ]);
        let Ok(Answer::Done(change, events)) = read_answer(&value, "alice") else {
            panic!("{value:?}");
        };
        assert_eq!(change.action, IndexAction::Add);
        assert_eq!(change.deadline, Some(1_796_114_560));
        assert_eq!(change.pid.as_deref(), Some("0123456789abcdef"));
        assert_eq!(
            (change.old_pid, change.expires),
            (None, Some(1_796_118_100_000))
        );
        assert_eq!(events.len(), 1);
        // The common heartbeat's bare code.
        assert!(matches!(
            read_answer(&Value::Int(0), "alice"),
            Ok(Answer::Done(change, events)) if change.is_empty() && events.is_empty()
        ));
        let full = Value::Array(vec![Value::Int(2), Value::Int(3)]);
        assert!(matches!(read_answer(&full, "a"), Ok(Answer::FullConns(3))));
    }

    #[test]
    fn answers_are_read_strictly() {
        for bad in [
            Value::Int(1),
            bulk("ok"),
            Value::Array(vec![Value::Int(9)]),
            Value::Array(vec![Value::Int(0), Value::Int(0), Value::Nil]),
            done(7, &[]),
            done(0, &[Value::Int(0)]),
            done(0, &[Value::Int(9), bulk(AT)]),
            done(0, &[Value::Int(0), bulk("not an instant")]),
        ] {
            let err = read_answer(&bad, "alice").err();
            assert_eq!(
                err.as_ref()
                    .and_then(PresenceError::of)
                    .map(PresenceError::kind),
                Some(PresenceErrorKind::Store),
                "{bad:?}"
            );
        }
        let unknown = Value::Array(vec![Value::Int(0), Value::Int(0), Value::Nil, Value::Nil]);
        assert_eq!(read_status(&unknown).ok(), Some(PresenceStatus::unknown()));
        let broken = Value::Array(vec![Value::Int(1), Value::Int(0), bulk("x"), bulk(AT)]);
        assert!(read_status(&broken).is_err());
    }
}
