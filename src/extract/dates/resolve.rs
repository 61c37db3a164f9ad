//! From what an expression says to its TIMEX3 value: calendar arithmetic
//! against the anchor (the publication date, or a related item's own date)
//! and the date last mentioned, with the tense of the sentence deciding
//! which way a bare weekday or month points.

use super::grammar::{Expr, Found, Period, SetValue, YearSpec};
use super::lexicon::{role, Amount, DateLexicon, Frame, Holiday, Relative, Season, Tense, Unit};
use super::scan::{Tok, Token};
use super::value::{self, add_days, date, weekday, Point};
use crate::model::{Attrs, Document, Kind, Mention};
use jiff::civil::Date;
use std::ops::Range;

/// How far (in tokens) to look for a tense cue on either side: keeps the
/// cost per mention bounded on texts without sentence breaks.
const CUE_WINDOW: usize = 12;

/// Cues after an expression count only close by ("On Friday, the board
/// approved ..."): further on they belong to other clauses.
const CUE_AFTER: usize = 12;

const MONTH_NEAREST: bool = true;

/// A day of the month this close to the anchor is the nearest one,
/// whatever the tense.
const NEAR_DAYS: i64 = 120;

/// "said Friday", "said on Friday": a reporting verb dates only what
/// stands this close to it.
const REPORT_REACH: usize = 2;

/// How many sentences back a quarter or month still sets the period that
/// "a year ago" compares with.
const SAME_PERIOD_SENTENCES: usize = 1;

/// Which way a bare weekday, month or season points.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Direction {
    Past,
    Future,
    /// No cue: the nearest one (for a day of the month), the current one
    /// (for a season), the past one (for a weekday or month).
    Unknown,
}

/// What a value was resolved against.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Basis {
    /// Needs nothing: "December 13, 2021", "two months", "now".
    Absolute,
    Anchor,
    /// A date mentioned before, without any anchor.
    Mention,
    Unresolved,
}

/// A resolved expression.
#[derive(Clone, Debug, PartialEq)]
pub struct Resolved {
    pub timex_type: &'static str,
    pub value: String,
    basis: Basis,
    /// The calendar point, for dates that later ones may count from.
    point: Option<Point>,
}

/// The date last mentioned, that anaphoric expressions count from.
#[derive(Clone, Copy)]
struct Reference {
    point: Point,
    sentence: usize,
}

/// Resolves the expressions of one document in text order.
pub struct Resolver<'a> {
    pub doc: &'a Document,
    pub toks: &'a [Token],
    pub text: &'a str,
    pub lex: &'a DateLexicon,
    pub sentences: &'a [Range<usize>],
    /// When set, every expression counts from this date (no per-region
    /// anchors): used to infer a publication date.
    pub fixed_anchor: Option<Option<Date>>,
    reference: Option<Reference>,
    /// The quarter or half last named in this region: an earnings story
    /// compares "a year ago" with the period it reports on, even when days
    /// ("ended Sept. 30") were named in between.
    reported_period: Option<Point>,
    /// The sentence that last named a stretch of several months ("the nine
    /// months"): "a year earlier" beside it compares whole years.
    months_sentence: Option<usize>,
    region: Option<usize>,
}

impl<'a> Resolver<'a> {
    pub fn new(
        doc: &'a Document,
        toks: &'a [Token],
        text: &'a str,
        lex: &'a DateLexicon,
        sentences: &'a [Range<usize>],
    ) -> Self {
        Resolver {
            doc,
            toks,
            text,
            lex,
            sentences,
            fixed_anchor: None,
            reference: None,
            reported_period: None,
            months_sentence: None,
            region: None,
        }
    }

    /// The byte span of a found expression.
    pub fn span(&self, f: &Found) -> Range<usize> {
        self.toks[f.tokens.start].start..self.toks[f.tokens.end - 1].end
    }

    fn sentence_of(&self, pos: usize) -> usize {
        self.sentences.partition_point(|s| s.end <= pos)
    }

    /// Resolve `f`, the next expression in text order, into a mention.
    pub fn mention(&mut self, f: &Found) -> Mention {
        let span = self.span(f);
        let r = self.resolve(f);
        let (related, anchor) = self.anchor_at(span.start);
        let mut m = Mention::new(Kind::Date, span);
        *m.attrs = Attrs {
            timex_type: Some(r.timex_type.to_string()),
            value: Some(r.value),
            modifier: f.modifier.map(|m| m.as_str().to_string()),
            anchor: match r.basis {
                Basis::Absolute => None,
                Basis::Anchor if related => Some("related".into()),
                Basis::Anchor => Some("publication".into()),
                Basis::Mention if anchor.is_some() && related => Some("related".into()),
                Basis::Mention if anchor.is_some() => Some("publication".into()),
                Basis::Mention => Some("mention".into()),
                Basis::Unresolved => Some("none".into()),
            },
            ..Attrs::default()
        };
        m
    }

    /// Whether `pos` lies in a related item with its own date, and the
    /// anchor there.
    fn anchor_at(&self, pos: usize) -> (bool, Option<Date>) {
        if let Some(fixed) = self.fixed_anchor {
            return (false, fixed);
        }
        let related = self
            .doc
            .region_at(pos)
            .is_some_and(|r| r.published.is_some());
        (related, self.doc.anchor_at(pos))
    }

    /// Resolve `f` and remember it as the date last mentioned.
    pub fn resolve(&mut self, f: &Found) -> Resolved {
        let span = self.span(f);
        let region = self
            .doc
            .regions
            .partition_point(|r| r.span.end <= span.start);
        let region = self
            .doc
            .regions
            .get(region)
            .filter(|r| r.span.start <= span.start)
            .map(|_| region);
        if region != self.region {
            self.region = region;
            self.reference = None;
            self.reported_period = None;
            self.months_sentence = None;
        }
        let sentence = self.sentence_of(span.start);
        let (_, anchor) = self.anchor_at(span.start);
        let mut r = self.value(f, anchor, sentence);
        if let Some(time) = f.time {
            r.timex_type = "TIME";
            r.value = match r.point {
                Some(Point::Day(_)) | None => value::with_time(&r.value, time),
                Some(_) => r.value,
            };
        }
        if let Expr::Duration {
            amount: Amount::Exact(4..=11),
            unit: Unit::Month,
            ..
        } = f.expr
        {
            self.months_sentence = Some(sentence);
        }
        if let Some(point) = r.point {
            self.reference = Some(Reference { point, sentence });
            if matches!(point, Point::Quarter(..) | Point::Half(..)) {
                self.reported_period = Some(point);
            }
        }
        r
    }

    fn value(&self, f: &Found, anchor: Option<Date>, sentence: usize) -> Resolved {
        let date = |point: Option<Point>, basis: Basis, unresolved: String| match point {
            Some(p) => Resolved {
                timex_type: "DATE",
                value: p.value(),
                basis,
                point: Some(p),
            },
            None => Resolved {
                timex_type: "DATE",
                value: unresolved,
                basis: Basis::Unresolved,
                point: None,
            },
        };
        match f.expr {
            Expr::Calendar {
                year,
                period,
                weekday,
            } => {
                let (point, basis) = self.calendar(f, year, period, weekday, anchor);
                date(point, basis, unresolved_calendar(period))
            }
            Expr::Shift { unit, n, frame } => {
                let (point, basis) = self.shift(unit, n, frame, anchor);
                date(point, basis, unresolved_unit(unit))
            }
            Expr::Offset { unit, n, frame } => {
                if let Some(same) = self.same_period(unit, n, anchor, sentence) {
                    // A comparison, not a new date to count from.
                    let mut r = date(Some(same.0), same.1, String::new());
                    r.point = None;
                    return r;
                }
                let (point, basis) = self.shift(unit, n, frame, anchor);
                let mut r = date(point, basis, unresolved_unit(unit));
                // "a year ago", "the year-ago quarter" compare; later
                // expressions still count from the period compared with.
                if matches!(unit, Unit::Year | Unit::Quarter) {
                    r.point = None;
                }
                r
            }
            Expr::PeriodIn(year) => {
                let period = self
                    .reported(sentence)
                    .map_or(Point::Year(year), |p| match p {
                        Point::Quarter(_, q) => Point::Quarter(year, q),
                        Point::Half(_, h) => Point::Half(year, h),
                        Point::Month(_, m) => Point::Month(year, m),
                        _ => Point::Year(year),
                    });
                // A comparison, not a new date to count from.
                let mut r = date(Some(period), Basis::Absolute, String::new());
                r.point = None;
                r
            }
            Expr::Vague(r) | Expr::Ref(r) => Resolved {
                timex_type: "DATE",
                value: r.as_str().to_string(),
                basis: Basis::Absolute,
                point: None,
            },
            Expr::Duration { amount, half, unit } => Resolved {
                timex_type: "DURATION",
                value: value::duration(amount, half, unit),
                basis: Basis::Absolute,
                point: None,
            },
            Expr::Set(s) => Resolved {
                timex_type: "SET",
                value: set_value(s),
                basis: Basis::Absolute,
                point: None,
            },
        }
    }

    /// The day an anaphoric expression counts from: the date last mentioned
    /// when it is at least as fine as `unit`, else the anchor.
    fn base(&self, unit: Unit, frame: Frame, anchor: Option<Date>) -> Option<(Point, Basis)> {
        if frame == Frame::Anaphoric {
            if let Some(r) = self.reference {
                if r.point.unit() <= unit.max(Unit::Day) {
                    let basis = if anchor.is_some() {
                        Basis::Anchor
                    } else {
                        Basis::Mention
                    };
                    return Some((r.point, basis));
                }
            }
        }
        anchor.map(|d| (Point::Day(d), Basis::Anchor))
    }

    /// "a year ago" next to a quarter or a month is that same period a
    /// year before ("$1.2 million, up from $1 million a year ago").
    fn same_period(
        &self,
        unit: Unit,
        n: i32,
        anchor: Option<Date>,
        sentence: usize,
    ) -> Option<(Point, Basis)> {
        // Results are compared with the same period one year back; "41
        // years ago" dates an event, at year precision.
        if unit != Unit::Year || n.abs() != 1 {
            return None;
        }
        let period = self.reported(sentence)?;
        let basis = if anchor.is_some() {
            Basis::Anchor
        } else {
            Basis::Mention
        };
        Some((period.shift_by(Unit::Year, n)?, basis))
    }

    /// The period results are compared over: a quarter, half or month named
    /// in this sentence or the one before, else the last quarter reported;
    /// none after a stretch of several months.
    fn reported(&self, sentence: usize) -> Option<Point> {
        // "For the nine months, net was $5, against $4 a year earlier."
        let months = self.months_sentence.filter(|&s| {
            sentence.saturating_sub(s) <= SAME_PERIOD_SENTENCES
                && self.reference.map_or(true, |r| r.sentence <= s)
        });
        if months.is_some() {
            return None;
        }
        let near = self.reference.filter(|r| {
            matches!(
                r.point,
                Point::Quarter(..) | Point::Half(..) | Point::Month(..)
            ) && sentence.saturating_sub(r.sentence) <= SAME_PERIOD_SENTENCES
        });
        near.map(|r| r.point).or(self.reported_period)
    }

    fn shift(
        &self,
        unit: Unit,
        n: i32,
        frame: Frame,
        anchor: Option<Date>,
    ) -> (Option<Point>, Basis) {
        // "the quarter" with no quarter mentioned: the last one reported.
        let quarter_named = self
            .reference
            .is_some_and(|r| matches!(r.point, Point::Quarter(..)));
        if frame == Frame::Anaphoric && unit == Unit::Quarter && !quarter_named {
            let Some(a) = anchor else {
                return (None, Basis::Unresolved);
            };
            return (Point::of(a, unit).shift(n - 1), Basis::Anchor);
        }
        let Some((base, basis)) = self.base(unit, frame, anchor) else {
            return (None, Basis::Unresolved);
        };
        let point = if base.unit() == unit {
            base.shift(n)
        } else {
            base.first_day()
                .and_then(|d| Point::of(d, unit).shift(if unit.is_clock() { 0 } else { n }))
        };
        (point, basis)
    }

    fn calendar(
        &self,
        f: &Found,
        year: YearSpec,
        period: Period,
        wd: Option<i8>,
        anchor: Option<Date>,
    ) -> (Option<Point>, Basis) {
        let in_year = |y: i32| -> Option<Point> {
            Some(match period {
                Period::Century(c) => Point::Century(c),
                Period::Decade(d) => Point::Decade(d),
                Period::Year => Point::Year(y),
                Period::Half(h) => Point::Half(y, h),
                Period::Quarter(q) => Point::Quarter(y, q),
                Period::Season(s) => Point::Season(y, s),
                Period::Month(m) => Point::Month(y, m),
                Period::Day(m, d) => Point::Day(date(y, m, d)?),
                Period::Holiday(h) => Point::Day(holiday(h, y)?),
                Period::Weekday(_) | Period::Weekend => return None,
            })
        };
        let rel = match year {
            YearSpec::Known(y) => return (in_year(y), Basis::Absolute),
            YearSpec::Relative(rel) => {
                let Some((base, basis)) = self.base(Unit::Year, rel.frame, anchor) else {
                    return (None, Basis::Unresolved);
                };
                let y = base.first_day().map(|d| i32::from(d.year()) + rel.offset);
                return (y.and_then(in_year), basis);
            }
            YearSpec::Context(rel) => rel,
        };
        if matches!(period, Period::Century(_) | Period::Decade(_)) {
            return (in_year(0), Basis::Absolute);
        }
        let frame = rel.map_or(Frame::Deictic, |r| r.frame);
        let Some((base, basis)) = self.base(Unit::Day, frame, anchor) else {
            return (None, Basis::Unresolved);
        };
        let Some(base) = base.first_day() else {
            return (None, Basis::Unresolved);
        };
        let (dir, cue_distance) = match rel {
            Some(_) => (Direction::Unknown, usize::MAX),
            None => self.cue_near(f),
        };
        let point = match period {
            Period::Weekday(w) => weekday_near(base, w, rel, dir).map(Point::Day),
            Period::Weekend => weekend_near(base, rel, dir),
            Period::Month(_) => named_period_near(base, rel, dir, MONTH_NEAREST, in_year),
            // "expects to report third-quarter net": the tense speaks of the
            // report, not the quarter; the latest one begun is meant.
            Period::Quarter(_) | Period::Half(_) => {
                named_period_near(base, rel, Direction::Unknown, false, in_year)
            }
            Period::Season(s) => season_near(base, s, rel, dir),
            Period::Day(..) | Period::Holiday(_) => match rel {
                Some(r) => day_stepped(base, r.offset, in_year),
                None => day_near(base, wd, dir, cue_distance == 1, in_year),
            },
            Period::Year | Period::Century(_) | Period::Decade(_) => {
                in_year(i32::from(base.year()))
            }
        };
        (point, basis)
    }

    /// The tense around an expression: the nearest cue before it in its
    /// sentence, else the nearest after it.
    /// Whether the sentence around `f` speaks of the future.
    pub fn is_future(&self, f: &Found) -> bool {
        self.direction(f) == Direction::Future
    }

    fn direction(&self, f: &Found) -> Direction {
        self.cue_near(f).0
    }

    /// The tense cue that points the way, and how many tokens away it is.
    fn cue_near(&self, f: &Found) -> (Direction, usize) {
        let start = self.toks[f.tokens.start].start;
        let sentence = self
            .sentences
            .get(self.sentence_of(start))
            .cloned()
            .unwrap_or(0..self.text.len());
        let before = (f.tokens.start.saturating_sub(CUE_WINDOW)..f.tokens.start)
            .rev()
            .take_while(|&j| self.toks[j].start >= sentence.start);
        for j in before {
            if let Some(t) = self.cue(j, f.tokens.start - j) {
                return (t, f.tokens.start - j);
            }
        }
        let after = (f.tokens.end..self.toks.len().min(f.tokens.end + CUE_AFTER))
            .take_while(|&j| self.toks[j].end <= sentence.end);
        for j in after {
            if let Some(t) = self.cue(j, j + 1 - f.tokens.end) {
                return (t, j + 1 - f.tokens.end);
            }
        }
        (Direction::Unknown, usize::MAX)
    }

    /// The tense cue at token `j`, `distance` tokens from the expression.
    fn cue(&self, j: usize, distance: usize) -> Option<Direction> {
        let Tok::Word { entry, past, .. } = self.toks[j].tok else {
            return None;
        };
        // "to be printed", "would be paid": a participle after "be" is no
        // past tense.
        let passive = j > 0
            && matches!(self.toks[j - 1].tok, Tok::Word { entry: Some(e), .. }
                if self.lex.entry(e).has(role::PASSIVE));
        let tense = entry.and_then(|e| {
            let w = self.lex.entry(e);
            if w.reporting && distance > REPORT_REACH {
                return None;
            }
            let phrase = w.phrases.iter().find_map(|&p| {
                let p = &self.lex.phrases[p as usize];
                let t = p.info.tense?;
                p.at(self.toks, j).then_some(t)
            });
            phrase
                .or(w.tense)
                .filter(|&t| !(passive && t == Tense::Past))
        });
        match tense {
            Some(Tense::Past) => Some(Direction::Past),
            Some(Tense::Future) => Some(Direction::Future),
            None if past && !passive => Some(Direction::Past),
            None => None,
        }
    }
}

/// The weekday `w` nearest `base` in the direction given.
fn weekday_near(base: Date, w: i8, rel: Option<Relative>, dir: Direction) -> Option<Date> {
    let diff = i64::from(w - weekday(base)); // -6..=6
    let back = if diff <= 0 { diff } else { diff - 7 }; // the latest on or before base
    let ahead = if diff >= 0 { diff } else { diff + 7 }; // the earliest on or after
    let days = match rel.map(|r| r.offset) {
        Some(0) => diff,
        Some(o) if o < 0 => {
            if back == 0 {
                -7
            } else {
                back
            }
        }
        Some(_) => {
            if ahead == 0 {
                7
            } else {
                ahead
            }
        }
        None if dir == Direction::Future => ahead,
        None => back,
    };
    add_days(base, days)
}

fn weekend_near(base: Date, rel: Option<Relative>, dir: Direction) -> Option<Point> {
    let in_weekend = weekday(base) >= 6;
    let weeks = match rel.map(|r| r.offset) {
        Some(o) => o,
        None if dir == Direction::Future || in_weekend => 0,
        None => -1,
    };
    Point::Weekend(base).shift(weeks)
}

/// A month, quarter or half named without a year: the latest one begun by
/// `base` (or, looking ahead, the first one not yet over); "last"/"next"
/// step strictly before or after the current one.
fn named_period_near(
    base: Date,
    rel: Option<Relative>,
    dir: Direction,
    nearest: bool,
    in_year: impl Fn(i32) -> Option<Point>,
) -> Option<Point> {
    let y = i32::from(base.year());
    if nearest && rel.is_none() {
        let near = nearest_of(base, (y - 1..=y + 1).filter_map(&in_year))?;
        if distance(base, near) <= NEAR_DAYS / 2 {
            return Some(near);
        }
    }
    let this = in_year(y)?;
    let start = this.first_day()?;
    let end = this.shift(1)?.first_day()?;
    let current = start <= base && base < end;
    let year = match rel.map(|r| r.offset) {
        Some(0) => y,
        Some(o) if o < 0 => {
            if start < base && !current {
                y
            } else {
                y - 1
            }
        }
        Some(_) => {
            if start > base {
                y
            } else {
                y + 1
            }
        }
        None if dir == Direction::Future => {
            if end > base {
                y
            } else {
                y + 1
            }
        }
        None if dir == Direction::Past || !nearest => {
            if start <= base {
                y
            } else {
                y - 1
            }
        }
        None => return nearest_of(base, (y - 1..=y + 1).filter_map(&in_year)),
    };
    in_year(year)
}

/// The point nearest `base` (days between them; the earlier on a tie).
fn nearest_of(base: Date, points: impl Iterator<Item = Point>) -> Option<Point> {
    points.min_by_key(|&p| distance(base, p))
}

/// Days from `base` to the nearest day of `p` (0 inside it).
fn distance(base: Date, p: Point) -> i64 {
    let start = p.first_day().map_or(i64::MAX / 2, |d| day_diff(base, d));
    let end = p
        .shift(1)
        .and_then(|n| n.first_day())
        .map_or(i64::MAX / 2, |d| day_diff(base, d));
    if start <= 0 && end > 0 {
        0
    } else {
        start.abs().min(end.abs())
    }
}

/// A season named without a year.
fn season_near(base: Date, s: Season, rel: Option<Relative>, dir: Direction) -> Option<Point> {
    let current = Point::season_of(base);
    let steps: Box<dyn Iterator<Item = i32>> = match (rel.map(|r| r.offset), dir) {
        (Some(o), _) if o < 0 => Box::new((1..=4).map(|k| -k)),
        (Some(o), _) if o > 0 => Box::new(1..=4),
        (None, Direction::Past) => Box::new((0..4).map(|k| -k)),
        (None, Direction::Future) => Box::new(0..4),
        // "this summer", "summer": the one of this year.
        _ => {
            if let Point::Season(_, c) = current {
                if c == s {
                    return Some(current);
                }
            }
            return Some(Point::Season(i32::from(base.year()), s));
        }
    };
    for k in steps {
        let p = current.shift(k)?;
        if matches!(p, Point::Season(_, c) if c == s) {
            return Some(p);
        }
    }
    None
}

/// A day of the month without a year: the candidate (last year, this year,
/// next year) nearest `base`; a weekday written beside it picks the year it
/// fits. The tense decides only between two far candidates: "payable Dec. 7"
/// in an October story is the coming one whatever the verbs around it, but
/// "it reported on March 31" in October is the past one. A verb right
/// before the day decides even between near ones: "the year ended Jan. 31".
fn day_near(
    base: Date,
    wd: Option<i8>,
    dir: Direction,
    adjacent: bool,
    in_year: impl Fn(i32) -> Option<Point>,
) -> Option<Point> {
    let y = i32::from(base.year());
    let mut candidates: Vec<Point> = (y - 1..=y + 1).filter_map(&in_year).collect();
    if let Some(w) = wd {
        let fitting: Vec<Point> = candidates
            .iter()
            .copied()
            .filter(|p| p.first_day().is_some_and(|d| weekday(d) == w))
            .collect();
        if !fitting.is_empty() {
            candidates = fitting;
        }
    }
    let days = |p: &Point| p.first_day().map_or(i64::MAX / 2, |d| day_diff(base, d));
    let nearest = candidates.iter().copied().min_by_key(|p| days(p).abs())?;
    if (days(&nearest).abs() <= NEAR_DAYS && !adjacent) || wd.is_some() {
        return Some(nearest);
    }
    let side = candidates.iter().copied().filter(|p| match dir {
        Direction::Past => days(p) < 0,
        Direction::Future => days(p) > 0,
        Direction::Unknown => false,
    });
    Some(side.min_by_key(|p| days(p).abs()).unwrap_or(nearest))
}

/// "last Oct. 23": the latest such day before `base`; "next Jan. 5" the
/// first after it; "this May 1" the one in `base`'s year.
fn day_stepped(base: Date, offset: i32, in_year: impl Fn(i32) -> Option<Point>) -> Option<Point> {
    let y = i32::from(base.year());
    let mut days = (y - 1..=y + 1).filter_map(in_year);
    match offset.signum() {
        -1 => days.rfind(|p| p.first_day().is_some_and(|d| d < base)),
        1 => days.find(|p| p.first_day().is_some_and(|d| d > base)),
        _ => days.nth(1),
    }
}

/// Days from `a` to `b`.
fn day_diff(a: Date, b: Date) -> i64 {
    a.until(b).map_or(i64::MAX, |s| i64::from(s.get_days()))
}

fn holiday(h: Holiday, year: i32) -> Option<Date> {
    match h {
        Holiday::Fixed { month, day } => date(year, month, day),
        Holiday::Nth {
            month,
            weekday: w,
            n,
        } => {
            let first = date(year, month, 1)?;
            let wd = jiff::civil::Weekday::from_monday_one_offset(w).ok()?;
            first.nth_weekday_of_month(n, wd).ok()
        }
    }
}

fn set_value(s: SetValue) -> String {
    match s {
        SetValue::Every { n, unit } => {
            value::duration(super::lexicon::Amount::Exact(n), false, unit)
        }
        SetValue::Weekday(w) => format!("XXXX-WXX-{w}"),
        SetValue::Season(s) => format!("XXXX-{}", s.code()),
        SetValue::Month(m) => format!("XXXX-{m:02}"),
        SetValue::DayTime(t) => value::with_time("XXXX-XX-XX", t),
        SetValue::Word(v) => v.to_string(),
    }
}

/// The value of a calendar expression that cannot be placed in a year.
fn unresolved_calendar(period: Period) -> String {
    match period {
        Period::Century(c) => format!("{c:02}"),
        Period::Decade(d) => format!("{d:03}"),
        Period::Year => "XXXX".into(),
        Period::Half(h) => format!("XXXX-H{h}"),
        Period::Quarter(q) => format!("XXXX-Q{q}"),
        Period::Season(s) => format!("XXXX-{}", s.code()),
        Period::Month(m) => format!("XXXX-{m:02}"),
        Period::Day(m, d) => format!("XXXX-{m:02}-{d:02}"),
        Period::Weekday(w) => format!("XXXX-WXX-{w}"),
        Period::Weekend => "XXXX-WXX-WE".into(),
        Period::Holiday(Holiday::Fixed { month, day }) => format!("XXXX-{month:02}-{day:02}"),
        Period::Holiday(Holiday::Nth { month, .. }) => format!("XXXX-{month:02}-XX"),
    }
}

/// The value of "last week", "yesterday" ... without an anchor.
fn unresolved_unit(unit: Unit) -> String {
    match unit {
        Unit::Second | Unit::Minute | Unit::Hour | Unit::Day => "XXXX-XX-XX",
        Unit::Week => "XXXX-WXX",
        Unit::Weekend => "XXXX-WXX-WE",
        Unit::Month => "XXXX-XX",
        Unit::Quarter => "XXXX-QX",
        Unit::Half => "XXXX-HX",
        Unit::Year => "XXXX",
        Unit::Decade => "XXX",
        Unit::Century | Unit::Millennium => "XX",
    }
    .into()
}
