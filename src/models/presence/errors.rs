//! The errors presence calls return, shared by the in-memory tracker and the
//! Redis store so that both say the same thing.

use core::fmt;

use crate::{Error, ErrorKind};

/// Why a presence call was refused at a limit, or failed in its store: the
/// detail of a [`tzsafe::Error`](crate::Error) of kind
/// [`ErrorKind::Other`], found with [`PresenceError::of`] (or
/// [`Error::downcast_ref`]). Other refusals (an empty id, a configuration
/// that breaks a rule) are [`ErrorKind::InvalidValue`] errors.
///
/// # Example
///
/// ```
/// use chrono::{TimeZone, Utc};
/// use tzsafe::models::presence::{PresenceConfig, PresenceError, PresenceErrorKind, PresenceTracker};
///
/// let tracker = PresenceTracker::new(PresenceConfig::new().max_users(1))?;
/// let t0 = Utc.with_ymd_and_hms(2026, 12, 1, 9, 0, 0).unwrap();
/// let _ = tracker.heartbeat_at("alice", "sid-1", "/chat", t0)?;
/// let err = tracker.heartbeat_at("bob", "sid-2", "/chat", t0).unwrap_err();
/// assert_eq!(err.kind(), tzsafe::ErrorKind::Other);
/// let why = PresenceError::of(&err).unwrap();
/// assert_eq!(why.kind(), PresenceErrorKind::CapacityExceeded);
/// assert_eq!(why.to_string(), err.to_string());
/// # Ok::<(), tzsafe::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PresenceError {
    kind: PresenceErrorKind,
    message: String,
}

/// What a [`PresenceError`] is about, for callers that branch on it.
///
/// The set of kinds may grow: match with a wildcard arm.
#[non_exhaustive]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum PresenceErrorKind {
    /// A configured limit is reached: the presence already holds its
    /// `max_users` online users, or a user their `max_connections_per_user`.
    /// Nothing was changed; the same call can succeed once room is made.
    CapacityExceeded,
    /// The store behind the presence failed: Redis refused the connection,
    /// answered with an error, or did not answer within the configured
    /// timeout. The call may or may not have taken effect; presence calls
    /// can be retried.
    Store,
}

impl PresenceError {
    /// What the error is about.
    #[must_use]
    pub fn kind(&self) -> PresenceErrorKind {
        self.kind
    }

    /// The presence detail of `err`, if it is a presence call's refusal at a
    /// limit or its store's failure.
    #[must_use]
    pub fn of(err: &Error) -> Option<&PresenceError> {
        err.downcast_ref()
    }
}

impl fmt::Display for PresenceError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for PresenceError {}

/// A refusal at a configured limit.
#[cold]
pub(super) fn capacity(message: String) -> Error {
    Error::new(
        ErrorKind::Other,
        PresenceError {
            kind: PresenceErrorKind::CapacityExceeded,
            message,
        },
    )
}

/// A failure of the store behind the presence.
#[cfg(feature = "redis")]
#[cold]
pub(super) fn store(message: String) -> Error {
    Error::new(
        ErrorKind::Other,
        PresenceError {
            kind: PresenceErrorKind::Store,
            message,
        },
    )
}

/// An empty id is refused: it names nobody (and would make every user who
/// forgot to set one the same user).
#[inline]
pub(super) fn check_id(call: &str, what: &str, id: &str) -> Result<(), Error> {
    if id.is_empty() {
        return Err(Error::new(
            ErrorKind::InvalidValue,
            format!("invalid presence {call}: the {what} id is empty, expected a non-empty id"),
        ));
    }
    Ok(())
}

#[cold]
pub(super) fn too_many_users(user: &str, held: usize, max: usize) -> Error {
    capacity(format!(
        "presence tracker is full: {held} users are online (max_users {max}), so {} cannot come \
         online until one goes offline",
        Error::quote(user)
    ))
}

/// A shard holds at most 2^31 users (hundreds of GiB): past that a new user
/// is refused as past `max_users` would be.
#[cold]
pub(super) fn shard_full(user: &str) -> Error {
    capacity(format!(
        "presence tracker is full: the shard of {} holds 2147483648 users, so they cannot come \
         online until one goes offline",
        Error::quote(user)
    ))
}

#[cold]
pub(super) fn too_many_connections(user: &str, connection: &str, live: usize, max: usize) -> Error {
    capacity(format!(
        "user {} already has {live} live connections (max_connections_per_user {max}), so \
         connection {} is refused until one disconnects or expires",
        Error::quote(user),
        Error::quote(connection)
    ))
}
