//! The interpreter the tests drive the server with, from
//! [`chat_server::pyenv`]: a virtual environment under cargo's target
//! directory (or `CHAT_SERVER_PYTHON`). A missing python-socketio fails the
//! tests, under `CI=true` as anywhere else; nothing is skipped.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

pub use chat_server::pyenv::script;

/// The interpreter, made ready on first use.
pub fn python() -> &'static Path {
    static PYTHON: OnceLock<PathBuf> = OnceLock::new();
    PYTHON.get_or_init(|| {
        chat_server::pyenv::python(Path::new(env!("CARGO_TARGET_TMPDIR")))
            .unwrap_or_else(|e| panic!("{e}"))
    })
}
