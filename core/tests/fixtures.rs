//! The core against the committed fixtures: one document of every kind and version the spec
//! describes, the seed sample, and malformed files.

use std::path::PathBuf;
use trailview_core::catalogue::{self, section_of};
use trailview_core::columns::{Col, LIST};
use trailview_core::dataset::{Dataset, Origin};
use trailview_core::enums::Verdict;
use trailview_core::ingest::{classify, detect, parse, DocKind};
use trailview_core::path::leaves;
use trailview_core::query::{filter, sort, Sort};
use trailview_core::time::TimeMode;

fn fixture(name: &str) -> Vec<u8> {
    let p = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures").join(name);
    std::fs::read(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

fn load(names: &[&str]) -> Dataset {
    let mut ds = Dataset::new();
    for n in names {
        ds.add_file(n, &fixture(n), Origin::Local);
    }
    ds
}

#[test]
fn every_kind_is_recognised_by_shape() {
    let cases: &[(&str, DocKind)] = &[
        ("seed-session.json", DocKind::Session),
        ("seed-list-stubs.json", DocKind::SessionList),
        ("session-6x.json", DocKind::Session),
        ("session-5x-unix-times.json", DocKind::Session),
        ("list-fields-star-7x.json", DocKind::SessionList),
        ("list-paged.json", DocKind::SessionList),
        ("channels.json", DocKind::Channels),
        ("events-5x.json", DocKind::Events { legacy: true }),
        ("events-6x.json", DocKind::Events { legacy: false }),
        ("alerts.json", DocKind::Alerts),
        ("trail-downloads.json", DocKind::TrailDownloads),
        ("indexer.json", DocKind::Indexer),
        ("content-hits.json", DocKind::ContentHits),
        ("sessions-array.json", DocKind::SessionArray),
        ("api-error.json", DocKind::ApiError),
    ];
    for (name, want) in cases {
        let parsed = parse(name, &fixture(name)).unwrap();
        assert_eq!(&detect(&parsed.docs[0].value), want, "{name}");
    }
    let parsed = parse("unrecognised.json", &fixture("unrecognised.json")).unwrap();
    assert_eq!(detect(&parsed.docs[0].value), DocKind::Unknown);
    let why = classify(&parsed.docs[0].value).unwrap_err();
    assert!(why.contains("\"hello\""), "{why}");
}

#[test]
fn every_field_of_the_seed_has_a_section_and_a_meaning() {
    let parsed = parse("seed-session.json", &fixture("seed-session.json")).unwrap();
    let doc = &parsed.docs[0].value.to_value();
    let all = leaves(doc);
    assert!(all.len() > 40, "seed has {} leaves", all.len());
    for leaf in all {
        assert!(section_of(&leaf.path).is_some(), "{} is shown in no section", leaf.path);
        let f = catalogue::lookup(catalogue::SESSION, &leaf.path)
            .unwrap_or_else(|| panic!("{} has no meaning", leaf.path));
        assert!(!f.meaning.is_empty());
    }
}

#[test]
fn seed_session_decodes_and_flags_its_own_inconsistencies() {
    let ds = load(&["seed-session.json"]);
    let s = ds.session("rUhhQZ3jYsY1NDWYp9DEpq").unwrap();
    assert_eq!(&*s.summary.protocol, "SSH");
    assert_eq!(s.summary.verdict, Some(Verdict::Accept));
    assert_eq!(&*s.summary.client, "10.20.30.40:59125");
    assert_eq!(s.summary.start.as_ref().unwrap().show(TimeMode::Utc).text, "2018-09-15 10:53:00");
    let msgs: Vec<String> = s.issues.iter().map(|i| i.to_string()).collect();
    assert!(
        msgs.iter().any(|m| m.contains("end time 2018-09-15T14:22:00+05:00 is before start time")),
        "{msgs:?}"
    );
    assert!(msgs.iter().any(|m| m.contains("duration 57 s")), "{msgs:?}");
    // The issue points at the field's line in the file.
    let end = s.issues.iter().find(|i| i.message.starts_with("end time")).unwrap();
    let line = end.position.unwrap().line;
    let text = String::from_utf8(fixture("seed-session.json")).unwrap();
    assert!(text.lines().nth(line - 1).unwrap().contains("\"end_time\""), "line {line}");
}

#[test]
fn list_stubs_link_or_say_not_loaded() {
    let ds = load(&["seed-list-stubs.json", "seed-session.json"]);
    for key in ["1", "2"] {
        let s = ds.session(key).unwrap();
        assert!(s.source.is_none());
        assert_eq!(s.stubs[0].1, format!("/api/audit/sessions/{key}"));
    }
    let issues = ds.dataset_issues();
    assert!(issues.iter().any(|i| i.message.contains("it holds 2 of 39 matches")), "{issues:?}");
    assert!(ds.session("rUhhQZ3jYsY1NDWYp9DEpq").unwrap().source.is_some());
}

#[test]
fn paged_list_names_the_next_page() {
    let ds = load(&["list-paged.json"]);
    let issues = ds.dataset_issues();
    assert!(
        issues.iter().any(|i| i.message.contains("2 of 342") && i.message.contains("offset=4")),
        "{issues:?}"
    );
}

#[test]
fn sub_collections_attach_to_their_session_in_any_order() {
    let ds = load(&[
        "channels.json",
        "alerts.json",
        "session-6x.json",
        "events-6x.json",
        "trail-downloads.json",
        "indexer.json",
        "content-hits.json",
    ]);
    assert_eq!(ds.sessions().len(), 1);
    let s = &ds.sessions()[0];
    assert!(s.source.is_some());
    assert_eq!(s.channel_count, Some(7));
    assert_eq!(s.alert_count, Some(1));
    assert_eq!(ds.items(&s.attached.events).len(), 2);
    assert_eq!(ds.items(&s.attached.trail_downloads).len(), 2);
    assert_eq!(ds.items(&s.attached.indexer).len(), 1);
    assert_eq!(s.attached.content.len(), 1);
    let href = "/api/audit/sessions/Hk3Nw8yUe5RtP0aZc6DfJm/channels";
    assert_eq!(
        ds.resolve_href(href),
        Some(("Hk3Nw8yUe5RtP0aZc6DfJm".into(), Some("channels".into())))
    );
    assert_eq!(ds.resolve_href("/api/audit/sessions/Hk3Nw8yUe5RtP0aZc6DfJm/audit_trail"), None);
    // Free text reaches into attached documents.
    assert_eq!(filter(&ds, "\"rm -rf /var/log/app\"").len(), 1);
    assert_eq!(filter(&ds, "uptime ssh").len(), 1);
    assert!(filter(&ds, "nonexistent-word").is_empty());
}

#[test]
fn seven_x_spellings_normalise_without_false_type_errors() {
    let ds = load(&["list-fields-star-7x.json"]);
    assert_eq!(ds.sessions().len(), 3);
    let verdicts: Vec<_> =
        ds.sessions().iter().map(|s| s.summary.verdict.clone().unwrap()).collect();
    assert_eq!(verdicts, vec![Verdict::Accept, Verdict::AuthFail, Verdict::Terminated]);
    assert_eq!(&*ds.sessions()[0].summary.server_user, "mkovacs, Administrator");
    assert_eq!(&*ds.sessions()[0].summary.client, "10.0.0.9:51515");
    for s in ds.sessions() {
        assert!(s.issues.is_empty(), "{}: {:?}", s.key, s.issues);
    }
}

#[test]
fn five_x_unix_times_and_codes() {
    let ds = load(&["session-5x-unix-times.json", "events-5x.json"]);
    let s = ds.session("7930f4308efe8aecd710202d815b76ff").unwrap();
    assert_eq!(
        s.summary.start.as_ref().unwrap().show(TimeMode::Original).text,
        "2016-01-04 10:06:28"
    );
    assert_eq!(s.summary.verdict, Some(Verdict::AuthFail));
    assert_eq!(ds.items(&s.attached.events).len(), 1);
    assert!(s.issues.is_empty(), "{:?}", s.issues);
}

#[test]
fn malformed_files_report_file_line_and_column_and_keep_earlier_data() {
    let mut ds = load(&["session-6x.json"]);
    let r = ds.add_file("malformed-syntax.json", &fixture("malformed-syntax.json"), Origin::Local);
    let e = &r.errors[0];
    let text = String::from_utf8(fixture("malformed-syntax.json")).unwrap();
    let pos = e.position.unwrap();
    assert!(text.lines().nth(pos.line - 1).unwrap().contains(",,"), "{e}");
    assert!(e.to_string().starts_with("malformed-syntax.json, line "), "{e}");
    let r = ds.add_file(
        "malformed-truncated.json",
        &fixture("malformed-truncated.json"),
        Origin::Local,
    );
    assert!(r.errors[0].message().contains("truncated"));
    let r = ds.add_file("malformed-empty.json", &fixture("malformed-empty.json"), Origin::Local);
    assert_eq!(r.errors[0].message(), "the file is empty");
    let r = ds.add_file("binary.bin", &[0, 159, 146, 150, 255, 0, 1], Origin::Local);
    assert_eq!(
        r.errors[0].to_string(),
        "binary.bin: this is binary data (it holds NUL bytes), not JSON text"
    );
    assert_eq!(ds.sessions().len(), 1, "earlier data is kept");
    assert_eq!(ds.files().len(), 5);
}

#[test]
fn wrong_types_are_reported_at_their_line_and_the_rest_still_loads() {
    let ds = load(&["malformed-wrong-types.json"]);
    let s = ds.session("WrongTypes00000000000a").unwrap();
    assert_eq!(&*s.summary.protocol, "SSH");
    assert_eq!(&*s.summary.client, "ws-ops-07 (192.0.2.15):50412");
    let text = String::from_utf8(fixture("malformed-wrong-types.json")).unwrap();
    for (needle, field) in [
        ("body.recording.verdict: expected string, found number 5", "\"verdict\": 5"),
        ("body.active: expected boolean", "\"active\": \"yes\""),
        ("start_time is not a readable time", "\"start_time\""),
    ] {
        let issue = s
            .issues
            .iter()
            .find(|i| i.message.contains(needle))
            .unwrap_or_else(|| panic!("{needle}: {:?}", s.issues));
        let line = issue.position.unwrap().line;
        assert!(text.lines().nth(line - 1).unwrap().contains(field), "{needle} at line {line}");
    }
}

#[test]
fn a_bad_ndjson_line_loses_only_itself() {
    let ds = load(&["malformed-bad-line.ndjson"]);
    assert_eq!(ds.sessions().len(), 2);
    let errs = &ds.files()[0].errors;
    assert_eq!(errs.len(), 1);
    assert_eq!(errs[0].position.unwrap().line, 2);
}

#[test]
fn ndjson_and_arrays_load_every_document() {
    let ds = load(&["export.ndjson", "sessions-array.json"]);
    assert_eq!(ds.sessions().len(), 2);
    let s = ds.session("Hk3Nw8yUe5RtP0aZc6DfJm").unwrap();
    assert_eq!(s.alert_count, Some(1));
    assert_eq!(s.copies.len(), 1, "the array holds the same session again");
}

#[test]
fn newer_revision_wins() {
    let doc = |rev: u32, proto: &str| {
        format!(r#"{{"key":"k","body":{{"revision":{rev},"protocol":"{proto}"}},"meta":{{}}}}"#)
    };
    // In both orders: neither "first copy wins" nor "last copy wins" passes.
    for newer_first in [true, false] {
        let mut ds = Dataset::new();
        let files = [("new.json", doc(5, "RDP")), ("old.json", doc(2, "SSH"))];
        let order: Vec<_> =
            if newer_first { files.iter().collect() } else { files.iter().rev().collect() };
        for (name, text) in order {
            ds.add_file(name, text.as_bytes(), Origin::Local);
        }
        let s = ds.session("k").unwrap();
        assert_eq!(&*s.summary.protocol, "RDP", "newer first: {newer_first}");
        assert!(s.issues.iter().any(|i| i.message.contains("old.json")), "the other copy is named");
        assert_eq!(s.copies.len(), 1);
    }
}

#[test]
fn sorting_by_each_column_puts_missing_values_last() {
    let ds = load(&["list-fields-star-7x.json", "seed-list-stubs.json"]);
    let mut rows = filter(&ds, "");
    assert_eq!(rows.len(), 5);
    sort(&ds, &mut rows, Sort { key: Col::Score, descending: true });
    assert_eq!(ds.sessions()[rows[0]].summary.score, Some(81.0));
    assert!(ds.sessions()[rows[4]].summary.score.is_none());
    sort(&ds, &mut rows, Sort { key: Col::Duration, descending: false });
    assert_eq!(ds.sessions()[rows[0]].summary.duration, Some(3.0));
    for key in LIST {
        for descending in [false, true] {
            let mut r = rows.clone();
            sort(&ds, &mut r, Sort { key, descending });
            assert!(
                ds.sessions()[r[3]].source.is_none() && ds.sessions()[r[4]].source.is_none(),
                "{key:?} {descending}"
            );
        }
    }
}

#[test]
fn committed_demo_is_the_generators_output() {
    let committed = std::fs::read_to_string(
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../static/demo/demo-export.ndjson"),
    )
    .unwrap();
    assert_eq!(committed, trailview_core::gen::generate(40, 7).render(trailview_core::gen::Layout::Ndjson), "regenerate with: cargo run -p trailview-core --bin trailview-gen -- --sessions 40 --seed 7 --layout ndjson > static/demo/demo-export.ndjson");
}

#[test]
fn generated_exports_load_cleanly_in_every_layout() {
    use trailview_core::gen::{generate, Layout};
    let export = generate(300, 42);
    for layout in [Layout::Array, Layout::List, Layout::Ndjson] {
        let mut ds = Dataset::new();
        let r = ds.add_file("gen", export.render(layout).as_bytes(), Origin::Local);
        assert!(r.errors.is_empty(), "{layout:?}: {:?}", r.errors);
        assert!(ds.sessions().iter().filter(|s| s.source.is_some()).count() == 300, "{layout:?}");
        // Only the deliberate inconsistencies are flagged: no type errors, no unknown enums.
        for s in ds.sessions() {
            for i in &s.issues {
                assert!(
                    i.message.contains("before start") || i.message.contains("disagrees"),
                    "{}: {}",
                    s.key,
                    i
                );
            }
        }
    }
    let mut ds = Dataset::new();
    ds.add_file("gen.ndjson", export.render(Layout::Ndjson).as_bytes(), Origin::Local);
    let protocols: std::collections::BTreeSet<_> =
        ds.sessions().iter().map(|s| s.summary.protocol.clone()).collect();
    assert!(protocols.len() >= 6, "{protocols:?}");
    assert!(ds.sessions().iter().any(|s| s.channel_count.is_some() && s.alert_count.is_some()));
    assert!(ds.session("NotExported0000000001").is_some_and(|s| s.source.is_none()));
}

#[test]
fn findings_in_ndjson_point_at_their_own_line() {
    let good = String::from_utf8(fixture("session-6x.json")).unwrap().replace('\n', " ");
    let bad = String::from_utf8(fixture("malformed-wrong-types.json")).unwrap().replace('\n', " ");
    let text = format!("{good}\n\n{bad}\n");
    let mut ds = Dataset::new();
    ds.add_file("mixed.ndjson", text.as_bytes(), Origin::Local);
    let s = ds.session("WrongTypes00000000000a").unwrap();
    let issue = s.issues.iter().find(|i| i.message.starts_with("body.recording.verdict")).unwrap();
    let pos = issue.position.unwrap();
    assert_eq!(pos.line, 3);
    let line = text.lines().nth(2).unwrap();
    assert!(
        line.chars().skip(pos.column - 1).collect::<String>().starts_with('5'),
        "column {}",
        pos.column
    );
}
