// The page's script: one socket per namespace on one connection (as the
// original front end), presence from /social, offers in /chat.
//
// Times come from the server as RFC 3339 instants in UTC; the page shows
// them in the viewer's own zone (the browser's), and counts down to an
// offer's expiry by the server's clock: the difference between the server's
// time and the browser's is measured at sign-in (`hello`), and again with
// every answer that carries the server's now (pings, offers made and
// answered).
"use strict";

const NAMESPACES = ["/chat", "/social", "/orders", "/notifications"];
const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
const timeFormat = new Intl.DateTimeFormat(undefined, {
  hour: "2-digit", minute: "2-digit", second: "2-digit", hourCycle: "h23",
});
const dayFormat = new Intl.DateTimeFormat(undefined, { day: "numeric", month: "short" });

const state = {
  user: null,
  sockets: {},
  skewMs: 0, // server time minus browser time
  rooms: {},
  room: null,
  friends: new Map(), // user -> {status, last_seen}
  offers: new Map(), // id -> offer (of the selected room)
};

const $ = (id) => document.getElementById(id);

function sawServerTime(iso) {
  state.skewMs = Date.parse(iso) - Date.now();
}

function serverNow() {
  return Date.now() + state.skewMs;
}

// "14:32:05" in the viewer's zone, with the day when it is not today.
function localTime(iso) {
  const at = new Date(iso);
  const today = dayFormat.format(new Date(serverNow()));
  const day = dayFormat.format(at);
  return (day === today ? "" : day + " ") + timeFormat.format(at);
}

function countdown(ms) {
  if (ms <= 0) return "expired";
  const s = Math.ceil(ms / 1000);
  const m = Math.floor(s / 60);
  const h = Math.floor(m / 60);
  const pad = (n) => String(n).padStart(2, "0");
  return (h > 0 ? `${h}:${pad(m % 60)}` : `${m}`) + `:${pad(s % 60)} left`;
}

function log(text) {
  $("log").textContent = text;
}

function signIn(token) {
  $("signin-error").textContent = "";
  const manager = new io.Manager(location.origin, { transports: ["websocket"], autoConnect: false });
  for (const ns of NAMESPACES) {
    const socket = manager.socket(ns, { auth: { token } });
    state.sockets[ns] = socket;
    socket.on("connect_error", (err) => {
      $("signin-error").textContent = err.message;
    });
    socket.on("hello", (hello) => onHello(ns, hello));
    socket.on("error", (err) => log(`${err.event}: ${err.message}`));
    socket.connect();
  }
  const social = state.sockets["/social"];
  social.on("presence_snapshot", (snapshot) => {
    for (const f of snapshot.friends) state.friends.set(f.user, f);
    renderFriends();
  });
  social.on("presence", (event) => {
    const friend = state.friends.get(event.user) || { user: event.user };
    friend.status = { came_online: "online", came_back: "online", went_away: "away", went_offline: "offline" }[event.type];
    friend.last_seen = event.at || event.last_seen;
    state.friends.set(event.user, friend);
    renderFriends();
  });
  const chat = state.sockets["/chat"];
  chat.on("offer", (offer) => upsert(offer));
  chat.on("offer_updated", (offer) => upsert(offer));
}

function onHello(ns, hello) {
  if (ns === "/chat") {
    state.user = hello.user;
    sawServerTime(hello.server_time);
    state.rooms = hello.rooms || {};
    $("who").textContent = `${hello.user} · times in ${zone}`;
    $("signin").hidden = true;
    $("app").hidden = false;
    const select = $("room");
    select.replaceChildren(...Object.keys(state.rooms).map((r) => new Option(r, r)));
    if (select.options.length) selectRoom(select.value);
  }
  // A heartbeat on every namespace, as often as the server asks.
  const socket = state.sockets[ns];
  clearInterval(socket.pinger);
  socket.pinger = setInterval(() => {
    socket.emit("ping", {}, (ack) => { if (ack.ok) sawServerTime(ack.data.server_time); });
  }, hello.heartbeat_interval_ms);
}

async function selectRoom(room) {
  state.room = room;
  const others = (state.rooms[room].members || []).filter((m) => m !== state.user);
  $("buyer").replaceChildren(...others.map((m) => new Option(m, m)));
  const chat = state.sockets["/chat"];
  await chat.emitWithAck("join_room", { room });
  const listed = await chat.emitWithAck("list_offers", { room });
  state.offers.clear();
  if (listed.ok) for (const offer of listed.data.offers) state.offers.set(offer.id, offer);
  renderOffers();
}

function upsert(offer) {
  if (offer.room !== state.room) return;
  state.offers.set(offer.id, offer);
  renderOffers();
}

function renderFriends() {
  const items = [...state.friends.values()].map((f) => {
    const li = document.createElement("li");
    li.className = f.status;
    li.dataset.user = f.user;
    const seen = f.status === "offline" && f.last_seen ? ` · seen ${localTime(f.last_seen)}` : "";
    li.innerHTML = `<span class="dot"></span><span class="name"></span><span class="status"></span>`;
    li.querySelector(".name").textContent = f.user;
    li.querySelector(".status").textContent = f.status + seen;
    return li;
  });
  $("friends").replaceChildren(...items);
}

function describe(value) {
  if (value.type === "percentage") return `${value.basis_points / 100} %`;
  return `${(value.minor_units / 100).toFixed(2)} ${value.currency}`;
}

function renderOffers() {
  const now = serverNow();
  const offers = [...state.offers.values()].sort((a, b) => b.created_at.localeCompare(a.created_at));
  const items = offers.map((offer) => {
    const li = document.createElement("li");
    li.className = "offer";
    li.dataset.id = offer.id;
    const expires = Date.parse(offer.expires_at);
    // The state the server gave, unless the offer has expired since.
    const current = offer.state === "pending" && expires <= now ? "expired" : offer.state;
    li.dataset.state = current;
    li.innerHTML = `<div><div class="title"></div><div class="meta"></div><div class="expiry"></div></div>
      <div class="actions"><span class="state"></span></div>`;
    li.querySelector(".title").textContent = `${offer.discount.code} · ${describe(offer.discount.value)}`;
    li.querySelector(".meta").textContent = `${offer.seller} → ${offer.buyer} · ${offer.id}`;
    const expiry = li.querySelector(".expiry");
    expiry.dataset.expiresAt = offer.expires_at;
    expiry.textContent = current === "pending"
      ? `expires ${localTime(offer.expires_at)} (${zone}) · ${countdown(expires - now)}`
      : offer.resolution ? `${offer.resolution.state} ${localTime(offer.resolution.at)}` : `expired ${localTime(offer.expires_at)}`;
    const badge = li.querySelector(".state");
    badge.textContent = current;
    badge.classList.add(current);
    const actions = li.querySelector(".actions");
    if (current === "pending" && offer.buyer === state.user) {
      actions.append(button("Accept", () => respond(offer.id, "accept")));
      actions.append(button("Decline", () => respond(offer.id, "decline"), "secondary"));
    }
    if (current === "pending" && offer.seller === state.user) {
      actions.append(button("Withdraw", () => withdraw(offer.id), "secondary"));
    }
    return li;
  });
  $("offers").replaceChildren(...items);
}

function button(text, onclick, kind) {
  const b = document.createElement("button");
  b.textContent = text;
  b.dataset.action = text.toLowerCase();
  if (kind) b.className = kind;
  b.onclick = onclick;
  return b;
}

async function respond(id, answer) {
  const ack = await state.sockets["/chat"].emitWithAck("respond_to_offer", { offer_id: id, answer });
  if (ack.ok) { sawServerTime(ack.data.resolution.at); upsert(ack.data); } else log(ack.error.message);
}

async function withdraw(id) {
  const ack = await state.sockets["/chat"].emitWithAck("withdraw_offer", { offer_id: id });
  if (ack.ok) { sawServerTime(ack.data.resolution.at); upsert(ack.data); } else log(ack.error.message);
}

$("send").onsubmit = async (event) => {
  event.preventDefault();
  const ack = await state.sockets["/chat"].emitWithAck("send_offer", {
    room: state.room,
    buyer: $("buyer").value,
    code: $("code").value,
    value: { type: "percentage", basis_points: Math.round(Number($("percent").value) * 100) },
    ttl_seconds: Number($("ttl").value),
  });
  if (ack.ok) { log(""); sawServerTime(ack.data.created_at); upsert(ack.data); } else log(ack.error.message);
};

$("room").onchange = (event) => selectRoom(event.target.value);
$("signin-button").onclick = () => signIn($("token").value.trim());
// Countdowns move every second (in place: a button being clicked stays).
setInterval(() => {
  const now = serverNow();
  for (const expiry of document.querySelectorAll('li[data-state="pending"] .expiry')) {
    const left = Date.parse(expiry.dataset.expiresAt) - now;
    if (left <= 0) return renderOffers();
    expiry.textContent = expiry.textContent.replace(/· .*$/, `· ${countdown(left)}`);
  }
}, 1000);
