//! The store of everything loaded: files with their provenance, every document (recognised or not),
//! and one entry per session key that links the session's document to its list stubs and to its
//! channels, events, alerts, trail downloads and indexer documents, in whatever order they arrive.

use crate::anomaly::{self, Finding, Severity};
use crate::catalogue::Field;
use crate::columns::{FACET_MANY, FACET_ONE, FACET_SLOTS};
use crate::file_text::{Backing, FileText, Window};
use crate::fold::Lower;
use crate::ingest::kinds::Kind;
use crate::ingest::{self, classify, session_key_from_href, DocKind, ErrorKind, Format, LoadError};
use crate::intern::Interner;
use crate::json::{Json, Node};
use crate::locate::{self, Position};
use crate::model::SessionSummary;
use crate::path::{self, get_str, Seg};
use crate::present;
use crate::text_index::{Answer, Asker, Probe, TextIndex, BLOCK};
use serde_json::Value;
use std::borrow::Cow;
use std::collections::HashMap;
use std::ops::Range;
use std::rc::Rc;

pub mod entry;
pub mod read;
pub mod wire;

pub use entry::{Attached, Attachments, DocRef, Issue, Measures, SessionEntry};

/// Where a file came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    /// The bundled demo export.
    Demo,
    /// Chosen with the file picker or dropped on the page.
    Local,
    /// Pasted into the text box.
    Pasted,
    /// Fetched from `?src=`.
    Url(String),
}

/// One file given to the viewer, loaded or not.
#[derive(Debug, Clone, PartialEq)]
pub struct FileRecord {
    /// Its name.
    pub name: String,
    /// Where it came from.
    pub origin: Origin,
    /// Its size in bytes.
    pub bytes: usize,
    /// JSON or NDJSON, once known.
    pub format: Option<Format>,
    /// Indices into [`Dataset::docs`].
    pub docs: Vec<usize>,
    /// What could not be read, and where.
    pub errors: Vec<LoadError>,
    /// Values mended so the rest of their document could load (bytes that are not UTF-8, lone
    /// surrogate escapes), each named by its line and column.
    pub warnings: Vec<Issue>,
    /// SHA-256 of the bytes as given, in hex, when the caller computed it (the browser does, with
    /// its own crypto): it names the evidence in reports and keys the review marks.
    pub sha256: Option<String>,
    /// Its decoded text, held whole or in windows (see [`FileText`]): documents are ranges of it.
    pub text: FileText,
}

/// One top-level document (or one element of a loaded array of documents).
///
/// Only its place in the file's text is kept: what the list, the facets and the queries need was read
/// from it while loading, and the document is parsed again whenever it is shown. A parsed
/// `serde_json::Value` costs about seven times its text; the text costs once.
#[derive(Debug, Clone, PartialEq)]
pub struct Document {
    /// Its file (an index into [`Dataset::files`]).
    pub file: usize,
    /// Line in the file where the document starts.
    pub line: usize,
    /// What kind of document it is.
    pub kind: DocKind,
    /// What was found instead, when the kind is [`DocKind::Unknown`].
    pub found: Option<String>,
    /// Where it lies in its file's text.
    pub range: Range<usize>,
    /// For a list or array of sessions, each item's range, so one session is parsed alone.
    item_ranges: Vec<Range<usize>>,
    /// How many items the document holds (itself, when it is a single item).
    pub item_count: usize,
    /// Bytes of its lower-case text of every value in its session's search text (channels, events
    /// and alerts attached to a session; the text itself is in the search index).
    pub text_len: u32,
    /// The session this sub-collection belongs to, when its links say so.
    pub session: Option<String>,
    /// Its findings.
    pub issues: Vec<Issue>,
    /// Channels, events or alerts that came inside their session's document (`body.channels` as an
    /// array rather than a link): attached like a document of their own, but not one of the file's.
    pub inline: bool,
    /// For channels: what kinds they include (see [`crate::channel_flags::ChannelFlags`]), noted as they
    /// are read so the audit questions need not parse them again.
    pub channel_flags: crate::channel_flags::ChannelFlags,
}

fn reparse(bytes: &[u8]) -> Value {
    serde_json::from_slice(bytes).unwrap_or(Value::Null)
}

/// [`reparse`] into the loading tree, with its flag (see [`ingest::value::tree_from_slice`]).
fn reparse_flagged(bytes: &[u8]) -> (Node, bool) {
    ingest::value::tree_from_slice(bytes).unwrap_or_default()
}

/// Bytes of a file to fetch from its backing before documents in them can be read: `range` is of
/// the file as given ([`crate::file_text::FileText::to_fetch`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fetch {
    /// The file (an index into [`Dataset::files`]).
    pub file: usize,
    /// The bytes wanted.
    pub range: Range<usize>,
}

/// `fetches` in the order of their files and offsets, with those closer than `gap` bytes made one:
/// each stretch of a file is read once, and a session's documents, usually near each other, in one read.
pub fn coalesce(fetches: Vec<Fetch>, gap: usize) -> Vec<Fetch> {
    let mut order: Vec<(u64, u64)> = fetches
        .iter()
        .enumerate()
        .map(|(k, f)| (((f.file as u64) << 40) | f.range.start as u64, k as u64))
        .collect();
    crate::sort::radix_sort(&mut order);
    let mut out: Vec<Fetch> = Vec::with_capacity(order.len());
    for (_, k) in order {
        let f = &fetches[k as usize];
        match out.last_mut() {
            Some(last)
                if last.file == f.file && f.range.start <= last.range.end.saturating_add(gap) =>
            {
                last.range.end = last.range.end.max(f.range.end)
            }
            _ => out.push(f.clone()),
        }
    }
    out
}

/// What one call to [`Dataset::add_file`] did, for the message the user sees.
#[derive(Debug, Clone, PartialEq)]
pub struct FileReport {
    /// The file (an index into [`Dataset::files`]).
    pub file: usize,
    /// What was loaded, in a sentence.
    pub summary: String,
    /// What could not be read, and where.
    pub errors: Vec<LoadError>,
    /// Documents kept but not recognised, with what was expected.
    pub unrecognised: Vec<String>,
    /// How many findings its documents have.
    pub warnings: usize,
}

/// A file being read a slice at a time (see [`Dataset::begin_file`]).
#[derive(Debug)]
pub struct FileJob {
    file: usize,
    name: Rc<str>,
    stream: ingest::Stream,
    first_doc: usize,
    /// Documents read but not yet added, in order.
    queue: std::collections::VecDeque<ingest::SourceDoc>,
    /// A list or array of sessions whose items are being registered a share at a time.
    pending: Option<PendingItems>,
    /// Sessions left to re-link once the text is read (see [`Dataset::continue_file`]).
    linking: Option<Vec<usize>>,
    tally: Tally,
    /// Batches of items handed out so far (their ids).
    handed: u64,
    /// NDJSON lines handed out ([`FileJob::hand_out`]), in order, and the offset the next starts from.
    lines_out: std::collections::VecDeque<Batch>,
    lines_to: usize,
    /// Whether registering waits for what was handed out (items or lines) to come back, rather than
    /// reading it here: until the job is stopped.
    wait: bool,
}

/// Where a document was read: its line, its byte range, and its elements' ranges when the reader
/// found them.
struct Place {
    line: usize,
    range: Range<usize>,
    elements: Vec<Range<usize>>,
}

/// What a file held, counted as its documents and sessions go in (counting at the end would walk
/// every document again, in one step).
#[derive(Debug, Default)]
struct Tally {
    /// Documents by kind (its label and plural), with the sessions of a list or array.
    kinds: Vec<(String, String, Option<usize>, usize)>,
    warnings: usize,
    unrecognised: Vec<String>,
}

impl Tally {
    fn document(&mut self, d: &Document) {
        self.warnings += d.issues.len();
        if let Some(why) = &d.found {
            self.unrecognised.push(format!("line {}: {why}", d.line));
        }
        let sessions =
            matches!(d.kind, DocKind::SessionList | DocKind::SessionArray).then_some(d.item_count);
        let label = d.kind.label();
        match self.kinds.iter_mut().find(|(l, _, n, _)| l == label && *n == sessions) {
            Some((_, _, _, k)) => *k += 1,
            None => self.kinds.push((label.to_string(), d.kind.plural().to_string(), sessions, 1)),
        }
    }

    fn report(self, file: usize, errors: Vec<LoadError>) -> FileReport {
        let summary = self
            .kinds
            .iter()
            .map(|(label, plural, sessions, n)| {
                let kind = if *n == 1 { label.clone() } else { present::count(*n, label, plural) };
                match sessions {
                    Some(s) if *n == 1 => {
                        format!("{kind} ({})", present::count(*s, "session", "sessions"))
                    }
                    Some(s) => {
                        format!("{kind} ({} each)", present::count(*s, "session", "sessions"))
                    }
                    None => kind,
                }
            })
            .collect::<Vec<_>>()
            .join(", ");
        FileReport {
            file,
            summary,
            errors,
            unrecognised: self.unrecognised,
            warnings: self.warnings,
        }
    }
}

/// The items of a list or array of sessions still to register (a list of 100,000 stubs is too much
/// work for one slice).
#[derive(Debug)]
struct PendingItems {
    doc: usize,
    /// A list (`items` of stubs or sessions) rather than an array of sessions.
    list: bool,
    value: Node,
    next: usize,
    range: Range<usize>,
    /// Line and column of `range.start`.
    start: Position,
    /// Where the last item registered starts: each item's findings are placed from there.
    cursor: locate::Cursor,
    /// The whole document's repeated keys and unusual numbers were already pointed at (see
    /// [`Source::flagged_issues`]); else each item read only now is checked on its own.
    flagged: bool,
    /// An array handed over before its last element was read (see [`ingest::SourceDoc::growing`]).
    growing: bool,
    /// Items handed out to be read elsewhere ([`FileJob::hand_out`]), in order, from `next` on.
    out: std::collections::VecDeque<Batch>,
}

/// Items of a list or array of sessions handed out together, with what registering them needs
/// once their reads come back: their texts (read here should they not), where each starts, and the
/// reads themselves.
#[derive(Debug)]
struct Batch {
    id: u64,
    /// Items of an array or a list, or NDJSON lines ([`read::ARRAY`], [`read::LIST`], [`read::LINES`]).
    kind: u8,
    /// The first item's index.
    first: usize,
    /// The items' texts one after another, item `k` ending at `ends[k]`.
    text: Vec<u8>,
    ends: Vec<u32>,
    /// Offset and line and column of each item's first byte.
    starts: Vec<(usize, Position)>,
    /// The reads, once back (item `first + done` is next).
    reads: Option<std::vec::IntoIter<read::ItemRead>>,
    done: usize,
}

/// Numbers a batch, keeps it as out, and hands it out; `None` when it holds nothing.
fn hand<'a>(
    out: &'a mut std::collections::VecDeque<Batch>,
    handed: &mut u64,
    mut batch: Batch,
) -> Option<HandedOut<'a>> {
    if batch.ends.is_empty() {
        return None;
    }
    *handed += 1;
    batch.id = *handed;
    out.push_back(batch);
    let b = out.back()?;
    Some(HandedOut { id: b.id, text: &b.text, ends: &b.ends, kind: b.kind })
}

/// Items handed out ([`FileJob::hand_out`]): read them with [`wire::read_items`] and hand the bytes
/// back ([`FileJob::take_back`]) with `id`.
pub struct HandedOut<'a> {
    /// Names the batch when it is handed back.
    pub id: u64,
    /// The items' text, one after another.
    pub text: &'a [u8],
    /// Where each item ends in `text`.
    pub ends: &'a [u32],
    /// What they are: [`read::ARRAY`], [`read::LIST`] or [`read::LINES`].
    pub kind: u8,
}

impl PendingItems {
    /// Every item read so far is in, or handed out.
    fn caught_up(&self) -> bool {
        self.out.back().map_or(self.next, |b| b.first + b.ends.len()) >= item_count_of(&self.value)
    }

    /// Where its items are, for placing what is found in them.
    fn source<'a>(&self, file: &'a Rc<str>, text: Window<'a>) -> Source<'a> {
        Source { file, text, range: self.range.clone(), start: self.start, base: vec![] }
    }
}

impl FileJob {
    /// Bytes read so far and in all (of the decoded text). Linking after the last byte counts as done.
    pub fn progress(&self) -> (usize, usize) {
        (self.stream.position(), self.stream.total_len())
    }

    /// Begun on the start of a file ([`Dataset::begin_prefix`]), it has read all of the start: nothing
    /// more goes in until [`FileJob::complete`].
    pub fn starved(&self) -> bool {
        self.stream.starved()
            && !self.stream.has_grown()
            && self.queue.iter().all(|d| d.raw && d.range.start < self.lines_to)
            && self.pending.as_ref().is_none_or(|p| p.growing && p.caught_up())
    }

    /// The next items of the list or array of sessions being registered, to be read elsewhere (a
    /// Web Worker) while this job goes on: whole items read so far, about `bytes` of their text, or
    /// `None` when there are none to hand out. Registering them waits for their reads
    /// ([`FileJob::take_back`]), in order; a job stopped or cancelled reads here what did not come.
    pub fn hand_out(&mut self, ds: &mut Dataset, bytes: usize) -> Option<HandedOut<'_>> {
        if self.pending.is_none() {
            return self.hand_out_lines(bytes);
        }
        let p = self.pending.as_mut()?;
        ds.grow(p, self.stream.take_grown());
        let ranges = &ds.docs.get(p.doc)?.item_ranges;
        let items = items_mut(&mut p.value, p.list)?;
        let first = p.out.back().map_or(p.next, |b| b.first + b.ends.len());
        let text = Window { start: self.stream.base(), bytes: &self.stream.text };
        let kind = if p.list { read::LIST } else { read::ARRAY };
        let mut batch = Batch {
            id: 0,
            kind,
            first,
            text: Vec::new(),
            ends: Vec::new(),
            starts: Vec::new(),
            reads: None,
            done: 0,
        };
        let mut i = first;
        // Only items the reader kept as ranges (the first ones it parsed are registered here).
        while batch.text.len() < bytes && items.get(i).is_some_and(Node::is_null) {
            let Some(r) = ranges.get(i) else { break };
            let (Some(item), Ok(end)) =
                (text.get(r.clone()), u32::try_from(batch.text.len() + r.len()))
            else {
                break;
            };
            let Some(at) = p.cursor.advance_in(text, r.start) else { break };
            batch.text.extend_from_slice(item);
            batch.ends.push(end);
            batch.starts.push((r.start, at));
            i += 1;
        }
        hand(&mut p.out, &mut self.handed, batch)
    }

    /// [`FileJob::hand_out`] for NDJSON: the next lines read and not handed out, read on until
    /// there are `bytes` of them (or the text read so far ends).
    fn hand_out_lines(&mut self, bytes: usize) -> Option<HandedOut<'_>> {
        let to = self.lines_to;
        let waiting = |q: &std::collections::VecDeque<ingest::SourceDoc>| -> usize {
            q.iter().filter(|d| d.raw && d.range.start >= to).map(|d| d.range.len()).sum()
        };
        let mut queued = waiting(&self.queue);
        while queued < bytes
            && !self.stream.done()
            && !self.stream.starved()
            && !self.stream.growing()
        {
            let more = self.stream.next_batch(bytes - queued);
            if more.is_empty() {
                break;
            }
            self.queue.extend(more);
            queued = waiting(&self.queue);
        }
        let text = Window { start: self.stream.base(), bytes: &self.stream.text };
        let mut batch = Batch {
            id: 0,
            kind: read::LINES,
            first: 0,
            text: Vec::new(),
            ends: Vec::new(),
            starts: Vec::new(),
            reads: None,
            done: 0,
        };
        for d in self.queue.iter().filter(|d| d.raw && d.range.start >= to) {
            let (Some(line), Ok(end)) =
                (text.get(d.range.clone()), u32::try_from(batch.text.len() + d.range.len()))
            else {
                break;
            };
            if batch.text.len() >= bytes {
                break;
            }
            batch.text.extend_from_slice(line);
            batch.ends.push(end);
            batch.starts.push((d.range.start, Position { line: d.line, column: 1 }));
            self.lines_to = d.range.end;
        }
        hand(&mut self.lines_out, &mut self.handed, batch)
    }

    /// The reads of the items handed out as `id` ([`wire::read_items`]'s bytes), or `None` when they
    /// could not be read there: they are then read here.
    pub fn take_back(&mut self, id: u64, reads: Option<&[u8]>) {
        let lines = &mut self.lines_out;
        let Some(b) =
            self.pending.as_mut().map_or(lines, |p| &mut p.out).iter_mut().find(|b| b.id == id)
        else {
            return;
        };
        let reads = reads.and_then(wire::decode_items).filter(|r| r.len() == b.ends.len());
        // Unreadable or not as many: every item is read here instead.
        let reads = reads.unwrap_or_else(|| read::read_all(&b.text, &b.ends, b.kind));
        b.reads = Some(reads.into_iter());
    }

    /// Whether registering waits for items handed out ([`FileJob::hand_out`]) to come back.
    pub fn awaiting(&self) -> bool {
        let next_line = self.queue.front().filter(|d| d.raw).map(|d| d.range.start);
        let line_out = self
            .lines_out
            .front()
            .filter(|b| b.reads.is_none())
            .and_then(|b| b.starts.get(b.done))
            .map(|s| s.0);
        self.wait
            && match &self.pending {
                Some(p) => p.out.front().is_some_and(|b| b.reads.is_none()),
                None => next_line.is_some() && next_line == line_out,
            }
    }

    /// Batches handed out and not yet back.
    pub fn out(&self) -> usize {
        let items = self.pending.as_ref().map(|p| p.out.iter()).into_iter().flatten();
        items.chain(&self.lines_out).filter(|b| b.reads.is_none()).count()
    }

    /// The read of the NDJSON line at `offset` when it was handed out: `None` while it is still out
    /// (and registering waits for it), else whether it came back a session's.
    fn line_read(&mut self, offset: usize) -> Option<Option<read::ItemRead>> {
        let Some(b) = self
            .lines_out
            .front_mut()
            .filter(|b| b.starts.get(b.done).is_some_and(|s| s.0 == offset))
        else {
            return Some(None);
        };
        if b.reads.is_none() && self.wait {
            return None;
        }
        let reads =
            b.reads.get_or_insert_with(|| read::read_all(&b.text, &b.ends, b.kind).into_iter());
        let read = reads.next();
        b.done += 1;
        if b.done == b.ends.len() {
            self.lines_out.pop_front();
        }
        Some(read.filter(|r| matches!(r.what, read::Item::Session(_))))
    }

    /// Hands over the whole of a file begun on its start ([`Dataset::begin_prefix`]): `bytes` as read
    /// (beginning with that start), `scan` of all of them, and `cut` when they are only the file's first
    /// part (its size and why). The documents already in now keep the whole text, not the start.
    pub fn complete(
        &mut self,
        ds: &mut Dataset,
        bytes: Vec<u8>,
        scan: &ingest::Scan,
        cut: Option<(u64, &str)>,
    ) {
        let before = self.stream.text.len();
        let size = bytes.len();
        self.stream.complete(bytes, scan.needs_repair());
        if let Some((total, why)) = cut {
            self.stream.cut(total, why);
        }
        self.grow_with_text(ds, before);
        if let Some(f) = ds.files.get_mut(self.file) {
            f.bytes = size;
            f.text.set_whole(self.stream.text.clone());
        }
    }

    /// From now on, text no longer held is read from `backing` (the file as given) when a document
    /// is shown or exported: each [`FileJob::extend`] lets go of what was read before.
    pub fn read_back_from(&self, ds: &mut Dataset, backing: Rc<dyn Backing>) {
        if let Some(f) = ds.files.get_mut(self.file) {
            f.text.set_backing(backing, self.stream.lead());
        }
    }

    /// Hands over the next part of a file begun on its start ([`Dataset::begin_prefix`]), in place of
    /// the whole ([`FileJob::complete`]): its bytes as read, following those handed over before (cut
    /// at a character's end); `last` when it ends the file. Call it when the job is
    /// [`FileJob::starved`]. `mend` when a scan of the part found something to mend: the window is
    /// then mended, and its offsets are no longer the file's, so it must be the rest of the file.
    pub fn extend(&mut self, ds: &mut Dataset, part: &[u8], last: bool, mend: bool) {
        // The registration of a growing array's items goes on from the last one's place.
        let pending = self.pending.as_ref().map_or(usize::MAX, |p| p.cursor.offset());
        // (Lines handed out are kept too: one that is not a session's is parsed here.)
        let lines = self.queue.iter().find(|d| d.raw).map_or(usize::MAX, |d| d.range.start);
        let keep = self.stream.keep_from().min(pending).min(lines);
        let Some(f) = ds.files.get_mut(self.file) else { return };
        let releasing = f.text.has_backing();
        if releasing {
            // Not held twice, so the window can grow in place when none of it can go yet.
            f.text.unhold(&self.stream.text);
        }
        let before = self.stream.base() + self.stream.text.len();
        self.stream.extend(keep, part, last, mend);
        f.text.hold(self.stream.base(), self.stream.text.clone());
        if releasing {
            f.text.release_older();
        }
        self.grow_with_text(ds, before);
    }

    /// An array handed over while it grew ends, so far, where the text read does: when the text that
    /// ended at `before` grows, so does it.
    fn grow_with_text(&mut self, ds: &mut Dataset, before: usize) {
        if let Some(p) = self.pending.as_mut().filter(|p| p.growing && p.range.end == before) {
            p.range.end = self.stream.base() + self.stream.text.len();
            if let Some(d) = ds.docs.get_mut(p.doc) {
                Rc::make_mut(d).range.end = p.range.end;
            }
        }
    }

    /// Says that the parts handed over ([`FileJob::extend`]) are only the first of a file of `total`
    /// bytes, cut short because of `why` (see [`ingest::Stream::cut`]).
    pub fn cut(&mut self, total: u64, why: &str) {
        self.stream.cut(total, why);
    }

    /// Stops reading: what was read stays loaded, and the file says where it stopped.
    pub fn cancel(&mut self, ds: &mut Dataset) -> FileReport {
        self.stop(ds, "loading was cancelled")
    }

    /// Stops reading for the reason given ("loading was cancelled"): what was read stays loaded, and
    /// the file says why and where it stopped.
    pub fn stop(&mut self, ds: &mut Dataset, why: &str) -> FileReport {
        let (done, total) = self.progress();
        let job = self;
        let (done, total) = (done as u64, total as u64);
        let stopped = ErrorKind::Stopped { why: why.to_string(), done, total };
        let note = LoadError::new(&job.name, None, stopped);
        job.stream.errors.push(note);
        // Mark the stream done so the final step only links and reports what is there; items
        // handed out and not back are read here.
        job.stream.finish();
        job.wait = false;
        loop {
            if let Some(report) = ds.continue_file(job, usize::MAX) {
                return report;
            }
        }
    }
}

/// All loaded files, documents and sessions.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Dataset {
    /// The files, in the order given.
    files: Vec<FileRecord>,
    /// Behind `Rc` so a dataset clones in time proportional to its count of documents, not their size:
    /// the app keeps the previous dataset while it builds the next.
    docs: Vec<Rc<Document>>,
    /// Behind `Rc` for the same reason; changed copy-on-write.
    sessions: Vec<Rc<SessionEntry>>,
    /// The columns below are behind `Rc` too, changed copy-on-write: a dataset changed in one small
    /// way (a file's hash arriving) or shown while a load goes on is a copy of pointers, not of a
    /// hundred thousand keys and id lists.
    by_key: Rc<HashMap<String, usize>>,
    /// The distinct values of the facet fields.
    strings: Rc<Interner>,
    /// Documents with findings of their own or of an unknown kind, so the list's notes do not walk
    /// every document.
    noted: Vec<usize>,
    /// Per session (as [`Dataset::sessions`]), its facet fields as ids in `strings`: protocol,
    /// verdict, user, server, connection policy and origin (the order of [`crate::facets::facets`]),
    /// and its tags. Columns rather than members of the entries, so counting them over 100,000
    /// sessions reads two arrays instead of 100,000 scattered entries.
    facet_ids: Rc<Vec<[u32; FACET_SLOTS]>>,
    /// Per session, its tags as ids in `strings`.
    tag_ids: Rc<Vec<Box<[u32]>>>,
    /// Per session, what the timeline and the audit questions read of every session, as columns for
    /// the same reason: start and end in epoch milliseconds ([`NO_TIME`] when unknown, and an end
    /// before its start is no end) and the client (address, else endpoint) as an id in `strings`.
    start_ms: Rc<Vec<i64>>,
    /// Per session, its end (see `start_ms`).
    end_ms: Rc<Vec<i64>>,
    /// Per session, its client's id (see `start_ms`).
    client_ids: Rc<Vec<u32>>,
    /// Per session, the numbers the list sorts by (besides the start), so that a million rows sort
    /// without reading a million entries.
    measures: Rc<Vec<Measures>>,
    /// Per session, its server-side user names as ids in `strings`.
    server_user_ids: Rc<Vec<Box<[u32]>>>,
    /// Entries whose attachment counts must be recomputed once the current file is in.
    stale: Vec<usize>,
    /// Every session's free-search text, packed a block at a time as a load goes, with a filter per
    /// session of which words it could hold.
    text_index: TextIndex,
}

/// A time column's value for "no time".
pub const NO_TIME: i64 = i64::MIN;

/// Where a value being checked is in its file, for locating its findings.
///
/// A finding is placed by scanning `range` from its first byte, so the range is the smallest one known
/// to hold the value: a session of a large array or list is located within its own item, never from
/// the start of the file (which made loading an array with findings quadratic).
#[derive(Clone)]
struct Source<'a> {
    file: &'a Rc<str>,
    /// The part of the file's text being read (the whole of it, or a window).
    text: Window<'a>,
    range: std::ops::Range<usize>,
    /// Line and column of `range.start` in the file.
    start: Position,
    /// Path from the value at `range` to the value being checked: empty when the range is the value's
    /// own, as it is whenever the item's range is known.
    base: Vec<Seg>,
}

impl<'a> Source<'a> {
    /// The same file, with the checked value at `range`, which starts at `start`.
    fn within(&self, range: Range<usize>, start: Position) -> Source<'a> {
        Source { range, start, base: vec![], ..self.clone() }
    }

    /// The same range, with the checked value further down at `segs` (when its own range is not known).
    fn below(&self, segs: impl IntoIterator<Item = Seg>) -> Source<'a> {
        let mut src = self.clone();
        src.base.extend(segs);
        src
    }

    /// The source of item `i` of the collection at this source: its own range when `ranges` has it (the
    /// cursor, kept by the caller across the items in order, gives its line and column), else the
    /// collection's range and the path to the item.
    fn item(
        &self,
        ranges: &[Range<usize>],
        cursor: &mut locate::Cursor,
        path: impl IntoIterator<Item = Seg>,
    ) -> Source<'a> {
        let path: Vec<Seg> = path.into_iter().collect();
        let i = match path.last() {
            Some(Seg::Index(i)) => *i,
            _ => usize::MAX,
        };
        match ranges.get(i).and_then(|r| Some((r.clone(), cursor.advance_in(self.text, r.start)?)))
        {
            Some((r, at)) if self.base.is_empty() => self.within(r, at),
            _ => self.below(path),
        }
    }

    /// What a flagged document must point at: each repeated key and each number a double cannot hold.
    fn flagged_issues(&self) -> Vec<Issue> {
        let mut out = self.repeated_keys();
        let Some(doc) = self.text.get(self.range.clone()) else { return out };
        let mut cursor = locate::Cursor::new(0, Position::START);
        out.extend(locate::unusual_numbers(doc).into_iter().map(|(offset, n)| {
            let shown = if n.len() > 40 { format!("{}… ({} characters)", &n[..30], n.len()) } else { n.clone() };
            let message = match crate::number::finite(&n) {
                None => format!("the number {shown} is beyond the range of a double; it is shown as written and left out of sorting, sums and comparisons"),
                Some(_) => format!("the integer {shown} has more digits than 64 bits hold; it is shown as written, and sorting and comparisons use its nearest double"),
            };
            let p = cursor.advance(doc, offset).unwrap_or_else(|| locate::position(doc, offset));
            Issue { severity: Severity::Warning, message, file: self.file.clone(), position: Some(self.start.then(p)) }
        }));
        out
    }

    /// One warning per repeated key: the reader kept only the last value, and evidence may hide in the other.
    fn repeated_keys(&self) -> Vec<Issue> {
        let Some(doc) = self.text.get(self.range.clone()) else { return vec![] };
        // The repeats come in document order, so one cursor places them all in one read of the text.
        let mut cursor = locate::Cursor::new(0, Position::START);
        locate::duplicate_keys(doc)
            .into_iter()
            .map(|d| {
                let p = self.start.then(cursor.advance(doc, d.offset).unwrap_or_else(|| locate::position(doc, d.offset)));
                let within = if d.path.is_empty() { "the top level".to_string() } else { path::display_segments(&d.path) };
                Issue {
                    severity: Severity::Warning,
                    message: format!(
                        "the key {:?} appears more than once in {within}; only its last value is shown (as JSON.parse does) — compare with the file",
                        d.key
                    ),
                    file: self.file.clone(),
                    position: Some(p),
                }
            })
            .collect()
    }

    /// Findings about `target`, the value this source is of, each placed at its line and column: one
    /// walk of the text finds them all, and one count of lines and columns places them in order.
    fn issues<J: Json>(&self, target: &J, findings: Vec<Finding>) -> Vec<Issue> {
        if findings.is_empty() {
            return Vec::new();
        }
        // Each finding that names a field, with the path to it from this source's text.
        let placed: Vec<(usize, Vec<Seg>)> = findings
            .iter()
            .enumerate()
            .filter_map(|(i, f)| {
                let tail = match (&f.names, &f.path) {
                    (Some(names), _) => names.iter().map(|n| Seg::Key(n.clone())).collect(),
                    (None, Some(p)) => path::segments(target, p),
                    (None, None) => return None,
                };
                Some((i, self.base.iter().cloned().chain(tail).collect()))
            })
            .collect();
        let doc = self.text.get(self.range.clone()).unwrap_or_default();
        let wanted: Vec<&[Seg]> = placed.iter().map(|(_, segs)| segs.as_slice()).collect();
        // Nearest first (a member a pattern of the catalogue matches can be any number of them).
        let mut at: Vec<(u64, u64)> = locate::offsets_of(doc, &wanted)
            .into_iter()
            .zip(&placed)
            .filter_map(|(off, (i, _))| Some((off? as u64, *i as u64)))
            .collect();
        crate::sort::radix_sort(&mut at);
        let mut positions = vec![None; findings.len()];
        let mut cursor = locate::Cursor::new(0, Position::START);
        for (off, i) in at {
            positions[i as usize] = cursor.advance(doc, off as usize).map(|p| self.start.then(p));
        }
        findings
            .into_iter()
            .zip(positions)
            .map(|(f, position)| Issue {
                severity: f.severity,
                message: f.message,
                file: self.file.clone(),
                position,
            })
            .collect()
    }
}

/// Where a text read on its own ([`read`]) is in its file: what it found is placed from there.
struct Placed<'a> {
    file: &'a Rc<str>,
    /// Line and column of its first byte.
    start: Position,
    /// Offset of its first byte.
    offset: usize,
}

impl Placed<'_> {
    /// Issues placed within the text as issues of the file.
    fn issues(&self, issues: Vec<Issue>) -> Vec<Issue> {
        issues
            .into_iter()
            .map(|i| Issue {
                file: self.file.clone(),
                position: i.position.map(|p| self.start.then(p)),
                ..i
            })
            .collect()
    }
}

fn pointer_string(at: &[Seg]) -> String {
    at.iter()
        .map(|s| match s {
            Seg::Key(k) => format!("/{}", k.replace('~', "~0").replace('/', "~1")),
            Seg::Index(i) => format!("/{i}"),
        })
        .collect()
}

impl Dataset {
    /// An empty dataset.
    pub fn new() -> Self {
        Self::default()
    }

    /// Whether no file is loaded.
    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }

    // The store is read through these, never written from outside: the columns below run parallel
    // to `sessions` (one row each), and documents, files and entries point at each other by index,
    // so only the load may change them.

    /// The files, in the order given.
    pub fn files(&self) -> &[FileRecord] {
        &self.files
    }

    /// Every document, in load order (a session's entry and a file's record name them by index).
    pub fn docs(&self) -> &[Rc<Document>] {
        &self.docs
    }

    /// One entry per session key, in the order first seen.
    pub fn sessions(&self) -> &[Rc<SessionEntry>] {
        &self.sessions
    }

    /// The distinct values of the facet fields, by id.
    pub fn strings(&self) -> &Interner {
        &self.strings
    }

    /// Per session, its facet fields as ids in [`Dataset::strings`], in the order of the facets.
    pub fn facet_ids(&self) -> &[[u32; FACET_SLOTS]] {
        &self.facet_ids
    }

    /// Per session, its tags as ids in [`Dataset::strings`].
    pub fn tag_ids(&self) -> &[Box<[u32]>] {
        &self.tag_ids
    }

    /// Per session, its start in epoch milliseconds ([`NO_TIME`] when unknown).
    pub fn start_ms(&self) -> &[i64] {
        &self.start_ms
    }

    /// Per session, its end in epoch milliseconds ([`NO_TIME`] when unknown or before its start).
    pub fn end_ms(&self) -> &[i64] {
        &self.end_ms
    }

    /// Per session, its client (address, else endpoint) as an id in [`Dataset::strings`].
    pub fn client_ids(&self) -> &[u32] {
        &self.client_ids
    }

    /// Per session, the numbers the list sorts by besides the start.
    pub fn measures(&self) -> &[Measures] {
        &self.measures
    }

    /// Per session, its server-side user names as ids in [`Dataset::strings`].
    pub fn server_user_ids(&self) -> &[Box<[u32]>] {
        &self.server_user_ids
    }

    /// Names file `file`'s evidence with its SHA-256 (worked out after the file loaded, or not at
    /// all); whether there is such a file.
    pub fn set_hash(&mut self, file: usize, sha256: Option<String>) -> bool {
        let Some(f) = self.files.get_mut(file) else { return false };
        f.sha256 = sha256;
        true
    }

    /// Parses a file and adds what it holds. A file that cannot be parsed is recorded with its error;
    /// nothing loaded before is touched.
    pub fn add_file(&mut self, name: &str, bytes: &[u8], origin: Origin) -> FileReport {
        match self.begin_file(name, bytes.to_vec(), origin) {
            Ok(mut job) => loop {
                if let Some(report) = self.continue_file(&mut job, usize::MAX) {
                    return report;
                }
            },
            Err(report) => report,
        }
    }

    /// Starts reading a file that [`Dataset::continue_file`] then adds a slice at a time, so the caller
    /// can yield (and show progress) between slices. `Err` is the report of a file that could not be read.
    pub fn begin_file(
        &mut self,
        name: &str,
        bytes: Vec<u8>,
        origin: Origin,
    ) -> Result<FileJob, FileReport> {
        self.begin(name, bytes, origin, None)
    }

    /// [`Dataset::begin_file`] for bytes an [`ingest::Scan`] has already read through a slice at a
    /// time (the caller yielding between slices), so opening does not validate them in one step.
    /// `cut` is the file's size and why, when the bytes are only its first part.
    pub fn begin_scanned(
        &mut self,
        name: &str,
        bytes: Vec<u8>,
        origin: Origin,
        scan: &ingest::Scan,
        cut: Option<(u64, &str)>,
    ) -> Result<FileJob, FileReport> {
        self.begin(name, bytes, origin, Some((scan, cut)))
    }

    /// Starts on the first part of a file still being read (`total` bytes in all), so its first
    /// sessions go in while the rest is read; [`FileJob::complete`] hands over the whole file. `None`
    /// when the start cannot be read on its own (see [`ingest::Stream::open_prefix`]): the whole file
    /// is then begun as usual once read.
    pub fn begin_prefix(
        &mut self,
        name: &str,
        start: Vec<u8>,
        origin: Origin,
        total: usize,
        scan: &ingest::Scan,
    ) -> Option<FileJob> {
        let stream = ingest::Stream::open_prefix(name, start, total, scan)?;
        self.begin_with(name, origin, total, Ok(stream)).ok()
    }

    fn begin(
        &mut self,
        name: &str,
        bytes: Vec<u8>,
        origin: Origin,
        scanned: Option<(&ingest::Scan, Option<(u64, &str)>)>,
    ) -> Result<FileJob, FileReport> {
        let size = bytes.len();
        let opened = match scanned {
            Some((scan, cut)) => ingest::Stream::open_scanned(name, bytes, scan, cut),
            None => ingest::Stream::open(name, bytes),
        };
        self.begin_with(name, origin, size, opened)
    }

    fn begin_with(
        &mut self,
        name: &str,
        origin: Origin,
        size: usize,
        opened: Result<ingest::Stream, LoadError>,
    ) -> Result<FileJob, FileReport> {
        let file = self.files.len();
        // Room for the sessions a file of this size likely holds (one per 2 KB: a session alone is 2 KB),
        // so the key index does not rehash 50,000 keys in the middle of a slice.
        let likely = size / 2048;
        Rc::make_mut(&mut self.by_key).reserve(likely);
        self.sessions.reserve(likely);
        Rc::make_mut(&mut self.facet_ids).reserve(likely);
        Rc::make_mut(&mut self.tag_ids).reserve(likely);
        self.files.push(FileRecord {
            name: name.to_string(),
            origin,
            bytes: size,
            format: None,
            docs: vec![],
            errors: vec![],
            warnings: vec![],
            sha256: None,
            text: FileText::default(),
        });
        match opened {
            Ok(mut stream) => {
                // Lines are parsed as they are registered (or by workers): see `FileJob::hand_out`.
                stream.raw_lines = true;
                self.files[file].format = Some(stream.format);
                self.files[file].text = FileText::whole(stream.text.clone());
                Ok(FileJob {
                    file,
                    name: name.into(),
                    stream,
                    first_doc: self.docs.len(),
                    queue: Default::default(),
                    pending: None,
                    linking: None,
                    tally: Tally::default(),
                    handed: 0,
                    lines_out: Default::default(),
                    lines_to: 0,
                    wait: true,
                })
            }
            Err(e) => {
                self.files[file].errors.push(e.clone());
                Err(FileReport {
                    file,
                    summary: String::new(),
                    errors: vec![e],
                    unrecognised: vec![],
                    warnings: 0,
                })
            }
        }
    }

    /// Adds the documents of about `budget` more bytes of the file; `Some` when the file is done.
    pub fn continue_file(&mut self, job: &mut FileJob, budget: usize) -> Option<FileReport> {
        // The search text of the sessions read so far is packed as the load goes, all but the newest
        // block's (whose sessions' documents may still be coming).
        self.text_index.build_settled(self.sessions.len().saturating_sub(BLOCK), budget);
        let name = job.name.clone();
        let name = &name;
        let file = job.file;
        // Its own handle on the text, so the stream can read on while documents are registered.
        let held = job.stream.text.clone();
        let text = Window { start: job.stream.base(), bytes: &held };
        let mut spent = 0;
        if let Some(mut p) = job.pending.take() {
            self.grow(&mut p, job.stream.take_grown());
            let src = p.source(name, text);
            let (done, all_in, warned) = self.register_items(&mut p, &src, budget, job.wait);
            job.tally.warnings += warned;
            if !all_in {
                // Every item read is in or out: read on, so there are more to hand out.
                if p.growing && !p.out.is_empty() && p.caught_up() && job.stream.growing() {
                    let more = job.stream.next_batch(budget.saturating_sub(done));
                    job.queue.extend(more);
                }
                job.pending = Some(p);
                return None;
            }
            spent += done;
            if p.growing {
                if job.stream.growing() {
                    // Every element read so far is in: read on. (Documents after the array, on the
                    // lines after it, wait in the queue until it is whole.)
                    let more = job.stream.next_batch(budget.saturating_sub(spent));
                    job.queue.extend(more);
                    job.pending = Some(p);
                    return None;
                }
                let ended = job.stream.take_end();
                // Other documents follow it (NDJSON with a large first line): it ends before they start.
                if let Some(end) = ended.as_ref().and_then(|e| e.end) {
                    p.range.end = end;
                    if let Some(d) = self.docs.get_mut(p.doc) {
                        Rc::make_mut(d).range.end = end;
                    }
                }
                // A list's own members came after its items: what its `meta` says of paging is known now.
                if let Some(mut shell) = ended.and_then(|e| e.members) {
                    let n = item_count_of(&p.value);
                    if let Some(items) = shell.get_mut("items") {
                        *items = Node::Array(vec![Node::Null; n]);
                    }
                    let src = p.source(name, text);
                    let issues: Vec<Issue> = src.issues(&shell, anomaly::paging_findings(&shell));
                    if !issues.is_empty() {
                        if let Some(d) = self.docs.get_mut(p.doc) {
                            Rc::make_mut(d).issues.extend(issues);
                        }
                        if !self.noted.contains(&p.doc) {
                            self.noted.push(p.doc);
                        }
                    }
                }
                if let Some(d) = self.docs.get(p.doc) {
                    job.tally.document(d);
                }
            }
        }
        if job.queue.is_empty() && spent < budget {
            job.queue.extend(job.stream.next_batch(budget - spent));
        }
        let held = job.stream.text.clone();
        let text = Window { start: job.stream.base(), bytes: &held };
        while let Some(mut sd) = job.queue.pop_front() {
            // An NDJSON line is read as it is registered: here, or by a worker it was handed out to.
            if sd.raw {
                match job.line_read(sd.range.start) {
                    None => {
                        job.queue.push_front(sd);
                        return None;
                    }
                    Some(Some(read)) => {
                        self.add_session_line(file, name, &sd, read, &mut job.tally);
                        continue;
                    }
                    Some(None) => {}
                }
                match text.get(sd.range.clone()).map(ingest::value::tree_from_slice) {
                    Some(Ok((value, flagged))) => (sd.value, sd.flagged) = (value, flagged),
                    Some(Err(err)) => {
                        let line = text.get(sd.range.clone()).unwrap_or_default();
                        let e = LoadError::from_json(name, &err, line, sd.line - 1);
                        job.stream.errors.push(e);
                        continue;
                    }
                    None => continue,
                }
            }
            // A JSON file's document range starts at byte 0 (line 1); an NDJSON document starts its line.
            let first_line = if sd.range.start == 0 { 1 } else { sd.line };
            let start = Position { line: first_line, column: 1 };
            let src = Source { file: name, text, range: sd.range.clone(), start, base: vec![] };
            let repeats = if sd.flagged { src.flagged_issues() } else { vec![] };
            let sd_first = self.docs.len();
            let kind = match (&sd.shape, &sd.value) {
                (Some(shape), Node::Array(a)) => ingest::classify_array_shaped(a, *shape),
                _ => classify(&sd.value),
            };
            match kind {
                Ok(DocKind::DocumentArray) => {
                    let Node::Array(elements) = sd.value else { continue };
                    let doc = text.get(sd.range.clone()).unwrap_or_default();
                    // The reader's own ranges when it read the array an element at a time, else a scan.
                    let ranges: Vec<Range<usize>> = if sd.elements.len() == elements.len() {
                        sd.elements
                    } else {
                        match locate::element_ranges(doc, 0) {
                            Some(r) if r.len() == elements.len() => r
                                .into_iter()
                                .map(|r| r.start + sd.range.start..r.end + sd.range.start)
                                .collect(),
                            _ => vec![],
                        }
                    };
                    let mut cursor = locate::Cursor::new(sd.range.start, start);
                    for (i, el) in elements.into_iter().enumerate() {
                        // Past the first elements, the reader kept only each one's range.
                        let (el, flagged) = match ranges.get(i).and_then(|r| text.get(r.clone())) {
                            Some(raw) if el.is_null() => reparse_flagged(raw),
                            _ => (el, false),
                        };
                        let el_first = self.docs.len();
                        let kind = classify(&el);
                        let src = src.item(&ranges, &mut cursor, [Seg::Index(i)]);
                        // Each element is a document of its own, kept by its own range (the whole
                        // array's, should the scan ever disagree with the parser).
                        let range = ranges.get(i).cloned().unwrap_or(sd.range.clone());
                        let line = if src.base.is_empty() { src.start.line } else { sd.line };
                        if let Some(mut p) = self.add_document(
                            file,
                            kind,
                            el,
                            &src,
                            Place { line, range, elements: vec![] },
                        ) {
                            self.register_items(&mut p, &src, usize::MAX, true);
                        }
                        if flagged && !sd.flagged {
                            if let Some(d) = self.docs.get_mut(el_first) {
                                Rc::make_mut(d).issues.extend(src.flagged_issues());
                            }
                        }
                    }
                }
                kind => {
                    let place =
                        Place { line: sd.line, range: sd.range.clone(), elements: sd.elements };
                    if let Some(mut p) = self.add_document(file, kind, sd.value, &src, place) {
                        p.flagged = sd.flagged;
                        p.growing = sd.growing;
                        job.pending = Some(p);
                    }
                }
            }
            // A growing array is counted once it is whole.
            let counted = |i: usize| !(sd.growing && i == sd_first);
            if let Some(d) = self.docs.get_mut(sd_first) {
                Rc::make_mut(d).issues.extend(repeats);
            }
            // Inline collections are noted as they are made (see `add_inline`) and are not the file's.
            for (i, d) in self.docs.iter().enumerate().skip(sd_first).filter(|(_, d)| !d.inline) {
                if counted(i) {
                    job.tally.document(d);
                }
                if !d.issues.is_empty() || d.kind == DocKind::Unknown {
                    self.noted.push(i);
                }
            }
            if job.pending.is_some() {
                // Its items come next, before any later document, so the order of registration holds.
                return None;
            }
        }
        if !job.stream.done() || !job.queue.is_empty() {
            return None;
        }
        // A session gains many attachments from one file; its counts are worked out once,
        // here, a share of the budget at a time (each costs about as much as reading 2 KB).
        let sessions = self.sessions.len();
        let linking = job.linking.get_or_insert_with(|| {
            // Each once, in no particular order (a sort of 300,000 would be a step of its own).
            let mut stale = std::mem::take(&mut self.stale);
            let mut seen = vec![false; sessions];
            stale.retain(|&e| e < sessions && !std::mem::replace(&mut seen[e], true));
            stale
        });
        let added = job.first_doc..self.docs.len();
        for _ in 0..(budget / 2048).max(1) {
            let Some(e) = linking.pop() else { break };
            self.refresh_links(e);
            // Every session read from this file is here once: count its warnings.
            if let Some(ent) = self
                .sessions
                .get(e)
                .filter(|x| x.source.as_ref().is_some_and(|r| added.contains(&r.doc)))
            {
                job.tally.warnings +=
                    ent.issues.iter().filter(|i| i.severity != Severity::Info).count();
            }
        }
        if !linking.is_empty() {
            return None;
        }
        // Then the search filters of the blocks whose text changed (hashing a byte of text costs a few
        // times less than reading a byte of the file, so a step hashes four times its budget).
        if !self.text_index.build(budget.saturating_mul(4)) {
            return None;
        }
        let first_doc = job.first_doc;
        // Mended places, in text order: one cursor places them all.
        let window = Window { start: job.stream.base(), bytes: &job.stream.text };
        let mut cursor = locate::Cursor::new(window.start, job.stream.base_at());
        let repairs = std::mem::take(&mut job.stream.repairs);
        let mended: Vec<Issue> = repairs
            .iter()
            .map(|r| Issue {
                severity: Severity::Warning,
                message: format!("{}; the rest of the document is loaded", r.kind),
                file: name.clone(),
                position: cursor.advance_in(window, r.offset),
            })
            .collect();
        job.tally.warnings += mended.len();
        // Each is also the warning of the session it is in, so it shows beside that session's values.
        if !repairs.is_empty() {
            let added = first_doc..self.docs.len();
            // (start, end, session), in the one key type the crate sorts (see `sort::Key`).
            let mut spans: Vec<crate::sort::Key> = (0..self.sessions.len())
                .filter_map(|e| {
                    let r = self.sessions[e].source.as_ref().filter(|r| added.contains(&r.doc))?;
                    let r = self.range_of(r)?;
                    Some((r.start as u64, r.end as u64, e as u64))
                })
                .collect();
            crate::sort::sort_keys(&mut spans);
            for (r, issue) in repairs.iter().zip(&mended) {
                let offset = r.offset as u64;
                let at = spans.partition_point(|s| s.0 <= offset);
                if let Some(&(_, _, e)) =
                    at.checked_sub(1).and_then(|i| spans.get(i)).filter(|s| offset < s.1)
                {
                    Rc::make_mut(&mut self.sessions[e as usize]).issues.push(issue.clone());
                }
            }
        }
        self.files[file].warnings = mended;
        let parsed_errors = std::mem::take(&mut job.stream.errors);
        self.files[file].errors = parsed_errors.clone();
        self.files[file].docs =
            (first_doc..self.docs.len()).filter(|&d| !self.docs[d].inline).collect();
        Some(std::mem::take(&mut job.tally).report(file, parsed_errors))
    }

    /// Adds an NDJSON line read as a session's document ([`read::read_line_text`]), as
    /// [`Dataset::add_document`] adds one parsed here.
    fn add_session_line(
        &mut self,
        file: usize,
        name: &Rc<str>,
        sd: &ingest::SourceDoc,
        read: read::ItemRead,
        tally: &mut Tally,
    ) {
        let read::Item::Session(session) = read.what else { return };
        let first_line = if sd.range.start == 0 { 1 } else { sd.line };
        let at = Placed {
            file: name,
            start: Position { line: first_line, column: 1 },
            offset: sd.range.start,
        };
        let idx = self.docs.len();
        self.docs.push(Rc::new(Document {
            file,
            line: sd.line,
            kind: DocKind::Session,
            found: None,
            range: sd.range.clone(),
            item_ranges: Vec::new(),
            item_count: 1,
            text_len: 0,
            session: None,
            issues: Vec::new(),
            inline: false,
            channel_flags: Default::default(),
        }));
        self.register_read(idx, *session, String::new(), &at);
        let repeats = at.issues(read.flagged);
        if let Some(d) = self.docs.get_mut(idx).filter(|_| !repeats.is_empty()) {
            Rc::make_mut(d).issues.extend(repeats);
        }
        if let Some(d) = self.docs.get(idx) {
            tally.document(d);
            if !d.issues.is_empty() {
                self.noted.push(idx);
            }
        }
    }

    /// Adds one document. A list or array of sessions comes back with its items still to register
    /// (see [`Dataset::register_items`]); anything else is done.
    fn add_document(
        &mut self,
        file: usize,
        detected: Result<DocKind, String>,
        value: Node,
        src: &Source,
        place: Place,
    ) -> Option<PendingItems> {
        let Place { line, range, elements } = place;
        let (kind, found) = match detected {
            Ok(kind) => (kind, None),
            Err(found) => (DocKind::Unknown, Some(found)),
        };
        let idx = self.docs.len();
        let mut issues = Vec::new();
        let mut session = None;
        let sub_table: Option<&'static [Field]> = kind.info().table;
        if matches!(kind, DocKind::SessionList)
            || sub_table.is_some()
            || kind == DocKind::ContentHits
        {
            issues.extend(src.issues(&value, anomaly::paging_findings(&value)));
        }
        if sub_table.is_some() || kind == DocKind::ContentHits {
            session = owner_of(&value);
            if session.is_none() {
                issues.push(Issue {
                    severity: Severity::Info,
                    message: format!("these {} name no session (no meta.href or meta.parent), so they are not linked to one", kind.label()),
                    file: src.file.clone(),
                    position: None,
                });
            }
        }
        if let Some(table) = sub_table {
            issues.extend(item_type_issues(table, &value, src, None));
        }
        // A list or array of sessions is opened a session at a time: note where each item lies (the
        // reader knows when it read them one at a time).
        let n = item_count_of(&value);
        let item_ranges: Vec<Range<usize>> = match &kind {
            DocKind::SessionArray | DocKind::SessionList if elements.len() == n => elements,
            DocKind::SessionArray | DocKind::SessionList => {
                let member = (kind == DocKind::SessionList).then_some("items");
                element_ranges_in(src.text, range.clone(), member, n)
            }
            _ => Vec::new(),
        };
        let search = match kind {
            DocKind::Channels | DocKind::Channel | DocKind::Events { .. } | DocKind::Alerts
                if session.is_some() =>
            {
                leaf_text(&value, String::new(), &[])
            }
            _ => String::new(),
        };
        let channel_flags = match kind {
            DocKind::Channels | DocKind::Channel => {
                crate::channel_flags::ChannelFlags::of(&items_of(&value))
            }
            _ => Default::default(),
        };
        let item_count = n;
        self.docs.push(Rc::new(Document {
            file,
            line,
            kind,
            found,
            range,
            item_ranges,
            item_count,
            text_len: len32(&search),
            session: session.clone(),
            issues,
            inline: false,
            channel_flags,
        }));
        if let Some(key) = session {
            let e = self.entry(&key);
            let a = &mut Rc::make_mut(&mut self.sessions[e]).attached;
            let list = a.of_mut(kind.info().attach);
            list.push(idx);
            if !search.is_empty() {
                self.attach_text(e, idx, &search);
            }
            self.stale.push(e);
        }
        match kind {
            DocKind::Session => {
                self.register_session(idx, &value, String::new(), src);
                None
            }
            DocKind::SessionArray | DocKind::SessionList => Some(PendingItems {
                doc: idx,
                list: kind == DocKind::SessionList,
                value,
                next: 0,
                range: src.range.clone(),
                start: src.start,
                cursor: locate::Cursor::new(src.range.start, src.start),
                flagged: false,
                growing: false,
                out: Default::default(),
            }),
            _ => None,
        }
    }

    /// Adds the elements a growing array has been read to since (see [`ingest::Stream::take_grown`]).
    fn grow(&mut self, p: &mut PendingItems, grown: Vec<Range<usize>>) {
        if grown.is_empty() {
            return;
        }
        if let Some(a) = items_mut(&mut p.value, p.list) {
            a.extend(grown.iter().map(|_| Node::Null));
        }
        if let Some(d) = self.docs.get_mut(p.doc) {
            let d = Rc::make_mut(d);
            d.item_count += grown.len();
            d.item_ranges.extend(grown);
        }
    }

    /// Registers the next items of a list or array of sessions, about `budget` bytes of them; returns
    /// the bytes done, whether every item is now in, and the warnings added to the document. Items
    /// handed out ([`FileJob::hand_out`]) go in as their reads come back; it stops at one whose
    /// reads have not.
    fn register_items(
        &mut self,
        p: &mut PendingItems,
        src: &Source,
        budget: usize,
        wait: bool,
    ) -> (usize, bool, usize) {
        let mut value = std::mem::take(&mut p.value);
        let mut spent = 0;
        let mut warned = 0;
        while spent < budget.max(1) {
            let i = p.next;
            let Some(item) = items_mut(&mut value, p.list).and_then(|a| a.get(i)) else { break };
            let path: Vec<Seg> = if p.list {
                vec![Seg::Key("items".into()), Seg::Index(i)]
            } else {
                vec![Seg::Index(i)]
            };
            let (read, at) = match p.out.front_mut().filter(|b| b.first + b.done == i) {
                Some(b) => {
                    if b.reads.is_none() && wait {
                        break;
                    }
                    let reads = b.reads.get_or_insert_with(|| {
                        read::read_all(&b.text, &b.ends, b.kind).into_iter()
                    });
                    let (Some(read), Some(&(offset, start)), Some(&end)) =
                        (reads.next(), b.starts.get(b.done), b.ends.get(b.done))
                    else {
                        break;
                    };
                    let begin = b.done.checked_sub(1).and_then(|k| b.ends.get(k)).map_or(0, |&e| e);
                    b.done += 1;
                    // What a read costs here is its registration, about a fifth of reading it.
                    spent += end.saturating_sub(begin) as usize / 5 + 64;
                    if b.done == b.ends.len() {
                        p.out.pop_front();
                    }
                    (read, Placed { file: src.file, start, offset })
                }
                None => {
                    // The document by its `Rc`, so its item ranges stay readable while sessions go in.
                    let doc = self.docs.get(p.doc).cloned();
                    let ranges = doc.as_deref().map_or(&[][..], |d| &d.item_ranges);
                    spent += ranges.get(i).map_or(512, |r| r.len()) + 64;
                    let item_src = src.item(ranges, &mut p.cursor, path.iter().cloned());
                    let text = item_src.text.get(item_src.range.clone()).unwrap_or_default();
                    // Past the first items of a large list, the reader kept only each item's range.
                    let read = match ranges.get(i).and_then(|r| src.text.get(r.clone())) {
                        Some(own) if item.is_null() => read::read_item_text(own, p.list),
                        _ => read::read_item(item, text, &item_src.base, p.list, false),
                    };
                    (
                        read,
                        Placed {
                            file: src.file,
                            start: item_src.start,
                            offset: item_src.range.start,
                        },
                    )
                }
            };
            p.next += 1;
            if !read.flagged.is_empty() && !p.flagged {
                let issues = at.issues(read.flagged);
                warned += issues.len();
                if let Some(d) = self.docs.get_mut(p.doc) {
                    Rc::make_mut(d).issues.extend(issues);
                    if !self.noted.contains(&p.doc) {
                        self.noted.push(p.doc);
                    }
                }
            }
            match read.what {
                read::Item::Session(s) => {
                    self.register_read(p.doc, *s, pointer_string(&path), &at);
                }
                read::Item::Stub { key, href } => {
                    let e = self.entry(&key);
                    Rc::make_mut(&mut self.sessions[e]).stubs.push((p.doc, href));
                }
                read::Item::Other => {}
            }
            // Freed as it goes, rather than 100,000 items at once at the end.
            if let Some(slot) = items_mut(&mut value, p.list).and_then(|a| a.get_mut(i)) {
                drop(std::mem::take(slot));
            }
        }
        let all_in = items_mut(&mut value, p.list).is_none_or(|a| p.next >= a.len());
        p.value = value;
        (spent, all_in, warned)
    }
}

/// What of a sub-collection's item is checked: its `body` when it has one (`{key, meta, body}`), else
/// the item as it is; with the path to it.
fn checked<J: Json>(item: &J) -> (&J, Option<Seg>) {
    match item.get("body").filter(|b| b.is_object()) {
        Some(body) => (body, Some(Seg::Key("body".into()))),
        None => (item, None),
    }
}

/// The type findings of every item of a sub-collection, each placed within its own item.
/// `ranges` are the items' ranges when the caller knows them; they are found otherwise.
fn item_type_issues<J: Json>(
    table: &'static [Field],
    value: &J,
    src: &Source,
    ranges: Option<Vec<Range<usize>>>,
) -> Vec<Issue> {
    let place = |src: Source, target: &J, findings: Vec<Finding>| -> Vec<Issue> {
        src.issues(target, findings.into_iter().take(50).collect())
    };
    let Some((array, member)) = items_array(value) else {
        let (target, body) = checked(value);
        return place(src.below(body), target, anomaly::type_findings(table, target));
    };
    let mut out = Vec::new();
    // Item ranges only once an item has something to place (one scan of the document for all).
    let mut ranges = ranges.filter(|r| r.len() == array.len() && member.is_none());
    let mut cursor = locate::Cursor::new(src.range.start, src.start);
    for (i, item) in array.iter().enumerate() {
        let (target, body) = checked(item);
        let findings = anomaly::type_findings(table, target);
        if findings.is_empty() {
            continue;
        }
        let ranges = ranges.get_or_insert_with(|| element_ranges_of(src, member, array.len()));
        let at = member.map(|m| Seg::Key(m.into())).into_iter().chain([Seg::Index(i)]);
        out.extend(place(src.item(ranges, &mut cursor, at).below(body), target, findings));
    }
    out
}

impl Dataset {
    fn entry(&mut self, key: &str) -> usize {
        if let Some(&i) = self.by_key.get(key) {
            return i;
        }
        let i = self.sessions.len();
        let own = key.folded();
        self.sessions.push(Rc::new(SessionEntry {
            key: key.to_string(),
            source: None,
            copies: vec![],
            stubs: vec![],
            attached: Attachments::default(),
            summary: SessionSummary::default(),
            issues: vec![],
            channel_count: None,
            alert_count: None,
            text_len: len32(&own),
        }));
        Rc::make_mut(&mut self.facet_ids).push([0; FACET_SLOTS]);
        Rc::make_mut(&mut self.tag_ids).push(Box::default());
        Rc::make_mut(&mut self.start_ms).push(NO_TIME);
        Rc::make_mut(&mut self.end_ms).push(NO_TIME);
        Rc::make_mut(&mut self.client_ids).push(0);
        Rc::make_mut(&mut self.measures).push(Measures::default());
        Rc::make_mut(&mut self.server_user_ids).push(Box::default());
        Rc::make_mut(&mut self.by_key).insert(key.to_string(), i);
        self.text_index.set(i, own);
        i
    }

    /// Registers the session document `value`, found at `pointer` in document `doc`.
    fn register_session(&mut self, doc: usize, value: &Node, pointer: String, src: &Source) {
        let read = read::read_session(
            value,
            src.text.get(src.range.clone()).unwrap_or_default(),
            &src.base,
        );
        let at = Placed { file: src.file, start: src.start, offset: src.range.start };
        self.register_read(doc, read, pointer, &at);
    }

    /// Registers a session read from the text at `at` (see [`read::read_session`]), found at
    /// `pointer` in document `doc`.
    fn register_read(&mut self, doc: usize, read: read::SessionRead, pointer: String, at: &Placed) {
        let read::SessionRead { key, summary, issues, text, inline } = read;
        let key = key.unwrap_or_else(|| format!("(no key: {} {pointer})", at.file));
        let new_rev = summary.revision;
        let mut issues = at.issues(issues);
        let new_ref = DocRef { doc, pointer };
        let e = self.entry(&key);
        if let Some(old) = self.sessions[e].source.clone() {
            let old_rev = self.sessions[e].summary.revision;
            let note = |ds: &Dataset, r: &DocRef, rev: Option<f64>| {
                let rev =
                    rev.map_or(String::new(), |r| format!(", revision {}", present::fmt_number(r)));
                format!(
                    "another copy of this session is in {} (line {}{rev})",
                    ds.file_name(r.doc),
                    ds.docs[r.doc].line
                )
            };
            // The newer revision wins; on a tie the later file wins, as it was given last.
            if new_rev.unwrap_or(f64::MIN) >= old_rev.unwrap_or(f64::MIN) {
                let msg = note(self, &old, old_rev);
                issues.push(Issue {
                    severity: Severity::Info,
                    message: msg,
                    file: at.file.clone(),
                    position: None,
                });
                Rc::make_mut(&mut self.sessions[e]).copies.push(old);
            } else {
                let msg = note(self, &new_ref, new_rev);
                let ent = Rc::make_mut(&mut self.sessions[e]);
                ent.copies.push(new_ref);
                ent.issues.push(Issue {
                    severity: Severity::Info,
                    message: msg,
                    file: at.file.clone(),
                    position: None,
                });
                return;
            }
        }
        let lower = key.folded();
        let mut search = String::with_capacity(lower.len() + text.len());
        search.push_str(&lower);
        search.push_str(&text);
        drop(text);
        // Inline collections are searched as documents of their own, as linked ones are.
        let before = self.text_layout(e);
        let file = self.docs.get(doc).map_or(0, |d| d.file);
        let fresh = self.add_inline(e, &key, file, inline, at);
        let one = FACET_ONE.map(|values| values(&summary));
        let strings = Rc::make_mut(&mut self.strings);
        let facet_ids = one.map(|v| strings.id(v));
        // (An endpoint with its client port is nearly always new: not kept.)
        let mut summary = summary;
        for s in [
            &mut summary.user,
            &mut summary.server_user,
            &mut summary.server,
            &mut summary.protocol,
            &mut summary.verdict_raw,
            &mut summary.server_host,
            &mut summary.policy,
            &mut summary.origin,
            &mut summary.client_ip,
            &mut summary.client_name,
            &mut summary.server_ip,
            &mut summary.server_name,
        ] {
            strings.share(s);
        }
        let tag_ids: Box<[u32]> = FACET_MANY(&summary).iter().map(|t| strings.id(t)).collect();
        let client = strings.id(if summary.client_ip.is_empty() {
            &summary.client
        } else {
            &summary.client_ip
        });
        let server_users: Box<[u32]> = summary.server_users.iter().map(|u| strings.id(u)).collect();
        if let (Some(f), Some(t)) = (
            Rc::make_mut(&mut self.facet_ids).get_mut(e),
            Rc::make_mut(&mut self.tag_ids).get_mut(e),
        ) {
            *f = facet_ids;
            *t = tag_ids;
        }
        let start = summary.start.as_ref().map_or(NO_TIME, |t| t.epoch_millis());
        let end = summary
            .end
            .as_ref()
            .map(|t| t.epoch_millis())
            .filter(|&x| start != NO_TIME && x >= start)
            .unwrap_or(NO_TIME);
        let (starts, ends, clients) = (
            Rc::make_mut(&mut self.start_ms),
            Rc::make_mut(&mut self.end_ms),
            Rc::make_mut(&mut self.client_ids),
        );
        if let (Some(s), Some(x), Some(c)) =
            (starts.get_mut(e), ends.get_mut(e), clients.get_mut(e))
        {
            (*s, *x, *c) = (start, end, client);
        }
        if let Some(m) = Rc::make_mut(&mut self.measures).get_mut(e) {
            (m.score, m.duration) = (summary.score, summary.effective_duration());
        }
        if let Some(u) = Rc::make_mut(&mut self.server_user_ids).get_mut(e) {
            *u = server_users;
        }
        let ent = Rc::make_mut(&mut self.sessions[e]);
        ent.source = Some(new_ref);
        ent.summary = summary;
        ent.issues = issues;
        ent.text_len = len32(&search);
        self.restage(e, &before, search, fresh);
        self.stale.push(e);
    }

    /// The pieces of session `e`'s search text in order, each with its length: its own (`None`), then
    /// its channels', events' and alerts' documents'.
    fn text_layout(&self, e: usize) -> Vec<(Option<usize>, usize)> {
        let Some(ent) = self.sessions.get(e) else { return vec![] };
        let a = &ent.attached;
        let docs = a.channels.iter().chain(&a.events).chain(&a.alerts);
        std::iter::once((None, ent.text_len as usize))
            .chain(docs.map(|&d| (Some(d), self.docs.get(d).map_or(0, |x| x.text_len as usize))))
            .collect()
    }

    /// Puts session `e`'s search text together again after its own text changed (`own`, with the
    /// documents `fresh` newly attached beside it): `before` is its [`Dataset::text_layout`] before the
    /// change; every other piece is taken from the text as it was.
    fn restage(
        &mut self,
        e: usize,
        before: &[(Option<usize>, usize)],
        own: String,
        fresh: Vec<(usize, String)>,
    ) {
        let old = self.text_index.text(e);
        let mut at = 0;
        let old_pieces: Vec<(Option<usize>, &str)> = before
            .iter()
            .map(|&(piece, n)| {
                let text = old.get(at..at + n).unwrap_or_default();
                at += n;
                (piece, text)
            })
            .collect();
        // The own text comes first: the rest is written after it, in its allocation.
        let mut text = own;
        for (piece, _) in self.text_layout(e).into_iter().skip(1) {
            match fresh.iter().find(|(f, _)| Some(*f) == piece) {
                Some((_, t)) => text.push_str(t),
                None => text
                    .push_str(old_pieces.iter().find(|(p, _)| *p == piece).map_or("", |(_, t)| *t)),
            }
        }
        self.text_index.set(e, text);
    }

    /// Writes the search text of document `d`, newly attached to session `e`, into the session's
    /// text where [`Dataset::text_layout`] puts it (every piece before it is as it was).
    fn attach_text(&mut self, e: usize, d: usize, text: &str) {
        let layout = self.text_layout(e);
        let at: usize = layout.iter().take_while(|(p, _)| *p != Some(d)).map(|(_, n)| n).sum();
        let staged = self.text_index.edit(e);
        if staged.is_char_boundary(at) {
            staged.insert_str(at, text);
        } else {
            staged.push_str(text);
        }
    }

    /// Attaches the channels, events and alerts that session `e`'s document carries inline (as arrays
    /// where the API writes links, see [`read::InlineRead`]), each as a document of its own kept by
    /// its range inside the session's text, exactly as a linked one would be; gives the search text
    /// of each document made.
    fn add_inline(
        &mut self,
        e: usize,
        key: &str,
        file: usize,
        inline: Vec<read::InlineRead>,
        at: &Placed,
    ) -> Vec<(usize, String)> {
        // The copy shown before may have carried its own; they go with it.
        let docs = &self.docs;
        // (Read first: a session without attachments is not given room for them.)
        if self.sessions[e].attached.any() {
            let a = &mut *Rc::make_mut(&mut self.sessions[e]).attached;
            for list in [&mut a.channels, &mut a.events, &mut a.alerts] {
                list.retain(|&d| !docs.get(d).is_some_and(|x| x.inline));
            }
        }
        let mut fresh = vec![];
        for i in inline {
            let idx = self.docs.len();
            let issues = at.issues(i.issues);
            if !issues.is_empty() {
                self.noted.push(idx);
            }
            let member = read::member_of(i.kind);
            self.docs.push(Rc::new(Document {
                file,
                line: at.start.then(i.start).line,
                kind: i.kind,
                found: None,
                range: at.offset + i.range.start..at.offset + i.range.end,
                item_ranges: Vec::new(),
                item_count: i.item_count,
                text_len: len32(&i.text),
                session: Some(key.to_string()),
                issues,
                inline: true,
                channel_flags: i.channel_flags,
            }));
            let a = &mut Rc::make_mut(&mut self.sessions[e]).attached;
            match member {
                "channels" => a.channels.push(idx),
                "alerts" => a.alerts.push(idx),
                _ => a.events.push(idx),
            }
            fresh.push((idx, i.text));
        }
        fresh
    }

    /// Recomputes what depends on attachments: their counts.
    fn refresh_links(&mut self, e: usize) {
        let ent = &self.sessions[e];
        let count_items = |docs: &[usize]| -> Option<usize> {
            (!docs.is_empty())
                .then(|| docs.iter().filter_map(|&d| self.docs.get(d)).map(|d| d.item_count).sum())
        };
        let channel_count = count_items(&ent.attached.channels);
        let alert_count = count_items(&ent.attached.alerts);
        if ent.channel_count != channel_count || ent.alert_count != alert_count {
            let ent = Rc::make_mut(&mut self.sessions[e]);
            ent.channel_count = channel_count;
            ent.alert_count = alert_count;
            if let Some(m) = Rc::make_mut(&mut self.measures).get_mut(e) {
                m.channels = channel_count;
            }
        }
    }

    /// What the search filters say of session `i`'s text and `probe`, without reading the text.
    pub fn text_answer(&self, i: usize, probe: &Probe) -> Answer {
        self.text_index.answer(i, probe)
    }

    /// Asks the search filters of many sessions, a block at a time.
    pub fn text_asker<'a>(&'a self, probe: &'a Probe) -> Asker<'a> {
        Asker::new(&self.text_index, probe)
    }

    /// Drops the search filters, so every query reads every text: for differential tests and
    /// measuring what the filters save.
    #[doc(hidden)]
    pub fn forget_text_index(&mut self) {
        self.text_index.set_unfiltered(true);
    }

    /// Builds every search filter anew, in one go.
    #[doc(hidden)]
    pub fn rebuild_text_index(&mut self) {
        self.text_index.set_unfiltered(false);
        self.text_index.rebuild();
    }

    /// Sessions whose text the filters let a free-text query read, neither ruled out nor answered
    /// by their rows (for measuring them).
    #[doc(hidden)]
    pub fn text_candidates(&self, query: &str) -> usize {
        let words: Vec<String> = match query.strip_prefix('"').and_then(|q| q.strip_suffix('"')) {
            Some(phrase) => vec![phrase.folded()],
            None => query.split_whitespace().map(str::to_lowercase).collect(),
        };
        let probe = Probe::new(words.iter().flat_map(|w| w.split(['*', '?'])).map(str::as_bytes));
        let mut asker = self.text_asker(&probe);
        (0..self.sessions.len()).filter(|&i| asker.answer(i) == Answer::Maybe).count()
    }

    /// Bytes the search filters take.
    pub fn text_index_bytes(&self) -> usize {
        self.text_index.filter_bytes()
    }

    /// Bytes the search text takes.
    pub fn search_text_bytes(&self) -> usize {
        self.text_index.text_bytes()
    }

    /// From now on, packs the search index's blocks without building their filters, for the caller to
    /// have them built elsewhere (see [`crate::text_index::Unfiltered`]); until then they rule
    /// nothing out.
    pub fn defer_filters(&mut self, defer: bool) {
        self.text_index.defer_filters(defer);
    }

    /// The blocks packed without their filters since the last call (see [`Dataset::defer_filters`]).
    pub fn take_unfiltered(&mut self) -> Vec<crate::text_index::Unfiltered> {
        self.text_index.take_unfiltered()
    }

    /// The lower-case text free-text search looks in for session `i`: its own, then its channels',
    /// events' and alerts', each value after a `\u{1f}` (so a word is found within one value, and
    /// each attachment's text begins a value).
    pub fn search_text(&self, i: usize) -> &str {
        self.text_index.text(i)
    }

    /// Whether `other` holds the very sessions and documents this one holds (shared copies, not
    /// equal ones), so that every question about them has the same answer: a dataset that differs
    /// only in its files' hashes, which arrive after a load, does.
    pub fn same_sessions(&self, other: &Dataset) -> bool {
        fn shared<T>(a: &[Rc<T>], b: &[Rc<T>]) -> bool {
            a.len() == b.len() && a.iter().zip(b).all(|(x, y)| Rc::ptr_eq(x, y))
        }
        shared(&self.sessions, &other.sessions)
            && shared(&self.docs, &other.docs)
            && Rc::ptr_eq(&self.strings, &other.strings)
            && Rc::ptr_eq(&self.facet_ids, &other.facet_ids)
            && Rc::ptr_eq(&self.tag_ids, &other.tag_ids)
            && Rc::ptr_eq(&self.start_ms, &other.start_ms)
            && Rc::ptr_eq(&self.end_ms, &other.end_ms)
            && Rc::ptr_eq(&self.client_ids, &other.client_ids)
            && Rc::ptr_eq(&self.measures, &other.measures)
            && Rc::ptr_eq(&self.server_user_ids, &other.server_user_ids)
    }

    /// [`Dataset::search_text`] as bytes, for scanning.
    pub fn search_bytes(&self, i: usize) -> &[u8] {
        self.text_index.bytes(i)
    }

    /// The session with this key.
    pub fn session(&self, key: &str) -> Option<&SessionEntry> {
        self.session_index(key).map(|i| &*self.sessions[i])
    }

    /// Where the session with this key is in [`Dataset::sessions`].
    pub fn session_index(&self, key: &str) -> Option<usize> {
        self.by_key.get(key).copied()
    }

    /// The document of a session (`{key, body, meta}`), when loaded, parsed from its text.
    pub fn session_doc(&self, entry: &SessionEntry) -> Option<Value> {
        self.doc_at(entry.source.as_ref()?)
    }

    /// The session document's bytes exactly as loaded.
    pub fn session_raw(&self, entry: &SessionEntry) -> Option<Cow<'_, [u8]>> {
        let r = entry.source.as_ref()?;
        self.text_of(self.docs.get(r.doc)?, self.range_of(r)?)
    }

    /// Bytes of the file a document came from.
    fn text_of(&self, doc: &Document, range: Range<usize>) -> Option<Cow<'_, [u8]>> {
        self.files.get(doc.file)?.text.get(range)
    }

    /// Document `d`'s bytes exactly as they are in its (decoded) file.
    pub fn doc_raw(&self, d: usize) -> Option<Cow<'_, [u8]>> {
        let doc = self.docs.get(d)?;
        self.text_of(doc, doc.range.clone())
    }

    /// Document `d`, parsed from its text. It parsed when loaded, so this fails only when its text
    /// can no longer be read (the file it is read back from is gone): `Null` stands in.
    pub fn doc_value(&self, d: usize) -> Value {
        self.doc_raw(d).map_or(Value::Null, |b| reparse(&b))
    }

    /// Item `i` of document `d` (a list or array of sessions), parsed alone when its place is known.
    fn doc_item(&self, d: usize, i: usize) -> Option<Value> {
        let doc = self.docs.get(d)?;
        match doc.item_ranges.get(i) {
            Some(r) => self.text_of(doc, r.clone()).map(|b| reparse(&b)),
            None => items_of(&self.doc_value(d)).get(i).map(|v| (*v).clone()),
        }
    }

    /// Where in its file's text a reference's value lies: a whole document, or one item of a list or
    /// array of sessions.
    fn range_of(&self, r: &DocRef) -> Option<Range<usize>> {
        let doc = self.docs.get(r.doc)?;
        match item_index(&r.pointer) {
            Some(i) => doc.item_ranges.get(i).cloned(),
            None if r.pointer.is_empty() => Some(doc.range.clone()),
            None => None,
        }
    }

    /// The value a reference points at, parsing only the item it names when it can.
    pub fn doc_at(&self, r: &DocRef) -> Option<Value> {
        match item_index(&r.pointer) {
            Some(i) => self.doc_item(r.doc, i),
            None => self.doc_raw(r.doc).and_then(|b| reparse(&b).pointer(&r.pointer).cloned()),
        }
    }

    /// What must be fetched from files read in windows before session `e`'s documents (its own, its
    /// other copies and every one attached to it) can be read: nothing when memory holds them.
    pub fn session_fetches(&self, e: &SessionEntry) -> Vec<Fetch> {
        let own = e.source.iter().chain(&e.copies).filter_map(|r| self.ref_fetch(r));
        own.chain(e.attached.all().filter_map(|d| self.doc_fetch(d))).collect()
    }

    /// What must be fetched before session `e`'s own document can be read, if anything.
    pub fn source_fetch(&self, e: &SessionEntry) -> Option<Fetch> {
        self.ref_fetch(e.source.as_ref()?)
    }

    fn ref_fetch(&self, r: &DocRef) -> Option<Fetch> {
        let range = self.range_of(r).or_else(|| self.docs.get(r.doc).map(|d| d.range.clone()))?;
        self.fetch_of(r.doc, range)
    }

    /// What must be fetched before document `d` can be read, if anything.
    pub fn doc_fetch(&self, d: usize) -> Option<Fetch> {
        self.fetch_of(d, self.docs.get(d)?.range.clone())
    }

    fn fetch_of(&self, d: usize, range: Range<usize>) -> Option<Fetch> {
        let file = self.docs.get(d)?.file;
        Some(Fetch { file, range: self.files.get(file)?.text.to_fetch(range)? })
    }

    /// Whether what `f` names can be read now (it was fetched, and not let go of since).
    pub fn fetched(&self, f: &Fetch) -> bool {
        self.backing(f.file).is_none_or(|b| b.ready(f.range.clone()))
    }

    /// Where the text of `file` is read back from, when it is not all held.
    pub fn backing(&self, file: usize) -> Option<&Rc<dyn Backing>> {
        self.files.get(file)?.text.backing()
    }

    /// Whether some loaded text is read back from its file rather than held: a query of document
    /// paths must then fetch the documents first ([`crate::query::documents`]).
    pub fn reads_back(&self) -> bool {
        self.files.iter().any(|f| f.text.released())
    }

    /// The file a document came from.
    pub fn file_of(&self, doc: usize) -> Option<&FileRecord> {
        self.files.get(self.docs.get(doc)?.file)
    }

    /// The name of the file a document came from ("?" for an index that names no document).
    /// The file a session was read from (its document, or else its first list stub).
    pub fn file_of_session(&self, e: &SessionEntry) -> Option<&FileRecord> {
        let doc = e.source.as_ref().map(|r| r.doc).or_else(|| e.stubs.first().map(|s| s.0))?;
        self.file_of(doc)
    }

    /// The name of the file document `doc` is in.
    pub fn file_name(&self, doc: usize) -> &str {
        self.file_of(doc).map_or("?", |f| f.name.as_str())
    }

    /// The items of the given documents, in order, parsed from their text.
    pub fn items(&self, docs: &[usize]) -> Vec<Value> {
        docs.iter()
            .filter(|&&d| d < self.docs.len())
            .flat_map(|&d| into_items(self.doc_value(d)))
            .collect()
    }

    /// Every issue a user should see on the session list: file errors, list paging, unlinked documents.
    pub fn dataset_issues(&self) -> Vec<Issue> {
        let mut out: Vec<Issue> = self
            .files
            .iter()
            .flat_map(|f| f.errors.iter())
            .map(|e| Issue {
                severity: Severity::Error,
                message: e.message(),
                file: e.file.as_str().into(),
                position: e.position,
            })
            .collect();
        out.extend(self.files.iter().flat_map(|f| f.warnings.iter().cloned()));
        for d in self.noted.iter().filter_map(|&i| self.docs.get(i)) {
            out.extend(
                d.issues
                    .iter()
                    .filter(|i| i.severity != Severity::Error || d.session.is_none())
                    .cloned(),
            );
            if let Some(why) = &d.found {
                let file = self.files[d.file].name.as_str().into();
                out.push(Issue {
                    severity: Severity::Warning,
                    message: format!("not recognised, shown as raw JSON: {why}"),
                    file,
                    position: Some(Position { line: d.line, column: 1 }),
                });
            }
        }
        out
    }

    /// Resolves an API href to what is loaded: the session key and the sub-resource named.
    pub fn resolve_href(&self, href: &str) -> Option<(String, Option<String>)> {
        let (key, sub) = session_key_from_href(href)?;
        let entry = self.session(&key)?;
        let loaded = match sub.as_deref() {
            None => entry.source.is_some(),
            Some(s) => Kind::by_name(s)
                .and_then(|k| k.attach)
                .is_some_and(|at| !entry.attached.of(Some(at)).is_empty()),
        };
        loaded.then_some((key, sub))
    }
}

/// Where a document's items are: its `items` array (with that member's name), or the document itself
/// when it is a bare array. `None` when the document is a single item.
fn items_array<J: Json>(v: &J) -> Option<(&[J], Option<&'static str>)> {
    match v.as_array() {
        Some(a) => Some((a, None)),
        None => v.get("items").and_then(Json::as_array).map(|a| (a, Some("items"))),
    }
}

/// A text's length as the search index counts it (a text over 4 GB cannot be in wasm's memory).
fn len32(text: &str) -> u32 {
    u32::try_from(text.len()).unwrap_or(u32::MAX)
}

/// The absolute ranges of the `n` items of the collection at `src` (its `member` array, or itself when
/// it is a bare array); empty when a scan of the text does not find exactly those.
fn element_ranges_of(src: &Source, member: Option<&str>, n: usize) -> Vec<Range<usize>> {
    if !src.base.is_empty() {
        return vec![];
    }
    element_ranges_in(src.text, src.range.clone(), member, n)
}

/// The absolute ranges of the `n` items of the collection whose text is `range` of `text`.
fn element_ranges_in(
    text: Window,
    range: Range<usize>,
    member: Option<&str>,
    n: usize,
) -> Vec<Range<usize>> {
    let Some(doc) = text.get(range.clone()) else { return vec![] };
    let at = match member {
        Some(m) => locate::offset_of(doc, &[Seg::Key(m.into())]),
        None => Some(0),
    };
    at.and_then(|at| locate::element_ranges(doc, at))
        .filter(|r| r.len() == n)
        .map(|r| r.into_iter().map(|r| r.start + range.start..r.end + range.start).collect())
        .unwrap_or_default()
}

/// The items of a list (`items`) or array of sessions.
fn items_mut(v: &mut Node, list: bool) -> Option<&mut Vec<Node>> {
    if list {
        v.get_mut("items")?.as_array_mut()
    } else {
        v.as_array_mut()
    }
}

/// The item a session pointer names (`/3` in an array, `/items/3` in a list).
fn item_index(pointer: &str) -> Option<usize> {
    pointer.strip_prefix("/items/").or_else(|| pointer.strip_prefix('/'))?.parse().ok()
}

/// [`items_of`], owning them.
fn into_items(v: Value) -> Vec<Value> {
    match v {
        Value::Array(a) => a,
        Value::Object(mut o) if matches!(o.get("items"), Some(Value::Array(_))) => {
            match o.remove("items") {
                Some(Value::Array(a)) => a,
                _ => vec![],
            }
        }
        Value::Object(o) => vec![Value::Object(o)],
        _ => vec![],
    }
}

/// Appends the lower-case text of every value of `v` to `out`, each after a separator and each once:
/// the text of [`path::leaves`] as [`present::text`] prints it, except that a list holding objects or
/// lists (channels, events) is read item by item rather than as its JSON, written straight into `out`
/// (this runs on every value of every document while loading). The API's `meta` blocks (links and paging) are left out:
/// every session has them, so "events" or "channels" would match them all, and they are a fifth of
/// the text. So are the top-level members named in `skip` (collections searched as documents of their own).
fn leaf_text<J: Json>(v: &J, mut out: String, skip: &[&str]) -> String {
    fn leaf<J: Json>(out: &mut String, seen: &mut Seen, v: &J) {
        let at = out.len();
        out.push('\u{1f}');
        present::write_text(v, out);
        if out[at..].is_ascii() {
            out[at..].make_ascii_lowercase();
        } else {
            let lower = out[at..].folded();
            out.truncate(at);
            out.push_str(&lower);
        }
        if seen.again(out.as_bytes(), at) {
            out.truncate(at);
        }
    }
    fn walk<J: Json>(out: &mut String, seen: &mut Seen, v: &J) {
        match v.as_array() {
            // Items (channels, events) are searched by their values, as an object's members are,
            // not as the compact JSON a cell shows: their keys are not text of the session's.
            Some(items) if items.iter().any(|x| x.is_object() || x.is_array()) => {
                items.iter().for_each(|x| walk(out, seen, x))
            }
            _ if v.is_object() && v.members().next().is_some() => v
                .members()
                .filter(|(k, x)| !(*k == "meta" && x.is_object()))
                .for_each(|(_, x)| walk(out, seen, x)),
            _ => leaf(out, seen, v),
        }
    }
    SEEN.with_borrow_mut(|seen| {
        seen.begin();
        if v.is_object() && !skip.is_empty() {
            v.members()
                .filter(|(k, _)| !skip.contains(k))
                .for_each(|(_, x)| walk(&mut out, seen, x));
        } else {
            walk(&mut out, seen, v);
        }
    });
    out.shrink_to_fit();
    out
}

/// The values a document's search text already holds, so each is written once: a search asks
/// whether a session holds a word, never how often, and channels and events repeat their user,
/// server and protocol in every item (a sixth of the generated exports' search text). An
/// open-addressed table of where each value is in the text (no hashing library: the text is there to
/// compare with), kept from one document to the next and emptied by starting a new round.
#[derive(Default)]
struct Seen {
    /// (round, hash, start, end) of each value written, by hash; a slot of an earlier round is free.
    slots: Vec<(u32, u32, u32, u32)>,
    round: u32,
    used: usize,
}

thread_local! {
    static SEEN: std::cell::RefCell<Seen> = std::cell::RefCell::default();
}

impl Seen {
    /// Forgets every value: a new document's text begins.
    fn begin(&mut self) {
        self.used = 0;
        self.round = self.round.wrapping_add(1);
        if self.round == 0 {
            self.slots.iter_mut().for_each(|s| *s = (0, 0, 0, 0));
            self.round = 1;
        }
    }

    /// Whether the value `text[at..]` was written before in this round; it is remembered if not.
    fn again(&mut self, text: &[u8], at: usize) -> bool {
        let value = &text[at..];
        let (Ok(start), Ok(end)) = (u32::try_from(at), u32::try_from(text.len())) else {
            return false;
        };
        if self.used * 2 >= self.slots.len() {
            self.grow();
        }
        let hash = Self::hash(value);
        let mask = self.slots.len() - 1;
        let mut i = hash as usize & mask;
        loop {
            let (r, h, s, e) = self.slots[i];
            if r != self.round {
                self.slots[i] = (self.round, hash, start, end);
                self.used += 1;
                return false;
            }
            if h == hash && &text[s as usize..e as usize] == value {
                return true;
            }
            i = (i + 1) & mask;
        }
    }

    fn grow(&mut self) {
        let size = (self.slots.len() * 2).max(256);
        let old = std::mem::replace(&mut self.slots, vec![(0, 0, 0, 0); size]);
        let mask = size - 1;
        for slot in old.into_iter().filter(|s| s.0 == self.round) {
            let mut i = slot.1 as usize & mask;
            while self.slots[i].0 == self.round {
                i = (i + 1) & mask;
            }
            self.slots[i] = slot;
        }
    }

    fn hash(bytes: &[u8]) -> u32 {
        (locate::hash(bytes) >> 32) as u32
    }
}

/// How many items [`items_of`] gives, without listing them.
fn item_count_of<J: Json>(v: &J) -> usize {
    items_array(v).map_or(usize::from(v.is_object()), |(a, _)| a.len())
}

/// The items of a collection document, a bare array, or the document itself when it is one item.
pub fn items_of<J: Json>(v: &J) -> Vec<&J> {
    match items_array(v) {
        Some((a, _)) => a.iter().collect(),
        None if v.is_object() => vec![v],
        None => vec![],
    }
}

/// The session a sub-collection belongs to, from its `meta.href` or `meta.parent`.
fn owner_of<J: Json>(v: &J) -> Option<String> {
    let meta = v.get("meta")?;
    ["href", "parent"]
        .iter()
        .find_map(|k| get_str(meta, k).and_then(session_key_from_href).map(|(key, _)| key))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fetches_are_read_in_file_order_with_near_ones_as_one() {
        let f = |file, range: Range<usize>| Fetch { file, range };
        let got = coalesce(
            vec![
                f(1, 500..600),
                f(0, 90..100),
                f(1, 0..10),
                f(0, 0..50),
                f(0, 40..60),
                f(1, 610..700),
            ],
            16,
        );
        assert_eq!(got, vec![f(0, 0..60), f(0, 90..100), f(1, 0..10), f(1, 500..700)]);
        assert_eq!(coalesce(vec![], 16), vec![]);
    }

    #[test]
    fn a_hash_arriving_keeps_the_same_sessions_and_a_new_file_does_not() {
        let mut ds = Dataset::new();
        ds.add_file(
            "a.ndjson",
            crate::gen::generate(50, 2).render(crate::gen::Layout::Ndjson).as_bytes(),
            Origin::Local,
        );
        let mut hashed = ds.clone();
        hashed.files[0].sha256 = Some("ab".repeat(32));
        assert!(hashed.same_sessions(&ds) && ds.same_sessions(&hashed));
        let mut more = ds.clone();
        more.add_file(
            "b.ndjson",
            crate::gen::generate(5, 9).render(crate::gen::Layout::Ndjson).as_bytes(),
            Origin::Local,
        );
        assert!(!more.same_sessions(&ds));
        let equal_not_shared = Dataset::new();
        let mut other = equal_not_shared.clone();
        other.add_file(
            "a.ndjson",
            crate::gen::generate(50, 2).render(crate::gen::Layout::Ndjson).as_bytes(),
            Origin::Local,
        );
        assert!(!other.same_sessions(&ds), "equal sessions read apart are not the same ones");
    }

    #[test]
    fn a_file_report_counts_in_words() {
        let session = |k: &str| {
            format!(
                r#"{{"key": "{k}", "body": {{"protocol": "SSH"}}, "meta": {{"href": "/api/audit/sessions/{k}"}}}}"#
            )
        };
        let mut ds = Dataset::new();
        let text = format!("{}\n{}\n[{}]\n", session("a"), session("b"), session("c"));
        assert_eq!(
            ds.add_file("f.ndjson", text.as_bytes(), Origin::Local).summary,
            "2 sessions, array of sessions (1 session)"
        );
        let text = format!(
            "[{}, {}]\n[{}, {}]\n{}\n",
            session("d"),
            session("e"),
            session("f"),
            session("g"),
            session("h")
        );
        assert_eq!(
            ds.add_file("g.ndjson", text.as_bytes(), Origin::Local).summary,
            "2 arrays of sessions (2 sessions each), session"
        );
    }

    #[test]
    fn search_text_is_every_value_once_as_presented_in_lower_case() {
        let v: Value = serde_json::from_str(
            r#"{"a": "MiXeD", "b": {"c": 1.5, "d": [1, "X", null], "e": {}}, "f": [{"g": "H"}, {"g": "h", "i": [2]}], "g": true,
                "h": "ÉTÉ", "j": "mixed"}"#,
        )
        .unwrap();
        // A list of plain values reads as its cell shows it; items are read value by value, as an
        // object's members are; a value the text already holds is not written again.
        let want = "\u{1f}mixed\u{1f}1.5\u{1f}1, x, null\u{1f}{}\u{1f}h\u{1f}2\u{1f}true\u{1f}été";
        assert_eq!(leaf_text(&v, String::new(), &[]), want);
        assert_eq!(leaf_text(&v, String::new(), &["b", "f"]), "\u{1f}mixed\u{1f}true\u{1f}été");
        // API links are not searched; a member merely named so, holding text, is.
        let mut with_meta = v.clone();
        with_meta["meta"] = serde_json::json!({"href": "/api/audit/sessions/k/events"});
        with_meta["b"]["meta"] = serde_json::json!("kept");
        assert_eq!(
            leaf_text(&with_meta, String::new(), &[]),
            "\u{1f}mixed\u{1f}1.5\u{1f}1, x, null\u{1f}{}\u{1f}kept\u{1f}h\u{1f}2\u{1f}true\u{1f}été"
        );
        // Many items, many repeats: each distinct value once, in the order first met.
        let items: Vec<Value> =
            (0..3000).map(|i| serde_json::json!({"n": i % 700, "user": "root"})).collect();
        let mut expected = String::new();
        for i in 0..700 {
            expected.push_str(&format!("\u{1f}{i}"));
            if i == 0 {
                expected.push_str("\u{1f}root");
            }
        }
        assert_eq!(leaf_text(&Value::Array(items), String::new(), &[]), expected);
    }
}
