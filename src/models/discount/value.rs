//! What a discount takes off: a percentage in basis points or an amount of money.

use core::fmt;
use core::num::NonZeroU64;
use core::str::FromStr;

use crate::{Error, ErrorKind};

/// An ISO 4217 currency code: three uppercase ASCII letters, like `EUR`.
///
/// Only the form is checked, not membership in the current ISO list (which
/// changes), so `XTS` (the code reserved for tests) is accepted and `eur` is not.
///
/// # Example
///
/// ```
/// use tzsafe::models::discount::Currency;
///
/// let eur: Currency = "EUR".parse()?;
/// assert_eq!(eur.as_str(), "EUR");
/// assert_eq!(eur, Currency::new("EUR")?);
///
/// let err = Currency::new("eur").unwrap_err();
/// assert_eq!(err.kind(), tzsafe::ErrorKind::Parse);
/// assert_eq!(
///     err.to_string(),
///     "invalid currency code \"eur\": expected 3 uppercase ASCII letters, like \"EUR\" (at byte 0)",
/// );
/// # Ok::<(), tzsafe::Error>(())
/// ```
///
/// # JSON
///
/// With the `serde` feature, a string read with [`Currency::new`]: `"EUR"`.
///
/// ```
/// # #[cfg(feature = "serde")] {
/// use tzsafe::models::discount::Currency;
///
/// assert_eq!(serde_json::to_string(&Currency::new("EUR")?).unwrap(), r#""EUR""#);
/// assert!(serde_json::from_str::<Currency>(r#""eur""#).is_err());
/// # }
/// # Ok::<(), tzsafe::Error>(())
/// ```
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Currency([u8; 3]);

impl Currency {
    /// Reads a currency code.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::Parse`] unless `code` is exactly three ASCII letters `A`-`Z`;
    /// the message gives the byte where reading failed.
    ///
    /// # Example
    ///
    /// ```
    /// use tzsafe::models::discount::Currency;
    ///
    /// assert_eq!(Currency::new("JPY")?.as_str(), "JPY");
    /// assert_eq!(
    ///     Currency::new("EURO").unwrap_err().to_string(),
    ///     "invalid currency code \"EURO\": expected 3 uppercase ASCII letters, like \"EUR\" (at byte 3)",
    /// );
    /// # Ok::<(), tzsafe::Error>(())
    /// ```
    pub fn new(code: &str) -> Result<Currency, Error> {
        const EXPECTED: &str = "expected 3 uppercase ASCII letters, like \"EUR\"";
        let bytes = code.as_bytes();
        if let Some(bad) = bytes.iter().take(3).position(|b| !b.is_ascii_uppercase()) {
            return Err(Error::parse_at("currency code", code, bad, EXPECTED));
        }
        match *bytes {
            [a, b, c] => Ok(Currency([a, b, c])),
            _ => Err(Error::parse_at(
                "currency code",
                code,
                bytes.len().min(3),
                EXPECTED,
            )),
        }
    }

    /// The code, like `"EUR"`.
    ///
    /// # Example
    ///
    /// ```
    /// use tzsafe::models::discount::Currency;
    ///
    /// assert_eq!(Currency::new("EUR")?.as_str(), "EUR");
    /// assert!(Currency::new("eur").is_err()); // ISO 4217 codes are upper case
    /// # Ok::<(), tzsafe::Error>(())
    /// ```
    #[must_use]
    pub fn as_str(&self) -> &str {
        // Always three ASCII letters: `new` is the only way in.
        debug_assert!(self.0.iter().all(u8::is_ascii_uppercase));
        core::str::from_utf8(&self.0).unwrap_or_default()
    }
}

impl FromStr for Currency {
    type Err = Error;

    /// As [`Currency::new`].
    fn from_str(s: &str) -> Result<Self, Error> {
        Currency::new(s)
    }
}

impl TryFrom<&str> for Currency {
    type Error = Error;

    fn try_from(s: &str) -> Result<Self, Error> {
        Currency::new(s)
    }
}

impl fmt::Display for Currency {
    /// The code; width and alignment flags apply (`{:>5}`).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(self.as_str())
    }
}

impl fmt::Debug for Currency {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Currency({})", self.as_str())
    }
}

/// A percentage in basis points (1/100 of a percent): from 1 (0.01 %) to
/// 10 000 (100 %).
///
/// # Example
///
/// ```
/// use tzsafe::models::discount::BasisPoints;
///
/// let bp = BasisPoints::new(1_250)?;
/// assert_eq!(bp.get(), 1_250);
/// assert_eq!(bp.to_string(), "12.50%");
///
/// let err = BasisPoints::new(10_001).unwrap_err();
/// assert_eq!(err.kind(), tzsafe::ErrorKind::InvalidValue);
/// assert_eq!(
///     err.to_string(),
///     "invalid percentage: 10001 basis points, expected 1 to 10000 (0.01% to 100%)",
/// );
/// # Ok::<(), tzsafe::Error>(())
/// ```
///
/// # JSON
///
/// With the `serde` feature, a number read with [`BasisPoints::new`]: `1250`.
///
/// ```
/// # #[cfg(feature = "serde")] {
/// use tzsafe::models::discount::BasisPoints;
///
/// assert_eq!(serde_json::to_string(&BasisPoints::new(1_250)?).unwrap(), "1250");
/// assert!(serde_json::from_str::<BasisPoints>("10001").is_err());
/// # }
/// # Ok::<(), tzsafe::Error>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct BasisPoints(u16);

impl BasisPoints {
    /// 100 %.
    pub const MAX: BasisPoints = BasisPoints(10_000);

    /// `bp` basis points.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::InvalidValue`] unless `0 < bp <= 10_000`.
    ///
    /// # Example
    ///
    /// ```
    /// use tzsafe::models::discount::BasisPoints;
    ///
    /// assert_eq!(BasisPoints::new(1)?.to_string(), "0.01%");
    /// assert_eq!(BasisPoints::new(10_000)?, BasisPoints::MAX);
    /// assert!(BasisPoints::new(0).is_err());
    /// # Ok::<(), tzsafe::Error>(())
    /// ```
    pub fn new(bp: u16) -> Result<BasisPoints, Error> {
        if (1..=10_000).contains(&bp) {
            Ok(BasisPoints(bp))
        } else {
            Err(Error::new(
                ErrorKind::InvalidValue,
                format!(
                    "invalid percentage: {bp} basis points, expected 1 to 10000 (0.01% to 100%)"
                ),
            ))
        }
    }

    /// The number of basis points, from 1 to 10 000.
    #[must_use]
    pub const fn get(self) -> u16 {
        self.0
    }
}

impl fmt::Display for BasisPoints {
    /// The percentage with two decimals: `12.50%`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{:02}%", self.0 / 100, self.0 % 100)
    }
}

/// What a discount takes off a price. Money is integral: an amount is a count
/// of the currency's minor units (cents for `EUR`, yen for `JPY`).
///
/// # Example
///
/// ```
/// use tzsafe::models::discount::{BasisPoints, Currency, DiscountValue};
///
/// let pct = DiscountValue::percentage_bp(1_500)?;
/// assert_eq!(pct, DiscountValue::Percentage(BasisPoints::new(1_500)?));
///
/// let five_euros = DiscountValue::amount(500, "EUR")?;
/// let DiscountValue::Amount { minor_units, currency } = five_euros else { unreachable!() };
/// assert_eq!((minor_units.get(), currency), (500, Currency::new("EUR")?));
///
/// assert_eq!(
///     DiscountValue::amount(0, "EUR").unwrap_err().to_string(),
///     "invalid discount amount: 0 minor units, expected at least 1",
/// );
/// # Ok::<(), tzsafe::Error>(())
/// ```
///
/// # JSON
///
/// With the `serde` feature, an object tagged by `type`:
/// `{"type":"percentage","basis_points":1500}` or
/// `{"type":"amount","minor_units":500,"currency":"EUR"}`. Reading checks the
/// same rules as [`percentage_bp`](Self::percentage_bp) and
/// [`amount`](Self::amount).
///
/// ```
/// # #[cfg(feature = "serde")] {
/// use tzsafe::models::discount::DiscountValue;
///
/// let pct = DiscountValue::percentage_bp(1_500)?;
/// assert_eq!(serde_json::to_string(&pct).unwrap(), r#"{"type":"percentage","basis_points":1500}"#);
/// let amount = DiscountValue::amount(500, "EUR")?;
/// let json = serde_json::to_string(&amount).unwrap();
/// assert_eq!(json, r#"{"type":"amount","minor_units":500,"currency":"EUR"}"#);
/// assert_eq!(serde_json::from_str::<DiscountValue>(&json).unwrap(), amount);
/// assert!(serde_json::from_str::<DiscountValue>(r#"{"type":"amount","minor_units":0,"currency":"EUR"}"#).is_err());
/// # }
/// # Ok::<(), tzsafe::Error>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum DiscountValue {
    /// A percentage of the price.
    Percentage(BasisPoints),
    /// A fixed amount off the price.
    Amount {
        /// The amount in minor units of `currency`, at least 1.
        minor_units: NonZeroU64,
        /// The currency of the amount.
        currency: Currency,
    },
}

impl DiscountValue {
    /// A percentage of `bp` basis points (`1_500` is 15 %).
    ///
    /// # Errors
    ///
    /// As [`BasisPoints::new`].
    ///
    /// # Example
    ///
    /// ```
    /// use tzsafe::models::discount::{BasisPoints, DiscountValue};
    ///
    /// assert_eq!(DiscountValue::percentage_bp(1_500)?, DiscountValue::Percentage(BasisPoints::new(1_500)?));
    /// assert_eq!(
    ///     DiscountValue::percentage_bp(10_001).unwrap_err().to_string(),
    ///     "invalid percentage: 10001 basis points, expected 1 to 10000 (0.01% to 100%)",
    /// );
    /// # Ok::<(), tzsafe::Error>(())
    /// ```
    pub fn percentage_bp(bp: u16) -> Result<DiscountValue, Error> {
        BasisPoints::new(bp).map(DiscountValue::Percentage)
    }

    /// A fixed amount of `minor_units` of `currency` (`500, "EUR"` is 5 €).
    ///
    /// # Errors
    ///
    /// [`ErrorKind::InvalidValue`] when `minor_units` is 0; the errors of
    /// [`Currency::new`].
    ///
    /// # Example
    ///
    /// ```
    /// use tzsafe::models::discount::{Currency, DiscountValue};
    ///
    /// assert_eq!(DiscountValue::amount(500, "EUR")?, DiscountValue::amount_of(500, Currency::new("EUR")?)?);
    /// assert_eq!(DiscountValue::amount(500, "eur").unwrap_err().kind(), tzsafe::ErrorKind::Parse);
    /// # Ok::<(), tzsafe::Error>(())
    /// ```
    pub fn amount(minor_units: u64, currency: &str) -> Result<DiscountValue, Error> {
        DiscountValue::amount_of(minor_units, Currency::new(currency)?)
    }

    /// A fixed amount of `minor_units` of `currency`.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::InvalidValue`] when `minor_units` is 0.
    ///
    /// # Example
    ///
    /// ```
    /// use tzsafe::models::discount::{Currency, DiscountValue};
    ///
    /// let jpy = Currency::new("JPY")?;
    /// let DiscountValue::Amount { minor_units, currency } = DiscountValue::amount_of(300, jpy)? else { unreachable!() };
    /// assert_eq!((minor_units.get(), currency), (300, jpy));
    /// assert_eq!(DiscountValue::amount_of(0, jpy).unwrap_err().kind(), tzsafe::ErrorKind::InvalidValue);
    /// # Ok::<(), tzsafe::Error>(())
    /// ```
    pub fn amount_of(minor_units: u64, currency: Currency) -> Result<DiscountValue, Error> {
        let minor_units = NonZeroU64::new(minor_units).ok_or_else(|| {
            Error::new(
                ErrorKind::InvalidValue,
                "invalid discount amount: 0 minor units, expected at least 1",
            )
        })?;
        Ok(DiscountValue::Amount {
            minor_units,
            currency,
        })
    }
}
