//! Tests: parse_python — `tzsafe::parse` against CPython's
//! `datetime.fromisoformat`, on strings that CPython and JavaScript write.
//!
//! `tests/data/python/gen_timestamps.py` writes 20,000 timestamps made with
//! random datetimes (years 1 to 9999, most in 1900-2100), naive and aware (fixed
//! offsets in whole minutes and with seconds, and zoneinfo zones including local
//! mean time before 1900), written with every `isoformat(sep, timespec)` form,
//! `str(dt)` and a JavaScript `toISOString()` equivalent, each with the value
//! CPython reads from it. tzsafe must read exactly that value.
//!
//! Then timestamps in the same layout with fields at and just past their
//! limits (month 13, day 31 of a 30-day month, February 29 of a common year,
//! hour 24, minute 60, second 60, offset 24:00, year 0000): what CPython reads,
//! tzsafe must read, except forms `isoformat` never writes, which tzsafe
//! refuses as RFC 3339 does and which are only checked like mutations below:
//! an offset minute or second of `60` (CPython 3.11 reads `+01:60` as
//! `+02:00`) and hour `24` (newer CPythons read `24:00` as midnight of the
//! next day). What CPython refuses, tzsafe must refuse, with the exceptions
//! below.
//!
//! Then random one-character mutations of the 20,000 strings:
//! * CPython reads a mutated string: tzsafe may refuse it (it reads what
//!   CPython and JavaScript *write*, not all of ISO 8601: see
//!   [`tzsafe::parse`]), but if it reads it, it reads the same value, to the
//!   microsecond (CPython truncates fraction digits after the 6th, tzsafe after
//!   the 9th).
//! * CPython refuses a mutated string: tzsafe must refuse it too, except
//!   - a leap second (`23:59:60`), which RFC 3339 allows and CPython refuses;
//!   - year `0000`, which RFC 3339 allows and CPython cannot represent;
//!   - a lowercase `z` offset, which RFC 3339 allows and CPython 3.11 refuses
//!     (the generator checks those against CPython's reading with `Z`).
//!
//! And offsets with microseconds (`+05:30:00.000001`, which `isoformat` writes
//! for such a `timezone`): CPython reads them; chrono's `FixedOffset` cannot
//! hold them, so tzsafe refuses them with `ErrorKind::OutOfRange`.
//!
//! The seed is printed; `TZSAFE_SEED=<seed>` reproduces a run. Without python3
//! the test prints a notice and passes, except under CI (`CI` set) where it
//! fails; likewise when a zone the generator uses is not on the system (the
//! generator reports it and leaves it out).

use std::fmt::Write as _;

use chrono::{DateTime, Datelike, NaiveDate, Timelike, Utc};
use serde_json::Value;
use tzsafe::{ErrorKind, MaybeAware};

use crate::common;

/// Strings written like CPython / JavaScript would.
const COUNT: u64 = 20_000;
/// Mutated strings.
const MUTATIONS: u64 = 5_000;

/// What a line says CPython read.
#[derive(Debug)]
enum Expected {
    /// UTC seconds, microseconds and offset seconds.
    Aware(i64, u32, i32),
    /// Wall-time fields.
    Naive(NaiveDate, u32, u32, u32, u32),
}

fn int(v: &Value) -> i64 {
    v.as_i64().unwrap_or_else(|| panic!("not an integer: {v}"))
}

fn expected(fields: &[Value]) -> Expected {
    match fields.len() {
        3 => Expected::Aware(
            int(&fields[0]),
            int(&fields[1]) as u32,
            int(&fields[2]) as i32,
        ),
        7 => Expected::Naive(
            NaiveDate::from_ymd_opt(
                int(&fields[0]) as i32,
                int(&fields[1]) as u32,
                int(&fields[2]) as u32,
            )
            .expect("CPython's date exists"),
            int(&fields[3]) as u32,
            int(&fields[4]) as u32,
            int(&fields[5]) as u32,
            int(&fields[6]) as u32,
        ),
        n => panic!("unexpected line with {n} values"),
    }
}

/// Whether tzsafe's `got` is CPython's `want`. `exact`: nanoseconds must be
/// whole microseconds (strings with at most 6 fraction digits); otherwise the
/// nanoseconds are truncated to microseconds first, as CPython does.
fn same(got: &MaybeAware, want: &Expected, exact: bool) -> bool {
    let micros_match = |nanos: u32, micros: u32| {
        if exact {
            nanos == micros * 1000
        } else {
            nanos / 1000 == micros
        }
    };
    match (got, want) {
        (MaybeAware::Aware(dt), Expected::Aware(secs, micros, offset)) => {
            let utc: DateTime<Utc> = dt.to_utc();
            utc.timestamp() == *secs
                && micros_match(utc.timestamp_subsec_nanos(), *micros)
                && dt.offset().local_minus_utc() == *offset
        }
        (MaybeAware::Naive(n), Expected::Naive(date, h, mi, s, micros)) => {
            n.date() == *date
                && n.hour() == *h
                && n.minute() == *mi
                && n.second() == *s
                && micros_match(n.nanosecond(), *micros)
        }
        _ => false,
    }
}

/// A documented reason for tzsafe to read a string CPython refuses.
fn allowed_extra(value: &MaybeAware) -> Option<&'static str> {
    let wall = value.wall_time().expect("python values are in range");
    if wall.nanosecond() >= 1_000_000_000 {
        return Some("leap second");
    }
    if wall.year() == 0 {
        return Some("year 0000");
    }
    None
}

#[test]
fn parse_agrees_with_cpython_fromisoformat() {
    let seed = common::seed("parse_python");
    let Some(out) = common::python(
        "tests/data/python/gen_timestamps.py",
        &format!("{seed} {COUNT} {MUTATIONS}\n"),
    ) else {
        return;
    };

    let mut failures = Vec::new();
    let mut missing = Vec::new();
    let mut counts = std::collections::BTreeMap::<String, usize>::new();
    for line in out.lines() {
        let Value::Array(items) = serde_json::from_str::<Value>(line).expect("a JSON line") else {
            panic!("not an array: {line}");
        };
        let tag = items[0].as_str().expect("tag");
        let s = items[1].as_str().expect("string");
        if tag == "M" {
            missing.push(s.to_owned());
            continue;
        }
        let parsed = tzsafe::parse(s);
        let problem = match tag {
            "A" | "N" => {
                let want = expected(&items[2..]);
                match &parsed {
                    Ok(got) if same(got, &want, true) => None,
                    Ok(got) => Some(format!("CPython reads {want:?}, tzsafe {got:?}")),
                    Err(err) => Some(format!("CPython reads {want:?}, tzsafe refuses: {err}")),
                }
            }
            "a" | "n" => {
                let want = expected(&items[2..]);
                match &parsed {
                    Ok(got) if !same(got, &want, false) => {
                        Some(format!("CPython reads {want:?}, tzsafe {got:?}"))
                    }
                    Ok(_) => {
                        *counts.entry("mutated, both read".into()).or_default() += 1;
                        None
                    }
                    Err(_) => {
                        *counts.entry("mutated, CPython only".into()).or_default() += 1;
                        None
                    }
                }
            }
            "R" => match &parsed {
                Err(_) => None,
                Ok(got) => match allowed_extra(got) {
                    Some(reason) => {
                        *counts.entry(format!("mutated, tzsafe only: {reason}")).or_default() += 1;
                        None
                    }
                    None => Some(format!("CPython refuses it, tzsafe reads {got:?}")),
                },
            },
            "O" => match &parsed {
                Err(err) if err.kind() == ErrorKind::OutOfRange => None,
                Err(err) => Some(format!(
                    "expected ErrorKind::OutOfRange for an offset with microseconds, got {:?}: {err}",
                    err.kind()
                )),
                Ok(got) => Some(format!(
                    "an offset with microseconds must be refused, tzsafe reads {got:?}"
                )),
            },
            other => panic!("unknown tag {other:?} in {line}"),
        };
        *counts.entry(tag.to_owned()).or_default() += 1;
        if let Some(problem) = problem {
            failures.push(format!("[{tag}] {s:?}: {problem}"));
        }
    }
    println!("parse_python: {counts:?}");
    common::require_zones(&missing, "parse_python");

    let generated = counts.get("A").copied().unwrap_or(0) + counts.get("N").copied().unwrap_or(0);
    assert!(
        generated as u64 >= COUNT,
        "the generator wrote too few strings: {counts:?}"
    );
    assert!(
        counts.get("R").copied().unwrap_or(0) > 1000,
        "too few refused mutations: {counts:?}"
    );

    if !failures.is_empty() {
        let mut report = format!(
            "{} of {} strings disagree with CPython (reproduce with TZSAFE_SEED={seed}):\n",
            failures.len(),
            out.lines().count()
        );
        for failure in failures.iter().take(25) {
            let _ = writeln!(report, "  {failure}");
        }
        panic!("{report}");
    }
}
