//! The book shared by every process through Redis: one script per
//! operation (`redis/*.lua`), each run atomically.
//!
//! An offer is a hash `<prefix>:o:<id>` holding its JSON (tzsafe's form), a
//! version, whether it is open, and what the indexes need; beside it, each
//! room's offers by sequence number, the open offers by expiry (all, per
//! seller, per room) and the finished ones by when they finished. Ids come
//! from one `INCR`, so no two processes give the same one.
//!
//! An answer is decided in Rust, by tzsafe's `respond_at` on the offer as
//! read (at the book's now, read in the same script), and stored only if
//! the offer's version did not change in between (`answer.lua`); the sweep
//! stores an expiry the same way. So of an accept, a withdrawal and the
//! expiry racing on any processes exactly one is stored; a loser reads the
//! offer again and gets tzsafe's refusal (already accepted, expired, ...).
//!
//! Now is the Redis server's `TIME`, read inside each script, so processes
//! whose clocks drift apart agree on which offers have expired; with a
//! manual clock (tests) the process's clock is passed in instead.

use std::time::Duration;

use chrono::{DateTime, Utc};
use redis::aio::ConnectionManager;
use redis::{FromRedisValue, Script, Value};
use tzsafe::models::discount::{DiscountOffer, OfferAction, OfferError};
use tzsafe::models::{RoomId, UserId};
use tzsafe::TimezoneAware;

use super::{full, is_open, room_limit, taken, unknown, user_limit, BookRules, Check, OfferView};
use crate::errors::ClientError;
use crate::text::quoted;

/// How long one call to Redis may take.
const TIMEOUT: Duration = Duration::from_secs(2);

/// The most offers one sweep moves, and removes.
const SWEEP_BATCH: usize = 1_000;

/// How often an answer is tried again when the offer changed under it.
const ATTEMPTS: usize = 16;

struct Scripts {
    add: Script,
    get: Script,
    answer: Script,
    sweep: Script,
    page: Script,
}

/// The book in Redis.
pub struct RedisBook {
    conn: ConnectionManager,
    prefix: String,
    rules: BookRules,
    /// `Some` (a manual clock): now is read here rather than from Redis.
    clock: Option<TimezoneAware>,
    scripts: Scripts,
}

impl RedisBook {
    /// A book under the keys `<prefix>:offers:{book}:*` of the Redis behind
    /// `conn`; now from the Redis server's `TIME`, or from `clock` if given.
    pub fn new(
        conn: ConnectionManager,
        prefix: &str,
        rules: BookRules,
        clock: Option<TimezoneAware>,
    ) -> RedisBook {
        RedisBook {
            conn,
            prefix: format!("{prefix}:offers:{{book}}"),
            rules,
            clock,
            scripts: Scripts {
                add: Script::new(include_str!("redis/add.lua")),
                get: Script::new(include_str!("redis/get.lua")),
                answer: Script::new(include_str!("redis/answer.lua")),
                sweep: Script::new(include_str!("redis/sweep.lua")),
                page: Script::new(include_str!("redis/page.lua")),
            },
        }
    }

    /// A connection to the Redis at `url` that reconnects by itself, for
    /// the book and the message log.
    ///
    /// # Errors
    ///
    /// A message when Redis cannot be reached.
    pub async fn connection(url: &str) -> Result<ConnectionManager, String> {
        let client = redis::Client::open(url)
            .map_err(|e| format!("invalid Redis URL {}: {e}", quoted(url)))?;
        tokio::time::timeout(TIMEOUT, ConnectionManager::new(client))
            .await
            .map_err(|_| format!("cannot reach Redis at {}: timed out", quoted(url)))?
            .map_err(|e| format!("cannot reach Redis at {}: {e}", quoted(url)))
    }

    pub(super) fn rules(&self) -> BookRules {
        self.rules
    }

    /// The `now` argument of a script: the manual clock's, or "" for TIME.
    fn now_arg(&self) -> String {
        self.clock
            .as_ref()
            .map_or_else(String::new, |ctx| ctx.now().timestamp_millis().to_string())
    }

    async fn run<T: FromRedisValue>(
        &self,
        script: &Script,
        args: &[String],
    ) -> Result<T, ClientError> {
        let mut invocation = script.prepare_invoke();
        for arg in args {
            invocation.arg(arg);
        }
        let mut conn = self.conn.clone();
        tokio::time::timeout(TIMEOUT, invocation.invoke_async(&mut conn))
            .await
            .map_err(|_| unavailable(format!("no answer in {TIMEOUT:?}")))?
            .map_err(|e| unavailable(e.to_string()))
    }

    pub(super) async fn now(&self) -> Result<DateTime<Utc>, ClientError> {
        if let Some(ctx) = &self.clock {
            return Ok(ctx.now());
        }
        let mut conn = self.conn.clone();
        let (secs, micros): (i64, u32) =
            tokio::time::timeout(TIMEOUT, redis::cmd("TIME").query_async(&mut conn))
                .await
                .map_err(|_| unavailable(format!("no answer in {TIMEOUT:?}")))?
                .map_err(|e| unavailable(e.to_string()))?;
        DateTime::from_timestamp(secs, micros.saturating_mul(1_000))
            .ok_or_else(|| unavailable(format!("Redis TIME {secs} is out of range")))
    }

    pub(super) async fn add(
        &self,
        id: Option<String>,
        offer: DiscountOffer,
        now: DateTime<Utc>,
    ) -> Result<OfferView, ClientError> {
        let json = serde_json::to_string(&offer).map_err(|e| unavailable(e.to_string()))?;
        let finished = if is_open(&offer, now) {
            "open".to_owned()
        } else {
            let at = offer.resolution().map_or(offer.expires_at(), |(_, at)| at);
            at.timestamp_millis().to_string()
        };
        let args = [
            self.prefix.clone(),
            now.timestamp_millis().to_string(),
            id.clone().unwrap_or_default(),
            offer.room().to_string(),
            offer.seller().to_string(),
            json,
            offer.expires_at().timestamp_millis().to_string(),
            finished,
            self.rules.per_user.to_string(),
            self.rules.per_room.to_string(),
            self.rules.max_offers.to_string(),
        ];
        let reply: Vec<Value> = self.run(&self.scripts.add, &args).await?;
        let word = reply.first().map(text).unwrap_or_default();
        let count = || reply.get(1).map_or(0, |v| text(v).parse().unwrap_or(0));
        match word.as_str() {
            "ok" => {
                let id = reply.get(1).map(text).unwrap_or_default();
                Ok(OfferView::at(&id, &offer, now))
            }
            "taken" => Err(taken(id.as_deref().unwrap_or_default())),
            "seller" => Err(user_limit(offer.seller(), count())),
            "room" => Err(room_limit(offer.room(), count())),
            "full" => Err(full(self.rules.max_offers)),
            other => Err(unavailable(format!("add.lua answered {}", quoted(other)))),
        }
    }

    pub(super) async fn act(
        &self,
        id: &str,
        by: &UserId,
        action: OfferAction,
        check: Check<'_>,
    ) -> Result<OfferView, ClientError> {
        for _ in 0..ATTEMPTS {
            let args = [self.prefix.clone(), self.now_arg(), id.to_owned()];
            let reply: Vec<Value> = self.run(&self.scripts.get, &args).await?;
            let now = instant(reply.first())?;
            let (Some(json), Some(version), Some(open)) =
                (reply.get(1), reply.get(2), reply.get(3))
            else {
                return Err(unknown(id));
            };
            let mut offer = parse(&text(json))?;
            check(&offer)?;
            if text(open) != "1" && offer.resolution().is_none() {
                // Expired, and the sweep stored it: tzsafe's refusal as of
                // the expiry (a participant and role are checked first).
                let at = now.max(offer.expires_at());
                offer.respond_at(at, by, action)?;
                return Err(OfferError::Expired {
                    expired_at: offer.expires_at(),
                }
                .into());
            }
            offer.respond_at(now, by, action)?;
            let json = serde_json::to_string(&offer).map_err(|e| unavailable(e.to_string()))?;
            let args = [
                self.prefix.clone(),
                id.to_owned(),
                text(version),
                json,
                now.timestamp_millis().to_string(),
            ];
            let stored: String = self.run(&self.scripts.answer, &args).await?;
            match stored.as_str() {
                "ok" => return Ok(OfferView::at(id, &offer, now)),
                "gone" => return Err(unknown(id)),
                _ => {} // changed since it was read: read it again
            }
        }
        Err(unavailable(format!(
            "offer {} changed {ATTEMPTS} times while it was being answered",
            quoted(id)
        )))
    }

    pub(super) async fn page(
        &self,
        room: &RoomId,
        before: u64,
        limit: usize,
    ) -> Result<(Vec<(u64, OfferView)>, bool), ClientError> {
        let before = if before == u64::MAX {
            "+inf".to_owned()
        } else {
            before.to_string()
        };
        let args = [
            self.prefix.clone(),
            self.now_arg(),
            room.to_string(),
            before,
            (limit + 1).to_string(),
        ];
        let reply: Vec<Value> = self.run(&self.scripts.page, &args).await?;
        let now = instant(reply.first())?;
        let mut out = Vec::new();
        for item in reply.get(1..).unwrap_or_default().chunks(3) {
            let [seq, id, json] = item else { continue };
            let seq = text(seq).parse::<u64>().unwrap_or(0);
            out.push((seq, OfferView::at(&text(id), &parse(&text(json))?, now)));
        }
        let more = out.len() > limit;
        out.truncate(limit);
        Ok((out, more))
    }

    pub(super) async fn sweep(&self) -> Result<Vec<OfferView>, ClientError> {
        let args = [
            self.prefix.clone(),
            self.now_arg(),
            self.rules.retention.num_milliseconds().to_string(),
            SWEEP_BATCH.to_string(),
        ];
        let reply: Vec<Value> = self.run(&self.scripts.sweep, &args).await?;
        let now = instant(reply.first())?;
        let mut out = Vec::new();
        for item in reply.get(1..).unwrap_or_default().chunks(2) {
            let [id, json] = item else { continue };
            out.push(OfferView::at(&text(id), &parse(&text(json))?, now));
        }
        Ok(out)
    }
}

fn unavailable(why: String) -> ClientError {
    ClientError::new(
        "unavailable",
        format!("the offer book in Redis failed: {why}"),
    )
}

/// A string or number of a script's reply as text.
fn text(value: &Value) -> String {
    match value {
        Value::BulkString(bytes) => String::from_utf8_lossy(bytes).into_owned(),
        Value::SimpleString(s) => s.clone(),
        Value::Int(n) => n.to_string(),
        _ => String::new(),
    }
}

/// The `now` a script returned (ms since the epoch).
fn instant(value: Option<&Value>) -> Result<DateTime<Utc>, ClientError> {
    let ms = value.map(text).unwrap_or_default();
    ms.parse::<i64>()
        .ok()
        .and_then(DateTime::from_timestamp_millis)
        .ok_or_else(|| unavailable(format!("a script's now is {}", quoted(&ms))))
}

fn parse(json: &str) -> Result<DiscountOffer, ClientError> {
    serde_json::from_str(json).map_err(|e| unavailable(format!("a stored offer: {e}")))
}
