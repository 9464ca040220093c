//! Where a store's data lives in Redis, and the ids of online periods.

use std::sync::atomic::{AtomicU64, Ordering};

use std::io::Write;

use redis::{Cmd, RedisWrite, ToRedisArgs};

/// The key names of one store (see [Data in Redis](super::RedisPresence#data-in-redis)).
pub(super) struct Keys {
    prefix: String,
    /// The deadline index's shards, `<prefix>:due:{<prefix>-<n>}`.
    due: Vec<String>,
    /// The held users' shards, `<prefix>:held:{<prefix>-<n>}` (the same
    /// hash tag as `due`'s, so one slot holds both).
    held: Vec<String>,
}

impl Keys {
    /// The keys of a store with `prefix` and `shards` index shards (1 to
    /// 1024, checked by the builder).
    pub(super) fn new(prefix: String, shards: u16) -> Keys {
        let shard = |kind: &str, n: u16| format!("{prefix}:{kind}:{{{prefix}-{n}}}");
        Keys {
            due: (0..shards).map(|n| shard("due", n)).collect(),
            held: (0..shards).map(|n| shard("held", n)).collect(),
            prefix,
        }
    }

    pub(super) fn prefix(&self) -> &str {
        &self.prefix
    }

    /// How many shards the index has.
    pub(super) fn shards(&self) -> usize {
        self.due.len()
    }

    /// The record of `user`: its braces make the user the Redis Cluster
    /// hash tag.
    pub(super) fn record(&self, user: &str) -> String {
        format!("{}:user:{{{user}}}", self.prefix)
    }

    /// The index shard of `user`: FNV-1a of the id, the same on every
    /// instance (unlike a seeded hasher).
    pub(super) fn shard_of(&self, user: &str) -> usize {
        let hash = user.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |h, b| {
            (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
        });
        // Below the number of shards, at most 1024: fits a usize.
        usize::try_from(hash.checked_rem(self.due.len() as u64).unwrap_or(0)).unwrap_or(0)
    }

    /// Shard `shard`'s deadline index.
    pub(super) fn due(&self, shard: usize) -> &str {
        self.due.get(shard).map_or("", String::as_str)
    }

    /// Shard `shard`'s held users.
    pub(super) fn held(&self, shard: usize) -> &str {
        self.held.get(shard).map_or("", String::as_str)
    }

    /// Every shard's held users.
    pub(super) fn all_held(&self) -> &[String] {
        &self.held
    }

    /// How many keys [`add_user`](Self::add_user) adds.
    pub(super) fn per_user(with_index: bool) -> usize {
        if with_index {
            3
        } else {
            1
        }
    }

    /// Adds the keys of a call for `user` to `cmd`: their record, and on
    /// one server (`with_index`) their index shards.
    pub(super) fn add_user(&self, cmd: &mut Cmd, user: &str, with_index: bool) {
        cmd.arg(RecordKey {
            prefix: &self.prefix,
            user,
        });
        if with_index {
            let shard = self.shard_of(user);
            cmd.arg(self.due(shard)).arg(self.held(shard));
        }
    }
}

/// A record's key as a command's argument, written into the command
/// without a `String` of its own (a batch has one per user).
struct RecordKey<'a> {
    prefix: &'a str,
    user: &'a str,
}

impl ToRedisArgs for RecordKey<'_> {
    fn write_redis_args<W: ?Sized + RedisWrite>(&self, out: &mut W) {
        let mut arg = out.writer_for_next_arg();
        for part in [self.prefix, ":user:{", self.user, "}"] {
            // Into the command's buffer: cannot fail.
            let _ = arg.write_all(part.as_bytes());
        }
    }
}

/// Period ids no other call of any instance makes: 16 hex digits.
pub(super) struct Periods {
    /// Makes the ids of different instances differ.
    salt: u64,
    counter: AtomicU64,
}

impl Periods {
    pub(super) fn new(salt: u64) -> Periods {
        Periods {
            salt,
            counter: AtomicU64::new(0),
        }
    }

    /// A fresh period id, as ASCII.
    pub(super) fn next(&self) -> [u8; 16] {
        let n = self.counter.fetch_add(1, Ordering::Relaxed);
        // splitmix64 of the counter, keyed by the instance's salt.
        let mut z = n
            .wrapping_add(self.salt)
            .wrapping_mul(0x9E37_79B9_7F4A_7C15);
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^= z >> 31;
        let mut id = [0u8; 16];
        for (i, digit) in id.iter_mut().enumerate() {
            let nibble = (z >> (60 - 4 * i)) & 0xf;
            *digit = b"0123456789abcdef"[nibble as usize];
        }
        id
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn record_keys_are_written_whole() {
        let keys = Keys::new("chat".to_owned(), 4);
        let mut cmd = redis::cmd("X");
        keys.add_user(&mut cmd, "ann", true);
        let args: Vec<Vec<u8>> = cmd
            .args_iter()
            .skip(1)
            .filter_map(|arg| match arg {
                redis::Arg::Simple(bytes) => Some(bytes.to_vec()),
                _ => None,
            })
            .collect();
        let shard = keys.shard_of("ann");
        let expected = [
            keys.record("ann"),
            keys.due(shard).to_owned(),
            keys.held(shard).to_owned(),
        ];
        assert_eq!(expected[0], "chat:user:{ann}");
        assert_eq!(args, expected.map(String::into_bytes));
    }

    #[test]
    fn period_ids_are_16_hex_digits_and_differ() {
        let periods = Periods::new(7);
        let ids: Vec<[u8; 16]> = (0..1000).map(|_| periods.next()).collect();
        for id in &ids {
            assert!(id.iter().all(u8::is_ascii_hexdigit), "{id:?}");
        }
        let distinct: std::collections::BTreeSet<_> = ids.iter().collect();
        assert_eq!(distinct.len(), ids.len());
        assert_ne!(Periods::new(8).next(), Periods::new(7).next());
    }
}
