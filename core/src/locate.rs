//! Finding *where* in the source text something is: byte offset → line and column, and the offset of
//! the value at a path. serde_json reports positions only for syntax errors; wrong-typed fields are
//! found after parsing, so this small scanner walks the text to the field to name its line and column.

use crate::path::Seg;

/// A 1-based line and column (columns count characters, as editors do).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Position {
    pub line: usize,
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
    text.iter().filter(|&&b| b & 0xC0 != 0x80).count()
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
        let between = text.get(self.offset..offset)?;
        self.at = self.at.then(advance(between));
        self.offset = offset;
        Some(self.at)
    }
}

/// Byte offset of the value at `path` in the JSON text, or `None` if the text does not hold it.
pub fn offset_of(text: &[u8], path: &[Seg]) -> Option<usize> {
    let mut s = Scanner { text, pos: 0 };
    s.ws();
    for seg in path {
        match seg {
            Seg::Key(want) => {
                s.expect(b'{')?;
                loop {
                    s.ws();
                    if s.peek()? == b'}' {
                        return None;
                    }
                    let key = s.string()?;
                    s.ws();
                    s.expect(b':')?;
                    s.ws();
                    if &key == want {
                        break;
                    }
                    s.skip_value()?;
                    s.ws();
                    if s.peek()? == b',' {
                        s.pos += 1;
                    }
                }
            }
            Seg::Index(want) => {
                s.expect(b'[')?;
                for _ in 0..*want {
                    s.ws();
                    s.skip_value()?;
                    s.ws();
                    s.expect(b',')?;
                }
                s.ws();
                // An empty array has no element 0.
                if s.peek()? == b']' {
                    return None;
                }
            }
        }
    }
    Some(s.pos)
}

/// [`offset_of`] for several paths in one read of the text (a session with findings at four places is
/// read once, not four times); each answer is the one `offset_of` gives.
pub fn offsets_of(text: &[u8], paths: &[Vec<Seg>]) -> Vec<Option<usize>> {
    let mut found = vec![None; paths.len()];
    let mut s = Scanner { text, pos: 0 };
    s.ws();
    let live: Vec<usize> = (0..paths.len()).collect();
    let mut left = paths.len();
    // `None` when it stopped early: everything asked is answered, or the text is not what it seemed.
    let _ = s.offsets(paths, &live, 0, &mut found, &mut left);
    found
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
    pub path: Vec<Seg>,
    pub key: String,
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
                if token.parse::<serde_json::Number>().is_ok_and(|n| !crate::ingest::value::is_plain(&n)) {
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
                            let hex = std::str::from_utf8(self.text.get(self.pos..self.pos + 4)?).ok()?;
                            self.pos += 4;
                            let c = char::from_u32(u32::from_str_radix(hex, 16).ok()?).unwrap_or('\u{fffd}');
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
    /// The value here, for the paths of `live` whose first `depth` segments lead to it: each that ends
    /// here is found here, and each that goes on is followed into the first member (or the element) it
    /// names, as [`offset_of`] follows it. `left` counts the paths not yet settled, and reading stops
    /// (`None`) once there are none.
    fn offsets(&mut self, paths: &[Vec<Seg>], live: &[usize], depth: usize, found: &mut [Option<usize>], left: &mut usize) -> Option<()> {
        let mut deeper = Vec::new();
        for &i in live {
            if paths[i].len() == depth {
                found[i] = Some(self.pos);
                *left -= 1;
            } else {
                deeper.push(i);
            }
        }
        if *left == 0 {
            return None;
        }
        if deeper.is_empty() {
            return self.skip_value();
        }
        let settle = |gone: &[usize], left: &mut usize| *left -= gone.len();
        match self.peek()? {
            b'{' => {
                self.pos += 1;
                loop {
                    self.ws();
                    if self.peek()? == b'}' {
                        self.pos += 1;
                        // Keys not in the object: those paths are not in the text.
                        settle(&deeper, left);
                        return if *left == 0 { None } else { Some(()) };
                    }
                    let key = self.string()?;
                    self.ws();
                    self.expect(b':')?;
                    self.ws();
                    let next: Vec<usize> =
                        deeper.iter().copied().filter(|&i| matches!(&paths[i][depth], Seg::Key(k) if *k == key)).collect();
                    if next.is_empty() {
                        self.skip_value()?;
                    } else {
                        // Only the first member of a name is followed, as `offset_of` does.
                        deeper.retain(|i| !next.contains(i));
                        self.offsets(paths, &next, depth + 1, found, left)?;
                    }
                    self.ws();
                    if self.peek()? == b',' {
                        self.pos += 1;
                    }
                }
            }
            b'[' => {
                self.pos += 1;
                let mut index = 0;
                loop {
                    self.ws();
                    if self.peek()? == b']' {
                        self.pos += 1;
                        settle(&deeper, left);
                        return if *left == 0 { None } else { Some(()) };
                    }
                    let next: Vec<usize> = deeper.iter().copied().filter(|&i| paths[i][depth] == Seg::Index(index)).collect();
                    if next.is_empty() {
                        self.skip_value()?;
                    } else {
                        deeper.retain(|i| !next.contains(i));
                        self.offsets(paths, &next, depth + 1, found, left)?;
                    }
                    self.ws();
                    if self.peek()? == b',' {
                        self.pos += 1;
                    }
                    index += 1;
                }
            }
            // A path that goes on below a value that is neither: not in the text.
            _ => {
                settle(&deeper, left);
                if *left == 0 {
                    return None;
                }
                self.skip_value()
            }
        }
    }

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
                    while matches!(self.peek(), Some(c) if !matches!(c, b',' | b'}' | b']' | b' ' | b'\n' | b'\r' | b'\t')) {
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

    /// Every path to every value of `v` (arrays by index), and a path that leads nowhere below each.
    fn paths_of(v: &serde_json::Value, at: &mut Vec<Seg>, out: &mut Vec<Vec<Seg>>) {
        out.push(at.clone());
        let mut nowhere = at.clone();
        nowhere.push(Seg::Key("no such member".into()));
        out.push(nowhere);
        match v {
            serde_json::Value::Object(m) => {
                for (k, x) in m {
                    at.push(Seg::Key(k.clone()));
                    paths_of(x, at, out);
                    at.pop();
                }
            }
            serde_json::Value::Array(a) => {
                for (i, x) in a.iter().enumerate() {
                    at.push(Seg::Index(i));
                    paths_of(x, at, out);
                    at.pop();
                }
                let mut past = at.clone();
                past.push(Seg::Index(a.len()));
                out.push(past);
            }
            _ => {}
        }
    }

    #[test]
    fn offsets_of_many_paths_are_offset_of_each() {
        let export = crate::gen::generate_variant(12, 5, crate::gen::Variant::FINDINGS);
        let mut texts: Vec<String> = export.sessions.iter().map(|s| serde_json::to_string_pretty(s).unwrap()).collect();
        texts.extend(export.sessions.iter().map(ToString::to_string));
        for text in &texts {
            let v: serde_json::Value = serde_json::from_str(text).unwrap();
            let mut paths = vec![];
            paths_of(&v, &mut vec![], &mut paths);
            let want: Vec<Option<usize>> = paths.iter().map(|p| offset_of(text.as_bytes(), p)).collect();
            let got = offsets_of(text.as_bytes(), &paths);
            for (i, p) in paths.iter().enumerate() {
                assert_eq!(got[i], want[i], "{p:?} in {}", &text[..text.len().min(300)]);
            }
            // A few at a time, as findings come.
            for few in paths.chunks(3) {
                let want: Vec<Option<usize>> = few.iter().map(|p| offset_of(text.as_bytes(), p)).collect();
                assert_eq!(offsets_of(text.as_bytes(), few), want);
            }
        }
        // A repeated member: the first is followed, as offset_of follows it.
        let text = br#"{"a": {"x": 1}, "a": {"y": 2}, "b": [1, {"c": 3}]}"#;
        let paths = [
            vec![Seg::Key("a".into()), Seg::Key("y".into())],
            vec![Seg::Key("a".into()), Seg::Key("x".into())],
            vec![Seg::Key("b".into()), Seg::Index(1), Seg::Key("c".into())],
            vec![Seg::Key("b".into()), Seg::Index(0), Seg::Key("c".into())],
        ];
        let want: Vec<Option<usize>> = paths.iter().map(|p| offset_of(text, p)).collect();
        assert_eq!(want[0], None);
        assert_eq!(offsets_of(text, &paths), want);
    }

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
        let offsets: Vec<usize> = (0..=t.len()).filter(|&i| i == t.len() || t[i] & 0xC0 != 0x80).collect();
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
            assert_eq!(position(t, part).then(position(&t[part..], o - part)), position(t, o), "offset {o}");
        }
    }

    #[test]
    fn finds_nested_value_after_skipping_siblings() {
        let t = br#"{"items": [ {"a": [1, {"x": "}"}]}, {"key": "k", "body": {"recording": {"verdict": 5}}} ]}"#;
        let path =
            [Seg::Key("items".into()), Seg::Index(1), Seg::Key("body".into()), Seg::Key("recording".into()), Seg::Key("verdict".into())];
        let off = offset_of(t, &path).unwrap();
        assert_eq!(t[off], b'5');
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
        let found: Vec<_> = d.iter().map(|d| (crate::path::display_segments(&d.path), d.key.as_str(), t[d.offset])).collect();
        assert_eq!(found, vec![("b.x[0]".to_string(), "k", b'"'), ("b".to_string(), "x", b'"'), (String::new(), "a", b'"')]);
        assert!(duplicate_keys(br#"{"a": {"a": 1}}"#).is_empty());
    }

    #[test]
    fn numbers_a_double_cannot_hold_are_found_outside_strings() {
        let big = "9".repeat(30);
        let t = format!(r#"{{"a": 1e400, "b": "1e400", "c": [-{big}, 12, 1.5e3, 18446744073709551615, -9223372036854775808], "d": 0.1}}"#);
        let found: Vec<(usize, String)> = unusual_numbers(t.as_bytes());
        assert_eq!(found.iter().map(|(_, n)| n.clone()).collect::<Vec<_>>(), vec!["1e400".to_string(), format!("-{big}")]);
        assert_eq!(&t[found[0].0..found[0].0 + 5], "1e400");
    }

    #[test]
    fn escaped_keys_compare_decoded() {
        let t = br#"{"a\u0062": true}"#;
        let off = offset_of(t, &[Seg::Key("ab".into())]).unwrap();
        assert_eq!(&t[off..off + 4], b"true");
    }
}
