//! Money against the shared gold sets: the seed articles' amounts
//! (`gold/seeds.yaml`) and the MEANTIME Apple articles
//! (`gold/meantime-apple/gold.jsonl`). Skipped when `../shared` is absent.

mod common;

use newsline::ingest::{IngestOptions, RawItems};
use newsline::model::Kind;
use newsline::{Pipeline, Resources};
use serde::Deserialize;
use std::collections::{BTreeMap, BTreeSet};

#[derive(Deserialize)]
struct Seeds {
    documents: BTreeMap<String, SeedDoc>,
}

#[derive(Deserialize)]
struct SeedDoc {
    #[serde(default)]
    money: Vec<String>,
    #[serde(default)]
    money_links: Vec<MoneyLink>,
}

#[derive(Deserialize)]
struct MoneyLink {
    amount: String,
    equivalent: String,
}

fn pipeline() -> Pipeline {
    Pipeline::new(Resources::builtin(), IngestOptions::default())
}

#[test]
fn seeds_report_every_amount_exactly_and_nothing_else() {
    let Some(shared) = common::shared() else {
        return;
    };
    let yaml = std::fs::read_to_string(shared.join("gold/seeds.yaml")).unwrap();
    let seeds: Seeds = serde_saphyr::from_str(&yaml).unwrap();
    let pipeline = pipeline();
    for (name, gold) in &seeds.documents {
        let path = shared.join("seeds").join(name);
        let item = RawItems::new(&[path], 16 << 20).next().unwrap().unwrap();
        let x = pipeline.process(&item).unwrap();
        let money: Vec<_> = x
            .mentions
            .iter()
            .filter(|m| m.kind == Kind::Money)
            .collect();
        let found: BTreeSet<&str> = money
            .iter()
            .filter_map(|m| m.attrs.value.as_deref())
            .collect();
        let expected: BTreeSet<&str> = gold.money.iter().map(String::as_str).collect();
        assert_eq!(found, expected, "{name}");
        for link in &gold.money_links {
            assert!(
                money
                    .iter()
                    .any(|m| m.attrs.value.as_ref() == Some(&link.amount)
                        && m.attrs.equivalent.as_ref() == Some(&link.equivalent)),
                "{name}: {} not linked to {}",
                link.amount,
                link.equivalent
            );
        }
    }
}

#[test]
fn meantime_money_relaxed_f1_and_every_match_valued() {
    let Some(shared) = common::shared() else {
        return;
    };
    let docs =
        newsline::eval::read_gold_jsonl(&shared.join("gold/meantime-apple/gold.jsonl")).unwrap();
    let pipeline = pipeline();
    let report = newsline::eval::evaluate(&pipeline, &docs);
    let money = report["money"];
    assert!(money.relaxed().f1 >= 0.95, "money {:?}", money.relaxed());

    // Every predicted amount that meets a gold amount carries a value.
    for doc in &docs {
        let predicted = newsline::eval::predict(&pipeline, doc);
        for gold in doc.spans.iter().filter(|s| s.label == "money") {
            let overlapping = predicted
                .iter()
                .find(|p| p.kind == Kind::Money && p.start < gold.end && gold.start < p.end);
            let p = overlapping.unwrap_or_else(|| panic!("{}: {gold:?} missed", doc.id));
            let value = p.value.as_deref().unwrap_or("");
            assert!(value.starts_with("USD "), "{}: {value:?}", doc.id);
        }
    }
}
