//! The entities of a whole corpus: every document's entities merged under
//! one canonical name each, with how many documents name them.

use super::{family, fold, EntityIndex};
use crate::model::{Entity, Kind};
use serde::Serialize;
use std::collections::HashMap;

/// One entity of a corpus.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct CorpusEntity {
    pub name: String,
    pub kind: Kind,
    pub aliases: Vec<String>,
    /// Documents that name it.
    pub documents: usize,
    /// Mentions over all documents.
    pub mentions: usize,
}

/// Merge the entities of each document (one list a document) into the
/// corpus's entities, most widely named first.
pub fn corpus_entities(documents: &[Vec<Entity>]) -> Vec<CorpusEntity> {
    let index = EntityIndex::build(documents.iter().flatten());
    let mut by_name: HashMap<String, usize> = HashMap::new();
    let mut out: Vec<CorpusEntity> = Vec::new();
    let mut kinds: Vec<HashMap<Kind, usize>> = Vec::new();
    // The last document counted for each entity: documents come in order.
    let mut last_doc: Vec<usize> = Vec::new();
    for (doc, entities) in documents.iter().enumerate() {
        for e in entities {
            let name = index.entity_name(e).unwrap_or(&e.name).to_string();
            // A place and a company of one name are two entities.
            let key = format!("{}:{}", family(e.kind), fold(&name));
            let i = *by_name.entry(key).or_insert_with(|| {
                out.push(CorpusEntity {
                    name: name.clone(),
                    kind: e.kind,
                    aliases: Vec::new(),
                    documents: 0,
                    mentions: 0,
                });
                kinds.push(HashMap::new());
                last_doc.push(usize::MAX);
                out.len() - 1
            });
            let c = &mut out[i];
            c.mentions += e.mentions;
            *kinds[i].entry(e.kind).or_default() += e.mentions.max(1);
            for alias in std::iter::once(&e.name).chain(&e.aliases) {
                if *alias != c.name && !c.aliases.contains(alias) {
                    c.aliases.push(alias.clone());
                }
            }
            // Count a document once however many of its entities merged here.
            if last_doc[i] != doc {
                last_doc[i] = doc;
                c.documents += 1;
            }
        }
    }
    for (c, k) in out.iter_mut().zip(&kinds) {
        if let Some((&kind, _)) = k.iter().max_by_key(|(k, n)| (**n, std::cmp::Reverse(**k))) {
            c.kind = kind;
        }
    }
    out.sort_by(|a, b| {
        b.documents
            .cmp(&a.documents)
            .then(b.mentions.cmp(&a.mentions))
            .then(a.name.cmp(&b.name))
    });
    out
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EntityFormat {
    Table,
    Json,
    Csv,
}

impl std::str::FromStr for EntityFormat {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        match s {
            "table" => Ok(EntityFormat::Table),
            "json" => Ok(EntityFormat::Json),
            "csv" => Ok(EntityFormat::Csv),
            _ => Err(format!("unknown format {s:?}: table, json or csv")),
        }
    }
}

/// The entities as a terminal table, a JSON array or CSV.
pub fn render_entities(entities: &[CorpusEntity], format: EntityFormat) -> String {
    match format {
        EntityFormat::Json => {
            let mut s = serde_json::to_string_pretty(entities).unwrap_or_default();
            s.push('\n');
            s
        }
        EntityFormat::Csv => {
            let mut s = String::from("name,kind,documents,mentions,aliases\n");
            for e in entities {
                s.push_str(&format!(
                    "{},{},{},{},{}\n",
                    csv_field(&e.name),
                    e.kind.as_str(),
                    e.documents,
                    e.mentions,
                    csv_field(&e.aliases.join("|"))
                ));
            }
            s
        }
        EntityFormat::Table => {
            let width = entities
                .iter()
                .map(|e| e.name.chars().count())
                .max()
                .unwrap_or(4)
                .clamp(4, 48);
            let mut s = format!(
                "{:<width$}  {:<12}  {:>5}  {:>8}  aliases\n",
                "name", "kind", "docs", "mentions"
            );
            for e in entities {
                s.push_str(&format!(
                    "{:<width$}  {:<12}  {:>5}  {:>8}  {}\n",
                    e.name,
                    e.kind.as_str(),
                    e.documents,
                    e.mentions,
                    e.aliases.join(" | ")
                ));
            }
            s
        }
    }
}

/// A CSV field, quoted when it holds a comma, a quote or a line break.
fn csv_field(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}
