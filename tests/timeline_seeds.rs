//! The mission's example: the SenseTime timeline of `../shared/gold/seeds.yaml`
//! from the five seed articles, with no rule that knows the company.
//!
//! Scored as `newsline eval --timeline` scores (`newsline::eval::story`):
//! every gold event found by exactly one entry (no event told twice), at
//! least 80% of the entity's entries a gold event, and every entry citing
//! sentences found in its sources.

mod common;

use newsline::eval::story::{self, GoldTimeline};
use newsline::ingest::{IngestOptions, RawItems};
use newsline::timeline::{self, Filter, Timeline};
use newsline::{Pipeline, Resources};
use std::path::Path;

fn gold(shared: &Path) -> GoldTimeline {
    story::read_gold_story(&shared.join("gold/seeds.yaml"))
        .unwrap()
        .timeline
}

fn seeds_timeline(inputs: &[std::path::PathBuf], entity: &str) -> Timeline {
    let pipeline = Pipeline::new(Resources::builtin(), IngestOptions::default());
    let corpus = timeline::load(&pipeline, RawItems::new(inputs, 16 << 20), 2).unwrap();
    assert!(corpus.rejections.is_empty());
    let filter = Filter {
        entity: Some(entity.into()),
        ..Filter::default()
    };
    timeline::build(&corpus.reports, &pipeline.res.events, &filter)
}

/// Check the figures with the scorer of `newsline eval --timeline`.
fn check(t: &Timeline, gold: &GoldTimeline, seeds: &Path) {
    let score = story::score(t, gold);
    eprint!("{}", story::render_score("seeds", &score));
    assert_eq!(
        score.found,
        gold.events.len(),
        "gold events missed:\n{t:#?}"
    );
    assert_eq!(score.duplicates, 0, "an event told twice:\n{t:#?}");
    let precision = score.precision();
    assert!(precision >= 0.8, "precision {precision:.2}:\n{t:#?}");
    let (cited, wanted) = (score.sources_cited, score.sources_wanted);
    assert!(
        cited as f64 >= 0.8 * wanted as f64,
        "sources cited {cited}/{wanted}:\n{t:#?}"
    );
    for e in &t.events {
        for s in &e.sources {
            let raw = std::fs::read_to_string(seeds.join(format!("{}.txt", s.id))).unwrap();
            let flat = |x: &str| x.split_whitespace().collect::<Vec<_>>().join(" ");
            assert!(
                flat(&raw).contains(&flat(&s.sentence)),
                "{} does not say {:?}",
                s.id,
                s.sentence
            );
        }
    }
}

#[test]
fn seeds_give_the_gold_timeline() {
    let Some(shared) = common::shared() else {
        return;
    };
    let gold = gold(&shared);
    let seeds = shared.join("seeds");
    let t = seeds_timeline(std::slice::from_ref(&seeds), &gold.entity);
    assert_eq!(t.entity.as_deref(), Some(gold.entity.as_str()));
    check(&t, &gold, &seeds);
}

#[test]
fn extract_records_give_the_same_timeline() {
    let Some(shared) = common::shared() else {
        return;
    };
    let gold = gold(&shared);
    let seeds = shared.join("seeds");
    let dir = tempfile::tempdir().unwrap();
    let records = dir.path().join("seeds.jsonl");
    let status = std::process::Command::new(env!("CARGO_BIN_EXE_newsline"))
        .args(["extract", "-o"])
        .arg(&records)
        .arg(&seeds)
        .status()
        .unwrap();
    assert!(status.success());
    let from_records = seeds_timeline(&[records], &gold.entity);
    let from_articles = seeds_timeline(std::slice::from_ref(&seeds), &gold.entity);
    assert_eq!(from_records, from_articles);
}
