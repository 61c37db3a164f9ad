//! Evidence for candidate names, added up over a document, and the decision
//! that turns a candidate into a name of some kind (or leaves it out).
//!
//! A candidate is keyed by its folded words without legal suffix, so
//! "Zentrix Group Inc." and "ZENTRIX GROUP" share their evidence; the
//! context cues of every occurrence add up ("shares of X" in one sentence,
//! "X said" in another).

use super::candidates::{Class, Role, Segment};
use super::fast_hash::{FxHasher, WordMap};
use super::lexicon::{eq_key, Cue, CueKind, OrgLexicon, Phrases};
use super::tokens::{Shape, Tokens};
use crate::model::Kind;
use std::hash::Hasher;

/// Points for each thing a name may be.
#[derive(Clone, Copy, Debug, Default)]
pub struct Score {
    pub company: f32,
    pub agency: f32,
    pub organization: f32,
    pub media: f32,
    /// Some organization, kind unknown.
    pub org: f32,
    /// A named agent, person or organization ("X said").
    pub agent: f32,
    pub person: f32,
    /// A product or a thing ("the iPhone", "Treasury bills"): counts against.
    pub product: f32,
}

/// What a name needs to become an organization.
const THRESHOLD: f32 = 2.0;
/// Evidence that coordination with a known name gives ("Apple and AT&T").
const COORDINATION: f32 = 2.0;

impl Score {
    pub fn add(&mut self, kind: CueKind, weight: f32) {
        match kind {
            CueKind::Is(Kind::Company) => self.company += weight,
            CueKind::Is(Kind::Agency) => self.agency += weight,
            CueKind::Is(Kind::Organization) => self.organization += weight,
            CueKind::Is(Kind::Media) => self.media += weight,
            CueKind::Is(Kind::Person) => self.person += weight,
            CueKind::Is(_) => {}
            CueKind::Org => self.org += weight,
            CueKind::Agent => self.agent += weight,
            CueKind::Product => self.product += weight,
        }
    }

    fn merge(&mut self, o: &Score) {
        self.company += o.company;
        self.agency += o.agency;
        self.organization += o.organization;
        self.media += o.media;
        self.org += o.org;
        self.agent += o.agent;
        self.person += o.person;
        self.product += o.product;
    }

    /// The kind-specific evidence: the best kind and its points.
    fn specific(&self) -> (Kind, f32) {
        [
            (Kind::Company, self.company),
            (Kind::Agency, self.agency),
            (Kind::Organization, self.organization),
            (Kind::Media, self.media),
        ]
        .into_iter()
        .fold(
            (Kind::Company, 0.0),
            |best, x| if x.1 > best.1 { x } else { best },
        )
    }

    pub fn organization_total(&self) -> f32 {
        self.company + self.agency + self.organization + self.media + self.org + self.agent
            - self.product
    }
}

/// The words around one segment that tell what it is.
pub fn context<'a>(
    text: &str,
    tokens: &Tokens,
    lex: &'a OrgLexicon,
    seg: &Segment,
    title_at: impl Fn(usize) -> Option<usize>,
) -> Score {
    let list = &tokens.list;
    let mut score = Score::default();
    let start = seg.toks.start;
    let end = seg.toks.end;
    let reader = CueReader::new(text, tokens, start);
    let in_sentence = |i: usize| reader.in_sentence(i);
    let cue_word = |i: usize| reader.word(i);
    let is_at = |i: usize, key: &str| reader.is_at(i, key);
    let matches_at = |cue: &Cue, first: usize| reader.matches_at(cue, first);
    let cues = |table: &'a Phrases<Cue>, i: usize| reader.cues(table, i);

    // Before: "shares of X", "firm X", "company, X".
    for skip_comma in [false, true] {
        let Some(last) = start.checked_sub(1 + usize::from(skip_comma)) else {
            continue;
        };
        if skip_comma && !is_at(start - 1, ",") {
            continue;
        }
        let found = cues(&lex.cues_before, last)
            .iter()
            .find(|c| last + 1 >= c.words.len() && matches_at(c, last + 1 - c.words.len()));
        if let Some(cue) = found {
            score.add(cue.kind, cue.weight);
            break;
        }
    }
    // After: "X said", "X's shares", "X spokesman".
    if let Some(cue) = reader.cue_after(lex, end) {
        score.add(cue.kind, cue.weight);
    }
    // Apposition: "X, a market research firm".
    let comma_after = is_at(end, ",");
    let article_after =
        comma_after && (is_at(end + 1, "a") || is_at(end + 1, "an") || is_at(end + 1, "the"));
    if article_after {
        for i in end + 2..end + 7 {
            if cue_word(i).is_none() {
                break;
            }
            if let Some(cue) = cues(&lex.cues_before, i)
                .iter()
                .find(|c| c.words.len() == 1 && c.kind != CueKind::Agent)
            {
                score.add(cue.kind, cue.weight);
                break;
            }
        }
    }
    // A ticker: "X <ABC>", "X (NYSE: ABC)".
    let upper_next = list.get(end + 1).is_some_and(|t| t.shape == Shape::Upper);
    let ticker = upper_next
        && ((is_at(end, "<") && is_at(end + 2, ">")) || (is_at(end, "(") && is_at(end + 2, ":")));
    if ticker {
        score.company += 3.0;
    }
    // A product or thing: "the iPhone", "its iPod", "Apple's iTunes", "iOS 4".
    if seg.class == Class::Bare && seg.core_end - start == 1 {
        let determiner = start.checked_sub(1).is_some_and(|i| {
            in_sentence(i)
                && (list[i].shape == Shape::Possessive
                    || matches!(
                        &text[list[i].span.clone()],
                        "the" | "its" | "their" | "his" | "her" | "our" | "your" | "new"
                    ))
        });
        let number = list
            .get(end)
            .is_some_and(|t| in_sentence(end) && t.shape == Shape::Digit);
        if determiner || number {
            score.product += 1.0;
        }
    }
    // A title before: "chairman Li Ka-shing", "analyst Lawrence Cohn".
    // Most words before a name end no title: one lookup tells.
    let title_end_before = start > 0 && lex.ends_title(&text[list[start - 1].span.clone()]);
    if title_end_before
        && (1..=3)
            .any(|k| start >= k && in_sentence(start - k) && title_at(start - k) == Some(start))
    {
        score.person += 2.0;
    }
    // An appositive title: "Elliott Schlang, analyst at", "Zoltan Boesze,
    // chief of the Finance Ministry's ...".
    if comma_after {
        let i = end + 1 + usize::from(article_after);
        if in_sentence(i) && list[i].is_word() && title_at(i).is_some() {
            score.person += 2.0;
        }
    }
    match seg.role {
        Role::Employer => score.org += 1.5,
        Role::EmployerOf => score.org += 2.0,
        Role::None => {}
    }
    score
}

/// Reads the cue words of one sentence: written in lower case (or
/// punctuation, a possessive, an abbreviation such as "IPO"), since
/// capitalised words belong to names.
pub struct CueReader<'t> {
    text: &'t str,
    tokens: &'t Tokens,
    sentence: usize,
}

impl<'t> CueReader<'t> {
    /// A reader for the sentence of token `at`.
    pub fn new(text: &'t str, tokens: &'t Tokens, at: usize) -> Self {
        CueReader {
            text,
            tokens,
            sentence: tokens.list[at].sentence,
        }
    }

    fn in_sentence(&self, i: usize) -> bool {
        self.tokens
            .list
            .get(i)
            .is_some_and(|t| t.sentence == self.sentence)
    }

    fn word(&self, i: usize) -> Option<&'t str> {
        let t = self.tokens.list.get(i).filter(|_| self.in_sentence(i))?;
        matches!(
            t.shape,
            Shape::Lower | Shape::Upper | Shape::Punct | Shape::Possessive
        )
        .then(|| &self.text[t.span.clone()])
    }

    fn is_at(&self, i: usize, key: &str) -> bool {
        self.word(i).is_some_and(|w| eq_key(w, key))
    }

    fn matches_at(&self, cue: &Cue, first: usize) -> bool {
        cue.words
            .iter()
            .enumerate()
            .all(|(k, w)| self.is_at(first + k, w))
    }

    fn cues<'a>(&self, table: &'a Phrases<Cue>, i: usize) -> &'a [Cue] {
        self.word(i).map_or(&[], |w| table.get(w))
    }

    /// The cue starting at token `at`: "said", "'s shares", "bills".
    pub fn cue_after<'a>(&self, lex: &'a OrgLexicon, at: usize) -> Option<&'a Cue> {
        self.cues(&lex.cues_after, at)
            .iter()
            .find(|c| self.matches_at(c, at))
    }
}

/// A candidate name and everything seen about it in the document.
#[derive(Default)]
pub struct Candidate {
    pub score: Score,
    /// The kind its own words give (suffix or head word).
    pub internal: Option<Kind>,
    pub suffix: bool,
    /// A gazetteer name: marked from the gazetteer, not from here.
    pub gazetteer: bool,
    pub person: bool,
    pub event: bool,
    /// Occurrences where its capitals are informative: not the first word of
    /// a sentence, not in a headline.
    pub informative: u32,
    /// Occurrences in lower case (a common word, then).
    pub lowercase: u32,
    /// Folded words without legal suffix, joined by spaces.
    pub core: String,
    /// Every folded form seen other than `core`, suffix included, words
    /// joined by spaces.
    pub forms: Vec<String>,
}

/// What the document decided about a candidate.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Decision {
    Name(Kind),
    /// Known not to be a name (a conference, a product).
    NotAName,
    Undecided,
}

impl Candidate {
    pub fn decide(&self) -> Decision {
        if self.event {
            return Decision::NotAName;
        }
        let org = self.score.organization_total();
        // "X said" fits a person as well as an organization.
        let org_only = org - self.score.agent;
        if self.person || (self.score.person >= THRESHOLD && self.score.person >= org_only) {
            return Decision::Name(Kind::Person);
        }
        if let Some(kind) = self.internal {
            return Decision::Name(kind);
        }
        let (kind, specific) = self.score.specific();
        // A word seen only where capitals mean nothing, or as often in lower
        // case, needs evidence of its kind, not just a verb after it.
        let common_word = !self.core.contains(' ') && self.lowercase >= self.informative;
        let trusted = self.informative > 0 && !common_word;
        if org >= THRESHOLD && (trusted || specific >= THRESHOLD) {
            return Decision::Name(kind);
        }
        if self.score.product >= THRESHOLD || (self.score.product > 0.0 && org <= 0.0) {
            return Decision::NotAName;
        }
        Decision::Undecided
    }
}

fn key_hash(key: &str) -> u64 {
    let mut h = FxHasher::default();
    h.write(key.as_bytes());
    h.finish()
}

/// The candidates of a document by key.
#[derive(Default)]
pub struct Candidates {
    pub list: Vec<Candidate>,
    /// First candidate per key hash; the rest of a chain of equal hashes
    /// in `next`. The keys are the candidates' own `core`: no second copy.
    index: WordMap<u64, usize>,
    next: Vec<usize>,
}

impl Candidates {
    /// The candidate of `key`, if some segment of the document is `key`.
    pub fn index_of(&self, key: &str) -> Option<usize> {
        self.find(key_hash(key), key)
    }

    fn find(&self, hash: u64, key: &str) -> Option<usize> {
        let mut i = *self.index.get(&hash)?;
        while i != usize::MAX {
            if self.list[i].core == key {
                return Some(i);
            }
            i = self.next[i];
        }
        None
    }

    /// Room for about `n` candidates.
    pub fn with_capacity(n: usize) -> Self {
        Candidates {
            list: Vec::with_capacity(n),
            index: WordMap::with_capacity_and_hasher(n, Default::default()),
            next: Vec::with_capacity(n),
        }
    }

    /// The candidate of `key` (folded words joined by spaces, not empty).
    pub fn get_or_insert(&mut self, key: &str) -> usize {
        debug_assert!(!key.is_empty());
        let hash = key_hash(key);
        if let Some(i) = self.find(hash, key) {
            return i;
        }
        let head = self.index.insert(hash, self.list.len());
        self.next.push(head.unwrap_or(usize::MAX));
        self.list.push(Candidate {
            core: key.to_string(),
            ..Candidate::default()
        });
        self.list.len() - 1
    }

    /// Add the evidence of one occurrence.
    pub fn add(&mut self, i: usize, seg: &Segment, form: &str, score: &Score, informative: bool) {
        let c = &mut self.list[i];
        c.score.merge(score);
        if informative {
            c.informative += 1;
        }
        match seg.class {
            Class::Person => c.person = true,
            Class::Event => c.event = true,
            Class::Named { kind, suffix } => {
                c.suffix |= suffix;
                if c.internal.is_none() || suffix {
                    c.internal = Some(kind);
                }
            }
            Class::Gazetteer(_) | Class::Bare => {}
        }
        if form != c.core && !c.forms.iter().any(|f| f == form) {
            c.forms.push(form.to_string());
        }
    }

    /// Coordinated names share their kind: "Apple and AT&T", "Veltrix,
    /// Quillon and Zentrix".
    pub fn coordinate(&mut self, pairs: &[(usize, usize)]) {
        for &(a, b) in pairs {
            for (known, other) in [(a, b), (b, a)] {
                if let Decision::Name(kind) = self.list[known].decide() {
                    if kind.is_org() && self.list[other].decide() == Decision::Undecided {
                        self.list[other].score.add(CueKind::Is(kind), COORDINATION);
                    }
                }
            }
        }
    }
}
