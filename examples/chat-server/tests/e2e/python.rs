//! The Python interpreter the tests drive the server with: one that has
//! python-socketio's asyncio client.
//!
//! `CHAT_SERVER_PYTHON=/path/to/python` uses that interpreter as it is.
//! Otherwise the tests make a virtual environment under cargo's target
//! directory from `client/requirements.txt` (once per version of that file)
//! with `python3 -m venv` and `pip install`. Nothing is skipped: without a
//! python3 that can make it (or without PyPI), the tests fail and say why,
//! under `CI=true` as anywhere else.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

fn manifest_dir() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// A script of the bundled client.
pub fn script(name: &str) -> PathBuf {
    manifest_dir().join("client").join(name)
}

/// The interpreter, made ready on first use.
pub fn python() -> &'static Path {
    static PYTHON: OnceLock<PathBuf> = OnceLock::new();
    PYTHON.get_or_init(|| match std::env::var_os("CHAT_SERVER_PYTHON") {
        Some(path) => {
            let path = PathBuf::from(path);
            check_imports(&path);
            path
        }
        None => venv(),
    })
}

fn run(cmd: &mut Command, what: &str) {
    let out = cmd
        .output()
        .unwrap_or_else(|e| panic!("{what}: cannot run {cmd:?}: {e}"));
    assert!(
        out.status.success(),
        "{what} failed ({}):\n{}\n{}\nThe end-to-end tests need python3 (3.11 or later) with \
         venv and pip, and PyPI to install client/requirements.txt; or set CHAT_SERVER_PYTHON \
         to an interpreter that has python-socketio[asyncio-client].",
        out.status,
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

fn check_imports(python: &Path) {
    run(
        Command::new(python).args(["-c", "import socketio, aiohttp"]),
        "importing socketio and aiohttp",
    );
}

fn venv() -> PathBuf {
    let requirements = script("requirements.txt");
    let text = std::fs::read(&requirements).expect("client/requirements.txt");
    // FNV-1a of the file: a new environment for new pins.
    let hash = text.iter().fold(0xcbf2_9ce4_8422_2325_u64, |h, b| {
        (h ^ u64::from(*b)).wrapping_mul(0x0100_0000_01b3)
    });
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("chat-server-venv-{hash:016x}"));
    let python = dir.join("bin").join("python");
    let ready = dir.join(".ready");
    if ready.is_file() && python.is_file() {
        return python;
    }
    let _ = std::fs::remove_dir_all(&dir);
    let python3 = std::env::var_os("PYTHON3").unwrap_or_else(|| "python3".into());
    run(
        Command::new(&python3).arg("-m").arg("venv").arg(&dir),
        "python3 -m venv",
    );
    run(
        Command::new(&python)
            .args([
                "-m",
                "pip",
                "install",
                "--quiet",
                "--disable-pip-version-check",
                "-r",
            ])
            .arg(&requirements),
        "pip install -r client/requirements.txt",
    );
    check_imports(&python);
    std::fs::write(&ready, b"").expect("mark the environment ready");
    python
}
