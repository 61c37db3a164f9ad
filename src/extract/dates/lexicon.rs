//! The date vocabulary, read once from `data/dates/`: every word and phrase
//! the scanner knows, with all its senses (a word may be a month, a verb and
//! a modifier at once; the grammar decides which one it is).

use super::scan::{split_words, FoldedWord, Gap, Tok, Token};
use crate::text::data_lines;
use std::collections::HashMap;

const MONTHS: &str = include_str!("../../../data/dates/months.tsv");
const WEEKDAYS: &str = include_str!("../../../data/dates/weekdays.tsv");
const SEASONS: &str = include_str!("../../../data/dates/seasons.tsv");
const UNITS: &str = include_str!("../../../data/dates/units.tsv");
const NUMBERS: &str = include_str!("../../../data/dates/numbers.tsv");
const ORDINALS: &str = include_str!("../../../data/dates/ordinals.tsv");
const RELATIVE: &str = include_str!("../../../data/dates/relative.tsv");
const MODIFIERS: &str = include_str!("../../../data/dates/modifiers.tsv");
const TENSE: &str = include_str!("../../../data/dates/tense.tsv");
const REFS: &str = include_str!("../../../data/dates/refs.tsv");
const DAYPARTS: &str = include_str!("../../../data/dates/dayparts.tsv");
const DEICTIC: &str = include_str!("../../../data/dates/deictic.tsv");
const HOLIDAYS: &str = include_str!("../../../data/dates/holidays.tsv");
const SETS: &str = include_str!("../../../data/dates/sets.tsv");
const TIMEZONES: &str = include_str!("../../../data/dates/timezones.txt");
const WORDS: &str = include_str!("../../../data/dates/words.tsv");

/// Calendar and clock units.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Unit {
    Second,
    Minute,
    Hour,
    Day,
    Week,
    Weekend,
    Month,
    Quarter,
    Half,
    Year,
    Decade,
    Century,
    Millennium,
}

impl Unit {
    fn parse(code: &str) -> Option<Unit> {
        Some(match code {
            "S" => Unit::Second,
            "MIN" => Unit::Minute,
            "H" => Unit::Hour,
            "D" => Unit::Day,
            "W" => Unit::Week,
            "WE" => Unit::Weekend,
            "M" => Unit::Month,
            "Q" => Unit::Quarter,
            "HALF" => Unit::Half,
            "Y" => Unit::Year,
            "DE" => Unit::Decade,
            "CE" => Unit::Century,
            "ML" => Unit::Millennium,
            _ => return None,
        })
    }

    /// Units of clock time are written after a `T` in a duration.
    pub fn is_clock(self) -> bool {
        matches!(self, Unit::Second | Unit::Minute | Unit::Hour)
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Season {
    Spring,
    Summer,
    Fall,
    Winter,
}

impl Season {
    fn parse(code: &str) -> Option<Season> {
        Some(match code {
            "SP" => Season::Spring,
            "SU" => Season::Summer,
            "FA" => Season::Fall,
            "WI" => Season::Winter,
            _ => return None,
        })
    }

    pub fn code(self) -> &'static str {
        match self {
            Season::Spring => "SP",
            Season::Summer => "SU",
            Season::Fall => "FA",
            Season::Winter => "WI",
        }
    }

    /// The first month of the season (winter starts in December of its year).
    pub fn first_month(self) -> i8 {
        match self {
            Season::Spring => 3,
            Season::Summer => 6,
            Season::Fall => 9,
            Season::Winter => 12,
        }
    }

    pub fn index(self) -> i32 {
        self as i32
    }

    pub fn from_index(i: i32) -> Season {
        match i.rem_euclid(4) {
            0 => Season::Spring,
            1 => Season::Summer,
            2 => Season::Fall,
            _ => Season::Winter,
        }
    }
}

/// A counted amount: exact, or vague ("several", "a few").
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Amount {
    Exact(u32),
    Vague,
}

/// What a relative word counts from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Frame {
    /// The publication date: "last week", "next year".
    Deictic,
    /// The date last mentioned: "the following day", "a year earlier".
    Anaphoric,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Relative {
    pub offset: i32,
    pub frame: Frame,
}

/// TIMEX3 `mod` values.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mod {
    Start,
    Mid,
    End,
    Approx,
    MoreThan,
    LessThan,
    EqualOrMore,
    EqualOrLess,
}

impl Mod {
    fn parse(s: &str) -> Option<Mod> {
        Some(match s {
            "START" => Mod::Start,
            "MID" => Mod::Mid,
            "END" => Mod::End,
            "APPROX" => Mod::Approx,
            "MORE_THAN" => Mod::MoreThan,
            "LESS_THAN" => Mod::LessThan,
            "EQUAL_OR_MORE" => Mod::EqualOrMore,
            "EQUAL_OR_LESS" => Mod::EqualOrLess,
            _ => return None,
        })
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Mod::Start => "START",
            Mod::Mid => "MID",
            Mod::End => "END",
            Mod::Approx => "APPROX",
            Mod::MoreThan => "MORE_THAN",
            Mod::LessThan => "LESS_THAN",
            Mod::EqualOrMore => "EQUAL_OR_MORE",
            Mod::EqualOrLess => "EQUAL_OR_LESS",
        }
    }
}

/// Where a modifier stands: "early 2009", "the end of 1990", "about two years".
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ModForm {
    Adj,
    Noun,
    Amount,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Modifier {
    pub value: Mod,
    pub form: ModForm,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Tense {
    Past,
    Future,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RefValue {
    Present,
    Past,
    Future,
}

impl RefValue {
    fn parse(s: &str) -> Option<RefValue> {
        Some(match s {
            "PRESENT_REF" => RefValue::Present,
            "PAST_REF" => RefValue::Past,
            "FUTURE_REF" => RefValue::Future,
            _ => return None,
        })
    }

    pub fn as_str(self) -> &'static str {
        match self {
            RefValue::Present => "PRESENT_REF",
            RefValue::Past => "PAST_REF",
            RefValue::Future => "FUTURE_REF",
        }
    }
}

/// A time of day: a part ("morning") or a clock time.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DayTime {
    Part(&'static str),
    Clock { hour: u8, minute: u8 },
}

impl DayTime {
    fn parse(s: &str) -> Option<DayTime> {
        for part in ["MO", "AF", "EV", "NI"] {
            if s == part {
                return Some(DayTime::Part(part));
            }
        }
        let (h, m) = s.split_once(':')?;
        Some(DayTime::Clock {
            hour: h.parse().ok().filter(|h| *h <= 24)?,
            minute: m.parse().ok().filter(|m| *m < 60)?,
        })
    }
}

/// How a holiday falls in a year.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Holiday {
    Fixed {
        month: i8,
        day: i8,
    },
    /// The n-th weekday of a month (n = -1: the last).
    Nth {
        month: i8,
        weekday: i8,
        n: i8,
    },
}

impl Holiday {
    fn parse(s: &str) -> Option<Holiday> {
        if let Some((m, d)) = s.split_once('-').filter(|_| !s.contains('/')) {
            return Some(Holiday::Fixed {
                month: m.parse().ok().filter(|m| (1..=12).contains(m))?,
                day: d.parse().ok().filter(|d| (1..=31).contains(d))?,
            });
        }
        let mut parts = s.split('/');
        let month = parts
            .next()?
            .parse()
            .ok()
            .filter(|m| (1..=12).contains(m))?;
        let weekday = parts.next()?.parse().ok().filter(|w| (1..=7).contains(w))?;
        let n = parts.next()?.parse().ok().filter(|n| *n != 0)?;
        Some(Holiday::Nth { month, weekday, n })
    }
}

/// Structural roles (bit flags) from `words.tsv`.
pub mod role {
    pub const DET: u64 = 1;
    pub const OF: u64 = 1 << 1;
    pub const AGO: u64 = 1 << 2;
    pub const FROM_NOW: u64 = 1 << 3;
    pub const EARLIER: u64 = 1 << 4;
    pub const LATER: u64 = 1 << 5;
    pub const AFTER: u64 = 1 << 6;
    pub const BEFORE: u64 = 1 << 7;
    pub const FISCAL: u64 = 1 << 8;
    pub const QUARTER_LETTER: u64 = 1 << 9;
    pub const HALF_LETTER: u64 = 1 << 10;
    pub const AM: u64 = 1 << 11;
    pub const PM: u64 = 1 << 12;
    pub const OCLOCK: u64 = 1 << 13;
    pub const EACH: u64 = 1 << 14;
    pub const AND: u64 = 1 << 15;
    pub const OR: u64 = 1 << 16;
    pub const TO: u64 = 1 << 17;
    pub const PREP: u64 = 1 << 18;
    pub const TIMEZONE: u64 = 1 << 19;
    pub const RECENT: u64 = 1 << 20;
    pub const PERIOD: u64 = 1 << 21;
    pub const OLD: u64 = 1 << 22;
    pub const SCALE: u64 = 1 << 23;
    pub const PASSIVE: u64 = 1 << 24;
    pub const EXTENT: u64 = 1 << 25;
    pub const AT: u64 = 1 << 26;
    pub const POSSESSIVE: u64 = 1 << 27;
    pub const RATE: u64 = 1 << 28;
    pub const ENDED: u64 = 1 << 29;
    pub const WHOLE: u64 = 1 << 30;
    pub const SO: u64 = 1 << 31;
    pub const MORE: u64 = 1 << 32;
    pub const EVENT: u64 = 1 << 33;
    pub const FIGURE: u64 = 1 << 34;

    pub fn parse(name: &str) -> Option<u64> {
        Some(match name {
            "det" => DET,
            "of" => OF,
            "ago" => AGO,
            "fromnow" => FROM_NOW,
            "earlier" => EARLIER,
            "later" => LATER,
            "after" => AFTER,
            "before" => BEFORE,
            "fiscal" => FISCAL,
            "quarterletter" => QUARTER_LETTER,
            "halfletter" => HALF_LETTER,
            "am" => AM,
            "pm" => PM,
            "oclock" => OCLOCK,
            "each" => EACH,
            "and" => AND,
            "or" => OR,
            "to" => TO,
            "prep" => PREP,
            "event" => EVENT,
            "figure" => FIGURE,
            "recent" => RECENT,
            "period" => PERIOD,
            "old" => OLD,
            "scale" => SCALE,
            "passive" => PASSIVE,
            "extent" => EXTENT,
            "at" => AT,
            "possessive" => POSSESSIVE,
            "rate" => RATE,
            "ended" => ENDED,
            "whole" => WHOLE,
            "so" => SO,
            "more" => MORE,
            _ => return None,
        })
    }
}

/// Every sense of one word or phrase.
#[derive(Clone, Debug, Default)]
pub struct WordInfo {
    pub month: Option<i8>,
    pub weekday: Option<i8>,
    pub season: Option<Season>,
    pub unit: Option<Unit>,
    pub number: Option<Amount>,
    pub ordinal: Option<u32>,
    /// A decade in words: "nineties" 90.
    pub decade: Option<u32>,
    pub relative: Option<Relative>,
    pub modifier: Option<Modifier>,
    pub tense: Option<Tense>,
    /// A reporting verb ("said"): its tense is the report's, not the
    /// reported event's, unless the date stands right beside it.
    pub reporting: bool,
    pub reference: Option<RefValue>,
    pub day_time: Option<DayTime>,
    /// "today" 0, "yesterday" -1, with "tonight" also a part of the day.
    pub deictic_day: Option<(i32, Option<DayTime>)>,
    pub holiday: Option<Holiday>,
    /// A recurring time ("daily"): its TIMEX3 value.
    pub set: Option<&'static str>,
    pub roles: u64,
    /// May be followed by a period that belongs to it ("Dec.").
    pub abbr: bool,
    /// Also a common word: a date only with a date beside it.
    pub ambiguous: bool,
    /// A plural unit or weekday ("years", "Mondays").
    pub plural: bool,
    /// A number word that takes "a" before it ("a few", "a dozen").
    pub takes_article: bool,
    /// A number word that only estimates ("a couple").
    pub approx: bool,
    /// "a", "an": a number only before another date word.
    pub lead: bool,
    /// May begin an expression (computed once the lists are read).
    pub starts: bool,
    /// Begins one only before another date word or as a phrase ("the").
    pub needs_next: bool,
    /// Phrases (indexes into `DateLexicon::phrases`) that start with this
    /// word, longest first.
    pub phrases: Vec<u32>,
}

impl WordInfo {
    pub fn has(&self, role: u64) -> bool {
        self.roles & role != 0
    }

    /// Whether this word can be a whole expression, or open one whose next
    /// word is no date word ("end of March", "year-end"); the others
    /// ("the", "that", "about", "two") need a date word after them.
    fn stands_alone(&self) -> bool {
        self.month.is_some()
            || self.weekday.is_some()
            || self.season.is_some()
            || self.unit.is_some()
            || self.reference.is_some()
            || self.day_time.is_some()
            || self.deictic_day.is_some()
            || self.holiday.is_some()
            || self.set.is_some()
            || self.modifier.is_some_and(|m| m.form == ModForm::Noun)
    }

    /// Whether this word (or phrase) can begin an expression by itself.
    fn has_date_sense(&self) -> bool {
        const OPENERS: u64 = role::FISCAL
            | role::QUARTER_LETTER
            | role::HALF_LETTER
            | role::EACH
            | role::RECENT
            | role::WHOLE;
        self.month.is_some()
            || self.weekday.is_some()
            || self.season.is_some()
            || self.unit.is_some()
            || (self.number.is_some() && !self.lead)
            || self.ordinal.is_some()
            || self.decade.is_some()
            || self.relative.is_some()
            || self.modifier.is_some()
            || self.reference.is_some()
            || self.day_time.is_some()
            || self.deictic_day.is_some()
            || self.holiday.is_some()
            || self.set.is_some()
            || self.roles & OPENERS != 0
    }
}

/// A multi-word entry: its words (as lexicon entries) and senses.
#[derive(Debug)]
pub struct Phrase {
    pub words: Vec<u32>,
    pub info: WordInfo,
}

impl Phrase {
    /// Whether the phrase is written at token `i` (words on one line or
    /// wrapped onto the next).
    pub fn at(&self, toks: &[Token], i: usize) -> bool {
        self.words.iter().enumerate().all(|(k, &w)| {
            toks.get(i + k).is_some_and(|t| {
                (k == 0 || t.gap <= Gap::Line)
                    && matches!(t.tok, Tok::Word { entry: Some(e), .. } if e == w)
            })
        })
    }
}

/// Words of the lexicon are at most this long (bytes, folded).
pub const MAX_KEY: usize = 16;

/// A folded word packed into two integers: compared and hashed in a few
/// instructions, with no string in sight.
/// The tokenizer builds keys itself, eight bytes at a time, as it finds
/// where a word ends (`scan::ascii_word`).
#[derive(Clone, Copy, PartialEq, Eq, Debug, Default)]
pub struct WordKey(pub u64, pub u64);

impl WordKey {
    /// The key of a word of letters, digits, periods and apostrophes, in
    /// any case: `| 0x20` lower-cases ASCII letters and leaves those others
    /// as they are.
    fn new(word: &[u8]) -> Option<WordKey> {
        if word.is_empty() || word.len() > MAX_KEY {
            return None;
        }
        let mut key = WordKey::default();
        for (k, &b) in word.iter().enumerate() {
            let b = u64::from(b | 0x20);
            if k < 8 {
                key.0 |= b << (8 * k);
            } else {
                key.1 |= b << (8 * (k - 8));
            }
        }
        Some(key)
    }

    fn hash(self) -> u64 {
        (self.0 ^ self.1.rotate_left(29)).wrapping_mul(0x9e37_79b9_7f4a_7c15)
    }
}

/// Open addressing over `WordKey`s, a quarter full.
struct WordTable {
    slots: Vec<(WordKey, u32)>,
    shift: u32,
}

impl WordTable {
    const EMPTY: u32 = u32::MAX;

    fn new(words: impl Iterator<Item = (WordKey, u32)> + Clone) -> Self {
        let bits = (words.clone().count() * 4)
            .next_power_of_two()
            .trailing_zeros()
            .max(4);
        let mut t = WordTable {
            slots: vec![(WordKey::default(), Self::EMPTY); 1 << bits],
            shift: 64 - bits,
        };
        for (key, id) in words {
            let mut i = t.home(key);
            while t.slots[i].1 != Self::EMPTY {
                i = (i + 1) & (t.slots.len() - 1);
            }
            t.slots[i] = (key, id);
        }
        t
    }

    fn home(&self, key: WordKey) -> usize {
        (key.hash() >> self.shift) as usize
    }

    fn get(&self, key: WordKey) -> Option<u32> {
        let mut i = self.home(key);
        loop {
            let (k, id) = self.slots[i];
            if id == Self::EMPTY {
                return None;
            }
            if k == key {
                return Some(id);
            }
            i = (i + 1) & (self.slots.len() - 1);
        }
    }
}

pub struct DateLexicon {
    index: WordTable,
    entries: Vec<WordInfo>,
    pub phrases: Vec<Phrase>,
    /// Suffixes of lower-case past-tense verbs ("-ed").
    pub past_suffixes: Vec<String>,
    /// The last bytes of those suffixes.
    past_last: [bool; 256],
}

impl DateLexicon {
    pub fn builtin() -> Self {
        Self::from_sources().expect("built-in date lists are valid")
    }

    fn from_sources() -> Result<Self, String> {
        let mut b = Builder::default();
        b.load(MONTHS, "months", |info, value, flags| {
            info.month = Some(parse_in(value, 1..=12)?);
            info.abbr |= flags.contains("abbr");
            info.ambiguous |= flags.contains("ambiguous");
            Some(())
        })?;
        b.load(WEEKDAYS, "weekdays", |info, value, flags| {
            info.weekday = Some(parse_in(value, 1..=7)?);
            info.abbr |= flags.contains("abbr");
            info.ambiguous |= flags.contains("ambiguous");
            info.plural |= flags.contains("plural");
            Some(())
        })?;
        b.load(SEASONS, "seasons", |info, value, flags| {
            info.season = Some(Season::parse(value)?);
            info.ambiguous |= flags.contains("ambiguous");
            Some(())
        })?;
        b.load(UNITS, "units", |info, value, flags| {
            info.unit = Some(Unit::parse(value)?);
            info.plural |= flags.contains("plural");
            Some(())
        })?;
        b.load(NUMBERS, "numbers", |info, value, flags| {
            info.takes_article |= flags.contains("article");
            info.approx |= flags.contains("approx");
            info.lead |= flags.contains("lead");
            if flags.contains("decade") {
                info.decade = Some(value.parse().ok()?);
                return Some(());
            }
            info.number = Some(if value == "X" {
                Amount::Vague
            } else {
                Amount::Exact(value.parse().ok()?)
            });
            Some(())
        })?;
        b.load(ORDINALS, "ordinals", |info, value, _| {
            info.ordinal = Some(value.parse().ok()?);
            Some(())
        })?;
        b.load(RELATIVE, "relative", |info, value, frame| {
            info.relative = Some(Relative {
                offset: value.parse().ok()?,
                frame: match frame {
                    "deictic" => Frame::Deictic,
                    "anaphoric" => Frame::Anaphoric,
                    _ => return None,
                },
            });
            Some(())
        })?;
        b.load(MODIFIERS, "modifiers", |info, value, form| {
            info.modifier = Some(Modifier {
                value: Mod::parse(value)?,
                form: match form {
                    "adj" => ModForm::Adj,
                    "noun" => ModForm::Noun,
                    "amount" => ModForm::Amount,
                    _ => return None,
                },
            });
            Some(())
        })?;
        let mut past_suffixes = Vec::new();
        for line in data_lines(TENSE) {
            if let Some(suffix) = line.strip_prefix('-') {
                match suffix.split_once('\t') {
                    Some((s, "past")) => past_suffixes.push(s.to_ascii_lowercase()),
                    _ => return Err(format!("tense: bad suffix line {line:?}")),
                }
            }
        }
        let tense_lines: String = data_lines(TENSE)
            .filter(|l| !l.starts_with('-'))
            .map(|l| format!("{l}\n"))
            .collect();
        b.load(&tense_lines, "tense", |info, value, flags| {
            info.reporting |= flags.contains("report");
            info.tense = Some(match value {
                "past" => Tense::Past,
                "future" => Tense::Future,
                _ => return None,
            });
            Some(())
        })?;
        b.load(REFS, "refs", |info, value, _| {
            info.reference = Some(RefValue::parse(value)?);
            Some(())
        })?;
        b.load(DAYPARTS, "dayparts", |info, value, _| {
            info.day_time = Some(DayTime::parse(value)?);
            Some(())
        })?;
        b.load(DEICTIC, "deictic", |info, value, part| {
            let part = if part.is_empty() {
                None
            } else {
                Some(DayTime::parse(part)?)
            };
            info.deictic_day = Some((value.parse().ok()?, part));
            Some(())
        })?;
        b.load(HOLIDAYS, "holidays", |info, value, _| {
            info.holiday = Some(Holiday::parse(value)?);
            Some(())
        })?;
        b.load(SETS, "sets", |info, value, _| {
            info.set = Some(leak(value));
            Some(())
        })?;
        let zones: String = data_lines(TIMEZONES)
            .map(|l| format!("{}\ttimezone\n", l.trim()))
            .collect();
        b.load(&zones, "timezones", |info, _, _| {
            info.roles |= role::TIMEZONE;
            Some(())
        })?;
        b.load(WORDS, "words", |info, value, _| {
            info.roles |= role::parse(value)?;
            Some(())
        })?;
        Ok(b.finish(past_suffixes))
    }

    /// The entry of a single word (ASCII, any case).
    pub fn lookup(&self, folded: &[u8]) -> Option<u32> {
        self.lookup_key(WordKey::new(folded)?)
    }

    /// The entry of a word by its key (as `WordKey::new` makes it).
    pub fn lookup_key(&self, key: WordKey) -> Option<u32> {
        self.index.get(key)
    }

    pub fn entry(&self, id: u32) -> &WordInfo {
        &self.entries[id as usize]
    }

    /// Whether a lower-case word is a regular past-tense verb.
    pub fn looks_past(&self, folded: &[u8]) -> bool {
        // Most words end in no suffix's last letter: one table lookup.
        if !folded
            .last()
            .is_some_and(|&b| self.past_last[usize::from(b)])
        {
            return false;
        }
        self.past_suffixes
            .iter()
            .any(|s| folded.len() > s.len() + 2 && folded.ends_with(s.as_bytes()))
    }
}

/// Values from the data files live as long as the program: a handful of
/// short strings, parsed once.
fn leak(s: &str) -> &'static str {
    Box::leak(s.to_string().into_boxed_str())
}

fn parse_in(value: &str, range: std::ops::RangeInclusive<i8>) -> Option<i8> {
    value.parse().ok().filter(|v| range.contains(v))
}

#[derive(Default)]
struct Builder {
    index: HashMap<String, u32>,
    entries: Vec<WordInfo>,
    phrases: Vec<Phrase>,
}

impl Builder {
    /// Read `word<TAB>value[<TAB>extra]` lines, giving each word or phrase
    /// the sense `set` makes of its value.
    fn load(
        &mut self,
        text: &str,
        file: &str,
        set: impl Fn(&mut WordInfo, &str, &str) -> Option<()>,
    ) -> Result<(), String> {
        for line in data_lines(text) {
            let mut cols = line.split('\t');
            let word = cols.next().unwrap_or("").trim();
            let value = cols.next().unwrap_or("").trim();
            let extra = cols.next().unwrap_or("").trim();
            // A clitic ("'s") is one word, as the scanner cuts it after a word.
            let clitic = word.len() > 1
                && word.starts_with('\'')
                && word[1..].chars().all(|c| c.is_ascii_alphabetic());
            let pieces = if clitic {
                vec![word]
            } else {
                split_words(word)
            };
            let words: Vec<String> = pieces
                .into_iter()
                .map(|w| FoldedWord::new(w).as_str().to_string())
                .collect();
            if let Some(long) = words.iter().find(|w| w.len() > MAX_KEY) {
                return Err(format!("{file}: {long:?} is longer than {MAX_KEY} bytes"));
            }
            let info = match words.len() {
                0 => return Err(format!("{file}: empty entry in {line:?}")),
                1 => self.word(&words[0]),
                _ => self.phrase(words),
            };
            set(info, value, extra).ok_or_else(|| format!("{file}: bad line {line:?}"))?;
        }
        Ok(())
    }

    fn word(&mut self, w: &str) -> &mut WordInfo {
        let next = self.entries.len() as u32;
        let id = *self.index.entry(w.to_string()).or_insert(next);
        if id == next {
            self.entries.push(WordInfo::default());
        }
        &mut self.entries[id as usize]
    }

    fn phrase(&mut self, words: Vec<String>) -> &mut WordInfo {
        // Every word of a phrase gets an entry, so tokens carry its id.
        let words: Vec<u32> = words
            .iter()
            .map(|w| {
                self.word(w);
                self.index[w.as_str()]
            })
            .collect();
        let i = match self.phrases.iter().position(|p| p.words == words) {
            Some(i) => i,
            None => {
                self.phrases.push(Phrase {
                    words,
                    info: WordInfo::default(),
                });
                self.phrases.len() - 1
            }
        };
        &mut self.phrases[i].info
    }

    fn finish(mut self, past_suffixes: Vec<String>) -> DateLexicon {
        let mut order: Vec<usize> = (0..self.phrases.len()).collect();
        order.sort_by_key(|&i| std::cmp::Reverse(self.phrases[i].words.len()));
        for p in &mut self.phrases {
            p.info.starts = p.info.has_date_sense();
        }
        for i in order {
            let first = self.phrases[i].words[0] as usize;
            self.entries[first].phrases.push(i as u32);
        }
        for w in &mut self.entries {
            let own = w.has_date_sense();
            let phrase = w
                .phrases
                .iter()
                .any(|&p| self.phrases[p as usize].info.starts);
            w.starts = own || phrase || w.lead || w.has(role::DET);
            w.needs_next = !w.stands_alone();
        }
        DateLexicon {
            index: WordTable::new(
                self.index
                    .iter()
                    .filter_map(|(w, &id)| Some((WordKey::new(w.as_bytes())?, id))),
            ),
            entries: self.entries,
            phrases: self.phrases,
            past_last: std::array::from_fn(|b| {
                past_suffixes
                    .iter()
                    .any(|s| s.as_bytes().last().map_or(true, |&l| l == b as u8))
            }),
            past_suffixes,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_lists_parse() {
        let lex = DateLexicon::from_sources().unwrap();
        let dec = lex.entry(lex.lookup(b"dec").unwrap());
        assert_eq!(dec.month, Some(12));
        assert!(dec.abbr);
        let may = lex.entry(lex.lookup(b"may").unwrap());
        assert!(may.ambiguous);
        let more = lex.entry(lex.lookup(b"more").unwrap());
        assert_eq!(more.phrases.len(), 1);
        assert!(lex.looks_past(b"exploded"));
        assert!(!lex.looks_past(b"red"));
    }
}
