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

mod common;

mod compare;
mod context;
mod discount;
mod ensure;
mod parse;
mod parse_python;
mod properties;
#[cfg(feature = "serde")]
mod serde;
mod zone_table;
