//! Typing indicators and reactions: each reported once to the room, typing
//! ending by itself when no stop comes, reactions only on messages that
//! exist (on any process).

use std::time::Duration;

use chrono::TimeDelta;
use serde_json::{json, Value};

use crate::puppet::Puppet;
use crate::redis_server::RedisServer;
use crate::scenario::refused;
use crate::{manual_clock_server, t0, ServerProcess};

/// Real time for the sweep (every 20 ms) and for strays to show up.
fn settle() {
    std::thread::sleep(Duration::from_millis(200));
}

fn typing(p: &Puppet, conn: &str) -> Vec<Value> {
    p.events(conn, "typing")
        .iter()
        .map(|e| json!([e["user"], e["typing"]]))
        .collect()
}

#[test]
fn typing_ends_by_itself_and_reactions_are_counted_once() {
    let server = manual_clock_server(|_| {});
    let clock = server.clock.clone();
    let url = server.url.clone();
    let mut p = Puppet::start();
    for user in ["alice", "bob"] {
        let token = p.token(user, t0() + TimeDelta::days(1));
        p.connect(user, &url, "/chat", &token);
        p.call(user, "join_room", json!({"room": "room-1"}));
    }
    let room = json!({"room": "room-1"});

    // Three starts, two seconds apart, then silence (a closed tab): the room
    // hears one start, and one end 5 s after the last start.
    for _ in 0..3 {
        let ack = p.call("alice", "typing_start", room.clone());
        assert_eq!(
            ack,
            json!({"ok": true, "data": {"room": "room-1", "typing": true}})
        );
        clock.advance(TimeDelta::seconds(2));
    }
    settle();
    assert_eq!(typing(&p, "bob"), [json!(["alice", true])]);
    clock.advance(TimeDelta::seconds(2)); // 4 s after the last start
    settle();
    assert_eq!(typing(&p, "bob").len(), 1);
    clock.advance(TimeDelta::seconds(1));
    p.wait_for("bob", "typing", 2);
    settle();
    assert_eq!(
        typing(&p, "bob"),
        [json!(["alice", true]), json!(["alice", false])]
    );
    // A start then a stop: one each; a second stop says nothing.
    p.call("alice", "typing_start", room.clone());
    p.call("alice", "typing_stop", room.clone());
    p.call("alice", "typing_stop", room.clone());
    clock.advance(TimeDelta::seconds(10));
    settle();
    assert_eq!(typing(&p, "bob").len(), 4, "{:?}", typing(&p, "bob"));
    let (code, _) = refused(&mut p, "alice", "typing_start", json!({"room": "room-2"}));
    assert_eq!(code, "not_a_member");

    // Reactions on a message with an id: once per (emoji, user).
    let said = p.call(
        "alice",
        "send_message",
        json!({"room": "room-1", "text": "hi"}),
    );
    let id = said["data"]["id"].as_str().unwrap().to_owned();
    assert_eq!(p.wait_for("bob", "message", 1)[0]["id"], json!(id));
    let reaction = json!({"room": "room-1", "message_id": id, "emoji": "👍"});
    let added = p.call("bob", "message_reaction_add", reaction.clone());
    assert_eq!(
        added["data"],
        json!({"room": "room-1", "message_id": id, "user": "bob", "emoji": "👍",
               "action": "add", "changed": true})
    );
    let again = p.call("bob", "message_reaction_add", reaction.clone());
    assert_eq!(again["data"]["changed"], json!(false));
    let removed = p.call("bob", "message_reaction_remove", reaction.clone());
    assert_eq!(removed["data"]["changed"], json!(true));
    settle();
    let seen: Vec<Value> = p
        .events("alice", "message_reaction")
        .iter()
        .map(|e| json!([e["user"], e["emoji"], e["action"]]))
        .collect();
    assert_eq!(
        seen,
        [json!(["bob", "👍", "add"]), json!(["bob", "👍", "remove"])]
    );
    let (code, message) = refused(
        &mut p,
        "bob",
        "message_reaction_add",
        json!({"room": "room-1", "message_id": "m-nope-1", "emoji": "👍"}),
    );
    assert_eq!(
        (code.as_str(), message.as_str()),
        (
            "unknown_message",
            "no recent message \"m-nope-1\" in room \"room-1\""
        )
    );
}

#[test]
fn reactions_and_typing_cross_processes() {
    let redis = RedisServer::start();
    let a = ServerProcess::start(&redis.url());
    let b = ServerProcess::start(&redis.url());
    let mut p = Puppet::start();
    for (user, server) in [("alice", &a), ("bob", &b)] {
        let token = p.token(user, t0() + TimeDelta::days(1));
        p.connect(user, &format!("http://{}", server.addr), "/chat", &token);
        p.call(user, "join_room", json!({"room": "room-1"}));
    }
    let said = p.call(
        "alice",
        "send_message",
        json!({"room": "room-1", "text": "hi"}),
    );
    let id = said["data"]["id"].clone();
    let added = p.call(
        "bob",
        "message_reaction_add",
        json!({"room": "room-1", "message_id": id, "emoji": ":tada:"}),
    );
    assert_eq!(added["data"]["changed"], json!(true), "{added}");
    assert_eq!(
        p.wait_for("alice", "message_reaction", 1)[0]["emoji"],
        json!(":tada:")
    );
    p.call("bob", "typing_start", json!({"room": "room-1"}));
    assert_eq!(
        p.wait_for("alice", "typing", 1)[0],
        json!({"room": "room-1", "user": "bob", "typing": true})
    );
}
