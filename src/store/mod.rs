//! The embedded store: a corpus extracted once into SQLite, for the questions
//! a reader asks again and again (a timeline, an entity, a phrase).
//!
//! Each document keeps its timeline `Report` (JSON), so timelines read from
//! the store are built by the same code, from the same reports, as timelines
//! read from files. Relational tables (sentences with an FTS5 index,
//! mentions, corpus entities and their aliases, merged timeline events and
//! their sources) serve search, the web app and SQL users.

mod index;
mod query;

pub use index::{index, Summary};
pub use query::{
    corpus_entities, entity, find_entities, reports, resolve_entity, search, search_table,
    timeline_events, DocumentRef, EntityHit, EntityPage, Hit, HitMention, Mark, SearchQuery,
    TimelineQuery,
};

use anyhow::{bail, Context as _};
use rusqlite::{Connection, OpenFlags, OptionalExtension};
use std::path::Path;

/// The layout this build reads and writes; a database of another version is
/// refused with a message rather than misread.
pub const SCHEMA_VERSION: i64 = 1;

const SCHEMA: &str = "
CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
-- Every input seen: a document or a rejection, and the hash of its bytes.
CREATE TABLE inputs(
    key TEXT PRIMARY KEY,
    hash TEXT NOT NULL,
    rejection TEXT
);
CREATE TABLE documents(
    doc INTEGER PRIMARY KEY,
    key TEXT NOT NULL UNIQUE,
    -- input order: path components, then the line of a JSONL dump
    ord TEXT NOT NULL,
    id TEXT NOT NULL,
    source TEXT NOT NULL,
    line INTEGER,
    title TEXT,
    url TEXT,
    publisher TEXT,
    published TEXT,
    borrowed INTEGER NOT NULL DEFAULT 0,
    text TEXT NOT NULL,
    -- the extract record (with text) of a document without a publication
    -- date: it is analysed again when it can borrow one
    unanchored TEXT,
    -- the timeline report (JSON), after borrowing
    report TEXT NOT NULL
);
CREATE INDEX documents_ord ON documents(ord);
CREATE INDEX documents_id ON documents(id);
CREATE TABLE regions(
    doc INTEGER NOT NULL,
    role TEXT NOT NULL,
    start INTEGER NOT NULL,
    end INTEGER NOT NULL,
    published TEXT,
    publisher TEXT,
    url TEXT
);
CREATE INDEX regions_doc ON regions(doc);
-- Offsets are code points into documents.text.
CREATE TABLE sentences(
    sentence INTEGER PRIMARY KEY,
    doc INTEGER NOT NULL,
    start INTEGER NOT NULL,
    end INTEGER NOT NULL,
    text TEXT NOT NULL
);
CREATE INDEX sentences_doc ON sentences(doc);
-- Porter stems English words: 'sanction' finds 'sanctioned' and 'sanctions'.
CREATE VIRTUAL TABLE sentences_fts USING fts5(
    text, content='sentences', content_rowid='sentence', tokenize='porter unicode61'
);
CREATE TRIGGER sentences_insert AFTER INSERT ON sentences BEGIN
    INSERT INTO sentences_fts(rowid, text) VALUES (new.sentence, new.text);
END;
CREATE TRIGGER sentences_delete AFTER DELETE ON sentences BEGIN
    INSERT INTO sentences_fts(sentences_fts, rowid, text) VALUES ('delete', old.sentence, old.text);
END;
CREATE TABLE mentions(
    doc INTEGER NOT NULL,
    sentence INTEGER,
    kind TEXT NOT NULL,
    text TEXT NOT NULL,
    -- the folded entity name (names) or text, to join with aliases
    folded TEXT NOT NULL,
    start INTEGER NOT NULL,
    end INTEGER NOT NULL,
    value TEXT
);
CREATE INDEX mentions_doc ON mentions(doc);
CREATE INDEX mentions_sentence ON mentions(sentence);
-- Rebuilt from the reports after every run that changed a document.
CREATE TABLE entities(
    entity INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    kind TEXT NOT NULL,
    documents INTEGER NOT NULL,
    mentions INTEGER NOT NULL
);
CREATE TABLE aliases(
    entity INTEGER NOT NULL,
    position INTEGER NOT NULL,
    name TEXT NOT NULL,
    folded TEXT NOT NULL
);
CREATE INDEX aliases_folded ON aliases(folded);
CREATE INDEX aliases_entity ON aliases(entity);
CREATE TABLE document_entities(entity INTEGER NOT NULL, doc INTEGER NOT NULL);
CREATE INDEX document_entities_entity ON document_entities(entity);
CREATE INDEX document_entities_doc ON document_entities(doc);
-- The corpus timeline: one row per merged event, in timeline order.
CREATE TABLE events(
    event INTEGER PRIMARY KEY,
    entity INTEGER,
    subject TEXT NOT NULL,
    type TEXT NOT NULL,
    date TEXT,
    start TEXT,
    end TEXT,
    sources INTEGER NOT NULL,
    entry TEXT NOT NULL
);
CREATE INDEX events_entity ON events(entity);
CREATE TABLE event_sources(event INTEGER NOT NULL, doc INTEGER, id TEXT NOT NULL, sentence TEXT NOT NULL);
CREATE INDEX event_sources_event ON event_sources(event);
";

/// Open (or create) a database for indexing.
pub fn open_for_writing(path: &Path) -> anyhow::Result<Connection> {
    let conn = Connection::open(path)
        .with_context(|| format!("cannot open database {}", path.display()))?;
    // WAL: readers (the app) keep reading while an index run writes, and a
    // killed run leaves the last committed batch intact.
    conn.pragma_update(None, "journal_mode", "WAL")
        .and_then(|_| conn.pragma_update(None, "synchronous", "NORMAL"))
        // 64 MiB of page cache: the indexes of a large corpus stay in memory
        // while a run inserts into them.
        .and_then(|_| conn.pragma_update(None, "cache_size", -65536))
        .and_then(|_| conn.busy_timeout(std::time::Duration::from_secs(10)))
        .with_context(|| format!("{} is not a newsline database", path.display()))?;
    let version = version(&conn, path)?;
    match version {
        None => {
            conn.execute_batch(&format!(
                "BEGIN IMMEDIATE; {SCHEMA}
                 INSERT INTO meta VALUES ('schema_version', '{SCHEMA_VERSION}');
                 INSERT INTO meta VALUES ('dirty', '0');
                 COMMIT;"
            ))
            .with_context(|| format!("cannot create the tables of {}", path.display()))?;
        }
        Some(v) => check_version(v, path)?,
    }
    Ok(conn)
}

/// Open an existing database read-only.
pub fn open_read_only(path: &Path) -> anyhow::Result<Connection> {
    if !path.exists() {
        bail!(
            "no database at {} (build one with `newsline index PATH... --db {}`)",
            path.display(),
            path.display()
        );
    }
    let conn = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .with_context(|| format!("cannot open database {}", path.display()))?;
    conn.busy_timeout(std::time::Duration::from_secs(10))?;
    match version(&conn, path)? {
        None => bail!(
            "{} is not a newsline database (no schema version)",
            path.display()
        ),
        Some(v) => check_version(v, path)?,
    }
    Ok(conn)
}

/// The schema version recorded in the database, `None` for an empty one.
fn version(conn: &Connection, path: &Path) -> anyhow::Result<Option<i64>> {
    let not_ours = || format!("{} is not a newsline database", path.display());
    let tables: i64 = conn
        .query_row("SELECT count(*) FROM sqlite_master", [], |r| r.get(0))
        .with_context(not_ours)?;
    if tables == 0 {
        return Ok(None);
    }
    let v: Option<String> = conn
        .query_row(
            "SELECT value FROM meta WHERE key = 'schema_version'",
            [],
            |r| r.get(0),
        )
        .optional()
        .with_context(not_ours)?;
    let v = v.with_context(not_ours)?;
    Ok(Some(v.parse().with_context(not_ours)?))
}

fn check_version(v: i64, path: &Path) -> anyhow::Result<()> {
    if v != SCHEMA_VERSION {
        bail!(
            "{} has schema version {v}, this newsline reads version {SCHEMA_VERSION}: \
             index the articles again into a new database",
            path.display()
        );
    }
    Ok(())
}

/// Whether the last run stopped before updating the corpus-wide tables.
pub fn is_dirty(conn: &Connection) -> anyhow::Result<bool> {
    let v: String = conn.query_row("SELECT value FROM meta WHERE key = 'dirty'", [], |r| {
        r.get(0)
    })?;
    Ok(v != "0")
}

/// A stable 64-bit FNV-1a hash of an input's bytes, as hex: whether an input
/// changed since it was indexed.
pub fn content_hash(bytes: &[u8]) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in bytes {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    format!("{h:016x}-{}", bytes.len())
}

/// An input's identity: its source, and its line in a JSONL dump.
pub fn input_key(source: &str, line: Option<u64>) -> String {
    match line {
        Some(l) => format!("{source}:{l}"),
        None => source.to_string(),
    }
}

/// A key that sorts inputs as the readers walk them: directories by the
/// names of their entries (components compared one by one, which a NUL
/// separator preserves), then lines in order.
pub fn order_key(source: &str, line: Option<u64>) -> String {
    let mut key = String::with_capacity(source.len() + 21);
    for (i, c) in Path::new(source).components().enumerate() {
        if i > 0 {
            key.push('\0');
        }
        key.push_str(&c.as_os_str().to_string_lossy());
    }
    key.push('\x01');
    key.push_str(&format!("{:020}", line.unwrap_or(0)));
    key
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn order_keys_sort_as_directories_are_walked() {
        // walkdir sorts "a" before "a-b" (component by component), though
        // the string "a-b/x" sorts before "a/x".
        assert!(order_key("c/a/x.md", None) < order_key("c/a-b/x.md", None));
        assert!(order_key("d.jsonl", Some(9)) < order_key("d.jsonl", Some(10)));
    }

    #[test]
    fn hashes_tell_contents_apart() {
        assert_eq!(content_hash(b"abc"), content_hash(b"abc"));
        assert_ne!(content_hash(b"abc"), content_hash(b"abd"));
    }

    #[test]
    fn a_database_of_another_version_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("x.db");
        drop(open_for_writing(&path).unwrap());
        let conn = Connection::open(&path).unwrap();
        conn.execute(
            "UPDATE meta SET value = '99' WHERE key = 'schema_version'",
            [],
        )
        .unwrap();
        drop(conn);
        let e = open_read_only(&path).unwrap_err().to_string();
        assert!(e.contains("schema version 99"), "{e}");
        let e = open_for_writing(&path).unwrap_err().to_string();
        assert!(e.contains("schema version 99"), "{e}");
    }

    #[test]
    fn a_file_that_is_not_a_database_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("x.db");
        std::fs::write(&path, "not a database at all, just some text here").unwrap();
        let e = format!("{:#}", open_read_only(&path).unwrap_err());
        assert!(e.contains("not a newsline database"), "{e}");
    }
}
