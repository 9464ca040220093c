//! How the string modules and the impls on tzsafe's types read: a
//! [`ReadStr`] says what a string means, and the visitors hand it the string
//! serde has, borrowed where serde lends it.

use core::fmt;
use core::marker::PhantomData;

use serde::de::{self, Deserializer, Unexpected, Visitor};

use crate::error::Error;

/// How a visitor turns a string into a value.
pub(super) trait ReadStr {
    type Value;
    /// What the visitor expects, for serde's "invalid type" messages.
    const EXPECTING: &'static str;
    fn read(input: &str) -> Result<Self::Value, Error>;
}

/// Text written with `write!` into a stack buffer of `N` bytes, for
/// serializing and reading without allocating: `None` when it does not fit.
pub(super) fn stack_text<const N: usize>(
    buffer: &mut [u8; N],
    value: impl fmt::Display,
) -> Option<&str> {
    struct Stack<'a> {
        bytes: &'a mut [u8],
        len: usize,
    }

    impl fmt::Write for Stack<'_> {
        fn write_str(&mut self, s: &str) -> fmt::Result {
            let end = self.len.checked_add(s.len()).ok_or(fmt::Error)?;
            let slot = self.bytes.get_mut(self.len..end).ok_or(fmt::Error)?;
            slot.copy_from_slice(s.as_bytes());
            self.len = end;
            Ok(())
        }
    }

    let mut stack = Stack {
        bytes: buffer,
        len: 0,
    };
    fmt::Write::write_fmt(&mut stack, format_args!("{value}")).ok()?;
    let len = stack.len;
    core::str::from_utf8(buffer.get(..len)?).ok()
}

/// Visits a string (borrowed, transient or owned, or UTF-8 bytes) with `R`.
struct StrVisitor<R>(PhantomData<R>);

impl<'de, R: ReadStr> Visitor<'de> for StrVisitor<R> {
    type Value = R::Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(R::EXPECTING)
    }

    // `visit_borrowed_str` and `visit_string` forward here: no copy either way.
    #[inline]
    fn visit_str<E: de::Error>(self, value: &str) -> Result<R::Value, E> {
        R::read(value).map_err(E::custom)
    }

    fn visit_bytes<E: de::Error>(self, value: &[u8]) -> Result<R::Value, E> {
        match core::str::from_utf8(value) {
            Ok(s) => self.visit_str(s),
            Err(_) => Err(E::invalid_value(Unexpected::Bytes(value), &self)),
        }
    }
}

/// Visits `null` or a string with `R`.
struct OptionStrVisitor<R>(PhantomData<R>);

impl<'de, R: ReadStr> Visitor<'de> for OptionStrVisitor<R> {
    type Value = Option<R::Value>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "null or {}", R::EXPECTING)
    }

    fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer
            .deserialize_str(StrVisitor::<R>(PhantomData))
            .map(Some)
    }
}

#[inline]
pub(super) fn deserialize_str_with<'de, R: ReadStr, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<R::Value, D::Error> {
    deserializer.deserialize_str(StrVisitor::<R>(PhantomData))
}

#[inline]
pub(super) fn deserialize_option_str_with<'de, R: ReadStr, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<R::Value>, D::Error> {
    deserializer.deserialize_option(OptionStrVisitor::<R>(PhantomData))
}
