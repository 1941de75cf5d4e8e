//! A large array or list loaded with its items read by N threads, as the page's Web Workers read
//! them (`FileJob::hand_out`, `dataset::wire`), against the same load read on one thread:
//! `cargo run --release -p trailview-core --example readers target/bench/gen-100000-array.json 0 1 2 3`.
//! Prints the wall time, and the time the loading thread itself was busy (what the page would be).
use std::sync::mpsc;
use std::time::{Duration, Instant};
use trailview_core::dataset::wire::read_items;
use trailview_core::dataset::{Dataset, Origin};

/// The bytes a batch holds (the page's figure).
const BATCH: usize = 256 << 10;

fn main() {
    let mut args = std::env::args().skip(1);
    let path = args.next().expect("a file");
    let text = std::fs::read(&path).expect("readable file");
    let counts: Vec<usize> = args.filter_map(|a| a.parse().ok()).collect();
    let mut reference = None;
    for n in if counts.is_empty() { vec![0, 1, 2] } else { counts } {
        let (ds, wall, busy) = load(&text, n);
        println!(
            "{n} readers: {} sessions in {wall:.2?}, the loading thread busy {busy:.2?}",
            ds.sessions().len()
        );
        match &reference {
            None => reference = Some(ds),
            Some(r) => assert!(*r == ds, "{n} readers: the same dataset"),
        }
    }
}

fn load(text: &[u8], readers: usize) -> (Dataset, Duration, Duration) {
    let t = Instant::now();
    let (answers_tx, answers) = mpsc::channel::<(u64, Vec<u8>)>();
    let mut asks = Vec::new();
    let mut threads = Vec::new();
    for _ in 0..readers {
        let (tx, rx) = mpsc::channel::<(u64, Vec<u8>, Vec<u32>, u8)>();
        let back = answers_tx.clone();
        threads.push(std::thread::spawn(move || {
            for (id, text, ends, list) in rx {
                let _ = back.send((id, read_items(&text, &ends, list)));
            }
        }));
        asks.push(tx);
    }
    let mut ds = Dataset::new();
    let mut waited = Duration::ZERO;
    let Ok(mut job) = ds.begin_file("f", text.to_vec(), Origin::Local) else { panic!("not JSON") };
    let mut turn = 0;
    loop {
        if ds.continue_file(&mut job, 256 << 10).is_some() {
            break;
        }
        let mut handed = 0;
        while readers > 0 && job.out() < 3 * readers {
            let Some(h) = job.hand_out(&mut ds, BATCH) else { break };
            let _ = asks[turn % readers].send((h.id, h.text.to_vec(), h.ends.to_vec(), h.kind));
            turn += 1;
            handed += 1;
        }
        while let Ok((id, reads)) = answers.try_recv() {
            job.take_back(id, Some(&reads));
        }
        // Nothing to do but wait: as many out as the readers take, or nothing more read to hand out.
        if job.awaiting() && (job.out() >= 3 * readers || handed == 0) {
            let w = Instant::now();
            if let Ok((id, reads)) = answers.recv() {
                job.take_back(id, Some(&reads));
            }
            waited += w.elapsed();
        }
    }
    drop(asks);
    threads.into_iter().for_each(|t| t.join().unwrap());
    let wall = t.elapsed();
    (ds, wall, wall - waited)
}
