//! [`CmpOp`]: the comparison operators of [`safe_datetime_compare`](crate::safe_datetime_compare)
//! and [`TimezoneAware::compare`](crate::TimezoneAware::compare).

use core::cmp::Ordering;
use core::fmt;

/// A comparison operator for [`safe_datetime_compare`](crate::safe_datetime_compare).
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

    /// The operator's symbol: `<`, `<=`, `==`, `!=`, `>=` or `>`, which is
    /// also what [`Display`](fmt::Display) writes.
    ///
    /// # Example
    ///
    /// ```
    /// use tzsafe::CmpOp;
    ///
    /// assert_eq!(CmpOp::Le.symbol(), "<=");
    /// assert_eq!(format!("expires_at {} now", CmpOp::Gt), "expires_at > now");
    /// ```
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
