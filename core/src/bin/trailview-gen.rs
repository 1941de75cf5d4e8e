//! `trailview-gen --sessions N --seed S --layout array|list|ndjson [--findings] > export.json`
//! Writes a realistic, deterministic SPS export (see `trailview_core::gen`). `--findings` writes the
//! hard case for loading, where every session has findings to place (`--inline`, `--unix-times` and
//! `--text-scalars` each give a part of it).

use std::io::Write;
use trailview_core::gen::{Layout, Variant};

fn main() {
    let mut n = 1000usize;
    let mut seed = 1u64;
    let mut layout = Layout::Ndjson;
    let mut variant = Variant::default();
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        let mut val = || args.next().unwrap_or_else(|| usage(&format!("{a} needs a value")));
        match a.as_str() {
            "--sessions" | "-n" => {
                n = val().parse().unwrap_or_else(|_| usage("--sessions takes a number"))
            }
            "--seed" => seed = val().parse().unwrap_or_else(|_| usage("--seed takes a number")),
            "--layout" => {
                layout = Layout::parse(&val())
                    .unwrap_or_else(|| usage("--layout is array, list or ndjson"))
            }
            "--findings" => variant = Variant::FINDINGS,
            "--inline" => variant.inline = true,
            "--unix-times" => variant.unix_times = true,
            "--text-scalars" => variant.text_scalars = true,
            "-h" | "--help" => usage(""),
            other => usage(&format!("unknown argument {other}")),
        }
    }
    // A session at a time: a million sessions are gigabytes of text and many more as values.
    let mut out = std::io::BufWriter::with_capacity(1 << 20, std::io::stdout().lock());
    if trailview_core::gen::write(n, seed, variant, layout, &mut out)
        .and_then(|()| out.flush())
        .is_err()
    {
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
