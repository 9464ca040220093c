//! Benchmarks: parse.
//!
//! Two corpora of 2,000 strings, generated deterministically (random instants
//! 1900-2100, random offsets):
//!
//! * `rfc3339`: RFC 3339 only, `Z` and `±HH:MM`, with and without fractions;
//! * `mixed`: RFC 3339, Python's naive `isoformat()`, `str(datetime)` (space
//!   separated), `isoformat(timespec="minutes" | "milliseconds")` and
//!   JavaScript's `toISOString()`.
//!
//! Each iteration parses the whole corpus: divide the time by 2,000 for one
//! string (criterion prints the rate as elements per second).
//! `parse/floor/bytes` only sums the bytes of every string of the `rfc3339`
//! corpus: the floor any parser pays for reading its input.

use std::hint::black_box;

use chrono::{DateTime, Datelike, NaiveDateTime, TimeDelta, Timelike};
use criterion::{Criterion, Throughput};

/// Strings per corpus.
const SIZE: usize = 2_000;

/// SplitMix64: a small deterministic generator (no `rand` dependency).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n`.
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

/// A random UTC instant in 1900-2100 with a random nanosecond.
fn instant(rng: &mut Rng) -> NaiveDateTime {
    let start = DateTime::from_timestamp(-2_208_988_800, 0).unwrap(); // 1900-01-01
    let span = 201 * 365 * 86_400; // about 1900..2101
    let secs = rng.below(span) as i64;
    let nanos = rng.below(1_000_000_000) as u32;
    (start + TimeDelta::seconds(secs))
        .naive_utc()
        .with_nanosecond(nanos)
        .unwrap()
}

/// A random offset in seconds: a quarter-hour multiple in -12:00..=+14:00.
fn offset(rng: &mut Rng) -> i32 {
    (rng.below(105) as i32 - 48) * 900
}

fn date_time(t: &NaiveDateTime, sep: char, seconds: bool) -> String {
    let mut s = format!(
        "{:04}-{:02}-{:02}{sep}{:02}:{:02}",
        t.year(),
        t.month(),
        t.day(),
        t.hour(),
        t.minute()
    );
    if seconds {
        s.push_str(&format!(":{:02}", t.second()));
    }
    s
}

/// `digits` fraction digits of `t` (0: none).
fn fraction(t: &NaiveDateTime, digits: u32) -> String {
    if digits == 0 {
        return String::new();
    }
    let value = t.nanosecond() / 10u32.pow(9 - digits);
    format!(".{value:0width$}", width = digits as usize)
}

fn offset_text(secs: i32, z: bool) -> String {
    if secs == 0 && z {
        return "Z".to_owned();
    }
    let sign = if secs < 0 { '-' } else { '+' };
    let abs = secs.unsigned_abs();
    format!("{sign}{:02}:{:02}", abs / 3600, abs / 60 % 60)
}

/// An RFC 3339 string: `Z` or `±HH:MM`, no fraction or 3 or 6 digits (what
/// Python and JavaScript write; speedate refuses more than 6).
fn rfc3339(rng: &mut Rng) -> String {
    let t = instant(rng);
    let digits = [0, 0, 3, 6][rng.below(4) as usize];
    let off = if rng.below(5) < 2 {
        "Z".to_owned()
    } else {
        offset_text(offset(rng), false)
    };
    format!("{}{}{off}", date_time(&t, 'T', true), fraction(&t, digits))
}

/// Python's `datetime.isoformat()` microsecond digits: none when zero, else 6.
fn python_fraction(rng: &mut Rng, t: &NaiveDateTime) -> String {
    if rng.below(2) == 0 {
        String::new()
    } else {
        fraction(t, 6)
    }
}

fn python_offset(rng: &mut Rng) -> String {
    if rng.below(2) == 0 {
        String::new()
    } else {
        offset_text(offset(rng), false)
    }
}

/// One string of the mixed corpus.
fn mixed(rng: &mut Rng) -> String {
    match rng.below(6) {
        0 => rfc3339(rng),
        1 => {
            // Python, naive `isoformat()`.
            let t = instant(rng);
            format!("{}{}", date_time(&t, 'T', true), python_fraction(rng, &t))
        }
        2 => {
            // Python, `str(datetime)`, naive or aware.
            let t = instant(rng);
            let frac = python_fraction(rng, &t);
            format!("{}{frac}{}", date_time(&t, ' ', true), python_offset(rng))
        }
        3 => {
            // Python, `isoformat(timespec="minutes")`.
            let t = instant(rng);
            format!("{}{}", date_time(&t, 'T', false), python_offset(rng))
        }
        4 => {
            // Python, `isoformat(timespec="milliseconds")`.
            let t = instant(rng);
            format!(
                "{}{}{}",
                date_time(&t, 'T', true),
                fraction(&t, 3),
                python_offset(rng)
            )
        }
        _ => {
            // JavaScript, `toISOString()`.
            let t = instant(rng);
            format!("{}{}Z", date_time(&t, 'T', true), fraction(&t, 3))
        }
    }
}

fn corpus(seed: u64, make: fn(&mut Rng) -> String) -> Vec<String> {
    let mut rng = Rng(seed);
    (0..SIZE).map(|_| make(&mut rng)).collect()
}

/// The RFC 3339 corpus.
fn rfc3339_corpus() -> Vec<String> {
    corpus(0x7A5A_FE00_3339, rfc3339)
}

/// The mixed corpus.
fn mixed_corpus() -> Vec<String> {
    corpus(0x7A5A_FE00_0001, mixed)
}

/// chrono on the mixed corpus: RFC 3339 first, then Python's forms.
fn chrono_mixed(s: &str) -> Option<NaiveDateTime> {
    if let Ok(aware) = DateTime::parse_from_rfc3339(s) {
        return Some(aware.naive_utc());
    }
    for format in [
        "%Y-%m-%dT%H:%M:%S%.f",
        "%Y-%m-%d %H:%M:%S%.f",
        "%Y-%m-%dT%H:%M",
    ] {
        if let Ok(naive) = NaiveDateTime::parse_from_str(s, format) {
            return Some(naive);
        }
    }
    for format in ["%Y-%m-%d %H:%M:%S%.f%:z", "%Y-%m-%dT%H:%M%:z"] {
        if let Ok(aware) = DateTime::parse_from_str(s, format) {
            return Some(aware.naive_utc());
        }
    }
    None
}

fn count(corpus: &[String], ok: impl Fn(&str) -> bool) -> usize {
    corpus.iter().filter(|s| ok(s)).count()
}

pub(crate) fn benches(c: &mut Criterion) {
    let rfc = rfc3339_corpus();
    let mixed = mixed_corpus();

    // Outside the timed loops: tzsafe reads every string, and each string means
    // the same instant to every peer that reads it.
    for s in &rfc {
        let ours = tzsafe::parse_rfc3339(s).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(tzsafe::parse(s).unwrap(), tzsafe::MaybeAware::Aware(ours));
        assert_eq!(DateTime::parse_from_rfc3339(s).unwrap(), ours, "{s}");
        let time =
            time::OffsetDateTime::parse(s, &time::format_description::well_known::Rfc3339).unwrap();
        assert_eq!(
            time.unix_timestamp_nanos(),
            i128::from(ours.timestamp_nanos_opt().unwrap())
        );
        let jiff: jiff::Timestamp = s.parse().unwrap();
        assert_eq!(
            jiff.as_nanosecond(),
            i128::from(ours.timestamp_nanos_opt().unwrap())
        );
        assert!(speedate::DateTime::parse_str_rfc3339(s).is_ok(), "{s}");
    }
    for s in &mixed {
        let ours = tzsafe::parse(s).unwrap_or_else(|e| panic!("{e}"));
        let utc_or_wall = match ours {
            tzsafe::MaybeAware::Aware(aware) => aware.naive_utc(),
            tzsafe::MaybeAware::Naive(naive) => naive,
        };
        assert_eq!(chrono_mixed(s), Some(utc_or_wall), "{s}");
    }
    let len: usize = rfc.iter().map(String::len).sum();
    let mixed_len: usize = mixed.iter().map(String::len).sum();
    eprintln!(
        "parse corpora: rfc3339 {:.1} bytes/string, mixed {:.1} bytes/string; \
         speedate reads {}/{SIZE} mixed strings",
        len as f64 / SIZE as f64,
        mixed_len as f64 / SIZE as f64,
        count(&mixed, |s| speedate::DateTime::parse_str(s).is_ok()),
    );

    let mut group = c.benchmark_group("parse/rfc3339");
    group.throughput(Throughput::Elements(SIZE as u64));
    group.bench_function("tzsafe", |b| {
        b.iter(|| {
            for s in &rfc {
                let _ = black_box(tzsafe::parse_rfc3339(black_box(s)));
            }
        })
    });
    group.bench_function("tzsafe_lenient", |b| {
        b.iter(|| {
            for s in &rfc {
                let _ = black_box(tzsafe::parse(black_box(s)));
            }
        })
    });
    group.bench_function("time", |b| {
        let format = &time::format_description::well_known::Rfc3339;
        b.iter(|| {
            for s in &rfc {
                let _ = black_box(time::OffsetDateTime::parse(black_box(s), format));
            }
        })
    });
    group.bench_function("speedate", |b| {
        b.iter(|| {
            for s in &rfc {
                let _ = black_box(speedate::DateTime::parse_str_rfc3339(black_box(s)));
            }
        })
    });
    group.bench_function("chrono", |b| {
        b.iter(|| {
            for s in &rfc {
                let _ = black_box(DateTime::parse_from_rfc3339(black_box(s)));
            }
        })
    });
    group.bench_function("jiff", |b| {
        b.iter(|| {
            for s in &rfc {
                let _ = black_box(black_box(s).parse::<jiff::Timestamp>());
            }
        })
    });
    group.finish();

    let mut group = c.benchmark_group("parse/mixed");
    group.throughput(Throughput::Elements(SIZE as u64));
    group.bench_function("tzsafe", |b| {
        b.iter(|| {
            for s in &mixed {
                let _ = black_box(tzsafe::parse(black_box(s)));
            }
        })
    });
    group.bench_function("speedate", |b| {
        b.iter(|| {
            for s in &mixed {
                let _ = black_box(speedate::DateTime::parse_str(black_box(s)));
            }
        })
    });
    group.bench_function("chrono", |b| {
        b.iter(|| {
            for s in &mixed {
                let _ = black_box(chrono_mixed(black_box(s)));
            }
        })
    });
    group.finish();

    let mut group = c.benchmark_group("parse/floor");
    group.throughput(Throughput::Elements(SIZE as u64));
    group.bench_function("bytes", |b| {
        b.iter(|| {
            for s in &rfc {
                let sum = black_box(s)
                    .bytes()
                    .fold(0u32, |acc, byte| acc.wrapping_add(u32::from(byte)));
                black_box(sum);
            }
        })
    });
    group.finish();
}
