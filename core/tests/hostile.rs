//! The hostile corpus (`tests/fixtures/hostile/`) and generated extremes: every file either loads or
//! is refused with a message that names the file and, where there is one, the line and column.
//! Nothing here may panic, and a bad file never disturbs what was loaded before it.

use std::path::PathBuf;
use trailview_core::columns::LIST;
use trailview_core::dataset::{Dataset, Origin};
use trailview_core::model::items::{AlertRow, ChannelRow, EventRow};
use trailview_core::query::{filter, sort, Sort};

fn hostile(name: &str) -> Vec<u8> {
    let p = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures/hostile").join(name);
    std::fs::read(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

/// Loads `name` after a good file, then checks the good file's session is still there and every
/// view-model of every session can be built.
fn load_after_good(name: &str, bytes: &[u8]) -> (Dataset, trailview_core::dataset::FileReport) {
    let mut ds = Dataset::new();
    let good = std::fs::read(
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures/session-6x.json"),
    )
    .unwrap();
    ds.add_file("good.json", &good, Origin::Local);
    let before = ds.sessions().len();
    let report = ds.add_file(name, bytes, Origin::Local);
    assert!(ds.sessions().len() >= before, "{name}: earlier sessions lost");
    exercise(&ds);
    (ds, report)
}

/// Runs everything the views compute over a dataset.
pub fn exercise(ds: &Dataset) {
    for key in LIST {
        for descending in [false, true] {
            let mut rows = filter(ds, "a");
            sort(ds, &mut rows, Sort { key, descending });
        }
    }
    let _ = ds.dataset_issues();
    for e in ds.sessions() {
        let _ = e.summary.effective_duration();
        for v in &ds.items(&e.attached.channels) {
            let c = ChannelRow::from_item(v);
            let _ = (c.originator(), c.connected());
        }
        ds.items(&e.attached.events).iter().for_each(|v| drop(EventRow::from_item(v)));
        ds.items(&e.attached.alerts).iter().for_each(|v| drop(AlertRow::from_item(v)));
    }
}

/// (file, sessions expected, Some(start of the error message) when the file is refused, error line)
const CORPUS: &[(&str, usize, Option<&str>, Option<usize>)] = &[
    ("truncated.json", 0, Some("the JSON ends too early"), Some(54)),
    ("invalid-syntax.json", 0, Some("invalid JSON: key must be a string"), Some(3)),
    ("bom-utf8.json", 1, None, None),
    ("utf16le-bom.json", 1, None, None),
    ("utf16be-bom.json", 1, None, None),
    ("utf16le-no-bom.json", 1, None, None),
    ("invalid-utf8.json", 1, None, None),
    ("deep-nesting.json", 0, Some("the JSON is nested more than 128 levels"), Some(1)),
    ("deep-nesting-object.json", 0, Some("the JSON is nested more than 128 levels"), Some(1)),
    ("huge-number.json", 1, None, None),
    ("big-integers.json", 1, None, None),
    ("duplicate-keys.json", 1, None, None),
    ("lone-surrogate.json", 1, None, None),
    ("control-char.json", 0, Some("a raw control character"), Some(1)),
    ("wrong-type-every-field.json", 1, None, None),
    ("wrong-shapes.ndjson", 3, None, None),
    ("markup-everywhere.json", 1, None, None),
    ("empty.json", 0, Some("the file is empty"), None),
    ("whitespace-only.json", 0, Some("the file is empty"), None),
    ("binary.png", 0, Some("this is a PNG image, not JSON text"), None),
    ("gzip.json.gz", 0, Some("this is a gzip-compressed file"), None),
    ("ndjson-mixed.ndjson", 2, Some("the JSON ends too early"), Some(3)),
];

#[test]
fn every_file_of_the_corpus_loads_or_says_why_and_where() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures/hostile");
    let mut on_disk: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .filter(|n| n != "README.md")
        .collect();
    on_disk.sort();
    let mut listed: Vec<String> = CORPUS.iter().map(|c| c.0.to_string()).collect();
    listed.sort();
    assert_eq!(on_disk, listed, "every corpus file has an expectation here");

    for &(name, sessions, error, line) in CORPUS {
        let (ds, report) = load_after_good(name, &hostile(name));
        assert_eq!(ds.sessions().len(), 1 + sessions, "{name}: sessions");
        match error {
            Some(start) => {
                let first =
                    report.errors.first().unwrap_or_else(|| panic!("{name}: expected an error"));
                assert!(first.message().starts_with(start), "{name}: {first}");
                assert_eq!(first.file, name);
                assert_eq!(first.position.map(|p| p.line), line, "{name}: {first}");
            }
            None => assert!(report.errors.is_empty(), "{name}: {:?}", report.errors),
        }
    }
}

#[test]
fn a_bad_byte_sequence_or_a_lone_surrogate_costs_only_its_value() {
    let (ds, _) = load_after_good("invalid-utf8.json", &hostile("invalid-utf8.json"));
    assert_eq!(ds.files()[1].warnings.len(), 2, "two mended sequences");
    let issues: Vec<String> = ds.dataset_issues().iter().map(ToString::to_string).collect();
    // `"\xC3(\xFFSSH"`: C3 starts a sequence that `(` breaks; FF is never UTF-8.
    let want =
        "bytes C3 are not valid UTF-8; shown as U+FFFD (�); the rest of the document is loaded (invalid-utf8.json, line 35, column 18)";
    assert!(issues.iter().any(|i| i == want), "{issues:?}");
    assert!(
        issues
            .iter()
            .any(|i| i.starts_with("bytes FF are not valid UTF-8")
                && i.ends_with("line 35, column 20)")),
        "{issues:?}"
    );
    let s = ds
        .sessions()
        .iter()
        .find(|s| ds.file_of_session(s).is_some_and(|f| f.name == "invalid-utf8.json"))
        .expect("the session loaded");
    assert_eq!(&*s.summary.protocol, "\u{fffd}(\u{fffd}SSH");
    // Both are also warnings of the session they are in, beside its values.
    assert_eq!(
        s.issues.iter().filter(|i| i.message.contains("are not valid UTF-8")).count(),
        2,
        "{:?}",
        s.issues
    );

    let (ds, _) = load_after_good("lone-surrogate.json", &hostile("lone-surrogate.json"));
    assert_eq!(ds.files()[1].warnings.len(), 1);
    let s = ds.session("s").expect("the session loaded");
    assert_eq!(&*s.summary.user, "\u{fffd}x");
    assert!(s.issues.iter().any(|i| i.message.starts_with("the escape \\ud800")), "{:?}", s.issues);
    let issues: Vec<String> = ds.dataset_issues().iter().map(ToString::to_string).collect();
    assert!(
        issues.iter().any(|i| i.starts_with("the escape \\ud800 is one half of a UTF-16 pair")
            && i.ends_with("line 1, column 41)")),
        "{issues:?}"
    );
}

#[test]
fn a_number_a_double_cannot_hold_costs_nothing_and_is_shown_as_written() {
    let (ds, _) = load_after_good("huge-number.json", &hostile("huge-number.json"));
    let s = ds.session("n1").expect("the session loaded");
    assert_eq!(s.summary.duration, None, "not infinity");
    let doc = ds.session_doc(s).expect("parses again");
    // Its digits as written (serde_json spells the exponent's sign), never infinity.
    assert_eq!(doc["body"]["duration"].to_string(), "1e+400");
    let issues: Vec<String> = ds.dataset_issues().iter().map(ToString::to_string).collect();
    assert!(
        issues.iter().any(|i| i.starts_with("the number 1e400 is beyond the range of a double")
            && i.ends_with("(huge-number.json, line 1, column 36)")),
        "{issues:?}"
    );
    // Integers past 64 bits: every digit kept, and said so.
    let (ds, _) = load_after_good("big-integers.json", &hostile("big-integers.json"));
    let text = String::from_utf8(hostile("big-integers.json")).expect("text");
    let big = text
        .split(|c: char| !c.is_ascii_digit() && c != '-')
        .find(|t| t.trim_start_matches('-').len() > 20)
        .expect("a big integer");
    let issues: Vec<String> = ds.dataset_issues().iter().map(ToString::to_string).collect();
    assert!(
        issues
            .iter()
            .any(|i| i.contains(&format!("the integer {big} has more digits than 64 bits hold"))),
        "{big}: {issues:?}"
    );
}

#[test]
fn a_mended_value_is_a_warning_of_the_session_it_is_in() {
    let session = |k: &str, name: &[u8]| {
        let mut d = format!(r#"{{"key": "{k}", "body": {{"protocol": "SSH", "user": {{"name": ""#)
            .into_bytes();
        d.extend_from_slice(name);
        d.extend_from_slice(
            format!(r#""}}}}, "meta": {{"href": "/api/audit/sessions/{k}"}}}}"#).as_bytes(),
        );
        d
    };
    for ndjson in [false, true] {
        let docs = [session("a", b"alice"), session("b", b"b\xF6b"), session("c", b"carol")];
        let text = if ndjson {
            docs.join(&b'\n')
        } else {
            [b"[".to_vec(), docs.join(&b',').to_vec(), b"]".to_vec()].concat()
        };
        let mut ds = Dataset::new();
        ds.add_file("x.json", &text, Origin::Local);
        let with = |k: &str| {
            ds.session(k)
                .expect("loaded")
                .issues
                .iter()
                .filter(|i| i.message.contains("F6 are not valid UTF-8"))
                .count()
        };
        assert_eq!((with("a"), with("b"), with("c")), (0, 1, 0), "ndjson: {ndjson}");
        assert_eq!(&*ds.session("b").expect("loaded").summary.user, "b\u{fffd}b");
    }
}

#[test]
fn repeated_keys_are_warned_about_at_the_repeat() {
    let (ds, report) = load_after_good("duplicate-keys.json", &hostile("duplicate-keys.json"));
    assert_eq!(report.warnings, 2);
    let issues: Vec<String> = ds.dataset_issues().iter().map(ToString::to_string).collect();
    assert!(
        issues.iter().any(|i| i.contains("\"protocol\" appears more than once in body")
            && i.contains("line 6, column 5")),
        "{issues:?}"
    );
    let s = ds.session("dup-1").unwrap();
    assert_eq!(&*s.summary.protocol, "RDP", "the last value wins, as in JSON.parse");
}

#[test]
fn every_wrong_type_is_reported_and_the_session_still_opens() {
    let (ds, report) =
        load_after_good("wrong-type-every-field.json", &hostile("wrong-type-every-field.json"));
    assert!(report.warnings >= 40, "{}", report.warnings);
    let s = ds.sessions().iter().find(|s| s.key == "rUhhQZ3jYsY1NDWYp9DEpq").unwrap();
    assert!(s.issues.iter().all(|i| i.position.is_some()), "every finding is placed in the file");
}

#[test]
fn generated_extremes_load_or_are_refused_cleanly() {
    // A 32 MB string, a 100,000-digit integer, 100,000 keys in one object, a line of 200,000 brackets.
    let long = format!(
        r#"{{"key": "long", "body": {{"user": {{"name": "{}"}}}}, "meta": {{"href": "/api/audit/sessions/long"}}}}"#,
        "x".repeat(32 << 20)
    );
    let (ds, _) = load_after_good("long.json", long.as_bytes());
    assert_eq!(ds.session("long").unwrap().summary.user.len(), 32 << 20);

    let digits = format!(
        r#"{{"key": "n", "body": {{"duration": {}}}, "meta": {{"href": "/api/audit/sessions/n"}}}}"#,
        "9".repeat(100_000)
    );
    let (ds, report) = load_after_good("digits.json", digits.as_bytes());
    assert!(report.errors.is_empty(), "{:?}", report.errors);
    let doc = ds.session_doc(ds.session("n").expect("loads")).expect("parses again");
    assert_eq!(
        doc["body"]["duration"].to_string(),
        "9".repeat(100_000),
        "kept as written, every digit"
    );
    let issues: Vec<String> =
        ds.dataset_issues().iter().map(|i| i.message.chars().take(120).collect()).collect();
    assert!(
        issues
            .iter()
            .any(|i| i.starts_with("the number 999999999999999999999999999999… (100000 characters) is beyond the range of a double")),
        "{issues:?}"
    );

    let wide: String = (0..100_000).map(|i| format!("\"k{i}\": {i}")).collect::<Vec<_>>().join(",");
    let wide = format!(
        r#"{{"key": "wide", "body": {{{wide}}}, "meta": {{"href": "/api/audit/sessions/wide"}}}}"#
    );
    let (ds, _) = load_after_good("wide.json", wide.as_bytes());
    assert!(ds.session("wide").is_some());

    let brackets = format!("{{\"a\":1}}\n{}\n{{\"b\":2}}\n", "[".repeat(200_000));
    let (_, report) = load_after_good("deep.ndjson", brackets.as_bytes());
    assert_eq!(report.errors.len(), 1);
    assert_eq!(report.errors[0].position.map(|p| p.line), Some(2));
}
