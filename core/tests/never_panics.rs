//! Property tests: no document can panic the core. Values are drawn from the words SPS documents use,
//! so the generator reaches the detection and linking paths rather than only "unrecognised".

use proptest::prelude::*;
use serde_json::{json, Map, Value};
use std::path::PathBuf;
use trailview_core::columns::{Col, LIST};
use trailview_core::dataset::{Dataset, Origin};
use trailview_core::model::items::{AlertRow, ChannelRow, EventRow};
use trailview_core::path::{leaves, segments};
use trailview_core::query::{filter, sort, Sort};
use trailview_core::time::{TimeMode, Timestamp};

const WORDS: &[&str] = &[
    "key",
    "body",
    "meta",
    "items",
    "href",
    "parent",
    "first",
    "next",
    "last",
    "remaining_seconds",
    "protocol",
    "verdict",
    "recording",
    "start_time",
    "end_time",
    "duration",
    "active",
    "user",
    "name",
    "client",
    "server",
    "ip",
    "port",
    "analytics",
    "score",
    "aggregated",
    "scripted",
    "channels",
    "events",
    "alerts",
    "channel_type",
    "type",
    "record_id",
    "alert_type",
    "matched_regexp",
    "config",
    "status",
    "revision",
    "time",
    "/api/audit/sessions/x",
    "/api/audit/sessions/x/channels",
    "ACCEPT",
    "AUTH_FAIL",
    "accept",
    "2024-03-01T10:00:00Z",
    "1700000000",
    "psm.events.x",
    "<b>x</b>",
    "javascript:x",
    "",
];

fn word() -> impl Strategy<Value = String> {
    prop_oneof![4 => proptest::sample::select(WORDS).prop_map(str::to_string), 1 => any::<String>()]
}

fn scalar() -> impl Strategy<Value = Value> {
    prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<f64>()
            .prop_map(|f| serde_json::Number::from_f64(f).map_or(Value::Null, Value::Number)),
        prop_oneof![Just(-1e300), Just(1e300), Just(0.5), Just(-0.0), Just(1e13), Just(1.7e9)]
            .prop_map(|f| json!(f)),
        word().prop_map(Value::String),
    ]
}

fn value() -> impl Strategy<Value = Value> {
    scalar().prop_recursive(6, 64, 8, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            prop::collection::vec((word(), inner), 0..8)
                .prop_map(|kv| Value::Object(kv.into_iter().collect::<Map<_, _>>())),
        ]
    })
}

/// Shapes near real documents: an envelope or a list with arbitrary contents.
fn document() -> impl Strategy<Value = Value> {
    prop_oneof![
        value(),
        (value(), value(), value()).prop_map(|(k, b, m)| json!({"key": k, "body": b, "meta": m})),
        (prop::collection::vec(value(), 0..5), value())
            .prop_map(|(items, m)| json!({"items": items, "meta": m})),
        prop::collection::vec(value(), 0..5).prop_map(
            |items| json!({"items": items, "meta": {"href": "/api/audit/sessions/x/events"}})
        ),
        prop::collection::vec((value(), value()), 0..4).prop_map(|v| Value::Array(
            v.into_iter().map(|(k, b)| json!({"key": k, "body": b})).collect()
        )),
    ]
}

fn seed() -> Value {
    let p = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures/seed-session.json");
    serde_json::from_slice(&std::fs::read(p).unwrap()).unwrap()
}

fn exercise(ds: &Dataset) {
    for key in LIST {
        let mut rows = filter(ds, "a x");
        sort(ds, &mut rows, Sort { key, descending: key == Col::Score });
    }
    let _ = ds.dataset_issues();
    for e in ds.sessions() {
        for t in [&e.summary.start, &e.summary.end].into_iter().flatten() {
            for mode in [TimeMode::Original, TimeMode::Utc, TimeMode::Local] {
                let _ = t.show(mode);
            }
        }
        ds.items(&e.attached.channels)
            .iter()
            .for_each(|v| drop(ChannelRow::from_item(v).connected()));
        ds.items(&e.attached.events).iter().for_each(|v| drop(EventRow::from_item(v)));
        ds.items(&e.attached.alerts).iter().for_each(|v| drop(AlertRow::from_item(v)));
        if let Some(doc) = ds.session_doc(e) {
            for leaf in leaves(&doc) {
                let _ = segments(&doc, &leaf.path);
            }
        }
        let _ = ds.resolve_href(&e.key);
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 400, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_documents_never_panic(docs in prop::collection::vec(document(), 1..4), pretty in any::<bool>()) {
        let mut ds = Dataset::new();
        for (i, d) in docs.iter().enumerate() {
            let text = if pretty { serde_json::to_vec_pretty(d) } else { serde_json::to_vec(d) }.unwrap();
            ds.add_file(&format!("f{i}.json"), &text, Origin::Local);
        }
        let ndjson: Vec<u8> = docs.iter().flat_map(|d| { let mut l = serde_json::to_vec(d).unwrap(); l.push(b'\n'); l }).collect();
        ds.add_file("all.ndjson", &ndjson, Origin::Local);
        exercise(&ds);
    }

    #[test]
    fn the_seed_with_any_one_value_replaced_never_panics(pick in any::<prop::sample::Index>(), with in value()) {
        let mut doc = seed();
        let paths: Vec<String> = leaves(&doc["body"]).into_iter().map(|l| l.path).collect();
        let target = paths[pick.index(paths.len())].clone();
        let mut at = &mut doc["body"];
        let mut segs = target.split('.').peekable();
        while let Some(s) = segs.next() {
            if segs.peek().is_none() { at[s] = with.clone(); break; }
            at = &mut at[s];
        }
        let mut ds = Dataset::new();
        ds.add_file("mutated.json", &serde_json::to_vec_pretty(&doc).unwrap(), Origin::Local);
        prop_assert_eq!(ds.sessions().len(), 1);
        exercise(&ds);
    }

    #[test]
    fn arbitrary_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..512)) {
        let mut ds = Dataset::new();
        let r = ds.add_file("noise.bin", &bytes, Origin::Local);
        prop_assert!(r.errors.iter().all(|e| e.file == "noise.bin"));
        exercise(&ds);
    }

    #[test]
    fn arbitrary_queries_never_panic(q in "\\PC{0,30}|([a-z.]{1,8}:)?[\\[\\]{}()\"*?<>=: -]{0,6}[a-z0-9 ]{0,6}( (AND|OR|NOT|TO) )?[\\[\\]{}()\"*:<>a-z0-9 -]{0,10}") {
        let ds = {
            let mut ds = Dataset::new();
            ds.add_file("seed.json", &serde_json::to_vec(&seed()).unwrap(), Origin::Local);
            ds
        };
        let _ = trailview_core::query::filter(&ds, &q);
        if let Err(e) = trailview_core::query::lang::parse(&q) {
            prop_assert!(e.column >= 1 && e.column <= q.chars().count() + 1, "{q:?}: {e}");
        }
    }

    #[test]
    fn arbitrary_time_strings_never_panic(s in "\\PC{0,40}|[0-9T:+.Z -]{0,30}") {
        if let Ok(t) = Timestamp::parse(&s) {
            let _ = t.show(TimeMode::Utc);
        }
    }
}
