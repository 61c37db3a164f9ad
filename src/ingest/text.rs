//! Building a document's text from its parts, and plain-text conventions.

use crate::model::{Region, Role};
use jiff::civil::Date;

/// Appends the parts of an article (title, lead, body, related items) into
/// one text, recording a region for every labelled part.
#[derive(Default)]
pub struct TextBuilder {
    pub text: String,
    pub regions: Vec<Region>,
}

impl TextBuilder {
    /// Append a paragraph-separated part; empty parts are skipped.
    pub fn push(&mut self, part: &str, role: Role) -> Option<&mut Region> {
        let part = part.trim();
        if part.is_empty() {
            return None;
        }
        if !self.text.is_empty() {
            self.text.push_str("\n\n");
        }
        let start = self.text.len();
        self.text.push_str(part);
        if role == Role::Body {
            return None;
        }
        self.regions.push(Region::new(start..self.text.len(), role));
        self.regions.last_mut()
    }

    /// Append a related item (another outlet's headline and excerpt) as one
    /// region dated by its own timestamp.
    pub fn push_related(
        &mut self,
        title: &str,
        excerpt: &str,
        published: Option<Date>,
        publisher: Option<String>,
        url: Option<String>,
    ) {
        let joined = match (title.trim(), excerpt.trim()) {
            ("", e) => e.to_string(),
            (t, "") => t.to_string(),
            (t, e) => format!("{t}\n\n{e}"),
        };
        if let Some(region) = self.push(&joined, Role::Related) {
            region.published = published;
            region.publisher = publisher;
            region.url = url;
        }
    }
}

/// Whether a line reads like a headline: short, one line, no closing
/// sentence punctuation, starts with a capital or digit.
pub fn is_headline(line: &str) -> bool {
    let line = line.trim();
    let words = line.split_whitespace().count();
    (1..=30).contains(&words)
        && line.len() <= 300
        && !line.ends_with(['.', ',', ';', ':'])
        && line
            .chars()
            .next()
            .is_some_and(|c| c.is_uppercase() || c.is_ascii_digit() || c == '"' || c == '“')
}

/// Plain text: the first line is the title when it reads like a headline.
/// The text is kept as it is, so offsets match the file.
pub fn plain(text: &str) -> (Option<String>, TextBuilder) {
    let mut builder = TextBuilder::default();
    let body = text.trim_end();
    let lead = body.len() - body.trim_start().len();
    let body = &body[lead..];
    let first_end = body.find('\n').unwrap_or(body.len());
    let first = body[..first_end].trim_end();
    let followed_by_text = body.len() > first_end;
    let title = (followed_by_text && is_headline(first)).then(|| first.to_string());
    builder.text = body.to_string();
    if title.is_some() {
        builder
            .regions
            .push(Region::new(0..first.len(), Role::Title));
    }
    (title, builder)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headline_rules() {
        assert!(is_headline("Zentrix Withdraws Hong Kong IPO"));
        assert!(!is_headline(
            "The company said it would withdraw the offering."
        ));
        assert!(!is_headline("lower case start of a sentence"));
    }

    #[test]
    fn plain_text_title_is_first_line() {
        let (title, b) =
            plain("Acme Buys Widget Maker\n\nAcme Corp. said on Monday it bought it.\n");
        assert_eq!(title.as_deref(), Some("Acme Buys Widget Maker"));
        assert_eq!(b.regions[0].role, Role::Title);
        assert_eq!(&b.text[b.regions[0].span.clone()], "Acme Buys Widget Maker");
    }

    #[test]
    fn builder_regions_cut_their_text() {
        let mut b = TextBuilder::default();
        b.push("Title here", Role::Title);
        b.push("Body text.", Role::Body);
        b.push_related(
            "Other headline",
            "An excerpt.",
            None,
            Some("X".into()),
            None,
        );
        assert_eq!(b.regions.len(), 2);
        assert_eq!(
            &b.text[b.regions[1].span.clone()],
            "Other headline\n\nAn excerpt."
        );
    }
}
