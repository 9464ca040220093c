//! `Zone::system` (feature `system-tz`): zones read from the system's tz
//! database, against the bundled data of the same release, and the ways a
//! name or a file is refused.
//!
//! `Zone::system` reads `TZDIR`, which is process-wide (and, since Rust 2024,
//! `unsafe` to set while other threads run), so each test runs its checks in
//! a child process of this test binary with the environment it needs.

use std::path::{Path, PathBuf};
use std::process::Command;

use chrono::{DateTime, Utc};
use tzsafe::{ErrorKind, Zone};

use crate::common;

const SYSTEM: &str = "/usr/share/zoneinfo";

/// Every change of offset of `zone` from 1971 to 2400.
fn changes(zone: Zone) -> Vec<(i64, i32, i32)> {
    crate::zone_table::transitions_between(zone, 31_536_000, common::END_2400)
}

fn scratch_dir() -> PathBuf {
    let dir = std::env::temp_dir().join(format!("tzsafe-system-tz-{}", std::process::id()));
    std::fs::create_dir_all(dir.join("Custom")).unwrap();
    dir
}

/// Set in the child processes of [`in_child`].
const CHILD: &str = "TZSAFE_SYSTEM_TZ_CHILD";

/// Whether the system has a tz database (CI must).
fn have_system_database(test: &str) -> bool {
    if Path::new(SYSTEM).join("UTC").is_file() {
        return true;
    }
    assert!(
        !common::under_ci(),
        "CI needs the system tz database in {SYSTEM}"
    );
    eprintln!("notice: no tz database in {SYSTEM}; {test} skipped");
    false
}

/// In the parent, runs test `name` of this binary again in a child process
/// with `TZDIR` set to `tzdir` (or unset) and asserts that it passed, then
/// returns `false`; in that child, returns `true`: run the checks.
fn in_child(name: &str, tzdir: Option<&Path>) -> bool {
    if std::env::var_os(CHILD).is_some() {
        return true;
    }
    let mut child = Command::new(std::env::current_exe().unwrap());
    child
        .args([name, "--exact", "--nocapture", "--test-threads=1"])
        .env(CHILD, "1");
    match tzdir {
        Some(dir) => child.env("TZDIR", dir),
        None => child.env_remove("TZDIR"),
    };
    let out = child.output().unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success() && stdout.contains("1 passed"),
        "{name} in a child process: {}\n{stdout}\n{}",
        out.status,
        String::from_utf8_lossy(&out.stderr)
    );
    false
}

#[test]
fn system_zones() {
    if !have_system_database("system_zones") || !in_child("system_tz::system_zones", None) {
        return;
    }

    // The system's zones against the bundled ones, where the system's data is
    // the bundled release (the same exclusions as the CPython oracle).
    let version = std::fs::read_to_string(Path::new(SYSTEM).join("tzdata.zi"))
        .ok()
        .and_then(|text| Some(text.lines().next()?.split_whitespace().last()?.to_owned()))
        .unwrap_or_default();
    if common::require_tzdb(&version, "system_zones") {
        let differences = crate::zone_table::system_differences();
        let mut missing = Vec::new();
        let mut compared = 0;
        for tz in chrono_tz::TZ_VARIANTS {
            if differences.get(tz.name()) == Some(&true) {
                continue;
            }
            let system = match Zone::system(tz.name()) {
                Ok(zone) => zone,
                Err(err) if err.kind() == ErrorKind::UnknownZone => {
                    missing.push(tz.name());
                    continue;
                }
                Err(err) => panic!("{}: {err}", tz.name()),
            };
            assert_eq!(changes(system), changes(Zone::iana(tz)), "{}", tz.name());
            let far = DateTime::from_timestamp(200_000_000_000, 0).unwrap();
            assert_eq!(
                system.offset_at(&far),
                Zone::iana(tz).offset_at(&far),
                "{}",
                tz.name()
            );
            compared += 1;
        }
        common::require_zones(&missing, "system_zones");
        assert!(compared > 550, "{compared}");
    }

    // Loaded once: the same file gives an equal zone, which the same bytes
    // through `from_tzif` give too; the bundled zone is another zone.
    let ny = Zone::system("America/New_York").unwrap();
    assert_eq!(ny, Zone::system("America/New_York").unwrap());
    let bytes = std::fs::read(Path::new(SYSTEM).join("America/New_York")).unwrap();
    assert_eq!(Zone::from_tzif("America/New_York", &bytes).unwrap(), ny);
    assert_ne!(ny, Zone::iana(chrono_tz::America::New_York));
    assert_eq!(ny.to_string(), "America/New_York");
    assert_eq!(ny.iana_zone(), None);
    let summer_2150: DateTime<Utc> = "2150-07-01T12:00:00Z".parse().unwrap();
    assert_eq!(ny.offset_at(&summer_2150).local_minus_utc(), -4 * 3600);

    // Names that are not relative paths inside the database.
    for bad in [
        "",
        "/etc/passwd",
        "../etc/passwd",
        "America/../UTC",
        "America//New_York",
        "a\0b",
        "./UTC",
        "UTC/",
    ] {
        let err = Zone::system(bad).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::UnknownZone, "{bad:?}");
        assert!(
            err.to_string().starts_with("invalid time zone name"),
            "{bad:?}: {err}"
        );
    }
    let err = Zone::system("../etc/passwd").unwrap_err();
    assert_eq!(
        err.to_string(),
        "invalid time zone name \"../etc/passwd\": expected a relative path like \"America/New_York\" of letters, digits and _-+. without \".\" or \"..\" parts"
    );
    // Names the database does not have; a directory is not a zone.
    for unknown in ["Mars/Olympus_Mons", "America"] {
        let err = Zone::system(unknown).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::UnknownZone, "{unknown}");
        assert!(
            err.to_string()
                .contains("no such file in the system tz database"),
            "{err}"
        );
    }
    // A "right/" zone counts leap seconds: refused.
    if Path::new(SYSTEM).join("right/UTC").is_file() {
        let err = Zone::system("right/UTC").unwrap_err();
        assert_eq!(err.kind(), ErrorKind::InvalidTzif);
        assert!(err.to_string().contains("leap-second records"), "{err}");
    }

    // Unset: the standard directories.
    assert!(Zone::system("UTC").is_ok());
}

#[test]
fn tzdir_is_the_only_directory_searched() {
    if !have_system_database("tzdir_is_the_only_directory_searched") {
        return;
    }
    if std::env::var_os(CHILD).is_none() {
        let dir = scratch_dir();
        std::fs::write(
            dir.join("Custom/Tokyo"),
            std::fs::read(Path::new(SYSTEM).join("Asia/Tokyo")).unwrap(),
        )
        .unwrap();
        std::fs::write(dir.join("Custom/Broken"), b"TZif2 and then nothing").unwrap();
        in_child(
            "system_tz::tzdir_is_the_only_directory_searched",
            Some(&dir),
        );
        std::fs::remove_dir_all(&dir).unwrap();
        return;
    }
    let dir = PathBuf::from(std::env::var_os("TZDIR").unwrap());
    let summer_2150: DateTime<Utc> = "2150-07-01T12:00:00Z".parse().unwrap();
    let tokyo = Zone::system("Custom/Tokyo").unwrap();
    assert_eq!(tokyo.to_string(), "Custom/Tokyo");
    assert_eq!(tokyo.offset_at(&summer_2150).local_minus_utc(), 9 * 3600);
    let err = Zone::system("UTC").unwrap_err();
    assert_eq!(err.kind(), ErrorKind::UnknownZone);
    assert!(
        err.to_string()
            .contains(&format!("(searched {})", dir.display())),
        "{err}"
    );
    let err = Zone::system("Custom/Broken").unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InvalidTzif);
    assert!(
        err.to_string().starts_with(&format!(
            "invalid TZif data for zone \"Custom/Broken\": {}: ",
            dir.join("Custom/Broken").display()
        )),
        "{err}"
    );
}
