//! `MaybeAware`: a datetime that may or may not carry a UTC offset.

// Arithmetic near chrono's limits: an overflow here must be impossible, not
// merely unlikely.
#![warn(clippy::indexing_slicing, clippy::arithmetic_side_effects)]

use std::time::{SystemTime, UNIX_EPOCH};

use chrono::{DateTime, FixedOffset, NaiveDateTime, TimeZone, Utc};

/// A datetime as it arrives from outside: with a UTC offset (`Aware`) or without
/// one (`Naive`, a wall-clock reading whose zone is unknown).
///
/// Every tzsafe function that takes a datetime takes `impl Into<MaybeAware>`, so
/// chrono's `NaiveDateTime` and `DateTime<Tz>` (for any `Tz`), references to
/// them, [`SystemTime`] and, with the feature `time`, `time::PrimitiveDateTime` /
/// `time::OffsetDateTime` can be passed directly. Strings are read with
/// [`str::parse`] (see [`parse`](crate::parse) for the accepted forms), and
/// [`Display`](core::fmt::Display) writes RFC 3339 for aware values (an offset
/// with seconds, such as local mean time's `+05:53:28`, is written with them,
/// as CPython does, though RFC 3339 has no such form) and ISO 8601
/// without an offset for naive ones, so that `parse(display(x)) == x`.
///
/// # Example
///
/// ```
/// use tzsafe::MaybeAware;
///
/// let naive: MaybeAware = "2026-11-26 09:30:00".parse()?;
/// assert!(naive.is_naive());
/// assert_eq!(naive.to_string(), "2026-11-26T09:30:00");
///
/// let aware: MaybeAware = "2026-11-26T09:30:00.250+01:00".parse()?;
/// assert_eq!(aware.to_string(), "2026-11-26T09:30:00.250+01:00");
/// # Ok::<(), tzsafe::Error>(())
/// ```
#[derive(Clone, Copy, Debug)]
// An explicit tag instead of a niche in the date: after `From` inlines, the
// compiler then knows the variant, and comparing two aware values compiles to a
// plain comparison (with the niche it re-checked the date field every time).
#[repr(u8)]
pub enum MaybeAware {
    /// A wall time without a UTC offset.
    Naive(NaiveDateTime),
    /// An instant with the UTC offset it was written with.
    Aware(DateTime<FixedOffset>),
}

impl MaybeAware {
    /// Whether the value has no UTC offset.
    ///
    /// # Example
    ///
    /// ```
    /// use tzsafe::parse;
    ///
    /// // Python's `datetime.isoformat()` of a naive value: no offset at all.
    /// assert!(parse("2026-11-01T01:30:00")?.is_naive());
    /// // `+00:00` is an offset, so this one is aware even though it is UTC.
    /// assert!(!parse("2026-11-01T01:30:00+00:00")?.is_naive());
    /// # Ok::<(), tzsafe::Error>(())
    /// ```
    #[must_use]
    pub const fn is_naive(&self) -> bool {
        matches!(self, MaybeAware::Naive(_))
    }

    /// Whether the value has a UTC offset.
    ///
    /// # Example
    ///
    /// ```
    /// use chrono::NaiveDate;
    /// use tzsafe::MaybeAware;
    ///
    /// let naive = NaiveDate::from_ymd_opt(2026, 11, 1).unwrap().and_hms_opt(1, 30, 0).unwrap();
    /// assert!(!MaybeAware::from(naive).is_aware());
    /// assert!(MaybeAware::from(naive.and_utc()).is_aware());
    /// ```
    #[must_use]
    pub const fn is_aware(&self) -> bool {
        matches!(self, MaybeAware::Aware(_))
    }

    /// The wall time: the naive value itself, or the local time of an aware one.
    /// `None` only for an aware value within a day of chrono's limits whose
    /// local time falls outside chrono's range (such as
    /// `+262143-01-01T05:00:00+06:00`, whose instant is in range).
    ///
    /// # Example
    ///
    /// ```
    /// use tzsafe::parse;
    ///
    /// // The wall clock in Mumbai read 15:00 at 09:30Z.
    /// let aware = parse("2026-11-26T15:00:00+05:30")?;
    /// assert_eq!(aware.wall_time().unwrap().to_string(), "2026-11-26 15:00:00");
    /// // A naive value is its own wall time.
    /// let naive = parse("2026-11-26T15:00:00")?;
    /// assert_eq!(naive.wall_time(), naive.naive());
    /// # Ok::<(), tzsafe::Error>(())
    /// ```
    #[must_use]
    pub fn wall_time(&self) -> Option<NaiveDateTime> {
        match self {
            MaybeAware::Naive(naive) => Some(*naive),
            MaybeAware::Aware(aware) => aware.naive_utc().checked_add_offset(*aware.offset()),
        }
    }

    /// The aware value, or `None` for a naive one.
    ///
    /// # Example
    ///
    /// ```
    /// use tzsafe::parse;
    ///
    /// let at = parse("2026-11-26T09:30:00-05:00")?.aware().unwrap();
    /// assert_eq!(at.offset().local_minus_utc(), -5 * 3600); // the offset is kept
    /// assert_eq!(at.to_utc().to_rfc3339(), "2026-11-26T14:30:00+00:00");
    /// assert_eq!(parse("2026-11-26T09:30:00")?.aware(), None);
    /// # Ok::<(), tzsafe::Error>(())
    /// ```
    #[must_use]
    pub fn aware(&self) -> Option<DateTime<FixedOffset>> {
        match self {
            MaybeAware::Naive(_) => None,
            MaybeAware::Aware(aware) => Some(*aware),
        }
    }

    /// The naive value, or `None` for an aware one. An aware value's offset is
    /// never silently dropped: use [`wall_time`](Self::wall_time) for that.
    ///
    /// # Example
    ///
    /// ```
    /// use tzsafe::parse;
    ///
    /// let naive = parse("2026-11-26 09:30")?.naive().unwrap();
    /// assert_eq!(naive.to_string(), "2026-11-26 09:30:00");
    /// // An aware value has no naive form, even at UTC.
    /// assert_eq!(parse("2026-11-26T09:30:00Z")?.naive(), None);
    /// # Ok::<(), tzsafe::Error>(())
    /// ```
    #[must_use]
    pub fn naive(&self) -> Option<NaiveDateTime> {
        match self {
            MaybeAware::Naive(naive) => Some(*naive),
            MaybeAware::Aware(_) => None,
        }
    }
}

/// Equality is structural: two aware values are equal when they are the same
/// instant *with the same offset* (unlike chrono's `DateTime`, whose `==`
/// ignores the offset), so a value that lost its offset is never equal to the
/// original. Compare instants with [`safe_cmp`](crate::safe_cmp).
///
/// ```
/// use tzsafe::MaybeAware;
///
/// let paris: MaybeAware = "2026-11-26T10:00:00+01:00".parse()?;
/// let utc: MaybeAware = "2026-11-26T09:00:00Z".parse()?;
/// assert_ne!(paris, utc);
/// assert!(tzsafe::safe_cmp(paris, utc)?.is_eq());
/// # Ok::<(), tzsafe::Error>(())
/// ```
impl PartialEq for MaybeAware {
    fn eq(&self, other: &Self) -> bool {
        match (self, other) {
            (MaybeAware::Naive(a), MaybeAware::Naive(b)) => a == b,
            (MaybeAware::Aware(a), MaybeAware::Aware(b)) => a == b && a.offset() == b.offset(),
            _ => false,
        }
    }
}

impl Eq for MaybeAware {}

impl core::hash::Hash for MaybeAware {
    fn hash<H: core::hash::Hasher>(&self, state: &mut H) {
        match self {
            MaybeAware::Naive(naive) => {
                state.write_u8(0);
                naive.hash(state);
            }
            MaybeAware::Aware(aware) => {
                state.write_u8(1);
                aware.naive_utc().hash(state);
                aware.offset().hash(state);
            }
        }
    }
}

impl From<NaiveDateTime> for MaybeAware {
    fn from(naive: NaiveDateTime) -> Self {
        MaybeAware::Naive(naive)
    }
}

impl From<&NaiveDateTime> for MaybeAware {
    fn from(naive: &NaiveDateTime) -> Self {
        MaybeAware::Naive(*naive)
    }
}

impl<Tz: TimeZone> From<DateTime<Tz>> for MaybeAware {
    fn from(aware: DateTime<Tz>) -> Self {
        MaybeAware::Aware(aware.fixed_offset())
    }
}

impl<Tz: TimeZone> From<&DateTime<Tz>> for MaybeAware {
    fn from(aware: &DateTime<Tz>) -> Self {
        MaybeAware::Aware(aware.fixed_offset())
    }
}

impl From<&MaybeAware> for MaybeAware {
    fn from(value: &MaybeAware) -> Self {
        *value
    }
}

impl From<SystemTime> for MaybeAware {
    /// The instant in UTC. A `SystemTime` beyond chrono's range (about 262,000
    /// years either side of year 0) saturates to `DateTime::<Utc>::MIN_UTC` /
    /// `MAX_UTC`.
    fn from(time: SystemTime) -> Self {
        MaybeAware::Aware(system_time_to_utc(time).fixed_offset())
    }
}

/// A `SystemTime` as a chrono instant, saturating at chrono's limits.
pub(crate) fn system_time_to_utc(time: SystemTime) -> DateTime<Utc> {
    match time.duration_since(UNIX_EPOCH) {
        Ok(after) => i64::try_from(after.as_secs())
            .ok()
            .and_then(|secs| DateTime::from_timestamp(secs, after.subsec_nanos()))
            .unwrap_or(DateTime::<Utc>::MAX_UTC),
        Err(before) => {
            let before = before.duration();
            // -(secs + nanos) = -(secs + 1) + (1e9 - nanos) when nanos > 0.
            let (secs, nanos) = match before.subsec_nanos() {
                0 => (i64::try_from(before.as_secs()).ok(), 0),
                n => (
                    i64::try_from(before.as_secs())
                        .ok()
                        .and_then(|s| s.checked_add(1)),
                    1_000_000_000u32.saturating_sub(n),
                ),
            };
            secs.and_then(|s| DateTime::from_timestamp(s.checked_neg()?, nanos))
                .unwrap_or(DateTime::<Utc>::MIN_UTC)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[test]
    fn system_time_conversion() {
        let t = UNIX_EPOCH + Duration::new(1_800_000_000, 5);
        assert_eq!(
            system_time_to_utc(t),
            DateTime::from_timestamp(1_800_000_000, 5).expect("valid")
        );
        let t = UNIX_EPOCH - Duration::new(10, 250);
        assert_eq!(
            system_time_to_utc(t),
            DateTime::from_timestamp(-11, 999_999_750).expect("valid")
        );
        let t = UNIX_EPOCH - Duration::new(10, 0);
        assert_eq!(
            system_time_to_utc(t),
            DateTime::from_timestamp(-10, 0).expect("valid")
        );
    }

    #[test]
    fn system_time_saturates() {
        let far = Duration::from_secs(400_000 * 366 * 86_400);
        if let Some(t) = UNIX_EPOCH.checked_add(far) {
            assert_eq!(system_time_to_utc(t), DateTime::<Utc>::MAX_UTC);
        }
        if let Some(t) = UNIX_EPOCH.checked_sub(far) {
            assert_eq!(system_time_to_utc(t), DateTime::<Utc>::MIN_UTC);
        }
    }

    #[test]
    fn maybe_aware_is_small_and_copy() {
        fn assert_copy_send_sync<T: Copy + Send + Sync>() {}
        assert_copy_send_sync::<MaybeAware>();
        assert_eq!(core::mem::size_of::<MaybeAware>(), 20);
    }
}
