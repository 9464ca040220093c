//! `Stamp`: the instants a tracker stores, as integers.
//!
//! A `DateTime<Utc>` holds a calendar date and a time of day, so every `+ ttl`
//! is calendar arithmetic; a heartbeat adds and compares several times. A
//! stamp is seconds and nanoseconds since the Unix epoch, the same 12 bytes,
//! and adding a duration is integer arithmetic. Conversions happen once per
//! call at the API's edge. Every `DateTime<Utc>` has a stamp and back, and
//! adding follows chrono's `checked_add_signed` exactly, leap seconds
//! included (with the result capped at `DateTime::<Utc>::MAX_UTC`, where
//! chrono would fail).

use chrono::{DateTime, TimeDelta, Timelike, Utc};

/// Seconds and nanoseconds since 1970-01-01T00:00:00Z; `nanos` is at least
/// 1,000,000,000 only in a leap second, as in chrono. Ordered as chrono orders
/// instants. Packed to 4-byte alignment, so that it takes the 12 bytes of a
/// `DateTime<Utc>` (fields are copied out, never borrowed).
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
#[repr(C, packed(4))]
pub(super) struct Stamp {
    secs: i64,
    nanos: u32,
}

impl Stamp {
    #[inline(always)]
    fn key(self) -> (i64, u32) {
        (self.secs, self.nanos)
    }
}

// By hand rather than derived: the derive goes through `partial_cmp` and an
// `Option<Ordering>` for every `<`, on the hot path of every heartbeat.
impl PartialOrd for Stamp {
    #[inline(always)]
    fn partial_cmp(&self, other: &Self) -> Option<core::cmp::Ordering> {
        Some(self.cmp(other))
    }

    #[inline(always)]
    fn lt(&self, other: &Self) -> bool {
        self.key() < other.key()
    }

    #[inline(always)]
    fn le(&self, other: &Self) -> bool {
        self.key() <= other.key()
    }

    #[inline(always)]
    fn gt(&self, other: &Self) -> bool {
        self.key() > other.key()
    }

    #[inline(always)]
    fn ge(&self, other: &Self) -> bool {
        self.key() >= other.key()
    }
}

impl Ord for Stamp {
    #[inline(always)]
    fn cmp(&self, other: &Self) -> core::cmp::Ordering {
        self.key().cmp(&other.key())
    }
}

const NANOS: u32 = 1_000_000_000;

thread_local! {
    /// The last date [`Stamp::of`] converted, and its first second since the
    /// epoch. (`NaiveDate::MIN`'s start is right for it too.)
    static DAY: core::cell::Cell<(chrono::NaiveDate, i64)> = const {
        core::cell::Cell::new((chrono::NaiveDate::MIN, MIN_DAY_START))
    };
}

/// The first second of `NaiveDate::MIN` (-262143-01-01) since the epoch.
const MIN_DAY_START: i64 = -8_334_601_228_800;

/// Added to the seconds of an encoded instant so that they are never
/// negative (see [`Stamp::encoded`]).
#[cfg(feature = "redis")]
const ENCODING_OFFSET: i64 = 10_000_000_000_000;

/// A stamp in eight bytes, for the part of a record every heartbeat touches:
/// nanoseconds since the epoch. Only instants from 1677 to 2262 outside leap
/// seconds have one, which covers every heartbeat a service sends now; a
/// record keeps a connection whose last heartbeat has none in full (see
/// `record.rs`). Ordered as the stamps are.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Debug)]
pub(super) struct NanoStamp(i64);

impl NanoStamp {
    /// The Unix epoch.
    pub(super) const EPOCH: NanoStamp = NanoStamp(0);

    /// The `NanoStamp` of `stamp`, if it has one.
    #[inline]
    pub(super) fn of(stamp: Stamp) -> Option<NanoStamp> {
        let (secs, nanos) = (stamp.secs, stamp.nanos);
        if nanos >= NANOS {
            return None;
        }
        let nanos = i128::from(secs) * i128::from(NANOS) + i128::from(nanos);
        i64::try_from(nanos).ok().map(NanoStamp)
    }

    /// The stamp again.
    #[inline]
    pub(super) fn stamp(self) -> Stamp {
        let per_sec = i64::from(NANOS);
        Stamp {
            secs: self.0.div_euclid(per_sec),
            // In 0..10^9.
            nanos: u32::try_from(self.0.rem_euclid(per_sec)).unwrap_or(0),
        }
    }

    /// Whether a connection last heard from at `self` is live at `now`:
    /// `now < self + ttl`, as [`Stamp::after`] decides it (for a `NanoStamp` neither
    /// side is a leap second, and the sum's cap lies far past any `NanoStamp`).
    #[inline(always)]
    pub(super) fn live_at(self, now: NanoStamp, ttl_nanos: i128) -> bool {
        i128::from(now.0) < i128::from(self.0).saturating_add(ttl_nanos)
    }
}

/// A non-negative duration (a TTL, a grace, `away_after`), split once into
/// seconds and nanoseconds for [`Stamp::after`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct StampDelta {
    secs: i64,
    nanos: u32,
    delta: TimeDelta,
}

impl StampDelta {
    /// `delta`, which the configuration checks made non-negative.
    pub(super) fn of(delta: TimeDelta) -> StampDelta {
        debug_assert!(delta >= TimeDelta::zero());
        StampDelta {
            secs: delta.num_seconds(),
            // Non-negative for a non-negative delta.
            nanos: u32::try_from(delta.subsec_nanos()).unwrap_or(0),
            delta,
        }
    }

    /// The duration.
    pub(super) fn delta(self) -> TimeDelta {
        self.delta
    }

    /// The duration in nanoseconds (every `TimeDelta` fits an `i128`).
    pub(super) fn nanos(self) -> i128 {
        i128::from(self.secs)
            .saturating_mul(i128::from(NANOS))
            .saturating_add(i128::from(self.nanos))
    }

    /// Whole seconds and the nanoseconds beyond, as the Redis store's
    /// functions read durations.
    #[cfg(feature = "redis")]
    pub(super) fn parts(self) -> (i64, u32) {
        (self.secs, self.nanos)
    }
}

impl Stamp {
    /// The Unix epoch: what a record's vacant cold part holds.
    pub(super) const EPOCH: Stamp = Stamp { secs: 0, nanos: 0 };

    /// `DateTime::<Utc>::MAX_UTC`.
    pub(super) fn max() -> Stamp {
        Stamp::of(DateTime::<Utc>::MAX_UTC)
    }

    /// The stamp of `at`. `DateTime::timestamp` turns the calendar date into
    /// days every time; consecutive calls nearly always fall on the same day,
    /// so the first second of the last day seen is kept per thread.
    #[inline]
    pub(super) fn of(at: DateTime<Utc>) -> Stamp {
        let naive = at.naive_utc();
        let (date, time) = (naive.date(), naive.time());
        let day_start = DAY.with(|day| {
            let (cached, start) = day.get();
            if cached == date {
                return start;
            }
            let start = date.and_time(chrono::NaiveTime::MIN).and_utc().timestamp();
            day.set((date, start));
            start
        });
        Stamp {
            // Below 86,400 (a leap second keeps its second in the nanoseconds).
            secs: day_start.wrapping_add(i64::from(time.num_seconds_from_midnight())),
            nanos: time.nanosecond(),
        }
    }

    /// The instant. Stamps are made from instants and moved only within
    /// chrono's range, so the fallback is never taken.
    pub(super) fn to_datetime(self) -> DateTime<Utc> {
        let (secs, nanos) = (self.secs, self.nanos);
        let at = DateTime::from_timestamp(secs, nanos);
        debug_assert!(
            at.is_some(),
            "a stamp outside chrono's range: {secs}.{nanos}"
        );
        at.unwrap_or(DateTime::<Utc>::MAX_UTC)
    }

    /// The Redis store's instant string: 14 digits of seconds since the
    /// epoch plus 10^13, then 10 digits of nanoseconds, so that strings sort
    /// as instants do (chrono's seconds lie within ±8.4 × 10^12).
    #[cfg(feature = "redis")]
    pub(super) fn encoded(self) -> String {
        let (secs, nanos) = (self.secs, self.nanos);
        format!("{:014}{nanos:010}", secs.saturating_add(ENCODING_OFFSET))
    }

    /// The instant of a string [`encoded`](Self::encoded) wrote.
    #[cfg(feature = "redis")]
    pub(super) fn decode(text: &str) -> Option<DateTime<Utc>> {
        let (secs, nanos) = (text.get(..14)?, text.get(14..)?);
        if text.len() != 24 || !text.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        let secs = secs.parse::<i64>().ok()?.checked_sub(ENCODING_OFFSET)?;
        DateTime::from_timestamp(secs, nanos.parse().ok()?)
    }

    /// Nanoseconds since the epoch, ordered as stamps are: an instant of a
    /// leap second counts as that second's last nanosecond, not as a
    /// nanosecond of the next second (where `secs * 10^9 + nanos` would put
    /// it, after instants it precedes). Fits an `i128` for every stamp.
    #[inline]
    pub(super) fn ordered_nanos(self) -> i128 {
        let (secs, nanos) = (self.secs, self.nanos.min(NANOS - 1));
        i128::from(secs)
            .wrapping_mul(i128::from(NANOS))
            .wrapping_add(i128::from(nanos))
    }

    /// `self + delta`, as chrono's `checked_add_signed` computes it, or `max`
    /// where that would leave chrono's range.
    #[inline]
    pub(super) fn after(self, delta: StampDelta, max: Stamp) -> Stamp {
        let (mut secs, mut nanos) = (self.secs, self.nanos);
        let (add_secs, add_nanos) = (delta.secs, delta.nanos);
        if nanos >= NANOS {
            // A leap second: moving on by whole seconds leaves it (chrono
            // drops the extra second), a fraction stays in it if it can.
            if add_secs > 0 || nanos.saturating_add(add_nanos) >= 2 * NANOS {
                nanos = nanos.saturating_sub(NANOS);
            } else {
                return Stamp {
                    secs,
                    nanos: nanos.saturating_add(add_nanos),
                };
            }
        }
        nanos = nanos.saturating_add(add_nanos);
        if nanos >= NANOS {
            nanos = nanos.saturating_sub(NANOS);
            secs = secs.saturating_add(1);
        }
        let sum = Stamp {
            secs: secs.saturating_add(add_secs),
            nanos,
        };
        sum.min(max)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Regression guard: a stamp's sum is chrono's, leap seconds and the end
    /// of the range included.
    #[test]
    fn after_is_chronos_addition() {
        let max = Stamp::max();
        let leap = DateTime::from_timestamp(1_483_228_799, 1_500_000_000).unwrap_or_default();
        let starts = [
            DateTime::<Utc>::MIN_UTC,
            DateTime::UNIX_EPOCH,
            DateTime::from_timestamp(-1, 999_999_999).unwrap_or_default(),
            DateTime::from_timestamp(1_800_000_000, 123_456_789).unwrap_or_default(),
            leap,
            DateTime::from_timestamp(1_483_228_799, 1_999_999_999).unwrap_or_default(),
            DateTime::<Utc>::MAX_UTC - TimeDelta::seconds(3),
            DateTime::<Utc>::MAX_UTC,
        ];
        let deltas = [
            TimeDelta::zero(),
            TimeDelta::nanoseconds(1),
            TimeDelta::nanoseconds(400_000_000),
            TimeDelta::nanoseconds(600_000_000),
            TimeDelta::seconds(1),
            TimeDelta::milliseconds(60_500),
            TimeDelta::days(10_000),
            TimeDelta::MAX,
        ];
        assert_eq!(
            chrono::NaiveDate::MIN
                .and_time(chrono::NaiveTime::MIN)
                .and_utc()
                .timestamp(),
            MIN_DAY_START
        );
        for start in starts {
            assert_eq!(Stamp::of(start).to_datetime(), start);
            assert_eq!(
                (Stamp::of(start).secs, Stamp::of(start).nanos),
                (start.timestamp(), start.timestamp_subsec_nanos())
            );
            for delta in deltas {
                let chrono = start
                    .checked_add_signed(delta)
                    .unwrap_or(DateTime::<Utc>::MAX_UTC);
                let stamp_delta = StampDelta::of(delta);
                assert_eq!(stamp_delta.delta(), delta);
                assert_eq!(
                    Stamp::of(start).after(stamp_delta, max).to_datetime(),
                    chrono,
                    "{start:?} + {delta}"
                );
                assert_eq!(Stamp::of(start).after(stamp_delta, max), Stamp::of(chrono));
            }
        }
        assert!(Stamp::of(leap) > Stamp::of(leap - TimeDelta::nanoseconds(600_000_000)));
        #[cfg(feature = "redis")]
        for (a, b) in starts.iter().zip(starts.iter().skip(1)) {
            // Encoded instants sort as the instants do, and read back.
            let (ea, eb) = (Stamp::of(*a).encoded(), Stamp::of(*b).encoded());
            assert_eq!(ea.len(), 24);
            assert_eq!(ea < eb, a < b, "{a} {b}");
            assert_eq!(Stamp::decode(&ea), Some(*a));
        }
        assert!(
            Stamp::of(leap)
                < Stamp::of(DateTime::from_timestamp(1_483_228_800, 0).unwrap_or_default())
        );
    }

    // Regression test for: a deadline inside a leap second was filed in the
    // deadline index after the next second's instants (its nanoseconds since
    // the epoch ran into the next second), so a sweep just after the leap
    // second did not reach it (found by tracker_matches_the_model_where_ticks_end).
    #[test]
    fn ordered_nanos_order_as_stamps_across_a_leap_second() {
        let at = |secs: i64, nanos: u32| {
            Stamp::of(DateTime::from_timestamp(secs, nanos).unwrap_or_default())
        };
        let stamps = [
            at(1_483_228_798, 999_999_999),
            at(1_483_228_799, 0),
            at(1_483_228_799, 999_999_999),
            at(1_483_228_799, 1_000_000_000),
            at(1_483_228_799, 1_600_000_000),
            at(1_483_228_799, 1_999_999_999),
            at(1_483_228_800, 0),
            at(1_483_228_800, 600_000_000),
        ];
        for pair in stamps.windows(2) {
            assert!(pair[0] < pair[1], "{pair:?}");
            assert!(
                pair[0].ordered_nanos() <= pair[1].ordered_nanos(),
                "{pair:?}"
            );
        }
        assert!(
            at(1_483_228_799, 1_999_999_999).ordered_nanos() < at(1_483_228_800, 0).ordered_nanos()
        );
        assert_eq!(
            at(1_800_000_000, 5).ordered_nanos(),
            1_800_000_000_000_000_005
        );
    }

    /// A `NanoStamp` is the stamp, ordered and added to as the stamp is, and the
    /// instants without one are exactly those the doc namespaces.
    #[test]
    fn nano_stamps_are_stamps_in_eight_bytes() {
        let at = |secs: i64, nanos: u32| {
            Stamp::of(DateTime::from_timestamp(secs, nanos).unwrap_or_default())
        };
        // i64 nanoseconds reach 1677-09-21T00:12:43.145224192Z and
        // 2262-04-11T23:47:16.854775807Z.
        let (first, last) = (
            at(-9_223_372_037, 145_224_192),
            at(9_223_372_036, 854_775_807),
        );
        let inside = [
            first,
            at(-1, 999_999_999),
            Stamp::EPOCH,
            at(0, 1),
            at(1_800_000_000, 123_456_789),
            at(1_800_000_001, 0),
            last,
        ];
        let outside = [
            at(-9_223_372_037, 145_224_191),
            at(9_223_372_036, 854_775_808),
            at(1_483_228_799, 1_500_000_000),
            Stamp::max(),
            Stamp::of(DateTime::<Utc>::MIN_UTC),
        ];
        assert_eq!(Stamp::of(DateTime::UNIX_EPOCH), Stamp::EPOCH);
        for stamp in outside {
            assert_eq!(NanoStamp::of(stamp), None, "{stamp:?}");
        }
        let deltas = [
            TimeDelta::zero(),
            TimeDelta::nanoseconds(1),
            TimeDelta::nanoseconds(999_999_999),
            TimeDelta::seconds(60),
            TimeDelta::days(200_000),
            TimeDelta::MAX,
        ]
        .map(StampDelta::of);
        for a in inside {
            let nanos = NanoStamp::of(a).unwrap_or(NanoStamp(0));
            assert_eq!(nanos.stamp(), a);
            for b in inside {
                let other = NanoStamp::of(b).unwrap_or(NanoStamp(0));
                assert_eq!(nanos.cmp(&other), a.cmp(&b), "{a:?} {b:?}");
                for delta in deltas {
                    assert_eq!(
                        nanos.live_at(other, delta.nanos()),
                        b < a.after(delta, Stamp::max()),
                        "{a:?} + {delta:?} against {b:?}"
                    );
                }
            }
            // The nanosecond before and at the end of a TTL.
            let ttl = StampDelta::of(TimeDelta::seconds(60));
            let end = a.after(ttl, Stamp::max());
            if let Some(end) = NanoStamp::of(end) {
                assert!(!nanos.live_at(end, ttl.nanos()));
                assert!(nanos.live_at(NanoStamp(end.0 - 1), ttl.nanos()));
            }
        }
    }
}
