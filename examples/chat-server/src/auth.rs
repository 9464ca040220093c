//! Signed session tokens, checked once, at the Socket.IO handshake.
//!
//! A token is `v1.<claims>.<signature>`: the claims are the JSON object
//! `{"sub": "<user>", "exp": "<RFC 3339 instant>"}` in unpadded base64url,
//! and the signature is HMAC-SHA256 over `v1.<claims>` with the server's
//! secret, in unpadded base64url. The expiry must carry an offset: it is read
//! with `tzsafe::serde::aware_only`, so a naive `exp` (the original service's
//! bug: wall time compared with UTC) is refused rather than guessed. Whether
//! a token has expired is decided by the server's clock (a [`TimezoneAware`]
//! context), which tests move by hand.
//!
//! The user a connection acts as comes from here and nowhere else: event
//! payloads never name their sender.

use core::fmt;

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine as _;
use chrono::{DateTime, Utc};
use hmac::{Hmac, Mac};
use serde::{Deserialize, Serialize};
use sha2::Sha256;
use tzsafe::models::UserId;
use tzsafe::TimezoneAware;

use crate::text::{instant, quoted};

/// The token format's version tag, the first part of every token.
const VERSION: &str = "v1";

/// The longest token read; longer ones are refused before any decoding.
pub const MAX_TOKEN_BYTES: usize = 1024;

/// The longest user id; ids are also limited to `A-Z a-z 0-9 . _ -`, so
/// that they can name Socket.IO rooms and Redis keys as they are.
pub const MAX_USER_ID_BYTES: usize = 64;

/// The fewest bytes a secret may have (HMAC-SHA256's block is 64; 32 random
/// bytes are the usual minimum).
pub const MIN_SECRET_BYTES: usize = 32;

/// The server's signing key. Its `Debug` does not show it.
#[derive(Clone)]
pub struct Secret(Vec<u8>);

impl Secret {
    /// A secret from `bytes`: at least [`MIN_SECRET_BYTES`] of them.
    ///
    /// # Errors
    ///
    /// A message saying how long the secret is and must be.
    pub fn new(bytes: impl Into<Vec<u8>>) -> Result<Secret, String> {
        let bytes = bytes.into();
        if bytes.len() < MIN_SECRET_BYTES {
            return Err(format!(
                "the token secret is {} bytes: expected at least {MIN_SECRET_BYTES} (for example 64 random hex digits)",
                bytes.len()
            ));
        }
        Ok(Secret(bytes))
    }

    /// 32 bytes from the operating system's random source.
    ///
    /// # Errors
    ///
    /// When the operating system has no random source to give.
    pub fn random() -> Result<Secret, String> {
        let mut bytes = vec![0u8; MIN_SECRET_BYTES];
        getrandom::fill(&mut bytes).map_err(|e| format!("no random source for a secret: {e}"))?;
        Ok(Secret(bytes))
    }

    fn mac(&self) -> Hmac<Sha256> {
        // HMAC takes keys of any length: this cannot fail.
        <Hmac<Sha256> as Mac>::new_from_slice(&self.0)
            .unwrap_or_else(|_| unreachable!("HMAC accepts keys of any length"))
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Secret({} bytes)", self.0.len())
    }
}

/// What a verified token says: who the connection is, and until when.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Identity {
    /// The user every event of the connection acts as.
    pub user: UserId,
    /// When the token stops being valid (events after it are refused).
    pub expires_at: DateTime<Utc>,
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Claims {
    sub: String,
    #[serde(with = "tzsafe::serde::aware_only")]
    exp: DateTime<Utc>,
}

/// Why a token was refused: the `message` of the `connect_error` the client
/// receives.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum AuthError {
    /// No `token` in the handshake's `auth` payload.
    Missing,
    /// Not a token of this format (the reason says what is wrong).
    Malformed(String),
    /// The signature does not match: forged, or signed with another secret.
    BadSignature,
    /// The token expired at `expired_at`; the server's clock read `now`.
    Expired {
        /// The token's `exp`.
        expired_at: DateTime<Utc>,
        /// The server's clock when it was checked.
        now: DateTime<Utc>,
    },
}

impl AuthError {
    /// A short machine-readable code: `missing_token`, `malformed_token`,
    /// `bad_signature` or `token_expired`.
    pub fn code(&self) -> &'static str {
        match self {
            AuthError::Missing => "missing_token",
            AuthError::Malformed(_) => "malformed_token",
            AuthError::BadSignature => "bad_signature",
            AuthError::Expired { .. } => "token_expired",
        }
    }
}

impl fmt::Display for AuthError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            AuthError::Missing => {
                f.write_str("missing token: connect with the auth payload {\"token\": \"<token>\"}")
            }
            AuthError::Malformed(why) => write!(f, "malformed token: {why}"),
            AuthError::BadSignature => {
                f.write_str("invalid token: the signature does not match this server's secret")
            }
            AuthError::Expired { expired_at, now } => write!(
                f,
                "token expired at {} (server time {}): connect again with a fresh token",
                instant(expired_at),
                instant(now)
            ),
        }
    }
}

impl std::error::Error for AuthError {}

/// Checks a user id: 1 to [`MAX_USER_ID_BYTES`] bytes of `A-Z a-z 0-9 . _ -`.
///
/// # Errors
///
/// A message quoting the id and saying what is expected.
pub fn check_user_id(id: &str) -> Result<(), String> {
    let allowed = |b: u8| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'-');
    if id.is_empty() || id.len() > MAX_USER_ID_BYTES || !id.bytes().all(allowed) {
        return Err(format!(
            "invalid user id {}: expected 1 to {MAX_USER_ID_BYTES} characters from A-Z a-z 0-9 . _ -",
            quoted(id)
        ));
    }
    Ok(())
}

/// A token for `user`, valid until `expires_at`.
///
/// # Errors
///
/// An invalid user id.
pub fn issue(secret: &Secret, user: &str, expires_at: DateTime<Utc>) -> Result<String, String> {
    check_user_id(user)?;
    let claims = Claims {
        sub: user.to_owned(),
        exp: expires_at,
    };
    let json = serde_json::to_vec(&claims).map_err(|e| e.to_string())?;
    let body = format!("{VERSION}.{}", URL_SAFE_NO_PAD.encode(json));
    let mut mac = secret.mac();
    mac.update(body.as_bytes());
    let signature = URL_SAFE_NO_PAD.encode(mac.finalize().into_bytes());
    Ok(format!("{body}.{signature}"))
}

/// The identity `token` proves at the instant `ctx` reads as now.
///
/// The signature is checked (in constant time) before the claims are read,
/// so nothing an attacker wrote is parsed unless the server signed it.
///
/// # Errors
///
/// [`AuthError`]: malformed, badly signed or expired.
pub fn verify(secret: &Secret, token: &str, ctx: &TimezoneAware) -> Result<Identity, AuthError> {
    if token.len() > MAX_TOKEN_BYTES {
        return Err(AuthError::Malformed(format!(
            "{} bytes, at most {MAX_TOKEN_BYTES}",
            token.len()
        )));
    }
    let mut parts = token.split('.');
    let (Some(version), Some(claims), Some(signature), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err(AuthError::Malformed(
            "expected three parts separated by '.': v1.<claims>.<signature>".to_owned(),
        ));
    };
    if version != VERSION {
        return Err(AuthError::Malformed(format!(
            "version {}, expected {VERSION}",
            quoted(version)
        )));
    }
    let signature = URL_SAFE_NO_PAD
        .decode(signature)
        .map_err(|_| AuthError::Malformed("the signature is not base64url".to_owned()))?;
    let mut mac = secret.mac();
    mac.update(version.as_bytes());
    mac.update(b".");
    mac.update(claims.as_bytes());
    mac.verify_slice(&signature)
        .map_err(|_| AuthError::BadSignature)?;
    let json = URL_SAFE_NO_PAD
        .decode(claims)
        .map_err(|_| AuthError::Malformed("the claims are not base64url".to_owned()))?;
    let claims: Claims =
        serde_json::from_slice(&json).map_err(|e| AuthError::Malformed(format!("claims: {e}")))?;
    check_user_id(&claims.sub).map_err(AuthError::Malformed)?;
    // Valid while now < exp: the instant of expiry is already too late.
    let now = ctx.now();
    if claims.exp <= now {
        return Err(AuthError::Expired {
            expired_at: claims.exp,
            now,
        });
    }
    Ok(Identity {
        user: UserId::from(claims.sub),
        expires_at: claims.exp,
    })
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use chrono::{TimeDelta, TimeZone};

    use super::*;

    fn secret() -> Secret {
        Secret::new(b"0123456789abcdef0123456789abcdef".to_vec()).unwrap()
    }

    #[test]
    fn round_trip_and_expiry_against_the_context_clock() {
        let t0 = Utc.with_ymd_and_hms(2026, 12, 1, 9, 0, 0).unwrap();
        let ctx = TimezoneAware::new().frozen_at(t0);
        let token = issue(&secret(), "alice", t0 + TimeDelta::minutes(5)).unwrap();
        let who = verify(&secret(), &token, &ctx).unwrap();
        assert_eq!(who.user.as_str(), "alice");
        ctx.advance(TimeDelta::minutes(5)).unwrap();
        let err = verify(&secret(), &token, &ctx).unwrap_err();
        assert_eq!(
            err.to_string(),
            "token expired at 2026-12-01T09:05:00Z (server time 2026-12-01T09:05:00Z): connect again with a fresh token"
        );
    }

    #[test]
    fn forged_and_malformed_tokens_are_refused() {
        let t0 = Utc.with_ymd_and_hms(2026, 12, 1, 9, 0, 0).unwrap();
        let ctx = TimezoneAware::new().frozen_at(t0);
        let token = issue(&secret(), "alice", t0 + TimeDelta::hours(1)).unwrap();
        let other = Secret::new(vec![7u8; 32]).unwrap();
        assert_eq!(verify(&other, &token, &ctx), Err(AuthError::BadSignature));
        // Claims of another user under alice's signature.
        let (_, rest) = token.split_once('.').unwrap();
        let (_, sig) = rest.split_once('.').unwrap();
        let bob = URL_SAFE_NO_PAD.encode(br#"{"sub":"bob","exp":"2030-01-01T00:00:00Z"}"#);
        let forged = format!("v1.{bob}.{sig}");
        assert_eq!(
            verify(&secret(), &forged, &ctx),
            Err(AuthError::BadSignature)
        );
        assert_eq!(
            verify(&secret(), "abc", &ctx).unwrap_err().code(),
            "malformed_token"
        );
    }

    #[test]
    fn a_naive_expiry_is_refused_even_when_signed() {
        let ctx = TimezoneAware::new();
        let claims = URL_SAFE_NO_PAD.encode(br#"{"sub":"alice","exp":"2030-01-01T00:00:00"}"#);
        let body = format!("v1.{claims}");
        let mut mac = secret().mac();
        mac.update(body.as_bytes());
        let token = format!(
            "{body}.{}",
            URL_SAFE_NO_PAD.encode(mac.finalize().into_bytes())
        );
        let err = verify(&secret(), &token, &ctx).unwrap_err();
        assert!(
            err.to_string()
                .starts_with("malformed token: claims: invalid timestamp \"2030-01-01T00:00:00\""),
            "{err}"
        );
    }

    #[test]
    fn user_ids_are_checked() {
        assert!(check_user_id("alice.b-2_c").is_ok());
        assert_eq!(
            check_user_id("al ice").unwrap_err(),
            "invalid user id \"al ice\": expected 1 to 64 characters from A-Z a-z 0-9 . _ -"
        );
        assert!(check_user_id("").is_err());
        assert!(check_user_id(&"a".repeat(65)).is_err());
    }
}
