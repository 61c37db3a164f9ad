//! One pass over the text. Candidates are found by a byte scan (digits, "$",
//! the first letters of number words); everything else is a few anchored
//! matches at the candidate's edges:
//!
//! ```text
//! [qualifier] [currency] NUMBER [multiplier]* [currency | unit] [per UNIT]
//! ```
//!
//! then what may join it to the next amount: a range ("HK$3.85 to HK$3.99"),
//! a conversion ("50 billion yuan ($7 billion)"), a comparison that shares
//! its currency ("5.2 mln dlrs from 4.1 mln").

use super::decimal::Decimal;
use super::lexicon::{After, Cur, Fit, Lead, Link, MoneyLexicon, UnitKind, VagueRole};
use super::window::{is_word_byte, letters_at, Ahead, Behind};
use crate::model::Kind;
use std::ops::Range;

/// An amount, percentage, count or ticker found in the text, before the
/// document-level settling of shared currency signs.
#[derive(Clone, Debug)]
pub struct Found {
    pub kind: Kind,
    pub span: Range<usize>,
    pub low: Decimal,
    pub high: Option<Decimal>,
    pub cur: Option<Cur>,
    pub qualifier: Option<u16>,
    pub per: Option<u16>,
    pub unit: Option<u16>,
    /// Index (in the found list) of the same amount in another currency.
    pub equivalent: Option<usize>,
    /// A vague amount ("hundreds of millions of dollars"): `low..high` is
    /// the range its words allow, not a range written in the text.
    pub approximate: bool,
    /// The currency is not written beside the number but carried over from
    /// the amount before it ("orders at 200 million per aircraft").
    pub from_context: bool,
}

impl Found {
    /// A ticker symbol: a span with no amount.
    fn ticker(span: Range<usize>) -> Self {
        Found {
            kind: Kind::Ticker,
            span,
            low: Decimal::from_int(0),
            high: None,
            cur: None,
            qualifier: None,
            per: None,
            unit: None,
            equivalent: None,
            approximate: false,
            from_context: false,
        }
    }
}

/// A number with what is written around it.
#[derive(Clone, Copy, Debug)]
struct Atom {
    /// Start of the currency before the number, or of the number.
    start: usize,
    /// End of the last term that belongs to the amount.
    end: usize,
    /// End of the number alone.
    number_end: usize,
    number: Decimal,
    /// Written with a decimal point or fraction ("1.20", "28-3/4").
    fractional: bool,
    /// Four digits that read as a year ("1987"): never given a unit by
    /// another amount.
    year_like: bool,
    power: u8,
    multiplied: bool,
    cents: bool,
    cur: Option<Cur>,
    unit: Option<(UnitKind, Option<u16>)>,
    per: Option<u16>,
}

impl Atom {
    fn kind(&self) -> Option<Kind> {
        match (self.cur, self.unit) {
            (Some(_), _) => Some(Kind::Money),
            (None, Some((UnitKind::Percent, _))) => Some(Kind::Percent),
            (None, Some((UnitKind::Quantity, _))) => Some(Kind::Quantity),
            (None, None) => None,
        }
    }

    fn value(&self) -> Option<Decimal> {
        let cents = if self.cents { 2 } else { 0 };
        self.number.shift(i32::from(self.power) - cents)
    }

    /// Take the currency or unit of `other`, for a bare number that another
    /// amount completes ("5 to 10 mln dlrs", "HK$3.85 to 3.99").
    fn take_measure(&mut self, other: &Atom) {
        self.cur = other.cur;
        self.cents = other.cents;
        self.unit = other.unit;
        self.per = self.per.or(other.per);
    }
}

/// What one pass over a text finds.
pub struct Scan {
    pub found: Vec<Found>,
    /// The (class, currency) of every place cue of a shared currency sign.
    pub cues: Vec<(u8, u16)>,
}

pub fn scan(text: &str, lex: &MoneyLexicon) -> Scan {
    let mut s = Scanner {
        text: text.as_bytes(),
        lex,
        out: Vec::new(),
        cues: Vec::new(),
        last_end: 0,
        last_currency: None,
    };
    let b = s.text;
    let mut i = 0;
    while i < b.len() {
        let next = match BYTE_CLASS[usize::from(b[i])] {
            DIGIT => s.at_number(i),
            DOLLAR => s.at_dollar(i),
            ANGLE => s.at_angle(i),
            LETTER => {
                // Most words end at a single space, which starts nothing:
                // step over it here rather than in another turn.
                let end = s.at_word(i);
                end + usize::from(b.get(end) == Some(&b' '))
            }
            _ => {
                // Spaces and punctuation: nothing starts here.
                let skip = b[i..]
                    .iter()
                    .position(|&c| BYTE_CLASS[usize::from(c)] != OTHER);
                skip.map_or(b.len(), |n| i + n)
            }
        };
        i = next.max(i + 1);
    }
    Scan {
        found: s.out,
        cues: s.cues,
    }
}

struct Scanner<'a> {
    text: &'a [u8],
    lex: &'a MoneyLexicon,
    out: Vec<Found>,
    cues: Vec<(u8, u16)>,
    /// End of the last mention emitted: nothing may start before it.
    last_end: usize,
    /// The currency of the last amount of money written with one, and where
    /// it ended: what a bare "200 million" soon after it is counted in.
    last_currency: Option<(usize, Cur)>,
}

/// How far (in bytes) a currency carries to a bare amount after it: about
/// the rest of its sentence and the next one.
const CONTEXT_REACH: usize = 300;

/// The folded text after an atom, where in it the atom ends, and the joining
/// word there if any (its end and roles): built once per number and shared
/// by every look at what follows.
struct Tail<'a> {
    w: Ahead<'a>,
    at: usize,
    link: Option<(usize, u8)>,
}

impl Tail<'_> {
    /// Where a joining word with one of the roles `links` ends, if one
    /// follows.
    fn link(&self, links: u8) -> Option<usize> {
        self.link
            .filter(|&(_, roles)| roles & links != 0)
            .map(|(end, _)| end)
    }
}

const OTHER: u8 = 0;
const DIGIT: u8 = 1;
const DOLLAR: u8 = 2;
const LETTER: u8 = 3;
const ANGLE: u8 = 4;

/// What may start at a byte. Letters are visited a word at a time, so one
/// seen by the loop starts a word; bytes of non-ASCII characters start
/// nothing.
const BYTE_CLASS: [u8; 256] = {
    let mut class = [OTHER; 256];
    let mut c = 0;
    while c < 256 {
        let b = c as u8;
        class[c] = if b.is_ascii_digit() {
            DIGIT
        } else if b == b'$' {
            DOLLAR
        } else if b == b'<' {
            ANGLE
        } else if b.is_ascii_alphabetic() {
            LETTER
        } else {
            OTHER
        };
        c += 1;
    }
    class
};

/// Bytes that show a "$" belongs to code, not prose (`x=$1`, `s/a/$1/`).
const CODE_BEFORE: &[u8] = b"=/\\{[|`";

impl<'a> Scanner<'a> {
    /// A number written with digits at `p`; returns where to go on.
    fn at_number(&mut self, p: usize) -> usize {
        match self.digits_atom(p, false) {
            Some((a, tail)) => self.expression(a, tail),
            None => skip_token(self.text, p),
        }
    }

    /// A word at `p`: a place cue for the shared currency signs ("Hong
    /// Kong"), or an amount when it is a number word followed by a
    /// multiplier, currency or unit ("one billion dlrs", "eight cts").
    fn at_word(&mut self, p: usize) -> usize {
        let b = self.text;
        let len = letters_at(b, p);
        // Most words open no number word and no cue: their first letters
        // and length tell, before anything else is looked at.
        let second = b.get(p + 1).copied().filter(|_| len > 1);
        let (number_word, cue) = self.lex.word_may_be(b[p], second, len);
        if !(number_word || cue) {
            return p + len;
        }
        if p > 0 && is_word_byte(b[p - 1]) {
            // Letters after digits or "_": part of a token, no word.
            return p + len;
        }
        if cue {
            let hay = &b[p..b.len().min(p + 24)];
            if let Some((n, &target, _)) = self.lex.cues.at(hay) {
                if !b.get(p + n).is_some_and(|&c| is_word_byte(c)) {
                    self.cues.push(target);
                }
            }
        }
        if !number_word {
            return p + len;
        }
        match self.word_atom(p) {
            Some((a, tail)) => self.expression(a, tail),
            None => self.vague(p).unwrap_or(p + len),
        }
    }

    /// A vague amount at `p` ("hundreds of millions of dollars", "several
    /// thousand dollars"): emitted with the range its words allow; returns
    /// where it ends.
    fn vague(&mut self, p: usize) -> Option<usize> {
        if p < self.last_end {
            return None;
        }
        // The first word is looked up in the raw text ("a" opens "a few"
        // and is everywhere): the folded view only once it matched.
        let b = self.text;
        let (len, first, _) = self.lex.vague.at(&b[p..b.len().min(p + 24)])?;
        if first.role == VagueRole::Multiplier || b.get(p + len).is_some_and(|&c| is_word_byte(c)) {
            return None;
        }
        let w = Ahead::new(b, p);
        let (mut low, mut high) = (first.low, first.high);
        let mut i = len;
        // What the last word asks next: "of" after a plural, a multiplier
        // (or plural) after a quantifier.
        let mut last = first.role;
        loop {
            let space = usize::from(w.byte(i) == Some(b' '));
            let mut j = i + space;
            let of = last == VagueRole::Plural;
            if of {
                if w.bytes(j).len() < 3 || !w.bytes(j)[..3].eq_ignore_ascii_case(b"of ") {
                    return None;
                }
                j += 3;
            }
            if last != VagueRole::Quantifier {
                if let Some((k, After::Currency { cur, cents })) =
                    self.after(&w, j - usize::from(of))
                {
                    let cents = if cents { -2 } else { 0 };
                    let end = w.offset(k);
                    self.emit(Found {
                        kind: Kind::Money,
                        span: p..end,
                        low: low.shift(cents)?,
                        high: Some(high.shift(cents)?),
                        cur: Some(cur),
                        qualifier: None,
                        per: None,
                        unit: None,
                        equivalent: None,
                        approximate: true,
                        from_context: false,
                    });
                    self.last_currency = Some((end, cur));
                    return Some(end);
                }
            }
            let (n, word, _) = self.lex.vague.at(w.bytes(j))?;
            let allowed = match word.role {
                VagueRole::Quantifier => false,
                VagueRole::Plural => last != VagueRole::Multiplier,
                VagueRole::Multiplier => last != VagueRole::Plural,
            };
            if !allowed || !w.word_ends_at(j + n) {
                return None;
            }
            low = low.checked_mul(word.low)?;
            high = high.checked_mul(word.low)?;
            last = word.role;
            i = j + n;
        }
    }

    /// The number word at `p` ("five", "a million") with what follows it.
    fn word_atom(&self, p: usize) -> Option<(Atom, Tail<'a>)> {
        let b = self.text;
        let (len, &number, _) = self.lex.number_words.at(&b[p..b.len().min(p + 24)])?;
        if b.get(p + len).is_some_and(|&c| is_word_byte(c)) {
            return None;
        }
        let mut a = Atom {
            start: p,
            end: p + len,
            number_end: p + len,
            number,
            fractional: false,
            year_like: false,
            power: 0,
            multiplied: false,
            cents: false,
            cur: None,
            unit: None,
            per: None,
        };
        let tail = self.suffixes(&mut a);
        Some((a, tail))
    }

    /// "$AAPL": a ticker, when "$" is followed by capitals and no number.
    fn at_dollar(&mut self, p: usize) -> usize {
        let b = self.text;
        if p > 0 && (is_word_byte(b[p - 1]) || CODE_BEFORE.contains(&b[p - 1])) {
            return p + 1;
        }
        let mut q = p + 1;
        while q < b.len() && b[q].is_ascii_uppercase() && q - p <= 5 {
            q += 1;
        }
        let letters = q - p - 1;
        if !(1..=5).contains(&letters) || b.get(q).is_some_and(|&c| is_word_byte(c)) {
            return p + 1;
        }
        let word = &b[p..q];
        if self.lex.dollar_words.iter().any(|w| w.as_bytes() == word) {
            return p + 1;
        }
        self.emit(Found::ticker(p..q));
        q
    }

    /// "<MCHT>", "<BARC.L>": a ticker as wire services write it, in angle
    /// brackets (capitals, digits and an exchange suffix after a dot).
    fn at_angle(&mut self, p: usize) -> usize {
        const MAX_LEN: usize = 10;
        let b = self.text;
        let inner = b[p + 1..]
            .iter()
            .take(MAX_LEN + 1)
            .take_while(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || **c == b'.')
            .count();
        let q = p + 1 + inner;
        let symbol = &b[p + 1..q];
        let letters = symbol.iter().filter(|c| c.is_ascii_uppercase()).count();
        // Two letters at least: "<B>" is more likely markup left in the text.
        if b.get(q) != Some(&b'>')
            || !(2..=MAX_LEN).contains(&inner)
            || letters < 2
            || symbol.first() == Some(&b'.')
            || symbol.last() == Some(&b'.')
        {
            return p + 1;
        }
        self.emit(Found::ticker(p..q + 1));
        q + 1
    }

    /// The number at `p` with its currency, multipliers and unit; None when
    /// the digits are part of something else (a name, a date, a version).
    /// `quoted`: the number follows a slash that joins it to another
    /// ("421.90/422.40").
    fn digits_atom(&self, p: usize, quoted: bool) -> Option<(Atom, Tail<'a>)> {
        let b = self.text;
        let number = parse_number(b, p)?;
        let (start, prefix, wire) = match self.prefix(p) {
            Some((start, cur, wire)) => (start, Some(cur), wire),
            // Glued to a word that is not a currency: "A320", "Q3".
            None if p > 0 && is_word_byte(b[p - 1]) => return None,
            None if p > 0 && matches!(b[p - 1], b'.' | b',' | b':') => return None,
            None if p > 0 && b[p - 1] == b'/' && !quoted => return None,
            None => (p, None, false),
        };
        let mut a = Atom {
            start,
            end: number.end,
            number_end: number.end,
            number: number.value,
            fractional: number.fractional,
            year_like: number.year_like,
            power: 0,
            multiplied: false,
            cents: false,
            cur: prefix,
            unit: None,
            per: None,
        };
        if wire {
            // A currency word before the number holds only when what
            // follows leaves the number bare.
            let mut bare = a;
            bare.start = p;
            bare.cur = None;
            let tail = self.suffixes(&mut bare);
            let compound = b.get(bare.end) == Some(&b'-')
                && b.get(bare.end + 1).is_some_and(u8::is_ascii_alphabetic);
            let glued =
                bare.end == bare.number_end && b.get(bare.end).is_some_and(|&c| is_word_byte(c));
            if bare.kind().is_some() || compound || glued || (bare.year_like && !bare.multiplied) {
                return (!glued).then_some((bare, tail));
            }
        }
        let tail = self.suffixes(&mut a);
        // Glued to letters that are no term: "1990s", "4G", "10th".
        if a.end == a.number_end && b.get(a.end).is_some_and(|&c| is_word_byte(c)) {
            return None;
        }
        Some((a, tail))
    }

    /// A currency sign or code ending at `p`, glued or one space before.
    /// Signs hold no line break, so the raw bytes do (reversed, on the stack).
    fn prefix(&self, p: usize) -> Option<(usize, Cur, bool)> {
        let b = self.text;
        let spaced = p > 0 && matches!(b[p - 1], b' ' | b'\n' | b'\t');
        // Most numbers follow a byte no sign ends with: spare reversing.
        let may = |skip: usize| p > skip && self.lex.before.may_start(b[p - 1 - skip]);
        if !(may(0) || (spaced && may(1))) {
            return None;
        }
        let mut rev = [0u8; 12];
        let n = p.min(rev.len());
        for (k, slot) in rev[..n].iter_mut().enumerate() {
            *slot = b[p - 1 - k];
        }
        let (skip, (len, &cur, fit)) = [0, 1]
            .into_iter()
            .filter(|&skip| skip == 0 || spaced)
            .find_map(|skip| self.lex.before.at(&rev[skip..n]).map(|m| (skip, m)))?;
        let first = rev[skip + len - 1];
        let start = p - skip - len;
        let before = start.checked_sub(1).map(|i| b[i]);
        let glued_to_word = first.is_ascii_alphanumeric() && before.is_some_and(is_word_byte);
        let in_code = before.is_some_and(|c| CODE_BEFORE.contains(&c));
        // A sign the amount before has taken ("1.39 billion dlrs 18 months
        // ago") starts no other.
        let taken = start < self.last_end;
        (!glued_to_word && !in_code && !taken).then_some((start, cur, fit.wire))
    }

    /// Multipliers, then a currency or unit, then a price unit, after the
    /// number of `a`; returns the text after it.
    fn suffixes(&self, a: &mut Atom) -> Tail<'a> {
        let w = Ahead::new(self.text, a.number_end);
        let mut i = 0;
        // The term after each multiplier is looked up once: what stops the
        // multipliers is the currency or unit.
        let mut next = self.after_number(&w, i, a.multiplied);
        for _ in 0..2 {
            match next {
                Some((j, After::Multiplier(power))) => {
                    a.power += power;
                    a.multiplied = true;
                    i = j;
                    next = self.after_number(&w, i, true);
                }
                _ => break,
            }
        }
        match next {
            Some((j, After::Currency { cur, cents })) => {
                a.cur = Some(match a.cur {
                    Some(prefix) => self.settle_pair(prefix, cur),
                    None => cur,
                });
                a.cents = cents;
                i = j;
            }
            Some((j, After::Unit { kind, unit })) if a.cur.is_none() => {
                a.unit = Some((kind, unit));
                i = j;
            }
            _ => {}
        }
        if a.cur.is_some() {
            // "$99 (USD)": a code in brackets settles the currency.
            let open = i + usize::from(w.byte(i) == Some(b' '));
            if w.byte(open) == Some(b'(') {
                if let Some((j, After::Currency { cur, cents: false })) = self.after(&w, open + 1) {
                    if w.byte(j) == Some(b')') {
                        a.cur = Some(cur);
                        i = j + 1;
                    }
                }
            }
            if self.rate_follows(&w, i) {
                // "92.27 yen to the dollar": a rate, not an amount.
                a.cur = None;
                a.cents = false;
            } else {
                a.per = self.per_unit(&w, i);
            }
        }
        a.end = w.offset(i);
        let link = self.link(&w, i);
        Tail { w, at: i, link }
    }

    /// The term after folded position `i` (glued, or after one space or
    /// hyphen): where it ends and what it is.
    fn after(&self, w: &Ahead, i: usize) -> Option<(usize, After)> {
        self.after_number(w, i, true)
    }

    /// `after` for a number `multiplied` or not: some terms follow only a
    /// multiplier ("a 300 mln mark placement", not "the 5000 mark").
    fn after_number(&self, w: &Ahead, i: usize, multiplied: bool) -> Option<(usize, After)> {
        let sep = usize::from(matches!(w.byte(i), Some(b' ' | b'-')));
        let (len, &what, fit) = self.lex.after.at(w.bytes(i + sep))?;
        let end = i + sep + len;
        let fitting = fits(w, i + sep, end, fit)
            && !(fit.glued && sep > 0)
            && (multiplied || !fit.multiplied);
        fitting.then_some((end, what))
    }

    /// The joining word at folded position `i` (after one space): where it
    /// ends and the roles it may play.
    fn link(&self, w: &Ahead, i: usize) -> Option<(usize, u8)> {
        let i = i + usize::from(w.byte(i) == Some(b' '));
        let (len, &roles, fit) = self.lex.links.at(w.bytes(i))?;
        fits(w, i, i + len, fit).then_some((i + len, roles))
    }

    /// "to the dollar", "per dlr", "/dlr" at folded position `i`: the
    /// amount before is an exchange rate.
    fn rate_follows(&self, w: &Ahead, i: usize) -> bool {
        let at = i + usize::from(w.byte(i) == Some(b' '));
        let j = match self.link(w, i) {
            Some((j, roles)) if roles & Link::Per.bit() != 0 => j,
            _ if w.bytes(at).len() > 7 && w.bytes(at)[..7].eq_ignore_ascii_case(b"to the ") => {
                at + 6
            }
            _ => return false,
        };
        // "94 cents a pound" is a price by weight.
        let unit_at = j + usize::from(w.byte(j) == Some(b' '));
        if self.lex.per_units.at(w.bytes(unit_at)).is_some() {
            return false;
        }
        matches!(
            self.after(w, j),
            Some((_, After::Currency { cents: false, .. }))
        )
    }

    /// "per share", "a barrel", "/ounce" after a price.
    fn per_unit(&self, w: &Ahead, i: usize) -> Option<u16> {
        let (mut j, roles) = self.link(w, i)?;
        if roles & Link::Per.bit() == 0 {
            return None;
        }
        if w.byte(j - 1)?.is_ascii_alphabetic() {
            if w.byte(j) != Some(b' ') {
                return None;
            }
            j += 1;
        }
        let (len, &unit, fit) = self.lex.per_units.at(w.bytes(j))?;
        fits(w, j, j + len, fit).then_some(unit)
    }

    /// One currency from a sign before and a word after the same number
    /// ("$249 USD", "US$ ... dollars"): the more specific one.
    fn settle_pair(&self, before: Cur, after: Cur) -> Cur {
        match (before, after) {
            (Cur::Class(_), Cur::Code(_)) => after,
            _ => before,
        }
    }

    /// The qualifier, "between" or "from" before `start`.
    fn lead(&self, start: usize) -> Option<(usize, Lead)> {
        // Only after a space (or a run of them, or a no-break space):
        // spare building the view.
        let before = *self.text.get(start.checked_sub(1)?)?;
        if !matches!(before, b' ' | b'\t' | b'\n' | b'\r' | 0xA0) {
            return None;
        }
        // A view as long as the space and the longest lead.
        let w = Behind::new(self.text, start, 1 + self.lex.leads.longest());
        if w.byte(0) != Some(b' ') {
            return None;
        }
        let (len, &lead, _) = self.lex.leads.at(w.bytes(1))?;
        let at = w.offset(1 + len);
        (w.word_starts_at(1 + len) && at >= self.last_end).then_some((at, lead))
    }

    /// A whole expression starting with atom `a`; returns where to go on.
    fn expression(&mut self, a: Atom, tail: Tail<'a>) -> usize {
        // A bare number that nothing joins is no amount: spare the look back.
        let joins = Link::Range.bit()
            | Link::RangeTo.bit()
            | Link::Quote.bit()
            | Link::And.bit()
            | Link::List.bit();
        if a.kind().is_none() && tail.link(joins).is_none() {
            return self.in_context(a, &tail).unwrap_or(a.number_end);
        }
        let lead = self.lead(a.start);
        let qualifier = match lead {
            Some((at, Lead::Qualifier(q))) => Some((at, q)),
            _ => None,
        };
        let joining = match lead {
            Some((_, Lead::Between)) => Link::And.bit(),
            Some((_, Lead::Change)) => Link::Range.bit() | Link::Quote.bit(),
            _ => Link::Range.bit() | Link::RangeTo.bit() | Link::Quote.bit(),
        };
        if let Some((b, b_tail)) = self.partner(&tail, joining) {
            // A quote's figures are written alike: "1.7820/30" shortens the
            // second one, which is no price of its own.
            let shortened = tail.link(Link::Quote.bit()).is_some() && a.fractional != b.fractional;
            if let Some((lo, hi)) = self.join(a, b).filter(|_| !shortened) {
                let start = match lead {
                    Some((at, Lead::Between | Lead::Qualifier(_))) => at,
                    _ => a.start,
                };
                let Some(i) = self.emit_atoms(start, &lo, Some(&hi), qualifier.map(|q| q.1)) else {
                    return hi.end;
                };
                return self.follow(i, &lo, b_tail);
            }
        }
        if a.kind().is_none() {
            let emitted = self.out.len();
            let next = self.listed(a, &tail, qualifier);
            if self.out.len() > emitted {
                return next;
            }
            return self.in_context(a, &tail).unwrap_or(next);
        }
        let start = qualifier.map_or(a.start, |q| q.0);
        match self.emit_atoms(start, &a, None, qualifier.map(|q| q.1)) {
            Some(i) => self.follow(i, &a, tail),
            None => a.end,
        }
    }

    /// A bare number listed before an amount shares its currency or unit
    /// ("denominations of 1,000 and 10,000 dlrs", "5 and 10 pct").
    fn listed(&mut self, mut a: Atom, tail: &Tail, qualifier: Option<(usize, u16)>) -> usize {
        let Some((b, _)) = self.partner(tail, Link::List.bit()) else {
            return a.number_end;
        };
        // Only a currency written after the numbers reads across both.
        if b.kind().is_none() || self.prefixed(&b) || a.year_like || a.multiplied != b.multiplied {
            return a.number_end;
        }
        a.take_measure(&b);
        let start = qualifier.map_or(a.start, |q| q.0);
        self.emit_atoms(start, &a, None, qualifier.map(|q| q.1));
        a.end
    }

    /// A bare multiplied number soon after an amount of money, standing
    /// alone ("orders at 200 million per aircraft", "on top of the four
    /// billion it already received"): money in that amount's currency. A
    /// number a noun follows counts that noun ("200 million people"), so
    /// only the words of `data/money/context.tsv` or punctuation may come
    /// next. Returns where the amount ends.
    fn in_context(&mut self, a: Atom, tail: &Tail) -> Option<usize> {
        if !a.multiplied || a.year_like || a.start < self.last_end {
            return None;
        }
        let (end, cur) = self.last_currency?;
        if a.start - end > CONTEXT_REACH || self.text[end..a.start].windows(2).any(|w| w == b"\n\n")
        {
            return None;
        }
        let w = &tail.w;
        let next = tail.at + usize::from(w.byte(tail.at) == Some(b' '));
        let stands_alone = match w.byte(next) {
            None => true,
            Some(c) if c.is_ascii_alphabetic() => self
                .lex
                .context_followers
                .at(w.bytes(next))
                .is_some_and(|(n, _, _)| w.word_ends_at(next + n)),
            Some(c) => matches!(c, b'.' | b',' | b';' | b':' | b')'),
        };
        if !stands_alone || self.compared_with_bare(a.start) {
            return None;
        }
        let mut money = a;
        money.cur = Some(cur);
        let i = self.emit_atoms(a.start, &money, None, None)?;
        self.out[i].from_context = true;
        Some(money.end)
    }

    /// Whether the number at `start` is compared with or listed after a
    /// bare number just before it ("Revs 23.7 mln vs 21.9 mln", "1.1 mln
    /// bpd from 1.2 mln", "2.96 mln in 1985/86 and 2.70 mln"): what that
    /// number counts, this one counts too, and it was no money.
    fn compared_with_bare(&self, start: usize) -> bool {
        let b = self.text;
        let word_before = |end: usize| {
            let end = b[..end].iter().rposition(|c| !c.is_ascii_whitespace())? + 1;
            let from = b[..end]
                .iter()
                .rposition(|&c| !(is_word_byte(c) || matches!(c, b'.' | b'/' | b',')))
                .map_or(0, |i| i + 1);
            Some(from..end)
        };
        let Some(link) = word_before(start) else {
            return false;
        };
        let roles = Link::Compare.bit() | Link::List.bit();
        let is_link = self
            .lex
            .links
            .at(&b[link.clone()])
            .is_some_and(|(n, &r, _)| n == link.len() && r & roles != 0);
        if !is_link {
            return false;
        }
        let mut end = link.start;
        for _ in 0..2 {
            let Some(word) = word_before(end) else {
                return false;
            };
            if word.start < self.last_end {
                return false;
            }
            let w = &b[word.clone()];
            let w = w.strip_suffix(b",").unwrap_or(w);
            let year = w.len() == 4 && (w.starts_with(b"19") || w.starts_with(b"20"));
            let number = (w.last().is_some_and(u8::is_ascii_digit) && !year)
                || matches!(self.lex.after.at(w), Some((n, After::Multiplier(_), _)) if n == w.len());
            if number {
                return true;
            }
            end = word.start;
        }
        false
    }

    /// Whether the currency of `a` was written before its number.
    fn prefixed(&self, a: &Atom) -> bool {
        a.start < a.number_end && !self.text[a.start].is_ascii_digit()
    }

    /// What may follow an emitted amount (index `i`, ending where `tail`
    /// starts): its equivalent in another currency, or bare numbers compared
    /// with it.
    fn follow(&mut self, i: usize, first: &Atom, tail: Tail<'a>) -> usize {
        let end = self.out[i].span.end;
        if self.out[i].kind != Kind::Money {
            return end;
        }
        if let Some(next) = self.conversion(i, &tail) {
            return next;
        }
        // "Net 5.9 mln dlrs vs 4.3 mln": the bare figure shares the currency.
        let (mut prev, mut tail, mut end) = (*first, tail, end);
        while let Some((mut c, c_tail)) = self.partner(&tail, Link::Compare.bit()) {
            let same_shape = c.multiplied == prev.multiplied && (c.multiplied || c.fractional);
            if c.kind().is_some() || !same_shape || c.year_like {
                break;
            }
            c.cur = prev.cur;
            c.cents = prev.cents;
            c.per = prev.per;
            if self.emit_atoms(c.start, &c, None, None).is_none() {
                break;
            }
            (prev, tail, end) = (c, c_tail, c.end);
        }
        end
    }

    /// "50 billion yuan ($7 billion)", "5 mln stg, or 7.5 mln dlrs": the
    /// same amount in another currency, linked both ways.
    fn conversion(&mut self, i: usize, tail: &Tail) -> Option<usize> {
        let after_link = tail.link(Link::Conversion.bit())?;
        let bracket = tail.w.byte(after_link - 1) == Some(b'(');
        let (c_start, c, c_tail, qualifier) = self.partner_at(tail.w.offset(after_link))?;
        let (lo, hi, last_tail) = match self
            .partner(&c_tail, Link::Range.bit() | Link::RangeTo.bit())
            .and_then(|(d, d_tail)| Some((self.join(c, d)?, d_tail)))
        {
            Some(((lo, hi), d_tail)) => (lo, Some(hi), d_tail),
            None => (c, None, c_tail),
        };
        let close = if bracket {
            let w = &last_tail.w;
            let at = last_tail.at + usize::from(w.byte(last_tail.at) == Some(b' '));
            if w.byte(at) != Some(b')') {
                return None;
            }
            w.offset(at + 1)
        } else {
            hi.map_or(lo.end, |h| h.end)
        };
        let (Some(mine), Some(theirs)) = (self.out[i].cur, lo.cur) else {
            return None;
        };
        if lo.kind() != Some(Kind::Money) || self.compatible(mine, theirs) {
            return None;
        }
        let j = self.emit_atoms(c_start, &lo, hi.as_ref(), qualifier)?;
        self.out[i].equivalent = Some(j);
        self.out[j].equivalent = Some(i);
        Some(close)
    }

    /// Whether two currencies may be the same one.
    fn compatible(&self, x: Cur, y: Cur) -> bool {
        match (x, y) {
            (Cur::Class(c), Cur::Code(k)) | (Cur::Code(k), Cur::Class(c)) => {
                let class = &self.lex.classes[usize::from(c)];
                class.default == k || class.flagged.contains(&k) || class.resolving.contains(&k)
            }
            _ => x == y,
        }
    }

    /// The atom after a joining word with one of the roles `links` at the
    /// start of `tail`, if it starts right there.
    fn partner(&self, tail: &Tail, links: u8) -> Option<(Atom, Tail<'a>)> {
        let from = tail.w.offset(tail.link(links)?);
        match self.partner_at(from)? {
            (_, atom, atom_tail, None) => Some((atom, atom_tail)),
            _ => None,
        }
    }

    /// The first atom within a few bytes of `from` that starts (with its
    /// qualifier) right at `from` after spaces.
    fn partner_at(&self, from: usize) -> Option<(usize, Atom, Tail<'a>, Option<u16>)> {
        let b = self.text;
        let from = skip_spaces(b, from);
        let (atom, tail) = match b.get(from) {
            Some(c) if c.is_ascii_alphabetic() => {
                self.word_atom(from).or_else(|| self.digits_after(from))?
            }
            _ => self.digits_after(from)?,
        };
        if atom.start == from {
            return Some((from, atom, tail, None));
        }
        match self.lead(atom.start) {
            Some((at, Lead::Qualifier(q))) if at == from => Some((at, atom, tail, Some(q))),
            _ => None,
        }
    }

    /// The number written with digits within a few bytes of `from` (after a
    /// qualifier or currency sign).
    fn digits_after(&self, from: usize) -> Option<(Atom, Tail<'a>)> {
        let b = self.text;
        let digit = (from..b.len().min(from + 12)).find(|&i| b[i].is_ascii_digit())?;
        let quoted = digit > 0 && b[digit - 1] == b'/';
        self.digits_atom(digit, quoted)
    }

    /// The range two atoms make, each completed from the other; None when
    /// they do not make one.
    fn join(&self, mut lo: Atom, mut hi: Atom) -> Option<(Atom, Atom)> {
        match (lo.kind(), hi.kind()) {
            (Some(x), Some(y)) if x == y => {}
            (Some(_), None) if !hi.year_like => hi.take_measure(&lo),
            (None, Some(_)) if !lo.year_like => lo.take_measure(&hi),
            _ => return None,
        }
        match (lo.cur, hi.cur) {
            (Some(x), Some(y)) if !self.compatible(x, y) => return None,
            (Some(Cur::Class(_)), Some(code @ Cur::Code(_))) => lo.cur = Some(code),
            (Some(code @ Cur::Code(_)), Some(Cur::Class(_))) => hi.cur = Some(code),
            _ => {}
        }
        if lo.unit != hi.unit || lo.cents != hi.cents {
            return None;
        }
        if !lo.multiplied && hi.multiplied {
            lo.power = hi.power;
            lo.multiplied = true;
        } else if lo.multiplied && !hi.multiplied {
            return None;
        }
        (lo.value()? < hi.value()?).then_some((lo, hi))
    }

    /// Record an amount (a range when `hi` is given) spanning from `start`;
    /// returns its index.
    fn emit_atoms(
        &mut self,
        start: usize,
        lo: &Atom,
        hi: Option<&Atom>,
        qualifier: Option<u16>,
    ) -> Option<usize> {
        let kind = lo.kind()?;
        let low = lo.value()?;
        let high = match hi {
            Some(h) => Some(h.value()?),
            None => None,
        };
        let end = hi.map_or(lo.end, |h| h.end);
        if start < self.last_end {
            return None;
        }
        let unit = lo.unit.and_then(|u| u.1);
        Some(self.emit(Found {
            kind,
            span: start..end,
            low,
            high,
            cur: lo.cur,
            qualifier,
            per: hi.and_then(|h| h.per).or(lo.per),
            unit,
            equivalent: None,
            approximate: false,
            from_context: false,
        }))
    }

    fn emit(&mut self, f: Found) -> usize {
        self.last_end = f.span.end;
        if let (Kind::Money, Some(cur), false) = (f.kind, f.cur, f.from_context) {
            self.last_currency = Some((f.span.end, cur));
        }
        self.out.push(f);
        self.out.len() - 1
    }
}

/// Whether the match `i..end` of the folded window sits as a whole word
/// with the case and context its fit asks.
fn fits(w: &Ahead, i: usize, end: usize, fit: &Fit) -> bool {
    let matched = &w.bytes(i)[..end - i];
    if fit.exact.as_deref().is_some_and(|e| e != matched) {
        return false;
    }
    if matched.last().is_some_and(|c| c.is_ascii_alphanumeric()) && !w.word_ends_at(end) {
        return false;
    }
    if let Some(word) = &fit.not_before {
        let next = w.bytes(end + usize::from(w.byte(end) == Some(b' ')));
        if next.len() >= word.len()
            && next[..word.len()].eq_ignore_ascii_case(word)
            && !next
                .get(word.len())
                .is_some_and(|c| c.is_ascii_alphanumeric())
        {
            return false;
        }
    }
    true
}

struct Number {
    value: Decimal,
    end: usize,
    fractional: bool,
    year_like: bool,
}

/// Digits at `p`: thousands separators ("1,099", Indian "1,00,000"), a
/// decimal part, a newswire fraction ("3/8", "28-3/4"). A number stops
/// before a slash that does not make a fraction ("421.90/422.40", "12/31":
/// what follows is for the caller). None for times, versions and lists
/// glued together ("10:30", "1.2.3", "5,93").
fn parse_number(b: &[u8], p: usize) -> Option<Number> {
    if let Some((value, end)) = fraction_at(b, p) {
        return Some(Number {
            value,
            end,
            fractional: true,
            year_like: false,
        });
    }
    let mut i = p + digits_from(b, p);
    let leading = i - p;
    let mut grouped = false;
    while i < b.len() && b[i] == b',' {
        let group = digits_from(b, i + 1);
        let indian = group == 2 && b.get(i + 3) == Some(&b',');
        if group == 3 || indian {
            i += 1 + group;
            grouped = true;
        } else {
            break;
        }
    }
    let mut fractional = false;
    if i + 1 < b.len() && b[i] == b'.' && b[i + 1].is_ascii_digit() {
        i += 1 + digits_from(b, i + 1);
        fractional = true;
    }
    if i + 1 < b.len() && matches!(b[i], b'.' | b',' | b':') && b[i + 1].is_ascii_digit() {
        return None;
    }
    let mut value = Decimal::parse(&b[p..i])?;
    // "28-3/4", "12 1/2"
    if !fractional && i + 1 < b.len() && matches!(b[i], b'-' | b' ') {
        if let Some((f, end)) = fraction_at(b, i + 1) {
            value = value.checked_add(f)?;
            i = end;
            fractional = true;
        }
    }
    let year_like = leading == 4
        && !grouped
        && !fractional
        && value
            .as_integer()
            .is_some_and(|y| (1900..2100).contains(&y));
    Some(Number {
        value,
        end: i,
        fractional,
        year_like,
    })
}

fn digits_from(b: &[u8], i: usize) -> usize {
    b.get(i..).map_or(0, |rest| {
        rest.iter().take_while(|c| c.is_ascii_digit()).count()
    })
}

/// "3/8" at `i`: an exact fraction (a power-of-two denominator) standing
/// alone, not part of a date ("1/2/2021") or a longer ratio.
fn fraction_at(b: &[u8], i: usize) -> Option<(Decimal, usize)> {
    let n = digits_from(b, i);
    let slash = i + n;
    if n == 0 || b.get(slash) != Some(&b'/') {
        return None;
    }
    let d = digits_from(b, slash + 1);
    let end = slash + 1 + d;
    if d == 0 || matches!(b.get(end), Some(b'/' | b'.' | b',')) && digits_from(b, end + 1) > 0 {
        return None;
    }
    let parse = |r: Range<usize>| std::str::from_utf8(&b[r]).ok()?.parse::<u128>().ok();
    let value = Decimal::fraction(parse(i..slash)?, parse(slash + 1..end)?)?;
    Some((value, end))
}

/// Past the word-like token at `p` ("A320", "10:30", "1.2.3").
fn skip_token(b: &[u8], p: usize) -> usize {
    let mut i = p;
    while i < b.len() {
        let glue = matches!(b[i], b'.' | b',' | b':' | b'/')
            && b.get(i + 1).is_some_and(|c| c.is_ascii_digit());
        if is_word_byte(b[i]) || glue {
            i += 1;
        } else {
            break;
        }
    }
    i.max(p + 1)
}

fn skip_spaces(b: &[u8], mut i: usize) -> usize {
    while i < b.len() && matches!(b[i], b' ' | b'\t' | b'\n' | b'\r') {
        i += 1;
    }
    i
}
