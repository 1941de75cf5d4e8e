//! The error of a file that could not be read, or of one document inside it: what went wrong (a
//! kind), in which file, and where.

use crate::locate::Position;

/// What went wrong. Each kind says itself through `Display`, for a person.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ErrorKind {
    /// The file holds nothing but white space.
    Empty,
    /// The file is plainly not text: what it is ("a gzip-compressed file (decompress it first …)").
    NotText(&'static str),
    /// A UTF-16 byte-order mark, then an odd number of bytes.
    OddUtf16,
    /// The text ends before the JSON does: what the parser was reading (its words).
    Truncated(String),
    /// Nested deeper than the parser goes (128 levels), which no SPS document is.
    TooDeep,
    /// Bytes that are not UTF-8.
    NotUtf8,
    /// A raw control character (U+0000–U+001F) where JSON wants it escaped.
    ControlCharacter,
    /// A `\u` escape of half a UTF-16 pair standing alone (the parser's words).
    LoneSurrogate(String),
    /// Any other mistake of JSON syntax (the parser's words).
    Syntax(String),
    /// Only the start of a large file was read: its bytes, of the file's, and why.
    Cut {
        /// Bytes read.
        read: u64,
        /// The file's size.
        total: u64,
        /// Why reading stopped there.
        why: String,
    },
    /// Reading stopped part way ("loading was cancelled"): why, and how far it got.
    Stopped {
        /// Why.
        why: String,
        /// Bytes read.
        done: u64,
        /// The file's size.
        total: u64,
    },
    /// The file could not be read (the browser's words).
    Unreadable(String),
}

impl std::fmt::Display for ErrorKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let mb = |b: u64| format!("{} MB", crate::number::fixed(b as f64 / 1e6, 1));
        match self {
            ErrorKind::Empty => write!(f, "the file is empty"),
            ErrorKind::NotText(what) => write!(f, "this is {what}, not JSON text"),
            ErrorKind::OddUtf16 => {
                write!(f, "the file starts with a UTF-16 mark but has an odd number of bytes")
            }
            ErrorKind::Truncated(what) => {
                write!(f, "the JSON ends too early ({what}); the file may be truncated")
            }
            ErrorKind::TooDeep => {
                write!(f, "the JSON is nested more than 128 levels deep, which no SPS document is")
            }
            ErrorKind::NotUtf8 => write!(
                f,
                "these bytes are not valid UTF-8 text (was the file saved in another encoding, such as Latin-1?)"
            ),
            ErrorKind::ControlCharacter => write!(
                f,
                "a raw control character inside a string (JSON requires it escaped, e.g. \\u0001)"
            ),
            ErrorKind::LoneSurrogate(what) => {
                write!(f, "invalid \\u escape: {what} (a lone half of a UTF-16 pair)")
            }
            ErrorKind::Syntax(what) => write!(f, "invalid JSON: {what}"),
            ErrorKind::Cut { read, total, why } => write!(
                f,
                "only the first {} of {} were read ({why}); the documents in that part are loaded, the rest of the file is not",
                mb(*read),
                mb(*total)
            ),
            ErrorKind::Stopped { why, done, total } => {
                write!(f, "{why} after {done} of {total} bytes: the rest of the file was not read")
            }
            ErrorKind::Unreadable(why) => f.write_str(why),
        }
    }
}

/// Why (part of) a file could not be loaded, and where. `Clone + PartialEq` so it can live in UI
/// state.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LoadError {
    /// What went wrong.
    pub kind: ErrorKind,
    /// The file's name.
    pub file: String,
    /// Where in the file, when it is known.
    pub position: Option<Position>,
}

impl LoadError {
    /// An error of `kind` in `file`, at `position` if known.
    pub fn new(file: &str, position: Option<Position>, kind: ErrorKind) -> Self {
        LoadError { file: file.to_string(), position, kind }
    }

    /// A serde_json error of parsing `text`, told apart by the bytes where it stopped (not by its
    /// message), with its line and column (`line_offset` lines after those of `text`).
    pub fn from_json(file: &str, err: &serde_json::Error, text: &[u8], line_offset: usize) -> Self {
        let raw = err.to_string();
        // serde_json appends " at line L column C"; the position is shown separately.
        let words = raw.rsplit_once(" at line ").map_or(raw.as_str(), |(t, _)| t).to_string();
        let at = offset_of(text, err.line(), err.column());
        let kind =
            if err.is_eof() { ErrorKind::Truncated(words) } else { classify(text, at, words) };
        let position = (err.line() > 0)
            .then(|| Position { line: err.line() + line_offset, column: err.column().max(1) });
        LoadError { file: file.to_string(), position, kind }
    }

    /// The message, for a person.
    pub fn message(&self) -> String {
        self.kind.to_string()
    }
}

/// The kind of a syntax error the parser met at byte `at` of `text`, from the bytes there.
fn classify(text: &[u8], at: Option<usize>, words: String) -> ErrorKind {
    let Some(at) = at.filter(|&at| at < text.len()) else { return ErrorKind::Syntax(words) };
    let byte = text[at];
    if byte < 0x20 {
        return ErrorKind::ControlCharacter;
    }
    if byte >= 0x80 {
        let end = text.len().min(at + 4);
        if std::str::from_utf8(&text[at..end]).is_err_and(|e| e.valid_up_to() == 0) {
            return ErrorKind::NotUtf8;
        }
    }
    // serde_json stops at the opening of the 128th level, with 127 open before it.
    if matches!(byte, b'[' | b'{') && depth_at(text, at) >= 127 {
        return ErrorKind::TooDeep;
    }
    if lone_surrogate_before(text, at) {
        return ErrorKind::LoneSurrogate(words);
    }
    ErrorKind::Syntax(words)
}

/// The byte offset of a 1-based line and column (serde_json counts columns in bytes).
fn offset_of(text: &[u8], line: usize, column: usize) -> Option<usize> {
    if line == 0 || column == 0 {
        return None;
    }
    // A plain walk: an error is met once, and memchr's iterator costs the bundle 0.5 KB.
    let newlines = text.iter().enumerate().filter(|(_, &b)| b == b'\n');
    let start = if line == 1 { 0 } else { newlines.map(|(i, _)| i).nth(line - 2)? + 1 };
    Some(start + column - 1)
}

/// How many arrays and objects are open just before byte `at` (strings skipped).
fn depth_at(text: &[u8], at: usize) -> usize {
    let (mut depth, mut in_string, mut escaped) = (0usize, false, false);
    for &b in &text[..at] {
        if in_string {
            match b {
                _ if escaped => escaped = false,
                b'\\' => escaped = true,
                b'"' => in_string = false,
                _ => {}
            }
            continue;
        }
        match b {
            b'"' => in_string = true,
            b'[' | b'{' => depth += 1,
            b']' | b'}' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    depth
}

/// Whether a `\uD800`–`\uDFFF` escape ends within the few bytes before `at`.
fn lone_surrogate_before(text: &[u8], at: usize) -> bool {
    let from = at.saturating_sub(12);
    let window = &text[from..(at + 1).min(text.len())];
    window.windows(6).any(|w| {
        w[0] == b'\\'
            && w[1] == b'u'
            && matches!(w[2], b'd' | b'D')
            && matches!(w[3], b'8'..=b'9' | b'a'..=b'f' | b'A'..=b'F')
            && w[4].is_ascii_hexdigit()
            && w[5].is_ascii_hexdigit()
    })
}

impl std::fmt::Display for LoadError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.position {
            Some(p) => write!(f, "{}, {p}: {}", self.file, self.kind),
            None => write!(f, "{}: {}", self.file, self.kind),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kind_of(text: &[u8]) -> ErrorKind {
        let err = serde_json::from_slice::<serde_json::Value>(text).unwrap_err();
        LoadError::from_json("f.json", &err, text, 0).kind
    }

    #[test]
    fn errors_are_told_apart_by_their_bytes() {
        assert_eq!(kind_of(b"{\"a\": \"x\xff\"}"), ErrorKind::NotUtf8);
        assert_eq!(kind_of(b"{\"a\": \"ok\",\n \"b\": \"\xc3\x28\"}"), ErrorKind::NotUtf8);
        assert_eq!(kind_of(b"{\"a\": \"x\x01y\"}"), ErrorKind::ControlCharacter);
        assert!(matches!(kind_of(b"{\"a\": \"\\ud800\"}"), ErrorKind::LoneSurrogate(_)));
        assert!(matches!(kind_of(b"{\"a\": \"\\uzz00\"}"), ErrorKind::Syntax(_)));
        assert_eq!(kind_of("[".repeat(200).as_bytes()), ErrorKind::TooDeep);
        assert_eq!(kind_of("{\"a\":".repeat(200).as_bytes()), ErrorKind::TooDeep);
        assert!(matches!(kind_of(b"{\"a\": [1, 2"), ErrorKind::Truncated(_)));
        assert_eq!(kind_of(b"{\"a\" 1}"), ErrorKind::Syntax("expected `:`".into()));
        // A bracket where a colon belongs is a syntax error, not depth.
        assert!(matches!(kind_of(b"{\"a\" [1]}"), ErrorKind::Syntax(_)));
    }

    #[test]
    fn an_error_reads_file_place_and_kind() {
        let text = b"{\n  \"a\": \"x\x01\"\n}";
        let err = serde_json::from_slice::<serde_json::Value>(text).unwrap_err();
        let e = LoadError::from_json("f.json", &err, text, 10);
        assert_eq!(e.position, Some(Position { line: 12, column: 10 }));
        assert_eq!(
            e.to_string(),
            "f.json, line 12, column 10: a raw control character inside a string (JSON requires it escaped, e.g. \\u0001)"
        );
        let stopped = ErrorKind::Stopped { why: "loading was cancelled".into(), done: 5, total: 9 };
        assert_eq!(
            LoadError::new("g.json", None, stopped).to_string(),
            "g.json: loading was cancelled after 5 of 9 bytes: the rest of the file was not read"
        );
    }
}
