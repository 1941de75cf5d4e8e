//! Items of a large array or list, and NDJSON lines, handed out to be read elsewhere (a Web Worker,
//! see `FileJob::hand_out`) and registered as their reads come back give exactly the dataset a load
//! read here gives: in any order of answers, with answers lost, and when the load stops with some out.

use trailview_core::dataset::read::Item;
use trailview_core::dataset::wire::{decode_items, read_items};
use trailview_core::dataset::{Dataset, FileJob, Origin};
use trailview_core::gen::{generate_variant, Layout, Variant};

/// Past the first 1,000 elements, which the reader parses itself, and over 1 MB.
const SESSIONS: usize = 1_300;

/// An export whose sessions past the first thousand include one with a repeated key and one with
/// a number a double cannot hold: their warnings come from the reads too.
fn export(layout: Layout, variant: Variant) -> Vec<u8> {
    let text = generate_variant(SESSIONS, 9, variant).render(layout);
    let mut keys =
        text.match_indices("{\"key\":").map(|(i, _)| i).filter(|&i| i > text.len() * 9 / 10);
    let (a, b) = (keys.next().unwrap(), keys.next().unwrap());
    let mut out = String::new();
    out.push_str(&text[..a]);
    out.push_str("{\"key\":\"repeated\",");
    out.push_str(&text[a + 1..b]);
    out.push_str("{\"big\":123456789012345678901234567890,");
    out.push_str(&text[b + 1..]);
    out.into_bytes()
}

/// Every batch read at once, "elsewhere", its answer given back as `answer` says.
fn hand_out_all(ds: &mut Dataset, job: &mut FileJob, bytes: usize) -> Vec<(u64, Vec<u8>)> {
    let mut out = vec![];
    while let Some(h) = job.hand_out(ds, bytes) {
        out.push((h.id, read_items(h.text, h.ends, h.kind)));
    }
    out
}

#[test]
fn items_read_elsewhere_give_the_same_dataset() {
    for (layout, variant) in [
        (Layout::Array, Variant::FINDINGS),
        (Layout::List, Variant::FINDINGS),
        (Layout::Array, Variant::default()),
        (Layout::Ndjson, Variant::FINDINGS),
        // Its sessions' channels, events and alerts are documents of their own, on lines between
        // them: read here, not by the workers.
        (Layout::Ndjson, Variant::default()),
    ] {
        let text = export(layout, variant);
        let mut whole = Dataset::new();
        whole.add_file("g", &text, Origin::Local);
        assert!(whole.sessions().len() >= SESSIONS);
        for (batch, budget) in [(1, 3_000), (40_000, 50_000), (1 << 20, usize::MAX)] {
            let mut ds = Dataset::new();
            let mut job = ds.begin_file("g", text.clone(), Origin::Local).unwrap();
            let mut handed = 0;
            let mut round = 0;
            loop {
                let mut answers = hand_out_all(&mut ds, &mut job, batch);
                handed += answers.len();
                // Answers come back in any order; every seventh is lost (read here instead).
                answers.reverse();
                for (id, reads) in answers {
                    round += 1;
                    job.take_back(id, (round % 7 != 0).then_some(&reads[..]));
                }
                assert!(!job.awaiting());
                if ds.continue_file(&mut job, budget).is_some() {
                    break;
                }
            }
            assert!(
                handed > 0,
                "{layout:?}: items were handed out ({} sessions)",
                ds.sessions().len()
            );
            assert_eq!(ds, whole, "{layout:?} {variant:?}, batches of {batch} bytes");
        }
    }
}

#[test]
fn registering_waits_for_what_is_out_and_a_stop_reads_it_here() {
    for layout in [Layout::Array, Layout::Ndjson] {
        waits_and_stops(layout);
    }
}

fn waits_and_stops(layout: Layout) {
    let text = export(layout, Variant::FINDINGS);
    let mut ds = Dataset::new();
    let mut job = ds.begin_file("g", text, Origin::Local).unwrap();
    let mut out = vec![];
    while out.is_empty() {
        assert!(ds.continue_file(&mut job, 200_000).is_none());
        out = hand_out_all(&mut ds, &mut job, 100_000);
    }
    let before = ds.sessions().len();
    assert!(job.awaiting());
    // Nothing goes in while the next items are out.
    assert!(ds.continue_file(&mut job, 200_000).is_none());
    assert_eq!(ds.sessions().len(), before);
    // A bad answer is read here; the load goes on.
    job.take_back(out[0].0, Some(b"\xff\xff"));
    assert!(ds.continue_file(&mut job, 200_000).is_none());
    assert!(ds.sessions().len() > before);
    // Stopped with batches still out: they are read here, none lost.
    let more = hand_out_all(&mut ds, &mut job, 100_000);
    let sessions = |reads: &[u8]| {
        decode_items(reads)
            .unwrap()
            .into_iter()
            .filter(|r| matches!(r.what, Item::Session(_)))
            .count()
    };
    let out_now: usize = out[1..].iter().chain(&more).map(|(_, reads)| sessions(reads)).sum();
    assert!(out_now > 0);
    let read_in = |ds: &Dataset| ds.sessions().iter().filter(|e| e.source.is_some()).count();
    let in_before = read_in(&ds);
    let report = job.cancel(&mut ds);
    assert!(report.errors.last().unwrap().message().starts_with("loading was cancelled"));
    assert!(
        read_in(&ds) >= in_before + out_now,
        "{layout:?}: {} read, {in_before} before and {out_now} out",
        read_in(&ds)
    );
}
