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
    for (i, e) in ds.sessions.iter().enumerate().step_by(11) {
        for t in ds.search_texts(e) {
            let words: Vec<&str> = t.split(|c: char| !c.is_alphanumeric() && c != '-' && c != '.').filter(|w| w.len() > 2).collect();
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
    for variant in [Variant::default(), Variant { inline: true, unix_times: true, ..Variant::default() }] {
        for layout in [Layout::Ndjson, Layout::Array, Layout::List] {
            let mut ds = Dataset::new();
            ds.add_file("gen", generate_variant(1500, 5, variant).render(layout).as_bytes(), Origin::Local);
            let words = pieces(&ds);
            same_answers(&ds, &words);
            // The filters did rule sessions out: a key matches its session alone.
            let key = ds.sessions[700].key.to_lowercase();
            assert_eq!(ds.text_candidates(&key), 1, "{layout:?}");
        }
    }
}

#[test]
fn text_that_arrives_in_a_later_file_is_found() {
    let export = generate(300, 9);
    let text = export.render(Layout::Ndjson);
    // Sessions first, then (a second file) the documents linked from them: channels, events, alerts.
    let (sessions, linked): (Vec<&str>, Vec<&str>) = text.lines().partition(|l| !l.contains("\"parent\":\"/api/audit/sessions/"));
    assert!(!linked.is_empty(), "the generator writes linked documents");
    let mut ds = Dataset::new();
    ds.add_file("sessions.ndjson", sessions.join("\n").as_bytes(), Origin::Local);
    let before = pieces(&ds);
    same_answers(&ds, &before);
    ds.add_file("linked.ndjson", linked.join("\n").as_bytes(), Origin::Local);
    let after = pieces(&ds);
    same_answers(&ds, &after);
    // A word only the linked documents hold is found through them.
    let only_linked: Vec<&String> = after.iter().filter(|w| !filter(&ds, w).is_empty() && !before.contains(w)).collect();
    assert!(!only_linked.is_empty());
}
