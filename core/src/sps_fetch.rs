//! Beyond one tab: the SPS REST calls that produce, server-side, the export a Trailview query
//! selects. The query is translated to the SPS search language (the short names expanded to the
//! document's field paths, ranges and comparisons kept), and wrapped in the snapshot ("advanced
//! search") chain of the spec: `POST /api/authentication`, `GET …/_snapshot`, then
//! `GET /api/audit/sessions?snapshot=…&fields=*&sort=-start_time&q=…` following `meta.next` until it
//! is null. Trailview itself sends nothing: it writes the URL and a script the auditor runs.

use crate::percent::encode;
use crate::query::lang::{self, Expr, Op, Value as Q};

/// A query as SPS takes it, and what of it SPS cannot be asked (those terms are left out, so the
/// export holds more than the query selects: Trailview narrows it again once loaded).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Translation {
    /// The `q` parameter; `None` when nothing of the query can go to SPS.
    pub q: Option<String>,
    /// The terms SPS cannot be asked, left out of the translation.
    pub left_out: Vec<String>,
}

/// Short names and the SPS fields they stand for (several are searched with OR).
const FIELDS: &[(&str, &[&str])] = &[
    ("key", &["key"]),
    ("protocol", &["protocol"]),
    ("verdict", &["verdict"]),
    ("user", &["user.name", "user.server_username"]),
    ("client", &["client.ip", "client.name"]),
    ("server", &["server.ip", "server.name"]),
    ("policy", &["recording.connection_policy"]),
    ("origin", &["origin"]),
    ("tag", &["analytics.tags"]),
    ("tags", &["analytics.tags"]),
    ("score", &["analytics.score.aggregated"]),
    ("start", &["start_time"]),
    ("end", &["end_time"]),
    ("active", &["active"]),
    ("duration", &["duration"]),
    ("scripted", &["analytics.scripted"]),
];

/// Short names only Trailview knows: what it found, marked or counted after loading.
const LOCAL: &[&str] = &[
    "review", "insight", "insights", "hour", "weekday", "day", "at", "channels", "alerts",
    "warnings",
];

/// Translates a Trailview query for SPS.
pub fn translate(query: &str) -> Result<Translation, lang::SyntaxError> {
    let expr = lang::parse(query)?;
    let mut left_out = Vec::new();
    let q = to_sps(&expr, &mut left_out);
    Ok(Translation { q, left_out })
}

fn to_sps(e: &Expr, left_out: &mut Vec<String>) -> Option<String> {
    match e {
        Expr::All => None,
        Expr::Not(x) => {
            // NOT of something only partly asked would exclude sessions the query keeps.
            let mut local = Vec::new();
            let inner = to_sps(x, &mut local);
            let partial = !local.is_empty();
            left_out.extend(local);
            match inner {
                Some(s) if !partial => Some(format!("NOT {s}")),
                _ => None,
            }
        }
        Expr::And(xs) => join(xs, "AND", left_out, false),
        Expr::Or(xs) => join(xs, "OR", left_out, true),
        Expr::Term { field: None, value } => {
            left_out.push(format!(
                "{} (free text: searched in Trailview after loading)",
                value_text(value)
            ));
            None
        }
        Expr::Term { field: Some(f), value } => {
            let lower = f.to_ascii_lowercase();
            let fields: Vec<String> = match FIELDS.iter().find(|(short, _)| *short == lower) {
                Some((_, long)) => long.iter().map(|s| s.to_string()).collect(),
                None if LOCAL.contains(&lower.as_str()) || is_item_path(&lower) => {
                    left_out.push(format!("{f}:{} (Trailview's own)", value_text(value)));
                    return None;
                }
                // A path into the document: SPS names it the same, without `body.`.
                None => vec![f.strip_prefix("body.").unwrap_or(f).to_string()],
            };
            let v = value_text(value);
            let terms: Vec<String> = fields.iter().map(|f| format!("{f}:{v}")).collect();
            Some(if terms.len() == 1 {
                terms.concat()
            } else {
                format!("({})", terms.join(" OR "))
            })
        }
    }
}

/// Fields of channels, events and alerts are not fields of the session list.
fn is_item_path(f: &str) -> bool {
    ["channel.", "channels.", "event.", "events.", "alert.", "alerts."]
        .iter()
        .any(|p| f.starts_with(p))
}

/// Joins the parts SPS can take. A term left out of an OR would narrow the export to the other
/// alternatives and lose sessions the query wants, so the whole OR goes.
fn join(xs: &[Expr], op: &str, left_out: &mut Vec<String>, all_or_nothing: bool) -> Option<String> {
    let mut local = Vec::new();
    let parts: Vec<Option<String>> = xs.iter().map(|x| to_sps(x, &mut local)).collect();
    if all_or_nothing && parts.iter().any(Option::is_none) {
        left_out.extend(local);
        left_out.push(
            "an OR with a term SPS cannot take (the export holds every session for it)".into(),
        );
        return None;
    }
    left_out.extend(local);
    let parts: Vec<String> = parts.into_iter().flatten().collect();
    match parts.len() {
        0 => None,
        1 => parts.into_iter().next(),
        _ => Some(format!("({})", parts.join(&format!(" {op} ")))),
    }
}

/// A value as SPS's Lucene-like syntax writes it: phrases quoted, ranges kept, comparisons as
/// half-open ranges.
fn value_text(v: &Q) -> String {
    let end = |e: &Option<String>| e.as_deref().map_or("*".to_string(), quote_if_needed);
    match v {
        Q::Word { text, .. } => quote_if_needed(text),
        Q::Phrase(text) => format!("\"{}\"", text.replace('"', "\\\"")),
        Q::Range { lo, hi, lo_inclusive, hi_inclusive } => {
            format!(
                "{}{} TO {}{}",
                if *lo_inclusive { '[' } else { '{' },
                end(lo),
                end(hi),
                if *hi_inclusive { ']' } else { '}' }
            )
        }
        Q::Compare { op, value } => {
            let v = quote_if_needed(value);
            match op {
                Op::Gt => format!("{{{v} TO *]"),
                Op::Ge => format!("[{v} TO *]"),
                Op::Lt => format!("[* TO {v}}}"),
                Op::Le => format!("[* TO {v}]"),
            }
        }
    }
}

/// Words with characters the search syntax reads (spaces, colons, brackets) are quoted.
fn quote_if_needed(s: &str) -> String {
    if s.chars().any(|c| c.is_whitespace() || "():[]{}\"\\".contains(c)) {
        format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\""))
    } else {
        s.to_string()
    }
}

/// The list request that starts the chain (after `_snapshot` gives `<snapshot>`), relative to the SPS address.
pub fn list_path(q: Option<&str>) -> String {
    let mut path = "/api/audit/sessions?snapshot=<snapshot>&fields=*&sort=-start_time".to_string();
    if let Some(q) = q {
        path.push_str("&q=");
        path.push_str(&encode(q));
    }
    path
}

/// A shell script (bash, curl and jq) that logs in, takes a snapshot, follows `meta.next` and writes
/// every session as one line of NDJSON on standard output.
pub fn script(t: &Translation, query: &str) -> String {
    let q = t.q.as_deref().map(encode).unwrap_or_default();
    let mut notes = String::new();
    for l in &t.left_out {
        notes.push_str(&format!("#   left to Trailview: {}\n", l.replace('\n', " ")));
    }
    format!(
        r##"#!/usr/bin/env bash
# Writes, as NDJSON that Trailview opens, the SPS sessions of the Trailview query:
#   {query}
# translated for SPS as: {sps}
{notes}# Run:  SPS=https://sps.example.com SPS_USER=auditor bash fetch-sessions.sh > sessions.ndjson
# Needs curl and jq. It asks for the password; nothing else is stored.
set -euo pipefail
: "${{SPS:?set SPS to your SPS address, e.g. https://sps.example.com}}"
: "${{SPS_USER:?set SPS_USER to your SPS user name}}"
read -rsp "SPS password for $SPS_USER: " SPS_PASSWORD; echo >&2
jar=$(mktemp); trap 'rm -f "$jar"' EXIT
# The REST login: its session_id cookie authorises the calls that follow.
curl -fsS -X POST -c "$jar" -u "$SPS_USER:$SPS_PASSWORD" "$SPS/api/authentication" >/dev/null
# A snapshot keeps the result stable while it is paged (basic search stops at 10,000 sessions).
snapshot=$(curl -fsS -b "$jar" "$SPS/api/audit/sessions/_snapshot" | jq -r '.body.snapshot')
next="/api/audit/sessions?snapshot=$snapshot&fields=*&sort=-start_time{qparam}"
pages=0
while [ -n "$next" ] && [ "$next" != "null" ]; do
  page=$(curl -fsS -b "$jar" "$SPS$next")
  items=$(printf '%s' "$page" | jq -c '.items[]')
  [ -z "$items" ] && break
  printf '%s\n' "$items"
  next=$(printf '%s' "$page" | jq -r '.meta.next // empty')
  pages=$((pages + 1)); echo "page $pages" >&2
done
"##,
        query = query.replace('\n', " "),
        sps = t.q.as_deref().unwrap_or("(every session)"),
        notes = notes,
        qparam = if q.is_empty() { String::new() } else { format!("&q={q}") },
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn q(query: &str) -> Translation {
        translate(query).unwrap()
    }

    #[test]
    fn short_names_expand_and_ranges_stay() {
        assert_eq!(
            q("protocol:SSH score:[70 TO 100]").q.as_deref(),
            Some("(protocol:SSH AND analytics.score.aggregated:[70 TO 100])")
        );
        assert_eq!(
            q("user:root").q.as_deref(),
            Some("(user.name:root OR user.server_username:root)")
        );
        assert_eq!(q("start:>=2024-03-01").q.as_deref(), Some("start_time:[2024-03-01 TO *]"));
        assert_eq!(
            q("body.recording.verdict:ACCEPT").q.as_deref(),
            Some("recording.verdict:ACCEPT")
        );
        assert_eq!(
            q("policy:\"Admin RDP\" NOT verdict:ACCEPT").q.as_deref(),
            Some("(recording.connection_policy:\"Admin RDP\" AND NOT verdict:ACCEPT)")
        );
        assert_eq!(q("").q, None);
    }

    #[test]
    fn what_only_trailview_knows_is_left_out_and_said() {
        let t = q("protocol:RDP insight:off-hours root");
        assert_eq!(t.q.as_deref(), Some("protocol:RDP"));
        assert_eq!(t.left_out.len(), 2, "{:?}", t.left_out);
        // An OR that SPS can only half answer is left out whole: the export must not lose sessions.
        let t = q("protocol:SSH OR review:flagged");
        assert_eq!(t.q, None);
        assert!(t.left_out.iter().any(|l| l.contains("OR")));
        assert!(translate("protocol:(SSH").is_err());
        assert_eq!(
            q("NOT (protocol:SSH review:flagged)").q,
            None,
            "NOT of a partly asked AND would lose sessions"
        );
    }

    #[test]
    fn the_script_follows_the_snapshot_chain_with_the_query() {
        let t = q("user:root");
        let s = script(&t, "user:root");
        assert!(s.contains("/api/audit/sessions/_snapshot"));
        assert!(s.contains("&q=%28user.name%3Aroot%20OR%20user.server_username%3Aroot%29"));
        assert!(s.contains(".meta.next"));
        assert_eq!(
            list_path(t.q.as_deref()),
            "/api/audit/sessions?snapshot=<snapshot>&fields=*&sort=-start_time&q=%28user.name%3Aroot%20OR%20user.server_username%3Aroot%29"
        );
    }
}
