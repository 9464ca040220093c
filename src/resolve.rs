//! Turning a naive wall time into an instant: DST policies and the audit report.

// Arithmetic near chrono's limits: an overflow here must be impossible, not
// merely unlikely.
#![warn(clippy::indexing_slicing, clippy::arithmetic_side_effects)]

use core::any::Any;
use core::fmt;
use core::str::FromStr;

use chrono::{DateTime, FixedOffset, NaiveDateTime, NaiveTime, TimeDelta, TimeZone, Timelike, Utc};

use crate::error::{Error, ErrorKind};
use crate::zone::{local_offsets_of, LocalOffsets, Zone};

/// What to do with a wall time that a zone skips (a gap) or repeats (a fold).
///
/// The semantics are those of Temporal and jiff:
///
/// | policy | fold (wall time occurs twice) | gap (wall time skipped) |
/// |---|---|---|
/// | `Compatible` | the earlier instant | shifted forward by the gap's length |
/// | `Earlier` | the earlier instant | shifted back by the gap's length |
/// | `Later` | the later instant | shifted forward by the gap's length |
/// | `Reject` | an [`ErrorKind::Ambiguous`] error | an [`ErrorKind::Nonexistent`] error |
///
/// `Compatible` is exactly what CPython does with `fold=0` (PEP 495) and what
/// `java.time` does by default.
///
/// # Example
///
/// ```
/// use chrono::NaiveDate;
/// use tzsafe::{Disambiguation, TimezoneAware};
/// use tzsafe::Zone;
///
/// // 2026-03-08 02:30 does not exist in New York: clocks jump from 02:00 to 03:00.
/// let gap = NaiveDate::from_ymd_opt(2026, 3, 8).unwrap().and_hms_opt(2, 30, 0).unwrap();
/// let ctx = TimezoneAware::new().default_tz("America/New_York".parse::<Zone>()?);
///
/// let later = ctx.clone().disambiguation(Disambiguation::Compatible).ensure_timezone_aware(gap)?;
/// assert_eq!(later.to_rfc3339(), "2026-03-08T07:30:00+00:00"); // 03:30 EDT
/// let earlier = ctx.clone().disambiguation(Disambiguation::Earlier).ensure_timezone_aware(gap)?;
/// assert_eq!(earlier.to_rfc3339(), "2026-03-08T06:30:00+00:00"); // 01:30 EST
/// let err = ctx.disambiguation(Disambiguation::Reject).ensure_timezone_aware(gap).unwrap_err();
/// assert_eq!(err.kind(), tzsafe::ErrorKind::Nonexistent);
/// # Ok::<(), tzsafe::Error>(())
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Disambiguation {
    /// The earlier instant in a fold; shift forward in a gap (Python's `fold=0`).
    #[default]
    Compatible,
    /// The earlier instant in a fold; shift back in a gap.
    Earlier,
    /// The later instant in a fold; shift forward in a gap.
    Later,
    /// An error in both cases.
    Reject,
}

impl Disambiguation {
    /// The policy's name as [`FromStr`] reads it: `"compatible"`, `"earlier"`,
    /// `"later"` or `"reject"`.
    ///
    /// # Example
    ///
    /// ```
    /// use tzsafe::Disambiguation;
    ///
    /// // A policy read from configuration and written back to it.
    /// let policy: Disambiguation = "Later".parse()?;
    /// assert_eq!(policy, Disambiguation::Later);
    /// assert_eq!(policy.as_str(), "later");
    /// assert_eq!(Disambiguation::default().as_str(), "compatible");
    /// # Ok::<(), tzsafe::Error>(())
    /// ```
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            Disambiguation::Compatible => "compatible",
            Disambiguation::Earlier => "earlier",
            Disambiguation::Later => "later",
            Disambiguation::Reject => "reject",
        }
    }
}

impl fmt::Display for Disambiguation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(self.as_str())
    }
}

impl FromStr for Disambiguation {
    type Err = Error;

    /// Reads `compatible`, `earlier`, `later` or `reject` (ASCII case ignored).
    ///
    /// # Example
    ///
    /// ```
    /// use tzsafe::Disambiguation;
    ///
    /// assert_eq!("REJECT".parse::<Disambiguation>()?, Disambiguation::Reject);
    /// let err = "fold=1".parse::<Disambiguation>().unwrap_err();
    /// assert_eq!(
    ///     err.to_string(),
    ///     "invalid disambiguation policy \"fold=1\": expected one of compatible, earlier, later, reject (at byte 0)",
    /// );
    /// # Ok::<(), tzsafe::Error>(())
    /// ```
    fn from_str(s: &str) -> Result<Self, Error> {
        [
            Disambiguation::Compatible,
            Disambiguation::Earlier,
            Disambiguation::Later,
            Disambiguation::Reject,
        ]
        .into_iter()
        .find(|d| d.as_str().eq_ignore_ascii_case(s))
        .ok_or_else(|| {
            Error::parse(
                "disambiguation policy",
                s.as_bytes(),
                0,
                "expected one of compatible, earlier, later, reject",
            )
        })
    }
}

/// An instant together with how it was obtained, from [`resolve`](crate::resolve()) or
/// [`TimezoneAware::resolve`](crate::TimezoneAware::resolve): for auditing
/// where naive values were read and what a DST policy did to them.
///
/// # Example
///
/// ```
/// use chrono::{NaiveDate, TimeDelta};
/// use tzsafe::{resolve, Resolution};
/// use tzsafe::Zone;
///
/// let gap = NaiveDate::from_ymd_opt(2026, 3, 8).unwrap().and_hms_opt(2, 30, 0).unwrap();
/// let resolved = resolve(gap, &"America/New_York".parse::<Zone>()?)?;
/// assert_eq!(resolved.instant().to_rfc3339(), "2026-03-08T07:30:00+00:00");
/// match resolved.resolution() {
///     Resolution::Gap { shift, .. } => assert_eq!(shift, TimeDelta::hours(1)),
///     other => panic!("expected a gap, got {other:?}"),
/// }
/// # Ok::<(), tzsafe::Error>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Resolved {
    instant: DateTime<Utc>,
    offset: FixedOffset,
    resolution: Resolution,
}

impl Resolved {
    /// The instant.
    #[must_use]
    pub fn instant(&self) -> DateTime<Utc> {
        self.instant
    }

    /// The UTC offset at [`instant`](Self::instant): the value's own for an aware
    /// value, the zone's offset there for a naive one. In a gap this is not the
    /// offset the wall time was read with: 02:30 in New York's spring-forward gap
    /// becomes 03:30 at `-04:00` under `Compatible`.
    #[must_use]
    pub fn offset(&self) -> FixedOffset {
        self.offset
    }

    /// How the instant was obtained.
    #[must_use]
    pub fn resolution(&self) -> Resolution {
        self.resolution
    }

    /// The instant with its offset: the wall time as it really was (shifted, for
    /// a wall time in a gap).
    ///
    /// # Example
    ///
    /// ```
    /// use tzsafe::resolve;
    /// use tzsafe::Zone;
    ///
    /// // 02:30 does not exist in New York on 2026-03-08 (02:00 EST became 03:00 EDT):
    /// // Compatible moves it forward by the gap, to 03:30 EDT.
    /// let gap = tzsafe::parse_naive("2026-03-08T02:30:00")?;
    /// let resolved = resolve(gap, &"America/New_York".parse::<Zone>()?)?;
    /// assert_eq!(resolved.fixed_offset().to_rfc3339(), "2026-03-08T03:30:00-04:00");
    ///
    /// // An aware value keeps the offset it came with.
    /// let aware = resolve(tzsafe::parse("2026-03-08T02:30:00+01:00")?, &"America/New_York".parse::<Zone>()?)?;
    /// assert_eq!(aware.fixed_offset().to_rfc3339(), "2026-03-08T02:30:00+01:00");
    /// # Ok::<(), tzsafe::Error>(())
    /// ```
    #[must_use]
    pub fn fixed_offset(&self) -> DateTime<FixedOffset> {
        self.instant.with_timezone(&self.offset)
    }
}

/// How [`Resolved::instant`] was obtained.
#[non_exhaustive]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Resolution {
    /// The value carried its own UTC offset; no zone was consulted.
    Aware,
    /// A naive wall time that occurs exactly once in the zone.
    Unambiguous,
    /// A naive wall time that occurs twice (clocks were turned back).
    Fold {
        /// The other instant with the same wall time.
        alternative: DateTime<Utc>,
        /// Whether the earlier of the two instants was taken.
        took_earlier: bool,
        /// The instant the clocks were turned back.
        transition: DateTime<Utc>,
    },
    /// A naive wall time that the zone skipped (clocks jumped forward).
    Gap {
        /// How far the wall time was moved: positive when shifted forward
        /// (`Compatible`, `Later`), negative when shifted back (`Earlier`).
        shift: TimeDelta,
        /// The instant the clocks jumped.
        transition: DateTime<Utc>,
    },
}

/// A zone given as any chrono `TimeZone`: the ones tzsafe knows go through
/// [`Zone`]'s fast tables, any other through chrono's `offset_from_local_datetime`.
#[inline]
pub(crate) fn known_zone<Tz: TimeZone + 'static>(tz: &Tz) -> Option<Zone> {
    let any = tz as &dyn Any;
    if let Some(zone) = any.downcast_ref::<Zone>() {
        return Some(*zone);
    }
    #[cfg(feature = "chrono-tz")]
    if let Some(tz) = any.downcast_ref::<chrono_tz::Tz>() {
        return Some(Zone::iana(*tz));
    }
    if any.is::<Utc>() {
        return Some(Zone::UTC);
    }
    if let Some(offset) = any.downcast_ref::<FixedOffset>() {
        return Some(Zone::fixed(*offset));
    }
    None
}

#[inline]
fn local_offsets<Tz: TimeZone + 'static>(tz: &Tz, wall: &NaiveDateTime) -> LocalOffsets {
    // A `Zone` is read where it is rather than copied first: the copy, stored
    // and read back at once, cost a store-forwarding stall on every call.
    if let Some(zone) = (tz as &dyn Any).downcast_ref::<Zone>() {
        return zone.local_offsets(wall);
    }
    match known_zone(tz) {
        Some(zone) => zone.local_offsets(wall),
        None => local_offsets_of(tz, wall),
    }
}

/// `wall` read with the offset `secs`, as an instant.
#[inline]
fn at_offset(wall: &NaiveDateTime, secs: i32) -> Result<DateTime<Utc>, Error> {
    // The common case inline: the instant is on the wall time's own date
    // (chrono's `checked_sub_offset` is not inlined across crates). Offsets
    // are below a day, so neither step can overflow.
    let of_day = i64::from(wall.num_seconds_from_midnight()).wrapping_sub(i64::from(secs));
    if wall.nanosecond() < 1_000_000_000
        && let Ok(of_day) = u32::try_from(of_day)
        && let Some(time) = NaiveTime::from_num_seconds_from_midnight_opt(of_day, wall.nanosecond())
    {
        return Ok(NaiveDateTime::new(wall.date(), time).and_utc());
    }
    at_offset_across_days(wall, secs)
}

/// [`at_offset`] where the instant is on another date, or `wall` is a leap
/// second.
#[inline(never)]
fn at_offset_across_days(wall: &NaiveDateTime, secs: i32) -> Result<DateTime<Utc>, Error> {
    FixedOffset::east_opt(secs)
        .and_then(|offset| wall.checked_sub_offset(offset))
        .map(|utc| utc.and_utc())
        .ok_or_else(|| out_of_range_at(wall, secs))
}

#[cold]
fn out_of_range(wall: &NaiveDateTime) -> Error {
    Error::message(
        ErrorKind::OutOfRange,
        format!(
            "{} in this zone is outside the range of representable instants",
            wall.format("%Y-%m-%dT%H:%M:%S%.f")
        ),
    )
}

#[cold]
fn out_of_range_at(wall: &NaiveDateTime, offset_secs: i32) -> Error {
    match FixedOffset::east_opt(offset_secs) {
        Some(offset) => Error::message(
            ErrorKind::OutOfRange,
            format!(
                "{} at offset {offset} is outside the range of representable instants (years -262143 to 262142)",
                wall.format("%Y-%m-%dT%H:%M:%S%.f")
            ),
        ),
        None => out_of_range(wall),
    }
}

/// The instant of the wall time `wall` in `tz` under `policy`: the hot path of
/// `ensure_timezone_aware`.
#[inline(always)]
pub(crate) fn naive_to_utc<Tz: TimeZone + 'static>(
    wall: &NaiveDateTime,
    tz: &Tz,
    policy: Disambiguation,
) -> Result<DateTime<Utc>, Error> {
    let offsets = local_offsets(tz, wall);
    match (offsets, policy) {
        (LocalOffsets::Unique(o), _) => at_offset(wall, o),
        (
            LocalOffsets::Fold { before, .. },
            Disambiguation::Compatible | Disambiguation::Earlier,
        )
        | (LocalOffsets::Gap { before, .. }, Disambiguation::Compatible | Disambiguation::Later) => {
            at_offset(wall, before)
        }
        (LocalOffsets::Fold { after, .. }, Disambiguation::Later)
        | (LocalOffsets::Gap { after, .. }, Disambiguation::Earlier) => at_offset(wall, after),
        (_, Disambiguation::Reject) => Err(rejected(wall, tz, offsets)),
    }
}

/// Like [`naive_to_utc`], with the report of how the instant was chosen.
pub(crate) fn naive_to_resolved<Tz: TimeZone + 'static>(
    wall: &NaiveDateTime,
    tz: &Tz,
    policy: Disambiguation,
) -> Result<Resolved, Error> {
    let offsets = local_offsets(tz, wall);
    // `read_with` is the offset the wall time is read with; `actual` the zone's
    // offset at the resulting instant (they differ only in a gap).
    let resolved =
        |read_with: i32, actual: i32, resolution: Resolution| -> Result<Resolved, Error> {
            Ok(Resolved {
                instant: at_offset(wall, read_with)?,
                offset: FixedOffset::east_opt(actual).ok_or_else(|| out_of_range(wall))?,
                resolution,
            })
        };
    let transition_at =
        |secs: i64| DateTime::from_timestamp(secs, 0).ok_or_else(|| out_of_range(wall));
    match offsets {
        LocalOffsets::Unique(o) => resolved(o, o, Resolution::Unambiguous),
        _ if policy == Disambiguation::Reject => Err(rejected(wall, tz, offsets)),
        LocalOffsets::Fold {
            before,
            after,
            transition,
        } => {
            let took_earlier = policy != Disambiguation::Later;
            let (chosen, other) = if took_earlier {
                (before, after)
            } else {
                (after, before)
            };
            resolved(
                chosen,
                chosen,
                Resolution::Fold {
                    alternative: at_offset(wall, other)?,
                    took_earlier,
                    transition: transition_at(transition)?,
                },
            )
        }
        LocalOffsets::Gap {
            before,
            after,
            transition,
        } => {
            // Offsets are below a day, so these cannot overflow.
            let forward = TimeDelta::seconds(i64::from(after).saturating_sub(i64::from(before)));
            let back = TimeDelta::seconds(i64::from(before).saturating_sub(i64::from(after)));
            // Reading with the offset from before the gap lands after it, and the
            // reverse: the instant's actual offset is the other one.
            let (read_with, actual, shift) = if policy == Disambiguation::Earlier {
                (after, before, back)
            } else {
                (before, after, forward)
            };
            resolved(
                read_with,
                actual,
                Resolution::Gap {
                    shift,
                    transition: transition_at(transition)?,
                },
            )
        }
    }
}

/// The error for a fold or gap under [`Disambiguation::Reject`].
#[cold]
fn rejected<Tz: TimeZone + 'static>(wall: &NaiveDateTime, tz: &Tz, offsets: LocalOffsets) -> Error {
    let zone = match known_zone(tz) {
        Some(zone) => zone.to_string(),
        None => core::any::type_name::<Tz>().to_owned(),
    };
    let with = |secs: i32| -> Option<DateTime<FixedOffset>> {
        let offset = FixedOffset::east_opt(secs)?;
        Some(
            wall.checked_sub_offset(offset)?
                .and_utc()
                .with_timezone(&offset),
        )
    };
    match offsets {
        LocalOffsets::Unique(_) => out_of_range(wall),
        LocalOffsets::Fold { before, after, .. } => match (with(before), with(after)) {
            (Some(earlier), Some(later)) => Error::ambiguous(*wall, zone, earlier, later),
            _ => out_of_range(wall),
        },
        LocalOffsets::Gap {
            before,
            after,
            transition,
        } => {
            let bounds = DateTime::from_timestamp(transition, 0).and_then(|at| {
                let start = at
                    .naive_utc()
                    .checked_add_offset(FixedOffset::east_opt(before)?)?;
                let end = at
                    .naive_utc()
                    .checked_add_offset(FixedOffset::east_opt(after)?)?;
                Some((start, end, at))
            });
            match bounds {
                Some((start, end, at)) => Error::nonexistent(*wall, zone, start, end, at),
                None => out_of_range(wall),
            }
        }
    }
}

impl Resolved {
    pub(crate) fn aware(aware: &DateTime<FixedOffset>) -> Resolved {
        Resolved {
            instant: aware.to_utc(),
            offset: *aware.offset(),
            resolution: Resolution::Aware,
        }
    }
}

/// What to do when the UTC offset recorded with a wall time is not one its
/// time zone has there: Temporal's `offset` option, with its four values.
///
/// A value stored as `2026-12-07T10:00:00-08:00[America/Vancouver]` says two
/// things: an instant (10:00 at `-08:00`, 18:00 UTC) and a wall time in a
/// zone (10:00 in Vancouver). They agree while the zone's rules are the ones
/// the value was written with. British Columbia has since moved to
/// permanent daylight time (tz release 2026f: `-07:00` all year from March
/// 2026), so under today's rules 18:00 UTC is 11:00 in Vancouver, and
/// 10:00 there is 17:00 UTC: the value must either move on the clock or in
/// time. The policy decides which, or refuses:
///
/// | policy | offset valid in the zone | offset not valid there |
/// | --- | --- | --- |
/// | [`Use`](Self::Use) | the instant | the instant (the wall time moves) |
/// | [`Prefer`](Self::Prefer) | the instant | the wall time, resolved by the [`Disambiguation`] policy |
/// | [`Ignore`](Self::Ignore) | the wall time, resolved by the [`Disambiguation`] policy | the same |
/// | [`Reject`](Self::Reject) | the instant | an [`ErrorKind::OffsetMismatch`] error naming both offsets |
///
/// In a fold the recorded offset picks one of the two instants; in a gap no
/// offset is valid (the wall time does not exist), so `Prefer` resolves the
/// wall time and `Reject` refuses it, as in Temporal and jiff.
///
/// `Reject` is the default, and the one to use for stored data: any other
/// policy silently changes either the instant or the wall time of a value
/// whose zone's rules changed since it was written, and that is a decision
/// for the application (is the event at the same UTC instant, or at the same
/// local time?), not for the parser.
///
/// An offset written without seconds (`-04:56`) matches a zone offset with
/// seconds that rounds to it (New York's local mean time, `-04:56:02`): RFC
/// 3339 offsets have no seconds, so writers (tzsafe's, jiff's, Temporal's)
/// round them.
///
/// # Example
///
/// ```
/// use tzsafe::{parse_rfc9557, ErrorKind, OffsetConflict};
///
/// // Written under the rules before tz 2026f, when Vancouver was at -08:00 in
/// // December; today's data has British Columbia at -07:00 all year.
/// let stored = "2026-12-07T10:00:00-08:00[America/Vancouver]";
/// let err = parse_rfc9557(stored, OffsetConflict::Reject).unwrap_err();
/// assert_eq!(err.kind(), ErrorKind::OffsetMismatch);
/// assert_eq!(
///     err.to_string(),
///     "2026-12-07T10:00:00-08:00 does not match America/Vancouver: its offset at that wall \
///      time is -07:00, not the -08:00 recorded (were the zone's rules changed since the \
///      value was written?)",
/// );
///
/// // Keep the instant (18:00 UTC, now 11:00 in Vancouver), or the wall time (10:00).
/// let instant = parse_rfc9557(stored, OffsetConflict::Use)?;
/// assert_eq!(instant.to_rfc3339(), "2026-12-07T11:00:00-07:00");
/// let wall = parse_rfc9557(stored, OffsetConflict::Prefer)?;
/// assert_eq!(wall.to_rfc3339(), "2026-12-07T10:00:00-07:00");
/// # Ok::<(), tzsafe::Error>(())
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum OffsetConflict {
    /// The recorded offset wins: the instant is kept, the wall time follows
    /// from the zone's rules at that instant (Temporal's `use`).
    Use,
    /// The recorded offset if the zone has it at that wall time, else the
    /// zone's rules for the wall time (Temporal's `prefer`).
    Prefer,
    /// The recorded offset is ignored: the wall time is resolved in the zone
    /// (Temporal's `ignore`).
    Ignore,
    /// A recorded offset the zone does not have there is an
    /// [`ErrorKind::OffsetMismatch`] error (Temporal's `reject`, the default).
    #[default]
    Reject,
}

impl OffsetConflict {
    /// The policy's name as [`FromStr`] reads it and Temporal spells it:
    /// `"use"`, `"prefer"`, `"ignore"` or `"reject"`.
    ///
    /// # Example
    ///
    /// ```
    /// use tzsafe::OffsetConflict;
    ///
    /// let policy: OffsetConflict = "prefer".parse()?;
    /// assert_eq!(policy, OffsetConflict::Prefer);
    /// assert_eq!(OffsetConflict::default().as_str(), "reject");
    /// # Ok::<(), tzsafe::Error>(())
    /// ```
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            OffsetConflict::Use => "use",
            OffsetConflict::Prefer => "prefer",
            OffsetConflict::Ignore => "ignore",
            OffsetConflict::Reject => "reject",
        }
    }
}

impl fmt::Display for OffsetConflict {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(self.as_str())
    }
}

impl FromStr for OffsetConflict {
    type Err = Error;

    /// Reads `use`, `prefer`, `ignore` or `reject` (ASCII case ignored).
    ///
    /// # Example
    ///
    /// ```
    /// use tzsafe::OffsetConflict;
    ///
    /// assert_eq!("Use".parse::<OffsetConflict>()?, OffsetConflict::Use);
    /// let err = "keep".parse::<OffsetConflict>().unwrap_err();
    /// assert_eq!(
    ///     err.to_string(),
    ///     "invalid offset conflict policy \"keep\": expected one of use, prefer, ignore, reject (at byte 0)",
    /// );
    /// # Ok::<(), tzsafe::Error>(())
    /// ```
    fn from_str(s: &str) -> Result<Self, Error> {
        [
            OffsetConflict::Use,
            OffsetConflict::Prefer,
            OffsetConflict::Ignore,
            OffsetConflict::Reject,
        ]
        .into_iter()
        .find(|policy| policy.as_str().eq_ignore_ascii_case(s))
        .ok_or_else(|| {
            Error::parse(
                "offset conflict policy",
                s.as_bytes(),
                0,
                "expected one of use, prefer, ignore, reject",
            )
        })
    }
}
