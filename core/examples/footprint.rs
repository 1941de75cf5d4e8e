//! What a loaded dataset holds besides the file's text, counted by the allocator:
//! `cargo run --release -p trailview-core --example footprint 10000 [ndjson|array|list] [findings]`.
use std::alloc::{GlobalAlloc, Layout as Mem, System};
use std::sync::atomic::{AtomicUsize, Ordering::Relaxed};
use trailview_core::dataset::{Dataset, Origin};
use trailview_core::gen::{generate_variant, Layout, Variant};

struct Counting;
static LIVE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, l: Mem) -> *mut u8 {
        let now = LIVE.fetch_add(l.size(), Relaxed) + l.size();
        PEAK.fetch_max(now, Relaxed);
        unsafe { System.alloc(l) }
    }
    unsafe fn dealloc(&self, p: *mut u8, l: Mem) {
        LIVE.fetch_sub(l.size(), Relaxed);
        unsafe { System.dealloc(p, l) }
    }
}

#[global_allocator]
static A: Counting = Counting;

fn main() {
    let n: usize = std::env::args().nth(1).and_then(|a| a.parse().ok()).unwrap_or(1_000);
    let layout = std::env::args().nth(2).and_then(|a| Layout::parse(&a)).unwrap_or(Layout::Ndjson);
    let variant = if std::env::args().nth(3).as_deref() == Some("findings") {
        Variant::FINDINGS
    } else {
        Variant::default()
    };
    let text = generate_variant(n, 3, variant).render(layout).into_bytes();
    let len = text.len();
    let base = LIVE.load(Relaxed);
    PEAK.store(base, Relaxed);
    let mut ds = Dataset::new();
    let t = std::time::Instant::now();
    if let Ok(mut job) = ds.begin_file("gen.ndjson", text, Origin::Local) {
        while ds.continue_file(&mut job, 256 * 1024).is_none() {}
    }
    let load = t.elapsed();
    let held = LIVE.load(Relaxed) - base + len;
    let peak = PEAK.load(Relaxed) - base + len;
    let search = ds.search_text_bytes();
    let mb = |b: usize| format!("{:.0} MB ({:.2}×)", b as f64 / 1e6, b as f64 / len as f64);
    println!(
        "{} sessions, {} documents, text {}; loaded in {load:?}",
        ds.sessions().len(),
        ds.docs().len(),
        mb(len)
    );
    println!("held after loading: {}; peak while loading: {}", mb(held), mb(peak));
    let filters = ds.text_index_bytes();
    println!(
        "of which search text {}, its filters {}, the rest {}",
        mb(search),
        mb(filters),
        mb(held - len - search - filters)
    );
    let sum = |f: &dyn Fn(&trailview_core::model::SessionSummary) -> usize| {
        ds.sessions().iter().map(|e| f(&e.summary)).sum::<usize>()
    };
    let seen = std::cell::RefCell::new(std::collections::HashSet::new());
    let strings = sum(&|s| {
        s.texts()
            .iter()
            // Each text once, however many summaries share it (with its two counts).
            .filter(|x| !x.is_empty() && seen.borrow_mut().insert(x.as_ptr()))
            .map(|x| x.len() + 16)
            .sum::<usize>()
            + s.tags.iter().chain(&s.server_users).map(|t| t.capacity() + 24).sum::<usize>()
    });
    let issues: usize = ds
        .sessions()
        .iter()
        .map(|e| {
            e.issues
                .iter()
                .map(|i| {
                    std::mem::size_of::<trailview_core::dataset::Issue>() + i.message.capacity()
                })
                .sum::<usize>()
        })
        .sum::<usize>()
        + ds.docs()
            .iter()
            .map(|d| {
                d.issues
                    .iter()
                    .map(|i| {
                        std::mem::size_of::<trailview_core::dataset::Issue>() + i.message.capacity()
                    })
                    .sum::<usize>()
            })
            .sum::<usize>();
    let stubs: usize = ds
        .sessions()
        .iter()
        .map(|e| e.stubs.iter().map(|s| 32 + s.1.capacity()).sum::<usize>() + e.key.capacity())
        .sum();
    let owners: usize =
        ds.docs().iter().map(|d| d.session.as_ref().map_or(0, |s| s.capacity())).sum();
    println!(
        "entries {} × {} B, documents {} × {} B, summary strings {}, issues {}, stubs and keys {}, owner keys {}",
        ds.sessions().len(),
        std::mem::size_of::<trailview_core::dataset::SessionEntry>(),
        ds.docs().len(),
        std::mem::size_of::<trailview_core::dataset::Document>(),
        mb(strings),
        mb(issues),
        mb(stubs),
        mb(owners)
    );
}
