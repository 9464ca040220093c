//! The system's tz database (feature `system-tz`): the TZif file of a zone,
//! found as CPython's `zoneinfo` finds it; the zones of
//! [`ZoneDatabase::System`](super::ZoneDatabase::System), read once per name;
//! and the machine's own zone, found as jiff finds it.

use std::collections::BTreeMap;
use std::io::ErrorKind as IoErrorKind;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, PoisonError};

use super::named;
use super::table::Table;
use super::tzif::{self, Tzif};
use super::{posix, Repr, Zone, ZoneSource};
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

/// The directories searched: `$TZDIR` if set and not empty, else
/// [`SEARCH_PATH`].
fn directories() -> Vec<PathBuf> {
    match std::env::var_os("TZDIR").filter(|dir| !dir.is_empty()) {
        Some(dir) => vec![PathBuf::from(dir)],
        None => SEARCH_PATH.iter().map(PathBuf::from).collect(),
    }
}

/// The zone `name` of the system's database, read from its file now.
pub(crate) fn load(name: &str) -> Result<Zone, Error> {
    check_name(name)?;
    let dirs = directories();
    for dir in &dirs {
        let path = dir.join(name);
        if let Some(bytes) = read_file(&path)? {
            return from_file(name, &path, &bytes, release_of(dir));
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

/// The zone `name` of the system's database, read on its first lookup in
/// this process ([`ZoneDatabase::System`](super::ZoneDatabase::System)).
pub(crate) fn cached(name: &str) -> Result<Zone, Error> {
    static ZONES: Mutex<BTreeMap<Box<str>, Zone>> = Mutex::new(BTreeMap::new());
    // Poisoning cannot leave the map half-written: insert is the only write.
    if let Some(zone) = ZONES
        .lock()
        .unwrap_or_else(PoisonError::into_inner)
        .get(name)
    {
        return Ok(*zone);
    }
    let zone = load(name)?;
    ZONES
        .lock()
        .unwrap_or_else(PoisonError::into_inner)
        .insert(name.into(), zone);
    Ok(zone)
}

/// The bytes of the file at `path`, `None` if there is none.
fn read_file(path: &Path) -> Result<Option<Vec<u8>>, Error> {
    if !path.is_file() {
        return Ok(None);
    }
    match std::fs::read(path) {
        Ok(bytes) => Ok(Some(bytes)),
        Err(err) if err.kind() == IoErrorKind::NotFound => Ok(None),
        Err(err) => Err(Error::message(
            ErrorKind::UnknownZone,
            format!("cannot read time zone file {}: {err}", path.display()),
        )),
    }
}

/// The zone `name` read from the TZif file `path` of the system.
fn from_file(
    name: &str,
    path: &Path,
    bytes: &[u8],
    release: Option<&'static str>,
) -> Result<Zone, Error> {
    let refused = |detail: &dyn core::fmt::Display| {
        Error::invalid_tzif(name, &format_args!("{}: {detail}", path.display()))
    };
    let tzif = tzif::parse(bytes).map_err(|problem| refused(&problem))?;
    let table = Table::new(&tzif).map_err(|refusal| refused(&refusal))?;
    Ok(zone_of(named::intern(
        name,
        ZoneSource::System,
        release,
        Some(bytes),
        table,
    )))
}

fn zone_of(named: named::NamedRef) -> Zone {
    Zone {
        repr: Repr::Named(named),
    }
}

/// The release of the tz database in `dir`, from the first line of its
/// `tzdata.zi` (`# version 2026f`), as zic's distribution writes it.
fn release_of(dir: &Path) -> Option<&'static str> {
    static RELEASES: Mutex<BTreeMap<PathBuf, Option<&'static str>>> = Mutex::new(BTreeMap::new());
    let mut releases = RELEASES.lock().unwrap_or_else(PoisonError::into_inner);
    *releases.entry(dir.to_path_buf()).or_insert_with(|| {
        let text = std::fs::read_to_string(dir.join("tzdata.zi")).ok()?;
        let release = text.lines().next()?.strip_prefix("# version ")?.trim();
        let fine =
            (4..=12).contains(&release.len()) && release.bytes().all(|b| b.is_ascii_alphanumeric());
        fine.then(|| &*Box::leak(release.into()))
    })
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

/// The file that names the machine's zone when `TZ` is not set.
const LOCALTIME: &str = "/etc/localtime";

/// The machine's zone: `TZ` if set, else `/etc/localtime`.
pub(crate) fn local() -> Result<Zone, Error> {
    match std::env::var_os("TZ") {
        Some(tz) => match tz.to_str() {
            Some(tz) => from_tz_variable(tz),
            None => Err(local_unknown(format!(
                "TZ=\"{}\" is not UTF-8",
                quote(tz.as_encoded_bytes())
            ))),
        },
        None => from_localtime(Path::new(LOCALTIME)),
    }
}

/// The zone the `TZ` environment variable names, read as the C library and
/// jiff read it: empty is UTC; `:` may lead; a path to a TZif file; a name
/// of the chosen database; a POSIX TZ rule (`EST5EDT,M3.2.0,M11.1.0`).
fn from_tz_variable(tz: &str) -> Result<Zone, Error> {
    if tz.is_empty() {
        return Ok(Zone::UTC);
    }
    let value = tz.strip_prefix(':').unwrap_or(tz);
    if let Some(name) = name_in_zoneinfo_path(value) {
        return named_or_file(name, Path::new(value));
    }
    if value.starts_with('/') || value.starts_with('.') {
        return match read_file(Path::new(value))? {
            Some(bytes) => from_file(value, Path::new(value), &bytes, None),
            None => Err(local_unknown(format!(
                "TZ=\"{}\" names no file",
                quote(tz.as_bytes())
            ))),
        };
    }
    if let Ok(zone) = super::database::lookup(value) {
        return Ok(zone);
    }
    from_posix_rule(value).ok_or_else(|| {
        local_unknown(format!(
            "TZ=\"{}\" is neither a zone of {} nor a POSIX TZ rule",
            quote(tz.as_bytes()),
            super::database::zone_database()
                .map_or_else(|| "any database".to_owned(), |db| db.to_string())
        ))
    })
}

/// The zone `/etc/localtime` is: the name its link points to (`.../zoneinfo/
/// Europe/Paris`) in the chosen database, else the file's own data.
fn from_localtime(path: &Path) -> Result<Zone, Error> {
    let target = std::fs::read_link(path).ok();
    if let Some(name) = target
        .as_deref()
        .and_then(Path::to_str)
        .and_then(name_in_zoneinfo_path)
    {
        return named_or_file(name, path);
    }
    match read_file(path)? {
        Some(bytes) => from_file(&path.display().to_string(), path, &bytes, None),
        None => Err(local_unknown(format!(
            "TZ is not set and {} does not exist",
            path.display()
        ))),
    }
}

/// `America/New_York` from `/usr/share/zoneinfo/America/New_York`.
fn name_in_zoneinfo_path(path: &str) -> Option<&str> {
    let (_, name) = path.rsplit_once("zoneinfo/")?;
    (!name.is_empty()).then_some(name)
}

/// The zone `name` of the chosen database if it has one, else the data of
/// the file `path` under that name.
fn named_or_file(name: &str, path: &Path) -> Result<Zone, Error> {
    if let Ok(zone) = super::database::lookup(name) {
        return Ok(zone);
    }
    match read_file(path)? {
        Some(bytes) => from_file(name, path, &bytes, None),
        None => Err(local_unknown(format!(
            "{} names zone {}, which the chosen database lacks, and the file does not exist",
            path.display(),
            quote(name.as_bytes())
        ))),
    }
}

/// A zone that follows the POSIX TZ rule `rule` at every instant.
fn from_posix_rule(rule: &str) -> Option<Zone> {
    let footer = posix::parse(rule.as_bytes()).ok()?;
    let tzif = Tzif {
        initial: footer.standard_offset(),
        transitions: Vec::new(),
        footer: Some(footer),
    };
    let table = Table::new(&tzif).ok()?;
    Some(zone_of(named::intern(
        rule,
        ZoneSource::Loaded,
        None,
        None,
        table,
    )))
}

#[cold]
fn local_unknown(why: String) -> Error {
    Error::message(
        ErrorKind::UnknownZone,
        format!("cannot determine the local time zone: {why}"),
    )
}
