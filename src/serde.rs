//! Serde support. (Placeholder being replaced.)
