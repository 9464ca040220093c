//! `Zone::system` (feature `system-tz`): zones read from the system's tz
//! database, against the bundled data of the same release, and the ways a
//! name or a file is refused.
//!
//! One test function: it sets `TZDIR`, which every `Zone::system` call of the
//! process reads.

use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use tzsafe::{ErrorKind, Zone};

use crate::common;

const SYSTEM: &str = "/usr/share/zoneinfo";

/// Every change of offset of `zone` from 1971 to 2400, through the public API.
fn changes(zone: Zone) -> Vec<(i64, i32, i32)> {
    let mut out = Vec::new();
    let mut at = DateTime::from_timestamp(31_536_000, 0).unwrap();
    while let Some(t) = zone.next_transition(&at) {
        if t.at().timestamp() >= common::END_2400 {
            break;
        }
        out.push((
            t.at().timestamp(),
            t.offset_before().local_minus_utc(),
            t.offset_after().local_minus_utc(),
        ));
        at = t.at();
    }
    out
}

fn scratch_dir() -> PathBuf {
    let dir = std::env::temp_dir().join(format!("tzsafe-system-tz-{}", std::process::id()));
    std::fs::create_dir_all(dir.join("Custom")).unwrap();
    dir
}

#[test]
fn system_zones() {
    if !Path::new(SYSTEM).join("UTC").is_file() {
        assert!(
            !common::under_ci(),
            "CI needs the system tz database in {SYSTEM}"
        );
        eprintln!("notice: no tz database in {SYSTEM}; system_zones skipped");
        return;
    }
    std::env::remove_var("TZDIR");

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

    // TZDIR, when set, is the only directory searched.
    let dir = scratch_dir();
    std::fs::write(
        dir.join("Custom/Tokyo"),
        std::fs::read(Path::new(SYSTEM).join("Asia/Tokyo")).unwrap(),
    )
    .unwrap();
    std::fs::write(dir.join("Custom/Broken"), b"TZif2 and then nothing").unwrap();
    std::env::set_var("TZDIR", &dir);
    let tokyo = Zone::system("Custom/Tokyo");
    let utc = Zone::system("UTC");
    let broken = Zone::system("Custom/Broken");
    std::env::remove_var("TZDIR");
    std::fs::remove_dir_all(&dir).unwrap();
    let tokyo = tokyo.unwrap();
    assert_eq!(tokyo.to_string(), "Custom/Tokyo");
    assert_eq!(tokyo.offset_at(&summer_2150).local_minus_utc(), 9 * 3600);
    let err = utc.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::UnknownZone);
    assert!(
        err.to_string()
            .contains(&format!("(searched {})", dir.display())),
        "{err}"
    );
    let err = broken.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InvalidTzif);
    assert!(
        err.to_string().starts_with(&format!(
            "invalid TZif data for zone \"Custom/Broken\": {}: ",
            dir.join("Custom/Broken").display()
        )),
        "{err}"
    );
    // Unset again: the standard directories.
    assert!(Zone::system("UTC").is_ok());
}
