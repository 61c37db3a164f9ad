//! The publication day from evidence other than a metadata field: the
//! article's address (`/2019/09/30/`, `/20190930/`, `2019-09-30`) and a date
//! written in a line of text ("30.09.2019", "30 de septiembre de 2019",
//! "Sept. 30, 2019", "2019年9月30日"). Month names of many languages are data
//! (`data/web/month_names.tsv`).

use jiff::civil::Date;
use std::collections::HashMap;
use std::sync::LazyLock;

const MONTH_NAMES: &str = include_str!("../../data/web/month_names.tsv");

/// Older days are not the publication day of a web page: the web is younger.
pub const EARLIEST: Date = jiff::civil::date(1990, 1, 1);

static MONTHS: LazyLock<HashMap<String, i8>> = LazyLock::new(|| {
    MONTH_NAMES
        .lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .filter_map(|l| {
            let (word, month) = l.split_once('\t')?;
            Some((word.trim().to_lowercase(), month.trim().parse().ok()?))
        })
        .collect()
});

/// A day a page can have been published on: not before the web, and not
/// after `latest` (the crawl date, when the page came with one). The system
/// clock is never read: the same input gives the same output on any day.
pub fn plausible(day: Date, latest: Option<Date>) -> bool {
    day >= EARLIEST && latest.map_or(true, |l| day <= l)
}

/// The day in an article's address: `/2019/09/30/`, `/2019-09-30-title`,
/// `/20190930/`, `_2019_09_30`. A year and month alone are not a day.
pub fn url_date(url: &str) -> Option<Date> {
    written_days(url, true).next()
}

/// The day written most often in a whole page: year-first days
/// (`2020-04-17`, `2020/04/17`) in its markup as well as its text, and
/// `written`, the days its text writes in words or day first ("17 April
/// 2020", "17.04.2020"); the later on a tie. The last resort when nothing
/// marks the page's own day. Eight-digit runs are left out (in markup they
/// are mostly ids).
pub fn most_written_day(
    page: &str,
    written: impl IntoIterator<Item = Date>,
    latest: Option<Date>,
) -> Option<Date> {
    let mut counts: HashMap<Date, usize> = HashMap::new();
    let markup = written_days(page, false).filter(|d| plausible(*d, latest));
    let words = written.into_iter().filter(|d| plausible(*d, latest));
    for d in markup.take(1000).chain(words.take(1000)) {
        *counts.entry(d).or_default() += 1;
    }
    counts
        .into_iter()
        .max_by_key(|&(d, n)| (n, d))
        .map(|(d, _)| d)
}

/// The day a line of text writes other than year first ("17 April 2020",
/// "17.04.2020"): what `most_written_day` does not find in the markup.
pub fn day_in_words(text: &str, month_first: bool) -> Option<Date> {
    if written_days(text, false).next().is_some() {
        return None;
    }
    text_date(text, month_first)
}

/// Every year-first day in `s`, in order; `compact` also reads YYYYMMDD.
fn written_days(s: &str, compact: bool) -> impl Iterator<Item = Date> + '_ {
    let b = s.as_bytes();
    let digits_at = move |i: usize, n: usize| {
        i + n <= b.len()
            && b[i..i + n].iter().all(u8::is_ascii_digit)
            && b.get(i + n).map_or(true, |c| !c.is_ascii_digit())
    };
    let number = move |i: usize, n: usize| -> i16 {
        b[i..i + n]
            .iter()
            .fold(0i16, |acc, d| acc * 10 + i16::from(d - b'0'))
    };
    // Candidates start where a run of digits starts.
    memchr::memchr_iter(b'2', b)
        .chain(memchr::memchr_iter(b'1', b))
        .filter(move |&i| i == 0 || !b[i - 1].is_ascii_digit())
        .collect::<std::collections::BTreeSet<_>>()
        .into_iter()
        .filter_map(move |i| {
            // YYYYMMDD, a run of exactly eight digits.
            if digits_at(i, 8) {
                return compact
                    .then(|| day(number(i, 4), number(i + 4, 2), number(i + 6, 2)))
                    .flatten();
            }
            if !digits_at(i, 4) {
                return None;
            }
            let sep = *b.get(i + 4)?;
            if !matches!(sep, b'/' | b'-' | b'_' | b'.') {
                return None;
            }
            let m = i + 5;
            let m_len = (1..=2).find(|&n| digits_at(m, n))?;
            if b.get(m + m_len) != Some(&sep) {
                return None;
            }
            let d = m + m_len + 1;
            let d_len = (1..=2).find(|&n| digits_at(d, n))?;
            day(number(i, 4), number(m, m_len), number(d, d_len))
        })
}

fn day(year: i16, month: i16, day: i16) -> Option<Date> {
    if !(1990..=2099).contains(&year) {
        return None;
    }
    Date::new(year, i8::try_from(month).ok()?, i8::try_from(day).ok()?).ok()
}

#[derive(Clone, Copy, Debug, PartialEq)]
enum Tok {
    /// A run of digits: its value and length.
    Num(u32, usize),
    Month(i8),
    /// Any other word: it breaks a date.
    Word,
}

/// Words that join the parts of a date in some languages ("7 de junio de
/// 2020", "the 7th of June"): skipped.
const JOINERS: [&str; 8] = ["de", "del", "of", "the", "st", "nd", "rd", "th"];

/// Characters that separate the parts of a date in East Asian writing.
fn is_cjk_date_mark(c: char) -> bool {
    matches!(c, '年' | '月' | '日' | '년' | '월' | '일')
}

/// The first calendar day written in `text`. Numeric days with the day and
/// month both at most 12 are read day first unless `month_first` (pages in
/// American English).
pub fn text_date(text: &str, month_first: bool) -> Option<Date> {
    // Tokens with the gap before each (its length and first mark): a
    // date's parts sit close together ("7 June 2020", "07.06.2020").
    let mut toks: Vec<(Tok, Gap)> = Vec::new();
    let mut gap = Gap::default();
    let mut chars = text.char_indices().peekable();
    while let Some(&(start, c)) = chars.peek() {
        if c.is_ascii_digit() {
            let mut end = start;
            while let Some(&(i, d)) = chars.peek().filter(|(_, d)| d.is_ascii_digit()) {
                end = i + d.len_utf8();
                chars.next();
            }
            let run = &text[start..end];
            let value = run.get(..9).unwrap_or(run).parse().unwrap_or(u32::MAX);
            toks.push((Tok::Num(value, run.len()), gap));
            gap = Gap::default();
        } else if c.is_alphabetic() && !is_cjk_date_mark(c) {
            let mut end = start;
            while let Some(&(i, d)) = chars
                .peek()
                .filter(|(_, d)| d.is_alphabetic() && !is_cjk_date_mark(*d))
            {
                end = i + d.len_utf8();
                chars.next();
            }
            let word = text[start..end].to_lowercase();
            if JOINERS.contains(&word.as_str()) {
                gap.widen(' ');
                continue;
            }
            let tok = MONTHS.get(&word).map_or(Tok::Word, |&m| Tok::Month(m));
            toks.push((tok, gap));
            gap = Gap::default();
        } else {
            gap.widen(c);
            chars.next();
        }
        if toks.len() > 4096 {
            break;
        }
    }
    toks.windows(3).find_map(|w| {
        let (g1, g2) = (w[1].1, w[2].1);
        if g1.len > 3 || g2.len > 3 {
            return None;
        }
        // All-number days are written with one separator twice (2020-06-07,
        // 07.06.2020, 2020年6月7日): "2020 - 12:09" is a year and a time.
        let one_separator = g1.mark == g2.mark && !matches!(g1.mark, ':' | ',');
        match (w[0].0, w[1].0, w[2].0) {
            (Tok::Num(y, 4), Tok::Num(m, 1..=2), Tok::Num(d, 1..=2)) if one_separator => {
                ymd(y, m, d)
            }
            (Tok::Num(a, 1..=2), Tok::Num(b, 1..=2), Tok::Num(y, 4)) if one_separator => {
                let (m, d) = if (month_first && a <= 12) || b > 12 {
                    (a, b)
                } else {
                    (b, a)
                };
                ymd(y, m, d)
            }
            (Tok::Num(d, 1..=2), Tok::Month(m), Tok::Num(y, 4)) => ymd(y, m as u32, d),
            (Tok::Month(m), Tok::Num(d, 1..=2), Tok::Num(y, 4)) => ymd(y, m as u32, d),
            (Tok::Num(y, 4), Tok::Month(m), Tok::Num(d, 1..=2)) => ymd(y, m as u32, d),
            _ => None,
        }
    })
}

/// What stands between two tokens.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
struct Gap {
    /// Characters (a newline counts as many: it ends a date).
    len: usize,
    /// The first mark that is not a space; East Asian date marks all count
    /// as one.
    mark: char,
}

impl Gap {
    fn widen(&mut self, c: char) {
        self.len += if c == '\n' { 100 } else { 1 };
        if self.mark == '\0' && !c.is_whitespace() {
            self.mark = if is_cjk_date_mark(c) { '年' } else { c };
        }
    }
}

fn ymd(y: u32, m: u32, d: u32) -> Option<Date> {
    day(
        i16::try_from(y).ok()?,
        i16::try_from(m).ok()?,
        i16::try_from(d).ok()?,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_in_addresses() {
        let cases = [
            (
                "https://example.com/2019/09/30/acme-halts-ipo",
                Some("2019-09-30"),
            ),
            (
                "https://example.com/news/20190930/acme.html",
                Some("2019-09-30"),
            ),
            (
                "https://example.com/acme-2019-09-30.html",
                Some("2019-09-30"),
            ),
            ("https://example.com/2019/9/3/acme", Some("2019-09-03")),
            ("https://example.com/2019_09_30_acme", Some("2019-09-30")),
            ("https://example.com/2019/09/acme", None),
            ("https://example.com/story/123456789", None),
            ("https://example.com/1985/01/02/old", None),
            ("https://example.com/2019/13/40/x", None),
            ("https://example.com/id/201909301234", None),
            ("", None),
            ("https://example.com/archive/2020", None),
        ];
        for (url, want) in cases {
            let got = url_date(url).map(|d| d.to_string());
            assert_eq!(got.as_deref(), want, "{url}");
        }
    }

    #[test]
    fn days_in_text() {
        let cases = [
            ("Published 30.09.2019, 10:22", false, Some("2019-09-30")),
            ("7 de junio de 2020", false, Some("2020-06-07")),
            ("Sept. 30, 2019 at 5 pm", true, Some("2019-09-30")),
            ("June 7th, 2020", true, Some("2020-06-07")),
            ("2020年6月7日 10時", false, Some("2020-06-07")),
            ("7 июня 2020 г.", false, Some("2020-06-07")),
            ("06/07/2020", true, Some("2020-06-07")),
            ("06/07/2020", false, Some("2020-07-06")),
            ("13/07/2020", true, Some("2020-07-13")),
            ("2020-06-07T08:00", false, Some("2020-06-07")),
            ("By Jane Doe, staff writer", false, None),
            ("Call 555 12 2020", false, None),
            ("7 June\n2020", false, None),
            (
                "الأربعاء، 07 أكتوبر 2020 - 12:09 م",
                false,
                Some("2020-10-07"),
            ),
            ("2020 - 12:09", false, None),
            ("2020-06/07", false, None),
        ];
        for (text, month_first, want) in cases {
            let got = text_date(text, month_first).map(|d| d.to_string());
            assert_eq!(got.as_deref(), want, "{text}");
        }
    }

    #[test]
    fn the_day_a_page_writes_most_often() {
        let d = jiff::civil::date;
        // Markup days and days written in words count together.
        let words = [d(2019, 3, 12), d(2019, 3, 12)];
        assert_eq!(
            most_written_day("<a href=/2018-01-02>x</a>", words, None),
            Some(d(2019, 3, 12))
        );
        // A day after the crawl is no candidate.
        assert_eq!(
            most_written_day("", [d(2030, 1, 1)], Some(d(2020, 1, 1))),
            None
        );
        // Year-first days are the markup scan's: not counted twice.
        assert_eq!(day_in_words("am 2019-03-12 um 10:00", false), None);
        assert_eq!(
            day_in_words("Veröffentlicht am 12. März 2019", false),
            Some(d(2019, 3, 12))
        );
        assert_eq!(
            day_in_words("12 ianuarie 2021", false),
            Some(d(2021, 1, 12))
        );
    }

    #[test]
    fn bounds() {
        let d = jiff::civil::date;
        assert!(!plausible(d(1989, 12, 31), None));
        assert!(plausible(d(2020, 1, 1), None));
        assert!(!plausible(d(2020, 1, 2), Some(d(2020, 1, 1))));
    }
}
