//! Property tests for invariants the documentation promises, read as a user
//! would read them: each property quotes the sentence it checks.

use std::cmp::Ordering;

use chrono::{DateTime, FixedOffset, TimeDelta, Utc};
use proptest::prelude::*;
use tzsafe::{
    is_future_datetime, is_past_datetime, safe_cmp, safe_datetime_compare, utcnow_aware, CmpOp,
    Disambiguation, ManualClock, MaybeAware, TimezoneAware, TimezoneAwareGuard, Zone,
};

use crate::common::{any_instant, END_10000, START_1800};

/// A distance in nanoseconds: often none at all, often one, else up to a
/// second either way.
fn small_delta() -> impl Strategy<Value = i64> {
    prop_oneof![
        2 => Just(0i64),
        2 => -1i64..=1,
        3 => -1_000_000_000i64..1_000_000_000,
    ]
}

/// Two instants: independent, or the second within a second of the first
/// (often the same instant).
fn instant_pair() -> impl Strategy<Value = (DateTime<Utc>, DateTime<Utc>)> {
    prop_oneof![
        (any_instant(), any_instant()),
        (any_instant(), small_delta()).prop_map(|(a, delta)| {
            let b = a
                .checked_add_signed(TimeDelta::nanoseconds(delta))
                .unwrap_or(a);
            (a, b)
        }),
    ]
}

/// How far `ManualClock` starts from chrono's limits, in nanoseconds: within
/// 1,000 s of one, so that steps of up to 1,000 s cross it.
fn near_limits() -> impl Strategy<Value = DateTime<Utc>> {
    (any::<bool>(), 0i64..1_000_000_000_000).prop_map(|(max, distance)| {
        let distance = TimeDelta::nanoseconds(distance);
        if max {
            DateTime::<Utc>::MAX_UTC - distance
        } else {
            DateTime::<Utc>::MIN_UTC + distance
        }
    })
}

fn any_iana() -> impl Strategy<Value = Zone> {
    proptest::sample::select(Zone::bundled_names()).prop_map(|name| Zone::bundled(name).unwrap())
}

/// An operation on this thread's guard stack.
#[derive(Clone, Debug)]
enum GuardOp {
    /// Enter a new guard whose default zone is `+HH:00`.
    Enter(i32),
    /// Drop the n-th live guard (modulo the number alive).
    Drop(usize),
}

fn guard_ops() -> impl Strategy<Value = Vec<GuardOp>> {
    prop::collection::vec(
        prop_oneof![
            (0i32..24).prop_map(GuardOp::Enter),
            any::<usize>().prop_map(GuardOp::Drop)
        ],
        0..40,
    )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// "the ambient context is always the one of the most recently entered
    /// guard that is still alive" — for any sequence of enters and drops, in
    /// any order, against a model that is a plain list.
    #[test]
    fn guard_stack_follows_the_model(ops in guard_ops()) {
        let mut live: Vec<(i32, TimezoneAwareGuard)> = Vec::new();
        for op in ops {
            match op {
                GuardOp::Enter(hours) => {
                    let zone = Zone::fixed(FixedOffset::east_opt(hours * 3600).unwrap());
                    live.push((hours, TimezoneAware::new().default_tz(zone).enter()));
                }
                GuardOp::Drop(i) if !live.is_empty() => {
                    let at = i % live.len();
                    drop(live.remove(at));
                }
                GuardOp::Drop(_) => {}
            }
            let expected = match live.last() {
                Some((hours, _)) => Zone::fixed(FixedOffset::east_opt(hours * 3600).unwrap()),
                None => Zone::UTC,
            };
            prop_assert_eq!(TimezoneAware::current().get_default_tz(), expected);
        }
        drop(live);
        prop_assert_eq!(TimezoneAware::current().get_default_tz(), Zone::UTC);
    }

    /// "`Display` round-trips" for every zone `FromStr` reads.
    #[test]
    fn zone_display_round_trips(seconds in -86_399i32..86_400, iana in any_iana()) {
        let fixed = Zone::fixed(FixedOffset::east_opt(seconds).unwrap());
        prop_assert_eq!(fixed.to_string().parse::<Zone>().unwrap(), fixed);
        let shown = iana.to_string();
        let back: Zone = shown.parse().unwrap();
        // chrono-tz's own "UTC" reads back as Zone::UTC.
        if shown != "UTC" {
            prop_assert_eq!(back, iana);
        }
    }

    /// "a value equal to now is neither" past nor future; otherwise exactly one.
    #[test]
    fn past_and_future_are_exclusive(now in any_instant(), delta in small_delta()) {
        let _guard = TimezoneAware::new().frozen_at(now).enter();
        let Some(value) = now.checked_add_signed(TimeDelta::nanoseconds(delta)) else { return Ok(()) };
        let (past, future) = (is_past_datetime(value).unwrap(), is_future_datetime(value).unwrap());
        prop_assert!(!(past && future));
        prop_assert_eq!(past, delta < 0);
        prop_assert_eq!(future, delta > 0);
    }

    /// `safe_datetime_compare(a, b, op)` is `op.holds(safe_cmp(a, b))`, and
    /// aware values compare by instant whatever their offsets: the same
    /// instant with two offsets is `Equal` (though not `==` as `MaybeAware`).
    #[test]
    fn operators_agree_with_cmp((a, b) in instant_pair(), oa in -86_399i32..86_400, ob in -86_399i32..86_400) {
        let a = a.with_timezone(&FixedOffset::east_opt(oa).unwrap());
        let b = b.with_timezone(&FixedOffset::east_opt(ob).unwrap());
        let ordering = safe_cmp(a, b).unwrap();
        prop_assert_eq!(ordering, a.to_utc().cmp(&b.to_utc()));
        prop_assert_eq!(
            MaybeAware::from(a) == MaybeAware::from(b),
            ordering == Ordering::Equal && oa == ob
        );
        for op in [CmpOp::Lt, CmpOp::Le, CmpOp::Eq, CmpOp::Ne, CmpOp::Ge, CmpOp::Gt] {
            prop_assert_eq!(safe_datetime_compare(a, b, op).unwrap(), op.holds(ordering));
        }
        prop_assert_eq!(safe_cmp(a, a).unwrap(), Ordering::Equal);
    }

    /// `next_transition` is the first change strictly after the instant and
    /// `previous_transition` the last one strictly before; between two
    /// transitions the offset does not change.
    #[test]
    fn transitions_bracket_the_offset(zone in any_iana(), t in START_1800..END_10000, nanos in 0u32..1_000_000_000) {
        let instant = DateTime::from_timestamp(t, nanos).unwrap();
        let next = zone.next_transition(&instant);
        let previous = zone.previous_transition(&instant);
        if let Some(next) = next {
            prop_assert!(next.at() > instant);
            prop_assert_eq!(zone.offset_at(&next.at()), next.offset_after());
            prop_assert_eq!(zone.offset_at(&(next.at() - TimeDelta::nanoseconds(1))), next.offset_before());
            prop_assert_eq!(zone.offset_at(&instant), next.offset_before());
            prop_assert_eq!(zone.previous_transition(&next.at()), previous.filter(|p| p.at() < next.at()));
            prop_assert_ne!(next.offset_before(), next.offset_after());
            prop_assert_eq!(next.is_gap(), next.length() > TimeDelta::zero());
        }
        if let Some(previous) = previous {
            prop_assert!(previous.at() < instant);
            prop_assert_eq!(zone.offset_at(&instant), previous.offset_after());
            prop_assert_eq!(zone.next_transition(&(previous.at() - TimeDelta::nanoseconds(1))), Some(previous));
        }
    }

    /// A `ManualClock` "only moves when told to", and every clone moves with
    /// it; moves "saturate at chrono's limits instead of overflowing" (half the
    /// cases start within reach of a limit).
    #[test]
    fn manual_clock_moves_exactly(start in prop_oneof![any_instant(), near_limits()], steps in prop::collection::vec(-1_000_000_000_000i64..1_000_000_000_000, 0..20)) {
        let clock = ManualClock::new(start);
        let ctx = TimezoneAware::new().clock(clock.clone());
        let mut expected = start;
        for step in steps {
            let delta = TimeDelta::nanoseconds(step);
            expected = expected.checked_add_signed(delta).unwrap_or(if step < 0 { DateTime::<Utc>::MIN_UTC } else { DateTime::<Utc>::MAX_UTC });
            prop_assert_eq!(clock.advance(delta), expected);
            prop_assert_eq!(ctx.now(), expected);
            prop_assert_eq!(ctx.scope(utcnow_aware), expected);
        }
    }

    /// `Disambiguation`'s `Display` is what its `FromStr` reads.
    #[test]
    fn policy_names_round_trip(policy in crate::common::any_policy(), upper in any::<bool>()) {
        let shown = if upper { policy.to_string().to_uppercase() } else { policy.to_string() };
        prop_assert_eq!(shown.parse::<Disambiguation>().unwrap(), policy);
    }
}

/// The saturating branch of `manual_clock_moves_exactly`, with exact values:
/// a move past a limit stops at it, and the clock moves back from there.
#[test]
fn manual_clock_saturates_at_both_limits() {
    let (min, max) = (DateTime::<Utc>::MIN_UTC, DateTime::<Utc>::MAX_UTC);
    let clock = ManualClock::new(max - TimeDelta::seconds(10));
    let ctx = TimezoneAware::new().clock(clock.clone());
    assert_eq!(clock.advance(TimeDelta::seconds(11)), max);
    assert_eq!(ctx.now(), max);
    assert_eq!(clock.advance(TimeDelta::MAX), max);
    assert_eq!(
        clock.advance(TimeDelta::seconds(-1)),
        max - TimeDelta::seconds(1)
    );
    clock.set(min + TimeDelta::nanoseconds(5));
    assert_eq!(clock.advance(TimeDelta::nanoseconds(-6)), min);
    assert_eq!(ctx.scope(utcnow_aware), min);
    assert_eq!(clock.advance(TimeDelta::MIN), min);
    assert_eq!(
        clock.advance(TimeDelta::nanoseconds(1)),
        min + TimeDelta::nanoseconds(1)
    );
    // From one limit past the other in a single move.
    assert_eq!(clock.advance(max - min), max);
}

#[cfg(feature = "time")]
proptest! {
    /// Conversions from `time` are total and come back unchanged.
    #[test]
    fn time_round_trips(seconds in -377_705_116_800i64..253_402_300_800, nanos in 0u32..1_000_000_000, offset in -86_399i32..86_400) {
        let utc = time::OffsetDateTime::from_unix_timestamp(seconds).unwrap() + time::Duration::nanoseconds(nanos.into());
        let Ok(offset) = time::UtcOffset::from_whole_seconds(offset) else { return Ok(()) };
        let aware = utc.to_offset(offset);
        if !(-9999..=9999).contains(&aware.year()) { return Ok(()) }
        let value = tzsafe::MaybeAware::from(aware);
        prop_assert_eq!(time::OffsetDateTime::try_from(value).unwrap(), aware);
        let naive = time::PrimitiveDateTime::new(aware.date(), aware.time());
        prop_assert_eq!(time::PrimitiveDateTime::try_from(tzsafe::MaybeAware::from(naive)).unwrap(), naive);
    }
}
