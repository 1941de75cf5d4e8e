//! What a loaded dataset holds besides the file's text: `cargo run --release -p trailview-core --example footprint 10000`.
use trailview_core::dataset::{Dataset, Origin};
use trailview_core::gen::{generate, Layout};

fn main() {
    let n: usize = std::env::args().nth(1).and_then(|a| a.parse().ok()).unwrap_or(1_000);
    let text = generate(n, 3).render(Layout::Ndjson);
    let mut ds = Dataset::new();
    let t = std::time::Instant::now();
    ds.add_file("gen.ndjson", text.as_bytes(), Origin::Local);
    let load = t.elapsed();
    let t = std::time::Instant::now();
    for line in text.lines() {
        let _: serde_json::Value = serde_json::from_str(line).unwrap_or_default();
    }
    println!("add_file {load:?}; serde_json::Value parse of the same lines {:?}", t.elapsed());
    let own: usize = ds.sessions.iter().map(|e| e.search.len()).sum();
    let attached: usize = ds.docs.iter().map(|d| d.search.len()).sum();
    let issues: usize = ds.sessions.iter().map(|e| e.issues.len()).sum::<usize>() + ds.docs.iter().map(|d| d.issues.len()).sum::<usize>();
    println!("{} sessions, {} documents, text {} B", ds.sessions.len(), ds.docs.len(), text.len());
    println!("search text: sessions {own} B, attachments {attached} B ({:.2}× the text)", (own + attached) as f64 / text.len() as f64);
    println!("issues: {issues}");
}
