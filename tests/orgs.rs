//! The organizations figures: the seeds' companies and agencies per
//! document, MEANTIME org mentions, no seed company named in the code or the
//! data, and the `entities` command. Skipped when ../shared is absent.

mod common;

use newsline::ingest::{IngestOptions, RawItems};
use newsline::link::fold;
use newsline::{Entity, Kind, Pipeline, Resources};
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::Path;

#[derive(Deserialize)]
struct Seeds {
    entities: Vec<GoldEntity>,
    documents: BTreeMap<String, GoldDocument>,
}

#[derive(Deserialize)]
struct GoldEntity {
    name: String,
    kind: String,
    #[serde(default)]
    aliases: Vec<String>,
}

#[derive(Deserialize)]
struct GoldDocument {
    #[serde(default)]
    companies: Vec<String>,
    #[serde(default)]
    agencies: Vec<String>,
}

fn read_seeds(shared: &Path) -> Seeds {
    let text = std::fs::read_to_string(shared.join("gold/seeds.yaml")).expect("seeds.yaml");
    serde_saphyr::from_str(&text).expect("seeds.yaml parses")
}

/// The entities the pipeline finds in one file.
fn entities_of(pipeline: &Pipeline, path: &Path) -> Vec<Entity> {
    let item = RawItems::new(&[path.to_path_buf()], 16 << 20)
        .next()
        .expect("one input")
        .expect("readable");
    pipeline.process(&item).expect("accepted").entities
}

/// Matches, predictions and gold names of one kind in one document: a
/// predicted entity matches a gold one when any of their names or aliases
/// fold to the same key; each matches once.
fn count(found: &[&Entity], gold: &[String], seeds: &Seeds) -> (usize, usize, usize) {
    let names_of = |g: &str| -> Vec<String> {
        let e = seeds.entities.iter().find(|e| e.name == g);
        std::iter::once(g.to_string())
            .chain(e.into_iter().flat_map(|e| e.aliases.clone()))
            .map(|n| fold(&n))
            .collect()
    };
    let mut used = vec![false; found.len()];
    let mut hits = 0;
    for g in gold {
        let keys = names_of(g);
        let matched = (0..found.len()).find(|&i| {
            !used[i]
                && std::iter::once(&found[i].name)
                    .chain(&found[i].aliases)
                    .any(|n| keys.contains(&fold(n)))
        });
        if let Some(i) = matched {
            used[i] = true;
            hits += 1;
        }
    }
    (hits, found.len(), gold.len())
}

fn f1((hits, predicted, gold): (usize, usize, usize)) -> f64 {
    if hits == 0 {
        return 0.0;
    }
    let (p, r) = (hits as f64 / predicted as f64, hits as f64 / gold as f64);
    2.0 * p * r / (p + r)
}

#[test]
fn seed_companies_and_agencies_per_document() {
    let Some(shared) = common::shared() else {
        return;
    };
    let seeds = read_seeds(&shared);
    let pipeline = Pipeline::new(Resources::builtin(), IngestOptions::default());
    let mut totals = [(0, 0, 0); 2];
    for (file, gold) in &seeds.documents {
        let entities = entities_of(&pipeline, &shared.join("seeds").join(file));
        for (k, (kind, names)) in [
            (Kind::Company, &gold.companies),
            (Kind::Agency, &gold.agencies),
        ]
        .into_iter()
        .enumerate()
        {
            let found: Vec<&Entity> = entities.iter().filter(|e| e.kind == kind).collect();
            let c = count(&found, names, &seeds);
            eprintln!(
                "{file} {}: {}/{} found, {} gold: {:?}",
                kind.as_str(),
                c.0,
                c.1,
                c.2,
                found.iter().map(|e| &e.name).collect::<Vec<_>>()
            );
            totals[k] = (totals[k].0 + c.0, totals[k].1 + c.1, totals[k].2 + c.2);
        }
    }
    let (companies, agencies) = (f1(totals[0]), f1(totals[1]));
    eprintln!("seeds: companies F1 {companies:.3}, agencies F1 {agencies:.3}");
    assert!(companies >= 0.9, "companies F1 {companies:.3}");
    assert!(agencies >= 0.9, "agencies F1 {agencies:.3}");
}

#[test]
fn meantime_org_mentions() {
    let Some(shared) = common::shared() else {
        return;
    };
    let docs = newsline::eval::read_gold_jsonl(&shared.join("gold/meantime-apple/gold.jsonl"))
        .expect("gold");
    let pipeline = Pipeline::new(Resources::builtin(), IngestOptions::default());
    let report = newsline::eval::evaluate(&pipeline, &docs);
    let org = &report["org"];
    let (strict, relaxed) = (org.strict().f1, org.relaxed().f1);
    eprintln!("meantime org: strict F1 {strict:.3}, relaxed F1 {relaxed:.3}");
    assert!(relaxed >= 0.85, "relaxed F1 {relaxed:.3}");
    assert!(strict >= 0.75, "strict F1 {strict:.3}");
}

/// Facts come from general rules: no seed company is named in the code or
/// the data (the names are read from the gold, not written here).
#[test]
fn no_seed_company_in_code_or_data() {
    let Some(shared) = common::shared() else {
        return;
    };
    let seeds = read_seeds(&shared);
    let names: Vec<String> = seeds
        .entities
        .iter()
        .filter(|e| e.kind == "company")
        .flat_map(|e| std::iter::once(e.name.clone()).chain(e.aliases.clone()))
        .map(|n| n.to_lowercase())
        .collect();
    let root = common::root();
    for dir in ["src", "data"] {
        for entry in walkdir::WalkDir::new(root.join(dir)) {
            let entry = entry.expect("readable tree");
            if !entry.file_type().is_file() {
                continue;
            }
            let text = std::fs::read_to_string(entry.path())
                .unwrap_or_default()
                .to_lowercase();
            for name in &names {
                assert!(
                    !text.contains(name.as_str()),
                    "{} names {name}",
                    entry.path().display()
                );
            }
        }
    }
}

#[test]
fn entities_command_lists_a_corpus() {
    let Some(shared) = common::shared() else {
        return;
    };
    let out = assert_cmd::Command::cargo_bin("newsline")
        .expect("binary")
        .args(["entities", "--kind", "agency", "--format", "json"])
        .arg(shared.join("seeds"))
        .output()
        .expect("runs");
    assert!(out.status.success());
    let list: Vec<serde_json::Value> = serde_json::from_slice(&out.stdout).expect("json");
    let ofac = list
        .iter()
        .find(|e| e["name"] == "Office of Foreign Assets Control")
        .expect("OFAC listed");
    assert_eq!(ofac["kind"], "agency");
    assert!(ofac["documents"].as_u64().unwrap() >= 2);
    assert!(ofac["aliases"]
        .as_array()
        .unwrap()
        .iter()
        .any(|a| a == "OFAC"));
    assert!(list.iter().all(|e| e["kind"] == "agency"));
}
