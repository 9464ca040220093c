//! The original front end's pattern, with its own client library
//! (socket.io-client under node): one page opens one socket per namespace
//! over one WebSocket, pings on all four, and makes and answers offers in
//! `/chat`; closing the page closes them all.

use std::time::Duration;

use chat_server::server::NAMESPACES;
use chrono::TimeDelta;
use serde_json::json;
use tzsafe::Clock;

use crate::puppet::Puppet;
use crate::{manual_clock_server, t0};

fn at(t: chrono::DateTime<chrono::Utc>) -> String {
    chat_server::text::instant(&t)
}

#[test]
fn one_socket_per_namespace_pings_on_all_four_and_offers_in_chat() {
    let server = manual_clock_server(|_| {});
    let clock = server.clock.clone();
    let url = server.url.clone();
    let mut p = Puppet::start_js();
    let until = t0() + TimeDelta::days(1);
    let bob = p.token("bob", until);
    let alice = p.token("alice", until);

    // Two pages, each with its four sockets on one WebSocket.
    for ns in NAMESPACES {
        p.connect_shared("bob-page", &format!("bob{ns}"), &url, ns, &bob);
    }
    assert_eq!(
        p.wait_for("bob/social", "presence_snapshot", 1)[0],
        json!({"friends": [{"user": "alice", "status": "offline", "last_seen": null}]})
    );
    for ns in NAMESPACES {
        p.connect_shared("alice-page", &format!("alice{ns}"), &url, ns, &alice);
    }
    for ns in NAMESPACES {
        assert_eq!(
            p.wait_for(&format!("alice{ns}"), "hello", 1)[0]["namespace"],
            json!(ns)
        );
        p.ping(&format!("alice{ns}"));
        p.ping(&format!("bob{ns}"));
    }
    let online = p.wait_for("bob/social", "presence", 1);
    assert_eq!(
        online,
        [json!({"type": "came_online", "user": "alice", "at": at(t0())})]
    );

    // Offers in /chat: alice offers, bob is notified and accepts, alice's
    // /orders gets the order.
    for who in ["alice", "bob"] {
        let joined = p.call(
            &format!("{who}/chat"),
            "join_room",
            json!({"room": "room-1"}),
        );
        assert_eq!(joined["ok"], json!(true), "{joined}");
    }
    let offer = json!({"room": "room-1", "buyer": "bob", "code": "JS-10",
        "value": {"type": "percentage", "basis_points": 1000}, "ttl_seconds": 120});
    let sent = p.call("alice/chat", "send_offer", offer);
    assert_eq!(sent["data"]["state"], json!("pending"), "{sent}");
    let id = sent["data"]["id"].clone();
    assert_eq!(p.wait_for("bob/chat", "offer", 1)[0]["id"], id);
    assert_eq!(
        p.wait_for("bob/notifications", "notification", 1)[0],
        json!({"kind": "offer", "offer_id": id, "state": "pending"})
    );
    clock.advance(TimeDelta::seconds(30));
    let accepted = p.call(
        "bob/chat",
        "respond_to_offer",
        json!({"offer_id": id, "answer": "accept"}),
    );
    assert_eq!(accepted["data"]["state"], json!("accepted"), "{accepted}");
    assert_eq!(
        accepted["data"]["resolution"],
        json!({"state": "accepted", "at": at(t0() + TimeDelta::seconds(30))})
    );
    assert_eq!(p.wait_for("alice/orders", "order_created", 1)[0]["id"], id);
    let updated = p.wait_for("alice/chat", "offer_updated", 1);
    assert_eq!(
        (&updated[0]["id"], &updated[0]["state"]),
        (&id, &json!("accepted"))
    );
    let listed = p.call(
        "bob/chat",
        "list_offers",
        json!({"room": "room-1", "limit": 1}),
    );
    assert_eq!(listed["data"]["offers"][0]["id"], id, "{listed}");
    assert_eq!(listed["data"]["offers"][0]["state"], json!("accepted"));

    // Alice closes her page: all four sockets go at once; after the grace
    // bob sees her offline, once.
    let closed_at = clock.now();
    p.close_manager("alice-page");
    for ns in NAMESPACES {
        p.wait_for(&format!("alice{ns}"), "disconnect", 1);
    }
    std::thread::sleep(Duration::from_millis(200));
    clock.advance(TimeDelta::seconds(11));
    let presence = p.wait_for("bob/social", "presence", 2);
    std::thread::sleep(Duration::from_millis(200));
    assert_eq!(
        p.events("bob/social", "presence"),
        [
            json!({"type": "came_online", "user": "alice", "at": at(t0())}),
            json!({"type": "went_offline", "user": "alice", "last_seen": at(closed_at)}),
        ],
        "{presence:?}"
    );
}
