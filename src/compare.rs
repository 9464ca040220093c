//! Comparing datetimes as instants, whether or not they carry an offset.

use core::cmp::Ordering;
use core::fmt;

use crate::aware::MaybeAware;
use crate::context::{ambient_now, with_ambient_settings};
use crate::error::Error;

/// A comparison operator for [`safe_datetime_compare`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum CmpOp {
    /// `<`
    Lt,
    /// `<=`
    Le,
    /// `==` (the same instant, whatever the offsets)
    Eq,
    /// `!=`
    Ne,
    /// `>=`
    Ge,
    /// `>`
    Gt,
}

impl CmpOp {
    /// Whether `a op b` holds when `a.cmp(b)` is `ordering`.
    ///
    /// # Example
    ///
    /// ```
    /// use core::cmp::Ordering;
    /// use tzsafe::CmpOp;
    ///
    /// assert!(CmpOp::Le.holds(Ordering::Equal));
    /// assert!(!CmpOp::Gt.holds(Ordering::Equal));
    /// ```
    #[must_use]
    #[inline]
    pub const fn holds(self, ordering: Ordering) -> bool {
        match self {
            CmpOp::Lt => ordering.is_lt(),
            CmpOp::Le => ordering.is_le(),
            CmpOp::Eq => ordering.is_eq(),
            CmpOp::Ne => ordering.is_ne(),
            CmpOp::Ge => ordering.is_ge(),
            CmpOp::Gt => ordering.is_gt(),
        }
    }

    /// The operator's symbol: `<`, `<=`, `==`, `!=`, `>=` or `>`.
    #[must_use]
    pub const fn symbol(self) -> &'static str {
        match self {
            CmpOp::Lt => "<",
            CmpOp::Le => "<=",
            CmpOp::Eq => "==",
            CmpOp::Ne => "!=",
            CmpOp::Ge => ">=",
            CmpOp::Gt => ">",
        }
    }
}

impl fmt::Display for CmpOp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(self.symbol())
    }
}

/// Orders two datetimes as instants. Naive operands are read as wall time in the
/// ambient context's default zone under its DST policy (UTC and `Compatible`
/// when no [`TimezoneAware`](crate::TimezoneAware) guard is active), so comparing
/// a naive value with an aware one is the normal case, not an error.
///
/// Two aware operands are compared directly, without looking at the context.
///
/// # Errors
///
/// [`ErrorKind::NaiveRejected`](crate::ErrorKind::NaiveRejected) when the ambient
/// context refuses naive values; [`ErrorKind::Ambiguous`](crate::ErrorKind::Ambiguous)
/// / [`ErrorKind::Nonexistent`](crate::ErrorKind::Nonexistent) under
/// [`Disambiguation::Reject`](crate::Disambiguation::Reject);
/// [`ErrorKind::OutOfRange`](crate::ErrorKind::OutOfRange) beyond chrono's range.
///
/// # Example
///
/// ```
/// use core::cmp::Ordering;
/// use chrono::{FixedOffset, NaiveDate, TimeZone};
/// use tzsafe::safe_cmp;
///
/// let naive_utc = NaiveDate::from_ymd_opt(2026, 1, 1).unwrap().and_hms_opt(12, 0, 0).unwrap();
/// let paris = FixedOffset::east_opt(3600).unwrap().with_ymd_and_hms(2026, 1, 1, 13, 0, 0).unwrap();
/// assert_eq!(safe_cmp(naive_utc, paris)?, Ordering::Equal);
/// # Ok::<(), tzsafe::Error>(())
/// ```
#[inline]
pub fn safe_cmp(a: impl Into<MaybeAware>, b: impl Into<MaybeAware>) -> Result<Ordering, Error> {
    match (a.into(), b.into()) {
        (MaybeAware::Aware(a), MaybeAware::Aware(b)) => Ok(a.cmp(&b)),
        (a, b) => cmp_in_ambient_context(a, b),
    }
}

/// The part of [`safe_cmp`] that reads the ambient context, out of line so that
/// comparing two aware values inlines to a plain comparison.
#[inline(never)]
fn cmp_in_ambient_context(a: MaybeAware, b: MaybeAware) -> Result<Ordering, Error> {
    with_ambient_settings(|settings| settings.cmp(a, b))
}

/// `a op b` as instants, with the rules of [`safe_cmp`].
///
/// # Errors
///
/// As [`safe_cmp`].
///
/// # Example
///
/// The bug this crate was written for: `expires_at <= utcnow()` with a naive
/// `expires_at` that is really New York wall time.
///
/// ```
/// use chrono::{NaiveDate, TimeZone, Utc};
/// use tzsafe::{safe_datetime_compare, utcnow_aware, CmpOp, TimezoneAware};
///
/// let _ctx = TimezoneAware::new()
///     .default_tz(chrono_tz::America::New_York)
///     .frozen_at(Utc.with_ymd_and_hms(2026, 11, 26, 20, 0, 0).unwrap()) // 15:00 in New York
///     .enter();
/// let expires_at = NaiveDate::from_ymd_opt(2026, 11, 26).unwrap().and_hms_opt(16, 0, 0).unwrap();
/// assert!(!safe_datetime_compare(expires_at, utcnow_aware(), CmpOp::Le)?); // not expired yet
/// # Ok::<(), tzsafe::Error>(())
/// ```
#[inline]
pub fn safe_datetime_compare(
    a: impl Into<MaybeAware>,
    b: impl Into<MaybeAware>,
    op: CmpOp,
) -> Result<bool, Error> {
    Ok(op.holds(safe_cmp(a, b)?))
}

/// Whether `dt` is strictly before the ambient "now" (a value equal to now is
/// neither past nor future). Naive values are read as in [`safe_cmp`].
///
/// # Errors
///
/// As [`safe_cmp`].
///
/// # Example
///
/// ```
/// use chrono::{TimeDelta, TimeZone, Utc};
/// use tzsafe::{is_future_datetime, is_past_datetime, TimezoneAware};
///
/// let now = Utc.with_ymd_and_hms(2026, 11, 26, 12, 0, 0).unwrap();
/// let _guard = TimezoneAware::new().frozen_at(now).enter();
/// assert!(is_past_datetime(now - TimeDelta::nanoseconds(1))?);
/// assert!(!is_past_datetime(now)? && !is_future_datetime(now)?);
/// assert!(is_future_datetime(now + TimeDelta::nanoseconds(1))?);
/// # Ok::<(), tzsafe::Error>(())
/// ```
pub fn is_past_datetime(dt: impl Into<MaybeAware>) -> Result<bool, Error> {
    match dt.into() {
        MaybeAware::Aware(aware) => Ok(aware.to_utc() < ambient_now()),
        naive => Ok(with_ambient_settings(|settings| settings.ensure(naive))? < ambient_now()),
    }
}

/// Whether `dt` is strictly after the ambient "now". See [`is_past_datetime`].
///
/// # Errors
///
/// As [`safe_cmp`].
pub fn is_future_datetime(dt: impl Into<MaybeAware>) -> Result<bool, Error> {
    match dt.into() {
        MaybeAware::Aware(aware) => Ok(aware.to_utc() > ambient_now()),
        naive => Ok(with_ambient_settings(|settings| settings.ensure(naive))? > ambient_now()),
    }
}
