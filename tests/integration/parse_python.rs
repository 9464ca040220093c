//! Tests: parse_python.
