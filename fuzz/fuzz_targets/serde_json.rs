//! Arbitrary JSON documents into a struct that uses every serde module, and
//! presence events and statuses.
//!
//! Checks: no panic; a document that deserializes serializes to JSON that
//! deserializes to the same values (a `MaybeAware` with the same offset too:
//! its `==` compares it), and serializing that again gives the same text; a
//! zone-fixed module reads every value exactly as `ambient` does (the same
//! instant or the same error message) under a guard with its zone and policy;
//! `numeric_offset` writes `+00:00` where the others write `Z`.
#![no_main]

use chrono::{DateTime, Utc};
use libfuzzer_sys::fuzz_target;
use serde::{Deserialize, Serialize};
use tzsafe::models::presence::{PresenceEvent, PresenceStatus};
use tzsafe::{Disambiguation, MaybeAware, TimezoneAware, Zone};

tzsafe::serde::in_zone!(mod new_york = "America/New_York");
tzsafe::serde::in_zone!(mod new_york_strict = "America/New_York", Disambiguation::Reject);

#[derive(Debug, PartialEq, Serialize, Deserialize)]
struct Record {
    #[serde(default)]
    any: Option<MaybeAware>,
    #[serde(default, with = "tzsafe::serde::ambient::option")]
    ambient: Option<DateTime<Utc>>,
    #[serde(default, with = "tzsafe::serde::assume_utc::option")]
    utc: Option<DateTime<Utc>>,
    #[serde(default, with = "tzsafe::serde::aware_only::option")]
    strict: Option<DateTime<Utc>>,
    #[serde(default, with = "tzsafe::serde::unix_seconds::option")]
    seconds: Option<DateTime<Utc>>,
    #[serde(default, with = "tzsafe::serde::unix_millis::option")]
    millis: Option<DateTime<Utc>>,
    #[serde(default, with = "new_york::option")]
    in_zone: Option<DateTime<Utc>>,
    #[serde(default, with = "new_york_strict::option")]
    in_zone_strict: Option<DateTime<Utc>>,
    #[serde(
        default,
        serialize_with = "tzsafe::serde::numeric_offset::option::serialize",
        deserialize_with = "tzsafe::serde::aware_only::option::deserialize"
    )]
    numeric: Option<DateTime<Utc>>,
    #[serde(default)]
    zone: Option<Zone>,
    #[serde(default)]
    presence: Option<PresenceEvent>,
    #[serde(default)]
    status: Option<PresenceStatus>,
}

/// `read` and `ambient` under `ctx` give the same instant or the same message.
fn same_as_ambient(
    value: &serde_json::Value,
    ctx: &TimezoneAware,
    read: fn(serde_json::Value) -> Result<Option<DateTime<Utc>>, serde_json::Error>,
) {
    let fixed = read(value.clone()).map_err(|e| e.to_string());
    let ambient = ctx
        .scope(|| tzsafe::serde::ambient::option::deserialize(value.clone()))
        .map_err(|e| e.to_string());
    assert_eq!(fixed, ambient, "{value}");
}

fuzz_target!(|data: &[u8]| {
    let Ok(new_york) = Zone::bundled("America/New_York") else {
        panic!("New York is bundled");
    };
    let ny = TimezoneAware::new().default_tz(new_york);
    if let Ok(serde_json::Value::Object(map)) = serde_json::from_slice(data) {
        for value in map.values() {
            same_as_ambient(value, &ny, new_york::option::deserialize);
            same_as_ambient(
                value,
                &ny.clone().disambiguation(Disambiguation::Reject),
                new_york_strict::option::deserialize,
            );
        }
    }
    let _guard = ny.enter();
    let Ok(first) = serde_json::from_slice::<Record>(data) else {
        return;
    };
    let text = serde_json::to_string(&first).expect("serializes");
    let second: Record = serde_json::from_str(&text).expect("own output deserializes");
    // Milliseconds and seconds round down when written, so compare the second
    // generation with the third.
    let again = serde_json::to_string(&second).expect("serializes");
    let third: Record = serde_json::from_str(&again).expect("own output deserializes");
    assert_eq!(second, third, "{text}");
    assert_eq!(text, again);
    assert_eq!(first.any, second.any);
    assert_eq!(first.ambient, second.ambient);
    assert_eq!(first.utc, second.utc);
    assert_eq!(first.strict, second.strict);
    assert_eq!(first.in_zone, second.in_zone);
    assert_eq!(first.in_zone_strict, second.in_zone_strict);
    assert_eq!(first.numeric, second.numeric);
    if let Some(numeric) = &first.numeric {
        let written =
            tzsafe::serde::numeric_offset::serialize(numeric, serde_json::value::Serializer)
                .expect("serializes");
        let z = tzsafe::serde::aware_only::serialize(numeric, serde_json::value::Serializer)
            .expect("serializes");
        let (written, z) = (written.as_str().unwrap(), z.as_str().unwrap());
        assert_eq!(
            written.strip_suffix("+00:00"),
            z.strip_suffix('Z'),
            "{written} {z}"
        );
    }
    assert_eq!(first.zone, second.zone);
    assert_eq!(first.presence, second.presence);
    assert_eq!(first.status, second.status);
});
