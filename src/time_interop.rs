//! Conversions between [`MaybeAware`] and the `time` crate (feature `time`).
//!
//! From `time` to tzsafe is total: every `time` value fits chrono's range, except
//! years beyond ±262,143 that only `time`'s `large-dates` feature allows, which
//! saturate to chrono's limits. From tzsafe to `time` is fallible: `time` has no
//! leap seconds and (without `large-dates`) only years -9999..=9999, and an aware
//! value never silently becomes a naive one or the reverse.

// Arithmetic near chrono's limits: an overflow here must be impossible, not
// merely unlikely.
#![warn(clippy::indexing_slicing, clippy::arithmetic_side_effects)]

use chrono::{DateTime, Datelike, FixedOffset, NaiveDate, NaiveDateTime, NaiveTime, Timelike, Utc};

use crate::aware::MaybeAware;
use crate::error::{Error, ErrorKind};

fn naive_from_time(date: time::Date, clock: time::Time) -> NaiveDateTime {
    let (hour, minute, second, nano) = clock.as_hms_nano();
    let date = NaiveDate::from_yo_opt(date.year(), u32::from(date.ordinal())).unwrap_or(
        if date.year() < 0 {
            NaiveDate::MIN
        } else {
            NaiveDate::MAX
        },
    );
    let clock =
        NaiveTime::from_hms_nano_opt(u32::from(hour), u32::from(minute), u32::from(second), nano)
            .unwrap_or(NaiveTime::MIN);
    date.and_time(clock)
}

fn time_from_naive(naive: &NaiveDateTime) -> Result<time::PrimitiveDateTime, Error> {
    let ordinal = u16::try_from(naive.ordinal()).map_err(|_| year_out_of_range(naive))?;
    let date = time::Date::from_ordinal_date(naive.year(), ordinal)
        .map_err(|_| year_out_of_range(naive))?;
    // `time` has no leap seconds: chrono's leap second (nanosecond >= 1e9) becomes
    // the last nanosecond of second 59, as `time`'s own RFC 3339 parser does.
    let nano = naive.nanosecond().min(999_999_999);
    // chrono's hour, minute and second are below 24, 60 and 60.
    let clock = time::Time::from_hms_nano(
        naive.hour() as u8,
        naive.minute() as u8,
        naive.second() as u8,
        nano,
    )
    .map_err(|_| year_out_of_range(naive))?;
    Ok(time::PrimitiveDateTime::new(date, clock))
}

#[cold]
fn year_out_of_range(naive: &NaiveDateTime) -> Error {
    Error::message(
        ErrorKind::OutOfRange,
        format!(
            "{} is outside the range of the time crate (years {} to {})",
            MaybeAware::Naive(*naive),
            time::Date::MIN.year(),
            time::Date::MAX.year(),
        ),
    )
}

impl From<time::PrimitiveDateTime> for MaybeAware {
    /// A naive value: `PrimitiveDateTime` has no offset, and none is invented.
    ///
    /// # Example
    ///
    /// ```
    /// use time::{Date, Month};
    /// use tzsafe::{ensure_timezone_aware, MaybeAware};
    /// use tzsafe::Zone;
    ///
    /// let row = Date::from_calendar_date(2026, Month::November, 1).unwrap().with_hms(1, 30, 0).unwrap();
    /// let value = MaybeAware::from(row);
    /// assert_eq!(value.to_string(), "2026-11-01T01:30:00");
    /// // Read in a zone like any naive value: the first 01:30 of New York's fall-back night.
    /// let utc = ensure_timezone_aware(row, &"America/New_York".parse::<Zone>()?)?;
    /// assert_eq!(utc.to_rfc3339(), "2026-11-01T05:30:00+00:00");
    /// # Ok::<(), tzsafe::Error>(())
    /// ```
    fn from(value: time::PrimitiveDateTime) -> Self {
        MaybeAware::Naive(naive_from_time(value.date(), value.time()))
    }
}

impl From<time::OffsetDateTime> for MaybeAware {
    /// The same instant with the same offset. `time` allows offsets up to
    /// ±25:59:59 and chrono up to ±23:59:59: a larger one (no zone has one) is
    /// clamped to ±23:59:59, keeping the instant.
    ///
    /// # Example
    ///
    /// ```
    /// use time::{Date, Month, UtcOffset};
    /// use tzsafe::MaybeAware;
    ///
    /// let eastern = UtcOffset::from_hms(-5, 0, 0).unwrap();
    /// let at = Date::from_calendar_date(2026, Month::November, 1)
    ///     .unwrap()
    ///     .with_hms(1, 30, 0)
    ///     .unwrap()
    ///     .assume_offset(eastern); // the second 01:30 in New York
    /// assert_eq!(MaybeAware::from(at).to_string(), "2026-11-01T01:30:00-05:00");
    ///
    /// // An offset chrono cannot hold is clamped; the instant is kept.
    /// let odd = at.to_offset(UtcOffset::from_hms(25, 0, 0).unwrap());
    /// let clamped = MaybeAware::from(odd);
    /// assert_eq!(clamped.to_string(), "2026-11-02T06:29:59+23:59:59");
    /// assert!(tzsafe::safe_cmp(clamped, at)?.is_eq());
    /// # Ok::<(), tzsafe::Error>(())
    /// ```
    fn from(value: time::OffsetDateTime) -> Self {
        // Through the Unix timestamp: `to_offset(UTC)` would panic where the UTC
        // date leaves time's range (9999-12-31T23:00-05:00).
        let instant = DateTime::from_timestamp(value.unix_timestamp(), value.nanosecond())
            .unwrap_or(if value.unix_timestamp() < 0 {
                DateTime::<Utc>::MIN_UTC
            } else {
                DateTime::<Utc>::MAX_UTC
            });
        let seconds = value.offset().whole_seconds().clamp(-86_399, 86_399);
        let offset = FixedOffset::east_opt(seconds).unwrap_or_else(|| Utc.fix());
        MaybeAware::Aware(instant.with_timezone(&offset))
    }
}

impl From<time::UtcDateTime> for MaybeAware {
    /// An aware value at UTC.
    ///
    /// # Example
    ///
    /// ```
    /// use time::{Date, Month};
    /// use tzsafe::MaybeAware;
    ///
    /// let at = Date::from_calendar_date(2026, Month::November, 1).unwrap().with_hms(6, 30, 0).unwrap().as_utc();
    /// assert_eq!(MaybeAware::from(at).to_string(), "2026-11-01T06:30:00Z");
    /// ```
    fn from(value: time::UtcDateTime) -> Self {
        MaybeAware::Aware(
            naive_from_time(value.date(), value.time())
                .and_utc()
                .fixed_offset(),
        )
    }
}

use chrono::Offset as _;

impl TryFrom<MaybeAware> for time::PrimitiveDateTime {
    type Error = Error;

    /// A naive value as `PrimitiveDateTime`.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::WrongKind`] for an aware value (its offset is never dropped),
    /// [`ErrorKind::OutOfRange`] for a year outside `time`'s range.
    ///
    /// # Example
    ///
    /// ```
    /// use time::PrimitiveDateTime;
    /// use tzsafe::{parse, ErrorKind};
    ///
    /// let row = PrimitiveDateTime::try_from(parse("2026-11-01 01:30:00")?)?;
    /// assert_eq!(row.hour(), 1);
    ///
    /// let err = PrimitiveDateTime::try_from(parse("2026-11-01T01:30:00-04:00")?).unwrap_err();
    /// assert_eq!(err.kind(), ErrorKind::WrongKind);
    /// assert_eq!(err.to_string(), "2026-11-01T01:30:00-04:00 has a UTC offset; a PrimitiveDateTime would drop it \
    ///      (convert to OffsetDateTime instead)");
    ///
    /// let err = PrimitiveDateTime::try_from(parse("+012026-11-01T01:30:00")?).unwrap_err();
    /// assert_eq!(err.kind(), ErrorKind::OutOfRange);
    /// assert_eq!(err.to_string(), "+012026-11-01T01:30:00 is outside the range of the time crate (years -9999 to 9999)");
    /// # Ok::<(), tzsafe::Error>(())
    /// ```
    fn try_from(value: MaybeAware) -> Result<Self, Error> {
        match value {
            MaybeAware::Naive(naive) => time_from_naive(&naive),
            MaybeAware::Aware(aware) => Err(Error::offset_would_be_dropped(
                aware,
                "PrimitiveDateTime",
                "OffsetDateTime",
            )),
        }
    }
}

impl TryFrom<MaybeAware> for time::OffsetDateTime {
    type Error = Error;

    /// An aware value as `OffsetDateTime`, keeping its offset.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::WrongKind`] for a naive value (read it in a zone first, with
    /// [`ensure_timezone_aware`](crate::ensure_timezone_aware)),
    /// [`ErrorKind::OutOfRange`] for a year outside `time`'s range.
    ///
    /// # Example
    ///
    /// ```
    /// use time::OffsetDateTime;
    /// use tzsafe::{parse, ErrorKind};
    ///
    /// let at = OffsetDateTime::try_from(parse("2026-11-01T01:30:00-05:00")?)?;
    /// assert_eq!((at.hour(), at.offset().whole_hours()), (1, -5));
    /// assert_eq!(at.unix_timestamp(), 1_793_514_600);
    ///
    /// let err = OffsetDateTime::try_from(parse("2026-11-01T01:30:00")?).unwrap_err();
    /// assert_eq!(err.kind(), ErrorKind::WrongKind);
    /// assert_eq!(err.to_string(), "2026-11-01T01:30:00 has no UTC offset; read it in a zone with ensure_timezone_aware \
    ///      before converting to OffsetDateTime");
    /// # Ok::<(), tzsafe::Error>(())
    /// ```
    fn try_from(value: MaybeAware) -> Result<Self, Error> {
        match value {
            MaybeAware::Aware(aware) => {
                let local = aware
                    .naive_utc()
                    .checked_add_offset(*aware.offset())
                    .ok_or_else(|| year_out_of_range(&aware.naive_utc()))?;
                let local = time_from_naive(&local)?;
                let offset = time::UtcOffset::from_whole_seconds(aware.offset().local_minus_utc())
                    .map_err(|_| {
                        Error::fixed(
                            ErrorKind::OutOfRange,
                            "offset outside the range of the time crate",
                        )
                    })?;
                Ok(local.assume_offset(offset))
            }
            MaybeAware::Naive(naive) => Err(Error::naive_has_no_offset(naive, "OffsetDateTime")),
        }
    }
}

impl TryFrom<MaybeAware> for time::UtcDateTime {
    type Error = Error;

    /// An aware value as `UtcDateTime`.
    ///
    /// # Errors
    ///
    /// As for `OffsetDateTime`.
    ///
    /// # Example
    ///
    /// ```
    /// use time::UtcDateTime;
    /// use tzsafe::parse;
    ///
    /// let at = UtcDateTime::try_from(parse("2026-11-01T01:30:00-05:00")?)?;
    /// assert_eq!(at.hour(), 6);
    /// assert!(UtcDateTime::try_from(parse("2026-11-01T01:30:00")?).is_err());
    /// # Ok::<(), tzsafe::Error>(())
    /// ```
    fn try_from(value: MaybeAware) -> Result<Self, Error> {
        match value {
            MaybeAware::Aware(aware) => Ok(time_from_naive(&aware.naive_utc())?.as_utc()),
            MaybeAware::Naive(naive) => Err(Error::naive_has_no_offset(naive, "UtcDateTime")),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::{Date, Month, PrimitiveDateTime, Time, UtcOffset};

    /// `y-m-d h:mi:s.nanos` as a `time::PrimitiveDateTime` (the tests avoid
    /// `time`'s macros, which would slow every build of the examples).
    fn primitive(y: i32, m: u8, d: u8, h: u8, mi: u8, s: u8, nanos: u32) -> PrimitiveDateTime {
        let date = Date::from_calendar_date(y, Month::try_from(m).unwrap(), d).unwrap();
        PrimitiveDateTime::new(date, Time::from_hms_nano(h, mi, s, nanos).unwrap())
    }

    fn offset(h: i8, m: i8) -> UtcOffset {
        UtcOffset::from_hms(h, m, 0).unwrap()
    }

    #[test]
    fn round_trips() {
        let naive = primitive(2026, 11, 26, 9, 30, 0, 123_456_789);
        let value = MaybeAware::from(naive);
        assert_eq!(value.to_string(), "2026-11-26T09:30:00.123456789");
        assert_eq!(time::PrimitiveDateTime::try_from(value).unwrap(), naive);

        let aware = primitive(2026, 11, 26, 9, 30, 0, 0).assume_offset(offset(-3, -30));
        let value = MaybeAware::from(aware);
        assert_eq!(value.to_string(), "2026-11-26T09:30:00-03:30");
        let back = time::OffsetDateTime::try_from(value).unwrap();
        assert_eq!(back, aware);
        assert_eq!(back.offset(), offset(-3, -30));

        let utc = time::UtcDateTime::try_from(value).unwrap();
        assert_eq!(utc, primitive(2026, 11, 26, 13, 0, 0, 0).as_utc());
        assert_eq!(MaybeAware::from(utc).to_string(), "2026-11-26T13:00:00Z");
    }

    #[test]
    fn wrong_kinds_and_ranges() {
        let aware =
            MaybeAware::from(primitive(2026, 11, 26, 9, 30, 0, 0).assume_offset(offset(1, 0)));
        let err = time::PrimitiveDateTime::try_from(aware).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::WrongKind);
        let naive = MaybeAware::from(primitive(2026, 11, 26, 9, 30, 0, 0));
        let err = time::OffsetDateTime::try_from(naive).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::WrongKind);
        assert_eq!(
            err.to_string(),
            "2026-11-26T09:30:00 has no UTC offset; read it in a zone with ensure_timezone_aware before converting to OffsetDateTime"
        );
        let far = MaybeAware::Naive(NaiveDateTime::MAX);
        let err = time::PrimitiveDateTime::try_from(far).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::OutOfRange);
    }

    // Regression test for: messages wrote values with chrono's `format`
    // (`+12026-...`, a fraction of any length), which `parse` does not read
    // back; every other tzsafe message writes them as `MaybeAware` does.
    #[test]
    fn messages_write_values_as_parse_reads_them() {
        let far = MaybeAware::Naive(NaiveDateTime::MAX);
        assert_eq!(
            time::PrimitiveDateTime::try_from(far).unwrap_err().to_string(),
            "+262142-12-31T23:59:59.999999999 is outside the range of the time crate (years -9999 to 9999)"
        );
        let naive = MaybeAware::from(primitive(2026, 11, 26, 9, 30, 0, 120_000_000));
        assert_eq!(
            time::UtcDateTime::try_from(naive).unwrap_err().to_string(),
            "2026-11-26T09:30:00.120 has no UTC offset; read it in a zone with ensure_timezone_aware before converting to UtcDateTime"
        );
        let aware =
            MaybeAware::from(primitive(2026, 11, 26, 9, 30, 0, 0).assume_offset(offset(0, 0)));
        assert_eq!(
            time::PrimitiveDateTime::try_from(aware).unwrap_err().to_string(),
            "2026-11-26T09:30:00Z has a UTC offset; a PrimitiveDateTime would drop it (convert to OffsetDateTime instead)"
        );
        for err in [
            time::PrimitiveDateTime::try_from(far).unwrap_err(),
            time::UtcDateTime::try_from(naive).unwrap_err(),
        ] {
            let quoted = err.to_string();
            let value = quoted.split(' ').next().unwrap();
            assert!(crate::parse(value).is_ok(), "{value}");
        }
    }

    #[test]
    fn leap_second_clamps() {
        let leap = NaiveDate::from_ymd_opt(2016, 12, 31)
            .and_then(|d| d.and_hms_nano_opt(23, 59, 59, 1_500_000_000))
            .unwrap();
        let converted = time::PrimitiveDateTime::try_from(MaybeAware::Naive(leap)).unwrap();
        assert_eq!(converted, primitive(2016, 12, 31, 23, 59, 59, 999_999_999));
    }

    /// Regression test for: review finding — `From<OffsetDateTime>` panicked
    /// where the UTC date leaves time's range, and `TryFrom` back panicked on
    /// aware values whose local time leaves chrono's range.
    #[test]
    fn conversions_near_the_limits_do_not_panic() {
        let late = primitive(9999, 12, 31, 23, 0, 0, 0).assume_offset(offset(-5, 0));
        let value = MaybeAware::from(late);
        assert_eq!(value.to_string(), "9999-12-31T23:00:00-05:00");
        assert_eq!(time::OffsetDateTime::try_from(value).unwrap(), late);
        let edge = MaybeAware::Aware(
            DateTime::<Utc>::MAX_UTC.with_timezone(&FixedOffset::east_opt(3600).unwrap()),
        );
        assert_eq!(edge.wall_time(), None);
        assert_eq!(
            time::OffsetDateTime::try_from(edge).unwrap_err().kind(),
            ErrorKind::OutOfRange
        );
        let wide =
            time::OffsetDateTime::UNIX_EPOCH.to_offset(UtcOffset::from_hms(25, 0, 0).unwrap());
        let value = MaybeAware::from(wide);
        assert_eq!(value.to_string(), "1970-01-01T23:59:59+23:59:59");
    }

    #[test]
    fn edges_of_time_range() {
        for t in [time::PrimitiveDateTime::MIN, time::PrimitiveDateTime::MAX] {
            let value = MaybeAware::from(t);
            assert_eq!(time::PrimitiveDateTime::try_from(value).unwrap(), t);
        }
    }
}
