//! How long the server takes to handle an event: from the handler's start
//! to its acknowledgement being queued. For a heartbeat (`ping`) that covers
//! the presence store's work and the delivery of any transition it reports;
//! for an offer event (`send_offer`, `respond_to_offer`, `withdraw_offer`,
//! `list_offers`) the book's work and the broadcasts to the room and the
//! parties.

use std::sync::Mutex;
use std::time::Duration;

use hdrhistogram::Histogram;
use serde::Serialize;

/// What is timed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// `ping`.
    Heartbeat,
    /// The offer events.
    Offer,
}

/// Handling times, in microseconds, 1 µs to 60 s at 3 significant digits,
/// one histogram per [`Kind`].
pub struct Stats {
    heartbeats: Mutex<Histogram<u64>>,
    offers: Mutex<Histogram<u64>>,
}

/// A summary of the recorded times.
#[derive(Clone, Copy, Debug, Default, Serialize, PartialEq, Eq)]
pub struct Summary {
    /// How many heartbeats were handled.
    pub count: u64,
    /// Median, µs.
    pub p50_us: u64,
    /// 99th percentile, µs.
    pub p99_us: u64,
    /// 99.9th percentile, µs.
    pub p999_us: u64,
    /// Longest, µs.
    pub max_us: u64,
}

impl Default for Stats {
    fn default() -> Self {
        Stats::new()
    }
}

impl Stats {
    /// Nothing recorded yet.
    pub fn new() -> Stats {
        // The bounds are constants that `new_with_bounds` accepts.
        let histogram = || {
            Histogram::new_with_bounds(1, 60_000_000, 3)
                .unwrap_or_else(|_| unreachable!("valid histogram bounds"))
        };
        Stats {
            heartbeats: Mutex::new(histogram()),
            offers: Mutex::new(histogram()),
        }
    }

    fn lock(&self, kind: Kind) -> std::sync::MutexGuard<'_, Histogram<u64>> {
        match kind {
            Kind::Heartbeat => &self.heartbeats,
            Kind::Offer => &self.offers,
        }
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// Records one event of `kind` that took `took`.
    pub fn record(&self, kind: Kind, took: Duration) {
        let micros = u64::try_from(took.as_micros()).unwrap_or(u64::MAX);
        self.lock(kind).saturating_record(micros.max(1));
    }

    /// The times of `kind` recorded so far.
    pub fn summary(&self, kind: Kind) -> Summary {
        let h = self.lock(kind);
        Summary {
            count: h.len(),
            p50_us: h.value_at_quantile(0.5),
            p99_us: h.value_at_quantile(0.99),
            p999_us: h.value_at_quantile(0.999),
            max_us: h.max(),
        }
    }

    /// Forgets what was recorded (after a warm-up).
    pub fn reset(&self) {
        self.lock(Kind::Heartbeat).reset();
        self.lock(Kind::Offer).reset();
    }
}
