//! Rough native timing of ingest: `cargo run --release -p trailview-core --example ingest_time -- 10000`.
//! (The benchmarks proper belong to the large-export work; this is a quick look.)
use std::time::Instant;
use trailview_core::dataset::{Dataset, Origin};
use trailview_core::gen::{generate, Layout};

fn main() {
    let n: usize = std::env::args().nth(1).and_then(|a| a.parse().ok()).unwrap_or(10_000);
    let text = generate(n, 3).render(Layout::Ndjson);
    let t = Instant::now();
    let v: Vec<serde_json::Value> = text.lines().filter_map(|l| serde_json::from_str(l).ok()).collect();
    let parse_only = t.elapsed();
    drop(v);
    let t = Instant::now();
    let mut ds = Dataset::new();
    ds.add_file("gen.ndjson", text.as_bytes(), Origin::Local);
    let ingest = t.elapsed();
    let t = Instant::now();
    let ds2 = ds.clone();
    let clone = t.elapsed();
    let t = Instant::now();
    let rows = trailview_core::query::filter(&ds2, "root ssh");
    let filter = t.elapsed();
    println!(
        "{n} sessions, {} MB: parse only {parse_only:?}, add_file {ingest:?}, dataset clone {clone:?}, filter {filter:?} ({} hits)",
        text.len() / 1_000_000,
        rows.len()
    );
}
