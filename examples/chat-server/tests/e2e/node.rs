//! Node and the npm packages of `client/package.json` (socket.io-client,
//! puppeteer-core), installed with `npm ci` from the committed lock file on
//! first use. A missing node or npm fails the tests, under `CI=true` as
//! anywhere else; nothing is skipped.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

/// The `client/` directory, with its `node_modules` installed.
pub fn client_dir() -> &'static Path {
    static READY: OnceLock<PathBuf> = OnceLock::new();
    READY.get_or_init(|| {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("client");
        let version = Command::new("node")
            .arg("--version")
            .output()
            .unwrap_or_else(|e| panic!("cannot run node (18 or later is needed): {e}"));
        let version = String::from_utf8_lossy(&version.stdout).trim().to_owned();
        let major: u32 = version
            .trim_start_matches('v')
            .split('.')
            .next()
            .and_then(|m| m.parse().ok())
            .unwrap_or(0);
        assert!(
            major >= 18,
            "node {version}: 18 or later is needed (puppeteer-core 24)"
        );
        // `npm ci` writes node_modules/.package-lock.json: when it is newer
        // than the lock file, the install is current.
        let installed = dir.join("node_modules/.package-lock.json");
        let lock = dir.join("package-lock.json");
        let modified = |p: &Path| p.metadata().and_then(|m| m.modified()).ok();
        if modified(&installed).is_none() || modified(&installed) < modified(&lock) {
            let out = Command::new("npm")
                .args(["ci", "--no-audit", "--no-fund"])
                .current_dir(&dir)
                .output()
                .unwrap_or_else(|e| panic!("cannot run npm: {e}"));
            assert!(
                out.status.success(),
                "npm ci in {} failed:\n{}\n{}",
                dir.display(),
                String::from_utf8_lossy(&out.stdout),
                String::from_utf8_lossy(&out.stderr)
            );
        }
        dir
    })
}
