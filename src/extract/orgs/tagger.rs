//! A learned name tagger: an averaged perceptron that reads the document's
//! tokens left to right and gives each a BIO tag (organization, person,
//! place, other name), from the word, its shape and affixes, the words
//! around, the gazetteers and cues of `data/orgs/`, what the document says
//! of the same word elsewhere, and the tags just given.
//!
//! The weights (`data/names/tagger.bin`) are learned from CoNLL-2003 by
//! `cargo run --release --example train_names`: features hashed into a
//! fixed table of 16-bit weights, read in place from the embedded bytes.
//! Lower-case tokens after an `O` are `O` without scoring: names start
//! capitalised, and most tokens are skipped so; headlines, where capitals
//! tell nothing and the extractor takes no name, are skipped too.

use super::candidates::TokenHit;
use super::lexicon::OrgLexicon;
use super::tokens::{Shape, Tokens};
use crate::model::{Kind, Mention};
use std::collections::HashMap;
use std::ops::Range;

/// The tags: `O`, then `B-` and `I-` of each type.
pub const TAGS: usize = 9;
/// The name types, in tag order.
pub const TYPES: [&str; 4] = ["ORG", "PER", "LOC", "MISC"];
const O: u8 = 0;

/// A type's `B-` tag.
fn begin(t: usize) -> u8 {
    1 + 2 * t as u8
}

/// The type of a tag, none for `O`.
fn type_of(tag: u8) -> Option<usize> {
    (tag != O).then(|| usize::from((tag - 1) / 2))
}

fn is_inside(tag: u8) -> bool {
    tag != O && (tag - 1) % 2 == 1
}

/// Whether `tag` may follow `prev`: an `I-` only inside a name of its type.
fn allowed(prev: u8, tag: u8) -> bool {
    !is_inside(tag) || (prev != O && type_of(prev) == type_of(tag))
}

const MAGIC: &[u8; 8] = b"NLTAG\x001\n";
const HEADER: usize = 8 + 4 + 4 + 4 + 4;

/// Weights as written by `train`: magic, log2 of the rows, the tag count,
/// the quantisation scale (f32) and a reserved f32, then
/// per row `TAGS` little-endian i16.
pub struct Model<'a> {
    rows: &'a [u8],
    mask: u64,
}

impl<'a> Model<'a> {
    pub fn from_bytes(bytes: &'a [u8]) -> Result<Self, String> {
        let header = bytes.get(..HEADER).ok_or("tagger weights: too short")?;
        if &header[..8] != MAGIC {
            return Err("tagger weights: not a newsline tagger file".into());
        }
        let word = |at: usize| u32::from_le_bytes(header[at..at + 4].try_into().expect("4 bytes"));
        let (log2, tags) = (word(8), word(12) as usize);
        if tags != TAGS || log2 > 30 {
            return Err(format!("tagger weights: {tags} tags, 2^{log2} rows"));
        }
        let rows = &bytes[HEADER..];
        if rows.len() != (1usize << log2) * TAGS * 2 {
            return Err("tagger weights: truncated".into());
        }
        let real = |at: usize| f32::from_le_bytes(header[at..at + 4].try_into().expect("4 bytes"));
        // The float at 20 is reserved (0).
        let scale = real(16);
        if !(scale.is_finite() && scale > 0.0) {
            return Err("tagger weights: bad scale".into());
        }
        Ok(Model {
            rows,
            mask: (1u64 << log2) - 1,
        })
    }

    #[inline]
    fn add_row(&self, feature: u64, scores: &mut [i32; TAGS]) {
        let row = (mix(feature) & self.mask) as usize * TAGS * 2;
        let w = &self.rows[row..row + TAGS * 2];
        for (k, s) in scores.iter_mut().enumerate() {
            *s += i32::from(i16::from_le_bytes([w[2 * k], w[2 * k + 1]]));
        }
    }
}

/// The final mixing of a feature hash into a row index.
#[inline]
fn mix(h: u64) -> u64 {
    (h ^ (h >> 29)).wrapping_mul(0xbf58_476d_1ce4_e5b9) >> 20
}

/// FNV-1a over a feature's template and its parts.
#[derive(Clone, Copy)]
struct Feature(u64);

impl Feature {
    fn new(template: u8) -> Self {
        Feature(0xcbf2_9ce4_8422_2325).byte(template)
    }
    #[inline]
    fn byte(self, b: u8) -> Self {
        Feature((self.0 ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3))
    }
    /// A word folded to lower case.
    fn lower(mut self, word: &str) -> Self {
        if word.is_ascii() {
            for b in word.bytes() {
                self = self.byte(b.to_ascii_lowercase());
            }
        } else {
            for c in word.chars().flat_map(char::to_lowercase) {
                let mut buf = [0; 4];
                for &b in c.encode_utf8(&mut buf).as_bytes() {
                    self = self.byte(b);
                }
            }
        }
        self.byte(0xff)
    }
    fn bytes(mut self, s: &[u8]) -> Self {
        for &b in s {
            self = self.byte(b);
        }
        self.byte(0xff)
    }
}

/// "Apple" -> "Xx", "IBM" -> "X", "3.5" -> "d.d", "U.S." -> "X.X.": each
/// kind of character once per run, at most 8.
fn shape(word: &str, out: &mut Vec<u8>) {
    out.clear();
    if word.is_ascii() {
        // Most words: byte by byte.
        for &b in word.as_bytes() {
            let k = match b {
                b'A'..=b'Z' => b'X',
                b'a'..=b'z' => b'x',
                b'0'..=b'9' => b'd',
                _ => b,
            };
            if out.last() != Some(&k) {
                if out.len() == 8 {
                    break;
                }
                out.push(k);
            }
        }
        return;
    }
    for c in word.chars() {
        let k = if c.is_uppercase() {
            b'X'
        } else if c.is_lowercase() {
            b'x'
        } else if c.is_numeric() {
            b'd'
        } else if c.is_ascii() {
            c as u8
        } else {
            b'*'
        };
        if out.last() != Some(&k) {
            if out.len() == 8 {
                break;
            }
            out.push(k);
        }
    }
}

/// The lower-case prefix or suffix of `n` characters, whole words shorter.
fn affix(word: &str, n: usize, suffix: bool) -> &str {
    if word.is_ascii() {
        let n = n.min(word.len());
        return if suffix {
            &word[word.len() - n..]
        } else {
            &word[..n]
        };
    }
    let count = word.chars().count();
    if count <= n {
        return word;
    }
    let at = if suffix {
        word.char_indices().nth(count - n).map_or(0, |(i, _)| i)
    } else {
        word.char_indices().nth(n).map_or(word.len(), |(i, _)| i)
    };
    if suffix {
        &word[at..]
    } else {
        &word[..at]
    }
}

/// What the tagger reads about one document's tokens beyond their text.
pub struct Doc<'a> {
    text: &'a str,
    tokens: &'a Tokens,
    lex: &'a OrgLexicon,
    /// Per token: 0, or 1 + 2 * gazetteer kind + (1 if inside, not first).
    gazetteer: Vec<u8>,
    /// Per token: 0, or what the rules took it for, coded as `rule_code`.
    ruled: Vec<u8>,
    /// Per token near a capitalised one (0 elsewhere): the hash of its
    /// lower-case form and of its shape, computed once and combined into
    /// the features that read them, and what its head word says.
    words: Vec<u64>,
    shapes: Vec<u64>,
    heads: Vec<u8>,
    /// Hashes of lower-case words written in lower case somewhere in the
    /// document, and of words written capitalised mid-sentence outside
    /// headlines; both only for words that start a sentence or sit in a
    /// headline, where capitals tell nothing. Sorted.
    lowercase: Vec<u64>,
    capitalised: Vec<u64>,
}

/// Token `j`'s word hash (never 0), shape hash and head code.
fn token_info(
    text: &str,
    tokens: &Tokens,
    lex: &OrgLexicon,
    j: usize,
    scratch: &mut Vec<u8>,
) -> (u64, u64, u8) {
    let word = tokens.text(text, j);
    shape(word, scratch);
    let head = lex.head(word).map_or(0, |h| 1 + h.kind_code());
    (
        Feature::new(1).lower(word).0.max(1),
        Feature::new(2).bytes(scratch).0,
        head,
    )
}

/// Combine a template number and a hash into a feature.
#[inline]
fn combine(template: u8, h: u64) -> u64 {
    (h ^ u64::from(template).wrapping_mul(0x9e37_79b9_7f4a_7c15))
        .wrapping_mul(0xff51_afd7_ed55_8ccd)
}

/// Combine two hashes, in order.
#[inline]
fn pair(a: u64, b: u64) -> u64 {
    a.rotate_left(23) ^ b.wrapping_mul(0xc4ce_b9fe_1a85_ec53)
}

impl<'a> Doc<'a> {
    pub fn new(
        text: &'a str,
        tokens: &'a Tokens,
        lex: &'a OrgLexicon,
        hits: &[TokenHit],
        ruled_names: &[Mention],
    ) -> Self {
        let list = &tokens.list;
        let mut ruled = vec![0u8; list.len()];
        for m in ruled_names {
            let code = rule_code(m.kind);
            if code == 0 {
                continue;
            }
            let first = list.partition_point(|t| t.span.start < m.span.start);
            for (j, r) in ruled[first..].iter_mut().enumerate() {
                if list[first + j].span.start >= m.span.end {
                    break;
                }
                *r = 2 * code - 1 + u8::from(j > 0);
            }
        }

        let mut gazetteer = vec![0u8; list.len()];
        for h in hits {
            let kind = lex.entries[h.entry].kind as u8;
            for (i, g) in gazetteer[h.start..h.end].iter_mut().enumerate() {
                *g = 1 + 2 * kind + u8::from(i > 0);
            }
        }
        // Only tokens near a capitalised one are read, most often.
        let (mut words, mut shapes, mut heads) = (
            vec![0; list.len()],
            vec![0; list.len()],
            vec![0; list.len()],
        );
        let mut scratch = Vec::with_capacity(8);
        let mut next = 0;
        for (i, t) in list.iter().enumerate() {
            if !t.is_capitalised() && ruled[i] == 0 {
                continue;
            }
            for j in next.max(i.saturating_sub(2))..(i + 3).min(list.len()) {
                (words[j], shapes[j], heads[j]) = token_info(text, tokens, lex, j, &mut scratch);
                next = j + 1;
            }
        }
        // Only the words that may start a name need asking about.
        let mut wanted: Vec<u64> = (0..list.len())
            .filter(|&i| list[i].is_capitalised() && (list[i].initial || tokens.in_headline(i)))
            .map(|i| words[i])
            .collect();
        wanted.sort_unstable();
        wanted.dedup();
        let (mut lowercase, mut capitalised) = (Vec::new(), Vec::new());
        if !wanted.is_empty() {
            for (i, t) in list.iter().enumerate() {
                let seen = match t.shape {
                    Shape::Lower => &mut lowercase,
                    Shape::Cap if !t.initial && !tokens.in_headline(i) => &mut capitalised,
                    _ => continue,
                };
                if wanted.binary_search(&words[i]).is_ok() {
                    seen.push(words[i]);
                }
            }
        }
        for seen in [&mut lowercase, &mut capitalised] {
            seen.sort_unstable();
            seen.dedup();
        }
        Doc {
            text,
            tokens,
            lex,
            gazetteer,
            ruled,
            words,
            shapes,
            heads,
            lowercase,
            capitalised,
        }
    }

    fn word(&self, i: usize) -> &'a str {
        self.tokens.text(self.text, i)
    }

    /// Token `j`'s word hash, shape hash and head: as stored, or computed
    /// now for a token far from capitals (read inside a long name only).
    #[inline]
    fn info(&self, j: usize) -> (u64, u64, u8) {
        if self.words[j] != 0 {
            return (self.words[j], self.shapes[j], self.heads[j]);
        }
        token_info(self.text, self.tokens, self.lex, j, &mut Vec::new())
    }

    /// Token `i + d` in the same sentence.
    fn near(&self, i: usize, d: isize) -> Option<usize> {
        let j = i.checked_add_signed(d)?;
        let list = &self.tokens.list;
        (j < list.len() && list[j].sentence == list[i].sentence).then_some(j)
    }

    /// Whether a token is scored at all after a tag `prev`: names start
    /// capitalised or where the rules saw one.
    fn scored(&self, i: usize, prev: u8) -> bool {
        prev != O || self.tokens.list[i].is_capitalised() || self.ruled[i] != 0
    }

    /// The features of token `i` that do not depend on the tags.
    fn features(&self, i: usize, out: &mut Vec<u64>) {
        out.clear();
        let t = &self.tokens.list[i];
        let w = self.word(i);
        let lex = self.lex;
        let headline = self.tokens.in_headline(i);
        let position = u64::from(t.initial) | u64::from(headline) << 1;
        let (word, shape0, head) = self.info(i);
        out.push(combine(0, 0));
        out.push(combine(1, word));
        out.push(combine(2, shape0));
        out.push(Feature::new(4).lower(affix(w, 3, true)).0);
        out.push(Feature::new(6).lower(affix(w, 4, true)).0);
        out.push(combine(7, pair(position, shape0)));
        let mut shapes = shape0;
        for (d, template) in [(-2isize, 10u8), (-1, 11), (1, 12), (2, 13)] {
            let Some(j) = self.near(i, d) else {
                out.push(combine(template, 0));
                continue;
            };
            let (word_j, shape_j, head_j) = self.info(j);
            out.push(combine(template, word_j));
            if d.abs() == 1 {
                out.push(combine(template + 10, shape_j));
                shapes = pair(shapes, shape_j.wrapping_add(d as u64));
                out.push(combine(template + 20, u64::from(self.gazetteer[j])));
                out.push(combine(template + 30, u64::from(head_j)));
                out.push(combine(template + 50, u64::from(self.ruled[j])));
            }
        }
        out.push(combine(8, shapes));
        if let Some(prev) = self.near(i, -1) {
            out.push(combine(9, pair(self.info(prev).0, word)));
            let p = &self.tokens.list[prev];
            let cues = u64::from(lex.ends_title(self.word(prev)))
                | u64::from(lex.is_given_name(self.word(prev))) << 1
                | u64::from(p.is_capitalised()) << 2;
            out.push(combine(40, cues));
        }
        if let Some(next) = self.near(i, 1) {
            out.push(combine(41, pair(word, self.info(next).0)));
        }
        out.push(combine(42, u64::from(self.gazetteer[i])));
        out.push(combine(43, u64::from(head)));
        let cues = u64::from(lex.is_given_name(w))
            | u64::from(lex.is_suffix(w, t.shape)) << 1
            | u64::from(lex.nationality(w).is_some()) << 2
            | u64::from(lex.is_stopword(w)) << 3;
        out.push(combine(44, cues));
        if t.is_capitalised() && position != 0 {
            let seen = u64::from(self.lowercase.binary_search(&word).is_ok())
                | u64::from(self.capitalised.binary_search(&word).is_ok()) << 1;
            out.push(combine(45, position | seen << 2));
        }
        out.push(combine(46, pair(u64::from(headline), word)));
        let ruled = u64::from(self.ruled[i]);
        out.push(combine(47, ruled));
        out.push(combine(48, pair(ruled, shape0)));
    }

    /// The features that depend on the two tags before.
    fn tag_features(&self, i: usize, p1: u8, p2: u8, out: &mut Vec<u64>) {
        let (p1, p2) = (u64::from(p1), u64::from(p2));
        let (word, shape, _) = self.info(i);
        out.push(combine(50, p1));
        out.push(combine(51, p1 | p2 << 8));
        out.push(combine(52, pair(p1, word)));
        out.push(combine(53, pair(p1, shape)));
        out.push(combine(54, pair(p1, u64::from(self.ruled[i]))));
    }
}

/// What the rules took a token for: 1 + the kind, 0 for none.
fn rule_code(kind: Kind) -> u8 {
    match kind {
        Kind::Company => 1,
        Kind::Agency => 2,
        Kind::Organization => 3,
        Kind::Media => 4,
        Kind::Person => 5,
        Kind::Place => 6,
        Kind::Law => 7,
        _ => 0,
    }
}

/// Tag every token of a document, greedily left to right.
pub fn tag(model: &Model, doc: &Doc) -> Vec<u8> {
    let n = doc.tokens.list.len();
    let mut tags = vec![O; n];
    let mut features = Vec::with_capacity(64);
    let (mut p1, mut p2) = (O, O);
    let mut sentence = usize::MAX;
    for i in 0..n {
        let s = doc.tokens.list[i].sentence;
        if s != sentence {
            sentence = s;
            (p1, p2) = (O, O);
        }
        let tag = if doc.scored(i, p1) {
            doc.features(i, &mut features);
            doc.tag_features(i, p1, p2, &mut features);
            let mut scores = [0i32; TAGS];
            for &f in &features {
                model.add_row(f, &mut scores);
            }
            best(&scores, p1)
        } else {
            O
        };
        tags[i] = tag;
        (p2, p1) = (p1, tag);
    }
    tags
}

/// The best tag allowed after `prev` (the first of equals).
fn best<T: PartialOrd + Copy>(scores: &[T; TAGS], prev: u8) -> u8 {
    let mut best = O;
    for t in 1..TAGS as u8 {
        if allowed(prev, t) && scores[usize::from(t)] > scores[usize::from(best)] {
            best = t;
        }
    }
    best
}

/// The names in a tag sequence: token ranges and their type index.
pub fn spans(tags: &[u8]) -> Vec<(Range<usize>, usize)> {
    let mut out: Vec<(Range<usize>, usize)> = Vec::new();
    for (i, &t) in tags.iter().enumerate() {
        let Some(ty) = type_of(t) else { continue };
        match out.last_mut() {
            Some((r, last)) if is_inside(t) && r.end == i && *last == ty => r.end = i + 1,
            _ => out.push((i..i + 1, ty)),
        }
    }
    out
}

/// Training: averaged perceptron weights per feature, exact (by 64-bit
/// feature hash) until written out into the hashed table.
#[derive(Default)]
pub struct Trainer {
    weights: HashMap<u64, Weights>,
    /// Updates so far: the clock of the averaging.
    step: u32,
}

#[derive(Default, Clone)]
struct Weights {
    w: [f32; TAGS],
    /// Sum of each weight over the steps up to `at`.
    total: [f32; TAGS],
    at: [u32; TAGS],
}

impl Trainer {
    /// One pass over a document with its gold tags; returns the tokens
    /// tagged wrong.
    pub fn learn(&mut self, doc: &Doc, gold: &[u8]) -> usize {
        let n = doc.tokens.list.len();
        let mut features = Vec::with_capacity(64);
        let (mut p1, mut p2) = (O, O);
        let mut sentence = usize::MAX;
        let mut wrong = 0;
        for (i, &right) in gold.iter().enumerate().take(n) {
            let s = doc.tokens.list[i].sentence;
            if s != sentence {
                sentence = s;
                (p1, p2) = (O, O);
            }
            let tag = if doc.scored(i, p1) {
                doc.features(i, &mut features);
                doc.tag_features(i, p1, p2, &mut features);
                let mut scores = [0f32; TAGS];
                for f in &features {
                    if let Some(w) = self.weights.get(&mix_key(*f)) {
                        for (s, x) in scores.iter_mut().zip(&w.w) {
                            *s += x;
                        }
                    }
                }
                let guess = best(&scores, p1);
                self.step += 1;
                if guess != right {
                    wrong += 1;
                    for &f in &features {
                        self.update(mix_key(f), right, 1.0);
                        self.update(mix_key(f), guess, -1.0);
                    }
                }
                guess
            } else {
                O
            };
            (p2, p1) = (p1, tag);
        }
        wrong
    }

    fn update(&mut self, f: u64, tag: u8, by: f32) {
        let step = self.step;
        let w = self.weights.entry(f).or_default();
        let t = usize::from(tag);
        w.total[t] += (step - w.at[t]) as f32 * w.w[t];
        w.at[t] = step;
        w.w[t] += by;
    }

    /// The averaged weights hashed into `2^log2` rows, quantised to i16;
    /// features whose weights all stay under `min` are left out. The same
    /// bytes for the same training.
    pub fn write(&self, log2: u32, min: f32) -> Vec<u8> {
        let rows = 1usize << log2;
        let mask = (rows - 1) as u64;
        let mut keys: Vec<u64> = self.weights.keys().copied().collect();
        keys.sort_unstable();
        let mut table = vec![0f32; rows * TAGS];
        for k in keys {
            let w = &self.weights[&k];
            let mut avg = [0f32; TAGS];
            for (t, a) in avg.iter_mut().enumerate() {
                let total = w.total[t] + (self.step - w.at[t]) as f32 * w.w[t];
                *a = total / self.step.max(1) as f32;
            }
            if avg.iter().all(|a| a.abs() < min) {
                continue;
            }
            let row = (k & mask) as usize * TAGS;
            for (x, a) in table[row..row + TAGS].iter_mut().zip(avg) {
                *x += a;
            }
        }
        let max = table.iter().fold(0f32, |m, x| m.max(x.abs())).max(1e-9);
        let scale = f32::from(i16::MAX) / max;
        let mut out = Vec::with_capacity(HEADER + rows * TAGS * 2);
        out.extend_from_slice(MAGIC);
        out.extend_from_slice(&log2.to_le_bytes());
        out.extend_from_slice(&(TAGS as u32).to_le_bytes());
        out.extend_from_slice(&scale.to_le_bytes());
        out.extend_from_slice(&0f32.to_le_bytes());
        for x in table {
            out.extend_from_slice(&((x * scale).round() as i16).to_le_bytes());
        }
        out
    }

    /// How many features have a weight.
    pub fn features(&self) -> usize {
        self.weights.len()
    }
}

/// A feature's key in training: its row index before masking, so that the
/// hashed table adds up exactly the features that share a row.
fn mix_key(f: u64) -> u64 {
    mix(f)
}

/// The gold tags of a document's tokens from byte spans of typed names: a
/// token inside a name is `B-` at its start, `I-` after.
pub fn gold_tags(tokens: &Tokens, names: &[(Range<usize>, usize)]) -> Vec<u8> {
    let mut tags = vec![O; tokens.list.len()];
    for (span, ty) in names {
        let mut first = true;
        for (i, t) in tokens.list.iter().enumerate() {
            if t.span.start >= span.start && t.span.end <= span.end {
                tags[i] = begin(*ty) + u8::from(!first);
                first = false;
            }
        }
    }
    tags
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shapes_affixes_and_spans() {
        let mut s = Vec::new();
        shape("U.S.", &mut s);
        assert_eq!(s, b"X.X.");
        shape("Apple", &mut s);
        assert_eq!(s, b"Xx");
        assert_eq!(affix("Apple", 3, true), "ple");
        assert_eq!(affix("Zoë", 2, false), "Zo");
        assert_eq!(affix("a", 3, false), "a");
        // B-ORG I-ORG O B-PER B-PER I-LOC (an I- without its B- opens one).
        let tags = [1, 2, 0, 3, 3, 6];
        assert_eq!(
            spans(&tags),
            vec![(0..2, 0), (3..4, 1), (4..5, 1), (5..6, 2)]
        );
        assert!(!allowed(O, 2) && allowed(1, 2) && !allowed(3, 2));
    }

    #[test]
    fn bad_weights_are_refused() {
        assert!(Model::from_bytes(b"short").is_err());
        let mut bytes = MAGIC.to_vec();
        bytes.extend_from_slice(&4u32.to_le_bytes());
        bytes.extend_from_slice(&(TAGS as u32).to_le_bytes());
        bytes.extend_from_slice(&1f32.to_le_bytes());
        bytes.extend_from_slice(&0f32.to_le_bytes());
        assert!(Model::from_bytes(&bytes).is_err());
        bytes.extend(std::iter::repeat(0).take(16 * TAGS * 2));
        assert!(Model::from_bytes(&bytes).is_ok());
    }
}
