//! The scenario both end-to-end tests run. Connection `i` of a user goes to
//! server `i % servers`, so with two servers a user is connected to both at
//! once; alice's offers are made on the second server and answered by bob
//! on the first.

use std::time::Duration;

use chrono::{DateTime, TimeDelta, Utc};
use serde_json::{json, Value};

use crate::puppet::Puppet;

/// The server's clock, as the test moves it.
pub trait TestClock {
    fn advance(&mut self, by: TimeDelta);
    fn now(&self) -> DateTime<Utc>;
}

fn at(t: DateTime<Utc>) -> String {
    chat_server::text::instant(&t)
}

/// The presence events `conn` received, as `type user instant`.
fn presence(p: &Puppet, conn: &str) -> Vec<String> {
    p.events(conn, "presence")
        .iter()
        .map(|e| {
            let when = e.get("at").or_else(|| e.get("last_seen")).unwrap();
            format!(
                "{} {} {}",
                e["type"].as_str().unwrap(),
                e["user"].as_str().unwrap(),
                when.as_str().unwrap()
            )
        })
        .collect()
}

/// Real time for the sweep task (every 20 ms) to report what the last clock
/// move made due, and for stray duplicates to show up.
fn settle() {
    std::thread::sleep(Duration::from_millis(300));
}

/// Moves the clock by `secs` and pings each of `conns`.
fn tick(p: &mut Puppet, clock: &mut dyn TestClock, conns: &[&str], secs: i64) {
    clock.advance(TimeDelta::seconds(secs));
    for conn in conns {
        p.ping(conn);
    }
}

/// The acknowledgement of a refused event: its error code and message; and
/// the same refusal arrived as an `error` event.
pub fn refused(p: &mut Puppet, conn: &str, event: &str, data: Value) -> (String, String) {
    let before = p.events(conn, "error").len();
    let ack = p.call(conn, event, data);
    assert_eq!(ack["ok"], json!(false), "{event} was not refused: {ack}");
    let error = &ack["error"];
    assert_eq!(error["event"], json!(event), "{ack}");
    let events = p.wait_for(conn, "error", before + 1);
    assert_eq!(
        &events[before], error,
        "the error event and the acknowledgement differ"
    );
    (
        error["code"].as_str().unwrap().to_owned(),
        error["message"].as_str().unwrap().to_owned(),
    )
}

/// Runs the scenario with the clients of `p` (Python or JavaScript).
pub fn run(mut p: Puppet, addrs: &[String], clock: &mut dyn TestClock) {
    let url = |i: usize| format!("http://{}", addrs[i % addrs.len()]);
    let t0 = clock.now();
    let day = TimeDelta::days(1);

    // --- Presence: one online period however many connections, in any
    // namespace, on any server.
    let token = p.token("bob", t0 + day);
    p.connect("bob-social", &url(0), "/social", &token);
    let hello = &p.wait_for("bob-social", "hello", 1)[0];
    assert_eq!(hello["user"], json!("bob"));
    assert_eq!(hello["namespace"], json!("/social"));
    assert_eq!(hello["heartbeat_interval_ms"], json!(25_000));
    assert_eq!(hello["token_expires_at"], json!(at(t0 + day)));
    assert_eq!(
        p.wait_for("bob-social", "presence_snapshot", 1)[0],
        json!({"friends": [{"user": "alice", "status": "offline", "last_seen": null}]})
    );

    let alice = p.token("alice", t0 + day);
    p.connect("alice-chat", &url(0), "/chat", &alice);
    p.connect("alice-orders", &url(1), "/orders", &alice);
    p.connect("alice-social", &url(1), "/social", &alice);
    p.connect("alice-notes", &url(0), "/notifications", &alice);
    p.wait_for("bob-social", "presence", 1);
    assert_eq!(
        p.wait_for("alice-social", "presence_snapshot", 1)[0],
        json!({"friends": [
            {"user": "bob", "status": "online", "last_seen": at(t0)},
            {"user": "carol", "status": "offline", "last_seen": null},
        ]})
    );
    // A ping with no argument at all is a ping.
    p.emit_bare("alice-chat", "ping");

    let everyone = [
        "bob-social",
        "alice-chat",
        "alice-orders",
        "alice-social",
        "alice-notes",
    ];
    tick(&mut p, clock, &everyone, 20);
    // Closing two of four connections leaves alice online.
    p.disconnect("alice-chat");
    p.disconnect("alice-orders");
    let live = ["bob-social", "alice-social", "alice-notes"];
    tick(&mut p, clock, &live, 20);
    settle();
    assert_eq!(
        presence(&p, "bob-social"),
        [format!("came_online alice {}", at(t0))]
    );
    assert!(
        p.events("alice-chat", "error").is_empty(),
        "{:?}",
        p.events("alice-chat", "error")
    );

    // --- Away: heartbeats are not activity; after 5 minutes both are away.
    while clock.now() < t0 + TimeDelta::minutes(5) {
        tick(&mut p, clock, &live, 20);
    }
    let away_at = t0 + TimeDelta::minutes(5);
    p.wait_for("bob-social", "presence", 2);
    p.wait_for("alice-social", "presence", 1);
    tick(&mut p, clock, &live, 20);
    // Activity (joining a room) brings each back.
    p.connect("alice-chat2", &url(1), "/chat", &alice);
    let joined = p.call("alice-chat2", "join_room", json!({"room": "room-1"}));
    assert_eq!(joined, json!({"ok": true, "data": {"room": "room-1"}}));
    let alice_back = clock.now();
    p.wait_for("bob-social", "presence", 3);
    let bob = p.token("bob", t0 + day);
    p.connect("bob-chat", &url(0), "/chat", &bob);
    p.call("bob-chat", "join_room", json!({"room": "room-1"}));
    let bob_back = clock.now();
    p.wait_for("alice-social", "presence", 2);

    // --- Offers: accepted before expiry, refused after it.
    p.connect("bob-orders", &url(1), "/orders", &bob);
    let mut live = vec![
        "bob-social",
        "bob-chat",
        "bob-orders",
        "alice-social",
        "alice-notes",
        "alice-chat2",
    ];
    let offer = |ttl: i64| {
        json!({"room": "room-1", "buyer": "bob", "code": "CHAT-10",
               "value": {"type": "percentage", "basis_points": 1000}, "ttl_seconds": ttl})
    };
    let made = clock.now();
    let sent = p.call("alice-chat2", "send_offer", offer(60));
    assert_eq!(sent["ok"], json!(true), "{sent}");
    let first = sent["data"]["id"].as_str().unwrap().to_owned();
    assert_eq!(sent["data"]["state"], json!("pending"));
    assert_eq!(sent["data"]["seller"], json!("alice"));
    assert_eq!(sent["data"]["created_at"], json!(at(made)));
    assert_eq!(
        sent["data"]["expires_at"],
        json!(at(made + TimeDelta::seconds(60)))
    );
    assert_eq!(p.wait_for("bob-chat", "offer", 1)[0]["id"], json!(first));
    tick(&mut p, clock, &live, 20);
    let accepted = p.call(
        "bob-chat",
        "respond_to_offer",
        json!({"offer_id": first, "answer": "accept"}),
    );
    assert_eq!(accepted["ok"], json!(true), "{accepted}");
    assert_eq!(accepted["data"]["state"], json!("accepted"));
    assert_eq!(
        accepted["data"]["resolution"],
        json!({"state": "accepted", "at": at(clock.now())})
    );
    assert_eq!(
        p.wait_for("bob-orders", "order_created", 1)[0]["id"],
        json!(first)
    );
    let (code, message) = refused(
        &mut p,
        "bob-chat",
        "withdraw_offer",
        json!({"offer_id": first}),
    );
    assert_eq!(
        (code.as_str(), message.as_str()),
        (
            "not_allowed",
            "the buyer cannot withdraw this offer: only the seller can"
        )
    );

    let made = clock.now();
    let second = p.call("alice-chat2", "send_offer", offer(30))["data"]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    tick(&mut p, clock, &live, 20);
    tick(&mut p, clock, &live, 20);
    let expired_at = at(made + TimeDelta::seconds(30));
    let (code, message) = refused(
        &mut p,
        "bob-chat",
        "respond_to_offer",
        json!({"offer_id": second, "answer": "accept"}),
    );
    assert_eq!(
        (code.as_str(), message),
        ("offer_expired", format!("offer expired at {expired_at}"))
    );
    // The sweep announced the expiry to the room.
    let updates = p.wait_for("bob-chat", "offer_updated", 2);
    assert_eq!(
        (&updates[1]["id"], &updates[1]["state"]),
        (&json!(second), &json!("expired"))
    );

    // Legacy rows of carol's: read in her zone.
    let listed = p.call("bob-chat", "list_offers", json!({"room": "room-1"}));
    let offers = listed["data"]["offers"].as_array().unwrap();
    let by_id = |id: &str| {
        offers
            .iter()
            .find(|o| o["id"] == json!(id))
            .unwrap()
            .clone()
    };
    // legacy-2: New York wall times, its last day ending at New York's
    // midnight.
    let legacy = by_id("legacy-2");
    assert_eq!(legacy["created_at"], json!("2026-11-30T23:00:00Z"));
    assert_eq!(legacy["expires_at"], json!("2026-12-07T23:00:00Z"));
    assert_eq!(
        legacy["discount"]["window"]["ends_at"],
        json!("2027-01-01T00:00:00-05:00")
    );
    assert_eq!(legacy["state"], json!("pending"));
    // legacy-1 expired days before the server started, longer ago than the
    // book keeps finished offers: it is not listed.
    assert!(
        offers.iter().all(|o| o["id"] != json!("legacy-1")),
        "{listed}"
    );
    assert_eq!(by_id(&first)["state"], json!("accepted"));
    assert_eq!(by_id(&second)["state"], json!("expired"));

    // --- Identity comes from the token: a payload naming someone else is
    // refused, and nothing is sent in their name.
    let (code, message) = refused(
        &mut p,
        "bob-chat",
        "send_message",
        json!({"room": "room-1", "text": "hi, alice here", "user_id": "alice"}),
    );
    assert_eq!(code, "forged_user_id");
    assert_eq!(
        message,
        "payload user_id \"alice\" is not the connection's user \"bob\": events act as the user of the token, leave user_id out"
    );
    let (code, _) = refused(&mut p, "alice-chat2", "send_offer", {
        let mut o = offer(60);
        o["user_id"] = json!("carol");
        o
    });
    assert_eq!(code, "forged_user_id");
    // The user's own id is accepted (and ignored).
    let said = p.call(
        "bob-chat",
        "send_message",
        json!({"room": "room-1", "text": "hello", "user_id": "bob"}),
    );
    assert_eq!(said["ok"], json!(true), "{said}");
    let messages = p.wait_for("alice-chat2", "message", 1);
    assert_eq!(messages.len(), 1, "{messages:?}");
    assert_eq!(
        (&messages[0]["from"], &messages[0]["text"]),
        (&json!("bob"), &json!("hello"))
    );

    // --- Bad input: each refused with a clear error, the connection stays.
    let cases = [
        (
            "send_offer",
            json!("an offer"),
            "malformed",
            "malformed payload: expected a JSON object, found a string",
        ),
        (
            "join_room",
            json!({"room": 5}),
            "malformed",
            "malformed payload: invalid type: integer `5`, expected a string",
        ),
        (
            "join_room",
            json!({"room": "room-1", "rom": 1}),
            "malformed",
            "malformed payload: unknown field `rom`, expected `room`",
        ),
        (
            "join_room",
            json!({"room": "room-9"}),
            "unknown_room",
            "unknown room \"room-9\"",
        ),
        (
            "join_room",
            json!({"room": "room-2"}),
            "not_a_member",
            "room \"room-2\" does not list \"bob\" as a member",
        ),
        (
            "send_message",
            json!({"room": "room-1", "text": "x".repeat(2_001)}),
            "too_large",
            "the message text is 2001 characters, over the limit of 2000",
        ),
        (
            "send_offer",
            json!({"room": "room-1", "buyer": "bob", "code": "X", "value": {"type": "percentage", "basis_points": 20000}, "ttl_seconds": 60}),
            "malformed",
            "",
        ),
        (
            "send_offer",
            json!({"room": "room-1", "buyer": "alice", "code": "X", "value": {"type": "percentage", "basis_points": 500}, "ttl_seconds": 0}),
            "invalid",
            "ttl_seconds 0 is out of range: expected 1 to 604800",
        ),
        (
            "fly",
            json!({}),
            "unknown_event",
            "unknown event \"fly\" in namespace /chat",
        ),
    ];
    for (event, data, code, message) in cases {
        let (got_code, got_message) = refused(&mut p, "bob-chat", event, data);
        assert_eq!(got_code, code, "{event}: {got_message}");
        if !message.is_empty() {
            assert_eq!(got_message, message, "{event}");
        }
    }
    let (code, message) = refused(
        &mut p,
        "bob-chat",
        "send_message",
        json!({"room": "room-1", "text": "x".repeat(20_000)}),
    );
    assert_eq!(code, "too_large");
    assert!(
        message.ends_with("bytes, over the limit of 16384 bytes"),
        "{message}"
    );
    // Past the WebSocket limit the transport closes that connection only.
    p.connect("bob-big", &url(0), "/chat", &bob);
    p.emit(
        "bob-big",
        "send_message",
        json!({"room": "room-1", "text": "x".repeat(100_000)}),
    );
    p.wait_for("bob-big", "disconnect", 1);
    p.ping("bob-chat");
    p.ping("alice-chat2");

    // --- Tokens (JWTs minted by PyJWT): none, garbage, forged, expired
    // (past the leeway); and one that expires while connected.
    let refusal = |p: &mut Puppet, auth: Value| {
        p.connect_with("nobody", &url(0), "/chat", auth)
            .unwrap_err()
    };
    assert_eq!(
        refusal(&mut p, Value::Null),
        "missing token: connect with the auth payload {\"token\": \"<token>\"}"
    );
    assert_eq!(
        refusal(&mut p, json!({"token": "abc"})),
        "malformed token: expected a JWT, three base64url parts: header.claims.signature"
    );
    let forged = p.mint(
        json!({"sub": "alice", "exp": (clock.now() + day).timestamp()}),
        &"z".repeat(40),
        "HS256",
    );
    assert_eq!(
        refusal(&mut p, json!({ "token": forged })),
        "invalid token: the signature does not match this server's key"
    );
    let now = clock.now();
    let exp = now - crate::LEEWAY;
    let stale = p.token("alice", exp);
    assert_eq!(
        refusal(&mut p, json!({ "token": stale })),
        format!(
            "token expired at {} (server time {}): connect again with a fresh token",
            at(exp),
            at(now)
        )
    );
    // Valid for 10 s more, and the leeway's 30 s.
    let short = p.token("bob", clock.now() + TimeDelta::seconds(10));
    p.connect("bob-short", &url(1), "/notifications", &short);
    tick(&mut p, clock, &live, 20);
    tick(&mut p, clock, &live, 20);
    let ack = p.call("bob-short", "ping", json!({}));
    assert_eq!(ack["error"]["code"], json!("token_expired"), "{ack}");
    p.wait_for("bob-short", "disconnect", 1);

    // --- Offline: alice's connections go silent (a crash: no disconnect).
    let alice_last = clock.now();
    live.retain(|c| c.starts_with("bob"));
    while clock.now() < alice_last + TimeDelta::seconds(60) {
        tick(&mut p, clock, &live, 20);
    }
    p.wait_for("bob-social", "presence", 4);
    // She comes back on one connection, then closes every one.
    p.connect("alice-social2", &url(0), "/social", &alice);
    let alice_again = clock.now();
    p.wait_for("bob-social", "presence", 5);
    for conn in [
        "alice-social",
        "alice-notes",
        "alice-chat2",
        "alice-social2",
    ] {
        p.disconnect(conn);
    }
    // The client has closed, but the server handles each disconnect on its
    // own task: let it, before the clock moves, or a disconnect dated after
    // the move starts the grace later (a CI run saw 5 events instead of 6).
    settle();
    // Offline once the 10 s grace after the last disconnect has passed.
    tick(&mut p, clock, &live, 9);
    settle();
    assert_eq!(p.events("bob-social", "presence").len(), 5);
    tick(&mut p, clock, &live, 2);
    p.wait_for("bob-social", "presence", 6);

    // --- Each transition seen exactly once, in order.
    settle();
    assert_eq!(
        presence(&p, "bob-social"),
        [
            format!("came_online alice {}", at(t0)),
            format!("went_away alice {}", at(away_at)),
            format!("came_back alice {}", at(alice_back)),
            format!("went_offline alice {}", at(alice_last)),
            format!("came_online alice {}", at(alice_again)),
            format!("went_offline alice {}", at(alice_again)),
        ]
    );
    assert_eq!(
        presence(&p, "alice-social"),
        [
            format!("went_away bob {}", at(away_at)),
            format!("came_back bob {}", at(bob_back))
        ]
    );
    let updates: Vec<(Value, Value)> = p
        .events("bob-chat", "offer_updated")
        .iter()
        .map(|u| (u["id"].clone(), u["state"].clone()))
        .collect();
    assert_eq!(
        updates,
        [
            (json!(first), json!("accepted")),
            (json!(second), json!("expired"))
        ]
    );
    assert_eq!(p.events("bob-orders", "order_created").len(), 1);
    assert!(p.events("bob-social", "error").is_empty());
}
