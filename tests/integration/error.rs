//! `tzsafe::Error` built outside the core: `Error::new`, `Error::parse_at`,
//! `Error::quote` and `Error::downcast_ref`, as tzsafe's models and code built
//! on tzsafe use them.

use core::fmt;
use std::error::Error as _;

#[cfg(feature = "discount")]
use tzsafe::models::discount::{DiscountError, OfferError};
use tzsafe::{Error, ErrorKind};

/// An error with a source, as a caller's own type might be.
#[derive(Debug)]
struct Wrapped(std::num::ParseIntError);

impl fmt::Display for Wrapped {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "invalid room size: {}", self.0)
    }
}

impl std::error::Error for Wrapped {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        Some(&self.0)
    }
}

#[test]
fn new_keeps_the_kind_the_message_and_the_error() {
    let cause = "x".parse::<u8>().unwrap_err();
    let err = Error::new(ErrorKind::InvalidValue, Wrapped(cause.clone()));
    assert_eq!(err.kind(), ErrorKind::InvalidValue);
    assert_eq!(err.position(), None);
    assert_eq!(
        err.to_string(),
        "invalid room size: invalid digit found in string"
    );
    assert_eq!(
        format!("{err:?}"),
        "Error { kind: InvalidValue, message: \"invalid room size: invalid digit found in string\" }"
    );
    assert_eq!(err.downcast_ref::<Wrapped>().map(|w| &w.0), Some(&cause));
    #[cfg(feature = "discount")]
    assert!(err.downcast_ref::<DiscountError>().is_none());
    // The source is the given error's source: its own message is already this
    // error's, and a reporter printing the chain would print it twice.
    assert_eq!(err.source().map(|s| s.to_string()), Some(cause.to_string()));

    let err = Error::new(ErrorKind::OutOfRange, "a message");
    assert_eq!(
        (err.kind(), err.to_string()),
        (ErrorKind::OutOfRange, "a message".to_owned())
    );
    assert!(err.source().is_none());
    let err = Error::new(ErrorKind::InvalidValue, format!("owned {}", 1));
    assert_eq!(err.to_string(), "owned 1");
}

#[test]
fn parse_at_reads_like_every_parse_error() {
    let err = Error::parse_at("room id", "room\n42", 4, "expected a letter or a digit");
    assert_eq!(err.kind(), ErrorKind::Parse);
    assert!(err.is_parse());
    assert_eq!(err.position(), Some(4));
    assert_eq!(
        err.to_string(),
        "invalid room id \"room\\n42\": expected a letter or a digit (at byte 4)"
    );
    // The position is clamped to the input.
    assert_eq!(
        Error::parse_at("x", "ab", 9, "expected c").position(),
        Some(2)
    );
    // The same form as the core's own errors.
    let core = "2026-13-01T00:00"
        .parse::<tzsafe::MaybeAware>()
        .unwrap_err();
    let outside = Error::parse_at(
        "timestamp",
        "2026-13-01T00:00",
        5,
        "month 13 does not exist (expected 01 to 12)",
    );
    assert_eq!(outside.to_string(), core.to_string());
    assert_eq!(outside.position(), core.position());
}

#[test]
fn quote_escapes_and_truncates_as_messages_do() {
    assert_eq!(Error::quote("plain").to_string(), "\"plain\"");
    assert_eq!(
        Error::quote("a\"b\\c\u{0}\t").to_string(),
        "\"a\\\"b\\\\c\\u{0}\\t\""
    );
    assert_eq!(
        Error::quote(&"é".repeat(70)).to_string(),
        format!("\"{}...\"", "é".repeat(64))
    );
}

#[cfg(feature = "discount")]
#[test]
fn the_models_refusals_are_found_in_the_converted_error() {
    let err: Error = DiscountError::Revoked.into();
    assert_eq!(err.kind(), ErrorKind::InvalidValue);
    assert_eq!(err.to_string(), "discount has been revoked");
    assert_eq!(
        err.downcast_ref::<DiscountError>(),
        Some(&DiscountError::Revoked)
    );
    let err: Error = OfferError::NotParticipant.into();
    assert_eq!(
        err.downcast_ref::<OfferError>(),
        Some(&OfferError::NotParticipant)
    );
    assert!(err.downcast_ref::<DiscountError>().is_none());
}
