//! How the server writes values into messages: instants as tzsafe writes
//! them (RFC 3339 with `Z`), client input quoted, truncated and escaped.
//!
//! tzsafe quotes input the same way inside its own errors, but does not
//! export the helper, so this is the server's copy of that rule.

use chrono::{DateTime, Utc};

/// The most characters of client input a message quotes.
const QUOTE_LIMIT: usize = 48;

/// `2026-12-01T09:00:00Z` (a fraction of a second only when there is one).
pub fn instant(at: &DateTime<Utc>) -> String {
    tzsafe::MaybeAware::from(*at).to_string()
}

/// `input` in double quotes, at most 48 characters of it,
/// with quotes, backslashes and control characters escaped; a longer input
/// ends in `...`.
pub fn quoted(input: &str) -> String {
    let mut out = String::with_capacity(input.len().min(QUOTE_LIMIT) + 2);
    out.push('"');
    for (taken, c) in input.chars().enumerate() {
        if taken == QUOTE_LIMIT {
            out.push_str("...");
            break;
        }
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if c.is_control() => out.extend(c.escape_default()),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quotes_escape_and_truncate() {
        assert_eq!(quoted("a\"b\\c\n"), r#""a\"b\\c\n""#);
        assert_eq!(
            quoted(&"x".repeat(60)),
            format!("\"{}...\"", "x".repeat(48))
        );
    }
}
