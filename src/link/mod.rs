//! Linking name mentions to entities: within a document (aliases, acronyms,
//! short forms) and across documents (one canonical name per entity).

mod corpus;

pub use corpus::{corpus_entities, render_entities, CorpusEntity, EntityFormat};

use crate::extract::orgs::fast_hash::WordMap;
use crate::extract::orgs::OrgLexicon;
use crate::extract::Context;
use crate::model::{Entity, Kind, Mention};
use std::borrow::Cow;
use std::collections::HashMap;

/// Give every name mention its canonical entity and list the entities, in
/// the order they first appear, then the publishers the metadata names.
///
/// Mentions are one entity when they share a folded name (case variants,
/// "Inc." or not), when one defines the other as an acronym ("Office of
/// Foreign Assets Control (OFAC)"), or when a company name without its head
/// words is another mention ("Korvan Technologies" and "Korvan"). A name the
/// extractor already tied to an entity (a gazetteer name, a person's
/// surname) keeps it.
pub fn entities(ctx: &Context, mentions: &mut [Mention]) -> Vec<Entity> {
    let text = ctx.text();
    let lex = &ctx.res.orgs;
    let mut names: Vec<usize> = Vec::with_capacity(mentions.len());
    names.extend((0..mentions.len()).filter(|&i| mentions[i].kind.is_name()));
    let mut groups = Groups::default();
    let mut ids: Vec<usize> = Vec::with_capacity(names.len());
    // Keys are built in one buffer: most repeat one seen already. Sized
    // for most names, so it seldom grows.
    let mut key = String::with_capacity(64);
    let forms: Vec<Form> = names
        .iter()
        .map(|&i| {
            let form = Form::of(&mut mentions[i], text, lex, &mut key);
            ids.push(groups.id(&key));
            form
        })
        .collect();

    // Acronyms defined in parentheses, either way round.
    for k in 1..names.len() {
        let (a, b) = (&mentions[names[k - 1]], &mentions[names[k]]);
        let between = text[a.span.end..b.span.start].trim();
        let closed = text[b.span.end..].trim_start().starts_with(')');
        let (at, bt) = (&text[a.span.clone()], &text[b.span.clone()]);
        if between == "(" && closed && (abbreviates(bt, at) || abbreviates(at, bt)) {
            groups.union(ids[k - 1], ids[k]);
        }
    }
    // Company names and their short forms.
    for (k, f) in forms.iter().enumerate() {
        if let Some(short) = &f.short {
            if let Some(other) = groups.existing(short) {
                groups.union(ids[k], other);
            }
        }
    }

    // A one-word company name that starts exactly one longer company name
    // is that company ("Quillon" and "Quillon Technology").
    let mut starts: WordMap<String, Vec<usize>> = WordMap::default();
    key.clear();
    for (k, f) in forms.iter().enumerate() {
        let mut words = f.base().split_whitespace();
        if let (Some(first), Some(_)) = (words.next(), words.next()) {
            if mentions[names[k]].kind == Kind::Company {
                let root = groups.find(ids[k]);
                key.clear();
                fold_into(&mut key, first);
                let list = match starts.get_mut(key.as_str()) {
                    Some(list) => list,
                    None => starts.entry(key.clone()).or_default(),
                };
                if !list.contains(&root) {
                    list.push(root);
                }
            }
        }
    }
    if !starts.is_empty() {
        for (k, f) in forms.iter().enumerate() {
            let single = !f.base().contains(char::is_whitespace);
            if single && mentions[names[k]].kind == Kind::Company {
                key.clear();
                fold_into(&mut key, f.base());
                if let Some([longer]) = starts.get(key.as_str()).map(Vec::as_slice) {
                    groups.union(ids[k], *longer);
                }
            }
        }
    }

    // Each mention with the rank of its group (groups in order of first
    // appearance; ids are dense), sorted: the groups' members in order, in
    // one vector.
    let mut rank = vec![usize::MAX; groups.parent.len()];
    let mut ranked: Vec<(usize, usize)> = Vec::with_capacity(ids.len());
    let mut ranks = 0;
    for (k, &id) in ids.iter().enumerate() {
        let root = groups.find(id);
        if rank[root] == usize::MAX {
            rank[root] = ranks;
            ranks += 1;
        }
        ranked.push((rank[root], k));
    }
    ranked.sort_unstable();
    // Room for the publishers too (add_publishers).
    let mut out = Vec::with_capacity(ranks + 1 + ctx.doc.regions.len());
    // Sized for most groups, so the tallies seldom grow.
    let mut scratch = Scratch {
        kinds: Vec::with_capacity(4),
        names: Vec::with_capacity(8),
        aliases: Vec::with_capacity(8),
    };
    for group in ranked.chunk_by(|a, b| a.0 == b.0) {
        let members = group
            .iter()
            .map(|&(_, k)| (&forms[k], mentions[names[k]].kind));
        let entity = describe(members, &mut scratch);
        for &(_, k) in group {
            mentions[names[k]].attrs.entity = Some(entity.name.clone());
        }
        out.push(entity);
    }
    add_publishers(ctx, lex, &mut out);
    out
}

/// How one mention is written and what it links by.
struct Form<'t> {
    /// As written, spaces normalised.
    surface: Cow<'t, str>,
    /// The length of `base`, a prefix of `surface`.
    base_len: usize,
    /// A company's name without head words, folded, as a key.
    short: Option<String>,
    /// The entity the extractor gave it.
    preset: Option<String>,
}

impl<'t> Form<'t> {
    /// The form of a mention, and its grouping key (family and folded name)
    /// in `key`. The mention's entity moves to the form: linking sets it
    /// anew.
    fn of(m: &mut Mention, text: &'t str, lex: &OrgLexicon, key: &mut String) -> Form<'t> {
        let written = &text[m.span.clone()];
        // Most names are written with single spaces already.
        let surface: Cow<str> = if single_spaced(written) {
            Cow::Borrowed(written)
        } else {
            Cow::Owned(written.split_whitespace().collect::<Vec<_>>().join(" "))
        };
        // Without legal suffix: what a canonical name may be.
        let base = if m.kind == Kind::Company {
            lex.without_suffix(&surface)
        } else {
            &surface
        };
        let family = family(m.kind);
        let keyed = |name: &str| {
            let mut key = String::with_capacity(family.len() + 1 + name.len());
            key.push_str(family);
            key.push(':');
            fold_into(&mut key, name);
            key
        };
        key.clear();
        key.push_str(family);
        key.push(':');
        fold_into(key, m.attrs.entity.as_deref().unwrap_or(base));
        let short = (m.kind == Kind::Company)
            .then(|| lex.without_company_heads(base))
            .flatten()
            .map(keyed);
        let base_len = base.len();
        Form {
            surface,
            base_len,
            short,
            preset: m.attrs.entity.take(),
        }
    }

    /// Without legal suffix: what a canonical name may be.
    fn base(&self) -> &str {
        &self.surface[..self.base_len]
    }
}

/// Whether `s` is ASCII with no whitespace but single spaces between
/// words: `split_whitespace` and `join(" ")` would give it back.
fn single_spaced(s: &str) -> bool {
    // After a space, or at the start: another space is one too many.
    let mut after_space = true;
    for b in s.bytes() {
        if b == b' ' {
            if after_space {
                return false;
            }
            after_space = true;
        } else if !b.is_ascii() || b.is_ascii_whitespace() {
            return false;
        } else {
            after_space = false;
        }
    }
    !after_space || s.is_empty()
}

/// The tallies `describe` keeps, reused from one entity to the next.
#[derive(Default)]
struct Scratch<'a> {
    kinds: Vec<(Kind, usize)>,
    names: Vec<(&'a str, usize, bool)>,
    aliases: Vec<&'a str>,
}

/// Kinds whose names may be one entity: organizations of any kind together
/// (a company called an agency somewhere is still the same name).
fn family(kind: Kind) -> &'static str {
    if kind.is_org() {
        "org"
    } else {
        kind.as_str()
    }
}

/// The entity of a group of mentions: the most frequent kind, and as name
/// the extractor's entity if it gave one, else the most common form
/// without legal suffix, preferring forms written in mixed case ("Coalition
/// for a Prosperous America" over "CPA", "Standard Oil" over "STANDARD OIL").
fn describe<'a>(
    group: impl Iterator<Item = (&'a Form<'a>, Kind)>,
    scratch: &mut Scratch<'a>,
) -> Entity {
    let Scratch {
        kinds,
        names,
        aliases,
    } = scratch;
    kinds.clear();
    names.clear();
    aliases.clear();
    let mut count = 0;
    for (form, kind) in group {
        count += 1;
        match kinds.iter_mut().find(|(k, _)| *k == kind) {
            Some((_, n)) => *n += 1,
            None => kinds.push((kind, 1)),
        }
        let (name, preset) = match &form.preset {
            Some(p) => (p.as_str(), true),
            None => (form.base(), false),
        };
        match names.iter_mut().find(|(n, _, _)| *n == name) {
            Some((_, n, _)) => *n += 1,
            None => names.push((name, 1, preset)),
        }
        for alias in [&*form.surface, form.base()] {
            if !aliases.contains(&alias) {
                aliases.push(alias);
            }
        }
    }
    let kind = kinds
        .iter()
        .max_by_key(|(k, n)| (*n, std::cmp::Reverse(*k)))
        .map_or(Kind::Company, |(k, _)| *k);
    let name = names
        .iter()
        .max_by_key(|(n, c, preset)| {
            (
                *preset,
                n.chars().any(char::is_lowercase),
                *c,
                std::cmp::Reverse(n.len()),
            )
        })
        .map(|(n, _, _)| n.to_string())
        .unwrap_or_default();
    let aliases = aliases
        .iter()
        .filter(|a| **a != name)
        .map(|a| a.to_string())
        .collect();
    Entity {
        name,
        kind,
        aliases,
        mentions: count,
    }
}

/// The outlets the metadata names (the document's publisher, those of
/// related items): media entities, unless the text already has them.
fn add_publishers(ctx: &Context, lex: &OrgLexicon, out: &mut Vec<Entity>) {
    let doc = ctx.doc;
    let publishers = doc
        .publisher
        .iter()
        .chain(doc.regions.iter().filter_map(|r| r.publisher.as_ref()));
    for publisher in publishers {
        let written = publisher.trim();
        if written.is_empty() {
            continue;
        }
        let (name, kind) = match lex.entry_named(written) {
            Some(e) => (e.name.clone(), e.kind),
            None => (written.to_string(), Kind::Media),
        };
        let (name_key, written_key) = (fold(&name), fold(written));
        let known = out.iter_mut().find(|e| {
            std::iter::once(&e.name)
                .chain(&e.aliases)
                .any(|a| folds_to(a, &name_key) || folds_to(a, &written_key))
        });
        match known {
            Some(e) => {
                if e.name != written && !e.aliases.iter().any(|a| a == written) {
                    e.aliases.push(written.to_string());
                }
            }
            None => out.push(Entity {
                aliases: if name == written {
                    Vec::new()
                } else {
                    vec![written.to_string()]
                },
                name,
                kind,
                mentions: 0,
            }),
        }
    }
}

/// Union-find over string keys.
#[derive(Default)]
struct Groups {
    ids: WordMap<String, usize>,
    parent: Vec<usize>,
}

impl Groups {
    fn id(&mut self, key: &str) -> usize {
        if let Some(&id) = self.ids.get(key) {
            return id;
        }
        let id = self.parent.len();
        self.parent.push(id);
        self.ids.insert(key.to_string(), id);
        id
    }

    fn existing(&self, key: &str) -> Option<usize> {
        self.ids.get(key).copied()
    }

    fn find(&mut self, mut id: usize) -> usize {
        while self.parent[id] != id {
            self.parent[id] = self.parent[self.parent[id]];
            id = self.parent[id];
        }
        id
    }

    fn union(&mut self, a: usize, b: usize) {
        let (ra, rb) = (self.find(a), self.find(b));
        if ra != rb {
            // The earlier key stays the root: groups keep their first name.
            let (root, child) = if ra < rb { (ra, rb) } else { (rb, ra) };
            self.parent[child] = root;
        }
    }
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
    let mut key = String::with_capacity(name.len());
    fold_into(&mut key, name);
    key
}

/// Append `fold(name)` to `key`.
pub fn fold_into(key: &mut String, name: &str) {
    if name.is_ascii() {
        // Runs of letters and digits copied whole (found on bytes), then
        // lower-cased.
        let start = key.len();
        let bytes = name.as_bytes();
        let mut i = 0;
        while i < bytes.len() {
            while i < bytes.len() && !bytes[i].is_ascii_alphanumeric() {
                i += 1;
            }
            let run = i;
            while i < bytes.len() && bytes[i].is_ascii_alphanumeric() {
                i += 1;
            }
            key.push_str(&name[run..i]);
        }
        key[start..].make_ascii_lowercase();
    } else {
        key.extend(
            name.chars()
                .filter(|c| c.is_alphanumeric())
                .flat_map(char::to_lowercase),
        );
    }
}

/// Whether `fold(name) == folded`, without allocating.
pub fn folds_to(name: &str, folded: &str) -> bool {
    if name.is_ascii() {
        name.bytes()
            .filter(u8::is_ascii_alphanumeric)
            .map(|b| b.to_ascii_lowercase())
            .eq(folded.bytes())
    } else {
        name.chars()
            .filter(|c| c.is_alphanumeric())
            .flat_map(char::to_lowercase)
            .eq(folded.chars())
    }
}

impl EntityIndex {
    /// Merge the entities of a corpus (every document's `entities`):
    /// entities sharing a folded name or alias are one, named by the name
    /// its documents use most (weighted by mentions).
    pub fn build<'a>(entities: impl IntoIterator<Item = &'a Entity>) -> Self {
        let entities: Vec<&Entity> = entities.into_iter().collect();
        // A one-word alias that several longer names carry ("Morgan" of
        // "Morgan Stanley" and "Morgan Guaranty") joins none of them.
        let mut carriers: HashMap<String, Vec<String>> = HashMap::new();
        for e in &entities {
            if e.name.contains(' ') {
                for alias in e.aliases.iter().filter(|a| !a.contains(' ')) {
                    let list = carriers.entry(fold(alias)).or_default();
                    let name = fold(&e.name);
                    if !list.contains(&name) {
                        list.push(name);
                    }
                }
            }
        }
        let ambiguous = |alias: &str| {
            !alias.contains(' ') && carriers.get(&fold(alias)).is_some_and(|c| c.len() > 1)
        };
        let mut groups = Groups::default();
        // Weight of each spelling: "Biden administration" and "Biden
        // Administration" share a key but not a weight.
        let mut weight: HashMap<&str, usize> = HashMap::new();
        let mut entity_keys: Vec<(usize, &str)> = Vec::new();
        for e in &entities {
            let family = family(e.kind);
            let name_id = groups.id(&format!("{family}:{}", fold(&e.name)));
            *weight.entry(e.name.as_str()).or_default() += e.mentions.max(1);
            entity_keys.push((name_id, e.name.as_str()));
            for alias in e.aliases.iter().filter(|a| !ambiguous(a)) {
                let id = groups.id(&format!("{family}:{}", fold(alias)));
                groups.union(name_id, id);
            }
        }
        // The best name of each group.
        let mut best: HashMap<usize, (usize, &str)> = HashMap::new();
        for &(id, name) in &entity_keys {
            let w = weight[name];
            let root = groups.find(id);
            let slot = best.entry(root).or_insert((w, name));
            if (w, std::cmp::Reverse(name.len()), name)
                > (slot.0, std::cmp::Reverse(slot.1.len()), slot.1)
            {
                *slot = (w, name);
            }
        }
        let keys: Vec<(String, usize)> =
            groups.ids.iter().map(|(k, &id)| (k.clone(), id)).collect();
        let mut canonical = HashMap::new();
        let mut sorted = keys;
        sorted.sort();
        for (key, id) in sorted {
            let root = groups.find(id);
            if let Some((_, name)) = best.get(&root) {
                let alias = key.split_once(':').map_or(key.as_str(), |(_, a)| a);
                canonical
                    .entry(alias.to_string())
                    .or_insert_with(|| name.to_string());
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn acronyms_match_their_long_forms() {
        for (short, long, ok) in [
            ("OFAC", "Office of Foreign Assets Control", true),
            ("CPA", "Coalition for a Prosperous America", true),
            (
                "NS-CMIC List",
                "Non-SDN Chinese Military-Industrial Complex Companies List",
                true,
            ),
            ("EAR", "Export Administration Regulations", true),
            ("IBM", "Office of Foreign Assets Control", false),
            ("CPA", "America", false),
        ] {
            assert_eq!(abbreviates(short, long), ok, "{short} / {long}");
        }
    }

    fn entity(name: &str, kind: Kind, aliases: &[&str], mentions: usize) -> Entity {
        Entity {
            name: name.into(),
            kind,
            aliases: aliases.iter().map(|a| a.to_string()).collect(),
            mentions,
        }
    }

    #[test]
    fn index_merges_shared_aliases_under_the_most_used_name() {
        let docs = [
            entity("Zentrix", Kind::Company, &["Zentrix Group Inc."], 9),
            entity("Zentrix Group", Kind::Company, &["Zentrix"], 2),
            entity("ZenTrix", Kind::Company, &[], 1),
            entity("OFAC", Kind::Agency, &[], 1),
            entity(
                "Office of Foreign Assets Control",
                Kind::Agency,
                &["OFAC"],
                3,
            ),
        ];
        let index = EntityIndex::build(&docs);
        assert_eq!(index.canonical("ZENTRIX GROUP"), Some("Zentrix"));
        assert_eq!(index.canonical("zentrix"), Some("Zentrix"));
        assert_eq!(
            index.canonical("OFAC"),
            Some("Office of Foreign Assets Control")
        );
        assert!(index.matches("ofac", "Office of Foreign Assets Control"));
        assert!(!index.matches("Zentrix", "OFAC"));
        assert_eq!(index.canonical("Quillon"), None);

        let banks = [
            entity("Morgan Stanley", Kind::Company, &["Morgan"], 3),
            entity("Morgan Guaranty", Kind::Company, &["Morgan"], 3),
        ];
        let index = EntityIndex::build(&banks);
        assert!(!index.matches("Morgan Stanley", "Morgan Guaranty"));
    }
}
