//! `client/puppet.py` (or its twin `client/puppet.mjs`) driven from Rust: real
//! Socket.IO clients whose every received event is recorded here, per
//! connection.

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Write};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::{Arc, Condvar, Mutex};
use std::time::{Duration, Instant};

use serde_json::{json, Value};

use crate::python;

/// How long a reply or an awaited event may take.
const TIMEOUT: Duration = Duration::from_secs(15);

#[derive(Default)]
struct Seen {
    replies: HashMap<u64, Value>,
    /// `(connection, event, data)` in arrival order.
    events: Vec<(String, String, Value)>,
    closed: bool,
}

pub struct Puppet {
    child: Child,
    stdin: ChildStdin,
    seen: Arc<(Mutex<Seen>, Condvar)>,
    seq: u64,
    /// For the JavaScript puppet: the Python one that mints tokens with
    /// PyJWT.
    minter: Option<Box<Puppet>>,
}

impl Puppet {
    /// python-socketio clients (`client/puppet.py`).
    pub fn start() -> Puppet {
        let mut command = Command::new(python::python());
        command.arg(python::script("puppet.py"));
        Puppet::spawn(command, None)
    }

    /// socket.io-client clients under node (`client/puppet.mjs`); tokens
    /// are still minted by PyJWT.
    pub fn start_js() -> Puppet {
        let dir = crate::node::client_dir();
        let mut command = Command::new("node");
        command.arg(dir.join("puppet.mjs")).current_dir(dir);
        Puppet::spawn(command, Some(Box::new(Puppet::start())))
    }

    /// Pages in headless Chromium driven by puppeteer-core
    /// (`client/browser.mjs`); tokens are minted by PyJWT.
    pub fn start_browser() -> Puppet {
        let dir = crate::node::client_dir();
        let mut command = Command::new("node");
        command.arg(dir.join("browser.mjs")).current_dir(dir);
        Puppet::spawn(command, Some(Box::new(Puppet::start())))
    }

    /// Sends `cmd`, which must succeed: the reply.
    pub fn command(&mut self, cmd: Value) -> Value {
        let reply = self.send(cmd.clone());
        assert_eq!(reply["ok"], json!(true), "{cmd}: {reply}");
        reply
    }

    fn spawn(mut command: Command, minter: Option<Box<Puppet>>) -> Puppet {
        let mut child = command
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start {command:?}: {e}"));
        let stdin = child.stdin.take().expect("puppet stdin");
        let stdout = child.stdout.take().expect("puppet stdout");
        let seen = Arc::new((Mutex::new(Seen::default()), Condvar::new()));
        let shared = seen.clone();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines() {
                let Ok(line) = line else { break };
                let value: Value = serde_json::from_str(&line)
                    .unwrap_or_else(|e| panic!("puppet wrote {line:?}: {e}"));
                let (lock, cvar) = &*shared;
                let mut seen = lock.lock().unwrap();
                if let Some(seq) = value.get("seq").and_then(Value::as_u64) {
                    seen.replies.insert(seq, value);
                } else if let Some(conn) = value.get("conn").and_then(Value::as_str) {
                    let event = value["event"].as_str().unwrap_or_default().to_owned();
                    let data = value.get("data").cloned().unwrap_or(Value::Null);
                    seen.events.push((conn.to_owned(), event, data));
                } else if value.get("ready").is_some() {
                    seen.replies.insert(0, value);
                }
                cvar.notify_all();
            }
            let (lock, cvar) = &*shared;
            lock.lock().unwrap().closed = true;
            cvar.notify_all();
        });
        let mut puppet = Puppet {
            child,
            stdin,
            seen,
            seq: 0,
            minter,
        };
        // Starting Chromium can take a while on a busy machine.
        puppet.reply_within(0, Duration::from_secs(60));
        puppet
    }

    fn reply(&mut self, seq: u64) -> Value {
        self.reply_within(seq, TIMEOUT)
    }

    fn reply_within(&mut self, seq: u64, timeout: Duration) -> Value {
        let (lock, cvar) = &*self.seen;
        let deadline = Instant::now() + timeout;
        let mut seen = lock.lock().unwrap();
        loop {
            if let Some(reply) = seen.replies.remove(&seq) {
                return reply;
            }
            assert!(
                !seen.closed,
                "the puppet exited before answering command {seq}"
            );
            let left = deadline.saturating_duration_since(Instant::now());
            assert!(
                !left.is_zero(),
                "the puppet did not answer command {seq} in {timeout:?}"
            );
            seen = cvar.wait_timeout(seen, left).unwrap().0;
        }
    }

    fn send(&mut self, cmd: Value) -> Value {
        self.send_within(cmd, TIMEOUT)
    }

    fn send_within(&mut self, mut cmd: Value, timeout: Duration) -> Value {
        self.seq += 1;
        cmd["seq"] = json!(self.seq);
        writeln!(self.stdin, "{cmd}").expect("write to the puppet");
        self.stdin.flush().expect("flush the puppet");
        self.reply_within(self.seq, timeout)
    }

    /// Connects `conn` to `ns` at `url` with `auth`; the socket id, or the
    /// `connect_error` message.
    pub fn connect_with(
        &mut self,
        conn: &str,
        url: &str,
        ns: &str,
        auth: Value,
    ) -> Result<String, String> {
        let reply =
            self.send(json!({"op": "connect", "conn": conn, "url": url, "ns": ns, "auth": auth}));
        if reply["ok"] == json!(true) {
            Ok(reply["sid"].as_str().unwrap_or_default().to_owned())
        } else {
            Err(reply["error"].as_str().unwrap_or_default().to_owned())
        }
    }

    /// Connects with `{"token": token}`, which must succeed.
    pub fn connect(&mut self, conn: &str, url: &str, ns: &str, token: &str) -> String {
        self.connect_with(conn, url, ns, json!({ "token": token }))
            .unwrap_or_else(|e| panic!("{conn} could not connect to {ns}: {e}"))
    }

    /// Connects `conn` to `ns` with `token` and, the moment the connection is
    /// up, emits `event` with `data` (as a client's own connect handler
    /// would, with no round trip to this test in between); the
    /// acknowledgement.
    pub fn connect_then(
        &mut self,
        conn: &str,
        url: &str,
        ns: &str,
        token: &str,
        (event, data): (&str, Value),
    ) -> Value {
        let reply = self.send(json!({"op": "connect", "conn": conn, "url": url, "ns": ns,
            "auth": {"token": token}, "then": {"event": event, "data": data}}));
        assert_eq!(
            reply["ok"],
            json!(true),
            "{conn} connect, then {event}: {reply}"
        );
        reply["ack"].clone()
    }

    /// Emits `event` with `data` and returns the acknowledgement.
    pub fn call(&mut self, conn: &str, event: &str, data: Value) -> Value {
        let reply = self
            .send(json!({"op": "emit", "conn": conn, "event": event, "data": data, "ack": true}));
        assert_eq!(reply["ok"], json!(true), "{conn} {event}: {reply}");
        reply["ack"].clone()
    }

    /// Emits every `(conn, event, data)` of `calls` at once (the puppet
    /// sends each as soon as it reads it), then waits for every
    /// acknowledgement; they come back in the order of `calls`.
    pub fn call_all(&mut self, calls: &[(&str, &str, Value)]) -> Vec<Value> {
        let first = self.seq + 1;
        for (conn, event, data) in calls {
            self.seq += 1;
            let cmd = json!({"op": "emit", "conn": conn, "event": event, "data": data,
                "ack": true, "seq": self.seq});
            writeln!(self.stdin, "{cmd}").expect("write to the puppet");
        }
        self.stdin.flush().expect("flush the puppet");
        (first..=self.seq)
            .map(|seq| {
                let reply = self.reply(seq);
                assert_eq!(reply["ok"], json!(true), "{reply}");
                reply["ack"].clone()
            })
            .collect()
    }

    /// Emits `event` without arguments and without waiting for an answer.
    pub fn emit_bare(&mut self, conn: &str, event: &str) {
        let reply = self.send(json!({"op": "emit", "conn": conn, "event": event}));
        assert_eq!(reply["ok"], json!(true), "{conn} {event}: {reply}");
    }

    /// Emits `event` with `data`, not waiting for an answer.
    pub fn emit(&mut self, conn: &str, event: &str, data: Value) {
        let reply = self.send(json!({"op": "emit", "conn": conn, "event": event, "data": data}));
        assert_eq!(reply["ok"], json!(true), "{conn} {event}: {reply}");
    }

    /// Emits `event` with `data` `count` times, at most `window` unanswered
    /// at once: `{"codes": {"ok" | code: n}, "seconds": s}`.
    pub fn flood(
        &mut self,
        conn: &str,
        event: &str,
        data: Value,
        count: usize,
        window: usize,
    ) -> Value {
        let reply = self.send_within(
            json!({"op": "flood", "conn": conn, "event": event, "data": data,
                "count": count, "window": window}),
            Duration::from_secs(300),
        );
        assert_eq!(reply["ok"], json!(true), "{conn} flood of {event}: {reply}");
        reply
    }

    /// A JWT of `claims`, minted by PyJWT with `alg` and `key` (a shared
    /// secret, or a private key in PEM).
    pub fn mint(&mut self, claims: Value, key: &str, alg: &str) -> String {
        if let Some(minter) = &mut self.minter {
            return minter.mint(claims, key, alg);
        }
        let reply = self.send(json!({"op": "mint", "claims": claims, "key": key, "alg": alg}));
        assert_eq!(reply["ok"], json!(true), "mint: {reply}");
        reply["token"].as_str().unwrap_or_default().to_owned()
    }

    /// An HS256 token for `user` until `expires_at`, signed with the tests'
    /// secret.
    pub fn token(&mut self, user: &str, expires_at: chrono::DateTime<chrono::Utc>) -> String {
        self.mint(
            json!({"sub": user, "exp": expires_at.timestamp()}),
            crate::SECRET,
            "HS256",
        )
    }

    /// A new key pair (`"rsa"` or `"ed25519"`): `(private, public)` in PEM.
    pub fn keygen(&mut self, kind: &str) -> (String, String) {
        if let Some(minter) = &mut self.minter {
            return minter.keygen(kind);
        }
        let reply = self.send(json!({"op": "keygen", "kind": kind}));
        assert_eq!(reply["ok"], json!(true), "keygen: {reply}");
        let pem = |k: &str| reply[k].as_str().unwrap_or_default().to_owned();
        (pem("private"), pem("public"))
    }

    /// A `ping` that must be acknowledged with `ok`.
    pub fn ping(&mut self, conn: &str) {
        let ack = self.call(conn, "ping", json!({}));
        assert_eq!(ack["ok"], json!(true), "{conn} ping: {ack}");
    }

    /// Connects `conn` to `ns` over the WebSocket of `manager` (opened by
    /// its first connection), as one page's `io("/chat")`, `io("/social")`
    /// share one: the JavaScript puppet only.
    pub fn connect_shared(&mut self, manager: &str, conn: &str, url: &str, ns: &str, token: &str) {
        let reply = self.send(json!({"op": "connect", "conn": conn, "url": url, "ns": ns,
            "auth": {"token": token}, "manager": manager}));
        assert_eq!(
            reply["ok"],
            json!(true),
            "{conn} could not connect to {ns}: {reply}"
        );
    }

    /// Closes the WebSocket of `manager` (a tab closing): the JavaScript
    /// puppet only.
    pub fn close_manager(&mut self, manager: &str) {
        let reply = self.send(json!({"op": "close_manager", "manager": manager}));
        assert_eq!(reply["ok"], json!(true), "close {manager}: {reply}");
    }

    pub fn disconnect(&mut self, conn: &str) {
        let reply = self.send(json!({"op": "disconnect", "conn": conn}));
        assert_eq!(reply["ok"], json!(true), "{conn} disconnect: {reply}");
    }

    /// What `conn` has received as `event`, so far.
    pub fn events(&self, conn: &str, event: &str) -> Vec<Value> {
        let (lock, _) = &*self.seen;
        lock.lock()
            .unwrap()
            .events
            .iter()
            .filter(|(c, e, _)| c == conn && e == event)
            .map(|(_, _, d)| d.clone())
            .collect()
    }

    /// Waits until `conn` has received `event` at least `count` times; all
    /// of them.
    pub fn wait_for(&self, conn: &str, event: &str, count: usize) -> Vec<Value> {
        let (lock, cvar) = &*self.seen;
        let deadline = Instant::now() + TIMEOUT;
        let mut seen = lock.lock().unwrap();
        loop {
            let got: Vec<Value> = seen
                .events
                .iter()
                .filter(|(c, e, _)| c == conn && e == event)
                .map(|(_, _, d)| d.clone())
                .collect();
            if got.len() >= count {
                return got;
            }
            let left = deadline.saturating_duration_since(Instant::now());
            assert!(
                !left.is_zero(),
                "{conn} received {} {event} events in {TIMEOUT:?}, expected {count}: {got:?}",
                got.len()
            );
            seen = cvar.wait_timeout(seen, left).unwrap().0;
        }
    }
}

impl Drop for Puppet {
    fn drop(&mut self) {
        let _ = writeln!(self.stdin, "{}", json!({"op": "quit"}));
        let _ = self.stdin.flush();
        let deadline = Instant::now() + Duration::from_secs(5);
        while Instant::now() < deadline {
            if let Ok(Some(_)) = self.child.try_wait() {
                return;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
