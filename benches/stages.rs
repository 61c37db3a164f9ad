//! One benchmark per stage, on the Reuters corpus when `../shared` is beside
//! the project (the first 2,000 stories), else on `corpus/`.

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use newsline::extract::{self, Context};
use newsline::ingest::{self, IngestOptions, RawItem, RawItems};
use newsline::{Pipeline, Resources};
use std::hint::black_box;
use std::path::PathBuf;

fn sample() -> Vec<RawItem> {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let reuters = root.join("../shared/corpora/reuters21578.jsonl");
    let path = if reuters.exists() {
        reuters
    } else {
        root.join("corpus")
    };
    RawItems::new(&[path], 16 << 20)
        .filter_map(Result::ok)
        .take(2000)
        .collect()
}

fn stages(c: &mut Criterion) {
    let items = sample();
    let bytes: usize = items.iter().map(|i| i.bytes.len()).sum();
    let pipeline = Pipeline::new(Resources::builtin(), IngestOptions::default());
    let docs: Vec<_> = items
        .iter()
        .filter_map(|i| ingest::parse(i, &pipeline.ingest).ok())
        .collect();
    let analysed: Vec<_> = docs.iter().map(|d| pipeline.analyse(d.clone())).collect();

    let mut g = c.benchmark_group("stages");
    g.throughput(Throughput::Bytes(bytes as u64));
    g.sample_size(10);
    g.bench_function("ingest", |b| {
        b.iter(|| {
            for i in &items {
                let _ = black_box(ingest::parse(i, &pipeline.ingest));
            }
        })
    });
    g.bench_function("sentences", |b| {
        b.iter(|| {
            for d in &docs {
                black_box(newsline::text::split_sentences(
                    d,
                    &pipeline.res.abbreviations,
                ));
            }
        })
    });
    let run = |name: &str,
               f: fn(&Context) -> Vec<newsline::Mention>,
               c: &mut criterion::BenchmarkGroup<_>| {
        c.bench_function(name, |b| {
            b.iter(|| {
                for x in &analysed {
                    let ctx = Context {
                        doc: &x.doc,
                        sentences: &x.sentences,
                        res: &pipeline.res,
                    };
                    black_box(f(&ctx));
                }
            })
        });
    };
    run("dates", extract::dates::extract, &mut g);
    run("money", extract::money::extract, &mut g);
    run("orgs", extract::orgs::extract, &mut g);
    g.bench_function("events", |b| {
        b.iter(|| {
            for x in &analysed {
                let ctx = Context {
                    doc: &x.doc,
                    sentences: &x.sentences,
                    res: &pipeline.res,
                };
                black_box(newsline::events::detect(&ctx, &x.mentions, &x.entities));
            }
        })
    });
    g.bench_function("extract", |b| {
        b.iter(|| {
            for i in &items {
                if let Ok(x) = pipeline.process(i) {
                    black_box(
                        newsline::Record::from_extraction(&x, Default::default()).to_json_line(),
                    );
                }
            }
        })
    });
    g.finish();
}

criterion_group!(benches, stages);
criterion_main!(benches);
