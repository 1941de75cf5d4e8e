//! One session as a picture: its span, each channel as a bar, each event and alert as a mark, and the
//! stretches in which nothing was recorded. The Timeline tab draws this; the numbers (and the rule
//! for what counts as a gap) live here, where they are tested.

use crate::dataset::{Dataset, SessionEntry};
use crate::enums::Verdict;
use crate::model::{AlertRow, ChannelRow, EventRow};
use crate::path::get_present;
use crate::present::text;

/// A channel, drawn as a bar.
#[derive(Debug, Clone, PartialEq)]
pub struct Bar {
    /// Its row in the Channels tab (0-based).
    pub row: usize,
    /// The channel's type (`session-shell`, `exec` …).
    pub kind: String,
    /// Its verdict.
    pub verdict: Option<Verdict>,
    /// When it opened, in epoch milliseconds.
    pub start_ms: i64,
    /// Open channels (no end) run to the end of the picture.
    pub end_ms: Option<i64>,
    /// The command, path or target it carried, for the hover text.
    pub detail: String,
}

/// An event or an alert, drawn as a mark.
#[derive(Debug, Clone, PartialEq)]
pub struct Mark {
    /// Its row in the Events or Alerts tab (0-based).
    pub row: usize,
    /// When, in epoch milliseconds.
    pub at_ms: i64,
    /// What it says, for the hover text.
    pub label: String,
}

/// What the Timeline tab draws.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Picture {
    /// The session's own span, when it states one.
    pub session: Option<(i64, Option<i64>)>,
    /// The extent of everything drawn.
    pub from_ms: i64,
    /// The end of everything drawn.
    pub to_ms: i64,
    /// The channels.
    pub bars: Vec<Bar>,
    /// The events.
    pub events: Vec<Mark>,
    /// The alerts.
    pub alerts: Vec<Mark>,
    /// Stretches of the session in which no channel was open and nothing happened, longest first.
    pub gaps: Vec<(i64, i64)>,
    /// Items that state no time and so are not drawn.
    pub undated: usize,
    /// Items that lie wholly outside the session's stated span: not drawn, and worth a question.
    pub outside: usize,
}

impl Picture {
    /// Whether there is anything inside the session to draw.
    pub fn has_items(&self) -> bool {
        !(self.bars.is_empty() && self.events.is_empty() && self.alerts.is_empty())
    }
}

/// Channel members that say what it carried, first found wins.
const DETAIL: [&str; 6] =
    ["command", "scp_path", "subsystem_name", "device_name", "application", "dynamic_channel"];

/// The picture of session `e`.
pub fn picture(ds: &Dataset, e: &SessionEntry) -> Picture {
    let s = &e.summary;
    let session =
        s.start.as_ref().map(|t| (t.epoch_millis(), s.end.as_ref().map(|t| t.epoch_millis())));
    let mut undated = 0;
    let mut bars = Vec::new();
    for (row, item) in ds.items(&e.attached.channels).iter().enumerate() {
        let ch = ChannelRow::from_item(item);
        let Some(start) = ch.start.as_ref().map(|t| t.epoch_millis()) else {
            undated += 1;
            continue;
        };
        let forward = match (ch.originator(), ch.connected()) {
            (None, None) => None,
            (o, c) => Some(format!(
                "{} → {}",
                o.unwrap_or_else(|| "?".into()),
                c.unwrap_or_else(|| "?".into())
            )),
        };
        let detail = DETAIL
            .iter()
            .find_map(|k| get_present(ch.body, k).map(text))
            .or(forward)
            .unwrap_or_default();
        bars.push(Bar {
            row,
            kind: ch.kind,
            verdict: ch.verdict,
            start_ms: start,
            end_ms: ch.end.as_ref().map(|t| t.epoch_millis()).filter(|&e| e >= start),
            detail,
        });
    }
    let mut events = Vec::new();
    for (row, item) in ds.items(&e.attached.events).iter().enumerate() {
        let ev = EventRow::from_item(item);
        match ev.time.as_ref() {
            Some(t) => {
                let label = [ev.kind, ev.action.or(ev.content)]
                    .into_iter()
                    .flatten()
                    .collect::<Vec<_>>()
                    .join(": ");
                events.push(Mark { row, at_ms: t.epoch_millis(), label });
            }
            None => undated += 1,
        }
    }
    let mut alerts = Vec::new();
    for (row, item) in ds.items(&e.attached.alerts).iter().enumerate() {
        let a = AlertRow::from_item(item);
        match a.time.as_ref() {
            Some(t) => {
                let label = [a.rule_name.or(a.alert_type), a.matched_content]
                    .into_iter()
                    .flatten()
                    .collect::<Vec<_>>()
                    .join(": ");
                alerts.push(Mark { row, at_ms: t.epoch_millis(), label });
            }
            None => undated += 1,
        }
    }
    // A session that states its span is drawn over it; what lies wholly outside is counted instead
    // (an export that mixes documents of different sessions would otherwise shrink it to a sliver).
    let mut outside = 0;
    if let Some((a, Some(b))) = session.filter(|(a, b)| b.is_some_and(|b| b > *a)) {
        let before = bars.len() + events.len() + alerts.len();
        bars.retain(|x| x.start_ms <= b && x.end_ms.unwrap_or(x.start_ms) >= a);
        events.retain(|m| (a..=b).contains(&m.at_ms));
        alerts.retain(|m| (a..=b).contains(&m.at_ms));
        outside = before - bars.len() - events.len() - alerts.len();
    }
    let instants = session
        .iter()
        .flat_map(|&(a, b)| [Some(a), b])
        .flatten()
        .chain(bars.iter().flat_map(|b| [Some(b.start_ms), b.end_ms]).flatten())
        .chain(events.iter().chain(&alerts).map(|m| m.at_ms));
    let (from_ms, to_ms) =
        instants.fold((i64::MAX, i64::MIN), |(lo, hi), t| (lo.min(t), hi.max(t)));
    let (from_ms, to_ms) = if from_ms > to_ms { (0, 0) } else { (from_ms, to_ms) };
    let (from_ms, to_ms) = match session {
        Some((a, Some(b))) if b > a => (a, b),
        _ => (from_ms, to_ms),
    };
    let gaps = match session {
        Some((a, Some(b))) if b > a => gaps(a, b, &bars, &events, &alerts, to_ms),
        _ => vec![],
    };
    Picture { session, from_ms, to_ms, bars, events, alerts, gaps, undated, outside }
}

/// The stretches of `[a, b]` covered by no channel and holding no event or alert, of at least a
/// twentieth of the session and a minute: what an auditor asks about ("what happened in between?").
fn gaps(
    a: i64,
    b: i64,
    bars: &[Bar],
    events: &[Mark],
    alerts: &[Mark],
    to_ms: i64,
) -> Vec<(i64, i64)> {
    use crate::sort::{ordered, sort_keys, unordered, Key};
    let mut keys: Vec<Key> =
        bars.iter().map(|x| (ordered(x.start_ms), ordered(x.end_ms.unwrap_or(to_ms)), 0)).collect();
    keys.extend(events.iter().chain(alerts).map(|m| (ordered(m.at_ms), ordered(m.at_ms), 0)));
    sort_keys(&mut keys);
    let busy = keys.iter().map(|k| (unordered(k.0), unordered(k.1)));
    let least = ((b - a) / 20).max(60_000);
    let mut out = Vec::new();
    let mut at = a;
    for (s, e) in busy {
        if s.min(b) - at >= least {
            out.push((at, s.min(b)));
        }
        at = at.max(e);
    }
    if b - at >= least {
        out.push((at, b));
    }
    // Longest first (then earliest), through the same sort.
    let mut keys: Vec<Key> =
        out.iter().map(|&(s, e)| (u64::MAX - (e - s) as u64, ordered(s), ordered(e))).collect();
    sort_keys(&mut keys);
    keys.iter().map(|k| (unordered(k.1), unordered(k.2))).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dataset::Origin;

    #[test]
    fn channels_events_and_alerts_are_placed_and_the_quiet_stretches_found() {
        let session = r#"{"key": "s1", "body": {"start_time": "2024-03-01T10:00:00Z", "end_time": "2024-03-01T11:00:00Z", "protocol": "SSH",
            "channels": [
                {"type": "session-shell", "verdict": "ACCEPT", "start_time": "2024-03-01T10:00:00Z", "end_time": "2024-03-01T10:20:00Z"},
                {"type": "exec", "verdict": "DENY", "command": "cat /etc/shadow", "start_time": "2024-03-01T10:50:00Z", "end_time": "2024-03-01T10:51:00Z"},
                {"type": "sftp", "verdict": "ACCEPT"}],
            "events": [{"time": "2024-03-01T10:30:00Z", "type": "command", "action": "ls"}],
            "alerts": [{"time": "2024-03-01T10:50:30Z", "rule_name": "shadow", "matched_content": "cat /etc/shadow"},
                       {"time": "2023-01-01T00:00:00Z", "rule_name": "elsewhere"}]}}"#;
        let mut ds = Dataset::new();
        ds.add_file("s.json", session.as_bytes(), Origin::Local);
        let p = picture(&ds, ds.session("s1").unwrap());
        let ms = |hm: &str| {
            crate::time::Timestamp::parse(&format!("2024-03-01T{hm}:00Z")).unwrap().epoch_millis()
        };
        assert_eq!(p.session, Some((ms("10:00"), Some(ms("11:00")))));
        assert_eq!(
            p.bars.iter().map(|b| (b.row, b.kind.as_str())).collect::<Vec<_>>(),
            vec![(0, "session-shell"), (1, "exec")]
        );
        assert_eq!(p.bars[1].detail, "cat /etc/shadow");
        assert_eq!(p.bars[1].verdict, Some(Verdict::Deny));
        assert_eq!(p.undated, 1, "the sftp channel states no time");
        assert_eq!(
            p.events,
            vec![Mark { row: 0, at_ms: ms("10:30"), label: "command: ls".into() }]
        );
        assert_eq!(p.alerts[0].label, "shadow: cat /etc/shadow");
        assert_eq!(
            (p.alerts.len(), p.outside),
            (1, 1),
            "an alert a year before the session is counted, not drawn"
        );
        // Nothing between 10:20 and 10:30, 10:30 and 10:50, and after 10:51: longest first.
        assert_eq!(
            p.gaps,
            vec![
                (ms("10:30"), ms("10:50")),
                (ms("10:20"), ms("10:30")),
                (ms("10:51"), ms("11:00"))
            ]
        );
        assert_eq!((p.from_ms, p.to_ms), (ms("10:00"), ms("11:00")));
    }
}
