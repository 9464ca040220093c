//! The calls for one user other than heartbeats, the counts, and the index
//! changes a cluster's caller makes.

use std::collections::BTreeSet;

use chrono::{DateTime, Utc};
use redis::Cmd;

use super::keys::Keys;
use super::link::store_error;
use super::protocol::{
    read_answer, read_count, read_status, read_texts, Answer, Function, IndexChange,
};
use super::RedisPresence;
use crate::models::presence::errors::{check_id, store};
use crate::models::presence::event::Transitions;
use crate::models::presence::status::PresenceStatus;
use crate::models::UserId;
use crate::Error;

impl RedisPresence {
    pub(super) async fn disconnect_with(
        &self,
        user: &str,
        connection: &str,
        now: Option<DateTime<Utc>>,
    ) -> Result<Transitions, Error> {
        check_id("disconnect", "user", user)?;
        check_id("disconnect", "connection", connection)?;
        let mut cmd = self.user_cmd(Function::Disconnect, user, now);
        cmd.arg(connection);
        self.user_call(&cmd, user, "disconnect").await
    }

    pub(super) async fn activity_with(
        &self,
        user: &str,
        now: Option<DateTime<Utc>>,
    ) -> Result<Transitions, Error> {
        check_id("activity", "user", user)?;
        let cmd = self.user_cmd(Function::Activity, user, now);
        self.user_call(&cmd, user, "activity").await
    }

    pub(super) async fn status_with(
        &self,
        user: &str,
        now: Option<DateTime<Utc>>,
    ) -> Result<PresenceStatus, Error> {
        let mut cmd = Function::Status.call(&[self.inner.keys.record(user)]);
        cmd.arg(&self.inner.rules_arg).arg(self.now_arg(now));
        read_status(&self.inner.link.call(&cmd, "reading a status").await?)
    }

    /// How many users the held shards count (those whose record is there).
    pub(super) async fn count_held(&self) -> Result<usize, Error> {
        let mut total = 0usize;
        for value in self
            .on_held_shards(Function::Count, "counting users")
            .await?
        {
            total = total.saturating_add(read_count(&value)?);
        }
        Ok(total)
    }

    /// The users the held shards count, sorted.
    pub(super) async fn held_users(&self) -> Result<Vec<UserId>, Error> {
        let mut users = BTreeSet::new();
        for value in self
            .on_held_shards(Function::Online, "listing users")
            .await?
        {
            // Members are `<period id><user>`, the id 16 hex digits.
            users.extend(
                read_texts(&value)?
                    .into_iter()
                    .filter_map(|m| m.get(16..).map(str::to_owned)),
            );
        }
        Ok(users.into_iter().map(UserId::from).collect())
    }

    /// `function` over every held shard: one call on one server, one per
    /// shard (each its own slot) in a cluster.
    async fn on_held_shards(
        &self,
        function: Function,
        what: &str,
    ) -> Result<Vec<redis::Value>, Error> {
        let (keys, link) = (&self.inner.keys, &self.inner.link);
        if link.keeps_index() {
            return Ok(vec![
                link.call(&function.call(keys.all_held()), what).await?,
            ]);
        }
        let cmds: Vec<Cmd> = keys
            .all_held()
            .iter()
            .map(|key| function.call(&[key]))
            .collect();
        link.call_all(cmds, what)
            .await?
            .into_iter()
            .map(|result| result.map_err(|e| store_error(what, &e)))
            .collect()
    }

    /// A call of `function` for `user` at `now`: their keys, the rules, now
    /// and the user; the caller adds the rest.
    fn user_cmd(&self, function: Function, user: &str, now: Option<DateTime<Utc>>) -> Cmd {
        let (inner, with_index) = (&self.inner, self.inner.link.keeps_index());
        let mut cmd = function.call_on(Keys::per_user(with_index));
        inner.keys.add_user(&mut cmd, user, with_index);
        cmd.arg(&inner.rules_arg).arg(self.now_arg(now)).arg(user);
        cmd
    }

    /// Runs a call for `user` and returns its events.
    async fn user_call(&self, cmd: &Cmd, user: &str, what: &str) -> Result<Transitions, Error> {
        let value = self.inner.link.call(cmd, what).await?;
        self.events_of(read_answer(&value, user)?, user, what).await
    }

    /// The events of `answer` for `user`, after the index change it asks
    /// for (in a cluster). `what` failed if the answer says so.
    pub(super) async fn events_of(
        &self,
        answer: Answer,
        user: &str,
        what: &str,
    ) -> Result<Transitions, Error> {
        match answer {
            Answer::Done(change, events) => {
                self.keep_index(&change, user).await?;
                Ok(events)
            }
            Answer::Failed(message) => Err(store(format!("presence store: {what} failed: {message}"),
            )),
            // Only heartbeats are refused.
            Answer::FullUsers(_) | Answer::FullConns(_) | Answer::Count => Err(store(format!("presence store: {what} got a heartbeat's refusal, which this version does not read"),
            )),
        }
    }

    /// In a cluster, the index change a function could not make (the index
    /// shards are in another slot than the user's record): one call of
    /// `index` on the shards' node.
    pub(super) async fn keep_index(&self, change: &IndexChange, user: &str) -> Result<(), Error> {
        let (keys, link) = (&self.inner.keys, &self.inner.link);
        if link.keeps_index() || change.is_empty() {
            return Ok(());
        }
        let shard = keys.shard_of(user);
        let member = |pid: &Option<String>| {
            pid.as_ref()
                .map_or_else(String::new, |p| format!("{p}{user}"))
        };
        let number = |n: Option<i64>| n.map_or_else(String::new, |n| n.to_string());
        let mut cmd = Function::Index.call(&[keys.due(shard), keys.held(shard)]);
        cmd.arg(change.action as i64)
            .arg(number(change.deadline))
            .arg(member(&change.pid))
            .arg(member(&change.old_pid))
            .arg(number(change.expires));
        link.call(&cmd, "updating the index").await.map(drop)
    }
}
