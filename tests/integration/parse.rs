//! Tests: parse.
