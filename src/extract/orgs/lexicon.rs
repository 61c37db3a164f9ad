//! The knowledge of the names extractor, parsed once from `data/orgs/` (and
//! user gazetteers): gazetteer names compiled into one Aho-Corasick
//! automaton, and the word lists that make up the evidence for a name.

use super::fast_hash::{Packed, WordSet, WordTable};
use super::tokens::{self, Shape};
use crate::model::Kind;
use crate::text::data_lines;
use aho_corasick::{
    AhoCorasick, AhoCorasickBuilder, AhoCorasickKind, Anchored, Input, MatchKind, StartKind,
};
use anyhow::{bail, Context as _};
use std::collections::HashMap;

const GAZETTEERS: [(&str, &str); 10] = [
    (
        "data/orgs/agencies-us.tsv",
        include_str!("../../../data/orgs/agencies-us.tsv"),
    ),
    (
        "data/orgs/agencies-china.tsv",
        include_str!("../../../data/orgs/agencies-china.tsv"),
    ),
    (
        "data/orgs/agencies-europe.tsv",
        include_str!("../../../data/orgs/agencies-europe.tsv"),
    ),
    (
        "data/orgs/agencies-asia.tsv",
        include_str!("../../../data/orgs/agencies-asia.tsv"),
    ),
    (
        "data/orgs/international.tsv",
        include_str!("../../../data/orgs/international.tsv"),
    ),
    (
        "data/orgs/exchanges.tsv",
        include_str!("../../../data/orgs/exchanges.tsv"),
    ),
    (
        "data/orgs/media.tsv",
        include_str!("../../../data/orgs/media.tsv"),
    ),
    (
        "data/orgs/organizations.tsv",
        include_str!("../../../data/orgs/organizations.tsv"),
    ),
    (
        "data/orgs/laws.tsv",
        include_str!("../../../data/orgs/laws.tsv"),
    ),
    (
        "data/orgs/places.tsv",
        include_str!("../../../data/orgs/places.tsv"),
    ),
];
const SUFFIXES: &str = include_str!("../../../data/orgs/suffixes.txt");
const HEADS: &str = include_str!("../../../data/orgs/heads.tsv");
const CONNECTORS: &str = include_str!("../../../data/orgs/connectors.txt");
const TITLES: &str = include_str!("../../../data/orgs/titles.txt");
const GIVEN_NAMES: &str = include_str!("../../../data/orgs/given_names.txt");
const NATIONALITIES: &str = include_str!("../../../data/orgs/nationalities.tsv");
const STOPWORDS: &str = include_str!("../../../data/orgs/stopwords.txt");
const CUES: &str = include_str!("../../../data/orgs/cues.tsv");

/// A named thing the gazetteers know, with its canonical name.
#[derive(Clone, Debug)]
pub struct Entry {
    pub name: String,
    pub kind: Kind,
}

/// What a head word says about the name it ends.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum HeadKind {
    Name(Kind),
    /// Conferences, fairs: not an organization.
    Event,
}

#[derive(Clone, Copy, Debug)]
pub struct Head {
    pub kind: HeadKind,
    /// May be written in lower case after a name ("the Biden administration").
    pub lower: bool,
}

/// What a cue says about the name beside it.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum CueKind {
    Is(Kind),
    /// Some organization, kind unknown.
    Org,
    /// A named agent: person or organization.
    Agent,
    /// A product: counts against an organization.
    Product,
}

#[derive(Clone, Debug)]
pub struct Cue {
    /// Lower-case token texts, in text order.
    pub words: Vec<String>,
    pub kind: CueKind,
    pub weight: f32,
}

/// Phrases (titles, cues) indexed by the word next to the name: the last
/// word for phrases before it, the first for phrases after it.
pub struct Phrases<T> {
    by_word: WordTable<Vec<T>>,
}

impl<T> Default for Phrases<T> {
    fn default() -> Self {
        Phrases {
            by_word: WordTable::default(),
        }
    }
}

impl<T> Phrases<T> {
    /// The phrases whose key word is `word` (as written).
    pub fn get(&self, word: &str) -> &[T] {
        find(&self.by_word, word, true).map_or(&[], Vec::as_slice)
    }

    fn insert(&mut self, key: String, phrase: T) {
        self.by_word.entry_or_default(key).push(phrase);
    }
}

pub struct OrgLexicon {
    automaton: AhoCorasick,
    /// Bit `256 * a + b` when some pattern starts (after its space) with
    /// the bytes `a b`, or is the one byte `a`: most capitalised words start
    /// no name, and skip the automaton.
    pattern_starts: Vec<u64>,
    /// Per automaton pattern (lower case): the forms as written and their
    /// entries.
    patterns: Vec<(String, Vec<(String, usize)>)>,
    pub entries: Vec<Entry>,
    /// Words that keep a following period: "inc", "calif", "mr".
    pub abbreviations: WordTable<()>,
    /// Legal suffixes, lower case without periods: "inc", "ltd", "plc".
    suffixes: WordTable<()>,
    /// The suffixes split off a word they are glued to ("TechnologiesCo.").
    pub glued_tails: WordTable<()>,
    /// Folded one-word place names ("texas", "us").
    place_words: WordTable<()>,
    /// The suffixes usually written in lower case ("plc").
    lower_suffixes: WordTable<()>,
    heads: WordTable<Head>,
    /// Words that join two capitalised words of a name ("of", "for").
    joiners: WordTable<()>,
    /// Words that join two capitalised words directly ("and").
    coordinators: WordTable<()>,
    /// Articles that may follow a joiner ("of the").
    articles: WordTable<()>,
    /// Titles by their first word, longest first.
    pub titles: Phrases<Vec<String>>,
    /// The last word of each title: a title just before a name ends in one.
    title_ends: WordTable<()>,
    given_names: WordTable<()>,
    /// Lower-case adjective -> place ("chinese" -> "China").
    nationalities: WordTable<String>,
    stopwords: WordTable<()>,
    pub cues_before: Phrases<Cue>,
    pub cues_after: Phrases<Cue>,
}

/// A gazetteer name found in the text.
#[derive(Clone, Copy, Debug)]
pub struct Hit {
    pub start: usize,
    pub end: usize,
    pub entry: usize,
}

impl OrgLexicon {
    /// Built-in gazetteers plus user ones given as (name, TSV text).
    pub fn builtin(extra: &[(String, String)]) -> anyhow::Result<Self> {
        let mut entries = Vec::new();
        // Later sources win a form: a user's gazetteer overrides ours.
        let mut forms: HashMap<String, usize> = HashMap::new();
        for (source, text) in GAZETTEERS
            .iter()
            .map(|(s, t)| (s.to_string(), *t))
            .chain(extra.iter().map(|(s, t)| (s.clone(), t.as_str())))
        {
            parse_gazetteer(&source, text, &mut entries, &mut forms)?;
        }
        // Forms that differ only in case or punctuation are one pattern of
        // the automaton; what the text has picks the variant.
        let mut by_folded: HashMap<String, Vec<(String, usize)>> = HashMap::new();
        for (form, entry) in forms {
            by_folded
                .entry(word_start_pattern(&form))
                .or_default()
                .push((form, entry));
        }
        let mut patterns: Vec<(String, Vec<(String, usize)>)> = by_folded.into_iter().collect();
        patterns.sort();
        for (_, variants) in &mut patterns {
            variants.sort();
        }
        let automaton = AhoCorasickBuilder::new()
            .match_kind(MatchKind::LeftmostLongest)
            .kind(Some(AhoCorasickKind::DFA))
            .start_kind(StartKind::Anchored)
            .build(patterns.iter().map(|(p, _)| p))
            .context("cannot compile the gazetteers")?;

        let mut pattern_starts = vec![0u64; 256 * 256 / 64];
        for (p, _) in &patterns {
            let b = p.as_bytes();
            let seconds = match b.get(2) {
                Some(&second) => second..=second,
                None => 0..=255,
            };
            for second in seconds {
                let bit = 256 * usize::from(b[1]) + usize::from(second);
                pattern_starts[bit / 64] |= 1 << (bit % 64);
            }
        }
        let mut suffixes: WordSet<String> = WordSet::default();
        let mut lower_suffixes: WordSet<String> = WordSet::default();
        for s in data_lines(SUFFIXES).map(str::trim) {
            let key = suffix_key(s);
            if s.chars().all(|c| !c.is_uppercase()) {
                lower_suffixes.insert(key.clone());
            }
            suffixes.insert(key);
        }
        let heads: WordTable<Head> = data_lines(HEADS)
            .filter_map(|l| {
                let mut cols = l.split('\t');
                let word = cols.next()?.trim();
                let kind = match cols.next()?.trim() {
                    "event" => HeadKind::Event,
                    k => HeadKind::Name(Kind::parse(k)?),
                };
                let lower = cols.next().is_some_and(|c| c.trim() == "lower");
                Some((word.to_lowercase(), Head { kind, lower }))
            })
            .collect();
        let words = |text: &str| -> WordTable<()> {
            data_lines(text).map(|w| w.trim().to_string()).collect()
        };
        let connectors = |role: &str| -> WordTable<()> {
            data_lines(CONNECTORS)
                .filter_map(|l| l.split_once('\t'))
                .filter(|(_, r)| r.trim() == role)
                .map(|(w, _)| w.trim().to_string())
                .collect()
        };

        // Short suffixes ("Inc.", "Ltd.") and every word written with a final
        // period in the data keep it.
        let mut abbreviations: WordSet<String> = suffixes
            .iter()
            .filter(|s| s.chars().count() <= 4)
            .cloned()
            .collect();
        for text in GAZETTEERS
            .iter()
            .map(|(_, t)| *t)
            .chain([TITLES])
            .chain(extra.iter().map(|(_, t)| t.as_str()))
        {
            for word in text.split(|c: char| c.is_whitespace() || c == '|') {
                if let Some(stem) = word.strip_suffix('.') {
                    if !stem.contains('.') && !stem.is_empty() {
                        abbreviations.insert(stem.to_lowercase());
                    }
                }
            }
        }
        let abbreviations: WordTable<()> = abbreviations.into_iter().collect();
        let phrase = |p: &str| phrase_words(p, &abbreviations);
        let mut titles: Phrases<Vec<String>> = Phrases::default();
        let mut title_ends = Vec::new();
        for t in data_lines(TITLES) {
            let words = phrase(t.trim());
            title_ends.extend(words.last().cloned());
            titles.insert(words[0].clone(), words);
        }
        for list in titles.by_word.values_mut() {
            list.sort_by_key(|w| std::cmp::Reverse(w.len()));
        }
        let mut cues_before: Phrases<Cue> = Phrases::default();
        let mut cues_after: Phrases<Cue> = Phrases::default();
        for (n, line) in data_lines(CUES).enumerate() {
            let cols: Vec<&str> = line.split('\t').collect();
            let [side, text, kind, weight] = cols[..] else {
                bail!("data/orgs/cues.tsv: entry {}: expected 4 columns", n + 1);
            };
            let kind = match kind {
                "org" => CueKind::Org,
                "any" => CueKind::Agent,
                "product" => CueKind::Product,
                k => CueKind::Is(
                    Kind::parse(k).with_context(|| format!("cues.tsv: unknown kind {k}"))?,
                ),
            };
            let cue = Cue {
                words: phrase(text),
                kind,
                weight: weight.parse().context("cues.tsv: bad weight")?,
            };
            let (table, key) = match side {
                "before" => (&mut cues_before, cue.words.last().cloned()),
                "after" => (&mut cues_after, cue.words.first().cloned()),
                s => bail!("cues.tsv: unknown side {s}"),
            };
            if let Some(key) = key {
                table.insert(key, cue);
            }
        }
        for table in [&mut cues_before, &mut cues_after] {
            for list in table.by_word.values_mut() {
                list.sort_by_key(|c| std::cmp::Reverse(c.words.len()));
            }
        }
        let place_words = patterns
            .iter()
            .flat_map(|(_, variants)| variants)
            .filter(|(p, e)| entries[*e].kind == Kind::Place && !p.contains(' '))
            .map(|(p, _)| crate::link::fold(p))
            .collect();
        let nationalities: WordTable<String> = data_lines(NATIONALITIES)
            .filter_map(|l| l.split_once('\t'))
            .map(|(a, p)| (a.trim().to_lowercase(), p.trim().to_string()))
            .collect();
        Ok(OrgLexicon {
            glued_tails: suffixes.iter().filter(|s| s.len() >= 2).cloned().collect(),
            place_words,
            automaton,
            pattern_starts,
            patterns,
            entries,
            abbreviations,
            suffixes: suffixes.into_iter().collect(),
            lower_suffixes: lower_suffixes.into_iter().collect(),
            heads,
            joiners: connectors("joins"),
            coordinators: connectors("coordinates"),
            articles: connectors("article"),
            titles,
            title_ends: title_ends.into_iter().collect(),
            given_names: words(GIVEN_NAMES),
            nationalities,
            stopwords: words(STOPWORDS),
            cues_before,
            cues_after,
        })
    }

    /// Gazetteer names in `text`: whole words, with compatible capitals.
    /// Gazetteer names in `text` starting at the byte offsets `starts`
    /// (increasing): the longest name at each, whole words, capitals
    /// agreeing, none overlapping. Names start at capitalised words, so the
    /// automaton is run from those only instead of over every byte.
    pub fn hits_at(&self, text: &str, starts: impl Iterator<Item = usize>) -> Vec<Hit> {
        // A lower-case copy where every ASCII character but letters and
        // digits is a space, after one leading space: patterns start with a
        // space, so a word start `s` of the text is `s` in the copy (the
        // space before it), and names match across line breaks.
        let mut flat = Vec::with_capacity(text.len() + 1);
        flat.push(b' ');
        flat.extend(text.bytes().map(|b| {
            if b.is_ascii() && !b.is_ascii_alphanumeric() {
                b' '
            } else {
                b.to_ascii_lowercase()
            }
        }));
        let mut out: Vec<Hit> = Vec::with_capacity(16);
        for start in starts {
            if out.last().is_some_and(|h| h.end > start) || flat[start] != b' ' {
                continue;
            }
            if let (Some(&a), Some(&b)) = (flat.get(start + 1), flat.get(start + 2)) {
                let bit = 256 * usize::from(a) + usize::from(b);
                if self.pattern_starts[bit / 64] & (1 << (bit % 64)) == 0 {
                    continue;
                }
            }
            // The longest name may not fit ("Washington post"): try the
            // shorter ones starting there.
            let mut end = flat.len();
            while let Some(m) = self
                .automaton
                .find(Input::new(&flat).range(start..end).anchored(Anchored::Yes))
            {
                if let Some(entry) = self.variant(text, m.pattern().as_usize(), start, m.end() - 1)
                {
                    out.push(Hit {
                        start,
                        end: m.end() - 1,
                        entry,
                    });
                    break;
                }
                end = m.end() - 1;
            }
        }
        out
    }

    /// Gazetteer names anywhere in `text` (at every word start).
    pub fn hits(&self, text: &str) -> Vec<Hit> {
        let starts = text.char_indices().filter_map(|(i, c)| {
            let after_boundary = text[..i]
                .chars()
                .next_back()
                .map_or(true, |p| !p.is_alphanumeric());
            (c.is_alphanumeric() && after_boundary).then_some(i)
        });
        self.hits_at(text, starts)
    }

    /// The entry of the form of `pattern` that the text at `start..end`
    /// writes: same characters (any space for any space), capitals agreeing.
    fn variant(&self, text: &str, pattern: usize, start: usize, end: usize) -> Option<usize> {
        if !whole_words(text, start, end) {
            return None;
        }
        let found = &text[start..end];
        let (_, variants) = &self.patterns[pattern];
        variants
            .iter()
            .find(|(form, _)| {
                form.len() == found.len()
                    && form.bytes().zip(found.bytes()).all(|(a, b)| {
                        a.eq_ignore_ascii_case(&b) || (a == b' ' && b.is_ascii_whitespace())
                    })
                    && capitals_agree(form, found)
            })
            .map(|(_, entry)| *entry)
    }

    /// Whether `word` is a legal suffix ("Inc.", "Ltd", "plc").
    #[inline]
    pub fn is_suffix(&self, word: &str, shape: Shape) -> bool {
        let table = match shape {
            Shape::Cap | Shape::Upper => &self.suffixes,
            Shape::Lower => &self.lower_suffixes,
            _ => return false,
        };
        find(table, word, false).is_some()
    }

    pub fn is_place_fold(&self, folded: &str) -> bool {
        self.place_words.contains(folded)
    }

    /// A name without its trailing legal suffixes ("Zentrix Group Inc." ->
    /// "Zentrix Group", "Korvan TechnologiesCo." -> "Korvan Technologies").
    pub fn without_suffix<'a>(&self, name: &'a str) -> &'a str {
        let mut name = name.trim_end_matches([',', ' ']);
        loop {
            let (rest, last) = match name.rsplit_once(char::is_whitespace) {
                Some(split) => split,
                None => ("", name),
            };
            let glued = tokens::camel_split(last);
            let cut = if !rest.is_empty() && self.is_suffix_word(last) {
                rest.len()
            } else if glued > 0 && self.is_suffix_word(&last[glued..]) {
                name.len() - last.len() + glued
            } else {
                return name;
            };
            // "Goldman, Sachs and Co": the "and" went with the suffix.
            name = name[..cut].trim_end_matches([',', ' ', '\n', '&']);
            name = name.strip_suffix(" and").unwrap_or(name);
        }
    }

    fn is_suffix_word(&self, word: &str) -> bool {
        let shape = if word.starts_with(char::is_uppercase) {
            Shape::Cap
        } else {
            Shape::Lower
        };
        self.is_suffix(word, shape)
    }

    /// A company name without its trailing head words ("Korvan
    /// Technologies" -> "Korvan", "Apple Computer" -> "Apple"), when what
    /// remains is a name of its own (not a place or a nationality).
    pub fn without_company_heads<'a>(&self, name: &'a str) -> Option<&'a str> {
        let mut rest = name;
        while let Some((head, last)) = rest.rsplit_once(char::is_whitespace) {
            let company =
                matches!(self.head(last), Some(h) if h.kind == HeadKind::Name(Kind::Company));
            if !company {
                break;
            }
            rest = head.trim_end();
        }
        let single = !rest.contains(char::is_whitespace);
        let common = single
            && (self.is_place_fold(&crate::link::fold(rest)) || self.nationality(rest).is_some());
        (rest.len() < name.len() && !rest.is_empty() && !common).then_some(rest)
    }

    /// The gazetteer entry a whole string names ("TheStreet.com").
    pub fn entry_named(&self, name: &str) -> Option<&Entry> {
        self.hits(name)
            .into_iter()
            .find(|h| h.start == 0 && h.end == name.len())
            .map(|h| &self.entries[h.entry])
    }

    /// What a head word ("Department", "Group") says, in any case.
    #[inline]
    pub fn head(&self, word: &str) -> Option<Head> {
        find(&self.heads, word, true).copied()
    }

    pub fn is_joiner(&self, word: &str) -> bool {
        self.joiners.contains(word)
    }

    pub fn is_coordinator(&self, word: &str) -> bool {
        self.coordinators.contains(word)
    }

    pub fn is_article(&self, word: &str) -> bool {
        self.articles.contains(word)
    }

    pub fn is_given_name(&self, word: &str) -> bool {
        self.given_names.contains(word)
    }

    /// The place a nationality adjective names ("Chinese" -> "China").
    pub fn nationality(&self, word: &str) -> Option<&str> {
        find(&self.nationalities, word, true).map(String::as_str)
    }

    pub fn is_stopword(&self, word: &str) -> bool {
        self.stopwords.contains(word)
    }

    /// Whether `word` may be the last word of a title (compared as titles
    /// are, by `eq_key`).
    pub fn ends_title(&self, word: &str) -> bool {
        find(&self.title_ends, word, true).is_some()
    }
}

fn suffix_key(word: &str) -> String {
    word.chars()
        .filter(|c| *c != '.')
        .flat_map(char::to_lowercase)
        .collect()
}

/// The lower-case token texts of a data phrase, tokenized like the text. A
/// name is put before it so that "'s shares" reads as a possessive.
fn phrase_words(phrase: &str, abbreviations: &WordTable<()>) -> Vec<String> {
    let text = format!(
        "X{}{phrase}",
        if phrase.starts_with(['\'', '’']) {
            ""
        } else {
            " "
        }
    );
    let toks = tokens::tokenize(&text, &[], abbreviations, &WordTable::default());
    toks.list
        .iter()
        .skip(1)
        .map(|t| normalise(&text[t.span.clone()]))
        .collect()
}

/// Lower case with the typographic apostrophe made plain: how words compare.
pub fn normalise(word: &str) -> String {
    word.chars()
        .map(plain_apostrophe)
        .flat_map(char::to_lowercase)
        .collect()
}

fn plain_apostrophe(c: char) -> char {
    if c == '’' {
        '\''
    } else {
        c
    }
}

/// Whether `word` normalised equals `key` (already normalised), without
/// allocating.
pub fn eq_key(word: &str, key: &str) -> bool {
    if word.is_ascii() {
        // Keys are lower case: an ASCII word matches byte for byte.
        return word.len() == key.len()
            && word
                .bytes()
                .zip(key.bytes())
                .all(|(w, k)| w.to_ascii_lowercase() == k);
    }
    word.chars()
        .map(plain_apostrophe)
        .flat_map(char::to_lowercase)
        .eq(key.chars())
}

/// The value in `table` of `word` normalised as by `with_key`: short ASCII
/// words packed straight from the text.
#[inline]
pub fn find<'t, V>(table: &'t WordTable<V>, word: &str, keep_dots: bool) -> Option<&'t V> {
    match Packed::new(word.as_bytes(), true, !keep_dots) {
        Some(p) => table.get_packed(p),
        None => with_key(word, keep_dots, |k| table.get(k)),
    }
}

/// Call `f` with `word` normalised (and without periods unless `keep_dots`),
/// on the stack for the short ASCII words that make up nearly all lookups.
pub fn with_key<R>(word: &str, keep_dots: bool, f: impl FnOnce(&str) -> R) -> R {
    let b = word.as_bytes();
    // Already a key: lower case ASCII, with no period to drop.
    if b.iter()
        .all(|&c| c.is_ascii() && !c.is_ascii_uppercase() && (keep_dots || c != b'.'))
    {
        return f(word);
    }
    let mut buf = [0u8; 48];
    if word.is_ascii() && word.len() <= buf.len() {
        let mut n = 0;
        for b in word.bytes().filter(|&b| keep_dots || b != b'.') {
            buf[n] = b.to_ascii_lowercase();
            n += 1;
        }
        return f(std::str::from_utf8(&buf[..n]).unwrap_or_default());
    }
    let owned: String = word
        .chars()
        .filter(|&c| keep_dots || c != '.')
        .map(plain_apostrophe)
        .flat_map(char::to_lowercase)
        .collect();
    f(&owned)
}

/// Parse one gazetteer: `name<TAB>kind<TAB>alias|alias`. Each name and alias
/// is a form to find; forms with an apostrophe also match the typographic
/// one, and "U.S. X" also matches "US X".
fn parse_gazetteer(
    source: &str,
    text: &str,
    entries: &mut Vec<Entry>,
    forms: &mut HashMap<String, usize>,
) -> anyhow::Result<()> {
    for (n, line) in text.lines().enumerate() {
        let line = line.trim_end_matches('\r');
        if line.trim().is_empty() || line.trim_start().starts_with('#') {
            continue;
        }
        let mut cols = line.split('\t');
        let name = cols.next().unwrap_or("").trim();
        let kind_text = cols.next().map(str::trim).unwrap_or("");
        let kind = Kind::parse(kind_text)
            .filter(|k| k.is_name())
            .with_context(|| {
                format!(
                    "{source}:{}: kind must be one of company, agency, organization, media, person, place, law (got {kind_text:?})",
                    n + 1
                )
            })?;
        if name.is_empty() {
            bail!("{source}:{}: empty name", n + 1);
        }
        let entry = entries.len();
        entries.push(Entry {
            name: name.to_string(),
            kind,
        });
        let aliases = cols.next().unwrap_or("");
        for form in std::iter::once(name).chain(aliases.split('|').map(str::trim)) {
            if form.is_empty() {
                continue;
            }
            let mut variants = vec![form.to_string()];
            if let Some(rest) = form.strip_prefix("U.S. ") {
                variants.push(format!("US {rest}"));
            }
            for v in variants.clone() {
                if v.contains('\'') {
                    variants.push(v.replace('\'', "’"));
                }
            }
            for v in variants {
                forms.insert(v, entry);
            }
        }
    }
    Ok(())
}

/// The automaton pattern of a gazetteer form: a space, then the form in
/// lower case with every ASCII character but letters and digits a space.
fn word_start_pattern(form: &str) -> String {
    std::iter::once(' ')
        .chain(form.chars().map(|c| {
            if c.is_ascii() && !c.is_ascii_alphanumeric() {
                ' '
            } else {
                c.to_ascii_lowercase()
            }
        }))
        .collect()
}

/// The match neither starts nor ends inside a word.
fn whole_words(text: &str, start: usize, end: usize) -> bool {
    let before = text[..start].chars().next_back();
    let after = text[end..].chars().next();
    let first = text[start..].chars().next();
    let last = text[..end].chars().next_back();
    let inside = |edge: Option<char>, out: Option<char>| {
        edge.is_some_and(char::is_alphanumeric) && out.is_some_and(char::is_alphanumeric)
    };
    !inside(first, before) && !inside(last, after)
}

/// A capital in the gazetteer form needs a capital in the text; a lower-case
/// letter may be capitalised at the start of a word ("Department Of The
/// Treasury") or anywhere in an all-caps word.
fn capitals_agree(pattern: &str, found: &str) -> bool {
    let lined_up = pattern.len() == found.len()
        && pattern.is_ascii()
        && found.is_ascii()
        && pattern
            .bytes()
            .zip(found.bytes())
            .all(|(a, b)| a.is_ascii_alphanumeric() == b.is_ascii_alphanumeric());
    if lined_up {
        return capitals_agree_ascii(pattern.as_bytes(), found.as_bytes());
    }
    let words_p = pattern.split(|c: char| !c.is_alphanumeric());
    let words_f = found.split(|c: char| !c.is_alphanumeric());
    words_p.zip(words_f).all(|(p, f)| {
        let all_caps = !f.chars().any(char::is_lowercase);
        p.chars().zip(f.chars()).enumerate().all(|(i, (a, b))| {
            if a.is_uppercase() {
                b.is_uppercase()
            } else {
                !b.is_uppercase() || i == 0 || all_caps
            }
        })
    })
}

/// `capitals_agree` of two ASCII strings whose words line up (as the
/// forms `variant` compares do), byte by byte.
fn capitals_agree_ascii(pattern: &[u8], found: &[u8]) -> bool {
    let mut start = 0;
    while start < found.len() {
        let end = found[start..]
            .iter()
            .position(|b| !b.is_ascii_alphanumeric())
            .map_or(found.len(), |n| start + n);
        let (p, f) = (&pattern[start..end], &found[start..end]);
        let all_caps = !f.iter().any(u8::is_ascii_lowercase);
        let agree = p.iter().zip(f).enumerate().all(|(i, (a, b))| {
            if a.is_ascii_uppercase() {
                b.is_ascii_uppercase()
            } else {
                !b.is_ascii_uppercase() || i == 0 || all_caps
            }
        });
        if !agree {
            return false;
        }
        start = end + 1;
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn capitals_must_agree() {
        for (p, f, ok) in [
            ("US", "US", true),
            ("US", "us", false),
            ("US", "Us", false),
            ("WHO", "Who", false),
            (
                "Department of the Treasury",
                "Department Of The Treasury",
                true,
            ),
            (
                "Department of the Treasury",
                "DEPARTMENT OF THE TREASURY",
                true,
            ),
            ("Department of Commerce", "department of commerce", false),
            ("Fed", "FED", true),
            ("Fed", "fed", false),
        ] {
            assert_eq!(capitals_agree(p, f), ok, "{p} / {f}");
        }
    }

    #[test]
    fn builtin_gazetteers_find_names_as_words() {
        let lex = OrgLexicon::builtin(&[]).unwrap();
        let text = "The U.S. Treasury Department’s Office of Foreign Assets Control (OFAC) and China’s People’s Liberation Army; focus on us.";
        let found: Vec<(&str, &str)> = lex
            .hits(text)
            .iter()
            .map(|h| (&text[h.start..h.end], lex.entries[h.entry].name.as_str()))
            .collect();
        assert_eq!(
            found,
            vec![
                (
                    "U.S. Treasury Department",
                    "U.S. Department of the Treasury"
                ),
                (
                    "Office of Foreign Assets Control",
                    "Office of Foreign Assets Control"
                ),
                ("OFAC", "Office of Foreign Assets Control"),
                (
                    "China’s People’s Liberation Army",
                    "People's Liberation Army"
                ),
            ]
        );
    }

    #[test]
    fn user_gazetteers_add_names_and_report_bad_lines() {
        let extra = vec![(
            "mine.tsv".to_string(),
            "Acme Widgets\tcompany\tAcme|AW\n".to_string(),
        )];
        let lex = OrgLexicon::builtin(&extra).unwrap();
        let hits = lex.hits("Shares of Acme rose.");
        assert_eq!(hits.len(), 1);
        assert_eq!(lex.entries[hits[0].entry].name, "Acme Widgets");
        let bad = vec![("bad.tsv".to_string(), "Acme\tfirm\n".to_string())];
        let err = OrgLexicon::builtin(&bad).err().unwrap().to_string();
        assert!(err.contains("bad.tsv:1"), "{err}");
    }
}
