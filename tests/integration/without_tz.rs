//! Without the `tz` feature: UTC and fixed offsets work, IANA names are refused.

use chrono::{NaiveDate, TimeZone, Utc};
use tzsafe::{ensure_timezone_aware, safe_cmp, ErrorKind, TimezoneAware, Zone};

#[test]
fn fixed_zones_work() {
    let zone: Zone = "+05:30".parse().unwrap();
    let wall = NaiveDate::from_ymd_opt(2026, 1, 1)
        .unwrap()
        .and_hms_opt(5, 30, 0)
        .unwrap();
    let instant = Utc.with_ymd_and_hms(2026, 1, 1, 0, 0, 0).unwrap();
    assert_eq!(ensure_timezone_aware(wall, &zone).unwrap(), instant);
    let _guard = TimezoneAware::new().default_tz(zone).enter();
    assert!(safe_cmp(wall, instant).unwrap().is_eq());
    assert_eq!(zone.next_transition(&instant), None);
}

#[test]
fn iana_names_are_unknown() {
    let err = "America/New_York".parse::<Zone>().unwrap_err();
    assert_eq!(err.kind(), ErrorKind::UnknownZone);
    assert_eq!("UTC".parse::<Zone>().unwrap(), Zone::UTC);
}
