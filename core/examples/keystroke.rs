//! What the list's core does for each keystroke, stage by stage: `cargo run --release -p
//! trailview-core --example keystroke [sessions] [file]` types `r`, `ro`, `roo`, `root` and clears
//! the box, as the browser benchmark does, and times the search (refining the last result), the
//! result read off the sorted order, the facet counts moved and the timeline's bins, each a median
//! of five. The page adds its own redraw to these.
mod common;

use std::rc::Rc;
use std::time::Instant;
use trailview_core::facets::Counts;
use trailview_core::query::narrowing::Selection;
use trailview_core::query::{in_order, sort, Context, Sort};
use trailview_core::review::Marks;
use trailview_core::timeline::histogram;

fn main() {
    let ds = common::sessions_from_args();
    let marks = Marks::default();
    let ctx = Context::new(&marks);
    let mut sorted_all: Vec<usize> = (0..ds.sessions().len()).collect();
    sort(&ds, &mut sorted_all, Sort::default());
    println!("{} sessions, {} distinct values", ds.sessions().len(), ds.strings().len());
    println!("| typed | matches | search | in order | facet counts moved | their top values | timeline | all |");
    println!("|---|---:|---:|---:|---:|---:|---:|---:|");
    let mut stages: Vec<Vec<[f64; 5]>> = vec![vec![]; 5];
    let mut matches = [0; 5];
    for _ in 0..5 {
        let mut last: Option<Selection> = None;
        let mut counts = Counts::of(&ds, &(0..ds.sessions().len()).collect::<Vec<_>>());
        let mut old_rows: Rc<Vec<usize>> = Rc::new((0..ds.sessions().len()).collect());
        for (k, q) in ["r", "ro", "roo", "root", ""].into_iter().enumerate() {
            let t = Instant::now();
            let sel = Selection::new(&ds, q, &ctx, last.as_ref());
            let search = ms(t);
            let t = Instant::now();
            let shown = in_order(&sorted_all, &sel.rows);
            let order = ms(t);
            let t = Instant::now();
            counts = counts.moved(&ds, &old_rows, &sel.rows);
            let facets = ms(t);
            let t = Instant::now();
            let _top = counts.top(&ds, 8);
            let top = ms(t);
            let t = Instant::now();
            let _bins = histogram(&ds, &sel.rows, 60);
            let timeline = ms(t);
            stages[k].push([search, order, facets, top, timeline]);
            matches[k] = shown.len();
            old_rows = sel.rows.clone();
            last = Some(sel);
        }
    }
    for (k, q) in ["r", "ro", "roo", "root", "(cleared)"].into_iter().enumerate() {
        let median = |i: usize| {
            let mut xs: Vec<f64> = stages[k].iter().map(|s| s[i]).collect();
            xs.sort_by(f64::total_cmp);
            xs[xs.len() / 2]
        };
        let all: f64 = (0..5).map(median).sum();
        println!(
            "| `{q}` | {} | {:.1} ms | {:.1} ms | {:.1} ms | {:.1} ms | {:.1} ms | {all:.1} ms |",
            matches[k],
            median(0),
            median(1),
            median(2),
            median(3),
            median(4)
        );
    }
}

fn ms(t: Instant) -> f64 {
    t.elapsed().as_secs_f64() * 1e3
}
