//! The load check: `--clients` python-socketio clients (1,000 by default)
//! connected to `/chat` at once, each in a room of ten and pinging every
//! second for `--seconds` (60), against a server in this process; every
//! `--offer-every`-th client (10) also sends an offer to the next member of
//! its room every second (ttl `--offer-ttl-secs`, 10), which that buyer
//! accepts as it arrives. Prints the server's handling times (p50, p99,
//! p99.9, max: from a handler's start to its acknowledgement being queued)
//! for heartbeats and for the offer events, the clients' round trips, the
//! server's CPU use (this process: the clients are other processes) and its
//! memory every `--sample-secs` (10) with the offers the book holds.
//!
//! ```text
//! cargo run -p chat-server --release --bin load
//! cargo run -p chat-server --release --bin load -- --clients 200 --seconds 10
//! cargo run -p chat-server --release --bin load -- --seconds 180 --offer-every 0
//! ```
//!
//! The clients run in `--procs` Python processes (2), made ready by
//! [`chat_server::pyenv`] (a virtual environment under the target directory,
//! or `CHAT_SERVER_PYTHON`). Every connection stays on 127.0.0.1.

// Indexing a `serde_json::Value` by key gives `Null` for a missing key; it
// does not panic.
#![allow(clippy::indexing_slicing)]

use std::io::{BufRead, BufReader, Write};
use std::process::{Child, ChildStdin, Command, ExitCode, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use chat_server::auth::{self, Extra, Secret, Verifier};
use chat_server::pyenv;
use chat_server::server::{self, Settings};
use chat_server::stats::Kind;
use chat_server::world::World;
use chrono::TimeDelta;
use clap::Parser;

#[derive(Parser)]
#[command(
    name = "load",
    about = "Many Socket.IO clients heartbeating against the chat server"
)]
struct Args {
    /// How many clients, each one connection to /chat.
    #[arg(long, default_value_t = 1000)]
    clients: usize,
    /// How long they ping, in seconds.
    #[arg(long, default_value_t = 60)]
    seconds: u64,
    /// Every this many clients, one sends an offer every second; 0: none.
    #[arg(long, default_value_t = 10)]
    offer_every: usize,
    /// The offers' time-to-live, in seconds.
    #[arg(long, default_value_t = 10)]
    offer_ttl_secs: u64,
    /// How often the server's memory is sampled, in seconds.
    #[arg(long, default_value_t = 10)]
    sample_secs: u64,
    /// Into how many Python processes the clients are split.
    #[arg(long, default_value_t = 2)]
    procs: usize,
    /// Tokio worker threads of the server.
    #[arg(long, default_value_t = 2)]
    threads: usize,
}

fn main() -> ExitCode {
    match run(Args::parse()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("load: {e}");
            ExitCode::FAILURE
        }
    }
}

struct Client {
    child: Child,
    stdin: ChildStdin,
    lines: mpsc::Receiver<String>,
}

impl Client {
    fn next(&self, timeout: Duration) -> Result<serde_json::Value, String> {
        let line = self
            .lines
            .recv_timeout(timeout)
            .map_err(|_| format!("a client process said nothing for {timeout:?}"))?;
        serde_json::from_str(&line).map_err(|e| format!("client wrote {line:?}: {e}"))
    }
}

/// User and system CPU time of process `pid` ("self" for this one), in
/// seconds, from `/proc/<pid>/stat`.
fn cpu_seconds(pid: &str) -> Result<f64, String> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat"))
        .map_err(|e| format!("cannot read /proc/{pid}/stat: {e}"))?;
    // Fields after the parenthesised command name: state is field 3, utime
    // 14 and stime 15 (1-based), so 11 and 12 after the name.
    let after = stat.rsplit_once(')').map_or("", |(_, rest)| rest);
    let fields: Vec<&str> = after.split_whitespace().collect();
    let ticks = |i: usize| {
        fields
            .get(i)
            .and_then(|f| f.parse::<f64>().ok())
            .unwrap_or(0.0)
    };
    let hz = Command::new("getconf")
        .arg("CLK_TCK")
        .output()
        .ok()
        .and_then(|o| String::from_utf8(o.stdout).ok())
        .and_then(|s| s.trim().parse::<f64>().ok())
        .unwrap_or(100.0);
    Ok((ticks(11) + ticks(12)) / hz)
}

/// This process's resident memory, MiB.
fn rss_mib() -> f64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|status| {
            status
                .lines()
                .find_map(|l| l.strip_prefix("VmRSS:"))
                .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<f64>().ok())
        })
        .map_or(0.0, |kb| kb / 1024.0)
}

fn machine() -> String {
    let cpuinfo = std::fs::read_to_string("/proc/cpuinfo").unwrap_or_default();
    let model = cpuinfo
        .lines()
        .find_map(|l| l.strip_prefix("model name"))
        .and_then(|l| l.split_once(':'))
        .map_or("unknown CPU", |(_, m)| m.trim())
        .to_owned();
    let cores = std::thread::available_parallelism().map_or(0, |n| n.get());
    format!("{model}, {cores} cores")
}

/// Users `load-0000` ... (without friends: the check measures the server's
/// own work, not presence fan-out), in rooms of ten (`room-000` holds
/// `load-0000` to `load-0009`).
fn load_world(clients: usize) -> Result<World, String> {
    let user = |i: usize| format!("load-{i:04}");
    let users: serde_json::Map<String, serde_json::Value> = (0..clients)
        .map(|i| (user(i), serde_json::json!({})))
        .collect();
    let rooms: serde_json::Map<String, serde_json::Value> = (0..clients.div_ceil(10))
        .map(|r| {
            let members: Vec<String> = (r * 10..clients.min(r * 10 + 10)).map(user).collect();
            (
                format!("room-{r:03}"),
                serde_json::json!({ "members": members }),
            )
        })
        .collect();
    World::from_json(&serde_json::json!({"users": users, "rooms": rooms}).to_string())
}

fn run(args: Args) -> Result<(), String> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(args.threads.max(1))
        .enable_all()
        .build()
        .map_err(|e| e.to_string())?;
    let world = load_world(args.clients)?;
    let secret = Secret::random()?;
    let settings = Settings::new(world, Verifier::hs256(&secret)?);
    let server = runtime.block_on(async {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .map_err(|e| e.to_string())?;
        server::start(settings, listener).await
    })?;
    let url = format!("http://{}", server.addr);

    // Tokens for load-0000 .. load-NNNN, valid for the run.
    let dir = std::env::temp_dir().join(format!("chat-load-{}", std::process::id()));
    std::fs::create_dir_all(&dir).map_err(|e| e.to_string())?;
    let tokens = dir.join("tokens.txt");
    let now = tzsafe::utcnow_aware();
    let mut text = String::new();
    for i in 0..args.clients {
        let user = format!("load-{i:04}");
        let token = auth::issue(
            &secret,
            &user,
            now,
            now + TimeDelta::hours(2),
            &Extra::default(),
        )?;
        text.push_str(&format!("{user} {token}\n"));
    }
    std::fs::write(&tokens, text).map_err(|e| e.to_string())?;

    let exe = std::env::current_exe().map_err(|e| e.to_string())?;
    let target = exe
        .parent()
        .and_then(|p| p.parent())
        .ok_or("cannot find the target directory")?;
    let python = pyenv::python(&target.join("tmp"))?;

    println!(
        "load: {} clients in {} processes, pinging every 1 s for {} s, one in {} offering every 1 s (ttl {} s), server on {url} with {} worker threads",
        args.clients, args.procs, args.seconds, args.offer_every, args.offer_ttl_secs, args.threads
    );
    let procs = args.procs.clamp(1, args.clients.max(1));
    let mut clients = Vec::new();
    let started = Instant::now();
    for k in 0..procs {
        let first = k * args.clients / procs;
        let count = (k + 1) * args.clients / procs - first;
        let mut child = Command::new(&python)
            .arg(pyenv::script("load.py"))
            .args(["--url", &url, "--tokens"])
            .arg(&tokens)
            .args(["--first", &first.to_string(), "--count", &count.to_string()])
            .args(["--seconds", &args.seconds.to_string()])
            .args(["--offer-every", &args.offer_every.to_string()])
            .args(["--offer-ttl", &args.offer_ttl_secs.to_string()])
            .args(["--clients", &args.clients.to_string()])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .map_err(|e| format!("cannot start load.py: {e}"))?;
        let stdin = child.stdin.take().ok_or("no stdin")?;
        let stdout = child.stdout.take().ok_or("no stdout")?;
        let (tx, lines) = mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                if tx.send(line).is_err() {
                    break;
                }
            }
        });
        clients.push(Client {
            child,
            stdin,
            lines,
        });
    }
    let mut connected = 0;
    for client in &clients {
        connected += client.next(Duration::from_secs(300))?["connected"]
            .as_u64()
            .unwrap_or(0);
    }
    let online = runtime
        .block_on(server.app.online_count())
        .map_err(|e| e.to_string())?;
    println!(
        "load: {connected} clients connected in {:.1} s; {online} users online",
        started.elapsed().as_secs_f64()
    );

    server.app.stats().reset();
    let cpu0 = cpu_seconds("self")?;
    let client_cpu0: Vec<f64> = clients
        .iter()
        .map(|c| cpu_seconds(&c.child.id().to_string()).unwrap_or(0.0))
        .collect();
    let wall0 = Instant::now();
    for client in &mut clients {
        writeln!(client.stdin, "go").map_err(|e| e.to_string())?;
        client.stdin.flush().map_err(|e| e.to_string())?;
    }
    // The server's memory (this process's resident set) and the book's
    // size, every sample_secs, until the clients report.
    let (stop, stopped) = mpsc::channel::<()>();
    let app = server.app.clone();
    let every = Duration::from_secs(args.sample_secs.max(1));
    let sampler = std::thread::spawn(move || {
        let mut samples = vec![(0, rss_mib(), app.held_offers())];
        while let Err(mpsc::RecvTimeoutError::Timeout) = stopped.recv_timeout(every) {
            samples.push((wall0.elapsed().as_secs(), rss_mib(), app.held_offers()));
        }
        samples
    });
    let mut reports = Vec::new();
    let mut client_cpu = 0.0;
    for (client, cpu) in clients.iter().zip(&client_cpu0) {
        reports.push(client.next(Duration::from_secs(args.seconds + 120))?);
        client_cpu += cpu_seconds(&client.child.id().to_string()).unwrap_or(0.0) - cpu;
    }
    let wall = wall0.elapsed().as_secs_f64();
    let cpu = cpu_seconds("self")? - cpu0;
    let summary = server.app.stats().summary(Kind::Heartbeat);
    let offer_summary = server.app.stats().summary(Kind::Offer);
    drop(stop);
    let samples = sampler.join().map_err(|_| "the memory sampler failed")?;
    for client in &mut clients {
        let _ = client.child.wait();
    }
    let _ = std::fs::remove_dir_all(&dir);

    let pings: u64 = reports.iter().filter_map(|r| r["pings"].as_u64()).sum();
    let errors: u64 = reports.iter().filter_map(|r| r["errors"].as_u64()).sum();
    let late: u64 = reports.iter().filter_map(|r| r["late"].as_u64()).sum();
    let worst = |key: &str| {
        reports
            .iter()
            .filter_map(|r| r["rtt_ms"][key].as_f64())
            .fold(0.0_f64, f64::max)
    };
    println!("machine: {}", machine());
    println!(
        "heartbeats handled by the server: {} in {wall:.1} s ({:.0}/s)",
        summary.count,
        summary.count as f64 / wall
    );
    println!(
        "server heartbeat handling: p50 {} us, p99 {} us, p99.9 {} us, max {} us",
        summary.p50_us, summary.p99_us, summary.p999_us, summary.max_us
    );
    println!(
        "client round trip (ping to ack, worst process): p50 {:.2} ms, p99 {:.2} ms, max {:.2} ms",
        worst("p50"),
        worst("p99"),
        worst("max")
    );
    println!(
        "server offer event handling ({} events): p50 {} us, p99 {} us, p99.9 {} us, max {} us",
        offer_summary.count,
        offer_summary.p50_us,
        offer_summary.p99_us,
        offer_summary.p999_us,
        offer_summary.max_us
    );
    println!("client pings: {pings}, errors {errors}, started late {late}");
    let sum = |key: &str| -> u64 {
        reports
            .iter()
            .filter_map(|r| r["offers"][key].as_u64())
            .sum()
    };
    let mut refused = std::collections::BTreeMap::<String, u64>::new();
    for report in &reports {
        if let Some(codes) = report["offers"]["refused"].as_object() {
            for (code, n) in codes {
                *refused.entry(code.clone()).or_default() += n.as_u64().unwrap_or(0);
            }
        }
    }
    println!(
        "offers: {} sent, {} accepted, refused {refused:?}",
        sum("sent"),
        sum("accepted")
    );
    println!(
        "server memory (resident) and offers held, every {} s:",
        every.as_secs()
    );
    for (at, mib, held) in &samples {
        let held = held.map_or_else(|| "-".to_owned(), |n| n.to_string());
        println!("  {at:>4} s  {mib:>6.1} MiB  {held:>6} offers");
    }
    println!(
        "server CPU: {cpu:.2} s in {wall:.1} s = {:.1}% of one core; the Python clients: {:.1}%",
        100.0 * cpu / wall,
        100.0 * client_cpu / wall
    );
    if errors > 0 || connected != args.clients as u64 {
        return Err(format!(
            "{errors} pings failed, {connected} of {} clients connected",
            args.clients
        ));
    }
    Ok(())
}
