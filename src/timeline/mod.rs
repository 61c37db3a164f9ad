//! Timelines: the events of many documents merged into one entry per
//! real-world event, grouped by canonical entity, every entry citing its
//! sources.
//!
//! The same event told by several articles (in other words, at another
//! precision, a day apart) becomes one entry; where the sources disagree on
//! a date or an amount the entry keeps the best-supported value and lists the
//! others in `conflicts`.

mod html;
mod load;
mod merge;
mod render;

pub use load::{from_record, load, settle, Corpus, Loaded};
pub use render::{render, Format};

use crate::events::{borrow, DateBasis, EventLexicon, Period};
use crate::link::EntityIndex;
use crate::model::{Entity, Event};
use crate::output::{Record, RegionOut};
use jiff::civil::Date;
use serde::{Deserialize, Serialize};

/// One document as a timeline sees it: where it came from and what it tells.
/// (Serialisable: the store keeps one per document.)
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Report {
    pub id: String,
    pub source: String,
    pub url: Option<String>,
    pub publisher: Option<String>,
    pub published: Option<String>,
    /// The publication date was borrowed from other documents.
    pub borrowed: bool,
    pub regions: Vec<RegionOut>,
    pub entities: Vec<Entity>,
    /// Evidence offsets in code points, as in records.
    pub events: Vec<Event>,
}

impl Report {
    pub fn from_record(r: &Record) -> Report {
        Report {
            id: r.id.clone(),
            source: r.source.clone(),
            url: r.url.clone(),
            publisher: r.publisher.clone(),
            published: r.published.value.clone(),
            borrowed: borrow::is_borrowed_basis(r.published.source, r.published.basis.as_deref()),
            regions: r.regions.clone(),
            entities: r.entities.clone(),
            events: r.events.clone(),
        }
    }

    /// The link for a sentence: its related item's, else the document's.
    fn url_at(&self, pos: usize) -> Option<String> {
        self.regions
            .iter()
            .find(|g| g.start <= pos && pos < g.end && g.url.is_some())
            .and_then(|g| g.url.clone())
            .or_else(|| self.url.clone())
    }
}

/// The confidence below which an entry is left out of the default view:
/// an event only referred to ("its offer", "the acquisition") in reports
/// that give it no date of its own.
pub const DEFAULT_MIN_CONFIDENCE: f32 = 0.3;

/// Which entries to keep.
#[derive(Clone, Debug)]
pub struct Filter {
    /// Any alias of the entity, any case.
    pub entity: Option<String>,
    /// Event types; empty keeps all.
    pub types: Vec<String>,
    pub from: Option<Date>,
    pub to: Option<Date>,
    pub min_sources: usize,
    /// Entries less sure than this are hidden (and counted).
    pub min_confidence: f32,
}

impl Default for Filter {
    fn default() -> Self {
        Filter {
            entity: None,
            types: Vec::new(),
            from: None,
            to: None,
            min_sources: 0,
            min_confidence: DEFAULT_MIN_CONFIDENCE,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Timeline {
    /// The entity asked for (its canonical name), or null for all.
    pub entity: Option<String>,
    /// Oldest first; undated entries last.
    pub events: Vec<Entry>,
    /// Entries the filter would keep but for their low confidence.
    #[serde(skip_serializing_if = "is_zero")]
    pub hidden: usize,
}

fn is_zero(n: &usize) -> bool {
    *n == 0
}

/// One real-world event.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Entry {
    #[serde(rename = "type")]
    pub kind: String,
    pub date: Option<String>,
    /// How the date is known: "explicit", "announced" (a party said so that
    /// day), or "reported_speech"/"publication" (it happened by then).
    pub date_basis: String,
    pub subject: String,
    pub actor: Option<String>,
    pub money: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub list: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub also_affected: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
    /// With `--entity`: the part the entity plays (subject, actor or
    /// also_affected): an agency's timeline is the events it acted in.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub role: Option<String>,
    pub summary: String,
    /// How sure the entry is (0..1): the surest of its reports, by how its
    /// date is known and whether it is news or a reference to a known
    /// event; rounded to two decimals.
    pub confidence: f32,
    pub sources: Vec<Source>,
    pub conflicts: Vec<Conflict>,
}

/// One outlet telling the event: a document, or a related item inside one.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Source {
    pub id: String,
    pub source: String,
    pub published: Option<String>,
    pub sentence: String,
    /// The document's publisher.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub publisher: Option<String>,
    /// The outlet of the related item inside the document that told it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub via: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
}

/// A value some sources give instead of the entry's.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Conflict {
    pub field: String,
    pub value: String,
    /// Ids of the documents that give it.
    pub sources: Vec<String>,
}

impl Source {
    /// Who told it: the related item's outlet, else the document's
    /// publisher, else the file.
    pub fn outlet(&self) -> &str {
        self.via
            .as_deref()
            .or(self.publisher.as_deref())
            .unwrap_or(&self.source)
    }
}

impl Entry {
    pub fn period(&self) -> Option<Period> {
        self.date.as_deref().and_then(Period::parse)
    }
}

/// Merge the events of `reports` and keep the entries `filter` asks for.
pub fn build(reports: &[Report], lex: &EventLexicon, filter: &Filter) -> Timeline {
    let index = EntityIndex::build(reports.iter().flat_map(|r| &r.entities));
    let mut entries = merge::merge(reports, &index, lex);
    entries.retain_mut(|e| keep(e, filter, &index));
    drop_retold(&mut entries);
    let before = entries.len();
    entries.retain(|e| e.confidence >= filter.min_confidence);
    let hidden = before - entries.len();
    entries.sort_by(|a, b| {
        let key = |e: &Entry| (e.period().is_none(), e.period().map(|p| (p.start, p.end)));
        key(a)
            .cmp(&key(b))
            .then_with(|| a.kind.cmp(&b.kind))
            .then_with(|| a.subject.cmp(&b.subject))
    });
    let entity = filter
        .entity
        .as_ref()
        .map(|q| index.canonical(q).unwrap_or(q).to_string());
    Timeline {
        entity,
        events: entries,
        hidden,
    }
}

fn keep(e: &mut Entry, f: &Filter, index: &EntityIndex) -> bool {
    if let Some(q) = &f.entity {
        match role_of(e, q, index) {
            Some(role) => e.role = Some(role.to_string()),
            None => return false,
        }
    }
    if !f.types.is_empty() && !f.types.contains(&e.kind) {
        return false;
    }
    if f.from.is_some() || f.to.is_some() {
        let Some(p) = e.period() else { return false };
        if f.from.is_some_and(|d| p.end < d) || f.to.is_some_and(|d| p.start > d) {
            return false;
        }
    }
    e.sources.len() >= f.min_sources
}

/// "The Treasury added A and B": one event, an entry for each company.
/// In one entity's timeline, the entry where it is only also affected
/// retells the entry where it is the subject (same type, same date at
/// another precision or a day apart): one entry per event.
fn drop_retold(entries: &mut Vec<Entry>) {
    let own: Vec<(String, Period)> = entries
        .iter()
        .filter(|e| e.role.as_deref() == Some("subject"))
        .filter_map(|e| Some((e.kind.clone(), e.period()?)))
        .collect();
    entries.retain(|e| {
        if e.role.as_deref() != Some("also_affected") {
            return true;
        }
        let Some(p) = e.period() else { return true };
        !own.iter()
            .any(|(kind, q)| *kind == e.kind && (q.nested(&p) || q.gap_days(&p) == 0))
    });
}

/// The part the entity `query` plays in the entry, if any.
fn role_of(e: &Entry, query: &str, index: &EntityIndex) -> Option<&'static str> {
    if index.matches(query, &e.subject) {
        Some("subject")
    } else if e.actor.as_deref().is_some_and(|a| index.matches(query, a))
        || e.conflicts
            .iter()
            .any(|c| c.field == "actor" && index.matches(query, &c.value))
    {
        Some("actor")
    } else if e.also_affected.iter().any(|o| index.matches(query, o)) {
        Some("also_affected")
    } else {
        None
    }
}

/// Whether a date basis gives the event's own date rather than a bound.
fn is_point(basis: &str) -> bool {
    DateBasis::parse(basis).is_point()
}

#[cfg(test)]
mod tests;
