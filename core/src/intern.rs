//! Interned text: each distinct value of a repeated field (protocol, user, server, policy …) stored
//! once and named by a small number, so counting the values of 100,000 sessions is array arithmetic
//! rather than hashing strings.

use std::collections::HashMap;
use std::rc::Rc;

/// The distinct strings seen, in order of first sight; id 0 is the empty string.
#[derive(Debug, Clone)]
pub struct Interner {
    ids: HashMap<Rc<str>, u32>,
    strings: Vec<Rc<str>>,
}

impl Default for Interner {
    fn default() -> Self {
        let empty: Rc<str> = Rc::from("");
        Interner { ids: HashMap::from([(empty.clone(), 0)]), strings: vec![empty] }
    }
}

impl PartialEq for Interner {
    fn eq(&self, other: &Self) -> bool {
        self.strings == other.strings
    }
}

impl Interner {
    /// The id of `s`, adding it when new.
    pub fn id(&mut self, s: &str) -> u32 {
        if let Some(&id) = self.ids.get(s) {
            return id;
        }
        // More than four billion distinct values cannot come from a document that fits in wasm.
        let id = u32::try_from(self.strings.len()).unwrap_or(u32::MAX);
        let rc: Rc<str> = Rc::from(s);
        self.strings.push(rc.clone());
        self.ids.insert(rc, id);
        id
    }

    /// Points `s` at the one copy of its text kept here (adding it when new), so the summaries of a
    /// million sessions share each user, server and policy rather than hold one each.
    pub fn share(&mut self, s: &mut Rc<str>) {
        let id = self.id(s);
        if let Some(kept) = self.strings.get(id as usize) {
            *s = kept.clone();
        }
    }

    /// The string of an id ("" for an id it never gave).
    pub fn get(&self, id: u32) -> &str {
        self.strings.get(id as usize).map_or("", |s| s)
    }

    /// How many ids it has given, counting the empty string's.
    pub fn len(&self) -> usize {
        self.strings.len()
    }

    /// Whether no value but the empty one is interned.
    pub fn is_empty(&self) -> bool {
        self.strings.len() <= 1
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_id_per_distinct_string() {
        let mut i = Interner::default();
        assert_eq!(i.id(""), 0);
        let a = i.id("alice");
        assert_eq!(i.id("bob"), a + 1);
        assert_eq!(i.id("alice"), a);
        assert_eq!((i.get(a), i.get(999)), ("alice", ""));
        assert_eq!(i.len(), 3);
    }
}
