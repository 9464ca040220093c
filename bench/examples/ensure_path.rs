//! One side of `ensure_paired` at a time, for profilers (`perf record`,
//! `valgrind --tool=callgrind`): `zone`, `tz` or `jiff` as the argument.
#![allow(missing_docs, clippy::unwrap_used)]

use std::hint::black_box;

#[path = "../benches/peers/ensure.rs"]
#[allow(dead_code, unreachable_pub)]
mod ensure;

fn main() {
    let side = std::env::args().nth(1).unwrap_or_default();
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
    for _ in 0..2_000 {
        match side.as_str() {
            "zone" => {
                for w in black_box(&walls) {
                    black_box(tzsafe::ensure_timezone_aware(*w, &zone).unwrap());
                }
            }
            "tz" => {
                for w in black_box(&walls) {
                    black_box(tzsafe::ensure_timezone_aware(*w, &tz).unwrap());
                }
            }
            _ => {
                for w in black_box(&jiff_walls) {
                    black_box(jiff_tz.to_ambiguous_timestamp(*w).compatible().unwrap());
                }
            }
        }
    }
}
