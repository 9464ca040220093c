//! Tests: context.
