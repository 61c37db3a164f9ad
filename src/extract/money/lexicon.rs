//! The money lexicon: the `data/money/` files compiled once into small
//! anchored tries that the scanner runs at a number's edges.

use super::decimal::Decimal;
use std::collections::{BTreeMap, HashMap};

const CURRENCIES: &str = include_str!("../../../data/money/currencies.tsv");
const CLASSES: &str = include_str!("../../../data/money/classes.tsv");
const TERMS: &str = include_str!("../../../data/money/terms.tsv");
const MULTIPLIERS: &str = include_str!("../../../data/money/multipliers.tsv");
const QUALIFIERS: &str = include_str!("../../../data/money/qualifiers.tsv");
const UNITS: &str = include_str!("../../../data/money/units.tsv");
const LINKS: &str = include_str!("../../../data/money/links.tsv");
const PER_UNITS: &str = include_str!("../../../data/money/per_units.tsv");
const NUMBER_WORDS: &str = include_str!("../../../data/money/number_words.tsv");
const VAGUE: &str = include_str!("../../../data/money/vague.tsv");
const CONTEXT: &str = include_str!("../../../data/money/context.tsv");

/// A currency as the text gives it: an ISO code (index into `codes`), or a
/// sign shared by several currencies (index into `classes`), settled per
/// document.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Cur {
    Code(u16),
    Class(u8),
}

/// A shared sign ("$", "¥", "francs") and the currencies it may stand for.
pub struct Class {
    pub default: u16,
    /// Currencies that make a default reading ambiguous when cued.
    pub flagged: Vec<u16>,
    /// Currencies that replace the default when cued more often.
    pub resolving: Vec<u16>,
}

/// What may follow a number.
#[derive(Clone, Copy, Debug)]
pub enum After {
    Multiplier(u8),
    Currency { cur: Cur, cents: bool },
    Unit { kind: UnitKind, unit: Option<u16> },
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum UnitKind {
    Percent,
    Quantity,
}

/// A word or phrase that may stand before an amount.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Lead {
    Qualifier(u16),
    Between,
    Change,
    RangeFrom,
}

/// The roles a joining word may play; one word may play several ("to",
/// "and"), so the lexicon keeps a bit set per word.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Link {
    Range,
    RangeTo,
    Quote,
    And,
    Compare,
    List,
    Conversion,
    Per,
}

impl Link {
    pub fn bit(self) -> u8 {
        1 << (self as u8)
    }
}

/// How a term must sit against the text around it.
#[derive(Clone, Debug, Default)]
pub struct Fit {
    /// Only directly after the number ("$767m").
    pub glued: bool,
    /// Only with the case as written.
    pub exact: Option<Box<[u8]>>,
    /// Not when this word comes next ("pounds of").
    pub not_before: Option<Box<[u8]>>,
    /// A currency word before the number, newswire style ("dlrs 220
    /// million"): only when the number has no unit and no currency of its
    /// own, reads as no year and starts no compound ("yen 25-year loan").
    pub wire: bool,
    /// Only after a multiplier ("a 300 mln mark placement", not "the 5000
    /// mark", a level).
    pub multiplied: bool,
}

/// A word of a vague amount ("hundreds of millions of dollars", "several
/// thousand dollars") and the range of factors it stands for.
#[derive(Clone, Copy, Debug)]
pub struct Vague {
    pub role: VagueRole,
    pub low: Decimal,
    pub high: Decimal,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum VagueRole {
    /// "several", "a few": a count, followed by a multiplier.
    Quantifier,
    /// "hundreds", "millions": followed by "of".
    Plural,
    /// "hundred", "million": a multiplier inside a vague amount.
    Multiplier,
}

/// Patterns compiled for anchored matching at one position, each with a
/// value: a byte trie, walked from the start of the haystack for the
/// longest pattern there. Patterns are a few bytes long and most positions
/// match none, so a walk is a table lookup for the first byte and a short
/// scan of a node's edges for each next one.
pub struct Matcher<T> {
    /// The node after the first byte (`NONE`: no pattern starts with it).
    root: [u32; 256],
    nodes: Vec<Node>,
    /// Edge labels and targets of every node, `Node::edges` indexing both.
    labels: Vec<u8>,
    targets: Vec<u32>,
    case_insensitive: bool,
    items: Vec<(T, Fit)>,
    /// Bytes in the longest pattern.
    longest: usize,
}

#[derive(Clone)]
struct Node {
    edges: std::ops::Range<u32>,
    /// The pattern that ends here (`NONE`: none).
    pattern: u32,
}

const NONE: u32 = u32::MAX;

impl<T> Matcher<T> {
    fn new(entries: Vec<(String, T, Fit)>, case_insensitive: bool, reversed: bool) -> Matcher<T> {
        let fold = |b: u8| {
            if case_insensitive {
                b.to_ascii_lowercase()
            } else {
                b
            }
        };
        // The trie with its children in maps while it is built: node 0 is
        // the root.
        let mut children: Vec<BTreeMap<u8, u32>> = vec![BTreeMap::new()];
        let mut patterns = vec![NONE];
        for (id, (p, _, _)) in entries.iter().enumerate() {
            let mut bytes = p.as_bytes().to_vec();
            assert!(!bytes.is_empty(), "empty pattern in data/money");
            if reversed {
                bytes.reverse();
            }
            let mut node = 0;
            for &b in &bytes {
                let next = children.len() as u32;
                node = *children[node].entry(fold(b)).or_insert(next) as usize;
                if node == next as usize {
                    children.push(BTreeMap::new());
                    patterns.push(NONE);
                }
            }
            // Of patterns written alike (up to case when that is folded),
            // the first one listed wins.
            if patterns[node] == NONE {
                patterns[node] = id as u32;
            }
        }
        let mut root = [NONE; 256];
        for (&b, &next) in &children[0] {
            root[usize::from(b)] = next;
            if case_insensitive {
                root[usize::from(b.to_ascii_uppercase())] = next;
            }
        }
        let (mut labels, mut targets, mut nodes) = (Vec::new(), Vec::new(), Vec::new());
        for (kids, &pattern) in children.iter().zip(&patterns) {
            let start = labels.len() as u32;
            labels.extend(kids.keys());
            targets.extend(kids.values());
            nodes.push(Node {
                edges: start..labels.len() as u32,
                pattern,
            });
        }
        let longest = entries.iter().map(|(p, _, _)| p.len()).max().unwrap_or(0);
        let items = entries.into_iter().map(|(_, v, f)| (v, f)).collect();
        Matcher {
            longest,
            root,
            nodes,
            labels,
            targets,
            case_insensitive,
            items,
        }
    }

    /// Whether some pattern starts with byte `b`.
    pub fn may_start(&self, b: u8) -> bool {
        self.root[usize::from(b)] != NONE
    }

    /// How many bytes the longest pattern has: no match reads further.
    pub fn longest(&self) -> usize {
        self.longest
    }

    /// The longest pattern at the start of `hay`: its length, value and fit.
    pub fn at(&self, hay: &[u8]) -> Option<(usize, &T, &Fit)> {
        let mut node = *self.root.get(usize::from(*hay.first()?))?;
        if node == NONE {
            return None;
        }
        let mut best = None;
        let mut len = 1;
        loop {
            let Node { edges, pattern } = &self.nodes[node as usize];
            if *pattern != NONE {
                best = Some((len, *pattern));
            }
            let Some(&b) = hay.get(len) else { break };
            let b = if self.case_insensitive {
                b.to_ascii_lowercase()
            } else {
                b
            };
            let (from, to) = (edges.start as usize, edges.end as usize);
            match self.labels[from..to].iter().position(|&l| l == b) {
                Some(k) => node = self.targets[from + k],
                None => break,
            }
            len += 1;
        }
        let (len, id) = best?;
        let (value, fit) = &self.items[id as usize];
        Some((len, value, fit))
    }
}

pub struct MoneyLexicon {
    /// ISO 4217 codes; `Cur::Code` indexes this.
    pub codes: Vec<String>,
    pub classes: Vec<Class>,
    /// Currency signs before a number, matched on reversed text.
    pub before: Matcher<Cur>,
    /// Multipliers, currencies and units after a number.
    pub after: Matcher<After>,
    /// Qualifiers before an amount, matched on reversed text.
    pub leads: Matcher<Lead>,
    pub qualifier_names: Vec<String>,
    pub links: Matcher<u8>,
    pub per_units: Matcher<u16>,
    pub per_names: Vec<String>,
    pub unit_names: Vec<String>,
    pub number_words: Matcher<Decimal>,
    /// Words of vague amounts, each with its factors.
    pub vague: Matcher<Vague>,
    /// Words after which a bare "200 million" stands alone, so that it may
    /// take the currency of the amount before it.
    pub context_followers: Matcher<()>,
    /// For each first letter (case kept: cues are capitalised) and second
    /// letter (case folded), the lengths of the first words of number words
    /// and of place cues (bit n: n letters): a cheap test at every word
    /// start, so that "the" or "profit" reaches no trie.
    shapes: Box<[[Shape; 27]; 53]>,
    /// Place cues of the shared signs (case as written), each with the class
    /// and the currency it points to.
    pub cues: Matcher<(u8, u16)>,
    /// Terms that make "$" + letters a currency, not a ticker ("$US").
    pub dollar_words: Vec<String>,
}

/// Data lines split on tabs, without comments and blank lines.
fn rows(text: &str) -> impl Iterator<Item = Vec<&str>> {
    text.lines()
        .map(str::trim_end)
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .map(|l| l.split('\t').collect())
}

fn fit(flags: Option<&&str>, surface: &str) -> Fit {
    let mut fit = Fit::default();
    for flag in flags
        .map_or("", |f| *f)
        .split(',')
        .filter(|f| !f.is_empty())
    {
        match flag {
            "glued" => fit.glued = true,
            "wire" => fit.wire = true,
            "multiplied" => fit.multiplied = true,
            "exact" => fit.exact = Some(surface.as_bytes().into()),
            "cents" => {}
            other => match other.strip_prefix("not_before:") {
                Some(word) => fit.not_before = Some(word.as_bytes().into()),
                None => panic!("unknown money flag {other:?} on {surface:?}"),
            },
        }
    }
    fit
}

impl MoneyLexicon {
    pub fn builtin() -> Self {
        let mut codes = Vec::new();
        let mut code_index = HashMap::new();
        let mut word_codes = Vec::new();
        let mut names = Vec::new();
        for row in rows(CURRENCIES) {
            code_index.insert(row[0].to_string(), codes.len() as u16);
            if let Some(name) = row.get(1).filter(|n| !n.contains('(')) {
                names.push((name.to_string(), codes.len() as u16));
            }
            if row.get(2) == Some(&"word") {
                word_codes.push(codes.len());
            }
            codes.push(row[0].to_string());
        }
        let code = |c: &str| -> u16 {
            *code_index
                .get(c)
                .unwrap_or_else(|| panic!("unknown currency code {c:?} in data/money"))
        };

        let mut class_index: HashMap<String, u8> = HashMap::new();
        let mut classes: Vec<Class> = Vec::new();
        let mut shapes = Box::new([[Shape::default(); 27]; 53]);
        let mut cues = Vec::new();
        for row in rows(CLASSES) {
            let currency = code(row[1]);
            let class = match class_index.get(row[0]) {
                Some(&i) => i,
                None => {
                    assert_eq!(row[2], "default", "a class opens with its default: {row:?}");
                    class_index.insert(row[0].to_string(), classes.len() as u8);
                    classes.push(Class {
                        default: currency,
                        flagged: Vec::new(),
                        resolving: Vec::new(),
                    });
                    classes.len() as u8 - 1
                }
            };
            match row[2] {
                "default" => {}
                "flag" => classes[class as usize].flagged.push(currency),
                "resolve" => classes[class as usize].resolving.push(currency),
                other => panic!("unknown class role {other:?}"),
            }
            for cue in row
                .get(3)
                .map_or("", |c| *c)
                .split('|')
                .filter(|c| !c.is_empty())
            {
                shape(&mut shapes, cue).cues |= 1 << first_word_len(cue);
                cues.push((cue.to_string(), (class, currency), Fit::default()));
            }
        }
        let cur = |name: &str| -> Cur {
            match class_index.get(name) {
                Some(&c) => Cur::Class(c),
                None => Cur::Code(code(name)),
            }
        };

        let mut before = Vec::new();
        let mut after = Vec::new();
        let mut dollar_words = Vec::new();
        for (i, c) in codes.iter().enumerate() {
            if word_codes.contains(&i) {
                continue;
            }
            let exact = Fit {
                exact: Some(c.as_bytes().into()),
                ..Fit::default()
            };
            before.push((c.clone(), Cur::Code(i as u16), Fit::default()));
            after.push((
                c.clone(),
                After::Currency {
                    cur: Cur::Code(i as u16),
                    cents: false,
                },
                exact,
            ));
        }
        for row in rows(TERMS) {
            let (surface, currency, position) = (row[0], cur(row[1]), row[2]);
            let cents = row
                .get(3)
                .is_some_and(|f| f.split(',').any(|f| f == "cents"));
            match position {
                "before" => {
                    if surface.starts_with('$') && surface.len() > 1 {
                        dollar_words.push(surface.to_string());
                    }
                    before.push((surface.to_string(), currency, fit(row.get(3), surface)));
                }
                "after" => after.push((
                    surface.to_string(),
                    After::Currency {
                        cur: currency,
                        cents,
                    },
                    fit(row.get(3), surface),
                )),
                other => panic!("unknown position {other:?} for {surface:?}"),
            }
        }
        // Every currency by its ISO name and the plural of it ("Kenyan
        // shillings", "Polish zlotys"), after the forms of terms.tsv, which
        // win where they are written alike.
        for (name, code) in names {
            let cur = After::Currency {
                cur: Cur::Code(code),
                cents: false,
            };
            if !name.ends_with('s') {
                after.push((format!("{name}s"), cur, Fit::default()));
            }
            after.push((name, cur, Fit::default()));
        }
        for row in rows(MULTIPLIERS) {
            let power: u8 = row[1].parse().expect("multiplier power");
            after.push((
                row[0].to_string(),
                After::Multiplier(power),
                fit(row.get(2), row[0]),
            ));
        }
        let mut unit_names: Vec<String> = Vec::new();
        for row in rows(UNITS) {
            let kind = match row[1] {
                "percent" => UnitKind::Percent,
                "quantity" => UnitKind::Quantity,
                other => panic!("unknown unit kind {other:?}"),
            };
            let unit = row.get(2).map(|u| intern(&mut unit_names, u));
            after.push((
                row[0].to_string(),
                After::Unit { kind, unit },
                Fit::default(),
            ));
        }

        let mut qualifier_names = Vec::new();
        let leads = rows(QUALIFIERS)
            .map(|row| {
                let lead = match row[1] {
                    "qualifier" => Lead::Qualifier(intern(&mut qualifier_names, row[0])),
                    "between" => Lead::Between,
                    "change" => Lead::Change,
                    "range" => Lead::RangeFrom,
                    other => panic!("unknown qualifier role {other:?}"),
                };
                (row[0].to_string(), lead, Fit::default())
            })
            .collect();
        let mut links: Vec<(String, u8, Fit)> = Vec::new();
        for row in rows(LINKS) {
            let link = match row[0] {
                "range" => Link::Range,
                "range_to" => Link::RangeTo,
                "quote" => Link::Quote,
                "and" => Link::And,
                "compare" => Link::Compare,
                "list" => Link::List,
                "conversion" => Link::Conversion,
                "per" => Link::Per,
                other => panic!("unknown link role {other:?}"),
            };
            match links.iter_mut().find(|(phrase, _, _)| phrase == row[1]) {
                Some((_, roles, _)) => *roles |= link.bit(),
                None => links.push((row[1].to_string(), link.bit(), Fit::default())),
            }
        }
        let mut per_names = Vec::new();
        let per_units = rows(PER_UNITS)
            .map(|row| {
                (
                    row[0].to_string(),
                    intern(&mut per_names, row[1]),
                    Fit::default(),
                )
            })
            .collect();
        let number_words = rows(NUMBER_WORDS)
            .map(|row| {
                // "One billion", "FIVE PCT" as well as "five pct".
                let capital = row[0][..1].to_ascii_uppercase() + &row[0][1..];
                for form in [row[0], &capital] {
                    shape(&mut shapes, form).numbers |= 1 << first_word_len(form);
                }
                let value = Decimal::parse(row[1].as_bytes()).expect("number word value");
                (row[0].to_string(), value, Fit::default())
            })
            .collect();
        let vague = rows(VAGUE)
            .map(|row| {
                let role = match row[1] {
                    "quantifier" => VagueRole::Quantifier,
                    "plural" => VagueRole::Plural,
                    "multiplier" => VagueRole::Multiplier,
                    other => panic!("unknown vague role {other:?}"),
                };
                let factor = |s: &str| Decimal::parse(s.as_bytes()).expect("vague factor");
                if role != VagueRole::Multiplier {
                    // A vague amount opens with it: the scanner looks here.
                    let capital = row[0][..1].to_ascii_uppercase() + &row[0][1..];
                    for form in [row[0], &capital] {
                        shape(&mut shapes, form).numbers |= 1 << first_word_len(form);
                    }
                }
                let vague = Vague {
                    role,
                    low: factor(row[2]),
                    high: factor(row[3]),
                };
                (row[0].to_string(), vague, Fit::default())
            })
            .collect();

        MoneyLexicon {
            codes,
            classes,
            before: Matcher::new(before, false, true),
            after: Matcher::new(after, true, false),
            leads: Matcher::new(leads, true, true),
            qualifier_names,
            links: Matcher::new(links, true, false),
            per_units: Matcher::new(per_units, true, false),
            per_names,
            unit_names,
            number_words: Matcher::new(number_words, true, false),
            vague: Matcher::new(vague, true, false),
            context_followers: Matcher::new(
                rows(CONTEXT)
                    .map(|row| (row[0].to_string(), (), Fit::default()))
                    .collect(),
                true,
                false,
            ),
            shapes,
            cues: Matcher::new(cues, false, false),
            dollar_words,
        }
    }

    /// Whether a word of `len` ASCII letters, `first` and `second` (None:
    /// only one) the first of them, may open a number word, and a place
    /// cue.
    pub fn word_may_be(&self, first: u8, second: Option<u8>, len: usize) -> (bool, bool) {
        if len >= 32 {
            return (false, false);
        }
        let (a, b) = letter_pair(first, second);
        let shape = self.shapes[a][b];
        let bit = 1 << len;
        (shape.numbers & bit != 0, shape.cues & bit != 0)
    }

    pub fn code(&self, c: u16) -> &str {
        &self.codes[usize::from(c)]
    }
}

/// Lengths (as bits) of the first words of number words and of place cues
/// that open with a given pair of letters.
#[derive(Clone, Copy, Default)]
struct Shape {
    numbers: u32,
    cues: u32,
}

fn shape<'s>(shapes: &'s mut [[Shape; 27]; 53], phrase: &str) -> &'s mut Shape {
    let first = phrase.as_bytes();
    let (a, b) = letter_pair(first[0], first.get(1).copied());
    &mut shapes[a][b]
}

fn first_word_len(phrase: &str) -> usize {
    phrase.split(' ').next().unwrap_or_default().len().min(31)
}

/// Table indexes of a word's first two ASCII letters: the first with its
/// case (a-z 0-25, A-Z 26-51), the second folded (26: none); 52 and 26 for
/// anything else. Two table lookups: this runs at every word of the text.
fn letter_pair(first: u8, second: Option<u8>) -> (usize, usize) {
    let second = second.map_or(26, |c| SECOND_LETTER[usize::from(c)]);
    (
        usize::from(FIRST_LETTER[usize::from(first)]),
        usize::from(second),
    )
}

const FIRST_LETTER: [u8; 256] = {
    let mut t = [52; 256];
    let mut c = 0;
    while c < 26 {
        t[b'a' as usize + c] = c as u8;
        t[b'A' as usize + c] = c as u8 + 26;
        c += 1;
    }
    t
};

const SECOND_LETTER: [u8; 256] = {
    let mut t = [26; 256];
    let mut c = 0;
    while c < 26 {
        t[b'a' as usize + c] = c as u8;
        t[b'A' as usize + c] = c as u8;
        c += 1;
    }
    t
};

/// Index of `name` in `names`, added when new.
fn intern(names: &mut Vec<String>, name: &str) -> u16 {
    match names.iter().position(|n| n == name) {
        Some(i) => i as u16,
        None => {
            names.push(name.to_string());
            names.len() as u16 - 1
        }
    }
}
