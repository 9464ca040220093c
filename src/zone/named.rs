//! Zones of a tz database by name, each kept once for the life of the
//! process so that `Zone` stays `Copy` and `'static`: the bundled ones
//! ([`tzdb`](super::tzdb)), the system's ([`system`](super::system)) and those
//! read from TZif bytes ([`Zone::from_tzif`](super::Zone::from_tzif)).
//!
//! A zone read at run time is stored once per distinct name, source and
//! table: loading the same data again returns the zone already stored,
//! without allocating, so memory grows only with the number of distinct zones
//! a process loads (a service that re-reads the system database after each
//! tzdata update keeps one copy of a zone per release that changed it).

use core::hash::{Hash, Hasher};
use std::collections::BTreeMap;
use std::sync::{Mutex, PoisonError};

use super::table::Table;
use super::ZoneSource;

/// A zone of a tz database: its name, where it came from, its table of
/// transitions and the TZif data the table was read from.
#[derive(Debug)]
pub(crate) struct Named {
    pub(crate) name: &'static str,
    pub(crate) source: ZoneSource,
    /// The tz database release, where the source says it.
    pub(crate) release: Option<&'static str>,
    /// Shared by the names of one bundled file (links such as `US/Eastern`).
    pub(crate) table: &'static Table,
    /// `None` for a zone made from a POSIX TZ rule alone (`TZ=EST5EDT,...`).
    pub(crate) tzif: Option<&'static [u8]>,
}

/// A stored zone, compared by identity: each is stored once, so identity is
/// equality of name, source and table.
#[derive(Clone, Copy, Debug)]
pub(crate) struct NamedRef(pub(crate) &'static Named);

impl PartialEq for NamedRef {
    fn eq(&self, other: &Self) -> bool {
        core::ptr::eq(self.0, other.0)
    }
}

impl Eq for NamedRef {}

impl Hash for NamedRef {
    fn hash<H: Hasher>(&self, state: &mut H) {
        core::ptr::hash(self.0, state);
    }
}

/// Zone name -> the distinct zones read at run time under it.
static STORE: Mutex<BTreeMap<&'static str, Vec<&'static Named>>> = Mutex::new(BTreeMap::new());

/// The stored zone `name` of `source` with `table` (read from `tzif`),
/// storing it if it is new.
pub(crate) fn intern(
    name: &str,
    source: ZoneSource,
    release: Option<&'static str>,
    tzif: Option<&[u8]>,
    table: Table,
) -> NamedRef {
    // Nothing panics while the lock is held, so a poisoned lock still guards
    // a consistent map.
    let mut store = STORE.lock().unwrap_or_else(PoisonError::into_inner);
    if let Some(found) = store.get(name).and_then(|zones| {
        zones
            .iter()
            .find(|zone| zone.source == source && zone.release == release && *zone.table == table)
    }) {
        return NamedRef(found);
    }
    let name: &'static str = Box::leak(name.into());
    let named: &'static Named = Box::leak(Box::new(Named {
        name,
        source,
        release,
        table: Box::leak(Box::new(table)),
        tzif: tzif.map(|bytes| &*Box::leak(bytes.into())),
    }));
    store.entry(name).or_default().push(named);
    NamedRef(named)
}
