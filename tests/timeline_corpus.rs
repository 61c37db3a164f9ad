//! A timeline per story of `corpus/`, against `tests/corpus_expected.json`.
//!
//! The whole corpus is read at once (as `newsline timeline corpus --entity
//! NAME` does), so every story also checks that the others do not leak in.
//! An entry matches an expected event of the story's entity when the type is
//! the same and its date is the expected date or lies within it, or a day
//! apart from an expected day (announced vs reported). Each story must find
//! enough of its events (recall) without inventing many (precision), and
//! no expected event may be matched twice.

mod common;

use newsline::events::Period;
use newsline::ingest::{IngestOptions, RawItems};
use newsline::timeline::{self, Entry, Filter, Report};
use newsline::{Pipeline, Resources};
use serde::Deserialize;
use std::sync::OnceLock;

#[derive(Deserialize)]
struct Expected {
    stories: Vec<Story>,
}

#[derive(Deserialize)]
struct Story {
    story: String,
    entity: String,
    events: Vec<ExpectedEvent>,
}

#[derive(Deserialize)]
struct ExpectedEvent {
    #[serde(rename = "type")]
    kind: String,
    date: String,
    subject: String,
    sources: Vec<String>,
}

fn expected() -> Expected {
    let path = common::root().join("tests/corpus_expected.json");
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

fn reports() -> &'static (Pipeline, Vec<Report>) {
    static CORPUS: OnceLock<(Pipeline, Vec<Report>)> = OnceLock::new();
    CORPUS.get_or_init(|| {
        let pipeline = Pipeline::new(Resources::builtin(), IngestOptions::default());
        let items = RawItems::new(&[common::root().join("corpus")], 16 << 20);
        let corpus = timeline::load(&pipeline, items, 2).unwrap();
        (pipeline, corpus.reports)
    })
}

fn matches(entry: &Entry, want: &ExpectedEvent) -> bool {
    let (Some(got), Some(date)) = (entry.period(), Period::parse(&want.date)) else {
        return false;
    };
    entry.kind == want.kind
        && (date.contains(&got)
            || (date.days() == 1 && got.days() == 1 && got.gap_days(&date) == 0))
}

/// Recall and precision of the story's timeline; panics on an event told twice.
fn score(story: &str) -> (f64, f64) {
    let expected = expected();
    let story = expected.stories.iter().find(|s| s.story == story).unwrap();
    let (pipeline, reports) = reports();
    let filter = Filter {
        entity: Some(story.entity.clone()),
        ..Filter::default()
    };
    let t = timeline::build(reports, &pipeline.res.events, &filter);
    let wanted: Vec<&ExpectedEvent> = story
        .events
        .iter()
        .filter(|e| e.subject == story.entity)
        .collect();
    let mut used = vec![false; t.events.len()];
    let mut found = 0;
    let mut cited = 0;
    let mut sources = 0;
    for want in &wanted {
        let hits: Vec<usize> = (0..t.events.len())
            .filter(|&i| matches(&t.events[i], want))
            .collect();
        assert!(
            hits.len() <= 1,
            "{}: {} {} told {} times:\n{t:#?}",
            story.story,
            want.kind,
            want.date,
            hits.len()
        );
        if let Some(&i) = hits.first() {
            used[i] = true;
            found += 1;
            sources += want.sources.len();
            cited += want
                .sources
                .iter()
                .filter(|id| t.events[i].sources.iter().any(|s| &&s.id == id))
                .count();
        }
    }
    let recall = found as f64 / wanted.len().max(1) as f64;
    let precision = used.iter().filter(|&&u| u).count() as f64 / t.events.len().max(1) as f64;
    eprintln!(
        "{}: {found}/{} events found, {} entries, recall {recall:.2}, precision {precision:.2}, sources of found events cited {cited}/{sources}",
        story.story,
        wanted.len(),
        t.events.len()
    );
    for e in &t.events {
        eprintln!(
            "  {:<12} {:<15} {}  [{}]",
            e.date.as_deref().unwrap_or("-"),
            e.kind,
            e.summary,
            e.sources
                .iter()
                .map(|s| s.id.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        );
    }
    (recall, precision)
}

fn check(story: &str, min_recall: f64, min_precision: f64) {
    let (recall, precision) = score(story);
    assert!(recall >= min_recall, "{story}: recall {recall:.2}");
    assert!(
        precision >= min_precision,
        "{story}: precision {precision:.2}"
    );
}

#[test]
fn sensetime() {
    check("sensetime", 0.6, 0.6);
}

#[test]
fn ant_group() {
    check("ant-group", 0.6, 0.6);
}

#[test]
fn zte() {
    check("zte", 0.6, 0.6);
}

#[test]
fn mistral() {
    check("mistral", 0.6, 0.6);
}

#[test]
fn microsoft_activision() {
    check("microsoft-activision", 0.6, 0.6);
}
