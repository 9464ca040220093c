//! `TimezoneAware::scope_future` under tokio: the context is ambient during
//! every poll of the task it wraps, on whatever worker thread polls it, and
//! nowhere else; with tasks that migrate between workers, two differently
//! scoped futures interleaving on one thread, nesting with guards, panics and
//! drops.

use std::collections::HashSet;
use std::future::Future;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::pin::pin;
use std::sync::{Arc, Mutex};
use std::task::{Context, Waker};
use std::thread::{self, ThreadId};

use chrono::{DateTime, FixedOffset, TimeDelta, TimeZone, Utc};
use tokio::task::yield_now;
use tzsafe::{utcnow_aware, ScopedFuture, TimezoneAware, Zone};

fn base() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 26, 9, 0, 0).unwrap()
}

/// A context of its own for task `i`: zone `+i` minutes, clock frozen at
/// `base + i` seconds.
fn context(i: i32) -> TimezoneAware {
    TimezoneAware::new()
        .default_tz(Zone::fixed(FixedOffset::east_opt(i * 60).unwrap()))
        .frozen_at(base() + TimeDelta::seconds(i.into()))
}

/// What the ambient context says now: zone and clock.
fn seen() -> (Zone, DateTime<Utc>) {
    (TimezoneAware::current().get_default_tz(), utcnow_aware())
}

fn expected(i: i32) -> (Zone, DateTime<Utc>) {
    let ctx = context(i);
    (ctx.get_default_tz(), ctx.now())
}

/// Whether the ambient context is the built-in default (UTC, system clock).
fn is_built_in() -> bool {
    TimezoneAware::current().get_default_tz() == Zone::UTC
        && TimezoneAware::current().manual_clock().is_none()
}

fn multi_thread() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(4)
        .build()
        .unwrap()
}

fn assert_send<T: Send>(t: T) -> T {
    t
}

#[test]
fn tasks_see_their_context_on_every_worker_thread() {
    const TASKS: i32 = 32;
    const READS: usize = 50;
    let runtime = multi_thread();
    // Migration is up to tokio's work stealing: run until it was seen (it is,
    // in practice, on the first round), checking correctness on every read.
    for round in 0..10 {
        let threads = runtime.block_on(async {
            let mut handles = Vec::new();
            for i in 0..TASKS {
                let task = context(i).scope_future(async move {
                    let mut threads = HashSet::<ThreadId>::new();
                    for _ in 0..READS {
                        assert_eq!(seen(), expected(i), "task {i}");
                        threads.insert(thread::current().id());
                        yield_now().await;
                    }
                    threads
                });
                handles.push(tokio::spawn(assert_send(task)));
            }
            // An unscoped task on the same workers never sees another task's
            // context: it is ambient only during that task's polls.
            let unscoped = tokio::spawn(async {
                for _ in 0..READS * 4 {
                    assert!(is_built_in(), "an unscoped task saw {:?}", seen());
                    yield_now().await;
                }
            });
            let mut all = Vec::new();
            for handle in handles {
                all.push(handle.await.unwrap());
            }
            unscoped.await.unwrap();
            all
        });
        if threads.iter().any(|t| t.len() > 1) {
            return;
        }
        eprintln!("round {round}: no task moved between worker threads; again");
    }
    panic!("no task migrated between worker threads in 10 rounds");
}

#[test]
fn two_contexts_interleave_on_one_thread() {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .build()
        .unwrap();
    let log = Arc::new(Mutex::new(Vec::new()));
    let reader = |i: i32| {
        let log = Arc::clone(&log);
        context(i).scope_future(async move {
            for _ in 0..5 {
                assert_eq!(seen(), expected(i));
                log.lock().unwrap().push(i);
                yield_now().await;
                assert_eq!(seen(), expected(i));
            }
        })
    };
    runtime.block_on(async {
        tokio::join!(reader(1), reader(2));
        assert!(is_built_in());
    });
    // join! polls both on the one thread, in turn (its start rotates for
    // fairness): both made their first read before either finished.
    let log = log.lock().unwrap();
    assert_eq!(log.iter().filter(|&&i| i == 1).count(), 5);
    assert_eq!(log.iter().filter(|&&i| i == 2).count(), 5);
    assert!(log[..2].contains(&1) && log[..2].contains(&2), "{log:?}");
}

#[test]
fn nesting_with_guards_and_inner_scopes() {
    multi_thread().block_on(async {
        let outer = context(1).scope_future(async {
            assert_eq!(seen(), expected(1));
            let inner = context(2).scope_future(async {
                assert_eq!(seen(), expected(2));
                yield_now().await;
                assert_eq!(seen(), expected(2));
            });
            inner.await;
            assert_eq!(seen(), expected(1));
            {
                // A guard inside a poll (not held across an await) wins over
                // the future's context, and gives it back when dropped.
                let _guard = context(3).enter();
                assert_eq!(seen(), expected(3));
            }
            assert_eq!(seen(), expected(1));
            yield_now().await;
            context(4).scope(|| assert_eq!(seen(), expected(4)));
            assert_eq!(seen(), expected(1));
        });
        tokio::spawn(outer).await.unwrap();
        assert!(is_built_in());
    });
}

#[test]
fn a_guard_outside_does_not_leak_into_the_scoped_future_and_back() {
    // Polled by hand on this thread, inside a guard of the caller: the future
    // sees its own context, and the caller's comes back after each poll.
    let _caller = context(7).enter();
    let mut fut = pin!(context(8).scope_future(async {
        assert_eq!(seen(), expected(8));
        yield_now().await;
        assert_eq!(seen(), expected(8));
    }));
    let mut cx = Context::from_waker(Waker::noop());
    assert!(fut.as_mut().poll(&mut cx).is_pending());
    assert_eq!(seen(), expected(7));
    assert!(fut.as_mut().poll(&mut cx).is_ready());
    assert_eq!(seen(), expected(7));
}

#[test]
fn a_panic_inside_restores_the_polling_thread() {
    // On this thread, polled by hand: the unwinding poll removes the context.
    let mut fut = Box::pin(context(5).scope_future(async {
        assert_eq!(seen(), expected(5));
        panic!("inside the task");
    }));
    let polled = catch_unwind(AssertUnwindSafe(|| {
        fut.as_mut().poll(&mut Context::from_waker(Waker::noop()))
    }));
    assert!(polled.is_err());
    assert!(is_built_in(), "after the panic: {:?}", seen());
    drop(fut);
    assert!(is_built_in());

    // Under tokio: the task's panic is its JoinError, and every worker is
    // clean afterwards.
    let runtime = multi_thread();
    runtime.block_on(async {
        let panicked = tokio::spawn(context(6).scope_future(async {
            yield_now().await;
            panic!("inside the task");
        }))
        .await
        .unwrap_err();
        assert!(panicked.is_panic());
        let mut checks = Vec::new();
        for _ in 0..64 {
            checks.push(tokio::spawn(async {
                yield_now().await;
                is_built_in()
            }));
        }
        for check in checks {
            assert!(check.await.unwrap());
        }
    });
}

/// Records what the ambient clock says when it is dropped.
struct ReadsClockOnDrop(Arc<Mutex<Option<DateTime<Utc>>>>);

impl Drop for ReadsClockOnDrop {
    fn drop(&mut self) {
        *self.0.lock().unwrap() = Some(utcnow_aware());
    }
}

#[test]
fn dropping_an_unfinished_task_drops_it_in_its_context() {
    let dropped_at = Arc::new(Mutex::new(None));
    let probe = ReadsClockOnDrop(Arc::clone(&dropped_at));
    let runtime = multi_thread();
    runtime.block_on(async {
        let task = tokio::spawn(context(9).scope_future(async move {
            let _probe = probe;
            std::future::pending::<()>().await;
        }));
        yield_now().await;
        task.abort();
        assert!(task.await.unwrap_err().is_cancelled());
    });
    assert_eq!(*dropped_at.lock().unwrap(), Some(expected(9).1));
}

#[test]
fn scoped_future_is_send_and_sync_when_the_future_is() {
    fn send_sync<T: Send + Sync>() {}
    send_sync::<ScopedFuture<std::future::Ready<u8>>>();
    let ctx = context(1);
    let task: ScopedFuture<_> = ctx.scope_future(async { 1 });
    let out = multi_thread().block_on(async { tokio::spawn(task).await });
    assert_eq!(out.unwrap(), 1);
    // The context was cloned into the future: the caller keeps its own.
    assert_eq!(ctx.now(), expected(1).1);
}
