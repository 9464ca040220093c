//! Tests: ensure.
