//! The jiff goals of `peers` (`jiff/*`, criterion), measured so that noise
//! from other processes cannot favour either side: tzsafe and its peer take
//! turns, one round of 1,000 passes over the same 1,000 inputs each, 21
//! rounds; each round's time is divided by the peer's round just before it,
//! and the median of those ratios is printed with the median times.
//!
//! * `timestamp_to_aware`: `MaybeAware::from(jiff::Timestamp)` against the
//!   same conversion by hand through seconds and nanoseconds (to chrono's
//!   `DateTime<Utc>`);
//! * `aware_to_timestamp`: `jiff::Timestamp::try_from(MaybeAware)` against
//!   `Timestamp::new(at.timestamp(), at.timestamp_subsec_nanos())` by hand;
//! * `ensure_civil_new_york`: `ensure_timezone_aware` of a
//!   `jiff::civil::DateTime` in New York (a `Zone` by name) against jiff's own
//!   `to_zoned_datetime` with jiff's zone of the same name.
//!
//! `cargo bench -p tzsafe-bench --bench jiff_paired`
#![allow(
    missing_docs,
    clippy::unwrap_used,
    clippy::cast_precision_loss,
    clippy::cast_possible_truncation,
    clippy::cast_possible_wrap,
    clippy::cast_sign_loss
)]

use std::hint::black_box;

#[path = "common/jiff.rs"]
mod jiff_inputs;

use chrono::{DateTime, Utc};
use jiff_inputs::{by_hand_to_chrono, by_hand_to_jiff, civil_wall_times, timestamps, N};
use tzsafe::{MaybeAware, ToJiff};

#[path = "common/paired.rs"]
mod paired;
use paired::median;

const PASSES: usize = 1_000;
const ROUNDS: usize = 21;

/// Nanoseconds per input of `PASSES` passes of `f` over the inputs.
fn round(f: impl FnMut()) -> f64 {
    paired::round(PASSES, N, f)
}

/// Runs the two sides in turns and prints their medians and the median ratio.
fn paired(name: &str, peer_name: &str, mut ours: impl FnMut(), mut peer: impl FnMut()) {
    // One untimed round each: caches and branch predictors warm for both.
    round(&mut peer);
    round(&mut ours);
    let (mut tzsafe, mut theirs, mut ratios) = (Vec::new(), Vec::new(), Vec::new());
    for _ in 0..ROUNDS {
        let p = round(&mut peer);
        let o = round(&mut ours);
        theirs.push(p);
        tzsafe.push(o);
        ratios.push(o / p);
    }
    println!(
        "jiff/{name}/tzsafe {:.2} ns (median of {ROUNDS} rounds)",
        median(tzsafe)
    );
    println!("jiff/{name}/{peer_name} {:.2} ns", median(theirs));
    println!(
        "jiff/{name} tzsafe / {peer_name} = {:.2}x (median of per-round ratios; min {:.2}x, max {:.2}x)",
        median(ratios.clone()),
        ratios.iter().copied().fold(f64::INFINITY, f64::min),
        ratios.iter().copied().fold(0.0, f64::max),
    );
}

fn main() {
    let stamps = timestamps();
    let ours: Vec<MaybeAware> = stamps.iter().map(|&ts| MaybeAware::from(ts)).collect();
    let chrono: Vec<DateTime<Utc>> = stamps.iter().map(|&ts| by_hand_to_chrono(ts)).collect();
    for ((ts, value), at) in stamps.iter().zip(&ours).zip(&chrono) {
        assert_eq!(value.aware().unwrap().to_utc(), *at);
        assert_eq!(jiff::Timestamp::try_from(*value).unwrap(), *ts);
        assert_eq!(by_hand_to_jiff(*at), *ts);
    }
    paired(
        "timestamp_to_aware",
        "by_hand",
        || {
            for &ts in black_box(&stamps) {
                black_box(MaybeAware::from(ts));
            }
        },
        || {
            for &ts in black_box(&stamps) {
                black_box(by_hand_to_chrono(ts));
            }
        },
    );
    paired(
        "aware_to_timestamp",
        "by_hand",
        || {
            for value in black_box(&ours) {
                black_box(jiff::Timestamp::try_from(*value).unwrap());
            }
        },
        || {
            for at in black_box(&chrono) {
                black_box(by_hand_to_jiff(*at));
            }
        },
    );

    let walls = civil_wall_times();
    let zone: tzsafe::Zone = "America/New_York".parse().unwrap();
    let tz = jiff::tz::TimeZone::get("America/New_York").unwrap();
    for w in &walls {
        let ours = tzsafe::ensure_timezone_aware(*w, &zone).unwrap();
        assert_eq!(
            ours.to_jiff().unwrap(),
            w.to_zoned_datetime(tz.clone()).unwrap().timestamp()
        );
    }
    paired(
        "ensure_civil_new_york",
        "jiff",
        || {
            for w in black_box(&walls) {
                black_box(tzsafe::ensure_timezone_aware(*w, &zone).unwrap());
            }
        },
        || {
            for w in black_box(&walls) {
                black_box(w.to_zoned_datetime(tz.clone()).unwrap());
            }
        },
    );
}
