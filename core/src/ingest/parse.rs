//! Decoding and parsing: one JSON document, or NDJSON (one document per line). A bad NDJSON line is
//! reported with its line number and skipped, so one broken line never loses the rest of the file.

use super::{items_are_sessions, repair, value, ArrayShape, ErrorKind, LoadError, Repair};
use crate::json::{Json, Node};
use crate::locate::{self, Position};
use std::borrow::Cow;
use std::rc::Rc;

/// How the file was laid out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// One JSON document.
    Json,
    /// One JSON document per line.
    Ndjson,
}

/// One top-level document and where it sits in the decoded text.
#[derive(Debug, Clone, PartialEq)]
pub struct SourceDoc {
    /// The document as loading reads it (a view parses it again, in full, from `range`).
    pub value: Node,
    /// 1-based line on which the document starts.
    pub line: usize,
    /// Byte range of the document in the decoded text.
    pub range: std::ops::Range<usize>,
    /// Something in it must be pointed at: an object repeats a key (only the last value was kept), or
    /// a number is beyond what a double holds (it is kept as written). See [`super::value::from_slice`].
    pub flagged: bool,
    /// When it was read an element at a time: each element's byte range (of its array, or of its
    /// `items`), which saves finding them again.
    pub elements: Vec<std::ops::Range<usize>>,
    /// For a top-level array read an element at a time: what its elements are, noted as they were
    /// read, so telling its kind does not walk 100,000 elements in one step.
    pub shape: Option<ArrayShape>,
    /// A large array of sessions handed over once its first elements told what it is, before the rest
    /// were read: the ranges of its later elements follow through [`Stream::take_grown`], and it is
    /// whole once [`Stream::growing`] says so.
    pub growing: bool,
    /// An NDJSON line not parsed yet (`value` is `Null`): whoever registers it parses it, or has it
    /// read elsewhere (see [`Stream::raw_lines`]).
    pub raw: bool,
}

/// How a document handed over while it grew (see [`SourceDoc::growing`]) ended.
#[derive(Debug, Clone, PartialEq)]
pub struct GrowingEnd {
    /// A list's own members (its `meta` among them), with `items` as `Null`.
    pub members: Option<Node>,
    /// Where it ended, when other documents follow it (NDJSON with a large first line); else it ends
    /// with the text.
    pub end: Option<usize>,
}

/// The result of parsing one file: its documents and the errors met on the way.
#[derive(Debug, Clone, PartialEq)]
pub struct Parsed {
    /// JSON or NDJSON.
    pub format: Format,
    /// The decoded text (UTF-8, without BOM), kept so fields can be located by line and column.
    pub text: Rc<Vec<u8>>,
    /// The documents read.
    pub docs: Vec<SourceDoc>,
    /// What could not be read, and where.
    pub errors: Vec<LoadError>,
}

/// Parses a file's bytes at once. `Err` means nothing could be loaded from it.
pub fn parse(file: &str, bytes: &[u8]) -> Result<Parsed, LoadError> {
    let mut stream = Stream::open(file, bytes.to_vec())?;
    let mut docs: Vec<SourceDoc> = Vec::new();
    while !stream.done() {
        docs.extend(stream.next_batch(usize::MAX));
        // A growing array's later elements, kept by range as a lazy array's are.
        let grown = stream.take_grown();
        if let Some(head) = docs.iter_mut().rev().find(|d| d.growing) {
            if let Node::Array(a) = &mut head.value {
                a.extend(grown.iter().map(|_| Node::Null));
            }
            head.elements.extend(grown);
            head.growing = stream.growing();
        }
    }
    Ok(Parsed {
        format: stream.format,
        docs,
        errors: std::mem::take(&mut stream.errors),
        text: stream.text,
    })
}

/// A file read a slice at a time, so a caller can yield between slices. A JSON document is parsed
/// whole when the stream opens (serde_json cannot pause inside one); NDJSON is parsed line by line.
#[derive(Debug)]
pub struct Stream {
    /// JSON or NDJSON, as far as it is known.
    pub format: Format,
    /// The decoded text (UTF-8, without BOM), or the window of it from [`Stream::base`] when the file
    /// is read in windows ([`Stream::extend`]): documents are kept as ranges of it and parsed again
    /// when shown, so it is shared with the dataset rather than copied. Positions inside the stream
    /// are of this text; the ranges it hands out are of the whole.
    pub text: Rc<Vec<u8>>,
    /// Offset in the whole text of `text`'s first byte, and its line and column.
    base: usize,
    base_at: Position,
    /// Errors met so far (bad NDJSON lines).
    pub errors: Vec<LoadError>,
    /// Places mended before parsing (bytes that are not UTF-8, lone surrogate escapes), in text order.
    pub repairs: Vec<Repair>,
    /// The text is only the start of the file (see [`Stream::cut`]): a large array or list that ends
    /// early keeps the elements read, rather than failing as truncated JSON.
    cut: bool,
    /// The text is only the start of a file still being read ([`Stream::open_prefix`]): its length
    /// in all, once whole. What may go on past the end of the start waits for [`Stream::complete`].
    more: Option<usize>,
    /// The reader stopped at the end of the start, waiting for the rest.
    starved: bool,
    /// The file began with a byte-order mark (taken off the text).
    bom: bool,
    file: String,
    /// Next byte to read, and the 0-based line it starts.
    pos: usize,
    line: usize,
    whole: Option<SourceDoc>,
    /// A large JSON array (or `{…, "items": […]}` list) read an element at a time: the whole file,
    /// or one long NDJSON line (a session list of 100,000 stubs is one 10 MB line).
    split: Option<Split>,
    split_from: usize,
    /// NDJSON lines are handed over unparsed ([`SourceDoc::raw`]): the load reads them, or has workers
    /// read them, as it registers them.
    pub raw_lines: bool,
    /// Ranges of the elements of a growing array read since [`Stream::take_grown`] was last asked.
    grown: Vec<std::ops::Range<usize>>,
    /// How a growing document ended, once it has (see [`Stream::take_end`]).
    ended: Option<GrowingEnd>,
}

/// Files at least this large are read an element at a time when their shape allows it.
const SPLIT_FROM: usize = 1 << 20;

/// Elements of a large array or list kept parsed, enough to tell its kind (as [`super::detect`] does);
/// past them, a list or array of sessions keeps only each element's range.
const KEEP: usize = 1000;

/// A member of a list object other than `items`: its key and its value's text (copied: a list read in
/// windows has let go of the text before `items` by the time its end is read).
type Member = (String, Vec<u8>);

/// The state of a JSON document read an element at a time: the elements parsed so far, and for a list
/// object its other members (by range, parsed at the end) around the place of `items`.
#[derive(Debug)]
struct Split {
    /// Where the document lies in the text (all of it, or one NDJSON line).
    range: std::ops::Range<usize>,
    /// Its 1-based first line, and the 0-based line errors count from.
    line: usize,
    line_offset: usize,
    /// Each element's byte range so far.
    ranges: Vec<std::ops::Range<usize>>,
    /// `None` for a top-level array; for an object, the members before `items` and the key's index.
    object: Option<(Vec<Member>, usize)>,
    elements: Vec<Node>,
    /// What the elements of a top-level array are, as they are read.
    shape: ArrayShape,
    /// Decided once [`KEEP`] elements are read: the document is a list or array of sessions, so the
    /// elements after those are not kept parsed (each is parsed again from its own range when it is
    /// registered). Holding 100,000 parsed sessions at once is what cost arrays 7× their size.
    lazy: Option<bool>,
    repeats: bool,
    /// Next byte to scan inside the array.
    cursor: usize,
    /// At the start, or after a comma: a value must come next.
    expect_value: bool,
    /// The array was handed over (see [`SourceDoc::growing`]); its elements from then on go to
    /// [`Stream::grown`] rather than into this split.
    growing: bool,
    /// Its start was let go of ([`Stream::extend`]): it can no longer be parsed whole.
    gone: bool,
}

impl Stream {
    /// Decodes the bytes (taking them, so a large file is not copied) and tells JSON from NDJSON.
    pub fn open(file: &str, bytes: Vec<u8>) -> Result<Stream, LoadError> {
        Stream::open_splitting_from(file, bytes, SPLIT_FROM)
    }

    /// [`Stream::open`] for bytes a [`Scan`](super::Scan) has read through and found needing no
    /// mending, so opening does not validate them again in one step. `cut` says the bytes are only the
    /// first part of a file (its size, and why; see [`Stream::cut`]): then even a small part is read an
    /// element at a time, so its complete elements load.
    pub fn open_scanned(
        file: &str,
        bytes: Vec<u8>,
        scan: &super::Scan,
        cut: Option<(u64, &str)>,
    ) -> Result<Stream, LoadError> {
        let mut s = Stream::open_with(
            file,
            bytes,
            if cut.is_some() { 0 } else { SPLIT_FROM },
            scan.needs_repair(),
        )?;
        if let Some((total, why)) = cut {
            s.cut(total, why);
        }
        Ok(s)
    }

    /// [`Stream::open`], reading JSON of at least `split_from` bytes an element at a time.
    pub fn open_splitting_from(
        file: &str,
        bytes: Vec<u8>,
        split_from: usize,
    ) -> Result<Stream, LoadError> {
        Stream::open_with(file, bytes, split_from, true)
    }

    fn open_with(
        file: &str,
        bytes: Vec<u8>,
        split_from: usize,
        mend: bool,
    ) -> Result<Stream, LoadError> {
        // Re-encoded text is new; UTF-8 is the caller's buffer, less any byte-order mark.
        let owned: Option<Vec<u8>> = match decode(file, &bytes)? {
            Cow::Owned(o) => Some(o),
            Cow::Borrowed(_) => None,
        };
        let owned_text = owned.is_some();
        let text = owned.unwrap_or_else(|| {
            let mut v = bytes;
            if v.starts_with(&[0xEF, 0xBB, 0xBF]) {
                v.drain(..3);
            }
            v
        });
        if text.iter().all(u8::is_ascii_whitespace) {
            return Err(LoadError::new(file, None, ErrorKind::Empty));
        }
        // One bad value costs that value, as in JSON.parse, not the document.
        // Re-encoded UTF-16 is checked again: a `\ud800` escape may be in it too.
        let (text, repairs) =
            if mend || owned_text { repair::repair(text) } else { (text, vec![]) };
        let mut s = Stream::new(file, text, repairs, split_from);
        if s.plan(s.text.len()) {
            return Ok(s);
        }
        match value::tree_from_slice(&s.text) {
            Ok((value, flagged)) => {
                let line = first_line(&s.text);
                s.whole = Some(SourceDoc {
                    value,
                    line,
                    range: 0..s.text.len(),
                    flagged,
                    elements: vec![],
                    shape: None,
                    growing: false,
                    raw: false,
                });
                Ok(s)
            }
            // Several documents one after another: NDJSON, if the first line stands on its own.
            Err(_) if looks_like_ndjson(&s.text) => {
                s.format = Format::Ndjson;
                Ok(s)
            }
            Err(err) => Err(LoadError::from_json(file, &err, &s.text, 0)),
        }
    }

    /// A stream over `text`, not yet told what it holds (JSON until found otherwise).
    fn new(file: &str, text: Vec<u8>, repairs: Vec<Repair>, split_from: usize) -> Stream {
        Stream {
            format: Format::Json,
            text: Rc::new(text),
            base: 0,
            base_at: Position::START,
            errors: vec![],
            repairs,
            cut: false,
            more: None,
            starved: false,
            bom: false,
            file: file.to_string(),
            pos: 0,
            line: 0,
            whole: None,
            split: None,
            split_from,
            raw_lines: false,
            grown: vec![],
            ended: None,
        }
    }

    /// Plans reading the text an element at a time, when the file (`size` bytes in all) is large enough
    /// and is an array or a list; whether it will be.
    fn plan(&mut self, size: usize) -> bool {
        if size < self.split_from {
            return false;
        }
        let line = first_line(&self.text);
        self.split = plan_split(&self.text, 0..self.text.len(), line, 0);
        self.split.is_some()
    }

    /// Opens the first part of a file still being read, so its documents go in while the rest is read
    /// ([`Stream::complete`] hands over the whole). `None` when the start cannot be read on its own:
    /// it is not plain UTF-8, it has something to mend, or it is neither a large array or list nor
    /// NDJSON; the file is then opened whole, once read.
    pub fn open_prefix(
        file: &str,
        start: Vec<u8>,
        total: usize,
        scan: &super::Scan,
    ) -> Option<Stream> {
        const BOM: [u8; 3] = [0xEF, 0xBB, 0xBF];
        let bom = start.starts_with(&BOM);
        // What the file is, is told by its first bytes: a start shorter than those cannot tell.
        let told = start.len() >= SNIFF.min(total);
        if scan.needs_repair()
            || !told
            || (!bom && !matches!(sniff(&start), Sniffed::Text))
            || total <= start.len()
        {
            return None;
        }
        let mut text = start;
        if bom {
            text.drain(..3);
        }
        let mut s = Stream::new(file, text, vec![], SPLIT_FROM);
        s.more = Some(total - if bom { 3 } else { 0 });
        s.bom = bom;
        if s.plan(total) {
            return Some(s);
        }
        if looks_like_ndjson(&s.text) {
            s.format = Format::Ndjson;
            return Some(s);
        }
        None
    }

    /// Hands over the whole file opened with [`Stream::open_prefix`] (its bytes as read, starting with
    /// the same start); `mend` when a scan of all of it found something to mend.
    pub fn complete(&mut self, mut whole: Vec<u8>, mend: bool) {
        if self.more.is_none() {
            return;
        }
        if self.bom {
            whole.drain(..3);
        }
        // Mending starts at the first bad byte, past the start (which was scanned and found sound).
        let (whole, repairs) = if mend { repair::repair(whole) } else { (whole, vec![]) };
        self.repairs = repairs;
        let before = self.text.len();
        if let Some(split) = self.split.as_mut().filter(|s| s.range.end == before) {
            split.range.end = whole.len();
        }
        self.text = Rc::new(whole);
        self.more = None;
        self.starved = false;
    }

    /// Everything in the start of a file still being read is read: the rest must come first.
    pub fn starved(&self) -> bool {
        self.starved
    }

    /// Bytes of the text in all: of the whole file, while only its start is here.
    pub fn total_len(&self) -> usize {
        self.more.unwrap_or(self.base + self.text.len())
    }

    /// Bytes of the file before its text (a byte-order mark).
    pub fn lead(&self) -> usize {
        if self.bom {
            3
        } else {
            0
        }
    }

    /// Offset in the whole text of [`Stream::text`]'s first byte (0 unless read in windows).
    pub fn base(&self) -> usize {
        self.base
    }

    /// A range of [`Stream::text`] as a range of the whole text.
    fn whole_range(&self, r: std::ops::Range<usize>) -> std::ops::Range<usize> {
        self.base + r.start..self.base + r.end
    }

    fn whole_ranges(&self, rs: Vec<std::ops::Range<usize>>) -> Vec<std::ops::Range<usize>> {
        if self.base == 0 {
            return rs;
        }
        rs.into_iter().map(|r| self.whole_range(r)).collect()
    }

    /// The first byte of the whole text that reading on may still need: what comes before it may
    /// be let go of ([`Stream::extend`]). A document read an element at a time that is not handed
    /// over while it grows needs all of itself; one that is, only what follows its last element read.
    pub fn keep_from(&self) -> usize {
        let at = match (&self.split, &self.whole) {
            (_, Some(_)) => 0,
            (Some(split), None) if split.growing => split.cursor,
            (Some(split), None) => split.range.start,
            (None, None) => self.pos.min(self.text.len()),
        };
        self.base + at
    }

    /// Hands over the next part of a file begun on its start ([`Stream::open_prefix`]) and read in
    /// windows: the text from `keep` (an offset of the whole text, at most [`Stream::keep_from`]) on,
    /// then `part`, become the text; `last` when no part follows. `mend` when the part has something
    /// to mend: the window is mended as it is opened, so its offsets are no longer the file's (it
    /// must then be the last, held to the end).
    pub fn extend(&mut self, keep: usize, part: &[u8], last: bool, mend: bool) {
        let old = self.text.len();
        let drop = keep.clamp(self.base, self.keep_from()) - self.base;
        self.base_at = self.base_at.then(locate::position(&self.text, drop));
        self.base += drop;
        let mut text = match Rc::get_mut(&mut self.text).filter(|_| drop == 0) {
            // Nothing let go of, and nobody else holds the text: it grows in place.
            Some(t) => std::mem::take(t),
            None => {
                let mut text = Vec::with_capacity(old - drop + part.len());
                text.extend_from_slice(&self.text[drop..]);
                text
            }
        };
        text.extend_from_slice(part);
        if mend {
            // The text before the part read clean, so mending starts in the part: the places read
            // so far keep their offsets.
            let (mended, repairs) = repair::repair(text);
            text = mended;
            self.repairs
                .extend(repairs.into_iter().map(|r| Repair { offset: r.offset + self.base, ..r }));
        }
        self.text = Rc::new(text);
        self.pos = self.pos.saturating_sub(drop);
        if let Some(split) = self.split.as_mut() {
            split.gone |= drop > split.range.start;
            split.cursor -= drop;
            split.range.start = split.range.start.saturating_sub(drop);
            split.range.end =
                if split.range.end == old { self.text.len() } else { split.range.end - drop };
            for r in &mut split.ranges {
                *r = r.start - drop..r.end - drop;
            }
        }
        if last {
            self.more = None;
        }
        self.starved = false;
    }

    /// Line and column of [`Stream::text`]'s first byte.
    pub fn base_at(&self) -> Position {
        self.base_at
    }

    /// Line and column of the text's offset `at` (of [`Stream::text`]).
    fn place(&self, at: usize) -> Position {
        self.base_at.then(locate::position(&self.text, at))
    }

    /// Whether everything there is to read was read.
    pub fn done(&self) -> bool {
        if self.more.is_some() {
            return false;
        }
        match self.format {
            Format::Json => self.whole.is_none() && self.split.is_none(),
            Format::Ndjson => self.pos >= self.text.len() && self.split.is_none(),
        }
    }

    /// Says that the text is only the first part of a file of `total` bytes, cut short because of
    /// `why`: what it holds is loaded (a large array or list keeps its complete elements) and the file
    /// carries a note of where it stopped.
    pub fn cut(&mut self, total: u64, why: &str) {
        self.cut = true;
        let read = (self.base + self.text.len()) as u64;
        let kind = ErrorKind::Cut { read, total, why: why.to_string() };
        self.errors.push(LoadError::new(&self.file, None, kind));
    }

    /// Stops: nothing more will be read.
    pub fn finish(&mut self) {
        self.more = None;
        self.whole = None;
        self.split = None;
        self.pos = self.text.len();
    }

    /// A large array of sessions was handed over and is still being read (see [`SourceDoc::growing`]).
    pub fn growing(&self) -> bool {
        self.split.as_ref().is_some_and(|s| s.growing)
    }

    /// How the growing document ended, once it has.
    pub fn take_end(&mut self) -> Option<GrowingEnd> {
        self.ended.take()
    }

    /// Goes on as NDJSON after a first document that ends at `end`, when what follows starts on a line
    /// of its own; whether it did.
    fn ndjson_after(&mut self, end: usize) -> bool {
        if self.format != Format::Json {
            return false;
        }
        let rest = &self.text[end..];
        let gap = rest.iter().position(|b| !b.is_ascii_whitespace()).unwrap_or(rest.len());
        if !rest[..gap].contains(&b'\n') {
            return false;
        }
        self.format = Format::Ndjson;
        self.pos = end;
        self.line = self.base_at.line - 1 + memchr::memchr_iter(b'\n', &self.text[..end]).count();
        true
    }

    /// Whether elements of the growing array were read since [`Stream::take_grown`] was last asked.
    pub fn has_grown(&self) -> bool {
        !self.grown.is_empty()
    }

    /// The ranges of the elements of the growing array read since the last call, in order.
    pub fn take_grown(&mut self) -> Vec<std::ops::Range<usize>> {
        std::mem::take(&mut self.grown)
    }

    /// Bytes of the decoded text read so far.
    pub fn position(&self) -> usize {
        match (&self.split, self.done()) {
            (_, true) => self.base + self.text.len(),
            (Some(split), false) => self.base + split.cursor,
            (None, false) => self.base + self.pos,
        }
    }

    /// The next documents, reading about `budget` bytes of NDJSON (at least one line).
    pub fn next_batch(&mut self, budget: usize) -> Vec<SourceDoc> {
        self.starved = false;
        if self.done() {
            return vec![];
        }
        if self.split.is_some() {
            return self.next_elements(budget);
        }
        if let Some(doc) = self.whole.take() {
            self.pos = self.text.len();
            return vec![doc];
        }
        let mut docs = Vec::new();
        let stop = self.pos.saturating_add(budget.max(1));
        while self.pos < self.text.len() && self.pos < stop {
            let start = self.pos;
            let end = match self.text[start..].iter().position(|&b| b == b'\n') {
                Some(i) => start + i,
                None if self.more.is_some() => {
                    // The line goes on in the part not yet read.
                    self.starved = true;
                    break;
                }
                None => self.text.len(),
            };
            self.pos = end + 1;
            let i = self.line;
            self.line += 1;
            let line = &self.text[start..end];
            if line.iter().all(u8::is_ascii_whitespace) {
                continue;
            }
            // A long line is read an element at a time too, over the next calls.
            if line.len() >= self.split_from {
                if let Some(split) = plan_split(&self.text, start..end, i + 1, i) {
                    self.split = Some(split);
                    return docs;
                }
            }
            if self.raw_lines {
                let range = self.whole_range(start..end);
                docs.push(SourceDoc {
                    value: Node::Null,
                    line: i + 1,
                    range,
                    flagged: false,
                    elements: vec![],
                    shape: None,
                    growing: false,
                    raw: true,
                });
                continue;
            }
            match value::tree_from_slice(line) {
                Ok((value, flagged)) => {
                    let range = self.whole_range(start..end);
                    docs.push(SourceDoc {
                        value,
                        line: i + 1,
                        range,
                        flagged,
                        elements: vec![],
                        shape: None,
                        growing: false,
                        raw: false,
                    })
                }
                Err(err) => self.errors.push(LoadError::from_json(&self.file, &err, line, i)),
            }
        }
        // A part that ended just after a line's end has nothing more to read either.
        self.starved |= self.pos >= self.text.len() && self.more.is_some();
        docs
    }
}

impl Stream {
    /// Parses the elements in about `budget` more bytes; at the array's end, assembles the document.
    /// Anything unexpected falls back to parsing the whole text, so errors read exactly as before.
    fn next_elements(&mut self, budget: usize) -> Vec<SourceDoc> {
        let Some(mut split) = self.split.take() else { return vec![] };
        let stop = split.cursor.saturating_add(budget.max(1));
        let end = split.range.end;
        loop {
            let text = &self.text[..end];
            let at = locate::skip_ws(text, split.cursor);
            match text.get(at) {
                // `[1,]` is not JSON: a closing bracket may not follow a comma.
                Some(b']')
                    if split.expect_value && (split.growing || !split.elements.is_empty()) =>
                {
                    return self.whole_parse(&split)
                }
                // What follows the array (a list's members after `items`) is read once it is all here.
                Some(b']') if self.more.is_some() => {
                    self.starved = true;
                    self.split = Some(split);
                    return vec![];
                }
                Some(b']') => {
                    // (The cursor stays before the bracket: should what follows break, the error is
                    // found from there.)
                    let after = at + 1;
                    // A list's own members after `items`, and where the document ends.
                    let (members, doc_end) = match split.object.take() {
                        None => (None, after),
                        Some((members, items_at)) => {
                            match list_members(text, after, members, items_at) {
                                Some((map, end)) => (Some(map), end),
                                None => return self.whole_parse(&split),
                            }
                        }
                    };
                    let followed = locate::skip_ws(text, doc_end) != text.len();
                    if followed {
                        // More documents on the lines after it: the file is NDJSON whose first line is
                        // large (a page of the API's list per line), not one document.
                        if !self.ndjson_after(doc_end) {
                            return self.whole_parse(&split);
                        }
                        split.range.end = doc_end;
                    }
                    if split.growing {
                        let end = followed.then_some(self.base + doc_end);
                        self.ended = Some(GrowingEnd { members, end });
                        return vec![];
                    }
                    return match self.assemble(&mut split, members) {
                        Some(doc) => vec![doc],
                        None => self.whole_parse(&split),
                    };
                }
                Some(b',') if split.expect_value => return self.whole_parse(&split),
                Some(b',') => {
                    split.expect_value = true;
                    split.cursor = at + 1;
                }
                Some(_) if !split.expect_value => return self.whole_parse(&split),
                Some(_) if split.cursor >= stop => {
                    self.split = Some(split);
                    return vec![];
                }
                // The element may go on in the part of the file not yet read.
                None if self.more.is_some() => {
                    self.starved = true;
                    self.split = Some(split);
                    return vec![];
                }
                Some(_) => {
                    let end = locate::value_end(text, at);
                    // A value that reaches the end of the start may go on past it (a number, say).
                    if self.more.is_some() && end.is_none_or(|end| end == text.len()) {
                        self.starved = true;
                        self.split = Some(split);
                        return vec![];
                    }
                    let Some(value_end) = end else { return self.end_early(split) };
                    if split.growing {
                        // Its kind is settled: each element is read once, when it is registered.
                        self.grown.push(self.base + at..self.base + value_end);
                        split.cursor = value_end;
                        split.expect_value = false;
                        continue;
                    }
                    let element = &text[at..value_end];
                    // Past the first elements of a list or array of sessions, only what telling its
                    // kind needs is read now: each is read in full once, when it is registered.
                    let kept = if split.lazy == Some(true) {
                        let Ok(facts) = value::element_facts(element) else {
                            return self.whole_parse(&split);
                        };
                        if split.object.is_none() {
                            split.shape.add_facts(facts);
                        }
                        Node::Null
                    } else {
                        let Ok((v, repeats)) = value::tree_from_slice(element) else {
                            return self.whole_parse(&split);
                        };
                        if split.object.is_none() {
                            split.shape.add(&v);
                        }
                        if split.elements.len() == KEEP && split.lazy.is_none() {
                            split.lazy = Some(match split.object {
                                None => split.shape.sessions(),
                                Some(_) => items_are_sessions(&split.elements, None),
                            });
                        }
                        split.repeats |= repeats;
                        if split.lazy == Some(true) {
                            Node::Null
                        } else {
                            v
                        }
                    };
                    split.elements.push(kept);
                    split.ranges.push(at..value_end);
                    split.cursor = value_end;
                    split.expect_value = false;
                    // An array of sessions, or a list of whole sessions (a `fields=*` export): its first
                    // rows need not wait for its last element. (A list of stubs waits for its own link,
                    // after `items`, which may say they are not sessions.)
                    let whole_sessions =
                        || split.elements.iter().take(KEEP).all(super::is_session_document);
                    if split.lazy == Some(true) && (split.object.is_none() || whole_sessions()) {
                        split.growing = true;
                        let items = Node::Array(std::mem::take(&mut split.elements));
                        let value = match &split.object {
                            None => items,
                            Some((members, items_at)) => list_so_far(members, *items_at, items),
                        };
                        let doc = SourceDoc {
                            value,
                            line: split.line,
                            range: self.whole_range(split.range.clone()),
                            flagged: split.repeats,
                            elements: self.whole_ranges(std::mem::take(&mut split.ranges)),
                            shape: split.object.is_none().then_some(split.shape),
                            growing: true,
                            raw: false,
                        };
                        self.split = Some(split);
                        return vec![doc];
                    }
                }
                None => return self.end_early(split),
            }
        }
    }

    /// The text ended inside the array: a file that was cut keeps the elements read so far; any
    /// other is parsed whole, so its error reads as it always did.
    fn end_early(&mut self, mut split: Split) -> Vec<SourceDoc> {
        if !self.cut {
            return self.whole_parse(&split);
        }
        self.split = None;
        self.pos = self.text.len();
        if split.growing {
            return vec![];
        }
        let value = match split.object.take() {
            None => Node::Array(std::mem::take(&mut split.elements)),
            Some((members, items_at)) => {
                list_so_far(&members, items_at, Node::Array(std::mem::take(&mut split.elements)))
            }
        };
        let elements = self.whole_ranges(std::mem::take(&mut split.ranges));
        let range = self.whole_range(split.range.start..split.cursor.min(split.range.end));
        let shape = split.object.is_none().then_some(split.shape);
        vec![SourceDoc {
            value,
            line: split.line,
            range,
            flagged: split.repeats,
            elements,
            shape,
            growing: false,
            raw: false,
        }]
    }

    /// The document from its parsed elements and (for a list object) its other members.
    fn assemble(&self, split: &mut Split, members: Option<Node>) -> Option<SourceDoc> {
        let value = match members {
            None => {
                // Elements not kept must be ones registered one by one; anything else is parsed whole.
                if split.lazy == Some(true) && !split.shape.one_by_one() {
                    return None;
                }
                Node::Array(std::mem::take(&mut split.elements))
            }
            Some(mut map) => {
                // Items not kept must be sessions, as the list's own link may say otherwise.
                let href = map.get("meta").and_then(|m| crate::path::get_str(m, "href"));
                if split.lazy == Some(true)
                    && !items_are_sessions(&split.elements[..KEEP.min(split.elements.len())], href)
                {
                    return None;
                }
                map.set("items", Node::Array(std::mem::take(&mut split.elements)));
                map
            }
        };
        let elements = self.whole_ranges(std::mem::take(&mut split.ranges));
        let shape = (!value.is_object()).then_some(split.shape);
        Some(SourceDoc {
            value,
            line: split.line,
            range: self.whole_range(split.range.clone()),
            flagged: split.repeats,
            elements,
            shape,
            growing: false,
            raw: false,
        })
    }

    /// The document parsed whole, as if it had never been split, so its error reads the same. (An
    /// array already handed over keeps the elements read before the error.)
    fn whole_parse(&mut self, split: &Split) -> Vec<SourceDoc> {
        self.split = None;
        if split.gone {
            self.parse_rest(split);
            return vec![];
        }
        match value::tree_from_slice(&self.text[split.range.clone()]) {
            Ok(_) if split.growing => vec![],
            Ok((value, flagged)) => {
                vec![SourceDoc {
                    value,
                    line: split.line,
                    range: self.whole_range(split.range.clone()),
                    flagged,
                    elements: vec![],
                    shape: None,
                    growing: false,
                    raw: false,
                }]
            }
            Err(err) => {
                let text = &self.text[split.range.clone()];
                self.errors.push(LoadError::from_json(&self.file, &err, text, split.line_offset));
                vec![]
            }
        }
    }
}

impl Stream {
    /// The error a whole parse of a document read in windows would meet, its start let go of: what
    /// follows its last element read, parsed behind a stand-in for what came before (an array, or a
    /// list's `items`, that far), so the message and its place read as the whole parse's.
    fn parse_rest(&mut self, split: &Split) {
        let mut stand_in: Vec<u8> =
            if split.object.is_some() { b"{\"items\":[0".to_vec() } else { b"[0".to_vec() };
        // Elements were read before the start was let go of: the cursor is past one, or past its comma.
        if split.expect_value {
            stand_in.push(b',');
        }
        let lead = stand_in.len();
        stand_in
            .extend_from_slice(self.text.get(split.cursor..split.range.end).unwrap_or_default());
        if let Err(err) = value::tree_from_slice(&stand_in) {
            let mut e = LoadError::from_json(&self.file, &err, &stand_in, 0);
            let at = self.place(split.cursor);
            e.position = e.position.map(|p| match p.line {
                1 => at.then(Position { line: 1, column: p.column.saturating_sub(lead).max(1) }),
                _ => at.then(p),
            });
            self.errors.push(e);
        }
    }
}

/// A list as far as it is read: its members before `items` (the first `items_at` of `members`; any
/// that do not parse left out), then `items`.
fn list_so_far(members: &[Member], items_at: usize, items: Node) -> Node {
    let mut map = Node::Object(vec![]);
    for (key, raw) in members.iter().take(items_at) {
        if let Ok((v, _)) = value::tree_from_slice(raw) {
            map.set(key, v);
        }
    }
    map.set("items", items);
    map
}

/// A list object's members (`members` before `items` and the rest read from `cursor`, just past the
/// `]` of `items`, up to its closing brace), parsed, with `items` as `Null` in its place, and where the
/// object ends. `None` for anything a whole parse must decide: a repeated key, or text that is not an
/// object.
fn list_members(
    text: &[u8],
    cursor: usize,
    mut members: Vec<Member>,
    items_at: usize,
) -> Option<(Node, usize)> {
    let mut pos = locate::skip_ws(text, cursor);
    loop {
        match text.get(pos)? {
            b'}' => break,
            b',' => {
                let key_at = locate::skip_ws(text, pos + 1);
                let (key, after) = locate::string_at(text, key_at)?;
                let colon = locate::skip_ws(text, after);
                (text.get(colon)? == &b':').then_some(())?;
                let start = locate::skip_ws(text, colon + 1);
                let end = locate::value_end(text, start)?;
                members.push((key, text[start..end].to_vec()));
                pos = locate::skip_ws(text, end);
            }
            _ => return None,
        }
    }
    let end = pos + 1;
    let mut map = Node::Object(vec![]);
    let mut repeats = false;
    for (i, (key, raw)) in members.iter().enumerate() {
        if i == items_at {
            map.set("items", Node::Null);
        }
        let (v, r) = value::tree_from_slice(raw).ok()?;
        repeats |= r || map.get(key).is_some();
        map.set(key, v);
    }
    if items_at >= members.len() {
        map.set("items", Node::Null);
    }
    // A repeated key around `items`: let the whole parse decide, as JSON.parse would.
    (!repeats && matches!(map.get("items"), Some(Node::Null))).then_some((map, end))
}

/// Whether a large JSON text (`range` of `text`) can be read an element at a time: an array, or an
/// object whose `items` is an array (the members before it are noted; those after it are read at the end).
fn plan_split(
    text: &[u8],
    range: std::ops::Range<usize>,
    line: usize,
    line_offset: usize,
) -> Option<Split> {
    let text = text.get(..range.end)?;
    let at = locate::skip_ws(text, range.start);
    let split = |object, cursor| Split {
        range: range.clone(),
        line,
        line_offset,
        ranges: vec![],
        object,
        elements: vec![],
        shape: ArrayShape::default(),
        lazy: None,
        repeats: false,
        cursor,
        expect_value: true,
        growing: false,
        gone: false,
    };
    match text.get(at)? {
        b'[' => Some(split(None, at + 1)),
        b'{' => {
            let mut members = Vec::new();
            let mut pos = locate::skip_ws(text, at + 1);
            loop {
                let (key, after) = locate::string_at(text, pos)?;
                let colon = locate::skip_ws(text, after);
                (text.get(colon)? == &b':').then_some(())?;
                let start = locate::skip_ws(text, colon + 1);
                if key == "items" {
                    (text.get(start)? == &b'[').then_some(())?;
                    let items_at = members.len();
                    return Some(split(Some((members, items_at)), start + 1));
                }
                let end = locate::value_end(text, start)?;
                members.push((key, text[start..end].to_vec()));
                pos = locate::skip_ws(text, end);
                (text.get(pos)? == &b',').then_some(())?;
                pos = locate::skip_ws(text, pos + 1);
            }
        }
        _ => None,
    }
}

/// The 1-based line on which a JSON text's value starts.
fn first_line(text: &[u8]) -> usize {
    let start = text.iter().position(|b| !b.is_ascii_whitespace()).unwrap_or(0);
    1 + text[..start].iter().filter(|&&b| b == b'\n').count()
}

fn looks_like_ndjson(text: &[u8]) -> bool {
    let mut lines = text.split(|&b| b == b'\n').filter(|l| !l.iter().all(u8::is_ascii_whitespace));
    let Some(first) = lines.next() else { return false };
    lines.next().is_some() && serde_json::from_slice::<serde::de::IgnoredAny>(first).is_ok()
}

/// UTF-8 with or without BOM, or UTF-16 with or without a BOM (Windows tools write it). Files that
/// are plainly not text are named for what they are, rather than failing at "line 1, column 1".
fn decode<'a>(file: &str, bytes: &'a [u8]) -> Result<Cow<'a, [u8]>, LoadError> {
    match bytes {
        [0xEF, 0xBB, 0xBF, rest @ ..] => Ok(Cow::Borrowed(rest)),
        [0xFF, 0xFE, rest @ ..] => utf16(file, rest, u16::from_le_bytes),
        [0xFE, 0xFF, rest @ ..] => utf16(file, rest, u16::from_be_bytes),
        _ => match sniff(bytes) {
            Sniffed::Text => Ok(Cow::Borrowed(bytes)),
            Sniffed::Utf16Le => utf16(file, bytes, u16::from_le_bytes),
            Sniffed::Utf16Be => utf16(file, bytes, u16::from_be_bytes),
            Sniffed::Binary(what) => Err(LoadError::new(file, None, ErrorKind::NotText(what))),
        },
    }
}

enum Sniffed {
    Text,
    Utf16Le,
    Utf16Be,
    Binary(&'static str),
}

/// Bytes [`sniff`] looks at.
const SNIFF: usize = 4096;

/// Looks at the first bytes only, so a 200 MB file costs nothing here.
fn sniff(bytes: &[u8]) -> Sniffed {
    const MAGIC: &[(&[u8], &str)] = &[
        (b"\x1f\x8b", "a gzip-compressed file (decompress it first, then open the JSON inside)"),
        (b"PK\x03\x04", "a ZIP archive (extract it first, then open the JSON files inside)"),
        (b"\x89PNG", "a PNG image"),
        (b"\xff\xd8\xff", "a JPEG image"),
        (b"%PDF", "a PDF document"),
        (b"BZh", "a bzip2-compressed file (decompress it first)"),
        (b"\xfd7zXZ", "an xz-compressed file (decompress it first)"),
        (b"7z\xbc\xaf", "a 7-Zip archive (extract it first)"),
    ];
    if let Some((_, what)) = MAGIC.iter().find(|(m, _)| bytes.starts_with(m)) {
        return Sniffed::Binary(what);
    }
    let head = &bytes[..bytes.len().min(SNIFF)];
    if !head.contains(&0) {
        return Sniffed::Text;
    }
    // JSON starts with ASCII, so UTF-16 shows as every other byte zero.
    let pairs = &head[..head.len() & !1];
    let mostly = |odd: usize| {
        pairs.chunks_exact(2).filter(|c| c[odd] == 0).count() * 4 >= pairs.len() / 2 * 3
    };
    let no_nul = pairs.chunks_exact(2).all(|c| c != [0, 0]);
    if pairs.len() >= 2 && no_nul && mostly(1) {
        Sniffed::Utf16Le
    } else if pairs.len() >= 2 && no_nul && mostly(0) {
        Sniffed::Utf16Be
    } else {
        Sniffed::Binary("binary data (it holds NUL bytes)")
    }
}

fn utf16<'a>(
    file: &str,
    rest: &[u8],
    word: fn([u8; 2]) -> u16,
) -> Result<Cow<'a, [u8]>, LoadError> {
    if !rest.len().is_multiple_of(2) {
        return Err(LoadError::new(file, None, ErrorKind::OddUtf16));
    }
    let units = rest.chunks_exact(2).map(|c| word([c[0], c[1]]));
    let s: String =
        char::decode_utf16(units).map(|r| r.unwrap_or(char::REPLACEMENT_CHARACTER)).collect();
    Ok(Cow::Owned(s.into_bytes()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn invalid_json_names_line_and_column() {
        let err = parse("bad.json", b"{\n  \"key\": \"a\",\n  \"body\": {,}\n}").unwrap_err();
        let pos = err.position.unwrap();
        assert_eq!((pos.line, pos.column), (3, 12));
        assert!(err.to_string().starts_with("bad.json, line 3, column 12: invalid JSON"), "{err}");
    }

    #[test]
    fn truncated_json_says_so() {
        let err = parse("cut.json", b"{\"items\": [{\"key\": \"1\"").unwrap_err();
        assert!(err.message().contains("truncated"), "{}", err.message());
    }

    #[test]
    fn ndjson_keeps_good_lines_and_reports_bad_ones() {
        let p = parse("x.ndjson", b"{\"a\":1}\n\n{\"b\":2\n{\"c\":3}\n").unwrap();
        assert_eq!(p.format, Format::Ndjson);
        assert_eq!(p.docs.iter().map(|d| d.line).collect::<Vec<_>>(), vec![1, 4]);
        assert_eq!(p.errors.len(), 1);
        assert_eq!(p.errors[0].position.unwrap().line, 3);
    }

    #[test]
    fn bom_and_utf16_decode() {
        let p = parse("bom.json", b"\xEF\xBB\xBF{\"a\": 1}").unwrap();
        assert_eq!(p.docs[0].value.to_value()["a"], 1);
        let mut le = vec![0xFF, 0xFE];
        for u in "{\"é\": 2}".encode_utf16() {
            le.extend_from_slice(&u.to_le_bytes());
        }
        assert_eq!(parse("u16.json", &le).unwrap().docs[0].value.to_value()["é"], 2);
    }

    #[test]
    fn binary_files_are_named_and_utf16_without_mark_decodes() {
        let err = parse("x.gz", b"\x1f\x8b\x08\x00rest").unwrap_err();
        assert!(err.message().starts_with("this is a gzip-compressed file"), "{}", err.message());
        let err = parse("x.bin", b"{\"a\": \x00\x01\x02}").unwrap_err();
        assert_eq!(err.message(), "this is binary data (it holds NUL bytes), not JSON text");
        let le: Vec<u8> = "{\"k\": \"é\"}".encode_utf16().flat_map(u16::to_le_bytes).collect();
        assert_eq!(parse("le.json", &le).unwrap().docs[0].value.to_value()["k"], "é");
        let be: Vec<u8> = "[1, 2]".encode_utf16().flat_map(u16::to_be_bytes).collect();
        assert_eq!(parse("be.json", &be).unwrap().docs[0].value.to_value()[1], 2);
    }

    /// Everything read an element at a time, with a tiny budget.
    fn drained(text: &str) -> (Vec<SourceDoc>, Vec<String>) {
        match Stream::open_splitting_from("f.json", text.as_bytes().to_vec(), 0) {
            Ok(mut s) => {
                let mut docs = vec![];
                while !s.done() {
                    docs.extend(s.next_batch(3));
                }
                (docs, s.errors.iter().map(ToString::to_string).collect())
            }
            Err(e) => (vec![], vec![e.to_string()]),
        }
    }

    #[test]
    fn long_ndjson_lines_read_an_element_at_a_time_agree_with_reading_them_whole() {
        let lines = [
            r#"{"key": "first"}"#,
            r#"[{"key": "a", "body": {"x": [1, "]", {"y": "\"]"}]}}, {"key": "b"}]"#,
            r#"  { "meta": {"href": "/x"}, "items": [ {"a": 1} , {"b": [2]} ], "after": {"c": "}"} }  "#,
            "[1,]",
            r#"{"items": [1, 2"#,
            r#"{"items": [1], "items": [2]}"#,
            "[1] x",
            r#"{"items": [{"k": 1, "k": 2}]}"#,
            r#"{"key": "last"}"#,
        ];
        let text = lines.join("\r\n");
        let read = |split_from: usize, budget: usize| {
            let mut s =
                Stream::open_splitting_from("f.ndjson", text.as_bytes().to_vec(), split_from)
                    .unwrap();
            assert_eq!(s.format, Format::Ndjson);
            let mut docs = vec![];
            while !s.done() {
                docs.extend(s.next_batch(budget));
            }
            for d in &docs {
                // Element ranges, when given, are each element's exact text.
                let items = d.value.get("items").unwrap_or(&d.value).as_array();
                for (r, v) in d.elements.iter().zip(items.into_iter().flatten()) {
                    assert_eq!(&value::tree_from_slice(&s.text[r.clone()]).unwrap().0, v);
                }
                assert!(
                    d.elements.is_empty() || d.elements.len() == items.map_or(0, <[Node]>::len)
                );
            }
            let docs: Vec<_> =
                docs.into_iter().map(|d| (d.value, d.line, d.range, d.flagged)).collect();
            (docs, s.errors.iter().map(ToString::to_string).collect::<Vec<_>>())
        };
        let whole = read(usize::MAX, usize::MAX);
        assert_eq!(whole.1.len(), 3, "{:?}", whole.1);
        for budget in [1, 5, usize::MAX] {
            assert_eq!(read(0, budget), whole, "in steps of {budget} bytes");
        }
    }

    #[test]
    fn reading_elements_one_at_a_time_agrees_with_the_whole_parse() {
        let cases = [
            r#"[{"key": "a", "body": {"x": [1, "]", {"y": "\"]"}]}}, {"key": "b"}]"#,
            r#"  { "meta": {"href": "/x"}, "items": [ {"a": 1} , {"b": [2]} ], "after": {"c": "}"} }  "#,
            r#"{"items": []}"#,
            "[]",
            "[1,]",
            "[1 2]",
            "[,1]",
            r#"{"items": [1, 2"#,
            r#"{"items": [1], "items": [2]}"#,
            r#"{"a": 1, "a": 2, "items": [1]}"#,
            r#"[{"k": 1, "k": 2}]"#,
            "[1] x",
            r#"{"items": [1]} {"#,
        ];
        for text in cases {
            let whole = match parse("f.json", text.as_bytes()) {
                Ok(p) => (p.docs, p.errors.iter().map(ToString::to_string).collect::<Vec<_>>()),
                Err(e) => (vec![], vec![e.to_string()]),
            };
            let split = drained(text);
            assert_eq!(
                split.0.iter().map(|d| (&d.value, d.flagged)).collect::<Vec<_>>(),
                whole.0.iter().map(|d| (&d.value, d.flagged)).collect::<Vec<_>>(),
                "{text}"
            );
            assert_eq!(split.1, whole.1, "{text}");
        }
    }

    #[test]
    fn empty_and_deep_inputs_are_errors() {
        assert_eq!(parse("e.json", b"  \n").unwrap_err().message(), "the file is empty");
        let deep = "[".repeat(5000);
        assert!(parse("deep.json", deep.as_bytes()).unwrap_err().message().contains("128 levels"));
    }
}
