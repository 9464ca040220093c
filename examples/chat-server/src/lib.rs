//! A Socket.IO chat-commerce server built on tzsafe: the service tzsafe grew
//! out of, rebuilt so that its time and identity bugs cannot happen.
//!
//! * [`auth`]: HMAC-signed tokens checked at the handshake, with an expiry
//!   read as an aware instant and checked against the server's clock.
//! * [`server`]: the four namespaces (`/chat`, `/social`, `/orders`,
//!   `/notifications`), one presence for all of them, discount offers, the
//!   sweep task, and the checks every event passes.
//! * [`offers`], [`legacy`]: offers made in chat rooms, and the old
//!   service's offers with naive timestamps read in the merchant's zone.
//! * [`world`]: users, friends, zones and rooms, from a JSON file.
//! * [`pyenv`]: the Python interpreter for the bundled client scripts.
//!
//! See the crate's README for the events and how to run it.

pub mod auth;
pub mod errors;
pub mod legacy;
pub mod limit;
pub mod offers;
pub mod pyenv;
pub mod server;
pub mod stats;
pub mod text;
pub mod world;
