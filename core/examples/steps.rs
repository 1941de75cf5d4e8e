//! The longest single step of a sliced load (what would hold the page), natively:
//! `cargo run --release -p trailview-core --example steps 100000 [ndjson|array|list]`.
use std::time::{Duration, Instant};
use trailview_core::dataset::{Dataset, Origin};
use trailview_core::gen::{generate, Layout};

fn main() {
    let n: usize = std::env::args().nth(1).and_then(|a| a.parse().ok()).unwrap_or(10_000);
    let layout = std::env::args().nth(2).and_then(|a| Layout::parse(&a)).unwrap_or(Layout::Ndjson);
    let text = generate(n, 3).render(layout).into_bytes();
    let mut ds = Dataset::new();
    let t = Instant::now();
    let Ok(mut job) = ds.begin_file("gen.ndjson", text, Origin::Local) else { return };
    let mut steps: Vec<(Duration, usize)> = Vec::new();
    loop {
        let s = Instant::now();
        let at = job.progress().0;
        let done = ds.continue_file(&mut job, 256 * 1024).is_some();
        steps.push((s.elapsed(), at));
        if s.elapsed().as_millis() > 20 {
            eprintln!(
                "step {} from {at}: {:?}, sessions {}, docs {}, done {done}",
                steps.len(),
                s.elapsed(),
                ds.sessions().len(),
                ds.docs().len()
            );
        }
        if done {
            break;
        }
    }
    println!("{} sessions in {:?}, {} steps", ds.sessions().len(), t.elapsed(), steps.len());
    steps.sort_by_key(|s| std::cmp::Reverse(s.0));
    for (d, at) in steps.iter().take(5) {
        println!("step from byte {at}: {d:?}");
    }
}
