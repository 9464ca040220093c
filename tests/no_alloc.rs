//! Parsing and displaying a timestamp never touches the heap on success (nor
//! do a zone-fixed serde module and `numeric_offset`, with feature `serde`,
//! nor the boundary formats' readers and writers: RFC 9557, RFC 2822, HTTP,
//! JavaScript's dates and epoch numbers).
//!
//! A global allocator counts every allocation of the process, so this test is
//! its own binary with a single test (see `[[test]] name = "no_alloc"`).
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::arithmetic_side_effects,
    missing_docs
)]

use std::alloc::System;
use std::fmt::{self, Write as _};
use std::hint::black_box;

use stats_alloc::{Region, StatsAlloc, INSTRUMENTED_SYSTEM};
use tzsafe::{parse, parse_aware, parse_naive, parse_rfc3339, MaybeAware};

#[global_allocator]
static GLOBAL: &StatsAlloc<System> = &INSTRUMENTED_SYSTEM;

/// A fixed buffer to display into.
struct Buffer {
    bytes: [u8; 96],
    len: usize,
}

impl fmt::Write for Buffer {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        let end = self.len + s.len();
        self.bytes
            .get_mut(self.len..end)
            .ok_or(fmt::Error)?
            .copy_from_slice(s.as_bytes());
        self.len = end;
        Ok(())
    }
}

impl Buffer {
    fn as_str(&self) -> &str {
        std::str::from_utf8(&self.bytes[..self.len]).unwrap()
    }
}

/// Reading each input with a zone-fixed serde module and writing the instant
/// with `+00:00` (the text of `numeric_offset`) into a fixed buffer.
#[cfg(all(feature = "serde", feature = "tz"))]
fn zone_fixed_serde_does_not_allocate(inputs: &[(String, bool)]) {
    use serde::de::value::{BorrowedStrDeserializer, Error};
    use tzsafe::serde::{in_zone, numeric_offset, FixedZone};

    enum NewYork {}
    impl FixedZone for NewYork {
        const ZONE: &'static str = "America/New_York";
    }
    let read = |input: &str| {
        in_zone::deserialize::<NewYork, _>(BorrowedStrDeserializer::<Error>::new(input))
    };
    // Outside the region: the zone's table is read on first use, and a naive
    // value at the far ends of chrono's range may have no instant in New York
    // (an error, which allocates its message).
    let readable: Vec<&str> = inputs
        .iter()
        .map(|(input, _)| input.as_str())
        .filter(|input| read(input).is_ok())
        .collect();
    assert!(readable.len() > inputs.len() - 20, "{}", readable.len());

    let mut buffer = Buffer {
        bytes: [0; 96],
        len: 0,
    };
    let region = Region::new(GLOBAL);
    for input in &readable {
        let at = read(black_box(input)).unwrap();
        buffer.len = 0;
        let mut json = serde_json::Serializer::new(IoBuffer(&mut buffer));
        numeric_offset::serialize(&at, &mut json).unwrap();
        black_box(buffer.as_str());
    }
    let stats = region.change();
    assert_eq!(stats.allocations, 0, "{stats:?}");
    assert_eq!(stats.reallocations, 0, "{stats:?}");
    assert!(buffer.as_str().ends_with("+00:00\""), "{}", buffer.as_str());
}

/// The boundary formats: each value read from its text and written back
/// into a fixed buffer (RFC 9557 with the zone's table loaded beforehand, as
/// it is after the first use).
fn boundary_formats_do_not_allocate() {
    use tzsafe::{
        format_http_date, format_rfc2822, format_rfc9557, from_epoch, parse_http_date,
        parse_js_date, parse_rfc2822, parse_rfc9557, EpochUnit, OffsetConflict,
    };
    #[cfg(feature = "tz")]
    let zoned = [
        "2026-12-07T10:00:00-07:00[America/Vancouver]",
        "2026-11-01T01:30:00-05:00[America/New_York][u-ca=hebrew]",
        "1800-01-01T00:00:00-04:56[America/New_York]",
        "2022-07-08T00:14:07Z[!Europe/London]",
        "2026-12-07T10:00:00.123456789+05:30[+05:30]",
    ];
    #[cfg(not(feature = "tz"))]
    let zoned = [
        "2026-12-07T10:00:00.123456789+05:30[+05:30]",
        "2026-12-07T10:00:00Z[UTC]",
    ];
    let mail = [
        "Mon, 07 Dec 2026 10:00:00 -0800",
        "Thu,\r\n 13\r\n Feb\r\n 1969\r\n 23:32 -0330 (Newfoundland Time)",
        "7 Dec 26 10:00 PST",
    ];
    let http = [
        "Sun, 06 Nov 1994 08:49:37 GMT",
        "Sunday, 06-Nov-1994 08:49:37 GMT",
        "Sun Nov  6 08:49:37 1994",
    ];
    let js = [
        "Mon Dec 07 2026 10:00:00 GMT-0800 (Pacific Standard Time)",
        "Mon, 07 Dec 2026 18:00:00 GMT",
    ];
    let epochs = [
        "1765130400123",
        "-1765130400.123456789",
        "99999999999999999999999",
    ];
    // Every zone's table loaded before counting.
    for text in zoned {
        let _ = parse_rfc9557(text, OffsetConflict::Reject).unwrap();
    }
    let mut buffer = Buffer {
        bytes: [0; 96],
        len: 0,
    };
    let region = Region::new(GLOBAL);
    for text in zoned {
        for policy in [
            OffsetConflict::Use,
            OffsetConflict::Prefer,
            OffsetConflict::Ignore,
            OffsetConflict::Reject,
        ] {
            let value = parse_rfc9557(black_box(text), policy).unwrap();
            buffer.len = 0;
            write!(buffer, "{}", format_rfc9557(&value)).unwrap();
            black_box(buffer.as_str());
        }
    }
    for text in mail {
        let value = parse_rfc2822(black_box(text)).unwrap();
        buffer.len = 0;
        write!(buffer, "{}", format_rfc2822(&value).unwrap()).unwrap();
        black_box(buffer.as_str());
    }
    for text in http {
        let value = parse_http_date(black_box(text)).unwrap();
        buffer.len = 0;
        write!(buffer, "{}", format_http_date(&value).unwrap()).unwrap();
        black_box(buffer.as_str());
    }
    for text in js {
        black_box(parse_js_date(black_box(text)).unwrap());
    }
    for text in &epochs[..2] {
        black_box(from_epoch(black_box(text), EpochUnit::Seconds).unwrap());
        black_box(
            EpochUnit::Millis
                .instant(black_box(1_765_130_400_123))
                .unwrap(),
        );
    }
    let stats = region.change();
    assert_eq!(stats.allocations, 0, "{stats:?}");
    assert_eq!(stats.reallocations, 0, "{stats:?}");
    // The check itself works here too: an out-of-range number's error does.
    let region = Region::new(GLOBAL);
    let err = from_epoch(black_box(epochs[2]), EpochUnit::Seconds).unwrap_err();
    assert!(region.change().allocations > 0);
    drop(err);
}

/// [`Buffer`] as an `io::Write`, for serde_json.
#[cfg(all(feature = "serde", feature = "tz"))]
struct IoBuffer<'a>(&'a mut Buffer);

#[cfg(all(feature = "serde", feature = "tz"))]
impl std::io::Write for IoBuffer<'_> {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        let s = std::str::from_utf8(bytes).map_err(std::io::Error::other)?;
        self.0.write_str(s).map_err(std::io::Error::other)?;
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// SplitMix64.
struct Rng(u64);

impl Rng {
    fn below(&mut self, n: u64) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        (z ^ (z >> 31)) % n
    }
}

/// A few hundred inputs of every accepted form (built before counting).
fn inputs() -> Vec<String> {
    let mut inputs: Vec<String> = [
        "2026-11-26T09:30:00Z",
        "2026-11-26t09:30:00.123z",
        "2026-11-26 09:30:00.123456+05:30",
        "2026-11-26T09",
        "2026-11-26T09+05:30",
        "2026-11-26T09:30",
        "2026-11-26T09:30-03:00",
        "1850-01-01T00:00:00+05:53:28",
        "0001-02-03T04:05:06.007000-05:30:28.000000",
        "1998-12-31T23:59:60Z",
        "1998-12-31T15:59:60.123-08:00",
        "2016-12-31T23:59:60.5",
        "1985-04-12T00:59:59.999999999999999Z",
        "+275759-09-13T00:00:00.000Z",
        "-000001-01-01T00:00:00.000Z",
        "+262143-01-01T05:00:00+06:00",
        "-262144-12-31T20:00:00-05:00",
        "0000-01-01T00:00:00Z",
        "9999-12-31T23:59:59.999999999-23:59",
    ]
    .iter()
    .filter(|s| parse(s).is_ok())
    .map(|s| (*s).to_owned())
    .collect();
    let mut rng = Rng(7);
    for _ in 0..400 {
        let year = match rng.below(4) {
            0 => format!("{:04}", rng.below(10_000)),
            1 => format!(
                "{}{:06}",
                ["+", "-"][rng.below(2) as usize],
                1 + rng.below(262_000)
            ),
            _ => format!("{}", 1900 + rng.below(201)),
        };
        let sep = ["T", "t", " "][rng.below(3) as usize];
        let mut s = format!(
            "{year}-{:02}-{:02}{sep}{:02}",
            1 + rng.below(12),
            1 + rng.below(28),
            rng.below(24)
        );
        if rng.below(8) != 0 {
            s += &format!(":{:02}", rng.below(60));
            if rng.below(8) != 0 {
                s += &format!(":{:02}", rng.below(60));
                let digits = rng.below(13) as usize;
                if digits > 0 {
                    s += ".";
                    for _ in 0..digits {
                        s += &rng.below(10).to_string();
                    }
                }
            }
        }
        match rng.below(5) {
            0 => {}
            1 => s += ["Z", "z"][rng.below(2) as usize],
            2 => s += &format!("-05:{:02}:{:02}", rng.below(60), rng.below(60)),
            _ => {
                let sign = ["+", "-"][rng.below(2) as usize];
                s += &format!("{sign}{:02}:{:02}", rng.below(24), rng.below(60));
            }
        }
        // Keep the ones chrono can hold (every form is read; far years may be
        // out of range with their offset).
        if parse(&s).is_ok() {
            inputs.push(s);
        }
    }
    inputs
}

#[test]
fn parsing_and_displaying_do_not_allocate() {
    let inputs: Vec<(String, bool)> = inputs()
        .into_iter()
        .map(|input| {
            let strict = parse_rfc3339(&input).is_ok();
            (input, strict)
        })
        .collect();
    assert!(inputs.len() >= 300, "{}", inputs.len());
    assert!(inputs.iter().filter(|(_, strict)| *strict).count() > 50);
    let mut buffer = Buffer {
        bytes: [0; 96],
        len: 0,
    };
    // Warm up (anything lazily initialised on first use would show here).
    let _ = black_box(parse(black_box(&inputs[0].0)));

    let region = Region::new(GLOBAL);
    let mut aware = 0usize;
    for (input, strict) in &inputs {
        let value = parse(black_box(input)).unwrap();
        buffer.len = 0;
        write!(buffer, "{value}").unwrap();
        let again: MaybeAware = buffer.as_str().parse().unwrap();
        assert_eq!(black_box(again), value);
        match value {
            MaybeAware::Aware(_) => {
                aware += 1;
                black_box(parse_aware(black_box(input)).unwrap());
                if *strict {
                    black_box(parse_rfc3339(black_box(input)).unwrap());
                }
            }
            MaybeAware::Naive(_) => {
                black_box(parse_naive(black_box(input)).unwrap());
            }
        }
    }
    let stats = region.change();
    assert_eq!(stats.allocations, 0, "{stats:?}");
    assert_eq!(stats.reallocations, 0, "{stats:?}");
    assert!(
        aware > 100 && aware < inputs.len() - 50,
        "{aware} of {}",
        inputs.len()
    );

    #[cfg(all(feature = "serde", feature = "tz"))]
    zone_fixed_serde_does_not_allocate(&inputs);
    boundary_formats_do_not_allocate();

    // The check itself works: an error does allocate (its message).
    let region = Region::new(GLOBAL);
    let err = parse(black_box("2026-02-30T10:00:00")).unwrap_err();
    assert!(region.change().allocations > 0);
    drop(err);
}
