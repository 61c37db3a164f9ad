//! Scoring extraction against gold annotations: spans matched strictly (same
//! boundaries) or relaxed (overlap), one-to-one; normalised values compared
//! on relaxed matches (TempEval-3 style).
//!
//! Gold comes in the span format of design.md (one JSON document a line:
//! `id`, `published`, `title`, `text`, `spans` with code-point offsets).

pub mod story;
pub mod timeml;

use crate::model::{DateSource, Document, Kind, Published};
use crate::pipeline::Pipeline;
use crate::text::CharIndex;
use anyhow::Context as _;
use serde::Deserialize;
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::Path;

/// One annotated document.
#[derive(Debug, Clone, Deserialize)]
pub struct GoldDoc {
    pub id: String,
    #[serde(default)]
    pub published: Option<String>,
    #[serde(default)]
    pub title: Option<String>,
    pub text: String,
    #[serde(default)]
    pub spans: Vec<GoldSpan>,
    /// Where the annotation stops (code points): MEANTIME annotates only the
    /// first sentences, so predictions from here on are not scored.
    #[serde(default)]
    pub annotated_until: Option<usize>,
}

/// A gold span; offsets in code points.
#[derive(Debug, Clone, Deserialize)]
pub struct GoldSpan {
    pub label: String,
    pub start: usize,
    pub end: usize,
    #[serde(default)]
    pub value: Option<String>,
    /// TIMEX3 type, where the gold has one.
    #[serde(default)]
    pub timex_type: Option<String>,
    /// The span's text, when the gold gives it: checked against the offsets.
    #[serde(default)]
    pub text: Option<String>,
}

/// Read a span-format JSONL file. Spans are checked: a label newsline does
/// not know or an offset outside the text is an error naming the line, not
/// a table of zeros.
pub fn read_gold_jsonl(path: &Path) -> anyhow::Result<Vec<GoldDoc>> {
    let text =
        std::fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))?;
    let docs = text
        .lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
        .map(|(i, l)| {
            let doc: GoldDoc =
                serde_json::from_str(l).with_context(|| format!("{}:{}", path.display(), i + 1))?;
            check_gold(&doc).with_context(|| format!("{}:{}", path.display(), i + 1))?;
            Ok(doc)
        })
        .collect::<anyhow::Result<Vec<GoldDoc>>>()?;
    if docs.is_empty() {
        anyhow::bail!("{}: no gold documents", path.display());
    }
    Ok(docs)
}

/// Gold labels newsline reads but does not score (it extracts no products).
const UNSCORED_LABELS: [&str; 3] = ["pro", "product", "misc"];

/// A gold document's spans: known labels, offsets within the text.
fn check_gold(doc: &GoldDoc) -> anyhow::Result<()> {
    let chars = doc.text.chars().count();
    for s in &doc.spans {
        if kinds_for_label(&s.label).is_none() && !UNSCORED_LABELS.contains(&s.label.as_str()) {
            anyhow::bail!(
                "unknown label {:?} (known: org, per, person, loc, place, date, timex, money, \
                 percent, quantity; read but not scored: {})",
                s.label,
                UNSCORED_LABELS.join(", ")
            );
        }
        if s.start > s.end || s.end > chars {
            anyhow::bail!(
                "span {}..{} ({}) is outside the text of {chars} code points \
                 (offsets count code points, not bytes)",
                s.start,
                s.end,
                s.label
            );
        }
        if let Some(want) = &s.text {
            let got: String = doc
                .text
                .chars()
                .skip(s.start)
                .take(s.end - s.start)
                .collect();
            if &got != want {
                anyhow::bail!(
                    "span {}..{} cuts {got:?} out of the text, not its {want:?} \
                     (offsets count code points, not bytes)",
                    s.start,
                    s.end
                );
            }
        }
    }
    Ok(())
}

/// Which predicted kinds answer a gold label; None for labels newsline does
/// not extract (products, for one).
pub fn kinds_for_label(label: &str) -> Option<fn(Kind) -> bool> {
    Some(match label {
        "org" => Kind::is_org,
        "per" | "person" => |k| k == Kind::Person,
        "loc" | "place" => |k| k == Kind::Place,
        "date" | "timex" => |k| k == Kind::Date,
        "money" => |k| k == Kind::Money,
        "percent" => |k| k == Kind::Percent,
        "quantity" => |k| k == Kind::Quantity,
        _ => return None,
    })
}

/// A predicted span, in code points.
#[derive(Debug, Clone)]
pub struct Predicted {
    pub start: usize,
    pub end: usize,
    pub kind: Kind,
    pub value: Option<String>,
    pub timex_type: Option<String>,
}

/// Counts for one label.
#[derive(Debug, Default, Clone, Copy, PartialEq)]
pub struct Counts {
    pub gold: usize,
    pub predicted: usize,
    pub strict: usize,
    pub relaxed: usize,
    /// Gold spans that carry a normalised value.
    pub gold_valued: usize,
    /// Relaxed matches whose gold span has a value.
    pub with_gold_value: usize,
    /// ... and whose predicted value equals it.
    pub value_correct: usize,
    /// Relaxed matches where both sides have a TIMEX3 type.
    pub with_type: usize,
    pub type_correct: usize,
}

/// Precision, recall, F1.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Prf {
    pub p: f64,
    pub r: f64,
    pub f1: f64,
}

fn prf(hits: usize, predicted: usize, gold: usize) -> Prf {
    let p = if predicted == 0 {
        0.0
    } else {
        hits as f64 / predicted as f64
    };
    let r = if gold == 0 {
        0.0
    } else {
        hits as f64 / gold as f64
    };
    let f1 = if p + r == 0.0 {
        0.0
    } else {
        2.0 * p * r / (p + r)
    };
    Prf { p, r, f1 }
}

impl Counts {
    pub fn strict(&self) -> Prf {
        prf(self.strict, self.predicted, self.gold)
    }
    pub fn relaxed(&self) -> Prf {
        prf(self.relaxed, self.predicted, self.gold)
    }
    /// TempEval-3 value F1: a relaxed match with an equal value is a hit,
    /// counted against all predictions and all gold spans.
    pub fn value(&self) -> Prf {
        prf(self.value_correct, self.predicted, self.gold)
    }
    /// Share of relaxed matches (with a gold value) whose value is right.
    pub fn value_accuracy(&self) -> f64 {
        ratio(self.value_correct, self.with_gold_value)
    }
    pub fn type_accuracy(&self) -> f64 {
        ratio(self.type_correct, self.with_type)
    }
    pub(crate) fn add(&mut self, o: &Counts) {
        self.gold += o.gold;
        self.predicted += o.predicted;
        self.strict += o.strict;
        self.relaxed += o.relaxed;
        self.gold_valued += o.gold_valued;
        self.with_gold_value += o.with_gold_value;
        self.value_correct += o.value_correct;
        self.with_type += o.with_type;
        self.type_correct += o.type_correct;
    }
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 {
        0.0
    } else {
        a as f64 / b as f64
    }
}

/// Score one document's predictions for one label.
pub fn score_spans(gold: &[&GoldSpan], predicted: &[&Predicted]) -> Counts {
    let mut c = Counts {
        gold: gold.len(),
        gold_valued: gold.iter().filter(|g| g.value.is_some()).count(),
        predicted: predicted.len(),
        ..Counts::default()
    };
    let mut strict_used = vec![false; predicted.len()];
    for g in gold {
        if let Some(i) = (0..predicted.len()).find(|&i| {
            !strict_used[i] && predicted[i].start == g.start && predicted[i].end == g.end
        }) {
            strict_used[i] = true;
            c.strict += 1;
        }
    }
    // Relaxed: each gold takes the unused prediction it overlaps most.
    let mut used = vec![false; predicted.len()];
    for g in gold {
        let best = (0..predicted.len())
            .filter(|&i| !used[i])
            .map(|i| {
                let p = predicted[i];
                let overlap = g.end.min(p.end).saturating_sub(g.start.max(p.start));
                (overlap, i)
            })
            .filter(|&(overlap, _)| overlap > 0)
            .max_by_key(|&(overlap, i)| (overlap, std::cmp::Reverse(i)));
        let Some((_, i)) = best else { continue };
        used[i] = true;
        c.relaxed += 1;
        let p = predicted[i];
        if let Some(gv) = &g.value {
            c.with_gold_value += 1;
            if p.value.as_deref() == Some(gv.as_str()) {
                c.value_correct += 1;
            }
        }
        if let (Some(gt), Some(pt)) = (&g.timex_type, &p.timex_type) {
            c.with_type += 1;
            if gt.eq_ignore_ascii_case(pt) {
                c.type_correct += 1;
            }
        }
    }
    c
}

/// Run the pipeline on a gold document's text, with its publication date as
/// metadata, and return the predictions in code points.
pub fn predict(pipeline: &Pipeline, gold: &GoldDoc) -> Vec<Predicted> {
    let published = gold
        .published
        .as_deref()
        .and_then(crate::ingest::metadata_date)
        .map(|date| Published {
            date: Some(date),
            raw: None,
            source: DateSource::Metadata,
            basis: Some("gold".into()),
        })
        .unwrap_or_default();
    let doc = Document {
        id: gold.id.clone(),
        source: gold.id.clone(),
        title: gold.title.clone(),
        text: gold.text.clone(),
        published,
        ..Document::default()
    };
    let x = pipeline.analyse(doc);
    let idx = CharIndex::new(&x.doc.text);
    x.mentions
        .iter()
        .map(|m| Predicted {
            start: idx.chars(m.span.start),
            end: idx.chars(m.span.end),
            kind: m.kind,
            value: m.attrs.value.clone(),
            timex_type: m.attrs.timex_type.clone(),
        })
        .collect()
}

/// Counts per gold label over a set of documents.
pub type Report = BTreeMap<String, Counts>;

/// Score every label of the gold documents that newsline extracts.
pub fn evaluate(pipeline: &Pipeline, docs: &[GoldDoc]) -> Report {
    evaluate_listing(pipeline, docs, None)
}

/// The same, and (when asked) one line per disagreement, as for TimeML,
/// each led by the gold label.
pub fn evaluate_listing(
    pipeline: &Pipeline,
    docs: &[GoldDoc],
    mut disagreements: Option<&mut String>,
) -> Report {
    // Every label of the set is scored in every document, so a prediction in
    // a document without gold spans of its label counts against precision.
    let mut labels: Vec<&str> = docs
        .iter()
        .flat_map(|d| d.spans.iter().map(|s| s.label.as_str()))
        .collect();
    labels.sort_unstable();
    labels.dedup();
    let mut report = Report::new();
    for doc in docs {
        let mut predicted = predict(pipeline, doc);
        if let Some(until) = doc.annotated_until {
            predicted.retain(|p| p.start < until);
        }
        for &label in &labels {
            let Some(matches) = kinds_for_label(label) else {
                continue;
            };
            let gold: Vec<&GoldSpan> = doc.spans.iter().filter(|s| s.label == label).collect();
            let pred: Vec<&Predicted> = predicted.iter().filter(|p| matches(p.kind)).collect();
            report
                .entry(label.to_string())
                .or_default()
                .add(&score_spans(&gold, &pred));
            if let Some(out) = disagreements.as_deref_mut() {
                let mut lines = String::new();
                timeml::list_disagreements(doc, &gold, &pred, &mut lines);
                for line in lines.lines() {
                    let _ = writeln!(out, "{label}\t{line}");
                }
            }
        }
    }
    report
}

/// The report as a fixed-width table.
pub fn render(report: &Report) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{:<9} {:>5} {:>5}  {:>6} {:>6} {:>6}  {:>6} {:>6} {:>6}  {:>6} {:>6}  {:>6}",
        "label",
        "gold",
        "pred",
        "str-P",
        "str-R",
        "str-F1",
        "rel-P",
        "rel-R",
        "rel-F1",
        "val-F1",
        "val-acc",
        "type"
    );
    for (label, c) in report {
        let (s, r, v) = (c.strict(), c.relaxed(), c.value());
        let typ = if c.with_type > 0 {
            format!("{:.3}", c.type_accuracy())
        } else {
            "-".into()
        };
        // Name labels carry the gold's entity ids as values: not comparable.
        let valued = kinds_for_label(label)
            .is_some_and(|m| !Kind::ALL.into_iter().any(|k| k.is_name() && m(k)));
        let (vf, va) = if valued && c.gold_valued > 0 {
            (format!("{:.3}", v.f1), format!("{:.3}", c.value_accuracy()))
        } else {
            ("-".into(), "-".into())
        };
        let _ = writeln!(
            out,
            "{:<9} {:>5} {:>5}  {:>6.3} {:>6.3} {:>6.3}  {:>6.3} {:>6.3} {:>6.3}  {:>6} {:>6}  {:>6}",
            label, c.gold, c.predicted, s.p, s.r, s.f1, r.p, r.r, r.f1, vf, va, typ
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn g(start: usize, end: usize, value: &str) -> GoldSpan {
        GoldSpan {
            label: "date".into(),
            start,
            end,
            value: Some(value.into()),
            timex_type: None,
            text: None,
        }
    }

    fn p(start: usize, end: usize, value: &str) -> Predicted {
        Predicted {
            start,
            end,
            kind: Kind::Date,
            value: Some(value.into()),
            timex_type: None,
        }
    }

    #[test]
    fn strict_relaxed_and_value() {
        let gold = [g(0, 5, "2020"), g(10, 20, "2021-01"), g(30, 35, "P1D")];
        let pred = [p(0, 5, "2020"), p(12, 20, "2021-02"), p(40, 45, "x")];
        let c = score_spans(
            &gold.iter().collect::<Vec<_>>(),
            &pred.iter().collect::<Vec<_>>(),
        );
        assert_eq!((c.gold, c.predicted, c.strict, c.relaxed), (3, 3, 1, 2));
        assert_eq!((c.with_gold_value, c.value_correct), (2, 1));
        assert!((c.relaxed().f1 - 2.0 / 3.0).abs() < 1e-9);
        assert!((c.value().f1 - 1.0 / 3.0).abs() < 1e-9);
    }

    #[test]
    fn predictions_past_the_annotated_part_are_not_scored() {
        let pipeline = Pipeline::new(
            crate::resources::Resources::builtin(),
            crate::ingest::IngestOptions::default(),
        );
        let text = "It costs $5 today. Later it costs $6.";
        let doc = GoldDoc {
            id: "t".into(),
            published: None,
            title: None,
            text: text.into(),
            spans: vec![GoldSpan {
                label: "money".into(),
                start: 9,
                end: 11,
                value: None,
                timex_type: None,
                text: None,
            }],
            annotated_until: Some(18),
        };
        let money = evaluate(&pipeline, &[doc])["money"];
        assert_eq!((money.gold, money.predicted, money.strict), (1, 1, 1));
    }

    #[test]
    fn one_to_one_matching() {
        let gold = [g(0, 10, "a")];
        let pred = [p(0, 4, "a"), p(5, 10, "a")];
        let c = score_spans(
            &gold.iter().collect::<Vec<_>>(),
            &pred.iter().collect::<Vec<_>>(),
        );
        assert_eq!(c.relaxed, 1);
        assert_eq!(c.predicted, 2);
    }
}
