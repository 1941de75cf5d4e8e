//! The auditor's own marks on sessions: a flag, "reviewed", and a note. The app keeps them in the
//! browser's local storage; this module holds their shape and their JSON export/import format.

use serde_json::{json, Map, Value};
use std::collections::HashMap;

/// One session's marks.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Mark {
    /// Flagged for a closer look.
    pub flagged: bool,
    /// Reviewed.
    pub reviewed: bool,
    /// The auditor's note.
    pub note: String,
}

impl Mark {
    /// A mark that says nothing is not stored.
    pub fn is_empty(&self) -> bool {
        !self.flagged && !self.reviewed && self.note.trim().is_empty()
    }
}

/// Marks by session key.
pub type Marks = HashMap<String, Mark>;

/// The export format: `{"trailview_review_marks": 1, "marks": {"<key>": {"flagged", "reviewed", "note"}}}`,
/// with keys sorted so two exports of the same marks are byte-identical.
pub fn to_json(marks: &Marks) -> Value {
    let keys: Vec<&str> = marks.keys().map(String::as_str).collect();
    let mut out = Map::new();
    for k in crate::sort::text_order(&keys).into_iter().filter_map(|i| keys.get(i)) {
        let m = &marks[*k];
        if !m.is_empty() {
            out.insert(
                k.to_string(),
                json!({"flagged": m.flagged, "reviewed": m.reviewed, "note": m.note}),
            );
        }
    }
    json!({"trailview_review_marks": 1, "marks": out})
}

/// Reads an export. Unknown members are ignored; a wrong shape says what was expected.
pub fn from_json(v: &Value) -> Result<Marks, String> {
    let marks = v
        .get("marks")
        .and_then(Value::as_object)
        .ok_or("expected a Trailview review-marks file: {\"marks\": {…}}")?;
    let mut out = Marks::new();
    for (k, m) in marks {
        let o = m.as_object().ok_or_else(|| format!("the marks of {k:?} are not an object"))?;
        let flag = |n: &str| o.get(n).and_then(Value::as_bool).unwrap_or(false);
        let mark = Mark {
            flagged: flag("flagged"),
            reviewed: flag("reviewed"),
            note: o.get("note").and_then(Value::as_str).unwrap_or("").to_string(),
        };
        if !mark.is_empty() {
            out.insert(k.clone(), mark);
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn export_and_import_round_trip_and_drop_empty_marks() {
        let mut m = Marks::new();
        m.insert("b".into(), Mark { flagged: true, reviewed: false, note: "odd <script>".into() });
        m.insert("a".into(), Mark { flagged: false, reviewed: true, note: String::new() });
        m.insert("c".into(), Mark::default());
        let v = to_json(&m);
        assert_eq!(v["marks"].as_object().unwrap().keys().collect::<Vec<_>>(), vec!["a", "b"]);
        m.remove("c");
        assert_eq!(from_json(&v).unwrap(), m);
        assert!(from_json(&json!([1])).is_err());
    }
}
