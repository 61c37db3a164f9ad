//! Borrowing a publication date across documents.
//!
//! An article with no date of its own (no metadata, nothing in its text to
//! infer one from) cannot place "on Friday" or "last year". When it tells
//! events that dated articles also tell, it was published no earlier than
//! those events happened: the latest of them becomes its anchor, flagged
//! `inferred` with a basis naming the borrowed document, and the article is
//! analysed again.
//!
//! `AnchorIndex` holds the dated events seen so far. `Reorder` applies it to
//! a stream in input order: documents without an anchor wait (with everything
//! after them, so the order holds) until every event they tell is matched, or
//! until the buffer reaches its cap, when the oldest goes out with what it
//! has. Whether a document borrows depends only on the input order, never on
//! the number of threads.

use super::period::Period;
use super::DateBasis;
use crate::link::fold;
use crate::model::{DateSource, Event, Published};
use crate::pipeline::{Extraction, Pipeline};
use std::collections::{HashMap, VecDeque};

const BORROWED: &str = "borrowed:";

/// Whether a publication date was borrowed from other documents.
pub fn is_borrowed(p: &Published) -> bool {
    is_borrowed_basis(p.source, p.basis.as_deref())
}

/// The same, from a record's `published.source` and `basis`.
pub fn is_borrowed_basis(source: DateSource, basis: Option<&str>) -> bool {
    source == DateSource::Inferred && basis.is_some_and(|b| b.starts_with(BORROWED))
}

/// A dated event: what one document says happened when.
#[derive(Clone, Debug, PartialEq)]
pub struct Sighting {
    pub kind: String,
    /// Folded subject name.
    pub subject: String,
    /// The subject as named.
    pub name: String,
    /// Folded list or law, when named.
    pub list: Option<String>,
    /// Folded actor, when named.
    pub actor: Option<String>,
    /// Normalised amounts.
    pub money: Vec<String>,
    pub date: String,
    pub period: Period,
    pub doc: String,
}

/// The events of a document that can lend their date: those dated by their
/// own clause or by their party's announcement, in a document whose dates do
/// not themselves rest on a borrowed anchor.
pub fn sightings(doc_id: &str, borrowed: bool, events: &[Event]) -> Vec<Sighting> {
    if borrowed {
        return Vec::new();
    }
    events
        .iter()
        .filter(|e| DateBasis::parse(&e.date_basis).is_point())
        .filter_map(|e| {
            let date = e.date.clone()?;
            Some(Sighting {
                kind: e.kind.clone(),
                subject: fold(&e.subject),
                name: e.subject.clone(),
                list: e.list.as_deref().map(fold),
                actor: e.actor.as_deref().map(fold),
                money: e.money.clone(),
                period: Period::parse(&date)?,
                date,
                doc: doc_id.to_string(),
            })
        })
        .collect()
}

/// The publication date a document may borrow.
#[derive(Clone, Debug, PartialEq)]
pub struct Borrowed {
    pub published: Published,
    /// Every undated event of the document found a dated match.
    pub complete: bool,
}

/// Dated events by type and subject.
#[derive(Default, Debug)]
pub struct AnchorIndex {
    by_key: HashMap<(String, String), Vec<Sighting>>,
    size: usize,
}

impl AnchorIndex {
    pub fn add(&mut self, sightings: impl IntoIterator<Item = Sighting>) {
        for s in sightings {
            let seen = self
                .by_key
                .entry((s.kind.clone(), s.subject.clone()))
                .or_default();
            if !seen
                .iter()
                .any(|o| o.period == s.period && o.list == s.list)
            {
                seen.push(s);
                self.size += 1;
            }
        }
    }

    /// How many distinct dated events the index holds.
    pub fn len(&self) -> usize {
        self.size
    }

    pub fn is_empty(&self) -> bool {
        self.size == 0
    }

    /// The anchor for a document without one, from the events it tells:
    /// each undated event takes the earliest dated report of the same event
    /// (type and subject, no other list, actor or amount, those agreeing on
    /// most of them first; when only type and subject agree and the reports
    /// lie in different years, those of a list or actor the document names
    /// elsewhere, else none), and the document takes the latest of those,
    /// never earlier than its own dated events. `None` when nothing matches.
    pub fn anchor_for(&self, doc_id: &str, events: &[Event]) -> Option<Borrowed> {
        self.anchor_for_needs(doc_id, &Needs::of(events))
    }

    /// The same for needs worked out once (a waiting document is asked
    /// again each time new dated events arrive).
    pub fn anchor_for_needs(&self, doc_id: &str, needs: &Needs) -> Option<Borrowed> {
        let (lender, complete) = self.lender(doc_id, needs)?;
        let date = match needs.own_floor {
            Some(p) if p.start > lender.period.start => p.start,
            _ => lender.period.start,
        };
        Some(Borrowed {
            published: Published {
                date: Some(date),
                raw: None,
                source: DateSource::Inferred,
                basis: Some(format!(
                    "{BORROWED} tells the {} of {} that {} dates {}",
                    lender.kind, lender.name, lender.doc, lender.date
                )),
            },
            complete,
        })
    }

    /// The sighting that lends the date, and whether every undated event
    /// found a match.
    fn lender(&self, doc_id: &str, needs: &Needs) -> Option<(&Sighting, bool)> {
        let mut matched = 0;
        let mut latest: Option<&Sighting> = None;
        for want in &needs.undated {
            let Some(candidates) = self.by_key.get(&want.key) else {
                continue;
            };
            let others: Vec<&Sighting> = candidates
                .iter()
                .filter(|s| s.doc != doc_id && agreement(want, s).is_some())
                .collect();
            // The reports that agree most with this one (same list, actor,
            // amounts) tell the same event.
            let best = others.iter().filter_map(|s| agreement(want, s)).max();
            let pool: Vec<&Sighting> = others
                .into_iter()
                .filter(|s| agreement(want, s) == best)
                .collect();
            // Reports of the same type and subject a year or more apart
            // that nothing else tells apart may be two events: which one
            // this is stays unknown, and borrowing the earlier would move
            // every relative date of the document by a year.
            // A list or actor the document names elsewhere ("the entity
            // list" in another sentence) tells them apart.
            let pool = if best == Some(0) && spans_years(&pool) {
                let named: Vec<&Sighting> = pool
                    .into_iter()
                    .filter(|s| {
                        [&s.list, &s.actor]
                            .into_iter()
                            .flatten()
                            .any(|n| needs.named.contains(n))
                    })
                    .collect();
                if spans_years(&named) {
                    continue;
                }
                named
            } else {
                pool
            };
            if let Some(s) = earliest_event(&pool) {
                matched += 1;
                if latest.map_or(true, |l| s.period.start > l.period.start) {
                    latest = Some(s);
                }
            }
        }
        Some((latest?, matched == needs.undated.len()))
    }
}

/// What a document without an anchor looks for in the index: the type,
/// subject and list of each undated event (folded once), the latest of its
/// own dated events, and the lists and actors it names.
#[derive(Debug, Default)]
pub struct Needs {
    undated: Vec<Wanted>,
    own_floor: Option<Period>,
    /// Every list and actor its events name, folded.
    named: Vec<String>,
}

#[derive(Debug)]
struct Wanted {
    key: (String, String),
    list: Option<String>,
    actor: Option<String>,
    money: Vec<String>,
}

impl Needs {
    pub fn of(events: &[Event]) -> Self {
        let mut needs = Needs::default();
        for e in events {
            for name in [&e.list, &e.actor].into_iter().flatten() {
                let name = fold(name);
                if !needs.named.contains(&name) {
                    needs.named.push(name);
                }
            }
            let period = e.date.as_deref().and_then(Period::parse);
            if let (Some(p), true) = (period, DateBasis::parse(&e.date_basis).is_point()) {
                needs.own_floor = needs.own_floor.max(Some(p));
                continue;
            }
            needs.undated.push(Wanted {
                key: (e.kind.clone(), fold(&e.subject)),
                list: e.list.as_deref().map(fold),
                actor: e.actor.as_deref().map(fold),
                money: e.money.clone(),
            });
        }
        needs
    }

    /// Whether a new dated event of one of `keys` could change the answer.
    fn wants_any(&self, keys: &[(String, String)]) -> bool {
        self.undated.iter().any(|w| keys.contains(&w.key))
    }
}

/// How many of list, actor and amounts an undated event and a dated report
/// both give and agree on; `None` when one they both give differs (another
/// list, another actor, no amount in common): another event.
fn agreement(e: &Wanted, s: &Sighting) -> Option<usize> {
    let mut agree = 0;
    for (mine, theirs) in [(&e.list, &s.list), (&e.actor, &s.actor)] {
        if let (Some(a), Some(b)) = (mine, theirs) {
            if a != b {
                return None;
            }
            agree += 1;
        }
    }
    if !e.money.is_empty() && !s.money.is_empty() {
        if !e.money.iter().any(|m| s.money.contains(m)) {
            return None;
        }
        agree += 1;
    }
    Some(agree)
}

/// Whether dated reports lie in different calendar years.
fn spans_years(pool: &[&Sighting]) -> bool {
    let mut years = pool.iter().map(|s| s.period.start.year());
    let first = years.next();
    years.any(|y| Some(y) != first)
}

/// The earliest of several dated reports; one told at several precisions
/// ("2019", "October 2019") counts at its sharpest.
fn earliest_event<'a>(pool: &[&'a Sighting]) -> Option<&'a Sighting> {
    pool.iter()
        .copied()
        .filter(|s| {
            !pool
                .iter()
                .any(|o| o.period != s.period && s.period.contains(&o.period))
        })
        .min_by_key(|s| s.period.start)
}

/// Analyse a document again with a borrowed anchor.
pub fn reanalyse(pipeline: &Pipeline, x: Extraction, published: Published) -> Extraction {
    let mut doc = x.doc;
    doc.published = published;
    pipeline.analyse(doc)
}

/// What a worker hands the ordered sink: a finished output, or a document
/// that may still borrow an anchor (with the output it gets if it does not).
pub enum Staged<T> {
    Ready { sightings: Vec<Sighting>, out: T },
    Unanchored { extraction: Box<Extraction>, out: T },
}

impl<T> Staged<T> {
    /// Stage an extraction and its output as written without borrowing.
    pub fn of(x: Extraction, out: T) -> Self {
        if x.doc.published.date.is_none() {
            Staged::Unanchored {
                extraction: Box::new(x),
                out,
            }
        } else {
            Staged::Ready {
                sightings: sightings(&x.doc.id, is_borrowed(&x.doc.published), &x.events),
                out,
            }
        }
    }
}

enum Slot<T> {
    Done(T),
    Waiting {
        extraction: Box<Extraction>,
        needs: Needs,
        out: T,
    },
}

/// The capped reorder buffer of `extract`: outputs leave in input order;
/// documents without an anchor wait for the dated events they need.
pub struct Reorder<T> {
    index: AnchorIndex,
    queue: VecDeque<Slot<T>>,
    cap: usize,
}

impl<T> Reorder<T> {
    /// `cap`: how many outputs may wait behind an unanchored document.
    pub fn new(cap: usize) -> Self {
        Reorder {
            index: AnchorIndex::default(),
            queue: VecDeque::new(),
            cap: cap.max(1),
        }
    }

    /// Take the next output in input order; pass on every output that no
    /// longer waits. `redo` turns a re-analysed document into its output.
    pub fn push(
        &mut self,
        staged: Staged<T>,
        pipeline: &Pipeline,
        redo: &mut dyn FnMut(Extraction, T) -> T,
        emit: &mut dyn FnMut(T),
    ) {
        match staged {
            Staged::Ready { sightings, out } => {
                let keys = self.add(sightings);
                self.queue.push_back(Slot::Done(out));
                self.retry(&keys, pipeline, redo);
            }
            Staged::Unanchored { extraction, out } => {
                let x = &extraction;
                let keys = self.add(sightings(&x.doc.id, false, &x.events));
                let needs = Needs::of(&x.events);
                let len = self.queue.len();
                self.queue.push_back(Slot::Waiting {
                    extraction,
                    needs,
                    out,
                });
                self.retry(&keys, pipeline, redo);
                // The newcomer may already find all it needs.
                self.retry_slot(len, pipeline, redo);
            }
        }
        while self.queue.len() > self.cap {
            self.settle_front(pipeline, redo);
            self.drain(emit);
        }
        self.drain(emit);
    }

    /// The end of the input: every waiting document takes what it can.
    pub fn finish(
        mut self,
        pipeline: &Pipeline,
        redo: &mut dyn FnMut(Extraction, T) -> T,
        emit: &mut dyn FnMut(T),
    ) {
        while !self.queue.is_empty() {
            self.settle_front(pipeline, redo);
            self.drain(emit);
        }
    }

    /// Add dated events to the index; the type and subject of those that
    /// were new.
    fn add(&mut self, sightings: Vec<Sighting>) -> Vec<(String, String)> {
        let mut keys = Vec::new();
        for s in sightings {
            let key = (s.kind.clone(), s.subject.clone());
            let before = self.index.len();
            self.index.add([s]);
            if self.index.len() > before && !keys.contains(&key) {
                keys.push(key);
            }
        }
        keys
    }

    /// Resolve waiting documents whose every event is now matched. Only
    /// those that look for one of the `keys` just added can have changed:
    /// asking every waiting document on every arrival made a stream of
    /// undated articles cost the square of the buffer.
    fn retry(
        &mut self,
        keys: &[(String, String)],
        pipeline: &Pipeline,
        redo: &mut dyn FnMut(Extraction, T) -> T,
    ) {
        if keys.is_empty() {
            return;
        }
        for i in 0..self.queue.len() {
            if let Slot::Waiting { needs, .. } = &self.queue[i] {
                if needs.wants_any(keys) {
                    self.retry_slot(i, pipeline, redo);
                }
            }
        }
    }

    fn retry_slot(
        &mut self,
        i: usize,
        pipeline: &Pipeline,
        redo: &mut dyn FnMut(Extraction, T) -> T,
    ) {
        let Some(Slot::Waiting {
            extraction, needs, ..
        }) = self.queue.get(i)
        else {
            return;
        };
        if let Some((_, true)) = self.index.lender(&extraction.doc.id, needs) {
            let b = self.index.anchor_for_needs(&extraction.doc.id, needs);
            self.resolve(i, b.map(|b| b.published), pipeline, redo);
        }
    }

    /// The oldest slot must go: it borrows what matches, or leaves as it is.
    fn settle_front(&mut self, pipeline: &Pipeline, redo: &mut dyn FnMut(Extraction, T) -> T) {
        let Some(Slot::Waiting {
            extraction, needs, ..
        }) = self.queue.front()
        else {
            return;
        };
        let borrowed = self.index.anchor_for_needs(&extraction.doc.id, needs);
        self.resolve(0, borrowed.map(|b| b.published), pipeline, redo);
    }

    fn resolve(
        &mut self,
        i: usize,
        published: Option<Published>,
        pipeline: &Pipeline,
        redo: &mut dyn FnMut(Extraction, T) -> T,
    ) {
        let Some(Slot::Waiting {
            extraction, out, ..
        }) = self.queue.remove(i)
        else {
            return;
        };
        let out = match published {
            Some(p) => redo(reanalyse(pipeline, *extraction, p), out),
            None => out,
        };
        self.queue.insert(i, Slot::Done(out));
    }

    fn drain(&mut self, emit: &mut dyn FnMut(T)) {
        while let Some(Slot::Done(_)) = self.queue.front() {
            if let Some(Slot::Done(out)) = self.queue.pop_front() {
                emit(out);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::IngestOptions;
    use crate::model::{Document, Evidence};
    use crate::resources::Resources;

    fn event(kind: &str, subject: &str, date: Option<&str>, basis: &str) -> Event {
        Event {
            kind: kind.into(),
            date: date.map(Into::into),
            date_basis: basis.into(),
            reported: None,
            via: None,
            subject: subject.into(),
            actor: None,
            money: Vec::new(),
            list: None,
            also_affected: Vec::new(),
            detail: None,
            confidence: 0.9,
            evidence: Evidence {
                start: 0,
                end: 1,
                text: "x".into(),
            },
        }
    }

    fn index(entries: &[(&str, &str, &str, &str)]) -> AnchorIndex {
        let mut index = AnchorIndex::default();
        for (doc, kind, subject, date) in entries {
            let e = event(kind, subject, Some(date), "explicit");
            index.add(sightings(doc, false, &[e]));
        }
        index
    }

    #[test]
    fn takes_the_latest_of_the_earliest_matches() {
        let index = index(&[
            ("a", "sanctioned", "Acme", "2019-10"),
            ("b", "sanctioned", "Acme", "2021-12-10"),
            ("c", "ipo_halted", "Acme", "2021-12-13"),
        ]);
        // A designation that says nothing of which: two years hold one, so
        // none is borrowed.
        let old = [event("sanctioned", "ACME", None, "none")];
        assert_eq!(index.anchor_for("u", &old), None);
        // Within one year: the earliest report of it.
        let b = index
            .anchor_for("u", &[event("ipo_halted", "ACME", None, "none")])
            .unwrap();
        assert_eq!(b.published.date.unwrap().to_string(), "2021-12-13");
        assert!(b.complete);
        assert!(is_borrowed(&b.published));
        // With the halted IPO too: published after both.
        let both = [
            event("sanctioned", "Acme", None, "none"),
            event("ipo_halted", "Acme", None, "none"),
            event("fine", "Globex", None, "none"),
        ];
        let b = index.anchor_for("u", &both).unwrap();
        assert_eq!(b.published.date.unwrap().to_string(), "2021-12-13");
        assert!(!b.complete, "the fine and the designation found no date");
        assert!(b.published.basis.unwrap().contains("c dates 2021-12-13"));
        // Nothing in common: nothing to borrow; its own reports never count.
        assert_eq!(
            index.anchor_for("u", &[event("fine", "Globex", None, "none")]),
            None
        );
        assert_eq!(
            index.anchor_for("c", &[event("ipo_halted", "Acme", None, "none")]),
            None
        );
    }

    #[test]
    fn one_event_at_two_precisions_counts_at_its_sharpest() {
        let index = index(&[
            ("a", "sanctioned", "Acme", "2019"),
            ("b", "sanctioned", "Acme", "2019-10"),
        ]);
        let b = index
            .anchor_for("u", &[event("sanctioned", "Acme", None, "none")])
            .unwrap();
        assert_eq!(b.published.date.unwrap().to_string(), "2019-10-01");
    }

    #[test]
    fn a_named_list_picks_its_own_designation() {
        let mut index = AnchorIndex::default();
        for (doc, date, list) in [
            ("a", "2019-10", "Entity List"),
            ("b", "2021-12-10", "Other List"),
        ] {
            let mut e = event("sanctioned", "Acme", Some(date), "explicit");
            e.list = Some(list.into());
            index.add(sightings(doc, false, &[e]));
        }
        let mut e = event("sanctioned", "Acme", None, "none");
        e.list = Some("other list".into());
        let b = index.anchor_for("u", &[e]).unwrap();
        assert_eq!(b.published.date.unwrap().to_string(), "2021-12-10");
    }

    #[test]
    fn another_list_actor_or_amount_is_another_event() {
        let mut index = AnchorIndex::default();
        for (doc, date, list, actor) in [
            ("a", "2020-05", "Entity List", "Commerce Department"),
            ("b", "2021-12-10", "NS-CMIC List", "Treasury"),
        ] {
            let mut e = event("sanctioned", "Acme", Some(date), "explicit");
            e.list = Some(list.into());
            e.actor = Some(actor.into());
            index.add(sightings(doc, false, &[e]));
        }
        // Named by its actor only: the Treasury's, not the 2020 listing.
        let mut e = event("sanctioned", "Acme", None, "none");
        e.actor = Some("treasury".into());
        let b = index.anchor_for("u", &[e]).unwrap();
        assert_eq!(b.published.date.unwrap().to_string(), "2021-12-10");
        // Named by neither: the 2020 listing or the 2021 one, a year
        // apart; nothing is borrowed rather than a year's error.
        let e = event("sanctioned", "Acme", None, "none");
        assert_eq!(index.anchor_for("u", &[e]), None);
        // Unless the document names one of them in another event.
        let mut other = event("sanctioned", "Globex", None, "none");
        other.list = Some("Entity List".into());
        let e = event("sanctioned", "Acme", None, "none");
        let b = index.anchor_for("u", &[e, other]).unwrap();
        assert_eq!(b.published.date.unwrap().to_string(), "2020-05-01");
        // A third list: none of these.
        let mut e = event("sanctioned", "Acme", None, "none");
        e.list = Some("Some Other List".into());
        assert_eq!(index.anchor_for("u", &[e]), None);
        // Amounts: the same deal or none.
        let mut index = AnchorIndex::default();
        let mut e = event("acquisition", "Acme", Some("2022-01-18"), "explicit");
        e.money = vec!["USD 68700000000".into()];
        index.add(sightings("a", false, &[e]));
        let mut e = event("acquisition", "Acme", None, "none");
        e.money = vec!["USD 26200000000".into()];
        assert_eq!(index.anchor_for("u", &[e]), None);
    }

    #[test]
    fn borrowed_dates_and_bounds_lend_nothing() {
        let e = event("sanctioned", "Acme", Some("2021-12-10"), "explicit");
        assert!(sightings("a", true, std::slice::from_ref(&e)).is_empty());
        let bound = event("sanctioned", "Acme", Some("2021-12-13"), "publication");
        assert!(sightings("a", false, &[bound]).is_empty());
        assert_eq!(sightings("a", false, &[e]).len(), 1);
    }

    fn staged(id: &str, published: Option<&str>, events: Vec<Event>) -> Staged<String> {
        let mut doc = Document {
            id: id.into(),
            text: "Some text.".into(),
            ..Document::default()
        };
        if let Some(p) = published {
            doc.published.date = Some(p.parse().unwrap());
            doc.published.source = DateSource::Metadata;
        }
        let x = Extraction {
            doc,
            sentences: Vec::new(),
            mentions: Vec::new(),
            entities: Vec::new(),
            events,
        };
        Staged::of(x, id.to_string())
    }

    fn run(cap: usize) -> Vec<String> {
        let pipeline = Pipeline::new(Resources::builtin(), IngestOptions::default());
        let undated = |k: &str| vec![event(k, "Acme", None, "none")];
        let dated = |k: &str, d: &str| vec![event(k, "Acme", Some(d), "explicit")];
        let inputs = vec![
            staged("u1", None, undated("ipo_halted")),
            staged("r1", Some("2021-12-14"), dated("ipo_halted", "2021-12-13")),
            staged("u2", None, undated("fine")),
            staged("r2", Some("2021-12-14"), Vec::new()),
            staged("r3", Some("2021-12-15"), Vec::new()),
            staged("r4", Some("2021-12-16"), dated("fine", "2021-12-02")),
        ];
        let mut out = Vec::new();
        let mut reorder = Reorder::new(cap);
        let mut redo =
            |x: Extraction, _old: String| format!("{}@{}", x.doc.id, x.doc.published.date.unwrap());
        for s in inputs {
            reorder.push(s, &pipeline, &mut redo, &mut |o| out.push(o));
        }
        reorder.finish(&pipeline, &mut redo, &mut |o| out.push(o));
        out
    }

    #[test]
    fn reorder_keeps_input_order_and_borrows_within_its_cap() {
        assert_eq!(
            run(8),
            ["u1@2021-12-13", "r1", "u2@2021-12-02", "r2", "r3", "r4"]
        );
        // With room for two waiting outputs, u2 leaves before r4 comes.
        assert_eq!(run(2), ["u1@2021-12-13", "r1", "u2", "r2", "r3", "r4"]);
    }
}
