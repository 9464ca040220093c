//! How long the server takes to handle a heartbeat (`ping`): from the
//! handler's start to its acknowledgement being queued, which covers the
//! presence store's work and the delivery of any transition it reports.

use std::sync::Mutex;
use std::time::Duration;

use hdrhistogram::Histogram;
use serde::Serialize;

/// Heartbeat handling times, in microseconds, 1 µs to 60 s at 3 significant
/// digits.
pub struct Stats {
    heartbeats: Mutex<Histogram<u64>>,
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
    /// No heartbeats yet.
    pub fn new() -> Stats {
        // The bounds are constants that `new_with_bounds` accepts.
        let histogram = Histogram::new_with_bounds(1, 60_000_000, 3)
            .unwrap_or_else(|_| unreachable!("valid histogram bounds"));
        Stats {
            heartbeats: Mutex::new(histogram),
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Histogram<u64>> {
        self.heartbeats
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// Records one heartbeat that took `took`.
    pub fn record(&self, took: Duration) {
        let micros = u64::try_from(took.as_micros()).unwrap_or(u64::MAX);
        self.lock().saturating_record(micros.max(1));
    }

    /// The times recorded so far.
    pub fn summary(&self) -> Summary {
        let h = self.lock();
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
        self.lock().reset();
    }
}
