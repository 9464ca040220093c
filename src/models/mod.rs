//! Companion models built on tzsafe's utilities: business types whose time
//! rules are easy to get wrong by hand.
//!
//! Each model is behind a feature of its own, off by default: `discount`,
//! `presence` (and `redis` for its Redis store).
//!
//! * `discount`: discount validity windows with local-calendar deadlines
//!   ("valid through November 30 in the merchant's zone"), discounts with
//!   redemption limits, and the chat offer lifecycle (offer, accept, decline,
//!   withdraw, expire).
//! * `presence`: one presence per user from heartbeats of every connection
//!   in every namespace, with TTL expiry, reconnect grace and auto-away,
//!   each transition reported once; in memory, or through Redis (feature
//!   `redis`).
//! * [`UserId`] and [`RoomId`], the ids the models share.
//!
//! # Example
//!
//! ```
//! # #[cfg(feature = "discount")] {
//! use chrono::{NaiveDate, TimeZone, Utc};
//! use tzsafe::models::discount::{DiscountStatus, DiscountWindow};
//! use tzsafe::Zone;
//!
//! let nov = |d| NaiveDate::from_ymd_opt(2026, 11, d).unwrap();
//! let window = DiscountWindow::local_dates(nov(1), nov(30), "America/New_York".parse::<Zone>()?)?;
//! let now = Utc.with_ymd_and_hms(2026, 12, 1, 4, 59, 59).unwrap(); // 23:59:59 on the 30th in New York
//! assert_eq!(window.status_at(now), DiscountStatus::Active);
//! # }
//! # Ok::<(), tzsafe::Error>(())
//! ```

mod id;

#[cfg(feature = "discount")]
#[cfg_attr(docsrs, doc(cfg(feature = "discount")))]
pub mod discount;
#[cfg(feature = "presence")]
#[cfg_attr(docsrs, doc(cfg(feature = "presence")))]
pub mod presence;

pub use self::id::{RoomId, UserId};
