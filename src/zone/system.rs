//! The system's tz database (feature `system-tz`): the TZif file of a zone,
//! found as CPython's `zoneinfo` finds it.

use std::io::ErrorKind as IoErrorKind;
use std::path::{Path, PathBuf};

use crate::error::{quote, Error, ErrorKind};

/// Where the tz database is looked for when `TZDIR` is not set: CPython's
/// default `zoneinfo.TZPATH`, which covers Linux distributions, the BSDs and
/// macOS.
pub(crate) const SEARCH_PATH: [&str; 4] = [
    "/usr/share/zoneinfo",
    "/usr/lib/zoneinfo",
    "/usr/share/lib/zoneinfo",
    "/etc/zoneinfo",
];

/// The TZif bytes of zone `name` and the file they came from: in `$TZDIR` if
/// that is set and not empty, else in the first directory of [`SEARCH_PATH`]
/// that has a file of that name.
pub(crate) fn read(name: &str) -> Result<(PathBuf, Vec<u8>), Error> {
    check_name(name)?;
    let dirs: Vec<PathBuf> = match std::env::var_os("TZDIR").filter(|dir| !dir.is_empty()) {
        Some(dir) => vec![PathBuf::from(dir)],
        None => SEARCH_PATH.iter().map(PathBuf::from).collect(),
    };
    for dir in &dirs {
        let path = dir.join(name);
        if !path.is_file() {
            continue;
        }
        match std::fs::read(&path) {
            Ok(bytes) => return Ok((path, bytes)),
            Err(err) if err.kind() == IoErrorKind::NotFound => continue,
            Err(err) => {
                return Err(Error::message(
                    ErrorKind::UnknownZone,
                    format!("cannot read time zone file {}: {err}", path.display()),
                ))
            }
        }
    }
    let searched: Vec<String> = dirs.iter().map(|d| d.display().to_string()).collect();
    Err(Error::message(
        ErrorKind::UnknownZone,
        format!(
            "unknown time zone \"{}\": no such file in the system tz database (searched {})",
            quote(name.as_bytes()),
            searched.join(", ")
        ),
    ))
}

/// A zone name is a relative path inside the database: `America/New_York`,
/// never `/etc/passwd` or `../x`.
fn check_name(name: &str) -> Result<(), Error> {
    let fine = !name.is_empty()
        && name.len() <= 255
        && !Path::new(name).is_absolute()
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'/' | b'_' | b'-' | b'+' | b'.'))
        && name
            .split('/')
            .all(|part| !part.is_empty() && part != "." && part != "..");
    if fine {
        return Ok(());
    }
    Err(Error::message(
        ErrorKind::UnknownZone,
        format!(
            "invalid time zone name \"{}\": expected a relative path like \"America/New_York\" of letters, digits and _-+. without \".\" or \"..\" parts",
            quote(name.as_bytes())
        ),
    ))
}
