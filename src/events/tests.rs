//! Event detection on hand-built documents.

use super::testkit::Fixture;
use crate::model::{Event, Kind, Role};

fn summary(events: &[Event]) -> Vec<(String, String, Option<String>, String)> {
    events
        .iter()
        .map(|e| {
            (
                e.kind.clone(),
                e.subject.clone(),
                e.date.clone(),
                e.date_basis.clone(),
            )
        })
        .collect()
}

fn one(
    kind: &str,
    subject: &str,
    date: Option<&str>,
    basis: &str,
) -> (String, String, Option<String>, String) {
    (
        kind.into(),
        subject.into(),
        date.map(Into::into),
        basis.into(),
    )
}

#[test]
fn explicit_date_money_and_detail() {
    let f = Fixture::new(
        "a",
        "Acme Robotics postponed its $500 million Hong Kong IPO on Monday.",
        Some("2021-12-15"),
    )
    .company("Acme Robotics")
    .money("$500 million", "USD 500000000")
    .date("Monday", "2021-12-13", true);
    let events = f.events();
    assert_eq!(
        summary(&events),
        [one(
            "ipo_halted",
            "Acme Robotics",
            Some("2021-12-13"),
            "explicit"
        )]
    );
    let e = &events[0];
    assert_eq!(e.money, ["USD 500000000"]);
    assert_eq!(e.detail.as_deref(), Some("postponed"));
    assert_eq!(e.reported.as_deref(), Some("2021-12-15"));
    assert_eq!(e.evidence.text, f.doc.text);
    assert_eq!((e.evidence.start, e.evidence.end), (0, f.doc.text.len()));
}

#[test]
fn negations_and_questions_tell_nothing() {
    for text in [
        "Acme did not withdraw its IPO.",
        "Acme never postponed the IPO.",
        "Instead of pricing the IPO, Acme talked to lawyers.",
        "Why did the Treasury ban Acme?",
        "Acme declined to comment on the allegations.",
    ] {
        let f = Fixture::new("n", text, Some("2021-12-13")).company("Acme");
        assert_eq!(summary(&f.events()), [], "{text}");
    }
}

#[test]
fn hedges_become_plans_or_nothing() {
    let cases: &[(&str, &[&str])] = &[
        ("Acme plans an IPO in Hong Kong.", &["ipo_planned"]),
        (
            "Acme will begin trading on the exchange next week.",
            &["ipo_planned"],
        ),
        ("The Treasury may sanction Acme.", &[]),
        ("Acme hoped to raise $2 billion.", &[]),
        ("Acme announced it would postpone its IPO.", &["ipo_halted"]),
        (
            "Acme came up with a plan of withdrawing its IPO.",
            &["ipo_halted"],
        ),
        (
            "U.S. firms would need to get a license to sell to Acme.",
            &[],
        ),
    ];
    for (text, want) in cases {
        let mut f = Fixture::new("h", text, Some("2021-12-13")).company("Acme");
        if text.contains("$2 billion") {
            f = f.money("$2 billion", "USD 2000000000");
        }
        let kinds: Vec<String> = f.events().into_iter().map(|e| e.kind).collect();
        assert_eq!(kinds, *want, "{text}");
    }
}

#[test]
fn topic_cues_are_needed() {
    let f = Fixture::new(
        "t",
        "Acme postponed its annual meeting.",
        Some("2021-12-13"),
    )
    .company("Acme");
    assert!(f.events().is_empty());
    let f = Fixture::new("t", "Acme raised prices.", Some("2021-12-13")).company("Acme");
    assert!(f.events().is_empty());
    let f = Fixture::new(
        "t",
        "Acme raised $620 million in a funding round.",
        Some("2021-12-13"),
    )
    .company("Acme")
    .money("$620 million", "USD 620000000");
    assert_eq!(f.events()[0].kind, "funding_raised");
}

#[test]
fn date_of_a_third_party_report_is_reported_speech() {
    let f = Fixture::new(
        "r",
        "Last year, Daily Planet reported that Acme was blacklisted.",
        Some("2021-12-13"),
    )
    .company("Acme")
    .name("Daily Planet", Kind::Media, "Daily Planet")
    .date("Last year", "2020", true);
    assert_eq!(
        summary(&f.events()),
        [one("sanctioned", "Acme", Some("2020"), "reported_speech")]
    );
}

#[test]
fn date_of_the_subjects_own_telling_is_announced() {
    let f = Fixture::new(
        "s",
        "Acme, one of the largest makers, is putting its IPO on hold, the company said Monday.",
        Some("2021-12-13"),
    )
    .company("Acme")
    .date("Monday", "2021-12-13", true);
    let events = f.events();
    assert_eq!(
        summary(&events),
        [one("ipo_halted", "Acme", Some("2021-12-13"), "announced")],
        "the statement is the telling of the halt, not an event of its own"
    );
    assert_eq!(events[0].detail.as_deref(), Some("on hold"));
}

#[test]
fn every_company_of_a_designation_is_sanctioned() {
    let f = Fixture::new(
        "e",
        "The blacklisted corporations included Initech, in addition to Globex and Acme.",
        Some("2019-10-08"),
    )
    .company("Initech")
    .company("Globex")
    .company("Acme");
    let events = f.events();
    let subjects: Vec<&str> = events.iter().map(|e| e.subject.as_str()).collect();
    assert_eq!(subjects, ["Initech", "Globex", "Acme"]);
    assert_eq!(events[2].also_affected, ["Initech", "Globex"]);
    assert!(events.iter().all(|e| e.kind == "sanctioned"));
}

#[test]
fn actor_and_list_roles() {
    let f = Fixture::new(
        "l",
        "On Friday, the Office of Widgets added Acme to its Widget Entity List.",
        Some("2021-12-13"),
    )
    .company("Acme")
    .agency("Office of Widgets")
    .name("Widget Entity List", Kind::Law, "Widget Entity List")
    .date("Friday", "2021-12-10", true);
    let e = &f.events()[0];
    assert_eq!(e.kind, "sanctioned");
    assert_eq!(e.actor.as_deref(), Some("Office of Widgets"));
    assert_eq!(e.list.as_deref(), Some("Widget Entity List"));
    assert_eq!(e.date.as_deref(), Some("2021-12-10"));
}

#[test]
fn responses_need_a_date_and_no_other_event() {
    let f = Fixture::new(
        "st",
        "In response, Acme said on Saturday that the allegations were unfounded. \
         Acme said in a statement it was disappointed by the decision.",
        Some("2021-12-13"),
    )
    .company("Acme")
    .date("Saturday", "2021-12-11", true);
    assert_eq!(
        summary(&f.events()),
        [one("statement", "Acme", Some("2021-12-11"), "explicit")]
    );
}

#[test]
fn captions_never_feed_events() {
    let f = Fixture::new(
        "c",
        "Acme shares rose.\n\nBEIJING - MAY 01: Acme withdrew its IPO, a photo shows.\n",
        Some("2021-12-13"),
    )
    .company("Acme")
    .region(
        "BEIJING - MAY 01: Acme withdrew its IPO, a photo shows.",
        Role::Caption,
        None,
    );
    assert!(f.events().is_empty());
}

#[test]
fn this_addition_dates_the_event_told_before() {
    let f = Fixture::new(
        "ref",
        "Two years ago, Acme was added to the Entity List. \
         In the October 2019 rule where this addition took place, the department explained why.",
        None,
    )
    .company("Acme")
    .date("October 2019", "2019-10", false);
    let events = f.events();
    assert_eq!(
        summary(&events),
        [one("sanctioned", "Acme", Some("2019-10"), "explicit")]
    );
    assert!(events[0].evidence.text.ends_with("explained why."));
}

#[test]
fn undated_plans_are_background_to_their_outcome() {
    let f = Fixture::new(
        "bg",
        "Acme, which was planning an IPO in Hong Kong, announced it would postpone.",
        Some("2021-12-13"),
    )
    .company("Acme");
    assert_eq!(
        summary(&f.events()),
        [one("ipo_halted", "Acme", Some("2021-12-13"), "publication")]
    );
}

#[test]
fn the_company_refers_to_the_main_company() {
    let f = Fixture::new(
        "an",
        "Acme Robotics makes robots. Acme Robotics sells them. The firm pulled its IPO.",
        Some("2021-12-13"),
    )
    .company("Acme Robotics");
    let events = f.events();
    assert_eq!(
        summary(&events),
        [one(
            "ipo_halted",
            "Acme Robotics",
            Some("2021-12-13"),
            "publication"
        )]
    );
    assert!(events[0].confidence < 0.4);
}

#[test]
fn related_items_carry_their_own_date_and_publisher() {
    let text = "Main story.\n\nAcme postpones IPO after US ban\n\nMore text.";
    let f = Fixture::new("rel", text, Some("2021-12-14"))
        .company("Acme")
        .region(
            "Acme postpones IPO after US ban",
            Role::Related,
            Some("2021-12-13"),
        );
    let events = f.events();
    assert_eq!(
        summary(&events),
        [
            one("ipo_halted", "Acme", Some("2021-12-13"), "publication"),
            one("sanctioned", "Acme", Some("2021-12-13"), "publication"),
        ]
    );
    assert_eq!(events[0].via.as_deref(), Some("Other Outlet"));
    assert_eq!(events[0].reported.as_deref(), Some("2021-12-13"));
}

#[test]
fn no_anchor_leaves_the_date_open() {
    let f = Fixture::new("na", "Acme withdrew its IPO.", None).company("Acme");
    assert_eq!(
        summary(&f.events()),
        [one("ipo_halted", "Acme", None, "none")]
    );
}

#[test]
fn long_texts_stay_linear_and_never_panic() {
    let unit = "Acme postponed its IPO, which the company said was delayed — ünïcode; ";
    let text = unit.repeat(20_000);
    let f = Fixture::new("big", &text, Some("2021-12-13")).company("Acme");
    let started = std::time::Instant::now();
    let _ = f.events();
    assert!(started.elapsed().as_secs() < 5);
}

#[test]
fn acting_on_a_subject_reads_object_and_agent() {
    let f = Fixture::new(
        "acq",
        "Globex agreed to buy Initech for $68.7 billion on Tuesday.",
        Some("2022-01-19"),
    )
    .company("Globex")
    .company("Initech")
    .money("$68.7 billion", "USD 68700000000")
    .date("Tuesday", "2022-01-18", true);
    let e = &f.events()[0];
    assert_eq!(
        (e.kind.as_str(), e.subject.as_str()),
        ("acquisition", "Initech")
    );
    assert_eq!(e.actor.as_deref(), Some("Globex"));
    assert_eq!(e.money, ["USD 68700000000"]);
    // Read back from the passive.
    let f = Fixture::new("p", "Initech was sued by Globex.", Some("2022-01-19"))
        .company("Globex")
        .company("Initech");
    let e = &f.events()[0];
    assert_eq!(
        (e.kind.as_str(), e.subject.as_str()),
        ("lawsuit", "Initech")
    );
    assert_eq!(e.actor.as_deref(), Some("Globex"));
    // An agency acting.
    let f = Fixture::new(
        "o",
        "The watchdog Trade Authority blocked Globex's purchase of Initech.",
        Some("2023-04-26"),
    )
    .company("Globex")
    .company("Initech")
    .agency("Trade Authority");
    let e = &f.events()[0];
    assert_eq!((e.kind.as_str(), e.subject.as_str()), ("other", "Globex"));
    assert_eq!(e.detail.as_deref(), Some("blocked"));
}

#[test]
fn a_cue_that_is_a_trigger_belongs_to_its_event() {
    let f = Fixture::new(
        "lift",
        "The Commerce Department lifted the export ban on Globex.",
        Some("2018-07-13"),
    )
    .company("Globex")
    .agency("Commerce Department");
    let kinds: Vec<String> = f.events().into_iter().map(|e| e.kind).collect();
    assert_eq!(kinds, ["sanction_lifted"]);
}

#[test]
fn one_reading_per_phrase_in_lexicon_order() {
    let f = Fixture::new(
        "ap",
        "Regulators approved the Globex IPO, the largest deal of the year.",
        Some("2021-01-05"),
    )
    .company("Globex");
    let kinds: Vec<String> = f.events().into_iter().map(|e| e.kind).collect();
    assert_eq!(kinds, ["ipo_approved"]);
}

#[test]
fn a_telling_that_names_an_event_is_no_response() {
    let f = Fixture::new(
        "t",
        "Globex said on Tuesday that the ban will not have a significant impact.",
        Some("2019-10-09"),
    )
    .company("Globex")
    .date("Tuesday", "2019-10-08", true);
    assert_eq!(
        summary(&f.events()),
        [one("sanctioned", "Globex", Some("2019-10-08"), "announced")]
    );
}
