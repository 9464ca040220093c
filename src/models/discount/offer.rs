//! `DiscountOffer`: a discount offered by a seller to a buyer in a chat room.

use core::fmt;

use chrono::{DateTime, TimeDelta, Utc};

use super::code::Discount;
use crate::models::{RoomId, UserId};
use crate::{Error, ErrorKind, IntoTimeDelta, MaybeAware, TimezoneAware};

/// The state of a [`DiscountOffer`] at some instant.
///
/// `Scheduled`, `Pending` and `Expired` are derived from the time: an offer is
/// `Scheduled` before the instant it is made (`created_at`, which may be
/// later than the clock's now, or a clock may lag the one that made it);
/// from then on, an offer nobody answered is `Pending` before its expiry and
/// `Expired` from then on. `Accepted`, `Declined` and `Withdrawn` are recorded
/// by the transition that made them.
///
/// # Example
///
/// ```
/// use tzsafe::models::discount::OfferState;
///
/// assert_eq!(OfferState::Withdrawn.to_string(), "withdrawn");
/// assert_eq!(format!("{:>9}", OfferState::Pending), "  pending");
/// assert!(!OfferState::Pending.is_final());
/// assert!(!OfferState::Scheduled.is_final());
/// assert!(OfferState::Expired.is_final());
/// ```
///
/// # JSON
///
/// With the `serde` feature, a string: `"scheduled"`, `"pending"`,
/// `"accepted"`, `"declined"`, `"withdrawn"` or `"expired"`. (A serialized
/// [`DiscountOffer`] does not contain its state, which depends on the time of
/// reading.)
///
/// ```
/// # #[cfg(feature = "serde")] {
/// use tzsafe::models::discount::OfferState;
///
/// assert_eq!(serde_json::to_string(&OfferState::Pending).unwrap(), r#""pending""#);
/// assert_eq!(serde_json::from_str::<OfferState>(r#""withdrawn""#).unwrap(), OfferState::Withdrawn);
/// # }
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(
    feature = "serde",
    derive(::serde::Serialize, ::serde::Deserialize),
    serde(rename_all = "lowercase")
)]
pub enum OfferState {
    /// Not made yet: the instant asked about is before its `created_at`. It
    /// cannot be answered yet ([`OfferError::NotYetMade`]).
    Scheduled,
    /// Waiting for the buyer's answer.
    Pending,
    /// The buyer accepted it.
    Accepted,
    /// The buyer declined it.
    Declined,
    /// The seller withdrew it.
    Withdrawn,
    /// Nobody resolved it before it expired.
    Expired,
}

impl OfferState {
    /// `"scheduled"`, `"pending"`, `"accepted"`, `"declined"`, `"withdrawn"`
    /// or `"expired"`.
    ///
    /// # Example
    ///
    /// ```
    /// use tzsafe::models::discount::OfferState;
    ///
    /// assert_eq!(OfferState::Accepted.as_str(), "accepted");
    /// ```
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            OfferState::Scheduled => "scheduled",
            OfferState::Pending => "pending",
            OfferState::Accepted => "accepted",
            OfferState::Declined => "declined",
            OfferState::Withdrawn => "withdrawn",
            OfferState::Expired => "expired",
        }
    }

    /// Whether no transition or passing time can leave this state: every
    /// state but `Scheduled` and `Pending`.
    ///
    /// # Example
    ///
    /// ```
    /// use tzsafe::models::discount::OfferState;
    ///
    /// assert!(OfferState::Declined.is_final());
    /// assert!(!OfferState::Pending.is_final()); // time can still make it expired
    /// ```
    #[must_use]
    pub const fn is_final(self) -> bool {
        !matches!(self, OfferState::Scheduled | OfferState::Pending)
    }
}

impl fmt::Display for OfferState {
    /// [`as_str`](Self::as_str); width and alignment flags apply (`{:>9}`).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(self.as_str())
    }
}

/// A transition of a [`DiscountOffer`].
///
/// # Example
///
/// ```
/// use tzsafe::models::discount::{OfferAction, Party};
///
/// assert_eq!(OfferAction::Decline.party(), Party::Buyer);
/// assert_eq!(OfferAction::Withdraw.to_string(), "withdraw");
/// ```
///
/// # JSON
///
/// With the `serde` feature, a string: `"accept"`, `"decline"` or `"withdraw"`.
///
/// ```
/// # #[cfg(feature = "serde")] {
/// use tzsafe::models::discount::OfferAction;
///
/// assert_eq!(serde_json::to_string(&OfferAction::Accept).unwrap(), r#""accept""#);
/// assert_eq!(serde_json::from_str::<OfferAction>(r#""decline""#).unwrap(), OfferAction::Decline);
/// # }
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(
    feature = "serde",
    derive(::serde::Serialize, ::serde::Deserialize),
    serde(rename_all = "lowercase")
)]
pub enum OfferAction {
    /// The buyer accepts.
    Accept,
    /// The buyer declines.
    Decline,
    /// The seller withdraws.
    Withdraw,
}

impl OfferAction {
    /// `"accept"`, `"decline"` or `"withdraw"`.
    ///
    /// # Example
    ///
    /// ```
    /// use tzsafe::models::discount::OfferAction;
    ///
    /// assert_eq!(OfferAction::Withdraw.as_str(), "withdraw");
    /// ```
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            OfferAction::Accept => "accept",
            OfferAction::Decline => "decline",
            OfferAction::Withdraw => "withdraw",
        }
    }

    /// Who may take this action: the buyer accepts and declines, the seller
    /// withdraws.
    ///
    /// # Example
    ///
    /// ```
    /// use tzsafe::models::discount::{OfferAction, Party};
    ///
    /// assert_eq!(OfferAction::Accept.party(), Party::Buyer);
    /// assert_eq!(OfferAction::Withdraw.party(), Party::Seller);
    /// ```
    #[must_use]
    pub const fn party(self) -> Party {
        match self {
            OfferAction::Accept | OfferAction::Decline => Party::Buyer,
            OfferAction::Withdraw => Party::Seller,
        }
    }
}

impl fmt::Display for OfferAction {
    /// [`as_str`](Self::as_str); width and alignment flags apply (`{:>9}`).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(self.as_str())
    }
}

/// A participant's role in a [`DiscountOffer`].
///
/// # Example
///
/// ```
/// use tzsafe::models::discount::{OfferAction, Party};
///
/// assert_eq!(OfferAction::Accept.party(), Party::Buyer);
/// assert_eq!(Party::Seller.as_str(), "seller");
/// ```
///
/// # JSON
///
/// With the `serde` feature, a string: `"seller"` or `"buyer"`.
///
/// ```
/// # #[cfg(feature = "serde")] {
/// use tzsafe::models::discount::Party;
///
/// assert_eq!(serde_json::to_string(&Party::Seller).unwrap(), r#""seller""#);
/// # }
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(
    feature = "serde",
    derive(::serde::Serialize, ::serde::Deserialize),
    serde(rename_all = "lowercase")
)]
pub enum Party {
    /// The user who made the offer.
    Seller,
    /// The user the offer was made to.
    Buyer,
}

impl Party {
    /// `"seller"` or `"buyer"`.
    ///
    /// # Example
    ///
    /// ```
    /// use tzsafe::models::discount::Party;
    ///
    /// assert_eq!(Party::Buyer.as_str(), "buyer");
    /// ```
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            Party::Seller => "seller",
            Party::Buyer => "buyer",
        }
    }
}

impl fmt::Display for Party {
    /// [`as_str`](Self::as_str); width and alignment flags apply (`{:>9}`).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(self.as_str())
    }
}

/// Why a transition of a [`DiscountOffer`] was refused. Nothing changes when
/// one is returned.
///
/// The checks run in this order, and the first that fails is reported:
/// [`NotParticipant`](Self::NotParticipant), [`NotAllowed`](Self::NotAllowed)
/// (who may act comes before what the offer's state is),
/// [`NotYetMade`](Self::NotYetMade) (an answer dated before the offer was made:
/// at that instant there was nothing to answer, and a resolution recorded
/// later did not "already" exist), [`AlreadyResolved`](Self::AlreadyResolved)
/// (an offer accepted before it expired stays accepted, and says so), then
/// [`Expired`](Self::Expired).
///
/// It converts into [`tzsafe::Error`](crate::Error) with kind
/// [`ErrorKind::InvalidValue`] and the same message.
///
/// # Example
///
/// ```
/// use chrono::{TimeZone, Utc};
/// use tzsafe::models::discount::{OfferError, OfferState};
///
/// let at = Utc.with_ymd_and_hms(2026, 11, 26, 9, 15, 0).unwrap();
/// let err = OfferError::AlreadyResolved { state: OfferState::Declined, at };
/// assert_eq!(err.to_string(), "offer was already declined at 2026-11-26T09:15:00Z");
/// assert_eq!(OfferError::Expired { expired_at: at }.to_string(), "offer expired at 2026-11-26T09:15:00Z");
/// assert_eq!(
///     OfferError::NotYetMade { created_at: at }.to_string(),
///     "offer has not been made yet: it is made at 2026-11-26T09:15:00Z",
/// );
/// assert_eq!(tzsafe::Error::from(err).kind(), tzsafe::ErrorKind::InvalidValue);
/// ```
#[non_exhaustive]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum OfferError {
    /// The user is neither the offer's seller nor its buyer.
    NotParticipant,
    /// The user is a participant, but not the one who may take this action
    /// (the seller cannot accept; the buyer cannot withdraw).
    NotAllowed {
        /// The refused action.
        action: OfferAction,
        /// The role of the user who tried it.
        party: Party,
    },
    /// The answer is dated before the offer was made (its `created_at`).
    NotYetMade {
        /// When the offer is made.
        created_at: DateTime<Utc>,
    },
    /// The offer was already accepted, declined or withdrawn.
    AlreadyResolved {
        /// The state it was resolved to.
        state: OfferState,
        /// When.
        at: DateTime<Utc>,
    },
    /// The offer expired before anyone resolved it.
    Expired {
        /// When it expired.
        expired_at: DateTime<Utc>,
    },
}

impl fmt::Display for OfferError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            OfferError::NotParticipant => {
                f.write_str("user is neither the seller nor the buyer of this offer")
            }
            OfferError::NotAllowed { action, party } => write!(
                f,
                "the {party} cannot {action} this offer: only the {} can",
                action.party()
            ),
            OfferError::NotYetMade { created_at } => write!(
                f,
                "offer has not been made yet: it is made at {}",
                MaybeAware::from(*created_at)
            ),
            OfferError::AlreadyResolved { state, at } => {
                write!(f, "offer was already {state} at {}", MaybeAware::from(*at))
            }
            OfferError::Expired { expired_at } => {
                write!(f, "offer expired at {}", MaybeAware::from(*expired_at))
            }
        }
    }
}

impl std::error::Error for OfferError {}

impl From<OfferError> for Error {
    #[cold]
    fn from(refusal: OfferError) -> Error {
        Error::new(ErrorKind::InvalidValue, refusal)
    }
}

/// How an offer was resolved: a state that a transition records. A separate
/// type from [`OfferState`] so that `Pending` and `Expired` cannot be recorded.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(
    feature = "serde",
    derive(::serde::Serialize, ::serde::Deserialize),
    serde(rename_all = "lowercase")
)]
pub(super) enum Outcome {
    Accepted,
    Declined,
    Withdrawn,
}

impl Outcome {
    pub(super) fn state(self) -> OfferState {
        match self {
            Outcome::Accepted => OfferState::Accepted,
            Outcome::Declined => OfferState::Declined,
            Outcome::Withdrawn => OfferState::Withdrawn,
        }
    }

    fn of(action: OfferAction) -> Outcome {
        match action {
            OfferAction::Accept => Outcome::Accepted,
            OfferAction::Decline => Outcome::Declined,
            OfferAction::Withdraw => Outcome::Withdrawn,
        }
    }
}

/// A discount that a seller offers to a buyer in a chat room, valid for a
/// time-to-live from when it is made.
///
/// It is built from a time-to-live ([`new`](Self::new) now according to a
/// context's clock, [`new_at`](Self::new_at) at a given instant) or, for a
/// stored row, from its `created_at` and `expires_at`
/// ([`new_until`](Self::new_until)).
/// The buyer may [`accept`](Self::accept) or [`decline`](Self::decline) it and
/// the seller may [`withdraw`](Self::withdraw) it, once, from when it is made
/// (`created_at`, inclusive) until it expires (`expires_at`, exclusive).
/// Each method that depends on the time reads "now" from the clock of the
/// context it is given ([`TimezoneAware::now`]) or takes it explicitly (the
/// `_at` variants); none reads the ambient clock. The state is never stored as
/// `Scheduled`, `Pending` or `Expired`: [`state_at`](Self::state_at) derives it
/// from the recorded outcome, if any, and the time, so an offer cannot claim
/// to be pending before it was made or after it expired.
///
/// Accepting an offer does not redeem its [`Discount`]; redeem it with
/// [`Discount::redeem_at`] when it is used, which checks the discount's own
/// window.
///
/// # Example
///
/// ```
/// use chrono::{TimeDelta, TimeZone, Utc};
/// use tzsafe::models::discount::{
///     Discount, DiscountOffer, DiscountValue, DiscountWindow, OfferError, OfferState, UserId,
/// };
/// use tzsafe::TimezoneAware;
///
/// let start = Utc.with_ymd_and_hms(2026, 11, 26, 9, 0, 0).unwrap();
/// let ctx = TimezoneAware::new().frozen_at(start);
/// let discount = Discount::new(
///     "CHAT-10",
///     DiscountValue::percentage_bp(1_000)?,
///     DiscountWindow::open_ended(&ctx, start)?,
/// )?;
/// let (seller, buyer) = (UserId::from("alice"), UserId::from("bob"));
/// let mut offer = DiscountOffer::new(&ctx, "room-1", seller.clone(), buyer.clone(), discount, TimeDelta::minutes(30))?;
/// assert_eq!(offer.state(&ctx), OfferState::Pending);
/// assert_eq!(offer.remaining_at(start), Some(TimeDelta::minutes(30)));
///
/// // The seller cannot accept on the buyer's behalf.
/// assert!(matches!(offer.accept(&ctx, &seller), Err(OfferError::NotAllowed { .. })));
///
/// // Thirty minutes later, the offer has expired: the buyer's answer is refused.
/// ctx.advance(TimeDelta::minutes(30))?;
/// assert_eq!(offer.state(&ctx), OfferState::Expired);
/// assert_eq!(
///     offer.accept(&ctx, &buyer),
///     Err(OfferError::Expired { expired_at: start + TimeDelta::minutes(30) }),
/// );
/// # Ok::<(), tzsafe::Error>(())
/// ```
///
/// # JSON
///
/// With the `serde` feature, an object:
/// `{"room":...,"seller":...,"buyer":...,"discount":{discount},"created_at":"...Z","expires_at":"...Z","resolution":null or {"state":"accepted" | "declined" | "withdrawn","at":"...Z"}}`,
/// with a [`Discount`](Discount#json) as its page shows. The state is not
/// written: `scheduled`, `pending` and `expired` depend on the time of reading.
/// Every field is required (`resolution` is `null` while unresolved). Reading
/// goes through [`new_until`](Self::new_until), so a row that expires before it
/// was made is refused with a message naming `expires_at`, and checks that a
/// resolution happened neither before the offer was made nor from its expiry on.
///
/// ```
/// # #[cfg(feature = "serde")] {
/// use chrono::{TimeDelta, TimeZone, Utc};
/// use tzsafe::models::discount::{Discount, DiscountOffer, DiscountValue, DiscountWindow, UserId};
///
/// let made = Utc.with_ymd_and_hms(2026, 11, 26, 9, 0, 0).unwrap();
/// let window = DiscountWindow::open_ended(&tzsafe::TimezoneAware::new(), made)?;
/// let discount = Discount::new("CHAT-10", DiscountValue::percentage_bp(1_000)?, window)?;
/// let mut offer = DiscountOffer::new_at(made, "room-1", "alice", "bob", discount, TimeDelta::minutes(30))?;
/// offer.accept_at(made + TimeDelta::minutes(5), &UserId::from("bob"))?;
/// let json = serde_json::to_string(&offer).unwrap();
/// assert_eq!(
///     json,
///     concat!(
///         r#"{"room":"room-1","seller":"alice","buyer":"bob","#,
///         r#""discount":{"code":"CHAT-10","value":{"type":"percentage","basis_points":1000},"#,
///         r#""window":{"starts_at":"2026-11-26T09:00:00Z","ends_at":null},"#,
///         r#""max_redemptions":null,"redemptions":0,"revoked":false},"#,
///         r#""created_at":"2026-11-26T09:00:00Z","expires_at":"2026-11-26T09:30:00Z","#,
///         r#""resolution":{"state":"accepted","at":"2026-11-26T09:05:00Z"}}"#,
///     ),
/// );
/// assert_eq!(serde_json::from_str::<DiscountOffer>(&json).unwrap(), offer);
///
/// // A row that expires an hour before it was made names the field.
/// let backwards = json.replace("09:30:00Z", "08:00:00Z");
/// let err = serde_json::from_str::<DiscountOffer>(&backwards).unwrap_err();
/// assert!(
///     err.to_string().starts_with(
///         "invalid offer expires_at 2026-11-26T08:00:00Z: expected an instant after its created_at 2026-11-26T09:00:00Z"
///     ),
///     "{err}",
/// );
/// # }
/// # Ok::<(), tzsafe::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct DiscountOffer {
    room: RoomId,
    seller: UserId,
    buyer: UserId,
    discount: Discount,
    created_at: DateTime<Utc>,
    expires_at: DateTime<Utc>,
    outcome: Option<(Outcome, DateTime<Utc>)>,
}

impl DiscountOffer {
    /// An offer made now according to `ctx`'s clock, expiring after `ttl`.
    ///
    /// # Errors
    ///
    /// As [`new_at`](Self::new_at).
    ///
    /// # Example
    ///
    /// ```
    /// use chrono::{TimeDelta, TimeZone, Utc};
    /// use tzsafe::models::discount::{Discount, DiscountOffer, DiscountValue, DiscountWindow};
    /// use tzsafe::TimezoneAware;
    ///
    /// let now = Utc.with_ymd_and_hms(2026, 11, 26, 9, 0, 0).unwrap();
    /// let ctx = TimezoneAware::new().frozen_at(now);
    /// let discount = Discount::new("X", DiscountValue::percentage_bp(500)?, DiscountWindow::open_ended(&ctx, now)?)?;
    /// let offer = DiscountOffer::new(&ctx, "room-1", "alice", "bob", discount, TimeDelta::minutes(15))?;
    /// assert_eq!(offer.created_at(), now); // read from ctx's clock
    /// assert_eq!(offer.expires_at(), now + TimeDelta::minutes(15));
    /// # Ok::<(), tzsafe::Error>(())
    /// ```
    pub fn new(
        ctx: &TimezoneAware,
        room: impl Into<RoomId>,
        seller: impl Into<UserId>,
        buyer: impl Into<UserId>,
        discount: Discount,
        ttl: impl IntoTimeDelta,
    ) -> Result<DiscountOffer, Error> {
        DiscountOffer::new_at(ctx.now(), room, seller, buyer, discount, ttl)
    }

    /// An offer made at `created_at`, expiring at `created_at + ttl`.
    /// `created_at` may be later than the clock's now: the offer is
    /// [`Scheduled`](OfferState::Scheduled) until then.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::InvalidValue`] when `ttl` is not positive, when an id is
    /// empty, or when the seller and the buyer are the same user;
    /// [`ErrorKind::OutOfRange`] when `created_at + ttl` is outside chrono's range.
    ///
    /// # Example
    ///
    /// ```
    /// use chrono::{TimeDelta, TimeZone, Utc};
    /// use tzsafe::models::discount::{Discount, DiscountOffer, DiscountValue, DiscountWindow};
    ///
    /// let now = Utc.with_ymd_and_hms(2026, 11, 26, 9, 0, 0).unwrap();
    /// let window = DiscountWindow::open_ended(&tzsafe::TimezoneAware::new(), now)?;
    /// let discount = Discount::new("X", DiscountValue::amount(100, "USD")?, window)?;
    /// let err = DiscountOffer::new_at(now, "room", "alice", "bob", discount, TimeDelta::zero()).unwrap_err();
    /// assert_eq!(err.to_string(), "invalid offer time-to-live P0D: expected a positive duration");
    /// # Ok::<(), tzsafe::Error>(())
    /// ```
    pub fn new_at(
        created_at: DateTime<Utc>,
        room: impl Into<RoomId>,
        seller: impl Into<UserId>,
        buyer: impl Into<UserId>,
        discount: Discount,
        ttl: impl IntoTimeDelta,
    ) -> Result<DiscountOffer, Error> {
        let ttl = ttl.into_time_delta();
        if ttl <= TimeDelta::zero() {
            return Err(Error::new(
                ErrorKind::InvalidValue,
                format!("invalid offer time-to-live {ttl}: expected a positive duration"),
            ));
        }
        let expires_at = created_at.checked_add_signed(ttl).ok_or_else(|| {
            Error::new(
                ErrorKind::OutOfRange,
                format!(
                    "offer made at {} with time-to-live {ttl} expires outside the range of representable instants",
                    MaybeAware::from(created_at)
                ),
            )
        })?;
        DiscountOffer::new_until(created_at, room, seller, buyer, discount, expires_at)
    }

    /// An offer made at `created_at` that expires at `expires_at`: the form
    /// for stored rows that carry both instants. The arguments are those of
    /// [`new_at`](Self::new_at) with the time-to-live replaced by the
    /// instant it ends, and `new_until(c, .., c + ttl)` equals
    /// `new_at(c, .., ttl)` for every positive `ttl`.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::InvalidValue`] when `expires_at` is not after
    /// `created_at` (the message names `expires_at` and quotes both
    /// instants), when an id is empty, or when the seller and the buyer are
    /// the same user.
    ///
    /// # Example
    ///
    /// ```
    /// use chrono::{TimeDelta, TimeZone, Utc};
    /// use tzsafe::models::discount::{Discount, DiscountOffer, DiscountValue, DiscountWindow};
    /// use tzsafe::ErrorKind;
    ///
    /// let made = Utc.with_ymd_and_hms(2026, 11, 26, 9, 0, 0).unwrap();
    /// let until = Utc.with_ymd_and_hms(2026, 11, 26, 21, 0, 0).unwrap();
    /// let discount = Discount::new("FALL10", DiscountValue::percentage_bp(1_000)?, DiscountWindow::open_ended(&tzsafe::TimezoneAware::new(), made)?)?;
    /// let offer = DiscountOffer::new_until(made, "room-1", "carol", "bob", discount.clone(), until)?;
    /// assert_eq!(offer.expires_at(), until);
    /// assert_eq!(offer, DiscountOffer::new_at(made, "room-1", "carol", "bob", discount.clone(), TimeDelta::hours(12))?);
    ///
    /// // A row whose expiry is before its creation: the error names the field.
    /// let err = DiscountOffer::new_until(made, "room-1", "carol", "bob", discount, made - TimeDelta::hours(1)).unwrap_err();
    /// assert_eq!(err.kind(), ErrorKind::InvalidValue);
    /// assert_eq!(
    ///     err.to_string(),
    ///     "invalid offer expires_at 2026-11-26T08:00:00Z: expected an instant after its created_at 2026-11-26T09:00:00Z",
    /// );
    /// # Ok::<(), tzsafe::Error>(())
    /// ```
    pub fn new_until(
        created_at: DateTime<Utc>,
        room: impl Into<RoomId>,
        seller: impl Into<UserId>,
        buyer: impl Into<UserId>,
        discount: Discount,
        expires_at: DateTime<Utc>,
    ) -> Result<DiscountOffer, Error> {
        if expires_at <= created_at {
            return Err(Error::new(
                ErrorKind::InvalidValue,
                format!(
                    "invalid offer expires_at {}: expected an instant after its created_at {}",
                    MaybeAware::from(expires_at),
                    MaybeAware::from(created_at)
                ),
            ));
        }
        let offer = DiscountOffer {
            room: room.into(),
            seller: seller.into(),
            buyer: buyer.into(),
            discount,
            created_at,
            expires_at,
            outcome: None,
        };
        offer.check_parties()?;
        Ok(offer)
    }

    /// Checks the ids: none empty, seller and buyer distinct.
    pub(super) fn check_parties(&self) -> Result<(), Error> {
        for (what, id) in [
            ("room", self.room.as_str()),
            ("seller", self.seller.as_str()),
            ("buyer", self.buyer.as_str()),
        ] {
            if id.is_empty() {
                return Err(Error::new(
                    ErrorKind::InvalidValue,
                    format!(
                        "invalid discount offer: the {what} id is empty, expected a non-empty id"
                    ),
                ));
            }
        }
        if self.seller == self.buyer {
            return Err(Error::new(
                ErrorKind::InvalidValue,
                format!(
                    "invalid discount offer: seller and buyer are the same user {}, expected two different users",
                    Error::quote(self.seller.as_str())
                ),
            ));
        }
        Ok(())
    }

    /// Rebuilds an offer from its stored parts (used by deserialization):
    /// [`new_until`](Self::new_until)'s checks, then the resolution's.
    #[cfg(feature = "serde")]
    pub(super) fn from_parts(
        room: RoomId,
        seller: UserId,
        buyer: UserId,
        discount: Discount,
        created_at: DateTime<Utc>,
        expires_at: DateTime<Utc>,
        outcome: Option<(Outcome, DateTime<Utc>)>,
    ) -> Result<DiscountOffer, Error> {
        let mut offer =
            DiscountOffer::new_until(created_at, room, seller, buyer, discount, expires_at)?;
        if let Some((outcome, at)) = outcome {
            if at < created_at {
                return Err(Error::new(
                    ErrorKind::InvalidValue,
                    format!(
                        "invalid discount offer: {} at {}, before it was made at {}",
                        outcome.state(),
                        MaybeAware::from(at),
                        MaybeAware::from(created_at)
                    ),
                ));
            }
            if at >= expires_at {
                return Err(Error::new(
                    ErrorKind::InvalidValue,
                    format!(
                        "invalid discount offer: {} at {}, not before it expired at {}",
                        outcome.state(),
                        MaybeAware::from(at),
                        MaybeAware::from(expires_at)
                    ),
                ));
            }
        }
        offer.outcome = outcome;
        Ok(offer)
    }

    /// The chat room.
    #[must_use]
    pub fn room(&self) -> &RoomId {
        &self.room
    }

    /// The user who made the offer.
    #[must_use]
    pub fn seller(&self) -> &UserId {
        &self.seller
    }

    /// The user the offer was made to.
    #[must_use]
    pub fn buyer(&self) -> &UserId {
        &self.buyer
    }

    /// The discount on offer.
    #[must_use]
    pub fn discount(&self) -> &Discount {
        &self.discount
    }

    /// When the offer was made.
    #[must_use]
    pub fn created_at(&self) -> DateTime<Utc> {
        self.created_at
    }

    /// When the offer expires: the first instant at which an unresolved offer
    /// is [`Expired`](OfferState::Expired).
    #[must_use]
    pub fn expires_at(&self) -> DateTime<Utc> {
        self.expires_at
    }

    /// The recorded resolution: accepted, declined or withdrawn, and when.
    ///
    /// # Example
    ///
    /// ```
    /// use chrono::{TimeDelta, TimeZone, Utc};
    /// use tzsafe::models::discount::{Discount, DiscountOffer, DiscountValue, DiscountWindow, OfferState, UserId};
    ///
    /// let made = Utc.with_ymd_and_hms(2026, 11, 26, 9, 0, 0).unwrap();
    /// let discount = Discount::new("X", DiscountValue::percentage_bp(500)?, DiscountWindow::open_ended(&tzsafe::TimezoneAware::new(), made)?)?;
    /// let mut offer = DiscountOffer::new_at(made, "room-1", "alice", "bob", discount, TimeDelta::minutes(15))?;
    /// assert_eq!(offer.resolution(), None); // pending or expired: not recorded
    /// offer.decline_at(made + TimeDelta::minutes(1), &UserId::from("bob"))?;
    /// assert_eq!(offer.resolution(), Some((OfferState::Declined, made + TimeDelta::minutes(1))));
    /// # Ok::<(), tzsafe::Error>(())
    /// ```
    #[must_use]
    pub fn resolution(&self) -> Option<(OfferState, DateTime<Utc>)> {
        self.outcome.map(|(outcome, at)| (outcome.state(), at))
    }

    #[cfg(feature = "serde")]
    pub(super) fn outcome(&self) -> Option<(Outcome, DateTime<Utc>)> {
        self.outcome
    }

    /// The state at `now`: [`Scheduled`](OfferState::Scheduled) before
    /// [`created_at`](Self::created_at) (whatever was recorded later: the
    /// offer did not exist yet); from then on the recorded resolution if
    /// there is one, otherwise `Pending` before [`expires_at`](Self::expires_at)
    /// and `Expired` from then on.
    ///
    /// # Example
    ///
    /// ```
    /// use chrono::{TimeDelta, TimeZone, Utc};
    /// use tzsafe::models::discount::{Discount, DiscountOffer, DiscountValue, DiscountWindow, OfferState};
    ///
    /// let made = Utc.with_ymd_and_hms(2026, 11, 26, 9, 0, 0).unwrap();
    /// let window = DiscountWindow::open_ended(&tzsafe::TimezoneAware::new(), made)?;
    /// let discount = Discount::new("X", DiscountValue::percentage_bp(500)?, window)?;
    /// let offer = DiscountOffer::new_at(made, "room", "alice", "bob", discount, TimeDelta::minutes(15))?;
    /// let second = TimeDelta::seconds(1);
    /// assert_eq!(offer.state_at(made - second), OfferState::Scheduled);
    /// assert_eq!(offer.remaining_at(made - second), None);
    /// assert_eq!(offer.state_at(made), OfferState::Pending);
    /// assert_eq!(offer.state_at(made + TimeDelta::minutes(15)), OfferState::Expired);
    /// # Ok::<(), tzsafe::Error>(())
    /// ```
    #[must_use]
    #[inline]
    pub fn state_at(&self, now: DateTime<Utc>) -> OfferState {
        if now < self.created_at {
            return OfferState::Scheduled;
        }
        match self.outcome {
            Some((outcome, _)) => outcome.state(),
            None if now >= self.expires_at => OfferState::Expired,
            None => OfferState::Pending,
        }
    }

    /// The state now according to `ctx`'s clock ([`TimezoneAware::now`]).
    ///
    /// # Example
    ///
    /// ```
    /// use chrono::{TimeDelta, TimeZone, Utc};
    /// use tzsafe::models::discount::{Discount, DiscountOffer, DiscountValue, DiscountWindow, OfferState, UserId};
    /// use tzsafe::TimezoneAware;
    ///
    /// let made = Utc.with_ymd_and_hms(2026, 11, 26, 9, 0, 0).unwrap();
    /// let ctx = TimezoneAware::new().frozen_at(made);
    /// let discount = Discount::new("X", DiscountValue::percentage_bp(500)?, DiscountWindow::open_ended(&ctx, made)?)?;
    /// let (seller, buyer) = (UserId::from("alice"), UserId::from("bob"));
    /// let offer = DiscountOffer::new(&ctx, "room", seller.clone(), buyer.clone(), discount, TimeDelta::minutes(15))?;
    /// assert_eq!(offer.state(&ctx), OfferState::Pending);
    /// ctx.advance(TimeDelta::minutes(15))?;
    /// assert_eq!(offer.state(&ctx), OfferState::Expired);
    /// # Ok::<(), tzsafe::Error>(())
    /// ```
    #[must_use]
    pub fn state(&self, ctx: &TimezoneAware) -> OfferState {
        self.state_at(ctx.now())
    }

    /// How long the buyer has left to answer: `Some(expires_at - now)` while
    /// the offer is [`Pending`](OfferState::Pending) (so never more than its
    /// time-to-live), `None` otherwise.
    ///
    /// # Example
    ///
    /// ```
    /// use chrono::{TimeDelta, TimeZone, Utc};
    /// use tzsafe::models::discount::{Discount, DiscountOffer, DiscountValue, DiscountWindow, UserId};
    /// use tzsafe::TimezoneAware;
    ///
    /// let made = Utc.with_ymd_and_hms(2026, 11, 26, 9, 0, 0).unwrap();
    /// let ctx = TimezoneAware::new().frozen_at(made);
    /// let discount = Discount::new("X", DiscountValue::percentage_bp(500)?, DiscountWindow::open_ended(&ctx, made)?)?;
    /// let (seller, buyer) = (UserId::from("alice"), UserId::from("bob"));
    /// let mut offer = DiscountOffer::new(&ctx, "room", seller.clone(), buyer.clone(), discount, TimeDelta::minutes(15))?;
    /// assert_eq!(offer.remaining_at(made + TimeDelta::minutes(10)), Some(TimeDelta::minutes(5)));
    /// offer.accept_at(made + TimeDelta::minutes(10), &buyer)?;
    /// assert_eq!(offer.remaining_at(made + TimeDelta::minutes(11)), None); // answered
    /// # Ok::<(), tzsafe::Error>(())
    /// ```
    #[must_use]
    pub fn remaining_at(&self, now: DateTime<Utc>) -> Option<TimeDelta> {
        (self.state_at(now) == OfferState::Pending)
            .then(|| self.expires_at.signed_duration_since(now))
    }

    /// [`remaining_at`](Self::remaining_at) now according to `ctx`'s clock
    /// ([`TimezoneAware::now`]).
    ///
    /// # Example
    ///
    /// ```
    /// use chrono::{TimeDelta, TimeZone, Utc};
    /// use tzsafe::models::discount::{Discount, DiscountOffer, DiscountValue, DiscountWindow, UserId};
    /// use tzsafe::TimezoneAware;
    ///
    /// let made = Utc.with_ymd_and_hms(2026, 11, 26, 9, 0, 0).unwrap();
    /// let ctx = TimezoneAware::new().frozen_at(made);
    /// let discount = Discount::new("X", DiscountValue::percentage_bp(500)?, DiscountWindow::open_ended(&ctx, made)?)?;
    /// let (seller, buyer) = (UserId::from("alice"), UserId::from("bob"));
    /// let offer = DiscountOffer::new(&ctx, "room", seller.clone(), buyer.clone(), discount, TimeDelta::minutes(15))?;
    /// ctx.advance(TimeDelta::minutes(12))?;
    /// assert_eq!(offer.remaining(&ctx), Some(TimeDelta::minutes(3)));
    /// # Ok::<(), tzsafe::Error>(())
    /// ```
    #[must_use]
    pub fn remaining(&self, ctx: &TimezoneAware) -> Option<TimeDelta> {
        self.remaining_at(ctx.now())
    }

    /// The buyer accepts, now according to `ctx`'s clock.
    ///
    /// # Errors
    ///
    /// As [`respond_at`](Self::respond_at).
    ///
    /// # Example
    ///
    /// ```
    /// use chrono::{TimeDelta, TimeZone, Utc};
    /// use tzsafe::models::discount::{Discount, DiscountOffer, DiscountValue, DiscountWindow, OfferError, OfferState, UserId};
    /// use tzsafe::TimezoneAware;
    ///
    /// let made = Utc.with_ymd_and_hms(2026, 11, 26, 9, 0, 0).unwrap();
    /// let ctx = TimezoneAware::new().frozen_at(made);
    /// let discount = Discount::new("X", DiscountValue::percentage_bp(500)?, DiscountWindow::open_ended(&ctx, made)?)?;
    /// let (seller, buyer) = (UserId::from("alice"), UserId::from("bob"));
    /// let mut offer = DiscountOffer::new(&ctx, "room", seller.clone(), buyer.clone(), discount, TimeDelta::minutes(15))?;
    /// ctx.advance(TimeDelta::minutes(5))?;
    /// offer.accept(&ctx, &buyer)?;
    /// assert_eq!(offer.resolution(), Some((OfferState::Accepted, made + TimeDelta::minutes(5))));
    /// assert_eq!(offer.accept(&ctx, &buyer), Err(OfferError::AlreadyResolved { state: OfferState::Accepted, at: made + TimeDelta::minutes(5) }));
    /// # Ok::<(), tzsafe::Error>(())
    /// ```
    pub fn accept(&mut self, ctx: &TimezoneAware, by: &UserId) -> Result<(), OfferError> {
        self.respond_at(ctx.now(), by, OfferAction::Accept)
    }

    /// The buyer accepts at `now`.
    ///
    /// # Errors
    ///
    /// As [`respond_at`](Self::respond_at).
    ///
    /// # Example
    ///
    /// ```
    /// use chrono::{TimeDelta, TimeZone, Utc};
    /// use tzsafe::models::discount::{Discount, DiscountOffer, DiscountValue, DiscountWindow, OfferError, OfferState, UserId};
    /// use tzsafe::TimezoneAware;
    ///
    /// let made = Utc.with_ymd_and_hms(2026, 11, 26, 9, 0, 0).unwrap();
    /// let ctx = TimezoneAware::new().frozen_at(made);
    /// let discount = Discount::new("X", DiscountValue::percentage_bp(500)?, DiscountWindow::open_ended(&ctx, made)?)?;
    /// let (seller, buyer) = (UserId::from("alice"), UserId::from("bob"));
    /// let mut offer = DiscountOffer::new(&ctx, "room", seller.clone(), buyer.clone(), discount, TimeDelta::minutes(15))?;
    /// assert_eq!(offer.accept_at(made - TimeDelta::seconds(1), &buyer), Err(OfferError::NotYetMade { created_at: made }));
    /// offer.accept_at(made + TimeDelta::minutes(14), &buyer)?;
    /// assert_eq!(offer.state_at(made + TimeDelta::days(1)), OfferState::Accepted); // accepted in time stays accepted
    /// # Ok::<(), tzsafe::Error>(())
    /// ```
    pub fn accept_at(&mut self, now: DateTime<Utc>, by: &UserId) -> Result<(), OfferError> {
        self.respond_at(now, by, OfferAction::Accept)
    }

    /// The buyer declines, now according to `ctx`'s clock.
    ///
    /// # Errors
    ///
    /// As [`respond_at`](Self::respond_at).
    ///
    /// # Example
    ///
    /// ```
    /// use chrono::{TimeDelta, TimeZone, Utc};
    /// use tzsafe::models::discount::{Discount, DiscountOffer, DiscountValue, DiscountWindow, OfferState, UserId};
    /// use tzsafe::TimezoneAware;
    ///
    /// let made = Utc.with_ymd_and_hms(2026, 11, 26, 9, 0, 0).unwrap();
    /// let ctx = TimezoneAware::new().frozen_at(made);
    /// let discount = Discount::new("X", DiscountValue::percentage_bp(500)?, DiscountWindow::open_ended(&ctx, made)?)?;
    /// let (seller, buyer) = (UserId::from("alice"), UserId::from("bob"));
    /// let mut offer = DiscountOffer::new(&ctx, "room", seller.clone(), buyer.clone(), discount, TimeDelta::minutes(15))?;
    /// offer.decline(&ctx, &buyer)?;
    /// assert_eq!(offer.state(&ctx), OfferState::Declined);
    /// # Ok::<(), tzsafe::Error>(())
    /// ```
    pub fn decline(&mut self, ctx: &TimezoneAware, by: &UserId) -> Result<(), OfferError> {
        self.respond_at(ctx.now(), by, OfferAction::Decline)
    }

    /// The buyer declines at `now`.
    ///
    /// # Errors
    ///
    /// As [`respond_at`](Self::respond_at).
    ///
    /// # Example
    ///
    /// ```
    /// use chrono::{TimeDelta, TimeZone, Utc};
    /// use tzsafe::models::discount::{Discount, DiscountOffer, DiscountValue, DiscountWindow, OfferError, OfferState, UserId};
    /// use tzsafe::TimezoneAware;
    ///
    /// let made = Utc.with_ymd_and_hms(2026, 11, 26, 9, 0, 0).unwrap();
    /// let ctx = TimezoneAware::new().frozen_at(made);
    /// let discount = Discount::new("X", DiscountValue::percentage_bp(500)?, DiscountWindow::open_ended(&ctx, made)?)?;
    /// let (seller, buyer) = (UserId::from("alice"), UserId::from("bob"));
    /// let mut offer = DiscountOffer::new(&ctx, "room", seller.clone(), buyer.clone(), discount, TimeDelta::minutes(15))?;
    /// let late = made + TimeDelta::minutes(15);
    /// assert_eq!(offer.decline_at(late, &buyer), Err(OfferError::Expired { expired_at: late }));
    /// assert_eq!(offer.state_at(late), OfferState::Expired);
    /// # Ok::<(), tzsafe::Error>(())
    /// ```
    pub fn decline_at(&mut self, now: DateTime<Utc>, by: &UserId) -> Result<(), OfferError> {
        self.respond_at(now, by, OfferAction::Decline)
    }

    /// The seller withdraws the offer, now according to `ctx`'s clock.
    ///
    /// # Errors
    ///
    /// As [`respond_at`](Self::respond_at).
    ///
    /// # Example
    ///
    /// ```
    /// use chrono::{TimeDelta, TimeZone, Utc};
    /// use tzsafe::models::discount::{Discount, DiscountOffer, DiscountValue, DiscountWindow, OfferState, UserId};
    /// use tzsafe::TimezoneAware;
    ///
    /// let made = Utc.with_ymd_and_hms(2026, 11, 26, 9, 0, 0).unwrap();
    /// let ctx = TimezoneAware::new().frozen_at(made);
    /// let discount = Discount::new("X", DiscountValue::percentage_bp(500)?, DiscountWindow::open_ended(&ctx, made)?)?;
    /// let (seller, buyer) = (UserId::from("alice"), UserId::from("bob"));
    /// let mut offer = DiscountOffer::new(&ctx, "room", seller.clone(), buyer.clone(), discount, TimeDelta::minutes(15))?;
    /// offer.withdraw(&ctx, &seller)?;
    /// assert_eq!(offer.state(&ctx), OfferState::Withdrawn);
    /// # Ok::<(), tzsafe::Error>(())
    /// ```
    pub fn withdraw(&mut self, ctx: &TimezoneAware, by: &UserId) -> Result<(), OfferError> {
        self.respond_at(ctx.now(), by, OfferAction::Withdraw)
    }

    /// The seller withdraws the offer at `now`.
    ///
    /// # Errors
    ///
    /// As [`respond_at`](Self::respond_at).
    ///
    /// # Example
    ///
    /// ```
    /// use chrono::{TimeDelta, TimeZone, Utc};
    /// use tzsafe::models::discount::{Discount, DiscountOffer, DiscountValue, DiscountWindow, OfferError, OfferState, UserId};
    /// use tzsafe::TimezoneAware;
    ///
    /// let made = Utc.with_ymd_and_hms(2026, 11, 26, 9, 0, 0).unwrap();
    /// let ctx = TimezoneAware::new().frozen_at(made);
    /// let discount = Discount::new("X", DiscountValue::percentage_bp(500)?, DiscountWindow::open_ended(&ctx, made)?)?;
    /// let (seller, buyer) = (UserId::from("alice"), UserId::from("bob"));
    /// let mut offer = DiscountOffer::new(&ctx, "room", seller.clone(), buyer.clone(), discount, TimeDelta::minutes(15))?;
    /// use tzsafe::models::discount::{OfferAction, Party};
    ///
    /// // The buyer cannot withdraw the seller's offer.
    /// assert_eq!(
    ///     offer.withdraw_at(made, &buyer),
    ///     Err(OfferError::NotAllowed { action: OfferAction::Withdraw, party: Party::Buyer }),
    /// );
    /// offer.withdraw_at(made, &seller)?;
    /// assert_eq!(offer.resolution(), Some((OfferState::Withdrawn, made)));
    /// # Ok::<(), tzsafe::Error>(())
    /// ```
    pub fn withdraw_at(&mut self, now: DateTime<Utc>, by: &UserId) -> Result<(), OfferError> {
        self.respond_at(now, by, OfferAction::Withdraw)
    }

    /// User `by` takes `action` at `now`; on success the outcome and `now` are
    /// recorded.
    ///
    /// # Errors
    ///
    /// The first refusal in the order given at [`OfferError`]; the offer is
    /// unchanged then.
    ///
    /// # Example
    ///
    /// ```
    /// use chrono::{TimeDelta, TimeZone, Utc};
    /// use tzsafe::models::discount::{Discount, DiscountOffer, DiscountValue, DiscountWindow, OfferError, OfferState, UserId};
    /// use tzsafe::TimezoneAware;
    ///
    /// let made = Utc.with_ymd_and_hms(2026, 11, 26, 9, 0, 0).unwrap();
    /// let ctx = TimezoneAware::new().frozen_at(made);
    /// let discount = Discount::new("X", DiscountValue::percentage_bp(500)?, DiscountWindow::open_ended(&ctx, made)?)?;
    /// let (seller, buyer) = (UserId::from("alice"), UserId::from("bob"));
    /// let mut offer = DiscountOffer::new(&ctx, "room", seller.clone(), buyer.clone(), discount, TimeDelta::minutes(15))?;
    /// use tzsafe::models::discount::OfferAction;
    ///
    /// // An answer replayed from a stored row: who, what and when.
    /// let answered = made + TimeDelta::minutes(3);
    /// assert_eq!(offer.respond_at(answered, &UserId::from("eve"), OfferAction::Accept), Err(OfferError::NotParticipant));
    /// offer.respond_at(answered, &buyer, OfferAction::Decline)?;
    /// assert_eq!(offer.resolution(), Some((OfferState::Declined, answered)));
    /// # Ok::<(), tzsafe::Error>(())
    /// ```
    pub fn respond_at(
        &mut self,
        now: DateTime<Utc>,
        by: &UserId,
        action: OfferAction,
    ) -> Result<(), OfferError> {
        let party = if *by == self.seller {
            Party::Seller
        } else if *by == self.buyer {
            Party::Buyer
        } else {
            return Err(OfferError::NotParticipant);
        };
        if party != action.party() {
            return Err(OfferError::NotAllowed { action, party });
        }
        if now < self.created_at {
            return Err(OfferError::NotYetMade {
                created_at: self.created_at,
            });
        }
        if let Some((outcome, at)) = self.outcome {
            return Err(OfferError::AlreadyResolved {
                state: outcome.state(),
                at,
            });
        }
        if now >= self.expires_at {
            return Err(OfferError::Expired {
                expired_at: self.expires_at,
            });
        }
        self.outcome = Some((Outcome::of(action), now));
        Ok(())
    }
}
