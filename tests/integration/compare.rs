//! Tests: compare.
