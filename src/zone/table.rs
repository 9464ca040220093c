//! A precomputed transition table per IANA zone, built lazily from chrono-tz.
//!
//! chrono-tz answers "which offset applies here" with a binary search over its
//! spans, which costs 1.7x to 2.5x what jiff takes for a local-to-instant lookup.
//! chrono-tz does not export its spans, so on first use of a zone we recover its
//! transitions between 1800 and 2100 by probing its UTC offsets day by day and
//! bisecting every change to the second. The table then answers both lookups
//! (UTC -> offset, local wall time -> offsets) in O(1) through a bucket index
//! with a short forward scan. Values outside the table's range, or zones whose
//! transitions are too close together for the local index, fall back to
//! chrono-tz itself, so results always agree with chrono-tz.
//!
//! The probe step of one day would miss a change that reverts within the same
//! day; `tests/integration/zone_table.rs` checks every zone against the system's
//! TZif files (via CPython) to show that no such pair exists in the bundled data.

use std::sync::OnceLock;

use chrono::{DateTime, Offset, TimeZone};
use chrono_tz::Tz;

use super::LocalOffsets;

/// 1800-01-01T00:00:00Z as Unix seconds.
const START: i64 = -5_364_662_400;
/// 2100-01-01T00:00:00Z as Unix seconds.
const END: i64 = 4_102_444_800;
/// Bucket width: 2^21 s, about 24 days. Two transitions rarely share a bucket.
const SHIFT: u32 = 21;
/// Probe step while searching for transitions.
const STEP: i64 = 86_400;
/// Local wall times this close to the ends of the table use the slow path, so a
/// transition just outside the table can never be missed.
const MARGIN: i64 = 3 * 86_400;
/// Room for every `Tz` variant (chrono-tz 0.10.4 has 597); a zone beyond it
/// simply uses the slow path.
const SLOTS: usize = 1024;

pub(crate) struct Table {
    /// Instants (Unix seconds) at which the offset changes, ascending.
    utc: Box<[i64]>,
    /// `offsets[i]` is the offset (seconds east of UTC) before `utc[i]`;
    /// `offsets[utc.len()]` applies after the last transition.
    offsets: Box<[i32]>,
    /// For transition `i`, the local wall times (as Unix seconds of the naive value)
    /// `[local_lo[i], local_hi[i])` that are skipped (gap) or repeated (fold).
    local_lo: Box<[i64]>,
    local_hi: Box<[i64]>,
    /// `utc_index[b]`: number of transitions at or before the start of bucket `b`.
    utc_index: Box<[u16]>,
    /// `local_index[b]`: number of transitions whose `local_lo` is at or before the
    /// start of bucket `b`; empty when the local intervals overlap.
    local_index: Box<[u16]>,
}

static TABLES: [OnceLock<Option<Table>>; SLOTS] = [const { OnceLock::new() }; SLOTS];

/// The table of `tz`, building it on first use; `None` when `tz` does not fit
/// the table layout (its lookups then go to chrono-tz directly).
pub(crate) fn table(tz: Tz) -> Option<&'static Table> {
    TABLES
        .get(tz as usize)?
        .get_or_init(|| Table::build(tz))
        .as_ref()
}

/// The UTC offset, in seconds, that chrono-tz gives `tz` at Unix second `t`.
fn probe(tz: Tz, t: i64) -> i32 {
    match DateTime::from_timestamp(t, 0) {
        Some(dt) => tz
            .offset_from_utc_datetime(&dt.naive_utc())
            .fix()
            .local_minus_utc(),
        None => 0,
    }
}

impl Table {
    fn build(tz: Tz) -> Option<Table> {
        let mut utc = Vec::new();
        let mut offsets = vec![probe(tz, START)];
        let mut t = START;
        let mut current = probe(tz, START);
        while t < END {
            let next = t.saturating_add(STEP).min(END);
            if probe(tz, next) == current {
                t = next;
                continue;
            }
            // Bisect (t, next] for the first second whose offset differs.
            let (mut lo, mut hi) = (t, next);
            while hi.saturating_sub(lo) > 1 {
                let mid = lo.saturating_add(hi.saturating_sub(lo) / 2);
                if probe(tz, mid) == current {
                    lo = mid;
                } else {
                    hi = mid;
                }
            }
            if hi == END {
                // A change exactly at the end belongs to the slow path.
                break;
            }
            current = probe(tz, hi);
            utc.push(hi);
            offsets.push(current);
            t = hi;
        }
        if utc.len() >= usize::from(u16::MAX) {
            return None;
        }

        let mut local_lo = Vec::with_capacity(utc.len());
        let mut local_hi = Vec::with_capacity(utc.len());
        for (i, &at) in utc.iter().enumerate() {
            let before = i64::from(*offsets.get(i)?);
            let after = i64::from(*offsets.get(i.checked_add(1)?)?);
            local_lo.push(at.checked_add(before.min(after))?);
            local_hi.push(at.checked_add(before.max(after))?);
        }
        // The local index needs the skipped/repeated intervals to be disjoint and
        // in order; otherwise a local wall time could belong to two transitions.
        let local_ok = local_lo
            .iter()
            .skip(1)
            .zip(local_hi.iter())
            .all(|(next_lo, hi)| next_lo >= hi);

        let utc_index = bucket_index(&utc);
        let local_index = if local_ok {
            bucket_index(&local_lo)
        } else {
            Vec::new()
        };
        Some(Table {
            utc: utc.into_boxed_slice(),
            offsets: offsets.into_boxed_slice(),
            local_lo: local_lo.into_boxed_slice(),
            local_hi: local_hi.into_boxed_slice(),
            utc_index: utc_index.into_boxed_slice(),
            local_index: local_index.into_boxed_slice(),
        })
    }

    /// The offset (seconds east) at Unix second `t`, if `t` is inside the table.
    #[inline]
    pub(crate) fn offset_at(&self, t: i64) -> Option<i32> {
        if !(START..END).contains(&t) {
            return None;
        }
        let k = scan(&self.utc, &self.utc_index, t)?;
        self.offsets.get(k).copied()
    }

    /// The offsets for a local wall time given as the Unix seconds of the naive
    /// value, if it is inside the table.
    #[inline]
    pub(crate) fn local_offsets(&self, local: i64) -> Option<LocalOffsets> {
        if local < START.saturating_add(MARGIN) || local >= END.saturating_sub(MARGIN) {
            return None;
        }
        let k = scan(&self.local_lo, &self.local_index, local)?;
        let Some(last) = k.checked_sub(1) else {
            return Some(LocalOffsets::Unique(*self.offsets.first()?));
        };
        if local < *self.local_hi.get(last)? {
            let before = *self.offsets.get(last)?;
            let after = *self.offsets.get(k)?;
            let transition = *self.utc.get(last)?;
            return Some(if after > before {
                LocalOffsets::Gap {
                    before,
                    after,
                    transition,
                }
            } else {
                LocalOffsets::Fold {
                    before,
                    after,
                    transition,
                }
            });
        }
        Some(LocalOffsets::Unique(*self.offsets.get(k)?))
    }

    /// Transition `i` as (instant, offset before, offset after).
    fn transition(&self, i: usize) -> Option<(i64, i32, i32)> {
        Some((
            *self.utc.get(i)?,
            *self.offsets.get(i)?,
            *self.offsets.get(i.checked_add(1)?)?,
        ))
    }

    /// The first transition strictly after Unix second `t`. chrono-tz has no
    /// transitions outside the table's range (a unit test checks every zone),
    /// so the table answers for any `t`.
    pub(crate) fn next_after(&self, t: i64) -> Option<(i64, i32, i32)> {
        self.transition(self.utc.partition_point(|&at| at <= t))
    }

    /// The last transition strictly before Unix second `t`.
    pub(crate) fn previous_before(&self, t: i64) -> Option<(i64, i32, i32)> {
        self.transition(self.utc.partition_point(|&at| at < t).checked_sub(1)?)
    }

    /// Whether local lookups use the table.
    #[cfg(test)]
    pub(crate) fn has_local_index(&self) -> bool {
        !self.local_index.is_empty() || self.local_lo.is_empty()
    }
}

/// The number of entries of the ascending `keys` that are `<= t`, found from the
/// bucket `index` and a forward scan. `t` must lie in `[START, END)`.
#[inline]
fn scan(keys: &[i64], index: &[u16], t: i64) -> Option<usize> {
    let bucket = usize::try_from(t.checked_sub(START)? >> SHIFT).ok()?;
    let mut k = usize::from(*index.get(bucket)?);
    while let Some(&key) = keys.get(k) {
        if key > t {
            break;
        }
        k = k.checked_add(1)?;
    }
    Some(k)
}

/// For each bucket start `START + b << SHIFT` in `[START, END)`, how many of the
/// ascending `keys` are at or before it.
fn bucket_index(keys: &[i64]) -> Vec<u16> {
    let span = END.saturating_sub(START);
    let buckets = (span >> SHIFT).saturating_add(1);
    let mut index = Vec::with_capacity(usize::try_from(buckets).unwrap_or(0));
    let mut k = 0usize;
    for b in 0..buckets {
        let at = START.saturating_add(b << SHIFT);
        while keys.get(k).is_some_and(|&key| key <= at) {
            k = k.saturating_add(1);
        }
        index.push(u16::try_from(k).unwrap_or(u16::MAX));
    }
    index
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn new_york_2026() {
        let t = table(chrono_tz::America::New_York).expect("table");
        // 2026-03-08T07:00:00Z: EST -> EDT.
        assert_eq!(t.offset_at(1_772_953_199), Some(-18_000));
        assert_eq!(t.offset_at(1_772_953_200), Some(-14_400));
        // 2026-03-08T02:30 local is in the gap.
        let local = chrono::NaiveDate::from_ymd_opt(2026, 3, 8)
            .and_then(|d| d.and_hms_opt(2, 30, 0))
            .expect("valid")
            .and_utc()
            .timestamp();
        assert_eq!(
            t.local_offsets(local),
            Some(LocalOffsets::Gap {
                before: -18_000,
                after: -14_400,
                transition: 1_772_953_200
            })
        );
        assert!(t.has_local_index());
    }

    /// The table's range holds every transition chrono-tz knows, so
    /// `next_after` / `previous_before` are right for instants outside it too.
    #[test]
    fn no_transitions_outside_the_table() {
        let far = 8_000_000_000_000;
        for tz in chrono_tz::TZ_VARIANTS {
            assert_eq!(probe(tz, -far), probe(tz, START), "{}", tz.name());
            assert_eq!(probe(tz, END), probe(tz, far), "{}", tz.name());
        }
    }

    #[test]
    fn every_zone_has_a_local_index() {
        for tz in chrono_tz::TZ_VARIANTS {
            let t = table(tz).expect("table");
            assert!(t.has_local_index(), "{}", tz.name());
        }
    }

    #[test]
    fn edges_use_slow_path() {
        let t = table(chrono_tz::America::New_York).expect("table");
        assert_eq!(t.offset_at(START - 1), None);
        assert_eq!(t.offset_at(END), None);
        assert_eq!(t.local_offsets(END - 1), None);
        assert!(t.offset_at(END - 1).is_some());
    }
}
