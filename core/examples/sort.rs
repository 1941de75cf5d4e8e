//! What sorting by each column costs: `cargo run --release -p trailview-core --example sort
//! [sessions] [file]` loads the generator's sessions (or a file of any shape) and sorts every session
//! by each column, both ways, printing the median of five.
use std::time::Instant;
use trailview_core::dataset::{Dataset, Origin};
use trailview_core::gen::{generate, Layout};
use trailview_core::query::{sort, Sort, SortKey};

fn main() {
    let n: usize = std::env::args().nth(1).and_then(|a| a.parse().ok()).unwrap_or(100_000);
    let text = match std::env::args().nth(2) {
        Some(path) => std::fs::read(&path).expect("a readable file"),
        None => generate(n, 3).render(Layout::Ndjson).into_bytes(),
    };
    let mut ds = Dataset::new();
    let mut job = ds.begin_file("export", text, Origin::Local).expect("a file that opens");
    while ds.continue_file(&mut job, 256 * 1024).is_none() {}
    let all: Vec<usize> = (0..ds.sessions.len()).collect();
    println!("{} sessions", all.len());
    println!("| column | ascending | descending |");
    println!("|---|---:|---:|");
    for key in SortKey::ALL {
        let mut cells = vec![];
        for descending in [false, true] {
            let mut times: Vec<f64> = (0..5)
                .map(|_| {
                    let mut rows = all.clone();
                    let t = Instant::now();
                    sort(&ds, &mut rows, Sort { key, descending });
                    t.elapsed().as_secs_f64() * 1e3
                })
                .collect();
            times.sort_by(f64::total_cmp);
            cells.push(format!("{:.1} ms", times[2]));
        }
        println!("| {} | {} | {} |", key.slug(), cells[0], cells[1]);
    }
}
