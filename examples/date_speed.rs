//! Throughput of the date extractor alone, one thread:
//! `cargo run --release --example date_speed [FILE.jsonl]`
//! (default: ../shared/corpora/reuters21578.jsonl).

use newsline::extract::{dates, Context};
use newsline::ingest::{self, IngestOptions, RawItems};
use newsline::Resources;
use std::path::PathBuf;
use std::time::Instant;

fn main() {
    let path = std::env::args().nth(1).map_or_else(
        || PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/corpora/reuters21578.jsonl"),
        PathBuf::from,
    );
    let res = Resources::builtin();
    let opts = IngestOptions::default();
    let docs: Vec<_> = RawItems::new(&[path], 16 << 20)
        .filter_map(Result::ok)
        .filter_map(|item| ingest::parse(&item, &opts).ok())
        .collect();
    let sentences: Vec<_> = docs
        .iter()
        .map(|d| newsline::text::split_sentences(d, &res.abbreviations))
        .collect();
    let bytes: usize = docs.iter().map(|d| d.text.len()).sum();
    let mut best = f64::MAX;
    let mut best_cpu = f64::MAX;
    let mut mentions = 0;
    for _ in 0..3 {
        let started = Instant::now();
        let cpu = thread_cpu_seconds();
        mentions = 0;
        for (doc, sentences) in docs.iter().zip(&sentences) {
            let ctx = Context {
                doc,
                sentences,
                res: &res,
            };
            mentions += dates::extract(&ctx).len();
        }
        best = best.min(started.elapsed().as_secs_f64());
        if let (Some(after), Some(before)) = (thread_cpu_seconds(), cpu) {
            best_cpu = best_cpu.min(after - before);
        }
    }
    let mb = bytes as f64 / 1e6;
    println!(
        "{} documents, {mb:.1} MB of text, {mentions} dates: {best:.3} s wall, {:.1} MB/s (best of 3)",
        docs.len(),
        mb / best
    );
    if best_cpu < f64::MAX {
        // On a shared machine the wall clock counts other processes' turns.
        println!(
            "on-CPU time of this thread: {best_cpu:.3} s, {:.1} MB/s",
            mb / best_cpu
        );
    }
}

/// Time this thread has spent on a CPU (Linux: /proc/thread-self/schedstat).
fn thread_cpu_seconds() -> Option<f64> {
    let stat = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    let ns: f64 = stat.split_whitespace().next()?.parse().ok()?;
    Some(ns / 1e9)
}
