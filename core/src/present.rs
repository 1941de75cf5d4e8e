//! Plain-text presentation of JSON values: what the views print for a scalar, an endpoint, a list.

use crate::json::{Json, Shape};

/// The JSON type of a value, as a person would name it.
pub fn type_name<J: Json>(v: &J) -> &'static str {
    v.type_name()
}

/// A value as text: strings unquoted, arrays of scalars joined, other structures as compact JSON.
pub fn text<J: Json>(v: &J) -> String {
    let mut out = String::new();
    write_text(v, &mut out);
    out
}

/// [`text`], appended to `out` (loading writes every value of every document this way).
pub fn write_text<J: Json>(v: &J, out: &mut String) {
    match v.shape() {
        Shape::String(s) => out.push_str(s),
        Shape::Array(a) if a.iter().all(|x| !x.is_array() && !x.is_object()) => {
            for (i, x) in a.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                write_text(x, out);
            }
        }
        _ => v.write_compact(out),
    }
}

/// `name (ip):port` for an endpoint object `{ip, name, port}`, dropping the name when it only repeats the IP.
pub fn endpoint<J: Json>(v: Option<&J>) -> String {
    let Some(v) = v.filter(|v| v.is_object()) else { return String::new() };
    let get = |k: &str| crate::path::get_present(v, k).map(text).unwrap_or_default();
    let (ip, name, port) = (get("ip"), get("name"), get("port"));
    let ip = if ip.is_empty() { get("address") } else { ip };
    let host = match (name.is_empty(), ip.is_empty()) {
        (false, false) if name != ip => format!("{name} ({ip})"),
        (false, _) => name,
        (true, _) => ip,
    };
    if port.is_empty() {
        host
    } else {
        format!("{host}:{port}")
    }
}

/// Seconds as a number, from a JSON number or numeric string.
pub fn number<J: Json>(v: Option<&J>) -> Option<f64> {
    let v = v?;
    match v.shape() {
        Shape::Number(_) => v.as_f64(),
        Shape::String(s) => crate::number::parse_f64(s.trim()),
        _ => None,
    }
}

/// An integer-looking number printed without a fraction.
pub fn fmt_number(n: f64) -> String {
    if n.fract() == 0.0 && n.abs() < 1e15 {
        format!("{}", n as i64)
    } else {
        crate::number::shortest(n)
    }
}

/// A count with its noun in the right number: "1 warning", "2 warnings", "0 warnings".
pub fn count(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_say_their_noun_in_the_right_number() {
        assert_eq!(count(0, "warning", "warnings"), "0 warnings");
        assert_eq!(count(1, "warning", "warnings"), "1 warning");
        assert_eq!(count(2, "thing to know", "things to know"), "2 things to know");
    }
    use serde_json::json;

    #[test]
    fn endpoints_read_naturally() {
        assert_eq!(
            endpoint(Some(&json!({"ip": "10.0.0.1", "name": "10.0.0.1", "port": 22}))),
            "10.0.0.1:22"
        );
        assert_eq!(
            endpoint(Some(&json!({"ip": "10.0.0.1", "name": "db", "port": 22}))),
            "db (10.0.0.1):22"
        );
        assert_eq!(
            endpoint(Some(&json!({"address": "10.1.2.3", "port": "5432"}))),
            "10.1.2.3:5432"
        );
        assert_eq!(endpoint::<serde_json::Value>(None), "");
    }

    #[test]
    fn scalars_and_lists() {
        assert_eq!(text(&json!(["root", "admin"])), "root, admin");
        assert_eq!(text(&json!({"a": 1})), "{\"a\":1}");
        assert_eq!(fmt_number(57.0), "57");
        assert_eq!(number(Some(&json!("12"))), Some(12.0));
    }
}
