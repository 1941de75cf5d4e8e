//! Native queries over 100,000 generated sessions: free text, field terms with a range, sorting, and
//! the facet counts. `cargo bench -p trailview-core --bench query` (building the dataset takes a while).

use criterion::{criterion_group, criterion_main, Criterion};
use std::hint::black_box;
use trailview_core::columns::Col;
use trailview_core::dataset::{Dataset, Origin};
use trailview_core::facets::facets;
use trailview_core::gen::{generate, Layout};
use trailview_core::query::{filter, sort, Sort};

fn query(c: &mut Criterion) {
    let n: usize = std::env::var("TRAILVIEW_BENCH_SESSIONS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(100_000);
    let mut ds = Dataset::new();
    ds.add_file("gen.ndjson", generate(n, 3).render(Layout::Ndjson).as_bytes(), Origin::Local);
    let all: Vec<usize> = (0..ds.sessions().len()).collect();
    let mut g = c.benchmark_group(format!("query over {n} sessions"));
    g.sample_size(10);
    g.bench_function("free text: root ssh", |b| {
        b.iter(|| black_box(filter(&ds, "root ssh").len()))
    });
    g.bench_function("one letter (the first keystroke)", |b| {
        b.iter(|| black_box(filter(&ds, "r").len()))
    });
    g.bench_function("fields: protocol:SSH score:[70 TO 100]", |b| {
        b.iter(|| black_box(filter(&ds, "protocol:SSH score:[70 TO 100]").len()))
    });
    g.bench_function("time: start:>2024-03-01T12:00:00Z", |b| {
        b.iter(|| black_box(filter(&ds, "start:>2024-03-01T12:00:00Z").len()))
    });
    for key in [Col::Score, Col::Start, Col::User] {
        g.bench_function(format!("sort by {}", key.slug()), |b| {
            b.iter(|| {
                let mut rows = all.clone();
                sort(&ds, &mut rows, Sort { key, descending: true });
                black_box(rows[0])
            })
        });
    }
    g.bench_function("facets of everything", |b| b.iter(|| black_box(facets(&ds, &all, 8).len())));
    g.finish();
}

criterion_group!(benches, query);
criterion_main!(benches);
