//! Finding *where* in the source text something is: byte offset → line and column, and the offset of
//! the value at a path. serde_json reports positions only for syntax errors; wrong-typed fields are
//! found after parsing, so this small scanner walks the text to the field to name its line and column.

use crate::path::Seg;

/// A 1-based line and column (columns count characters, as editors do).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Position {
    /// The line, from 1.
    pub line: usize,
    /// The column in characters, from 1.
    pub column: usize,
}

impl std::fmt::Display for Position {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "line {}, column {}", self.line, self.column)
    }
}

impl Position {
    /// The first line and column of a text.
    pub const START: Position = Position { line: 1, column: 1 };

    /// Where `within`, a position in a text that starts at `self`, is in the enclosing text: a finding
    /// inside one session of a large array is counted within the session, then placed by where the
    /// session starts, so no finding counts lines from the start of the file.
    pub fn then(self, within: Position) -> Position {
        if within.line == 1 {
            Position { line: self.line, column: self.column + within.column - 1 }
        } else {
            Position { line: self.line + within.line - 1, column: within.column }
        }
    }
}

/// Line and column of a byte offset in `text`.
pub fn position(text: &[u8], offset: usize) -> Position {
    Position::START.then(advance(text.get(..offset.min(text.len())).unwrap_or_default()))
}

/// The position reached by reading `text` from line 1, column 1.
fn advance(text: &[u8]) -> Position {
    let lines = memchr::memchr_iter(b'\n', text).count();
    let line_start = memchr::memrchr(b'\n', text).map_or(0, |i| i + 1);
    Position { line: lines + 1, column: chars(&text[line_start..]) + 1 }
}

/// Characters in UTF-8 text, as editors count columns: the bytes that start a character. (In invalid
/// UTF-8 a stray continuation byte counts for nothing; the column is still near enough to find it.)
fn chars(text: &[u8]) -> usize {
    // Eight bytes at a time: a continuation byte has its top bit set and the next one clear (a JSON
    // array written on one line is one line of hundreds of megabytes, counted to every session).
    const TOP: u64 = 0x8080_8080_8080_8080;
    let words = text.chunks_exact(8);
    let tail = words.remainder();
    let continuations: usize = words
        .map(|w| {
            let w = u64::from_le_bytes([w[0], w[1], w[2], w[3], w[4], w[5], w[6], w[7]]);
            (w & !(w << 1) & TOP).count_ones() as usize
        })
        .sum();
    text.len() - continuations - tail.iter().filter(|&&b| b & 0xC0 == 0x80).count()
}

#[cfg(test)]
#[test]
fn characters_are_counted_as_their_first_bytes() {
    let text = "aé€𝄞 naïve — ünïcödé, and plain ASCII past eight bytes: 0123456789é";
    for start in 0..text.len() {
        for end in start..=text.len() {
            let bytes = &text.as_bytes()[start..end];
            assert_eq!(chars(bytes), bytes.iter().filter(|&&b| b & 0xC0 != 0x80).count());
        }
    }
}

/// Line and column of offsets met in increasing order, each counted from the one before, so placing
/// every finding of a file reads the file once. It starts at a known place (a document's first byte).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Cursor {
    offset: usize,
    at: Position,
}

impl Cursor {
    /// A cursor at byte `offset` of a text, which is at `at`.
    pub fn new(offset: usize, at: Position) -> Cursor {
        Cursor { offset, at }
    }

    /// The position of `offset` in `text`, moving the cursor there; `None` for an offset behind it
    /// (or past the text), which the caller places some other way.
    pub fn advance(&mut self, text: &[u8], offset: usize) -> Option<Position> {
        self.advance_in(crate::file_text::Window { start: 0, bytes: text }, offset)
    }

    /// The offset it is at.
    pub fn offset(&self) -> usize {
        self.offset
    }

    /// [`Cursor::advance`] within a window of the text (offsets are the whole text's).
    pub fn advance_in(
        &mut self,
        text: crate::file_text::Window,
        offset: usize,
    ) -> Option<Position> {
        let between = text.get(self.offset..offset)?;
        self.at = self.at.then(advance(between));
        self.offset = offset;
        Some(self.at)
    }
}

/// Byte offset of the value at `path` in the JSON text, or `None` if the text does not hold it.
pub fn offset_of(text: &[u8], path: &[Seg]) -> Option<usize> {
    offsets_of(text, &[path]).pop().flatten()
}

/// Byte offset of the value at each of `paths` in the JSON text, found in one read of it: a document
/// with several findings is walked once, not once per finding, and only as far as its last one. Where
/// an object repeats a key, the first is found, as [`offset_of`] finds it.
pub fn offsets_of(text: &[u8], paths: &[&[Seg]]) -> Vec<Option<usize>> {
    walk_to(text, paths, false).into_iter().map(|s| s.map(|s| s.range.start)).collect()
}

/// Where the value at each of `paths` lies in the JSON text, and where each of its elements does when
/// it is an array, all in one read of the text (as [`offsets_of`], but each value is read to its end).
pub fn spans_of(text: &[u8], paths: &[&[Seg]]) -> Vec<Option<Span>> {
    walk_to(text, paths, true)
}

/// A value's place in a JSON text: its byte range, and its elements' when it is an array.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Span {
    /// Where the value is.
    pub range: std::ops::Range<usize>,
    /// Where each of its elements is, when it is an array.
    pub elements: Vec<std::ops::Range<usize>>,
}

fn walk_to(text: &[u8], paths: &[&[Seg]], whole: bool) -> Vec<Option<Span>> {
    let mut found = Found { at: vec![None; paths.len()], left: paths.len(), whole };
    if paths.is_empty() {
        return found.at;
    }
    let mut s = Scanner { text, pos: 0 };
    s.ws();
    let wanted: Vec<usize> = (0..paths.len()).collect();
    s.find(paths, &wanted, 0, &mut found);
    found.at
}

/// What a walk to some paths has found so far, and how many are still to find.
struct Found {
    at: Vec<Option<Span>>,
    left: usize,
    /// Each value is read to its end, its elements noted.
    whole: bool,
}

impl Found {
    /// Notes where the paths `ending` lead; `None` once every path is found, which ends the walk.
    fn note(
        &mut self,
        ending: &[usize],
        range: std::ops::Range<usize>,
        elements: &[std::ops::Range<usize>],
    ) -> Option<()> {
        for &w in ending {
            if self.at[w].is_none() {
                self.at[w] = Some(Span { range: range.clone(), elements: elements.to_vec() });
                self.left -= 1;
            }
        }
        (self.left > 0).then_some(())
    }
}

/// FxHash's multiply-and-rotate, eight bytes at a time, for short names and values: a collision
/// costs only a comparison wherever it is used.
pub(crate) fn hash(bytes: &[u8]) -> u64 {
    const K: u64 = 0x51_7c_c1_b7_27_22_0a_95;
    let mut h = bytes.len() as u64;
    let mut chunks = bytes.chunks_exact(8);
    for c in &mut chunks {
        h = (h.rotate_left(5) ^ u64::from_le_bytes(c.try_into().unwrap_or_default()))
            .wrapping_mul(K);
    }
    let mut last = [0u8; 8];
    last[..chunks.remainder().len()].copy_from_slice(chunks.remainder());
    (h.rotate_left(5) ^ u64::from_le_bytes(last)).wrapping_mul(K)
}

/// The offset of the first non-whitespace byte at or after `pos`.
pub fn skip_ws(text: &[u8], pos: usize) -> usize {
    let mut s = Scanner { text, pos };
    s.ws();
    s.pos
}

/// The end offset of the JSON value starting at `pos` (after whitespace), if it is well formed enough
/// to be skipped.
pub fn value_end(text: &[u8], pos: usize) -> Option<usize> {
    let mut s = Scanner { text, pos };
    s.skip_value()?;
    Some(s.pos)
}

/// The byte range of each element of the array whose `[` is at `pos` (after whitespace), so one
/// element can be parsed without the rest. `None` when the text there is not such an array.
pub fn element_ranges(text: &[u8], pos: usize) -> Option<Vec<std::ops::Range<usize>>> {
    let mut s = Scanner { text, pos };
    s.ws();
    s.expect(b'[')?;
    let mut out = Vec::new();
    s.ws();
    if s.peek() == Some(b']') {
        return Some(out);
    }
    loop {
        s.ws();
        let start = s.pos;
        s.skip_value()?;
        out.push(start..s.pos);
        s.ws();
        match s.peek()? {
            b',' => s.pos += 1,
            b']' => return Some(out),
            _ => return None,
        }
    }
}

/// The decoded string starting at `pos`, and the offset after it.
pub fn string_at(text: &[u8], pos: usize) -> Option<(String, usize)> {
    let mut s = Scanner { text, pos };
    let v = s.string()?;
    Some((v, s.pos))
}

/// A key that an object repeats: the object's path, the key, and the byte offset of the repeat.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Duplicate {
    /// The path of the object the member is in.
    pub path: Vec<Seg>,
    /// The member's name.
    pub key: String,
    /// Where the member's name starts.
    pub offset: usize,
}

/// Every repeated key in one JSON text (already known to parse), in document order.
pub fn duplicate_keys(text: &[u8]) -> Vec<Duplicate> {
    let mut s = Scanner { text, pos: 0 };
    let mut out = Vec::new();
    let mut path = Vec::new();
    s.dups(&mut path, &mut out);
    out
}

/// Every number in one JSON text (already known to parse) that a double cannot hold as written (see
/// [`crate::ingest::value::is_plain`]): its byte offset and its text, in document order.
pub fn unusual_numbers(text: &[u8]) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    let mut s = Scanner { text, pos: 0 };
    while let Some(b) = s.peek() {
        match b {
            b'"' => {
                if s.skip_string().is_none() {
                    break;
                }
            }
            b'-' | b'0'..=b'9' => {
                let start = s.pos;
                while matches!(s.peek(), Some(b'-' | b'+' | b'.' | b'e' | b'E' | b'0'..=b'9')) {
                    s.pos += 1;
                }
                let token = String::from_utf8_lossy(&text[start..s.pos]).into_owned();
                if token
                    .parse::<serde_json::Number>()
                    .is_ok_and(|n| !crate::ingest::value::is_plain(&n))
                {
                    out.push((start, token));
                }
            }
            _ => s.pos += 1,
        }
    }
    out
}

struct Scanner<'a> {
    text: &'a [u8],
    pos: usize,
}

impl Scanner<'_> {
    // Always: LLVM otherwise keeps it a call inside the recursive skip_value, a few percent of a load.
    #[inline(always)]
    fn peek(&self) -> Option<u8> {
        self.text.get(self.pos).copied()
    }
    fn ws(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            self.pos += 1;
        }
    }
    fn expect(&mut self, b: u8) -> Option<()> {
        (self.peek()? == b).then(|| self.pos += 1)
    }
    /// Reads a string and decodes its escapes so keys compare as the parser saw them.
    fn string(&mut self) -> Option<String> {
        self.expect(b'"')?;
        let mut out = Vec::new();
        loop {
            let b = self.peek()?;
            self.pos += 1;
            match b {
                b'"' => return String::from_utf8(out).ok(),
                b'\\' => {
                    let e = self.peek()?;
                    self.pos += 1;
                    match e {
                        b'n' => out.push(b'\n'),
                        b't' => out.push(b'\t'),
                        b'r' => out.push(b'\r'),
                        b'b' => out.push(8),
                        b'f' => out.push(12),
                        b'u' => {
                            let hex =
                                std::str::from_utf8(self.text.get(self.pos..self.pos + 4)?).ok()?;
                            self.pos += 4;
                            let c = char::from_u32(u32::from_str_radix(hex, 16).ok()?)
                                .unwrap_or('\u{fffd}');
                            let mut buf = [0u8; 4];
                            out.extend_from_slice(c.encode_utf8(&mut buf).as_bytes());
                        }
                        other => out.push(other),
                    }
                }
                other => out.push(other),
            }
        }
    }
    /// At the value that the first `depth` segments of each of `wanted` lead to: notes the paths that
    /// end here and walks on into the value for the rest, skipping what no path goes through. `None`
    /// once every path is found (the walk stops there) or the text is not JSON. Recursion is bounded by
    /// the paths' length.
    fn find(
        &mut self,
        paths: &[&[Seg]],
        wanted: &[usize],
        depth: usize,
        found: &mut Found,
    ) -> Option<()> {
        let start = self.pos;
        let on: Vec<usize> = wanted.iter().copied().filter(|&w| paths[w].len() > depth).collect();
        let ending: Vec<usize> =
            wanted.iter().copied().filter(|&w| paths[w].len() == depth).collect();
        if !found.whole && !ending.is_empty() {
            found.note(&ending, start..start, &[])?;
        }
        let spanned = found.whole && !ending.is_empty();
        let (close, object) = match self.peek()? {
            b'{' if !on.is_empty() => (b'}', true),
            b'[' if !on.is_empty() || spanned => (b']', false),
            _ => {
                self.skip_value()?;
                return if spanned { found.note(&ending, start..self.pos, &[]) } else { Some(()) };
            }
        };
        self.pos += 1;
        // The paths by their next step's number (a name's hash, an index), so that each member is
        // looked up rather than compared with every path: a pattern of the catalogue can match
        // thousands of members of one object.
        let mut by: Vec<(u64, u64)> = on
            .iter()
            .map(|&w| match &paths[w][depth] {
                Seg::Key(k) => (hash(k.as_bytes()), w as u64),
                Seg::Index(i) => (*i as u64, w as u64),
            })
            .collect();
        crate::sort::radix_sort(&mut by);
        let mut elements = Vec::new();
        let mut index = 0;
        loop {
            self.ws();
            if self.peek()? == close {
                self.pos += 1;
                break;
            }
            let key = if object {
                let key = self.string()?;
                self.ws();
                self.expect(b':')?;
                self.ws();
                Some(key)
            } else {
                None
            };
            let n = key.as_deref().map_or(index as u64, |k| hash(k.as_bytes()));
            let here: Vec<usize> = by[by.partition_point(|p| p.0 < n)..]
                .iter()
                .take_while(|p| p.0 == n)
                .map(|p| p.1 as usize)
                .filter(|&w| match (&paths[w][depth], &key) {
                    (Seg::Key(k), Some(key)) => k == key,
                    (Seg::Index(i), None) => *i == index,
                    _ => false,
                })
                .collect();
            let at = self.pos;
            if here.is_empty() {
                self.skip_value()?;
            } else {
                self.find(paths, &here, depth + 1, found)?;
            }
            if spanned && !object {
                elements.push(at..self.pos);
            }
            index += 1;
            self.ws();
            match self.peek()? {
                b',' => self.pos += 1,
                b if b == close => {}
                _ => return None,
            }
        }
        if spanned {
            found.note(&ending, start..self.pos, &elements)?;
        }
        Some(())
    }
    /// Walks one value, noting repeated keys. Recursion is bounded: the text parsed with serde_json's
    /// limit of 128 levels, and the walk gives up beyond that anyway.
    fn dups(&mut self, path: &mut Vec<Seg>, out: &mut Vec<Duplicate>) -> Option<()> {
        self.ws();
        if path.len() > 130 {
            return None;
        }
        match self.peek()? {
            b'{' => {
                self.pos += 1;
                let mut seen = std::collections::HashSet::new();
                loop {
                    self.ws();
                    if self.peek()? == b'}' {
                        self.pos += 1;
                        return Some(());
                    }
                    let at = self.pos;
                    let key = self.string()?;
                    if !seen.insert(key.clone()) {
                        out.push(Duplicate { path: path.clone(), key: key.clone(), offset: at });
                    }
                    self.ws();
                    self.expect(b':')?;
                    path.push(Seg::Key(key));
                    self.dups(path, out);
                    path.pop();
                    self.ws();
                    if self.peek()? == b',' {
                        self.pos += 1;
                    }
                }
            }
            b'[' => {
                self.pos += 1;
                let mut i = 0;
                loop {
                    self.ws();
                    if self.peek()? == b']' {
                        self.pos += 1;
                        return Some(());
                    }
                    path.push(Seg::Index(i));
                    self.dups(path, out);
                    path.pop();
                    i += 1;
                    self.ws();
                    if self.peek()? == b',' {
                        self.pos += 1;
                    }
                }
            }
            _ => self.skip_value(),
        }
    }
    /// Skips a string without decoding it (no allocation: this runs over whole exports).
    fn skip_string(&mut self) -> Option<()> {
        self.expect(b'"')?;
        loop {
            let rest = self.text.get(self.pos..)?;
            let i = rest.iter().position(|&b| b == b'"' || b == b'\\')?;
            self.pos += i + 1;
            if rest[i] == b'"' {
                return Some(());
            }
            self.pos += 1;
        }
    }
    /// Skips one value without recursion (depth is counted, not stacked).
    fn skip_value(&mut self) -> Option<()> {
        let mut depth = 0usize;
        loop {
            self.ws();
            match self.peek()? {
                b'"' => self.skip_string()?,
                b'{' | b'[' => {
                    depth += 1;
                    self.pos += 1;
                    continue;
                }
                b'}' | b']' => {
                    depth = depth.checked_sub(1)?;
                    self.pos += 1;
                }
                b',' | b':' if depth > 0 => {
                    self.pos += 1;
                    continue;
                }
                _ => {
                    while matches!(self.peek(), Some(c) if !matches!(c, b',' | b'}' | b']' | b' ' | b'\n' | b'\r' | b'\t'))
                    {
                        self.pos += 1;
                    }
                }
            }
            if depth == 0 {
                return Some(());
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn position_counts_lines_and_characters() {
        let t = "{\n  \"é\": 1,\n  \"b\": 2\n}".as_bytes();
        let off = t.windows(3).position(|w| w == b"\"b\"").unwrap();
        assert_eq!(position(t, off), Position { line: 3, column: 3 });
        assert_eq!(position(t, 0), Position { line: 1, column: 1 });
    }

    #[test]
    fn a_cursor_places_offsets_as_counting_from_the_start_does() {
        let t = "[{\"a\": 1},\n {\"é\": \"x\"}, {\"b\":\n\n  2}, \"ü\", 3]".as_bytes();
        let offsets: Vec<usize> =
            (0..=t.len()).filter(|&i| i == t.len() || t[i] & 0xC0 != 0x80).collect();
        let mut c = Cursor::new(0, Position::START);
        for &o in &offsets {
            assert_eq!(c.advance(t, o), Some(position(t, o)), "offset {o}");
        }
        // Backwards, or past the end, is refused rather than miscounted.
        assert_eq!(c.advance(t, 3), None);
        assert_eq!(Cursor::new(0, Position::START).advance(t, t.len() + 1), None);
        // A cursor that starts mid-text counts from where it starts.
        let mut mid = Cursor::new(12, position(t, 12));
        assert_eq!(mid.advance(t, 30), Some(position(t, 30)));
    }

    #[test]
    fn positions_within_a_part_are_placed_by_where_the_part_starts() {
        let t = "xx\nyy{\"k\":\n 1}".as_bytes();
        let part = 5;
        for o in part..t.len() {
            assert_eq!(
                position(t, part).then(position(&t[part..], o - part)),
                position(t, o),
                "offset {o}"
            );
        }
    }

    #[test]
    fn finds_nested_value_after_skipping_siblings() {
        let t = br#"{"items": [ {"a": [1, {"x": "}"}]}, {"key": "k", "body": {"recording": {"verdict": 5}}} ]}"#;
        let path = [
            Seg::Key("items".into()),
            Seg::Index(1),
            Seg::Key("body".into()),
            Seg::Key("recording".into()),
            Seg::Key("verdict".into()),
        ];
        let off = offset_of(t, &path).unwrap();
        assert_eq!(t[off], b'5');
    }

    /// Every path to every value of `v`, in document order.
    fn all_paths(v: &serde_json::Value, at: &mut Vec<Seg>, out: &mut Vec<Vec<Seg>>) {
        out.push(at.clone());
        let children: Vec<(Seg, &serde_json::Value)> = match v {
            serde_json::Value::Object(m) => {
                m.iter().map(|(k, v)| (Seg::Key(k.clone()), v)).collect()
            }
            serde_json::Value::Array(a) => {
                a.iter().enumerate().map(|(i, v)| (Seg::Index(i), v)).collect()
            }
            _ => vec![],
        };
        for (seg, child) in children {
            at.push(seg);
            all_paths(child, at, out);
            at.pop();
        }
    }

    #[test]
    fn one_walk_finds_each_path_where_its_value_is() {
        let t = br#" {"key": "k", "body": {"a\"b": [1, {"x": "}]"}, [[], {}]], "channels": [{"id": 1, "time": "2"}, {"id": 2}],
            "recording": {"verdict": 5, "v": null}}, "meta": {"href": "/x", "n": [true, false]}, "z": 0.5e3}"#;
        let v: serde_json::Value = serde_json::from_slice(t).unwrap();
        let mut paths = Vec::new();
        all_paths(&v, &mut vec![], &mut paths);
        let held = paths.len();
        assert!(held >= 20);
        paths.push(vec![Seg::Key("nope".into())]);
        paths.push(vec![Seg::Key("body".into()), Seg::Index(0)]);
        paths.push(vec![Seg::Key("meta".into()), Seg::Key("n".into()), Seg::Index(2)]);
        let refs: Vec<&[Seg]> = paths.iter().map(Vec::as_slice).collect();
        // The oracle: the text at each offset (or span) parses to the value at the path.
        let value_at = |p: &[Seg]| {
            p.iter().try_fold(&v, |v, seg| match seg {
                Seg::Key(k) => v.get(k),
                Seg::Index(i) => v.get(i),
            })
        };
        let spans = spans_of(t, &refs);
        for ((p, off), span) in refs.iter().zip(offsets_of(t, &refs)).zip(spans) {
            let want = value_at(p);
            assert_eq!(off.is_some(), want.is_some(), "{p:?}");
            let (Some(off), Some(want), Some(span)) = (off, want, span) else { continue };
            assert_eq!(span.range.start, off, "{p:?}");
            let parsed: serde_json::Value = serde_json::from_slice(&t[span.range.clone()]).unwrap();
            assert_eq!(&parsed, want, "{p:?}");
            let items: Vec<serde_json::Value> = span
                .elements
                .iter()
                .map(|r| serde_json::from_slice(&t[r.clone()]).unwrap())
                .collect();
            assert_eq!(items, want.as_array().cloned().unwrap_or_default(), "{p:?}");
            assert_eq!(offset_of(t, p), Some(off));
        }
        assert_eq!(offsets_of(t, &refs[held..]), vec![None; 3]);
        // Any few of them, in any order, and the same path twice, as each alone.
        for step in [3, 5, 7] {
            let few: Vec<&[Seg]> =
                refs.iter().rev().step_by(step).chain(refs.iter().take(2)).copied().collect();
            let want: Vec<Option<usize>> = few.iter().map(|p| offset_of(t, p)).collect();
            assert_eq!(offsets_of(t, &few), want, "every {step}th");
        }
        assert_eq!(
            offsets_of(b"{\"a\": [1", &[&[Seg::Key("a".into()), Seg::Index(3)]]),
            vec![None]
        );
        assert_eq!(offsets_of(t, &[]), Vec::<Option<usize>>::new());
    }

    #[test]
    fn missing_path_is_none() {
        assert_eq!(offset_of(br#"{"a": 1}"#, &[Seg::Key("b".into())]), None);
        assert_eq!(offset_of(br#"[1]"#, &[Seg::Index(3)]), None);
    }

    #[test]
    fn repeated_keys_are_found_with_their_path() {
        let t = br#"{"a": 1, "b": {"x": [ {"k": 1, "k": 2} ], "x": 3}, "a": 4}"#;
        let d = duplicate_keys(t);
        let found: Vec<_> = d
            .iter()
            .map(|d| (crate::path::display_segments(&d.path), d.key.as_str(), t[d.offset]))
            .collect();
        assert_eq!(
            found,
            vec![
                ("b.x[0]".to_string(), "k", b'"'),
                ("b".to_string(), "x", b'"'),
                (String::new(), "a", b'"')
            ]
        );
        assert!(duplicate_keys(br#"{"a": {"a": 1}}"#).is_empty());
    }

    #[test]
    fn numbers_a_double_cannot_hold_are_found_outside_strings() {
        let big = "9".repeat(30);
        let t = format!(
            r#"{{"a": 1e400, "b": "1e400", "c": [-{big}, 12, 1.5e3, 18446744073709551615, -9223372036854775808], "d": 0.1}}"#
        );
        let found: Vec<(usize, String)> = unusual_numbers(t.as_bytes());
        assert_eq!(
            found.iter().map(|(_, n)| n.clone()).collect::<Vec<_>>(),
            vec!["1e400".to_string(), format!("-{big}")]
        );
        assert_eq!(&t[found[0].0..found[0].0 + 5], "1e400");
    }

    #[test]
    fn escaped_keys_compare_decoded() {
        let t = br#"{"a\u0062": true}"#;
        let off = offset_of(t, &[Seg::Key("ab".into())]).unwrap();
        assert_eq!(&t[off..off + 4], b"true");
    }
}
