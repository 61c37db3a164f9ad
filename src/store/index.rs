//! `newsline index`: extract inputs in parallel into the store, skipping
//! those already there with the same bytes, then bring the corpus-wide
//! tables (borrowed dates, entities, the timeline) up to date.
//!
//! Documents are written in transactions of a batch each, and the corpus-wide
//! tables in one more, marked done only when it commits: a run killed at any
//! moment leaves the last committed state, and the next run redoes only what
//! is missing.

use super::{content_hash, input_key, is_dirty, order_key};
use crate::ingest::{RawItems, Rejection};
use crate::link::{corpus_entities, fold, EntityIndex};
use crate::output::{Record, RecordOptions};
use crate::pipeline::{run_ordered, Extraction, Pipeline};
use crate::text::CharIndex;
use crate::timeline::{self, Filter, Loaded, Report};
use anyhow::Context as _;
use rusqlite::{params, Connection};
use std::collections::HashMap;

/// What a run did.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Summary {
    /// Inputs analysed in this run (new or changed).
    pub extracted: u64,
    /// Of those, inputs that replaced an older version.
    pub replaced: u64,
    /// Inputs already in the store with the same bytes.
    pub unchanged: u64,
    /// Inputs rejected in this run (kept, so they are not read again).
    pub rejected: u64,
    /// Bytes read.
    pub bytes: u64,
    /// Documents in the store after the run.
    pub documents: u64,
    /// Whether the corpus-wide tables were rebuilt.
    pub settled: bool,
}

/// Documents written per transaction.
const BATCH_DOCUMENTS: usize = 256;

/// Index `items` into `conn` on `jobs` threads; `progress` hears the bytes
/// of each input read.
pub fn index(
    conn: &mut Connection,
    pipeline: &Pipeline,
    items: RawItems,
    jobs: usize,
    mut progress: impl FnMut(u64) + Send,
) -> anyhow::Result<Summary> {
    let known: HashMap<String, String> = {
        let mut stmt = conn.prepare("SELECT key, hash FROM inputs")?;
        let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
        rows.collect::<Result<_, _>>()?
    };
    let mut summary = Summary::default();
    let mut writer = Writer {
        conn,
        pending: 0,
        error: None,
    };
    run_ordered(
        items,
        jobs,
        |item| {
            let item = match item {
                Ok(item) => item,
                // Unreadable or missing: nothing to keep, reported by the caller.
                Err(r) => return (Work::Unreadable(r), 0),
            };
            let size = item.bytes.len() as u64;
            let key = input_key(&item.source, item.line);
            let hash = content_hash(&item.bytes);
            if known.get(&key) == Some(&hash) {
                return (Work::Unchanged, size);
            }
            let replaces = known.contains_key(&key);
            let order = order_key(&item.source, item.line);
            let work = match pipeline.process(&item) {
                Ok(x) => Work::Document(Box::new(Prepared::of(
                    &x, key, hash, order, replaces, item.line,
                ))),
                Err(r) => Work::Rejected {
                    key,
                    hash,
                    replaces,
                    rejection: r,
                },
            };
            (work, size)
        },
        |(work, size)| {
            summary.bytes += size;
            progress(size);
            match &work {
                Work::Unchanged => summary.unchanged += 1,
                Work::Unreadable(r) => report(r),
                Work::Rejected {
                    rejection,
                    replaces,
                    ..
                } => {
                    report(rejection);
                    summary.rejected += 1;
                    summary.replaced += u64::from(*replaces);
                }
                Work::Document(p) => {
                    summary.extracted += 1;
                    summary.replaced += u64::from(p.replaces);
                }
            }
            writer.write(work);
        },
    )?;
    writer.commit();
    if let Some(e) = writer.error {
        return Err(e);
    }
    if is_dirty(conn)? {
        settle(conn, pipeline)?;
        summary.settled = true;
    }
    summary.documents = conn.query_row("SELECT count(*) FROM documents", [], |r| r.get(0))?;
    Ok(summary)
}

fn report(r: &Rejection) {
    let line = r.line.map(|l| format!(":{l}")).unwrap_or_default();
    eprintln!(
        "newsline: rejected {}{line}: {:?}: {}",
        r.source, r.reason, r.message
    );
}

enum Work {
    Unchanged,
    Unreadable(Rejection),
    Rejected {
        key: String,
        hash: String,
        replaces: bool,
        rejection: Rejection,
    },
    Document(Box<Prepared>),
}

/// One document, ready to insert: everything computed on the worker.
struct Prepared {
    key: String,
    hash: String,
    order: String,
    replaces: bool,
    line: Option<u64>,
    record: Record,
    /// The record with its text, for a document without a publication date.
    unanchored: Option<String>,
    report: String,
    text: String,
    /// Code-point start, end and text.
    sentences: Vec<(usize, usize, String)>,
    mentions: Vec<MentionRow>,
}

struct MentionRow {
    /// Index into `sentences`.
    sentence: Option<usize>,
    kind: &'static str,
    text: String,
    folded: String,
    start: usize,
    end: usize,
    value: Option<String>,
}

impl Prepared {
    fn of(
        x: &Extraction,
        key: String,
        hash: String,
        order: String,
        replaces: bool,
        line: Option<u64>,
    ) -> Self {
        let record = Record::from_extraction(x, RecordOptions { no_text: true });
        let report = Report::from_record(&record);
        let unanchored = record.published.value.is_none().then(|| {
            Record::from_extraction(x, RecordOptions::default())
                .to_json_line()
                .trim_end()
                .to_string()
        });
        let text = &x.doc.text;
        let idx = CharIndex::new(text);
        let sentences = x
            .sentences
            .iter()
            .map(|s| {
                (
                    idx.chars(s.start),
                    idx.chars(s.end),
                    text[s.clone()].to_string(),
                )
            })
            .collect();
        let mentions = x
            .mentions
            .iter()
            .map(|m| {
                let sentence = x
                    .sentences
                    .partition_point(|s| s.end <= m.span.start)
                    .min(x.sentences.len());
                let sentence = (sentence < x.sentences.len()
                    && x.sentences[sentence].start <= m.span.start)
                    .then_some(sentence);
                let surface = &text[m.span.clone()];
                MentionRow {
                    sentence,
                    kind: m.kind.as_str(),
                    text: surface.to_string(),
                    folded: fold(m.attrs.entity.as_deref().unwrap_or(surface)),
                    start: idx.chars(m.span.start),
                    end: idx.chars(m.span.end),
                    value: m.attrs.value.clone(),
                }
            })
            .collect();
        Prepared {
            key,
            hash,
            order,
            replaces,
            line,
            report: serde_json::to_string(&report).expect("reports serialise"),
            unanchored,
            text: text.clone(),
            sentences,
            mentions,
            record,
        }
    }
}

/// Writes in input order, a transaction per batch; keeps the first error
/// and writes nothing after it.
struct Writer<'c> {
    conn: &'c mut Connection,
    /// Documents written in the open transaction.
    pending: usize,
    error: Option<anyhow::Error>,
}

impl Writer<'_> {
    fn write(&mut self, work: Work) {
        if self.error.is_some() || matches!(work, Work::Unchanged | Work::Unreadable(_)) {
            return;
        }
        if let Err(e) = self.try_write(work) {
            let _ = self.conn.execute_batch("ROLLBACK");
            self.error = Some(e);
        }
    }

    fn try_write(&mut self, work: Work) -> anyhow::Result<()> {
        if self.pending == 0 {
            self.conn.execute_batch(
                "BEGIN IMMEDIATE; UPDATE meta SET value = '1' WHERE key = 'dirty';",
            )?;
        }
        match work {
            Work::Rejected {
                key,
                hash,
                rejection,
                ..
            } => {
                remove(self.conn, &key)?;
                let why = serde_json::to_string(&rejection)?;
                self.conn.execute(
                    "INSERT INTO inputs(key, hash, rejection) VALUES (?1, ?2, ?3)",
                    params![key, hash, why],
                )?;
            }
            Work::Document(p) => {
                remove(self.conn, &p.key)?;
                insert(self.conn, &p).with_context(|| format!("cannot store {}", p.key))?;
            }
            Work::Unchanged | Work::Unreadable(_) => {}
        }
        self.pending += 1;
        if self.pending >= BATCH_DOCUMENTS {
            self.commit();
        }
        Ok(())
    }

    fn commit(&mut self) {
        if self.pending > 0 && self.error.is_none() {
            if let Err(e) = self.conn.execute_batch("COMMIT") {
                self.error = Some(e.into());
            }
        }
        self.pending = 0;
    }
}

/// Delete an input and everything drawn from it.
fn remove(conn: &Connection, key: &str) -> rusqlite::Result<()> {
    // Statements are cached: this runs once per new input.
    conn.prepare_cached("DELETE FROM inputs WHERE key = ?1")?
        .execute([key])?;
    let doc: Option<i64> = rusqlite::OptionalExtension::optional(
        conn.prepare_cached("SELECT doc FROM documents WHERE key = ?1")?
            .query_row([key], |r| r.get(0)),
    )?;
    if let Some(doc) = doc {
        for table in ["regions", "sentences", "mentions", "documents"] {
            conn.prepare_cached(&format!("DELETE FROM {table} WHERE doc = ?1"))?
                .execute([doc])?;
        }
    }
    Ok(())
}

fn insert(conn: &Connection, p: &Prepared) -> anyhow::Result<()> {
    let r = &p.record;
    conn.prepare_cached("INSERT INTO inputs(key, hash) VALUES (?1, ?2)")?
        .execute(params![p.key, p.hash])?;
    conn.prepare_cached(
        "INSERT INTO documents(key, ord, id, source, line, title, url, publisher, published,
                               text, unanchored, report)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
    )?
    .execute(params![
        p.key,
        p.order,
        r.id,
        r.source,
        p.line,
        r.title,
        r.url,
        r.publisher,
        r.published.value,
        p.text,
        p.unanchored,
        p.report
    ])?;
    let doc = conn.last_insert_rowid();
    let mut region = conn.prepare_cached(
        "INSERT INTO regions(doc, role, start, end, published, publisher, url)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )?;
    for g in &r.regions {
        region.execute(params![
            doc,
            g.role.as_str(),
            g.start,
            g.end,
            g.published,
            g.publisher,
            g.url
        ])?;
    }
    let mut sentence = conn
        .prepare_cached("INSERT INTO sentences(doc, start, end, text) VALUES (?1, ?2, ?3, ?4)")?;
    let mut ids = Vec::with_capacity(p.sentences.len());
    for (start, end, text) in &p.sentences {
        sentence.execute(params![doc, start, end, text])?;
        ids.push(conn.last_insert_rowid());
    }
    let mut mention = conn.prepare_cached(
        "INSERT INTO mentions(doc, sentence, kind, text, folded, start, end, value)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
    )?;
    for m in &p.mentions {
        mention.execute(params![
            doc,
            m.sentence.map(|i| ids[i]),
            m.kind,
            m.text,
            m.folded,
            m.start,
            m.end,
            m.value
        ])?;
    }
    Ok(())
}

/// Bring the corpus-wide tables up to date with the documents, in one
/// transaction: documents without a date borrow one (exactly as `timeline`
/// does on files), then entities and the timeline are rebuilt.
fn settle(conn: &mut Connection, pipeline: &Pipeline) -> anyhow::Result<()> {
    let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
    let mut docs: Vec<i64> = Vec::new();
    let mut unanchored: Vec<bool> = Vec::new();
    let mut loaded = Vec::new();
    {
        let mut stmt = tx.prepare("SELECT doc, unanchored, report FROM documents ORDER BY ord")?;
        let mut rows = stmt.query([])?;
        while let Some(row) = rows.next()? {
            docs.push(row.get(0)?);
            let raw: Option<String> = row.get(1)?;
            unanchored.push(raw.is_some());
            loaded.push(match raw {
                Some(raw) => timeline::from_record(pipeline, serde_json::from_str(&raw)?),
                None => Loaded::Report(serde_json::from_str(&row.get::<_, String>(2)?)?),
            });
        }
    }
    let corpus = timeline::settle(pipeline, loaded, rayon::current_num_threads())?;
    {
        let mut update = tx.prepare(
            "UPDATE documents SET report = ?2, published = ?3, borrowed = ?4 WHERE doc = ?1",
        )?;
        for ((doc, report), unanchored) in docs.iter().zip(&corpus.reports).zip(&unanchored) {
            if *unanchored {
                update.execute(params![
                    doc,
                    serde_json::to_string(report)?,
                    report.published,
                    report.borrowed
                ])?;
            }
        }
    }
    rebuild_entities(&tx, &docs, &corpus.reports)?;
    rebuild_events(&tx, pipeline, &corpus.reports)?;
    tx.execute("UPDATE meta SET value = '0' WHERE key = 'dirty'", [])?;
    tx.commit()?;
    Ok(())
}

/// The folded canonical name of each entity of `reports`, to its row.
type EntityIds = HashMap<String, i64>;

fn rebuild_entities(
    tx: &rusqlite::Transaction,
    docs: &[i64],
    reports: &[Report],
) -> anyhow::Result<()> {
    tx.execute_batch("DELETE FROM entities; DELETE FROM aliases; DELETE FROM document_entities;")?;
    let lists: Vec<Vec<crate::Entity>> = reports.iter().map(|r| r.entities.clone()).collect();
    let mut entity = tx
        .prepare("INSERT INTO entities(name, kind, documents, mentions) VALUES (?1, ?2, ?3, ?4)")?;
    let mut alias =
        tx.prepare("INSERT INTO aliases(entity, position, name, folded) VALUES (?1, ?2, ?3, ?4)")?;
    let mut ids: EntityIds = HashMap::new();
    for e in corpus_entities(&lists) {
        entity.execute(params![e.name, e.kind.as_str(), e.documents, e.mentions])?;
        let id = tx.last_insert_rowid();
        ids.insert(fold(&e.name), id);
        for (i, a) in std::iter::once(&e.name).chain(&e.aliases).enumerate() {
            alias.execute(params![id, i, a, fold(a)])?;
        }
    }
    let index = EntityIndex::build(lists.iter().flatten());
    let mut link = tx.prepare("INSERT INTO document_entities(entity, doc) VALUES (?1, ?2)")?;
    for (doc, entities) in docs.iter().zip(&lists) {
        let mut seen = Vec::new();
        for e in entities {
            let name = index.entity_name(e).unwrap_or(&e.name);
            if let Some(&id) = ids.get(&fold(name)) {
                if !seen.contains(&id) {
                    seen.push(id);
                    link.execute(params![id, doc])?;
                }
            }
        }
    }
    Ok(())
}

fn rebuild_events(
    tx: &rusqlite::Transaction,
    pipeline: &Pipeline,
    reports: &[Report],
) -> anyhow::Result<()> {
    tx.execute_batch("DELETE FROM events; DELETE FROM event_sources;")?;
    let all = timeline::build(reports, &pipeline.res.events, &Filter::default());
    let index = EntityIndex::build(reports.iter().flat_map(|r| &r.entities));
    let entity_of = |name: &str| -> rusqlite::Result<Option<i64>> {
        let canonical = fold(index.canonical(name).unwrap_or(name));
        rusqlite::OptionalExtension::optional(tx.query_row(
            "SELECT entity FROM aliases WHERE folded = ?1 AND position = 0",
            [canonical],
            |r| r.get(0),
        ))
    };
    let mut event = tx.prepare(
        "INSERT INTO events(entity, subject, type, date, start, end, sources, entry)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
    )?;
    let mut source = tx.prepare(
        "INSERT INTO event_sources(event, doc, id, sentence)
         VALUES (?1, (SELECT doc FROM documents WHERE id = ?2 ORDER BY ord LIMIT 1), ?2, ?3)",
    )?;
    for e in &all.events {
        let period = e.period();
        event.execute(params![
            entity_of(&e.subject)?,
            e.subject,
            e.kind,
            e.date,
            period.map(|p| p.start.to_string()),
            period.map(|p| p.end.to_string()),
            e.sources.len(),
            serde_json::to_string(e)?
        ])?;
        let id = tx.last_insert_rowid();
        for s in &e.sources {
            source.execute(params![id, s.id, s.sentence])?;
        }
    }
    Ok(())
}
