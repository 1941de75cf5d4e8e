//! Facts an auditor must not miss: values of the wrong type, times that contradict each other,
//! enumeration values no SPS version writes, and lists that are only one page of a larger result.
//! Findings carry the dotted path of the field so the dataset can point at its line and column.

use crate::catalogue::{self, Field, PathTree};
use crate::enums::{origin_meaning, IndexStatus, Verdict};
use crate::json::{Json, Shape};
use crate::model::SessionSummary;
use crate::path::{get, get_present};
use crate::present::{fmt_number, number, text};
use crate::time::{human_duration, Timestamp};

/// How much a finding matters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    /// The value is wrong: a type or a contradiction.
    Error,
    /// The value is doubtful.
    Warning,
    /// Worth knowing, not wrong.
    Info,
}

/// One finding about a document, before it is located in the source text.
#[derive(Debug, Clone, PartialEq)]
pub struct Finding {
    /// How bad it is.
    pub severity: Severity,
    /// What was found, for a person.
    pub message: String,
    /// Dotted path from the checked value to the field concerned.
    pub path: Option<String>,
    /// The same path as the member names the check walked, when it has them: a name may hold a dot,
    /// and telling which dots part names by looking the path up again reads an object's members
    /// once per finding (see [`crate::path::segments`]).
    pub names: Option<Vec<String>>,
}

fn warn(path: &str, message: String) -> Finding {
    Finding { severity: Severity::Warning, message, path: Some(path.to_string()), names: None }
}

/// Members whose JSON type differs from what the catalogue documents (`null` is always accepted).
pub fn type_findings<J: Json>(table: &'static [Field], value: &J) -> Vec<Finding> {
    let mut out = Vec::new();
    let mut path = String::new();
    match catalogue::path_tree(table) {
        Some(tree) => walk(&[(tree, true)], value, &mut path, &mut Vec::new(), &mut out),
        None => walk(&[(&PathTree::of(table), true)], value, &mut path, &mut Vec::new(), &mut out),
    }
    out
}

/// [`type_findings`] along the table's [`PathTree`]: `places` are the nodes the path reached (see
/// [`PathTree::step`]). Members no node leads to are passed over whole; one path buffer is grown and
/// cut back as the walk goes, and the names on the way kept beside it.
fn walk<'a, J: Json>(
    places: &[(&PathTree, bool)],
    v: &'a J,
    path: &mut String,
    names: &mut Vec<&'a str>,
    out: &mut Vec<Finding>,
) {
    if !path.is_empty() {
        if let Some(f) = PathTree::field_of(places) {
            if let Some(finding) = check(f, v, path) {
                out.push(Finding {
                    names: Some(names.iter().map(|n| n.to_string()).collect()),
                    ..finding
                });
                return;
            }
        }
    }
    if v.is_object() {
        let len = path.len();
        let mut next = Vec::with_capacity(places.len() + 1);
        for (k, child) in v.members() {
            PathTree::step(places, k, &mut next);
            if next.is_empty() {
                continue;
            }
            if len > 0 {
                path.push('.');
            }
            path.push_str(k);
            names.push(k);
            walk(&next, child, path, names, out);
            names.pop();
            path.truncate(len);
        }
    }
}

/// The finding about `v` at `path` when its type is not one field `f` documents.
fn check<J: Json>(f: &Field, v: &J, path: &str) -> Option<Finding> {
    if f.types.iter().any(|t| t.matches(v)) {
        return None;
    }
    let expected: Vec<_> = f.types.iter().map(|t| t.name()).collect();
    let shown = match v.shape() {
        Shape::Object | Shape::Array(_) => String::new(),
        _ => format!(" {}", clip(&v.compact())),
    };
    Some(Finding {
        severity: Severity::Error,
        message: format!(
            "{path}: expected {}, found {}{shown}",
            expected.join(" or "),
            v.type_name()
        ),
        path: Some(path.to_string()),
        names: None,
    })
}

fn clip(s: &str) -> String {
    if s.chars().count() > 40 {
        format!("{}…", s.chars().take(40).collect::<String>())
    } else {
        s.to_string()
    }
}

/// Inconsistencies inside one session document (`{key, body, meta}`).
pub fn session_findings<J: Json>(doc: &J, summary: &SessionSummary) -> Vec<Finding> {
    let mut out = Vec::new();
    if !doc.get("key").is_some_and(|k| k.is_string() || k.is_number()) {
        out.push(Finding {
            severity: Severity::Warning,
            message: "the session has no key".into(),
            path: None,
            names: None,
        });
    }
    // Without a body the summary is empty too, so nothing below could be found.
    let Some(body) = doc.get("body") else { return out };
    for field in [
        "start_time",
        "end_time",
        "creation_time",
        "recording.audit_trail.archive.date",
        "recording.archive.date",
    ] {
        if let Some(v) = get_present(body, field) {
            if let Err(why) = Timestamp::from_value(v) {
                out.push(warn(
                    &format!("body.{field}"),
                    format!("{field} is not a readable time: {why}"),
                ));
            }
        }
    }
    if let (Some(s), Some(e)) = (&summary.start, &summary.end) {
        if e.epoch_millis() < s.epoch_millis() {
            out.push(warn(
                "body.end_time",
                format!("end time {} is before start time {}", e.raw, s.raw),
            ));
        }
    }
    if let (Some(stated), Some(computed)) = (summary.duration, summary.computed_duration()) {
        // SPS rounds to whole seconds; allow that and 1 % for clock granularity.
        if (stated - computed).abs() > (computed.abs() * 0.01).max(2.0) {
            out.push(warn(
                "body.duration",
                format!(
                    "duration {} s ({}) disagrees with end − start = {} s ({})",
                    fmt_number(stated),
                    human_duration(stated as i64),
                    fmt_number(computed),
                    human_duration(computed as i64)
                ),
            ));
        }
    }
    if summary.active && get_present(body, "end_time").is_some() {
        out.push(warn("body.end_time", "the session is marked active but has an end time".into()));
    }
    for field in ["verdict", "recording.verdict"] {
        if let Some(v) = get_present(body, field).filter(|v| v.is_string()) {
            if Verdict::parse(&text(v)).is_unknown() {
                out.push(warn(
                    &format!("body.{field}"),
                    format!("{field} {} is not a documented verdict", v.compact()),
                ));
            }
        }
    }
    if let Some(v) =
        get_present(body, "recording.index_status").filter(|v| v.is_string() || v.is_number())
    {
        if let IndexStatus::Unknown(raw) = IndexStatus::from_value(v) {
            out.push(warn(
                "body.recording.index_status",
                format!("index_status {raw} is not a documented value (0–6 or its name)"),
            ));
        }
    }
    if let Some(o) = get_present(body, "origin").and_then(Json::as_str) {
        if origin_meaning(o).is_none() {
            out.push(warn(
                "body.origin",
                format!("origin {o:?} is not a documented value (RECORDING, PSM, LOG)"),
            ));
        }
    }
    if let Some(score) = number(get_present(body, "analytics.score.aggregated")) {
        if !(0.0..=100.0).contains(&score) {
            out.push(warn(
                "body.analytics.score.aggregated",
                format!("risk score {} is outside 0–100", fmt_number(score)),
            ));
        }
    }
    out
}

/// Paging facts of a list or sub-collection: is this the whole result?
pub fn paging_findings<J: Json>(doc: &J) -> Vec<Finding> {
    let meta = doc.get("meta");
    let count = doc.get("items").and_then(Json::as_array).map_or(0, <[J]>::len);
    let total = number(meta.and_then(|m| get(m, "match_count")));
    let offset = number(meta.and_then(|m| get(m, "offset"))).unwrap_or(0.0);
    let next = meta.and_then(|m| get_present(m, "next")).map(text).filter(|n| !n.is_empty());
    let mut parts = Vec::new();
    if let Some(total) = total.filter(|t| *t > count as f64) {
        parts.push(format!(
            "it holds {count} of {} matches (from offset {})",
            fmt_number(total),
            fmt_number(offset)
        ));
    }
    if let Some(next) = &next {
        parts.push(format!("more follow at {next}"));
    }
    if parts.is_empty() {
        return vec![];
    }
    vec![Finding {
        severity: Severity::Warning,
        message: format!(
            "This list is only part of the result: {}. Load the other pages to see every session.",
            parts.join("; ")
        ),
        path: Some("meta".into()),
        names: None,
    }]
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn wrong_types_are_reported_and_null_is_fine() {
        let doc = json!({"key": "k", "body": {"recording": {"verdict": 5, "archive": null}, "client": {"port": "22"}, "active": "yes"}});
        let found: Vec<_> =
            type_findings(catalogue::SESSION, &doc).into_iter().map(|f| f.message).collect();
        assert_eq!(
            found,
            vec![
                "body.recording.verdict: expected string, found number 5",
                "body.active: expected boolean, found string \"yes\""
            ]
        );
    }

    #[test]
    fn seed_sample_inconsistencies_are_flagged() {
        let doc = json!({"key": "k", "body": {"start_time": "2018-09-15T15:53:00+05:00", "end_time": "2018-09-15T14:22:00+05:00",
                         "duration": 57, "verdict": "ACCEPT", "recording": {"verdict": "Accepted", "index_status": "INDEXED"}, "origin": "RECORDING"}});
        let s = SessionSummary::from_document(&doc);
        let msgs: Vec<_> = session_findings(&doc, &s).into_iter().map(|f| f.message).collect();
        assert_eq!(msgs.len(), 2, "{msgs:?}");
        assert!(msgs[0].starts_with("end time 2018-09-15T14:22:00+05:00 is before start time"));
        assert!(
            msgs[1].starts_with("duration 57 s (57 s) disagrees with end − start = -5460 s"),
            "{}",
            msgs[1]
        );
    }

    #[test]
    fn unknown_enums_are_flagged() {
        let doc = json!({"key": "k", "body": {"verdict": "MAYBE", "recording": {"index_status": 9}, "origin": "CSV",
                         "analytics": {"score": {"aggregated": 140}}}});
        let s = SessionSummary::from_document(&doc);
        let paths: Vec<_> = session_findings(&doc, &s).into_iter().filter_map(|f| f.path).collect();
        assert_eq!(
            paths,
            vec![
                "body.verdict",
                "body.recording.index_status",
                "body.origin",
                "body.analytics.score.aggregated"
            ]
        );
    }

    #[test]
    fn one_page_of_many_is_flagged() {
        let list = json!({"items": [{"key": "1"}, {"key": "2"}], "meta": {"match_count": 39, "next": null, "offset": 0}});
        let f = paging_findings(&list);
        assert_eq!(f.len(), 1);
        assert!(f[0].message.contains("it holds 2 of 39 matches"));
        let whole = json!({"items": [{"key": "1"}], "meta": {"match_count": 1, "next": null}});
        assert!(paging_findings(&whole).is_empty());
        let snap =
            json!({"items": [{"key": "1"}], "meta": {"next": "/api/audit/sessions?snapshot=x"}});
        assert!(paging_findings(&snap)[0]
            .message
            .contains("more follow at /api/audit/sessions?snapshot=x"));
    }
}

#[cfg(test)]
mod walk_tests {
    use super::*;
    use crate::gen::{generate_variant, Variant};
    use serde_json::Value;

    fn reference(table: &'static [Field], value: &Value) -> Vec<Finding> {
        let mut out = Vec::new();
        visit(table, value, &mut String::new(), &mut out);
        out
    }

    /// The walk's findings as the reference makes them, once each one's member names are checked to
    /// spell its path.
    fn walked(table: &'static [Field], value: &Value) -> Vec<Finding> {
        let mut got = type_findings(table, value);
        for f in &mut got {
            let names = f.names.take().expect("the walk names the members");
            assert_eq!(Some(names.join(".")), f.path);
        }
        got
    }

    /// The checks as they were: every value's dotted path looked up in the table, one by one.
    fn visit(table: &'static [Field], v: &Value, path: &mut String, out: &mut Vec<Finding>) {
        if !path.is_empty() {
            let exact = table.iter().find(|f| f.path == path.as_str());
            let pattern =
                || table.iter().find(|f| f.path.contains('*') && matches_pattern(f.path, path));
            if let Some(f) = exact.or_else(pattern) {
                if let Some(finding) = check(f, v, path) {
                    out.push(finding);
                    return;
                }
            }
        }
        if let Some(members) = v.as_object() {
            let len = path.len();
            for (k, child) in members {
                if len > 0 {
                    path.push('.');
                }
                path.push_str(k);
                visit(table, child, path, out);
                path.truncate(len);
            }
        }
    }

    fn matches_pattern(pattern: &str, path: &str) -> bool {
        let (p, s): (Vec<&str>, Vec<&str>) =
            (pattern.split('.').collect(), path.split('.').collect());
        p.len() == s.len() && p.iter().zip(&s).all(|(a, b)| *a == "*" || a == b)
    }

    /// Walking the catalogue's tree finds what looking every path up finds, in every document and
    /// item the generator writes, with findings and without (member names never hold a dot here:
    /// the walk reads `{"a.b": 1}` as the one member it is, where a dotted lookup took it for `a`'s `b`).
    #[test]
    fn the_walk_finds_what_looking_every_path_up_finds() {
        let mut found = 0;
        for variant in [
            Variant::default(),
            Variant::FINDINGS,
            Variant { text_scalars: true, ..Variant::default() },
        ] {
            let export = generate_variant(400, 11, variant);
            for s in &export.sessions {
                let got = walked(catalogue::SESSION, s);
                assert_eq!(got, reference(catalogue::SESSION, s));
                found += got.len();
                for (member, table) in [
                    ("channels", catalogue::CHANNEL),
                    ("events", catalogue::EVENT),
                    ("alerts", catalogue::ALERT),
                ] {
                    for item in s["body"][member].as_array().into_iter().flatten() {
                        assert_eq!(walked(table, item), reference(table, item));
                    }
                }
            }
            for doc in &export.related {
                for item in doc["items"].as_array().into_iter().flatten() {
                    for table in [
                        catalogue::CHANNEL,
                        catalogue::EVENT,
                        catalogue::ALERT,
                        catalogue::TRAIL_DOWNLOAD,
                        catalogue::INDEXER,
                    ] {
                        assert_eq!(walked(table, item), reference(table, item));
                    }
                }
            }
        }
        assert!(found > 400, "the generator's sessions have findings to compare ({found})");
        // Patterns: any member under `body.vault`, and `*.score` under the score's details.
        let odd: Value = serde_json::json!({"body": {"vault": {"x": 5, "y": {"z": 1}}, "analytics": {"score": {"details": {"a": {"score": "high"}, "b": 3}}}}});
        assert_eq!(walked(catalogue::SESSION, &odd), reference(catalogue::SESSION, &odd));
    }
}
