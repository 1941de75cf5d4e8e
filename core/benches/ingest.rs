//! Native ingest: a generated NDJSON export from bytes to a linked, checked, searchable dataset, beside
//! serde_json's parse of the same bytes into `Value`s (the floor for this design), and the cost of
//! cloning the dataset (the app keeps the old one while it builds the next).
//! `cargo bench -p trailview-core --bench ingest`

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use std::hint::black_box;
use trailview_core::dataset::{Dataset, Origin};
use trailview_core::gen::{generate, Layout};

fn ingest(c: &mut Criterion) {
    let mut g = c.benchmark_group("ingest");
    g.sample_size(10);
    for n in [1_000usize, 10_000] {
        let text = generate(n, 3).render(Layout::Ndjson);
        g.throughput(Throughput::Bytes(text.len() as u64));
        g.bench_with_input(BenchmarkId::new("serde_json parse only", n), &text, |b, t| {
            b.iter(|| {
                t.lines().filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok()).count()
            })
        });
        g.bench_with_input(BenchmarkId::new("Dataset::add_file", n), &text, |b, t| {
            b.iter(|| {
                let mut ds = Dataset::new();
                ds.add_file("gen.ndjson", t.as_bytes(), Origin::Local);
                black_box(ds.sessions().len())
            })
        });
        let mut ds = Dataset::new();
        ds.add_file("gen.ndjson", text.as_bytes(), Origin::Local);
        g.bench_with_input(BenchmarkId::new("Dataset::clone", n), &ds, |b, ds| {
            b.iter(|| black_box(ds.clone()))
        });
    }
    g.finish();
}

criterion_group!(benches, ingest);
criterion_main!(benches);
