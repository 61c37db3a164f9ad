//! One benchmark per stage and the whole `extract`, on the bundled `corpus/`
//! and, when `../shared` is beside the project, on the first 2,000 Reuters
//! stories (short newswire: per-document costs show there).

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use newsline::extract::{self, Context};
use newsline::ingest::{self, IngestOptions, RawItem, RawItems};
use newsline::output::json_line;
use newsline::{Pipeline, Resources};
use std::hint::black_box;
use std::path::PathBuf;

/// The samples: (name, raw inputs).
fn samples() -> Vec<(&'static str, Vec<RawItem>)> {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let read = |path: PathBuf| -> Vec<RawItem> {
        RawItems::new(&[path], 16 << 20)
            .filter_map(Result::ok)
            .take(2000)
            .collect()
    };
    let mut samples = vec![("corpus", read(root.join("corpus")))];
    let reuters = root.join("../shared/corpora/reuters21578.jsonl");
    if reuters.exists() {
        samples.push(("reuters", read(reuters)));
    } else {
        eprintln!(
            "reuters skipped: ../shared/corpora/reuters21578.jsonl is not beside the project"
        );
    }
    samples
}

fn stages(c: &mut Criterion) {
    let pipeline = Pipeline::new(Resources::builtin(), IngestOptions::default());
    for (name, items) in samples() {
        sample_stages(c, &pipeline, name, &items);
    }
}

fn sample_stages(c: &mut Criterion, pipeline: &Pipeline, name: &str, items: &[RawItem]) {
    let bytes: usize = items.iter().map(|i| i.bytes.len()).sum();
    let docs: Vec<_> = items
        .iter()
        .filter_map(|i| ingest::parse(i, &pipeline.ingest).ok())
        .collect();
    let analysed: Vec<_> = docs.iter().map(|d| pipeline.analyse(d.clone())).collect();

    let mut g = c.benchmark_group(format!("stages/{name}"));
    g.throughput(Throughput::Bytes(bytes as u64));
    g.sample_size(10);
    g.bench_function("ingest", |b| {
        b.iter(|| {
            for i in items {
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
            for i in items {
                if let Ok(x) = pipeline.process(i) {
                    black_box(json_line(&x, Default::default()));
                }
            }
        })
    });
    g.finish();
}

criterion_group!(benches, stages);
criterion_main!(benches);
