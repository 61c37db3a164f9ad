//! Money, percentages and share counts. (Filled in by the money issue.)

use super::Context;
use crate::model::Mention;

pub struct MoneyLexicon {}

impl MoneyLexicon {
    pub fn builtin() -> Self {
        MoneyLexicon {}
    }
}

pub fn extract(_ctx: &Context) -> Vec<Mention> {
    Vec::new()
}
