//! Tests: discount.
