//! Tests: oracle_node — JavaScript's `Date` against `parse_js_date`, on
//! what node itself writes.
//!
//! `tests/data/node/js_dates.mjs` runs once per zone (given to node through
//! the `TZ` environment variable) and writes `toString()` and
//! `toUTCString()` for instants from a seeded generator (most in 1900-2100,
//! some in 1800-1900, where zones have local mean time with offsets in
//! seconds, some in years -5000 to 15000), with what `Date.parse` reads
//! back from each. Wherever node reads one, tzsafe reads node's instant,
//! except in the years 0000 to 0099, which node reads back as 1950-2049
//! and tzsafe refuses (a documented refusal). tzsafe also reads the years
//! before 0, which node writes but does not read back.
//!
//! Zones come from node's own ICU data: the test checks the strings, not
//! the zones' rules. The seed is printed; `TZSAFE_SEED=<seed>` reproduces a
//! run. Without node the test prints a notice and passes, except under CI.

use serde_json::Value;
use tzsafe::parse_js_date;

use crate::common;

/// Zones of many shapes: DST north and south, half and quarter hours,
/// offsets with seconds before 1900 (Monrovia's -00:44:30 until 1972).
const ZONES: [&str; 12] = [
    "UTC",
    "America/New_York",
    "America/Vancouver",
    "America/St_Johns",
    "Asia/Kolkata",
    "Asia/Kathmandu",
    "Australia/Lord_Howe",
    "Pacific/Chatham",
    "Africa/Monrovia",
    "Europe/Dublin",
    "Etc/GMT+5",
    "Pacific/Kiritimati",
];

/// Instants per zone.
const COUNT: usize = 500;

#[test]
fn node_writes_and_reads_like_tzsafe() {
    let seed = common::seed("oracle_node");
    let mut failures = Vec::new();
    let mut compared = 0;
    for (i, zone) in ZONES.iter().enumerate() {
        let zone_seed = (seed + i as u64).to_string();
        let Some(out) = common::node(
            "tests/data/node/js_dates.mjs",
            &[&zone_seed, &COUNT.to_string()],
            &[("TZ", zone)],
            "",
        ) else {
            return;
        };
        for line in out.lines() {
            let line: Value = serde_json::from_str(line).unwrap();
            for (text, node) in [(&line[1], &line[3]), (&line[2], &line[4])] {
                let text = text.as_str().unwrap();
                match (parse_js_date(text), node.as_i64()) {
                    (Ok(at), Some(ms)) if at.timestamp_millis() == ms => compared += 1,
                    (Ok(_), None) => {}
                    // The documented refusal: years 0000-0099, which node
                    // writes and reads back as 1950-2049.
                    (Err(err), _)
                        if err
                            .to_string()
                            .contains("JavaScript writes years 0 to 99 so") => {}
                    (ours, theirs) => failures.push(format!(
                        "TZ={zone} {text:?}: node {theirs:?}, tzsafe {ours:?}"
                    )),
                }
            }
        }
    }
    assert!(
        failures.is_empty(),
        "seed {seed}: {} disagreements:\n{}",
        failures.len(),
        failures.join("\n")
    );
    // Most strings are in years node reads.
    assert!(compared > ZONES.len() * COUNT, "only {compared} compared");
}
