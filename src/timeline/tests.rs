//! Merging, filtering and rendering on hand-built reports.

use super::*;
use crate::events::testkit::resources;
use crate::model::{Evidence, Kind};

fn event(kind: &str, subject: &str, date: &str, basis: &str, confidence: f32) -> Event {
    Event {
        kind: kind.into(),
        date: (!date.is_empty()).then(|| date.into()),
        date_basis: basis.into(),
        reported: None,
        via: None,
        subject: subject.into(),
        actor: None,
        money: Vec::new(),
        list: None,
        also_affected: Vec::new(),
        detail: None,
        confidence,
        evidence: Evidence {
            start: 0,
            end: 10,
            text: format!("{subject} {kind} sentence"),
        },
    }
}

fn report(id: &str, published: &str, events: Vec<Event>) -> Report {
    let mut entities: Vec<Entity> = Vec::new();
    for e in &events {
        if !entities.iter().any(|x| x.name == e.subject) {
            entities.push(Entity {
                name: e.subject.clone(),
                kind: Kind::Company,
                aliases: vec![e.subject.clone()],
                mentions: 1,
            });
        }
    }
    Report {
        id: id.into(),
        source: format!("{id}.txt"),
        url: Some(format!("https://example.com/{id}")),
        publisher: None,
        published: Some(published.into()),
        borrowed: false,
        regions: Vec::new(),
        entities,
        events: events
            .into_iter()
            .map(|mut e| {
                e.reported.get_or_insert_with(|| published.into());
                e
            })
            .collect(),
    }
}

fn timeline(reports: &[Report], filter: &Filter) -> Timeline {
    build(reports, &resources().events, filter)
}

fn dates(t: &Timeline) -> Vec<(String, String, usize)> {
    t.events
        .iter()
        .map(|e| {
            (
                e.kind.clone(),
                e.date.clone().unwrap_or_default(),
                e.sources.len(),
            )
        })
        .collect()
}

#[test]
fn one_event_at_several_precisions_is_one_entry() {
    let reports = [
        report(
            "a",
            "2021-12-13",
            vec![event("sanctioned", "Acme", "2019", "explicit", 0.9)],
        ),
        report(
            "b",
            "2021-12-13",
            vec![event("sanctioned", "Acme", "2019-10", "explicit", 0.9)],
        ),
        report(
            "c",
            "2019-10-08",
            vec![event("sanctioned", "Acme", "2019-10-02", "explicit", 0.5)],
        ),
        report(
            "d",
            "2021-12-13",
            vec![event("sanctioned", "Acme", "2020", "reported_speech", 0.6)],
        ),
    ];
    let t = timeline(&reports, &Filter::default());
    assert_eq!(dates(&t), [("sanctioned".into(), "2019-10".into(), 4)]);
    assert!(
        t.events[0].conflicts.is_empty(),
        "precision is no disagreement"
    );
}

#[test]
fn a_day_apart_is_the_same_event_with_a_conflict() {
    let reports = [
        report(
            "a",
            "2021-12-13",
            vec![event("ipo_halted", "Acme", "2021-12-13", "announced", 0.8)],
        ),
        report(
            "b",
            "2021-12-13",
            vec![event("ipo_halted", "Acme", "2021-12-13", "explicit", 0.8)],
        ),
        report(
            "c",
            "2021-12-12",
            vec![event("ipo_halted", "Acme", "2021-12-12", "explicit", 0.8)],
        ),
        report(
            "d",
            "2021-12-13",
            vec![event(
                "ipo_halted",
                "Acme",
                "2021-12-13",
                "publication",
                0.4,
            )],
        ),
    ];
    let t = timeline(&reports, &Filter::default());
    assert_eq!(dates(&t), [("ipo_halted".into(), "2021-12-13".into(), 4)]);
    let c = &t.events[0].conflicts;
    assert_eq!(c.len(), 1);
    assert_eq!(
        (c[0].field.as_str(), c[0].value.as_str()),
        ("date", "2021-12-12")
    );
    assert_eq!(c[0].sources, ["c"]);
}

#[test]
fn reports_without_a_date_join_the_latest_event_before_them() {
    let mut listed = event("sanctioned", "Acme", "2021-12-13", "publication", 0.4);
    listed.list = Some("Entity List".into());
    let mut old = event("sanctioned", "Acme", "2019-10", "explicit", 0.9);
    old.list = Some("the Entity List".into());
    let mut told = event("sanctioned", "Acme", "2020", "reported_speech", 0.6);
    told.list = Some("entity list".into());
    let reports = [
        report("a", "2021-12-13", vec![old]),
        report(
            "b",
            "2021-12-13",
            vec![event("sanctioned", "Acme", "2021-12-10", "explicit", 0.9)],
        ),
        report(
            "c",
            "2021-12-13",
            vec![event(
                "sanctioned",
                "Acme",
                "2021-12-13",
                "publication",
                0.4,
            )],
        ),
        report("d", "2021-12-13", vec![told]),
        // Names the old list, but more than a year after it: a new report.
        report("e", "2021-12-13", vec![listed]),
        report(
            "f",
            "2023-05-01",
            vec![event(
                "sanctioned",
                "Acme",
                "2023-05-01",
                "publication",
                0.4,
            )],
        ),
    ];
    let t = timeline(&reports, &Filter::default());
    let ids: Vec<Vec<&str>> = t
        .events
        .iter()
        .map(|e| e.sources.iter().map(|s| s.id.as_str()).collect())
        .collect();
    assert_eq!(ids, [vec!["a", "d"], vec!["b", "c", "e"], vec!["f"]]);
    assert_eq!(t.events[2].date_basis, "publication");
}

#[test]
fn entities_group_by_canonical_name_and_filter_by_any_alias() {
    let mut a = report(
        "a",
        "2021-12-13",
        vec![event("fine", "Acme", "2021-12-01", "explicit", 0.9)],
    );
    a.entities[0].aliases.push("Acme Corp.".into());
    let b = report(
        "b",
        "2021-12-13",
        vec![event("fine", "Acme Corp.", "2021-12-01", "explicit", 0.9)],
    );
    let c = report(
        "c",
        "2021-12-13",
        vec![event("fine", "Globex", "2021-12-01", "explicit", 0.9)],
    );
    let reports = [a, b, c];
    let all = timeline(&reports, &Filter::default());
    assert_eq!(all.events.len(), 2);
    let acme = timeline(
        &reports,
        &Filter {
            entity: Some("ACME corp".into()),
            ..Filter::default()
        },
    );
    assert_eq!(acme.entity.as_deref(), Some("Acme"));
    assert_eq!(dates(&acme), [("fine".into(), "2021-12-01".into(), 2)]);
}

#[test]
fn filters_by_type_dates_and_sources() {
    let reports = [
        report(
            "a",
            "2021-12-13",
            vec![
                event("fine", "Acme", "2019", "explicit", 0.9),
                event("lawsuit", "Acme", "2021-06", "explicit", 0.9),
                event("statement", "Acme", "2021-12-11", "explicit", 0.9),
            ],
        ),
        report(
            "b",
            "2021-12-13",
            vec![event("lawsuit", "Acme", "2021-06-03", "explicit", 0.9)],
        ),
    ];
    let kinds = |f: Filter| -> Vec<String> {
        timeline(&reports, &f)
            .events
            .into_iter()
            .map(|e| e.kind)
            .collect()
    };
    assert_eq!(kinds(Filter::default()), ["fine", "lawsuit", "statement"]);
    assert_eq!(
        kinds(Filter {
            types: vec!["fine".into(), "statement".into()],
            ..Filter::default()
        }),
        ["fine", "statement"]
    );
    assert_eq!(
        kinds(Filter {
            from: Some("2019-06-01".parse().unwrap()),
            ..Filter::default()
        }),
        ["fine", "lawsuit", "statement"],
        "a year overlapping the range is kept"
    );
    assert_eq!(
        kinds(Filter {
            from: Some("2021-06-04".parse().unwrap()),
            ..Filter::default()
        }),
        ["statement"]
    );
    assert_eq!(
        kinds(Filter {
            to: Some("2020-01-01".parse().unwrap()),
            ..Filter::default()
        }),
        ["fine"]
    );
    assert_eq!(
        kinds(Filter {
            min_sources: 2,
            ..Filter::default()
        }),
        ["lawsuit"]
    );
}

#[test]
fn amounts_keep_the_best_supported_and_record_the_rest() {
    let with = |id: &str, money: &[&str]| {
        let mut e = event("ipo_halted", "Acme", "2021-12-13", "explicit", 0.9);
        e.money = money.iter().map(|m| m.to_string()).collect();
        report(id, "2021-12-13", vec![e])
    };
    let reports = [
        with("a", &["USD 767000000", "HKD 3.85..3.99"]),
        with("b", &["USD 767000000"]),
        with("c", &["USD 750000000"]),
    ];
    let t = timeline(&reports, &Filter::default());
    let e = &t.events[0];
    assert_eq!(e.money, ["USD 767000000", "HKD 3.85..3.99"]);
    assert_eq!(e.conflicts.len(), 1);
    assert_eq!(
        (e.conflicts[0].field.as_str(), e.conflicts[0].value.as_str()),
        ("money", "USD 750000000")
    );
    assert_eq!(
        e.summary,
        "Acme halts its IPO of USD 767 million, HKD 3.85–3.99"
    );
}

#[test]
fn summaries_read_amounts() {
    for (value, want) in [
        ("USD 767000000", "USD 767 million"),
        ("USD 1100000000", "USD 1.1 billion"),
        ("EUR 5000", "EUR 5000"),
        ("HKD 3.85..3.99", "HKD 3.85–3.99"),
        ("odd", "odd"),
    ] {
        assert_eq!(merge::readable_amount(value), want);
    }
}

#[test]
fn one_source_per_outlet_and_related_items_count_apart() {
    let mut related = event("ipo_halted", "Acme", "2021-12-13", "announced", 0.8);
    related.via = Some("Other Outlet".into());
    related.reported = Some("2021-12-12".into());
    let reports = [report(
        "a",
        "2021-12-13",
        vec![
            event("ipo_halted", "Acme", "2021-12-13", "explicit", 0.9),
            event("ipo_halted", "Acme", "2021-12-13", "publication", 0.4),
            related,
        ],
    )];
    let t = timeline(&reports, &Filter::default());
    let s = &t.events[0].sources;
    assert_eq!(s.len(), 2);
    assert_eq!(s[0].via.as_deref(), Some("Other Outlet"));
    assert_eq!(s[0].published.as_deref(), Some("2021-12-12"));
    assert_eq!(s[1].via, None);
}

#[test]
fn summaries_drop_empty_optional_parts() {
    let lex = &resources().events;
    let fill = |actor: Option<&str>| {
        merge::summarise(lex, "sanctioned", &|f| match f {
            "subject" => Some("Acme".into()),
            "actor" => actor.map(Into::into),
            _ => None,
        })
    };
    assert_eq!(fill(Some("The Office")), "The Office sanctions Acme");
    assert_eq!(fill(None), "sanctions Acme");
    assert_eq!(
        merge::summarise(lex, "no_such_type", &|_| Some("Acme".into())),
        "Acme: no_such_type"
    );
}

fn hostile() -> Timeline {
    let mut e = event("statement", "Acme <b>", "2021-12-11", "explicit", 0.9);
    e.evidence.text = "He said \"<script>alert('x')</script>\" & left, | *bold*".into();
    let mut r = report("x\"y", "2021-12-13", vec![e]);
    r.url = Some("javascript:alert(1)".into());
    timeline(&[r], &Filter::default())
}

#[test]
fn html_is_one_page_with_every_article_string_escaped() {
    let page = render(&hostile(), Format::Html);
    assert!(page.starts_with("<!DOCTYPE html>"));
    assert!(!page.contains("<script"));
    assert!(!page.contains("Acme <b>"));
    assert!(page.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;"));
    assert!(!page.contains("javascript:"), "only web links become links");
    assert!(
        !page.contains("src=") && !page.contains("@import"),
        "no external assets"
    );
    assert!(page.contains("class=\"axis\""));
}

#[test]
fn json_has_the_documented_shape() {
    let json: serde_json::Value = serde_json::from_str(&render(&hostile(), Format::Json)).unwrap();
    let e = &json["events"][0];
    for key in [
        "type",
        "date",
        "subject",
        "actor",
        "money",
        "summary",
        "sources",
        "conflicts",
    ] {
        assert!(e.get(key).is_some(), "{key}");
    }
    for key in ["id", "source", "published", "sentence"] {
        assert!(e["sources"][0].get(key).is_some(), "{key}");
    }
    assert!(json["entity"].is_null());
}

#[test]
fn csv_quotes_and_markdown_escapes() {
    let csv = render(&hostile(), Format::Csv);
    let mut lines = csv.lines();
    assert!(lines
        .next()
        .unwrap()
        .starts_with("date,date_basis,type,subject"));
    assert!(lines.next().unwrap().contains(",Acme <b> responds,"));
    let md = render(&hostile(), Format::Markdown);
    assert!(md.contains("Acme \\<b\\>"));
    assert!(!md.contains("javascript:alert(1))"));
    let table = render(&hostile(), Format::Table);
    assert!(table.contains("2021-12-11") && table.contains("statement"));
}

#[test]
fn table_and_csv_carry_each_sources_sentence_and_markdown_keeps_dates() {
    let t = hostile();
    let e = &t.events[0];
    let table = render(&t, Format::Table);
    let csv = render(&t, Format::Csv);
    let rows: Vec<&str> = csv.lines().skip(1).collect();
    let sources: usize = t.events.iter().map(|e| e.sources.len()).sum();
    assert_eq!(rows.len(), sources, "one CSV row per source");
    assert!(csv.lines().next().unwrap().ends_with("url,sentence"));
    for s in &e.sources {
        let sentence = one_line_of(&s.sentence);
        assert!(table.contains(&sentence), "{table}");
        let url = s.url.as_deref().unwrap_or_default();
        assert!(rows.iter().any(|r| r.contains(url)), "{csv}");
    }
    assert!(rows[0].contains("<script>alert"), "the sentence: {csv}");
    let md = render(&t, Format::Markdown);
    let date = e.date.as_deref().unwrap();
    assert!(md.contains(date), "dates unescaped: {md}");
    assert!(!md.contains("\\-12"), "{md}");
}

fn one_line_of(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}
