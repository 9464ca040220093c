//! The `error` event: what a client is told when one of its events is
//! refused. Every refusal has a stable `code` to match on and a `message` for
//! people; the connection stays open (but for an expired token) and the
//! server goes on serving everyone else.

use serde::Serialize;
use tzsafe::models::discount::OfferError;
use tzsafe::models::presence::{PresenceError, PresenceErrorKind};

/// A refused event, sent to the client as the `error` event (and as the
/// acknowledgement `{"ok": false, "error": ...}` when it asked for one).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ClientError {
    /// `malformed`, `too_large`, `rate_limited`, `forged_user_id`, `token_expired`,
    /// `unknown_event`, `unknown_room`, `not_a_member`, `unknown_offer`,
    /// `offer_expired`, `offer_resolved`, `not_allowed`, `not_participant`,
    /// `too_many_offers`, `unknown_message`, `invalid`, `capacity` or
    /// `unavailable`.
    pub code: &'static str,
    /// What was wrong and what is expected.
    pub message: String,
    /// The event that was refused.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub event: Option<String>,
    /// For `rate_limited`: how long to wait, in milliseconds.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub retry_after_ms: Option<u64>,
}

impl ClientError {
    /// A refusal with `code` and `message`.
    pub fn new(code: &'static str, message: impl Into<String>) -> ClientError {
        ClientError {
            code,
            message: message.into(),
            event: None,
            retry_after_ms: None,
        }
    }

    /// The same refusal, naming the event it answers.
    #[must_use]
    pub fn of_event(mut self, event: &str) -> ClientError {
        self.event = Some(event.to_owned());
        self
    }
}

/// The message alone: what a refused connection's `connect_error` says.
impl std::fmt::Display for ClientError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

impl From<OfferError> for ClientError {
    fn from(refusal: OfferError) -> ClientError {
        let code = match refusal {
            OfferError::Expired { .. } => "offer_expired",
            OfferError::AlreadyResolved { .. } => "offer_resolved",
            OfferError::NotAllowed { .. } => "not_allowed",
            OfferError::NotParticipant => "not_participant",
            // `NotYetMade`, and kinds added later.
            _ => "invalid",
        };
        ClientError::new(code, refusal.to_string())
    }
}

impl From<tzsafe::Error> for ClientError {
    fn from(err: tzsafe::Error) -> ClientError {
        // A presence limit or store failure carries presence's own detail.
        let code = match PresenceError::of(&err).map(PresenceError::kind) {
            Some(PresenceErrorKind::CapacityExceeded) => "capacity",
            Some(PresenceErrorKind::Store) => "unavailable",
            _ => "invalid",
        };
        ClientError::new(code, err.to_string())
    }
}
