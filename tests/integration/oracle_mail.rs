//! Tests: oracle_mail — dates in words against CPython, an independent
//! reader and writer: `email.utils.format_datetime` / `parsedate_to_datetime`
//! (RFC 5322) and `http.cookiejar.http2time` (HTTP dates), run by
//! `tests/data/python/mail_dates.py` (no zone data involved).
//!
//! * What CPython writes (random instants in years 1-9999, whole-minute
//!   offsets, naive values as `-0000`, UTC as `GMT`), tzsafe reads to the
//!   same instant and offset: `parse_rfc2822`, and for `GMT` also
//!   `parse_http_date` and `parse_js_date` (the form is JavaScript's
//!   `toUTCString()` too; `parse_js_date` refuses the years 0-99).
//! * What tzsafe writes (`format_rfc2822` with any offset, seconds
//!   included; `format_http_date`), CPython reads to the same instant
//!   wherever it reads it, and it must read every e-mail date from year 100
//!   on and every HTTP date from 1970 on (CPython 3.11 takes a year below
//!   100 for a two-digit one, and `http2time` stops before 1970).
//! * The date strings of CPython's own tests and RFC 9110's examples
//!   (`tests/data/cpython_date_strings.json`), each annotated with what
//!   tzsafe does: read it to CPython's instant, or refuse it for a reason
//!   the README lists.
//!
//! The seed is printed; `TZSAFE_SEED=<seed>` reproduces a run. Without
//! python3 the test prints a notice and passes, except under CI.

use chrono::{DateTime, Datelike, FixedOffset, Offset};
use serde_json::Value;
use tzsafe::{format_http_date, format_rfc2822, parse_http_date, parse_js_date, parse_rfc2822};

use crate::common::{self, Rng};

/// Strings CPython writes, and strings tzsafe writes, per run.
const COUNT: usize = 3_000;

/// 0100-01-01T00:00:00Z and 9999-12-31T00:00:00Z as Unix seconds.
const YEAR_100: i64 = -59_011_459_200;
const YEAR_10000: i64 = 253_402_214_400;

fn int(v: &Value) -> i64 {
    v.as_i64().unwrap_or_else(|| panic!("not an integer: {v}"))
}

#[test]
fn cpython_reads_and_writes_like_tzsafe() {
    let seed = common::seed("oracle_mail");
    let mut rng = Rng(seed);

    // What tzsafe writes.
    let mut ours: Vec<(String, bool, DateTime<FixedOffset>)> = Vec::new();
    for _ in 0..COUNT {
        let at = DateTime::from_timestamp(rng.range(YEAR_100, YEAR_10000), 0).unwrap();
        let offset = FixedOffset::east_opt(rng.range(-86_399, 86_400) as i32).unwrap();
        let value = at.with_timezone(&offset);
        if let Ok(text) = format_rfc2822(&value) {
            ours.push((text.to_string(), false, value));
        }
        ours.push((format_http_date(&value).unwrap().to_string(), true, value));
    }
    let corpus: Value = serde_json::from_str(
        &std::fs::read_to_string(common::data("cpython_date_strings.json")).unwrap(),
    )
    .unwrap();
    let corpus = corpus["strings"].as_array().unwrap();

    let read: Vec<&str> = ours
        .iter()
        .map(|(text, ..)| text.as_str())
        .chain(corpus.iter().map(|entry| entry["input"].as_str().unwrap()))
        .collect();
    let request = serde_json::json!({"seed": seed, "count": COUNT, "read": read});
    let Some(out) = common::python("tests/data/python/mail_dates.py", &request.to_string()) else {
        return;
    };
    let out: Value = serde_json::from_str(&out).unwrap();
    let readings = out["readings"].as_array().unwrap();
    let mut failures = Vec::new();

    // What CPython writes, tzsafe reads.
    for line in out["written"].as_array().unwrap() {
        let text = line[0].as_str().unwrap();
        let utc = DateTime::from_timestamp(int(&line[2]), 0).unwrap();
        let offset = int(&line[3]) as i32;
        match parse_rfc2822(text) {
            Ok(at) if at == utc && at.offset().local_minus_utc() == offset => {}
            other => failures.push(format!(
                "CPython wrote {text:?} ({utc}, {offset}): parse_rfc2822 gave {other:?}"
            )),
        }
        if line[1] == "http" {
            match parse_http_date(text) {
                Ok(at) if at == utc => {}
                other => failures.push(format!(
                    "CPython wrote {text:?} ({utc}): parse_http_date gave {other:?}"
                )),
            }
            // JavaScript's form too, but for its years 0-99 (refused).
            match parse_js_date(text) {
                Ok(at) if at == utc => {}
                Err(err)
                    if utc.year() < 100
                        && err.to_string().contains("JavaScript writes years 0 to 99") => {}
                other => failures.push(format!(
                    "CPython wrote {text:?} ({utc}): parse_js_date gave {other:?}"
                )),
            }
        }
    }

    // What tzsafe writes, CPython reads.
    let (mut email_read, mut http_read) = (0, 0);
    for ((text, http, value), reading) in ours.iter().zip(readings) {
        let instant = value.timestamp();
        if *http {
            match reading["http"].as_i64() {
                Some(secs) if secs == instant => http_read += 1,
                Some(secs) => failures.push(format!(
                    "tzsafe wrote {text:?} ({value}): http2time read {secs}"
                )),
                None if value.timestamp() >= 0 => failures.push(format!(
                    "tzsafe wrote {text:?} ({value}): http2time refused it"
                )),
                None => {}
            }
        } else {
            let rounded = tzsafe::parse_rfc2822(text).unwrap().offset().fix();
            match reading["email"].as_array() {
                Some(pair)
                    if int(&pair[0]) == instant
                        && pair[1].as_i64() == Some(rounded.local_minus_utc().into()) =>
                {
                    email_read += 1
                }
                // CPython reads "-0000" as naive.
                Some(pair)
                    if int(&pair[0]) == instant
                        && pair[1].is_null()
                        && rounded.local_minus_utc() == 0 =>
                {
                    email_read += 1
                }
                other => failures.push(format!(
                    "tzsafe wrote {text:?} ({value}): parsedate_to_datetime read {other:?}"
                )),
            }
        }
    }
    assert!(
        email_read > COUNT / 2 && http_read > COUNT / 4,
        "{email_read} {http_read}"
    );

    // CPython's test strings, as annotated.
    for (entry, reading) in corpus.iter().zip(&readings[ours.len()..]) {
        let text = entry["input"].as_str().unwrap();
        let why = entry["why"].as_str().unwrap_or("");
        let ours = parse_rfc2822(text);
        match entry["email"].as_str().unwrap() {
            "same" => {
                let pair = reading["email"].as_array();
                let expected = pair.map(|p| (int(&p[0]), p[1].as_i64().unwrap_or(0) as i32));
                let got = ours
                    .as_ref()
                    .ok()
                    .map(|at| (at.timestamp(), at.offset().local_minus_utc()));
                if expected.is_none() || got != expected {
                    failures.push(format!("{text:?}: CPython {expected:?}, tzsafe {ours:?}"));
                }
            }
            "refused" => {
                if ours.is_ok() {
                    failures.push(format!(
                        "{text:?}: tzsafe read {ours:?}, annotated as refused ({why})"
                    ));
                }
            }
            value => {
                let got = ours.as_ref().map(|at| at.to_rfc3339()).ok();
                if got.as_deref() != Some(value) {
                    failures.push(format!("{text:?}: tzsafe {ours:?}, annotated {value}"));
                }
            }
        }
        let ours = parse_http_date(text);
        match entry["http"].as_str().unwrap() {
            "same" => match (reading["http"].as_i64(), &ours) {
                (Some(secs), Ok(at)) if secs == at.timestamp() => {}
                (theirs, _) => {
                    failures.push(format!("{text:?}: http2time {theirs:?}, tzsafe {ours:?}"))
                }
            },
            "refused" => {
                if ours.is_ok() {
                    failures.push(format!("{text:?}: tzsafe read {ours:?} as an HTTP date, annotated as refused ({why})"));
                }
            }
            value => {
                let got = ours.as_ref().map(|at| at.to_rfc3339()).ok();
                if got.as_deref() != Some(value) {
                    failures.push(format!(
                        "{text:?}: tzsafe {ours:?} as an HTTP date, annotated {value}"
                    ));
                }
            }
        }
    }
    // Offsets with seconds: CPython writes "+053028" (six digits), which
    // neither CPython nor RFC 5322 reads back; tzsafe refuses it.
    assert!(parse_rfc2822("Fri, 01 Jan 1971 05:30:28 +053028").is_err());

    assert!(
        failures.is_empty(),
        "seed {seed}: {} disagreements:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
