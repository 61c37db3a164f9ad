//! Money, percentages, share counts and tickers, normalised: "$1.1 billion"
//! is `USD 1100000000` exactly, "HK$3.85 to HK$3.99" is `HKD 3.85..3.99`,
//! "30%" is `30`, "1.5 billion shares" is `1500000000` shares.
//!
//! `scan` finds the amounts in one pass; this module then settles the
//! currency of shared signs ("$", "¥", "francs") for the whole document and
//! writes the mentions.

mod decimal;
mod lexicon;
mod scan;
mod window;

pub use lexicon::MoneyLexicon;

use super::Context;
use crate::model::{Attrs, Kind, Mention};
use lexicon::Cur;
use scan::Found;

pub fn extract(ctx: &Context) -> Vec<Mention> {
    let lex = &ctx.res.money;
    let text = ctx.text();
    let scan::Scan { found, cues } = scan::scan(text, lex);
    let readings = Readings::of(lex, &found, &cues);
    let values: Vec<Option<String>> = found.iter().map(|f| value(f, lex, &readings)).collect();
    found
        .iter()
        .zip(&values)
        .map(|(f, v)| mention(f, v.clone(), text, lex, &readings, &values))
        .collect()
}

/// What each shared sign means in this document: the currency it reads as,
/// and the other currencies it might be.
struct Readings {
    per_class: Vec<(u16, Vec<u16>)>,
}

impl Readings {
    fn of(lex: &MoneyLexicon, found: &[Found], hits: &[(u8, u16)]) -> Readings {
        let mut per_class: Vec<(u16, Vec<u16>)> = lex
            .classes
            .iter()
            .map(|c| (c.default, Vec::new()))
            .collect();
        if !found.iter().any(|f| matches!(f.cur, Some(Cur::Class(_)))) {
            return Readings { per_class };
        }
        // Currencies the writer names explicitly are told apart from the
        // shared sign: a text with "HK$" elsewhere means USD by a bare "$".
        let explicit: Vec<u16> = found
            .iter()
            .filter_map(|f| match f.cur {
                Some(Cur::Code(c)) => Some(c),
                _ => None,
            })
            .collect();
        for (i, class) in lex.classes.iter().enumerate() {
            let count = |code: u16| {
                hits.iter()
                    .filter(|&&(c, k)| usize::from(c) == i && k == code)
                    .count()
            };
            let default_hits = count(class.default);
            let resolved = class
                .resolving
                .iter()
                .map(|&k| (count(k), k))
                .filter(|&(n, _)| n > default_hits)
                .max_by_key(|&(n, _)| n)
                .map_or(class.default, |(_, k)| k);
            let candidates = if resolved == class.default {
                class
                    .flagged
                    .iter()
                    .copied()
                    .filter(|&k| count(k) > 0 && !explicit.contains(&k))
                    .collect()
            } else {
                Vec::new()
            };
            per_class[i] = (resolved, candidates);
        }
        Readings { per_class }
    }

    fn code(&self, cur: Cur) -> u16 {
        match cur {
            Cur::Code(c) => c,
            Cur::Class(c) => self.per_class[usize::from(c)].0,
        }
    }

    /// Other currencies a shared sign may stand for here (empty when sure).
    fn doubts(&self, cur: Cur) -> &[u16] {
        match cur {
            Cur::Code(_) => &[],
            Cur::Class(c) => &self.per_class[usize::from(c)].1,
        }
    }
}

/// The normalised value: "USD 767000000", "HKD 3.85..3.99", "30", "AAPL".
fn value(f: &Found, lex: &MoneyLexicon, readings: &Readings) -> Option<String> {
    let amount = match f.high {
        Some(high) => format!("{}..{}", f.low, high),
        None => f.low.to_string(),
    };
    match f.kind {
        Kind::Money => Some(format!("{} {amount}", lex.code(readings.code(f.cur?)))),
        Kind::Percent | Kind::Quantity => Some(amount),
        _ => None,
    }
}

fn mention(
    f: &Found,
    value: Option<String>,
    text: &str,
    lex: &MoneyLexicon,
    readings: &Readings,
    values: &[Option<String>],
) -> Mention {
    let mut attrs = Attrs {
        value,
        ..Attrs::default()
    };
    if f.kind == Kind::Ticker {
        // The symbol without its "$" or angle brackets.
        let symbol = text[f.span.start + 1..f.span.end].trim_end_matches('>');
        attrs.value = Some(symbol.to_string());
        return Mention {
            kind: f.kind,
            span: f.span.clone(),
            attrs: Box::new(attrs),
        };
    }
    match f.high {
        Some(high) => {
            attrs.low = Some(f.low.to_f64());
            attrs.high = Some(high.to_f64());
        }
        None => attrs.amount = Some(f.low.to_f64()),
    }
    if let Some(cur) = f.cur {
        let code = readings.code(cur);
        attrs.currency = Some(lex.code(code).to_string());
        let doubts = readings.doubts(cur);
        if !doubts.is_empty() {
            attrs.ambiguous = true;
            attrs.candidates = std::iter::once(code)
                .chain(doubts.iter().copied())
                .map(|c| lex.code(c).to_string())
                .collect();
        }
    }
    attrs.qualifier = f
        .qualifier
        .map(|q| lex.qualifier_names[usize::from(q)].clone());
    attrs.per = f.per.map(|p| lex.per_names[usize::from(p)].clone());
    attrs.unit = f.unit.map(|u| lex.unit_names[usize::from(u)].clone());
    attrs.equivalent = f.equivalent.and_then(|j| values[j].clone());
    attrs.approximate = f.approximate;
    attrs.currency_basis = f.from_context.then(|| "context".to_string());
    Mention {
        kind: f.kind,
        span: f.span.clone(),
        attrs: Box::new(attrs),
    }
}
