//! What reading one session's text yields before it joins a dataset: its summary, its findings, its
//! search text and the collections it carries inline, every offset and position relative to the
//! text it was read from. Nothing here needs the dataset, so it can be worked out anywhere (a Web
//! Worker reads the items of a large array this way, see [`super::wire`]) and placed later, when
//! the dataset knows where the text starts ([`super::Dataset::register_read`]).

use super::{item_type_issues, leaf_text, Issue, Source};
use crate::anomaly;
use crate::catalogue;
use crate::channel_flags::ChannelFlags;
use crate::file_text::Window;
use crate::fold::Lower;
use crate::ingest::kinds::{Attach, Kind};
use crate::ingest::{detect, DocKind};
use crate::json::{Json, Node};
use crate::locate::{self, Position};
use crate::model::SessionSummary;
use crate::path::{get_str, Seg};
use crate::present;
use std::ops::Range;
use std::rc::Rc;

/// A session document, read.
#[derive(Debug, Clone, PartialEq)]
pub struct SessionRead {
    /// `key`, when the document has one.
    pub key: Option<String>,
    /// What the list and the queries hold of it.
    pub summary: SessionSummary,
    /// Its findings (their `file` left empty), placed from the start of the text read.
    pub issues: Vec<Issue>,
    /// Its search text but the key's: the verdict, then every value (each after a separator) but
    /// those of the collections carried inline, which are searched as documents of their own.
    pub text: String,
    /// The collections it carries inline.
    pub inline: Vec<InlineRead>,
}

/// A collection (channels, events or alerts) a session carries inline, as an array where the API
/// writes a link: a document of its own, kept by its range inside the session's text.
#[derive(Debug, Clone, PartialEq)]
pub struct InlineRead {
    /// Channels, events or alerts.
    pub kind: DocKind,
    /// Relative to the start of the session's text, as `start` is.
    pub range: Range<usize>,
    /// Where it starts, relative to the session's text.
    pub start: Position,
    /// How many items it holds.
    pub item_count: usize,
    /// Its findings, placed as `start` is.
    pub issues: Vec<Issue>,
    /// Its search text.
    pub text: String,
    /// For channels, the kinds they include.
    pub channel_flags: ChannelFlags,
}

/// An item of a list or an array of sessions, read from its own text.
#[derive(Debug, Clone, PartialEq)]
pub struct ItemRead {
    /// Its repeated keys and unusual numbers, when it has any (see [`Source::flagged_issues`]).
    pub flagged: Vec<Issue>,
    /// What it is.
    pub what: Item,
}

/// What an item is.
#[derive(Debug, Clone, PartialEq)]
pub enum Item {
    /// A whole session document.
    Session(Box<SessionRead>),
    /// A list's stub: a session's key and the link to its document.
    Stub {
        /// The session's key.
        key: String,
        /// The link to its document.
        href: String,
    },
    /// Neither (a list's item without a key).
    Other,
}

/// Reads the session document `value`, parsed from `text` (which holds it at `base`: empty when the
/// text is the document's own).
pub fn read_session(value: &Node, text: &[u8], base: &[Seg]) -> SessionRead {
    let file: Rc<str> = Rc::from("");
    let src = relative(&file, text, base);
    let summary = SessionSummary::from_document(value);
    let mut findings = anomaly::type_findings(catalogue::SESSION, value);
    findings.extend(anomaly::session_findings(value, &summary));
    let issues = src.issues(value, findings);
    // The search text runs to about half the document's; one allocation, trimmed at the end.
    let mut own = String::with_capacity(text.len() / 2);
    if let Some(v) = &summary.verdict {
        own.push('\u{1f}');
        own.push_str(&v.name().folded());
    }
    let inline = read_inline(value, &src);
    let skip: Vec<&str> = inline.iter().map(|i| member_of(i.kind)).collect();
    let body = value.get("body").unwrap_or(value);
    let text = leaf_text(body, own, &skip);
    SessionRead { key: value.get("key").map(present::text), summary, issues, text, inline }
}

/// Reads item `value` of a list (`list`) or an array of sessions, parsed from `text` (which holds it
/// at `base`, as [`read_session`]); `flagged` when its text has repeated keys or numbers a double
/// cannot hold.
pub fn read_item(value: &Node, text: &[u8], base: &[Seg], list: bool, flagged: bool) -> ItemRead {
    let file: Rc<str> = Rc::from("");
    let flagged = if flagged { relative(&file, text, base).flagged_issues() } else { vec![] };
    let what = if !list || value.get("body").is_some_and(Json::is_object) {
        Item::Session(Box::new(read_session(value, text, base)))
    } else if let Some(key) = value.get("key").map(present::text) {
        let href =
            value.get("meta").and_then(|m| get_str(m, "href")).unwrap_or_default().to_string();
        Item::Stub { key, href }
    } else {
        Item::Other
    };
    ItemRead { flagged, what }
}

/// Parses and reads one item from its text (see [`read_item`]).
pub fn read_item_text(text: &[u8], list: bool) -> ItemRead {
    let (value, flagged) = super::reparse_flagged(text);
    read_item(&value, text, &[], list, flagged)
}

/// Parses and reads an NDJSON line from its text: a session document is read as an array's item is;
/// anything else (another kind of document, or text that does not parse) is left to the load, which
/// parses it itself ([`Item::Other`]).
pub fn read_line_text(text: &[u8]) -> ItemRead {
    match crate::ingest::value::tree_from_slice(text) {
        Ok((value, flagged)) if detect(&value) == DocKind::Session => {
            read_item(&value, text, &[], false, flagged)
        }
        _ => ItemRead { flagged: vec![], what: Item::Other },
    }
}

/// What a batch handed out holds: items of an array, of a list, or NDJSON lines.
pub const ARRAY: u8 = 0;
/// A `fields=*` list's items.
pub const LIST: u8 = 1;
/// NDJSON lines.
pub const LINES: u8 = 2;

/// Reads one of a batch's texts, of the kind given.
pub fn read_text(text: &[u8], kind: u8) -> ItemRead {
    match kind {
        LINES => read_line_text(text),
        kind => read_item_text(text, kind == LIST),
    }
}

/// Reads the texts that lie one after another in `text`, text `k` ending at `ends[k]`, of the `kind`
/// given: a batch handed out, read by a worker or, should its answer not come, here.
pub fn read_all(text: &[u8], ends: &[u32], kind: u8) -> Vec<ItemRead> {
    let mut at = 0;
    ends.iter()
        .map(|&end| {
            let item = text.get(at..end as usize).unwrap_or_default();
            at = end as usize;
            read_text(item, kind)
        })
        .collect()
}

/// The member a collection carried inline is under.
pub(super) fn member_of(kind: DocKind) -> &'static str {
    // 5.x events are read inline under `events` too, as their current spelling is.
    kind.info().inline.unwrap_or("events")
}

/// `text` as a source of its own, starting at line 1, column 1.
fn relative<'a>(file: &'a Rc<str>, text: &'a [u8], base: &[Seg]) -> Source<'a> {
    Source {
        file,
        text: Window { start: 0, bytes: text },
        range: 0..text.len(),
        start: Position::START,
        base: base.to_vec(),
    }
}

/// The channels, events and alerts a session document carries inline, each with where it is in the
/// text: one read of the text finds them all (it parsed from this text, so they are there; should
/// the scan disagree, they stay in the raw view).
fn read_inline(value: &Node, src: &Source) -> Vec<InlineRead> {
    let Some(body) = value.get("body").filter(|b| b.is_object()) else { return vec![] };
    let Some(text) = src.text.get(src.range.clone()) else { return vec![] };
    let members: Vec<&str> =
        Kind::inline_members().filter(|m| matches!(body.get(m), Some(Node::Array(_)))).collect();
    let paths: Vec<Vec<Seg>> = members
        .iter()
        .map(|m| {
            src.base
                .iter()
                .cloned()
                .chain([Seg::Key("body".into()), Seg::Key(m.to_string())])
                .collect()
        })
        .collect();
    let spans = locate::spans_of(text, &paths.iter().map(Vec::as_slice).collect::<Vec<_>>());
    let mut cursor = locate::Cursor::new(0, Position::START);
    let mut out = vec![];
    for (member, span) in members.into_iter().zip(spans) {
        let (Some(array @ Node::Array(items)), Some(span)) = (body.get(member), span) else {
            continue;
        };
        let Some(own) = Kind::by_inline(member) else { continue };
        // Events say by their keys whether they are spelled as 5.x wrote them.
        let kind = match detect(array) {
            kind @ DocKind::Events { .. } if own.attach == Some(Attach::Events) => kind,
            _ => own.kind,
        };
        let Some(table) = kind.info().table else { continue };
        let at = span.range.start;
        let range = src.range.start + at..src.range.start + span.range.end;
        let start =
            src.start.then(cursor.advance(text, at).unwrap_or_else(|| locate::position(text, at)));
        let shift = |r: &Range<usize>| src.range.start + r.start..src.range.start + r.end;
        let elements = span.elements.iter().map(shift).collect::<Vec<_>>();
        let issues =
            item_type_issues(table, array, &src.within(range.clone(), start), Some(elements));
        let channel_flags = match kind {
            DocKind::Channels => ChannelFlags::of(&items.iter().collect::<Vec<_>>()),
            _ => ChannelFlags::default(),
        };
        let text = leaf_text(array, String::new(), &[]);
        out.push(InlineRead {
            kind,
            range,
            start,
            item_count: items.len(),
            issues,
            text,
            channel_flags,
        });
    }
    out
}
