//! The Socket.IO server: four namespaces sharing one presence, identity from
//! the handshake, offers in `/chat`, and a sweep task.
//!
//! A connection is admitted by two connect middlewares, `authenticate` (the
//! token) then `join` (its first heartbeat and its handlers), both before
//! the client is told it is connected; the connect handler only greets.
//!
//! Every event goes through `admit` before it acts: the token must not
//! have expired (by the server's clock), the event must fit the size limit,
//! its payload must be JSON of the event's shape, and a `user_id` in it, if
//! any, must be the connection's own user. Whatever is refused gets an
//! `error` event (and a `{"ok": false, "error": ...}` acknowledgement when the
//! client asked for one); the connection stays open unless the token expired.

use std::convert::Infallible;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::extract::State as HttpState;
use axum::routing::get;
use axum::{Json, Router};
use chrono::{DateTime, NaiveDate, TimeDelta, Utc};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use serde_json::json;
use socketioxide::adapter::{Adapter, LocalAdapter};
use socketioxide::extract::{AckSender, Extension, SocketRef, State, TryData};
use socketioxide::handler::{ConnectHandler, FromMessageParts};
use socketioxide::socket::Socket;
use socketioxide::SocketIo;
use socketioxide_redis::{RedisAdapter, RedisAdapterCtr};
use tokio::net::TcpListener;
use tokio::task::JoinHandle;
use tzsafe::models::discount::{
    Discount, DiscountOffer, DiscountValue, DiscountWindow, LocalDay, OfferAction, WindowEnd,
    WindowStart,
};
use tzsafe::models::presence::{
    PresenceConfig, PresenceStore, PresenceTracker, RedisPresence, TimeSource, Transitions,
};
use tzsafe::models::{RoomId, UserId};
use tzsafe::{Clock, ManualClock, SystemClock, TimezoneAware};

use crate::auth::{AuthError, Identity, Verifier};
use crate::errors::ClientError;
use crate::limit::{EventLimiter, RateRules};
use crate::messages::{Messages, Reaction};
use crate::offers::{BookRules, MemoryBook, OfferBook, OfferView, RedisBook};
use crate::stats::{Kind, Stats};
use crate::text::{instant, quoted};
use crate::typing::Typing;
use crate::web;
use crate::world::World;

/// The namespaces of the original service, every one of them a source of
/// heartbeats for the same presence.
pub const NAMESPACES: [&str; 4] = ["/chat", "/social", "/orders", "/notifications"];

/// Where the server reads "now": the system clock, or a clock that only
/// moves when told (tests, `--manual-clock`).
#[derive(Clone, Debug)]
pub enum ServerClock {
    /// The operating system's clock.
    System,
    /// A clock moved by hand.
    Manual(ManualClock),
}

impl ServerClock {
    fn context(&self) -> TimezoneAware {
        match self {
            ServerClock::System => TimezoneAware::new().clock(SystemClock),
            ServerClock::Manual(clock) => TimezoneAware::new().clock(clock.clone()),
        }
    }

    fn presence(&self, config: PresenceConfig) -> PresenceConfig {
        match self {
            ServerClock::System => config.clock(SystemClock),
            ServerClock::Manual(clock) => config.clock(clock.clone()),
        }
    }
}

/// Sizes the server accepts.
#[derive(Clone, Copy, Debug)]
pub struct Limits {
    /// The largest event a handler reads (its whole Socket.IO packet); larger
    /// ones are refused with `too_large`, the connection stays.
    pub max_event_bytes: usize,
    /// The largest WebSocket message; larger ones close that connection (the
    /// transport cannot skip a message it did not read).
    pub max_ws_message_bytes: usize,
    /// The longest chat message, in characters.
    pub max_message_chars: usize,
    /// The longest time-to-live of an offer.
    pub max_offer_ttl: TimeDelta,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_event_bytes: 16 * 1024,
            max_ws_message_bytes: 64 * 1024,
            max_message_chars: 2_000,
            max_offer_ttl: TimeDelta::days(7),
        }
    }
}

/// The presence rules, as `PresenceConfig` takes them.
#[derive(Clone, Copy, Debug)]
pub struct PresenceRules {
    /// A connection is live this long after its last heartbeat.
    pub ttl: TimeDelta,
    /// How often clients are told to ping (`hello.heartbeat_interval_ms`).
    pub heartbeat_interval: TimeDelta,
    /// How long a user stays online after their last connection closes.
    pub grace: TimeDelta,
    /// Without activity for this long, an online user is away.
    pub away_after: TimeDelta,
}

impl Default for PresenceRules {
    fn default() -> Self {
        PresenceRules {
            ttl: TimeDelta::seconds(60),
            heartbeat_interval: TimeDelta::seconds(25),
            grace: TimeDelta::seconds(10),
            away_after: TimeDelta::minutes(5),
        }
    }
}

/// Everything a server is started with.
pub struct Settings {
    /// Users, friends, zones and rooms.
    pub world: World,
    /// Offers loaded at start (legacy rows), with their ids.
    pub offers: Vec<(String, DiscountOffer)>,
    /// How handshake tokens are checked.
    pub tokens: Verifier,
    /// Where "now" comes from.
    pub clock: ServerClock,
    /// Presence rules.
    pub presence: PresenceRules,
    /// `Some(url)`: presence and broadcasts shared through this Redis.
    pub redis: Option<String>,
    /// The prefix of the presence keys in Redis.
    pub redis_prefix: String,
    /// How often the sweep task runs (real time).
    pub sweep_every: Duration,
    /// Sizes.
    pub limits: Limits,
    /// The offer book's bounds.
    pub offer_rules: BookRules,
    /// The per-user event rate limit; `None`: no limit.
    pub rate: Option<RateRules>,
}

impl Settings {
    /// The defaults for `world` and `tokens`: no offers, the system clock,
    /// default presence rules and limits, in memory, sweeping every second.
    pub fn new(world: World, tokens: Verifier) -> Settings {
        Settings {
            world,
            offers: Vec::new(),
            tokens,
            clock: ServerClock::System,
            presence: PresenceRules::default(),
            redis: None,
            redis_prefix: "chat".to_owned(),
            sweep_every: Duration::from_secs(1),
            limits: Limits::default(),
            offer_rules: BookRules::default(),
            rate: Some(RateRules::default()),
        }
    }
}

/// The state every handler shares.
pub struct App {
    world: World,
    tokens: Verifier,
    ctx: TimezoneAware,
    /// In memory, or with `--redis` shared through Redis: the same rules and
    /// events either way.
    presence: Box<dyn PresenceStore>,
    offers: OfferBook,
    messages: Messages,
    typing: Typing,
    limiter: Option<EventLimiter>,
    limits: Limits,
    stats: Stats,
    heartbeat_interval: TimeDelta,
}

impl App {
    /// Now, by the server's clock.
    pub fn now(&self) -> DateTime<Utc> {
        self.ctx.now()
    }

    /// Heartbeat handling times.
    pub fn stats(&self) -> &Stats {
        &self.stats
    }

    /// How many offers the book holds (`None` for the book in Redis).
    pub fn held_offers(&self) -> Option<usize> {
        match &self.offers {
            OfferBook::Memory(book) => Some(book.len()),
            OfferBook::Redis(_) => None,
        }
    }

    /// How many users are online.
    ///
    /// # Errors
    ///
    /// Redis failing.
    pub async fn online_count(&self) -> Result<usize, tzsafe::Error> {
        self.presence.online_count().await
    }
}

/// A running server. Dropping it stops it.
pub struct Server {
    /// The address it listens on.
    pub addr: SocketAddr,
    /// Its shared state.
    pub app: Arc<App>,
    tasks: Vec<JoinHandle<()>>,
}

impl Drop for Server {
    fn drop(&mut self) {
        for task in &self.tasks {
            task.abort();
        }
    }
}

impl Server {
    /// Waits until the server stops (it does not, unless its task fails).
    pub async fn wait(mut self) {
        if let Some(serve) = self.tasks.pop() {
            let _ = serve.await;
        }
    }
}

/// Starts a server on `listener` with `settings`.
///
/// # Errors
///
/// Invalid presence rules, or Redis that cannot be reached.
pub async fn start(settings: Settings, listener: TcpListener) -> Result<Server, String> {
    let addr = listener
        .local_addr()
        .map_err(|e| format!("no local address: {e}"))?;
    let rules = settings.presence;
    let config = settings.clock.presence(
        PresenceConfig::new()
            .ttl(rules.ttl)
            .heartbeat_interval(rules.heartbeat_interval)
            .grace(rules.grace)
            .away_after(rules.away_after)
            .max_connections_per_user(64),
    );
    let presence: Box<dyn PresenceStore> = match &settings.redis {
        None => Box::new(PresenceTracker::new(config).map_err(|e| e.to_string())?),
        Some(url) => {
            // A manual clock is a test's: then Redis must use it too.
            let time = match settings.clock {
                ServerClock::System => TimeSource::Server,
                ServerClock::Manual(_) => TimeSource::Config,
            };
            let store = RedisPresence::builder(config)
                .prefix(settings.redis_prefix.clone())
                .time_source(time)
                .connect(url)
                .await
                .map_err(|e| e.to_string())?;
            Box::new(store)
        }
    };
    let ctx = settings.clock.context();
    let (offers, messages) = match &settings.redis {
        None => (
            OfferBook::Memory(MemoryBook::new(settings.offer_rules, ctx.clone())),
            Messages::in_memory()?,
        ),
        Some(url) => {
            // As for presence: the Redis server's clock, unless a test's.
            let clock = match settings.clock {
                ServerClock::System => None,
                ServerClock::Manual(_) => Some(ctx.clone()),
            };
            let conn = RedisBook::connection(url).await?;
            let prefix = &settings.redis_prefix;
            (
                OfferBook::Redis(RedisBook::new(
                    conn.clone(),
                    prefix,
                    settings.offer_rules,
                    clock,
                )),
                Messages::in_redis(conn, prefix)?,
            )
        }
    };
    for (id, offer) in settings.offers {
        offers.add_with_id(id, offer).await.map_err(|e| e.message)?;
    }
    let app = Arc::new(App {
        world: settings.world,
        tokens: settings.tokens,
        ctx,
        presence,
        offers,
        messages,
        typing: Typing::default(),
        limiter: settings.rate.map(EventLimiter::new),
        limits: settings.limits,
        stats: Stats::new(),
        heartbeat_interval: rules.heartbeat_interval,
    });

    let limits = settings.limits;
    let builder = SocketIo::builder()
        .with_state(app.clone())
        .ws_max_message_size(limits.max_ws_message_bytes)
        .ws_max_frame_size(limits.max_ws_message_bytes)
        .max_payload(u64::try_from(limits.max_ws_message_bytes).unwrap_or(u64::MAX));
    let http = Router::new()
        .route("/", get(web::index))
        .route("/app.js", get(web::app_js))
        .route("/socket.io.min.js", get(web::socket_io_js))
        .route("/healthz", get(async || "ok"))
        .route("/stats", get(http_stats))
        .with_state(app.clone());
    let (router, sweeper) = match &settings.redis {
        None => {
            let (layer, io) = builder.build_layer();
            for path in NAMESPACES {
                io.ns(
                    path,
                    on_connect::<LocalAdapter>
                        .with(join::<LocalAdapter>)
                        .with(authenticate::<LocalAdapter>),
                );
            }
            let sweeper = tokio::spawn(sweep_loop(io, app.clone(), settings.sweep_every));
            (http.layer(layer), sweeper)
        }
        Some(url) => {
            // The adapter needs RESP3 (Redis 6 or later) for its pub/sub.
            let sep = if url.contains('?') { '&' } else { '?' };
            let client = redis::Client::open(format!("{url}{sep}protocol=resp3"))
                .map_err(|e| format!("invalid Redis URL {}: {e}", quoted(url)))?;
            let adapter = RedisAdapterCtr::new_with_redis(&client)
                .await
                .map_err(|e| format!("cannot reach Redis at {}: {e}", quoted(url)))?;
            let (layer, io) = builder
                .with_adapter::<RedisAdapter<_>>(adapter)
                .build_layer();
            for path in NAMESPACES {
                io.ns(path, on_connect.with(join).with(authenticate))
                    .await
                    .map_err(|e| format!("cannot start namespace {path}: {e}"))?;
            }
            let sweeper = tokio::spawn(sweep_loop(io, app.clone(), settings.sweep_every));
            (http.layer(layer), sweeper)
        }
    };
    let serve = tokio::spawn(async move {
        if let Err(e) = axum::serve(listener, router).await {
            tracing::error!("server stopped: {e}");
        }
    });
    Ok(Server {
        addr,
        app,
        tasks: vec![sweeper, serve],
    })
}

/// `GET /stats`: event handling times and the online count.
async fn http_stats(HttpState(app): HttpState<Arc<App>>) -> Json<serde_json::Value> {
    let online = app.online_count().await.ok();
    Json(json!({
        "heartbeats": app.stats.summary(Kind::Heartbeat),
        "offer_events": app.stats.summary(Kind::Offer),
        "online_users": online,
        "server_time": instant(&app.now()),
    }))
}

/// The room every socket of `user` joins in its namespace.
fn user_room(user: &UserId) -> String {
    format!("user:{user}")
}

/// The Socket.IO room of chat room `room` in `/chat`.
fn chat_room(room: &RoomId) -> String {
    format!("room:{room}")
}

// ---------------------------------------------------------------------------
// The handshake.

/// Connect middleware: a valid token in `auth.token`, or the connection is
/// refused with a `connect_error` whose message says why.
async fn authenticate<A: Adapter>(
    s: SocketRef<A>,
    TryData(auth): TryData<serde_json::Value>,
    State(app): State<Arc<App>>,
) -> Result<(), AuthError> {
    let token = auth
        .ok()
        .and_then(|auth| auth.get("token")?.as_str().map(str::to_owned))
        .ok_or(AuthError::Missing)?;
    let who = app.tokens.verify(&token, &app.ctx)?;
    if !app.world.has_user(&who.user) {
        return Err(AuthError::UnknownUser(who.user.to_string()));
    }
    s.extensions.insert(who);
    Ok(())
}

/// What a client is told once connected.
#[derive(Serialize)]
struct Hello<'a> {
    user: &'a UserId,
    namespace: &'a str,
    /// Ping at least this often.
    heartbeat_interval_ms: i64,
    token_expires_at: String,
    server_time: String,
    /// In `/chat`: the rooms that list the user, with their members.
    #[serde(skip_serializing_if = "Option::is_none")]
    rooms: Option<serde_json::Value>,
}

/// Connect middleware, after [`authenticate`]: what must be in place before
/// the client is told it is connected. Socket.IO sends that acknowledgement
/// first and runs the connect handler afterwards, in a task of its own, so
/// an event a client sends the moment it is connected would find no handler
/// if they were registered there, and go unanswered. The connection's first
/// heartbeat is here too: its disconnect handler cannot run before it, and
/// a connection the presence cannot take (`capacity`, `unavailable`) is
/// refused with `connect_error`. (Should the acknowledgement itself then
/// fail, the connection expires after its TTL, as a crashed client's does.)
async fn join<A: Adapter>(
    s: SocketRef<A>,
    io: SocketIo<A>,
    State(app): State<Arc<App>>,
    Extension(who): Extension<Identity>,
) -> Result<(), ClientError> {
    let ns = s.ns().to_owned();
    // Connecting is the connection's first heartbeat.
    let events = app
        .presence
        .heartbeat(who.user.as_str(), &s.id.to_string(), &ns)
        .await
        .map_err(|e| ClientError::from(e).of_event("connect"))?;
    deliver(&io, &app, events).await;
    s.join(user_room(&who.user));
    s.on("ping", on_ping::<A>);
    s.on_fallback(on_unknown::<A>);
    s.on_disconnect(on_disconnect::<A>);
    match ns.as_str() {
        "/chat" => {
            s.on("join_room", on_join_room::<A>);
            s.on("leave_room", on_leave_room::<A>);
            s.on("send_message", on_send_message::<A>);
            s.on("typing_start", on_typing_start::<A>);
            s.on("typing_stop", on_typing_stop::<A>);
            s.on("message_reaction_add", on_reaction_add::<A>);
            s.on("message_reaction_remove", on_reaction_remove::<A>);
            s.on("send_offer", on_send_offer::<A>);
            s.on("respond_to_offer", on_respond_to_offer::<A>);
            s.on("withdraw_offer", on_withdraw_offer::<A>);
            s.on("list_offers", on_list_offers::<A>);
        }
        "/social" => s.on("get_presence", on_get_presence::<A>),
        _ => {}
    }
    Ok(())
}

/// The connect handler: the greetings, once the client knows it is connected.
async fn on_connect<A: Adapter>(
    s: SocketRef<A>,
    State(app): State<Arc<App>>,
    Extension(who): Extension<Identity>,
) {
    let ns = s.ns();
    let _ = s.emit(
        "hello",
        &Hello {
            user: &who.user,
            namespace: ns,
            heartbeat_interval_ms: app.heartbeat_interval.num_milliseconds(),
            token_expires_at: instant(&who.expires_at),
            server_time: instant(&app.now()),
            rooms: (ns == "/chat").then(|| {
                app.world
                    .rooms_of(&who.user)
                    .map(|(id, members)| (id.to_string(), json!({ "members": members })))
                    .collect::<serde_json::Map<_, _>>()
                    .into()
            }),
        },
    );
    if ns == "/social" {
        match friends_presence(&app, &who).await {
            Ok(friends) => {
                let _ = s.emit("presence_snapshot", &friends);
            }
            Err(e) => {
                let _ = s.emit("error", &e.of_event("connect"));
            }
        }
    }
}

async fn on_disconnect<A: Adapter>(
    s: SocketRef<A>,
    io: SocketIo<A>,
    State(app): State<Arc<App>>,
    Extension(who): Extension<Identity>,
) {
    match app
        .presence
        .disconnect(who.user.as_str(), &s.id.to_string())
        .await
    {
        Ok(events) => deliver(&io, &app, events).await,
        Err(e) => tracing::warn!("presence disconnect of {} failed: {e}", who.user),
    }
}

// ---------------------------------------------------------------------------
// Presence delivery and the sweep.

/// Sends each transition to the user's friends' `/social` sockets, on every
/// server process (through the adapter): each transition is reported once
/// by the presence store, so each friend's socket receives it once.
async fn deliver<A: Adapter>(io: &SocketIo<A>, app: &App, events: Transitions) {
    for event in events {
        let friends = app.world.friends_of(event.user());
        if friends.is_empty() {
            continue;
        }
        let Some(social) = io.of("/social") else {
            return;
        };
        let rooms: Vec<String> = friends.iter().map(user_room).collect();
        if let Err(e) = social.to(rooms).emit("presence", &event).await {
            tracing::warn!("delivering {event} failed: {e}");
        }
    }
}

/// Every `every` (real time): report presence transitions that happened by
/// the server's now, and offers that expired unanswered.
async fn sweep_loop<A: Adapter>(io: SocketIo<A>, app: Arc<App>, every: Duration) {
    let mut tick = tokio::time::interval(every);
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        tick.tick().await;
        match app.presence.sweep().await {
            Ok(events) => deliver(&io, &app, events).await,
            Err(e) => tracing::warn!("presence sweep failed: {e}"),
        }
        if let Some(limiter) = &app.limiter {
            limiter.forget_idle();
        }
        for (room, user) in app.typing.expired(app.now()) {
            typing(&io, &room, &user, false).await;
        }
        match app.offers.sweep().await {
            Ok(expired) => {
                for view in expired {
                    announce(&io, &view).await;
                }
            }
            Err(e) => tracing::warn!("offer sweep failed: {e}"),
        }
    }
}

/// An offer changed: to its room in `/chat`, and to both parties in
/// `/notifications`; an accepted offer becomes an order in `/orders`.
async fn announce<A: Adapter>(io: &SocketIo<A>, view: &OfferView) {
    if let Some(chat) = io.of("/chat") {
        let _ = chat
            .to(chat_room(view.offer.room()))
            .emit("offer_updated", view)
            .await;
    }
    let parties = vec![
        user_room(view.offer.seller()),
        user_room(view.offer.buyer()),
    ];
    if let Some(notifications) = io.of("/notifications") {
        let note = json!({"kind": "offer", "offer_id": view.id, "state": view.state});
        let _ = notifications
            .to(parties.clone())
            .emit("notification", &note)
            .await;
    }
    if view.state == tzsafe::models::discount::OfferState::Accepted {
        if let Some(orders) = io.of("/orders") {
            let _ = orders.to(parties).emit("order_created", view).await;
        }
    }
}

async fn friends_presence(app: &App, who: &Identity) -> Result<serde_json::Value, ClientError> {
    let mut friends = Vec::new();
    for friend in app.world.friends_of(&who.user) {
        let status = app.presence.status(friend.as_str()).await?;
        friends.push(json!({
            "user": friend,
            "status": status.state().as_str(),
            "last_seen": status.last_seen().map(|at| instant(&at)),
        }));
    }
    Ok(json!({ "friends": friends }))
}

// ---------------------------------------------------------------------------
// Every event: admission, then the handler, then the answer.

/// An event's payload and its size, as received.
pub struct Payload {
    bytes: usize,
    data: Result<serde_json::Value, String>,
}

impl<A: Adapter> FromMessageParts<A> for Payload {
    type Error = Infallible;

    /// Reads the packet's JSON array `[event, argument, ...]` itself, so
    /// that an event sent without an argument is an empty payload rather
    /// than a parse error; further arguments are ignored, binary attachments
    /// refused.
    fn from_message_parts(
        _: &Arc<Socket<A>>,
        v: &mut socketioxide_core::Value,
        _: &Option<i64>,
    ) -> Result<Self, Infallible> {
        let (bytes, data) = match &*v {
            socketioxide_core::Value::Str(text, None) => {
                let data = serde_json::from_str::<Vec<serde_json::Value>>(text)
                    .map(|args| args.into_iter().nth(1).unwrap_or_default())
                    .map_err(|e| e.to_string());
                (text.len(), data)
            }
            other => (
                other.len(),
                Err("binary attachments are not accepted: send JSON".to_owned()),
            ),
        };
        Ok(Payload { bytes, data })
    }
}

/// The checks every event passes before it acts; the payload as `T`.
fn admit<T: DeserializeOwned>(
    app: &App,
    who: &Identity,
    payload: Payload,
) -> Result<T, ClientError> {
    let now = app.now();
    if who.refused_from <= now {
        let expired = AuthError::Expired {
            expired_at: who.expires_at,
            now,
        };
        return Err(ClientError::new("token_expired", expired.to_string()));
    }
    if let Some(limiter) = &app.limiter {
        limiter.check(&who.user)?;
    }
    if payload.bytes > app.limits.max_event_bytes {
        return Err(ClientError::new(
            "too_large",
            format!(
                "the event is {} bytes, over the limit of {} bytes",
                payload.bytes, app.limits.max_event_bytes
            ),
        ));
    }
    let mut value = payload
        .data
        .map_err(|e| ClientError::new("malformed", format!("malformed payload: {e}")))?;
    if value.is_null() {
        value = json!({});
    }
    check_shape(&value)?;
    check_identity(&mut value, &who.user)?;
    serde_json::from_value(value)
        .map_err(|e| ClientError::new("malformed", format!("malformed payload: {e}")))
}

/// Every payload is a JSON object, and no event takes an array anywhere in
/// it: serde would otherwise fill a struct's fields from an array by
/// position (`["room-1"]` read as `{"room": "room-1"}`), and an internally
/// tagged value from `["percentage", 1000]`.
fn check_shape(value: &serde_json::Value) -> Result<(), ClientError> {
    fn kind(value: &serde_json::Value) -> &'static str {
        match value {
            serde_json::Value::Null => "null",
            serde_json::Value::Bool(_) => "a boolean",
            serde_json::Value::Number(_) => "a number",
            serde_json::Value::String(_) => "a string",
            serde_json::Value::Array(_) => "an array",
            serde_json::Value::Object(_) => "an object",
        }
    }
    let malformed =
        |why: String| ClientError::new("malformed", format!("malformed payload: {why}"));
    let serde_json::Value::Object(fields) = value else {
        return Err(malformed(format!(
            "expected a JSON object, found {}",
            kind(value)
        )));
    };
    let mut stack: Vec<(&str, &serde_json::Value)> =
        fields.iter().map(|(k, v)| (k.as_str(), v)).collect();
    while let Some((name, value)) = stack.pop() {
        match value {
            serde_json::Value::Array(_) => {
                return Err(malformed(format!(
                    "field {} is an array: no event takes one",
                    quoted(name)
                )))
            }
            serde_json::Value::Object(inner) => {
                stack.extend(inner.iter().map(|(k, v)| (k.as_str(), v)));
            }
            _ => {}
        }
    }
    Ok(())
}

/// A payload may say whose it is, but only the truth: a `user_id` other than
/// the connection's user is refused, and the field is never used for
/// anything else (it is removed here).
fn check_identity(value: &mut serde_json::Value, user: &UserId) -> Result<(), ClientError> {
    let Some(object) = value.as_object_mut() else {
        return Ok(());
    };
    let Some(claimed) = object.remove("user_id") else {
        return Ok(());
    };
    if claimed.as_str() == Some(user.as_str()) {
        return Ok(());
    }
    let claimed = match claimed.as_str() {
        Some(s) => quoted(s),
        None => claimed.to_string(),
    };
    Err(ClientError::new(
        "forged_user_id",
        format!(
            "payload user_id {claimed} is not the connection's user {}: events act as the user of the token, leave user_id out",
            quoted(user.as_str())
        ),
    ))
}

/// Sends the outcome: the acknowledgement if asked for, and the `error`
/// event for a refusal. An expired token also closes the connection.
fn answer<A: Adapter, T: Serialize>(
    s: &SocketRef<A>,
    ack: AckSender<A>,
    event: &str,
    result: Result<T, ClientError>,
) {
    match result {
        Ok(data) => {
            let _ = ack.send(&json!({"ok": true, "data": data}));
        }
        Err(err) => {
            let err = err.of_event(event);
            let _ = s.emit("error", &err);
            let _ = ack.send(&json!({"ok": false, "error": err}));
            if err.code == "token_expired" {
                let _ = s.clone().disconnect();
            }
        }
    }
}

/// The context an event handler acts in.
struct Cx<'a, A: Adapter> {
    s: &'a SocketRef<A>,
    io: &'a SocketIo<A>,
    app: &'a App,
    who: &'a Identity,
}

impl<A: Adapter> Cx<'_, A> {
    /// The user did something: presence activity (it may end an away).
    async fn active(&self) -> Result<(), ClientError> {
        let events = self.app.presence.activity(self.who.user.as_str()).await?;
        deliver(self.io, self.app, events).await;
        Ok(())
    }
}

/// Declares the Socket.IO handler `$name` for an event whose payload is
/// `$req`, acting through `$act(&Cx, $req)`; `active` marks events that are
/// the user's activity (they end an away).
macro_rules! event_handler {
    ($name:ident, $event:literal, $req:ty, $act:ident, active = $active:expr) => {
        async fn $name<A: Adapter>(
            s: SocketRef<A>,
            io: SocketIo<A>,
            State(app): State<Arc<App>>,
            Extension(who): Extension<Identity>,
            payload: Payload,
            ack: AckSender<A>,
        ) {
            let started = Instant::now();
            let cx = Cx {
                s: &s,
                io: &io,
                app: &app,
                who: &who,
            };
            let result = async {
                let request: $req = admit(&app, &who, payload)?;
                if $active {
                    cx.active().await?;
                }
                $act(&cx, request).await
            }
            .await;
            answer(&s, ack, $event, result);
            if $event.contains("offer") {
                app.stats.record(Kind::Offer, started.elapsed());
            }
        }
    };
}

// ---------------------------------------------------------------------------
// The events.

/// Unknown fields are refused so that a misspelt field is an error, not a
/// silently ignored one.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Empty {}

/// `ping` in any namespace: a heartbeat of this connection. Its handling
/// time is what the load check measures.
async fn on_ping<A: Adapter>(
    s: SocketRef<A>,
    io: SocketIo<A>,
    State(app): State<Arc<App>>,
    Extension(who): Extension<Identity>,
    payload: Payload,
    ack: AckSender<A>,
) {
    let started = Instant::now();
    let result = async {
        let Empty {} = admit(&app, &who, payload)?;
        let events = app
            .presence
            .heartbeat(who.user.as_str(), &s.id.to_string(), s.ns())
            .await?;
        deliver(&io, &app, events).await;
        Ok(json!({ "server_time": instant(&app.now()) }))
    }
    .await;
    answer(&s, ack, "ping", result);
    app.stats.record(Kind::Heartbeat, started.elapsed());
}

/// Any event this namespace does not have.
async fn on_unknown<A: Adapter>(
    s: SocketRef<A>,
    socketioxide::extract::Event(event): socketioxide::extract::Event,
    ack: AckSender<A>,
) {
    let err = ClientError::new(
        "unknown_event",
        format!("unknown event {} in namespace {}", quoted(&event), s.ns()),
    );
    answer::<A, ()>(&s, ack, &event, Err(err));
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RoomRequest {
    room: RoomId,
}

event_handler!(
    on_join_room,
    "join_room",
    RoomRequest,
    join_room,
    active = true
);
async fn join_room<A: Adapter>(
    cx: &Cx<'_, A>,
    req: RoomRequest,
) -> Result<serde_json::Value, ClientError> {
    cx.app.world.room_for(&req.room, &cx.who.user)?;
    cx.s.join(chat_room(&req.room));
    Ok(json!({ "room": req.room }))
}

event_handler!(
    on_leave_room,
    "leave_room",
    RoomRequest,
    leave_room,
    active = true
);
async fn leave_room<A: Adapter>(
    cx: &Cx<'_, A>,
    req: RoomRequest,
) -> Result<serde_json::Value, ClientError> {
    cx.s.leave(chat_room(&req.room));
    Ok(json!({ "room": req.room }))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SendMessage {
    room: RoomId,
    text: String,
}

event_handler!(
    on_send_message,
    "send_message",
    SendMessage,
    send_message,
    active = true
);
async fn send_message<A: Adapter>(
    cx: &Cx<'_, A>,
    req: SendMessage,
) -> Result<serde_json::Value, ClientError> {
    cx.app.world.room_for(&req.room, &cx.who.user)?;
    let chars = req.text.chars().count();
    let max = cx.app.limits.max_message_chars;
    if chars > max {
        return Err(ClientError::new(
            "too_large",
            format!("the message text is {chars} characters, over the limit of {max}"),
        ));
    }
    if req.text.trim().is_empty() {
        return Err(ClientError::new("invalid", "the message text is empty"));
    }
    let id = cx.app.messages.record(&req.room).await?;
    let message = json!({
        "id": id,
        "room": req.room,
        "from": cx.who.user,
        "text": req.text,
        "at": instant(&cx.app.now()),
    });
    let _ =
        cx.s.within(chat_room(&req.room))
            .emit("message", &message)
            .await;
    Ok(message)
}

event_handler!(
    on_typing_start,
    "typing_start",
    RoomRequest,
    typing_start,
    active = true
);
/// `typing_start`: the room hears `typing` once, when it starts; it ends by
/// itself [`TYPING_TTL`](crate::typing::TYPING_TTL) after the last start.
async fn typing_start<A: Adapter>(
    cx: &Cx<'_, A>,
    req: RoomRequest,
) -> Result<serde_json::Value, ClientError> {
    cx.app.world.room_for(&req.room, &cx.who.user)?;
    if cx.app.typing.start(&req.room, &cx.who.user, cx.app.now()) {
        typing(cx.io, &req.room, &cx.who.user, true).await;
    }
    Ok(json!({ "room": req.room, "typing": true }))
}

event_handler!(
    on_typing_stop,
    "typing_stop",
    RoomRequest,
    typing_stop,
    active = false
);
async fn typing_stop<A: Adapter>(
    cx: &Cx<'_, A>,
    req: RoomRequest,
) -> Result<serde_json::Value, ClientError> {
    cx.app.world.room_for(&req.room, &cx.who.user)?;
    if cx.app.typing.stop(&req.room, &cx.who.user) {
        typing(cx.io, &req.room, &cx.who.user, false).await;
    }
    Ok(json!({ "room": req.room, "typing": false }))
}

/// Tells `room` that `user` started or stopped typing.
async fn typing<A: Adapter>(io: &SocketIo<A>, room: &RoomId, user: &UserId, typing: bool) {
    if let Some(chat) = io.of("/chat") {
        let event = json!({"room": room, "user": user, "typing": typing});
        let _ = chat.to(chat_room(room)).emit("typing", &event).await;
    }
}

/// `message_reaction_add` and `message_reaction_remove`.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ReactionRequest {
    room: RoomId,
    message_id: String,
    emoji: String,
}

event_handler!(
    on_reaction_add,
    "message_reaction_add",
    ReactionRequest,
    reaction_add,
    active = true
);
async fn reaction_add<A: Adapter>(
    cx: &Cx<'_, A>,
    req: ReactionRequest,
) -> Result<serde_json::Value, ClientError> {
    react(cx, req, Reaction::Add).await
}

event_handler!(
    on_reaction_remove,
    "message_reaction_remove",
    ReactionRequest,
    reaction_remove,
    active = true
);
async fn reaction_remove<A: Adapter>(
    cx: &Cx<'_, A>,
    req: ReactionRequest,
) -> Result<serde_json::Value, ClientError> {
    react(cx, req, Reaction::Remove).await
}

/// A reaction on a recent message of the room; the room hears
/// `message_reaction` when it changed something.
async fn react<A: Adapter>(
    cx: &Cx<'_, A>,
    req: ReactionRequest,
    how: Reaction,
) -> Result<serde_json::Value, ClientError> {
    let user = &cx.who.user;
    cx.app.world.room_for(&req.room, user)?;
    let changed = cx
        .app
        .messages
        .react(&req.room, &req.message_id, user, &req.emoji, how)
        .await?;
    let action = match how {
        Reaction::Add => "add",
        Reaction::Remove => "remove",
    };
    let event = json!({"room": req.room, "message_id": req.message_id, "user": user,
        "emoji": req.emoji, "action": action});
    if changed {
        let _ =
            cx.s.within(chat_room(&req.room))
                .emit("message_reaction", &event)
                .await;
    }
    Ok(
        json!({"room": req.room, "message_id": req.message_id, "user": user,
        "emoji": req.emoji, "action": action, "changed": changed}),
    )
}

/// `send_offer`: the connection's user (the seller) offers a discount to
/// `buyer` in `room` for `ttl_seconds`. The discount is valid from now,
/// through `valid_through` (a date on the seller's calendar) if given.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SendOffer {
    room: RoomId,
    buyer: UserId,
    code: String,
    /// `{"type": "percentage", "basis_points": 1000}` or `{"type": "amount",
    /// "minor_units": 500, "currency": "EUR"}`, read by tzsafe.
    value: DiscountValue,
    ttl_seconds: i64,
    #[serde(default)]
    valid_through: Option<NaiveDate>,
}

event_handler!(
    on_send_offer,
    "send_offer",
    SendOffer,
    send_offer,
    active = true
);
async fn send_offer<A: Adapter>(cx: &Cx<'_, A>, req: SendOffer) -> Result<OfferView, ClientError> {
    let seller = &cx.who.user;
    cx.app.world.room_for(&req.room, seller)?;
    cx.app.world.room_for(&req.room, &req.buyer).map_err(|_| {
        ClientError::new(
            "not_a_member",
            format!(
                "buyer {} is not a member of room {}",
                quoted(req.buyer.as_str()),
                quoted(req.room.as_str())
            ),
        )
    })?;
    let max = cx.app.limits.max_offer_ttl;
    let ttl = TimeDelta::try_seconds(req.ttl_seconds)
        .filter(|ttl| *ttl > TimeDelta::zero() && *ttl <= max)
        .ok_or_else(|| {
            ClientError::new(
                "invalid",
                format!(
                    "ttl_seconds {} is out of range: expected 1 to {}",
                    req.ttl_seconds,
                    max.num_seconds()
                ),
            )
        })?;
    let now = cx.app.offers.now().await?;
    let end = match req.valid_through {
        Some(day) => WindowEnd::Through(LocalDay::new(day, cx.app.world.zone_of(seller))),
        None => WindowEnd::Open,
    };
    let window = DiscountWindow::from_bounds(WindowStart::At(now), end)?;
    let discount = Discount::new(req.code, req.value, window)?;
    // One reading of the clock serves the window, the offer and its view:
    // an offer made at a second reading was "scheduled" (created after
    // `now`) in its own view (e2e test `offers_on_the_system_clock_are_pending`).
    let offer = DiscountOffer::new_at(now, req.room, seller.clone(), req.buyer, discount, ttl)?;
    let view = cx.app.offers.add(offer, now).await?;
    let _ =
        cx.s.within(chat_room(view.offer.room()))
            .emit("offer", &view)
            .await;
    if let Some(notifications) = cx.io.of("/notifications") {
        let note = json!({"kind": "offer", "offer_id": view.id, "state": view.state});
        let _ = notifications
            .to(user_room(view.offer.buyer()))
            .emit("notification", &note)
            .await;
    }
    Ok(view)
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RespondToOffer {
    offer_id: String,
    /// `accept` or `decline`.
    answer: Answer,
}

#[derive(Deserialize)]
#[serde(rename_all = "lowercase")]
enum Answer {
    Accept,
    Decline,
}

event_handler!(
    on_respond_to_offer,
    "respond_to_offer",
    RespondToOffer,
    respond_to_offer,
    active = true
);
async fn respond_to_offer<A: Adapter>(
    cx: &Cx<'_, A>,
    req: RespondToOffer,
) -> Result<OfferView, ClientError> {
    let action = match req.answer {
        Answer::Accept => OfferAction::Accept,
        Answer::Decline => OfferAction::Decline,
    };
    act_on_offer(cx, &req.offer_id, action).await
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct OfferRequest {
    offer_id: String,
}

event_handler!(
    on_withdraw_offer,
    "withdraw_offer",
    OfferRequest,
    withdraw_offer,
    active = true
);
async fn withdraw_offer<A: Adapter>(
    cx: &Cx<'_, A>,
    req: OfferRequest,
) -> Result<OfferView, ClientError> {
    act_on_offer(cx, &req.offer_id, OfferAction::Withdraw).await
}

async fn act_on_offer<A: Adapter>(
    cx: &Cx<'_, A>,
    id: &str,
    action: OfferAction,
) -> Result<OfferView, ClientError> {
    let user = &cx.who.user;
    // Room access first: a user who left the room's list cannot act in it.
    let may_act = |offer: &DiscountOffer| cx.app.world.room_for(offer.room(), user).map(|_| ());
    let view = cx.app.offers.act(id, user, action, &may_act).await?;
    announce(cx.io, &view).await;
    Ok(view)
}

/// `list_offers`: a page of the room's offers, newest first.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ListOffers {
    room: RoomId,
    /// The previous page's `next_cursor`; none for the first page.
    #[serde(default)]
    cursor: Option<String>,
    /// At most this many (default 50, at most the book's page size, 100).
    #[serde(default)]
    limit: Option<usize>,
}

/// The page size of `list_offers` when the client does not say.
const DEFAULT_PAGE: usize = 50;

event_handler!(
    on_list_offers,
    "list_offers",
    ListOffers,
    list_offers,
    active = false
);
async fn list_offers<A: Adapter>(
    cx: &Cx<'_, A>,
    req: ListOffers,
) -> Result<crate::offers::Page, ClientError> {
    cx.app.world.room_for(&req.room, &cx.who.user)?;
    let limit = req
        .limit
        .unwrap_or(DEFAULT_PAGE.min(cx.app.offers.rules().max_page));
    cx.app
        .offers
        .page(&req.room, req.cursor.as_deref(), limit)
        .await
}

event_handler!(
    on_get_presence,
    "get_presence",
    Empty,
    get_presence,
    active = false
);
async fn get_presence<A: Adapter>(
    cx: &Cx<'_, A>,
    _: Empty,
) -> Result<serde_json::Value, ClientError> {
    friends_presence(cx.app, cx.who).await
}

/// The clock `ServerClock` reads, for callers that want "now" as the server
/// sees it without an `App`.
impl Clock for ServerClock {
    fn now(&self) -> DateTime<Utc> {
        match self {
            ServerClock::System => SystemClock.now(),
            ServerClock::Manual(clock) => clock.now(),
        }
    }
}
