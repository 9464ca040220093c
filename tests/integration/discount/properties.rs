//! Properties of windows, discounts and offers (proptest).

use proptest::prelude::*;

use super::*;

/// Probe instants and window bounds are drawn from the same years, so that
/// probes land before, inside and after windows alike.
const SECONDS: core::ops::Range<i64> = -4_000_000_000..4_000_000_000; // 1843 to 2096
const YEARS: core::ops::Range<i32> = 1843..2096;

/// An instant in [`SECONDS`], to the nanosecond.
fn instant() -> impl Strategy<Value = DateTime<Utc>> + Clone {
    (SECONDS, 0u32..1_000_000_000).prop_map(|(s, ns)| DateTime::from_timestamp(s, ns).unwrap())
}

/// Any instant chrono holds, for round trips.
#[cfg(feature = "serde")]
fn any_instant() -> impl Strategy<Value = DateTime<Utc>> + Clone {
    let (min, max) = (
        DateTime::<Utc>::MIN_UTC.timestamp(),
        DateTime::<Utc>::MAX_UTC.timestamp(),
    );
    (min..=max, 0u32..1_000_000_000).prop_map(|(s, ns)| DateTime::from_timestamp(s, ns).unwrap())
}

/// An instant in [`SECONDS`], or near either end of chrono's range.
fn any_or_near_instant() -> impl Strategy<Value = DateTime<Utc>> {
    prop_oneof![
        instant(),
        (0i64..1_000_000_000).prop_map(|ns| DateTime::<Utc>::MAX_UTC - TimeDelta::nanoseconds(ns)),
        (0i64..1_000_000_000).prop_map(|ns| DateTime::<Utc>::MIN_UTC + TimeDelta::nanoseconds(ns)),
    ]
}

#[cfg(feature = "tz")]
const ZONES: &[&str] = &[
    "America/Santiago",
    "America/Havana",
    "Asia/Beirut",
    "America/Toronto",
    "Pacific/Apia",
    "America/New_York",
    "Australia/Lord_Howe",
    "Asia/Kolkata",
    "UTC",
    "-03:30",
];
#[cfg(not(feature = "tz"))]
const ZONES: &[&str] = &["UTC", "-03:30", "+05:45"];

/// A window of instants, or of local days, or mixed; open-ended sometimes;
/// its bounds in the range of [`instant`].
pub(super) fn window() -> impl Strategy<Value = DiscountWindow> {
    window_in(YEARS, instant())
}

/// As [`window`], with bounds anywhere in chrono's range (years with 5 and
/// 6 digits, negative years), for round trips.
#[cfg(feature = "serde")]
pub(super) fn wide_window() -> impl Strategy<Value = DiscountWindow> {
    use chrono::Datelike as _;
    let (min, max) = (NaiveDate::MIN.year() + 1, NaiveDate::MAX.year());
    window_in(min..max, any_instant())
}

fn window_in(
    years: core::ops::Range<i32>,
    instant: impl Strategy<Value = DateTime<Utc>> + Clone,
) -> impl Strategy<Value = DiscountWindow> {
    let day = (0usize..ZONES.len(), years, 1u32..=366).prop_map(|(z, y, ord)| {
        let date = NaiveDate::from_yo_opt(y, ord)
            .unwrap_or_else(|| NaiveDate::from_yo_opt(y, 365).unwrap());
        LocalDay::new(date, zone(ZONES[z]))
    });
    let start = prop_oneof![
        instant.clone().prop_map(WindowStart::At),
        day.clone().prop_map(WindowStart::On)
    ];
    let end = prop_oneof![
        Just(WindowEnd::Open),
        instant.prop_map(WindowEnd::At),
        day.prop_map(WindowEnd::Through),
    ];
    // A pair in the wrong order is swapped rather than rejected (only
    // equal bounds and empty local days are left to reject).
    (start, end).prop_filter_map("end after start", |(s, e)| {
        DiscountWindow::from_bounds(s, e).ok().or_else(|| {
            let start = match e {
                WindowEnd::At(at) => WindowStart::At(at),
                WindowEnd::Through(day) => WindowStart::On(day),
                WindowEnd::Open => return None,
            };
            let end = match s {
                WindowStart::At(at) => WindowEnd::At(at),
                WindowStart::On(day) => WindowEnd::Through(day),
            };
            DiscountWindow::from_bounds(start, end).ok()
        })
    })
}

proptest! {
    #[test]
    fn status_is_monotone_in_time(w in window(), a in instant(), b in instant()) {
        // Regression test for: review finding — only `starts_at()` was
        // probed, and windows were drawn from far wider years than the
        // probes, so the half-open end was rarely hit.
        let mut probes = vec![a, b, w.starts_at(), w.starts_at() - NS, w.starts_at() + NS];
        if let Some(end) = w.ends_at() {
            probes.extend([end, end - NS, end + NS]);
        }
        probes.sort();
        // Monotone over every pair of probes, bounds included.
        for pair in probes.windows(2) {
            prop_assert!(w.status_at(pair[0]) <= w.status_at(pair[1]));
        }
        // And consistent with the bounds and the other accessors.
        for now in probes {
            let status = w.status_at(now);
            let want = if now < w.starts_at() {
                Scheduled
            } else if w.ends_at().is_some_and(|e| now >= e) {
                Expired
            } else {
                Active
            };
            prop_assert_eq!(status, want);
            prop_assert_eq!(w.is_valid_at(now), status == Active);
            prop_assert_eq!(w.starts_in_at(now).is_some(), status == Scheduled);
            if let Some(wait) = w.starts_in_at(now) {
                prop_assert_eq!(now + wait, w.starts_at());
            }
            prop_assert_eq!(w.remaining_at(now).is_some(), status == Active && w.ends_at().is_some());
            if let Some(left) = w.remaining_at(now) {
                prop_assert!(left > TimeDelta::zero());
                prop_assert_eq!(Some(now + left), w.ends_at());
            }
        }
        // The end is exclusive, the start inclusive.
        prop_assert_eq!(w.status_at(w.starts_at()), Active);
        if let Some(end) = w.ends_at() {
            prop_assert_eq!(w.status_at(end), Expired);
            prop_assert_eq!(w.status_at(end - NS), Active);
        }
    }

    #[test]
    fn local_day_bounds_are_days(w in window()) {
        // A day's start is in the day (or, for a skipped day, in a later one),
        // and the instant just before it is in an earlier day.
        if let WindowStart::On(day) = w.start() {
            let z = day.zone();
            prop_assert!(w.starts_at().with_timezone(&z).date_naive() >= day.date());
            prop_assert!((w.starts_at() - NS).with_timezone(&z).date_naive() < day.date());
        }
        if let WindowEnd::Through(day) = w.end() {
            let z = day.zone();
            let end = w.ends_at().unwrap();
            prop_assert!((end - NS).with_timezone(&z).date_naive() <= day.date());
            prop_assert!(end.with_timezone(&z).date_naive() > day.date());
        }
    }

    #[test]
    fn redemptions_never_exceed_the_limit(
        max in proptest::option::of(1u32..5),
        revoke_at in proptest::option::of(0usize..20),
        steps in proptest::collection::vec(-3i64..40, 1..20),
    ) {
        let mut d = discount_10_to_20();
        if let Some(max) = max {
            d = d.with_max_redemptions(max).unwrap();
        }
        let mut count = 0u32;
        for (i, day) in steps.into_iter().enumerate() {
            if revoke_at == Some(i) {
                d.revoke();
            }
            let now = nov(1) + TimeDelta::hours(day * 12);
            let before = d.check_redeemable_at(now);
            let result = d.redeem_at(now);
            prop_assert_eq!(result.map(|_| ()), before);
            let want = if d.is_revoked() {
                Err(DiscountError::Revoked)
            } else if now < nov(10) {
                Err(DiscountError::NotYetActive { starts_at: nov(10) })
            } else if now >= nov(20) {
                Err(DiscountError::Expired { ended_at: nov(20) })
            } else if max.is_some_and(|m| count >= m) {
                Err(DiscountError::Exhausted { redemptions: count, max_redemptions: max.unwrap() })
            } else {
                count += 1;
                Ok(count)
            };
            prop_assert_eq!(result, want);
            prop_assert_eq!(d.redemptions(), count);
        }
    }

    /// `new_until(c, .., c + ttl)` is `new_at(c, .., ttl)`, and both
    /// refuse a non-positive time-to-live / a non-later expiry alike.
    #[test]
    fn new_until_agrees_with_new_at(
        created_at in any_or_near_instant(),
        ttl_ns in prop_oneof![
            -10_000_000_000_000i64..10_000_000_000_000,
            Just(0i64),
            Just(1i64),
            Just(-1i64),
            Just(i64::MAX),
        ],
    ) {
        let ttl = TimeDelta::nanoseconds(ttl_ns);
        let by_ttl = DiscountOffer::new_at(created_at, "room-1", seller(), buyer(), discount_10_to_20(), ttl);
        match created_at.checked_add_signed(ttl) {
            Some(expires_at) => {
                let until = DiscountOffer::new_until(created_at, "room-1", seller(), buyer(), discount_10_to_20(), expires_at);
                if ttl > TimeDelta::zero() {
                    prop_assert_eq!(until.unwrap(), by_ttl.unwrap());
                } else {
                    prop_assert!(until.is_err());
                    prop_assert!(by_ttl.is_err());
                }
            }
            None => {
                let kind = if ttl > TimeDelta::zero() { ErrorKind::OutOfRange } else { ErrorKind::InvalidValue };
                prop_assert_eq!(by_ttl.map(|_| ()).map_err(|e| e.kind()), Err(kind));
            }
        }
    }
}

/// A step of the offer state-machine test.
#[derive(Clone, Debug)]
enum Step {
    Act(OfferAction, Who),
    /// Move the clock by this many seconds (may be 0).
    Advance(i64),
    /// Look at the state without acting.
    Look,
}

#[derive(Clone, Copy, Debug)]
enum Who {
    Seller,
    Buyer,
    Stranger,
}

fn step() -> impl Strategy<Value = Step> {
    let action = prop_oneof![
        Just(OfferAction::Accept),
        Just(OfferAction::Decline),
        Just(OfferAction::Withdraw)
    ];
    let who = prop_oneof![Just(Who::Seller), Just(Who::Buyer), Just(Who::Stranger)];
    prop_oneof![
        3 => (action, who).prop_map(|(a, w)| Step::Act(a, w)),
        2 => (0i64..400).prop_map(Step::Advance),
        1 => Just(Step::Look),
    ]
}

/// The reference model: a record of what happened, written without
/// looking at the implementation.
struct Model {
    created_at: DateTime<Utc>,
    expires_at: DateTime<Utc>,
    resolved: Option<(OfferState, DateTime<Utc>)>,
}

impl Model {
    fn state(&self, now: DateTime<Utc>) -> OfferState {
        if now < self.created_at {
            return OfferState::Scheduled;
        }
        match self.resolved {
            Some((state, _)) => state,
            None if now < self.expires_at => OfferState::Pending,
            None => OfferState::Expired,
        }
    }

    fn act(&mut self, now: DateTime<Utc>, who: Who, action: OfferAction) -> Result<(), OfferError> {
        let party = match who {
            Who::Seller => Party::Seller,
            Who::Buyer => Party::Buyer,
            Who::Stranger => return Err(OfferError::NotParticipant),
        };
        let allowed = matches!(
            (party, action),
            (Party::Buyer, OfferAction::Accept | OfferAction::Decline)
                | (Party::Seller, OfferAction::Withdraw)
        );
        if !allowed {
            return Err(OfferError::NotAllowed { action, party });
        }
        match self.state(now) {
            OfferState::Scheduled => Err(OfferError::NotYetMade {
                created_at: self.created_at,
            }),
            OfferState::Pending => {
                let state = match action {
                    OfferAction::Accept => OfferState::Accepted,
                    OfferAction::Decline => OfferState::Declined,
                    OfferAction::Withdraw => OfferState::Withdrawn,
                };
                self.resolved = Some((state, now));
                Ok(())
            }
            OfferState::Expired => Err(OfferError::Expired {
                expired_at: self.expires_at,
            }),
            state => Err(OfferError::AlreadyResolved {
                state,
                at: self.resolved.unwrap().1,
            }),
        }
    }
}

proptest! {
    #[test]
    fn offer_follows_the_reference_model(
        ttl in 1i64..1_000,
        // Sometimes made later than the clock's start (scheduled), so that
        // answers and looks before `created_at` are exercised too.
        delay in prop_oneof![Just(0i64), 1i64..600],
        steps in proptest::collection::vec(step(), 1..40),
    ) {
        let start = nov(12);
        let ctx = TimezoneAware::new().frozen_at(start);
        let created_at = start + TimeDelta::seconds(delay);
        let mut offer = if delay == 0 {
            DiscountOffer::new(&ctx, "room", seller(), buyer(), discount_10_to_20(), TimeDelta::seconds(ttl)).unwrap()
        } else {
            DiscountOffer::new_at(created_at, "room", seller(), buyer(), discount_10_to_20(), TimeDelta::seconds(ttl)).unwrap()
        };
        let mut model = Model { created_at, expires_at: created_at + TimeDelta::seconds(ttl), resolved: None };
        let mut seen_final: Option<OfferState> = None;
        for step in steps {
            let now = ctx.now();
            match step {
                Step::Act(action, who) => {
                    let by = match who {
                        Who::Seller => seller(),
                        Who::Buyer => buyer(),
                        Who::Stranger => stranger(),
                    };
                    let before = offer.clone();
                    let got = match action {
                        OfferAction::Accept => offer.accept(&ctx, &by),
                        OfferAction::Decline => offer.decline(&ctx, &by),
                        OfferAction::Withdraw => offer.withdraw(&ctx, &by),
                    };
                    prop_assert_eq!(got, model.act(now, who, action));
                    if got.is_err() {
                        prop_assert_eq!(&offer, &before);
                    }
                }
                Step::Advance(secs) => {
                    ctx.advance(TimeDelta::seconds(secs)).unwrap();
                }
                Step::Look => {}
            }
            let now = ctx.now();
            let state = offer.state(&ctx);
            prop_assert_eq!(state, model.state(now));
            prop_assert_eq!(offer.resolution(), model.resolved);
            prop_assert_eq!(offer.remaining_at(now).is_some(), state == OfferState::Pending);
            if let Some(left) = offer.remaining_at(now) {
                prop_assert!(TimeDelta::zero() < left && left <= TimeDelta::seconds(ttl));
            }
            // Once final, always the same final state.
            if let Some(final_state) = seen_final {
                prop_assert_eq!(state, final_state);
            }
            if state.is_final() {
                seen_final = Some(state);
            }
            // A resolution is never before the offer was made, and always
            // before its expiry.
            if let Some((_, at)) = offer.resolution() {
                prop_assert!(offer.created_at() <= at && at < offer.expires_at());
            }
        }
    }
}
