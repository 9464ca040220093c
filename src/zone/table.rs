//! A zone's transitions as a table, built once from its TZif data and
//! answering both lookups (instant -> offset, wall time -> offsets) for every
//! instant chrono can represent.
//!
//! The table lists every change of UTC offset the TZif file lists and, after
//! the last one, the changes of the footer's POSIX rule through the end of
//! [`TABLE_THROUGH_YEAR`], so that the years services live in are answered by
//! a bucket index and a search among two or three transitions. Later instants
//! and wall times are answered by the rule itself ([`Rule::window`]), which
//! gives the same changes: the table is a cache of the rule, never a limit.

use super::posix::{self, Change, Footer, Rule};
use super::tzif::Tzif;
use super::LocalOffsets;

/// The rule's changes are listed in the table through the end of this year
/// (or of the year after the file's last transition, if later): the years
/// chrono-tz's own tables cover, at the speed of an indexed table. Later
/// instants and wall times evaluate the rule.
const TABLE_THROUGH_YEAR: i32 = 2099;
/// A file whose last transition is more years than this before
/// [`TABLE_THROUGH_YEAR`] gets only the year after it listed, so that no file
/// makes a table of more than a few hundred years of the rule's changes.
const MAX_LISTED_YEARS: i32 = 500;

/// Instants beyond ±2^43 s (about ±278,000 years) are outside anything chrono
/// represents (years ±262,143, a day's margin included); transitions there are
/// folded into the first offset or dropped, so that all arithmetic on the
/// table's instants stays far from `i64`'s limits.
const LIMIT: i64 = 1 << 43;

const DAY: i64 = 86_400;

/// Bucket width of the index: 2^25 s, about 388 days, so that a bucket holds
/// the two or three transitions of about a year.
const SHIFT: u32 = 25;
/// At most this many buckets (about 6,400 years); transitions before the
/// indexed span (a TZif "big bang" at -2^59) are found by binary search.
const MAX_BUCKETS: i64 = 1 << 14;

/// Why TZif data cannot be made into a table.
pub(crate) type Refusal = String;

#[derive(Debug, PartialEq, Eq, Hash)]
pub(crate) struct Table {
    /// Instants (Unix seconds) at which the offset changes, ascending.
    at: Box<[i64]>,
    /// `offsets[i]` is the offset (seconds east of UTC) before `at[i]`;
    /// `offsets[at.len()]` applies after the last, until `rule_from`.
    offsets: Box<[i32]>,
    /// `local[i]`: the first wall time (Unix seconds of the naive value) that
    /// transition `i` skips or repeats, `at[i] + min(before, after)`; it
    /// skips or repeats `|after - before|` seconds of wall time from there.
    /// Ascending, the intervals disjoint (checked when built).
    local: Box<[i64]>,
    utc_index: Index,
    local_index: Index,
    /// From this instant on the offsets are the rule's; `i64::MAX` without one.
    rule_from: i64,
    /// Wall times from here on are looked up in the rule: two days before
    /// `rule_from`, so that every instant such a wall time can have is the
    /// rule's.
    rule_from_local: i64,
    rule: Option<Rule>,
}

/// `counts[b]`: how many of the table's keys are before
/// `start + (b << SHIFT)`, for every bucket up to the one of the last key;
/// a search starts there and scans the bucket's two or three keys.
#[derive(Debug, PartialEq, Eq, Hash)]
struct Index {
    start: i64,
    counts: Box<[u16]>,
}

impl Table {
    /// The table of a zone read from TZif data.
    pub(crate) fn new(tzif: &Tzif) -> Result<Table, Refusal> {
        let mut listed = Transitions {
            at: Vec::with_capacity(tzif.transitions.len()),
            offsets: Vec::with_capacity(tzif.transitions.len().saturating_add(1)),
            current: tzif.initial,
        };
        for &(t, offset) in &tzif.transitions {
            if t < -LIMIT {
                listed.current = offset;
            } else if t <= LIMIT {
                listed.change(t, offset);
            }
        }
        let last_listed = tzif.transitions.last().map(|&(t, _)| t);
        let (rule, rule_from) = listed.footer(tzif.footer, last_listed)?;
        let Transitions {
            at,
            mut offsets,
            current,
        } = listed;
        offsets.push(current);
        if at.len() > usize::from(u16::MAX) {
            return Err(format!(
                "the zone has {} transitions: tzsafe handles at most {}",
                at.len(),
                u16::MAX
            ));
        }
        let local = local_intervals(&at, &offsets)?;
        Ok(Table {
            utc_index: Index::new(&at),
            local_index: Index::new(&local),
            at: at.into_boxed_slice(),
            offsets: offsets.into_boxed_slice(),
            local: local.into_boxed_slice(),
            rule_from,
            rule_from_local: rule_from.saturating_sub(2 * DAY),
            rule,
        })
    }

    /// The offset at Unix second `t`.
    #[inline]
    pub(crate) fn offset_at(&self, t: i64) -> Option<i32> {
        if t >= self.rule_from {
            return self.rule.as_ref()?.offset_at(t);
        }
        self.offsets.get(self.utc_index.count(&self.at, t)).copied()
    }

    /// The offsets at the wall time `wall`, given as the Unix seconds of the
    /// naive value.
    #[inline]
    pub(crate) fn local_offsets(&self, wall: i64) -> Option<LocalOffsets> {
        if wall >= self.rule_from_local {
            return self.rule_local_offsets(wall);
        }
        // `k` transitions skip or repeat wall times from `wall` or before.
        let k = self.local_index.count(&self.local, wall);
        let after = *self.offsets.get(k)?;
        if let Some(last) = k.checked_sub(1) {
            let (lo, before) = (*self.local.get(last)?, *self.offsets.get(last)?);
            // The transition skips or repeats |after - before| s from `lo`.
            if wall.saturating_sub(lo) < i64::from(before.abs_diff(after)) {
                return Some(classify(*self.at.get(last)?, before, after));
            }
        }
        Some(LocalOffsets::Unique(after))
    }

    #[cold]
    fn rule_local_offsets(&self, wall: i64) -> Option<LocalOffsets> {
        let window = self.rule.as_ref()?.window_around(wall)?;
        let mut current = window.initial;
        for change in window.changes() {
            let lo = change
                .at
                .checked_add(i64::from(change.before.min(change.after)))?;
            let hi = change
                .at
                .checked_add(i64::from(change.before.max(change.after)))?;
            if wall < lo {
                break;
            }
            if wall < hi {
                return Some(classify(change.at, change.before, change.after));
            }
            current = change.after;
        }
        Some(LocalOffsets::Unique(current))
    }

    /// Transition `i` as (instant, offset before, offset after).
    fn transition(&self, i: usize) -> Option<(i64, i32, i32)> {
        Some((
            *self.at.get(i)?,
            *self.offsets.get(i)?,
            *self.offsets.get(i.checked_add(1)?)?,
        ))
    }

    /// The first transition strictly after Unix second `t`.
    pub(crate) fn next_after(&self, t: i64) -> Option<(i64, i32, i32)> {
        self.transition(self.utc_index.count(&self.at, t))
            .or_else(|| {
                let c = self.rule.as_ref()?.next_after(t, self.rule_from)?;
                Some((c.at, c.before, c.after))
            })
    }

    /// The last transition strictly before Unix second `t`.
    pub(crate) fn previous_before(&self, t: i64) -> Option<(i64, i32, i32)> {
        if t > self.rule_from
            && let Some(Change { at, before, after }) = self
                .rule
                .as_ref()
                .and_then(|r| r.previous_before(t, self.rule_from))
        {
            return Some((at, before, after));
        }
        let before = self.utc_index.count(&self.at, t.checked_sub(1)?);
        self.transition(before.checked_sub(1)?)
    }
}

/// The table's transitions while it is built: each a change of offset.
struct Transitions {
    /// Instants at which the offset changes, ascending.
    at: Vec<i64>,
    /// `offsets[i]`: the offset before `at[i]`.
    offsets: Vec<i32>,
    /// The offset after the last change listed.
    current: i32,
}

impl Transitions {
    /// Lists a change to `offset` at `t`, if it is one.
    fn change(&mut self, t: i64, offset: i32) {
        if offset != self.current {
            self.offsets.push(self.current);
            self.at.push(t);
            self.current = offset;
        }
    }

    /// Applies the footer, which says what follows the file's last
    /// transition `last`: the rule that answers after the table, if any, and
    /// the instant it answers from (`i64::MAX` without one).
    fn footer(
        &mut self,
        footer: Option<Footer>,
        last: Option<i64>,
    ) -> Result<(Option<Rule>, i64), Refusal> {
        match (footer, last) {
            // The footer applies only after a transition no instant reaches.
            (_, Some(last)) if last > LIMIT => {}
            (None, _) => {}
            (Some(Footer::Fixed(offset)), None) => self.current = offset,
            (Some(Footer::Fixed(offset)), Some(last)) if last < -LIMIT => self.current = offset,
            (Some(Footer::Fixed(offset)), Some(last)) => {
                if offset != self.current {
                    return Err(format!(
                        "the footer's offset of {offset} s differs from the {} s of the last transition, at {last}",
                        self.current
                    ));
                }
            }
            (Some(Footer::Rule(r)), None) => return Ok((Some(r), i64::MIN)),
            (Some(Footer::Rule(r)), Some(last)) if last < -LIMIT => {
                return Ok((Some(r), i64::MIN));
            }
            (Some(Footer::Rule(r)), Some(last)) => {
                let end = self.rule_changes(&r, last)?;
                return Ok((Some(r), end));
            }
        }
        Ok((None, i64::MAX))
    }

    /// Lists the changes of the footer's rule after the last transition
    /// `last`, through the end of [`TABLE_THROUGH_YEAR`] (or of the year after
    /// `last`); returns the end of the table, from which the rule answers.
    fn rule_changes(&mut self, rule: &Rule, last: i64) -> Result<i64, Refusal> {
        let at_last = rule
            .offset_at(last)
            .ok_or("the footer's TZ rule cannot be evaluated at the last transition")?;
        if at_last != self.current {
            return Err(format!(
                "the footer's TZ rule gives an offset of {at_last} s at the last transition ({last}), which says {} s",
                self.current
            ));
        }
        let last_year = posix::year_of(last).ok_or("the last transition is out of range")?;
        let through = if last_year < TABLE_THROUGH_YEAR.saturating_sub(MAX_LISTED_YEARS) {
            last_year.saturating_add(1)
        } else {
            TABLE_THROUGH_YEAR.max(last_year.saturating_add(1))
        };
        let end = posix::days_before_year(through.saturating_add(1))
            .and_then(|days| days.checked_mul(DAY))
            .map_or(LIMIT, |end| end.min(LIMIT));
        let (_, changes) = rule
            .changes(last_year.saturating_sub(2), through.saturating_add(2))
            .ok_or("the footer's TZ rule cannot be evaluated after the last transition")?;
        for change in changes {
            if change.at > last && change.at < end {
                self.change(change.at, change.after);
            }
        }
        Ok(end)
    }
}

/// The first wall time each transition skips or repeats, refusing tables
/// where one transition's interval of such wall times overlaps the next
/// one's: the lookups need them disjoint and in order, so that a wall time
/// belongs to at most one.
fn local_intervals(at: &[i64], offsets: &[i32]) -> Result<Vec<i64>, Refusal> {
    let mut local = Vec::with_capacity(at.len());
    let mut previous: Option<(i64, i64)> = None;
    for (&t, pair) in at.iter().zip(offsets.windows(2)) {
        let &[before, after] = pair else {
            return Err("a transition without an offset after it".into());
        };
        // Instants are within ±2^43 s and offsets below a day: no overflow.
        let lo = t.saturating_add(i64::from(before.min(after)));
        let hi = t.saturating_add(i64::from(before.max(after)));
        if let Some((previous_at, previous_hi)) = previous
            && lo < previous_hi
        {
            return Err(format!(
                    "the transitions at {previous_at} and {t} are closer than the offsets change: the wall times one skips or repeats overlap the other's"
                ));
        }
        previous = Some((t, hi));
        local.push(lo);
    }
    Ok(local)
}

/// A wall time inside the interval a transition skips (`after > before`) or
/// repeats.
fn classify(transition: i64, before: i32, after: i32) -> LocalOffsets {
    if after > before {
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
    }
}

impl Index {
    fn new(at: &[i64]) -> Index {
        let (Some(&first), Some(&last)) = (at.first(), at.last()) else {
            return Index {
                start: 0,
                counts: Box::new([]),
            };
        };
        // The last MAX_BUCKETS buckets' worth of keys; earlier ones (a TZif
        // "big bang") are found by binary search.
        let start = first.max(last.saturating_sub(MAX_BUCKETS << SHIFT));
        let buckets = (last.saturating_sub(start) >> SHIFT).saturating_add(1);
        let mut counts = Vec::with_capacity(usize::try_from(buckets).unwrap_or(0));
        let mut k = 0usize;
        for b in 0..buckets {
            let bound = start.saturating_add(b << SHIFT);
            while at.get(k).is_some_and(|&t| t < bound) {
                k = k.saturating_add(1);
            }
            // The table has at most u16::MAX transitions (checked before).
            counts.push(u16::try_from(k).unwrap_or(u16::MAX));
        }
        Index {
            start,
            counts: counts.into_boxed_slice(),
        }
    }

    /// How many of the ascending `keys` (those the index was built from) are
    /// at or before `t`.
    #[inline]
    fn count(&self, keys: &[i64], t: i64) -> usize {
        let Some(offset) = t.checked_sub(self.start).filter(|offset| *offset >= 0) else {
            // Before the indexed span.
            return keys.partition_point(|&x| x <= t);
        };
        let b = usize::try_from(offset >> SHIFT).unwrap_or(usize::MAX);
        let Some(&first) = self.counts.get(b) else {
            // Beyond the last bucket, which holds the last key.
            return keys.len();
        };
        // The bucket's keys, two or three: a forward scan beats a binary search.
        let mut k = usize::from(first);
        while keys.get(k).is_some_and(|&key| key <= t) {
            k = k.saturating_add(1);
        }
        k
    }
}

#[cfg(test)]
#[allow(clippy::arithmetic_side_effects)] // tests compute expected values directly
mod tests {
    use super::*;
    use crate::zone::tzif;

    /// A zone as a plain list of changes of offset, from the TZif data and
    /// the footer rule evaluated year by year through `until`, with lookups
    /// written from their definitions: the model the table must agree with.
    struct Model {
        initial: i32,
        /// (instant, offset from then on), ascending.
        changes: Vec<(i64, i32)>,
        /// The model holds every change from here on (a zone with only a
        /// rule has changes in every year; the model starts in 1600).
        from: i64,
    }

    impl Model {
        fn new(tzif: &Tzif, until: i32) -> Model {
            let mut points = tzif.transitions.clone();
            let last = points.last().map(|&(t, _)| t);
            let mut initial = tzif.initial;
            let mut complete_from = i64::MIN;
            match tzif.footer {
                Some(Footer::Rule(rule)) => {
                    let from = last.map_or(1600, |t| posix::year_of(t).unwrap() - 1);
                    let mut extra: Vec<(i64, i32)> = (from..=until)
                        .flat_map(|year| rule.year_changes(year))
                        .filter(|&(t, _)| last.is_none_or(|last| t > last))
                        .collect();
                    extra.sort_unstable();
                    if last.is_none() {
                        complete_from = posix::days_before_year(1601).unwrap() * DAY;
                        initial = extra.first().map_or(initial, |&(_, o)| {
                            if o == rule.dst_offset() {
                                rule.std_offset()
                            } else {
                                rule.dst_offset()
                            }
                        });
                    }
                    points.extend(extra);
                }
                Some(Footer::Fixed(offset)) if last.is_none() => initial = offset,
                _ => {}
            }
            let mut changes = Vec::new();
            let mut current = initial;
            for (t, offset) in points {
                if offset != current {
                    changes.push((t, offset));
                    current = offset;
                }
            }
            Model {
                initial,
                changes,
                from: complete_from,
            }
        }

        fn offset_at(&self, t: i64) -> i32 {
            let k = self.changes.partition_point(|&(at, _)| at <= t);
            k.checked_sub(1).map_or(self.initial, |i| self.changes[i].1)
        }

        fn before(&self, i: usize) -> i32 {
            i.checked_sub(1).map_or(self.initial, |j| self.changes[j].1)
        }

        /// The wall time occurs at `wall - o` for each period of offset `o`
        /// that holds that instant: once, twice (a fold) or never (a gap).
        fn local_offsets(&self, wall: i64) -> LocalOffsets {
            let near = self.changes.partition_point(|&(at, _)| at < wall - 3 * DAY);
            let far = self
                .changes
                .partition_point(|&(at, _)| at <= wall + 3 * DAY);
            let mut found = Vec::new();
            for period in near..=far {
                let offset = self.before(period);
                let start = period
                    .checked_sub(1)
                    .map_or(i64::MIN, |i| self.changes[i].0);
                let end = self.changes.get(period).map_or(i64::MAX, |c| c.0);
                let instant = wall - i64::from(offset);
                if start <= instant && instant < end {
                    found.push((period, offset));
                }
            }
            match found[..] {
                [(_, offset)] => LocalOffsets::Unique(offset),
                [(_, before), (second, after)] => LocalOffsets::Fold {
                    before,
                    after,
                    transition: self.changes[second - 1].0,
                },
                [] => {
                    let i = (near..far)
                        .find(|&i| {
                            let (at, before, after) =
                                (self.changes[i].0, self.before(i), self.changes[i].1);
                            at + i64::from(before.min(after)) <= wall
                                && wall < at + i64::from(before.max(after))
                        })
                        .expect("a gap");
                    LocalOffsets::Gap {
                        before: self.before(i),
                        after: self.changes[i].1,
                        transition: self.changes[i].0,
                    }
                }
                _ => panic!("{wall} occurs {} times", found.len()),
            }
        }

        fn next_after(&self, t: i64) -> Option<(i64, i32, i32)> {
            let i = self.changes.partition_point(|&(at, _)| at <= t);
            let &(at, after) = self.changes.get(i)?;
            Some((at, self.before(i), after))
        }

        fn previous_before(&self, t: i64) -> Option<(i64, i32, i32)> {
            let i = self
                .changes
                .partition_point(|&(at, _)| at < t)
                .checked_sub(1)?;
            Some((self.changes[i].0, self.before(i), self.changes[i].1))
        }
    }

    /// Deterministic pseudo-random numbers (splitmix64).
    struct Rng(u64);

    impl Rng {
        fn below(&mut self, n: u64) -> u64 {
            self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
            let mut z = self.0;
            z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
            z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
            (z ^ (z >> 31)) % n
        }

        fn between(&mut self, lo: i64, hi: i64) -> i64 {
            lo + self.below((hi - lo) as u64) as i64
        }
    }

    /// 1800-01-01 and 2600-01-01, 10000-01-01 as Unix seconds.
    const Y1800: i64 = -5_364_662_400;
    const Y2600: i64 = 19_880_899_200;
    const Y10000: i64 = 253_402_300_800;

    /// Instants and wall times to look up: near the model's changes (on
    /// them, a second away, inside the skipped or repeated wall times),
    /// anywhere in 1800-2600, in the years after the table (the rule's), and
    /// at the ends of chrono's range.
    fn probes(model: &Model, rng: &mut Rng, count: usize) -> Vec<i64> {
        let mut out = vec![
            chrono::DateTime::<chrono::Utc>::MIN_UTC.timestamp(),
            chrono::DateTime::<chrono::Utc>::MAX_UTC.timestamp(),
            chrono::NaiveDateTime::MIN.and_utc().timestamp(),
            chrono::NaiveDateTime::MAX.and_utc().timestamp(),
            0,
        ];
        for _ in 0..count {
            let t = match rng.below(4) {
                0 | 1 if !model.changes.is_empty() => {
                    let i = rng.below(model.changes.len() as u64) as usize;
                    let at = model.changes[i].0;
                    let length = i64::from(model.before(i).abs_diff(model.changes[i].1));
                    let lo = at + i64::from(model.before(i).min(model.changes[i].1));
                    match rng.below(4) {
                        0 => at + rng.between(-2, 3),
                        1 => lo + rng.between(-1, length + 2),
                        2 => at + rng.between(-90_000, 90_000),
                        _ => lo + rng.between(-90_000, 90_000),
                    }
                }
                2 => rng.between(Y1800, Y2600),
                _ => rng.between(Y2600, Y10000),
            };
            out.push(t);
        }
        out
    }

    fn check_zone(name: &str, bytes: &[u8], rng: &mut Rng, count: usize) {
        let tzif = tzif::parse(bytes).unwrap_or_else(|p| panic!("{name}: {p}"));
        let table = Table::new(&tzif).unwrap_or_else(|r| panic!("{name}: {r}"));
        let model = Model::new(&tzif, 10_001);
        let probes = probes(&model, rng, count);
        check_table(name, &table, &model, &probes);
        // The rule again without its shortcut for simple rules.
        if let Some(rule) = table.rule {
            let general = Table {
                rule: Some(rule.general()),
                ..table
            };
            check_table(name, &general, &model, &probes);
        }
    }

    fn check_table(name: &str, table: &Table, model: &Model, probes: &[i64]) {
        for &t in probes {
            if t < model.from.saturating_add(2 * DAY) {
                continue;
            }
            assert_eq!(
                table.offset_at(t),
                Some(model.offset_at(t)),
                "{name} offset at {t}"
            );
            assert_eq!(
                table.local_offsets(t),
                Some(model.local_offsets(t)),
                "{name} wall time {t}"
            );
            if t < Y10000 - 2 * 366 * DAY {
                assert_eq!(table.next_after(t), model.next_after(t), "{name} after {t}");
            }
            if t < Y10000 {
                assert_eq!(
                    table.previous_before(t),
                    model.previous_before(t),
                    "{name} before {t}"
                );
            }
        }
    }

    /// Zones built here, of the shapes the tz database has: with and
    /// without transitions before the rule, negative and southern DST,
    /// changes at 24:00 and past it, and half-hour DST; and one whose last
    /// transition is so early that the table lists only a year of the rule.
    #[test]
    fn synthetic_zones_agree_with_the_model() {
        let mut rng = Rng(0x5EED);
        let h = 3600;
        type Shape<'a> = (&'a [(i32, u8)], &'a [(i64, u8)], &'a str);
        let zones: [Shape<'_>; 7] = [
            (&[(-5 * h, 0)], &[], "EST5EDT,M3.2.0,M11.1.0"),
            (
                &[(-17_762, 0), (-5 * h, 0), (-4 * h, 1)],
                &[(-2_717_650_800, 1), (1_173_596_400, 2), (1_194_156_000, 1)],
                "EST5EDT,M3.2.0,M11.1.0",
            ),
            (
                &[(-1521, 0), (h, 0), (0, 1)],
                &[(-1_000_000_000, 2), (1_000_000_000, 1)],
                "IST-1GMT0,M10.5.0,M3.5.0/1",
            ),
            (
                &[(9 * h, 0), (10 * h, 0), (11 * h, 1)],
                &[(1_000_000_000, 1)],
                "AEST-10AEDT,M10.1.0,M4.1.0/3",
            ),
            (
                &[(2 * h, 0), (3 * h, 1)],
                &[(1_000_000_000, 1)],
                "EET-2EEST,M3.4.4/50,M10.4.4/50",
            ),
            (
                &[(10 * h + 1800, 0), (11 * h, 1)],
                &[],
                "<+1030>-10:30<+11>-11,M10.1.0,M4.1.0",
            ),
            // The last transition in the year 1000: only its next year listed.
            (
                &[(0, 0), (-5 * h, 0)],
                &[(-30_610_224_000, 1)],
                "EST5EDT,M3.2.0,M11.1.0",
            ),
        ];
        for (i, (types, transitions, footer)) in zones.into_iter().enumerate() {
            let data = tzif::tests::build(types, transitions, footer);
            check_zone(&format!("synthetic {i}"), &data, &mut rng, 3_000);
        }
    }

    /// Every bundled zone against the model.
    #[cfg(feature = "tz")]
    #[test]
    fn bundled_zones_agree_with_the_model() {
        let mut rng = Rng(0x7A5AFE);
        let mut seen = std::collections::BTreeSet::new();
        for (name, bytes) in crate::zone::tzdb::files() {
            if seen.insert(bytes.as_ptr()) {
                check_zone(name, bytes, &mut rng, 300);
            }
        }
        assert!(seen.len() > 300, "{} distinct files", seen.len());
    }
}
