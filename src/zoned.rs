//! Values that carry their time zone: RFC 9557's
//! `2026-12-07T10:00:00-07:00[America/Vancouver]`, read with an explicit
//! rule for an offset the zone's rules no longer give ([`OffsetConflict`]),
//! and written back.

use core::fmt;

use chrono::{DateTime, FixedOffset, MappedLocalTime, NaiveDateTime, Offset, TimeZone, Utc};

use crate::ambient::ambient_settings;
use crate::aware::MaybeAware;
use crate::display::{empty, rounded_to_minute, write_rfc9557};
use crate::error::{quote, Error, ErrorKind};
use crate::parse::{read_rfc9557, Recorded};
use crate::resolve::{naive_to_resolved, naive_to_utc, Disambiguation, OffsetConflict, Resolution};
use crate::zone::Zone;

impl OffsetConflict {
    /// The instant of the wall time `wall`, recorded with the UTC offset
    /// `offset`, in `zone`: how a stored zoned value is read back. Where the
    /// zone has that offset at that wall time, this is the instant `wall` at
    /// `offset`; where it does not, the policy decides (see the table on
    /// [`OffsetConflict`]), and `disambiguation` resolves the wall time in a
    /// gap or fold when the policy falls back to it.
    ///
    /// An offset without seconds matches a zone offset with seconds that
    /// rounds to it (the zone's own offset is then used).
    ///
    /// # Errors
    ///
    /// [`ErrorKind::OffsetMismatch`] under [`Reject`](Self::Reject) when the
    /// zone does not have `offset` at `wall` (or skips `wall`);
    /// [`ErrorKind::Ambiguous`] and [`ErrorKind::Nonexistent`] when the wall
    /// time is resolved under [`Disambiguation::Reject`] in a fold or gap;
    /// [`ErrorKind::OutOfRange`] when the instant is outside chrono's range.
    ///
    /// # Example
    ///
    /// ```
    /// use chrono::{FixedOffset, NaiveDate};
    /// use tzsafe::{Disambiguation, ErrorKind, OffsetConflict, Zone};
    ///
    /// // Recorded at +01:00, but Paris was at +02:00 that day.
    /// let paris: Zone = "Europe/Paris".parse()?;
    /// let wall = NaiveDate::from_ymd_opt(2022, 7, 8).unwrap().and_hms_opt(0, 14, 7).unwrap();
    /// let recorded = FixedOffset::east_opt(3600).unwrap();
    ///
    /// let err = OffsetConflict::Reject
    ///     .resolve(wall, recorded, paris, Disambiguation::Compatible)
    ///     .unwrap_err();
    /// assert_eq!(err.kind(), ErrorKind::OffsetMismatch);
    /// assert_eq!(
    ///     err.to_string(),
    ///     "2022-07-08T00:14:07+01:00 does not match Europe/Paris: its offset at that \
    ///      wall time is +02:00, not the +01:00 recorded (were the zone's rules changed \
    ///      since the value was written?)",
    /// );
    ///
    /// // The same instant, 23:14:07 UTC, is 01:14:07 in Paris.
    /// let at = OffsetConflict::Use.resolve(wall, recorded, paris, Disambiguation::Compatible)?;
    /// assert_eq!(at.to_rfc3339(), "2022-07-08T01:14:07+02:00");
    /// // The same wall time, 00:14:07 in Paris.
    /// let at = OffsetConflict::Prefer.resolve(wall, recorded, paris, Disambiguation::Compatible)?;
    /// assert_eq!(at.to_rfc3339(), "2022-07-08T00:14:07+02:00");
    ///
    /// // Where the zone has the offset, every policy but Ignore keeps the instant.
    /// let cest = FixedOffset::east_opt(7200).unwrap();
    /// let at = OffsetConflict::Reject.resolve(wall, cest, paris, Disambiguation::Compatible)?;
    /// assert_eq!(at.to_rfc3339(), "2022-07-08T00:14:07+02:00");
    /// # Ok::<(), tzsafe::Error>(())
    /// ```
    pub fn resolve(
        self,
        wall: NaiveDateTime,
        offset: FixedOffset,
        zone: Zone,
        disambiguation: Disambiguation,
    ) -> Result<DateTime<Zone>, Error> {
        let secs = offset.local_minus_utc();
        self.resolve_recorded(&wall, secs, secs % 60 == 0, zone, disambiguation)
    }

    /// [`resolve`](Self::resolve), with whether the offset was written
    /// without seconds (`minutes`): only then does it match a zone offset
    /// with seconds that rounds to it.
    #[inline]
    fn resolve_recorded(
        self,
        wall: &NaiveDateTime,
        secs: i32,
        minutes: bool,
        zone: Zone,
        disambiguation: Disambiguation,
    ) -> Result<DateTime<Zone>, Error> {
        let matches = |candidate: i32| {
            candidate == secs
                || (minutes && candidate % 60 != 0 && rounded_to_minute(candidate) == secs)
        };
        let zone_time = || -> Result<DateTime<Zone>, Error> {
            Ok(naive_to_utc(wall, &zone, disambiguation)?.with_timezone(&zone))
        };
        match self {
            OffsetConflict::Use => {
                let utc = at_offset(wall, secs)?;
                Ok(utc.with_timezone(&zone))
            }
            OffsetConflict::Ignore => zone_time(),
            OffsetConflict::Prefer | OffsetConflict::Reject => {
                let found = match zone.offset_from_local_datetime(wall) {
                    MappedLocalTime::Single(o) if matches(o.fix().local_minus_utc()) => Some(o),
                    MappedLocalTime::Ambiguous(earlier, later) => {
                        if matches(earlier.fix().local_minus_utc()) {
                            Some(earlier)
                        } else if matches(later.fix().local_minus_utc()) {
                            Some(later)
                        } else {
                            None
                        }
                    }
                    _ => None,
                };
                match found {
                    Some(o) => {
                        let utc = at_offset(wall, o.fix().local_minus_utc())?;
                        Ok(DateTime::from_naive_utc_and_offset(utc.naive_utc(), o))
                    }
                    None if self == OffsetConflict::Prefer => zone_time(),
                    None => Err(mismatch(wall, secs, zone)),
                }
            }
        }
    }
}

/// The instant of `wall` at the offset `secs`.
fn at_offset(wall: &NaiveDateTime, secs: i32) -> Result<DateTime<Utc>, Error> {
    FixedOffset::east_opt(secs)
        .and_then(|offset| wall.checked_sub_offset(offset))
        .map(|utc| utc.and_utc())
        .ok_or_else(|| {
            Error::message(
                ErrorKind::OutOfRange,
                format!(
                    "{}{} is outside the range of representable instants",
                    MaybeAware::Naive(*wall),
                    offset_text(secs)
                ),
            )
        })
}

/// `±HH:MM`, or `±HH:MM:SS` for an offset with seconds.
fn offset_text(secs: i32) -> String {
    FixedOffset::east_opt(secs).map_or_else(|| format!("{secs}s"), |o| o.to_string())
}

/// The error of [`OffsetConflict::Reject`]: `wall` at `secs` is not a time
/// `zone` has.
#[cold]
fn mismatch(wall: &NaiveDateTime, secs: i32, zone: Zone) -> Error {
    let recorded = offset_text(secs);
    let value = format!("{}{recorded}", MaybeAware::Naive(*wall));
    let text = |o: i32| offset_text(o);
    let detail = match zone.offset_from_local_datetime(wall) {
        MappedLocalTime::Single(o) => format!(
            "its offset at that wall time is {}, not the {recorded} recorded",
            text(o.fix().local_minus_utc())
        ),
        MappedLocalTime::Ambiguous(earlier, later) => format!(
            "that wall time occurs twice there, at {} and at {}, not at the {recorded} recorded",
            text(earlier.fix().local_minus_utc()),
            text(later.fix().local_minus_utc())
        ),
        MappedLocalTime::None => match naive_to_resolved(wall, &zone, Disambiguation::Compatible)
            .map(|resolved| resolved.resolution())
        {
            Ok(Resolution::Gap { transition, .. }) => {
                let before = transition - chrono::TimeDelta::seconds(1);
                format!(
                    "that wall time does not exist there (clocks jumped from {} to {} at {}), \
                     so no offset is valid",
                    text(zone.offset_at(&before).local_minus_utc()),
                    text(zone.offset_at(&transition).local_minus_utc()),
                    MaybeAware::from(transition),
                )
            }
            _ => "that wall time does not exist there, so no offset is valid".to_owned(),
        },
    };
    Error::message(
        ErrorKind::OffsetMismatch,
        format!(
            "{value} does not match {zone}: {detail} (were the zone's rules changed since the \
             value was written?)"
        ),
    )
}

/// Reads an RFC 9557 timestamp: a date and time, a UTC offset, and the time
/// zone in brackets, as jiff, `java.time.ZonedDateTime` and JavaScript's
/// Temporal write them: `2026-12-07T10:00:00-07:00[America/Vancouver]`.
///
/// # Accepted forms
///
/// * The date and time as [`parse`](crate::parse()) reads them (RFC 3339,
///   and also a space for `T`, no seconds, expanded years).
/// * The offset: `±HH:MM` or `±HH:MM:SS`, resolved against the zone by
///   `offset` (see [`OffsetConflict`]); `Z` or `-00:00`, which RFC 9557
///   defines as "the instant is known, the local offset is not": the
///   instant, in the zone, whatever `offset` says; or none, and the wall
///   time is resolved in the zone by the ambient context's
///   [`Disambiguation`] policy.
/// * The time zone, required: `[America/Vancouver]` (an IANA name as
///   [`Zone`]'s `FromStr` reads it, case-sensitive), `[UTC]`, or an offset
///   `[+05:30]`, optionally marked critical (`[!Europe/Paris]`).
/// * Then any `[key=value]` annotations: RFC 9557 says to ignore those a
///   reader does not act on (`[u-ca=hebrew]`, a calendar to display the date
///   in) and to refuse the timestamp for those marked critical
///   (`[!u-ca=hebrew]`): tzsafe acts on none but `u-ca=iso8601`, the
///   calendar chrono's dates are in. Experimental keys (`[_foo=bar]`) are
///   refused, as RFC 9557 requires of a reader outside the experiment.
///
/// Where `offset` resolves the wall time ([`OffsetConflict::Ignore`], and
/// [`OffsetConflict::Prefer`] when the offset does not match, or no offset
/// is written), a wall time in a gap or fold is resolved by the ambient
/// context's [`Disambiguation`] policy ([`TimezoneAware`](crate::TimezoneAware)).
///
/// Use [`OffsetConflict::Reject`] for stored values: it refuses a value
/// whose zone's rules changed since it was written, instead of silently
/// moving it in time or on the clock. The critical flag on the zone
/// (`[!Europe/Paris]`), which RFC 9557 says requires acting on an
/// inconsistency, does not change the outcome: the policy passed here is
/// that action.
///
/// # Errors
///
/// [`ErrorKind::Parse`] when `input` is not such a timestamp (the message
/// says what was expected where); [`ErrorKind::UnknownZone`] for a zone name
/// that is not in the tz database; [`ErrorKind::OffsetMismatch`] under
/// [`OffsetConflict::Reject`] when the zone does not have the offset at that
/// wall time; [`ErrorKind::Ambiguous`] and [`ErrorKind::Nonexistent`] when a
/// wall time is resolved under [`Disambiguation::Reject`];
/// [`ErrorKind::OutOfRange`] outside chrono's range.
///
/// # Example
///
/// ```
/// use tzsafe::{format_rfc9557, parse_rfc9557, ErrorKind, OffsetConflict};
///
/// let at = parse_rfc9557("2025-12-07T10:00:00-08:00[America/Vancouver]", OffsetConflict::Reject)?;
/// assert_eq!(at.to_rfc3339(), "2025-12-07T10:00:00-08:00");
/// assert_eq!(at.timezone().to_string(), "America/Vancouver");
/// assert_eq!(format_rfc9557(&at).to_string(), "2025-12-07T10:00:00-08:00[America/Vancouver]");
///
/// // `Z`: the instant is known; the zone gives the wall time.
/// let at = parse_rfc9557("2025-12-07T18:00:00Z[America/Vancouver][u-ca=hebrew]", OffsetConflict::Reject)?;
/// assert_eq!(at.to_rfc3339(), "2025-12-07T10:00:00-08:00");
///
/// let err = parse_rfc9557("2025-12-07T10:00:00-08:00", OffsetConflict::Reject).unwrap_err();
/// assert_eq!(err.kind(), ErrorKind::Parse);
/// assert_eq!(
///     err.to_string(),
///     "invalid RFC 9557 timestamp \"2025-12-07T10:00:00-08:00\": expected '[' and a time zone \
///      like [America/New_York] (parse_aware reads a timestamp without one) (at byte 25)",
/// );
/// # Ok::<(), tzsafe::Error>(())
/// ```
#[inline]
pub fn parse_rfc9557(input: &str, offset: OffsetConflict) -> Result<DateTime<Zone>, Error> {
    let ixdtf = read_rfc9557(input)?;
    let zone = match ixdtf.zone.parse::<Zone>() {
        Ok(zone) => zone,
        Err(err) => return Err(unknown_zone(input, ixdtf.zone, ixdtf.zone_at, &err)),
    };
    match ixdtf.offset {
        Recorded::Offset { secs, minutes } => offset.resolve_recorded(
            &ixdtf.wall,
            secs,
            minutes,
            zone,
            ambient_settings().disambiguation,
        ),
        Recorded::Unknown => Ok(at_offset(&ixdtf.wall, 0)?.with_timezone(&zone)),
        Recorded::Missing => {
            let utc = naive_to_utc(&ixdtf.wall, &zone, ambient_settings().disambiguation)?;
            Ok(utc.with_timezone(&zone))
        }
    }
}

/// The error for a zone name `Zone::from_str` refused (`err`), at `at`.
#[cold]
fn unknown_zone(input: &str, name: &str, at: usize, err: &Error) -> Error {
    Error::message(
        err.kind(),
        format!(
            "invalid RFC 9557 timestamp \"{}\": unknown time zone \"{}\": expected an IANA \
             name like America/New_York (case-sensitive), UTC or an offset like +05:30 \
             (at byte {at})",
            quote(input.as_bytes()),
            quote(name.as_bytes()),
        ),
    )
}

/// Writes `value` as RFC 9557 reads it: its wall time, its UTC offset and
/// its zone, `2026-12-07T10:00:00-07:00[America/Vancouver]`, as jiff and
/// Temporal write zoned values. [`parse_rfc9557`] reads the text back to the
/// same instant and zone, for UTC, fixed offsets and zones read by name.
///
/// The fraction of a second is written with 3, 6 or 9 digits when it is not
/// zero (as [`MaybeAware`]'s `Display` writes it); years outside 0000-9999
/// with a sign and 6 digits. The offset is written `±HH:MM` (`+00:00` for
/// zero; `Z` would say the offset is unknown), rounded to the nearest minute
/// when the zone's offset has seconds (New York's local mean time,
/// `-04:56:02`, is written `-04:56`), as jiff and Temporal write it and as
/// [`parse_rfc9557`] matches it. The zone is written as its `Display`
/// shows it: `America/Vancouver`, `UTC`, or a fixed offset `+05:30` (with
/// seconds, `+05:53:28`, which tzsafe reads but RFC 9557 does not define).
///
/// The text is written straight into the formatter, without allocating.
///
/// # Example
///
/// ```
/// use chrono::TimeZone;
/// use tzsafe::{format_rfc9557, parse_rfc9557, OffsetConflict, Zone};
///
/// let vancouver: Zone = "America/Vancouver".parse()?;
/// let at = vancouver.with_ymd_and_hms(2025, 12, 7, 10, 0, 0).unwrap();
/// let text = format_rfc9557(&at).to_string();
/// assert_eq!(text, "2025-12-07T10:00:00-08:00[America/Vancouver]");
/// assert_eq!(parse_rfc9557(&text, OffsetConflict::Reject)?, at);
///
/// let utc = Zone::UTC.with_ymd_and_hms(2026, 12, 7, 18, 0, 0).unwrap();
/// assert_eq!(format_rfc9557(&utc).to_string(), "2026-12-07T18:00:00+00:00[UTC]");
/// # Ok::<(), tzsafe::Error>(())
/// ```
#[must_use]
pub fn format_rfc9557(value: &DateTime<Zone>) -> impl fmt::Display + use<> {
    Rfc9557 {
        at: value.fixed_offset(),
        zone: value.timezone(),
    }
}

/// What [`format_rfc9557`] returns: the text is built where it is written
/// (see `write_rfc9557` on why it is never moved).
struct Rfc9557 {
    at: DateTime<FixedOffset>,
    zone: Zone,
}

impl fmt::Display for Rfc9557 {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // The timestamp and the `[` in one buffer; the zone's `Display`
        // writes its name (or a fixed offset) whatever the caller's flags.
        let mut text = empty();
        write_rfc9557(&mut text, &self.at);
        text.put(b"[");
        f.write_str(text.as_str())?;
        fmt::Display::fmt(&self.zone, f)?;
        f.write_str("]")
    }
}
