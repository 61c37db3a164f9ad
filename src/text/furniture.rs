//! Marking page furniture (copyright lines, bylines, share bars) and photo
//! captions as regions, so their mentions are reported but never used as
//! facts. The text itself is left as it is: offsets stay exact.

use super::data_lines;
use crate::model::{Document, Region, Role};

const FURNITURE: &str = include_str!("../../data/furniture.tsv");

#[derive(Clone, Copy, PartialEq, Eq)]
enum Match {
    Line,
    Prefix,
    Contains,
    /// The prefix followed by what reads like names ("By Jane Doe, Reuters"),
    /// so that a sentence opening with "By" is not taken for a byline.
    Byline,
}

/// Line rules from `data/furniture.tsv`.
pub struct FurnitureRules {
    rules: Vec<(Role, Match, String)>,
}

impl FurnitureRules {
    pub fn builtin() -> Self {
        Self::parse(FURNITURE).expect("built-in furniture.tsv is valid")
    }

    pub fn parse(tsv: &str) -> Result<Self, String> {
        let mut rules = Vec::new();
        for line in data_lines(tsv) {
            let mut cols = line.split('\t');
            let (Some(role), Some(how), Some(text)) = (cols.next(), cols.next(), cols.next())
            else {
                return Err(format!("furniture rule needs three columns: {line:?}"));
            };
            let role = match role {
                "furniture" => Role::Furniture,
                "caption" => Role::Caption,
                other => return Err(format!("unknown furniture role {other:?}")),
            };
            let how = match how {
                "line" => Match::Line,
                "prefix" => Match::Prefix,
                "contains" => Match::Contains,
                "byline" => Match::Byline,
                other => return Err(format!("unknown furniture match {other:?}")),
            };
            let text = if how == Match::Line {
                text.to_lowercase()
            } else {
                text.to_string()
            };
            rules.push((role, how, text));
        }
        Ok(FurnitureRules { rules })
    }

    /// The role of one line, if it is furniture or a caption.
    pub fn classify(&self, line: &str) -> Option<Role> {
        let line = line.trim();
        if line.is_empty() {
            return None;
        }
        let lower = (line.len() <= 60).then(|| line.to_lowercase());
        self.rules.iter().find_map(|(role, how, text)| {
            let hit = match how {
                Match::Line => lower.as_deref() == Some(text.as_str()),
                Match::Prefix => line.len() < 160 && line.starts_with(text.as_str()),
                Match::Contains => line.len() < 600 && line.contains(text.as_str()),
                Match::Byline => {
                    line.len() < 100
                        && line
                            .strip_prefix(text.as_str())
                            .is_some_and(reads_like_names)
                }
            };
            hit.then_some(*role)
        })
    }
}

/// A short run of capitalised words that does not end like a sentence:
/// "Grace Lim", "Helen Marsh, Technology reporter", not "Friday, the firm".
fn reads_like_names(rest: &str) -> bool {
    let rest = rest.trim();
    let capitalised = |w: &str| w.starts_with(|c: char| c.is_uppercase());
    let mut words = rest.split_whitespace();
    !rest.ends_with(['.', '!', '?', ':', ';'])
        && rest.split_whitespace().count() <= 12
        && words.next().is_some_and(capitalised)
        && words.next().map_or(true, capitalised)
}

/// Add a region for every furniture or caption line of the body text.
pub fn mark_furniture(doc: &mut Document, rules: &FurnitureRules) {
    let mut found = Vec::new();
    let mut pos = 0;
    for line in doc.text.split_inclusive('\n') {
        let start = pos;
        pos += line.len();
        let body = line.trim_end();
        if doc.region_at(start).is_some() {
            continue;
        }
        if let Some(role) = rules.classify(body) {
            let lead = body.len() - body.trim_start().len();
            found.push(Region::new(start + lead..start + body.len(), role));
        }
    }
    if found.is_empty() {
        return;
    }
    doc.regions.extend(found);
    doc.regions.sort_by_key(|r| r.span.start);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn copyright_caption_and_byline() {
        let rules = FurnitureRules::builtin();
        assert_eq!(
            rules.classify("ⓒ 2024 EXAMPLE.com All rights reserved."),
            Some(Role::Furniture)
        );
        assert_eq!(rules.classify("Join the Discussion"), Some(Role::Furniture));
        assert_eq!(rules.classify("Written by Jane Doe"), Some(Role::Furniture));
        assert_eq!(rules.classify("By Jane Doe"), Some(Role::Furniture));
        assert_eq!(
            rules.classify("By Jane Doe, Technology reporter"),
            Some(Role::Furniture)
        );
        assert_eq!(rules.classify("BY JANE DOE"), Some(Role::Furniture));
        assert_eq!(rules.classify("By Friday, the deal had closed"), None);
        assert_eq!(rules.classify("By Monday Acme Had Sold Out."), None);
        assert_eq!(
            rules.classify("A logo on a building in Beijing. REUTERS/File Photo"),
            Some(Role::Caption)
        );
        assert_eq!(
            rules.classify("BEIJING, CHINA - MAY 01: A logo is seen. Jane Doe/Getty Images"),
            Some(Role::Caption)
        );
        assert_eq!(
            rules.classify("The company said it would list in Hong Kong."),
            None
        );
    }

    #[test]
    fn marks_lines_in_place() {
        let mut doc = Document {
            text: "Story text.\n\nJoin the Discussion\n".into(),
            ..Document::default()
        };
        mark_furniture(&mut doc, &FurnitureRules::builtin());
        let r = &doc.regions[0];
        assert_eq!(&doc.text[r.span.clone()], "Join the Discussion");
        assert_eq!(r.role, Role::Furniture);
    }
}
