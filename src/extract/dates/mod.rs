//! Temporal expressions, normalised to TIMEX3 values against the publication
//! date.
//!
//! One pass: `scan` cuts the text into tokens and looks every word up once in
//! the lexicon (`data/dates/`); `grammar` finds the longest expression at each
//! token; `resolve` does the calendar arithmetic, in text order, against the
//! anchor (the publication date, or a related item's own date) and the date
//! last mentioned.
//!
//! Values without an anchor stay unresolved, in TIMEX3 form with `X` for
//! what is unknown: `XXXX-XX-XX` (yesterday), `XXXX-WXX` (last week),
//! `XXXX-WXX-5` (Friday), `XXXX-12-10` (Dec. 10), `XXXX-10` (October),
//! `XXXX` (last year). The mention's `anchor` says what it was resolved
//! against: `publication`, `related` (a related item's own date), `mention`
//! (only a date written earlier in the text), `none` (unresolved); absolute
//! values ("December 13, 2021", "two months") carry no anchor.

mod grammar;
mod lexicon;
mod resolve;
mod scan;
mod value;

pub use lexicon::DateLexicon;

use super::Context;
use crate::model::{DateSource, Mention, Published, Role};
use grammar::{Expr, Found, Period, YearSpec};
use jiff::civil::Date;
use resolve::Resolver;

/// Every temporal expression of the document, resolved.
pub fn extract(ctx: &Context) -> Vec<Mention> {
    let lex = &ctx.res.dates;
    let text = ctx.text();
    let toks = scan::tokenize(text, Some(lex));
    let found = grammar::parse(text, &toks, lex);
    let mut resolver = Resolver::new(ctx.doc, &toks, text, lex, ctx.sentences);
    found.iter().map(|f| resolver.mention(f)).collect()
}

/// How many years back from the horizon a weekday may fix the year: the
/// calendar repeats every 28 years.
const YEAR_SEARCH: i32 = 28;

/// The publication date a story anchors itself to, when metadata has none:
/// its dateline ("HONG KONG, Nov 3 —"), else the latest day it dates in
/// its own text (title and body; never captions, furniture or related
/// items), not counting days it speaks of in the future. A day written
/// without a year takes it from a weekday beside it ("Sunday, Dec. 12"
/// fixes 2021), searching back from the latest year the page mentions
/// anywhere (a copyright line bounds it), else from a year the story gives.
pub fn infer_published(ctx: &Context) -> Option<Published> {
    let lex = &ctx.res.dates;
    let text = ctx.text();
    let toks = scan::tokenize(text, Some(lex));
    let found = grammar::parse(text, &toks, lex);
    let mut resolver = Resolver::new(ctx.doc, &toks, text, lex, ctx.sentences);
    resolver.fixed_anchor = Some(None);

    let horizon = found.iter().filter_map(|f| known_year(&f.expr)).max()?;
    let story = |f: &Found| {
        let start = resolver.span(f).start;
        matches!(ctx.doc.role_at(start), Role::Title | Role::Body)
    };
    let days: Vec<DayMention> = found
        .iter()
        .filter(|f| story(f))
        .filter_map(|f| match f.expr {
            Expr::Calendar {
                year,
                period: Period::Day(m, d),
                weekday,
            } => Some(DayMention {
                found: f,
                year,
                month: m,
                day: d,
                weekday,
            }),
            _ => None,
        })
        .collect();
    // The story's year, when nothing better fixes it, is the latest year it
    // names; but a year's figures told in the past ("2018 revenue rose")
    // are told once that year is over: they name the year after.
    let year_floor = |f: &Found| match f.expr {
        Expr::Calendar {
            year: YearSpec::Known(y),
            period: Period::Year,
            ..
        } if tells_a_years_figure(&toks, lex, f) && !resolver.is_future(f) => Some(y + 1),
        _ => known_year(&f.expr),
    };
    let story_year = found
        .iter()
        .filter(|f| story(f))
        .filter_map(year_floor)
        .max();
    let weekday_year = year_from_weekdays(&days, horizon.max(story_year.unwrap_or(horizon)));
    let year_for = |m: &DayMention| match m.year {
        YearSpec::Known(y) => Some((y, "")),
        _ if m.weekday.is_some() => weekday_year
            .filter(|&y| m.fits(y))
            .map(|y| (y, " (year fixed by the weekday)")),
        _ => weekday_year
            .map(|y| (y, " (year from the weekdays beside other dates)"))
            .or(story_year.map(|y| {
                (
                    y,
                    " (year from the latest year the story names or its figures follow)",
                )
            })),
    };
    let dated: Vec<(Date, &DayMention, &str)> = days
        .iter()
        .filter_map(|m| {
            let (y, why) = year_for(m)?;
            Some((value::date(y, m.month, m.day)?, m, why))
        })
        .collect();

    let quote = |m: &DayMention| {
        let span = resolver.span(m.found);
        text[span].to_string()
    };
    if let Some((d, m, why)) = dated.iter().find(|(_, m, _)| is_dateline(&toks, m.found)) {
        return Some(inferred(*d, format!("dateline \"{}\"{why}", quote(m))));
    }
    let (d, m, why) = dated
        .iter()
        .filter(|(_, m, _)| !resolver.is_future(m.found))
        .max_by_key(|(d, _, _)| *d)?;
    let latest = format!(
        "latest date the story anchors itself to: \"{}\"{why}",
        quote(m)
    );
    // A bare weekday the story tells of in the past names a day of the week
    // before publication: when its nearest occurrence falls after the latest
    // date ("on Saturday" after "Friday, Dec. 10"), the story is that late.
    let weekday_after = found
        .iter()
        .filter(|f| story(f) && !resolver.is_future(f))
        .filter_map(|f| match f.expr {
            Expr::Calendar {
                year: YearSpec::Context(None),
                period: Period::Weekday(w),
                ..
            } => Some((nearest_weekday(*d, w)?, f)),
            _ => None,
        })
        .filter(|(day, _)| day > d)
        .max_by_key(|(day, _)| *day);
    if let Some((day, f)) = weekday_after {
        let weekday = &text[resolver.span(f)];
        return Some(inferred(
            day,
            format!("\"{weekday}\" told in the past after the {latest}"),
        ));
    }
    Some(inferred(*d, latest))
}

/// The day of weekday `w` (1 = Monday) nearest `d`, three days either side.
fn nearest_weekday(d: Date, w: i8) -> Option<Date> {
    let ahead = i64::from((w - value::weekday(d)).rem_euclid(7));
    value::add_days(d, if ahead <= 3 { ahead } else { ahead - 7 })
}

fn inferred(date: Date, basis: String) -> Published {
    Published {
        date: Some(date),
        raw: None,
        source: DateSource::Inferred,
        basis: Some(basis),
    }
}

/// A day of the month written in the story.
struct DayMention<'a> {
    found: &'a Found,
    year: YearSpec,
    month: i8,
    day: i8,
    weekday: Option<i8>,
}

impl DayMention<'_> {
    /// Whether the written weekday falls on this day in year `y`.
    fn fits(&self, y: i32) -> bool {
        match (self.weekday, value::date(y, self.month, self.day)) {
            (Some(w), Some(d)) => value::weekday(d) == w,
            _ => false,
        }
    }
}

/// The latest year, at or before the horizon, that fits the most weekday +
/// day pairs without a year.
fn year_from_weekdays(days: &[DayMention], horizon: i32) -> Option<i32> {
    let pairs: Vec<&DayMention> = days
        .iter()
        .filter(|m| m.weekday.is_some() && !matches!(m.year, YearSpec::Known(_)))
        .collect();
    if pairs.is_empty() {
        return None;
    }
    (horizon - YEAR_SEARCH..=horizon)
        .rev()
        .map(|y| (pairs.iter().filter(|m| m.fits(y)).count(), y))
        .filter(|&(n, _)| n > 0)
        .max_by_key(|&(n, y)| (n, y))
        .map(|(_, y)| y)
}

/// Whether a whole year stands beside a word for a year's result ("2018
/// revenue", "a loss for 2018", "sales in 2018 rose"), a few words either
/// side within its sentence; a fiscal year ends when the company says, so
/// it is left out.
fn tells_a_years_figure(toks: &[scan::Token], lex: &DateLexicon, f: &Found) -> bool {
    /// How far from the year the figure's noun may stand.
    const NEAR: usize = 3;
    let word = |t: &scan::Token| match t.tok {
        scan::Tok::Word { entry: Some(e), .. } => Some(lex.entry(e)),
        _ => None,
    };
    let is = |i: usize, r: u64| toks.get(i).and_then(word).is_some_and(|w| w.has(r));
    if is(f.tokens.start, lexicon::role::FISCAL) {
        return false;
    }
    let ends_sentence = |t: &scan::Token| matches!(t.tok, scan::Tok::Punct('.' | ';' | '!' | '?'));
    let before = (f.tokens.start.saturating_sub(NEAR)..f.tokens.start)
        .rev()
        .take_while(|&i| !ends_sentence(&toks[i]));
    let after = (f.tokens.end..toks.len().min(f.tokens.end + NEAR))
        .take_while(|&i| !ends_sentence(&toks[i]));
    before.chain(after).any(|i| is(i, lexicon::role::FIGURE))
}

/// A year written out, anywhere ("2021", "July 7, 2021", "ⓒ 2024").
fn known_year(e: &Expr) -> Option<i32> {
    match e {
        Expr::Calendar {
            year: YearSpec::Known(y),
            period:
                Period::Year
                | Period::Half(_)
                | Period::Quarter(_)
                | Period::Season(_)
                | Period::Month(_)
                | Period::Day(..)
                | Period::Holiday(_),
            ..
        } => Some(*y),
        _ => None,
    }
}

/// A dateline: a date right after the place at the head of a paragraph and
/// right before a dash ("HONG KONG, Nov 3 —").
fn is_dateline(toks: &[scan::Token], f: &Found) -> bool {
    /// A dateline's place takes a few words at most ("HONG KONG, Dec. 13").
    const MAX_BEFORE: usize = 5;
    let dash = toks
        .get(f.tokens.end)
        .is_some_and(|t| matches!(t.tok, scan::Tok::Punct('—' | '–' | '-')));
    if !dash {
        return false;
    }
    // Tokens between the head of the line and the date, counted no further
    // than the limit: on a text of one long line, counting them all for
    // each date made this quadratic.
    let before = toks[..f.tokens.start]
        .iter()
        .rev()
        .take_while(|t| t.gap < scan::Gap::Line)
        .take(MAX_BEFORE + 1)
        .count();
    before <= MAX_BEFORE
        && f.tokens.start > before
        && toks[f.tokens.start - before - 1].tok
            == scan::Tok::Word {
                entry: None,
                case: scan::Case::Upper,
                past: false,
            }
}
