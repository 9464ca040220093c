//! The ids the models share: users and chat rooms.

use core::fmt;

/// The id of a user: a seller or a buyer of a discount offer, a user whose
/// presence is tracked.
///
/// A newtype so that a room id cannot be passed where a user's is expected.
/// It is only a name: where it comes from decides whom it names. Take it from
/// the authenticated connection (a verified token at the socket handshake),
/// never from a field of the message a client sent.
///
/// # Example
///
/// ```
/// use tzsafe::models::UserId;
///
/// let id = UserId::from("buyer-7");
/// assert_eq!(id.as_str(), "buyer-7");
/// assert_eq!(id.to_string(), "buyer-7");
/// let s: &str = id.as_ref(); // functions taking `impl AsRef<str>` take a `UserId`
/// assert_eq!(s, "buyer-7");
/// ```
///
/// # JSON
///
/// With the `serde` feature, a string: `"buyer-7"`.
///
/// ```
/// # #[cfg(feature = "serde")] {
/// use tzsafe::models::UserId;
///
/// let id = UserId::from("buyer-7");
/// assert_eq!(serde_json::to_string(&id).unwrap(), r#""buyer-7""#);
/// assert_eq!(serde_json::from_str::<UserId>(r#""buyer-7""#).unwrap(), id);
/// # }
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[cfg_attr(
    feature = "serde",
    derive(::serde::Serialize, ::serde::Deserialize),
    serde(transparent)
)]
pub struct UserId(String);

/// The id of a chat room.
///
/// # Example
///
/// ```
/// use tzsafe::models::RoomId;
///
/// assert_eq!(RoomId::from("room-42".to_owned()).as_str(), "room-42");
/// ```
///
/// # JSON
///
/// With the `serde` feature, a string: `"room-42"`.
///
/// ```
/// # #[cfg(feature = "serde")] {
/// use tzsafe::models::RoomId;
///
/// assert_eq!(serde_json::to_string(&RoomId::from("room-42")).unwrap(), r#""room-42""#);
/// # }
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[cfg_attr(
    feature = "serde",
    derive(::serde::Serialize, ::serde::Deserialize),
    serde(transparent)
)]
pub struct RoomId(String);

macro_rules! string_id {
    ($name:ident) => {
        impl $name {
            /// The id as a string.
            #[must_use]
            pub fn as_str(&self) -> &str {
                &self.0
            }

            /// The id as an owned string.
            #[must_use]
            pub fn into_string(self) -> String {
                self.0
            }
        }

        impl From<String> for $name {
            fn from(id: String) -> Self {
                $name(id)
            }
        }

        impl From<&str> for $name {
            fn from(id: &str) -> Self {
                $name(id.to_owned())
            }
        }

        impl AsRef<str> for $name {
            fn as_ref(&self) -> &str {
                &self.0
            }
        }

        impl core::borrow::Borrow<str> for $name {
            fn borrow(&self) -> &str {
                &self.0
            }
        }

        impl fmt::Display for $name {
            /// The id; width, alignment and precision flags apply (`{:>12}`).
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.pad(&self.0)
            }
        }
    };
}

string_id!(UserId);
string_id!(RoomId);
