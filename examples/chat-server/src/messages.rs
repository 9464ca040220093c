//! Chat messages' ids and their reactions.
//!
//! Every message gets an id (`m-<process>-<n>`: a random tag of the process
//! and a count, so ids do not repeat across processes). The recent messages
//! are remembered, with the room each was sent in, so that a reaction names
//! a message that exists, in a room the reacting user may act in; each
//! (emoji, user) reaction is on a message once, and the room hears of a
//! reaction only when it changed something. In memory the last
//! [`KEPT_IN_MEMORY`] messages are kept; with `--redis`, every message for
//! [`KEPT_IN_REDIS`], shared by all processes (one script, `react.lua`).

use std::collections::{HashMap, HashSet, VecDeque};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Mutex, MutexGuard, PoisonError};
use std::time::Duration;

use redis::aio::ConnectionManager;
use redis::Script;
use tzsafe::models::{RoomId, UserId};

use crate::errors::ClientError;
use crate::text::quoted;

/// How many recent messages the in-memory log keeps.
pub const KEPT_IN_MEMORY: usize = 10_000;

/// How long a message can be reacted to with `--redis`.
pub const KEPT_IN_REDIS: Duration = Duration::from_secs(24 * 3600);

/// The most reactions (emoji and user pairs) on one message.
pub const MAX_REACTIONS: usize = 256;

/// The longest emoji (or short name such as `:+1:`), in bytes.
pub const MAX_EMOJI_BYTES: usize = 32;

const TIMEOUT: Duration = Duration::from_secs(2);

#[derive(Default)]
struct Recent {
    messages: HashMap<String, (RoomId, HashSet<(String, UserId)>)>,
    order: VecDeque<String>,
}

enum Store {
    Memory(Mutex<Recent>),
    Redis {
        conn: ConnectionManager,
        prefix: String,
        react: Script,
    },
}

/// The message log.
pub struct Messages {
    tag: String,
    next: AtomicU64,
    store: Store,
}

/// Adding or removing a reaction.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Reaction {
    /// `message_reaction_add`.
    Add,
    /// `message_reaction_remove`.
    Remove,
}

impl Messages {
    /// A log in this process's memory.
    ///
    /// # Errors
    ///
    /// No random source for the process's tag.
    pub fn in_memory() -> Result<Messages, String> {
        Messages::with(Store::Memory(Mutex::default()))
    }

    /// A log shared through the Redis behind `conn`, under
    /// `<prefix>:messages`.
    ///
    /// # Errors
    ///
    /// No random source for the process's tag.
    pub fn in_redis(conn: ConnectionManager, prefix: &str) -> Result<Messages, String> {
        Messages::with(Store::Redis {
            conn,
            prefix: format!("{prefix}:messages"),
            react: Script::new(include_str!("messages/react.lua")),
        })
    }

    fn with(store: Store) -> Result<Messages, String> {
        let mut tag = [0u8; 4];
        getrandom::fill(&mut tag).map_err(|e| format!("no random source: {e}"))?;
        Ok(Messages {
            tag: tag.iter().map(|b| format!("{b:02x}")).collect(),
            next: AtomicU64::new(1),
            store,
        })
    }

    /// A new message in `room`: its id, remembered for reactions.
    ///
    /// # Errors
    ///
    /// `unavailable` when Redis fails.
    pub async fn record(&self, room: &RoomId) -> Result<String, ClientError> {
        let n = self.next.fetch_add(1, Ordering::Relaxed);
        let id = format!("m-{}-{n}", self.tag);
        match &self.store {
            Store::Memory(recent) => {
                let mut recent = lock(recent);
                recent
                    .messages
                    .insert(id.clone(), (room.clone(), HashSet::new()));
                recent.order.push_back(id.clone());
                while recent.order.len() > KEPT_IN_MEMORY {
                    if let Some(old) = recent.order.pop_front() {
                        recent.messages.remove(&old);
                    }
                }
            }
            Store::Redis { conn, prefix, .. } => {
                let mut conn = conn.clone();
                let mut set = redis::cmd("SET");
                set.arg(format!("{prefix}:msg:{id}"))
                    .arg(room.as_str())
                    .arg("EX")
                    .arg(KEPT_IN_REDIS.as_secs());
                tokio::time::timeout(TIMEOUT, set.query_async::<()>(&mut conn))
                    .await
                    .map_err(|_| unavailable("timed out".to_owned()))?
                    .map_err(|e| unavailable(e.to_string()))?;
            }
        }
        Ok(id)
    }

    /// `user` adds or removes `emoji` on message `id` of `room`: whether it
    /// changed anything.
    ///
    /// # Errors
    ///
    /// `invalid` for an emoji that is not one, `unknown_message` for a
    /// message that is not a recent one of `room`, `capacity` for a message
    /// with [`MAX_REACTIONS`], `unavailable`.
    pub async fn react(
        &self,
        room: &RoomId,
        id: &str,
        user: &UserId,
        emoji: &str,
        how: Reaction,
    ) -> Result<bool, ClientError> {
        check_emoji(emoji)?;
        let unknown = || {
            ClientError::new(
                "unknown_message",
                format!(
                    "no recent message {} in room {}",
                    quoted(id),
                    quoted(room.as_str())
                ),
            )
        };
        let full = || {
            ClientError::new(
                "capacity",
                format!(
                    "message {} has {MAX_REACTIONS} reactions, the most it may have",
                    quoted(id)
                ),
            )
        };
        match &self.store {
            Store::Memory(recent) => {
                let mut recent = lock(recent);
                let (in_room, reactions) = recent
                    .messages
                    .get_mut(id)
                    .filter(|(r, _)| r == room)
                    .ok_or_else(unknown)?;
                debug_assert_eq!(in_room, room);
                let key = (emoji.to_owned(), user.clone());
                match how {
                    Reaction::Remove => Ok(reactions.remove(&key)),
                    Reaction::Add if reactions.contains(&key) => Ok(false),
                    Reaction::Add if reactions.len() >= MAX_REACTIONS => Err(full()),
                    Reaction::Add => Ok(reactions.insert(key)),
                }
            }
            Store::Redis {
                conn,
                prefix,
                react,
            } => {
                let mut invocation = react.prepare_invoke();
                invocation
                    .arg(prefix)
                    .arg(id)
                    .arg(room.as_str())
                    .arg(format!("{emoji} {user}"))
                    .arg(match how {
                        Reaction::Add => "add",
                        Reaction::Remove => "remove",
                    })
                    .arg(MAX_REACTIONS);
                let mut conn = conn.clone();
                let changed: i64 =
                    tokio::time::timeout(TIMEOUT, invocation.invoke_async(&mut conn))
                        .await
                        .map_err(|_| unavailable("timed out".to_owned()))?
                        .map_err(|e| unavailable(e.to_string()))?;
                match changed {
                    -1 => Err(unknown()),
                    -2 => Err(full()),
                    n => Ok(n > 0),
                }
            }
        }
    }
}

fn lock(recent: &Mutex<Recent>) -> MutexGuard<'_, Recent> {
    recent.lock().unwrap_or_else(PoisonError::into_inner)
}

fn unavailable(why: String) -> ClientError {
    ClientError::new(
        "unavailable",
        format!("the message log in Redis failed: {why}"),
    )
}

/// An emoji or a short name: 1 to [`MAX_EMOJI_BYTES`] bytes, no spaces or
/// control characters.
fn check_emoji(emoji: &str) -> Result<(), ClientError> {
    if emoji.is_empty()
        || emoji.len() > MAX_EMOJI_BYTES
        || emoji.chars().any(|c| c.is_whitespace() || c.is_control())
    {
        return Err(ClientError::new(
            "invalid",
            format!(
                "emoji {}: expected one emoji or short name, 1 to {MAX_EMOJI_BYTES} bytes without spaces",
                quoted(emoji)
            ),
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;

    #[tokio::test]
    async fn reactions_are_on_known_messages_once() {
        let log = Messages::in_memory().unwrap();
        let (room, other) = (RoomId::from("r"), RoomId::from("s"));
        let alice = UserId::from("alice");
        let id = log.record(&room).await.unwrap();
        assert!(id.starts_with("m-"));
        assert!(log
            .react(&room, &id, &alice, "👍", Reaction::Add)
            .await
            .unwrap());
        assert!(!log
            .react(&room, &id, &alice, "👍", Reaction::Add)
            .await
            .unwrap());
        assert!(log
            .react(&room, &id, &alice, "👍", Reaction::Remove)
            .await
            .unwrap());
        assert!(!log
            .react(&room, &id, &alice, "👍", Reaction::Remove)
            .await
            .unwrap());
        let err = log
            .react(&other, &id, &alice, "👍", Reaction::Add)
            .await
            .unwrap_err();
        assert_eq!(err.code, "unknown_message");
        let err = log
            .react(&room, &id, &alice, "two words", Reaction::Add)
            .await
            .unwrap_err();
        assert_eq!(
            err.message,
            "emoji \"two words\": expected one emoji or short name, 1 to 32 bytes without spaces"
        );
    }
}
