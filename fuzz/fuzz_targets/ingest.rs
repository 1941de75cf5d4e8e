//! Any bytes, as a file given to the viewer: ingest, detection, linking, findings, and everything
//! the list computes afterwards must not panic; and read in windows (as a file too large for memory
//! is), the same bytes give the same sessions and errors as read whole.
#![no_main]

use libfuzzer_sys::fuzz_target;
use std::rc::Rc;
use trailview_core::dataset::{Dataset, FileReport, Origin};
use trailview_core::file_text::Backing;
use trailview_core::ingest::Scan;
use trailview_core::columns::LIST;
use trailview_core::query::{filter, sort, Sort};

struct Given(Vec<u8>);

impl Backing for Given {
    fn read(&self, range: std::ops::Range<usize>) -> Option<Vec<u8>> {
        self.0.get(range).map(<[u8]>::to_vec)
    }
}

fn scan_of(b: &[u8]) -> Scan {
    let mut scan = Scan::default();
    while !scan.step(b, usize::MAX) {}
    scan
}

/// `data` begun on its first `part` bytes and handed over `part` at a time, cut at characters' ends
/// as the page cuts them; from a part with something to mend on, the rest at once. `None` when its
/// start cannot be read alone (the page then reads it whole).
fn in_windows(data: &[u8], part: usize) -> Option<(Dataset, FileReport)> {
    let cut = |at: usize| (at.min(data.len())..data.len()).find(|&i| data[i] & 0xC0 != 0x80).unwrap_or(data.len());
    // The page's first part is 8 MB: at least what telling the file's kind reads.
    let first = cut(part.max(4096));
    let mut ds = Dataset::new();
    let mut job = ds.begin_prefix("fuzz.json", data[..first].to_vec(), Origin::Local, data.len(), &scan_of(&data[..first]))?;
    job.read_back_from(&mut ds, Rc::new(Given(data.to_vec())));
    let mut at = first;
    while at < data.len() {
        while !job.starved() {
            if let Some(report) = ds.continue_file(&mut job, 4096) {
                return Some((ds, report));
            }
        }
        let mut end = cut(at + part);
        let mend = scan_of(&data[at..end]).needs_repair();
        if mend {
            end = data.len();
        }
        job.extend(&mut ds, &data[at..end], end == data.len(), mend);
        at = end;
    }
    loop {
        if let Some(report) = ds.continue_file(&mut job, 4096) {
            return Some((ds, report));
        }
    }
}

fuzz_target!(|data: &[u8]| {
    let mut ds = Dataset::new();
    let whole = ds.add_file("fuzz.json", data, Origin::Local);
    if let Some((windowed, report)) = in_windows(data, 1 + data.len() / 8) {
        let keys = |d: &Dataset| d.sessions().iter().map(|e| e.key.clone()).collect::<Vec<_>>();
        assert_eq!(keys(&windowed), keys(&ds), "the same sessions in windows as whole");
        assert_eq!(report.errors, whole.errors, "the same errors in windows as whole");
    }
    // The same bytes again: a second copy of every session goes down the revision-comparison path.
    ds.add_file("again.json", data, Origin::Local);
    let _ = ds.dataset_issues();
    for key in LIST {
        let mut rows = filter(&ds, "a");
        sort(&ds, &mut rows, Sort { key, descending: false });
    }
});
