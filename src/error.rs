//! The crate's one error type.
//!
//! `Error` is a pointer to a boxed payload so that `Result<DateTime<Utc>, Error>`
//! stays small on the hot path; everything is built in `#[cold]` constructors.

use core::fmt;

use chrono::{DateTime, FixedOffset, NaiveDateTime, Utc};

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
    /// A zone name that is not in the tz database: the bundled one, or for
    /// [`Zone::system`](crate::Zone::system) the system's (a name that is not a
    /// relative path inside it, or a file that cannot be read, counts too).
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
    /// A time window whose end is not after its start.
    InvalidWindow,
    /// A value that breaks a model's rules (a state transition that is not allowed,
    /// a percentage over 100 %, an empty id, ...).
    InvalidValue,
    /// TZif data ([`Zone::from_tzif`](crate::Zone::from_tzif),
    /// [`Zone::system`](crate::Zone::system)) that is malformed, or that holds
    /// what tzsafe cannot represent.
    InvalidTzif,
    /// A configured limit is reached: a presence tracker already holds its
    /// `max_users` online users, or a user their `max_connections_per_user`.
    /// Nothing was changed; the same call can succeed once room is made.
    CapacityExceeded,
    /// The store behind a model failed: Redis refused the connection, answered
    /// with an error, or did not answer within the configured timeout. The
    /// call may or may not have taken effect; presence calls can be retried.
    Store,
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
        what: &'static str,
        input: String,
        position: usize,
        expected: ParseExpectation,
    },
    UnknownZone {
        name: String,
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
}

enum ParseExpectation {
    Static(&'static str),
    Owned(String),
}

impl Error {
    /// What kind of error this is.
    #[must_use]
    pub fn kind(&self) -> ErrorKind {
        self.inner.kind
    }

    /// For a parse error, the byte offset in the input where reading failed.
    #[must_use]
    pub fn position(&self) -> Option<usize> {
        match &self.inner.detail {
            Detail::Parse { position, .. } => Some(*position),
            _ => None,
        }
    }

    /// Whether this is a [`ErrorKind::Parse`] error.
    #[must_use]
    pub fn is_parse(&self) -> bool {
        self.kind() == ErrorKind::Parse
    }

    /// Whether this is a [`ErrorKind::OutOfRange`] error.
    #[must_use]
    pub fn is_out_of_range(&self) -> bool {
        self.kind() == ErrorKind::OutOfRange
    }

    #[cold]
    fn new(kind: ErrorKind, detail: Detail) -> Self {
        Error {
            inner: Box::new(Inner { kind, detail }),
        }
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
        Self::new(
            ErrorKind::Parse,
            Detail::Parse {
                what,
                input: quote(input),
                position,
                expected: ParseExpectation::Static(expected),
            },
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
        Self::new(
            ErrorKind::Parse,
            Detail::Parse {
                what,
                input: quote(input),
                position,
                expected: ParseExpectation::Owned(expected),
            },
        )
    }

    #[cold]
    pub(crate) fn unknown_zone(name: &str) -> Self {
        Self::new(
            ErrorKind::UnknownZone,
            Detail::UnknownZone {
                name: quote(name.as_bytes()),
            },
        )
    }

    #[cold]
    pub(crate) fn naive_rejected(value: NaiveDateTime) -> Self {
        Self::new(ErrorKind::NaiveRejected, Detail::NaiveRejected { value })
    }

    #[cold]
    pub(crate) fn ambiguous(
        wall: NaiveDateTime,
        zone: String,
        earlier: DateTime<FixedOffset>,
        later: DateTime<FixedOffset>,
    ) -> Self {
        Self::new(
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
        Self::new(
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

    /// TZif data of zone `zone` refused: `detail` says what is wrong and where.
    #[cold]
    pub(crate) fn invalid_tzif(zone: &str, detail: &dyn fmt::Display) -> Self {
        Self::new(
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
        Self::new(kind, Detail::Static(message))
    }

    /// An error of `kind` with a message built at run time.
    #[cold]
    pub(crate) fn message(kind: ErrorKind, message: String) -> Self {
        Self::new(kind, Detail::Message(message))
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.inner.detail {
            Detail::Parse {
                what,
                input,
                position,
                expected,
            } => {
                let expected: &str = match expected {
                    ParseExpectation::Static(s) => s,
                    ParseExpectation::Owned(s) => s,
                };
                write!(
                    f,
                    "invalid {what} \"{input}\": {expected} (at byte {position})"
                )
            }
            Detail::UnknownZone { name } => write!(
                f,
                "unknown time zone \"{name}\": expected \"UTC\", \"Z\", an offset like \"+05:30\" or an IANA name like \"America/New_York\""
            ),
            Detail::NaiveRejected { value } => write!(
                f,
                "naive datetime {} has no UTC offset, and the current context refuses naive values: expected a value with an offset",
                value.format("%Y-%m-%dT%H:%M:%S%.f")
            ),
            Detail::Ambiguous {
                wall,
                zone,
                earlier,
                later,
            } => write!(
                f,
                "{} is ambiguous in {zone}: it occurs at both {} and {} (clocks were turned back)",
                wall.format("%Y-%m-%dT%H:%M:%S%.f"),
                earlier.format("%Y-%m-%dT%H:%M:%S%.f%:z"),
                later.format("%Y-%m-%dT%H:%M:%S%.f%:z"),
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
                wall.format("%Y-%m-%dT%H:%M:%S%.f"),
                gap_start.format("%Y-%m-%dT%H:%M:%S"),
                gap_end.format("%Y-%m-%dT%H:%M:%S"),
                transition.format("%Y-%m-%dT%H:%M:%SZ"),
            ),
            Detail::Message(m) => f.write_str(m),
            Detail::Static(m) => f.write_str(m),
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

impl std::error::Error for Error {}

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
            taken = taken.saturating_add(1);
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
            taken = taken.saturating_add(1);
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
