//! Tests: serde.
