//! Tests: oracle_epoch — `from_epoch` against CPython's
//! `datetime.fromtimestamp(x, timezone.utc)` (seconds) and JavaScript's
//! `new Date(ms)` (milliseconds), run by `tests/data/python/epoch.py` and
//! `tests/data/node/epoch.mjs`.
//!
//! The numerals: integers at the ends of each oracle's range and just
//! beyond, random integers, and decimals with every fraction length from 1
//! to 9 digits, negative too. The decimals are dyadic (an odd number over a
//! power of two: `.5`, `.25`, ..., `.001953125`) with an integer part small
//! enough for a binary float to hold them exactly, so that the oracles,
//! which read a float, read the very number tzsafe reads.
//!
//! * CPython rounds to the microsecond (half to even): tzsafe's value,
//!   rounded so, must be CPython's, wherever CPython reads the number
//!   (years 1 to 9999).
//! * JavaScript truncates to the millisecond: tzsafe's value, truncated
//!   toward zero, must be node's, wherever node reads the number and it is
//!   inside chrono's range (years -262143 to 262142; JavaScript's goes to
//!   ±275760, a documented refusal: `ErrorKind::OutOfRange`).
//!
//! The seed is printed; `TZSAFE_SEED=<seed>` reproduces a run. Without
//! python3 or node the test prints a notice and passes, except under CI.

use serde_json::Value;
use tzsafe::{from_epoch, EpochUnit, ErrorKind};

use crate::common::{self, Rng};

/// A numeral: `int` and a dyadic fraction of `digits` digits (an odd
/// numerator over 2^digits), with `int`'s sign.
fn dyadic(rng: &mut Rng, int: i64, digits: u32) -> String {
    let denominator = 1i64 << digits;
    let numerator = rng.range(0, denominator / 2) * 2 + 1;
    // numerator / 2^digits = numerator * 5^digits / 10^digits.
    let fraction = numerator as i128 * 5i128.pow(digits);
    let sign = if int < 0 { "-" } else { "" };
    format!(
        "{sign}{}.{fraction:0width$}",
        int.unsigned_abs(),
        width = digits as usize
    )
}

/// Nanoseconds of what tzsafe reads.
fn nanos(text: &str, unit: EpochUnit) -> Result<i128, ErrorKind> {
    from_epoch(text, unit)
        .map(|at| {
            i128::from(at.timestamp()) * 1_000_000_000 + i128::from(at.timestamp_subsec_nanos())
        })
        .map_err(|e| e.kind())
}

/// An integer in `lo..hi` of at most 43 bits: with a dyadic fraction of up
/// to 9 digits it fits a binary float's 53 bits exactly.
fn exact_int(rng: &mut Rng, lo: i64, hi: i64) -> i64 {
    let bound = 1i64 << 43;
    rng.range(lo.max(-bound), hi.min(bound))
}

#[test]
fn cpython_seconds() {
    let seed = common::seed("oracle_epoch_cpython");
    let mut rng = Rng(seed);
    // Years 1 to 9999 for CPython.
    let (lo, hi) = (-62_135_596_800i64, 253_402_300_799i64);
    let mut texts: Vec<String> = [lo, hi, lo - 1, hi + 1, 0, -1, 1]
        .iter()
        .map(i64::to_string)
        .collect();
    texts.push(format!("{hi}.5"));
    texts.push(format!("-{}.5", (lo + 1).unsigned_abs()));
    for _ in 0..500 {
        texts.push(rng.range(lo, hi).to_string());
        for digits in 1..=9 {
            let int = exact_int(&mut rng, lo, hi);
            texts.push(dyadic(&mut rng, int, digits));
        }
    }
    let Some(out) = common::python(
        "tests/data/python/epoch.py",
        &serde_json::to_string(&texts).unwrap(),
    ) else {
        return;
    };
    let out: Vec<Value> = serde_json::from_str(&out).unwrap();
    let mut failures = Vec::new();
    let mut compared = 0;
    for (text, theirs) in texts.iter().zip(&out) {
        let ours = nanos(text, EpochUnit::Seconds);
        let Some(pair) = theirs.as_array() else {
            // CPython refuses: outside years 1 to 9999, which chrono holds.
            if ours.is_err() {
                failures.push(format!(
                    "{text}: tzsafe refused it too ({ours:?}), inside chrono's range"
                ));
            }
            continue;
        };
        let theirs = i128::from(pair[0].as_i64().unwrap()) * 1_000_000
            + i128::from(pair[1].as_i64().unwrap());
        // tzsafe's nanoseconds, rounded half to even to microseconds.
        let rounded = ours.map(|n| {
            let (q, r) = (n.div_euclid(1_000), n.rem_euclid(1_000));
            if r > 500 || (r == 500 && q % 2 != 0) {
                q + 1
            } else {
                q
            }
        });
        match rounded {
            Ok(micros) if micros == theirs => compared += 1,
            other => failures.push(format!("{text}: CPython {theirs} µs, tzsafe {other:?}")),
        }
    }
    assert!(failures.is_empty(), "seed {seed}:\n{}", failures.join("\n"));
    assert!(compared > 4_000, "{compared}");
}

#[test]
fn javascript_milliseconds() {
    let seed = common::seed("oracle_epoch_node");
    let mut rng = Rng(seed);
    // JavaScript's range, and chrono's, in milliseconds.
    let js = 8_640_000_000_000_000i64;
    let chrono_min = chrono::DateTime::<chrono::Utc>::MIN_UTC.timestamp_millis();
    let chrono_max = chrono::DateTime::<chrono::Utc>::MAX_UTC.timestamp_millis();
    let mut texts: Vec<String> = [
        js,
        -js,
        js + 1,
        chrono_min,
        chrono_max,
        chrono_max + 1,
        0,
        -1,
        1,
    ]
    .iter()
    .map(i64::to_string)
    .collect();
    for _ in 0..500 {
        texts.push(rng.range(-js, js).to_string());
        for digits in 1..=9 {
            let int = exact_int(&mut rng, -js, js);
            texts.push(dyadic(&mut rng, int, digits));
        }
    }
    let Some(out) = common::node(
        "tests/data/node/epoch.mjs",
        &[],
        &[],
        &serde_json::to_string(&texts).unwrap(),
    ) else {
        return;
    };
    let out: Vec<Value> = serde_json::from_str(&out).unwrap();
    let mut failures = Vec::new();
    let mut compared = 0;
    for (text, theirs) in texts.iter().zip(&out) {
        let ours = nanos(text, EpochUnit::Millis);
        match (theirs.as_i64(), ours) {
            // Truncated toward zero, as JavaScript's TimeClip does.
            (Some(ms), Ok(n)) if n / 1_000_000 == i128::from(ms) => compared += 1,
            // Beyond chrono's range: the documented refusal.
            (Some(ms), Err(ErrorKind::OutOfRange)) if ms < chrono_min || ms > chrono_max => {}
            (None, _) => {}
            (theirs, ours) => failures.push(format!("{text}: node {theirs:?}, tzsafe {ours:?} ns")),
        }
    }
    assert!(failures.is_empty(), "seed {seed}:\n{}", failures.join("\n"));
    assert!(compared > 4_000, "{compared}");
}
