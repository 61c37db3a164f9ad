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

/// Whether `short` abbreviates `long`: its letters are the initials of the
/// long form's words in order ("OFAC" - "Office of Foreign Assets Control",
/// "NS-CMIC List" - "Non-SDN Chinese Military-Industrial Complex Companies
/// List"), small words and one other word skipped at most.
pub fn abbreviates(short: &str, long: &str) -> bool {
    let mut short_words: Vec<&str> = short.split_whitespace().collect();
    let mut long_words: Vec<&str> = long.split_whitespace().collect();
    // Words written out in both ("... List" / "NS-CMIC List").
    while short_words.len() > 1
        && long_words.len() > 1
        && fold(short_words[short_words.len() - 1]) == fold(long_words[long_words.len() - 1])
    {
        short_words.pop();
        long_words.pop();
    }
    let [acronym] = short_words[..] else {
        return false;
    };
    let letters: Vec<char> = acronym
        .chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_uppercase)
        .collect();
    if letters.len() < 2 || long_words.len() < 2 {
        return false;
    }
    let small = |w: &str| {
        matches!(
            w,
            "of" | "for" | "the" | "a" | "an" | "and" | "on" | "de" | "&"
        )
    };
    let parts: Vec<&str> = long_words
        .iter()
        .flat_map(|w| w.split('-'))
        .filter(|p| !p.is_empty())
        .collect();
    let mut k = 0;
    let mut skipped = 0;
    for (n, part) in parts.iter().enumerate() {
        let initial = part.chars().next().and_then(|c| c.to_uppercase().next());
        if k < letters.len() && initial == Some(letters[k]) {
            k += 1;
        } else if n == 0 {
            return false;
        } else if !small(part) {
            skipped += 1;
        }
    }
    k == letters.len() && skipped <= 1
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
