//! Text that `JSON.parse` would read but serde_json refuses, mended so that one bad value costs that
//! value and not the document: byte sequences that are not UTF-8 (a Latin-1 `é` in a server name)
//! and escapes of one half of a UTF-16 pair (`"\ud800"`). Each becomes U+FFFD, as `JSON.parse` and
//! every text decoder show them, and is reported with the bytes or escape that were there.
//!
//! Lines never move (no newline is added or removed); a column after a mended sequence on the same
//! line can differ by the few bytes the replacement changed.

use memchr::memmem;
use std::fmt;

/// One mended place in the text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Repair {
    /// Byte offset of the replacement in the mended text.
    pub offset: usize,
    /// What was mended.
    pub kind: RepairKind,
}

/// What was there before.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RepairKind {
    /// Bytes that are not UTF-8 (one maximal invalid sequence).
    InvalidUtf8(Vec<u8>),
    /// A `\uXXXX` escape of a lone surrogate, as written.
    LoneSurrogate(String),
}

impl fmt::Display for RepairKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RepairKind::InvalidUtf8(bytes) => {
                let hex: Vec<String> = bytes.iter().map(|b| format!("{b:02X}")).collect();
                write!(f, "bytes {} are not valid UTF-8; shown as U+FFFD (�)", hex.join(" "))
            }
            RepairKind::LoneSurrogate(escape) => {
                write!(
                    f,
                    "the escape {escape} is one half of a UTF-16 pair, alone; shown as U+FFFD (�)"
                )
            }
        }
    }
}

const REPLACEMENT: &[u8] = "\u{fffd}".as_bytes();

/// A first read of a file's bytes, a slice at a time (so a 400 MB file never holds the page for the
/// whole pass), saying whether anything in them may need mending. When it says no, [`repair`] is
/// skipped: it would only validate the whole text again, in one step.
#[derive(Debug, Clone, Default)]
pub struct Scan {
    /// Bytes known to be UTF-8 so far.
    valid_to: usize,
    /// Bytes searched for `\u` escapes so far.
    searched_to: usize,
    /// Something that is not UTF-8, or an escape that may be half a surrogate pair, was seen.
    suspect: bool,
}

impl Scan {
    /// Reads about `budget` more of `bytes` (the same bytes at every call); `true` once all are read.
    pub fn step(&mut self, bytes: &[u8], budget: usize) -> bool {
        let end = self.searched_to.saturating_add(budget.max(1)).min(bytes.len());
        if !self.suspect {
            match std::str::from_utf8(&bytes[self.valid_to..end]) {
                Ok(_) => self.valid_to = end,
                // A character cut by the slice's end is read whole with the next slice.
                Err(e) if e.error_len().is_none() && end < bytes.len() => {
                    self.valid_to += e.valid_up_to()
                }
                Err(_) => self.suspect = true,
            }
            // Two bytes back, so an escape cut by the slice's edge is still seen.
            let from = self.searched_to.saturating_sub(2);
            self.suspect |= memmem::find_iter(&bytes[from..end], b"\\u")
                .any(|i| matches!(bytes.get(from + i + 2), Some(b'd' | b'D')));
        }
        self.searched_to = end;
        end >= bytes.len()
    }

    /// Whether the bytes read hold anything [`repair`] would mend (or might: an escaped backslash
    /// before `ud800` is not a surrogate, but is worth the whole check).
    pub fn needs_repair(&self) -> bool {
        self.suspect
    }

    /// The bytes are cut to their first `len` (a file too large for memory, cut after its last whole
    /// line): what was read of them stands, so they need not be read again. (Something to mend seen
    /// only past the cut still counts: [`repair`] then finds nothing, at the cost of one pass.)
    pub fn keep(&mut self, len: usize) {
        self.valid_to = self.valid_to.min(len);
        self.searched_to = self.searched_to.min(len);
    }
}

/// Mends `text` where needed; the repairs are in text order. Text that needs nothing is given back
/// as it was, after one validation pass and one search for `\u`.
pub fn repair(text: Vec<u8>) -> (Vec<u8>, Vec<Repair>) {
    let mut repairs = Vec::new();
    let text = match std::str::from_utf8(&text) {
        Ok(_) => text,
        Err(_) => {
            let mut out = Vec::with_capacity(text.len() + 16);
            for chunk in text.utf8_chunks() {
                out.extend_from_slice(chunk.valid().as_bytes());
                if !chunk.invalid().is_empty() {
                    repairs.push(Repair {
                        offset: out.len(),
                        kind: RepairKind::InvalidUtf8(chunk.invalid().to_vec()),
                    });
                    out.extend_from_slice(REPLACEMENT);
                }
            }
            out
        }
    };
    let mut text = text;
    let mut escapes = Vec::new();
    for at in lone_surrogates(&text) {
        let escape = String::from_utf8_lossy(&text[at..at + 6]).into_owned();
        // Same length, so no offset moves.
        text[at..at + 6].copy_from_slice(b"\\ufffd");
        escapes.push(Repair { offset: at, kind: RepairKind::LoneSurrogate(escape) });
    }
    // Each pass found its own in text order: merged, not sorted (a sort of this type would be code
    // of its own in the bundle).
    let mut merged = Vec::with_capacity(repairs.len() + escapes.len());
    let (mut a, mut b) = (repairs.into_iter().peekable(), escapes.into_iter().peekable());
    while let Some(next) = match (a.peek(), b.peek()) {
        (Some(x), Some(y)) if y.offset < x.offset => b.next(),
        (Some(_), _) => a.next(),
        _ => b.next(),
    } {
        merged.push(next);
    }
    (text, merged)
}

/// The offsets of `\uXXXX` escapes of surrogates that are not half of a high–low pair.
fn lone_surrogates(text: &[u8]) -> Vec<usize> {
    let mut out = Vec::new();
    let mut paired_low = None;
    for at in memmem::find_iter(text, b"\\u") {
        // `\\u` is an escaped backslash and a letter: a real escape has an odd run of backslashes.
        let run = text[..at].iter().rev().take_while(|&&b| b == b'\\').count();
        if run % 2 == 1 || paired_low == Some(at) {
            continue;
        }
        match surrogate(text, at) {
            Some(Half::High) => match surrogate(text, at + 6) {
                Some(Half::Low) => paired_low = Some(at + 6),
                _ => out.push(at),
            },
            Some(Half::Low) => out.push(at),
            None => {}
        }
    }
    out
}

enum Half {
    High,
    Low,
}

/// Which half of a pair the escape at `at` encodes, if it is one.
fn surrogate(text: &[u8], at: usize) -> Option<Half> {
    let hex = std::str::from_utf8(text.get(at + 2..at + 6)?).ok()?;
    if text.get(at..at + 2)? != b"\\u" {
        return None;
    }
    match u16::from_str_radix(hex, 16).ok()? {
        0xD800..=0xDBFF => Some(Half::High),
        0xDC00..=0xDFFF => Some(Half::Low),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mend(text: &[u8]) -> (String, Vec<Repair>) {
        let (t, r) = repair(text.to_vec());
        (String::from_utf8(t).expect("mended text is UTF-8"), r)
    }

    #[test]
    fn good_text_is_untouched() {
        let text = br#"{"a": "caf\u00e9 \ud83d\ude00 \\ud800 \\\ud83d\ude00", "b": "\u0041"}"#;
        let (t, r) = mend(text);
        assert_eq!(t.as_bytes(), text);
        assert!(r.is_empty());
    }

    #[test]
    fn invalid_utf8_becomes_one_replacement_per_sequence_and_says_which_bytes() {
        let (t, r) = mend(b"{\"name\": \"db-\xE9t\xE9\", \"x\": \"\xC3\x28\"}");
        assert_eq!(t, "{\"name\": \"db-\u{fffd}t\u{fffd}\", \"x\": \"\u{fffd}(\"}");
        assert_eq!(r.len(), 3);
        assert_eq!(&t.as_bytes()[r[0].offset..r[0].offset + 3], REPLACEMENT);
        assert_eq!(r[0].kind, RepairKind::InvalidUtf8(vec![0xE9]));
        assert_eq!(r[2].kind.to_string(), "bytes C3 are not valid UTF-8; shown as U+FFFD (�)");
        assert!(serde_json::from_str::<serde_json::Value>(&t).is_ok());
    }

    #[test]
    fn lone_surrogates_become_replacements_and_pairs_stay() {
        let (t, r) = mend(br#"["\ud800x", "\udc00", "\ud83d\ude00", "\uD800\u0041", "\\ud800"]"#);
        assert_eq!(t, r#"["\ufffdx", "\ufffd", "\ud83d\ude00", "\ufffd\u0041", "\\ud800"]"#);
        let escapes: Vec<String> = r.iter().map(|r| r.kind.to_string()).collect();
        assert_eq!(escapes.len(), 3);
        assert!(escapes[2].starts_with("the escape \\uD800 is one half"), "{escapes:?}");
        let v: serde_json::Value = serde_json::from_str(&t).expect("parses");
        assert_eq!(v[0], "\u{fffd}x");
        assert_eq!(v[2], "😀");
    }

    #[test]
    fn a_scan_in_slices_finds_what_needs_mending_wherever_the_slices_fall() {
        let scan = |text: &[u8], budget: usize| {
            let mut s = Scan::default();
            while !s.step(text, budget) {}
            s.needs_repair()
        };
        let clean = "{\"a\": \"café 😀 \\u00e9\"}".as_bytes();
        let latin1 = b"{\"a\": \"caf\xE9\"}".as_slice();
        let surrogate = br#"{"a": "\ud800"}"#.as_slice();
        for budget in 1..=clean.len() + 1 {
            assert!(!scan(clean, budget), "clean text, slices of {budget}");
            assert!(scan(latin1, budget), "invalid UTF-8, slices of {budget}");
            assert!(scan(surrogate, budget), "a surrogate escape, slices of {budget}");
        }
    }

    #[test]
    fn a_scan_of_bytes_then_cut_stands_for_the_part_kept() {
        let read = |text: &[u8]| {
            let mut s = Scan::default();
            while !s.step(text, 7) {}
            s
        };
        let clean = "{\"a\": \"café\"}\n{\"b\": 2}\n".as_bytes();
        let cut = clean.iter().position(|&b| b == b'\n').unwrap() + 1;
        let mut s = read(clean);
        s.keep(cut);
        assert!(s.step(&clean[..cut], 1), "nothing left to read");
        assert!(!s.needs_repair());
        // Something to mend in the part kept is still known.
        let bad = b"{\"a\": \"caf\xE9\"}\n{\"b\": 2}\n".as_slice();
        let mut s = read(bad);
        s.keep(cut);
        assert!(s.step(&bad[..cut], 1) && s.needs_repair());
    }

    #[test]
    fn both_kinds_come_in_text_order() {
        let (t, r) = mend(b"[\"\\udc00\", \"\xFF\"]");
        assert_eq!(r.iter().map(|r| r.offset).collect::<Vec<_>>(), vec![2, 12]);
        assert!(t.is_char_boundary(12));
    }
}
