//! What the search filters cost and save: `cargo run --release -p trailview-core --example text_index
//! [sessions] [file]` loads the generator's sessions (or a file of any shape), then times free-text
//! queries over all of them with the filters and without (every session's text scanned), and counts
//! the sessions whose text the filters let through against those that match. With BUILD_ONLY=1 it
//! times packing the text and building every filter anew, five times.
mod common;

use std::time::{Duration, Instant};
use trailview_core::query::narrowing::Selection;
use trailview_core::query::{filter, narrows, select, select_within, Context};
use trailview_core::review::Marks;

fn main() {
    let t = Instant::now();
    let ds = common::sessions_from_args();
    let search = ds.search_text_bytes();
    println!(
        "{} sessions loaded in {:.2} s; search text {:.0} MB; filters {:.1} MB ({:.3}x the text)",
        ds.sessions().len(),
        t.elapsed().as_secs_f64(),
        search as f64 / 1e6,
        ds.text_index_bytes() as f64 / 1e6,
        ds.text_index_bytes() as f64 / search as f64
    );
    if std::env::var("BUILD_ONLY").is_ok() {
        for _ in 0..5 {
            let mut again = ds.clone();
            let t = Instant::now();
            again.forget_text_index();
            again.rebuild_text_index();
            println!("building every filter anew: {:.0} ms", ms(t.elapsed()));
        }
        return;
    }
    let build = Instant::now();
    let mut rebuilt = ds.clone();
    rebuilt.forget_text_index();
    rebuilt.rebuild_text_index();
    println!("building every filter anew: {:.0} ms", build.elapsed().as_secs_f64() * 1e3);
    let mut plain = ds.clone();
    plain.forget_text_index();
    println!("| query | matches | sessions read with filters | time with filters | without | speed-up | of which the filters |");
    println!("|---|---:|---:|---:|---:|---:|---:|");
    for q in [
        "root",
        "r",
        "ro",
        "roo",
        "root ssh",
        "jump-08",
        "sudo",
        "\"rm -rf\"",
        "rm",
        "passwd",
        "10.20.1.5",
        "198.51.100.18",
        "b3kbokikw1kjgiots7qqdj",
        "zzqx",
        "web-adm*n",
    ] {
        let with = time(|| filter(&ds, q).len());
        let without = time(|| filter(&plain, q).len());
        assert_eq!(with.0, without.0, "the filters changed the answer to {q}");
        let t = Instant::now();
        let read = ds.text_candidates(q);
        let probe_ms = ms(t.elapsed());
        println!(
            "| `{q}` | {} | {} ({:.1} %) | {:.1} ms | {:.1} ms | {:.1}x | {probe_ms:.1} ms |",
            with.0,
            read,
            100.0 * read as f64 / ds.sessions().len() as f64,
            ms(with.1),
            ms(without.1),
            without.1.as_secs_f64() / with.1.as_secs_f64()
        );
    }
    // Typing words letter by letter, as the list answers each keystroke: each query within the last
    // result (what the list did before) and with the kept first hits (what it does now).
    let marks = Marks::default();
    let ctx = Context::new(&marks);
    println!();
    println!("| typed | each keystroke within the last result | with the word's first hits kept |");
    println!("|---|---|---|");
    for word in ["root", "sudo", "jump-08", "passwd", "root ssh"] {
        let steps: Vec<&str> =
            word.char_indices().map(|(i, c)| &word[..i + c.len_utf8()]).collect();
        let (mut before, mut now) = (vec![], vec![]);
        let mut last: Option<(String, Vec<usize>)> = None;
        let mut kept: Option<Selection> = None;
        for q in &steps {
            let t = Instant::now();
            let rows = match &last {
                Some((old, rows)) if narrows(old, q) => select_within(&ds, q, &ctx, rows),
                _ => select(&ds, q, &ctx),
            };
            before.push(ms(t.elapsed()));
            let t = Instant::now();
            let sel = Selection::new(&ds, q, &ctx, kept.as_ref());
            now.push(ms(t.elapsed()));
            assert_eq!(*sel.rows, rows);
            last = Some((q.to_string(), rows));
            kept = Some(sel);
        }
        let show = |xs: &[f64]| {
            xs.iter().map(|x| format!("{x:.1}")).collect::<Vec<_>>().join(" → ") + " ms"
        };
        println!("| `{word}` | {} | {} |", show(&before), show(&now));
    }
}

/// The median of five runs.
fn time(f: impl Fn() -> usize) -> (usize, Duration) {
    let mut runs: Vec<(usize, Duration)> = (0..5)
        .map(|_| {
            let t = Instant::now();
            let n = f();
            (n, t.elapsed())
        })
        .collect();
    runs.sort_by_key(|r| r.1);
    runs[2]
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}
