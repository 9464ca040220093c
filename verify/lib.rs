//! Nothing here: the tests are in `tests/`, run by `cargo test` at the
//! workspace root. They check tzsafe against peers and runtimes that would
//! slow every build of tzsafe's own examples and tests if they were its
//! dev-dependencies (jiff as an oracle, tokio's multi-threaded runtime, ...).

/// Every Rust code block of the README, compiled and run as a doctest here
/// rather than in tzsafe, because the async one needs tokio (a dev-dependency
/// of this crate, not of tzsafe); `tests/integration/readme.rs` checks its
/// `[dependencies]` snippet.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
struct ReadmeDoctests;
