//! The query language over a generated export: every assertion compares the result with what the
//! session summaries say it must be, so a wrong match either way fails.

use trailview_core::dataset::{Dataset, Origin, SessionEntry};
use trailview_core::enums::Verdict;
use trailview_core::gen::{generate, Layout};
use trailview_core::query::lang::parse;
use trailview_core::query::{filter, select};
use trailview_core::review::{Mark, Marks};

fn dataset() -> Dataset {
    let mut ds = Dataset::new();
    let text = generate(400, 3).render(Layout::Ndjson);
    ds.add_file("gen.ndjson", text.as_bytes(), Origin::Local);
    ds
}

fn expect(ds: &Dataset, query: &str, want: impl Fn(&SessionEntry) -> bool) {
    let got = filter(ds, query);
    let expected: Vec<usize> = ds.sessions.iter().enumerate().filter(|(_, e)| want(e)).map(|(i, _)| i).collect();
    assert!(parse(query).is_ok(), "{query} parses");
    assert_eq!(got, expected, "{query}");
    assert!(!expected.is_empty() && expected.len() < ds.sessions.len(), "{query}: a test that selects all or nothing proves little");
}

#[test]
fn field_terms_compare_normalised_values() {
    let ds = dataset();
    expect(&ds, "protocol:SSH", |e| e.summary.protocol == "SSH");
    expect(&ds, "protocol:ssh OR protocol:RDP", |e| e.summary.protocol == "SSH" || e.summary.protocol == "RDP");
    expect(&ds, "NOT protocol:SSH", |e| e.summary.protocol != "SSH");
    expect(&ds, "verdict:auth-fail", |e| e.summary.verdict == Some(Verdict::parse("AUTH_FAIL")));
    let name = ds.sessions.iter().find(|e| !e.summary.user.is_empty()).unwrap().summary.user.clone();
    expect(&ds, &format!("user.name:{name}"), |e| e.summary.user == name);
    let prefix: String = name.chars().take(2).collect();
    expect(&ds, &format!("user.name:{prefix}*"), |e| e.summary.user.starts_with(&prefix));
}

#[test]
fn ranges_and_comparisons_on_numbers_and_times() {
    let ds = dataset();
    expect(&ds, "analytics.score.aggregated:[70 TO 100]", |e| e.summary.score.is_some_and(|s| (70.0..=100.0).contains(&s)));
    expect(&ds, "score:{70 TO *}", |e| e.summary.score.is_some_and(|s| s > 70.0));
    expect(&ds, "duration:>=600", |e| e.summary.effective_duration().is_some_and(|d| d >= 600.0));
    let mut starts: Vec<i64> = ds.sessions.iter().filter_map(|e| e.summary.start.as_ref().map(|t| t.epoch_millis())).collect();
    starts.sort();
    let mid = chrono::DateTime::from_timestamp_millis(starts[starts.len() / 2]).unwrap().format("%Y-%m-%d").to_string();
    let (day, _) = trailview_core::query::eval::span(&mid).unwrap();
    let end_of_day = day + 86_400_000;
    expect(&ds, &format!("start_time:>{mid}"), |e| e.summary.start.as_ref().is_some_and(|t| t.epoch_millis() >= end_of_day));
    expect(&ds, &format!("start:<{mid}"), |e| e.summary.start.as_ref().is_some_and(|t| t.epoch_millis() < day));
}

#[test]
fn sub_resources_free_text_and_parentheses() {
    let ds = dataset();
    let has_exec = |e: &SessionEntry| ds.items(&e.attached.channels).iter().any(|c| c["body"]["type"].as_str() == Some("session exec"));
    expect(&ds, "channel.type:\"session exec\"", has_exec);
    // Computed from the documents themselves: the session's and its channels', events' and alerts'.
    let says = |e: &SessionEntry, what: &str| {
        let a = &e.attached;
        let docs = ds.session_doc(e).into_iter().chain(ds.items(&a.channels)).chain(ds.items(&a.events)).chain(ds.items(&a.alerts));
        docs.map(|d| d.to_string().to_lowercase()).any(|t| t.contains(what))
    };
    expect(&ds, "\"rm -rf\"", |e| says(e, "rm -rf"));
    expect(&ds, "(protocol:SSH OR protocol:RDP) AND -\"rm -rf\"", |e| {
        (e.summary.protocol == "SSH" || e.summary.protocol == "RDP") && !says(e, "rm -rf")
    });
}

#[test]
fn review_marks_filter() {
    let ds = dataset();
    let mut marks = Marks::new();
    marks.insert(ds.sessions[3].key.clone(), Mark { flagged: true, ..Mark::default() });
    marks.insert(ds.sessions[7].key.clone(), Mark { reviewed: true, note: "ok".into(), ..Mark::default() });
    assert_eq!(select(&ds, "review:flagged", &marks), vec![3]);
    assert_eq!(select(&ds, "review:noted", &marks), vec![7]);
    assert_eq!(select(&ds, "review:unreviewed", &marks).len(), ds.sessions.len() - 1);
}

#[test]
fn a_syntax_error_falls_back_to_free_text() {
    let ds = dataset();
    assert!(parse("(ssh").is_err());
    assert_eq!(filter(&ds, "(ssh"), filter(&ds, "\"(ssh\""));
}

#[test]
fn typing_letter_by_letter_searches_the_last_result_and_finds_the_same() {
    let ds = dataset();
    let marks = Marks::new();
    for typed in ["root shell", "protocol:SSH rm -rf", "\"rm -rf\" -alice", "-protocol:RDP adm"] {
        let mut prev = String::new();
        let mut rows = select(&ds, "", &marks);
        let mut narrowed = 0;
        for end in typed.char_indices().map(|(i, c)| i + c.len_utf8()) {
            let q = &typed[..end];
            let full = select(&ds, q, &marks);
            if trailview_core::query::narrows(&prev, q) {
                rows = trailview_core::query::select_within(&ds, q, &marks, &rows);
                narrowed += 1;
            } else {
                rows = full.clone();
            }
            assert_eq!(rows, full, "{q:?} after {prev:?}");
            prev = q.to_string();
        }
        assert!(narrowed > 2, "{typed}: the shortcut was taken");
    }
}
