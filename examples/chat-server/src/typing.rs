//! Typing indicators: who is typing in which room. A `typing_start` holds
//! for [`TYPING_TTL`] after the last one; a `typing_stop`, or that time
//! passing with no new start (a closed tab sends no stop), ends it. The
//! room hears each start and each end once, as friends hear presence.
//!
//! The state is this process's: with `--redis`, the start and the stop of
//! one person typing are expected on the same connection, hence process;
//! a stop that reaches another process is ignored there and the indicator
//! ends by itself.

use std::collections::HashMap;
use std::sync::{Mutex, MutexGuard, PoisonError};

use chrono::{DateTime, TimeDelta, Utc};
use tzsafe::models::{RoomId, UserId};

/// How long a `typing_start` holds without another.
pub const TYPING_TTL: TimeDelta = TimeDelta::seconds(5);

/// Who is typing where, until when.
#[derive(Default)]
pub struct Typing {
    until: Mutex<HashMap<(RoomId, UserId), DateTime<Utc>>>,
}

impl Typing {
    fn lock(&self) -> MutexGuard<'_, HashMap<(RoomId, UserId), DateTime<Utc>>> {
        self.until.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// `user` is typing in `room` at `now`: whether this starts it (the room
    /// is to hear of it) rather than extends it.
    pub fn start(&self, room: &RoomId, user: &UserId, now: DateTime<Utc>) -> bool {
        self.lock()
            .insert((room.clone(), user.clone()), now + TYPING_TTL)
            .is_none_or(|until| until <= now)
    }

    /// `user` stopped typing in `room`: whether they were (the room is to
    /// hear of it).
    pub fn stop(&self, room: &RoomId, user: &UserId) -> bool {
        self.lock().remove(&(room.clone(), user.clone())).is_some()
    }

    /// The indicators that ran out by `now`, each returned once.
    pub fn expired(&self, now: DateTime<Utc>) -> Vec<(RoomId, UserId)> {
        let mut out = Vec::new();
        self.lock().retain(|key, until| {
            let live = *until > now;
            if !live {
                out.push(key.clone());
            }
            live
        });
        out
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use chrono::TimeZone;

    use super::*;

    #[test]
    fn starts_extend_and_end_once() {
        let t0 = Utc.with_ymd_and_hms(2026, 12, 1, 9, 0, 0).unwrap();
        let typing = Typing::default();
        let (room, alice) = (RoomId::from("r"), UserId::from("alice"));
        assert!(typing.start(&room, &alice, t0));
        assert!(!typing.start(&room, &alice, t0 + TimeDelta::seconds(3)));
        assert!(typing.expired(t0 + TimeDelta::seconds(7)).is_empty());
        assert_eq!(
            typing.expired(t0 + TimeDelta::seconds(8)),
            [(room.clone(), alice.clone())]
        );
        assert!(typing.expired(t0 + TimeDelta::seconds(9)).is_empty());
        assert!(!typing.stop(&room, &alice));
        assert!(typing.start(&room, &alice, t0 + TimeDelta::seconds(10)));
        assert!(typing.stop(&room, &alice));
        assert!(typing.expired(t0 + TimeDelta::seconds(60)).is_empty());
    }
}
