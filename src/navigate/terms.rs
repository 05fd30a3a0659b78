//! Where a word of an SOP is defined: a key of its `terms`, else a term of
//! the nearest glossary that has it (the glossaries `undefined-acronym`
//! looks in, [`crate::project::Project::glossary_for`]).

use std::path::Path;

use crate::model::Definition;
use crate::project::Glossary;

use super::View;

/// A definition of a term and where it stands.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Defined<'a> {
    pub definition: &'a Definition,
    /// The glossary that defines it (as shown); `None`: the SOP's `terms`.
    pub glossary: Option<&'a Path>,
}

/// The terms a word may stand for: itself, and its singular (`SOPs` is `SOP`).
pub(crate) fn forms(word: &str) -> impl Iterator<Item = &str> {
    let singular = word.strip_suffix('s').filter(|stem| !stem.is_empty());
    std::iter::once(word).chain(singular)
}

/// The definition of `word`, by its [`forms`].
pub(crate) fn defined<'a>(
    view: &View<'a>,
    glossary: &Glossary<'a>,
    word: &str,
) -> Option<Defined<'a>> {
    forms(word).find_map(|term| lookup(view, glossary, term))
}

fn lookup<'a>(view: &View<'a>, glossary: &Glossary<'a>, term: &str) -> Option<Defined<'a>> {
    if let Some(definition) = view.sop.terms.iter().find(|defined| defined.key == term) {
        return Some(Defined {
            definition,
            glossary: None,
        });
    }
    glossary.layers.iter().find_map(|&(path, terms)| {
        Some(Defined {
            definition: terms.get(term)?,
            glossary: Some(path),
        })
    })
}

/// Every term the SOP may use: its own, then those of its glossaries,
/// nearest first; a term defined twice is listed where it applies.
pub(crate) fn all<'a>(view: &View<'a>, glossary: &Glossary<'a>) -> Vec<Defined<'a>> {
    let mut seen = std::collections::HashSet::new();
    let own = view.sop.terms.iter().map(|definition| Defined {
        definition,
        glossary: None,
    });
    let glossaries = glossary.layers.iter().flat_map(|&(path, terms)| {
        terms.definitions.iter().map(move |definition| Defined {
            definition,
            glossary: Some(path),
        })
    });
    own.chain(glossaries)
        .filter(|defined| seen.insert(defined.definition.key.as_str()))
        .collect()
}
