//! Who is who: users, their friends and zones, and the chat rooms with their
//! members, read from a JSON file (`data/world.json`).
//!
//! ```json
//! {
//!   "users": {
//!     "alice": {"friends": ["bob"]},
//!     "carol": {"friends": [], "zone": "America/New_York"}
//!   },
//!   "rooms": {"room-1": {"members": ["alice", "bob", "carol"]}}
//! }
//! ```
//!
//! A user's `zone` is where they trade (a merchant's zone): the zone in which
//! the legacy offers they made are read, and in which their "valid through"
//! dates end. Users without one trade in UTC. Friendship is what the file
//! says, in one direction: a user's presence goes to the users in their
//! `friends` list.

use std::collections::BTreeMap;
use std::path::Path;

use serde::Deserialize;
use tzsafe::models::{RoomId, UserId};
use tzsafe::Zone;

use crate::auth::check_user_id;
use crate::errors::ClientError;
use crate::text::quoted;

/// The users and rooms the server knows.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct World {
    #[serde(default)]
    users: BTreeMap<UserId, User>,
    #[serde(default)]
    rooms: BTreeMap<RoomId, Room>,
}

/// One user's entry.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct User {
    #[serde(default)]
    friends: Vec<UserId>,
    zone: Option<Zone>,
}

/// One room: who may join it.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Room {
    members: Vec<UserId>,
}

impl Room {
    /// Whether `user` is listed as a member.
    pub fn admits(&self, user: &UserId) -> bool {
        self.members.contains(user)
    }
}

impl World {
    /// Reads and checks the file at `path`.
    ///
    /// # Errors
    ///
    /// A message naming the file and what is wrong in it.
    pub fn load(path: &Path) -> Result<World, String> {
        let text = std::fs::read_to_string(path)
            .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
        World::from_json(&text).map_err(|e| format!("{}: {e}", path.display()))
    }

    /// Reads and checks a world from JSON text.
    ///
    /// # Errors
    ///
    /// Invalid JSON, an invalid id, or a friend or member who is not a user.
    pub fn from_json(text: &str) -> Result<World, String> {
        let world: World = serde_json::from_str(text).map_err(|e| e.to_string())?;
        for (id, user) in &world.users {
            check_user_id(id.as_str())?;
            for friend in &user.friends {
                if !world.users.contains_key(friend) {
                    return Err(format!(
                        "user {} lists friend {}, who is not a user",
                        quoted(id.as_str()),
                        quoted(friend.as_str())
                    ));
                }
            }
        }
        for (id, room) in &world.rooms {
            check_room_id(id.as_str())?;
            for member in &room.members {
                if !world.users.contains_key(member) {
                    return Err(format!(
                        "room {} lists member {}, who is not a user",
                        quoted(id.as_str()),
                        quoted(member.as_str())
                    ));
                }
            }
        }
        Ok(world)
    }

    /// Every user, by id.
    pub fn users(&self) -> impl Iterator<Item = &UserId> {
        self.users.keys()
    }

    /// Whether `user` is a user of this world.
    pub fn has_user(&self, user: &UserId) -> bool {
        self.users.contains_key(user)
    }

    /// The rooms that list `user`, by id, with their members.
    pub fn rooms_of<'a>(
        &'a self,
        user: &'a UserId,
    ) -> impl Iterator<Item = (&'a RoomId, &'a [UserId])> + 'a {
        self.rooms
            .iter()
            .filter(move |(_, room)| room.admits(user))
            .map(|(id, room)| (id, room.members.as_slice()))
    }

    /// The users `user`'s presence goes to (none for a user not in the file).
    pub fn friends_of(&self, user: &UserId) -> &[UserId] {
        self.users.get(user).map_or(&[], |u| u.friends.as_slice())
    }

    /// Where `user` trades: their `zone`, or UTC.
    pub fn zone_of(&self, user: &UserId) -> Zone {
        self.users
            .get(user)
            .and_then(|u| u.zone)
            .unwrap_or(Zone::UTC)
    }

    /// The room `id`, if `user` may act in it.
    ///
    /// # Errors
    ///
    /// `unknown_room`, or `not_a_member` when the room does not list `user`.
    pub fn room_for(&self, id: &RoomId, user: &UserId) -> Result<&Room, ClientError> {
        let room = self.rooms.get(id).ok_or_else(|| {
            ClientError::new(
                "unknown_room",
                format!("unknown room {}", quoted(id.as_str())),
            )
        })?;
        if !room.admits(user) {
            return Err(ClientError::new(
                "not_a_member",
                format!(
                    "room {} does not list {} as a member",
                    quoted(id.as_str()),
                    quoted(user.as_str())
                ),
            ));
        }
        Ok(room)
    }
}

/// Room ids follow the rule of user ids (they name Socket.IO rooms too).
fn check_room_id(id: &str) -> Result<(), String> {
    check_user_id(id).map_err(|_| {
        format!(
            "invalid room id {}: expected 1 to 64 characters from A-Z a-z 0-9 . _ -",
            quoted(id)
        )
    })
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;

    #[test]
    fn reads_and_checks_the_file() {
        let world = World::from_json(
            r#"{"users": {"alice": {"friends": ["bob"]}, "bob": {"zone": "America/New_York"}},
                "rooms": {"r": {"members": ["alice"]}}}"#,
        )
        .unwrap();
        assert_eq!(world.friends_of(&"alice".into()), [UserId::from("bob")]);
        assert_eq!(world.zone_of(&"bob".into()).to_string(), "America/New_York");
        assert_eq!(world.zone_of(&"nobody".into()), Zone::UTC);
        assert!(world.room_for(&"r".into(), &"alice".into()).is_ok());
        assert_eq!(
            world.room_for(&"r".into(), &"bob".into()).unwrap_err().code,
            "not_a_member"
        );
        assert_eq!(
            world.room_for(&"x".into(), &"bob".into()).unwrap_err().code,
            "unknown_room"
        );

        let err = World::from_json(r#"{"users": {"alice": {"friends": ["zed"]}}}"#).unwrap_err();
        assert_eq!(
            err,
            "user \"alice\" lists friend \"zed\", who is not a user"
        );
        assert!(World::from_json(r#"{"users": {"a": {"zone": "Mars/Base"}}}"#).is_err());
    }
}
