//! RFC 9557 (the Internet Extended Date/Time Format, IXDTF): a timestamp
//! followed by bracketed annotations, the first of which may name a time
//! zone. This is the syntax only; `zoned.rs` looks the zone up and resolves
//! the offset against it.
//!
//! ```text
//! ixdtf     = timestamp time-zone *tag     ; RFC 9557: date-time [time-zone] *tag
//! timestamp = date separator time [offset] ; as `parse` reads it (the RFC: RFC 3339's)
//! time-zone = "[" ["!"] (zone-name / offset) "]"
//! offset    = sign hour [[":"] minute [[":"] second]]  ; as `Zone::from_str` reads it
//! zone-name = part *("/" part)             ; part: not "." or ".."
//! part      = (ALPHA / "." / "_") *(ALPHA / "." / "_" / DIGIT / "-" / "+")
//! tag       = "[" ["!"] key "=" value *("-" value) "]"
//! key       = (lcalpha / "_") *(lcalpha / "_" / DIGIT / "-")
//! value     = 1*(ALPHA / DIGIT)
//! ```
//!
//! A timestamp never holds a `[`, so the input is cut at the first one: the
//! part before it is read by the timestamp rules of `parse.rs` (with their
//! fast path and their messages), the part from it on by the rules here.

use super::{
    numeric_offset, out_of_range, timestamp, Exact, Fail, Field, Form, MaybeAware, Parsed, Problem,
    Quick, Report, LENIENT, ZONE,
};
use crate::error::Error;
use chrono::NaiveDateTime;

/// What an RFC 9557 timestamp says, before its zone is looked up.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Ixdtf<'a> {
    /// The date and time as written (wall time in the zone).
    pub(crate) wall: NaiveDateTime,
    /// The offset written after the time.
    pub(crate) offset: Recorded,
    /// The time zone annotation's text, without brackets or `!`.
    pub(crate) zone: &'a str,
    /// Where `zone` starts in the input (for messages).
    pub(crate) zone_at: usize,
}

/// The offset written with a wall time.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Recorded {
    /// None: the wall time alone (`2026-12-07T10:00[America/Vancouver]`).
    Missing,
    /// `Z` or `-00:00`: the instant is known, the local offset is not
    /// (RFC 9557 section 2).
    Unknown,
    /// A numeric offset, seconds east of UTC; `minutes` when it was written
    /// without seconds (`-07:00`), and so may stand for an offset with
    /// seconds rounded to the minute.
    Offset { secs: i32, minutes: bool },
}

/// Reads `input` as an RFC 9557 timestamp with a time zone annotation.
#[inline]
pub(crate) fn read_rfc9557(input: &str) -> Result<Ixdtf<'_>, Error> {
    let s = input.as_bytes();
    let split = s.iter().position(|b| *b == b'[').unwrap_or(s.len());
    let (head, tail) = s.split_at(split);
    let Ok(value) = timestamp::<LENIENT, Quick>(head) else {
        return Err(head_failure(input, head, tail));
    };
    let Ok(zone) = suffix::<Quick>(tail) else {
        return Err(suffix_failure(input, tail));
    };
    let Some(zone) = zone else {
        return Err(Fail::at(tail, Problem::MissingZone).into_error(input, Form::Rfc9557));
    };
    let (wall, offset) = match value {
        MaybeAware::Naive(wall) => (wall, Recorded::Missing),
        MaybeAware::Aware(aware) => {
            let Some(wall) = aware.naive_utc().checked_add_offset(*aware.offset()) else {
                return Err(out_of_range(
                    Form::Rfc9557.what(),
                    input,
                    0,
                    "the wall time is outside the range chrono can represent",
                ));
            };
            (wall, recorded(head, aware.offset().local_minus_utc()))
        }
    };
    let zone_at = s.len().saturating_sub(zone.rest_at);
    let name = input
        .get(zone_at..zone_at.saturating_add(zone.name_len))
        .unwrap_or_default();
    Ok(Ixdtf {
        wall,
        offset,
        zone: name,
        zone_at,
    })
}

/// What the offset at the end of `head` (a timestamp `parse` read, with the
/// offset `secs`) records.
fn recorded(head: &[u8], secs: i32) -> Recorded {
    if matches!(head.last(), Some(b'Z' | b'z')) || head.ends_with(b"-00:00") {
        return Recorded::Unknown;
    }
    // The offset is the text from the last sign on: `±HH:MM` is 6 bytes,
    // with seconds 9 or more.
    let sign = head.iter().rposition(|b| *b == b'+' || *b == b'-');
    let len = sign.map_or(0, |at| head.len().saturating_sub(at));
    Recorded::Offset {
        secs,
        minutes: len <= 6,
    }
}

/// The error for a timestamp part that [`Quick`] refused: read again with
/// [`Exact`], its position moved past the annotations cut off.
#[cold]
#[inline(never)]
fn head_failure(input: &str, head: &[u8], tail: &[u8]) -> Error {
    let fail = match timestamp::<LENIENT, Exact>(head) {
        Err(fail) => fail,
        // Unreachable: both reads follow the same rules.
        Ok(_) => Fail::at(tail, Problem::End),
    };
    let fail = Fail {
        rest: fail.rest.saturating_add(tail.len()),
        ..fail
    };
    fail.into_error(input, Form::Rfc9557)
}

/// The error for annotations that [`Quick`] refused.
#[cold]
#[inline(never)]
fn suffix_failure(input: &str, tail: &[u8]) -> Error {
    let fail = match suffix::<Exact>(tail) {
        Err(fail) => fail,
        // Unreachable: both reads follow the same rules.
        Ok(_) => Fail::at(tail, Problem::End),
    };
    fail.into_error(input, Form::Rfc9557)
}

/// Where a time zone annotation's text is: how much input remained at its
/// first byte, and its length.
#[derive(Clone, Copy, Debug)]
struct ZoneText {
    rest_at: usize,
    name_len: usize,
}

/// `[time-zone] *tag` to the end of the input: where the time zone's text is.
/// Tags are checked as RFC 9557 section 3.3 says: an experimental key is
/// refused; a critical one tzsafe cannot act on (any key but `u-ca`, and
/// `u-ca` other than `iso8601`, the calendar chrono's dates are in) is
/// refused; a repeated `u-ca` that disagrees with a critical one is refused;
/// any other elective tag is read and ignored.
fn suffix<R: Report>(s: &[u8]) -> Result<Option<ZoneText>, R::Fail> {
    let (zone, mut rest) = time_zone::<R>(s)?;
    // The first calendar seen, and whether some calendar tag was critical.
    let mut calendar: Option<&[u8]> = None;
    let mut critical_calendar = false;
    while !rest.is_empty() {
        let at = rest;
        let (tag, after) = tag::<R>(rest)?;
        if tag.key.first() == Some(&b'_') {
            return Err(R::fail(at, Problem::Experimental));
        }
        if tag.key == b"u-ca" {
            if tag.critical && tag.value != b"iso8601" {
                return Err(R::fail(at, Problem::Critical));
            }
            match calendar {
                Some(first) if first != tag.value && (tag.critical || critical_calendar) => {
                    return Err(R::fail(at, Problem::Inconsistent));
                }
                Some(_) => {}
                None => calendar = Some(tag.value),
            }
            critical_calendar |= tag.critical;
        } else if tag.critical {
            return Err(R::fail(at, Problem::Critical));
        }
        rest = after;
    }
    Ok(zone)
}

/// `time-zone`, when the input starts with one (a `[` whose content has no
/// `=`): where its text is, and the input after it.
fn time_zone<R: Report>(s: &[u8]) -> Parsed<'_, Option<ZoneText>, R> {
    let Some(inner) = s.strip_prefix(b"[") else {
        return Ok((None, s));
    };
    let inner = inner.strip_prefix(b"!").unwrap_or(inner);
    let name_end = match inner {
        [sign @ (b'+' | b'-'), digits @ ..] => {
            // An offset time zone: the offset rule of `Zone::from_str`.
            let end = digits
                .iter()
                .position(|b| !(b.is_ascii_digit() || *b == b':'))
                .unwrap_or(digits.len());
            let (offset, after) = digits.split_at(end);
            if numeric_offset::<ZONE, Quick>(*sign, offset).is_err() {
                // Its failure is at a byte of `offset`, which ends before the
                // rest of the input.
                return Err(R::fail_with(|| {
                    match numeric_offset::<ZONE, Exact>(*sign, offset) {
                        Err(fail) => Fail {
                            rest: fail.rest.saturating_add(after.len()),
                            ..fail
                        },
                        Ok(_) => Fail::at(inner, Problem::Digits(Field::ZoneName)),
                    }
                }));
            }
            end.saturating_add(1)
        }
        _ => inner
            .iter()
            .position(|b| !is_zone_char(*b))
            .unwrap_or(inner.len()),
    };
    let (name, after) = inner.split_at(name_end);
    if after.first() == Some(&b'=') {
        // A `key=value` tag: there is no time zone annotation.
        return Ok((None, s));
    }
    zone_name::<R>(inner, name.len())?;
    let rest = expect_byte::<R>(after, b']', Field::ZoneName)?;
    let zone = ZoneText {
        rest_at: inner.len(),
        name_len: name.len(),
    };
    Ok((Some(zone), rest))
}

/// Bytes of a zone name and of the `/` between its parts.
fn is_zone_char(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'-' | b'+' | b'/')
}

/// `zone-name`, or an offset (already read): the first `len` bytes of
/// `inner`, which hold only the bytes [`time_zone`] allowed.
fn zone_name<R: Report>(inner: &[u8], len: usize) -> Result<(), R::Fail> {
    if matches!(inner.first(), Some(b'+' | b'-')) {
        return Ok(());
    }
    let mut rest = inner;
    let mut left = len;
    loop {
        let end = rest
            .iter()
            .take(left)
            .position(|b| *b == b'/')
            .unwrap_or(left);
        let part = rest.get(..end).unwrap_or_default();
        let initial = part
            .first()
            .is_some_and(|b| b.is_ascii_alphabetic() || matches!(b, b'.' | b'_'));
        if !initial || part == b"." || part == b".." {
            return Err(R::fail(rest, Problem::Digits(Field::ZoneName)));
        }
        if end == left {
            return Ok(());
        }
        // Past the part and its `/`.
        rest = rest.get(end.saturating_add(1)..).unwrap_or_default();
        left = left.saturating_sub(end.saturating_add(1));
    }
}

/// `byte`, which must follow `field`.
fn expect_byte<R: Report>(s: &[u8], byte: u8, field: Field) -> Result<&[u8], R::Fail> {
    match s {
        [b, rest @ ..] if *b == byte => Ok(rest),
        _ => Err(R::fail(s, Problem::After(field))),
    }
}

/// A `key=value` annotation.
struct Tag<'a> {
    critical: bool,
    key: &'a [u8],
    /// The values and the `-` between them.
    value: &'a [u8],
}

/// `tag`.
fn tag<R: Report>(s: &[u8]) -> Parsed<'_, Tag<'_>, R> {
    let Some(inner) = s.strip_prefix(b"[") else {
        return Err(R::fail(s, Problem::Digits(Field::Annotation)));
    };
    let (critical, inner) = match inner.strip_prefix(b"!") {
        Some(inner) => (true, inner),
        None => (false, inner),
    };
    let (key, rest) = key::<R>(inner)?;
    let rest = expect_byte::<R>(rest, b'=', Field::AnnotationKey)?;
    let (value, rest) = values::<R>(rest)?;
    let rest = expect_byte::<R>(rest, b']', Field::AnnotationValue)?;
    Ok((
        Tag {
            critical,
            key,
            value,
        },
        rest,
    ))
}

/// `key`.
fn key<R: Report>(s: &[u8]) -> Parsed<'_, &[u8], R> {
    if !s
        .first()
        .is_some_and(|b| b.is_ascii_lowercase() || *b == b'_')
    {
        return Err(R::fail(s, Problem::Digits(Field::AnnotationKey)));
    }
    let end = s
        .iter()
        .position(|b| !(b.is_ascii_lowercase() || b.is_ascii_digit() || matches!(b, b'_' | b'-')))
        .unwrap_or(s.len());
    Ok(s.split_at(end))
}

/// `value *("-" value)`.
fn values<R: Report>(s: &[u8]) -> Parsed<'_, &[u8], R> {
    let mut rest = s;
    loop {
        let end = rest
            .iter()
            .position(|b| !b.is_ascii_alphanumeric())
            .unwrap_or(rest.len());
        if end == 0 {
            return Err(R::fail(rest, Problem::Digits(Field::AnnotationValue)));
        }
        let after = rest.get(end..).unwrap_or_default();
        match after {
            [b'-', more @ ..] => rest = more,
            _ => {
                let len = s.len().saturating_sub(after.len());
                return Ok(s.split_at(len));
            }
        }
    }
}

// ---------------------------------------------------------------------------
// Messages.

/// What is expected after `field` in an RFC 9557 timestamp.
pub(super) fn expected_after(field: Field) -> String {
    let after = field.after();
    let after = match field {
        Field::Annotation | Field::ZoneName | Field::AnnotationKey | Field::AnnotationValue => {
            after.to_owned()
        }
        // The timestamp's last field: an annotation may follow too.
        _ => after.replace("the end of the input", "'[' and a time zone"),
    };
    format!("expected {after}")
}

/// The annotation that starts at `pos` (its `[` to its `]`), as text.
fn annotation_at(input: &[u8], pos: usize) -> &str {
    let rest = input.get(pos..).unwrap_or_default();
    let len = rest
        .iter()
        .position(|b| *b == b']')
        .map_or(rest.len(), |at| at.saturating_add(1));
    super::text(input, pos, len)
}

/// A critical annotation tzsafe cannot act on, at `pos`.
pub(super) fn critical(input: &[u8], pos: usize) -> String {
    format!(
        "the critical annotation {} cannot be acted on, so RFC 9557 requires refusing the \
         timestamp (tzsafe acts on a time zone and on [u-ca=iso8601]; without '!' other \
         annotations are ignored)",
        annotation_at(input, pos)
    )
}

/// A repeated calendar annotation at `pos` that a critical one contradicts.
pub(super) fn inconsistent(input: &[u8], pos: usize) -> String {
    format!(
        "the annotation {} contradicts an earlier calendar annotation, and one of them is \
         critical ('!'), so RFC 9557 requires refusing the timestamp",
        annotation_at(input, pos)
    )
}

#[cfg(test)]
#[allow(clippy::arithmetic_side_effects, clippy::indexing_slicing)]
mod tests {
    use super::*;

    fn zone_of(s: &str) -> Option<&str> {
        let tail = s.as_bytes();
        let zone = suffix::<Exact>(tail).ok()??;
        let at = tail.len() - zone.rest_at;
        Some(&s[at..at + zone.name_len])
    }

    #[test]
    fn suffix_rules() {
        assert_eq!(zone_of("[America/New_York]"), Some("America/New_York"));
        assert_eq!(
            zone_of("[!Europe/Paris][u-ca=hebrew]"),
            Some("Europe/Paris")
        );
        assert_eq!(zone_of("[+05:30][foo=bar-baz]"), Some("+05:30"));
        assert_eq!(zone_of("[u-ca=hebrew]"), None);
        assert_eq!(zone_of("[Etc/GMT+5]"), Some("Etc/GMT+5"));
        assert_eq!(
            suffix::<Exact>(b"[.]").unwrap_err(),
            Fail::at(b".]", Problem::Digits(Field::ZoneName))
        );
        assert_eq!(
            suffix::<Exact>(b"[a/../b]").unwrap_err(),
            Fail::at(b"../b]", Problem::Digits(Field::ZoneName))
        );
        assert_eq!(
            suffix::<Exact>(b"[UTC][!knort=blargel]").unwrap_err(),
            Fail::at(b"[!knort=blargel]", Problem::Critical)
        );
        assert_eq!(
            suffix::<Exact>(b"[UTC][_foo=bar]").unwrap_err(),
            Fail::at(b"[_foo=bar]", Problem::Experimental)
        );
        assert_eq!(
            suffix::<Exact>(b"[UTC][u-ca=hebrew][!u-ca=iso8601]").unwrap_err(),
            Fail::at(b"[!u-ca=iso8601]", Problem::Inconsistent)
        );
        assert!(suffix::<Exact>(b"[UTC][!u-ca=iso8601][u-ca=iso8601]").is_ok());
        assert!(suffix::<Exact>(b"[UTC][u-ca=chinese][u-ca=japanese]").is_ok());
        assert_eq!(
            suffix::<Exact>(b"[UTC][u-ca=]").unwrap_err(),
            Fail::at(b"]", Problem::Digits(Field::AnnotationValue))
        );
        assert_eq!(
            suffix::<Exact>(b"[UTC]x").unwrap_err(),
            Fail::at(b"x", Problem::Digits(Field::Annotation))
        );
        assert_eq!(
            suffix::<Exact>(b"[UTC").unwrap_err(),
            Fail::at(b"", Problem::After(Field::ZoneName))
        );
    }

    #[test]
    fn recorded_offsets() {
        assert_eq!(recorded(b"2026-12-07T10:00Z", 0), Recorded::Unknown);
        assert_eq!(recorded(b"2026-12-07T10:00-00:00", 0), Recorded::Unknown);
        assert_eq!(
            recorded(b"2026-12-07T10:00+00:00", 0),
            Recorded::Offset {
                secs: 0,
                minutes: true
            }
        );
        assert_eq!(
            recorded(b"1800-01-01T00:00-04:56:02", -17_762),
            Recorded::Offset {
                secs: -17_762,
                minutes: false
            }
        );
    }
}
