//! `chat-server`: runs the server, or prints a token.
//!
//! ```text
//! cargo run -p chat-server                      # http://127.0.0.1:3000
//! cargo run -p chat-server -- --redis redis://127.0.0.1:6379 --listen 127.0.0.1:3001
//! CHAT_SECRET=... cargo run -p chat-server -- token alice --valid-for-secs 3600
//! cargo run -p chat-server -- --jwt-public-key idp.pem --jwt-audience chat
//! ```

use std::io::Write as _;
use std::net::SocketAddr;
use std::num::NonZeroU32;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Duration;

use chrono::{SubsecRound as _, TimeDelta, Utc};
use clap::{Parser, Subcommand};
use tokio::io::{AsyncBufReadExt, BufReader};
use tzsafe::ManualClock;

use chat_server::auth::{self, Extra, Secret, Verifier};
use chat_server::limit::RateRules;
use chat_server::offers::BookRules;
use chat_server::server::{self, PresenceRules, ServerClock, Settings};
use chat_server::text::instant;
use chat_server::world::World;

/// The environment variable holding the token secret (at least 32 bytes).
const SECRET_VAR: &str = "CHAT_SECRET";

#[derive(Parser)]
#[command(
    name = "chat-server",
    about = "A Socket.IO chat-commerce server on tzsafe",
    after_help = "Tokens are JWTs. By default they are HS256, signed with the secret in \
                  CHAT_SECRET (at least 32 bytes); without it the server makes a random one for \
                  this run and prints a token for each user of the world file. With \
                  --jwt-public-key they are RS256 or EdDSA tokens of an identity provider."
)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
    #[command(flatten)]
    serve: Serve,
}

#[derive(Subcommand)]
enum Command {
    /// Prints an HS256 JWT for USER (a user of the world file), signed with
    /// CHAT_SECRET.
    Token {
        /// The user the token names (its `sub`).
        user: String,
        /// How long it is valid.
        #[arg(long, default_value_t = 3600)]
        valid_for_secs: i64,
        /// Users, friends, zones and rooms.
        #[arg(long, default_value = concat!(env!("CARGO_MANIFEST_DIR"), "/data/world.json"))]
        world: PathBuf,
        /// The token's `aud`.
        #[arg(long)]
        audience: Option<String>,
        /// The token's `iss`.
        #[arg(long)]
        issuer: Option<String>,
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
    /// Share presence, offers, reactions and broadcasts with other
    /// processes through this Redis (7.0 or later), e.g.
    /// redis://127.0.0.1:6379.
    #[arg(long)]
    redis: Option<String>,
    /// Prefix of the keys in Redis (presence, offers, messages).
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
    /// Accept RS256 or EdDSA tokens checked with this public key (PEM, RSA
    /// or Ed25519) instead of HS256 tokens signed with CHAT_SECRET.
    #[arg(long)]
    jwt_public_key: Option<PathBuf>,
    /// Accept a token's exp, nbf and iat off by this many seconds.
    #[arg(long, default_value_t = 30)]
    jwt_leeway_secs: i64,
    /// Require this `aud` in every token.
    #[arg(long)]
    jwt_audience: Option<String>,
    /// Require this `iss` in every token.
    #[arg(long)]
    jwt_issuer: Option<String>,
    /// The most open offers a seller may have.
    #[arg(long, default_value_t = BookRules::default().per_user)]
    offers_per_user: usize,
    /// The most open offers a room may have.
    #[arg(long, default_value_t = BookRules::default().per_room)]
    offers_per_room: usize,
    /// How long an answered, withdrawn or expired offer stays listed, in
    /// seconds.
    #[arg(long, default_value_t = BookRules::default().retention.num_seconds())]
    offer_retention_secs: i64,
    /// The most events a user may send a second, on all their connections
    /// of this process together; 0 for no limit.
    #[arg(long, default_value_t = RateRules::default().per_second.get())]
    events_per_sec: u32,
    /// The most events a user may send at once, after a quiet spell.
    #[arg(long, default_value_t = RateRules::default().burst.get())]
    event_burst: u32,
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
            world,
            audience,
            issuer,
        }) => print_token(&user, valid_for_secs, &world, &Extra { audience, issuer }),
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

fn print_token(user: &str, valid_for_secs: i64, world: &Path, extra: &Extra) -> Result<(), String> {
    let world = World::load(world)?;
    auth::check_user_id(user)?;
    if !world.has_user(&user.into()) {
        return Err(format!(
            "unknown user {}: the world file has no such user",
            chat_server::text::quoted(user)
        ));
    }
    let secret = secret_from_env()?
        .ok_or_else(|| format!("set {SECRET_VAR} to the server's secret to sign a token"))?;
    let valid = TimeDelta::try_seconds(valid_for_secs)
        .filter(|d| *d > TimeDelta::zero())
        .ok_or_else(|| format!("--valid-for-secs {valid_for_secs}: expected a positive number"))?;
    let now = tzsafe::utcnow_aware().trunc_subsecs(0);
    let token = auth::issue(&secret, user, now, now + valid, extra)?;
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
    // HS256 with CHAT_SECRET (or a random secret, whose tokens are printed),
    // or an identity provider's public key.
    let (verifier, print_with) = match &args.jwt_public_key {
        Some(path) => {
            let pem =
                std::fs::read(path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
            let verifier =
                Verifier::public_key(&pem).map_err(|e| format!("{}: {e}", path.display()))?;
            (verifier, None)
        }
        None => match secret_from_env()? {
            Some(secret) => (Verifier::hs256(&secret)?, None),
            None => {
                let secret = Secret::random()?;
                (Verifier::hs256(&secret)?, Some(secret))
            }
        },
    };
    let leeway = TimeDelta::try_seconds(args.jwt_leeway_secs)
        .filter(|d| *d >= TimeDelta::zero())
        .ok_or_else(|| {
            format!(
                "--jwt-leeway-secs {}: expected 0 or more",
                args.jwt_leeway_secs
            )
        })?;
    let mut verifier = verifier.leeway(leeway);
    if let Some(aud) = &args.jwt_audience {
        verifier = verifier.audience(aud.clone());
    }
    if let Some(iss) = &args.jwt_issuer {
        verifier = verifier.issuer(iss.clone());
    }
    let clock = match &args.manual_clock {
        None => ServerClock::System,
        Some(start) => {
            let start = tzsafe::parse_aware(start).map_err(|e| format!("--manual-clock: {e}"))?;
            ServerClock::Manual(ManualClock::new(start))
        }
    };
    let mut settings = Settings::new(world.clone(), verifier);
    settings.clock = clock.clone();
    settings.redis = args.redis;
    settings.redis_prefix = args.redis_prefix;
    settings.sweep_every = Duration::from_millis(args.sweep_ms.max(1));
    let seconds = |name: &str, n: i64| {
        TimeDelta::try_seconds(n).ok_or_else(|| format!("--{name} {n} is out of range"))
    };
    settings.rate = match (
        NonZeroU32::new(args.events_per_sec),
        NonZeroU32::new(args.event_burst),
    ) {
        (None, _) => None,
        (Some(per_second), burst) => Some(RateRules {
            per_second,
            burst: burst.unwrap_or(per_second),
        }),
    };
    settings.offer_rules = BookRules {
        per_user: args.offers_per_user,
        per_room: args.offers_per_room,
        retention: seconds("offer-retention-secs", args.offer_retention_secs)?,
        ..BookRules::default()
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
    if let Some(secret) = print_with {
        let _ = writeln!(
            out,
            "{SECRET_VAR} is not set: a random secret signs this run's tokens. Tokens valid for 24 hours:"
        );
        let now = Utc::now().trunc_subsecs(0);
        let extra = Extra {
            audience: args.jwt_audience.clone(),
            issuer: args.jwt_issuer.clone(),
        };
        for user in world.users() {
            let token = auth::issue(
                &secret,
                user.as_str(),
                now,
                now + TimeDelta::hours(24),
                &extra,
            )?;
            let _ = writeln!(out, "  {user}: {token}");
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
