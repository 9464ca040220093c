//! Arbitrary JSON documents into a struct that uses every serde module, and
//! presence events and statuses.
//!
//! Checks: no panic; a document that deserializes serializes to JSON that
//! deserializes to the same values (a `MaybeAware` with the same offset too:
//! its `==` compares it), and serializing that again gives the same text.
#![no_main]

use chrono::{DateTime, Utc};
use libfuzzer_sys::fuzz_target;
use serde::{Deserialize, Serialize};
use tzsafe::models::presence::{PresenceEvent, PresenceStatus};
use tzsafe::{MaybeAware, TimezoneAware, Zone};

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
    #[serde(default)]
    zone: Option<Zone>,
    #[serde(default)]
    presence: Option<PresenceEvent>,
    #[serde(default)]
    status: Option<PresenceStatus>,
}

fuzz_target!(|data: &[u8]| {
    let _guard = TimezoneAware::new()
        .default_tz(chrono_tz::America::New_York)
        .enter();
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
    assert_eq!(first.zone, second.zone);
    assert_eq!(first.presence, second.presence);
    assert_eq!(first.status, second.status);
});
