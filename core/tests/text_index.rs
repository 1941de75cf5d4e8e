//! The search filters change how much text a query reads, never its answer: every free-text query
//! gives the same sessions with the filters as with every text scanned, in every shape and however
//! the sessions' text arrived (inline collections, linked documents in a later file).

use trailview_core::dataset::{Dataset, Origin};
use trailview_core::gen::{generate, generate_variant, Layout, Variant};
use trailview_core::query::filter;

/// Words that match few, many and no sessions, phrases, wildcards, and pieces of every kind of value.
const QUERIES: &[&str] = &[
    "root",
    "ro",
    "r",
    "ssh",
    "sudo",
    "\"rm -rf\"",
    "passwd",
    "jump",
    "jump-0*",
    "10.20.1",
    "198.51.100",
    "accept",
    "web-adm*n",
    "x11",
    "zzqx",
    "root ssh",
    "root OR sudo",
    "-root",
    "sudo -passwd",
    "t?p",
];

fn same_answers(ds: &Dataset, extra: &[String]) {
    let mut plain = ds.clone();
    plain.forget_text_index();
    for q in QUERIES.iter().copied().chain(extra.iter().map(String::as_str)) {
        assert_eq!(filter(ds, q), filter(&plain, q), "{q}");
    }
}

/// Pieces of the sessions' own text, so that rare words (keys, times, commands) are asked for too.
fn pieces(ds: &Dataset) -> Vec<String> {
    let mut out = vec![];
    for i in (0..ds.sessions().len()).step_by(11) {
        let values: Vec<&str> = ds.search_text(i).split('\u{1f}').collect();
        for t in
            [values[i * 7 % values.len()], values[i * 13 % values.len()], values[values.len() - 1]]
        {
            let words: Vec<&str> = t
                .split(|c: char| !c.is_alphanumeric() && c != '-' && c != '.')
                .filter(|w| w.len() > 2)
                .collect();
            if let Some(w) = words.get(i % words.len().max(1)) {
                out.push(w.to_string());
            }
        }
    }
    assert!(out.len() > 20);
    out
}

#[test]
fn every_shape_gives_the_same_answers_with_the_filters() {
    for variant in
        [Variant::default(), Variant { inline: true, unix_times: true, ..Variant::default() }]
    {
        for layout in [Layout::Ndjson, Layout::Array, Layout::List] {
            let mut ds = Dataset::new();
            ds.add_file(
                "gen",
                generate_variant(1500, 5, variant).render(layout).as_bytes(),
                Origin::Local,
            );
            let words = pieces(&ds);
            same_answers(&ds, &words);
            // The filters did rule sessions out: a key matches its session alone.
            let key = ds.sessions()[700].key.to_lowercase();
            assert_eq!(ds.text_candidates(&key), 1, "{layout:?}");
        }
    }
}

#[test]
fn text_that_arrives_in_a_later_file_is_found() {
    let export = generate(300, 9);
    let text = export.render(Layout::Ndjson);
    // Sessions first, then (a second file) the documents linked from them: channels, events, alerts.
    let (sessions, linked): (Vec<&str>, Vec<&str>) =
        text.lines().partition(|l| !l.contains("\"parent\":\"/api/audit/sessions/"));
    assert!(!linked.is_empty(), "the generator writes linked documents");
    let mut ds = Dataset::new();
    ds.add_file("sessions.ndjson", sessions.join("\n").as_bytes(), Origin::Local);
    let before = pieces(&ds);
    same_answers(&ds, &before);
    ds.add_file("linked.ndjson", linked.join("\n").as_bytes(), Origin::Local);
    let after = pieces(&ds);
    same_answers(&ds, &after);
    // A word only the linked documents hold is found through them.
    let only_linked: Vec<&String> =
        after.iter().filter(|w| !filter(&ds, w).is_empty() && !before.contains(w)).collect();
    assert!(!only_linked.is_empty());
}

#[test]
fn linked_documents_give_the_same_text_as_the_export_loaded_whole() {
    let text = generate(300, 9).render(Layout::Ndjson);
    let (sessions, linked): (Vec<&str>, Vec<&str>) =
        text.lines().partition(|l| !l.contains("\"parent\":\"/api/audit/sessions/"));
    let mut split = Dataset::new();
    split.add_file("sessions.ndjson", sessions.join("\n").as_bytes(), Origin::Local);
    split.add_file("linked.ndjson", linked.join("\n").as_bytes(), Origin::Local);
    let mut whole = Dataset::new();
    whole.add_file("all.ndjson", text.as_bytes(), Origin::Local);
    assert_eq!(split.sessions().len(), whole.sessions().len());
    for (i, e) in split.sessions().iter().enumerate() {
        let j = whole.session_index(&e.key).expect("the same sessions");
        assert_eq!(split.search_text(i), whole.search_text(j), "{}", e.key);
    }
}

#[test]
fn a_newer_revision_replaces_its_own_text_and_keeps_its_linked_documents() {
    let session = |rev: u32, word: &str, channel: &str| {
        format!(
            r#"{{"key": "K", "body": {{"revision": {rev}, "protocol": "SSH", "note": "{word}", "channels": [{{"key": "1", "body": {{"channel_id": 1, "type": "{channel}"}}}}]}}, "meta": {{"href": "/api/audit/sessions/K"}}}}"#
        )
    };
    let events = r#"{"items": [{"key": "1", "body": {"command": "linkedword", "time": "2024-03-01T10:00:00Z"}}], "meta": {"href": "/api/audit/sessions/K/events", "parent": "/api/audit/sessions/K"}}"#;
    for order in [[0, 1, 2], [2, 0, 1], [1, 2, 0], [0, 2, 1]] {
        let files = [
            session(1, "oldword", "oldshell"),
            events.to_string(),
            session(2, "newword", "newshell"),
        ];
        let mut ds = Dataset::new();
        for &f in &order {
            ds.add_file(&format!("{f}.json"), files[f].as_bytes(), Origin::Local);
        }
        let found = |w: &str| filter(&ds, w).len();
        assert_eq!(
            (found("newword"), found("newshell"), found("linkedword")),
            (1, 1, 1),
            "{order:?}"
        );
        assert_eq!(
            (found("oldword"), found("oldshell")),
            (0, 0),
            "{order:?}: the older copy's text is gone"
        );
        let mut plain = ds.clone();
        plain.forget_text_index();
        for w in ["newword", "oldword", "linkedword", "ssh", "k"] {
            assert_eq!(filter(&ds, w), filter(&plain, w), "{order:?} {w}");
        }
    }
}
