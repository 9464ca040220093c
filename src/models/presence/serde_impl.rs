//! Serde for presence events and statuses (feature `serde`). Instants are
//! RFC 3339 strings with `Z`, read with
//! [`aware_only`](crate::serde::aware_only): a naive string is an error.

use ::serde::de::{self, Deserialize, Deserializer};
use ::serde::ser::{Serialize, Serializer};
use chrono::{DateTime, Utc};

use super::event::PresenceEvent;
use super::status::{PresenceConnection, PresenceStatus};
use crate::models::UserId;

#[derive(::serde::Serialize, ::serde::Deserialize)]
#[serde(tag = "type", rename_all = "snake_case", deny_unknown_fields)]
enum EventRepr {
    CameOnline {
        user: UserId,
        #[serde(with = "crate::serde::aware_only")]
        at: DateTime<Utc>,
    },
    WentOffline {
        user: UserId,
        #[serde(with = "crate::serde::aware_only")]
        last_seen: DateTime<Utc>,
    },
    WentAway {
        user: UserId,
        #[serde(with = "crate::serde::aware_only")]
        at: DateTime<Utc>,
    },
    CameBack {
        user: UserId,
        #[serde(with = "crate::serde::aware_only")]
        at: DateTime<Utc>,
    },
}

/// The form written on [`PresenceEvent`'s page](crate::models::presence::PresenceEvent#json).
impl Serialize for PresenceEvent {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let user = self.user().clone();
        match *self {
            PresenceEvent::CameOnline { at, .. } => EventRepr::CameOnline { user, at },
            PresenceEvent::WentOffline { last_seen, .. } => {
                EventRepr::WentOffline { user, last_seen }
            }
            PresenceEvent::WentAway { at, .. } => EventRepr::WentAway { user, at },
            PresenceEvent::CameBack { at, .. } => EventRepr::CameBack { user, at },
        }
        .serialize(serializer)
    }
}

/// The form [`Serialize`] writes, checked as [`PresenceEvent`'s page](crate::models::presence::PresenceEvent#json) says.
impl<'de> Deserialize<'de> for PresenceEvent {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let event = match EventRepr::deserialize(deserializer)? {
            EventRepr::CameOnline { user, at } => PresenceEvent::CameOnline { user, at },
            EventRepr::WentOffline { user, last_seen } => {
                PresenceEvent::WentOffline { user, last_seen }
            }
            EventRepr::WentAway { user, at } => PresenceEvent::WentAway { user, at },
            EventRepr::CameBack { user, at } => PresenceEvent::CameBack { user, at },
        };
        if event.user().as_str().is_empty() {
            return Err(de::Error::custom(
                "invalid presence event: the user id is empty, expected a non-empty id",
            ));
        }
        Ok(event)
    }
}

#[derive(::serde::Serialize, ::serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct ConnectionRepr {
    connection: String,
    namespace: String,
    #[serde(with = "crate::serde::aware_only")]
    last_heartbeat: DateTime<Utc>,
}

#[derive(::serde::Serialize, ::serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct StatusRepr {
    online: bool,
    away: bool,
    #[serde(with = "crate::serde::aware_only::option")]
    online_since: Option<DateTime<Utc>>,
    #[serde(with = "crate::serde::aware_only::option")]
    last_seen: Option<DateTime<Utc>>,
    connections: Vec<ConnectionRepr>,
}

/// The form written on [`PresenceStatus`'s page](crate::models::presence::PresenceStatus#json).
impl Serialize for PresenceStatus {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        StatusRepr {
            online: self.is_online(),
            away: self.is_away(),
            online_since: self.online_since(),
            last_seen: self.last_seen(),
            connections: self
                .connections()
                .iter()
                .map(|c| ConnectionRepr {
                    connection: c.connection().to_owned(),
                    namespace: c.namespace().to_owned(),
                    last_heartbeat: c.last_heartbeat(),
                })
                .collect(),
        }
        .serialize(serializer)
    }
}

/// The form [`Serialize`] writes, checked as [`PresenceStatus`'s page](crate::models::presence::PresenceStatus#json) says.
impl<'de> Deserialize<'de> for PresenceStatus {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let raw = StatusRepr::deserialize(deserializer)?;
        let refuse = |why: &str| Err(de::Error::custom(format!("invalid presence status: {why}")));
        if !raw.online && raw.away {
            return refuse("away while offline, expected \"away\": false when \"online\" is false");
        }
        if !raw.online && !raw.connections.is_empty() {
            return refuse(
                "live connections while offline, expected none when \"online\" is false",
            );
        }
        if raw.online != raw.online_since.is_some() {
            return refuse("\"online_since\" must be an instant exactly when \"online\" is true");
        }
        if raw.online && raw.last_seen.is_none() {
            return refuse(
                "online without \"last_seen\", expected the latest heartbeat or disconnect",
            );
        }
        if let (Some(since), Some(seen)) = (raw.online_since, raw.last_seen)
            && seen < since
        {
            return refuse("\"last_seen\" is before \"online_since\"");
        }
        let connections = raw
            .connections
            .into_iter()
            .map(|c| PresenceConnection::new(&c.connection, &c.namespace, c.last_heartbeat))
            .collect();
        Ok(match (raw.online_since, raw.last_seen) {
            (Some(since), Some(seen)) => {
                PresenceStatus::new(true, raw.away, since, seen, connections)
            }
            (None, Some(seen)) => PresenceStatus::new(false, false, seen, seen, connections),
            _ => PresenceStatus::unknown(),
        })
    }
}
