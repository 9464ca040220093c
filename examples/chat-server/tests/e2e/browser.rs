//! The page at `/` in a real browser: Debian's headless Chromium driven by
//! puppeteer-core. Two people sign in in two pages, each in a zone of their
//! own; one sees the other come online, an offer sent in one page is
//! accepted in the other, each page shows its expiry in its viewer's zone,
//! and when one page closes the other shows that user offline.

use std::str::FromStr;
use std::time::Duration;

use chrono::TimeDelta;
use serde_json::{json, Value};
use tzsafe::Zone;

use crate::puppet::Puppet;
use crate::{manual_clock_server, t0};

/// Where the screenshot goes: `$CHAT_SCREENSHOT`, else under the target
/// directory. (The README's `docs/page.png` is one of these.)
fn screenshot_path() -> String {
    std::env::var("CHAT_SCREENSHOT")
        .unwrap_or_else(|_| format!("{}/chat-server-page.png", env!("CARGO_TARGET_TMPDIR")))
}

struct Pages {
    b: Puppet,
}

impl Pages {
    fn open(&mut self, page: &str, url: &str, zone: &str, token: &str) {
        self.b
            .command(json!({"op": "open", "page": page, "url": url, "zone": zone}));
        self.b
            .command(json!({"op": "type", "page": page, "selector": "#token", "text": token}));
        self.b
            .command(json!({"op": "click", "page": page, "selector": "#signin-button"}));
    }

    /// Waits until `js` is truthy in `page`; its value.
    fn wait(&mut self, page: &str, js: &str) -> Value {
        self.b
            .command(json!({"op": "wait", "page": page, "js": js}))["value"]
            .clone()
    }

    fn click(&mut self, page: &str, selector: &str) {
        self.b
            .command(json!({"op": "click", "page": page, "selector": selector}));
    }

    /// Waits until `user` shows as `status` in `page`'s friends.
    fn friend_is(&mut self, page: &str, user: &str, status: &str) {
        self.wait(
            page,
            &format!(
                "document.querySelector('#friends li[data-user=\"{user}\"]')?.className === '{status}'"
            ),
        );
    }
}

#[test]
fn two_people_in_two_pages() {
    let server = manual_clock_server(|_| {});
    let clock = server.clock.clone();
    let url = format!("{}/", server.url);
    let mut pages = Pages {
        b: Puppet::start_browser(),
    };
    let day = TimeDelta::days(1);
    let alice = pages.b.token("alice", t0() + day);
    let bob = pages.b.token("bob", t0() + day);

    // Alice signs in (in Adelaide, on summer time) and sees bob offline; bob signs in (in New
    // York) and alice's page shows him online.
    pages.open("alice", &url, "Australia/Adelaide", &alice);
    pages.friend_is("alice", "bob", "offline");
    pages.open("bob", &url, "America/New_York", &bob);
    pages.friend_is("alice", "bob", "online");
    pages.friend_is("bob", "alice", "online");
    let who = pages.wait("alice", "document.querySelector('#who').textContent");
    assert_eq!(who, json!("alice · times in Australia/Adelaide"));

    // Alice offers bob 15 % for 120 s; both pages list it, each with the
    // expiry in its own zone.
    pages
        .b
        .command(json!({"op": "type", "page": "alice", "selector": "#percent", "text": "15"}));
    pages.click("alice", "#send-button");
    let pending =
        "document.querySelector('#offers li[data-state=\"pending\"] .expiry')?.textContent";
    let in_adelaide = pages.wait("alice", pending);
    let in_new_york = pages.wait("bob", pending);
    let expires = t0() + TimeDelta::seconds(120);
    for (text, zone) in [
        (&in_adelaide, "Australia/Adelaide"),
        (&in_new_york, "America/New_York"),
    ] {
        // The local wall time, computed independently with tzsafe.
        let local = expires.with_timezone(&Zone::from_str(zone).unwrap());
        let expected = format!("expires {} ({zone}) · ", local.format("%H:%M:%S"));
        let text = text.as_str().unwrap();
        assert!(
            text.starts_with(&expected),
            "{text:?}, expected {expected:?}..."
        );
        assert!(text.ends_with(" left"), "{text:?}");
    }
    assert!(in_adelaide
        .as_str()
        .unwrap()
        .starts_with("expires 19:32:00 (Australia/Adelaide)"));
    assert!(in_new_york
        .as_str()
        .unwrap()
        .starts_with("expires 04:02:00 (America/New_York)"));
    let title = pages.wait(
        "bob",
        "document.querySelector('#offers li .title')?.textContent",
    );
    assert_eq!(title, json!("CHAT-10 · 15 %"));

    // Bob accepts in his page; alice's page shows it accepted.
    pages.click(
        "bob",
        "#offers li[data-state=\"pending\"] [data-action=\"accept\"]",
    );
    pages.wait(
        "alice",
        "document.querySelector('#offers li')?.dataset.state === 'accepted'",
    );
    // A second offer, pending, for the picture.
    pages
        .b
        .command(json!({"op": "type", "page": "alice", "selector": "#percent", "text": "5"}));
    pages
        .b
        .command(json!({"op": "type", "page": "alice", "selector": "#code", "text": "THANKS-5"}));
    pages
        .b
        .command(json!({"op": "type", "page": "alice", "selector": "#ttl", "text": "900"}));
    clock.advance(TimeDelta::seconds(30));
    pages.click("alice", "#send-button");
    pages.wait(
        "alice",
        "document.querySelectorAll('#offers li').length === 2",
    );
    pages.wait(
        "alice",
        "document.querySelector('#offers li [data-action=\"withdraw\"]')",
    );
    pages
        .b
        .command(json!({"op": "screenshot", "page": "alice", "path": screenshot_path()}));

    // Bob closes his page: after the grace (10 s by the server's clock),
    // alice's page shows him offline.
    let closed = pages.b.command(json!({"op": "close", "page": "bob"}));
    assert_eq!(closed["errors"], json!([]), "page errors: {closed}");
    std::thread::sleep(Duration::from_millis(300));
    pages.friend_is("alice", "bob", "online");
    clock.advance(TimeDelta::seconds(11));
    pages.friend_is("alice", "bob", "offline");
    let closed = pages.b.command(json!({"op": "close", "page": "alice"}));
    assert_eq!(closed["errors"], json!([]), "page errors: {closed}");
}
