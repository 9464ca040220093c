//! Which tz database zone names are looked up in: chosen once per process,
//! before the first name is looked up, and the same for every lookup after
//! (`Zone::from_str`, serde, the `in_zone!` modules, the models).

use core::fmt;
use core::sync::atomic::{AtomicU8, Ordering};

use super::Zone;
use crate::error::{Error, ErrorKind};

/// Where a [`Zone`] of the tz database came from: [`Zone::source`].
///
/// # Example
///
/// ```
/// use tzsafe::{Zone, ZoneSource};
///
/// let vancouver: Zone = "America/Vancouver".parse()?;
/// assert_eq!(vancouver.source(), Some(ZoneSource::Bundled));
/// assert_eq!(vancouver.release(), Some(Zone::TZDB_VERSION));
/// assert_eq!(ZoneSource::Bundled.to_string(), "bundled");
/// assert_eq!(Zone::UTC.source(), None); // UTC and fixed offsets need no database
/// # Ok::<(), tzsafe::Error>(())
/// ```
#[non_exhaustive]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ZoneSource {
    /// The tz database bundled with tzsafe (feature `tz`), of release
    /// [`Zone::TZDB_VERSION`].
    Bundled,
    /// The operating system's tz database (feature `system-tz`):
    /// [`ZoneDatabase::System`], `Zone::system` or `Zone::local`.
    System,
    /// TZif bytes given to [`Zone::from_tzif`], or a POSIX TZ rule in the
    /// `TZ` environment variable (`Zone::local`).
    Loaded,
    /// A `chrono_tz::Tz` whose name tzsafe's database lacks (feature
    /// `chrono-tz`, with a chrono-tz newer than tzsafe's data): answered by
    /// chrono-tz's own tables.
    #[cfg(feature = "chrono-tz")]
    ChronoTz,
}

impl fmt::Display for ZoneSource {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            ZoneSource::Bundled => "bundled",
            ZoneSource::System => "system",
            ZoneSource::Loaded => "loaded",
            #[cfg(feature = "chrono-tz")]
            ZoneSource::ChronoTz => "chrono-tz",
        })
    }
}

/// A tz database that zone names can be looked up in: the argument of
/// [`set_zone_database`].
#[non_exhaustive]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ZoneDatabase {
    /// The database bundled with tzsafe (feature `tz`, the default): the same
    /// answers on every host, release [`Zone::TZDB_VERSION`].
    #[cfg(feature = "tz")]
    Bundled,
    /// The operating system's database (feature `system-tz`): `$TZDIR`, else
    /// `/usr/share/zoneinfo` and the other directories CPython's `zoneinfo`
    /// searches, so that zones follow the system's tzdata updates. Each name
    /// is read once per process, on its first lookup.
    #[cfg(feature = "system-tz")]
    System,
}

impl fmt::Display for ZoneDatabase {
    #[cfg_attr(
        not(any(feature = "tz", feature = "system-tz")),
        allow(unused_variables)
    )]
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        #[cfg(any(feature = "tz", feature = "system-tz"))]
        match self {
            #[cfg(feature = "tz")]
            ZoneDatabase::Bundled => write!(f, "the bundled tz database {}", super::tzdb::RELEASE),
            #[cfg(feature = "system-tz")]
            ZoneDatabase::System => f.write_str("the system tz database"),
        }
        #[cfg(not(any(feature = "tz", feature = "system-tz")))]
        match *self {}
    }
}

// The choice: open until the first lookup or `set_zone_database`, then fixed.
const OPEN: u8 = 0;
#[cfg(feature = "tz")]
const BUNDLED: u8 = 1;
#[cfg(feature = "system-tz")]
const SYSTEM: u8 = 2;
const NONE: u8 = 3;

static CHOSEN: AtomicU8 = AtomicU8::new(OPEN);

fn code(database: Option<ZoneDatabase>) -> u8 {
    match database {
        #[cfg(feature = "tz")]
        Some(ZoneDatabase::Bundled) => BUNDLED,
        #[cfg(feature = "system-tz")]
        Some(ZoneDatabase::System) => SYSTEM,
        None => NONE,
    }
}

fn from_code(code: u8) -> Option<ZoneDatabase> {
    match code {
        #[cfg(feature = "tz")]
        BUNDLED => Some(ZoneDatabase::Bundled),
        #[cfg(feature = "system-tz")]
        SYSTEM => Some(ZoneDatabase::System),
        _ => None,
    }
}

/// The default: the bundled database, so that answers do not depend on the
/// host; without feature `tz`, the system's (feature `system-tz`), else none.
fn default_database() -> Option<ZoneDatabase> {
    #[cfg(feature = "tz")]
    return Some(ZoneDatabase::Bundled);
    #[cfg(all(not(feature = "tz"), feature = "system-tz"))]
    return Some(ZoneDatabase::System);
    #[cfg(not(any(feature = "tz", feature = "system-tz")))]
    return None;
}

/// Chooses the tz database that every zone name is looked up in from now on,
/// for the whole process: [`Zone`]'s `FromStr`, serde, the `in_zone!`
/// modules and the models. Call it once at start-up, before any zone name is
/// looked up; without a call, names are looked up in the bundled database
/// ([`ZoneDatabase::Bundled`]) so that answers do not depend on the host.
///
/// A service that prefers the operating system's database, kept current by
/// its package manager, says so here with `ZoneDatabase::System` (feature
/// `system-tz`). A name that database lacks is then an
/// [`ErrorKind::UnknownZone`] error that names the database; nothing falls
/// back to the other one.
///
/// # Errors
///
/// [`ErrorKind::AlreadySet`] when another database was chosen already, by an
/// earlier call or by the first lookup of a zone name (which fixes the
/// default). Choosing the database in effect again is not an error.
///
/// # Example
///
/// ```
/// use tzsafe::{set_zone_database, Zone, ZoneDatabase, ZoneSource};
///
/// set_zone_database(ZoneDatabase::Bundled)?; // before any name is looked up
/// let zone: Zone = "Europe/Chisinau".parse()?;
/// assert_eq!(zone.source(), Some(ZoneSource::Bundled));
/// # #[cfg(feature = "system-tz")]
/// # {
/// let err = set_zone_database(ZoneDatabase::System).unwrap_err();
/// assert_eq!(err.kind(), tzsafe::ErrorKind::AlreadySet);
/// # }
/// # Ok::<(), tzsafe::Error>(())
/// ```
pub fn set_zone_database(database: ZoneDatabase) -> Result<(), Error> {
    let wanted = code(Some(database));
    match CHOSEN.compare_exchange(OPEN, wanted, Ordering::AcqRel, Ordering::Acquire) {
        Ok(_) => Ok(()),
        Err(chosen) if chosen == wanted => Ok(()),
        Err(chosen) => Err(Error::message(
            ErrorKind::AlreadySet,
            format!(
                "the zone database is already chosen ({}): set_zone_database must be called once, \
                 before the first zone name is looked up",
                from_code(chosen).map_or_else(|| "none".to_owned(), |db| db.to_string())
            ),
        )),
    }
}

/// The tz database zone names are looked up in, fixing the default if none
/// was chosen (`None` when tzsafe is built with neither `tz` nor
/// `system-tz`).
///
/// # Example
///
/// ```
/// use tzsafe::{zone_database, ZoneDatabase};
///
/// assert_eq!(zone_database(), Some(ZoneDatabase::Bundled));
/// ```
#[must_use]
pub fn zone_database() -> Option<ZoneDatabase> {
    let chosen = CHOSEN.load(Ordering::Acquire);
    if chosen != OPEN {
        return from_code(chosen);
    }
    let default = code(default_database());
    match CHOSEN.compare_exchange(OPEN, default, Ordering::AcqRel, Ordering::Acquire) {
        Ok(_) => from_code(default),
        Err(chosen) => from_code(chosen),
    }
}

/// The zone `name` of the chosen database.
pub(crate) fn lookup(name: &str) -> Result<Zone, Error> {
    match zone_database() {
        #[cfg(feature = "tz")]
        Some(ZoneDatabase::Bundled) => Zone::bundled(name),
        #[cfg(feature = "system-tz")]
        Some(ZoneDatabase::System) => super::system::cached(name),
        None => Err(Error::unknown_zone(name, "")),
    }
}
