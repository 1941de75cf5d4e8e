//! Decoding and parsing: one JSON document, or NDJSON (one document per line). A bad NDJSON line is
//! reported with its line number and skipped, so one broken line never loses the rest of the file.

use super::LoadError;
use serde_json::Value;
use std::borrow::Cow;

/// How the file was laid out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Json,
    Ndjson,
}

/// One top-level document and where it sits in the decoded text.
#[derive(Debug, Clone, PartialEq)]
pub struct SourceDoc {
    pub value: Value,
    /// 1-based line on which the document starts.
    pub line: usize,
    /// Byte range of the document in the decoded text.
    pub range: std::ops::Range<usize>,
}

/// The result of parsing one file: its documents and the errors met on the way.
#[derive(Debug, Clone, PartialEq)]
pub struct Parsed {
    pub format: Format,
    /// The decoded text (UTF-8, without BOM), kept so fields can be located by line and column.
    pub text: Vec<u8>,
    pub docs: Vec<SourceDoc>,
    pub errors: Vec<LoadError>,
}

/// Parses a file's bytes. `Err` means nothing could be loaded from it.
pub fn parse(file: &str, bytes: &[u8]) -> Result<Parsed, LoadError> {
    let text = decode(file, bytes)?;
    if text.iter().all(u8::is_ascii_whitespace) {
        return Err(LoadError::new(file, None, "the file is empty"));
    }
    match serde_json::from_slice::<Value>(&text) {
        Ok(value) => {
            let start = text.iter().position(|b| !b.is_ascii_whitespace()).unwrap_or(0);
            let line = 1 + text[..start].iter().filter(|&&b| b == b'\n').count();
            let range = 0..text.len();
            Ok(Parsed { format: Format::Json, docs: vec![SourceDoc { value, line, range }], errors: vec![], text: text.into_owned() })
        }
        Err(err) => {
            // Several documents one after another: NDJSON, if the first line stands on its own.
            if looks_like_ndjson(&text) {
                Ok(parse_ndjson(file, text.into_owned()))
            } else {
                Err(LoadError::from_json(file, &err, 0))
            }
        }
    }
}

fn looks_like_ndjson(text: &[u8]) -> bool {
    let mut lines = text.split(|&b| b == b'\n').filter(|l| !l.iter().all(u8::is_ascii_whitespace));
    let Some(first) = lines.next() else { return false };
    lines.next().is_some() && serde_json::from_slice::<Value>(first).is_ok()
}

fn parse_ndjson(file: &str, text: Vec<u8>) -> Parsed {
    let mut docs = Vec::new();
    let mut errors = Vec::new();
    let mut start = 0;
    for (i, line) in text.split(|&b| b == b'\n').enumerate() {
        let range = start..start + line.len();
        start += line.len() + 1;
        if line.iter().all(u8::is_ascii_whitespace) {
            continue;
        }
        match serde_json::from_slice::<Value>(line) {
            Ok(value) => docs.push(SourceDoc { value, line: i + 1, range }),
            Err(err) => errors.push(LoadError::from_json(file, &err, i)),
        }
    }
    Parsed { format: Format::Ndjson, text, docs, errors }
}

/// UTF-8 with or without BOM, or UTF-16 with a BOM (Windows tools write it).
fn decode<'a>(file: &str, bytes: &'a [u8]) -> Result<Cow<'a, [u8]>, LoadError> {
    match bytes {
        [0xEF, 0xBB, 0xBF, rest @ ..] => Ok(Cow::Borrowed(rest)),
        [0xFF, 0xFE, rest @ ..] => utf16(file, rest, u16::from_le_bytes),
        [0xFE, 0xFF, rest @ ..] => utf16(file, rest, u16::from_be_bytes),
        _ => Ok(Cow::Borrowed(bytes)),
    }
}

fn utf16<'a>(file: &str, rest: &[u8], word: fn([u8; 2]) -> u16) -> Result<Cow<'a, [u8]>, LoadError> {
    if !rest.len().is_multiple_of(2) {
        return Err(LoadError::new(file, None, "the file starts with a UTF-16 mark but has an odd number of bytes"));
    }
    let units = rest.chunks_exact(2).map(|c| word([c[0], c[1]]));
    let s: String = char::decode_utf16(units).map(|r| r.unwrap_or(char::REPLACEMENT_CHARACTER)).collect();
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
        assert!(err.message.contains("truncated"), "{}", err.message);
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
        assert_eq!(p.docs[0].value["a"], 1);
        let mut le = vec![0xFF, 0xFE];
        for u in "{\"é\": 2}".encode_utf16() {
            le.extend_from_slice(&u.to_le_bytes());
        }
        assert_eq!(parse("u16.json", &le).unwrap().docs[0].value["é"], 2);
    }

    #[test]
    fn empty_and_deep_inputs_are_errors() {
        assert_eq!(parse("e.json", b"  \n").unwrap_err().message, "the file is empty");
        let deep = "[".repeat(5000);
        assert!(parse("deep.json", deep.as_bytes()).unwrap_err().message.contains("128 levels"));
    }
}
