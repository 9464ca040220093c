//! Reading TZif files (RFC 8536), version 2 and later: the 64-bit data block
//! and the footer's POSIX TZ rule. Every count, index and offset is checked;
//! what tzsafe cannot represent (leap-second tables, offsets of a day or more)
//! is refused with a message that says so, never read approximately.

use core::fmt;

use super::posix::{self, Footer};

/// What a TZif file says, reduced to what tzsafe needs: UTC offsets.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct Tzif {
    /// The offset (seconds east of UTC) of local time type 0, which applies
    /// before the first transition.
    pub(crate) initial: i32,
    /// Every transition as (Unix seconds, offset from then on), ascending,
    /// changes of abbreviation or DST flag alone included.
    pub(crate) transitions: Vec<(i64, i32)>,
    /// What applies after the last transition; `None` when the footer is
    /// empty (the last transition's offset then stays).
    pub(crate) footer: Option<Footer>,
}

/// Why bytes are not a TZif file tzsafe can read, and where.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Problem {
    /// Byte offset into the data.
    pub(crate) at: usize,
    pub(crate) message: Message,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Message {
    Static(&'static str),
    Owned(String),
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.message {
            Message::Static(m) => f.write_str(m)?,
            Message::Owned(m) => f.write_str(m)?,
        }
        write!(f, " (at byte {})", self.at)
    }
}

/// The counts of a TZif header.
#[derive(Clone, Copy)]
struct Header {
    version: u8,
    isutcnt: usize,
    isstdcnt: usize,
    leapcnt: usize,
    timecnt: usize,
    typecnt: usize,
    charcnt: usize,
}

/// A cursor over the data that knows where it is, for messages.
struct Reader<'a> {
    data: &'a [u8],
    at: usize,
}

impl<'a> Reader<'a> {
    fn fail(&self, message: &'static str) -> Problem {
        Problem {
            at: self.at,
            message: Message::Static(message),
        }
    }

    /// The next `len` bytes, or "unexpected end of data while reading `what`".
    fn take(&mut self, len: usize, what: &'static str) -> Result<&'a [u8], Problem> {
        let end = self.at.checked_add(len);
        match end.and_then(|end| self.data.get(self.at..end)) {
            Some(bytes) => {
                self.at = end.unwrap_or(self.at);
                Ok(bytes)
            }
            None => Err(Problem {
                at: self.at,
                message: Message::Owned(format!(
                    "unexpected end of data while reading {what} ({len} bytes, {} left)",
                    self.data.len().saturating_sub(self.at)
                )),
            }),
        }
    }

    fn array<const N: usize>(&mut self, what: &'static str) -> Result<[u8; N], Problem> {
        let bytes = self.take(N, what)?;
        bytes.try_into().map_err(|_| self.fail(what))
    }

    fn header(&mut self) -> Result<Header, Problem> {
        if self.array::<4>("the magic bytes \"TZif\"")? != *b"TZif" {
            self.at = self.at.saturating_sub(4);
            return Err(self.fail("expected the magic bytes \"TZif\": not a TZif file"));
        }
        let [version] = self.array::<1>("the version")?;
        if version != 0 && version < b'2' {
            self.at = self.at.saturating_sub(1);
            return Err(self.fail("expected a version: NUL, '2', '3' or '4'"));
        }
        self.take(15, "the reserved bytes of the header")?;
        let mut counts = [0usize; 6];
        for count in &mut counts {
            let raw = u32::from_be_bytes(self.array::<4>("the counts of the header")?);
            *count = usize::try_from(raw).map_err(|_| self.fail("a count that fits in memory"))?;
        }
        let [isutcnt, isstdcnt, leapcnt, timecnt, typecnt, charcnt] = counts;
        let header = Header {
            version,
            isutcnt,
            isstdcnt,
            leapcnt,
            timecnt,
            typecnt,
            charcnt,
        };
        if typecnt == 0 {
            return Err(self.fail("the header counts no local time type (typecnt is 0)"));
        }
        if (isutcnt != 0 && isutcnt != typecnt) || (isstdcnt != 0 && isstdcnt != typecnt) {
            return Err(
                self.fail("the header's isutcnt and isstdcnt must each be 0 or equal to typecnt")
            );
        }
        Ok(header)
    }
}

/// Reads a TZif file of version 2 or later: the first header, the version 1
/// data block (skipped), the second header, its 64-bit data block, then the
/// footer.
pub(crate) fn parse(data: &[u8]) -> Result<Tzif, Problem> {
    let mut r = Reader { data, at: 0 };
    let h = r.v2_header()?;
    let blocks = r.blocks(&h)?;
    let offsets = local_time_types(blocks.types, blocks.types_at, &h)?;
    let transitions = transitions(&blocks, &offsets, &h)?;
    let footer = footer(&mut r)?;
    Ok(Tzif {
        initial: offsets
            .first()
            .copied()
            .ok_or_else(|| r.fail("a local time type"))?,
        transitions,
        footer,
    })
}

/// The parts of the 64-bit data block tzsafe reads, with where they start.
struct Blocks<'a> {
    times_at: usize,
    times: &'a [u8],
    type_indices: &'a [u8],
    types_at: usize,
    types: &'a [u8],
}

impl<'a> Reader<'a> {
    /// The first header, the version 1 data block skipped, and the second
    /// header, which describes the 64-bit data that follows.
    fn v2_header(&mut self) -> Result<Header, Problem> {
        let v1 = self.header()?;
        if v1.version == 0 {
            return Err(Problem {
                at: 4,
                message: Message::Static(
                    "TZif version 1 has only 32-bit data and no footer: tzsafe reads version 2 and later",
                ),
            });
        }
        // The version 1 data block: 32-bit times and leap-second records.
        let v1_len = [
            v1.timecnt.checked_mul(5),
            v1.typecnt.checked_mul(6),
            Some(v1.charcnt),
            v1.leapcnt.checked_mul(8),
            Some(v1.isstdcnt),
            Some(v1.isutcnt),
        ]
        .into_iter()
        .try_fold(0usize, |sum, part| sum.checked_add(part?))
        .ok_or_else(|| self.fail("the version 1 data block's size overflows"))?;
        self.take(v1_len, "the version 1 data block")?;

        let header_at = self.at;
        let h = self.header()?;
        if h.version != v1.version {
            self.at = header_at.saturating_add(4);
            return Err(self.fail("the second header's version differs from the first's"));
        }
        Ok(h)
    }

    /// The 64-bit data block the header `h` describes: its times, type
    /// indices and types are returned; designations and indicators are
    /// checked and skipped; leap-second records are refused.
    fn blocks(&mut self, h: &Header) -> Result<Blocks<'a>, Problem> {
        let times_at = self.at;
        let times = self.take(
            h.timecnt
                .checked_mul(8)
                .ok_or_else(|| self.fail("too many transitions"))?,
            "the transition times",
        )?;
        let type_indices = self.take(h.timecnt, "the transition types")?;
        let types_at = self.at;
        let types = self.take(
            h.typecnt
                .checked_mul(6)
                .ok_or_else(|| self.fail("too many local time types"))?,
            "the local time types",
        )?;
        self.take(h.charcnt, "the time zone designations")?;
        if h.leapcnt > 0 {
            return Err(self.fail(
                "the file has leap-second records (a \"right/\" zone): tzsafe reads zones on POSIX time only",
            ));
        }
        let indicators_at = self.at;
        let indicators = self.take(
            h.isstdcnt.saturating_add(h.isutcnt),
            "the standard/wall and UT/local indicators",
        )?;
        if let Some(k) = indicators.iter().position(|&b| b > 1) {
            self.at = indicators_at.saturating_add(k);
            return Err(self.fail("an indicator that is not 0 or 1"));
        }
        Ok(Blocks {
            times_at,
            times,
            type_indices,
            types_at,
            types,
        })
    }
}

/// The UTC offset of each local time type (6-byte records from `types_at`).
fn local_time_types(types: &[u8], types_at: usize, h: &Header) -> Result<Vec<i32>, Problem> {
    let mut offsets = Vec::with_capacity(h.typecnt);
    for (i, record) in types.chunks_exact(6).enumerate() {
        let at = types_at.saturating_add(i.saturating_mul(6));
        let fail = |message| Problem { at, message };
        let &[a, b, c, d, isdst, designation] = record else {
            return Err(fail(Message::Static("a local time type of 6 bytes")));
        };
        let utoff = i32::from_be_bytes([a, b, c, d]);
        if utoff.unsigned_abs() >= 86_400 {
            return Err(fail(Message::Owned(format!(
                "local time type {i} has a UTC offset of {utoff} s: chrono represents offsets below 24 hours only"
            ))));
        }
        if isdst > 1 {
            return Err(fail(Message::Owned(format!(
                "local time type {i} has a DST flag of {isdst}: expected 0 or 1"
            ))));
        }
        if usize::from(designation) >= h.charcnt {
            return Err(fail(Message::Owned(format!(
                "local time type {i} has designation index {designation}, beyond the {} bytes of designations",
                h.charcnt
            ))));
        }
        offsets.push(utoff);
    }
    Ok(offsets)
}

/// Every transition as (instant, offset from then on): ascending, each with
/// a local time type that exists.
fn transitions(
    blocks: &Blocks<'_>,
    offsets: &[i32],
    h: &Header,
) -> Result<Vec<(i64, i32)>, Problem> {
    let mut transitions: Vec<(i64, i32)> = Vec::with_capacity(h.timecnt);
    for (i, (time, &index)) in blocks
        .times
        .chunks_exact(8)
        .zip(blocks.type_indices)
        .enumerate()
    {
        let at = blocks.times_at.saturating_add(i.saturating_mul(8));
        let fail = |message| Problem { at, message };
        let bytes: [u8; 8] = time
            .try_into()
            .map_err(|_| fail(Message::Static("a transition time of 8 bytes")))?;
        let time = i64::from_be_bytes(bytes);
        if transitions
            .last()
            .is_some_and(|&(previous, _)| time <= previous)
        {
            return Err(fail(Message::Owned(format!(
                "transition {i} at {time} is not after the one before it: transition times must ascend"
            ))));
        }
        let Some(&offset) = offsets.get(usize::from(index)) else {
            return Err(Problem {
                at: blocks
                    .times_at
                    .saturating_add(h.timecnt.saturating_mul(8))
                    .saturating_add(i),
                message: Message::Owned(format!(
                    "transition {i} has local time type {index}, but there are {}",
                    h.typecnt
                )),
            });
        };
        transitions.push((time, offset));
    }
    Ok(transitions)
}

/// The footer: a POSIX TZ string between two newlines, then the end of data.
fn footer(r: &mut Reader<'_>) -> Result<Option<Footer>, Problem> {
    let [newline] = r.array::<1>("the footer")?;
    if newline != b'\n' {
        r.at = r.at.saturating_sub(1);
        return Err(r.fail("expected a newline starting the footer"));
    }
    let start = r.at;
    let rest = r.data.get(start..).unwrap_or_default();
    let Some(len) = rest.iter().position(|&b| b == b'\n') else {
        return Err(r.fail("expected a newline ending the footer's TZ string"));
    };
    let text = r.take(len, "the footer's TZ string")?;
    r.take(1, "the newline ending the footer")?;
    if r.at != r.data.len() {
        return Err(r.fail("expected the end of the data after the footer"));
    }
    if text.is_empty() {
        return Ok(None);
    }
    let quoted = || crate::error::quote(text);
    let footer = posix::parse(text).map_err(|problem| Problem {
        at: start.saturating_add(problem.at),
        message: Message::Owned(format!(
            "the footer's TZ string \"{}\": expected {}",
            quoted(),
            problem.expected
        )),
    })?;
    match footer {
        Footer::Fixed(_) => Ok(Some(footer)),
        Footer::Rule(rule) => rule.validated().map(Some).map_err(|expected| Problem {
            at: start,
            message: Message::Owned(format!(
                "the footer's TZ string \"{}\": expected {expected}",
                quoted()
            )),
        }),
    }
}

#[cfg(test)]
#[allow(clippy::arithmetic_side_effects)] // tests compute expected values directly
pub(crate) mod tests {
    use super::*;

    /// TZif version 2 data: the same block twice (version 1's and 2's, as
    /// zic's "fat" output), then the footer.
    pub(crate) fn build(types: &[(i32, u8)], transitions: &[(i64, u8)], footer: &str) -> Vec<u8> {
        let mut block = Vec::new();
        let mut data = Vec::new();
        for (at, _) in transitions {
            data.extend_from_slice(&at.to_be_bytes());
        }
        data.extend(transitions.iter().map(|&(_, ty)| ty));
        for &(offset, isdst) in types {
            data.extend_from_slice(&offset.to_be_bytes());
            data.extend_from_slice(&[isdst, 0]);
        }
        data.extend_from_slice(b"LMT\0");
        for count in [0, 0, 0, transitions.len(), types.len(), 4] {
            block.extend_from_slice(&u32::try_from(count).unwrap().to_be_bytes());
        }
        let header = |out: &mut Vec<u8>| {
            out.extend_from_slice(b"TZif2");
            out.extend_from_slice(&[0; 15]);
            out.extend_from_slice(&block);
        };
        let mut out = Vec::new();
        // Version 1 block: 4-byte times (skipped by the reader).
        header(&mut out);
        for (at, _) in transitions {
            out.extend_from_slice(&i32::try_from(*at).unwrap_or(0).to_be_bytes());
        }
        out.extend(transitions.iter().map(|&(_, ty)| ty));
        out.extend_from_slice(data.get(transitions.len() * 9..).unwrap());
        header(&mut out);
        out.extend_from_slice(&data);
        out.push(b'\n');
        out.extend_from_slice(footer.as_bytes());
        out.push(b'\n');
        out
    }

    fn problem(data: &[u8]) -> String {
        parse(data).expect_err("refused").to_string()
    }

    #[test]
    fn reads_transitions_and_footer() {
        let data = build(
            &[(-17_762, 0), (-18_000, 0), (-14_400, 1)],
            &[(-2_717_650_800, 1), (9_972_000, 2), (25_693_200, 1)],
            "EST5EDT,M3.2.0,M11.1.0",
        );
        let tzif = parse(&data).unwrap();
        assert_eq!(tzif.initial, -17_762);
        assert_eq!(
            tzif.transitions,
            vec![
                (-2_717_650_800, -18_000),
                (9_972_000, -14_400),
                (25_693_200, -18_000)
            ]
        );
        assert!(matches!(tzif.footer, Some(Footer::Rule(_))));
        let empty_footer = build(&[(3600, 0)], &[], "");
        assert_eq!(parse(&empty_footer).unwrap().footer, None);
    }

    #[test]
    fn refuses_malformed_data_saying_where() {
        let good = build(&[(0, 0), (3600, 1)], &[(100, 1), (200, 0)], "UTC0");
        assert!(parse(&good).is_ok());
        let mut cases: Vec<(Vec<u8>, &str)> = vec![
            (
                b"TZjf2".to_vec(),
                "expected the magic bytes \"TZif\": not a TZif file (at byte 0)",
            ),
            (
                b"TZif".to_vec(),
                "unexpected end of data while reading the version (1 bytes, 0 left) (at byte 4)",
            ),
            (
                b"TZif1".to_vec(),
                "expected a version: NUL, '2', '3' or '4' (at byte 4)",
            ),
        ];
        let mut v1 = good.clone();
        v1[4] = 0;
        cases.push((v1, "TZif version 1 has only 32-bit data and no footer: tzsafe reads version 2 and later (at byte 4)"));
        let mut trailing = good.clone();
        trailing.push(b'x');
        cases.push((trailing, "expected the end of the data after the footer"));
        let mut no_newline = good.clone();
        no_newline.pop();
        cases.push((
            no_newline,
            "expected a newline ending the footer's TZ string",
        ));
        cases.push((
            build(&[(0, 0), (3600, 1)], &[(200, 1), (100, 0)], "UTC0"),
            "transition 1 at 100 is not after the one before it: transition times must ascend",
        ));
        cases.push((
            build(&[(0, 0)], &[(100, 1)], "UTC0"),
            "transition 0 has local time type 1, but there are 1",
        ));
        cases.push((build(&[(86_400, 0)], &[], "UTC0"), "local time type 0 has a UTC offset of 86400 s: chrono represents offsets below 24 hours only"));
        cases.push((
            build(&[(0, 2)], &[], "UTC0"),
            "local time type 0 has a DST flag of 2: expected 0 or 1",
        ));
        cases.push((build(&[(0, 0)], &[], "EST5EDT"), "the footer's TZ string \"EST5EDT\": expected ',' and the rules for when daylight saving time starts and ends"));
        for (data, expected) in cases.iter().skip(3) {
            let got = problem(data);
            assert!(got.contains(expected), "{got:?} should say {expected:?}");
        }
        for (data, expected) in cases.iter().take(3) {
            assert_eq!(problem(data), *expected);
        }
        // A leap-second table: a "right/" zone.
        let mut leap = good.clone();
        let second_header =
            leap.len() - (good.len() - leap.windows(4).rposition(|w| w == b"TZif").unwrap());
        leap[second_header + 20 + 8..second_header + 20 + 12].copy_from_slice(&1u32.to_be_bytes());
        assert!(
            problem(&leap).contains("leap-second records"),
            "{}",
            problem(&leap)
        );
    }

    /// Every prefix of real data is refused with a message, never a panic.
    #[cfg(feature = "tz")]
    #[test]
    fn every_truncation_is_an_error() {
        let (_, bytes) = crate::zone::tzdb::files()
            .find(|(name, _)| *name == "America/New_York")
            .unwrap();
        assert!(parse(bytes).is_ok());
        for len in 0..bytes.len() {
            assert!(parse(&bytes[..len]).is_err(), "{len}");
        }
    }
}
