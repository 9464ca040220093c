//! Heartbeats: one call each, or many users per call in a batch.

use chrono::{DateTime, Utc};
use redis::{Cmd, Value};

use super::keys::Keys;
use super::link::store_error;
use super::protocol::{bad_answer, read_answer, read_positions, Answer, Function};
use super::{Heartbeat, RedisPresence};
use crate::models::presence::errors::{check_id, store, too_many_connections, too_many_users};
use crate::models::presence::event::Transitions;
use crate::Error;

/// How many users one batch call handles (one server): enough that the
/// call's own cost (`FCALL`, `TIME`) is spread thin, few enough that the
/// function holds Redis up for well under a millisecond (a function blocks
/// every other client while it runs).
const BATCH_USERS: usize = 100;

fn check(beat: &Heartbeat<'_>) -> Result<(), Error> {
    check_id("heartbeat", "user", beat.user)?;
    check_id("heartbeat", "connection", beat.connection)
}

impl RedisPresence {
    pub(super) async fn heartbeat_with(
        &self,
        user: &str,
        connection: &str,
        namespace: &str,
        now: Option<DateTime<Utc>>,
    ) -> Result<Transitions, Error> {
        let beat = Heartbeat {
            user,
            connection,
            namespace,
        };
        check(&beat)?;
        let now = self.now_arg(now);
        let answer = self.call_heartbeat(&beat, &now, Admission::Unknown).await?;
        self.settle_heartbeat(&beat, &now, answer).await
    }

    pub(super) async fn heartbeat_batch_with(
        &self,
        beats: &[Heartbeat<'_>],
        now: Option<DateTime<Utc>>,
    ) -> Result<Vec<Result<Transitions, Error>>, Error> {
        let now = self.now_arg(now);
        let mut out: Vec<Result<Transitions, Error>> = beats
            .iter()
            .map(|beat| check(beat).map(|()| Transitions::new()))
            .collect();
        let sent: Vec<usize> = (0..beats.len()).filter(|&i| out[i].is_ok()).collect();
        if self.inner.link.keeps_index() {
            self.batch_on_one_server(beats, &sent, &now, &mut out)
                .await?;
            return Ok(out);
        }
        // A cluster: a function touches one slot, a batch's users are in
        // many. One call per user, concurrently.
        let cmds: Vec<Cmd> = sent
            .iter()
            .map(|&i| self.heartbeat_cmd(&beats[i], &now, Admission::Unknown))
            .collect();
        let results = self.inner.link.call_all(cmds, "heartbeat").await?;
        for (i, result) in sent.into_iter().zip(results) {
            out[i] = match result {
                Ok(value) => self.answered(&beats[i], &now, &value).await,
                Err(err) => Err(store_error("heartbeat", &err)),
            };
        }
        Ok(out)
    }

    /// The heartbeats `sent` (positions in `beats`) on one server: up to
    /// [`BATCH_USERS`] users per call, every call in one pipeline. The
    /// function answers only for the users whose heartbeat was not the
    /// common one.
    async fn batch_on_one_server(
        &self,
        beats: &[Heartbeat<'_>],
        sent: &[usize],
        now: &str,
        out: &mut [Result<Transitions, Error>],
    ) -> Result<(), Error> {
        let chunks: Vec<&[usize]> = sent.chunks(BATCH_USERS).collect();
        let cmds: Vec<Cmd> = chunks
            .iter()
            .map(|chunk| {
                let chunk: Vec<&Heartbeat<'_>> = chunk.iter().map(|&i| &beats[i]).collect();
                self.batch_cmd(&chunk, now)
            })
            .collect();
        let results = self.inner.link.call_all(cmds, "heartbeat").await?;
        for (chunk, result) in chunks.into_iter().zip(results) {
            let value = match result {
                Ok(value) => value,
                Err(err) => {
                    for &i in chunk {
                        out[i] = Err(store_error("heartbeat", &err));
                    }
                    continue;
                }
            };
            for (position, answer) in read_positions(&value)? {
                let Some(&i) = chunk.get(position) else {
                    return Err(bad_answer(&value));
                };
                out[i] = self.answered(&beats[i], now, answer).await;
            }
        }
        Ok(())
    }

    /// The call of one heartbeat: the user's record, on one server their
    /// index shards (and every held shard when it may be counted there).
    fn heartbeat_cmd(&self, beat: &Heartbeat<'_>, now: &str, admission: Admission) -> Cmd {
        let (inner, with_index) = (&self.inner, self.inner.link.keeps_index());
        let count_here = admission == Admission::CountHere;
        let counted_keys = if count_here { inner.keys.shards() } else { 0 };
        let mut cmd = Function::Heartbeat.call_on(Keys::per_user(with_index) + counted_keys);
        inner.keys.add_user(&mut cmd, beat.user, with_index);
        if count_here {
            cmd.arg(inner.keys.all_held());
        }
        cmd.arg(&inner.rules_arg)
            .arg(now)
            .arg(beat.user)
            .arg(&inner.periods.next()[..])
            .arg(beat.connection)
            .arg(beat.namespace)
            .arg(admission.counted_arg());
        cmd
    }

    /// One batch call on one server: each user's record and index shards,
    /// and four arguments per user.
    fn batch_cmd(&self, beats: &[&Heartbeat<'_>], now: &str) -> Cmd {
        let inner = &self.inner;
        let mut cmd = Function::Batch.call_on(beats.len() * Keys::per_user(true));
        for beat in beats {
            inner.keys.add_user(&mut cmd, beat.user, true);
        }
        cmd.arg(&inner.rules_arg).arg(now);
        for beat in beats {
            cmd.arg(beat.user)
                .arg(&inner.periods.next()[..])
                .arg(beat.connection)
                .arg(beat.namespace);
        }
        cmd
    }

    async fn call_heartbeat(
        &self,
        beat: &Heartbeat<'_>,
        now: &str,
        admission: Admission,
    ) -> Result<Answer, Error> {
        let cmd = self.heartbeat_cmd(beat, now, admission);
        let value = self.inner.link.call(&cmd, "heartbeat").await?;
        read_answer(&value, beat.user)
    }

    /// The result of a heartbeat Redis answered `value`.
    async fn answered(
        &self,
        beat: &Heartbeat<'_>,
        now: &str,
        value: &Value,
    ) -> Result<Transitions, Error> {
        let answer = read_answer(value, beat.user)?;
        self.settle_heartbeat(beat, now, answer).await
    }

    /// A heartbeat's answer: its events, or its refusal; a new user under a
    /// `max_users` limit is counted first and asked again.
    async fn settle_heartbeat(
        &self,
        beat: &Heartbeat<'_>,
        now: &str,
        answer: Answer,
    ) -> Result<Transitions, Error> {
        let max_users = self.inner.max_users.unwrap_or(usize::MAX);
        let answer = match answer {
            Answer::Count => self.admit(beat, now).await?,
            answer => answer,
        };
        match answer {
            Answer::Done(change, events) => {
                self.keep_index(&change, beat.user).await?;
                Ok(events)
            }
            Answer::FullUsers(held) => Err(too_many_users(beat.user, held, max_users)),
            Answer::FullConns(live) => {
                let max = self.inner.rules.max_connections.unwrap_or(live);
                Err(too_many_connections(beat.user, beat.connection, live, max))
            }
            // Counted, and still a new user: the count was full.
            Answer::Count => Err(too_many_users(beat.user, max_users, max_users)),
            // A failure of this user's part of a batch (its message).
            Answer::Failed(message) => Err(store(format!(
                "presence store: heartbeat failed: {message}"
            ))),
        }
    }

    /// A new user under `max_users`: on one server the function counts,
    /// atomically with creating; in a cluster the caller counts first.
    async fn admit(&self, beat: &Heartbeat<'_>, now: &str) -> Result<Answer, Error> {
        if self.inner.link.keeps_index() {
            return self.call_heartbeat(beat, now, Admission::CountHere).await;
        }
        let max = self.inner.max_users.unwrap_or(usize::MAX);
        let held = self.count_held().await?;
        if held >= max {
            // Full: refused, unless the user has come online since the
            // first answer (an earlier heartbeat of the same batch, sent at
            // the same time, or another instance): asked again without
            // counting, the function answers COUNT again if not.
            return match self.call_heartbeat(beat, now, Admission::Unknown).await? {
                Answer::Count => Ok(Answer::FullUsers(held)),
                answer => Ok(answer),
            };
        }
        self.call_heartbeat(beat, now, Admission::Counted).await
    }
}

/// Whether a heartbeat may create a new user under `max_users`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Admission {
    /// Not known yet: the function answers COUNT for a new user.
    Unknown,
    /// Counted by the function, over every held shard (one server).
    CountHere,
    /// Counted by the caller: there is room.
    Counted,
}

impl Admission {
    /// The function's last argument: "1" when the caller counted.
    fn counted_arg(self) -> &'static str {
        if self == Admission::Counted {
            "1"
        } else {
            ""
        }
    }
}
