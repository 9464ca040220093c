//! tzsafe's integration tests: one binary (faster to build than one per file),
//! a module per area.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::arithmetic_side_effects,
    missing_docs
)]

// Modules that need IANA zones are compiled with the default feature `tz`;
// `without_tz` checks what works without it.
mod common;
/// The presence behaviour suite, shared with the Redis store's tests.
#[cfg(feature = "presence")]
#[path = "../presence_suite/mod.rs"]
mod suite;

mod architecture;
#[cfg(feature = "tz")]
mod compare;
#[cfg(feature = "tz")]
mod context;
#[cfg(feature = "discount")]
mod discount;
#[cfg(feature = "tz")]
mod ensure;
mod epoch;
mod error;
#[cfg(feature = "tz")]
mod invariants;
#[cfg(all(feature = "jiff", feature = "tz"))]
mod jiff;
mod normalize;
#[cfg(feature = "tz")]
mod oracle_cpython;
mod oracle_epoch;
mod oracle_mail;
mod oracle_node;
mod parse;
mod parse_python;
#[cfg(feature = "presence")]
mod presence;
#[cfg(feature = "tz")]
mod properties;
mod readme;
mod rfc2822;
#[cfg(feature = "tz")]
mod rfc9557;
#[cfg(all(feature = "serde", feature = "tz"))]
mod serde;
#[cfg(all(feature = "system-tz", feature = "tz"))]
mod system_tz;
#[cfg(not(feature = "tz"))]
mod without_tz;
#[cfg(feature = "tz")]
mod zone_table;
