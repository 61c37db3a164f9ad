//! Linking name mentions to entities: within a document (aliases, acronyms,
//! short forms) and across documents (one canonical name per entity).

mod corpus;

pub use corpus::{corpus_entities, render_entities, CorpusEntity, EntityFormat};

use crate::extract::orgs::fast_hash::{WordMap, WordSet};
use crate::extract::orgs::OrgLexicon;
use crate::extract::Context;
use crate::model::{Entity, Kind, Mention};
use std::borrow::Cow;
use std::collections::{HashMap, HashSet};

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
    redefine_acronyms(ctx, &names, mentions);
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
    // is that company ("Quillon" and "Quillon Technology"): the document
    // says which longer name the short one stands for.
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
        // Written with its legal suffix anywhere in the document ("Morgan
        // and Co Inc"), a one-word name is whole, not the short form of a
        // longer one.
        let single = |f: &Form| !f.base().contains(char::is_whitespace);
        let whole: Vec<usize> = forms
            .iter()
            .zip(&ids)
            .filter(|(f, _)| single(f) && f.base_len < f.surface.len())
            .map(|(_, &id)| id)
            .collect();
        let whole: Vec<usize> = whole.into_iter().map(|id| groups.find(id)).collect();
        for (k, f) in forms.iter().enumerate() {
            if single(f) && mentions[names[k]].kind == Kind::Company {
                if whole.contains(&groups.find(ids[k])) {
                    continue;
                }
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

/// The entity an acronym names in this document: the document's own
/// expansion ("European Community (EC)") wins, then the sense the alias had
/// on the document's date (data/orgs/dated_aliases.tsv), then the
/// gazetteer's.
fn redefine_acronyms(ctx: &Context, names: &[usize], mentions: &mut [Mention]) {
    let text = ctx.text();
    let lex = &ctx.res.orgs;
    // Folded acronym -> the entity its expansion names.
    let mut defined: Vec<(String, String)> = Vec::new();
    for k in 1..names.len() {
        let (a, b) = (&mentions[names[k - 1]], &mentions[names[k]]);
        if text[a.span.end..b.span.start].trim() != "("
            || !text[b.span.end..].trim_start().starts_with(')')
        {
            continue;
        }
        let (at, bt) = (&text[a.span.clone()], &text[b.span.clone()]);
        let (long, short) = if abbreviates(bt, at) {
            (a, bt)
        } else if abbreviates(at, bt) {
            (b, at)
        } else {
            continue;
        };
        let entity = match &long.attrs.entity {
            Some(e) => e.clone(),
            None => {
                let written = text[long.span.clone()].split_whitespace();
                let written = written.collect::<Vec<_>>().join(" ");
                match long.kind {
                    Kind::Company => lex.without_suffix(&written).to_string(),
                    _ => written,
                }
            }
        };
        defined.push((fold(short), entity));
    }
    let dated = dated_aliases();
    for &i in names {
        let m = &mut mentions[i];
        let written = &text[m.span.clone()];
        if let Some((_, entity)) = defined.iter().find(|(a, _)| folds_to(written, a)) {
            m.attrs.entity = Some(entity.clone());
            continue;
        }
        if m.attrs.entity.is_none() {
            continue;
        }
        let Some(day) = ctx.doc.anchor_at(m.span.start) else {
            continue;
        };
        if let Some(d) = dated
            .iter()
            .find(|d| day <= d.until && folds_to(written, &d.folded))
        {
            m.attrs.entity = Some(d.entity.clone());
        }
    }
}

/// An alias read as another entity up to a day.
struct DatedAlias {
    folded: String,
    until: jiff::civil::Date,
    entity: String,
}

/// The built-in dated aliases, parsed once.
fn dated_aliases() -> &'static [DatedAlias] {
    static TABLE: std::sync::OnceLock<Vec<DatedAlias>> = std::sync::OnceLock::new();
    TABLE.get_or_init(|| {
        parse_dated_aliases(include_str!("../../data/orgs/dated_aliases.tsv"))
            .expect("data/orgs/dated_aliases.tsv is well formed (a unit test checks it)")
    })
}

fn parse_dated_aliases(data: &str) -> Result<Vec<DatedAlias>, String> {
    crate::text::data_lines(data)
        .map(|line| {
            let mut cols = line.split('\t').map(str::trim);
            match (cols.next(), cols.next(), cols.next()) {
                (Some(alias), Some(until), Some(entity)) if !entity.is_empty() => Ok(DatedAlias {
                    folded: fold(alias),
                    until: until.parse().map_err(|e| format!("{line:?}: {e}"))?,
                    entity: entity.to_string(),
                }),
                _ => Err(format!("{line:?}: expected alias, day and entity")),
            }
        })
        .collect()
}

/// Whether `name` is a place the gazetteers know ("Japan", "Hong Kong").
fn names_place(lex: &OrgLexicon, name: &str) -> bool {
    if name.contains(' ') {
        lex.entry_named(name).is_some_and(|e| e.kind == Kind::Place)
    } else {
        lex.is_place_fold(&fold(name))
    }
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
        // A company named by a place and a suffix ("Japan Ltd", a
        // subsidiary's name cut short) keeps the suffix: without it, it
        // would be the place.
        let base = match m.kind {
            Kind::Company => match lex.without_suffix(&surface) {
                b if b.len() < surface.len() && names_place(lex, b) => &surface,
                b => b,
            },
            _ => &surface,
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
            // "Hong Kong Electric" is not "Hong Kong" (one-word places
            // are left out already).
            .filter(|short| !short.contains(' ') || !names_place(lex, short))
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
    /// Family and folded alias ("place:japan") -> canonical name.
    by_family: WordMap<String, String>,
    /// Folded alias -> canonical name of the most mentioned entity of any
    /// family carrying it: what a name without a kind (a user's query, an
    /// event's subject) means.
    canonical: HashMap<String, String>,
    /// Family and folded one-word form carried by several entities
    /// ("org:morgan"): it names none of them on its own.
    ambiguous: WordSet<String>,
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
    /// entities of one family sharing a folded name or alias are one, named
    /// by the name its documents use most (weighted by mentions).
    ///
    /// A one-word form is a short form: "Morgan" beside "Morgan Stanley",
    /// "Security" beside "Security Pacific". It joins a longer entity only
    /// when every document that gives it a longer form gives the same entity
    /// (after the longer forms have merged); a short form that documents
    /// tie to several longer names ("Morgan Stanley", "Morgan Guaranty")
    /// joins none, and an entity that a document named by it is found by
    /// its longer forms (`entity_name`).
    pub fn build<'a>(entities: impl IntoIterator<Item = &'a Entity>) -> Self {
        let entities: Vec<&Entity> = entities.into_iter().collect();
        let mut groups = Groups::default();
        let mut key = String::with_capacity(64);
        let mut keyed = |family: &str, name: &str, groups: &mut Groups| {
            key.clear();
            key.push_str(family);
            key.push(':');
            fold_into(&mut key, name);
            groups.id(&key)
        };
        // The words of each entity's forms without legal suffix, once
        // (`words[at[i] + k]` for the k-th form of entity i).
        let mut at: Vec<usize> = Vec::with_capacity(entities.len() + 1);
        let mut words: Vec<usize> = Vec::with_capacity(3 * entities.len());
        for e in &entities {
            at.push(words.len());
            words.extend(forms(e).map(name_words));
        }
        at.push(words.len());
        let lengths = |i: usize| &words[at[i]..at[i + 1]];
        let has_long = |i: usize| lengths(i).iter().any(|&n| n > 1);
        // First the longer forms: each entity's multi-word forms are one,
        // and so is an entity that has no other.
        let mut anchors: Vec<Option<usize>> = Vec::with_capacity(entities.len());
        // The key of each entity's name (its first form), found below.
        let mut name_ids: Vec<usize> = vec![usize::MAX; entities.len()];
        for (i, e) in entities.iter().enumerate() {
            let family = family(e.kind);
            let mut anchor = None;
            let short_only = !has_long(i);
            for (k, (form, &n)) in forms(e).zip(lengths(i)).enumerate() {
                if n <= 1 && !short_only {
                    continue;
                }
                let id = keyed(family, form, &mut groups);
                if k == 0 {
                    name_ids[i] = id;
                }
                match anchor {
                    Some(a) => groups.union(a, id),
                    None => anchor = Some(id),
                }
                // "Morgan Stanley and Co Inc" is "Morgan Stanley" in any
                // document.
                let stem = stem_of(form, n);
                if stem.len() < form.len() {
                    let stem_id = keyed(family, stem, &mut groups);
                    groups.union(id, stem_id);
                }
            }
            anchors.push(anchor);
        }
        // Then each short form, with the longer entities carrying it.
        let mut carriers: WordMap<usize, Vec<usize>> = WordMap::default();
        let mut shorts: Vec<(usize, usize)> = Vec::new();
        for (i, (e, anchor)) in entities.iter().zip(&anchors).enumerate() {
            let Some(anchor) = *anchor else { continue };
            if !has_long(i) {
                continue;
            }
            for (k, (form, &n)) in forms(e).zip(lengths(i)).enumerate() {
                if n <= 1 {
                    let id = keyed(family(e.kind), form, &mut groups);
                    if k == 0 {
                        name_ids[i] = id;
                    }
                    shorts.push((id, anchor));
                }
            }
        }
        for &(id, anchor) in &shorts {
            let root = groups.find(anchor);
            let list = carriers.entry(id).or_default();
            if !list.contains(&root) {
                list.push(root);
            }
        }
        // The longest form of each longer entity, to tell spellings of one
        // name ("Organisation"/"Organization of the Petroleum Exporting
        // Countries") from different names ("Morgan Stanley"/"Morgan
        // Guaranty").
        let mut spelled: WordMap<usize, &str> = WordMap::default();
        for (e, anchor) in entities.iter().zip(&anchors) {
            if let Some(anchor) = *anchor {
                spelled
                    .entry(groups.find(anchor))
                    .or_insert_with(|| longest(e));
            }
        }
        let mut ambiguous_ids: WordSet<usize> = WordSet::default();
        let mut carried: Vec<(usize, Vec<usize>)> = carriers.into_iter().collect();
        carried.sort_unstable();
        for (id, list) in carried {
            let mut roots: Vec<usize> = list.iter().map(|&r| groups.find(r)).collect();
            roots.sort_unstable();
            roots.dedup();
            let one_name = roots.windows(2).all(|w| {
                matches!((spelled.get(&w[0]), spelled.get(&w[1])), (Some(a), Some(b)) if same_spelling(a, b))
            });
            if one_name {
                for root in roots {
                    groups.union(id, root);
                }
            } else {
                ambiguous_ids.insert(id);
            }
        }
        // Weight of each spelling in each group: "Biden administration" and
        // "Biden Administration" share a key but not a weight.
        let mut weight: WordMap<(usize, &str), usize> = WordMap::default();
        for (i, (e, anchor)) in entities.iter().zip(&anchors).enumerate() {
            let id = name_ids[i];
            // An entity a document named by an ambiguous short form counts
            // for its longer forms, under the longest.
            let (id, name) = match *anchor {
                Some(anchor) if ambiguous_ids.contains(&id) && has_long(i) => (anchor, longest(e)),
                _ => (id, e.name.as_str()),
            };
            *weight.entry((groups.find(id), name)).or_default() += e.mentions.max(1);
        }
        // The best name of each group, and its weight.
        let mut best: WordMap<usize, (usize, &str)> = WordMap::default();
        let mut total: WordMap<usize, usize> = WordMap::default();
        for (&(root, name), &w) in &weight {
            *total.entry(root).or_default() += w;
            let slot = best.entry(root).or_insert((w, name));
            if (w, std::cmp::Reverse(name.len()), name)
                > (slot.0, std::cmp::Reverse(slot.1.len()), slot.1)
            {
                *slot = (w, name);
            }
        }
        let mut sorted: Vec<(String, usize)> =
            groups.ids.iter().map(|(k, &id)| (k.clone(), id)).collect();
        sorted.sort();
        let mut by_family = WordMap::default();
        let mut canonical: HashMap<String, (usize, String)> = HashMap::new();
        let mut ambiguous = WordSet::default();
        for (key, id) in sorted {
            if ambiguous_ids.contains(&id) {
                ambiguous.insert(key.clone());
            }
            let root = groups.find(id);
            if let Some((_, name)) = best.get(&root) {
                let w = total[&root];
                let alias = key.split_once(':').map_or(key.as_str(), |(_, a)| a);
                match canonical.get_mut(alias) {
                    Some(slot) if slot.0 >= w => {}
                    Some(slot) => *slot = (w, name.to_string()),
                    None => {
                        canonical.insert(alias.to_string(), (w, name.to_string()));
                    }
                }
                by_family.insert(key, name.to_string());
            }
        }
        EntityIndex {
            by_family,
            canonical: canonical.into_iter().map(|(a, (_, n))| (a, n)).collect(),
            ambiguous,
        }
    }

    /// The canonical name for any alias, if the entity is known.
    pub fn canonical(&self, name: &str) -> Option<&str> {
        self.canonical.get(&fold(name)).map(String::as_str)
    }

    /// The canonical name of one document's entity: by its name, or, when
    /// the document named it by a short form that several entities share,
    /// by its longest form; never an entity of another family.
    pub fn entity_name(&self, e: &Entity) -> Option<&str> {
        let family = family(e.kind);
        let key = |form: &str| {
            let mut key = String::with_capacity(family.len() + 1 + form.len());
            key.push_str(family);
            key.push(':');
            fold_into(&mut key, form);
            key
        };
        let name = key(&e.name);
        if !self.ambiguous.contains(&name) || !forms(e).any(|f| is_long(&f)) {
            return self.by_family.get(&name).map(String::as_str);
        }
        self.by_family.get(&key(longest(e))).map(String::as_str)
    }

    /// Whether `query` (as a user typed it) names the entity `name`.
    pub fn matches(&self, query: &str, name: &str) -> bool {
        let q = self.canonical(query).map_or_else(|| fold(query), fold);
        let n = self.canonical(name).map_or_else(|| fold(name), fold);
        q == n
    }
}

/// An entity's name and aliases.
fn forms(e: &Entity) -> impl Iterator<Item = &str> {
    std::iter::once(e.name.as_str()).chain(e.aliases.iter().map(String::as_str))
}

/// Whether two names are spellings of one: the same words but small
/// ones ("of", "the"), each written alike or one letter apart in a long
/// word ("Organisation", "Organization").
fn same_spelling(a: &str, b: &str) -> bool {
    let words = |s: &str| -> Vec<String> {
        s.split_whitespace()
            .map(fold)
            .filter(|w| !w.is_empty() && !SMALL_WORDS.contains(&w.as_str()))
            .collect()
    };
    let (a, b) = (words(name_stem(a)), words(name_stem(b)));
    a.len() == b.len()
        && a.iter()
            .zip(&b)
            .all(|(x, y)| x == y || (x.len() >= 6 && one_letter_apart(x, y)))
}

/// Words a name may have or drop without being another name.
const SMALL_WORDS: [&str; 8] = ["of", "for", "the", "a", "an", "and", "on", "de"];

/// Whether `x` and `y` differ by one letter changed, added or dropped.
fn one_letter_apart(x: &str, y: &str) -> bool {
    let (x, y) = (x.as_bytes(), y.as_bytes());
    let (short, long) = if x.len() <= y.len() { (x, y) } else { (y, x) };
    if long.len() - short.len() > 1 {
        return false;
    }
    let head = short.iter().zip(long).take_while(|(a, b)| a == b).count();
    if short.len() == long.len() {
        short[head + 1..] == long[head + 1..]
    } else {
        short[head..] == long[head + 1..]
    }
}

/// An entity's form of the most words (the longest of those).
fn longest(e: &Entity) -> &str {
    forms(e)
        .max_by_key(|f| (name_words(f), f.len()))
        .unwrap_or(&e.name)
}

/// Whether a form has more than one word but its legal suffix: a short
/// form of one word ("Morgan", "Fed") may stand for several longer names,
/// and "Viacom Inc" is no longer a name than "Viacom".
fn is_long(form: &&str) -> bool {
    name_words(form) > 1
}

/// A form without its trailing legal suffixes ("Morgan Stanley and Co Inc"
/// -> "Morgan Stanley").
fn name_stem(form: &str) -> &str {
    stem_of(form, name_words(form))
}

/// The first `n` words of a form.
fn stem_of(form: &str, n: usize) -> &str {
    match form.split_whitespace().nth(n) {
        Some(next) => {
            // The stem ends where the first word cut off starts.
            let at = next.as_ptr() as usize - form.as_ptr() as usize;
            form[..at].trim_end_matches([' ', ','])
        }
        None => form,
    }
}

/// The number of words of a form without its trailing legal suffixes
/// ("Morgan and Co Inc": 1).
fn name_words(form: &str) -> usize {
    let mut n = form.split_whitespace().count();
    let mut rev = form.split_whitespace().rev().peekable();
    while n > 1 && rev.next_if(|w| is_legal_suffix(w)).is_some() {
        n -= 1;
        // "Goldman, Sachs and Co": the "and" goes with the suffix.
        while n > 1
            && rev
                .next_if(|w| folds_to(w, "and") || folds_to(w, ""))
                .is_some()
        {
            n -= 1;
        }
    }
    n
}

/// Whether a word is a legal suffix of data/orgs/suffixes.txt ("Inc.").
fn is_legal_suffix(word: &str) -> bool {
    static SUFFIXES: std::sync::OnceLock<HashSet<String>> = std::sync::OnceLock::new();
    let suffixes = SUFFIXES.get_or_init(|| {
        crate::text::data_lines(include_str!("../../data/orgs/suffixes.txt"))
            .map(fold)
            .filter(|s| !s.is_empty())
            .collect()
    });
    // Folded on the stack: most words are no suffix, and this runs for
    // every word of every name of a corpus.
    let mut buf = [0u8; 16];
    let mut n = 0;
    for b in word.bytes() {
        if !b.is_ascii() {
            return suffixes.contains(&fold(word));
        }
        if b.is_ascii_alphanumeric() {
            if n == buf.len() {
                return false;
            }
            buf[n] = b.to_ascii_lowercase();
            n += 1;
        }
    }
    std::str::from_utf8(&buf[..n]).is_ok_and(|key| suffixes.contains(key))
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

    #[test]
    fn a_short_form_joins_the_one_longer_name_documents_give_it() {
        let docs = [
            // Named "Morgan" by the documents, with different longer forms.
            entity("Morgan", Kind::Company, &["Morgan Stanley and Co"], 3),
            entity("Morgan", Kind::Company, &["Morgan Guaranty Trust"], 2),
            entity("Morgan Stanley", Kind::Company, &[], 4),
            entity("MS", Kind::Company, &["Morgan Stanley Inc"], 1),
            entity("Morgan", Kind::Company, &[], 1),
            // "Quillon" only ever stands for Quillon Technology.
            entity("Quillon", Kind::Company, &["Quillon Technology"], 2),
            entity("Quillon", Kind::Company, &["Quillon Inc"], 1),
        ];
        let index = EntityIndex::build(&docs);
        assert_eq!(index.entity_name(&docs[0]), Some("Morgan Stanley"));
        assert_eq!(index.entity_name(&docs[1]), Some("Morgan Guaranty Trust"));
        assert!(index.matches("Morgan Stanley", "Morgan Stanley and Co"));
        assert!(!index.matches("Morgan Stanley", "Morgan Guaranty Trust"));
        assert!(!index.matches("Morgan", "Morgan Stanley"));
        assert_eq!(index.entity_name(&docs[3]), Some("Morgan Stanley"));
        assert_eq!(index.entity_name(&docs[4]), Some("Morgan"));
        // A legal suffix makes no longer name: one Quillon.
        assert!(index.matches("Quillon Inc", "Quillon Technology"));
        assert_eq!(index.entity_name(&docs[6]), index.entity_name(&docs[5]));
    }

    #[test]
    fn kinds_never_merge_and_spellings_do() {
        let docs = [
            entity("Japan", Kind::Place, &["JAPAN"], 50),
            entity("Japan Ltd", Kind::Company, &[], 2),
            entity("Hong Kong", Kind::Place, &[], 30),
            entity(
                "Hong Kong",
                Kind::Company,
                &["Hong Kong Electric Holdings"],
                3,
            ),
            entity(
                "Organization of the Petroleum Exporting Countries",
                Kind::Agency,
                &["OPEC"],
                9,
            ),
            entity(
                "Organisation of Petroleum Exporting Countries",
                Kind::Agency,
                &["OPEC"],
                2,
            ),
        ];
        let index = EntityIndex::build(&docs);
        assert_eq!(index.entity_name(&docs[2]), Some("Hong Kong"));
        assert_eq!(index.canonical("Hong Kong"), Some("Hong Kong"));
        assert_eq!(index.entity_name(&docs[1]), Some("Japan Ltd"));
        assert_eq!(
            index.entity_name(&docs[5]),
            Some("Organization of the Petroleum Exporting Countries")
        );
        assert!(same_spelling(
            "Organisation of Petroleum",
            "Organization of the Petroleum"
        ));
        assert!(!same_spelling("European Community", "European Commission"));
        assert!(!same_spelling("West Germany", "East Germany"));
        assert!(!same_spelling("Security Pacific", "South Pacific"));
    }

    #[test]
    fn dated_aliases_parse_and_bad_lines_are_refused() {
        let table = parse_dated_aliases(include_str!("../../data/orgs/dated_aliases.tsv"))
            .expect("the built-in table parses");
        let ec = table
            .iter()
            .find(|d| d.folded == "ec")
            .expect("EC is dated");
        assert_eq!(ec.entity, "European Community");
        assert_eq!(ec.until, jiff::civil::date(1993, 10, 31));
        assert!(parse_dated_aliases("EC\tlast year\tEuropean Community").is_err());
        assert!(parse_dated_aliases("EC\t1993-10-31").is_err());
    }
}
