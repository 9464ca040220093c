//! JWT handshakes: the token is checked once, at the Socket.IO handshake.
//!
//! A token is a JWT (RFC 7519) verified with [jsonwebtoken]: HS256 with the
//! server's shared secret by default ([`Verifier::hs256`]), or RS256 or
//! EdDSA with an identity provider's public key ([`Verifier::public_key`]);
//! a verifier accepts one algorithm only, the one its key is for.
//!
//! * `sub` is the user every event of the connection acts as (the server
//!   also checks that the world file has that user).
//! * `exp` is required; `nbf` and `iat` are checked when present; each is
//!   an integer NumericDate, read with `tzsafe::serde::unix_seconds`.
//!   They are checked against the server's clock (a [`TimezoneAware`]
//!   context, which tests move by hand), with a leeway for the clocks of
//!   the token's issuer: the crate's own time checks read the system clock,
//!   so they are turned off.
//! * `aud` and `iss` are checked when the verifier is given them.
//!
//! The user a connection acts as comes from here and nowhere else: event
//! payloads never name their sender.

use core::fmt;
use std::collections::HashSet;

use chrono::{DateTime, TimeDelta, Utc};
use jsonwebtoken::errors::ErrorKind as JwtErrorKind;
use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Header, Validation};
use serde::{Deserialize, Serialize};
use tzsafe::models::UserId;
use tzsafe::TimezoneAware;

use crate::text::{instant, quoted};

/// The longest token read; longer ones are refused before any decoding.
pub const MAX_TOKEN_BYTES: usize = 4096;

/// The longest user id; ids are also limited to `A-Z a-z 0-9 . _ -`, so
/// that they can name Socket.IO rooms and Redis keys as they are.
pub const MAX_USER_ID_BYTES: usize = 64;

/// The fewest bytes a shared secret may have (RFC 7518 asks HS256 keys to
/// be at least as long as the hash: 32 bytes).
pub const MIN_SECRET_BYTES: usize = 32;

/// The server's shared signing key. Its `Debug` does not show it.
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
    /// The token's `exp`.
    pub expires_at: DateTime<Utc>,
    /// `exp` plus the leeway: events from this instant on are refused.
    pub refused_from: DateTime<Utc>,
}

/// The claims the server reads (others, `aud` and `iss` included, are left
/// to [`Validation`] or ignored).
#[derive(Serialize, Deserialize)]
struct Claims {
    sub: String,
    #[serde(with = "tzsafe::serde::unix_seconds")]
    exp: DateTime<Utc>,
    #[serde(
        default,
        with = "tzsafe::serde::unix_seconds::option",
        skip_serializing_if = "Option::is_none"
    )]
    nbf: Option<DateTime<Utc>>,
    #[serde(
        default,
        with = "tzsafe::serde::unix_seconds::option",
        skip_serializing_if = "Option::is_none"
    )]
    iat: Option<DateTime<Utc>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    aud: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    iss: Option<String>,
}

/// Why a token was refused: the `message` of the `connect_error` the client
/// receives.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum AuthError {
    /// No `token` in the handshake's `auth` payload.
    Missing,
    /// Not a JWT this server reads (the reason says what is wrong).
    Malformed(String),
    /// The signature does not match the server's key, or the token is
    /// signed with another algorithm than the key's.
    BadSignature,
    /// `aud` or `iss` is not the one the server expects.
    WrongClaim(String),
    /// The token expired at `expired_at`; the server's clock read `now`.
    Expired {
        /// The token's `exp`.
        expired_at: DateTime<Utc>,
        /// The server's clock when it was checked.
        now: DateTime<Utc>,
    },
    /// The token is not valid yet (`nbf`), or was issued in the future
    /// (`iat`), by more than the leeway.
    NotYetValid {
        /// `"nbf"` or `"iat"`.
        claim: &'static str,
        /// Its value.
        at: DateTime<Utc>,
        /// The server's clock when it was checked.
        now: DateTime<Utc>,
    },
    /// `sub` is not a user of this server.
    UnknownUser(String),
}

impl AuthError {
    /// A short machine-readable code: `missing_token`, `malformed_token`,
    /// `bad_signature`, `wrong_claim`, `token_expired`,
    /// `token_not_yet_valid` or `unknown_user`.
    pub fn code(&self) -> &'static str {
        match self {
            AuthError::Missing => "missing_token",
            AuthError::Malformed(_) => "malformed_token",
            AuthError::BadSignature => "bad_signature",
            AuthError::WrongClaim(_) => "wrong_claim",
            AuthError::Expired { .. } => "token_expired",
            AuthError::NotYetValid { .. } => "token_not_yet_valid",
            AuthError::UnknownUser(_) => "unknown_user",
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
                f.write_str("invalid token: the signature does not match this server's key")
            }
            AuthError::WrongClaim(why) => write!(f, "invalid token: {why}"),
            AuthError::Expired { expired_at, now } => write!(
                f,
                "token expired at {} (server time {}): connect again with a fresh token",
                instant(expired_at),
                instant(now)
            ),
            AuthError::NotYetValid { claim, at, now } => write!(
                f,
                "token not valid yet: {claim} is {} (server time {})",
                instant(at),
                instant(now)
            ),
            AuthError::UnknownUser(user) => write!(
                f,
                "unknown user {}: the token's subject is not a user of this server",
                quoted(user)
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

/// Checks tokens: one key and its algorithm, the leeway, and the expected
/// `aud` and `iss` if any.
#[derive(Clone)]
pub struct Verifier {
    key: DecodingKey,
    algorithm: Algorithm,
    leeway: TimeDelta,
    audience: Option<String>,
    issuer: Option<String>,
}

impl fmt::Debug for Verifier {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Verifier")
            .field("algorithm", &self.algorithm)
            .field("leeway", &self.leeway)
            .field("audience", &self.audience)
            .field("issuer", &self.issuer)
            .finish_non_exhaustive()
    }
}

impl Verifier {
    /// HS256 tokens signed with `secret`; no leeway, no `aud` or `iss`.
    ///
    /// # Errors
    ///
    /// A key jsonwebtoken refuses.
    pub fn hs256(secret: &Secret) -> Result<Verifier, String> {
        let key = DecodingKey::from_secret(&secret.0)
            .map_err(|e| format!("the token secret cannot be used: {e}"))?;
        Ok(Verifier {
            key,
            algorithm: Algorithm::HS256,
            leeway: TimeDelta::zero(),
            audience: None,
            issuer: None,
        })
    }

    /// Tokens of an identity provider, checked with its public key in PEM:
    /// an RSA key (RS256) or an Ed25519 key (EdDSA).
    ///
    /// # Errors
    ///
    /// A PEM that is neither.
    pub fn public_key(pem: &[u8]) -> Result<Verifier, String> {
        let (key, algorithm) = if let Ok(key) = DecodingKey::from_rsa_pem(pem) {
            (key, Algorithm::RS256)
        } else if let Ok(key) = DecodingKey::from_ed_pem(pem) {
            (key, Algorithm::EdDSA)
        } else {
            return Err(
                "expected an RSA (RS256) or Ed25519 (EdDSA) public key in PEM (\"-----BEGIN PUBLIC KEY-----\")"
                    .to_owned(),
            );
        };
        Ok(Verifier {
            key,
            algorithm,
            leeway: TimeDelta::zero(),
            audience: None,
            issuer: None,
        })
    }

    /// Accepts `exp`, `nbf` and `iat` off by up to `leeway`.
    #[must_use]
    pub fn leeway(mut self, leeway: TimeDelta) -> Verifier {
        self.leeway = leeway.max(TimeDelta::zero());
        self
    }

    /// Requires `aud` to be `audience`.
    #[must_use]
    pub fn audience(mut self, audience: impl Into<String>) -> Verifier {
        self.audience = Some(audience.into());
        self
    }

    /// Requires `iss` to be `issuer`.
    #[must_use]
    pub fn issuer(mut self, issuer: impl Into<String>) -> Verifier {
        self.issuer = Some(issuer.into());
        self
    }

    /// The algorithm tokens must be signed with.
    pub fn algorithm(&self) -> Algorithm {
        self.algorithm
    }

    /// The identity `token` proves at the instant `ctx` reads as now.
    ///
    /// The signature (and the algorithm) are checked before any claim is
    /// believed.
    ///
    /// # Errors
    ///
    /// [`AuthError`]: malformed, badly signed, for another audience or
    /// issuer, expired, or not valid yet. Whether `sub` is a user is the
    /// caller's to check.
    pub fn verify(&self, token: &str, ctx: &TimezoneAware) -> Result<Identity, AuthError> {
        if token.len() > MAX_TOKEN_BYTES {
            return Err(AuthError::Malformed(format!(
                "{} bytes, at most {MAX_TOKEN_BYTES}",
                token.len()
            )));
        }
        let mut validation = Validation::new(self.algorithm);
        // The time claims are checked below, against tzsafe's clock.
        validation.validate_exp = false;
        validation.validate_nbf = false;
        validation.leeway = 0;
        // A configured aud or iss is required, not only checked when present.
        let mut required = HashSet::from(["exp".to_owned(), "sub".to_owned()]);
        match &self.audience {
            Some(aud) => {
                validation.set_audience(&[aud]);
                required.insert("aud".to_owned());
            }
            None => validation.validate_aud = false,
        }
        if let Some(iss) = &self.issuer {
            validation.set_issuer(&[iss]);
            required.insert("iss".to_owned());
        }
        validation.required_spec_claims = required;
        let claims = jsonwebtoken::decode::<Claims>(token, &self.key, &validation)
            .map_err(|e| self.refusal(e))?
            .claims;
        check_user_id(&claims.sub).map_err(AuthError::Malformed)?;
        let now = ctx.now();
        // Valid while now < exp (+ leeway): the instant of expiry is too late.
        let refused_from = claims.exp + self.leeway;
        if refused_from <= now {
            return Err(AuthError::Expired {
                expired_at: claims.exp,
                now,
            });
        }
        for (claim, at) in [("nbf", claims.nbf), ("iat", claims.iat)] {
            if let Some(at) = at {
                if at - self.leeway > now {
                    return Err(AuthError::NotYetValid { claim, at, now });
                }
            }
        }
        Ok(Identity {
            user: UserId::from(claims.sub),
            expires_at: claims.exp,
            refused_from,
        })
    }

    fn refusal(&self, err: jsonwebtoken::errors::Error) -> AuthError {
        match err.kind() {
            JwtErrorKind::InvalidSignature => AuthError::BadSignature,
            JwtErrorKind::InvalidAlgorithm => AuthError::Malformed(format!(
                "signed with another algorithm than {:?}, the only one this server accepts",
                self.algorithm
            )),
            JwtErrorKind::InvalidAudience => AuthError::WrongClaim(format!(
                "aud is not {}",
                quoted(self.audience.as_deref().unwrap_or_default())
            )),
            JwtErrorKind::InvalidIssuer => AuthError::WrongClaim(format!(
                "iss is not {}",
                quoted(self.issuer.as_deref().unwrap_or_default())
            )),
            JwtErrorKind::MissingRequiredClaim(claim) => {
                AuthError::Malformed(format!("the claim {} is missing", quoted(claim)))
            }
            JwtErrorKind::Json(e) => AuthError::Malformed(format!("claims: {e}")),
            JwtErrorKind::InvalidToken | JwtErrorKind::Base64(_) | JwtErrorKind::Utf8(_) => {
                AuthError::Malformed(
                    "expected a JWT, three base64url parts: header.claims.signature".to_owned(),
                )
            }
            _ => AuthError::Malformed(err.to_string()),
        }
    }
}

/// What [`issue`] puts in a token besides `sub`, `iat` and `exp`.
#[derive(Clone, Debug, Default)]
pub struct Extra {
    /// `aud`, if any.
    pub audience: Option<String>,
    /// `iss`, if any.
    pub issuer: Option<String>,
}

/// An HS256 token for `user`, issued at `now`, valid until `expires_at`.
///
/// # Errors
///
/// An invalid user id, or a failure to sign.
pub fn issue(
    secret: &Secret,
    user: &str,
    now: DateTime<Utc>,
    expires_at: DateTime<Utc>,
    extra: &Extra,
) -> Result<String, String> {
    check_user_id(user)?;
    let claims = Claims {
        sub: user.to_owned(),
        exp: expires_at,
        nbf: None,
        iat: Some(now),
        aud: extra.audience.clone(),
        iss: extra.issuer.clone(),
    };
    let key = EncodingKey::from_secret(&secret.0)
        .map_err(|e| format!("the token secret cannot be used: {e}"))?;
    jsonwebtoken::encode(&Header::new(Algorithm::HS256), &claims, &key)
        .map_err(|e| format!("cannot sign a token: {e}"))
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use chrono::TimeZone;

    use super::*;

    fn secret() -> Secret {
        Secret::new(b"0123456789abcdef0123456789abcdef".to_vec()).unwrap()
    }

    fn t0() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 12, 1, 9, 0, 0).unwrap()
    }

    #[test]
    fn round_trip_and_expiry_against_the_context_clock_with_leeway() {
        let ctx = TimezoneAware::new().frozen_at(t0());
        let exp = t0() + TimeDelta::minutes(5);
        let token = issue(&secret(), "alice", t0(), exp, &Extra::default()).unwrap();
        let verifier = Verifier::hs256(&secret())
            .unwrap()
            .leeway(TimeDelta::seconds(10));
        let who = verifier.verify(&token, &ctx).unwrap();
        assert_eq!(who.user.as_str(), "alice");
        assert_eq!(who.refused_from, exp + TimeDelta::seconds(10));
        ctx.advance(TimeDelta::minutes(5) + TimeDelta::seconds(9))
            .unwrap();
        assert!(verifier.verify(&token, &ctx).is_ok());
        ctx.advance(TimeDelta::seconds(1)).unwrap();
        assert_eq!(
            verifier.verify(&token, &ctx).unwrap_err().to_string(),
            "token expired at 2026-12-01T09:05:00Z (server time 2026-12-01T09:05:10Z): connect again with a fresh token"
        );
    }

    #[test]
    fn forged_and_malformed_tokens_are_refused() {
        let ctx = TimezoneAware::new().frozen_at(t0());
        let token = issue(
            &secret(),
            "alice",
            t0(),
            t0() + TimeDelta::hours(1),
            &Extra::default(),
        )
        .unwrap();
        let other = Secret::new(vec![7u8; 32]).unwrap();
        assert_eq!(
            Verifier::hs256(&other).unwrap().verify(&token, &ctx),
            Err(AuthError::BadSignature)
        );
        assert_eq!(
            Verifier::hs256(&secret())
                .unwrap()
                .verify("abc", &ctx)
                .unwrap_err()
                .code(),
            "malformed_token"
        );
    }

    #[test]
    fn audience_and_issuer_are_checked_when_configured() {
        let ctx = TimezoneAware::new().frozen_at(t0());
        let extra = Extra {
            audience: Some("chat".to_owned()),
            issuer: Some("idp".to_owned()),
        };
        let token = issue(&secret(), "alice", t0(), t0() + TimeDelta::hours(1), &extra).unwrap();
        let verifier = Verifier::hs256(&secret()).unwrap();
        assert!(verifier.verify(&token, &ctx).is_ok());
        assert!(verifier
            .clone()
            .audience("chat")
            .issuer("idp")
            .verify(&token, &ctx)
            .is_ok());
        assert_eq!(
            verifier
                .clone()
                .audience("shop")
                .verify(&token, &ctx)
                .unwrap_err()
                .to_string(),
            "invalid token: aud is not \"shop\""
        );
        assert_eq!(
            verifier
                .issuer("other")
                .verify(&token, &ctx)
                .unwrap_err()
                .to_string(),
            "invalid token: iss is not \"other\""
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
