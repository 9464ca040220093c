//! The boundary formats' goals (`rfc9557/*`, `rfc2822/parse`, `epoch/*` in
//! `peers`) measured so that noise from other processes cannot favour
//! either side: tzsafe and its peer take turns, one round of 50 passes over
//! the same 2,000 values each, 21 rounds; each round of tzsafe is divided by
//! the peer's round just before it, and the median of those ratios is
//! printed with the median times per value.
//!
//! `cargo bench -p tzsafe-bench --bench formats_paired`
#![allow(
    missing_docs,
    unreachable_pub,
    clippy::unwrap_used,
    clippy::cast_precision_loss
)]

use std::fmt::Write as _;
use std::hint::black_box;

use chrono::DateTime;
use tzsafe::{EpochUnit, OffsetConflict};

#[path = "peers/formats.rs"]
#[allow(dead_code)]
mod formats;

#[path = "common/paired.rs"]
mod paired;
use paired::median;

/// Nanoseconds per value of one round.
fn round(n: usize, one: impl FnMut()) -> f64 {
    paired::round(PASSES, n, one)
}

const PASSES: usize = 50;
const ROUNDS: usize = 21;

/// Alternates `peer` and `ours`, and prints the medians.
fn paired(name: &str, peer_name: &str, n: usize, mut peer: impl FnMut(), mut ours: impl FnMut()) {
    let (mut peer_times, mut our_times, mut ratios) = (Vec::new(), Vec::new(), Vec::new());
    for _ in 0..ROUNDS {
        let p = round(n, &mut peer);
        let o = round(n, &mut ours);
        peer_times.push(p);
        our_times.push(o);
        ratios.push(o / p);
    }
    println!(
        "{name}: tzsafe {:.1} ns, {peer_name} {:.1} ns, tzsafe / {peer_name} median {:.2}x (rounds {:.2}x to {:.2}x)",
        median(our_times),
        median(peer_times),
        median(ratios.clone()),
        ratios.iter().copied().fold(f64::INFINITY, f64::min),
        ratios.iter().copied().fold(0.0, f64::max),
    );
}

fn main() {
    let zoned = formats::zoned_corpus();
    let texts: Vec<String> = zoned
        .iter()
        .map(|(at, _)| tzsafe::format_rfc9557(at).to_string())
        .collect();
    let mail = formats::rfc2822_corpus();
    let millis = formats::millis_corpus();
    let millis_text: Vec<String> = millis.iter().map(i64::to_string).collect();
    let n = texts.len();

    paired(
        "rfc9557/parse",
        "jiff",
        n,
        || {
            for s in black_box(&texts) {
                let _ = black_box(formats::JIFF.parse_zoned_datetime_with(formats::jiff_db(), s));
            }
        },
        || {
            for s in black_box(&texts) {
                let _ = black_box(tzsafe::parse_rfc9557(s, OffsetConflict::Reject));
            }
        },
    );
    let mut out = String::with_capacity(128);
    let mut out2 = String::with_capacity(128);
    paired(
        "rfc9557/format",
        "jiff",
        n,
        || {
            for (_, theirs) in black_box(&zoned) {
                out.clear();
                write!(out, "{theirs}").unwrap();
                black_box(&out);
            }
        },
        || {
            for (ours, _) in black_box(&zoned) {
                out2.clear();
                write!(out2, "{}", tzsafe::format_rfc9557(ours)).unwrap();
                black_box(&out2);
            }
        },
    );
    paired(
        "rfc2822/parse",
        "jiff",
        n,
        || {
            for s in black_box(&mail) {
                let _ = black_box(jiff::fmt::rfc2822::parse(s));
            }
        },
        || {
            for s in black_box(&mail) {
                let _ = black_box(tzsafe::parse_rfc2822(s));
            }
        },
    );
    paired(
        "rfc2822/parse",
        "chrono",
        n,
        || {
            for s in black_box(&mail) {
                let _ = black_box(DateTime::parse_from_rfc2822(s));
            }
        },
        || {
            for s in black_box(&mail) {
                let _ = black_box(tzsafe::parse_rfc2822(s));
            }
        },
    );
    paired(
        "epoch/millis",
        "chrono",
        n,
        || {
            for ms in black_box(&millis) {
                let _ = black_box(DateTime::from_timestamp_millis(*ms));
            }
        },
        || {
            for ms in black_box(&millis) {
                let _ = black_box(EpochUnit::Millis.instant(*ms));
            }
        },
    );
    paired(
        "epoch/millis_text",
        "chrono",
        n,
        || {
            for s in black_box(&millis_text) {
                let _ = black_box(
                    s.parse::<i64>()
                        .ok()
                        .and_then(DateTime::from_timestamp_millis),
                );
            }
        },
        || {
            for s in black_box(&millis_text) {
                let _ = black_box(tzsafe::from_epoch(s, EpochUnit::Millis));
            }
        },
    );
}
