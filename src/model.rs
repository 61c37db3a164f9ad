//! The data that flows between stages: documents in, mentions, entities and
//! events out. Offsets inside the pipeline are byte offsets into
//! `Document::text`; they become code-point offsets only when a record is
//! written (see `output`).

use jiff::civil::Date;
use serde::{Deserialize, Serialize};
use std::ops::Range;

/// What a stretch of the document text is. Facts are drawn from `Title`,
/// `Body` and `Related`; `Caption` and `Furniture` mentions are reported but
/// never date the story or feed an event.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    Title,
    Body,
    /// A dated item attached to the article (another outlet's headline and
    /// excerpt): evidence with its own publication date.
    Related,
    Caption,
    Furniture,
}

impl Role {
    /// The name records give it (as serde writes it).
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Title => "title",
            Role::Body => "body",
            Role::Related => "related",
            Role::Caption => "caption",
            Role::Furniture => "furniture",
        }
    }

    /// Whether facts (events, the publication date) may be drawn from here.
    pub fn is_story(self) -> bool {
        matches!(self, Role::Title | Role::Body | Role::Related)
    }
}

/// A labelled stretch of `Document::text`.
#[derive(Clone, Debug, PartialEq)]
pub struct Region {
    pub span: Range<usize>,
    pub role: Role,
    /// The region's own publication date, for `Related` items.
    pub published: Option<Date>,
    pub publisher: Option<String>,
    pub url: Option<String>,
}

impl Region {
    pub fn new(span: Range<usize>, role: Role) -> Self {
        Region {
            span,
            role,
            published: None,
            publisher: None,
            url: None,
        }
    }
}

/// Where the publication date came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum DateSource {
    Metadata,
    Inferred,
    /// Given on the command line (`--published`).
    Option,
    #[default]
    None,
}

impl DateSource {
    /// The name records give it (as serde writes it).
    pub fn as_str(self) -> &'static str {
        match self {
            DateSource::Metadata => "metadata",
            DateSource::Inferred => "inferred",
            DateSource::Option => "option",
            DateSource::None => "none",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Default)]
pub struct Published {
    pub date: Option<Date>,
    /// The metadata value as written, when it had a time of day.
    pub raw: Option<String>,
    pub source: DateSource,
    /// Why this date: the metadata key, or the inference rule and its evidence.
    pub basis: Option<String>,
}

/// One article, cleaned, with its metadata. `text` is what every extractor
/// reads and what offsets point into.
#[derive(Clone, Debug, Default)]
pub struct Document {
    pub id: String,
    /// The path it came from (with `:LINE` for JSONL inputs).
    pub source: String,
    pub title: Option<String>,
    pub url: Option<String>,
    pub publisher: Option<String>,
    pub published: Published,
    pub text: String,
    /// Labelled stretches of `text`, sorted, non-overlapping. Text outside any
    /// region is body text.
    pub regions: Vec<Region>,
    pub warnings: Vec<String>,
}

impl Document {
    /// The region holding byte `pos`, if any.
    pub fn region_at(&self, pos: usize) -> Option<&Region> {
        let i = self.regions.partition_point(|r| r.span.end <= pos);
        self.regions.get(i).filter(|r| r.span.start <= pos)
    }

    /// The role of the text at byte `pos` (body when unlabelled).
    pub fn role_at(&self, pos: usize) -> Role {
        self.region_at(pos).map_or(Role::Body, |r| r.role)
    }

    /// The publication date that governs the text at byte `pos`: a related
    /// item's own date inside it, else the document's.
    pub fn anchor_at(&self, pos: usize) -> Option<Date> {
        match self.region_at(pos) {
            Some(r) if r.published.is_some() => r.published,
            _ => self.published.date,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    Company,
    Agency,
    Organization,
    Media,
    Person,
    Place,
    Law,
    Date,
    Money,
    Percent,
    Quantity,
    Ticker,
}

impl Kind {
    pub const ALL: [Kind; 12] = [
        Kind::Company,
        Kind::Agency,
        Kind::Organization,
        Kind::Media,
        Kind::Person,
        Kind::Place,
        Kind::Law,
        Kind::Date,
        Kind::Money,
        Kind::Percent,
        Kind::Quantity,
        Kind::Ticker,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Company => "company",
            Kind::Agency => "agency",
            Kind::Organization => "organization",
            Kind::Media => "media",
            Kind::Person => "person",
            Kind::Place => "place",
            Kind::Law => "law",
            Kind::Date => "date",
            Kind::Money => "money",
            Kind::Percent => "percent",
            Kind::Quantity => "quantity",
            Kind::Ticker => "ticker",
        }
    }

    pub fn parse(s: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| k.as_str() == s)
    }

    /// Names of things (as opposed to values such as dates and amounts).
    pub fn is_name(self) -> bool {
        matches!(
            self,
            Kind::Company
                | Kind::Agency
                | Kind::Organization
                | Kind::Media
                | Kind::Person
                | Kind::Place
                | Kind::Law
        )
    }

    /// The kinds scored as ORG against gold annotations.
    pub fn is_org(self) -> bool {
        matches!(
            self,
            Kind::Company | Kind::Agency | Kind::Organization | Kind::Media
        )
    }
}

/// The attributes a mention may carry; which are set depends on its kind.
/// Flat rather than an enum so the JSON schema stays one stable object.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Attrs {
    /// Canonical entity name (names only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub entity: Option<String>,
    /// TIMEX3 type: DATE, TIME, DURATION, SET.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub timex_type: Option<String>,
    /// Normalised value: TIMEX3 value for dates, "USD 767000000" for money,
    /// "30" for percent, the count for quantities.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub value: Option<String>,
    /// TIMEX3 modifier (EARLY, LATE, MID, APPROX, MORE_THAN, ...).
    #[serde(rename = "mod", skip_serializing_if = "Option::is_none")]
    pub modifier: Option<String>,
    /// What a date was resolved against: "publication", "related", "none".
    #[serde(skip_serializing_if = "Option::is_none")]
    pub anchor: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub currency: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub amount: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub low: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub high: Option<f64>,
    /// about, nearly, up to, at least ...
    #[serde(skip_serializing_if = "Option::is_none")]
    pub qualifier: Option<String>,
    /// Per-unit amounts: "share".
    #[serde(skip_serializing_if = "Option::is_none")]
    pub per: Option<String>,
    /// Unit of a quantity: "shares".
    #[serde(skip_serializing_if = "Option::is_none")]
    pub unit: Option<String>,
    /// The value of the same amount in another currency, as written beside it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub equivalent: Option<String>,
    #[serde(skip_serializing_if = "std::ops::Not::not", default)]
    pub ambiguous: bool,
    /// A vague amount ("hundreds of millions of dollars"): `low`/`high` are
    /// the range its words allow, not a range the text writes.
    #[serde(skip_serializing_if = "std::ops::Not::not", default)]
    pub approximate: bool,
    /// Where the currency comes from when not written beside the number:
    /// "context" (the amount of money before it).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub currency_basis: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub candidates: Vec<String>,
    /// Set when the mention sits in a caption or page furniture.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub role: Option<Role>,
}

/// A typed span of `Document::text` (byte offsets).
#[derive(Clone, Debug, PartialEq)]
pub struct Mention {
    pub kind: Kind,
    pub span: Range<usize>,
    /// Boxed: the attributes are ten times the size of the rest, and
    /// mentions move through several vectors on their way from candidates
    /// to the record (a long document holds hundreds of thousands).
    pub attrs: Box<Attrs>,
}

impl Mention {
    pub fn new(kind: Kind, span: Range<usize>) -> Self {
        Mention {
            kind,
            span,
            attrs: Box::default(),
        }
    }

    pub fn text<'a>(&self, doc_text: &'a str) -> &'a str {
        &doc_text[self.span.clone()]
    }
}

/// A thing named in a document, with every surface form that refers to it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Entity {
    pub name: String,
    pub kind: Kind,
    pub aliases: Vec<String>,
    pub mentions: usize,
}

/// Something that happened to an entity, as one document tells it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Event {
    #[serde(rename = "type")]
    pub kind: String,
    /// When it happened, as a TIMEX3 value (precision as the text gives it).
    pub date: Option<String>,
    /// How the date was found, strongest first: "explicit" (a date in the
    /// event's clause), "announced" (when its subject or actor said so),
    /// "reported_speech" (when someone else told it: the event happened then
    /// or before), "publication" (the event happened by then), "none".
    pub date_basis: String,
    /// The document's (or related item's) publication date.
    pub reported: Option<String>,
    /// The publisher of the related item the sentence comes from, when it is
    /// not the document's own text.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub via: Option<String>,
    pub subject: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub actor: Option<String>,
    #[serde(default)]
    pub money: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub list: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub also_affected: Vec<String>,
    /// The trigger word as written ("postponed", "put on hold").
    #[serde(skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
    /// Written rounded to two decimals: the weights behind it are not
    /// finer than that, and `0.32000002` only showed the float.
    #[serde(serialize_with = "two_decimals")]
    pub confidence: f32,
    pub evidence: Evidence,
}

fn two_decimals<S: serde::Serializer>(x: &f32, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_f64((f64::from(*x) * 100.0).round() / 100.0)
}

/// The sentence an event stands on. Offsets are code points into the
/// record's text once written.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Evidence {
    pub start: usize,
    pub end: usize,
    pub text: String,
}
