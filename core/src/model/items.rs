//! Rows of the sub-collections: channels, events, alerts. Each reads both spellings SPS has used
//! (5.x `psm.*` keys, flat dotted keys, `originator.address`) so the views need not know them.

use crate::enums::Verdict;
use crate::path::get_present;
use crate::present::text;
use crate::time::Timestamp;
use serde_json::Value;

fn first_text(v: &Value, paths: &[&str]) -> Option<String> {
    paths.iter().find_map(|p| get_present(v, p)).map(text)
}

/// One channel, from an item `{key, meta, body}` or a flat record.
#[derive(Debug, Clone, PartialEq)]
pub struct ChannelRow<'a> {
    /// Its key, when it has one.
    pub key: Option<String>,
    /// The channel's own fields (the item's `body`, or the item itself).
    pub body: &'a Value,
    /// Its type (`session-shell`, `exec` …).
    pub kind: String,
    /// Its verdict.
    pub verdict: Option<Verdict>,
    /// When it opened.
    pub start: Option<Timestamp>,
    /// When it closed.
    pub end: Option<Timestamp>,
}

impl<'a> ChannelRow<'a> {
    /// The row of an item.
    pub fn from_item(item: &'a Value) -> ChannelRow<'a> {
        let body = item.get("body").filter(|b| b.is_object()).unwrap_or(item);
        let time = |p: &str| get_present(body, p).and_then(|v| Timestamp::from_value(v).ok());
        ChannelRow {
            key: first_text(item, &["key"]).or_else(|| first_text(body, &["key", "channel_id"])),
            body,
            kind: first_text(body, &["type"]).unwrap_or_default(),
            verdict: get_present(body, "verdict").map(|v| Verdict::parse(&text(v))),
            start: time("start_time"),
            end: time("end_time"),
        }
    }

    /// The source of forwarded traffic: `name (ip):port`, from nested, dotted or `address` spellings.
    pub fn originator(&self) -> Option<String> {
        forward_end(self.body, "originator")
    }

    /// Where it connected to, when it says (`host:port`).
    pub fn connected(&self) -> Option<String> {
        forward_end(self.body, "connected")
    }
}

fn forward_end(body: &Value, side: &str) -> Option<String> {
    let part = |k: &str| first_text(body, &[&format!("{side}.{k}")]);
    let host = match (part("name"), part("ip").or_else(|| part("address"))) {
        (Some(n), Some(ip)) if n != ip => format!("{n} ({ip})"),
        (Some(n), _) => n,
        (None, Some(ip)) => ip,
        (None, None) => return part("port").map(|p| format!(":{p}")),
    };
    Some(match part("port") {
        Some(p) => format!("{host}:{p}"),
        None => host,
    })
}

/// One extracted event, 5.x or 6.x+.
#[derive(Debug, Clone, PartialEq)]
pub struct EventRow {
    /// When it happened.
    pub time: Option<Timestamp>,
    /// The time as written.
    pub time_raw: Option<String>,
    /// The channel it happened in.
    pub channel: Option<String>,
    /// Its type.
    pub kind: Option<String>,
    /// What was done.
    pub action: Option<String>,
    /// What it carried (a command, a title …).
    pub content: Option<String>,
    /// Its place in the recording.
    pub record_id: Option<String>,
}

/// Event members Trailview decodes; any other member is shown generically.
pub const EVENT_KEYS: [&str; 11] = [
    "time",
    "psm.events.time",
    "channels_id",
    "psm.channels.id",
    "type",
    "psm.events.type",
    "action",
    "content",
    "psm.events.content",
    "record_id",
    "psm.events.record_id",
];

impl EventRow {
    /// The row of an item.
    pub fn from_item(item: &Value) -> EventRow {
        let time_v = get_present(item, "time").or_else(|| get_present(item, "psm.events.time"));
        EventRow {
            time: time_v.and_then(|v| Timestamp::from_value(v).ok()),
            time_raw: time_v.map(text),
            channel: first_text(item, &["channels_id", "psm.channels.id", "channel_id"]),
            kind: first_text(item, &["type", "psm.events.type"]),
            action: first_text(item, &["action"]),
            content: first_text(item, &["content", "psm.events.content"]),
            record_id: first_text(item, &["record_id", "psm.events.record_id"]),
        }
    }
}

/// One content-policy alert.
#[derive(Debug, Clone, PartialEq)]
pub struct AlertRow {
    /// When it happened.
    pub time: Option<Timestamp>,
    /// The time as written.
    pub time_raw: Option<String>,
    /// Its type.
    pub alert_type: Option<String>,
    /// The channel it happened in.
    pub channel: Option<String>,
    /// What the matched action was.
    pub matched_action: Option<String>,
    /// The content that matched.
    pub matched_content: Option<String>,
    /// The expression it matched.
    pub matched_regexp: Option<String>,
    /// Its place in the recording.
    pub record_id: Option<String>,
    /// The content policy's rule.
    pub rule_name: Option<String>,
}

/// Alert members Trailview decodes.
pub const ALERT_KEYS: [&str; 8] = [
    "time",
    "alert_type",
    "channel_id",
    "matched_action",
    "matched_content",
    "matched_regexp",
    "record_id",
    "rule_name",
];

impl AlertRow {
    /// The row of an item.
    pub fn from_item(item: &Value) -> AlertRow {
        let time_v = get_present(item, "time");
        let t = |k: &str| first_text(item, &[k]);
        AlertRow {
            time: time_v.and_then(|v| Timestamp::from_value(v).ok()),
            time_raw: time_v.map(text),
            alert_type: t("alert_type"),
            channel: t("channel_id"),
            matched_action: t("matched_action"),
            matched_content: t("matched_content"),
            matched_regexp: t("matched_regexp"),
            record_id: t("record_id"),
            rule_name: t("rule_name"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn forward_ends_in_every_spelling() {
        let nested = json!({"body": {"type": "local forward", "originator": {"ip": "127.0.0.1", "name": "localhost", "port": 51001}}});
        assert_eq!(
            ChannelRow::from_item(&nested).originator().as_deref(),
            Some("localhost (127.0.0.1):51001")
        );
        let dotted = json!({"type": "remote forward", "connected.address": "10.1.2.3", "connected.port": 5432});
        assert_eq!(ChannelRow::from_item(&dotted).connected().as_deref(), Some("10.1.2.3:5432"));
        assert_eq!(ChannelRow::from_item(&dotted).originator(), None);
    }

    #[test]
    fn events_of_both_generations() {
        let old = json!({"psm.channels.id": "0", "psm.events.content": "ops@web01:~$ df -h", "psm.events.record_id": 31,
                         "psm.events.time": "2017-06-01T10:02:11.204", "psm.events.type": "adp.event.command"});
        let new = json!({"action": "df -h", "channels_id": "0", "content": "ops@web01:~$ df -h", "record_id": 31,
                         "time": "2021-06-01T10:02:11.204", "type": "command"});
        let (o, n) = (EventRow::from_item(&old), EventRow::from_item(&new));
        assert_eq!(o.content, n.content);
        assert_eq!(o.record_id.as_deref(), Some("31"));
        assert_eq!(o.kind.as_deref(), Some("adp.event.command"));
        assert_eq!(n.action.as_deref(), Some("df -h"));
        assert!(o.time.unwrap().is_naive());
    }
}
