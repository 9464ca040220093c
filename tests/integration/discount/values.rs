//! Currencies, basis points, discount values, and discounts with their
//! redemption rules.

use super::*;

#[test]
fn currency_codes() {
    for good in ["EUR", "USD", "JPY", "XTS"] {
        let c = Currency::new(good).unwrap();
        assert_eq!(c.as_str(), good);
        assert_eq!(c.to_string(), good);
        assert_eq!(good.parse::<Currency>().unwrap(), c);
        assert_eq!(Currency::try_from(good).unwrap(), c);
    }
    assert_eq!(
        format!("{:?}", Currency::new("EUR").unwrap()),
        "Currency(EUR)"
    );
    for (bad, at) in [
        ("eur", 0),
        ("EU", 2),
        ("EURO", 3),
        ("", 0),
        ("E1R", 1),
        ("€UR", 0),
        ("EUr", 2),
        (" EUR", 0),
    ] {
        let err = Currency::new(bad).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::Parse, "{bad:?}");
        assert_eq!(err.position(), Some(at), "{bad:?}");
        assert_eq!(
            err.to_string(),
            format!("invalid currency code \"{bad}\": expected 3 uppercase ASCII letters, like \"EUR\" (at byte {at})")
        );
    }
}

#[test]
fn basis_points_and_values() {
    assert_eq!(BasisPoints::new(1).unwrap().get(), 1);
    assert_eq!(BasisPoints::new(10_000).unwrap(), BasisPoints::MAX);
    assert_eq!(BasisPoints::new(1).unwrap().to_string(), "0.01%");
    assert_eq!(BasisPoints::MAX.to_string(), "100.00%");
    for bad in [0, 10_001, u16::MAX] {
        let err = BasisPoints::new(bad).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::InvalidValue);
        assert_eq!(
            err.to_string(),
            format!("invalid percentage: {bad} basis points, expected 1 to 10000 (0.01% to 100%)")
        );
    }
    assert_eq!(
        DiscountValue::percentage_bp(2_500).unwrap(),
        DiscountValue::Percentage(BasisPoints::new(2_500).unwrap())
    );
    let v = DiscountValue::amount(u64::MAX, "JPY").unwrap();
    assert_eq!(
        v,
        DiscountValue::Amount {
            minor_units: core::num::NonZeroU64::MAX,
            currency: Currency::new("JPY").unwrap()
        }
    );
    let err = DiscountValue::amount(0, "EUR").unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InvalidValue);
    assert_eq!(
        err.to_string(),
        "invalid discount amount: 0 minor units, expected at least 1"
    );
    // The currency is checked first.
    assert_eq!(
        DiscountValue::amount(0, "eur").unwrap_err().kind(),
        ErrorKind::Parse
    );
}

// ---------------------------------------------------------------------------
// Discounts.

#[test]
fn discount_codes_are_checked() {
    let window = *discount_10_to_20().window();
    let value = DiscountValue::percentage_bp(500).unwrap();
    let longest = "X".repeat(64);
    for good in ["A", "BF-2026", "x_y.z!#~", longest.as_str()] {
        assert_eq!(Discount::new(good, value, window).unwrap().code(), good);
    }
    let too_long = "X".repeat(65);
    for (bad, problem) in [
        ("", "found an empty code"),
        ("SUMMER SALE", "found ' ' at byte 6"),
        ("TAB\t", "found '\\t' at byte 3"),
        ("CAFÉ", "found 'É' at byte 3"),
        (too_long.as_str(), "found 65 characters"),
    ] {
        let err = Discount::new(bad, value, window).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::InvalidValue);
        let quoted = if bad.len() > 64 {
            format!("{}...", &bad[..64])
        } else {
            bad.replace('\t', "\\t")
        };
        assert_eq!(
            err.to_string(),
            format!("invalid discount code \"{quoted}\": expected 1 to 64 visible ASCII characters, {problem}")
        );
    }
}

#[test]
fn redemption_limits() {
    let d = discount_10_to_20();
    assert_eq!(
        (
            d.max_redemptions(),
            d.redemptions(),
            d.remaining_redemptions()
        ),
        (None, 0, None)
    );
    let err = d.clone().with_max_redemptions(0).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InvalidValue);
    assert_eq!(
        err.to_string(),
        "invalid max_redemptions 0 for discount \"FALL-10\": expected at least 1 and at least the 0 redemptions already counted"
    );
    let d = d.with_redemptions(5).unwrap();
    assert_eq!(
        d.clone().with_max_redemptions(4).unwrap_err().to_string(),
        "invalid max_redemptions 4 for discount \"FALL-10\": expected at least 1 and at least the 5 redemptions already counted"
    );
    let d = d.with_max_redemptions(5).unwrap();
    assert_eq!(d.remaining_redemptions(), Some(0));
    let err = d.clone().with_redemptions(6).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InvalidValue);
    assert_eq!(
        err.to_string(),
        "invalid redemption count 6 for discount \"FALL-10\": expected at most its max_redemptions 5"
    );
}

#[test]
fn redeem_counts_only_when_redeemable() {
    let mut d = discount_10_to_20().with_max_redemptions(2).unwrap();
    let before = d.clone();
    assert_eq!(
        d.redeem_at(nov(9)),
        Err(DiscountError::NotYetActive { starts_at: nov(10) })
    );
    assert_eq!(
        d.redeem_at(nov(20)),
        Err(DiscountError::Expired { ended_at: nov(20) })
    );
    assert_eq!(d, before);
    assert_eq!(d.redeem_at(nov(10)), Ok(1));
    assert_eq!(d.redeem_at(nov(20) - NS), Ok(2));
    assert_eq!(d.remaining_redemptions(), Some(0));
    let full = d.clone();
    assert_eq!(
        d.redeem_at(nov(15)),
        Err(DiscountError::Exhausted {
            redemptions: 2,
            max_redemptions: 2
        })
    );
    assert_eq!(d, full);
    d.revoke();
    d.revoke();
    assert!(d.is_revoked());
    assert_eq!(d.redeem_at(nov(15)), Err(DiscountError::Revoked));
    assert_eq!(d.redemptions(), 2);
}

#[test]
fn refusal_precedence_is_revoked_then_window_then_exhausted() {
    let exhausted = discount_10_to_20()
        .with_max_redemptions(1)
        .unwrap()
        .with_redemptions(1)
        .unwrap();
    // Window before count: a used-up discount that has expired says "expired".
    assert_eq!(
        exhausted.check_redeemable_at(nov(9)),
        Err(DiscountError::NotYetActive { starts_at: nov(10) })
    );
    assert_eq!(
        exhausted.check_redeemable_at(nov(21)),
        Err(DiscountError::Expired { ended_at: nov(20) })
    );
    assert_eq!(
        exhausted.check_redeemable_at(nov(15)),
        Err(DiscountError::Exhausted {
            redemptions: 1,
            max_redemptions: 1
        })
    );
    // Revoked before everything.
    let mut revoked = exhausted.clone();
    revoked.revoke();
    for now in [nov(9), nov(15), nov(21)] {
        assert_eq!(
            revoked.check_redeemable_at(now),
            Err(DiscountError::Revoked)
        );
    }
    let mut fresh = discount_10_to_20();
    assert_eq!(fresh.check_redeemable_at(nov(15)), Ok(()));
    fresh.revoke();
    assert_eq!(
        fresh.check_redeemable_at(nov(15)),
        Err(DiscountError::Revoked)
    );
    assert_eq!(fresh.status_at(nov(15)), Active); // the window alone says nothing of revocation
}

#[test]
fn an_unlimited_discount_stops_at_u32_max() {
    let mut d = discount_10_to_20().with_redemptions(u32::MAX - 1).unwrap();
    assert_eq!(d.redeem_at(nov(15)), Ok(u32::MAX));
    assert_eq!(
        d.redeem_at(nov(15)),
        Err(DiscountError::Exhausted {
            redemptions: u32::MAX,
            max_redemptions: u32::MAX
        })
    );
    assert_eq!(d.redemptions(), u32::MAX);
}

#[test]
fn discount_errors_display_and_convert() {
    let cases = [
        (DiscountError::Revoked, "discount has been revoked"),
        (
            DiscountError::NotYetActive {
                starts_at: utc("2026-11-10T12:00:00Z"),
            },
            "discount is not active yet: it starts at 2026-11-10T12:00:00Z",
        ),
        (
            DiscountError::Expired {
                ended_at: utc("2026-12-01T05:00:00.25Z"),
            },
            "discount expired at 2026-12-01T05:00:00.250Z",
        ),
        (
            DiscountError::Exhausted {
                redemptions: 100,
                max_redemptions: 100,
            },
            "discount has been fully redeemed: 100 of 100 redemptions used",
        ),
    ];
    for (refusal, message) in cases {
        assert_eq!(refusal.to_string(), message);
        let err: tzsafe::Error = refusal.into();
        assert_eq!(err.kind(), ErrorKind::InvalidValue);
        assert_eq!(err.to_string(), message);
        let boxed: Box<dyn std::error::Error> = Box::new(refusal);
        assert_eq!(boxed.to_string(), message);
    }
    // `?` works in a function returning tzsafe::Error.
    fn use_it(d: &mut Discount, now: DateTime<Utc>) -> Result<u32, tzsafe::Error> {
        Ok(d.redeem_at(now)?)
    }
    let mut d = discount_10_to_20();
    assert_eq!(use_it(&mut d, nov(15)).unwrap(), 1);
    assert_eq!(
        use_it(&mut d, nov(25)).unwrap_err().to_string(),
        "discount expired at 2026-11-20T12:00:00Z"
    );
}

// Regression test for: `DiscountWindow::is_valid()` read the ambient clock
// while the caller had frozen the context it passed elsewhere (issue 10). The
// forms without `_at` read the clock of the context they are given, and
// nothing else: an ambient guard frozen at another instant changes nothing.
#[test]
fn context_clock_variants_read_the_given_context_only() {
    let mut d = discount_10_to_20();
    let window = *d.window();
    let ctx = TimezoneAware::new().frozen_at(nov(15));
    // The ambient context says the window has not started; `ctx` says it has.
    let _ambient = TimezoneAware::new().frozen_at(nov(1)).enter();
    assert!(window.is_valid(&ctx));
    assert_eq!(window.status(&ctx), Active);
    assert_eq!(window.remaining(&ctx), window.remaining_at(nov(15)));
    assert_eq!(window.remaining(&ctx), Some(nov(20) - nov(15)));
    assert_eq!(window.starts_in(&ctx), None);
    assert_eq!(d.status(&ctx), Active);
    assert_eq!(d.check_redeemable(&ctx), Ok(()));
    assert_eq!(d.redeem(&ctx), Ok(1));

    let ctx = TimezoneAware::new().frozen_at(nov(9));
    assert!(!window.is_valid(&ctx));
    assert_eq!(window.status(&ctx), Scheduled);
    assert_eq!(window.starts_in(&ctx), Some(nov(10) - nov(9)));
    assert_eq!(window.remaining(&ctx), None);
    assert_eq!(
        d.redeem(&ctx),
        Err(DiscountError::NotYetActive { starts_at: nov(10) })
    );
    ctx.advance(TimeDelta::days(30)).unwrap();
    assert_eq!(window.status(&ctx), Expired);
    assert_eq!(d.status(&ctx), Expired);
    assert_eq!(
        d.check_redeemable(&ctx),
        Err(DiscountError::Expired { ended_at: nov(20) })
    );
    assert_eq!(d.redemptions(), 1);

    // The offer's forms too.
    let made = nov(12);
    let offer_ctx = TimezoneAware::new().frozen_at(made + TimeDelta::minutes(10));
    let offer = DiscountOffer::new_at(
        made,
        "room-1",
        seller(),
        buyer(),
        discount_10_to_20(),
        TimeDelta::minutes(15),
    )
    .unwrap();
    assert_eq!(offer.remaining(&offer_ctx), Some(TimeDelta::minutes(5)));
    assert_eq!(offer.state(&offer_ctx), OfferState::Pending);
}
