//! End-to-end tests: the server driven by real Socket.IO clients
//! (python-socketio through `client/puppet.py`, socket.io-client under node
//! through `client/puppet.mjs`) and the page at `/` in headless Chromium
//! (`client/browser.mjs`), on a clock the test moves. Tokens are minted by
//! PyJWT.
//!
//! * `in_process`, `in_process_javascript`: one server in this process, its
//!   `ManualClock` moved here, driven by each client.
//! * `two_processes_share_presence_through_redis`: two `chat-server`
//!   processes with `--redis` on a real `redis-server` this test starts, each
//!   with `--manual-clock`, moved in step through their standard input.
//! * `events_sent_the_moment_a_connection_is_up_are_answered` and
//!   `a_connection_past_the_per_user_limit_is_refused_at_the_handshake`:
//!   the handshake's order and refusals, on one server.
//! * [`regressions`] (the defects of issue 21, accept/withdraw/expiry races
//!   on two processes, the rate limit), [`tokens`] (JWTs), [`javascript`]
//!   (the original front end's pattern), [`browser`] (two people in two
//!   pages), [`chatter`] (typing and reactions).
//!
//! The first three run the same [`scenario`]: two users with connections in
//! several namespaces (spread over both processes in the last), presence seen
//! by a friend exactly once per transition, offers accepted before expiry and
//! refused after it, forged `user_id`s, bad input, and bad or expired tokens.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod browser;
mod chatter;
mod javascript;
mod node;
mod puppet;
mod python;
#[path = "../../../../verify/tests/redis_server/mod.rs"]
mod redis_server;
mod regressions;
mod scenario;
mod tokens;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

use chat_server::auth::{Secret, Verifier};
use chat_server::server::{self, ServerClock, Settings};
use chat_server::world::World;
use chrono::{DateTime, TimeDelta, TimeZone, Utc};
use tzsafe::{Clock, ManualClock};

use crate::scenario::TestClock;

/// The secret both kinds of server check HS256 tokens with.
const SECRET: &str = "e2e-test-secret-0123456789abcdef-0123456789";

/// The leeway on a token's times, for both kinds of server (the default of
/// `--jwt-leeway-secs`).
const LEEWAY: TimeDelta = TimeDelta::seconds(30);

/// The tests' token verifier: HS256 with [`SECRET`], [`LEEWAY`].
fn verifier() -> Verifier {
    Verifier::hs256(&Secret::new(SECRET.as_bytes().to_vec()).unwrap())
        .unwrap()
        .leeway(LEEWAY)
}

/// The instant the scenario starts at.
fn t0() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 12, 1, 9, 0, 0).unwrap()
}

fn world() -> World {
    World::load(&std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("data/world.json")).unwrap()
}

fn legacy_offers() -> Vec<(String, tzsafe::models::discount::DiscountOffer)> {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("data/legacy_offers.json");
    let loaded =
        chat_server::legacy::load(&std::fs::read_to_string(path).unwrap(), &world()).unwrap();
    // The fourth row has a date that does not exist; it is skipped, named.
    assert_eq!(loaded.skipped.len(), 1, "{:?}", loaded.skipped);
    assert!(loaded.skipped[0]
        .starts_with("row 3 (id \"legacy-4\"): invalid timestamp \"2026-02-30 09:00:00\""));
    loaded.offers
}

/// `GET path` on `addr`: the response body.
pub fn http_get(addr: &str, path: &str) -> String {
    let mut stream = TcpStream::connect(addr).unwrap();
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut response = String::new();
    stream.read_to_string(&mut response).unwrap();
    response
        .split_once("\r\n\r\n")
        .map(|(_, body)| body.to_owned())
        .unwrap_or_default()
}

struct InProcessClock(ManualClock);

impl TestClock for InProcessClock {
    fn advance(&mut self, by: TimeDelta) {
        self.0.advance(by);
    }

    fn now(&self) -> DateTime<Utc> {
        self.0.now()
    }
}

/// A server in this process on a manual clock at [`t0`], sweeping every
/// 20 ms. Keep it while the test runs.
pub struct ManualServer {
    _runtime: tokio::runtime::Runtime,
    pub server: server::Server,
    pub clock: ManualClock,
    /// `http://127.0.0.1:<port>`.
    pub url: String,
}

/// A [`ManualServer`] with `change` applied to its settings.
pub fn manual_clock_server(change: impl FnOnce(&mut Settings)) -> ManualServer {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    let clock = ManualClock::new(t0());
    let mut settings = Settings::new(world(), verifier());
    settings.clock = ServerClock::Manual(clock.clone());
    settings.sweep_every = Duration::from_millis(20);
    change(&mut settings);
    let server = runtime.block_on(async {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        server::start(settings, listener).await.unwrap()
    });
    let url = format!("http://{}", server.addr);
    ManualServer {
        _runtime: runtime,
        server,
        clock,
        url,
    }
}

/// The scenario against a server in this process, driven by `p`.
fn in_process_with(p: puppet::Puppet) {
    let server = manual_clock_server(|settings| {
        settings.offers = legacy_offers();
        // The scenario sends bursts of bad input faster than a person would.
        settings.rate = None;
    });
    let addr = server.server.addr.to_string();
    let mut clock = InProcessClock(server.clock.clone());
    scenario::run(p, &[addr], &mut clock);
}

#[test]
fn in_process() {
    in_process_with(puppet::Puppet::start());
}

/// The same scenario, the same assertions, with the JavaScript client the
/// original front end used (socket.io-client under node).
#[test]
fn in_process_javascript() {
    in_process_with(puppet::Puppet::start_js());
}

/// A server with the default settings (the system clock, the rate limit)
/// on a runtime of `workers` threads, and its URL. Keep the runtime and the
/// server alive while the test runs.
fn system_clock_server(workers: usize) -> (tokio::runtime::Runtime, server::Server, String) {
    system_clock_server_with(workers, |_| {})
}

/// The same with `change` applied to the settings.
fn system_clock_server_with(
    workers: usize,
    change: impl FnOnce(&mut Settings),
) -> (tokio::runtime::Runtime, server::Server, String) {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(workers)
        .enable_all()
        .build()
        .unwrap();
    let mut settings = Settings::new(world(), verifier());
    change(&mut settings);
    let server = runtime.block_on(async {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        server::start(settings, listener).await.unwrap()
    });
    let url = format!("http://{}", server.addr);
    (runtime, server, url)
}

// Regression test for: an offer made on a moving clock was "scheduled" in
// the server's answer, the offer reading the clock after its view had.
#[test]
fn offers_on_the_system_clock_are_pending() {
    let (_runtime, _server, url) = system_clock_server(1);
    let mut p = puppet::Puppet::start();
    let alice = p.token("alice", Utc::now() + TimeDelta::hours(1));
    p.connect("alice", &url, "/chat", &alice);
    let offer = serde_json::json!({"room": "room-1", "buyer": "bob", "code": "NOW",
        "value": {"type": "amount", "minor_units": 500, "currency": "EUR"}, "ttl_seconds": 600});
    for _ in 0..20 {
        let sent = p.call("alice", "send_offer", offer.clone());
        assert_eq!(
            sent["data"]["state"],
            serde_json::json!("pending"),
            "{sent}"
        );
    }
}

// Regression test for: an event sent the moment a connection was up could
// go unanswered (the client timed out), because the namespace's handlers
// were registered in the connect handler, which Socket.IO runs only after it
// has told the client it is connected.
#[test]
fn events_sent_the_moment_a_connection_is_up_are_answered() {
    // 300 connections of one user in a row: past the rate limit.
    let (_runtime, _server, url) = system_clock_server_with(2, |s| s.rate = None);
    let mut p = puppet::Puppet::start();
    let alice = p.token("alice", Utc::now() + TimeDelta::hours(1));
    for i in 0..300 {
        let conn = format!("alice-{i}");
        let joined = p.connect_then(
            &conn,
            &url,
            "/chat",
            &alice,
            ("join_room", serde_json::json!({"room": "room-1"})),
        );
        assert_eq!(
            joined,
            serde_json::json!({"ok": true, "data": {"room": "room-1"}}),
            "{conn}"
        );
        p.disconnect(&conn);
    }
}

/// A connection the presence cannot take is refused at the handshake, with
/// the reason; the user's other connections are untouched.
#[test]
fn a_connection_past_the_per_user_limit_is_refused_at_the_handshake() {
    let (_runtime, _server, url) = system_clock_server(2);
    let mut p = puppet::Puppet::start();
    let alice = p.token("alice", Utc::now() + TimeDelta::hours(1));
    for i in 0..64 {
        p.connect(&format!("alice-{i}"), &url, "/notifications", &alice);
    }
    let refused = p
        .connect_with(
            "alice-64",
            &url,
            "/notifications",
            serde_json::json!({ "token": alice }),
        )
        .unwrap_err();
    assert!(
        refused.starts_with(
            "user \"alice\" already has 64 live connections (max_connections_per_user 64), \
             so connection \""
        ),
        "{refused}"
    );
    p.ping("alice-0");
    p.disconnect("alice-0");
    p.connect("alice-64", &url, "/notifications", &alice);
    p.ping("alice-64");
}

/// A `chat-server` process started with `--manual-clock`.
struct ServerProcess {
    child: Child,
    stdin: ChildStdin,
    lines: mpsc::Receiver<String>,
    addr: String,
}

impl ServerProcess {
    /// A process sharing presence and offers through the Redis at
    /// `redis_url`, without the rate limit (the scenario sends bursts of bad
    /// input faster than a person would).
    fn start(redis_url: &str) -> ServerProcess {
        ServerProcess::start_with(&[
            "--redis",
            redis_url,
            "--redis-prefix",
            "e2e",
            "--events-per-sec",
            "0",
        ])
    }

    /// A process with `args` besides the listen address, a sweep every 20 ms
    /// and a manual clock at [`t0`].
    fn start_with(args: &[&str]) -> ServerProcess {
        let mut child = Command::new(env!("CARGO_BIN_EXE_chat-server"))
            .args(["--listen", "127.0.0.1:0", "--sweep-ms", "20"])
            .args(args)
            .arg("--manual-clock")
            .arg(t0().to_rfc3339())
            .env("CHAT_SECRET", SECRET)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("start chat-server");
        let stdin = child.stdin.take().unwrap();
        let stdout = child.stdout.take().unwrap();
        let (tx, lines) = mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                if tx.send(line).is_err() {
                    break;
                }
            }
        });
        let first = lines
            .recv_timeout(Duration::from_secs(30))
            .expect("chat-server prints where it listens");
        let addr = first
            .strip_prefix("chat-server listening on http://")
            .unwrap_or_else(|| panic!("unexpected first line {first:?}"))
            .to_owned();
        ServerProcess {
            child,
            stdin,
            lines,
            addr,
        }
    }

    /// The process's resident memory, in bytes.
    fn rss(&self) -> u64 {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.child.id())).unwrap();
        let kb = status
            .lines()
            .find_map(|l| l.strip_prefix("VmRSS:"))
            .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<u64>().ok())
            .unwrap();
        kb * 1024
    }

    fn clock(&mut self, command: &str) -> DateTime<Utc> {
        writeln!(self.stdin, "{command}").unwrap();
        self.stdin.flush().unwrap();
        loop {
            let line = self
                .lines
                .recv_timeout(Duration::from_secs(10))
                .expect("the clock answers");
            if let Some(now) = line.strip_prefix("now ") {
                return tzsafe::parse_aware(now).unwrap().to_utc();
            }
            assert!(!line.starts_with("error"), "{line}");
        }
    }
}

impl Drop for ServerProcess {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

struct ProcessClocks<'a>(&'a mut [ServerProcess], DateTime<Utc>);

impl TestClock for ProcessClocks<'_> {
    fn advance(&mut self, by: TimeDelta) {
        let ms = by.num_milliseconds();
        for server in self.0.iter_mut() {
            let now = server.clock(&format!("advance {ms}"));
            self.1 = now;
        }
    }

    fn now(&self) -> DateTime<Utc> {
        self.1
    }
}

#[test]
fn two_processes_share_presence_through_redis() {
    let redis = redis_server::RedisServer::start();
    let mut servers = [
        ServerProcess::start(&redis.url()),
        ServerProcess::start(&redis.url()),
    ];
    let addrs: Vec<String> = servers.iter().map(|s| s.addr.clone()).collect();
    let mut clocks = ProcessClocks(&mut servers, t0());
    scenario::run(puppet::Puppet::start(), &addrs, &mut clocks);
    // One presence in Redis: both processes count the same users.
    let counts: Vec<String> = addrs
        .iter()
        .map(|a| {
            let stats: serde_json::Value = serde_json::from_str(&http_get(a, "/stats")).unwrap();
            stats["online_users"].to_string()
        })
        .collect();
    assert_eq!(
        counts,
        ["1", "1"],
        "bob is online, alice is not, seen alike from both"
    );
}
