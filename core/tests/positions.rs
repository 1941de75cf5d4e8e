//! Every finding is placed at its value's line and column, in every shape an export comes in, and the
//! places are checked by an oracle that shares nothing with the loader: the test turns the line and
//! column back into a byte offset itself and parses the value found there with serde_json.

use serde_json::Value;
use trailview_core::dataset::{Dataset, Origin};
use trailview_core::gen::{generate_variant, Export, Layout, Variant};

/// Where each character and each line of a text start, to turn a 1-based line and column (columns
/// count characters) back into a byte offset.
struct Places {
    chars: Vec<usize>,
    lines: Vec<usize>,
}

impl Places {
    fn of(text: &str) -> Places {
        let chars: Vec<usize> = text.char_indices().map(|(i, _)| i).chain([text.len()]).collect();
        let lines = std::iter::once(0)
            .chain(
                text.char_indices()
                    .enumerate()
                    .filter(|(_, (_, c))| *c == '\n')
                    .map(|(k, _)| k + 1),
            )
            .collect();
        Places { chars, lines }
    }

    fn offset(&self, line: usize, column: usize) -> usize {
        self.chars[self.lines[line - 1] + column - 1]
    }
}

/// The JSON value that starts at `offset`.
fn value_at(text: &str, offset: usize) -> Value {
    serde_json::Deserializer::from_str(&text[offset..])
        .into_iter::<Value>()
        .next()
        .expect("a value starts there")
        .expect("it parses")
}

/// Checks every type finding of every session against the generated documents; returns how many.
fn check(name: &str, text: &str, export: &Export) -> usize {
    let mut ds = Dataset::new();
    let report = ds.add_file(name, text.as_bytes(), Origin::Local);
    assert!(report.errors.is_empty(), "{name}: {:?}", report.errors);
    let mut checked = 0;
    let places = Places::of(text);
    for doc in &export.sessions {
        let key = doc["key"].as_str().expect("generated keys are text");
        let entry = ds.session(key).unwrap_or_else(|| panic!("{name}: session {key} is loaded"));
        for issue in &entry.issues {
            // Type findings name their field first: "body.channels: expected object, found array".
            let Some((path, _)) = issue.message.split_once(": expected ") else { continue };
            let p = issue
                .position
                .unwrap_or_else(|| panic!("{name}: {key}: {} has a position", issue.message));
            let want = path
                .split('.')
                .try_fold(doc, |v, k| v.get(k))
                .unwrap_or_else(|| panic!("{path} is in {key}"));
            let found = value_at(text, places.offset(p.line, p.column));
            assert_eq!(&found, want, "{name}: {key}: {} at {p}", issue.message);
            checked += 1;
        }
    }
    checked
}

#[test]
fn findings_are_placed_at_their_values_in_every_shape() {
    let n = 150;
    let export = generate_variant(n, 21, Variant::FINDINGS);
    let list = |items: &[Value]| serde_json::json!({"items": items, "meta": {"href": "/api/audit/sessions", "match_count": items.len()}});
    let shapes: Vec<(&str, String)> = vec![
        ("ndjson", export.render(Layout::Ndjson)),
        ("array, one line", export.render(Layout::Array)),
        ("list, one line", export.render(Layout::List)),
        ("array, pretty", serde_json::to_string_pretty(&export.sessions).expect("serialises")),
        (
            "list, pretty",
            serde_json::to_string_pretty(&list(&export.sessions)).expect("serialises"),
        ),
        // Pages of a list saved one after another as one array: lists inside an array.
        (
            "array of pages, pretty",
            serde_json::to_string_pretty(&export.sessions.chunks(40).map(list).collect::<Vec<_>>())
                .expect("serialises"),
        ),
    ];
    for (name, text) in &shapes {
        let checked = check(name, text, &export);
        // Every session of this variant carries its collections inline: at least one finding each.
        assert!(checked >= n, "{name}: only {checked} findings checked");
    }
    // Past 1 MB and 1,000 elements, an array or list of sessions is handed over before its end is read.
    let n = 1500;
    let export = generate_variant(n, 22, Variant::FINDINGS);
    for (name, text) in [
        ("large array, one line", export.render(Layout::Array)),
        (
            "large array, pretty",
            serde_json::to_string_pretty(&export.sessions).expect("serialises"),
        ),
        ("large list, one line", export.render(Layout::List)),
    ] {
        assert!(text.len() > 1 << 20);
        let checked = check(name, &text, &export);
        assert!(checked >= n, "{name}: only {checked} findings checked");
    }
}

#[test]
fn findings_in_a_large_sub_collection_are_placed_at_their_items() {
    // One channels document of 3,000 items, each with a wrong type: placed item by item.
    let items: Vec<Value> = (0..3000)
        .map(|i| serde_json::json!({"key": i.to_string(), "body": {"channel_id": i, "type": "session shell", "start_time": [i]}}))
        .collect();
    let doc = serde_json::json!({"items": items, "meta": {"href": "/api/audit/sessions/K/channels", "parent": "/api/audit/sessions/K"}});
    let text = serde_json::to_string_pretty(&doc).expect("serialises");
    let mut ds = Dataset::new();
    ds.add_file("channels.json", text.as_bytes(), Origin::Local);
    let issues: Vec<_> = ds
        .docs()
        .iter()
        .flat_map(|d| &d.issues)
        .filter(|i| i.message.starts_with("start_time: expected"))
        .collect();
    assert_eq!(issues.len(), 3000);
    let places = Places::of(&text);
    for (i, issue) in issues.iter().enumerate() {
        let p = issue.position.expect("placed");
        assert_eq!(
            value_at(&text, places.offset(p.line, p.column)),
            serde_json::json!([i]),
            "item {i} at {p}"
        );
    }
}

#[test]
fn a_session_with_thousands_of_findings_has_each_placed_in_one_walk() {
    // A catalogue pattern (`body.analytics.score.details.*.score`) matches any number of members: 20,000
    // wrong-typed scores in one session, placed by one walk of its text, not a walk each.
    let export = generate_variant(1, 23, Variant::default());
    let mut session = export.sessions[0].clone();
    let details: serde_json::Map<String, Value> = (0..20_000)
        .map(|i| (format!("algo{i}"), serde_json::json!({"score": format!("s{i}")})))
        .collect();
    session["body"]["analytics"] = serde_json::json!({"score": {"details": details}});
    let text = serde_json::to_string_pretty(&session).expect("serialises");
    let mut ds = Dataset::new();
    ds.add_file("many.json", text.as_bytes(), Origin::Local);
    let key = session["key"].as_str().expect("a key");
    let entry = ds.session(key).expect("loaded");
    let places = Places::of(&text);
    let mut checked = 0;
    for issue in &entry.issues {
        let Some((path, _)) = issue.message.split_once(": expected ") else { continue };
        let Some(name) = path
            .strip_prefix("body.analytics.score.details.")
            .and_then(|p| p.strip_suffix(".score"))
        else {
            continue;
        };
        let p = issue.position.expect("placed");
        assert_eq!(
            value_at(&text, places.offset(p.line, p.column)),
            session["body"]["analytics"]["score"]["details"][name]["score"],
            "{path} at {p}"
        );
        checked += 1;
    }
    assert_eq!(checked, 20_000);
}
