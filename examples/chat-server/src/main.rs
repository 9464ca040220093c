//! `chat-server`: runs the server, or prints a token.
//!
//! ```text
//! cargo run -p chat-server                      # http://127.0.0.1:3000
//! cargo run -p chat-server -- --redis redis://127.0.0.1:6379 --listen 127.0.0.1:3001
//! CHAT_SECRET=... cargo run -p chat-server -- token alice --valid-for-secs 3600
//! ```

use std::io::Write as _;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use chrono::{SubsecRound as _, TimeDelta, Utc};
use clap::{Parser, Subcommand};
use tokio::io::{AsyncBufReadExt, BufReader};
use tzsafe::ManualClock;

use chat_server::auth::{self, Secret};
use chat_server::server::{self, PresenceRules, ServerClock, Settings};
use chat_server::text::instant;
use chat_server::world::World;

/// The environment variable holding the token secret (at least 32 bytes).
const SECRET_VAR: &str = "CHAT_SECRET";

#[derive(Parser)]
#[command(
    name = "chat-server",
    about = "A Socket.IO chat-commerce server on tzsafe",
    after_help = "The token secret is read from CHAT_SECRET (at least 32 bytes). Without it the \
                  server makes a random one for this run and prints a token for each user of \
                  the world file."
)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
    #[command(flatten)]
    serve: Serve,
}

#[derive(Subcommand)]
enum Command {
    /// Prints a token for USER, signed with CHAT_SECRET.
    Token {
        /// The user the token names.
        user: String,
        /// How long it is valid.
        #[arg(long, default_value_t = 3600)]
        valid_for_secs: i64,
    },
}

#[derive(clap::Args)]
struct Serve {
    /// Address to listen on (port 0: any free port).
    #[arg(long, default_value = "127.0.0.1:3000")]
    listen: SocketAddr,
    /// Users, friends, zones and rooms.
    #[arg(long, default_value = concat!(env!("CARGO_MANIFEST_DIR"), "/data/world.json"))]
    world: PathBuf,
    /// Offers exported from the old service (naive timestamps in the
    /// merchant's zone); "none" for none.
    #[arg(long, default_value = concat!(env!("CARGO_MANIFEST_DIR"), "/data/legacy_offers.json"))]
    legacy_offers: PathBuf,
    /// Share presence and broadcasts with other processes through this Redis
    /// (7.0 or later), e.g. redis://127.0.0.1:6379.
    #[arg(long)]
    redis: Option<String>,
    /// Prefix of the presence keys in Redis.
    #[arg(long, default_value = "chat")]
    redis_prefix: String,
    /// A connection stays live this many seconds after its last ping.
    #[arg(long, default_value_t = 60)]
    ttl_secs: i64,
    /// Clients are told to ping this often (seconds); at most half the TTL.
    #[arg(long, default_value_t = 25)]
    heartbeat_secs: i64,
    /// A user stays online this many seconds after their last connection closes.
    #[arg(long, default_value_t = 10)]
    grace_secs: i64,
    /// An online user with no activity for this many seconds is away.
    #[arg(long, default_value_t = 300)]
    away_secs: i64,
    /// How often the sweep task runs, in milliseconds (real time).
    #[arg(long, default_value_t = 1000)]
    sweep_ms: u64,
    /// For tests: start the server's clock at this RFC 3339 instant and move
    /// it only when told on standard input ("advance <ms>" or "set
    /// <instant>"; each answered with "now <instant>" on standard output).
    #[arg(long)]
    manual_clock: Option<String>,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    tracing_subscriber::fmt()
        .with_writer(std::io::stderr)
        .with_max_level(tracing::Level::INFO)
        .init();
    let result = match cli.command {
        Some(Command::Token {
            user,
            valid_for_secs,
        }) => print_token(&user, valid_for_secs),
        None => serve(cli.serve),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("chat-server: {message}");
            ExitCode::FAILURE
        }
    }
}

fn secret_from_env() -> Result<Option<Secret>, String> {
    match std::env::var(SECRET_VAR) {
        Ok(value) => Secret::new(value.into_bytes()).map(Some),
        Err(std::env::VarError::NotPresent) => Ok(None),
        Err(e) => Err(format!("{SECRET_VAR}: {e}")),
    }
}

fn print_token(user: &str, valid_for_secs: i64) -> Result<(), String> {
    let secret = secret_from_env()?
        .ok_or_else(|| format!("set {SECRET_VAR} to the server's secret to sign a token"))?;
    let valid = TimeDelta::try_seconds(valid_for_secs)
        .filter(|d| *d > TimeDelta::zero())
        .ok_or_else(|| format!("--valid-for-secs {valid_for_secs}: expected a positive number"))?;
    let until = (tzsafe::utcnow_aware() + valid).trunc_subsecs(0);
    let token = auth::issue(&secret, user, until)?;
    println!("{token}");
    Ok(())
}

fn serve(args: Serve) -> Result<(), String> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|e| format!("cannot start the runtime: {e}"))?;
    runtime.block_on(run(args))
}

async fn run(args: Serve) -> Result<(), String> {
    let world = World::load(&args.world)?;
    let (secret, generated) = match secret_from_env()? {
        Some(secret) => (secret, false),
        None => (Secret::random()?, true),
    };
    let clock = match &args.manual_clock {
        None => ServerClock::System,
        Some(start) => {
            let start = tzsafe::parse_aware(start).map_err(|e| format!("--manual-clock: {e}"))?;
            ServerClock::Manual(ManualClock::new(start))
        }
    };
    let mut settings = Settings::new(world.clone(), secret.clone());
    settings.clock = clock.clone();
    settings.redis = args.redis;
    settings.redis_prefix = args.redis_prefix;
    settings.sweep_every = Duration::from_millis(args.sweep_ms.max(1));
    let seconds = |name: &str, n: i64| {
        TimeDelta::try_seconds(n).ok_or_else(|| format!("--{name} {n} is out of range"))
    };
    settings.presence = PresenceRules {
        ttl: seconds("ttl-secs", args.ttl_secs)?,
        heartbeat_interval: seconds("heartbeat-secs", args.heartbeat_secs)?,
        grace: seconds("grace-secs", args.grace_secs)?,
        away_after: seconds("away-secs", args.away_secs)?,
    };
    if args.legacy_offers.as_os_str() != "none" {
        let path = &args.legacy_offers;
        let text = std::fs::read_to_string(path)
            .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
        let loaded = chat_server::legacy::load(&text, &world)
            .map_err(|e| format!("{}: {e}", path.display()))?;
        for skipped in &loaded.skipped {
            tracing::warn!("{}: skipped {skipped}", path.display());
        }
        tracing::info!(
            "{} legacy offers loaded from {}",
            loaded.offers.len(),
            path.display()
        );
        settings.offers = loaded.offers;
    }

    let listener = tokio::net::TcpListener::bind(args.listen)
        .await
        .map_err(|e| format!("cannot listen on {}: {e}", args.listen))?;
    let server = server::start(settings, listener).await?;
    let mut out = std::io::stdout().lock();
    let _ = writeln!(out, "chat-server listening on http://{}", server.addr);
    if generated {
        let _ = writeln!(
            out,
            "{SECRET_VAR} is not set: a random secret signs this run's tokens. Tokens valid for 24 hours:"
        );
        let until = (Utc::now() + TimeDelta::hours(24)).trunc_subsecs(0);
        for user in world.users() {
            let _ = writeln!(
                out,
                "  {user}: {}",
                auth::issue(&secret, user.as_str(), until)?
            );
        }
    }
    let _ = out.flush();
    drop(out);

    if let ServerClock::Manual(clock) = clock {
        tokio::spawn(drive_clock(clock));
    }
    tokio::select! {
        () = server.wait() => Err("the server stopped".to_owned()),
        _ = tokio::signal::ctrl_c() => Ok(()),
    }
}

/// Moves the manual clock as standard input says; answers each line.
async fn drive_clock(clock: ManualClock) {
    let mut lines = BufReader::new(tokio::io::stdin()).lines();
    while let Ok(Some(line)) = lines.next_line().await {
        let line = line.trim();
        let reply = match line.split_once(' ') {
            Some(("advance", ms)) => match ms.parse::<i64>() {
                Ok(ms) => Ok(clock.advance(TimeDelta::milliseconds(ms))),
                Err(e) => Err(format!("advance {ms}: {e}")),
            },
            Some(("set", at)) => tzsafe::parse_aware(at)
                .map(|at| clock.set(at))
                .map_err(|e| e.to_string()),
            _ => Err(format!(
                "unknown clock command {line:?}: expected \"advance <ms>\" or \"set <instant>\""
            )),
        };
        let mut out = std::io::stdout().lock();
        let _ = match reply {
            Ok(now) => writeln!(out, "now {}", instant(&now)),
            Err(e) => writeln!(out, "error {e}"),
        };
        let _ = out.flush();
    }
}
