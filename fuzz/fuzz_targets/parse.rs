//! Arbitrary bytes through all four parsers.
//!
//! Checks: no panic (in parsing or in writing an error message); an error's
//! position lies inside the input; `parse_rfc3339` success implies `parse`
//! success with the same value and offset; `parse_aware` / `parse_naive` are
//! `parse` restricted to aware / naive values; a value `parse` reads displays
//! as text that reads back to itself.
#![no_main]

use libfuzzer_sys::fuzz_target;
use tzsafe::{parse, parse_aware, parse_naive, parse_rfc3339, Error, ErrorKind, MaybeAware};

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

fuzz_target!(|data: &[u8]| {
    let Ok(input) = std::str::from_utf8(data) else {
        return;
    };
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
