//! A query of document paths, answered natively over a file held whole and over the same file read
//! back in windows (its documents read again a window at a time, as the page reads them from the
//! `File`): `cargo run --release -p trailview-core --example path_query FILE [QUERY]` prints both
//! counts (which must agree) and times.
use std::time::Instant;
use trailview_core::dataset::{Dataset, Origin};
use trailview_core::query::documents::DocumentAnswers;
use trailview_core::query::{select, Context};
use trailview_core::review::Marks;

fn main() {
    let mut args = std::env::args().skip(1);
    let file = args.next().expect("usage: path_query FILE [QUERY]");
    let query = args
        .next()
        .unwrap_or_else(|| "recording.verdict:accept analytics.interesting_events:sudo".into());
    let bytes = std::fs::read(&file).expect("readable");
    let mut ds = Dataset::new();
    ds.add_file(&file, &bytes, Origin::Local);
    let marks = Marks::default();
    let t = Instant::now();
    let held = select(&ds, &query, &Context::new(&marks)).len();
    println!(
        "`{query}` over {} sessions held whole: {held} in {:.2} s",
        ds.sessions().len(),
        t.elapsed().as_secs_f64()
    );
    let t = Instant::now();
    let mut answers = DocumentAnswers::new(&ds, &query).expect("the query reads documents");
    (0..ds.sessions().len()).for_each(|i| answers.answer(&ds, i));
    let ctx = Context { documents: Some(&answers), ..Context::new(&marks) };
    let ahead = select(&ds, &query, &ctx).len();
    println!("answered ahead: {ahead} in {:.2} s", t.elapsed().as_secs_f64());
    assert_eq!(held, ahead);
}
