//! Reading timestamps. (Placeholder being replaced by the full parser.)

use core::str::FromStr;

use chrono::{DateTime, FixedOffset, NaiveDateTime};

use crate::aware::MaybeAware;
use crate::error::Error;

/// Reads a timestamp with or without an offset.
///
/// # Errors
///
/// [`ErrorKind::Parse`](crate::ErrorKind::Parse) when `input` is not a timestamp.
pub fn parse(input: &str) -> Result<MaybeAware, Error> {
    if let Ok(aware) = DateTime::parse_from_rfc3339(input) {
        return Ok(MaybeAware::Aware(aware));
    }
    for format in ["%Y-%m-%dT%H:%M:%S%.f", "%Y-%m-%d %H:%M:%S%.f"] {
        if let Ok(naive) = NaiveDateTime::parse_from_str(input, format) {
            return Ok(MaybeAware::Naive(naive));
        }
    }
    Err(Error::parse(
        "timestamp",
        input.as_bytes(),
        0,
        "expected a timestamp",
    ))
}

impl FromStr for MaybeAware {
    type Err = Error;

    fn from_str(s: &str) -> Result<Self, Error> {
        parse(s)
    }
}

/// Reads a timestamp that must carry a UTC offset.
///
/// # Errors
///
/// [`ErrorKind::Parse`](crate::ErrorKind::Parse) when `input` is not a timestamp
/// or has no offset.
pub fn parse_aware(input: &str) -> Result<DateTime<FixedOffset>, Error> {
    match parse(input)? {
        MaybeAware::Aware(aware) => Ok(aware),
        MaybeAware::Naive(_) => Err(Error::parse(
            "timestamp",
            input.as_bytes(),
            input.len(),
            "expected a UTC offset",
        )),
    }
}

/// Reads a timestamp that must not carry a UTC offset.
///
/// # Errors
///
/// [`ErrorKind::Parse`](crate::ErrorKind::Parse) when `input` is not a timestamp
/// or has an offset.
pub fn parse_naive(input: &str) -> Result<NaiveDateTime, Error> {
    match parse(input)? {
        MaybeAware::Naive(naive) => Ok(naive),
        MaybeAware::Aware(_) => Err(Error::parse(
            "timestamp",
            input.as_bytes(),
            0,
            "expected no UTC offset",
        )),
    }
}

/// Strict RFC 3339.
///
/// # Errors
///
/// [`ErrorKind::Parse`](crate::ErrorKind::Parse) when `input` is not RFC 3339.
pub fn parse_rfc3339(input: &str) -> Result<DateTime<FixedOffset>, Error> {
    DateTime::parse_from_rfc3339(input)
        .map_err(|_| Error::parse("timestamp", input.as_bytes(), 0, "expected RFC 3339"))
}
