//! Parsing into the loading tree while noticing what an auditor must be told about. serde_json
//! (like `JSON.parse`) silently keeps the last of two equal keys; in evidence that is worth a warning,
//! so this visitor counts members and flags any object that holds fewer than it was given. Numbers
//! are kept as written (serde_json's `arbitrary_precision`), and one a double cannot hold (`1e400`, a
//! 30-digit integer) flags the document too. Finding *which* and where is left to
//! [`crate::locate::duplicate_keys`] and [`crate::locate::unusual_numbers`], run only on flagged
//! documents.

use super::detect::{ElementFacts, SESSION_MEMBERS};
use crate::json::Node;
use serde::de::{DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde_json::Number;
#[cfg(test)]
use serde_json::Value;
use std::cell::{Cell, RefCell};
use std::fmt;

/// Parses one JSON text into the loading tree ([`Node`]); the flag says whether any object repeated
/// a key or any number is beyond what a double holds.
pub fn tree_from_slice(bytes: &[u8]) -> Result<(Node, bool), serde_json::Error> {
    thread_local! {
        // Kept from one document to the next, so the stacks grow once, not per document.
        static STACKS: Stacks = const { (RefCell::new(Vec::new()), RefCell::new(Vec::new())) };
    }
    let flag = Cell::new(false);
    STACKS.with(|(members, elements)| {
        // A parse that stopped at an error leaves its open values behind.
        members.borrow_mut().clear();
        elements.borrow_mut().clear();
        let mut de = serde_json::Deserializer::from_slice(bytes);
        let v = TreeSeed { flag: &flag, members, elements }.deserialize(&mut de)?;
        de.end()?;
        Ok((v, flag.get()))
    })
}

/// What telling a large array's kind needs of one element ([`ElementFacts`]), read from its text
/// without building it; an element that is not JSON is an error, as a full parse would say.
pub fn element_facts(bytes: &[u8]) -> Result<ElementFacts, serde_json::Error> {
    let mut de = serde_json::Deserializer::from_slice(bytes);
    let facts = de.deserialize_any(Probe::Element)?;
    de.end()?;
    Ok(facts)
}

/// What a probe is looking at: an element, its `body`, or a member whose type alone matters.
#[derive(Clone, Copy)]
enum Probe {
    Element,
    Body,
    /// `items` (is it an array?) or the body's `type` (is it a string?).
    Kind,
}

impl<'de> DeserializeSeed<'de> for Probe {
    type Value = ElementFacts;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<ElementFacts, D::Error> {
        d.deserialize_any(self)
    }
}

/// The facts a probe reports of a value that is not an object: what `Kind` asks (array? string?)
/// comes back in `items_array` and `body_typed`.
impl<'de> Visitor<'de> for Probe {
    type Value = ElementFacts;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any JSON value")
    }
    fn visit_bool<E>(self, _: bool) -> Result<ElementFacts, E> {
        Ok(ElementFacts::default())
    }
    fn visit_i64<E>(self, _: i64) -> Result<ElementFacts, E> {
        Ok(ElementFacts::default())
    }
    fn visit_u64<E>(self, _: u64) -> Result<ElementFacts, E> {
        Ok(ElementFacts::default())
    }
    fn visit_f64<E>(self, _: f64) -> Result<ElementFacts, E> {
        Ok(ElementFacts::default())
    }
    fn visit_str<E>(self, _: &str) -> Result<ElementFacts, E> {
        Ok(ElementFacts { body_typed: matches!(self, Probe::Kind), ..ElementFacts::default() })
    }
    fn visit_unit<E>(self) -> Result<ElementFacts, E> {
        Ok(ElementFacts::default())
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<ElementFacts, A::Error> {
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        Ok(ElementFacts { items_array: matches!(self, Probe::Kind), ..ElementFacts::default() })
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<ElementFacts, A::Error> {
        let mut facts = ElementFacts { object: true, ..ElementFacts::default() };
        let mut first = true;
        while let Some(name) = map.next_key::<Name>()? {
            if std::mem::take(&mut first) && name == Name::Number {
                // A number kept as written: not an object at all.
                map.next_value::<IgnoredAny>()?;
                return Ok(ElementFacts::default());
            }
            match (self, name) {
                (Probe::Element, Name::Key) => {
                    facts.key = true;
                    map.next_value::<IgnoredAny>()?;
                }
                (Probe::Element, Name::Items) => {
                    facts.items_array = map.next_value_seed(Probe::Kind)?.items_array
                }
                (Probe::Element, Name::Body) => {
                    let body = map.next_value_seed(Probe::Body)?;
                    facts.body_object = body.object;
                    facts.body_typed = body.object && body.body_typed;
                    facts.body_session = body.object && body.body_session;
                }
                (Probe::Body, Name::Type) => {
                    facts.body_typed = map.next_value_seed(Probe::Kind)?.body_typed
                }
                (Probe::Body, Name::SessionMember) => {
                    facts.body_session = true;
                    map.next_value::<IgnoredAny>()?;
                }
                _ => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        if matches!(self, Probe::Kind) {
            return Ok(ElementFacts::default());
        }
        Ok(facts)
    }
}

/// A member name a probe cares about, told apart without keeping it.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Name {
    Key,
    Body,
    Items,
    Type,
    SessionMember,
    Number,
    Other,
}

impl<'de> serde::Deserialize<'de> for Name {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Name, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Name;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a member name")
            }
            fn visit_str<E>(self, v: &str) -> Result<Name, E> {
                Ok(match v {
                    "key" => Name::Key,
                    "body" => Name::Body,
                    "items" => Name::Items,
                    "type" => Name::Type,
                    NUMBER_TOKEN => Name::Number,
                    _ if SESSION_MEMBERS.contains(&v) => Name::SessionMember,
                    _ => Name::Other,
                })
            }
        }
        d.deserialize_str(V)
    }
}

type Stacks = (RefCell<Vec<(Box<str>, Node)>>, RefCell<Vec<Node>>);

/// The key under which serde_json hands over a number kept as written.
const NUMBER_TOKEN: &str = "$serde_json::private::Number";

/// Whether a number means the same as a double: finite, and (for an integer) exactly held by 64 bits.
pub fn is_plain(n: &Number) -> bool {
    is_plain_text(n.as_str())
}

/// [`is_plain`] of a JSON number's text, read without making a [`Number`] (an allocation and a
/// second parse for every number of every document).
fn is_plain_text(s: &str) -> bool {
    if is_integer_text(s) {
        s.parse::<i64>().is_ok() || s.parse::<u64>().is_ok()
    } else {
        crate::number::finite(s).is_some()
    }
}

/// JSON's number grammar (RFC 8259 §6): what serde_json hands over under [`NUMBER_TOKEN`], and what
/// an object that merely names that key as its first member is told apart by.
fn is_json_number(s: &str) -> bool {
    let b = s.as_bytes();
    let mut i = usize::from(b.first() == Some(&b'-'));
    let digits = |i: &mut usize| {
        let from = *i;
        while b.get(*i).is_some_and(u8::is_ascii_digit) {
            *i += 1;
        }
        *i > from
    };
    match b.get(i) {
        Some(b'0') => i += 1,
        Some(b'1'..=b'9') => {
            digits(&mut i);
        }
        _ => return false,
    }
    if b.get(i) == Some(&b'.') {
        i += 1;
        if !digits(&mut i) {
            return false;
        }
    }
    if matches!(b.get(i), Some(b'e' | b'E')) {
        i += 1;
        if matches!(b.get(i), Some(b'+' | b'-')) {
            i += 1;
        }
        if !digits(&mut i) {
            return false;
        }
    }
    i == b.len()
}

/// An integer as written: digits with an optional minus, no fraction or exponent.
fn is_integer_text(s: &str) -> bool {
    let digits = s.strip_prefix('-').unwrap_or(s);
    !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit())
}

/// The flag, and two stacks the values of open objects and arrays are gathered on: each object or
/// array is then moved into a vector of exactly its size, rather than growing one of its own (which
/// cost a fifth of loading).
#[derive(Clone, Copy)]
struct TreeSeed<'a> {
    flag: &'a Cell<bool>,
    members: &'a RefCell<Vec<(Box<str>, Node)>>,
    elements: &'a RefCell<Vec<Node>>,
}

impl<'de> DeserializeSeed<'de> for TreeSeed<'_> {
    type Value = Node;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Node, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for TreeSeed<'_> {
    type Value = Node;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any JSON value")
    }
    fn visit_bool<E>(self, v: bool) -> Result<Node, E> {
        Ok(Node::Bool(v))
    }
    fn visit_i64<E>(self, v: i64) -> Result<Node, E> {
        Ok(Node::Number(v.to_string().into()))
    }
    fn visit_u64<E>(self, v: u64) -> Result<Node, E> {
        Ok(Node::Number(v.to_string().into()))
    }
    fn visit_f64<E>(self, v: f64) -> Result<Node, E> {
        Ok(Number::from_f64(v).map_or(Node::Null, |n| Node::Number(n.to_string().into())))
    }
    fn visit_str<E>(self, v: &str) -> Result<Node, E> {
        Ok(Node::String(v.into()))
    }
    fn visit_string<E>(self, v: String) -> Result<Node, E> {
        Ok(Node::String(v.into()))
    }
    fn visit_unit<E>(self) -> Result<Node, E> {
        Ok(Node::Null)
    }
    fn visit_none<E>(self) -> Result<Node, E> {
        Ok(Node::Null)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Node, A::Error> {
        let base = self.elements.borrow().len();
        while let Some(v) = seq.next_element_seed(self)? {
            self.elements.borrow_mut().push(v);
        }
        let out: Vec<Node> = self.elements.borrow_mut().drain(base..).collect();
        Ok(Node::Array(out))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Node, A::Error> {
        let base = self.members.borrow().len();
        let mut index: Option<std::collections::HashMap<Box<str>, usize>> = None;
        let mut first = true;
        while let Some(Key(k)) = map.next_key::<Key>()? {
            let was_first = std::mem::take(&mut first);
            // Numbers kept as written come as a one-member map under serde_json's private key.
            let Some(k) = k else {
                let v = map.next_value_seed(self)?;
                match v {
                    Node::String(s) if was_first && is_json_number(&s) => {
                        if !is_plain_text(&s) {
                            self.flag.set(true);
                        }
                        return Ok(Node::Number(s));
                    }
                    v => self.members.borrow_mut().push((NUMBER_TOKEN.into(), v)),
                }
                continue;
            };
            let v = map.next_value_seed(self)?;
            let mut members = self.members.borrow_mut();
            let open = &mut members[base..];
            // A repeated key keeps its first place and its last value, as an ordered map does. Past a
            // few dozen members the places are looked up by hash, so a hostile 100,000-member object
            // costs no more than it is long.
            let have = match &mut index {
                Some(index) => index.get(&k).copied(),
                None => open.iter().position(|(have, _)| *have == k),
            };
            match have {
                Some(i) => {
                    open[i].1 = v;
                    self.flag.set(true);
                }
                None => {
                    let at = open.len();
                    if let Some(index) = &mut index {
                        index.insert(k.clone(), at);
                    }
                    members.push((k, v));
                    if index.is_none() && at >= 32 {
                        index = Some(
                            members[base..]
                                .iter()
                                .enumerate()
                                .map(|(i, (k, _))| (k.clone(), i))
                                .collect(),
                        );
                    }
                }
            }
        }
        let out: Vec<(Box<str>, Node)> = self.members.borrow_mut().drain(base..).collect();
        Ok(Node::Object(out))
    }
}

/// A member name, owned once (serde_json hands over an unescaped key as a borrowed `str`); `None` is
/// serde_json's private key of a number, which is never stored.
struct Key(Option<Box<str>>);

impl<'de> serde::Deserialize<'de> for Key {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Key, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Key;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a member name")
            }
            fn visit_str<E>(self, v: &str) -> Result<Key, E> {
                Ok(Key((v != NUMBER_TOKEN).then(|| v.into())))
            }
        }
        d.deserialize_str(V)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_value_as_serde_json_and_flags_repeated_keys() {
        let text = br#"{"a": [1, -2, 3.5, "x", null, true, {"b": {}}], "c": 18446744073709551615}"#;
        let (v, dup) = tree_from_slice(text).unwrap();
        assert_eq!(v.to_value(), serde_json::from_slice::<Value>(text).unwrap());
        assert!(!dup);
        let (v, dup) = tree_from_slice(br#"{"a": {"k": 1, "k": 2}}"#).unwrap();
        assert!(dup);
        assert_eq!(v.to_value()["a"]["k"], 2, "the last value wins, as in JSON.parse");
    }

    #[test]
    fn numbers_are_told_plain_as_serde_json_tells_them() {
        for t in [
            "0",
            "-0",
            "12",
            "-9223372036854775808",
            "18446744073709551615",
            "18446744073709551616",
            "1.5",
            "-2.5e-3",
            "1E400",
            "1e-400",
            "0.0",
        ] {
            assert!(is_json_number(t), "{t}");
            let n: Number = t.parse().unwrap();
            assert_eq!(
                is_plain_text(t),
                n.is_i64()
                    || n.is_u64()
                    || crate::number::of_json(&n).is_some() && !is_integer_text(t),
                "{t}"
            );
        }
        for t in
            ["", "-", "05", "1.", ".5", "1e", "1e+", "+1", "0x10", "1 ", "NaN", "Infinity", "١"]
        {
            assert!(!is_json_number(t), "{t}");
            assert!(t.parse::<Number>().is_err(), "{t}");
        }
        // An object that merely names serde_json's private key is an object (serde_json's own `Value`
        // refuses it as a malformed number).
        use crate::json::Json;
        let (v, _) = tree_from_slice(br#"{"$serde_json::private::Number": "x", "a": 1}"#).unwrap();
        assert_eq!(v.get("$serde_json::private::Number").and_then(|v| v.as_str()), Some("x"));
        assert!(matches!(v.get("a"), Some(Node::Number(n)) if n.as_ref() == "1"));
        let (v, flag) = tree_from_slice(br#"[1e400, 2]"#).unwrap();
        assert!(flag);
        assert_eq!(v.to_value(), serde_json::from_slice::<Value>(br#"[1e400, 2]"#).unwrap());
    }

    #[test]
    fn a_probe_tells_what_the_tree_tells() {
        let samples = [
            r#"{"key": "k", "body": {"protocol": "ssh", "type": "x"}, "meta": {}}"#,
            r#"{"key": "k", "body": {"type": "session-shell"}}"#,
            r#"{"key": "k", "body": {"type": 5, "user": null}}"#,
            r#"{"key": "k", "body": "text"}"#,
            r#"{"key": "k", "body": 12}"#,
            r#"{"items": [1, 2], "meta": {}}"#,
            r#"{"items": {"a": 1}}"#,
            r#"{"body": {"type": "a", "type": {"b": 1}}}"#,
            r#"{"body": {}, "body": {"client": 1}, "key": null}"#,
            r#"[{"key": "k", "body": {}}]"#,
            "1e400",
            r#""a string""#,
            "null",
            "true",
        ];
        for text in samples {
            let (tree, _) = tree_from_slice(text.as_bytes()).unwrap();
            assert_eq!(element_facts(text.as_bytes()).unwrap(), ElementFacts::of(&tree), "{text}");
        }
        assert!(element_facts(br#"{"key": "k", "body": {"a": }}"#).is_err());
        assert!(element_facts(b"{} {}").is_err());
    }

    #[test]
    fn errors_and_trailing_text_are_errors() {
        assert!(tree_from_slice(b"{\"a\": }").is_err());
        assert!(tree_from_slice(b"{} {}").is_err());
        assert!(tree_from_slice(&b"[".repeat(1000))
            .unwrap_err()
            .to_string()
            .contains("recursion limit"));
    }
}

/// The two trees ([`Node`] and serde_json's `Value`) read through [`crate::json::Json`] alike.
#[cfg(test)]
mod both_trees {
    use super::*;
    use crate::json::Json;

    const SAMPLES: &[&str] = &[
        r#"{"a": [1, -2, 3.5, "x", null, true, {"b": {}}], "c": 18446744073709551615, "d": 1e400}"#,
        "{\"s\": \"quote \\\" back \\\\ nl \\n tab \\t bell \\u0007 del \\u007f é \\u2028 \\ud83d\\ude00\"}",
        r#"[[], {}, [{}], {"": ""}, 0, -0, 0.1, 1E5, 12345678901234567890123]"#,
        r#"{"k": 1, "k": 2, "j": 3}"#,
    ];

    #[test]
    fn both_trees_write_what_serde_json_writes() {
        for text in SAMPLES {
            let v: Value = serde_json::from_str(text).unwrap();
            let (n, _) = tree_from_slice(text.as_bytes()).unwrap();
            assert_eq!(v.compact(), serde_json::to_string(&v).unwrap(), "{text}");
            assert_eq!(n.compact(), serde_json::to_string(&v).unwrap(), "{text}");
        }
    }

    #[test]
    fn both_trees_read_alike() {
        let text = r#"{"a": {"b": "x", "n": 2.5}, "k": 1, "k": [true]}"#;
        let v: Value = serde_json::from_str(text).unwrap();
        let (n, flagged) = tree_from_slice(text.as_bytes()).unwrap();
        assert!(flagged, "a repeated key is flagged");
        assert_eq!(n.get("a").and_then(|a| a.get("b")).and_then(Json::as_str), Some("x"));
        assert_eq!(n.get("a").and_then(|a| a.get("n")).and_then(Json::as_f64), Some(2.5));
        let keys = |j: &dyn Fn() -> Vec<String>| j();
        assert_eq!(
            keys(&|| n.members().map(|(k, _)| k.to_string()).collect()),
            keys(&|| Json::members(&v).map(|(k, _)| k.to_string()).collect())
        );
        assert_eq!(n.get("k").map(Json::type_name), Some("array"), "the last value wins");
    }
}
