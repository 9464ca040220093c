//! `ColdParts`: the cold parts of one shard's records (see `record.rs`).
//!
//! A user's hash-table entry names its cold part by a slot here rather than
//! pointing to a box of its own: four bytes instead of eight, which is what
//! brings the entry to 64 bytes. Slots live in chunks of a fixed size rather
//! than in one growing vector, so that the spare room is at most one chunk per
//! shard, where a vector that doubles would hold up to as much again as its
//! users; a freed slot is reused before a new one is taken.

use super::record::ColdPart;

/// Slots per chunk: 256 cold parts are 14 KiB.
const CHUNK: usize = 256;

/// Slots are below 2^31: the entry keeps a flag in the top bit of its `u32`.
pub(super) const MAX_SLOTS: usize = 1 << 31;

/// Where a record's cold part is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct Slot(u32);

impl Slot {
    /// The slot's number, below [`MAX_SLOTS`].
    pub(super) fn get(self) -> u32 {
        self.0
    }

    /// The slot numbered `number`, which came from [`get`](Self::get).
    pub(super) fn from_number(number: u32) -> Slot {
        Slot(number)
    }
}

#[derive(Default)]
pub(super) struct ColdParts {
    /// Each holds at most `CHUNK`; all but the last are full.
    chunks: Vec<Vec<ColdPart>>,
    /// Slots handed out once and given back, to be reused first.
    free: Vec<Slot>,
}

impl ColdParts {
    /// Stores `cold` in a slot; `None` once [`MAX_SLOTS`] are taken (some
    /// 250 GiB of users in one shard).
    pub(super) fn insert(&mut self, cold: ColdPart) -> Option<Slot> {
        if let Some(slot) = self.free.pop() {
            *self.get_mut(slot) = cold;
            return Some(slot);
        }
        if self.chunks.last().is_none_or(|chunk| chunk.len() >= CHUNK) {
            if self.chunks.len().saturating_mul(CHUNK) >= MAX_SLOTS {
                return None;
            }
            self.chunks.push(Vec::with_capacity(CHUNK));
        }
        let full = self.chunks.len().saturating_sub(1).saturating_mul(CHUNK);
        let chunk = self.chunks.last_mut()?;
        let slot = Slot(u32::try_from(full.saturating_add(chunk.len())).ok()?);
        chunk.push(cold);
        Some(slot)
    }

    /// Gives the slot back, and what it held.
    pub(super) fn remove(&mut self, slot: Slot) -> ColdPart {
        let cold = core::mem::replace(self.get_mut(slot), ColdPart::vacant());
        self.free.push(slot);
        cold
    }

    /// The cold part in `slot`.
    #[inline]
    pub(super) fn get(&self, slot: Slot) -> &ColdPart {
        let (chunk, at) = position(slot);
        // Slots come from `insert` and are held only by live records: out of
        // range is a bug, not an input (as for `Namespaces`).
        #[allow(clippy::indexing_slicing)]
        &self.chunks[chunk][at]
    }

    /// The cold part in `slot`, to change.
    #[inline]
    pub(super) fn get_mut(&mut self, slot: Slot) -> &mut ColdPart {
        let (chunk, at) = position(slot);
        #[allow(clippy::indexing_slicing)]
        &mut self.chunks[chunk][at]
    }

    /// How many slots are taken.
    #[cfg(test)]
    pub(super) fn len(&self) -> usize {
        let stored: usize = self.chunks.iter().map(Vec::len).sum();
        stored.saturating_sub(self.free.len())
    }
}

#[inline]
fn position(slot: Slot) -> (usize, usize) {
    // A u32 fits a usize on every target tzsafe builds for.
    let index = slot.0 as usize;
    (index / CHUNK, index % CHUNK)
}

#[cfg(test)]
#[allow(clippy::arithmetic_side_effects)]
mod tests {
    use super::*;
    use crate::models::presence::stamp::Stamp;
    use chrono::DateTime;

    fn marked(n: u32) -> ColdPart {
        let mut cold = ColdPart::vacant();
        cold.online_since =
            Stamp::of(DateTime::from_timestamp(i64::from(n), 0).unwrap_or_default());
        cold
    }

    fn mark(cold: &ColdPart) -> u32 {
        u32::try_from(cold.online_since.to_datetime().timestamp()).unwrap_or(u32::MAX)
    }

    #[test]
    fn slots_are_stable_reused_and_chunked() {
        let mut cold_parts = ColdParts::default();
        let slots: Vec<Slot> = (0..600)
            .map(|n| cold_parts.insert(marked(n)).unwrap())
            .collect();
        assert_eq!(
            slots.iter().map(|s| s.get()).collect::<Vec<_>>(),
            (0..600).collect::<Vec<_>>()
        );
        assert_eq!(cold_parts.chunks.len(), 3);
        assert!(cold_parts.chunks.iter().all(|c| c.capacity() == CHUNK));
        for (n, slot) in (0..600).zip(&slots) {
            assert_eq!(mark(cold_parts.get(*slot)), n);
        }
        assert_eq!(mark(&cold_parts.remove(slots[300])), 300);
        assert_eq!(mark(&cold_parts.remove(slots[7])), 7);
        assert_eq!(cold_parts.len(), 598);
        // Freed slots first, the last freed first; then new ones.
        assert_eq!(cold_parts.insert(marked(1007)), Some(slots[7]));
        assert_eq!(cold_parts.insert(marked(1300)), Some(slots[300]));
        assert_eq!(cold_parts.insert(marked(600)).map(Slot::get), Some(600));
        assert_eq!(mark(cold_parts.get(slots[7])), 1007);
        assert_eq!(mark(cold_parts.get(slots[299])), 299);
        assert_eq!(cold_parts.len(), 601);
        assert_eq!(mark(cold_parts.get(slots[0])), 0);
    }
}
