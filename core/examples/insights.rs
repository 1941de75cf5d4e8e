//! Every audit question over N generated sessions, natively, with the cards over all of them:
//! `cargo run --release -p trailview-core --example insights 100000`.
use std::time::Instant;
use trailview_core::dataset::{Dataset, Origin};
use trailview_core::gen::{generate, Layout};
use trailview_core::insights::{self, Settings, Zone};

fn main() {
    let n: usize = std::env::args().nth(1).and_then(|a| a.parse().ok()).unwrap_or(10_000);
    let text = generate(n, 3).render(Layout::Ndjson);
    let mut ds = Dataset::new();
    ds.add_file("gen.ndjson", text.as_bytes(), Origin::Local);
    for zone in [Zone::Utc, Zone::Local] {
        let s = Settings { zone, ..Settings::default() };
        // In steps, as the app works them out (it draws between them): the longest step is what
        // can hold the page.
        let t = Instant::now();
        let mut steps = insights::Computation::new(s.clone());
        let mut longest = std::time::Duration::ZERO;
        let answers = loop {
            let step = Instant::now();
            let done = steps.step(&ds);
            longest = longest.max(step.elapsed());
            if let Some(a) = done {
                break a;
            }
        };
        let computed = t.elapsed();
        let all: Vec<usize> = (0..ds.sessions.len()).collect();
        let t = Instant::now();
        let cards = insights::cards(&ds, &answers, &all);
        let carded = t.elapsed();
        let t = Instant::now();
        let heat = insights::heatmap(&ds, &all, zone);
        let heated = t.elapsed();
        println!(
            "{} sessions, zone {}: answers {computed:?} (longest step {longest:?}), cards {carded:?}, heatmap {heated:?} ({} cards, {} in the heatmap)",
            ds.sessions.len(),
            zone.name(),
            cards.len(),
            heat.iter().flatten().sum::<usize>()
        );
    }
}
