//! The query language over a generated export. The oracle shares nothing with the code under test:
//! every expectation is computed here from the documents the generator wrote (its JSON, read with
//! serde_json and chrono), never from the dataset's summaries, verdict parser or time reader.

use chrono::{DateTime, NaiveDate};
use serde_json::Value;
use trailview_core::dataset::{Dataset, Origin};
use trailview_core::gen::{generate, Export, Layout};
use trailview_core::query::lang::parse;
use trailview_core::query::{filter, select, Context};
use trailview_core::review::{Mark, Marks};

fn dataset() -> (Dataset, Export) {
    let mut ds = Dataset::new();
    let export = generate(400, 3);
    ds.add_file("gen.ndjson", export.render(Layout::Ndjson).as_bytes(), Origin::Local);
    (ds, export)
}

/// The keys of the generated sessions `want` accepts, against the keys the query selects.
fn expect(ds: &Dataset, export: &Export, query: &str, want: impl Fn(&Value) -> bool) {
    assert!(parse(query).is_ok(), "{query} parses");
    let mut got: Vec<&str> =
        filter(ds, query).into_iter().map(|i| ds.sessions()[i].key.as_str()).collect();
    // The NDJSON layout also lists a session it does not export (a link stub only): it has no body.
    let stub = serde_json::json!({"key": "NotExported0000000001"});
    let all: Vec<&Value> = export.sessions.iter().chain([&stub]).collect();
    let mut expected: Vec<&str> =
        all.iter().filter(|d| want(d)).filter_map(|d| d["key"].as_str()).collect();
    got.sort();
    expected.sort();
    assert_eq!(got, expected, "{query}");
    assert!(
        !expected.is_empty() && expected.len() < all.len(),
        "{query}: a test that selects all or nothing proves little"
    );
}

fn body<'a>(d: &'a Value, path: &str) -> &'a Value {
    path.split('.').fold(&d["body"], |v, k| &v[k])
}

/// A verdict as the documentation spells it, by this test's own reading: upper case, `_` for `-`.
fn verdict(d: &Value) -> String {
    body(d, "verdict").as_str().unwrap_or_default().to_uppercase().replace('-', "_")
}

/// A start time in epoch milliseconds: UNIX seconds, or RFC 3339, as the generator writes them.
fn start_ms(d: &Value) -> Option<i64> {
    match body(d, "start_time") {
        Value::Number(n) => n.as_i64().map(|s| s * 1000),
        Value::String(t) => DateTime::parse_from_rfc3339(t).ok().map(|t| t.timestamp_millis()),
        _ => None,
    }
}

/// A session's own documents, as the generator wrote them: the session and those naming it as parent.
fn docs_of<'a>(ex: &'a Export, d: &'a Value) -> Vec<&'a Value> {
    let href = d["meta"]["href"].as_str().unwrap_or_default();
    std::iter::once(d)
        .chain(ex.related.iter().filter(|r| r["meta"]["parent"].as_str() == Some(href)))
        .collect()
}

#[test]
fn field_terms_compare_normalised_values() {
    let (ds, ex) = dataset();
    let protocol = |d: &Value| body(d, "protocol").as_str().unwrap_or_default().to_string();
    expect(&ds, &ex, "protocol:SSH", |d| protocol(d) == "SSH");
    expect(&ds, &ex, "protocol:ssh OR protocol:RDP", |d| {
        ["SSH", "RDP"].contains(&protocol(d).as_str())
    });
    expect(&ds, &ex, "NOT protocol:SSH", |d| protocol(d) != "SSH");
    expect(&ds, &ex, "verdict:auth-fail", |d| verdict(d) == "AUTH_FAIL");
    let user = |d: &Value| body(d, "user.name").as_str().unwrap_or_default().to_string();
    let name = user(&ex.sessions[0]);
    expect(&ds, &ex, &format!("user.name:{name}"), |d| user(d) == name);
    let prefix: String = name.chars().take(2).collect();
    expect(&ds, &ex, &format!("user.name:{prefix}*"), |d| user(d).starts_with(&prefix));
}

#[test]
fn ranges_and_comparisons_on_numbers_and_times() {
    let (ds, ex) = dataset();
    let score = |d: &Value| body(d, "analytics.score.aggregated").as_f64();
    expect(&ds, &ex, "analytics.score.aggregated:[70 TO 100]", |d| {
        score(d).is_some_and(|s| (70.0..=100.0).contains(&s))
    });
    expect(&ds, &ex, "score:{70 TO *}", |d| score(d).is_some_and(|s| s > 70.0));
    // The generator always states a duration.
    expect(&ds, &ex, "duration:>=600", |d| {
        body(d, "duration").as_f64().is_some_and(|s| s >= 600.0)
    });
    // A date alone is its whole day, in UTC: after it means from the next midnight on.
    let mut starts: Vec<i64> = ex.sessions.iter().filter_map(start_ms).collect();
    starts.sort();
    let mid = DateTime::from_timestamp_millis(starts[starts.len() / 2]).unwrap().date_naive();
    let day = NaiveDate::and_hms_opt(&mid, 0, 0, 0).unwrap().and_utc().timestamp_millis();
    let next_day = day + 86_400_000;
    let date = mid.format("%Y-%m-%d").to_string();
    expect(&ds, &ex, &format!("start_time:>{date}"), |d| {
        start_ms(d).is_some_and(|t| t >= next_day)
    });
    expect(&ds, &ex, &format!("start:<{date}"), |d| start_ms(d).is_some_and(|t| t < day));
}

#[test]
fn sub_resources_free_text_and_parentheses() {
    let (ds, ex) = dataset();
    let channel_types = |d: &Value| -> Vec<String> {
        docs_of(&ex, d)
            .into_iter()
            .filter(|r| r["meta"]["href"].as_str().is_some_and(|h| h.ends_with("/channels")))
            .flat_map(|r| r["items"].as_array().cloned().unwrap_or_default())
            .filter_map(|c| c["body"]["type"].as_str().map(str::to_string))
            .collect()
    };
    expect(&ds, &ex, "channel.type:\"session exec\"", |d| {
        channel_types(d).iter().any(|t| t == "session exec")
    });
    let says = |d: &Value, what: &str| {
        docs_of(&ex, d).iter().any(|r| r.to_string().to_lowercase().contains(what))
    };
    expect(&ds, &ex, "\"rm -rf\"", |d| says(d, "rm -rf"));
    let protocol = |d: &Value| body(d, "protocol").as_str().unwrap_or_default().to_string();
    expect(&ds, &ex, "(protocol:SSH OR protocol:RDP) AND -\"rm -rf\"", |d| {
        ["SSH", "RDP"].contains(&protocol(d).as_str()) && !says(d, "rm -rf")
    });
}

#[test]
fn review_marks_filter() {
    let (ds, _) = dataset();
    let mut marks = Marks::new();
    marks.insert(ds.sessions()[3].key.clone(), Mark { flagged: true, ..Mark::default() });
    marks.insert(
        ds.sessions()[7].key.clone(),
        Mark { reviewed: true, note: "ok".into(), ..Mark::default() },
    );
    assert_eq!(select(&ds, "review:flagged", &Context::new(&marks)), vec![3]);
    assert_eq!(select(&ds, "review:noted", &Context::new(&marks)), vec![7]);
    assert_eq!(
        select(&ds, "review:unreviewed", &Context::new(&marks)).len(),
        ds.sessions().len() - 1
    );
}

#[test]
fn a_syntax_error_falls_back_to_free_text() {
    let (ds, _) = dataset();
    // A broken query whose words do match: the fallback must find exactly the sessions holding both.
    assert!(parse("root OR").is_err());
    let got = filter(&ds, "root OR");
    assert_eq!(got, filter(&ds, "\"root\" \"or\""));
    assert!(
        !got.is_empty() && got.len() < ds.sessions().len(),
        "{} of {}",
        got.len(),
        ds.sessions().len()
    );
}

#[test]
fn typing_letter_by_letter_searches_the_last_result_and_finds_the_same() {
    let (ds, _) = dataset();
    let marks = Marks::new();
    for typed in ["root shell", "protocol:SSH rm -rf", "\"rm -rf\" -alice", "-protocol:RDP adm"] {
        let mut prev = String::new();
        let mut rows = select(&ds, "", &Context::new(&marks));
        let mut narrowed = 0;
        for end in typed.char_indices().map(|(i, c)| i + c.len_utf8()) {
            let q = &typed[..end];
            let full = select(&ds, q, &Context::new(&marks));
            if trailview_core::query::narrows(&prev, q) {
                rows = trailview_core::query::select_within(&ds, q, &Context::new(&marks), &rows);
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
