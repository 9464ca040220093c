//! Companion models built on tzsafe's utilities.
