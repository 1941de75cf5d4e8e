//! The bytes a Web Worker sends back for the items it read ([`read_items`]), and their reading on the
//! page ([`decode_items`]): what [`super::read`] yields, written field by field as LEB128 numbers and
//! length-prefixed UTF-8, so it crosses as one transferred buffer (no JSON text, no structured clone
//! of thousands of small objects). Only this crate writes them; reading them checks every length and
//! gives `None` for anything malformed rather than trusting them.

use super::read::{read_all, InlineRead, Item, ItemRead, SessionRead};
use super::Issue;
use crate::anomaly::Severity;
use crate::channel_flags::ChannelFlags;
use crate::enums::Verdict;
use crate::ingest::DocKind;
use crate::locate::Position;
use crate::model::SessionSummary;
use crate::time::Timestamp;
use std::rc::Rc;

/// Reads the items whose texts lie one after another in `text`, item `k` ending at `ends[k]`, of the
/// `kind` given ([`super::read::ARRAY`], [`LIST`](super::read::LIST) or
/// [`LINES`](super::read::LINES)); what a worker answers with.
pub fn read_items(text: &[u8], ends: &[u32], kind: u8) -> Vec<u8> {
    let mut out = Writer(Vec::with_capacity(text.len() / 2));
    read_all(text, ends, kind).iter().for_each(|item| out.item(item));
    out.0
}

/// The items [`read_items`] wrote; `None` if the bytes are not what it writes.
pub fn decode_items(bytes: &[u8]) -> Option<Vec<ItemRead>> {
    let mut r = Reader { bytes, at: 0 };
    let mut out = Vec::new();
    while r.at < bytes.len() {
        out.push(r.item()?);
    }
    Some(out)
}

struct Writer(Vec<u8>);

impl Writer {
    fn num(&mut self, mut n: u64) {
        while n >= 0x80 {
            self.0.push(n as u8 | 0x80);
            n >>= 7;
        }
        self.0.push(n as u8);
    }

    fn text(&mut self, s: &str) {
        self.num(s.len() as u64);
        self.0.extend_from_slice(s.as_bytes());
    }

    fn texts(&mut self, list: &[String]) {
        self.num(list.len() as u64);
        list.iter().for_each(|s| self.text(s));
    }

    fn float(&mut self, f: Option<f64>) {
        match f {
            None => self.0.push(0),
            Some(f) => {
                self.0.push(1);
                self.0.extend_from_slice(&f.to_le_bytes());
            }
        }
    }

    fn position(&mut self, p: Option<Position>) {
        match p {
            None => self.num(0),
            Some(p) => {
                self.num(p.line as u64 + 1);
                self.num(p.column as u64);
            }
        }
    }

    fn issues(&mut self, issues: &[Issue]) {
        self.num(issues.len() as u64);
        for i in issues {
            self.0.push(match i.severity {
                Severity::Error => 0,
                Severity::Warning => 1,
                Severity::Info => 2,
            });
            self.text(&i.message);
            self.position(i.position);
        }
    }

    /// A time as it was written: read again on the page, it is the same time (see [`Reader::time`]).
    fn time(&mut self, t: &Option<Timestamp>) {
        match t {
            None => self.0.push(0),
            Some(t) => {
                self.0.push(1);
                self.text(&t.raw);
            }
        }
    }

    fn summary(&mut self, s: &SessionSummary) {
        self.time(&s.start);
        self.time(&s.end);
        self.float(s.duration);
        self.float(s.score);
        self.float(s.revision);
        self.0.push(u8::from(s.active) | u8::from(s.scripted) << 1);
        for t in s.texts() {
            self.text(t);
        }
        self.texts(&s.tags);
        self.texts(&s.server_users);
    }

    fn session(&mut self, s: &SessionRead) {
        match &s.key {
            None => self.0.push(0),
            Some(k) => {
                self.0.push(1);
                self.text(k);
            }
        }
        self.summary(&s.summary);
        self.issues(&s.issues);
        self.text(&s.text);
        self.num(s.inline.len() as u64);
        for i in &s.inline {
            self.0.push(match i.kind {
                DocKind::Channels => 0,
                DocKind::Alerts => 1,
                DocKind::Events { legacy: true } => 2,
                _ => 3,
            });
            self.num(i.range.start as u64);
            self.num(i.range.end as u64);
            self.position(Some(i.start));
            self.num(i.item_count as u64);
            self.issues(&i.issues);
            self.text(&i.text);
            self.0.push(i.channel_flags.bits());
        }
    }

    fn item(&mut self, item: &ItemRead) {
        self.issues(&item.flagged);
        match &item.what {
            Item::Session(s) => {
                self.0.push(0);
                self.session(s);
            }
            Item::Stub { key, href } => {
                self.0.push(1);
                self.text(key);
                self.text(href);
            }
            Item::Other => self.0.push(2),
        }
    }
}

struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl Reader<'_> {
    fn byte(&mut self) -> Option<u8> {
        let b = *self.bytes.get(self.at)?;
        self.at += 1;
        Some(b)
    }

    fn num(&mut self) -> Option<u64> {
        let mut n = 0u64;
        for shift in (0..64).step_by(7) {
            let b = self.byte()?;
            n |= u64::from(b & 0x7f) << shift;
            if b < 0x80 {
                return Some(n);
            }
        }
        None
    }

    fn size(&mut self) -> Option<usize> {
        usize::try_from(self.num()?).ok()
    }

    fn text(&mut self) -> Option<String> {
        let n = self.size()?;
        let bytes = self.bytes.get(self.at..self.at.checked_add(n)?)?;
        self.at += n;
        String::from_utf8(bytes.to_vec()).ok()
    }

    fn shared(&mut self) -> Option<Rc<str>> {
        self.text().map(Rc::from)
    }

    fn texts(&mut self) -> Option<Vec<String>> {
        let n = self.size()?;
        // Never more than the bytes left could hold: a bad length cannot ask for a huge allocation.
        let mut out = Vec::with_capacity(n.min(self.bytes.len() - self.at));
        for _ in 0..n {
            out.push(self.text()?);
        }
        Some(out)
    }

    fn float(&mut self) -> Option<Option<f64>> {
        match self.byte()? {
            0 => Some(None),
            _ => {
                let bytes = self.bytes.get(self.at..self.at.checked_add(8)?)?;
                self.at += 8;
                Some(Some(f64::from_le_bytes(bytes.try_into().ok()?)))
            }
        }
    }

    fn position(&mut self) -> Option<Option<Position>> {
        match self.size()? {
            0 => Some(None),
            line => Some(Some(Position { line: line - 1, column: self.size()? })),
        }
    }

    fn issues(&mut self) -> Option<Vec<Issue>> {
        let n = self.size()?;
        let mut out = Vec::with_capacity(n.min(self.bytes.len() - self.at));
        for _ in 0..n {
            let severity = match self.byte()? {
                0 => Severity::Error,
                1 => Severity::Warning,
                _ => Severity::Info,
            };
            let message = self.text()?;
            out.push(Issue { severity, message, file: Rc::from(""), position: self.position()? });
        }
        Some(out)
    }

    /// A number's text and a string's read the same way (see [`Timestamp::from_value`]).
    fn time(&mut self) -> Option<Option<Timestamp>> {
        match self.byte()? {
            0 => Some(None),
            _ => Some(Timestamp::parse(&self.text()?).ok()),
        }
    }

    fn summary(&mut self) -> Option<SessionSummary> {
        let (start, end) = (self.time()?, self.time()?);
        let (duration, score, revision) = (self.float()?, self.float()?, self.float()?);
        let flags = self.byte()?;
        let mut t = || self.shared();
        let (user, server_user, client, server, protocol, verdict_raw) =
            (t()?, t()?, t()?, t()?, t()?, t()?);
        let (server_host, policy, origin, client_ip, client_name, server_ip, server_name) =
            (t()?, t()?, t()?, t()?, t()?, t()?, t()?);
        Some(SessionSummary {
            start,
            end,
            duration,
            score,
            revision,
            active: flags & 1 != 0,
            scripted: flags & 2 != 0,
            // As the summary reads it from the document.
            verdict: (!verdict_raw.is_empty()).then(|| Verdict::parse(&verdict_raw)),
            user,
            server_user,
            client,
            server,
            protocol,
            verdict_raw,
            server_host,
            policy,
            origin,
            client_ip,
            client_name,
            server_ip,
            server_name,
            tags: self.texts()?,
            server_users: self.texts()?,
        })
    }

    fn session(&mut self) -> Option<SessionRead> {
        let key = match self.byte()? {
            0 => None,
            _ => Some(self.text()?),
        };
        let summary = self.summary()?;
        let issues = self.issues()?;
        let text = self.text()?;
        let n = self.size()?;
        let mut inline = Vec::with_capacity(n.min(3));
        for _ in 0..n {
            let kind = match self.byte()? {
                0 => DocKind::Channels,
                1 => DocKind::Alerts,
                2 => DocKind::Events { legacy: true },
                _ => DocKind::Events { legacy: false },
            };
            let range = self.size()?..self.size()?;
            let start = self.position()??;
            let item_count = self.size()?;
            let issues = self.issues()?;
            let text = self.text()?;
            let channel_flags = ChannelFlags::from_bits(self.byte()?);
            inline.push(InlineRead { kind, range, start, item_count, issues, text, channel_flags });
        }
        Some(SessionRead { key, summary, issues, text, inline })
    }

    fn item(&mut self) -> Option<ItemRead> {
        let flagged = self.issues()?;
        let what = match self.byte()? {
            0 => Item::Session(Box::new(self.session()?)),
            1 => Item::Stub { key: self.text()?, href: self.text()? },
            _ => Item::Other,
        };
        Some(ItemRead { flagged, what })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::gen::{generate_variant, Layout, Variant};
    use crate::path::Seg;

    /// A time sent as its text reads back as the time the document's value was.
    #[test]
    fn times_read_back_as_written() {
        for raw in [
            "1700000000",
            "1700000000123",
            "1.7e9",
            "-5",
            "0",
            "1e400",
            "\"2024-03-01T10:00:00+02:00\"",
            "\"2024-03-01 10:00\"",
            "\"1700000000\"",
            "\"x\"",
        ] {
            let node = crate::ingest::value::tree_from_slice(raw.as_bytes()).unwrap().0;
            let t = Timestamp::from_value(&node).ok();
            let mut w = Writer(Vec::new());
            w.time(&t);
            let back = Reader { bytes: &w.0, at: 0 }.time().unwrap();
            assert_eq!(back, t, "{raw}");
        }
    }

    /// Every item of generated exports, realistic and with findings in every session, as arrays and
    /// lists: what the page decodes is what the worker read.
    #[test]
    fn items_come_back_as_they_were_read() {
        for (findings, layout) in [
            (false, Layout::Array),
            (true, Layout::Array),
            (true, Layout::List),
            (false, Layout::List),
        ] {
            let variant = if findings { Variant::FINDINGS } else { Variant::default() };
            let text = generate_variant(40, 7, variant).render(layout);
            let bytes = text.as_bytes();
            let ranges = match layout {
                Layout::List => {
                    crate::locate::spans_of(bytes, &[&[Seg::Key("items".into())]])
                        .remove(0)
                        .unwrap()
                        .elements
                }
                _ => crate::locate::element_ranges(bytes, 0).unwrap(),
            };
            let mut packed = Vec::new();
            let mut ends = Vec::new();
            let mut direct = Vec::new();
            for r in ranges {
                let item = &bytes[r];
                packed.extend_from_slice(item);
                ends.push(packed.len() as u32);
                direct.push(super::super::read::read_item_text(item, layout == Layout::List));
            }
            let wire = read_items(&packed, &ends, u8::from(layout == Layout::List));
            let back = decode_items(&wire).unwrap();
            assert_eq!(back.len(), 40);
            assert_eq!(back, direct);
            if findings {
                assert!(back
                    .iter()
                    .all(|i| matches!(&i.what, Item::Session(s) if !s.issues.is_empty())));
                assert!(back
                    .iter()
                    .any(|i| matches!(&i.what, Item::Session(s) if !s.inline.is_empty())));
            }
            // Cut anywhere, the bytes are refused rather than misread.
            for cut in [1, wire.len() / 3, wire.len() - 1] {
                let _ = decode_items(&wire[..cut]);
            }
        }
    }
}
