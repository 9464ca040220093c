//! The errors presence calls return, shared by the in-memory tracker and the
//! Redis store so that both say the same thing.

use crate::{Error, ErrorKind};

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
    Error::new(
        ErrorKind::CapacityExceeded,
        format!(
            "presence tracker is full: {held} users are online (max_users {max}), so {} cannot \
             come online until one goes offline",
            Error::quote(user)
        ),
    )
}

/// A shard holds at most 2^31 users (hundreds of GiB): past that a new user
/// is refused as past `max_users` would be.
#[cold]
pub(super) fn shard_full(user: &str) -> Error {
    Error::new(
        ErrorKind::CapacityExceeded,
        format!(
            "presence tracker is full: the shard of {} holds 2147483648 users, so they cannot \
             come online until one goes offline",
            Error::quote(user)
        ),
    )
}

#[cold]
pub(super) fn too_many_connections(user: &str, connection: &str, live: usize, max: usize) -> Error {
    Error::new(
        ErrorKind::CapacityExceeded,
        format!(
            "user {} already has {live} live connections (max_connections_per_user {max}), so \
             connection {} is refused until one disconnects or expires",
            Error::quote(user),
            Error::quote(connection)
        ),
    )
}
