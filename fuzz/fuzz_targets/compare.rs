//! Arbitrary naive and aware values compared in an arbitrary zone.
//!
//! Checks: no panic; `safe_cmp` is a total order consistent with the instants
//! `ensure_timezone_aware` gives (antisymmetric, reflexive, transitive), and
//! `safe_datetime_compare` agrees with it for every operator.
#![no_main]

use std::cmp::Ordering;

use arbitrary::Arbitrary;
use chrono::{DateTime, FixedOffset};
use libfuzzer_sys::fuzz_target;
use tzsafe::{safe_cmp, safe_datetime_compare, CmpOp, MaybeAware, TimezoneAware, Zone};

#[derive(Arbitrary, Debug)]
struct Value {
    seconds: i64,
    nanos: u32,
    offset: Option<i32>,
}

#[derive(Arbitrary, Debug)]
struct Input {
    zone: u16,
    values: [Value; 3],
}

fn value(v: &Value) -> Option<MaybeAware> {
    let utc = DateTime::from_timestamp(v.seconds % 8_210_000_000_000, v.nanos % 1_000_000_000)?;
    Some(match v.offset {
        None => MaybeAware::Naive(utc.naive_utc()),
        Some(o) => MaybeAware::Aware(utc.with_timezone(&FixedOffset::east_opt(o % 86_400)?)),
    })
}

const OPS: [CmpOp; 6] = [
    CmpOp::Lt,
    CmpOp::Le,
    CmpOp::Eq,
    CmpOp::Ne,
    CmpOp::Ge,
    CmpOp::Gt,
];

fuzz_target!(|input: Input| {
    let names = Zone::bundled_names();
    let Ok(zone) = Zone::bundled(names[usize::from(input.zone) % names.len()]) else {
        panic!("a bundled name is refused");
    };
    let Some(values) = input.values.iter().map(value).collect::<Option<Vec<_>>>() else {
        return;
    };
    let _guard = TimezoneAware::new().default_tz(zone).enter();
    let instants: Vec<_> = values
        .iter()
        .map(|v| tzsafe::ensure_timezone_aware(*v, &zone).ok())
        .collect();
    for (i, a) in values.iter().enumerate() {
        for (j, b) in values.iter().enumerate() {
            let ordering = safe_cmp(*a, *b);
            match (instants[i], instants[j]) {
                (Some(x), Some(y)) => {
                    let ordering = ordering.expect("both operands resolve");
                    assert_eq!(ordering, x.cmp(&y));
                    assert_eq!(safe_cmp(*b, *a).expect("resolves"), ordering.reverse());
                    for op in OPS {
                        assert_eq!(
                            safe_datetime_compare(*a, *b, op).expect("resolves"),
                            op.holds(ordering)
                        );
                    }
                    if i == j {
                        assert_eq!(ordering, Ordering::Equal);
                    }
                }
                _ => assert!(ordering.is_err()),
            }
        }
    }
    // Transitivity of `safe_cmp` itself, over every ordered triple: a <= b and
    // b <= c give a <= c, and a strict step on either side gives a < c.
    for a in &values {
        for b in &values {
            for c in &values {
                let (Ok(ab), Ok(bc), Ok(ac)) =
                    (safe_cmp(*a, *b), safe_cmp(*b, *c), safe_cmp(*a, *c))
                else {
                    continue;
                };
                if ab.is_le() && bc.is_le() {
                    assert!(ac.is_le(), "{a:?} {ab:?} {b:?} {bc:?} {c:?} but {ac:?}");
                    if ab.is_lt() || bc.is_lt() {
                        assert!(ac.is_lt(), "{a:?} {ab:?} {b:?} {bc:?} {c:?} but {ac:?}");
                    }
                }
            }
        }
    }
});
