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
    let mut mentions = 0;
    for _ in 0..3 {
        let started = Instant::now();
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
    }
    println!(
        "{} documents, {:.1} MB of text, {mentions} dates: {:.3} s, {:.1} MB/s (best of 3)",
        docs.len(),
        bytes as f64 / 1e6,
        best,
        bytes as f64 / 1e6 / best
    );
}
