//! Zones read from TZif data at run time ([`Zone::from_tzif`](super::Zone::from_tzif),
//! [`Zone::system`](super::Zone::system)), kept for the life of the process so
//! that `Zone` stays `Copy` and `'static`.
//!
//! Each distinct zone (name and table) is stored once: loading the same data
//! again returns the zone already stored, without allocating, so memory grows
//! only with the number of distinct zones a process loads (a service that
//! re-reads the system database after each tzdata update keeps one copy of a
//! zone per release that changed it).

use core::hash::{Hash, Hasher};
use std::collections::BTreeMap;
use std::sync::{Mutex, PoisonError};

use super::table::Table;

/// A zone read from TZif data.
#[derive(Debug)]
pub(crate) struct Loaded {
    pub(crate) name: Box<str>,
    pub(crate) table: Table,
}

/// A stored zone, compared by identity: the store holds each distinct zone
/// once, so identity is equality of name and table.
#[derive(Clone, Copy, Debug)]
pub(crate) struct LoadedRef(pub(crate) &'static Loaded);

impl PartialEq for LoadedRef {
    fn eq(&self, other: &Self) -> bool {
        core::ptr::eq(self.0, other.0)
    }
}

impl Eq for LoadedRef {}

impl Hash for LoadedRef {
    fn hash<H: Hasher>(&self, state: &mut H) {
        core::ptr::hash(self.0, state);
    }
}

/// Zone name -> the distinct tables stored under it.
static STORE: Mutex<BTreeMap<Box<str>, Vec<&'static Loaded>>> = Mutex::new(BTreeMap::new());

/// The stored zone `name` with `table`, storing it if it is new.
pub(crate) fn intern(name: &str, table: Table) -> LoadedRef {
    // Nothing panics while the lock is held, so a poisoned lock still guards
    // a consistent map.
    let mut store = STORE.lock().unwrap_or_else(PoisonError::into_inner);
    let versions = store.entry(name.into()).or_default();
    if let Some(found) = versions.iter().find(|loaded| loaded.table == table) {
        return LoadedRef(found);
    }
    let loaded: &'static Loaded = Box::leak(Box::new(Loaded {
        name: name.into(),
        table,
    }));
    versions.push(loaded);
    LoadedRef(loaded)
}
