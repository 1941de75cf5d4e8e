//! Loading cost in every shape an export comes in, natively: NDJSON, a JSON array of sessions and a
//! `fields=*` list, each as the generator writes it and in the hard variant where every session has
//! findings to place (inline collections, UNIX times). Beside each, serde_json's parse of the same
//! bytes into one `Value` tree, the floor of a parse-everything design.
//!
//! `cargo run --release -p trailview-core --example shapes [SESSIONS ...]` (default 1000 10000)
//!
//! The ratio must stay flat as the count grows: a shape whose ratio grows with the count is
//! quadratic somewhere.
use std::time::Instant;
use trailview_core::dataset::{Dataset, Origin};
use trailview_core::gen::{generate_variant, Layout, Variant};

fn main() {
    let sizes: Vec<usize> = std::env::args().skip(1).filter_map(|a| a.parse().ok()).collect();
    let sizes = if sizes.is_empty() { vec![1_000, 10_000] } else { sizes };
    println!(
        "| sessions | shape | MB | load (add_file) | serde_json parse | load / parse | findings |"
    );
    println!("|---:|---|---:|---:|---:|---:|---:|");
    for &n in &sizes {
        for (vname, variant) in [("realistic", Variant::default()), ("findings", Variant::FINDINGS)]
        {
            for (lname, layout) in
                [("NDJSON", Layout::Ndjson), ("array", Layout::Array), ("list", Layout::List)]
            {
                let text = generate_variant(n, 3, variant).render(layout);
                let t = Instant::now();
                let parsed: usize = match layout {
                    Layout::Ndjson => text
                        .lines()
                        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
                        .count(),
                    _ => usize::from(serde_json::from_str::<serde_json::Value>(&text).is_ok()),
                };
                let parse = t.elapsed();
                let t = Instant::now();
                let mut ds = Dataset::new();
                ds.add_file("gen", text.as_bytes(), Origin::Local);
                let load = t.elapsed();
                let findings: usize = ds.sessions().iter().map(|e| e.issues.len()).sum();
                assert!(
                    parsed > 0 && ds.sessions().len() >= n,
                    "{lname} {vname}: {} sessions",
                    ds.sessions().len()
                );
                println!(
                    "| {n} | {lname}, {vname} | {:.1} | {:.1} ms | {:.1} ms | {:.1}× | {findings} |",
                    text.len() as f64 / 1e6,
                    load.as_secs_f64() * 1e3,
                    parse.as_secs_f64() * 1e3,
                    load.as_secs_f64() / parse.as_secs_f64()
                );
            }
        }
    }
}
