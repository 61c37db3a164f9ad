//! The Reuters development stories of `tests/stories/` (texts in
//! `../shared/corpora/reuters21578.jsonl`): each story's timeline scored
//! against the gold a reader wrote, as `newsline eval --timeline` does.
//!
//! The floors are the figures measured when the stories' rules were last
//! changed (README, "Timelines of unseen stories"): a change that loses
//! events or adds wrong ones fails here.

mod common;

use newsline::eval::story::{self, StoryScore};
use newsline::ingest::IngestOptions;
use newsline::{Pipeline, Resources};
use std::path::PathBuf;

fn stories(dir: &str) -> Vec<PathBuf> {
    let dir = common::root().join("tests/stories").join(dir);
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "yaml"))
        .collect();
    files.sort();
    files
}

fn score_all(dir: &str) -> Option<StoryScore> {
    let shared = common::shared()?;
    let corpus = shared.join("corpora/reuters21578.jsonl");
    let pipeline = Pipeline::new(Resources::builtin(), IngestOptions::default());
    let mut total = StoryScore::default();
    for path in stories(dir) {
        let gold = story::read_gold_story(&path).unwrap();
        assert!(gold.documents.is_some(), "{}: no documents", path.display());
        let (t, score) =
            story::evaluate_story(&pipeline, &gold, std::slice::from_ref(&corpus), 2).unwrap();
        eprint!(
            "{}",
            story::render_score(&path.display().to_string(), &score)
        );
        eprint!("{}", story::render_differences(&t, &gold.timeline, &score));
        total.add(&score);
    }
    eprint!("{}", story::render_score(dir, &total));
    Some(total)
}

#[test]
fn development_stories_keep_their_figures() {
    let Some(s) = score_all("dev") else {
        return;
    };
    assert!(s.gold_events >= 20, "{} gold events", s.gold_events);
    assert!(s.recall() >= RECALL_FLOOR, "recall {:.2}", s.recall());
    assert!(
        s.precision() >= PRECISION_FLOOR,
        "precision {:.2}",
        s.precision()
    );
    assert_eq!(s.duplicates, 0, "an event told twice");
}

#[test]
fn held_out_stories_are_read() {
    // Scored for the README only: no floor, so that nobody tunes on them.
    let Some(s) = score_all("heldout") else {
        return;
    };
    assert!(s.gold_events >= 10, "{} gold events", s.gold_events);
}

// Measured: recall 0.89 (24/27), precision 0.80 (24/30), 0 duplicates.
const RECALL_FLOOR: f64 = 0.85;
const PRECISION_FLOOR: f64 = 0.75;
