//! Calendar points at every TIMEX3 granularity, their arithmetic and their
//! value strings ("2021-12-10", "2021-W49", "2019-SU", "2021-Q4", "199").

use super::lexicon::{Amount, DayTime, Season, Unit};
use jiff::civil::Date;
use jiff::Span;

/// A stretch of the calendar named by a date expression.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Point {
    /// 19 is the 1900s.
    Century(i32),
    /// 199 is the 1990s.
    Decade(i32),
    Year(i32),
    Half(i32, i8),
    Quarter(i32, i8),
    Season(i32, Season),
    Month(i32, i8),
    /// The ISO week holding this day.
    Week(Date),
    /// The weekend of the ISO week holding this day.
    Weekend(Date),
    Day(Date),
}

pub fn add_days(d: Date, n: i64) -> Option<Date> {
    d.checked_add(Span::new().try_days(n).ok()?).ok()
}

pub fn add_months(d: Date, n: i64) -> Option<Date> {
    d.checked_add(Span::new().try_months(n).ok()?).ok()
}

pub fn date(year: i32, month: i8, day: i8) -> Option<Date> {
    Date::new(i16::try_from(year).ok()?, month, day).ok()
}

/// ISO weekday, 1 = Monday.
pub fn weekday(d: Date) -> i8 {
    d.weekday().to_monday_one_offset()
}

impl Point {
    /// The point of granularity `unit` holding day `d` (clock units give the
    /// day itself).
    pub fn of(d: Date, unit: Unit) -> Point {
        let y = i32::from(d.year());
        match unit {
            Unit::Second | Unit::Minute | Unit::Hour | Unit::Day => Point::Day(d),
            Unit::Week => Point::Week(d),
            Unit::Weekend => Point::Weekend(d),
            Unit::Month => Point::Month(y, d.month()),
            Unit::Quarter => Point::Quarter(y, (d.month() - 1) / 3 + 1),
            Unit::Half => Point::Half(y, (d.month() - 1) / 6 + 1),
            Unit::Year => Point::Year(y),
            Unit::Decade => Point::Decade(y.div_euclid(10)),
            Unit::Century | Unit::Millennium => Point::Century(y.div_euclid(100)),
        }
    }

    /// The season holding day `d` (December opens its year's winter).
    pub fn season_of(d: Date) -> Point {
        let y = i32::from(d.year());
        match d.month() {
            1 | 2 => Point::Season(y - 1, Season::Winter),
            m => Point::Season(y, Season::from_index(i32::from((m - 3) / 3))),
        }
    }

    pub fn unit(self) -> Unit {
        match self {
            Point::Century(_) => Unit::Century,
            Point::Decade(_) => Unit::Decade,
            Point::Year(_) => Unit::Year,
            Point::Half(..) => Unit::Half,
            Point::Quarter(..) | Point::Season(..) => Unit::Quarter,
            Point::Month(..) => Unit::Month,
            Point::Week(_) => Unit::Week,
            Point::Weekend(_) => Unit::Weekend,
            Point::Day(_) => Unit::Day,
        }
    }

    /// This point moved by `n` of its own units.
    pub fn shift(self, n: i32) -> Option<Point> {
        let n64 = i64::from(n);
        Some(match self {
            Point::Century(c) => Point::Century(c.checked_add(n)?),
            Point::Decade(d) => Point::Decade(d.checked_add(n)?),
            Point::Year(y) => Point::Year(y.checked_add(n)?),
            Point::Half(y, h) => {
                let i = y.checked_mul(2)? + i32::from(h - 1) + n;
                Point::Half(i.div_euclid(2), (i.rem_euclid(2) + 1) as i8)
            }
            Point::Quarter(y, q) => {
                let i = y.checked_mul(4)? + i32::from(q - 1) + n;
                Point::Quarter(i.div_euclid(4), (i.rem_euclid(4) + 1) as i8)
            }
            Point::Season(y, s) => {
                let i = y.checked_mul(4)? + s.index() + n;
                Point::Season(i.div_euclid(4), Season::from_index(i))
            }
            Point::Month(y, m) => {
                let i = y.checked_mul(12)? + i32::from(m - 1) + n;
                Point::Month(i.div_euclid(12), (i.rem_euclid(12) + 1) as i8)
            }
            Point::Week(d) => Point::Week(add_days(d, 7 * n64)?),
            Point::Weekend(d) => Point::Weekend(add_days(d, 7 * n64)?),
            Point::Day(d) => Point::Day(add_days(d, n64)?),
        })
    }

    /// This point moved by `n` units of `unit`, keeping its granularity
    /// ("the same quarter a year earlier").
    pub fn shift_by(self, unit: Unit, n: i32) -> Option<Point> {
        let n64 = i64::from(n);
        match (self, unit) {
            (_, u) if u == self.unit() => self.shift(n),
            (
                Point::Half(..) | Point::Quarter(..) | Point::Season(..) | Point::Month(..),
                Unit::Year,
            ) => {
                let steps = match self {
                    Point::Half(..) => 2,
                    Point::Month(..) => 12,
                    _ => 4,
                };
                self.shift(n.checked_mul(steps)?)
            }
            (Point::Day(d), Unit::Year) => Some(Point::Day(add_months(d, 12 * n64)?)),
            (Point::Day(d), Unit::Month) => Some(Point::Day(add_months(d, n64)?)),
            (Point::Day(d), Unit::Week) => Some(Point::Day(add_days(d, 7 * n64)?)),
            (Point::Week(d), Unit::Year) => Some(Point::Week(add_days(d, 364 * n64)?)),
            _ => None,
        }
    }

    /// The first day of the point.
    pub fn first_day(self) -> Option<Date> {
        match self {
            Point::Century(c) => date(c.checked_mul(100)?, 1, 1),
            Point::Decade(d) => date(d.checked_mul(10)?, 1, 1),
            Point::Year(y) => date(y, 1, 1),
            Point::Half(y, h) => date(y, (h - 1) * 6 + 1, 1),
            Point::Quarter(y, q) => date(y, (q - 1) * 3 + 1, 1),
            Point::Season(y, s) => date(y, s.first_month(), 1),
            Point::Month(y, m) => date(y, m, 1),
            Point::Week(d) => add_days(d, 1 - i64::from(weekday(d))),
            Point::Weekend(d) => add_days(d, 6 - i64::from(weekday(d))),
            Point::Day(d) => Some(d),
        }
    }

    /// The TIMEX3 value.
    pub fn value(self) -> String {
        match self {
            Point::Century(c) => format!("{c:02}"),
            Point::Decade(d) => format!("{d:03}"),
            Point::Year(y) => format!("{y:04}"),
            Point::Half(y, h) => format!("{y:04}-H{h}"),
            Point::Quarter(y, q) => format!("{y:04}-Q{q}"),
            Point::Season(y, s) => format!("{y:04}-{}", s.code()),
            Point::Month(y, m) => format!("{y:04}-{m:02}"),
            Point::Week(d) => {
                let w = d.iso_week_date();
                format!("{:04}-W{:02}", w.year(), w.week())
            }
            Point::Weekend(d) => {
                let w = d.iso_week_date();
                format!("{:04}-W{:02}-WE", w.year(), w.week())
            }
            Point::Day(d) => format!("{:04}-{:02}-{:02}", d.year(), d.month(), d.day()),
        }
    }
}

/// The value of a day with a time of day: "2021-12-13T10:22", "...TMO".
pub fn with_time(day: &str, time: DayTime) -> String {
    match time {
        DayTime::Part(p) => format!("{day}T{p}"),
        DayTime::Clock { hour, minute } => format!("{day}T{hour:02}:{minute:02}"),
    }
}

/// The TIMEX3 value of a length: "P2M", "PT3H", "P2Y6M", "PXY".
pub fn duration(amount: Amount, half: bool, unit: Unit) -> String {
    let (scale, code) = match unit {
        Unit::Second => (1, "S"),
        Unit::Minute => (1, "M"),
        Unit::Hour => (1, "H"),
        Unit::Day => (1, "D"),
        Unit::Week => (1, "W"),
        Unit::Weekend => (2, "D"),
        Unit::Month => (1, "M"),
        Unit::Quarter => (1, "Q"),
        Unit::Half => (6, "M"),
        Unit::Year => (1, "Y"),
        Unit::Decade => (10, "Y"),
        Unit::Century => (100, "Y"),
        Unit::Millennium => (1000, "Y"),
    };
    let t = if unit.is_clock() { "T" } else { "" };
    let n = match amount {
        Amount::Vague => {
            let vague = match unit {
                Unit::Decade => "DE",
                Unit::Century => "CE",
                Unit::Millennium => "ML",
                _ => code,
            };
            return format!("P{t}X{vague}");
        }
        Amount::Exact(n) => u64::from(n) * scale,
    };
    if !half {
        return format!("P{t}{n}{code}");
    }
    // A half unit is written in the next smaller one: P2Y6M, PT1H30M.
    match unit {
        Unit::Year => format!("P{n}Y6M"),
        Unit::Half => format!("P{}M", n + 3),
        Unit::Month => format!("P{n}M2W"),
        Unit::Day => format!("P{n}DT12H"),
        Unit::Hour => format!("PT{n}H30M"),
        Unit::Minute => format!("PT{n}M30S"),
        Unit::Decade => format!("P{}Y", n + 5),
        Unit::Century => format!("P{}Y", n + 50),
        _ => format!("P{t}{n}.5{code}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Date {
        s.parse().unwrap()
    }

    #[test]
    fn values_at_every_granularity() {
        let day = d("2021-12-10");
        assert_eq!(Point::of(day, Unit::Week).value(), "2021-W49");
        assert_eq!(Point::of(day, Unit::Quarter).value(), "2021-Q4");
        assert_eq!(Point::of(day, Unit::Decade).value(), "202");
        assert_eq!(Point::of(day, Unit::Weekend).value(), "2021-W49-WE");
        assert_eq!(Point::season_of(d("2020-01-15")).value(), "2019-WI");
        assert_eq!(Point::Century(19).value(), "19");
        assert_eq!(Point::of(d("2021-01-02"), Unit::Week).value(), "2020-W53");
    }

    #[test]
    fn shifts() {
        assert_eq!(
            Point::Quarter(2021, 1).shift(-1),
            Some(Point::Quarter(2020, 4))
        );
        assert_eq!(
            Point::Month(2021, 1).shift(-13),
            Some(Point::Month(2019, 12))
        );
        assert_eq!(
            Point::Quarter(1989, 3).shift_by(Unit::Year, -1),
            Some(Point::Quarter(1988, 3))
        );
        assert_eq!(
            Point::of(d("2021-12-13"), Unit::Week)
                .shift(-3)
                .unwrap()
                .value(),
            "2021-W47"
        );
    }

    #[test]
    fn durations() {
        assert_eq!(duration(Amount::Exact(2), false, Unit::Month), "P2M");
        assert_eq!(duration(Amount::Exact(1), false, Unit::Decade), "P10Y");
        assert_eq!(duration(Amount::Exact(3), false, Unit::Hour), "PT3H");
        assert_eq!(duration(Amount::Exact(2), true, Unit::Year), "P2Y6M");
        assert_eq!(duration(Amount::Vague, false, Unit::Year), "PXY");
        assert_eq!(duration(Amount::Vague, false, Unit::Minute), "PTXM");
    }
}
