//! Arbitrary bytes through every parser: the RFC 3339 family, RFC 9557
//! (under the four offset policies), RFC 2822, HTTP and JavaScript dates,
//! and epoch numbers in the four units.
//!
//! Checks: no panic (in parsing or in writing an error message); an error's
//! position lies inside the input; `parse_rfc3339` success implies `parse`
//! success with the same value and offset; `parse_aware` / `parse_naive` are
//! `parse` restricted to aware / naive values; a value `parse` reads displays
//! as text that reads back to itself; what the boundary parsers read, their
//! writers write as text that reads back to the same instant (and zone).
#![no_main]

use chrono::Datelike;
use libfuzzer_sys::fuzz_target;
use tzsafe::{
    format_http_date, format_rfc2822, format_rfc9557, from_epoch, parse, parse_aware,
    parse_http_date, parse_js_date, parse_naive, parse_rfc2822, parse_rfc3339, parse_rfc9557,
    EpochUnit, Error, ErrorKind, MaybeAware, OffsetConflict,
};

// `MaybeAware`'s `==` is structural: aware values are equal when both the
// instant and the offset are (chrono's `DateTime` `==` ignores the offset).

fn check_error(input: &str, err: &Error) {
    assert!(
        matches!(err.kind(), ErrorKind::Parse | ErrorKind::OutOfRange),
        "{input:?}: {err:?}"
    );
    if let Some(position) = err.position() {
        assert!(position <= input.len(), "{input:?}: {err}");
    }
    let message = err.to_string();
    assert!(message.starts_with("invalid "), "{input:?}: {message}");
    assert!(message.ends_with(')'), "{input:?}: {message}");
}

/// An error of the boundary parsers: a parse or range error like the
/// others, or what resolving a zoned value can give.
fn check_boundary_error(input: &str, err: &Error) {
    match err.kind() {
        ErrorKind::Parse | ErrorKind::OutOfRange => check_error(input, err),
        ErrorKind::UnknownZone
        | ErrorKind::OffsetMismatch
        | ErrorKind::Ambiguous
        | ErrorKind::Nonexistent => assert!(err.position().is_none(), "{input:?}: {err}"),
        other => panic!("{input:?}: unexpected {other:?}: {err}"),
    }
}

fn boundary(input: &str) {
    for policy in [
        OffsetConflict::Use,
        OffsetConflict::Prefer,
        OffsetConflict::Ignore,
        OffsetConflict::Reject,
    ] {
        match parse_rfc9557(input, policy) {
            Ok(value) => {
                let text = format_rfc9557(&value).to_string();
                let again = parse_rfc9557(&text, OffsetConflict::Reject)
                    .unwrap_or_else(|e| panic!("{input:?} -> {text:?}: {e}"));
                assert_eq!(again, value, "{input:?} -> {text:?}");
                assert_eq!(again.timezone(), value.timezone(), "{input:?} -> {text:?}");
            }
            Err(err) => check_boundary_error(input, &err),
        }
    }
    let in_four_digits = |year: i32| (100..=9999).contains(&year);
    match parse_rfc2822(input) {
        Ok(value) => {
            if in_four_digits(value.year()) {
                let text = format_rfc2822(&value).unwrap().to_string();
                let again =
                    parse_rfc2822(&text).unwrap_or_else(|e| panic!("{input:?} -> {text:?}: {e}"));
                assert_eq!(again, value, "{input:?} -> {text:?}");
            }
        }
        Err(err) => check_boundary_error(input, &err),
    }
    for result in [
        parse_http_date(input).map(|at| at.fixed_offset()),
        parse_js_date(input),
    ] {
        match result {
            Ok(value) => {
                if in_four_digits(value.to_utc().year()) {
                    let text = format_http_date(&value).unwrap().to_string();
                    assert_eq!(
                        parse_http_date(&text).unwrap(),
                        value,
                        "{input:?} -> {text:?}"
                    );
                    assert_eq!(
                        parse_js_date(&text).unwrap(),
                        value,
                        "{input:?} -> {text:?}"
                    );
                }
            }
            Err(err) => check_boundary_error(input, &err),
        }
    }
    for unit in [
        EpochUnit::Seconds,
        EpochUnit::Millis,
        EpochUnit::Micros,
        EpochUnit::Nanos,
    ] {
        if let Err(err) = from_epoch(input, unit) {
            check_boundary_error(input, &err);
        }
    }
}

fuzz_target!(|data: &[u8]| {
    let Ok(input) = std::str::from_utf8(data) else {
        return;
    };
    boundary(input);
    let lenient = parse(input);
    let strict = parse_rfc3339(input);
    let aware = parse_aware(input);
    let naive = parse_naive(input);
    for err in [
        lenient.as_ref().err(),
        strict.as_ref().err(),
        aware.as_ref().err(),
        naive.as_ref().err(),
    ]
    .into_iter()
    .flatten()
    {
        check_error(input, err);
    }
    if let Ok(strict) = &strict {
        let lenient = lenient
            .as_ref()
            .expect("parse_rfc3339 read it, parse must too");
        assert_eq!(&MaybeAware::Aware(*strict), lenient, "{input:?}");
    }
    match &lenient {
        Ok(value) => {
            match value {
                MaybeAware::Aware(x) => {
                    let y = aware.as_ref().expect("parse_aware reads aware values");
                    assert_eq!(MaybeAware::Aware(*y), MaybeAware::Aware(*x), "{input:?}");
                    assert!(naive.is_err(), "{input:?}");
                }
                MaybeAware::Naive(x) => {
                    assert_eq!(naive.as_ref().ok(), Some(x), "{input:?}");
                    assert!(aware.is_err(), "{input:?}");
                }
            }
            let text = value.to_string();
            let again = parse(&text).unwrap_or_else(|e| panic!("{input:?} -> {text:?}: {e}"));
            assert_eq!(&again, value, "{input:?} -> {text:?}");
            assert_eq!(again.to_string(), text, "{input:?}");
        }
        Err(_) => {
            assert!(
                strict.is_err() && aware.is_err() && naive.is_err(),
                "{input:?}"
            );
        }
    }
});
