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

/// (type, subject, actor) of each event.
fn roles(events: &[Event]) -> Vec<(String, String, Option<String>)> {
    events
        .iter()
        .map(|e| (e.kind.clone(), e.subject.clone(), e.actor.clone()))
        .collect()
}

fn role(kind: &str, subject: &str, actor: Option<&str>) -> (String, String, Option<String>) {
    (kind.into(), subject.into(), actor.map(Into::into))
}

#[test]
fn the_teller_of_it_does_it_and_its_news_is_of_the_day() {
    // An apposition between the teller and "said it": the teller bids.
    let f = Fixture::new(
        "bid",
        "Harbor Partners, controlled by Delta Glass Inc, said it has started a tender offer for all shares of Acme Corp.",
        Some("1987-03-18"),
    )
    .company("Harbor Partners")
    .company("Delta Glass Inc")
    .company("Acme Corp");
    let events = f.events();
    assert_eq!(
        roles(&events),
        [role("takeover_bid", "Acme Corp", Some("Harbor Partners"))]
    );
    assert_eq!(summary(&events)[0].3, "announced");
}

#[test]
fn a_possessor_bids_for_the_story_company_and_a_known_bid_is_no_news() {
    let f = Fixture::new(
        "own",
        "Acme Corp said its board rejected Globex Inc's 27 dlr-per-share tender offer.",
        Some("1987-03-05"),
    )
    .company("Acme Corp")
    .company("Globex Inc");
    let events = f.events();
    let bid = events.iter().find(|e| e.kind == "takeover_bid").unwrap();
    assert_eq!(
        (bid.subject.as_str(), bid.actor.as_deref()),
        ("Acme Corp", Some("Globex Inc"))
    );
    // Referred to, not reported: below the default view's confidence.
    assert!(bid.confidence < crate::timeline::DEFAULT_MIN_CONFIDENCE);
    let answer = events.iter().find(|e| e.kind == "statement").unwrap();
    assert_eq!(answer.subject, "Acme Corp");
}

#[test]
fn what_is_offered_or_aimed_at_is_no_acquisition() {
    for text in [
        "Globex Inc made an offer to acquire Acme Corp for 27 dlrs a share.",
        "Acme Corp said it is in talks on being acquired by Globex Inc.",
        "Globex Inc, which wants to buy Acme Corp for 1.6 billion dlrs, raised its offer.",
    ] {
        let f = Fixture::new("aim", text, Some("1987-03-05"))
            .company("Globex Inc")
            .company("Acme Corp");
        let kinds: Vec<String> = f.events().into_iter().map(|e| e.kind).collect();
        assert!(
            !kinds.contains(&"acquisition".to_string()),
            "{text}: {kinds:?}"
        );
    }
}

#[test]
fn a_stake_bought_is_no_acquisition_and_nobody_acquires_itself() {
    let f = Fixture::new(
        "stake",
        "Globex Inc said it has acquired 882,507 shares of Acme Corp.",
        Some("1987-03-30"),
    )
    .company("Globex Inc")
    .company("Acme Corp");
    assert!(f.events().iter().all(|e| e.kind != "acquisition"));
    let f = Fixture::new("self", "Acme Corp acquired Acme Corp.", Some("1987-03-30"))
        .company("Acme Corp");
    assert!(f.events().iter().all(|e| e.kind != "acquisition"));
}

#[test]
fn the_by_phrase_after_a_noun_names_the_bidder() {
    let f = Fixture::new(
        "by",
        "Acme Corp rose 7-7/8 to 29, above a 25 dlr cash tender offer announced by Globex Inc.",
        Some("1987-03-24"),
    )
    .company("Acme Corp")
    .company("Globex Inc");
    assert_eq!(
        roles(&f.events()),
        [role("takeover_bid", "Acme Corp", Some("Globex Inc"))]
    );
}

#[test]
fn a_statement_is_its_speakers() {
    let f = Fixture::new(
        "speaker",
        "The Treasury on Friday barred Americans from investing in Acme Corp, accusing the firm of fraud.",
        Some("2021-12-11"),
    )
    .agency("The Treasury")
    .company("Acme Corp");
    let events = f.events();
    assert!(
        events
            .iter()
            .all(|e| e.kind != "statement" || e.subject != "Acme Corp"),
        "{:?}",
        roles(&events)
    );
}

#[test]
fn business_types_are_read_from_the_data() {
    for (text, kind) in [
        (
            "Acme Corp said it filed for protection under Chapter 11.",
            "bankruptcy",
        ),
        (
            "Acme Corp said it will close its Ohio plant, idling 350 workers.",
            "layoffs",
        ),
        (
            "Acme Corp and Globex Inc said they signed a definitive merger agreement.",
            "merger",
        ),
        (
            "Globex Inc said it ended its tender offer for Acme Corp.",
            "deal_ended",
        ),
        (
            "Acme Corp said John Smith resigned as chief financial officer.",
            "executive_change",
        ),
        (
            "Acme Corp agreed to settle the lawsuit brought by Globex Inc.",
            "settlement",
        ),
    ] {
        let mut f = Fixture::new("type", text, Some("1987-04-13")).company("Acme Corp");
        if text.contains("Globex Inc") {
            f = f.company("Globex Inc");
        }
        let kinds: Vec<String> = f.events().into_iter().map(|e| e.kind).collect();
        assert!(kinds.iter().any(|k| k == kind), "{text}: {kinds:?}");
    }
}

#[test]
fn dividends_are_no_funding() {
    let f = Fixture::new(
        "div",
        "Acme Corp said its board raised the quarterly dividend to 37.5 cts a share from 35 cts.",
        Some("1987-03-05"),
    )
    .company("Acme Corp")
    .money("37.5 cts", "USD 0.375")
    .money("35 cts", "USD 0.35");
    assert!(f.events().iter().all(|e| e.kind != "funding_raised"));
}

#[test]
fn a_noun_takes_its_object_through_a_preposition() {
    // A name right after the noun opens a clause about it: the buyer, not
    // the company bought; and "Beta's net cash," owns no acquisition.
    let f = Fixture::new(
        "a",
        "The deal values the company at $68.7 billion, counting Beta's net cash, and is the \
         largest acquisition Alpha has ever made.",
        Some("2022-01-18"),
    )
    .company("Beta")
    .company("Alpha")
    .money("$68.7 billion", "USD 68700000000");
    let events = f.events();
    assert!(
        events.iter().all(|e| e.subject != "Alpha"),
        "{:?}",
        summary(&events)
    );
    // Through "of", the name is what the noun acts on.
    let f = Fixture::new(
        "a",
        "Alpha completed the $68.7 billion purchase of Beta on Friday.",
        Some("2023-10-13"),
    )
    .company("Alpha")
    .company("Beta")
    .money("$68.7 billion", "USD 68700000000")
    .date("Friday", "2023-10-13", true);
    let events = f.events();
    assert_eq!(events.len(), 1, "{:?}", summary(&events));
    assert_eq!(events[0].subject, "Beta");
    assert_eq!(events[0].actor.as_deref(), Some("Alpha"));
}

#[test]
fn what_a_speaker_says_does_not_date_a_known_event() {
    let f = Fixture::new(
        "k",
        "A lawyer in the dispute with Alpha over the acquisition of Beta said he expected a \
         challenge to be filed this week.",
        Some("2021-12-13"),
    )
    .company("Alpha")
    .company("Beta")
    .date("this week", "2021-W50", true);
    let events = f.events();
    let known: Vec<&Event> = events.iter().filter(|e| e.kind == "acquisition").collect();
    assert_eq!(known.len(), 1, "{:?}", summary(&events));
    for e in known {
        assert_eq!(e.subject, "Beta");
        assert_ne!(e.date.as_deref(), Some("2021-W50"), "{e:?}");
        assert!(
            e.confidence < 0.3,
            "a known event without its date is out of view"
        );
    }
}

#[test]
fn a_participle_after_a_common_noun_tells_of_that_noun() {
    // The buyer is approved, not Alpha; a company before the participle is
    // still what it acts on.
    let f = Fixture::new(
        "p",
        "Alpha said it would find a buyer approved by the Department of Justice for the plant.",
        Some("1987-03-05"),
    )
    .company("Alpha")
    .agency("Department of Justice");
    assert!(
        f.events().iter().all(|e| e.subject != "Alpha"),
        "{:?}",
        summary(&f.events())
    );
    let f = Fixture::new(
        "p",
        "Beta was acquired by Alpha on Friday.",
        Some("1987-03-09"),
    )
    .company("Alpha")
    .company("Beta")
    .date("Friday", "1987-03-06", true);
    let e = &f.events()[0];
    assert_eq!(
        (e.subject.as_str(), e.actor.as_deref()),
        ("Beta", Some("Alpha"))
    );
}

#[test]
fn the_company_heading_the_clause_pulls_its_ipo() {
    // Not the investor named inside its phrase, nor the teller.
    let f = Fixture::new(
        "h",
        "Alpha, which is backed by Beta, postponed its Hong Kong IPO on Monday.",
        Some("2021-12-15"),
    )
    .company("Alpha")
    .company("Beta")
    .date("Monday", "2021-12-13", true);
    let events = f.events();
    assert_eq!(
        summary(&events),
        [one("ipo_halted", "Alpha", Some("2021-12-13"), "explicit")]
    );
    let f = Fixture::new(
        "h",
        "Gamma said on Monday that Alpha postponed its Hong Kong IPO.",
        Some("2021-12-15"),
    )
    .company("Gamma")
    .company("Alpha")
    .date("Monday", "2021-12-13", true);
    let events = f.events();
    assert!(
        events.iter().all(|e| e.subject == "Alpha"),
        "{:?}",
        summary(&events)
    );
}

#[test]
fn an_offer_from_a_company_is_its_offer() {
    let f = Fixture::new(
        "f",
        "Alpha, whose board has rejected a 25 dlr a share tender offer from Beta Inc, said it \
         is exploring alternatives.",
        Some("1987-04-01"),
    )
    .company("Alpha")
    .company("Beta Inc");
    let bids: Vec<(String, Option<String>)> = f
        .events()
        .iter()
        .filter(|e| e.kind == "takeover_bid")
        .map(|e| (e.subject.clone(), e.actor.clone()))
        .collect();
    assert_eq!(bids, [("Alpha".to_string(), Some("Beta Inc".to_string()))]);
}

#[test]
fn the_regulator_is_the_agency_the_story_names() {
    let f = Fixture::new(
        "r",
        "Britain's competition regulator on Wednesday blocked Alpha's planned purchase of Beta. \
         The Office of Markets said the deal could hurt competition. The Office of Markets \
         will not change its view, the Trade Board said.",
        Some("2023-04-26"),
    )
    .company("Alpha")
    .company("Beta")
    .agency("Office of Markets")
    .agency("Trade Board")
    .date("Wednesday", "2023-04-26", true);
    let events = f.events();
    let blocked = events
        .iter()
        .find(|e| e.detail.as_deref() == Some("blocked"));
    let blocked = blocked.unwrap_or_else(|| panic!("{:?}", summary(&events)));
    assert_eq!(blocked.actor.as_deref(), Some("Office of Markets"));
}

#[test]
fn a_statement_is_dated_beside_its_verb_not_by_what_it_says() {
    // What it says is dated, not the saying: no dated statement.
    let f = Fixture::new(
        "s",
        "Alpha said its board discussed the alternatives at a meeting on March 26.",
        Some("1987-04-01"),
    )
    .company("Alpha")
    .date("March 26", "1987-03-26", true);
    let events = f.events();
    assert!(
        events.iter().all(|e| e.kind != "statement"),
        "{:?}",
        summary(&events)
    );
    // A date fronting the verb dates it.
    let f = Fixture::new(
        "s",
        "Last night Alpha urged shareholders to reject the tender.",
        Some("1987-03-31"),
    )
    .company("Alpha")
    .date("Last night", "1987-03-30", true);
    let statements: Vec<Option<String>> = f
        .events()
        .iter()
        .filter(|e| e.kind == "statement")
        .map(|e| e.date.clone())
        .collect();
    assert_eq!(statements, [Some("1987-03-30".to_string())]);
}
