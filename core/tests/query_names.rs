//! The query language's short names and time rules over five hand-written sessions, each expectation
//! a literal list of keys (no expectation is computed by the code under test).

use trailview_core::dataset::{Dataset, Origin};
use trailview_core::query::filter;

const EXPORT: &str = r#"{"key": "ssh-alice", "body": {"protocol": "SSH", "verdict": "ACCEPT", "start_time": "2024-03-01T10:00:00Z", "end_time": "2024-03-01T11:00:00Z", "duration": 3600, "active": false, "user": {"name": "alice"}, "analytics": {"scripted": true}, "channels": {"href": "/api/audit/sessions/ssh-alice/channels"}, "events": {"href": "/api/audit/sessions/ssh-alice/events"}, "alerts": {"href": "/api/audit/sessions/ssh-alice/alerts"}}, "meta": {"href": "/api/audit/sessions/ssh-alice"}}
{"key": "rdp-bob", "body": {"protocol": "RDP", "verdict": "accept-terminated", "start_time": "2024-03-01T10:30:00", "end_time": "2024-03-01T10:45:00", "duration": 900, "active": false, "user": {"name": "bob"}, "analytics": {"scripted": false}}, "meta": {"href": "/api/audit/sessions/rdp-bob"}}
{"key": "ssh-carol", "body": {"protocol": "SSH", "verdict": "AUTH_FAIL", "start_time": "2024-03-01T12:00:00+02:00", "end_time": "2024-03-01T12:00:05+02:00", "duration": 5, "active": false, "user": {"name": "carol"}}, "meta": {"href": "/api/audit/sessions/ssh-carol"}}
{"key": "active-end", "body": {"protocol": "SSH", "verdict": "ACCEPT", "start_time": "2024-03-01T09:00:00Z", "end_time": "2024-03-01T10:00:00Z", "duration": 3600, "active": true, "user": {"name": "dave"}}, "meta": {"href": "/api/audit/sessions/active-end"}}
{"key": "still-open", "body": {"protocol": "SSH", "verdict": "ACCEPT", "start_time": "2024-03-01T08:00:00Z", "end_time": null, "active": true, "user": {"name": "erin"}}, "meta": {"href": "/api/audit/sessions/still-open"}}
{"items": [{"key": "1", "meta": {"href": "/api/audit/sessions/ssh-alice/channels/1"}, "body": {"channel_id": 1, "type": "session shell"}}, {"key": "2", "meta": {"href": "/api/audit/sessions/ssh-alice/channels/2"}, "body": {"channel_id": 2, "type": "session exec", "command": "uptime"}}], "meta": {"href": "/api/audit/sessions/ssh-alice/channels", "parent": "/api/audit/sessions/ssh-alice"}}
{"items": [{"action": "sudo su", "channels_id": "0", "content": "$ sudo su", "record_id": 10, "time": "2024-03-01T10:05:00", "type": "command"}], "meta": {"href": "/api/audit/sessions/ssh-alice/events", "parent": "/api/audit/sessions/ssh-alice"}}
{"items": [{"alert_type": "adp.event.command", "channel_id": "0", "matched_action": "sudo su", "matched_regexp": "sudo", "record_id": 10, "rule_name": "SudoRule", "time": "2024-03-01T10:05:00"}], "meta": {"href": "/api/audit/sessions/ssh-alice/alerts", "parent": "/api/audit/sessions/ssh-alice"}}
"#;

fn dataset() -> Dataset {
    let mut ds = Dataset::new();
    let report = ds.add_file("hand.ndjson", EXPORT.as_bytes(), Origin::Local);
    assert!(report.errors.is_empty(), "{:?}", report.errors);
    assert_eq!(ds.sessions().len(), 5);
    ds
}

fn keys(ds: &Dataset, query: &str) -> Vec<String> {
    let mut k: Vec<String> =
        filter(ds, query).into_iter().map(|i| ds.sessions()[i].key.clone()).collect();
    k.sort();
    k
}

fn check(ds: &Dataset, query: &str, want: &[&str]) {
    let mut want: Vec<String> = want.iter().map(|s| s.to_string()).collect();
    want.sort();
    assert_eq!(keys(ds, query), want, "{query}");
}

#[test]
fn at_is_start_inclusive_end_exclusive_and_open_while_active() {
    let ds = dataset();
    // ssh-carol starts at 10:00Z written as 12:00+02:00; active-end ends at exactly 10:00; still-open has no end.
    check(&ds, "at:2024-03-01T10:00:00Z", &["ssh-alice", "ssh-carol", "still-open"]);
    check(&ds, "at:2024-03-01T10:00:05Z", &["ssh-alice", "still-open"]);
    check(&ds, "at:2024-03-01T09:59:59Z", &["active-end", "still-open"]);
    check(&ds, "at:2024-03-01T07:59:59Z", &[]);
}

#[test]
fn query_times_without_a_zone_are_utc_whatever_the_machine_zone() {
    // Were a zone-less time read in the machine's zone, nine hours would move every answer below.
    // The other tests of this binary use explicit zones only, so setting TZ here changes nothing else.
    std::env::set_var("TZ", "Asia/Tokyo");
    let ds = dataset();
    check(&ds, "at:2024-03-01T10:30:00", &["rdp-bob", "ssh-alice", "still-open"]);
    check(&ds, "start:[2024-03-01T10:00:00 TO 2024-03-01T10:00:00]", &["ssh-alice", "ssh-carol"]);
    // A zone-less document time (rdp-bob's) is UTC too.
    check(&ds, "start:>=2024-03-01T10:30:00Z", &["rdp-bob"]);
}

#[test]
fn short_names() {
    let ds = dataset();
    check(&ds, "end:<2024-03-01T10:50:00Z", &["active-end", "rdp-bob", "ssh-carol"]);
    check(&ds, "active:true", &["active-end", "still-open"]);
    check(&ds, "active:false", &["rdp-bob", "ssh-alice", "ssh-carol"]);
    check(&ds, "scripted:true", &["ssh-alice"]);
    check(&ds, "channels:2", &["ssh-alice"]);
    check(&ds, "channels:0", &["active-end", "rdp-bob", "ssh-carol", "still-open"]);
    check(&ds, "alerts:>=1", &["ssh-alice"]);
    check(&ds, "warnings:>=1", &["active-end"]);
    check(&ds, "key:ssh-*", &["ssh-alice", "ssh-carol"]);
    check(&ds, "event.type:command", &["ssh-alice"]);
    check(&ds, "event.action:\"sudo su\"", &["ssh-alice"]);
    check(&ds, "alert.rule_name:SudoRule", &["ssh-alice"]);
    check(&ds, "channel.command:uptime", &["ssh-alice"]);
    check(&ds, "verdict:terminated", &["rdp-bob"]);
    check(&ds, "verdict:accept", &["active-end", "ssh-alice", "still-open"]);
    check(&ds, "user:carol OR user:erin", &["ssh-carol", "still-open"]);
}

#[test]
fn an_active_session_with_an_end_time_is_flagged_where_it_ends() {
    let ds = dataset();
    let s = ds.session("active-end").expect("loaded");
    let issue = s
        .issues
        .iter()
        .find(|i| i.message == "the session is marked active but has an end time")
        .expect("flagged");
    let p = issue.position.expect("placed");
    assert_eq!(p.line, 4);
    let line = EXPORT.lines().nth(3).expect("line 4");
    let col = line
        .find("\"end_time\": \"2024")
        .map(|i| line[..i + "\"end_time\": ".len()].chars().count() + 1);
    assert_eq!(Some(p.column), col, "at the end time's value");
    assert!(ds
        .session("still-open")
        .expect("loaded")
        .issues
        .iter()
        .all(|i| !i.message.contains("marked active")));
}
