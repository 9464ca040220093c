//! [`TimezoneAware::scope_future`]: a context that follows an async task from
//! poll to poll, on whatever thread polls it, as `tracing::Instrument` does
//! for spans.
//!
//! A guard cannot live across an `.await` in a task that may move between
//! threads (it is not `Send`, and the thread it was entered on may run other
//! tasks meanwhile). So the future holds the context itself and enters it for
//! the length of each poll only: the context is ambient exactly while the
//! task's own code runs, and nowhere else.

use core::future::Future;
use core::pin::Pin;
use core::task::{Context, Poll};

use pin_project_lite::pin_project;

use crate::context::TimezoneAware;

pin_project! {
    /// A future that makes a [`TimezoneAware`] context ambient during each of
    /// its polls: made by [`TimezoneAware::scope_future`].
    ///
    /// `Send` and `Sync` when the wrapped future is. Dropping it drops the
    /// wrapped future with the context ambient too, so a destructor that reads
    /// the time sees the task's clock.
    #[must_use = "futures do nothing unless polled"]
    pub struct ScopedFuture<F> {
        ctx: TimezoneAware,
        // `None` only while being dropped (see `PinnedDrop`).
        #[pin]
        inner: Option<F>,
    }

    impl<F> PinnedDrop for ScopedFuture<F> {
        fn drop(this: Pin<&mut Self>) {
            let mut this = this.project();
            let _guard = this.ctx.enter();
            // Drops the wrapped future in place, with the context ambient.
            this.inner.set(None);
        }
    }
}

impl<F> core::fmt::Debug for ScopedFuture<F> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("ScopedFuture")
            .field("ctx", &self.ctx)
            .finish_non_exhaustive()
    }
}

impl<F: Future> Future for ScopedFuture<F> {
    type Output = F::Output;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<F::Output> {
        let this = self.project();
        let _guard = this.ctx.enter();
        match this.inner.as_pin_mut() {
            Some(inner) => inner.poll(cx),
            // Unreachable: `inner` is `None` only inside `drop`. Pending (not a
            // panic) keeps `poll` total.
            None => Poll::Pending,
        }
    }
}

impl TimezoneAware {
    /// Wraps `fut` so that this context is ambient during every poll of it,
    /// on whatever thread polls it, and nowhere else: the async form of
    /// [`scope`](Self::scope), and the way to give a task or a request handler
    /// its context. The result is `Send` when `fut` is, so it can be handed to
    /// `tokio::spawn`; no runtime is assumed.
    ///
    /// Inside, guards and nested `scope_future`s override it as usual (the
    /// lookup order is in the crate documentation, "Which context is
    /// ambient"). A panic inside `fut` unwinds through the poll's guard, so the
    /// polling thread's ambient context is restored.
    ///
    /// # Example
    ///
    /// A task with a frozen clock in a New York context, polled here with a
    /// minimal executor (in a service: `tokio::spawn(ctx.scope_future(async { .. }))`):
    ///
    /// ```
    /// use std::future::Future;
    /// use std::pin::pin;
    /// use std::task::{Context, Poll, Waker};
    ///
    /// use chrono::{NaiveDate, TimeZone, Utc};
    /// use tzsafe::{is_past_datetime, utcnow_aware, TimezoneAware};
    /// use tzsafe::Zone;
    ///
    /// let now = Utc.with_ymd_and_hms(2026, 11, 26, 21, 0, 0).unwrap(); // 16:00 in New York
    /// let ctx = TimezoneAware::new().default_tz("America/New_York".parse::<Zone>()?).frozen_at(now);
    ///
    /// let task = ctx.scope_future(async {
    ///     let expires_at = NaiveDate::from_ymd_opt(2026, 11, 26).unwrap().and_hms_opt(15, 30, 0).unwrap();
    ///     (utcnow_aware(), is_past_datetime(expires_at))
    /// });
    ///
    /// let mut task = pin!(task);
    /// let Poll::Ready((seen, expired)) = task.as_mut().poll(&mut Context::from_waker(Waker::noop())) else {
    ///     unreachable!("the task does not wait")
    /// };
    /// assert_eq!(seen, now);
    /// assert!(expired?);
    /// assert_ne!(utcnow_aware(), now); // outside the task: the system clock
    /// # Ok::<(), tzsafe::Error>(())
    /// ```
    pub fn scope_future<F: Future>(&self, fut: F) -> ScopedFuture<F> {
        ScopedFuture {
            ctx: self.clone(),
            inner: Some(fut),
        }
    }
}
