//! The deadline index of one shard: which users may have something to report
//! by a given instant, without looking at every user.
//!
//! Time is cut into *bins* of a power-of-two number of nanoseconds (about a
//! thousandth of the TTL), numbered from the epoch. Every user is filed once,
//! in the bin of an instant no later than their next deadline: when they go
//! offline, or away. Bins are kept in order, so a sweep takes the bins up to
//! the one of its `now` and visits only the users filed there. The filed bin
//! is a lower bound: a heartbeat only ever moves a user's deadline later, so
//! it leaves the index alone (the hot path touches nothing here). A sweep
//! that finds a user whose deadline has moved on files them again, at their
//! real deadline, which happens about once per TTL per user rather than once
//! per heartbeat. Only a deadline that moves earlier (a disconnect with a
//! grace shorter than the rest of the TTL) refiles at once: the old entry
//! becomes a tombstone, one write. A bin's bucket (its entries' storage,
//! reused by later bins) is freed when its last live entry leaves or it is
//! swept, so the index holds one live entry per user and a few tombstones.

use std::collections::BTreeMap;

use chrono::TimeDelta;

use super::stamp::Stamp;

/// A user's entry: the hash of their id (the shard finds them by it).
pub(super) type EntryKey = u64;

/// A dead entry. Keys are hashes; one that equals this is stored as
/// `TOMBSTONE - 1` (see [`entry_key`]), which only ever costs a wasted probe.
const TOMBSTONE: EntryKey = EntryKey::MAX;

/// The entry key for a user whose id hashes to `hash`.
pub(super) fn entry_key(hash: u64) -> EntryKey {
    hash.min(TOMBSTONE - 1)
}

/// Where a user is filed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct Filed {
    bucket: u32,
    pos: u32,
}

impl Filed {
    /// Not filed (only while a sweep holds the user).
    pub(super) const NONE: Filed = Filed {
        bucket: u32::MAX,
        pos: u32::MAX,
    };
}

/// The entries of one bin.
struct Bucket {
    bin: i64,
    entries: Vec<EntryKey>,
    live: u32,
}

/// The buckets taken by [`DeadlineIndex::take_due`], to be handed back with
/// [`DeadlineIndex::release`] once every entry has been dealt with.
pub(super) struct TakenBuckets {
    buckets: Vec<u32>,
}

pub(super) struct DeadlineIndex {
    /// `bin = nanoseconds since the epoch >> shift`.
    shift: u32,
    buckets: Vec<Bucket>,
    free: Vec<u32>,
    /// The bucket of each bin in use, in time order.
    by_bin: BTreeMap<i64, u32>,
    /// The bin and bucket the last [`file`](Self::file) used: consecutive
    /// heartbeats share a bin.
    last_filed: Option<(i64, u32)>,
}

impl DeadlineIndex {
    /// An index whose bins are about `ttl / 1024` long (a power of two
    /// nanoseconds, at least a microsecond): a sweep checks the users of the
    /// bin it stops in one by one, so a bin holds few.
    pub(super) fn new(ttl: TimeDelta) -> DeadlineIndex {
        let nanos = ttl.num_nanoseconds().unwrap_or(i64::MAX).max(1);
        let target = (nanos / 1024).max(1_024);
        DeadlineIndex {
            shift: target.ilog2(),
            buckets: Vec::new(),
            free: Vec::new(),
            by_bin: BTreeMap::new(),
            last_filed: None,
        }
    }

    /// The bin of `at`, in the order of instants (a leap second's instants
    /// are in its last nanosecond's bin). Nanoseconds since the epoch fit an
    /// `i128` for every stamp; the shift is at least 10, so bins fit an
    /// `i64`.
    #[inline]
    fn bin_of(&self, at: Stamp) -> i64 {
        let nanos = at.ordered_nanos();
        i64::try_from(nanos >> self.shift).unwrap_or(if nanos < 0 { i64::MIN } else { i64::MAX })
    }

    /// Whether a user filed at `filed` is filed no later than the deadline
    /// `at`, so that a sweep reaches them in time.
    #[inline]
    fn is_filed_by(&self, filed: Filed, at: Stamp) -> bool {
        self.buckets
            .get(filed.bucket as usize)
            .is_some_and(|bucket| bucket.bin <= self.bin_of(at))
    }

    /// Files `key` under the bin of `at`.
    pub(super) fn file(&mut self, key: EntryKey, at: Stamp) -> Filed {
        let bin = self.bin_of(at);
        let bucket = match self.last_filed {
            Some((last, bucket)) if last == bin => bucket,
            _ => {
                let bucket = match self.by_bin.get(&bin) {
                    Some(&bucket) => bucket,
                    None => {
                        let bucket = self.new_bucket(bin);
                        self.by_bin.insert(bin, bucket);
                        bucket
                    }
                };
                self.last_filed = Some((bin, bucket));
                bucket
            }
        };
        let slot = self.bucket_mut(bucket);
        let pos = u32::try_from(slot.entries.len()).unwrap_or(u32::MAX);
        slot.entries.push(key);
        slot.live = slot.live.saturating_add(1);
        Filed { bucket, pos }
    }

    /// Removes the entry at `filed` (nothing for [`Filed::NONE`]).
    pub(super) fn unfile(&mut self, filed: Filed) {
        let Some(bucket) = self.buckets.get_mut(filed.bucket as usize) else {
            return;
        };
        if let Some(entry) = bucket.entries.get_mut(filed.pos as usize) {
            *entry = TOMBSTONE;
            bucket.live = bucket.live.saturating_sub(1);
        }
        if bucket.live == 0 {
            let bin = bucket.bin;
            if self.by_bin.get(&bin) == Some(&filed.bucket) {
                self.by_bin.remove(&bin);
                self.retire(filed.bucket);
            }
        }
    }

    /// Files the user filed at `filed` under the bin of `at` if their filed
    /// bin is later (their deadline moved earlier); otherwise leaves them.
    #[inline]
    pub(super) fn file_by(&mut self, filed: Filed, key: EntryKey, at: Stamp) -> Filed {
        if self.is_filed_by(filed, at) {
            return filed;
        }
        self.unfile(filed);
        self.file(key, at)
    }

    /// Takes every bin up to and including the one of `now` out of the
    /// index. Their live entries are still the users' [`Filed`] places; the
    /// caller refiles or forgets each, then hands the buckets back.
    pub(super) fn take_due(&mut self, now: Stamp) -> TakenBuckets {
        let last = self.bin_of(now);
        let mut buckets = Vec::new();
        while let Some(entry) = self.by_bin.first_entry() {
            if *entry.key() > last {
                break;
            }
            buckets.push(entry.remove());
        }
        if self.last_filed.is_some_and(|(bin, _)| bin <= last) {
            self.last_filed = None;
        }
        TakenBuckets { buckets }
    }

    /// The live entries of `due`, with their places.
    pub(super) fn entries<'a>(
        &'a self,
        due: &'a TakenBuckets,
    ) -> impl Iterator<Item = (EntryKey, Filed)> + 'a {
        due.buckets.iter().flat_map(move |&bucket| {
            let entries = self
                .buckets
                .get(bucket as usize)
                .map_or(&[][..], |b| b.entries.as_slice());
            entries
                .iter()
                .enumerate()
                .filter(|&(_, &key)| key != TOMBSTONE)
                .map(move |(pos, &key)| {
                    let pos = u32::try_from(pos).unwrap_or(u32::MAX);
                    (key, Filed { bucket, pos })
                })
        })
    }

    /// Frees the buckets of `due`.
    pub(super) fn release(&mut self, due: TakenBuckets) {
        for bucket in due.buckets {
            self.retire(bucket);
        }
    }

    fn new_bucket(&mut self, bin: i64) -> u32 {
        match self.free.pop() {
            Some(bucket) => {
                let slot = self.bucket_mut(bucket);
                slot.bin = bin;
                bucket
            }
            None => {
                self.buckets.push(Bucket {
                    bin,
                    entries: Vec::new(),
                    live: 0,
                });
                u32::try_from(self.buckets.len().saturating_sub(1)).unwrap_or(u32::MAX)
            }
        }
    }

    /// Empties `bucket` and makes it available again. Its memory goes: a
    /// bin is used for a short while, and keeping the capacity of every
    /// bucket ever used would keep the largest burst forever.
    fn retire(&mut self, bucket: u32) {
        if self
            .last_filed
            .is_some_and(|(_, last_filed)| last_filed == bucket)
        {
            self.last_filed = None;
        }
        let slot = self.bucket_mut(bucket);
        slot.entries = Vec::new();
        slot.live = 0;
        slot.bin = i64::MIN;
        self.free.push(bucket);
    }

    /// Bucket ids come from `new_bucket` and are never shrunk away.
    #[allow(clippy::indexing_slicing)]
    fn bucket_mut(&mut self, bucket: u32) -> &mut Bucket {
        &mut self.buckets[bucket as usize]
    }

    /// Entries (live and tombstones) held, for tests of the memory bound.
    #[cfg(test)]
    pub(super) fn held(&self) -> usize {
        self.buckets.iter().map(|b| b.entries.len()).sum()
    }

    /// Whether no bin is in use.
    #[cfg(test)]
    pub(super) fn is_empty(&self) -> bool {
        self.by_bin.is_empty() && self.held() == 0
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{DateTime, Utc};

    fn at(secs: i64) -> Stamp {
        Stamp::of(
            DateTime::from_timestamp(1_800_000_000_i64.saturating_add(secs), 0).unwrap_or_default(),
        )
    }

    #[test]
    fn files_take_and_file_earlier() {
        let mut index = DeadlineIndex::new(TimeDelta::seconds(1024));
        // About a second per bin: 1024 s / 1024 rounded down to a power of two.
        assert_eq!(index.shift, 29);
        let a = index.file(1, at(20));
        let b = index.file(2, at(10));
        let c = index.file(3, at(20));
        assert_eq!(a.bucket, c.bucket);
        assert_ne!(b.bucket, a.bucket);
        // A later deadline leaves the entry; an earlier one moves it.
        assert_eq!(index.file_by(a, 1, at(30)), a);
        let a = index.file_by(a, 1, at(10));
        assert_eq!(a.bucket, b.bucket);
        let due = index.take_due(at(15));
        let entries: Vec<_> = index.entries(&due).collect();
        assert_eq!(entries, [(2, b), (1, a)]);
        index.release(due);
        let due = index.take_due(at(25));
        let keys: Vec<_> = index.entries(&due).map(|(k, _)| k).collect();
        assert_eq!(keys, [3]);
        index.release(due);
        assert_eq!(index.held(), 0);
    }

    #[test]
    fn a_bucket_whose_entries_all_leave_is_freed() {
        let mut index = DeadlineIndex::new(TimeDelta::seconds(60));
        let a = index.file(1, at(30));
        let a = index.file_by(a, 1, at(10));
        assert_eq!(index.by_bin.len(), 1);
        assert_eq!(index.held(), 1);
        index.unfile(a);
        assert!(index.by_bin.is_empty());
        assert_eq!(index.held(), 0);
        // Unfiling nothing is harmless.
        index.unfile(Filed::NONE);
    }

    // Regression test for: a deadline inside a leap second was filed after
    // the next second's bins, so a sweep just after the leap second missed it.
    #[test]
    fn a_deadline_in_a_leap_second_is_due_right_after_it() {
        let mut index = DeadlineIndex::new(TimeDelta::seconds(1));
        let leap = |nanos: u32| {
            Stamp::of(DateTime::from_timestamp(1_483_228_799, nanos).unwrap_or_default())
        };
        let _ = index.file(7, leap(1_601_000_000));
        let next_second = Stamp::of(DateTime::from_timestamp(1_483_228_800, 0).unwrap_or_default());
        let due = index.take_due(next_second);
        let keys: Vec<_> = index.entries(&due).map(|(key, _)| key).collect();
        assert_eq!(keys, [7]);
        index.release(due);
        assert!(index.bin_of(leap(1_000_000_000)) >= index.bin_of(leap(999_999_999)));
    }

    #[test]
    fn bins_cover_every_instant() {
        let (min, max) = (Stamp::of(DateTime::<Utc>::MIN_UTC), Stamp::max());
        let index = DeadlineIndex::new(TimeDelta::MAX);
        assert!(index.bin_of(min) < index.bin_of(max));
        let index = DeadlineIndex::new(TimeDelta::nanoseconds(1));
        assert_eq!(index.shift, 10);
        assert!(index.bin_of(min) < index.bin_of(max));
        assert_eq!(entry_key(u64::MAX), u64::MAX - 1);
    }
}
