//! The date extractor against a table of expressions (tests/dates_table.tsv)
//! and the publication-date inference.

mod common;

use jiff::civil::Date;
use newsline::extract::{dates, Context};
use newsline::model::{DateSource, Document, Published, Region, Role};
use newsline::{Mention, Pipeline, Resources};

const TABLE: &str = include_str!("dates_table.tsv");

fn document(text: &str, published: Option<Date>) -> Document {
    Document {
        id: "t".into(),
        source: "t".into(),
        text: text.into(),
        published: Published {
            date: published,
            source: if published.is_some() {
                DateSource::Metadata
            } else {
                DateSource::None
            },
            ..Published::default()
        },
        ..Document::default()
    }
}

fn extract(res: &Resources, doc: &Document) -> Vec<Mention> {
    let sentences = newsline::text::split_sentences(doc, &res.abbreviations);
    let ctx = Context {
        doc,
        sentences: &sentences,
        res,
    };
    dates::extract(&ctx)
}

#[test]
fn expression_table() {
    let res = Resources::builtin();
    let mut failures = Vec::new();
    let mut rows = 0;
    for line in TABLE
        .lines()
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
    {
        rows += 1;
        let cols: Vec<&str> = line.split('\t').collect();
        // "\n" in a sentence is a line break: paragraphs in one row.
        let sentence = cols[0].replace("\\n", "\n");
        let (sentence, published, kind) = (sentence.as_str(), cols[1], cols[2]);
        let published = (published != "-").then(|| published.parse().expect("a date"));
        let start = sentence.find('[');
        let text = sentence.replace(['[', ']'], "");
        let found = extract(&res, &document(&text, published));
        if kind == "NONE" {
            if !found.is_empty() {
                let got: Vec<&str> = found.iter().map(|m| m.text(&text)).collect();
                failures.push(format!("{line}\n    expected no date, got {got:?}"));
            }
            continue;
        }
        let start = start.expect("a [bracketed] expression");
        let end = sentence.find(']').expect("a closing bracket") - 1;
        let (value, modifier) = (cols[3], cols.get(4).copied());
        let hit = found.iter().find(|m| m.span == (start..end));
        let ok = hit.is_some_and(|m| {
            m.attrs.timex_type.as_deref() == Some(kind)
                && m.attrs.value.as_deref() == Some(value)
                && m.attrs.modifier.as_deref() == modifier
        });
        if !ok {
            let got: Vec<String> = found
                .iter()
                .map(|m| {
                    format!(
                        "{:?} {} {} {}",
                        m.text(&text),
                        m.attrs.timex_type.as_deref().unwrap_or("-"),
                        m.attrs.value.as_deref().unwrap_or("-"),
                        m.attrs.modifier.as_deref().unwrap_or("")
                    )
                })
                .collect();
            failures.push(format!("{line}\n    got {got:?}"));
        }
    }
    assert!(rows >= 400, "the table has {rows} rows");
    assert!(
        failures.is_empty(),
        "{} of {rows} rows failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn related_items_count_from_their_own_date() {
    let res = Resources::builtin();
    let text = "SenseTime pulls its listing\n\nThe company said Monday it would wait. \
                The announcement came three weeks after the exchange gave the go-ahead.";
    let mut doc = document(text, Some("2021-12-15".parse().unwrap()));
    let related = text.find("The company").unwrap();
    let mut region = Region::new(related..text.len(), Role::Related);
    region.published = Some("2021-12-13".parse().unwrap());
    doc.regions.push(region);
    let found = extract(&res, &doc);
    let by_text = |t: &str| found.iter().find(|m| m.text(text) == t).expect(t);
    let monday = by_text("Monday");
    assert_eq!(monday.attrs.value.as_deref(), Some("2021-12-13"));
    assert_eq!(monday.attrs.anchor.as_deref(), Some("related"));
    let after = by_text("three weeks after");
    assert_eq!(after.attrs.value.as_deref(), Some("2021-W47"));
    assert_eq!(after.attrs.anchor.as_deref(), Some("related"));
}

#[test]
fn unresolved_values_say_so() {
    let res = Resources::builtin();
    let text = "The company said on Friday that it would wait.";
    let found = extract(&res, &document(text, None));
    assert_eq!(found[0].attrs.anchor.as_deref(), Some("none"));
    let text = "The company said on December 10, 2021 that it would wait.";
    let found = extract(&res, &document(text, None));
    assert_eq!(found[0].attrs.anchor, None);
}

fn analyse(text: &str) -> newsline::Extraction {
    let pipeline = Pipeline::new(Resources::builtin(), Default::default());
    pipeline.analyse(document(text, None))
}

#[test]
fn weekday_and_day_fix_the_year_below_the_copyright_horizon() {
    let text = "Firm pulls listing\n\nAccording to a report on Sunday, Dec. 12, the firm \
                will wait. It said on Monday, Dec. 13 that the listing is off.\n\n\
                ⓒ 2024 EXAMPLE.com All rights reserved.\n";
    let x = analyse(text);
    assert_eq!(x.doc.published.source, DateSource::Inferred);
    assert_eq!(x.doc.published.date, Some("2021-12-13".parse().unwrap()));
    let basis = x.doc.published.basis.unwrap();
    assert!(basis.contains("Monday, Dec. 13"), "{basis}");
    // Relative dates now count from the inferred date.
    let text2 = &x.doc.text;
    let dec12 = x
        .mentions
        .iter()
        .find(|m| m.text(text2) == "Sunday, Dec. 12");
    assert_eq!(
        dec12.and_then(|m| m.attrs.value.as_deref()),
        Some("2021-12-12")
    );
}

#[test]
fn a_years_figures_are_told_after_that_year() {
    // "June 30" without a year: the only year named is that of last
    // year's revenue, so the story is of the year after.
    let text = "Firm pulls listing\n\nThe firm said its revenue in 2018 rose 20% to \
                $3 billion. It withdrew its listing application on June 30.\n";
    let x = analyse(text);
    assert_eq!(x.doc.published.date, Some("2019-06-30".parse().unwrap()));
    let basis = x.doc.published.basis.unwrap();
    assert!(basis.contains("figures follow"), "{basis}");
    // A year named for another reason (a founding) is the story's year at
    // the latest; a forecast for a year is no figure told after it.
    for (text, day) in [
        (
            "Firm pulls listing\n\nThe firm, founded in 2018, withdrew its application on June 30.\n",
            "2018-06-30",
        ),
        (
            "Firm pulls listing\n\nThe firm expects 2018 revenue to double. It withdrew its \
             application on June 30.\n",
            "2018-06-30",
        ),
        (
            "Firm pulls listing\n\nThe firm said fiscal 2018 sales rose. It withdrew its \
             application on June 30.\n",
            "2018-06-30",
        ),
    ] {
        let x = analyse(text);
        assert_eq!(x.doc.published.date, Some(day.parse().unwrap()), "{text}");
    }
}

#[test]
fn several_weekdays_vote_for_the_year() {
    // Two weekday + day pairs agree on 2019; "Monday, Sept. 30" alone would
    // also fit 2013, and the latest year named (2020, a forecast) fits
    // neither.
    let text = "Firm pulls listing\n\nThe firm said on Monday, Sept. 30 that it would wait, \
                after a report on Friday, Sept. 27. It hopes to list in 2020.\n";
    let x = analyse(text);
    assert_eq!(x.doc.published.date, Some("2019-09-30".parse().unwrap()));
    assert!(x.doc.published.basis.unwrap().contains("weekday"));
}

#[test]
fn captions_and_footers_never_date_the_story() {
    // Only the copyright line and a caption have years: nothing to infer.
    let text = "Firm pulls listing\n\nThe firm said on Friday it would wait.\n\n\
                ⓒ 2024 EXAMPLE.com All rights reserved.\n";
    let x = analyse(text);
    assert_eq!(x.doc.published.source, DateSource::None);
    assert_eq!(x.doc.published.date, None);
}

#[test]
fn a_dateline_sets_the_date() {
    let text = "Firm pulls listing\n\nHONG KONG, Nov. 3, 2021 — The firm said on Dec. 1 it \
                would wait.\n";
    let x = analyse(text);
    assert_eq!(x.doc.published.date, Some("2021-11-03".parse().unwrap()));
    assert!(x.doc.published.basis.unwrap().starts_with("dateline"));
}

#[test]
fn seed_000_infers_its_publication_date() {
    let Some(shared) = common::shared() else {
        return;
    };
    let path = shared.join("seeds/000_454a7dfe060fc64f.txt");
    let pipeline = Pipeline::new(Resources::builtin(), Default::default());
    let item = newsline::ingest::RawItems::new(&[path], 1 << 20)
        .next()
        .unwrap()
        .unwrap();
    let x = pipeline.process(&item).unwrap();
    assert_eq!(x.doc.published.source, DateSource::Inferred);
    assert_eq!(x.doc.published.date, Some("2021-12-13".parse().unwrap()));
    // The caption's "JULY 07" and the footer's year are reported, marked.
    let text = &x.doc.text;
    let july = x
        .mentions
        .iter()
        .find(|m| m.text(text) == "JULY 07")
        .unwrap();
    assert_eq!(july.attrs.value.as_deref(), Some("2021-07-07"));
    assert_eq!(july.attrs.role, Some(Role::Caption));
}

#[test]
fn long_text_without_breaks_stays_fast() {
    let res = Resources::builtin();
    let text = "said Friday that in May two weeks ago prices fell 3% ".repeat(100_000);
    let started = std::time::Instant::now();
    let found = extract(&res, &document(&text, Some("2021-12-13".parse().unwrap())));
    assert_eq!(found.len(), 300_000);
    assert!(started.elapsed().as_secs() < 20);
}

mod never_panics {
    use super::*;
    use proptest::prelude::*;

    /// Pieces that drive the grammar into its corners, glued at random.
    const PIECES: &[&str] = &[
        "Dec.",
        "13",
        ",",
        "2021",
        "-",
        "/",
        ":",
        "'",
        "’s",
        "the",
        "last",
        "next",
        "a",
        "year",
        "years",
        "quarter",
        "Q",
        "4",
        "1990s",
        "'90s",
        "ago",
        "after",
        "earlier",
        "Friday",
        "May",
        "Sun",
        "fiscal",
        "FY",
        "early",
        "mid",
        "end",
        "of",
        "about",
        "more",
        "than",
        "and",
        "half",
        "1",
        "1/2",
        "2.5",
        "p.m.",
        "noon",
        "T",
        "10",
        "22",
        "Z",
        "every",
        "Mondays",
        "nineteen",
        "ninety",
        "six",
        "20th",
        "century",
        "é",
        "ﬁ",
        "\n",
        "\n\n",
        " ",
        "%",
        "$",
        "—",
        "9999999999",
        "0",
        "31",
        "29",
        "Feb",
        "Christmas",
        "Thanksgiving",
        "tonight",
        "weekend",
        "this",
        "that",
        "following",
    ];

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(400))]
        #[test]
        fn any_mix_of_date_words(picks in proptest::collection::vec((0..PIECES.len(), any::<bool>()), 0..40),
                                 published in proptest::option::of(0i64..200_000)) {
            let res = Resources::builtin();
            let text: String = picks
                .iter()
                .map(|&(i, space)| format!("{}{}", PIECES[i], if space { " " } else { "" }))
                .collect();
            let published = published.map(|d| {
                Date::constant(1600, 1, 1).checked_add(jiff::Span::new().days(d)).unwrap()
            });
            let doc = document(&text, published);
            for m in extract(&res, &doc) {
                prop_assert!(text.is_char_boundary(m.span.start) && text.is_char_boundary(m.span.end));
                prop_assert!(m.attrs.value.is_some());
            }
            let pipeline = Pipeline::new(Resources::builtin(), Default::default());
            let _ = pipeline.analyse(document(&text, None));
        }
    }
}
