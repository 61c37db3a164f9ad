//! Throughput of the money extractor alone: `cargo run --release --example
//! money_speed [FILE.jsonl]` (default: the shared Reuters-21578 corpus).
//! Reads every `text` first, then times only `money::extract` over them:
//! wall time, and on Linux the time this thread spent on a CPU, which other
//! processes sharing the machine do not inflate.

use newsline::extract::{money, Context};
use newsline::model::Document;
use newsline::Resources;
use std::time::Instant;

fn main() -> anyhow::Result<()> {
    let path = std::env::args().nth(1).unwrap_or_else(|| {
        concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../shared/corpora/reuters21578.jsonl"
        )
        .into()
    });
    let docs: Vec<Document> = std::fs::read_to_string(&path)?
        .lines()
        .filter_map(|line| serde_json::from_str::<serde_json::Value>(line).ok())
        .filter_map(|v| v["text"].as_str().map(str::to_string))
        .map(|text| Document {
            text,
            ..Document::default()
        })
        .collect();
    let bytes: usize = docs.iter().map(|d| d.text.len()).sum();
    let res = Resources::builtin();
    let (mut best_wall, mut best_cpu) = (f64::MAX, f64::MAX);
    let mut mentions = 0;
    for _ in 0..5 {
        let started = Instant::now();
        let cpu_started = cpu_seconds();
        mentions = 0;
        for doc in &docs {
            let ctx = Context {
                doc,
                sentences: &[],
                res: &res,
            };
            mentions += money::extract(&ctx).len();
        }
        best_wall = best_wall.min(started.elapsed().as_secs_f64());
        if let (Some(a), Some(b)) = (cpu_started, cpu_seconds()) {
            best_cpu = best_cpu.min(b - a);
        }
    }
    let mb = bytes as f64 / 1e6;
    print!(
        "{} documents, {mb:.1} MB of text, {mentions} mentions; best of 5: wall {best_wall:.3} s ({:.0} MB/s)",
        docs.len(),
        mb / best_wall
    );
    if best_cpu < f64::MAX {
        print!(", on CPU {best_cpu:.3} s ({:.0} MB/s)", mb / best_cpu);
    }
    println!();
    Ok(())
}

/// Time this thread has spent on a CPU, from Linux's schedstat (ns).
fn cpu_seconds() -> Option<f64> {
    let stat = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    let ns: f64 = stat.split_whitespace().next()?.parse().ok()?;
    Some(ns / 1e9)
}
