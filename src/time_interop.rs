//! Conversions with the `time` crate.
