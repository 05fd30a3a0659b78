//! The glossary page: every term of the handbook with its definitions and
//! the SOPs whose text uses it. Which terms an SOP uses is found in pass 2,
//! while its page is made, as the terms its own `terms` define are known
//! only once every SOP was read.

use std::collections::BTreeMap;

use crate::acronym;
use crate::model::{Sop, TextOwner};
use crate::term_search::Terms;

use super::text::{Anchors, slug};
use super::{Definition, GlossaryEntry, SopLink, github_anchor};

/// The terms, ready to be looked for in the text of an SOP.
pub(super) struct Patterns(Terms);

impl Patterns {
    pub fn new(terms: &[(String, Vec<Definition>)]) -> Patterns {
        let terms: Vec<&str> = terms.iter().map(|(term, _)| term.as_str()).collect();
        Patterns(Terms::new(&terms))
    }

    /// The terms (by index) that the text of `sop` uses.
    pub fn used_by(&self, sop: &Sop) -> Vec<usize> {
        let texts = sop
            .texts()
            .into_iter()
            .filter(|(owner, _)| *owner == TextOwner::Other)
            .map(|(_, text)| acronym::words(&text.value));
        self.0
            .mentioned(texts)
            .into_iter()
            .enumerate()
            .filter_map(|(index, used)| used.then_some(index))
            .collect()
    }
}

/// The glossary's entries, sorted by term ignoring case. `users` are, in
/// the handbook's order, each SOP's link and the terms it uses; past
/// `most` SOPs a term lists no more of them, and counts the others.
pub(super) fn entries(
    terms: &[(String, Vec<Definition>)],
    users: impl Iterator<Item = (SopLink, Vec<usize>)>,
    most: Option<usize>,
) -> Vec<GlossaryEntry<'_>> {
    let mut used_by: Vec<Vec<SopLink>> = vec![Vec::new(); terms.len()];
    let mut more: BTreeMap<usize, usize> = BTreeMap::new();
    for (link, used) in users {
        for term in used {
            if most.is_some_and(|most| used_by[term].len() >= most) {
                *more.entry(term).or_default() += 1;
            } else {
                used_by[term].push(link.clone());
            }
        }
    }
    let mut anchors = Anchors::default();
    let mut entries: Vec<GlossaryEntry> = terms
        .iter()
        .zip(used_by)
        .enumerate()
        .map(|(index, ((term, definitions), used_by))| GlossaryEntry {
            anchor: anchors.unique(format!("term-{}", slug(term))),
            md_anchor: github_anchor(term),
            term: term.clone(),
            definitions,
            used_by,
            used_by_more: more.get(&index).copied().unwrap_or_default(),
        })
        .collect();
    entries.sort_by(|a, b| {
        a.term
            .to_lowercase()
            .cmp(&b.term.to_lowercase())
            .then(a.term.cmp(&b.term))
    });
    entries
}
