//! Helpers shared by the integration tests.
//!
//! Which modules are compiled depends on the features (most need `tz`), so a
//! helper may have no user in some builds; with every feature on, each one
//! must have one.
#![cfg_attr(
    not(all(
        feature = "tz",
        feature = "serde",
        feature = "system-tz",
        feature = "discount",
        feature = "presence"
    )),
    allow(dead_code)
)]

use std::collections::BTreeMap;
use std::fmt::Display;
use std::path::PathBuf;

use chrono::{DateTime, Utc};
use proptest::prelude::*;
use serde_json::Value;
use tzsafe::Disambiguation;

/// 1800-01-01T00:00:00Z as Unix seconds: where the zone-table tests start.
pub(crate) const START_1800: i64 = -5_364_662_400;
/// 1900-01-01T00:00:00Z as Unix seconds: where the CPython oracle starts.
pub(crate) const START_1900: i64 = -2_208_988_800;
/// 2100-01-01T00:00:00Z as Unix seconds: where the zone tables hand over to
/// the zone's rule, and chrono-tz's data ends (its offsets stay constant
/// afterwards), so comparisons with chrono-tz itself stop there.
pub(crate) const END_2100: i64 = 4_102_444_800;
/// 2400-01-01T00:00:00Z as Unix seconds: where the transitions compared one
/// by one with the system's TZif data stop.
pub(crate) const END_2400: i64 = 13_569_465_600;
/// 10000-01-01T00:00:00Z as Unix seconds: the end of the years CPython and
/// jiff represent, and so of the oracles.
pub(crate) const END_10000: i64 = 253_402_300_800;

/// The four DST policies, in declaration order.
pub(crate) const POLICIES: [Disambiguation; 4] = [
    Disambiguation::Compatible,
    Disambiguation::Earlier,
    Disambiguation::Later,
    Disambiguation::Reject,
];

/// Any of the four DST policies.
pub(crate) fn any_policy() -> impl Strategy<Value = Disambiguation> {
    proptest::sample::select(POLICIES.to_vec())
}

/// Any instant in chrono's range (years -262143 to 262142, limits included),
/// with nanoseconds (never a leap second).
pub(crate) fn any_instant() -> impl Strategy<Value = DateTime<Utc>> {
    (
        DateTime::<Utc>::MIN_UTC.timestamp()..=DateTime::<Utc>::MAX_UTC.timestamp(),
        0u32..1_000_000_000,
    )
        .prop_map(|(s, n)| DateTime::from_timestamp(s, n).unwrap())
}

/// The bundled zone `name`.
#[cfg(feature = "tz")]
pub(crate) fn zone(name: &str) -> tzsafe::Zone {
    tzsafe::Zone::bundled(name).unwrap_or_else(|err| panic!("{err}"))
}

/// Whether the tests run under CI (`CI` set), where a missing oracle, zone or
/// tz database release is a failure rather than a notice.
pub(crate) fn under_ci() -> bool {
    std::env::var_os("CI").is_some()
}

/// A file under `tests/data/`.
pub(crate) fn data(path: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data")
        .join(path)
}

/// The seed of a randomised oracle test: `TZSAFE_SEED` when set, else one
/// drawn from the clock (short enough to retype). Printed, with how to
/// reproduce the run; `test` names the test in that line.
pub(crate) fn seed(test: &str) -> u64 {
    let seed = match std::env::var("TZSAFE_SEED") {
        Ok(seed) => seed
            .trim()
            .parse()
            .unwrap_or_else(|_| panic!("TZSAFE_SEED must be an unsigned integer, got {seed:?}")),
        Err(_) => {
            let nanos = std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map(|d| d.as_nanos())
                .unwrap_or(0);
            (nanos % 1_000_000_007) as u64
        }
    };
    println!("{test}: seed {seed} (TZSAFE_SEED={seed} reproduces this run)");
    seed
}

/// The oracles' Python: an interpreter in a virtual environment with the
/// PyPI `tzdata` package of `tests/data/python/requirements.txt`, and that
/// package's `zoneinfo` directory, which the scripts read through
/// `PYTHONTZPATH`. So CPython's `zoneinfo` answers from the tz release the
/// requirements pin, whatever the host has installed.
struct Oracle {
    python: PathBuf,
    tzpath: PathBuf,
}

/// The oracle interpreter, made on first use under cargo's target directory
/// (once per version of the requirements file), or `None` with a notice
/// where python3, venv or PyPI are missing. Under CI (`CI` set) that is a
/// failure instead: every oracle must run there.
fn oracle() -> Option<&'static Oracle> {
    static ORACLE: std::sync::OnceLock<Option<Oracle>> = std::sync::OnceLock::new();
    ORACLE
        .get_or_init(|| match make_oracle() {
            Ok(oracle) => Some(oracle),
            Err(why) => {
                assert!(!under_ci(), "the Python oracle is required under CI: {why}");
                eprintln!("notice: no Python oracle ({why}); oracle tests skipped");
                None
            }
        })
        .as_ref()
}

fn make_oracle() -> Result<Oracle, String> {
    use std::process::Command;
    let requirements = data("python/requirements.txt");
    let text = std::fs::read(&requirements).map_err(|e| format!("{e}"))?;
    // FNV-1a of the pins: a new environment for new pins.
    let hash = text.iter().fold(0xcbf2_9ce4_8422_2325_u64, |h, b| {
        (h ^ u64::from(*b)).wrapping_mul(0x0100_0000_01b3)
    });
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(format!("oracle-venv-{hash:016x}"));
    let python = dir.join("bin").join("python");
    let run = |command: &mut Command| -> Result<String, String> {
        let out = command
            .output()
            .map_err(|e| format!("cannot run {command:?}: {e}"))?;
        if !out.status.success() {
            return Err(format!(
                "{command:?} failed: {}",
                String::from_utf8_lossy(&out.stderr)
            ));
        }
        Ok(String::from_utf8_lossy(&out.stdout).trim().to_owned())
    };
    if !dir.join(".ready").is_file() {
        let _ = std::fs::remove_dir_all(&dir);
        run(Command::new("python3").args(["-m", "venv"]).arg(&dir))?;
        run(Command::new(&python)
            .args([
                "-m",
                "pip",
                "install",
                "--quiet",
                "--disable-pip-version-check",
                "-r",
            ])
            .arg(&requirements))?;
        std::fs::write(dir.join(".ready"), b"").map_err(|e| e.to_string())?;
    }
    let package = run(Command::new(&python).args([
        "-c",
        "import os, tzdata; print(os.path.dirname(tzdata.__file__))",
    ]))?;
    Ok(Oracle {
        python,
        tzpath: PathBuf::from(package).join("zoneinfo"),
    })
}

/// Runs `tests/data/python/<script>` (a path relative to the crate root) with
/// `stdin` in the oracle interpreter, with `PYTHONTZPATH` at the oracle's tz
/// database, returning its standard output; `None` where there is no oracle
/// (a failure under CI instead).
pub(crate) fn python(script: &str, stdin: &str) -> Option<String> {
    python_reading(script, stdin, &oracle()?.tzpath)
}

/// The oracle's tz database directory (the PyPI `tzdata` package's
/// `zoneinfo`), or `None` where there is no oracle (a failure under CI).
pub(crate) fn oracle_tzdir() -> Option<PathBuf> {
    Some(oracle()?.tzpath.clone())
}

/// Like [`python`], with CPython's zoneinfo reading the tz database in
/// `tzpath` (the system's, for tests of `Zone::system`).
pub(crate) fn python_reading(
    script: &str,
    stdin: &str,
    tzpath: &std::path::Path,
) -> Option<String> {
    use std::io::Write;
    use std::process::{Command, Stdio};
    let oracle = oracle()?;
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let mut child = Command::new(&oracle.python)
        .arg(root.join(script))
        // The scripts import their shared modules (tests/data/python/tzif.py):
        // no __pycache__ in the source tree.
        .env("PYTHONDONTWRITEBYTECODE", "1")
        .env("PYTHONTZPATH", tzpath)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .expect("the oracle interpreter runs");
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

/// SplitMix64: a small deterministic generator for the oracle tests' inputs
/// (no `rand` dependency; the seed comes from [`seed`]).
pub(crate) struct Rng(pub(crate) u64);

impl Rng {
    pub(crate) fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `lo..hi`.
    pub(crate) fn range(&mut self, lo: i64, hi: i64) -> i64 {
        lo + (self.next() % (hi - lo) as u64) as i64
    }
}

/// Runs `node <script> <args>` (a path relative to the crate root) with the
/// environment variables `env` and `stdin`, returning its standard output.
/// Without node the test cannot run: under CI (`CI` set) that is a
/// failure, elsewhere a notice and `None`.
pub(crate) fn node(
    script: &str,
    args: &[&str],
    env: &[(&str, &str)],
    stdin: &str,
) -> Option<String> {
    use std::io::Write;
    use std::process::{Command, Stdio};
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let child = Command::new("node")
        .arg(root.join(script))
        .args(args)
        .envs(env.iter().copied())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn();
    let mut child = match child {
        Ok(child) => child,
        Err(err) => {
            assert!(!under_ci(), "node is required under CI: {err}");
            eprintln!("notice: node not available ({err}); oracle test skipped");
            return None;
        }
    };
    let mut input = child.stdin.take().expect("stdin");
    let stdin = stdin.to_owned();
    let writer = std::thread::spawn(move || input.write_all(stdin.as_bytes()));
    let output = child.wait_with_output().expect("node runs");
    writer.join().expect("writer").expect("write stdin");
    assert!(
        output.status.success(),
        "{script} failed: {}",
        output.status
    );
    Some(String::from_utf8(output.stdout).expect("utf-8"))
}

/// Asserts that the oracle's tz database release `found` is the bundled one
/// ([`Zone::TZDB_VERSION`](tzsafe::Zone::TZDB_VERSION)): the comparisons need
/// the same data, so a new release of the bundled data needs the same
/// release pinned in `tests/data/python/requirements.txt`.
#[cfg(feature = "tz")]
pub(crate) fn require_tzdb(found: &str, test: &str) {
    assert_eq!(
        found,
        tzsafe::Zone::TZDB_VERSION,
        "{test}: the oracle's tz database (tests/data/python/requirements.txt) must be the bundled release"
    );
}

/// Zones an oracle should have had but the system lacks: a failure under CI
/// (`CI` set), where every zone must be compared; elsewhere a printed notice
/// (the test goes on with the others). `test` names the test in the message.
pub(crate) fn require_zones<T: Display>(missing: &[T], test: &str) {
    if missing.is_empty() {
        return;
    }
    let names = missing
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join(" ");
    let message = format!(
        "{} zone(s) that {test} compares are not on this system: {names}",
        missing.len()
    );
    assert!(!under_ci(), "{message}");
    eprintln!("notice: {message}; compared without them");
}

/// The seconds of a UTC offset written `+HH:MM`, `+HH:MM:SS` or `+HH`
/// (`-` likewise), read without tzsafe (the data it checks is read
/// independently of the code under test).
pub(crate) fn offset_seconds(text: &str) -> i32 {
    let (sign, rest) = match text.as_bytes().first() {
        Some(b'+') => (1, &text[1..]),
        Some(b'-') => (-1, &text[1..]),
        _ => panic!("an offset starts with a sign: {text:?}"),
    };
    let parts: Vec<i32> = rest
        .split(':')
        .map(|p| {
            assert_eq!(p.len(), 2, "two digits per field: {text:?}");
            p.parse()
                .unwrap_or_else(|_| panic!("not an offset: {text:?}"))
        })
        .collect();
    assert!((1..=3).contains(&parts.len()), "not an offset: {text:?}");
    let field = |i: usize| parts.get(i).copied().unwrap_or(0);
    assert!(field(1) < 60 && field(2) < 60, "not an offset: {text:?}");
    sign * (field(0) * 3600 + field(1) * 60 + field(2))
}

/// One row of `tests/data/tzdata_transitions_2026f.json`.
#[derive(Clone, Copy, Debug)]
pub(crate) struct DumpRow {
    /// The first instant with the new rule, in Unix seconds.
    pub(crate) epoch_seconds: i64,
    /// The UTC offset before, in seconds.
    pub(crate) offset_before: i32,
    /// The UTC offset from `epoch_seconds` on, in seconds.
    pub(crate) offset_after: i32,
    /// Whether the offset changes (the dump also lists changes of abbreviation
    /// or isdst alone, which are not transitions for tzsafe).
    pub(crate) offset_changes: bool,
}

/// `tests/data/tzdata_transitions_2026f.json`, the IANA 2026f dump (zdump,
/// 1800-2050, of the PyPI tzdata package) of 28 oddly shaped zones: zone
/// name -> its rows, in order.
pub(crate) fn tzdata_transitions() -> BTreeMap<String, Vec<DumpRow>> {
    let json: Value = serde_json::from_str(
        &std::fs::read_to_string(data("tzdata_transitions_2026f.json")).unwrap(),
    )
    .unwrap();
    assert_eq!(json["source"]["tzdata_version"], "2026f");
    let zones: BTreeMap<String, Vec<DumpRow>> = json["zones"]
        .as_object()
        .unwrap()
        .iter()
        .map(|(name, rows)| {
            let rows: Vec<DumpRow> = rows
                .as_array()
                .unwrap()
                .iter()
                .map(|row| DumpRow {
                    epoch_seconds: row["epoch_seconds"].as_i64().unwrap(),
                    offset_before: offset_seconds(row["offset_before"].as_str().unwrap()),
                    offset_after: offset_seconds(row["offset_after"].as_str().unwrap()),
                    offset_changes: row["offset_changes"].as_bool().unwrap(),
                })
                .collect();
            for row in &rows {
                assert_eq!(
                    row.offset_changes,
                    row.offset_before != row.offset_after,
                    "{name} at {}",
                    row.epoch_seconds
                );
            }
            assert!(
                rows.windows(2)
                    .all(|w| w[0].epoch_seconds < w[1].epoch_seconds),
                "{name}: rows in order"
            );
            (name.clone(), rows)
        })
        .collect();
    assert_eq!(zones.len(), 28);
    zones
}

/// `tests/data/test262_dst_cases.json`: facts from test262's Temporal tests,
/// each with CPython zoneinfo's reading. tzsafe checks its
/// `disambiguation_cases` (`ensure::test262_disambiguation_cases`),
/// `transition_cases` (`zone_table::test262_transition_cases`),
/// `hours_in_day_cases` and `start_of_day_cases`
/// (`ensure::test262_hours_in_day_and_start_of_day`). Its `arithmetic_cases`
/// (`ZonedDateTime.prototype.add` across DST) and `offset_option_cases` (the
/// `offset` option of `ZonedDateTime.from` for strings with both an offset and
/// a bracketed zone) concern Temporal features tzsafe does not have: it does
/// no calendar arithmetic in zones and reads no bracketed zone names, so they
/// are not used.
pub(crate) fn test262() -> Value {
    serde_json::from_str(&std::fs::read_to_string(data("test262_dst_cases.json")).unwrap()).unwrap()
}
