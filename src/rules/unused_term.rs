use std::collections::HashMap;

use crate::acronym::{self, mentions, words};
use crate::diagnostic::Diagnostic;
use crate::model::TextOwner;
use crate::rules::Context;
use crate::rules::Rule;

declare_rule! {
    /// Finds a `terms` entry that no text of the SOP uses (the term's own
    /// definition does not count).
    ///
    /// An acronym term (`FCR`) is matched as a word, case-sensitively, also in
    /// the plural (`FCRs`) and inside hyphenated words (`FCR-based`); any other
    /// term (`Warm transfer`) is matched as whole words, ignoring case.
    ///
    /// ## Why it matters
    /// Terms left behind after an edit make the glossary of the handbook longer
    /// and suggest the SOP covers something it no longer does. A term shared by
    /// many SOPs belongs in a `glossary.yaml`.
    ///
    /// ## Example
    /// ```yaml
    /// terms:
    ///   IVR: Interactive voice response   # no step mentions IVR
    /// ```
    pub struct UnusedTerm;
}

pub fn check(context: &Context, diagnostics: &mut Vec<Diagnostic>) {
    if context.sop.terms.is_empty() {
        return;
    }
    let texts: Vec<(TextOwner, Vec<&str>)> = context
        .sop
        .texts()
        .into_iter()
        .map(|(owner, text)| (owner, words(&text.value)))
        .collect();
    // Where each word stands (text, word), by its lowercase form; a word
    // ending in `s` also under its stem's, for plurals. Any word that
    // `mentions` matches to a pattern word has that word's lowercase form, so
    // only the places of one pattern word need a closer look.
    let mut places: HashMap<String, Vec<(usize, usize)>> = HashMap::new();
    for (text, (_, words)) in texts.iter().enumerate() {
        for (at, word) in words.iter().enumerate() {
            places
                .entry(word.to_lowercase())
                .or_default()
                .push((text, at));
            if let Some(stem) = word.strip_suffix('s') {
                places
                    .entry(stem.to_lowercase())
                    .or_default()
                    .push((text, at));
            }
        }
    }
    let no_places = Vec::new();
    for (index, term) in context.sop.terms.iter().enumerate() {
        let pattern = words(&term.key);
        if pattern.is_empty() {
            continue;
        }
        let case_sensitive = acronym::is_acronym_shape(&term.key);
        // The pattern word with the fewest places, and its position in the pattern.
        let (offset, candidates) = pattern
            .iter()
            .enumerate()
            .map(|(offset, word)| {
                let found = places.get(&word.to_lowercase()).unwrap_or(&no_places);
                (offset, found)
            })
            .min_by_key(|(_, found)| found.len())
            .unwrap_or((0, &no_places));
        let used = candidates.iter().any(|&(text, at)| {
            let (owner, words) = &texts[text];
            let Some(start) = at.checked_sub(offset) else {
                return false;
            };
            *owner != TextOwner::TermDefinition(index)
                && words
                    .get(start..start + pattern.len())
                    .is_some_and(|window| mentions(window, &pattern, case_sensitive))
        });
        if !used {
            diagnostics.push(
                context
                    .diagnostic(Rule::UnusedTerm, term.key_span, format!("the term `{}` is not used in this SOP", term.key))
                    .with_help("remove it from `terms`, or move it to a glossary.yaml if other SOPs use it"),
            );
        }
    }
}
