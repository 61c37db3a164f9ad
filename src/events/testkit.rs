//! Hand-built documents and mentions for testing events and timelines
//! without the extractors.

use crate::extract::Context;
use crate::model::{
    Attrs, DateSource, Document, Entity, Event, Kind, Mention, Published, Region, Role,
};
use crate::resources::Resources;
use std::sync::OnceLock;

pub fn resources() -> &'static Resources {
    static RES: OnceLock<Resources> = OnceLock::new();
    RES.get_or_init(Resources::builtin)
}

/// A document and the mentions an extractor would have found in it.
pub struct Fixture {
    pub doc: Document,
    pub mentions: Vec<Mention>,
}

impl Fixture {
    pub fn new(id: &str, text: &str, published: Option<&str>) -> Self {
        let date = published.map(|p| p.parse().expect("test date"));
        Fixture {
            doc: Document {
                id: id.into(),
                source: format!("{id}.txt"),
                text: text.into(),
                published: Published {
                    date,
                    raw: None,
                    source: if date.is_some() {
                        DateSource::Metadata
                    } else {
                        DateSource::None
                    },
                    basis: None,
                },
                ..Document::default()
            },
            mentions: Vec::new(),
        }
    }

    /// Mark every occurrence of `surface` as a mention.
    pub fn mark(mut self, surface: &str, kind: Kind, attrs: Attrs) -> Self {
        let spans: Vec<_> = self
            .doc
            .text
            .match_indices(surface)
            .map(|(i, s)| i..i + s.len())
            .collect();
        assert!(!spans.is_empty(), "{surface:?} not in the text");
        for span in spans {
            self.mentions.push(Mention {
                kind,
                span,
                attrs: Box::new(attrs.clone()),
            });
        }
        self.mentions.sort_by_key(|m| m.span.start);
        self
    }

    pub fn name(self, surface: &str, kind: Kind, canonical: &str) -> Self {
        self.mark(
            surface,
            kind,
            Attrs {
                entity: Some(canonical.into()),
                ..Attrs::default()
            },
        )
    }

    pub fn company(self, surface: &str) -> Self {
        self.name(surface, Kind::Company, surface)
    }

    pub fn agency(self, surface: &str) -> Self {
        self.name(surface, Kind::Agency, surface)
    }

    /// A date; `relative` when it was resolved against the publication date.
    pub fn date(self, surface: &str, value: &str, relative: bool) -> Self {
        self.mark(
            surface,
            Kind::Date,
            Attrs {
                timex_type: Some("DATE".into()),
                value: Some(value.into()),
                anchor: relative.then(|| "publication".into()),
                ..Attrs::default()
            },
        )
    }

    pub fn money(self, surface: &str, value: &str) -> Self {
        self.mark(
            surface,
            Kind::Money,
            Attrs {
                value: Some(value.into()),
                ..Attrs::default()
            },
        )
    }

    /// Label the stretch `surface` (first occurrence) with a role.
    pub fn region(mut self, surface: &str, role: Role, published: Option<&str>) -> Self {
        let start = self.doc.text.find(surface).expect("region text");
        let mut r = Region::new(start..start + surface.len(), role);
        r.published = published.map(|p| p.parse().expect("test date"));
        r.publisher = published.map(|_| "Other Outlet".into());
        self.doc.regions.push(r);
        self.doc.regions.sort_by_key(|r| r.span.start);
        for m in &mut self.mentions {
            let role = self.doc.role_at(m.span.start);
            m.attrs.role = (!role.is_story()).then_some(role);
        }
        self
    }

    /// One entity per distinct canonical name, as the linker would list them.
    pub fn entities(&self) -> Vec<Entity> {
        let mut out: Vec<Entity> = Vec::new();
        for m in self.mentions.iter().filter(|m| m.kind.is_name()) {
            let name = m.attrs.entity.clone().unwrap_or_default();
            match out.iter_mut().find(|e| e.name == name) {
                Some(e) => e.mentions += 1,
                None => out.push(Entity {
                    name: name.clone(),
                    kind: m.kind,
                    aliases: vec![name],
                    mentions: 1,
                }),
            }
        }
        out
    }

    pub fn events(&self) -> Vec<Event> {
        let res = resources();
        let sentences = crate::text::split_sentences(&self.doc, &res.abbreviations);
        let ctx = Context {
            doc: &self.doc,
            sentences: &sentences,
            res,
        };
        super::detect(&ctx, &self.mentions, &self.entities())
    }
}
