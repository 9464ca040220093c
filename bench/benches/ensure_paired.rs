//! `ensure/new_york` (criterion, in `peers`) measured so that noise from
//! other processes cannot favour either side: tzsafe (given a `Zone`, and a
//! `chrono_tz::Tz`) and jiff take turns, one round of 200 passes over the
//! same 1,000 New York wall times each, 21 rounds; each round of tzsafe is
//! divided by jiff's round just before it, and the medians of those ratios
//! are printed with the median times per wall time.
//!
//! `cargo bench -p tzsafe-bench --bench ensure_paired`
#![allow(
    missing_docs,
    unreachable_pub,
    clippy::unwrap_used,
    clippy::cast_precision_loss
)]

use std::hint::black_box;

#[path = "peers/ensure.rs"]
#[allow(dead_code)]
mod ensure;

#[path = "common/paired.rs"]
mod paired;
use paired::median;

/// Nanoseconds per value of one round.
fn round(n: usize, one: impl FnMut()) -> f64 {
    paired::round(PASSES, n, one)
}

const PASSES: usize = 200;
const ROUNDS: usize = 21;

fn main() {
    let walls = ensure::wall_times();
    let zone: tzsafe::Zone = "America/New_York".parse().unwrap();
    let tz = chrono_tz::America::New_York;
    let jiff_tz = jiff::tz::TimeZoneDatabase::bundled()
        .get("America/New_York")
        .unwrap();
    let jiff_walls: Vec<jiff::civil::DateTime> = walls
        .iter()
        .map(|w| w.to_string().replace(' ', "T").parse().unwrap())
        .collect();
    for (w, j) in walls.iter().zip(&jiff_walls) {
        let ours = tzsafe::ensure_timezone_aware(*w, &zone).unwrap();
        let theirs = jiff_tz.to_ambiguous_timestamp(*j).compatible().unwrap();
        assert_eq!(ours.timestamp(), theirs.as_second(), "{w}");
    }
    let n = walls.len();
    let (mut jiff, mut ours_zone, mut ours_tz) = (Vec::new(), Vec::new(), Vec::new());
    let (mut zone_ratios, mut tz_ratios) = (Vec::new(), Vec::new());
    for _ in 0..ROUNDS {
        let peer = round(n, || {
            for w in black_box(&jiff_walls) {
                black_box(jiff_tz.to_ambiguous_timestamp(*w).compatible().unwrap());
            }
        });
        let with_zone = round(n, || {
            for w in black_box(&walls) {
                black_box(tzsafe::ensure_timezone_aware(*w, &zone).unwrap());
            }
        });
        let with_tz = round(n, || {
            for w in black_box(&walls) {
                black_box(tzsafe::ensure_timezone_aware(*w, &tz).unwrap());
            }
        });
        jiff.push(peer);
        ours_zone.push(with_zone);
        ours_tz.push(with_tz);
        zone_ratios.push(with_zone / peer);
        tz_ratios.push(with_tz / peer);
    }
    println!(
        "ensure/new_york paired: tzsafe (Zone) {:.1} ns, tzsafe (chrono_tz::Tz) {:.1} ns, jiff {:.1} ns per wall time; median ratios {:.2}x and {:.2}x jiff ({ROUNDS} alternating rounds)",
        median(ours_zone),
        median(ours_tz),
        median(jiff),
        median(zone_ratios),
        median(tz_ratios),
    );
}
