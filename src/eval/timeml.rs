//! TimeML (`.tml`) gold: the document creation time (DCT) as publication
//! date, the TEXT with its TIMEX3 tags as gold spans over the plain text
//! (other tags such as EVENT and SIGNAL are dropped, their text kept), and
//! the date extractor scored against it, TempEval-3 style.

use super::{score_spans, Counts, GoldDoc, GoldSpan, Predicted};
use crate::extract::{dates, Context};
use crate::model::{DateSource, Document, Kind, Published};
use crate::resources::Resources;
use crate::text::CharIndex;
use anyhow::Context as _;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

/// Every `.tml` file under the given files and directories, sorted.
pub fn tml_files(paths: &[PathBuf]) -> anyhow::Result<Vec<PathBuf>> {
    let mut files = Vec::new();
    for path in paths {
        if path.is_dir() {
            for entry in walkdir::WalkDir::new(path).sort_by_file_name() {
                let entry = entry?;
                if entry.file_type().is_file()
                    && entry.path().extension().is_some_and(|e| e == "tml")
                {
                    files.push(entry.into_path());
                }
            }
        } else if path.is_file() {
            files.push(path.clone());
        } else {
            anyhow::bail!("no such file or directory: {}", path.display());
        }
    }
    Ok(files)
}

/// Read one TimeML file.
pub fn read_timeml(path: &Path) -> anyhow::Result<GoldDoc> {
    let xml =
        std::fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))?;
    parse_timeml(&xml, &path.display().to_string())
        .with_context(|| format!("{}: not TimeML", path.display()))
}

/// The inner text of the first `<tag>...</tag>`.
fn element<'a>(xml: &'a str, tag: &str) -> Option<&'a str> {
    let open = format!("<{tag}>");
    let close = format!("</{tag}>");
    let start = xml.find(&open)? + open.len();
    let end = start + xml[start..].find(&close)?;
    Some(&xml[start..end])
}

/// The value of `name="..."` in a tag's attributes.
fn attribute<'a>(attrs: &'a str, name: &str) -> Option<&'a str> {
    let mut rest = attrs;
    while let Some(p) = rest.find(name) {
        let after = &rest[p + name.len()..];
        let boundary = p == 0 || rest[..p].ends_with(char::is_whitespace);
        if let (true, Some(v)) = (boundary, after.trim_start().strip_prefix('=')) {
            let v = v.trim_start();
            let quote = v.chars().next()?;
            if quote == '"' || quote == '\'' {
                let v = &v[1..];
                return Some(&v[..v.find(quote)?]);
            }
        }
        rest = after;
    }
    None
}

fn decode_entity(name: &str) -> Option<char> {
    Some(match name {
        "amp" => '&',
        "lt" => '<',
        "gt" => '>',
        "quot" => '"',
        "apos" => '\'',
        _ => {
            let n = name.strip_prefix('#')?;
            let code = match n.strip_prefix('x') {
                Some(hex) => u32::from_str_radix(hex, 16).ok()?,
                None => n.parse().ok()?,
            };
            char::from_u32(code)?
        }
    })
}

pub fn parse_timeml(xml: &str, source: &str) -> anyhow::Result<GoldDoc> {
    let dct = element(xml, "DCT")
        .and_then(|d| attribute(d, "value"))
        .map(|v| v.chars().take(10).collect::<String>());
    let id = element(xml, "DOCID")
        .map(|s| s.trim().to_string())
        .unwrap_or_else(|| source.to_string());
    let title = element(xml, "TITLE").map(|t| strip_tags(t).0.trim().to_string());
    let body = element(xml, "TEXT").context("no <TEXT> element")?;
    let (text, spans) = strip_tags(body);
    Ok(GoldDoc {
        id,
        published: dct,
        title,
        text,
        spans,
        annotated_until: None,
    })
}

/// A TIMEX3 value with its week number in ISO 8601's two digits: some
/// annotators wrote "2000-W7" for the week that "2000-W07" names, and a
/// notation is no disagreement about the date.
fn iso_week(value: &str) -> String {
    let b = value.as_bytes();
    let single_digit_week = b.len() >= 7
        && b[..4].iter().all(u8::is_ascii_digit)
        && &b[4..6] == b"-W"
        && b[6].is_ascii_digit()
        && !b.get(7).is_some_and(u8::is_ascii_digit);
    if single_digit_week {
        format!("{}0{}", &value[..6], &value[6..])
    } else {
        value.to_string()
    }
}

/// The plain text of a TimeML fragment and its TIMEX3 spans (code points).
fn strip_tags(xml: &str) -> (String, Vec<GoldSpan>) {
    let mut text = String::with_capacity(xml.len());
    let mut chars = 0usize;
    let mut spans = Vec::new();
    let mut open: Option<(usize, Option<String>, Option<String>)> = None;
    let mut rest = xml;
    while let Some(c) = rest.chars().next() {
        if c == '<' {
            let Some(end) = rest.find('>') else { break };
            let tag = &rest[1..end];
            if let Some(attrs) = tag.strip_prefix("TIMEX3") {
                open = Some((
                    chars,
                    attribute(attrs, "value").map(iso_week),
                    attribute(attrs, "type").map(str::to_string),
                ));
            } else if tag == "/TIMEX3" {
                if let Some((start, value, timex_type)) = open.take() {
                    spans.push(GoldSpan {
                        label: "date".into(),
                        start,
                        end: chars,
                        value,
                        timex_type,
                        text: None,
                    });
                }
            }
            rest = &rest[end + 1..];
            continue;
        }
        let (ch, len) = if c == '&' {
            match rest.find(';').filter(|&e| e <= 10) {
                Some(e) => match decode_entity(&rest[1..e]) {
                    Some(ch) => (ch, e + 1),
                    None => ('&', 1),
                },
                None => ('&', 1),
            }
        } else {
            (c, c.len_utf8())
        };
        text.push(ch);
        chars += 1;
        rest = &rest[len..];
    }
    (text, spans)
}

/// Run the date extractor alone on a gold document, with its DCT as the
/// publication date; predictions in code points.
pub fn predict_dates(res: &Resources, gold: &GoldDoc) -> Vec<Predicted> {
    let doc = Document {
        id: gold.id.clone(),
        source: gold.id.clone(),
        title: gold.title.clone(),
        text: gold.text.clone(),
        published: Published {
            date: gold
                .published
                .as_deref()
                .and_then(crate::ingest::metadata_date),
            raw: None,
            source: DateSource::Metadata,
            basis: Some("DCT".into()),
        },
        ..Document::default()
    };
    let sentences = crate::text::split_sentences(&doc, &res.abbreviations);
    let ctx = Context {
        doc: &doc,
        sentences: &sentences,
        res,
    };
    let idx = CharIndex::new(&doc.text);
    dates::extract(&ctx)
        .into_iter()
        .map(|m| Predicted {
            start: idx.chars(m.span.start),
            end: idx.chars(m.span.end),
            kind: Kind::Date,
            value: m.attrs.value,
            timex_type: m.attrs.timex_type,
        })
        .collect()
}

/// Scores of the date extractor over gold documents, and (when asked) one
/// line per disagreement.
pub fn evaluate_dates(
    res: &Resources,
    docs: &[GoldDoc],
    mut disagreements: Option<&mut String>,
) -> Counts {
    let mut total = Counts::default();
    for doc in docs {
        let predicted = predict_dates(res, doc);
        let gold: Vec<&GoldSpan> = doc.spans.iter().collect();
        let pred: Vec<&Predicted> = predicted.iter().collect();
        total.add(&score_spans(&gold, &pred));
        if let Some(out) = disagreements.as_deref_mut() {
            list_disagreements(doc, &gold, &pred, out);
        }
    }
    total
}

pub(super) fn list_disagreements(
    doc: &GoldDoc,
    gold: &[&GoldSpan],
    pred: &[&Predicted],
    out: &mut String,
) {
    let chars: Vec<char> = doc.text.chars().collect();
    let slice = |s: usize, e: usize| -> String {
        chars[s.min(chars.len())..e.min(chars.len())]
            .iter()
            .map(|&c| if c == '\n' { ' ' } else { c })
            .collect()
    };
    let dct = doc.published.as_deref().unwrap_or("-");
    let overlaps = |g: &GoldSpan, p: &Predicted| g.start < p.end && p.start < g.end;
    for g in gold {
        let gv = g.value.as_deref().unwrap_or("");
        match pred.iter().find(|p| overlaps(g, p)) {
            None => {
                let _ = writeln!(
                    out,
                    "MISS\t{dct}\t{}\t{gv}\t\t\t{}",
                    slice(g.start, g.end),
                    slice(g.start.saturating_sub(60), g.end + 40)
                );
            }
            Some(p) => {
                let pv = p.value.as_deref().unwrap_or("");
                if pv != gv || p.start != g.start || p.end != g.end {
                    let _ = writeln!(
                        out,
                        "DIFF\t{dct}\t{}\t{gv}\t{}\t{pv}\t{}",
                        slice(g.start, g.end),
                        slice(p.start, p.end),
                        slice(p.start.saturating_sub(60), p.end + 40)
                    );
                }
            }
        }
    }
    for p in pred {
        if !gold.iter().any(|g| overlaps(g, p)) {
            let _ = writeln!(
                out,
                "EXTRA\t{dct}\t{}\t{}\t{}",
                slice(p.start, p.end),
                p.value.as_deref().unwrap_or(""),
                slice(p.start.saturating_sub(60), p.end + 40)
            );
        }
    }
}

/// The TempEval-3 figures for temporal expressions.
pub fn render(c: &Counts) -> String {
    let (s, r, v) = (c.strict(), c.relaxed(), c.value());
    let mut out = String::new();
    let _ = writeln!(
        out,
        "timex     gold {:>5}  predicted {:>5}",
        c.gold, c.predicted
    );
    let _ = writeln!(out, "{:<16} {:>6} {:>6} {:>6}", "", "P", "R", "F1");
    for (name, m) in [("strict span", s), ("relaxed span", r), ("value", v)] {
        let _ = writeln!(out, "{name:<16} {:>6.3} {:>6.3} {:>6.3}", m.p, m.r, m.f1);
    }
    let _ = writeln!(
        out,
        "type accuracy    {:.3}   value accuracy {:.3} (on relaxed matches)",
        c.type_accuracy(),
        c.value_accuracy()
    );
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const TML: &str = r#"<?xml version="1.0" ?>
<TimeML>
<DOCID>X1</DOCID>
<DCT><TIMEX3 tid="t0" type="DATE" value="1998-08-07" functionInDocument="CREATION_TIME">1998-08-07</TIMEX3></DCT>
<TITLE>Blasts &amp; more</TITLE>
<TEXT>
Bombs <EVENT eid="e1" class="OCCURRENCE">exploded</EVENT> <TIMEX3 tid="t1" type="DATE" value="1998-08-07">Friday</TIMEX3>, AT&amp;T said <TIMEX3 tid="t2" type="DURATION" value="P2D">two days</TIMEX3> later.
</TEXT>
</TimeML>"#;

    #[test]
    fn reads_dct_text_and_spans() {
        let d = parse_timeml(TML, "x.tml").unwrap();
        assert_eq!(d.id, "X1");
        assert_eq!(d.published.as_deref(), Some("1998-08-07"));
        assert_eq!(d.title.as_deref(), Some("Blasts & more"));
        assert_eq!(
            d.text,
            "\nBombs exploded Friday, AT&T said two days later.\n"
        );
        let chars: Vec<char> = d.text.chars().collect();
        let s: String = chars[d.spans[0].start..d.spans[0].end].iter().collect();
        assert_eq!(s, "Friday");
        assert_eq!(d.spans[1].value.as_deref(), Some("P2D"));
        assert_eq!(d.spans[1].timex_type.as_deref(), Some("DURATION"));
    }

    #[test]
    fn week_numbers_take_two_digits() {
        assert_eq!(iso_week("2000-W7"), "2000-W07");
        assert_eq!(iso_week("2000-W7-WE"), "2000-W07-WE");
        assert_eq!(iso_week("2000-W07"), "2000-W07");
        assert_eq!(iso_week("1989-W44"), "1989-W44");
        assert_eq!(iso_week("1989-WXX"), "1989-WXX");
        assert_eq!(iso_week("P7W"), "P7W");
        assert_eq!(iso_week("2000-W"), "2000-W");
    }

    #[test]
    fn scores_the_extractor() {
        let d = parse_timeml(TML, "x.tml").unwrap();
        let c = evaluate_dates(&Resources::builtin(), &[d], None);
        assert_eq!(c.gold, 2);
        assert!(c.relaxed >= 1);
    }
}
