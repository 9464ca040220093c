//! Benchmarks: the boundary formats (RFC 9557, RFC 2822, epoch numbers).
//!
//! Corpora of 2,000 values generated deterministically (random instants
//! 1900-2100 with a random nanosecond or none, 16 zones or random offsets):
//!
//! * `rfc9557/parse`: `2026-12-07T10:00:00-08:00[America/Vancouver]`-style
//!   strings (written by `format_rfc9557`, read by jiff to the same values),
//!   read into a zoned value: tzsafe's `parse_rfc9557` (`OffsetConflict::Reject`)
//!   and jiff's `DateTimeParser::parse_zoned_datetime_with` (`Reject` too,
//!   its default) on its bundled database, the same tz release as tzsafe's
//!   (jiff's `FromStr` would read the system's, another release here).
//! * `rfc9557/format`: the same values written into a reused `String`:
//!   `format_rfc9557` and jiff's `Display`.
//! * `rfc2822/parse`: `Mon, 07 Dec 2026 10:00:00 -0800` strings with random
//!   whole-minute offsets: `parse_rfc2822`, jiff's `fmt::rfc2822::parse`,
//!   chrono's `DateTime::parse_from_rfc2822`.
//! * `epoch/millis_text`: JavaScript `Date.now()` values as text to an
//!   aware value: `from_epoch(s, EpochUnit::Millis)`, and chrono's
//!   `s.parse::<i64>()` then `DateTime::from_timestamp_millis`.
//! * `epoch/millis`: the same values as `i64`: `EpochUnit::Millis.instant`
//!   and chrono's `DateTime::from_timestamp_millis`.
//!
//! Each iteration reads or writes the whole corpus: divide by 2,000.

use std::fmt::Write as _;
use std::hint::black_box;

use chrono::{DateTime, FixedOffset, TimeDelta, Utc};
use criterion::{Criterion, Throughput};
use tzsafe::{EpochUnit, OffsetConflict, Zone};

/// Values per corpus.
const SIZE: usize = 2_000;

/// Zones of the RFC 9557 corpus.
const ZONES: [&str; 16] = [
    "America/New_York",
    "America/Vancouver",
    "America/Sao_Paulo",
    "America/St_Johns",
    "Europe/London",
    "Europe/Paris",
    "Europe/Berlin",
    "Europe/Moscow",
    "Africa/Cairo",
    "Asia/Kolkata",
    "Asia/Tokyo",
    "Asia/Shanghai",
    "Australia/Sydney",
    "Australia/Lord_Howe",
    "Pacific/Auckland",
    "UTC",
];

/// SplitMix64.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

/// A random instant in 1900-2100: whole seconds, milliseconds or
/// nanoseconds.
fn instant(rng: &mut Rng) -> DateTime<Utc> {
    let start = DateTime::from_timestamp(-2_208_988_800, 0).unwrap();
    let secs = rng.below(200 * 365 * 86_400) as i64;
    let nanos = match rng.below(3) {
        0 => 0,
        1 => rng.below(1_000) as i64 * 1_000_000,
        _ => rng.below(1_000_000_000) as i64,
    };
    start + TimeDelta::seconds(secs) + TimeDelta::nanoseconds(nanos)
}

pub(crate) fn zoned_corpus() -> Vec<(DateTime<Zone>, jiff::ZonedDateTime)> {
    let mut rng = Rng(0x7A5A_FE00_9557);
    let zones: Vec<(Zone, jiff::tz::TimeZone)> = ZONES
        .iter()
        .map(|name| {
            (
                name.parse().unwrap(),
                jiff::tz::TimeZone::get(name).unwrap(),
            )
        })
        .collect();
    (0..SIZE)
        .map(|_| {
            let (zone, jiff_zone) = &zones[rng.below(ZONES.len() as u64) as usize];
            let at = instant(&mut rng);
            let ts =
                jiff::Timestamp::new(at.timestamp(), at.timestamp_subsec_nanos() as i32).unwrap();
            (
                at.with_timezone(zone),
                ts.to_zoned_datetime(jiff_zone.clone()),
            )
        })
        .collect()
}

/// jiff's bundled tz database: the release tzsafe bundles.
pub(crate) fn jiff_db() -> &'static jiff::tz::TimeZoneDatabase {
    static DB: std::sync::OnceLock<jiff::tz::TimeZoneDatabase> = std::sync::OnceLock::new();
    DB.get_or_init(jiff::tz::TimeZoneDatabase::bundled)
}

/// jiff's RFC 9557 parser, with its defaults.
pub(crate) static JIFF: jiff::fmt::temporal::DateTimeParser =
    jiff::fmt::temporal::DateTimeParser::new();

pub(crate) fn rfc2822_corpus() -> Vec<String> {
    let mut rng = Rng(0x7A5A_FE00_2822);
    (0..SIZE)
        .map(|_| {
            let at = instant(&mut rng);
            let minutes = rng.below(24 * 60 * 2 - 1) as i32 - (24 * 60 - 1);
            let offset = FixedOffset::east_opt(minutes * 60).unwrap();
            tzsafe::format_rfc2822(&at.with_timezone(&offset))
                .unwrap()
                .to_string()
        })
        .collect()
}

pub(crate) fn millis_corpus() -> Vec<i64> {
    let mut rng = Rng(0x7A5A_FE00_E90C);
    (0..SIZE)
        .map(|_| instant(&mut rng).timestamp_millis())
        .collect()
}

pub(crate) fn benches(c: &mut Criterion) {
    let zoned = zoned_corpus();
    let texts: Vec<String> = zoned
        .iter()
        .map(|(at, _)| tzsafe::format_rfc9557(at).to_string())
        .collect();
    let mail = rfc2822_corpus();
    let millis = millis_corpus();
    let millis_text: Vec<String> = millis.iter().map(i64::to_string).collect();

    // Outside the timed loops: every peer reads the same values.
    for ((ours, theirs), text) in zoned.iter().zip(&texts) {
        let read = tzsafe::parse_rfc9557(text, OffsetConflict::Reject).unwrap();
        assert!(
            read == *ours && read.timezone() == ours.timezone(),
            "{text}"
        );
        let jiff = JIFF.parse_zoned_datetime_with(jiff_db(), text).unwrap();
        assert_eq!(jiff.timestamp(), theirs.timestamp(), "{text}");
        assert_eq!(
            jiff.time_zone().iana_name(),
            Some(ours.timezone().to_string().as_str())
        );
    }
    for text in &mail {
        let ours = tzsafe::parse_rfc2822(text).unwrap();
        assert_eq!(DateTime::parse_from_rfc2822(text).unwrap(), ours, "{text}");
        let jiff = jiff::fmt::rfc2822::parse(text).unwrap();
        assert_eq!(jiff.timestamp().as_second(), ours.timestamp(), "{text}");
    }
    for (text, ms) in millis_text.iter().zip(&millis) {
        let ours = tzsafe::from_epoch(text, EpochUnit::Millis).unwrap();
        assert_eq!(Some(ours), DateTime::from_timestamp_millis(*ms));
    }

    let mut group = c.benchmark_group("rfc9557/parse");
    group.throughput(Throughput::Elements(SIZE as u64));
    group.bench_function("tzsafe", |b| {
        b.iter(|| {
            for s in &texts {
                let _ = black_box(tzsafe::parse_rfc9557(black_box(s), OffsetConflict::Reject));
            }
        })
    });
    group.bench_function("jiff", |b| {
        b.iter(|| {
            for s in &texts {
                let _ = black_box(JIFF.parse_zoned_datetime_with(jiff_db(), black_box(s)));
            }
        })
    });
    group.finish();

    let mut group = c.benchmark_group("rfc9557/format");
    group.throughput(Throughput::Elements(SIZE as u64));
    group.bench_function("tzsafe", |b| {
        let mut out = String::with_capacity(128);
        b.iter(|| {
            for (ours, _) in &zoned {
                out.clear();
                write!(out, "{}", tzsafe::format_rfc9557(black_box(ours))).unwrap();
                black_box(&out);
            }
        })
    });
    group.bench_function("jiff", |b| {
        let mut out = String::with_capacity(128);
        b.iter(|| {
            for (_, theirs) in &zoned {
                out.clear();
                write!(out, "{}", black_box(theirs)).unwrap();
                black_box(&out);
            }
        })
    });
    group.finish();

    let mut group = c.benchmark_group("rfc2822/parse");
    group.throughput(Throughput::Elements(SIZE as u64));
    group.bench_function("tzsafe", |b| {
        b.iter(|| {
            for s in &mail {
                let _ = black_box(tzsafe::parse_rfc2822(black_box(s)));
            }
        })
    });
    group.bench_function("jiff", |b| {
        b.iter(|| {
            for s in &mail {
                let _ = black_box(jiff::fmt::rfc2822::parse(black_box(s)));
            }
        })
    });
    group.bench_function("chrono", |b| {
        b.iter(|| {
            for s in &mail {
                let _ = black_box(DateTime::parse_from_rfc2822(black_box(s)));
            }
        })
    });
    group.finish();

    let mut group = c.benchmark_group("epoch/millis_text");
    group.throughput(Throughput::Elements(SIZE as u64));
    group.bench_function("tzsafe", |b| {
        b.iter(|| {
            for s in &millis_text {
                let _ = black_box(tzsafe::from_epoch(black_box(s), EpochUnit::Millis));
            }
        })
    });
    group.bench_function("chrono", |b| {
        b.iter(|| {
            for s in &millis_text {
                let _ = black_box(
                    black_box(s)
                        .parse::<i64>()
                        .ok()
                        .and_then(DateTime::from_timestamp_millis),
                );
            }
        })
    });
    group.finish();

    let mut group = c.benchmark_group("epoch/millis");
    group.throughput(Throughput::Elements(SIZE as u64));
    group.bench_function("tzsafe", |b| {
        b.iter(|| {
            for ms in &millis {
                let _ = black_box(EpochUnit::Millis.instant(black_box(*ms)));
            }
        })
    });
    group.bench_function("chrono", |b| {
        b.iter(|| {
            for ms in &millis {
                let _ = black_box(DateTime::from_timestamp_millis(black_box(*ms)));
            }
        })
    });
    group.finish();
}
