//! Rebuild the name tagger's weights, `data/names/tagger.bin`, from the
//! CoNLL-2003 training set, and score them on the development set:
//!
//! ```sh
//! cargo run --release --example train_names            # train, write, score on dev part A
//! cargo run --release --example train_names -- --final # also score held-back dev part B
//! cargo run --release --example train_names -- --shared DIR   # the shared data elsewhere
//! ```
//!
//! Training is deterministic (a fixed seed, weights summed in key order):
//! a rerun writes the same bytes. Dev documents are split by position:
//! the first four of every five (part A) choose settings, the fifth (part
//! B) is looked at only at the end.

use newsline::eval::conll::read_conll;
use newsline::eval::GoldDoc;
use newsline::extract::orgs::{train_tagger, TaggedDoc, TrainOptions};
use newsline::Resources;
use std::collections::BTreeMap;
use std::ops::Range;
use std::path::Path;

const OUT: &str = "data/names/tagger.bin";

fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let flag = |name: &str| args.iter().any(|a| a == name);
    let value = |name: &str, default: f64| -> f64 {
        args.iter()
            .position(|a| a == name)
            .and_then(|i| args.get(i + 1))
            .and_then(|v| v.parse().ok())
            .unwrap_or(default)
    };
    let opts = TrainOptions {
        epochs: value("--epochs", 8.0) as usize,
        seed: 0x6e65_7773_6c69_6e65,
        log2_rows: value("--log2-rows", 18.0) as u32,
        min_weight: value("--min-weight", 0.0) as f32,
    };
    let shared = args
        .iter()
        .position(|a| a == "--shared")
        .and_then(|i| args.get(i + 1))
        .map_or("../shared", String::as_str);
    let conll = Path::new(shared).join("gold/conll2003");
    let res = Resources::builtin();
    let weights = if flag("--score-only") {
        std::fs::read(OUT)?
    } else {
        let train = tagged(&res, &read_conll(&conll.join("train.txt"))?);
        eprintln!("{} training documents", train.len());
        let weights = train_tagger(&res.orgs, &train, &opts);
        std::fs::write(OUT, &weights)?;
        eprintln!("wrote {OUT}: {} bytes", weights.len());
        weights
    };
    let dev = tagged(&res, &read_conll(&conll.join("dev.txt"))?);
    let (a, b): (Vec<_>, Vec<_>) = dev.iter().enumerate().partition(|(i, _)| i % 5 != 4);
    score("dev part A", &res, &weights, a.into_iter().map(|(_, d)| d))?;
    if flag("--final") {
        score("dev part B", &res, &weights, b.into_iter().map(|(_, d)| d))?;
    }
    Ok(())
}

/// Gold documents as the tagger reads them, spans in bytes.
fn tagged(res: &Resources, docs: &[GoldDoc]) -> Vec<TaggedDoc> {
    docs.iter()
        .map(|d| {
            let byte_at = byte_offsets(&d.text);
            let names: Vec<(Range<usize>, &str)> = d
                .spans
                .iter()
                .map(|s| (byte_at[s.start]..byte_at[s.end], s.label.as_str()))
                .collect();
            TaggedDoc::new(res, d.text.clone(), &names)
        })
        .collect()
}

/// The byte offset of each code point, and of the end.
fn byte_offsets(text: &str) -> Vec<usize> {
    let mut at: Vec<usize> = text.char_indices().map(|(i, _)| i).collect();
    at.push(text.len());
    at
}

/// Strict span P/R/F1 per type, tagger against gold tokens.
fn score<'a>(
    name: &str,
    res: &Resources,
    weights: &[u8],
    docs: impl Iterator<Item = &'a TaggedDoc>,
) -> anyhow::Result<()> {
    // (gold, predicted, both) per type.
    let mut counts: BTreeMap<&str, [usize; 3]> = BTreeMap::new();
    for doc in docs {
        let gold = doc.gold_names();
        let found = doc.names(&res.orgs, weights).map_err(anyhow::Error::msg)?;
        for g in &gold {
            counts.entry(g.1).or_default()[0] += 1;
        }
        for f in &found {
            let c = counts.entry(f.1).or_default();
            c[1] += 1;
            c[2] += usize::from(gold.contains(f));
        }
    }
    println!("{name}: type  gold  pred  P      R      F1");
    for (ty, [g, p, both]) in counts {
        let (pr, re) = (both as f64 / p.max(1) as f64, both as f64 / g.max(1) as f64);
        let f1 = if pr + re > 0.0 {
            2.0 * pr * re / (pr + re)
        } else {
            0.0
        };
        println!("  {ty:<5} {g:>5} {p:>5}  {pr:.3}  {re:.3}  {f1:.3}");
    }
    Ok(())
}
