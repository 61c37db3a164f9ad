//! Linking name mentions to entities: within a document (aliases, acronyms,
//! short forms) and across documents (one canonical name per entity).
//! (Filled in by the organizations issue.)

use crate::extract::Context;
use crate::model::{Entity, Mention};
use std::collections::HashMap;

/// Give every name mention its canonical entity and list the entities.
pub fn entities(_ctx: &Context, _mentions: &mut [Mention]) -> Vec<Entity> {
    Vec::new()
}

/// Entities of many documents merged: every alias of an entity leads to one
/// canonical name. This is what timelines group by.
#[derive(Default, Debug)]
pub struct EntityIndex {
    /// Folded alias -> canonical name.
    canonical: HashMap<String, String>,
}

/// Case- and punctuation-insensitive key for a name.
pub fn fold(name: &str) -> String {
    name.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

impl EntityIndex {
    /// Merge the entities of a corpus (every document's `entities`).
    pub fn build<'a>(entities: impl IntoIterator<Item = &'a Entity>) -> Self {
        let mut canonical = HashMap::new();
        for e in entities {
            for alias in std::iter::once(&e.name).chain(&e.aliases) {
                canonical
                    .entry(fold(alias))
                    .or_insert_with(|| e.name.clone());
            }
        }
        EntityIndex { canonical }
    }

    /// The canonical name for any alias, if the entity is known.
    pub fn canonical(&self, name: &str) -> Option<&str> {
        self.canonical.get(&fold(name)).map(String::as_str)
    }

    /// Whether `query` (as a user typed it) names the entity `name`.
    pub fn matches(&self, query: &str, name: &str) -> bool {
        let q = self.canonical(query).map_or_else(|| fold(query), fold);
        let n = self.canonical(name).map_or_else(|| fold(name), fold);
        q == n
    }
}
