//! A Socket.IO chat-commerce server built on tzsafe: the service tzsafe grew
//! out of, rebuilt so that its time and identity bugs cannot happen.
//!
//! * [`auth`]: JWTs checked at the handshake (HS256 with a shared secret,
//!   or RS256/EdDSA with an identity provider's key), their times checked
//!   against the server's clock.
//! * [`server`]: the four namespaces (`/chat`, `/social`, `/orders`,
//!   `/notifications`), one presence for all of them, discount offers, the
//!   sweep task, and the checks every event passes.
//! * [`offers`], [`legacy`]: the bounded offer book (in memory, or shared
//!   through Redis) of the offers made in chat rooms, and the old
//!   service's offers with naive timestamps read in the merchant's zone.
//! * [`world`]: users, friends, zones and rooms, from a JSON file.
//! * [`web`]: the page at `/`, for a person to sign in and trade.
//! * [`limit`]: the per-user event rate limit.
//! * [`typing`], [`messages`]: typing indicators that end by themselves, and
//!   message ids with their reactions.
//! * [`pyenv`]: the Python interpreter for the bundled client scripts.
//!
//! See the crate's README for the events and how to run it.

pub mod auth;
pub mod errors;
pub mod legacy;
pub mod limit;
pub mod messages;
pub mod offers;
pub mod pyenv;
pub mod server;
pub mod stats;
pub mod text;
pub mod typing;
pub mod web;
pub mod world;
