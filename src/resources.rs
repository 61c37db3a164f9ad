//! Everything the stages know, loaded once from the `data/` files embedded in
//! the binary (plus any files the user adds) and shared read-only by every
//! worker thread.

use crate::events::EventLexicon;
use crate::extract::dates::DateLexicon;
use crate::extract::money::MoneyLexicon;
use crate::extract::orgs::OrgLexicon;
use crate::text::{Abbreviations, FurnitureRules};
use std::path::Path;

pub struct Resources {
    pub abbreviations: Abbreviations,
    pub furniture: FurnitureRules,
    pub dates: DateLexicon,
    pub money: MoneyLexicon,
    pub orgs: OrgLexicon,
    pub events: EventLexicon,
}

impl Resources {
    /// The built-in knowledge only.
    pub fn builtin() -> Self {
        Resources {
            abbreviations: Abbreviations::builtin(),
            furniture: FurnitureRules::builtin(),
            dates: DateLexicon::builtin(),
            money: MoneyLexicon::builtin(),
            orgs: OrgLexicon::builtin(&[]).expect("built-in gazetteers are valid"),
            events: EventLexicon::builtin(),
        }
    }

    /// The built-in knowledge plus user gazetteers (TSV: name, kind, aliases).
    pub fn with_gazetteers(paths: &[impl AsRef<Path>]) -> anyhow::Result<Self> {
        let mut extra = Vec::new();
        for path in paths {
            let path = path.as_ref();
            let text = std::fs::read_to_string(path)
                .map_err(|e| anyhow::anyhow!("cannot read gazetteer {}: {e}", path.display()))?;
            extra.push((path.display().to_string(), text));
        }
        Ok(Resources {
            orgs: OrgLexicon::builtin(&extra)?,
            ..Resources::builtin()
        })
    }
}
