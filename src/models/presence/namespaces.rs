//! The namespaces of one shard's live connections, each stored once.
//!
//! A connection records its namespace as a small index instead of a string:
//! a service has a handful of namespaces and millions of connections. Names
//! are reference-counted, so a namespace nobody uses any more is dropped and
//! the table never holds more namespaces than there are live connections.

use core::hash::BuildHasher;

use hashbrown::{DefaultHashBuilder, HashTable};

/// An index into [`Namespaces`].
pub(super) type NamespaceId = u32;

#[derive(Default)]
pub(super) struct Namespaces {
    /// `(name, number of connections using it)`; a slot with 0 users is free.
    slots: Vec<(Box<str>, u32)>,
    free: Vec<NamespaceId>,
    /// Indices into `slots`, by name.
    index: HashTable<NamespaceId>,
}

impl Namespaces {
    /// The id of `name`, counting one more user of it.
    pub(super) fn acquire(&mut self, name: &str, hasher: &DefaultHashBuilder) -> NamespaceId {
        let hash = hasher.hash_one(name);
        let slots = &mut self.slots;
        if let Some(&id) = self.index.find(hash, |&id| &*slot(slots, id).0 == name) {
            let users = &mut slot_mut(slots, id).1;
            *users = users.saturating_add(1);
            return id;
        }
        let id = match self.free.pop() {
            Some(id) => {
                *slot_mut(slots, id) = (Box::from(name), 1);
                id
            }
            None => {
                // More distinct live namespaces in one shard than fit a u32
                // would need more connections than memory holds.
                let id = NamespaceId::try_from(slots.len()).unwrap_or(NamespaceId::MAX);
                slots.push((Box::from(name), 1));
                id
            }
        };
        self.index
            .insert_unique(hash, id, |&id| hasher.hash_one(&slot(slots, id).0));
        id
    }

    /// One user fewer of `id`; the name is dropped with its last user.
    pub(super) fn release(&mut self, id: NamespaceId, hasher: &DefaultHashBuilder) {
        let slots = &mut self.slots;
        let (name, users) = slot_mut(slots, id);
        *users = users.saturating_sub(1);
        if *users > 0 {
            return;
        }
        let hash = hasher.hash_one(&**name);
        if let Ok(entry) = self.index.find_entry(hash, |&other| other == id) {
            entry.remove();
        }
        *name = Box::default();
        self.free.push(id);
    }

    /// Whether no name is in use.
    #[cfg(test)]
    pub(super) fn is_empty(&self) -> bool {
        self.index.is_empty() && self.slots.iter().all(|(_, users)| *users == 0)
    }

    /// The name of `id`.
    #[inline]
    pub(super) fn get(&self, id: NamespaceId) -> &str {
        &slot(&self.slots, id).0
    }
}

/// Ids handed out by [`Namespaces::acquire`] index `slots`, and live connections
/// hold only such ids: out of range is a bug, not an input.
#[allow(clippy::indexing_slicing)]
#[inline]
fn slot(slots: &[(Box<str>, u32)], id: NamespaceId) -> &(Box<str>, u32) {
    &slots[id as usize]
}

#[allow(clippy::indexing_slicing)]
fn slot_mut(slots: &mut [(Box<str>, u32)], id: NamespaceId) -> &mut (Box<str>, u32) {
    &mut slots[id as usize]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_shared_and_dropped_with_their_last_user() {
        let hasher = DefaultHashBuilder::default();
        let mut namespaces = Namespaces::default();
        let chat = namespaces.acquire("/chat", &hasher);
        assert_eq!(namespaces.acquire("/chat", &hasher), chat);
        let orders = namespaces.acquire("/orders", &hasher);
        assert_ne!(orders, chat);
        assert_eq!(
            (namespaces.get(chat), namespaces.get(orders)),
            ("/chat", "/orders")
        );
        namespaces.release(chat, &hasher);
        assert_eq!(namespaces.get(chat), "/chat");
        namespaces.release(chat, &hasher);
        // The slot is reused for the next new name; "/chat" is gone.
        let social = namespaces.acquire("/social", &hasher);
        assert_eq!(social, chat);
        assert_eq!(namespaces.get(social), "/social");
        assert_ne!(namespaces.acquire("/chat", &hasher), social);
        assert_eq!(namespaces.index.len(), 3);
    }
}
