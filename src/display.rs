//! `Display` for `MaybeAware`. (Placeholder being replaced.)

use core::fmt;

use crate::aware::MaybeAware;

impl fmt::Display for MaybeAware {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            MaybeAware::Naive(naive) => write!(f, "{}", naive.format("%Y-%m-%dT%H:%M:%S%.f")),
            MaybeAware::Aware(aware) => write!(f, "{}", aware.format("%Y-%m-%dT%H:%M:%S%.f%:z")),
        }
    }
}
