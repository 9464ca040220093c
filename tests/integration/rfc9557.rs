//! RFC 9557 (`2026-12-07T10:00:00-07:00[America/Vancouver]`):
//! `parse_rfc9557`, `format_rfc9557` and `OffsetConflict::resolve`.
//!
//! The RFC's own examples (sections 3.3, 3.4 and 4.2 of RFC 9557), each with
//! what every [`OffsetConflict`] makes of it; the exact messages; and
//! property tests: whatever a zoned value, writing it and reading it back
//! gives the same instant and zone (`Reject`, `Prefer`; `Use` where the
//! offset is whole minutes, as RFC 3339 offsets are), and `resolve` agrees
//! with the zone's own candidates for the wall time. jiff, as an independent
//! reader and writer, is compared in `verify/tests/jiff_rfc9557.rs`.

use chrono::{
    DateTime, FixedOffset, MappedLocalTime, NaiveDate, NaiveDateTime, Offset, TimeDelta, TimeZone,
};
use proptest::prelude::*;
use tzsafe::{
    format_rfc9557, parse_rfc9557, Disambiguation, ErrorKind, OffsetConflict, TimezoneAware, Zone,
};

use crate::common::{any_policy, START_1800};

const ALL: [OffsetConflict; 4] = [
    OffsetConflict::Use,
    OffsetConflict::Prefer,
    OffsetConflict::Ignore,
    OffsetConflict::Reject,
];

fn zone(name: &str) -> Zone {
    name.parse().unwrap()
}

/// What each policy gives, in `ALL`'s order: the value as RFC 3339, or the
/// error kind.
fn outcomes(input: &str) -> Vec<Result<String, ErrorKind>> {
    ALL.iter()
        .map(|policy| {
            parse_rfc9557(input, *policy)
                .map(|at| format_rfc9557(&at).to_string())
                .map_err(|e| e.kind())
        })
        .collect()
}

fn all_ok(text: &str) -> Vec<Result<String, ErrorKind>> {
    vec![Ok(text.to_owned()); 4]
}

fn all_err(kind: ErrorKind) -> Vec<Result<String, ErrorKind>> {
    vec![Err(kind); 4]
}

#[test]
fn the_rfc_examples() {
    use ErrorKind::{OffsetMismatch, Parse};
    let la = "1996-12-19T16:39:57-08:00[America/Los_Angeles]";
    let paris_wall = Ok("2022-07-08T00:14:07+02:00[Europe/Paris]".to_owned());
    let cases: Vec<(&str, Vec<Result<String, ErrorKind>>)> = vec![
        // Section 4.2, figure 1: RFC 3339 alone has no zone to keep.
        ("1996-12-19T16:39:57-08:00", all_err(Parse)),
        // Figures 2 and 3: the zone, and an elective calendar (ignored).
        (la, all_ok(la)),
        (
            "1996-12-19T16:39:57-08:00[America/Los_Angeles][u-ca=hebrew]",
            all_ok(la),
        ),
        // Figure 4: experimental keys, refused outside an experiment.
        (
            "1996-12-19T16:39:57-08:00[_foo=bar][_baz=bat]",
            all_err(Parse),
        ),
        // Section 2: an offset time zone.
        (
            "2022-07-08T00:14:07+08:45[+08:45]",
            all_ok("2022-07-08T00:14:07+08:45[+08:45]"),
        ),
        // Section 3.3: Paris was at +02:00; elective and critical alike,
        // the policy decides (Reject, the default, refuses).
        (
            "2022-07-08T00:14:07+01:00[Europe/Paris]",
            vec![
                Ok("2022-07-08T01:14:07+02:00[Europe/Paris]".to_owned()),
                paris_wall.clone(),
                paris_wall.clone(),
                Err(OffsetMismatch),
            ],
        ),
        (
            "2022-07-08T00:14:07+01:00[!Europe/Paris]",
            vec![
                Ok("2022-07-08T01:14:07+02:00[Europe/Paris]".to_owned()),
                paris_wall.clone(),
                paris_wall,
                Err(OffsetMismatch),
            ],
        ),
        // `Z`: the instant is known, the local offset is not: no conflict.
        (
            "2022-07-08T00:14:07Z[Europe/Paris]",
            all_ok("2022-07-08T02:14:07+02:00[Europe/Paris]"),
        ),
        (
            "2022-07-08T02:14:07+02:00[Europe/Paris]",
            all_ok("2022-07-08T02:14:07+02:00[Europe/Paris]"),
        ),
        // An elective unknown key is ignored (but a zone is required).
        ("2022-07-08T00:14:07+01:00[knort=blargel]", all_err(Parse)),
        (
            "2022-07-08T00:14:07+01:00[Europe/London][knort=blargel]",
            all_ok("2022-07-08T00:14:07+01:00[Europe/London]"),
        ),
        // Critical annotations tzsafe cannot act on, or contradicted.
        (
            "2022-07-08T00:14:07Z[Europe/Paris][!u-ca=chinese][u-ca=japanese]",
            all_err(Parse),
        ),
        (
            "2022-07-08T00:14:07Z[Europe/Paris][u-ca=chinese][!u-ca=japanese]",
            all_err(Parse),
        ),
        (
            "2022-07-08T00:14:07Z[Europe/Paris][!knort=blargel]",
            all_err(Parse),
        ),
        // Duplicate elective keys: the first wins (and a calendar is ignored).
        (
            "2022-07-08T00:14:07Z[Europe/Paris][u-ca=chinese][u-ca=japanese]",
            all_ok("2022-07-08T02:14:07+02:00[Europe/Paris]"),
        ),
        // Section 3.4, figures 5 and 6.
        (
            "2022-07-08T00:14:07+00:00[!Europe/London]",
            vec![
                Ok("2022-07-08T01:14:07+01:00[Europe/London]".to_owned()),
                Ok("2022-07-08T00:14:07+01:00[Europe/London]".to_owned()),
                Ok("2022-07-08T00:14:07+01:00[Europe/London]".to_owned()),
                Err(OffsetMismatch),
            ],
        ),
        (
            "2022-07-08T00:14:07Z[!Europe/London]",
            all_ok("2022-07-08T01:14:07+01:00[Europe/London]"),
        ),
        (
            "2022-07-08T00:14:07Z[Europe/London]",
            all_ok("2022-07-08T01:14:07+01:00[Europe/London]"),
        ),
        // `-00:00` means what `Z` means (section 2).
        (
            "2022-07-08T00:14:07-00:00[Europe/London]",
            all_ok("2022-07-08T01:14:07+01:00[Europe/London]"),
        ),
        // Section 2's minute-precision examples.
        (
            "2020-01-01T00:00+01:00[Europe/Paris]",
            all_ok("2020-01-01T00:00:00+01:00[Europe/Paris]"),
        ),
        (
            "2020-01-01T00:00+01:00[+01:00]",
            all_ok("2020-01-01T00:00:00+01:00[+01:00]"),
        ),
        // A calendar tzsafe does act on, critical or not.
        (
            "2022-07-08T00:14:07Z[UTC][!u-ca=iso8601]",
            all_ok("2022-07-08T00:14:07+00:00[UTC]"),
        ),
    ];
    for (input, expected) in cases {
        assert_eq!(outcomes(input), expected, "{input}");
    }
}

#[test]
fn gaps_and_folds() {
    use ErrorKind::OffsetMismatch;
    let ny = |s: &str| Ok(format!("{s}[America/New_York]"));
    // 02:30 does not exist on 2026-03-08: no offset is valid there.
    assert_eq!(
        outcomes("2026-03-08T02:30:00-05:00[America/New_York]"),
        [
            ny("2026-03-08T03:30:00-04:00"),
            ny("2026-03-08T03:30:00-04:00"),
            ny("2026-03-08T03:30:00-04:00"),
            Err(OffsetMismatch),
        ]
    );
    // 01:30 happens twice on 2026-11-01: the offset picks one.
    assert_eq!(
        outcomes("2026-11-01T01:30:00-05:00[America/New_York]"),
        [
            ny("2026-11-01T01:30:00-05:00"),
            ny("2026-11-01T01:30:00-05:00"),
            ny("2026-11-01T01:30:00-04:00"), // Compatible: the earlier
            ny("2026-11-01T01:30:00-05:00"),
        ]
    );
    assert_eq!(
        outcomes("2026-11-01T01:30:00-06:00[America/New_York]"),
        [
            ny("2026-11-01T02:30:00-05:00"),
            ny("2026-11-01T01:30:00-04:00"),
            ny("2026-11-01T01:30:00-04:00"),
            Err(OffsetMismatch),
        ]
    );
    // Without an offset (or where the policy falls back to the wall time),
    // the ambient context's DST policy decides.
    let later = TimezoneAware::new().disambiguation(Disambiguation::Later);
    for policy in [OffsetConflict::Ignore, OffsetConflict::Prefer] {
        let at = later
            .scope(|| parse_rfc9557("2026-11-01T01:30:00-06:00[America/New_York]", policy))
            .unwrap();
        assert_eq!(
            format_rfc9557(&at).to_string(),
            "2026-11-01T01:30:00-05:00[America/New_York]"
        );
    }
    let at = later
        .scope(|| parse_rfc9557("2026-11-01T01:30[America/New_York]", OffsetConflict::Reject))
        .unwrap();
    assert_eq!(at.to_rfc3339(), "2026-11-01T01:30:00-05:00");
    let reject = TimezoneAware::new().disambiguation(Disambiguation::Reject);
    let err = reject
        .scope(|| parse_rfc9557("2026-03-08T02:30[America/New_York]", OffsetConflict::Reject))
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Nonexistent);
    let err = reject
        .scope(|| {
            parse_rfc9557(
                "2026-11-01T01:30-06:00[America/New_York]",
                OffsetConflict::Ignore,
            )
        })
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Ambiguous);
}

#[test]
fn offsets_with_seconds() {
    // New York's local mean time, -04:56:02, is written rounded to -04:56
    // and matched so; an offset written with seconds must match exactly.
    let ny = zone("America/New_York");
    let lmt = ny.with_ymd_and_hms(1800, 1, 1, 0, 0, 0).unwrap();
    assert_eq!(lmt.offset().fix().local_minus_utc(), -17_762);
    let text = format_rfc9557(&lmt).to_string();
    assert_eq!(text, "1800-01-01T00:00:00-04:56[America/New_York]");
    for policy in [
        OffsetConflict::Reject,
        OffsetConflict::Prefer,
        OffsetConflict::Ignore,
    ] {
        let back = parse_rfc9557(&text, policy).unwrap();
        assert_eq!(back, lmt, "{policy}");
    }
    // Use takes -04:56 as written: two seconds earlier.
    let used = parse_rfc9557(&text, OffsetConflict::Use).unwrap();
    assert_eq!(used, lmt - TimeDelta::seconds(2));
    assert_eq!(
        parse_rfc9557(
            "1800-01-01T00:00:00-04:56:02[America/New_York]",
            OffsetConflict::Reject
        )
        .unwrap(),
        lmt
    );
    let err = parse_rfc9557(
        "1800-01-01T00:00:00-04:56:00[America/New_York]",
        OffsetConflict::Reject,
    )
    .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::OffsetMismatch);
    // Through `resolve`, an offset is "without seconds" when it has none.
    let wall = lmt.naive_local();
    let minutes = FixedOffset::west_opt(4 * 3600 + 56 * 60).unwrap();
    let resolved = OffsetConflict::Reject
        .resolve(wall, minutes, ny, Disambiguation::Compatible)
        .unwrap();
    assert_eq!(resolved, lmt);
    // A fixed zone with seconds is written as tzsafe reads it back.
    let fixed = Zone::fixed(FixedOffset::east_opt(5 * 3600 + 53 * 60 + 28).unwrap());
    let at = fixed.with_ymd_and_hms(1900, 1, 1, 0, 0, 0).unwrap();
    let text = format_rfc9557(&at).to_string();
    assert_eq!(text, "1900-01-01T00:00:00+05:53[+05:53:28]");
    let back = parse_rfc9557(&text, OffsetConflict::Reject).unwrap();
    assert_eq!((back, back.timezone()), (at, fixed));
}

#[test]
fn messages() {
    let err = |input: &str| parse_rfc9557(input, OffsetConflict::Reject).unwrap_err();
    let cases = [
        (
            "2026-12-07T10:00:00-07:00[America/Vancouver",
            ErrorKind::Parse,
            "invalid RFC 9557 timestamp \"2026-12-07T10:00:00-07:00[America/Vancouver\": expected ']' \
             after the time zone (at byte 43)",
        ),
        (
            "2026-12-07T10:00:00-07:00",
            ErrorKind::Parse,
            "invalid RFC 9557 timestamp \"2026-12-07T10:00:00-07:00\": expected '[' and a time zone \
             like [America/New_York] (parse_aware reads a timestamp without one) (at byte 25)",
        ),
        (
            "2026-12-07T10:00:00-0700[America/Vancouver]",
            ErrorKind::Parse,
            "invalid RFC 9557 timestamp \"2026-12-07T10:00:00-0700[America/Vancouver]\": expected ':' \
             between the offset hours and minutes (write +05:30, not +0530) (at byte 22)",
        ),
        (
            "2026-12-07T10:00:00-07:00 [UTC]",
            ErrorKind::Parse,
            "invalid RFC 9557 timestamp \"2026-12-07T10:00:00-07:00 [UTC]\": expected ':' and offset \
             seconds, or '[' and a time zone (at byte 25)",
        ),
        (
            "2026-12-07T10:00:00Z[america/vancouver]",
            ErrorKind::UnknownZone,
            "invalid RFC 9557 timestamp \"2026-12-07T10:00:00Z[america/vancouver]\": unknown time zone \
             \"america/vancouver\": expected an IANA name like America/New_York (case-sensitive), UTC \
             or an offset like +05:30 (at byte 21)",
        ),
        (
            "2026-12-07T10:00:00Z[+24:00]",
            ErrorKind::Parse,
            "invalid RFC 9557 timestamp \"2026-12-07T10:00:00Z[+24:00]\": offset hour 24 is out of range \
             (expected 00 to 23) (at byte 22)",
        ),
        (
            "2026-12-07T10:00:00Z[UTC][!u-ca=hebrew]",
            ErrorKind::Parse,
            "invalid RFC 9557 timestamp \"2026-12-07T10:00:00Z[UTC][!u-ca=hebrew]\": the critical \
             annotation [!u-ca=hebrew] cannot be acted on, so RFC 9557 requires refusing the timestamp \
             (tzsafe acts on a time zone and on [u-ca=iso8601]; without '!' other annotations are \
             ignored) (at byte 25)",
        ),
        (
            "2026-12-07T10:00:00Z[UTC][u-ca=hebrew][!u-ca=iso8601]",
            ErrorKind::Parse,
            "invalid RFC 9557 timestamp \"2026-12-07T10:00:00Z[UTC][u-ca=hebrew][!u-ca=iso8601]\": the \
             annotation [!u-ca=iso8601] contradicts an earlier calendar annotation, and one of them is \
             critical ('!'), so RFC 9557 requires refusing the timestamp (at byte 38)",
        ),
        (
            "2026-12-07T10:00:00Z[UTC][Europe/Paris]",
            ErrorKind::Parse,
            "invalid RFC 9557 timestamp \"2026-12-07T10:00:00Z[UTC][Europe/Paris]\": expected an \
             annotation key (lowercase letters, digits, '-' and '_', like u-ca) (at byte 26)",
        ),
        (
            "2026-12-07T10:00:00Z[UTC][u-ca=]",
            ErrorKind::Parse,
            "invalid RFC 9557 timestamp \"2026-12-07T10:00:00Z[UTC][u-ca=]\": expected an annotation \
             value (letters and digits) (at byte 31)",
        ),
        (
            "2026-12-07T10:00:00Z[a/../b]",
            ErrorKind::Parse,
            "invalid RFC 9557 timestamp \"2026-12-07T10:00:00Z[a/../b]\": expected a time zone name \
             like America/New_York or an offset like +05:30 (at byte 23)",
        ),
        (
            "2026-03-08T02:30:00-05:00[America/New_York]",
            ErrorKind::OffsetMismatch,
            "2026-03-08T02:30:00-05:00 does not match America/New_York: that wall time does not exist \
             there (clocks jumped from -05:00 to -04:00 at 2026-03-08T07:00:00Z), so no offset is \
             valid (were the zone's rules changed since the value was written?)",
        ),
        (
            "2026-11-01T01:30:00-06:00[America/New_York]",
            ErrorKind::OffsetMismatch,
            "2026-11-01T01:30:00-06:00 does not match America/New_York: that wall time occurs twice \
             there, at -04:00 and at -05:00, not at the -06:00 recorded (were the zone's rules \
             changed since the value was written?)",
        ),
    ];
    for (input, kind, message) in cases {
        let e = err(input);
        assert_eq!(
            (e.kind(), e.to_string().as_str()),
            (kind, message),
            "{input}"
        );
    }
}

#[test]
fn policies_read_and_write_their_names() {
    for policy in ALL {
        assert_eq!(policy.as_str().parse::<OffsetConflict>().unwrap(), policy);
        assert_eq!(policy.to_string(), policy.as_str());
    }
    assert_eq!(OffsetConflict::default(), OffsetConflict::Reject);
}

/// Zones of many shapes, by name: fixed, DST north and south, half and
/// quarter hours, a day skipped (Apia), a zone that moved back and forth,
/// local mean times with seconds.
const ZONES: [&str; 24] = [
    "UTC",
    "Etc/GMT+5",
    "America/New_York",
    "America/Vancouver",
    "America/St_Johns",
    "America/Sao_Paulo",
    "America/Santiago",
    "Europe/London",
    "Europe/Dublin",
    "Europe/Paris",
    "Europe/Moscow",
    "Africa/Casablanca",
    "Africa/Monrovia",
    "Asia/Kolkata",
    "Asia/Kathmandu",
    "Asia/Tokyo",
    "Asia/Gaza",
    "Australia/Lord_Howe",
    "Australia/Adelaide",
    "Pacific/Apia",
    "Pacific/Chatham",
    "Pacific/Kiritimati",
    "America/Caracas",
    "Antarctica/Troll",
];

fn any_zone() -> impl Strategy<Value = Zone> {
    prop_oneof![
        8 => proptest::sample::select(ZONES.to_vec()).prop_map(zone),
        1 => (-86_399i32..86_400).prop_map(|s| Zone::fixed(FixedOffset::east_opt(s).unwrap())),
    ]
}

/// An instant in 1800-2400, half of them within two hours of a transition
/// of `zone` (where gaps and folds are), with nanoseconds.
fn instant_in(zone: Zone) -> impl Strategy<Value = DateTime<Zone>> {
    (
        START_1800..13_569_465_600i64,
        -7_200i64..7_200,
        any::<bool>(),
        0u32..1_000_000_000,
    )
        .prop_map(move |(t, delta, near, nanos)| {
            let at = DateTime::from_timestamp(t, nanos).unwrap();
            let at = if near {
                zone.next_transition(&at)
                    .map_or(at, |tr| tr.at() + TimeDelta::seconds(delta))
            } else {
                at
            };
            at.with_timezone(&zone)
        })
}

fn zoned() -> impl Strategy<Value = DateTime<Zone>> {
    any_zone().prop_flat_map(instant_in)
}

fn same(a: &DateTime<Zone>, b: &DateTime<Zone>) -> bool {
    a == b && a.timezone() == b.timezone() && a.offset().fix() == b.offset().fix()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(1024))]

    /// What `format_rfc9557` writes, `parse_rfc9557` reads back to the same
    /// instant and zone under Reject and Prefer, and under Use where the
    /// offset is whole minutes; Ignore gives the wall time's instant under
    /// the ambient policy, which is the value itself unless it is the later
    /// of a fold.
    #[test]
    fn write_then_read(at in zoned()) {
        let text = format_rfc9557(&at).to_string();
        for policy in [OffsetConflict::Reject, OffsetConflict::Prefer] {
            let back = parse_rfc9557(&text, policy).map_err(|e| TestCaseError::fail(format!("{text}: {e}")))?;
            prop_assert!(same(&back, &at), "{} {}: {:?}", text, policy, back);
        }
        let used = parse_rfc9557(&text, OffsetConflict::Use).unwrap();
        if at.offset().fix().local_minus_utc() % 60 == 0 {
            prop_assert!(same(&used, &at), "{}: {:?}", text, used);
        }
        let ignored = parse_rfc9557(&text, OffsetConflict::Ignore).unwrap();
        let wall = at.naive_local();
        let first = match at.timezone().offset_from_local_datetime(&wall) {
            MappedLocalTime::Single(o) | MappedLocalTime::Ambiguous(o, _) => o,
            MappedLocalTime::None => unreachable!("{text}: a value's own wall time exists"),
        };
        prop_assert_eq!(ignored.offset().fix(), first.fix(), "{}", text);
        prop_assert_eq!(ignored.naive_local(), wall);
        // Writing is deterministic and reads back to itself.
        prop_assert_eq!(format_rfc9557(&parse_rfc9557(&text, OffsetConflict::Reject).unwrap()).to_string(), text);
    }

    /// `resolve` against the zone's own candidates (chrono's
    /// `offset_from_local_datetime`), for any recorded offset and policy.
    #[test]
    fn resolve_follows_the_table(
        zone in any_zone(),
        wall_secs in START_1800..13_569_465_600i64,
        recorded in -86_399i32..86_400,
        near in any::<bool>(),
        pick in any::<bool>(),
        policy in any_policy(),
    ) {
        let mut wall = DateTime::from_timestamp(wall_secs, 0).unwrap().naive_utc();
        let at = wall.and_utc();
        let mut recorded = FixedOffset::east_opt(recorded).unwrap();
        if near && let Some(tr) = zone.next_transition(&at) {
            // Around a transition, and recording one of the offsets there.
            wall = (tr.at() + TimeDelta::seconds(tr.offset_after().local_minus_utc().into())).naive_utc()
                + TimeDelta::seconds(wall_secs.rem_euclid(7_200) - 3_600);
            recorded = if pick { tr.offset_before() } else { tr.offset_after() };
        }
        let secs = recorded.local_minus_utc();
        let candidates: Vec<i32> = match zone.offset_from_local_datetime(&wall) {
            MappedLocalTime::Single(o) => vec![o.fix().local_minus_utc()],
            MappedLocalTime::Ambiguous(a, b) => vec![a.fix().local_minus_utc(), b.fix().local_minus_utc()],
            MappedLocalTime::None => vec![],
        };
        let matching = candidates.iter().copied().find(|c| {
            *c == secs || (secs % 60 == 0 && c % 60 != 0 && ((c.abs() + 30) / 60 * 60) * c.signum() == secs)
        });
        // The wall time resolved in the zone under the DST policy.
        let ctx_wall = TimezoneAware::new()
            .default_tz(zone)
            .disambiguation(policy)
            .ensure_timezone_aware(wall)
            .map_err(|e| e.kind());
        let at_recorded = |o: i32| wall - TimeDelta::seconds(o.into());
        for conflict in ALL {
            let got = conflict.resolve(wall, recorded, zone, policy).map(|v| v.naive_utc()).map_err(|e| e.kind());
            let expected: Result<NaiveDateTime, ErrorKind> = match (conflict, matching) {
                (OffsetConflict::Use, _) => Ok(at_recorded(secs)),
                (OffsetConflict::Ignore, _) | (OffsetConflict::Prefer, None) => ctx_wall.map(|v| v.naive_utc()),
                (_, Some(c)) => Ok(at_recorded(c)),
                (OffsetConflict::Reject, None) => Err(ErrorKind::OffsetMismatch),
            };
            prop_assert_eq!(got, expected, "{} {} at {} in {}", conflict, policy, wall, zone);
        }
    }
}

#[test]
fn resolve_keeps_the_zone() {
    let paris = zone("Europe/Paris");
    let wall = NaiveDate::from_ymd_opt(2026, 7, 14)
        .unwrap()
        .and_hms_opt(10, 0, 0)
        .unwrap();
    for policy in ALL {
        let at = policy
            .resolve(
                wall,
                FixedOffset::east_opt(7200).unwrap(),
                paris,
                Disambiguation::Reject,
            )
            .unwrap();
        assert_eq!(at.timezone(), paris);
        assert_eq!(at.to_rfc3339(), "2026-07-14T10:00:00+02:00");
    }
}

/// Regression test for the case this API exists for (issue 18's round
/// trips): a value stored before tz 2026f put British Columbia on -07:00 all
/// year reads as a mismatch, and each policy says what it keeps.
#[test]
fn a_zone_whose_rules_changed() {
    let stored = "2026-12-07T10:00:00-08:00[America/Vancouver]";
    let err = parse_rfc9557(stored, OffsetConflict::Reject).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::OffsetMismatch);
    assert_eq!(
        outcomes(stored),
        [
            Ok("2026-12-07T11:00:00-07:00[America/Vancouver]".to_owned()),
            Ok("2026-12-07T10:00:00-07:00[America/Vancouver]".to_owned()),
            Ok("2026-12-07T10:00:00-07:00[America/Vancouver]".to_owned()),
            Err(ErrorKind::OffsetMismatch),
        ]
    );
    // What is written today reads back today.
    let vancouver = zone("America/Vancouver");
    let at = vancouver.with_ymd_and_hms(2026, 12, 7, 10, 0, 0).unwrap();
    let text = format_rfc9557(&at).to_string();
    assert_eq!(text, "2026-12-07T10:00:00-07:00[America/Vancouver]");
    assert_eq!(parse_rfc9557(&text, OffsetConflict::Reject).unwrap(), at);
}
