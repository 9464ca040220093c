//! Sweeps: the due members of every index shard, claimed by the `sweep`
//! function.

use chrono::{DateTime, Utc};
use redis::Cmd;

use super::keys::Keys;
use super::link::store_error;
use super::protocol::{read_answer, read_array, read_texts, Function};
use super::RedisPresence;
use crate::models::presence::event::Transitions;
use crate::models::presence::stamp::Stamp;
use crate::Error;

/// How many index members a sweep reads per shard and round trip.
const SWEEP_BATCH: usize = 512;

/// How many members one `sweep` call claims on one server: a claim reads a
/// whole record, so fewer than a batch's heartbeats, to keep each call well
/// under a millisecond.
const CLAIMS_PER_CALL: usize = 32;

impl RedisPresence {
    pub(super) async fn sweep_with(
        &self,
        now: Option<DateTime<Utc>>,
    ) -> Result<Transitions, Error> {
        let now = self.now_arg(now);
        // Index scores are whole seconds of a deadline or earlier: members
        // below the current second are due; those of the current second are
        // checked by their claims.
        let bound = self.second_of(&now).await?;
        let shards = self.inner.keys.shards();
        let mut events = Transitions::new();
        // Whole past seconds, in batches, until a shard has no more.
        let mut pending: Vec<usize> = (0..shards).collect();
        while !pending.is_empty() {
            let ranges: Vec<Cmd> = pending
                .iter()
                .map(|&shard| {
                    let mut cmd = redis::cmd("ZRANGEBYSCORE");
                    cmd.arg(self.inner.keys.due(shard))
                        .arg("-inf")
                        .arg(format!("({bound}"))
                        .arg("LIMIT")
                        .arg(0)
                        .arg(SWEEP_BATCH);
                    cmd
                })
                .collect();
            let found = self.read_ranges(ranges).await?;
            let full: Vec<usize> = pending
                .iter()
                .zip(&found)
                .filter(|(_, members)| members.len() >= SWEEP_BATCH)
                .map(|(&shard, _)| shard)
                .collect();
            events.append(
                self.claim(found.into_iter().flatten().collect(), &now)
                    .await?,
            );
            pending = full;
        }
        // The current second, once.
        let ranges: Vec<Cmd> = (0..shards)
            .map(|shard| {
                let mut cmd = redis::cmd("ZRANGEBYSCORE");
                cmd.arg(self.inner.keys.due(shard)).arg(bound).arg(bound);
                cmd
            })
            .collect();
        let found = self.read_ranges(ranges).await?;
        events.append(
            self.claim(found.into_iter().flatten().collect(), &now)
                .await?,
        );
        Ok(events)
    }

    /// The second of `now` (the functions' argument): the server's for "".
    async fn second_of(&self, now: &str) -> Result<i64, Error> {
        if !now.is_empty() {
            return Ok(Stamp::decode(now).map_or(i64::MAX, |now| now.timestamp()));
        }
        let time = self
            .inner
            .link
            .query(&redis::cmd("TIME"), "reading the server's time")
            .await?;
        let secs = read_texts(&time)?.first().and_then(|s| s.parse().ok());
        secs.ok_or_else(|| super::protocol::bad_answer(&time))
    }

    async fn read_ranges(&self, ranges: Vec<Cmd>) -> Result<Vec<Vec<String>>, Error> {
        let what = "reading the index";
        self.inner
            .link
            .call_all(ranges, what)
            .await?
            .into_iter()
            .map(|r| read_texts(&r.map_err(|e| store_error(what, &e))?))
            .collect()
    }

    /// Claims the index `members` (`<period id><user>`): up to
    /// [`CLAIMS_PER_CALL`] per call on one server, one per call in a
    /// cluster (each user's record is its own slot).
    async fn claim(&self, members: Vec<String>, now: &str) -> Result<Transitions, Error> {
        let (inner, what) = (&self.inner, "sweep");
        let parsed: Vec<(&str, &str)> = members
            .iter()
            .filter_map(|m| Some((m.get(..16)?, m.get(16..)?)))
            .collect();
        let per_call = if inner.link.keeps_index() {
            CLAIMS_PER_CALL
        } else {
            1
        };
        let chunks: Vec<&[(&str, &str)]> = parsed.chunks(per_call).collect();
        let cmds: Vec<Cmd> = chunks
            .iter()
            .map(|chunk| {
                let with_index = inner.link.keeps_index();
                let mut cmd = Function::Sweep.call_on(chunk.len() * Keys::per_user(with_index));
                for (_, user) in *chunk {
                    inner.keys.add_user(&mut cmd, user, with_index);
                }
                cmd.arg(&inner.rules_arg).arg(now);
                for (pid, user) in *chunk {
                    cmd.arg(*user).arg(*pid);
                }
                cmd
            })
            .collect();
        let mut events = Transitions::new();
        for (chunk, result) in chunks
            .into_iter()
            .zip(inner.link.call_all(cmds, what).await?)
        {
            let value = result.map_err(|e| store_error(what, &e))?;
            let answers = read_array(&value)?;
            if answers.len() != chunk.len() {
                return Err(super::protocol::bad_answer(&value));
            }
            for ((_, user), answer) in chunk.iter().zip(answers) {
                events.append(
                    self.events_of(read_answer(answer, user)?, user, what)
                        .await?,
                );
            }
        }
        Ok(events)
    }
}
