//! What leaves the viewer at the auditor's request: CSV of the current result (chosen columns, times in
//! the chosen zone, cells that a spreadsheet would run as formulas neutralised) and JSON of the selected
//! session documents as loaded.

use crate::columns::{Cell, Col};
use crate::dataset::Dataset;
use crate::review::Marks;
use crate::time::TimeMode;

/// The CSV of `rows` (indices into the sessions) with `columns`. Time headers name the zone: `start
/// (UTC)`, `start (local, UTC+01:00)` or `start (as written)`.
pub fn csv(
    ds: &Dataset,
    rows: &[usize],
    columns: &[Col],
    mode: TimeMode,
    local_zone: &str,
    marks: &Marks,
) -> String {
    let zone = match mode {
        TimeMode::Original => "as written".to_string(),
        TimeMode::Utc => "UTC".to_string(),
        TimeMode::Local => format!("local, {local_zone}"),
    };
    let header: Vec<String> = columns
        .iter()
        .map(|c| match c.column().find {
            Some(crate::columns::Find::Time(_)) => format!("{} ({zone})", c.label()),
            _ => c.label().to_string(),
        })
        .collect();
    let cells: Vec<_> = columns.iter().map(|c| c.column().csv.as_ref().map(|c| c.cell)).collect();
    let body = rows.iter().filter_map(|&r| ds.sessions().get(r)).map(|entry| {
        let file = entry.source.as_ref().map_or("", |r| ds.file_name(r.doc));
        let cell = Cell { entry, mode, marks, file };
        cells.iter().map(|c| neutralise(c.map(|c| c(&cell)).unwrap_or_default())).collect()
    });
    records(std::iter::once(header).chain(body))
}

/// CSV text by RFC 4180: a field holding a comma, a quote or a line break is quoted with its quotes
/// doubled, a record of no fields or one empty field is `""` (so it is not read as no record), and records end
/// with CRLF, as spreadsheets expect.
///
/// Written here rather than by the `csv` crate, which is this writer's test oracle: its writer always
/// links the standard float parser (for a quoting style we never use), and with it 10 KB of tables
/// gzip cannot shrink; 17 KB of the bundle for ten lines.
fn records(rows: impl IntoIterator<Item = Vec<String>>) -> String {
    let mut out = String::new();
    for row in rows {
        if row.iter().all(String::is_empty) && row.len() <= 1 {
            out.push_str("\"\"");
        }
        for (i, field) in row.iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            if field.contains([',', '"', '\r', '\n']) {
                out.push('"');
                out.push_str(&field.replace('"', "\"\""));
                out.push('"');
            } else {
                out.push_str(field);
            }
        }
        out.push_str("\r\n");
    }
    out
}

/// A cell a spreadsheet would evaluate (`=cmd|' /C calc'!A0`, `+1+1`, `@SUM(…)`, `-2+3`) gets a leading
/// apostrophe, as OWASP advises; a plain negative decimal (`-5`, `-0.25`) is left alone so it stays a
/// number. Decided by the characters, not by a float parser, which also takes `-inf`, `+NaN` and
/// `-Infinity`.
pub fn neutralise(cell: String) -> String {
    let risky = cell.starts_with(['=', '+', '-', '@', '\t', '\r', '\n']);
    if risky && !is_plain_negative_decimal(&cell) {
        format!("'{cell}")
    } else {
        cell
    }
}

/// `-` then digits, with at most one `.` that has digits on both sides.
fn is_plain_negative_decimal(cell: &str) -> bool {
    let Some(digits) = cell.strip_prefix('-') else { return false };
    let (whole, fraction) = digits.split_once('.').unwrap_or((digits, "1"));
    let all_digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    all_digits(whole) && all_digits(fraction)
}

/// The session documents of `rows` exactly as loaded (their bytes, byte for byte, from the decoded
/// file), as one JSON array.
pub fn documents(ds: &Dataset, rows: &[usize]) -> String {
    let mut out = String::from(DOCUMENTS_START);
    let mut first = true;
    documents_into(ds, rows, &mut out, &mut first);
    out.push_str(DOCUMENTS_END);
    out
}

/// What [`documents`] begins and ends with, for a caller that writes it in parts.
pub const DOCUMENTS_START: &str = "[";
/// The end of what [`documents`] writes.
pub const DOCUMENTS_END: &str = "\n]\n";

/// The documents of `rows` as [`documents`] writes them, appended to `out` (`first` while none is
/// written yet): an array written a part at a time, whose documents are read back from their files
/// in between.
pub fn documents_into(ds: &Dataset, rows: &[usize], out: &mut String, first: &mut bool) {
    for e in rows.iter().filter_map(|&r| ds.sessions().get(r)) {
        let raw = ds
            .session_raw(e)
            .and_then(|b| std::str::from_utf8(b.trim_ascii()).ok().map(str::to_string));
        let Some(text) = raw.or_else(|| ds.session_doc(e).map(|v| crate::json::Json::compact(&v)))
        else {
            continue;
        };
        out.push_str(if *first { "\n" } else { ",\n" });
        out.push_str(&text);
        *first = false;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dataset::Origin;
    use serde_json::Value;

    #[test]
    fn records_quote_what_they_must() {
        let fields =
            ["plain", "a,b", "say \"hi\"", "two\nlines", "", "cr\r"].map(String::from).to_vec();
        let out = records([fields, vec![String::new()]]);
        assert_eq!(out, "plain,\"a,b\",\"say \"\"hi\"\"\",\"two\nlines\",,\"cr\r\"\r\n\"\"\r\n");
    }

    proptest::proptest! {
        #[test]
        fn records_are_what_the_csv_crate_writes(rows in proptest::collection::vec(proptest::collection::vec("[a-c ,\"\r\n=-]{0,6}", 0..5), 0..5)) {
            let mut w = ::csv::WriterBuilder::new().terminator(::csv::Terminator::CRLF).flexible(true).from_writer(Vec::new());
            for row in &rows {
                w.write_record(row).unwrap();
            }
            let want = String::from_utf8(w.into_inner().unwrap()).unwrap();
            proptest::prop_assert_eq!(records(rows), want);
        }
    }

    #[test]
    fn formulas_are_neutralised_and_numbers_are_not() {
        assert_eq!(neutralise("=cmd|' /C calc'!A0".into()), "'=cmd|' /C calc'!A0");
        assert_eq!(neutralise("@SUM(A1)".into()), "'@SUM(A1)");
        assert_eq!(neutralise("-2+3".into()), "'-2+3");
        assert_eq!(neutralise("-5".into()), "-5");
        assert_eq!(neutralise("-0.25".into()), "-0.25");
        assert_eq!(neutralise("alice".into()), "alice");
        assert_eq!(neutralise("12".into()), "12");
        // A float parser takes each of these as a number; a spreadsheet does not.
        for cell in [
            "-Infinity",
            "-inf",
            "+nan",
            "+NaN",
            "-NaN",
            "+inf",
            "+1",
            "-1e5",
            "-.5",
            "-5.",
            "-1.2.3",
            "-",
            "+",
            "-0x10",
            "- 5",
            "\t1",
            "\r1",
        ] {
            assert_eq!(neutralise(cell.into()), format!("'{cell}"), "{cell:?}");
        }
    }

    #[test]
    fn csv_has_the_zone_in_its_header_and_quotes_what_it_must() {
        let mut ds = Dataset::new();
        let doc = r#"{"key": "k1", "body": {"protocol": "SSH", "start_time": "2024-03-01T10:00:00+02:00", "user": {"name": "=HYPERLINK(\"x\")"}, "client": {"ip": "10.0.0.1", "port": 1}}, "meta": {"href": "/api/audit/sessions/k1"}}"#;
        ds.add_file("a.json", doc.as_bytes(), Origin::Local);
        let out =
            csv(&ds, &[0], &[Col::Key, Col::Start, Col::User], TimeMode::Utc, "", &Marks::new());
        let lines: Vec<&str> = out.split("\r\n").collect();
        assert_eq!(lines[0], "key,start (UTC),user");
        assert!(lines[1].starts_with("k1,2024-03-01 08:00:00"), "{}", lines[1]);
        assert!(lines[1].ends_with(",\"'=HYPERLINK(\"\"x\"\")\""), "{}", lines[1]);
        let json = documents(&ds, &[0]);
        assert_eq!(json, format!("[\n{doc}\n]\n"), "the bytes as loaded");
        let back: Value = serde_json::from_str(&json).unwrap();
        assert_eq!(back[0], serde_json::from_str::<Value>(doc).unwrap());
    }
}
