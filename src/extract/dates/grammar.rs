//! The grammar of temporal expressions, over tokens: at each token the
//! longest expression that starts there, as an unresolved `Expr` (what the
//! words say, before any calendar arithmetic).

use super::lexicon::{
    role, Amount, DateLexicon, DayTime, Frame, Holiday, Mod, ModForm, RefValue, Relative, Season,
    Unit, WordInfo,
};
use super::scan::{Case, Gap, NumSuffix, Tok, Token};
use std::ops::Range;

/// Which year a calendar expression lies in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum YearSpec {
    Known(i32),
    /// "this year's", "last year's", "the previous year's".
    Relative(Relative),
    /// Not said: the nearest one, in the direction the tense gives, or the
    /// one "last"/"next"/"this" gives.
    Context(Option<Relative>),
}

/// A stretch of a year (or of history) as named.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Period {
    Century(i32),
    Decade(i32),
    Year,
    Half(i8),
    Quarter(i8),
    Season(Season),
    Month(i8),
    Day(i8, i8),
    Weekday(i8),
    Weekend,
    Holiday(Holiday),
}

#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Expr {
    Calendar {
        year: YearSpec,
        period: Period,
        /// A weekday written beside a day of the month ("Sunday, Dec. 12").
        weekday: Option<i8>,
    },
    /// `n` units from the publication date or the date last mentioned:
    /// "yesterday", "last week", "two months ago", "three weeks after".
    Shift {
        unit: Unit,
        n: i32,
        frame: Frame,
    },
    /// A counted distance from the publication date or the date last
    /// mentioned: "two months ago", "a year earlier", "three weeks after".
    /// Next to a quarter or a month, a year's distance keeps that period
    /// ("the same quarter a year earlier").
    Offset {
        unit: Unit,
        n: i32,
        frame: Frame,
    },
    /// A vague offset: "years ago" is the past, "weeks from now" the future.
    Vague(RefValue),
    /// "the 1988 quarter", "the 1989 period": the period the story
    /// reports on, in the year named.
    PeriodIn(i32),
    Duration {
        amount: Amount,
        half: bool,
        unit: Unit,
    },
    /// A recurring time.
    Set(SetValue),
    Ref(RefValue),
}

#[derive(Clone, Copy, Debug, PartialEq)]
pub enum SetValue {
    /// "every two weeks": P2W.
    Every {
        n: u32,
        unit: Unit,
    },
    /// "every Monday", "on Mondays".
    Weekday(i8),
    Season(Season),
    Month(i8),
    DayTime(DayTime),
    /// A word from sets.tsv ("daily").
    Word(&'static str),
}

/// A temporal expression found in the text.
#[derive(Clone, Debug, PartialEq)]
pub struct Found {
    /// Token range.
    pub tokens: Range<usize>,
    pub expr: Expr,
    pub time: Option<DayTime>,
    pub modifier: Option<Mod>,
}

/// Every expression in the token stream, left to right, longest first.
pub fn parse(text: &str, toks: &[Token], lex: &DateLexicon) -> Vec<Found> {
    let g = Grammar { text, toks, lex };
    let mut out = Vec::new();
    let mut i = 0;
    while i < toks.len() {
        match g.at(i) {
            Some(f) if g.is_title(&f) => i = f.tokens.end,
            Some(f) => {
                i = f.tokens.end;
                let mut last = f.clone();
                out.push(f);
                // "April 24 and 25", "May 3, 4 and 5": the days listed
                // after a date share its month and year.
                while let Some(next) = g.listed_day(&last) {
                    i = next.tokens.end;
                    last = next.clone();
                    out.push(next);
                }
            }
            None => i += 1,
        }
    }
    out
}

/// What a rule returns: the end token and the expression.
struct Hit {
    end: usize,
    expr: Expr,
    time: Option<DayTime>,
    modifier: Option<Mod>,
}

impl Hit {
    fn new(end: usize, expr: Expr) -> Hit {
        Hit {
            end,
            expr,
            time: None,
            modifier: None,
        }
    }
}

fn longest(a: Option<Hit>, b: Option<Hit>) -> Option<Hit> {
    match (a, b) {
        (Some(a), Some(b)) => Some(if b.end > a.end { b } else { a }),
        (a, b) => a.or(b),
    }
}

fn calendar(year: YearSpec, period: Period) -> Expr {
    Expr::Calendar {
        year,
        period,
        weekday: None,
    }
}

const CONTEXT: YearSpec = YearSpec::Context(None);

/// The word before the amount of a length of time.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Lead {
    /// "the past", "the last"
    Back,
    /// "the next", "the coming"
    Ahead,
    Recent,
    /// "the first nine months"
    First,
}

/// A rule: the expression it finds at a token, if any.
type Rule<'a> = fn(&Grammar<'a>, usize) -> Option<Hit>;

struct Grammar<'a> {
    text: &'a str,
    toks: &'a [Token],
    lex: &'a DateLexicon,
}

impl<'a> Grammar<'a> {
    // ---- token access -------------------------------------------------

    fn word(&self, i: usize) -> Option<&'a WordInfo> {
        self.word_at(self.toks.get(i)?)
    }

    fn word_at(&self, t: &Token) -> Option<&'a WordInfo> {
        match t.tok {
            Tok::Word { entry: Some(e), .. } => Some(self.lex.entry(e)),
            _ => None,
        }
    }

    fn case(&self, i: usize) -> Option<Case> {
        match self.toks.get(i)?.tok {
            Tok::Word { case, .. } => Some(case),
            _ => None,
        }
    }

    /// Token `i` exists and continues the expression (no blank line before).
    fn joined(&self, i: usize) -> bool {
        self.toks.get(i).is_some_and(|t| t.gap < Gap::Paragraph)
    }

    /// Token `i` exists and touches the one before it.
    fn tight(&self, i: usize) -> bool {
        self.toks.get(i).is_some_and(|t| t.gap == Gap::None)
    }

    fn punct(&self, i: usize, c: char) -> bool {
        self.toks.get(i).is_some_and(|t| t.tok == Tok::Punct(c))
    }

    /// Token `i` continues the expression and has role `r`.
    fn has(&self, i: usize, r: u64) -> bool {
        self.joined(i) && self.is(i, r)
    }

    /// Token `i` has role `r` (wherever it stands).
    fn is(&self, i: usize, r: u64) -> bool {
        self.word(i).is_some_and(|w| w.has(r))
    }

    /// Whether token `i` is a word or number on the same line of text.
    fn starts_word(&self, i: usize) -> bool {
        self.joined(i) && !matches!(self.toks[i].tok, Tok::Punct(_))
    }

    /// Whether token `i` continues the expression and may begin one itself.
    fn starts_at(&self, i: usize) -> bool {
        self.joined(i)
            && match self.toks[i].tok {
                Tok::Word { entry: Some(e), .. } => self.lex.entry(e).starts,
                Tok::Word { entry: None, .. } => false,
                Tok::Num { .. } => true,
                // "'90s", "two-year"
                Tok::Punct(c) => c == '\'' || (c == '-' && self.tight(i)),
            }
    }

    /// The longest phrase or word at `i` with the sense `f` picks.
    fn sense<T>(&self, i: usize, f: impl Fn(&'a WordInfo) -> Option<T>) -> Option<(usize, T)> {
        let w = self.word(i)?;
        for &p in &w.phrases {
            let phrase = &self.lex.phrases[p as usize];
            if let Some(v) = f(&phrase.info) {
                if phrase.at(self.toks, i) {
                    return Some((i + phrase.words.len(), v));
                }
            }
        }
        f(w).map(|v| (i + 1, v))
    }

    /// A number standing alone: not part of "1,500", "3.5", "10:22", "$2021"
    /// or "2021%".
    fn bare_num(&self, i: usize) -> Option<(u32, u8, NumSuffix)> {
        let Tok::Num {
            value,
            digits,
            suffix,
        } = self.toks.get(i)?.tok
        else {
            return None;
        };
        let num_at = |k: usize| matches!(self.toks.get(k).map(|t| t.tok), Some(Tok::Num { .. }));
        let sep_at = |k: usize| {
            matches!(
                self.toks.get(k).map(|t| t.tok),
                Some(Tok::Punct(',' | '.' | ':' | '/'))
            )
        };
        if sep_at(i + 1) && self.tight(i + 1) && num_at(i + 2) && self.tight(i + 2) {
            return None;
        }
        if i >= 2 && self.tight(i) && sep_at(i - 1) && self.tight(i - 1) && num_at(i - 2) {
            return None;
        }
        if i >= 1 && self.tight(i) && self.toks[i - 1].tok == Tok::Punct('$') {
            return None;
        }
        if self.tight(i + 1) && self.punct(i + 1, '%') {
            return None;
        }
        Some((value, digits, suffix))
    }

    fn day_num(&self, i: usize) -> Option<i8> {
        let (v, digits, suffix) = self.bare_num(i)?;
        (digits <= 2 && (1..=31).contains(&v) && suffix != NumSuffix::Plural).then_some(v as i8)
    }

    /// ABC's "This Week", CBS's ''60 Minutes'': a name in capitals that
    /// fills a quotation (with the words after it up to the closing quote)
    /// is a title, not a date. A word that is capitalized only in titles
    /// ("Week", "Minutes") tells it from a quoted reply ("Next Friday,"
    /// she said).
    fn is_title(&self, f: &Found) -> bool {
        let quote = |k: usize| {
            matches!(
                self.toks[k].tok,
                Tok::Punct('"' | '\'' | '`' | '“' | '”' | '‘')
            )
        };
        let start = f.tokens.start;
        if start == 0 || !quote(start - 1) || !self.tight(start) {
            return false;
        }
        let mut title_case = false;
        for k in start..self.toks.len().min(f.tokens.end + 8) {
            match self.toks[k].tok {
                Tok::Word { case, .. } if case != Case::Lower => {
                    let proper = self.word(k).map_or(true, |w| {
                        w.month.is_some() || w.weekday.is_some() || w.holiday.is_some()
                    });
                    title_case |= k > start && !proper;
                }
                Tok::Num { .. } => {}
                _ if quote(k) => return k >= f.tokens.end && title_case,
                Tok::Punct(',' | '.' | '!' | '?') if k >= f.tokens.end => {}
                _ => return false,
            }
        }
        false
    }

    /// The next day in a list after a day of the month: "24 and 25", "3,
    /// 4 and 5". A number that goes on into another expression ("25
    /// years", "5 p.m.") is not one.
    fn listed_day(&self, prev: &Found) -> Option<Found> {
        let Expr::Calendar {
            year,
            period: Period::Day(m, _),
            ..
        } = prev.expr
        else {
            return None;
        };
        if prev.time.is_some() {
            return None;
        }
        let sep = prev.tokens.end;
        let listing = self.punct(sep, ',') || self.has(sep, role::AND | role::OR);
        let n = sep + 1;
        if !listing || !self.joined(sep) || !self.joined(n) {
            return None;
        }
        let d = self.day_of(m, n)?;
        let goes_on = self.joined(n + 1)
            && match self.toks[n + 1].tok {
                Tok::Word { .. } => self.word(n + 1).is_some_and(|w| {
                    w.unit.is_some()
                        || w.month.is_some()
                        || w.day_time.is_some()
                        || w.has(role::AM | role::PM | role::OCLOCK | role::SCALE | role::OLD)
                }),
                Tok::Num { .. } => true,
                Tok::Punct('-' | '/' | ':') => self.tight(n + 1),
                // "25.5", not "25." at the end of a sentence.
                Tok::Punct('.') => self.tight(n + 1) && self.tight(n + 2),
                Tok::Punct(_) => false,
            };
        if goes_on {
            return None;
        }
        Some(Found {
            tokens: n..n + 1,
            expr: calendar(year, Period::Day(m, d)),
            time: None,
            modifier: None,
        })
    }

    /// Day `d` of month `m` when some year has it ("September 31" is none).
    fn day_of(&self, m: i8, i: usize) -> Option<i8> {
        const LONGEST: [i8; 12] = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
        self.day_num(i)
            .filter(|&d| d <= LONGEST[usize::from(m.unsigned_abs()).clamp(1, 12) - 1])
    }

    /// A four-digit year, or "'21".
    fn year_num(&self, i: usize) -> Option<(usize, i32)> {
        if self.punct(i, '\'') {
            let (v, digits, suffix) = self.bare_num(i + 1)?;
            return (self.tight(i + 1) && digits == 2 && suffix == NumSuffix::None)
                .then(|| (i + 2, two_digit_year(v)));
        }
        let (v, digits, suffix) = self.bare_num(i)?;
        (digits == 4 && suffix == NumSuffix::None && (1000..=2999).contains(&v))
            .then_some((i + 1, v as i32))
    }

    /// The period after an abbreviation, if there is one.
    fn after_abbr(&self, i: usize, w: &WordInfo) -> usize {
        if w.abbr && self.tight(i + 1) && self.punct(i + 1, '.') {
            i + 2
        } else {
            i + 1
        }
    }

    // ---- the rules ----------------------------------------------------

    /// The longest expression starting at token `i`.
    fn at(&self, i: usize) -> Option<Found> {
        match self.toks[i].tok {
            Tok::Word { entry: None, .. } => return None,
            Tok::Word { entry: Some(e), .. } => {
                let w = self.lex.entry(e);
                if !w.starts {
                    return None;
                }
                // "the", "a": only before another date word or in a phrase.
                let phrase = || {
                    w.phrases
                        .iter()
                        .any(|&p| self.lex.phrases[p as usize].at(self.toks, i))
                };
                // "an additional year"
                let more = self.has(i + 1, role::MORE) && self.starts_at(i + 2);
                if w.needs_next
                    && !self.starts_at(i + 1)
                    && !more
                    && !self.and_a_half(i + 1)
                    && !phrase()
                {
                    return None;
                }
            }
            Tok::Punct(c) if c != '\'' => return None,
            Tok::Punct(_) => {}
            // Short numbers open a date only before a unit, a month, a clock
            // sign or another number ("3 weeks", "10:22", "13 December").
            Tok::Num { digits, suffix, .. } => {
                let next = self.toks.get(i + 1).filter(|_| self.joined(i + 1));
                let opens = digits == 4
                    || suffix != NumSuffix::None
                    || next.is_some_and(|t| match t.tok {
                        Tok::Word { entry, .. } => entry.is_some(),
                        Tok::Num { .. } => true,
                        Tok::Punct(c) => t.gap == Gap::None && matches!(c, '-' | '/' | ':' | '.'),
                    });
                if !opens {
                    return None;
                }
            }
        }
        let mut best = self.core(i);
        best = longest(best, self.amount_modified(i));
        best = longest(best, self.noun_modified(i));
        best = longest(best, self.adj_modified(i));
        best.map(|h| Found {
            tokens: i..h.end,
            expr: h.expr,
            time: h.time,
            modifier: h.modifier,
        })
    }

    /// The longest expression at `i` without a leading modifier. Only the
    /// rules whose first word can be this token run.
    fn core(&self, i: usize) -> Option<Hit> {
        let mut best = None;
        let mut run = |rules: &[Rule<'a>]| {
            for rule in rules {
                best = longest(best.take(), rule(self, i));
            }
        };
        match self.toks[i].tok {
            Tok::Num { .. } => run(&[
                Self::numeric_date,
                Self::day_first,
                Self::year,
                Self::decade_or_century,
                Self::part_of_year,
                Self::offset,
                Self::duration,
                Self::clock,
            ]),
            Tok::Punct(_) => run(&[Self::decade_or_century]),
            Tok::Word { entry: None, .. } => {}
            Tok::Word { entry: Some(e), .. } => {
                let w = self.lex.entry(e);
                if w.month.is_some() {
                    run(&[Self::month_first]);
                }
                if w.weekday.is_some() {
                    run(&[Self::weekday_date, Self::weekday]);
                }
                if w.relative.is_some() || w.has(role::DET) {
                    run(&[
                        Self::relative_month,
                        Self::day_first,
                        Self::weekday,
                        Self::decade_or_century,
                        Self::part_of_year,
                        Self::season,
                        Self::holiday,
                        Self::deictic_day,
                        Self::relative_unit,
                        Self::the_weekend,
                        Self::year_earlier,
                        Self::duration,
                        Self::year_ended,
                        Self::the_year_named,
                    ]);
                }
                if w.season.is_some() {
                    run(&[Self::season]);
                }
                if w.holiday.is_some() || !w.phrases.is_empty() {
                    run(&[Self::holiday, Self::set, Self::reference]);
                }
                if w.deictic_day.is_some() {
                    run(&[Self::deictic_day]);
                }
                if w.has(role::FISCAL) || w.number.is_some() {
                    run(&[Self::year]);
                }
                if w.ordinal.is_some()
                    || w.has(role::FISCAL | role::QUARTER_LETTER | role::HALF_LETTER)
                {
                    run(&[Self::part_of_year, Self::decade_or_century]);
                }
                if w.number.is_some() || w.unit.is_some() || w.has(role::RECENT) {
                    run(&[Self::offset, Self::year_earlier, Self::duration]);
                }
                if w.set.is_some() || w.has(role::EACH) {
                    run(&[Self::set]);
                }
                if w.reference.is_some() {
                    run(&[Self::reference]);
                }
                if w.day_time.is_some() {
                    run(&[Self::clock, Self::part_of_day]);
                }
                if w.has(role::DET) {
                    run(&[Self::part_of_day]);
                }
            }
        }
        best
    }

    /// "about two years", "more than four hours", "around Nov. 1".
    fn amount_modified(&self, i: usize) -> Option<Hit> {
        let (j, m) = self.sense(i, |w| w.modifier.filter(|m| m.form == ModForm::Amount))?;
        if !self.joined(j) {
            return None;
        }
        let mut h = self.core(j)?;
        // "over two years" but not "over the weekend"; "around Nov. 1".
        let fits = match h.expr {
            Expr::Duration { .. } | Expr::Offset { .. } | Expr::Vague(_) => {
                self.amount(j).is_some()
            }
            Expr::Calendar { .. } | Expr::Shift { .. } => m.value == Mod::Approx,
            Expr::Set(_) | Expr::Ref(_) | Expr::PeriodIn(_) => false,
        };
        if !fits {
            return None;
        }
        h.modifier = Some(m.value);
        Some(h)
    }

    /// "the end of 1990", "the beginning of October", "the end of the year".
    fn noun_modified(&self, i: usize) -> Option<Hit> {
        let j = if self.word(i).is_some_and(|w| w.has(role::DET)) {
            i + 1
        } else {
            i
        };
        let (k, m) = self.sense(j, |w| w.modifier.filter(|m| m.form == ModForm::Noun))?;
        // "the end of" needs a date after it (and a token at all).
        if j > i && !self.joined(j) || !self.has(k, role::OF) || !self.joined(k + 1) {
            return None;
        }
        let mut h = longest(self.core(k + 1), self.the_unit(k + 1))?;
        if !matches!(
            h.expr,
            Expr::Calendar { .. } | Expr::Shift { .. } | Expr::Offset { .. }
        ) {
            return None;
        }
        h.modifier = Some(m.value);
        Some(h)
    }

    /// "the year", "the month" after "the end of": the current one.
    fn the_unit(&self, i: usize) -> Option<Hit> {
        if !self.has(i, role::DET) {
            return None;
        }
        let unit = self.word(i + 1).filter(|_| self.joined(i + 1))?.unit?;
        if self.word(i + 1)?.plural || unit < Unit::Week {
            return None;
        }
        Some(Hit::new(
            i + 2,
            Expr::Shift {
                unit,
                n: 0,
                frame: Frame::Anaphoric,
            },
        ))
    }

    /// "early 2009", "mid-November", "the late 1970s", "earlier this year".
    fn adj_modified(&self, i: usize) -> Option<Hit> {
        let j = if self.word(i).is_some_and(|w| w.has(role::DET)) {
            i + 1
        } else {
            i
        };
        let hyphen = |k: usize| self.tight(k) && self.punct(k, '-') && self.tight(k + 1);
        // A noun joined by a hyphen reads as an adjective, newswire style:
        // "end-January", "end-1988".
        let (k, m) = self
            .sense(j, |w| w.modifier.filter(|m| m.form == ModForm::Adj))
            .or_else(|| {
                self.sense(j, |w| w.modifier.filter(|m| m.form == ModForm::Noun))
                    .filter(|&(k, _)| k == j + 1 && hyphen(k))
            })?;
        if j > i && !self.joined(j) {
            return None;
        }
        let k = if self.tight(k) && self.punct(k, '-') {
            k + 1
        } else {
            k
        };
        if !self.joined(k) {
            return None;
        }
        let mut h = self.core(k)?;
        if !matches!(h.expr, Expr::Calendar { .. } | Expr::Shift { .. }) {
            return None;
        }
        // "the" belongs to "the late 1970s", not to "the early Tuesday".
        if j > i
            && !matches!(
                h.expr,
                Expr::Calendar {
                    period: Period::Decade(_) | Period::Century(_),
                    ..
                }
            )
        {
            return None;
        }
        h.modifier = Some(m.value);
        Some(h)
    }

    /// 2021-12-13, 2021-12-13T10:22:00Z, 2021/12/13, 12/13/2021.
    fn numeric_date(&self, i: usize) -> Option<Hit> {
        let num = |k: usize| match self.toks.get(k)?.tok {
            Tok::Num {
                value,
                digits,
                suffix: NumSuffix::None,
            } => Some((value, digits)),
            _ => None,
        };
        let (a, ad) = num(i)?;
        let sep = self.toks.get(i + 1)?.tok;
        let Tok::Punct(sep @ ('-' | '/')) = sep else {
            return None;
        };
        if !(self.tight(i + 1) && self.tight(i + 2) && self.tight(i + 3) && self.tight(i + 4)) {
            return None;
        }
        let (b, bd) = num(i + 2)?;
        if !self.punct(i + 3, sep) {
            return None;
        }
        let (c, cd) = num(i + 4)?;
        let (y, m, d) = if ad == 4 && bd <= 2 && cd <= 2 {
            (a, b, c)
        } else if sep == '/' && ad <= 2 && bd <= 2 && cd == 4 {
            (c, a, b)
        } else {
            return None;
        };
        let day = super::value::date(y as i32, m as i8, d as i8)?;
        let mut end = i + 5;
        let mut time = None;
        // T10:22[:00][Z|+08:00]
        if self.tight(end) {
            if let Some((t_end, clock)) = self.iso_time(end) {
                end = t_end;
                time = Some(clock);
            }
        }
        let mut h = Hit::new(
            end,
            calendar(
                YearSpec::Known(i32::from(day.year())),
                Period::Day(day.month(), day.day()),
            ),
        );
        h.time = time;
        Some(h)
    }

    /// "T10:22:00Z" glued to an ISO date.
    fn iso_time(&self, i: usize) -> Option<(usize, DayTime)> {
        let t = self.toks.get(i)?;
        let Tok::Word { .. } = t.tok else { return None };
        let s = &self.text[t.start..t.end];
        if !s.eq_ignore_ascii_case("t") {
            return None;
        }
        let (hour, minute, mut end) = self.hh_mm(i + 1)?;
        // seconds, zone
        while self.tight(end)
            && (self.punct(end, ':')
                || self.punct(end, '+')
                || self.punct(end, '-')
                || self.punct(end, '.'))
        {
            if self
                .toks
                .get(end + 1)
                .is_some_and(|t| matches!(t.tok, Tok::Num { .. }))
                && self.tight(end + 1)
            {
                end += 2;
            } else {
                break;
            }
        }
        if self.tight(end)
            && self.toks.get(end).is_some_and(|t| {
                matches!(t.tok, Tok::Word { .. })
                    && self.text[t.start..t.end].eq_ignore_ascii_case("z")
            })
        {
            end += 1;
        }
        Some((end, DayTime::Clock { hour, minute }))
    }

    /// "1850 GMT", "0930 hrs EST": four digits with a zone after them.
    fn military_time(&self, i: usize) -> Option<(usize, DayTime)> {
        let (v, 4, NumSuffix::None) = self.bare_num(i)? else {
            return None;
        };
        let (hour, minute) = (v / 100, v % 100);
        if hour > 23 || minute > 59 {
            return None;
        }
        let mut end = i + 1;
        if self
            .word(end)
            .filter(|_| self.joined(end))
            .and_then(|w| w.unit)
            == Some(Unit::Hour)
        {
            end += 1;
        }
        self.has(end, role::TIMEZONE).then_some((
            end,
            DayTime::Clock {
                hour: hour as u8,
                minute: minute as u8,
            },
        ))
    }

    /// "10:22" (tight).
    fn hh_mm(&self, i: usize) -> Option<(u8, u8, usize)> {
        let Tok::Num {
            value: h,
            digits: hd,
            suffix: NumSuffix::None,
        } = self.toks.get(i)?.tok
        else {
            return None;
        };
        if !(self.punct(i + 1, ':') && self.tight(i + 1) && self.tight(i + 2)) {
            return None;
        }
        let Tok::Num {
            value: m,
            digits: 2,
            suffix: NumSuffix::None,
        } = self.toks.get(i + 2)?.tok
        else {
            return None;
        };
        (hd <= 2 && h <= 24 && m < 60).then_some((h as u8, m as u8, i + 3))
    }

    /// Whether the month word at `i` is a month here, given what follows.
    fn month_at(&self, i: usize, next_is_number: bool) -> Option<(usize, i8)> {
        let w = self.word(i)?;
        let m = w.month?;
        let end = self.after_abbr(i, w);
        let case = self.case(i)?;
        let dotted = end == i + 2;
        if w.ambiguous {
            let capital = case != Case::Lower;
            // "in March", "last March", "mid-March", "end-March".
            let cue_at = if i > 1 && self.tight(i) && self.punct(i - 1, '-') && self.tight(i - 1) {
                i - 2
            } else {
                i.wrapping_sub(1)
            };
            let prev_cue = i > 0
                && self.joined(i)
                && self.word(cue_at).is_some_and(|p| {
                    p.has(role::PREP) || p.relative.is_some() || p.modifier.is_some()
                });
            if !(capital && (next_is_number || dotted || prev_cue)) {
                return None;
            }
        } else if w.abbr && !dotted && !next_is_number {
            return None;
        }
        Some((end, m))
    }

    /// "Friday, Dec. 10", "Sunday, 12 December 2021".
    fn weekday_date(&self, i: usize) -> Option<Hit> {
        let w = self.word(i)?;
        let wd = w.weekday.filter(|_| !w.plural)?;
        let mut j = self.after_abbr(i, w);
        if self.punct(j, ',') {
            j += 1;
        }
        if !self.joined(j) {
            return None;
        }
        let mut h = longest(self.month_first(j), self.day_first(j))?;
        match &mut h.expr {
            Expr::Calendar {
                period: Period::Day(..),
                weekday,
                ..
            } => *weekday = Some(wd),
            _ => return None,
        }
        Some(h)
    }

    /// "December 13, 2021", "Dec. 13", "JULY 07", "October 2019", "May".
    fn month_first(&self, i: usize) -> Option<Hit> {
        let next_num = |k: usize| self.joined(k) && self.bare_num(k).is_some();
        let w = self.word(i)?;
        w.month?;
        let probe = self.after_abbr(i, w);
        let (j, m) = self.month_at(i, next_num(probe) || self.year_after_of(probe).is_some())?;
        if self.joined(j) {
            if let Some(d) = self.day_of(m, j) {
                let mut k = j + 1;
                if self.tight(k) && self.punct(k, ',') {
                    k += 1;
                }
                if self.joined(k) {
                    if let Some((end, y)) = self.year_num(k) {
                        return Some(Hit::new(
                            end,
                            calendar(YearSpec::Known(y), Period::Day(m, d)),
                        ));
                    }
                }
                return Some(Hit::new(j + 1, calendar(CONTEXT, Period::Day(m, d))));
            }
        }
        if let Some((end, year)) = self.year_after_of(j) {
            return Some(Hit::new(end, calendar(year, Period::Month(m))));
        }
        Some(Hit::new(j, calendar(CONTEXT, Period::Month(m))))
    }

    /// "last November", "this September", "next May", "last Oct. 23".
    fn relative_month(&self, i: usize) -> Option<Hit> {
        let (j, rel) = self.relative_word(i)?;
        if rel.frame != Frame::Deictic || self.is(i, role::DET) || !self.joined(j) {
            return None;
        }
        let next_num = |k: usize| self.joined(k) && self.bare_num(k).is_some();
        let probe = self.word(j).map_or(j + 1, |w| self.after_abbr(j, w));
        let (end, m) = self.month_at(j, next_num(probe))?;
        let year = YearSpec::Context(Some(rel));
        if let Some(d) = self.day_of(m, end).filter(|_| self.joined(end)) {
            return Some(Hit::new(end + 1, calendar(year, Period::Day(m, d))));
        }
        Some(Hit::new(end, calendar(year, Period::Month(m))))
    }

    /// A year after a month or season: "2019", ", 2019", "of 2019",
    /// "of last year", "last year".
    fn year_after_of(&self, i: usize) -> Option<(usize, YearSpec)> {
        let mut k = i;
        if self.punct(k, ',') && self.tight(k) {
            k += 1;
        }
        if self.has(k, role::OF) {
            return self.year_ref(k + 1);
        }
        self.year_ref(k)
    }

    /// A year as a noun: "1990", "fiscal 1990", "this year", "last year".
    fn year_ref(&self, i: usize) -> Option<(usize, YearSpec)> {
        if !self.joined(i) {
            return None;
        }
        if let Some((e, y)) = self.year_num(i) {
            return Some((e, YearSpec::Known(y)));
        }
        if let Some(h) = self.year(i) {
            if let Expr::Calendar {
                year: YearSpec::Known(y),
                period: Period::Year,
                ..
            } = h.expr
            {
                return Some((h.end, YearSpec::Known(y)));
            }
        }
        let (j, rel) = self.relative_word(i)?;
        let j = if self.has(j, role::FISCAL) { j + 1 } else { j };
        let w = self.word(j).filter(|_| self.joined(j))?;
        (w.unit == Some(Unit::Year) && !w.plural).then_some((j + 1, YearSpec::Relative(rel)))
    }

    /// "last", "the following", "the same", "this".
    fn relative_word(&self, i: usize) -> Option<(usize, Relative)> {
        let j = if self.is(i, role::DET) { i + 1 } else { i };
        let rel = self
            .word(j)
            .filter(|_| j == i || self.joined(j))?
            .relative?;
        Some((j + 1, rel))
    }

    /// "13 December 2021", "the 13th of December".
    fn day_first(&self, i: usize) -> Option<Hit> {
        let j = if self.has(i, role::DET) { i + 1 } else { i };
        self.day_num(j)?;
        let mut k = j + 1;
        if self.has(k, role::OF) {
            k += 1;
        }
        if !self.joined(k) {
            return None;
        }
        let (e, m) = self.month_at(k, true)?;
        let d = self.day_of(m, j)?;
        if let Some((end, year)) = self.year_after_of(e) {
            if let YearSpec::Known(_) = year {
                return Some(Hit::new(end, calendar(year, Period::Day(m, d))));
            }
        }
        Some(Hit::new(e, calendar(CONTEXT, Period::Day(m, d))))
    }

    /// "Friday", "last Friday", "Friday morning", "on Mondays".
    fn weekday(&self, i: usize) -> Option<Hit> {
        let (j, rel) = match self.relative_word(i) {
            Some((j, rel)) => (j, Some(rel)),
            None => (i, None),
        };
        let w = self.word(j).filter(|_| j == i || self.joined(j))?;
        let wd = w.weekday?;
        let end = self.after_abbr(j, w);
        if w.ambiguous && end == j + 1 {
            return None;
        }
        if w.abbr && end == j + 1 && rel.is_none() {
            return None;
        }
        if w.plural {
            // "on Mondays": a set.
            let on = j > 0 && self.word(j - 1).is_some_and(|p| p.has(role::PREP));
            return (rel.is_none() && on).then(|| Hit::new(end, Expr::Set(SetValue::Weekday(wd))));
        }
        let mut h = Hit::new(end, calendar(YearSpec::Context(rel), Period::Weekday(wd)));
        if let Some(part) = self
            .word(end)
            .filter(|_| self.joined(end))
            .and_then(|w| w.day_time)
        {
            h.time = Some(part);
            h.end = end + 1;
        }
        Some(h)
    }

    /// "1990", "fiscal 1990", "fiscal year 1990", "FY2021", "nineteen ninety-six".
    fn year(&self, i: usize) -> Option<Hit> {
        if self.is(i, role::FISCAL) {
            let mut j = i + 1;
            if self
                .word(j)
                .is_some_and(|w| w.unit == Some(Unit::Year) && !w.plural)
                && self.joined(j)
            {
                j += 1;
            }
            if !self.joined(j) {
                return None;
            }
            let y = match self.bare_num(j)? {
                (v, 4, NumSuffix::None) if (1000..=2999).contains(&v) => v as i32,
                (v, 2, NumSuffix::None) => two_digit_year(v),
                _ => return None,
            };
            return Some(Hit::new(j + 1, calendar(YearSpec::Known(y), Period::Year)));
        }
        if let Some((end, y)) = self.year_num(i) {
            if self.punct(i, '\'') {
                return None;
            }
            if self.in_name(i) {
                return None;
            }
            // A number followed by a unit is an amount, by a zone a time.
            if self.joined(end)
                && self
                    .word(end)
                    .is_some_and(|w| w.unit.is_some() || w.has(role::TIMEZONE))
            {
                return None;
            }
            return Some(Hit::new(end, calendar(YearSpec::Known(y), Period::Year)));
        }
        self.spoken_year(i)
    }

    /// A year that ends a name ("a venture called Orion 1980", "Treasury
    /// Loan 1997"): right after a capitalized word that is no date word and
    /// does not open its sentence. TimeML and MUC leave such years out. The
    /// name of an event ("Developers Conference 2010") is dated by its year,
    /// and so is a life ("Steve Jobs 1955-2011").
    fn in_name(&self, i: usize) -> bool {
        if i < 2 || self.toks[i].gap != Gap::Space {
            return false;
        }
        let range = self.tight(i + 1)
            && self.punct(i + 1, '-')
            && self.tight(i + 2)
            && matches!(self.toks[i + 2].tok, Tok::Num { .. });
        if range {
            return false;
        }
        let name_word = matches!(
            self.toks[i - 1].tok,
            Tok::Word {
                case: Case::Capital,
                ..
            }
        ) && self.word(i - 1).is_none();
        let mid_sentence = match self.toks[i - 2].tok {
            Tok::Punct(c) => !matches!(c, '.' | '!' | '?' | '"' | '“' | '\'' | '(' | ':' | ';'),
            _ => true,
        };
        name_word && mid_sentence && self.toks[i - 1].gap <= Gap::Line
    }

    /// "the year 2000", "the year two thousand", "the year nineteen
    /// ninety-nine": the year named, with the words before it.
    fn the_year_named(&self, i: usize) -> Option<Hit> {
        let w = self
            .word(i + 1)
            .filter(|_| self.is(i, role::DET) && self.joined(i + 1))?;
        if w.unit != Some(Unit::Year) || w.plural || !self.joined(i + 2) {
            return None;
        }
        let j = i + 2;
        if let Some((end, y)) = self.year_num(j) {
            return Some(Hit::new(end, calendar(YearSpec::Known(y), Period::Year)));
        }
        if let Some(h) = self.spoken_year(j) {
            return Some(h);
        }
        // "two thousand", "two thousand and one", "two thousand five"
        let (Some(Amount::Exact(2)), Some(Amount::Exact(1000))) = (
            self.word(j).and_then(|w| w.number),
            self.word(j + 1)
                .filter(|_| self.joined(j + 1))
                .and_then(|w| w.number),
        ) else {
            return None;
        };
        let mut end = j + 2;
        let k = if self.has(end, role::AND) {
            end + 1
        } else {
            end
        };
        let mut y = 2000;
        if self.joined(k) {
            if let Some((e, n)) = self.number_words(k).filter(|&(_, n)| n < 100) {
                y += n as i32;
                end = e;
            }
        }
        Some(Hit::new(end, calendar(YearSpec::Known(y), Period::Year)))
    }

    /// "nineteen ninety-six", "nineteen eighty".
    fn spoken_year(&self, i: usize) -> Option<Hit> {
        let Amount::Exact(hundreds) = self.word(i)?.number? else {
            return None;
        };
        if !(17..=20).contains(&hundreds) || !self.joined(i + 1) {
            return None;
        }
        let (end, rest) = self.number_words(i + 1)?;
        if !(10..=99).contains(&rest) {
            return None;
        }
        let y = (hundreds * 100 + rest) as i32;
        Some(Hit::new(end, calendar(YearSpec::Known(y), Period::Year)))
    }

    /// A number in words: "twenty", "twenty-five", "ninety six".
    fn number_words(&self, i: usize) -> Option<(usize, u32)> {
        let Amount::Exact(tens) = self.word(i)?.number? else {
            return None;
        };
        if (20..=90).contains(&tens) && tens % 10 == 0 {
            let k = if self.punct(i + 1, '-') && self.tight(i + 1) {
                i + 2
            } else {
                i + 1
            };
            if self.joined(k) {
                if let Some(Amount::Exact(u)) = self.word(k).and_then(|w| w.number) {
                    if (1..=9).contains(&u) && self.text_of(k).len() > 2 {
                        return Some((k + 1, tens + u));
                    }
                }
            }
        }
        (self.text_of(i).len() > 2).then_some((i + 1, tens))
    }

    fn text_of(&self, i: usize) -> &'a str {
        let t = &self.toks[i];
        &self.text[t.start..t.end]
    }

    /// "the 1990s", "the '90s", "the 20th century".
    fn decade_or_century(&self, i: usize) -> Option<Hit> {
        let j = if self.is(i, role::DET) { i + 1 } else { i };
        if j > i && !self.joined(j) {
            return None;
        }
        // 1990s, '90s
        let (k, num) = if self.punct(j, '\'') && self.tight(j + 1) {
            (j + 1, self.bare_num(j + 1))
        } else {
            (j, self.bare_num(j))
        };
        // "the nineties"
        if let Some(v) = self.word(j).and_then(|w| w.decade).filter(|_| j > i) {
            let decade = two_digit_year(v) / 10;
            return Some(Hit::new(
                j + 1,
                calendar(YearSpec::Known(decade * 10), Period::Decade(decade)),
            ));
        }
        if let Some((v, digits, NumSuffix::Plural)) = num {
            let decade = match digits {
                4 if v % 10 == 0 && (1000..=2990).contains(&v) => (v / 10) as i32,
                2 if k > j && v % 10 == 0 => two_digit_year(v) / 10,
                _ => return None,
            };
            return Some(Hit::new(
                k + 1,
                calendar(YearSpec::Known(decade * 10), Period::Decade(decade)),
            ));
        }
        // 20th century, twentieth century, 21st-century
        let n = match self.toks.get(j)?.tok {
            Tok::Num {
                value,
                suffix: NumSuffix::Ordinal,
                ..
            } => value,
            _ => self.word(j)?.ordinal?,
        };
        let k = if self.punct(j + 1, '-') && self.tight(j + 1) {
            j + 2
        } else {
            j + 1
        };
        let w = self.word(k).filter(|_| self.joined(k))?;
        (w.unit == Some(Unit::Century) && !w.plural && (1..=30).contains(&n)).then(|| {
            let c = n as i32 - 1;
            Hit::new(
                k + 1,
                calendar(YearSpec::Known(c * 100), Period::Century(c)),
            )
        })
    }

    /// "the fourth quarter", "Q4 2021", "third-quarter", "the first half of
    /// 2021", "this year's third quarter", "the quarter".
    fn part_of_year(&self, i: usize) -> Option<Hit> {
        // Q4 2021, H1
        if let Some(w) = self.word(i) {
            let letter = if w.has(role::QUARTER_LETTER) {
                Some((Unit::Quarter, 4))
            } else if w.has(role::HALF_LETTER) {
                Some((Unit::Half, 2))
            } else {
                None
            };
            if let Some((unit, max)) = letter {
                if self.case(i) != Some(Case::Lower) && self.tight(i + 1) {
                    if let Some((n, 1, NumSuffix::None)) = self.bare_num(i + 1) {
                        if (1..=max).contains(&n) {
                            let period = if unit == Unit::Quarter {
                                Period::Quarter(n as i8)
                            } else {
                                Period::Half(n as i8)
                            };
                            let (end, year) = self.year_after_of(i + 2).unwrap_or((i + 2, CONTEXT));
                            return Some(Hit::new(end, calendar(year, period)));
                        }
                    }
                }
            }
        }
        // [the] [this year's | fiscal] ordinal[-]quarter [of 1990]
        let mut j = if self.is(i, role::DET) { i + 1 } else { i };
        if j > i && !self.joined(j) {
            return None;
        }
        let mut year = None;
        if let Some((e, y)) = self.year_ref(j) {
            if let (YearSpec::Known(y), true) = (y, j > i) {
                let w = self.word(e).filter(|_| self.joined(e));
                if w.is_some_and(|w| {
                    !w.plural && (w.unit == Some(Unit::Quarter) || w.has(role::PERIOD))
                }) {
                    return Some(Hit::new(e + 1, Expr::PeriodIn(y)));
                }
            }
            if self.toks.get(e).is_some_and(|t| {
                matches!(t.tok, Tok::Word { .. })
                    && self.word_at(t).is_some_and(|w| w.has(role::POSSESSIVE))
            }) {
                year = Some(y);
                j = e + 1;
            } else if self.joined(e) {
                // "the 1988 third quarter"
                if let YearSpec::Known(_) = y {
                    if self.ordinal_part(e).is_some() {
                        year = Some(y);
                        j = e;
                    }
                }
            }
        }
        if self.has(j, role::FISCAL) {
            j += 1;
        }
        if let Some((end, period)) = self.ordinal_part(j) {
            let (end, year) = match year {
                Some(y) => (end, y),
                None => self.year_after_of(end).unwrap_or((end, CONTEXT)),
            };
            return Some(Hit::new(end, calendar(year, period)));
        }
        // "the quarter", "the latest quarter": the one last mentioned.
        if j > i && year.is_none() {
            let (k, rel) = match self.word(j).and_then(|w| w.relative) {
                Some(r) => (j + 1, Some(r)),
                None => (j, None),
            };
            let w = self.word(k).filter(|_| self.joined(k))?;
            if (w.unit == Some(Unit::Quarter) || w.has(role::PERIOD))
                && !w.plural
                && rel.map_or(true, |r| r.frame == Frame::Anaphoric)
            {
                let n = rel.map_or(0, |r| r.offset);
                return Some(Hit::new(
                    k + 1,
                    Expr::Shift {
                        unit: Unit::Quarter,
                        n,
                        frame: Frame::Anaphoric,
                    },
                ));
            }
        }
        None
    }

    /// "third quarter", "third-quarter", "first half", "last half".
    fn ordinal_part(&self, j: usize) -> Option<(usize, Period)> {
        let n = match self.toks.get(j)?.tok {
            Tok::Num {
                value,
                suffix: NumSuffix::Ordinal,
                ..
            } => value,
            _ => {
                let w = self.word(j)?;
                match (w.ordinal, w.relative) {
                    (Some(n), _) => n,
                    (None, Some(r)) if r.offset == -1 && r.frame == Frame::Deictic => 0,
                    _ => return None,
                }
            }
        };
        let k = if self.punct(j + 1, '-') && self.tight(j + 1) {
            j + 2
        } else {
            j + 1
        };
        let w = self.word(k).filter(|_| self.joined(k))?;
        if w.plural {
            return None;
        }
        let period = match (w.unit?, n) {
            // "the last quarter of 1989" is its fourth; "last quarter" alone
            // is the one before this.
            (Unit::Quarter, 0) => {
                self.year_after_of(k + 1)?;
                Period::Quarter(4)
            }
            (Unit::Half, 0) => Period::Half(2),
            (Unit::Quarter, 1..=4) => Period::Quarter(n as i8),
            (Unit::Half, 1..=2) => Period::Half(n as i8),
            _ => return None,
        };
        Some((k + 1, period))
    }

    /// "summer 2019", "this summer", "last fall", "the summer of 2019".
    fn season(&self, i: usize) -> Option<Hit> {
        let (j, rel, det) = match self.relative_word(i) {
            Some((j, rel)) => (j, Some(rel), true),
            None if self.is(i, role::DET) => (i + 1, None, true),
            None => (i, None, false),
        };
        let w = self.word(j).filter(|_| j == i || self.joined(j))?;
        let s = w.season?;
        let year = self.year_after_of(j + 1);
        if w.ambiguous && !det && year.is_none() {
            let prev = i > 0
                && self.joined(i)
                && self
                    .word(i - 1)
                    .is_some_and(|p| p.has(role::PREP) || p.modifier.is_some());
            if !prev {
                return None;
            }
        }
        // "the fall of Rome" is no season.
        if w.ambiguous && year.is_none() && self.has(j + 1, role::OF) {
            return None;
        }
        Some(match year {
            Some((end, y)) if rel.is_none() => Hit::new(end, calendar(y, Period::Season(s))),
            _ => Hit::new(j + 1, calendar(YearSpec::Context(rel), Period::Season(s))),
        })
    }

    /// "Christmas", "Christmas Day 2020", "Thanksgiving".
    fn holiday(&self, i: usize) -> Option<Hit> {
        let (j, rel) = match self.relative_word(i) {
            Some((j, rel)) if rel.frame == Frame::Deictic => (j, Some(rel)),
            _ => (i, None),
        };
        let (end, h) = self.sense(j, |w| w.holiday)?;
        if self.case(j) == Some(Case::Lower) {
            return None;
        }
        Some(match self.year_after_of(end) {
            Some((e, y)) if rel.is_none() => Hit::new(e, calendar(y, Period::Holiday(h))),
            _ => Hit::new(end, calendar(YearSpec::Context(rel), Period::Holiday(h))),
        })
    }

    /// "today", "yesterday afternoon", "tonight", "this morning", "last night".
    fn deictic_day(&self, i: usize) -> Option<Hit> {
        let shift = |n: i32| Expr::Shift {
            unit: Unit::Day,
            n,
            frame: Frame::Deictic,
        };
        if let Some((n, part)) = self.word(i).and_then(|w| w.deictic_day) {
            let mut h = Hit::new(i + 1, shift(n));
            h.time = part;
            if part.is_none() {
                if let Some(p) = self
                    .word(i + 1)
                    .filter(|_| self.joined(i + 1))
                    .and_then(|w| w.day_time)
                {
                    if let DayTime::Part(_) = p {
                        h.time = Some(p);
                        h.end = i + 2;
                    }
                }
            }
            return Some(h);
        }
        // "this morning", "last night"
        let rel = self
            .word(i)?
            .relative
            .filter(|r| r.frame == Frame::Deictic && r.offset <= 0)?;
        let part = self.word(i + 1).filter(|_| self.joined(i + 1))?.day_time?;
        let DayTime::Part(_) = part else { return None };
        let mut h = Hit::new(i + 2, shift(rel.offset));
        h.time = Some(part);
        Some(h)
    }

    /// "last week", "next year", "this month", "the following day", "that
    /// year", "last weekend", "this fiscal year".
    fn relative_unit(&self, i: usize) -> Option<Hit> {
        let det = self.is(i, role::DET);
        let (j, rel) = self.relative_word(i)?;
        if det && j == i + 1 {
            return None;
        }
        let j = if self.has(j, role::FISCAL) { j + 1 } else { j };
        let w = self.word(j).filter(|_| self.joined(j))?;
        let unit = w.unit?;
        if w.plural || unit < Unit::Day {
            return None;
        }
        // "over the past year" is a length of time; "the last quarter" the
        // one before this.
        let extent = i > 0 && self.joined(i) && self.is(i - 1, role::EXTENT);
        if det && extent && rel.frame == Frame::Deictic && rel.offset < 0 {
            return Some(Hit::new(
                j + 1,
                Expr::Duration {
                    amount: Amount::Exact(1),
                    half: false,
                    unit,
                },
            ));
        }
        // Anaphoric words need "the" ("the following day"), except "that";
        // with "the", "next" counts from the date last mentioned too.
        if rel.frame == Frame::Anaphoric && !det && rel.offset != 0 {
            return None;
        }
        if unit == Unit::Half {
            return None;
        }
        let frame = if det && rel.offset > 0 {
            Frame::Anaphoric
        } else {
            rel.frame
        };
        Some(Hit::new(
            j + 1,
            Expr::Shift {
                unit,
                n: rel.offset,
                frame,
            },
        ))
    }

    /// "the weekend": the one the tense points to.
    fn the_weekend(&self, i: usize) -> Option<Hit> {
        let w = self
            .word(i + 1)
            .filter(|_| self.is(i, role::DET) && self.joined(i + 1))?;
        (w.unit == Some(Unit::Weekend) && !w.plural)
            .then(|| Hit::new(i + 2, calendar(CONTEXT, Period::Weekend)))
    }

    /// An amount: "two", "2", "a", "a few", "several", "2 1/2", "two and a
    /// half", "1.5". Returns the end, the amount and whether a half is added.
    fn amount(&self, i: usize) -> Option<(usize, Amount, bool)> {
        if let Some(Tok::Num {
            value,
            digits,
            suffix: NumSuffix::None,
        }) = self.toks.get(i).map(|t| t.tok)
        {
            if digits > 6 {
                return None;
            }
            // 1.5
            if self.punct(i + 1, '.') && self.tight(i + 1) && self.tight(i + 2) {
                let five = self.toks.get(i + 2).map(|t| t.tok)
                    == Some(Tok::Num {
                        value: 5,
                        digits: 1,
                        suffix: NumSuffix::None,
                    });
                let glued_on = self.tight(i + 3)
                    && self.tight(i + 4)
                    && matches!(self.toks.get(i + 4).map(|t| t.tok), Some(Tok::Num { .. }));
                return (five && !glued_on).then_some((i + 3, Amount::Exact(value), true));
            }
            self.bare_num(i)?;
            // 2 1/2
            let fraction = self.joined(i + 1)
                && self.toks[i + 1].gap != Gap::None
                && self.toks[i + 1].tok
                    == Tok::Num {
                        value: 1,
                        digits: 1,
                        suffix: NumSuffix::None,
                    }
                && self.punct(i + 2, '/')
                && self.tight(i + 2)
                && self.tight(i + 3)
                && self.toks.get(i + 3).map(|t| t.tok)
                    == Some(Tok::Num {
                        value: 2,
                        digits: 1,
                        suffix: NumSuffix::None,
                    });
            if fraction {
                return Some((i + 4, Amount::Exact(value), true));
            }
            return Some((i + 1, Amount::Exact(value), false));
        }
        let w = self.word(i)?;
        let mut amount = w.number?;
        let mut end = i + 1;
        let article = w.lead;
        if article {
            // "a few", "a couple of", "a dozen"
            if let Some(next) = self
                .word(i + 1)
                .filter(|w| w.takes_article && self.joined(i + 1))
            {
                amount = next.number?;
                end = i + 2;
                if self.has(end, role::OF) {
                    end += 1;
                }
            } else if self.word(i + 1).is_some_and(|w| w.ordinal.is_some()) {
                // "a second round" counts nothing.
                return None;
            }
        } else if w.takes_article && self.has(end, role::OF) {
            // "the next couple of years"
            end += 1;
        } else if let Amount::Exact(_) = amount {
            if let Some((e, v)) = self.number_words(i) {
                amount = Amount::Exact(v);
                end = e;
            }
            // "one hundred"
            if let Some(Amount::Exact(100 | 1000)) = self
                .word(end)
                .filter(|_| self.joined(end))
                .and_then(|w| w.number)
            {
                if let (Amount::Exact(a), Some(Amount::Exact(m))) =
                    (amount, self.word(end).and_then(|w| w.number))
                {
                    amount = Amount::Exact(a * m);
                    end += 1;
                }
            }
        }
        // "two and a half"
        if self.and_a_half(end) {
            return Some((end + 3, amount, true));
        }
        Some((end, amount, false))
    }

    /// Whether the amount in tokens `range` only estimates ("a couple").
    fn estimated(&self, range: Range<usize>) -> bool {
        range
            .into_iter()
            .any(|k| self.word(k).is_some_and(|w| w.approx))
    }

    /// "and a half" at token `i`.
    fn and_a_half(&self, i: usize) -> bool {
        self.has(i, role::AND)
            && self.joined(i + 1)
            && self.word(i + 1).is_some_and(|w| w.lead)
            && self.joined(i + 2)
            && self.word(i + 2).and_then(|w| w.unit) == Some(Unit::Half)
    }

    /// A unit after an amount: "years", "-year", "year and a half".
    fn unit_after(&self, i: usize) -> Option<(usize, Unit, bool, bool)> {
        let hyphen = self.punct(i, '-') && self.tight(i) && self.tight(i + 1);
        let k = if hyphen { i + 1 } else { i };
        if !self.joined(k) {
            return None;
        }
        let w = self.word(k)?;
        let unit = w.unit?;
        if unit == Unit::Half || !self.compound_ends(k + 1) {
            return None;
        }
        // "three-quarters", "a quarter of" are fractions.
        if unit == Unit::Quarter && (hyphen || self.has(k + 1, role::OF)) {
            return None;
        }
        // "a year and a half"
        let half = self.and_a_half(k + 1);
        let mut end = if half { k + 4 } else { k + 1 };
        // "a week or so", "two years or so"
        if self.has(end, role::OR) && self.has(end + 1, role::SO) {
            end += 2;
        }
        Some((end, unit, w.plural, half))
    }

    /// "two weeks ago", "three days later", "a year earlier", "three weeks
    /// after", "two years from now", "years ago".
    fn offset(&self, i: usize) -> Option<Hit> {
        let (j, amount, _) = match self.amount(i) {
            Some(a) => a,
            None => {
                // "years ago"
                let w = self.word(i)?;
                w.unit.filter(|_| w.plural)?;
                (i, Amount::Vague, false)
            }
        };
        let (k, unit, _, half) = self.unit_after(j)?;
        if !self.joined(k) {
            return None;
        }
        let w = self.word(k)?;
        // "a year before," stands alone: an adverb, "a year earlier"; "three
        // weeks after the exchange approved" dates what follows it.
        let adverb = !self.starts_word(k + 1);
        let (end, sign, frame) = if w.has(role::AGO) {
            (k + 1, -1, Frame::Deictic)
        } else if let Some((e, _)) = self.sense(k, |w| w.has(role::FROM_NOW).then_some(())) {
            (e, 1, Frame::Deictic)
        } else if w.has(role::EARLIER) {
            (k + 1, -1, Frame::Anaphoric)
        } else if w.has(role::LATER) {
            (k + 1, 1, Frame::Anaphoric)
        } else if w.has(role::AFTER) {
            (k + 1, if adverb { 1 } else { -1 }, Frame::Anaphoric)
        } else if w.has(role::BEFORE) {
            (k + 1, if adverb { -1 } else { 1 }, Frame::Anaphoric)
        } else {
            return None;
        };
        let n = match amount {
            Amount::Exact(n) => i32::try_from(n).ok()?,
            Amount::Vague if frame == Frame::Deictic => {
                let r = if sign < 0 {
                    RefValue::Past
                } else {
                    RefValue::Future
                };
                return Some(Hit::new(end, Expr::Vague(r)));
            }
            // "a few days later" is a length of time.
            Amount::Vague => {
                return Some(Hit::new(
                    k,
                    Expr::Duration {
                        amount,
                        half: false,
                        unit,
                    },
                ))
            }
        };
        if unit.is_clock() && frame == Frame::Anaphoric {
            return Some(Hit::new(k, Expr::Duration { amount, half, unit }));
        }
        let mut h = Hit::new(
            end,
            Expr::Offset {
                unit,
                n: sign * n,
                frame,
            },
        );
        if self.estimated(i..j) {
            h.modifier = Some(Mod::Approx);
        }
        Some(h)
    }

    /// "year-earlier", "year-ago", "the year-earlier quarter", "year-end".
    fn year_earlier(&self, i: usize) -> Option<Hit> {
        let j = if self.is(i, role::DET) { i + 1 } else { i };
        let w = self.word(j)?;
        let unit = w.unit.filter(|_| !w.plural)?;
        let end_noun = |k: usize| {
            self.word(k)
                .filter(|_| self.joined(k))
                .and_then(|w| w.modifier.filter(|m| m.form == ModForm::Noun))
        };
        // "year-end", "by year end", "by year's end": the end of this one.
        let hyphen = self.punct(j + 1, '-') && self.tight(j + 1) && self.tight(j + 2);
        let after_prep = i > 0 && self.is(i - 1, role::PREP);
        let noun_at = if hyphen {
            Some(j + 2)
        } else if j > i || after_prep {
            Some(if self.has(j + 1, role::POSSESSIVE) {
                j + 2
            } else {
                j + 1
            })
        } else {
            None
        };
        if let Some((k, m)) = noun_at.and_then(|k| end_noun(k).map(|m| (k, m))) {
            let mut h = Hit::new(
                k + 1,
                Expr::Shift {
                    unit,
                    n: 0,
                    frame: Frame::Deictic,
                },
            );
            h.modifier = Some(m.value);
            return Some(h);
        }
        if !hyphen {
            return None;
        }
        let after = self.word(j + 2)?;
        let (n, frame) = if after.has(role::AGO) {
            (-1, Frame::Deictic)
        } else if after.has(role::EARLIER) {
            (-1, Frame::Anaphoric)
        } else {
            return None;
        };
        let mut end = j + 3;
        let mut expr = Expr::Offset { unit, n, frame };
        if let Some(next) = self.word(end).filter(|_| self.joined(end)) {
            let noun = next.unit.filter(|&u| u != unit && !next.plural);
            if next.has(role::PERIOD) || noun.is_some() {
                end += 1;
            }
            // "the year-ago quarter": that quarter, a year back.
            if let (Unit::Year, Some(Unit::Quarter)) = (unit, noun) {
                expr = Expr::Offset {
                    unit: Unit::Quarter,
                    n: 4 * n,
                    frame: Frame::Anaphoric,
                };
            }
        }
        if j > i && end == j + 3 {
            return None;
        }
        Some(Hit::new(end, expr))
    }

    /// "two months", "a decade", "the past two years", "the first nine
    /// months", "two-year", "several years", "recent years", "for years".
    fn duration(&self, i: usize) -> Option<Hit> {
        let mut j = i;
        if self.is(i, role::DET) {
            j += 1;
        }
        // A leading "past", "next", "recent" or "first".
        let mut lead = None;
        if let Some(w) = self.word(j).filter(|_| j == i || self.joined(j)) {
            if let Some(r) = w.relative.filter(|r| r.offset != 0) {
                lead = Some(if r.offset < 0 {
                    Lead::Back
                } else {
                    Lead::Ahead
                });
            } else if w.has(role::RECENT) {
                lead = Some(Lead::Recent);
            } else if w.ordinal == Some(1) {
                lead = Some(Lead::First);
            }
            if lead.is_some() {
                j += 1;
            }
        }
        if j > i && !self.joined(j) {
            return None;
        }
        if let Some((k, amount, half)) = self.amount(j) {
            // "two more weeks", "an additional year"
            let k = if self.has(k, role::MORE) { k + 1 } else { k };
            let (end, unit, plural, half2) = self.unit_after(k)?;
            if amount == Amount::Vague && !plural {
                return None;
            }
            // "2021 year" is no length; "a year" after an amount is a rate.
            let digits = matches!(self.toks[j].tok, Tok::Num { .. });
            let hyphen = self.punct(k, '-');
            if digits && amount != Amount::Exact(1) && !plural && !hyphen && !half {
                return None;
            }
            if self.is_rate(i, j) {
                return None;
            }
            // "the last few months": some time in the past.
            if amount == Amount::Vague && lead == Some(Lead::Back) {
                return Some(Hit::new(end, Expr::Ref(RefValue::Past)));
            }
            let mut h = Hit::new(
                end,
                Expr::Duration {
                    amount,
                    half: half || half2,
                    unit,
                },
            );
            if self.estimated(j..k) {
                h.modifier = Some(Mod::Approx);
            }
            return Some(h);
        }
        // "recent years", "the coming months", "for years"
        let w = self.word(j).filter(|_| j == i || self.joined(j))?;
        let unit = w.unit.filter(|_| w.plural && self.compound_ends(j + 1))?;
        if unit < Unit::Minute {
            return None;
        }
        let expr = match lead {
            Some(Lead::Back) => Expr::Ref(RefValue::Past),
            Some(Lead::Ahead) => Expr::Ref(RefValue::Future),
            // "recent years": a length, some of it past.
            Some(Lead::Recent) => Expr::Duration {
                amount: Amount::Vague,
                half: false,
                unit,
            },
            _ => {
                let after_prep = i > 0
                    && self.joined(i)
                    && self.is(i - 1, role::PREP)
                    && !self.is(i - 1, role::OF);
                if !after_prep {
                    return None;
                }
                Expr::Duration {
                    amount: Amount::Vague,
                    half: false,
                    unit,
                }
            }
        };
        Some(Hit::new(j + 1, expr))
    }

    /// "the year ended Sept. 30", "the fiscal year ending in June": a year
    /// counted back from the date that ends it is a length (TimeML: P1Y);
    /// "for the year", "the full year" alone: the year spoken of.
    fn year_ended(&self, i: usize) -> Option<Hit> {
        if !self.is(i, role::DET) {
            return None;
        }
        let mut j = i + 1;
        if self.has(j, role::FISCAL | role::WHOLE) {
            j += 1;
        }
        let w = self.word(j).filter(|_| self.joined(j))?;
        if w.unit != Some(Unit::Year) || w.plural {
            return None;
        }
        if !self.has(j + 1, role::ENDED) {
            // "for the year", "the fiscal year": the year the story is in;
            // not the title "Man of the Year".
            if self.case(j) != Some(Case::Lower) {
                return None;
            }
            let next = self.word(j + 1).filter(|_| self.joined(j + 1));
            let ends = self.compound_ends(j + 1)
                && !self.punct(j + 1, '-')
                && next.map_or(true, |n| {
                    n.roles
                        & (role::OF
                            | role::AGO
                            | role::EARLIER
                            | role::LATER
                            | role::BEFORE
                            | role::AFTER)
                        == 0
                        && n.number.is_none()
                });
            if !ends {
                return None;
            }
            return Some(Hit::new(
                j + 1,
                Expr::Shift {
                    unit: Unit::Year,
                    n: 0,
                    frame: Frame::Deictic,
                },
            ));
        }
        Some(Hit::new(
            j + 1,
            Expr::Duration {
                amount: Amount::Exact(1),
                half: false,
                unit: Unit::Year,
            },
        ))
    }

    /// Whether "a" at `j` counts per unit after an amount ("$1.76 a year",
    /// "5% a year").
    fn is_rate(&self, i: usize, j: usize) -> bool {
        j == i
            && i > 0
            && self.word(i).is_some_and(|w| w.lead || w.has(role::RATE))
            && (matches!(self.toks[i - 1].tok, Tok::Num { .. } | Tok::Punct('%'))
                || self.is(i - 1, role::SCALE))
    }

    /// Whether the unit word before `i` ends its phrase: not "52-year-old",
    /// "years old", "three-quarters of".
    fn compound_ends(&self, i: usize) -> bool {
        let hyphen = self.tight(i) && self.punct(i, '-');
        !(hyphen || self.has(i, role::OLD))
    }

    /// "daily", "every year", "each Monday", "every two weeks".
    fn set(&self, i: usize) -> Option<Hit> {
        if let Some((end, v)) = self.sense(i, |w| w.set) {
            return Some(Hit::new(end, Expr::Set(SetValue::Word(v))));
        }
        let w = self.word(i)?;
        if !w.has(role::EACH) || !self.joined(i + 1) {
            return None;
        }
        let j = i + 1;
        let next = self.word(j);
        if let Some(n) = next {
            if let Some(wd) = n.weekday.filter(|_| !n.plural) {
                return Some(Hit::new(j + 1, Expr::Set(SetValue::Weekday(wd))));
            }
            if let Some(s) = n.season {
                return Some(Hit::new(j + 1, Expr::Set(SetValue::Season(s))));
            }
            if let Some(p) = n.day_time {
                return Some(Hit::new(j + 1, Expr::Set(SetValue::DayTime(p))));
            }
            if let Some(m) = n
                .month
                .filter(|_| !n.ambiguous || self.case(j) != Some(Case::Lower))
            {
                return Some(Hit::new(j + 1, Expr::Set(SetValue::Month(m))));
            }
            if let Some(u) = n.unit.filter(|_| !n.plural) {
                return Some(Hit::new(
                    j + 1,
                    Expr::Set(SetValue::Every { n: 1, unit: u }),
                ));
            }
        }
        let (k, Amount::Exact(n), false) = self.amount(j)? else {
            return None;
        };
        let (end, unit, _, _) = self.unit_after(k)?;
        Some(Hit::new(end, Expr::Set(SetValue::Every { n, unit })))
    }

    /// "in the morning" after an hour: where the token after it ends, and
    /// which part of the day it names.
    fn in_the_part(&self, i: usize) -> Option<(usize, &'static str)> {
        if !self.has(i, role::PREP) || !self.has(i + 1, role::DET) {
            return None;
        }
        let w = self.word(i + 2).filter(|_| self.joined(i + 2))?;
        match w.day_time? {
            DayTime::Part(p) if p != "NI" => Some((i + 3, p)),
            _ => None,
        }
    }

    /// "in the morning", "mid afternoon", "mid-afternoon yesterday": a
    /// part of the day last mentioned (or of the one named after it). Alone
    /// a part of the day is no date ("afternoon tea"), nor is "the night".
    fn part_of_day(&self, i: usize) -> Option<Hit> {
        let after = |r: u64| i > 0 && self.joined(i) && self.is(i - 1, r);
        let j = if self.is(i, role::DET) {
            if !after(role::PREP) {
                return None;
            }
            i + 1
        } else {
            // "mid afternoon", "mid-afternoon"
            let m = if i > 1 && self.tight(i) && self.punct(i - 1, '-') {
                i - 2
            } else {
                i.saturating_sub(1)
            };
            let modified = m < i
                && self.joined(m + 1)
                && self
                    .word(m)
                    .is_some_and(|w| w.modifier.is_some_and(|m| m.form == ModForm::Adj));
            if !modified {
                return None;
            }
            i
        };
        let part = self
            .word(j)
            .filter(|w| !w.plural && (j == i || self.joined(j)))?
            .day_time?;
        if !matches!(part, DayTime::Part(p) if p != "NI") {
            return None;
        }
        let mut h = Hit::new(
            j + 1,
            Expr::Shift {
                unit: Unit::Day,
                n: 0,
                frame: Frame::Anaphoric,
            },
        );
        h.time = Some(part);
        if self.joined(j + 1) {
            if let Some(d) = longest(self.deictic_day(j + 1), self.weekday(j + 1)) {
                if d.time.is_none() {
                    h.expr = d.expr;
                    h.end = d.end;
                }
            }
        }
        Some(h)
    }

    /// "now", "recently", "the past", "the future", "soon".
    fn reference(&self, i: usize) -> Option<Hit> {
        let (end, r) = self.sense(i, |w| w.reference)?;
        Some(Hit::new(end, Expr::Ref(r)))
    }

    /// "10:22 a.m.", "10 a.m. EST", "noon", "5 p.m. Nov. 9", "noon Saturday".
    fn clock(&self, i: usize) -> Option<Hit> {
        let (mut end, time) = if let Some((e, t)) = self.sense(i, |w| {
            w.day_time.filter(|t| matches!(t, DayTime::Clock { .. }))
        }) {
            (e, t)
        } else if let Some(military) = self.military_time(i) {
            military
        } else {
            let (mut hour, minute, e) = match self.hh_mm(i) {
                Some(hm) => hm,
                None => {
                    let (h, digits, NumSuffix::None) = self.bare_num(i)? else {
                        return None;
                    };
                    (digits <= 2 && (1..=12).contains(&h)).then_some((h as u8, 0, i + 1))?
                }
            };
            let meridiem = self
                .word(e)
                .filter(|_| self.joined(e))
                .map(|w| (w.has(role::AM), w.has(role::PM), w.has(role::OCLOCK)));
            let mut end = e;
            match meridiem {
                Some((true, _, _)) | Some((_, true, _)) => {
                    let pm = meridiem.is_some_and(|m| m.1);
                    if hour > 12 {
                        return None;
                    }
                    if pm && hour < 12 {
                        hour += 12;
                    } else if !pm && hour == 12 {
                        hour = 0;
                    }
                    end = e + 1;
                    if self.punct(end, '.') && self.tight(end) && self.text_of(e).contains('.') {
                        end += 1;
                    }
                }
                Some((_, _, true)) => end = e + 1,
                // "4 in the morning", "9 in the evening"
                _ if e == i + 1 && hour <= 12 && self.in_the_part(e).is_some() => {
                    let (k, part) = self.in_the_part(e)?;
                    if part == "MO" {
                        hour %= 12;
                    } else if hour < 12 {
                        hour += 12;
                    }
                    end = k;
                }
                _ => {
                    // A bare 24-hour time needs "at" before it or a zone after.
                    let at = i > 0 && self.is(i - 1, role::AT);
                    let zone = self.has(e, role::TIMEZONE);
                    if e == i + 1 || !(at || zone) {
                        return None;
                    }
                }
            }
            (end, DayTime::Clock { hour, minute })
        };
        if self.has(end, role::TIMEZONE) && self.case(end) == Some(Case::Upper) {
            end += 1;
        }
        let mut h = Hit::new(
            end,
            Expr::Shift {
                unit: Unit::Day,
                n: 0,
                frame: Frame::Anaphoric,
            },
        );
        h.time = Some(time);
        // "5 p.m. Nov. 9", "noon Saturday", "10 a.m. today"
        let mut k = end;
        if self.punct(k, ',') {
            k += 1;
        }
        if self.joined(k) {
            let day = longest(
                longest(self.weekday_date(k), self.month_first(k)),
                longest(self.weekday(k), self.deictic_day(k)),
            );
            if let Some(d) = day {
                let is_day = matches!(
                    d.expr,
                    Expr::Calendar {
                        period: Period::Day(..) | Period::Weekday(_),
                        ..
                    } | Expr::Shift {
                        unit: Unit::Day,
                        ..
                    }
                );
                if is_day && d.time.is_none() {
                    h.expr = d.expr;
                    h.end = d.end;
                }
            }
        }
        Some(h)
    }
}

/// '21 is 2021, '95 is 1995.
fn two_digit_year(v: u32) -> i32 {
    if v < 50 {
        2000 + v as i32
    } else {
        1900 + v as i32
    }
}
