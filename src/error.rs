//! The crate's one error type.
//!
//! `Error` is a pointer to a boxed payload so that `Result<DateTime<Utc>, Error>`
//! stays small on the hot path; everything is built in `#[cold]` constructors.
//! The crate's own constructors are `pub(crate)`; [`Error::new`],
//! [`Error::parse_at`] and [`Error::quote`] are the public way to build the same
//! errors outside the core (tzsafe's models use nothing else).

use core::fmt;
use std::borrow::Cow;

use chrono::{DateTime, FixedOffset, NaiveDateTime, Utc};

use crate::aware::MaybeAware;

/// How many characters of an input an error message quotes at most.
const QUOTE_LIMIT: usize = 64;

/// What went wrong, for callers that branch on it.
///
/// The set of kinds may grow: match with a wildcard arm.
#[non_exhaustive]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ErrorKind {
    /// A string could not be read as a timestamp, a zone, an offset or a policy.
    Parse,
    /// A zone name that is not in the tz database names are looked up in
    /// (the bundled one unless [`set_zone_database`](crate::set_zone_database)
    /// chose another), or for `Zone::system` the system's (a name that is not
    /// a relative path inside it, or a file that cannot be read, counts too);
    /// or a machine zone `Zone::local` cannot determine.
    UnknownZone,
    /// A naive (offset-less) value where the context refuses them.
    NaiveRejected,
    /// A wall time that occurs twice (a fold) under [`Disambiguation::Reject`](crate::Disambiguation::Reject).
    Ambiguous,
    /// A wall time that is skipped (a gap) under [`Disambiguation::Reject`](crate::Disambiguation::Reject).
    Nonexistent,
    /// A value outside the range that chrono (or the `time` crate) can represent.
    OutOfRange,
    /// A value of the wrong kind for the conversion, for example an aware value
    /// converted to `time::PrimitiveDateTime`, or a naive value to `OffsetDateTime`.
    WrongKind,
    /// An operation on a clock that cannot do it, such as moving the system clock.
    Clock,
    /// A value that breaks the rules of the type it is given to (a state
    /// transition that is not allowed, a percentage over 100 %, a discount
    /// window that ends before it starts, an empty presence id, ...). The
    /// models' own error types say which rule: see [`Error::downcast_ref`].
    InvalidValue,
    /// TZif data ([`Zone::from_tzif`](crate::Zone::from_tzif),
    /// [`Zone::system`](crate::Zone::system)) that is malformed, or that holds
    /// what tzsafe cannot represent.
    InvalidTzif,
    /// Something that is set once was already set: a second call to
    /// [`set_global_default`](crate::set_global_default), or
    /// [`set_zone_database`](crate::set_zone_database) after the database was
    /// chosen.
    AlreadySet,
    /// A wall time recorded with a UTC offset that its time zone does not
    /// have there, under [`OffsetConflict::Reject`](crate::OffsetConflict::Reject):
    /// `2022-07-08T00:14:07+01:00[Europe/Paris]` (Paris was at `+02:00`),
    /// or a wall time the zone skips. A value written before the zone's
    /// rules changed reads this way; the message names both offsets.
    OffsetMismatch,
    /// An error of code built on tzsafe that none of the kinds above
    /// describes, tzsafe's own models included: its detail is that code's
    /// own error type, found with [`Error::downcast_ref`]. A presence call
    /// refused at a configured limit, or whose store failed, is one (its
    /// detail is a `models::presence::PresenceError`).
    Other,
}

/// The error type of every fallible operation in tzsafe.
///
/// Inspect it with [`Error::kind`]; its [`Display`](fmt::Display) form is a lowercase
/// sentence that quotes the offending input (at most 64 characters, control
/// characters escaped) and says what was expected.
///
/// # Example
///
/// ```
/// use tzsafe::{ErrorKind, MaybeAware};
///
/// let err = "2026-02-30T10:00:00".parse::<MaybeAware>().unwrap_err();
/// assert_eq!(err.kind(), ErrorKind::Parse);
/// assert_eq!(
///     err.to_string(),
///     "invalid timestamp \"2026-02-30T10:00:00\": day 30 does not exist in 2026-02 (at byte 8)",
/// );
/// ```
pub struct Error {
    inner: Box<Inner>,
}

struct Inner {
    kind: ErrorKind,
    detail: Detail,
}

enum Detail {
    Parse {
        what: Cow<'static, str>,
        input: String,
        position: usize,
        expected: Cow<'static, str>,
    },
    UnknownZone {
        name: String,
        hint: String,
    },
    NaiveRejected {
        value: NaiveDateTime,
    },
    Ambiguous {
        wall: NaiveDateTime,
        zone: String,
        earlier: DateTime<FixedOffset>,
        later: DateTime<FixedOffset>,
    },
    Nonexistent {
        wall: NaiveDateTime,
        zone: String,
        gap_start: NaiveDateTime,
        gap_end: NaiveDateTime,
        transition: DateTime<Utc>,
    },
    Message(String),
    Static(&'static str),
    /// An error from outside the core, through [`Error::new`].
    Custom(Box<dyn std::error::Error + Send + Sync>),
}

impl Error {
    /// What kind of error this is: what callers branch on, where the message
    /// is for people.
    ///
    /// # Example
    ///
    /// ```
    /// use chrono::NaiveDate;
    /// use tzsafe::{Disambiguation, ErrorKind, TimezoneAware};
    /// use tzsafe::Zone;
    ///
    /// // 01:30 happens twice in New York on 2026-11-01; Reject refuses to guess.
    /// let wall = NaiveDate::from_ymd_opt(2026, 11, 1).unwrap().and_hms_opt(1, 30, 0).unwrap();
    /// let ctx = TimezoneAware::new()
    ///     .default_tz("America/New_York".parse::<Zone>()?)
    ///     .disambiguation(Disambiguation::Reject);
    /// let err = ctx.ensure_timezone_aware(wall).unwrap_err();
    /// assert_eq!(err.kind(), ErrorKind::Ambiguous);
    /// assert_eq!(
    ///     err.to_string(),
    ///     "2026-11-01T01:30:00 is ambiguous in America/New_York: it occurs at both \
    ///      2026-11-01T01:30:00-04:00 and 2026-11-01T01:30:00-05:00 (clocks were turned back)",
    /// );
    /// # Ok::<(), tzsafe::Error>(())
    /// ```
    #[must_use]
    pub fn kind(&self) -> ErrorKind {
        self.inner.kind
    }

    /// For a parse error, the byte offset in the input where reading failed;
    /// `None` for every other kind.
    ///
    /// # Example
    ///
    /// ```
    /// use tzsafe::parse;
    ///
    /// // An hour of 24 is refused at the hour's first byte.
    /// let err = parse("2026-11-26T24:30:00Z").unwrap_err();
    /// assert_eq!(err.position(), Some(11));
    /// assert_eq!(&"2026-11-26T24:30:00Z"[11..], "24:30:00Z");
    ///
    /// let err = "Mars/Olympus_Mons".parse::<tzsafe::Zone>().unwrap_err();
    /// assert_eq!(err.position(), None);
    /// ```
    #[must_use]
    pub fn position(&self) -> Option<usize> {
        match &self.inner.detail {
            Detail::Parse { position, .. } => Some(*position),
            _ => None,
        }
    }

    /// Whether this is a [`ErrorKind::Parse`] error.
    ///
    /// # Example
    ///
    /// ```
    /// // A value Python's `datetime.fromisoformat` refuses too: month 13.
    /// assert!(tzsafe::parse("2026-13-01").unwrap_err().is_parse());
    /// // A zone name that is well formed but unknown is not a parse error.
    /// assert!(!"Europe/Atlantis".parse::<tzsafe::Zone>().unwrap_err().is_parse());
    /// ```
    #[must_use]
    pub fn is_parse(&self) -> bool {
        self.kind() == ErrorKind::Parse
    }

    /// Whether this is a [`ErrorKind::OutOfRange`] error.
    ///
    /// # Example
    ///
    /// ```
    /// // Well formed, but after the last day chrono holds (+262142-12-31).
    /// let err = tzsafe::parse("+262143-12-31T23:59:59-05:00").unwrap_err();
    /// assert!(err.is_out_of_range());
    /// assert!(!err.is_parse());
    /// ```
    #[must_use]
    pub fn is_out_of_range(&self) -> bool {
        self.kind() == ErrorKind::OutOfRange
    }

    /// An error of `kind` whose message is `error`'s: a type of your own (kept,
    /// and given back by [`downcast_ref`](Self::downcast_ref)), or a `String`
    /// / `&str` message. This is how code built on tzsafe, tzsafe's own models
    /// included, returns a `tzsafe::Error`, like `std::io::Error::new`.
    ///
    /// Follow tzsafe's wording: lowercase, no final period, the input quoted
    /// with [`Error::quote`], then what was expected. For an error at a byte of
    /// a string, use [`Error::parse_at`], which also sets [`position`](Self::position).
    ///
    /// The error's [`source`](std::error::Error::source) is `error`'s source:
    /// `error` itself is already the message, and reporters that print the
    /// chain of sources would print it twice.
    ///
    /// # Example
    ///
    /// ```
    /// use core::fmt;
    /// use tzsafe::{Error, ErrorKind};
    ///
    /// /// A rule of your own, as a type callers can match.
    /// #[derive(Debug, PartialEq)]
    /// struct TooLong { len: usize }
    ///
    /// impl fmt::Display for TooLong {
    ///     fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
    ///         write!(f, "invalid note: {} characters, expected at most 280", self.len)
    ///     }
    /// }
    ///
    /// impl std::error::Error for TooLong {}
    ///
    /// let err = Error::new(ErrorKind::InvalidValue, TooLong { len: 300 });
    /// assert_eq!(err.kind(), ErrorKind::InvalidValue);
    /// assert_eq!(err.to_string(), "invalid note: 300 characters, expected at most 280");
    /// assert_eq!(err.downcast_ref::<TooLong>(), Some(&TooLong { len: 300 }));
    ///
    /// let err = Error::new(ErrorKind::InvalidValue, format!("invalid room {}: expected a name", Error::quote("")));
    /// assert_eq!(err.to_string(), "invalid room \"\": expected a name");
    /// ```
    #[cold]
    pub fn new<E>(kind: ErrorKind, error: E) -> Error
    where
        E: Into<Box<dyn std::error::Error + Send + Sync>>,
    {
        Self::with(kind, Detail::Custom(error.into()))
    }

    /// A [`ErrorKind::Parse`] error for `input`, in the form of every tzsafe
    /// parse error: `invalid {what} "{input}": {expected} (at byte {position})`,
    /// with `input` quoted as [`Error::quote`] does and `position` (a byte
    /// offset into `input`, at most its length) returned by
    /// [`position`](Self::position).
    ///
    /// # Example
    ///
    /// ```
    /// use tzsafe::{Error, ErrorKind};
    ///
    /// let err = Error::parse_at("ticket number", "T-12x", 4, "expected a digit");
    /// assert_eq!(err.kind(), ErrorKind::Parse);
    /// assert_eq!(err.position(), Some(4));
    /// assert_eq!(err.to_string(), "invalid ticket number \"T-12x\": expected a digit (at byte 4)");
    /// ```
    #[cold]
    pub fn parse_at(
        what: &str,
        input: &str,
        position: usize,
        expected: impl Into<Cow<'static, str>>,
    ) -> Error {
        Self::parse_in(
            Cow::Owned(what.to_owned()),
            input.as_bytes(),
            position.min(input.len()),
            expected.into(),
        )
    }

    /// `input` as tzsafe's messages quote it: in double quotes, at most 64
    /// characters (then `...`), with quotes, backslashes and control
    /// characters escaped (`\n`, `\u{0}`), so that a hostile or binary input
    /// cannot forge or break a log line.
    ///
    /// # Example
    ///
    /// ```
    /// use tzsafe::Error;
    ///
    /// assert_eq!(Error::quote("say \"hi\"\n").to_string(), r#""say \"hi\"\n""#);
    /// assert_eq!(Error::quote(&"x".repeat(100)).to_string().len(), 64 + 5);
    /// ```
    #[must_use]
    pub fn quote(input: &str) -> impl fmt::Display + '_ {
        Quoted(input.as_bytes())
    }

    /// The error given to [`Error::new`], if it is an `E`: how callers match
    /// the rules of a model (tzsafe's discount windows carry an
    /// [`InvalidWindow`](crate::models::discount::InvalidWindow)).
    ///
    /// # Example
    ///
    /// ```
    /// use tzsafe::{Error, ErrorKind};
    ///
    /// #[derive(Debug)]
    /// struct Full;
    ///
    /// impl std::fmt::Display for Full {
    ///     fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
    ///         f.write_str("the room is full")
    ///     }
    /// }
    ///
    /// impl std::error::Error for Full {}
    ///
    /// let err = Error::new(ErrorKind::InvalidValue, Full);
    /// assert!(err.downcast_ref::<Full>().is_some());
    /// assert!(Error::new(ErrorKind::InvalidValue, "a message").downcast_ref::<Full>().is_none());
    /// assert!("x".parse::<tzsafe::MaybeAware>().unwrap_err().downcast_ref::<Full>().is_none());
    /// ```
    #[must_use]
    pub fn downcast_ref<E: std::error::Error + 'static>(&self) -> Option<&E> {
        match &self.inner.detail {
            Detail::Custom(error) => error.downcast_ref::<E>(),
            _ => None,
        }
    }

    #[cold]
    fn with(kind: ErrorKind, detail: Detail) -> Self {
        Error {
            inner: Box::new(Inner { kind, detail }),
        }
    }

    #[cold]
    fn parse_in(
        what: Cow<'static, str>,
        input: &[u8],
        position: usize,
        expected: Cow<'static, str>,
    ) -> Self {
        Self::with(
            ErrorKind::Parse,
            Detail::Parse {
                what,
                input: quote(input),
                position,
                expected,
            },
        )
    }

    /// A parse error: `what` names the thing being read ("timestamp", "zone"),
    /// `position` is a byte offset into `input`.
    #[cold]
    pub(crate) fn parse(
        what: &'static str,
        input: &[u8],
        position: usize,
        expected: &'static str,
    ) -> Self {
        Self::parse_in(
            Cow::Borrowed(what),
            input,
            position,
            Cow::Borrowed(expected),
        )
    }

    /// A parse error whose explanation is built at run time.
    #[cold]
    pub(crate) fn parse_owned(
        what: &'static str,
        input: &[u8],
        position: usize,
        expected: String,
    ) -> Self {
        Self::parse_in(Cow::Borrowed(what), input, position, Cow::Owned(expected))
    }

    /// A zone name that is not in the database; `hint` follows the message
    /// (`; did you mean "America/Vancouver"?`, or nothing).
    #[cold]
    pub(crate) fn unknown_zone(name: &str, hint: &str) -> Self {
        Self::with(
            ErrorKind::UnknownZone,
            Detail::UnknownZone {
                name: quote(name.as_bytes()),
                hint: hint.to_owned(),
            },
        )
    }

    #[cold]
    pub(crate) fn naive_rejected(value: NaiveDateTime) -> Self {
        Self::with(ErrorKind::NaiveRejected, Detail::NaiveRejected { value })
    }

    #[cold]
    pub(crate) fn ambiguous(
        wall: NaiveDateTime,
        zone: String,
        earlier: DateTime<FixedOffset>,
        later: DateTime<FixedOffset>,
    ) -> Self {
        Self::with(
            ErrorKind::Ambiguous,
            Detail::Ambiguous {
                wall,
                zone,
                earlier,
                later,
            },
        )
    }

    #[cold]
    pub(crate) fn nonexistent(
        wall: NaiveDateTime,
        zone: String,
        gap_start: NaiveDateTime,
        gap_end: NaiveDateTime,
        transition: DateTime<Utc>,
    ) -> Self {
        Self::with(
            ErrorKind::Nonexistent,
            Detail::Nonexistent {
                wall,
                zone,
                gap_start,
                gap_end,
                transition,
            },
        )
    }

    /// A naive value converted to `target`, a type that needs an offset.
    #[cfg(any(feature = "time", feature = "jiff"))]
    #[cold]
    pub(crate) fn naive_has_no_offset(naive: NaiveDateTime, target: &str) -> Self {
        Self::message(
            ErrorKind::WrongKind,
            format!(
                "{} has no UTC offset; read it in a zone with ensure_timezone_aware before converting to {target}",
                MaybeAware::Naive(naive)
            ),
        )
    }

    /// An aware value converted to `target`, which would drop its offset;
    /// `instead` names the types that keep it.
    #[cfg(any(feature = "time", feature = "jiff"))]
    #[cold]
    pub(crate) fn offset_would_be_dropped(
        aware: DateTime<FixedOffset>,
        target: &str,
        instead: &str,
    ) -> Self {
        Self::message(
            ErrorKind::WrongKind,
            format!(
                "{} has a UTC offset; a {target} would drop it (convert to {instead} instead)",
                MaybeAware::Aware(aware)
            ),
        )
    }

    /// TZif data of zone `zone` refused: `detail` says what is wrong and where.
    #[cold]
    pub(crate) fn invalid_tzif(zone: &str, detail: &dyn fmt::Display) -> Self {
        Self::with(
            ErrorKind::InvalidTzif,
            Detail::Message(format!(
                "invalid TZif data for zone \"{}\": {detail}",
                quote(zone.as_bytes())
            )),
        )
    }

    /// An error of `kind` with a fixed message.
    #[cold]
    pub(crate) fn fixed(kind: ErrorKind, message: &'static str) -> Self {
        Self::with(kind, Detail::Static(message))
    }

    /// An error of `kind` with a message built at run time.
    #[cold]
    pub(crate) fn message(kind: ErrorKind, message: String) -> Self {
        Self::with(kind, Detail::Message(message))
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Dates and times are written by the crate's own writer (`Display` for
        // `MaybeAware`): offsets keep their seconds (`+14:58:47`), years
        // outside 0000-9999 have a sign and 6 digits, as `parse` reads them.
        let naive = |value: &NaiveDateTime| MaybeAware::Naive(*value);
        let aware = |value: &DateTime<FixedOffset>| MaybeAware::Aware(*value);
        match &self.inner.detail {
            Detail::Parse {
                what,
                input,
                position,
                expected,
            } => write!(
                f,
                "invalid {what} \"{input}\": {expected} (at byte {position})"
            ),
            Detail::UnknownZone { name, hint } => write!(
                f,
                "unknown time zone \"{name}\": expected \"UTC\", \"Z\", an offset like \"+05:30\" or an IANA name like \"America/New_York\"{hint}"
            ),
            Detail::NaiveRejected { value } => write!(
                f,
                "naive datetime {} has no UTC offset, and the current context refuses naive values: expected a value with an offset",
                naive(value)
            ),
            Detail::Ambiguous {
                wall,
                zone,
                earlier,
                later,
            } => write!(
                f,
                "{} is ambiguous in {zone}: it occurs at both {} and {} (clocks were turned back)",
                naive(wall),
                aware(earlier),
                aware(later),
            ),
            Detail::Nonexistent {
                wall,
                zone,
                gap_start,
                gap_end,
                transition,
            } => write!(
                f,
                "{} does not exist in {zone}: clocks jumped from {} to {} at {}",
                naive(wall),
                naive(gap_start),
                naive(gap_end),
                MaybeAware::from(transition),
            ),
            Detail::Message(m) => f.write_str(m),
            Detail::Static(m) => f.write_str(m),
            Detail::Custom(error) => fmt::Display::fmt(error, f),
        }
    }
}

impl fmt::Debug for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Error")
            .field("kind", &self.inner.kind)
            .field("message", &self.to_string())
            .finish()
    }
}

impl std::error::Error for Error {
    /// For an error made with [`Error::new`], the source of the error given
    /// there (whose own message is this error's); otherwise none.
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match &self.inner.detail {
            Detail::Custom(error) => error.source(),
            _ => None,
        }
    }
}

/// `"{input}"`, quoted as [`quote`] does.
struct Quoted<'a>(&'a [u8]);

impl fmt::Display for Quoted<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "\"{}\"", quote(self.0))
    }
}

/// Quotes at most [`QUOTE_LIMIT`] characters of `input` for an error message:
/// control characters, quotes, backslashes and invalid UTF-8 are escaped, and a
/// longer input ends in `...`.
pub(crate) fn quote(input: &[u8]) -> String {
    use fmt::Write as _;
    let mut out = String::new();
    let mut taken = 0usize;
    for chunk in input.utf8_chunks() {
        for c in chunk.valid().chars() {
            if taken == QUOTE_LIMIT {
                out.push_str("...");
                return out;
            }
            taken += 1;
            match c {
                '"' => out.push_str("\\\""),
                '\\' => out.push_str("\\\\"),
                '\n' => out.push_str("\\n"),
                '\r' => out.push_str("\\r"),
                '\t' => out.push_str("\\t"),
                c if c.is_control() => {
                    let _ = write!(out, "\\u{{{:x}}}", u32::from(c));
                }
                c => out.push(c),
            }
        }
        for b in chunk.invalid() {
            if taken == QUOTE_LIMIT {
                out.push_str("...");
                return out;
            }
            taken += 1;
            let _ = write!(out, "\\x{b:02x}");
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quote_escapes_and_truncates() {
        assert_eq!(quote(b"plain"), "plain");
        assert_eq!(quote(b"a\"b\\c\n\t\x00"), "a\\\"b\\\\c\\n\\t\\u{0}");
        assert_eq!(quote(b"\xff\xfe"), "\\xff\\xfe");
        let long = "x".repeat(100);
        let q = quote(long.as_bytes());
        assert_eq!(q, format!("{}...", "x".repeat(64)));
        assert_eq!(quote("é".repeat(64).as_bytes()), "é".repeat(64));
    }

    #[test]
    fn error_is_small_send_sync() {
        fn assert_send_sync<T: Send + Sync + 'static>() {}
        assert_send_sync::<Error>();
        assert_eq!(core::mem::size_of::<Error>(), core::mem::size_of::<usize>());
    }
}
