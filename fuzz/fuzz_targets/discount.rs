//! Sequences of offer and redemption operations against a small reference
//! model of the rules in `tzsafe::models::discount`.
//!
//! Checks: no panic; every result (success or the exact refusal) and every
//! state the model predicts, at every step.
#![no_main]

use arbitrary::Arbitrary;
use chrono::{DateTime, TimeDelta, Utc};
use libfuzzer_sys::fuzz_target;
use tzsafe::models::discount::{
    Discount, DiscountError, DiscountOffer, DiscountStatus, DiscountValue, DiscountWindow,
    OfferAction, OfferError, OfferState, Party, UserId,
};
use tzsafe::TimezoneAware;

#[derive(Arbitrary, Debug)]
enum Op {
    Respond { action: u8, who: u8 },
    Advance(u16),
    Redeem,
    Revoke,
}

#[derive(Arbitrary, Debug)]
struct Input {
    start_offset: i16,
    window_seconds: u16,
    ttl_seconds: u16,
    max_redemptions: Option<u8>,
    ops: Vec<Op>,
}

/// The reference model: what the rules say, written as plainly as possible.
struct Model {
    expires_at: DateTime<Utc>,
    outcome: Option<(OfferState, DateTime<Utc>)>,
    starts_at: DateTime<Utc>,
    ends_at: DateTime<Utc>,
    max: Option<u32>,
    redemptions: u32,
    revoked: bool,
}

impl Model {
    fn state(&self, now: DateTime<Utc>) -> OfferState {
        match self.outcome {
            Some((state, _)) => state,
            None if now >= self.expires_at => OfferState::Expired,
            None => OfferState::Pending,
        }
    }

    fn respond(
        &mut self,
        action: OfferAction,
        party: Option<Party>,
        now: DateTime<Utc>,
    ) -> Result<(), OfferError> {
        let Some(party) = party else {
            return Err(OfferError::NotParticipant);
        };
        let allowed = match action {
            OfferAction::Accept | OfferAction::Decline => Party::Buyer,
            _ => Party::Seller,
        };
        if party != allowed {
            return Err(OfferError::NotAllowed { action, party });
        }
        if let Some((state, at)) = self.outcome {
            return Err(OfferError::AlreadyResolved { state, at });
        }
        if now >= self.expires_at {
            return Err(OfferError::Expired {
                expired_at: self.expires_at,
            });
        }
        let state = match action {
            OfferAction::Accept => OfferState::Accepted,
            OfferAction::Decline => OfferState::Declined,
            _ => OfferState::Withdrawn,
        };
        self.outcome = Some((state, now));
        Ok(())
    }

    fn status(&self, now: DateTime<Utc>) -> DiscountStatus {
        if now < self.starts_at {
            DiscountStatus::Scheduled
        } else if now < self.ends_at {
            DiscountStatus::Active
        } else {
            DiscountStatus::Expired
        }
    }

    fn redeem(&mut self, now: DateTime<Utc>) -> Result<u32, DiscountError> {
        if self.revoked {
            return Err(DiscountError::Revoked);
        }
        match self.status(now) {
            DiscountStatus::Scheduled => {
                return Err(DiscountError::NotYetActive {
                    starts_at: self.starts_at,
                })
            }
            DiscountStatus::Expired => {
                return Err(DiscountError::Expired {
                    ended_at: self.ends_at,
                })
            }
            _ => {}
        }
        let limit = self.max.unwrap_or(u32::MAX);
        if self.redemptions >= limit {
            return Err(DiscountError::Exhausted {
                redemptions: self.redemptions,
                max_redemptions: limit,
            });
        }
        self.redemptions += 1;
        Ok(self.redemptions)
    }
}

fuzz_target!(|input: Input| {
    let created = DateTime::from_timestamp(1_800_000_000, 0).expect("valid");
    let starts_at = created + TimeDelta::seconds(input.start_offset.into());
    let ends_at = starts_at + TimeDelta::seconds(i64::from(input.window_seconds) + 1);
    let ctx = TimezoneAware::new().frozen_at(created);
    let window = DiscountWindow::new(&ctx, starts_at, ends_at).expect("end after start");
    let mut discount = Discount::new(
        "FUZZ",
        DiscountValue::percentage_bp(1_000).expect("10 %"),
        window,
    )
    .expect("valid code");
    let max = input.max_redemptions.map(|m| u32::from(m).max(1));
    if let Some(max) = max {
        discount = discount.with_max_redemptions(max).expect("at least one");
    }
    let ttl = TimeDelta::seconds(i64::from(input.ttl_seconds) + 1);
    let (seller, buyer, stranger) = (
        UserId::from("seller"),
        UserId::from("buyer"),
        UserId::from("someone"),
    );
    let mut offer = DiscountOffer::new(
        &ctx,
        "room",
        seller.clone(),
        buyer.clone(),
        discount.clone(),
        ttl,
    )
    .expect("valid offer");
    let mut model = Model {
        expires_at: created + ttl,
        outcome: None,
        starts_at,
        ends_at,
        max,
        redemptions: 0,
        revoked: false,
    };
    for op in input.ops.iter().take(64) {
        let now = ctx.now();
        match op {
            Op::Respond { action, who } => {
                let action = [
                    OfferAction::Accept,
                    OfferAction::Decline,
                    OfferAction::Withdraw,
                ][usize::from(*action) % 3];
                let (user, party) = match who % 3 {
                    0 => (&seller, Some(Party::Seller)),
                    1 => (&buyer, Some(Party::Buyer)),
                    _ => (&stranger, None),
                };
                let got = match action {
                    OfferAction::Accept => offer.accept(&ctx, user),
                    OfferAction::Decline => offer.decline(&ctx, user),
                    _ => offer.withdraw(&ctx, user),
                };
                assert_eq!(got, model.respond(action, party, now), "{op:?} at {now}");
            }
            Op::Advance(seconds) => {
                ctx.advance(TimeDelta::seconds(i64::from(*seconds)))
                    .expect("frozen clock");
            }
            Op::Redeem => assert_eq!(
                discount.redeem_at(now),
                model.redeem(now),
                "redeem at {now}"
            ),
            Op::Revoke => {
                discount.revoke();
                model.revoked = true;
            }
        }
        let now = ctx.now();
        assert_eq!(offer.state(&ctx), model.state(now));
        assert_eq!(discount.status_at(now), model.status(now));
        assert_eq!(discount.redemptions(), model.redemptions);
        assert_eq!(discount.check_redeemable_at(now).is_ok(), {
            let mut probe = Model {
                outcome: None,
                ..model
            };
            probe.redeem(now).is_ok()
        });
    }
});
