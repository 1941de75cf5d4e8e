//! One ingest, for a profiler: of N generated sessions, or of a file.
//! `perf record --call-graph dwarf target/release/examples/profile_ingest 20000` (or a path).
use trailview_core::dataset::{Dataset, Origin};
use trailview_core::gen::{generate, Layout};

fn main() {
    let arg = std::env::args().nth(1).unwrap_or_else(|| "1000".into());
    let (name, text) = match arg.parse::<usize>() {
        Ok(n) => ("gen.ndjson".to_string(), generate(n, 3).render(Layout::Ndjson).into_bytes()),
        Err(_) => (arg.clone(), std::fs::read(&arg).expect("readable file")),
    };
    let t = std::time::Instant::now();
    let mut ds = Dataset::new();
    ds.add_file(&name, &text, Origin::Local);
    println!("{} sessions in {:?}", ds.sessions().len(), t.elapsed());
}
