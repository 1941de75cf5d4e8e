//! Finding text inside one document, for the raw view's find box: which nodes match (by their key or
//! their value), and which containers must be open for each match to show. Nodes are named by JSON
//! pointer (RFC 6901), as the tree names them.

use crate::fold::Lower;
use serde_json::Value;

/// A node whose member name or value contains the text sought.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hit {
    /// JSON pointer of the node ("" is the root).
    pub pointer: String,
    /// The member name matched.
    pub in_key: bool,
    /// The value matched (scalars only: a container matches through its members).
    pub in_value: bool,
}

/// Every node of `root` whose member name or scalar value contains `needle`, ignoring case, in
/// document order. Strings match on their text, other scalars on their JSON spelling. An empty
/// needle finds nothing.
pub fn find(root: &Value, needle: &str) -> Vec<Hit> {
    let needle = needle.folded();
    let mut out = Vec::new();
    if !needle.is_empty() {
        let mut pointer = String::new();
        walk(root, None, &needle, &mut pointer, &mut out);
    }
    out
}

/// Recursion is bounded: documents come from serde_json, which refuses nesting past 128 levels.
fn walk(v: &Value, key: Option<&str>, needle: &str, pointer: &mut String, out: &mut Vec<Hit>) {
    let in_key = key.is_some_and(|k| contains(k, needle));
    let in_value = match v {
        Value::String(s) => contains(s, needle),
        Value::Object(_) | Value::Array(_) => false,
        other => contains(&other.to_string(), needle),
    };
    if in_key || in_value {
        out.push(Hit { pointer: pointer.clone(), in_key, in_value });
    }
    let len = pointer.len();
    match v {
        Value::Object(map) => {
            for (k, child) in map {
                push_token(pointer, k);
                walk(child, Some(k), needle, pointer, out);
                pointer.truncate(len);
            }
        }
        Value::Array(items) => {
            for (i, child) in items.iter().enumerate() {
                pointer.push('/');
                pointer.push_str(&i.to_string());
                walk(child, None, needle, pointer, out);
                pointer.truncate(len);
            }
        }
        _ => {}
    }
}

fn contains(text: &str, lower_needle: &str) -> bool {
    if text.is_ascii() && lower_needle.is_ascii() {
        let n = lower_needle.as_bytes();
        text.as_bytes().windows(n.len()).any(|w| w.eq_ignore_ascii_case(n))
    } else {
        text.folded().contains(lower_needle)
    }
}

/// Appends one reference token to a JSON pointer, escaped as RFC 6901 says (`~` → `~0`, `/` → `~1`).
pub fn push_token(pointer: &mut String, token: &str) {
    pointer.push('/');
    for c in token.chars() {
        match c {
            '~' => pointer.push_str("~0"),
            '/' => pointer.push_str("~1"),
            c => pointer.push(c),
        }
    }
}

/// The pointers of the containers above `pointer`, root first: those that must be open for it to show.
pub fn ancestors(pointer: &str) -> impl Iterator<Item = &str> {
    // Every `/` starts a token (escaped tokens hold no bare `/`), so each one ends an ancestor.
    pointer.match_indices('/').map(move |(i, _)| &pointer[..i])
}

/// How deep a pointer is: the number of its reference tokens.
pub fn depth(pointer: &str) -> usize {
    pointer.matches('/').count()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn pointers(hits: &[Hit]) -> Vec<&str> {
        hits.iter().map(|h| h.pointer.as_str()).collect()
    }

    #[test]
    fn finds_keys_and_values_in_document_order_ignoring_case() {
        let v = json!({"Server": {"name": "db-01", "port": 22}, "servers": ["DB-02", "web"], "a/b": {"x~y": "Dbx"}, "n": 1022, "t": true});
        let hits = find(&v, "db");
        assert_eq!(pointers(&hits), ["/Server/name", "/servers/0", "/a~1b/x~0y"]);
        assert!(hits.iter().all(|h| h.in_value && !h.in_key));
        let hits = find(&v, "SERVER");
        assert_eq!(pointers(&hits), ["/Server", "/servers"]);
        assert!(hits.iter().all(|h| h.in_key && !h.in_value));
        // Numbers and flags by their spelling; a node matching twice is one hit.
        assert_eq!(pointers(&find(&v, "22")), ["/Server/port", "/n"]);
        assert_eq!(pointers(&find(&v, "true")), ["/t"]);
        assert_eq!(
            find(&json!({"port": "port 80"}), "port"),
            [Hit { pointer: "/port".into(), in_key: true, in_value: true }]
        );
        assert_eq!(pointers(&find(&json!({"ville": "ÉTÉ"}), "été")), ["/ville"]);
        assert!(find(&v, "").is_empty());
        assert_eq!(pointers(&find(&json!("root"), "oo")), [""]);
    }

    #[test]
    fn ancestors_are_the_containers_to_open() {
        assert_eq!(ancestors("/a/0/b~1c").collect::<Vec<_>>(), ["", "/a", "/a/0"]);
        assert_eq!(ancestors("").count(), 0);
        assert_eq!((depth(""), depth("/a"), depth("/a/0/b~1c")), (0, 1, 3));
        let mut p = String::new();
        push_token(&mut p, "a/b~c");
        assert_eq!(p, "/a~1b~0c");
    }
}
