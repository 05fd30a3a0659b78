//! "Did you mean" suggestions for misspelt names.

use crate::yaml::Node;

/// The candidate closest to `word`, if it is close enough to be a typo.
pub fn closest<'a>(word: &str, candidates: &[&'a str]) -> Option<&'a str> {
    candidates
        .iter()
        .map(|candidate| (strsim::damerau_levenshtein(word, candidate), *candidate))
        .filter(|(distance, candidate)| *distance <= 2.max(candidate.len() / 3))
        .min()
        .map(|(_, candidate)| candidate)
}

/// Whether an unknown key of `node` (a key not in `known`) looks like a
/// misspelling of one of `fields` that `node` lacks. Whether those fields
/// are there is checked once, not once per unknown key: a mapping may have
/// thousands.
pub fn misspells_any(node: &Node, known: &[&'static str], fields: &[&str]) -> bool {
    let missing: Vec<&str> = fields
        .iter()
        .copied()
        .filter(|field| node.entry(field).is_none())
        .collect();
    !missing.is_empty()
        && node
            .as_map()
            .iter()
            .filter(|entry| !known.contains(&entry.key.as_str()))
            .filter_map(|entry| closest(&entry.key, known))
            .any(|field| missing.contains(&field))
}
