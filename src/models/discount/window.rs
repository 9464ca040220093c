//! `DiscountWindow`: when a discount is valid, with local-calendar deadlines.

use core::fmt;

use chrono::{DateTime, NaiveDate, TimeDelta, Utc};

use super::Date;
use crate::{Error, ErrorKind, MaybeAware, TimezoneAware, Zone};

/// A calendar date in a time zone: "November 30 in America/New_York".
///
/// Its [`start`](Self::start) is the first instant whose local date is this
/// date (or later), [`Zone::start_of_day`], and its [`end`](Self::end) is the
/// start of the next day.
///
/// * Midnight, when the zone has it: `00:00` local.
/// * When midnight is skipped by a DST gap, the end of the gap: in
///   `America/Santiago` on 2026-09-06 clocks jump from 00:00 to 01:00, so the
///   day starts at 01:00 (04:00Z). In `America/Toronto` on 1919-03-31 they
///   jumped from 23:30 to 00:30, so the day starts at 00:30 — not at 01:00,
///   which reading midnight with [`Disambiguation::Compatible`](crate::Disambiguation::Compatible)
///   would give. This is Temporal's `startOfDay`.
/// * When midnight occurs twice (a fold), the first time: in `America/Havana`
///   on 2026-11-01 clocks go back from 01:00 to 00:00, and the day starts at
///   00:00 `-04:00` (04:00Z).
///   Where clocks went back across midnight (`America/St_Johns` on
///   1987-10-25: from 00:00:59 back to 23:01 the day before), the day starts
///   at its first midnight, so the repeated minutes of the previous evening
///   come after the end of a window valid "through" that evening's date.
/// * A date the zone skipped entirely (`Pacific/Apia` jumped from the end of
///   2011-12-29 to 2011-12-31) starts where the next existing day starts, so
///   its start equals its end and a window covering only that date is empty.
///
/// # Example
///
/// ```
/// use chrono::NaiveDate;
/// use tzsafe::models::discount::LocalDay;
/// use tzsafe::Zone;
///
/// let day = LocalDay::new(NaiveDate::from_ymd_opt(2026, 9, 6).unwrap(), "America/Santiago".parse::<Zone>()?);
/// assert_eq!(day.start()?.to_rfc3339(), "2026-09-06T04:00:00+00:00"); // 01:00 -03:00: midnight was skipped
/// assert_eq!(day.end()?.to_rfc3339(), "2026-09-07T03:00:00+00:00"); // 00:00 -03:00
/// assert_eq!(day.to_string(), "2026-09-06 in America/Santiago");
/// # Ok::<(), tzsafe::Error>(())
/// ```
///
/// # JSON
///
/// With the `serde` feature, an object with the date (`YYYY-MM-DD`, or a sign
/// and 6 digits for years outside 0000 to 9999) and the zone's name or offset:
/// `{"date":"2026-11-30","zone":"America/New_York"}`. Reading checks the date
/// with [`parse_date`](crate::parse_date) and the zone with
/// [`Zone`]'s `FromStr`.
///
/// ```
/// # #[cfg(feature = "serde")] {
/// use chrono::NaiveDate;
/// use tzsafe::models::discount::LocalDay;
/// use tzsafe::Zone;
///
/// let day = LocalDay::new(NaiveDate::from_ymd_opt(2026, 11, 30).unwrap(), "America/New_York".parse::<Zone>()?);
/// let json = serde_json::to_string(&day).unwrap();
/// assert_eq!(json, r#"{"date":"2026-11-30","zone":"America/New_York"}"#);
/// assert_eq!(serde_json::from_str::<LocalDay>(&json).unwrap(), day);
/// # }
/// # Ok::<(), tzsafe::Error>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct LocalDay {
    date: NaiveDate,
    zone: Zone,
}

impl LocalDay {
    /// The date `date` in `zone`.
    ///
    /// # Example
    ///
    /// ```
    /// use chrono::NaiveDate;
    /// use tzsafe::models::discount::LocalDay;
    /// use tzsafe::Zone;
    ///
    /// let date = NaiveDate::from_ymd_opt(2026, 12, 1).unwrap();
    /// let day = LocalDay::new(date, "Asia/Tokyo".parse::<Zone>()?);
    /// assert_eq!(day.to_string(), "2026-12-01 in Asia/Tokyo");
    /// assert_eq!(day.start()?.to_rfc3339(), "2026-11-30T15:00:00+00:00");
    /// # Ok::<(), tzsafe::Error>(())
    /// ```
    #[must_use]
    pub fn new(date: NaiveDate, zone: impl Into<Zone>) -> LocalDay {
        LocalDay {
            date,
            zone: zone.into(),
        }
    }

    /// The calendar date.
    #[must_use]
    pub fn date(&self) -> NaiveDate {
        self.date
    }

    /// The zone.
    #[must_use]
    pub fn zone(&self) -> Zone {
        self.zone
    }

    /// The first instant whose local date in the zone is this date (see the
    /// type's documentation for days that do not start at midnight).
    ///
    /// # Errors
    ///
    /// [`ErrorKind::OutOfRange`] when that instant is outside chrono's range.
    ///
    /// # Example
    ///
    /// ```
    /// use chrono::NaiveDate;
    /// use tzsafe::models::discount::LocalDay;
    /// use tzsafe::Zone;
    ///
    /// // In Havana clocks go back from 01:00 to 00:00: the day starts at the first midnight.
    /// let day = LocalDay::new(NaiveDate::from_ymd_opt(2027, 11, 7).unwrap(), "America/Havana".parse::<Zone>()?);
    /// assert_eq!(day.start()?.to_rfc3339(), "2027-11-07T04:00:00+00:00");
    /// # Ok::<(), tzsafe::Error>(())
    /// ```
    pub fn start(&self) -> Result<DateTime<Utc>, Error> {
        self.zone.start_of_day(self.date)
    }

    /// The first instant of the next day: the exclusive end of this day, and
    /// the end of a window valid "through" it.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::OutOfRange`] when the next day or its start is outside
    /// chrono's range.
    ///
    /// # Example
    ///
    /// ```
    /// use chrono::NaiveDate;
    /// use tzsafe::models::discount::LocalDay;
    /// use tzsafe::Zone;
    ///
    /// // Valid through November 30 in New York: until 00:00 EST on December 1.
    /// let day = LocalDay::new(NaiveDate::from_ymd_opt(2026, 11, 30).unwrap(), "America/New_York".parse::<Zone>()?);
    /// assert_eq!(day.end()?.to_rfc3339(), "2026-12-01T05:00:00+00:00");
    /// # Ok::<(), tzsafe::Error>(())
    /// ```
    pub fn end(&self) -> Result<DateTime<Utc>, Error> {
        let next = self.date.succ_opt().ok_or_else(|| {
            Error::new(
                ErrorKind::OutOfRange,
                format!(
                    "the day after {} is outside the range of representable dates",
                    Date(self.date)
                ),
            )
        })?;
        self.zone.start_of_day(next)
    }
}

impl fmt::Display for LocalDay {
    /// `2026-11-30 in America/New_York`; a year outside 0000 to 9999 as a
    /// sign and 6 digits (`+012345-06-07 in UTC`), as in JSON.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} in {}", Date(self.date), self.zone)
    }
}

/// Where a [`DiscountWindow`] starts.
///
/// # Example
///
/// ```
/// use chrono::{NaiveDate, TimeZone, Utc};
/// use tzsafe::models::discount::{DiscountWindow, LocalDay, WindowEnd, WindowStart};
/// use tzsafe::Zone;
///
/// // From an instant until the end of a merchant's local day.
/// let window = DiscountWindow::from_bounds(
///     WindowStart::At(Utc.with_ymd_and_hms(2026, 11, 26, 14, 0, 0).unwrap()),
///     WindowEnd::Through(LocalDay::new(NaiveDate::from_ymd_opt(2026, 11, 30).unwrap(), "Asia/Kolkata".parse::<Zone>()?)),
/// )?;
/// assert_eq!(window.ends_at().unwrap().to_rfc3339(), "2026-11-30T18:30:00+00:00");
/// # Ok::<(), tzsafe::Error>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum WindowStart {
    /// At this instant.
    At(DateTime<Utc>),
    /// At the start of this local day ([`LocalDay::start`]).
    On(LocalDay),
}

impl WindowStart {
    /// The instant the window starts.
    ///
    /// # Errors
    ///
    /// As [`LocalDay::start`].
    ///
    /// # Example
    ///
    /// ```
    /// use chrono::{NaiveDate, TimeZone, Utc};
    /// use tzsafe::models::discount::{LocalDay, WindowStart};
    /// use tzsafe::Zone;
    ///
    /// let at = Utc.with_ymd_and_hms(2026, 11, 26, 14, 0, 0).unwrap();
    /// assert_eq!(WindowStart::At(at).instant()?, at);
    /// let day = LocalDay::new(NaiveDate::from_ymd_opt(2026, 11, 1).unwrap(), "Europe/Paris".parse::<Zone>()?);
    /// assert_eq!(WindowStart::On(day).instant()?.to_rfc3339(), "2026-10-31T23:00:00+00:00");
    /// # Ok::<(), tzsafe::Error>(())
    /// ```
    pub fn instant(&self) -> Result<DateTime<Utc>, Error> {
        match self {
            WindowStart::At(at) => Ok(*at),
            WindowStart::On(day) => day.start(),
        }
    }
}

/// Where a [`DiscountWindow`] ends.
///
/// # Example
///
/// ```
/// use chrono::NaiveDate;
/// use tzsafe::models::discount::{LocalDay, WindowEnd};
/// use tzsafe::Zone;
///
/// let through = WindowEnd::Through(LocalDay::new(NaiveDate::from_ymd_opt(2026, 11, 30).unwrap(), "America/New_York".parse::<Zone>()?));
/// assert_eq!(through.instant()?.unwrap().to_rfc3339(), "2026-12-01T05:00:00+00:00");
/// assert_eq!(WindowEnd::Open.instant()?, None);
/// # Ok::<(), tzsafe::Error>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum WindowEnd {
    /// Never: the window is open-ended.
    Open,
    /// At this instant, which is no longer in the window.
    At(DateTime<Utc>),
    /// After this whole local day: at the start of the next one ([`LocalDay::end`]).
    Through(LocalDay),
}

impl WindowEnd {
    /// The instant the window ends (the first instant outside it), `None` when
    /// it is open-ended.
    ///
    /// # Errors
    ///
    /// As [`LocalDay::end`].
    ///
    /// # Example
    ///
    /// ```
    /// use chrono::{NaiveDate, TimeZone, Utc};
    /// use tzsafe::models::discount::{LocalDay, WindowEnd};
    /// use tzsafe::Zone;
    ///
    /// let at = Utc.with_ymd_and_hms(2026, 11, 26, 14, 0, 0).unwrap();
    /// assert_eq!(WindowEnd::At(at).instant()?, Some(at));
    /// let day = LocalDay::new(NaiveDate::from_ymd_opt(2026, 11, 30).unwrap(), "Europe/Paris".parse::<Zone>()?);
    /// assert_eq!(WindowEnd::Through(day).instant()?.unwrap().to_rfc3339(), "2026-11-30T23:00:00+00:00");
    /// assert_eq!(WindowEnd::Open.instant()?, None);
    /// # Ok::<(), tzsafe::Error>(())
    /// ```
    pub fn instant(&self) -> Result<Option<DateTime<Utc>>, Error> {
        match self {
            WindowEnd::Open => Ok(None),
            WindowEnd::At(at) => Ok(Some(*at)),
            WindowEnd::Through(day) => day.end().map(Some),
        }
    }
}

/// Where a time is relative to a [`DiscountWindow`].
///
/// The variants are ordered in time: for a fixed window, the status at a
/// later instant is never less than the status at an earlier one.
///
/// # Example
///
/// ```
/// use chrono::{TimeZone, Utc};
/// use tzsafe::models::discount::{DiscountStatus, DiscountWindow};
/// use tzsafe::TimezoneAware;
///
/// let at = |h| Utc.with_ymd_and_hms(2026, 11, 26, h, 0, 0).unwrap();
/// let window = DiscountWindow::new(&TimezoneAware::new(), at(9), at(17))?;
/// assert_eq!(window.status_at(at(8)), DiscountStatus::Scheduled); // not "expired"
/// assert_eq!(window.status_at(at(9)), DiscountStatus::Active);
/// assert_eq!(window.status_at(at(17)), DiscountStatus::Expired);
/// assert!(DiscountStatus::Scheduled < DiscountStatus::Active);
/// assert_eq!(DiscountStatus::Expired.to_string(), "expired");
/// # Ok::<(), tzsafe::Error>(())
/// ```
///
/// # JSON
///
/// With the `serde` feature, a string: `"scheduled"`, `"active"` or `"expired"`.
///
/// ```
/// # #[cfg(feature = "serde")] {
/// use tzsafe::models::discount::DiscountStatus;
///
/// assert_eq!(serde_json::to_string(&DiscountStatus::Active).unwrap(), r#""active""#);
/// assert_eq!(serde_json::from_str::<DiscountStatus>(r#""expired""#).unwrap(), DiscountStatus::Expired);
/// # }
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[cfg_attr(
    feature = "serde",
    derive(::serde::Serialize, ::serde::Deserialize),
    serde(rename_all = "lowercase")
)]
pub enum DiscountStatus {
    /// The window has not started yet.
    Scheduled,
    /// The window contains the instant.
    Active,
    /// The window has ended.
    Expired,
}

impl DiscountStatus {
    /// `"scheduled"`, `"active"` or `"expired"`.
    ///
    /// # Example
    ///
    /// ```
    /// use tzsafe::models::discount::DiscountStatus;
    ///
    /// assert_eq!(DiscountStatus::Scheduled.as_str(), "scheduled");
    /// ```
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            DiscountStatus::Scheduled => "scheduled",
            DiscountStatus::Active => "active",
            DiscountStatus::Expired => "expired",
        }
    }
}

impl fmt::Display for DiscountStatus {
    /// [`as_str`](Self::as_str); width and alignment flags apply (`{:>9}`).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(self.as_str())
    }
}

/// When a discount is valid: the half-open interval `[starts_at, ends_at)` of
/// instants, open-ended when there is no `ends_at`.
///
/// A window always ends after it starts: constructors and deserialization
/// refuse `ends_at <= starts_at` with an [`ErrorKind::InvalidValue`] error
/// that names both instants and carries an [`InvalidWindow`]
/// ([`Error::downcast_ref`]).
///
/// Bounds given as local days ([`WindowStart::On`], [`WindowEnd::Through`])
/// are kept with their zone, so that [`start`](Self::start) and
/// [`end`](Self::end) say what the merchant asked for. The instants are
/// computed from them when the window is built and again whenever it is
/// deserialized: a window stored before a tz database update ends at the
/// merchant's midnight under the rules of the running program, not under the
/// rules that were in force when it was stored. (Within one program the rules
/// do not change, so there is nothing to recompute in memory.)
///
/// # Example
///
/// ```
/// use chrono::{NaiveDate, TimeDelta, TimeZone, Utc};
/// use tzsafe::models::discount::{DiscountStatus, DiscountWindow, InvalidWindow};
/// use tzsafe::{ErrorKind, TimezoneAware};
/// use tzsafe::Zone;
///
/// // Valid through November 30, New York time.
/// let window = DiscountWindow::local_dates(
///     NaiveDate::from_ymd_opt(2026, 11, 1).unwrap(),
///     NaiveDate::from_ymd_opt(2026, 11, 30).unwrap(),
///     "America/New_York".parse::<Zone>()?,
/// )?;
/// let end = Utc.with_ymd_and_hms(2026, 12, 1, 5, 0, 0).unwrap();
/// assert_eq!(window.ends_at(), Some(end));
/// assert!(window.is_valid_at(end - TimeDelta::nanoseconds(1)));
/// assert_eq!(window.status_at(end), DiscountStatus::Expired);
///
/// // Naive legacy values are read in the context's zone; a backwards window is refused.
/// let ctx = TimezoneAware::new().default_tz("America/New_York".parse::<Zone>()?);
/// let start = NaiveDate::from_ymd_opt(2026, 12, 2).unwrap().and_hms_opt(0, 0, 0).unwrap();
/// let err = DiscountWindow::new(&ctx, start, end).unwrap_err();
/// assert_eq!(err.kind(), ErrorKind::InvalidValue);
/// assert_eq!(err.downcast_ref::<InvalidWindow>().map(InvalidWindow::ends_at), Some(end));
/// assert_eq!(
///     err.to_string(),
///     "invalid discount window: end 2026-12-01T05:00:00Z is not after start 2026-12-02T05:00:00Z",
/// );
/// # Ok::<(), tzsafe::Error>(())
/// ```
///
/// # JSON
///
/// With the `serde` feature, an object with the instants (RFC 3339) and the
/// local days the bounds were given as, if any:
/// `{"starts_at":...,"ends_at":... or null,"starts_on":{local day},"through":{local day}}`
/// (`starts_on` and `through` are written only for bounds given as local days;
/// a [`LocalDay`] is `{"date":...,"zone":...}`). An instant bound is written
/// with `Z`; a local-day bound at its zone's offset, as the wall time it is
/// there (`"2026-12-08T00:00:00-07:00"`), so that the text records both the
/// instant and the rules it was computed with, as RFC 9557 does.
///
/// Reading: a bound given as a local day is computed from it with the tz
/// rules of the running program. The instant beside it may be omitted; where
/// it has the bound's wall time at another offset, the zone's rules changed
/// since the window was written (a new tz release, or another database), and
/// the ambient context's [`OffsetConflict`](crate::OffsetConflict) policy
/// ([`TimezoneAware::offset_conflict`]) decides: `Reject`, the default,
/// refuses the window with a message naming both instants (nothing moves by
/// an hour silently); `Ignore` keeps the local day with today's rules;
/// `Use` keeps the recorded instant, which becomes the bound; `Prefer`
/// keeps the instant where the zone still has that offset at that wall
/// time, else the local day. An instant at another wall time (an inclusive
/// end at 23:59:59, or a UTC text from another producer) is not a record of
/// the bound, and the local day counts. Otherwise `starts_at` is required,
/// and `ends_at` must be present, `null` for an open-ended window, so that a
/// forgotten end never makes a discount valid forever. A naive instant (no
/// offset) is an error, and so is a window whose end is not after its start.
///
/// ```
/// # #[cfg(feature = "serde")] {
/// use chrono::{NaiveDate, TimeZone, Utc};
/// use tzsafe::models::discount::DiscountWindow;
/// use tzsafe::TimezoneAware;
/// use tzsafe::Zone;
///
/// let window = DiscountWindow::local_dates(
///     NaiveDate::from_ymd_opt(2026, 11, 1).unwrap(),
///     NaiveDate::from_ymd_opt(2026, 11, 30).unwrap(),
///     "America/New_York".parse::<Zone>()?,
/// )?;
/// let json = serde_json::to_string(&window).unwrap();
/// assert_eq!(
///     json,
///     concat!(
///         r#"{"starts_at":"2026-11-01T00:00:00-04:00","ends_at":"2026-12-01T00:00:00-05:00","#,
///         r#""starts_on":{"date":"2026-11-01","zone":"America/New_York"},"#,
///         r#""through":{"date":"2026-11-30","zone":"America/New_York"}}"#,
///     ),
/// );
/// assert_eq!(serde_json::from_str::<DiscountWindow>(&json).unwrap(), window);
///
/// let open = DiscountWindow::open_ended(&TimezoneAware::new(), Utc.with_ymd_and_hms(2026, 1, 1, 0, 0, 0).unwrap())?;
/// assert_eq!(serde_json::to_string(&open).unwrap(), r#"{"starts_at":"2026-01-01T00:00:00Z","ends_at":null}"#);
/// // Without `ends_at` a window is refused, not read as open-ended.
/// let err = serde_json::from_str::<DiscountWindow>(r#"{"starts_at":"2026-01-01T00:00:00Z"}"#).unwrap_err();
/// assert!(err.to_string().starts_with("missing field `ends_at`"), "{err}");
/// # }
/// # Ok::<(), tzsafe::Error>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct DiscountWindow {
    starts_at: DateTime<Utc>,
    ends_at: Option<DateTime<Utc>>,
    start: WindowStart,
    end: WindowEnd,
}

impl DiscountWindow {
    /// The window `[starts_at, ends_at)`. Naive values are read by `ctx`
    /// ([`TimezoneAware::ensure_timezone_aware`]): as wall time in its default
    /// zone under its DST policy, or refused under
    /// [`NaivePolicy::Reject`](crate::NaivePolicy::Reject).
    ///
    /// # Errors
    ///
    /// [`ErrorKind::InvalidValue`] with an [`InvalidWindow`] when
    /// `ends_at <= starts_at`; the errors of
    /// [`TimezoneAware::ensure_timezone_aware`] for naive values.
    ///
    /// # Example
    ///
    /// ```
    /// use chrono::{NaiveDate, TimeZone, Utc};
    /// use tzsafe::models::discount::DiscountWindow;
    /// use tzsafe::TimezoneAware;
    /// use tzsafe::Zone;
    ///
    /// // An aware start and a naive legacy end, read as wall time in Paris.
    /// let ctx = TimezoneAware::new().default_tz("Europe/Paris".parse::<Zone>()?);
    /// let start = Utc.with_ymd_and_hms(2026, 11, 27, 8, 0, 0).unwrap();
    /// let end = NaiveDate::from_ymd_opt(2026, 11, 30).unwrap().and_hms_opt(23, 0, 0).unwrap();
    /// let window = DiscountWindow::new(&ctx, start, end)?;
    /// assert_eq!(window.ends_at().unwrap().to_rfc3339(), "2026-11-30T22:00:00+00:00");
    /// # Ok::<(), tzsafe::Error>(())
    /// ```
    pub fn new(
        ctx: &TimezoneAware,
        starts_at: impl Into<MaybeAware>,
        ends_at: impl Into<MaybeAware>,
    ) -> Result<DiscountWindow, Error> {
        let starts_at = ctx.ensure_timezone_aware(starts_at)?;
        let ends_at = ctx.ensure_timezone_aware(ends_at)?;
        DiscountWindow::from_bounds(WindowStart::At(starts_at), WindowEnd::At(ends_at))
    }

    /// The open-ended window that starts at `starts_at`, read by `ctx` like
    /// [`new`](Self::new).
    ///
    /// # Errors
    ///
    /// The errors of [`TimezoneAware::ensure_timezone_aware`] for naive values.
    ///
    /// # Example
    ///
    /// ```
    /// use chrono::{TimeDelta, TimeZone, Utc};
    /// use tzsafe::models::discount::DiscountWindow;
    /// use tzsafe::TimezoneAware;
    ///
    /// let start = Utc.with_ymd_and_hms(2026, 1, 1, 0, 0, 0).unwrap();
    /// let window = DiscountWindow::open_ended(&TimezoneAware::new(), start)?;
    /// assert_eq!(window.ends_at(), None);
    /// assert!(window.is_valid_at(start + TimeDelta::days(100_000)));
    /// assert_eq!(window.remaining_at(start), None); // no deadline
    /// # Ok::<(), tzsafe::Error>(())
    /// ```
    pub fn open_ended(
        ctx: &TimezoneAware,
        starts_at: impl Into<MaybeAware>,
    ) -> Result<DiscountWindow, Error> {
        let starts_at = ctx.ensure_timezone_aware(starts_at)?;
        DiscountWindow::from_bounds(WindowStart::At(starts_at), WindowEnd::Open)
    }

    /// The window from the start of local date `first` through the end of local
    /// date `last` (inclusive), both in `zone`: it ends at the first instant of
    /// the day after `last`.
    ///
    /// A date that `zone` skipped entirely (`Pacific/Apia`, 2011-12-30) is
    /// accepted: as `last`, the window ends where the next existing day starts
    /// (the same instant as "through 2011-12-29"); as `first`, it starts there.
    /// A window made only of skipped dates is empty and refused.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::InvalidValue`] with an [`InvalidWindow`] when `last` is
    /// before `first` (or the window is empty, as above);
    /// [`ErrorKind::OutOfRange`] at the ends of
    /// chrono's range.
    ///
    /// # Example
    ///
    /// ```
    /// use chrono::NaiveDate;
    /// use tzsafe::models::discount::DiscountWindow;
    /// use tzsafe::Zone;
    ///
    /// let date = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap();
    /// let apia: Zone = "Pacific/Apia".parse()?;
    /// // Samoa skipped 2011-12-30: "through the 29th" ends at 00:00 on the 31st.
    /// let window = DiscountWindow::local_dates(date(2011, 12, 29), date(2011, 12, 29), apia)?;
    /// assert_eq!(window.starts_at().to_rfc3339(), "2011-12-29T10:00:00+00:00");
    /// assert_eq!(window.ends_at().unwrap().to_rfc3339(), "2011-12-30T10:00:00+00:00");
    ///
    /// let err = DiscountWindow::local_dates(date(2011, 12, 30), date(2011, 12, 30), apia).unwrap_err();
    /// assert_eq!(err.kind(), tzsafe::ErrorKind::InvalidValue);
    /// assert!(err.downcast_ref::<tzsafe::models::discount::InvalidWindow>().is_some());
    /// # Ok::<(), tzsafe::Error>(())
    /// ```
    pub fn local_dates(
        first: NaiveDate,
        last: NaiveDate,
        zone: impl Into<Zone>,
    ) -> Result<DiscountWindow, Error> {
        let zone = zone.into();
        DiscountWindow::from_bounds(
            WindowStart::On(LocalDay::new(first, zone)),
            WindowEnd::Through(LocalDay::new(last, zone)),
        )
    }

    /// The window between `start` and `end`, each an instant or a local day.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::InvalidValue`] with an [`InvalidWindow`] when the end is
    /// not after the start;
    /// [`ErrorKind::OutOfRange`] when a local day's bound is outside chrono's
    /// range.
    ///
    /// # Example
    ///
    /// ```
    /// use chrono::{NaiveDate, TimeZone, Utc};
    /// use tzsafe::models::discount::{DiscountWindow, LocalDay, WindowEnd, WindowStart};
    /// use tzsafe::Zone;
    ///
    /// let start = Utc.with_ymd_and_hms(2026, 11, 30, 12, 0, 0).unwrap();
    /// let day = LocalDay::new(NaiveDate::from_ymd_opt(2026, 11, 29).unwrap(), "Asia/Tokyo".parse::<Zone>()?);
    /// // Through November 29 in Tokyo ends at 15:00Z on the 29th: before the start.
    /// let err = DiscountWindow::from_bounds(WindowStart::At(start), WindowEnd::Through(day)).unwrap_err();
    /// assert_eq!(
    ///     err.to_string(),
    ///     "invalid discount window: end 2026-11-29T15:00:00Z (end of 2026-11-29 in Asia/Tokyo) is not after start 2026-11-30T12:00:00Z",
    /// );
    /// # Ok::<(), tzsafe::Error>(())
    /// ```
    pub fn from_bounds(start: WindowStart, end: WindowEnd) -> Result<DiscountWindow, Error> {
        let starts_at = start.instant()?;
        let ends_at = end.instant()?;
        if let Some(ends_at) = ends_at
            && ends_at <= starts_at
        {
            return Err(Error::new(
                ErrorKind::InvalidValue,
                InvalidWindow {
                    start,
                    starts_at,
                    end,
                    ends_at,
                },
            ));
        }
        Ok(DiscountWindow {
            starts_at,
            ends_at,
            start,
            end,
        })
    }

    /// The first instant in the window.
    #[must_use]
    #[inline]
    pub fn starts_at(&self) -> DateTime<Utc> {
        self.starts_at
    }

    /// The first instant after the window, `None` when it is open-ended.
    #[must_use]
    #[inline]
    pub fn ends_at(&self) -> Option<DateTime<Utc>> {
        self.ends_at
    }

    /// The start as it was given: an instant or a local day.
    #[must_use]
    pub fn start(&self) -> WindowStart {
        self.start
    }

    /// The end as it was given: none, an instant or a local day.
    #[must_use]
    pub fn end(&self) -> WindowEnd {
        self.end
    }

    /// How long the window lasts, `None` when it is open-ended.
    ///
    /// # Example
    ///
    /// ```
    /// use chrono::{NaiveDate, TimeDelta};
    /// use tzsafe::models::discount::DiscountWindow;
    /// use tzsafe::Zone;
    ///
    /// // November 1 in New York has 25 hours: clocks go back.
    /// let day = NaiveDate::from_ymd_opt(2026, 11, 1).unwrap();
    /// let window = DiscountWindow::local_dates(day, day, "America/New_York".parse::<Zone>()?)?;
    /// assert_eq!(window.duration(), Some(TimeDelta::hours(25)));
    /// # Ok::<(), tzsafe::Error>(())
    /// ```
    #[must_use]
    pub fn duration(&self) -> Option<TimeDelta> {
        self.ends_at
            .map(|ends_at| ends_at.signed_duration_since(self.starts_at))
    }

    /// Where `now` is relative to the window: before it, in it, or after it.
    ///
    /// # Example
    ///
    /// ```
    /// use chrono::{TimeDelta, TimeZone, Utc};
    /// use tzsafe::models::discount::{DiscountStatus, DiscountWindow};
    ///
    /// let start = Utc.with_ymd_and_hms(2026, 11, 26, 9, 0, 0).unwrap();
    /// let window = DiscountWindow::open_ended(&tzsafe::TimezoneAware::new(), start)?;
    /// assert_eq!(window.status_at(start - TimeDelta::nanoseconds(1)), DiscountStatus::Scheduled);
    /// assert_eq!(window.status_at(start + TimeDelta::days(36_500)), DiscountStatus::Active); // never expires
    /// # Ok::<(), tzsafe::Error>(())
    /// ```
    #[must_use]
    #[inline]
    pub fn status_at(&self, now: DateTime<Utc>) -> DiscountStatus {
        if now < self.starts_at {
            DiscountStatus::Scheduled
        } else {
            match self.ends_at {
                Some(ends_at) if now >= ends_at => DiscountStatus::Expired,
                _ => DiscountStatus::Active,
            }
        }
    }

    /// [`status_at`](Self::status_at) now according to `ctx`'s clock
    /// ([`TimezoneAware::now`]).
    ///
    /// # Example
    ///
    /// ```
    /// use chrono::{TimeDelta, TimeZone, Utc};
    /// use tzsafe::models::discount::{DiscountStatus, DiscountWindow};
    /// use tzsafe::TimezoneAware;
    ///
    /// let at = |d| Utc.with_ymd_and_hms(2026, 11, d, 0, 0, 0).unwrap();
    /// let window = DiscountWindow::new(&TimezoneAware::new(), at(10), at(20))?;
    /// let ctx = TimezoneAware::new().frozen_at(at(1));
    /// assert_eq!(window.status(&ctx), DiscountStatus::Scheduled);
    /// ctx.advance(TimeDelta::days(19))?;
    /// assert_eq!(window.status(&ctx), DiscountStatus::Expired);
    /// # Ok::<(), tzsafe::Error>(())
    /// ```
    #[must_use]
    pub fn status(&self, ctx: &TimezoneAware) -> DiscountStatus {
        self.status_at(ctx.now())
    }

    /// Whether the window contains `now`: `starts_at <= now < ends_at`.
    ///
    /// # Example
    ///
    /// ```
    /// use chrono::{TimeDelta, TimeZone, Utc};
    /// use tzsafe::models::discount::DiscountWindow;
    /// use tzsafe::TimezoneAware;
    ///
    /// let at = |h| Utc.with_ymd_and_hms(2026, 11, 26, h, 0, 0).unwrap();
    /// let window = DiscountWindow::new(&TimezoneAware::new(), at(9), at(17))?;
    /// assert!(window.is_valid_at(at(9))); // the start is in the window
    /// assert!(window.is_valid_at(at(17) - TimeDelta::nanoseconds(1)));
    /// assert!(!window.is_valid_at(at(17))); // the end is not
    /// # Ok::<(), tzsafe::Error>(())
    /// ```
    #[must_use]
    #[inline]
    pub fn is_valid_at(&self, now: DateTime<Utc>) -> bool {
        self.status_at(now) == DiscountStatus::Active
    }

    /// [`is_valid_at`](Self::is_valid_at) now according to `ctx`'s clock
    /// ([`TimezoneAware::now`]).
    ///
    /// # Example
    ///
    /// ```
    /// use chrono::{TimeZone, Utc};
    /// use tzsafe::models::discount::DiscountWindow;
    /// use tzsafe::TimezoneAware;
    ///
    /// let at = |d| Utc.with_ymd_and_hms(2026, 11, d, 0, 0, 0).unwrap();
    /// let window = DiscountWindow::new(&TimezoneAware::new(), at(1), at(30))?;
    /// let ctx = TimezoneAware::new().frozen_at(at(15));
    /// assert!(window.is_valid(&ctx));
    /// # Ok::<(), tzsafe::Error>(())
    /// ```
    #[must_use]
    pub fn is_valid(&self, ctx: &TimezoneAware) -> bool {
        self.is_valid_at(ctx.now())
    }

    /// How long the window stays valid after `now`: `Some(ends_at - now)`
    /// while it is [`Active`](DiscountStatus::Active) and has an end; `None`
    /// before it starts, after it ends, and when it is open-ended.
    ///
    /// # Example
    ///
    /// ```
    /// use chrono::{TimeDelta, TimeZone, Utc};
    /// use tzsafe::models::discount::DiscountWindow;
    /// use tzsafe::TimezoneAware;
    ///
    /// let at = |h| Utc.with_ymd_and_hms(2026, 11, 26, h, 0, 0).unwrap();
    /// let window = DiscountWindow::new(&TimezoneAware::new(), at(9), at(17))?;
    /// assert_eq!(window.remaining_at(at(12)), Some(TimeDelta::hours(5)));
    /// assert_eq!(window.remaining_at(at(8)), None);
    /// assert_eq!(window.remaining_at(at(17)), None);
    /// assert_eq!(window.starts_in_at(at(8)), Some(TimeDelta::hours(1)));
    /// assert_eq!(window.starts_in_at(at(9)), None);
    /// # Ok::<(), tzsafe::Error>(())
    /// ```
    #[must_use]
    pub fn remaining_at(&self, now: DateTime<Utc>) -> Option<TimeDelta> {
        match self.ends_at {
            Some(ends_at) if self.starts_at <= now && now < ends_at => {
                Some(ends_at.signed_duration_since(now))
            }
            _ => None,
        }
    }

    /// [`remaining_at`](Self::remaining_at) now according to `ctx`'s clock
    /// ([`TimezoneAware::now`]).
    ///
    /// # Example
    ///
    /// ```
    /// use chrono::{TimeDelta, TimeZone, Utc};
    /// use tzsafe::models::discount::DiscountWindow;
    /// use tzsafe::TimezoneAware;
    ///
    /// let at = |h| Utc.with_ymd_and_hms(2026, 11, 26, h, 0, 0).unwrap();
    /// let window = DiscountWindow::new(&TimezoneAware::new(), at(9), at(17))?;
    /// let ctx = TimezoneAware::new().frozen_at(at(16));
    /// assert_eq!(window.remaining(&ctx), Some(TimeDelta::hours(1)));
    /// # Ok::<(), tzsafe::Error>(())
    /// ```
    #[must_use]
    pub fn remaining(&self, ctx: &TimezoneAware) -> Option<TimeDelta> {
        self.remaining_at(ctx.now())
    }

    /// How long until the window starts: `Some(starts_at - now)` while it is
    /// [`Scheduled`](DiscountStatus::Scheduled), `None` once it has started.
    ///
    /// # Example
    ///
    /// ```
    /// use chrono::{TimeDelta, TimeZone, Utc};
    /// use tzsafe::models::discount::DiscountWindow;
    /// use tzsafe::TimezoneAware;
    ///
    /// let at = |h| Utc.with_ymd_and_hms(2026, 11, 26, h, 0, 0).unwrap();
    /// let window = DiscountWindow::open_ended(&TimezoneAware::new(), at(9))?;
    /// assert_eq!(window.starts_in_at(at(6)), Some(TimeDelta::hours(3)));
    /// assert_eq!(window.starts_in_at(at(9)), None);
    /// # Ok::<(), tzsafe::Error>(())
    /// ```
    #[must_use]
    pub fn starts_in_at(&self, now: DateTime<Utc>) -> Option<TimeDelta> {
        (now < self.starts_at).then(|| self.starts_at.signed_duration_since(now))
    }

    /// [`starts_in_at`](Self::starts_in_at) now according to `ctx`'s clock
    /// ([`TimezoneAware::now`]).
    ///
    /// # Example
    ///
    /// ```
    /// use chrono::{TimeDelta, TimeZone, Utc};
    /// use tzsafe::models::discount::DiscountWindow;
    /// use tzsafe::TimezoneAware;
    ///
    /// let at = |h| Utc.with_ymd_and_hms(2026, 11, 26, h, 0, 0).unwrap();
    /// let window = DiscountWindow::open_ended(&TimezoneAware::new(), at(9))?;
    /// let ctx = TimezoneAware::new().frozen_at(at(8));
    /// assert_eq!(window.starts_in(&ctx), Some(TimeDelta::hours(1)));
    /// # Ok::<(), tzsafe::Error>(())
    /// ```
    #[must_use]
    pub fn starts_in(&self, ctx: &TimezoneAware) -> Option<TimeDelta> {
        self.starts_in_at(ctx.now())
    }
}

impl fmt::Display for DiscountWindow {
    /// `[2026-11-01T04:00:00Z, 2026-12-01T05:00:00Z)`, or `[2026-11-01T04:00:00Z, ∞)`
    /// when open-ended.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let starts_at = MaybeAware::from(self.starts_at);
        match self.ends_at {
            Some(ends_at) => write!(f, "[{starts_at}, {})", MaybeAware::from(ends_at)),
            None => write!(f, "[{starts_at}, ∞)"),
        }
    }
}

/// Why a [`DiscountWindow`] was refused: its end is not after its start.
///
/// The window constructors and deserialization return it inside a
/// [`tzsafe::Error`](crate::Error) of kind [`ErrorKind::InvalidValue`], with
/// its message; [`Error::downcast_ref`] finds it there.
///
/// # Example
///
/// ```
/// use chrono::NaiveDate;
/// use tzsafe::models::discount::{DiscountWindow, InvalidWindow, LocalDay, WindowEnd};
/// use tzsafe::Zone;
///
/// let date = |d| NaiveDate::from_ymd_opt(2026, 11, d).unwrap();
/// let err = DiscountWindow::local_dates(date(30), date(1), "America/New_York".parse::<Zone>()?).unwrap_err();
/// let why = err.downcast_ref::<InvalidWindow>().unwrap();
/// assert_eq!(why.end(), WindowEnd::Through(LocalDay::new(date(1), "America/New_York".parse::<Zone>()?)));
/// assert_eq!(why.ends_at().to_rfc3339(), "2026-11-02T05:00:00+00:00");
/// assert!(why.ends_at() <= why.starts_at());
/// assert_eq!(why.to_string(), err.to_string());
/// # Ok::<(), tzsafe::Error>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct InvalidWindow {
    start: WindowStart,
    starts_at: DateTime<Utc>,
    end: WindowEnd,
    ends_at: DateTime<Utc>,
}

impl InvalidWindow {
    /// The start as it was given.
    #[must_use]
    pub fn start(&self) -> WindowStart {
        self.start
    }

    /// The instant the window would start.
    #[must_use]
    pub fn starts_at(&self) -> DateTime<Utc> {
        self.starts_at
    }

    /// The end as it was given.
    #[must_use]
    pub fn end(&self) -> WindowEnd {
        self.end
    }

    /// The instant the window would end: not after [`starts_at`](Self::starts_at).
    #[must_use]
    pub fn ends_at(&self) -> DateTime<Utc> {
        self.ends_at
    }
}

impl fmt::Display for InvalidWindow {
    /// `invalid discount window: end {ends_at} is not after start {starts_at}`,
    /// each with the local day it was given as, if any.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "invalid discount window: end {}",
            MaybeAware::from(self.ends_at)
        )?;
        if let WindowEnd::Through(day) = self.end {
            write!(f, " (end of {day})")?;
        }
        write!(
            f,
            " is not after start {}",
            MaybeAware::from(self.starts_at)
        )?;
        if let WindowStart::On(day) = self.start {
            write!(f, " (start of {day})")?;
        }
        Ok(())
    }
}

impl std::error::Error for InvalidWindow {}
