//! `Discount`: a discount code, with its value, its window, its redemption
//! count and limit, and its revocation.

use core::fmt;

use chrono::{DateTime, Utc};

use super::value::DiscountValue;
use super::window::{DiscountStatus, DiscountWindow};
use crate::{Error, ErrorKind, MaybeAware, TimezoneAware};

/// The longest discount code accepted, in bytes.
const MAX_CODE_LEN: usize = 64;

/// Why a discount cannot be redeemed now: a business refusal that callers
/// match on, not a failure of the library.
///
/// When several reasons hold, [`Discount::check_redeemable_at`] reports the
/// first of: [`Revoked`](Self::Revoked) (an explicit decision overrides the
/// calendar: telling a customer that a revoked code "starts tomorrow" would be
/// wrong), then [`NotYetActive`](Self::NotYetActive) or
/// [`Expired`](Self::Expired) (which exclude each other), then
/// [`Exhausted`](Self::Exhausted).
///
/// It converts into [`tzsafe::Error`](crate::Error) with kind
/// [`ErrorKind::InvalidValue`] and the same message, for `?` in functions that
/// return tzsafe's error.
///
/// # Example
///
/// ```
/// use chrono::{TimeZone, Utc};
/// use tzsafe::models::discount::{Discount, DiscountError, DiscountValue, DiscountWindow};
/// use tzsafe::{ErrorKind, TimezoneAware};
///
/// let at = |d| Utc.with_ymd_and_hms(2026, 11, d, 0, 0, 0).unwrap();
/// let window = DiscountWindow::new(&TimezoneAware::new(), at(10), at(20))?;
/// let discount = Discount::new("WELCOME", DiscountValue::percentage_bp(1_000)?, window)?;
///
/// let refusal = discount.check_redeemable_at(at(5)).unwrap_err();
/// assert_eq!(refusal, DiscountError::NotYetActive { starts_at: at(10) });
/// assert_eq!(refusal.to_string(), "discount is not active yet: it starts at 2026-11-10T00:00:00Z");
///
/// let err: tzsafe::Error = refusal.into();
/// assert_eq!(err.kind(), ErrorKind::InvalidValue);
/// # Ok::<(), tzsafe::Error>(())
/// ```
#[non_exhaustive]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum DiscountError {
    /// The discount was revoked.
    Revoked,
    /// The discount's window has not started.
    NotYetActive {
        /// When it starts.
        starts_at: DateTime<Utc>,
    },
    /// The discount's window has ended.
    Expired {
        /// When it ended (the first instant it was no longer valid).
        ended_at: DateTime<Utc>,
    },
    /// Every allowed redemption has been used.
    Exhausted {
        /// How many times it has been redeemed.
        redemptions: u32,
        /// How many times it may be redeemed: its `max_redemptions`, or
        /// `u32::MAX` for a discount without a limit whose count is full.
        max_redemptions: u32,
    },
}

impl fmt::Display for DiscountError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DiscountError::Revoked => f.write_str("discount has been revoked"),
            DiscountError::NotYetActive { starts_at } => write!(
                f,
                "discount is not active yet: it starts at {}",
                MaybeAware::from(*starts_at)
            ),
            DiscountError::Expired { ended_at } => {
                write!(f, "discount expired at {}", MaybeAware::from(*ended_at))
            }
            DiscountError::Exhausted {
                redemptions,
                max_redemptions,
            } => write!(
                f,
                "discount has been fully redeemed: {redemptions} of {max_redemptions} redemptions used"
            ),
        }
    }
}

impl std::error::Error for DiscountError {}

impl From<DiscountError> for Error {
    #[cold]
    fn from(refusal: DiscountError) -> Error {
        Error::new(ErrorKind::InvalidValue, refusal)
    }
}

/// A discount: a code, what it takes off, when it is valid, how many times it
/// may be used, and whether it was revoked.
///
/// The fields are private so that the rules hold: the code is 1 to 64 visible
/// ASCII characters, the redemption count never exceeds `max_redemptions`, and
/// it only grows through [`redeem_at`](Self::redeem_at), which refuses when the
/// discount is not redeemable.
///
/// # Example
///
/// ```
/// use chrono::{NaiveDate, TimeZone, Utc};
/// use tzsafe::models::discount::{Discount, DiscountError, DiscountValue, DiscountWindow};
/// use tzsafe::Zone;
///
/// let window = DiscountWindow::local_dates(
///     NaiveDate::from_ymd_opt(2026, 11, 27).unwrap(),
///     NaiveDate::from_ymd_opt(2026, 11, 30).unwrap(),
///     "Europe/Paris".parse::<Zone>()?,
/// )?;
/// let mut discount = Discount::new("BF-2026", DiscountValue::amount(1_000, "EUR")?, window)?
///     .with_max_redemptions(2)?;
///
/// let now = Utc.with_ymd_and_hms(2026, 11, 28, 12, 0, 0).unwrap();
/// assert_eq!(discount.redeem_at(now), Ok(1));
/// assert_eq!(discount.redeem_at(now), Ok(2));
/// assert_eq!(
///     discount.redeem_at(now),
///     Err(DiscountError::Exhausted { redemptions: 2, max_redemptions: 2 }),
/// );
/// assert_eq!(discount.redemptions(), 2);
///
/// discount.revoke();
/// assert_eq!(discount.check_redeemable_at(now), Err(DiscountError::Revoked));
/// # Ok::<(), tzsafe::Error>(())
/// ```
///
/// # JSON
///
/// With the `serde` feature, an object:
/// `{"code":...,"value":{discount value},"window":{discount window},"max_redemptions":100 or null,"redemptions":3,"revoked":false}`,
/// with a [`DiscountValue`](DiscountValue#json) and a
/// [`DiscountWindow`](DiscountWindow#json) as their pages show. Every field is
/// required (`null` for no limit), so that a missing count or flag is never read
/// as 0 or `false`; reading checks the code and that the count does not exceed
/// the limit.
///
/// ```
/// # #[cfg(feature = "serde")] {
/// use chrono::{TimeZone, Utc};
/// use tzsafe::models::discount::{Discount, DiscountValue, DiscountWindow};
///
/// let start = Utc.with_ymd_and_hms(2026, 11, 27, 0, 0, 0).unwrap();
/// let window = DiscountWindow::open_ended(&tzsafe::TimezoneAware::new(), start)?;
/// let discount = Discount::new("BF-2026", DiscountValue::amount(1_000, "EUR")?, window)?
///     .with_max_redemptions(100)?
///     .with_redemptions(3)?;
/// let json = serde_json::to_string(&discount).unwrap();
/// assert_eq!(
///     json,
///     concat!(
///         r#"{"code":"BF-2026","value":{"type":"amount","minor_units":1000,"currency":"EUR"},"#,
///         r#""window":{"starts_at":"2026-11-27T00:00:00Z","ends_at":null},"#,
///         r#""max_redemptions":100,"redemptions":3,"revoked":false}"#,
///     ),
/// );
/// assert_eq!(serde_json::from_str::<Discount>(&json).unwrap(), discount);
/// # }
/// # Ok::<(), tzsafe::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Discount {
    code: String,
    value: DiscountValue,
    window: DiscountWindow,
    max_redemptions: Option<u32>,
    redemptions: u32,
    revoked: bool,
}

impl Discount {
    /// A discount with no redemption limit, never redeemed, not revoked.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::InvalidValue`] unless `code` is 1 to 64 visible ASCII
    /// characters (letters, digits, punctuation; no spaces or control
    /// characters); the message quotes the code and says where it went wrong.
    ///
    /// # Example
    ///
    /// ```
    /// use chrono::{TimeZone, Utc};
    /// use tzsafe::models::discount::{Discount, DiscountValue, DiscountWindow};
    ///
    /// let window = DiscountWindow::open_ended(&tzsafe::TimezoneAware::new(), Utc.timestamp_opt(0, 0).unwrap())?;
    /// let err = Discount::new("SUMMER SALE", DiscountValue::percentage_bp(500)?, window).unwrap_err();
    /// assert_eq!(
    ///     err.to_string(),
    ///     "invalid discount code \"SUMMER SALE\": expected 1 to 64 visible ASCII characters, found ' ' at byte 6",
    /// );
    /// # Ok::<(), tzsafe::Error>(())
    /// ```
    pub fn new(
        code: impl Into<String>,
        value: DiscountValue,
        window: DiscountWindow,
    ) -> Result<Discount, Error> {
        let code = code.into();
        check_code(&code)?;
        Ok(Discount {
            code,
            value,
            window,
            max_redemptions: None,
            redemptions: 0,
            revoked: false,
        })
    }

    /// Limits the discount to `max` redemptions.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::InvalidValue`] when `max` is 0 or below the redemptions
    /// already counted.
    ///
    /// # Example
    ///
    /// ```
    /// use chrono::{TimeZone, Utc};
    /// use tzsafe::models::discount::{Discount, DiscountValue, DiscountWindow};
    ///
    /// let start = Utc.with_ymd_and_hms(2026, 11, 1, 0, 0, 0).unwrap();
    /// let window = DiscountWindow::open_ended(&tzsafe::TimezoneAware::new(), start)?;
    /// let discount = Discount::new("TEN", DiscountValue::percentage_bp(1_000)?, window)?.with_max_redemptions(10)?;
    /// assert_eq!(discount.max_redemptions(), Some(10));
    ///
    /// let err = discount.with_redemptions(4)?.with_max_redemptions(3).unwrap_err();
    /// assert_eq!(
    ///     err.to_string(),
    ///     "invalid max_redemptions 3 for discount \"TEN\": expected at least 1 and at least the 4 redemptions already counted",
    /// );
    /// # Ok::<(), tzsafe::Error>(())
    /// ```
    pub fn with_max_redemptions(mut self, max: u32) -> Result<Discount, Error> {
        if max == 0 || max < self.redemptions {
            return Err(Error::new(
                ErrorKind::InvalidValue,
                format!(
                    "invalid max_redemptions {max} for discount {}: expected at least 1 and at least the {} redemptions already counted",
                    Error::quote(&self.code),
                    self.redemptions
                ),
            ));
        }
        self.max_redemptions = Some(max);
        Ok(self)
    }

    /// Sets the redemptions already counted, for a discount loaded from storage.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::InvalidValue`] when `count` exceeds `max_redemptions`.
    ///
    /// # Example
    ///
    /// ```
    /// use chrono::{TimeZone, Utc};
    /// use tzsafe::models::discount::{Discount, DiscountValue, DiscountWindow};
    ///
    /// let start = Utc.with_ymd_and_hms(2026, 11, 1, 0, 0, 0).unwrap();
    /// let window = DiscountWindow::open_ended(&tzsafe::TimezoneAware::new(), start)?;
    /// // A discount loaded from storage, used 7 times of 10.
    /// let discount = Discount::new("TEN", DiscountValue::percentage_bp(1_000)?, window)?
    ///     .with_max_redemptions(10)?
    ///     .with_redemptions(7)?;
    /// assert_eq!(discount.remaining_redemptions(), Some(3));
    /// assert_eq!(
    ///     discount.with_redemptions(11).unwrap_err().to_string(),
    ///     "invalid redemption count 11 for discount \"TEN\": expected at most its max_redemptions 10",
    /// );
    /// # Ok::<(), tzsafe::Error>(())
    /// ```
    pub fn with_redemptions(mut self, count: u32) -> Result<Discount, Error> {
        if let Some(max) = self.max_redemptions
            && count > max
        {
            return Err(Error::new(
                    ErrorKind::InvalidValue,
                    format!(
                        "invalid redemption count {count} for discount {}: expected at most its max_redemptions {max}",
                        Error::quote(&self.code),
                    ),
                ));
        }
        self.redemptions = count;
        Ok(self)
    }

    /// The code customers type.
    #[must_use]
    pub fn code(&self) -> &str {
        &self.code
    }

    /// What the discount takes off.
    #[must_use]
    pub fn value(&self) -> DiscountValue {
        self.value
    }

    /// When the discount is valid.
    #[must_use]
    pub fn window(&self) -> &DiscountWindow {
        &self.window
    }

    /// The redemption limit, if any.
    #[must_use]
    pub fn max_redemptions(&self) -> Option<u32> {
        self.max_redemptions
    }

    /// How many times the discount has been redeemed.
    #[must_use]
    pub fn redemptions(&self) -> u32 {
        self.redemptions
    }

    /// How many redemptions are left, `None` without a limit.
    ///
    /// # Example
    ///
    /// ```
    /// use chrono::{TimeZone, Utc};
    /// use tzsafe::models::discount::{Discount, DiscountValue, DiscountWindow};
    ///
    /// let start = Utc.with_ymd_and_hms(2026, 11, 1, 0, 0, 0).unwrap();
    /// let window = DiscountWindow::open_ended(&tzsafe::TimezoneAware::new(), start)?;
    /// let mut discount = Discount::new("TWO", DiscountValue::percentage_bp(1_000)?, window)?;
    /// assert_eq!(discount.remaining_redemptions(), None); // no limit
    /// discount = discount.with_max_redemptions(2)?;
    /// discount.redeem_at(start)?;
    /// assert_eq!(discount.remaining_redemptions(), Some(1));
    /// # Ok::<(), tzsafe::Error>(())
    /// ```
    #[must_use]
    pub fn remaining_redemptions(&self) -> Option<u32> {
        self.max_redemptions
            .map(|max| max.saturating_sub(self.redemptions))
    }

    /// Whether the discount was revoked.
    #[must_use]
    pub fn is_revoked(&self) -> bool {
        self.revoked
    }

    /// Revokes the discount: it can no longer be redeemed. Revoking twice is
    /// harmless.
    ///
    /// # Example
    ///
    /// ```
    /// use chrono::{TimeZone, Utc};
    /// use tzsafe::models::discount::{Discount, DiscountError, DiscountValue, DiscountWindow};
    ///
    /// let start = Utc.with_ymd_and_hms(2026, 11, 1, 0, 0, 0).unwrap();
    /// let window = DiscountWindow::open_ended(&tzsafe::TimezoneAware::new(), start)?;
    /// let mut discount = Discount::new("LEAKED", DiscountValue::percentage_bp(5_000)?, window)?;
    /// discount.revoke();
    /// assert!(discount.is_revoked());
    /// assert_eq!(discount.redeem_at(start), Err(DiscountError::Revoked));
    /// # Ok::<(), tzsafe::Error>(())
    /// ```
    pub fn revoke(&mut self) {
        self.revoked = true;
    }

    /// Where `now` is relative to the discount's window (revocation and
    /// redemptions aside: see [`check_redeemable_at`](Self::check_redeemable_at)).
    ///
    /// # Example
    ///
    /// ```
    /// use chrono::{TimeZone, Utc};
    /// use tzsafe::models::discount::{Discount, DiscountStatus, DiscountValue, DiscountWindow};
    ///
    /// let at = |d| Utc.with_ymd_and_hms(2026, 11, d, 0, 0, 0).unwrap();
    /// let window = DiscountWindow::new(&tzsafe::TimezoneAware::new(), at(10), at(20))?;
    /// let mut discount = Discount::new("WELCOME", DiscountValue::percentage_bp(1_000)?, window)?;
    /// discount.revoke();
    /// assert_eq!(discount.status_at(at(15)), DiscountStatus::Active); // the window only
    /// # Ok::<(), tzsafe::Error>(())
    /// ```
    #[must_use]
    #[inline]
    pub fn status_at(&self, now: DateTime<Utc>) -> DiscountStatus {
        self.window.status_at(now)
    }

    /// [`status_at`](Self::status_at) now according to `ctx`'s clock
    /// ([`TimezoneAware::now`]).
    ///
    /// # Example
    ///
    /// ```
    /// use chrono::{TimeZone, Utc};
    /// use tzsafe::models::discount::{Discount, DiscountStatus, DiscountValue, DiscountWindow};
    /// use tzsafe::TimezoneAware;
    ///
    /// let at = |d| Utc.with_ymd_and_hms(2026, 11, d, 0, 0, 0).unwrap();
    /// let window = DiscountWindow::new(&TimezoneAware::new(), at(10), at(20))?;
    /// let discount = Discount::new("WELCOME", DiscountValue::percentage_bp(1_000)?, window)?;
    /// let ctx = TimezoneAware::new().frozen_at(at(25));
    /// assert_eq!(discount.status(&ctx), DiscountStatus::Expired);
    /// # Ok::<(), tzsafe::Error>(())
    /// ```
    #[must_use]
    pub fn status(&self, ctx: &TimezoneAware) -> DiscountStatus {
        self.status_at(ctx.now())
    }

    /// Whether the discount can be redeemed at `now`, and if not, why (see
    /// [`DiscountError`] for which reason wins when several hold).
    ///
    /// # Errors
    ///
    /// The [`DiscountError`] that prevents the redemption.
    ///
    /// # Example
    ///
    /// ```
    /// use chrono::{TimeZone, Utc};
    /// use tzsafe::models::discount::{Discount, DiscountError, DiscountValue, DiscountWindow};
    ///
    /// let at = |d| Utc.with_ymd_and_hms(2026, 11, d, 0, 0, 0).unwrap();
    /// let window = DiscountWindow::new(&tzsafe::TimezoneAware::new(), at(10), at(20))?;
    /// let mut discount = Discount::new("WELCOME", DiscountValue::percentage_bp(1_000)?, window)?;
    /// assert_eq!(discount.check_redeemable_at(at(15)), Ok(()));
    /// assert_eq!(discount.check_redeemable_at(at(20)), Err(DiscountError::Expired { ended_at: at(20) }));
    /// // Revocation wins over the calendar.
    /// discount.revoke();
    /// assert_eq!(discount.check_redeemable_at(at(5)), Err(DiscountError::Revoked));
    /// # Ok::<(), tzsafe::Error>(())
    /// ```
    #[inline]
    pub fn check_redeemable_at(&self, now: DateTime<Utc>) -> Result<(), DiscountError> {
        if self.revoked {
            return Err(DiscountError::Revoked);
        }
        match (self.window.status_at(now), self.window.ends_at()) {
            (DiscountStatus::Scheduled, _) => Err(DiscountError::NotYetActive {
                starts_at: self.window.starts_at(),
            }),
            (DiscountStatus::Expired, Some(ended_at)) => Err(DiscountError::Expired { ended_at }),
            // Active (a window without an end never expires).
            _ => {
                debug_assert_eq!(self.window.status_at(now), DiscountStatus::Active);
                let max = self.max_redemptions.unwrap_or(u32::MAX);
                if self.redemptions >= max {
                    Err(DiscountError::Exhausted {
                        redemptions: self.redemptions,
                        max_redemptions: max,
                    })
                } else {
                    Ok(())
                }
            }
        }
    }

    /// [`check_redeemable_at`](Self::check_redeemable_at) now according to
    /// `ctx`'s clock ([`TimezoneAware::now`]).
    ///
    /// # Errors
    ///
    /// As [`check_redeemable_at`](Self::check_redeemable_at).
    ///
    /// # Example
    ///
    /// ```
    /// use chrono::{TimeZone, Utc};
    /// use tzsafe::models::discount::{Discount, DiscountError, DiscountValue, DiscountWindow};
    /// use tzsafe::TimezoneAware;
    ///
    /// let at = |d| Utc.with_ymd_and_hms(2026, 11, d, 0, 0, 0).unwrap();
    /// let window = DiscountWindow::new(&TimezoneAware::new(), at(10), at(20))?;
    /// let discount = Discount::new("WELCOME", DiscountValue::percentage_bp(1_000)?, window)?;
    /// let ctx = TimezoneAware::new().frozen_at(at(5));
    /// assert_eq!(discount.check_redeemable(&ctx), Err(DiscountError::NotYetActive { starts_at: at(10) }));
    /// # Ok::<(), tzsafe::Error>(())
    /// ```
    pub fn check_redeemable(&self, ctx: &TimezoneAware) -> Result<(), DiscountError> {
        self.check_redeemable_at(ctx.now())
    }

    /// Counts one redemption at `now` if the discount is redeemable then, and
    /// returns the new count; otherwise changes nothing.
    ///
    /// # Errors
    ///
    /// As [`check_redeemable_at`](Self::check_redeemable_at).
    ///
    /// # Example
    ///
    /// ```
    /// use chrono::{TimeZone, Utc};
    /// use tzsafe::models::discount::{Discount, DiscountError, DiscountValue, DiscountWindow};
    ///
    /// let at = |d| Utc.with_ymd_and_hms(2026, 11, d, 0, 0, 0).unwrap();
    /// let window = DiscountWindow::new(&tzsafe::TimezoneAware::new(), at(10), at(20))?;
    /// let mut discount = Discount::new("ONCE", DiscountValue::amount(500, "EUR")?, window)?.with_max_redemptions(1)?;
    /// assert_eq!(discount.redeem_at(at(9)), Err(DiscountError::NotYetActive { starts_at: at(10) }));
    /// assert_eq!(discount.redemptions(), 0); // a refusal changes nothing
    /// assert_eq!(discount.redeem_at(at(10)), Ok(1));
    /// assert_eq!(discount.redeem_at(at(11)), Err(DiscountError::Exhausted { redemptions: 1, max_redemptions: 1 }));
    /// # Ok::<(), tzsafe::Error>(())
    /// ```
    pub fn redeem_at(&mut self, now: DateTime<Utc>) -> Result<u32, DiscountError> {
        self.check_redeemable_at(now)?;
        // `check_redeemable_at` refuses a full count (u32::MAX at most), so
        // this cannot overflow.
        self.redemptions += 1;
        Ok(self.redemptions)
    }

    /// [`redeem_at`](Self::redeem_at) now according to `ctx`'s clock
    /// ([`TimezoneAware::now`]).
    ///
    /// # Errors
    ///
    /// As [`check_redeemable_at`](Self::check_redeemable_at).
    ///
    /// # Example
    ///
    /// ```
    /// use chrono::{TimeDelta, TimeZone, Utc};
    /// use tzsafe::models::discount::{Discount, DiscountError, DiscountValue, DiscountWindow};
    /// use tzsafe::TimezoneAware;
    ///
    /// let at = |d| Utc.with_ymd_and_hms(2026, 11, d, 0, 0, 0).unwrap();
    /// let window = DiscountWindow::new(&TimezoneAware::new(), at(10), at(20))?;
    /// let mut discount = Discount::new("WELCOME", DiscountValue::percentage_bp(1_000)?, window)?;
    /// let ctx = TimezoneAware::new().frozen_at(at(19));
    /// assert_eq!(discount.redeem(&ctx), Ok(1));
    /// ctx.advance(TimeDelta::days(1))?;
    /// assert_eq!(discount.redeem(&ctx), Err(DiscountError::Expired { ended_at: at(20) }));
    /// # Ok::<(), tzsafe::Error>(())
    /// ```
    pub fn redeem(&mut self, ctx: &TimezoneAware) -> Result<u32, DiscountError> {
        self.redeem_at(ctx.now())
    }
}

/// Checks a discount code: 1 to 64 visible ASCII characters.
pub(super) fn check_code(code: &str) -> Result<(), Error> {
    const EXPECTED: &str = "expected 1 to 64 visible ASCII characters";
    let bytes = code.as_bytes();
    let problem = if bytes.is_empty() {
        Some("found an empty code".to_owned())
    } else if let Some((at, c)) = code.char_indices().find(|(_, c)| !c.is_ascii_graphic()) {
        Some(format!("found {c:?} at byte {at}"))
    } else if bytes.len() > MAX_CODE_LEN {
        Some(format!("found {} characters", bytes.len()))
    } else {
        None
    };
    match problem {
        None => Ok(()),
        Some(problem) => Err(Error::new(
            ErrorKind::InvalidValue,
            format!(
                "invalid discount code {}: {EXPECTED}, {problem}",
                Error::quote(code)
            ),
        )),
    }
}
