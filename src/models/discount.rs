//! Discounts, their validity windows, and discount offers made in a chat.
//!
//! * [`DiscountWindow`]: the half-open interval `[starts_at, ends_at)` of
//!   instants in which a discount is valid, `ends_at` optional. Either bound
//!   can be given as an instant or as a calendar date in a zone ([`LocalDay`]):
//!   "valid through 2026-11-30 in America/New_York" ends at the first instant of
//!   December 1 there, not at 23:59:59 and not at midnight UTC.
//! * [`Discount`]: a code, a [`DiscountValue`] (a percentage in basis points or
//!   an amount in minor currency units of a [`Currency`]), a window, an optional
//!   redemption limit and a revoked flag. [`Discount::check_redeemable_at`]
//!   says why a discount cannot be used, as a [`DiscountError`] value.
//! * [`DiscountOffer`]: a seller offers a discount to a buyer in a chat room;
//!   the offer expires after a time-to-live (or at a given `expires_at`); the
//!   buyer accepts or declines, the
//!   seller may withdraw it. Its [`OfferState`] is derived from what happened
//!   and the time, so it cannot say "pending" once the offer has expired.
//!
//! "Now" is said one way. Every method that depends on the time has an
//! `_at(now)` form that takes the instant (for pure code, replays and
//! tests), and a form without `_at` that takes the
//! [`&TimezoneAware`](crate::TimezoneAware) whose clock it reads
//! ([`TimezoneAware::now`](crate::TimezoneAware::now)):
//! `window.status(&ctx)`, `discount.redeem(&ctx)`, `offer.accept(&ctx, &buyer)`.
//! No method here reads the ambient clock behind the caller's back, so a test
//! that freezes the context it passes controls every answer, and no naive
//! value is ever compared with an instant.
//!
//! Business refusals (an expired discount, a second answer to an offer) are
//! values callers match on: [`DiscountError`] and [`OfferError`]. Both convert
//! into [`tzsafe::Error`](crate::Error) (kind
//! [`InvalidValue`](crate::ErrorKind::InvalidValue), and
//! [`Error::downcast_ref`](crate::Error::downcast_ref) gives them back) for
//! callers that use `?` with tzsafe's error type. Invalid input (a window that
//! ends before it starts, a percentage over 100 %) is a
//! [`tzsafe::Error`](crate::Error) of kind `InvalidValue`; a window's carries
//! an [`InvalidWindow`].
//!
//! These models use only tzsafe's public API ([`Zone::start_of_day`](crate::Zone::start_of_day),
//! [`TimezoneAware`](crate::TimezoneAware), [`Error::new`](crate::Error::new),
//! ...), as a crate of your own built on tzsafe would.
//!
//! With the `serde` feature every type here serializes, instants as RFC 3339
//! strings with `Z`, and deserialization checks the same rules as the
//! constructors.
//!
//! # Example
//!
//! ```
//! use chrono::{NaiveDate, TimeDelta, TimeZone, Utc};
//! use tzsafe::models::discount::{
//!     Discount, DiscountError, DiscountOffer, DiscountValue, DiscountWindow, OfferState, UserId,
//! };
//! use tzsafe::TimezoneAware;
//! use tzsafe::Zone;
//!
//! let ctx = TimezoneAware::new().frozen_at(Utc.with_ymd_and_hms(2026, 11, 30, 18, 0, 0).unwrap());
//!
//! // 15 % off, valid through November 30 in the merchant's zone, 100 uses.
//! let window = DiscountWindow::local_dates(
//!     NaiveDate::from_ymd_opt(2026, 11, 1).unwrap(),
//!     NaiveDate::from_ymd_opt(2026, 11, 30).unwrap(),
//!     "America/New_York".parse::<Zone>()?,
//! )?;
//! assert_eq!(window.ends_at().unwrap().to_rfc3339(), "2026-12-01T05:00:00+00:00");
//! let discount = Discount::new("BLACKFRIDAY", DiscountValue::percentage_bp(1_500)?, window)?
//!     .with_max_redemptions(100)?;
//!
//! // The seller offers it in a chat; the buyer has 15 minutes to answer.
//! let (seller, buyer) = (UserId::from("seller-1"), UserId::from("buyer-7"));
//! let mut offer = DiscountOffer::new(&ctx, "room-42", seller, buyer.clone(), discount, TimeDelta::minutes(15))?;
//! ctx.advance(TimeDelta::minutes(10))?;
//! offer.accept(&ctx, &buyer)?;
//! assert_eq!(offer.state(&ctx), OfferState::Accepted);
//!
//! // At 00:00 on December 1 in New York the discount is over.
//! let mut discount = offer.discount().clone();
//! let midnight = Utc.with_ymd_and_hms(2026, 12, 1, 5, 0, 0).unwrap();
//! assert_eq!(discount.redeem_at(midnight), Err(DiscountError::Expired { ended_at: midnight }));
//! # Ok::<(), tzsafe::Error>(())
//! ```

mod code;
mod offer;
#[cfg(feature = "serde")]
mod serde_impl;
mod value;
mod window;

pub use self::code::{Discount, DiscountError};
pub use self::offer::{DiscountOffer, OfferAction, OfferError, OfferState, Party};
pub use self::value::{BasisPoints, Currency, DiscountValue};
pub use self::window::{
    DiscountStatus, DiscountWindow, InvalidWindow, LocalDay, WindowEnd, WindowStart,
};
/// Re-exported from [`tzsafe::models`](crate::models), where presence shares them.
pub use crate::models::{RoomId, UserId};

/// A calendar date as the models write it (in messages, `Display` and JSON):
/// `YYYY-MM-DD` for the years 0000 to 9999, else a sign and 6 digits
/// (`+012345-06-07`, `-000044-03-15`). It is the date part of an instant as
/// [`MaybeAware`](crate::MaybeAware)'s `Display` writes it, so that the date of
/// an instant and a local day's date read alike, and
/// [`parse_date`](crate::parse_date) reads it back.
#[derive(Clone, Copy)]
struct Date(chrono::NaiveDate);

impl core::fmt::Display for Date {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        use core::fmt::Write as _;

        /// Passes text on up to the first `T`: the date of a timestamp.
        struct DatePart<'a, 'b>(&'a mut core::fmt::Formatter<'b>, bool);

        impl core::fmt::Write for DatePart<'_, '_> {
            fn write_str(&mut self, s: &str) -> core::fmt::Result {
                if self.1 {
                    return Ok(());
                }
                match s.split_once('T') {
                    Some((date, _)) => {
                        self.1 = true;
                        self.0.write_str(date)
                    }
                    None => self.0.write_str(s),
                }
            }
        }

        let midnight = crate::MaybeAware::Naive(self.0.and_time(chrono::NaiveTime::MIN));
        write!(DatePart(f, false), "{midnight}")
    }
}
