//! The bundled tz database: chrono-tz's own release, compiled by zic into TZif
//! files (`bundled.rs` and `bundled.tzif`, written by `scripts/gen_tzdb.py`),
//! each read into a [`Table`] on the first use of a zone that needs it. Links
//! (`US/Eastern`, `Asia/Calcutta`, ...) share their target's file and table.

use std::sync::OnceLock;

use chrono_tz::Tz;

use super::bundled::{FILES, FILE_COUNT, TZIF, ZONES, ZONE_COUNT};
use super::table::Table;
use super::{broken, tzif};

pub(crate) const VERSION: &str = super::bundled::VERSION;

/// The table of each file, built on first use.
static BY_FILE: [OnceLock<Table>; FILE_COUNT] = [const { OnceLock::new() }; FILE_COUNT];
/// The table of each `Tz` (by discriminant), found on first use.
static BY_TZ: [OnceLock<&'static Table>; ZONE_COUNT] = [const { OnceLock::new() }; ZONE_COUNT];

/// The table of `tz`, read from the bundled data on its first use.
#[inline]
pub(crate) fn table(tz: Tz) -> &'static Table {
    match BY_TZ.get(tz as usize).and_then(OnceLock::get) {
        Some(table) => table,
        None => first_use(tz),
    }
}

#[cold]
#[inline(never)]
fn first_use(tz: Tz) -> &'static Table {
    let Some(slot) = BY_TZ.get(tz as usize) else {
        broken(format_args!(
            "chrono-tz zone {} beyond the bundled data",
            tz.name()
        ))
    };
    slot.get_or_init(|| {
        let name = tz.name();
        let Some(file) = ZONES
            .binary_search_by(|(zone, _)| zone.cmp(&name))
            .ok()
            .and_then(|i| ZONES.get(i))
            .map(|&(_, file)| usize::from(file))
        else {
            broken(format_args!(
                "chrono-tz zone {name} missing from the bundled data"
            ))
        };
        let Some(cell) = BY_FILE.get(file) else {
            broken(format_args!("bundled file {file} of {name} out of range"))
        };
        cell.get_or_init(|| match file_bytes(file).map(read) {
            Some(Ok(table)) => table,
            Some(Err(problem)) => broken(format_args!(
                "bundled TZif data of {name} refused: {problem}"
            )),
            None => broken(format_args!("bundled file {file} of {name} out of range")),
        })
    })
}

/// A bundled file's bytes.
fn file_bytes(file: usize) -> Option<&'static [u8]> {
    let &(start, end) = FILES.get(file)?;
    TZIF.get(usize::try_from(start).ok()?..usize::try_from(end).ok()?)
}

fn read(bytes: &[u8]) -> Result<Table, String> {
    let tzif = tzif::parse(bytes).map_err(|p| p.to_string())?;
    Table::new(&tzif)
}

/// Every bundled zone name with its TZif bytes (for tests).
#[cfg(test)]
pub(crate) fn files() -> impl Iterator<Item = (&'static str, &'static [u8])> {
    ZONES
        .iter()
        .filter_map(|&(name, file)| Some((name, file_bytes(usize::from(file))?)))
}
