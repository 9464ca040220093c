//! The JSON forms of the discount models (feature `serde`).

use serde_json::json;

use super::*;

fn from<T: serde::de::DeserializeOwned>(value: serde_json::Value) -> Result<T, String> {
    serde_json::from_value(value).map_err(|e| e.to_string())
}

#[test]
fn window_of_instants() {
    let w = DiscountWindow::new(
        &TimezoneAware::new(),
        utc("2026-11-26T09:00:00Z"),
        utc("2026-11-26T17:00:00.5Z"),
    )
    .unwrap();
    let v = serde_json::to_value(w).unwrap();
    assert_eq!(
        v,
        json!({"starts_at": "2026-11-26T09:00:00Z", "ends_at": "2026-11-26T17:00:00.500Z"})
    );
    assert_eq!(from::<DiscountWindow>(v).unwrap(), w);

    let open =
        DiscountWindow::open_ended(&TimezoneAware::new(), utc("2026-11-26T09:00:00Z")).unwrap();
    let v = serde_json::to_value(open).unwrap();
    assert_eq!(
        v,
        json!({"starts_at": "2026-11-26T09:00:00Z", "ends_at": null})
    );
    assert_eq!(from::<DiscountWindow>(v).unwrap(), open);

    // Offsets are accepted and normalized.
    let w2: DiscountWindow = from(
        json!({"starts_at": "2026-11-26T04:00:00-05:00", "ends_at": "2026-11-26T18:00:00.5+01:00"}),
    )
    .unwrap();
    assert_eq!(w2, w);
}

#[cfg(feature = "tz")]
#[test]
fn window_of_local_days() {
    let w = days("2026-11-01", "2026-11-30", "America/New_York");
    let v = serde_json::to_value(w).unwrap();
    assert_eq!(
        v,
        json!({
            "starts_at": "2026-11-01T00:00:00-04:00",
            "ends_at": "2026-12-01T00:00:00-05:00",
            "starts_on": {"date": "2026-11-01", "zone": "America/New_York"},
            "through": {"date": "2026-11-30", "zone": "America/New_York"},
        })
    );
    assert_eq!(from::<DiscountWindow>(v).unwrap(), w);
    // As earlier versions wrote it, with `Z`: the same window.
    let w1: DiscountWindow = from(json!({
        "starts_at": "2026-11-01T04:00:00Z",
        "ends_at": "2026-12-01T05:00:00Z",
        "starts_on": {"date": "2026-11-01", "zone": "America/New_York"},
        "through": {"date": "2026-11-30", "zone": "America/New_York"},
    }))
    .unwrap();
    assert_eq!(w1, w);
    // The instants may be left out: they are computed.
    let w2: DiscountWindow = from(json!({
        "starts_on": {"date": "2026-11-01", "zone": "America/New_York"},
        "through": {"date": "2026-11-30", "zone": "America/New_York"},
    }))
    .unwrap();
    assert_eq!(w2, w);
    // Mixed, with a fixed-offset zone.
    let w3: DiscountWindow = from(json!({
        "starts_at": "2026-11-01T00:00:00Z",
        "through": {"date": "2026-11-30", "zone": "+05:30"},
    }))
    .unwrap();
    assert_eq!(w3.ends_at(), Some(utc("2026-11-30T18:30:00Z")));
    assert_eq!(
        serde_json::to_string(&w3).unwrap(),
        r#"{"starts_at":"2026-11-01T00:00:00Z","ends_at":"2026-12-01T00:00:00+05:30","through":{"date":"2026-11-30","zone":"+05:30"}}"#
    );
}

#[cfg(feature = "tz")]
#[test]
fn stored_instants_are_recomputed_from_local_days() {
    // Regression test for: an end stored as 23:59:59 (or computed under
    // older tz rules) next to the local day it stands for; the local day
    // is what the merchant meant, and the stored instant is not used.
    let w: DiscountWindow = from(json!({
        "starts_at": "2026-11-01T00:00:00Z",
        "ends_at": "2026-12-01T04:59:59Z",
        "through": {"date": "2026-11-30", "zone": "America/New_York"},
    }))
    .unwrap();
    assert_eq!(w.ends_at(), Some(utc("2026-12-01T05:00:00Z")));
    assert!(w.is_valid_at(utc("2026-12-01T04:59:59.5Z")));
}

#[test]
fn window_errors() {
    let cases = [
        (
            json!({"starts_at": "2026-11-26T09:00:00Z", "ends_at": "2026-11-26T09:00:00Z"}),
            "invalid discount window: end 2026-11-26T09:00:00Z is not after start 2026-11-26T09:00:00Z",
        ),
        (
            json!({"starts_at": "2026-11-26T09:00:00Z", "ends_at": "2026-11-26T08:00:00Z"}),
            "invalid discount window: end 2026-11-26T08:00:00Z is not after start 2026-11-26T09:00:00Z",
        ),
        (
            json!({
                "starts_on": {"date": "2026-11-30", "zone": "+05:30"},
                "through": {"date": "2026-11-29", "zone": "+05:30"},
            }),
            "invalid discount window: end 2026-11-29T18:30:00Z (end of 2026-11-29 in +05:30) is not after start 2026-11-29T18:30:00Z (start of 2026-11-30 in +05:30)",
        ),
        // A forgotten end is not "open-ended": null must be explicit.
        (json!({"starts_at": "2026-11-26T09:00:00Z"}), "missing field `ends_at`"),
        (json!({"ends_at": null}), "missing field `starts_at`"),
    ];
    for (input, message) in cases {
        assert_eq!(
            from::<DiscountWindow>(input.clone()).unwrap_err(),
            message,
            "{input}"
        );
    }
    // Naive strings are refused (aware_only), whatever the ambient context.
    let err = from::<DiscountWindow>(json!({"starts_at": "2026-11-26T09:00:00", "ends_at": null}))
        .unwrap_err();
    assert!(
        err.starts_with("invalid timestamp \"2026-11-26T09:00:00\": "),
        "{err}"
    );
    let err = from::<DiscountWindow>(
        json!({"starts_on": {"date": "2026-02-30", "zone": "UTC"}, "ends_at": null}),
    )
    .unwrap_err();
    assert_eq!(
        err,
        "invalid date \"2026-02-30\": day 30 does not exist in 2026-02 (at byte 8)"
    );
    let err = from::<DiscountWindow>(
        json!({"starts_on": {"date": "2026-02-01", "zone": "Mars/Base"}, "ends_at": null}),
    )
    .unwrap_err();
    assert!(err.starts_with("unknown time zone \"Mars/Base\""), "{err}");
}

#[test]
fn values_and_discounts() {
    let pct = DiscountValue::percentage_bp(1_500).unwrap();
    assert_eq!(
        serde_json::to_value(pct).unwrap(),
        json!({"type": "percentage", "basis_points": 1500})
    );
    let amount = DiscountValue::amount(500, "EUR").unwrap();
    let v = serde_json::to_value(amount).unwrap();
    assert_eq!(
        v,
        json!({"type": "amount", "minor_units": 500, "currency": "EUR"})
    );
    assert_eq!(from::<DiscountValue>(v).unwrap(), amount);
    assert_eq!(
        from::<DiscountValue>(json!({"type": "percentage", "basis_points": 1500})).unwrap(),
        pct
    );

    let bad = [
        (json!({"type": "percentage", "basis_points": 0}), "invalid percentage: 0 basis points, expected 1 to 10000 (0.01% to 100%)"),
        (json!({"type": "percentage", "basis_points": 10001}), "invalid percentage: 10001 basis points, expected 1 to 10000 (0.01% to 100%)"),
        (json!({"type": "amount", "minor_units": 0, "currency": "EUR"}), "invalid discount amount: 0 minor units, expected at least 1"),
        (
            json!({"type": "amount", "minor_units": 5, "currency": "eur"}),
            "invalid currency code \"eur\": expected 3 uppercase ASCII letters, like \"EUR\" (at byte 0)",
        ),
        (json!({"type": "amount", "minor_units": -5, "currency": "EUR"}), "invalid value: integer `-5`, expected u64"),
        (json!({"type": "amount", "minor_units": 2.5, "currency": "EUR"}), "invalid type: floating point `2.5`, expected u64"),
    ];
    for (input, message) in bad {
        assert_eq!(
            from::<DiscountValue>(input.clone()).unwrap_err(),
            message,
            "{input}"
        );
    }

    let mut d = discount_10_to_20()
        .with_max_redemptions(100)
        .unwrap()
        .with_redemptions(3)
        .unwrap();
    d.revoke();
    let v = serde_json::to_value(&d).unwrap();
    assert_eq!(
        v,
        json!({
            "code": "FALL-10",
            "value": {"type": "percentage", "basis_points": 1000},
            "window": {"starts_at": "2026-11-10T12:00:00Z", "ends_at": "2026-11-20T12:00:00Z"},
            "max_redemptions": 100,
            "redemptions": 3,
            "revoked": true,
        })
    );
    assert_eq!(from::<Discount>(v.clone()).unwrap(), d);

    let with = |key: &str, value: serde_json::Value| {
        let mut v = v.clone();
        v[key] = value;
        v
    };
    let without = |key: &str| {
        let mut v = v.clone();
        v.as_object_mut().unwrap().remove(key);
        v
    };
    assert_eq!(
        from::<Discount>(with("max_redemptions", json!(null)))
            .unwrap()
            .max_redemptions(),
        None
    );
    let cases = [
        (with("redemptions", json!(101)), "invalid redemption count 101 for discount \"FALL-10\": expected at most its max_redemptions 100"),
        (with("max_redemptions", json!(0)), "invalid max_redemptions 0 for discount \"FALL-10\": expected at least 1 and at least the 0 redemptions already counted"),
        (with("code", json!("")), "invalid discount code \"\": expected 1 to 64 visible ASCII characters, found an empty code"),
        (without("max_redemptions"), "missing field `max_redemptions`"),
        (without("redemptions"), "missing field `redemptions`"),
        (without("revoked"), "missing field `revoked`"),
    ];
    for (input, message) in cases {
        assert_eq!(
            from::<Discount>(input.clone()).unwrap_err(),
            message,
            "{input}"
        );
    }
}

#[test]
fn offers() {
    let ctx = TimezoneAware::new().frozen_at(nov(12));
    let mut offer = offer_at(&ctx, TimeDelta::minutes(15));
    let v = serde_json::to_value(&offer).unwrap();
    let discount = serde_json::to_value(offer.discount()).unwrap();
    assert_eq!(
        v,
        json!({
            "room": "room-1",
            "seller": "alice",
            "buyer": "bob",
            "discount": discount,
            "created_at": "2026-11-12T12:00:00Z",
            "expires_at": "2026-11-12T12:15:00Z",
            "resolution": null,
        })
    );
    assert_eq!(from::<DiscountOffer>(v.clone()).unwrap(), offer);

    ctx.advance(TimeDelta::minutes(5)).unwrap();
    offer.withdraw(&ctx, &seller()).unwrap();
    let resolved = serde_json::to_value(&offer).unwrap();
    assert_eq!(
        resolved["resolution"],
        json!({"state": "withdrawn", "at": "2026-11-12T12:05:00Z"})
    );
    assert_eq!(from::<DiscountOffer>(resolved.clone()).unwrap(), offer);

    let with = |base: &serde_json::Value, key: &str, value: serde_json::Value| {
        let mut v = base.clone();
        v[key] = value;
        v
    };
    let cases = [
        (
            with(&v, "resolution", json!({"state": "accepted", "at": "2026-11-12T12:15:00Z"})),
            "invalid discount offer: accepted at 2026-11-12T12:15:00Z, not before it expired at 2026-11-12T12:15:00Z",
        ),
        (
            with(&v, "resolution", json!({"state": "pending", "at": "2026-11-12T12:05:00Z"})),
            "unknown variant `pending`, expected one of `accepted`, `declined`, `withdrawn`",
        ),
        (
            with(&v, "resolution", json!({"state": "expired", "at": "2026-11-12T12:05:00Z"})),
            "unknown variant `expired`, expected one of `accepted`, `declined`, `withdrawn`",
        ),
        (
            with(&v, "expires_at", json!("2026-11-12T12:00:00Z")),
            "invalid offer expires_at 2026-11-12T12:00:00Z: expected an instant after its created_at 2026-11-12T12:00:00Z",
        ),
        // Regression test for: a row expiring an hour before it was made
        // must name `expires_at` (issue 10).
        (
            with(&v, "expires_at", json!("2026-11-12T11:00:00Z")),
            "invalid offer expires_at 2026-11-12T11:00:00Z: expected an instant after its created_at 2026-11-12T12:00:00Z",
        ),
        (
            with(&v, "buyer", json!("alice")),
            "invalid discount offer: seller and buyer are the same user \"alice\", expected two different users",
        ),
        (with(&v, "room", json!("")), "invalid discount offer: the room id is empty, expected a non-empty id"),
        // Regression test for: review finding — deserialization accepted a
        // resolution dated before the offer was made.
        (
            with(&v, "resolution", json!({"state": "declined", "at": "2026-11-12T11:59:59.999999999Z"})),
            "invalid discount offer: declined at 2026-11-12T11:59:59.999999999Z, before it was made at 2026-11-12T12:00:00Z",
        ),
    ];
    for (input, message) in cases {
        assert_eq!(
            from::<DiscountOffer>(input.clone()).unwrap_err(),
            message,
            "{input}"
        );
    }
    // A resolution at the instant the offer was made is fine.
    let at_once = with(
        &v,
        "resolution",
        json!({"state": "accepted", "at": "2026-11-12T12:00:00Z"}),
    );
    assert_eq!(
        from::<DiscountOffer>(at_once).unwrap().resolution(),
        Some((OfferState::Accepted, nov(12)))
    );
    let mut missing = v.clone();
    missing.as_object_mut().unwrap().remove("resolution");
    assert_eq!(
        from::<DiscountOffer>(missing).unwrap_err(),
        "missing field `resolution`"
    );
}

#[test]
fn small_types() {
    assert_eq!(
        serde_json::to_value(DiscountStatus::Active).unwrap(),
        json!("active")
    );
    assert_eq!(from::<DiscountStatus>(json!("expired")).unwrap(), Expired);
    assert_eq!(
        serde_json::to_value(OfferState::Withdrawn).unwrap(),
        json!("withdrawn")
    );
    assert_eq!(
        from::<OfferState>(json!("pending")).unwrap(),
        OfferState::Pending
    );
    assert_eq!(
        serde_json::to_value(OfferAction::Accept).unwrap(),
        json!("accept")
    );
    assert_eq!(serde_json::to_value(Party::Buyer).unwrap(), json!("buyer"));
    assert_eq!(
        serde_json::to_value(Currency::new("EUR").unwrap()).unwrap(),
        json!("EUR")
    );
    assert_eq!(
        from::<Currency>(json!("GBP")).unwrap(),
        Currency::new("GBP").unwrap()
    );
    assert_eq!(
        from::<Currency>(json!(5)).unwrap_err(),
        "invalid type: integer `5`, expected an ISO 4217 currency code string like \"EUR\""
    );
    assert_eq!(
        from::<BasisPoints>(json!(250)).unwrap(),
        BasisPoints::new(250).unwrap()
    );
    let day = LocalDay::new(date("2026-11-30"), zone("+05:30"));
    let v = serde_json::to_value(day).unwrap();
    assert_eq!(v, json!({"date": "2026-11-30", "zone": "+05:30"}));
    assert_eq!(from::<LocalDay>(v).unwrap(), day);
}

#[test]
fn local_day_dates_use_the_crate_grammar() {
    // Regression test for: review finding — dates were written by chrono
    // (`+12345-06-07`, `-0044-03-15`) and read by a third grammar that
    // took unsigned 5-digit years and worded its errors unlike
    // `tzsafe::parse`. Now: a 4-digit year, or a sign and 6 digits, as
    // instants are written; the messages are the parser's.
    for (y, m, d, text) in [
        (12_345, 6, 7, "+012345-06-07"),
        (-44, 3, 15, "-000044-03-15"),
        (10_000, 1, 1, "+010000-01-01"),
        (-1, 12, 31, "-000001-12-31"),
        (0, 1, 1, "0000-01-01"),
        (9_999, 12, 31, "9999-12-31"),
        (262_142, 12, 31, "+262142-12-31"),
        (-262_143, 1, 1, "-262143-01-01"),
    ] {
        let day = LocalDay::new(NaiveDate::from_ymd_opt(y, m, d).unwrap(), Zone::UTC);
        let v = serde_json::to_value(day).unwrap();
        assert_eq!(v, json!({"date": text, "zone": "UTC"}));
        assert_eq!(from::<LocalDay>(v).unwrap(), day, "{text}");
        assert_eq!(day.to_string(), format!("{text} in UTC"));
    }
    // What `tzsafe::parse` reads as a date is read: a signed 6-digit year
    // inside 0000-9999 too.
    assert_eq!(
        from::<LocalDay>(json!({"date": "+002026-11-30", "zone": "UTC"})).unwrap(),
        LocalDay::new(date("2026-11-30"), Zone::UTC)
    );
    let cases = [
        ("2026-13-01", "month 13 does not exist (expected 01 to 12) (at byte 5)"),
        ("2026-00-01", "month 00 does not exist (expected 01 to 12) (at byte 5)"),
        ("2026-02-29", "day 29 does not exist in 2026-02 (at byte 8)"),
        ("+012345-02-30", "day 30 does not exist in +012345-02 (at byte 11)"),
        (
            "12345-06-07",
            "expected '-' after the year; a year beyond 9999 is written with a sign and 6 digits, like +012345 (at byte 4)",
        ),
        // Regression test for: the hint's example was +275760, a year
        // chrono cannot hold.
        ("+12345-06-07", "expected 6 digits after the sign of an expanded year (like +012345) (at byte 6)"),
        ("-0044-03-15", "expected 6 digits after the sign of an expanded year (like +012345) (at byte 5)"),
        ("-000000-01-01", "year -000000 is not valid (write 0000 or +000000) (at byte 0)"),
        (
            "+999999-01-01",
            "year +999999 is outside the range chrono can represent (-262143 to +262142) (at byte 0)",
        ),
        ("26-11-30", "expected a 4-digit year, or '+' or '-' and a 6-digit year (at byte 2)"),
        ("2026-1-05", "expected a 2-digit month (at byte 6)"),
        ("2026/11/30", "expected '-' after the year (at byte 4)"),
        ("2026-11/30", "expected '-' after the month (at byte 7)"),
        ("2026-11-3", "expected a 2-digit day (at byte 9)"),
        ("2026-11-30T00:00", "expected the end of the input (at byte 10)"),
        ("", "expected a date like 2026-11-30, found an empty string (at byte 0)"),
    ];
    for (input, message) in cases {
        assert_eq!(
            from::<LocalDay>(json!({"date": input, "zone": "UTC"})).unwrap_err(),
            format!("invalid date \"{input}\": {message}"),
            "{input}"
        );
    }
}

// Regression test for: a model's deserialization error named a private
// helper ("invalid type: integer `5`, expected struct DiscountIn").
#[test]
fn type_errors_name_what_was_expected() {
    let five = json!(5);
    for (message, got) in [
        (
            "invalid type: integer `5`, expected a discount object",
            from::<Discount>(five.clone()).unwrap_err(),
        ),
        (
            "invalid type: integer `5`, expected a discount window object",
            from::<DiscountWindow>(five.clone()).unwrap_err(),
        ),
        (
            "invalid type: integer `5`, expected a discount offer object",
            from::<DiscountOffer>(five.clone()).unwrap_err(),
        ),
        (
            "invalid type: integer `5`, expected a local day object {\"date\": \"YYYY-MM-DD\", \"zone\": ...}",
            from::<LocalDay>(five.clone()).unwrap_err(),
        ),
        (
            "invalid type: integer `5`, expected a discount value object with \"type\": \"percentage\" or \"amount\"",
            from::<DiscountValue>(five).unwrap_err(),
        ),
    ] {
        assert_eq!(got, message);
        assert!(!got.contains("In") && !got.contains("Repr"), "{got}");
    }
}

proptest::proptest! {
    #[test]
    fn windows_round_trip(w in super::properties::wide_window()) {
        let text = serde_json::to_string(&w).unwrap();
        let back: DiscountWindow = serde_json::from_str(&text).unwrap();
        proptest::prop_assert_eq!(back, w);
    }
}

/// America/Vancouver as tz 2025b had it (and chrono-tz still has it): Pacific
/// time with daylight saving time from March to November, every year
/// (the rule `PST8PDT,M3.2.0,M11.1.0`), loaded from TZif bytes.
#[cfg(feature = "tz")]
fn vancouver_2025b() -> Zone {
    let mut tzif = Vec::new();
    for _ in 0..2 {
        tzif.extend_from_slice(b"TZif2");
        tzif.extend_from_slice(&[0; 15]);
        for count in [0u32, 0, 0, 0, 1, 4] {
            tzif.extend_from_slice(&count.to_be_bytes());
        }
        tzif.extend_from_slice(&(-8 * 3600i32).to_be_bytes());
        tzif.extend_from_slice(&[0, 0]);
        tzif.extend_from_slice(b"PST\0");
    }
    tzif.extend_from_slice(b"\nPST8PDT,M3.2.0,M11.1.0\n");
    Zone::from_tzif("America/Vancouver", &tzif).unwrap()
}

/// Regression test for: a window through a local day, written with one
/// release's rules for its zone (here tz 2025b's Vancouver, loaded from TZif
/// bytes) and read back with another's (the bundled 2026f), silently moved
/// by an hour: `[08:00Z, 08:00Z)` became `[07:00Z, 07:00Z)` next day. The
/// bounds are now written at the zone's offset, and a change of that offset
/// under the same wall time is an `OffsetMismatch` error carrying
/// `RulesChanged`, unless the context's policy says what to keep.
#[cfg(feature = "tz")]
#[test]
fn a_window_written_under_other_rules_is_not_read_silently() {
    use tzsafe::{OffsetConflict, TimezoneAware};

    let old = vancouver_2025b();
    let w = DiscountWindow::local_dates(date("2026-12-08"), date("2026-12-08"), old).unwrap();
    assert_eq!(w.starts_at(), utc("2026-12-08T08:00:00Z"));
    let json = serde_json::to_value(w).unwrap();
    assert_eq!(
        json,
        json!({
            "starts_at": "2026-12-08T00:00:00-08:00",
            "ends_at": "2026-12-09T00:00:00-08:00",
            "starts_on": {"date": "2026-12-08", "zone": "America/Vancouver"},
            "through": {"date": "2026-12-08", "zone": "America/Vancouver"},
        })
    );

    // Read with the bundled rules (Vancouver at -07:00 this winter): refused.
    let err = serde_json::from_value::<DiscountWindow>(json.clone()).unwrap_err();
    assert_eq!(
        err.to_string(),
        format!(
            "the start of 2026-12-08 in America/Vancouver was recorded as 2026-12-08T00:00:00-08:00, \
             but the zone's rules (tz {}) put it at 2026-12-08T00:00:00-07:00: they changed since \
             the window was written; read it under a context whose offset_conflict policy keeps \
             the local day (ignore) or the recorded instant (use)",
            Zone::TZDB_VERSION
        )
    );
    let reading = |policy| {
        let w: Result<DiscountWindow, serde_json::Error> = TimezoneAware::new()
            .offset_conflict(policy)
            .scope(|| serde_json::from_value(json.clone()));
        w
    };
    // Reject is the default, and can be asked for.
    let err = reading(OffsetConflict::Reject).unwrap_err();
    assert!(
        err.to_string().starts_with("the start of 2026-12-08"),
        "{err}"
    );
    // The end alone, when only the end's day is in the changed period.
    let end_only = json!({
        "starts_at": "2026-10-01T00:00:00Z",
        "ends_at": "2026-12-09T00:00:00-08:00",
        "through": {"date": "2026-12-08", "zone": "America/Vancouver"},
    });
    let err = serde_json::from_value::<DiscountWindow>(end_only).unwrap_err();
    assert!(err.to_string().starts_with(
        "the end of 2026-12-08 in America/Vancouver was recorded as 2026-12-09T00:00:00-08:00, \
         but the zone's rules"
    ), "{err}");

    // Keep the local day (today's rules): 07:00Z.
    let kept_day = reading(OffsetConflict::Ignore).unwrap();
    assert_eq!(kept_day.starts_at(), utc("2026-12-08T07:00:00Z"));
    assert_eq!(kept_day.ends_at(), Some(utc("2026-12-09T07:00:00Z")));
    assert!(matches!(kept_day.start(), WindowStart::On(_)));
    // Prefer: Vancouver has no -08:00 at that wall time any more, so the day.
    assert_eq!(reading(OffsetConflict::Prefer).unwrap(), kept_day);
    // Keep the instants: the bounds become instants.
    let kept_instant = reading(OffsetConflict::Use).unwrap();
    assert_eq!(
        kept_instant.start(),
        WindowStart::At(utc("2026-12-08T08:00:00Z"))
    );
    assert_eq!(
        kept_instant.end(),
        WindowEnd::At(utc("2026-12-09T08:00:00Z"))
    );
}

/// The same window in an unchanged zone, and an offer holding a window of
/// the changed one: the policy applies wherever a window is read.
#[cfg(feature = "tz")]
#[test]
fn unchanged_zones_and_offers() {
    // Written and read with the same rules: nothing to decide, under Reject.
    let w = days("2026-12-08", "2026-12-24", "America/Vancouver");
    let back: DiscountWindow = serde_json::from_str(&serde_json::to_string(&w).unwrap()).unwrap();
    assert_eq!(back, w);
    // New York's rules did not change: a 2025b-era text reads back as it was.
    let ny: DiscountWindow = from(json!({
        "starts_at": "2026-12-08T00:00:00-05:00",
        "ends_at": "2026-12-09T00:00:00-05:00",
        "starts_on": {"date": "2026-12-08", "zone": "America/New_York"},
        "through": {"date": "2026-12-08", "zone": "America/New_York"},
    }))
    .unwrap();
    assert_eq!(ny.starts_at(), utc("2026-12-08T05:00:00Z"));
    // An offer whose discount's window was written under tz 2025b.
    let ctx = TimezoneAware::new().frozen_at(utc("2026-12-07T12:00:00Z"));
    let window =
        DiscountWindow::local_dates(date("2026-12-08"), date("2026-12-08"), vancouver_2025b())
            .unwrap();
    let discount = Discount::new(
        "VAN-10",
        DiscountValue::percentage_bp(1000).unwrap(),
        window,
    )
    .unwrap();
    let offer = DiscountOffer::new(
        &ctx,
        "room-1",
        seller(),
        buyer(),
        discount,
        TimeDelta::hours(1),
    )
    .unwrap();
    let text = serde_json::to_string(&offer).unwrap();
    let err = serde_json::from_str::<DiscountOffer>(&text).unwrap_err();
    assert!(
        err.to_string()
            .starts_with("the start of 2026-12-08 in America/Vancouver was recorded as"),
        "{err}"
    );
}
