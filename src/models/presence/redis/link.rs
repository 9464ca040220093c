//! The connection to Redis, one server or a cluster: every call within the
//! timeout, and the library loaded again wherever Redis answers that a
//! function is missing (after a restart, a failover, `FUNCTION FLUSH`), for
//! single calls and inside pipelines alike.

use core::future::Future;
use std::time::Duration;

use redis::aio::{ConnectionLike, ConnectionManager};
use redis::io::tcp::TcpSettings;
use redis::{Cmd, Pipeline, RedisError, RedisResult, Value};

use super::protocol::LIBRARY_TEXT;
use crate::models::presence::errors::store;
use crate::Error;

pub(super) enum Backend {
    Single(ConnectionManager),
    #[cfg(feature = "redis-cluster")]
    Cluster(redis::cluster_async::ClusterConnection),
}

pub(super) struct Link {
    backend: Backend,
    timeout: Duration,
}

impl Link {
    pub(super) fn new(backend: Backend, timeout: Duration) -> Link {
        Link { backend, timeout }
    }

    pub(super) fn timeout(&self) -> Duration {
        self.timeout
    }

    /// Whether the functions keep the index themselves: on one server a
    /// user's record and their index shard can be touched by one call.
    pub(super) fn keeps_index(&self) -> bool {
        matches!(self.backend, Backend::Single(_))
    }

    /// Loads the library, replacing an older text of the same version (on
    /// every primary of a cluster).
    pub(super) async fn load_library(&self) -> Result<(), Error> {
        let mut load = redis::cmd("FUNCTION");
        load.arg("LOAD").arg("REPLACE").arg(LIBRARY_TEXT);
        self.query(&load, "loading the functions").await.map(drop)
    }

    /// One command.
    pub(super) async fn query(&self, cmd: &Cmd, what: &str) -> Result<Value, Error> {
        let mut conn = self.handle();
        within(self.timeout, what, async move {
            cmd.query_async(&mut conn).await
        })
        .await
    }

    /// One function call, run again after loading the library if Redis
    /// answers that it is missing.
    pub(super) async fn call(&self, cmd: &Cmd, what: &str) -> Result<Value, Error> {
        let result = match self.attempt(cmd, what).await? {
            Err(err) if is_missing(&err) => {
                self.load_library().await?;
                self.attempt(cmd, what).await?
            }
            result => result,
        };
        result.map_err(|err| failure(what, self.timeout, &err))
    }

    /// One command: Redis's answer, or the time running out.
    async fn attempt(&self, cmd: &Cmd, what: &str) -> Result<RedisResult<Value>, Error> {
        let mut conn = self.handle();
        within(self.timeout, what, async move {
            Ok(cmd.query_async(&mut conn).await)
        })
        .await
    }

    /// Many calls: in one pipeline on one server, concurrently in a cluster
    /// (each to its key's node). Each call's own result; those that found
    /// the library missing run again once it is loaded.
    pub(super) async fn call_all(
        &self,
        cmds: Vec<Cmd>,
        what: &str,
    ) -> Result<Vec<RedisResult<Value>>, Error> {
        if cmds.is_empty() {
            return Ok(Vec::new());
        }
        let calls = self.calls(cmds);
        let mut results = self.send(&calls, what).await?;
        let missing: Vec<usize> = (0..results.len())
            .filter(|&i| {
                results
                    .get(i)
                    .is_some_and(|r| r.as_ref().is_err_and(is_missing))
            })
            .collect();
        if !missing.is_empty() {
            self.load_library().await?;
            let again = missing
                .iter()
                .filter_map(|&i| calls.get(i).cloned())
                .collect();
            let again = self.send(&self.calls(again), what).await?;
            for (i, result) in missing.into_iter().zip(again) {
                if let Some(slot) = results.get_mut(i) {
                    *slot = result;
                }
            }
        }
        Ok(results)
    }

    /// `cmds` as this backend sends many: a pipeline on one server.
    fn calls(&self, cmds: Vec<Cmd>) -> Calls {
        match &self.backend {
            Backend::Single(_) => {
                let mut pipe = Pipeline::with_capacity(cmds.len());
                for cmd in cmds {
                    pipe.add_command(cmd);
                }
                pipe.ignore_errors();
                Calls::Pipeline(pipe)
            }
            #[cfg(feature = "redis-cluster")]
            Backend::Cluster(_) => Calls::Each(cmds),
        }
    }

    async fn send(&self, calls: &Calls, what: &str) -> Result<Vec<RedisResult<Value>>, Error> {
        match (calls, &self.backend) {
            (Calls::Pipeline(pipe), Backend::Single(conn)) => {
                let mut conn = conn.clone();
                within(self.timeout, what, async move {
                    pipe.query_async(&mut conn).await
                })
                .await
            }
            #[cfg(feature = "redis-cluster")]
            (Calls::Each(cmds), Backend::Cluster(conn)) => {
                let calls = cmds.iter().map(|cmd| {
                    let mut conn = conn.clone();
                    async move { cmd.query_async::<Value>(&mut conn).await }
                });
                within(self.timeout, what, async move {
                    Ok::<_, RedisError>(futures_util::future::join_all(calls).await)
                })
                .await
            }
            #[cfg(feature = "redis-cluster")]
            _ => Ok(Vec::new()),
        }
    }

    fn handle(&self) -> Handle {
        match &self.backend {
            Backend::Single(conn) => Handle::Single(conn.clone()),
            #[cfg(feature = "redis-cluster")]
            Backend::Cluster(conn) => Handle::Cluster(conn.clone()),
        }
    }
}

/// Calls as a backend sends many at once.
enum Calls {
    Pipeline(Pipeline),
    #[cfg(feature = "redis-cluster")]
    Each(Vec<Cmd>),
}

impl Calls {
    fn get(&self, i: usize) -> Option<&Cmd> {
        match self {
            Calls::Pipeline(pipe) => pipe.cmd_iter().nth(i),
            #[cfg(feature = "redis-cluster")]
            Calls::Each(cmds) => cmds.get(i),
        }
    }
}

/// Redis's answer to `FCALL` of a function it does not have.
const MISSING: &str = "Function not found";

fn is_missing(err: &RedisError) -> bool {
    err.code() == Some("ERR") && err.detail().is_some_and(|d| d.starts_with(MISSING))
}

/// A connection of either kind, for commands.
enum Handle {
    Single(ConnectionManager),
    #[cfg(feature = "redis-cluster")]
    Cluster(redis::cluster_async::ClusterConnection),
}

impl ConnectionLike for Handle {
    fn req_packed_command<'a>(&'a mut self, cmd: &'a Cmd) -> redis::RedisFuture<'a, Value> {
        match self {
            Handle::Single(conn) => conn.req_packed_command(cmd),
            #[cfg(feature = "redis-cluster")]
            Handle::Cluster(conn) => conn.req_packed_command(cmd),
        }
    }

    fn req_packed_commands<'a>(
        &'a mut self,
        cmd: &'a Pipeline,
        offset: usize,
        count: usize,
    ) -> redis::RedisFuture<'a, Vec<Value>> {
        match self {
            Handle::Single(conn) => conn.req_packed_commands(cmd, offset, count),
            #[cfg(feature = "redis-cluster")]
            Handle::Cluster(conn) => conn.req_packed_commands(cmd, offset, count),
        }
    }

    fn get_db(&self) -> i64 {
        match self {
            Handle::Single(conn) => conn.get_db(),
            #[cfg(feature = "redis-cluster")]
            Handle::Cluster(conn) => conn.get_db(),
        }
    }
}

/// TCP settings with `TCP_NODELAY` (redis-rs leaves it off; hiredis and
/// `redis-benchmark` turn it on): a request is sent at once, never held back
/// waiting for the acknowledgement of the one before (Nagle's algorithm),
/// which with delayed acknowledgements can stall a pipeline's last segment.
pub(super) fn nodelay(settings: &TcpSettings) -> TcpSettings {
    settings.clone().set_nodelay(true)
}

/// `fut`, or a [`PresenceErrorKind::Store`](crate::models::presence::PresenceErrorKind::Store) error when it fails or takes longer
/// than `timeout`.
pub(super) async fn within<T>(
    timeout: Duration,
    what: &str,
    fut: impl Future<Output = RedisResult<T>>,
) -> Result<T, Error> {
    match tokio::time::timeout(timeout, fut).await {
        Ok(Ok(value)) => Ok(value),
        Ok(Err(err)) => Err(failure(what, timeout, &err)),
        Err(_) => Err(timed_out(what, timeout)),
    }
}

/// `err` as the store's error; redis-rs's own response timeout is the same
/// as the store's.
pub(super) fn failure(what: &str, timeout: Duration, err: &RedisError) -> Error {
    if err.is_timeout() {
        timed_out(what, timeout)
    } else {
        store_error(what, err)
    }
}

#[cold]
fn timed_out(what: &str, timeout: Duration) -> Error {
    store(format!(
        "presence store: {what} did not finish within {} ms (the Redis timeout)",
        timeout.as_millis()
    ))
}

#[cold]
pub(super) fn store_error(what: &str, err: &RedisError) -> Error {
    store(format!("presence store: {what} failed: {err}"))
}
