//! Candidate names: runs of capitalised words (with the connectors that
//! join them, "Office of Foreign Assets Control"), cut into segments at
//! gazetteer names, legal suffixes, titles and coordinations, each segment
//! classed by what it holds (a suffix, a head word, a given name ...).

use super::lexicon::{eq_key, HeadKind, OrgLexicon};
use super::tokens::{Gap, Shape, Token, Tokens};
use crate::model::Kind;
use std::ops::Range;

/// How far (in tokens) a look-ahead inside a run goes: more than any name
/// is long, and it keeps a long run of capitalised words linear.
const NAME_SPAN: usize = 16;

/// A gazetteer name found in the text, in token indices.
#[derive(Clone, Copy, Debug)]
pub struct TokenHit {
    pub start: usize,
    pub end: usize,
    pub entry: usize,
}

/// What a segment's own words say it is.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Class {
    Gazetteer(usize),
    /// A title with a name ("Commerce Secretary Wilbur Ross"), or a given
    /// name with a surname.
    Person,
    /// A legal suffix (company) or a head word tells the kind.
    Named {
        kind: Kind,
        suffix: bool,
    },
    /// A conference or fair: nothing inside it is an organization.
    Event,
    /// Capitalised words and nothing more: context must decide.
    Bare,
}

/// Why the words right around a segment matter beyond the cue lists.
#[derive(Clone, Copy, Debug, PartialEq, Default)]
pub enum Role {
    #[default]
    None,
    /// Right before a title: "Apple CEO", "Veltrix Spokesman".
    Employer,
    /// Right after "Chairman of", "CEO of".
    EmployerOf,
}

#[derive(Clone, Debug)]
pub struct Segment {
    /// Token indices; both ends are words.
    pub toks: Range<usize>,
    /// Where the name proper ends: before a legal suffix.
    pub core_end: usize,
    /// Where a person's name starts, after the title ("Steve Jobs" in
    /// "Apple CEO Steve Jobs").
    pub name_start: usize,
    pub class: Class,
    pub role: Role,
    pub headline: bool,
}

/// The candidate runs of a document: token ranges of capitalised words and
/// the connectors between them, never across sentences or paragraphs.
pub fn runs(text: &str, tokens: &Tokens, lex: &OrgLexicon) -> Vec<Range<usize>> {
    let list = &tokens.list;
    // Some runs a sentence, most often.
    let mut out = Vec::with_capacity(tokens.headline.len() + 8);
    let mut i = 0;
    while i < list.len() {
        if starts_run(text, list, i) {
            let end = run_end(text, tokens, lex, i);
            out.push(i..end);
            i = end;
        } else {
            i += 1;
        }
    }
    out
}

fn is(text: &str, t: &Token, s: &str) -> bool {
    &text[t.span.clone()] == s
}

fn same_sentence(a: &Token, b: &Token) -> bool {
    a.sentence == b.sentence && b.gap != Gap::Paragraph
}

/// A capitalised word, or a lower-case prefix glued to one ("non-SDN").
fn starts_run(text: &str, list: &[Token], i: usize) -> bool {
    let t = &list[i];
    t.is_capitalised()
        || (t.shape == Shape::Lower
            && matches!((list.get(i + 1), list.get(i + 2)),
                (Some(h), Some(n)) if h.gap == Gap::None && n.gap == Gap::None
                    && n.is_capitalised() && is(text, h, "-")))
}

fn run_end(text: &str, tokens: &Tokens, lex: &OrgLexicon, start: usize) -> usize {
    let list = &tokens.list;
    let first = &list[start];
    let mut end = start + 1;
    let mut i = end;
    while let Some(t) = list.get(i) {
        // A line break with no punctuation before it does not end a name,
        // even where it ends a sentence ("Newmont\nMining Corp").
        let wrapped = t.gap == Gap::Newline
            && t.is_capitalised()
            && list[i - 1].is_word()
            && !tokens.in_headline(i - 1)
            && !tokens.in_headline(i);
        if !same_sentence(first, t) && !wrapped {
            break;
        }
        if t.is_capitalised() {
            end = i + 1;
            i += 1;
            continue;
        }
        let word = &text[t.span.clone()];
        let next = list.get(i + 1).filter(|n| same_sentence(first, n));
        let step = match t.shape {
            // Glued compounds ("Military-Industrial", "NS-CMIC", "7-Eleven")
            // and a spaced pair of single words ("Wal - Mart").
            Shape::Punct if word == "-" => next.and_then(|n| {
                let glued = t.gap == Gap::None && n.gap == Gap::None;
                let pair = t.gap == Gap::Space
                    && n.shape == Shape::Cap
                    && end - start == 1
                    && first.shape == Shape::Cap
                    && !list
                        .get(i + 2)
                        .is_some_and(|x| same_sentence(first, x) && x.is_capitalised());
                ((glued && (n.is_capitalised() || n.shape == Shape::Digit)) || pair).then_some(2)
            }),
            Shape::Punct if word == "&" => next.filter(|n| n.is_capitalised()).map(|_| 2),
            // "of", "for the", "and": only when a capitalised word follows.
            Shape::Lower if lex.is_joiner(word) || lex.is_coordinator(word) => {
                let mut j = i + 1;
                if lex.is_joiner(word)
                    && list.get(j).is_some_and(|n| {
                        n.shape == Shape::Lower && lex.is_article(&text[n.span.clone()])
                    })
                {
                    j += 1;
                }
                list.get(j)
                    .filter(|n| {
                        same_sentence(first, n)
                            && n.is_capitalised()
                            && !lex.is_stopword(&text[n.span.clone()])
                    })
                    .map(|_| j + 1 - i)
            }
            // A possessive inside a company name: "Moody's Investors
            // Service Inc" (a legal suffix soon follows).
            Shape::Possessive => next
                .filter(|n| n.is_capitalised())
                .filter(|_| {
                    (i + 1..list.len().min(i + 1 + NAME_SPAN))
                        .take_while(|&k| same_sentence(first, &list[k]) && list[k].is_word())
                        .any(|k| {
                            let t = &list[k];
                            lex.is_suffix(&text[t.span.clone()], t.shape)
                        })
                })
                .map(|_| 1),
            // The number of an order or act: "Executive Order 13959".
            Shape::Digit => {
                let prev = &text[list[i - 1].span.clone()];
                matches!(lex.head(prev), Some(h) if h.kind == HeadKind::Name(Kind::Law))
                    .then_some(1)
            }
            _ => None,
        };
        match step {
            Some(n) => {
                i += n;
                end = i;
            }
            None => break,
        }
    }
    end
}

/// Cuts runs into segments and classes them.
pub struct Segmenter<'a> {
    pub text: &'a str,
    pub tokens: &'a Tokens,
    pub lex: &'a OrgLexicon,
    /// Gazetteer hits in token indices, sorted.
    pub hits: &'a [TokenHit],
}

impl Segmenter<'_> {
    fn word(&self, i: usize) -> &str {
        self.tokens.text(self.text, i)
    }

    fn tok(&self, i: usize) -> &Token {
        &self.tokens.list[i]
    }

    fn hit_at(&self, i: usize, end: usize) -> Option<TokenHit> {
        let k = self.hits.partition_point(|h| h.start < i);
        self.hits
            .get(k)
            .filter(|h| h.start == i && h.end <= end)
            .copied()
    }

    fn is_suffix(&self, i: usize) -> bool {
        let t = self.tok(i);
        t.is_word() && self.lex.is_suffix(self.word(i), t.shape)
    }

    fn head(&self, i: usize) -> Option<HeadKind> {
        let t = self.tok(i);
        if !t.is_capitalised() {
            return None;
        }
        self.lex.head(self.word(i)).map(|h| h.kind)
    }

    /// Skipped at the start of a segment: stop words, connectors, punctuation.
    fn skippable(&self, i: usize) -> bool {
        let t = self.tok(i);
        !t.is_word() || t.shape == Shape::Lower || self.lex.is_stopword(self.word(i))
    }

    /// Whether a name goes on after a place at its start: a head word or a
    /// suffix follows in the run ("Texas Commerce Bancshares Inc", "Hong
    /// Kong Stock Exchange"), before any other gazetteer name.
    fn continues_after_place(&self, from: usize, end: usize) -> bool {
        (from..end.min(from + NAME_SPAN))
            .take_while(|&j| self.hit_at(j, end).is_none())
            .any(|j| self.is_suffix(j) || self.head(j).is_some())
    }

    /// A title starting at `i` ("Secretary", "Chief Executive Officer"):
    /// where it ends.
    pub fn title_at(&self, i: usize, end: usize) -> Option<usize> {
        self.lex.titles.get(self.word(i)).iter().find_map(|words| {
            let stop = i + words.len();
            (stop <= end
                && words
                    .iter()
                    .enumerate()
                    .all(|(k, w)| eq_key(self.word(i + k), w)))
            .then_some(stop)
        })
    }

    /// Words of a person's name from `i`: capitalised, not heads, suffixes
    /// or stop words, at most four, reaching the end of the run.
    fn person_name_end(&self, i: usize, end: usize) -> Option<usize> {
        let mut j = i;
        while j < end && j - i < 4 {
            let t = self.tok(j);
            let initial = t.shape == Shape::Upper && self.word(j).trim_end_matches('.').len() == 1;
            // Inside a run a stop word after the first name word is a name
            // ("Vice Premier Liu He"): a pronoun there would open a sentence.
            let name_word = (t.shape == Shape::Cap || initial)
                && self.head(j).is_none()
                && !self.is_suffix(j)
                && (j > i || !self.lex.is_stopword(self.word(j)))
                && self.hit_at(j, end).is_none();
            if !name_word {
                break;
            }
            j += 1;
        }
        // The name must end the run or stop before a lower-case word:
        // "Executive Life Insurance Co" is no person.
        let ends = j == end || self.tok(j).shape == Shape::Lower;
        (j > i && ends).then_some(j)
    }

    /// A title used as a title at `i`: followed by a name, by the end of the
    /// run, or by "of". Returns (title end, name end); the name end equals
    /// the title end when no name follows.
    fn role_at(&self, i: usize, end: usize) -> Option<(usize, usize)> {
        let t_end = self.title_at(i, end)?;
        if t_end == end || self.tok(t_end).shape == Shape::Lower {
            return Some((t_end, t_end));
        }
        self.person_name_end(t_end, end).map(|n| (t_end, n))
    }

    /// Segments of the run `run`.
    pub fn segments(&self, run: Range<usize>, out: &mut Vec<Segment>) {
        let end = run.end;
        let headline = self.tokens.in_headline(run.start);
        let push = |out: &mut Vec<Segment>, toks: Range<usize>, name_start: usize, class: Class| {
            out.push(Segment {
                core_end: toks.end,
                name_start,
                toks,
                class,
                role: Role::None,
                headline,
            })
        };
        let mut pending_role = Role::None;
        let mut p = run.start;
        while p < end {
            if self.skippable(p) && !(p == run.start && self.tok(p).shape == Shape::Lower) {
                p += 1;
                continue;
            }
            if let Some(h) = self.hit_at(p, end) {
                let place = self.lex.entries[h.entry].kind == Kind::Place;
                if !(place && self.continues_after_place(h.end, end)) {
                    push(out, h.start..h.end, h.start, Class::Gazetteer(h.entry));
                    pending_role = Role::None;
                    p = h.end;
                    continue;
                }
            }
            if let Some((t_end, n_end)) = self.role_at(p, end) {
                if n_end > t_end {
                    push(out, p..n_end, t_end, Class::Person);
                    pending_role = Role::None;
                    p = n_end;
                } else {
                    pending_role = Role::EmployerOf;
                    p = t_end;
                }
                continue;
            }
            let (q, stop) = self.segment_end(p, end);
            let role = std::mem::take(&mut pending_role);
            let mut seg = self.classify(p..q, headline);
            seg.role = role;
            match stop {
                Stop::Title(t_end, n_end) => {
                    seg.role = Role::Employer;
                    out.push(seg);
                    if n_end > t_end {
                        push(out, p..n_end, t_end, Class::Person);
                        p = n_end;
                    } else {
                        pending_role = Role::EmployerOf;
                        p = t_end;
                    }
                }
                Stop::Other => {
                    out.push(seg);
                    p = q;
                }
            }
        }
    }

    /// Where the ordinary segment starting at `p` ends, and why.
    fn segment_end(&self, p: usize, end: usize) -> (usize, Stop) {
        let mut q = p + 1;
        let mut j = p + 1;
        while j < end {
            if let Some(h) = self.hit_at(j, end) {
                // A place after "of"/"for" belongs to the name ("Bank of
                // America"), as does one a head word or suffix follows.
                let place = self.lex.entries[h.entry].kind == Kind::Place;
                let after_joiner = (p..j).any(|i| self.tok(i).shape == Shape::Lower);
                if !(place && (after_joiner || self.continues_after_place(h.end, end))) {
                    break;
                }
                j = h.end;
                q = h.end;
                continue;
            }
            if let Some((t_end, n_end)) = self.role_at(j, end) {
                return (q, Stop::Title(t_end, n_end));
            }
            if self.is_suffix(j) && j > p {
                let mut k = j;
                while k < end && (self.is_suffix(k) || !self.tok(k).is_word()) {
                    k += 1;
                }
                while k > j && !self.tok(k - 1).is_word() {
                    k -= 1;
                }
                return (k, Stop::Other);
            }
            // "X and Y" are two names unless a head word or a legal suffix
            // makes one of them ("Securities and Exchange Commission",
            // "Central Bank and Trust Co").
            let horizon = end.min(j + 1 + NAME_SPAN);
            if self.lex.is_coordinator(self.word(j))
                && !self.joined_by_head(j + 1, horizon)
                && !(j + 1..horizon).any(|k| self.is_suffix(k))
                && !self.complement_of_head(p, j)
            {
                break;
            }
            if self.tok(j).is_word() && self.tok(j).shape != Shape::Lower {
                q = j + 1;
            }
            j += 1;
        }
        (q, Stop::Other)
    }

    /// "Ministry of Health and Welfare", "Office of Management and Budget":
    /// "and" inside the complement of an agency or organization head.
    fn complement_of_head(&self, p: usize, and: usize) -> bool {
        ((p + 1).max(and.saturating_sub(NAME_SPAN))..and).any(|i| {
            self.tok(i).shape == Shape::Lower
                && self.lex.is_joiner(self.word(i))
                && matches!(self.head(i - 1), Some(HeadKind::Name(k)) if k != Kind::Company)
        })
    }

    fn joined_by_head(&self, from: usize, end: usize) -> bool {
        (from..end).any(|j| matches!(self.head(j), Some(HeadKind::Name(k)) if k != Kind::Company))
    }

    /// The class of the words `toks`, by suffix, head word or given name.
    fn classify(&self, toks: Range<usize>, headline: bool) -> Segment {
        // The words proper, iterated where needed instead of collected.
        let words = || {
            toks.clone()
                .filter(|&i| self.tok(i).is_word() && self.tok(i).shape != Shape::Lower)
        };
        let mut core_end = toks.end;
        while core_end > toks.start + 1
            && (self.is_suffix(core_end - 1) || !self.tok(core_end - 1).is_word())
        {
            core_end -= 1;
        }
        let class = if core_end < toks.end {
            Class::Named {
                kind: Kind::Company,
                suffix: true,
            }
        } else {
            // The head: the word before "of"/"for", else the last word that
            // is not a number.
            let head_at = toks
                .clone()
                .find(|&i| {
                    i > toks.start
                        && self.tok(i).shape == Shape::Lower
                        && self.lex.is_joiner(self.word(i))
                })
                .map(|i| i - 1)
                .or_else(|| words().rev().find(|&i| self.tok(i).shape != Shape::Digit));
            // "iTunes Store", "iPod Software": a product line, not a company.
            let product = self.tok(toks.start).shape == Shape::Mixed;
            let head = head_at.and_then(|i| self.head(i)).filter(|_| !product);
            let given = self.lex.is_given_name(self.word(toks.start));
            // "Reserve Bank": an agency word anywhere makes a bank an agency.
            let agency_word = words().any(|i| self.head(i) == Some(HeadKind::Name(Kind::Agency)));
            let head = match head {
                Some(HeadKind::Name(Kind::Company)) if agency_word => {
                    Some(HeadKind::Name(Kind::Agency))
                }
                h => h,
            };
            let two = words().nth(1).is_some();
            match head {
                Some(HeadKind::Event) if two => Class::Event,
                Some(HeadKind::Name(kind)) if two => Class::Named {
                    kind,
                    suffix: false,
                },
                _ if given && two => Class::Person,
                _ => Class::Bare,
            }
        };
        Segment {
            name_start: toks.start,
            toks,
            core_end,
            class,
            role: Role::None,
            headline,
        }
    }
}

enum Stop {
    /// A title starts the next segment: (title end, name end).
    Title(usize, usize),
    Other,
}
