//! The audit questions against an export where the answers are planted: a working week of ordinary
//! sessions (the same users on the same servers from the same clients, every weekday, in working
//! hours) and, among them, the night work, bursts, first contacts, overlaps and the rest that each
//! question must find. The expected answers are the planted keys, known by construction; the sweeps
//! (bursts, overlaps) are also checked against brute force over a generated export.

use serde_json::{json, Value};
use std::collections::BTreeSet;
use trailview_core::dataset::{Dataset, Origin};
use trailview_core::insights::{self, Answers, Settings, Zone, INSIGHTS};
use trailview_core::query::{select, Context};
use trailview_core::review::Marks;

struct S {
    key: &'static str,
    user: &'static str,
    server_user: &'static str,
    client: &'static str,
    server: &'static str,
    start: String,
    end: Option<String>,
    verdict: &'static str,
}

fn doc(s: &S, extra: Value) -> Value {
    let mut body = json!({
        "user": {"name": s.user, "server_username": s.server_user},
        "client": {"ip": s.client, "port": 50000},
        "server": {"ip": s.server, "name": s.server, "port": 22},
        "protocol": "SSH",
        "verdict": s.verdict,
        "start_time": s.start,
        "active": false,
    });
    if let Some(end) = &s.end {
        body["end_time"] = json!(end);
    }
    if let (Value::Object(b), Value::Object(x)) = (&mut body, extra) {
        b.extend(x);
    }
    json!({"key": s.key, "body": body, "meta": {"href": format!("/api/audit/sessions/{}", s.key)}})
}

/// 2024-03-04 is a Monday.
fn at(day: u32, hour: u32, min: u32) -> String {
    format!("2024-03-{:02}T{hour:02}:{min:02}:00Z", day)
}

fn planted() -> (Dataset, Vec<(&'static str, Vec<&'static str>)>) {
    let mut docs: Vec<Value> = Vec::new();
    let users = [
        ("ann", "10.0.0.1", "srv-a"),
        ("bob", "10.0.0.2", "srv-b"),
        ("cat", "10.0.0.3", "srv-c"),
        ("dan", "10.0.0.4", "srv-d"),
    ];
    // Monday 4th to Friday 8th, two ordinary sessions a day each.
    for day in 4..=8 {
        for (n, (user, client, server)) in users.iter().enumerate() {
            for (k, hour) in [9, 14].iter().enumerate() {
                let key: &'static str = Box::leak(format!("ok-{user}-{day}-{k}").into_boxed_str());
                let s = S {
                    key,
                    user,
                    server_user: "svc",
                    client,
                    server,
                    start: at(day, *hour, n as u32),
                    end: Some(at(day, hour + 1, n as u32)),
                    verdict: "ACCEPT",
                };
                docs.push(doc(&s, json!({"duration": 3600})));
            }
        }
    }
    let mut plant = |key: &'static str,
                     user,
                     server_user,
                     client,
                     server,
                     start: String,
                     end: Option<String>,
                     verdict,
                     extra: Value| {
        docs.push(doc(&S { key, user, server_user, client, server, start, end, verdict }, extra));
    };
    // Night, weekend, and past the end of the day.
    plant(
        "night",
        "ann",
        "svc",
        "10.0.0.1",
        "srv-a",
        at(6, 2, 0),
        Some(at(6, 2, 30)),
        "ACCEPT",
        json!({}),
    );
    plant(
        "weekend",
        "bob",
        "svc",
        "10.0.0.2",
        "srv-b",
        at(9, 10, 0),
        Some(at(9, 11, 0)),
        "ACCEPT",
        json!({}),
    );
    plant(
        "late",
        "cat",
        "svc",
        "10.0.0.3",
        "srv-c",
        at(7, 17, 30),
        Some(at(7, 18, 30)),
        "ACCEPT",
        json!({}),
    );
    // Six failures of one user in five minutes, then in: a burst followed by a success.
    let burst: [&'static str; 6] = ["mal-1", "mal-2", "mal-3", "mal-4", "mal-5", "mal-6"];
    for (k, key) in burst.iter().enumerate() {
        plant(
            key,
            "mallory",
            "svc",
            "10.6.6.6",
            "srv-a",
            at(5, 11, k as u32),
            None,
            "AUTH_FAIL",
            json!({}),
        );
    }
    plant(
        "mal-in",
        "mallory",
        "svc",
        "10.6.6.6",
        "srv-a",
        at(5, 11, 8),
        Some(at(5, 11, 9)),
        "ACCEPT",
        json!({}),
    );
    // Five failures from one client (different users) within nine minutes, and no success.
    let spray: [&'static str; 5] = ["spray-1", "spray-2", "spray-3", "spray-4", "spray-5"];
    let sprayed = ["u1", "u2", "u3", "u4", "u5"];
    for (k, key) in spray.iter().enumerate() {
        plant(
            key,
            sprayed[k],
            "svc",
            "10.9.9.9",
            "srv-b",
            at(6, 10, 2 * k as u32),
            None,
            "GW_AUTH_FAIL",
            json!({}),
        );
    }
    // Four failures spread over hours: no burst.
    for (k, key) in ["eve-1", "eve-2", "eve-3", "eve-4"].iter().enumerate() {
        plant(
            key,
            "eve",
            "svc",
            "10.7.7.7",
            "srv-c",
            at(6, 9 + k as u32, 0),
            None,
            "AUTH_FAIL",
            json!({}),
        );
    }
    // Ann, who always works on srv-a from 10.0.0.1: once on srv-z, once from 10.0.0.99.
    plant(
        "ann-z",
        "ann",
        "svc",
        "10.0.0.1",
        "srv-z",
        at(7, 10, 0),
        Some(at(7, 10, 30)),
        "ACCEPT",
        json!({}),
    );
    plant(
        "ann-99",
        "ann",
        "svc",
        "10.0.0.99",
        "srv-a",
        at(8, 10, 0),
        Some(at(8, 10, 30)),
        "ACCEPT",
        json!({}),
    );
    // Privileged accounts (a list in 7.x; any case).
    plant(
        "root",
        "dan",
        "root",
        "10.0.0.4",
        "srv-d",
        at(5, 15, 0),
        Some(at(5, 15, 10)),
        "ACCEPT",
        json!({}),
    );
    plant(
        "admin",
        "dan",
        "svc",
        "10.0.0.4",
        "srv-d",
        at(5, 16, 0),
        Some(at(5, 16, 10)),
        "ACCEPT",
        json!({"user": {"name": "dan", "server_username": ["svc", "ADMINISTRATOR"]}}),
    );
    // Policy pushing back.
    plant(
        "terminated",
        "cat",
        "svc",
        "10.0.0.3",
        "srv-c",
        at(6, 15, 0),
        Some(at(6, 15, 5)),
        "TERMINATED",
        json!({}),
    );
    plant(
        "rejected",
        "cat",
        "svc",
        "10.0.0.3",
        "srv-c",
        at(6, 15, 10),
        None,
        "FOUR_EYES_REJECT",
        json!({}),
    );
    // Ten hours (it also runs past working hours), and one still open.
    plant(
        "marathon",
        "dan",
        "svc",
        "10.0.0.4",
        "srv-d",
        at(4, 8, 0),
        Some(at(4, 18, 0)),
        "ACCEPT",
        json!({"duration": 36000}),
    );
    plant(
        "open",
        "bob",
        "svc",
        "10.0.0.2",
        "srv-b",
        at(8, 16, 0),
        None,
        "ACCEPT",
        json!({"active": true}),
    );
    // Bob in two places: 10:00–11:00 from his own client, 10:30–10:45 from another.
    plant(
        "bob-here",
        "bob",
        "svc",
        "10.0.0.2",
        "srv-b",
        at(5, 10, 0),
        Some(at(5, 11, 0)),
        "ACCEPT",
        json!({}),
    );
    plant(
        "bob-there",
        "bob",
        "svc",
        "10.0.0.88",
        "srv-b",
        at(5, 10, 30),
        Some(at(5, 10, 45)),
        "ACCEPT",
        json!({}),
    );
    // Machine-like.
    plant(
        "scripted",
        "ann",
        "svc",
        "10.0.0.1",
        "srv-a",
        at(5, 9, 30),
        Some(at(5, 9, 40)),
        "ACCEPT",
        json!({"analytics": {"scripted": true}}),
    );
    plant(
        "risky",
        "ann",
        "svc",
        "10.0.0.1",
        "srv-a",
        at(5, 13, 0),
        Some(at(5, 13, 10)),
        "ACCEPT",
        json!({"analytics": {"score": {"aggregated": 85}}}),
    );
    // Files and a tunnel (inline channels), and a refused channel inside an accepted session.
    plant(
        "scp",
        "ann",
        "svc",
        "10.0.0.1",
        "srv-a",
        at(5, 10, 0),
        Some(at(5, 10, 5)),
        "ACCEPT",
        json!({"channels": [
        {"type": "session exec scp", "verdict": "ACCEPT", "scp_path": "/etc/passwd"}]}),
    );
    plant(
        "tunnel",
        "bob",
        "svc",
        "10.0.0.2",
        "srv-b",
        at(6, 11, 0),
        Some(at(6, 11, 5)),
        "ACCEPT",
        json!({"channels": [
        {"type": "local forward", "verdict": "ACCEPT", "connected.address": "10.9.0.1", "connected.port": 5432}]}),
    );
    plant(
        "refused",
        "cat",
        "svc",
        "10.0.0.3",
        "srv-c",
        at(7, 11, 0),
        Some(at(7, 11, 5)),
        "ACCEPT",
        json!({"channels": [
        {"type": "session shell", "verdict": "ACCEPT"}, {"type": "session exec", "verdict": "DENY", "command": "reboot"}]}),
    );
    // Ends before it starts.
    plant(
        "backwards",
        "cat",
        "svc",
        "10.0.0.3",
        "srv-c",
        at(8, 11, 0),
        Some(at(8, 10, 0)),
        "ACCEPT",
        json!({}),
    );
    let text: String = docs.iter().map(|d| format!("{d}\n")).collect();
    let mut ds = Dataset::new();
    ds.add_file("planted.ndjson", text.as_bytes(), Origin::Local);
    let mut failures: Vec<&'static str> = burst.to_vec();
    failures.extend(spray);
    let mut then: Vec<&'static str> = burst.to_vec();
    then.push("mal-in");
    let expected = vec![
        // Night, weekend, late; the marathon and the failures and bursts outside hours do not count
        // (the marathon runs from 08:00 to 18:00, inside).
        ("off-hours", vec!["night", "weekend", "late"]),
        ("failed-burst", failures),
        ("burst-then-success", then),
        // srv-z once in the week; 10.0.0.99 and 10.0.0.88 once each for users with other clients;
        // eve and mallory and the sprayed users have one server each on one day, but also one
        // client only (not news) — their one-day server pairs are first contacts too.
        (
            "first-contact",
            vec![
                "ann-z",
                "ann-99",
                "bob-there",
                "mal-1",
                "mal-2",
                "mal-3",
                "mal-4",
                "mal-5",
                "mal-6",
                "mal-in",
                "spray-1",
                "spray-2",
                "spray-3",
                "spray-4",
                "spray-5",
                "eve-1",
                "eve-2",
                "eve-3",
                "eve-4",
            ],
        ),
        ("privileged", vec!["root", "admin"]),
        ("files-and-tunnels", vec!["scp", "tunnel"]),
        ("policy-friction", vec!["terminated", "rejected", "refused"]),
        ("long", vec!["marathon", "open"]),
        ("overlap", vec!["bob-here", "bob-there"]),
        ("machine-like", vec!["scripted", "risky"]),
        ("data-problems", vec!["backwards"]),
    ];
    (ds, expected)
}

fn keys(ds: &Dataset, rows: &[u32]) -> BTreeSet<String> {
    rows.iter().map(|&i| ds.sessions()[i as usize].key.clone()).collect()
}

fn settings_utc() -> Settings {
    Settings { zone: Zone::Utc, ..Settings::default() }
}

#[test]
fn each_question_finds_exactly_what_was_planted() {
    let (ds, expected) = planted();
    let answers = insights::compute(&ds, &settings_utc());
    assert_eq!(expected.len(), INSIGHTS.len(), "every question is planted for");
    for (slug, want) in expected {
        let (k, _) = insights::by_slug(slug).unwrap();
        let want: BTreeSet<String> = want.into_iter().map(String::from).collect();
        assert_eq!(keys(&ds, &answers.sessions[k]), want, "{slug}");
    }
}

#[test]
fn the_query_selects_what_the_card_counts() {
    let (ds, _) = planted();
    let answers = insights::compute(&ds, &settings_utc());
    let marks = Marks::new();
    let ctx = Context { answers: Some(&answers), zone: Zone::Utc, ..Context::new(&marks) };
    for (k, insight) in INSIGHTS.iter().enumerate() {
        let rows = select(&ds, &format!("insight:{}", insight.slug), &ctx);
        assert_eq!(
            rows.iter().map(|&i| i as u32).collect::<Vec<_>>(),
            answers.sessions[k],
            "{}",
            insight.slug
        );
    }
    // Combined with the rest of the language.
    let rows = select(&ds, "insight:off-hours user:ann", &ctx);
    assert_eq!(
        keys(&ds, &rows.iter().map(|&i| i as u32).collect::<Vec<_>>()),
        BTreeSet::from(["night".to_string()])
    );
    let cards = insights::cards(&ds, &answers, &rows);
    assert_eq!(cards[0].rows, rows, "a card counts within the current result");
    assert_eq!(cards[0].users, vec![("ann".to_string(), 1)]);
    // The files-and-tunnels card names what moved.
    let all: Vec<usize> = (0..ds.sessions().len()).collect();
    let cards = insights::cards(&ds, &answers, &all);
    let files = cards.iter().find(|c| c.insight.slug == "files-and-tunnels").unwrap();
    let what: Vec<&str> = files.what.iter().map(|(w, _)| w.as_str()).collect();
    assert_eq!(what, vec!["local forward: 10.9.0.1:5432", "session exec scp: /etc/passwd"]);
}

#[test]
fn hours_and_weekdays_read_in_the_chosen_zone() {
    let (ds, _) = planted();
    let marks = Marks::new();
    let utc = Context { zone: Zone::Utc, ..Context::new(&marks) };
    let hits = |q: &str, ctx: &Context| -> BTreeSet<String> {
        select(&ds, q, ctx).into_iter().map(|i| ds.sessions()[i].key.clone()).collect()
    };
    // Only the night session starts between 22:00 and 06:59 UTC; the weekend one on Saturday.
    assert_eq!(hits("hour:[22 TO 6]", &utc), BTreeSet::from(["night".to_string()]));
    assert_eq!(hits("weekday:sat OR weekday:sun", &utc), BTreeSet::from(["weekend".to_string()]));
    assert_eq!(hits("weekday:[sat TO sun]", &utc), hits("weekday:6 OR weekday:7", &utc));
    // Nine hours east, the night session (02:00 UTC) is at 11:00 and the 17:30 one at 02:30 next day.
    let tokyo = Context { zone: Zone::Offset(9 * 60), ..utc };
    assert!(hits("hour:11", &tokyo).contains("night"));
    assert!(hits("hour:[22 TO 6]", &tokyo).contains("late"));
}

/// A time as the generator writes one: RFC 3339, or UNIX seconds (as SPS 5.x does).
fn time(v: &Value) -> Option<i64> {
    match v {
        Value::Number(n) => n.as_f64().map(|s| (s * 1000.0) as i64),
        Value::String(t) => {
            chrono::DateTime::parse_from_rfc3339(t).ok().map(|t| t.timestamp_millis())
        }
        _ => None,
    }
}

/// Brute force, from the documents rather than the summaries: every window of `need` failures of one
/// user or one client within `minutes`.
fn brute_bursts(docs: &[Value], need: usize, minutes: i64) -> BTreeSet<String> {
    let failed = |d: &Value| {
        matches!(
            d["body"]["verdict"].as_str(),
            Some("AUTH_FAIL" | "GW_AUTH_FAIL" | "USER_MAPPING_FAIL" | "KEY_ERROR")
        )
    };
    let start = |d: &Value| time(&d["body"]["start_time"]);
    let mut out = BTreeSet::new();
    for who in [
        |d: &Value| d["body"]["user"]["name"].as_str().map(str::to_lowercase),
        |d: &Value| d["body"]["client"]["ip"].as_str().map(str::to_lowercase),
    ] {
        let fails: Vec<(&Value, i64, String)> = docs
            .iter()
            .filter(|d| failed(d))
            .filter_map(|d| Some((d, start(d)?, who(d).filter(|w| !w.is_empty())?)))
            .collect();
        for (d, t, w) in &fails {
            // d is in a burst if some window of `need` same-group failures containing it spans ≤ minutes.
            let mut times: Vec<i64> =
                fails.iter().filter(|(_, _, v)| v == w).map(|(_, u, _)| *u).collect();
            times.sort();
            let in_burst = (0..times.len().saturating_sub(need - 1)).any(|a| {
                let b = a + need - 1;
                times[b] - times[a] <= minutes * 60_000 && times[a] <= *t && *t <= times[b]
            });
            if in_burst {
                out.insert(d["key"].as_str().unwrap_or_default().to_string());
            }
        }
    }
    out
}

/// Brute force: pairs of one user's sessions that overlap, from different clients. A session still
/// active, with no end, lasts to the last instant of the export.
fn brute_overlaps(docs: &[Value]) -> BTreeSet<String> {
    let t = |d: &Value, f: &str| time(&d["body"][f]);
    let last = docs
        .iter()
        .flat_map(|d| [t(d, "start_time"), t(d, "end_time")])
        .flatten()
        .max()
        .unwrap_or(0);
    let rows: Vec<(String, String, String, i64, i64)> = docs
        .iter()
        .filter_map(|d| {
            let s = t(d, "start_time")?;
            let e = match t(d, "end_time") {
                Some(e) => e,
                None if d["body"]["active"] == json!(true) => last.max(s),
                None => return None,
            };
            let user = d["body"]["user"]["name"].as_str()?.to_lowercase();
            let client = d["body"]["client"]["ip"].as_str()?.to_lowercase();
            (e >= s && !user.is_empty() && !client.is_empty())
                .then(|| (d["key"].as_str().unwrap_or_default().to_string(), user, client, s, e))
        })
        .collect();
    let mut out = BTreeSet::new();
    for a in &rows {
        for b in &rows {
            if a.1 == b.1 && a.2 != b.2 && a.3 < b.4 && b.3 < a.4 {
                out.insert(a.0.clone());
            }
        }
    }
    out
}

#[test]
fn the_sweeps_agree_with_brute_force_on_a_generated_export() {
    let export = trailview_core::gen::generate(1500, 21);
    let docs: Vec<Value> = export.sessions.clone();
    let text: String = docs.iter().map(|d| format!("{d}\n")).collect();
    let mut ds = Dataset::new();
    ds.add_file("gen.ndjson", text.as_bytes(), Origin::Local);
    for (need, minutes) in [(2, 60), (3, 240), (5, 10)] {
        let s = Settings { burst_count: need, burst_minutes: minutes, ..settings_utc() };
        let answers: Answers = insights::compute(&ds, &s);
        let (k, _) = insights::by_slug("failed-burst").unwrap();
        assert_eq!(
            keys(&ds, &answers.sessions[k]),
            brute_bursts(&docs, need, minutes),
            "bursts of {need} in {minutes} min"
        );
    }
    let answers = insights::compute(&ds, &settings_utc());
    let (k, _) = insights::by_slug("overlap").unwrap();
    let want = brute_overlaps(&docs);
    assert!(!want.is_empty(), "the generator makes some overlaps to find");
    let got = keys(&ds, &answers.sessions[k]);
    let extra: Vec<_> = got.difference(&want).take(3).collect();
    let missing: Vec<_> = want.difference(&got).take(3).collect();
    assert!(
        extra.is_empty() && missing.is_empty(),
        "{} found, {} expected; extra {extra:?}, missing {missing:?}",
        got.len(),
        want.len()
    );
}
