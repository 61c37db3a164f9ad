//! Reading the store: timeline reports, entities, full-text search.

use crate::link::{fold, CorpusEntity};
use crate::model::Kind;
use crate::timeline::Report;
use anyhow::{bail, Context as _};
use jiff::civil::Date;
use rusqlite::{params, Connection, OptionalExtension};
use serde::Serialize;

/// Every document's timeline report, in input order: what `timeline` builds
/// from when reading the store.
pub fn reports(conn: &Connection) -> anyhow::Result<Vec<Report>> {
    let mut stmt = conn.prepare("SELECT report FROM documents ORDER BY ord")?;
    let rows = stmt.query_map([], |r| r.get::<_, String>(0))?;
    rows.map(|json| serde_json::from_str(&json?).context("a stored report is damaged"))
        .collect()
}

/// The corpus's entities, most widely named first (as `entities` lists them).
pub fn corpus_entities(conn: &Connection) -> anyhow::Result<Vec<CorpusEntity>> {
    let mut stmt = conn.prepare(
        "SELECT e.entity, e.name, e.kind, e.documents, e.mentions,
                (SELECT json_group_array(name) FROM
                    (SELECT name FROM aliases a WHERE a.entity = e.entity AND position > 0
                     ORDER BY position))
         FROM entities e ORDER BY e.entity",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok((
            r.get::<_, String>(1)?,
            r.get::<_, String>(2)?,
            r.get::<_, usize>(3)?,
            r.get::<_, usize>(4)?,
            r.get::<_, String>(5)?,
        ))
    })?;
    rows.map(|row| {
        let (name, kind, documents, mentions, aliases) = row?;
        Ok(CorpusEntity {
            name,
            kind: Kind::parse(&kind).context("a stored entity kind is unknown")?,
            aliases: serde_json::from_str(&aliases)?,
            documents,
            mentions,
        })
    })
    .collect()
}

/// An entity found by one of its names.
#[derive(Debug, Serialize)]
pub struct EntityHit {
    pub id: i64,
    pub name: String,
    pub kind: String,
    pub documents: i64,
    /// The alias the query matched.
    pub matched: String,
}

/// Entities with an alias starting with `q` (any case), most widely named
/// first: what a search box suggests as one types.
pub fn find_entities(conn: &Connection, q: &str, limit: usize) -> anyhow::Result<Vec<EntityHit>> {
    let key = fold(q.trim());
    if key.is_empty() {
        return Ok(Vec::new());
    }
    // A range scan on the folded aliases: a prefix match without LIKE's
    // wildcards.
    let mut stmt = conn.prepare_cached(
        "SELECT e.entity, e.name, e.kind, e.documents, min(a.name)
         FROM aliases a JOIN entities e ON e.entity = a.entity
         WHERE a.folded >= ?1 AND a.folded < ?1 || char(1114111)
         GROUP BY e.entity
         ORDER BY e.documents DESC, e.mentions DESC, e.name
         LIMIT ?2",
    )?;
    let rows = stmt.query_map(params![key, limit as i64], |r| {
        Ok(EntityHit {
            id: r.get(0)?,
            name: r.get(1)?,
            kind: r.get(2)?,
            documents: r.get(3)?,
            matched: r.get(4)?,
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// The entity a user's name for it means: an exact alias (any case), the
/// most widely named when several entities share it.
pub fn resolve_entity(conn: &Connection, name: &str) -> anyhow::Result<Option<i64>> {
    Ok(conn
        .prepare_cached(
            "SELECT e.entity FROM aliases a JOIN entities e ON e.entity = a.entity
             WHERE a.folded = ?1 ORDER BY a.position > 0, e.documents DESC LIMIT 1",
        )?
        .query_row([fold(name.trim())], |r| r.get(0))
        .optional()?)
}

/// A document that names an entity.
#[derive(Debug, Serialize)]
pub struct DocumentRef {
    pub id: String,
    pub title: Option<String>,
    pub url: Option<String>,
    pub publisher: Option<String>,
    pub published: Option<String>,
}

/// Everything the entity page shows but its timeline.
#[derive(Debug, Serialize)]
pub struct EntityPage {
    pub id: i64,
    pub name: String,
    pub kind: String,
    pub aliases: Vec<String>,
    pub mentions: i64,
    /// Newest first.
    pub documents: Vec<DocumentRef>,
    /// The event types of its timeline.
    pub types: Vec<String>,
}

pub fn entity(conn: &Connection, id: i64) -> anyhow::Result<Option<EntityPage>> {
    let Some((name, kind, mentions)) = conn
        .query_row(
            "SELECT name, kind, mentions FROM entities WHERE entity = ?1",
            [id],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .optional()?
    else {
        return Ok(None);
    };
    let strings = |sql: &str| -> anyhow::Result<Vec<String>> {
        let mut stmt = conn.prepare_cached(sql)?;
        let rows = stmt.query_map([id], |r| r.get(0))?;
        Ok(rows.collect::<Result<_, _>>()?)
    };
    let aliases =
        strings("SELECT name FROM aliases WHERE entity = ?1 AND position > 0 ORDER BY position")?;
    let types = strings("SELECT DISTINCT type FROM events WHERE entity = ?1 ORDER BY type")?;
    let mut stmt = conn.prepare_cached(
        "SELECT d.id, d.title, d.url, d.publisher, d.published
         FROM document_entities x JOIN documents d ON d.doc = x.doc
         WHERE x.entity = ?1 ORDER BY d.published DESC, d.ord LIMIT 500",
    )?;
    let documents = stmt
        .query_map([id], |r| {
            Ok(DocumentRef {
                id: r.get(0)?,
                title: r.get(1)?,
                url: r.get(2)?,
                publisher: r.get(3)?,
                published: r.get(4)?,
            })
        })?
        .collect::<Result<_, _>>()?;
    Ok(Some(EntityPage {
        id,
        name,
        kind,
        aliases,
        mentions,
        documents,
        types,
    }))
}

/// Which timeline entries to read.
#[derive(Clone, Debug, Default)]
pub struct TimelineQuery {
    /// Any alias of the entity; `None` for every entity.
    pub entity: Option<String>,
    pub types: Vec<String>,
    pub from: Option<Date>,
    pub to: Option<Date>,
    pub min_sources: usize,
    pub limit: usize,
}

/// A stretch of a quoted sentence to highlight.
#[derive(Debug, Serialize)]
pub struct Mark {
    pub kind: String,
    pub text: String,
}

/// Timeline entries as `timeline` writes them in JSON, with the `period`
/// their date covers and each source with the names, dates and amounts of
/// its sentence to highlight (`marks`). The
/// entity's canonical name, or an error when no entity has that name.
pub fn timeline_events(
    conn: &Connection,
    q: &TimelineQuery,
) -> anyhow::Result<(Option<String>, Vec<serde_json::Value>)> {
    let (entity, name, aliases) = match &q.entity {
        None => (None, None, Vec::new()),
        Some(e) => {
            let Some(id) = resolve_entity(conn, e)? else {
                bail!("no entity is named {e:?}");
            };
            let mut stmt = conn.prepare_cached(
                "SELECT name FROM aliases WHERE entity = ?1 ORDER BY length(name) DESC",
            )?;
            let aliases: Vec<String> = stmt
                .query_map([id], |r| r.get(0))?
                .collect::<Result<_, _>>()?;
            let name: String =
                conn.query_row("SELECT name FROM entities WHERE entity = ?1", [id], |r| {
                    r.get(0)
                })?;
            (Some(id), Some(name), aliases)
        }
    };
    let types = serde_json::to_string(&q.types)?;
    let mut stmt = conn.prepare_cached(
        "SELECT event, entry, start, end FROM events
         WHERE (?1 IS NULL OR entity = ?1)
           AND (?2 = '[]' OR type IN (SELECT value FROM json_each(?2)))
           AND (?3 IS NULL OR (end IS NOT NULL AND end >= ?3))
           AND (?4 IS NULL OR (start IS NOT NULL AND start <= ?4))
           AND sources >= ?5
         ORDER BY event LIMIT ?6",
    )?;
    type Row = (i64, String, Option<String>, Option<String>);
    let rows: Vec<Row> = stmt
        .query_map(
            params![
                entity,
                types,
                q.from.map(|d| d.to_string()),
                q.to.map(|d| d.to_string()),
                q.min_sources as i64,
                q.limit.max(1) as i64
            ],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
        )?
        .collect::<Result<_, _>>()?;
    let mut marks_of = conn.prepare_cached(
        "SELECT DISTINCT m.kind, m.text FROM event_sources s JOIN mentions m ON m.doc = s.doc
         WHERE s.event = ?1 AND s.id = ?2 AND m.kind IN ('date', 'money')
         ORDER BY length(m.text) DESC",
    )?;
    let mut out = Vec::with_capacity(rows.len());
    for (event, entry, start, end) in rows {
        let mut entry: serde_json::Value = serde_json::from_str(&entry)?;
        // The span of days the date covers ("2019-10": the whole month),
        // for filters and a time axis that need not parse TIMEX values.
        entry["period"] = match (start, end) {
            (Some(start), Some(end)) => serde_json::json!({ "start": start, "end": end }),
            _ => serde_json::Value::Null,
        };
        let subject = entry["subject"].as_str().unwrap_or_default().to_string();
        if let Some(sources) = entry["sources"].as_array_mut() {
            for s in sources {
                let sentence = s["sentence"].as_str().unwrap_or_default().to_string();
                let id = s["id"].as_str().unwrap_or_default().to_string();
                let mut marks: Vec<Mark> = marks_of
                    .query_map(params![event, id], |r| {
                        Ok(Mark {
                            kind: r.get(0)?,
                            text: r.get(1)?,
                        })
                    })?
                    .collect::<Result<_, _>>()?;
                let names = if aliases.is_empty() {
                    std::slice::from_ref(&subject)
                } else {
                    &aliases[..]
                };
                marks.extend(names.iter().map(|n| Mark {
                    kind: "entity".into(),
                    text: n.clone(),
                }));
                marks.retain(|m| !m.text.is_empty() && sentence.contains(&m.text));
                s["marks"] = serde_json::to_value(&marks)?;
            }
        }
        out.push(entry);
    }
    Ok((name, out))
}

/// A full-text query.
#[derive(Clone, Debug, Default)]
pub struct SearchQuery {
    pub text: String,
    /// Only sentences naming this entity (any alias).
    pub entity: Option<String>,
    /// Only documents published on or after / before these dates.
    pub from: Option<Date>,
    pub to: Option<Date>,
    pub limit: usize,
}

/// A sentence that matches, with where it comes from.
#[derive(Debug, Serialize)]
pub struct Hit {
    pub id: String,
    pub source: String,
    pub title: Option<String>,
    pub url: Option<String>,
    pub publisher: Option<String>,
    pub published: Option<String>,
    pub sentence: String,
    /// bm25: lower is better.
    pub score: f64,
    pub mentions: Vec<HitMention>,
}

#[derive(Debug, Serialize)]
pub struct HitMention {
    pub kind: String,
    pub text: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub value: Option<String>,
}

/// The FTS5 query for what a user typed: every word must appear (quoted,
/// so no character of the input is FTS5 syntax).
fn fts_query(text: &str) -> Option<String> {
    let words: Vec<String> = text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(|w| format!("\"{w}\""))
        .collect();
    (!words.is_empty()).then(|| words.join(" "))
}

/// Sentences matching every word of the query, best first (bm25).
pub fn search(conn: &Connection, q: &SearchQuery) -> anyhow::Result<Vec<Hit>> {
    let Some(fts) = fts_query(&q.text) else {
        bail!("the query has no words to search for");
    };
    let entity = match &q.entity {
        None => None,
        Some(e) => match resolve_entity(conn, e)? {
            Some(id) => Some(id),
            None => bail!("no entity is named {e:?}"),
        },
    };
    let mut stmt = conn.prepare_cached(
        "SELECT s.sentence, s.text, d.id, d.source, d.title, d.url, d.publisher, d.published,
                bm25(sentences_fts) AS score
         FROM sentences_fts JOIN sentences s ON s.sentence = sentences_fts.rowid
              JOIN documents d ON d.doc = s.doc
         WHERE sentences_fts MATCH ?1
           AND (?2 IS NULL OR d.published >= ?2)
           AND (?3 IS NULL OR d.published <= ?3)
           AND (?4 IS NULL OR EXISTS (
                SELECT 1 FROM mentions m JOIN aliases a ON a.folded = m.folded
                WHERE m.sentence = s.sentence AND a.entity = ?4))
         ORDER BY score, d.ord, s.start LIMIT ?5",
    )?;
    let rows: Vec<(i64, Hit)> = stmt
        .query_map(
            params![
                fts,
                q.from.map(|d| d.to_string()),
                q.to.map(|d| d.to_string()),
                entity,
                q.limit.max(1) as i64
            ],
            |r| {
                Ok((
                    r.get(0)?,
                    Hit {
                        sentence: r.get(1)?,
                        id: r.get(2)?,
                        source: r.get(3)?,
                        title: r.get(4)?,
                        url: r.get(5)?,
                        publisher: r.get(6)?,
                        published: r.get(7)?,
                        score: r.get(8)?,
                        mentions: Vec::new(),
                    },
                ))
            },
        )?
        .collect::<Result<_, _>>()?;
    let mut mentions = conn.prepare_cached(
        "SELECT kind, text, value FROM mentions WHERE sentence = ?1 ORDER BY start",
    )?;
    let mut hits = Vec::with_capacity(rows.len());
    for (sentence, mut hit) in rows {
        hit.mentions = mentions
            .query_map([sentence], |r| {
                Ok(HitMention {
                    kind: r.get(0)?,
                    text: r.get(1)?,
                    value: r.get(2)?,
                })
            })?
            .collect::<Result<_, _>>()?;
        hits.push(hit);
    }
    Ok(hits)
}

/// Hits as a terminal table.
pub fn search_table(hits: &[Hit]) -> String {
    let mut s =
        String::from("DATE        PUBLISHER             DOCUMENT                  SENTENCE\n");
    for h in hits {
        let cut = |t: &str, n: usize| -> String {
            if t.chars().count() > n {
                let mut c: String = t.chars().take(n - 1).collect();
                c.push('…');
                c
            } else {
                t.to_string()
            }
        };
        let sentence = h.sentence.split_whitespace().collect::<Vec<_>>().join(" ");
        s.push_str(&format!(
            "{:<11} {:<21} {:<25} {}\n",
            h.published.as_deref().unwrap_or("-"),
            cut(h.publisher.as_deref().unwrap_or("-"), 21),
            cut(&h.id, 25),
            cut(&sentence, 100)
        ));
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn user_text_never_reaches_fts5_as_syntax() {
        assert_eq!(
            fts_query("IPO \"halted\" OR (NEAR*"),
            Some("\"IPO\" \"halted\" \"OR\" \"NEAR\"".into())
        );
        assert_eq!(fts_query(" -*- "), None);
    }
}
