//! The event lexicon: types, triggers, topic cues and the function words that
//! shape a trigger's reading, parsed once from `data/events/` and compiled
//! into one Aho-Corasick automaton, so a document is scanned in one pass.

use crate::text::data_lines;
use aho_corasick::automaton::Automaton;
use aho_corasick::dfa::DFA;
use aho_corasick::{Anchored, MatchKind};
use std::collections::{HashMap, HashSet};

const TYPES: &str = include_str!("../../data/events/types.tsv");
const TRIGGERS: &str = include_str!("../../data/events/triggers.tsv");
const CUES: &str = include_str!("../../data/events/cues.tsv");
const WORDS: &str = include_str!("../../data/events/words.tsv");

/// Which roles an event type fills.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Roles {
    pub actor: bool,
    pub money: bool,
    pub list: bool,
    pub also_affected: bool,
}

/// One line of `types.tsv`.
#[derive(Clone, Debug)]
pub struct EventType {
    pub name: String,
    /// What a hedged or planned mention becomes; `None` drops it.
    pub when_hedged: Option<usize>,
    pub roles: Roles,
    /// Types whose presence in a document makes undated mentions of this
    /// one background.
    pub superseded_by: Vec<usize>,
    /// Every company of the clause is a subject.
    pub each: bool,
    /// The trigger acts on its subject: the company after an active verb.
    pub object: bool,
    /// With `object`: no subject unless something is acted on by name.
    pub strict: bool,
    /// With `object`: a part of a company ("9.9 pct of X") is no subject.
    pub whole: bool,
    /// The subject does it: companies after the trigger are the actor.
    pub agent: bool,
    /// Kept only with a date of its own.
    pub own_date: bool,
    /// It answers something: a date next to its word is its own.
    pub response: bool,
    /// Its subject may be any party: company, agency, organization, person.
    pub any_party: bool,
    pub summary: String,
}

/// What a trigger needs in its sentence.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Needs {
    Nothing,
    Topic(usize),
    Money,
}

/// How a trigger reads where its type reads otherwise.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Reading {
    /// The subject does it.
    Agent,
    /// The subject undergoes it.
    Object,
    /// It only tells ("said"): it gives way to the event it tells.
    Telling,
}

#[derive(Clone, Copy, Debug)]
pub struct Trigger {
    pub kind: usize,
    pub needs: Needs,
    /// A noun ("postponement"): "this addition" refers to an earlier event.
    pub noun: bool,
    pub reading: Option<Reading>,
}

/// The classes of `words.tsv`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum WordClass {
    Negation,
    Hedge,
    Reporting,
    Boundary,
    Anaphor,
    /// "the regulator", "the watchdog": an agency the story names.
    AgencyAnaphor,
    Demonstrative,
    Relative,
    Forward,
    Passive,
    Given,
    Implicative,
    Preposition,
    Partitive,
    Inception,
    Measure,
}

/// What a matched phrase is; one phrase may be several things ("said" is a
/// reporting word and a statement trigger).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Tag {
    Trigger(usize),
    Cue(usize),
    Word(WordClass),
}

pub struct EventLexicon {
    pub types: Vec<EventType>,
    pub triggers: Vec<Trigger>,
    pub topics: Vec<String>,
    /// Per topic: its cue may stand anywhere in the sentence (else in the
    /// trigger's clause).
    pub sentence_wide: Vec<bool>,
    automaton: DFA,
    /// Tags per automaton pattern.
    tags: Vec<Vec<Tag>>,
    /// Words of the classes in `LOOKED_UP`, lower case.
    looked_up: HashMap<WordClass, HashSet<String>>,
}

/// Word classes checked on a word already at hand rather than found by the
/// scan (see `EventLexicon::is_word`).
const LOOKED_UP: [WordClass; 4] = [
    WordClass::Given,
    WordClass::Implicative,
    WordClass::Preposition,
    WordClass::Inception,
];

/// A whole-word match of a lexicon phrase.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Hit {
    pub start: usize,
    pub end: usize,
    pattern: usize,
}

impl EventLexicon {
    pub fn builtin() -> Self {
        Self::parse(TYPES, TRIGGERS, CUES, WORDS).expect("built-in event lexicon is valid")
    }

    pub fn parse(types: &str, triggers: &str, cues: &str, words: &str) -> Result<Self, String> {
        let (types, type_index) = parse_types(types)?;
        let mut phrases = Phrases::default();
        let mut trigger_list = Vec::new();
        for line in data_lines(triggers) {
            let cols: Vec<&str> = line.split('\t').collect();
            let (&[kind, form, phrase, needs], reading) = (&cols[..cols.len().min(4)], cols.get(4))
            else {
                return Err(format!("trigger needs four or five columns: {line:?}"));
            };
            if cols.len() > 5 {
                return Err(format!("trigger needs four or five columns: {line:?}"));
            }
            let reading = match reading.copied() {
                None => None,
                Some("agent") => Some(Reading::Agent),
                Some("object") => Some(Reading::Object),
                Some("telling") => Some(Reading::Telling),
                Some(other) => return Err(format!("unknown trigger reading {other:?}")),
            };
            let kind = *type_index
                .get(kind)
                .ok_or_else(|| format!("trigger of unknown type {kind:?}"))?;
            let needs = match needs {
                "-" => Needs::Nothing,
                "money" => Needs::Money,
                topic => Needs::Topic(phrases.topic(topic)),
            };
            let forms = match form {
                "verb" => phrase.split('|').flat_map(verb_forms).collect(),
                "noun" => phrase.split('|').flat_map(noun_forms).collect(),
                "fixed" => phrase.split('|').map(str::to_string).collect::<Vec<_>>(),
                other => return Err(format!("unknown trigger form {other:?}")),
            };
            let id = trigger_list.len();
            trigger_list.push(Trigger {
                kind,
                needs,
                noun: form == "noun",
                reading,
            });
            for f in forms {
                phrases.add(&f, Tag::Trigger(id));
            }
        }
        let mut wide_topics = Vec::new();
        for line in data_lines(cues) {
            let Some((topic, phrase)) = line.split_once('\t') else {
                return Err(format!("cue needs two columns: {line:?}"));
            };
            if topic == "!sentence" {
                wide_topics.push(phrases.topic(phrase));
                continue;
            }
            let topic = phrases.topic(topic);
            phrases.add(phrase, Tag::Cue(topic));
        }
        let mut looked_up: HashMap<WordClass, HashSet<String>> = HashMap::new();
        for line in data_lines(words) {
            let Some((class, phrase)) = line.split_once('\t') else {
                return Err(format!("word needs two columns: {line:?}"));
            };
            let class = match class {
                "negation" => WordClass::Negation,
                "hedge" => WordClass::Hedge,
                "reporting" => WordClass::Reporting,
                "boundary" => WordClass::Boundary,
                "anaphor" => WordClass::Anaphor,
                "agency_anaphor" => WordClass::AgencyAnaphor,
                "demonstrative" => WordClass::Demonstrative,
                "relative" => WordClass::Relative,
                "forward" => WordClass::Forward,
                "passive" => WordClass::Passive,
                "given" => WordClass::Given,
                "implicative" => WordClass::Implicative,
                "preposition" => WordClass::Preposition,
                "partitive" => WordClass::Partitive,
                "inception" => WordClass::Inception,
                "measure" => WordClass::Measure,
                other => return Err(format!("unknown word class {other:?}")),
            };
            // Classes only ever asked about a word at hand stay out of the
            // automaton: "the", "of", "in" would match everywhere.
            if LOOKED_UP.contains(&class) {
                looked_up
                    .entry(class)
                    .or_default()
                    .insert(phrase.to_lowercase());
                continue;
            }
            phrases.add(phrase, Tag::Word(class));
        }
        // A full DFA: a few hundred short phrases, searched at every byte.
        let automaton = DFA::builder()
            .ascii_case_insensitive(true)
            .match_kind(MatchKind::LeftmostLongest)
            .prefilter(false)
            .build(&phrases.patterns)
            .map_err(|e| e.to_string())?;
        let sentence_wide = (0..phrases.topics.len())
            .map(|t| wide_topics.contains(&t))
            .collect();
        Ok(EventLexicon {
            types,
            triggers: trigger_list,
            sentence_wide,
            topics: phrases.topics,
            automaton,
            tags: phrases.tags,
            looked_up,
        })
    }

    pub fn type_named(&self, name: &str) -> Option<usize> {
        self.types.iter().position(|t| t.name == name)
    }

    /// Every whole-word match in `text`, in order: the one pass over a
    /// document.
    pub fn scan(&self, text: &str) -> Vec<Hit> {
        // The leftmost-longest matches one after another, each search going
        // on from the end of the last match (whole word or not), as
        // `AhoCorasick::find_iter` gives them; run on the DFA directly, as
        // common short phrases ("is", "it") match inside many words and the
        // iterator's set-up per match cost more than the search.
        let dfa = &self.automaton;
        // A phrase may be wrapped across lines ("offered to\nbuy"): line
        // breaks and tabs read as the space they stand for (one byte for
        // one, so offsets hold).
        let unwrapped: Vec<u8>;
        let bytes = if text.bytes().any(|b| matches!(b, b'\n' | b'\r' | b'\t')) {
            unwrapped = text
                .bytes()
                .map(|b| {
                    if matches!(b, b'\n' | b'\r' | b'\t') {
                        b' '
                    } else {
                        b
                    }
                })
                .collect();
            &unwrapped[..]
        } else {
            text.as_bytes()
        };
        let begin = dfa
            .start_state(Anchored::No)
            .expect("the DFA searches unanchored");
        // Sized for news text, so it seldom grows.
        let mut hits = Vec::with_capacity(text.len() / 32);
        let mut at = 0;
        while at < bytes.len() {
            let mut sid = begin;
            let mut found = None;
            for (i, &b) in bytes.iter().enumerate().skip(at) {
                sid = dfa.next_state(Anchored::No, sid, b);
                if dfa.is_special(sid) {
                    if dfa.is_dead(sid) {
                        break;
                    }
                    if dfa.is_match(sid) {
                        let pattern = dfa.match_pattern(sid, 0);
                        found = Some((i + 1 - dfa.pattern_len(pattern), i + 1, pattern));
                    }
                }
            }
            let Some((start, end, pattern)) = found else {
                break;
            };
            if whole_word(text, start, end) {
                hits.push(Hit {
                    start,
                    end,
                    pattern: pattern.as_usize(),
                });
            }
            at = end;
        }
        hits
    }

    /// Whether `words` (any case; one word or a phrase such as "went on")
    /// is of a looked-up class.
    pub fn is_word(&self, words: &str, class: WordClass) -> bool {
        self.looked_up
            .get(&class)
            .is_some_and(|set| set.contains(&words.to_lowercase()))
    }

    pub fn tags(&self, hit: &Hit) -> &[Tag] {
        &self.tags[hit.pattern]
    }
}

/// A match counts only when it is not glued to letters or digits, except
/// where the phrase itself starts or ends with punctuation ("'t", ";").
/// Patterns are ASCII or whole UTF-8 sequences, so matches sit on char
/// boundaries.
fn whole_word(text: &str, start: usize, end: usize) -> bool {
    let inner = |c: Option<char>| c.is_some_and(char::is_alphanumeric);
    let glued_left =
        inner(text[start..].chars().next()) && inner(text[..start].chars().next_back());
    let glued_right = inner(text[..end].chars().next_back()) && inner(text[end..].chars().next());
    !(glued_left || glued_right)
}

#[derive(Default)]
struct Phrases {
    patterns: Vec<String>,
    tags: Vec<Vec<Tag>>,
    index: HashMap<String, usize>,
    topics: Vec<String>,
}

impl Phrases {
    fn add(&mut self, phrase: &str, tag: Tag) {
        let key = phrase.trim().to_lowercase();
        if key.is_empty() {
            return;
        }
        let id = *self.index.entry(key.clone()).or_insert_with(|| {
            self.patterns.push(key);
            self.tags.push(Vec::new());
            self.patterns.len() - 1
        });
        if !self.tags[id].contains(&tag) {
            self.tags[id].push(tag);
        }
    }

    fn topic(&mut self, name: &str) -> usize {
        match self.topics.iter().position(|t| t == name) {
            Some(i) => i,
            None => {
                self.topics.push(name.to_string());
                self.topics.len() - 1
            }
        }
    }
}

fn parse_types(text: &str) -> Result<(Vec<EventType>, HashMap<&str, usize>), String> {
    let rows: Vec<Vec<&str>> = data_lines(text).map(|l| l.split('\t').collect()).collect();
    let mut index = HashMap::new();
    for (i, row) in rows.iter().enumerate() {
        if row.len() != 6 {
            return Err(format!("event type needs six columns: {row:?}"));
        }
        index.insert(row[0], i);
    }
    let lookup = |name: &str| {
        index
            .get(name)
            .copied()
            .ok_or_else(|| format!("unknown event type {name:?}"))
    };
    let mut types = Vec::new();
    for row in &rows {
        let when_hedged = match row[1] {
            "-" => None,
            name => Some(lookup(name)?),
        };
        let mut roles = Roles::default();
        for role in row[2].split(',') {
            match role {
                "subject" => {}
                "actor" => roles.actor = true,
                "money" => roles.money = true,
                "list" => roles.list = true,
                "also_affected" => roles.also_affected = true,
                other => return Err(format!("unknown role {other:?}")),
            }
        }
        let superseded_by = match row[3] {
            "-" => Vec::new(),
            names => names.split(',').map(lookup).collect::<Result<_, _>>()?,
        };
        let flags: Vec<&str> = row[4].split(',').collect();
        types.push(EventType {
            name: row[0].to_string(),
            when_hedged,
            roles,
            superseded_by,
            each: flags.contains(&"each"),
            object: flags.contains(&"object"),
            strict: flags.contains(&"strict"),
            whole: flags.contains(&"whole"),
            agent: flags.contains(&"agent"),
            own_date: flags.contains(&"own_date"),
            response: flags.contains(&"response"),
            any_party: flags.contains(&"any_party"),
            summary: row[5].to_string(),
        });
    }
    Ok((types, index))
}

/// A verb phrase in its forms: the first word inflected, the rest kept
/// ("file for": file, files, filed, filing for).
fn verb_forms(phrase: &str) -> Vec<String> {
    let (head, rest) = phrase.split_once(' ').unwrap_or((phrase, ""));
    let rest = if rest.is_empty() {
        String::new()
    } else {
        format!(" {rest}")
    };
    let stem_e = head.strip_suffix('e').filter(|s| !s.ends_with('e'));
    let consonant_y = head
        .strip_suffix('y')
        .filter(|s| !s.ends_with(['a', 'e', 'i', 'o', 'u']));
    let third = if head.ends_with(['s', 'x', 'z']) || head.ends_with("ch") || head.ends_with("sh") {
        format!("{head}es")
    } else if let Some(s) = consonant_y {
        format!("{s}ies")
    } else {
        format!("{head}s")
    };
    let past = if head.ends_with('e') {
        format!("{head}d")
    } else if let Some(s) = consonant_y {
        format!("{s}ied")
    } else {
        format!("{head}ed")
    };
    let ing = match stem_e {
        Some(s) => format!("{s}ing"),
        None => format!("{head}ing"),
    };
    [head.to_string(), third, past, ing]
        .into_iter()
        .map(|w| format!("{w}{rest}"))
        .collect()
}

/// A noun phrase and its plural (the last word).
fn noun_forms(phrase: &str) -> Vec<String> {
    let plural = if phrase.ends_with(['s', 'x', 'z']) || phrase.ends_with("ch") {
        format!("{phrase}es")
    } else {
        format!("{phrase}s")
    };
    vec![phrase.to_string(), plural]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn verbs_inflect_regularly() {
        assert_eq!(
            verb_forms("postpone"),
            ["postpone", "postpones", "postponed", "postponing"]
        );
        assert_eq!(
            verb_forms("delay"),
            ["delay", "delays", "delayed", "delaying"]
        );
        assert_eq!(verb_forms("deny"), ["deny", "denies", "denied", "denying"]);
        assert_eq!(
            verb_forms("file for"),
            ["file for", "files for", "filed for", "filing for"]
        );
        assert_eq!(noun_forms("probe"), ["probe", "probes"]);
    }

    #[test]
    fn builtin_lexicon_parses_and_every_type_has_a_trigger() {
        let lex = EventLexicon::builtin();
        for (i, t) in lex.types.iter().enumerate() {
            assert!(
                lex.triggers.iter().any(|tr| tr.kind == i),
                "type {} has no trigger",
                t.name
            );
        }
        assert_eq!(
            lex.types[lex.type_named("ipo_listed").unwrap()].when_hedged,
            lex.type_named("ipo_planned")
        );
    }

    #[test]
    fn scan_matches_whole_words_in_any_case() {
        let lex = EventLexicon::builtin();
        let text = "Acme POSTPONES its IPO; postponedx is no word, didn't";
        let hits: Vec<&str> = lex
            .scan(text)
            .iter()
            .map(|h| &text[h.start..h.end])
            .collect();
        assert!(hits.contains(&"POSTPONES"));
        assert!(hits.contains(&"IPO"));
        assert!(hits.contains(&"'t"));
        assert!(!hits.iter().any(|h| h.starts_with("postponed")));
    }

    #[test]
    fn one_phrase_carries_every_tag() {
        let lex = EventLexicon::builtin();
        let text = "the company said";
        let said = lex
            .scan(text)
            .into_iter()
            .find(|h| &text[h.start..h.end] == "said")
            .unwrap();
        let tags = lex.tags(&said);
        assert!(tags.contains(&Tag::Word(WordClass::Reporting)));
        assert!(tags.iter().any(|t| matches!(t, Tag::Trigger(_))));
    }

    #[test]
    fn bad_lines_are_errors() {
        assert!(
            EventLexicon::parse("x\t-\tsubject\t-\t-\t{subject}", "y\tverb\tgo\t-", "", "")
                .is_err()
        );
        assert!(
            EventLexicon::parse("x\t-\tsubject\t-\t-\t{subject}", "x\tadverb\tgo\t-", "", "")
                .is_err()
        );
        assert!(EventLexicon::parse(
            "x\t-\tsubject\t-\t-\t{subject}",
            "x\tverb\tgo\t-",
            "",
            "odd\tword"
        )
        .is_err());
    }
}
