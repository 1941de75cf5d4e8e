//! Channels, events and alerts given inline (`body.channels` as an array of channel objects, as in the
//! vendor's only channels example) are attached, counted and searched exactly as linked documents
//! are. The oracle is the generator: the same seed written with linked documents instead.

use serde_json::Value;
use trailview_core::dataset::{Dataset, Origin};
use trailview_core::gen::{generate_variant, Layout, Variant};
use trailview_core::query::filter;

fn load(text: &str) -> Dataset {
    let mut ds = Dataset::new();
    let report = ds.add_file("export", text.as_bytes(), Origin::Local);
    assert!(report.errors.is_empty(), "{:?}", report.errors);
    ds
}

fn keys(ds: &Dataset, rows: &[usize]) -> Vec<String> {
    let mut k: Vec<String> = rows.iter().map(|&r| ds.sessions()[r].key.clone()).collect();
    k.sort();
    k
}

#[test]
fn inline_collections_equal_linked_ones() {
    let n = 200;
    let linked = load(&generate_variant(n, 5, Variant::default()).render(Layout::Ndjson));
    let inline_export = generate_variant(n, 5, Variant { inline: true, ..Variant::default() });
    let with_inline_channels =
        inline_export.sessions.iter().filter(|s| s["body"]["channels"].is_array()).count();
    assert!(
        with_inline_channels > n / 2,
        "the generator wrote {with_inline_channels} inline channel arrays"
    );
    for layout in [Layout::Ndjson, Layout::Array, Layout::List] {
        let inline = load(&inline_export.render(layout));
        for e in linked.sessions().iter().filter(|e| e.source.is_some()) {
            let i =
                inline.session(&e.key).unwrap_or_else(|| panic!("{layout:?}: {} loaded", e.key));
            assert_eq!(i.channel_count, e.channel_count, "{layout:?} {}: channels counted", e.key);
            assert_eq!(i.alert_count, e.alert_count, "{layout:?} {}: alerts counted", e.key);
            assert_eq!(
                inline.items(&i.attached.channels),
                linked.items(&e.attached.channels),
                "{layout:?} {}",
                e.key
            );
            assert_eq!(
                inline.items(&i.attached.events),
                linked.items(&e.attached.events),
                "{layout:?} {}",
                e.key
            );
            assert_eq!(
                inline.items(&i.attached.alerts),
                linked.items(&e.attached.alerts),
                "{layout:?} {}",
                e.key
            );
            // An array where a link is documented is a spelling, not a wrong type.
            for issue in &i.issues {
                assert!(
                    !issue.message.starts_with("body.channels")
                        && !issue.message.starts_with("body.events"),
                    "{}",
                    issue.message
                );
            }
        }
        // Searched as linked ones are: by field and as free text, each session once.
        for q in [
            "channel.type:\"session exec scp\"",
            "event.type:command",
            "alert.rule_name:PatternMatcherRule",
            "\"/srv/backup\"",
        ] {
            let (a, b) = (filter(&inline, q), filter(&linked, q));
            assert!(!b.is_empty(), "{q} finds something");
            assert_eq!(keys(&inline, &a), keys(&linked, &b), "{layout:?}: {q}");
        }
        // They are the sessions' documents, not the file's.
        assert!(inline.files()[0].docs.iter().all(|&d| !inline.docs()[d].inline));
        assert!(inline.docs().iter().any(|d| d.inline));
    }
}

#[test]
fn inline_collections_follow_the_copy_that_is_shown() {
    let session = |rev: u32, channel: &str| {
        format!(
            r#"{{"key": "K", "body": {{"revision": {rev}, "protocol": "SSH", "channels": [{{"key": "1", "body": {{"channel_id": 1, "type": "{channel}"}}}}]}}, "meta": {{"href": "/api/audit/sessions/K"}}}}"#
        )
    };
    for (first, second) in
        [((1, "old shell"), (2, "new shell")), ((2, "new shell"), (1, "old shell"))]
    {
        let mut ds = Dataset::new();
        ds.add_file("a.json", session(first.0, first.1).as_bytes(), Origin::Local);
        ds.add_file("b.json", session(second.0, second.1).as_bytes(), Origin::Local);
        let e = ds.session("K").expect("loaded");
        let items = ds.items(&e.attached.channels);
        assert_eq!(items.len(), 1, "one copy's channels, not both");
        assert_eq!(items[0]["body"]["type"], Value::from("new shell"));
        assert_eq!(e.channel_count, Some(1));
    }
}
