//! `Zone::system` (feature `system-tz`): zones read from the system's tz
//! database, whatever its release, against CPython's zoneinfo reading the same
//! files; a system database of the bundled release (the oracle's, through
//! `TZDIR`) against the bundled data; the ways a name or a file is refused;
//! `set_zone_database(ZoneDatabase::System)` and `Zone::local`.
//!
//! `Zone::system` reads `TZDIR`, which is process-wide (and, since Rust 2024,
//! `unsafe` to set while other threads run), so each test runs its checks in
//! a child process of this test binary with the environment it needs.

use std::path::{Path, PathBuf};
use std::process::Command;

use chrono::{DateTime, Utc};
use tzsafe::{ErrorKind, Zone, ZoneSource};

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

/// The release the system's `tzdata.zi` names, or "unknown".
fn system_release() -> String {
    std::fs::read_to_string(Path::new(SYSTEM).join("tzdata.zi"))
        .ok()
        .and_then(|text| Some(text.lines().next()?.split_whitespace().last()?.to_owned()))
        .unwrap_or_else(|| "unknown".to_owned())
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
    in_child_with(name, tzdir, None)
}

/// [`in_child`], with `TZ` set to `tz` (or unset) too.
fn in_child_with(name: &str, tzdir: Option<&Path>, tz: Option<&str>) -> bool {
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
    match tz {
        Some(tz) => child.env("TZ", tz),
        None => child.env_remove("TZ"),
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

    // Every zone the system has, against CPython's zoneinfo reading the same
    // files: whatever the host's release (2025b here, 2026f on an updated
    // host), `Zone::system` reads what the system says.
    let names = Zone::bundled_names();
    if let Some(output) = common::python_reading(
        "tests/data/python/tzif_transitions.py",
        &names.join("\n"),
        Path::new(SYSTEM),
    ) {
        let release = system_release();
        let mut compared = 0;
        for line in output.lines() {
            let (name, rest) = line.split_once(' ').unwrap();
            if rest == "!missing" {
                continue;
            }
            let (version, rows) = rest.split_once('|').unwrap();
            assert_eq!(version, release);
            let rows: Vec<(i64, i32, i32)> = rows
                .split(';')
                .filter(|r| !r.is_empty())
                .map(|r| {
                    let v: Vec<i64> = r.split(',').map(|x| x.parse().unwrap()).collect();
                    (v[0], v[1] as i32, v[2] as i32)
                })
                .collect();
            let system = Zone::system(name).unwrap_or_else(|err| panic!("{name}: {err}"));
            assert_eq!(system.source(), Some(ZoneSource::System));
            assert_eq!(
                system.release(),
                Some(release.as_str()).filter(|r| *r != "unknown")
            );
            let ours = crate::zone_table::transitions_between(
                system,
                common::START_1800,
                common::END_2400,
            );
            assert_eq!(ours, rows, "{name}");
            compared += 1;
        }
        assert!(compared > 550, "{compared}");
    }

    // Loaded once: the same file gives an equal zone; the same bytes through
    // `from_tzif`, or the bundled zone, are other zones that print alike.
    let ny = Zone::system("America/New_York").unwrap();
    assert_eq!(ny, Zone::system("America/New_York").unwrap());
    let bytes = std::fs::read(Path::new(SYSTEM).join("America/New_York")).unwrap();
    let loaded = Zone::from_tzif("America/New_York", &bytes).unwrap();
    assert_ne!(loaded, ny, "same data, another source");
    assert_eq!(loaded.source(), Some(ZoneSource::Loaded));
    assert_eq!(changes(loaded), changes(ny));
    assert_ne!(ny, Zone::bundled("America/New_York").unwrap());
    assert_eq!(ny.to_string(), "America/New_York");
    assert_eq!(ny.name(), Some("America/New_York"));
    assert_eq!(
        format!("{ny:?}"),
        format!("Zone(America/New_York, system {})", system_release())
    );
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

/// A system database of the bundled release (the oracle's, the PyPI `tzdata`
/// package, given as `TZDIR`): every zone as the bundled one, and its
/// release read from its `tzdata.zi`. With the host's own database (above),
/// this is `Zone::system` on a host of the old release and on one of the new.
#[test]
fn a_system_database_of_the_bundled_release_agrees_with_the_bundled_one() {
    let name = "system_tz::a_system_database_of_the_bundled_release_agrees_with_the_bundled_one";
    if std::env::var_os(CHILD).is_none() {
        if let Some(dir) = common::oracle_tzdir() {
            in_child(name, Some(&dir));
        }
        return;
    }
    let mut compared = 0;
    for name in Zone::bundled_names() {
        let system = Zone::system(name).unwrap_or_else(|err| panic!("{name}: {err}"));
        let bundled = Zone::bundled(name).unwrap();
        assert_eq!(system.release(), Some(Zone::TZDB_VERSION), "{name}");
        assert_ne!(system, bundled);
        assert_eq!(changes(system), changes(bundled), "{name}");
        let far = DateTime::from_timestamp(200_000_000_000, 0).unwrap();
        assert_eq!(system.offset_at(&far), bundled.offset_at(&far), "{name}");
        compared += 1;
    }
    assert!(compared > 590, "{compared}");
}

/// `set_zone_database(ZoneDatabase::System)`, once at start-up: every name
/// lookup afterwards reads the system's database (here the oracle's, through
/// `TZDIR`, so that the release is known): `FromStr`, serde, `in_zone!`
/// modules, the models; a name it lacks is an error that names it; the choice
/// cannot change.
#[test]
fn the_system_database_chosen_once_answers_every_lookup() {
    use tzsafe::{set_zone_database, zone_database, ZoneDatabase};
    let name = "system_tz::the_system_database_chosen_once_answers_every_lookup";
    if std::env::var_os(CHILD).is_none() {
        if let Some(dir) = common::oracle_tzdir() {
            // A copy without Europe/Chisinau: a name the chosen database lacks.
            let copy = scratch_dir().join("zoneinfo");
            copy_dir(&dir, &copy);
            std::fs::remove_file(copy.join("Europe/Chisinau")).unwrap();
            in_child(name, Some(&copy));
            std::fs::remove_dir_all(copy.parent().unwrap()).unwrap();
        }
        return;
    }
    set_zone_database(ZoneDatabase::System).unwrap();
    set_zone_database(ZoneDatabase::System).unwrap(); // the same choice again
    assert_eq!(zone_database(), Some(ZoneDatabase::System));
    let vancouver: Zone = "America/Vancouver".parse().unwrap();
    assert_eq!(vancouver.source(), Some(ZoneSource::System));
    assert_eq!(vancouver.release(), Some(Zone::TZDB_VERSION));
    assert_eq!(
        vancouver,
        "America/Vancouver".parse::<Zone>().unwrap(),
        "read once"
    );
    let noon: DateTime<Utc> = "2026-12-07T20:00:00Z".parse().unwrap();
    assert_eq!(vancouver.offset_at(&noon).local_minus_utc(), -7 * 3600);
    // The bundled database is still there for whoever names it.
    assert_eq!(
        Zone::bundled("America/Vancouver").unwrap().source(),
        Some(ZoneSource::Bundled)
    );

    let err = "Europe/Chisinau".parse::<Zone>().unwrap_err();
    assert_eq!(err.kind(), ErrorKind::UnknownZone);
    assert!(
        err.to_string().starts_with("unknown time zone \"Europe/Chisinau\": no such file in the system tz database (searched "),
        "{err}"
    );
    let err = set_zone_database(ZoneDatabase::Bundled).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::AlreadySet);
    assert_eq!(
        err.to_string(),
        "the zone database is already chosen (the system tz database): set_zone_database must be called once, before the first zone name is looked up"
    );

    #[cfg(feature = "serde")]
    {
        let zone: Zone = serde_json::from_str("\"Asia/Tokyo\"").unwrap();
        assert_eq!(zone.source(), Some(ZoneSource::System));
        tzsafe::serde::in_zone!(mod paris = "Europe/Paris");
        #[derive(serde::Deserialize)]
        struct Row {
            #[serde(with = "paris")]
            at: DateTime<Utc>,
        }
        let row: Row = serde_json::from_str(r#"{"at": "2026-07-01 12:00:00"}"#).unwrap();
        assert_eq!(row.at.to_rfc3339(), "2026-07-01T10:00:00+00:00");
        use tzsafe::serde::FixedZone;
        assert_eq!(
            paris::Marker::zone().unwrap().source(),
            Some(ZoneSource::System)
        );
        #[cfg(feature = "discount")]
        {
            let day: tzsafe::models::discount::LocalDay =
                serde_json::from_str(r#"{"date": "2026-12-08", "zone": "America/Vancouver"}"#)
                    .unwrap();
            assert_eq!(day.zone().source(), Some(ZoneSource::System));
        }
    }
    #[cfg(feature = "chrono-tz")]
    assert_eq!(
        Zone::iana(chrono_tz::Asia::Kolkata).source(),
        Some(ZoneSource::System)
    );
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// `Zone::local()` from `TZ`, each value in its own child process: empty is
/// UTC; a name (with or without `:`) of the chosen database; a path into a
/// zoneinfo directory (the name after `zoneinfo/`); a POSIX TZ rule; and
/// what cannot be determined is an error, never a guess.
#[test]
fn local_zone_from_tz() {
    let test = "system_tz::local_zone_from_tz";
    if std::env::var_os(CHILD).is_none() {
        let paris_file = format!("{SYSTEM}/Europe/Paris");
        for tz in [
            "",
            "America/Vancouver",
            ":Asia/Tokyo",
            paris_file.as_str(),
            "<+0330>-3:30",
            "EST5EDT,M3.2.0,M11.1.0",
            "Not/A_Zone",
            "/nonexistent/file",
        ] {
            if tz == paris_file && !Path::new(&paris_file).is_file() {
                continue;
            }
            in_child_with(test, None, Some(tz));
        }
        return;
    }
    let tz = std::env::var("TZ").unwrap();
    let local = Zone::local();
    let summer: DateTime<Utc> = "2026-07-01T12:00:00Z".parse().unwrap();
    match tz.as_str() {
        "" => assert_eq!(local.unwrap(), Zone::UTC),
        "America/Vancouver" => assert_eq!(local.unwrap(), Zone::bundled(&tz).unwrap()),
        ":Asia/Tokyo" => assert_eq!(local.unwrap(), Zone::bundled("Asia/Tokyo").unwrap()),
        "<+0330>-3:30" => {
            let zone = local.unwrap();
            assert_eq!(zone.to_string(), tz);
            assert_eq!(zone.source(), Some(ZoneSource::Loaded));
            assert_eq!(zone.offset_at(&summer).local_minus_utc(), 3 * 3600 + 1800);
        }
        "EST5EDT,M3.2.0,M11.1.0" => {
            let zone = local.unwrap();
            assert_eq!(zone.offset_at(&summer).local_minus_utc(), -4 * 3600);
            let winter: DateTime<Utc> = "2026-12-01T12:00:00Z".parse().unwrap();
            assert_eq!(zone.offset_at(&winter).local_minus_utc(), -5 * 3600);
        }
        "Not/A_Zone" => {
            let err = local.unwrap_err();
            assert_eq!(err.kind(), ErrorKind::UnknownZone);
            assert_eq!(
                err.to_string(),
                format!("cannot determine the local time zone: TZ=\"Not/A_Zone\" is neither a zone of the bundled tz database {} nor a POSIX TZ rule", Zone::TZDB_VERSION)
            );
        }
        "/nonexistent/file" => {
            let err = local.unwrap_err();
            assert_eq!(err.kind(), ErrorKind::UnknownZone);
            assert_eq!(
                err.to_string(),
                "cannot determine the local time zone: TZ=\"/nonexistent/file\" names no file"
            );
        }
        paris => {
            // A path into a zoneinfo directory: the name after `zoneinfo/`.
            assert!(paris.ends_with("zoneinfo/Europe/Paris"), "{paris}");
            assert_eq!(local.unwrap(), Zone::bundled("Europe/Paris").unwrap());
        }
    }
}

/// Without `TZ`, `/etc/localtime`: on this machine, whatever it says is
/// either a zone or an error, never a panic; where it is a link into a
/// zoneinfo directory, the zone of that name.
#[test]
fn local_zone_from_etc_localtime() {
    if !in_child_with("system_tz::local_zone_from_etc_localtime", None, None) {
        return;
    }
    let link = std::fs::read_link("/etc/localtime").ok();
    match Zone::local() {
        Ok(zone) => {
            if let Some(name) = link
                .as_deref()
                .and_then(Path::to_str)
                .and_then(|target| target.rsplit_once("zoneinfo/"))
                .map(|(_, name)| name)
            {
                assert_eq!(zone.name(), Some(name));
            }
        }
        Err(err) => {
            assert!(!Path::new("/etc/localtime").exists(), "{err}");
            assert_eq!(err.to_string(), "cannot determine the local time zone: TZ is not set and /etc/localtime does not exist");
        }
    }
}
