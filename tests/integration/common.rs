//! Helpers shared by the integration tests.

use std::path::PathBuf;

/// A file under `tests/data/`.
pub(crate) fn data(path: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data")
        .join(path)
}

/// Runs `python3 <script>` (a path relative to the crate root) with `stdin`,
/// returning its standard output. Without python3 the test cannot run: under
/// CI (`CI` set) that is a failure, elsewhere a notice and `None`.
pub(crate) fn python(script: &str, stdin: &str) -> Option<String> {
    use std::io::Write;
    use std::process::{Command, Stdio};
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let child = Command::new("python3")
        .arg(root.join(script))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn();
    let mut child = match child {
        Ok(child) => child,
        Err(err) => {
            assert!(
                std::env::var_os("CI").is_none(),
                "python3 is required under CI: {err}"
            );
            eprintln!("notice: python3 not available ({err}); oracle test skipped");
            return None;
        }
    };
    let mut input = child.stdin.take().expect("stdin");
    let stdin = stdin.to_owned();
    let writer = std::thread::spawn(move || input.write_all(stdin.as_bytes()));
    let output = child.wait_with_output().expect("python3 runs");
    writer.join().expect("writer").expect("write stdin");
    assert!(
        output.status.success(),
        "{script} failed: {}",
        output.status
    );
    Some(String::from_utf8(output.stdout).expect("utf-8"))
}

/// Whether the oracle's tz database release `found` is chrono-tz's: the
/// comparisons need the same data. A mismatch fails under CI (`CI` set) and is
/// a printed notice elsewhere; `test` names the test in the message.
#[cfg(feature = "tz")]
pub(crate) fn require_tzdb(found: &str, test: &str) -> bool {
    if found == chrono_tz::IANA_TZDB_VERSION {
        return true;
    }
    let message = format!(
        "the oracle's tz database is {found}, chrono-tz bundles {}: {test} needs the same release",
        chrono_tz::IANA_TZDB_VERSION
    );
    assert!(std::env::var_os("CI").is_none(), "{message}");
    eprintln!("notice: {message}; skipped");
    false
}
