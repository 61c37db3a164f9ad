//! Events in one document: what happened to which company, when, told by
//! which sentence.
//!
//! One Aho-Corasick pass finds every trigger, topic cue and function word
//! (`data/events/`). Each trigger is read in its clause (the stretch of its
//! sentence between clause openers such as "which", "after", "that"):
//! negations drop it, hedges and plans turn it into the type's planned form
//! or drop it, roles come from the typed mentions around it, and the date is
//! the clause's own date, else the date of its telling ("said on Friday"),
//! else the publication date with less confidence.

pub mod borrow;
mod detect;
mod lexicon;
pub mod period;
#[cfg(test)]
pub(crate) mod testkit;
#[cfg(test)]
mod tests;

pub use detect::detect;
pub use lexicon::{EventLexicon, EventType, Needs, Reading, Roles, Tag, Trigger, WordClass};
pub use period::Period;

/// How an event's date was found, strongest first.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum DateBasis {
    /// A date in the event's own clause.
    Explicit,
    /// The date a party of the event (its subject or actor) said so: "the
    /// company said Monday".
    Announced,
    /// The date someone else told it ("a report by Bloomberg on Monday"):
    /// the event happened then or before.
    ReportedSpeech,
    /// Only the publication date: the event happened then or before.
    Publication,
    None,
}

impl DateBasis {
    pub fn as_str(self) -> &'static str {
        match self {
            DateBasis::Explicit => "explicit",
            DateBasis::Announced => "announced",
            DateBasis::ReportedSpeech => "reported_speech",
            DateBasis::Publication => "publication",
            DateBasis::None => "none",
        }
    }

    pub fn parse(s: &str) -> DateBasis {
        match s {
            "explicit" => DateBasis::Explicit,
            "announced" => DateBasis::Announced,
            "reported_speech" => DateBasis::ReportedSpeech,
            "publication" => DateBasis::Publication,
            _ => DateBasis::None,
        }
    }

    /// Whether the date is when the event happened (rather than a bound).
    pub fn is_point(self) -> bool {
        matches!(self, DateBasis::Explicit | DateBasis::Announced)
    }
}
