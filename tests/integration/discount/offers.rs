//! The chat offer lifecycle against a clock.

use super::*;

#[test]
fn offer_lifecycle_with_a_frozen_clock() {
    let ctx = TimezoneAware::new().frozen_at(nov(12));
    let mut offer = offer_at(&ctx, TimeDelta::minutes(15));
    assert_eq!(offer.created_at(), nov(12));
    assert_eq!(offer.expires_at(), nov(12) + TimeDelta::minutes(15));
    assert_eq!(offer.room().as_str(), "room-1");
    assert_eq!((offer.seller(), offer.buyer()), (&seller(), &buyer()));
    assert_eq!(offer.discount().code(), "FALL-10");
    assert_eq!(offer.state(&ctx), OfferState::Pending);
    assert_eq!(offer.resolution(), None);
    assert_eq!(offer.remaining_at(nov(12)), Some(TimeDelta::minutes(15)));

    ctx.advance(TimeDelta::minutes(15) - NS).unwrap();
    offer.accept(&ctx, &buyer()).unwrap();
    let accepted_at = nov(12) + TimeDelta::minutes(15) - NS;
    assert_eq!(offer.state(&ctx), OfferState::Accepted);
    assert_eq!(
        offer.resolution(),
        Some((OfferState::Accepted, accepted_at))
    );
    assert_eq!(offer.remaining_at(accepted_at), None);

    // A second response is refused, before and after the expiry; the offer stays accepted.
    let refusal = OfferError::AlreadyResolved {
        state: OfferState::Accepted,
        at: accepted_at,
    };
    let again = Err(refusal);
    assert_eq!(offer.decline(&ctx, &buyer()), again);
    assert_eq!(offer.accept(&ctx, &buyer()), again);
    assert_eq!(offer.withdraw(&ctx, &seller()), again);
    ctx.advance(TimeDelta::days(1)).unwrap();
    assert_eq!(offer.accept(&ctx, &buyer()), again);
    assert_eq!(offer.state(&ctx), OfferState::Accepted);
    assert_eq!(
        tzsafe::Error::from(refusal).to_string(),
        "offer was already accepted at 2026-11-12T12:14:59.999999999Z"
    );
}

#[test]
fn offer_expiry_boundary() {
    let start = nov(12);
    let ctx = TimezoneAware::new().frozen_at(start);
    let offer = offer_at(&ctx, TimeDelta::seconds(30));
    let expires = start + TimeDelta::seconds(30);
    assert_eq!(offer.state_at(expires - NS), OfferState::Pending);
    assert_eq!(offer.state_at(expires), OfferState::Expired);
    assert_eq!(offer.remaining_at(expires - NS), Some(NS));
    assert_eq!(offer.remaining_at(expires), None);

    for action in [
        OfferAction::Accept,
        OfferAction::Decline,
        OfferAction::Withdraw,
    ] {
        let by = if action == OfferAction::Withdraw {
            seller()
        } else {
            buyer()
        };
        let mut late = offer.clone();
        assert_eq!(
            late.respond_at(expires, &by, action),
            Err(OfferError::Expired {
                expired_at: expires
            })
        );
        assert_eq!(late, offer);
        let mut on_time = offer.clone();
        assert_eq!(on_time.respond_at(expires - NS, &by, action), Ok(()));
    }
    // The context variants read the context's clock.
    let mut o = offer.clone();
    ctx.set(expires).unwrap();
    assert_eq!(
        o.decline(&ctx, &buyer()),
        Err(OfferError::Expired {
            expired_at: expires
        })
    );
    assert_eq!(o.state(&ctx), OfferState::Expired);
    assert_eq!(
        o.withdraw(&ctx, &seller()).unwrap_err().to_string(),
        "offer expired at 2026-11-12T12:00:30Z"
    );
}

#[test]
fn who_may_do_what() {
    let ctx = TimezoneAware::new().frozen_at(nov(12));
    let offer = offer_at(&ctx, TimeDelta::hours(1));
    let now = nov(12);
    let cases = [
        (
            OfferAction::Accept,
            seller(),
            Err(OfferError::NotAllowed {
                action: OfferAction::Accept,
                party: Party::Seller,
            }),
        ),
        (
            OfferAction::Decline,
            seller(),
            Err(OfferError::NotAllowed {
                action: OfferAction::Decline,
                party: Party::Seller,
            }),
        ),
        (
            OfferAction::Withdraw,
            buyer(),
            Err(OfferError::NotAllowed {
                action: OfferAction::Withdraw,
                party: Party::Buyer,
            }),
        ),
        (
            OfferAction::Accept,
            stranger(),
            Err(OfferError::NotParticipant),
        ),
        (
            OfferAction::Withdraw,
            stranger(),
            Err(OfferError::NotParticipant),
        ),
        (OfferAction::Accept, buyer(), Ok(OfferState::Accepted)),
        (OfferAction::Decline, buyer(), Ok(OfferState::Declined)),
        (OfferAction::Withdraw, seller(), Ok(OfferState::Withdrawn)),
    ];
    for (action, by, want) in cases {
        let mut o = offer.clone();
        let got = o.respond_at(now, &by, action).map(|()| o.state_at(now));
        assert_eq!(got, want, "{action} by {by}");
    }
    // Authorization is checked before state and time.
    let mut expired = offer.clone();
    let late = now + TimeDelta::hours(2);
    assert_eq!(
        expired.accept_at(late, &stranger()),
        Err(OfferError::NotParticipant)
    );
    let mut declined = offer.clone();
    declined.decline_at(now, &buyer()).unwrap();
    assert_eq!(
        declined.withdraw_at(now, &buyer()),
        Err(OfferError::NotAllowed {
            action: OfferAction::Withdraw,
            party: Party::Buyer
        })
    );
    assert_eq!(
        declined.withdraw_at(late, &seller()),
        Err(OfferError::AlreadyResolved {
            state: OfferState::Declined,
            at: now
        })
    );

    let messages = [
        (
            OfferError::NotParticipant,
            "user is neither the seller nor the buyer of this offer",
        ),
        (
            OfferError::NotAllowed {
                action: OfferAction::Accept,
                party: Party::Seller,
            },
            "the seller cannot accept this offer: only the buyer can",
        ),
        (
            OfferError::NotAllowed {
                action: OfferAction::Withdraw,
                party: Party::Buyer,
            },
            "the buyer cannot withdraw this offer: only the seller can",
        ),
    ];
    for (err, message) in messages {
        assert_eq!(err.to_string(), message);
        let converted = tzsafe::Error::from(err);
        assert_eq!(converted.kind(), ErrorKind::InvalidValue);
        assert_eq!(converted.to_string(), message);
    }
}

#[test]
fn offer_creation_is_checked() {
    let now = nov(12);
    let d = discount_10_to_20();
    for ttl in [TimeDelta::zero(), -TimeDelta::seconds(5)] {
        let err = DiscountOffer::new_at(now, "r", "a", "b", d.clone(), ttl).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::InvalidValue);
        assert_eq!(
            err.to_string(),
            format!("invalid offer time-to-live {ttl}: expected a positive duration")
        );
    }
    assert_eq!(
        DiscountOffer::new_at(now, "r", "a", "b", d.clone(), -TimeDelta::seconds(5))
            .unwrap_err()
            .to_string(),
        "invalid offer time-to-live -PT5S: expected a positive duration"
    );
    let err = DiscountOffer::new_at(now, "r", "alice", "alice", d.clone(), TimeDelta::hours(1))
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InvalidValue);
    assert_eq!(
        err.to_string(),
        "invalid discount offer: seller and buyer are the same user \"alice\", expected two different users"
    );
    for (room, s, b, what) in [
        ("", "a", "b", "room"),
        ("r", "", "b", "seller"),
        ("r", "a", "", "buyer"),
    ] {
        let err =
            DiscountOffer::new_at(now, room, s, b, d.clone(), TimeDelta::hours(1)).unwrap_err();
        assert_eq!(
            err.to_string(),
            format!("invalid discount offer: the {what} id is empty, expected a non-empty id")
        );
    }
    let err = DiscountOffer::new_at(
        DateTime::<Utc>::MAX_UTC - TimeDelta::seconds(1),
        "r",
        "a",
        "b",
        d,
        TimeDelta::seconds(2),
    )
    .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::OutOfRange);
    assert_eq!(
        err.to_string(),
        "offer made at +262142-12-31T23:59:58.999999999Z with time-to-live PT2S expires outside the range of representable instants"
    );
}

// Regression test for: a Python row with `expires_at` before `created_at`
// reported "invalid offer time-to-live -PT3600S", naming a field the row does
// not have (issue 10). `new_until` names `expires_at` and quotes both instants.
#[test]
fn offers_from_created_at_and_expires_at() {
    let made = nov(12);
    let d = discount_10_to_20();
    let offer = DiscountOffer::new_until(
        made,
        "room-1",
        seller(),
        buyer(),
        d.clone(),
        made + TimeDelta::minutes(15),
    )
    .unwrap();
    assert_eq!(offer.created_at(), made);
    assert_eq!(offer.expires_at(), made + TimeDelta::minutes(15));
    assert_eq!(offer.state_at(made), OfferState::Pending);
    assert_eq!(offer.resolution(), None);

    for (expires_at, message) in [
        (
            made - TimeDelta::hours(1),
            "invalid offer expires_at 2026-11-12T11:00:00Z: expected an instant after its created_at 2026-11-12T12:00:00Z",
        ),
        (
            made,
            "invalid offer expires_at 2026-11-12T12:00:00Z: expected an instant after its created_at 2026-11-12T12:00:00Z",
        ),
        (
            made - NS,
            "invalid offer expires_at 2026-11-12T11:59:59.999999999Z: expected an instant after its created_at 2026-11-12T12:00:00Z",
        ),
    ] {
        let err = DiscountOffer::new_until(made, "room-1", seller(), buyer(), d.clone(), expires_at).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::InvalidValue);
        assert_eq!(err.to_string(), message);
    }
    // The times are checked before the ids, as `new_at` checks its ttl first.
    let err = DiscountOffer::new_until(made, "", "alice", "alice", d.clone(), made).unwrap_err();
    assert!(
        err.to_string().starts_with("invalid offer expires_at"),
        "{err}"
    );
    let err =
        DiscountOffer::new_until(made, "r", "alice", "alice", d.clone(), made + NS).unwrap_err();
    assert_eq!(
        err.to_string(),
        "invalid discount offer: seller and buyer are the same user \"alice\", expected two different users"
    );
    let err = DiscountOffer::new_until(made, "r", "a", "", d, made + NS).unwrap_err();
    assert_eq!(
        err.to_string(),
        "invalid discount offer: the buyer id is empty, expected a non-empty id"
    );
    // The whole range of instants is usable: no time-to-live to overflow.
    let offer = DiscountOffer::new_until(
        DateTime::<Utc>::MIN_UTC,
        "r",
        "a",
        "b",
        discount_10_to_20(),
        DateTime::<Utc>::MAX_UTC,
    )
    .unwrap();
    assert_eq!(
        offer.state_at(DateTime::<Utc>::MAX_UTC),
        OfferState::Expired
    );
}

#[test]
fn an_offer_cannot_be_answered_before_it_is_made() {
    // Regression test for: review finding — `respond_at` accepted an answer
    // dated before the offer was made, and `state_at` said `Pending` (with
    // more than the time-to-live remaining) before the offer existed.
    let made = nov(12);
    let ttl = TimeDelta::minutes(15);
    let offer =
        DiscountOffer::new_at(made, "room-1", seller(), buyer(), discount_10_to_20(), ttl).unwrap();
    let early = made - NS;
    assert_eq!(offer.state_at(early), OfferState::Scheduled);
    assert_eq!(
        offer.state_at(made - TimeDelta::days(400)),
        OfferState::Scheduled
    );
    assert_eq!(offer.remaining_at(early), None);
    assert_eq!(offer.remaining_at(made - TimeDelta::days(400)), None);
    assert_eq!(offer.state_at(made), OfferState::Pending);
    assert_eq!(offer.remaining_at(made), Some(ttl));

    let not_yet = Err(OfferError::NotYetMade { created_at: made });
    for (action, by) in [
        (OfferAction::Accept, buyer()),
        (OfferAction::Decline, buyer()),
        (OfferAction::Withdraw, seller()),
    ] {
        let mut o = offer.clone();
        assert_eq!(o.respond_at(early, &by, action), not_yet, "{action}");
        assert_eq!(o, offer, "{action}: a refusal changes nothing");
        assert_eq!(o.respond_at(made, &by, action), Ok(()), "{action}");
    }
    // The context variants read the context's clock.
    let ctx = TimezoneAware::new().frozen_at(early);
    let mut o = offer.clone();
    assert_eq!(o.accept(&ctx, &buyer()), not_yet);
    assert_eq!(o.state(&ctx), OfferState::Scheduled);

    // Precedence: who may act comes first; then "not made yet", before a
    // resolution recorded later ("already" would be in the future of `now`).
    let mut o = offer.clone();
    assert_eq!(
        o.accept_at(early, &stranger()),
        Err(OfferError::NotParticipant)
    );
    assert_eq!(
        o.accept_at(early, &seller()),
        Err(OfferError::NotAllowed {
            action: OfferAction::Accept,
            party: Party::Seller
        })
    );
    o.accept_at(made + TimeDelta::minutes(1), &buyer()).unwrap();
    assert_eq!(o.decline_at(early, &buyer()), not_yet);
    assert_eq!(o.state_at(early), OfferState::Scheduled);
    assert_eq!(o.state_at(made), OfferState::Accepted);

    let refusal = OfferError::NotYetMade { created_at: made };
    let message = "offer has not been made yet: it is made at 2026-11-12T12:00:00Z";
    assert_eq!(refusal.to_string(), message);
    let err = tzsafe::Error::from(refusal);
    assert_eq!(err.kind(), ErrorKind::InvalidValue);
    assert_eq!(err.to_string(), message);
}

#[test]
fn messages_write_instants_as_tzsafe_reads_them() {
    // Regression test for: review finding — the models' messages wrote
    // instants with chrono (`+12345-06-07T...`), which `tzsafe::parse` refuses;
    // they now use the crate's writer (a sign and 6 digits beyond 0000-9999).
    let far = Utc.with_ymd_and_hms(12_345, 6, 7, 8, 9, 10).unwrap() + TimeDelta::milliseconds(500);
    let old = Utc.with_ymd_and_hms(-44, 3, 15, 0, 0, 0).unwrap();
    let far_text = "+012345-06-07T08:09:10.500Z";
    let old_text = "-000044-03-15T00:00:00Z";
    for (text, instant) in [(far_text, far), (old_text, old)] {
        let read = tzsafe::parse(text).unwrap().aware().unwrap();
        assert_eq!(read, instant.fixed_offset(), "{text}");
    }
    let cases = [
        (
            DiscountError::Expired { ended_at: far }.to_string(),
            format!("discount expired at {far_text}"),
        ),
        (
            DiscountError::NotYetActive { starts_at: old }.to_string(),
            format!("discount is not active yet: it starts at {old_text}"),
        ),
        (
            OfferError::Expired { expired_at: far }.to_string(),
            format!("offer expired at {far_text}"),
        ),
        (
            OfferError::AlreadyResolved {
                state: OfferState::Declined,
                at: old,
            }
            .to_string(),
            format!("offer was already declined at {old_text}"),
        ),
        (
            OfferError::NotYetMade { created_at: far }.to_string(),
            format!("offer has not been made yet: it is made at {far_text}"),
        ),
        (
            DiscountWindow::new(&TimezoneAware::new(), old, far)
                .unwrap()
                .to_string(),
            format!("[{old_text}, {far_text})"),
        ),
        (
            DiscountWindow::open_ended(&TimezoneAware::new(), far)
                .unwrap()
                .to_string(),
            format!("[{far_text}, ∞)"),
        ),
        (
            DiscountWindow::new(&TimezoneAware::new(), far, old)
                .unwrap_err()
                .to_string(),
            format!("invalid discount window: end {old_text} is not after start {far_text}"),
        ),
        (
            LocalDay::new(far.date_naive(), Zone::UTC).to_string(),
            "+012345-06-07 in UTC".to_owned(),
        ),
        (
            DiscountWindow::from_bounds(
                WindowStart::On(LocalDay::new(far.date_naive(), Zone::UTC)),
                WindowEnd::At(old),
            )
            .unwrap_err()
            .to_string(),
            format!(
                "invalid discount window: end {old_text} is not after start +012345-06-07T00:00:00Z (start of +012345-06-07 in UTC)"
            ),
        ),
    ];
    for (got, want) in cases {
        assert_eq!(got, want);
    }
}

#[test]
fn small_types_honour_width_and_alignment() {
    // Regression test for: review finding — `Display` of the models' small
    // types ignored width, alignment and precision flags.
    assert_eq!(format!("[{:>9}]", DiscountStatus::Active), "[   active]");
    assert_eq!(format!("[{:<10}]", OfferState::Pending), "[pending   ]");
    assert_eq!(format!("[{:^10}]", OfferAction::Accept), "[  accept  ]");
    assert_eq!(format!("[{:>8}]", Party::Buyer), "[   buyer]");
    assert_eq!(format!("[{:>5}]", Currency::new("EUR").unwrap()), "[  EUR]");
    assert_eq!(format!("[{:-<8}]", UserId::from("bob")), "[bob-----]");
    assert_eq!(format!("[{:>8}]", RoomId::from("r-1")), "[     r-1]");
    assert_eq!(format!("[{:.3}]", UserId::from("seller-1")), "[sel]");
    // Without flags, the plain text.
    assert_eq!(format!("{}", OfferState::Scheduled), "scheduled");
}

#[test]
fn offer_states_and_actions_display() {
    let states = [
        (OfferState::Scheduled, "scheduled", false),
        (OfferState::Pending, "pending", false),
        (OfferState::Accepted, "accepted", true),
        (OfferState::Declined, "declined", true),
        (OfferState::Withdrawn, "withdrawn", true),
        (OfferState::Expired, "expired", true),
    ];
    for (state, name, is_final) in states {
        assert_eq!(
            (state.as_str(), state.to_string(), state.is_final()),
            (name, name.to_owned(), is_final)
        );
    }
    assert_eq!(OfferAction::Decline.to_string(), "decline");
    assert_eq!(OfferAction::Decline.party(), Party::Buyer);
    assert_eq!(OfferAction::Withdraw.party(), Party::Seller);
    assert_eq!(Party::Seller.to_string(), "seller");
    assert_eq!(DiscountStatus::Scheduled.as_str(), "scheduled");
    assert_eq!(UserId::from("u".to_owned()).into_string(), "u");
}
