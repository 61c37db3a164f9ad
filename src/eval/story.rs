//! Scoring a timeline against a gold story: the timeline a careful reader
//! records from a cluster of articles, in the form of
//! `../shared/gold/seeds.yaml` (`timeline: {entity, events: [{type, date,
//! sources}]}`), optionally naming the documents of the story
//! (`documents: [ids]`) so that one corpus file can hold many stories.
//!
//! Matching (from the comments of seeds.yaml): an entry matches a gold event
//! when the type is the same and its date is the gold date or lies within
//! it (a day of the gold month); a day-precision gold date also accepts the
//! day next to it ("either date is accepted" for an announcement and its
//! first reports). Entries and gold events are paired one to one; an entry
//! that matches only gold events already paired tells an event twice (a
//! duplicate).

use crate::events::Period;
use crate::ingest::{Format, RawItems, ReadResult};
use crate::pipeline::Pipeline;
use crate::timeline::{self, Entry, Filter, Timeline};
use anyhow::Context as _;
use serde::Deserialize;
use std::collections::HashSet;
use std::fmt::Write as _;
use std::path::Path;

/// A gold story file.
#[derive(Clone, Debug, Deserialize)]
pub struct GoldStory {
    /// Ids of the story's documents (a list, or a map keyed by them as in
    /// seeds.yaml, file names without extension); absent: every document
    /// given.
    #[serde(default, deserialize_with = "document_ids")]
    pub documents: Option<Vec<String>>,
    pub timeline: GoldTimeline,
}

#[derive(Clone, Debug, Deserialize)]
pub struct GoldTimeline {
    pub entity: String,
    pub events: Vec<GoldEvent>,
}

#[derive(Clone, Debug, Deserialize)]
pub struct GoldEvent {
    #[serde(rename = "type")]
    pub kind: String,
    pub date: String,
    /// Documents that tell it: ids, or file names of the seeds.
    #[serde(default)]
    pub sources: Vec<String>,
}

fn document_ids<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<Vec<String>>, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Documents {
        Ids(Vec<String>),
        Described(std::collections::BTreeMap<String, serde::de::IgnoredAny>),
    }
    let ids = match Option::<Documents>::deserialize(d)? {
        None => return Ok(None),
        Some(Documents::Ids(ids)) => ids,
        Some(Documents::Described(map)) => map.into_keys().collect(),
    };
    Ok(Some(
        ids.into_iter().map(|id| stem(&id).to_string()).collect(),
    ))
}

/// A file name without its extension: the id of the document it holds.
fn stem(name: &str) -> &str {
    let name = name.rsplit(['/', '\\']).next().unwrap_or(name);
    name.split('.').next().unwrap_or(name)
}

/// Read a gold story (YAML).
pub fn read_gold_story(path: &Path) -> anyhow::Result<GoldStory> {
    let text =
        std::fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))?;
    serde_saphyr::from_str(&text).with_context(|| format!("{}: not a gold story", path.display()))
}

impl GoldStory {
    /// Keep only the items of the story's documents: JSONL lines by their
    /// `id`, files by their name without extension. Unreadable items are
    /// kept, so that their rejection is reported.
    pub fn selects(&self, item: &ReadResult) -> bool {
        let (Some(ids), Ok(item)) = (&self.documents, item) else {
            return true;
        };
        let id = if item.format == Format::JsonLine {
            #[derive(Deserialize)]
            struct Id {
                #[serde(default)]
                id: Option<serde_json::Value>,
            }
            match serde_json::from_slice::<Id>(&item.bytes) {
                Ok(Id { id: Some(v) }) => match v {
                    serde_json::Value::String(s) => s,
                    other => other.to_string(),
                },
                _ => return false,
            }
        } else {
            stem(&item.source).to_string()
        };
        ids.contains(&id)
    }
}

/// The story's timeline from `paths` (only the story's documents when it
/// names them), for its entity, and its score.
pub fn evaluate_story(
    pipeline: &Pipeline,
    story: &GoldStory,
    paths: &[std::path::PathBuf],
    jobs: usize,
) -> anyhow::Result<(Timeline, StoryScore)> {
    let items = RawItems::new(paths, pipeline.ingest.max_bytes).filter(|i| story.selects(i));
    let corpus = timeline::load(pipeline, items, jobs)?;
    if let Some(r) = corpus.rejections.first() {
        anyhow::bail!(
            "{} of the story's documents rejected, first {}: {}",
            corpus.rejections.len(),
            r.source,
            r.message
        );
    }
    if let Some(ids) = &story.documents {
        let read: HashSet<&str> = corpus.reports.iter().map(|r| r.id.as_str()).collect();
        let missing: Vec<&str> = ids
            .iter()
            .map(String::as_str)
            .filter(|id| !read.contains(id))
            .collect();
        if !missing.is_empty() {
            anyhow::bail!("documents not found in the inputs: {}", missing.join(", "));
        }
    }
    let filter = Filter {
        entity: Some(story.timeline.entity.clone()),
        ..Filter::default()
    };
    let t = timeline::build(&corpus.reports, &pipeline.res.events, &filter);
    let s = score(&t, &story.timeline);
    Ok((t, s))
}

/// Whether an entry tells a gold event.
pub fn matches(entry: &Entry, gold: &GoldEvent) -> bool {
    if entry.kind != gold.kind {
        return false;
    }
    let (Some(got), Some(want)) = (entry.period(), Period::parse(&gold.date)) else {
        return false;
    };
    want.contains(&got) || (want.days() == 1 && got.days() == 1 && got.gap_days(&want) == 0)
}

/// How a timeline compares with the gold.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct StoryScore {
    pub gold_events: usize,
    pub entries: usize,
    /// Gold events paired with an entry.
    pub found: usize,
    /// Entries telling a gold event already paired.
    pub duplicates: usize,
    /// For each gold event, the entry paired with it.
    pub pairs: Vec<Option<usize>>,
    /// Sources of the paired gold events cited by their entry, of all.
    pub sources_cited: usize,
    pub sources_wanted: usize,
}

impl StoryScore {
    pub fn recall(&self) -> f64 {
        ratio(self.found, self.gold_events)
    }

    /// Entries that are a gold event, of all entries (1 when there are none).
    pub fn precision(&self) -> f64 {
        ratio(self.found, self.entries)
    }

    pub fn add(&mut self, other: &StoryScore) {
        self.gold_events += other.gold_events;
        self.entries += other.entries;
        self.found += other.found;
        self.duplicates += other.duplicates;
        self.sources_cited += other.sources_cited;
        self.sources_wanted += other.sources_wanted;
    }
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 {
        1.0
    } else {
        a as f64 / b as f64
    }
}

/// Pair entries with gold events one to one (a maximum matching: an entry
/// on the day between two gold days may take either), then count what is
/// left over.
pub fn score(t: &Timeline, gold: &GoldTimeline) -> StoryScore {
    let candidates: Vec<Vec<usize>> = gold
        .events
        .iter()
        .map(|g| {
            (0..t.events.len())
                .filter(|&i| matches(&t.events[i], g))
                .collect()
        })
        .collect();
    let mut owner: Vec<Option<usize>> = vec![None; t.events.len()];
    for g in 0..gold.events.len() {
        let mut seen = vec![false; t.events.len()];
        augment(g, &candidates, &mut owner, &mut seen);
    }
    let mut pairs = vec![None; gold.events.len()];
    for (entry, g) in owner.iter().enumerate() {
        if let Some(g) = g {
            pairs[*g] = Some(entry);
        }
    }
    let duplicates = (0..t.events.len())
        .filter(|&i| owner[i].is_none() && candidates.iter().any(|c| c.contains(&i)))
        .count();
    let mut score = StoryScore {
        gold_events: gold.events.len(),
        entries: t.events.len(),
        found: pairs.iter().flatten().count(),
        duplicates,
        ..StoryScore::default()
    };
    for (g, pair) in gold.events.iter().zip(&pairs) {
        score.sources_wanted += g.sources.len();
        if let Some(entry) = pair {
            let cited: HashSet<&str> = t.events[*entry]
                .sources
                .iter()
                .map(|s| s.id.as_str())
                .collect();
            score.sources_cited += g
                .sources
                .iter()
                .filter(|s| cited.contains(s.trim_end_matches(".txt")))
                .count();
        }
    }
    score.pairs = pairs;
    score
}

/// Kuhn's augmenting path: give gold event `g` an entry, moving others.
fn augment(
    g: usize,
    candidates: &[Vec<usize>],
    owner: &mut [Option<usize>],
    seen: &mut [bool],
) -> bool {
    for &e in &candidates[g] {
        if seen[e] {
            continue;
        }
        seen[e] = true;
        let free = match owner[e] {
            None => true,
            Some(other) => augment(other, candidates, owner, seen),
        };
        if free {
            owner[e] = Some(g);
            return true;
        }
    }
    false
}

/// One line of figures.
pub fn render_score(name: &str, s: &StoryScore) -> String {
    format!(
        "{name}: recall {:.2} ({}/{} gold events), precision {:.2} ({}/{} entries), duplicates {}, sources cited {}/{}\n",
        s.recall(),
        s.found,
        s.gold_events,
        s.precision(),
        s.found,
        s.entries,
        s.duplicates,
        s.sources_cited,
        s.sources_wanted
    )
}

/// What went wrong, entry by entry: gold events missed, entries that are
/// none of them.
pub fn render_differences(t: &Timeline, gold: &GoldTimeline, s: &StoryScore) -> String {
    let mut out = String::new();
    for (g, pair) in gold.events.iter().zip(&s.pairs) {
        if pair.is_none() {
            let _ = writeln!(out, "  MISS  {} {}", g.date, g.kind);
        }
    }
    for (i, e) in t.events.iter().enumerate() {
        if !s.pairs.contains(&Some(i)) {
            let _ = writeln!(
                out,
                "  EXTRA {} {}: {}",
                e.date.as_deref().unwrap_or("undated"),
                e.kind,
                e.summary
            );
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::timeline::Entry;

    fn entry(kind: &str, date: &str) -> Entry {
        Entry {
            kind: kind.into(),
            date: Some(date.into()),
            date_basis: "explicit".into(),
            subject: "Acme".into(),
            actor: None,
            money: vec![],
            list: None,
            also_affected: vec![],
            detail: None,
            role: None,
            summary: String::new(),
            confidence: 0.9,
            sources: vec![],
            conflicts: vec![],
        }
    }

    fn gold(events: &[(&str, &str)]) -> GoldTimeline {
        GoldTimeline {
            entity: "Acme".into(),
            events: events
                .iter()
                .map(|(k, d)| GoldEvent {
                    kind: k.to_string(),
                    date: d.to_string(),
                    sources: vec![],
                })
                .collect(),
        }
    }

    #[test]
    fn an_entry_between_two_gold_days_leaves_the_other_to_its_neighbour() {
        let g = gold(&[
            ("takeover_bid", "1987-03-02"),
            ("takeover_bid", "1987-03-03"),
        ]);
        let t = Timeline {
            entity: None,
            hidden: 0,
            events: vec![
                entry("takeover_bid", "1987-03-02"),
                entry("takeover_bid", "1987-03-03"),
            ],
        };
        let s = score(&t, &g);
        assert_eq!((s.found, s.duplicates), (2, 0));
    }

    #[test]
    fn the_same_event_told_twice_is_a_duplicate_and_a_wrong_type_is_not_a_match() {
        let g = gold(&[("bankruptcy", "1987-04-12"), ("merger", "1987-03")]);
        let t = Timeline {
            entity: None,
            hidden: 0,
            events: vec![
                entry("bankruptcy", "1987-04-12"),
                entry("bankruptcy", "1987-04-13"),
                entry("takeover_bid", "1987-03-09"),
            ],
        };
        let s = score(&t, &g);
        assert_eq!((s.found, s.duplicates, s.entries), (1, 1, 3));
        assert!((s.recall() - 0.5).abs() < 1e-9);
        assert!((s.precision() - 1.0 / 3.0).abs() < 1e-9);
        let diff = render_differences(&t, &g, &s);
        assert!(diff.contains("MISS  1987-03 merger"), "{diff}");
        assert!(diff.contains("EXTRA 1987-03-09 takeover_bid"), "{diff}");
    }
}
