//! The Python interpreter that runs the bundled client scripts: one that
//! has python-socketio's asyncio client.
//!
//! `CHAT_SERVER_PYTHON=/path/to/python` uses that interpreter as it is.
//! Otherwise a virtual environment is made under `base` (a directory of
//! cargo's target directory) from `client/requirements.txt`, once per
//! version of that file, with `python3 -m venv` and `pip install` (`PYTHON3`
//! names another python3). Nothing is skipped: without a python3 that can
//! make it, or without PyPI, the caller gets an error that says what is
//! needed.

use std::path::{Path, PathBuf};
use std::process::Command;

/// A file of the bundled client (`client/<name>`).
pub fn script(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("client")
        .join(name)
}

/// The interpreter, made ready (see the module documentation).
///
/// # Errors
///
/// A message with the failing command's output and what to install.
pub fn python(base: &Path) -> Result<PathBuf, String> {
    if let Some(path) = std::env::var_os("CHAT_SERVER_PYTHON") {
        let path = PathBuf::from(path);
        check_imports(&path)?;
        return Ok(path);
    }
    let requirements = script("requirements.txt");
    let text = std::fs::read(&requirements)
        .map_err(|e| format!("cannot read {}: {e}", requirements.display()))?;
    // FNV-1a of the file: a new environment for new pins.
    let hash = text.iter().fold(0xcbf2_9ce4_8422_2325_u64, |h, b| {
        (h ^ u64::from(*b)).wrapping_mul(0x0100_0000_01b3)
    });
    let dir = base.join(format!("chat-server-venv-{hash:016x}"));
    let python = dir.join("bin").join("python");
    let ready = dir.join(".ready");
    if ready.is_file() && python.is_file() {
        return Ok(python);
    }
    let _ = std::fs::remove_dir_all(&dir);
    let python3 = std::env::var_os("PYTHON3").unwrap_or_else(|| "python3".into());
    run(
        Command::new(&python3).arg("-m").arg("venv").arg(&dir),
        "python3 -m venv",
    )?;
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
    )?;
    check_imports(&python)?;
    std::fs::write(&ready, b"").map_err(|e| format!("cannot write {}: {e}", ready.display()))?;
    Ok(python)
}

fn run(cmd: &mut Command, what: &str) -> Result<(), String> {
    let out = cmd
        .output()
        .map_err(|e| format!("{what}: cannot run {cmd:?}: {e}"))?;
    if out.status.success() {
        return Ok(());
    }
    Err(format!(
        "{what} failed ({}):\n{}\n{}\nThe bundled client needs python3 (3.11 or later) with venv \
         and pip, and PyPI to install client/requirements.txt; or set CHAT_SERVER_PYTHON to an \
         interpreter that has python-socketio[asyncio-client].",
        out.status,
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    ))
}

fn check_imports(python: &Path) -> Result<(), String> {
    run(
        Command::new(python).args(["-c", "import socketio, aiohttp"]),
        "importing socketio and aiohttp",
    )
}
