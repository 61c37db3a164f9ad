//! TIMEX3 calendar values as spans of days, so dates told at different
//! precision ("2019", "October 2019", "Oct. 7") can be compared.

use jiff::civil::{Date, ISOWeekDate, Weekday};
use jiff::ToSpan;

/// The days a TIMEX3 value covers, both ends included.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Period {
    pub start: Date,
    pub end: Date,
}

impl Period {
    pub fn day(d: Date) -> Self {
        Period { start: d, end: d }
    }

    /// A calendar value: `2019`, `201` (decade), `2019-10`, `2019-10-07`
    /// (a time after it is ignored), `2021-W47`, `2021-Q4`, `2021-H1`,
    /// `2019-SU`. Anything else (`XXXX-XX-XX`, `PAST_REF`, durations) is not
    /// a period.
    pub fn parse(value: &str) -> Option<Period> {
        let value = value.split('T').next()?;
        let mut parts = value.split('-');
        let year_part = parts.next()?;
        if !year_part.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        let Some(rest) = parts.next() else {
            return match year_part.len() {
                4 => year_span(year_part.parse().ok()?, 1),
                3 => year_span(year_part.parse::<i16>().ok()? * 10, 10),
                _ => None,
            };
        };
        if year_part.len() != 4 {
            return None;
        }
        let year: i16 = year_part.parse().ok()?;
        let day = parts.next();
        if parts.next().is_some() {
            return None;
        }
        if let Some(day) = day {
            let month: i8 = rest.parse().ok()?;
            let day: i8 = day.parse().ok()?;
            return Date::new(year, month, day).ok().map(Period::day);
        }
        let months = |first: i8, count: i8| {
            let start = Date::new(year, first, 1).ok()?;
            let end = start.checked_add(count.months()).ok()?.yesterday().ok()?;
            Some(Period { start, end })
        };
        match rest {
            "Q1" => months(1, 3),
            "Q2" => months(4, 3),
            "Q3" => months(7, 3),
            "Q4" => months(10, 3),
            "H1" => months(1, 6),
            "H2" => months(7, 6),
            "SP" => months(3, 3),
            "SU" => months(6, 3),
            "FA" => months(9, 3),
            "WI" => months(12, 3),
            w if w.starts_with('W') => {
                let week: i8 = w[1..].parse().ok()?;
                let start = ISOWeekDate::new(year, week, Weekday::Monday).ok()?.date();
                let end = ISOWeekDate::new(year, week, Weekday::Sunday).ok()?.date();
                Some(Period { start, end })
            }
            m => months(m.parse().ok().filter(|m| (1..=12).contains(m))?, 1),
        }
    }

    /// Length in days (1 for a day).
    pub fn days(&self) -> i64 {
        (self.end - self.start).get_days() as i64 + 1
    }

    pub fn contains(&self, other: &Period) -> bool {
        self.start <= other.start && other.end <= self.end
    }

    /// One inside the other: the same date told at different precision.
    pub fn nested(&self, other: &Period) -> bool {
        self.contains(other) || other.contains(self)
    }

    /// Days between the two periods (0 when they overlap or touch).
    pub fn gap_days(&self, other: &Period) -> i64 {
        if self.end < other.start {
            (other.start - self.end).get_days() as i64 - 1
        } else if other.end < self.start {
            (self.start - other.end).get_days() as i64 - 1
        } else {
            0
        }
    }
}

fn year_span(year: i16, years: i16) -> Option<Period> {
    let start = Date::new(year, 1, 1).ok()?;
    let end = Date::new(year.checked_add(years - 1)?, 12, 31).ok()?;
    Some(Period { start, end })
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    const CASES: &[(&str, Option<(&str, &str)>)] = &[
        ("2019", Some(("2019-01-01", "2019-12-31"))),
        ("201", Some(("2010-01-01", "2019-12-31"))),
        ("2019-10", Some(("2019-10-01", "2019-10-31"))),
        ("2019-02", Some(("2019-02-01", "2019-02-28"))),
        ("2021-12-10", Some(("2021-12-10", "2021-12-10"))),
        ("2021-12-13T10:22", Some(("2021-12-13", "2021-12-13"))),
        ("2021-W47", Some(("2021-11-22", "2021-11-28"))),
        ("2021-Q4", Some(("2021-10-01", "2021-12-31"))),
        ("2019-SU", Some(("2019-06-01", "2019-08-31"))),
        ("2021-WI", Some(("2021-12-01", "2022-02-28"))),
        ("2021-H1", Some(("2021-01-01", "2021-06-30"))),
        ("XXXX-XX-XX", None),
        ("XXXX-WXX-5", None),
        ("PAST_REF", None),
        ("P2M", None),
        ("2019-13", None),
        ("2021-02-30", None),
        ("", None),
    ];

    #[test]
    fn parses_timex_values() {
        for (value, want) in CASES {
            let got = Period::parse(value).map(|p| (p.start.to_string(), p.end.to_string()));
            let want = want.map(|(a, b)| (a.to_string(), b.to_string()));
            assert_eq!(got, want, "{value}");
        }
    }

    #[test]
    fn nesting_and_gaps() {
        let year = Period::parse("2019").unwrap();
        let month = Period::parse("2019-10").unwrap();
        let day = Period::day(date(2019, 10, 7));
        assert!(year.nested(&month) && month.nested(&day) && day.nested(&year));
        let a = Period::day(date(2021, 12, 12));
        let b = Period::day(date(2021, 12, 13));
        assert_eq!(a.gap_days(&b), 0);
        assert_eq!(Period::day(date(2021, 12, 10)).gap_days(&b), 2);
        assert_eq!(month.days(), 31);
    }
}
