//! Companies, agencies, organizations, media, people, places and laws.
//!
//! 1. One scan cuts the text into tokens; one Aho-Corasick pass finds the
//!    gazetteer names (agencies, exchanges, media, places, laws ...).
//! 2. Runs of capitalised words outside headlines are cut into candidate
//!    names; each occurrence gathers evidence from its own words (legal
//!    suffix, head word, title, given name) and from its context ("shares
//!    of X", "X said", "X spokesman", "firm X").
//! 3. Evidence adds up per name over the document; acronym definitions and
//!    coordinations pass a kind from one name to another; names that reach
//!    the threshold are accepted, with their shorter forms.
//! 4. A last pass marks every occurrence of an accepted name, in headlines
//!    and at sentence starts too, where capitals alone prove nothing.

mod candidates;
mod evidence;
pub(crate) mod fast_hash;
mod lexicon;
mod tokens;

pub use lexicon::{Entry, OrgLexicon};

use super::Context;
use crate::link::{abbreviates, folds_to};
use crate::model::{Kind, Mention};
use candidates::{Class, Segment, Segmenter, TokenHit};
use evidence::{Candidates, Decision};
use fast_hash::WordMap;
use lexicon::Hit;
use std::ops::Range;
use tokens::{Shape, Tokens};

pub fn extract(ctx: &Context) -> Vec<Mention> {
    let text = ctx.text();
    let lex = &ctx.res.orgs;
    let tokens = tokens::tokenize(text, ctx.sentences, &lex.abbreviations, &lex.glued_tails);
    let starts = tokens
        .list
        .iter()
        .filter(|t| t.is_capitalised())
        .map(|t| t.span.start);
    let hits = token_hits(&tokens, &lex.hits_at(text, starts));
    let runs = candidates::runs(text, &tokens, lex);
    let segmenter = Segmenter {
        text,
        tokens: &tokens,
        lex,
        hits: &hits,
    };
    // A run is one segment or two, most often.
    let mut segments = Vec::with_capacity(2 * runs.len());
    for run in &runs {
        segmenter.segments(run.clone(), &mut segments);
    }
    let mut mentions = Vec::with_capacity(segments.len() + hits.len());
    extend_lower_heads(text, &tokens, lex, &mut segments, &mut mentions);
    let doc = Analysis::new(text, &tokens, lex, &segments);
    let known = doc.known_names();
    mark_known(text, &tokens, lex, &runs, &hits, &known, &mut mentions);
    for h in &hits {
        if !product_follows(text, &tokens, lex, h) {
            let entry = &lex.entries[h.entry];
            let mut m = Mention::new(entry.kind, span(&tokens, h.start..h.end));
            m.attrs.entity = Some(entry.name.clone());
            mentions.push(m);
        }
    }
    let settled = super::settle_overlaps(mentions);
    merge_titled_persons(&segmenter, settled)
}

/// "Apple CEO Steve Jobs", "Apple Inc. co-founder Steve Jobs": a name, a
/// title and a person are one mention of the person, the name a modifier.
fn merge_titled_persons(seg: &Segmenter, mentions: Vec<Mention>) -> Vec<Mention> {
    let list = &seg.tokens.list;
    let token_at = |pos: usize| list.partition_point(|t| t.span.start < pos);
    let mut out: Vec<Mention> = Vec::with_capacity(mentions.len());
    for m in mentions {
        let merge = m.kind == Kind::Person
            && out.last().is_some_and(|prev| {
                if !prev.kind.is_org() {
                    return false;
                }
                // Titles, maybe joined by "and", fill the gap exactly.
                let (mut i, end) = (token_at(prev.span.end), token_at(m.span.start));
                let mut titles = 0;
                while i < end {
                    match seg.title_at(i, end) {
                        Some(next) => {
                            titles += 1;
                            i = next;
                        }
                        None if titles > 0 && seg.tokens.text(seg.text, i) == "and" => i += 1,
                        None => return false,
                    }
                }
                titles > 0 && i == end && list[end - 1].span.end <= m.span.start
            });
        if merge {
            let prev = out.pop().expect("checked above");
            let mut person = m;
            person.span = prev.span.start..person.span.end;
            out.push(person);
        } else {
            out.push(m);
        }
    }
    out
}

/// What being the last word of a bare two- or three-word name ("Elliott
/// Schlang") tells about that word alone: a surname.
const SURNAME: f32 = 2.0;

/// Byte span of a token range.
fn span(tokens: &Tokens, toks: Range<usize>) -> Range<usize> {
    tokens.list[toks.start].span.start..tokens.list[toks.end - 1].span.end
}

/// Gazetteer hits that start and end on token edges, in token indices.
fn token_hits(tokens: &Tokens, hits: &[Hit]) -> Vec<TokenHit> {
    let list = &tokens.list;
    let mut out = Vec::with_capacity(hits.len());
    out.extend(hits.iter().filter_map(|h| {
        let start = list.partition_point(|t| t.span.start < h.start);
        let end = list.partition_point(|t| t.span.end <= h.end);
        (start < end && list[start].span.start == h.start && list[end - 1].span.end == h.end)
            .then_some(TokenHit {
                start,
                end,
                entry: h.entry,
            })
    }));
    out
}

/// A one-word agency or medium used as a modifier of a thing ("Treasury
/// bills", "Fed funds") is not a mention of it.
fn product_follows(text: &str, tokens: &Tokens, lex: &OrgLexicon, h: &TokenHit) -> bool {
    if h.end - h.start != 1 || lex.entries[h.entry].kind == Kind::Place {
        return false;
    }
    evidence::CueReader::new(text, tokens, h.start)
        .cue_after(lex, h.end)
        .is_some_and(|c| c.kind == lexicon::CueKind::Product)
}

/// "the Biden administration", "the Chinese government": a name with a
/// lower-case head that may be written so (data/orgs/heads.tsv).
fn extend_lower_heads(
    text: &str,
    tokens: &Tokens,
    lex: &OrgLexicon,
    segments: &mut [Segment],
    mentions: &mut Vec<Mention>,
) {
    let list = &tokens.list;
    for seg in segments.iter_mut().filter(|s| !s.headline) {
        let place = matches!(seg.class, Class::Gazetteer(e) if lex.entries[e].kind == Kind::Place);
        if !(seg.class == Class::Bare || place) {
            continue;
        }
        let (start, end) = (seg.toks.start, seg.toks.end);
        let the = start > 0 && text[list[start - 1].span.clone()].eq_ignore_ascii_case("the");
        let Some(next) = list.get(end).filter(|t| t.shape == Shape::Lower) else {
            continue;
        };
        let head = lex.head(&text[next.span.clone()]).filter(|h| h.lower);
        if let (true, Some(lexicon::HeadKind::Name(kind))) = (the, head.map(|h| h.kind)) {
            seg.toks.end = end + 1;
            seg.core_end = end + 1;
            seg.class = Class::Named {
                kind,
                suffix: false,
            };
            mentions.push(Mention::new(kind, span(tokens, seg.toks.clone())));
        }
    }
}

/// The folded words of tokens `toks` (punctuation left out), joined by
/// spaces into `key`: how candidates are keyed.
fn fold_words(key: &mut String, text: &str, tokens: &Tokens, toks: Range<usize>) {
    key.clear();
    extend_folded(key, text, tokens, toks);
}

/// Go on with `fold_words` over more tokens.
fn extend_folded(key: &mut String, text: &str, tokens: &Tokens, toks: Range<usize>) {
    for i in toks.filter(|&i| tokens.list[i].is_word()) {
        let start = key.len();
        if start > 0 {
            key.push(' ');
        }
        push_folded(key, tokens.text(text, i));
        if key.len() == start + 1 {
            key.pop();
        }
    }
}

/// The evidence of a whole document and the decisions drawn from it.
struct Analysis<'a> {
    text: &'a str,
    tokens: &'a Tokens,
    lex: &'a OrgLexicon,
    candidates: Candidates,
    /// Candidate per segment (none for gazetteer names).
    of_segment: Vec<Option<usize>>,
    /// Person candidates and the name they stand for ("Jobs" -> "Steve Jobs").
    person_names: WordMap<usize, String>,
    /// Scratch space for candidate keys.
    scratch: String,
    scratch_word: String,
}

impl<'a> Analysis<'a> {
    fn new(text: &'a str, tokens: &'a Tokens, lex: &'a OrgLexicon, segments: &[Segment]) -> Self {
        let mut doc = Analysis {
            text,
            tokens,
            lex,
            // A segment adds a candidate or two at most, often none.
            candidates: Candidates::with_capacity(segments.len()),
            of_segment: Vec::with_capacity(segments.len()),
            person_names: WordMap::default(),
            scratch: String::new(),
            scratch_word: String::new(),
        };
        for seg in segments {
            let c = doc.add(seg);
            doc.of_segment.push(c);
        }
        doc.count_lowercase();
        doc.link_definitions(segments);
        let pairs = doc.coordinations(segments);
        doc.candidates.coordinate(&pairs);
        doc
    }

    /// Record one segment's occurrence.
    fn add(&mut self, seg: &Segment) -> Option<usize> {
        let mut key = std::mem::take(&mut self.scratch);
        let c = self.add_with(seg, &mut key);
        self.scratch = key;
        c
    }

    fn add_with(&mut self, seg: &Segment, key: &mut String) -> Option<usize> {
        let (text, tokens, lex) = (self.text, self.tokens, self.lex);
        if let Class::Gazetteer(entry) = seg.class {
            // Known already; a candidate only to pass its kind on.
            let kind = lex.entries[entry].kind;
            fold_words(key, text, tokens, seg.toks.clone());
            if key.is_empty() {
                return None;
            }
            let c = self.candidates.get_or_insert(key);
            let candidate = &mut self.candidates.list[c];
            candidate.internal = Some(kind);
            candidate.gazetteer = true;
            return Some(c);
        }
        fold_words(key, text, tokens, seg.toks.start..seg.core_end);
        let first = tokens.text(text, seg.toks.start);
        // A nationality or a lone letter is no name of its own.
        let one_word = !key.contains(' ');
        let lone = one_word && (lex.nationality(first).is_some() || key.chars().count() == 1);
        if key.is_empty() || lone {
            return None;
        }
        let c = self.candidates.get_or_insert(key);
        // In a headline only a legal suffix says something.
        let mut seg = seg.clone();
        if seg.headline && !matches!(seg.class, Class::Named { suffix: true, .. }) {
            seg.class = Class::Bare;
        }
        let score = if seg.headline {
            evidence::Score::default()
        } else {
            let titles = Segmenter {
                text,
                tokens,
                lex,
                hits: &[],
            };
            let end = tokens.list.len();
            evidence::context(text, tokens, lex, &seg, |i| titles.title_at(i, end))
        };
        // "Elliott Schlang": two or three bare capitalised words read as a
        // person's name, whose last word alone is then a surname.
        // The cheap tests first: most segments fail them.
        let person_like = !seg.headline && seg.class == Class::Bare && {
            let words = seg
                .toks
                .clone()
                .filter(|&i| tokens.list[i].is_word())
                .count();
            (2..=3).contains(&words)
                && seg.toks.clone().all(|i| {
                    let t = &tokens.list[i];
                    t.shape == Shape::Cap && !lex.is_stopword(tokens.text(text, i))
                })
        };
        if person_like {
            let mut last = std::mem::take(&mut self.scratch_word);
            fold_words(&mut last, text, tokens, seg.toks.end - 1..seg.toks.end);
            if !last.is_empty() {
                let s = self.candidates.get_or_insert(&last);
                let person = &mut self.candidates.list[s].score.person;
                *person = person.max(SURNAME);
            }
            self.scratch_word = last;
        }
        let informative = !seg.headline && !tokens.list[seg.toks.start].initial;
        // The whole form: the core's words, then the suffix's.
        extend_folded(key, text, tokens, seg.core_end..seg.toks.end);
        self.candidates.add(c, &seg, key, &score, informative);
        if seg.class == Class::Person {
            let name = text[span(tokens, seg.name_start..seg.toks.end)].to_string();
            fold_words(key, text, tokens, seg.name_start..seg.toks.end);
            let full = key.as_str();
            let surname = full.rsplit(' ').next().unwrap_or_default();
            // Each part is its candidate's core: no form to add.
            for part in [full, surname].into_iter().filter(|p| !p.is_empty()) {
                let p = self.candidates.get_or_insert(part);
                self.candidates.list[p].person = true;
                self.person_names.insert(p, name.clone());
            }
            self.person_names.insert(c, name);
        }
        Some(c)
    }

    /// How often each one-word candidate appears in lower case.
    fn count_lowercase(&mut self) {
        let single: WordMap<&str, usize> = self
            .candidates
            .list
            .iter()
            .enumerate()
            .filter(|(_, c)| !c.core.contains(' ') && c.internal.is_none())
            .map(|(i, c)| (c.core.as_str(), i))
            .collect();
        if single.is_empty() {
            return;
        }
        // Hash only the words that could be one of them: per first byte, a
        // bit for each length (63 for longer).
        let mut lengths = [0u64; 256];
        for word in single.keys() {
            lengths[usize::from(word.as_bytes()[0])] |= 1 << word.len().min(63);
        }
        let mut seen = Vec::new();
        let bytes = self.text.as_bytes();
        for t in &self.tokens.list {
            // The first byte and length before the text itself.
            if t.shape != Shape::Lower
                || lengths[usize::from(bytes[t.span.start])] & (1 << t.span.len().min(63)) == 0
            {
                continue;
            }
            if let Some(&i) = single.get(&self.text[t.span.clone()]) {
                seen.push(i);
            }
        }
        drop(single);
        for i in seen {
            self.candidates.list[i].lowercase += 1;
        }
    }

    /// "Office of Foreign Assets Control (OFAC)": the acronym and the long
    /// form share a kind, whichever of them is known.
    fn link_definitions(&mut self, segments: &[Segment]) {
        let list = &self.tokens.list;
        let word = |i: usize| list.get(i).map(|t| &self.text[t.span.clone()]);
        for (k, pair) in segments.windows(2).enumerate() {
            let (long, short) = (&pair[0], &pair[1]);
            let defined = word(long.toks.end) == Some("(")
                && short.toks.start == long.toks.end + 1
                && word(short.toks.end) == Some(")");
            let (Some(l), Some(s)) = (self.of_segment[k], self.of_segment[k + 1]) else {
                continue;
            };
            if !defined
                || !abbreviates(
                    &self.text[span(self.tokens, short.toks.clone())],
                    &self.text[span(self.tokens, long.toks.clone())],
                )
            {
                continue;
            }
            // What a name's own words say beats context: the long form's
            // head word first, then the acronym's gazetteer entry.
            let list = &mut self.candidates.list;
            if let Some(kind) = list[l].internal.or(list[s].internal) {
                list[l].internal = Some(kind);
                list[s].internal = Some(kind);
                continue;
            }
            for (from, to) in [(l, s), (s, l)] {
                if let Decision::Name(kind) = list[from].decide() {
                    if list[to].decide() == Decision::Undecided {
                        list[to].internal = Some(kind);
                    }
                }
            }
        }
    }

    /// Neighbouring segments joined by "and", "or" or commas.
    fn coordinations(&self, segments: &[Segment]) -> Vec<(usize, usize)> {
        let list = &self.tokens.list;
        let mut pairs = Vec::new();
        for (k, pair) in segments.windows(2).enumerate() {
            let (a, b) = (&pair[0], &pair[1]);
            if a.headline || list[a.toks.start].sentence != list[b.toks.start].sentence {
                continue;
            }
            let between = a.toks.end..b.toks.start;
            let word = |i: usize| &self.text[list[i].span.clone()];
            let separator = |i: usize| matches!(word(i), "," | "and" | "or" | "&");
            // A comma alone joins only inside a list: "X, Y and Z".
            let listed = between.clone().any(|i| word(i) != ",")
                || (b.toks.end < list.len() && separator(b.toks.end));
            let joined = !between.is_empty()
                && between.clone().all(separator)
                && listed
                && !list[a.toks.start].initial;
            if let (true, Some(x), Some(y)) = (joined, self.of_segment[k], self.of_segment[k + 1]) {
                pairs.push((x, y));
            }
        }
        pairs
    }

    /// The names accepted in this document, every form of each, with the
    /// shorter forms of company names ("Zentrix Group Inc." -> "Zentrix
    /// Group", "Zentrix").
    fn known_names(&self) -> KnownNames<'_> {
        let decided: Vec<Decision> = self.candidates.list.iter().map(|c| c.decide()).collect();
        let names = decided
            .iter()
            .filter(|d| matches!(d, Decision::Name(_)))
            .count();
        // Room for each name's core and a form or two.
        let mut known = KnownNames::with_capacity(2 * names);
        for (i, c) in self.candidates.list.iter().enumerate() {
            let Decision::Name(kind) = decided[i] else {
                continue;
            };
            if c.gazetteer {
                continue;
            }
            let entity = self.person_names.get(&i).map(String::as_str);
            // The forms that differ from the core, then the core.
            for form in c.forms.iter().chain([&c.core]) {
                known.add(form, kind, entity);
            }
            // The short form counts where the document writes it alone
            // ("Apple" after "Apple Computer"), not as a guess ("United" of
            // "United Technologies").
            if kind == Kind::Company {
                // A candidate of its own, left undecided (cores are unique).
                if let Some(short) = self.short_form(&c.core) {
                    if self
                        .candidates
                        .index_of(short)
                        .is_some_and(|s| decided[s] == Decision::Undecided)
                    {
                        known.add(short, kind, None);
                    }
                }
            }
        }
        // A word met alone that starts an accepted company name is that
        // company ("Quillon" after "Quillon Technology").
        // Few: a list.
        let company_starts: Vec<&str> = self
            .candidates
            .list
            .iter()
            .zip(&decided)
            .filter(|(c, d)| **d == Decision::Name(Kind::Company) && c.core.contains(' '))
            .filter_map(|(c, _)| c.core.split(' ').next())
            .collect();
        for (c, d) in self.candidates.list.iter().zip(&decided) {
            // Mid-sentence, or at a sentence start with some evidence of its
            // own ("Quillon filed for an IPO").
            let seen = c.informative > 0 || c.score.organization_total() > 0.0;
            let alone = !c.core.contains(' ') && seen && *d == Decision::Undecided;
            if alone && company_starts.contains(&c.core.as_str()) {
                known.add(&c.core, Kind::Company, None);
            }
        }
        known.sort();
        known
    }

    /// A company name without its trailing head words ("Korvan
    /// Technologies" -> "Korvan"), when what remains is a name of its own.
    fn short_form<'c>(&self, core: &'c str) -> Option<&'c str> {
        let mut rest = core;
        while let Some((head, last)) = rest.rsplit_once(' ') {
            let company = matches!(self.lex.head(last), Some(h) if h.kind == lexicon::HeadKind::Name(Kind::Company));
            if !company {
                break;
            }
            rest = head;
        }
        let distinctive = rest.contains(' ')
            || !(self.lex.is_place_fold(rest) || self.lex.nationality(rest).is_some());
        (rest.len() < core.len() && distinctive).then_some(rest)
    }
}

/// Accepted names sorted by their first folded word, longest forms first,
/// in the order added otherwise (the first form added of a name wins). The
/// names are the candidates' own strings.
struct KnownNames<'a> {
    names: Vec<KnownName<'a>>,
    /// Per first byte of the names, a bit for each length of their first
    /// word (63 for longer): most words start none of them.
    first_words: [u64; 256],
}

struct KnownName<'a> {
    /// The first word of `name`.
    first: &'a str,
    /// Folded words joined by spaces.
    name: &'a str,
    words: usize,
    kind: Kind,
    /// The entity, when the extractor knows it (a person's full name).
    entity: Option<&'a str>,
}

impl<'a> KnownNames<'a> {
    fn with_capacity(n: usize) -> Self {
        KnownNames {
            names: Vec::with_capacity(n),
            first_words: [0; 256],
        }
    }

    /// Add a name given as folded words joined by spaces. A name added
    /// again changes nothing: the first comes first in the sorted list.
    fn add(&mut self, name: &'a str, kind: Kind, entity: Option<&'a str>) {
        if name.is_empty() {
            return;
        }
        let words = name.split(' ').count();
        let first = name.split(' ').next().unwrap_or(name);
        self.first_words[usize::from(name.as_bytes()[0])] |= 1 << first.len().min(63);
        self.names.push(KnownName {
            first,
            name,
            words,
            kind,
            entity,
        });
    }

    /// Sort the names for `longest`, once all are added. Stable: among
    /// names of one first word and length, the one added first wins.
    fn sort(&mut self) {
        self.names
            .sort_by(|a, b| a.first.cmp(b.first).then(b.words.cmp(&a.words)));
    }

    fn is_empty(&self) -> bool {
        self.names.is_empty()
    }

    /// The longest known name starting at the first of `words` (token
    /// indices), and its length in words. `key` is scratch space.
    fn longest(
        &self,
        text: &str,
        tokens: &Tokens,
        words: &[usize],
        key: &mut String,
    ) -> Option<(&KnownName<'a>, usize)> {
        let word = |j: usize| tokens.text(text, words[j]);
        let first = word(0).as_bytes()[0];
        // Words start with a letter or digit, which folding keeps.
        if first.is_ascii() && self.first_words[usize::from(first.to_ascii_lowercase())] == 0 {
            return None;
        }
        key.clear();
        push_folded(key, word(0));
        // The folded word's length before any search.
        let lengths = key
            .as_bytes()
            .first()
            .map_or(0, |&b| self.first_words[usize::from(b)]);
        if lengths & (1 << key.len().min(63)) == 0 {
            return None;
        }
        let from = self.names.partition_point(|k| k.first < key.as_str());
        let same_first = self.names[from..]
            .iter()
            .take_while(|k| k.first == key.as_str());
        same_first.into_iter().find_map(|k| {
            let n = k.words;
            // A one-word name has matched already.
            let rest_matches = || {
                k.name
                    .split(' ')
                    .enumerate()
                    .skip(1)
                    .all(|(j, w)| folds_to(word(j), w))
            };
            (n <= words.len() && (n == 1 || rest_matches())).then_some((k, n))
        })
    }
}

/// The characters of `fold(word)`, without allocating.
fn fold_chars(word: &str) -> impl Iterator<Item = char> + '_ {
    word.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
}

/// Append `fold(word)` to `key`; ASCII words byte by byte.
fn push_folded(key: &mut String, word: &str) {
    if word.bytes().all(|b| b.is_ascii_alphanumeric()) {
        // The common case: copy, then lower-case in place.
        let start = key.len();
        key.push_str(word);
        key[start..].make_ascii_lowercase();
    } else if word.is_ascii() {
        key.extend(
            word.bytes()
                .filter(u8::is_ascii_alphanumeric)
                .map(|b| char::from(b.to_ascii_lowercase())),
        );
    } else {
        key.extend(fold_chars(word));
    }
}

/// Mark every occurrence of a known name inside the capitalised runs. Out of
/// headlines a name must fill its place in the run: a known "Apple" is not a
/// mention inside "Apple Worldwide Developers Conference".
fn mark_known(
    text: &str,
    tokens: &Tokens,
    lex: &OrgLexicon,
    runs: &[Range<usize>],
    hits: &[TokenHit],
    known: &KnownNames,
    mentions: &mut Vec<Mention>,
) {
    if known.is_empty() {
        return;
    }
    let mut in_hit = vec![false; tokens.list.len()];
    for h in hits {
        in_hit[h.start..h.end].fill(true);
    }
    // Words that may stand beside a name in its run.
    let loose = |i: usize| {
        let t = &tokens.list[i];
        t.shape == Shape::Lower || in_hit[i] || lex.is_stopword(tokens.text(text, i))
    };
    let (mut key, mut key_right) = (String::new(), String::new());
    let mut words: Vec<usize> = Vec::with_capacity(16);
    for run in runs {
        words.clear();
        words.extend(run.clone().filter(|&i| tokens.list[i].is_word()));
        let headline = tokens.in_headline(run.start);
        let mut k = 0;
        let mut prev_end = usize::MAX;
        while k < words.len() {
            let Some((name, n)) = known.longest(text, tokens, &words[k..], &mut key) else {
                k += 1;
                continue;
            };
            // "the Apple website": a one-word company name after "the" and
            // before a noun is a modifier, not a mention.
            let modifier = n == 1
                && name.kind == Kind::Company
                && words[k] > 0
                && text[tokens.list[words[k] - 1].span.clone()].eq_ignore_ascii_case("the")
                && tokens.list.get(words[k] + 1).is_some_and(|t| {
                    t.shape == Shape::Lower && !lex.is_joiner(tokens.text(text, words[k] + 1))
                });
            let fits_left = !modifier && (k == 0 || prev_end == k || loose(words[k - 1]));
            let fits_right = k + n == words.len()
                || loose(words[k + n])
                || known
                    .longest(text, tokens, &words[k + n..], &mut key_right)
                    .is_some();
            if headline || (fits_left && fits_right) {
                let mut m = Mention::new(name.kind, span(tokens, words[k]..words[k + n - 1] + 1));
                m.attrs.entity = name.entity.map(String::from);
                mentions.push(m);
                k += n;
                prev_end = k;
            } else {
                k += 1;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::ingest::IngestOptions;
    use crate::model::{Document, Kind};
    use crate::{Pipeline, Resources};

    /// (kind, text, entity) of every name mention in `text`.
    fn names(text: &str) -> Vec<(Kind, String, String)> {
        let pipeline = Pipeline::new(Resources::builtin(), IngestOptions::default());
        let x = pipeline.analyse(Document {
            text: text.into(),
            ..Document::default()
        });
        x.mentions
            .iter()
            .filter(|m| m.kind.is_name())
            .map(|m| {
                (
                    m.kind,
                    x.doc.text[m.span.clone()].to_string(),
                    m.attrs.entity.clone().unwrap_or_default(),
                )
            })
            .collect()
    }

    #[test]
    fn rules_find_names_and_headlines_do_not_make_them() {
        let found = names(
            "Big Tech Firms Face New Rules Over Data\n\n\
             Shares of Zentrix Group Inc. fell after the Office of Foreign Assets \
             Control (OFAC) added the firm to a list. A Zentrix spokesman said the \
             company would appeal, Reuters reported. OFAC declined to comment.\n",
        );
        let has = |kind: Kind, text: &str, entity: &str| {
            found
                .iter()
                .any(|(k, t, e)| *k == kind && t == text && e == entity)
        };
        assert!(
            has(Kind::Company, "Zentrix Group Inc.", "Zentrix"),
            "{found:?}"
        );
        assert!(has(Kind::Company, "Zentrix", "Zentrix"), "{found:?}");
        assert!(
            has(Kind::Agency, "OFAC", "Office of Foreign Assets Control"),
            "{found:?}"
        );
        assert!(has(Kind::Media, "Reuters", "Reuters"), "{found:?}");
        assert!(
            found
                .iter()
                .all(|(_, t, _)| !"Big Tech Firms Face New Rules Over Data".contains(t.as_str())),
            "{found:?}"
        );
    }

    #[test]
    fn titles_make_people_and_odd_text_does_not_panic() {
        let found = names("Acme Corp said Commerce Secretary Wilbur Ross met Acme CEO Jane Doe.");
        assert!(
            found
                .iter()
                .any(|(k, t, _)| *k == Kind::Person && t == "Commerce Secretary Wilbur Ross"),
            "{found:?}"
        );
        assert!(
            found
                .iter()
                .any(|(k, t, _)| *k == Kind::Person && t == "Acme CEO Jane Doe"),
            "{found:?}"
        );
        for text in [
            "’s",
            "A&",
            "U.S.",
            "(OFAC)",
            "Inc.",
            "\\t\\",
            "É’s Co.",
            "X - Y - Z",
        ] {
            names(text);
        }
    }
}
