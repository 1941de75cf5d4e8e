//! The two JSON trees Trailview reads, behind one trait. A document opened in a view is a
//! `serde_json::Value` (ordered maps, what the views and exports want). Loading builds a [`Node`]
//! instead: objects as plain lists of members, with no hashing and no index, because loading reads
//! each member once (to summarise, type-check and index it) and then drops the tree. Summaries,
//! findings and kind detection are written once, over [`Json`], and read both.

use serde_json::Value;

/// What one JSON value is. Numbers are the text as written (serde_json's `arbitrary_precision`), so
/// `1e400` and a 30-digit integer reach the views as the file has them.
pub enum Shape<'a, J> {
    /// `null`.
    Null,
    /// `true` or `false`.
    Bool(bool),
    /// A number, as written.
    Number(&'a str),
    /// A string.
    String(&'a str),
    /// An array's elements.
    Array(&'a [J]),
    /// An object (its members through [`Json::members`]).
    Object,
}

/// A JSON value that summaries and checks can read, whichever tree holds it.
pub trait Json: Sized {
    /// What this value is.
    fn shape(&self) -> Shape<'_, Self>;
    /// The member `key` of an object (`None` for anything else).
    fn get(&self, key: &str) -> Option<&Self>;
    /// The members of an object in document order (nothing for anything else).
    fn members(&self) -> impl Iterator<Item = (&str, &Self)>;

    /// Whether it is `null`.
    fn is_null(&self) -> bool {
        matches!(self.shape(), Shape::Null)
    }
    /// Whether it is an object.
    fn is_object(&self) -> bool {
        matches!(self.shape(), Shape::Object)
    }
    /// Whether it is an array.
    fn is_array(&self) -> bool {
        matches!(self.shape(), Shape::Array(_))
    }
    /// Whether it is a string.
    fn is_string(&self) -> bool {
        matches!(self.shape(), Shape::String(_))
    }
    /// Whether it is a number.
    fn is_number(&self) -> bool {
        matches!(self.shape(), Shape::Number(_))
    }
    /// The string, if it is one.
    fn as_str(&self) -> Option<&str> {
        match self.shape() {
            Shape::String(s) => Some(s),
            _ => None,
        }
    }
    /// The boolean, if it is one.
    fn as_bool(&self) -> Option<bool> {
        match self.shape() {
            Shape::Bool(b) => Some(b),
            _ => None,
        }
    }
    /// The elements, if it is an array.
    fn as_array(&self) -> Option<&[Self]> {
        match self.shape() {
            Shape::Array(a) => Some(a),
            _ => None,
        }
    }
    /// A number as a double, as `serde_json::Number::as_f64` reads one kept as written.
    fn as_f64(&self) -> Option<f64> {
        match self.shape() {
            Shape::Number(n) => crate::number::finite(n),
            _ => None,
        }
    }
    /// The JSON type, as a person would name it.
    fn type_name(&self) -> &'static str {
        match self.shape() {
            Shape::Null => "null",
            Shape::Bool(_) => "boolean",
            Shape::Number(_) => "number",
            Shape::String(_) => "string",
            Shape::Array(_) => "array",
            Shape::Object => "object",
        }
    }
    /// Appends compact JSON, byte for byte what `serde_json::to_string` writes for the same value.
    fn write_compact(&self, out: &mut String) {
        match self.shape() {
            Shape::Null => out.push_str("null"),
            Shape::Bool(b) => out.push_str(if b { "true" } else { "false" }),
            Shape::Number(n) => out.push_str(n),
            Shape::String(s) => write_string(s, out),
            Shape::Array(a) => {
                out.push('[');
                for (i, x) in a.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    x.write_compact(out);
                }
                out.push(']');
            }
            Shape::Object => {
                out.push('{');
                for (i, (k, x)) in self.members().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    write_string(k, out);
                    out.push(':');
                    x.write_compact(out);
                }
                out.push('}');
            }
        }
    }
    /// [`Json::write_compact`] into a new string.
    fn compact(&self) -> String {
        let mut out = String::new();
        self.write_compact(&mut out);
        out
    }
}

/// A JSON string literal, escaped as serde_json escapes it (the short escapes, `\u00XX` in lower-case
/// hex for the other control characters, nothing else).
fn write_string(s: &str, out: &mut String) {
    out.push('"');
    let mut from = 0;
    for (i, b) in s.bytes().enumerate() {
        let esc: &str = match b {
            b'"' => "\\\"",
            b'\\' => "\\\\",
            b'\n' => "\\n",
            b'\r' => "\\r",
            b'\t' => "\\t",
            0x08 => "\\b",
            0x0c => "\\f",
            0..=0x1f => "",
            _ => continue,
        };
        out.push_str(&s[from..i]);
        if esc.is_empty() {
            const HEX: &[u8; 16] = b"0123456789abcdef";
            out.push_str("\\u00");
            out.push(HEX[usize::from(b >> 4)] as char);
            out.push(HEX[usize::from(b & 15)] as char);
        } else {
            out.push_str(esc);
        }
        from = i + 1;
    }
    out.push_str(&s[from..]);
    out.push('"');
}

impl Json for Value {
    fn shape(&self) -> Shape<'_, Self> {
        match self {
            Value::Null => Shape::Null,
            Value::Bool(b) => Shape::Bool(*b),
            Value::Number(n) => Shape::Number(n.as_str()),
            Value::String(s) => Shape::String(s),
            Value::Array(a) => Shape::Array(a),
            Value::Object(_) => Shape::Object,
        }
    }
    fn get(&self, key: &str) -> Option<&Self> {
        self.as_object()?.get(key)
    }
    fn members(&self) -> impl Iterator<Item = (&str, &Self)> {
        self.as_object().into_iter().flat_map(|m| m.iter().map(|(k, v)| (k.as_str(), v)))
    }
}

/// The tree loading builds: what a value is and nothing more. An object keeps one member per key (the
/// last value given, at the place of the first, as `serde_json` and `JSON.parse` do).
#[derive(Debug, Clone, PartialEq, Default)]
pub enum Node {
    #[default]
    /// `null`.
    Null,
    /// `true` or `false`.
    Bool(bool),
    /// A number, as written.
    Number(Box<str>),
    /// A string.
    String(Box<str>),
    /// An array.
    Array(Vec<Node>),
    /// An object's members, in document order.
    Object(Vec<(Box<str>, Node)>),
}

impl Json for Node {
    fn shape(&self) -> Shape<'_, Self> {
        match self {
            Node::Null => Shape::Null,
            Node::Bool(b) => Shape::Bool(*b),
            Node::Number(n) => Shape::Number(n),
            Node::String(s) => Shape::String(s),
            Node::Array(a) => Shape::Array(a),
            Node::Object(_) => Shape::Object,
        }
    }
    fn get(&self, key: &str) -> Option<&Self> {
        match self {
            // Objects here have tens of members: a scan beats hashing each key as it is read.
            Node::Object(m) => m.iter().find(|(k, _)| &**k == key).map(|(_, v)| v),
            _ => None,
        }
    }
    fn members(&self) -> impl Iterator<Item = (&str, &Self)> {
        let m: &[(Box<str>, Node)] = match self {
            Node::Object(m) => m,
            _ => &[],
        };
        m.iter().map(|(k, v)| (&**k, v))
    }
}

impl Node {
    /// The same value as a `serde_json::Value` (for tests and for code that wants the ordered tree).
    pub fn to_value(&self) -> Value {
        match self {
            Node::Null => Value::Null,
            Node::Bool(b) => Value::Bool(*b),
            Node::Number(n) => n.parse::<serde_json::Number>().map_or(Value::Null, Value::Number),
            Node::String(s) => Value::String(s.to_string()),
            Node::Array(a) => Value::Array(a.iter().map(Node::to_value).collect()),
            Node::Object(m) => {
                Value::Object(m.iter().map(|(k, v)| (k.to_string(), v.to_value())).collect())
            }
        }
    }

    /// The array, to change.
    pub fn as_array_mut(&mut self) -> Option<&mut Vec<Node>> {
        match self {
            Node::Array(a) => Some(a),
            _ => None,
        }
    }

    /// The member `key`, to change.
    pub fn get_mut(&mut self, key: &str) -> Option<&mut Node> {
        match self {
            Node::Object(m) => m.iter_mut().find(|(k, _)| &**k == key).map(|(_, v)| v),
            _ => None,
        }
    }

    /// Sets the member `key` of an object, in place when it is there, else last.
    pub fn set(&mut self, key: &str, value: Node) {
        if let Node::Object(m) = self {
            match m.iter_mut().find(|(k, _)| &**k == key) {
                Some((_, v)) => *v = value,
                None => m.push((key.into(), value)),
            }
        }
    }
}
