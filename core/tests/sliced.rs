//! Loading a slice at a time gives exactly what loading at once gives, whatever the slice size, and a
//! cancelled load keeps what it read and says where it stopped.

use trailview_core::dataset::{Dataset, Origin};
use trailview_core::gen::{generate, Layout};

fn sliced(name: &str, bytes: &[u8], budget: usize) -> (Dataset, usize) {
    let mut ds = Dataset::new();
    let mut steps = 0;
    if let Ok(mut job) = ds.begin_file(name, bytes.to_vec(), Origin::Local) {
        while ds.continue_file(&mut job, budget).is_none() {
            steps += 1;
        }
    }
    (ds, steps)
}

#[test]
fn any_slice_size_gives_the_same_dataset() {
    for layout in [Layout::Ndjson, Layout::Array, Layout::List] {
        // Over 1 MB, so a JSON array or list is read an element at a time too.
        let text = generate(600, 4).render(layout);
        assert!(text.len() > 1 << 20);
        let mut whole = Dataset::new();
        whole.add_file("g", text.as_bytes(), Origin::Local);
        for budget in [1, 7_000, 500_000] {
            let (ds, steps) = sliced("g", text.as_bytes(), budget);
            assert_eq!(ds, whole, "{layout:?} in slices of {budget} bytes");
            if budget < 10_000 {
                assert!(steps > 100, "{layout:?}: {steps} steps: the file is read in slices");
            }
        }
    }
}

#[test]
fn a_cancelled_load_keeps_what_it_read_and_says_so() {
    let text = generate(200, 4).render(Layout::Ndjson);
    let mut ds = Dataset::new();
    let mut job = ds.begin_file("big.ndjson", text.clone().into_bytes(), Origin::Local).unwrap();
    for _ in 0..20 {
        assert!(ds.continue_file(&mut job, 2_000).is_none());
    }
    let (done, total) = job.progress();
    assert!(done > 0 && done < total);
    let report = job.cancel(&mut ds);
    assert!(!ds.sessions().is_empty() && ds.sessions().len() < 200, "{}", ds.sessions().len());
    let msg = &report.errors.last().unwrap().message();
    assert!(
        msg.starts_with(&format!("loading was cancelled after {done} of {total} bytes")),
        "{msg}"
    );
    assert_eq!(ds.files()[0].errors.last().unwrap().message(), *msg);
}

#[test]
fn a_broken_large_document_reports_what_the_whole_parse_reports() {
    let text = generate(600, 4).render(Layout::List);
    let cut = &text.as_bytes()[..text.len() * 7 / 10];
    let mut bad = text.clone().into_bytes();
    let mid = bad.len() / 2;
    let comma = mid + bad[mid..].iter().position(|&b| b == b',').unwrap();
    bad[comma] = b';';
    for broken in [cut.to_vec(), bad] {
        let whole = trailview_core::ingest::Stream::open_splitting_from(
            "big.json",
            broken.clone(),
            usize::MAX,
        )
        .err();
        assert!(
            whole.as_ref().is_some_and(|e| e.position.is_some()),
            "the broken text is refused, at a place"
        );
        let mut ds = Dataset::new();
        let report = ds.add_file("big.json", &broken, Origin::Local);
        assert_eq!(
            report.errors.first(),
            whole.as_ref(),
            "the same error, at the same line and column"
        );
        assert!(ds.sessions().is_empty());
    }
}

#[test]
fn a_file_cut_short_keeps_the_complete_sessions_of_its_part() {
    // Large, and small enough that a whole document would otherwise be parsed at once.
    for (n, layout) in [1000, 60]
        .into_iter()
        .flat_map(|n| [(n, Layout::Array), (n, Layout::List), (n, Layout::Ndjson)])
    {
        let export = generate(n, 6);
        let text = export.render(layout);
        // NDJSON writes the sessions first and their channels, events and alerts after them.
        let cut = if layout == Layout::Ndjson { text.len() / 5 } else { text.len() * 3 / 5 };
        let mut part = text.as_bytes()[..cut].to_vec();
        if layout == Layout::Ndjson {
            // The loader cuts NDJSON after its last whole line.
            part.truncate(part.iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1));
        }
        // The oracle: the sessions whose whole text lies in the part, found by where each one's text is.
        let whole_in_part: Vec<&str> = export
            .sessions
            .iter()
            .filter(|s| {
                let written = s.to_string();
                text.find(&written).is_some_and(|at| at + written.len() <= part.len())
            })
            .filter_map(|s| s["key"].as_str())
            .collect();
        assert!(
            whole_in_part.len() > n * 3 / 10 && whole_in_part.len() < n,
            "{layout:?}: {}",
            whole_in_part.len()
        );
        let mut ds = Dataset::new();
        let mut scan = trailview_core::ingest::Scan::default();
        while !scan.step(&part, 4096) {}
        let mut job = ds
            .begin_scanned(
                "big.json",
                part,
                Origin::Local,
                &scan,
                Some((text.len() as u64, "a test")),
            )
            .expect("opens");
        let report = loop {
            if let Some(r) = ds.continue_file(&mut job, 64 * 1024) {
                break r;
            }
        };
        let loaded: Vec<&str> =
            ds.sessions().iter().filter(|e| e.source.is_some()).map(|e| e.key.as_str()).collect();
        let mut want = whole_in_part.clone();
        want.sort();
        let mut got = loaded.clone();
        got.sort();
        assert_eq!(got, want, "{layout:?}: exactly the complete sessions");
        let note = report
            .errors
            .iter()
            .find(|e| e.message().starts_with("only the first"))
            .expect("a note says where it stopped");
        assert!(
            note.message().contains("(a test)")
                && note.message().contains("the rest of the file is not"),
            "{}",
            note.message()
        );
    }
}

#[test]
fn a_large_array_or_list_keeps_only_ranges_past_its_first_sessions_and_loads_the_same() {
    // Past 1,000 elements the reader drops each parsed session and registers it from its range again:
    // every session must come out as it does from NDJSON, one document per line.
    for variant in [trailview_core::gen::Variant::default(), trailview_core::gen::Variant::FINDINGS]
    {
        let export = trailview_core::gen::generate_variant(1500, 8, variant);
        let lines: String = export.sessions.iter().map(|s| format!("{s}\n")).collect();
        let mut reference = Dataset::new();
        reference.add_file("s.ndjson", lines.as_bytes(), Origin::Local);
        let messages = |e: &trailview_core::dataset::SessionEntry| {
            e.issues.iter().map(|i| i.message.clone()).collect::<Vec<_>>()
        };
        for layout in [Layout::Array, Layout::List] {
            let text = export.render(layout);
            for budget in [usize::MAX, 64 * 1024] {
                let (ds, _) = sliced("big.json", text.as_bytes(), budget);
                assert_eq!(ds.sessions().len(), 1500, "{layout:?}");
                for want in reference.sessions() {
                    let got =
                        ds.session(&want.key).unwrap_or_else(|| panic!("{layout:?}: {}", want.key));
                    assert_eq!(got.summary, want.summary, "{layout:?} {}", want.key);
                    let text = |d: &Dataset, e: &trailview_core::dataset::SessionEntry| {
                        d.session_index(&e.key).map(|i| d.search_text(i).to_string())
                    };
                    assert_eq!(text(&ds, got), text(&reference, want), "{layout:?} {}", want.key);
                    assert_eq!(messages(got), messages(want), "{layout:?} {}", want.key);
                    assert_eq!(
                        (got.channel_count, got.alert_count),
                        (want.channel_count, want.alert_count),
                        "{layout:?} {}",
                        want.key
                    );
                    assert_eq!(
                        ds.session_doc(got),
                        reference.session_doc(want),
                        "{layout:?} {}",
                        want.key
                    );
                }
            }
        }
    }
}

#[test]
fn repeated_keys_and_huge_numbers_past_the_first_sessions_of_an_array_are_each_pointed_at_once() {
    // Past 1,000 elements the reader only probes each element; the full read at registration must
    // still point at a repeated key or a number beyond a double, at its own line, exactly once.
    let export = trailview_core::gen::generate(1500, 4);
    let mark = |i: usize, s: &str| match i {
        2 | 1200 => s.replacen("\"body\":{", "\"body\":{\"zz\":1,\"zz\":2,", 1),
        1300 => s.replacen("\"body\":{", "\"body\":{\"big\":1e400,", 1),
        _ => s.to_string(),
    };
    for with_early_repeat in [false, true] {
        let sessions: Vec<String> = export
            .sessions
            .iter()
            .enumerate()
            .map(|(i, s)| {
                let s = s.to_string();
                if i == 2 && !with_early_repeat {
                    s
                } else {
                    mark(i, &s)
                }
            })
            .collect();
        // One element per line: element i is on line i + 2.
        let text = format!("[\n{}\n]\n", sessions.join(",\n"));
        for budget in [usize::MAX, 64 * 1024] {
            let (ds, _) = sliced("big.json", text.as_bytes(), budget);
            assert_eq!(ds.sessions().len(), 1500);
            let issues = ds.dataset_issues();
            let lines = |what: &str| -> Vec<usize> {
                let mut l: Vec<usize> = issues
                    .iter()
                    .filter(|i| i.message.contains(what))
                    .filter_map(|i| i.position.map(|p| p.line))
                    .collect();
                l.sort();
                l
            };
            let repeats = if with_early_repeat { vec![4, 1202] } else { vec![1202] };
            assert_eq!(
                lines("\"zz\" appears more than once"),
                repeats,
                "early repeat {with_early_repeat}, budget {budget}"
            );
            assert_eq!(
                lines("beyond the range of a double"),
                vec![1302],
                "early repeat {with_early_repeat}, budget {budget}"
            );
        }
    }
}

#[test]
fn a_large_array_or_list_of_sessions_shows_its_first_sessions_before_its_end_is_read() {
    let export = generate(3000, 4);
    for layout in [Layout::Array, Layout::List] {
        let mut ds = Dataset::new();
        let mut job =
            ds.begin_file("big.json", export.render(layout).into_bytes(), Origin::Local).unwrap();
        let mut first = None;
        while ds.continue_file(&mut job, 64 * 1024).is_none() {
            if first.is_none() && !ds.sessions().is_empty() {
                first = Some(job.progress());
            }
        }
        let (done, total) = first.expect("sessions came in before the load ended");
        assert!(
            done < total / 2,
            "{layout:?}: the first sessions came in after {done} of {total} bytes"
        );
        assert_eq!(ds.sessions().len(), 3000);
        assert_eq!(ds.docs().len(), 1, "{layout:?}: still one document");
    }
}

#[test]
fn a_large_list_that_is_one_page_of_more_says_so_at_its_meta() {
    let export = generate(1500, 4);
    let items: Vec<String> = export.sessions.iter().map(ToString::to_string).collect();
    let meta = r#"{"href": "/api/audit/sessions", "match_count": 5000, "offset": 0, "next": "/api/audit/sessions?offset=1500"}"#;
    let text = format!("{{\"items\": [\n{}\n],\n\"meta\": {meta}}}\n", items.join(",\n"));
    let line = text[..text.find(meta).unwrap()].matches('\n').count() + 1;
    for budget in [usize::MAX, 64 * 1024] {
        let (ds, _) = sliced("page.json", text.as_bytes(), budget);
        assert_eq!(ds.sessions().len(), 1500);
        let paging: Vec<_> = ds
            .dataset_issues()
            .into_iter()
            .filter(|i| i.message.starts_with("This list is only part"))
            .collect();
        assert_eq!(paging.len(), 1, "{paging:?}");
        assert!(
            paging[0].message.contains("it holds 1500 of 5000 matches")
                && paging[0].message.contains("more follow at"),
            "{}",
            paging[0].message
        );
        let at = paging[0].position.expect("placed");
        assert_eq!((at.line, at.column), (line, 9), "at the meta value");
    }
}

#[test]
fn a_large_array_broken_after_its_first_sessions_keeps_them_and_names_the_place() {
    let export = generate(1500, 4);
    let text = export.render(Layout::Array);
    // A comma between two elements past the 1,000th, made a semicolon.
    let at = text.find(&export.sessions[1200].to_string()).expect("the element is in the text") - 1;
    assert_eq!(&text[at..=at], ",");
    let mut bad = text.clone().into_bytes();
    bad[at] = b';';
    let trailing = format!("{text} x");
    for (broken, kept) in [(bad, 1200), (trailing.into_bytes(), 1500)] {
        let whole = trailview_core::ingest::Stream::open_splitting_from(
            "big.json",
            broken.clone(),
            usize::MAX,
        )
        .err();
        assert!(
            whole.as_ref().is_some_and(|e| e.position.is_some()),
            "the broken text is refused, at a place"
        );
        for budget in [usize::MAX, 64 * 1024] {
            let mut ds = Dataset::new();
            let mut job = ds.begin_file("big.json", broken.clone(), Origin::Local).expect("opens");
            let report = loop {
                if let Some(r) = ds.continue_file(&mut job, budget) {
                    break r;
                }
            };
            assert_eq!(
                report.errors.first(),
                whole.as_ref(),
                "the same error, at the same line and column"
            );
            let keys: Vec<&str> = ds.sessions().iter().map(|e| e.key.as_str()).collect();
            let want: Vec<&str> =
                export.sessions[..kept].iter().filter_map(|s| s["key"].as_str()).collect();
            assert_eq!(keys, want, "the sessions before the break, each once");
        }
    }
}

/// The files the readers that start before the end is read are checked on: NDJSON with a BOM, and
/// NDJSON, an array and a `fields=*` list of 1,500 sessions, as the generator writes them and with
/// findings in every session.
fn shapes() -> Vec<(String, Vec<u8>)> {
    use trailview_core::gen::{generate_variant, Variant};
    let mut with_bom = b"\xEF\xBB\xBF".to_vec();
    with_bom.extend(generate(300, 5).render(Layout::Ndjson).into_bytes());
    let mut files: Vec<(String, Vec<u8>)> = vec![("ndjson with a BOM".into(), with_bom)];
    for variant in [Variant::default(), Variant::FINDINGS] {
        let export = generate_variant(1500, 7, variant);
        for layout in [Layout::Ndjson, Layout::Array, Layout::List] {
            files.push((format!("{layout:?} {variant:?}"), export.render(layout).into_bytes()));
        }
    }
    files
}

/// Loads `bytes` begun on their first `start` bytes, read as far as they go, then handed over whole;
/// `None` when the start cannot be read on its own.
fn begun_on_start(bytes: &[u8], start: usize, budget: usize) -> Option<(Dataset, usize)> {
    use trailview_core::ingest::Scan;
    let scan_of = |b: &[u8]| {
        let mut scan = Scan::default();
        while !scan.step(b, usize::MAX) {}
        scan
    };
    let mut ds = Dataset::new();
    let mut job = ds.begin_prefix(
        "big.json",
        bytes[..start].to_vec(),
        Origin::Local,
        bytes.len(),
        &scan_of(&bytes[..start]),
    )?;
    let mut steps = 0;
    while !job.starved() {
        assert!(
            ds.continue_file(&mut job, budget).is_none(),
            "the file cannot end before it is whole"
        );
        steps += 1;
        assert!(steps < 10_000_000, "the start is read in a bounded number of steps");
    }
    let before = ds.sessions().len();
    job.complete(&mut ds, bytes.to_vec(), &scan_of(bytes), None);
    while ds.continue_file(&mut job, budget).is_none() {}
    Some((ds, before))
}

#[test]
fn a_file_begun_on_its_start_while_the_rest_is_read_loads_as_if_read_whole() {
    // Bytes to mend past the start: a byte that is not UTF-8 inside a value.
    let mut to_mend = generate(300, 6).render(Layout::Ndjson).into_bytes();
    let at = to_mend.len() * 3 / 4;
    let quote = at + to_mend[at..].iter().position(|&b| b == b'"').unwrap() + 1;
    to_mend.insert(quote, 0xFF);
    let mut files = shapes();
    files.push(("ndjson to mend".into(), to_mend));
    for (name, bytes) in &files {
        let mut whole = Dataset::new();
        whole.add_file("big.json", bytes, Origin::Local);
        assert!(whole.sessions().len() >= 300, "{name}");
        let half = bytes.len() / 2;
        for (start, budget) in [
            (1000, usize::MAX),
            (half, usize::MAX),
            (half, 64 * 1024),
            (bytes.len() - 1, usize::MAX),
        ] {
            let Some((ds, before)) = begun_on_start(bytes, start, budget) else {
                // A start shorter than a line cannot tell NDJSON, and one with something to mend is
                // not read alone: the file then opens once read.
                let mended = name.ends_with("to mend") && start > bytes.len() * 3 / 4;
                assert!(start < 10_000 || mended, "{name}: the start of {start} bytes opens");
                continue;
            };
            // (Not assert_eq: a dataset's debug text is megabytes.)
            assert!(ds == whole, "{name}: begun on {start} bytes, in slices of {budget}");
            // An array's sessions go in once 1,000 of its elements told what it is.
            let told = (start >= bytes.len() / 2 && name.starts_with("Ndjson"))
                || (start == bytes.len() - 1 && name.starts_with("Array"));
            if told {
                assert!(before > 0, "{name}: sessions came in from the start alone");
            }
        }
    }
    // What the start alone cannot tell: a single document, and a file that is not plain UTF-8.
    let one = generate(1, 3).sessions[0].to_string();
    assert!(begun_on_start(one.as_bytes(), 10, usize::MAX).is_none());
    let utf16: Vec<u8> =
        generate(20, 3).render(Layout::Ndjson).encode_utf16().flat_map(u16::to_le_bytes).collect();
    assert!(begun_on_start(&utf16, 4000, usize::MAX).is_none());
    // A start shorter than the bytes that tell a file's kind: NUL bytes after it make the whole binary.
    let mut binary = generate(20, 3).render(Layout::Ndjson).into_bytes();
    binary.splice(3000..3000, [0u8; 64]);
    assert!(begun_on_start(&binary, 2000, usize::MAX).is_none(), "the start waits for the whole");
    let mut ds = Dataset::new();
    assert!(ds.add_file("b.ndjson", &binary, Origin::Local).errors[0]
        .message()
        .contains("binary data"));
}

#[test]
fn a_file_begun_on_its_start_and_then_cut_for_memory_loads_as_if_cut_at_once() {
    use trailview_core::ingest::Scan;
    for layout in [Layout::Ndjson, Layout::Array] {
        let text = generate(1500, 9).render(layout).into_bytes();
        let mut part = text[..text.len() * 3 / 4].to_vec();
        if layout == Layout::Ndjson {
            part.truncate(part.iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1));
        }
        let scan = {
            let mut scan = Scan::default();
            while !scan.step(&part, usize::MAX) {}
            scan
        };
        let cut = Some((text.len() as u64, "a test"));
        let mut at_once = Dataset::new();
        let mut job = at_once
            .begin_scanned("big.json", part.clone(), Origin::Local, &scan, cut)
            .expect("opens");
        while at_once.continue_file(&mut job, 64 * 1024).is_none() {}
        let mut ds = Dataset::new();
        let start = part.len() / 2;
        let mut job = ds
            .begin_prefix("big.json", part[..start].to_vec(), Origin::Local, text.len(), &scan)
            .expect("opens");
        while !job.starved() {
            assert!(ds.continue_file(&mut job, 64 * 1024).is_none());
        }
        job.complete(&mut ds, part, &scan, cut);
        while ds.continue_file(&mut job, 64 * 1024).is_none() {}
        assert!(ds.sessions().len() > 500, "{layout:?}");
        assert!(ds == at_once, "{layout:?}");
    }
}

#[test]
fn ndjson_whose_lines_are_list_pages_loads_every_page_however_large() {
    // Pages of the API's list saved one per line: the first line alone is a whole JSON document, so the
    // file is NDJSON even when it is large enough to be read an element at a time.
    let export = generate(2200, 5);
    let page = |p: &[serde_json::Value]| {
        serde_json::json!({"items": p, "meta": {"href": "/api/audit/sessions", "match_count": 2200}}).to_string()
    };
    // Pages of 400, and pages of 1,100 (past the 1,000 that tell a large list's kind: handed over as it grows).
    for per_page in [400, 1100] {
        let pages: Vec<String> = export.sessions.chunks(per_page).map(page).collect();
        let text = pages.join("\n") + "\n";
        assert!(text.len() > 1 << 20);
        check_pages(&text, pages.len());
    }
}

fn check_pages(text: &str, pages: usize) {
    for budget in [usize::MAX, 64 * 1024] {
        let mut ds = Dataset::new();
        let mut job =
            ds.begin_file("pages.ndjson", text.as_bytes().to_vec(), Origin::Local).expect("opens");
        let report = loop {
            if let Some(r) = ds.continue_file(&mut job, budget) {
                break r;
            }
        };
        assert!(report.errors.is_empty(), "{:?}", report.errors);
        assert_eq!(ds.sessions().len(), 2200);
        assert_eq!(ds.docs().len(), pages, "one document per page");
        // Each page is its own line, and each session opens from its page.
        for (i, d) in ds.docs().iter().enumerate() {
            assert_eq!(d.line, i + 1);
            let raw = ds.doc_raw(i).unwrap();
            assert!(
                raw.starts_with(b"{\"items\"") && raw.ends_with(b"}"),
                "page {i} is its own line's text"
            );
        }
        assert!(ds
            .sessions()
            .iter()
            .all(|e| ds.session_doc(e).is_some_and(|v| v["body"].is_object())));
    }
}

/// The file as given, read back when a document is shown after its window was let go of.
struct Given(Vec<u8>);

impl trailview_core::file_text::Backing for Given {
    fn read(&self, range: std::ops::Range<usize>) -> Option<Vec<u8>> {
        self.0.get(range).map(<[u8]>::to_vec)
    }
}

/// Loads `bytes` begun on their first `part` bytes and handed over about `part` bytes at a time (cut
/// at a character's end, as the page cuts them), each window let go of once read (documents are read
/// back from the bytes); from a part with something to mend on, the rest comes at once, mended. The
/// dataset, its report and the most text it held at once.
fn read_in_windows(
    bytes: &[u8],
    part: usize,
    budget: usize,
) -> (Dataset, trailview_core::dataset::FileReport, usize) {
    read_in_windows_from(bytes, part, budget, std::rc::Rc::new(Given(bytes.to_vec())))
}

/// [`read_in_windows`], reading documents back from `backing`.
fn read_in_windows_from(
    bytes: &[u8],
    part: usize,
    budget: usize,
    backing: std::rc::Rc<dyn trailview_core::file_text::Backing>,
) -> (Dataset, trailview_core::dataset::FileReport, usize) {
    use trailview_core::ingest::Scan;
    let scan_of = |b: &[u8]| {
        let mut scan = Scan::default();
        while !scan.step(b, usize::MAX) {}
        scan
    };
    let cut = |at: usize| {
        (at.min(bytes.len())..bytes.len())
            .find(|&i| bytes.get(i).is_none_or(|b| b & 0xC0 != 0x80))
            .unwrap_or(bytes.len())
    };
    let first = cut(part);
    let mut ds = Dataset::new();
    let mut job = ds
        .begin_prefix(
            "big.json",
            bytes[..first].to_vec(),
            Origin::Local,
            bytes.len(),
            &scan_of(&bytes[..first]),
        )
        .expect("opens");
    job.read_back_from(&mut ds, backing);
    let (mut at, mut most) = (first, 0);
    while at < bytes.len() {
        let mut steps = 0;
        while !job.starved() {
            if let Some(report) = ds.continue_file(&mut job, budget) {
                // Only a broken file ends before it is whole.
                assert!(!report.errors.is_empty());
                return (ds, report, most);
            }
            steps += 1;
            assert!(steps < 1_000_000, "each part is read in a bounded number of steps");
        }
        let mut end = cut(at + part);
        let mend = scan_of(&bytes[at..end]).needs_repair();
        if mend {
            end = bytes.len();
        }
        job.extend(&mut ds, &bytes[at..end], end == bytes.len(), mend);
        most = most.max(ds.files()[0].text.held());
        at = end;
    }
    let report = loop {
        if let Some(r) = ds.continue_file(&mut job, budget) {
            break r;
        }
    };
    (ds, report, most)
}

#[test]
fn a_broken_or_mended_file_read_in_windows_reads_as_if_read_whole() {
    let export = generate(1500, 4);
    let text = export.render(Layout::Array);
    let list = export.render(Layout::List);
    let ndjson = export.render(Layout::Ndjson);
    let element = |i: usize, t: &str| {
        t.find(&export.sessions[i].to_string()).expect("the element is in the text")
    };
    let mut broken: Vec<(&str, Vec<u8>)> = vec![];
    // A comma between two elements past the 1,000th, made a semicolon; garbage after the array; the
    // array cut short; a trailing comma; a list whose members after `items` break.
    let mut semicolon = text.clone().into_bytes();
    semicolon[element(1200, &text) - 1] = b';';
    broken.push(("semicolon", semicolon));
    broken.push(("trailing text", format!("{text} x").into_bytes()));
    broken.push(("cut short", text.as_bytes()[..element(1300, &text) + 40].to_vec()));
    broken.push((
        "trailing comma",
        format!("{},]", text.trim_end().trim_end_matches(']')).into_bytes(),
    ));
    broken.push(("list meta", list.replace("\"meta\"", "\"meta\" x").into_bytes()));
    // Bytes to mend in the last third: a byte that is not UTF-8 inside a value, in an array and in NDJSON.
    for (name, t) in [("array to mend", &text), ("ndjson to mend", &ndjson)] {
        let mut b = t.clone().into_bytes();
        let at = element(1400, t) + 20;
        let quote = at + b[at..].iter().position(|&c| c == b'"').unwrap() + 1;
        b.insert(quote, 0xFF);
        broken.push((name, b));
    }
    for (name, bytes) in &broken {
        let mut whole = Dataset::new();
        let want = whole.add_file("big.json", bytes, Origin::Local);
        for part in [64 * 1024, 1 << 20] {
            let (ds, report, _) = read_in_windows(bytes, part, 64 * 1024);
            assert_eq!(
                report.errors, want.errors,
                "{name}: in parts of {part}, the same errors at the same places"
            );
            let keys: Vec<&str> = ds.sessions().iter().map(|e| e.key.as_str()).collect();
            let want_keys: Vec<&str> = whole.sessions().iter().map(|e| e.key.as_str()).collect();
            assert_eq!(keys, want_keys, "{name}: in parts of {part}, the same sessions");
            assert!(
                ds.files()[0].warnings == whole.files()[0].warnings,
                "{name}: mended at the same places"
            );
            if name.ends_with("to mend") {
                assert!(!whole.files()[0].warnings.is_empty());
                assert!(ds == whole, "{name}: in parts of {part}");
            }
        }
    }
}

#[test]
fn a_file_read_in_windows_loads_as_if_read_whole_and_holds_only_its_window() {
    for (name, bytes) in &shapes() {
        let mut whole = Dataset::new();
        whole.add_file("big.json", bytes, Origin::Local);
        for (part, budget) in
            [(64 * 1024, usize::MAX), (200_000, 16 * 1024), (bytes.len() / 3 + 7, usize::MAX)]
        {
            let (ds, _, most) = read_in_windows(bytes, part, budget);
            assert!(ds == whole, "{name}: in parts of {part}, in slices of {budget}");
            // Every document reads back exactly as it was, from wherever its text now is.
            for d in 0..whole.docs().len() {
                assert_eq!(
                    ds.doc_raw(d),
                    whole.doc_raw(d),
                    "{name}: document {d}, in parts of {part}"
                );
            }
            for e in whole.sessions().iter().step_by(97) {
                assert_eq!(
                    ds.session_doc(ds.session(&e.key).unwrap()),
                    whole.session_doc(e),
                    "{name}: session {}",
                    e.key
                );
            }
            // What is held is the window being read: a part and the line or element it cut (and, for an
            // array or list, its first 1,000 sessions, which tell what it is before it is handed over).
            let telling = if name.starts_with("Array") || name.starts_with("List") {
                bytes.len() / 1500 * 1001
            } else {
                0
            };
            assert!(
                most < 2 * part + 64 * 1024 + telling,
                "{name}: held {most} bytes at most, in parts of {part}"
            );
            assert!(
                ds.files()[0].text.held() < bytes.len() || part > bytes.len() / 3,
                "{name}: let go of what was read"
            );
        }
    }
}

/// The file as the browser gives it: read only asynchronously, so a document is read back only
/// from what was fetched first.
struct Fetched {
    bytes: Vec<u8>,
    fetched: std::cell::RefCell<Vec<std::ops::Range<usize>>>,
}

impl Fetched {
    fn fetch(&self, range: std::ops::Range<usize>) {
        self.fetched.borrow_mut().push(range);
    }

    fn forget(&self) {
        self.fetched.borrow_mut().clear();
    }
}

impl trailview_core::file_text::Backing for Fetched {
    fn read(&self, range: std::ops::Range<usize>) -> Option<Vec<u8>> {
        self.ready(range.clone()).then(|| self.bytes[range].to_vec())
    }

    fn ready(&self, range: std::ops::Range<usize>) -> bool {
        self.fetched.borrow().iter().any(|f| f.start <= range.start && range.end <= f.end)
    }
}

fn fetched_windows(bytes: &[u8]) -> (Dataset, std::rc::Rc<Fetched>) {
    let file = std::rc::Rc::new(Fetched { bytes: bytes.to_vec(), fetched: Default::default() });
    let (ds, _, _) = read_in_windows_from(bytes, 64 * 1024, usize::MAX, file.clone());
    (ds, file)
}

#[test]
fn a_session_read_back_from_a_file_read_asynchronously_reads_once_its_fetches_are_in() {
    for (name, bytes) in &shapes() {
        let mut whole = Dataset::new();
        whole.add_file("big.json", bytes, Origin::Local);
        let (ds, file) = fetched_windows(bytes);
        let (mut unheld, mut seen) = (0, 0);
        for (i, e) in ds.sessions().iter().enumerate().step_by(37) {
            let fetches = ds.session_fetches(e);
            seen += 1;
            if !fetches.is_empty() {
                unheld += 1;
                assert_eq!(
                    ds.session_doc(e),
                    None,
                    "{name}: session {i} is not read before it is fetched"
                );
            }
            fetches.iter().for_each(|f| file.fetch(f.range.clone()));
            assert!(ds.session_fetches(e).is_empty(), "{name}: session {i}: nothing left to fetch");
            let w = &whole.sessions()[i];
            assert_eq!(ds.session_doc(e), whole.session_doc(w), "{name}: session {i}");
            assert_eq!(
                ds.items(&e.attached.channels),
                whole.items(&w.attached.channels),
                "{name}: session {i}'s channels"
            );
            file.forget();
        }
        assert!(
            unheld * 2 > seen,
            "{name}: most sessions' text was let go of ({unheld} of {seen})"
        );
        assert!(ds.reads_back() && !whole.reads_back());
    }
}

#[test]
fn a_query_of_document_paths_over_a_file_read_back_is_answered_from_the_documents_fetched_ahead() {
    use trailview_core::query::documents::DocumentAnswers;
    use trailview_core::query::narrowing::Selection;
    use trailview_core::query::{select, Context};
    let marks = trailview_core::review::Marks::new();
    let queries = [
        "recording.verdict:accept",
        "channel.type:\"session shell\"",
        "creation_time:>2024-03-01T08:00:00Z",
        "user.server_username:postgres AND NOT protocol:ssh",
        "body.server.port:22 OR (analytics.interesting_events:sudo AND score:>20)",
        "revision:5 NOT recording.archived:true",
    ];
    let mut selected = [0; 6];
    for (name, bytes) in shapes().iter().filter(|(n, _)| !n.contains("BOM")) {
        let mut whole = Dataset::new();
        whole.add_file("big.json", bytes, Origin::Local);
        let (ds, file) = fetched_windows(bytes);
        for (k, q) in queries.into_iter().enumerate() {
            let want = select(&whole, q, &Context::new(&marks));
            assert!(
                want.len() < whole.sessions().len(),
                "{name}: `{q}` does not select every session"
            );
            selected[k] += want.len();
            let mut answers = DocumentAnswers::new(&ds, q).expect("the query reads documents");
            // A window at a time, as the page reads them; each let go of before the next.
            for window in (0..ds.sessions().len()).collect::<Vec<_>>().chunks(250) {
                for &i in window {
                    ds.session_fetches(&ds.sessions()[i])
                        .into_iter()
                        .for_each(|f| file.fetch(f.range));
                }
                window.iter().for_each(|&i| answers.answer(&ds, i));
                file.forget();
            }
            assert_eq!(answers.answered, ds.sessions().len());
            let ctx = Context { documents: Some(&answers), ..Context::new(&marks) };
            assert_eq!(select(&ds, q, &ctx), want, "{name}: `{q}`");
            // Kept with other queries' answers, they answer the same; a query of these terms asks for none.
            let mut kept = DocumentAnswers::new(&ds, "recording.archived:false").unwrap();
            assert!(answers.clone().without(&kept).is_some());
            kept.merge(answers.clone());
            assert!(
                DocumentAnswers::new(&ds, q).unwrap().without(&kept).is_none(),
                "`{q}`: every term is kept"
            );
            let ctx = Context { documents: Some(&kept), ..Context::new(&marks) };
            assert_eq!(select(&ds, q, &ctx), want, "{name}: `{q}` among kept answers");
            // A longer query refines this one's result, its terms answered by the same answers.
            let first = Selection::new(&ds, q, &ctx, None);
            let longer = format!("{q} key:*a*");
            let refined = Selection::new(&ds, &longer, &ctx, Some(&first));
            assert_eq!(
                *refined.rows,
                select(&whole, &longer, &Context::new(&marks)),
                "{name}: `{longer}`"
            );
        }
        assert!(
            DocumentAnswers::new(&ds, "user:root protocol:ssh").is_none(),
            "short names read no document"
        );
    }
    assert!(
        selected.iter().all(|&n| n > 0),
        "each query selects sessions of some shape: {selected:?}"
    );
}
