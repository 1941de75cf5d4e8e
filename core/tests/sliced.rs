//! Loading a slice at a time gives exactly what loading at once gives, whatever the slice size, and a
//! cancelled load keeps what it read and says where it stopped.

use trailview_core::dataset::{Dataset, Origin};
use trailview_core::gen::{generate, Layout};

fn sliced(name: &str, bytes: &[u8], budget: usize) -> (Dataset, usize) {
    let mut ds = Dataset::new();
    let mut steps = 0;
    if let Ok(mut job) = ds.begin_file(name, bytes.to_vec(), Origin::Local) {
        while ds.continue_file(&mut job, budget).is_none() {
            steps += 1;
        }
    }
    (ds, steps)
}

#[test]
fn any_slice_size_gives_the_same_dataset() {
    for layout in [Layout::Ndjson, Layout::Array, Layout::List] {
        let text = generate(120, 4).render(layout);
        let mut whole = Dataset::new();
        whole.add_file("g", text.as_bytes(), Origin::Local);
        for budget in [1, 700, 50_000] {
            let (ds, steps) = sliced("g", text.as_bytes(), budget);
            assert_eq!(ds, whole, "{layout:?} in slices of {budget} bytes");
            if layout == Layout::Ndjson && budget < 1_000 {
                assert!(steps > 100, "{steps} steps: NDJSON is read in slices");
            }
        }
    }
}

#[test]
fn a_cancelled_load_keeps_what_it_read_and_says_so() {
    let text = generate(200, 4).render(Layout::Ndjson);
    let mut ds = Dataset::new();
    let mut job = ds.begin_file("big.ndjson", text.clone().into_bytes(), Origin::Local).unwrap();
    for _ in 0..20 {
        assert!(ds.continue_file(&mut job, 2_000).is_none());
    }
    let (done, total) = job.progress();
    assert!(done > 0 && done < total);
    let report = job.cancel(&mut ds);
    assert!(!ds.sessions.is_empty() && ds.sessions.len() < 200, "{}", ds.sessions.len());
    let msg = &report.errors.last().unwrap().message;
    assert!(msg.starts_with(&format!("loading was cancelled after {done} of {total} bytes")), "{msg}");
    assert_eq!(ds.files[0].errors.last().unwrap().message, *msg);
}
