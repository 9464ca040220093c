//! POSIX TZ rules, as the footer of a TZif file carries them (RFC 8536 §3.3):
//! what a zone does after its last listed transition, for ever.
//!
//! The grammar, one function per rule below (POSIX.1-2017 §8.3 with RFC 8536's
//! extension of a rule's time to ±167 hours):
//!
//! ```text
//! tz     = name offset [name [offset] "," when "," when]
//! name   = 3 or more letters | "<" 3 or more of [A-Za-z0-9+-] ">"
//! offset = ["+" | "-"] hours [":" mm [":" ss]]     hours 0-24, west of UTC positive
//! when   = date ["/" time]                        time defaults to 02:00:00
//! date   = "J" 1-365 (February 29 never counted) | 0-365 | "M" month "." week "." weekday
//! time   = ["+" | "-"] hours [":" mm [":" ss]]     hours 0-167
//! ```
//!
//! A rule with daylight saving time switches twice a year: to DST at `start`
//! (read in local standard time), back at `end` (read in local DST). Its
//! evaluation ([`Rule::window`]) lists the changes of a few consecutive years
//! in order; everything else (offset at an instant, the offsets of a wall time,
//! the next change) is a search in that short list, so the rule answers for any
//! year chrono can represent.

use core::fmt;

/// Seconds in a day.
const DAY: i64 = 86_400;
/// Days from 0000-03-01 to 1970-01-01 in the proleptic Gregorian calendar.
const EPOCH_FROM_MARCH_0: i64 = 719_468;
/// Days in a 400-year cycle of the Gregorian calendar.
const CYCLE_DAYS: i64 = 146_097;

/// What a footer says about the time after the last transition.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub(crate) enum Footer {
    /// One offset (seconds east of UTC) for ever.
    Fixed(i32),
    /// Standard time and daylight saving time, switching twice a year.
    Rule(Rule),
}

impl Footer {
    /// The offset of standard time (the only one of a fixed footer).
    #[cfg(feature = "system-tz")]
    pub(crate) fn standard_offset(&self) -> i32 {
        match self {
            Footer::Fixed(offset) => *offset,
            Footer::Rule(rule) => rule.std,
        }
    }
}

/// A rule with daylight saving time, checked by [`Rule::validated`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub(crate) struct Rule {
    /// Standard time, seconds east of UTC.
    std: i32,
    /// Daylight saving time, seconds east of UTC (below `std` for negative DST).
    dst: i32,
    /// When DST starts, in local standard time.
    start: When,
    /// When DST ends, in local daylight saving time.
    end: When,
    /// Whether every year's two changes come in the same order and lie more
    /// than two days inside their own UTC year (true of every rule in the tz
    /// database): a lookup then needs only that year's two changes. Set by
    /// [`Rule::validated`].
    simple: bool,
}

/// Two days: how far inside its year a change of a `simple` rule is, so that
/// every wall time of the change's interval has the same calendar year.
const SIMPLE_MARGIN: i64 = 2 * DAY;

/// A day of the year and a time on it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
struct When {
    date: Date,
    /// Seconds after local midnight, -167 to 167 hours.
    time: i32,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
enum Date {
    /// `Jn`: day n (1-365) of the year, February 29 never counted.
    NoLeapDay(u16),
    /// `n`: day n (0-365) of the year, February 29 counted.
    Day(u16),
    /// `Mm.w.d`: weekday d (0 = Sunday) of week w (1-4, 5 = the last) of month m.
    Weekday { month: u8, week: u8, weekday: u8 },
}

/// Why a TZ string was refused: what was expected, and at which byte.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Problem {
    pub(crate) at: usize,
    pub(crate) expected: &'static str,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} (at byte {})", self.expected, self.at)
    }
}

/// A grammar rule's value and the rest of the input, or what was expected
/// and the input where it was not found.
type Parsed<'a, T> = Result<(T, &'a [u8]), (&'static str, &'a [u8])>;

/// Reads a whole TZ string.
pub(crate) fn parse(text: &[u8]) -> Result<Footer, Problem> {
    tz(text).map_err(|(expected, rest)| Problem {
        at: text.len().saturating_sub(rest.len()),
        expected,
    })
}

/// `tz = name offset [name [offset] "," when "," when]`.
fn tz(s: &[u8]) -> Result<Footer, (&'static str, &[u8])> {
    let rest = name(s)?;
    let (std, rest) = offset(rest)?;
    if rest.is_empty() {
        return Ok(Footer::Fixed(std));
    }
    let rest = name(rest)?;
    let (dst, rest) = match rest.first() {
        None => {
            return Err((
                "',' and the rules for when daylight saving time starts and ends",
                rest,
            ))
        }
        // Without an offset, DST is an hour ahead of standard time.
        Some(b',') => match std.checked_add(3600) {
            Some(dst) if dst.unsigned_abs() < 86_400 => (dst, rest),
            _ => return Err(("an offset for daylight saving time below 24 hours", rest)),
        },
        _ => offset(rest)?,
    };
    let rest = comma(
        rest,
        "',' and the rules for when daylight saving time starts and ends",
    )?;
    let (start, rest) = when(rest)?;
    let rest = comma(rest, "',' and the rule for when daylight saving time ends")?;
    let (end, rest) = when(rest)?;
    if !rest.is_empty() {
        return Err(("the end of the TZ string", rest));
    }
    Ok(Footer::Rule(Rule {
        std,
        dst,
        start,
        end,
        simple: false,
    }))
}

fn comma<'a>(s: &'a [u8], expected: &'static str) -> Result<&'a [u8], (&'static str, &'a [u8])> {
    s.strip_prefix(b",").ok_or((expected, s))
}

/// `name`: 3 or more letters, or of `[A-Za-z0-9+-]` between angle brackets.
fn name(s: &[u8]) -> Result<&[u8], (&'static str, &[u8])> {
    const SHORT: &str = "a zone abbreviation of at least 3 letters";
    if let Some(inner) = s.strip_prefix(b"<") {
        let len = inner
            .iter()
            .take_while(|b| b.is_ascii_alphanumeric() || matches!(b, b'+' | b'-'))
            .count();
        let (abbreviation, rest) = inner.split_at_checked(len).ok_or((SHORT, s))?;
        let rest = rest
            .strip_prefix(b">")
            .ok_or(("'>' closing the zone abbreviation", rest))?;
        return if abbreviation.len() >= 3 {
            Ok(rest)
        } else {
            Err((SHORT, s))
        };
    }
    let len = s.iter().take_while(|b| b.is_ascii_alphabetic()).count();
    match s.split_at_checked(len) {
        Some((_, rest)) if len >= 3 => Ok(rest),
        _ => Err((SHORT, s)),
    }
}

/// `offset`, returned as seconds east of UTC (POSIX counts west as positive).
fn offset(s: &[u8]) -> Parsed<'_, i32> {
    let (west, rest) = signed_hms(s, 24, "an offset like 5, -5:30 or +03:00:00")?;
    match west.checked_neg() {
        Some(east) if east.unsigned_abs() < 86_400 => Ok((east, rest)),
        _ => Err(("an offset below 24 hours", s)),
    }
}

/// `when = date ["/" time]`.
fn when(s: &[u8]) -> Parsed<'_, When> {
    let (date, rest) = date(s)?;
    let (time, rest) = match rest.strip_prefix(b"/") {
        Some(rest) => signed_hms(rest, 167, "a time like 2, 24:00 or -1:30")?,
        None => (7_200, rest),
    };
    Ok((When { date, time }, rest))
}

/// `date = "J" n | n | "M" m "." w "." d`.
fn date(s: &[u8]) -> Parsed<'_, Date> {
    if let Some(rest) = s.strip_prefix(b"J") {
        let (n, rest) = bounded(rest, 3, 1..=365, "a day 1-365 after 'J'")?;
        return Ok((Date::NoLeapDay(n), rest));
    }
    if let Some(rest) = s.strip_prefix(b"M") {
        let (month, rest) = bounded(rest, 2, 1..=12, "a month 1-12 after 'M'")?;
        let rest = rest
            .strip_prefix(b".")
            .ok_or(("'.' after the month", rest))?;
        let (week, rest) = bounded(rest, 1, 1..=5, "a week 1-5")?;
        let rest = rest
            .strip_prefix(b".")
            .ok_or(("'.' after the week", rest))?;
        let (weekday, rest) = bounded(rest, 1, 0..=6, "a weekday 0-6")?;
        let narrow = |v: u16| u8::try_from(v).map_err(|_| ("a smaller number", s));
        let date = Date::Weekday {
            month: narrow(month)?,
            week: narrow(week)?,
            weekday: narrow(weekday)?,
        };
        return Ok((date, rest));
    }
    let (n, rest) = bounded(s, 3, 0..=365, "a date: Jn, n or Mm.w.d")?;
    Ok((Date::Day(n), rest))
}

/// A number of 1 to `digits` digits in `range`.
fn bounded<'a>(
    s: &'a [u8],
    digits: usize,
    range: core::ops::RangeInclusive<u16>,
    expected: &'static str,
) -> Parsed<'a, u16> {
    match number(s, digits) {
        Some((n, rest)) => match u16::try_from(n) {
            Ok(n) if range.contains(&n) => Ok((n, rest)),
            _ => Err((expected, s)),
        },
        None => Err((expected, s)),
    }
}

/// `["+" | "-"] hours [":" mm [":" ss]]` with hours at most `max_hours`, as
/// signed seconds.
fn signed_hms<'a>(s: &'a [u8], max_hours: i64, expected: &'static str) -> Parsed<'a, i32> {
    let (negative, unsigned) = match s.split_first() {
        Some((b'-', rest)) => (true, rest),
        Some((b'+', rest)) => (false, rest),
        _ => (false, s),
    };
    let (hours, mut rest) = match number(unsigned, 3) {
        Some((hours, rest)) if hours <= max_hours => (hours, rest),
        _ => return Err((expected, s)),
    };
    let mut seconds = hours.saturating_mul(3600);
    for unit in [60, 1] {
        let Some(after_colon) = rest.strip_prefix(b":") else {
            break;
        };
        let (value, after) = match after_colon.split_at_checked(2) {
            Some((two, after)) if two.iter().all(u8::is_ascii_digit) => match number(two, 2) {
                Some((value, _)) if value < 60 => (value, after),
                _ => return Err(("two digits 00-59 after ':'", after_colon)),
            },
            _ => return Err(("two digits 00-59 after ':'", after_colon)),
        };
        // At most 999 hours, 59 minutes and 59 seconds: far from overflowing.
        seconds = seconds.saturating_add(value.saturating_mul(unit));
        rest = after;
    }
    let seconds = if negative {
        seconds.saturating_neg()
    } else {
        seconds
    };
    let seconds = i32::try_from(seconds).map_err(|_| (expected, s))?;
    Ok((seconds, rest))
}

/// 1 to `max_digits` decimal digits.
fn number(s: &[u8], max_digits: usize) -> Option<(i64, &[u8])> {
    let len = s
        .iter()
        .take(max_digits)
        .take_while(|b| b.is_ascii_digit())
        .count();
    let (digits, rest) = s.split_at_checked(len)?;
    if digits.is_empty() {
        return None;
    }
    let value = digits.iter().try_fold(0i64, |n, d| {
        n.checked_mul(10)?
            .checked_add(i64::from(d.checked_sub(b'0')?))
    })?;
    Some((value, rest))
}

/// One change of offset a rule makes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Change {
    /// The instant, Unix seconds.
    pub(crate) at: i64,
    pub(crate) before: i32,
    pub(crate) after: i32,
}

/// The years of a [`Window`].
const WINDOW_YEARS: usize = 4;

/// The changes of consecutive years' (instant, offset after) pairs, `raw`,
/// one more year than wanted: sorted by instant (a stable sort keeps the
/// order of the years and of each year's clock for changes at the same
/// instant, which act as the last of them), the first kept only as the
/// offset before the others (returned), and those from the instant of the
/// extra year's first on left out: a change there may be cancelled by one of
/// the year after (DST all year). Each change goes to `push`.
fn merge(raw: &mut [(i64, i32)], mut push: impl FnMut(Change) -> Option<()>) -> Option<i32> {
    let extra = raw.len().checked_sub(2)?;
    let cutoff = raw.get(extra..)?.iter().map(|&(at, _)| at).min()?;
    raw.sort_by_key(|&(at, _)| at);
    let mut groups = raw.chunk_by(|a, b| a.0 == b.0).filter_map(|g| g.last());
    let &(_, initial) = groups.next()?;
    let mut current = initial;
    for &(at, after) in groups.take_while(|&&(at, _)| at < cutoff) {
        if after != current {
            push(Change {
                at,
                before: current,
                after,
            })?;
            current = after;
        }
    }
    Some(initial)
}

/// The changes a rule makes in four consecutive years, in order.
pub(crate) struct Window {
    /// The offset before the first change.
    pub(crate) initial: i32,
    changes: [Change; 2 * WINDOW_YEARS],
    len: usize,
}

impl Window {
    pub(crate) fn changes(&self) -> &[Change] {
        self.changes.get(..self.len).unwrap_or_default()
    }

    /// The offset at Unix second `t`, if `t` is after the window's first
    /// change (which the window keeps only as its `initial` offset).
    fn offset_at(&self, t: i64) -> i32 {
        self.changes()
            .iter()
            .rev()
            .find(|c| c.at <= t)
            .map_or(self.initial, |c| c.after)
    }
}

/// The first years of a window of [`VALIDATION_YEARS`] that holds every way
/// the Gregorian calendar places three consecutive years (the weekday of
/// January 1 and which of them are leap years): the 28-year cycle of 2001-2099
/// has them all, centuries add none (a unit test checks a whole 400-year cycle).
const VALIDATION_FROM: i32 = 2000;
const VALIDATION_YEARS: i32 = 36;

impl Rule {
    /// The rule as it behaves: `Fixed` when its changes cancel out (DST all
    /// year, RFC 8536 §3.3.1, or DST equal to standard time), an error when two
    /// changes come closer than the offsets differ, which would make some wall
    /// times belong to two changes at once.
    ///
    /// A change's instant depends only on how its year lies in the calendar
    /// (the weekday of January 1 and whether it is a leap year), and two
    /// consecutive changes are never more than three years apart (a change is
    /// at most 8 days outside its year), so the years from [`VALIDATION_FROM`]
    /// show every distance between changes the rule ever makes.
    pub(crate) fn validated(self) -> Result<Footer, &'static str> {
        if self.std == self.dst {
            return Ok(Footer::Fixed(self.std));
        }
        let length = self.std.abs_diff(self.dst);
        let last = VALIDATION_FROM.saturating_add(VALIDATION_YEARS);
        let (initial, changes) = self
            .changes(VALIDATION_FROM, last)
            .ok_or("a rule whose dates can be computed")?;
        if changes.is_empty() {
            return Ok(Footer::Fixed(initial));
        }
        let too_close = changes
            .windows(2)
            .any(|pair| matches!(pair, [a, b] if b.at.saturating_sub(a.at) < i64::from(length)));
        if too_close {
            return Err("daylight saving time rules whose changes are further apart than the offsets differ");
        }
        // The same years show whether the rule is `simple` in every year.
        let mut order = None;
        let simple = (VALIDATION_FROM..last).all(|year| {
            let (Some(raw), Some(start), Some(end)) = (
                self.year(year),
                days_before_year(year).and_then(|d| d.checked_mul(DAY)),
                year.checked_add(1)
                    .and_then(days_before_year)
                    .and_then(|d| d.checked_mul(DAY)),
            ) else {
                return false;
            };
            let inside = raw.iter().all(|&(at, _)| {
                at >= start.saturating_add(SIMPLE_MARGIN) && at < end.saturating_sub(SIMPLE_MARGIN)
            });
            let [(first, first_after), (second, _)] = raw;
            let this_order = (first < second, first_after);
            inside && first != second && *order.get_or_insert(this_order) == this_order
        });
        Ok(Footer::Rule(Rule { simple, ..self }))
    }

    /// The year's two changes sorted by instant, for a `simple` rule.
    fn simple_year(&self, t: i64) -> Option<[Change; 2]> {
        let [a, b] = self.year(year_of(t)?)?;
        let [(first, first_after), (second, second_after)] =
            if a.0 <= b.0 { [a, b] } else { [b, a] };
        // The offset before the year's first change is the one after the
        // previous year's last, which is this year's last one's.
        Some([
            Change {
                at: first,
                before: second_after,
                after: first_after,
            },
            Change {
                at: second,
                before: first_after,
                after: second_after,
            },
        ])
    }

    /// The year's two changes as (instant, offset after), in the order the
    /// year's clock reaches them (start is read in standard time, end in
    /// daylight saving time). `None` beyond the range of `i64` seconds, which
    /// no year chrono represents comes near.
    fn year(&self, year: i32) -> Option<[(i64, i32); 2]> {
        let (year_start, leap) = (days_before_year(year)?, is_leap(year));
        let start_day = self.start.date.day_in(year_start, leap)?;
        let end_day = self.end.date.day_in(year_start, leap)?;
        let start_local = start_day
            .checked_mul(DAY)?
            .checked_add(i64::from(self.start.time))?;
        let end_local = end_day
            .checked_mul(DAY)?
            .checked_add(i64::from(self.end.time))?;
        let start = (start_local.checked_sub(i64::from(self.std))?, self.dst);
        let end = (end_local.checked_sub(i64::from(self.dst))?, self.std);
        Some(if start_local <= end_local {
            [start, end]
        } else {
            [end, start]
        })
    }

    /// The changes of the years `first..last` in order, and the offset
    /// before them: see [`Rule::window`], which this is for any number of
    /// years (allocating).
    pub(crate) fn changes(&self, first: i32, last: i32) -> Option<(i32, Vec<Change>)> {
        let years = usize::try_from(last.checked_sub(first)?).ok()?;
        let mut raw = Vec::with_capacity(years.checked_add(1)?.checked_mul(2)?);
        for year in first..=last {
            raw.extend_from_slice(&self.year(year)?);
        }
        let mut changes = Vec::with_capacity(raw.len());
        let initial = merge(&mut raw, |change| {
            changes.push(change);
            Some(())
        })?;
        Some((initial, changes))
    }

    /// The changes of the years `first..first + 4`, in order: each year's
    /// start and end, sorted by instant (changes at the same instant count as
    /// the last of them, so DST all year has none), the first one kept only
    /// as the offset before the others.
    pub(crate) fn window(&self, first: i32) -> Option<Window> {
        let mut raw = [(0i64, 0i32); 2 * (WINDOW_YEARS + 1)];
        for (k, slot) in raw.chunks_exact_mut(2).enumerate() {
            let year = first.checked_add(i32::try_from(k).ok()?)?;
            slot.copy_from_slice(&self.year(year)?);
        }
        let mut window = Window {
            initial: 0,
            changes: [Change {
                at: 0,
                before: 0,
                after: 0,
            }; 2 * WINDOW_YEARS],
            len: 0,
        };
        let (changes, len) = (&mut window.changes, &mut window.len);
        window.initial = merge(&mut raw, |change| {
            *changes.get_mut(*len)? = change;
            *len = len.checked_add(1)?;
            Some(())
        })?;
        Some(window)
    }

    /// The offset at Unix second `t`.
    pub(crate) fn offset_at(&self, t: i64) -> Option<i32> {
        if self.simple {
            let [first, second] = self.simple_year(t)?;
            return Some(if t < first.at {
                first.before
            } else if t < second.at {
                first.after
            } else {
                second.after
            });
        }
        let year = year_of(t)?;
        Some(self.window(year.checked_sub(2)?)?.offset_at(t))
    }

    /// Changes that surround the wall time `wall` (Unix seconds of the naive
    /// value): those of its year for a `simple` rule, whose intervals of
    /// skipped or repeated wall times lie inside the year; else a window
    /// reaching more than a year to each side.
    pub(crate) fn window_around(&self, wall: i64) -> Option<Window> {
        if self.simple {
            let [first, second] = self.simple_year(wall)?;
            let mut window = Window {
                initial: first.before,
                changes: [first; 2 * WINDOW_YEARS],
                len: 2,
            };
            *window.changes.get_mut(1)? = second;
            return Some(window);
        }
        self.window(year_of(wall)?.checked_sub(2)?)
    }

    /// The first change strictly after `t` and at or after `floor`.
    pub(crate) fn next_after(&self, t: i64, floor: i64) -> Option<Change> {
        let mut year = year_of(t.max(floor))?.checked_sub(2)?;
        // The pattern of changes repeats every 400 years: none in 420 means none.
        for _ in 0..210 {
            let window = self.window(year)?;
            if let Some(c) = window.changes().iter().find(|c| c.at > t && c.at >= floor) {
                return Some(*c);
            }
            year = year.checked_add(2)?;
        }
        None
    }

    /// The last change strictly before `t`, if it is at or after `floor`.
    pub(crate) fn previous_before(&self, t: i64, floor: i64) -> Option<Change> {
        let mut year = year_of(t)?.checked_sub(2)?;
        for _ in 0..210 {
            let window = self.window(year)?;
            if let Some(c) = window.changes().iter().rev().find(|c| c.at < t) {
                return (c.at >= floor).then_some(*c);
            }
            year = year.checked_sub(2)?;
        }
        None
    }
}

#[cfg(test)]
#[allow(clippy::arithmetic_side_effects)] // the tests' model, on bounded values
impl Rule {
    pub(crate) fn std_offset(&self) -> i32 {
        self.std
    }

    /// The rule evaluated without the `simple` shortcut.
    pub(crate) fn general(self) -> Rule {
        Rule {
            simple: false,
            ..self
        }
    }

    pub(crate) fn is_simple(&self) -> bool {
        self.simple
    }

    pub(crate) fn dst_offset(&self) -> i32 {
        self.dst
    }

    /// The year's start and end of DST as (instant, offset from then on),
    /// computed directly: the model the tests check windows against.
    pub(crate) fn year_changes(&self, year: i32) -> [(i64, i32); 2] {
        let at = |when: When, offset: i32| {
            when.date.day(year).unwrap() * DAY + i64::from(when.time) - i64::from(offset)
        };
        [
            (at(self.start, self.std), self.dst),
            (at(self.end, self.dst), self.std),
        ]
    }
}

impl Date {
    /// Days from 1970-01-01 to this date of `year`.
    #[cfg(test)]
    fn day(self, year: i32) -> Option<i64> {
        self.day_in(days_before_year(year)?, is_leap(year))
    }

    /// Days from 1970-01-01 to this date of the year that starts
    /// `year_start` days after 1970-01-01 and is a leap year or not.
    fn day_in(self, year_start: i64, leap: bool) -> Option<i64> {
        let day_of_year = match self {
            Date::NoLeapDay(n) => {
                let n = i64::from(n);
                // Day 60 is March 1: one more in a leap year.
                if leap && n >= 60 {
                    n
                } else {
                    n.checked_sub(1)?
                }
            }
            Date::Day(n) => i64::from(n),
            Date::Weekday {
                month,
                week,
                weekday,
            } => {
                let first = days_before_month(month, leap)?;
                let first_weekday = weekday_of(year_start.checked_add(first)?);
                // The first such weekday of the month, then `week - 1` weeks on;
                // week 5 is the last, one week back if that overshoots.
                let first_match = i64::from(weekday).checked_sub(first_weekday)?.rem_euclid(7);
                let weeks = i64::from(week).checked_sub(1)?.checked_mul(7)?;
                let mut day = first_match.checked_add(weeks)?;
                if day >= days_in_month(month, leap)? {
                    day = day.checked_sub(7)?;
                }
                first.checked_add(day)?
            }
        };
        year_start.checked_add(day_of_year)
    }
}

fn is_leap(year: i32) -> bool {
    year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
}

/// Days from January 1 to the first of `month` (1-12).
fn days_before_month(month: u8, leap: bool) -> Option<i64> {
    const BEFORE: [i64; 12] = [0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334];
    let days = *BEFORE.get(usize::from(month).checked_sub(1)?)?;
    if leap && month > 2 {
        days.checked_add(1)
    } else {
        Some(days)
    }
}

fn days_in_month(month: u8, leap: bool) -> Option<i64> {
    const DAYS: [i64; 12] = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
    let days = *DAYS.get(usize::from(month).checked_sub(1)?)?;
    Some(if leap && month == 2 { 29 } else { days })
}

/// The weekday (0 = Sunday) of the day `days` after 1970-01-01, a Thursday.
fn weekday_of(days: i64) -> i64 {
    days.wrapping_add(4).rem_euclid(7)
}

/// Days from 1970-01-01 to January 1 of `year`.
pub(crate) fn days_before_year(year: i32) -> Option<i64> {
    let y = i64::from(year).checked_sub(1)?;
    // Days from 0001-01-01 to January 1 of `year`, less those to 1970-01-01.
    y.checked_mul(365)?
        .checked_add(y.div_euclid(4))?
        .checked_sub(y.div_euclid(100))?
        .checked_add(y.div_euclid(400))?
        .checked_sub(719_162)
}

/// The calendar year of Unix second `t` (proleptic Gregorian, as chrono).
pub(crate) fn year_of(t: i64) -> Option<i32> {
    // Howard Hinnant's `civil_from_days`, counting from 0000-03-01.
    let z = t.div_euclid(DAY).checked_add(EPOCH_FROM_MARCH_0)?;
    let era = z.div_euclid(CYCLE_DAYS);
    let day_of_era = z.rem_euclid(CYCLE_DAYS);
    // Every fourth year is a leap year, but not every hundredth, except
    // every four-hundredth: counting days in those units gives the year.
    let year_of_era = day_of_era
        .checked_sub(day_of_era / 1460)?
        .checked_add(day_of_era / 36_524)?
        .checked_sub(day_of_era / 146_096)?
        / 365;
    let day_of_year = day_of_era.checked_sub(
        year_of_era
            .checked_mul(365)?
            .checked_add(year_of_era / 4)?
            .checked_sub(year_of_era / 100)?,
    )?;
    // Years start on March 1 here: day 306 on is January or February, which
    // belong to the next calendar year.
    let year = era.checked_mul(400)?.checked_add(year_of_era)?;
    let year = if day_of_year >= 306 {
        year.checked_add(1)?
    } else {
        year
    };
    i32::try_from(year).ok()
}

#[cfg(test)]
#[allow(clippy::arithmetic_side_effects)] // tests compute expected values directly
mod tests {
    use super::*;
    use chrono::{Datelike, NaiveDate};

    fn rule(text: &str) -> Rule {
        match parse(text.as_bytes()) {
            Ok(Footer::Rule(rule)) => rule,
            other => panic!("{text}: {other:?}"),
        }
    }

    #[test]
    fn calendar_matches_chrono() {
        let epoch = NaiveDate::from_ymd_opt(1970, 1, 1).unwrap();
        let mut days = -95_000_000i64;
        while days < 95_000_000 {
            let date = epoch + chrono::Days::new(0) + chrono::TimeDelta::days(days);
            for secs in [0, 1, 43_200, 86_399] {
                assert_eq!(year_of(days * DAY + secs), Some(date.year()), "{date}");
            }
            days += 997;
        }
        for year in (-262_143..=262_142)
            .step_by(37)
            .chain([-1, 0, 1, 1969, 1970, 2000, 2100])
        {
            let jan1 = NaiveDate::from_ymd_opt(year, 1, 1).unwrap();
            assert_eq!(
                days_before_year(year),
                Some((jan1 - epoch).num_days()),
                "{year}"
            );
            assert_eq!(
                is_leap(year),
                NaiveDate::from_ymd_opt(year, 2, 29).is_some(),
                "{year}"
            );
        }
    }

    #[test]
    fn dates_of_the_three_forms() {
        let epoch = NaiveDate::from_ymd_opt(1970, 1, 1).unwrap();
        let day = |text: &str, year: i32| {
            let (date, rest) = date(text.as_bytes()).unwrap();
            assert!(rest.is_empty());
            epoch + chrono::TimeDelta::days(date.day(year).unwrap())
        };
        let ymd = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap();
        assert_eq!(day("M3.2.0", 2026), ymd(2026, 3, 8));
        assert_eq!(day("M11.1.0", 2026), ymd(2026, 11, 1));
        assert_eq!(day("M10.5.0", 2026), ymd(2026, 10, 25));
        assert_eq!(day("M3.5.0", 2026), ymd(2026, 3, 29));
        assert_eq!(day("M2.5.4", 2024), ymd(2024, 2, 29)); // the last Thursday
        assert_eq!(day("M2.5.4", 2026), ymd(2026, 2, 26));
        assert_eq!(day("M3.4.4", 2026), ymd(2026, 3, 26));
        assert_eq!(day("M1.1.0", 2023), ymd(2023, 1, 1));
        assert_eq!(day("J60", 2024), ymd(2024, 3, 1)); // February 29 not counted
        assert_eq!(day("J59", 2024), ymd(2024, 2, 28));
        assert_eq!(day("J365", 2024), ymd(2024, 12, 31));
        assert_eq!(day("J1", 2024), ymd(2024, 1, 1));
        assert_eq!(day("59", 2024), ymd(2024, 2, 29)); // counted
        assert_eq!(day("0", 2024), ymd(2024, 1, 1));
        assert_eq!(day("365", 2024), ymd(2024, 12, 31));
        assert_eq!(day("365", 2025), ymd(2026, 1, 1));
    }

    #[test]
    fn parses_every_form() {
        let h = 3600;
        assert_eq!(parse(b"EST5"), Ok(Footer::Fixed(-5 * h)));
        assert_eq!(parse(b"<+0545>-5:45"), Ok(Footer::Fixed(5 * h + 45 * 60)));
        assert_eq!(parse(b"<-03>3"), Ok(Footer::Fixed(-3 * h)));
        assert_eq!(parse(b"UTC0"), Ok(Footer::Fixed(0)));
        assert_eq!(parse(b"LMT+0:53:28"), Ok(Footer::Fixed(-(53 * 60 + 28))));
        let ny = rule("EST5EDT,M3.2.0,M11.1.0");
        assert_eq!((ny.std, ny.dst), (-5 * h, -4 * h));
        assert_eq!(ny.start.time, 2 * h);
        assert_eq!(
            ny.end,
            When {
                date: Date::Weekday {
                    month: 11,
                    week: 1,
                    weekday: 0
                },
                time: 2 * h
            }
        );
        // Negative DST, times past 24:00 and before 00:00, explicit offsets.
        let dublin = rule("IST-1GMT0,M10.5.0,M3.5.0/1");
        assert_eq!((dublin.std, dublin.dst), (h, 0));
        assert_eq!(rule("EET-2EEST,M3.4.4/50,M10.4.4/50").start.time, 50 * h);
        assert_eq!(rule("<-02>2<-01>,M3.5.0/-1,M10.5.0/0").start.time, -h);
        assert_eq!(rule("<-02>2<-01>,M3.5.0/-1,M10.5.0/0").dst, -h);
        let lord_howe = rule("<+1030>-10:30<+11>-11,M10.1.0,M4.1.0");
        assert_eq!(lord_howe.dst - lord_howe.std, 1800);
        let chatham = rule("<+1245>-12:45<+1345>,M9.5.0/2:45,M4.1.0/3:45");
        assert_eq!(chatham.start.time, 2 * h + 45 * 60);
        assert_eq!(
            rule("AAA3BBB,J60/-167,300/167:59:59").end.time,
            167 * h + 3599
        );
    }

    #[test]
    fn refuses_with_position() {
        let cases: [(&str, usize, &str); 16] = [
            ("", 0, "a zone abbreviation of at least 3 letters"),
            ("ES5", 0, "a zone abbreviation of at least 3 letters"),
            ("EST", 3, "an offset like 5, -5:30 or +03:00:00"),
            ("EST25", 3, "an offset like 5, -5:30 or +03:00:00"),
            ("EST24:00:01", 3, "an offset below 24 hours"),
            ("EST5:6", 5, "two digits 00-59 after ':'"),
            ("EST5:60", 5, "two digits 00-59 after ':'"),
            ("<+05-5", 6, "'>' closing the zone abbreviation"),
            (
                "EST5EDT",
                7,
                "',' and the rules for when daylight saving time starts and ends",
            ),
            (
                "EST5EDT,M3.2.0",
                14,
                "',' and the rule for when daylight saving time ends",
            ),
            ("EST5EDT,M13.2.0,M11.1.0", 9, "a month 1-12 after 'M'"),
            ("EST5EDT,M3.6.0,M11.1.0", 11, "a week 1-5"),
            ("EST5EDT,M3.2.7,M11.1.0", 13, "a weekday 0-6"),
            ("EST5EDT,J0,M11.1.0", 9, "a day 1-365 after 'J'"),
            (
                "EST5EDT,M3.2.0/168,M11.1.0",
                15,
                "a time like 2, 24:00 or -1:30",
            ),
            ("EST5EDT,M3.2.0,M11.1.0x", 22, "the end of the TZ string"),
        ];
        for (text, at, expected) in cases {
            assert_eq!(
                parse(text.as_bytes()),
                Err(Problem { at, expected }),
                "{text}"
            );
        }
    }

    /// The validation window holds every calendar pattern of three
    /// consecutive years a whole 400-year cycle has.
    #[test]
    fn validation_years_cover_the_calendar() {
        let pattern = |y: i32| {
            let jan1 = NaiveDate::from_ymd_opt(y, 1, 1).unwrap().weekday();
            (jan1, is_leap(y), is_leap(y + 1), is_leap(y + 2))
        };
        let window: std::collections::BTreeSet<_> = (VALIDATION_FROM
            ..VALIDATION_FROM + VALIDATION_YEARS - 2)
            .map(|y| format!("{:?}", pattern(y)))
            .collect();
        let cycle: std::collections::BTreeSet<_> =
            (1600..2400).map(|y| format!("{:?}", pattern(y))).collect();
        assert_eq!(window, cycle);
    }

    #[test]
    fn rules_whose_changes_cancel_are_fixed() {
        // DST all year (RFC 8536 §3.3.1), and DST equal to standard time.
        assert_eq!(
            rule("EST5EDT4,0/0,J365/25").validated(),
            Ok(Footer::Fixed(-4 * 3600))
        );
        assert_eq!(
            rule("AAA3BBB3,M3.2.0,M11.1.0").validated(),
            Ok(Footer::Fixed(-3 * 3600))
        );
        // Changes closer than the offsets differ: refused.
        assert_eq!(
            rule("AAA3BBB,M3.2.0/2,M3.2.0/2:30").validated(),
            Err("daylight saving time rules whose changes are further apart than the offsets differ")
        );
        assert!(rule("EST5EDT,M3.2.0,M11.1.0").validated().is_ok());
    }

    #[test]
    fn simple_rules_take_the_short_path() {
        let validated = |text: &str| match rule(text).validated() {
            Ok(Footer::Rule(rule)) => rule,
            other => panic!("{text}: {other:?}"),
        };
        assert!(validated("EST5EDT,M3.2.0,M11.1.0").is_simple());
        assert!(validated("AEST-10AEDT,M10.1.0,M4.1.0/3").is_simple());
        // A change on January 1: too close to the year's start.
        let early = validated("AAA3BBB,J1/0,J100/0");
        assert!(!early.is_simple());
        let at = |t: i64| (early.offset_at(t), early.general().offset_at(t));
        for t in (-3_000_000_000i64..3_000_000_000).step_by(86_399 * 7) {
            let (short, long) = at(t);
            assert_eq!(short, long, "{t}");
        }
    }

    #[test]
    fn new_york_changes() {
        let ny = rule("EST5EDT,M3.2.0,M11.1.0");
        let window = ny.window(2025).unwrap();
        let got: Vec<(i64, i32, i32)> = window
            .changes()
            .iter()
            .map(|c| (c.at, c.before, c.after))
            .collect();
        // 2025-03-09T07:00Z ... 2028-11-05T06:00Z; 2025's first change is the
        // window's starting point.
        assert_eq!(window.initial, -4 * 3600);
        assert_eq!(got.first(), Some(&(1_762_063_200, -4 * 3600, -5 * 3600)));
        assert_eq!(got.len(), 7);
        assert_eq!(ny.offset_at(1_772_953_199), Some(-5 * 3600));
        assert_eq!(ny.offset_at(1_772_953_200), Some(-4 * 3600));
        let next = ny.next_after(1_772_953_199, i64::MIN).unwrap();
        assert_eq!((next.at, next.after), (1_772_953_200, -4 * 3600));
        let previous = ny.previous_before(1_772_953_201, i64::MIN).unwrap();
        assert_eq!(previous.at, 1_772_953_200);
        assert_eq!(ny.previous_before(1_772_953_201, 1_772_953_201), None);
    }

    /// The footers of the bundled data against CPython's way of evaluating a
    /// rule (`zoneinfo._TZStr`): the UTC year's start and end, DST between
    /// them (or outside them, in the southern hemisphere).
    #[cfg(feature = "tz")]
    #[test]
    fn bundled_rules_agree_with_the_per_year_model() {
        let mut seen = 0;
        let mut state = 0x5EEDu64;
        for (name, bytes) in crate::zone::tzdb::files() {
            let tzif = crate::zone::tzif::parse(bytes).unwrap();
            let Some(Footer::Rule(rule)) = tzif.footer else {
                continue;
            };
            seen += 1;
            assert!(rule.is_simple(), "{name}");
            for _ in 0..2_000 {
                state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
                let mut z = state;
                z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
                z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
                // 1900-01-01 to 9999-12-31
                let t = -2_208_988_800 + (z % 317_746_000_000) as i64;
                let year = year_of(t).unwrap();
                let start = rule.start.date.day(year).unwrap() * DAY + i64::from(rule.start.time)
                    - i64::from(rule.std);
                let end = rule.end.date.day(year).unwrap() * DAY + i64::from(rule.end.time)
                    - i64::from(rule.dst);
                let dst = if start < end {
                    start <= t && t < end
                } else {
                    !(end <= t && t < start)
                };
                let expected = if dst { rule.dst } else { rule.std };
                assert_eq!(rule.offset_at(t), Some(expected), "{name} at {t}");
                assert_eq!(rule.general().offset_at(t), Some(expected), "{name} at {t}");
            }
        }
        assert!(seen > 150, "{seen}");
    }
}
