//! "Did you mean" suggestions for misspelt names.

use crate::yaml::Node;

use std::collections::HashMap;

/// Words longer than this get no suggestion: ids and field names are short,
/// and the edit distance costs the product of the two lengths. A candidate
/// within [`allowed`] edits of such a word has at most 96 characters, so no
/// comparison costs more than 64 × 96 steps, however long the ids.
const MAX_WORD: usize = 64;

/// The candidate closest to `word`, if it is close enough to be a typo.
pub fn closest<'a>(word: &str, candidates: &[&'a str]) -> Option<&'a str> {
    nearest(
        word,
        candidates
            .iter()
            .map(|candidate| (*candidate, candidate.chars().count())),
    )
}

/// ` (did you mean `X`?)` for a close candidate, else nothing: the end of
/// a message about an unknown name.
pub fn did_you_mean(close: Option<&str>) -> String {
    close.map_or_else(String::new, |close| format!(" (did you mean `{close}`?)"))
}

/// [`closest`] among candidates with their lengths in characters.
fn nearest<'a>(word: &str, candidates: impl Iterator<Item = (&'a str, usize)>) -> Option<&'a str> {
    let length = word.chars().count();
    if length > MAX_WORD {
        return None;
    }
    candidates
        // The distance is at least the difference in length.
        .filter(|&(_, chars)| length.abs_diff(chars) <= allowed(chars))
        .map(|(candidate, chars)| {
            (
                strsim::damerau_levenshtein(word, candidate),
                chars,
                candidate,
            )
        })
        .filter(|&(distance, chars, _)| distance <= allowed(chars))
        .min_by_key(|&(distance, _, candidate)| (distance, candidate))
        .map(|(_, _, candidate)| candidate)
}

/// How many edits a misspelling of a candidate of `chars` characters may
/// have (counted in characters: in bytes, a long id of emoji would allow
/// more edits than it has characters).
fn allowed(chars: usize) -> usize {
    2.max(chars / 3)
}

/// Suggestions for many words against one list of candidates: each word is
/// worked out once, and only the first [`Suggestions::MAX_WORDS`] distinct
/// words are, so that a file with thousands of different typos costs a
/// bounded search instead of one per typo and candidate.
pub struct Suggestions<'a> {
    /// With their lengths in characters, counted once.
    candidates: Vec<(&'a str, usize)>,
    found: HashMap<String, Option<&'a str>>,
}

impl<'a> Suggestions<'a> {
    pub const MAX_WORDS: usize = 100;

    pub fn new(candidates: Vec<&'a str>) -> Self {
        Suggestions {
            candidates: candidates
                .into_iter()
                .map(|candidate| (candidate, candidate.chars().count()))
                .collect(),
            found: HashMap::new(),
        }
    }

    /// The closest candidate to `word`, as [`closest`].
    pub fn closest(&mut self, word: &str) -> Option<&'a str> {
        if let Some(found) = self.found.get(word) {
            return *found;
        }
        if self.found.len() >= Self::MAX_WORDS {
            return None;
        }
        let found = nearest(word, self.candidates.iter().copied());
        self.found.insert(word.to_string(), found);
        found
    }
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

/// Names for a help text or message: all of a short list, the first
/// [`LISTED`] of a long one and how many more, so that a finding repeated for
/// each of thousands of items does not list them all each time.
pub fn listing<T: AsRef<str>>(items: &[T]) -> String {
    listing_of(items.iter(), items.len())
}

/// [`listing`] of the first names of `items`, out of `count` in all. A name
/// of more than [`LISTED_CHARS`] characters is cut short: a help repeated
/// for each of many findings must not repeat ids of 10,000 characters.
pub fn listing_of<T: AsRef<str>>(items: impl Iterator<Item = T>, count: usize) -> String {
    let shown: Vec<String> = items
        .take(LISTED)
        .map(|item| shortened(item.as_ref()))
        .collect();
    match count.saturating_sub(shown.len()) {
        0 => shown.join(", "),
        more => format!("{} and {more} more", shown.join(", ")),
    }
}

/// A name as a listing shows it: cut short after [`LISTED_CHARS`] characters.
pub fn shortened(name: &str) -> String {
    cut(name, LISTED_CHARS)
}

/// `text` cut short after `chars` characters, with `…` when it was.
pub fn cut(text: &str, chars: usize) -> String {
    match text.char_indices().nth(chars) {
        Some((end, _)) => format!("{}…", &text[..end]),
        None => text.to_string(),
    }
}

/// How many names [`listing`] shows.
pub const LISTED: usize = 20;

/// How much of each name [`listing`] shows: more than any id or path a
/// writer would choose.
pub const LISTED_CHARS: usize = 256;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_lists_are_cut() {
        assert_eq!(listing(&["a", "b"]), "a, b");
        let many: Vec<String> = (0..25).map(|n| n.to_string()).collect();
        assert!(listing(&many).ends_with("18, 19 and 5 more"));
        let long = "a".repeat(10_000);
        assert_eq!(
            listing(&[long.as_str(), "x"]),
            format!("{}…, x", "a".repeat(256))
        );
    }

    #[test]
    fn many_distinct_typos_stop_getting_suggestions() {
        let mut suggestions = Suggestions::new(vec!["close", "retry"]);
        assert_eq!(suggestions.closest("clsoe"), Some("close"));
        for n in 0..Suggestions::MAX_WORDS {
            suggestions.closest(&format!("x{n}"));
        }
        assert_eq!(suggestions.closest("retyr"), None);
        assert_eq!(
            suggestions.closest("clsoe"),
            Some("close"),
            "worked out before"
        );
        assert_eq!(closest(&"close".repeat(20), &["close"]), None);
    }

    #[test]
    fn edits_are_counted_in_characters() {
        // In bytes, this id would allow 13,333 edits: any short word would
        // be taken for a typo of it, after a 10,000-character comparison.
        let emoji = "😀".repeat(10_000);
        assert_eq!(closest("abc", &[emoji.as_str()]), None);
        let mut suggestions = Suggestions::new(vec![emoji.as_str(), "clsoe"]);
        assert_eq!(suggestions.closest("close"), Some("clsoe"));
        assert_eq!(closest("löschen", &["loschen"]), Some("loschen"));
    }
}
