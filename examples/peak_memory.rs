//! Where one large document's memory goes: the heap in use and its peak
//! after each stage, for every file given, measured by a counting allocator
//! (the system one underneath, so heaptrack can attribute it too).
//!
//! cargo run --profile quick --example peak_memory -- FILE...
use newsline::ingest::{self, IngestOptions, RawItems};
use newsline::output::{json_line, RecordOptions};
use newsline::{Pipeline, Resources};
use std::sync::atomic::Ordering::Relaxed;

#[path = "../tests/common/counting.rs"]
mod counting;
use counting::{Counting, IN_USE, PEAK};

#[global_allocator]
static ALLOC: Counting = Counting;

/// Print the heap in use and the peak since the last report, in MB, and
/// start a new peak.
fn report(stage: &str) {
    let mb = |b: usize| b as f64 / 1e6;
    let now = IN_USE.load(Relaxed);
    println!(
        "{stage:>12}: in use {:8.1} MB, peak {:8.1} MB",
        mb(now),
        mb(PEAK.swap(now, Relaxed))
    );
}

fn main() {
    let paths: Vec<std::path::PathBuf> = std::env::args().skip(1).map(Into::into).collect();
    let pipeline = Pipeline::new(Resources::builtin(), IngestOptions::default());
    report("resources");
    println!(
        "Mention: {} bytes",
        std::mem::size_of::<newsline::model::Mention>()
    );
    for item in RawItems::new(&paths, 16 << 20) {
        let Ok(item) = item else { continue };
        println!("== {} ({} bytes)", item.source, item.bytes.len());
        report("read");
        let Ok(doc) = ingest::parse(&item, &pipeline.ingest) else {
            continue;
        };
        report("parsed");
        let x = pipeline.analyse(doc);
        report("analysed");
        println!(
            "{:>12}  {} sentences, {} mentions, {} entities, {} events",
            "",
            x.sentences.len(),
            x.mentions.len(),
            x.entities.len(),
            x.events.len()
        );
        let plain = x
            .mentions
            .iter()
            .filter(|m| m.attrs == Default::default())
            .count();
        println!("{:>12}  {plain} mentions without attributes", "");
        let line = json_line(&x, RecordOptions::default());
        report("written");
        drop((line, x));
    }
}
