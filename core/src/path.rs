//! Field paths inside a JSON document: dotted paths that match nested members *and* literal dotted keys
//! (SPS 5.x writes `"psm.events.time"` and channel examples write `"originator.port"` as flat keys).

use crate::json::Json;
use serde_json::Value;

/// Looks up a dotted path, trying nested members first and literal dotted keys at every level.
pub fn get<'a, J: Json>(value: &'a J, path: &str) -> Option<&'a J> {
    if !value.is_object() {
        return None;
    }
    if let Some(v) = value.get(path) {
        return Some(v);
    }
    // Try each split point: "a.b.c" → obj["a"] then "b.c", obj["a.b"] then "c".
    let mut search_from = 0;
    while let Some(rel) = path[search_from..].find('.') {
        let dot = search_from + rel;
        if let Some(child) = value.get(&path[..dot]) {
            if let Some(found) = get(child, &path[dot + 1..]) {
                return Some(found);
            }
        }
        search_from = dot + 1;
    }
    None
}

/// Looks up a path and treats JSON `null` as absent.
pub fn get_present<'a, J: Json>(value: &'a J, path: &str) -> Option<&'a J> {
    get(value, path).filter(|v| !v.is_null())
}

/// The string at `path`, if it is a string.
pub fn get_str<'a, J: Json>(value: &'a J, path: &str) -> Option<&'a str> {
    get(value, path).and_then(Json::as_str)
}

/// A leaf of a document: a scalar, an array, or an empty object, with its dotted path.
#[derive(Debug, Clone, PartialEq)]
pub struct Leaf<'a> {
    /// Its dotted path.
    pub path: String,
    /// Its value.
    pub value: &'a Value,
}

/// Every leaf under `value`, in document order. Arrays are leaves (they are shown whole); objects are
/// walked. serde_json caps nesting at 128 levels, so the recursion is bounded.
pub fn leaves(value: &Value) -> Vec<Leaf<'_>> {
    let mut out = Vec::new();
    walk(value, String::new(), &mut out);
    out
}

fn walk<'a>(value: &'a Value, prefix: String, out: &mut Vec<Leaf<'a>>) {
    match value {
        Value::Object(map) if !map.is_empty() => {
            for (k, v) in map {
                let p = if prefix.is_empty() { k.clone() } else { format!("{prefix}.{k}") };
                walk(v, p, out);
            }
        }
        _ => out.push(Leaf { path: prefix, value }),
    }
}

/// One step of a precise location inside a document (used to find line and column in the source).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Seg {
    /// An object's member.
    Key(String),
    /// An array's element.
    Index(usize),
}

/// Splits a dotted path into segments, resolving which dots are literal by looking at the value,
/// so that `originator.port` becomes one key when the document spells it flat.
pub fn segments<J: Json>(value: &J, path: &str) -> Vec<Seg> {
    let mut out = Vec::new();
    resolve(value, path, &mut out);
    out
}

fn resolve<J: Json>(value: &J, path: &str, out: &mut Vec<Seg>) -> bool {
    if !value.is_object() {
        return false;
    }
    if value.get(path).is_some() {
        out.push(Seg::Key(path.to_string()));
        return true;
    }
    let mut from = 0;
    while let Some(rel) = path[from..].find('.') {
        let dot = from + rel;
        if let Some(child) = value.get(&path[..dot]) {
            out.push(Seg::Key(path[..dot].to_string()));
            if resolve(child, &path[dot + 1..], out) {
                return true;
            }
            out.pop();
        }
        from = dot + 1;
    }
    false
}

/// Renders segments as a JavaScript-style accessor, e.g. `items[3].body["originator.port"]`.
pub fn display_segments(segs: &[Seg]) -> String {
    let mut s = String::new();
    for seg in segs {
        push_accessor(&mut s, seg);
    }
    s
}

/// Appends one step to an accessor: `.name`, `["odd name"]` or `[3]`.
pub fn push_accessor(s: &mut String, seg: &Seg) {
    match seg {
        Seg::Index(i) => s.push_str(&format!("[{i}]")),
        Seg::Key(k) if is_identifier(k) => {
            if !s.is_empty() {
                s.push('.');
            }
            s.push_str(k);
        }
        Seg::Key(k) => s.push_str(&format!("[{}]", Value::String(k.clone()))),
    }
}

fn is_identifier(k: &str) -> bool {
    let mut chars = k.chars();
    matches!(chars.next(), Some(c) if c.is_ascii_alphabetic() || c == '_' || c == '$')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '$')
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn nested_and_dotted_keys_both_resolve() {
        let v = json!({"originator.port": 1, "connected": {"port": 2}, "psm.events.time": "t"});
        assert_eq!(get(&v, "originator.port"), Some(&json!(1)));
        assert_eq!(get(&v, "connected.port"), Some(&json!(2)));
        assert_eq!(get(&v, "psm.events.time"), Some(&json!("t")));
        assert_eq!(get(&v, "connected.ip"), None);
    }

    #[test]
    fn mixed_nesting_resolves() {
        let v = json!({"a": {"b.c": {"d": 5}}});
        assert_eq!(get(&v, "a.b.c.d"), Some(&json!(5)));
        assert_eq!(
            segments(&v, "a.b.c.d"),
            vec![Seg::Key("a".into()), Seg::Key("b.c".into()), Seg::Key("d".into())]
        );
    }

    #[test]
    fn leaves_walk_objects_but_keep_arrays_whole() {
        let v = json!({"a": {"b": 1, "c": [1, 2]}, "d": {}, "e": null});
        let paths: Vec<_> = leaves(&v).into_iter().map(|l| l.path).collect();
        assert_eq!(paths, vec!["a.b", "a.c", "d", "e"]);
    }

    #[test]
    fn accessor_quotes_non_identifiers() {
        let segs =
            vec![Seg::Key("items".into()), Seg::Index(2), Seg::Key("originator.port".into())];
        assert_eq!(display_segments(&segs), "items[2][\"originator.port\"]");
    }
}
