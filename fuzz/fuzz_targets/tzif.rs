//! Arbitrary bytes as TZif data through `Zone::from_tzif`.
//!
//! Checks: no panic, in reading or in any lookup; refusals are
//! `InvalidTzif` errors whose message names the zone; a zone that is read is
//! read again to an equal zone, and is consistent with itself at instants
//! taken from the end of the data: every instant's wall time has that
//! instant's offset among its offsets, and the next and previous transitions
//! bracket the instant with the offsets on either side.
#![no_main]

use chrono::{DateTime, FixedOffset, MappedLocalTime, Offset, TimeDelta, TimeZone, Utc};
use libfuzzer_sys::fuzz_target;
use tzsafe::{ErrorKind, Zone};

const NAME: &str = "Fuzz/Zone";

/// Instants from the last bytes of the data, eight at a time, folded into
/// chrono's range, and the extremes.
fn instants(data: &[u8]) -> Vec<DateTime<Utc>> {
    let (min, max) = (
        DateTime::<Utc>::MIN_UTC.timestamp(),
        DateTime::<Utc>::MAX_UTC.timestamp(),
    );
    let mut out = vec![
        DateTime::<Utc>::MIN_UTC,
        DateTime::<Utc>::MAX_UTC,
        DateTime::UNIX_EPOCH,
    ];
    for chunk in data.rchunks_exact(8).take(6) {
        let raw = i64::from_le_bytes(chunk.try_into().unwrap());
        let secs = min + raw.rem_euclid(max - min + 1);
        out.push(DateTime::from_timestamp(secs, 0).unwrap());
    }
    out
}

fn check(zone: Zone, at: DateTime<Utc>) {
    let offset = zone.offset_at(&at);
    assert!(offset.local_minus_utc().abs() < 86_400);
    // The wall time at `at` occurs with the offset at `at` (and maybe with
    // another, at another instant).
    if let Some(wall) = at.naive_utc().checked_add_offset(offset) {
        let back: Vec<FixedOffset> = match zone.offset_from_local_datetime(&wall) {
            MappedLocalTime::Single(o) => vec![o.fix()],
            MappedLocalTime::Ambiguous(a, b) => vec![a.fix(), b.fix()],
            MappedLocalTime::None => Vec::new(),
        };
        assert!(
            back.contains(&offset),
            "{at} read as {wall}, which has offsets {back:?}"
        );
    }
    assert_eq!(at.with_timezone(&zone).offset().fix(), offset);
    let next = zone.next_transition(&at);
    if let Some(next) = next {
        assert!(next.at() > at);
        assert_ne!(next.offset_before(), next.offset_after());
        assert_eq!(zone.offset_at(&next.at()), next.offset_after());
        assert_eq!(next.offset_before(), offset);
        if let Some(before) = next.at().checked_sub_signed(TimeDelta::nanoseconds(1)) {
            assert_eq!(zone.offset_at(&before), next.offset_before());
        }
    }
    if let Some(previous) = zone.previous_transition(&at) {
        assert!(previous.at() < at);
        assert_eq!(zone.offset_at(&previous.at()), previous.offset_after());
        // Strictly before: a transition at `at` itself may follow it.
        let just_before = at.checked_sub_signed(TimeDelta::nanoseconds(1)).unwrap();
        assert_eq!(zone.offset_at(&just_before), previous.offset_after());
        if let Some(next) = next {
            // The last transition before the next one: `previous`, or one
            // exactly at `at`.
            let last = zone.previous_transition(&next.at()).unwrap();
            assert!(previous.at() <= last.at() && last.at() <= at);
            assert_eq!(last.offset_after(), offset);
        }
    }
}

fuzz_target!(|data: &[u8]| {
    match Zone::from_tzif(NAME, data) {
        Ok(zone) => {
            assert_eq!(Zone::from_tzif(NAME, data).unwrap(), zone);
            assert_eq!(zone.to_string(), NAME);
            for at in instants(data) {
                check(zone, at);
            }
        }
        Err(err) => {
            assert_eq!(err.kind(), ErrorKind::InvalidTzif, "{err}");
            let message = err.to_string();
            assert!(
                message.starts_with("invalid TZif data for zone \"Fuzz/Zone\": "),
                "{message}"
            );
        }
    }
});
