//! Nothing here: the oracle tests are in `tests/`, run by `cargo test` at the
//! workspace root.
