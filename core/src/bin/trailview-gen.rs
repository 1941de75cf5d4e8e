//! `trailview-gen --sessions N --seed S --layout array|list|ndjson [--findings] > export.json`
//! Writes a realistic, deterministic SPS export (see `trailview_core::gen`). `--findings` writes the
//! hard case for loading, where every session has findings to place (`--inline`, `--unix-times` and
//! `--text-scalars` each give a part of it).

use std::io::Write;
use trailview_core::gen::{generate_variant, Layout, Variant};

fn main() {
    let mut n = 1000usize;
    let mut seed = 1u64;
    let mut layout = Layout::Ndjson;
    let mut variant = Variant::default();
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        let mut val = || args.next().unwrap_or_else(|| usage(&format!("{a} needs a value")));
        match a.as_str() {
            "--sessions" | "-n" => n = val().parse().unwrap_or_else(|_| usage("--sessions takes a number")),
            "--seed" => seed = val().parse().unwrap_or_else(|_| usage("--seed takes a number")),
            "--layout" => layout = Layout::parse(&val()).unwrap_or_else(|| usage("--layout is array, list or ndjson")),
            "--findings" => variant = Variant::FINDINGS,
            "--inline" => variant.inline = true,
            "--unix-times" => variant.unix_times = true,
            "--text-scalars" => variant.text_scalars = true,
            "-h" | "--help" => usage(""),
            other => usage(&format!("unknown argument {other}")),
        }
    }
    let text = generate_variant(n, seed, variant).render(layout);
    let mut out = std::io::stdout().lock();
    if out.write_all(text.as_bytes()).is_err() {
        std::process::exit(1);
    }
}

fn usage(problem: &str) -> ! {
    if !problem.is_empty() {
        eprintln!("trailview-gen: {problem}");
    }
    eprintln!("usage: trailview-gen [--sessions N] [--seed S] [--layout array|list|ndjson] [--findings | --inline | --unix-times | --text-scalars]");
    std::process::exit(2);
}
