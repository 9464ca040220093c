//! Property tests for the core invariants.

use std::cmp::Ordering;

use chrono::{DateTime, FixedOffset, NaiveDateTime, TimeDelta};
use proptest::prelude::*;
use tzsafe::{
    ensure_timezone_aware, resolve, safe_cmp, Disambiguation, MaybeAware, Resolution,
    TimezoneAware, Zone,
};

use crate::common::{any_instant, any_policy, END_10000 as END, START_1800 as START};

fn any_zone() -> impl Strategy<Value = Zone> {
    prop_oneof![
        1 => Just(Zone::UTC),
        1 => (-86_399i32..86_400).prop_map(|s| Zone::fixed(FixedOffset::east_opt(s).unwrap())),
        8 => proptest::sample::select(Zone::bundled_names()).prop_map(|name| Zone::bundled(name).unwrap()),
    ]
}

/// A wall time in `zone`: anywhere in 1800-9999, or within two hours of one of
/// the zone's transitions (where gaps and folds are).
fn wall_in(zone: Zone) -> impl Strategy<Value = NaiveDateTime> {
    (START..END, -7_200i64..7_200, any::<bool>()).prop_map(move |(t, delta, near)| {
        let instant = DateTime::from_timestamp(t, 0).unwrap();
        let base = if near {
            zone.next_transition(&instant).map_or(instant, |tr| tr.at())
        } else {
            instant
        };
        let local = base + TimeDelta::seconds(zone.offset_at(&base).local_minus_utc().into());
        (local + TimeDelta::seconds(delta)).naive_utc()
    })
}

fn zone_and_wall() -> impl Strategy<Value = (Zone, NaiveDateTime)> {
    any_zone().prop_flat_map(|zone| (Just(zone), wall_in(zone)))
}

fn any_aware() -> impl Strategy<Value = DateTime<FixedOffset>> {
    (any_instant(), -86_399i32..86_400)
        .prop_map(|(t, s)| t.with_timezone(&FixedOffset::east_opt(s).unwrap()))
}

fn any_value(zone: Zone) -> impl Strategy<Value = MaybeAware> {
    prop_oneof![
        any_aware().prop_map(MaybeAware::Aware),
        wall_in(zone).prop_map(MaybeAware::Naive),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    /// Aware values keep their instant whatever the zone and policy.
    #[test]
    fn aware_values_pass_through(aware in any_aware(), zone in any_zone(), policy in any_policy()) {
        let ctx = TimezoneAware::new().default_tz(zone).disambiguation(policy).reject_naive();
        prop_assert_eq!(ctx.ensure_timezone_aware(aware).unwrap(), aware.to_utc());
        prop_assert_eq!(ctx.scope(|| ensure_timezone_aware(aware, &zone)).unwrap(), aware.to_utc());
        let resolved = ctx.resolve(aware).unwrap();
        prop_assert_eq!(resolved.resolution(), Resolution::Aware);
        prop_assert_eq!(resolved.fixed_offset(), aware);
    }

    /// `Compatible` equals `Earlier` in folds and `Later` in gaps; `Reject`
    /// fails exactly where a fold or gap is reported.
    #[test]
    fn compatible_is_earlier_in_folds_and_later_in_gaps((zone, wall) in zone_and_wall()) {
        let with = |policy| TimezoneAware::new().default_tz(zone).disambiguation(policy).resolve(wall);
        let compatible = with(Disambiguation::Compatible).unwrap();
        let earlier = with(Disambiguation::Earlier).unwrap();
        let later = with(Disambiguation::Later).unwrap();
        let reject = with(Disambiguation::Reject);
        match compatible.resolution() {
            Resolution::Unambiguous => {
                prop_assert_eq!(earlier.instant(), compatible.instant());
                prop_assert_eq!(later.instant(), compatible.instant());
                prop_assert_eq!(reject.unwrap().instant(), compatible.instant());
            }
            Resolution::Fold { alternative, took_earlier, .. } => {
                prop_assert!(took_earlier);
                prop_assert_eq!(earlier.instant(), compatible.instant());
                prop_assert_eq!(later.instant(), alternative);
                prop_assert!(compatible.instant() < alternative);
                prop_assert_eq!(reject.unwrap_err().kind(), tzsafe::ErrorKind::Ambiguous);
            }
            Resolution::Gap { shift, .. } => {
                prop_assert!(shift > TimeDelta::zero());
                prop_assert_eq!(later.instant(), compatible.instant());
                prop_assert_eq!(earlier.instant(), compatible.instant() - shift);
                prop_assert_eq!(reject.unwrap_err().kind(), tzsafe::ErrorKind::Nonexistent);
            }
            other => prop_assert!(false, "unexpected {:?}", other),
        }
    }

    /// A wall time that exists reads back as itself in the zone; one in a gap
    /// reads back shifted by exactly the reported shift.
    #[test]
    fn wall_time_round_trip((zone, wall) in zone_and_wall(), policy in any_policy()) {
        let ctx = TimezoneAware::new().default_tz(zone).disambiguation(policy);
        let Ok(resolved) = ctx.resolve(wall) else { return Ok(()) };
        let back = resolved.instant().with_timezone(&zone).naive_local();
        match resolved.resolution() {
            Resolution::Gap { shift, .. } => prop_assert_eq!(back, wall + shift),
            _ => prop_assert_eq!(back, wall),
        }
        prop_assert_eq!(zone.offset_at(&resolved.instant()), resolved.offset());
    }

    /// The table-driven lookups agree with chrono-tz's own wherever chrono-tz
    /// has data: before 2100 (from then on chrono-tz keeps each zone's last
    /// offset, and tzsafe its rule), in the zones whose rules did not change
    /// between chrono-tz's tz release and the bundled one.
    #[cfg(feature = "chrono-tz")]
    #[test]
    fn zone_agrees_with_chrono_tz((zone, wall) in zone_and_wall(), instant in any_instant()) {
        use chrono::{MappedLocalTime, Offset, TimeZone};
        use crate::common::END_2100;
        let Some(tz) = zone.chrono_tz() else { return Ok(()) };
        if crate::zone_table::CHANGED_SINCE_CHRONO_TZ.iter().any(|(name, _)| Some(*name) == zone.name()) {
            return Ok(());
        }
        if instant.timestamp() < END_2100 {
            prop_assert_eq!(
                zone.offset_at(&instant),
                tz.offset_from_utc_datetime(&instant.naive_utc()).fix()
            );
        }
        if wall.and_utc().timestamp() >= END_2100 - 2 * 86_400 {
            return Ok(());
        }
        fn fix<T: TimeZone>(r: MappedLocalTime<DateTime<T>>) -> MappedLocalTime<DateTime<FixedOffset>> {
            r.map(|d| d.fixed_offset())
        }
        prop_assert_eq!(fix(zone.from_local_datetime(&wall)), fix(tz.from_local_datetime(&wall)));
    }

    /// Comparison is a total order consistent with the instants the values
    /// denote, for any mix of naive and aware values.
    #[test]
    fn comparison_is_consistent_with_instants(
        (zone, a, b, c) in any_zone().prop_flat_map(|z| (Just(z), any_value(z), any_value(z), any_value(z)))
    ) {
        let ctx = TimezoneAware::new().default_tz(zone);
        let _guard = ctx.enter();
        let instant = |v: MaybeAware| ensure_timezone_aware(v, &zone).unwrap();
        prop_assert_eq!(safe_cmp(a, b).unwrap(), instant(a).cmp(&instant(b)));
        prop_assert_eq!(safe_cmp(b, a).unwrap(), safe_cmp(a, b).unwrap().reverse());
        prop_assert_eq!(safe_cmp(a, a).unwrap(), Ordering::Equal);
        if safe_cmp(a, b).unwrap().is_le() && safe_cmp(b, c).unwrap().is_le() {
            prop_assert!(safe_cmp(a, c).unwrap().is_le());
        }
    }

    /// No input near chrono's limits panics; failures are out-of-range errors.
    #[test]
    fn limits_never_panic(zone in any_zone(), policy in any_policy(), days in 0i64..3, secs in 0i64..86_400, max in any::<bool>()) {
        let edge = if max { NaiveDateTime::MAX } else { NaiveDateTime::MIN };
        let delta = TimeDelta::seconds(days * 86_400 + secs);
        let wall = if max { edge - delta } else { edge + delta };
        let ctx = TimezoneAware::new().default_tz(zone).disambiguation(policy);
        if let Err(err) = ctx.ensure_timezone_aware(wall) {
            prop_assert!(matches!(err.kind(), tzsafe::ErrorKind::OutOfRange | tzsafe::ErrorKind::Ambiguous | tzsafe::ErrorKind::Nonexistent));
        }
        let _ = ctx.scope(|| resolve(wall, &zone));
    }
}
