//! Every audit question over N generated sessions (or the export named after N), natively, with the
//! cards over all of them and the time of each step:
//! `cargo run --release -p trailview-core --example insights 100000 [export]`.
use std::time::Instant;
use trailview_core::insights::{self, Settings, Zone};

mod common;

fn main() {
    let ds = common::sessions_from_args();
    for zone in [Zone::Utc, Zone::Local] {
        let s = Settings { zone, ..Settings::default() };
        // In steps, as the app works them out (it draws between them): the longest step is what
        // can hold the page.
        let t = Instant::now();
        let mut steps = insights::Computation::new(s.clone());
        let mut longest = std::time::Duration::ZERO;
        let mut each = Vec::new();
        let answers = loop {
            let step = Instant::now();
            let done = steps.step(&ds);
            longest = longest.max(step.elapsed());
            each.push(format!("{:.1}", step.elapsed().as_secs_f64() * 1e3));
            if let Some(a) = done {
                break a;
            }
        };
        println!("steps (ms): {}", each.join(" "));
        let computed = t.elapsed();
        let all: Vec<usize> = (0..ds.sessions().len()).collect();
        let t = Instant::now();
        let cards = insights::cards(&ds, &answers, &all);
        let carded = t.elapsed();
        let t = Instant::now();
        let heat = insights::heatmap(&ds, &all, zone);
        let heated = t.elapsed();
        println!(
            "{} sessions, zone {}: answers {computed:?} (longest step {longest:?}), cards {carded:?}, heatmap {heated:?} ({} cards, {} in the heatmap)",
            ds.sessions().len(),
            zone.name(),
            cards.len(),
            heat.iter().flatten().sum::<usize>()
        );
    }
}
