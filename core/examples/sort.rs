//! What sorting by each column costs: `cargo run --release -p trailview-core --example sort
//! [sessions] [file]` loads the generator's sessions (or a file of any shape) and sorts every session
//! by each column, both ways, printing the median of five.
mod common;

use std::time::Instant;
use trailview_core::columns::LIST;
use trailview_core::query::{sort, Sort};

fn main() {
    let ds = common::sessions_from_args();
    let all: Vec<usize> = (0..ds.sessions().len()).collect();
    println!("{} sessions", all.len());
    println!("| column | ascending | descending |");
    println!("|---|---:|---:|");
    for key in LIST {
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
