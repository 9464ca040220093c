//! [`Zone`] from and to `jiff::tz::TimeZone`, keeping the rules, not only
//! the name, and "now" as a `jiff::ZonedDateTime` in the context's zone.
//!
//! To jiff, a zone of the tz database goes as its TZif data
//! (`TimeZone::tzif(name, bytes)`), so jiff answers from the very rules tzsafe
//! answers from; a zone made from a POSIX TZ rule alone goes as that rule.
//!
//! From jiff, which does not hand out its zones' TZif data, a named zone is
//! tzsafe's zone of that name when their rules provably agree: the same TZif
//! data (jiff compares zones by a checksum of it), else the same offset at
//! every transition through jiff's range. tzsafe's candidates are the name
//! in the chosen database, in the bundled one and (feature `system-tz`) in
//! the system's, which is where jiff itself reads on Unix. A zone no
//! candidate agrees with (jiff reading another release, a zone built from
//! TZif data or a POSIX rule of the caller's) is rebuilt from jiff's own
//! transitions through jiff's range (year 9999), or, for a POSIX rule, from
//! the rule.
//!
//! Both directions are cached per zone, so a conversion after the first is a
//! lookup.

use std::collections::HashMap;
use std::sync::{LazyLock, Mutex, PoisonError};

use jiff::tz::{Offset, TimeZone};
use jiff::{Timestamp, ZonedDateTime};

use super::{offset_of, utc_of, ToJiff};
use crate::ambient::{ambient_now, ambient_settings};
use crate::context::TimezoneAware;
use crate::error::{Error, ErrorKind};
use crate::zone::Zone;
#[cfg(feature = "chrono-tz")]
use crate::zone::ZoneSource;

// ---------------------------------------------------------------------------
// To jiff.

/// Zones already converted to jiff's, so that "now" in a zone and repeated
/// conversions do not read TZif data again.
static TO_JIFF: LazyLock<Mutex<HashMap<Zone, TimeZone>>> =
    LazyLock::new(|| Mutex::new(HashMap::new()));

/// `zone` as jiff's time zone, with the same rules.
pub(crate) fn time_zone_of(zone: Zone) -> Result<TimeZone, Error> {
    if zone.is_utc() {
        return Ok(TimeZone::UTC);
    }
    if let Some(offset) = zone.fixed_offset() {
        return Ok(TimeZone::fixed(offset_of(offset)));
    }
    // Nothing panics while the lock is held: a poisoned map is still whole.
    if let Some(tz) = TO_JIFF
        .lock()
        .unwrap_or_else(PoisonError::into_inner)
        .get(&zone)
    {
        return Ok(tz.clone());
    }
    let tz = read_by_jiff(zone)?;
    TO_JIFF
        .lock()
        .unwrap_or_else(PoisonError::into_inner)
        .insert(zone, tz.clone());
    Ok(tz)
}

/// jiff's reading of `zone`'s own data: its TZif bytes, or its POSIX rule.
#[cold]
fn read_by_jiff(zone: Zone) -> Result<TimeZone, Error> {
    let refused = |why: &dyn core::fmt::Display| {
        Error::message(
            ErrorKind::InvalidTzif,
            format!("jiff cannot read the data of zone {zone}: {why}"),
        )
    };
    match (zone.tzif(), zone.source(), zone.name()) {
        (Some((name, bytes)), _, _) => TimeZone::tzif(name, bytes).map_err(|e| refused(&e)),
        #[cfg(feature = "chrono-tz")]
        (None, Some(ZoneSource::ChronoTz), _) => Err(Error::message(
            ErrorKind::UnknownZone,
            format!(
                "zone {zone} has only chrono-tz's own tables (tzsafe's tz database lacks it), \
                 which jiff cannot read"
            ),
        )),
        // A zone made from a POSIX TZ rule alone is named by the rule.
        (None, _, Some(rule)) => TimeZone::posix(rule).map_err(|e| refused(&e)),
        (None, _, None) => Err(refused(&"it has no tz data")),
    }
}

impl ToJiff for Zone {
    type Jiff = TimeZone;

    /// The same zone for jiff, with the same rules: a zone of the tz
    /// database as its TZif data (whichever database it came from), a zone
    /// of a POSIX TZ rule as the rule, UTC and fixed offsets as themselves.
    /// Converted once per zone, then cached.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::InvalidTzif`] for data jiff refuses though tzsafe read it
    /// (none of the bundled database's); with the feature `chrono-tz`,
    /// [`ErrorKind::UnknownZone`] for a zone that only chrono-tz's own tables
    /// have.
    ///
    /// # Example
    ///
    /// ```
    /// use tzsafe::{ToJiff, Zone};
    ///
    /// let vancouver: Zone = "America/Vancouver".parse()?;
    /// let tz = vancouver.to_jiff()?;
    /// assert_eq!(tz.iana_name(), Some("America/Vancouver"));
    /// // The rules are tzsafe's release, whatever jiff's own database holds:
    /// // British Columbia stays at -07:00 from the winter of 2026.
    /// let winter: jiff::Timestamp = "2026-12-07T20:00:00Z".parse()?;
    /// assert_eq!(tz.to_offset(winter), jiff::tz::offset(-7));
    /// assert_eq!(Zone::UTC.to_jiff()?, jiff::tz::TimeZone::UTC);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[inline]
    fn to_jiff(&self) -> Result<TimeZone, Error> {
        time_zone_of(*self)
    }
}

impl TryFrom<Zone> for TimeZone {
    type Error = Error;

    /// As [`ToJiff::to_jiff`].
    ///
    /// # Errors
    ///
    /// As [`ToJiff::to_jiff`].
    ///
    /// # Example
    ///
    /// ```
    /// use jiff::tz::TimeZone;
    /// use tzsafe::Zone;
    ///
    /// let tz = TimeZone::try_from("+05:30".parse::<Zone>()?)?;
    /// assert_eq!(tz.to_fixed_offset()?, jiff::tz::Offset::from_seconds(19_800)?);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    fn try_from(zone: Zone) -> Result<TimeZone, Error> {
        time_zone_of(zone)
    }
}

// ---------------------------------------------------------------------------
// From jiff.

/// Zones already converted from jiff's, compared with jiff's `==` (which
/// compares TZif data by checksum): jiff's `TimeZone` has no `Hash`.
static FROM_JIFF: Mutex<Vec<(TimeZone, Zone)>> = Mutex::new(Vec::new());

/// `tz` as tzsafe's zone, with the same rules.
pub(crate) fn zone_of(tz: &TimeZone) -> Result<Zone, Error> {
    if *tz == TimeZone::UTC || tz.is_unknown() {
        return Ok(Zone::UTC);
    }
    if let Ok(offset) = tz.to_fixed_offset() {
        return fixed(offset, tz);
    }
    if let Some((_, zone)) = FROM_JIFF
        .lock()
        .unwrap_or_else(PoisonError::into_inner)
        .iter()
        // jiff's `==` holds between a link and its zone (`Africa/Asmera`,
        // `Africa/Asmara`): tzsafe's zones keep the name they were asked by.
        .find(|(seen, _)| seen == tz && seen.iana_name() == tz.iana_name())
    {
        return Ok(*zone);
    }
    let zone = match tz.iana_name() {
        Some(name) => match agreeing(tz, name) {
            Some(zone) => zone,
            None => rebuilt(tz, name)?,
        },
        None => rebuilt(tz, &unnamed(tz))?,
    };
    FROM_JIFF
        .lock()
        .unwrap_or_else(PoisonError::into_inner)
        .push((tz.clone(), zone));
    Ok(zone)
}

/// A fixed offset, if chrono can hold it (jiff's reach ±25:59:59).
fn fixed(offset: Offset, tz: &TimeZone) -> Result<Zone, Error> {
    chrono::FixedOffset::east_opt(offset.seconds())
        .map(Zone::fixed)
        .ok_or_else(|| offset_out_of_range(tz, offset))
}

#[cold]
fn offset_out_of_range(tz: &TimeZone, offset: Offset) -> Error {
    let zone = match tz.to_fixed_offset() {
        Ok(_) => "jiff's fixed-offset zone".to_owned(),
        Err(_) => format!("jiff's zone {} has an offset", name_of(tz)),
    };
    Error::message(
        ErrorKind::OutOfRange,
        format!("{zone} {offset} is outside chrono's offsets (-23:59:59 to +23:59:59)"),
    )
}

/// How messages name `tz`.
fn name_of(tz: &TimeZone) -> String {
    tz.iana_name().map_or_else(|| unnamed(tz), str::to_owned)
}

/// The name of a zone jiff has no name for: its POSIX rule when it is made
/// of one (jiff shows the rule only in its `Debug` form, as
/// `TimeZone(Posix(EST5EDT,M3.2.0,M11.1.0))`), else `Local`, as jiff says.
fn unnamed(tz: &TimeZone) -> String {
    posix_rule(tz).unwrap_or_else(|| "Local".to_owned())
}

/// The POSIX TZ rule of a zone jiff made of one.
fn posix_rule(tz: &TimeZone) -> Option<String> {
    let debug = format!("{tz:?}");
    let rule = debug.strip_prefix("TimeZone(Posix(")?.strip_suffix("))")?;
    Some(rule.to_owned())
}

/// tzsafe's zone named `name` whose rules are `tz`'s, if there is one.
#[cold]
fn agreeing(tz: &TimeZone, name: &str) -> Option<Zone> {
    let mut candidates = Vec::with_capacity(3);
    candidates.extend(name.parse::<Zone>().ok());
    #[cfg(feature = "tz")]
    candidates.extend(Zone::bundled(name).ok());
    #[cfg(feature = "system-tz")]
    candidates.extend(Zone::system(name).ok());
    // The same TZif data: jiff compares zones by a checksum of it.
    let same_data = candidates.iter().find(|zone| {
        zone.tzif().is_some_and(|(name, bytes)| {
            TimeZone::tzif(name, bytes).is_ok_and(|theirs| theirs == *tz)
        })
    });
    if let Some(zone) = same_data {
        return Some(*zone);
    }
    // Other bytes (zic's "fat" output, another release) with the same rules.
    candidates
        .into_iter()
        .find(|zone| same_transitions(tz, *zone))
}

/// The offset after each of `tz`'s transitions, skipping those that change
/// only the abbreviation or the DST flag (which tzsafe's are not).
fn changes(tz: &TimeZone) -> impl Iterator<Item = (Timestamp, Offset)> + '_ {
    let mut current = tz.to_offset(Timestamp::MIN);
    tz.following(Timestamp::MIN).filter_map(move |t| {
        (t.offset() != current).then(|| {
            current = t.offset();
            (t.timestamp(), current)
        })
    })
}

/// Whether `zone` has `tz`'s offset before the first transition and the same
/// transitions, to the second and offset, through jiff's range.
fn same_transitions(tz: &TimeZone, zone: Zone) -> bool {
    let start = utc_of(Timestamp::MIN);
    if zone.offset_at(&start).local_minus_utc() != tz.to_offset(Timestamp::MIN).seconds() {
        return false;
    }
    let mut at = start;
    for (when, offset) in changes(tz) {
        let Some(ours) = zone.next_transition(&at) else {
            return false;
        };
        if ours.at() != utc_of(when) || ours.offset_after().local_minus_utc() != offset.seconds() {
            return false;
        }
        at = ours.at();
    }
    zone.next_transition(&at)
        .is_none_or(|t| t.at() > utc_of(Timestamp::MAX))
}

/// A zone with `tz`'s rules, from `tz` itself: the POSIX rule it is made of,
/// or its transitions through jiff's range (after year 9999, beyond jiff's
/// range, the last offset stays).
#[cold]
fn rebuilt(tz: &TimeZone, name: &str) -> Result<Zone, Error> {
    let not_held = |err: Error| {
        Error::message(
            ErrorKind::OutOfRange,
            format!(
                "jiff's zone {} cannot be held by tzsafe: {err}",
                name_of(tz)
            ),
        )
    };
    if let Some(rule) = posix_rule(tz) {
        let standard = tz.to_offset(Timestamp::UNIX_EPOCH);
        if let Ok(zone) =
            Zone::from_tzif(name, &tzif(&[(standard.seconds(), false, "")], &[], &rule))
        {
            return Ok(zone);
        }
    }
    let first = tz.to_offset_info(Timestamp::MIN);
    let mut types = vec![(
        first.offset().seconds(),
        first.dst().is_dst(),
        first.abbreviation().to_owned(),
    )];
    let mut transitions = Vec::new();
    let mut current = first.offset();
    for t in tz.following(Timestamp::MIN) {
        let offset = t.offset();
        if offset.seconds().abs() >= 86_400 {
            return Err(offset_out_of_range(tz, offset));
        }
        if offset == current {
            continue;
        }
        current = offset;
        let key = (
            offset.seconds(),
            t.dst().is_dst(),
            t.abbreviation().to_owned(),
        );
        let index = match types.iter().position(|ty| *ty == key) {
            Some(index) => index,
            None => {
                types.push(key);
                types.len().saturating_sub(1)
            }
        };
        transitions.push((t.timestamp().as_second(), index));
    }
    if first.offset().seconds().abs() >= 86_400 {
        return Err(offset_out_of_range(tz, first.offset()));
    }
    let types: Vec<(i32, bool, &str)> =
        types.iter().map(|(o, d, a)| (*o, *d, a.as_str())).collect();
    Zone::from_tzif(name, &tzif(&types, &transitions, "")).map_err(not_held)
}

/// TZif version 2 data (RFC 8536): an empty version 1 block, then the
/// transitions at `(Unix second, index into types)`, the local time types
/// `(offset, is_dst, abbreviation)` (the first applies before the first
/// transition), and the footer's POSIX TZ rule (empty: the last offset
/// stays).
fn tzif(types: &[(i32, bool, &str)], transitions: &[(i64, usize)], footer: &str) -> Vec<u8> {
    let mut abbreviations = Vec::new();
    let mut indexes = Vec::with_capacity(types.len());
    for (_, _, abbreviation) in types {
        indexes.push(u8::try_from(abbreviations.len()).unwrap_or(0));
        abbreviations.extend_from_slice(abbreviation.as_bytes());
        abbreviations.push(0);
    }
    let count = |n: usize| u32::try_from(n).unwrap_or(u32::MAX).to_be_bytes();
    let header = |out: &mut Vec<u8>, times: usize, types: usize, chars: usize| {
        out.extend_from_slice(b"TZif2");
        out.extend_from_slice(&[0; 15]);
        for n in [0, 0, 0, times, types, chars] {
            out.extend_from_slice(&count(n));
        }
    };
    let mut out = Vec::new();
    // Version 1: one type, no transitions (readers of version 2 skip it).
    header(&mut out, 0, 1, 1);
    out.extend_from_slice(&[0, 0, 0, 0, 0, 0, 0]);
    header(
        &mut out,
        transitions.len(),
        types.len(),
        abbreviations.len(),
    );
    for (at, _) in transitions {
        out.extend_from_slice(&at.to_be_bytes());
    }
    out.extend(
        transitions
            .iter()
            .map(|(_, ty)| u8::try_from(*ty).unwrap_or(0)),
    );
    for ((offset, is_dst, _), index) in types.iter().zip(&indexes) {
        out.extend_from_slice(&offset.to_be_bytes());
        out.extend_from_slice(&[u8::from(*is_dst), *index]);
    }
    out.extend_from_slice(&abbreviations);
    out.push(b'\n');
    out.extend_from_slice(footer.as_bytes());
    out.push(b'\n');
    out
}

impl TryFrom<&TimeZone> for Zone {
    type Error = Error;

    /// tzsafe's zone with `tz`'s rules: UTC (and jiff's `Etc/Unknown`, which
    /// jiff reads as UTC) as [`Zone::UTC`], a fixed offset as itself, a
    /// named zone as tzsafe's zone of that name when their rules provably
    /// agree (the same TZif data, else the same offset at every transition
    /// through jiff's range), else a zone rebuilt from jiff's rules and named
    /// like jiff's (see [`Zone::from_tzif`]). The first conversion of a zone
    /// whose data differs from tzsafe's compares or reads its transitions (a
    /// few milliseconds); later ones are a lookup.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::OutOfRange`] for an offset of 24 hours or more (jiff
    /// allows up to 25:59:59, chrono less than 24 hours).
    ///
    /// # Example
    ///
    /// ```
    /// use jiff::tz::TimeZone;
    /// use tzsafe::{ToJiff, Zone};
    ///
    /// let ny: Zone = "America/New_York".parse()?;
    /// // Round trip: the same zone, not only the same name.
    /// assert_eq!(Zone::try_from(&ny.to_jiff()?)?, ny);
    ///
    /// // A zone of the caller's own: its rules are kept.
    /// let custom = TimeZone::posix("EST5EDT,M3.2.0,M11.1.0")?;
    /// let zone = Zone::try_from(&custom)?;
    /// assert_eq!(zone.to_string(), "EST5EDT,M3.2.0,M11.1.0");
    /// let july: chrono::DateTime<chrono::Utc> = "2400-07-01T12:00:00Z".parse()?;
    /// assert_eq!(zone.offset_at(&july).local_minus_utc(), -4 * 3600);
    ///
    /// let far = TimeZone::fixed(jiff::tz::Offset::from_seconds(25 * 3600)?);
    /// let err = Zone::try_from(&far).unwrap_err();
    /// assert_eq!(err.kind(), tzsafe::ErrorKind::OutOfRange);
    /// assert_eq!(
    ///     err.to_string(),
    ///     "jiff's fixed-offset zone +25 is outside chrono's offsets (-23:59:59 to +23:59:59)",
    /// );
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    fn try_from(tz: &TimeZone) -> Result<Zone, Error> {
        zone_of(tz)
    }
}

impl TryFrom<TimeZone> for Zone {
    type Error = Error;

    /// As for `&TimeZone`.
    ///
    /// # Errors
    ///
    /// As for `&TimeZone`.
    ///
    /// # Example
    ///
    /// ```
    /// use tzsafe::{TimezoneAware, Zone};
    ///
    /// let tz = jiff::tz::TimeZone::fixed(jiff::tz::offset(9));
    /// let ctx = TimezoneAware::new().default_tz(Zone::try_from(tz)?);
    /// assert_eq!(ctx.get_default_tz().to_string(), "+09:00");
    /// # Ok::<(), tzsafe::Error>(())
    /// ```
    fn try_from(tz: TimeZone) -> Result<Zone, Error> {
        zone_of(&tz)
    }
}

// ---------------------------------------------------------------------------
// "Now" in a zone.

impl TimezoneAware {
    /// "Now" according to this context's clock, in its default zone, as a
    /// `jiff::ZonedDateTime` (feature `jiff`): what code on jiff calls
    /// instead of `jiff::ZonedDateTime::now()`, so that a test can freeze
    /// and move it. The zone has the context's zone's rules (see
    /// [`ToJiff::to_jiff`] for [`Zone`]); the instant saturates at jiff's
    /// limits like [`now_timestamp`](Self::now_timestamp).
    ///
    /// # Errors
    ///
    /// As [`ToJiff::to_jiff`] for the context's zone (never for UTC, fixed
    /// offsets and the bundled zones).
    ///
    /// # Example
    ///
    /// ```
    /// use jiff::{SignedDuration, Timestamp};
    /// use tzsafe::{TimezoneAware, Zone};
    ///
    /// let start: Timestamp = "2026-11-01T05:30:00Z".parse()?;
    /// let ctx = TimezoneAware::new()
    ///     .default_tz("America/New_York".parse::<Zone>()?)
    ///     .frozen_at(start);
    /// assert_eq!(ctx.now_zoned()?.to_string(), "2026-11-01T01:30:00-04:00[America/New_York]");
    /// ctx.advance(SignedDuration::from_hours(1))?;
    /// // The second 01:30 of fall-back night.
    /// assert_eq!(ctx.now_zoned()?.to_string(), "2026-11-01T01:30:00-05:00[America/New_York]");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[cfg_attr(docsrs, doc(cfg(feature = "jiff")))]
    pub fn now_zoned(&self) -> Result<ZonedDateTime, Error> {
        let zone = time_zone_of(self.get_default_tz())?;
        Ok(self.now_timestamp().to_zoned_datetime(zone))
    }
}

/// The ambient "now" in the ambient context's default zone, as a
/// `jiff::ZonedDateTime` (feature `jiff`): call it where code on jiff would
/// call `jiff::ZonedDateTime::now()`, so that tests control it (see
/// [`now_timestamp`](crate::now_timestamp) and
/// [`TimezoneAware::now_zoned`]).
///
/// # Errors
///
/// As [`TimezoneAware::now_zoned`].
///
/// # Example
///
/// ```
/// use tzsafe::{now_zoned, TimezoneAware, Zone};
///
/// let ctx = TimezoneAware::new()
///     .default_tz("Asia/Kolkata".parse::<Zone>()?)
///     .frozen_at("2026-11-26T12:00:00Z".parse::<jiff::Timestamp>()?);
/// let now = ctx.scope(now_zoned)?;
/// assert_eq!(now.to_string(), "2026-11-26T17:30:00+05:30[Asia/Kolkata]");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[cfg_attr(docsrs, doc(cfg(feature = "jiff")))]
pub fn now_zoned() -> Result<ZonedDateTime, Error> {
    let zone = time_zone_of(ambient_settings().default_tz)?;
    Ok(super::saturating_timestamp(ambient_now()).to_zoned_datetime(zone))
}
