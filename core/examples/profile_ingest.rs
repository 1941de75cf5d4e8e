//! One ingest of N generated sessions, for a profiler: `valgrind --tool=callgrind target/release/examples/profile_ingest 1000`.
use trailview_core::dataset::{Dataset, Origin};
use trailview_core::gen::{generate, Layout};

fn main() {
    let n: usize = std::env::args().nth(1).and_then(|a| a.parse().ok()).unwrap_or(1_000);
    let text = generate(n, 3).render(Layout::Ndjson);
    let mut ds = Dataset::new();
    ds.add_file("gen.ndjson", text.as_bytes(), Origin::Local);
    println!("{} sessions", ds.sessions.len());
}
