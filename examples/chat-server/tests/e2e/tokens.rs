//! JWT handshakes against tokens minted by PyJWT, as the Python side of the
//! service (or an identity provider) would mint them, on a manual clock.

use chat_server::auth::Verifier;
use chrono::{DateTime, TimeDelta, Utc};
use serde_json::{json, Value};
use tzsafe::Clock;

use crate::puppet::Puppet;
use crate::{manual_clock_server, t0, verifier, ManualServer, LEEWAY, SECRET};

/// A server checking tokens with `tokens`, on a manual clock at [`t0`].
fn start(tokens: Verifier) -> ManualServer {
    manual_clock_server(|settings| settings.tokens = tokens)
}

fn at(t: DateTime<Utc>) -> String {
    chat_server::text::instant(&t)
}

/// Connects with `token`: the socket id, or the refusal.
fn connect(p: &mut Puppet, server: &ManualServer, token: &str) -> Result<String, String> {
    let result = p.connect_with("c", &server.url, "/chat", json!({ "token": token }));
    if result.is_ok() {
        p.disconnect("c");
    }
    result
}

fn claims(extra: Value) -> Value {
    let mut claims = json!({"sub": "alice", "exp": (t0() + TimeDelta::hours(1)).timestamp()});
    for (k, v) in extra.as_object().unwrap() {
        claims[k] = v.clone();
    }
    claims
}

#[test]
fn exp_nbf_and_iat_are_checked_against_the_servers_clock_with_the_leeway() {
    let server = start(verifier());
    let mut p = Puppet::start();
    let hs = |p: &mut Puppet, extra: Value| p.mint(claims(extra), SECRET, "HS256");

    // exp: valid until exp + leeway, the last instant excluded.
    let exp = t0() + TimeDelta::minutes(5);
    let token = hs(
        &mut p,
        json!({"exp": exp.timestamp(), "iat": t0().timestamp()}),
    );
    connect(&mut p, &server, &token).unwrap();
    server.clock.set(exp + LEEWAY - TimeDelta::seconds(1));
    connect(&mut p, &server, &token).unwrap();
    server.clock.set(exp + LEEWAY);
    assert_eq!(
        connect(&mut p, &server, &token).unwrap_err(),
        format!(
            "token expired at {} (server time {}): connect again with a fresh token",
            at(exp),
            at(exp + LEEWAY)
        )
    );

    // nbf: not before nbf - leeway.
    let now = server.clock.now();
    let nbf = now + TimeDelta::minutes(2);
    let token = hs(
        &mut p,
        json!({"nbf": nbf.timestamp(), "exp": (now + TimeDelta::hours(1)).timestamp()}),
    );
    assert_eq!(
        connect(&mut p, &server, &token).unwrap_err(),
        format!(
            "token not valid yet: nbf is {} (server time {})",
            at(nbf),
            at(now)
        )
    );
    server.clock.set(nbf - LEEWAY);
    connect(&mut p, &server, &token).unwrap();

    // iat: not issued after now + leeway.
    let now = server.clock.now();
    let iat = now + LEEWAY + TimeDelta::seconds(1);
    let token = hs(
        &mut p,
        json!({"iat": iat.timestamp(), "exp": (now + TimeDelta::hours(1)).timestamp()}),
    );
    assert_eq!(
        connect(&mut p, &server, &token).unwrap_err(),
        format!(
            "token not valid yet: iat is {} (server time {})",
            at(iat),
            at(now)
        )
    );

    // Claims of the wrong type or missing.
    let now = server.clock.now();
    for (claims, refusal) in [
        (
            json!({"sub": "alice"}),
            "malformed token: claims: missing field `exp` at line 1 column 15",
        ),
        (
            json!({"exp": (now + TimeDelta::hours(1)).timestamp()}),
            "malformed token: claims: missing field `sub` at line 1 column 18",
        ),
    ] {
        let token = p.mint(claims, SECRET, "HS256");
        assert_eq!(connect(&mut p, &server, &token).unwrap_err(), refusal);
    }
    let token = p.mint(
        json!({"sub": "alice", "exp": format!("{}", (now + TimeDelta::hours(1)).timestamp())}),
        SECRET,
        "HS256",
    );
    let refusal = connect(&mut p, &server, &token).unwrap_err();
    assert!(
        refusal.starts_with("malformed token: claims: "),
        "{refusal}"
    );
}

#[test]
fn audience_and_issuer_are_checked_when_configured() {
    let server = start(verifier().audience("chat").issuer("https://idp.example"));
    let mut p = Puppet::start();
    let good = json!({"aud": "chat", "iss": "https://idp.example"});
    let token = p.mint(claims(good), SECRET, "HS256");
    connect(&mut p, &server, &token).unwrap();
    for (extra, refusal) in [
        (
            json!({"aud": "shop", "iss": "https://idp.example"}),
            "invalid token: aud is not \"chat\"",
        ),
        (
            json!({"aud": "chat", "iss": "https://evil.example"}),
            "invalid token: iss is not \"https://idp.example\"",
        ),
        (
            json!({"iss": "https://idp.example"}),
            "malformed token: the claim \"aud\" is missing",
        ),
    ] {
        let token = p.mint(claims(extra), SECRET, "HS256");
        assert_eq!(connect(&mut p, &server, &token).unwrap_err(), refusal);
    }
}

/// An identity provider's tokens, checked with its public key: accepted
/// when signed with its private key, refused when signed with another key,
/// with HS256 and the public key as the secret (the algorithm confusion
/// attack), or unsigned.
#[test]
fn rs256_and_eddsa_tokens_of_an_identity_provider() {
    let mut p = Puppet::start();
    for (kind, alg) in [("rsa", "RS256"), ("ed25519", "EdDSA")] {
        let (private, public) = p.keygen(kind);
        let tokens = Verifier::public_key(public.as_bytes())
            .unwrap()
            .leeway(LEEWAY);
        assert_eq!(format!("{:?}", tokens.algorithm()), alg);
        let server = start(tokens);
        let token = p.mint(claims(json!({})), &private, alg);
        connect(&mut p, &server, &token).unwrap();
        let (other, _) = p.keygen(kind);
        let token = p.mint(claims(json!({})), &other, alg);
        assert_eq!(
            connect(&mut p, &server, &token).unwrap_err(),
            "invalid token: the signature does not match this server's key",
            "{alg}"
        );
        let confused = p.mint(claims(json!({})), &public, "HS256-by-hand");
        assert_eq!(
            connect(&mut p, &server, &confused).unwrap_err(),
            format!(
                "malformed token: signed with another algorithm than {alg}, the only one this server accepts"
            )
        );
        let unsigned = p.mint(claims(json!({})), "", "none");
        assert!(
            connect(&mut p, &server, &unsigned)
                .unwrap_err()
                .starts_with("malformed token: "),
            "{alg}"
        );
    }
    assert!(
        Verifier::public_key(b"-----BEGIN PUBLIC KEY-----\nnope\n-----END PUBLIC KEY-----\n")
            .is_err()
    );
}
