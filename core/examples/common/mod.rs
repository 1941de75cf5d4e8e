//! What the query examples share: the sessions they run over.

use trailview_core::dataset::{Dataset, Origin};
use trailview_core::gen::{generate, Layout};

/// The export named by the second argument (any shape), else as many generated sessions as the
/// first argument says (100,000 when it says nothing), loaded in slices as the app loads them.
pub fn sessions_from_args() -> Dataset {
    let n: usize = std::env::args().nth(1).and_then(|a| a.parse().ok()).unwrap_or(100_000);
    let text = match std::env::args().nth(2) {
        Some(path) => std::fs::read(&path).expect("a readable file"),
        None => generate(n, 3).render(Layout::Ndjson).into_bytes(),
    };
    let mut ds = Dataset::new();
    let mut job = ds.begin_file("export", text, Origin::Local).expect("a file that opens");
    while ds.continue_file(&mut job, 256 * 1024).is_none() {}
    ds
}
