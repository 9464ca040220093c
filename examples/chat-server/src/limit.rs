//! The per-user event rate limit: every event a user sends, on any of their
//! connections and in any namespace of this process, draws on one budget
//! (GCRA, from [governor]), as the original service limited each user's
//! event rate by user id. A refused event gets `rate_limited` with how long
//! to wait before the next one would be accepted.
//!
//! The budget is this process's: with `--redis`, a user connected to two
//! processes has one budget on each.

use std::num::NonZeroU32;

use governor::clock::{Clock as _, DefaultClock};
use governor::state::keyed::DefaultKeyedStateStore;
use governor::{Quota, RateLimiter};
use tzsafe::models::UserId;

use crate::errors::ClientError;
use crate::text::quoted;

/// How many events a user may send.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RateRules {
    /// Events per second, sustained.
    pub per_second: NonZeroU32,
    /// Events at once, after a quiet spell.
    pub burst: NonZeroU32,
}

impl Default for RateRules {
    /// 20 events a second, bursts of 40: a person typing, reacting and
    /// answering offers in several tabs stays well under it.
    fn default() -> Self {
        RateRules {
            per_second: NonZeroU32::new(20).unwrap_or(NonZeroU32::MIN),
            burst: NonZeroU32::new(40).unwrap_or(NonZeroU32::MIN),
        }
    }
}

/// The limiter: one budget per user.
pub struct EventLimiter {
    limiter: RateLimiter<UserId, DefaultKeyedStateStore<UserId>, DefaultClock>,
    clock: DefaultClock,
    rules: RateRules,
}

impl EventLimiter {
    /// A limiter applying `rules` to every user.
    pub fn new(rules: RateRules) -> EventLimiter {
        let clock = DefaultClock::default();
        let quota = Quota::per_second(rules.per_second).allow_burst(rules.burst);
        EventLimiter {
            limiter: RateLimiter::new(quota, DefaultKeyedStateStore::default(), clock.clone()),
            clock,
            rules,
        }
    }

    /// Takes one event from `user`'s budget.
    ///
    /// # Errors
    ///
    /// `rate_limited`, with the wait in `retry_after_ms`.
    pub fn check(&self, user: &UserId) -> Result<(), ClientError> {
        self.limiter.check_key(user).map_err(|not_until| {
            let wait = not_until.wait_time_from(self.clock.now());
            let ms = u64::try_from(wait.as_millis()).unwrap_or(u64::MAX).max(1);
            let mut err = ClientError::new(
                "rate_limited",
                format!(
                    "too many events from {}: at most {} a second (bursts of {}); retry in {ms} ms",
                    quoted(user.as_str()),
                    self.rules.per_second,
                    self.rules.burst
                ),
            );
            err.retry_after_ms = Some(ms);
            err
        })
    }

    /// Forgets the users whose budget is full again (the sweep calls it).
    pub fn forget_idle(&self) {
        self.limiter.retain_recent();
    }
}
