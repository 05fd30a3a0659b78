//! "Did you mean" suggestions for misspelt names.

use crate::yaml::{Node, Value};

/// The candidate closest to `word`, if it is close enough to be a typo.
pub fn closest<'a>(word: &str, candidates: &[&'a str]) -> Option<&'a str> {
    candidates
        .iter()
        .map(|candidate| (strsim::damerau_levenshtein(word, candidate), *candidate))
        .filter(|(distance, candidate)| *distance <= 2.max(candidate.len() / 3))
        .min()
        .map(|(_, candidate)| candidate)
}

/// The known fields that unknown keys of a mapping look like misspellings of.
pub fn misspelt_fields(node: &Node, known: &[&'static str]) -> Vec<&'static str> {
    let Value::Map(entries) = &node.value else {
        return Vec::new();
    };
    entries
        .iter()
        .filter(|entry| !known.contains(&entry.key.as_str()))
        .filter_map(|entry| closest(&entry.key, known))
        .filter(|field| node.entry(field).is_none())
        .collect()
}
