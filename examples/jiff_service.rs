//! A small service written on jiff, with tzsafe for the parts that bite:
//! legacy rows that store a merchant's wall time without an offset, "now"
//! that tests must control, and the merchant's zone with the rules of the
//! bundled tz release.
//!
//! jiff types end to end: `jiff::Timestamp` fields read with a zone-fixed
//! serde module, `jiff::civil::DateTime` and `jiff::ZonedDateTime` through
//! tzsafe's functions, "now" from the context's clock as jiff values, and
//! `jiff::SignedDuration` to move it. `verify/tests/jiff_service.rs` runs this
//! service's code on tokio's paused time, with `TokioClock`.
//!
//! Run with `cargo run --example jiff_service --features jiff,serde`.

use jiff::{civil, SignedDuration, Timestamp, ZonedDateTime};
use serde::{Deserialize, Serialize};
use tzsafe::{is_past_datetime, TimezoneAware, ToJiff, Zone};

tzsafe::serde::in_zone! {
    /// The legacy store writes the merchant's wall time in New York.
    pub mod merchant_time = "America/New_York";
}

/// A flash sale as the legacy store keeps it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Sale {
    /// The code customers type.
    pub code: String,
    /// The first instant of the sale.
    #[serde(with = "merchant_time")]
    pub starts_at: Timestamp,
    /// The first instant after it.
    #[serde(with = "merchant_time")]
    pub ends_at: Timestamp,
    /// When the last customer saw it, if one did: always written with an offset.
    #[serde(default, with = "tzsafe::serde::aware_only::option")]
    pub last_seen: Option<Timestamp>,
}

/// Where a sale stands at some instant.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SaleState {
    /// Not started.
    Scheduled,
    /// Running.
    Active,
    /// Over.
    Ended,
}

/// The service: its context decides the merchant's zone and where "now" comes
/// from (the system clock in production, a frozen or tokio clock in tests).
pub struct Sales {
    ctx: TimezoneAware,
}

impl Sales {
    /// The service in `ctx`.
    pub fn new(ctx: TimezoneAware) -> Sales {
        Sales { ctx }
    }

    /// Reads a sale row; naive wall times are New York's.
    ///
    /// # Errors
    ///
    /// A row that is not a sale, with serde_json's message.
    pub fn read(&self, json: &str) -> Result<Sale, serde_json::Error> {
        serde_json::from_str(json)
    }

    /// The sale's state now, by the context's clock.
    pub fn state(&self, sale: &Sale) -> SaleState {
        let now = self.ctx.now_timestamp();
        if now < sale.starts_at {
            SaleState::Scheduled
        } else if now < sale.ends_at {
            SaleState::Active
        } else {
            SaleState::Ended
        }
    }

    /// How long the sale has left, by the context's clock.
    pub fn remaining(&self, sale: &Sale) -> SignedDuration {
        sale.ends_at
            .duration_since(self.ctx.now_timestamp())
            .max(SignedDuration::ZERO)
    }

    /// When the sale ends, in the merchant's zone, for the banner.
    ///
    /// # Errors
    ///
    /// None for the bundled zones (see `ToJiff` for `Zone`).
    pub fn ends_locally(&self, sale: &Sale) -> Result<ZonedDateTime, tzsafe::Error> {
        let zone = self.ctx.get_default_tz().to_jiff()?;
        Ok(sale.ends_at.to_zoned_datetime(zone))
    }

    /// Whether a wall time the merchant typed (no offset) is past, read in
    /// the context's zone under its DST policy.
    ///
    /// # Errors
    ///
    /// Those of `TimezoneAware::is_past`.
    pub fn is_past(&self, wall: civil::DateTime) -> Result<bool, tzsafe::Error> {
        self.ctx.is_past(wall)
    }
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let ny: Zone = "America/New_York".parse()?;
    // Frozen in a test; `TimezoneAware::new().default_tz(ny)` in production.
    let ctx = TimezoneAware::new()
        .default_tz(ny)
        .frozen_at("2026-11-01T04:00:00Z".parse::<Timestamp>()?);
    let sales = Sales::new(ctx.clone());

    // Fall-back night: 01:30 happens twice; the store meant the first.
    let sale = sales.read(
        r#"{"code": "FALLBACK", "starts_at": "2026-11-01 00:30:00", "ends_at": "2026-11-01 01:30:00"}"#,
    )?;
    println!(
        "{} runs {} to {} (UTC)",
        sale.code, sale.starts_at, sale.ends_at
    );
    println!("ends locally at {}", sales.ends_locally(&sale)?);

    for step in [0, 30, 60, 1] {
        ctx.advance(SignedDuration::from_mins(step))?;
        println!(
            "at {} ({}): {:?}, {} left",
            ctx.now_zoned()?.strftime("%H:%M %Z"),
            ctx.now_timestamp(),
            sales.state(&sale),
            sales.remaining(&sale),
        );
    }

    // tzsafe's free functions take jiff values too, and read the ambient clock.
    let typed = civil::date(2026, 11, 1).at(1, 0, 0, 0);
    let _guard = ctx.enter();
    println!(
        "01:00 typed by the merchant is past: {}",
        is_past_datetime(typed)?
    );
    println!("the same, by the service: {}", sales.is_past(typed)?);
    Ok(())
}
