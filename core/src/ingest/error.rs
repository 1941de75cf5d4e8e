//! The error of a file that could not be read, or of one document inside it.

use crate::locate::Position;

/// Why (part of) a file could not be loaded, and where. `Clone + PartialEq` so it can live in UI state.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LoadError {
    pub file: String,
    pub position: Option<Position>,
    pub message: String,
}

impl LoadError {
    pub fn new(file: &str, position: Option<Position>, message: impl Into<String>) -> Self {
        LoadError { file: file.to_string(), position, message: message.into() }
    }

    /// A serde_json error, rephrased for a person, with its line and column.
    pub fn from_json(file: &str, err: &serde_json::Error, line_offset: usize) -> Self {
        let raw = err.to_string();
        // serde_json appends " at line L column C"; the position is shown separately.
        let text = raw.rsplit_once(" at line ").map_or(raw.as_str(), |(t, _)| t);
        let message = if err.is_eof() {
            format!("the JSON ends too early ({text}); the file may be truncated")
        } else if text.contains("recursion limit") {
            "the JSON is nested more than 128 levels deep, which no SPS document is".to_string()
        } else if text.contains("invalid unicode code point") {
            "these bytes are not valid UTF-8 text (was the file saved in another encoding, such as Latin-1?)".to_string()
        } else if text.contains("number out of range") {
            "a number here is too large for any reader (beyond ±1.8 × 10³⁰⁸)".to_string()
        } else if text.contains("surrogate") || text.contains("hex escape") {
            format!("invalid \\u escape: {text} (a lone half of a UTF-16 pair)")
        } else if text.contains("control character") {
            "a raw control character inside a string (JSON requires it escaped, e.g. \\u0001)"
                .to_string()
        } else {
            format!("invalid JSON: {text}")
        };
        let position = (err.line() > 0)
            .then(|| Position { line: err.line() + line_offset, column: err.column().max(1) });
        LoadError { file: file.to_string(), position, message }
    }
}

impl std::fmt::Display for LoadError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.position {
            Some(p) => write!(f, "{}, {p}: {}", self.file, self.message),
            None => write!(f, "{}: {}", self.file, self.message),
        }
    }
}
