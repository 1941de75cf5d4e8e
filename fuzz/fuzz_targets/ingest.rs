//! Any bytes, as a file given to the viewer: ingest, detection, linking, findings, and everything
//! the list computes afterwards must not panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use trailview_core::dataset::{Dataset, Origin};
use trailview_core::query::{filter, sort, Sort, SortKey};

fuzz_target!(|data: &[u8]| {
    let mut ds = Dataset::new();
    ds.add_file("fuzz.json", data, Origin::Local);
    // The same bytes again: a second copy of every session goes down the revision-comparison path.
    ds.add_file("again.json", data, Origin::Local);
    let _ = ds.dataset_issues();
    for key in SortKey::ALL {
        let mut rows = filter(&ds, "a");
        sort(&ds, &mut rows, Sort { key, descending: false });
    }
});
